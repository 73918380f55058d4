//! The history on this computer as the command line uses it, against the fake server:
//! loads reuse it, only gaps are fetched, the recent tail is fetched again, a crash
//! loses nothing that arrived, and a store that cannot be used changes nothing but a
//! warning.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use wolkvox_ivr::fake::{
    FakeConfig, FakeServer, Fault, FaultRule, GeneratorConfig, When, calls_between,
};
use wolkvox_ivr::report::{Field, Report, Stamp};
use wolkvox_ivr::wolkvox::{TimeRange, plan};

const TOKEN: &str = "history-test-token-5e1f";
const SEED: u64 = 17;
const PER_DAY: f64 = 400.0;

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Stamp {
    Stamp::from_parts(y, mo, d, h, mi, s).unwrap()
}

fn day_range(from: (i32, u32, u32), to: (i32, u32, u32)) -> TimeRange {
    TimeRange::new(
        at(from.0, from.1, from.2, 0, 0, 0),
        at(to.0, to.1, to.2, 23, 59, 59),
    )
    .unwrap()
}

fn server() -> FakeServer {
    FakeServer::start(FakeConfig {
        token: TOKEN.into(),
        generator: GeneratorConfig {
            seed: SEED,
            calls_per_day: PER_DAY,
        },
        // The killed fetch of the crash test may leave its request hanging.
        max_in_flight: 2,
        ..FakeConfig::default()
    })
    .unwrap()
}

/// A computer: its config, log and data folders.
struct Computer {
    dir: tempfile::TempDir,
}

impl Computer {
    fn new() -> Computer {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        std::fs::write(
            dir.path().join("config/settings.json"),
            br#"{"busy_pause_ms":5,"retry_pause_ms":5,"request_timeout_secs":20}"#,
        )
        .unwrap();
        Computer { dir }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn store_file(&self) -> PathBuf {
        self.data().join("history.sqlite3")
    }

    fn command(&self, args: &[&str], s: &FakeServer) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_wolkvox-ivr"));
        cmd.args(args)
            .env("WOLKVOX_IVR_CONFIG_DIR", self.dir.path().join("config"))
            .env("WOLKVOX_IVR_LOG_DIR", self.dir.path().join("logs"))
            .env("WOLKVOX_IVR_DATA_DIR", self.data())
            .env("WOLKVOX_IVR_LOOPBACK", s.base_url())
            .env("RUST_LOG", "debug")
            .env("LANG", "C")
            .env("LC_ALL", "C")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    fn run(&self, args: &[&str], s: &FakeServer) -> Output {
        let mut child = self.command(args, s).spawn().unwrap();
        let mut input = child.stdin.take().unwrap();
        input.write_all(TOKEN.as_bytes()).unwrap();
        drop(input);
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{err}");
        assert!(!err.contains(TOKEN), "the token reached stderr");
        o
    }

    /// `fetch` of `range` into `name`; returns the output, the requests it made and
    /// the calls it wrote.
    fn fetch(
        &self,
        s: &FakeServer,
        range: TimeRange,
        name: &str,
        extra: &[&str],
    ) -> (Output, u64, Report) {
        let out = self.dir.path().join(name);
        let mut args = fetch_args(range, &out);
        args.extend(extra.iter().map(|a| a.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let before = s.stats().requests;
        let o = self.run(&args, s);
        let requests = s.stats().requests - before;
        let mut r = Report::new();
        if let Ok(bytes) = std::fs::read(&out) {
            r.ingest(&bytes).unwrap();
        }
        (o, requests, r)
    }

    fn info(&self, s: &FakeServer) -> Value {
        let o = self.run(&["store", "info", "--json"], s);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    }

    fn logs(&self) -> String {
        std::fs::read_dir(self.dir.path().join("logs"))
            .map(|d| {
                d.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// `fetch --server 0002 --token-stdin` of `range` into `out`, in English.
fn fetch_args(range: TimeRange, out: &Path) -> Vec<String> {
    let (from, to) = (text(range.from()), text(range.to()));
    [
        "fetch",
        "--server",
        "0002",
        "--token-stdin",
        "--from",
        &from,
        "--to",
        &to,
        "--out",
    ]
    .iter()
    .map(|a| a.to_string())
    .chain([out.display().to_string(), "--lang".into(), "en".into()])
    .collect()
}

fn text(s: Stamp) -> String {
    wolkvox_ivr::wolkvox::plan::readable(s).replace(' ', "T")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The calls as sorted lines of every received value.
fn calls(r: &Report) -> Vec<String> {
    let mut v = r.describe_calls();
    v.sort();
    v
}

fn keys(r: &Report) -> BTreeSet<String> {
    r.calls()
        .iter()
        .map(|c| {
            format!(
                "{}|{}|{}",
                r.raw(c, Field::ConnId).unwrap_or(""),
                r.raw(c, Field::RpId).unwrap_or(""),
                r.raw(c, Field::EndDateRp).unwrap_or("")
            )
        })
        .collect()
}

fn expected(range: TimeRange) -> BTreeSet<String> {
    let cfg = GeneratorConfig {
        seed: SEED,
        calls_per_day: PER_DAY,
    };
    calls_between(&cfg, range.from_secs(), range.to_secs())
        .iter()
        .map(|c| {
            format!(
                "{}|{}|{}",
                c.get(Field::ConnId),
                c.get(Field::RpId),
                c.get(Field::EndDateRp)
            )
        })
        .collect()
}

#[test]
fn a_range_loaded_twice_makes_requests_only_the_first_time() {
    let s = server();
    let pc = Computer::new();
    let sept_oct = day_range((2026, 9, 1), (2026, 10, 31));
    let (o, n1, first) = pc.fetch(&s, sept_oct, "a.json", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(n1, 2, "one request per month");
    assert!(
        stderr(&o).contains("2 request(s) to Wolkvox; 0 of 61 days"),
        "{}",
        stderr(&o)
    );
    assert_eq!(keys(&first), expected(sept_oct));

    let (o, n2, second) = pc.fetch(&s, sept_oct, "b.json", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(n2, 0, "everything came from the history");
    assert!(
        stderr(&o).contains("All 61 days are on this computer"),
        "{}",
        stderr(&o)
    );
    assert_eq!(calls(&second), calls(&first), "the same calls, every value");
    // The history holds calls, never the token.
    for entry in std::fs::read_dir(pc.data()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
            "the token is in the history"
        );
    }

    // summary and export read it too, with no request.
    let before = s.stats().requests;
    let o = pc.run(
        &[
            "summary",
            "--server",
            "0002",
            "--token-stdin",
            "--from",
            "2026-09-01",
            "--to",
            "2026-10-31",
            "--json",
        ],
        &s,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["calls"], first.len() as u64);
    let csv = pc.dir.path().join("x.csv");
    let o = pc.run(
        &[
            "export",
            "--server",
            "0002",
            "--token-stdin",
            "--from",
            "2026-09-01",
            "--to",
            "2026-10-31",
            "--out",
            csv.to_str().unwrap(),
            "--format",
            "csv-plain",
        ],
        &s,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap().lines().count(),
        first.len() + 1
    );
    assert_eq!(s.stats().requests, before);
}

#[test]
fn a_range_that_overlaps_a_stored_one_fetches_only_the_gap() {
    let s = server();
    let pc = Computer::new();
    let (o, _, _) = pc.fetch(&s, day_range((2026, 10, 1), (2026, 10, 15)), "a.json", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let wanted = day_range((2026, 10, 10), (2026, 10, 20));
    let (o, n, got) = pc.fetch(&s, wanted, "b.json", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(n, 1);
    assert!(
        stderr(&o).contains("1 request(s) to Wolkvox; 6 of 11 days"),
        "{}",
        stderr(&o)
    );
    // The one request asked for the gap alone.
    assert!(
        pc.logs()
            .contains("2026-10-16 00:00:00 – 2026-10-20 23:59:59"),
        "the gap was asked for"
    );
    assert_eq!(keys(&got), expected(wanted));
    let info = pc.info(&s);
    assert_eq!(
        info["servers"][0]["covered"],
        serde_json::json!([{"from": "2026-10-01 00:00:00", "to": "2026-10-20 23:59:59"}])
    );
    assert_eq!(
        info["servers"][0]["calls"],
        expected(day_range((2026, 10, 1), (2026, 10, 20))).len()
    );
}

#[test]
fn the_tail_within_the_refresh_overlap_is_fetched_again() {
    let s = server();
    let pc = Computer::new();
    // Ten minutes ago back to three hours ago, on this computer's clock like the command.
    let now = Stamp::from_civil(
        jiff::Zoned::now()
            .datetime()
            .with()
            .subsec_nanosecond(0)
            .build()
            .unwrap(),
    );
    let now_s = now.seconds().unwrap();
    let recent = TimeRange::from_seconds(now_s - 3 * 3600, now_s - 600).unwrap();
    let (o, n1, first) = pc.fetch(&s, recent, "a.json", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(n1 >= 1);
    assert_eq!(keys(&first), expected(recent));
    // Covered up to the time of asking minus the 60-minute overlap, not to the end.
    let info = pc.info(&s);
    let covered = &info["servers"][0]["covered"];
    assert_eq!(covered.as_array().map(Vec::len), Some(1), "{info}");
    let to = wolkvox_ivr::report::values::parse_stamp(covered[0]["to"].as_str().unwrap())
        .value()
        .unwrap();
    assert!((to - (now_s - 3600)).abs() < 120, "{info}");
    // Loading it again fetches that last hour again and gives the same calls.
    let (o, n2, second) = pc.fetch(&s, recent, "b.json", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(n2 >= 1, "the tail was fetched again");
    assert!(!stderr(&o).contains("All "), "{}", stderr(&o));
    assert_eq!(keys(&second), expected(recent));
}

#[test]
fn no_store_bypasses_the_history_and_refetch_fetches_everything_again() {
    let s = server();
    let pc = Computer::new();
    let oct = day_range((2026, 10, 1), (2026, 10, 31));
    // --no-store on a fresh computer: fetched, and no history appears.
    let (o, n, got) = pc.fetch(&s, oct, "a.json", &["--no-store"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(n, 1);
    assert!(!pc.store_file().exists(), "--no-store wrote a history");
    assert_eq!(keys(&got), expected(oct));
    // Stored once; --no-store then still asks Wolkvox and changes nothing stored.
    pc.fetch(&s, oct, "b.json", &[]);
    let info = pc.info(&s);
    let (o, n, _) = pc.fetch(&s, oct, "c.json", &["--no-store"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(n, 1, "--no-store did not read the history");
    assert_eq!(pc.info(&s)["servers"], info["servers"]);
    // --refetch fetches the whole range again and the answers replace what was stored.
    let (o, n, again) = pc.fetch(&s, oct, "d.json", &["--refetch"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(n as usize, plan(oct).len());
    assert_eq!(keys(&again), expected(oct));
    assert_eq!(
        pc.info(&s)["servers"],
        info["servers"],
        "replaced, not added twice"
    );
}

#[test]
fn store_info_and_forget() {
    let s = server();
    let pc = Computer::new();
    // Nothing yet: an empty history, and no file made by looking.
    let info = pc.info(&s);
    assert_eq!(info["servers"], serde_json::json!([]));
    assert_eq!(info["size_bytes"], 0);
    assert!(!pc.store_file().exists());
    pc.fetch(&s, day_range((2026, 9, 1), (2026, 10, 31)), "a.json", &[]);
    let info = pc.info(&s);
    assert_eq!(info["path"], pc.store_file().to_str().unwrap());
    assert!(info["size_bytes"].as_u64().unwrap() > 0);
    let sept = expected(day_range((2026, 9, 1), (2026, 9, 30))).len() as u64;
    let oct = expected(day_range((2026, 10, 1), (2026, 10, 31))).len() as u64;
    assert_eq!(
        info["servers"],
        serde_json::json!([{"server": "0002", "calls": sept + oct,
            "covered": [{"from": "2026-09-01 00:00:00", "to": "2026-10-31 23:59:59"}]}])
    );
    let o = pc.run(&["store", "info", "--lang", "es"], &s);
    let words = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(words.contains("Servidor 0002:"), "{words}");
    assert!(
        words.contains("cubierto: 2026-09-01 00:00:00 a 2026-10-31 23:59:59"),
        "{words}"
    );

    let o = pc.run(
        &[
            "store",
            "forget",
            "--server",
            "0002",
            "--before",
            "2026-10-01",
            "--lang",
            "en",
        ],
        &s,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains(&format!(
        "{} stored calls of server 0002",
        wolkvox_ivr::i18n::int(wolkvox_ivr::i18n::Lang::En, sept)
    )));
    let info = pc.info(&s);
    assert_eq!(info["servers"][0]["calls"], oct);
    assert_eq!(
        info["servers"][0]["covered"][0]["from"],
        "2026-10-01 00:00:00"
    );
    let o = pc.run(&["store", "forget", "--server", "0002", "--lang", "es"], &s);
    assert!(String::from_utf8_lossy(&o.stdout).contains(&format!(
        "Se borraron {} llamadas",
        wolkvox_ivr::i18n::int(wolkvox_ivr::i18n::Lang::Es, oct)
    )));
    assert_eq!(pc.info(&s)["servers"], serde_json::json!([]));
    let o = pc.run(&["store", "forget", "--server", "12"], &s);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn demo_data_is_never_stored() {
    let s = server();
    let pc = Computer::new();
    let out = pc.dir.path().join("demo.json");
    let o = pc.run(
        &[
            "fetch",
            "--demo",
            "--from",
            "-2d",
            "--to",
            "-1d",
            "--out",
            out.to_str().unwrap(),
        ],
        &s,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!pc.store_file().exists());
}

#[test]
fn a_fetch_killed_after_the_first_month_keeps_that_month() {
    let s = server();
    let pc = Computer::new();
    let three = day_range((2026, 7, 1), (2026, 9, 30));
    let months = plan(three);
    // The second month's answer takes long enough for the kill to land first.
    s.inject(FaultRule::new(
        When::DateIni(months[1].api_bounds().0),
        Fault::Latency(Duration::from_secs(30)),
    ));
    let out = pc.dir.path().join("killed.json");
    let args = fetch_args(three, &out);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut child = pc.command(&args, &s).spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(TOKEN.as_bytes()).unwrap();
    drop(input);
    // The progress line for request 1 comes after its answer was written to the store.
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(Instant::now() < deadline, "the first answer never arrived");
        match lines.next() {
            Some(Ok(line)) if line.contains("request 1 of 3") => break,
            Some(Ok(_)) => {}
            _ => panic!("the fetch ended before its first answer"),
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(!out.exists(), "the killed fetch wrote no file");

    let info = pc.info(&s);
    let july = expected(months[0]);
    assert_eq!(
        info["servers"],
        serde_json::json!([{"server": "0002", "calls": july.len(),
            "covered": [{"from": "2026-07-01 00:00:00", "to": "2026-07-31 23:59:59"}]}]),
    );
    // A new load fetches only the other two months.
    s.clear_faults();
    let (o, n, got) = pc.fetch(&s, three, "again.json", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(n, 2);
    assert_eq!(keys(&got), expected(three));
}

// ---- a store that cannot be used ----

/// Fills the history with one stored month, so each case starts from a real store.
fn stored_month(pc: &Computer, s: &FakeServer) {
    let (o, _, _) = pc.fetch(s, day_range((2026, 8, 1), (2026, 8, 31)), "seed.json", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(pc.store_file().exists());
}

/// Fetches a month with the store in a bad state: the fetch completes with exit 0, the
/// warning says `words`, and the file is byte-identical afterwards.
fn fetch_despite(pc: &Computer, s: &FakeServer, words: &str) {
    let file = pc.store_file();
    let before = std::fs::read(&file).unwrap();
    let sept = day_range((2026, 9, 1), (2026, 9, 30));
    let (o, n, got) = pc.fetch(s, sept, "despite.json", &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains(words), "{err}");
    assert!(
        err.contains("Going on without the history of calls"),
        "{err}"
    );
    assert_eq!(n, 1);
    assert_eq!(keys(&got), expected(sept), "the fetch completed");
    assert!(
        std::fs::read(&file).unwrap() == before,
        "the store file was changed"
    );
    // store info says the same problem, as a file error.
    let o = pc.run(&["store", "info", "--lang", "es"], s);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(std::fs::read(&file).unwrap() == before);
}

#[test]
fn a_garbage_file_is_left_alone() {
    let s = server();
    let pc = Computer::new();
    std::fs::create_dir_all(pc.data()).unwrap();
    let garbage: Vec<u8> = (0..40_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(pc.store_file(), &garbage).unwrap();
    fetch_despite(&pc, &s, "is damaged or is not a history file");
}

#[test]
fn a_truncated_file_is_left_alone() {
    let s = server();
    let pc = Computer::new();
    stored_month(&pc, &s);
    let file = pc.store_file();
    let len = std::fs::metadata(&file).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&file)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    fetch_despite(&pc, &s, "is cut short");
}

#[test]
fn a_store_of_a_newer_version_is_left_alone() {
    let s = server();
    let pc = Computer::new();
    stored_month(&pc, &s);
    {
        let c = rusqlite::Connection::open(pc.store_file()).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    fetch_despite(
        &pc,
        &s,
        "written by a newer version of this program (format 99",
    );
}

#[test]
fn a_store_locked_by_another_process_is_waited_for_then_left_alone() {
    let s = server();
    let pc = Computer::new();
    stored_month(&pc, &s);
    // Another program holds the write lock for the whole fetch.
    let other = rusqlite::Connection::open(pc.store_file()).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO servers (number) VALUES ('9999');")
        .unwrap();
    let file = pc.store_file();
    let before = std::fs::read(&file).unwrap();
    let sept = day_range((2026, 9, 1), (2026, 9, 30));
    let (o, n, got) = pc.fetch(&s, sept, "despite.json", &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("is in use by another program"), "{err}");
    assert_eq!(n, 1);
    assert_eq!(keys(&got), expected(sept));
    assert!(
        std::fs::read(&file).unwrap() == before,
        "the store file was changed"
    );
    other.execute_batch("ROLLBACK").unwrap();
    // Once let go, it is used again: August is still there.
    let (_, n, _) = pc.fetch(&s, day_range((2026, 8, 1), (2026, 8, 31)), "aug.json", &[]);
    assert_eq!(n, 0);
}

/// Makes a folder read-only for this process, even for root (through the immutable
/// attribute), until dropped.
struct ReadOnly(PathBuf);

impl ReadOnly {
    fn new(dir: &Path) -> ReadOnly {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout == b"0\n")
            .unwrap_or(false);
        if root {
            let ok = Command::new("chattr")
                .arg("+i")
                .arg(dir)
                .status()
                .map(|s| s.success());
            assert_eq!(
                ok.ok(),
                Some(true),
                "chattr +i is needed to make a folder read-only for root"
            );
        } else {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o500)).unwrap();
        }
        ReadOnly(dir.to_path_buf())
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o700));
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_left_alone() {
    let s = server();
    let pc = Computer::new();
    stored_month(&pc, &s);
    let _guard = ReadOnly::new(&pc.data());
    fetch_despite(
        &pc,
        &s,
        "cannot be written: the file or its folder is read-only",
    );
}

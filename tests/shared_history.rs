//! A team's shared history on PostgreSQL (`WOLKVOX_IVR_TEST_PG_URL`; skipped with a line
//! saying so when it is not set): four computers loading the same months fetch each
//! piece once between them, and a database that fails (wrong password, a certificate
//! verify-full refuses, the connection killed in the middle of a write) ends in its
//! message with nothing lost and no panic.

#[path = "support/pg.rs"]
mod pg;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use wolkvox_ivr::fake::{FakeConfig, FakeServer, GeneratorConfig, calls_between};
use wolkvox_ivr::report::{Field, Report, Stamp};
use wolkvox_ivr::store::StoreError;
use wolkvox_ivr::wolkvox::{ServerName, TimeRange, plan};

const TOKEN: &str = "shared-history-token-7c2e";
const GENERATOR: GeneratorConfig = GeneratorConfig {
    seed: 23,
    calls_per_day: 300.0,
};

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Stamp {
    Stamp::from_parts(y, mo, d, h, mi, s).unwrap()
}

fn three_months() -> TimeRange {
    TimeRange::new(at(2026, 6, 1, 0, 0, 0), at(2026, 8, 31, 23, 59, 59)).unwrap()
}

/// The tests of this file one at a time: the killed-connection test must meet only its
/// own `COPY`.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    TURN.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn fake() -> FakeServer {
    FakeServer::start(FakeConfig {
        token: TOKEN.into(),
        generator: GENERATOR,
        // One request at a time: a second computer asking at once would be refused.
        max_in_flight: 1,
        ..FakeConfig::default()
    })
    .unwrap()
}

/// `fetch` of `range` as a computer of its own (config, data and log folders in `home`),
/// on the shared store `url` with `password`, started and left running.
fn start_fetch(
    home: &Path,
    fake: &FakeServer,
    url: &str,
    password: &str,
    range: TimeRange,
) -> std::process::Child {
    std::fs::create_dir_all(home.join("config")).unwrap();
    std::fs::write(
        home.join("config/settings.json"),
        br#"{"busy_pause_ms":5,"retry_pause_ms":5,"request_timeout_secs":20}"#,
    )
    .unwrap();
    let text = |s: Stamp| wolkvox_ivr::wolkvox::plan::readable(s).replace(' ', "T");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wolkvox-ivr"))
        .args(["fetch", "--server", "0002", "--token-stdin", "--lang", "en"])
        .args(["--from", &text(range.from()), "--to", &text(range.to())])
        .arg("--out")
        .arg(home.join("out.json"))
        .args(["--store", url])
        .env("WOLKVOX_IVR_CONFIG_DIR", home.join("config"))
        .env("WOLKVOX_IVR_DATA_DIR", home.join("data"))
        .env("WOLKVOX_IVR_LOG_DIR", home.join("logs"))
        .env("WOLKVOX_IVR_LOOPBACK", fake.base_url())
        .env("PGPASSWORD", password)
        .env("PGPASSFILE", home.join("no-pgpass"))
        .env_remove("WOLKVOX_IVR_STORE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(TOKEN.as_bytes()).unwrap();
    child
}

fn finish(child: std::process::Child, home: &Path) -> (Output, Report) {
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains(TOKEN), "the token reached stderr");
    let mut r = Report::new();
    if let Ok(bytes) = std::fs::read(home.join("out.json")) {
        r.ingest(&bytes).unwrap();
    }
    (o, r)
}

fn keys(r: &Report) -> BTreeSet<String> {
    r.calls()
        .iter()
        .map(|c| {
            format!(
                "{}|{}",
                r.raw(c, Field::ConnId).unwrap_or(""),
                r.raw(c, Field::RpId).unwrap_or("")
            )
        })
        .collect()
}

fn expected(range: TimeRange) -> BTreeSet<String> {
    calls_between(&GENERATOR, range.from_secs(), range.to_secs())
        .iter()
        .map(|c| format!("{}|{}", c.get(Field::ConnId), c.get(Field::RpId)))
        .collect()
}

#[test]
fn four_computers_loading_the_same_months_fetch_each_piece_once() {
    let Some(server) = pg::server() else { return };
    let _turn = one_at_a_time();
    let dirs: Vec<tempfile::TempDir> = (0..4).map(|_| tempfile::tempdir().unwrap()).collect();
    let url = pg::target(&server, dirs[0].path()).url();
    let fake = fake();
    let range = three_months();
    let children: Vec<_> = dirs
        .iter()
        .map(|d| start_fetch(d.path(), &fake, &url, &server.password, range))
        .collect();
    let mut shown = Vec::new();
    let mut waited = 0;
    for (child, dir) in children.into_iter().zip(&dirs) {
        let (o, report) = finish(child, dir.path());
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert!(!err.contains("Going on without"), "{err}");
        waited += usize::from(err.contains("another computer is fetching for this operation"));
        shown.push(keys(&report));
    }
    assert!(waited >= 1, "the ones that waited said so");
    let stats = fake.stats();
    assert_eq!(
        stats.requests,
        plan(range).len() as u64,
        "one request per planned piece for the four of them"
    );
    assert_eq!(stats.max_in_flight_seen, 1);
    let want = expected(range);
    assert!(!want.is_empty());
    for s in &shown {
        assert_eq!(s, &want, "every computer shows the same calls");
    }
}

#[test]
fn a_refused_database_leaves_the_fetch_going_on_directly() {
    let Some(server) = pg::server() else { return };
    let _turn = one_at_a_time();
    let fake = fake();
    let day = TimeRange::new(at(2026, 7, 1, 0, 0, 0), at(2026, 7, 1, 23, 59, 59)).unwrap();
    let home = tempfile::tempdir().unwrap();
    let good = pg::target(&server, home.path());
    let mut strict = good.clone();
    strict.tls = wolkvox_ivr::store::TlsMode::VerifyFull;
    // A wrong password, and the test server's self-signed certificate under verify-full.
    for (url, password, words) in [
        (good.url(), "not-the-password", "refused the password"),
        (
            strict.url(),
            server.password.as_str(),
            "certificate is not trusted",
        ),
    ] {
        let _ = std::fs::remove_file(home.path().join("out.json"));
        let child = start_fetch(home.path(), &fake, &url, password, day);
        let (o, report) = finish(child, home.path());
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert!(err.contains(words), "{err}");
        assert!(err.contains("Going on without"), "{err}");
        assert!(
            !err.contains(password) || password == server.password,
            "{err}"
        );
        assert_eq!(
            keys(&report),
            expected(day),
            "every call arrived all the same"
        );
    }
}

#[test]
fn a_connection_killed_in_the_middle_of_a_write_loses_nothing_stored() {
    let Some(server) = pg::server() else { return };
    let _turn = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let s = ServerName::parse("0002").unwrap();
    let mut store = pg::open(&server, dir.path()).unwrap();
    let first = TimeRange::new(at(2026, 5, 1, 0, 0, 0), at(2026, 5, 1, 23, 59, 59)).unwrap();
    let report_of = |r: TimeRange, per_day: f64| {
        let cfg = GeneratorConfig {
            calls_per_day: per_day,
            ..GENERATOR
        };
        let mut rep = Report::new();
        rep.ingest(&wolkvox_ivr::fake::response_body(
            &calls_between(&cfg, r.from_secs(), r.to_secs()),
            false,
        ))
        .unwrap();
        rep
    };
    let stored = report_of(first, 300.0);
    store
        .keep_answer(s, first, at(2027, 1, 1, 0, 0, 0), 3600, true, &stored)
        .unwrap();
    // A large answer, whose COPY is cut by the server ending the connection, as a
    // server shutting down does.
    let big_range = TimeRange::new(at(2026, 5, 2, 0, 0, 0), at(2026, 5, 9, 23, 59, 59)).unwrap();
    let big = report_of(big_range, 40_000.0);
    let killer = std::thread::spawn({
        let server = server.clone();
        move || kill_copy_of(&server)
    });
    let err = store
        .keep_answer(s, big_range, at(2027, 1, 1, 0, 0, 0), 3600, true, &big)
        .expect_err("the write was cut");
    assert!(killer.join().unwrap(), "the COPY was seen and ended");
    assert!(
        matches!(err, StoreError::DatabaseUnreachable { .. }),
        "{err:?}"
    );
    let words = err.message(wolkvox_ivr::i18n::Lang::En);
    assert!(words.contains("cannot be reached"), "{words}");
    assert!(!words.contains(&server.password));
    // Nothing of the cut answer is there, everything stored before still is, and the
    // same handle works again once the connection is back.
    let again = pg::open(&server, dir.path()).unwrap();
    assert_eq!(again.coverage(s).unwrap(), vec![first]);
    let all = TimeRange::new(first.from(), big_range.to()).unwrap();
    let mut got = again.load(s, &[all]).unwrap().describe_calls();
    let mut want = stored.describe_calls();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    let small = TimeRange::new(at(2026, 5, 2, 0, 0, 0), at(2026, 5, 2, 23, 59, 59)).unwrap();
    store
        .keep_answer(
            s,
            small,
            at(2027, 1, 1, 0, 0, 0),
            3600,
            true,
            &report_of(small, 300.0),
        )
        .unwrap();
    assert_eq!(
        again.coverage(s).unwrap(),
        vec![TimeRange::new(first.from(), small.to()).unwrap()]
    );
}

/// Waits for a `COPY` into the store and ends its connection; true when it did. The
/// tests of this file take turns ([`one_at_a_time`]), so the only `COPY` is this test's.
fn kill_copy_of(server: &pg::TestServer) -> bool {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut config: tokio_postgres::Config = server.url.parse().unwrap();
        config.password(server.password.as_bytes());
        let (client, conn) = config.connect(tokio_postgres::NoTls).await.unwrap();
        tokio::spawn(conn);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            let rows = client
                .query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE query LIKE 'COPY call_rows%' AND pid <> pg_backend_pid() \
                     AND backend_type = 'client backend'",
                    &[],
                )
                .await
                .unwrap();
            if rows.iter().any(|r| r.get::<_, bool>(0)) {
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        false
    })
}

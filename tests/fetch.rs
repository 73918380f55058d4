//! Fetching over real HTTP from the fake Wolkvox server: the plan, one request at a time,
//! the row cap, retries, missing ranges, cancel, and the token kept out of every log.

mod support;

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::SecretString;
use wolkvox_ivr::fake::{
    FakeConfig, FakeServer, Fault, FaultRule, GeneratorConfig, When, calls_between,
};
use wolkvox_ivr::report::{Field, Report, Stamp};
use wolkvox_ivr::wolkvox::{ApiError, Client, Endpoint, TimeRange, plan};
use wolkvox_ivr::worker::{Event, FetchSettings, Outcome, Worker};

const TOKEN: &str = "tok-7f3a9c1e-secret";

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Stamp {
    Stamp::from_parts(y, mo, d, h, mi, s).unwrap()
}

fn range(a: Stamp, b: Stamp) -> TimeRange {
    TimeRange::new(a, b).unwrap()
}

fn server(calls_per_day: f64) -> FakeServer {
    FakeServer::start(FakeConfig {
        token: TOKEN.into(),
        generator: GeneratorConfig {
            seed: 7,
            calls_per_day,
        },
        now: at(2026, 11, 26, 12, 0, 0).seconds(),
        ..FakeConfig::default()
    })
    .unwrap()
}

fn quick() -> FetchSettings {
    FetchSettings {
        timeout: Duration::from_secs(5),
        busy_pause: Duration::from_millis(5),
        retry_pause: Duration::from_millis(5),
        refresh_overlap: Duration::from_secs(3600),
        row_cap: 60_000,
        time_zone: None,
        ..FetchSettings::default()
    }
}

fn client(s: &FakeServer, token: &str) -> Arc<Client> {
    Arc::new(
        Client::new(
            Endpoint::loopback(&s.base_url()).unwrap(),
            SecretString::from(token.to_string()),
            Duration::from_secs(5),
        )
        .unwrap(),
    )
}

/// Runs one fetch to its end; returns the merged rows, the outcome and the stopping error.
fn run(worker: &Worker, job: u64) -> (Report, Outcome, Option<ApiError>) {
    let mut report = Report::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        let Some(ev) = worker.recv_timeout(Duration::from_millis(100)) else {
            continue;
        };
        assert_eq!(ev.job(), job);
        match ev {
            Event::Rows { report: part, .. } => report.merge(&part),
            Event::Done { outcome, .. } => return (report, outcome, None),
            Event::Failed { error, outcome, .. } => return (report, outcome, Some(error)),
            Event::Progress { done, planned, .. } => assert!(done <= planned),
        }
    }
    panic!("the fetch did not end");
}

fn fetch(s: &FakeServer, ranges: Vec<TimeRange>) -> (Report, Outcome, Option<ApiError>) {
    let w = Worker::spawn(quick(), Arc::new(|| {})).unwrap();
    let job = w.fetch(client(s, TOKEN), ranges);
    run(&w, job)
}

type Key = (String, String, String);

fn keys(r: &Report) -> Vec<Key> {
    r.calls()
        .iter()
        .map(|c| {
            (
                r.raw(c, Field::ConnId).unwrap_or("").to_string(),
                r.raw(c, Field::RpId).unwrap_or("").to_string(),
                r.raw(c, Field::EndDateRp).unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn expected(calls_per_day: f64, r: TimeRange) -> Vec<Key> {
    let cfg = GeneratorConfig {
        seed: 7,
        calls_per_day,
    };
    calls_between(&cfg, r.from_secs(), r.to_secs())
        .iter()
        .map(|c| {
            (
                c.get(Field::ConnId).to_string(),
                c.get(Field::RpId).to_string(),
                c.get(Field::EndDateRp).to_string(),
            )
        })
        .collect()
}

fn same_set(got: Vec<Key>, want: Vec<Key>) {
    let n = got.len();
    let set: BTreeSet<Key> = got.into_iter().collect();
    assert_eq!(set.len(), n, "a row arrived twice");
    let want_set: BTreeSet<Key> = want.into_iter().collect();
    assert_eq!(set.len(), want_set.len());
    assert!(set == want_set, "rows differ from the generator's");
}

#[test]
fn a_three_month_fetch_sends_one_request_at_a_time_and_gets_every_row_once() {
    support::capture_logs();
    let s = server(400.0);
    let whole = range(at(2026, 1, 15, 0, 0, 0), at(2026, 4, 10, 23, 59, 59));
    let (report, outcome, fatal) = fetch(&s, vec![whole]);
    assert_eq!(fatal, None);
    assert!(outcome.missing.is_empty());
    assert_eq!(outcome.fetched, plan(whole));
    assert_eq!(outcome.requests, 4);
    assert_eq!(s.stats().requests, 4);
    assert_eq!(s.stats().max_in_flight_seen, 1);
    assert!(report.len() > 20_000, "{}", report.len());
    same_set(keys(&report), expected(400.0, whole));
}

#[test]
fn a_day_of_150000_calls_under_the_60000_cap_arrives_whole() {
    let s = server(150_000.0);
    // A Wednesday: above the average day.
    let day = range(at(2026, 11, 18, 0, 0, 0), at(2026, 11, 18, 23, 59, 59));
    let (report, outcome, fatal) = fetch(&s, vec![day]);
    assert_eq!(fatal, None);
    assert!(outcome.capped.is_empty());
    assert!(outcome.missing.is_empty());
    assert!(outcome.requests > 3, "the day had to be split");
    assert!(report.len() >= 150_000, "{}", report.len());
    assert_eq!(s.stats().max_in_flight_seen, 1);
    same_set(keys(&report), expected(150_000.0, day));
}

#[test]
fn no_rows_is_an_empty_success() {
    let s = server(400.0);
    // After the server's "now": the API answers 404.
    let later = range(at(2026, 12, 1, 0, 0, 0), at(2026, 12, 1, 1, 0, 0));
    let (report, outcome, fatal) = fetch(&s, vec![later]);
    assert_eq!(fatal, None);
    assert_eq!(report.len(), 0);
    assert_eq!(outcome.fetched, vec![later]);
    assert!(outcome.missing.is_empty());
}

#[test]
fn a_wrong_token_stops_at_once_without_retrying() {
    support::capture_logs();
    let s = server(400.0);
    let w = Worker::spawn(quick(), Arc::new(|| {})).unwrap();
    let three_months = range(at(2026, 1, 1, 0, 0, 0), at(2026, 3, 31, 23, 59, 59));
    let job = w.fetch(client(&s, "not-the-token"), vec![three_months]);
    let (report, outcome, fatal) = run(&w, job);
    assert_eq!(fatal, Some(ApiError::InvalidToken));
    assert_eq!(report.len(), 0);
    assert_eq!(s.stats().requests, 1, "a token error is not retried");
    assert_eq!(outcome.missing.len(), 3, "every range is named as missing");
    assert_eq!(wolkvox_ivr::cli::exit_for(&fatal.unwrap()) as i32, 3);
}

#[test]
fn an_exhausted_quota_is_a_refusal() {
    let s = FakeServer::start(FakeConfig {
        token: TOKEN.into(),
        daily_quota: 1,
        generator: GeneratorConfig {
            seed: 7,
            calls_per_day: 300.0,
        },
        now: at(2026, 11, 26, 12, 0, 0).seconds(),
        ..FakeConfig::default()
    })
    .unwrap();
    let two_months = range(at(2026, 9, 1, 0, 0, 0), at(2026, 10, 31, 23, 59, 59));
    let (report, outcome, fatal) = fetch(&s, vec![two_months]);
    assert_eq!(fatal, Some(ApiError::QuotaExceeded));
    assert!(
        !report.is_empty(),
        "the first month arrived and is kept: {outcome:?} {:?}",
        s.stats()
    );
    assert_eq!(outcome.missing.len(), 1);
    assert_eq!(s.stats().requests, 2);
}

#[test]
fn a_busy_token_is_retried_after_a_pause_and_succeeds() {
    let s = server(400.0);
    s.inject(FaultRule {
        when: When::Always,
        fault: Fault::Busy,
        times: Some(2),
    });
    let day = range(at(2026, 11, 2, 0, 0, 0), at(2026, 11, 2, 23, 59, 59));
    let (report, outcome, fatal) = fetch(&s, vec![day]);
    assert_eq!(fatal, None);
    assert!(outcome.missing.is_empty());
    assert_eq!(outcome.requests, 3);
    same_set(keys(&report), expected(400.0, day));
}

#[test]
fn maintenance_is_not_retried_and_shows_the_servers_words() {
    let s = server(400.0);
    s.inject(FaultRule {
        when: When::Always,
        fault: Fault::Maintenance,
        times: None,
    });
    let day = range(at(2026, 11, 2, 0, 0, 0), at(2026, 11, 2, 23, 59, 59));
    let (_, _, fatal) = fetch(&s, vec![day]);
    match fatal {
        Some(e @ ApiError::Refused { .. }) => {
            assert!(
                e.message(wolkvox_ivr::i18n::Lang::Es)
                    .contains("MAINTENANCE")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.stats().requests, 1);
}

#[test]
fn a_connection_dropped_on_request_3_of_5_keeps_the_others_and_names_the_gap() {
    let s = server(300.0);
    let five = range(at(2026, 5, 10, 0, 0, 0), at(2026, 9, 20, 23, 59, 59));
    let pieces = plan(five);
    assert_eq!(pieces.len(), 5);
    let third = pieces[2];
    s.inject(FaultRule {
        when: When::DateIni(third.api_bounds().0),
        fault: Fault::DropMidBody,
        times: None,
    });
    let (report, outcome, fatal) = fetch(&s, vec![five]);
    assert_eq!(fatal, None);
    assert_eq!(outcome.missing.len(), 1);
    assert_eq!(outcome.missing[0].range, third);
    assert!(matches!(
        outcome.missing[0].error,
        ApiError::Network { .. } | ApiError::Malformed(_)
    ));
    assert_eq!(outcome.requests, 4 + 3, "three tries for the broken range");
    let mut want = Vec::new();
    for p in [0, 1, 3, 4] {
        want.extend(expected(300.0, pieces[p]));
    }
    same_set(keys(&report), want);

    // Fetching the missing range alone completes the set.
    s.clear_faults();
    let (gap, outcome, _) = fetch(&s, vec![third]);
    assert!(outcome.missing.is_empty());
    let mut all = report;
    all.merge(&gap);
    same_set(keys(&all), expected(300.0, five));
}

#[test]
fn server_errors_are_retried_three_times_then_named() {
    let s = server(300.0);
    s.inject(FaultRule {
        when: When::Always,
        fault: Fault::ServerError500,
        times: None,
    });
    let day = range(at(2026, 11, 2, 0, 0, 0), at(2026, 11, 2, 23, 59, 59));
    let (_, outcome, fatal) = fetch(&s, vec![day]);
    assert_eq!(fatal, None);
    assert_eq!(outcome.requests, 3);
    assert_eq!(
        outcome.missing[0].error,
        ApiError::ServerError { status: 500 }
    );
}

#[test]
fn cancel_during_an_answer_that_never_ends_keeps_the_rows_so_far() {
    let s = server(300.0);
    s.inject(FaultRule {
        when: When::Nth(2),
        fault: Fault::Hang,
        times: None,
    });
    let w = Worker::spawn(
        FetchSettings {
            timeout: Duration::from_secs(60),
            ..quick()
        },
        Arc::new(|| {}),
    )
    .unwrap();
    let two_months = range(at(2026, 9, 1, 0, 0, 0), at(2026, 10, 31, 23, 59, 59));
    let job = w.fetch(client(&s, TOKEN), vec![two_months]);
    // Wait until the first month has arrived, then cancel the hanging second request.
    let mut report = Report::new();
    loop {
        match w.recv_timeout(Duration::from_secs(30)).expect("an event") {
            Event::Rows { report: part, .. } => {
                report.merge(&part);
                break;
            }
            Event::Progress { .. } => {}
            other => panic!("{other:?}"),
        }
    }
    std::thread::sleep(Duration::from_millis(200));
    let asked = Instant::now();
    w.cancel();
    let (rest, outcome, fatal) = run(&w, job);
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "{:?}",
        asked.elapsed()
    );
    assert_eq!(fatal, None);
    assert!(outcome.cancelled);
    assert_eq!(rest.len(), 0);
    assert_eq!(outcome.missing.len(), 1);
    assert_eq!(outcome.missing[0].error, ApiError::Cancelled);
    same_set(keys(&report), expected(300.0, plan(two_months)[0]));
}

#[test]
fn an_answer_announced_over_256_mb_is_refused() {
    let s = server(300.0);
    s.inject(FaultRule {
        when: When::Always,
        fault: Fault::Oversized,
        times: None,
    });
    let day = range(at(2026, 11, 2, 0, 0, 0), at(2026, 11, 2, 23, 59, 59));
    let (_, outcome, _) = fetch(&s, vec![day]);
    assert!(matches!(
        outcome.missing[0].error,
        ApiError::TooLarge { .. }
    ));
}

#[test]
fn the_token_appears_in_no_log_line_and_no_debug_output() {
    support::capture_logs();
    let s = server(300.0);
    s.inject(FaultRule {
        when: When::Nth(1),
        fault: Fault::Busy,
        times: Some(1),
    });
    let c = client(&s, TOKEN);
    let day = range(at(2026, 11, 2, 0, 0, 0), at(2026, 11, 2, 23, 59, 59));
    let w = Worker::spawn(quick(), Arc::new(|| {})).unwrap();
    let job = w.fetch(c.clone(), vec![day]);
    let (report, outcome, _) = run(&w, job);
    assert!(!report.is_empty());
    // A refused connection: its error keeps technical detail for the log (the address,
    // the cause), never the header.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let dead_client = Arc::new(
        Client::new(
            Endpoint::loopback(&dead).unwrap(),
            SecretString::from(TOKEN.to_string()),
            Duration::from_secs(2),
        )
        .unwrap(),
    );
    let job = w.fetch(dead_client.clone(), vec![day]);
    let (_, refused, _) = run(&w, job);
    let e = &refused.missing[0].error;
    assert!(matches!(e, ApiError::Network { .. }), "{e:?}");
    let debug_client = format!("{c:?} {dead_client:?} {:?}", c.endpoint());
    let debug_outcome = format!("{outcome:?} {refused:?}");
    let debug_error = format!(
        "{e:?} {e} {} {}",
        e.message(wolkvox_ivr::i18n::Lang::En),
        e.message(wolkvox_ivr::i18n::Lang::Es)
    );
    let debug_server = format!("{s:?}");
    let debug_settings = format!(
        "{:?} {:?}",
        quick(),
        wolkvox_ivr::settings::Settings::default()
    );
    support::assert_never_shown(
        TOKEN,
        &[
            ("the client's Debug", &debug_client),
            ("the outcome's Debug", &debug_outcome),
            ("a network error's Debug and words", &debug_error),
            ("the server's Debug", &debug_server),
            ("the settings' Debug", &debug_settings),
        ],
    );
}

fn cli(
    args: &[&str],
    stdin: &str,
    loopback: Option<&str>,
    dir: &std::path::Path,
) -> std::process::Output {
    cli_with(args, stdin, loopback, dir, &[])
}

fn cli_with(
    args: &[&str],
    stdin: &str,
    loopback: Option<&str>,
    dir: &std::path::Path,
    env: &[(&str, &str)],
) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wolkvox-ivr"));
    cmd.envs(env.iter().copied());
    cmd.args(args)
        .env("WOLKVOX_IVR_CONFIG_DIR", dir.join("config"))
        .env("WOLKVOX_IVR_LOG_DIR", dir.join("logs"))
        .env("WOLKVOX_IVR_DATA_DIR", dir.join("data"))
        .env("RUST_LOG", "trace")
        .env("LANG", "C")
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Short pauses so retries take milliseconds.
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::write(
        dir.join("config/settings.json"),
        br#"{"busy_pause_ms":5,"retry_pause_ms":5,"request_timeout_secs":10}"#,
    )
    .unwrap();
    match loopback {
        Some(base) => cmd.env("WOLKVOX_IVR_LOOPBACK", base),
        None => cmd.env_remove("WOLKVOX_IVR_LOOPBACK"),
    };
    let mut child = cmd.spawn().unwrap();
    use std::io::Write;
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

#[test]
fn a_bug_inside_a_fetch_saves_what_arrived_and_names_the_rest_missing() {
    let s = server(300.0);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("summer.json");
    let whole = range(at(2026, 7, 1, 0, 0, 0), at(2026, 9, 30, 23, 59, 59));
    // A fault compiled only into test builds: the fetch panics right after July arrived.
    let o = cli_with(
        &[
            "fetch",
            "--server",
            "0002",
            "--token-stdin",
            "--from",
            "2026-07-01",
            "--to",
            "2026-09-30",
            "--out",
            out.to_str().unwrap(),
            "--lang",
            "en",
        ],
        TOKEN,
        Some(&s.base_url()),
        dir.path(),
        &[("WOLKVOX_IVR_TEST_PANIC_AFTER", "1")],
    );
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(4), "partial, not a failure: {err}");
    assert!(
        err.contains("2026-08-01 00:00:00"),
        "the rest is named: {err}"
    );
    let saved = std::fs::read(&out).unwrap();
    let mut r = Report::new();
    let got = r.ingest(&saved).unwrap();
    let meta = wolkvox_ivr::saved::SavedMeta::from_ingested(&got).unwrap();
    assert_eq!(meta.requested, vec![whole]);
    assert_eq!(
        meta.missing,
        vec![range(plan(whole)[1].from(), plan(whole)[2].to())]
    );
    same_set(keys(&r), expected(300.0, plan(whole)[0]));
}

#[test]
fn the_fetch_command_saves_missing_ranges_and_retries_only_those() {
    let s = server(300.0);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sept.json");
    let whole = range(at(2026, 7, 1, 0, 0, 0), at(2026, 9, 30, 23, 59, 59));
    let august = plan(whole)[1];
    s.inject(FaultRule {
        when: When::DateIni(august.api_bounds().0),
        fault: Fault::ServerError500,
        times: None,
    });
    let o = cli(
        &[
            "fetch",
            "--server",
            "0002",
            "--token-stdin",
            "--from",
            "2026-07-01",
            "--to",
            "2026-09-30",
            "--out",
            out.to_str().unwrap(),
            "--lang",
            "en",
        ],
        &format!("{TOKEN}\n"),
        Some(&s.base_url()),
        dir.path(),
    );
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(4), "{err}");
    assert!(
        err.contains("2026-08-01 00:00:00"),
        "the missing range is named: {err}"
    );
    assert!(err.contains("request 3 of 3"), "{err}");
    assert!(!err.contains(TOKEN), "the token leaked to stderr");
    let logs: String = std::fs::read_dir(dir.path().join("logs"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(logs.contains("request"), "the log file was written");
    assert!(!logs.contains(TOKEN), "the token leaked to the log file");

    let saved = std::fs::read(&out).unwrap();
    let mut r = Report::new();
    let got = r.ingest(&saved).unwrap();
    let meta = wolkvox_ivr::saved::SavedMeta::from_ingested(&got).unwrap();
    assert_eq!(meta.missing, vec![august]);
    assert_eq!(meta.requested, vec![whole]);
    let mut want = expected(300.0, plan(whole)[0]);
    want.extend(expected(300.0, plan(whole)[2]));
    same_set(keys(&r), want);

    // Retrying only the missing range completes the set, in the same file.
    s.clear_faults();
    let before = s.stats().requests;
    let o = cli(
        &[
            "fetch",
            "--server",
            "0002",
            "--token-stdin",
            "--missing-from",
            out.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        TOKEN,
        Some(&s.base_url()),
        dir.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        s.stats().requests - before,
        1,
        "only the missing month was asked for"
    );
    let mut r = Report::new();
    let got = r.ingest(&std::fs::read(&out).unwrap()).unwrap();
    let meta = wolkvox_ivr::saved::SavedMeta::from_ingested(&got).unwrap();
    assert!(meta.missing.is_empty());
    assert_eq!(meta.requested, vec![whole]);
    same_set(keys(&r), expected(300.0, whole));
}

#[test]
fn the_fetch_command_exit_codes() {
    let s = server(300.0);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.json");
    let out = out.to_str().unwrap();
    let base = s.base_url();
    let run = |args: &[&str], token: &str| cli(args, token, Some(&base), dir.path());

    // A wrong token: refused, nothing written.
    let o = run(
        &[
            "fetch",
            "--server",
            "0002",
            "--token-stdin",
            "--from",
            "2026-11-02",
            "--to",
            "2026-11-02",
            "--out",
            out,
            "--lang",
            "es",
        ],
        "wrong",
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Wolkvox rechazó el token"));
    assert!(!std::path::Path::new(out).exists());

    // No token given and none saved for this (unused) server: a usage error that says
    // how to give one.
    let o = run(
        &[
            "fetch", "--server", "9996", "--from", "today", "--to", "today", "--out", out,
            "--lang", "en",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--token-stdin"));

    // A server name that tries to reach another host.
    let o = run(
        &[
            "fetch",
            "--server",
            "0002.evil.com",
            "--token-stdin",
            "--from",
            "today",
            "--to",
            "today",
            "--out",
            out,
            "--lang",
            "en",
        ],
        TOKEN,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("four digits"));

    // A bad date, and an end before the start.
    let o = run(
        &[
            "fetch",
            "--demo",
            "--from",
            "2026-13-01",
            "--to",
            "today",
            "--out",
            out,
            "--lang",
            "en",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(2));
    let o = run(
        &[
            "fetch", "--demo", "--from", "today", "--to", "-3d", "--out", out, "--lang", "en",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("before the start"));

    // Nobody listening: nothing could be fetched.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let o = cli(
        &[
            "fetch",
            "--server",
            "0002",
            "--token-stdin",
            "--from",
            "2026-11-02",
            "--to",
            "2026-11-02",
            "--out",
            out,
        ],
        TOKEN,
        Some(&dead),
        dir.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // An output that cannot be written: a file error, after fetching.
    let o = run(
        &[
            "fetch",
            "--demo",
            "--from",
            "-1d",
            "--to",
            "-1d",
            "--out",
            dir.path().to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(
        o.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn demo_fetch_and_summary_agree() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo.json");
    let o = cli(
        &[
            "fetch",
            "--demo",
            "--from",
            "-3d",
            "--to",
            "-1d",
            "--out",
            out.to_str().unwrap(),
        ],
        "",
        None,
        dir.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o1 = cli(
        &["summary", "--input", out.to_str().unwrap(), "--json"],
        "",
        None,
        dir.path(),
    );
    let o2 = cli(
        &[
            "summary", "--demo", "--from", "-3d", "--to", "-1d", "--json",
        ],
        "",
        None,
        dir.path(),
    );
    assert_eq!(o1.status.code(), Some(0));
    assert_eq!(
        o2.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o2.stderr)
    );
    let a: serde_json::Value = serde_json::from_slice(&o1.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&o2.stdout).unwrap();
    assert!(a["calls"].as_u64().unwrap() > 1000);
    assert_eq!(a, b);
}

//! The fault matrix: every fault the fake server can inject, at the first, a middle and
//! the last request of a three-month fetch. No panic; the right error; rows from the good
//! requests kept; the missing ranges named; and fetching those again completes the set.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::SecretString;
use wolkvox_ivr::fake::{
    FakeConfig, FakeServer, Fault, FaultRule, GeneratorConfig, When, calls_between,
};
use wolkvox_ivr::report::ReadError;
use wolkvox_ivr::report::{Field, Report, Stamp};
use wolkvox_ivr::wolkvox::{ApiError, Client, Endpoint, TimeRange, plan};
use wolkvox_ivr::worker::{Event, FetchSettings, Outcome, Worker};

const TOKEN: &str = "fault-matrix-token";
const TIMEOUT: Duration = Duration::from_millis(700);

fn operation() -> GeneratorConfig {
    GeneratorConfig {
        seed: 99,
        calls_per_day: 60.0,
    }
}

fn quarter() -> TimeRange {
    TimeRange::new(
        Stamp::from_parts(2026, 6, 1, 0, 0, 0).unwrap(),
        Stamp::from_parts(2026, 8, 31, 23, 59, 59).unwrap(),
    )
    .unwrap()
}

fn fetch(server: &FakeServer, ranges: Vec<TimeRange>) -> (Report, Outcome, Option<ApiError>) {
    let worker = Worker::spawn(
        FetchSettings {
            timeout: TIMEOUT,
            // A server still working on a request the client gave up on refuses the next
            // one as simultaneous use: the pauses outlast the slow answer below.
            busy_pause: Duration::from_millis(400),
            retry_pause: Duration::from_millis(2),
            ..FetchSettings::default()
        },
        Arc::new(|| {}),
    )
    .unwrap();
    let client = Client::new(
        Endpoint::loopback(&server.base_url()).unwrap(),
        SecretString::from(TOKEN.to_string()),
        TIMEOUT,
    )
    .unwrap();
    let job = worker.fetch(Arc::new(client), ranges);
    let mut report = Report::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        match worker.recv_timeout(Duration::from_millis(100)) {
            Some(Event::Rows {
                report: part,
                job: j,
                ..
            }) if j == job => report.merge(&part),
            Some(Event::Done { outcome, .. }) => return (report, outcome, None),
            Some(Event::Failed { error, outcome, .. }) => return (report, outcome, Some(error)),
            _ => {}
        }
    }
    panic!("the fetch did not end");
}

fn keys(r: &Report) -> BTreeSet<(String, String, String)> {
    r.calls()
        .iter()
        .map(|c| {
            let f = |field| r.raw(c, field).unwrap_or("").to_string();
            (f(Field::ConnId), f(Field::RpId), f(Field::EndDateRp))
        })
        .collect()
}

fn expected(ranges: &[TimeRange]) -> BTreeSet<(String, String, String)> {
    ranges
        .iter()
        .flat_map(|r| calls_between(&operation(), r.from_secs(), r.to_secs()))
        .map(|c| {
            (
                c.get(Field::ConnId).to_string(),
                c.get(Field::RpId).to_string(),
                c.get(Field::EndDateRp).to_string(),
            )
        })
        .collect()
}

/// What a fault must turn into.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// The range is missing with an error of this kind; the other ranges arrive.
    Missing(fn(&ApiError) -> bool),
    /// The fetch stops with this error; ranges before the faulty one arrive.
    Stops(fn(&ApiError) -> bool),
    /// The range arrives empty (the server said "no rows").
    Empty,
}

#[test]
fn every_fault_at_the_first_a_middle_and_the_last_request() {
    let cases: Vec<(&str, Fault, Expect)> = vec![
        (
            "latency past the timeout",
            Fault::Latency(Duration::from_millis(1500)),
            Expect::Missing(|e| *e == ApiError::Timeout),
        ),
        (
            "connection reset mid-body",
            Fault::DropMidBody,
            Expect::Missing(|e| matches!(e, ApiError::Network { .. } | ApiError::Malformed(_))),
        ),
        (
            "server error 500",
            Fault::ServerError500,
            Expect::Missing(|e| *e == ApiError::ServerError { status: 500 }),
        ),
        (
            "malformed JSON",
            Fault::Malformed,
            Expect::Missing(|e| matches!(e, ApiError::Malformed(ReadError::NotJson { .. }))),
        ),
        (
            "truncated JSON",
            Fault::Truncated,
            Expect::Missing(|e| *e == ApiError::Malformed(ReadError::Truncated)),
        ),
        (
            "HTML error page",
            Fault::HtmlErrorPage,
            Expect::Missing(|e| *e == ApiError::ServerError { status: 502 }),
        ),
        (
            "simultaneous-use 403 storm",
            Fault::Busy,
            Expect::Missing(|e| *e == ApiError::Busy),
        ),
        (
            "answer over 256 MB",
            Fault::Oversized,
            Expect::Missing(|e| matches!(e, ApiError::TooLarge { .. })),
        ),
        (
            "body trickling past the timeout",
            Fault::Trickle { bytes_per_sec: 200 },
            Expect::Missing(|e| *e == ApiError::Timeout),
        ),
        (
            "no answer at all",
            Fault::Hang,
            Expect::Missing(|e| *e == ApiError::Timeout),
        ),
        (
            "maintenance 403",
            Fault::Maintenance,
            Expect::Stops(|e| matches!(e, ApiError::Refused { status: 403, .. })),
        ),
        (
            "redirect elsewhere",
            Fault::Redirect {
                status: 302,
                location: "http://127.0.0.1:9/api/v2/reports_manager.php".into(),
            },
            Expect::Stops(|e| *e == ApiError::Redirected { status: 302 }),
        ),
        ("404 no rows", Fault::NoRows, Expect::Empty),
    ];
    let pieces = plan(quarter());
    assert_eq!(pieces.len(), 3);
    // Each case has its own server; they mostly wait on timeouts, so they run side by side.
    let handles: Vec<_> = cases
        .into_iter()
        .map(|(name, fault, expect)| {
            let pieces = pieces.clone();
            std::thread::spawn(move || run_case(name, fault, expect, &pieces))
        })
        .collect();
    let mut failures = Vec::new();
    for h in handles {
        if let Err(e) = h.join() {
            failures.push(
                e.downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| "a case panicked".into()),
            );
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

fn run_case(name: &str, fault: Fault, expect: Expect, pieces: &[TimeRange]) {
    for (at, piece) in pieces.iter().enumerate() {
        let server = FakeServer::start(FakeConfig {
            token: TOKEN.into(),
            generator: operation(),
            ..FakeConfig::default()
        })
        .unwrap();
        server.inject(FaultRule {
            when: When::DateIni(piece.api_bounds().0),
            fault: fault.clone(),
            times: None,
        });
        let (report, outcome, fatal) = fetch(&server, vec![quarter()]);
        let case = format!("{name} at request {}", at + 1);
        let others: Vec<TimeRange> = pieces.iter().copied().filter(|p| p != piece).collect();
        match expect {
            Expect::Missing(is) => {
                assert_eq!(fatal, None, "{case}");
                assert_eq!(outcome.missing.len(), 1, "{case}: {outcome:?}");
                assert_eq!(outcome.missing[0].range, *piece, "{case}");
                assert!(
                    is(&outcome.missing[0].error),
                    "{case}: {:?}",
                    outcome.missing[0].error
                );
                assert_eq!(
                    keys(&report),
                    expected(&others),
                    "{case}: the good ranges arrive"
                );
            }
            Expect::Stops(is) => {
                let e = fatal.unwrap_or_else(|| panic!("{case}: the fetch should stop"));
                assert!(is(&e), "{case}: {e:?}");
                assert!(!e.message(wolkvox_ivr::i18n::Lang::Es).is_empty());
                assert_eq!(wolkvox_ivr::cli::exit_for(&e) as i32, 3, "{case}");
                let missing: Vec<TimeRange> = outcome.missing.iter().map(|m| m.range).collect();
                assert_eq!(
                    missing,
                    pieces[at..].to_vec(),
                    "{case}: this and the later ranges are named"
                );
                assert_eq!(
                    keys(&report),
                    expected(&pieces[..at]),
                    "{case}: earlier ranges kept"
                );
            }
            Expect::Empty => {
                assert_eq!(fatal, None, "{case}");
                assert!(outcome.missing.is_empty(), "{case}");
                assert_eq!(keys(&report), expected(&others), "{case}");
            }
        }
        // Once the fault is gone, fetching only the missing ranges completes the set.
        server.clear_faults();
        let missing: Vec<TimeRange> = outcome.missing.iter().map(|m| m.range).collect();
        if !missing.is_empty() {
            let (rest, again, fatal) = fetch(&server, missing);
            assert_eq!(fatal, None, "{case}: retry");
            assert!(again.missing.is_empty(), "{case}: retry");
            let mut all = report;
            all.merge(&rest);
            assert_eq!(
                keys(&all),
                expected(pieces),
                "{case}: retry completes the set"
            );
        }
    }
}

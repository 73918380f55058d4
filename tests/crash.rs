//! Crash safety: a panic anywhere leaves a report without the token, and a panic inside
//! the fetch worker ends that fetch with an error event instead of a hang.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use secrecy::SecretString;
use wolkvox_ivr::fake::{FakeConfig, FakeServer};
use wolkvox_ivr::report::Stamp;
use wolkvox_ivr::wolkvox::{ApiError, Client, Endpoint, TimeRange};
use wolkvox_ivr::worker::{Event, FetchSettings, Worker};

const TOKEN: &str = "crash-test-token-88aa77bb";

#[test]
fn a_panic_writes_a_report_without_the_token_and_the_next_start_sees_it() {
    support::capture_logs();
    let dir = tempfile::tempdir().unwrap();
    wolkvox_ivr::crash::install(dir.path().to_path_buf());
    // A client registers its token the moment it exists.
    let _client = Client::new(
        Endpoint::loopback("http://127.0.0.1:9").unwrap(),
        SecretString::from(TOKEN.to_string()),
        Duration::from_secs(1),
    )
    .unwrap();
    let result = std::thread::Builder::new()
        .name("doomed".into())
        .spawn(|| panic!("the server said something odd about {TOKEN}"))
        .unwrap()
        .join();
    assert!(result.is_err());
    // The hook is the whole process's: other tests' panics may write reports here too.
    let text = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
        .find(|t| t.contains("doomed"))
        .expect("a crash report for the panicking thread");
    assert!(text.contains("crash report"), "{text}");
    assert!(text.contains("doomed"), "{text}");
    assert!(text.contains("[token]"), "{text}");
    assert!(!text.contains(TOKEN), "the token reached the crash report");
    // The same shared check the fetch tests use: no log line and no report shows it.
    support::assert_never_shown(TOKEN, &[("the crash report", &text)]);
    let newest = wolkvox_ivr::crash::unseen_report(dir.path()).expect("an unseen report");
    wolkvox_ivr::crash::mark_seen(&newest);
    assert!(wolkvox_ivr::crash::unseen_report(dir.path()).is_none());
}

#[test]
fn a_panic_inside_the_worker_ends_the_fetch_with_an_error_event() {
    let server = FakeServer::start(FakeConfig {
        token: TOKEN.into(),
        ..FakeConfig::default()
    })
    .unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    // The waker runs inside the worker: make it fail the first time, as a bug would.
    let waker = Arc::new(move || {
        if counter.fetch_add(1, Ordering::SeqCst) == 0 {
            panic!("a bug inside the fetch");
        }
    });
    let worker = Worker::spawn(FetchSettings::default(), waker).unwrap();
    let client = Client::new(
        Endpoint::loopback(&server.base_url()).unwrap(),
        SecretString::from(TOKEN.to_string()),
        Duration::from_secs(5),
    )
    .unwrap();
    let day = TimeRange::new(
        Stamp::from_parts(2026, 11, 2, 0, 0, 0).unwrap(),
        Stamp::from_parts(2026, 11, 2, 23, 59, 59).unwrap(),
    )
    .unwrap();
    let job = worker.fetch(Arc::new(client), vec![day]);
    let mut failed = None;
    while let Some(ev) = worker.recv_timeout(Duration::from_secs(10)) {
        if let Event::Failed { job: j, error, .. } = ev {
            failed = Some((j, error));
            break;
        }
    }
    let (j, error) = failed.expect("an error event, not a hang");
    assert_eq!(j, job);
    assert!(matches!(error, ApiError::Internal(_)));
    // The worker still serves the next fetch.
    let again = worker.fetch(
        Arc::new(
            Client::new(
                Endpoint::loopback(&server.base_url()).unwrap(),
                SecretString::from(TOKEN.to_string()),
                Duration::from_secs(5),
            )
            .unwrap(),
        ),
        vec![day],
    );
    let mut done = false;
    while let Some(ev) = worker.recv_timeout(Duration::from_secs(20)) {
        if let Event::Done { job, .. } = ev {
            assert_eq!(job, again);
            done = true;
            break;
        }
    }
    assert!(done);
}

//! A day of live tracking in seconds: a supervisor shows "this month" (27 days already
//! over, 28th just begun) and tracks it live; the workspace refreshes every five minutes
//! of a clock shared by the worker and the fake server (288 refreshes), writing each
//! answer to the history on this computer. Every call ends up stored once, the stored coverage
//! has no hole, and resident memory stays flat after the first hour. Alone in its own
//! file, so no other test shares the process whose memory it reads.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use secrecy::SecretString;
use wolkvox_ivr::fake::{FakeConfig, FakeServer, GeneratorConfig, calls_between};
use wolkvox_ivr::report::{Field, Stamp};
use wolkvox_ivr::settings::Settings;
use wolkvox_ivr::store::Store;
use wolkvox_ivr::wolkvox::{Endpoint, ServerName, TimeRange};
use wolkvox_ivr::worker::testing::Clock;
use wolkvox_ivr::worker::{FetchSettings, Worker};
use wolkvox_ivr::workspace::Workspace;

const TOKEN: &str = "soak-test-token-7781";
const OVERLAP: i64 = 3600;
const STEP: i64 = 300;
const REFRESHES: i64 = 288;
const GEN: GeneratorConfig = GeneratorConfig {
    seed: 77,
    calls_per_day: 2_000.0,
};

/// Resident memory of this process, in kB (Linux; elsewhere `None`).
fn resident_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn settle(ws: &mut Workspace) {
    assert!(ws.settle(Duration::from_secs(60)), "did not settle");
}

#[test]
fn a_day_of_live_tracking_stores_every_call_once_without_holes_in_flat_memory() {
    let month = Stamp::from_parts(2026, 11, 1, 0, 0, 0)
        .and_then(Stamp::seconds)
        .unwrap();
    let day = Stamp::from_parts(2026, 11, 28, 0, 0, 0)
        .and_then(Stamp::seconds)
        .unwrap();
    let start = day + STEP;
    let now = Arc::new(AtomicI64::new(start));
    let server = FakeServer::start(FakeConfig {
        token: TOKEN.into(),
        generator: GEN,
        now: Some(start),
        ..FakeConfig::default()
    })
    .unwrap();
    let clock = {
        let now = Arc::clone(&now);
        Clock::new(move || Stamp::from_seconds(now.load(Ordering::SeqCst)))
    };
    let fetch = FetchSettings {
        timeout: Duration::from_secs(30),
        busy_pause: Duration::from_millis(5),
        retry_pause: Duration::from_millis(5),
        refresh_overlap: Duration::from_secs(OVERLAP as u64),
        clock: Some(clock),
        ..FetchSettings::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let worker = Worker::spawn(fetch, Arc::new(|| {}));
    let mut ws = Workspace::new(worker, Arc::new(|| {}), &Settings::default());
    ws.open_history(path.clone(), None, 0);
    let operation = ServerName::parse("0002").unwrap();
    ws.connect_to(
        operation,
        Endpoint::loopback(&server.base_url()).unwrap(),
        SecretString::from(TOKEN.to_string()),
    )
    .unwrap();
    settle(&mut ws);
    ws.load(TimeRange::from_seconds(month, day + 86_399).unwrap());
    settle(&mut ws);

    let loaded = server.stats().requests;
    let began = Instant::now();
    let mut after_first_hour = None;
    let mut peak = 0;
    for i in 1..=REFRESHES {
        let t = start + i * STEP;
        now.store(t, Ordering::SeqCst);
        server.set_now(Some(t));
        ws.refresh();
        settle(&mut ws);
        assert!(ws.notices().is_empty(), "{:?}", ws.notices());
        let rss = resident_kb().unwrap_or(0);
        // SOAK_TRACE=1 prints the memory of each hour, to see its shape.
        if std::env::var_os("SOAK_TRACE").is_some() && i % 12 == 0 {
            eprintln!("hour {} rss {rss} kB calls {}", i / 12, ws.report().len());
        }
        if i == 3600 / STEP {
            after_first_hour = Some(rss);
        }
        if after_first_hour.is_some() {
            peak = peak.max(rss);
        }
    }
    let end = start + REFRESHES * STEP;
    let took = began.elapsed();
    assert_eq!(server.stats().requests, loaded + REFRESHES as u64);

    // What the window shows is what the server served, from the month's start to the
    // last moment asked.
    let first = month;
    let served = calls_between(&GEN, first, end).len();
    assert_eq!(ws.report().len(), served);
    drop(ws);

    let store = Store::open_sqlite(path.clone()).unwrap();
    assert_eq!(
        store.coverage(operation).unwrap(),
        vec![TimeRange::from_seconds(first, end - OVERLAP).unwrap()],
        "one covered range, no hole"
    );
    drop(store);
    // Stored once: the stored rows are exactly the served ones, none twice.
    let db = rusqlite::Connection::open(&path).unwrap();
    let mut stored: Vec<(String, String, String)> = db
        .prepare("SELECT conn_id, end_date_rp, rp_id FROM calls WHERE server = '0002'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut expected: Vec<(String, String, String)> = calls_between(&GEN, first, end)
        .iter()
        .map(|c| {
            (
                c.get(Field::ConnId).to_string(),
                c.get(Field::EndDateRp).to_string(),
                c.get(Field::RpId).to_string(),
            )
        })
        .collect();
    stored.sort();
    expected.sort();
    assert_eq!(stored.len(), served, "every call stored");
    assert!(
        stored == expected,
        "the stored rows are the served ones, once each"
    );

    let hour = after_first_hour.unwrap_or(0);
    eprintln!(
        "soak: {REFRESHES} refreshes in {:.1} s, {served} calls stored once; \
         resident memory after the first hour {hour} kB, highest after it {peak} kB ({:+.1} %)",
        took.as_secs_f64(),
        (peak as f64 / hour.max(1) as f64 - 1.0) * 100.0
    );
    if resident_kb().is_some() {
        assert!(
            peak as f64 <= hour as f64 * 1.10,
            "resident memory grew from {hour} kB to {peak} kB"
        );
    }
}

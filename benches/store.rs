//! The history on this computer (budgets: writing one 60,000-call answer under 150 ms,
//! loading a stored month of 1M calls under 1.5 s, under 150 MB per 1M calls). Prints,
//! beside them, the file size and one fetch of the same month from the fake server.
//!
//! With `WOLKVOX_IVR_TEST_PG_URL` naming a PostgreSQL server (a throwaway one, such as
//! `.ci/postgres` starts: the benchmark fills a schema of its own), the same two on the
//! shared history (budgets: under 400 ms and under 3 s), and its size per call.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use secrecy::SecretString;
use wolkvox_ivr::fake::{FakeConfig, FakeServer, large_operation};
use wolkvox_ivr::report::{Report, Stamp};
use wolkvox_ivr::store::{PgTarget, Store};
use wolkvox_ivr::wolkvox::{Client, Endpoint, TimeRange};
use wolkvox_ivr::worker::{Event, FetchSettings, Worker};

fn fetch_from_fake(range: TimeRange) -> (usize, Duration) {
    let server = FakeServer::start(FakeConfig {
        token: "bench-token".into(),
        generator: large_operation(),
        daily_quota: u32::MAX,
        now: Stamp::from_parts(2026, 12, 1, 0, 0, 0).and_then(Stamp::seconds),
        ..FakeConfig::default()
    })
    .expect("fake server");
    let settings = FetchSettings {
        timeout: Duration::from_secs(120),
        ..FetchSettings::default()
    };
    let worker = Worker::spawn(settings, Arc::new(|| {})).expect("worker");
    let client = Client::new(
        Endpoint::loopback(&server.base_url()).expect("loopback"),
        SecretString::from("bench-token".to_string()),
        Duration::from_secs(120),
    )
    .expect("client");
    let start = Instant::now();
    worker.fetch(Arc::new(client), vec![range]);
    let mut report = Report::new();
    loop {
        match worker.recv_timeout(Duration::from_secs(300)) {
            Some(Event::Rows { report: part, .. }) => report.merge_from(part),
            Some(Event::Done { .. }) => break,
            Some(Event::Failed { error, .. }) => panic!("{error}"),
            Some(Event::Progress { .. }) => {}
            None => panic!("no event"),
        }
    }
    (report.len(), start.elapsed())
}

fn store(c: &mut Criterion) {
    let mut group = c.benchmark_group("store");
    group.sample_size(10);

    let (answer, range) = support::answer(60_000);
    group.bench_function("write one 60,000-call answer", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("folder");
                let store = Store::open_sqlite(dir.path().join("h.sqlite3")).expect("store");
                (dir, store)
            },
            |(dir, mut store)| {
                support::keep(&mut store, range, &answer);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });

    let dir = tempfile::tempdir().expect("folder");
    let path = dir.path().join("h.sqlite3");
    let mut filled = Store::open_sqlite(path.clone()).expect("store");
    let started = Instant::now();
    let month = support::fill(&mut filled, 1_000_000);
    let took = started.elapsed();
    drop(filled);
    let store = Store::open_sqlite(path.clone()).expect("store");
    let info = store.info().expect("info");
    println!(
        "store: 1M calls ({month:?}) written as {} daily answers in {:.2} s; file {:.1} MB",
        month.seconds() / 86_400 + 1,
        took.as_secs_f64(),
        info.size_bytes as f64 / 1e6
    );
    group.bench_function("load a stored month of 1M calls", |b| {
        b.iter(|| {
            store
                .load(support::bench_server(), &[month])
                .expect("load")
                .len()
        })
    });
    group.finish();
    let (n, fetched) = fetch_from_fake(month);
    println!(
        "store: the same month fetched from the fake server: {n} calls in {:.2} s",
        fetched.as_secs_f64()
    );
}

/// The test server's address without its password, and the password.
fn pg_server() -> Option<(String, String)> {
    let url = std::env::var("WOLKVOX_IVR_TEST_PG_URL").ok()?;
    let (head, rest) = url.split_once("://")?;
    let (userinfo, host) = rest.rsplit_once('@')?;
    let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
    Some((format!("{head}://{user}@{host}"), password.to_string()))
}

fn open_pg(url: &str, password: &str, schema: &str) -> Store {
    let mut target = PgTarget::parse(url).expect("test server address");
    target.schema = schema.to_string();
    Store::open_postgres(target, Some(SecretString::from(password.to_string()))).expect("store")
}

fn shared_store(c: &mut Criterion) {
    let Some((url, password)) = pg_server() else {
        println!("store: no PostgreSQL benchmark (WOLKVOX_IVR_TEST_PG_URL not set)");
        return;
    };
    let mut group = c.benchmark_group("shared store");
    group.sample_size(10);
    let (answer, range) = support::answer(60_000);
    let mut n = 0u32;
    let run = std::process::id();
    group.bench_function("write one 60,000-call answer", |b| {
        b.iter_batched(
            || {
                n += 1;
                open_pg(&url, &password, &format!("bench_w{run}_{n}"))
            },
            |mut store| {
                support::keep(&mut store, range, &answer);
                store
            },
            BatchSize::PerIteration,
        )
    });
    let mut filled = open_pg(&url, &password, &format!("bench_l{run}"));
    let started = Instant::now();
    let month = support::fill(&mut filled, 1_000_000);
    let took = started.elapsed();
    let size = filled.info().expect("info").size_bytes;
    println!(
        "shared store: 1M calls written as {} daily answers in {:.2} s; {:.1} MB, {} bytes per call",
        month.seconds() / 86_400 + 1,
        took.as_secs_f64(),
        size as f64 / 1e6,
        size / 1_000_000
    );
    group.bench_function("load a stored month of 1M calls", |b| {
        b.iter(|| {
            filled
                .load(support::bench_server(), &[month])
                .expect("load")
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, store, shared_store);
criterion_main!(benches);

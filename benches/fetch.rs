//! 1M calls fetched end to end from the fake server: plan, cap splits, merge
//! (budget: under 15 s).

use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use secrecy::SecretString;
use wolkvox_ivr::fake::{FakeConfig, FakeServer, GeneratorConfig};
use wolkvox_ivr::report::{Report, Stamp};
use wolkvox_ivr::wolkvox::{Client, Endpoint, TimeRange};
use wolkvox_ivr::worker::{Event, FetchSettings, Worker};

fn fetch_all(server: &FakeServer, range: TimeRange) -> usize {
    let worker = Worker::spawn(
        FetchSettings {
            timeout: Duration::from_secs(120),
            ..FetchSettings::default()
        },
        Arc::new(|| {}),
    )
    .expect("worker");
    let client = Client::new(
        Endpoint::loopback(&server.base_url()).expect("loopback"),
        SecretString::from("bench-token".to_string()),
        Duration::from_secs(120),
    )
    .expect("client");
    let job = worker.fetch(Arc::new(client), vec![range]);
    let mut report = Report::new();
    loop {
        match worker.recv_timeout(Duration::from_secs(300)) {
            Some(Event::Rows { report: part, .. }) => report.merge(&part),
            Some(Event::Done { outcome, .. }) => {
                assert!(outcome.missing.is_empty(), "{outcome:?}");
                break;
            }
            Some(Event::Failed { error, .. }) => panic!("{error}"),
            Some(Event::Progress { .. }) => {}
            None => panic!("no event"),
        }
        let _ = job;
    }
    report.len()
}

fn fetch(c: &mut Criterion) {
    let server = FakeServer::start(FakeConfig {
        token: "bench-token".into(),
        generator: GeneratorConfig {
            seed: 5,
            calls_per_day: 33_500.0,
        },
        daily_quota: u32::MAX,
        now: Stamp::from_parts(2026, 11, 26, 0, 0, 0).and_then(Stamp::seconds),
        ..FakeConfig::default()
    })
    .expect("fake server");
    let month = TimeRange::new(
        Stamp::from_parts(2026, 10, 1, 0, 0, 0).unwrap_or(Stamp::NONE),
        Stamp::from_parts(2026, 10, 31, 23, 59, 59).unwrap_or(Stamp::NONE),
    )
    .expect("range");
    let n = fetch_all(&server, month);
    println!("fetch: one month = {n} calls");
    let mut group = c.benchmark_group("fetch");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    group.bench_function("1M calls, one month", |b| {
        b.iter(|| fetch_all(&server, month))
    });
    group.finish();
}

criterion_group!(benches, fetch);
criterion_main!(benches);

//! About 10k, 100k and 1M calls fetched end to end from the fake server: plan, cap
//! splits, merge (budget at 1M: under 15 s).

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
            Some(Event::Rows { report: part, .. }) => report.merge_from(part),
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
    let at =
        |d: i8, h: i8| Stamp::from_parts(2026, 10, d as u32, h as u32, 0, 0).unwrap_or(Stamp::NONE);
    let end_of_month = Stamp::from_parts(2026, 10, 31, 23, 59, 59).unwrap_or(Stamp::NONE);
    // 8 hours, 3 days and a month of an operation of 33,500 calls a day.
    let ranges = [
        ("10k calls, 8 hours", TimeRange::new(at(1, 8), at(1, 16))),
        ("100k calls, 3 days", TimeRange::new(at(1, 0), at(4, 0))),
        (
            "1M calls, one month",
            TimeRange::new(at(1, 0), end_of_month),
        ),
    ];
    let mut group = c.benchmark_group("fetch");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    for (name, range) in ranges {
        let range = range.expect("range");
        let n = fetch_all(&server, range);
        println!("fetch: {name} = {n} calls");
        group.bench_function(name, |b| b.iter(|| fetch_all(&server, range)));
    }
    group.finish();
}

criterion_group!(benches, fetch);
criterion_main!(benches);

//! About 10k, 100k and 1M calls fetched end to end from the fake server: plan, cap
//! splits, merge (budget at 1M: under 15 s).

use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use secrecy::SecretString;
use wolkvox_ivr::fake::{FakeConfig, FakeServer, GeneratorConfig, calls_between};
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
    let generator = GeneratorConfig {
        seed: 5,
        calls_per_day: 33_500.0,
    };
    let server = FakeServer::start(FakeConfig {
        token: "bench-token".into(),
        generator: generator.clone(),
        daily_quota: u32::MAX,
        now: Stamp::from_parts(2026, 11, 26, 0, 0, 0).and_then(Stamp::seconds),
        ..FakeConfig::default()
    })
    .expect("fake server");
    let start = Stamp::from_parts(2026, 10, 1, 0, 0, 0).unwrap_or(Stamp::NONE);
    let end_of_month = Stamp::from_parts(2026, 10, 31, 23, 59, 59).unwrap_or(Stamp::NONE);
    // From the 1st at midnight up to the 10,000th and the 100,000th call, and the month.
    let from = start.seconds().unwrap_or(0);
    let first = calls_between(&generator, from, from + 5 * 86_400);
    let upto = |n: usize| Stamp::from_seconds(first.get(n - 1).map_or(from, |c| c.at));
    let ranges = [
        ("10k calls", TimeRange::new(start, upto(10_000))),
        ("100k calls", TimeRange::new(start, upto(100_000))),
        ("1M calls, one month", TimeRange::new(start, end_of_month)),
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

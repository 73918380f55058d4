//! Comparing two periods of 1M calls each, every per-routing-point test included (budget
//! < 300 ms), and the trend of 1M calls per day (budget < 100 ms), per hour, per week and
//! for one routing point. Both periods come from the large operation: its first 25 days
//! and the 25 after.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use wolkvox_ivr::fake::large_report;
use wolkvox_ivr::report::{Bucket, Comparison, KeyNumbers, trend};

const PERIOD: usize = 1_000_000;

fn bench(c: &mut Criterion) {
    let report = large_report(2 * PERIOD);
    assert_eq!(
        report.len(),
        2 * PERIOD,
        "the generated bodies did not all read"
    );
    // The generator's calls arrive in time order: the first million is period A.
    let a: Vec<u32> = (0..PERIOD as u32).collect();
    let b: Vec<u32> = (PERIOD as u32..2 * PERIOD as u32).collect();
    let busiest = KeyNumbers::of_rows(&report, &a, 120)
        .by_routing_point
        .first()
        .and_then(|rp| rp.rp_id.clone());

    let mut group = c.benchmark_group("compare 1M");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    group.bench_function("two periods of 1M, all routing points", |bench| {
        bench.iter(|| Comparison::of(&report, &a, &b, 120).by_routing_point.len())
    });
    group.bench_function("trend per day", |bench| {
        bench.iter(|| trend(&report, &a, Bucket::Day, 120, None).points.len())
    });
    group.bench_function("trend per hour", |bench| {
        bench.iter(|| trend(&report, &a, Bucket::Hour, 120, None).points.len())
    });
    group.bench_function("trend per week", |bench| {
        bench.iter(|| trend(&report, &a, Bucket::Week, 120, None).points.len())
    });
    group.bench_function("trend per day, busiest routing point", |bench| {
        bench.iter(|| {
            trend(&report, &a, Bucket::Day, 120, busiest.as_deref())
                .points
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

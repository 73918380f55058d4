//! Paths of 1M calls, 15 % of them through two routing points or more (budget: < 150 ms
//! from a freshly loaded report, the grouping of rows into calls included).

use criterion::{Criterion, criterion_group, criterion_main};
use wolkvox_ivr::fake::{CallMix, large_report_with_mix};
use wolkvox_ivr::report::paths::{CallGroups, Paths};

/// Rows that hold about 1M calls at this mix (1.18 rows a call).
const ROWS: usize = 1_180_000;

fn bench(c: &mut Criterion) {
    let report = large_report_with_mix(ROWS, CallMix::MULTI_STEP_15);
    let all: Vec<u32> = (0..report.len() as u32).collect();
    let groups = CallGroups::of(&report);
    let paths = Paths::of(&report, &groups, &all, 120);
    println!(
        "paths: {} rows, {} calls, {} through several routing points, {} distinct paths",
        report.len(),
        paths.distinct_calls,
        paths.multi_step_calls,
        paths.total()
    );
    let mut group = c.benchmark_group("paths 1M calls");
    group.sample_size(10);
    group.bench_function("group rows into calls + paths of all", |b| {
        b.iter(|| {
            let groups = CallGroups::of(&report);
            Paths::of(&report, &groups, &all, 120).total()
        })
    });
    group.bench_function("paths of all (calls already grouped)", |b| {
        b.iter(|| Paths::of(&report, &groups, &all, 120).total())
    });
    group.bench_function("flow picture data + next steps", |b| {
        b.iter(|| {
            let flow = paths.flow(&report);
            let first = flow.columns.first().and_then(|c| c.first()).map(|n| n.step);
            let next = first.map(|s| paths.next_steps(&report, s).passages);
            (flow.links.len(), next)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

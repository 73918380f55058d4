//! Views over 10k, 100k and 1M calls: sort by each kind of column, a search keystroke
//! (digits, and a name folded for case and accents), and the key numbers with all chart
//! data (budgets at 1M: < 150 ms, < 100 ms each, < 100 ms).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use wolkvox_ivr::fake::large_report;
use wolkvox_ivr::report::charts::ChartData;
use wolkvox_ivr::report::view::{filter, sort_rows};
use wolkvox_ivr::report::{Field, KeyNumbers, ViewSpec};

fn views(c: &mut Criterion) {
    for (label, calls) in [("10k", 10_000), ("100k", 100_000), ("1M", 1_000_000)] {
        views_of(c, label, calls);
    }
}

fn views_of(c: &mut Criterion, label: &str, calls: usize) {
    let report = large_report(calls);
    let all: Vec<u32> = (0..report.len() as u32).collect();
    let mut group = c.benchmark_group(format!("view {label}"));
    group.sample_size(10);
    for field in [
        Field::TimeOnRp,
        Field::EndDateRp,
        Field::AgentName,
        Field::Ani,
        Field::ConnId,
        Field::GoToAgent,
    ] {
        group.bench_with_input(
            BenchmarkId::new("sort", field.api_name()),
            &field,
            |b, &field| {
                b.iter(|| {
                    let mut rows = all.clone();
                    sort_rows(&report, &mut rows, field, true);
                    rows.len()
                })
            },
        );
    }
    let spec = ViewSpec {
        search: "300 12".replace(' ', ""),
        ..ViewSpec::default()
    };
    group.bench_function("search keystroke", |b| {
        b.iter(|| filter(&report, &spec).len())
    });
    // Letters: every call's texts are compared without case and accents.
    let name = ViewSpec {
        search: "paola sanchez".into(),
        ..ViewSpec::default()
    };
    group.bench_function("search name", |b| b.iter(|| filter(&report, &name).len()));
    group.bench_function("key numbers + chart data", |b| {
        b.iter(|| {
            let k = KeyNumbers::of_rows(&report, &all, 120);
            let d = ChartData::of_rows(&report, &all, &k);
            (k.calls, d.days)
        })
    });
    group.finish();
}

criterion_group!(benches, views);
criterion_main!(benches);

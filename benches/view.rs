//! Views over 1M calls: sort by each kind of column, a search keystroke, and the key
//! numbers with all chart data (budgets: < 150 ms, < 100 ms, < 100 ms).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use wolkvox_ivr::fake::{GeneratorConfig, first_calls_between, response_body};
use wolkvox_ivr::report::charts::ChartData;
use wolkvox_ivr::report::view::{filter, sort_rows};
use wolkvox_ivr::report::{Field, KeyNumbers, Report, Stamp, ViewSpec};

/// 1M calls of a large operation, loaded the way a fetch loads them (answer by answer).
pub fn million() -> Report {
    let cfg = GeneratorConfig {
        seed: 3,
        calls_per_day: 40_000.0,
    };
    let from = Stamp::from_parts(2026, 10, 1, 0, 0, 0)
        .and_then(Stamp::seconds)
        .unwrap_or(0);
    let calls = first_calls_between(&cfg, from, from + 60 * 86_400, 1_000_000);
    let mut report = Report::new();
    for chunk in calls.chunks(50_000) {
        let _ = report.ingest(&response_body(chunk, false));
    }
    report
}

fn views(c: &mut Criterion) {
    let report = million();
    let all: Vec<u32> = (0..report.len() as u32).collect();
    let mut group = c.benchmark_group("view 1M");
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
    group.bench_function("key numbers + chart data", |b| {
        b.iter(|| {
            let k = KeyNumbers::of_rows(&report, &all, 120);
            let d = ChartData::of_rows(&report, &all);
            (k.calls, d.days)
        })
    });
    group.finish();
}

criterion_group!(benches, views);
criterion_main!(benches);

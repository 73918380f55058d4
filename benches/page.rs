//! The report page of 10k, 100k and 1M calls (budget at 1M: written in under 2 s and
//! under 2 MB). Prints each page's size.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use wolkvox_ivr::export::page::{PageInput, PageSource, write_page};
use wolkvox_ivr::fake::large_report;
use wolkvox_ivr::i18n::Lang;
use wolkvox_ivr::report::ViewSpec;

fn bench(c: &mut Criterion) {
    let Ok(dir) = tempfile::tempdir() else {
        eprintln!("no temporary folder to write into");
        return;
    };
    let path = dir.path().join("report.html");
    let spec = ViewSpec::default();
    let mut group = c.benchmark_group("page");
    group.sample_size(10);
    for calls in [10_000, 100_000, 1_000_000] {
        let report = large_report(calls);
        assert_eq!(report.len(), calls, "the generated bodies did not all read");
        let rows: Vec<u32> = (0..report.len() as u32).collect();
        let input = PageInput {
            report: &report,
            rows: &rows,
            long_ivr_secs: 120,
            source: PageSource::Demo,
            requested: &[],
            missing: &[],
            capped: &[],
            filters: &spec,
            lang: Lang::Es,
            caller_data: true,
            generated: jiff::civil::date(2026, 12, 1).at(9, 0, 0, 0),
            periods: None,
        };
        group.bench_with_input(BenchmarkId::new("write", calls), &input, |b, input| {
            b.iter(|| write_page(input, &path).unwrap_or(0))
        });
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!("page of {calls} calls: {:.1} kB", size as f64 / 1e3);
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

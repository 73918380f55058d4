//! Export 10k, 100k and 1M calls to CSV for Excel, plain CSV and XLSX (budgets at 1M: CSV
//! under 2 s, XLSX under 20 s and under 300 MB above the loaded report). Also prints each
//! 1M export's peak memory above the loaded report (Linux only).

use std::path::Path;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use wolkvox_ivr::export::{ExportOptions, Format, export};
use wolkvox_ivr::fake::large_report;
use wolkvox_ivr::i18n::Lang;
use wolkvox_ivr::report::Report;

fn report(rows: usize) -> Report {
    let r = large_report(rows);
    assert_eq!(r.len(), rows, "the generated bodies did not all read");
    r
}

fn status_kb(key: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Peak resident memory of one export above what the process held before it.
fn peak_above(report: &Report, rows: &[u32], path: &Path, format: Format) {
    // Writing 5 resets the kernel's peak-RSS mark, so the peak is this export's own.
    if std::fs::write("/proc/self/clear_refs", "5").is_err() {
        return;
    }
    let before = status_kb("VmRSS:").unwrap_or(0);
    let opts = ExportOptions::new(format, Lang::Es);
    let started = std::time::Instant::now();
    let n = export(report, rows, path, &opts, &|_| true).unwrap_or(0);
    let secs = started.elapsed().as_secs_f64();
    let peak = status_kb("VmHWM:").unwrap_or(0);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "memory: {format:?} of {n} calls: {secs:.1} s, file {:.0} MB, peak {:.0} MB above the loaded report ({:.0} MB resident before)",
        size as f64 / 1e6,
        peak.saturating_sub(before) as f64 / 1024.0,
        before as f64 / 1024.0
    );
}

fn bench(c: &mut Criterion) {
    let Ok(dir) = tempfile::tempdir() else {
        eprintln!("no temporary folder to write into");
        return;
    };
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    for calls in [10_000, 100_000, 1_000_000] {
        let report = report(calls);
        let rows: Vec<u32> = (0..report.len() as u32).collect();
        for (name, format) in [
            ("csv-excel", Format::CsvExcel),
            ("csv-plain", Format::CsvPlain),
            ("xlsx", Format::Xlsx),
        ] {
            let path = dir.path().join(format!("{name}.{}", format.extension()));
            if calls == 1_000_000 {
                peak_above(&report, &rows, &path, format);
            }
            let opts = ExportOptions::new(format, Lang::Es);
            group.bench_with_input(BenchmarkId::new(name, calls), &rows, |b, rows| {
                b.iter(|| export(&report, rows, &path, &opts, &|_| true).unwrap_or(0))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

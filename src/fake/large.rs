//! A large operation's calls for benchmarks and comparisons: 40,000 calls a day from
//! 2026-10-01, the same on every run.

use super::generator::{CallMix, GeneratorConfig, RawCall, first_calls_with_mix, response_body};
use crate::report::{Report, Stamp};

/// The operation the benchmarks measure.
pub fn large_operation() -> GeneratorConfig {
    GeneratorConfig {
        seed: 3,
        calls_per_day: 40_000.0,
    }
}

/// The first `rows` calls of [`large_operation`] from 2026-10-01 (up to 60 days).
pub fn large_calls(rows: usize) -> Vec<RawCall> {
    large_calls_with_mix(rows, CallMix::DEMO)
}

/// [`large_calls`] with another share of calls through several routing points.
pub fn large_calls_with_mix(rows: usize, mix: CallMix) -> Vec<RawCall> {
    let from = Stamp::from_parts(2026, 10, 1, 0, 0, 0)
        .and_then(Stamp::seconds)
        .unwrap_or(0);
    first_calls_with_mix(&large_operation(), mix, from, from + 60 * 86_400, rows)
}

/// [`large_calls`] loaded as a fetch loads them: one answer of 50,000 rows at a time.
pub fn large_report(rows: usize) -> Report {
    large_report_with_mix(rows, CallMix::DEMO)
}

/// [`large_report`] with another share of calls through several routing points.
pub fn large_report_with_mix(rows: usize, mix: CallMix) -> Report {
    let mut report = Report::new();
    for chunk in large_calls_with_mix(rows, mix).chunks(50_000) {
        if let Err(e) = report.ingest(&response_body(chunk, false)) {
            tracing::error!("generated answer unreadable: {e}");
        }
    }
    report
}

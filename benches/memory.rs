//! Resident memory with 1M calls loaded, and the peak while parsing them.
//! Prints figures (Linux only); run with `cargo bench --bench memory`.

use wolkvox_ivr::fake::{large_calls, response_body};
use wolkvox_ivr::report::Report;

fn status_kb(key: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let rows = 1_000_000usize;
    // The body is written in chunks of one API answer each, as a real fetch receives them.
    let calls = large_calls(rows);
    let bodies: Vec<Vec<u8>> = calls
        .chunks(50_000)
        .map(|c| response_body(c, false))
        .collect();
    drop(calls);
    let body_bytes: usize = bodies.iter().map(Vec::len).sum();
    let before = status_kb("VmRSS:").unwrap_or(0);
    let mut report = Report::new();
    for b in &bodies {
        let _ = report.ingest(b);
    }
    drop(bodies);
    let after = status_kb("VmRSS:").unwrap_or(0);
    let peak = status_kb("VmHWM:").unwrap_or(0);
    println!(
        "memory: {} calls; response JSON {:.0} MB; report heap {:.0} MB; RSS before parse {:.0} MB, with report loaded (bodies freed) {:.0} MB; peak {:.0} MB",
        report.len(),
        body_bytes as f64 / 1e6,
        report.heap_bytes() as f64 / 1e6,
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        peak as f64 / 1024.0
    );
}

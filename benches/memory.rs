//! Resident memory with 1M calls loaded, and the peak while parsing them; then the same
//! with the calls loaded from the history on this computer, measured in a fresh process
//! of this program so nothing of the filling stays resident.
//! Prints figures (Linux only); run with `cargo bench --bench memory`.

mod support;

use wolkvox_ivr::fake::{large_calls, response_body};
use wolkvox_ivr::report::Report;
use wolkvox_ivr::store::Store;

/// Set, with a store's path, in the child process that loads from it.
const CHILD: &str = "WOLKVOX_IVR_BENCH_LOAD_STORE";

fn status_kb(key: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The child: loads every stored call and prints the resident memory.
fn load_store(path: &str) {
    let before = status_kb("VmRSS:").unwrap_or(0);
    let store = Store::open_sqlite(path.into()).expect("store");
    let Some(range) = wolkvox_ivr::wolkvox::TimeRange::from_seconds(0, 4_102_444_799) else {
        return;
    };
    let report = store.load(support::bench_server(), &[range]).expect("load");
    let after = status_kb("VmRSS:").unwrap_or(0);
    let peak = status_kb("VmHWM:").unwrap_or(0);
    println!(
        "memory: {} calls loaded from the store; report heap {:.0} MB; RSS before {:.0} MB, with report loaded {:.0} MB; peak {:.0} MB",
        report.len(),
        report.heap_bytes() as f64 / 1e6,
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        peak as f64 / 1024.0
    );
}

fn from_store(rows: usize) {
    let dir = tempfile::tempdir().expect("folder");
    let path = dir.path().join("h.sqlite3");
    let mut store = Store::open_sqlite(path.clone()).expect("store");
    support::fill(&mut store, rows);
    drop(store);
    let status = std::env::current_exe()
        .and_then(|exe| std::process::Command::new(exe).env(CHILD, &path).status());
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("memory: the process loading from the store failed");
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    if let Ok(path) = std::env::var(CHILD) {
        load_store(&path);
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
    drop(report);
    from_store(rows);
}

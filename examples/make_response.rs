//! Writes a `diagram_11` response JSON of N seeded synthetic calls (default 1,000,000),
//! the same shape Wolkvox sends, for benchmarks and comparisons with other tools:
//!
//!     cargo run --release --example make_response -- OUT.json [N]
//!
//! The calls come from the fake server's generator (seed 3, 40,000 calls a day, from
//! 2026-10-01 00:00:00 on), so every run writes the same file to the byte.

use std::path::PathBuf;
use std::process::ExitCode;

use wolkvox_ivr::fake::{large_calls, response_body};

const DEFAULT_CALLS: usize = 1_000_000;
/// How far the generator may go to find N calls: 60 days at 40k a day is ~2.4M.
/// The days `large_calls` draws from.
const SPAN_DAYS: i64 = 60;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: make_response OUT.json [N]   (N calls, default {DEFAULT_CALLS})");
        return ExitCode::from(2);
    };
    let n = match args.next() {
        None => DEFAULT_CALLS,
        Some(s) => match s.to_str().map(|s| s.replace('_', "")).map(|s| s.parse()) {
            Some(Ok(n)) => n,
            _ => {
                eprintln!(
                    "N must be a whole number of calls, got {}",
                    s.to_string_lossy()
                );
                return ExitCode::from(2);
            }
        },
    };

    let calls = large_calls(n);
    let body = response_body(&calls, false);
    if let Err(e) = std::fs::write(&out, &body) {
        eprintln!("could not write {}: {e}", out.display());
        return ExitCode::from(5);
    }
    eprintln!(
        "{} calls, {:.1} MB written to {}",
        calls.len(),
        body.len() as f64 / 1e6,
        out.display()
    );
    if calls.len() < n {
        eprintln!("note: {SPAN_DAYS} days hold only {} calls", calls.len());
    }
    ExitCode::SUCCESS
}

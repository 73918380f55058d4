//! Shared by the benchmarks: a history holding the large operation's calls.
#![allow(dead_code)]

use wolkvox_ivr::fake::{large_calls, response_body};
use wolkvox_ivr::report::{Report, Stamp};
use wolkvox_ivr::store::Store;
use wolkvox_ivr::wolkvox::{ServerName, TimeRange};

/// The operation the stored calls belong to.
pub fn bench_server() -> ServerName {
    ServerName::parse("0002").expect("server name")
}

/// When the benchmark's answers were asked for: long after the calls, so all is covered.
pub fn asked_at() -> Stamp {
    Stamp::from_parts(2027, 1, 1, 0, 0, 0).unwrap_or(Stamp::NONE)
}

/// The first `rows` calls of the large operation as one typed answer, and its range.
pub fn answer(rows: usize) -> (Report, TimeRange) {
    let calls = large_calls(rows);
    let mut report = Report::new();
    report
        .ingest(&response_body(&calls, false))
        .expect("generated answer");
    let (first, last) = (calls[0].at, calls[calls.len() - 1].at);
    (report, TimeRange::from_seconds(first, last).expect("range"))
}

/// Stores `answer` for `range` as the benchmark's operation asked for it.
pub fn keep(store: &mut Store, range: TimeRange, answer: &Report) {
    store
        .keep_answer(bench_server(), range, asked_at(), 3600, true, answer)
        .expect("stored");
}

/// Stores the first `rows` calls of the large operation, one answer per calendar day as
/// a fetch split by the row cap keeps them; returns the range they span.
pub fn fill(store: &mut Store, rows: usize) -> TimeRange {
    let calls = large_calls(rows);
    let day = |at: i64| at.div_euclid(86_400);
    let (first, last) = (calls[0].at, calls[calls.len() - 1].at);
    let mut start = 0;
    while start < calls.len() {
        let d = day(calls[start].at);
        let end = calls[start..]
            .iter()
            .position(|c| day(c.at) != d)
            .map_or(calls.len(), |n| start + n);
        let mut report = Report::new();
        report
            .ingest(&response_body(&calls[start..end], false))
            .expect("generated answer");
        let range =
            TimeRange::from_seconds((d * 86_400).max(first), (d * 86_400 + 86_399).min(last))
                .expect("day");
        keep(store, range, &report);
        start = end;
    }
    TimeRange::from_seconds(first, last).expect("range")
}

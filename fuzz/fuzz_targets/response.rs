//! The body reader: the plain serde_json way, the walk in one piece and the walk in
//! pieces on every core, each with and without the scan of plain-string rows, must read
//! any body alike, into an empty report and into one that already holds calls, and a
//! body that fails to read must leave the report as it was.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use serde::de::IgnoredAny;
use wolkvox_ivr::fake::{large_calls, response_body};
use wolkvox_ivr::report::parse::Way;
use wolkvox_ivr::report::{BodyReader, Ingested, ReadError, Report};

const READERS: [BodyReader; 5] = [
    BodyReader::Plain,
    BodyReader::Walk {
        split_from: usize::MAX,
    },
    BodyReader::Walk { split_from: 0 },
    BodyReader::Scan {
        split_from: usize::MAX,
    },
    BodyReader::Scan { split_from: 0 },
];

/// A report holding a few calls, so merges and duplicates are exercised too.
fn with_calls() -> &'static (Report, Vec<String>) {
    static BEFORE: OnceLock<(Report, Vec<String>)> = OnceLock::new();
    BEFORE.get_or_init(|| {
        let mut report = Report::new();
        report
            .ingest_by(&response_body(&large_calls(8), false), BodyReader::Plain)
            .expect("the generated body reads");
        let calls = report.describe_calls();
        (report, calls)
    })
}

/// Reads `body` into a copy of `before`; the outcome leaves out which way it went.
fn read(
    before: &Report,
    body: &[u8],
    reader: BodyReader,
) -> (Result<Ingested, ReadError>, Vec<String>) {
    let mut report = before.clone();
    let mut got = report.ingest_by(body, reader);
    if let Ok(ingested) = &mut got {
        ingested.way = Way::default();
    }
    (got, report.describe_calls())
}

fn check(before: &Report, before_calls: &[String], body: &[u8]) {
    let plain = read(before, body, BodyReader::Plain);
    for reader in &READERS[1..] {
        let other = read(before, body, *reader);
        assert_eq!(plain.0, other.0, "{reader:?} gave another result");
        assert!(plain.1 == other.1, "{reader:?} gave other calls");
    }
    match &plain.0 {
        Err(_) => assert!(plain.1 == before_calls, "a failed read changed the report"),
        Ok(ingested) => {
            // Rows are counted before duplicates merge, so the report grows by at
            // most that many calls; "no records" adds none.
            assert!(plain.1.len() >= before_calls.len(), "calls were lost");
            assert!(
                plain.1.len() - before_calls.len() <= ingested.rows,
                "more new calls than rows"
            );
            if ingested.no_records {
                assert_eq!(ingested.rows, 0);
                assert!(plain.1 == before_calls, "\"no records\" changed the report");
            }
            // Only JSON is ever accepted, by its grammar: values the reader skips
            // (unknown keys, lists inside `data`) are checked the way serde_json skips
            // them, with no UTF-8 check of texts and no range check of numbers.
            let json = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
            assert!(
                serde_json::from_slice::<IgnoredAny>(json).is_ok(),
                "accepted a body that is not JSON"
            );
        }
    }
}

fuzz_target!(|body: &[u8]| {
    check(&Report::new(), &[], body);
    let (before, calls) = with_calls();
    check(before, calls, body);
});

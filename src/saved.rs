//! Saved reports: the merged rows, each value exactly as received, written as a
//! `diagram_11`-shaped response that any reader of the API's answers understands, plus
//! one extra top-level key recording what was asked for and what is still missing.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::report::{Field, Ingested, META_KEY, Report};
use crate::wolkvox::TimeRange;

/// What a saved file records besides its rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedMeta {
    /// The server number the rows came from (`demo` for demo data).
    pub server: Option<String>,
    /// The ranges that were asked for.
    pub requested: Vec<TimeRange>,
    /// Ranges that could not be fetched: fetch them alone later to complete the set.
    pub missing: Vec<TimeRange>,
    /// Ranges that hit the API's row cap even at one minute: possibly incomplete.
    pub capped: Vec<TimeRange>,
    /// When the calls were loaded, on the operation's clock (`2026-12-01T09:05:00`), so an
    /// export of the opened file can still say it.
    pub loaded_at: Option<jiff::civil::DateTime>,
}

impl SavedMeta {
    /// The record of a file just read, if it was saved by this program.
    pub fn from_ingested(got: &Ingested) -> Option<SavedMeta> {
        got.meta
            .as_ref()
            .and_then(|v| serde_json::from_value(v.clone()).ok())
    }
}

/// Writes `report` as a response body with `meta` under its own key.
pub fn write_response<W: Write>(report: &Report, meta: &SavedMeta, mut w: W) -> io::Result<()> {
    write!(
        w,
        "{{\"code\":200,\"error\":null,\"msg\":\"{} records were found\",\"data\":[",
        report.len()
    )?;
    for (i, call) in report.calls().iter().enumerate() {
        w.write_all(if i == 0 { b"\n{" } else { b",\n{" })?;
        let mut first = true;
        for field in Field::ALL {
            let Some(value) = report.raw(call, field) else {
                continue;
            };
            if !first {
                w.write_all(b",")?;
            }
            first = false;
            write!(w, "\"{}\":", field.api_name())?;
            serde_json::to_writer(&mut w, value)?;
        }
        w.write_all(b"}")?;
    }
    write!(w, "\n],\"{META_KEY}\":")?;
    serde_json::to_writer(&mut w, meta)?;
    w.write_all(b"}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_file_reads_back_identically_with_its_record() {
        let body = br#"{"code":"200","data":[
            {"conn_id":"1.2","time_on_rp":"27:03:10","ani":"+573001234567","customer_id":"000123",
             "agent_name":"Jos\u00e9 \"Pepe\" \u00d1\\","go_to_agent":"S\u00cd","extra":1},
            {"conn_id":"-","time_on_rp":"-","end_date_rp":""}
        ]}"#;
        let mut r = Report::new();
        r.ingest(body).unwrap();
        let range = TimeRange::from_seconds(0, 3600).unwrap();
        let meta = SavedMeta {
            server: Some("0002".into()),
            requested: vec![range],
            missing: vec![range],
            capped: vec![],
            loaded_at: Some(jiff::civil::date(2026, 12, 1).at(9, 5, 0, 0)),
        };
        let mut out = Vec::new();
        write_response(&r, &meta, &mut out).unwrap();
        let mut back = Report::new();
        let got = back.ingest(&out).unwrap();
        assert_eq!(back.len(), 2);
        for (a, b) in r.calls().iter().zip(back.calls()) {
            for f in Field::ALL {
                assert_eq!(r.raw(a, f), back.raw(b, f), "{f:?}");
            }
        }
        assert_eq!(SavedMeta::from_ingested(&got), Some(meta));
        assert_eq!(
            back.raw(&back.calls()[0], Field::AgentName),
            Some("José \"Pepe\" Ñ\\")
        );
    }
}

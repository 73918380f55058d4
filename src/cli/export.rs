//! `export`: saved responses or a fresh fetch, written as XLSX or CSV in date order, for
//! scheduled exports (Task Scheduler, cron) as much as for a one-off.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use super::compare::{PeriodArgs, merged};
use super::{Exit, Failure, NetArgs, dates_filter, load};
use crate::export::{EXCEL_MAX_ROWS, ExportComparison, ExportError, ExportOptions, Format, export};
use crate::i18n::{self, Lang, fill};
use crate::report::{Comparison, Field, Reading, Report};
use crate::settings::Settings;

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Saved responses to read; several files are merged (the last copy of a call wins)
    #[arg(long, value_name = "FILE.json", num_args = 1.., conflicts_with_all = ["server", "demo"])]
    pub input: Vec<PathBuf>,

    /// Where calls come from over the network, and which dates
    #[command(flatten)]
    pub net: NetArgs,

    /// Where to write: FILE.xlsx or FILE.csv (an existing file is replaced only when the
    /// new one is complete)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,

    /// File type: xlsx, csv (for Excel) or csv-plain (default: from the --out extension)
    #[arg(long, value_parser = super::format_parser(), value_name = "xlsx|csv|csv-plain")]
    pub format: Option<Format>,

    /// IVR time above this many seconds counts as long (default: saved preference, 120)
    #[arg(long = "long-ivr", value_name = "SECONDS")]
    pub long_ivr: Option<u32>,

    /// Two periods to compare on a sheet of their own (.xlsx only)
    #[command(flatten)]
    pub periods: PeriodArgs,
}

/// The calls of `report` in date order, then by call id; calls without a readable date
/// come last, and equal ones keep their arrival order.
pub fn date_order(report: &Report) -> Vec<u32> {
    in_date_order(report, &(0..report.len() as u32).collect::<Vec<_>>())
}

/// From this many rows in each half, the two halves are ordered on two cores.
const IN_TWO_FROM: usize = 50_000;

/// The calls at `rows` in the order of [`date_order`].
pub fn in_date_order(report: &Report, rows: &[u32]) -> Vec<u32> {
    let calls = report.calls();
    // Readable times first, in time order, then rows without a time, then rows whose
    // time cannot be read: one number per row. Times lie within years 1 to 9999, well
    // inside 2^40 seconds either side of 1970.
    let when = |i: u32| match calls.get(i as usize).map(|c| c.started.reading()) {
        Some(Reading::Value(s)) => s.saturating_add(1 << 40).clamp(0, (1 << 62) - 1) as u64,
        Some(Reading::Empty) => 1 << 62,
        _ => 2 << 62,
    };
    let id = |i: u32| {
        calls
            .get(i as usize)
            .and_then(|c| report.raw(c, Field::ConnId))
    };
    // The times side by side with the rows, so sorting reads no call; a stable sort
    // keeps rows of the same time in the order given. Rows of the same time are then
    // put by call id (still stable): only there is an id read.
    let sorted = |part: &[u32]| {
        let mut keyed: Vec<(u64, u32)> = part.iter().map(|&i| (when(i), i)).collect();
        keyed.sort_by_key(|e| e.0);
        crate::report::view::each_tie(&mut keyed, |_, run| {
            run.sort_by(|x, y| id(x.1).cmp(&id(y.1)));
        });
        keyed
    };
    if rows.len() < 2 * IN_TWO_FROM {
        return sorted(rows).into_iter().map(|(_, i)| i).collect();
    }
    // A large list is ordered in two halves, each on its own core, then merged: a
    // stable merge of two stably sorted halves, taking from the first half on a tie,
    // is the stable sort of the whole. Calls usually come in date order, so the halves
    // seldom overlap and the merge mostly copies.
    let (first, second) = rows.split_at(rows.len() / 2);
    let (a, b) = crate::join(|| sorted(first), || sorted(second));
    let mut order = Vec::with_capacity(rows.len());
    let (mut x, mut y) = (0, 0);
    while let (Some(&(wa, ia)), Some(&(wb, ib))) = (a.get(x), b.get(y)) {
        if wb < wa || (wb == wa && id(ib) < id(ia)) {
            order.push(ib);
            y += 1;
        } else {
            order.push(ia);
            x += 1;
        }
    }
    order.extend(a[x..].iter().chain(&b[y..]).map(|&(_, i)| i));
    order
}

/// `wolkvox-ivr export`.
pub fn run(args: &ExportArgs, lang: Lang, settings: &Settings) -> Result<Exit, Failure> {
    let t = lang.texts();
    // Decide the format before fetching, so a typo costs no request.
    let format = args
        .format
        .or_else(|| Format::from_path(&args.out))
        .ok_or_else(|| Failure {
            exit: Exit::Usage,
            message: t.export_usage_format.to_string(),
        })?;
    let periods = args.periods.read(lang, settings)?;
    if periods.is_some() && format != Format::Xlsx {
        return Err(Failure {
            exit: Exit::Usage,
            message: t.compare_usage_not_xlsx.to_string(),
        });
    }
    let fetching = args.net.server.is_some() || args.net.demo;
    // A fetch brings the --from/--to range and both periods.
    let ranges = match (&periods, fetching) {
        (Some(p), true) => {
            let mut wanted = vec![p.a, p.b];
            if args.net.from.is_some() && args.net.to.is_some() {
                wanted.extend(dates_filter(&args.net, lang, settings)?);
            }
            merged(wanted)
        }
        _ => Vec::new(),
    };
    let loaded = load(&args.input, &args.net, ranges, lang, settings)?;
    let report = &loaded.report;
    let rows = in_date_order(report, &loaded.rows);
    let long_ivr_secs = args.long_ivr.unwrap_or(settings.long_ivr_secs);
    let comparison = periods.map(|p| {
        // Calls without a date are exported all the same; they are in neither period.
        let (a, b, _) = p.cut(report, &loaded.rows);
        ExportComparison {
            a: p.a,
            b: p.b,
            comparison: Comparison::of(report, &a, &b, long_ivr_secs),
        }
    });
    let opts = ExportOptions {
        format,
        lang,
        long_ivr_secs,
        xlsx_row_limit: EXCEL_MAX_ROWS,
        comparison,
        provenance: Some(loaded.provenance()),
    };
    let line = ProgressLine::new(lang, rows.len());
    let written = export(report, &rows, &args.out, &opts, &|done| {
        line.show(done);
        true
    });
    line.finish();
    let exit = loaded.exit;
    super::leave_to_exit(loaded);
    let written = written.map_err(|e| failure(&e, lang))?;
    eprintln!(
        "{}",
        fill(
            t.export_written,
            &[
                ("n", &i18n::int(lang, written as u64)),
                ("path", &args.out.display())
            ]
        )
    );
    Ok(exit)
}

/// The exit code and message of a failed export.
pub(super) fn failure(e: &ExportError, lang: Lang) -> Failure {
    Failure {
        exit: match e {
            ExportError::NotAFile { .. } | ExportError::Write { .. } => Exit::File,
            ExportError::Cancelled => Exit::Nothing,
        },
        message: e.message(lang),
    }
}

/// "N of M calls written", rewritten in place on a terminal; silent in a scheduler's log.
struct ProgressLine {
    lang: Lang,
    total: usize,
    terminal: bool,
}

impl ProgressLine {
    fn new(lang: Lang, total: usize) -> ProgressLine {
        ProgressLine {
            lang,
            total,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn show(&self, done: usize) {
        if !self.terminal {
            return;
        }
        let line = fill(
            self.lang.texts().export_progress,
            &[
                ("done", &i18n::int(self.lang, done as u64)),
                ("total", &i18n::int(self.lang, self.total as u64)),
            ],
        );
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }

    fn finish(&self) {
        if self.terminal {
            eprint!("\r\x1b[2K");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body of `rows` calls, the `k`th at the second `second(k)` of October (none for
    /// every 997th), with ids that repeat.
    fn body_of(rows: usize, second: impl Fn(usize) -> usize) -> String {
        let mut body = String::from(r#"{"code":200,"data":["#);
        for k in 0..rows {
            let second = second(k);
            let date = if k % 997 == 0 {
                String::new()
            } else {
                format!(
                    "2026-10-{:02} {:02}:{:02}:{:02}",
                    1 + second / 3600 / 24 % 28,
                    second / 3600 % 24,
                    second / 60 % 60,
                    second % 60
                )
            };
            let sep = if k == 0 { "" } else { "," };
            body.push_str(&format!(
                r#"{sep}{{"conn_id":"c{}","end_date_rp":"{date}"}}"#,
                (k * 31) % 1_000
            ));
        }
        body.push_str("]}");
        body
    }

    #[test]
    fn a_large_list_is_put_in_date_order_then_by_call_id_as_a_plain_sort_would() {
        let rows = 2 * IN_TWO_FROM + 9_000;
        // Many calls per second, out of order, with ids that tie across the middle; and
        // calls already in date order, several per second, as Wolkvox sends them, with a
        // second shared by the two halves.
        for body in [
            body_of(rows, |k| (k * 7_919) % 30_011),
            body_of(rows, |k| k / 3),
        ] {
            let mut report = Report::new();
            report.ingest(body.as_bytes()).unwrap();
            let calls = report.calls();
            let mut plain: Vec<u32> = (0..report.len() as u32).collect();
            plain.sort_by_key(|&i| {
                let c = &calls[i as usize];
                let when = match c.started.reading() {
                    Reading::Value(s) => (0, s),
                    Reading::Empty => (1, 0),
                    _ => (2, 0),
                };
                (when, report.raw(c, Field::ConnId).unwrap_or("").to_string())
            });
            assert_eq!(date_order(&report), plain);
        }
    }
}

//! `compare`: period A against period B, in words or as one JSON object, from saved
//! responses cut into the two periods or from a fetch of what the periods need.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::{
    Exit, Failure, NetArgs, SummaryJson, dates_filter, keep_dated, load, print_json, usage,
    warn_undated, when,
};
use crate::i18n::{self, Lang, fill, verdict};
use crate::report::{Comparison, Deltas, MedianDiff, Period, RateDiff, Report, RoutingPointDelta};
use crate::settings::Settings;
use crate::wolkvox::TimeRange;
use crate::wolkvox::when::End;

/// The two periods of a comparison, as typed.
#[derive(Debug, Args, Default)]
pub struct PeriodArgs {
    /// Start of period A (the "before"): same forms as --from
    #[arg(long = "a-from", value_name = "T", allow_hyphen_values = true)]
    pub a_from: Option<String>,

    /// End of period A (inclusive): same forms as --to
    #[arg(long = "a-to", value_name = "T", allow_hyphen_values = true)]
    pub a_to: Option<String>,

    /// Start of period B (the "after"): same forms as --from
    #[arg(long = "b-from", value_name = "T", allow_hyphen_values = true)]
    pub b_from: Option<String>,

    /// End of period B (inclusive): same forms as --to
    #[arg(long = "b-to", value_name = "T", allow_hyphen_values = true)]
    pub b_to: Option<String>,
}

/// Period A and period B, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periods {
    /// The "before".
    pub a: Period,
    /// The "after".
    pub b: Period,
}

impl PeriodArgs {
    /// Whether any of the four dates was given.
    pub fn any(&self) -> bool {
        [&self.a_from, &self.a_to, &self.b_from, &self.b_to]
            .iter()
            .any(|d| d.is_some())
    }

    /// The two periods; `None` when no date was given, a usage failure when only some
    /// were or a period is backwards.
    pub fn read(&self, lang: Lang, settings: &Settings) -> Result<Option<Periods>, Failure> {
        let t = lang.texts();
        if !self.any() {
            return Ok(None);
        }
        let (Some(af), Some(at), Some(bf), Some(bt)) =
            (&self.a_from, &self.a_to, &self.b_from, &self.b_to)
        else {
            return Err(usage(t.compare_usage_periods.to_string()));
        };
        let period = |from: &str, to: &str, name: &str| -> Result<Period, Failure> {
            let from = when(from, End::From, lang, settings)?;
            let to = when(to, End::To, lang, settings)?;
            Period::new(from, to).ok_or_else(|| {
                usage(fill(
                    t.compare_usage_backwards,
                    &[("name", &name), ("flag", &name.to_ascii_lowercase())],
                ))
            })
        };
        Ok(Some(Periods {
            a: period(af, at, "A")?,
            b: period(bf, bt, "B")?,
        }))
    }
}

impl Periods {
    /// What a fetch must bring for both periods: one range when they overlap or touch,
    /// else one each.
    pub fn ranges(&self) -> Vec<TimeRange> {
        merged(vec![self.a, self.b])
    }

    /// The rows of `rows` in period A and in period B, and how many rows had no readable
    /// date (in neither).
    pub fn cut(&self, report: &Report, rows: &[u32]) -> (Vec<u32>, Vec<u32>, u64) {
        let a = self.a.rows_in(report, rows);
        let b = self.b.rows_in(report, rows);
        (a.rows, b.rows, a.undated)
    }
}

/// `periods` as few ranges to fetch as cover them: overlapping or touching ones joined.
pub fn merged(mut periods: Vec<Period>) -> Vec<TimeRange> {
    periods.sort_by_key(|p| p.from);
    let secs = |s: crate::report::Stamp| s.seconds().unwrap_or(0);
    let mut joined: Vec<Period> = Vec::new();
    for p in periods {
        match joined.last_mut() {
            Some(last) if secs(p.from) <= secs(last.to).saturating_add(1) => {
                last.to = last.to.max(p.to);
            }
            _ => joined.push(p),
        }
    }
    joined
        .into_iter()
        .filter_map(|p| TimeRange::new(p.from, p.to))
        .collect()
}

/// Arguments of `compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Saved responses to read; several files are merged (the last copy of a call wins)
    #[arg(long, value_name = "FILE.json", num_args = 1.., conflicts_with_all = ["server", "demo"])]
    pub input: Vec<PathBuf>,

    /// Where calls come from over the network (a fetch brings what both periods need);
    /// --from and --to, if given, also limit both periods
    #[command(flatten)]
    pub net: NetArgs,

    /// The two periods
    #[command(flatten)]
    pub periods: PeriodArgs,

    /// IVR time above this many seconds counts as long (default: saved preference, 120)
    #[arg(long = "long-ivr", value_name = "SECONDS")]
    pub long_ivr: Option<u32>,

    /// Print one JSON object instead of words
    #[arg(long)]
    pub json: bool,
}

/// The object `compare --json` prints.
#[derive(Debug, Serialize)]
struct CompareJson<'a> {
    a: SummaryJson,
    b: SummaryJson,
    delta: &'a Deltas,
    by_routing_point: &'a [RoutingPointDelta],
}

/// `wolkvox-ivr compare`.
pub fn run(args: &CompareArgs, lang: Lang, settings: &Settings) -> Result<Exit, Failure> {
    let t = lang.texts();
    // Read the dates before anything is fetched, so a typo costs no request.
    let periods = args
        .periods
        .read(lang, settings)?
        .ok_or_else(|| usage(t.compare_usage_periods.to_string()))?;
    let limit = dates_filter(&args.net, lang, settings)?;
    let fetching = args.net.server.is_some() || args.net.demo;
    let mut loaded = load(&args.input, &args.net, periods.ranges(), lang, settings)?;
    // Saved files were already limited to --from/--to by `load`.
    if fetching && let Some(limit) = limit {
        loaded.rows = keep_dated(&loaded.report, &loaded.rows, &limit, lang);
    }
    let report = &loaded.report;
    let (a, b, undated) = periods.cut(report, &loaded.rows);
    warn_undated(undated, lang);
    let threshold = args.long_ivr.unwrap_or(settings.long_ivr_secs);
    let comparison = Comparison::of(report, &a, &b, threshold);
    if args.json {
        // The words about overlap and empty periods go to stderr, beside the object.
        for line in notes(&periods, &comparison, lang) {
            eprintln!("{line}");
        }
        print_json(&CompareJson {
            a: SummaryJson::of(report, &a, threshold),
            b: SummaryJson::of(report, &b, threshold),
            delta: &comparison.delta,
            by_routing_point: &comparison.by_routing_point,
        })?;
    } else {
        print!("{}", compare_text(&periods, &comparison, lang));
    }
    Ok(loaded.exit)
}

/// What the reader must know before the numbers: overlapping periods, empty periods.
pub fn notes(periods: &Periods, c: &Comparison, lang: Lang) -> Vec<String> {
    let t = lang.texts();
    let mut out = Vec::new();
    let (a, b) = (periods.a, periods.b);
    out.extend(i18n::overlap_line(lang, &a, &b));
    match (c.a.calls, c.b.calls) {
        (0, 0) => out.push(t.compare_empty_both.to_string()),
        (0, _) | (_, 0) => {
            let (name, p) = if c.a.calls == 0 { ("A", a) } else { ("B", b) };
            out.push(fill(
                t.compare_empty_one,
                &[
                    ("name", &name),
                    ("from", &i18n::stamp(lang, p.from)),
                    ("to", &i18n::stamp(lang, p.to)),
                ],
            ));
        }
        _ => {}
    }
    out
}

/// A signed number of percentage points with one decimal: `+3,3` / `-0.5`.
pub fn signed_points(lang: Lang, diff: f64) -> String {
    let points = (diff * 1000.0).round() / 10.0;
    let sign = if points >= 0.0 { "+" } else { "" };
    format!("{sign}{}", i18n::decimal1(lang, points))
}

/// A signed duration: `+0:07` / `-1:05`.
pub fn signed_duration(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "+" };
    format!("{sign}{}", i18n::duration(secs.unsigned_abs()))
}

/// One measure of a comparison in words: its name, its value in A and in B, and the
/// change with its verdict when both periods have a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// The key of the measure under `delta` in `compare --json`.
    pub key: &'static str,
    /// Its name.
    pub label: String,
    /// Its value in period A.
    pub a: String,
    /// Its value in period B.
    pub b: String,
    /// The change ("+3,3 puntos", "-0:07") and its verdict.
    pub change: Option<(String, &'static str)>,
}

impl Measure {
    /// "Retención: 38,2 % → 41,5 % (+3,3 puntos, probablemente real)".
    pub fn line(&self) -> String {
        let mut line = format!("{}: {} → {}", self.label, self.a, self.b);
        if let Some((change, verdict)) = &self.change {
            let _ = write!(line, " ({change}, {verdict})");
        }
        line
    }
}

/// A rate measure of a comparison in words.
pub fn rate_measure(lang: Lang, key: &'static str, label: &str, d: &RateDiff) -> Measure {
    let t = lang.texts();
    let rate = |r: Option<f64>| {
        r.map(|r| i18n::percent(lang, r))
            .unwrap_or_else(|| t.summary_no_value.to_string())
    };
    Measure {
        key,
        label: label.to_string(),
        a: rate(d.a),
        b: rate(d.b),
        change: match (d.diff, d.likely_real) {
            (Some(diff), Some(_)) => Some((
                fill(t.compare_points, &[("diff", &signed_points(lang, diff))]),
                verdict(t, d.likely_real),
            )),
            _ => None,
        },
    }
}

/// The median IVR time of a comparison in words.
pub fn median_measure(lang: Lang, d: &MedianDiff) -> Measure {
    let t = lang.texts();
    let time = |s: Option<u32>| {
        s.map(|s| i18n::duration(u64::from(s)))
            .unwrap_or_else(|| t.summary_no_value.to_string())
    };
    Measure {
        key: "median_ivr",
        label: t.compare_median_ivr.to_string(),
        a: time(d.a),
        b: time(d.b),
        change: match (d.diff, d.likely_real) {
            (Some(diff), Some(_)) => Some((signed_duration(diff), verdict(t, d.likely_real))),
            _ => None,
        },
    }
}

/// The measures of all calls, in the order `compare` writes them.
pub fn measures(c: &Comparison, lang: Lang) -> Vec<Measure> {
    let t = lang.texts();
    let d = &c.delta;
    vec![
        rate_measure(
            lang,
            "retention_rate",
            t.compare_retention,
            &d.retention_rate,
        ),
        rate_measure(lang, "transfer_rate", t.compare_transfer, &d.transfer_rate),
        rate_measure(
            lang,
            "queue_abandon_rate",
            t.compare_queue_abandon,
            &d.queue_abandon_rate,
        ),
        rate_measure(
            lang,
            "long_ivr_share",
            &long_label(lang, c.long_ivr_secs),
            &d.long_ivr_share,
        ),
        median_measure(lang, &d.median_ivr),
    ]
}

/// "IVR largo (más de 2:00)".
fn long_label(lang: Lang, secs: u32) -> String {
    fill(
        lang.texts().summary_long_ivr,
        &[("threshold", &i18n::duration(u64::from(secs)))],
    )
}

/// The comparison in plain words.
pub fn compare_text(periods: &Periods, c: &Comparison, lang: Lang) -> String {
    let t = lang.texts();
    let mut out = String::new();
    let _ = writeln!(out, "{}", t.compare_title);
    for (name, p, calls) in [("A", &periods.a, c.a.calls), ("B", &periods.b, c.b.calls)] {
        let _ = writeln!(out, "  {}", i18n::period_line(lang, name, p, calls));
    }
    let _ = writeln!(out, "  {}", t.compare_rows_note);
    for note in notes(periods, c, lang) {
        let _ = writeln!(out, "  {note}");
    }
    if c.a.calls == 0 || c.b.calls == 0 {
        return out;
    }
    out.push('\n');
    for m in measures(c, lang) {
        let _ = writeln!(out, "  {}", m.line());
    }
    let _ = writeln!(out, "\n  {}", t.compare_verdict_note);
    if !c.by_routing_point.is_empty() {
        let _ = writeln!(out, "\n{}", t.compare_by_rp);
        for rp in &c.by_routing_point {
            let head = fill(
                t.compare_rp_calls,
                &[
                    ("rp", &rp.rp_id.as_deref().unwrap_or("-")),
                    ("a", &i18n::int(lang, rp.a_calls)),
                    ("b", &i18n::int(lang, rp.b_calls)),
                ],
            );
            let _ = writeln!(out, "  {head}");
            let long = long_label(lang, c.long_ivr_secs);
            for m in [
                rate_measure(
                    lang,
                    "retention_rate",
                    t.compare_retention,
                    &rp.retention_rate,
                ),
                rate_measure(lang, "long_ivr_share", &long, &rp.long_ivr_share),
                median_measure(lang, &rp.median_ivr),
            ] {
                let _ = writeln!(out, "    {}", m.line());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Stamp;

    fn period(d1: u32, d2: u32) -> Period {
        Period::new(
            Stamp::from_parts(2026, 11, d1, 0, 0, 0).unwrap(),
            Stamp::from_parts(2026, 11, d2, 23, 59, 59).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn a_fetch_asks_once_for_periods_that_overlap_or_touch() {
        let p = Periods {
            a: period(1, 7),
            b: period(8, 14),
        };
        assert_eq!(p.ranges().len(), 1);
        assert_eq!(p.ranges()[0].to(), period(14, 14).to);
        let p = Periods {
            a: period(10, 14),
            b: period(1, 12),
        };
        assert_eq!(p.ranges().len(), 1);
        assert_eq!(p.ranges()[0].from(), period(1, 1).from);
        let p = Periods {
            a: period(1, 3),
            b: period(20, 21),
        };
        assert_eq!(p.ranges().len(), 2);
    }

    #[test]
    fn changes_read_with_a_sign() {
        assert_eq!(signed_points(Lang::Es, 0.033), "+3,3");
        assert_eq!(signed_points(Lang::En, -0.005), "-0.5");
        assert_eq!(signed_points(Lang::En, -0.0001), "+0.0");
        assert_eq!(signed_duration(-7), "-0:07");
        assert_eq!(signed_duration(65), "+1:05");
    }

    #[test]
    fn the_retention_line_reads_as_a_sentence() {
        let d = RateDiff {
            a: Some(0.382),
            b: Some(0.415),
            diff: Some(0.415 - 0.382),
            low: Some(0.01),
            high: Some(0.05),
            likely_real: Some(true),
        };
        assert_eq!(
            rate_measure(Lang::Es, "r", "Retención", &d).line(),
            "Retención: 38,2 % → 41,5 % (+3,3 puntos, probablemente real)"
        );
        let d = RateDiff {
            likely_real: Some(false),
            ..d
        };
        assert_eq!(
            rate_measure(Lang::En, "r", "Retention", &d).line(),
            "Retention: 38.2% → 41.5% (+3.3 points, within normal variation)"
        );
        let d = RateDiff::of(0, 0, 1, 2);
        assert_eq!(
            rate_measure(Lang::En, "r", "Retention", &d).line(),
            "Retention: no data → 50.0%"
        );
    }
}

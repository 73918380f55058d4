//! The page's sections that build on the trend, the paths and the comparison: each made
//! from the same functions as `summary --json` and `compare`, so the numbers agree.

use super::{PageError, raw_f, raw_u};
use crate::cli::compare::{Periods, measures, notes};
use crate::cli::path_text;
use crate::i18n::{self, Lang, Texts, fill};
use crate::report::paths::Paths;
use crate::report::{Bucket, Comparison, RateDiff, Report, trend};

/// How many paths the page lists.
pub const PAGE_PATHS: usize = 10;

/// One period of the trend.
pub(super) struct TrendRow {
    /// The period's start as `summary --json` dates it (`YYYY-MM-DD` per day).
    pub(super) when_raw: String,
    pub(super) when: String,
    /// (shown, raw) for calls, retained, transferred, retention rate, median IVR.
    pub(super) cells: [(String, String); 5],
}

/// The trend section.
pub(super) struct TrendSection {
    pub(super) title: &'static str,
    /// `hour`, `day` or `week`.
    pub(super) bucket: &'static str,
    pub(super) svg: String,
    pub(super) titles: [&'static str; 6],
    pub(super) rows: Vec<TrendRow>,
    pub(super) undated: Option<String>,
}

/// The trend of `rows`: per hour for a span of one or two days, per week past 120.
pub(super) fn trend_section(
    report: &Report,
    rows: &[u32],
    span: Option<(i64, i64)>,
    long_ivr_secs: u32,
    lang: Lang,
) -> Result<Option<TrendSection>, PageError> {
    let t = lang.texts();
    let Some((first, last)) = span else {
        return Ok(None);
    };
    let days = last.div_euclid(86_400) - first.div_euclid(86_400) + 1;
    let bucket = Bucket::for_days(days);
    let tr = trend(report, rows, bucket, long_ivr_secs, None);
    if tr.points.is_empty() {
        return Ok(None);
    }
    let none = || t.summary_no_value.to_string();
    let n = |v: u64| (i18n::int(lang, v), v.to_string());
    let mut labels = Vec::with_capacity(tr.points.len());
    let mut out = Vec::with_capacity(tr.points.len());
    for p in &tr.points {
        let Some(start) = p.start.civil() else {
            continue;
        };
        let d = start.date();
        let short = match lang {
            Lang::Es => format!("{:02}/{:02}", d.day(), d.month()),
            Lang::En => format!("{:02}-{:02}", d.month(), d.day()),
        };
        let (when, label, when_raw) = match bucket {
            Bucket::Hour => (
                format!("{} {:02}:00", i18n::date(lang, d), start.hour()),
                format!("{:02}h", start.hour()),
                format!("{d}T{:02}:00", start.hour()),
            ),
            Bucket::Day | Bucket::Week => (i18n::date(lang, d), short, d.to_string()),
        };
        labels.push(label);
        out.push(TrendRow {
            when_raw,
            when,
            cells: [
                n(p.calls),
                n(p.retained),
                n(p.transferred),
                (
                    p.retention_rate
                        .map_or_else(none, |r| i18n::percent(lang, r)),
                    raw_f(p.retention_rate, 6),
                ),
                (
                    p.median_ivr
                        .map_or_else(none, |s| i18n::duration(u64::from(s))),
                    raw_u(p.median_ivr),
                ),
            ],
        });
    }
    let rates: Vec<Option<f64>> = tr.points.iter().map(|p| p.retention_rate).collect();
    let svg = super::charts::trend(&rates, &labels, lang, t.compare_retention)
        .map_err(|e| PageError(e.0))?;
    let (title, name) = match bucket {
        Bucket::Hour => (t.page_trend_hour, "hour"),
        Bucket::Day => (t.page_trend_day, "day"),
        Bucket::Week => (t.page_trend_week, "week"),
    };
    Ok(Some(TrendSection {
        title,
        bucket: name,
        svg,
        titles: [
            t.page_trend_col_when,
            t.summary_col_calls,
            t.summary_col_retained,
            t.summary_col_transferred,
            t.compare_retention,
            t.summary_col_median_ivr,
        ],
        rows: out,
        undated: (tr.undated > 0)
            .then(|| fill(t.page_trend_undated, &[("n", &i18n::int(lang, tr.undated))])),
    }))
}

/// One path of the table.
pub(super) struct PathRow {
    /// Every step, joined by arrows (the shown text may cut a very long path).
    pub(super) steps: String,
    pub(super) path: String,
    /// (shown, raw) in the order of [`i18n::path_titles`] after the path.
    pub(super) cells: [(String, String); 6],
}

/// The paths section.
pub(super) struct PathsSection {
    pub(super) summary: String,
    pub(super) titles: [&'static str; 7],
    pub(super) rows: Vec<PathRow>,
}

/// The [`PAGE_PATHS`] most frequent paths of the calls of `rows`.
pub(super) fn paths_section(
    report: &Report,
    rows: &[u32],
    long_ivr_secs: u32,
    lang: Lang,
) -> Option<PathsSection> {
    let t = lang.texts();
    let paths = Paths::of_rows(report, rows, long_ivr_secs);
    if paths.distinct_calls == 0 {
        return None;
    }
    let n = |v: u64| (i18n::int(lang, v), v.to_string());
    let rows = paths
        .lines(report, PAGE_PATHS)
        .into_iter()
        .map(|p| {
            let c = p.counts;
            PathRow {
                steps: p.path.join(" → "),
                path: path_text(&p.path, lang),
                cells: [
                    n(c.calls),
                    n(c.transferred),
                    n(c.retained),
                    n(c.unknown),
                    (
                        c.median_ivr
                            .map_or_else(|| t.summary_no_value.to_string(), i18n::duration),
                        c.median_ivr
                            .map_or_else(|| "null".to_string(), |v| v.to_string()),
                    ),
                    n(c.long_ivr_calls),
                ],
            }
        })
        .collect();
    Some(PathsSection {
        summary: fill(
            t.page_paths_summary,
            &[
                ("calls", &i18n::int(lang, paths.distinct_calls)),
                ("multi", &i18n::int(lang, paths.multi_step_calls)),
                ("total", &i18n::int(lang, paths.total() as u64)),
            ],
        ),
        titles: i18n::path_titles(t),
        rows,
    })
}

/// One measure of the comparison: words as `compare` writes them, values as
/// `compare --json` has them under `delta`.
pub(super) struct MeasureRow {
    pub(super) key: &'static str,
    pub(super) label: String,
    pub(super) a: String,
    pub(super) b: String,
    pub(super) change: String,
    pub(super) verdict: String,
    pub(super) a_raw: String,
    pub(super) b_raw: String,
    pub(super) diff_raw: String,
}

/// The comparison section.
pub(super) struct CompareSection {
    pub(super) periods: Vec<String>,
    pub(super) notes: Vec<String>,
    pub(super) titles: [&'static str; 5],
    pub(super) rows: Vec<MeasureRow>,
}

/// Period A against period B, both cut from `rows`.
pub(super) fn compare_section(
    report: &Report,
    rows: &[u32],
    periods: &Periods,
    long_ivr_secs: u32,
    lang: Lang,
) -> CompareSection {
    let t: &Texts = lang.texts();
    let (a, b, _) = periods.cut(report, rows);
    let c = Comparison::of(report, &a, &b, long_ivr_secs);
    let d = &c.delta;
    let rate = |r: &RateDiff| (raw_f(r.a, 6), raw_f(r.b, 6), raw_f(r.diff, 6));
    let m = &d.median_ivr;
    let raws = [
        rate(&d.retention_rate),
        rate(&d.transfer_rate),
        rate(&d.queue_abandon_rate),
        rate(&d.long_ivr_share),
        (
            raw_u(m.a),
            raw_u(m.b),
            m.diff.map_or_else(|| "null".to_string(), |v| v.to_string()),
        ),
    ];
    let rows = if c.a.calls == 0 || c.b.calls == 0 {
        Vec::new()
    } else {
        measures(&c, lang)
            .into_iter()
            .zip(raws)
            .map(|(m, (a_raw, b_raw, diff_raw))| {
                let (change, verdict) = m
                    .change
                    .map_or_else(|| (String::new(), String::new()), |(c, v)| (c, v.into()));
                MeasureRow {
                    key: m.key,
                    label: m.label,
                    a: m.a,
                    b: m.b,
                    change,
                    verdict,
                    a_raw,
                    b_raw,
                    diff_raw,
                }
            })
            .collect()
    };
    let mut all_notes = vec![t.compare_rows_note.to_string()];
    all_notes.extend(notes(periods, &c, lang));
    CompareSection {
        periods: [("A", &periods.a, c.a.calls), ("B", &periods.b, c.b.calls)]
            .into_iter()
            .map(|(name, p, calls)| i18n::period_line(lang, name, p, calls))
            .collect(),
        notes: all_notes,
        titles: [
            t.compare_col_measure,
            t.compare_col_a,
            t.compare_col_b,
            t.page_compare_col_change,
            t.compare_col_verdict,
        ],
        rows,
    }
}

/// The first and last readable start time of `rows`, in seconds.
pub(super) fn dated_span(report: &Report, rows: &[u32]) -> Option<(i64, i64)> {
    let calls = report.calls();
    rows.iter()
        .filter_map(|&i| calls.get(i as usize)?.started.seconds())
        .fold(None, |span, s| match span {
            None => Some((s, s)),
            Some((lo, hi)) => Some((s.min(lo), s.max(hi))),
        })
}

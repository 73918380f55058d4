//! The report page a supervisor sends upward: one self-contained HTML file with the key
//! numbers, the charts (inline SVG) and what the numbers cover, readable on a phone and
//! printable on A4, with no script and nothing fetched from anywhere.
//!
//! The page reads a view (row indices), as the table and the other exports do, so the
//! command line and the window's "Share report…" write the same page for the same calls.
//! Callers' phone numbers, customer ids and call ids appear only when asked for.

mod charts;
mod sections;

use charts::Series;
use sections::{CompareSection, PathsSection, TrendSection};

use std::io::{self, Write as _};
use std::path::Path;

use askama::Template;

use super::ExportError;
use crate::cli::compare::Periods;
use crate::i18n::{self, Lang, Texts, fill};
use crate::report::charts::{BUCKETS, ChartData};
use crate::report::{Field, KeyNumbers, Report, Transfer, ViewSpec};
use crate::wolkvox::TimeRange;

/// How many of the longest IVR calls the page lists.
pub const LONGEST_CALLS: usize = 20;

/// The style sheet, inline in every page.
const CSS: &str = include_str!("page.css");

/// Where the calls on the page come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageSource {
    /// A Wolkvox operation, by its server number.
    Server(String),
    /// The built-in demo server: the page says so in its title.
    Demo,
    /// Saved reports, by file name (no folder: a path can name the person who saved it).
    Files(Vec<String>),
}

impl PageSource {
    /// The source that a saved file's record names (`demo` for demo data), else the files.
    pub fn from_saved(server: Option<&str>, files: Vec<String>) -> PageSource {
        match server {
            Some("demo") => PageSource::Demo,
            Some(s) if !s.is_empty() => PageSource::Server(s.to_string()),
            _ => PageSource::Files(files),
        }
    }
}

/// Everything the page is made from.
#[derive(Debug, Clone)]
pub struct PageInput<'a> {
    /// The loaded calls.
    pub report: &'a Report,
    /// The calls to describe (indices into `report`): the view.
    pub rows: &'a [u32],
    /// IVR time above this many seconds is long.
    pub long_ivr_secs: u32,
    /// Where the calls come from.
    pub source: PageSource,
    /// The ranges that were asked for (empty when a saved file does not record them).
    pub requested: &'a [TimeRange],
    /// Ranges that could not be fetched.
    pub missing: &'a [TimeRange],
    /// Ranges that hit the API's row cap: possibly incomplete.
    pub capped: &'a [TimeRange],
    /// The filters of the view; its search text is shown only with caller data.
    pub filters: &'a ViewSpec,
    /// The language of the page and of its number and date formats.
    pub lang: Lang,
    /// Whether phone numbers, customer ids and call ids may appear.
    pub caller_data: bool,
    /// When the page is made, on the operation's clock.
    pub generated: jiff::civil::DateTime,
    /// Period A and period B to compare, both cut from `rows`, when asked for.
    pub periods: Option<Periods>,
}

/// One line of the "about this page" list.
struct Line {
    label: &'static str,
    value: String,
}

/// A key number: its value as shown, as `summary --json` has it, and its definition.
struct Card {
    /// The key of `summary --json` (dotted for nested values).
    key: &'static str,
    label: String,
    value: String,
    /// The value in `summary --json`'s terms (`null` when there is none).
    raw: String,
    share: Option<Share>,
    help: &'static str,
    long: bool,
}

/// The share that goes with a count.
struct Share {
    key: &'static str,
    value: String,
    raw: String,
}

/// One range of the Wolkvox buckets table.
struct BucketRow {
    label: String,
    calls: String,
    raw: u64,
    share: String,
}

/// One routing point of the table.
struct RpRow {
    name: String,
    cells: [(String, String); 5],
}

/// One of the longest IVR calls.
struct LongRow {
    ivr: String,
    ivr_raw: u32,
    date: String,
    rp: String,
    agent: String,
    transfer: String,
    caller: Option<[String; 3]>,
}

/// A legend entry drawn in HTML beside an SVG chart.
struct Legend {
    color: String,
    label: &'static str,
}

/// The page; each section is a template of its own under this folder, included by
/// `page.html` in reading order.
#[derive(Template)]
#[template(path = "page.html")]
struct Page<'a> {
    t: &'static Texts,
    lang: &'static str,
    title: &'a str,
    css: &'static str,
    demo: bool,
    about: Vec<Line>,
    missing: Vec<String>,
    capped: Vec<String>,
    caller_data: bool,
    scope: String,
    no_calls: bool,
    cards: Vec<Card>,
    distribution_svg: Option<String>,
    distribution_tail: Option<String>,
    buckets: Vec<BucketRow>,
    routing_points_svg: Option<String>,
    routing_points_more: Option<String>,
    legend: Vec<Legend>,
    rp_titles: [&'static str; 6],
    rp_rows: Vec<RpRow>,
    trend: Option<TrendSection>,
    paths: Option<PathsSection>,
    comparison: Option<CompareSection>,
    longest_title: String,
    longest: Vec<LongRow>,
    footer: String,
}

/// Why the page could not be made (only a bug can cause it: it is drawn in memory).
#[derive(Debug, thiserror::Error)]
#[error("the report page could not be made: {0}")]
pub struct PageError(String);

/// The page for `input` as HTML text.
pub fn render(input: &PageInput<'_>) -> Result<String, PageError> {
    let lang = input.lang;
    let t = lang.texts();
    let report = input.report;
    // Indices from another report would count nothing; keep only real calls.
    let rows: Vec<u32> = input
        .rows
        .iter()
        .copied()
        .filter(|&i| (i as usize) < report.len())
        .collect();
    let k = KeyNumbers::of_rows(report, &rows, input.long_ivr_secs);
    let chart = ChartData::of_rows(report, &rows, &k);
    let demo = input.source == PageSource::Demo;
    let title = if demo {
        t.page_demo_title
    } else {
        t.summary_title
    };

    let readable_ivr: u64 = chart.buckets.iter().sum();
    let distribution_svg = if readable_ivr > 0 {
        Some(
            charts::distribution(
                &chart.fine,
                input.long_ivr_secs,
                lang,
                t.chart_axis_ivr,
                t.summary_col_calls,
            )
            .map_err(|e| PageError(e.0))?,
        )
    } else {
        None
    };
    let extent = charts::extent(&chart.fine, input.long_ivr_secs);
    let distribution_tail = (readable_ivr > 0 && extent.tail > 0).then(|| {
        fill(
            t.page_distribution_tail,
            &[
                ("n", &i18n::int(lang, extent.tail)),
                (
                    "time",
                    &i18n::duration(
                        extent.bins as u64 * u64::from(crate::report::charts::FINE_BIN_SECS),
                    ),
                ),
            ],
        )
    });

    let drawn = &chart.routing_points[..chart.routing_points.len().min(charts::MAX_BARS)];
    let routing_points_svg = if drawn.is_empty() {
        None
    } else {
        Some(
            charts::routing_points(drawn, lang, t.summary_col_calls, "-")
                .map_err(|e| PageError(e.0))?,
        )
    };
    let routing_points_more = (chart.routing_points.len() > drawn.len()).then(|| {
        fill(
            t.page_routing_points_more,
            &[
                ("n", &drawn.len()),
                ("m", &i18n::int(lang, chart.routing_points.len() as u64)),
            ],
        )
    });
    let legend = charts::SERIES
        .into_iter()
        .filter(|(series, _)| *series != Series::Unknown || k.unknown_transfer > 0)
        .map(|(series, color)| Legend {
            color: charts::css(color),
            label: match series {
                Series::Retained => t.summary_col_retained,
                Series::Transferred => t.summary_col_transferred,
                Series::Unknown => t.ui_show_unknown,
            },
        })
        .collect();

    let longest = longest_rows(report, &rows, lang, input.caller_data);
    let span = sections::dated_span(report, &rows);
    let trend = sections::trend_section(report, &rows, span, input.long_ivr_secs, lang)?;
    let paths = sections::paths_section(report, &rows, input.long_ivr_secs, lang);
    let comparison = input
        .periods
        .map(|p| sections::compare_section(report, &rows, &p, input.long_ivr_secs, lang));
    let page = Page {
        t,
        lang: lang.code(),
        title,
        css: CSS,
        demo,
        about: about_lines(input, span),
        missing: input.missing.iter().map(|r| range_text(lang, r)).collect(),
        capped: input.capped.iter().map(|r| range_text(lang, r)).collect(),
        caller_data: input.caller_data,
        scope: fill(t.export_scope, &[("n", &i18n::int(lang, k.calls))]),
        no_calls: k.calls == 0,
        cards: cards(&k, lang),
        distribution_svg,
        distribution_tail,
        buckets: bucket_rows(&chart.buckets, lang),
        routing_points_svg,
        routing_points_more,
        legend,
        rp_titles: i18n::routing_point_titles(t),
        rp_rows: rp_rows(&k, lang),
        trend,
        paths,
        comparison,
        longest_title: fill(t.page_longest, &[("n", &longest.len())]),
        longest,
        footer: fill(t.page_footer, &[("version", &env!("CARGO_PKG_VERSION"))]),
    };
    page.render().map_err(|e| PageError(e.to_string()))
}

/// Writes the page for `input` to `path`, replacing an earlier file only once the new
/// one is complete. Returns how many calls the page describes.
pub fn write_page(input: &PageInput<'_>, path: &Path) -> Result<usize, ExportError> {
    super::refuse_non_file(path)?;
    let html = render(input).map_err(|e| ExportError::Write {
        path: path.to_path_buf(),
        source: io::Error::other(e.to_string()),
    })?;
    crate::files::write_atomic_with(path, |w| w.write_all(html.as_bytes())).map_err(|source| {
        ExportError::Write {
            path: path.to_path_buf(),
            source,
        }
    })?;
    let calls = input
        .rows
        .iter()
        .filter(|&&i| (i as usize) < input.report.len())
        .count();
    tracing::info!(calls, path = %path.display(), "report page written");
    Ok(calls)
}

/// A range in the language's formats; whole days are written as dates alone.
pub fn range_text(lang: Lang, r: &TimeRange) -> String {
    let (Some(from), Some(to)) = (r.from().civil(), r.to().civil()) else {
        return r.to_string();
    };
    let whole_days = from.time() == jiff::civil::time(0, 0, 0, 0)
        && to.time() == jiff::civil::time(23, 59, 59, 0);
    let (a, b) = if whole_days {
        (i18n::date(lang, from.date()), i18n::date(lang, to.date()))
    } else {
        (i18n::date_time(lang, from), i18n::date_time(lang, to))
    };
    if a == b {
        a
    } else {
        fill(lang.texts().page_span, &[("from", &a), ("to", &b)])
    }
}

fn about_lines(input: &PageInput<'_>, span: Option<(i64, i64)>) -> Vec<Line> {
    let lang = input.lang;
    let t = lang.texts();
    let source = match &input.source {
        PageSource::Server(s) => fill(t.page_source_server, &[("server", s)]),
        PageSource::Demo => t.page_source_demo.to_string(),
        PageSource::Files(names) => fill(t.page_source_files, &[("files", &names.join(", "))]),
    };
    let requested = if input.requested.is_empty() {
        t.page_range_unknown.to_string()
    } else {
        input
            .requested
            .iter()
            .map(|r| range_text(lang, r))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let dated = match span {
        Some((a, b)) => TimeRange::from_seconds(a, b)
            .map(|r| {
                let (from, to) = (r.from().civil(), r.to().civil());
                match (from, to) {
                    (Some(f), Some(l)) => fill(
                        t.page_span,
                        &[
                            ("from", &i18n::date_time(lang, f)),
                            ("to", &i18n::date_time(lang, l)),
                        ],
                    ),
                    _ => r.to_string(),
                }
            })
            .unwrap_or_else(|| t.page_no_dates.to_string()),
        None => t.page_no_dates.to_string(),
    };
    vec![
        Line {
            label: t.page_source,
            value: source,
        },
        Line {
            label: t.page_range,
            value: requested,
        },
        Line {
            label: t.page_calls_dated,
            value: dated,
        },
        Line {
            label: t.page_generated,
            value: i18n::date_time(lang, input.generated),
        },
        Line {
            label: t.chart_threshold,
            value: fill(
                t.page_threshold_value,
                &[
                    ("time", &i18n::duration(u64::from(input.long_ivr_secs))),
                    ("secs", &i18n::int(lang, u64::from(input.long_ivr_secs))),
                ],
            ),
        },
        Line {
            label: t.page_filters,
            value: filters_text(input.filters, lang, input.caller_data),
        },
    ]
}

/// The view's filters in words; the search text only with caller data, since it may be a
/// phone number or a name.
pub fn filters_text(spec: &ViewSpec, lang: Lang, caller_data: bool) -> String {
    let t = lang.texts();
    let mut parts: Vec<String> = Vec::new();
    if !(spec.transferred && spec.retained && spec.unknown) {
        let which: Vec<String> = [
            (spec.transferred, t.ui_show_transferred),
            (spec.retained, t.ui_show_retained),
            (spec.unknown, t.ui_show_unknown),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| name.to_lowercase())
        .collect();
        parts.push(fill(t.page_filter_shown, &[("which", &which.join(", "))]));
    }
    for (value, template) in [
        (&spec.routing_point, t.page_filter_routing_point),
        (&spec.call_type, t.page_filter_call_type),
        (&spec.agent, t.page_filter_agent),
        (&spec.skill, t.page_filter_skill),
    ] {
        if let Some(v) = value {
            parts.push(fill(template, &[("value", v)]));
        }
    }
    if spec.only_long {
        parts.push(t.ui_only_long.to_lowercase());
    }
    if !spec.search.trim().is_empty() {
        parts.push(if caller_data {
            fill(t.page_filter_search, &[("text", &spec.search.trim())])
        } else {
            t.page_filter_search_hidden.to_string()
        });
    }
    if parts.is_empty() {
        t.page_filters_none.to_string()
    } else {
        parts.join(" · ")
    }
}

/// A value of `summary --json` as data: counts whole, shares to six places and times to
/// thousandths, so no long run of digits can look like a caller's number.
fn raw_f(x: Option<f64>, places: usize) -> String {
    x.map_or_else(|| "null".to_string(), |v| format!("{v:.places$}"))
}

fn raw_u(x: Option<u32>) -> String {
    x.map_or_else(|| "null".to_string(), |v| v.to_string())
}

fn cards(k: &KeyNumbers, lang: Lang) -> Vec<Card> {
    let t = lang.texts();
    let none = || t.summary_no_value.to_string();
    let dur = |v: Option<u32>| v.map_or_else(none, |s| i18n::duration(u64::from(s)));
    let durf = |v: Option<f64>| v.map_or_else(none, i18n::duration_f);
    let share = |key: &'static str, v: Option<f64>| {
        v.map(|s| Share {
            key,
            value: i18n::percent(lang, s),
            raw: raw_f(Some(s), 6),
        })
    };
    let count = |key: &'static str, label: &str, n: u64, help: &'static str| Card {
        key,
        label: label.to_string(),
        value: i18n::int(lang, n),
        raw: n.to_string(),
        share: None,
        help,
        long: false,
    };
    let time = |key: &'static str, label: &str, value: String, raw: String, help| Card {
        key,
        label: label.to_string(),
        value,
        raw,
        share: None,
        help,
        long: false,
    };
    let long_label = fill(
        t.summary_long_ivr,
        &[(
            "threshold",
            &i18n::duration(u64::from(k.long_ivr.threshold)),
        )],
    );
    vec![
        count("calls", t.summary_calls, k.calls, t.kn_calls_help),
        Card {
            share: share("retention_rate", k.retention_rate),
            ..count(
                "retained",
                t.summary_retained,
                k.retained,
                t.kn_retained_help,
            )
        },
        Card {
            share: share("transfer_rate", k.transfer_rate),
            ..count(
                "transferred",
                t.summary_transferred,
                k.transferred,
                t.kn_transferred_help,
            )
        },
        count(
            "unknown_transfer",
            t.summary_unknown_transfer,
            k.unknown_transfer,
            t.kn_unknown_help,
        ),
        count(
            "queue_abandons",
            t.summary_queue_abandons,
            k.queue_abandons,
            t.kn_abandons_help,
        ),
        time(
            "ivr_time.median",
            t.page_ivr_median,
            dur(k.ivr_time.median),
            raw_u(k.ivr_time.median),
            t.page_ivr_median_help,
        ),
        time(
            "ivr_time.p90",
            t.page_ivr_p90,
            dur(k.ivr_time.p90),
            raw_u(k.ivr_time.p90),
            t.page_ivr_p90_help,
        ),
        time(
            "ivr_time.mean",
            t.export_ivr_mean,
            durf(k.ivr_time.mean),
            raw_f(k.ivr_time.mean, 3),
            t.page_ivr_mean_help,
        ),
        time(
            "ivr_time.max",
            t.export_ivr_max,
            dur(k.ivr_time.max),
            raw_u(k.ivr_time.max),
            t.page_ivr_max_help,
        ),
        Card {
            share: share("long_ivr.share", k.long_ivr.share),
            long: true,
            ..count(
                "long_ivr.calls",
                &long_label,
                k.long_ivr.calls,
                t.kn_long_help,
            )
        },
        time(
            "queue_time_mean",
            t.summary_queue_time_mean,
            durf(k.queue_time_mean),
            raw_f(k.queue_time_mean, 3),
            t.kn_queue_help,
        ),
        time(
            "agent_time_mean",
            t.summary_agent_time_mean,
            durf(k.agent_time_mean),
            raw_f(k.agent_time_mean, 3),
            t.kn_agent_help,
        ),
        count(
            "repeat_calls_24h",
            t.summary_repeat_calls,
            k.repeat_calls_24h,
            t.kn_repeat_help,
        ),
        count(
            "unreadable_values",
            t.summary_unreadable,
            k.unreadable_values,
            t.page_unreadable_help,
        ),
    ]
}

fn bucket_rows(buckets: &[u64; 5], lang: Lang) -> Vec<BucketRow> {
    let total: u64 = buckets.iter().sum();
    BUCKETS
        .iter()
        .zip(buckets)
        .map(|(&(lo, hi), &n)| BucketRow {
            label: match hi {
                Some(h) => format!("{lo}–{h} s"),
                None => format!("≥ {lo} s"),
            },
            calls: i18n::int(lang, n),
            raw: n,
            share: if total > 0 {
                i18n::percent(lang, n as f64 / total as f64)
            } else {
                String::new()
            },
        })
        .collect()
}

fn rp_rows(k: &KeyNumbers, lang: Lang) -> Vec<RpRow> {
    let none = lang.texts().summary_no_value;
    k.by_routing_point
        .iter()
        .map(|r| {
            let n = |v: u64| (i18n::int(lang, v), v.to_string());
            RpRow {
                name: r.rp_id.clone().unwrap_or_else(|| "-".into()),
                cells: [
                    n(r.calls),
                    n(r.retained),
                    n(r.transferred),
                    (
                        r.median_ivr
                            .map_or_else(|| none.to_string(), |s| i18n::duration(u64::from(s))),
                        raw_u(r.median_ivr),
                    ),
                    n(r.long_ivr),
                ],
            }
        })
        .collect()
}

/// The [`LONGEST_CALLS`] calls of `rows` with the longest readable IVR time, longest
/// first; equal times in date order, then in view order.
fn longest_rows(report: &Report, rows: &[u32], lang: Lang, caller_data: bool) -> Vec<LongRow> {
    let t = lang.texts();
    let calls = report.calls();
    // (IVR seconds, date, position in the view): the key to sort by, smallest first.
    let mut timed: Vec<(std::cmp::Reverse<u32>, i64, usize)> = rows
        .iter()
        .enumerate()
        .filter_map(|(pos, &i)| {
            let c = calls.get(i as usize)?;
            let ivr = c.ivr_time.get()?;
            Some((
                std::cmp::Reverse(ivr),
                c.started.seconds().unwrap_or(i64::MAX),
                pos,
            ))
        })
        .collect();
    if timed.len() > LONGEST_CALLS {
        timed.select_nth_unstable(LONGEST_CALLS - 1);
        timed.truncate(LONGEST_CALLS);
    }
    timed.sort_unstable();
    let text = |v: Option<&str>| v.unwrap_or("-").to_string();
    timed
        .into_iter()
        .filter_map(|(std::cmp::Reverse(ivr), _, pos)| {
            let c = calls.get(*rows.get(pos)? as usize)?;
            Some(LongRow {
                ivr: i18n::duration(u64::from(ivr)),
                ivr_raw: ivr,
                date: c.started.civil().map_or_else(
                    || text(report.raw(c, Field::EndDateRp)),
                    |dt| i18n::date_time(lang, dt),
                ),
                rp: text(report.raw(c, Field::RpId)),
                agent: text(report.raw(c, Field::AgentName)),
                transfer: match c.transfer {
                    Transfer::Transferred => t.ui_yes.to_string(),
                    Transfer::Retained => t.ui_no.to_string(),
                    Transfer::Unknown => text(report.raw(c, Field::GoToAgent)),
                },
                caller: caller_data.then(|| {
                    [Field::Ani, Field::CustomerId, Field::ConnId].map(|f| text(report.raw(c, f)))
                }),
            })
        })
        .collect()
}

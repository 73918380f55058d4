//! The trend view: one measure per hour, day or week over the calls in view, for all
//! routing points or one, optionally split at a change date into before and after. The
//! points come from [`trend`], the same as the summary's `by_day`.

use eframe::egui;
use egui_plot::{Legend, Line, Plot, PlotPoints, Points, VLine};
use jiff::civil::Date;

use super::action::Action;
use super::cached::Cached;
use super::charts::palette;
use super::compare::date_field;
use crate::i18n::{self, Lang, Texts, fill};
use crate::report::{Bucket, Stamp, Trend, TrendPoint, trend};
use crate::workspace::Workspace;

const DAY: f64 = 86_400.0;

/// What the trend chart shows per point.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Measure {
    /// Retention rate.
    Retention,
    /// Transfer rate.
    Transfer,
    /// Median IVR time.
    MedianIvr,
    /// 90th percentile of the IVR time.
    P90Ivr,
    /// Share of calls with a long IVR time.
    LongIvrShare,
    /// Retained calls that left while queued.
    QueueAbandons,
    /// Rows.
    Calls,
}

/// How a measure's values read.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Unit {
    Share,
    Seconds,
    Count,
}

impl Measure {
    const ALL: [Measure; 7] = [
        Measure::Retention,
        Measure::Transfer,
        Measure::MedianIvr,
        Measure::P90Ivr,
        Measure::LongIvrShare,
        Measure::QueueAbandons,
        Measure::Calls,
    ];

    fn label(self, t: &Texts) -> &'static str {
        match self {
            Measure::Retention => t.compare_retention,
            Measure::Transfer => t.compare_transfer,
            Measure::MedianIvr => t.compare_median_ivr,
            Measure::P90Ivr => t.trend_m_p90,
            Measure::LongIvrShare => t.trend_m_long,
            Measure::QueueAbandons => t.trend_col_queue_abandons,
            Measure::Calls => t.trend_m_calls,
        }
    }

    fn unit(self) -> Unit {
        match self {
            Measure::Retention | Measure::Transfer | Measure::LongIvrShare => Unit::Share,
            Measure::MedianIvr | Measure::P90Ivr => Unit::Seconds,
            Measure::QueueAbandons | Measure::Calls => Unit::Count,
        }
    }

    /// The point's value (shares 0..1); `None` when it has nothing to compute from.
    fn value(self, p: &TrendPoint) -> Option<f64> {
        match self {
            Measure::Retention => p.retention_rate,
            Measure::Transfer => p.transfer_rate,
            Measure::MedianIvr => p.median_ivr.map(f64::from),
            Measure::P90Ivr => p.p90_ivr.map(f64::from),
            Measure::LongIvrShare => p.long_ivr_share,
            Measure::QueueAbandons => Some(p.queue_abandons as f64),
            Measure::Calls => Some(p.calls as f64),
        }
    }
}

/// What a trend is worked out from.
#[derive(Clone, Debug, PartialEq)]
struct Inputs {
    view: u64,
    bucket: Bucket,
    long_ivr_secs: u32,
    routing_point: Option<String>,
}

/// The trend view's own state.
pub(crate) struct TrendState {
    /// The measure charted.
    pub measure: Measure,
    /// Only this routing point's calls (its id as received).
    pub routing_point: Option<String>,
    /// The date that splits the line, as typed (empty: no split).
    pub change: String,
    result: Cached<Inputs, Trend>,
}

impl Default for TrendState {
    fn default() -> Self {
        TrendState {
            measure: Measure::Retention,
            routing_point: None,
            change: String::new(),
            result: Cached::default(),
        }
    }
}

/// The bucket that suits the loaded range (per day when nothing says how long it is).
fn bucket_for(ws: &Workspace) -> Bucket {
    ws.loaded().map_or(Bucket::Day, |r| {
        let day = |s: Stamp| s.seconds().unwrap_or_default().div_euclid(86_400);
        Bucket::for_days(day(r.to()) - day(r.from()) + 1)
    })
}

/// The x of a point: days since 1970-01-01, fractional for hours.
fn x_of(p: &TrendPoint) -> f64 {
    p.start.seconds().unwrap_or_default() as f64 / DAY
}

fn when(lang: Lang, bucket: Bucket, start: Stamp) -> String {
    match (bucket, start.civil()) {
        (Bucket::Hour, Some(dt)) => i18n::date_time(lang, dt),
        (_, Some(dt)) => i18n::date(lang, dt.date()),
        (_, None) => String::new(),
    }
}

fn value_text(lang: Lang, unit: Unit, v: f64) -> String {
    match unit {
        Unit::Share => i18n::percent(lang, v),
        Unit::Seconds => i18n::duration(v.max(0.0).round() as u64),
        Unit::Count => i18n::int(lang, v.max(0.0).round() as u64),
    }
}

/// All of one bucket's numbers in one line.
fn point_line(lang: Lang, bucket: Bucket, p: &TrendPoint) -> String {
    let t = lang.texts();
    let none = || t.summary_no_value.to_string();
    let rate = |r: Option<f64>| r.map_or_else(none, |r| i18n::percent(lang, r));
    let time = |s: Option<u32>| s.map_or_else(none, |s| i18n::duration(u64::from(s)));
    fill(
        t.trend_hover,
        &[
            ("when", &when(lang, bucket, p.start)),
            ("calls", &i18n::int(lang, p.calls)),
            ("retention", &rate(p.retention_rate)),
            ("transfer", &rate(p.transfer_rate)),
            ("median", &time(p.median_ivr)),
            ("p90", &time(p.p90_ivr)),
            ("long", &rate(p.long_ivr_share)),
            ("abandons", &i18n::int(lang, p.queue_abandons)),
        ],
    )
}

/// Draws the trend view; returns what it asks for.
pub(crate) fn trend_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    ws: &Workspace,
    state: &mut TrendState,
) -> Vec<Action> {
    let t = lang.texts();
    let mut actions = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.label(t.trend_measure);
        for m in Measure::ALL {
            ui.selectable_value(&mut state.measure, m, m.label(t));
        }
    });
    let change = (!state.change.trim().is_empty()).then(|| state.change.trim().parse::<Date>());
    ui.horizontal_wrapped(|ui| {
        ui.label(t.trend_rp);
        let all = t.trend_all_rps.to_string();
        egui::ComboBox::from_id_salt("trend-rp")
            .selected_text(state.routing_point.clone().unwrap_or_else(|| all.clone()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.routing_point, None, all);
                for rp in ws
                    .charts()
                    .routing_points
                    .iter()
                    .filter_map(|r| r.rp_id.as_ref())
                {
                    ui.selectable_value(&mut state.routing_point, Some(rp.clone()), rp);
                }
            });
        ui.separator();
        date_field(ui, t.cmpv_split_date, &mut state.change);
        if let Some(Ok(date)) = change
            && ui.button(t.trend_compare_halves).clicked()
        {
            actions.push(Action::CompareAround(date));
        }
    });
    if let Some(Err(_)) = change {
        ui.label(t.cmpv_bad_date);
    }
    let bucket = bucket_for(ws);
    let inputs = Inputs {
        view: ws.view_serial(),
        bucket,
        long_ivr_secs: ws.spec().long_ivr_secs,
        routing_point: state.routing_point.clone(),
    };
    let large = ws.view().len() > ws.view_sync_limit();
    let got = state.result.get(ui.ctx(), inputs, large, || {
        let (report, rows) = (ws.report_shared(), ws.view().to_vec());
        let (long, rp) = (ws.spec().long_ivr_secs, state.routing_point.clone());
        move || trend(&report, &rows, bucket, long, rp.as_deref())
    });
    let Some(tr) = got.or_say(ui, t) else {
        return actions;
    };
    let measure = state.measure;
    let title = match bucket {
        Bucket::Hour => t.trend_per_hour,
        Bucket::Day => t.trend_per_day,
        Bucket::Week => t.trend_per_week,
    };
    ui.strong(fill(title, &[("measure", &measure.label(t))]));
    ui.label(egui::RichText::new(t.compare_rows_note).weak());
    if tr.undated > 0 {
        ui.label(fill(
            t.trend_undated,
            &[("n", &i18n::int(lang, tr.undated))],
        ));
    }
    if tr.points.is_empty() {
        ui.label(t.trend_nothing);
        return actions;
    }
    let cut = match change {
        Some(Ok(d)) => Stamp::from_civil(d.to_datetime(jiff::civil::Time::midnight()))
            .seconds()
            .map(|s| s as f64 / DAY),
        _ => None,
    };
    let unit = measure.unit();
    let scale = if unit == Unit::Share { 100.0 } else { 1.0 };
    let series = |keep: &dyn Fn(f64) -> bool| -> Vec<[f64; 2]> {
        tr.points
            .iter()
            .filter(|p| keep(x_of(p)))
            .filter_map(|p| measure.value(p).map(|v| [x_of(p), v * scale]))
            .collect()
    };
    let lines: Vec<(&str, egui::Color32, Vec<[f64; 2]>)> = match cut {
        Some(c) => vec![
            (t.trend_before, palette::AGENT, series(&|x| x < c)),
            (t.trend_after, palette::IVR, series(&|x| x >= c)),
        ],
        None => vec![(measure.label(t), palette::AGENT, series(&|_| true))],
    };
    let response = Plot::new("trend")
        .height((ui.available_height() - 60.0).clamp(220.0, 520.0))
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .legend(Legend::default())
        .include_y(0.0)
        .label_formatter(|_| None)
        .x_axis_formatter(move |mark, _| {
            when(
                lang,
                bucket,
                Stamp::from_seconds((mark.value * DAY).round() as i64),
            )
        })
        .y_axis_formatter(move |mark, _| value_text(lang, unit, mark.value / scale))
        .show(ui, |p| {
            for (name, colour, points) in lines {
                p.line(
                    Line::new(name, PlotPoints::from(points.clone()))
                        .color(colour)
                        .width(2.0),
                );
                p.points(
                    Points::new(name, PlotPoints::from(points))
                        .color(colour)
                        .radius(3.0),
                );
            }
            if let Some(c) = cut {
                p.vline(
                    VLine::new(t.cmpv_split_date, c)
                        .color(palette::LONG)
                        .width(1.5),
                );
            }
            p.pointer_coordinate()
        });
    let hovered = response
        .response
        .hovered()
        .then_some(response.inner)
        .flatten()
        .and_then(|at| {
            tr.points
                .iter()
                .min_by(|a, b| (x_of(a) - at.x).abs().total_cmp(&(x_of(b) - at.x).abs()))
        });
    match hovered {
        Some(p) => ui.label(point_line(lang, tr.bucket, p)),
        None => ui.label(egui::RichText::new(t.trend_hover_hint).weak()),
    };
    actions
}

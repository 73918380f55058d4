//! The charts area and the key numbers strip. Everything is computed over the current
//! view by the core ([`ChartData`], [`KeyNumbers`]) and only drawn here.

use eframe::egui;
use egui_plot::{Bar, BarChart, HLine, Heatmap, Plot, PlotPoint, PlotPoints, Points, Span, VLine};

use super::action::Action;
use crate::i18n::{self, Lang, fill};
use crate::report::charts::{BUCKETS, ChartData, FINE_BIN_SECS, FINE_MAX_SECS, Scatter};
use crate::report::{Field, KeyNumbers, Report, ViewSpec};
use crate::workspace::Workspace;

/// The charts' own state: their switches, and the scatter's points in plot form.
#[derive(Default)]
pub(crate) struct ChartsState {
    /// 10-second bins instead of Wolkvox's ranges.
    pub fine_bins: bool,
    /// Weekday × hour instead of hour of day.
    pub heat_map: bool,
    points_for: Option<u64>,
    points: [Vec<PlotPoint>; 2],
    /// Where each routing point's bar was drawn in the last frame (its middle).
    #[cfg(feature = "testing")]
    pub rp_bars: Vec<(Option<String>, egui::Pos2)>,
}

impl ChartsState {
    /// Converts the scatter's points once per view, not once per frame.
    fn follow(&mut self, ws: &Workspace) {
        if self.points_for == Some(ws.view_serial()) {
            return;
        }
        self.points_for = Some(ws.view_serial());
        self.points = match &ws.charts().scatter {
            Scatter::Points {
                transferred,
                retained,
                ..
            } => [to_plot_points(transferred), to_plot_points(retained)],
            Scatter::Density { .. } => [Vec::new(), Vec::new()],
        };
    }
}

fn to_plot_points(v: &[[f64; 2]]) -> Vec<PlotPoint> {
    v.iter().map(|p| PlotPoint::new(p[0], p[1])).collect()
}

/// The action for a threshold dragged to `secs`, if it moved.
fn threshold_action(secs: f64, current: u32) -> Option<Action> {
    let secs = secs.round().clamp(5.0, 900.0) as u32;
    (secs != current).then_some(Action::SetThreshold(secs))
}

/// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
pub(crate) mod palette {
    use eframe::egui::Color32;
    /// Agent time, transferred calls.
    pub const AGENT: Color32 = Color32::from_rgb(0, 114, 178);
    /// IVR time, retained calls.
    pub const IVR: Color32 = Color32::from_rgb(230, 159, 0);
    /// The long-IVR threshold.
    pub const LONG: Color32 = Color32::from_rgb(213, 94, 0);
}

/// The narrowest a chart's card gets before the grid drops a column.
const CARD_MIN_W: f32 = 400.0;
const CARD_H: f32 = 250.0;
/// A card's frame: inner margin and stroke on both sides.
const CARD_FRAME: f32 = 14.0;
/// egui_plot's smallest grid spacing in points, which `GridInput::base_step_size` is of.
const GRID_MIN_POINTS: f64 = 8.0;
/// Tick labels this far apart are drawn at full strength (egui_plot fades closer ones).
const X_LABEL_POINTS: f64 = 84.0;
const Y_LABEL_POINTS: f64 = 34.0;

/// The highest second the bucket view maps: its last bar spans 121 s up to here.
const BUCKET_VIEW_MAX: f64 = 600.0;

/// Bucket chart x (bar i centred on i) for a duration in seconds, piecewise linear.
fn bucket_x(secs: f64) -> f64 {
    for (i, &(lo, hi)) in BUCKETS.iter().enumerate() {
        let lo = if i == 0 { 0.0 } else { lo as f64 - 0.5 };
        let hi = hi.map_or(BUCKET_VIEW_MAX, |h| h as f64 + 0.5);
        if secs <= hi {
            return i as f64 - 0.5 + ((secs - lo) / (hi - lo)).clamp(0.0, 1.0);
        }
    }
    BUCKETS.len() as f64 - 0.5
}

/// The inverse of [`bucket_x`].
fn bucket_secs(x: f64) -> f64 {
    let i = (x + 0.5).floor().clamp(0.0, BUCKETS.len() as f64 - 1.0) as usize;
    let (lo, hi) = BUCKETS[i];
    let lo = if i == 0 { 0.0 } else { lo as f64 - 0.5 };
    let hi = hi.map_or(BUCKET_VIEW_MAX, |h| h as f64 + 0.5);
    lo + (x - (i as f64 - 0.5)).clamp(0.0, 1.0) * (hi - lo)
}

fn seconds_axis(
    lang: Lang,
) -> impl Fn(egui_plot::GridMark, &std::ops::RangeInclusive<f64>) -> String {
    let _ = lang;
    |mark, _| {
        if mark.value < 0.0 {
            String::new()
        } else {
            i18n::duration(mark.value.round() as u64)
        }
    }
}

/// Call counts on an axis, with the language's thousands separator.
fn counts_axis(
    lang: Lang,
) -> impl Fn(egui_plot::GridMark, &std::ops::RangeInclusive<f64>) -> String {
    move |mark, _| {
        if mark.value < 0.0 || mark.value.fract().abs() > 1e-9 {
            String::new()
        } else {
            i18n::int(lang, mark.value as u64)
        }
    }
}

/// The smallest round count step (1, 2 or 5 times a power of ten) of at least `min`.
fn count_step(min: f64) -> f64 {
    let min = min.max(1.0);
    let power = 10f64.powf(min.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= min)
        .unwrap_or(power * 10.0)
}

/// The smallest round duration step of at least `min` seconds: 1, 2, 5, 10, 15, 30 s,
/// 1, 2, 5, 10, 15, 30 min, then hours.
fn duration_step(min: f64) -> f64 {
    const STEPS: [f64; 12] = [
        1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0,
    ];
    STEPS
        .into_iter()
        .find(|&s| s >= min)
        .unwrap_or_else(|| count_step(min / 3600.0) * 3600.0)
}

/// The hour-of-day step: every 1, 2, 3 or 6 hours.
fn hour_step(min: f64) -> f64 {
    [1.0, 2.0, 3.0, 6.0]
        .into_iter()
        .find(|&s| s >= min)
        .unwrap_or(12.0)
}

/// Grid marks at round values only: the step `step_of` picks for labels at least
/// `label_points` apart, one mark per multiple of it.
fn round_marks(
    step_of: fn(f64) -> f64,
    label_points: f64,
) -> impl Fn(egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    move |input| {
        if input.base_step_size <= 0.0 || !input.base_step_size.is_finite() {
            return Vec::new();
        }
        let per_point = input.base_step_size / GRID_MIN_POINTS;
        let step = step_of(per_point * label_points);
        let (lo, hi) = input.bounds;
        let first = (lo / step).ceil() as i64;
        let last = (hi / step).floor() as i64;
        (first..=last.min(first + 400))
            .map(|k| egui_plot::GridMark {
                value: k as f64 * step,
                step_size: step,
            })
            .collect()
    }
}

/// Round ticks on both axes of a plot: `x` and `y` pick each axis's steps.
fn round_ticks(plot: Plot<'_>, x: Option<fn(f64) -> f64>, y: Option<fn(f64) -> f64>) -> Plot<'_> {
    let plot = match x {
        Some(step) => plot.x_grid_spacer(round_marks(step, X_LABEL_POINTS)),
        None => plot,
    };
    match y {
        Some(step) => plot.y_grid_spacer(round_marks(step, Y_LABEL_POINTS)),
        None => plot,
    }
}

/// An hour-of-day x axis: its labels are short, so they may sit closer than other
/// axes' (every 3 or 6 hours rather than every 12).
fn hour_axis<'a>(plot: Plot<'a>, t: &i18n::Texts) -> Plot<'a> {
    plot.x_grid_spacer(round_marks(hour_step, 36.0))
        .custom_x_axes(vec![
            egui_plot::AxisHints::new_x()
                .label(t.chart_axis_hour)
                .label_spacing(24.0..=32.0),
        ])
}

/// Grid marks at every whole number: one label per category (bucket, routing point).
fn every_integer(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    let (lo, hi) = input.bounds;
    let (lo, hi) = (lo.ceil().max(-1.0), hi.floor().min(lo.ceil() + 200.0));
    let mut marks = Vec::new();
    let mut v = lo;
    while v <= hi {
        marks.push(egui_plot::GridMark {
            value: v,
            step_size: 1.0,
        });
        v += 1.0;
    }
    marks
}

/// An x axis with one category per Wolkvox IVR time range (bar i centred on i).
pub(super) fn bucket_axis<'a>(plot: Plot<'a>, t: &i18n::Texts) -> Plot<'a> {
    plot.x_grid_spacer(every_integer).custom_x_axes(vec![
        egui_plot::AxisHints::new_x()
            .label(t.chart_axis_bucket)
            .label_spacing(24.0..=32.0)
            .formatter(|mark, _| {
                let i = mark.value.round();
                if (mark.value - i).abs() > 0.01 || i < 0.0 || i as usize >= BUCKETS.len() {
                    return String::new();
                }
                let (lo, hi) = BUCKETS[i as usize];
                match hi {
                    Some(h) => format!("{lo}-{h}"),
                    None => format!("{lo}+"),
                }
            }),
    ])
}

fn card(ui: &mut egui::Ui, w: f32, title: &str, help: &str, add: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(w);
        ui.set_height(CARD_H);
        ui.vertical(|ui| {
            ui.label(egui::RichText::new(title).strong())
                .on_hover_text(help);
            add(ui);
        });
    });
}

/// The key numbers of the view, one line, each with how it is computed.
pub(crate) fn strip_ui(ui: &mut egui::Ui, lang: Lang, k: &KeyNumbers) {
    let t = lang.texts();
    let pct = |s: Option<f64>| {
        s.map(|s| i18n::percent(lang, s))
            .unwrap_or_else(|| "–".into())
    };
    let dur = |v: Option<u32>| {
        v.map(|s| i18n::duration(s as u64))
            .unwrap_or_else(|| "–".into())
    };
    let durf = |v: Option<f64>| v.map(i18n::duration_f).unwrap_or_else(|| "–".into());
    let items: Vec<(&str, String, &str)> = vec![
        (t.summary_calls, i18n::int(lang, k.calls), t.kn_calls_help),
        (
            t.summary_retained,
            format!(
                "{} · {}",
                i18n::int(lang, k.retained),
                pct(k.retention_rate)
            ),
            t.kn_retained_help,
        ),
        (
            t.summary_transferred,
            format!(
                "{} · {}",
                i18n::int(lang, k.transferred),
                pct(k.transfer_rate)
            ),
            t.kn_transferred_help,
        ),
        (
            t.summary_unknown_transfer,
            i18n::int(lang, k.unknown_transfer),
            t.kn_unknown_help,
        ),
        (
            t.summary_queue_abandons,
            i18n::int(lang, k.queue_abandons),
            t.kn_abandons_help,
        ),
        (
            t.kn_median_p90,
            format!("{} · {}", dur(k.ivr_time.median), dur(k.ivr_time.p90)),
            t.kn_median_help,
        ),
        (
            t.col_long_ivr_short,
            format!(
                "{} · {}",
                i18n::int(lang, k.long_ivr.calls),
                pct(k.long_ivr.share)
            ),
            t.kn_long_help,
        ),
        (
            t.summary_queue_time_mean,
            durf(k.queue_time_mean),
            t.kn_queue_help,
        ),
        (
            t.summary_agent_time_mean,
            durf(k.agent_time_mean),
            t.kn_agent_help,
        ),
        (
            t.summary_repeat_calls,
            i18n::int(lang, k.repeat_calls_24h),
            t.kn_repeat_help,
        ),
    ];
    ui.horizontal_wrapped(|ui| {
        for (label, value, help) in items {
            egui::Frame::new()
                .inner_margin(egui::Margin::symmetric(8, 4))
                .corner_radius(4.0)
                .fill(ui.visuals().faint_bg_color)
                .show(ui, |ui| {
                    ui.vertical(|ui| {
                        ui.label(egui::RichText::new(label).small().weak());
                        ui.label(egui::RichText::new(value).strong().size(16.0));
                    });
                })
                .response
                .on_hover_text(help);
        }
    });
}

/// A card's inner width, and how many cards go side by side, when `avail` points hold as many cards of at least
/// [`CARD_MIN_W`] as fit, `gap` apart.
fn card_width(avail: f32, gap: f32) -> (f32, usize) {
    let outer_min = CARD_MIN_W + CARD_FRAME;
    let cols = ((avail + gap) / (outer_min + gap))
        .floor()
        .clamp(1.0, CARDS as f32);
    let w = ((avail + gap) / cols - gap - CARD_FRAME).floor().max(200.0);
    (w, cols as usize)
}

/// Cards in the charts view: distribution, scatter, routing points, hours, agents, skills.
const CARDS: usize = 6;

/// The charts in a grid that fits the width.
pub(crate) fn charts_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    ws: &Workspace,
    state: &mut ChartsState,
) -> Vec<Action> {
    state.follow(ws);
    let data = ws.charts();
    let spec = ws.spec();
    let mut actions = Vec::new();
    // As many columns of cards as fit the width; the rest below, scrolling down.
    egui::ScrollArea::vertical()
        .id_salt("charts-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let gap = ui.spacing().item_spacing.x;
            // A little short of the edge: the scroll bar may take its room.
            let (w, cols) = card_width(ui.available_width() - 4.0, gap);
            // Rows of cards: frames do not wrap by themselves.
            for first in (0..CARDS).step_by(cols) {
                ui.horizontal_top(|ui| {
                    for k in first..(first + cols).min(CARDS) {
                        let action = match k {
                            0 => distribution_ui(
                                ui,
                                w,
                                lang,
                                data,
                                spec.long_ivr_secs,
                                &mut state.fine_bins,
                            ),
                            1 => {
                                let report = ws.report();
                                let points = &state.points;
                                actions.extend(scatter_ui(
                                    ui,
                                    w,
                                    lang,
                                    data,
                                    spec.long_ivr_secs,
                                    report,
                                    points,
                                ));
                                None
                            }
                            2 => routing_points_ui(ui, w, lang, data, spec, state),
                            3 => {
                                hours_ui(ui, w, lang, data, &mut state.heat_map);
                                None
                            }
                            k => groups_ui(ui, w, lang, data, spec, k == 4),
                        };
                        actions.extend(action);
                    }
                });
            }
        });
    actions
}

fn distribution_ui(
    ui: &mut egui::Ui,
    w: f32,
    lang: Lang,
    data: &ChartData,
    current: u32,
    fine_bins: &mut bool,
) -> Option<Action> {
    let t = lang.texts();
    let threshold = current as f64;
    let fine = *fine_bins;
    let mut new_threshold = None;
    card(
        ui,
        w,
        t.chart_distribution,
        t.chart_distribution_help,
        |ui| {
            ui.horizontal(|ui| {
                ui.selectable_value(fine_bins, false, t.chart_buckets);
                ui.selectable_value(fine_bins, true, t.chart_fine_bins);
            });
            let (bars, line_x) = if fine {
                let bars: Vec<Bar> = data
                    .fine
                    .iter()
                    .enumerate()
                    .map(|(i, &n)| {
                        let lo = i as u32 * FINE_BIN_SECS;
                        let name = if lo >= FINE_MAX_SECS {
                            format!("{}+", i18n::duration(lo as u64))
                        } else {
                            format!(
                                "{}–{}",
                                i18n::duration(lo as u64),
                                i18n::duration((lo + FINE_BIN_SECS - 1) as u64)
                            )
                        };
                        Bar::new(lo as f64 + FINE_BIN_SECS as f64 / 2.0, n as f64)
                            .width(FINE_BIN_SECS as f64 * 0.9)
                            .fill(palette::IVR)
                            .name(name)
                    })
                    .collect();
                (bars, threshold)
            } else {
                let bars: Vec<Bar> = data
                    .buckets
                    .iter()
                    .enumerate()
                    .map(|(i, &n)| {
                        let (lo, hi) = BUCKETS[i];
                        let name = match hi {
                            Some(h) => format!("{lo}-{h} s"),
                            None => format!("{lo}+ s"),
                        };
                        Bar::new(i as f64, n as f64)
                            .width(0.8)
                            .fill(palette::IVR)
                            .name(name)
                    })
                    .collect();
                (bars, bucket_x(threshold))
            };
            let calls_label = t.summary_calls_unit;
            let mut plot = Plot::new("distribution")
                .height(ui.available_height().max(120.0))
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .allow_boxed_zoom(false)
                .y_axis_label(calls_label)
                .y_axis_formatter(counts_axis(lang))
                .include_y(0.0);
            if fine {
                plot = plot
                    .x_axis_label(t.chart_axis_ivr)
                    .x_axis_formatter(seconds_axis(lang));
            } else {
                plot = bucket_axis(plot, t);
            }
            let x_step: Option<fn(f64) -> f64> = if fine { Some(duration_step) } else { None };
            plot = round_ticks(plot, x_step, Some(count_step));
            let columns: Vec<(f64, f64, String)> = bars
                .iter()
                .map(|b| {
                    let n = i18n::int(lang, b.value as u64);
                    let words = format!("{} · {n} {}", b.name, t.summary_calls_unit);
                    (b.argument, b.bar_width / 0.8, words)
                })
                .collect();
            let line = HoverLine::reserve(ui);
            let response = plot.show(ui, |p| {
                p.bar_chart(quiet(
                    BarChart::new(t.summary_calls, bars).color(palette::IVR),
                ));
                p.vline(
                    VLine::new(t.chart_threshold, line_x)
                        .color(palette::LONG)
                        .width(2.5),
                );
                (drag_line(p, line_x), p.pointer_coordinate())
            });
            let (dragged, pointer) = response.inner;
            if let Some(x) = dragged {
                new_threshold = Some(if fine { x } else { bucket_secs(x) });
            }
            let pointer = pointer.filter(|_| response.response.hovered());
            line.show(ui, pointer.and_then(|p| column_at(&columns, p.x)));
            response.response.on_hover_text(t.chart_drag_threshold);
        },
    );
    new_threshold.and_then(|s| threshold_action(s, current))
}

fn scatter_ui(
    ui: &mut egui::Ui,
    w: f32,
    lang: Lang,
    data: &ChartData,
    current: u32,
    report: &Report,
    points: &[Vec<PlotPoint>; 2],
) -> Vec<Action> {
    let t = lang.texts();
    let threshold = current as f64;
    let mut picked = None;
    let mut new_threshold = None;
    card(ui, w, t.chart_scatter, t.chart_scatter_help, |ui| {
        legend_ui(
            ui,
            &[
                (palette::IVR, t.ui_show_retained),
                (palette::AGENT, t.ui_show_transferred),
                (palette::LONG, t.chart_threshold),
            ],
        );
        let plot = Plot::new("scatter")
            .height(ui.available_height().max(120.0))
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .x_axis_label(t.chart_axis_ivr)
            .y_axis_label(t.chart_axis_agent)
            .x_axis_formatter(seconds_axis(lang))
            .y_axis_formatter(seconds_axis(lang))
            .include_x(0.0)
            .include_y(0.0)
            .label_formatter(move |hover| match hover {
                egui_plot::HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    index,
                } => {
                    // Name the call under the pointer: its id, agent and both times.
                    let rows = match &data.scatter {
                        Scatter::Points {
                            transferred_rows,
                            retained_rows,
                            ..
                        } if *plot_name == t.ui_show_transferred => Some(transferred_rows),
                        Scatter::Points { retained_rows, .. } => Some(retained_rows),
                        Scatter::Density { .. } => None,
                    };
                    let call = rows
                        .and_then(|r| r.get(*index))
                        .and_then(|&i| report.calls().get(i as usize));
                    let who = call
                        .map(|c| {
                            format!(
                                "{}\n{}\n",
                                report.raw(c, Field::ConnId).unwrap_or("-"),
                                report.raw(c, Field::AgentName).unwrap_or("-")
                            )
                        })
                        .unwrap_or_default();
                    Some(format!(
                        "{who}{} {}\n{} {}",
                        t.col_ivr_time,
                        i18n::duration(position.x.max(0.0) as u64),
                        t.col_agent_time,
                        i18n::duration(position.y.max(0.0) as u64)
                    ))
                }
                _ => None,
            });
        let plot = round_ticks(plot, Some(duration_step), Some(duration_step));
        let response = plot.show(ui, |p| {
            p.span(
                Span::new(t.chart_long_region, threshold..=f64::MAX / 4.0)
                    .fill(palette::LONG.gamma_multiply(0.12)),
            );
            match &data.scatter {
                Scatter::Points { .. } => {
                    p.points(
                        Points::new(t.ui_show_retained, PlotPoints::Borrowed(&points[1]))
                            .color(palette::IVR)
                            .radius(1.8),
                    );
                    p.points(
                        Points::new(t.ui_show_transferred, PlotPoints::Borrowed(&points[0]))
                            .color(palette::AGENT)
                            .radius(1.8),
                    );
                }
                Scatter::Density {
                    cell, cols, counts, ..
                } => {
                    let values: Vec<f64> = counts.iter().map(|&c| (c as f64 + 1.0).ln()).collect();
                    p.heatmap(
                        Heatmap::new(values, *cols)
                            // egui_plot lays the first count at the lower-left corner
                            // and goes right, then up: the counts' own order.
                            .at(PlotPoint::new(0.0, 0.0))
                            .tile_size(*cell as f32, *cell as f32)
                            .show_labels(false)
                            .name(t.chart_density),
                    );
                }
            }
            p.vline(
                VLine::new(t.chart_threshold, threshold)
                    .color(palette::LONG)
                    .width(2.0),
            );
            let dragged = drag_line(p, threshold);
            let clicked = p.response().clicked();
            let pointer = p.pointer_coordinate();
            (dragged, clicked, pointer, *p.transform())
        });
        let (dragged, clicked, pointer, transform) = response.inner;
        if let Some(x) = dragged {
            new_threshold = Some(x);
        } else if clicked
            && let (
                Some(ptr),
                Scatter::Points {
                    transferred,
                    transferred_rows,
                    retained,
                    retained_rows,
                },
            ) = (pointer, &data.scatter)
        {
            let screen = transform.position_from_point(&ptr);
            let mut best: Option<(f32, u32)> = None;
            for (pts, rows) in [(transferred, transferred_rows), (retained, retained_rows)] {
                for (p, &row) in pts.iter().zip(rows) {
                    let s = transform.position_from_point(&PlotPoint::new(p[0], p[1]));
                    let d = s.distance_sq(screen);
                    if d < 100.0 && best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, row));
                    }
                }
            }
            picked = best.map(|(_, row)| row);
        }
    });
    let mut actions: Vec<Action> = new_threshold
        .and_then(|s| threshold_action(s, current))
        .into_iter()
        .collect();
    actions.extend(picked.map(Action::Pick));
    actions
}

fn routing_points_ui(
    ui: &mut egui::Ui,
    w: f32,
    lang: Lang,
    data: &ChartData,
    spec: &ViewSpec,
    state: &mut ChartsState,
) -> Option<Action> {
    let t = lang.texts();
    let _ = &state;
    let mut clicked = None;
    card(
        ui,
        w,
        t.chart_routing_points,
        t.chart_routing_points_help,
        |ui| {
            let rps = &data.routing_points;
            let n = rps.len();
            // Most calls at the top: bar i sits at y = n - 1 - i.
            let y_of = move |i: usize| (n - 1 - i) as f64;
            let name = |i: usize| rps[i].rp_id.clone().unwrap_or_else(|| "-".into());
            let median = |i: usize| {
                fill(
                    t.chart_median_ivr,
                    &[(
                        "v",
                        &rps[i]
                            .median_ivr
                            .map(|m| i18n::duration(m as u64))
                            .unwrap_or_default(),
                    )],
                )
            };
            let retained: Vec<Bar> = rps
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    Bar::new(y_of(i), r.retained as f64)
                        .width(0.7)
                        .fill(palette::IVR)
                        .name(format!(
                            "{} · {} {} · {}",
                            name(i),
                            i18n::int(lang, r.retained),
                            t.ui_show_retained,
                            median(i)
                        ))
                })
                .collect();
            let transferred: Vec<Bar> = rps
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    Bar::new(y_of(i), r.transferred as f64)
                        .width(0.7)
                        .fill(palette::AGENT)
                        .name(format!(
                            "{} · {} {} · {}",
                            name(i),
                            i18n::int(lang, r.transferred),
                            t.ui_show_transferred,
                            median(i)
                        ))
                })
                .collect();
            let retained = quiet(BarChart::new(t.ui_show_retained, retained))
                .color(palette::IVR)
                .horizontal();
            let transferred = quiet(BarChart::new(t.ui_show_transferred, transferred))
                .color(palette::AGENT)
                .horizontal()
                .stack_on(&[&retained]);
            let labels: Vec<String> = (0..n)
                .map(|i| {
                    let full = name(i);
                    let short: String = full.trim_start_matches("RP_").chars().take(14).collect();
                    format!("{short} · {}", median(i).rsplit(' ').next().unwrap_or(""))
                })
                .collect();
            let selected = spec.routing_point.clone();
            legend_ui(
                ui,
                &[
                    (palette::IVR, t.ui_show_retained),
                    (palette::AGENT, t.ui_show_transferred),
                ],
            );
            let rows_words: Vec<String> = rps
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    format!(
                        "{} · {} {} · {} {} · {}",
                        name(i),
                        i18n::int(lang, r.retained),
                        t.ui_show_retained,
                        i18n::int(lang, r.transferred),
                        t.ui_show_transferred,
                        median(i)
                    )
                })
                .collect();
            let line = HoverLine::reserve(ui);
            let plot = Plot::new("routing-points")
                .height(ui.available_height().max(120.0))
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .allow_boxed_zoom(false)
                .include_x(0.0)
                .x_axis_label(t.summary_calls_unit)
                .x_axis_formatter(counts_axis(lang))
                .y_grid_spacer(every_integer)
                .custom_y_axes(vec![
                    egui_plot::AxisHints::new_y()
                        .label_spacing(12.0..=16.0)
                        .formatter(move |mark, _| {
                            let v = mark.value.round();
                            if (mark.value - v).abs() > 0.01 || v < 0.0 || v as usize >= n {
                                return String::new();
                            }
                            labels.get(n - 1 - v as usize).cloned().unwrap_or_default()
                        }),
                ]);
            let response = round_ticks(plot, Some(count_step), None).show(ui, |p| {
                p.bar_chart(retained);
                p.bar_chart(transferred);
                if let Some(sel) = &selected
                    && let Some(i) = rps.iter().position(|r| r.rp_id.as_deref() == Some(sel))
                {
                    let y = y_of(i);
                    p.span(
                        Span::new(sel.clone(), (y - 0.45)..=(y + 0.45))
                            .axis(egui_plot::Axis::Y)
                            .fill(egui::Color32::from_white_alpha(24)),
                    );
                }
                (p.response().clicked(), p.pointer_coordinate())
            });
            #[cfg(feature = "testing")]
            {
                state.rp_bars = rps
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let total = (r.retained + r.transferred + r.unknown) as f64;
                        let at = response
                            .transform
                            .position_from_point(&PlotPoint::new(total / 2.0, y_of(i)));
                        (r.rp_id.clone(), at)
                    })
                    .collect();
            }
            let row_at = |y: f64| {
                let v = y.round();
                (v >= 0.0 && (v as usize) < n && (y - v).abs() <= 0.4).then(|| n - 1 - v as usize)
            };
            let hovered = (response.inner.1)
                .filter(|_| response.response.hovered())
                .and_then(|p| row_at(p.y));
            line.show(
                ui,
                hovered.and_then(|i| rows_words.get(i)).map(String::as_str),
            );
            if let (true, Some(ptr)) = response.inner {
                let v = ptr.y.round();
                if v >= 0.0 && (v as usize) < n && (ptr.y - v).abs() <= 0.4 {
                    clicked = Some(rps[n - 1 - v as usize].rp_id.clone());
                }
            }
            response.response.on_hover_text(t.chart_click_to_filter);
        },
    );
    clicked.flatten().map(Action::ToggleRoutingPoint)
}

fn hours_ui(ui: &mut egui::Ui, w: f32, lang: Lang, data: &ChartData, heat_map: &mut bool) {
    let t = lang.texts();
    card(ui, w, t.chart_hours, t.chart_hours_help, |ui| {
        if data.days > 1 {
            ui.horizontal(|ui| {
                ui.selectable_value(heat_map, false, t.chart_by_hour);
                ui.selectable_value(heat_map, true, t.chart_weekday_hour);
            });
        }
        if *heat_map && data.days > 1 {
            let mut values = Vec::with_capacity(7 * 24);
            // Sunday in the bottom row, Monday at the top: egui_plot fills rows from
            // the bottom up.
            for wd in (0..7).rev() {
                for h in 0..24 {
                    values.push(data.heat[wd][h].map_or(0.0, |v| v as f64));
                }
            }
            let days: Vec<String> = t.weekday_initials.split(',').map(str::to_string).collect();
            let plot = Plot::new("heat")
                .height(ui.available_height().max(120.0))
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .allow_boxed_zoom(false)
                // One mark in the middle of each day's row, for its initial.
                .y_grid_spacer(|input| {
                    (0..7)
                        .map(|d| f64::from(d) + 0.5)
                        .filter(|v| (input.bounds.0..=input.bounds.1).contains(v))
                        .map(|value| egui_plot::GridMark {
                            value,
                            step_size: 1.0,
                        })
                        .collect()
                })
                .custom_y_axes(vec![
                    egui_plot::AxisHints::new_y().label_spacing(10.0..=12.0),
                ])
                .y_axis_formatter(move |mark, _| {
                    let row = (7.0 - mark.value - 0.5).round();
                    if (mark.value.fract() - 0.5).abs() > 0.01 || !(0.0..7.0).contains(&row) {
                        return String::new();
                    }
                    days.get(row as usize).cloned().unwrap_or_default()
                });
            hour_axis(plot, t).show(ui, |p| {
                p.heatmap(
                    Heatmap::new(values, 24)
                        .at(PlotPoint::new(0.0, 0.0))
                        .tile_size(1.0, 1.0)
                        .show_labels(false)
                        .formatter(Box::new(|v| i18n::duration(v as u64)))
                        .name(t.chart_median_heat),
                );
            });
            return;
        }
        let ivr: Vec<Bar> = data
            .hours
            .iter()
            .enumerate()
            .map(|(h, b)| {
                Bar::new(h as f64 - 0.2, b.mean_ivr.unwrap_or(0.0))
                    .width(0.4)
                    .fill(palette::IVR)
                    .name(format!(
                        "{h:02}:00 · {} {} · IVR {}",
                        i18n::int(lang, b.calls),
                        t.summary_calls_unit,
                        b.mean_ivr.map(i18n::duration_f).unwrap_or_default()
                    ))
            })
            .collect();
        let agent: Vec<Bar> = data
            .hours
            .iter()
            .enumerate()
            .map(|(h, b)| {
                Bar::new(h as f64 + 0.2, b.mean_agent.unwrap_or(0.0))
                    .width(0.4)
                    .fill(palette::AGENT)
                    .name(format!(
                        "{h:02}:00 · {} {} · {} {}",
                        i18n::int(lang, b.calls),
                        t.summary_calls_unit,
                        t.col_agent_time,
                        b.mean_agent.map(i18n::duration_f).unwrap_or_default()
                    ))
            })
            .collect();
        legend_ui(
            ui,
            &[
                (palette::IVR, t.col_ivr_time),
                (palette::AGENT, t.col_agent_time),
            ],
        );
        let columns: Vec<(f64, f64, String)> = data
            .hours
            .iter()
            .enumerate()
            .map(|(h, b)| {
                let words = format!(
                    "{h:02}:00 · {} {} · {} {} · {} {}",
                    i18n::int(lang, b.calls),
                    t.summary_calls_unit,
                    t.col_ivr_time,
                    b.mean_ivr.map(i18n::duration_f).unwrap_or_default(),
                    t.col_agent_time,
                    b.mean_agent.map(i18n::duration_f).unwrap_or_default()
                );
                (h as f64, 1.0, words)
            })
            .collect();
        let line = HoverLine::reserve(ui);
        let plot = Plot::new("hours")
            .height(ui.available_height().max(120.0))
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .y_axis_label(t.chart_axis_mean_time)
            .y_axis_formatter(seconds_axis(lang))
            .include_y(0.0);
        let response = hour_axis(round_ticks(plot, None, Some(duration_step)), t).show(ui, |p| {
            p.bar_chart(quiet(
                BarChart::new(t.col_ivr_time, ivr).color(palette::IVR),
            ));
            p.bar_chart(quiet(
                BarChart::new(t.col_agent_time, agent).color(palette::AGENT),
            ));
            p.hline(HLine::new("", 0.0).color(egui::Color32::TRANSPARENT));
            p.pointer_coordinate()
        });
        let pointer = response.inner.filter(|_| response.response.hovered());
        line.show(ui, pointer.and_then(|p| column_at(&columns, p.x)));
    });
}

/// The per-agent card (`is_agent`) or the per-skill card.
fn groups_ui(
    ui: &mut egui::Ui,
    w: f32,
    lang: Lang,
    data: &ChartData,
    spec: &ViewSpec,
    is_agent: bool,
) -> Option<Action> {
    let t = lang.texts();
    let mut filter_agent = None;
    let mut filter_skill = None;
    let (title, help, rows) = if is_agent {
        (t.chart_agents, t.chart_groups_help, &data.agents)
    } else {
        (t.chart_skills, t.chart_groups_help, &data.skills)
    };
    {
        card(ui, w, title, help, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(title)
                .max_height(CARD_H - 30.0)
                .show(ui, |ui| {
                    egui::Grid::new(title)
                        .striped(true)
                        .num_columns(5)
                        .show(ui, |ui| {
                            ui.label(
                                egui::RichText::new(if is_agent {
                                    t.col_agent
                                } else {
                                    t.col_skill
                                })
                                .strong(),
                            );
                            ui.label(egui::RichText::new(t.summary_col_calls).strong());
                            ui.label(egui::RichText::new(t.chart_mean_agent_short).strong());
                            ui.label(egui::RichText::new(t.chart_mean_queue_short).strong());
                            ui.label(egui::RichText::new("TIMEOUTACW").strong())
                                .on_hover_text(t.chart_timeout_help);
                            ui.end_row();
                            let current = if is_agent { &spec.agent } else { &spec.skill };
                            for r in rows.iter().take(200) {
                                let chosen = current.as_deref() == Some(r.name.as_str());
                                if ui.selectable_label(chosen, &r.name).clicked() {
                                    let pick = if chosen { None } else { Some(r.name.clone()) };
                                    if is_agent {
                                        filter_agent = Some(pick);
                                    } else {
                                        filter_skill = Some(pick);
                                    }
                                }
                                ui.label(i18n::int(lang, r.calls));
                                ui.label(r.mean_agent.map(i18n::duration_f).unwrap_or_default());
                                ui.label(r.mean_queue.map(i18n::duration_f).unwrap_or_default());
                                ui.label(i18n::percent(lang, r.timeout_acw_share));
                                ui.end_row();
                            }
                        });
                });
        });
    }
    if filter_agent.is_none() && filter_skill.is_none() {
        return None;
    }
    let mut next = spec.clone();
    if let Some(a) = filter_agent {
        next.agent = a;
    }
    if let Some(s) = filter_skill {
        next.skill = s;
    }
    Some(Action::SetSpec(next))
}

/// A line kept above a plot for what the pointer is over: text drawn inside the plot
/// would cover the bars next to the hovered one.
struct HoverLine(egui::Rect);

impl HoverLine {
    /// Takes the line's room, before the plot is drawn.
    fn reserve(ui: &mut egui::Ui) -> HoverLine {
        let h = ui.text_style_height(&egui::TextStyle::Small) + 2.0;
        let size = egui::vec2(ui.available_width(), h);
        HoverLine(ui.allocate_exact_size(size, egui::Sense::hover()).0)
    }

    /// Writes `text` on the line, cut at its end.
    fn show(&self, ui: &egui::Ui, text: Option<&str>) {
        if let Some(text) = text {
            ui.painter().with_clip_rect(self.0).text(
                self.0.left_center(),
                egui::Align2::LEFT_CENTER,
                text,
                egui::TextStyle::Small.resolve(ui.style()),
                ui.visuals().text_color(),
            );
        }
    }
}

/// The words of the column (centre, width, words) that holds `x`.
fn column_at(columns: &[(f64, f64, String)], x: f64) -> Option<&str> {
    columns
        .iter()
        .find(|(c, w, _)| (x - c).abs() <= w / 2.0)
        .map(|(_, _, words)| words.as_str())
}

/// A bar chart that writes nothing on the plot when hovered (the hover line does).
fn quiet(chart: BarChart) -> BarChart {
    chart.element_formatter(Box::new(|_, _| String::new()))
}

/// What each colour of a chart stands for, on a line above it: a legend inside the plot
/// would sit on top of bars and points.
fn legend_ui(ui: &mut egui::Ui, items: &[(egui::Color32, &str)]) {
    ui.horizontal_wrapped(|ui| {
        for &(color, label) in items {
            let size = egui::vec2(10.0, 10.0);
            let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, color);
            ui.label(egui::RichText::new(label).small());
            ui.add_space(6.0);
        }
    });
}

/// Lets the user drag a vertical line at `x`; returns the new x while dragging.
fn drag_line(p: &mut egui_plot::PlotUi<'_>, x: f64) -> Option<f64> {
    let response = p.response().clone();
    let pointer = p.pointer_coordinate()?;
    let id = response.id.with("dragging-line");
    let near = {
        let a = p.screen_from_plot(PlotPoint::new(x, pointer.y));
        let b = p.screen_from_plot(pointer);
        (a.x - b.x).abs() < 10.0
    };
    if near {
        p.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
    }
    let mut dragging = p.ctx().data(|d| d.get_temp::<bool>(id)).unwrap_or(false);
    if response.drag_started() && near {
        dragging = true;
    }
    if !response.dragged() {
        dragging = false;
    }
    p.ctx().data_mut(|d| d.insert_temp(id, dragging));
    dragging.then_some(pointer.x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_fall_on_round_counts_and_durations() {
        assert_eq!(count_step(0.3), 1.0);
        assert_eq!(count_step(3.2), 5.0);
        assert_eq!(count_step(1_200.0), 2_000.0);
        assert_eq!(count_step(6_000.0), 10_000.0);
        assert_eq!(duration_step(25.0), 30.0);
        assert_eq!(duration_step(40.0), 60.0);
        assert_eq!(duration_step(70.0), 120.0);
        assert_eq!(duration_step(200.0), 300.0);
        assert_eq!(duration_step(5_000.0), 7_200.0);
        assert_eq!(hour_step(2.5), 3.0);
        // Labels at least this far apart, every mark a multiple of its step.
        let marks = round_marks(duration_step, Y_LABEL_POINTS)(egui_plot::GridInput {
            bounds: (-20.0, 1_000.0),
            base_step_size: 40.0,
        });
        let values: Vec<f64> = marks.iter().map(|m| m.value).collect();
        assert_eq!(values, [0.0, 300.0, 600.0, 900.0]);
    }

    #[test]
    fn bucket_positions_map_both_ways() {
        for secs in [0.0, 5.0, 30.0, 120.0, 121.0, 300.0] {
            let back = bucket_secs(bucket_x(secs));
            assert!((back - secs).abs() < 1.0, "{secs} -> {back}");
        }
        // The 120 s default threshold sits at the right edge of the 61-120 bar.
        assert!((bucket_x(120.0) - 3.5).abs() < 0.01);
    }
}

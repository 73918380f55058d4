//! The compare view: period A against period B of the calls in view, as key-number cards
//! with the change and whether it is probably real, a table of the changes per routing
//! point, and both periods' IVR times as shares. The numbers come from
//! [`Comparison`], the same as the command line's `compare`.

use std::cmp::Ordering;

use eframe::egui;
use egui_plot::{Bar, BarChart, Legend, Plot};
use jiff::civil::Date;

use super::action::Action;
use super::cached::Cached;
use super::charts::{bucket_axis, palette};
use crate::cli::compare::{signed_duration, signed_points};
use crate::i18n::{self, Lang, Texts, fill};
use crate::report::charts::{BUCKETS, bucket_of};
use crate::report::{Comparison, MedianDiff, Period, RateDiff, Report, Stamp};
use crate::wolkvox::TimeRange;
use crate::workspace::Workspace;

const DAY: i64 = 86_400;

/// How period A (and with it B) is chosen.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Preset {
    /// The loaded range cut in two halves of equal length.
    Halves,
    /// The loaded range cut at the start of a date.
    Around,
    /// A: the same length right before the loaded range.
    Previous,
    /// A: the loaded days one week earlier.
    LastWeek,
    /// A: the loaded days one calendar month earlier.
    MonthBefore,
    /// A: typed dates.
    Dates,
}

/// A column of the table of changes per routing point.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Column {
    Rp,
    CallsA,
    CallsB,
    Retention,
    LongIvr,
    Median,
}

/// What a comparison is worked out from.
#[derive(Clone, Debug, PartialEq)]
struct Inputs {
    view: u64,
    a: Period,
    b: Period,
    long_ivr_secs: u32,
}

/// A comparison and both periods' IVR times as shares of [`BUCKETS`].
struct Outcome {
    comparison: Comparison,
    shares: [[f64; BUCKETS.len()]; 2],
}

/// The compare view's own state.
pub(crate) struct CompareState {
    /// How period A is chosen.
    pub preset: Preset,
    /// The date that splits the loaded range ("before and after a date").
    pub split: String,
    /// Period A's first day when typed.
    pub a_from: String,
    /// Period A's last day when typed.
    pub a_to: String,
    /// Periods fixed when both were loaded for the preset, kept while it stays chosen.
    pinned: Option<(Preset, Period, Period)>,
    /// The column the routing points are sorted by (none: largest retention change first).
    sort: Option<(Column, bool)>,
    result: Cached<Inputs, Outcome>,
}

impl Default for CompareState {
    fn default() -> Self {
        CompareState {
            preset: Preset::Halves,
            split: String::new(),
            a_from: String::new(),
            a_to: String::new(),
            pinned: None,
            sort: None,
            result: Cached::default(),
        }
    }
}

impl CompareState {
    /// Compares before `date` with from `date` on.
    pub(crate) fn split_at(&mut self, date: Date) {
        self.preset = Preset::Around;
        self.split = date.to_string();
        self.pinned = None;
    }

    /// Keeps comparing `a` with `b` while the chosen preset stays (their dates are
    /// being loaded together, so B is no longer the whole range loaded).
    pub(crate) fn pin(&mut self, a: Period, b: Period) {
        self.pinned = Some((self.preset, a, b));
    }

    /// The two periods shown, when both lie inside the loaded calls: what an export made
    /// from this view writes on its comparison sheet.
    pub(crate) fn loaded_periods(
        &self,
        lang: Lang,
        loaded: Option<TimeRange>,
    ) -> Option<(Period, Period)> {
        let loaded = loaded?;
        let (a, b) = periods(lang, self, loaded).ok()?;
        (inside(&a, loaded) && inside(&b, loaded)).then_some((a, b))
    }
}

fn secs(s: Stamp) -> i64 {
    s.seconds().unwrap_or_default()
}

fn period(from: i64, to: i64) -> Option<Period> {
    Period::new(Stamp::from_seconds(from), Stamp::from_seconds(to))
}

fn day_start(d: Date) -> i64 {
    secs(Stamp::from_civil(
        d.to_datetime(jiff::civil::Time::midnight()),
    ))
}

/// A typed date, or the message saying how to type it.
fn read_date(t: &Texts, text: &str) -> Result<Date, String> {
    text.trim()
        .parse::<Date>()
        .map_err(|_| t.cmpv_bad_date.to_string())
}

/// Periods A and B for the chosen preset over the loaded range, or why there are none.
fn periods(lang: Lang, s: &CompareState, loaded: TimeRange) -> Result<(Period, Period), String> {
    let t = lang.texts();
    if let Some((preset, a, b)) = s.pinned
        && preset == s.preset
    {
        return Ok((a, b));
    }
    let (from, to) = (secs(loaded.from()), secs(loaded.to()));
    let b = period(from, to).ok_or_else(|| t.cmpv_no_range.to_string())?;
    let len = to - from + 1;
    let short = || t.cmpv_too_short.to_string();
    let month_back = |x: i64| {
        Stamp::from_seconds(x)
            .civil()
            .and_then(|dt| dt.checked_sub(jiff::Span::new().months(1)).ok())
            .map(|dt| secs(Stamp::from_civil(dt)))
    };
    match s.preset {
        Preset::Halves => {
            let mid = from + len / 2;
            Ok((
                period(from, mid - 1).ok_or_else(short)?,
                period(mid, to).ok_or_else(short)?,
            ))
        }
        Preset::Around => {
            let cut = day_start(read_date(t, &s.split)?);
            if cut <= from || cut > to {
                let day = |x: i64| {
                    Stamp::from_seconds(x)
                        .civil()
                        .map(|dt| i18n::date(lang, dt.date()))
                        .unwrap_or_default()
                };
                return Err(fill(
                    t.cmpv_split_outside,
                    &[("from", &day(from)), ("to", &day(to))],
                ));
            }
            Ok((
                period(from, cut - 1).ok_or_else(short)?,
                period(cut, to).ok_or_else(short)?,
            ))
        }
        Preset::Previous => Ok((period(from - len, from - 1).ok_or_else(short)?, b)),
        Preset::LastWeek => Ok((period(from - 7 * DAY, to - 7 * DAY).ok_or_else(short)?, b)),
        Preset::MonthBefore => {
            let a = month_back(from)
                .zip(month_back(to))
                .and_then(|(f, l)| period(f, l))
                .ok_or_else(short)?;
            Ok((a, b))
        }
        Preset::Dates => {
            let (f, l) = (read_date(t, &s.a_from)?, read_date(t, &s.a_to)?);
            let a = period(day_start(f), day_start(l) + DAY - 1)
                .ok_or_else(|| t.cmpv_bad_date.to_string())?;
            Ok((a, b))
        }
    }
}

fn inside(p: &Period, loaded: TimeRange) -> bool {
    secs(loaded.from()) <= secs(p.from) && secs(p.to) <= secs(loaded.to())
}

/// The shares of each IVR time range among the rows with a readable time.
fn shares(report: &Report, rows: &[u32]) -> [f64; BUCKETS.len()] {
    let mut counts = [0u64; BUCKETS.len()];
    for &i in rows {
        if let Some(secs) = report.call(i as usize).and_then(|c| c.ivr_time.get()) {
            counts[bucket_of(secs)] += 1;
        }
    }
    let total: u64 = counts.iter().sum();
    counts.map(|n| {
        if total == 0 {
            0.0
        } else {
            n as f64 / total as f64
        }
    })
}

/// Draws the compare view; returns what it asks for.
pub(crate) fn compare_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    ws: &Workspace,
    state: &mut CompareState,
) -> Vec<Action> {
    let t = lang.texts();
    let mut actions = Vec::new();
    choice_ui(ui, lang, ws, state);
    let Some(loaded) = ws.loaded() else {
        ui.label(t.cmpv_no_range);
        return actions;
    };
    let (a, b) = match periods(lang, state, loaded) {
        Ok(p) => p,
        Err(why) => {
            ui.label(why);
            return actions;
        }
    };
    if !inside(&a, loaded) {
        let cost = Workspace::cost(TimeRange::new(a.from, a.to));
        ui.label(fill(
            t.cmpv_cost_outside,
            &[
                ("from", &i18n::stamp(lang, a.from)),
                ("to", &i18n::stamp(lang, a.to)),
                ("n", &i18n::int(lang, cost as u64)),
            ],
        ));
        let first = if a.from <= b.from { a.from } else { b.from };
        let last = if a.to >= b.to { a.to } else { b.to };
        let both = Workspace::cost(TimeRange::new(first, last));
        let label = fill(t.cmpv_load_both, &[("n", &i18n::int(lang, both as u64))]);
        if ui
            .add_enabled(!ws.is_loading(), egui::Button::new(label))
            .clicked()
        {
            actions.push(Action::LoadPeriods { a, b });
        }
        ui.label(egui::RichText::new(t.cmpv_load_both_note).weak());
        return actions;
    }
    ui.label(egui::RichText::new(t.cmpv_cost_zero).weak());
    let inputs = Inputs {
        view: ws.view_serial(),
        a,
        b,
        long_ivr_secs: ws.spec().long_ivr_secs,
    };
    let large = ws.view().len() > ws.view_sync_limit();
    let outcome = state.result.get(ui.ctx(), inputs, large, || {
        let (report, rows) = (ws.report_shared(), ws.view().to_vec());
        let long = ws.spec().long_ivr_secs;
        move || {
            let (ra, rb) = (a.rows_in(&report, &rows), b.rows_in(&report, &rows));
            Outcome {
                comparison: Comparison::of(&report, &ra.rows, &rb.rows, long),
                shares: [shares(&report, &ra.rows), shares(&report, &rb.rows)],
            }
        }
    });
    let Some(outcome) = outcome.or_say(ui, t) else {
        return actions;
    };
    let c = &outcome.comparison;
    egui::ScrollArea::vertical()
        .id_salt("compare")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (name, p, calls) in [("A", &a, c.a.calls), ("B", &b, c.b.calls)] {
                ui.label(i18n::period_line(lang, name, p, calls));
            }
            ui.label(egui::RichText::new(t.compare_rows_note).weak());
            if let Some(line) = i18n::overlap_line(lang, &a, &b) {
                ui.label(line);
            }
            if c.a.calls == 0 || c.b.calls == 0 {
                ui.label(empty_line(lang, c, &a, &b));
                return;
            }
            ui.add_space(6.0);
            cards_ui(ui, lang, c);
            ui.label(egui::RichText::new(t.compare_verdict_note).small().weak());
            ui.add_space(6.0);
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_max_width(720.0);
                    actions.extend(routing_points_ui(ui, lang, ws, c, &mut state.sort));
                });
                ui.vertical(|ui| distribution_ui(ui, lang, &outcome.shares));
            });
        });
    actions
}

/// Why a comparison with an empty period shows no changes.
fn empty_line(lang: Lang, c: &Comparison, a: &Period, b: &Period) -> String {
    let t = lang.texts();
    if c.a.calls == 0 && c.b.calls == 0 {
        return t.compare_empty_both.to_string();
    }
    let (name, p) = if c.a.calls == 0 { ("A", a) } else { ("B", b) };
    fill(
        t.compare_empty_one,
        &[
            ("name", &name),
            ("from", &i18n::stamp(lang, p.from)),
            ("to", &i18n::stamp(lang, p.to)),
        ],
    )
}

/// The presets, and the dates they need.
fn choice_ui(ui: &mut egui::Ui, lang: Lang, ws: &Workspace, s: &mut CompareState) {
    let t = lang.texts();
    ui.horizontal_wrapped(|ui| {
        ui.label(t.cmpv_choose_a);
        for (p, label) in [
            (Preset::Halves, t.cmpv_halves),
            (Preset::Around, t.cmpv_around),
            (Preset::Previous, t.cmpv_previous),
            (Preset::LastWeek, t.cmpv_last_week),
            (Preset::MonthBefore, t.cmpv_month_before),
            (Preset::Dates, t.cmpv_dates),
        ] {
            let clicked = ui.selectable_value(&mut s.preset, p, label).clicked();
            if clicked {
                s.pinned = None;
            }
            if clicked
                && p == Preset::Around
                && s.split.is_empty()
                && let Some(r) = ws.loaded()
            {
                // Start from the middle day, which always splits the range.
                let mid = (secs(r.from()) + secs(r.to())) / 2;
                if let Some(dt) = Stamp::from_seconds(mid).civil() {
                    s.split = dt.date().to_string();
                }
            }
        }
    });
    match s.preset {
        Preset::Around => {
            ui.horizontal(|ui| date_field(ui, t.cmpv_split_date, &mut s.split));
        }
        Preset::Dates => {
            ui.horizontal(|ui| {
                let typed = date_field(ui, t.cmpv_a_from, &mut s.a_from)
                    | date_field(ui, t.cmpv_a_to, &mut s.a_to);
                if typed {
                    s.pinned = None;
                }
            });
        }
        _ => {}
    }
}

/// A labelled field for a date typed as year-month-day; whether it was edited.
pub(super) fn date_field(ui: &mut egui::Ui, label: &str, text: &mut String) -> bool {
    let l = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(text)
            .hint_text("2026-11-10")
            .desired_width(110.0),
    )
    .labelled_by(l.id)
    .changed()
}

/// The colour of a verdict; the words say the same, for those who cannot tell colours.
fn verdict_colour(ui: &egui::Ui, likely_real: Option<bool>) -> egui::Color32 {
    match likely_real {
        Some(true) => palette::LONG,
        _ => ui.visuals().weak_text_color(),
    }
}

/// "+3.3 points, probably real".
pub(crate) fn rate_change(lang: Lang, d: &RateDiff) -> String {
    let t = lang.texts();
    match (d.diff, d.likely_real) {
        (Some(diff), Some(_)) => fill(
            t.cmpv_change,
            &[
                (
                    "diff",
                    &fill(t.compare_points, &[("diff", &signed_points(lang, diff))]),
                ),
                ("verdict", &i18n::verdict(t, d.likely_real)),
            ],
        ),
        _ => t.summary_no_value.to_string(),
    }
}

/// "-0:07, within normal variation".
fn median_change(lang: Lang, d: &MedianDiff) -> String {
    let t = lang.texts();
    match (d.diff, d.likely_real) {
        (Some(diff), Some(_)) => fill(
            t.cmpv_change,
            &[
                ("diff", &signed_duration(diff)),
                ("verdict", &i18n::verdict(t, d.likely_real)),
            ],
        ),
        _ => t.summary_no_value.to_string(),
    }
}

/// One key number: its name, A and B, and the change with its verdict, as one label (so
/// it reads as one sentence to a screen reader).
fn card(ui: &mut egui::Ui, title: &str, values: String, change: String, likely: Option<bool>) {
    let colour = verdict_colour(ui, likely);
    let text = ui.visuals().text_color();
    let mut job = egui::text::LayoutJob::default();
    let mut add = |s: &str, size: f32, color: egui::Color32| {
        job.append(
            s,
            0.0,
            egui::TextFormat {
                font_id: egui::FontId::proportional(size),
                color,
                ..Default::default()
            },
        );
    };
    add(&format!("{title}\n"), 13.0, text);
    add(&format!("{values}\n"), 18.0, text);
    add(&change, 13.0, colour);
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(
            if likely == Some(true) { 2.0 } else { 1.0 },
            colour,
        ))
        .show(ui, |ui| {
            ui.set_min_width(210.0);
            ui.label(job);
        });
}

fn cards_ui(ui: &mut egui::Ui, lang: Lang, c: &Comparison) {
    let t = lang.texts();
    let rate = |r: Option<f64>| {
        r.map_or_else(
            || t.summary_no_value.to_string(),
            |r| i18n::percent(lang, r),
        )
    };
    let time = |s: Option<u32>| {
        s.map_or_else(
            || t.summary_no_value.to_string(),
            |s| i18n::duration(u64::from(s)),
        )
    };
    let long = fill(
        t.summary_long_ivr,
        &[("threshold", &i18n::duration(u64::from(c.long_ivr_secs)))],
    );
    let d = &c.delta;
    ui.horizontal_wrapped(|ui| {
        for (title, r) in [
            (t.compare_retention, &d.retention_rate),
            (t.compare_transfer, &d.transfer_rate),
            (t.compare_queue_abandon, &d.queue_abandon_rate),
            (long.as_str(), &d.long_ivr_share),
        ] {
            let values = fill(t.cmpv_a_b, &[("a", &rate(r.a)), ("b", &rate(r.b))]);
            card(ui, title, values, rate_change(lang, r), r.likely_real);
        }
        let m = &d.median_ivr;
        let values = fill(t.cmpv_a_b, &[("a", &time(m.a)), ("b", &time(m.b))]);
        card(
            ui,
            t.compare_median_ivr,
            values,
            median_change(lang, m),
            m.likely_real,
        );
    });
}

/// Orders two optional changes: by size of the change, those without one last.
fn by_change(x: Option<f64>, y: Option<f64>) -> Ordering {
    match (x, y) {
        (Some(p), Some(q)) => p.abs().total_cmp(&q.abs()),
        (Some(_), None) => Ordering::Greater,
        (None, Some(_)) => Ordering::Less,
        (None, None) => Ordering::Equal,
    }
}

fn routing_points_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    ws: &Workspace,
    c: &Comparison,
    sort: &mut Option<(Column, bool)>,
) -> Vec<Action> {
    let t = lang.texts();
    let mut actions = Vec::new();
    ui.strong(t.compare_by_rp);
    ui.label(egui::RichText::new(t.cmpv_rp_hint).small().weak());
    let mut order: Vec<usize> = (0..c.by_routing_point.len()).collect();
    if let Some((col, desc)) = *sort {
        let rps = &c.by_routing_point;
        order.sort_by(|&i, &j| {
            let (x, y) = (&rps[i], &rps[j]);
            let o = match col {
                Column::Rp => x.rp_id.cmp(&y.rp_id),
                Column::CallsA => x.a_calls.cmp(&y.a_calls),
                Column::CallsB => x.b_calls.cmp(&y.b_calls),
                Column::Retention => by_change(x.retention_rate.diff, y.retention_rate.diff),
                Column::LongIvr => by_change(x.long_ivr_share.diff, y.long_ivr_share.diff),
                Column::Median => by_change(
                    x.median_ivr.diff.map(|d| d as f64),
                    y.median_ivr.diff.map(|d| d as f64),
                ),
            };
            if desc { o.reverse() } else { o }
        });
    }
    let chosen = ws.spec().routing_point.as_deref();
    egui::ScrollArea::vertical()
        .id_salt("compare-rps")
        .max_height(420.0)
        .show(ui, |ui| {
            egui::Grid::new("compare-rps-grid")
                .striped(true)
                .spacing([14.0, 4.0])
                .show(ui, |ui| {
                    for (col, title) in [
                        (Column::Rp, t.cmpv_col_rp),
                        (Column::CallsA, t.compare_col_calls_a),
                        (Column::CallsB, t.compare_col_calls_b),
                        (Column::Retention, t.cmpv_col_retention),
                        (Column::LongIvr, t.cmpv_col_long),
                        (Column::Median, t.cmpv_col_median),
                    ] {
                        let arrow = match *sort {
                            Some((c, false)) if c == col => " ⏶",
                            Some((c, true)) if c == col => " ⏷",
                            _ => "",
                        };
                        if ui
                            .button(egui::RichText::new(format!("{title}{arrow}")).strong())
                            .clicked()
                        {
                            *sort = match *sort {
                                Some((c, desc)) if c == col => Some((col, !desc)),
                                _ => Some((col, false)),
                            };
                        }
                    }
                    ui.end_row();
                    for &i in &order {
                        let rp = &c.by_routing_point[i];
                        match rp.rp_id.as_deref() {
                            Some(id) => {
                                if ui.selectable_label(chosen == Some(id), id).clicked() {
                                    actions.push(Action::ToggleRoutingPoint(id.to_string()));
                                }
                            }
                            None => {
                                ui.label(t.summary_no_value);
                            }
                        }
                        ui.label(i18n::int(lang, rp.a_calls));
                        ui.label(i18n::int(lang, rp.b_calls));
                        for (text, likely) in [
                            (
                                rate_change(lang, &rp.retention_rate),
                                rp.retention_rate.likely_real,
                            ),
                            (
                                rate_change(lang, &rp.long_ivr_share),
                                rp.long_ivr_share.likely_real,
                            ),
                            (
                                median_change(lang, &rp.median_ivr),
                                rp.median_ivr.likely_real,
                            ),
                        ] {
                            let colour = verdict_colour(ui, likely);
                            ui.label(egui::RichText::new(text).color(colour));
                        }
                        ui.end_row();
                    }
                });
        });
    actions
}

/// Both periods' IVR times side by side per range, as shares so unequal periods compare.
fn distribution_ui(ui: &mut egui::Ui, lang: Lang, shares: &[[f64; BUCKETS.len()]; 2]) {
    let t = lang.texts();
    ui.strong(t.cmpv_dist_title);
    let bars = |k: usize, offset: f64| -> Vec<Bar> {
        shares[k]
            .iter()
            .enumerate()
            .map(|(i, &s)| {
                Bar::new(i as f64 + offset, s * 100.0)
                    .width(0.38)
                    .name(i18n::percent(lang, s))
            })
            .collect()
    };
    let plot = Plot::new("compare-distribution")
        .height(240.0)
        .width(420.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .legend(Legend::default())
        .y_axis_label(t.cmpv_share_axis)
        .y_axis_formatter(|mark, _| format!("{:.0}%", mark.value))
        .include_y(0.0);
    bucket_axis(plot, t).show(ui, |p| {
        p.bar_chart(BarChart::new(t.compare_col_a, bars(0, -0.2)).color(palette::AGENT));
        p.bar_chart(BarChart::new(t.compare_col_b, bars(1, 0.2)).color(palette::IVR));
    });
}

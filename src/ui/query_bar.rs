//! The query bar: server, dates, presets, "Load report" with its cost and progress, live
//! tracking.

use eframe::egui;
use jiff::civil::Date;

use super::action::{Action, FileAction};
use super::calendar::date_button_ui;
use crate::i18n::{self, Lang, fill};
use crate::report::Stamp;
use crate::wolkvox::TimeRange;
use crate::workspace::{Connection, LoadBlocker, Workspace};

/// The dates and times of the query bar, and the typed server.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Query {
    pub server: String,
    pub from: Date,
    pub from_hm: (i8, i8),
    pub to: Date,
    pub to_hm: (i8, i8),
}

impl Query {
    /// The last 7 days up to `today`, for `server`.
    pub(crate) fn last_week(server: String, today: Date) -> Query {
        let (from, to) = Preset::Last7.days(today);
        Query {
            server,
            from,
            from_hm: (0, 0),
            to,
            to_hm: (23, 59),
        }
    }

    /// The range asked for: "to" includes its whole minute.
    pub(crate) fn range(&self) -> Option<TimeRange> {
        let from = self.from.at(self.from_hm.0, self.from_hm.1, 0, 0);
        let to = self.to.at(self.to_hm.0, self.to_hm.1, 59, 0);
        TimeRange::new(Stamp::from_civil(from), Stamp::from_civil(to))
    }

    /// Asks for `from` to `to` (the minute of `to` included).
    pub(crate) fn set_range(&mut self, from: jiff::civil::DateTime, to: jiff::civil::DateTime) {
        self.from = from.date();
        self.from_hm = (from.hour(), from.minute());
        self.to = to.date();
        self.to_hm = (to.hour(), to.minute());
    }

    /// Sets the whole days of `preset`.
    fn set_days(&mut self, (a, b): (Date, Date)) {
        self.from = a;
        self.to = b;
        self.from_hm = (0, 0);
        self.to_hm = (23, 59);
    }

    /// Restores a preset remembered in the settings (`today`, `last7`, ...).
    pub(crate) fn apply_preset_key(&mut self, key: &str, today: Date) {
        if let Some(p) = Preset::ALL.into_iter().find(|p| p.key() == key) {
            self.set_days(p.days(today));
        }
    }
}

/// Words for why "Load report" cannot run.
pub(crate) fn blocker_text(t: &i18n::Texts, b: LoadBlocker) -> &'static str {
    match b {
        LoadBlocker::Busy => t.ui_why_busy,
        LoadBlocker::Backwards => t.ui_why_backwards,
        LoadBlocker::NoServer => t.ui_why_no_server,
        LoadBlocker::NoToken => t.ui_why_no_token,
    }
}

/// The date presets, in the operation's time zone.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Preset {
    Today,
    Yesterday,
    Last7,
    ThisMonth,
    LastMonth,
}

impl Preset {
    const ALL: [Preset; 5] = [
        Preset::Today,
        Preset::Yesterday,
        Preset::Last7,
        Preset::ThisMonth,
        Preset::LastMonth,
    ];

    fn label(self, t: &i18n::Texts) -> &'static str {
        match self {
            Preset::Today => t.ui_preset_today,
            Preset::Yesterday => t.ui_preset_yesterday,
            Preset::Last7 => t.ui_preset_last7,
            Preset::ThisMonth => t.ui_preset_this_month,
            Preset::LastMonth => t.ui_preset_last_month,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Preset::Today => "today",
            Preset::Yesterday => "yesterday",
            Preset::Last7 => "last7",
            Preset::ThisMonth => "this_month",
            Preset::LastMonth => "last_month",
        }
    }

    /// The first and last day of the preset, relative to `today`.
    pub(crate) fn days(self, today: Date) -> (Date, Date) {
        let back = |n: i64| {
            today
                .checked_sub(jiff::Span::new().days(n))
                .unwrap_or(today)
        };
        match self {
            Preset::Today => (today, today),
            Preset::Yesterday => (back(1), back(1)),
            Preset::Last7 => (back(6), today),
            Preset::ThisMonth => (today.first_of_month(), today),
            Preset::LastMonth => {
                let last = today.first_of_month().yesterday().unwrap_or(today);
                (last.first_of_month(), last)
            }
        }
    }
}

/// Hour and minute fields, each with an accessible label.
fn hour_minute_ui(ui: &mut egui::Ui, t: &i18n::Texts, which: &str, hm: &mut (i8, i8)) {
    let h_label = format!("{which} · {}", t.ui_hour);
    let m_label = format!("{which} · {}", t.ui_minute);
    ui.add(
        egui::DragValue::new(&mut hm.0)
            .range(0..=23)
            .custom_formatter(|v, _| format!("{v:02}")),
    )
    .on_hover_text(&h_label)
    .accessible_name(h_label.clone());
    ui.label(":");
    ui.add(
        egui::DragValue::new(&mut hm.1)
            .range(0..=59)
            .custom_formatter(|v, _| format!("{v:02}")),
    )
    .on_hover_text(&m_label)
    .accessible_name(m_label.clone());
}

/// The query bar: connection, dates, presets, load/cancel, files, progress and live
/// tracking. `query` is the bar's own state.
pub(crate) fn query_bar_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    ws: &Workspace,
    query: &mut Query,
) -> Vec<Action> {
    let t = lang.texts();
    let mut actions = Vec::new();
    let blocker = ws.load_blocker(query.range(), &query.server);
    ui.horizontal_wrapped(|ui| {
        match ws.connection() {
            Some(Connection::Demo { .. }) => {
                egui::Frame::new()
                    .fill(ui.visuals().warn_fg_color)
                    .corner_radius(4.0)
                    .inner_margin(egui::Margin::symmetric(6, 2))
                    .show(ui, |ui| {
                        ui.label(
                            egui::RichText::new(t.ui_demo_badge)
                                .color(ui.visuals().extreme_bg_color)
                                .strong(),
                        )
                    })
                    .response
                    .on_hover_text(t.ui_demo_explain);
            }
            _ => {
                let label = ui.label(t.ui_server);
                ui.add(
                    egui::TextEdit::singleline(&mut query.server)
                        .hint_text(t.ui_server_hint)
                        .desired_width(60.0),
                )
                .labelled_by(label.id);
                if let Some(Connection::Wolkvox { server, tail, .. }) = ws.connection() {
                    ui.label(
                        egui::RichText::new(fill(
                            t.ui_connected,
                            &[("server", &server.digits()), ("tail", tail)],
                        ))
                        .weak(),
                    );
                }
            }
        }
        if ui.button(t.ui_connect).clicked() {
            actions.push(Action::OpenConnect);
        }
        ui.separator();
        ui.label(t.ui_from);
        date_button_ui(ui, lang, "from", &mut query.from);
        hour_minute_ui(ui, t, t.ui_from, &mut query.from_hm);
        ui.label(t.ui_to);
        date_button_ui(ui, lang, "to", &mut query.to);
        hour_minute_ui(ui, t, t.ui_to, &mut query.to_hm);
        ui.separator();
        let today = ws.today();
        for p in Preset::ALL {
            let days = p.days(today);
            let active = query.from == days.0
                && query.to == days.1
                && query.from_hm == (0, 0)
                && query.to_hm == (23, 59);
            if ui.selectable_label(active, p.label(t)).clicked() {
                query.set_days(days);
                actions.push(Action::RememberPreset(p.key()));
            }
        }
        ui.separator();
        if ws.is_loading() {
            if ui.button(t.ui_cancel).clicked() {
                actions.push(Action::Cancel);
            }
        } else {
            let button = egui::Button::new(
                egui::RichText::new(t.ui_load)
                    .strong()
                    .color(ui.visuals().strong_text_color()),
            )
            .fill(ui.visuals().selection.bg_fill);
            let r = ui.add_enabled(blocker.is_none(), button);
            let r = match blocker {
                Some(why) => r.on_disabled_hover_text(blocker_text(t, why)),
                None => r,
            };
            if r.clicked() {
                actions.push(Action::Load);
            }
        }
        ui.separator();
        if ui.button(t.ui_settings).clicked() {
            actions.push(Action::OpenSettings);
        }
        if ui.button(t.ui_open).clicked() {
            actions.push(Action::AskFile(FileAction::Open));
        }
        if ui
            .add_enabled(!ws.report().is_empty(), egui::Button::new(t.ui_save))
            .on_disabled_hover_text(t.ui_nothing_to_save)
            .clicked()
        {
            actions.push(Action::AskFile(FileAction::Save));
        }
    });
    ui.horizontal_wrapped(|ui| {
        if let Some(job) = ws.fetch_job() {
            let fraction = if job.planned > 0 {
                job.done as f32 / job.planned as f32
            } else {
                0.0
            };
            let words = fill(
                t.ui_progress,
                &[
                    ("done", &job.done.max(1).min(job.planned.max(1))),
                    ("planned", &job.planned.max(1)),
                    ("rows", &i18n::int(lang, job.rows as u64)),
                ],
            );
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(220.0)
                    .animate(true),
            );
            ui.label(words);
        } else if let Some(why) = blocker {
            ui.colored_label(ui.visuals().warn_fg_color, blocker_text(t, why));
        } else {
            actions.extend(super::history::cost_ui(ui, lang, ws, query.range()));
        }
        ui.separator();
        live_ui(ui, lang, ws, &mut actions);
    });
    actions
}

/// Live tracking: on for ranges that reach the present, with when the next refresh is
/// due; for a past range, switched off with the reason on hover.
fn live_ui(ui: &mut egui::Ui, lang: Lang, ws: &Workspace, actions: &mut Vec<Action>) {
    let t = lang.texts();
    if !ws.reaches_now() {
        let why = match ws.loaded().and_then(|r| r.to().civil()) {
            Some(end) => fill(t.live_past_range, &[("end", &i18n::date_time(lang, end))]),
            None => t.live_nothing_loaded.to_string(),
        };
        let mut off = false;
        ui.add_enabled(false, egui::Checkbox::new(&mut off, t.ui_live))
            .on_disabled_hover_text(&why);
        return;
    }
    let mut live = ws.is_live();
    if ui
        .checkbox(&mut live, t.ui_live)
        .on_hover_text(t.ui_live_cost)
        .changed()
    {
        actions.push(Action::SetLive(live));
    }
    if let Some(wait) = ws.next_refresh_in(std::time::Instant::now()) {
        let at = crate::wolkvox::when::now_in(ws.time_zone())
            .checked_add(jiff::SignedDuration::from_secs(wait.as_secs() as i64))
            .ok();
        if let Some(at) = at {
            let words = fill(
                t.live_next,
                &[("time", &format!("{:02}:{:02}", at.hour(), at.minute()))],
            );
            ui.label(egui::RichText::new(words).weak());
        }
    }
    if ui
        .add_enabled(!ws.is_loading(), egui::Button::new(t.ui_refresh_now))
        .clicked()
    {
        actions.push(Action::Refresh);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn presets_cover_the_expected_days() {
        let today = date(2026, 3, 10);
        assert_eq!(Preset::Today.days(today), (today, today));
        assert_eq!(
            Preset::Yesterday.days(today),
            (date(2026, 3, 9), date(2026, 3, 9))
        );
        assert_eq!(Preset::Last7.days(today), (date(2026, 3, 4), today));
        assert_eq!(Preset::ThisMonth.days(today), (date(2026, 3, 1), today));
        assert_eq!(
            Preset::LastMonth.days(today),
            (date(2026, 2, 1), date(2026, 2, 28))
        );
        assert_eq!(
            Preset::LastMonth.days(date(2026, 1, 5)),
            (date(2025, 12, 1), date(2025, 12, 31))
        );
    }
}

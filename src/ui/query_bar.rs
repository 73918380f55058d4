//! The query bar: server, dates, presets, "Load report" with its cost and progress, live
//! tracking.

use eframe::egui;
use jiff::civil::Date;

use super::app::{Connection, WolkvoxApp};
use super::calendar::date_button_ui;
use crate::i18n::{self, fill};

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

impl WolkvoxApp {
    /// Restores a preset remembered in the settings (`today`, `last7`, ...).
    pub(crate) fn apply_preset_key(&mut self, key: &str) {
        if let Some(p) = Preset::ALL.into_iter().find(|p| p.key() == key) {
            let (a, b) = p.days(self.today());
            self.query.from = a;
            self.query.to = b;
            self.query.from_hm = (0, 0);
            self.query.to_hm = (23, 59);
        }
    }

    pub(crate) fn query_bar_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let t = lang.texts();
        ui.horizontal_wrapped(|ui| {
            match &self.conn {
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
                        egui::TextEdit::singleline(&mut self.query.server)
                            .hint_text(t.ui_server_hint)
                            .desired_width(60.0),
                    )
                    .labelled_by(label.id);
                    if let Some(Connection::Wolkvox { server, tail, .. }) = &self.conn {
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
                self.open_connect_dialog();
            }
            ui.separator();
            ui.label(t.ui_from);
            date_button_ui(ui, lang, "from", &mut self.query.from);
            hour_minute_ui(ui, t, t.ui_from, &mut self.query.from_hm);
            ui.label(t.ui_to);
            date_button_ui(ui, lang, "to", &mut self.query.to);
            hour_minute_ui(ui, t, t.ui_to, &mut self.query.to_hm);
            ui.separator();
            let today = self.today();
            for p in Preset::ALL {
                let (a, b) = p.days(today);
                let active = self.query.from == a
                    && self.query.to == b
                    && self.query.from_hm == (0, 0)
                    && self.query.to_hm == (23, 59);
                if ui.selectable_label(active, p.label(t)).clicked() {
                    self.query.from = a;
                    self.query.to = b;
                    self.query.from_hm = (0, 0);
                    self.query.to_hm = (23, 59);
                    self.settings.last_preset = Some(p.key().to_string());
                }
            }
            ui.separator();
            if self.job.is_some() {
                if ui.button(t.ui_cancel).clicked() {
                    self.cancel();
                }
            } else {
                let blocker = self.load_blocker();
                let button = egui::Button::new(
                    egui::RichText::new(t.ui_load)
                        .strong()
                        .color(ui.visuals().strong_text_color()),
                )
                .fill(ui.visuals().selection.bg_fill);
                let r = ui.add_enabled(blocker.is_none(), button);
                let r = match blocker {
                    Some(why) => r.on_disabled_hover_text(why),
                    None => r,
                };
                if r.clicked() {
                    self.load();
                }
            }
            ui.separator();
            if ui.button(t.ui_settings).clicked() {
                self.settings_open = true;
            }
            if ui.button(t.ui_open).clicked() {
                self.ask_open();
            }
            if ui
                .add_enabled(!self.report.is_empty(), egui::Button::new(t.ui_save))
                .on_disabled_hover_text(t.ui_nothing_to_save)
                .clicked()
            {
                self.ask_save();
            }
        });
        ui.horizontal_wrapped(|ui| {
            if let Some(job) = &self.job {
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
            } else if let Some(why) = self.load_blocker() {
                ui.colored_label(ui.visuals().warn_fg_color, why);
            } else {
                let cost = self.cost();
                ui.label(
                    egui::RichText::new(fill(
                        t.ui_cost,
                        &[
                            ("n", &cost),
                            ("today", &i18n::int(lang, self.requests_today)),
                        ],
                    ))
                    .weak(),
                );
            }
            if self.reaches_now() {
                ui.separator();
                ui.checkbox(&mut self.live, t.ui_live)
                    .on_hover_text(t.ui_live_cost);
                if ui
                    .add_enabled(self.job.is_none(), egui::Button::new(t.ui_refresh_now))
                    .clicked()
                {
                    self.refresh();
                }
            }
        });
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

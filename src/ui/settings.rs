//! The settings dialog: language, operation time zone, long-IVR threshold, theme, folder
//! for saved reports, test the connection, forget the token. Saved when it closes.

use eframe::egui;

use super::app::{Banner, Connection, WolkvoxApp};
use crate::i18n::{Lang, fill};
use crate::wolkvox::when::time_zone;

/// Applies a theme name from the settings (`light`, `dark`, else follow the computer).
pub(crate) fn apply_theme(ctx: &egui::Context, theme: Option<&str>) {
    ctx.set_theme(match theme {
        Some("light") => egui::ThemePreference::Light,
        Some("dark") => egui::ThemePreference::Dark,
        _ => egui::ThemePreference::System,
    });
}

impl WolkvoxApp {
    pub(crate) fn settings_dialog_ui(&mut self, ctx: &egui::Context) {
        if !self.settings_open {
            return;
        }
        let t = self.lang.texts();
        let mut close = false;
        let mut forget = false;
        let mut test = false;
        let modal = egui::Modal::new(egui::Id::unique("settings")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading(t.ui_settings_title);
            ui.add_space(6.0);
            egui::Grid::new("settings-grid")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    ui.label(t.ui_language);
                    ui.horizontal(|ui| {
                        let mut choice = self.settings.language;
                        ui.radio_value(&mut choice, Some(Lang::Es), "Español");
                        ui.radio_value(&mut choice, Some(Lang::En), "English");
                        ui.radio_value(&mut choice, None, t.ui_language_system);
                        if choice != self.settings.language {
                            self.settings.language = choice;
                            self.lang = choice.unwrap_or_else(Lang::from_os);
                        }
                    });
                    ui.end_row();

                    let l = ui.label(t.ui_time_zone);
                    ui.vertical(|ui| {
                        let r = ui
                            .add(
                                egui::TextEdit::singleline(&mut self.time_zone_text)
                                    .hint_text(t.ui_time_zone_hint)
                                    .desired_width(260.0),
                            )
                            .labelled_by(l.id);
                        let name = self.time_zone_text.trim();
                        let known = name.is_empty() || jiff::tz::TimeZone::get(name).is_ok();
                        if !known {
                            ui.colored_label(
                                ui.visuals().warn_fg_color,
                                fill(t.ui_time_zone_unknown, &[("name", &name)]),
                            );
                        }
                        if r.changed() && known {
                            self.settings.time_zone = (!name.is_empty()).then(|| name.to_string());
                            self.tz = time_zone(self.settings.time_zone.as_deref());
                        }
                    });
                    ui.end_row();

                    let l = ui.label(t.ui_threshold);
                    let before = self.spec.long_ivr_secs;
                    ui.add(egui::DragValue::new(&mut self.spec.long_ivr_secs).range(5..=3600))
                        .labelled_by(l.id);
                    if self.spec.long_ivr_secs != before {
                        self.settings.long_ivr_secs = self.spec.long_ivr_secs;
                        self.threshold_changed();
                    }
                    ui.end_row();

                    ui.label(t.ui_theme);
                    ui.horizontal(|ui| {
                        let mut theme = self.settings.theme.clone();
                        ui.radio_value(&mut theme, None, t.ui_theme_system);
                        ui.radio_value(&mut theme, Some("light".to_string()), t.ui_theme_light);
                        ui.radio_value(&mut theme, Some("dark".to_string()), t.ui_theme_dark);
                        if theme != self.settings.theme {
                            self.settings.theme = theme;
                            apply_theme(ui.ctx(), self.settings.theme.as_deref());
                        }
                    });
                    ui.end_row();

                    let l = ui.label(t.ui_reports_folder);
                    let mut folder = self
                        .settings
                        .reports_folder
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    if ui
                        .add(egui::TextEdit::singleline(&mut folder).desired_width(260.0))
                        .labelled_by(l.id)
                        .changed()
                    {
                        self.settings.reports_folder =
                            (!folder.trim().is_empty()).then(|| folder.trim().into());
                    }
                    ui.end_row();
                });
            ui.separator();
            let connected = matches!(self.conn, Some(Connection::Wolkvox { .. }));
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        connected && self.job.is_none(),
                        egui::Button::new(t.ui_test_connection),
                    )
                    .on_hover_text(t.ui_test_cost)
                    .clicked()
                {
                    test = true;
                }
                if ui
                    .add_enabled(connected, egui::Button::new(t.ui_forget_token))
                    .on_disabled_hover_text(t.ui_no_token_to_forget)
                    .clicked()
                {
                    forget = true;
                }
            });
            ui.label(egui::RichText::new(t.ui_test_cost).small().weak());
            if let Some(result) = &self.test_result {
                ui.label(result);
            }
            ui.add_space(6.0);
            if ui.button(t.ui_close).clicked() {
                close = true;
            }
        });
        if modal.should_close() {
            close = true;
        }
        if test {
            self.test_connection();
        }
        if forget {
            self.forget_token();
        }
        if close {
            self.settings_open = false;
            self.test_result = None;
            if let Err(e) = self.save_settings() {
                self.banners.push(Banner {
                    text: e.message(self.lang),
                    error: true,
                });
            }
        }
    }
}

//! The settings dialog: language, operation time zone, long-IVR threshold, theme, folder
//! for saved reports, test the connection, forget the token. Saved when it closes.

use eframe::egui;

use super::action::Action;
use crate::i18n::{Lang, fill};
use crate::settings::Settings;
use crate::workspace::{Connection, TestResult, Workspace};

/// Applies a theme name from the settings (`light`, `dark`, else follow the computer).
pub(crate) fn apply_theme(ctx: &egui::Context, theme: Option<&str>) {
    ctx.set_theme(match theme {
        Some("light") => egui::ThemePreference::Light,
        Some("dark") => egui::ThemePreference::Dark,
        _ => egui::ThemePreference::System,
    });
}

/// The dialog's own state.
#[derive(Default)]
pub(crate) struct SettingsDialog {
    /// Whether it is open.
    pub open: bool,
    /// The time zone as typed, valid or not.
    pub time_zone_text: String,
    /// The History section's state.
    pub history: super::history::HistorySection,
    /// Where the history lives.
    pub store_choice: super::store_choice::StoreChoiceForm,
}

/// The words of a connection test's answer.
fn test_words(lang: Lang, r: &TestResult) -> String {
    let t = lang.texts();
    match r {
        TestResult::Running => t.ui_test_running.to_string(),
        TestResult::Works(0) => t.ui_test_ok_none.to_string(),
        TestResult::Works(n) => fill(t.ui_test_ok, &[("n", &crate::i18n::int(lang, *n as u64))]),
        TestResult::Failed(e) => e.message(lang),
    }
}

/// The settings dialog, while open.
pub(crate) fn settings_dialog_ui(
    ctx: &egui::Context,
    lang: Lang,
    settings: &Settings,
    ws: &Workspace,
    state: &mut SettingsDialog,
) -> Vec<Action> {
    let mut actions = Vec::new();
    if !state.open {
        return actions;
    }
    let t = lang.texts();
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
                    let mut choice = settings.language;
                    ui.radio_value(&mut choice, Some(Lang::Es), "Español");
                    ui.radio_value(&mut choice, Some(Lang::En), "English");
                    ui.radio_value(&mut choice, None, t.ui_language_system);
                    if choice != settings.language {
                        actions.push(Action::SetLanguage(choice));
                    }
                });
                ui.end_row();

                let l = ui.label(t.ui_time_zone);
                ui.vertical(|ui| {
                    let chosen =
                        super::time_zone::picker_ui(ui, lang, l.id, &mut state.time_zone_text);
                    actions.extend(chosen.map(Action::SetTimeZone));
                });
                ui.end_row();

                let l = ui.label(t.ui_threshold);
                let mut secs = ws.spec().long_ivr_secs;
                ui.add(egui::DragValue::new(&mut secs).range(5..=3600))
                    .labelled_by(l.id);
                if secs != ws.spec().long_ivr_secs {
                    actions.push(Action::SetThreshold(secs));
                }
                ui.end_row();

                ui.label(t.ui_theme);
                ui.horizontal(|ui| {
                    let mut theme = settings.theme.clone();
                    ui.radio_value(&mut theme, None, t.ui_theme_system);
                    ui.radio_value(&mut theme, Some("light".to_string()), t.ui_theme_light);
                    ui.radio_value(&mut theme, Some("dark".to_string()), t.ui_theme_dark);
                    if theme != settings.theme {
                        actions.push(Action::SetTheme(theme));
                    }
                });
                ui.end_row();

                let l = ui.label(t.ui_reports_folder);
                let mut folder = settings
                    .reports_folder
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                if ui
                    .add(egui::TextEdit::singleline(&mut folder).desired_width(260.0))
                    .labelled_by(l.id)
                    .changed()
                {
                    actions.push(Action::SetReportsFolder(
                        (!folder.trim().is_empty()).then(|| folder.trim().into()),
                    ));
                }
                ui.end_row();
            });
        ui.separator();
        actions.extend(super::store_choice::store_choice_ui(
            ui,
            lang,
            settings,
            &mut state.store_choice,
        ));
        actions.extend(super::history::history_settings_ui(
            ui,
            lang,
            ws,
            &mut state.history,
        ));
        ui.separator();
        let connected = matches!(ws.connection(), Some(Connection::Wolkvox { .. }));
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    connected && !ws.is_loading(),
                    egui::Button::new(t.ui_test_connection),
                )
                .on_hover_text(t.ui_test_cost)
                .clicked()
            {
                actions.push(Action::TestConnection);
            }
            if ui
                .add_enabled(connected, egui::Button::new(t.ui_forget_token))
                .on_disabled_hover_text(t.ui_no_token_to_forget)
                .clicked()
            {
                actions.push(Action::ForgetToken);
            }
        });
        ui.label(egui::RichText::new(t.ui_test_cost).small().weak());
        if let Some(result) = ws.test_result() {
            ui.label(test_words(lang, result));
        }
        ui.add_space(6.0);
        if ui.button(t.ui_close).clicked() {
            actions.push(Action::CloseSettings);
        }
    });
    if modal.should_close() {
        actions.push(Action::CloseSettings);
    }
    actions
}

//! The messages under the query bar and the status line at the bottom.

use eframe::egui;

use super::action::Action;
use super::tasks::{Task, Tasks};
use crate::i18n::{self, Lang, fill};
use crate::workspace::{Notice, Workspace};

/// The notices, each with a close button, and the missing ranges with "Retry". Failures
/// wear the error colour, news the link colour, notes the plain text colour; a cancelled
/// load names what is missing itself and offers to load it.
pub(crate) fn notices_ui(ui: &mut egui::Ui, lang: Lang, ws: &Workspace) -> Vec<Action> {
    let t = lang.texts();
    let mut actions = Vec::new();
    let mut cancel_shown = false;
    for (i, n) in ws.notices().iter().enumerate() {
        let cancelled = matches!(n, Notice::Cancelled { .. });
        cancel_shown |= cancelled;
        let color = if n.is_error() {
            ui.visuals().error_fg_color
        } else if matches!(n, Notice::Keychain(_)) {
            ui.visuals().text_color()
        } else {
            ui.visuals().hyperlink_color
        };
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, color))
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(color, n.message(lang));
                    if cancelled && !ws.missing().is_empty() {
                        retry_button_ui(ui, ws, t.ui_load_missing, &mut actions);
                    }
                    if ui.small_button(t.ui_dismiss).clicked() {
                        actions.push(Action::DismissNotice(i));
                    }
                });
            });
    }
    actions.extend(super::history::reopen_ui(ui, lang, ws));
    let missing = crate::workspace::provenance::ranges_words(lang, ws.missing());
    if let (Some(ranges), false) = (missing, cancel_shown) {
        let warn = ui.visuals().warn_fg_color;
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, warn))
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(warn, fill(t.ui_missing_banner, &[("ranges", &ranges)]));
                    retry_button_ui(ui, ws, t.ui_retry_missing, &mut actions);
                });
            });
    }
    actions
}

fn retry_button_ui(ui: &mut egui::Ui, ws: &Workspace, label: &str, actions: &mut Vec<Action>) {
    if ui
        .add_enabled(!ws.is_loading(), egui::Button::new(label))
        .clicked()
    {
        actions.push(Action::RetryMissing);
    }
}

/// Calls in view, long-IVR calls, last update, and files being opened or saved.
pub(crate) fn status_ui(ui: &mut egui::Ui, lang: Lang, ws: &Workspace, tasks: &Tasks) {
    let t = lang.texts();
    ui.horizontal(|ui| {
        provenance_ui(ui, lang, ws);
        ui.label(fill(
            t.ui_count,
            &[
                ("n", &i18n::int(lang, ws.view().len() as u64)),
                ("m", &i18n::int(lang, ws.report().len() as u64)),
            ],
        ));
        ui.separator();
        ui.label(fill(
            t.ui_long_count,
            &[("n", &i18n::int(lang, ws.numbers().long_ivr.calls))],
        ));
        super::history::sources_ui(ui, lang, ws);
        if let Some(when) = ws.last_updated() {
            ui.separator();
            ui.label(fill(
                t.ui_last_updated,
                &[("time", &format!("{:02}:{:02}", when.hour(), when.minute()))],
            ));
        }
        for job in tasks.running() {
            let words = match job.kind {
                Task::Open(path) => fill(t.ui_opening, &[("path", &path.display())]),
                Task::Save(path) => fill(t.ui_saving, &[("path", &path.display())]),
                _ => continue,
            };
            ui.separator();
            ui.spinner();
            ui.label(words);
        }
    });
}

/// Where the shown calls come from and for which range; demo data stands out, so that it
/// is never read as an operation's numbers.
fn provenance_ui(ui: &mut egui::Ui, lang: Lang, ws: &Workspace) {
    let Some(p) = ws.provenance() else {
        return;
    };
    let line = p.line(lang);
    let r = if p.is_demo() {
        ui.label(
            egui::RichText::new(line)
                .strong()
                .color(ui.visuals().warn_fg_color),
        )
    } else {
        ui.label(line)
    };
    if let Some(missing) = p.missing_words(lang) {
        r.on_hover_text(fill(
            lang.texts().prov_missing_hover,
            &[("ranges", &missing)],
        ));
    }
    ui.separator();
}

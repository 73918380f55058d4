//! The selected call, every field with its value as received and a copy button.

use eframe::egui;

use super::action::Action;
use super::cells::{COLUMNS, cell_text};
use crate::i18n::{Lang, column_title as title};
use crate::report::Report;

/// The selected call's fields; asks to close itself with `Select(None)`.
pub(crate) fn details_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    report: &Report,
    selected: Option<u32>,
) -> Option<Action> {
    let t = lang.texts();
    let mut action = None;
    ui.horizontal(|ui| {
        ui.heading(t.ui_details);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(t.ui_dismiss).clicked() {
                action = Some(Action::Select(None));
            }
        });
    });
    ui.separator();
    let Some(call) = selected
        .and_then(|i| report.calls().get(i as usize))
        .copied()
    else {
        ui.label(t.ui_details_none);
        return action;
    };
    // One field after another, each value on its own line at the panel's full width:
    // words wrap whole instead of a few letters at a time.
    egui::ScrollArea::vertical()
        .id_salt("details-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for f in COLUMNS {
                let (shown, odd) = cell_text(lang, report, &call, f);
                let raw = report.raw(&call, f);
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new(title(t, f)).strong())
                        .on_hover_text(f.api_name());
                    if let Some(raw) = raw {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if ui
                                .small_button(t.ui_copy)
                                .on_hover_text(format!("{} · {}", t.ui_copy, title(t, f)))
                                .clicked()
                            {
                                ui.ctx().copy_text(raw.to_string());
                            }
                        });
                    }
                });
                let value = if odd {
                    egui::RichText::new(&shown).italics()
                } else {
                    egui::RichText::new(&shown)
                };
                let value = ui.add(egui::Label::new(value).wrap());
                if odd {
                    value.on_hover_text(t.ui_unreadable);
                }
                if let Some(raw) = raw
                    && raw != shown
                {
                    ui.add(
                        egui::Label::new(
                            egui::RichText::new(format!("{}: {raw:?}", t.ui_as_received))
                                .small()
                                .weak(),
                        )
                        .wrap(),
                    );
                }
                ui.separator();
            }
        });
    action
}

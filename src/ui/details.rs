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
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("details-grid")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                for f in COLUMNS {
                    let (shown, odd) = cell_text(lang, report, &call, f);
                    let raw = report.raw(&call, f);
                    ui.label(egui::RichText::new(title(t, f)).strong())
                        .on_hover_text(f.api_name());
                    ui.vertical(|ui| {
                        if odd {
                            ui.label(egui::RichText::new(&shown).italics())
                                .on_hover_text(t.ui_unreadable);
                        } else {
                            ui.label(&shown);
                        }
                        if let Some(raw) = raw
                            && raw != shown
                        {
                            ui.label(
                                egui::RichText::new(format!("{}: {raw:?}", t.ui_as_received))
                                    .small()
                                    .weak(),
                            );
                        }
                    });
                    if let Some(raw) = raw {
                        if ui
                            .small_button(t.ui_copy)
                            .on_hover_text(format!("{} · {}", t.ui_copy, title(t, f)))
                            .clicked()
                        {
                            ui.ctx().copy_text(raw.to_string());
                        }
                    } else {
                        ui.label("");
                    }
                    ui.end_row();
                }
            });
    });
    action
}

//! "Export…": the current view (same filter, same sort) written in the background, with
//! progress, cancel, and then "Open file" / "Show in folder".

use std::path::PathBuf;

use eframe::egui;

use super::action::{Action, FileAction};
use crate::export::Format;
use crate::i18n::{self, Lang, fill};
use crate::jobs::JobId;

/// The export controls' state.
pub(crate) struct ExportState {
    /// The chosen format.
    pub format: Format,
    /// The running export.
    pub job: Option<JobId>,
    /// The file the last export wrote.
    pub last: Option<PathBuf>,
    /// Whether "Share report…" puts callers' data on the page (off by default).
    pub with_caller_data: bool,
}

impl Default for ExportState {
    fn default() -> ExportState {
        ExportState {
            format: Format::Xlsx,
            job: None,
            last: None,
            with_caller_data: false,
        }
    }
}

fn format_label(t: &i18n::Texts, f: Format) -> &'static str {
    match f {
        Format::Xlsx => t.ui_format_xlsx,
        Format::CsvExcel => t.ui_format_csv_excel,
        Format::CsvPlain => t.ui_format_csv_plain,
    }
}

/// The export button with its format, or the running export's progress (`running`:
/// calls written and calls in all).
pub(crate) fn export_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    in_view: usize,
    running: Option<(u64, u64)>,
    state: &mut ExportState,
) -> Option<Action> {
    let t = lang.texts();
    if let Some((done, total)) = running {
        let done = done.min(total);
        let fraction = if total > 0 {
            done as f32 / total as f32
        } else {
            1.0
        };
        ui.add(egui::ProgressBar::new(fraction).desired_width(160.0));
        let words = if done >= total {
            t.ui_export_finishing.to_string()
        } else {
            fill(
                t.ui_export_progress,
                &[
                    ("done", &i18n::int(lang, done)),
                    ("total", &i18n::int(lang, total)),
                ],
            )
        };
        ui.label(words);
        return ui
            .button(t.ui_cancel_export)
            .clicked()
            .then_some(Action::CancelExport);
    }
    let mut action = None;
    let l = ui.label(t.ui_export_format);
    egui::ComboBox::from_id_salt("export-format")
        .selected_text(format_label(t, state.format))
        .show_ui(ui, |ui| {
            for f in [Format::Xlsx, Format::CsvExcel, Format::CsvPlain] {
                ui.selectable_value(&mut state.format, f, format_label(t, f));
            }
        })
        .response
        .labelled_by(l.id);
    if ui
        .add_enabled(in_view > 0, egui::Button::new(t.ui_export))
        .on_hover_text(t.ui_export_help)
        .on_disabled_hover_text(t.ui_nothing_to_save)
        .clicked()
    {
        action = Some(Action::AskFile(FileAction::Export(state.format)));
    }
    if ui
        .add_enabled(in_view > 0, egui::Button::new(t.ui_share_report))
        .on_hover_text(t.ui_share_report_hover)
        .on_disabled_hover_text(t.ui_nothing_to_save)
        .clicked()
    {
        action = Some(Action::ShareReport);
    }
    ui.checkbox(&mut state.with_caller_data, t.ui_share_caller_data)
        .on_hover_text(t.ui_share_caller_data_hover);
    if let Some(path) = &state.last {
        for (label, in_folder) in [(t.ui_open_file, false), (t.ui_show_in_folder, true)] {
            if ui.button(label).clicked() {
                action = Some(Action::Reveal {
                    path: path.clone(),
                    in_folder,
                });
            }
        }
    }
    action
}

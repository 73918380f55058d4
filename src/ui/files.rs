//! Where no system file dialog can be shown (a Linux desktop without a portal or zenity),
//! the dialog returns at once as if cancelled; the window then offers a path field.

use std::path::PathBuf;

use eframe::egui;

use super::action::{Action, FileAction};
use crate::i18n::Lang;

/// The path field, while open: what it is for and what is typed.
pub(crate) type TypedPath = Option<(FileAction, String)>;

/// The path field's dialog; closes itself on Cancel or when a path is chosen.
pub(crate) fn typed_path_ui(
    ctx: &egui::Context,
    lang: Lang,
    typed: &mut TypedPath,
) -> Option<Action> {
    let (action, text) = typed.as_mut()?;
    let t = lang.texts();
    let mut chosen = None;
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("typed-path")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.label(t.ui_no_dialog);
        let l = ui.label(t.ui_path);
        let r = ui
            .add(egui::TextEdit::singleline(text).desired_width(440.0))
            .labelled_by(l.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            if (ui.button(t.ui_ok).clicked() || enter) && !text.trim().is_empty() {
                chosen = Some(Action::FileChosen(*action, PathBuf::from(text.trim())));
            }
            if ui.button(t.ui_cancel).clicked() {
                close = true;
            }
        });
    });
    if chosen.is_some() || close || modal.should_close() {
        *typed = None;
    }
    chosen
}

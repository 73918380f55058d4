//! Open and save dialogs that never block the window: the native dialog runs on its own
//! thread. Where no dialog can be shown (a Linux desktop without a portal or zenity), the
//! dialog returns at once as if cancelled; that is detected and a path field is offered.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use eframe::egui;

use super::app::WolkvoxApp;
use crate::export::Format;

/// A dialog answer faster than this cannot have been a person choosing.
const TOO_FAST: Duration = Duration::from_millis(250);

/// Which file question is open.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum FileAction {
    Open,
    Save,
    Export(Format),
}

/// Dialogs in flight and the path-field fallback.
#[derive(Default)]
pub(crate) struct FileState {
    pending: Option<(FileAction, Instant, mpsc::Receiver<Option<PathBuf>>)>,
    typed: Option<(FileAction, String)>,
}

/// `ivr-vs-agent_2026-11-01_2026-11-25.EXT` for the loaded range.
pub(crate) fn default_name(app: &WolkvoxApp, extension: &str) -> String {
    match app.loaded {
        Some(r) => {
            let d = |s: crate::report::Stamp| {
                s.civil()
                    .map(|dt| dt.date().to_string())
                    .unwrap_or_default()
            };
            format!("ivr-vs-agent_{}_{}.{extension}", d(r.from()), d(r.to()))
        }
        None => format!("ivr-vs-agent.{extension}"),
    }
}

impl WolkvoxApp {
    fn ask(&mut self, action: FileAction) {
        if self.files.pending.is_some() {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let extension = match action {
            FileAction::Open | FileAction::Save => "json",
            FileAction::Export(f) => f.extension(),
        };
        let name = default_name(self, extension);
        let folder = self.settings.reports_folder.clone();
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new().add_filter(extension, &[extension]);
                if let Some(folder) = folder.filter(|f| f.is_dir()) {
                    dialog = dialog.set_directory(folder);
                }
                let picked = match action {
                    FileAction::Open => dialog.pick_file(),
                    FileAction::Save | FileAction::Export(_) => {
                        dialog.set_file_name(name).save_file()
                    }
                };
                let _ = tx.send(picked);
            });
        match spawned {
            Ok(_) => self.files.pending = Some((action, Instant::now(), rx)),
            Err(_) => self.files.typed = Some((action, String::new())),
        }
    }

    pub(crate) fn ask_open(&mut self) {
        self.ask(FileAction::Open);
    }

    pub(crate) fn ask_save(&mut self) {
        self.ask(FileAction::Save);
    }

    pub(crate) fn ask_export(&mut self, format: Format) {
        self.ask(FileAction::Export(format));
    }

    pub(crate) fn files_poll(&mut self) {
        let Some((action, started, rx)) = &self.files.pending else {
            return;
        };
        let answer = match rx.try_recv() {
            Ok(a) => a,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => None,
        };
        let (action, quick) = (*action, started.elapsed() < TOO_FAST);
        self.files.pending = None;
        match answer {
            Some(path) => self.file_chosen(action, path),
            None if quick => self.files.typed = Some((action, String::new())),
            None => {}
        }
    }

    fn file_chosen(&mut self, action: FileAction, path: PathBuf) {
        match action {
            FileAction::Open => self.open_saved(&path),
            FileAction::Save => self.save_to(&path),
            FileAction::Export(format) => {
                // A typed name without the extension gets the format's own.
                let path = if path.extension().is_none() {
                    path.with_extension(format.extension())
                } else {
                    path
                };
                self.start_export(path, format);
            }
        }
    }

    pub(crate) fn files_dialog_ui(&mut self, ctx: &egui::Context) {
        if self.files.pending.is_some() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        let Some((action, text)) = self.files.typed.as_mut() else {
            return;
        };
        let t = self.lang.texts();
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
                    chosen = Some((*action, PathBuf::from(text.trim())));
                }
                if ui.button(t.ui_cancel).clicked() {
                    close = true;
                }
            });
        });
        if modal.should_close() {
            close = true;
        }
        if let Some((action, path)) = chosen {
            self.files.typed = None;
            self.file_chosen(action, path);
        } else if close {
            self.files.typed = None;
        }
    }
}

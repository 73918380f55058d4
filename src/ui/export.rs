//! "Export to Excel…": the current view (same filter, same sort) written on its own
//! thread, with progress, cancel, and then "Open file" / "Show in folder".

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use eframe::egui;

use super::app::{Banner, WolkvoxApp};
use crate::export::{ExportError, ExportOptions, Format, export};
use crate::i18n::{self, fill};

/// An export running on its own thread.
pub(crate) struct ExportJob {
    done: Arc<AtomicUsize>,
    total: usize,
    cancel: Arc<AtomicBool>,
    rx: mpsc::Receiver<Result<usize, ExportError>>,
    path: PathBuf,
}

/// The export controls' state.
pub(crate) struct ExportState {
    pub format: Format,
    pub job: Option<ExportJob>,
    pub last: Option<PathBuf>,
}

impl Default for ExportState {
    fn default() -> ExportState {
        ExportState {
            format: Format::Xlsx,
            job: None,
            last: None,
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

/// Opens `path` with the program the system uses for it, or shows it in its folder.
fn reveal(path: &Path, in_folder: bool) -> std::io::Result<()> {
    use std::process::Command;
    let target = if in_folder {
        path.parent().unwrap_or(path)
    } else {
        path
    };
    #[cfg(target_os = "windows")]
    let mut cmd = if in_folder {
        let mut c = Command::new("explorer");
        c.arg(format!("/select,{}", path.display()));
        c
    } else {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]).arg(target);
        c
    };
    #[cfg(target_os = "macos")]
    let mut cmd = {
        let mut c = Command::new("open");
        if in_folder {
            c.arg("-R").arg(path);
        } else {
            c.arg(target);
        }
        c
    };
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let mut cmd = {
        let mut c = Command::new("xdg-open");
        c.arg(target);
        c
    };
    cmd.spawn().map(|_| ())
}

impl WolkvoxApp {
    /// Starts writing the current view to `path`.
    pub fn start_export(&mut self, path: PathBuf, format: Format) {
        if self.export.job.is_some() {
            return;
        }
        let report = Arc::clone(&self.report);
        let rows = self.view.clone();
        let opts = ExportOptions {
            long_ivr_secs: self.spec.long_ivr_secs,
            ..ExportOptions::new(format, self.lang)
        };
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let (d, c, p) = (done.clone(), cancel.clone(), path.clone());
        let spawned = std::thread::Builder::new()
            .name("export".into())
            .spawn(move || {
                let progress = |n: usize| {
                    d.store(n, Ordering::Relaxed);
                    !c.load(Ordering::Relaxed)
                };
                let _ = tx.send(export(&report, &rows, &p, &opts, &progress));
            });
        match spawned {
            Ok(_) => {
                self.export.last = None;
                self.export.job = Some(ExportJob {
                    done,
                    total: self.view.len(),
                    cancel,
                    rx,
                    path,
                });
            }
            Err(e) => self.banners.push(Banner {
                text: e.to_string(),
                error: true,
            }),
        }
    }

    /// Whether an export is running.
    pub fn is_exporting(&self) -> bool {
        self.export.job.is_some()
    }

    /// The file the last export wrote.
    pub fn last_export(&self) -> Option<&Path> {
        self.export.last.as_deref()
    }

    pub(crate) fn export_poll(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.export.job else {
            return;
        };
        let result = match job.rx.try_recv() {
            Ok(r) => r,
            Err(mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
                return;
            }
            Err(mpsc::TryRecvError::Disconnected) => Err(ExportError::Cancelled),
        };
        let path = job.path.clone();
        self.export.job = None;
        let t = self.lang.texts();
        match result {
            Ok(n) => {
                self.banners.push(Banner {
                    text: fill(
                        t.export_written,
                        &[
                            ("n", &i18n::int(self.lang, n as u64)),
                            ("path", &path.display()),
                        ],
                    ),
                    error: false,
                });
                self.export.last = Some(path);
            }
            Err(ExportError::Cancelled) => {}
            Err(e) => self.banners.push(Banner {
                text: e.message(self.lang),
                error: true,
            }),
        }
    }

    /// The export button with its format, or the running export's progress.
    pub(crate) fn export_ui(&mut self, ui: &mut egui::Ui) {
        let t = self.lang.texts();
        if let Some(job) = &self.export.job {
            let done = job.done.load(Ordering::Relaxed).min(job.total);
            let fraction = if job.total > 0 {
                done as f32 / job.total as f32
            } else {
                1.0
            };
            ui.add(egui::ProgressBar::new(fraction).desired_width(160.0));
            let words = if done >= job.total {
                t.ui_export_finishing.to_string()
            } else {
                fill(
                    t.ui_export_progress,
                    &[
                        ("done", &i18n::int(self.lang, done as u64)),
                        ("total", &i18n::int(self.lang, job.total as u64)),
                    ],
                )
            };
            ui.label(words);
            if ui.button(t.ui_cancel_export).clicked() {
                job.cancel.store(true, Ordering::Relaxed);
            }
            return;
        }
        let l = ui.label(t.ui_export_format);
        egui::ComboBox::from_id_salt("export-format")
            .selected_text(format_label(t, self.export.format))
            .show_ui(ui, |ui| {
                for f in [Format::Xlsx, Format::CsvExcel, Format::CsvPlain] {
                    ui.selectable_value(&mut self.export.format, f, format_label(t, f));
                }
            })
            .response
            .labelled_by(l.id);
        if ui
            .add_enabled(!self.view.is_empty(), egui::Button::new(t.ui_export))
            .on_hover_text(t.ui_export_help)
            .on_disabled_hover_text(t.ui_nothing_to_save)
            .clicked()
        {
            self.ask_export(self.export.format);
        }
        if let Some(path) = self.export.last.clone() {
            if ui.button(t.ui_open_file).clicked()
                && let Err(e) = reveal(&path, false)
            {
                self.banners.push(Banner {
                    text: e.to_string(),
                    error: true,
                });
            }
            if ui.button(t.ui_show_in_folder).clicked()
                && let Err(e) = reveal(&path, true)
            {
                self.banners.push(Banner {
                    text: e.to_string(),
                    error: true,
                });
            }
        }
    }
}

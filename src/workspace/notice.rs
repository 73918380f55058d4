//! What the messages across the top of the window mean. The workspace and the window push
//! typed notices; words in the user's language are made only when they are drawn.

use std::path::PathBuf;

use crate::export::ExportError;
use crate::files::ReadFileError;
use crate::i18n::{self, Lang, fill};
use crate::report::ReadError;
use crate::secrets::KeychainError;
use crate::settings::SettingsError;
use crate::wolkvox::{ApiError, ServerName, TimeRange};

/// Why a saved report could not be opened.
#[derive(Debug)]
pub enum OpenProblem {
    /// The file itself: missing, unreadable, a folder, too large.
    File(ReadFileError),
    /// Its contents are not a report.
    NotReport(ReadError),
}

/// One message for the user.
#[derive(Debug)]
pub enum Notice {
    /// A fetch stopped on an error (token, quota, network…).
    Fetch(ApiError),
    /// The user cancelled a load; this many calls are shown.
    Cancelled {
        /// Calls shown after the cancel.
        calls: u64,
        /// The ranges still to fetch.
        missing: Vec<TimeRange>,
    },
    /// The fetch worker could not start: nothing can load, files can still be opened.
    WorkerDown(String),
    /// The built-in demo server could not start.
    DemoCannotStart(String),
    /// A crash report from an earlier run is waiting to be read.
    CrashReport(PathBuf),
    /// A saved report was opened.
    Opened {
        /// The file.
        path: PathBuf,
        /// Calls it holds.
        calls: u64,
    },
    /// A saved report could not be opened; what was shown stays.
    NotOpened {
        /// The file.
        path: PathBuf,
        /// Why.
        problem: OpenProblem,
    },
    /// The loaded calls were saved.
    Saved(PathBuf),
    /// The loaded calls could not be saved; any earlier file is unchanged.
    NotSaved {
        /// The file.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// An export was written.
    Exported {
        /// The file.
        path: PathBuf,
        /// Calls written.
        calls: u64,
    },
    /// An export failed; any earlier file is unchanged.
    ExportFailed(ExportError),
    /// "Open file" or "Show in folder" could not start the system's program.
    CannotReveal {
        /// The file.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// The token was saved in the keychain.
    TokenSaved,
    /// The token of this server was deleted from this computer.
    TokenForgotten(ServerName),
    /// The keychain refused or is missing.
    Keychain(KeychainError),
    /// The preferences could not be saved.
    Settings(SettingsError),
    /// Background work stopped unexpectedly (a bug); nothing shown was lost.
    JobFailed,
    /// The history on this computer cannot be used; the window goes on without it.
    Store(crate::store::StoreError),
    /// Stored calls older than the retention period were deleted at start.
    RetentionApplied {
        /// Calls deleted.
        calls: u64,
        /// The retention period, in months.
        months: u32,
    },
    /// "Delete stored calls" deleted this many calls.
    HistoryDeleted {
        /// Calls deleted.
        calls: u64,
    },
}

impl Notice {
    /// Whether it reports a failure (drawn in the error colour) rather than news or a
    /// note (a missing keychain only means the token is kept until the window closes).
    pub fn is_error(&self) -> bool {
        !matches!(
            self,
            Notice::Cancelled { .. }
                | Notice::Opened { .. }
                | Notice::Saved(_)
                | Notice::Exported { .. }
                | Notice::TokenSaved
                | Notice::TokenForgotten(_)
                | Notice::RetentionApplied { .. }
                | Notice::HistoryDeleted { .. }
                | Notice::Keychain(KeychainError::Unavailable(_))
                | Notice::CrashReport(_)
        )
    }

    /// Whether it belongs to a fetch, so a new fetch replaces it.
    pub fn is_about_fetching(&self) -> bool {
        matches!(self, Notice::Fetch(_) | Notice::Cancelled { .. })
    }

    /// Whether it describes the calls on screen, so other calls shown replace it.
    pub fn is_about_shown_calls(&self) -> bool {
        self.is_about_fetching() || matches!(self, Notice::Opened { .. })
    }

    /// Whether `self`, when it arrives, makes `older` out of date: the newer word on the
    /// same matter (a second export, a second save), or a success after its failure.
    pub fn replaces(&self, older: &Notice) -> bool {
        use Notice as N;
        if matches!(older, N::CrashReport(_)) {
            return false;
        }
        std::mem::discriminant(self) == std::mem::discriminant(older)
            || matches!(
                (self, older),
                (N::Saved(_), N::NotSaved { .. })
                    | (N::Exported { .. }, N::ExportFailed(_))
                    | (N::Opened { .. }, N::NotOpened { .. })
                    | (N::TokenSaved, N::Keychain(_))
                    | (N::Fetch(_), N::Cancelled { .. })
                    | (N::Cancelled { .. }, N::Fetch(_))
            )
    }

    /// The words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.texts();
        match self {
            Notice::Fetch(e) => e.message(lang),
            Notice::Cancelled { calls, missing } => {
                let n = i18n::int(lang, *calls);
                match super::provenance::ranges_words(lang, missing) {
                    Some(ranges) => fill(t.ui_cancelled_missing, &[("n", &n), ("ranges", &ranges)]),
                    None => fill(t.ui_cancelled_all, &[("n", &n)]),
                }
            }
            Notice::WorkerDown(why) => why.clone(),
            Notice::DemoCannotStart(why) => fill(t.demo_cannot_start, &[("reason", why)]),
            Notice::CrashReport(path) => fill(t.ui_crash_notice, &[("path", &path.display())]),
            Notice::Opened { path, calls } => fill(
                t.ui_opened,
                &[("path", &path.display()), ("n", &i18n::int(lang, *calls))],
            ),
            Notice::NotOpened { path, problem } => match problem {
                OpenProblem::File(e) => e.message(lang, path),
                OpenProblem::NotReport(e) => fill(
                    t.file_not_report,
                    &[("path", &path.display()), ("reason", &e.message(lang))],
                ),
            },
            Notice::Saved(path) => fill(t.ui_saved, &[("path", &path.display())]),
            Notice::CannotReveal { path, error } => {
                // The window says "unsupported" when the system's opener is missing.
                let reason = match error.kind() {
                    std::io::ErrorKind::Unsupported => t.io_no_program.to_string(),
                    _ => i18n::io_reason(lang, error),
                };
                fill(
                    t.ui_cannot_reveal,
                    &[("path", &path.display()), ("reason", &reason)],
                )
            }
            Notice::NotSaved { path, error } => fill(
                t.file_cannot_write,
                &[
                    ("path", &path.display()),
                    ("reason", &i18n::io_reason(lang, error)),
                ],
            ),
            Notice::Exported { path, calls } => fill(
                t.export_written,
                &[("n", &i18n::int(lang, *calls)), ("path", &path.display())],
            ),
            Notice::ExportFailed(e) => e.message(lang),
            Notice::TokenSaved => t.ui_token_saved.to_string(),
            Notice::TokenForgotten(server) => {
                fill(t.ui_token_forgotten, &[("server", &server.digits())])
            }
            Notice::Keychain(e) => e.message(lang),
            Notice::Settings(e) => e.message(lang),
            Notice::JobFailed => t.ui_job_failed.to_string(),
            Notice::Store(e) => format!("{} {}", e.message(lang), t.store_going_on),
            Notice::RetentionApplied { calls, months } => fill(
                t.store_retention_done,
                &[("n", &i18n::int(lang, *calls)), ("months", months)],
            ),
            Notice::HistoryDeleted { calls } => {
                fill(t.hist_deleted, &[("n", &i18n::int(lang, *calls))])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_word_replaces_the_older_and_notes_are_not_errors() {
        let saved = Notice::Saved(PathBuf::from("a.json"));
        let failed = Notice::NotSaved {
            path: PathBuf::from("a.json"),
            error: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        assert!(saved.replaces(&failed));
        assert!(saved.replaces(&Notice::Saved(PathBuf::from("b.json"))));
        assert!(!saved.replaces(&Notice::TokenSaved));
        assert!(!saved.replaces(&Notice::CrashReport(PathBuf::from("crash.txt"))));
        let cancelled = Notice::Cancelled {
            calls: 3,
            missing: Vec::new(),
        };
        assert!(cancelled.replaces(&Notice::Fetch(ApiError::Cancelled)));
        assert!(!cancelled.is_error());
        assert!(!Notice::Keychain(KeychainError::Unavailable("none".into())).is_error());
        assert!(Notice::Keychain(KeychainError::Failed("locked".into())).is_error());
        assert_eq!(
            cancelled.message(Lang::Es),
            "Carga cancelada: llegaron 3 llamadas; no falta nada."
        );
        let reveal = |kind: std::io::ErrorKind| Notice::CannotReveal {
            path: PathBuf::from("informe.xlsx"),
            error: kind.into(),
        };
        assert_eq!(
            reveal(std::io::ErrorKind::Unsupported).message(Lang::Es),
            "No se pudo mostrar informe.xlsx: este computador no tiene un programa configurado para abrirlo."
        );
        assert_eq!(
            reveal(std::io::ErrorKind::NotFound).message(Lang::En),
            "informe.xlsx could not be shown: it does not exist."
        );
    }
}

//! What the messages across the top of the window mean. The workspace and the window push
//! typed notices; words in the user's language are made only when they are drawn.

use std::path::PathBuf;

use crate::export::ExportError;
use crate::files::ReadFileError;
use crate::i18n::{self, Lang, fill};
use crate::report::ReadError;
use crate::secrets::KeychainError;
use crate::settings::SettingsError;
use crate::wolkvox::{ApiError, ServerName};

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
    /// Whether it reports a failure (drawn in the error colour) rather than news.
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
        )
    }

    /// Whether it belongs to a fetch, so a new fetch replaces it.
    pub fn is_about_fetching(&self) -> bool {
        matches!(self, Notice::Fetch(_) | Notice::Cancelled { .. })
    }

    /// The words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.texts();
        match self {
            Notice::Fetch(e) => e.message(lang),
            Notice::Cancelled { calls } => fill(t.ui_cancelled, &[("n", &i18n::int(lang, *calls))]),
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
            Notice::CannotReveal { path, error } => fill(
                t.ui_cannot_reveal,
                &[
                    ("path", &path.display()),
                    ("reason", &i18n::io_reason(lang, error)),
                ],
            ),
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

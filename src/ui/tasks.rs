//! The window's background work, all through one [`JobQueue`]: the keychain, file
//! dialogs, opening and saving reports, exports. Each function starts one job; the app
//! applies the results when they arrive, so the frame never waits.

use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::SecretString;

use super::action::{Action, FileAction};
use super::export::ExportState;
use super::files::{PathPrompt, TypedPath};
use crate::export::page::{PageInput, PageSource, write_page};
use crate::export::{ExportComparison, ExportError, ExportOptions, export};
use crate::jobs::{Finished, JobId, JobQueue};
use crate::report::{Comparison, Period, Report};
use crate::saved::SavedMeta;
use crate::secrets::{Keychain, KeychainError};
use crate::wolkvox::ServerName;
use crate::workspace::{
    Notice, OpenProblem, OpenedReport, Workspace, read_saved_report, write_saved_report,
};

/// A dialog answer faster than this cannot have been a person choosing.
pub(crate) const TOO_FAST: Duration = Duration::from_millis(250);

/// What a job is, as the window shows it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Task {
    /// Saving a shared history's database password in the keychain.
    SavePassword,
    /// Opening the keychain and looking up the saved token.
    Keychain {
        /// Start on demo data when nothing is saved.
        demo_if_none: bool,
    },
    /// A native file dialog.
    Dialog {
        /// What the file is for.
        action: FileAction,
        /// The file name offered.
        name: String,
        /// The folder it starts in.
        folder: Option<PathBuf>,
    },
    /// Reading a saved report.
    Open(PathBuf),
    /// Writing the loaded calls.
    Save(PathBuf),
    /// Writing the calls in view.
    Export {
        /// The file.
        path: PathBuf,
        /// Calls to write.
        total: usize,
    },
    /// Writing the report page of the calls in view.
    Share(PathBuf),
    /// Saving a token in the keychain.
    SaveToken,
    /// Deleting a token from the keychain.
    ForgetToken(ServerName),
}

/// What a job gave.
pub(crate) enum Done {
    /// The keychain and the token of the last server, if one is saved.
    Keychain(Keychain, Option<(ServerName, SecretString)>),
    /// The file chosen, or none.
    Dialog(Option<PathBuf>),
    /// A saved report, read.
    Opened(Result<Box<OpenedReport>, OpenProblem>),
    /// The calls saved, or why not.
    Saved(std::io::Result<()>),
    /// Calls exported, or why not.
    Exported(Result<usize, ExportError>),
    /// The token saved, or why not.
    TokenSaved(Result<(), KeychainError>),
    /// The token deleted, or why not.
    TokenForgotten(Result<(), KeychainError>),
}

/// The window's job queue.
pub(crate) type Tasks = JobQueue<Task, Done>;

/// Opens the platform's keychain (it may talk to a system service) and looks up the token
/// of `server`.
pub(crate) fn open_keychain(tasks: &mut Tasks, server: Option<ServerName>, demo_if_none: bool) {
    tasks.start(Task::Keychain { demo_if_none }, move |_| {
        let keychain = Keychain::platform();
        let saved = server.and_then(|s| match keychain.load(s) {
            Ok(Some(token)) => Some((s, token)),
            Ok(None) => None,
            Err(e) => {
                tracing::warn!("keychain: {e}");
                None
            }
        });
        Done::Keychain(keychain, saved)
    });
}

/// Saves `token` for `server` (in the platform's keychain when none is open yet).
pub(crate) fn save_token(
    tasks: &mut Tasks,
    keychain: Option<Keychain>,
    server: ServerName,
    token: SecretString,
) {
    tasks.start(Task::SaveToken, move |_| {
        let keychain = keychain.unwrap_or_else(Keychain::platform);
        Done::TokenSaved(keychain.save(server, &token))
    });
}

/// Stores the password of a shared history's database in the keychain (the platform's
/// when none is open yet); only a failure is said, as the keychain's.
pub(crate) fn save_database_password(
    tasks: &mut Tasks,
    keychain: Option<Keychain>,
    target: crate::store::PgTarget,
    password: SecretString,
) {
    tasks.start(Task::SavePassword, move |_| {
        let keychain = keychain.unwrap_or_else(Keychain::platform);
        Done::TokenSaved(keychain.save_database_password(&target, &password))
    });
}

/// Deletes the token of `server` (from the platform's keychain when none is open yet).
pub(crate) fn forget_token(tasks: &mut Tasks, keychain: Option<Keychain>, server: ServerName) {
    tasks.start(Task::ForgetToken(server), move |_| {
        let keychain = keychain.unwrap_or_else(Keychain::platform);
        Done::TokenForgotten(keychain.forget(server))
    });
}

/// Shows the system's file dialog for `action`, starting in `folder` with `name`.
pub(crate) fn ask_file(
    tasks: &mut Tasks,
    action: FileAction,
    name: String,
    folder: Option<PathBuf>,
) {
    if tasks.any(|t| matches!(t, Task::Dialog { .. })) {
        return;
    }
    let task = Task::Dialog {
        action,
        name: name.clone(),
        folder: folder.clone(),
    };
    tasks.start(task, move |_| {
        let extension = action.extension();
        let mut dialog = rfd::FileDialog::new().add_filter(extension, &[extension]);
        if let Some(folder) = folder.filter(|f| f.is_dir()) {
            dialog = dialog.set_directory(folder);
        }
        Done::Dialog(match action {
            FileAction::Open => dialog.pick_file(),
            FileAction::Save | FileAction::Export(_) | FileAction::Page => {
                dialog.set_file_name(name).save_file()
            }
        })
    });
}

/// Reads the saved report at `path`.
pub(crate) fn open(tasks: &mut Tasks, path: PathBuf) {
    let p = path.clone();
    tasks.start(Task::Open(path), move |_| {
        Done::Opened(read_saved_report(&p).map(Box::new))
    });
}

/// Writes `report` with `meta` to `path`.
pub(crate) fn save(
    tasks: &mut Tasks,
    path: PathBuf,
    report: std::sync::Arc<Report>,
    meta: SavedMeta,
) {
    let p = path.clone();
    tasks.start(Task::Save(path), move |_| {
        Done::Saved(write_saved_report(&p, &report, &meta))
    });
}

/// Writes `rows` of `report` to `path`, with progress and cancel; with `periods`, the
/// workbook also compares them (worked out here, off the frame).
pub(crate) fn start_export(
    tasks: &mut Tasks,
    path: PathBuf,
    ws: &Workspace,
    format: crate::export::Format,
    lang: crate::i18n::Lang,
    periods: Option<(Period, Period)>,
) -> JobId {
    let mut opts = ExportOptions {
        long_ivr_secs: ws.spec().long_ivr_secs,
        provenance: ws.provenance(),
        ..ExportOptions::new(format, lang)
    };
    let (report, rows) = (ws.report_shared(), ws.view().to_vec());
    let p = path.clone();
    let total = rows.len();
    tasks.start(Task::Export { path, total }, move |state| {
        state.progress(0, total as u64);
        if let Some((a, b)) = periods {
            let (ra, rb) = (
                a.rows_in(&report, &rows).rows,
                b.rows_in(&report, &rows).rows,
            );
            opts.comparison = Some(ExportComparison {
                a,
                b,
                comparison: Comparison::of(&report, &ra, &rb, opts.long_ivr_secs),
            });
        }
        let progress = |n: usize| {
            state.set_done(n as u64);
            !state.is_cancelled()
        };
        Done::Exported(export(&report, &rows, &p, &opts, &progress))
    })
}

/// What "Share report…" writes: the page's input, owned, for a job of its own.
pub(crate) struct ShareJob {
    /// The loaded calls.
    pub report: std::sync::Arc<Report>,
    /// The calls in view, in order.
    pub rows: Vec<u32>,
    /// The view's filters and threshold.
    pub spec: crate::report::ViewSpec,
    /// Where the calls come from.
    pub source: PageSource,
    /// The range asked for.
    pub requested: Vec<crate::wolkvox::TimeRange>,
    /// Ranges that could not be fetched.
    pub missing: Vec<crate::wolkvox::TimeRange>,
    /// The page's language.
    pub lang: crate::i18n::Lang,
    /// Whether callers' data goes on the page.
    pub caller_data: bool,
    /// When the page is made, on the operation's clock.
    pub generated: jiff::civil::DateTime,
}

/// Writes the report page of `job` to `path`.
pub(crate) fn start_share(tasks: &mut Tasks, path: PathBuf, job: ShareJob) -> JobId {
    let p = path.clone();
    tasks.start(Task::Share(path), move |_| {
        let input = PageInput {
            report: &job.report,
            rows: &job.rows,
            long_ivr_secs: job.spec.long_ivr_secs,
            source: job.source,
            requested: &job.requested,
            missing: &job.missing,
            capped: &[],
            filters: &job.spec,
            lang: job.lang,
            caller_data: job.caller_data,
            generated: job.generated,
            periods: None,
        };
        Done::Exported(write_page(&input, &p))
    })
}

/// Opens `path` with the program the system uses for it, or shows it in its folder.
pub(crate) fn reveal(path: &Path, in_folder: bool) -> std::io::Result<()> {
    use std::process::Command;
    let target = if in_folder {
        path.parent().unwrap_or(path)
    } else {
        path
    };
    // Explorer opens a file with its program and selects one in its folder; `cmd /C
    // start` would flash a console window from the windowed app. `/select,` takes the
    // quoted path as one raw argument, else paths with spaces ("José Núñez") are ignored.
    #[cfg(target_os = "windows")]
    let mut cmd = {
        use std::os::windows::process::CommandExt;
        let mut c = Command::new("explorer");
        if in_folder {
            c.raw_arg(format!("/select,\"{}\"", path.display()));
        } else {
            c.arg(target);
        }
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
    if !target.exists() {
        // Moved or deleted since it was written: say so, not that a program is missing.
        return Err(std::io::ErrorKind::NotFound.into());
    }
    cmd.spawn().map(|_| ()).map_err(|e| match e.kind() {
        // The opener itself (xdg-open, explorer, open) is not installed.
        std::io::ErrorKind::NotFound => std::io::ErrorKind::Unsupported.into(),
        _ => e,
    })
}

/// Applies a job's result to the workspace and the panels it belongs to; returns what it
/// leads to (a connection, the demo, a chosen file). `keychain` is `None` when the caller
/// pinned its own keychain, so a lookup's answer is ignored.
pub(crate) fn on_done(
    done: Finished<Task, Done>,
    ws: &mut Workspace,
    keychain: Option<&mut Option<Keychain>>,
    export: &mut ExportState,
    typed: &mut TypedPath,
) -> Vec<Action> {
    let mut next = Vec::new();
    match (done.kind, done.result) {
        (Task::Keychain { demo_if_none }, result) => {
            let Some(slot) = keychain else {
                return next;
            };
            let (found, saved) = match result {
                Ok(Done::Keychain(k, saved)) => (k, saved),
                _ => (Keychain::unavailable("the keychain lookup stopped"), None),
            };
            *slot = Some(found);
            match saved {
                Some((server, token)) => next.push(Action::ConnectSaved { server, token }),
                None if demo_if_none => next.push(Action::StartDemo),
                None => {}
            }
        }
        (Task::Dialog { action, .. }, Ok(Done::Dialog(Some(path)))) => {
            next.push(Action::FileChosen(action, path));
        }
        // Cancelled by the person: nothing to do. Answered at once: no dialog exists.
        (Task::Dialog { .. }, Ok(Done::Dialog(None))) if done.took >= TOO_FAST => {}
        (
            Task::Dialog {
                action,
                name,
                folder,
            },
            _,
        ) => {
            // A file to open has no name to offer.
            let text = if action == FileAction::Open {
                String::new()
            } else {
                name
            };
            *typed = Some(PathPrompt {
                action,
                text,
                folder,
            });
        }
        (Task::Open(path), Ok(Done::Opened(Ok(opened)))) => ws.adopt_saved(&path, *opened),
        (Task::Open(path), Ok(Done::Opened(Err(problem)))) => {
            ws.notify(Notice::NotOpened { path, problem });
        }
        (Task::Save(path), Ok(Done::Saved(Ok(())))) => ws.notify(Notice::Saved(path)),
        (Task::Save(path), Ok(Done::Saved(Err(error)))) => {
            ws.notify(Notice::NotSaved { path, error });
        }
        (Task::Export { path, .. } | Task::Share(path), result) => {
            export.job = None;
            match result {
                Ok(Done::Exported(Ok(n))) => {
                    ws.notify(Notice::Exported {
                        path: path.clone(),
                        calls: n as u64,
                    });
                    export.last = Some(path);
                }
                Ok(Done::Exported(Err(ExportError::Cancelled))) => {}
                Ok(Done::Exported(Err(e))) => ws.notify(Notice::ExportFailed(e)),
                _ => ws.notify(Notice::JobFailed),
            }
        }
        (Task::SaveToken, Ok(Done::TokenSaved(Ok(())))) => ws.notify(Notice::TokenSaved),
        (Task::SavePassword, Ok(Done::TokenSaved(Ok(())))) => {}
        (Task::ForgetToken(server), Ok(Done::TokenForgotten(Ok(())))) => {
            ws.notify(Notice::TokenForgotten(server));
        }
        (_, Ok(Done::TokenSaved(Err(e)) | Done::TokenForgotten(Err(e)))) => {
            ws.notify(Notice::Keychain(e));
        }
        _ => ws.notify(Notice::JobFailed),
    }
    next
}

/// What "Share report…" writes for the workspace's view: its calls, filters and where
/// they came from (a saved file by its name only).
pub(crate) fn share_job(ws: &Workspace, lang: crate::i18n::Lang, caller_data: bool) -> ShareJob {
    let source = ws
        .provenance()
        .map_or(PageSource::Files(Vec::new()), |p| p.source);
    ShareJob {
        report: ws.report_shared(),
        rows: ws.view().to_vec(),
        spec: ws.spec().clone(),
        source,
        requested: ws.loaded().into_iter().collect(),
        missing: ws.missing().to_vec(),
        lang,
        caller_data,
        generated: crate::wolkvox::when::now_in(ws.time_zone()),
    }
}

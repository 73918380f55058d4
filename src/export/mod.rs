//! Exports of a view (its rows, in its order) to a native Excel workbook, a CSV that
//! Spanish-locale Excel opens right, a plain CSV for other tools, or the report page to
//! send upward (`page`).
//!
//! Every export goes to a temporary file beside the target that replaces it only when
//! complete, so a failure or a cancel never leaves a broken or half-written file.

mod calls_xml;
mod cells;
mod compare_sheet;
mod csv;
pub mod page;
mod paths_sheet;
mod pieces;
mod provenance_lines;
mod trend_sheet;
mod xlsx;
mod zip_parts;

use std::borrow::Cow;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::i18n::{self, Lang, fill};
use crate::report::{DEFAULT_LONG_IVR_SECS, Report};

pub use crate::report::hourly::{HourNumbers, hourly};
pub use compare_sheet::ExportComparison;

/// The most rows an Excel sheet holds, header included.
pub const EXCEL_MAX_ROWS: usize = 1_048_576;

/// How often, in rows, the progress callback hears from a running export.
pub const PROGRESS_EVERY: usize = 10_000;

/// The kinds of file an export writes.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// A native Excel workbook (.xlsx) with typed cells and a summary sheet.
    Xlsx,
    /// CSV for Excel: UTF-8 with BOM, `;`, values Excel keeps as they are.
    CsvExcel,
    /// Plain RFC 4180 CSV: comma, no BOM, API field names, values exactly as received.
    CsvPlain,
}

impl Format {
    /// The format a file name asks for: `.xlsx` or `.csv` (CSV for Excel), any case.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::CsvExcel),
            _ => None,
        }
    }

    /// The file name extension for this format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::CsvExcel | Format::CsvPlain => "csv",
        }
    }
}

/// What to write and how.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// The kind of file.
    pub format: Format,
    /// The language of titles, sheet names and words in cells.
    pub lang: Lang,
    /// IVR time above this many seconds is long (highlighted, counted in the summary).
    pub long_ivr_secs: u32,
    /// Rows per XLSX sheet, header included: past it the calls continue on a new sheet
    /// and the paths sheet says how many paths did not fit. Excel's own limit unless a
    /// test wants a small one.
    pub xlsx_row_limit: usize,
    /// Two periods to compare on a sheet of their own (XLSX only).
    pub comparison: Option<ExportComparison>,
    /// Where the calls come from, for the summary sheet (XLSX only).
    pub provenance: Option<crate::workspace::Provenance>,
}

impl ExportOptions {
    /// Options for `format` in `lang`, with the default long-IVR threshold and Excel's
    /// row limit.
    pub fn new(format: Format, lang: Lang) -> ExportOptions {
        ExportOptions {
            format,
            lang,
            long_ivr_secs: DEFAULT_LONG_IVR_SECS,
            xlsx_row_limit: EXCEL_MAX_ROWS,
            comparison: None,
            provenance: None,
        }
    }
}

/// Why an export did not produce its file. In every case any earlier file at the target
/// is unchanged and no temporary file remains.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The target exists and is not a regular file (a folder, a device).
    #[error("{} is not a regular file", path.display())]
    NotAFile {
        /// The target.
        path: PathBuf,
    },
    /// The file could not be written (missing folder, no space, no permission, in use).
    #[error("{} could not be written: {source}", path.display())]
    Write {
        /// The target.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// The progress callback asked to stop.
    #[error("the export was cancelled")]
    Cancelled,
}

impl ExportError {
    /// What to tell the user, in plain words and with what to do next.
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.texts();
        match self {
            ExportError::NotAFile { path } => {
                fill(t.export_not_a_file, &[("path", &path.display())])
            }
            ExportError::Write { path, source } => {
                let mut text = fill(
                    t.file_cannot_write,
                    &[
                        ("path", &path.display()),
                        ("reason", &write_reason(lang, source, path)),
                    ],
                );
                // A sharing violation's reason already says to close the file in Excel.
                if self.may_be_open_elsewhere()
                    && !i18n::held_by_another_program(i18n::ErrorCodes::HERE, source.raw_os_error())
                {
                    text.push(' ');
                    text.push_str(t.export_close_and_retry);
                }
                text
            }
            ExportError::Cancelled => t.export_cancelled.to_string(),
        }
    }

    /// Whether the failure looks like another program (Excel) holding the file, so that
    /// closing it there and retrying may help.
    pub fn may_be_open_elsewhere(&self) -> bool {
        let ExportError::Write { source, .. } = self else {
            return false;
        };
        // Replacing a file Excel holds is refused as "access denied" or as a sharing
        // violation, depending on how Excel opened it.
        matches!(
            source.kind(),
            io::ErrorKind::PermissionDenied | io::ErrorKind::ResourceBusy
        ) || i18n::held_by_another_program(i18n::ErrorCodes::HERE, source.raw_os_error())
    }
}

/// Plain words for a failed write of `path`, where the generic file reasons would mislead
/// (a missing folder is not a missing file).
fn write_reason(lang: Lang, err: &io::Error, path: &Path) -> String {
    let t = lang.texts();
    match err.kind() {
        // Windows reports a path through a file as a missing path.
        io::ErrorKind::NotFound if runs_through_a_file(path) => {
            t.export_reason_not_folder.to_string()
        }
        io::ErrorKind::NotFound => t.export_reason_no_folder.to_string(),
        io::ErrorKind::NotADirectory => t.export_reason_not_folder.to_string(),
        io::ErrorKind::ReadOnlyFilesystem => t.export_reason_read_only.to_string(),
        _ => i18n::io_reason(lang, err),
    }
}

/// Whether the nearest existing folder on the way to `path` is in fact a regular file.
fn runs_through_a_file(path: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .find_map(|a| fs::metadata(a).ok())
        .is_some_and(|m| m.is_file())
}

/// A layer around the file's writer, so tests can inject write failures (no space, no
/// permission) into a real export.
pub trait WriteHook {
    /// Wraps the writer of the temporary file.
    fn wrap<'a>(&self, file: Box<dyn Write + Send + 'a>) -> Box<dyn Write + Send + 'a>;
}

/// The hook that changes nothing.
struct Direct;

impl WriteHook for Direct {
    fn wrap<'a>(&self, file: Box<dyn Write + Send + 'a>) -> Box<dyn Write + Send + 'a> {
        file
    }
}

/// Writes the calls at `rows` (indices into `report`, in that order) to `path`.
///
/// `progress` hears the number of rows written every [`PROGRESS_EVERY`] rows and at the
/// end (an XLSX export also calls it while compressing); returning `false` cancels.
/// Returns how many calls were written.
pub fn export(
    report: &Report,
    rows: &[u32],
    path: &Path,
    opts: &ExportOptions,
    progress: &dyn Fn(usize) -> bool,
) -> Result<usize, ExportError> {
    export_through(report, rows, path, opts, progress, &Direct)
}

/// Like [`export`], with the file's writer wrapped by `hook`.
pub fn export_through(
    report: &Report,
    rows: &[u32],
    path: &Path,
    opts: &ExportOptions,
    progress: &dyn Fn(usize) -> bool,
    hook: &dyn WriteHook,
) -> Result<usize, ExportError> {
    refuse_non_file(path)?;
    // Indices from another report would leave holes; the writers see only real calls.
    let rows: Cow<'_, [u32]> = if rows.iter().all(|&i| (i as usize) < report.len()) {
        Cow::Borrowed(rows)
    } else {
        Cow::Owned(
            rows.iter()
                .copied()
                .filter(|&i| (i as usize) < report.len())
                .collect(),
        )
    };
    let rows = &*rows;
    let mut cancelled = false;
    let mut written = 0;
    let result = crate::files::write_atomic_with(path, |file| {
        let mut out = hook.wrap(Box::new(file));
        let mut ticker = Ticker::new(progress);
        let done = match opts.format {
            Format::Xlsx => xlsx::write(report, rows, &mut *out, opts, &mut ticker),
            Format::CsvExcel => csv::write_excel(report, rows, &mut *out, opts, &mut ticker),
            Format::CsvPlain => csv::write_plain(report, rows, &mut *out, &mut ticker),
        };
        match done {
            Ok(n) => {
                written = n;
                out.flush()
            }
            Err(Stop::Cancelled) => {
                cancelled = true;
                Err(io::Error::other("cancelled"))
            }
            Err(Stop::Io(e)) => Err(e),
        }
    });
    match result {
        Ok(()) => {
            tracing::info!(
                rows = written,
                path = %path.display(),
                format = ?opts.format,
                "exported"
            );
            Ok(written)
        }
        Err(_) if cancelled => Err(ExportError::Cancelled),
        Err(source) => {
            tracing::warn!(path = %path.display(), error = %source, "export failed");
            Err(ExportError::Write {
                path: path.to_path_buf(),
                source,
            })
        }
    }
}

/// Refuses a target that exists and is not a regular file: a device or a folder would be
/// replaced by the rename, or written into. Checked before anything is created.
fn refuse_non_file(path: &Path) -> Result<(), ExportError> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(ExportError::NotAFile {
            path: path.to_path_buf(),
        }),
        _ => Ok(()),
    }
}

/// Why a writer stopped.
pub(crate) enum Stop {
    /// Writing failed.
    Io(io::Error),
    /// The progress callback asked to stop.
    Cancelled,
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Stop {
        Stop::Io(e)
    }
}

impl fmt::Debug for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Io(e) => write!(f, "Io({e})"),
            Stop::Cancelled => f.write_str("Cancelled"),
        }
    }
}

/// Calls the progress callback every [`PROGRESS_EVERY`] rows and turns a `false` into a
/// stop.
pub(crate) struct Ticker<'a> {
    progress: &'a dyn Fn(usize) -> bool,
}

impl<'a> Ticker<'a> {
    fn new(progress: &'a dyn Fn(usize) -> bool) -> Ticker<'a> {
        Ticker { progress }
    }

    /// Reports `done` rows now.
    pub(crate) fn check(&self, done: usize) -> Result<(), Stop> {
        if (self.progress)(done) {
            Ok(())
        } else {
            Err(Stop::Cancelled)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_picks_the_format() {
        assert_eq!(Format::from_path(Path::new("a.xlsx")), Some(Format::Xlsx));
        assert_eq!(Format::from_path(Path::new("a.XLSX")), Some(Format::Xlsx));
        assert_eq!(
            Format::from_path(Path::new("a.csv")),
            Some(Format::CsvExcel)
        );
        assert_eq!(Format::from_path(Path::new("a.txt")), None);
        assert_eq!(Format::from_path(Path::new("csv")), None);
    }

    #[test]
    fn messages_say_what_to_do() {
        let e = ExportError::Write {
            path: PathBuf::from("r.xlsx"),
            source: io::Error::from(io::ErrorKind::PermissionDenied),
        };
        assert!(e.may_be_open_elsewhere());
        assert!(
            e.message(Lang::Es).contains("ciérrelo"),
            "{}",
            e.message(Lang::Es)
        );
        assert!(e.message(Lang::En).contains("close it"));
        let e = ExportError::Write {
            path: PathBuf::from("r.xlsx"),
            source: io::Error::from(io::ErrorKind::StorageFull),
        };
        assert!(!e.may_be_open_elsewhere());
        assert!(e.message(Lang::En).contains("the disk is full"));
        let e = ExportError::Write {
            path: PathBuf::from("x/r.xlsx"),
            source: io::Error::from(io::ErrorKind::NotFound),
        };
        assert!(e.message(Lang::Es).contains("la carpeta no existe"));
    }

    #[test]
    fn a_path_through_a_file_is_named_so_however_the_system_reports_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, b"x").unwrap();
        // Windows says "path not found" where Linux and macOS say "not a directory".
        for kind in [io::ErrorKind::NotFound, io::ErrorKind::NotADirectory] {
            let e = ExportError::Write {
                path: file.join("sub").join("r.xlsx"),
                source: io::Error::from(kind),
            };
            assert!(
                e.message(Lang::En).contains("part of the path is a file"),
                "{kind:?}: {}",
                e.message(Lang::En)
            );
        }
        let e = ExportError::Write {
            path: dir.path().join("missing").join("r.xlsx"),
            source: io::Error::from(io::ErrorKind::NotFound),
        };
        assert!(e.message(Lang::En).contains("the folder does not exist"));
    }
}

//! Logging with `tracing`: a daily-rotated file in the platform's log folder (a
//! double-clicked app has no console) and, from a terminal, stderr.
//!
//! The token never reaches a log: it travels as a `secrecy::SecretString`, whose `Debug`
//! output is redacted.

use std::io::IsTerminal;
use std::path::PathBuf;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt;
use tracing_subscriber::prelude::*;

/// The environment variable that moves the log folder.
pub const LOG_DIR_ENV: &str = "WOLKVOX_IVR_LOG_DIR";

/// How many daily log files are kept.
const KEEP_FILES: usize = 7;

/// The folder for log files.
pub fn log_dir() -> Option<PathBuf> {
    crate::folders::overridden(LOG_DIR_ENV, |f| f.logs)
}

/// Starts logging. Keep the returned guard alive until exit so the file is flushed.
/// `RUST_LOG` sets the level (default `info` in the file, `warn` on stderr).
pub fn init() -> Option<WorkerGuard> {
    let file_filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let (file_layer, guard) = match log_dir().and_then(|dir| {
        std::fs::create_dir_all(&dir).ok()?;
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("wolkvox-ivr")
            .filename_suffix("log")
            .max_log_files(KEEP_FILES)
            .build(&dir)
            .ok()
    }) {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let layer = fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(file_filter);
            (Some(layer), Some(guard))
        }
        None => (None, None),
    };
    let stderr_wanted = std::io::stderr().is_terminal() || std::env::var_os("RUST_LOG").is_some();
    let stderr_layer = stderr_wanted.then(|| {
        let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
        fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::stderr().is_terminal())
            .with_target(false)
            .with_filter(filter)
    });
    let _ = tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
    guard
}

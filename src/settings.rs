//! Remembered, non-secret preferences, shared by the command line and the window.
//!
//! Stored as JSON in the platform's config folder (`WOLKVOX_IVR_CONFIG_DIR` overrides it).
//! The API token is never stored here: it lives in the OS keychain.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, fill, io_reason};
use crate::report::DEFAULT_LONG_IVR_SECS;

/// The environment variable that moves the config folder (tests, portable installs).
pub const CONFIG_DIR_ENV: &str = "WOLKVOX_IVR_CONFIG_DIR";

/// The preferences a supervisor expects the app to remember.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Interface language; `None` follows the computer.
    pub language: Option<Lang>,
    /// The operation's server number (`0002`), not secret.
    pub server: Option<String>,
    /// IVR time above this many seconds counts as long.
    pub long_ivr_secs: u32,
    /// The operation's time zone (IANA name); `None` uses the computer's.
    pub time_zone: Option<String>,
    /// The date preset last used in the window.
    pub last_preset: Option<String>,
    /// The window's theme: `light`, `dark`, or `None` to follow the computer.
    pub theme: Option<String>,
    /// Where save and export dialogs open.
    pub reports_folder: Option<std::path::PathBuf>,
    /// How long one request may take before it is abandoned, in seconds.
    pub request_timeout_secs: u64,
    /// First pause after the API reports simultaneous use of the token, in milliseconds.
    pub busy_pause_ms: u64,
    /// First pause before retrying a dropped connection or a server error, in milliseconds.
    pub retry_pause_ms: u64,
    /// How far back a live refresh reaches before the last fetched end, in minutes.
    pub refresh_overlap_minutes: u32,
    /// How many months of calls the history on this computer keeps (0: all of them).
    pub retention_months: u32,
    /// Where the history lives: `None` on this computer (SQLite), else a team's shared
    /// PostgreSQL database (its password is in the keychain, never here).
    pub shared_store: Option<crate::store::PgTarget>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            language: None,
            server: None,
            long_ivr_secs: DEFAULT_LONG_IVR_SECS,
            time_zone: None,
            last_preset: None,
            theme: None,
            reports_folder: None,
            request_timeout_secs: 90,
            busy_pause_ms: 5_000,
            retry_pause_ms: 2_000,
            refresh_overlap_minutes: 60,
            retention_months: crate::store::DEFAULT_RETENTION_MONTHS,
            shared_store: None,
        }
    }
}

/// A problem with the settings file, in words for the user.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file exists but is not valid; it was kept aside and defaults are used.
    #[error("settings file {path} unreadable: {reason}")]
    Unreadable {
        /// The settings file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
        /// Where the unreadable file was moved.
        backup: PathBuf,
    },
    /// The file could not be written.
    #[error("settings file {path} not saved: {source}")]
    CannotSave {
        /// The settings file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// No config folder is known on this system.
    #[error("no config folder on this system")]
    NoFolder,
}

impl SettingsError {
    /// The message for the user.
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.texts();
        match self {
            SettingsError::Unreadable {
                path,
                reason,
                backup,
            } => fill(
                t.settings_unreadable,
                &[
                    ("path", &path.display()),
                    ("reason", reason),
                    ("backup", &backup.display()),
                ],
            ),
            SettingsError::CannotSave { path, source } => fill(
                t.settings_cannot_save,
                &[
                    ("path", &path.display()),
                    ("reason", &io_reason(lang, source)),
                ],
            ),
            SettingsError::NoFolder => fill(
                t.settings_cannot_save,
                &[("path", &"?"), ("reason", &t.io_not_found)],
            ),
        }
    }
}

/// The folder holding the settings file.
pub fn config_dir() -> Option<PathBuf> {
    crate::folders::overridden(CONFIG_DIR_ENV, |f| f.config)
}

/// The settings file.
pub fn settings_path() -> Option<PathBuf> {
    config_dir().map(|d| d.join("settings.json"))
}

impl Settings {
    /// Loads the settings; a missing file gives defaults, an unreadable one gives defaults
    /// and a warning (the bad file is kept aside, not overwritten).
    pub fn load() -> (Settings, Option<SettingsError>) {
        match settings_path() {
            Some(p) => Settings::load_from(&p),
            None => (Settings::default(), None),
        }
    }

    /// Loads from a given file; see [`Settings::load`].
    pub fn load_from(path: &Path) -> (Settings, Option<SettingsError>) {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Settings::default(), None);
            }
            Err(e) => {
                return (
                    Settings::default(),
                    Some(SettingsError::Unreadable {
                        path: path.to_path_buf(),
                        reason: e.to_string(),
                        backup: path.to_path_buf(),
                    }),
                );
            }
        };
        match serde_json::from_slice::<Settings>(&bytes) {
            Ok(s) => (s.sanitized(), None),
            Err(e) => {
                let backup = path.with_extension("json.unreadable");
                let _ = std::fs::rename(path, &backup);
                (
                    Settings::default(),
                    Some(SettingsError::Unreadable {
                        path: path.to_path_buf(),
                        reason: e.to_string(),
                        backup,
                    }),
                )
            }
        }
    }

    /// Saves the settings in the config folder, atomically.
    pub fn save(&self) -> Result<(), SettingsError> {
        let path = settings_path().ok_or(SettingsError::NoFolder)?;
        self.save_to(&path)
    }

    /// Saves to a given file, atomically, creating its folder.
    pub fn save_to(&self, path: &Path) -> Result<(), SettingsError> {
        let cannot = |source| SettingsError::CannotSave {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(cannot)?;
        }
        let json = serde_json::to_vec_pretty(self).map_err(|e| cannot(e.into()))?;
        crate::files::write_atomic(path, &json).map_err(cannot)
    }

    /// Values kept within sensible bounds, whatever the file said.
    fn sanitized(mut self) -> Settings {
        self.long_ivr_secs = self.long_ivr_secs.clamp(1, 24 * 3600);
        self.request_timeout_secs = self.request_timeout_secs.clamp(1, 600);
        self.refresh_overlap_minutes = self.refresh_overlap_minutes.min(24 * 60);
        self.retention_months = self.retention_months.min(1200);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_and_loads_back() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/settings.json");
        let s = Settings {
            language: Some(Lang::Es),
            server: Some("0002".into()),
            long_ivr_secs: 90,
            ..Settings::default()
        };
        s.save_to(&p).unwrap();
        let (back, warn) = Settings::load_from(&p);
        assert!(warn.is_none());
        assert_eq!(back, s);
    }

    #[test]
    fn a_missing_file_gives_defaults_silently() {
        let dir = tempfile::tempdir().unwrap();
        let (s, warn) = Settings::load_from(&dir.path().join("none.json"));
        assert!(warn.is_none());
        assert_eq!(s, Settings::default());
    }

    #[test]
    fn a_broken_file_gives_defaults_and_is_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("settings.json");
        std::fs::write(&p, b"{not json").unwrap();
        let (s, warn) = Settings::load_from(&p);
        assert_eq!(s, Settings::default());
        let warn = warn.expect("a warning");
        assert!(warn.message(Lang::Es).contains("preferencias"));
        assert_eq!(
            std::fs::read(dir.path().join("settings.json.unreadable")).unwrap(),
            b"{not json"
        );
    }

    #[test]
    fn older_files_without_new_keys_still_load() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("settings.json");
        std::fs::write(&p, br#"{"language":"en","unknown_key":1}"#).unwrap();
        let (s, warn) = Settings::load_from(&p);
        assert!(warn.is_none());
        assert_eq!(s.language, Some(Lang::En));
        assert_eq!(s.long_ivr_secs, DEFAULT_LONG_IVR_SECS);
    }
}

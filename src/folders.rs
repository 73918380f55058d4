//! Where this program keeps its files on each system, from the `directories` crate's
//! platform folders (never a hand-made path, so redirected folders and user names such
//! as `José Núñez` work as the system reports them):
//!
//! | what | Windows | macOS | Linux |
//! |---|---|---|---|
//! | preferences, request count | `%APPDATA%\wolkvox-ivr\config` | `~/Library/Application Support/wolkvox-ivr` | `~/.config/wolkvox-ivr` |
//! | logs, crash reports | `%LOCALAPPDATA%\wolkvox-ivr\data\logs` | `~/Library/Logs/wolkvox-ivr` | `~/.local/state/wolkvox-ivr/logs` |
//! | larger data (history) | `%LOCALAPPDATA%\wolkvox-ivr\data` | `~/Library/Application Support/wolkvox-ivr` | `~/.local/share/wolkvox-ivr` |
//!
//! Preferences roam with a Windows profile (they are small); logs and data stay on the
//! computer, as Windows asks of anything large or machine-specific.

use std::path::PathBuf;

/// The name of this program's folder inside each platform folder.
const APP: &str = "wolkvox-ivr";

/// This program's folders on the system it runs on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    /// Preferences and the request count.
    pub config: PathBuf,
    /// Log files and crash reports.
    pub logs: PathBuf,
    /// Larger files that belong to this computer.
    pub data: PathBuf,
}

impl Folders {
    /// The platform's folders, without the environment overrides; `None` where the
    /// system names no home folder.
    pub fn platform() -> Option<Folders> {
        let dirs = directories::ProjectDirs::from("", "", APP)?;
        let logs = if cfg!(target_os = "macos") {
            // Console.app and Apple's guidelines look for an app's logs here.
            directories::BaseDirs::new()?
                .home_dir()
                .join("Library/Logs")
                .join(APP)
        } else {
            dirs.state_dir()
                .unwrap_or_else(|| dirs.data_local_dir())
                .join("logs")
        };
        Some(Folders {
            config: dirs.config_dir().to_path_buf(),
            logs,
            data: dirs.data_local_dir().to_path_buf(),
        })
    }
}

/// The folder named by the environment variable `var` when it is set and not empty,
/// else `platform` (tests and portable installs move the folders this way).
pub(crate) fn overridden(var: &str, platform: impl FnOnce(Folders) -> PathBuf) -> Option<PathBuf> {
    match std::env::var_os(var).filter(|d| !d.is_empty()) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => Folders::platform().map(platform),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_path(name: &str) -> PathBuf {
        PathBuf::from(std::env::var_os(name).unwrap_or_else(|| panic!("{name} is set")))
    }

    /// Each system's own layout, checked against what its environment says. The test
    /// compiles everywhere and checks the system it runs on.
    #[test]
    fn folders_are_where_each_system_keeps_them() {
        let Some(f) = Folders::platform() else {
            // A system account without a home folder: nothing to compare with.
            return;
        };
        if cfg!(windows) {
            let roaming = env_path("APPDATA");
            let local = env_path("LOCALAPPDATA");
            assert_eq!(f.config, roaming.join(APP).join("config"));
            assert_eq!(f.logs, local.join(APP).join("data").join("logs"));
            assert_eq!(f.data, local.join(APP).join("data"));
        } else if cfg!(target_os = "macos") {
            let home = env_path("HOME");
            let support = home.join("Library/Application Support").join(APP);
            assert_eq!(f.config, support);
            assert_eq!(f.logs, home.join("Library/Logs").join(APP));
            assert_eq!(f.data, support);
        } else {
            let home = env_path("HOME");
            let xdg = |var: &str, default: &str| {
                std::env::var_os(var)
                    .map(PathBuf::from)
                    .filter(|p| p.is_absolute())
                    .unwrap_or_else(|| home.join(default))
            };
            assert_eq!(f.config, xdg("XDG_CONFIG_HOME", ".config").join(APP));
            assert_eq!(
                f.logs,
                xdg("XDG_STATE_HOME", ".local/state").join(APP).join("logs")
            );
            assert_eq!(f.data, xdg("XDG_DATA_HOME", ".local/share").join(APP));
        }
    }

    #[test]
    fn every_folder_is_this_programs_own() {
        let Some(f) = Folders::platform() else {
            return;
        };
        for dir in [&f.config, &f.logs, &f.data] {
            assert!(
                dir.components().any(|c| c.as_os_str() == APP),
                "{} is inside a folder named {APP}",
                dir.display()
            );
            assert!(dir.is_absolute(), "{}", dir.display());
        }
    }
}

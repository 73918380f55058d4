//! How many requests this computer sent to Wolkvox today: the API's daily quota is shared
//! by the whole operation, so the window shows the local part of it before each load.

use serde::{Deserialize, Serialize};

use crate::settings::config_dir;

/// Requests counted for one day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// The day (`YYYY-MM-DD`, the operation's calendar).
    pub day: String,
    /// Requests sent that day from this computer.
    pub requests: u64,
}

fn path() -> Option<std::path::PathBuf> {
    config_dir().map(|d| d.join("usage.json"))
}

impl Usage {
    /// Today's count (0 when the file is missing, unreadable or from another day).
    pub fn today(day: &str) -> Usage {
        let stored = path()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|b| serde_json::from_slice::<Usage>(&b).ok());
        match stored {
            Some(u) if u.day == day => u,
            _ => Usage {
                day: day.to_string(),
                requests: 0,
            },
        }
    }

    /// Adds `n` requests to today's count and saves it; a failure to save only loses the
    /// count, never anything the user did.
    pub fn add(day: &str, n: u64) -> Usage {
        let mut u = Usage::today(day);
        u.requests += n;
        if let Some(p) = path() {
            if let Some(dir) = p.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            if let Ok(json) = serde_json::to_vec(&u)
                && let Err(e) = crate::files::write_atomic(&p, &json)
            {
                tracing::warn!("request count not saved: {e}");
            }
        }
        u
    }
}

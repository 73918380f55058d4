//! History on this computer: every answer that arrives is kept, tagged with its
//! operation (server number), so later loads take from here what it covers and fetch only
//! the gaps, and a crash loses nothing that had arrived.
//!
//! One interface, [`Backend`], with two implementations behind it: SQLite
//! ([`SqliteStore`], the default, one file in the data folder) and PostgreSQL
//! ([`PgStore`], a team's shared history, see [`postgres`]); the command line and the
//! window hold a [`Store`] and never know which backend it is. What counts as covered is
//! decided once, in [`coverage`]; how calls become rows, once, in `rows`.
//!
//! Every problem is a [`StoreError`] with a plain message; callers warn and go on without
//! the store, and a file that cannot be used is never overwritten or deleted. Demo data and
//! tokens are never written here.

/// The part of the analysts' `calls` view that both backends write alike: the texts
/// looked up in `strings` and the joins. A macro, so each migration stays one literal.
macro_rules! calls_view_tail {
    () => {
        r#"    s_rp.text AS rp_id,
    r.ani,
    r.customer_id,
    s_queue.text AS time_on_skill,
    s_skill.text AS skill_id,
    s_result.text AS skill_result,
    s_flag.text AS go_to_agent,
    s_agent_id.text AS agent_id,
    s_agent.text AS agent_name,
    s_agent_time.text AS time_with_agent,
    s_code.text AS cod_act,
    s_code2.text AS cod_act_2,
    s_type.text AS type_interaction,
    s_total.text AS total_time,
    r.unreadable
FROM call_rows r
JOIN servers sv ON sv.id = r.server
LEFT JOIN strings s_ivr ON s_ivr.id = r.time_on_rp
LEFT JOIN strings s_queue ON s_queue.id = r.time_on_skill
LEFT JOIN strings s_agent_time ON s_agent_time.id = r.time_with_agent
LEFT JOIN strings s_total ON s_total.id = r.total_time
LEFT JOIN strings s_rp ON s_rp.id = r.rp_id
LEFT JOIN strings s_skill ON s_skill.id = r.skill_id
LEFT JOIN strings s_result ON s_result.id = r.skill_result
LEFT JOIN strings s_flag ON s_flag.id = r.go_to_agent
LEFT JOIN strings s_agent_id ON s_agent_id.id = r.agent_id
LEFT JOIN strings s_agent ON s_agent.id = r.agent_name
LEFT JOIN strings s_code ON s_code.id = r.cod_act
LEFT JOIN strings s_code2 ON s_code2.id = r.cod_act_2
LEFT JOIN strings s_type ON s_type.id = r.type_interaction;
"#
    };
}

/// The key of the retention period, in months, among a store's own settings.
const RETENTION_KEY: &str = "retention_months";

pub mod coverage;
pub mod postgres;
mod rows;
mod sink;
mod sqlite;
pub mod target;

use std::path::PathBuf;

use serde::Serialize;

pub use coverage::{LoadPlan, covered_part, gaps, merge, plan_load};
pub use postgres::PgStore;
pub use sink::StoreSink;
pub use sqlite::SqliteStore;
pub use target::{PgTarget, STORE_URL_ENV, TargetError, TlsMode};

use crate::i18n::{Lang, fill, io_reason};
use crate::report::{Report, Stamp};
use crate::wolkvox::{ServerName, TimeRange};

/// The environment variable that moves the data folder holding the store.
pub const DATA_DIR_ENV: &str = "WOLKVOX_IVR_DATA_DIR";

/// The store's file name inside the data folder.
pub const FILE_NAME: &str = "history.sqlite3";

/// How long stored calls are kept unless the settings say otherwise, in months.
pub const DEFAULT_RETENTION_MONTHS: u32 = 13;

/// The folder holding the store: `WOLKVOX_IVR_DATA_DIR`, else the platform's local
/// (not roaming) data folder, so a large file never travels with a Windows profile.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "wolkvox-ivr").map(|p| p.data_local_dir().to_path_buf())
}

/// The store's file in [`data_dir`].
pub fn default_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join(FILE_NAME))
}

/// Why the store could not be used. The file is left exactly as it was in every case.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// This system names no data folder (and `WOLKVOX_IVR_DATA_DIR` is not set).
    #[error("no data folder on this system")]
    NoFolder,
    /// The folder could not be created or made private.
    #[error("folder {path} unusable: {source}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// The system's error (shared, so the error can be copied).
        source: std::sync::Arc<std::io::Error>,
    },
    /// The file is not a database, or its contents are damaged.
    #[error("store {path} is damaged: {detail}")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What the database engine said.
        detail: String,
    },
    /// The file is shorter than its own header says: it was cut.
    #[error("store {path} is cut short")]
    Truncated {
        /// The file.
        path: PathBuf,
    },
    /// A database, but another program's.
    #[error("store {path} belongs to another program")]
    NotOurs {
        /// The file.
        path: PathBuf,
    },
    /// Written by a newer version of this program, in a format this one does not know.
    #[error("store {path} has format {found}, newer than {known}")]
    Newer {
        /// The file.
        path: PathBuf,
        /// The file's format version.
        found: i64,
        /// The newest format this version knows.
        known: i64,
    },
    /// The file or its folder cannot be written.
    #[error("store {path} is read-only")]
    ReadOnly {
        /// The file.
        path: PathBuf,
    },
    /// The disk is full.
    #[error("disk full writing {path}")]
    Full {
        /// The file.
        path: PathBuf,
    },
    /// Another program holds the store and did not let go in time.
    #[error("store {path} is locked by another program")]
    Locked {
        /// The file.
        path: PathBuf,
    },
    /// Anything else the database engine reported.
    #[error("store {path}: {detail}")]
    Other {
        /// The file.
        path: PathBuf,
        /// What the database engine said.
        detail: String,
    },
    /// The shared database cannot be reached: the server is down, refuses connections,
    /// or the connection dropped.
    #[error("database {place} unreachable: {detail}")]
    DatabaseUnreachable {
        /// The database, as `user@host:port/db`.
        place: String,
        /// What the client or the server said.
        detail: String,
    },
    /// The shared database refused the password (or asked for one none was given).
    #[error("database {place} refused the password")]
    DatabasePassword {
        /// The database.
        place: String,
    },
    /// The TLS connection was refused: the server's certificate is not trusted here, or
    /// the server does not speak TLS.
    #[error("database {place}: TLS refused: {detail}")]
    DatabaseCertificate {
        /// The database.
        place: String,
        /// Why.
        detail: String,
    },
    /// The role lacks a right it needs (CREATE on its schema, most often).
    #[error("database {place} denied: {detail}")]
    DatabaseDenied {
        /// The database.
        place: String,
        /// What the server said.
        detail: String,
    },
    /// The schema was written by a newer version of this program.
    #[error("database {place} has format {found}, newer than {known}")]
    DatabaseNewer {
        /// The database.
        place: String,
        /// The schema's newest migration.
        found: i64,
        /// The newest this version knows.
        known: i64,
    },
    /// Anything else the database server reported.
    #[error("database {place}: {detail}")]
    DatabaseOther {
        /// The database.
        place: String,
        /// What the server said.
        detail: String,
    },
}

impl StoreError {
    /// The plain-language message.
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.texts();
        let shown = |p: &PathBuf| p.display().to_string();
        match self {
            StoreError::NoFolder => t.store_no_folder.to_string(),
            StoreError::Folder { path, source } => fill(
                t.store_folder,
                &[("path", &shown(path)), ("reason", &io_reason(lang, source))],
            ),
            StoreError::Damaged { path, .. } => fill(t.store_damaged, &[("path", &shown(path))]),
            StoreError::Truncated { path } => fill(t.store_truncated, &[("path", &shown(path))]),
            StoreError::NotOurs { path } => fill(t.store_not_ours, &[("path", &shown(path))]),
            StoreError::Newer { path, found, known } => fill(
                t.store_newer,
                &[("path", &shown(path)), ("found", found), ("known", known)],
            ),
            StoreError::ReadOnly { path } => fill(t.store_read_only, &[("path", &shown(path))]),
            StoreError::Full { path } => fill(t.store_full, &[("path", &shown(path))]),
            StoreError::Locked { path } => fill(t.store_locked, &[("path", &shown(path))]),
            StoreError::Other { path, detail } => {
                fill(t.store_other, &[("path", &shown(path)), ("detail", detail)])
            }
            StoreError::DatabaseUnreachable { place, detail } => {
                fill(t.pg_unreachable, &[("place", place), ("detail", detail)])
            }
            StoreError::DatabasePassword { place } => fill(t.pg_password, &[("place", place)]),
            StoreError::DatabaseCertificate { place, detail } => {
                fill(t.pg_certificate, &[("place", place), ("detail", detail)])
            }
            StoreError::DatabaseDenied { place, detail } => {
                fill(t.pg_denied, &[("place", place), ("detail", detail)])
            }
            StoreError::DatabaseNewer {
                place,
                found,
                known,
            } => fill(
                t.pg_newer,
                &[("place", place), ("found", found), ("known", known)],
            ),
            StoreError::DatabaseOther { place, detail } => {
                fill(t.pg_other, &[("place", place), ("detail", detail)])
            }
        }
    }
}

/// One answer to keep: the piece asked for, when it was asked, and its rows.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The range the request asked for.
    pub range: TimeRange,
    /// When the request was sent (the operation's wall clock).
    pub asked_at: Stamp,
    /// The part of `range` this answer covers (see [`covered_part`]); `None` when it
    /// covers nothing, such as an answer cut at the API's row cap.
    pub covered: Option<TimeRange>,
    /// The rows, exactly as received.
    pub report: &'a Report,
}

/// The stored calls and covered ranges of one operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerInfo {
    /// The server number, `0002`.
    pub server: String,
    /// Stored rows.
    pub calls: u64,
    /// Covered ranges, merged, inclusive, sorted.
    pub covered: Vec<TimeRange>,
}

/// What `store info` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoreInfo {
    /// Where the store is.
    pub path: String,
    /// Bytes it takes on disk.
    pub size_bytes: u64,
    /// Each operation stored, by server number.
    pub servers: Vec<ServerInfo>,
    /// Whether other computers share it (a team's database); not part of `store info`.
    #[serde(skip)]
    pub shared: bool,
}

/// A store's primitive operations; each backend implements them once, and [`Store`]
/// builds everything else on top. Each writing call is one transaction: all or nothing.
pub trait Backend: Send {
    /// Where the store is, for messages and `store info`.
    fn location(&self) -> String;
    /// Bytes it takes on disk.
    fn size_bytes(&self) -> Result<u64, StoreError>;
    /// Keeps one answer: in one transaction, deletes the operation's stored rows whose
    /// date lies in `answer.range`, inserts the answer's rows and records what it covers.
    fn write_answer(&mut self, server: ServerName, answer: &Answer<'_>) -> Result<(), StoreError>;
    /// The operation's covered ranges, merged.
    fn coverage(&self, server: ServerName) -> Result<Vec<TimeRange>, StoreError>;
    /// The operation's stored calls dated in `ranges`, in date order (equal dates in
    /// arrival order), values exactly as received.
    fn load(&self, server: ServerName, ranges: &[TimeRange]) -> Result<Report, StoreError>;
    /// Every operation stored, with its calls and coverage.
    fn servers(&self) -> Result<Vec<ServerInfo>, StoreError>;
    /// Deletes calls and coverage of `server` (every operation when `None`) dated before
    /// `before` (all of them when `None`); returns how many calls went.
    fn delete(
        &mut self,
        server: Option<ServerName>,
        before: Option<Stamp>,
    ) -> Result<u64, StoreError>;
    /// Remembers the range last loaded, to offer it again at the next start.
    fn set_last_load(&mut self, server: ServerName, range: TimeRange) -> Result<(), StoreError>;
    /// The range last loaded, if any.
    fn last_load(&self) -> Result<Option<(ServerName, TimeRange)>, StoreError>;
    /// The retention period kept in the store itself, in months (0: keep everything), so
    /// every computer sharing it applies one value; `None` when none was set yet.
    fn retention_months(&self) -> Result<Option<u32>, StoreError>;
    /// Keeps `months` as the store's retention period.
    fn set_retention_months(&mut self, months: u32) -> Result<(), StoreError>;
    /// Whether other computers share this store (a database server): their loads and
    /// this one's then take turns fetching through the fetch lock.
    fn shared(&self) -> bool {
        false
    }
    /// Tries, without waiting, to take `server`'s fetch lock: true when this handle now
    /// holds it. Only one holder at a time for everyone sharing the store; a store only
    /// this computer uses always gives it.
    fn try_lock_fetch(&mut self, server: ServerName) -> Result<bool, StoreError> {
        let _ = server;
        Ok(true)
    }
    /// Lets go of `server`'s fetch lock.
    fn unlock_fetch(&mut self, server: ServerName) -> Result<(), StoreError> {
        let _ = server;
        Ok(())
    }
}

/// The history on this computer, whatever its backend.
pub struct Store {
    backend: Box<dyn Backend>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("location", &self.backend.location())
            .finish()
    }
}

impl Store {
    /// A store over `backend`.
    pub fn new(backend: Box<dyn Backend>) -> Store {
        Store { backend }
    }

    /// Opens (creating it if needed) the SQLite store at [`default_path`].
    pub fn open_default() -> Result<Store, StoreError> {
        let path = default_path().ok_or(StoreError::NoFolder)?;
        Store::open_sqlite(path)
    }

    /// Opens (creating it if needed) the SQLite store at `path`.
    pub fn open_sqlite(path: PathBuf) -> Result<Store, StoreError> {
        Ok(Store::new(Box::new(SqliteStore::open(path)?)))
    }

    /// Opens the store the settings choose: the shared database of
    /// [`Settings::shared_store`](crate::settings::Settings::shared_store) with its
    /// password from the keychain (else PostgreSQL's conventions), or the SQLite store at
    /// [`default_path`].
    pub fn open_chosen(settings: &crate::settings::Settings) -> Result<Store, StoreError> {
        match &settings.shared_store {
            None => Store::open_default(),
            Some(target) => Store::open_shared(target),
        }
    }

    /// Opens the shared store in `target`'s database with the password from the
    /// keychain, else PostgreSQL's conventions.
    pub fn open_shared(target: &PgTarget) -> Result<Store, StoreError> {
        let password = match crate::secrets::Keychain::platform().load_database_password(target) {
            Ok(p) => p,
            Err(e) => {
                tracing::info!("no database password from the keychain: {e}");
                None
            }
        };
        Store::open_postgres(target.clone(), password)
    }

    /// Opens the shared store in `target`'s database with `password` (else
    /// PostgreSQL's conventions), creating or migrating its schema.
    pub fn open_postgres(
        target: PgTarget,
        password: Option<secrecy::SecretString>,
    ) -> Result<Store, StoreError> {
        Ok(Store::new(Box::new(PgStore::open(target, password)?)))
    }

    /// Where the store is.
    pub fn location(&self) -> String {
        self.backend.location()
    }

    /// Whether other computers share this store.
    pub fn shared(&self) -> bool {
        self.backend.shared()
    }

    /// Tries to take `server`'s fetch lock without waiting; see [`Backend::try_lock_fetch`].
    pub fn try_lock_fetch(&mut self, server: ServerName) -> Result<bool, StoreError> {
        self.backend.try_lock_fetch(server)
    }

    /// Lets go of `server`'s fetch lock.
    pub fn unlock_fetch(&mut self, server: ServerName) -> Result<(), StoreError> {
        self.backend.unlock_fetch(server)
    }

    /// Keeps the answer to `range` asked for at `asked_at`. It covers its range (up to
    /// the refresh overlap, see [`covered_part`]) unless `whole` is false (cut at the row
    /// cap); its rows replace what was stored for that range either way.
    pub fn keep_answer(
        &mut self,
        server: ServerName,
        range: TimeRange,
        asked_at: Stamp,
        overlap_secs: i64,
        whole: bool,
        report: &Report,
    ) -> Result<(), StoreError> {
        let covered = whole
            .then(|| covered_part(range, asked_at, overlap_secs))
            .flatten();
        self.backend.write_answer(
            server,
            &Answer {
                range,
                asked_at,
                covered,
                report,
            },
        )
    }

    /// The operation's covered ranges, merged.
    pub fn coverage(&self, server: ServerName) -> Result<Vec<TimeRange>, StoreError> {
        self.backend.coverage(server)
    }

    /// What loading `wanted` takes: what comes from here and which gaps to fetch.
    pub fn plan(&self, server: ServerName, wanted: &[TimeRange]) -> Result<LoadPlan, StoreError> {
        Ok(plan_load(wanted, &self.coverage(server)?))
    }

    /// The operation's stored calls dated in `ranges`.
    pub fn load(&self, server: ServerName, ranges: &[TimeRange]) -> Result<Report, StoreError> {
        self.backend.load(server, ranges)
    }

    /// Path, size and every operation's calls and coverage.
    pub fn info(&self) -> Result<StoreInfo, StoreError> {
        Ok(StoreInfo {
            path: self.backend.location(),
            size_bytes: self.backend.size_bytes()?,
            servers: self.backend.servers()?,
            shared: self.backend.shared(),
        })
    }

    /// Deletes the stored calls of `server` and their coverage, only those dated before
    /// `before` when given; returns how many calls went.
    pub fn forget(&mut self, server: ServerName, before: Option<Stamp>) -> Result<u64, StoreError> {
        self.backend.delete(Some(server), before)
    }

    /// Deletes every operation's stored calls and coverage; returns how many calls went.
    pub fn forget_everything(&mut self) -> Result<u64, StoreError> {
        self.backend.delete(None, None)
    }

    /// Deletes every operation's calls (and coverage) older than `months` months before
    /// `today`; returns how many went, for a notice. `months == 0` keeps everything.
    pub fn apply_retention(
        &mut self,
        months: u32,
        today: jiff::civil::Date,
    ) -> Result<u64, StoreError> {
        if months == 0 {
            return Ok(0);
        }
        let Ok(cutoff) = today.checked_sub(jiff::Span::new().months(i64::from(months))) else {
            return Ok(0);
        };
        let cutoff = Stamp::from_civil(cutoff.to_datetime(jiff::civil::Time::midnight()));
        self.backend.delete(None, Some(cutoff))
    }

    /// Remembers the range last loaded, to offer it again at the next start.
    pub fn set_last_load(
        &mut self,
        server: ServerName,
        range: TimeRange,
    ) -> Result<(), StoreError> {
        self.backend.set_last_load(server, range)
    }

    /// The range last loaded, if any.
    pub fn last_load(&self) -> Result<Option<(ServerName, TimeRange)>, StoreError> {
        self.backend.last_load()
    }

    /// The retention period in months: the store's own, else `fallback` (this computer's
    /// setting).
    pub fn retention_months(&self, fallback: u32) -> Result<u32, StoreError> {
        Ok(self.backend.retention_months()?.unwrap_or(fallback))
    }

    /// Keeps `months` as the retention period of everyone using this store.
    pub fn set_retention_months(&mut self, months: u32) -> Result<(), StoreError> {
        self.backend.set_retention_months(months)
    }
}

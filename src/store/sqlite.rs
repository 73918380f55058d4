//! The SQLite backend: one file (bundled SQLite, WAL journal) shared safely by every
//! copy of the program on this computer.
//!
//! Layout (schema version [`SCHEMA_VERSION`]): `call_rows` holds one row per call,
//! clustered by (server, date) so a month is one sequential read; repeated texts
//! (routing points, agents, codes, durations as received) live once in `strings` and
//! are referenced by number; `end_date_rp` is kept only where it differs from the
//! standard form of the typed date. `answers` records each answer: the range asked for,
//! when, and how much of it is covered; `meta` keeps values shared by everyone using
//! the file (the retention period). The `calls` view joins it all back into the
//! API's fields plus typed columns, for analysts (README: "The history on this computer").

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};

use super::rows::{
    COLUMNS, NO_DATE, READ_COLUMNS, RowReader, RowValues, StoredRow, UNREADABLE_DATE, used_texts,
};
use super::{Answer, Backend, RETENTION_KEY, ServerInfo, StoreError};
use crate::report::{Report, Stamp};
use crate::wolkvox::{ServerName, TimeRange};

/// The newest schema this version reads and writes.
pub const SCHEMA_VERSION: i64 = 2;

/// Marks the file as this program's (`PRAGMA application_id`): "WKVI".
const APPLICATION_ID: i64 = 0x574B_5649;

/// Bytes per database page of a new store.
const PAGE_SIZE: i64 = 16_384;

/// How long to wait for another copy of the program that is writing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The migrations: entry `i` brings a store of version `i` to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    concat!(
        r#"
CREATE TABLE servers (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE
);
CREATE TABLE strings (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);
CREATE TABLE answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    server INTEGER NOT NULL REFERENCES servers(id),
    range_from INTEGER NOT NULL,
    range_to INTEGER NOT NULL,
    asked_at INTEGER NOT NULL,
    covered_to INTEGER,
    rows INTEGER NOT NULL
);
CREATE INDEX answers_by_server ON answers (server, range_from);
CREATE TABLE call_rows (
    server INTEGER NOT NULL,
    started INTEGER NOT NULL,
    answer INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    conn_id TEXT,
    ani TEXT,
    customer_id TEXT,
    end_date_rp TEXT,
    time_on_rp INTEGER,
    time_on_skill INTEGER,
    time_with_agent INTEGER,
    total_time INTEGER,
    rp_id INTEGER,
    skill_id INTEGER,
    skill_result INTEGER,
    go_to_agent INTEGER,
    agent_id INTEGER,
    agent_name INTEGER,
    cod_act INTEGER,
    cod_act_2 INTEGER,
    type_interaction INTEGER,
    ivr_secs INTEGER,
    queue_secs INTEGER,
    agent_secs INTEGER,
    total_secs INTEGER,
    transferred INTEGER,
    unreadable INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (server, started, answer, pos)
) WITHOUT ROWID;
CREATE TABLE last_load (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    server INTEGER NOT NULL REFERENCES servers(id),
    range_from INTEGER NOT NULL,
    range_to INTEGER NOT NULL
);
CREATE VIEW calls AS
SELECT
    sv.number AS server,
    CASE WHEN r.started > -9223372036854775807
        THEN strftime('%Y-%m-%d %H:%M:%S', r.started, 'unixepoch') END AS started,
    r.ivr_secs, r.queue_secs, r.agent_secs, r.total_secs,
    r.transferred,
    r.conn_id,
    s_ivr.text AS time_on_rp,
    COALESCE(r.end_date_rp, CASE WHEN r.started > -9223372036854775807
        THEN strftime('%Y-%m-%d %H:%M:%S', r.started, 'unixepoch') END) AS end_date_rp,
"#,
        calls_view_tail!(),
        r#"CREATE VIEW coverage AS
SELECT
    sv.number AS server,
    strftime('%Y-%m-%d %H:%M:%S', a.range_from, 'unixepoch') AS covered_from,
    strftime('%Y-%m-%d %H:%M:%S', a.covered_to, 'unixepoch') AS covered_to,
    strftime('%Y-%m-%d %H:%M:%S', a.asked_at, 'unixepoch') AS fetched_at,
    a.rows
FROM answers a JOIN servers sv ON sv.id = a.server
WHERE a.covered_to IS NOT NULL;
"#
    ),
    r#"
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"#,
];

/// `INSERT INTO call_rows` with every column.
fn insert_row_sql() -> String {
    let params: Vec<String> = (1..=27).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO call_rows (server, started, answer, pos, {COLUMNS}) VALUES ({})",
        params.join(", ")
    )
}

/// The SQLite store.
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    /// Texts already in `strings`, by value. Entries are never deleted, so an id learnt
    /// once stays right even while another copy of the program writes.
    string_ids: HashMap<Box<str>, i64>,
}

impl SqliteStore {
    /// Opens the store at `path`, creating it (and its folder, readable by its owner
    /// only) when absent and bringing an older schema up to date. A file that is not a
    /// store of this program, is damaged, cut short or from a newer version is refused
    /// and left untouched.
    pub fn open(path: PathBuf) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            private_folder(dir)?;
        }
        let existed = precheck(&path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(|e| classify(&path, e))?;
        let mut store = SqliteStore {
            conn,
            path,
            string_ids: HashMap::new(),
        };
        store.prepare(existed)?;
        Ok(store)
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path, e)
    }

    /// Checks the file is ours and current before anything writes to it, then switches
    /// to WAL and migrates.
    fn prepare(&mut self, existed: bool) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| self.err(e))?;
        let (app_id, version, tables) = self.header()?;
        if tables > 0 && app_id != APPLICATION_ID {
            return Err(StoreError::NotOurs {
                path: self.path.clone(),
            });
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: self.path.clone(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if !existed {
            restrict_file(&self.path);
        }
        if tables == 0 {
            // Larger pages make a month one shorter sequential read; only settable before
            // the first table and the switch to WAL.
            self.conn
                .pragma_update(None, "page_size", PAGE_SIZE)
                .map_err(|e| self.err(e))?;
        }
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(%mode, "the store could not switch to WAL");
        }
        self.conn
            .execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(|e| self.err(e))?;
        if version < SCHEMA_VERSION {
            self.migrate()?;
        }
        Ok(())
    }

    fn header(&self) -> Result<(i64, i64, i64), StoreError> {
        let read = || -> rusqlite::Result<(i64, i64, i64)> {
            let app: i64 = self
                .conn
                .query_row("PRAGMA application_id", [], |r| r.get(0))?;
            let version: i64 = self
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let tables: i64 =
                self.conn
                    .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            Ok((app, version, tables))
        };
        read().map_err(|e| self.err(e))
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        // Another copy may have migrated while this one waited for the lock.
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(&path, e))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path,
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            tx.execute_batch(sql).map_err(|e| classify(&path, e))?;
            tx.pragma_update(None, "user_version", i as i64 + 1)
                .map_err(|e| classify(&path, e))?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(|e| classify(&path, e))?;
        tx.commit().map_err(|e| classify(&path, e))
    }

    fn server_id(&self, server: ServerName) -> Result<Option<i64>, StoreError> {
        self.conn
            .prepare_cached("SELECT id FROM servers WHERE number = ?1")
            .and_then(|mut s| s.query_row([server.digits()], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))
    }

    fn all_strings(&self) -> Result<Vec<Option<Box<str>>>, StoreError> {
        let read = || -> rusqlite::Result<Vec<Option<Box<str>>>> {
            let mut stmt = self.conn.prepare("SELECT id, text FROM strings")?;
            let mut rows = stmt.query([])?;
            let mut out: Vec<Option<Box<str>>> = Vec::new();
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                let text: String = row.get(1)?;
                let Ok(i) = usize::try_from(id) else { continue };
                if i >= out.len() {
                    out.resize(i + 1, None);
                }
                out[i] = Some(text.into_boxed_str());
            }
            Ok(out)
        };
        read().map_err(|e| self.err(e))
    }
}

/// A row of `SELECT READ_COLUMNS`.
fn stored_row<'r>(row: &'r rusqlite::Row<'_>) -> rusqlite::Result<StoredRow<'r>> {
    let text = |i: usize| -> rusqlite::Result<_> {
        Ok(match row.get_ref(i)? {
            ValueRef::Text(t) => Some(String::from_utf8_lossy(t)),
            _ => None,
        })
    };
    let mut pooled = [None; 13];
    for (k, slot) in pooled.iter_mut().enumerate() {
        *slot = row.get::<_, Option<i64>>(5 + k)?;
    }
    Ok(StoredRow {
        started: row.get(0)?,
        conn_id: text(1)?,
        ani: text(2)?,
        customer_id: text(3)?,
        end_date_rp: text(4)?,
        pooled,
        unreadable: row.get(18)?,
    })
}

/// Creates `dir` (readable by its owner only on Unix) when it does not exist yet.
fn private_folder(dir: &Path) -> Result<(), StoreError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|source| StoreError::Folder {
        path: dir.to_path_buf(),
        source: source.into(),
    })
}

/// Makes a new store file readable by its owner only (the WAL files SQLite adds take
/// the same permissions).
fn restrict_file(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Err(e) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)) {
            tracing::warn!("store file permissions not narrowed: {e}");
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Looks at the file before SQLite does, so a file that is not a database or was cut
/// short is refused without SQLite ever writing to it. Returns whether a non-empty file
/// is there.
fn precheck(path: &Path) -> Result<bool, StoreError> {
    use std::io::Read;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => {
            return Err(StoreError::Other {
                path: path.to_path_buf(),
                detail: e.to_string(),
            });
        }
    };
    if !meta.is_file() {
        return Err(StoreError::Damaged {
            path: path.to_path_buf(),
            detail: "not a regular file".into(),
        });
    }
    let len = meta.len();
    if len == 0 {
        return Ok(false);
    }
    let mut head = [0u8; 100];
    let got = std::fs::File::open(path)
        .and_then(|mut f| {
            let mut n = 0;
            while n < head.len() {
                match f.read(&mut head[n..])? {
                    0 => break,
                    k => n += k,
                }
            }
            Ok(n)
        })
        .map_err(|e| StoreError::Other {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
    const MAGIC: &[u8; 16] = b"SQLite format 3\0";
    if got < head.len() {
        let n = got.min(MAGIC.len());
        return Err(if got > 0 && head[..n] == MAGIC[..n] {
            StoreError::Truncated {
                path: path.to_path_buf(),
            }
        } else {
            StoreError::Damaged {
                path: path.to_path_buf(),
                detail: "not a database".into(),
            }
        });
    }
    if &head[..16] != MAGIC {
        return Err(StoreError::Damaged {
            path: path.to_path_buf(),
            detail: "not a database".into(),
        });
    }
    let be32 = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536u64,
        n => u64::from(n),
    };
    // The header's page count is valid only when its change counter matches.
    let pages = u64::from(be32(28));
    let counted = be32(24) == be32(92) && pages > 0;
    // A WAL with frames may still hold pages a checkpoint had not finished writing.
    let wal_has_frames = std::fs::metadata(wal_path(path)).is_ok_and(|m| m.len() > 32);
    let cut = page_size >= 512 && (len % page_size != 0 || (counted && len < pages * page_size));
    if cut && !wal_has_frames {
        return Err(StoreError::Truncated {
            path: path.to_path_buf(),
        });
    }
    Ok(true)
}

fn wal_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

/// The store's error for what SQLite said.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    let rusqlite::Error::SqliteFailure(failure, _) = &e else {
        return StoreError::Other {
            path,
            detail: e.to_string(),
        };
    };
    match failure.code {
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Locked { path },
        ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => StoreError::Damaged {
            path,
            detail: e.to_string(),
        },
        ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
            StoreError::ReadOnly { path }
        }
        ErrorCode::DiskFull => StoreError::Full { path },
        _ => StoreError::Other {
            path,
            detail: e.to_string(),
        },
    }
}

/// The row id of `server`, adding it when new.
fn server_row(tx: &rusqlite::Transaction<'_>, server: ServerName) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO servers (number) VALUES (?1) ON CONFLICT (number) DO NOTHING",
        [server.digits()],
    )?;
    tx.query_row(
        "SELECT id FROM servers WHERE number = ?1",
        [server.digits()],
        |r| r.get(0),
    )
}

impl Backend for SqliteStore {
    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn size_bytes(&self) -> Result<u64, StoreError> {
        let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
        Ok(size(&self.path) + size(&wal_path(&self.path)))
    }

    fn write_answer(&mut self, server: ServerName, answer: &Answer<'_>) -> Result<(), StoreError> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| classify(&path, e);
        let report = answer.report;
        let (from, to) = (answer.range.from_secs(), answer.range.to_secs());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let server_id = server_row(&tx, server).map_err(fail)?;
        // The pooled texts this answer uses, as ids of `strings`; new ones are learnt
        // only once the transaction commits.
        let mut learnt: Vec<(Box<str>, i64)> = Vec::new();
        let mut ids: Vec<Option<i64>> = vec![None; report.pool_len()];
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO strings (text) VALUES (?1) ON CONFLICT (text) DO NOTHING",
                )
                .map_err(fail)?;
            let mut select = tx
                .prepare_cached("SELECT id FROM strings WHERE text = ?1")
                .map_err(fail)?;
            for i in used_texts(report) {
                let text = report.pool_str(i).unwrap_or("");
                let id = match self.string_ids.get(text) {
                    Some(&id) => id,
                    None => {
                        insert.execute([text]).map_err(fail)?;
                        let id: i64 = select.query_row([text], |r| r.get(0)).map_err(fail)?;
                        learnt.push((text.into(), id));
                        id
                    }
                };
                ids[i] = Some(id);
            }
        }
        // What this answer replaces: rows dated in its range, rows without a date that
        // came with answers inside it, and those answers.
        tx.execute(
            "DELETE FROM call_rows WHERE server = ?1 AND started BETWEEN ?2 AND ?3",
            params![server_id, from, to],
        )
        .map_err(fail)?;
        tx.execute(
            "DELETE FROM call_rows WHERE server = ?1 AND started IN (?4, ?5) AND answer IN \
             (SELECT id FROM answers WHERE server = ?1 AND range_from >= ?2 AND range_to <= ?3)",
            params![server_id, from, to, NO_DATE, UNREADABLE_DATE],
        )
        .map_err(fail)?;
        tx.execute(
            "DELETE FROM answers WHERE server = ?1 AND range_from >= ?2 AND range_to <= ?3",
            params![server_id, from, to],
        )
        .map_err(fail)?;
        if answer.covered.is_none() {
            // Rows that may be cut replaced covered ones: what overlaps is covered no more.
            tx.execute(
                "UPDATE answers SET covered_to = CASE WHEN range_from >= ?2 THEN NULL \
                 ELSE min(covered_to, ?2 - 1) END \
                 WHERE server = ?1 AND covered_to >= ?2 AND range_from <= ?3",
                params![server_id, from, to],
            )
            .map_err(fail)?;
        }
        tx.execute(
            "INSERT INTO answers (server, range_from, range_to, asked_at, covered_to, rows) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                server_id,
                from,
                to,
                answer.asked_at.seconds().unwrap_or(0),
                answer.covered.map(|c| c.to_secs()),
                report.len() as i64
            ],
        )
        .map_err(fail)?;
        let answer_id = tx.last_insert_rowid();
        {
            let mut insert = tx.prepare_cached(&insert_row_sql()).map_err(fail)?;
            for (pos, call) in report.calls().iter().enumerate() {
                let v = RowValues::of(report, call, &ids);
                let p = &v.pooled;
                insert
                    .execute(params![
                        server_id,
                        v.started,
                        answer_id,
                        pos as i64,
                        v.conn_id,
                        v.ani,
                        v.customer_id,
                        v.end_date_rp,
                        p[0],
                        p[1],
                        p[2],
                        p[3],
                        p[4],
                        p[5],
                        p[6],
                        p[7],
                        p[8],
                        p[9],
                        p[10],
                        p[11],
                        p[12],
                        v.secs[0],
                        v.secs[1],
                        v.secs[2],
                        v.secs[3],
                        v.transferred,
                        v.unreadable,
                    ])
                    .map_err(fail)?;
            }
        }
        tx.commit().map_err(fail)?;
        self.string_ids.extend(learnt);
        Ok(())
    }

    fn coverage(&self, server: ServerName) -> Result<Vec<TimeRange>, StoreError> {
        let Some(id) = self.server_id(server)? else {
            return Ok(Vec::new());
        };
        let read = || -> rusqlite::Result<Vec<TimeRange>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT range_from, covered_to FROM answers \
                 WHERE server = ?1 AND covered_to IS NOT NULL",
            )?;
            let rows = stmt.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
            let mut out = Vec::new();
            for row in rows {
                let (a, b) = row?;
                out.extend(TimeRange::from_seconds(a, b));
            }
            Ok(out)
        };
        Ok(super::merge(read().map_err(|e| self.err(e))?))
    }

    fn load(&self, server: ServerName, ranges: &[TimeRange]) -> Result<Report, StoreError> {
        let mut report = Report::new();
        let Some(id) = self.server_id(server)? else {
            return Ok(report);
        };
        let strings = self.all_strings()?;
        let mut reader = RowReader::new(&strings);
        // The answers' row counts say how many calls to expect, so the report grows once.
        let expected: i64 = {
            let mut sum = 0i64;
            for r in ranges {
                sum += self
                    .conn
                    .prepare_cached(
                        "SELECT coalesce(sum(rows), 0) FROM answers WHERE server = ?1 \
                         AND range_to >= ?2 AND range_from <= ?3",
                    )
                    .and_then(|mut s| {
                        s.query_row(params![id, r.from_secs(), r.to_secs()], |row| {
                            row.get::<_, i64>(0)
                        })
                    })
                    .map_err(|e| self.err(e))?;
            }
            sum
        };
        report.reserve(usize::try_from(expected).unwrap_or(0).min(4_000_000));
        let mut undo = report.begin();
        let read = |report: &mut Report,
                    undo: &mut crate::report::calls::Undo,
                    reader: &mut RowReader<'_>|
         -> rusqlite::Result<()> {
            let mut dated = self.conn.prepare_cached(&format!(
                "SELECT {READ_COLUMNS} FROM call_rows WHERE server = ?1 AND started BETWEEN ?2 AND ?3 \
                 ORDER BY started, answer, pos"
            ))?;
            let mut undated = self.conn.prepare_cached(&format!(
                "SELECT {READ_COLUMNS} FROM call_rows WHERE server = ?1 AND started IN (?4, ?5) AND answer IN \
                 (SELECT id FROM answers WHERE server = ?1 AND range_from >= ?2 \
                 AND range_to <= ?3) ORDER BY answer, pos"
            ))?;
            for r in super::merge(ranges.to_vec()) {
                let (a, b) = (r.from_secs(), r.to_secs());
                let mut rows = dated.query(params![id, a, b])?;
                while let Some(row) = rows.next()? {
                    let call = reader.call(report, &stored_row(row)?);
                    report.commit(call, undo);
                }
                let mut rows = undated.query(params![id, a, b, NO_DATE, UNREADABLE_DATE])?;
                while let Some(row) = rows.next()? {
                    let call = reader.call(report, &stored_row(row)?);
                    report.commit(call, undo);
                }
            }
            Ok(())
        };
        read(&mut report, &mut undo, &mut reader).map_err(|e| self.err(e))?;
        Ok(report)
    }

    fn servers(&self) -> Result<Vec<ServerInfo>, StoreError> {
        let read = || -> rusqlite::Result<Vec<(i64, String, u64)>> {
            let mut stmt = self.conn.prepare(
                "SELECT s.id, s.number, (SELECT count(*) FROM call_rows r WHERE r.server = s.id) \
                 FROM servers s ORDER BY s.number",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)?.max(0) as u64))
            })?;
            rows.collect()
        };
        let mut out = Vec::new();
        for (_, number, calls) in read().map_err(|e| self.err(e))? {
            let Ok(server) = ServerName::parse(&number) else {
                continue;
            };
            let covered = self.coverage(server)?;
            if calls > 0 || !covered.is_empty() {
                out.push(ServerInfo {
                    server: number,
                    calls,
                    covered,
                });
            }
        }
        Ok(out)
    }

    fn delete(
        &mut self,
        server: Option<ServerName>,
        before: Option<Stamp>,
    ) -> Result<u64, StoreError> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| classify(&path, e);
        let ids: Vec<i64> = match server {
            Some(s) => self.server_id(s)?.into_iter().collect(),
            None => {
                let mut stmt = self.conn.prepare("SELECT id FROM servers").map_err(fail)?;
                let rows = stmt.query_map([], |r| r.get(0)).map_err(fail)?;
                rows.collect::<rusqlite::Result<_>>().map_err(fail)?
            }
        };
        if ids.is_empty() {
            return Ok(0);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let mut gone = 0u64;
        for id in ids {
            match before.and_then(Stamp::seconds) {
                None => {
                    gone += tx
                        .execute("DELETE FROM call_rows WHERE server = ?1", [id])
                        .map_err(fail)? as u64;
                    tx.execute("DELETE FROM answers WHERE server = ?1", [id])
                        .map_err(fail)?;
                    tx.execute("DELETE FROM last_load WHERE server = ?1", [id])
                        .map_err(fail)?;
                }
                Some(cut) => {
                    gone += tx
                        .execute(
                            "DELETE FROM call_rows WHERE server = ?1 AND started > ?3 \
                             AND started < ?2",
                            params![id, cut, UNREADABLE_DATE],
                        )
                        .map_err(fail)? as u64;
                    gone += tx
                        .execute(
                            "DELETE FROM call_rows WHERE server = ?1 AND started IN (?3, ?4) \
                             AND answer IN (SELECT id FROM answers WHERE server = ?1 \
                             AND range_to < ?2)",
                            params![id, cut, NO_DATE, UNREADABLE_DATE],
                        )
                        .map_err(fail)? as u64;
                    tx.execute(
                        "DELETE FROM answers WHERE server = ?1 AND range_to < ?2",
                        params![id, cut],
                    )
                    .map_err(fail)?;
                    tx.execute(
                        "UPDATE answers SET range_from = ?2, covered_to = CASE \
                         WHEN covered_to < ?2 THEN NULL ELSE covered_to END \
                         WHERE server = ?1 AND range_from < ?2",
                        params![id, cut],
                    )
                    .map_err(fail)?;
                }
            }
        }
        tx.commit().map_err(fail)?;
        Ok(gone)
    }

    fn set_last_load(&mut self, server: ServerName, range: TimeRange) -> Result<(), StoreError> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let server_id = server_row(&tx, server).map_err(fail)?;
        tx.execute(
            "INSERT INTO last_load (id, server, range_from, range_to) VALUES (1, ?1, ?2, ?3) \
             ON CONFLICT (id) DO UPDATE SET server = excluded.server, \
             range_from = excluded.range_from, range_to = excluded.range_to",
            params![server_id, range.from_secs(), range.to_secs()],
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)
    }

    fn last_load(&self) -> Result<Option<(ServerName, TimeRange)>, StoreError> {
        let row: Option<(String, i64, i64)> = self
            .conn
            .query_row(
                "SELECT s.number, l.range_from, l.range_to FROM last_load l \
                 JOIN servers s ON s.id = l.server WHERE l.id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(row.and_then(|(number, a, b)| {
            Some((
                ServerName::parse(&number).ok()?,
                TimeRange::from_seconds(a, b)?,
            ))
        }))
    }

    fn retention_months(&self) -> Result<Option<u32>, StoreError> {
        let value: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [RETENTION_KEY],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        // A value this version cannot read counts as unset, not as "keep nothing".
        Ok(value.and_then(|v| v.trim().parse().ok()))
    }

    fn set_retention_months(&mut self, months: u32) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![RETENTION_KEY, months.to_string()],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fake::{GeneratorConfig, calls_between, response_body};

    fn day() -> TimeRange {
        let a = Stamp::from_parts(2026, 11, 2, 0, 0, 0).unwrap();
        let b = Stamp::from_parts(2026, 11, 2, 23, 59, 59).unwrap();
        TimeRange::new(a, b).unwrap()
    }

    fn answer_report(r: TimeRange) -> Report {
        let cfg = GeneratorConfig {
            seed: 4,
            calls_per_day: 2000.0,
        };
        let mut rep = Report::new();
        rep.ingest(&response_body(
            &calls_between(&cfg, r.from_secs(), r.to_secs()),
            false,
        ))
        .unwrap();
        rep
    }

    fn write(store: &mut SqliteStore, r: TimeRange, report: &Report) -> Result<(), StoreError> {
        store.write_answer(
            ServerName::parse("0002").unwrap(),
            &Answer {
                range: r,
                asked_at: Stamp::from_parts(2027, 1, 1, 0, 0, 0).unwrap(),
                covered: Some(r),
                report,
            },
        )
    }

    #[test]
    fn a_full_disk_is_a_typed_error_and_loses_nothing_stored() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path().join("h.sqlite3")).unwrap();
        let small = TimeRange::new(
            day().from(),
            Stamp::from_parts(2026, 11, 2, 9, 0, 0).unwrap(),
        )
        .unwrap();
        write(&mut store, small, &answer_report(small)).unwrap();
        let before = store
            .load(ServerName::parse("0002").unwrap(), &[day()])
            .unwrap();
        // The database may not grow past its current size: the next write meets a full disk.
        let pages: i64 = store
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        store
            .conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
            .unwrap();
        let err = write(&mut store, day(), &answer_report(day())).unwrap_err();
        assert!(matches!(err, StoreError::Full { .. }), "{err:?}");
        assert!(err.message(crate::i18n::Lang::Es).contains("lleno"));
        let after = store
            .load(ServerName::parse("0002").unwrap(), &[day()])
            .unwrap();
        assert_eq!(after.describe_calls(), before.describe_calls());
        assert_eq!(
            store.coverage(ServerName::parse("0002").unwrap()).unwrap(),
            vec![small]
        );
    }

    #[test]
    fn files_that_are_not_a_current_store_are_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite3");
        let check = |bytes: &[u8], want: fn(&StoreError) -> bool| {
            std::fs::write(&path, bytes).unwrap();
            let err = SqliteStore::open(path.clone()).err().expect("refused");
            assert!(want(&err), "{err:?}");
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file was changed");
        };
        check(b"just some text, not a database at all", |e| {
            matches!(e, StoreError::Damaged { .. })
        });
        check(b"SQLite format 3\0short", |e| {
            matches!(e, StoreError::Truncated { .. })
        });
        // Another program's database.
        let other = dir.path().join("other.sqlite3");
        {
            let c = Connection::open(&other).unwrap();
            c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
                .unwrap();
        }
        let bytes = std::fs::read(&other).unwrap();
        check(&bytes, |e| matches!(e, StoreError::NotOurs { .. }));
        // A store of a newer format.
        let newer = dir.path().join("newer.sqlite3");
        drop(SqliteStore::open(newer.clone()).unwrap());
        {
            let c = Connection::open(&newer).unwrap();
            c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
                .unwrap();
        }
        let bytes = std::fs::read(&newer).unwrap();
        check(
            &bytes,
            |e| matches!(e, StoreError::Newer { found, .. } if *found == SCHEMA_VERSION + 1),
        );
    }

    #[test]
    fn the_store_and_its_folder_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/h.sqlite3");
        drop(SqliteStore::open(path.clone()).unwrap());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dir.path().join("a/b")), 0o700);
            assert_eq!(mode(&path), 0o600);
        }
        // Opening again changes nothing and migrates nothing.
        let again = SqliteStore::open(path).unwrap();
        assert_eq!(again.header().unwrap().1, SCHEMA_VERSION);
    }
}

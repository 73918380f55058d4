//! Where a shared history lives: a PostgreSQL database named by a URL
//! (`postgres://user@host:port/db`), never with a password in it, and how its
//! password and TLS mode are found when the URL does not say (PostgreSQL's own
//! `PGPASSWORD`, `~/.pgpass`, `PGSSLMODE`).

use std::path::PathBuf;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, fill};

/// The environment variable naming the shared store for the command line.
pub const STORE_URL_ENV: &str = "WOLKVOX_IVR_STORE_URL";

/// The schema the app keeps its tables in unless the URL names another (`?schema=`).
pub const DEFAULT_SCHEMA: &str = "wolkvox_ivr";

/// PostgreSQL's port unless the URL names another.
pub const DEFAULT_PORT: u16 = 5432;

/// How the connection is protected, named as PostgreSQL's `sslmode` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TlsMode {
    /// No TLS: only sensible on this computer or a private network.
    Disable,
    /// TLS when the server offers it, certificate not checked; plain otherwise.
    Prefer,
    /// TLS always, certificate not checked (protects from listeners, not from
    /// impostors).
    Require,
    /// TLS always, the certificate checked against this system's certificates and the
    /// host name.
    VerifyFull,
}

impl TlsMode {
    /// Every mode, in the order the window lists them.
    pub const ALL: [TlsMode; 4] = [
        TlsMode::VerifyFull,
        TlsMode::Require,
        TlsMode::Prefer,
        TlsMode::Disable,
    ];

    /// The `sslmode` word.
    pub fn as_str(self) -> &'static str {
        match self {
            TlsMode::Disable => "disable",
            TlsMode::Prefer => "prefer",
            TlsMode::Require => "require",
            TlsMode::VerifyFull => "verify-full",
        }
    }

    /// The mode an `sslmode` word names; `allow` is read as `prefer` and `verify-ca` as
    /// `verify-full` (the stricter of each pair).
    pub fn parse(word: &str) -> Option<TlsMode> {
        match word.trim().to_ascii_lowercase().as_str() {
            "disable" => Some(TlsMode::Disable),
            "allow" | "prefer" => Some(TlsMode::Prefer),
            "require" => Some(TlsMode::Require),
            "verify-ca" | "verify-full" => Some(TlsMode::VerifyFull),
            _ => None,
        }
    }

    /// The default for `host`: `prefer` on this computer, `verify-full` anywhere else.
    pub fn default_for(host: &str) -> TlsMode {
        if is_loopback(host) {
            TlsMode::Prefer
        } else {
            TlsMode::VerifyFull
        }
    }
}

/// Whether `host` names this computer.
pub fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost")
        || h.parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Why a store URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// It does not start with `postgres://` or `postgresql://`.
    #[error("not a postgres:// address")]
    NotPostgres,
    /// It holds a password, which would end up in shell histories and process lists.
    #[error("the address holds a password")]
    HasPassword,
    /// Something in it could not be read.
    #[error("unreadable address: {0}")]
    Malformed(String),
}

impl TargetError {
    /// The message for the user.
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.texts();
        match self {
            TargetError::NotPostgres => t.pg_url_not_postgres.to_string(),
            TargetError::HasPassword => t.pg_url_has_password.to_string(),
            TargetError::Malformed(detail) => fill(t.pg_url_malformed, &[("detail", detail)]),
        }
    }
}

/// A shared store's database: everything needed to connect but the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PgTarget {
    /// Host name or address.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Database name.
    pub database: String,
    /// Role (user) name.
    pub user: String,
    /// How the connection is protected.
    pub tls: TlsMode,
    /// The schema holding the app's tables.
    #[serde(default = "default_schema")]
    pub schema: String,
}

fn default_schema() -> String {
    DEFAULT_SCHEMA.to_string()
}

impl PgTarget {
    /// Reads `postgres://user@host:port/db[?sslmode=…&schema=…]`. The user may be left
    /// out when `PGUSER` names one, the port (5432) and the database (the user's name)
    /// too; the TLS mode comes from `sslmode`, else `PGSSLMODE`, else
    /// [`TlsMode::default_for`] the host. A password in it is refused.
    pub fn parse(url: &str) -> Result<PgTarget, TargetError> {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        PgTarget::parse_with(url, &env)
    }

    /// [`PgTarget::parse`] with the environment given (tests).
    pub fn parse_with(
        url: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<PgTarget, TargetError> {
        let url = url.trim();
        let rest = ["postgres://", "postgresql://"]
            .iter()
            .find_map(|p| {
                url.get(..p.len())
                    .filter(|head| head.eq_ignore_ascii_case(p))
                    .map(|_| &url[p.len()..])
            })
            .ok_or(TargetError::NotPostgres)?;
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        if userinfo.is_some_and(|u| u.contains(':')) {
            return Err(TargetError::HasPassword);
        }
        let malformed = |what: &str| TargetError::Malformed(what.to_string());
        let (host, port) = split_host_port(hostport).ok_or_else(|| malformed(hostport))?;
        let mut tls = None;
        let mut schema = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = decode(v).ok_or_else(|| malformed(pair))?;
            match k {
                "sslmode" => tls = Some(TlsMode::parse(&v).ok_or_else(|| malformed(pair))?),
                "schema" => schema = Some(v),
                "password" => return Err(TargetError::HasPassword),
                _ => return Err(malformed(pair)),
            }
        }
        let user = match userinfo {
            Some(u) => decode(u).ok_or_else(|| malformed(u))?,
            None => env("PGUSER").unwrap_or_default(),
        };
        if user.is_empty() {
            return Err(malformed("no user (postgres://USER@host/database)"));
        }
        let host = decode(host).ok_or_else(|| malformed(host))?;
        let host = if host.is_empty() {
            "localhost".to_string()
        } else {
            host
        };
        let database = match decode(path).ok_or_else(|| malformed(path))? {
            d if d.is_empty() => user.clone(),
            d => d,
        };
        let schema = schema.unwrap_or_else(default_schema);
        if !valid_name(&schema) {
            return Err(malformed(&schema));
        }
        let tls = tls
            .or_else(|| env("PGSSLMODE").and_then(|m| TlsMode::parse(&m)))
            .unwrap_or_else(|| TlsMode::default_for(&host));
        Ok(PgTarget {
            host,
            port: port.unwrap_or(DEFAULT_PORT),
            database,
            user,
            tls,
            schema,
        })
    }

    /// The URL again (no password, ever), with the TLS mode spelt out.
    pub fn url(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        let mut url = format!(
            "postgres://{}@{host}:{}/{}?sslmode={}",
            encode(&self.user),
            self.port,
            encode(&self.database),
            self.tls.as_str()
        );
        if self.schema != DEFAULT_SCHEMA {
            url.push_str("&schema=");
            url.push_str(&encode(&self.schema));
        }
        url
    }

    /// How messages name it: "database wolkvox on db.example.com:5432".
    pub fn place(&self) -> String {
        format!(
            "{}@{}:{}/{}",
            self.user, self.host, self.port, self.database
        )
    }

    /// The keychain entry of its password.
    pub fn keychain_user(&self) -> String {
        format!("pg:{}", self.place())
    }

    /// The password from PostgreSQL's own conventions: `PGPASSWORD`, else the first
    /// matching line of the password file (`PGPASSFILE`, else `~/.pgpass`; on Windows
    /// `%APPDATA%\postgresql\pgpass.conf`).
    pub fn conventional_password(&self) -> Option<SecretString> {
        if let Some(pw) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
            return Some(SecretString::from(pw));
        }
        let file = pgpass_path()?;
        let text = read_private(&file)?;
        pgpass_lookup(&text, self).map(SecretString::from)
    }
}

/// `host[:port]`, `[v6][:port]`; `None` when the port is not a number.
fn split_host_port(s: &str) -> Option<(&str, Option<u16>)> {
    if let Some(inner) = s.strip_prefix('[') {
        let (host, after) = inner.split_once(']')?;
        return match after.strip_prefix(':') {
            Some(p) => Some((host, Some(p.parse().ok()?))),
            None if after.is_empty() => Some((host, None)),
            None => None,
        };
    }
    match s.rsplit_once(':') {
        Some((h, p)) => Some((h, Some(p.parse().ok()?))),
        None => Some((s, None)),
    }
}

/// Whether `name` can be a schema name without quoting trouble: letters, digits and
/// `_`, not starting with a digit, at most 63 bytes (PostgreSQL's limit).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

/// Percent-decoding; `None` for a broken escape or text that is not UTF-8.
fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn pgpass_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PGPASSFILE").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if cfg!(windows) {
        return std::env::var_os("APPDATA")
            .map(|d| PathBuf::from(d).join("postgresql").join("pgpass.conf"));
    }
    directories::BaseDirs::new().map(|d| d.home_dir().join(".pgpass"))
}

/// The file's text, only when no one else may read it (PostgreSQL ignores a password
/// file others can read, and so does this program).
fn read_private(path: &std::path::Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path).ok()?;
        if meta.permissions().mode() & 0o077 != 0 {
            tracing::warn!("password file ignored: others can read it");
            return None;
        }
    }
    std::fs::read_to_string(path).ok()
}

/// The password of the first line `host:port:database:user:password` matching
/// `target` (`*` matches anything; `\:` and `\\` stand for `:` and `\`).
pub fn pgpass_lookup(text: &str, target: &PgTarget) -> Option<String> {
    for line in text.lines() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let mut fields = Vec::with_capacity(5);
        let mut cur = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => cur.extend(chars.next()),
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut cur)),
                c => cur.push(c),
            }
        }
        fields.push(cur);
        let [host, port, db, user, password] = fields.as_slice() else {
            continue;
        };
        let port_text = target.port.to_string();
        let host_matches = host == "*"
            || host == &target.host
            || (host == "localhost" && is_loopback(&target.host));
        let matches = |pattern: &str, value: &str| pattern == "*" || pattern == value;
        if host_matches
            && matches(port, &port_text)
            && matches(db, &target.database)
            && matches(user, &target.user)
        {
            return Some(password.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn parse(url: &str) -> Result<PgTarget, TargetError> {
        PgTarget::parse_with(url, &no_env)
    }

    #[test]
    fn an_address_names_host_port_database_user_and_tls() {
        let t = parse("postgres://ivr@db.example.com:6543/history").unwrap();
        assert_eq!(
            (
                t.host.as_str(),
                t.port,
                t.database.as_str(),
                t.user.as_str()
            ),
            ("db.example.com", 6543, "history", "ivr")
        );
        assert_eq!(t.tls, TlsMode::VerifyFull, "any host but loopback");
        assert_eq!(t.schema, DEFAULT_SCHEMA);
        let local = parse("postgresql://ivr@127.0.0.1/history").unwrap();
        assert_eq!((local.port, local.tls), (5432, TlsMode::Prefer));
        let v6 = parse("postgres://ivr@[::1]:5433/h?sslmode=require&schema=team_a").unwrap();
        assert_eq!((v6.host.as_str(), v6.port), ("::1", 5433));
        assert_eq!((v6.tls, v6.schema.as_str()), (TlsMode::Require, "team_a"));
        assert_eq!(
            v6.url(),
            "postgres://ivr@[::1]:5433/h?sslmode=require&schema=team_a"
        );
        // The database defaults to the user's name; odd names travel encoded.
        let t = parse("postgres://Jos%C3%A9%20P@localhost").unwrap();
        assert_eq!((t.user.as_str(), t.database.as_str()), ("José P", "José P"));
        assert_eq!(parse(&t.url()).unwrap(), t);
    }

    #[test]
    fn a_password_in_the_address_is_refused() {
        for url in [
            "postgres://ivr:secret@db/history",
            "postgres://ivr:@db/history",
            "postgres://ivr@db/history?password=secret",
        ] {
            let e = parse(url).unwrap_err();
            assert_eq!(e, TargetError::HasPassword, "{url}");
            assert!(!e.message(Lang::En).contains("secret"));
            assert!(e.message(Lang::Es).contains("contraseña"));
        }
    }

    #[test]
    fn other_addresses_say_what_is_wrong() {
        assert_eq!(
            parse("mysql://a@b/c").unwrap_err(),
            TargetError::NotPostgres
        );
        assert!(matches!(
            parse("postgres://a@b:port/c"),
            Err(TargetError::Malformed(_))
        ));
        assert!(matches!(
            parse("postgres://a@b/c?sslmode=sometimes"),
            Err(TargetError::Malformed(_))
        ));
        assert!(matches!(
            parse("postgres://a@b/c?schema=x;drop"),
            Err(TargetError::Malformed(_))
        ));
        assert!(matches!(
            parse("postgres://db/c"),
            Err(TargetError::Malformed(_))
        ));
        // PostgreSQL's own variables fill what the address leaves out.
        let env = |k: &str| match k {
            "PGUSER" => Some("from_env".to_string()),
            "PGSSLMODE" => Some("disable".to_string()),
            _ => None,
        };
        let t = PgTarget::parse_with("postgres://db.example.com/h", &env).unwrap();
        assert_eq!((t.user.as_str(), t.tls), ("from_env", TlsMode::Disable));
        let t =
            PgTarget::parse_with("postgres://u@db.example.com/h?sslmode=require", &env).unwrap();
        assert_eq!(t.tls, TlsMode::Require, "the address wins");
    }

    #[test]
    fn the_password_file_is_read_as_postgresql_reads_it() {
        let t = parse("postgres://ivr@db.example.com:5432/history").unwrap();
        let file = "# comment\n\
                    other:5432:history:ivr:wrong-host\n\
                    db.example.com:5432:history:someone:wrong-user\n\
                    db.example.com:*:history:ivr:pa\\:ss\\\\word\n\
                    *:*:*:*:fallback\n";
        assert_eq!(pgpass_lookup(file, &t).as_deref(), Some("pa:ss\\word"));
        let other = parse("postgres://x@elsewhere/y").unwrap();
        assert_eq!(pgpass_lookup(file, &other).as_deref(), Some("fallback"));
        let local = parse("postgres://ivr@127.0.0.1/history").unwrap();
        assert_eq!(
            pgpass_lookup("localhost:5432:history:ivr:local\n", &local).as_deref(),
            Some("local")
        );
        assert_eq!(pgpass_lookup("a:b:c\n", &t), None);
    }
}

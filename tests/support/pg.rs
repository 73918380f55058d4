//! The PostgreSQL server the tests use: `WOLKVOX_IVR_TEST_PG_URL`
//! (`postgres://user:password@127.0.0.1:port/db`, a throwaway cluster such as the one
//! `.ci/postgres` starts). Without it the PostgreSQL cases skip with a line saying so;
//! `WOLKVOX_IVR_REQUIRE_POSTGRES=1` (set by `.ci/run`) turns that skip into a failure.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use secrecy::SecretString;
use wolkvox_ivr::store::{PgTarget, Store, StoreError};

/// The variable naming the test server.
pub const URL_ENV: &str = "WOLKVOX_IVR_TEST_PG_URL";
/// The variable that makes a missing server a failure.
pub const REQUIRE_ENV: &str = "WOLKVOX_IVR_REQUIRE_POSTGRES";

/// The test server: its address without the password, and the password.
#[derive(Debug, Clone)]
pub struct TestServer {
    /// `postgres://user@host:port/db` (no password).
    pub url: String,
    /// The password, given to the store as the keychain would.
    pub password: String,
}

/// The test server, or `None` after saying on stderr (uncaptured) that the PostgreSQL
/// cases are skipped. Panics when the server is required.
pub fn server() -> Option<TestServer> {
    static SERVER: OnceLock<Option<TestServer>> = OnceLock::new();
    let found = SERVER.get_or_init(|| {
        let url = std::env::var(URL_ENV).ok().filter(|u| !u.is_empty())?;
        let (head, rest) = url.split_once("://")?;
        let (userinfo, hostpart) = rest.rsplit_once('@')?;
        let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
        Some(TestServer {
            url: format!("{head}://{user}@{hostpart}"),
            password: password.to_string(),
        })
    });
    if found.is_none() {
        assert!(
            std::env::var_os(REQUIRE_ENV).is_none(),
            "{REQUIRE_ENV} is set but {URL_ENV} names no PostgreSQL server"
        );
        // Written to stderr itself, not through the test harness's capture, so a plain
        // `cargo test` shows it.
        let _ = writeln!(
            std::io::stderr(),
            "skipped: PostgreSQL cases ({URL_ENV} not set; .ci/postgres starts a server)"
        );
    }
    found.clone()
}

/// A schema name of its own for the test folder `dir`: the same folder, the same
/// schema, so opening again finds what was stored.
pub fn schema_for(dir: &Path) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in dir.as_os_str().as_encoded_bytes() {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("t_{h:016x}")
}

/// The target of the test server in `dir`'s schema.
pub fn target(server: &TestServer, dir: &Path) -> PgTarget {
    let mut t = PgTarget::parse(&server.url).expect("test server address");
    t.schema = schema_for(dir);
    t
}

/// Opens the shared store of `dir`'s schema on the test server.
pub fn open(server: &TestServer, dir: &Path) -> Result<Store, StoreError> {
    Store::open_postgres(
        target(server, dir),
        Some(SecretString::from(server.password.clone())),
    )
}

//! The API token in the operating system's keychain (Windows Credential Manager, macOS
//! Keychain, Linux Secret Service), one entry per server, and the password of a shared
//! history's database, one entry per database. Never in a file: where no
//! keychain is available the token lives in memory for the session only.

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};
use secrecy::{ExposeSecret, SecretString};

use crate::i18n::{Lang, fill};
use crate::wolkvox::ServerName;

/// The service name under which tokens are stored.
pub const SERVICE: &str = "wolkvox-ivr";

/// The keychain user name of `server`'s token, `wv` and the server's digits (`wv0002`).
///
/// What each system shows for it: Windows' Credential Manager a generic credential
/// named [`windows_target`] (`wv0002.wolkvox-ivr`) with user name `wv0002`; macOS'
/// Keychain Access a password item "wolkvox-ivr" for account `wv0002` in the login
/// keychain; Linux's Secret Service an item with `service` `wolkvox-ivr` and `username`
/// `wv0002` in the default collection.
pub fn entry_user(server: ServerName) -> String {
    format!("wv{}", server.digits())
}

/// The name Windows' Credential Manager lists `server`'s token under: user, `.`, service.
pub fn windows_target(server: ServerName) -> String {
    format!(
        "{}{}{}{}{}",
        WINDOWS_TARGET_PARTS[0],
        entry_user(server),
        WINDOWS_TARGET_PARTS[1],
        SERVICE,
        WINDOWS_TARGET_PARTS[2]
    )
}

/// The Windows store's prefix, divider and suffix around user and service. Given
/// explicitly rather than taken as the store crate's defaults (its documentation and its
/// code disagree on them), so that a newer store crate cannot move saved tokens.
const WINDOWS_TARGET_PARTS: [&str; 3] = ["", ".", ""];

/// Why the keychain could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    /// This computer has no usable keychain (a Linux session without Secret Service).
    #[error("no keychain: {0}")]
    Unavailable(String),
    /// The keychain refused or failed the operation.
    #[error("keychain failure: {0}")]
    Failed(String),
}

impl KeychainError {
    /// The message for the user.
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.texts();
        match self {
            KeychainError::Unavailable(_) => t.keychain_unavailable.to_string(),
            KeychainError::Failed(detail) => fill(t.keychain_failed, &[("detail", detail)]),
        }
    }
}

fn describe(e: &keyring_core::Error) -> String {
    // The error texts of keyring-core never include the secret itself.
    e.to_string()
}

/// Access to the stored tokens.
#[derive(Clone)]
pub struct Keychain {
    store: Result<Arc<CredentialStore>, String>,
}

impl std::fmt::Debug for Keychain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keychain")
            .field("available", &self.store.is_ok())
            .finish()
    }
}

impl Keychain {
    /// The platform's keychain. Creating it may talk to a system service (D-Bus on
    /// Linux), so call it off the window's first frame.
    pub fn platform() -> Keychain {
        Keychain {
            store: platform_store(),
        }
    }

    /// A keychain over a given store (tests use keyring-core's mock store).
    pub fn with_store(store: Arc<CredentialStore>) -> Keychain {
        Keychain { store: Ok(store) }
    }

    /// A keychain that is not there, with the reason.
    pub fn unavailable(reason: &str) -> Keychain {
        Keychain {
            store: Err(reason.to_string()),
        }
    }

    /// Whether tokens can be stored.
    pub fn is_available(&self) -> bool {
        self.store.is_ok()
    }

    fn entry(&self, server: ServerName) -> Result<Entry, KeychainError> {
        self.entry_named(&entry_user(server))
    }

    fn entry_named(&self, user: &str) -> Result<Entry, KeychainError> {
        let store = self
            .store
            .as_ref()
            .map_err(|why| KeychainError::Unavailable(why.clone()))?;
        Entry::new_in_store(store, SERVICE, user).map_err(|e| KeychainError::Failed(describe(&e)))
    }

    /// Stores (or replaces) the password of a shared history's database, under
    /// `pg:user@host:port/db` ([`crate::store::PgTarget::keychain_user`]).
    pub fn save_database_password(
        &self,
        target: &crate::store::PgTarget,
        password: &SecretString,
    ) -> Result<(), KeychainError> {
        self.entry_named(&target.keychain_user())?
            .set_password(password.expose_secret())
            .map_err(|e| map_error(&e))
    }

    /// The password of a shared history's database, if one is stored.
    pub fn load_database_password(
        &self,
        target: &crate::store::PgTarget,
    ) -> Result<Option<SecretString>, KeychainError> {
        match self.entry_named(&target.keychain_user())?.get_password() {
            Ok(p) => Ok(Some(SecretString::from(p))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(&e)),
        }
    }

    /// Deletes the password of a shared history's database; none stored is fine.
    pub fn forget_database_password(
        &self,
        target: &crate::store::PgTarget,
    ) -> Result<(), KeychainError> {
        match self
            .entry_named(&target.keychain_user())?
            .delete_credential()
        {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(&e)),
        }
    }

    /// Stores (or replaces) the token of `server`.
    pub fn save(&self, server: ServerName, token: &SecretString) -> Result<(), KeychainError> {
        self.entry(server)?
            .set_password(token.expose_secret().trim())
            .map_err(|e| map_error(&e))
    }

    /// The token of `server`, if one is stored.
    pub fn load(&self, server: ServerName) -> Result<Option<SecretString>, KeychainError> {
        match self.entry(server)?.get_password() {
            Ok(p) => Ok(Some(SecretString::from(p))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(&e)),
        }
    }

    /// Deletes the token of `server`; forgetting a token that is not there is fine.
    pub fn forget(&self, server: ServerName) -> Result<(), KeychainError> {
        match self.entry(server)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(&e)),
        }
    }
}

fn map_error(e: &keyring_core::Error) -> KeychainError {
    match e {
        keyring_core::Error::NoStorageAccess(_) => KeychainError::Unavailable(describe(e)),
        _ => KeychainError::Failed(describe(e)),
    }
}

#[cfg(target_os = "linux")]
fn platform_store() -> Result<Arc<CredentialStore>, String> {
    zbus_secret_service_keyring_store::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| describe(&e))
}

#[cfg(target_os = "windows")]
fn platform_store() -> Result<Arc<CredentialStore>, String> {
    let [prefix, divider, suffix] = WINDOWS_TARGET_PARTS;
    let config = std::collections::HashMap::from([
        ("prefix", prefix),
        ("divider", divider),
        ("suffix", suffix),
    ]);
    windows_native_keyring_store::Store::new_with_configuration(&config)
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| describe(&e))
}

#[cfg(target_os = "macos")]
fn platform_store() -> Result<Arc<CredentialStore>, String> {
    apple_native_keyring_store::keychain::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| describe(&e))
}

#[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
fn platform_store() -> Result<Arc<CredentialStore>, String> {
    Err("no keychain on this system".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mock() -> Keychain {
        Keychain::with_store(keyring_core::mock::Store::new().unwrap())
    }

    fn server(s: &str) -> ServerName {
        ServerName::parse(s).unwrap()
    }

    #[test]
    fn save_read_replace_forget() {
        let k = mock();
        let a = server("0002");
        assert_eq!(
            k.load(a).unwrap().map(|s| s.expose_secret().to_string()),
            None
        );
        k.save(a, &SecretString::from("first-token")).unwrap();
        assert_eq!(k.load(a).unwrap().unwrap().expose_secret(), "first-token");
        k.save(a, &SecretString::from(" second-token\n")).unwrap();
        assert_eq!(k.load(a).unwrap().unwrap().expose_secret(), "second-token");
        // One entry per server.
        assert!(k.load(server("0010")).unwrap().is_none());
        k.forget(a).unwrap();
        assert!(k.load(a).unwrap().is_none());
        k.forget(a).unwrap();
    }

    #[test]
    fn without_a_keychain_every_call_says_so_plainly() {
        let k = Keychain::unavailable("no Secret Service on the session bus");
        assert!(!k.is_available());
        let e = k
            .save(server("0002"), &SecretString::from("x"))
            .unwrap_err();
        assert!(matches!(e, KeychainError::Unavailable(_)));
        assert!(e.message(Lang::Es).contains("llavero"));
        assert!(k.load(server("0002")).is_err());
        assert!(k.forget(server("0002")).is_err());
    }

    #[test]
    fn entries_are_named_after_the_program_and_the_server() {
        assert_eq!(SERVICE, "wolkvox-ivr");
        assert_eq!(entry_user(server("0002")), "wv0002");
        assert_eq!(entry_user(server("wv0010.wolkvox.com")), "wv0010");
        assert_eq!(windows_target(server("0002")), "wv0002.wolkvox-ivr");
        // The mock store sees the same service and user as the system's store.
        let store: Arc<CredentialStore> = keyring_core::mock::Store::new().unwrap();
        let k = Keychain::with_store(store.clone());
        k.save(server("0002"), &SecretString::from("t0ken-0002"))
            .unwrap();
        let same = Entry::new_in_store(&store, "wolkvox-ivr", "wv0002").unwrap();
        assert_eq!(same.get_password().unwrap(), "t0ken-0002");
    }

    #[test]
    fn a_database_password_has_its_own_entry() {
        let k = mock();
        let t = crate::store::PgTarget::parse("postgres://ivr@db.example.com/h").unwrap();
        assert!(k.load_database_password(&t).unwrap().is_none());
        k.save_database_password(&t, &SecretString::from("db-pass"))
            .unwrap();
        k.save(server("0002"), &SecretString::from("tok")).unwrap();
        assert_eq!(
            k.load_database_password(&t)
                .unwrap()
                .unwrap()
                .expose_secret(),
            "db-pass"
        );
        assert_eq!(
            k.load(server("0002")).unwrap().unwrap().expose_secret(),
            "tok"
        );
        k.forget_database_password(&t).unwrap();
        assert!(k.load_database_password(&t).unwrap().is_none());
        k.forget_database_password(&t).unwrap();
    }

    #[test]
    fn the_debug_output_shows_no_token() {
        let k = mock();
        k.save(server("0002"), &SecretString::from("sup3r-s3cret"))
            .unwrap();
        let token = k.load(server("0002")).unwrap().unwrap();
        assert!(!format!("{k:?} {token:?}").contains("sup3r"));
    }
}

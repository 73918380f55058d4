//! The token through the real OS keychain: Secret Service on Linux, Credential Manager on
//! Windows, the login keychain on macOS. `.ci/run` runs the tests inside a D-Bus session
//! with an unlocked gnome-keyring, and the CI workflow on all three systems, with
//! `WOLKVOX_IVR_REQUIRE_KEYCHAIN=1`, so there this test cannot skip.

use secrecy::{ExposeSecret, SecretString};
use wolkvox_ivr::secrets::Keychain;
use wolkvox_ivr::wolkvox::ServerName;

#[test]
fn the_real_keychain_stores_reads_back_and_deletes_a_token() {
    let required = std::env::var_os("WOLKVOX_IVR_REQUIRE_KEYCHAIN").is_some();
    let keychain = Keychain::platform();
    if !keychain.is_available() {
        assert!(
            !required,
            "the OS keychain is required here but could not be opened"
        );
        eprintln!(
            "skipped: no OS keychain in this session (run inside `dbus-run-session` with \
             gnome-keyring unlocked, as .ci/run does)"
        );
        return;
    }
    let server = ServerName::parse("9997").unwrap();
    let token = SecretString::from("it-token-5f1c2b9e".to_string());
    if let Err(e) = keychain.save(server, &token) {
        assert!(!required, "the keychain refused to store: {e}");
        eprintln!("skipped: the keychain refused to store ({e})");
        return;
    }
    let back = keychain
        .load(server)
        .unwrap()
        .expect("the token just stored");
    assert_eq!(back.expose_secret(), "it-token-5f1c2b9e");
    #[cfg(windows)]
    credential_manager_lists_it_by_name(server, "it-token-5f1c2b9e");
    keychain
        .save(server, &SecretString::from("it-token-replaced".to_string()))
        .unwrap();
    assert_eq!(
        keychain.load(server).unwrap().unwrap().expose_secret(),
        "it-token-replaced"
    );
    keychain.forget(server).unwrap();
    assert!(keychain.load(server).unwrap().is_none());
}

/// The token is the generic credential a supervisor finds in Credential Manager under
/// `wv9997.wolkvox-ivr`, user name `wv9997`.
#[cfg(windows)]
fn credential_manager_lists_it_by_name(server: ServerName, token: &str) {
    use std::collections::HashMap;
    use std::sync::Arc;
    let store: Arc<keyring_core::CredentialStore> =
        windows_native_keyring_store::Store::new().unwrap();
    let target = wolkvox_ivr::secrets::windows_target(server);
    assert_eq!(target, "wv9997.wolkvox-ivr");
    let by_name = keyring_core::Entry::new_in_store_with_modifiers(
        &store,
        "by-target",
        "by-target",
        &HashMap::from([("target", target.as_str())]),
    )
    .unwrap();
    assert_eq!(by_name.get_password().unwrap(), token);
    let attributes = by_name.get_attributes().unwrap();
    assert_eq!(attributes["username"], "wv9997");
}

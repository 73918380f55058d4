//! The token through the real OS keychain (Secret Service on Linux). `.ci/run` runs the
//! tests inside a D-Bus session with an unlocked gnome-keyring and sets
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

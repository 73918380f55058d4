//! Server names: anything accepted leads to exactly `wvNNNN.wolkvox.com` for four ASCII
//! digits that were typed, and a pasted address is accepted only when its own host is
//! that one.

#![no_main]

use libfuzzer_sys::fuzz_target;
use wolkvox_ivr::wolkvox::ServerName;

/// The host a pasted `scheme://user@host:port/path` address leads to, lowercased and
/// without a trailing dot; `None` when the text is not such an address.
fn pasted_host(text: &str) -> Option<String> {
    let (scheme, rest) = text.trim().split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let authority = &rest[..rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len())];
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = &host_port[..host_port.find(':').unwrap_or(host_port.len())];
    let host = host.to_ascii_lowercase();
    Some(host.strip_suffix('.').unwrap_or(&host).to_string())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(name) = ServerName::parse(text) else {
        return;
    };
    let digits = name.digits();
    assert!(
        digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()),
        "{text:?} gave digits {digits:?}"
    );
    assert!(
        text.contains(digits),
        "{text:?} gave digits it does not hold"
    );
    let expected_host = format!("wv{digits}.wolkvox.com");
    let url = name.base_url();
    let host = url
        .strip_prefix("https://")
        .unwrap_or_else(|| panic!("{text:?} gave {url:?}, not https"));
    assert_eq!(host, expected_host, "{text:?}");
    assert!(
        !host.contains(['@', '/', '\\', ':', '?', '#'])
            && !host.contains("..")
            && host.bytes().all(|b| b.is_ascii_graphic()),
        "{text:?} gave host {host:?}"
    );
    if let Some(pasted) = pasted_host(text) {
        assert_eq!(pasted, expected_host, "{text:?} leads elsewhere");
    }
    // The canonical forms read back as the same server.
    assert_eq!(ServerName::parse(digits), Ok(name));
    assert_eq!(ServerName::parse(&url), Ok(name));
});

//! The operation's server: `0002` means `https://wv0002.wolkvox.com`.

use std::fmt;

use crate::i18n::{Lang, fill};

/// A valid server number: exactly four ASCII digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ServerName([u8; 4]);

/// Why a typed server name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a Wolkvox server name: {input:?}")]
pub struct ServerNameError {
    /// What the user typed (trimmed, cut to a sensible length for messages).
    pub input: String,
}

impl ServerNameError {
    /// The message for the user, with the expected form.
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.texts();
        if self.input.is_empty() {
            t.server_empty.to_string()
        } else {
            fill(t.server_invalid, &[("input", &self.input)])
        }
    }
}

impl ServerName {
    /// Reads what a user typed: `0002`, `wv0002`, or a pasted
    /// `https://wv0002.wolkvox.com/...` address; spaces around are ignored. Anything that
    /// could reach another host is refused.
    pub fn parse(input: &str) -> Result<ServerName, ServerNameError> {
        let trimmed = input.trim();
        let refuse = || ServerNameError {
            input: trimmed.chars().take(80).collect(),
        };
        let lower = trimmed.to_ascii_lowercase();
        let digits = if let Some(rest) = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
        {
            // A pasted address: the host must be exactly wvNNNN.wolkvox.com.
            let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let host = &rest[..host_end];
            let host = host.strip_suffix('.').unwrap_or(host);
            host.strip_prefix("wv")
                .and_then(|h| h.strip_suffix(".wolkvox.com"))
                .ok_or_else(refuse)?
        } else if let Some(host) = lower.strip_suffix(".wolkvox.com") {
            host.strip_prefix("wv").ok_or_else(refuse)?
        } else {
            lower.strip_prefix("wv").unwrap_or(&lower)
        };
        let bytes = digits.as_bytes();
        if bytes.len() != 4 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(refuse());
        }
        Ok(ServerName([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    /// The four digits.
    pub fn digits(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("0000")
    }

    /// The API's base address, `https://wvNNNN.wolkvox.com`.
    pub fn base_url(&self) -> String {
        format!("https://wv{}.wolkvox.com", self.digits())
    }
}

impl fmt::Display for ServerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.digits())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_forms_users_type() {
        for ok in [
            "0002",
            " 0002 ",
            "wv0002",
            "WV0002",
            "wv0002.wolkvox.com",
            "https://wv0002.wolkvox.com",
            "https://wv0002.wolkvox.com/",
            "https://wv0002.wolkvox.com/api/v2/reports_manager.php?api=diagram_11",
            "HTTPS://WV0002.WOLKVOX.COM/x",
            "\t0002\n",
        ] {
            let s = ServerName::parse(ok).unwrap_or_else(|e| panic!("{ok:?}: {e}"));
            assert_eq!(s.digits(), "0002");
            assert_eq!(s.base_url(), "https://wv0002.wolkvox.com");
        }
        assert_eq!(ServerName::parse("3211").unwrap().to_string(), "3211");
    }

    #[test]
    fn refuses_anything_that_could_reach_another_host() {
        for bad in [
            "",
            "   ",
            "2",
            "002",
            "00002",
            "abcd",
            "0002.evil.com",
            "0002/..",
            "0002@evil",
            "wv0002.wolkvox.com.evil.net",
            "https://wv0002.wolkvox.com.evil.net/",
            "https://wv0002.wolkvox.com@evil.net/",
            "https://evil.net/wv0002.wolkvox.com",
            "https://user@wv0002.wolkvox.com/",
            "https://wv0002.wolkvox.com:8443/",
            "０００２",
            "00 02",
            "0002\nevil",
            "wv",
            "wv00a2",
            "ftp://wv0002.wolkvox.com",
            "-0002",
            "+0002",
        ] {
            assert!(ServerName::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn the_message_shows_the_expected_form() {
        let e = ServerName::parse("0002.evil.com").unwrap_err();
        assert!(e.message(Lang::En).contains("0002"));
        assert!(e.message(Lang::Es).contains("0002.evil.com"));
        let e = ServerName::parse(" ").unwrap_err();
        assert!(!e.message(Lang::Es).is_empty());
    }
}

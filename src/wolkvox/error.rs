//! Everything that can go wrong with one request, each with words for the supervisor
//! and a decision: retry, give up on this range, or stop the whole fetch.

use crate::i18n::{Lang, fill};
use crate::report::ReadError;

/// Why a request gave no rows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// 401: the request carried no token.
    #[error("no token sent (401)")]
    MissingToken,
    /// 403 "PLEASE VALIDATE TOKEN": wrong or expired token.
    #[error("token refused (403)")]
    InvalidToken,
    /// 403 "TOKEN LIMIT EXCEEDED": the operation's daily quota is used up.
    #[error("daily quota used up (403)")]
    QuotaExceeded,
    /// 403 "SIMULTANEOUS REQUESTS": another request on the token is running.
    #[error("token busy with another request (403)")]
    Busy,
    /// Another refusal (maintenance, backup, IP not allowed), with the server's words.
    #[error("refused ({status}): {words}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The server's own words.
        words: String,
    },
    /// 400 "THE API YOU WANT TO CONSULT DOES NOT EXIST".
    #[error("report not available on this server (400)")]
    UnknownReport,
    /// Another 400, with the server's words.
    #[error("bad request (400): {words}")]
    BadRequest {
        /// The server's own words.
        words: String,
    },
    /// 5xx or another unexpected status.
    #[error("server error ({status})")]
    ServerError {
        /// HTTP status.
        status: u16,
    },
    /// The server answered with a redirect, which is never followed.
    #[error("redirected ({status})")]
    Redirected {
        /// HTTP status.
        status: u16,
    },
    /// No connection: DNS, refused, reset, TLS.
    #[error("network: {detail}")]
    Network {
        /// Technical detail for the log and support.
        detail: String,
    },
    /// The answer did not complete in time.
    #[error("timed out")]
    Timeout,
    /// The answer was not a readable report.
    #[error("unreadable answer: {0}")]
    Malformed(ReadError),
    /// The answer announced or reached more than the API's 256 MB.
    #[error("answer too large ({bytes} bytes)")]
    TooLarge {
        /// Bytes announced or received.
        bytes: u64,
    },
    /// The token cannot be sent (it has line breaks or other invalid characters).
    #[error("token has characters that cannot be sent")]
    TokenNotSendable,
    /// The user cancelled.
    #[error("cancelled")]
    Cancelled,
    /// Something went wrong inside this program (a bug); a crash report was written.
    #[error("internal failure: {0}")]
    Internal(String),
}

/// What to do after an error.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Retry {
    /// The token is busy elsewhere: pause, then try again (up to 4 tries).
    AfterPause,
    /// A passing fault: back off and try again (up to 3 tries).
    WithBackoff,
    /// Trying again will not help.
    Never,
}

impl ApiError {
    /// Whether and how to retry.
    pub fn retry(&self) -> Retry {
        match self {
            ApiError::Busy => Retry::AfterPause,
            ApiError::ServerError { .. }
            | ApiError::Network { .. }
            | ApiError::Timeout
            | ApiError::Malformed(_) => Retry::WithBackoff,
            _ => Retry::Never,
        }
    }

    /// Whether every other request would fail the same way, so the fetch stops.
    pub fn stops_everything(&self) -> bool {
        matches!(
            self,
            ApiError::MissingToken
                | ApiError::InvalidToken
                | ApiError::QuotaExceeded
                | ApiError::Refused { .. }
                | ApiError::UnknownReport
                | ApiError::Redirected { .. }
                | ApiError::TokenNotSendable
                | ApiError::Cancelled
                | ApiError::Internal(_)
        )
    }

    /// Whether the API itself said no (token, quota, refused or misdirected request), as
    /// opposed to not being reached or answering oddly.
    pub fn is_refusal(&self) -> bool {
        match self {
            ApiError::MissingToken
            | ApiError::InvalidToken
            | ApiError::QuotaExceeded
            | ApiError::Refused { .. }
            | ApiError::UnknownReport
            | ApiError::BadRequest { .. }
            | ApiError::Redirected { .. }
            | ApiError::TokenNotSendable => true,
            ApiError::Busy
            | ApiError::ServerError { .. }
            | ApiError::Network { .. }
            | ApiError::Timeout
            | ApiError::Malformed(_)
            | ApiError::TooLarge { .. }
            | ApiError::Cancelled
            | ApiError::Internal(_) => false,
        }
    }

    /// Plain words for the supervisor: what happened and what to do.
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.texts();
        match self {
            ApiError::MissingToken => t.api_missing_token.to_string(),
            ApiError::InvalidToken => t.api_invalid_token.to_string(),
            ApiError::QuotaExceeded => t.api_quota.to_string(),
            ApiError::Busy => t.api_busy.to_string(),
            ApiError::Refused { words, .. } => fill(t.api_refused_words, &[("words", words)]),
            ApiError::UnknownReport => t.api_unknown_report.to_string(),
            ApiError::BadRequest { words } => fill(t.api_bad_request, &[("words", words)]),
            ApiError::ServerError { status } => fill(t.api_server_error, &[("status", status)]),
            ApiError::Redirected { .. } => t.api_redirected.to_string(),
            ApiError::Network { .. } => t.api_network.to_string(),
            ApiError::Timeout => t.api_timeout.to_string(),
            ApiError::Malformed(e) => fill(t.api_malformed, &[("reason", &e.message(lang))]),
            ApiError::TooLarge { .. } => t.api_too_large.to_string(),
            ApiError::TokenNotSendable => t.api_token_not_sendable.to_string(),
            ApiError::Cancelled => t.api_cancelled.to_string(),
            ApiError::Internal(_) => t.api_internal.to_string(),
        }
    }

    /// Classifies a refusal from its HTTP status and the envelope's words.
    pub fn from_refusal(status: u16, error: &str, msg: &str) -> ApiError {
        let words = format!("{error} {msg}").to_ascii_uppercase();
        let shown = || {
            let w = [error.trim(), msg.trim()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(": ");
            if w.is_empty() {
                format!("HTTP {status}")
            } else {
                w.chars().take(300).collect()
            }
        };
        if words.contains("SIMULTANEOUS") {
            ApiError::Busy
        } else if words.contains("VALIDATE TOKEN") {
            ApiError::InvalidToken
        } else if words.contains("LIMIT EXCEEDED") {
            ApiError::QuotaExceeded
        } else if status == 401 || words.contains("ENTER THE WOLKVOX-TOKEN") {
            ApiError::MissingToken
        } else if words.contains("DOES NOT EXIST") {
            ApiError::UnknownReport
        } else if status == 400 {
            ApiError::BadRequest { words: shown() }
        } else if (500..600).contains(&status) {
            ApiError::ServerError { status }
        } else {
            ApiError::Refused {
                status,
                words: shown(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_refusal_is_recognised() {
        let cases = [
            (
                400,
                "BAD REQUEST",
                "THE API YOU WANT TO CONSULT DOES NOT EXIST",
                ApiError::UnknownReport,
            ),
            (
                401,
                "UNAUTHORIZED",
                "PLEASE ENTER THE WOLKVOX-TOKEN",
                ApiError::MissingToken,
            ),
            (
                403,
                "FORBIDDEN",
                "PLEASE VALIDATE TOKEN",
                ApiError::InvalidToken,
            ),
            (
                403,
                "FORBIDDEN",
                "TOKEN LIMIT EXCEEDED",
                ApiError::QuotaExceeded,
            ),
            (
                403,
                "FORBIDDEN",
                "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2)",
                ApiError::Busy,
            ),
        ];
        for (status, error, msg, want) in cases {
            assert_eq!(ApiError::from_refusal(status, error, msg), want, "{msg}");
        }
        assert_eq!(
            ApiError::from_refusal(400, "BAD REQUEST", "SOME PARAMETERS ARE REQUIRED"),
            ApiError::BadRequest {
                words: "BAD REQUEST: SOME PARAMETERS ARE REQUIRED".into()
            }
        );
        assert_eq!(
            ApiError::from_refusal(403, "", "Servidor en mantenimiento"),
            ApiError::Refused {
                status: 403,
                words: "Servidor en mantenimiento".into()
            }
        );
    }

    #[test]
    fn retries_and_exit_codes_follow_the_table() {
        assert_eq!(ApiError::Busy.retry(), Retry::AfterPause);
        assert_eq!(ApiError::Timeout.retry(), Retry::WithBackoff);
        assert_eq!(
            ApiError::ServerError { status: 502 }.retry(),
            Retry::WithBackoff
        );
        for never in [
            ApiError::InvalidToken,
            ApiError::QuotaExceeded,
            ApiError::MissingToken,
            ApiError::UnknownReport,
            ApiError::Refused {
                status: 403,
                words: "x".into(),
            },
        ] {
            assert_eq!(never.retry(), Retry::Never, "{never}");
            assert!(never.is_refusal());
            assert!(never.stops_everything());
        }
        assert!(
            !ApiError::Network {
                detail: String::new()
            }
            .is_refusal()
        );
    }

    #[test]
    fn every_error_has_words_in_both_languages() {
        let all = [
            ApiError::MissingToken,
            ApiError::InvalidToken,
            ApiError::QuotaExceeded,
            ApiError::Busy,
            ApiError::Refused {
                status: 403,
                words: "MANTENIMIENTO".into(),
            },
            ApiError::UnknownReport,
            ApiError::BadRequest { words: "X".into() },
            ApiError::ServerError { status: 500 },
            ApiError::Redirected { status: 302 },
            ApiError::Network {
                detail: "refused".into(),
            },
            ApiError::Timeout,
            ApiError::Malformed(ReadError::Truncated),
            ApiError::TooLarge { bytes: 1 },
            ApiError::TokenNotSendable,
            ApiError::Cancelled,
            ApiError::Internal("x".into()),
        ];
        for e in all {
            let (es, en) = (e.message(Lang::Es), e.message(Lang::En));
            assert!(!es.is_empty() && !en.is_empty());
            assert_ne!(es, en, "{e}");
            assert!(!es.contains('{'), "{es}");
        }
    }
}

//! One request to the reports API, with every answer turned into rows or a typed error.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use super::error::ApiError;
use super::plan::TimeRange;
use super::server::ServerName;
use crate::report::{ReadError, Report};

/// The largest answer the API may send (its documented 256 MB limit).
pub const MAX_BODY_BYTES: u64 = 256 * 1024 * 1024;

/// The API's documented row cap per request; a result this large may be cut.
pub const ROW_CAP: usize = 60_000;

/// Where requests go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// The real service, `https://wvNNNN.wolkvox.com`.
    Wolkvox(ServerName),
    /// A server on this computer (the built-in demo server), `http://127.0.0.1:PORT`.
    Loopback(String),
}

impl Endpoint {
    /// A loopback endpoint, when `base` really is on this computer.
    pub fn loopback(base: &str) -> Option<Endpoint> {
        let rest = base.strip_prefix("http://")?;
        let host_port = rest.split('/').next()?;
        let host = match host_port.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
            _ => host_port,
        };
        matches!(host, "127.0.0.1" | "localhost" | "[::1]")
            .then(|| Endpoint::Loopback(base.trim_end_matches('/').to_string()))
    }

    fn base(&self) -> String {
        match self {
            Endpoint::Wolkvox(s) => s.base_url(),
            Endpoint::Loopback(b) => b.clone(),
        }
    }
}

/// The rows of one answer.
#[derive(Debug)]
pub struct Fetched {
    /// The typed rows (de-duplicated within the answer).
    pub report: Report,
    /// Rows the answer held, before de-duplication; compared with the row cap.
    pub rows: usize,
    /// The API said "no records" (HTTP 404).
    pub no_records: bool,
}

/// A client for one server and token. Cheap to share behind an `Arc`.
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: SecretString,
    endpoint: Endpoint,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint)
            .field("token", &"[redacted]")
            .finish()
    }
}

impl Client {
    /// A client that sends `token` to `endpoint`, giving up on an answer after `timeout`.
    /// HTTPS only to Wolkvox (the system's certificate store decides trust); plain HTTP
    /// only to this computer; redirects are never followed, so the token never leaves
    /// for another host.
    pub fn new(
        endpoint: Endpoint,
        token: SecretString,
        timeout: Duration,
    ) -> Result<Client, ApiError> {
        Client::build(endpoint, token, timeout, None)
    }

    /// Like [`Client::new`], but the Wolkvox host's name resolves to `addr` instead of
    /// what DNS says, so tests can put a server of their own behind the real name. The
    /// address is still `https://wvNNNN.wolkvox.com`: HTTPS and the certificate check for
    /// that name stay exactly as they are.
    #[doc(hidden)]
    pub fn new_resolving_to(
        endpoint: Endpoint,
        token: SecretString,
        timeout: Duration,
        addr: std::net::SocketAddr,
    ) -> Result<Client, ApiError> {
        Client::build(endpoint, token, timeout, Some(addr))
    }

    fn build(
        endpoint: Endpoint,
        token: SecretString,
        timeout: Duration,
        resolve_to: Option<std::net::SocketAddr>,
    ) -> Result<Client, ApiError> {
        crate::crash::register_secret(&token);
        let mut headers = HeaderMap::new();
        let mut value = HeaderValue::from_str(token.expose_secret().trim())
            .map_err(|_| ApiError::TokenNotSendable)?;
        value.set_sensitive(true);
        headers.insert("wolkvox-token", value);
        let https_only = matches!(endpoint, Endpoint::Wolkvox(_));
        let mut builder = reqwest::Client::builder();
        if let (Some(addr), Endpoint::Wolkvox(server)) = (resolve_to, &endpoint) {
            builder = builder.resolve(&format!("wv{}.wolkvox.com", server.digits()), addr);
        }
        let http = builder
            .redirect(reqwest::redirect::Policy::none())
            .https_only(https_only)
            .connect_timeout(timeout.min(Duration::from_secs(20)))
            .timeout(timeout)
            .default_headers(headers)
            .user_agent(concat!("wolkvox-ivr/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ApiError::Network {
                detail: e.to_string(),
            })?;
        Ok(Client {
            http,
            base: endpoint.base(),
            token,
            endpoint,
        })
    }

    /// Where this client sends requests.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Whether `s` is this client's token (used to keep it out of logs in tests).
    pub fn token_is(&self, s: &str) -> bool {
        self.token.expose_secret() == s
    }

    /// Asks for the calls of `range`: one request.
    pub async fn fetch(&self, range: TimeRange) -> Result<Fetched, ApiError> {
        let (ini, end) = range.api_bounds();
        let url = format!(
            "{}/api/v2/reports_manager.php?api=diagram_11&date_ini={ini}&date_end={end}",
            self.base
        );
        tracing::debug!(%range, "request");
        let mut resp = self.http.get(&url).send().await.map_err(net_error)?;
        let status = resp.status().as_u16();
        if let Some(len) = resp.content_length()
            && len > MAX_BODY_BYTES
        {
            return Err(ApiError::TooLarge { bytes: len });
        }
        if (300..400).contains(&status) {
            return Err(ApiError::Redirected { status });
        }
        let mut body: Vec<u8> =
            Vec::with_capacity(resp.content_length().unwrap_or(0).min(MAX_BODY_BYTES) as usize);
        while let Some(chunk) = resp.chunk().await.map_err(net_error)? {
            if body.len() as u64 + chunk.len() as u64 > MAX_BODY_BYTES {
                return Err(ApiError::TooLarge {
                    bytes: body.len() as u64 + chunk.len() as u64,
                });
            }
            body.extend_from_slice(&chunk);
        }
        tracing::debug!(status, bytes = body.len(), "answer");
        match status {
            200 => {
                let mut report = Report::new();
                match report.ingest(&body) {
                    Ok(got) => Ok(Fetched {
                        report,
                        rows: got.rows,
                        no_records: got.no_records,
                    }),
                    Err(ReadError::Refused { code, error, msg }) => {
                        let status = code.trim().parse().unwrap_or(403);
                        Err(ApiError::from_refusal(status, &error, &msg))
                    }
                    Err(e) => Err(ApiError::Malformed(e)),
                }
            }
            // The API's "no records" answer is JSON (or empty); an HTML 404 page comes from
            // a wrong address or a proxy and must not pass for "no calls".
            404 if looks_like_json_or_empty(&body) => Ok(Fetched {
                report: Report::new(),
                rows: 0,
                no_records: true,
            }),
            _ => {
                let (error, msg) = envelope_words(&body);
                Err(ApiError::from_refusal(status, &error, &msg))
            }
        }
    }
}

/// The `error` and `msg` of an error body, when it is the usual JSON envelope; else the
/// start of the body as text (an HTML page says little, so it is cut short).
fn envelope_words(body: &[u8]) -> (String, String) {
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(v) if v.is_object() => (text(&v["error"]), text(&v["msg"])),
        _ => {
            let s = String::from_utf8_lossy(&body[..body.len().min(200)]);
            if s.trim_start().starts_with('<') {
                (String::new(), String::new())
            } else {
                (String::new(), s.trim().to_string())
            }
        }
    }
}

fn looks_like_json_or_empty(body: &[u8]) -> bool {
    let start = body.iter().find(|b| !b.is_ascii_whitespace());
    matches!(start, None | Some(b'{') | Some(b'['))
}

fn net_error(e: reqwest::Error) -> ApiError {
    if e.is_timeout() {
        return ApiError::Timeout;
    }
    // The full chain says what failed (DNS, refused, TLS); the URL carries no secret.
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    if detail.contains("timed out") {
        return ApiError::Timeout;
    }
    ApiError::Network { detail }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_computer_counts_as_loopback() {
        assert!(Endpoint::loopback("http://127.0.0.1:8080").is_some());
        assert!(Endpoint::loopback("http://localhost:1/").is_some());
        assert!(Endpoint::loopback("http://[::1]:9").is_some());
        for bad in [
            "https://127.0.0.1:8080",
            "http://127.0.0.1.evil.net:80",
            "http://10.0.0.1:80",
            "http://evil.net",
            "http://127.0.0.1@evil.net",
            "ftp://127.0.0.1",
        ] {
            assert!(Endpoint::loopback(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let c = Client::new(
            Endpoint::Wolkvox(ServerName::parse("0002").unwrap()),
            SecretString::from("s3cr3t-token-value"),
            Duration::from_secs(5),
        )
        .unwrap();
        assert!(!format!("{c:?}").contains("s3cr3t"));
    }

    #[test]
    fn a_token_with_a_line_break_is_refused_before_sending() {
        let e = Client::new(
            Endpoint::Wolkvox(ServerName::parse("0002").unwrap()),
            SecretString::from("abc\ndef"),
            Duration::from_secs(5),
        )
        .unwrap_err();
        assert_eq!(e, ApiError::TokenNotSendable);
    }

    #[test]
    fn error_bodies_give_their_words() {
        assert_eq!(
            envelope_words(br#"{"code":403,"error":"FORBIDDEN","msg":"PLEASE VALIDATE TOKEN"}"#),
            ("FORBIDDEN".into(), "PLEASE VALIDATE TOKEN".into())
        );
        assert_eq!(
            envelope_words(b"<html>502</html>"),
            (String::new(), String::new())
        );
        assert_eq!(
            envelope_words(b"Service Unavailable"),
            (String::new(), "Service Unavailable".into())
        );
    }
}

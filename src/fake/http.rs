//! Just enough HTTP/1.1 for the fake server: one request head in, one response out,
//! then the connection closes.

use tokio::io::{AsyncRead, AsyncReadExt};

/// Longest request head accepted.
pub(crate) const MAX_HEAD: usize = 16 * 1024;

/// A parsed request head.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Request {
    pub(crate) method: String,
    /// The path, without the query.
    pub(crate) path: String,
    /// Query parameters in order, percent-decoded.
    pub(crate) query: Vec<(String, String)>,
    /// The `wolkvox-token` header's value, trimmed (header names are case-insensitive).
    pub(crate) token: Option<String>,
}

impl Request {
    /// The first value of query parameter `name`.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why no request head could be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum HeadError {
    /// The head grew past [`MAX_HEAD`].
    TooLarge,
    /// The peer closed (or the socket failed) before the head was complete.
    Closed,
}

/// Reads up to and including the blank line that ends the head.
pub(crate) async fn read_head<R: AsyncRead + Unpin>(stream: &mut R) -> Result<Vec<u8>, HeadError> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let n = match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return Err(HeadError::Closed),
            Ok(n) => n,
        };
        // The terminator may straddle two reads.
        let search_from = buf.len().saturating_sub(3);
        buf.extend_from_slice(&chunk[..n]);
        if let Some(pos) = find(&buf[search_from..], b"\r\n\r\n") {
            buf.truncate(search_from + pos + 4);
            if buf.len() > MAX_HEAD {
                return Err(HeadError::TooLarge);
            }
            return Ok(buf);
        }
        if buf.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Parses a request head; `None` when it is not HTTP/1.x.
pub(crate) fn parse_head(head: &[u8]) -> Option<Request> {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n");
    let mut parts = lines.next()?.split(' ').filter(|p| !p.is_empty());
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !version.starts_with("HTTP/1.") {
        return None;
    }
    // Absolute-form targets (as sent through a proxy) carry scheme and host first.
    let target = match target.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => target,
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    let mut token = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if token.is_none() && name.trim().eq_ignore_ascii_case("wolkvox-token") {
            token = Some(value.trim().to_string());
        }
    }
    Some(Request {
        method: method.to_string(),
        path: percent_decode(path),
        query,
        token,
    })
}

/// Decodes `%XX` and `+`; malformed escapes are kept as they are.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// A complete response, before delivery.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    /// Where a redirect points (the `Location` header).
    pub(crate) location: Option<String>,
    pub(crate) body: Vec<u8>,
}

impl Response {
    /// A JSON response.
    pub(crate) fn json(status: u16, body: Vec<u8>) -> Response {
        Response {
            status,
            content_type: "application/json",
            location: None,
            body,
        }
    }

    /// The status line and headers, announcing `content_length` bytes of body.
    pub(crate) fn head(&self, content_length: usize) -> Vec<u8> {
        let location = match &self.location {
            // Line breaks would end the header early: a location never carries them.
            Some(l) => format!("Location: {}\r\n", l.replace(['\r', '\n'], "")),
            None => String::new(),
        };
        format!(
            "HTTP/1.1 {} {}\r\n{location}Content-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            content_length
        )
        .into_bytes()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_request_the_client_sends() {
        let head = b"GET /api/v2/reports_manager.php?api=diagram_11&date_ini=20260310100000&date_end=20260310%32%30%30%30%30%30 HTTP/1.1\r\nHost: x\r\nWOLKVOX-Token:  abc \r\n\r\n";
        let r = parse_head(head).expect("a request");
        assert_eq!(r.method, "GET");
        assert_eq!(r.path, "/api/v2/reports_manager.php");
        assert_eq!(r.param("api"), Some("diagram_11"));
        assert_eq!(r.param("date_end"), Some("20260310200000"));
        assert_eq!(r.token.as_deref(), Some("abc"));
        assert_eq!(r.param("nope"), None);
    }

    #[test]
    fn odd_heads_never_panic() {
        for head in [
            &b""[..],
            b"\r\n\r\n",
            b"GET\r\n\r\n",
            b"GET / FTP/1.0\r\n\r\n",
            b"\xff\xfe / HTTP/1.1\r\n\r\n",
            b"GET http://h HTTP/1.1\r\nnocolon\r\n\r\n",
            b"GET /?a=%&b=%4&c=%zz&=x&d HTTP/1.1\r\n\r\n",
        ] {
            let _ = parse_head(head);
        }
        let r = parse_head(b"GET /?a=%&b=%4&c=%zz+1&d HTTP/1.1\r\n\r\n").expect("parses");
        assert_eq!(r.param("a"), Some("%"));
        assert_eq!(r.param("b"), Some("%4"));
        assert_eq!(r.param("c"), Some("%zz 1"));
        assert_eq!(r.param("d"), Some(""));
        let r = parse_head(b"GET http://h:1/p?x=1 HTTP/1.1\r\n\r\n").expect("parses");
        assert_eq!((r.path.as_str(), r.param("x")), ("/p", Some("1")));
        assert!(parse_head(b"GET / FTP/1.0\r\n\r\n").is_none());
    }

    #[tokio::test]
    async fn head_reading_limits() {
        let mut ok: &[u8] = b"GET / HTTP/1.1\r\nA: b\r\n\r\nextra";
        assert_eq!(
            read_head(&mut ok).await.as_deref(),
            Ok(&b"GET / HTTP/1.1\r\nA: b\r\n\r\n"[..])
        );
        let mut cut: &[u8] = b"GET / HTTP/1.1\r\n";
        assert_eq!(read_head(&mut cut).await, Err(HeadError::Closed));
        let big = [b'a'; MAX_HEAD + 10];
        let mut big: &[u8] = &big;
        assert_eq!(read_head(&mut big).await, Err(HeadError::TooLarge));
    }
}

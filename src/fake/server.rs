//! The loopback fake Wolkvox server: the `diagram_11` contract of
//! `shared/wolkvox-api.md` over hand-rolled HTTP/1.1, with injectable faults.
//!
//! Order of the checks for a request without a fault (or with a fault that only changes
//! delivery, see below):
//! 1. path `/api/v2/reports_manager.php` (else an HTML 404 from the web server) and
//!    method GET (else 405);
//! 2. `wolkvox-token` header: missing → 401, wrong → 403 "PLEASE VALIDATE TOKEN";
//! 3. daily quota: every request that passes 2 uses one unit, refused ones included;
//!    when none is left → 403 "TOKEN LIMIT EXCEEDED" (which uses none);
//! 4. requests in flight on the token: more than `max_in_flight` → 403 "EXCEEDS THE
//!    LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2)";
//! 5. `api=diagram_11` (missing → "SOME PARAMETERS ARE REQUIRED", other → "THE API YOU
//!    WANT TO CONSULT DOES NOT EXIST"), then `date_ini`/`date_end` as `YYYYmmddHHiiss`;
//!    a reversed range or one touching more than 31 calendar days → 400;
//! 6. the calls of `[date_ini, min(date_end, now)]`, cut to `row_cap`: none → 404
//!    "Validate dates entered", else 200 (`code` alternates 200 / "200").
//!
//! Faults: `Latency`, `Trickle`, `DropMidBody`, `Truncated` and `Oversized` change how
//! the normal answer (whatever it is, errors included) is delivered, so those requests
//! are checked and counted against the quota and in flight like any other. Every other
//! fault answers instead of the API, before any check: it models what sits in front of
//! the API (a proxy, a maintenance window, a crash) and uses no quota. Every request
//! whose head arrives counts in [`FakeStats::requests`].

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use super::fault::{Fault, FaultRule, FaultRules};
use super::generator::{GeneratorConfig, first_calls_between, push_escaped, response_body};
use super::http::{self, HeadError, Request, Response};
use crate::report::Stamp;

/// The only path the API answers on.
const PATH: &str = "/api/v2/reports_manager.php";
/// Longest a client may take to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);
/// What the `Oversized` fault announces.
const OVERSIZED_LENGTH: usize = 300_000_000;
/// What the `Oversized` fault actually sends, at most.
const OVERSIZED_SENT: usize = 4096;

const MSG_NO_TOKEN: &str = "PLEASE ENTER THE WOLKVOX-TOKEN";
const MSG_BAD_TOKEN: &str = "PLEASE VALIDATE TOKEN";
const MSG_QUOTA: &str = "TOKEN LIMIT EXCEEDED";
const MSG_BUSY: &str = "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2)";
const MSG_NO_API: &str = "THE API YOU WANT TO CONSULT DOES NOT EXIST";
const MSG_PARAMS: &str = "SOME PARAMETERS ARE REQUIRED";
const MSG_REVERSED: &str = "THE END DATE MUST NOT BE BEFORE THE START DATE";
const MSG_TOO_LONG: &str = "THE DATE RANGE CANNOT EXCEED 31 DAYS";
const MSG_NO_ROWS: &str = "Validate dates entered";
const MSG_MAINTENANCE: &str = "THE SERVER IS IN A MAINTENANCE WINDOW, PLEASE TRY AGAIN LATER";

/// How the fake server behaves.
#[derive(Clone)]
pub struct FakeConfig {
    /// The token requests must carry in `wolkvox-token`.
    pub token: String,
    /// The operation whose calls are served.
    pub generator: GeneratorConfig,
    /// Most rows in one response (the real API documents 60,000).
    pub row_cap: usize,
    /// Requests allowed in total (the real API allows 1,000 a day).
    pub daily_quota: u32,
    /// Requests allowed in flight at once on the token.
    pub max_in_flight: u32,
    /// The server's "now" as `Stamp` seconds; `None` follows the local wall clock.
    pub now: Option<i64>,
}

impl Default for FakeConfig {
    fn default() -> FakeConfig {
        FakeConfig {
            token: "demo-token".to_string(),
            generator: GeneratorConfig::default(),
            row_cap: 60_000,
            daily_quota: 1000,
            max_in_flight: 1,
            now: None,
        }
    }
}

impl std::fmt::Debug for FakeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Tokens stay out of logs, even this one.
        f.debug_struct("FakeConfig")
            .field("token", &"<redacted>")
            .field("generator", &self.generator)
            .field("row_cap", &self.row_cap)
            .field("daily_quota", &self.daily_quota)
            .field("max_in_flight", &self.max_in_flight)
            .field("now", &self.now)
            .finish()
    }
}

/// What the server has seen so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FakeStats {
    /// Requests received (every request whose head arrived, faulted or refused).
    pub requests: u64,
    /// Most requests in flight on the token at once, counting one refused as busy.
    pub max_in_flight_seen: u32,
    /// Quota units used (never more than the quota).
    pub quota_used: u32,
}

/// A running fake Wolkvox server on 127.0.0.1; dropping it shuts it down.
pub struct FakeServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    cfg: FakeConfig,
    now: Mutex<Option<i64>>,
    faults: Mutex<FaultRules>,
    requests: AtomicU64,
    in_flight: AtomicU32,
    max_in_flight_seen: AtomicU32,
    quota_used: AtomicU32,
    successes: AtomicU64,
}

impl FakeServer {
    /// Binds a free port on 127.0.0.1 and serves on a thread of its own.
    pub fn start(cfg: FakeConfig) -> std::io::Result<FakeServer> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        // Two workers: a big body is built on the blocking pool, and a second request
        // must still be answered (busy) while the first is being served.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("fake-wolkvox-io")
            .enable_all()
            .build()?;
        let listener = {
            let _context = runtime.enter();
            TcpListener::from_std(listener)?
        };
        let shared = Arc::new(Shared {
            now: Mutex::new(cfg.now),
            cfg,
            faults: Mutex::new(FaultRules::default()),
            requests: AtomicU64::new(0),
            in_flight: AtomicU32::new(0),
            max_in_flight_seen: AtomicU32::new(0),
            quota_used: AtomicU32::new(0),
            successes: AtomicU64::new(0),
        });
        let (shutdown, stop) = watch::channel(false);
        let serving = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("fake-wolkvox".to_string())
            .spawn(move || {
                runtime.block_on(serve(listener, serving, stop));
                // Bodies still being built on the blocking pool finish in the background.
                runtime.shutdown_timeout(Duration::from_millis(200));
            })?;
        tracing::debug!(%addr, "fake Wolkvox server started");
        Ok(FakeServer {
            addr,
            shared,
            shutdown,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, the server part of the API's URL.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Counters so far.
    pub fn stats(&self) -> FakeStats {
        FakeStats {
            requests: self.shared.requests.load(Ordering::SeqCst),
            max_in_flight_seen: self.shared.max_in_flight_seen.load(Ordering::SeqCst),
            quota_used: self.shared.quota_used.load(Ordering::SeqCst),
        }
    }

    /// Adds a fault rule; rules are tried in the order they were added.
    pub fn inject(&self, rule: FaultRule) {
        lock(&self.shared.faults).push(rule);
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// Moves the server's "now" (`Stamp` seconds); `None` follows the wall clock.
    pub fn set_now(&self, now: Option<i64>) {
        *lock(&self.shared.now) = now;
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        // Err only when the serving thread is already gone.
        let _ = self.shutdown.send(true);
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::warn!("the fake Wolkvox server's thread panicked");
        }
    }
}

impl std::fmt::Debug for FakeServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeServer")
            .field("addr", &self.addr)
            .field("stats", &self.stats())
            .finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The data stays consistent even if a holder panicked: every update is one step.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn serve(listener: TcpListener, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = stopped(&mut stop) => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(connection(stream, Arc::clone(&shared), stop.clone()));
                }
                Err(e) => {
                    // Usually out of file descriptors: wait instead of spinning.
                    tracing::debug!(error = %e, "fake server accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
        }
    }
}

/// Decrements the in-flight count when the request is done, however it ends.
struct InFlight(Arc<Shared>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn connection(mut stream: TcpStream, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let head = match tokio::time::timeout(HEAD_TIMEOUT, http::read_head(&mut stream)).await {
        Ok(Ok(head)) => Ok(head),
        Ok(Err(HeadError::TooLarge)) => Err(()),
        Ok(Err(HeadError::Closed)) | Err(_) => return,
    };
    let n = shared.requests.fetch_add(1, Ordering::SeqCst) + 1;
    let request = match head {
        Ok(head) => http::parse_head(&head),
        Err(()) => {
            let body = b"<html><body><h1>431 Request Header Fields Too Large</h1></body></html>";
            let r = Response {
                status: 431,
                content_type: "text/html",
                location: None,
                body: body.to_vec(),
            };
            finish(stream, &r, &r.body, r.body.len(), &mut stop).await;
            return;
        }
    };
    let Some(request) = request else {
        let r = Response {
            status: 400,
            content_type: "text/html",
            location: None,
            body: b"<html><body><h1>400 Bad Request</h1></body></html>".to_vec(),
        };
        finish(stream, &r, &r.body, r.body.len(), &mut stop).await;
        return;
    };

    let fault = lock(&shared.faults).take(n, request.param("date_ini"));
    let fault = match fault {
        Some(f) if !f.wraps_normal_answer() => {
            let Some(r) = replacement(&f) else {
                // Hang: hold the connection open until the server shuts down.
                stopped(&mut stop).await;
                return;
            };
            finish(stream, &r, &r.body, r.body.len(), &mut stop).await;
            return;
        }
        other => other,
    };

    let latency = match &fault {
        Some(Fault::Latency(d)) => Some(*d),
        _ => None,
    };
    let (response, in_flight) = answer(&shared, &request, latency).await;
    let body = &response.body;
    let (sent, length, rate) = match fault {
        Some(Fault::DropMidBody) => (&body[..body.len() / 2], body.len(), None),
        Some(Fault::Truncated) => (&body[..body.len() / 2], body.len() / 2, None),
        Some(Fault::Oversized) => (
            &body[..body.len().min(OVERSIZED_SENT)],
            OVERSIZED_LENGTH,
            None,
        ),
        Some(Fault::Trickle { bytes_per_sec }) => (&body[..], body.len(), Some(bytes_per_sec)),
        _ => (&body[..], body.len(), None),
    };
    deliver(stream, &response, sent, length, rate, in_flight, &mut stop).await;
}

/// The answer of a fault that replaces the API's; `None` for `Hang`.
fn replacement(fault: &Fault) -> Option<Response> {
    Some(match fault {
        Fault::ServerError500 => {
            envelope(500, "INTERNAL SERVER ERROR", "AN UNEXPECTED ERROR OCCURRED")
        }
        Fault::Malformed => Response::json(
            200,
            concat!(
                "<br />\n<b>Warning</b>:  Undefined array key \"skill_id\" in ",
                "<b>/var/www/html/api/v2/reports_manager.php</b> on line <b>214</b><br />\n",
                "{\"code\":200,\"error\":null,\"msg\":\"1 records were found\",\"data\":",
                "[{\"conn_id\":\"12462.0277.1782402643.44005\",\"time_on_rp\":}]}"
            )
            .as_bytes()
            .to_vec(),
        ),
        Fault::HtmlErrorPage => Response {
            status: 502,
            content_type: "text/html",
            location: None,
            body: concat!(
                "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n",
                "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n",
                "</body>\r\n</html>\r\n"
            )
            .as_bytes()
            .to_vec(),
        },
        Fault::Maintenance => envelope(403, "FORBIDDEN", MSG_MAINTENANCE),
        Fault::Busy => envelope(403, "FORBIDDEN", MSG_BUSY),
        Fault::NoRows => no_rows(),
        Fault::Redirect { status, location } => Response {
            status: if (300..400).contains(status) {
                *status
            } else {
                302
            },
            content_type: "text/html",
            location: Some(location.clone()),
            body: b"<html><body><h1>Moved</h1></body></html>".to_vec(),
        },
        Fault::Hang
        | Fault::Latency(_)
        | Fault::DropMidBody
        | Fault::Truncated
        | Fault::Oversized
        | Fault::Trickle { .. } => return None,
    })
}

/// The API's answer to `request`, and the in-flight slot it holds (if it got one).
async fn answer(
    shared: &Arc<Shared>,
    request: &Request,
    latency: Option<Duration>,
) -> (Response, Option<InFlight>) {
    if request.path != PATH {
        let body = b"<html><body><h1>404 Not Found</h1></body></html>".to_vec();
        let r = Response {
            status: 404,
            content_type: "text/html",
            location: None,
            body,
        };
        return (r, None);
    }
    if request.method != "GET" {
        return (
            envelope(405, "METHOD NOT ALLOWED", "ONLY GET IS ALLOWED"),
            None,
        );
    }
    let cfg = &shared.cfg;
    match request.token.as_deref() {
        None | Some("") => return (envelope(401, "UNAUTHORIZED", MSG_NO_TOKEN), None),
        Some(t) if t != cfg.token => return (envelope(403, "FORBIDDEN", MSG_BAD_TOKEN), None),
        Some(_) => {}
    }
    let quota = shared
        .quota_used
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |used| {
            (used < cfg.daily_quota).then_some(used + 1)
        });
    if quota.is_err() {
        return (envelope(403, "FORBIDDEN", MSG_QUOTA), None);
    }
    let now_in_flight = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    let slot = InFlight(Arc::clone(shared));
    shared
        .max_in_flight_seen
        .fetch_max(now_in_flight, Ordering::SeqCst);
    if now_in_flight > cfg.max_in_flight {
        return (envelope(403, "FORBIDDEN", MSG_BUSY), Some(slot));
    }
    if let Some(d) = latency {
        tokio::time::sleep(d).await;
    }
    (contract(shared, request).await, Some(slot))
}

/// Parameters, range and rows, for a request that passed the token checks.
async fn contract(shared: &Arc<Shared>, request: &Request) -> Response {
    match request.param("api") {
        None | Some("") => return envelope(400, "BAD REQUEST", MSG_PARAMS),
        Some("diagram_11") => {}
        Some(_) => return envelope(400, "BAD REQUEST", MSG_NO_API),
    }
    let (Some(ini), Some(end)) = (
        request.param("date_ini").and_then(compact_stamp),
        request.param("date_end").and_then(compact_stamp),
    ) else {
        return envelope(400, "BAD REQUEST", MSG_PARAMS);
    };
    if end < ini {
        return envelope(400, "BAD REQUEST", MSG_REVERSED);
    }
    // Counted in calendar days touched, the stricter reading of "31 days per request".
    if end.div_euclid(86_400) - ini.div_euclid(86_400) >= 31 {
        return envelope(400, "BAD REQUEST", MSG_TOO_LONG);
    }
    let now = lock(&shared.now).unwrap_or_else(wall_clock);
    let to = end.min(now);
    if to < ini {
        return no_rows();
    }
    let worker = Arc::clone(shared);
    let built = tokio::task::spawn_blocking(move || {
        let cfg = &worker.cfg;
        let rows = first_calls_between(&cfg.generator, ini, to, cfg.row_cap);
        if rows.is_empty() {
            return None;
        }
        // The real API sends `code` as a number or a string: alternate so clients see both.
        let nth = worker.successes.fetch_add(1, Ordering::SeqCst);
        Some(response_body(&rows, nth % 2 == 1))
    })
    .await;
    match built {
        Ok(Some(body)) => Response::json(200, body),
        Ok(None) => no_rows(),
        Err(e) => {
            tracing::warn!(error = %e, "fake server failed to build a body");
            envelope(500, "INTERNAL SERVER ERROR", "AN UNEXPECTED ERROR OCCURRED")
        }
    }
}

/// `YYYYmmddHHiiss` as `Stamp` seconds; nothing else is accepted.
fn compact_stamp(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 14 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| {
        b[r].iter()
            .fold(0u32, |acc, &d| acc * 10 + (d - b'0') as u32)
    };
    Stamp::from_parts(
        n(0..4) as i32,
        n(4..6),
        n(6..8),
        n(8..10),
        n(10..12),
        n(12..14),
    )
    .and_then(Stamp::seconds)
}

fn wall_clock() -> i64 {
    Stamp::from_civil(jiff::Zoned::now().datetime())
        .seconds()
        .unwrap_or(i64::MAX)
}

fn envelope(status: u16, error: &str, msg: &str) -> Response {
    let mut body = Vec::with_capacity(64 + error.len() + msg.len());
    body.extend_from_slice(format!("{{\"code\":{status},\"error\":\"").as_bytes());
    push_escaped(&mut body, error);
    body.extend_from_slice(b"\",\"msg\":\"");
    push_escaped(&mut body, msg);
    body.extend_from_slice(b"\"}");
    Response::json(status, body)
}

fn no_rows() -> Response {
    let body = format!("{{\"code\":404,\"error\":null,\"msg\":\"{MSG_NO_ROWS}\"}}");
    Response::json(404, body.into_bytes())
}

/// Sends the head (announcing `content_length`) and `body`, then closes.
async fn finish(
    stream: TcpStream,
    response: &Response,
    body: &[u8],
    content_length: usize,
    stop: &mut watch::Receiver<bool>,
) {
    deliver(stream, response, body, content_length, None, None, stop).await;
}

/// Sends the head and `body`, at `rate` bytes per second when given, then closes.
///
/// `slot` is released just before the last byte: once a client holds the whole answer
/// it may send its next request at once, and that one must not find this one in flight.
async fn deliver(
    mut stream: TcpStream,
    response: &Response,
    body: &[u8],
    content_length: usize,
    rate: Option<usize>,
    slot: Option<InFlight>,
    stop: &mut watch::Receiver<bool>,
) {
    let sent = async {
        stream.write_all(&response.head(content_length)).await?;
        let (most, last) = body.split_at(body.len().saturating_sub(1));
        match rate {
            None => stream.write_all(most).await?,
            Some(bytes_per_sec) => {
                // Twentieths of a second: smooth enough, and few wake-ups.
                let bytes_per_sec = bytes_per_sec.max(1);
                let chunk = (bytes_per_sec / 20).max(1);
                let tick = Duration::from_secs_f64(chunk as f64 / bytes_per_sec as f64);
                for piece in most.chunks(chunk) {
                    tokio::time::sleep(tick).await;
                    stream.write_all(piece).await?;
                }
            }
        }
        drop(slot);
        stream.write_all(last).await?;
        stream.flush().await
    };
    let done = tokio::select! {
        _ = stopped(stop) => false,
        r = sent => r.is_ok(),
    };
    if done {
        close(stream).await;
    }
}

/// Resolves once the server is shutting down (or its handle is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    // The guard `wait_for` returns is not `Send`; drop it here.
    let _ = stop.wait_for(|s| *s).await.is_ok();
}

/// Half-closes and waits briefly for the client to close, so that bytes it sent after
/// its head cannot turn our close into a reset that loses the response.
async fn close(mut stream: TcpStream) {
    if stream.shutdown().await.is_err() {
        return;
    }
    let mut sink = [0u8; 1024];
    let drain = async {
        loop {
            match tokio::io::AsyncReadExt::read(&mut stream, &mut sink).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), drain).await;
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream as StdStream;
    use std::time::Instant;

    use super::*;
    use crate::fake::fault::When;
    use crate::fake::generator::calls_between;
    use crate::report::{ReadError, Report};

    const DAY_10: &str = "20260310";

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
        Stamp::from_parts(y, mo, d, h, mi, s)
            .and_then(Stamp::seconds)
            .expect("a valid date-time")
    }

    fn config() -> FakeConfig {
        FakeConfig {
            now: Some(at(2030, 1, 1, 0, 0, 0)),
            ..FakeConfig::default()
        }
    }

    fn start(cfg: FakeConfig) -> FakeServer {
        FakeServer::start(cfg).expect("the fake server starts")
    }

    fn target(ini: &str, end: &str) -> String {
        format!("{PATH}?api=diagram_11&date_ini={ini}&date_end={end}")
    }

    /// Ten minutes of a Tuesday morning: a few dozen calls at 3000 a day.
    fn morning() -> String {
        target(&format!("{DAY_10}100000"), &format!("{DAY_10}100959"))
    }

    #[derive(Debug)]
    struct Reply {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        elapsed: Duration,
    }

    impl Reply {
        fn header(&self, name: &str) -> Option<&str> {
            self.headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        }

        fn json(&self) -> serde_json::Value {
            serde_json::from_slice(&self.body).expect("a JSON body")
        }

        fn msg(&self) -> String {
            self.json()["msg"].as_str().unwrap_or_default().to_string()
        }
    }

    /// Sends raw bytes and reads to EOF.
    fn exchange(server: &FakeServer, request: &[u8]) -> Reply {
        let started = Instant::now();
        let mut s = StdStream::connect(server.addr()).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        s.write_all(request).expect("sends");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("reads to EOF");
        let elapsed = started.elapsed();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete head");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|c| c.parse().ok())
            .expect("a status line");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
            elapsed,
        }
    }

    fn get_with(server: &FakeServer, target: &str, token: Option<&str>) -> Reply {
        let token = token.map_or(String::new(), |t| format!("wolkvox-token: {t}\r\n"));
        let req = format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n{token}\r\n");
        exchange(server, req.as_bytes())
    }

    fn get(server: &FakeServer, target: &str) -> Reply {
        get_with(server, target, Some("demo-token"))
    }

    fn assert_refused(r: &Reply, status: u16, error: &str, msg: &str) {
        assert_eq!(r.status, status, "{}", String::from_utf8_lossy(&r.body));
        let v = r.json();
        assert_eq!(v["code"], serde_json::json!(status));
        assert_eq!(v["error"], serde_json::json!(error));
        assert_eq!(v["msg"], serde_json::json!(msg));
        assert_eq!(r.header("content-type"), Some("application/json"));
    }

    fn rows_of(r: &Reply) -> Report {
        let mut report = Report::new();
        report.ingest(&r.body).expect("the body reads as a report");
        report
    }

    #[test]
    fn serves_the_generated_calls() {
        let server = start(config());
        let r = get(&server, &morning());
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.header("connection"), Some("close"));
        assert_eq!(
            r.header("content-length"),
            Some(r.body.len().to_string().as_str())
        );
        let expected = calls_between(
            &GeneratorConfig::default(),
            at(2026, 3, 10, 10, 0, 0),
            at(2026, 3, 10, 10, 9, 59),
        );
        assert!(!expected.is_empty());
        assert_eq!(r.body, response_body(&expected, false));
        let report = rows_of(&r);
        assert_eq!(report.len(), expected.len());
        let k = crate::report::KeyNumbers::of_report(&report, 120);
        assert_eq!(k.unreadable_values, 0);

        // `code` alternates between a number and a string.
        let second = get(&server, &morning());
        assert_eq!(second.json()["code"], serde_json::json!("200"));
        assert_eq!(second.body, response_body(&expected, true));
        let third = get(&server, &morning());
        assert_eq!(third.json()["code"], serde_json::json!(200));
        assert_eq!(
            server.stats(),
            FakeStats {
                requests: 3,
                max_in_flight_seen: 1,
                quota_used: 3
            }
        );
    }

    #[test]
    fn every_refusal_of_the_contract() {
        let server = start(config());
        let ini = format!("{DAY_10}100000");
        let end = format!("{DAY_10}100959");

        let r = get_with(&server, &morning(), None);
        assert_refused(&r, 401, "UNAUTHORIZED", MSG_NO_TOKEN);
        let r = get_with(&server, &morning(), Some(""));
        assert_refused(&r, 401, "UNAUTHORIZED", MSG_NO_TOKEN);
        let r = get_with(&server, &morning(), Some("other-token"));
        assert_refused(&r, 403, "FORBIDDEN", MSG_BAD_TOKEN);
        // The header name is case-insensitive.
        let req = format!(
            "GET {} HTTP/1.1\r\nWOLKVOX-TOKEN: demo-token\r\n\r\n",
            morning()
        );
        assert_eq!(exchange(&server, req.as_bytes()).status, 200);

        let wrong_api = format!("{PATH}?api=diagram_99&date_ini={ini}&date_end={end}");
        assert_refused(&get(&server, &wrong_api), 400, "BAD REQUEST", MSG_NO_API);
        let no_api = format!("{PATH}?date_ini={ini}&date_end={end}");
        assert_refused(&get(&server, &no_api), 400, "BAD REQUEST", MSG_PARAMS);
        let no_end = format!("{PATH}?api=diagram_11&date_ini={ini}");
        assert_refused(&get(&server, &no_end), 400, "BAD REQUEST", MSG_PARAMS);
        for (a, b) in [
            ("2026031010000", end.as_str()),
            ("2026-03-10%2010:00:00", end.as_str()),
            (ini.as_str(), "20261310100000"),
            (ini.as_str(), "20260230100000"),
            (ini.as_str(), "20260310246000"),
        ] {
            let r = get(&server, &target(a, b));
            assert_refused(&r, 400, "BAD REQUEST", MSG_PARAMS);
        }
        let reversed = target(&end, &ini);
        assert_refused(&get(&server, &reversed), 400, "BAD REQUEST", MSG_REVERSED);
        let long = target("20260101000000", "20260201000000");
        assert_refused(&get(&server, &long), 400, "BAD REQUEST", MSG_TOO_LONG);

        let r = get(&server, "/api/v2/other.php?api=diagram_11");
        assert_eq!(
            (r.status, r.header("content-type")),
            (404, Some("text/html"))
        );
        let req = format!(
            "POST {} HTTP/1.1\r\nwolkvox-token: demo-token\r\n\r\n",
            morning()
        );
        assert_eq!(exchange(&server, req.as_bytes()).status, 405);

        let s = server.stats();
        assert_eq!(s.requests, 16);
        // The three requests without a valid token, the wrong path and the POST used none.
        assert_eq!(s.quota_used, 11);
    }

    #[test]
    fn a_month_of_31_days_is_accepted() {
        let server = start(FakeConfig {
            generator: GeneratorConfig {
                calls_per_day: 20.0,
                ..GeneratorConfig::default()
            },
            ..config()
        });
        let r = get(&server, &target("20260101000000", "20260131235959"));
        assert_eq!(r.status, 200);
        assert!(rows_of(&r).len() > 300);
    }

    #[test]
    fn no_rows_is_a_404() {
        let quiet = GeneratorConfig {
            calls_per_day: 50.0,
            ..GeneratorConfig::default()
        };
        let (ini, end) = (at(2026, 3, 10, 3, 0, 0), at(2026, 3, 10, 3, 1, 0));
        assert!(
            calls_between(&quiet, ini, end).is_empty(),
            "the night is quiet"
        );
        let server = start(FakeConfig {
            generator: quiet,
            ..config()
        });
        let night = target(&format!("{DAY_10}030000"), &format!("{DAY_10}030100"));
        let r = get(&server, &night);
        assert_eq!(r.status, 404);
        assert_eq!(
            r.json(),
            serde_json::json!({"code": 404, "error": null, "msg": "Validate dates entered"})
        );
        assert!(Report::new().ingest(&r.body).is_ok_and(|i| i.no_records));

        // A busy morning, but "now" is still before it.
        server.set_now(Some(at(2026, 3, 10, 9, 59, 59)));
        assert_eq!(get(&server, &morning()).status, 404);
    }

    #[test]
    fn never_serves_calls_after_now() {
        let server = start(config());
        let now = at(2026, 3, 10, 10, 5, 30);
        server.set_now(Some(now));
        let r = get(&server, &morning());
        assert_eq!(r.status, 200);
        let v = r.json();
        let rows = v["data"].as_array().expect("rows");
        let expected = calls_between(&GeneratorConfig::default(), at(2026, 3, 10, 10, 0, 0), now);
        assert_eq!(rows.len(), expected.len());
        let last = rows.last().and_then(|r| r["end_date_rp"].as_str());
        assert!(last.is_some_and(|d| d <= "2026-03-10 10:05:30"), "{last:?}");

        // The wall clock: a range in the past is served whole.
        server.set_now(None);
        let r = get(&server, &morning());
        assert_eq!(
            r.json()["data"].as_array().map(Vec::len),
            Some(
                calls_between(
                    &GeneratorConfig::default(),
                    at(2026, 3, 10, 10, 0, 0),
                    at(2026, 3, 10, 10, 9, 59)
                )
                .len()
            )
        );
    }

    #[test]
    fn cuts_at_the_row_cap() {
        let server = start(FakeConfig {
            row_cap: 100,
            ..config()
        });
        let r = get(
            &server,
            &target(&format!("{DAY_10}080000"), &format!("{DAY_10}180000")),
        );
        assert_eq!(r.status, 200);
        let all = calls_between(
            &GeneratorConfig::default(),
            at(2026, 3, 10, 8, 0, 0),
            at(2026, 3, 10, 18, 0, 0),
        );
        assert!(all.len() > 100);
        assert_eq!(r.body, response_body(&all[..100], false));
        assert_eq!(r.msg(), "100 records were found");
    }

    #[test]
    fn daily_quota_runs_out() {
        let server = start(FakeConfig {
            daily_quota: 2,
            ..config()
        });
        assert_eq!(get(&server, &morning()).status, 200);
        assert_refused(
            &get_with(&server, &morning(), Some("x")),
            403,
            "FORBIDDEN",
            MSG_BAD_TOKEN,
        );
        assert_eq!(
            get(&server, &target("20260310030000", "20260310030000")).status,
            404
        );
        assert_refused(&get(&server, &morning()), 403, "FORBIDDEN", MSG_QUOTA);
        assert_refused(&get(&server, &morning()), 403, "FORBIDDEN", MSG_QUOTA);
        assert_eq!(server.stats().quota_used, 2);
        assert_eq!(server.stats().requests, 5);
    }

    #[test]
    fn a_second_request_in_flight_is_refused() {
        let server = start(config());
        server.inject(FaultRule::new(
            When::Nth(1),
            Fault::Latency(Duration::from_millis(600)),
        ));
        std::thread::scope(|s| {
            let first = s.spawn(|| get(&server, &morning()));
            // Wait until the first request is in flight on the server.
            let deadline = Instant::now() + Duration::from_secs(5);
            while server.shared.in_flight.load(Ordering::SeqCst) == 0 && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
            let second = get(&server, &morning());
            assert_refused(&second, 403, "FORBIDDEN", MSG_BUSY);
            let first = first.join().expect("the first request");
            assert_eq!(first.status, 200);
            assert!(first.elapsed >= Duration::from_millis(600));
        });
        assert_eq!(server.stats().max_in_flight_seen, 2);
        // Back to one at a time: accepted again, straight after.
        for _ in 0..5 {
            assert_eq!(get(&server, &morning()).status, 200);
        }
        assert_eq!(server.stats().max_in_flight_seen, 2);
        assert_eq!(server.shared.in_flight.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn replacing_faults_on_the_wire() {
        let server = start(config());
        let cases: [(Fault, u16); 5] = [
            (Fault::ServerError500, 500),
            (Fault::HtmlErrorPage, 502),
            (Fault::Maintenance, 403),
            (Fault::Busy, 403),
            (Fault::NoRows, 404),
        ];
        for (fault, status) in cases {
            server.inject(FaultRule::new(When::Always, fault.clone()).times(1));
            let r = get(&server, &morning());
            assert_eq!(r.status, status, "{fault:?}");
            assert_eq!(
                r.header("content-length"),
                Some(r.body.len().to_string().as_str())
            );
            match fault {
                Fault::HtmlErrorPage => {
                    assert_eq!(r.header("content-type"), Some("text/html"));
                    assert!(String::from_utf8_lossy(&r.body).contains("502 Bad Gateway"));
                }
                Fault::Maintenance => assert!(r.msg().contains("MAINTENANCE")),
                Fault::Busy => assert_refused(&r, 403, "FORBIDDEN", MSG_BUSY),
                Fault::NoRows => assert_eq!(r.msg(), MSG_NO_ROWS),
                _ => assert_eq!(r.json()["code"], serde_json::json!(500)),
            }
        }
        server.inject(FaultRule::new(When::Always, Fault::Malformed).times(1));
        let r = get(&server, &morning());
        assert_eq!(r.status, 200);
        assert!(serde_json::from_slice::<serde_json::Value>(&r.body).is_err());
        assert!(matches!(
            Report::new().ingest(&r.body),
            Err(ReadError::NotJson { .. })
        ));
        for (status, sent) in [(307, 307), (301, 301), (200, 302)] {
            server.inject(
                FaultRule::new(
                    When::Always,
                    Fault::Redirect {
                        status,
                        location: "http://127.0.0.1:9/elsewhere\r\nX-Evil: 1".into(),
                    },
                )
                .times(1),
            );
            let r = get(&server, &morning());
            assert_eq!(r.status, sent);
            assert_eq!(
                r.header("location"),
                Some("http://127.0.0.1:9/elsewhereX-Evil: 1")
            );
            assert_eq!(r.header("x-evil"), None);
        }
        // Faults answering instead of the API use no quota; all count as requests.
        assert_eq!(server.stats().quota_used, 0);
        assert_eq!(server.stats().requests, 9);
        assert_eq!(get(&server, &morning()).status, 200);
    }

    #[test]
    fn delivery_faults_on_the_wire() {
        let server = start(config());
        let normal = get(&server, &morning());
        // Successful answers alternate `code` between 200 and "200" (two bytes more).
        let len = normal.body.len();

        server.inject(FaultRule::new(When::Nth(2), Fault::DropMidBody));
        let r = get(&server, &morning());
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("content-length"),
            Some((len + 2).to_string().as_str())
        );
        assert_eq!(r.body.len(), (len + 2) / 2);

        server.inject(FaultRule::new(When::Nth(3), Fault::Truncated));
        let r = get(&server, &morning());
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("content-length"),
            Some(r.body.len().to_string().as_str())
        );
        assert_eq!(r.body.len(), len / 2, "the third answer has a numeric code");
        assert_eq!(
            Report::new().ingest(&r.body).err(),
            Some(ReadError::Truncated)
        );

        server.inject(FaultRule::new(When::Nth(4), Fault::Oversized));
        let r = get(&server, &morning());
        assert_eq!(r.header("content-length"), Some("300000000"));
        assert!(r.body.len() <= OVERSIZED_SENT && !r.body.is_empty());

        server.inject(FaultRule::new(
            When::Nth(5),
            Fault::Latency(Duration::from_millis(300)),
        ));
        let r = get(&server, &morning());
        assert_eq!(r.status, 200);
        assert!(r.elapsed >= Duration::from_millis(300));

        // Sent at twice the body's size per second: about half a second.
        server.inject(FaultRule::new(
            When::Nth(6),
            Fault::Trickle {
                bytes_per_sec: 2 * len,
            },
        ));
        let r = get(&server, &morning());
        assert_eq!(r.status, 200);
        assert!(r.elapsed >= Duration::from_millis(400), "{:?}", r.elapsed);
        assert_eq!(r.json()["data"], normal.json()["data"]);

        let s = server.stats();
        assert_eq!((s.requests, s.quota_used), (6, 6));
    }

    #[test]
    fn rules_pick_their_requests() {
        let server = start(config());
        let other = target(&format!("{DAY_10}110000"), &format!("{DAY_10}110459"));
        server.inject(FaultRule::new(
            When::DateIni(format!("{DAY_10}110000")),
            Fault::NoRows,
        ));
        assert_eq!(get(&server, &morning()).status, 200);
        assert_eq!(get(&server, &other).status, 404);
        assert_eq!(get(&server, &other).status, 404);
        server.clear_faults();
        assert_eq!(get(&server, &other).status, 200);

        server.inject(FaultRule::new(When::Always, Fault::ServerError500).times(2));
        assert_eq!(get(&server, &morning()).status, 500);
        assert_eq!(get(&server, &other).status, 500);
        assert_eq!(get(&server, &morning()).status, 200);
    }

    #[test]
    fn hang_holds_until_shutdown() {
        let server = start(config());
        server.inject(FaultRule::new(When::Always, Fault::Hang));
        let mut s = StdStream::connect(server.addr()).expect("connects");
        s.set_read_timeout(Some(Duration::from_millis(300)))
            .expect("timeout");
        let req = format!(
            "GET {} HTTP/1.1\r\nwolkvox-token: demo-token\r\n\r\n",
            morning()
        );
        s.write_all(req.as_bytes()).expect("sends");
        let mut buf = [0u8; 64];
        let waited = s.read(&mut buf);
        assert!(waited.is_err(), "no answer: {waited:?}");
        let addr = server.addr();
        let started = Instant::now();
        drop(server);
        assert!(started.elapsed() < Duration::from_secs(3));
        s.set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        // Closed without a byte of answer.
        assert!(matches!(s.read(&mut buf), Ok(0) | Err(_)));
        assert!(StdStream::connect(addr).is_err(), "the port is free");
    }

    #[test]
    fn odd_bytes_never_break_the_server() {
        let server = start(config());
        let r = exchange(&server, b"\x00\x01\x02 garbage\r\n\r\n");
        assert_eq!(r.status, 400);
        let mut big = b"GET / HTTP/1.1\r\nX: ".to_vec();
        big.extend(std::iter::repeat_n(b'a', 20_000));
        big.extend_from_slice(b"\r\n\r\n");
        assert_eq!(exchange(&server, &big).status, 431);
        // A client that connects and leaves without a request.
        drop(StdStream::connect(server.addr()).expect("connects"));
        let mut half = StdStream::connect(server.addr()).expect("connects");
        half.write_all(b"GET / HT").expect("sends");
        drop(half);
        let mut odd = format!(
            "GET {} HTTP/1.1\r\nwolkvox-token: demo-token\r\n",
            morning()
        )
        .into_bytes();
        odd.extend_from_slice(b"x-extra: \xff\r\n\r\n");
        let r = exchange(&server, &odd);
        assert_eq!(r.status, 200);
        assert_eq!(server.stats().requests, 3);
    }

    #[test]
    fn starts_and_stops_inside_an_async_runtime() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        rt.block_on(async {
            let server = start(config());
            assert!(server.base_url().starts_with("http://127.0.0.1:"));
            let addr = server.addr();
            let reply = tokio::task::spawn_blocking(move || {
                let mut s = StdStream::connect(addr).expect("connects");
                s.write_all(b"GET / HTTP/1.1\r\n\r\n").expect("sends");
                let mut raw = Vec::new();
                s.read_to_end(&mut raw).expect("reads");
                raw
            })
            .await
            .expect("the client thread");
            assert!(reply.starts_with(b"HTTP/1.1 404"));
            drop(server);
        });
    }

    #[test]
    fn config_debug_hides_the_token() {
        let text = format!("{:?}", config());
        assert!(!text.contains("demo-token"));
    }
}

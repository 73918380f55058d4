//! The token goes to Wolkvox and nowhere else: redirects are never followed, plain HTTP
//! reaches only this computer, and a server whose certificate no authority signed is
//! refused before a single byte of the request (and its token header) is sent.

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use secrecy::SecretString;
use wolkvox_ivr::fake::{FakeConfig, FakeServer, Fault, FaultRule, GeneratorConfig, When};
use wolkvox_ivr::i18n::Lang;
use wolkvox_ivr::report::{Report, Stamp};
use wolkvox_ivr::wolkvox::{ApiError, Client, Endpoint, ServerName, TimeRange, plan};
use wolkvox_ivr::worker::{Event, FetchSettings, Outcome, Worker};

const TOKEN: &str = "sec-token-5be1c0de-never-elsewhere";

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Stamp {
    Stamp::from_parts(y, mo, d, h, mi, s).unwrap()
}

/// July to September 2026: three requests.
fn quarter() -> TimeRange {
    TimeRange::new(at(2026, 7, 1, 0, 0, 0), at(2026, 9, 30, 23, 59, 59)).unwrap()
}

fn server() -> FakeServer {
    FakeServer::start(FakeConfig {
        token: TOKEN.into(),
        generator: GeneratorConfig {
            seed: 5,
            calls_per_day: 200.0,
        },
        now: at(2026, 11, 26, 12, 0, 0).seconds(),
        ..FakeConfig::default()
    })
    .unwrap()
}

fn quick() -> FetchSettings {
    FetchSettings {
        timeout: Duration::from_secs(5),
        busy_pause: Duration::from_millis(5),
        retry_pause: Duration::from_millis(5),
        ..FetchSettings::default()
    }
}

/// Runs one fetch with `client` to its end: the merged rows, the outcome, the stopping error.
fn fetch_with(client: Client, ranges: Vec<TimeRange>) -> (Report, Outcome, Option<ApiError>) {
    let w = Worker::spawn(quick(), Arc::new(|| {})).unwrap();
    let job = w.fetch(Arc::new(client), ranges);
    let mut report = Report::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        match w.recv_timeout(Duration::from_millis(100)) {
            Some(Event::Rows { report: part, .. }) => report.merge(&part),
            Some(Event::Done { outcome, job: j }) if j == job => return (report, outcome, None),
            Some(Event::Failed {
                error,
                outcome,
                job: j,
            }) if j == job => return (report, outcome, Some(error)),
            _ => {}
        }
    }
    panic!("the fetch did not end");
}

fn loopback_client(s: &FakeServer) -> Client {
    Client::new(
        Endpoint::loopback(&s.base_url()).unwrap(),
        SecretString::from(TOKEN.to_string()),
        Duration::from_secs(5),
    )
    .unwrap()
}

/// A listener on this computer that records every connection and the bytes it got:
/// stands in for wherever a redirect or a wrong address would send the request.
struct Elsewhere {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    received: Arc<Mutex<Vec<u8>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Elsewhere {
    fn start() -> Elsewhere {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (connections, received, stop) =
                (connections.clone(), received.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((mut s, _)) => {
                            connections.fetch_add(1, Ordering::SeqCst);
                            let _ = s.set_nonblocking(false);
                            let _ = s.set_read_timeout(Some(Duration::from_millis(300)));
                            let mut buf = [0u8; 4096];
                            if let Ok(n) = s.read(&mut buf) {
                                received.lock().unwrap().extend_from_slice(&buf[..n]);
                            }
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Elsewhere {
            addr,
            connections,
            received,
            stop,
            thread: Some(thread),
        }
    }

    /// Connections so far, after giving a late one time to arrive.
    fn connections(&self) -> usize {
        std::thread::sleep(Duration::from_millis(150));
        self.connections.load(Ordering::SeqCst)
    }

    fn received(&self) -> String {
        String::from_utf8_lossy(&self.received.lock().unwrap()).into_owned()
    }
}

impl Drop for Elsewhere {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Runs the command with `stdin`, its plain-HTTP test address set to `loopback` (or
/// none), quick pauses, and its files in `dir`.
fn cli(args: &[&str], stdin: &str, loopback: Option<&str>, dir: &Path) -> Output {
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::write(
        dir.join("config/settings.json"),
        br#"{"busy_pause_ms":5,"retry_pause_ms":5,"request_timeout_secs":10}"#,
    )
    .unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_wolkvox-ivr"));
    match loopback {
        Some(address) => command.env("WOLKVOX_IVR_LOOPBACK", address),
        None => command.env_remove("WOLKVOX_IVR_LOOPBACK"),
    };
    let mut child = command
        .args(args)
        .env("WOLKVOX_IVR_CONFIG_DIR", dir.join("config"))
        .env("WOLKVOX_IVR_LOG_DIR", dir.join("logs"))
        .env("WOLKVOX_IVR_DATA_DIR", dir.join("data"))
        .env("RUST_LOG", "trace")
        .env("LANG", "C")
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn fetch_quarter_args(out: &Path) -> Vec<String> {
    [
        "fetch",
        "--server",
        "0002",
        "--token-stdin",
        "--from",
        "2026-07-01",
        "--to",
        "2026-09-30",
        "--lang",
        "en",
        "--out",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([out.to_string_lossy().into_owned()])
    .collect()
}

// ---- redirects ----

#[test]
fn a_redirect_is_never_followed_so_the_token_stays_home() {
    support::capture_logs();
    let elsewhere = Elsewhere::start();
    let location = format!(
        "http://{}/api/v2/reports_manager.php?api=diagram_11",
        elsewhere.addr
    );
    let pieces = plan(quarter());
    assert_eq!(pieces.len(), 3);
    let august = pieces[1];

    // Every redirect status, on the first request: stopped at once, nothing followed.
    for status in [301, 302, 303, 307, 308] {
        let s = server();
        s.inject(FaultRule::new(
            When::Always,
            Fault::Redirect {
                status,
                location: location.clone(),
            },
        ));
        let (report, outcome, fatal) = fetch_with(loopback_client(&s), vec![quarter()]);
        assert_eq!(fatal, Some(ApiError::Redirected { status }));
        assert!(report.is_empty());
        assert_eq!(s.stats().requests, 1, "{status}: not retried");
        assert_eq!(outcome.missing.len(), 3, "{status}: every range named");
    }

    // On the second request: July is kept, August and September are named as missing.
    let s = server();
    s.inject(FaultRule::new(
        When::DateIni(august.api_bounds().0),
        Fault::Redirect {
            status: 302,
            location: location.clone(),
        },
    ));
    let (report, outcome, fatal) = fetch_with(loopback_client(&s), vec![quarter()]);
    let e = fatal.expect("the fetch stops");
    assert_eq!(e, ApiError::Redirected { status: 302 });
    assert_eq!(wolkvox_ivr::cli::exit_for(&e) as i32, 3);
    assert_eq!(
        e.message(Lang::En),
        "The server tried to send the request somewhere else, which is not allowed. \
         Check the server number."
    );
    assert!(e.message(Lang::Es).contains("otro lugar"));
    assert_eq!(outcome.fetched, vec![pieces[0]]);
    let missing: Vec<TimeRange> = outcome.missing.iter().map(|m| m.range).collect();
    assert_eq!(missing, vec![pieces[1], pieces[2]]);
    let july = wolkvox_ivr::fake::calls_between(
        &GeneratorConfig {
            seed: 5,
            calls_per_day: 200.0,
        },
        pieces[0].from_secs(),
        pieces[0].to_secs(),
    );
    assert!(july.len() > 1000);
    assert_eq!(
        report.len(),
        july.len(),
        "the rows before the redirect are kept"
    );

    assert_eq!(elsewhere.connections(), 0, "nothing went where it pointed");
    support::assert_never_shown(TOKEN, &[("the redirect target", &elsewhere.received())]);
}

#[test]
fn the_fetch_command_stops_at_a_redirect_with_its_plain_message() {
    let elsewhere = Elsewhere::start();
    let location = format!("http://{}/", elsewhere.addr);
    let dir = tempfile::tempdir().unwrap();
    let pieces = plan(quarter());

    // At the first request: nothing fetched, refused (3), no file.
    let s = server();
    s.inject(FaultRule::new(
        When::Always,
        Fault::Redirect {
            status: 307,
            location: location.clone(),
        },
    ));
    let out = dir.path().join("first.json");
    let args = fetch_quarter_args(&out);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = cli(&args, TOKEN, Some(&s.base_url()), dir.path());
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(
        err.contains("tried to send the request somewhere else"),
        "{err}"
    );
    assert!(!out.exists());
    assert!(!err.contains(TOKEN));

    // At the second request: July saved, the rest named, partial (4).
    let s = server();
    s.inject(FaultRule::new(
        When::DateIni(pieces[1].api_bounds().0),
        Fault::Redirect {
            status: 302,
            location,
        },
    ));
    let out = dir.path().join("partial.json");
    let args = fetch_quarter_args(&out);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = cli(&args, TOKEN, Some(&s.base_url()), dir.path());
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(4), "{err}");
    assert!(
        err.contains("tried to send the request somewhere else"),
        "{err}"
    );
    let mut saved = Report::new();
    let got = saved.ingest(&std::fs::read(&out).unwrap()).unwrap();
    let meta = wolkvox_ivr::saved::SavedMeta::from_ingested(&got).unwrap();
    assert_eq!(meta.missing, vec![pieces[1], pieces[2]]);
    assert!(saved.len() > 1000, "July's rows were saved");

    assert_eq!(elsewhere.connections(), 0);
    assert!(!elsewhere.received().contains(TOKEN));
}

// ---- plain HTTP ----

#[test]
fn plain_http_off_this_computer_is_refused_before_any_connection() {
    // Addresses that look local, or hide another host behind a local-looking start.
    for base in [
        "http://10.0.0.1:8080",
        "http://192.168.1.20",
        "http://wv0002.wolkvox.com",
        "http://127.0.0.1.evil.example:80",
        "http://127.0.0.1@evil.example",
        "http://localhost.evil.example",
        "http://evil.localhost:80",
        "http://127.0.0.2:80",
        "http://[::ffff:127.0.0.1]:80",
        "http://2130706433",
        "http:/127.0.0.1:80",
        "HTTP://evil.example",
        "https://127.0.0.1:443",
    ] {
        assert_eq!(Endpoint::loopback(base), None, "{base}");
    }
    // A pasted address always ends up as HTTPS to Wolkvox itself, or is refused.
    let pasted = ServerName::parse("http://wv0002.wolkvox.com/api/v2/").unwrap();
    assert_eq!(pasted.base_url(), "https://wv0002.wolkvox.com");
    for bad in [
        "http://127.0.0.1:8080",
        "http://wv0002.wolkvox.com.evil.example",
        "http://evil.example/wv0002.wolkvox.com",
        "wv0002.evil.example",
    ] {
        assert!(ServerName::parse(bad).is_err(), "{bad}");
    }

    // Through the command: a server typed as a plain address is a usage error, and the
    // listener at that address sees no connection.
    let elsewhere = Elsewhere::start();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.json");
    let server = format!("http://{}", elsewhere.addr);
    let args = [
        "fetch",
        "--server",
        &server,
        "--token-stdin",
        "--from",
        "today",
        "--to",
        "today",
        "--lang",
        "en",
        "--out",
        out.to_str().unwrap(),
    ];
    let o = cli(&args, TOKEN, None, dir.path());
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!out.exists());
    assert_eq!(elsewhere.connections(), 0);
}

// ---- certificates ----

/// A certificate for `wv0002.wolkvox.com` that signs itself (made once with OpenSSL; valid
/// 2020-2120). No authority vouches for it, so no client that checks certificates may
/// accept it. It and its key exist only for this test.
const SELF_SIGNED_CERT: &str = "-----BEGIN CERTIFICATE-----
MIIBjjCCATSgAwIBAgIBATAKBggqhkjOPQQDAjAdMRswGQYDVQQDDBJ3djAwMDIu
d29sa3ZveC5jb20wIBcNMjAwMTAxMDAwMDAwWhgPMjEyMDAxMDEwMDAwMDBaMB0x
GzAZBgNVBAMMEnd2MDAwMi53b2xrdm94LmNvbTBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABD2qmViSmwTZRnJsaaP6spH3Z6D52XY+VYH5mI1/syE5YfKyQ+M5TYub
4rL7RB3w3k58lBb4ZaoMVdv2DPmqC4qjYzBhMB0GA1UdEQQWMBSCEnd2MDAwMi53
b2xrdm94LmNvbTAMBgNVHRMBAf8EAjAAMBMGA1UdJQQMMAoGCCsGAQUFBwMBMB0G
A1UdDgQWBBQKcklqHFgbviGd61RMloZp5mE0BDAKBggqhkjOPQQDAgNIADBFAiEA
jz53v6PkqBqHSu1pDx+w/kP5CdyGlPz2A+v70vwkHygCIAru5CyzlzHn+oaflbWg
6oJuJG7jEs0aZ8b0aq4gLfoV
-----END CERTIFICATE-----
";

const SELF_SIGNED_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgXMs9plH2r3Ev3V1b
j9Vidw43zccf7pdhW5cQ2KeWmOKhRANCAAQ9qplYkpsE2UZybGmj+rKR92eg+dl2
PlWB+ZiNf7MhOWHyskPjOU2Lm+Ky+0Qd8N5OfJQW+GWqDFXb9gz5qguK
-----END PRIVATE KEY-----
";

/// What a TLS server on this computer saw.
#[derive(Debug, Default)]
struct TlsSeen {
    connections: usize,
    handshakes: usize,
    request: Vec<u8>,
    failures: Vec<String>,
}

/// A TLS server on 127.0.0.1 presenting the self-signed certificate; it answers a
/// request, if one ever arrives, with an empty report.
fn tls_server() -> (SocketAddr, Arc<Mutex<TlsSeen>>, Arc<AtomicBool>) {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let cert = CertificateDer::from_pem_slice(SELF_SIGNED_CERT.as_bytes()).unwrap();
    let key = PrivateKeyDer::from_pem_slice(SELF_SIGNED_KEY.as_bytes()).unwrap();
    let config = Arc::new(
        rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(TlsSeen::default()));
    let stop = Arc::new(AtomicBool::new(false));
    {
        let (seen, stop) = (seen.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                let Ok((tcp, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                };
                seen.lock().unwrap().connections += 1;
                let _ = tcp.set_nonblocking(false);
                let _ = tcp.set_read_timeout(Some(Duration::from_secs(5)));
                let conn = rustls::ServerConnection::new(config.clone()).unwrap();
                let mut tls = rustls::StreamOwned::new(conn, tcp);
                let mut buf = [0u8; 4096];
                match tls.read(&mut buf) {
                    Ok(n) => {
                        let mut s = seen.lock().unwrap();
                        s.handshakes += 1;
                        s.request.extend_from_slice(&buf[..n]);
                        drop(s);
                        let body =
                            br#"{"code":200,"error":null,"msg":"0 records were found","data":[]}"#;
                        let _ = write!(
                            tls,
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                             Content-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        );
                        let _ = tls.write_all(body);
                        tls.conn.send_close_notify();
                        let _ = tls.flush();
                    }
                    Err(e) => seen.lock().unwrap().failures.push(e.to_string()),
                }
            }
        });
    }
    (addr, seen, stop)
}

#[test]
fn a_server_whose_certificate_no_authority_signed_never_gets_the_request() {
    support::capture_logs();
    let (addr, seen, stop) = tls_server();

    // The same server completes a handshake with a client told to trust its certificate,
    // so the refusal below is the certificate check and not a broken server.
    {
        use rustls::pki_types::pem::PemObject;
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(
                rustls::pki_types::CertificateDer::from_pem_slice(SELF_SIGNED_CERT.as_bytes())
                    .unwrap(),
            )
            .unwrap();
        let config = rustls::ClientConfig::builder()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let name = rustls::pki_types::ServerName::try_from("wv0002.wolkvox.com").unwrap();
        let conn = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
        let tcp = TcpStream::connect(addr).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        tls.write_all(b"GET /trusted HTTP/1.1\r\nHost: wv0002.wolkvox.com\r\n\r\n")
            .unwrap();
        let mut answer = Vec::new();
        let _ = tls.read_to_end(&mut answer);
        assert!(
            answer.starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&answer)
        );
    }
    let before = std::mem::take(&mut *seen.lock().unwrap());
    assert_eq!((before.connections, before.handshakes), (1, 1));

    // The real client, sent to that server under Wolkvox's own name.
    let server = ServerName::parse("0002").unwrap();
    let client = Client::new_resolving_to(
        Endpoint::Wolkvox(server),
        SecretString::from(TOKEN.to_string()),
        Duration::from_secs(5),
        addr,
    )
    .unwrap();
    let day = TimeRange::new(at(2026, 11, 2, 0, 0, 0), at(2026, 11, 2, 23, 59, 59)).unwrap();
    let (report, outcome, fatal) = fetch_with(client, vec![day]);
    assert_eq!(fatal, None, "a network failure does not stop other ranges");
    assert!(report.is_empty());
    assert_eq!(outcome.missing.len(), 1);
    let e = &outcome.missing[0].error;
    let ApiError::Network { detail } = e else {
        panic!("{e:?}");
    };
    assert!(
        detail.to_ascii_lowercase().contains("certificate"),
        "the log names the cause: {detail}"
    );
    assert!(e.message(Lang::En).starts_with("Could not reach Wolkvox"));
    assert_eq!(wolkvox_ivr::cli::exit_for(e) as i32, 6);

    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, Ordering::SeqCst);
    let seen = seen.lock().unwrap();
    assert!(
        seen.connections >= 1,
        "the client did reach the server: {seen:?}"
    );
    assert_eq!(seen.handshakes, 0, "no handshake completed: {seen:?}");
    assert!(seen.request.is_empty());
    assert_eq!(seen.failures.len(), seen.connections, "{seen:?}");
    support::assert_never_shown(TOKEN, &[("the error", detail)]);
}

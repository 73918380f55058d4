//! `fetch`, and the network source shared by `summary` and `export`: the same client,
//! worker and history on this computer the window uses, with a progress line on stderr.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use super::{Exit, Failure, FetchArgs, NetArgs, read_inputs, store, usage, when};
use crate::fake::{FakeConfig, FakeServer};
use crate::i18n::{self, Lang, fill};
use crate::report::Report;
use crate::saved::{SavedMeta, write_response};
use crate::settings::Settings;
use crate::store::StoreSink;
use crate::wolkvox::when::End;
use crate::wolkvox::{ApiError, Client, Endpoint, ServerName, TimeRange};
use crate::worker::{AnswerSink, Event, FetchSettings, Outcome, Sink, Worker};

/// The environment variable that sends `--server` requests to a server on this computer
/// (`http://127.0.0.1:PORT`) instead of Wolkvox, for tests; other addresses are ignored.
pub const LOOPBACK_ENV: &str = "WOLKVOX_IVR_LOOPBACK";

/// The rows of a fetch and how complete they are.
pub struct NetResult {
    /// The merged rows.
    pub report: Report,
    /// What was asked for and what is missing.
    pub meta: SavedMeta,
    /// Success, or partial (exit 4).
    pub exit: Exit,
}

/// The requested range from `--from` / `--to`, in the operation's time zone.
fn requested_range(net: &NetArgs, lang: Lang, settings: &Settings) -> Result<TimeRange, Failure> {
    let t = lang.texts();
    let (Some(from), Some(to)) = (&net.from, &net.to) else {
        return Err(usage(t.usage_range_needed.to_string()));
    };
    let from = when(from, End::From, lang, settings)?;
    let to = when(to, End::To, lang, settings)?;
    TimeRange::new(from, to).ok_or_else(|| usage(t.usage_range_backwards.to_string()))
}

/// Where to connect and with which token; keeps the demo server alive while used.
struct Source {
    endpoint: Endpoint,
    token: SecretString,
    label: String,
    /// The operation, for the history on this computer; `None` for demo data, which is
    /// never stored.
    server: Option<ServerName>,
    _demo: Option<FakeServer>,
}

fn source(net: &NetArgs, lang: Lang) -> Result<Source, Failure> {
    let t = lang.texts();
    if net.demo {
        let cfg = FakeConfig::default();
        let token = SecretString::from(cfg.token.clone());
        let server = FakeServer::start(cfg).map_err(|e| Failure {
            exit: Exit::Nothing,
            message: fill(t.demo_cannot_start, &[("reason", &e)]),
        })?;
        let endpoint = Endpoint::loopback(&server.base_url()).ok_or_else(|| Failure {
            exit: Exit::Nothing,
            message: fill(t.demo_cannot_start, &[("reason", &server.base_url())]),
        })?;
        return Ok(Source {
            endpoint,
            token,
            label: "demo".into(),
            server: None,
            _demo: Some(server),
        });
    }
    let Some(typed) = &net.server else {
        return Err(usage(t.usage_source.to_string()));
    };
    let server = ServerName::parse(typed).map_err(|e| usage(e.message(lang)))?;
    let token = if net.token_stdin {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| usage(fill(t.usage_other, &[("detail", &e)])))?;
        let token = text.trim().to_string();
        if token.is_empty() {
            return Err(usage(t.usage_token_empty.to_string()));
        }
        SecretString::from(token)
    } else {
        // Without --token-stdin the token comes from the OS keychain, saved by the window.
        let no_token = |reason: String| {
            usage(fill(
                t.usage_no_saved_token,
                &[("server", &server.digits()), ("reason", &reason)],
            ))
        };
        match crate::secrets::Keychain::platform().load(server) {
            Ok(Some(token)) => token,
            Ok(None) => return Err(no_token(t.keychain_no_entry.to_string())),
            Err(e) => return Err(no_token(e.message(lang))),
        }
    };
    // Tests point the real command at a fake server on this computer; nothing else can be
    // reached this way, so the token never goes anywhere but Wolkvox or loopback.
    let endpoint = std::env::var(LOOPBACK_ENV)
        .ok()
        .and_then(|base| Endpoint::loopback(&base))
        .unwrap_or(Endpoint::Wolkvox(server));
    Ok(Source {
        endpoint,
        token,
        label: server.digits().to_string(),
        server: Some(server),
        _demo: None,
    })
}

/// Fetches `net`'s range (or `ranges`, when given) with the worker and merges the rows.
/// For an operation (not demo data), what the history on this computer covers comes
/// from it and only the gaps are fetched (`--refetch`: everything; `--no-store`: the
/// history is neither read nor written); each answer is stored before it counts as
/// arrived.
pub fn fetch_net(
    net: &NetArgs,
    ranges: Vec<TimeRange>,
    lang: Lang,
    settings: &Settings,
) -> Result<NetResult, Failure> {
    let ranges = if ranges.is_empty() {
        vec![requested_range(net, lang, settings)?]
    } else {
        ranges
    };
    let src = source(net, lang)?;
    let fetch_settings = FetchSettings::from_settings(settings);
    let mut kept = match src.server {
        Some(server) if !net.no_store => {
            store::open_for_fetch(lang, settings).map(|store| (server, store))
        }
        _ => None,
    };
    let mut report = Report::new();
    let mut to_fetch = ranges.clone();
    let mut from_store = false;
    if let Some((server, store)) = &kept
        && !net.refetch
    {
        match store
            .plan(*server, &ranges)
            .and_then(|plan| Ok((store.load(*server, &plan.stored)?, plan)))
        {
            Ok((stored, plan)) => {
                eprintln!("{}", store::cost_line(lang, &plan));
                from_store = !plan.stored.is_empty();
                report = stored;
                to_fetch = plan.gaps;
            }
            Err(e) => {
                store::warn(lang, &e);
                kept = None;
            }
        }
    }
    let (outcome, fatal) = if to_fetch.is_empty() {
        (Outcome::default(), None)
    } else {
        let sink = kept.take().map(|(server, store)| {
            Arc::new(
                StoreSink::new(
                    store,
                    server,
                    fetch_settings.refresh_overlap,
                    Box::new(move |e| store::warn(lang, e)),
                )
                .refetching(net.refetch),
            )
        });
        let got = run_worker(
            &src,
            fetch_settings,
            to_fetch,
            sink.clone().map(|s| s as Arc<dyn AnswerSink>),
            &mut report,
            lang,
        )?;
        if let (Some(sink), Some(server)) = (sink, src.server) {
            kept = sink.take_store().map(|store| (server, store));
        }
        got
    };
    if let Some((server, store)) = &mut kept
        && let (Some(first), Some(last)) = (ranges.first(), ranges.last())
        && let Some(span) = TimeRange::new(first.from(), last.to())
        && let Err(e) = store.set_last_load(*server, span)
    {
        tracing::warn!("last range not remembered: {e}");
    }
    let meta = SavedMeta {
        server: Some(src.label.clone()),
        requested: ranges,
        missing: outcome.missing.iter().map(|m| m.range).collect(),
        capped: outcome.capped.clone(),
        loaded_at: Some(crate::wolkvox::when::now_in(
            &crate::wolkvox::when::time_zone(settings.time_zone.as_deref()),
        )),
    };
    let exit = if outcome.requested.is_empty() {
        Exit::Success
    } else {
        judge(&outcome, fatal.as_ref(), from_store, lang)?
    };
    Ok(NetResult { report, meta, exit })
}

/// Runs one fetch of `ranges` with the worker, merging every answer into `report`.
fn run_worker(
    src: &Source,
    fetch_settings: FetchSettings,
    ranges: Vec<TimeRange>,
    sink: Sink,
    report: &mut Report,
    lang: Lang,
) -> Result<(Outcome, Option<ApiError>), Failure> {
    let client = Client::new(
        src.endpoint.clone(),
        src.token.clone(),
        fetch_settings.timeout,
    )
    .map_err(|e| Failure {
        exit: super::exit_for(&e),
        message: e.message(lang),
    })?;
    let worker = Worker::spawn(fetch_settings, Arc::new(|| {})).map_err(|e| Failure {
        exit: Exit::Nothing,
        message: e.to_string(),
    })?;
    let job = worker.fetch_keeping(Arc::new(client), ranges, sink);
    let progress = Progress::new();
    let ended = loop {
        let Some(ev) = worker.recv_timeout(Duration::from_millis(200)) else {
            continue;
        };
        if ev.job() != job {
            continue;
        }
        match ev {
            Event::Progress {
                done,
                planned,
                rows,
                waiting,
                ..
            } => progress.show(lang, done, planned, rows, waiting),
            Event::Rows { report: part, .. } => report.merge_from(part),
            Event::Done { outcome, .. } => break (outcome, None),
            Event::Failed { error, outcome, .. } => break (outcome, Some(error)),
        }
    };
    progress.finish();
    Ok(ended)
}

/// The exit code of a finished fetch; with nothing fetched (and nothing from the
/// history on this computer), the failure itself.
fn judge(
    outcome: &Outcome,
    fatal: Option<&ApiError>,
    from_store: bool,
    lang: Lang,
) -> Result<Exit, Failure> {
    let t = lang.texts();
    if outcome.fetched.is_empty() && !from_store {
        let error = fatal
            .or(outcome.missing.first().map(|m| &m.error))
            .cloned()
            .unwrap_or(ApiError::Cancelled);
        return Err(Failure {
            exit: super::exit_for(&error),
            message: error.message(lang),
        });
    }
    let mut exit = Exit::Success;
    if let Some(e) = fatal {
        eprintln!("{}: {}", t.warning_prefix, e.message(lang));
    }
    if !outcome.missing.is_empty() {
        let ranges = outcome
            .missing
            .iter()
            .map(|m| {
                fill(
                    t.fetch_missing_reason,
                    &[("range", &m.range), ("reason", &m.error.message(lang))],
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        eprintln!(
            "{}: {}",
            t.warning_prefix,
            fill(t.fetch_missing, &[("ranges", &ranges)])
        );
        exit = Exit::Partial;
    }
    for range in &outcome.capped {
        eprintln!(
            "{}: {}",
            t.warning_prefix,
            fill(
                t.fetch_capped,
                &[
                    ("range", range),
                    ("cap", &i18n::int(lang, crate::wolkvox::ROW_CAP as u64))
                ]
            )
        );
        exit = Exit::Partial;
    }
    Ok(exit)
}

/// `wolkvox-ivr fetch`.
pub fn run(args: &FetchArgs, lang: Lang, settings: &Settings) -> Result<Exit, Failure> {
    let t = lang.texts();
    // With --missing-from, start from that file's rows and fetch only its gaps.
    let (mut report, ranges, requested) = match &args.missing_from {
        Some(path) => {
            let (report, meta) = read_saved(path, lang)?;
            if meta.missing.is_empty() {
                write_saved(&args.out, &report, &meta, lang)?;
                return Ok(Exit::Success);
            }
            (report, meta.missing.clone(), meta.requested)
        }
        None => (Report::new(), Vec::new(), Vec::new()),
    };
    let got = fetch_net(&args.net, ranges, lang, settings)?;
    report.merge_from(got.report);
    let mut meta = got.meta;
    if !requested.is_empty() {
        meta.requested = requested;
    }
    write_saved(&args.out, &report, &meta, lang)?;
    eprintln!(
        "{}",
        fill(
            t.fetch_written,
            &[
                ("rows", &i18n::int(lang, report.len() as u64)),
                ("path", &args.out.display())
            ]
        )
    );
    Ok(got.exit)
}

fn read_saved(path: &Path, lang: Lang) -> Result<(Report, SavedMeta), Failure> {
    let report = read_inputs(&[path.to_path_buf()], lang)?;
    // Read the record again (cheap next to the rows) to learn what is missing.
    let bytes = std::fs::read(path).map_err(|e| Failure {
        exit: Exit::File,
        message: e.to_string(),
    })?;
    let mut scratch = Report::new();
    let meta = scratch
        .ingest(&bytes)
        .ok()
        .and_then(|got| SavedMeta::from_ingested(&got))
        .unwrap_or_default();
    Ok((report, meta))
}

fn write_saved(path: &Path, report: &Report, meta: &SavedMeta, lang: Lang) -> Result<(), Failure> {
    crate::files::write_atomic_with(path, |w| write_response(report, meta, w)).map_err(|e| {
        Failure {
            exit: Exit::File,
            message: fill(
                lang.texts().file_cannot_write,
                &[
                    ("path", &path.display()),
                    ("reason", &i18n::io_reason(lang, &e)),
                ],
            ),
        }
    })
}

/// The progress line: rewritten in place on a terminal, one line per step otherwise.
struct Progress {
    terminal: bool,
    /// Whether the last line said another computer is fetching: said once per wait.
    waiting: std::cell::Cell<bool>,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            terminal: std::io::stderr().is_terminal(),
            waiting: std::cell::Cell::new(false),
        }
    }

    fn show(&self, lang: Lang, done: usize, planned: usize, rows: usize, waiting: bool) {
        if self.waiting.replace(waiting) && waiting {
            return;
        }
        let mut line = fill(
            lang.texts().fetch_progress,
            &[
                ("done", &done),
                ("planned", &planned),
                ("rows", &i18n::int(lang, rows as u64)),
            ],
        );
        if waiting {
            line.push_str(" · ");
            line.push_str(lang.texts().pg_waiting);
        }
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let _ = write!(err, "\r\x1b[2K{line}");
        } else {
            let _ = writeln!(err, "{line}");
        }
        let _ = err.flush();
    }

    fn finish(&self) {
        if self.terminal {
            eprintln!();
        }
    }
}

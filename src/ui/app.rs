//! The application state and the frame: query bar on top, filters and the call table in
//! the middle, the selected call's details on the right.

use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use eframe::egui;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use secrecy::SecretString;

use super::files::FileState;
use super::table::FilterOptions;
use crate::fake::{FakeConfig, FakeServer};
use crate::i18n::{self, Lang, fill};
use crate::report::charts::{ChartData, Scatter};
use crate::report::{KeyNumbers, Report, Stamp, ViewSpec, compute_view};
use crate::saved::SavedMeta;
use crate::secrets::Keychain;
use crate::settings::Settings;
use crate::usage::Usage;
use crate::wolkvox::when::{now_in, time_zone};
use crate::wolkvox::{ApiError, Client, Endpoint, ServerName, TimeRange, plan};
use crate::worker::{Event, FetchSettings, JobId, Outcome, Worker};

/// How the window starts.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum StartMode {
    /// Demo data when no token is configured (today, always: the keychain comes later).
    Auto,
    /// Demo data.
    Demo,
    /// Nothing loaded and nothing loading (benchmarks, or a report shown by the caller).
    Empty,
}

/// Live tracking refreshes this often; the API asks for no more.
pub const LIVE_EVERY: Duration = Duration::from_secs(5 * 60);

/// Where rows come from.
pub(crate) enum Connection {
    /// The built-in demo server, running in this process.
    Demo {
        _server: FakeServer,
        client: Arc<Client>,
    },
    /// The operation's Wolkvox server; the token lives in the client only.
    Wolkvox {
        server: ServerName,
        client: Arc<Client>,
        tail: String,
    },
}

impl Connection {
    fn client(&self) -> Arc<Client> {
        match self {
            Connection::Demo { client, .. } | Connection::Wolkvox { client, .. } => client.clone(),
        }
    }
}

/// What a fetch is for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum JobKind {
    /// A new range: replaces the loaded calls once rows arrive.
    Load,
    /// Live tracking: merges into the loaded calls.
    Refresh,
    /// The ranges that failed before: merges into the loaded calls.
    Retry,
    /// "Test connection": one minute, shown in the settings, never merged.
    Test,
}

/// A fetch in progress.
pub(crate) struct Job {
    pub id: JobId,
    pub kind: JobKind,
    pub done: usize,
    pub planned: usize,
    pub rows: usize,
    /// Rows of a Load arrive here first, so a load that fails at once loses nothing.
    pub incoming: Option<Report>,
    pub range: TimeRange,
    /// The ranges asked for (empty for a refresh, whose range the worker picks).
    pub asked: Vec<TimeRange>,
    /// The ranges whose rows arrived so far.
    pub arrived: Vec<TimeRange>,
}

/// A message across the top of the window.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Banner {
    pub text: String,
    pub error: bool,
}

/// The dates and times of the query bar.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Query {
    pub server: String,
    pub from: Date,
    pub from_hm: (i8, i8),
    pub to: Date,
    pub to_hm: (i8, i8),
}

impl Query {
    /// The range asked for: "to" includes its whole minute.
    pub fn range(&self) -> Option<TimeRange> {
        let from = self.from.at(self.from_hm.0, self.from_hm.1, 0, 0);
        let to = self.to.at(self.to_hm.0, self.to_hm.1, 59, 0);
        TimeRange::new(Stamp::from_civil(from), Stamp::from_civil(to))
    }
}

/// The form of the "Connect to Wolkvox" dialog.
#[derive(Default)]
pub(crate) struct ConnectForm {
    pub server: String,
    pub token: String,
    pub error: Option<String>,
}

/// The whole window's state.
pub struct WolkvoxApp {
    pub(crate) lang: Lang,
    pub(crate) settings: Settings,
    pub(crate) tz: TimeZone,
    pub(crate) worker: Option<Worker>,
    pub(crate) conn: Option<Connection>,
    /// Shared with a running export, so exporting never copies the calls.
    pub(crate) report: Arc<Report>,
    pub(crate) view: Vec<u32>,
    pub(crate) spec: ViewSpec,
    pub(crate) view_dirty: bool,
    pub(crate) job: Option<Job>,
    pub(crate) query: Query,
    pub(crate) banners: Vec<Banner>,
    pub(crate) missing: Vec<TimeRange>,
    pub(crate) loaded: Option<TimeRange>,
    pub(crate) fetched_to: Option<Stamp>,
    pub(crate) live: bool,
    pub(crate) next_refresh: Option<Instant>,
    pub(crate) last_updated: Option<DateTime>,
    pub(crate) selected: Option<u32>,
    pub(crate) connect: Option<ConnectForm>,
    pub(crate) files: FileState,
    pub(crate) requests_today: u64,
    pub(crate) scroll_to_selected: bool,
    pub(crate) options: FilterOptions,
    pub(crate) numbers: Option<KeyNumbers>,
    pub(crate) charts: Option<ChartData>,
    pub(crate) plot_points: [Vec<egui_plot::PlotPoint>; 2],
    pub(crate) show_charts: bool,
    pub(crate) fine_bins: bool,
    pub(crate) heat_map: bool,
    pub(crate) rp_bar_positions: Vec<(Option<String>, egui::Pos2)>,
    pub(crate) keychain: Option<Keychain>,
    pub(crate) keychain_rx: Option<mpsc::Receiver<KeychainLookup>>,
    pub(crate) settings_open: bool,
    pub(crate) time_zone_text: String,
    pub(crate) test_result: Option<String>,
    pub(crate) settings_file: Option<std::path::PathBuf>,
    pub(crate) export: super::export::ExportState,
    pub(crate) view_rx: Option<mpsc::Receiver<ComputedView>>,
    pub(crate) view_sync_limit: usize,
}

/// The keychain, opened off the first frame, and the saved token of the last server.
pub(crate) struct KeychainLookup {
    keychain: Keychain,
    saved: Option<(ServerName, SecretString)>,
    /// Start on demo data when nothing is saved.
    demo_if_none: bool,
}

impl WolkvoxApp {
    /// The app, starting its worker; in demo mode it starts loading the last 7 days.
    pub fn new(ctx: &egui::Context, mode: StartMode, lang: Lang, settings: Settings) -> WolkvoxApp {
        let repaint = ctx.clone();
        let worker = Worker::spawn(
            FetchSettings::from_settings(&settings),
            Arc::new(move || repaint.request_repaint()),
        );
        super::settings::apply_theme(ctx, settings.theme.as_deref());
        WolkvoxApp::with_worker(worker, mode, lang, settings)
    }

    /// The app with fetch settings of the caller's choosing (tests use short timeouts).
    pub fn with_fetch_settings(
        ctx: &egui::Context,
        fetch: FetchSettings,
        mode: StartMode,
        lang: Lang,
        settings: Settings,
    ) -> WolkvoxApp {
        WolkvoxApp::with_fetch_settings_and_waker(ctx, fetch, mode, lang, settings, Arc::new(|| {}))
    }

    /// Like [`WolkvoxApp::with_fetch_settings`], with `also` run inside the worker after
    /// each of its events (tests use it to make the worker fail as a bug would).
    #[doc(hidden)]
    pub fn with_fetch_settings_and_waker(
        ctx: &egui::Context,
        fetch: FetchSettings,
        mode: StartMode,
        lang: Lang,
        settings: Settings,
        also: crate::worker::Waker,
    ) -> WolkvoxApp {
        let repaint = ctx.clone();
        let worker = Worker::spawn(
            fetch,
            Arc::new(move || {
                also();
                repaint.request_repaint();
            }),
        );
        WolkvoxApp::with_worker(worker, mode, lang, settings)
    }

    fn with_worker(
        worker: std::io::Result<Worker>,
        mode: StartMode,
        lang: Lang,
        settings: Settings,
    ) -> WolkvoxApp {
        let tz = time_zone(settings.time_zone.as_deref());
        let today = now_in(&tz).date();
        let week_ago = today
            .checked_sub(jiff::Span::new().days(6))
            .unwrap_or(today);
        let mut banners = Vec::new();
        let worker = match worker {
            Ok(w) => Some(w),
            Err(e) => {
                // Without a worker nothing can load, but saved reports can still be opened.
                banners.push(Banner {
                    text: e.to_string(),
                    error: true,
                });
                None
            }
        };
        let requests_today = Usage::today(&today.to_string()).requests;
        let spec = ViewSpec {
            long_ivr_secs: settings.long_ivr_secs,
            ..ViewSpec::default()
        };
        let mut app = WolkvoxApp {
            lang,
            query: Query {
                server: settings.server.clone().unwrap_or_default(),
                from: week_ago,
                from_hm: (0, 0),
                to: today,
                to_hm: (23, 59),
            },
            settings,
            tz,
            worker,
            conn: None,
            report: Arc::new(Report::new()),
            view: Vec::new(),
            spec,
            view_dirty: false,
            job: None,
            banners,
            missing: Vec::new(),
            loaded: None,
            fetched_to: None,
            live: false,
            next_refresh: None,
            last_updated: None,
            selected: None,
            connect: None,
            files: FileState::default(),
            requests_today,
            scroll_to_selected: false,
            options: FilterOptions::default(),
            numbers: None,
            charts: None,
            plot_points: [Vec::new(), Vec::new()],
            show_charts: true,
            fine_bins: false,
            heat_map: false,
            rp_bar_positions: Vec::new(),
            keychain: None,
            keychain_rx: None,
            settings_open: false,
            time_zone_text: String::new(),
            test_result: None,
            settings_file: crate::settings::settings_path(),
            export: super::export::ExportState::default(),
            view_rx: None,
            view_sync_limit: VIEW_SYNC_LIMIT,
        };
        app.time_zone_text = app.settings.time_zone.clone().unwrap_or_default();
        if let Some(preset) = app.settings.last_preset.clone() {
            app.apply_preset_key(&preset);
        }
        if mode != StartMode::Empty
            && let Some(report) = crate::logging::log_dir()
                .as_deref()
                .and_then(crate::crash::unseen_report)
        {
            app.banners.push(Banner {
                text: fill(lang.texts().ui_crash_notice, &[("path", &report.display())]),
                error: true,
            });
            crate::crash::mark_seen(&report);
        }
        match mode {
            StartMode::Auto => {
                let saved_server = app
                    .settings
                    .server
                    .as_deref()
                    .and_then(|s| ServerName::parse(s).ok());
                if saved_server.is_none() {
                    app.start_demo();
                    app.load();
                }
                app.open_keychain(saved_server, true);
            }
            StartMode::Demo => {
                app.start_demo();
                app.load();
                app.open_keychain(None, false);
            }
            StartMode::Empty => {}
        }
        app
    }

    /// Sets the query's range (the date pickers' values), "to" included to its minute.
    pub fn set_query_range(&mut self, from: DateTime, to: DateTime) {
        self.query.from = from.date();
        self.query.from_hm = (from.hour(), from.minute());
        self.query.to = to.date();
        self.query.to_hm = (to.hour(), to.minute());
    }

    /// Shows `report` as if it had just been loaded.
    pub fn show_report(&mut self, report: Report) {
        self.report = Arc::new(report);
        self.selected = None;
        self.missing.clear();
        self.view_dirty = true;
        self.refresh_view();
    }

    /// Uses `keychain` instead of the platform's (tests use a mock store), dropping any
    /// lookup still running.
    pub fn use_keychain(&mut self, keychain: Keychain) {
        self.keychain_rx = None;
        self.keychain = Some(keychain);
    }

    /// Saves the preferences where they are kept.
    pub(crate) fn save_settings(&self) -> Result<(), crate::settings::SettingsError> {
        match &self.settings_file {
            Some(path) => self.settings.save_to(path),
            None => Err(crate::settings::SettingsError::NoFolder),
        }
    }

    /// Keeps the preferences in `path` instead of the config folder (tests).
    pub fn set_settings_file(&mut self, path: std::path::PathBuf) {
        self.settings_file = Some(path);
    }

    /// Where each routing point's bar was drawn in the last frame (its middle).
    pub fn routing_point_bars(&self) -> &[(Option<String>, egui::Pos2)] {
        &self.rp_bar_positions
    }

    /// The key numbers of the view, as the strip shows them.
    pub fn key_numbers(&self) -> Option<&KeyNumbers> {
        self.numbers.as_ref()
    }

    /// Opens a saved report as "Open report…" does; what is shown stays if it cannot.
    pub fn open_report(&mut self, path: &std::path::Path) {
        self.open_saved(path);
    }

    /// Saves the loaded rows as "Save report…" does.
    pub fn save_report(&mut self, path: &std::path::Path) {
        self.save_to(path);
    }

    /// Shows or hides the charts area.
    pub fn set_charts_visible(&mut self, visible: bool) {
        self.show_charts = visible;
    }

    /// The ranges that could not be fetched.
    pub fn missing(&self) -> &[TimeRange] {
        &self.missing
    }

    /// The messages shown across the top.
    pub fn banner_texts(&self) -> Vec<String> {
        self.banners.iter().map(|b| b.text.clone()).collect()
    }

    /// The index of the selected call.
    pub fn selected(&self) -> Option<u32> {
        self.selected
    }

    /// The interface language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The loaded calls.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The rows in view, in order.
    pub fn view(&self) -> &[u32] {
        &self.view
    }

    /// The filter and sort the view follows (tests recompute the view from it).
    #[doc(hidden)]
    pub fn view_spec(&self) -> &ViewSpec {
        &self.spec
    }

    /// Whether the view still waits for filters, sorts or rows to be applied.
    #[doc(hidden)]
    pub fn is_view_pending(&self) -> bool {
        self.view_dirty || self.view_rx.is_some()
    }

    /// Whether a fetch is running.
    pub fn is_loading(&self) -> bool {
        self.job.is_some()
    }

    /// Whether the window shows demo data.
    pub fn is_demo(&self) -> bool {
        matches!(self.conn, Some(Connection::Demo { .. }))
    }

    /// Connects to `server` with `token`, sending requests to `endpoint` (Wolkvox itself,
    /// or a server on this computer in tests).
    pub fn connect_to(
        &mut self,
        server: ServerName,
        endpoint: Endpoint,
        token: SecretString,
    ) -> Result<(), ApiError> {
        let timeout = Duration::from_secs(self.settings.request_timeout_secs);
        let tail = {
            use secrecy::ExposeSecret;
            let chars: Vec<char> = token.expose_secret().trim().chars().collect();
            // Only the last 4 characters are ever shown, and only of a long token.
            if chars.len() >= 12 {
                chars[chars.len() - 4..].iter().collect()
            } else {
                String::new()
            }
        };
        let client = Arc::new(Client::new(endpoint, token, timeout)?);
        self.conn = Some(Connection::Wolkvox {
            server,
            client,
            tail,
        });
        self.query.server = server.digits().to_string();
        Ok(())
    }

    /// Opens the keychain on its own thread (it may talk to a system service) and looks up
    /// the token of `server`.
    fn open_keychain(&mut self, server: Option<ServerName>, demo_if_none: bool) {
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("keychain".into())
            .spawn(move || {
                let keychain = Keychain::platform();
                let saved = server.and_then(|s| match keychain.load(s) {
                    Ok(Some(token)) => Some((s, token)),
                    Ok(None) => None,
                    Err(e) => {
                        tracing::warn!("keychain: {e}");
                        None
                    }
                });
                let _ = tx.send(KeychainLookup {
                    keychain,
                    saved,
                    demo_if_none,
                });
            });
        match spawned {
            Ok(_) => self.keychain_rx = Some(rx),
            Err(_) => {
                self.keychain = Some(Keychain::unavailable("no thread for the keychain"));
                if demo_if_none {
                    self.start_demo();
                    self.load();
                }
            }
        }
    }

    fn keychain_poll(&mut self) {
        let Some(rx) = &self.keychain_rx else {
            return;
        };
        let lookup = match rx.try_recv() {
            Ok(l) => l,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => KeychainLookup {
                keychain: Keychain::unavailable("the keychain lookup stopped"),
                saved: None,
                demo_if_none: self.conn.is_none(),
            },
        };
        self.keychain_rx = None;
        self.keychain = Some(lookup.keychain);
        match lookup.saved {
            Some((server, token)) if self.conn.is_none() => {
                if let Err(e) = self.connect_to(server, Endpoint::Wolkvox(server), token) {
                    self.banners.push(Banner {
                        text: e.message(self.lang),
                        error: true,
                    });
                }
            }
            _ if lookup.demo_if_none && self.conn.is_none() => {
                self.start_demo();
                self.load();
            }
            _ => {}
        }
    }

    /// The keychain, opening it now if the background lookup has not finished.
    pub(crate) fn keychain(&mut self) -> Keychain {
        if self.keychain.is_none() {
            self.keychain = Some(Keychain::platform());
        }
        self.keychain
            .clone()
            .unwrap_or_else(|| Keychain::unavailable("not opened"))
    }

    /// Deletes the connected server's token from this computer and disconnects.
    pub(crate) fn forget_token(&mut self) {
        let Some(Connection::Wolkvox { server, .. }) = &self.conn else {
            return;
        };
        let server = *server;
        let t = self.lang.texts();
        let banner = match self.keychain().forget(server) {
            Ok(()) => Banner {
                text: fill(t.ui_token_forgotten, &[("server", &server.digits())]),
                error: false,
            },
            Err(e) => Banner {
                text: e.message(self.lang),
                error: true,
            },
        };
        self.banners.push(banner);
        self.conn = None;
        self.test_result = None;
    }

    /// Sends one request for the last minute to tell whether server and token work.
    pub(crate) fn test_connection(&mut self) {
        if self.job.is_some() {
            return;
        }
        let now = Stamp::from_civil(now_in(&self.tz));
        let Some(range) = now
            .seconds()
            .and_then(|n| TimeRange::from_seconds(n - 120, n - 61))
        else {
            return;
        };
        self.test_result = Some(self.lang.texts().ui_test_running.to_string());
        self.start_job(JobKind::Test, vec![range], range);
    }

    /// Saves the token of a new connection in the keychain, or says why it cannot.
    pub(crate) fn remember_token(&mut self, server: ServerName, token: &SecretString) {
        let t = self.lang.texts();
        let banner = match self.keychain().save(server, token) {
            Ok(()) => Banner {
                text: t.ui_token_saved.to_string(),
                error: false,
            },
            Err(e) => Banner {
                text: e.message(self.lang),
                error: true,
            },
        };
        self.banners.push(banner);
        self.settings.server = Some(server.digits().to_string());
        if let Err(e) = self.save_settings() {
            tracing::warn!("settings not saved: {e}");
        }
    }

    pub(crate) fn start_demo(&mut self) {
        let cfg = FakeConfig::default();
        let token = SecretString::from(cfg.token.clone());
        match FakeServer::start(cfg) {
            Ok(server) => {
                let client = Endpoint::loopback(&server.base_url()).and_then(|ep| {
                    Client::new(
                        ep,
                        token,
                        Duration::from_secs(self.settings.request_timeout_secs),
                    )
                    .ok()
                });
                if let Some(client) = client {
                    self.conn = Some(Connection::Demo {
                        _server: server,
                        client: Arc::new(client),
                    });
                }
            }
            Err(e) => self.banners.push(Banner {
                text: fill(self.lang.texts().demo_cannot_start, &[("reason", &e)]),
                error: true,
            }),
        }
    }

    pub(crate) fn today(&self) -> Date {
        now_in(&self.tz).date()
    }

    /// Why "Load report" cannot run now, if it cannot.
    pub(crate) fn load_blocker(&self) -> Option<&'static str> {
        let t = self.lang.texts();
        if self.job.is_some() {
            return Some(t.ui_why_busy);
        }
        if self.query.range().is_none() {
            return Some(t.ui_why_backwards);
        }
        match &self.conn {
            Some(Connection::Demo { .. }) => None,
            Some(Connection::Wolkvox { server, .. }) => {
                match ServerName::parse(&self.query.server) {
                    Ok(typed) if typed == *server => None,
                    Ok(_) => Some(t.ui_why_no_token),
                    Err(_) => Some(t.ui_why_no_server),
                }
            }
            None if ServerName::parse(&self.query.server).is_err() => Some(t.ui_why_no_server),
            None => Some(t.ui_why_no_token),
        }
    }

    /// Requests the current range will cost.
    pub(crate) fn cost(&self) -> usize {
        self.query.range().map_or(0, |r| plan(r).len())
    }

    /// Loads the query's range.
    pub fn load(&mut self) {
        let Some(range) = self.query.range() else {
            return;
        };
        if self.load_blocker().is_some() {
            return;
        }
        self.start_job(JobKind::Load, vec![range], range);
    }

    /// Fetches the ranges that failed before and merges them in.
    pub fn retry_missing(&mut self) {
        if self.job.is_some() || self.missing.is_empty() {
            return;
        }
        let ranges = std::mem::take(&mut self.missing);
        let span = TimeRange::new(ranges[0].from(), ranges[ranges.len() - 1].to());
        if let Some(span) = span {
            self.start_job(JobKind::Retry, ranges, span);
        }
    }

    /// Fetches what is new since the last fetch, for live tracking.
    pub fn refresh(&mut self) {
        if self.job.is_some() {
            return;
        }
        let (Some(conn), Some(since), Some(loaded)) = (&self.conn, self.fetched_to, self.loaded)
        else {
            return;
        };
        let client = conn.client();
        let Some(worker) = &self.worker else {
            return;
        };
        let id = worker.refresh(client, since);
        self.job = Some(Job {
            id,
            kind: JobKind::Refresh,
            done: 0,
            planned: 1,
            rows: 0,
            incoming: None,
            range: loaded,
            asked: Vec::new(),
            arrived: Vec::new(),
        });
    }

    fn start_job(&mut self, kind: JobKind, ranges: Vec<TimeRange>, span: TimeRange) {
        let (Some(conn), Some(worker)) = (&self.conn, &self.worker) else {
            return;
        };
        let id = worker.fetch(conn.client(), ranges.clone());
        self.banners.retain(|b| !b.error);
        self.job = Some(Job {
            id,
            kind,
            done: 0,
            planned: 0,
            rows: 0,
            incoming: (kind == JobKind::Load).then(Report::new),
            range: span,
            asked: ranges,
            arrived: Vec::new(),
        });
    }

    /// Cancels the running fetch; what arrived stays.
    pub fn cancel(&mut self) {
        if let Some(w) = &self.worker {
            w.cancel();
        }
    }

    /// Handles the worker's events; call once per frame.
    pub fn poll(&mut self) {
        while let Some(ev) = self.worker.as_ref().and_then(Worker::try_recv) {
            let Some(job) = self.job.as_mut() else {
                continue;
            };
            if ev.job() != job.id {
                continue;
            }
            match ev {
                Event::Progress {
                    done,
                    planned,
                    rows,
                    ..
                } => {
                    job.done = done;
                    job.planned = planned;
                    job.rows = rows;
                }
                Event::Rows { .. } if job.kind == JobKind::Test => {}
                Event::Rows { report, range, .. } => {
                    job.arrived.push(range);
                    if let Some(mut incoming) = job.incoming.take() {
                        // The first rows of a new load replace what was shown.
                        incoming.merge_from(report);
                        self.report = Arc::new(incoming);
                        self.selected = None;
                        self.missing.clear();
                        self.loaded = Some(job.range);
                        self.fetched_to = None;
                    } else {
                        Arc::make_mut(&mut self.report).merge_from(report);
                    }
                    self.view_dirty = true;
                }
                Event::Done { outcome, .. } => self.finish(outcome, None),
                Event::Failed { error, outcome, .. } => self.finish(outcome, Some(error)),
            }
        }
        // While a large report loads, views wait for the end: computing them would hold
        // the report and make every merge copy it.
        let loading_large = self.job.is_some() && self.report.len() > self.view_sync_limit;
        if self.view_dirty && !loading_large {
            self.refresh_view();
        }
    }

    fn finish(&mut self, mut outcome: Outcome, error: Option<ApiError>) {
        let Some(job) = self.job.take() else {
            return;
        };
        if outcome.requested.is_empty() && !job.asked.is_empty() {
            // The fetch ended abnormally (a bug inside the worker) and its outcome is
            // blank: what arrived is known here, so every other part of the range is
            // named as missing instead of passing for a complete report.
            let why = error.clone().unwrap_or(ApiError::Cancelled);
            outcome.requested = job.asked.clone();
            outcome.fetched = job.arrived.clone();
            outcome.missing = not_arrived(&job.asked, &job.arrived)
                .into_iter()
                .map(|range| crate::worker::Missing {
                    range,
                    error: why.clone(),
                })
                .collect();
        }
        let t = self.lang.texts();
        self.count_requests(outcome.requests as u64);
        if job.kind == JobKind::Test {
            let problem = error.or_else(|| outcome.missing.first().map(|m| m.error.clone()));
            self.test_result = Some(match problem {
                Some(e) => e.message(self.lang),
                None if outcome.rows > 0 => fill(
                    t.ui_test_ok,
                    &[("n", &i18n::int(self.lang, outcome.rows as u64))],
                ),
                None => t.ui_test_ok_none.to_string(),
            });
            return;
        }
        if job.incoming.is_some() && !outcome.fetched.is_empty() {
            // A load that found no calls at all: show the empty range.
            self.report = Arc::new(Report::new());
            self.selected = None;
            self.missing.clear();
            self.loaded = Some(job.range);
            self.view_dirty = true;
        }
        let got_something = !outcome.fetched.is_empty();
        tracing::info!(
            kind = ?job.kind,
            calls = self.report.len(),
            requests = outcome.requests,
            missing = outcome.missing.len(),
            cancelled = outcome.cancelled,
            "report loaded"
        );
        if got_something {
            if let Some(to) = outcome.fetched_to() {
                self.fetched_to = Some(self.fetched_to.map_or(to, |f| f.max(to)));
            }
            self.last_updated = Some(now_in(&self.tz));
        }
        if job.kind != JobKind::Refresh || got_something {
            let missing: Vec<TimeRange> = outcome.missing.iter().map(|m| m.range).collect();
            if job.kind == JobKind::Load && job.incoming.is_some() && !got_something {
                // Nothing replaced the shown calls: keep their own missing list.
            } else {
                self.missing.extend(missing);
                self.missing.sort();
                self.missing.dedup();
            }
        }
        if let Some(e) = error {
            self.banners.push(Banner {
                text: e.message(self.lang),
                error: true,
            });
        } else if outcome.cancelled {
            self.banners.push(Banner {
                text: fill(
                    t.ui_cancelled,
                    &[("n", &i18n::int(self.lang, self.report.len() as u64))],
                ),
                error: false,
            });
        } else if let Some(first) = outcome.missing.first() {
            self.banners.push(Banner {
                text: first.error.message(self.lang),
                error: true,
            });
        }
        self.view_dirty = true;
        self.refresh_view();
    }

    fn count_requests(&mut self, n: u64) {
        if n == 0 || self.is_demo() {
            return;
        }
        self.requests_today = Usage::add(&self.today().to_string(), n).requests;
    }

    /// Recomputes the rows in view (after a filter, a sort or new rows).
    pub(crate) fn refresh_view(&mut self) {
        if self.report.len() > self.view_sync_limit {
            if self.view_rx.is_some() {
                // One background computation at a time; this one follows when it ends.
                self.view_dirty = true;
                return;
            }
            self.view_dirty = false;
            // Large reports: filter, sort and count on another thread; the table keeps
            // showing the previous view until the new one is ready.
            let report = Arc::clone(&self.report);
            let spec = self.spec.clone();
            let (tx, rx) = mpsc::channel();
            let spawned = std::thread::Builder::new()
                .name("view".into())
                .spawn(move || {
                    let _ = tx.send(ComputedView::of(&report, &spec));
                });
            if spawned.is_ok() {
                self.view_rx = Some(rx);
                return;
            }
        }
        self.view_dirty = false;
        let computed = ComputedView::of(&self.report, &self.spec);
        self.apply_view(computed);
    }

    fn apply_view(&mut self, v: ComputedView) {
        self.view = v.rows;
        self.numbers = Some(v.numbers);
        self.plot_points = v.points;
        self.charts = Some(v.charts);
    }

    fn view_poll(&mut self, ctx: &egui::Context) {
        let Some(rx) = &self.view_rx else {
            return;
        };
        match rx.try_recv() {
            Ok(computed) => {
                self.view_rx = None;
                self.apply_view(computed);
                if self.view_dirty {
                    self.refresh_view();
                }
            }
            Err(mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(30));
            }
            Err(mpsc::TryRecvError::Disconnected) => self.view_rx = None,
        }
    }

    /// Calls in view with long IVR navigation, as the key numbers count them.
    pub(crate) fn long_in_view(&self) -> u64 {
        self.numbers.as_ref().map_or(0, |k| k.long_ivr.calls)
    }

    /// Whether a new view is being computed in the background.
    pub fn is_updating_view(&self) -> bool {
        self.view_rx.is_some()
    }

    /// Computes views on another thread from this many calls up (0: always).
    pub fn set_view_sync_limit(&mut self, calls: usize) {
        self.view_sync_limit = calls;
    }

    /// The threshold moved: the rows stay unless only long calls are shown.
    pub(crate) fn threshold_changed(&mut self) {
        if self.spec.only_long || self.report.len() > self.view_sync_limit {
            self.refresh_view();
        } else {
            self.numbers = Some(KeyNumbers::of_rows(
                &self.report,
                &self.view,
                self.spec.long_ivr_secs,
            ));
        }
    }

    /// Whether the loaded range reaches the present, so live tracking makes sense.
    pub(crate) fn reaches_now(&self) -> bool {
        let now = Stamp::from_civil(now_in(&self.tz));
        self.loaded.is_some_and(|r| r.to() >= now)
    }

    fn live_tick(&mut self, ctx: &egui::Context) {
        if !self.live || !self.reaches_now() {
            self.next_refresh = None;
            return;
        }
        let now = Instant::now();
        let due = *self.next_refresh.get_or_insert(now + LIVE_EVERY);
        if now >= due && self.job.is_none() {
            self.refresh();
            self.next_refresh = Some(now + LIVE_EVERY);
        }
        ctx.request_repaint_after(
            due.saturating_duration_since(now)
                .max(Duration::from_secs(1)),
        );
    }

    /// Opens a saved report (as written by `fetch` or "Save report…").
    pub(crate) fn open_saved(&mut self, path: &std::path::Path) {
        let t = self.lang.texts();
        let bytes = match read_saved_file(path, self.lang) {
            Ok(b) => b,
            Err(text) => {
                self.banners.push(Banner { text, error: true });
                return;
            }
        };
        let mut report = Report::new();
        match report.ingest(&bytes) {
            Ok(got) => {
                let meta = SavedMeta::from_ingested(&got).unwrap_or_default();
                self.banners.push(Banner {
                    text: fill(
                        t.ui_opened,
                        &[
                            ("path", &path.display()),
                            ("n", &i18n::int(self.lang, report.len() as u64)),
                        ],
                    ),
                    error: false,
                });
                self.report = Arc::new(report);
                self.missing = meta.missing;
                self.loaded = match (meta.requested.first(), meta.requested.last()) {
                    (Some(a), Some(b)) => TimeRange::new(a.from(), b.to()),
                    _ => None,
                };
                self.fetched_to = self.loaded.map(|r| r.to());
                self.selected = None;
                self.live = false;
                self.view_dirty = true;
            }
            Err(e) => self.banners.push(Banner {
                text: fill(
                    t.file_not_report,
                    &[("path", &path.display()), ("reason", &e.message(self.lang))],
                ),
                error: true,
            }),
        }
    }

    /// Saves the loaded rows exactly as received, with the range and missing ranges.
    pub(crate) fn save_to(&mut self, path: &std::path::Path) {
        let t = self.lang.texts();
        let meta = SavedMeta {
            server: Some(match &self.conn {
                Some(Connection::Wolkvox { server, .. }) => server.digits().to_string(),
                _ => "demo".into(),
            }),
            requested: self.loaded.into_iter().collect(),
            missing: self.missing.clone(),
            capped: Vec::new(),
        };
        let result = crate::files::write_atomic_with(path, |w| {
            crate::saved::write_response(&self.report, &meta, w)
        });
        self.banners.push(match result {
            Ok(()) => Banner {
                text: fill(t.ui_saved, &[("path", &path.display())]),
                error: false,
            },
            Err(e) => Banner {
                text: fill(
                    t.file_cannot_write,
                    &[
                        ("path", &path.display()),
                        ("reason", &i18n::io_reason(self.lang, &e)),
                    ],
                ),
                error: true,
            },
        });
    }

    /// Draws the whole window. Used by eframe and by the UI tests.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.keychain_poll();
        self.poll();
        let ctx = ui.ctx().clone();
        self.live_tick(&ctx);
        self.files_poll();
        self.export_poll(&ctx);
        self.view_poll(&ctx);
        if self.job.is_some() {
            // Keep the progress line moving even between worker events.
            ctx.request_repaint_after(Duration::from_millis(250));
        }
        egui::Panel::top("query").show(ui, |ui| {
            ui.add_space(4.0);
            self.query_bar_ui(ui);
            self.banners_ui(ui);
            ui.add_space(2.0);
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.selected.is_some() {
            egui::Panel::right("details")
                .resizable(true)
                .default_size(320.0)
                .show(ui, |ui| self.details_ui(ui));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.strip_ui(ui);
            ui.horizontal(|ui| {
                let t = self.lang.texts();
                ui.toggle_value(&mut self.show_charts, t.ui_charts);
            });
            if self.show_charts && !self.report.is_empty() {
                self.charts_ui(ui);
            }
            ui.separator();
            ui.horizontal_wrapped(|ui| self.export_ui(ui));
            self.filters_ui(ui);
            ui.separator();
            self.table_ui(ui);
        });
        self.connect_dialog_ui(&ctx);
        self.settings_dialog_ui(&ctx);
        self.files_dialog_ui(&ctx);
        if self.keychain_rx.is_some() {
            ctx.request_repaint_after(Duration::from_millis(50));
        }
    }

    fn banners_ui(&mut self, ui: &mut egui::Ui) {
        let t = self.lang.texts();
        let mut dismiss = None;
        let mut retry = false;
        for (i, b) in self.banners.iter().enumerate() {
            let color = if b.error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().hyperlink_color
            };
            egui::Frame::group(ui.style())
                .stroke(egui::Stroke::new(1.0, color))
                .show(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.colored_label(color, &b.text);
                        if ui.small_button(t.ui_dismiss).clicked() {
                            dismiss = Some(i);
                        }
                    });
                });
        }
        if !self.missing.is_empty() {
            let ranges = self
                .missing
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join("; ");
            egui::Frame::group(ui.style())
                .stroke(egui::Stroke::new(1.0, ui.visuals().warn_fg_color))
                .show(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            fill(t.ui_missing_banner, &[("ranges", &ranges)]),
                        );
                        if ui
                            .add_enabled(self.job.is_none(), egui::Button::new(t.ui_retry_missing))
                            .clicked()
                        {
                            retry = true;
                        }
                    });
                });
        }
        if let Some(i) = dismiss {
            self.banners.remove(i);
        }
        if retry {
            self.retry_missing();
        }
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        let t = self.lang.texts();
        ui.horizontal(|ui| {
            ui.label(fill(
                t.ui_count,
                &[
                    ("n", &i18n::int(self.lang, self.view.len() as u64)),
                    ("m", &i18n::int(self.lang, self.report.len() as u64)),
                ],
            ));
            ui.separator();
            ui.label(fill(
                t.ui_long_count,
                &[("n", &i18n::int(self.lang, self.long_in_view()))],
            ));
            if let Some(when) = self.last_updated {
                ui.separator();
                ui.label(fill(
                    t.ui_last_updated,
                    &[("time", &format!("{:02}:{:02}", when.hour(), when.minute()))],
                ));
            }
        });
    }
}

/// The bytes of a saved report, or the banner text saying why they cannot be read.
fn read_saved_file(path: &std::path::Path, lang: Lang) -> Result<crate::files::WholeFile, String> {
    crate::files::read_saved(path).map_err(|e| e.message(lang, path))
}

/// The parts of `asked` that no range of `arrived` covers, in order.
fn not_arrived(asked: &[TimeRange], arrived: &[TimeRange]) -> Vec<TimeRange> {
    let mut got = arrived.to_vec();
    got.sort();
    let mut gaps = Vec::new();
    for r in asked {
        let mut from = r.from_secs();
        for g in got
            .iter()
            .filter(|g| g.to_secs() >= r.from_secs() && g.from_secs() <= r.to_secs())
        {
            if g.from_secs() > from {
                gaps.extend(TimeRange::from_seconds(from, g.from_secs() - 1));
            }
            from = from.max(g.to_secs() + 1);
        }
        if from <= r.to_secs() {
            gaps.extend(TimeRange::from_seconds(from, r.to_secs()));
        }
    }
    gaps
}

/// Views of up to this many calls are computed in the frame itself (a few ms).
pub const VIEW_SYNC_LIMIT: usize = 100_000;

/// Everything derived from the report and the view settings.
pub(crate) struct ComputedView {
    rows: Vec<u32>,
    numbers: KeyNumbers,
    charts: ChartData,
    points: [Vec<egui_plot::PlotPoint>; 2],
}

impl ComputedView {
    fn of(report: &Report, spec: &ViewSpec) -> ComputedView {
        let rows = compute_view(report, spec);
        let numbers = KeyNumbers::of_rows(report, &rows, spec.long_ivr_secs);
        let charts = ChartData::of_rows(report, &rows, &numbers);
        let points = match &charts.scatter {
            Scatter::Points {
                transferred,
                retained,
                ..
            } => [to_plot_points(transferred), to_plot_points(retained)],
            Scatter::Density { .. } => [Vec::new(), Vec::new()],
        };
        ComputedView {
            rows,
            numbers,
            charts,
            points,
        }
    }
}

fn to_plot_points(v: &[[f64; 2]]) -> Vec<egui_plot::PlotPoint> {
    v.iter()
        .map(|p| egui_plot::PlotPoint::new(p[0], p[1]))
        .collect()
}

impl eframe::App for WolkvoxApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        self.settings.long_ivr_secs = self.spec.long_ivr_secs;
        if let Ok(s) = ServerName::parse(&self.query.server) {
            self.settings.server = Some(s.digits().to_string());
        }
        if let Err(e) = self.save_settings() {
            tracing::warn!("settings not saved: {e}");
        }
    }
}

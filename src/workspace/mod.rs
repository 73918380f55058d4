//! The screen-free workspace: the loaded report, its view, the running fetch, the loaded
//! and missing ranges, live tracking and the notices. The window draws it and sends it
//! commands; worker events reach it through [`Workspace::poll`]. Nothing here knows egui,
//! so every rule about what arrived, what is missing and what is shown is tested without
//! a screen.

mod history;
pub mod notice;
pub mod provenance;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use secrecy::SecretString;

use crate::export::page::PageSource;
use crate::fake::{FakeConfig, FakeServer};
use crate::jobs::JobQueue;
use crate::report::charts::ChartData;
use crate::report::{KeyNumbers, Report, Stamp, ViewSpec, compute_view};
use crate::saved::SavedMeta;
use crate::settings::Settings;
use crate::usage::Usage;
use crate::wolkvox::when::{now_in, time_zone};
use crate::wolkvox::{ApiError, Client, Endpoint, ServerName, TimeRange, plan};
use crate::worker::{Event, JobId, Outcome, Waker, Worker};

pub use history::{HistoryState, Sources};
pub use notice::{Notice, OpenProblem};
pub use provenance::Provenance;

/// Live tracking refreshes this often; the API asks for no more.
pub const LIVE_EVERY: Duration = Duration::from_secs(5 * 60);

/// Views of up to this many calls are computed at once (a few ms); larger ones off the
/// caller's thread.
pub const VIEW_SYNC_LIMIT: usize = 100_000;

/// Where rows come from.
pub enum Connection {
    /// The built-in demo server, running in this process.
    Demo {
        /// Kept alive while connected.
        _server: FakeServer,
        /// Its client.
        client: Arc<Client>,
    },
    /// The operation's Wolkvox server; the token lives in the client only.
    Wolkvox {
        /// The operation's server.
        server: ServerName,
        /// Its client.
        client: Arc<Client>,
        /// The token's last four characters, for recognising it.
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
pub enum FetchKind {
    /// A new range: replaces the loaded calls once rows arrive.
    Load,
    /// Live tracking: merges into the loaded calls.
    Refresh,
    /// The ranges that failed before: merges into the loaded calls.
    Retry,
    /// "Test connection": one minute, never merged.
    Test,
}

/// A fetch in progress.
pub struct FetchJob {
    /// The worker's id for it.
    pub id: JobId,
    /// What it is for.
    pub kind: FetchKind,
    /// Requests finished.
    pub done: usize,
    /// Requests planned.
    pub planned: usize,
    /// Rows received so far.
    pub rows: usize,
    /// The whole range it covers once done.
    pub range: TimeRange,
    /// Rows of a Load arrive here first, so a load that fails at once loses nothing.
    incoming: Option<Report>,
}

/// Why "Load report" cannot run now.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum LoadBlocker {
    /// A fetch is running.
    Busy,
    /// "To" is before "From".
    Backwards,
    /// No valid server number.
    NoServer,
    /// No token for the typed server.
    NoToken,
}

/// The answer of "Test connection".
#[derive(Clone, Debug, PartialEq)]
pub enum TestResult {
    /// The request is on its way.
    Running,
    /// Server and token work; this many calls in the last minute.
    Works(usize),
    /// It failed for this reason.
    Failed(ApiError),
}

/// Everything derived from the report and the view spec: rows, key numbers, charts.
pub struct View {
    /// The rows in view, in order.
    pub rows: Vec<u32>,
    /// Key numbers of those rows.
    pub numbers: KeyNumbers,
    /// Chart data of those rows.
    pub charts: ChartData,
}

impl View {
    /// Computes the view of `report` under `spec`.
    pub fn of(report: &Report, spec: &ViewSpec) -> View {
        let rows = compute_view(report, spec);
        let numbers = KeyNumbers::of_rows(report, &rows, spec.long_ivr_secs);
        let charts = ChartData::of_rows(report, &rows, &numbers);
        View {
            rows,
            numbers,
            charts,
        }
    }
}

/// A saved report read from disk, ready to be shown.
pub struct OpenedReport {
    /// Its calls.
    pub report: Report,
    /// Its range and missing ranges.
    pub meta: SavedMeta,
}

/// Reads a saved report (as written by `fetch` or "Save report…"). Safe to run on any
/// thread: it touches nothing shown.
pub fn read_saved_report(path: &Path) -> Result<OpenedReport, OpenProblem> {
    let bytes = crate::files::read_saved(path).map_err(OpenProblem::File)?;
    let mut report = Report::new();
    let got = report.ingest(&bytes).map_err(OpenProblem::NotReport)?;
    let meta = SavedMeta::from_ingested(&got).unwrap_or_default();
    Ok(OpenedReport { report, meta })
}

/// The screen-free state of one window.
pub struct Workspace {
    tz: TimeZone,
    request_timeout: Duration,
    worker: Option<Worker>,
    conn: Option<Connection>,
    report: Arc<Report>,
    generation: u64,
    spec: ViewSpec,
    view: View,
    view_serial: u64,
    view_dirty: bool,
    views: JobQueue<u64, View>,
    view_sync_limit: usize,
    job: Option<FetchJob>,
    loaded: Option<TimeRange>,
    missing: Vec<TimeRange>,
    fetched_to: Option<Stamp>,
    live: bool,
    next_refresh: Option<Instant>,
    last_updated: Option<DateTime>,
    selected: Option<u32>,
    notices: Vec<Notice>,
    requests_today: u64,
    test: Option<TestResult>,
    source_file: Option<PathBuf>,
    history: history::History,
    origin: Origin,
}

/// Where the shown calls came from, kept apart from the connection: connecting elsewhere
/// does not change where the calls on screen came from.
#[derive(Default)]
struct Origin {
    /// `None` while nothing was loaded.
    source: Option<PageSource>,
    /// The server a saved file names, kept for saving it again.
    recorded_server: Option<String>,
}

impl Origin {
    /// A saved file: demo data stays demo data; otherwise the file, by name only (a path
    /// can name the person who saved it), with the server it records.
    fn of_saved(path: &Path, server: Option<String>) -> Origin {
        let source = if server.as_deref() == Some("demo") {
            PageSource::Demo
        } else {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            PageSource::Files(name.into_iter().collect())
        };
        Origin {
            source: Some(source),
            recorded_server: server,
        }
    }
}

impl Workspace {
    /// A workspace fetching through `worker` (its failure to start becomes a notice);
    /// `waker` runs when background views end, so a window repaints.
    pub fn new(worker: std::io::Result<Worker>, waker: Waker, settings: &Settings) -> Workspace {
        let tz = time_zone(settings.time_zone.as_deref());
        let mut notices = Vec::new();
        let worker = match worker {
            Ok(w) => Some(w),
            Err(e) => {
                notices.push(Notice::WorkerDown(e.to_string()));
                None
            }
        };
        let today = now_in(&tz).date();
        let spec = ViewSpec {
            long_ivr_secs: settings.long_ivr_secs,
            ..ViewSpec::default()
        };
        let report = Report::new();
        let view = View::of(&report, &spec);
        let history = history::History::new(
            Arc::clone(&waker),
            Duration::from_secs(u64::from(settings.refresh_overlap_minutes) * 60),
            settings.retention_months,
        );
        Workspace {
            tz,
            request_timeout: Duration::from_secs(settings.request_timeout_secs),
            worker,
            conn: None,
            report: Arc::new(report),
            generation: 0,
            spec,
            view,
            view_serial: 0,
            view_dirty: false,
            views: JobQueue::new(waker),
            view_sync_limit: VIEW_SYNC_LIMIT,
            job: None,
            loaded: None,
            missing: Vec::new(),
            fetched_to: None,
            live: false,
            next_refresh: None,
            last_updated: None,
            selected: None,
            notices,
            requests_today: Usage::today(&today.to_string()).requests,
            test: None,
            source_file: None,
            history,
            origin: Origin::default(),
        }
    }

    // ---- what is shown ----

    /// The loaded calls.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The loaded calls, shared (exports and saves read them on another thread).
    pub fn report_shared(&self) -> Arc<Report> {
        Arc::clone(&self.report)
    }

    /// Changes whenever the loaded calls change: per-report caches follow it.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The rows in view, in order.
    pub fn view(&self) -> &[u32] {
        &self.view.rows
    }

    /// Key numbers of the view.
    pub fn numbers(&self) -> &KeyNumbers {
        &self.view.numbers
    }

    /// Chart data of the view.
    pub fn charts(&self) -> &ChartData {
        &self.view.charts
    }

    /// Changes whenever a new view is shown: caches of drawn data follow it.
    pub fn view_serial(&self) -> u64 {
        self.view_serial
    }

    /// The filter and sort the view follows.
    pub fn spec(&self) -> &ViewSpec {
        &self.spec
    }

    /// Whether the view still waits for filters, sorts or rows to be applied.
    pub fn is_view_pending(&self) -> bool {
        self.view_dirty || self.views.is_busy()
    }

    /// Whether a new view is being computed in the background.
    pub fn is_updating_view(&self) -> bool {
        self.views.is_busy()
    }

    /// The selected call.
    pub fn selected(&self) -> Option<u32> {
        self.selected
    }

    /// The ranges that could not be fetched.
    pub fn missing(&self) -> &[TimeRange] {
        &self.missing
    }

    /// The range the shown calls were loaded for.
    pub fn loaded(&self) -> Option<TimeRange> {
        self.loaded
    }

    /// The saved file the shown calls came from, if they came from one.
    pub fn source_file(&self) -> Option<&Path> {
        self.source_file.as_deref()
    }

    /// When the calls were last brought up to date.
    pub fn last_updated(&self) -> Option<DateTime> {
        self.last_updated
    }

    /// The messages to show.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// The running fetch.
    pub fn fetch_job(&self) -> Option<&FetchJob> {
        self.job.as_ref()
    }

    /// Whether a fetch is running.
    pub fn is_loading(&self) -> bool {
        self.job.is_some()
    }

    /// The answer of the last "Test connection".
    pub fn test_result(&self) -> Option<&TestResult> {
        self.test.as_ref()
    }

    /// Requests this computer sent to Wolkvox today.
    pub fn requests_today(&self) -> u64 {
        self.requests_today
    }

    /// Whether live tracking is on.
    pub fn is_live(&self) -> bool {
        self.live
    }

    /// The connection, if any.
    pub fn connection(&self) -> Option<&Connection> {
        self.conn.as_ref()
    }

    /// Whether the shown calls come from the demo server.
    pub fn is_demo(&self) -> bool {
        matches!(self.conn, Some(Connection::Demo { .. }))
    }

    /// The operation's time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// Today in the operation's time zone.
    pub fn today(&self) -> Date {
        now_in(&self.tz).date()
    }

    /// Whether the loaded range reaches the present, so live tracking makes sense.
    pub fn reaches_now(&self) -> bool {
        let now = Stamp::from_civil(now_in(&self.tz));
        self.loaded.is_some_and(|r| r.to() >= now)
    }

    /// Requests the range will cost.
    pub fn cost(range: Option<TimeRange>) -> usize {
        range.map_or(0, |r| plan(r).len())
    }

    /// Why "Load report" cannot run for `range` with the typed server, if it cannot.
    pub fn load_blocker(
        &self,
        range: Option<TimeRange>,
        typed_server: &str,
    ) -> Option<LoadBlocker> {
        if self.job.is_some() {
            return Some(LoadBlocker::Busy);
        }
        if range.is_none() {
            return Some(LoadBlocker::Backwards);
        }
        match &self.conn {
            Some(Connection::Demo { .. }) => None,
            Some(Connection::Wolkvox { server, .. }) => match ServerName::parse(typed_server) {
                Ok(typed) if typed == *server => None,
                Ok(_) => Some(LoadBlocker::NoToken),
                Err(_) => Some(LoadBlocker::NoServer),
            },
            None if ServerName::parse(typed_server).is_err() => Some(LoadBlocker::NoServer),
            None => Some(LoadBlocker::NoToken),
        }
    }

    // ---- provenance ----

    /// Where the shown calls come from, for which range, when they arrived and what is
    /// missing; `None` while nothing was loaded.
    pub fn provenance(&self) -> Option<Provenance> {
        Some(Provenance {
            source: self.origin.source.clone()?,
            requested: self.loaded.into_iter().collect(),
            loaded_at: self.last_updated,
            missing: self.missing.clone(),
        })
    }

    /// Whether the shown calls are synthetic demo calls.
    pub fn shows_demo(&self) -> bool {
        self.origin.source == Some(PageSource::Demo)
    }

    fn connection_origin(&self) -> Origin {
        let source = match &self.conn {
            Some(Connection::Demo { .. }) => Some(PageSource::Demo),
            Some(Connection::Wolkvox { server, .. }) => {
                Some(PageSource::Server(server.digits().to_string()))
            }
            None => None,
        };
        Origin {
            source,
            recorded_server: None,
        }
    }

    /// Forgets demo calls on screen and a demo load still running: once connected to an
    /// operation, nothing synthetic stays on screen to be taken for its calls.
    fn drop_demo_calls(&mut self) {
        if matches!(self.conn, Some(Connection::Demo { .. })) && self.job.take().is_some() {
            self.cancel();
        }
        if !self.shows_demo() {
            return;
        }
        self.replace_report(Report::new());
        self.origin = Origin::default();
        self.loaded = None;
        self.fetched_to = None;
        self.last_updated = None;
        self.live = false;
        self.next_refresh = None;
        self.notices.retain(|n| !n.is_about_fetching());
        self.refresh_view();
    }

    /// How long until live tracking's next refresh, while it is on and one is planned.
    pub fn next_refresh_in(&self, now: Instant) -> Option<Duration> {
        self.next_refresh
            .filter(|_| self.live)
            .map(|due| due.saturating_duration_since(now))
    }

    // ---- commands: connections ----

    /// Connects to the built-in demo server; says why when it cannot start.
    pub fn start_demo(&mut self) -> bool {
        let cfg = FakeConfig::default();
        let token = SecretString::from(cfg.token.clone());
        match FakeServer::start(cfg) {
            Ok(server) => {
                let client = Endpoint::loopback(&server.base_url())
                    .and_then(|ep| Client::new(ep, token, self.request_timeout).ok());
                match client {
                    Some(client) => {
                        self.conn = Some(Connection::Demo {
                            _server: server,
                            client: Arc::new(client),
                        });
                        true
                    }
                    None => {
                        self.notify(Notice::DemoCannotStart(server.base_url()));
                        false
                    }
                }
            }
            Err(e) => {
                self.notify(Notice::DemoCannotStart(e.to_string()));
                false
            }
        }
    }

    /// Connects to `server` with `token`, sending requests to `endpoint` (Wolkvox itself,
    /// or a server on this computer in tests).
    pub fn connect_to(
        &mut self,
        server: ServerName,
        endpoint: Endpoint,
        token: SecretString,
    ) -> Result<(), ApiError> {
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
        let client = Arc::new(Client::new(endpoint, token, self.request_timeout)?);
        self.drop_demo_calls();
        self.conn = Some(Connection::Wolkvox {
            server,
            client,
            tail,
        });
        self.test = None;
        Ok(())
    }

    /// Forgets the connection (its token leaves memory with the client).
    pub fn disconnect(&mut self) {
        self.conn = None;
        self.test = None;
    }

    /// Uses another time zone for "today" and live tracking.
    pub fn set_time_zone(&mut self, tz: TimeZone) {
        self.tz = tz;
    }

    // ---- commands: fetching ----

    /// Loads `range`, replacing the shown calls once its first rows arrive.
    pub fn load(&mut self, range: TimeRange) {
        if self.job.is_none() && self.conn.is_some() && !self.load_from_history(range) {
            self.start_fetch(FetchKind::Load, vec![range], range);
        }
    }

    /// Fetches the ranges that failed before and merges them in.
    pub fn retry_missing(&mut self) {
        if self.job.is_some() || self.missing.is_empty() || self.conn.is_none() {
            return;
        }
        let ranges = std::mem::take(&mut self.missing);
        if let Some(span) = TimeRange::new(ranges[0].from(), ranges[ranges.len() - 1].to()) {
            self.start_fetch(FetchKind::Retry, ranges, span);
        }
    }

    /// Fetches what is new since the last fetch, for live tracking.
    pub fn refresh(&mut self) {
        if self.job.is_some() {
            return;
        }
        if self.conn.is_none()
            || self.worker.is_none()
            || self.fetched_to.is_none()
            || self.loaded.is_none()
        {
            return;
        }
        let sink = self.history_sink();
        let (Some(conn), Some(since), Some(loaded), Some(worker)) =
            (&self.conn, self.fetched_to, self.loaded, &self.worker)
        else {
            return;
        };
        let id = worker.refresh_keeping(conn.client(), since, sink);
        self.notices.retain(|n| !n.is_about_fetching());
        self.job = Some(FetchJob {
            id,
            kind: FetchKind::Refresh,
            done: 0,
            planned: 1,
            rows: 0,
            range: loaded,
            incoming: None,
        });
    }

    /// Sends one request for a minute shortly before now, to tell whether server and
    /// token work; the shown calls are never touched.
    pub fn test_connection(&mut self) {
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
        if self.start_fetch(FetchKind::Test, vec![range], range) {
            self.test = Some(TestResult::Running);
        }
    }

    /// Forgets the last test's answer.
    pub fn clear_test(&mut self) {
        self.test = None;
    }

    /// Cancels the running fetch; what arrived stays.
    pub fn cancel(&mut self) {
        self.cancel_history_read();
        if let Some(w) = &self.worker {
            w.cancel();
        }
    }

    /// Turns live tracking on or off.
    pub fn set_live(&mut self, on: bool) {
        self.live = on;
        if !on {
            self.next_refresh = None;
        }
    }

    /// Runs live tracking's clock: refreshes when due. Returns how long until it wants to
    /// be called again, when live tracking is on.
    pub fn live_tick(&mut self, now: Instant) -> Option<Duration> {
        if !self.live || !self.reaches_now() {
            self.next_refresh = None;
            return None;
        }
        let due = *self.next_refresh.get_or_insert(now + LIVE_EVERY);
        if now >= due && self.job.is_none() {
            self.refresh();
            self.next_refresh = Some(now + LIVE_EVERY);
        }
        let due = self.next_refresh.unwrap_or(due);
        Some(
            due.saturating_duration_since(now)
                .max(Duration::from_secs(1)),
        )
    }

    fn start_fetch(&mut self, kind: FetchKind, ranges: Vec<TimeRange>, span: TimeRange) -> bool {
        if self.conn.is_none() || self.worker.is_none() {
            return false;
        }
        // A connection test is never kept: it only asks whether the token works.
        let sink = if kind == FetchKind::Test {
            None
        } else {
            self.history_sink()
        };
        let (Some(conn), Some(worker)) = (&self.conn, &self.worker) else {
            return false;
        };
        let id = worker.fetch_keeping(conn.client(), ranges, sink);
        if kind != FetchKind::Test {
            // The last fetch's words no longer describe what is shown.
            self.notices.retain(|n| !n.is_about_fetching());
        }
        self.job = Some(FetchJob {
            id,
            kind,
            done: 0,
            planned: 0,
            rows: 0,
            range: span,
            incoming: (kind == FetchKind::Load).then(Report::new),
        });
        true
    }

    /// Handles the worker's events and background views; call once per frame.
    pub fn poll(&mut self) {
        self.poll_history();
        while let Some(ev) = self.worker.as_ref().and_then(Worker::try_recv) {
            self.apply(ev);
        }
        for done in self.views.poll() {
            match done.result {
                // A view of calls that changed meanwhile is dropped; its successor follows.
                Ok(view) if done.kind == self.generation => self.show_view(view),
                Ok(_) => self.view_dirty = true,
                Err(_) => self.notify(Notice::JobFailed),
            }
        }
        // While a large report loads, views wait for the end: computing them would hold
        // the report and make every merge copy it.
        let loading_large = self.job.is_some() && self.report.len() > self.view_sync_limit;
        if self.view_dirty && !loading_large && !self.views.is_busy() {
            self.refresh_view();
        }
    }

    /// Applies one worker event.
    pub fn apply(&mut self, ev: Event) {
        let Some(job) = self.job.as_mut() else {
            return;
        };
        if ev.job() != job.id {
            return;
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
            Event::Rows { .. } if job.kind == FetchKind::Test => {}
            Event::Rows { report, .. } => {
                if let Some(mut incoming) = job.incoming.take() {
                    // The first rows of a new load replace what was shown.
                    incoming.merge_from(report);
                    let range = job.range;
                    self.replace_report(incoming);
                    self.loaded = Some(range);
                    self.fetched_to = None;
                    self.source_file = None;
                    self.origin = self.connection_origin();
                } else {
                    Arc::make_mut(&mut self.report).merge_from(report);
                    self.generation += 1;
                }
                self.view_dirty = true;
            }
            Event::Done { outcome, .. } => self.finish(outcome, None),
            Event::Failed { error, outcome, .. } => self.finish(outcome, Some(error)),
        }
    }

    fn replace_report(&mut self, report: Report) {
        // Words about the calls shown before do not describe these.
        self.notices.retain(|n| !n.is_about_shown_calls());
        self.report = Arc::new(report);
        self.generation += 1;
        self.selected = None;
        self.missing.clear();
        // Picked rows name rows of the old report; new calls merged in keep their places.
        self.spec.rows = None;
    }

    fn finish(&mut self, outcome: Outcome, error: Option<ApiError>) {
        let Some(job) = self.job.take() else {
            return;
        };
        self.count_requests(outcome.requests as u64);
        self.history_fetch_ended(job.kind, job.range, &outcome);
        if job.kind == FetchKind::Test {
            let problem = error.or_else(|| outcome.missing.first().map(|m| m.error.clone()));
            self.test = Some(match problem {
                Some(e) => TestResult::Failed(e),
                None => TestResult::Works(outcome.rows),
            });
            return;
        }
        let got_something = !outcome.fetched.is_empty();
        let load_untouched = job.kind == FetchKind::Load && job.incoming.is_some();
        if load_untouched && got_something {
            // A load that found no calls at all: show the empty range.
            self.replace_report(Report::new());
            self.loaded = Some(job.range);
            self.fetched_to = None;
            self.source_file = None;
            self.origin = self.connection_origin();
            self.view_dirty = true;
        }
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
        // Nothing replaced the shown calls: they keep their own missing list.
        let keeps_old = load_untouched && !got_something;
        if (job.kind != FetchKind::Refresh || got_something) && !keeps_old {
            self.missing.extend(outcome.missing.iter().map(|m| m.range));
            self.missing.sort();
            self.missing.dedup();
        }
        if let Some(e) = error {
            self.notify(Notice::Fetch(e));
        } else if outcome.cancelled {
            self.notify(Notice::Cancelled {
                calls: self.report.len() as u64,
                missing: self.missing.clone(),
            });
        } else if let Some(first) = outcome.missing.first() {
            self.notify(Notice::Fetch(first.error.clone()));
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

    // ---- commands: the view ----

    /// Filters and sorts by `spec`; the view is recomputed once, only if it changed.
    pub fn set_spec(&mut self, spec: ViewSpec) {
        if spec == self.spec {
            return;
        }
        let only_threshold = ViewSpec {
            long_ivr_secs: self.spec.long_ivr_secs,
            ..spec.clone()
        } == self.spec;
        self.spec = spec;
        if only_threshold {
            self.threshold_changed();
        } else {
            self.refresh_view();
        }
    }

    /// Moves the long-IVR threshold: the rows stay unless only long calls are shown.
    pub fn set_threshold(&mut self, secs: u32) {
        let spec = ViewSpec {
            long_ivr_secs: secs,
            ..self.spec.clone()
        };
        self.set_spec(spec);
    }

    fn threshold_changed(&mut self) {
        if self.spec.only_long || self.report.len() > self.view_sync_limit {
            self.refresh_view();
        } else {
            let numbers =
                KeyNumbers::of_rows(&self.report, &self.view.rows, self.spec.long_ivr_secs);
            self.view.charts = ChartData::of_rows(&self.report, &self.view.rows, &numbers);
            self.view.numbers = numbers;
            self.view_serial += 1;
        }
    }

    /// Selects a call (or none).
    pub fn select(&mut self, call: Option<u32>) {
        self.selected = call.filter(|&i| (i as usize) < self.report.len());
    }

    /// From how many calls up views, and results worked out from them, are computed in
    /// the background.
    pub fn view_sync_limit(&self) -> usize {
        self.view_sync_limit
    }

    /// Computes views in the background from this many calls up (0: always).
    pub fn set_view_sync_limit(&mut self, calls: usize) {
        self.view_sync_limit = calls;
    }

    /// Recomputes the rows in view (after a filter, a sort or new rows).
    fn refresh_view(&mut self) {
        if self.report.len() > self.view_sync_limit {
            if self.views.is_busy() {
                // One background computation at a time; this one follows when it ends.
                self.view_dirty = true;
                return;
            }
            self.view_dirty = false;
            // The shown view stays until the new one is ready.
            let report = Arc::clone(&self.report);
            let spec = self.spec.clone();
            self.views
                .start(self.generation, move |_| View::of(&report, &spec));
            return;
        }
        self.view_dirty = false;
        let view = View::of(&self.report, &self.spec);
        self.show_view(view);
    }

    fn show_view(&mut self, view: View) {
        self.view = view;
        self.view_serial += 1;
        if self.view_dirty && !self.views.is_busy() {
            self.refresh_view();
        }
    }

    // ---- commands: files and notices ----

    /// Shows `report` as if it had just been loaded (benchmarks, tests, and reports
    /// built by the caller).
    pub fn show_report(&mut self, report: Report) {
        self.shown_not_from_history();
        self.replace_report(report);
        self.source_file = None;
        self.origin = Origin {
            source: Some(PageSource::Files(Vec::new())),
            recorded_server: None,
        };
        self.refresh_view();
    }

    /// Shows a saved report read by [`read_saved_report`].
    pub fn adopt_saved(&mut self, path: &Path, opened: OpenedReport) {
        let OpenedReport { report, meta } = opened;
        self.shown_not_from_history();
        let calls = report.len() as u64;
        self.replace_report(report);
        self.notify(Notice::Opened {
            path: path.to_path_buf(),
            calls,
        });
        self.live = false;
        self.missing = meta.missing;
        self.loaded = match (meta.requested.first(), meta.requested.last()) {
            (Some(a), Some(b)) => TimeRange::new(a.from(), b.to()),
            _ => None,
        };
        self.fetched_to = self.loaded.map(|r| r.to());
        self.source_file = Some(path.to_path_buf());
        self.origin = Origin::of_saved(path, meta.server);
        // The file's own time of loading; an earlier load's says nothing about these calls.
        self.last_updated = meta.loaded_at;
        self.refresh_view();
    }

    /// Opens a saved report on this thread; what is shown stays if it cannot.
    pub fn open_saved(&mut self, path: &Path) {
        match read_saved_report(path) {
            Ok(opened) => self.adopt_saved(path, opened),
            Err(problem) => self.notify(Notice::NotOpened {
                path: path.to_path_buf(),
                problem,
            }),
        }
    }

    /// What "Save report…" writes: the loaded rows with their range and missing ranges.
    pub fn saved_meta(&self) -> SavedMeta {
        SavedMeta {
            server: match &self.origin.source {
                Some(PageSource::Demo) => Some("demo".into()),
                Some(PageSource::Server(s)) => Some(s.clone()),
                _ => self.origin.recorded_server.clone(),
            },
            requested: self.loaded.into_iter().collect(),
            missing: self.missing.clone(),
            capped: Vec::new(),
            loaded_at: self.last_updated,
        }
    }

    /// Adds a message, in place of those it makes out of date.
    pub fn notify(&mut self, notice: Notice) {
        self.notices.retain(|old| !notice.replaces(old));
        self.notices.push(notice);
    }

    /// Removes message `i`.
    pub fn dismiss(&mut self, i: usize) {
        if i < self.notices.len() {
            self.notices.remove(i);
        }
    }

    /// Waits until no fetch runs and the view is up to date, at most `limit` (the command
    /// line, tests and benchmarks).
    pub fn settle(&mut self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            self.poll();
            if self.job.is_none() && !self.is_view_pending() && !self.history_opening() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// Saves `report` exactly as received, with `meta`, replacing `path` atomically.
pub fn write_saved_report(path: &Path, report: &Report, meta: &SavedMeta) -> std::io::Result<()> {
    crate::files::write_atomic_with(path, |w| crate::saved::write_response(report, meta, w))
}

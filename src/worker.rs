//! The background worker that owns all network I/O.
//!
//! It runs on its own thread with its own runtime, takes commands (fetch, refresh,
//! cancel) and sends events back, waking the window through a callback so this module
//! knows nothing of egui. Exactly one request is in flight at any time, because the API
//! refuses concurrent use of a token. A request that fails after its retries does not
//! stop the others; the outcome names the missing ranges so they can be fetched alone.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::{mpsc as tmpsc, watch};

use crate::report::{Report, Stamp};
use crate::settings::Settings;
use crate::wolkvox::client::{Client, ROW_CAP};
use crate::wolkvox::error::{ApiError, Retry};
use crate::wolkvox::plan::{TimeRange, plan};
use crate::wolkvox::when::{now_in, time_zone};

/// Tries for a request refused because the token is busy elsewhere.
pub const BUSY_TRIES: u32 = 4;
/// Tries for a request that timed out, lost its connection or met a server error.
pub const TRANSIENT_TRIES: u32 = 3;

/// Identifies one fetch; events carry it so stale ones can be told apart.
pub type JobId = u64;

/// Called after each event so the window repaints; the core knows no GUI.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// Timings and limits of fetching; settings, so tests can run with short ones.
#[derive(Clone, Debug)]
pub struct FetchSettings {
    /// How long one request may take.
    pub timeout: Duration,
    /// First pause after a "simultaneous requests" refusal; doubles on each try.
    pub busy_pause: Duration,
    /// First pause after a passing fault; doubles on each try.
    pub retry_pause: Duration,
    /// How far before the last fetched end a refresh starts again.
    pub refresh_overlap: Duration,
    /// Rows at or above this count mean the answer may be cut: the range is split.
    pub row_cap: usize,
    /// The operation's time zone (IANA name), for "now".
    pub time_zone: Option<String>,
    /// A clock instead of the wall clock, so a day of live tracking runs in seconds.
    #[cfg(feature = "testing")]
    pub clock: Option<testing::Clock>,
}

impl FetchSettings {
    /// Now on the operation's clock.
    fn now(&self) -> Stamp {
        #[cfg(feature = "testing")]
        if let Some(clock) = &self.clock {
            return clock.now();
        }
        Stamp::from_civil(now_in(&time_zone(self.time_zone.as_deref())))
    }
}

impl FetchSettings {
    /// The fetch settings from the saved preferences.
    pub fn from_settings(s: &Settings) -> FetchSettings {
        FetchSettings {
            timeout: Duration::from_secs(s.request_timeout_secs),
            busy_pause: Duration::from_millis(s.busy_pause_ms),
            retry_pause: Duration::from_millis(s.retry_pause_ms),
            refresh_overlap: Duration::from_secs(s.refresh_overlap_minutes as u64 * 60),
            row_cap: ROW_CAP,
            time_zone: s.time_zone.clone(),
            #[cfg(feature = "testing")]
            clock: None,
        }
    }
}

impl Default for FetchSettings {
    fn default() -> FetchSettings {
        FetchSettings::from_settings(&Settings::default())
    }
}

/// A range that could not be fetched, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    /// The range.
    pub range: TimeRange,
    /// The last error met for it.
    pub error: ApiError,
}

/// How a fetch ended.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// The ranges that were asked for.
    pub requested: Vec<TimeRange>,
    /// Ranges that arrived (after any splits), in order.
    pub fetched: Vec<TimeRange>,
    /// Ranges that did not arrive.
    pub missing: Vec<Missing>,
    /// Ranges kept although they hit the row cap even at one minute: possibly cut.
    pub capped: Vec<TimeRange>,
    /// Rows received (before merging with what was already loaded).
    pub rows: usize,
    /// Requests sent, retries included (each costs daily quota).
    pub requests: usize,
    /// The user cancelled.
    pub cancelled: bool,
    /// The latest second whose calls are known to be in an answer: a range that reaches
    /// past the moment it was asked for holds calls only up to that moment.
    pub seen_until: Option<Stamp>,
}

impl Outcome {
    /// The latest second fetched, for the next live refresh: the end of the last range,
    /// or the moment it was fetched when that came first.
    pub fn fetched_to(&self) -> Option<Stamp> {
        let end = self.fetched.iter().map(|r| r.to()).max()?;
        Some(self.seen_until.map_or(end, |seen| seen.min(end)))
    }
}

/// One answer as it arrived, handed to an [`AnswerSink`] before it is reported.
#[derive(Debug, Clone, Copy)]
pub struct Arrived<'a> {
    /// The range the request asked for.
    pub range: TimeRange,
    /// When the request was sent (the operation's wall clock, see
    /// [`FetchSettings::time_zone`]).
    pub asked_at: Stamp,
    /// False when the answer hit the row cap even at one minute: possibly cut.
    pub whole: bool,
    /// The typed rows.
    pub report: &'a Report,
}

/// Keeps each answer (the local store) before the worker emits [`Event::Rows`] for it, so
/// an answer reported as arrived is never lost to a crash.
pub trait AnswerSink: Send + Sync {
    /// Keeps `answer`. An error only warns: the answer is reported either way.
    fn keep(&self, answer: &Arrived<'_>) -> Result<(), String>;

    /// Asked before each piece is fetched, so that computers sharing a store fetch each
    /// piece once between them. After [`Claim::Fetch`] the worker fetches, keeps the
    /// answer, then calls [`AnswerSink::release`].
    fn claim(&self, range: TimeRange) -> Claim {
        let _ = range;
        Claim::Fetch
    }

    /// Called after a piece claimed with [`Claim::Fetch`] was fetched and kept, or failed.
    fn release(&self) {}
}

/// What to do with the next piece, per [`AnswerSink::claim`].
#[derive(Debug)]
pub enum Claim {
    /// Fetch it: this process holds the operation's turn until the release.
    Fetch,
    /// Another process is fetching for this operation: wait and ask again.
    Busy,
    /// Another process stored it meanwhile: these are its calls, no request needed.
    Stored(Box<Report>),
    /// Another process stored part of it: take these parts one by one instead.
    Split(Vec<TimeRange>),
}

/// How long to wait before asking again while another process fetches.
pub const TURN_POLL: Duration = Duration::from_millis(250);

/// Lets go of a claimed turn when dropped, on every way out of a piece.
struct Turn<'a>(&'a dyn AnswerSink);

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// An optional sink shared with the worker for one fetch.
pub type Sink = Option<Arc<dyn AnswerSink>>;

/// What the worker reports.
#[derive(Debug)]
pub enum Event {
    /// Requests done so far out of planned (which grows when a capped range is split),
    /// and rows received so far.
    Progress {
        /// The fetch.
        job: JobId,
        /// Requests finished (successfully or not).
        done: usize,
        /// Requests planned.
        planned: usize,
        /// Rows received so far.
        rows: usize,
        /// True while another computer sharing the store fetches for this operation
        /// and this fetch waits its turn.
        waiting: bool,
    },
    /// The rows of one range, to merge.
    Rows {
        /// The fetch.
        job: JobId,
        /// The range they cover.
        range: TimeRange,
        /// The typed rows.
        report: Report,
    },
    /// The fetch ended; some ranges may be missing.
    Done {
        /// The fetch.
        job: JobId,
        /// How it went.
        outcome: Outcome,
    },
    /// The fetch stopped on an error every other request would meet too (token, quota,
    /// maintenance); rows that arrived before it were sent.
    Failed {
        /// The fetch.
        job: JobId,
        /// The error.
        error: ApiError,
        /// How far it got.
        outcome: Outcome,
    },
}

impl Event {
    /// The fetch this event belongs to.
    pub fn job(&self) -> JobId {
        match self {
            Event::Progress { job, .. }
            | Event::Rows { job, .. }
            | Event::Done { job, .. }
            | Event::Failed { job, .. } => *job,
        }
    }
}

enum Command {
    Fetch {
        job: JobId,
        client: Arc<Client>,
        ranges: Vec<TimeRange>,
        sink: Sink,
    },
    Refresh {
        job: JobId,
        client: Arc<Client>,
        since: Stamp,
        sink: Sink,
    },
}

/// The handle the window or the command line holds.
pub struct Worker {
    commands: Option<tmpsc::UnboundedSender<Command>>,
    events: mpsc::Receiver<Event>,
    cancelled_upto: watch::Sender<JobId>,
    next_job: AtomicU64,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker thread.
    pub fn spawn(settings: FetchSettings, waker: Waker) -> std::io::Result<Worker> {
        let (cmd_tx, cmd_rx) = tmpsc::unbounded_channel();
        let (ev_tx, ev_rx) = mpsc::channel();
        let (cancel_tx, cancel_rx) = watch::channel(0);
        let thread = std::thread::Builder::new()
            .name("wolkvox-fetch".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        tracing::error!("fetch worker could not start: {e}");
                        return;
                    }
                };
                let ctx = Arc::new(Ctx {
                    settings,
                    events: ev_tx,
                    waker,
                    cancel: cancel_rx,
                });
                runtime.block_on(serve(ctx, cmd_rx));
            })?;
        Ok(Worker {
            commands: Some(cmd_tx),
            events: ev_rx,
            cancelled_upto: cancel_tx,
            next_job: AtomicU64::new(1),
            thread: Some(thread),
        })
    }

    fn send(&self, cmd: Command) {
        if let Some(tx) = &self.commands
            && tx.send(cmd).is_err()
        {
            tracing::error!("fetch worker is gone");
        }
    }

    /// Fetches `ranges` (each planned into month-bounded requests). Returns the job id.
    pub fn fetch(&self, client: Arc<Client>, ranges: Vec<TimeRange>) -> JobId {
        self.fetch_keeping(client, ranges, None)
    }

    /// [`Worker::fetch`], handing each answer to `sink` before reporting it.
    pub fn fetch_keeping(&self, client: Arc<Client>, ranges: Vec<TimeRange>, sink: Sink) -> JobId {
        let job = self.next_job.fetch_add(1, Ordering::Relaxed);
        self.send(Command::Fetch {
            job,
            client,
            ranges,
            sink,
        });
        job
    }

    /// Fetches from `since` minus the refresh overlap until now, for live tracking.
    pub fn refresh(&self, client: Arc<Client>, since: Stamp) -> JobId {
        self.refresh_keeping(client, since, None)
    }

    /// [`Worker::refresh`], handing each answer to `sink` before reporting it.
    pub fn refresh_keeping(&self, client: Arc<Client>, since: Stamp, sink: Sink) -> JobId {
        let job = self.next_job.fetch_add(1, Ordering::Relaxed);
        self.send(Command::Refresh {
            job,
            client,
            since,
            sink,
        });
        job
    }

    /// Cancels every fetch started so far, mid-request too; rows already received stay.
    pub fn cancel(&self) {
        let last = self.next_job.load(Ordering::Relaxed).saturating_sub(1);
        self.cancelled_upto.send_replace(last);
    }

    /// The next event, if one is waiting.
    pub fn try_recv(&self) -> Option<Event> {
        self.events.try_recv().ok()
    }

    /// The next event, waiting at most `timeout`.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Event> {
        self.events.recv_timeout(timeout).ok()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.cancel();
        self.commands = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Ctx {
    settings: FetchSettings,
    events: mpsc::Sender<Event>,
    waker: Waker,
    cancel: watch::Receiver<JobId>,
}

impl Ctx {
    fn emit(&self, ev: Event) {
        let _ = self.events.send(ev);
        (self.waker)();
    }

    fn is_cancelled(&self, job: JobId) -> bool {
        *self.cancel.borrow() >= job
    }

    async fn cancelled(&self, job: JobId) {
        let mut rx = self.cancel.clone();
        let _ = rx.wait_for(|&upto| upto >= job).await;
        // If the handle is gone, wait_for errs: treat it as cancelled too.
    }

    /// Sleeps, unless cancelled first; returns false when cancelled.
    async fn pause(&self, job: JobId, d: Duration) -> bool {
        tokio::select! {
            _ = tokio::time::sleep(d) => true,
            _ = self.cancelled(job) => false,
        }
    }
}

async fn serve(ctx: Arc<Ctx>, mut commands: tmpsc::UnboundedReceiver<Command>) {
    while let Some(cmd) = commands.recv().await {
        let (job, client, ranges, sink) = match cmd {
            Command::Fetch {
                job,
                client,
                ranges,
                sink,
            } => (job, client, ranges, sink),
            Command::Refresh {
                job,
                client,
                since,
                sink,
            } => {
                let now = ctx.settings.now();
                let overlap = ctx.settings.refresh_overlap.as_secs() as i64;
                let ranges = match (since.seconds(), now.seconds()) {
                    (Some(s), Some(n)) => TimeRange::from_seconds((s - overlap).min(n), n)
                        .into_iter()
                        .collect(),
                    _ => Vec::new(),
                };
                (job, client, ranges, sink)
            }
        };
        // Each fetch runs as its own task, so a panic inside it (a bug) ends that fetch
        // with an error event instead of killing the worker and hanging the window. What
        // arrived before is known from the record the task keeps outside itself, so the
        // outcome names every part that did not arrive, the same for every caller.
        let record = Arc::new(Mutex::new(Outcome {
            requested: ranges.clone(),
            ..Outcome::default()
        }));
        let (task_ctx, task_record) = (Arc::clone(&ctx), Arc::clone(&record));
        let task =
            tokio::spawn(async move { run_job(&task_ctx, job, &client, &task_record, sink).await });
        if let Err(e) = task.await {
            let detail = if e.is_panic() { "panic" } else { "stopped" };
            tracing::error!("fetch {job} ended abnormally: {detail}");
            let error = ApiError::Internal(detail.to_string());
            let seen = record
                .lock()
                .map(|r| r.clone())
                .unwrap_or_else(|p| p.into_inner().clone());
            let outcome = repaired(seen, &error);
            let _ = ctx.events.send(Event::Failed {
                job,
                error,
                outcome,
            });
            let waker = Arc::clone(&ctx.waker);
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| waker()));
        }
    }
}

/// The outcome of a fetch that stopped in the middle: what arrived stays arrived, the
/// ranges that failed keep their errors, and every other part of the request is missing
/// for `why`.
fn repaired(mut seen: Outcome, why: &ApiError) -> Outcome {
    let mut known: Vec<TimeRange> = seen.fetched.clone();
    known.extend(seen.missing.iter().map(|m| m.range));
    let gaps = not_arrived(&seen.requested, &known);
    seen.missing.extend(gaps.into_iter().map(|range| Missing {
        range,
        error: why.clone(),
    }));
    seen.missing.sort_by_key(|m| m.range);
    seen
}

/// The parts of `asked` that no range of `arrived` covers, in order.
pub fn not_arrived(asked: &[TimeRange], arrived: &[TimeRange]) -> Vec<TimeRange> {
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

async fn run_job(ctx: &Ctx, job: JobId, client: &Client, record: &Mutex<Outcome>, sink: Sink) {
    let mut outcome = match record.lock() {
        Ok(r) => r.clone(),
        Err(p) => p.into_inner().clone(),
    };
    let keep = |outcome: &Outcome| {
        if let Ok(mut r) = record.lock() {
            r.clone_from(outcome);
        }
    };
    let progress = |done, planned, rows, waiting| {
        ctx.emit(Event::Progress {
            job,
            done,
            planned,
            rows,
            waiting,
        })
    };
    let mut queue: VecDeque<TimeRange> = outcome.requested.iter().copied().flat_map(plan).collect();
    let mut planned = queue.len();
    let mut done = 0usize;
    progress(done, planned, 0, false);
    let mut fatal: Option<ApiError> = None;
    while let Some(range) = queue.pop_front() {
        if ctx.is_cancelled(job) {
            outcome.cancelled = true;
            queue.push_front(range);
            break;
        }
        let _turn = match sink.as_deref().map(|s| (s, s.claim(range))) {
            None => None,
            Some((s, Claim::Fetch)) => Some(Turn(s)),
            Some((_, Claim::Busy)) => {
                progress(done, planned, outcome.rows, true);
                queue.push_front(range);
                // A cancel during the pause is seen at the top of the loop.
                ctx.pause(job, TURN_POLL).await;
                continue;
            }
            Some((_, Claim::Split(parts))) => {
                planned += parts.len().saturating_sub(1);
                for part in parts.into_iter().rev() {
                    queue.push_front(part);
                }
                continue;
            }
            Some((_, Claim::Stored(report))) => {
                done += 1;
                outcome.rows += report.len();
                arrived(&mut outcome, range, ctx.settings.now());
                keep(&outcome);
                ctx.emit(Event::Rows {
                    job,
                    range,
                    report: *report,
                });
                progress(done, planned, outcome.rows, false);
                continue;
            }
        };
        let asked_at = ctx.settings.now();
        match fetch_with_retries(ctx, job, client, range, &mut outcome.requests).await {
            Ok(f) if f.rows >= ctx.settings.row_cap && range.halves().is_some() => {
                // Possibly cut: fetch each half instead (the rows are fetched again).
                if let Some((a, b)) = range.halves() {
                    tracing::info!(%range, rows = f.rows, "row cap reached, splitting");
                    queue.push_front(b);
                    queue.push_front(a);
                    planned += 1;
                }
            }
            Ok(f) => {
                let whole = f.rows < ctx.settings.row_cap;
                if !whole {
                    outcome.capped.push(range);
                }
                if let Some(sink) = &sink {
                    let arrived = Arrived {
                        range,
                        asked_at,
                        whole,
                        report: &f.report,
                    };
                    if let Err(e) = sink.keep(&arrived) {
                        tracing::warn!(%range, "answer not kept in the store: {e}");
                    }
                }
                done += 1;
                outcome.rows += f.rows;
                // Counted from the moment of asking, not of the answer: the next refresh
                // then starts exactly where this answer's coverage ends (asked minus the
                // overlap), so a slow answer leaves no hole in the history.
                arrived(&mut outcome, range, asked_at);
                keep(&outcome);
                ctx.emit(Event::Rows {
                    job,
                    range,
                    report: f.report,
                });
                #[cfg(feature = "testing")]
                testing::maybe_panic(outcome.fetched.len());
            }
            Err(ApiError::Cancelled) => {
                outcome.cancelled = true;
                queue.push_front(range);
                break;
            }
            Err(e) if e.stops_everything() => {
                tracing::warn!(%range, error = %e, "fetch stopped");
                queue.push_front(range);
                fatal = Some(e);
                break;
            }
            Err(e) => {
                tracing::warn!(%range, error = %e, "range missing after retries");
                done += 1;
                outcome.missing.push(Missing { range, error: e });
                keep(&outcome);
            }
        }
        keep(&outcome);
        progress(done, planned, outcome.rows, false);
    }
    let leftover_error = fatal.clone().unwrap_or(ApiError::Cancelled);
    outcome
        .missing
        .extend(queue.into_iter().map(|range| Missing {
            range,
            error: leftover_error.clone(),
        }));
    outcome.missing.sort_by_key(|m| m.range);
    match fatal {
        Some(error) => ctx.emit(Event::Failed {
            job,
            error,
            outcome,
        }),
        None => ctx.emit(Event::Done { job, outcome }),
    }
}

/// Records that `range` arrived as asked for at `asked_at`, and how far its calls reach.
fn arrived(outcome: &mut Outcome, range: TimeRange, asked_at: Stamp) {
    outcome.fetched.push(range);
    let seen = asked_at.min(range.to());
    outcome.seen_until = Some(outcome.seen_until.map_or(seen, |s| s.max(seen)));
}

async fn fetch_with_retries(
    ctx: &Ctx,
    job: JobId,
    client: &Client,
    range: TimeRange,
    requests: &mut usize,
) -> Result<crate::wolkvox::client::Fetched, ApiError> {
    let (mut busy, mut transient) = (0u32, 0u32);
    loop {
        *requests += 1;
        let result = tokio::select! {
            r = client.fetch(range) => r,
            _ = ctx.cancelled(job) => Err(ApiError::Cancelled),
        };
        let err = match result {
            Ok(f) => return Ok(f),
            Err(e) => e,
        };
        let pause = match err.retry() {
            Retry::AfterPause if busy + 1 < BUSY_TRIES => {
                busy += 1;
                ctx.settings.busy_pause * (1 << (busy - 1))
            }
            Retry::WithBackoff if transient + 1 < TRANSIENT_TRIES => {
                transient += 1;
                ctx.settings.retry_pause * (1 << (transient - 1))
            }
            _ => return Err(err),
        };
        tracing::info!(%range, error = %err, ?pause, "retrying");
        if !ctx.pause(job, pause).await {
            return Err(ApiError::Cancelled);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(a: i64, b: i64) -> TimeRange {
        TimeRange::from_seconds(a, b).unwrap()
    }

    #[test]
    fn a_stopped_fetch_keeps_what_arrived_and_names_every_other_part_missing() {
        let seen = Outcome {
            requested: vec![r(0, 99), r(200, 299)],
            fetched: vec![r(0, 29)],
            missing: vec![Missing {
                range: r(30, 59),
                error: ApiError::Timeout,
            }],
            rows: 5,
            requests: 3,
            ..Outcome::default()
        };
        let why = ApiError::Internal("panic".into());
        let out = repaired(seen, &why);
        assert_eq!(out.fetched, vec![r(0, 29)]);
        assert_eq!(out.rows, 5);
        let missing: Vec<_> = out
            .missing
            .iter()
            .map(|m| (m.range, m.error.clone()))
            .collect();
        assert_eq!(
            missing,
            vec![
                (r(30, 59), ApiError::Timeout),
                (r(60, 99), why.clone()),
                (r(200, 299), why),
            ]
        );
    }

    #[test]
    fn nothing_arrived_means_everything_asked_is_missing() {
        assert_eq!(not_arrived(&[r(0, 9)], &[]), vec![r(0, 9)]);
        assert_eq!(not_arrived(&[r(0, 9)], &[r(0, 9)]), vec![]);
        assert_eq!(not_arrived(&[r(0, 9)], &[r(3, 4)]), vec![r(0, 2), r(5, 9)]);
    }
}

#[cfg(feature = "testing")]
pub mod testing {
    use std::sync::Arc;

    use crate::report::Stamp;

    /// A clock the caller moves: the worker reads "now" from it.
    #[derive(Clone)]
    pub struct Clock(Arc<dyn Fn() -> Stamp + Send + Sync>);

    impl Clock {
        /// A clock reading `now`.
        pub fn new(now: impl Fn() -> Stamp + Send + Sync + 'static) -> Clock {
            Clock(Arc::new(now))
        }

        /// What it reads now.
        pub fn now(&self) -> Stamp {
            (self.0)()
        }
    }

    impl std::fmt::Debug for Clock {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("Clock")
        }
    }

    /// With this variable set to N, a fetch panics right after its Nth answer arrived, as
    /// a bug would: only test builds read it.
    pub const PANIC_AFTER_ENV: &str = "WOLKVOX_IVR_TEST_PANIC_AFTER";

    pub(super) fn maybe_panic(answers: usize) {
        let wanted = std::env::var(PANIC_AFTER_ENV)
            .ok()
            .and_then(|v| v.parse::<usize>().ok());
        if wanted == Some(answers) {
            panic!("test fault: the fetch stops after answer {answers}");
        }
    }
}

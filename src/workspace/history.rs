//! The history on this computer as the window uses it: a load takes from the store what
//! it covers (0 requests) and fetches only the gaps, every answer that arrives is written
//! before it is shown (live tracking's too), and the next start offers the last range.
//!
//! The store is read, opened and emptied on background threads (a month of a large
//! operation takes about a second, another copy of the program may hold the file for a
//! few); while a read or a fetch holds it, the workspace has none at hand. Any problem
//! becomes one notice and the window goes on without the store. Demo data never reaches
//! it: only fetches from an operation's own Wolkvox server are written.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use jiff::civil::Date;

use super::{Connection, FetchJob, FetchKind, Notice, Workspace};
use crate::jobs::{JobQueue, JobState};
use crate::report::Report;
use crate::store::{LoadPlan, Store, StoreError, StoreInfo, StoreSink, merge, plan_load};
use crate::wolkvox::{ServerName, TimeRange};
use crate::worker::{AnswerSink, Outcome, Sink, Waker, not_arrived};

/// Never a worker's job id (those start at 1): marks the store read that opens a load.
const STORE_READ: u64 = 0;

/// Whether the history on this computer can be used now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryState {
    /// No store was asked for (tests, benchmarks).
    Off,
    /// Being opened.
    Opening,
    /// At hand.
    Ready,
    /// A read or a fetch holds it for a moment.
    Busy,
    /// It could not be used; the window works without it.
    Unavailable,
}

/// Where the shown calls came from, in seconds of the loaded range.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    /// Read from this computer's history (0 requests).
    pub stored_secs: i64,
    /// Fetched from Wolkvox.
    pub fetched_secs: i64,
}

/// What a background job of the history hands back (always with the store it used).
enum Returned {
    Opened(Result<Opened, StoreError>),
    Read {
        store: Store,
        read: Box<Result<(LoadPlan, Report), StoreError>>,
        pending: Pending,
    },
    Info {
        store: Store,
        info: Result<StoreInfo, StoreError>,
    },
    Deleted {
        store: Store,
        gone: Result<u64, StoreError>,
    },
}

struct Opened {
    store: Store,
    months: u32,
    gone: u64,
    last: Option<(ServerName, TimeRange)>,
}

/// A load waiting for its stored part.
#[derive(Clone, Copy)]
struct Pending {
    server: ServerName,
    range: TimeRange,
}

/// The window's side of the history on this computer.
pub struct History {
    state: HistoryState,
    store: Option<Store>,
    jobs: JobQueue<(), Returned>,
    sink: Option<Arc<StoreSink>>,
    /// The first problem a fetch's sink met, said once the fetch ends.
    problem: Arc<Mutex<Option<StoreError>>>,
    overlap: Duration,
    retention_months: u32,
    /// Each operation's covered ranges, for the cost shown before loading.
    coverage: Option<(ServerName, Vec<TimeRange>)>,
    coverage_stale: bool,
    offer: Option<(ServerName, TimeRange)>,
    info: Option<StoreInfo>,
    /// The operation and the parts of the loaded range the shown calls took from the
    /// store and from Wolkvox; `None` when the store played no part.
    shown: Option<(ServerName, Vec<TimeRange>, Vec<TimeRange>)>,
    refetch_next: bool,
    read_cancelled: bool,
}

impl History {
    /// No store until [`Workspace::open_history`]; `overlap` is the refresh overlap.
    pub(super) fn new(waker: Waker, overlap: Duration, retention_months: u32) -> History {
        History {
            state: HistoryState::Off,
            store: None,
            jobs: JobQueue::new(waker),
            sink: None,
            problem: Arc::new(Mutex::new(None)),
            overlap,
            retention_months,
            coverage: None,
            coverage_stale: true,
            offer: None,
            info: None,
            shown: None,
            refetch_next: false,
            read_cancelled: false,
        }
    }

    fn give_back(&mut self, store: Store) {
        self.store = Some(store);
        self.state = HistoryState::Ready;
    }

    fn lose(&mut self) {
        self.store = None;
        self.sink = None;
        self.state = HistoryState::Unavailable;
        self.coverage = None;
    }

    /// The store for a background job, if it is at hand.
    fn lend(&mut self) -> Option<Store> {
        let store = self.store.take()?;
        self.state = HistoryState::Busy;
        Some(store)
    }
}

/// A copy of `e` to keep (the system's error inside is kept as its kind and words).
fn owned(e: &StoreError) -> StoreError {
    e.clone()
}

fn seconds(ranges: &[TimeRange]) -> i64 {
    ranges.iter().map(|r| r.seconds()).sum()
}

impl Workspace {
    // ---- the history on this computer: what is shown ----

    /// Whether the history on this computer can be used now.
    pub fn history_state(&self) -> HistoryState {
        self.history.state
    }

    /// What loading `range` from the connected operation takes, when the history is at
    /// hand: the parts it holds and the gaps to fetch (the cost counts only these).
    pub fn load_plan(&self, range: TimeRange) -> Option<LoadPlan> {
        let server = self.operation()?;
        match &self.history.coverage {
            Some((s, covered)) if *s == server && !self.history.refetch_next => {
                Some(plan_load(&[range], covered))
            }
            _ => None,
        }
    }

    /// Where the shown calls came from, when the history played a part in loading them.
    pub fn sources(&self) -> Option<Sources> {
        let (_, stored, fetched) = self.history.shown.as_ref()?;
        let fetched = merge(fetched.clone());
        let stored = not_arrived(stored, &fetched);
        Some(Sources {
            stored_secs: seconds(&stored),
            fetched_secs: seconds(&fetched),
        })
    }

    /// The range loaded before the window last closed, offered again (from the store, 0
    /// requests) until an operation's calls are loaded or the offer is dismissed.
    pub fn reopen_offer(&self) -> Option<(ServerName, TimeRange)> {
        let (server, range) = self.history.offer?;
        // Offered over demo data too (a saved server whose token is not found starts on
        // demo data), never over another operation's connection.
        let fits = match &self.conn {
            None | Some(Connection::Demo { .. }) => true,
            Some(Connection::Wolkvox { server: s, .. }) => *s == server,
        };
        (fits && self.history.store.is_some() && self.job.is_none()).then_some((server, range))
    }

    /// The store's size and each operation's calls and covered ranges, as last asked for
    /// with [`Workspace::ask_history_info`].
    pub fn history_info(&self) -> Option<&StoreInfo> {
        self.history.info.as_ref()
    }

    /// Months stored calls are kept (0: all of them).
    pub fn retention_months(&self) -> u32 {
        self.history.retention_months
    }

    /// Whether the store is being opened, read or emptied in the background.
    pub fn history_opening(&self) -> bool {
        self.history.jobs.is_busy()
    }

    /// Whether the next load fetches everything again from Wolkvox.
    pub fn refetch_pending(&self) -> bool {
        self.history.refetch_next
    }

    /// The operation whose answers are kept: the connected Wolkvox server, never demo.
    /// The operation the window is connected to, whose calls a shared store deletes.
    pub fn operation(&self) -> Option<ServerName> {
        match &self.conn {
            Some(Connection::Wolkvox { server, .. }) => Some(*server),
            _ => None,
        }
    }

    // ---- the history on this computer: commands ----

    /// Opens the store at `path` (the team's database `shared` instead, when given) in
    /// the background; older calls than the retention period (the store's own, else
    /// `fallback_months`) are deleted, said in a notice.
    pub fn open_history(
        &mut self,
        path: PathBuf,
        shared: Option<crate::store::PgTarget>,
        fallback_months: u32,
    ) {
        let today = self.today();
        self.history.state = HistoryState::Opening;
        self.history.jobs.start((), move |_| {
            Returned::Opened(open_store(path, shared, fallback_months, today))
        });
    }

    /// Makes the next load fetch its whole range from Wolkvox again, replacing what the
    /// store held for it.
    pub fn refetch(&mut self, range: TimeRange) {
        if self.job.is_none() && self.conn.is_some() {
            self.history.refetch_next = true;
            self.load(range);
        }
    }

    /// Reopens the offered range: from the store, fetching only what it lacks (nothing
    /// when the operation is not connected: that becomes missing). Demo data is left, so
    /// no refresh ever mixes it into the operation's calls.
    pub fn reopen_last(&mut self) {
        let Some((server, range)) = self.reopen_offer() else {
            return;
        };
        self.history.offer = None;
        if self.is_demo() {
            self.set_live(false);
            self.disconnect();
        }
        self.read_stored(server, range);
    }

    /// Forgets the offer to reopen the last range.
    pub fn dismiss_reopen(&mut self) {
        self.history.offer = None;
    }

    /// Reads the store's size and contents in the background, for the settings.
    pub fn ask_history_info(&mut self) {
        if let Some(store) = self.history.lend() {
            self.history.jobs.start((), move |_| {
                let info = store.info();
                Returned::Info { store, info }
            });
        }
    }

    /// Deletes every stored call and the ranges they covered (the shown calls stay).
    pub fn delete_history(&mut self) {
        let operation = self.operation();
        if let Some(mut store) = self.history.lend() {
            self.history.offer = None;
            self.history.jobs.start((), move |_: &JobState| {
                // A team's shared store loses only the chosen operation's calls.
                let gone = match (store.shared(), operation) {
                    (false, _) => store.forget_everything(),
                    (true, Some(server)) => store.forget(server, None),
                    (true, None) => Ok(0),
                };
                Returned::Deleted { store, gone }
            });
        }
    }

    /// Keeps stored calls `months` months (0: all), in the store for everyone using it.
    pub fn set_retention_months(&mut self, months: u32) {
        self.history.retention_months = months;
        let result = match self.history.store.as_mut() {
            Some(store) => store.set_retention_months(months),
            None => return,
        };
        if let Err(e) = result {
            self.store_failed(e);
        }
    }

    // ---- the history on this computer: hooks of the workspace's own commands ----

    /// Called by `load`: reads the stored part first when the store can serve it;
    /// returns false when the load goes straight to Wolkvox.
    pub(super) fn load_from_history(&mut self, range: TimeRange) -> bool {
        self.history.shown = None;
        let Some(server) = self.operation() else {
            // Demo data (also what starts when a saved token is not found) keeps the offer.
            return false;
        };
        self.history.offer = None;
        if std::mem::take(&mut self.history.refetch_next) || self.history.store.is_none() {
            if self.history.store.is_some() {
                self.history.shown = Some((server, Vec::new(), Vec::new()));
            }
            return false;
        }
        self.read_stored(server, range);
        true
    }

    fn read_stored(&mut self, server: ServerName, range: TimeRange) {
        let Some(store) = self.history.lend() else {
            return;
        };
        self.notices.retain(|n| !n.is_about_fetching());
        self.history.read_cancelled = false;
        self.job = Some(FetchJob {
            id: STORE_READ,
            kind: FetchKind::Load,
            done: 0,
            planned: 0,
            rows: 0,
            range,
            incoming: None,
        });
        let pending = Pending { server, range };
        self.history.jobs.start((), move |_| {
            let read = store
                .plan(server, &[range])
                .and_then(|plan| Ok((store.load(server, &plan.stored)?, plan)))
                .map(|(report, plan)| (plan, report));
            Returned::Read {
                store,
                read: Box::new(read),
                pending,
            }
        });
    }

    /// Called by `cancel`: a load still reading the store fetches nothing afterwards.
    pub(super) fn cancel_history_read(&mut self) {
        if self.job.as_ref().is_some_and(|j| j.id == STORE_READ) {
            self.history.read_cancelled = true;
        }
    }

    /// The sink a fetch from the connected operation writes its answers to, lending it
    /// the store; `None` for demo data or without a store.
    pub(super) fn history_sink(&mut self) -> Sink {
        let server = self.operation()?;
        let store = self.history.lend()?;
        let slot = Arc::clone(&self.history.problem);
        let sink = Arc::new(StoreSink::new(
            store,
            server,
            self.history.overlap,
            Box::new(move |e| {
                *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(owned(e));
            }),
        ));
        self.history.sink = Some(Arc::clone(&sink));
        Some(sink as Arc<dyn AnswerSink>)
    }

    /// Called when a fetch ends: takes the store back, counts what came from Wolkvox and
    /// remembers a load's range for the next start.
    pub(super) fn history_fetch_ended(&mut self, kind: FetchKind, range: TimeRange, o: &Outcome) {
        if let Some((_, _, fetched)) = self.history.shown.as_mut()
            && kind != FetchKind::Test
        {
            fetched.extend(o.fetched.iter().filter_map(|f| {
                TimeRange::from_seconds(
                    f.from_secs().max(range.from_secs()),
                    f.to_secs().min(range.to_secs()),
                )
            }));
        }
        let Some(sink) = self.history.sink.take() else {
            return;
        };
        match sink.take_store() {
            Some(store) => self.history.give_back(store),
            None => {
                let problem = self
                    .history
                    .problem
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                self.history.lose();
                if let Some(e) = problem {
                    self.notify(Notice::Store(e));
                }
                return;
            }
        }
        self.history.coverage_stale = true;
        if kind == FetchKind::Load
            && !o.fetched.is_empty()
            && let Some(server) = self.operation()
        {
            self.remember_last(server, range);
        }
        self.refresh_coverage();
    }

    fn remember_last(&mut self, server: ServerName, range: TimeRange) {
        let result = match self.history.store.as_mut() {
            Some(store) => store.set_last_load(server, range),
            None => return,
        };
        if let Err(e) = result {
            tracing::warn!("last range not remembered: {e}");
        }
    }

    /// Called when the shown calls come from elsewhere (a file, the caller).
    pub(super) fn shown_not_from_history(&mut self) {
        self.history.shown = None;
    }

    fn store_failed(&mut self, e: StoreError) {
        tracing::warn!("store: {e}");
        self.history.lose();
        self.notify(Notice::Store(e));
    }

    /// Handles the history's background jobs and keeps the cost's coverage current;
    /// called by `poll`.
    pub(super) fn poll_history(&mut self) {
        for done in self.history.jobs.poll() {
            match done.result {
                Ok(returned) => self.history_returned(returned),
                Err(_) => {
                    // A bug in a job: its store is gone with it; nothing shown is lost.
                    self.history.lose();
                    if self.job.as_ref().is_some_and(|j| j.id == STORE_READ) {
                        self.job = None;
                    }
                    self.notify(Notice::JobFailed);
                }
            }
        }
        self.refresh_coverage();
    }

    /// Reads the connected operation's coverage again when it may have changed (an
    /// answer kept, calls deleted, another operation connected).
    fn refresh_coverage(&mut self) {
        let server = self.operation();
        let stale = self.history.coverage_stale
            || self.history.coverage.as_ref().map(|(s, _)| *s) != server;
        if let (true, Some(server), Some(store)) = (stale, server, self.history.store.as_ref()) {
            match store.coverage(server) {
                Ok(covered) => {
                    self.history.coverage = Some((server, covered));
                    self.history.coverage_stale = false;
                }
                Err(e) => self.store_failed(e),
            }
        }
    }

    fn history_returned(&mut self, returned: Returned) {
        match returned {
            Returned::Opened(Ok(o)) => {
                self.history.give_back(o.store);
                self.history.retention_months = o.months;
                self.history.offer = o.last;
                self.history.coverage_stale = true;
                if o.gone > 0 {
                    self.notify(Notice::RetentionApplied {
                        calls: o.gone,
                        months: o.months,
                    });
                }
            }
            Returned::Opened(Err(e)) => self.store_failed(e),
            Returned::Read {
                store,
                read,
                pending,
            } => {
                self.history.give_back(store);
                self.stored_part_read(*read, pending);
            }
            Returned::Info { store, info } => {
                self.history.give_back(store);
                match info {
                    Ok(info) => self.history.info = Some(info),
                    Err(e) => self.store_failed(e),
                }
            }
            Returned::Deleted { store, gone } => {
                self.history.give_back(store);
                self.history.coverage_stale = true;
                self.refresh_coverage();
                match gone {
                    Ok(calls) => {
                        self.notify(Notice::HistoryDeleted { calls });
                        self.ask_history_info();
                    }
                    Err(e) => self.store_failed(e),
                }
            }
        }
    }

    /// The stored part of a load arrived: it is shown at once, then the gaps are fetched
    /// (merging in) from the connected operation.
    fn stored_part_read(&mut self, read: Result<(LoadPlan, Report), StoreError>, p: Pending) {
        if self.job.as_ref().is_some_and(|j| j.id == STORE_READ) {
            self.job = None;
        }
        let connected = self.operation() == Some(p.server);
        let (plan, stored) = match read {
            Ok(got) => got,
            Err(e) => {
                self.store_failed(e);
                // Without the store, the whole range comes from Wolkvox.
                if connected && !self.history.read_cancelled {
                    self.start_fetch(FetchKind::Load, vec![p.range], p.range);
                }
                return;
            }
        };
        if self.history.read_cancelled {
            self.notify(Notice::Cancelled {
                calls: self.report.len() as u64,
                missing: vec![p.range],
            });
            return;
        }
        if plan.stored.is_empty() {
            self.history.shown = Some((p.server, Vec::new(), Vec::new()));
            if connected {
                self.start_fetch(FetchKind::Load, vec![p.range], p.range);
            }
            return;
        }
        tracing::info!(
            calls = stored.len(),
            gaps = plan.gaps.len(),
            "loaded from the history on this computer"
        );
        self.replace_report(stored);
        self.loaded = Some(p.range);
        self.source_file = None;
        // Nothing came from Wolkvox yet: "last updated" waits for the gaps, if any.
        self.last_updated = None;
        self.fetched_to = plan.stored.last().map(|r| r.to());
        self.history.shown = Some((p.server, plan.stored.clone(), Vec::new()));
        self.view_dirty = true;
        self.refresh_view();
        if plan.gaps.is_empty() {
            self.remember_last(p.server, p.range);
        } else if connected {
            // The gaps merge into the stored calls now shown.
            self.start_fetch(FetchKind::Load, plan.gaps, p.range);
            if let Some(job) = self.job.as_mut() {
                job.incoming = None;
            }
        } else {
            // Not connected: what the store lacks is missing until it can be fetched.
            self.missing = plan.gaps;
        }
    }
}

fn open_store(
    path: PathBuf,
    shared: Option<crate::store::PgTarget>,
    fallback_months: u32,
    today: Date,
) -> Result<Opened, StoreError> {
    let mut store = match shared {
        Some(target) => Store::open_shared(&target)?,
        None => Store::open_sqlite(path)?,
    };
    let months = store.retention_months(fallback_months)?;
    let gone = store.apply_retention(months, today)?;
    let last = store.last_load()?;
    Ok(Opened {
        store,
        months,
        gone,
        last,
    })
}

//! The store as the worker's answer sink: each answer is written the moment it arrives,
//! before the worker reports it, so a crash right after loses none of it.
//!
//! On a store other computers share, it also takes turns: before each piece it takes the
//! operation's fetch lock (or says another computer is fetching), then reads the
//! coverage again, so a piece another computer stored meanwhile is read from the store
//! instead of being fetched a second time.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::coverage::{gaps, overlaps};
use super::{Store, StoreError};
use crate::wolkvox::{ServerName, TimeRange};
use crate::worker::{AnswerSink, Arrived, Claim};

/// Called once with the first problem, so the caller can say it in its own way (stderr,
/// a notice in the window).
pub type OnProblem = Box<dyn Fn(&StoreError) + Send + Sync>;

/// Keeps the answers of one operation's fetches in a [`Store`]. After the first failure
/// it stops trying (the fetch goes on without the store) and reports that failure once.
pub struct StoreSink {
    store: Mutex<Option<Store>>,
    server: ServerName,
    overlap_secs: i64,
    refetch: bool,
    on_problem: OnProblem,
}

impl std::fmt::Debug for StoreSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreSink")
            .field("server", &self.server)
            .field("overlap_secs", &self.overlap_secs)
            .finish()
    }
}

impl StoreSink {
    /// A sink writing `server`'s answers to `store`; `overlap` is the refresh overlap that
    /// decides how much of a recent piece counts as covered.
    pub fn new(store: Store, server: ServerName, overlap: Duration, on_problem: OnProblem) -> Self {
        StoreSink {
            store: Mutex::new(Some(store)),
            server,
            overlap_secs: i64::try_from(overlap.as_secs()).unwrap_or(i64::MAX),
            refetch: false,
            on_problem,
        }
    }

    /// With `yes`, every piece is fetched even when the store meanwhile covers it (a
    /// deliberate fetch again); turns are still taken.
    pub fn refetching(mut self, yes: bool) -> Self {
        self.refetch = yes;
        self
    }

    /// Drops the store after its first problem and says it once.
    fn give_up(&self, store: &mut Option<Store>, e: &StoreError) {
        *store = None;
        (self.on_problem)(e);
    }

    /// The store back once the fetches are over; `None` after a failure.
    pub fn take_store(&self) -> Option<Store> {
        self.store
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

impl AnswerSink for StoreSink {
    fn keep(&self, answer: &Arrived<'_>) -> Result<(), String> {
        let mut guard = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(store) = guard.as_mut() else {
            return Ok(());
        };
        match store.keep_answer(
            self.server,
            answer.range,
            answer.asked_at,
            self.overlap_secs,
            answer.whole,
            answer.report,
        ) {
            Ok(()) => Ok(()),
            Err(e) => {
                *guard = None;
                drop(guard);
                (self.on_problem)(&e);
                Err(e.to_string())
            }
        }
    }

    fn claim(&self, range: TimeRange) -> Claim {
        let mut guard = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(store) = guard.as_mut() else {
            return Claim::Fetch;
        };
        match store.try_lock_fetch(self.server) {
            Ok(true) => {}
            Ok(false) => return Claim::Busy,
            Err(e) => {
                // Without the store the fetch goes on directly, as with any store problem.
                self.give_up(&mut guard, &e);
                return Claim::Fetch;
            }
        }
        if self.refetch || !store.shared() {
            return Claim::Fetch;
        }
        let covered = match store.coverage(self.server) {
            Ok(c) => c,
            Err(e) => {
                self.give_up(&mut guard, &e);
                return Claim::Fetch;
            }
        };
        let missing = gaps(range, &covered);
        if missing == [range] {
            return Claim::Fetch;
        }
        // Another computer stored some or all of it while this one waited its turn.
        if let Err(e) = store.unlock_fetch(self.server) {
            tracing::warn!("fetch lock not released: {e}");
        }
        if !missing.is_empty() {
            let mut parts = missing;
            parts.extend(overlaps(range, &covered));
            parts.sort();
            return Claim::Split(parts);
        }
        match store.load(self.server, &[range]) {
            Ok(report) => Claim::Stored(Box::new(report)),
            Err(e) => {
                self.give_up(&mut guard, &e);
                Claim::Fetch
            }
        }
    }

    fn release(&self) {
        let mut guard = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(store) = guard.as_mut()
            && let Err(e) = store.unlock_fetch(self.server)
        {
            tracing::warn!("fetch lock not released: {e}");
        }
    }
}

//! The store as the worker's answer sink: each answer is written the moment it arrives,
//! before the worker reports it, so a crash right after loses none of it.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::{Store, StoreError};
use crate::wolkvox::ServerName;
use crate::worker::{AnswerSink, Arrived};

/// Called once with the first problem, so the caller can say it in its own way (stderr,
/// a notice in the window).
pub type OnProblem = Box<dyn Fn(&StoreError) + Send + Sync>;

/// Keeps the answers of one operation's fetches in a [`Store`]. After the first failure
/// it stops trying (the fetch goes on without the store) and reports that failure once.
pub struct StoreSink {
    store: Mutex<Option<Store>>,
    server: ServerName,
    overlap_secs: i64,
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
            on_problem,
        }
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
}

//! One way to run background work that is not a network fetch: a queue of jobs, each on
//! its own thread, with a kind, progress, a cancel flag and a waker that repaints.
//!
//! The window runs keychain lookups and writes, file dialogs, opening and saving reports,
//! exports and the views of large reports through it; the frame only polls for results.
//! A job that panics ends as [`JobError::Panicked`] instead of taking the window down.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::worker::Waker;

/// Identifies one job of a queue.
pub type JobId = u64;

/// What a running job can see and say: its progress and whether it was cancelled.
#[derive(Default)]
pub struct JobState {
    done: AtomicU64,
    total: AtomicU64,
    cancel: AtomicBool,
}

impl JobState {
    /// Records progress: `done` of `total` units (rows, bytes…).
    pub fn progress(&self, done: u64, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
    }

    /// Records `done` units of a total set before.
    pub fn set_done(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }

    /// Whether the user asked the job to stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Units done and units in all (0 when the job cannot tell).
    pub fn fraction(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// Why a job gave no result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    /// No thread could be started for it.
    #[error("no thread could be started: {0}")]
    NoThread(String),
    /// The job panicked (a bug); its work is lost, nothing else is.
    #[error("the job stopped unexpectedly")]
    Panicked,
}

/// A job that ended.
#[derive(Debug)]
pub struct Finished<K, T> {
    /// Which job.
    pub id: JobId,
    /// What it was.
    pub kind: K,
    /// Its result.
    pub result: Result<T, JobError>,
    /// How long it ran.
    pub took: Duration,
}

/// A job still running, as the window shows it.
pub struct Running<'a, K> {
    /// Which job.
    pub id: JobId,
    /// What it is.
    pub kind: &'a K,
    /// Its progress and cancel flag.
    pub state: &'a JobState,
    /// When it started.
    pub started: Instant,
}

struct Slot<K, T> {
    id: JobId,
    kind: K,
    state: Arc<JobState>,
    started: Instant,
    rx: mpsc::Receiver<Result<T, JobError>>,
}

/// The queue of background jobs of one kind of result.
pub struct JobQueue<K, T> {
    waker: Waker,
    next: JobId,
    slots: Vec<Slot<K, T>>,
}

impl<K, T: Send + 'static> JobQueue<K, T> {
    /// An empty queue; `waker` runs when a job ends (the window repaints).
    pub fn new(waker: Waker) -> JobQueue<K, T> {
        JobQueue {
            waker,
            next: 1,
            slots: Vec::new(),
        }
    }

    /// Starts `work` on its own thread; its result arrives through [`JobQueue::poll`].
    pub fn start(&mut self, kind: K, work: impl FnOnce(&JobState) -> T + Send + 'static) -> JobId {
        let id = self.next;
        self.next += 1;
        let state = Arc::new(JobState::default());
        let (tx, rx) = mpsc::channel();
        let (job_state, waker, tx2) = (Arc::clone(&state), Arc::clone(&self.waker), tx.clone());
        let spawned = std::thread::Builder::new()
            .name(format!("job-{id}"))
            .spawn(move || {
                let result =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&job_state)))
                        .map_err(|_| JobError::Panicked);
                let _ = tx.send(result);
                waker();
            });
        if let Err(e) = spawned {
            let _ = tx2.send(Err(JobError::NoThread(e.to_string())));
        }
        self.slots.push(Slot {
            id,
            kind,
            state,
            started: Instant::now(),
            rx,
        });
        id
    }

    /// The jobs that ended since the last call, in the order they were started.
    pub fn poll(&mut self) -> Vec<Finished<K, T>> {
        let mut ended = Vec::new();
        let mut i = 0;
        while i < self.slots.len() {
            let answer = match self.slots[i].rx.try_recv() {
                Ok(r) => Some(r),
                Err(mpsc::TryRecvError::Empty) => None,
                Err(mpsc::TryRecvError::Disconnected) => Some(Err(JobError::Panicked)),
            };
            match answer {
                Some(result) => {
                    let slot = self.slots.remove(i);
                    ended.push(Finished {
                        id: slot.id,
                        kind: slot.kind,
                        result,
                        took: slot.started.elapsed(),
                    });
                }
                None => i += 1,
            }
        }
        ended
    }

    /// The jobs still running.
    pub fn running(&self) -> impl Iterator<Item = Running<'_, K>> {
        self.slots.iter().map(|s| Running {
            id: s.id,
            kind: &s.kind,
            state: &s.state,
            started: s.started,
        })
    }

    /// Whether any job is running.
    pub fn is_busy(&self) -> bool {
        !self.slots.is_empty()
    }

    /// Whether a job matching `pred` is running.
    pub fn any(&self, pred: impl Fn(&K) -> bool) -> bool {
        self.slots.iter().any(|s| pred(&s.kind))
    }

    /// Asks job `id` to stop; it ends at its next check, keeping what it chooses to.
    pub fn cancel(&self, id: JobId) {
        if let Some(s) = self.slots.iter().find(|s| s.id == id) {
            s.state.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Waits for every running job to end, at most `limit`.
    #[cfg(test)]
    fn wait_all(&mut self, limit: Duration) -> Vec<Finished<K, T>> {
        let deadline = Instant::now() + limit;
        let mut ended = Vec::new();
        while self.is_busy() && Instant::now() < deadline {
            ended.extend(self.poll());
            if self.is_busy() {
                std::thread::sleep(Duration::from_millis(2));
            }
        }
        ended
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn queue(woken: &Arc<AtomicUsize>) -> JobQueue<&'static str, u32> {
        let w = Arc::clone(woken);
        JobQueue::new(Arc::new(move || {
            w.fetch_add(1, Ordering::Relaxed);
        }))
    }

    #[test]
    fn a_job_returns_its_result_with_its_kind_and_wakes_the_window() {
        let woken = Arc::new(AtomicUsize::new(0));
        let mut q = queue(&woken);
        let id = q.start("sum", |s| {
            s.progress(1, 2);
            41 + 1
        });
        let done = q.wait_all(Duration::from_secs(10));
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].id, id);
        assert_eq!(done[0].kind, "sum");
        assert_eq!(done[0].result, Ok(42));
        assert!(woken.load(Ordering::Relaxed) >= 1);
        assert!(!q.is_busy());
    }

    #[test]
    fn a_panicking_job_ends_as_panicked_and_the_queue_goes_on() {
        let woken = Arc::new(AtomicUsize::new(0));
        let mut q = queue(&woken);
        q.start("bug", |_| panic!("a bug inside a job"));
        q.start("fine", |_| 7);
        let mut done = q.wait_all(Duration::from_secs(10));
        done.sort_by_key(|f| f.id);
        assert_eq!(done[0].result, Err(JobError::Panicked));
        assert_eq!(done[1].result, Ok(7));
    }

    #[test]
    fn cancel_reaches_the_running_job_and_progress_is_visible() {
        let woken = Arc::new(AtomicUsize::new(0));
        let mut q = queue(&woken);
        let id = q.start("long", |s| {
            s.progress(0, 100);
            let mut n = 0;
            while !s.is_cancelled() {
                n += 1;
                s.set_done(n.min(100));
                std::thread::sleep(Duration::from_millis(1));
            }
            n as u32
        });
        let deadline = Instant::now() + Duration::from_secs(10);
        while q.running().next().is_some_and(|r| r.state.fraction().0 < 3) {
            assert!(Instant::now() < deadline);
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(q.any(|k| *k == "long"));
        let running = q.running().next().unwrap();
        assert_eq!(running.state.fraction().1, 100);
        q.cancel(id);
        let done = q.wait_all(Duration::from_secs(10));
        assert!(matches!(done[0].result, Ok(n) if n >= 3));
    }
}

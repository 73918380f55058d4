//! A result worked out from the view, kept until its inputs change. Large views work it
//! out on a background thread, so no frame waits for it; small ones right away, once.

use std::sync::Arc;

use eframe::egui;

use crate::i18n::Texts;
use crate::jobs::JobQueue;

/// The latest result for the inputs `K`, or the job working it out.
pub(crate) struct Cached<K, T> {
    /// The inputs the shown result must match.
    wanted: Option<K>,
    /// The inputs of the result held, and the result (`None`: its job failed).
    held: Option<(K, Option<T>)>,
    jobs: Option<JobQueue<K, T>>,
}

impl<K, T> Default for Cached<K, T> {
    fn default() -> Self {
        Cached {
            wanted: None,
            held: None,
            jobs: None,
        }
    }
}

/// What [`Cached::get`] has for the inputs asked about.
pub(crate) enum Got<'a, T> {
    /// The result.
    Ready(&'a T),
    /// Still being worked out.
    Working,
    /// The work failed (a bug); the rest of the window goes on.
    Failed,
}

impl<'a, T> Got<'a, T> {
    /// The result; otherwise says in `ui` that it is being worked out, or that it failed.
    pub(crate) fn or_say(self, ui: &mut egui::Ui, t: &Texts) -> Option<&'a T> {
        match self {
            Got::Ready(v) => Some(v),
            Got::Working => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t.cmpv_working);
                });
                None
            }
            Got::Failed => {
                ui.label(t.cmpv_failed);
                None
            }
        }
    }
}

impl<K: Clone + PartialEq + Send + 'static, T: Send + 'static> Cached<K, T> {
    /// The result for `key`. When `key` differs from the last one asked about, `make`
    /// gives the work (owning what it reads): run on a thread when `large`, else here.
    pub(crate) fn get<W>(
        &mut self,
        ctx: &egui::Context,
        key: K,
        large: bool,
        make: impl FnOnce() -> W,
    ) -> Got<'_, T>
    where
        W: FnOnce() -> T + Send + 'static,
    {
        if let Some(jobs) = self.jobs.as_mut() {
            for done in jobs.poll() {
                // A result for inputs no longer wanted is dropped.
                if self.wanted.as_ref() == Some(&done.kind) {
                    self.held = Some((done.kind, done.result.ok()));
                }
            }
        }
        if self.wanted.as_ref() != Some(&key) {
            self.wanted = Some(key.clone());
            let work = make();
            if large {
                let jobs = self.jobs.get_or_insert_with(|| {
                    let ctx = ctx.clone();
                    JobQueue::new(Arc::new(move || ctx.request_repaint()))
                });
                jobs.start(key, move |_| work());
            } else {
                self.held = Some((key, Some(work())));
            }
        }
        match &self.held {
            Some((k, Some(v))) if self.wanted.as_ref() == Some(k) => Got::Ready(v),
            Some((k, None)) if self.wanted.as_ref() == Some(k) => Got::Failed,
            _ => Got::Working,
        }
    }
}

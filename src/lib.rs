//! wolkvox-ivr reads Wolkvox's "IVR vs. transferred to agent" report (`diagram_11`),
//! types every call once, and gives supervisors its key numbers, a table, charts and
//! Excel exports.
//!
//! Everything outside `ui` compiles without egui: the command line and scheduled
//! exports use the same core as the window.

pub mod cli;
pub mod crash;
pub mod export;
pub mod fake;
pub mod files;
pub mod folders;
pub mod i18n;
pub mod jobs;
pub mod logging;
pub mod report;
pub mod saved;
pub mod secrets;
pub mod settings;
pub mod store;
#[cfg(feature = "gui")]
pub mod ui;
pub mod usage;
pub mod wolkvox;
pub mod worker;
pub mod workspace;

/// How many threads this computer runs at once (1 when it cannot tell): large bodies,
/// searches and CSV exports use a second core when there is one.
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `a` and `b`, `a` on a second core when there is one, and gives both results.
pub(crate) fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    if cores() < 2 {
        return (a(), b());
    }
    std::thread::scope(|s| {
        let other = s.spawn(a);
        let here = b();
        match other.join() {
            Ok(there) => (there, here),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

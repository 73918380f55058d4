//! The counts a comparison and a trend keep for each group of calls (a period, a routing
//! point, a day), counted exactly as the key numbers count them.

use super::call::Call;
use super::calls::Report;
use super::strings::Sym;
use super::values::{Transfer, is_placeholder};

/// Tells queue abandons: retained calls whose skill is not a placeholder or whose time
/// in queue is above 0. Remembers per pooled skill text whether it is a placeholder, so
/// each distinct text is looked at once.
pub(crate) struct AbandonTest {
    placeholder: Vec<Option<bool>>,
}

impl AbandonTest {
    /// A test for the calls of `report`.
    pub(crate) fn new(report: &Report) -> AbandonTest {
        AbandonTest {
            placeholder: vec![None; report.pool_len() + 1],
        }
    }

    /// Whether `call`, a retained call, left while queued.
    pub(crate) fn left_queued(&mut self, report: &Report, call: &Call) -> bool {
        let slot = call
            .skill_id
            .index()
            .unwrap_or(self.placeholder.len() - 1)
            .min(self.placeholder.len() - 1);
        let named = !*self.placeholder[slot]
            .get_or_insert_with(|| report.sym(call.skill_id).is_none_or(is_placeholder));
        named || call.queue_time.get().is_some_and(|q| q > 0)
    }
}

/// The rows of one group, as counted for rates and IVR times.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    /// Rows.
    pub(crate) calls: u64,
    /// Rows that stayed in the IVR.
    pub(crate) retained: u64,
    /// Rows sent to an agent.
    pub(crate) transferred: u64,
    /// Retained rows that reached a skill.
    pub(crate) queue_abandons: u64,
    /// Rows whose IVR time is above the threshold.
    pub(crate) long: u64,
    /// The readable IVR times.
    pub(crate) ivr: Vec<u32>,
}

impl Tally {
    /// Counts `call`.
    pub(crate) fn add(
        &mut self,
        report: &Report,
        call: &Call,
        abandons: &mut AbandonTest,
        long_ivr_secs: u32,
    ) {
        self.calls += 1;
        match call.transfer {
            Transfer::Transferred => self.transferred += 1,
            Transfer::Retained => {
                self.retained += 1;
                if abandons.left_queued(report, call) {
                    self.queue_abandons += 1;
                }
            }
            Transfer::Unknown => {}
        }
        if let Some(t) = call.ivr_time.get() {
            self.ivr.push(t);
            if t > long_ivr_secs {
                self.long += 1;
            }
        }
    }

    /// Rows whose transfer flag is known: the denominator of every rate but the long-IVR
    /// share.
    pub(crate) fn known(&self) -> u64 {
        self.retained + self.transferred
    }

    /// Adds the counts of `other` (not its IVR times).
    pub(crate) fn add_counts(&mut self, other: &Tally) {
        self.calls += other.calls;
        self.retained += other.retained;
        self.transferred += other.transferred;
        self.queue_abandons += other.queue_abandons;
        self.long += other.long;
    }
}

/// The slot of a routing point in per-pooled-value tables: its pool position, or the last
/// slot (`pool_len`) when the field was absent.
pub(crate) fn slot(sym: Sym, pool_len: usize) -> usize {
    sym.index().unwrap_or(pool_len).min(pool_len)
}

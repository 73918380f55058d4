//! What the store covers and what a load must still fetch: pure functions over ranges,
//! shared by every backend, the command line and the window.
//!
//! A range is covered when an answer for it arrived whole (a "no rows" answer too). A
//! piece that ended within the refresh overlap before it was asked for may still gain
//! calls on the server, so only its part up to the asking time minus the overlap counts.

use crate::report::Stamp;
use crate::wolkvox::plan::{TimeRange, plan};

/// The part of `piece` an answer asked for at `asked_at` covers: all of it when it ended
/// more than `overlap_secs` before `asked_at`, else only up to `asked_at - overlap_secs`
/// (nothing when the piece starts after that).
pub fn covered_part(piece: TimeRange, asked_at: Stamp, overlap_secs: i64) -> Option<TimeRange> {
    let Some(asked) = asked_at.seconds() else {
        // Without a time of asking nothing says the answer was complete.
        return None;
    };
    let limit = asked.saturating_sub(overlap_secs.max(0));
    if piece.to_secs() <= limit {
        return Some(piece);
    }
    TimeRange::from_seconds(piece.from_secs(), limit)
}

/// `ranges` sorted and merged: overlapping or touching ranges (one ending the second
/// before the next starts) become one.
pub fn merge(mut ranges: Vec<TimeRange>) -> Vec<TimeRange> {
    ranges.sort();
    let mut out: Vec<TimeRange> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.from_secs() <= last.to_secs().saturating_add(1) => {
                if r.to_secs() > last.to_secs()
                    && let Some(joined) = TimeRange::from_seconds(last.from_secs(), r.to_secs())
                {
                    *last = joined;
                }
            }
            _ => out.push(r),
        }
    }
    out
}

/// The parts of `wanted` that `covered` does not hold, in order: what is still to fetch
/// is what has not arrived, the same rule the worker names missing ranges by.
pub fn gaps(wanted: TimeRange, covered: &[TimeRange]) -> Vec<TimeRange> {
    crate::worker::not_arrived(&[wanted], covered)
}

/// The parts of `wanted` that `covered` (merged) holds, in order.
pub fn overlaps(wanted: TimeRange, covered: &[TimeRange]) -> Vec<TimeRange> {
    covered
        .iter()
        .filter_map(|c| {
            TimeRange::from_seconds(
                c.from_secs().max(wanted.from_secs()),
                c.to_secs().min(wanted.to_secs()),
            )
        })
        .collect()
}

/// What loading some ranges takes, given what the store covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadPlan {
    /// The parts the store holds: read from it, 0 requests.
    pub stored: Vec<TimeRange>,
    /// The parts to fetch from Wolkvox.
    pub gaps: Vec<TimeRange>,
    /// Requests the gaps cost (one per calendar month each gap touches).
    pub requests: usize,
    /// Seconds of the asked ranges the store holds.
    pub stored_secs: i64,
    /// Seconds asked for in all.
    pub total_secs: i64,
}

impl LoadPlan {
    /// Whether nothing has to be fetched.
    pub fn all_stored(&self) -> bool {
        self.gaps.is_empty()
    }
}

/// The plan to load `wanted` when the store covers `covered` (any order, merged here).
pub fn plan_load(wanted: &[TimeRange], covered: &[TimeRange]) -> LoadPlan {
    let covered = merge(covered.to_vec());
    let mut p = LoadPlan::default();
    for &w in &merge(wanted.to_vec()) {
        p.total_secs += w.seconds();
        for s in overlaps(w, &covered) {
            p.stored_secs += s.seconds();
            p.stored.push(s);
        }
        p.gaps.extend(gaps(w, &covered));
    }
    p.requests = requests(&p.gaps);
    p
}

/// Requests fetching `ranges` costs before any split (see [`plan`]).
pub fn requests(ranges: &[TimeRange]) -> usize {
    ranges.iter().map(|&r| plan(r).len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(a: i64, b: i64) -> TimeRange {
        TimeRange::from_seconds(a, b).unwrap()
    }

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
        Stamp::from_parts(y, mo, d, h, mi, s)
            .and_then(Stamp::seconds)
            .unwrap()
    }

    #[test]
    fn merging_joins_overlapping_and_touching_ranges_only() {
        assert_eq!(
            merge(vec![r(20, 30), r(0, 9), r(10, 12), r(25, 40), r(42, 50)]),
            vec![r(0, 12), r(20, 40), r(42, 50)]
        );
        assert_eq!(merge(vec![r(0, 100), r(5, 6)]), vec![r(0, 100)]);
        assert!(merge(Vec::new()).is_empty());
    }

    #[test]
    fn gaps_are_what_the_covered_ranges_leave_out() {
        let cov = merge(vec![r(10, 19), r(30, 39)]);
        assert_eq!(gaps(r(0, 49), &cov), vec![r(0, 9), r(20, 29), r(40, 49)]);
        assert_eq!(gaps(r(10, 19), &cov), vec![]);
        assert_eq!(gaps(r(15, 35), &cov), vec![r(20, 29)]);
        assert_eq!(gaps(r(15, 45), &cov), vec![r(20, 29), r(40, 45)]);
        assert_eq!(gaps(r(0, 5), &cov), vec![r(0, 5)]);
        assert_eq!(gaps(r(0, 5), &[]), vec![r(0, 5)]);
        assert_eq!(overlaps(r(15, 45), &cov), vec![r(15, 19), r(30, 39)]);
    }

    #[test]
    fn gaps_and_overlaps_split_the_wanted_range_exactly() {
        let mut rng = crate::fake::rng::Rng::new(0x5EED);
        for _ in 0..2_000 {
            let mut next = |m: u64| (rng.next_u64() % m) as i64;
            let cov = merge(
                (0..next(6))
                    .map(|_| {
                        let a = next(1000);
                        r(a, a + next(200))
                    })
                    .collect(),
            );
            let a = next(1000);
            let w = r(a, a + next(400));
            let mut parts = gaps(w, &cov);
            parts.extend(overlaps(w, &cov));
            parts.sort();
            assert_eq!(parts.first().map(|p| p.from_secs()), Some(w.from_secs()));
            assert_eq!(parts.last().map(|p| p.to_secs()), Some(w.to_secs()));
            for pair in parts.windows(2) {
                assert_eq!(pair[0].to_secs() + 1, pair[1].from_secs(), "{w:?} {cov:?}");
            }
            for g in gaps(w, &cov) {
                assert!(overlaps(g, &cov).is_empty());
            }
        }
    }

    #[test]
    fn the_tail_within_the_overlap_is_not_covered() {
        let piece = r(at(2026, 11, 26, 0, 0, 0), at(2026, 11, 26, 11, 50, 0));
        let asked = Stamp::from_seconds(at(2026, 11, 26, 12, 0, 0));
        // Ended ten minutes before it was asked for: covered up to 11:00 only.
        assert_eq!(
            covered_part(piece, asked, 3600),
            Some(r(at(2026, 11, 26, 0, 0, 0), at(2026, 11, 26, 11, 0, 0)))
        );
        // Without an overlap, all of it.
        assert_eq!(covered_part(piece, asked, 0), Some(piece));
        // A piece that ended long before is covered whole.
        let old = r(at(2026, 11, 1, 0, 0, 0), at(2026, 11, 25, 23, 59, 59));
        assert_eq!(covered_part(old, asked, 3600), Some(old));
        // A piece that lies entirely in the last hour, or in the future, covers nothing.
        let recent = r(at(2026, 11, 26, 11, 30, 0), at(2026, 11, 26, 23, 59, 59));
        assert_eq!(covered_part(recent, asked, 3600), None);
        assert_eq!(covered_part(piece, Stamp::NONE, 3600), None);
    }

    #[test]
    fn the_cost_counts_only_the_gaps() {
        let month = r(at(2026, 11, 1, 0, 0, 0), at(2026, 11, 30, 23, 59, 59));
        let stored = r(at(2026, 11, 1, 0, 0, 0), at(2026, 11, 29, 23, 59, 59));
        let p = plan_load(&[month], &[stored]);
        assert_eq!(p.requests, 1);
        assert_eq!(
            p.gaps,
            vec![r(at(2026, 11, 30, 0, 0, 0), at(2026, 11, 30, 23, 59, 59))]
        );
        assert_eq!(p.stored, vec![stored]);
        assert_eq!((p.stored_secs / 86_400, p.total_secs / 86_400), (29, 30));
        // Everything stored: nothing to fetch.
        let p = plan_load(&[stored], &[month]);
        assert!(p.all_stored());
        assert_eq!(p.requests, 0);
        // Nothing stored: one request per month touched.
        let three = r(at(2026, 9, 1, 0, 0, 0), at(2026, 11, 30, 23, 59, 59));
        assert_eq!(plan_load(&[three], &[]).requests, 3);
        // A gap across a month boundary costs two requests.
        let p = plan_load(
            &[three],
            &[
                r(at(2026, 9, 1, 0, 0, 0), at(2026, 10, 20, 0, 0, 0)),
                r(at(2026, 11, 10, 0, 0, 0), at(2026, 11, 30, 23, 59, 59)),
            ],
        );
        assert_eq!(p.gaps.len(), 1);
        assert_eq!(p.requests, 2);
    }
}

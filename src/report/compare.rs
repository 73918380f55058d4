//! Two periods side by side: each rate and the median IVR time of period A against
//! period B, for all calls and for each routing point, with whether each change is
//! probably real or within normal variation. Works on any two sets of rows of a report
//! (two views), so the window and the command line show the same numbers.

use std::cmp::Ordering;

use serde::Serialize;

use super::calls::Report;
use super::stats::{Dist, MedianDiff, RateDiff};
use super::tally::{AbandonTest, Tally, slot};

/// Below this many rows in both periods together, one thread does all the counting.
const PARALLEL_FROM: usize = 100_000;

/// The counts of one period that the differences are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PeriodNumbers {
    /// Rows (one per routing point a call passed).
    pub calls: u64,
    /// Rows that stayed in the IVR.
    pub retained: u64,
    /// Rows sent to an agent.
    pub transferred: u64,
    /// Retained rows that reached a skill: callers who left while queued.
    pub queue_abandons: u64,
    /// Rows with a readable IVR time.
    pub ivr_readable: u64,
    /// Rows whose IVR time is above the threshold.
    pub long_ivr_calls: u64,
    /// Median IVR time in seconds (nearest rank).
    pub median_ivr: Option<u32>,
}

/// The differences of all calls, as the comparison's JSON prints them under `delta`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Deltas {
    /// Retained / (retained + transferred).
    pub retention_rate: RateDiff,
    /// Transferred / (retained + transferred).
    pub transfer_rate: RateDiff,
    /// Queue abandons / (retained + transferred).
    pub queue_abandon_rate: RateDiff,
    /// Long-IVR rows / rows with a readable IVR time.
    pub long_ivr_share: RateDiff,
    /// Median IVR time, with the rank test of the two periods' times.
    pub median_ivr: MedianDiff,
}

/// The differences of one routing point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutingPointDelta {
    /// The routing point id as received (`None` when the field was absent).
    pub rp_id: Option<String>,
    /// Its rows in period A.
    pub a_calls: u64,
    /// Its rows in period B.
    pub b_calls: u64,
    /// Its retention rate in A and B.
    pub retention_rate: RateDiff,
    /// Its long-IVR share in A and B.
    pub long_ivr_share: RateDiff,
    /// Its median IVR time in A and B.
    pub median_ivr: MedianDiff,
}

/// Period A against period B.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The long-IVR threshold in seconds; IVR time strictly above it is long.
    pub long_ivr_secs: u32,
    /// The counts of period A.
    pub a: PeriodNumbers,
    /// The counts of period B.
    pub b: PeriodNumbers,
    /// The differences of all calls.
    pub delta: Deltas,
    /// Per routing point: largest retention change first, then those without one; ties
    /// by rows in both periods (most first), then by id.
    pub by_routing_point: Vec<RoutingPointDelta>,
}

/// One period counted per routing point (slot `pool_len` holds rows without one).
struct Counted {
    by_rp: Vec<Tally>,
}

fn count(report: &Report, rows: &[u32], long_ivr_secs: u32) -> Counted {
    let pool = report.pool_len();
    let calls = report.calls();
    let mut by_rp: Vec<Tally> = Vec::new();
    by_rp.resize_with(pool + 1, Tally::default);
    let mut abandons = AbandonTest::new(report);
    for &i in rows {
        if let Some(call) = calls.get(i as usize) {
            by_rp[slot(call.rp_id, pool)].add(report, call, &mut abandons, long_ivr_secs);
        }
    }
    Counted { by_rp }
}

/// A period's totals and the distribution of all its IVR times.
fn totals(c: &Counted) -> (Tally, Dist) {
    let mut total = Tally::default();
    for t in &c.by_rp {
        total.add_counts(t);
    }
    let parts: Vec<&[u32]> = c.by_rp.iter().map(|t| t.ivr.as_slice()).collect();
    (total, Dist::from_parts(&parts))
}

fn numbers(t: &Tally, ivr: &Dist) -> PeriodNumbers {
    PeriodNumbers {
        calls: t.calls,
        retained: t.retained,
        transferred: t.transferred,
        queue_abandons: t.queue_abandons,
        ivr_readable: ivr.len(),
        long_ivr_calls: t.long,
        median_ivr: ivr.nearest_rank(50),
    }
}

/// Runs `f(a)` and `f(b)`, on two cores when there is enough work and two cores exist.
fn both<T: Send>(a: &[u32], b: &[u32], f: impl Fn(&[u32]) -> T + Sync) -> (T, T) {
    if a.len() + b.len() < PARALLEL_FROM {
        return (f(a), f(b));
    }
    crate::join(|| f(a), || f(b))
}

impl Comparison {
    /// Compares the rows `a` with the rows `b` (indices into `report`, as views hold).
    /// Rows in both count in both.
    pub fn of(report: &Report, a: &[u32], b: &[u32], long_ivr_secs: u32) -> Comparison {
        let ((ca, ta, da), (cb, tb, db)) = both(a, b, |rows| {
            let counted = count(report, rows, long_ivr_secs);
            let (total, dist) = totals(&counted);
            (counted, total, dist)
        });
        let delta = Deltas {
            retention_rate: RateDiff::of(ta.retained, ta.known(), tb.retained, tb.known()),
            transfer_rate: RateDiff::of(ta.transferred, ta.known(), tb.transferred, tb.known()),
            queue_abandon_rate: RateDiff::of(
                ta.queue_abandons,
                ta.known(),
                tb.queue_abandons,
                tb.known(),
            ),
            long_ivr_share: RateDiff::of(ta.long, da.len(), tb.long, db.len()),
            median_ivr: MedianDiff::of(&da, &db),
        };
        let mut by_routing_point: Vec<RoutingPointDelta> = ca
            .by_rp
            .iter()
            .zip(&cb.by_rp)
            .enumerate()
            .filter(|(_, (x, y))| x.calls + y.calls > 0)
            .map(|(k, (x, y))| {
                let (dx, dy) = (Dist::of(&x.ivr), Dist::of(&y.ivr));
                RoutingPointDelta {
                    rp_id: report.pool_str(k).map(str::to_string),
                    a_calls: x.calls,
                    b_calls: y.calls,
                    retention_rate: RateDiff::of(x.retained, x.known(), y.retained, y.known()),
                    long_ivr_share: RateDiff::of(x.long, dx.len(), y.long, dy.len()),
                    median_ivr: MedianDiff::of(&dx, &dy),
                }
            })
            .collect();
        by_routing_point.sort_by(routing_point_order);
        Comparison {
            long_ivr_secs,
            a: numbers(&ta, &da),
            b: numbers(&tb, &db),
            delta,
            by_routing_point,
        }
    }
}

/// Largest absolute retention difference first, `null` differences last; then most rows
/// in both periods; then the id.
fn routing_point_order(x: &RoutingPointDelta, y: &RoutingPointDelta) -> Ordering {
    let size = |d: &RoutingPointDelta| d.retention_rate.diff.map(f64::abs);
    let by_diff = match (size(x), size(y)) {
        (Some(p), Some(q)) => q.total_cmp(&p),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_diff
        .then_with(|| (y.a_calls + y.b_calls).cmp(&(x.a_calls + x.b_calls)))
        .then_with(|| x.rp_id.cmp(&y.rp_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fake::rng::Rng;

    /// A report of `n` rows per period and routing point: period A on 2026-11-02, B on
    /// 2026-11-09; `retain(period, rp, draw)` says whether a row stays in the IVR and
    /// `ivr(period, rp, draw)` gives its IVR time.
    fn report(
        n: usize,
        rps: &[&str],
        retain: impl Fn(usize, usize, f64) -> bool,
        ivr: impl Fn(usize, usize, f64) -> u32,
    ) -> (Report, Vec<u32>, Vec<u32>) {
        let mut rng = Rng::new(7);
        let mut rows = Vec::new();
        for period in 0..2 {
            for (k, rp) in rps.iter().enumerate() {
                for i in 0..n {
                    let kept = retain(period, k, rng.unit());
                    let secs = ivr(period, k, rng.unit());
                    rows.push(format!(
                        r#"{{"conn_id":"{period}.{k}.{i}","rp_id":"{rp}","end_date_rp":"2026-11-{:02} 10:{:02}:{:02}","go_to_agent":"{}","time_on_rp":"{secs}","skill_id":"-","time_on_skill":"0"}}"#,
                        2 + 7 * period,
                        i / 60 % 60,
                        i % 60,
                        if kept { "no" } else { "yes" },
                    ));
                }
            }
        }
        let mut r = Report::new();
        r.ingest(format!(r#"{{"code":200,"data":[{}]}}"#, rows.join(",")).as_bytes())
            .unwrap();
        let (a, b): (Vec<u32>, Vec<u32>) = (0..r.len() as u32).partition(|&i| {
            r.call(i as usize)
                .and_then(|c| c.started.civil())
                .is_some_and(|dt| dt.day() == 2)
        });
        (r, a, b)
    }

    #[test]
    fn a_real_change_at_one_routing_point_is_found_with_its_sign() {
        // RP_MENU's retention drops from 60 % to 40 %; RP_PAGOS stays at 50 %.
        let (r, a, b) = report(
            800,
            &["RP_MENU", "RP_PAGOS"],
            |period, rp, u| {
                u < if rp == 0 && period == 1 {
                    0.4
                } else if rp == 0 {
                    0.6
                } else {
                    0.5
                }
            },
            |_, _, u| 20 + (u * 100.0) as u32,
        );
        let c = Comparison::of(&r, &a, &b, 60);
        let menu = &c.by_routing_point[0];
        assert_eq!(menu.rp_id.as_deref(), Some("RP_MENU"));
        assert_eq!((menu.a_calls, menu.b_calls), (800, 800));
        let d = menu.retention_rate;
        assert_eq!(d.likely_real, Some(true), "{d:?}");
        assert!(d.diff.is_some_and(|x| x < -0.1), "{d:?}");
        assert!(d.high.is_some_and(|h| h < 0.0), "{d:?}");
        let pagos = &c.by_routing_point[1];
        assert_eq!(pagos.rp_id.as_deref(), Some("RP_PAGOS"));
        assert_eq!(pagos.retention_rate.likely_real, Some(false), "{pagos:?}");
        // IVR times come from one distribution in both periods.
        assert_eq!(c.delta.median_ivr.likely_real, Some(false), "{:?}", c.delta);
        assert_eq!(menu.median_ivr.likely_real, Some(false));
        assert_eq!(c.a.calls, 1600);
        assert_eq!(c.b.calls, 1600);
    }

    #[test]
    fn two_samples_of_one_distribution_are_within_normal_variation() {
        let (r, a, b) = report(
            1000,
            &["RP_MENU"],
            |_, _, u| u < 0.45,
            |_, _, u| 10 + (u * u * 300.0) as u32,
        );
        let c = Comparison::of(&r, &a, &b, 120);
        for d in [
            c.delta.retention_rate,
            c.delta.transfer_rate,
            c.delta.queue_abandon_rate,
            c.delta.long_ivr_share,
        ] {
            assert_eq!(d.likely_real, Some(false), "{d:?}");
            assert!(d.low.is_some_and(|l| l < 0.0) && d.high.is_some_and(|h| h > 0.0));
        }
        assert_eq!(c.delta.median_ivr.likely_real, Some(false));
        assert!(c.delta.median_ivr.p_value.is_some_and(|p| p > 0.05));
    }

    #[test]
    fn a_longer_ivr_is_found_in_the_median() {
        let (r, a, b) = report(
            300,
            &["RP_MENU"],
            |_, _, u| u < 0.5,
            |period, _, u| 30 + (u * 60.0) as u32 + 25 * period as u32,
        );
        let c = Comparison::of(&r, &a, &b, 120);
        let m = c.delta.median_ivr;
        assert_eq!(m.likely_real, Some(true), "{m:?}");
        assert!(m.diff.is_some_and(|d| (20..=30).contains(&d)), "{m:?}");
    }

    #[test]
    fn empty_and_one_sided_periods_give_nulls_not_errors() {
        let (r, a, b) = report(50, &["RP_MENU"], |_, _, u| u < 0.5, |_, _, _| 40);
        let c = Comparison::of(&r, &a, &[], 120);
        assert_eq!(c.b.calls, 0);
        assert!(c.delta.retention_rate.a.is_some());
        assert_eq!(c.delta.retention_rate.b, None);
        assert_eq!(c.delta.retention_rate.diff, None);
        assert_eq!(c.delta.retention_rate.likely_real, None);
        assert_eq!(c.delta.median_ivr.a, Some(40));
        assert_eq!(c.delta.median_ivr.p_value, None);
        let rp = &c.by_routing_point[0];
        assert_eq!((rp.a_calls, rp.b_calls), (50, 0));
        assert_eq!(rp.retention_rate.diff, None);

        let none = Comparison::of(&r, &[], &[], 120);
        assert!(none.by_routing_point.is_empty());
        assert_eq!(none.delta.long_ivr_share.a, None);

        // Every IVR time tied: the test has nothing to tell apart.
        let c = Comparison::of(&r, &a, &b, 120);
        assert_eq!(c.delta.median_ivr.p_value, Some(1.0));
        assert_eq!(c.delta.median_ivr.diff, Some(0));
        assert_eq!(c.delta.median_ivr.likely_real, Some(false));
    }

    #[test]
    fn routing_points_absent_from_a_period_sort_last() {
        let (r, a, _) = report(
            30,
            &["RP_A", "RP_B"],
            |_, _, u| u < 0.5,
            |_, _, u| (u * 50.0) as u32,
        );
        // Period B is only RP_B's rows of A (so RP_A is absent from B).
        let rp_b = r.find_sym("RP_B");
        let b: Vec<u32> = a
            .iter()
            .copied()
            .filter(|&i| r.call(i as usize).map(|c| Some(c.rp_id)) == Some(rp_b))
            .collect();
        let c = Comparison::of(&r, &a, &b, 120);
        assert_eq!(c.by_routing_point.len(), 2);
        assert_eq!(c.by_routing_point[0].rp_id.as_deref(), Some("RP_B"));
        assert_eq!(c.by_routing_point[0].retention_rate.diff, Some(0.0));
        assert_eq!(c.by_routing_point[1].rp_id.as_deref(), Some("RP_A"));
        assert_eq!(c.by_routing_point[1].b_calls, 0);
        assert_eq!(c.by_routing_point[1].retention_rate.diff, None);
    }

    #[test]
    fn the_totals_count_as_the_key_numbers_do() {
        let (r, a, b) = report(
            200,
            &["RP_A", "RP_B", "RP_C"],
            |p, k, u| u < 0.3 + 0.1 * (p + k) as f64,
            |_, k, u| (u * 200.0) as u32 + 10 * k as u32,
        );
        let c = Comparison::of(&r, &a, &b, 90);
        for (rows, got) in [(&a, &c.a), (&b, &c.b)] {
            let k = crate::report::KeyNumbers::of_rows(&r, rows, 90);
            assert_eq!(got.calls, k.calls);
            assert_eq!(got.retained, k.retained);
            assert_eq!(got.transferred, k.transferred);
            assert_eq!(got.queue_abandons, k.queue_abandons);
            assert_eq!(got.long_ivr_calls, k.long_ivr.calls);
            assert_eq!(got.median_ivr, k.ivr_time.median);
        }
        assert_eq!(
            c.delta.retention_rate.a,
            crate::report::KeyNumbers::of_rows(&r, &a, 90).retention_rate
        );
    }
}

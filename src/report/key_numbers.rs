//! The key numbers: one implementation, used by the window's strip, the charts, the
//! exports and `summary`.

use serde::Serialize;

use super::calls::Report;
use super::strings::Sym;
use super::tally::AbandonTest;
use super::values::Transfer;

/// The long-IVR threshold used when nobody chose one, in seconds.
pub const DEFAULT_LONG_IVR_SECS: u32 = 120;

const DAY_SECS: i64 = 86_400;

/// The key numbers of a set of calls. Serialized as `summary --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyNumbers {
    /// Rows after de-duplication (a call through two routing points counts in each).
    pub calls: u64,
    /// Calls transferred to an agent.
    pub transferred: u64,
    /// Calls that stayed in the IVR.
    pub retained: u64,
    /// Calls whose transfer flag is absent or unreadable.
    pub unknown_transfer: u64,
    /// retained / (retained + transferred); `None` when both are 0.
    pub retention_rate: Option<f64>,
    /// transferred / (retained + transferred); `None` when both are 0.
    pub transfer_rate: Option<f64>,
    /// Retained calls that reached a skill: callers who left while queued.
    pub queue_abandons: u64,
    /// IVR time statistics over calls with a readable IVR time.
    pub ivr_time: IvrTime,
    /// Calls whose IVR time is strictly above the threshold.
    pub long_ivr: LongIvr,
    /// Mean time with the agent over transferred calls with a readable agent time.
    pub agent_time_mean: Option<f64>,
    /// Mean time in the queue over calls with a readable time in skill.
    pub queue_time_mean: Option<f64>,
    /// Calls whose caller had called before, less than 24 h earlier.
    pub repeat_calls_24h: u64,
    /// Values that could not be read.
    pub unreadable_values: u64,
    /// One line per routing point, most calls first.
    pub by_routing_point: Vec<RoutingPointNumbers>,
}

/// IVR time statistics in seconds; each `None` when no call has a readable IVR time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IvrTime {
    /// Arithmetic mean.
    pub mean: Option<f64>,
    /// Median by nearest rank.
    pub median: Option<u32>,
    /// 90th percentile by nearest rank.
    pub p90: Option<u32>,
    /// Longest.
    pub max: Option<u32>,
}

/// Long IVR navigation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LongIvr {
    /// The threshold in seconds; IVR time strictly above it is long.
    pub threshold: u32,
    /// How many calls are long.
    pub calls: u64,
    /// Long calls as a share of calls with a readable IVR time.
    pub share: Option<f64>,
}

/// The key numbers of one routing point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutingPointNumbers {
    /// The routing point id as received (`None` when the field was absent).
    pub rp_id: Option<String>,
    /// Calls through it.
    pub calls: u64,
    /// Of which stayed in the IVR.
    pub retained: u64,
    /// Of which went to an agent.
    pub transferred: u64,
    /// Median IVR time by nearest rank.
    pub median_ivr: Option<u32>,
    /// Calls with IVR time above the threshold.
    pub long_ivr: u64,
}

/// The value at nearest rank ceil(p·n) (1-based) of `values`, reordering them.
/// `percent` is p × 100.
pub fn nearest_rank<T: Ord + Copy>(values: &mut [T], percent: u64) -> Option<T> {
    let n = values.len() as u64;
    if n == 0 {
        return None;
    }
    let rank = (percent * n).div_ceil(100).clamp(1, n);
    let (_, v, _) = values.select_nth_unstable((rank - 1) as usize);
    Some(*v)
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn mean(sum: u64, n: u64) -> Option<f64> {
    (n > 0).then(|| sum as f64 / n as f64)
}

#[derive(Default)]
struct RpAcc {
    calls: u64,
    retained: u64,
    transferred: u64,
    long: u64,
    ivr: Vec<u32>,
}

impl KeyNumbers {
    /// The key numbers of every call of `report`.
    pub fn of_report(report: &Report, long_ivr_secs: u32) -> KeyNumbers {
        KeyNumbers::of(report, 0..report.len() as u32, long_ivr_secs)
    }

    /// The key numbers of the calls at `rows` (indices into the report, as a view holds).
    pub fn of_rows(report: &Report, rows: &[u32], long_ivr_secs: u32) -> KeyNumbers {
        KeyNumbers::of(report, rows.iter().copied(), long_ivr_secs)
    }

    /// The key numbers of the calls at `rows` (indices into `report`).
    pub fn of(report: &Report, rows: impl Iterator<Item = u32>, long_ivr_secs: u32) -> KeyNumbers {
        let all = report.calls();
        let mut n = 0u64;
        let (mut transferred, mut retained, mut unknown) = (0u64, 0u64, 0u64);
        let mut queue_abandons = 0u64;
        let mut ivr: Vec<u32> = Vec::new();
        let mut ivr_sum = 0u64;
        let mut long = 0u64;
        let (mut agent_sum, mut agent_n) = (0u64, 0u64);
        let (mut queue_sum, mut queue_n) = (0u64, 0u64);
        let mut unreadable = 0u64;
        // Per pooled value, indexed by its position (the last slot for "absent"):
        // cheaper than hashing every row.
        let pool = report.pool_len() + 1;
        let slot = |s: Sym| s.index().unwrap_or(pool - 1);
        let mut by_rp: Vec<RpAcc> = Vec::new();
        by_rp.resize_with(pool, RpAcc::default);
        let mut abandons = AbandonTest::new(report);
        let mut member = vec![0u64; report.len().div_ceil(64)];

        for idx in rows {
            let Some(call) = all.get(idx as usize) else {
                continue;
            };
            n += 1;
            // The view's membership, for the repeat-call count.
            if let Some(word) = member.get_mut(idx as usize / 64) {
                *word |= 1 << (idx % 64);
            }
            unreadable += call.unreadable as u64;
            let rp = &mut by_rp[slot(call.rp_id)];
            rp.calls += 1;
            match call.transfer {
                Transfer::Transferred => {
                    transferred += 1;
                    rp.transferred += 1;
                    if let Some(a) = call.agent_time.get() {
                        agent_sum += a as u64;
                        agent_n += 1;
                    }
                }
                Transfer::Retained => {
                    retained += 1;
                    rp.retained += 1;
                    if abandons.left_queued(report, call) {
                        queue_abandons += 1;
                    }
                }
                Transfer::Unknown => unknown += 1,
            }
            if let Some(t) = call.ivr_time.get() {
                ivr.push(t);
                rp.ivr.push(t);
                ivr_sum += t as u64;
                if t > long_ivr_secs {
                    long += 1;
                    rp.long += 1;
                }
            }
            if let Some(q) = call.queue_time.get() {
                queue_sum += q as u64;
                queue_n += 1;
            }
        }

        let ivr_n = ivr.len() as u64;
        let ivr_time = IvrTime {
            mean: mean(ivr_sum, ivr_n),
            median: nearest_rank(&mut ivr, 50),
            p90: nearest_rank(&mut ivr, 90),
            max: ivr.iter().copied().max(),
        };
        let known = retained + transferred;

        let mut by_routing_point: Vec<RoutingPointNumbers> = by_rp
            .into_iter()
            .enumerate()
            .filter(|(_, acc)| acc.calls > 0)
            .map(|(k, mut acc)| RoutingPointNumbers {
                rp_id: report.pool_str(k).map(str::to_string),
                calls: acc.calls,
                retained: acc.retained,
                transferred: acc.transferred,
                median_ivr: nearest_rank(&mut acc.ivr, 50),
                long_ivr: acc.long,
            })
            .collect();
        by_routing_point.sort_by(|a, b| b.calls.cmp(&a.calls).then_with(|| a.rp_id.cmp(&b.rp_id)));

        KeyNumbers {
            calls: n,
            transferred,
            retained,
            unknown_transfer: unknown,
            retention_rate: share(retained, known),
            transfer_rate: share(transferred, known),
            queue_abandons,
            ivr_time,
            long_ivr: LongIvr {
                threshold: long_ivr_secs,
                calls: long,
                share: share(long, ivr_n),
            },
            agent_time_mean: mean(agent_sum, agent_n),
            queue_time_mean: mean(queue_sum, queue_n),
            repeat_calls_24h: repeat_calls(report, &member),
            unreadable_values: unreadable,
            by_routing_point,
        }
    }
}

/// Calls (distinct conn_id; each placeholder-id row on its own) whose caller had another
/// call that started strictly earlier and less than 24 h before, among the calls marked
/// in `member` (a bit per call of the report).
fn repeat_calls(report: &Report, member: &[u64]) -> u64 {
    // A call's id as a number (equal ids, equal numbers; all below the report's
    // length), or this when absent or a placeholder.
    const NO_ID: u32 = u32::MAX;
    let order = report.caller_order();
    let groups = report.call_groups();
    let marked = |bits: &[u64], i: u32| {
        bits.get(i as usize / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    };
    // The view's visits in (caller, time) order: (caller, time, call id number).
    let visits: Vec<(u32, i64, u32)> = (0..order.calls.len())
        .filter(|&k| marked(member, order.calls[k]))
        .map(|k| {
            let conn = groups.call_with_id(order.calls[k]).unwrap_or(NO_ID);
            (order.caller[k], order.at[k], conn)
        })
        .collect();
    // Call id numbers already counted, a bit each.
    let mut counted = vec![0u64; report.len().div_ceil(64)];
    let mut repeated = 0u64;
    for i in 0..visits.len() {
        let (g, t, conn) = visits[i];
        let mut j = i;
        let mut hit = false;
        while j > 0 {
            j -= 1;
            let (gj, tj, cj) = visits[j];
            if gj != g || t - tj >= DAY_SECS {
                break;
            }
            let other_call = conn == NO_ID || cj == NO_ID || conn != cj;
            if tj < t && other_call {
                hit = true;
                break;
            }
        }
        if !hit {
            continue;
        }
        if conn == NO_ID {
            repeated += 1;
        } else if !marked(&counted, conn) {
            counted[conn as usize / 64] |= 1 << (conn % 64);
            repeated += 1;
        }
    }
    repeated
}

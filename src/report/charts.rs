//! The numbers behind the charts, computed once per view change over the same rows the
//! table shows: IVR time distribution, per routing point, per hour, weekday × hour,
//! per agent and per skill.

use rustc_hash::FxHashSet;

use super::call::Call;
use super::calls::Report;
use super::hourly::{HourAcc, HourNumbers};
use super::key_numbers::{KeyNumbers, nearest_rank};
use super::strings::Sym;
use super::values::{Transfer, is_placeholder};

/// Wolkvox's own IVR time buckets, in seconds: 0-5, 6-20, 21-60, 61-120, 121+.
pub const BUCKETS: [(u32, Option<u32>); 5] = [
    (0, Some(5)),
    (6, Some(20)),
    (21, Some(60)),
    (61, Some(120)),
    (121, None),
];

/// Width of the fine distribution's bins, in seconds.
pub const FINE_BIN_SECS: u32 = 10;
/// The fine distribution covers up to this many seconds; longer times share a last bin.
pub const FINE_MAX_SECS: u32 = 900;

/// Above this many points the scatter is drawn as a density grid.
pub const SCATTER_POINT_LIMIT: usize = 50_000;

/// One routing point's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutingPointBar {
    /// Routing point id as received (`None` when absent).
    pub rp_id: Option<String>,
    /// Calls that stayed in the IVR.
    pub retained: u64,
    /// Calls sent to an agent.
    pub transferred: u64,
    /// Calls whose flag is unknown.
    pub unknown: u64,
    /// Median IVR time (nearest rank).
    pub median_ivr: Option<u32>,
}

/// One line of the per-agent or per-skill table.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    /// The agent's name or the skill id, as received.
    pub name: String,
    /// Calls.
    pub calls: u64,
    /// Mean time with the agent (transferred calls with a readable time).
    pub mean_agent: Option<f64>,
    /// Mean time queued (calls with a readable time in queue).
    pub mean_queue: Option<f64>,
    /// Share of calls whose disposition is `TIMEOUTACW` (wrap-up time ran out).
    pub timeout_acw_share: f64,
}

/// The scatter of IVR time against agent time: points, or a density grid when large.
#[derive(Debug, Clone, PartialEq)]
pub enum Scatter {
    /// Each call as (IVR seconds, agent seconds), split by transfer flag, with the row
    /// index of each point so a click can select its call.
    Points {
        /// Points of transferred calls.
        transferred: Vec<[f64; 2]>,
        /// Row indices of `transferred`.
        transferred_rows: Vec<u32>,
        /// Points of retained (and unknown) calls.
        retained: Vec<[f64; 2]>,
        /// Row indices of `retained`.
        retained_rows: Vec<u32>,
    },
    /// Counts on a grid of `cols` × `rows` cells of `cell` seconds each.
    Density {
        /// Cell size in seconds (both axes).
        cell: f64,
        /// Cells across (IVR time).
        cols: usize,
        /// Cells up (agent time).
        rows: usize,
        /// Counts, row-major from the bottom-left.
        counts: Vec<u32>,
    },
}

/// Everything the charts draw for one view.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// Calls per Wolkvox bucket (see [`BUCKETS`]).
    pub buckets: [u64; 5],
    /// Calls per 10-second bin up to [`FINE_MAX_SECS`], the last bin holding the rest.
    pub fine: Vec<u64>,
    /// Per routing point, most calls first.
    pub routing_points: Vec<RoutingPointBar>,
    /// Per hour of the day, 0-23.
    pub hours: [HourNumbers; 24],
    /// Median IVR time per weekday (Monday first) × hour.
    pub heat: [[Option<u32>; 24]; 7],
    /// Distinct days in the view: the heat map is shown for more than one.
    pub days: usize,
    /// Per agent, most calls first.
    pub agents: Vec<GroupRow>,
    /// Per skill, most calls first.
    pub skills: Vec<GroupRow>,
    /// IVR time against agent time.
    pub scatter: Scatter,
}

#[derive(Default)]
struct GroupAcc {
    calls: u64,
    agent_sum: u64,
    agent_n: u64,
    queue_sum: u64,
    queue_n: u64,
    timeout_acw: u64,
}

impl GroupAcc {
    fn add(&mut self, c: &Call, timeout_acw: bool) {
        self.calls += 1;
        if c.transfer == Transfer::Transferred
            && let Some(a) = c.agent_time.get()
        {
            self.agent_sum += a as u64;
            self.agent_n += 1;
        }
        if let Some(q) = c.queue_time.get() {
            self.queue_sum += q as u64;
            self.queue_n += 1;
        }
        if timeout_acw {
            self.timeout_acw += 1;
        }
    }

    fn row(&self, name: String) -> GroupRow {
        GroupRow {
            name,
            calls: self.calls,
            mean_agent: mean(self.agent_sum, self.agent_n),
            mean_queue: mean(self.queue_sum, self.queue_n),
            timeout_acw_share: if self.calls > 0 {
                self.timeout_acw as f64 / self.calls as f64
            } else {
                0.0
            },
        }
    }
}

fn mean(sum: u64, n: u64) -> Option<f64> {
    (n > 0).then(|| sum as f64 / n as f64)
}

/// The index in [`BUCKETS`] of an IVR time in seconds.
pub fn bucket_of(secs: u32) -> usize {
    BUCKETS
        .iter()
        .position(|&(lo, hi)| secs >= lo && hi.is_none_or(|h| secs <= h))
        .unwrap_or(BUCKETS.len() - 1)
}

fn groups(report: &Report, acc: Vec<GroupAcc>) -> Vec<GroupRow> {
    let mut rows: Vec<GroupRow> = acc
        .into_iter()
        .enumerate()
        .filter(|(_, a)| a.calls > 0)
        .filter_map(|(i, a)| {
            let name = report.pool_str(i)?;
            (!is_placeholder(name)).then(|| a.row(name.to_string()))
        })
        .collect();
    rows.sort_by(|a, b| b.calls.cmp(&a.calls).then_with(|| a.name.cmp(&b.name)));
    rows
}

impl ChartData {
    /// The chart data of the calls at `rows`, whose key numbers are `numbers`.
    pub fn of_rows(report: &Report, rows: &[u32], numbers: &KeyNumbers) -> ChartData {
        let calls = report.calls();
        let fine_bins = (FINE_MAX_SECS / FINE_BIN_SECS) as usize + 1;
        let mut buckets = [0u64; 5];
        let mut fine = vec![0u64; fine_bins];

        let mut heat_values: Vec<Vec<u32>> = vec![Vec::new(); 7 * 24];
        let mut days: FxHashSet<i64> = FxHashSet::default();
        let mut last_day = None;
        // Per pooled value, indexed by its position: cheaper than hashing every row.
        let pool = report.pool_len() + 1;
        let slot = |s: Sym| s.index().unwrap_or(pool - 1);
        let mut agents: Vec<GroupAcc> = Vec::new();
        agents.resize_with(pool, GroupAcc::default);
        let mut skills: Vec<GroupAcc> = Vec::new();
        skills.resize_with(pool, GroupAcc::default);
        let mut timeout_syms: Vec<Option<bool>> = vec![None; pool];
        let mut hours = [HourAcc::default(); 24];
        let mut pts: Vec<Point> = Vec::with_capacity(rows.len());

        for &i in rows {
            let Some(c) = calls.get(i as usize) else {
                continue;
            };
            let ivr = c.ivr_time.get();
            if let Some(s) = ivr {
                buckets[bucket_of(s)] += 1;
                fine[((s / FINE_BIN_SECS) as usize).min(fine_bins - 1)] += 1;
            }
            if let Some((hour, weekday)) = c.started.hour_and_weekday() {
                hours[usize::from(hour) % 24].add(c);
                if let Some(s) = ivr {
                    heat_values[weekday as usize * 24 + hour as usize].push(s);
                }
                if let Some(secs) = c.started.seconds() {
                    let day = secs.div_euclid(86_400);
                    // Views are mostly in date order: skip the set for runs of one day.
                    if last_day != Some(day) {
                        days.insert(day);
                        last_day = Some(day);
                    }
                }
            }
            let timeout = *timeout_syms[slot(c.cod_act)].get_or_insert_with(|| {
                report
                    .sym(c.cod_act)
                    .is_some_and(|s| s.trim().eq_ignore_ascii_case("TIMEOUTACW"))
            });
            agents[slot(c.agent_name)].add(c, timeout);
            skills[slot(c.skill_id)].add(c, timeout);
            if let (Some(x), Some(y)) = (ivr, c.agent_time.get()) {
                pts.push(Point {
                    x,
                    y,
                    transferred: c.transfer == Transfer::Transferred,
                    row: i,
                });
            }
        }

        // The key numbers already count and order the routing points of these rows.
        let routing_points = numbers
            .by_routing_point
            .iter()
            .map(|rp| RoutingPointBar {
                rp_id: rp.rp_id.clone(),
                retained: rp.retained,
                transferred: rp.transferred,
                unknown: rp.calls - rp.retained - rp.transferred,
                median_ivr: rp.median_ivr,
            })
            .collect();

        let hours = hours.map(HourAcc::numbers);
        let mut heat = [[None; 24]; 7];
        for (k, mut values) in heat_values.into_iter().enumerate() {
            heat[k / 24][k % 24] = nearest_rank(&mut values, 50);
        }

        ChartData {
            buckets,
            fine,
            routing_points,
            hours,
            heat,
            days: days.len(),
            agents: groups(report, agents),
            skills: groups(report, skills),
            scatter: scatter(pts),
        }
    }
}

/// One call of the scatter.
struct Point {
    x: u32,
    y: u32,
    transferred: bool,
    row: u32,
}

fn scatter(pts: Vec<Point>) -> Scatter {
    if pts.len() <= SCATTER_POINT_LIMIT {
        let (mut t, mut tr, mut r, mut rr) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for p in pts {
            let xy = [f64::from(p.x), f64::from(p.y)];
            if p.transferred {
                t.push(xy);
                tr.push(p.row);
            } else {
                r.push(xy);
                rr.push(p.row);
            }
        }
        return Scatter::Points {
            transferred: t,
            transferred_rows: tr,
            retained: r,
            retained_rows: rr,
        };
    }
    // Cells of 15 s up to the 99th percentile on each axis keep the grid readable.
    let cell = 15.0;
    let mut xs: Vec<u32> = pts.iter().map(|p| p.x).collect();
    let mut ys: Vec<u32> = pts.iter().map(|p| p.y).collect();
    let x_max = nearest_rank(&mut xs, 99).unwrap_or(0) as f64;
    let y_max = nearest_rank(&mut ys, 99).unwrap_or(0) as f64;
    let cols = ((x_max / cell).ceil() as usize + 1).clamp(1, 200);
    let rows = ((y_max / cell).ceil() as usize + 1).clamp(1, 200);
    let mut counts = vec![0u32; cols * rows];
    for p in pts {
        counts[density_cell(cell, cols, rows, p.x, p.y)] += 1;
    }
    Scatter::Density {
        cell,
        cols,
        rows,
        counts,
    }
}

/// The index in a density grid's counts of the call at `ivr` × `agent` seconds; times
/// past the grid's last row or column count in it.
fn density_cell(cell: f64, cols: usize, rows: usize, ivr: u32, agent: u32) -> usize {
    let cx = ((f64::from(ivr) / cell) as usize).min(cols - 1);
    let cy = ((f64::from(agent) / cell) as usize).min(rows - 1);
    cy * cols + cx
}

impl Scatter {
    /// The density cell holding a call of `ivr` × `agent` seconds: its index in the
    /// counts, and its lower-left and upper-right corners in seconds (IVR, agent).
    pub fn density_cell_of(&self, ivr: u32, agent: u32) -> Option<(usize, [f64; 2], [f64; 2])> {
        let Scatter::Density {
            cell, cols, rows, ..
        } = self
        else {
            return None;
        };
        let i = density_cell(*cell, *cols, *rows, ivr, agent);
        let lo = [(i % cols) as f64 * cell, (i / cols) as f64 * cell];
        Some((i, lo, [lo[0] + cell, lo[1] + cell]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(rows: &[(&str, &str, &str, &str, &str)]) -> Report {
        let data: Vec<String> = rows
            .iter()
            .enumerate()
            .map(|(i, (ivr, flag, agent, when, code))| {
                format!(
                    r#"{{"conn_id":"{i}","time_on_rp":"{ivr}","go_to_agent":"{flag}","agent_name":"{agent}","end_date_rp":"{when}","time_with_agent":"00:02:00","cod_act":"{code}","rp_id":"RP{}","skill_id":"SK"}}"#,
                    i % 2
                )
            })
            .collect();
        let body = format!(r#"{{"code":200,"data":[{}]}}"#, data.join(","));
        let mut r = Report::new();
        r.ingest(body.as_bytes()).unwrap();
        r
    }

    #[test]
    fn buckets_follow_wolkvox_boundaries() {
        let r = report(&[
            ("5", "no", "-", "2026-11-23 10:00:00", "-"),
            ("6", "no", "-", "2026-11-23 10:00:00", "-"),
            ("20", "no", "-", "2026-11-23 10:00:00", "-"),
            ("60", "yes", "Ana", "2026-11-23 11:00:00", "VENTA"),
            ("61", "yes", "Ana", "2026-11-23 11:30:00", "TIMEOUTACW"),
            ("121", "yes", "Luis", "2026-11-24 11:00:00", "VENTA"),
            ("bad", "yes", "Luis", "-", "VENTA"),
        ]);
        let rows: Vec<u32> = (0..r.len() as u32).collect();
        let d = ChartData::of_rows(&r, &rows, &KeyNumbers::of_rows(&r, &rows, 120));
        assert_eq!(d.buckets, [1, 2, 1, 1, 1]);
        assert_eq!(d.fine[0], 2);
        assert_eq!(d.fine[12], 1);
        assert_eq!(d.hours[10].calls, 3);
        assert_eq!(d.hours[11].calls, 3);
        assert_eq!(d.hours[11].mean_agent, Some(120.0));
        assert_eq!(d.days, 2);
        // 2026-11-23 is a Monday.
        assert_eq!(d.heat[0][10], Some(6));
        let ana = d.agents.iter().find(|a| a.name == "Ana").unwrap();
        assert_eq!(ana.calls, 2);
        assert_eq!(ana.timeout_acw_share, 0.5);
        assert!(d.agents.iter().all(|a| a.name != "-"));
        match d.scatter {
            Scatter::Points {
                transferred,
                retained,
                ..
            } => {
                assert_eq!(transferred.len(), 3);
                assert_eq!(retained.len(), 3);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_known_call_sits_in_the_density_cell_at_its_own_times() {
        // Calls spread over ten minutes each way, and one of 4:50 in the IVR and 5:10
        // with an agent.
        let mut pts: Vec<Point> = (0..SCATTER_POINT_LIMIT as u32 + 1)
            .map(|i| Point {
                x: i % 600,
                y: (i * 7) % 601,
                transferred: true,
                row: i,
            })
            .collect();
        let (x, y) = (290, 310);
        pts.push(Point {
            x,
            y,
            transferred: true,
            row: u32::MAX,
        });
        let same_cell = pts
            .iter()
            .filter(|p| p.x / 15 == x / 15 && p.y / 15 == y / 15)
            .count();
        let grid = scatter(pts);
        let Some((i, lo, hi)) = grid.density_cell_of(x, y) else {
            panic!("{grid:?}");
        };
        assert!(lo[0] <= 290.0 && 290.0 < hi[0], "IVR {lo:?}..{hi:?}");
        assert!(lo[1] <= 310.0 && 310.0 < hi[1], "agent {lo:?}..{hi:?}");
        let Scatter::Density { counts, cols, .. } = &grid else {
            unreachable!()
        };
        assert_eq!((i % cols, i / cols), (290 / 15, 310 / 15));
        assert_eq!(counts[i] as usize, same_cell);
        // The first cell starts at zero on both axes: the map is drawn from there.
        assert_eq!(grid.density_cell_of(0, 0).map(|c| c.1), Some([0.0, 0.0]));
    }

    #[test]
    fn large_views_become_a_density_grid() {
        let pts: Vec<Point> = (0..SCATTER_POINT_LIMIT as u32 + 10)
            .map(|i| Point {
                x: i % 300,
                y: i % 600,
                transferred: i % 3 == 0,
                row: i,
            })
            .collect();
        match scatter(pts) {
            Scatter::Density { counts, .. } => {
                assert_eq!(
                    counts.iter().map(|&c| c as usize).sum::<usize>(),
                    SCATTER_POINT_LIMIT + 10
                );
            }
            other => panic!("{other:?}"),
        }
    }
}

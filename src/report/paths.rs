//! Paths through the IVR: the rows of one call (one `conn_id`) read together, in the
//! order the caller passed the routing points, and what became of the call.
//!
//! Everything else in the report counts rows (one per routing point a call passed);
//! this module counts **calls**. A call is the set of rows that share a `conn_id` (a
//! row whose `conn_id` is absent, null, blank or `-` is a call of its own). Its
//! **path** is the `rp_id` of each of its rows, ordered by (rows with a readable
//! `end_date_rp` first, `end_date_rp`, read position); an `rp_id` that is absent, null,
//! blank or `-` is written `-`. Its **outcome** is transferred when any of its rows went
//! to an agent, retained when every row's flag is known and none did, else unknown. Its
//! **IVR time** is the sum of its readable `time_on_rp` values.
//!
//! [`CallGroups`] groups a whole report once (the report keeps it: see
//! [`Report::call_groups`]); [`Paths`] then answers for any view, counting the calls
//! that have at least one row in it, each with all its rows.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use serde::Serialize;

use super::calls::Report;
use super::key_numbers::nearest_rank;
use super::strings::{Sym, Text};
use super::values::{Transfer, is_placeholder};

/// How many paths `summary --json` lists.
pub const JSON_PATHS: usize = 50;

/// How many paths the text summary lists.
pub const TEXT_PATHS: usize = 10;

/// One step of a path: a routing point, or the placeholder `-` when the row's `rp_id`
/// is absent, null, blank or `-`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Step(Sym);

impl Step {
    /// The step of a row without a usable `rp_id`, written `-`.
    pub const PLACEHOLDER: Step = Step(Sym::MISSING);

    /// The routing point's pooled text, `None` for the placeholder.
    pub fn sym(self) -> Option<Sym> {
        (!self.0.is_missing()).then_some(self.0)
    }

    /// The step as shown: the `rp_id` as received, or `-`.
    pub fn text(self, report: &Report) -> &str {
        report.sym(self.0).unwrap_or("-")
    }

    /// The step of a routing point named `rp_id` (as received); `None` when no row of
    /// the report has it. A placeholder text gives [`Step::PLACEHOLDER`].
    pub fn named(report: &Report, rp_id: &str) -> Option<Step> {
        if is_placeholder(rp_id) {
            return Some(Step::PLACEHOLDER);
        }
        report.find_sym(rp_id).map(Step)
    }
}

/// The number of a distinct path in its [`CallGroups`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PathId(pub u32);

/// Where a call ends after its last routing point.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum End {
    /// It went to an agent (outcome transferred).
    Agent,
    /// It ended in the IVR (outcome retained).
    EndedInIvr,
    /// Its outcome is unknown.
    Unknown,
}

impl End {
    /// Every end, in the order the flow picture shows them.
    pub const ALL: [End; 3] = [End::Agent, End::EndedInIvr, End::Unknown];

    /// The end of a call with this outcome.
    pub fn of(outcome: Transfer) -> End {
        match outcome {
            Transfer::Transferred => End::Agent,
            Transfer::Retained => End::EndedInIvr,
            Transfer::Unknown => End::Unknown,
        }
    }
}

/// What comes after a step: another step or the call's end.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Next {
    /// The caller went on to this routing point.
    Step(Step),
    /// The call ended here.
    End(End),
}

/// IVR time of a call with no readable `time_on_rp`.
const NO_IVR: u64 = u64::MAX;

/// Every call of a report: which rows form it, in path order, its path, outcome and
/// IVR time. Built once per report; views only mark which calls they hold.
#[derive(Debug, Clone, Default)]
pub struct CallGroups {
    /// The call of each row of the report.
    call_of_row: Vec<u32>,
    /// A bit per row, set when the row has no call id (or a placeholder): a call of its own.
    without_id: Vec<u64>,
    /// Where each call's rows start in `rows` (one more entry than calls).
    starts: Vec<u32>,
    /// Every row, grouped by call, each call's rows in path order.
    rows: Vec<u32>,
    /// The path of each call.
    path_of_call: Vec<u32>,
    /// The outcome of each call.
    outcome_of_call: Vec<Transfer>,
    /// The summed IVR time of each call, [`NO_IVR`] when none was readable.
    ivr_of_call: Vec<u64>,
    /// Where each distinct path's steps start in `steps` (one more entry than paths).
    path_starts: Vec<u32>,
    /// The steps of every distinct path, one after the other.
    steps: Vec<Step>,
}

fn hash_steps(steps: &[Step]) -> u64 {
    FxBuildHasher.hash_one(steps)
}

/// The part of a flat list that entry `k` of `starts` covers.
fn span(starts: &[u32], k: u32) -> std::ops::Range<usize> {
    starts[k as usize] as usize..starts[k as usize + 1] as usize
}

impl CallGroups {
    /// Groups every row of `report` into calls. Prefer [`Report::call_groups`], which
    /// keeps the result until the report changes.
    pub fn of(report: &Report) -> CallGroups {
        let calls = report.calls();
        let n = calls.len();
        // 1. The call of each row: rows with the same call id share one, numbered in
        //    the order their first row arrived. First each row with an id is marked
        //    with the first row of its id, then the marks become numbers in row order.
        const OWN: u32 = u32::MAX;
        let mut call_of_row: Vec<u32> = vec![OWN; n];
        let ids: Vec<(u64, u32, Text)> = calls
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let id = report.text(c.conn_id)?;
                (!is_placeholder(id)).then(|| (FxBuildHasher.hash_one(id), i as u32, c.conn_id))
            })
            .collect();
        super::grouping::with_firsts(
            ids,
            |e| e.0,
            |a, b| report.text(a.2) == report.text(b.2),
            |e, first| call_of_row[e.1 as usize] = first.1,
        );
        let mut n_calls = 0usize;
        let mut without_id = vec![0u64; n.div_ceil(64)];
        for i in 0..n {
            let first = call_of_row[i];
            if first == OWN {
                without_id[i / 64] |= 1 << (i % 64);
            }
            call_of_row[i] = if first == OWN || first as usize == i {
                n_calls += 1;
                (n_calls - 1) as u32
            } else {
                // The first row came before, so it holds its call's number already.
                call_of_row[first as usize]
            };
        }

        // 2. Rows grouped by call, in read order within each call.
        let mut starts = vec![0u32; n_calls + 1];
        for &c in &call_of_row {
            starts[c as usize + 1] += 1;
        }
        for k in 0..n_calls {
            starts[k + 1] += starts[k];
        }
        let mut fill = starts.clone();
        let mut rows = vec![0u32; n];
        for (i, &c) in call_of_row.iter().enumerate() {
            let at = &mut fill[c as usize];
            rows[*at as usize] = i as u32;
            *at += 1;
        }
        drop(fill);

        // 3. Each call's path order, path, outcome and IVR time.
        let placeholder_rp: Vec<bool> = (0..report.pool_len())
            .map(|i| report.pool_str(i).is_none_or(is_placeholder))
            .collect();
        let step_of = |s: Sym| match s.index() {
            Some(i) if !placeholder_rp.get(i).copied().unwrap_or(true) => Step(s),
            _ => Step::PLACEHOLDER,
        };
        let mut path_of_call = Vec::with_capacity(n_calls);
        let mut outcome_of_call = Vec::with_capacity(n_calls);
        let mut ivr_of_call = Vec::with_capacity(n_calls);
        let mut path_starts: Vec<u32> = vec![0];
        let mut steps: Vec<Step> = Vec::new();
        let mut paths: HashTable<u32> = HashTable::new();
        let mut buf: Vec<Step> = Vec::new();
        for k in 0..n_calls {
            let part = &mut rows[starts[k] as usize..starts[k + 1] as usize];
            if part.len() > 1 {
                // Readable dates first, by date, then by read position.
                part.sort_unstable_by_key(|&r| {
                    let at = calls[r as usize].started.seconds();
                    (at.is_none(), at.unwrap_or(0), r)
                });
            }
            buf.clear();
            let (mut any_agent, mut all_known) = (false, true);
            let (mut ivr, mut any_ivr) = (0u64, false);
            for &r in part.iter() {
                let c = &calls[r as usize];
                buf.push(step_of(c.rp_id));
                match c.transfer {
                    Transfer::Transferred => any_agent = true,
                    Transfer::Retained => {}
                    Transfer::Unknown => all_known = false,
                }
                if let Some(t) = c.ivr_time.get() {
                    ivr += u64::from(t);
                    any_ivr = true;
                }
            }
            outcome_of_call.push(if any_agent {
                Transfer::Transferred
            } else if all_known {
                Transfer::Retained
            } else {
                Transfer::Unknown
            });
            ivr_of_call.push(if any_ivr { ivr } else { NO_IVR });
            let hash = hash_steps(&buf);
            let found = paths.find(hash, |&p| steps[span(&path_starts, p)] == buf[..]);
            let p = match found {
                Some(&p) => p,
                None => {
                    let p = (path_starts.len() - 1) as u32;
                    steps.extend_from_slice(&buf);
                    path_starts.push(steps.len() as u32);
                    let (steps, path_starts) = (&steps, &path_starts);
                    paths.insert_unique(hash, p, |&q| hash_steps(&steps[span(path_starts, q)]));
                    p
                }
            };
            path_of_call.push(p);
        }
        CallGroups {
            call_of_row,
            without_id,
            starts,
            rows,
            path_of_call,
            outcome_of_call,
            ivr_of_call,
            path_starts,
            steps,
        }
    }

    /// How many calls (distinct call ids; each row without one counts on its own).
    pub fn len(&self) -> usize {
        self.path_of_call.len()
    }

    /// Whether there are no calls.
    pub fn is_empty(&self) -> bool {
        self.path_of_call.is_empty()
    }

    /// The call that row `row` of the report belongs to.
    pub fn call_of_row(&self, row: u32) -> Option<u32> {
        self.call_of_row.get(row as usize).copied()
    }

    /// The call of row `row` when the row has a call id; `None` for a row without one
    /// (or with a placeholder), a call of its own, and for a row past the report.
    pub fn call_with_id(&self, row: u32) -> Option<u32> {
        let r = row as usize;
        let own = self.without_id.get(r / 64)? & (1 << (r % 64)) != 0;
        if own { None } else { self.call_of_row(row) }
    }

    /// The rows of `call` (indices into the report), in path order.
    pub fn rows_of_call(&self, call: u32) -> &[u32] {
        let k = call as usize;
        match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.rows[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The path of `call`.
    pub fn path_of_call(&self, call: u32) -> Option<PathId> {
        self.path_of_call.get(call as usize).map(|&p| PathId(p))
    }

    /// The outcome of `call`: transferred, retained or unknown.
    pub fn outcome_of_call(&self, call: u32) -> Option<Transfer> {
        self.outcome_of_call.get(call as usize).copied()
    }

    /// The summed IVR time of `call` in seconds; `None` when none of its rows has a
    /// readable IVR time.
    pub fn ivr_of_call(&self, call: u32) -> Option<u64> {
        self.ivr_of_call
            .get(call as usize)
            .copied()
            .filter(|&t| t != NO_IVR)
    }

    /// How many distinct paths the whole report has.
    pub fn path_count(&self) -> usize {
        self.path_starts.len() - 1
    }

    /// The steps of `path`, first routing point first (empty for an unknown id).
    pub fn steps(&self, path: PathId) -> &[Step] {
        let k = path.0 as usize;
        match (self.path_starts.get(k), self.path_starts.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.steps[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The calls that have at least one row among `rows` (indices into the report),
    /// ascending; indices past the report are ignored.
    pub fn calls_in(&self, rows: &[u32]) -> Vec<u32> {
        let mut marked = vec![false; self.len()];
        for &r in rows {
            if let Some(&c) = self.call_of_row.get(r as usize) {
                marked[c as usize] = true;
            }
        }
        marked
            .iter()
            .enumerate()
            .filter(|(_, m)| **m)
            .map(|(c, _)| c as u32)
            .collect()
    }
}

/// How the calls of one path ended, and how long they spent in the IVR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PathCounts {
    /// Calls that took the path.
    pub calls: u64,
    /// Of which went to an agent.
    pub transferred: u64,
    /// Of which stayed in the IVR.
    pub retained: u64,
    /// Of which the outcome is unknown.
    pub unknown: u64,
    /// Median of the calls' summed IVR times by nearest rank, in seconds; `None`
    /// (`null`) when no call of the path has a readable IVR time.
    pub median_ivr: Option<u64>,
    /// Calls whose summed IVR time is above the threshold.
    pub long_ivr_calls: u64,
}

/// The numbers of one distinct path over the calls of a view.
#[derive(Debug, Clone, PartialEq)]
pub struct PathNumbers {
    /// The path's number in its [`CallGroups`].
    pub id: PathId,
    /// Its steps, first routing point first.
    pub steps: Vec<Step>,
    /// Its calls, their outcomes and IVR times.
    pub counts: PathCounts,
}

/// One path as `summary --json` and the workbook show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathLine {
    /// The steps' `rp_id`s, `-` for a placeholder.
    pub path: Vec<String>,
    /// Its calls, their outcomes and IVR times.
    #[serde(flatten)]
    pub counts: PathCounts,
}

/// The paths of the calls of a view (a call is in the view when any of its rows is).
#[derive(Debug, Clone, PartialEq)]
pub struct Paths {
    /// IVR time above this many seconds (summed over a call's rows) is long.
    pub long_ivr_secs: u32,
    /// Calls in the view: distinct call ids, each row without one counted on its own.
    pub distinct_calls: u64,
    /// Calls in the view whose path has two steps or more.
    pub multi_step_calls: u64,
    /// Every distinct path of those calls: most calls first, then by the steps' texts
    /// compared one by one by Unicode code point (a path before its longer versions).
    pub paths: Vec<PathNumbers>,
    /// The calls in the view, ascending.
    calls: Vec<u32>,
}

/// A part of the paths picture the calls table can be narrowed to.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    /// The calls that took this path.
    Path(PathId),
    /// The calls whose step number `column` (0 for the first) is `step`.
    Node {
        /// The step's position, 0 for the first routing point.
        column: usize,
        /// The routing point there.
        step: Step,
    },
    /// The calls that went from `from` at step `column` on to `to`.
    Link {
        /// The position of `from`, 0 for the first routing point.
        column: usize,
        /// The routing point the link leaves.
        from: Step,
        /// The next routing point, or the call's end.
        to: Next,
    },
    /// The calls that ended this way.
    End(End),
}

impl Pick {
    fn matches(&self, id: PathId, steps: &[Step], outcome: Transfer) -> bool {
        match *self {
            Pick::Path(p) => p == id,
            Pick::Node { column, step } => steps.get(column) == Some(&step),
            Pick::Link { column, from, to } => {
                steps.get(column) == Some(&from)
                    && match to {
                        Next::Step(s) => steps.get(column + 1) == Some(&s),
                        Next::End(e) => steps.len() == column + 1 && End::of(outcome) == e,
                    }
            }
            Pick::End(e) => End::of(outcome) == e,
        }
    }
}

/// A routing point in one column of the flow picture.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowNode {
    /// The routing point.
    pub step: Step,
    /// Calls whose path has it at this position.
    pub calls: u64,
}

/// Calls that went from one node of the flow picture to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowLink {
    /// The column of `from`, 0 for the first routing point.
    pub column: usize,
    /// The routing point the calls left.
    pub from: Step,
    /// Where they went: the next column's routing point, or an end.
    pub to: Next,
    /// How many calls.
    pub calls: u64,
}

/// How many calls ended one way, for the flow picture's last column.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowEnd {
    /// The end.
    pub end: End,
    /// How many calls.
    pub calls: u64,
}

/// The data of the flow picture: one column per step, then the ends.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Flow {
    /// Per step (first routing point first), its routing points, most calls first.
    pub columns: Vec<Vec<FlowNode>>,
    /// Agent, ended in IVR, unknown: calls each, in [`End::ALL`] order.
    pub ends: Vec<FlowEnd>,
    /// Every link between consecutive nodes and from a path's last node to its end,
    /// by column, then most calls first.
    pub links: Vec<FlowLink>,
}

/// Where the callers of one routing point went next.
#[derive(Debug, Clone, PartialEq)]
pub struct NextSteps {
    /// The routing point asked about.
    pub step: Step,
    /// Calls that passed it at least once.
    pub calls: u64,
    /// Times it was passed (a call that passes it twice counts twice): what the
    /// shares are of.
    pub passages: u64,
    /// Each place callers went next, most first.
    pub next: Vec<NextShare>,
}

/// One place callers went after a routing point.
#[derive(Debug, Clone, PartialEq)]
pub struct NextShare {
    /// The next routing point, or the call's end.
    pub next: Next,
    /// Passages that went there.
    pub passages: u64,
    /// Those passages as a share of all passages of the routing point (0 to 1).
    pub share: f64,
}

impl Paths {
    /// The paths of the calls that have a row among `rows` (indices into `report`),
    /// with the report's own call groups.
    pub fn of_rows(report: &Report, rows: &[u32], long_ivr_secs: u32) -> Paths {
        Paths::of(report, report.call_groups(), rows, long_ivr_secs)
    }

    /// The paths of the calls that have a row among `rows`, with `groups` built from
    /// this `report`.
    pub fn of(report: &Report, groups: &CallGroups, rows: &[u32], long_ivr_secs: u32) -> Paths {
        let calls = groups.calls_in(rows);
        let n_paths = groups.path_count();
        #[derive(Clone, Default)]
        struct Acc {
            calls: u64,
            transferred: u64,
            retained: u64,
            unknown: u64,
            long: u64,
            timed: u32,
        }
        let mut acc = vec![Acc::default(); n_paths];
        let mut multi = 0u64;
        for &c in &calls {
            let p = groups.path_of_call[c as usize] as usize;
            let a = &mut acc[p];
            a.calls += 1;
            match groups.outcome_of_call[c as usize] {
                Transfer::Transferred => a.transferred += 1,
                Transfer::Retained => a.retained += 1,
                Transfer::Unknown => a.unknown += 1,
            }
            let ivr = groups.ivr_of_call[c as usize];
            if ivr != NO_IVR {
                a.timed += 1;
                if ivr > u64::from(long_ivr_secs) {
                    a.long += 1;
                }
            }
            if groups.rows_of_call(c).len() > 1 {
                multi += 1;
            }
        }
        // The IVR times of each path side by side, for the medians.
        let mut at = Vec::with_capacity(n_paths + 1);
        at.push(0usize);
        for a in &acc {
            at.push(at[at.len() - 1] + a.timed as usize);
        }
        let mut fill = at.clone();
        let mut times = vec![0u64; at[n_paths]];
        for &c in &calls {
            let ivr = groups.ivr_of_call[c as usize];
            if ivr != NO_IVR {
                let p = groups.path_of_call[c as usize] as usize;
                times[fill[p]] = ivr;
                fill[p] += 1;
            }
        }
        let mut paths: Vec<PathNumbers> = acc
            .iter()
            .enumerate()
            .filter(|(_, a)| a.calls > 0)
            .map(|(p, a)| PathNumbers {
                id: PathId(p as u32),
                steps: groups.steps(PathId(p as u32)).to_vec(),
                counts: PathCounts {
                    calls: a.calls,
                    transferred: a.transferred,
                    retained: a.retained,
                    unknown: a.unknown,
                    median_ivr: nearest_rank(&mut times[at[p]..at[p + 1]], 50),
                    long_ivr_calls: a.long,
                },
            })
            .collect();
        let text = |s: &Step| s.text(report);
        paths.sort_by(|a, b| {
            b.counts
                .calls
                .cmp(&a.counts.calls)
                .then_with(|| a.steps.iter().map(text).cmp(b.steps.iter().map(text)))
        });
        Paths {
            long_ivr_secs,
            distinct_calls: calls.len() as u64,
            multi_step_calls: multi,
            paths,
            calls,
        }
    }

    /// How many distinct paths the calls in view took.
    pub fn total(&self) -> usize {
        self.paths.len()
    }

    /// Whether every call in view passed a single routing point (or there are none),
    /// so that there is no path worth drawing.
    pub fn all_single_step(&self) -> bool {
        self.multi_step_calls == 0
    }

    /// The calls in view (numbers in their [`CallGroups`]), ascending.
    pub fn calls(&self) -> &[u32] {
        &self.calls
    }

    /// The first `limit` paths with their steps as text, for `summary --json` and the
    /// workbook.
    pub fn lines(&self, report: &Report, limit: usize) -> Vec<PathLine> {
        self.paths
            .iter()
            .take(limit)
            .map(|p| PathLine {
                path: p.steps.iter().map(|s| s.text(report).to_string()).collect(),
                counts: p.counts,
            })
            .collect()
    }

    /// Every row (indices into the report, ascending) of the calls in view that `pick`
    /// selects, including their rows outside the view: what the calls table shows
    /// after a click on a path, a node or a link.
    pub fn rows_of(&self, groups: &CallGroups, pick: &Pick) -> Vec<u32> {
        let mut out = Vec::new();
        for &c in &self.calls {
            let (Some(id), Some(outcome)) = (groups.path_of_call(c), groups.outcome_of_call(c))
            else {
                continue;
            };
            if pick.matches(id, groups.steps(id), outcome) {
                out.extend_from_slice(groups.rows_of_call(c));
            }
        }
        out.sort_unstable();
        out
    }

    /// The data of the flow picture of the calls in view.
    pub fn flow(&self, report: &Report) -> Flow {
        let mut columns: Vec<Vec<FlowNode>> = Vec::new();
        let mut links: Vec<FlowLink> = Vec::new();
        let mut ends = End::ALL.map(|end| FlowEnd { end, calls: 0 });
        // (column, step) → node index, (column, from, to) → link index.
        let mut nodes: rustc_hash::FxHashMap<(usize, Step), usize> = Default::default();
        let mut link_at: rustc_hash::FxHashMap<(usize, Step, Next), usize> = Default::default();
        let mut add_link = |links: &mut Vec<FlowLink>, column, from, to, calls| {
            if calls == 0 {
                return;
            }
            let k = *link_at.entry((column, from, to)).or_insert_with(|| {
                links.push(FlowLink {
                    column,
                    from,
                    to,
                    calls: 0,
                });
                links.len() - 1
            });
            links[k].calls += calls;
        };
        for p in &self.paths {
            for (column, &step) in p.steps.iter().enumerate() {
                if columns.len() <= column {
                    columns.push(Vec::new());
                }
                let k = *nodes.entry((column, step)).or_insert_with(|| {
                    columns[column].push(FlowNode { step, calls: 0 });
                    columns[column].len() - 1
                });
                columns[column][k].calls += p.counts.calls;
                if let Some(&next) = p.steps.get(column + 1) {
                    add_link(&mut links, column, step, Next::Step(next), p.counts.calls);
                }
            }
            let Some((&last, _)) = p.steps.split_last() else {
                continue;
            };
            let column = p.steps.len() - 1;
            for (end, calls) in [
                (End::Agent, p.counts.transferred),
                (End::EndedInIvr, p.counts.retained),
                (End::Unknown, p.counts.unknown),
            ] {
                ends[end as usize].calls += calls;
                add_link(&mut links, column, last, Next::End(end), calls);
            }
        }
        for column in &mut columns {
            column.sort_by(|a, b| {
                b.calls
                    .cmp(&a.calls)
                    .then_with(|| a.step.text(report).cmp(b.step.text(report)))
            });
        }
        links.sort_by(|a, b| {
            a.column
                .cmp(&b.column)
                .then_with(|| b.calls.cmp(&a.calls))
                .then_with(|| a.from.text(report).cmp(b.from.text(report)))
                .then_with(|| next_key(report, a.to).cmp(&next_key(report, b.to)))
        });
        Flow {
            columns,
            ends: ends.to_vec(),
            links,
        }
    }

    /// Where the callers of routing point `step` went next, over the calls in view.
    pub fn next_steps(&self, report: &Report, step: Step) -> NextSteps {
        let mut calls = 0u64;
        let mut counts: Vec<(Next, u64)> = Vec::new();
        let mut add = |next: Next, n: u64| {
            if n == 0 {
                return;
            }
            match counts.iter_mut().find(|(k, _)| *k == next) {
                Some((_, c)) => *c += n,
                None => counts.push((next, n)),
            }
        };
        for p in &self.paths {
            let mut passed = false;
            for (k, &s) in p.steps.iter().enumerate() {
                if s != step {
                    continue;
                }
                passed = true;
                match p.steps.get(k + 1) {
                    Some(&next) => add(Next::Step(next), p.counts.calls),
                    None => {
                        add(Next::End(End::Agent), p.counts.transferred);
                        add(Next::End(End::EndedInIvr), p.counts.retained);
                        add(Next::End(End::Unknown), p.counts.unknown);
                    }
                }
            }
            if passed {
                calls += p.counts.calls;
            }
        }
        let passages: u64 = counts.iter().map(|(_, n)| n).sum();
        counts.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| next_key(report, a.0).cmp(&next_key(report, b.0)))
        });
        NextSteps {
            step,
            calls,
            passages,
            next: counts
                .into_iter()
                .map(|(next, n)| NextShare {
                    next,
                    passages: n,
                    share: n as f64 / passages as f64,
                })
                .collect(),
        }
    }
}

/// Routing points by text, then the ends in their picture order.
fn next_key(report: &Report, next: Next) -> (u8, &str, End) {
    match next {
        Next::Step(s) => (0, s.text(report), End::Agent),
        Next::End(e) => (1, "", e),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// A row with the fields that matter here; `None` leaves a field out.
    fn row(
        conn: Option<&str>,
        rp: Option<&str>,
        when: Option<&str>,
        ivr: &str,
        agent: &str,
    ) -> Value {
        let mut r = json!({ "time_on_rp": ivr, "go_to_agent": agent, "ani": "+573001234567" });
        if let Some(c) = conn {
            r["conn_id"] = json!(c);
        }
        if let Some(p) = rp {
            r["rp_id"] = json!(p);
        }
        if let Some(w) = when {
            r["end_date_rp"] = json!(w);
        }
        r
    }

    /// A report of saved files read one after the other, as `summary --input a b` does.
    fn read(files: &[Vec<Value>]) -> Report {
        let mut report = Report::new();
        for rows in files {
            let body = json!({"code": 200, "error": null, "msg": "x", "data": rows});
            report
                .ingest(&serde_json::to_vec(&body).unwrap())
                .expect("a readable file");
        }
        report
    }

    fn all(report: &Report) -> Vec<u32> {
        (0..report.len() as u32).collect()
    }

    fn texts(report: &Report, p: &PathNumbers) -> Vec<String> {
        p.steps.iter().map(|s| s.text(report).to_string()).collect()
    }

    fn path_of<'a>(paths: &'a Paths, report: &Report, steps: &[&str]) -> &'a PathNumbers {
        paths
            .paths
            .iter()
            .find(|p| texts(report, p) == steps)
            .unwrap_or_else(|| panic!("no path {steps:?}"))
    }

    #[test]
    fn a_path_follows_the_dates_not_the_order_rows_arrived_in() {
        let d = |t: &str| Some(format!("2026-11-25 {t}"));
        let (a, b, c) = (d("10:00:00"), d("10:01:00"), d("10:02:00"));
        let report = read(&[vec![
            row(Some("X"), Some("RP_C"), c.as_deref(), "00:00:10", "yes"),
            row(Some("X"), Some("RP_NODATE_1"), None, "00:00:10", "no"),
            row(Some("X"), Some("RP_A"), a.as_deref(), "00:00:10", "no"),
            row(
                Some("X"),
                Some("RP_BADDATE"),
                Some("yesterday"),
                "00:00:10",
                "no",
            ),
            row(Some("X"), Some("RP_B"), b.as_deref(), "00:00:10", "no"),
            row(Some("Y"), Some("RP_A"), a.as_deref(), "00:00:10", "no"),
        ]]);
        let paths = Paths::of_rows(&report, &all(&report), 120);
        assert_eq!(paths.distinct_calls, 2);
        assert_eq!(paths.multi_step_calls, 1);
        // Rows without a readable date come last, in the order they were read.
        let x = path_of(
            &paths,
            &report,
            &["RP_A", "RP_B", "RP_C", "RP_NODATE_1", "RP_BADDATE"],
        );
        assert_eq!((x.counts.calls, x.counts.transferred), (1, 1));
        let groups = report.call_groups();
        let call = groups.call_of_row(0).unwrap();
        assert_eq!(groups.rows_of_call(call), &[2, 4, 0, 1, 3]);
    }

    #[test]
    fn shuffled_rows_give_the_same_paths() {
        let mut rows = Vec::new();
        for k in 0..40 {
            let conn = format!("C{}", k % 13);
            let rp = format!("RP_{}", k % 4);
            let when = format!("2026-11-25 10:{:02}:00", k);
            let agent = if k % 5 == 0 { "yes" } else { "no" };
            rows.push(row(Some(&conn), Some(&rp), Some(&when), "00:00:30", agent));
        }
        let expected = {
            let r = read(&[rows.clone()]);
            let p = Paths::of_rows(&r, &all(&r), 60);
            p.lines(&r, usize::MAX)
        };
        // A fixed shuffle: reversed, then every third row moved to the front.
        rows.reverse();
        let (front, back): (Vec<_>, Vec<_>) =
            rows.into_iter().enumerate().partition(|(i, _)| i % 3 == 0);
        let shuffled: Vec<Value> = front.into_iter().chain(back).map(|(_, r)| r).collect();
        let r = read(&[shuffled]);
        let p = Paths::of_rows(&r, &all(&r), 60);
        assert_eq!(p.lines(&r, usize::MAX), expected);
        assert_eq!(p.distinct_calls, 13);
    }

    #[test]
    fn a_later_file_replaces_a_row_in_place() {
        let d = |t: &str| format!("2026-11-25 {t}");
        let first = vec![
            row(
                Some("X"),
                Some("RP_A"),
                Some(&d("10:00:00")),
                "00:01:00",
                "no",
            ),
            row(
                Some("X"),
                Some("RP_B"),
                Some(&d("10:01:00")),
                "00:01:00",
                "no",
            ),
            // No dates: their order is their read position.
            row(Some("Z"), Some("RP_P"), None, "00:00:20", "no"),
            row(Some("Z"), Some("RP_Q"), None, "00:00:20", "no"),
        ];
        let second = vec![
            // The same row of X at RP_B, now known to have reached an agent.
            row(
                Some("X"),
                Some("RP_B"),
                Some(&d("10:01:00")),
                "00:02:00",
                "yes",
            ),
            row(
                Some("X"),
                Some("RP_C"),
                Some(&d("10:02:00")),
                "00:00:30",
                "yes",
            ),
            // Z's first row again: it keeps its place before RP_Q.
            row(Some("Z"), Some("RP_P"), None, "00:00:25", "no"),
        ];
        let report = read(&[first, second]);
        assert_eq!(report.len(), 5);
        let paths = Paths::of_rows(&report, &all(&report), 120);
        assert_eq!(paths.distinct_calls, 2);
        let x = path_of(&paths, &report, &["RP_A", "RP_B", "RP_C"]);
        assert_eq!(
            (x.counts.transferred, x.counts.retained, x.counts.unknown),
            (1, 0, 0)
        );
        // 1:00 + 2:00 (the later copy) + 0:30.
        assert_eq!(x.counts.median_ivr, Some(210));
        assert_eq!(x.counts.long_ivr_calls, 1);
        let z = path_of(&paths, &report, &["RP_P", "RP_Q"]);
        assert_eq!((z.counts.retained, z.counts.median_ivr), (1, Some(45)));
    }

    #[test]
    fn placeholder_routing_points_are_written_as_a_dash() {
        let mut rows = Vec::new();
        for (k, rp) in [Some("-"), Some(""), Some("  "), None]
            .into_iter()
            .enumerate()
        {
            let conn = format!("P{k}");
            rows.push(row(
                Some(&conn),
                rp,
                Some("2026-11-25 10:00:00"),
                "00:00:10",
                "no",
            ));
            rows.push(row(
                Some(&conn),
                Some("RP_A"),
                Some("2026-11-25 10:00:05"),
                "00:00:10",
                "no",
            ));
        }
        let mut null_rp = row(
            Some("P9"),
            None,
            Some("2026-11-25 10:00:00"),
            "00:00:10",
            "no",
        );
        null_rp["rp_id"] = Value::Null;
        rows.push(null_rp);
        let report = read(&[rows]);
        let paths = Paths::of_rows(&report, &all(&report), 120);
        let lines = paths.lines(&report, usize::MAX);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0].path, ["-", "RP_A"]);
        assert_eq!(lines[0].counts.calls, 4);
        assert_eq!(lines[1].path, ["-"]);
        assert_eq!(Step::named(&report, " - "), Some(Step::PLACEHOLDER));
        assert_eq!(Step::named(&report, "RP_NONE"), None);
    }

    #[test]
    fn rows_without_a_call_id_are_calls_of_their_own() {
        let mut rows = Vec::new();
        for conn in [None, Some(""), Some("-"), Some(" "), None] {
            rows.push(row(conn, Some("RP_A"), None, "00:00:10", "no"));
        }
        let mut null_conn = row(None, Some("RP_A"), None, "00:00:10", "no");
        null_conn["conn_id"] = Value::Null;
        rows.push(null_conn);
        rows.push(row(Some("K"), Some("RP_A"), None, "00:00:10", "no"));
        rows.push(row(Some("K"), Some("RP_B"), None, "00:00:10", "no"));
        let report = read(&[rows]);
        let paths = Paths::of_rows(&report, &all(&report), 120);
        assert_eq!(paths.distinct_calls, 7);
        assert_eq!(paths.multi_step_calls, 1);
        assert_eq!(path_of(&paths, &report, &["RP_A"]).counts.calls, 6);
        assert_eq!(path_of(&paths, &report, &["RP_A", "RP_B"]).counts.calls, 1);
    }

    #[test]
    fn calls_are_numbered_in_the_order_their_first_row_arrived() {
        // Enough rows to fill many buckets of the grouping, ids coming back at
        // scattered distances, and rows without an id between them.
        let ids: Vec<Option<String>> = (0..3000u32)
            .map(|i| match i % 11 {
                0 => None,
                5 => Some("-".to_string()),
                _ => Some(format!("39829.0007.{}", (i * 7919) % 1301)),
            })
            .collect();
        // A routing point per row: no row is a copy of another.
        let rows: Vec<Value> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                row(
                    id.as_deref(),
                    Some(&format!("RP_{i}")),
                    None,
                    "00:00:10",
                    "no",
                )
            })
            .collect();
        let report = read(&[rows]);
        assert_eq!(report.len(), ids.len());
        let groups = report.call_groups();
        let mut seen: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut next = 0;
        for (i, id) in ids.iter().enumerate() {
            let expected = match id.as_deref() {
                Some(id) if id != "-" => *seen.entry(id).or_insert_with(|| {
                    next += 1;
                    next - 1
                }),
                _ => {
                    next += 1;
                    next - 1
                }
            };
            assert_eq!(groups.call_of_row(i as u32), Some(expected), "row {i}");
            let with_id = id.as_deref().is_some_and(|id| id != "-");
            assert_eq!(
                groups.call_with_id(i as u32),
                with_id.then_some(expected),
                "row {i}"
            );
        }
        assert_eq!(groups.len(), next as usize);
    }

    #[test]
    fn outcomes_and_ivr_times_follow_the_definitions() {
        let rows = vec![
            // Any row to an agent: transferred, even with an unknown flag beside it.
            row(Some("T"), Some("RP_A"), None, "00:01:00", "no"),
            row(Some("T"), Some("RP_B"), None, "00:00:30", "yes"),
            row(Some("T2"), Some("RP_A"), None, "00:00:10", "-"),
            row(Some("T2"), Some("RP_B"), None, "00:00:10", "sí"),
            // Every flag known and none to an agent: retained.
            row(Some("R"), Some("RP_A"), None, "00:02:00", "no"),
            row(Some("R"), Some("RP_B"), None, "00:00:01", "no"),
            // A flag missing or unreadable, none to an agent: unknown.
            row(Some("U"), Some("RP_A"), None, "bad", "no"),
            row(Some("U"), Some("RP_B"), None, "-", "maybe"),
            row(Some("U2"), Some("RP_A"), None, "00:03:00", "no"),
            row(Some("U2"), Some("RP_B"), None, "abc", ""),
        ];
        let report = read(&[rows]);
        let groups = report.call_groups();
        let call = |row: u32| groups.call_of_row(row).unwrap();
        assert_eq!(groups.outcome_of_call(call(0)), Some(Transfer::Transferred));
        assert_eq!(groups.outcome_of_call(call(2)), Some(Transfer::Transferred));
        assert_eq!(groups.outcome_of_call(call(4)), Some(Transfer::Retained));
        assert_eq!(groups.outcome_of_call(call(6)), Some(Transfer::Unknown));
        assert_eq!(groups.outcome_of_call(call(8)), Some(Transfer::Unknown));
        assert_eq!(groups.ivr_of_call(call(0)), Some(90));
        assert_eq!(groups.ivr_of_call(call(4)), Some(121));
        assert_eq!(groups.ivr_of_call(call(6)), None);
        // Unreadable values are left out of the sum.
        assert_eq!(groups.ivr_of_call(call(8)), Some(180));

        let paths = Paths::of_rows(&report, &all(&report), 120);
        assert_eq!(paths.total(), 1);
        let p = &paths.paths[0];
        assert_eq!(
            (
                p.counts.calls,
                p.counts.transferred,
                p.counts.retained,
                p.counts.unknown
            ),
            (5, 2, 1, 2)
        );
        // Times 90, 20, 121, 180 (U has none): nearest rank 2 of 4 is 90.
        assert_eq!(p.counts.median_ivr, Some(90));
        // Strictly above 120 s.
        assert_eq!(p.counts.long_ivr_calls, 2);
        let only_untimed = Paths::of_rows(&report, &[6], 120);
        assert_eq!(only_untimed.paths[0].counts.median_ivr, None);
        assert_eq!(only_untimed.paths[0].counts.long_ivr_calls, 0);
    }

    #[test]
    fn paths_are_ordered_by_calls_then_by_code_point() {
        let mut rows = Vec::new();
        let mut call = 0;
        let mut add = |steps: &[&str], times: usize| {
            for _ in 0..times {
                call += 1;
                for (k, s) in steps.iter().enumerate() {
                    let when = format!("2026-11-25 10:00:{k:02}");
                    rows.push(row(
                        Some(&format!("C{call}")),
                        Some(s),
                        Some(&when),
                        "1",
                        "no",
                    ));
                }
            }
        };
        add(&["a"], 2);
        add(&["B", "a"], 2);
        add(&["B"], 2);
        add(&["É"], 2);
        add(&["Z"], 2);
        add(&["Z", "Z"], 3);
        let report = read(&[rows]);
        let lines = Paths::of_rows(&report, &all(&report), 120).lines(&report, usize::MAX);
        let order: Vec<Vec<String>> = lines.into_iter().map(|l| l.path).collect();
        let want: Vec<Vec<&str>> = vec![
            vec!["Z", "Z"],
            vec!["B"],
            vec!["B", "a"],
            vec!["Z"],
            vec!["a"],
            vec!["É"],
        ];
        assert_eq!(order, want);
    }

    #[test]
    fn a_view_shows_whole_calls_and_a_pick_gives_all_their_rows() {
        let d = |s: u32| format!("2026-11-25 10:00:{s:02}");
        let report = read(&[vec![
            row(Some("X"), Some("RP_A"), Some(&d(0)), "00:00:10", "no"),
            row(Some("Y"), Some("RP_A"), Some(&d(1)), "00:00:10", "no"),
            row(Some("X"), Some("RP_B"), Some(&d(2)), "00:00:10", "yes"),
            row(Some("Y"), Some("RP_C"), Some(&d(3)), "00:00:10", "no"),
            row(Some("W"), Some("RP_B"), Some(&d(4)), "00:00:10", "yes"),
        ]]);
        // Only X's second row is in view: X counts, with its whole path.
        let paths = Paths::of_rows(&report, &[2], 120);
        assert_eq!(paths.distinct_calls, 1);
        assert_eq!(paths.lines(&report, 10)[0].path, ["RP_A", "RP_B"]);
        let groups = report.call_groups();
        let top = Pick::Path(paths.paths[0].id);
        assert_eq!(paths.rows_of(groups, &top), vec![0, 2]);

        let everything = Paths::of_rows(&report, &all(&report), 120);
        let step = |s: &str| Step::named(&report, s).unwrap();
        let pick_b = Pick::Node {
            column: 1,
            step: step("RP_B"),
        };
        assert_eq!(everything.rows_of(groups, &pick_b), vec![0, 2]);
        let b_first = Pick::Node {
            column: 0,
            step: step("RP_B"),
        };
        assert_eq!(everything.rows_of(groups, &b_first), vec![4]);
        let a_to_c = Pick::Link {
            column: 0,
            from: step("RP_A"),
            to: Next::Step(step("RP_C")),
        };
        assert_eq!(everything.rows_of(groups, &a_to_c), vec![1, 3]);
        let b_to_agent = Pick::Link {
            column: 1,
            from: step("RP_B"),
            to: Next::End(End::Agent),
        };
        assert_eq!(everything.rows_of(groups, &b_to_agent), vec![0, 2]);
        assert_eq!(
            everything.rows_of(groups, &Pick::End(End::Agent)),
            vec![0, 2, 4]
        );
        assert_eq!(
            everything.rows_of(groups, &Pick::End(End::EndedInIvr)),
            vec![1, 3]
        );
    }

    #[test]
    fn the_flow_has_a_column_per_step_and_the_ends() {
        let d = |s: u32| format!("2026-11-25 10:00:{s:02}");
        let mut rows = Vec::new();
        for (conn, steps, agent) in [
            ("1", &["MENU", "SALES"][..], "yes"),
            ("2", &["MENU", "SALES"][..], "no"),
            ("3", &["MENU", "HELP"][..], "yes"),
            ("4", &["MENU"][..], "-"),
            ("5", &["HELP"][..], "no"),
        ] {
            for (k, s) in steps.iter().enumerate() {
                rows.push(row(
                    Some(conn),
                    Some(s),
                    Some(&d(k as u32)),
                    "00:00:10",
                    agent,
                ));
            }
        }
        let report = read(&[rows]);
        let paths = Paths::of_rows(&report, &all(&report), 120);
        assert!(!paths.all_single_step());
        let flow = paths.flow(&report);
        let col = |k: usize| -> Vec<(String, u64)> {
            flow.columns[k]
                .iter()
                .map(|n| (n.step.text(&report).to_string(), n.calls))
                .collect()
        };
        assert_eq!(flow.columns.len(), 2);
        assert_eq!(col(0), [("MENU".to_string(), 4), ("HELP".to_string(), 1)]);
        assert_eq!(col(1), [("SALES".to_string(), 2), ("HELP".to_string(), 1)]);
        let ends: Vec<(End, u64)> = flow.ends.iter().map(|e| (e.end, e.calls)).collect();
        assert_eq!(
            ends,
            [(End::Agent, 2), (End::EndedInIvr, 2), (End::Unknown, 1)]
        );
        let step = |s: &str| Step::named(&report, s).unwrap();
        let link = |column, from: &str, to: Next| {
            flow.links
                .iter()
                .find(|l| l.column == column && l.from == step(from) && l.to == to)
                .map(|l| l.calls)
        };
        assert_eq!(link(0, "MENU", Next::Step(step("SALES"))), Some(2));
        assert_eq!(link(0, "MENU", Next::Step(step("HELP"))), Some(1));
        assert_eq!(link(0, "MENU", Next::End(End::Unknown)), Some(1));
        assert_eq!(link(0, "HELP", Next::End(End::EndedInIvr)), Some(1));
        assert_eq!(link(1, "SALES", Next::End(End::Agent)), Some(1));
        assert_eq!(link(1, "SALES", Next::End(End::EndedInIvr)), Some(1));
        assert_eq!(link(1, "HELP", Next::End(End::Agent)), Some(1));
        assert_eq!(flow.links.len(), 7);

        let next = paths.next_steps(&report, step("MENU"));
        assert_eq!((next.calls, next.passages), (4, 4));
        let shares: Vec<(Next, u64, f64)> = next
            .next
            .iter()
            .map(|n| (n.next, n.passages, n.share))
            .collect();
        assert_eq!(
            shares,
            [
                (Next::Step(step("SALES")), 2, 0.5),
                (Next::Step(step("HELP")), 1, 0.25),
                (Next::End(End::Unknown), 1, 0.25),
            ]
        );
        let help = paths.next_steps(&report, step("HELP"));
        assert_eq!((help.calls, help.passages), (2, 2));
        assert_eq!(help.next[0].next, Next::End(End::Agent));
    }

    #[test]
    fn single_step_calls_and_empty_views_say_so() {
        let report = read(&[vec![
            row(Some("A"), Some("RP_A"), None, "00:00:10", "no"),
            row(Some("B"), Some("RP_B"), None, "00:00:10", "no"),
        ]]);
        let paths = Paths::of_rows(&report, &all(&report), 120);
        assert!(paths.all_single_step());
        let empty = Paths::of_rows(&report, &[], 120);
        assert_eq!((empty.distinct_calls, empty.total()), (0, 0));
        assert!(empty.flow(&report).columns.is_empty());
        assert!(empty.next_steps(&report, Step::PLACEHOLDER).next.is_empty());
        // Indices from elsewhere are ignored, not a panic.
        assert_eq!(
            Paths::of_rows(&report, &[7, u32::MAX], 120).distinct_calls,
            0
        );
        assert!(Paths::of_rows(&Report::new(), &[0], 120).paths.is_empty());
    }

    #[test]
    fn the_groups_follow_the_report_as_it_grows() {
        let mut report = read(&[vec![row(Some("X"), Some("RP_A"), None, "1", "no")]]);
        assert_eq!(report.call_groups().len(), 1);
        let more = read(&[vec![row(Some("X"), Some("RP_B"), None, "1", "no")]]);
        report.merge(&more);
        assert_eq!(report.call_groups().len(), 1);
        assert_eq!(report.call_groups().rows_of_call(0), &[0, 1]);
    }
}

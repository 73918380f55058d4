//! A view of a report: the filtered, sorted row indices that the table, the charts, the
//! key numbers and the exports all read, so what is exported is exactly what is shown.

use super::call::{Call, Field, FieldKind};
use super::calls::Report;
use super::strings::Sym;
use super::values::{Reading, Transfer, fold, folds_as_ascii};

/// Which calls to show and in which order.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewSpec {
    /// Column to sort by and whether descending; `None` keeps arrival order.
    pub sort: Option<(Field, bool)>,
    /// Text to find in the call id, ANI, customer id or agent (case- and
    /// accent-insensitive).
    pub search: String,
    /// Show transferred calls.
    pub transferred: bool,
    /// Show retained calls.
    pub retained: bool,
    /// Show calls whose transfer flag is unknown.
    pub unknown: bool,
    /// Only this routing point (its text as received; `None` for all).
    pub routing_point: Option<String>,
    /// Only this call type (as received; `None` for all).
    pub call_type: Option<String>,
    /// Only this agent (name as received; `None` for all).
    pub agent: Option<String>,
    /// Only this skill (as received; `None` for all).
    pub skill: Option<String>,
    /// Only calls whose IVR time is above the threshold.
    pub only_long: bool,
    /// The long-IVR threshold in seconds.
    pub long_ivr_secs: u32,
    /// Only these rows of the report (a path, step or end picked in the paths view).
    pub rows: Option<RowSubset>,
}

/// A named set of report rows the view is narrowed to, such as every row of the calls
/// that took one path. Cheap to clone: the rows are shared.
#[derive(Debug, Clone)]
pub struct RowSubset {
    /// What the rows are, as the filter line names them.
    pub name: String,
    /// Indices into the report, ascending, without repeats.
    rows: std::sync::Arc<[u32]>,
}

impl RowSubset {
    /// The subset named `name` of `rows` (indices into the report, in any order).
    pub fn new(name: impl Into<String>, mut rows: Vec<u32>) -> RowSubset {
        rows.sort_unstable();
        rows.dedup();
        RowSubset {
            name: name.into(),
            rows: rows.into(),
        }
    }

    /// The rows, ascending.
    pub fn rows(&self) -> &[u32] {
        &self.rows
    }
}

impl PartialEq for RowSubset {
    fn eq(&self, other: &RowSubset) -> bool {
        // The same shared rows need no element-by-element look.
        self.name == other.name
            && (std::sync::Arc::ptr_eq(&self.rows, &other.rows) || self.rows == other.rows)
    }
}

impl ViewSpec {
    /// The same sort and threshold with no filter: every call shown.
    pub fn without_filters(&self) -> ViewSpec {
        ViewSpec {
            sort: self.sort,
            long_ivr_secs: self.long_ivr_secs,
            ..ViewSpec::default()
        }
    }
}

impl Default for ViewSpec {
    fn default() -> ViewSpec {
        ViewSpec {
            sort: None,
            search: String::new(),
            transferred: true,
            retained: true,
            unknown: true,
            routing_point: None,
            call_type: None,
            agent: None,
            skill: None,
            only_long: false,
            long_ivr_secs: super::DEFAULT_LONG_IVR_SECS,
            rows: None,
        }
    }
}

/// Filters the report by `spec` and sorts the result (stable: equal keys keep arrival
/// order). Returns indices into `report.calls()`.
pub fn compute_view(report: &Report, spec: &ViewSpec) -> Vec<u32> {
    let mut rows = filter(report, spec);
    if let Some((field, descending)) = spec.sort {
        sort_rows(report, &mut rows, field, descending);
    }
    rows
}

fn sym_filter(report: &Report, value: &Option<String>) -> Option<Option<Sym>> {
    // Some(None): the value is asked for but no call has it, so nothing matches.
    value.as_ref().map(|v| report.find_sym(v))
}

/// The calls `spec` lets through, in arrival order.
pub fn filter(report: &Report, spec: &ViewSpec) -> Vec<u32> {
    let rp = sym_filter(report, &spec.routing_point);
    let ty = sym_filter(report, &spec.call_type);
    let agent = sym_filter(report, &spec.agent);
    let skill = sym_filter(report, &spec.skill);
    let needle = fold(&spec.search);
    let search = (!needle.is_empty()).then(|| Search::new(report, &needle));
    let wanted = |c: &Call| {
        let flag_ok = match c.transfer {
            Transfer::Transferred => spec.transferred,
            Transfer::Retained => spec.retained,
            Transfer::Unknown => spec.unknown,
        };
        flag_ok
            && rp.is_none_or(|s| s == Some(c.rp_id))
            && ty.is_none_or(|s| s == Some(c.type_interaction))
            && agent.is_none_or(|s| s == Some(c.agent_name))
            && skill.is_none_or(|s| s == Some(c.skill_id))
            && (!spec.only_long || c.ivr_time.get().is_some_and(|t| t > spec.long_ivr_secs))
            && search.as_ref().is_none_or(|s| s.matches(report, c))
    };
    let calls = report.calls();
    if let Some(subset) = &spec.rows {
        // Only the subset's rows are looked at; rows past the report are ignored.
        return subset
            .rows()
            .iter()
            .copied()
            .filter(|&i| calls.get(i as usize).is_some_and(&wanted))
            .collect();
    }
    let pick = |from: usize, part: &[Call]| -> Vec<u32> {
        part.iter()
            .enumerate()
            .filter(|(_, c)| wanted(c))
            .map(|(i, _)| (from + i) as u32)
            .collect()
    };
    // A search looks into every call's texts: two cores halve the wait from 100,000 calls.
    let cores = crate::cores();
    if search.is_none() || cores < 2 || calls.len() < 100_000 {
        return pick(0, calls);
    }
    let half = calls.len() / 2;
    let (first, second) = calls.split_at(half);
    let (mut rows, later) = std::thread::scope(|s| {
        let later = s.spawn(|| pick(half, second));
        (pick(0, first), later.join())
    });
    match later {
        Ok(later) => rows.extend(later),
        // Not expected; the second half is then searched here.
        Err(_) => rows.extend(pick(half, second)),
    }
    rows
}

struct Search {
    needle: String,
    /// For needles without letters: a plain byte search, built once.
    plain: Option<memchr::memmem::Finder<'static>>,
    /// Whether each pooled value (agent names and ids) holds the needle, by position.
    pooled: Vec<bool>,
}

impl Search {
    fn new(report: &Report, needle: &str) -> Search {
        // Agents are shared strings: test each distinct one once.
        let pooled = (0..report.pool_len())
            .map(|i| {
                report
                    .pool_str(i)
                    .is_some_and(|s| contains_folded(s, needle))
            })
            .collect();
        let plain = (!needle.bytes().any(|b| b.is_ascii_alphabetic()) && needle.is_ascii())
            .then(|| memchr::memmem::Finder::new(needle.as_bytes()).into_owned());
        Search {
            needle: needle.to_string(),
            plain,
            pooled,
        }
    }

    fn matches(&self, report: &Report, c: &Call) -> bool {
        let pooled = |s: Sym| s.index().is_some_and(|i| self.pooled[i]);
        pooled(c.agent_name)
            || pooled(c.agent_id)
            || [c.ani, c.customer_id, c.conn_id].iter().any(|t| {
                report.text(*t).is_some_and(|s| match &self.plain {
                    Some(f) => f.find(s.as_bytes()).is_some(),
                    None => contains_folded(s, &self.needle),
                })
            })
    }
}

/// Case- and accent-insensitive containment; `needle` is already folded ([`fold`]).
fn contains_folded(hay: &str, needle: &str) -> bool {
    // Phone numbers, ids and other needles without letters need no case folding.
    if !needle.bytes().any(|b| b.is_ascii_alphabetic()) && needle.is_ascii() {
        return hay.contains(needle);
    }
    if folds_as_ascii(hay) && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        if n.is_empty() {
            return true;
        }
        if n.len() > h.len() {
            return false;
        }
        let first = n[0];
        return (0..=h.len() - n.len()).any(|i| {
            h[i].to_ascii_lowercase() == first && h[i..i + n.len()].eq_ignore_ascii_case(n)
        });
    }
    fold(hay).contains(needle)
}

/// Each call's rank in the text order of `field` (call id, phone or customer id; `None`
/// for other fields), built once per report: equal texts share a rank, absent values
/// have `u32::MAX`.
pub(crate) fn text_ranks(report: &Report, field: Field) -> Option<&[u32]> {
    let call = |i: u32| &report.calls()[i as usize];
    let text = |i: u32| call(i).text(field).and_then(|t| report.text(t));
    report.text_rank(field, || {
        // Rank every call once; equal texts share a rank so ties stay stable.
        let mut all: Vec<u32> = (0..report.len() as u32).collect();
        sort_text(&mut all, text, false);
        let mut ranks = vec![u32::MAX; report.len()];
        let mut rank = 0u32;
        for (k, &i) in all.iter().enumerate() {
            if k > 0 && text(all[k - 1]) != text(i) {
                rank += 1;
            }
            if text(i).is_some() {
                ranks[i as usize] = rank;
            }
        }
        ranks
    })
}

/// Sorts `rows` by `field`; equal keys keep their order. Values sort before "no value",
/// and unreadable values come last, in both directions.
pub fn sort_rows(report: &Report, rows: &mut [u32], field: Field, descending: bool) {
    let calls = report.calls();
    let call = |i: u32| &calls[i as usize];
    match field.kind() {
        FieldKind::Duration => {
            let key = |i: u32| match call(i).duration(field).map(|s| s.reading()) {
                Some(Reading::Value(v)) => (0, v as u64),
                Some(Reading::Unreadable) => (2, 0),
                _ => (1, 0),
            };
            sort_by_class(rows, key, descending);
        }
        FieldKind::DateTime => {
            let key = |i: u32| match call(i).started.reading() {
                Reading::Value(s) => (0, (s as u64) ^ (1 << 63)),
                Reading::Empty => (1, 0),
                Reading::Unreadable => (2, 0),
            };
            sort_by_class(rows, key, descending);
        }
        FieldKind::Flag => {
            let key = |i: u32| match call(i).transfer {
                Transfer::Retained => (0, 0),
                Transfer::Transferred => (0, 1),
                Transfer::Unknown => (1, 0),
            };
            sort_by_class(rows, key, descending);
        }
        FieldKind::Shared => {
            let ranks = shared_ranks(report);
            let key = |i: u32| match call(i)
                .sym(field)
                .and_then(|s| s.index())
                .and_then(|s| ranks.get(s).copied())
            {
                Some(rank) => (0, rank as u64),
                None => (1, 0),
            };
            sort_by_class(rows, key, descending);
        }
        FieldKind::Text => {
            let text = |i: u32| call(i).text(field).and_then(|t| report.text(t));
            let ranks = text_ranks(report, field);
            match ranks {
                Some(ranks) => {
                    let key = |i: u32| match ranks.get(i as usize) {
                        Some(&r) if r != u32::MAX => (0, r as u64),
                        _ => (1, 0),
                    };
                    sort_by_class(rows, key, descending);
                }
                None => sort_text(rows, text, descending),
            }
        }
    }
}

/// 8 bytes of `s` from `offset` as a big-endian number (zero-padded): comparing these
/// chunk by chunk orders strings as their bytes do.
fn chunk_key(s: &str, offset: usize) -> u64 {
    let b = s.as_bytes();
    let mut k = [0u8; 8];
    if offset < b.len() {
        let n = (b.len() - offset).min(8);
        k[..n].copy_from_slice(&b[offset..offset + n]);
    }
    u64::from_be_bytes(k)
}

/// Hands `tie` each run of two entries or more with the same key in `keyed` (sorted by
/// key), with where it starts.
pub(crate) fn each_tie(keyed: &mut [(u64, u32)], mut tie: impl FnMut(usize, &mut [(u64, u32)])) {
    let mut start = 0;
    while start < keyed.len() {
        let mut end = start + 1;
        while end < keyed.len() && keyed[end].0 == keyed[start].0 {
            end += 1;
        }
        if end - start > 1 {
            tie(start, &mut keyed[start..end]);
        }
        start = end;
    }
}

/// Sorts rows by text, stably, "no value" last in either direction. Most-significant-first
/// on 8-byte chunks: each pass sorts plain numbers, and only rows still tied look further
/// into their text, so long shared prefixes (call ids) cost little.
fn sort_text<'a>(rows: &mut [u32], text: impl Fn(u32) -> Option<&'a str>, descending: bool) {
    let (mut present, missing): (Vec<u32>, Vec<u32>) =
        rows.iter().partition(|&&i| text(i).is_some());
    let mut keyed: Vec<(u64, u32)> = present
        .iter()
        .map(|&i| (chunk_key(text(i).unwrap_or(""), 0), i))
        .collect();
    keyed.sort_unstable();
    // Groups still tied after `offset` bytes, refined until every tie is real.
    let mut pending: Vec<(usize, usize, usize)> = Vec::new();
    let push_ties = |keyed: &mut [(u64, u32)],
                     base: usize,
                     offset: usize,
                     pending: &mut Vec<(usize, usize, usize)>| {
        each_tie(keyed, |start, run| {
            pending.push((base + start, base + start + run.len(), offset + 8));
        });
    };
    push_ties(&mut keyed, 0, 0, &mut pending);
    while let Some((a, b, offset)) = pending.pop() {
        let group = &mut keyed[a..b];
        // Identical texts so far and none longer than `offset`: a real tie.
        if group
            .iter()
            .all(|&(_, i)| text(i).is_none_or(|s| s.len() <= offset))
        {
            group.sort_unstable_by_key(|&(_, i)| i);
            continue;
        }
        for slot in group.iter_mut() {
            slot.0 = chunk_key(text(slot.1).unwrap_or(""), offset);
        }
        group.sort_unstable();
        push_ties(group, a, offset, &mut pending);
    }
    present.clear();
    if descending {
        // Reverse the order of distinct texts, keeping arrival order among equal ones.
        let mut end = keyed.len();
        while end > 0 {
            let mut start = end - 1;
            while start > 0 && text(keyed[start - 1].1) == text(keyed[end - 1].1) {
                start -= 1;
            }
            present.extend(keyed[start..end].iter().map(|&(_, i)| i));
            end = start;
        }
    } else {
        present.extend(keyed.iter().map(|&(_, i)| i));
    }
    for (slot, i) in rows.iter_mut().zip(present.into_iter().chain(missing)) {
        *slot = i;
    }
}

/// Sorts stably by (class, value): class 0 holds values, ordered by `value` in the asked
/// direction; higher classes ("no value", "unreadable") follow in either direction.
fn sort_by_class(rows: &mut [u32], key: impl Fn(u32) -> (u8, u64), descending: bool) {
    let mut keyed: Vec<(u8, u64, u32)> = rows
        .iter()
        .map(|&i| {
            let (class, v) = key(i);
            let v = if descending && class == 0 {
                u64::MAX - v
            } else {
                v
            };
            (class, v, i)
        })
        .collect();
    keyed.sort_unstable();
    for (slot, (_, _, i)) in rows.iter_mut().zip(keyed) {
        *slot = i;
    }
}

/// Each pooled string's rank in text order (pool index → rank).
fn shared_ranks(report: &Report) -> Vec<u32> {
    let n = report.pool_len();
    let mut order: Vec<u32> = (0..n as u32).collect();
    // Names read in alphabetical order whatever their case: "ana" beside "Ana".
    let folded: Vec<String> = (0..n)
        .map(|i| report.pool_str(i).unwrap_or("").to_lowercase())
        .collect();
    let text = |i: u32| report.pool_str(i as usize).unwrap_or("");
    order.sort_unstable_by(|a, b| {
        folded[*a as usize]
            .cmp(&folded[*b as usize])
            .then_with(|| text(*a).cmp(text(*b)))
    });
    let mut ranks = vec![0u32; n];
    for (rank, idx) in order.into_iter().enumerate() {
        ranks[idx as usize] = rank as u32;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(rows: &[(&str, &str, &str, &str)]) -> Report {
        let data: Vec<String> = rows
            .iter()
            .map(|(conn, ivr, agent, flag)| {
                format!(
                    r#"{{"conn_id":"{conn}","time_on_rp":"{ivr}","agent_name":"{agent}","go_to_agent":"{flag}","ani":"+57300{conn}"}}"#
                )
            })
            .collect();
        let body = format!(r#"{{"code":200,"data":[{}]}}"#, data.join(","));
        let mut r = Report::new();
        r.ingest(body.as_bytes()).unwrap();
        r
    }

    fn conns(r: &Report, rows: &[u32]) -> Vec<String> {
        rows.iter()
            .map(|&i| {
                r.raw(&r.calls()[i as usize], Field::ConnId)
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn sorting_by_duration_both_ways_keeps_blanks_last_and_ties_stable() {
        let r = report(&[
            ("a", "00:00:30", "Ana", "yes"),
            ("b", "-", "Luis", "no"),
            ("c", "00:02:00", "Eva", "yes"),
            ("d", "bad", "Eva", "yes"),
            ("e", "00:00:30", "Zoe", "no"),
        ]);
        let mut spec = ViewSpec {
            sort: Some((Field::TimeOnRp, false)),
            ..ViewSpec::default()
        };
        assert_eq!(
            conns(&r, &compute_view(&r, &spec)),
            ["a", "e", "c", "b", "d"]
        );
        spec.sort = Some((Field::TimeOnRp, true));
        assert_eq!(
            conns(&r, &compute_view(&r, &spec)),
            ["c", "a", "e", "b", "d"]
        );
    }

    #[test]
    fn sorting_by_text_and_shared_text() {
        let r = report(&[
            ("b2", "1", "Luis", "yes"),
            ("a10", "1", "ana", "yes"),
            ("a9", "1", "Ana", "yes"),
        ]);
        let by = |f, d| {
            conns(
                &r,
                &compute_view(
                    &r,
                    &ViewSpec {
                        sort: Some((f, d)),
                        ..ViewSpec::default()
                    },
                ),
            )
        };
        assert_eq!(by(Field::ConnId, false), ["a10", "a9", "b2"]);
        assert_eq!(by(Field::ConnId, true), ["b2", "a9", "a10"]);
        assert_eq!(by(Field::AgentName, false), ["a9", "a10", "b2"]);
        assert_eq!(by(Field::GoToAgent, false), ["b2", "a10", "a9"]);
    }

    #[test]
    fn text_sort_agrees_with_a_plain_stable_sort() {
        let mut rng = crate::fake::rng::Rng::new(0x2545_F491_4F6C_DD1Du64);
        let mut next = move || rng.next_u64();
        let alphabet = ["12462.0277.", "12462.0278.", "+57300", "000", "a", "Ab", ""];
        let texts: Vec<Option<String>> = (0..3000)
            .map(|_| {
                if next() % 17 == 0 {
                    return None;
                }
                let mut s = alphabet[(next() % alphabet.len() as u64) as usize].to_string();
                for _ in 0..(next() % 20) {
                    s.push((b'0' + (next() % 3) as u8) as char);
                }
                Some(s)
            })
            .collect();
        let text = |i: u32| texts[i as usize].as_deref();
        for descending in [false, true] {
            let mut rows: Vec<u32> = (0..texts.len() as u32).collect();
            sort_text(&mut rows, text, descending);
            let mut want: Vec<u32> = (0..texts.len() as u32).collect();
            want.sort_by(|&a, &b| match (text(a), text(b)) {
                (Some(x), Some(y)) if descending => y.cmp(x),
                (Some(x), Some(y)) => x.cmp(y),
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, None) => std::cmp::Ordering::Equal,
            });
            assert_eq!(rows, want, "descending: {descending}");
        }
    }

    #[test]
    fn a_row_subset_keeps_only_its_rows_in_arrival_order_and_combines_with_filters() {
        let r = report(&[
            ("1", "00:03:00", "Ana", "yes"),
            ("2", "00:00:10", "Luis", "no"),
            ("3", "00:05:00", "Eva", "yes"),
            ("4", "00:00:20", "Eva", "no"),
        ]);
        let subset = RowSubset::new("picked", vec![3, 0, 2, 3, 99]);
        assert_eq!(subset.rows(), [0, 2, 3, 99]);
        let spec = ViewSpec {
            rows: Some(subset.clone()),
            ..ViewSpec::default()
        };
        // Row 99 is past the report: ignored, no panic.
        assert_eq!(conns(&r, &compute_view(&r, &spec)), ["1", "3", "4"]);
        let retained_only = ViewSpec {
            transferred: false,
            ..spec.clone()
        };
        assert_eq!(conns(&r, &compute_view(&r, &retained_only)), ["4"]);
        let sorted = ViewSpec {
            sort: Some((Field::TimeOnRp, true)),
            ..spec.clone()
        };
        assert_eq!(conns(&r, &compute_view(&r, &sorted)), ["3", "1", "4"]);
        let empty = ViewSpec {
            rows: Some(RowSubset::new("none", Vec::new())),
            ..ViewSpec::default()
        };
        assert!(compute_view(&r, &empty).is_empty());
        // Equal names and rows are the same filter; another name or other rows are not.
        assert_eq!(subset, RowSubset::new("picked", vec![0, 2, 3, 99]));
        assert_ne!(subset, RowSubset::new("other", vec![0, 2, 3, 99]));
        assert_ne!(subset, RowSubset::new("picked", vec![0, 2]));
    }

    #[test]
    fn search_and_filters_combine() {
        let r = report(&[
            ("1", "00:03:00", "Ana María", "yes"),
            ("2", "00:00:10", "Luis", "no"),
            ("3", "00:05:00", "Eva", "-"),
        ]);
        let count = |spec: ViewSpec| compute_view(&r, &spec).len();
        assert_eq!(count(ViewSpec::default()), 3);
        assert_eq!(
            count(ViewSpec {
                search: "maría".into(),
                ..ViewSpec::default()
            }),
            1
        );
        assert_eq!(
            count(ViewSpec {
                search: "+573002".into(),
                ..ViewSpec::default()
            }),
            1
        );
        assert_eq!(
            count(ViewSpec {
                search: "nobody".into(),
                ..ViewSpec::default()
            }),
            0
        );
        assert_eq!(
            count(ViewSpec {
                only_long: true,
                ..ViewSpec::default()
            }),
            2
        );
        assert_eq!(
            count(ViewSpec {
                only_long: true,
                long_ivr_secs: 200,
                ..ViewSpec::default()
            }),
            1
        );
        assert_eq!(
            count(ViewSpec {
                unknown: false,
                ..ViewSpec::default()
            }),
            2
        );
        assert_eq!(
            count(ViewSpec {
                transferred: false,
                retained: false,
                ..ViewSpec::default()
            }),
            1
        );
        assert_eq!(
            count(ViewSpec {
                agent: Some("Luis".into()),
                ..ViewSpec::default()
            }),
            1
        );
        assert_eq!(
            count(ViewSpec {
                agent: Some("Nadie".into()),
                ..ViewSpec::default()
            }),
            0
        );
    }

    #[test]
    fn search_ignores_case_and_accents_on_both_sides() {
        let r = report(&[
            ("1", "00:03:00", "José Núñez", "yes"),
            ("2", "00:00:10", "Paola Sánchez", "no"),
            ("3", "00:05:00", "paola sanchez", "yes"),
            ("4", "00:05:00", "Luis", "yes"),
        ]);
        let found = |q: &str| {
            conns(
                &r,
                &compute_view(
                    &r,
                    &ViewSpec {
                        search: q.into(),
                        ..ViewSpec::default()
                    },
                ),
            )
        };
        assert_eq!(found("nunez"), ["1"]);
        assert_eq!(found("NÚÑEZ"), ["1"]);
        assert_eq!(found("jose nu"), ["1"]);
        assert_eq!(found("paola sanchez"), ["2", "3"]);
        assert_eq!(found("  Paola   Sánchez "), ["2", "3"]);
        assert_eq!(found("sánchez"), ["2", "3"]);
        assert!(found("nunezz").is_empty());
    }
}

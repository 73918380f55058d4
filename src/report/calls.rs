//! [`Report`]: the typed calls of one or more responses, de-duplicated, with every
//! received value kept.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::call::{Call, Field, FieldKind};
use super::strings::{Arena, Pool, Sym, Text};
use super::values::{
    Reading, Secs, Stamp, Transfer, is_placeholder, parse_duration, parse_stamp, parse_transfer,
};

/// The calls of one or more `diagram_11` responses.
///
/// Calls are de-duplicated by (conn_id, rp_id, end_date_rp): the copy that arrived last
/// replaces the earlier one in place. Rows whose conn_id is a placeholder are never merged.
#[derive(Default, Clone)]
pub struct Report {
    calls: Vec<Call>,
    arena: Arena,
    pool: Pool,
    // Boxed: a report is moved around whole, in events and results.
    dedup: Box<Dedup>,
    /// Each pooled duration text read once: the same few thousand values repeat.
    durations: Vec<Option<Reading<u32>>>,
    /// Each pooled transfer flag text read once.
    flags: Vec<Option<Reading<Transfer>>>,
    /// Callers' calls in (phone, time) order, built on first use after a change.
    caller_order: std::sync::OnceLock<Box<CallerOrder>>,
    /// Each call's rank by call id, phone and customer id, built on first sort after a
    /// change: later sorts by those columns compare numbers, not text.
    text_ranks: [std::sync::OnceLock<Vec<u32>>; 3],
    /// The rows grouped into calls (by call id), built on first use after a change.
    call_groups: std::sync::OnceLock<Box<super::paths::CallGroups>>,
}

/// The calls that have a phone number and a readable date, grouped by phone (the groups
/// in no particular order), by time within each, with a number per distinct phone: the
/// repeat-call count walks it instead of grouping phone numbers for every view.
#[derive(Debug, Clone, Default)]
pub struct CallerOrder {
    /// Call indices, each phone's together in (time, arrival) order.
    pub calls: Vec<u32>,
    /// The phone's number (0, 1, 2, ...) of each entry of `calls`.
    pub caller: Vec<u32>,
    /// When each entry's call passed the routing point, in seconds.
    pub at: Vec<i64>,
}

impl std::fmt::Debug for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Report")
            .field("calls", &self.calls.len())
            .field("pool", &self.pool)
            .field("arena", &self.arena)
            .finish()
    }
}

/// What a merge changed, so a failed parse can be undone.
#[derive(Default)]
pub(crate) struct Undo {
    calls_before: usize,
    arena_before: usize,
    replaced: Vec<(u32, Call)>,
    /// Rows added or replaced.
    pub(crate) rows: usize,
    /// Rows are only collected, not merged: a part of a body read on its own, whose
    /// rows are merged in order by [`Report::absorb`].
    pub(crate) collect_only: bool,
    /// The de-duplication key's hash of each collected row (`None`: never merged),
    /// worked out where the row's text is fresh in the cache rather than in the merge.
    pub(crate) hashes: Vec<Option<u64>>,
}

fn key_hash(conn: &str, rp: Option<&str>, date: Option<&str>) -> u64 {
    FxBuildHasher.hash_one((conn, rp, date))
}

impl Report {
    /// An empty report.
    pub fn new() -> Report {
        Report::default()
    }

    /// How many calls (after de-duplication).
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    /// Whether there are no calls.
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    /// All calls, in the order they first arrived.
    pub fn calls(&self) -> &[Call] {
        &self.calls
    }

    /// The call at `index`.
    pub fn call(&self, index: usize) -> Option<&Call> {
        self.calls.get(index)
    }

    /// The text of a pooled value.
    pub fn sym(&self, sym: Sym) -> Option<&str> {
        self.pool.get(sym)
    }

    /// The text of an arena value.
    pub fn text(&self, text: Text) -> Option<&str> {
        self.arena.get(text)
    }

    /// The value of `field` exactly as received; `None` when the field was absent.
    pub fn raw<'a>(&'a self, call: &Call, field: Field) -> Option<&'a str> {
        match call.text(field) {
            Some(t) => self.arena.get(t),
            None => call.sym(field).and_then(|s| self.pool.get(s)),
        }
    }

    /// The handle of a pooled value if any call uses it (for filters by value).
    pub fn find_sym(&self, s: &str) -> Option<Sym> {
        self.pool.find(s)
    }

    /// The pooled value at position `index` (ranks for sorting walk the pool by index).
    pub fn pool_str(&self, index: usize) -> Option<&str> {
        self.pool.get_index(index)
    }

    /// How many distinct pooled values exist.
    pub fn pool_len(&self) -> usize {
        self.pool.len()
    }

    /// Heap bytes held by calls and strings, roughly (for memory reports).
    pub fn heap_bytes(&self) -> usize {
        self.calls.capacity() * std::mem::size_of::<Call>()
            + self.arena.heap_bytes()
            + self.pool.heap_bytes()
            + self.dedup.heap_bytes()
    }

    /// Every call as one line of text: its received values and what was read from
    /// them. Two reports with the same lines hold the same calls in the same order,
    /// whatever their internal handles.
    #[doc(hidden)]
    pub fn describe_calls(&self) -> Vec<String> {
        self.calls
            .iter()
            .map(|c| {
                let raws: Vec<Option<&str>> = Field::ALL.iter().map(|&f| self.raw(c, f)).collect();
                format!(
                    "{raws:?} {:?} {:?} {:?} {:?} {:?} {:?} {}",
                    c.started,
                    c.ivr_time,
                    c.queue_time,
                    c.agent_time,
                    c.total_time,
                    c.transfer,
                    c.unreadable
                )
            })
            .collect()
    }

    /// Adds every call of `other`, merging duplicates as if its rows arrived now; like
    /// [`Report::merge`], without reading the values again.
    pub fn merge_from(&mut self, other: Report) {
        let mut undo = self.begin();
        if let Err(other) = self.absorb(other, &[], &mut undo) {
            self.merge(&other);
        }
    }

    /// Adds every call of `other`, merging duplicates as if its rows arrived now.
    pub fn merge(&mut self, other: &Report) {
        let mut undo = self.begin();
        for call in &other.calls {
            let mut row = RowBuilder::new();
            for field in Field::ALL {
                row.set(self, field, other.raw(call, field), false);
            }
            let mut built = row.finish();
            // Values that were unreadable because of their JSON type stay counted.
            built.unreadable = built.unreadable.max(call.unreadable);
            self.commit(built, &mut undo);
        }
    }

    pub(crate) fn begin(&self) -> Undo {
        Undo {
            calls_before: self.calls.len(),
            arena_before: self.arena.len(),
            replaced: Vec::new(),
            rows: 0,
            collect_only: false,
            hashes: Vec::new(),
        }
    }

    /// Merges the calls of `part` (a whole report, or the rows a part of a body
    /// collected: see [`Undo::collect_only`]) in their order, as if they had been read
    /// here; `part` comes back untouched if its text would not fit. `hashes` are the
    /// calls' key hashes when the part collected them (else empty).
    pub(crate) fn absorb(
        &mut self,
        part: Report,
        hashes: &[Option<u64>],
        undo: &mut Undo,
    ) -> Result<(), Box<Report>> {
        let Some(by) = self.arena.append(&part.arena) else {
            return Err(Box::new(part));
        };
        let syms: Vec<Sym> = (0..part.pool.len())
            .map(|i| self.pool.intern(part.pool.get_index(i).unwrap_or("")))
            .collect();
        self.calls.reserve(part.calls.len());
        let known = hashes.len() == part.calls.len();
        for (k, c) in part.calls.into_iter().enumerate() {
            let call = Call {
                conn_id: c.conn_id.moved(by),
                ani: c.ani.moved(by),
                customer_id: c.customer_id.moved(by),
                date_raw: c.date_raw.moved(by),
                ivr_time_raw: c.ivr_time_raw.moved(&syms),
                queue_time_raw: c.queue_time_raw.moved(&syms),
                agent_time_raw: c.agent_time_raw.moved(&syms),
                total_time_raw: c.total_time_raw.moved(&syms),
                rp_id: c.rp_id.moved(&syms),
                skill_id: c.skill_id.moved(&syms),
                skill_result: c.skill_result.moved(&syms),
                go_to_agent_raw: c.go_to_agent_raw.moved(&syms),
                agent_id: c.agent_id.moved(&syms),
                agent_name: c.agent_name.moved(&syms),
                cod_act: c.cod_act.moved(&syms),
                cod_act_2: c.cod_act_2.moved(&syms),
                type_interaction: c.type_interaction.moved(&syms),
                ..c
            };
            let hash = match hashes.get(k) {
                Some(&hash) if known => hash,
                _ => self.key_hash_of(&call),
            };
            self.commit_keyed(call, hash, undo);
        }
        Ok(())
    }

    /// The calls grouped by caller, by time within each (see [`CallerOrder`]).
    pub fn caller_order(&self) -> &CallerOrder {
        self.caller_order.get_or_init(|| {
            // (phone's key, time, call index) of every call with a phone and a time.
            let entries: Vec<(u64, i64, u32)> = self
                .calls
                .iter()
                .enumerate()
                .filter_map(|(i, c)| {
                    let ani = self.arena.get(c.ani)?;
                    let at = c.started.seconds()?;
                    (!is_placeholder(ani)).then(|| (phone_key(ani), at, i as u32))
                })
                .collect();
            let n = entries.len();
            let (mut calls, mut caller, mut at) = (
                Vec::with_capacity(n),
                Vec::with_capacity(n),
                Vec::with_capacity(n),
            );
            let mut next = 0u32;
            super::grouping::in_groups(
                entries,
                |e| e.0,
                |e| (e.1, e.2),
                |a, b| {
                    a.0 & PHONE_HASHED == 0 || {
                        let phone =
                            |e: &(u64, i64, u32)| self.arena.get(self.calls[e.2 as usize].ani);
                        phone(a) == phone(b)
                    }
                },
                |group| {
                    for e in group {
                        calls.push(e.2);
                        caller.push(next);
                        at.push(e.1);
                    }
                    next += 1;
                },
            );
            Box::new(CallerOrder { calls, caller, at })
        })
    }

    /// Works out, on two cores at once, the orders of the calls that the repeat-call
    /// count and the paths need (each kept once made): the grouping into calls on one
    /// core, by caller on this one.
    pub fn prepare_orders(&self) {
        crate::join(
            || {
                self.call_groups();
            },
            || {
                self.caller_order();
            },
        );
    }

    /// Each call's rank in the text order of `field` (a call id, phone or customer id
    /// column); equal texts share a rank. `None` for other fields.
    pub fn text_rank(&self, field: Field, build: impl FnOnce() -> Vec<u32>) -> Option<&[u32]> {
        let slot = match field {
            Field::ConnId => 0,
            Field::Ani => 1,
            Field::CustomerId => 2,
            _ => return None,
        };
        Some(self.text_ranks[slot].get_or_init(build))
    }

    /// The rows grouped into calls, with their paths (see [`super::paths`]).
    pub fn call_groups(&self) -> &super::paths::CallGroups {
        self.call_groups
            .get_or_init(|| Box::new(super::paths::CallGroups::of(self)))
    }

    fn forget_derived(&mut self) {
        if self.caller_order.get().is_some() {
            self.caller_order = std::sync::OnceLock::new();
        }
        if self.call_groups.get().is_some() {
            self.call_groups = std::sync::OnceLock::new();
        }
        for r in &mut self.text_ranks {
            if r.get().is_some() {
                *r = std::sync::OnceLock::new();
            }
        }
    }

    /// Puts back the report as it was before `undo` began.
    pub(crate) fn rollback(&mut self, undo: Undo) {
        self.forget_derived();
        for (i, old) in undo.replaced.into_iter().rev() {
            if let Some(slot) = self.calls.get_mut(i as usize) {
                *slot = old;
            }
        }
        for i in (undo.calls_before..self.calls.len()).rev() {
            let call = self.calls[i];
            if let Some(hash) = self.key_hash_of(&call) {
                let hour = Dedup::hour_of(self.arena.get(call.date_raw));
                if let Ok(entry) = self
                    .dedup
                    .table(hour)
                    .find_entry(hash, |&(_, j)| j as usize == i)
                {
                    entry.remove();
                }
            }
        }
        self.calls.truncate(undo.calls_before);
        self.arena.truncate(undo.arena_before);
    }

    fn key_hash_of(&self, call: &Call) -> Option<u64> {
        let conn = self.arena.get(call.conn_id)?;
        if is_placeholder(conn) {
            return None;
        }
        Some(key_hash(
            conn,
            self.pool.get(call.rp_id),
            self.arena.get(call.date_raw),
        ))
    }

    /// Adds one finished row, replacing an earlier copy of the same call.
    pub(crate) fn commit(&mut self, call: Call, undo: &mut Undo) {
        let hash = self.key_hash_of(&call);
        self.commit_keyed(call, hash, undo);
    }

    /// [`Report::commit`] of a row whose key hash (`None`: never merged) is known.
    fn commit_keyed(&mut self, call: Call, hash: Option<u64>, undo: &mut Undo) {
        self.forget_derived();
        undo.rows += 1;
        if undo.collect_only {
            self.calls.push(call);
            undo.hashes.push(hash);
            return;
        }
        let Some(hash) = hash else {
            self.calls.push(call);
            return;
        };
        let Report {
            calls,
            arena,
            dedup,
            ..
        } = self;
        let table = dedup.table(Dedup::hour_of(arena.get(call.date_raw)));
        let same = |&(h, j): &(u64, u32)| {
            let other = &calls[j as usize];
            h == hash
                && arena.get(other.conn_id) == arena.get(call.conn_id)
                && other.rp_id == call.rp_id
                && arena.get(other.date_raw) == arena.get(call.date_raw)
        };
        if let Some(&(_, j)) = table.find(hash, same) {
            let old = std::mem::replace(&mut calls[j as usize], call);
            undo.replaced.push((j, old));
            return;
        }
        let i = calls.len() as u32;
        calls.push(call);
        table.insert_unique(hash, (hash, i), |&(h, _)| h);
    }

    pub(crate) fn intern(&mut self, s: &str) -> Sym {
        self.pool.intern(s)
    }

    /// The reading of a pooled duration text, parsed once per distinct text.
    pub(crate) fn duration_of(&mut self, sym: Sym, raw: &str) -> Reading<u32> {
        let Some(i) = sym.index() else {
            return parse_duration(raw);
        };
        if i >= self.durations.len() {
            self.durations.resize(i + 1, None);
        }
        *self.durations[i].get_or_insert_with(|| parse_duration(raw))
    }

    /// The reading of a pooled transfer flag text, parsed once per distinct text.
    pub(crate) fn flag_of(&mut self, sym: Sym, raw: &str) -> Reading<Transfer> {
        let Some(i) = sym.index() else {
            return parse_transfer(raw);
        };
        if i >= self.flags.len() {
            self.flags.resize(i + 1, None);
        }
        *self.flags[i].get_or_insert_with(|| parse_transfer(raw))
    }

    /// Makes room for about `rows` more calls, so a large answer does not regrow the
    /// tables many times while it is read.
    pub(crate) fn reserve(&mut self, rows: usize) {
        self.calls.reserve(rows);
        // A row's ids, phone and date take about 70 bytes.
        self.arena.reserve(rows * 72);
    }

    pub(crate) fn push_text(&mut self, s: &str) -> Text {
        self.arena.push(s)
    }
}

/// Set in a [`phone_key`] that is a hash.
const PHONE_HASHED: u64 = 1 << 63;

/// A phone number's key for grouping callers. A number of up to 17 digits, with or
/// without a leading `+` (all of them, in practice), is packed into it whole: equal keys,
/// equal texts, with no text to read. Any other text's key is its hash with
/// [`PHONE_HASHED`] set: equal texts, equal keys, and texts compared where keys are equal.
fn phone_key(phone: &str) -> u64 {
    let (plus, digits) = match phone.strip_prefix('+') {
        Some(rest) => (1u64, rest),
        None => (0, phone),
    };
    if (1..=17).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        // Below 10^17 < 2^57; the length (leading zeros) above it, then the `+`.
        let value = digits
            .bytes()
            .fold(0u64, |v, b| v * 10 + u64::from(b - b'0'));
        (plus << 62) | ((digits.len() as u64) << 57) | value
    } else {
        FxBuildHasher.hash_one(phone) | PHONE_HASHED
    }
}

/// The de-duplication tables, one per hour of `end_date_rp` as received (its first 13
/// bytes, `YYYY-MM-DD HH`; copies of a call have the same text): rows arrive in about
/// date order, so the table in use stays in the processor's cache, where one table for
/// a month of calls would be looked up at a random place of many megabytes for every
/// row. Each entry is a call's key hash and its index.
#[derive(Default, Clone)]
struct Dedup {
    tables: Vec<HashTable<(u64, u32)>>,
    by_hour: hashbrown::HashMap<Hour, u32, FxBuildHasher>,
    /// The hour looked up last and its table.
    last: Option<(Hour, u32)>,
}

/// Up to 13 bytes of a date text, zero-padded, and how many (`u8::MAX`: no date).
type Hour = (u128, u8);

impl Dedup {
    fn hour_of(date: Option<&str>) -> Hour {
        let Some(date) = date else {
            return (0, u8::MAX);
        };
        let b = date.as_bytes();
        let n = b.len().min(13);
        let mut padded = [0u8; 16];
        padded[..n].copy_from_slice(&b[..n]);
        (u128::from_le_bytes(padded), n as u8)
    }

    /// The table of `hour`, made if there is none yet.
    fn table(&mut self, hour: Hour) -> &mut HashTable<(u64, u32)> {
        let i = match self.last {
            Some((h, i)) if h == hour => i,
            _ => {
                let next = self.tables.len() as u32;
                let i = *self.by_hour.entry(hour).or_insert(next);
                if i == next {
                    self.tables.push(HashTable::new());
                }
                self.last = Some((hour, i));
                i
            }
        };
        &mut self.tables[i as usize]
    }

    fn heap_bytes(&self) -> usize {
        self.tables.iter().map(|t| t.capacity() * 17).sum::<usize>() + self.by_hour.capacity() * 40
    }
}

/// A row under construction: each received value is stored and typed as it arrives.
pub(crate) struct RowBuilder {
    call: Call,
    /// A value was an object or a list.
    pub(crate) nested: bool,
}

impl RowBuilder {
    pub(crate) fn new() -> RowBuilder {
        RowBuilder {
            call: Call::EMPTY,
            nested: false,
        }
    }

    /// Stores one received value. `odd_type` says the JSON value was not a string or
    /// number (an object or list), which no field expects: it is kept and counted as
    /// unreadable.
    pub(crate) fn set(
        &mut self,
        report: &mut Report,
        field: Field,
        raw: Option<&str>,
        odd_type: bool,
    ) {
        let c = &mut self.call;
        self.nested |= odd_type;
        if odd_type {
            c.unreadable = c.unreadable.saturating_add(1);
        }
        match field.kind() {
            FieldKind::Text => {
                let t = raw.map_or(Text::MISSING, |s| report.push_text(s));
                match field {
                    Field::ConnId => c.conn_id = t,
                    Field::Ani => c.ani = t,
                    _ => c.customer_id = t,
                }
            }
            FieldKind::DateTime => {
                c.date_raw = raw.map_or(Text::MISSING, |s| report.push_text(s));
                let reading = if odd_type {
                    Reading::Empty
                } else {
                    raw.map_or(Reading::Empty, parse_stamp)
                };
                if reading == Reading::Unreadable {
                    c.unreadable = c.unreadable.saturating_add(1);
                }
                c.started = Stamp::from(reading);
            }
            FieldKind::Duration => {
                let sym = raw.map_or(Sym::MISSING, |s| report.intern(s));
                let reading = match raw {
                    Some(s) if !odd_type => report.duration_of(sym, s),
                    _ => Reading::Empty,
                };
                if reading == Reading::Unreadable {
                    c.unreadable = c.unreadable.saturating_add(1);
                }
                let secs = Secs::from(reading);
                match field {
                    Field::TimeOnRp => (c.ivr_time, c.ivr_time_raw) = (secs, sym),
                    Field::TimeOnSkill => (c.queue_time, c.queue_time_raw) = (secs, sym),
                    Field::TimeWithAgent => (c.agent_time, c.agent_time_raw) = (secs, sym),
                    _ => (c.total_time, c.total_time_raw) = (secs, sym),
                }
            }
            FieldKind::Flag => {
                c.go_to_agent_raw = raw.map_or(Sym::MISSING, |s| report.intern(s));
                let reading = match raw {
                    Some(s) if !odd_type => report.flag_of(c.go_to_agent_raw, s),
                    _ => Reading::Empty,
                };
                if reading == Reading::Unreadable {
                    c.unreadable = c.unreadable.saturating_add(1);
                }
                c.transfer = reading.value().unwrap_or(Transfer::Unknown);
            }
            FieldKind::Shared => {
                let sym = raw.map_or(Sym::MISSING, |s| report.intern(s));
                match field {
                    Field::RpId => c.rp_id = sym,
                    Field::SkillId => c.skill_id = sym,
                    Field::SkillResult => c.skill_result = sym,
                    Field::AgentId => c.agent_id = sym,
                    Field::AgentName => c.agent_name = sym,
                    Field::CodAct => c.cod_act = sym,
                    Field::CodAct2 => c.cod_act_2 = sym,
                    _ => c.type_interaction = sym,
                }
            }
        }
    }

    pub(crate) fn finish(self) -> Call {
        self.call
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(report: &mut Report, values: &[(Field, &str)]) {
        let mut undo = report.begin();
        let mut row = RowBuilder::new();
        for &(f, v) in values {
            row.set(report, f, Some(v), false);
        }
        let call = row.finish();
        report.commit(call, &mut undo);
    }

    #[test]
    fn the_last_copy_of_a_call_wins_in_place() {
        let mut r = Report::new();
        let key = [
            (Field::ConnId, "1.2.3"),
            (Field::RpId, "RP1"),
            (Field::EndDateRp, "2026-11-25 10:00:00"),
        ];
        add(&mut r, &[key[0], key[1], key[2], (Field::AgentName, "Ana")]);
        add(&mut r, &[(Field::ConnId, "9.9.9"), (Field::RpId, "RP1")]);
        add(
            &mut r,
            &[key[0], key[1], key[2], (Field::AgentName, "Luis")],
        );
        assert_eq!(r.len(), 2);
        assert_eq!(r.raw(&r.calls()[0], Field::AgentName), Some("Luis"));
        // Same call at another routing point is another row.
        add(&mut r, &[key[0], (Field::RpId, "RP2"), key[2]]);
        assert_eq!(r.len(), 3);
    }

    #[test]
    fn placeholder_call_ids_are_never_merged() {
        let mut r = Report::new();
        for _ in 0..3 {
            add(&mut r, &[(Field::ConnId, "-"), (Field::RpId, "RP1")]);
            add(&mut r, &[(Field::RpId, "RP1")]);
        }
        assert_eq!(r.len(), 6);
    }

    #[test]
    fn rollback_restores_calls_and_keys() {
        let mut r = Report::new();
        add(&mut r, &[(Field::ConnId, "a"), (Field::AgentName, "Ana")]);
        let mut undo = r.begin();
        for (conn, agent) in [("a", "Luis"), ("b", "Eva")] {
            let mut row = RowBuilder::new();
            row.set(&mut r, Field::ConnId, Some(conn), false);
            row.set(&mut r, Field::AgentName, Some(agent), false);
            let c = row.finish();
            r.commit(c, &mut undo);
        }
        assert_eq!(r.len(), 2);
        r.rollback(undo);
        assert_eq!(r.len(), 1);
        assert_eq!(r.raw(&r.calls()[0], Field::AgentName), Some("Ana"));
        // The rolled-back key "b" is free again, "a" still merges.
        add(&mut r, &[(Field::ConnId, "b")]);
        add(&mut r, &[(Field::ConnId, "a"), (Field::AgentName, "Zoe")]);
        assert_eq!(r.len(), 2);
        assert_eq!(r.raw(&r.calls()[0], Field::AgentName), Some("Zoe"));
    }

    #[test]
    fn merging_without_reading_again_gives_the_same_calls() {
        let mut base = Report::new();
        add(
            &mut base,
            &[(Field::ConnId, "x"), (Field::AgentName, "Ana")],
        );
        add(
            &mut base,
            &[(Field::ConnId, "-"), (Field::AgentName, "Eva")],
        );
        let mut other = Report::new();
        add(
            &mut other,
            &[
                (Field::ConnId, "x"),
                (Field::TimeOnRp, "00:02:00"),
                (Field::AgentName, "Luis"),
            ],
        );
        add(
            &mut other,
            &[(Field::ConnId, "y"), (Field::TimeOnRp, "bad")],
        );
        add(
            &mut other,
            &[(Field::ConnId, "-"), (Field::GoToAgent, "yes")],
        );
        let mut read_again = base.clone();
        read_again.merge(&other);
        base.merge_from(other);
        assert_eq!(base.describe_calls(), read_again.describe_calls());
        assert_eq!(base.len(), 4);
        assert_eq!(base.raw(&base.calls()[0], Field::AgentName), Some("Luis"));
    }

    #[test]
    fn phone_keys_are_equal_exactly_when_the_phones_are() {
        let phones = [
            "573001234567",
            "0573001234567",
            "00573001234567",
            "+573001234567",
            "+0573001234567",
            "57300123456",
            "99999999999999999",
            "099999999999999999",
            "999999999999999999",
            "1",
            "0",
            "00",
            "+",
            "+1",
            "++1",
            "1+",
            "57 300",
            "ñ",
            "١٢٣",
        ];
        for a in phones {
            for b in phones {
                assert_eq!(phone_key(a) == phone_key(b), a == b, "{a:?} {b:?}");
            }
        }
        assert_eq!(phone_key("+573001234567") & PHONE_HASHED, 0);
        assert_ne!(phone_key("999999999999999999") & PHONE_HASHED, 0);
    }

    #[test]
    fn merge_reads_every_value_again() {
        let mut a = Report::new();
        add(
            &mut a,
            &[(Field::ConnId, "x"), (Field::TimeOnRp, "00:01:05")],
        );
        let mut b = Report::new();
        add(
            &mut b,
            &[(Field::ConnId, "x"), (Field::TimeOnRp, "00:02:00")],
        );
        add(&mut b, &[(Field::ConnId, "y"), (Field::TimeOnRp, "bad")]);
        a.merge(&b);
        assert_eq!(a.len(), 2);
        assert_eq!(a.calls()[0].ivr_time.get(), Some(120));
        assert_eq!(a.calls()[1].unreadable, 1);
        assert_eq!(a.raw(&a.calls()[1], Field::TimeOnRp), Some("bad"));
    }
}

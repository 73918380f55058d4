//! How a call becomes a stored row and back, the same for every backend: dates as whole
//! seconds with two markers for "no date" and "unreadable date", repeated texts as ids of
//! a `strings` table, `end_date_rp` only where it differs from the typed date's standard
//! text, durations as received plus their seconds for analysts.

use std::borrow::Cow;

use crate::report::values::standard_text;
use crate::report::{Call, Field, Reading, Report, Secs, Stamp, Sym, Text, Transfer};

/// How `started` holds a date that was absent or a placeholder.
pub const NO_DATE: i64 = i64::MIN;
/// How `started` holds a date that could not be read.
pub const UNREADABLE_DATE: i64 = i64::MIN + 1;

/// The pooled fields of a row, in the order of `call_rows`' columns after the dates.
pub const POOLED: [Field; 13] = [
    Field::TimeOnRp,
    Field::TimeOnSkill,
    Field::TimeWithAgent,
    Field::TotalTime,
    Field::RpId,
    Field::SkillId,
    Field::SkillResult,
    Field::GoToAgent,
    Field::AgentId,
    Field::AgentName,
    Field::CodAct,
    Field::CodAct2,
    Field::TypeInteraction,
];

/// The columns of `call_rows` after `server`, `started`, `answer` and `pos`, in order.
pub const COLUMNS: &str = "conn_id, ani, customer_id, end_date_rp, time_on_rp, \
     time_on_skill, time_with_agent, total_time, rp_id, skill_id, skill_result, go_to_agent, \
     agent_id, agent_name, cod_act, cod_act_2, type_interaction, ivr_secs, queue_secs, \
     agent_secs, total_secs, transferred, unreadable";

/// The columns a load reads, in the order [`RowReader::call`] expects them.
pub const READ_COLUMNS: &str = "started, conn_id, ani, customer_id, end_date_rp, time_on_rp, \
     time_on_skill, time_with_agent, total_time, rp_id, skill_id, skill_result, go_to_agent, \
     agent_id, agent_name, cod_act, cod_act_2, type_interaction, unreadable";

/// How `started` holds a stamp.
pub fn stamp_column(s: Stamp) -> i64 {
    match s.reading() {
        Reading::Value(v) => v,
        Reading::Empty => NO_DATE,
        Reading::Unreadable => UNREADABLE_DATE,
    }
}

/// The stamp a `started` value stands for.
pub fn stamp_of_column(v: i64) -> Stamp {
    match v {
        NO_DATE => Stamp::NONE,
        UNREADABLE_DATE => Stamp::UNREADABLE,
        v => Stamp::from_seconds(v),
    }
}

fn transfer_column(t: Transfer) -> Option<i64> {
    match t {
        Transfer::Transferred => Some(1),
        Transfer::Retained => Some(0),
        Transfer::Unknown => None,
    }
}

/// `end_date_rp` as stored: `None` when it is the standard text of the typed date (or
/// absent without a date), so the common case takes no space.
fn date_column<'a>(call: &Call, raw: Option<&'a str>) -> Option<&'a str> {
    let raw = raw?;
    match call.started.seconds().and_then(standard_text) {
        Some(std) if std.as_slice() == raw.as_bytes() => None,
        _ => Some(raw),
    }
}

/// The pool indices of `report` that its calls use in pooled fields, each once, in
/// first-use order: the texts a write must find or add in `strings`.
pub fn used_texts(report: &Report) -> Vec<usize> {
    let mut seen = vec![false; report.pool_len()];
    let mut out = Vec::new();
    for call in report.calls() {
        for field in POOLED {
            if let Some(i) = call.sym(field).and_then(Sym::index)
                && let Some(slot) = seen.get_mut(i)
                && !*slot
            {
                *slot = true;
                out.push(i);
            }
        }
    }
    out
}

/// One call's values as `call_rows` holds them (after the key columns).
#[derive(Debug, Clone, Copy)]
pub struct RowValues<'a> {
    /// See [`stamp_column`].
    pub started: i64,
    /// Free texts, as received.
    pub conn_id: Option<&'a str>,
    /// The caller's number, as received.
    pub ani: Option<&'a str>,
    /// The customer's id, as received.
    pub customer_id: Option<&'a str>,
    /// See [`date_column`].
    pub end_date_rp: Option<&'a str>,
    /// Ids in `strings` of the [`POOLED`] fields.
    pub pooled: [Option<i64>; 13],
    /// IVR, queue, agent and total seconds, where readable.
    pub secs: [Option<i64>; 4],
    /// 1 transferred, 0 retained, `None` unknown.
    pub transferred: Option<i64>,
    /// The call's count of unreadable values.
    pub unreadable: i64,
}

impl<'a> RowValues<'a> {
    /// The values of `call`; `ids[i]` is the `strings` id of pool entry `i`.
    pub fn of(report: &'a Report, call: &Call, ids: &[Option<i64>]) -> RowValues<'a> {
        let id = |f: Field| {
            call.sym(f)
                .and_then(Sym::index)
                .and_then(|i| ids.get(i).copied().flatten())
        };
        let secs = |s: Secs| s.get().map(i64::from);
        RowValues {
            started: stamp_column(call.started),
            conn_id: report.raw(call, Field::ConnId),
            ani: report.raw(call, Field::Ani),
            customer_id: report.raw(call, Field::CustomerId),
            end_date_rp: date_column(call, report.raw(call, Field::EndDateRp)),
            pooled: POOLED.map(id),
            secs: [
                secs(call.ivr_time),
                secs(call.queue_time),
                secs(call.agent_time),
                secs(call.total_time),
            ],
            transferred: transfer_column(call.transfer),
            unreadable: i64::from(call.unreadable),
        }
    }
}

/// One stored row as read back, in the order of [`READ_COLUMNS`].
#[derive(Debug, Clone, Default)]
pub struct StoredRow<'a> {
    /// `started`.
    pub started: i64,
    /// `conn_id`.
    pub conn_id: Option<Cow<'a, str>>,
    /// `ani`.
    pub ani: Option<Cow<'a, str>>,
    /// `customer_id`.
    pub customer_id: Option<Cow<'a, str>>,
    /// `end_date_rp` where it differs from the standard text.
    pub end_date_rp: Option<Cow<'a, str>>,
    /// The [`POOLED`] fields' ids in `strings`.
    pub pooled: [Option<i64>; 13],
    /// `unreadable`.
    pub unreadable: i64,
}

/// Turns stored rows back into calls of one report.
pub struct RowReader<'a> {
    /// `strings` by id.
    strings: &'a [Option<Box<str>>],
    /// Each string's handle in the report being built, interned on first use.
    syms: Vec<Option<Sym>>,
}

impl<'a> RowReader<'a> {
    /// A reader resolving pooled ids through `strings` (indexed by id).
    pub fn new(strings: &'a [Option<Box<str>>]) -> RowReader<'a> {
        RowReader {
            strings,
            syms: vec![None; strings.len()],
        }
    }

    fn sym(&mut self, report: &mut Report, id: Option<i64>) -> (Sym, Option<usize>) {
        let Some(i) = id.and_then(|id| usize::try_from(id).ok()) else {
            return (Sym::MISSING, None);
        };
        let Some(Some(text)) = self.strings.get(i) else {
            // A reference to a text that is not there: the value is lost, not invented.
            return (Sym::MISSING, None);
        };
        let sym = *self.syms[i].get_or_insert_with(|| report.intern(text));
        (sym, Some(i))
    }

    /// The call `row` holds, its texts added to `report` (not yet committed to it).
    pub fn call(&mut self, report: &mut Report, row: &StoredRow<'_>) -> Call {
        let text = |report: &mut Report, v: &Option<Cow<'_, str>>| match v {
            Some(t) => report.push_text(t),
            None => Text::MISSING,
        };
        let mut c = Call::EMPTY;
        c.started = stamp_of_column(row.started);
        c.conn_id = text(report, &row.conn_id);
        c.ani = text(report, &row.ani);
        c.customer_id = text(report, &row.customer_id);
        c.date_raw = match &row.end_date_rp {
            Some(t) => report.push_text(t),
            None => match c.started.seconds().and_then(standard_text) {
                Some(std) => report.push_text(std::str::from_utf8(&std).unwrap_or("")),
                None => Text::MISSING,
            },
        };
        let mut syms = [Sym::MISSING; 13];
        let mut durations = [Secs::NONE; 4];
        for (k, field) in POOLED.iter().enumerate() {
            let (sym, index) = self.sym(report, row.pooled[k]);
            syms[k] = sym;
            if let Some(i) = index {
                let raw = self.strings[i].as_deref().unwrap_or("");
                if k < 4 {
                    durations[k] = Secs::from(report.duration_of(sym, raw));
                } else if *field == Field::GoToAgent {
                    c.transfer = report
                        .flag_of(sym, raw)
                        .value()
                        .unwrap_or(Transfer::Unknown);
                }
            }
        }
        [c.ivr_time, c.queue_time, c.agent_time, c.total_time] = durations;
        [
            c.ivr_time_raw,
            c.queue_time_raw,
            c.agent_time_raw,
            c.total_time_raw,
            c.rp_id,
            c.skill_id,
            c.skill_result,
            c.go_to_agent_raw,
            c.agent_id,
            c.agent_name,
            c.cod_act,
            c.cod_act_2,
            c.type_interaction,
        ] = syms;
        c.unreadable = u8::try_from(row.unreadable.clamp(0, 255)).unwrap_or(u8::MAX);
        c
    }
}

//! Seeded synthetic `diagram_11` calls with a realistic shape, and the JSON body that
//! carries them.
//!
//! Calls are generated one calendar minute at a time, each minute from its own PRNG
//! seeded by (seed, minute index). Any range is the whole minutes it touches, generated
//! in full and then filtered, so splitting a range into pieces never changes a call and
//! every run of a seed agrees to the byte.

use std::sync::OnceLock;

use super::catalog::{Catalog, DISPOSITIONS};
use super::rng::{Rng, derive};
use crate::report::Field;

/// The 17 field names of a row, in the API's order.
pub const FIELD_NAMES: [&str; 17] = [
    "conn_id",
    "time_on_rp",
    "end_date_rp",
    "rp_id",
    "ani",
    "customer_id",
    "time_on_skill",
    "skill_id",
    "skill_result",
    "go_to_agent",
    "agent_id",
    "agent_name",
    "time_with_agent",
    "cod_act",
    "cod_act_2",
    "type_interaction",
    "total_time",
];

/// What to generate: which operation (seed) and how busy it is.
#[derive(Clone, Debug, PartialEq)]
pub struct GeneratorConfig {
    /// Chooses the operation's routing points, agents, callers and every call.
    pub seed: u64,
    /// Calls on an average day (weekdays above it, weekends below).
    pub calls_per_day: f64,
}

impl Default for GeneratorConfig {
    fn default() -> GeneratorConfig {
        GeneratorConfig {
            seed: 11,
            calls_per_day: 3000.0,
        }
    }
}

/// One row as the API sends it: 17 strings in [`FIELD_NAMES`] order.
///
/// The values live in one buffer: a month of a busy operation is millions of rows, and
/// one allocation per row instead of seventeen is most of the generator's speed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawCall {
    /// `end_date_rp` as seconds since 1970-01-01 00:00:00 (civil, like `Stamp`).
    pub at: i64,
    text: String,
    /// Where each value ends in `text`.
    ends: [u32; 17],
}

impl RawCall {
    /// A row from its 17 values in [`FIELD_NAMES`] order; `at` is kept as given.
    pub fn new(at: i64, fields: [&str; 17]) -> RawCall {
        let mut text = String::with_capacity(fields.iter().map(|f| f.len()).sum());
        let mut ends = [0u32; 17];
        for (end, value) in ends.iter_mut().zip(fields) {
            text.push_str(value);
            *end = text.len() as u32;
        }
        RawCall { at, text, ends }
    }

    /// The value of `field`.
    pub fn get(&self, field: Field) -> &str {
        // `Field` lists the fields in the API's order, like `FIELD_NAMES`.
        self.field(field as usize)
    }

    /// The value at `index` in [`FIELD_NAMES`] order; empty past the last field.
    pub fn field(&self, index: usize) -> &str {
        let Some(&end) = self.ends.get(index) else {
            return "";
        };
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// The 17 values in [`FIELD_NAMES`] order.
    pub fn fields(&self) -> impl Iterator<Item = &str> + '_ {
        (0..17).map(|i| self.field(i))
    }

    /// The same row with `field` set to `value` (for malformed or odd test rows).
    pub fn with(&self, field: Field, value: &str) -> RawCall {
        let mut values: [&str; 17] = [""; 17];
        for (slot, v) in values.iter_mut().zip(self.fields()) {
            *slot = v;
        }
        values[field as usize] = value;
        RawCall::new(self.at, values)
    }
}

/// How many calls pass more than one routing point (several rows, one conn_id).
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct CallMix {
    /// Share of calls that pass two routing points or more.
    pub multi_step: f64,
    /// Of those, the share that passes a third one.
    pub three_steps: f64,
}

impl CallMix {
    /// The demo's and the tests' mix: 3 % of calls pass two routing points.
    pub const DEMO: CallMix = CallMix {
        multi_step: TWO_ROUTING_POINTS,
        three_steps: 0.0,
    };

    /// A menu-heavy operation for the paths benchmark: 15 % of calls pass two routing
    /// points or more, a fifth of those three.
    pub const MULTI_STEP_15: CallMix = CallMix {
        multi_step: 0.15,
        three_steps: 0.2,
    };
}

/// Every call whose `end_date_rp` lies in `[from, to]` (seconds, both inclusive), sorted
/// by time then conn_id.
pub fn calls_between(cfg: &GeneratorConfig, from: i64, to: i64) -> Vec<RawCall> {
    first_calls_between(cfg, from, to, usize::MAX)
}

/// The first `limit` calls of [`calls_between`], without generating the rest.
pub fn first_calls_between(
    cfg: &GeneratorConfig,
    from: i64,
    to: i64,
    limit: usize,
) -> Vec<RawCall> {
    first_calls_with_mix(cfg, CallMix::DEMO, from, to, limit)
}

/// [`first_calls_between`] with another share of calls through several routing points.
/// [`CallMix::DEMO`] gives exactly the calls of [`first_calls_between`].
pub fn first_calls_with_mix(
    cfg: &GeneratorConfig,
    mix: CallMix,
    from: i64,
    to: i64,
    limit: usize,
) -> Vec<RawCall> {
    let from = from.max(MIN_SECS);
    let to = to.min(MAX_SECS);
    if to < from || limit == 0 {
        return Vec::new();
    }
    let catalog = Catalog::of_seed(cfg.seed);
    let table = volume_table();
    let rate = if cfg.calls_per_day.is_finite() {
        cfg.calls_per_day.max(0.0)
    } else {
        0.0
    };
    let regulars = (rate * REGULAR_SHARE / REGULAR_CALLS_PER_DAY).clamp(50.0, MAX_REGULARS);
    let days = ((to - from) as f64 / DAY as f64).max(1.0 / 1440.0);
    let expected = (rate * days * 1.2) as usize;
    let mut out = Vec::with_capacity(expected.min(limit).min(4_000_000));
    let mut specs: Vec<Spec> = Vec::new();
    let mut day_cache: Option<(i64, f64, [u8; 11])> = None;

    for minute in from.div_euclid(60)..=to.div_euclid(60) {
        let day = (minute * 60).div_euclid(DAY);
        let (day_factor, date) = match day_cache {
            Some((d, f, text)) if d == day => (f, text),
            _ => {
                let f = day_factor(cfg.seed, day);
                let text = date_text(day);
                day_cache = Some((day, f, text));
                (f, text)
            }
        };
        let minute_of_day = minute.rem_euclid(1440) as usize;
        let weekday = (day + 3).rem_euclid(7) as usize;
        let lambda = rate * day_factor * table[weekday * 1440 + minute_of_day];
        generate_minute(
            cfg.seed, &catalog, mix, regulars, minute, lambda, &mut specs,
        );
        let prefix = minute_prefix(&date, minute_of_day);
        for spec in specs.iter().filter(|s| (from..=to).contains(&s.at)) {
            if out.len() >= limit {
                return out;
            }
            out.push(spec.materialize(&catalog, &prefix));
        }
    }
    out
}

/// The body of a successful response carrying `rows`; `code` is `"200"` when
/// `code_as_string`, `200` otherwise.
pub fn response_body(rows: &[RawCall], code_as_string: bool) -> Vec<u8> {
    let values: usize = rows.iter().map(|r| r.text.len()).sum();
    let keys: usize = FIELD_NAMES.iter().map(|k| k.len() + 6).sum::<usize>() + 2;
    // Room for a few escapes; the vector grows if a body needs more.
    let mut out = Vec::with_capacity(80 + values + values / 64 + rows.len() * keys);
    out.extend_from_slice(if code_as_string {
        br#"{"code":"200","error":null,"msg":""#
    } else {
        br#"{"code":200,"error":null,"msg":""#
    });
    push_decimal(&mut out, rows.len() as u64);
    out.extend_from_slice(br#" records were found","data":["#);
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'{');
        for (k, (name, value)) in FIELD_NAMES.iter().zip(row.fields()).enumerate() {
            if k > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":\"");
            push_escaped(&mut out, value);
            out.push(b'"');
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    out
}

/// Appends `s` as the inside of a JSON string.
pub(crate) fn push_escaped(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if !bytes.iter().any(|&b| b == b'"' || b == b'\\' || b < 0x20) {
        out.extend_from_slice(bytes);
        return;
    }
    for &b in bytes {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            b if b < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[(b >> 4) as usize]);
                out.push(HEX[(b & 0xF) as usize]);
            }
            // Multi-byte UTF-8 passes through: JSON text is UTF-8.
            b => out.push(b),
        }
    }
}

fn push_decimal(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

const DAY: i64 = 86_400;
/// 0001-01-01 00:00:00 and 9999-12-31 23:59:59: the range `YYYY-MM-DD` can write.
const MIN_SECS: i64 = -719_162 * DAY;
const MAX_SECS: i64 = 2_932_897 * DAY - 1;

/// Share of calls that come from the operation's regular callers.
const REGULAR_SHARE: f64 = 0.15;
/// Most regulars an operation has; a quiet one has fewer, so they still call about
/// twice a day each and come back within 24 h as real repeat callers do.
const MAX_REGULARS: f64 = 5000.0;
const REGULAR_CALLS_PER_DAY: f64 = 2.0;
/// Share of calls that pass two routing points (two rows, one conn_id).
const TWO_ROUTING_POINTS: f64 = 0.03;
/// Share of retained callers who reached a queue and hung up there.
const QUEUE_ABANDON: f64 = 0.22;
/// Civil time minus this is the UTC of Colombia (UTC-5), used for conn_id's epoch part.
const UTC_OFFSET: i64 = 5 * 3600;

/// Expected calls per minute for an average-day volume of 1, by weekday (Monday first)
/// and minute of the day: 7 × 1440 entries whose days average to 1.
fn volume_table() -> &'static [f64] {
    static TABLE: OnceLock<Vec<f64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Monday is the busiest day, Sunday the quietest.
        const WEEKDAY: [f64; 7] = [1.12, 1.06, 1.0, 1.0, 0.95, 0.55, 0.32];
        let g = |h: f64, mu: f64, sd: f64| (-0.5 * ((h - mu) / sd).powi(2)).exp();
        let mut t = Vec::with_capacity(7 * 1440);
        for (wd, weight) in WEEKDAY.iter().enumerate() {
            for m in 0..1440 {
                let h = (m as f64 + 0.5) / 60.0;
                let shape = match wd {
                    0..=4 => {
                        g(h, 10.9, 1.35)
                            + 0.85 * g(h, 15.9, 1.3)
                            + 0.4 * g(h, 13.4, 1.0)
                            + 0.18 * g(h, 19.3, 1.4)
                    }
                    5 => g(h, 10.5, 1.5) + 0.35 * g(h, 15.0, 1.5),
                    _ => 0.8 * g(h, 11.0, 1.8) + 0.4 * g(h, 16.0, 1.8),
                };
                // A trickle of calls at night (the IVR answers around the clock).
                t.push(weight * (shape + 0.012));
            }
        }
        let total: f64 = t.iter().sum();
        let scale = 7.0 / total;
        t.iter_mut().for_each(|v| *v *= scale);
        t
    })
}

/// Day-to-day variation of ±10 % around the weekly shape.
fn day_factor(seed: u64, day: i64) -> f64 {
    let mut r = Rng::new(derive(seed ^ 0xDA7E, day as u64));
    0.9 + 0.2 * r.unit()
}

/// `YYYY-MM-DD ` of a day number (days since 1970-01-01).
fn date_text(day: i64) -> [u8; 11] {
    let (y, m, d) = civil_from_days(day);
    let mut t = *b"0000-00-00 ";
    put_digits(&mut t[0..4], y.clamp(0, 9999) as u64);
    put_digits(&mut t[5..7], m as u64);
    put_digits(&mut t[8..10], d as u64);
    t
}

/// `YYYY-MM-DD HH:MM:` of a minute; the row adds its two seconds digits.
fn minute_prefix(date: &[u8; 11], minute_of_day: usize) -> [u8; 17] {
    let mut t = [0u8; 17];
    t[..11].copy_from_slice(date);
    put_digits(&mut t[11..13], (minute_of_day / 60) as u64);
    t[13] = b':';
    put_digits(&mut t[14..16], (minute_of_day % 60) as u64);
    t[16] = b':';
    t
}

/// Writes `v` zero-padded into all of `slot` (keeping the low digits if it is too long).
fn put_digits(slot: &mut [u8], mut v: u64) {
    for b in slot.iter_mut().rev() {
        *b = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

/// Howard Hinnant's days-to-civil conversion.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A caller's number, kept as digits until the row is written.
#[derive(Copy, Clone, Debug)]
enum Ani {
    /// `+573` and 9 digits.
    Mobile(u64),
    /// `3` and 9 digits, as some trunks deliver it.
    MobileLocal(u64),
    /// `00160` + area digit + 7 digits (landlines keep the carrier's leading zeros).
    Landline(u8, u64),
}

#[derive(Copy, Clone, Debug)]
enum Outcome {
    /// Went to an agent: (agent index, agent seconds, disposition, specific code).
    Transferred(u16, u32, u8, Option<u8>),
    /// Reached the queue and hung up there.
    QueueAbandon,
    /// Ended in the IVR.
    InIvr,
    /// The first of two routing points: moved on to the next one.
    NextRoutingPoint,
}

/// One row's numbers and choices; strings are written only for rows that are kept.
#[derive(Copy, Clone, Debug)]
struct Spec {
    at: i64,
    node: u16,
    epoch: i64,
    serial: u32,
    rp: u16,
    ivr: u32,
    ani: Ani,
    customer: Option<u32>,
    skill: Option<u16>,
    queue: u32,
    outcome: Outcome,
    interaction: u8,
}

const INTERACTIONS: [&str; 3] = ["inbound", "transfer", "internal call_inb"];

fn generate_minute(
    seed: u64,
    cat: &Catalog,
    mix: CallMix,
    regulars: f64,
    minute: i64,
    lambda: f64,
    out: &mut Vec<Spec>,
) {
    out.clear();
    let mut rng = Rng::new(derive(seed, minute as u64));
    let n = rng.poisson(lambda);
    let serial_base = rng.below(100_000);
    let start = minute * 60;
    for idx in 0..n {
        let (ani, customer) = caller(&mut rng, cat, regulars);
        let node = rng.below(1000) as u16;
        let serial = ((serial_base + idx as u64) % 100_000) as u32;
        let interaction = match rng.unit() {
            x if x < 0.94 => 0,
            x if x < 0.98 => 1,
            _ => 2,
        };
        if cat.routing_points.len() > 1 && rng.chance(mix.multi_step) {
            // The demo's mix draws nothing more here, so its calls stay as they were.
            let three = mix.three_steps > 0.0 && rng.chance(mix.three_steps);
            // Every row stays inside this minute so that splitting a range stays exact.
            let first_at = start + rng.below(if three { 30 } else { 45 }) as i64;
            let mut second_at = first_at + rng.range(3, 15) as i64;
            let mut next = rng.pick_cumulative(&cat.routing_cum);
            if next == 0 {
                next = 1 + rng.below(cat.routing_points.len() as u64 - 1) as usize;
            }
            let epoch = (first_at + UTC_OFFSET).clamp(0, 9_999_999_999);
            let first = Spec {
                at: first_at,
                node,
                epoch,
                serial,
                rp: 0,
                ivr: ivr_time(&mut rng, cat, 0),
                ani,
                customer,
                skill: None,
                queue: 0,
                outcome: Outcome::NextRoutingPoint,
                interaction,
            };
            out.push(first);
            if three {
                let middle = Spec {
                    at: second_at,
                    rp: next as u16,
                    ivr: ivr_time(&mut rng, cat, next),
                    ..first
                };
                out.push(middle);
                second_at += rng.range(3, 15) as i64;
                let third = rng.pick_cumulative(&cat.routing_cum);
                // Back to the main menu rather than the same menu twice in a row.
                next = if third == next { 0 } else { third };
            }
            out.push(routed_call(&mut rng, cat, next, first, second_at));
        } else {
            let at = start + rng.below(60) as i64;
            let rp = rng.pick_cumulative(&cat.routing_cum);
            let template = Spec {
                at,
                node,
                epoch: (at + UTC_OFFSET).clamp(0, 9_999_999_999),
                serial,
                rp: 0,
                ivr: 0,
                ani,
                customer,
                skill: None,
                queue: 0,
                outcome: Outcome::InIvr,
                interaction,
            };
            out.push(routed_call(&mut rng, cat, rp, template, at));
        }
    }
    out.sort_unstable_by_key(|s| (s.at, s.node, s.epoch, s.serial));
}

/// The row of a call at routing point `rp` that either goes to an agent or not.
fn routed_call(rng: &mut Rng, cat: &Catalog, rp: usize, template: Spec, at: i64) -> Spec {
    let point = &cat.routing_points[rp];
    let ivr = ivr_time(rng, cat, rp);
    let skill = point.skill;
    let (skill, queue, outcome) = if rng.chance(point.transfer) {
        let queue = if rng.chance(0.12) {
            0
        } else {
            clamp_secs(rng.log_normal(30.0, 0.8), 1, 180)
        };
        let agents = &cat.agents_by_skill[skill];
        let agent = agents[rng.below(agents.len() as u64) as usize];
        let talk = clamp_secs(rng.log_normal(270.0, 0.35), 120, 600);
        let d = rng.pick_cumulative(&cat.disposition_cum);
        let specifics = DISPOSITIONS[d].2;
        let specific = (!specifics.is_empty()).then(|| rng.below(specifics.len() as u64) as u8);
        (
            Some(skill as u16),
            queue,
            Outcome::Transferred(agent as u16, talk, d as u8, specific),
        )
    } else if rng.chance(QUEUE_ABANDON) {
        let queue = clamp_secs(rng.log_normal(50.0, 0.7), 1, 180);
        (Some(skill as u16), queue, Outcome::QueueAbandon)
    } else {
        (None, 0, Outcome::InIvr)
    };
    Spec {
        at,
        rp: rp as u16,
        ivr,
        skill,
        queue,
        outcome,
        ..template
    }
}

fn ivr_time(rng: &mut Rng, cat: &Catalog, rp: usize) -> u32 {
    clamp_secs(
        rng.log_normal(cat.routing_points[rp].ivr_median, 0.85),
        1,
        900,
    )
}

fn clamp_secs(v: f64, lo: u32, hi: u32) -> u32 {
    (v.round() as i64).clamp(lo as i64, hi as i64) as u32
}

/// Who calls: a regular from the operation's pool (so repeat calls happen) or anyone.
fn caller(rng: &mut Rng, cat: &Catalog, regulars: f64) -> (Ani, Option<u32>) {
    if rng.chance(REGULAR_SHARE) {
        // A skewed pick: some regulars call more often than others.
        let idx = (regulars * rng.unit().powf(1.5)) as u64;
        let mut r = Rng::new(derive(cat.regulars_seed, idx));
        let ani = new_number(&mut r);
        // A regular is always identified the same way.
        let customer = Some(r.range(10_000, 99_999_999) as u32);
        return (ani, customer);
    }
    let ani = new_number(rng);
    let customer = rng
        .chance(0.72)
        .then(|| rng.range(10_000, 99_999_999) as u32);
    (ani, customer)
}

fn new_number(rng: &mut Rng) -> Ani {
    let x = rng.unit();
    if x < 0.68 {
        Ani::Mobile(rng.range(0, 999_999_999))
    } else if x < 0.85 {
        Ani::MobileLocal(rng.range(0, 999_999_999))
    } else {
        const AREAS: [u8; 5] = [1, 1, 2, 4, 5];
        let area = AREAS[rng.below(AREAS.len() as u64) as usize];
        Ani::Landline(area, rng.range(2_000_000, 8_999_999))
    }
}

fn push_hms(out: &mut String, secs: u32) {
    let mut b = *b"00:00:00";
    put_digits(&mut b[0..2], (secs / 3600) as u64);
    put_digits(&mut b[3..5], (secs / 60 % 60) as u64);
    put_digits(&mut b[6..8], (secs % 60) as u64);
    push_ascii(out, &b);
}

fn push_ascii(out: &mut String, b: &[u8]) {
    // Callers pass ASCII digits and punctuation, which always pass the check.
    out.push_str(std::str::from_utf8(b).unwrap_or_default());
}

const DASH: &str = "-";

/// The text of a row's fields that are not fixed-width numbers.
struct Words<'a> {
    skill: &'a str,
    result: &'a str,
    go_to_agent: &'a str,
    agent_id: &'a str,
    agent_name: &'a str,
    talk: u32,
    code: &'a str,
    code2: &'a str,
}

impl Spec {
    fn words<'a>(&self, cat: &'a Catalog) -> Words<'a> {
        let skill = self
            .skill
            .and_then(|s| cat.skills.get(s as usize))
            .map_or(DASH, String::as_str);
        let retained = |result| Words {
            skill,
            result,
            go_to_agent: "no",
            agent_id: DASH,
            agent_name: DASH,
            talk: 0,
            code: DASH,
            code2: DASH,
        };
        match self.outcome {
            Outcome::Transferred(a, talk, d, specific) => {
                let (code, specifics) = (DISPOSITIONS[d as usize].0, DISPOSITIONS[d as usize].2);
                let agent = cat.agents.get(a as usize);
                Words {
                    skill,
                    result: "ANSWERED",
                    go_to_agent: "yes",
                    agent_id: agent.map_or(DASH, |a| a.id.as_str()),
                    agent_name: agent.map_or(DASH, |a| a.name.as_str()),
                    talk,
                    code,
                    code2: specific
                        .and_then(|i| specifics.get(i as usize))
                        .copied()
                        .unwrap_or(DASH),
                }
            }
            Outcome::QueueAbandon => retained("ABANDONED"),
            Outcome::InIvr => retained("NO SKILL"),
            Outcome::NextRoutingPoint => retained("RP TRANSFER"),
        }
    }

    fn materialize(&self, cat: &Catalog, prefix: &[u8; 17]) -> RawCall {
        let rp = cat
            .routing_points
            .get(self.rp as usize)
            .map_or(DASH, |rp| rp.id.as_str());
        let w = self.words(cat);
        let interaction = INTERACTIONS[self.interaction as usize];
        // conn_id 27, three durations and the total 32, date 19, ani 13 at most,
        // customer 9 at most, go_to_agent 3 at most.
        let fixed = 27 + 32 + 19 + 13 + 9 + 3;
        let words = rp.len()
            + w.skill.len()
            + w.result.len()
            + w.agent_id.len()
            + w.agent_name.len()
            + w.code.len()
            + w.code2.len()
            + interaction.len();
        let mut text = String::with_capacity(fixed + words);
        let mut ends = [0u32; 17];
        let mut field = 0;
        let mut end = |text: &String| {
            ends[field] = text.len() as u32;
            field += 1;
        };

        let mut conn = *b"00000.0000.0000000000.00000";
        put_digits(&mut conn[0..5], cat.operation);
        put_digits(&mut conn[6..10], self.node as u64);
        put_digits(&mut conn[11..21], self.epoch as u64);
        put_digits(&mut conn[22..27], self.serial as u64);
        push_ascii(&mut text, &conn);
        end(&text);
        push_hms(&mut text, self.ivr);
        end(&text);
        let mut date = [0u8; 19];
        date[..17].copy_from_slice(prefix);
        put_digits(&mut date[17..19], self.at.rem_euclid(60) as u64);
        push_ascii(&mut text, &date);
        end(&text);
        text.push_str(rp);
        end(&text);
        match self.ani {
            Ani::Mobile(n) => {
                let mut b = *b"+573000000000";
                put_digits(&mut b[4..13], n);
                push_ascii(&mut text, &b);
            }
            Ani::MobileLocal(n) => {
                let mut b = *b"3000000000";
                put_digits(&mut b[1..10], n);
                push_ascii(&mut text, &b);
            }
            Ani::Landline(area, n) => {
                let mut b = *b"0016000000000";
                put_digits(&mut b[5..6], area as u64);
                put_digits(&mut b[6..13], n);
                push_ascii(&mut text, &b);
            }
        }
        end(&text);
        match self.customer {
            Some(n) => {
                let mut b = [0u8; 9];
                put_digits(&mut b, n as u64);
                push_ascii(&mut text, &b);
            }
            None => text.push_str(DASH),
        }
        end(&text);
        push_hms(&mut text, self.queue);
        end(&text);
        for value in [w.skill, w.result, w.go_to_agent, w.agent_id, w.agent_name] {
            text.push_str(value);
            end(&text);
        }
        push_hms(&mut text, w.talk);
        end(&text);
        for value in [w.code, w.code2, interaction] {
            text.push_str(value);
            end(&text);
        }
        push_hms(&mut text, self.ivr + w.talk);
        end(&text);
        RawCall {
            at: self.at,
            text,
            ends,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{KeyNumbers, Report, Stamp};

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
        Stamp::from_parts(y, mo, d, h, mi, s)
            .and_then(Stamp::seconds)
            .expect("a valid date-time")
    }

    fn cfg(calls_per_day: f64) -> GeneratorConfig {
        GeneratorConfig {
            calls_per_day,
            ..GeneratorConfig::default()
        }
    }

    #[test]
    fn field_names_follow_the_report_fields() {
        for (name, field) in FIELD_NAMES.iter().zip(Field::ALL) {
            assert_eq!(*name, field.api_name());
        }
    }

    #[test]
    fn splitting_a_day_changes_nothing() {
        let c = cfg(3000.0);
        let start = at(2026, 3, 11, 0, 0, 0);
        let end = at(2026, 3, 11, 23, 59, 59);
        let whole = calls_between(&c, start, end);
        assert_eq!(whole, calls_between(&c, start, end), "two runs agree");
        // Uneven cuts, some in the middle of a minute, some on a minute boundary.
        let cuts = [
            at(2026, 3, 11, 6, 13, 27),
            at(2026, 3, 11, 9, 0, 0),
            at(2026, 3, 11, 10, 30, 1),
            at(2026, 3, 11, 10, 30, 59),
            at(2026, 3, 11, 14, 2, 33),
            at(2026, 3, 11, 17, 45, 0),
        ];
        let mut pieces = Vec::new();
        let mut lo = start;
        for &cut in &cuts {
            pieces.extend(calls_between(&c, lo, cut - 1));
            lo = cut;
        }
        pieces.extend(calls_between(&c, lo, end));
        assert_eq!(pieces.len(), whole.len());
        assert_eq!(pieces, whole);
        assert!(whole.len() > 2000, "{}", whole.len());
        assert!(whole.iter().all(|r| (start..=end).contains(&r.at)));
    }

    #[test]
    fn rows_are_sorted_well_formed_and_conn_ids_unique() {
        let c = cfg(6000.0);
        let rows = calls_between(&c, at(2026, 3, 9, 0, 0, 0), at(2026, 3, 9, 23, 59, 59));
        let key = |r: &RawCall| (r.at, r.get(Field::ConnId).to_string());
        assert!(rows.windows(2).all(|w| key(&w[0]) <= key(&w[1])));
        let mut by_conn: rustc_hash::FxHashMap<&str, Vec<&RawCall>> = Default::default();
        for r in &rows {
            by_conn.entry(r.get(Field::ConnId)).or_default().push(r);
            let stamp = crate::report::values::parse_stamp(r.get(Field::EndDateRp)).value();
            assert_eq!(stamp, Some(r.at));
            assert_eq!(r.get(Field::ConnId).len(), 27);
            let ivr = crate::report::values::parse_duration(r.get(Field::TimeOnRp)).value();
            let talk = crate::report::values::parse_duration(r.get(Field::TimeWithAgent)).value();
            let total = crate::report::values::parse_duration(r.get(Field::TotalTime)).value();
            assert_eq!(total, Some(ivr.unwrap_or(0) + talk.unwrap_or(0)));
            assert!((1..=900).contains(&ivr.unwrap_or(0)));
            match r.get(Field::GoToAgent) {
                "yes" => {
                    assert!(r.get(Field::AgentId).starts_with("AG"));
                    assert_ne!(r.get(Field::SkillId), "-");
                    assert!((120..=600).contains(&talk.unwrap_or(0)));
                }
                "no" => {
                    for f in [
                        Field::AgentId,
                        Field::AgentName,
                        Field::CodAct,
                        Field::CodAct2,
                    ] {
                        assert_eq!(r.get(f), "-");
                    }
                    assert_eq!(r.get(Field::TimeWithAgent), "00:00:00");
                }
                other => panic!("go_to_agent {other}"),
            }
            let ani = r.get(Field::Ani);
            assert!(
                (ani.starts_with("+573") && ani.len() == 13)
                    || (ani.starts_with('3') && ani.len() == 10)
                    || (ani.starts_with("00160") && ani.len() == 13),
                "{ani}"
            );
            let customer = r.get(Field::CustomerId);
            assert!(customer == "-" || (customer.len() == 9 && customer.starts_with('0')));
        }
        // A conn_id appears once, or twice for a call through two routing points: in
        // the same minute, a few seconds apart, at different routing points.
        let mut doubles = 0;
        for group in by_conn.values() {
            match group.as_slice() {
                [_] => {}
                [a, b] => {
                    doubles += 1;
                    assert_ne!(a.get(Field::RpId), b.get(Field::RpId));
                    assert_eq!(a.at.div_euclid(60), b.at.div_euclid(60));
                    assert!((3..=15).contains(&(b.at - a.at)));
                }
                more => panic!("{} rows share a conn_id", more.len()),
            }
        }
        let share = doubles as f64 / by_conn.len() as f64;
        assert!((0.015..0.05).contains(&share), "{share}");
        let codes: Vec<&str> = rows.iter().map(|r| r.get(Field::CodAct)).collect();
        let timeouts = codes.iter().filter(|c| **c == "TIMEOUTACW").count() as f64;
        let coded = codes.iter().filter(|c| **c != "-").count() as f64;
        assert!((0.03..0.08).contains(&(timeouts / coded)));
        let internal = rows
            .iter()
            .filter(|r| r.get(Field::TypeInteraction) == "internal call_inb")
            .count();
        assert!(internal > 0);
    }

    #[test]
    fn the_benchmark_mix_makes_one_call_in_seven_pass_several_routing_points() {
        let day = (at(2026, 3, 9, 0, 0, 0), at(2026, 3, 9, 23, 59, 59));
        let c = cfg(6000.0);
        let demo = calls_between(&c, day.0, day.1);
        assert_eq!(
            first_calls_with_mix(&c, CallMix::DEMO, day.0, day.1, usize::MAX),
            demo
        );
        let rows = first_calls_with_mix(&c, CallMix::MULTI_STEP_15, day.0, day.1, usize::MAX);
        let mut by_conn: rustc_hash::FxHashMap<&str, Vec<&RawCall>> = Default::default();
        for r in &rows {
            by_conn.entry(r.get(Field::ConnId)).or_default().push(r);
        }
        let (mut several, mut three) = (0usize, 0usize);
        for group in by_conn.values() {
            if group.len() < 2 {
                continue;
            }
            several += 1;
            three += usize::from(group.len() == 3);
            assert!(group.len() <= 3);
            // One minute, a few seconds apart, never the same menu twice in a row, and
            // only the last row can reach an agent.
            assert!(
                group
                    .iter()
                    .all(|r| r.at.div_euclid(60) == group[0].at.div_euclid(60))
            );
            for w in group.windows(2) {
                assert!((3..=15).contains(&(w[1].at - w[0].at)));
                assert_ne!(w[0].get(Field::RpId), w[1].get(Field::RpId));
                assert_eq!(w[0].get(Field::GoToAgent), "no");
            }
        }
        let share = several as f64 / by_conn.len() as f64;
        assert!((0.13..0.17).contains(&share), "{share}");
        let of_three = three as f64 / several as f64;
        assert!((0.15..0.25).contains(&of_three), "{of_three}");
    }

    #[test]
    fn a_week_looks_like_a_contact_centre() {
        let c = cfg(3000.0);
        // Monday 2026-03-09 to Sunday 2026-03-15.
        let rows = calls_between(&c, at(2026, 3, 9, 0, 0, 0), at(2026, 3, 15, 23, 59, 59));
        assert!((18_000..24_000).contains(&rows.len()), "{}", rows.len());

        let mut report = Report::new();
        let ingested = report
            .ingest(&response_body(&rows, false))
            .expect("the body reads");
        assert_eq!(ingested.rows, rows.len());
        assert_eq!(report.len(), rows.len(), "no row merges with another");
        let k = KeyNumbers::of_report(&report, 120);
        assert_eq!(k.unreadable_values, 0);
        assert_eq!(k.unknown_transfer, 0);
        let transfer = k.transfer_rate.unwrap_or(0.0);
        assert!((0.55..0.75).contains(&transfer), "{transfer}");
        let median = k.ivr_time.median.unwrap_or(0);
        assert!((30..=60).contains(&median), "{median}");
        assert!(k.ivr_time.max.unwrap_or(0) > 600);
        assert!(k.queue_abandons > 0);
        let repeat = k.repeat_calls_24h as f64 / k.calls as f64;
        assert!((0.08..0.2).contains(&repeat), "{repeat}");
        assert!((6..=12).contains(&k.by_routing_point.len()));
        // One or two routing points are clearly slower than the rest.
        let medians: Vec<u32> = k
            .by_routing_point
            .iter()
            .filter_map(|rp| rp.median_ivr)
            .collect();
        let lowest = medians.iter().copied().min().unwrap_or(0);
        let highest = medians.iter().copied().max().unwrap_or(0);
        assert!(highest as f64 > 1.8 * lowest as f64, "{medians:?}");

        // Daytime peaks, quiet nights, quiet Sundays.
        let mut by_hour = [0u32; 24];
        let mut by_day = [0u32; 7];
        for r in &rows {
            let secs = r.at.rem_euclid(DAY);
            by_hour[(secs / 3600) as usize] += 1;
            by_day[(r.at.div_euclid(DAY) - rows[0].at.div_euclid(DAY)) as usize] += 1;
        }
        assert!(by_hour[11] > 20 * by_hour[3].max(1), "{by_hour:?}");
        assert!(by_hour[16] > by_hour[13], "{by_hour:?}");
        assert!(by_day[6] < by_day[5] && by_day[5] < by_day[2], "{by_day:?}");
    }

    #[test]
    fn busy_day_at_150_thousand_calls() {
        let c = cfg(150_000.0);
        // An average weekday sits a little above the weekly average.
        let rows = calls_between(&c, at(2026, 3, 11, 0, 0, 0), at(2026, 3, 11, 23, 59, 59));
        assert!((140_000..210_000).contains(&rows.len()), "{}", rows.len());
        let mut ids: Vec<&str> = rows.iter().map(|r| r.get(Field::ConnId)).collect();
        ids.sort_unstable();
        ids.dedup();
        assert!(ids.len() > rows.len() * 95 / 100);
    }

    #[test]
    fn limit_keeps_the_first_calls() {
        let c = cfg(3000.0);
        let (from, to) = (at(2026, 3, 10, 8, 0, 0), at(2026, 3, 10, 18, 0, 0));
        let all = calls_between(&c, from, to);
        let first = first_calls_between(&c, from, to, 100);
        assert_eq!(first.as_slice(), &all[..100]);
        assert!(first_calls_between(&c, from, to, 0).is_empty());
        assert!(calls_between(&c, to, from).is_empty());
        assert!(calls_between(&cfg(0.0), from, to).is_empty());
        assert!(calls_between(&cfg(f64::NAN), from, to).is_empty());
        // A different seed is a different operation.
        let other = GeneratorConfig {
            seed: 12,
            ..c.clone()
        };
        assert_ne!(calls_between(&other, from, to), all);
    }

    #[test]
    fn extreme_ranges_do_not_panic() {
        let c = cfg(3000.0);
        assert!(calls_between(&c, i64::MIN, i64::MIN + 100).is_empty());
        assert!(calls_between(&c, i64::MAX - 100, i64::MAX).is_empty());
        let first = at(1, 1, 1, 0, 0, 0);
        assert_eq!(first, MIN_SECS);
        assert_eq!(at(9999, 12, 31, 23, 59, 59), MAX_SECS);
        let edge = calls_between(&cfg(1e7), MAX_SECS - 59, MAX_SECS);
        assert!(
            edge.iter()
                .all(|r| r.get(Field::EndDateRp).starts_with("9999-12-31"))
        );
    }

    #[test]
    fn body_reads_with_both_code_forms_and_escapes() {
        let c = cfg(3000.0);
        let rows = calls_between(&c, at(2026, 3, 10, 10, 0, 0), at(2026, 3, 10, 10, 4, 59));
        for as_string in [false, true] {
            let body = response_body(&rows, as_string);
            let v: serde_json::Value = serde_json::from_slice(&body).expect("valid JSON");
            let code = if as_string {
                serde_json::json!("200")
            } else {
                serde_json::json!(200)
            };
            assert_eq!(v["code"], code);
            assert_eq!(
                v["msg"],
                serde_json::json!(format!("{} records were found", rows.len()))
            );
            assert_eq!(v["data"].as_array().map(Vec::len), Some(rows.len()));
            assert_eq!(
                v["data"][0]["agent_name"].as_str(),
                Some(rows[0].get(Field::AgentName))
            );
            let mut report = Report::new();
            assert_eq!(report.ingest(&body).map(|i| i.rows).ok(), Some(rows.len()));
        }

        let odd = "a\"b\\c\nd\re\tf\u{8}\u{c}\u{1}é ñ \u{2028}/";
        let row = rows[0].with(Field::AgentName, odd);
        assert_eq!(row.get(Field::AgentName), odd);
        assert_eq!(row.get(Field::AgentId), rows[0].get(Field::AgentId));
        assert_eq!(row.field(17), "");
        let body = response_body(&[row], false);
        let v: serde_json::Value = serde_json::from_slice(&body).expect("valid JSON");
        assert_eq!(v["data"][0]["agent_name"].as_str(), Some(odd));

        let empty: serde_json::Value =
            serde_json::from_slice(&response_body(&[], true)).expect("valid JSON");
        assert_eq!(empty["data"], serde_json::json!([]));
        assert_eq!(empty["msg"], serde_json::json!("0 records were found"));
    }

    #[test]
    fn civil_dates_match_the_report_stamps() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (2026, 12, 31),
            (1, 1, 1),
            (9999, 12, 31),
        ] {
            let secs = at(y, m, d, 0, 0, 0);
            assert_eq!(civil_from_days(secs.div_euclid(DAY)), (y as i64, m, d));
        }
    }
}

//! The typed values of a row: durations, date-times, the transfer flag, placeholders.
//! Each parser is lenient about the formats Wolkvox is known or suspected to send and
//! says `Unreadable` for anything else, so the raw text can be kept and shown.

use std::fmt;

/// The outcome of reading one value.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Reading<T> {
    /// A value was read.
    Value(T),
    /// The field holds a placeholder (`-`, empty, blank) or is absent: no value.
    Empty,
    /// The field holds text that could not be read; the raw text is kept elsewhere.
    Unreadable,
}

impl<T> Reading<T> {
    /// The value, if one was read.
    pub fn value(self) -> Option<T> {
        match self {
            Reading::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// Whether a received text means "no value": `-`, empty, or only spaces.
pub fn is_placeholder(s: &str) -> bool {
    match s.as_bytes() {
        // Visible ASCII at both ends: trimming would change nothing (most ids and
        // phones, read without decoding a character).
        [b'-'] => true,
        [only] if only.is_ascii_graphic() => false,
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => false,
        _ => {
            let t = s.trim();
            t.is_empty() || t == "-"
        }
    }
}

/// A duration in whole seconds, stored in 4 bytes with room for "no value" and
/// "unreadable".
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Secs(u32);

impl Secs {
    /// No value (placeholder or absent field).
    pub const NONE: Secs = Secs(u32::MAX);
    /// Text that could not be read as a duration.
    pub const UNREADABLE: Secs = Secs(u32::MAX - 1);
    /// The largest duration that can be stored.
    pub const MAX: u32 = u32::MAX - 2;

    /// A duration of `s` seconds (saturating at [`Secs::MAX`]).
    pub fn new(s: u32) -> Secs {
        Secs(s.min(Secs::MAX))
    }

    /// The seconds, when a value was read.
    pub fn get(self) -> Option<u32> {
        (self.0 <= Secs::MAX).then_some(self.0)
    }

    /// Whether the received text could not be read.
    pub fn is_unreadable(self) -> bool {
        self == Secs::UNREADABLE
    }

    /// The reading this stores.
    pub fn reading(self) -> Reading<u32> {
        match self {
            Secs::NONE => Reading::Empty,
            Secs::UNREADABLE => Reading::Unreadable,
            Secs(v) => Reading::Value(v),
        }
    }

    /// A key that sorts values ascending, then "no value", then unreadable last.
    pub fn sort_key(self) -> u32 {
        match self {
            Secs::NONE => u32::MAX - 1,
            Secs::UNREADABLE => u32::MAX,
            Secs(v) => v,
        }
    }
}

impl From<Reading<u32>> for Secs {
    fn from(r: Reading<u32>) -> Secs {
        match r {
            Reading::Value(v) => Secs::new(v),
            Reading::Empty => Secs::NONE,
            Reading::Unreadable => Secs::UNREADABLE,
        }
    }
}

impl fmt::Debug for Secs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reading() {
            Reading::Value(v) => write!(f, "{v}s"),
            Reading::Empty => f.write_str("none"),
            Reading::Unreadable => f.write_str("unreadable"),
        }
    }
}

fn digits_value(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Reads a duration: `H+:MM:SS` (hours past 24 allowed), `MM:SS`, or whole seconds.
pub fn parse_duration(s: &str) -> Reading<u32> {
    if is_placeholder(s) {
        return Reading::Empty;
    }
    let t = s.trim();
    let total = if t.contains(':') {
        let mut parts = t.split(':');
        let (a, b, c) = (parts.next(), parts.next(), parts.next());
        if parts.next().is_some() {
            return Reading::Unreadable;
        }
        let sixty = |p: &str| {
            (!p.is_empty() && p.len() <= 2)
                .then(|| digits_value(p))
                .flatten()
                .filter(|&v| v < 60)
        };
        match (a, b, c) {
            (Some(h), Some(m), Some(sec)) => match (digits_value(h), sixty(m), sixty(sec)) {
                (Some(h), Some(m), Some(sec)) => h.checked_mul(3600).map(|h| h + m * 60 + sec),
                _ => None,
            },
            (Some(m), Some(sec), None) => match (digits_value(m), sixty(sec)) {
                (Some(m), Some(sec)) => m.checked_mul(60).map(|m| m + sec),
                _ => None,
            },
            _ => None,
        }
    } else {
        digits_value(t)
    };
    match total {
        Some(v) if v <= Secs::MAX as u64 => Reading::Value(v as u32),
        _ => Reading::Unreadable,
    }
}

/// A civil date-time (the operation's wall clock, no time zone) as seconds since
/// 1970-01-01 00:00:00, in 8 bytes with room for "no value" and "unreadable".
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Stamp(i64);

impl Stamp {
    /// No value (placeholder or absent field).
    pub const NONE: Stamp = Stamp(i64::MIN);
    /// Text that could not be read as a date-time.
    pub const UNREADABLE: Stamp = Stamp(i64::MIN + 1);

    /// The stamp of a civil date-time; `None` when the parts are not a real date-time.
    pub fn from_parts(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<Stamp> {
        if !(1..=9999).contains(&y)
            || !(1..=12).contains(&mo)
            || d == 0
            || d > days_in_month(y, mo)
            || h > 23
            || mi > 59
            || s > 59
        {
            return None;
        }
        let days = days_from_civil(y, mo, d);
        Some(Stamp(days * 86_400 + (h * 3600 + mi * 60 + s) as i64))
    }

    /// The stamp `secs` seconds after 1970-01-01 00:00:00 (civil time).
    pub fn from_seconds(secs: i64) -> Stamp {
        if secs <= Stamp::UNREADABLE.0 {
            Stamp::UNREADABLE
        } else {
            Stamp(secs)
        }
    }

    /// Seconds since 1970-01-01 00:00:00, when a value was read.
    pub fn seconds(self) -> Option<i64> {
        (self.0 > Stamp::UNREADABLE.0).then_some(self.0)
    }

    /// The reading this stores.
    pub fn reading(self) -> Reading<i64> {
        match self {
            Stamp::NONE => Reading::Empty,
            Stamp::UNREADABLE => Reading::Unreadable,
            Stamp(v) => Reading::Value(v),
        }
    }

    /// Whether the received text could not be read.
    pub fn is_unreadable(self) -> bool {
        self == Stamp::UNREADABLE
    }

    /// The civil date-time, when a value was read.
    pub fn civil(self) -> Option<jiff::civil::DateTime> {
        let secs = self.seconds()?;
        let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        jiff::civil::DateTime::new(
            y as i16,
            m as i8,
            d as i8,
            (rem / 3600) as i8,
            ((rem / 60) % 60) as i8,
            (rem % 60) as i8,
            0,
        )
        .ok()
    }

    /// The stamp of a civil date-time.
    pub fn from_civil(dt: jiff::civil::DateTime) -> Stamp {
        Stamp::from_parts(
            dt.year() as i32,
            dt.month() as u32,
            dt.day() as u32,
            dt.hour() as u32,
            dt.minute() as u32,
            dt.second() as u32,
        )
        .unwrap_or(Stamp::UNREADABLE)
    }

    /// Hour of the day 0..=23 and weekday 0 = Monday .. 6 = Sunday, when a value was read.
    pub fn hour_and_weekday(self) -> Option<(u8, u8)> {
        let secs = self.seconds()?;
        let days = secs.div_euclid(86_400);
        let hour = (secs.rem_euclid(86_400) / 3600) as u8;
        // 1970-01-01 was a Thursday (3 when Monday is 0).
        let weekday = (days + 3).rem_euclid(7) as u8;
        Some((hour, weekday))
    }
}

impl From<Reading<i64>> for Stamp {
    fn from(r: Reading<i64>) -> Stamp {
        match r {
            Reading::Value(v) => Stamp(v),
            Reading::Empty => Stamp::NONE,
            Reading::Unreadable => Stamp::UNREADABLE,
        }
    }
}

impl fmt::Debug for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.civil() {
            Some(dt) => write!(f, "{dt}"),
            None if *self == Stamp::NONE => f.write_str("none"),
            None => f.write_str("unreadable"),
        }
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's algorithms: days since 1970-01-01 in the proleptic Gregorian calendar.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A stamp's seconds as `YYYY-MM-DD HH:MM:SS`, the form Wolkvox sends, without
/// allocating; `None` outside the years 1 to 9999.
pub(crate) fn standard_text(secs: i64) -> Option<[u8; 19]> {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    if !(1..=9999).contains(&y) {
        return None;
    }
    let mut t = *b"0000-00-00 00:00:00";
    let mut put = |at: usize, width: usize, mut v: u64| {
        for b in t[at..at + width].iter_mut().rev() {
            *b = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, 4, y as u64);
    put(5, 2, m as u64);
    put(8, 2, d as u64);
    put(11, 2, (rem / 3600) as u64);
    put(14, 2, ((rem / 60) % 60) as u64);
    put(17, 2, (rem % 60) as u64);
    Some(t)
}

fn num(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |acc, &d| acc * 10 + (d - b'0') as u32))
}

/// Reads a date-time: `YYYY-MM-DD HH:MM:SS` or `YYYYmmddHHiiss`; also tolerates a `T`
/// or `/` separators, a missing seconds part, fractional seconds, and a date alone.
pub fn parse_stamp(s: &str) -> Reading<i64> {
    if is_placeholder(s) {
        return Reading::Empty;
    }
    let t = s.trim().as_bytes();
    let parsed = if t.len() == 14 && t.iter().all(u8::is_ascii_digit) {
        Stamp::from_parts(
            num(&t[0..4]).unwrap_or(0) as i32,
            num(&t[4..6]).unwrap_or(0),
            num(&t[6..8]).unwrap_or(0),
            num(&t[8..10]).unwrap_or(99),
            num(&t[10..12]).unwrap_or(99),
            num(&t[12..14]).unwrap_or(99),
        )
    } else {
        parse_separated(t)
    };
    match parsed {
        Some(st) => Reading::Value(st.0),
        None => Reading::Unreadable,
    }
}

fn parse_separated(t: &[u8]) -> Option<Stamp> {
    let (date, time) = match t.iter().position(|&b| b == b' ' || b == b'T') {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let mut dp = date.split(|&b| b == b'-' || b == b'/');
    let y = dp.next().filter(|p| p.len() == 4).and_then(num)?;
    let mo = dp.next().filter(|p| p.len() <= 2).and_then(num)?;
    let d = dp.next().filter(|p| p.len() <= 2).and_then(num)?;
    if dp.next().is_some() {
        return None;
    }
    let (h, mi, s) = match time {
        None => (0, 0, 0),
        Some(time) => {
            let time = match time.iter().position(|&b| b == b'.') {
                Some(i) if time[i + 1..].iter().all(u8::is_ascii_digit) => &time[..i],
                Some(_) => return None,
                None => time,
            };
            let mut tp = time.split(|&b| b == b':');
            let h = tp.next().filter(|p| p.len() <= 2).and_then(num)?;
            let mi = tp.next().filter(|p| p.len() == 2).and_then(num)?;
            let s = match tp.next() {
                Some(p) if p.len() == 2 => num(p)?,
                Some(_) => return None,
                None => 0,
            };
            if tp.next().is_some() {
                return None;
            }
            (h, mi, s)
        }
    };
    Stamp::from_parts(y as i32, mo, d, h, mi, s)
}

/// Whether the caller was transferred to an agent.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Transfer {
    /// Went on to an agent.
    Transferred,
    /// Stayed in the IVR (self-served or hung up there).
    Retained,
    /// The flag is absent, a placeholder, or not a yes/no value.
    Unknown,
}

/// Reads `go_to_agent`: yes / no / si / sí / 1 / 0 / true / false in any case.
pub fn parse_transfer(s: &str) -> Reading<Transfer> {
    if is_placeholder(s) {
        return Reading::Empty;
    }
    let t = s.trim();
    let yes = ["yes", "si", "sí", "1", "true", "y", "s"];
    let no = ["no", "0", "false", "n"];
    let lower = t.to_lowercase();
    if yes.contains(&lower.as_str()) {
        Reading::Value(Transfer::Transferred)
    } else if no.contains(&lower.as_str()) {
        Reading::Value(Transfer::Retained)
    } else {
        Reading::Unreadable
    }
}

/// The letter without its accent, lower case: `Á` and `á` read `a`, `Ñ` reads `n`; other
/// characters lower-cased as they are. Covers the Latin letters of Spanish, Portuguese,
/// French and German names.
fn base_letter(c: char) -> Option<char> {
    Some(match c {
        'à'..='å' | 'À'..='Å' | 'ā' | 'ă' | 'ą' | 'Ā' | 'Ă' | 'Ą' => 'a',
        'ç' | 'Ç' | 'ć' | 'č' | 'Ć' | 'Č' => 'c',
        'è'..='ë' | 'È'..='Ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' | 'ī' | 'į' | 'Ī' | 'Į' => 'i',
        'ñ' | 'Ñ' | 'ń' | 'ň' | 'Ń' | 'Ň' => 'n',
        'ò'..='ö' | 'ø' | 'Ò'..='Ö' | 'Ø' | 'ō' | 'ő' | 'Ō' | 'Ő' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' | 'ū' | 'ů' | 'ű' | 'Ū' | 'Ů' | 'Ű' => 'u',
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => 'y',
        'š' | 'Š' | 'ś' | 'Ś' => 's',
        'ž' | 'Ž' | 'ź' | 'ż' | 'Ź' | 'Ż' => 'z',
        _ => return None,
    })
}

/// `s` as search compares it: lower case, without accents, runs of spaces as one, so
/// that `paola  sanchez` finds `Paola Sánchez` and `nunez` finds `Núñez`. Combining
/// accents (a letter followed by U+0301 and the like) are dropped too.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        if std::mem::take(&mut space) {
            out.push(' ');
        }
        match base_letter(c) {
            Some(b) => out.push(b),
            None if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Whether [`fold`] changes nothing in `s` but ASCII letter case (the common case of
/// phone numbers, ids and plain names, which are compared without allocating).
pub fn folds_as_ascii(s: &str) -> bool {
    s.is_ascii()
        && !s
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b' ' && w[1] == b' ')
}

/// The friendly name, in the language of `t`, of a value Wolkvox itself defines: call
/// types (`inbound`, `internal call_inb`…), IVR results (`ANSWERED`…) and the platform's
/// own disposition code `TIMEOUTACW`. `None` for anything else, shown as received (an
/// operation's own codes, names and ids mean what the operation says).
pub fn friendly(
    t: &'static crate::i18n::Texts,
    field: super::call::Field,
    raw: &str,
) -> Option<&'static str> {
    use super::call::Field;
    let known: &[(&str, &'static str)] = match field {
        Field::TypeInteraction => &[
            ("inbound", t.val_inbound),
            ("conference", t.val_conference),
            ("internal call", t.val_internal),
            ("internal call_inb", t.val_internal_inbound),
            ("internal call_que", t.val_internal_queue),
            ("out_pre", t.val_outbound_predictive),
            ("outbound_ma", t.val_outbound_manual),
            ("transfer", t.val_transfer),
        ],
        Field::SkillResult => &[
            ("answered", t.val_answered),
            ("abandoned", t.val_abandoned),
            ("no skill", t.val_no_skill),
            ("rp transfer", t.val_rp_transfer),
        ],
        Field::CodAct | Field::CodAct2 => &[("timeoutacw", t.val_timeout_acw)],
        _ => return None,
    };
    let raw = raw.trim();
    known
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(raw))
        .map(|&(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Reading::*;

    #[test]
    fn a_placeholder_is_a_dash_or_nothing_around_any_white_space() {
        let plainly = |s: &str| {
            let t = s.trim();
            t.is_empty() || t == "-"
        };
        for s in [
            "",
            " ",
            "-",
            " - ",
            "\t-\n",
            "\u{a0}-\u{3000}",
            "--",
            "-5",
            "a",
            "ab",
            "a b",
            " x",
            "x ",
            "ñ",
            "ñ-",
            "\u{a0}",
            "0016045009924",
            "39829.0007.1790830927.25868",
        ] {
            assert_eq!(is_placeholder(s), plainly(s), "{s:?}");
        }
        assert!(is_placeholder("\u{a0}-\u{3000}"));
        assert!(!is_placeholder("-5"));
    }

    #[test]
    fn the_standard_text_reads_back_as_the_same_stamp() {
        for secs in [
            0i64,
            59,
            86_399,
            1_795_000_000,
            -62_135_596_800,
            253_402_300_799,
        ] {
            let text = standard_text(secs).unwrap();
            let text = std::str::from_utf8(&text).unwrap();
            assert_eq!(parse_stamp(text), Value(secs), "{text}");
        }
        assert_eq!(standard_text(-62_135_596_801), None);
        assert_eq!(
            &standard_text(Stamp::from_parts(2026, 11, 5, 9, 4, 5).unwrap().0).unwrap(),
            b"2026-11-05 09:04:05"
        );
    }

    #[test]
    fn durations_in_every_known_format() {
        let cases: &[(&str, Reading<u32>)] = &[
            ("00:00:00", Value(0)),
            ("00:03:53", Value(233)),
            ("0:03:53", Value(233)),
            ("27:03:10", Value(97_390)),
            ("123:00:01", Value(442_801)),
            ("03:53", Value(233)),
            ("75:10", Value(4510)),
            ("233", Value(233)),
            ("0", Value(0)),
            (" 00:01:05 ", Value(65)),
            ("-", Empty),
            ("", Empty),
            (" ", Empty),
            ("00:60:00", Unreadable),
            ("00:00:60", Unreadable),
            ("1:2:3:4", Unreadable),
            ("abc", Unreadable),
            ("-5", Unreadable),
            ("12.5", Unreadable),
            ("::", Unreadable),
            ("1:", Unreadable),
            (":30", Unreadable),
            ("99999999999999999999", Unreadable),
            ("999999999:00:00", Unreadable),
            ("0x10", Unreadable),
            ("١٢", Unreadable),
        ];
        for (text, want) in cases {
            assert_eq!(parse_duration(text), *want, "{text:?}");
        }
    }

    #[test]
    fn date_times_in_both_formats_and_lenient_variants() {
        let base = Stamp::from_parts(2026, 11, 25, 10, 4, 5).unwrap().0;
        let cases: &[(&str, Reading<i64>)] = &[
            ("2026-11-25 10:04:05", Value(base)),
            ("20261125100405", Value(base)),
            ("2026-11-25T10:04:05", Value(base)),
            ("2026/11/25 10:04:05", Value(base)),
            ("2026-11-25 10:04:05.250", Value(base)),
            ("2026-11-25 10:04", Value(base - 5)),
            ("2026-11-25", Value(base - 36_245)),
            ("-", Empty),
            ("", Empty),
            ("2026-13-01 00:00:00", Unreadable),
            ("2026-02-29 00:00:00", Unreadable),
            (
                "2024-02-29 00:00:00",
                Value(Stamp::from_parts(2024, 2, 29, 0, 0, 0).unwrap().0),
            ),
            ("2026-11-25 24:00:00", Unreadable),
            ("0000-00-00 00:00:00", Unreadable),
            ("25/11/2026 10:04:05", Unreadable),
            ("yesterday", Unreadable),
            ("2026-11-25 10:04:05:01", Unreadable),
            ("20261325100405", Unreadable),
        ];
        for (text, want) in cases {
            assert_eq!(parse_stamp(text), *want, "{text:?}");
        }
    }

    #[test]
    fn stamps_round_trip_through_civil_date_times() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (2026, 11, 25),
            (1969, 12, 31),
            (2100, 3, 1),
        ] {
            let st = Stamp::from_parts(y, m, d, 23, 59, 58).unwrap();
            let dt = st.civil().unwrap();
            assert_eq!(
                (dt.year() as i32, dt.month() as u32, dt.day() as u32),
                (y, m, d)
            );
            assert_eq!(Stamp::from_civil(dt), st);
        }
        // 2026-11-26 is a Thursday.
        let th = Stamp::from_parts(2026, 11, 26, 15, 0, 0).unwrap();
        assert_eq!(th.hour_and_weekday(), Some((15, 3)));
        assert_eq!(Stamp::NONE.civil(), None);
    }

    #[test]
    fn transfer_flags_in_any_case() {
        for yes in ["yes", "YES", "Si", "sí", "SÍ", "1", "true", "TRUE"] {
            assert_eq!(parse_transfer(yes), Value(Transfer::Transferred), "{yes}");
        }
        for no in ["no", "NO", "0", "false", "False"] {
            assert_eq!(parse_transfer(no), Value(Transfer::Retained), "{no}");
        }
        assert_eq!(parse_transfer("-"), Empty);
        assert_eq!(parse_transfer(""), Empty);
        assert_eq!(parse_transfer("maybe"), Unreadable);
    }

    /// Any duration written as `H:MM:SS` (any hours), `HH:MM:SS`, `MM:SS` or whole
    /// seconds reads back as the same number of seconds.
    #[test]
    fn property_durations_round_trip_in_every_format() {
        let mut rng = crate::fake::rng::Rng::new(0x9E37_79B9_7F4A_7C15u64);
        let mut next = move || rng.next_u64();
        for _ in 0..20_000 {
            let secs = match next() % 3 {
                0 => next() % 3_600,
                1 => next() % 200_000,
                _ => next() % (Secs::MAX as u64),
            };
            let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
            let mut forms = vec![
                format!("{h}:{m:02}:{s:02}"),
                format!("{h:02}:{m:02}:{s:02}"),
                secs.to_string(),
                format!(" {h:02}:{m:02}:{s:02} "),
            ];
            if secs < 6_000_000 {
                forms.push(format!("{}:{s:02}", secs / 60));
            }
            for text in forms {
                assert_eq!(parse_duration(&text), Value(secs as u32), "{text:?}");
            }
        }
    }

    #[test]
    fn secs_sort_values_before_missing_and_unreadable() {
        let mut v = [Secs::UNREADABLE, Secs::new(5), Secs::NONE, Secs::new(1)];
        v.sort_by_key(|s| s.sort_key());
        assert_eq!(
            v,
            [Secs::new(1), Secs::new(5), Secs::NONE, Secs::UNREADABLE]
        );
    }

    #[test]
    fn folding_drops_case_accents_and_extra_spaces() {
        assert_eq!(fold("Núñez"), "nunez");
        assert_eq!(fold("  Paola   Sánchez "), "paola sanchez");
        assert_eq!(fold("ÁLVAREZ Peña"), "alvarez pena");
        assert_eq!(fold("Jose\u{301}"), "jose");
        assert_eq!(fold("+573001234567"), "+573001234567");
        assert_eq!(fold("Straße"), "straße");
        assert!(folds_as_ascii("Ana Maria"));
        assert!(!folds_as_ascii("Ana  Maria"));
        assert!(!folds_as_ascii("María"));
    }

    #[test]
    fn known_api_values_have_friendly_names_and_others_stay_as_received() {
        use super::super::call::Field;
        let (es, en) = (&crate::i18n::ES, &crate::i18n::EN);
        assert_eq!(
            friendly(es, Field::TypeInteraction, "inbound"),
            Some("Entrante")
        );
        assert_eq!(
            friendly(en, Field::TypeInteraction, " Inbound "),
            Some("Inbound")
        );
        assert_eq!(
            friendly(es, Field::TypeInteraction, "internal call_inb"),
            Some("Interna entrante")
        );
        assert_eq!(
            friendly(es, Field::SkillResult, "ANSWERED"),
            Some("Atendida")
        );
        assert_eq!(
            friendly(en, Field::CodAct, "TIMEOUTACW"),
            Some("Wrap-up time ran out")
        );
        assert_eq!(friendly(es, Field::CodAct, "VENTA"), None);
        assert_eq!(friendly(es, Field::AgentName, "inbound"), None);
        assert_eq!(friendly(es, Field::TypeInteraction, "callback"), None);
    }
}

//! Dates as people type them on the command line, and "now" in the operation's time zone.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use crate::i18n::{Lang, fill};
use crate::report::Stamp;

/// Which end of a range a typed date is for: a day alone means its first second for
/// `From` and its last second for `To`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum End {
    /// `--from`.
    From,
    /// `--to`.
    To,
}

/// A date the user typed that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unreadable date {input:?}")]
pub struct WhenError {
    /// What was typed.
    pub input: String,
}

impl WhenError {
    /// The message for the user, with the accepted forms.
    pub fn message(&self, lang: Lang) -> String {
        fill(lang.texts().when_invalid, &[("input", &self.input)])
    }
}

/// The operation's time zone: the named one when it is known, else the computer's.
pub fn time_zone(name: Option<&str>) -> TimeZone {
    name.and_then(|n| TimeZone::get(n).ok())
        .unwrap_or_else(TimeZone::system)
}

/// The wall-clock time now in the operation's time zone, to the second.
pub fn now_in(tz: &TimeZone) -> DateTime {
    let dt = jiff::Timestamp::now().to_zoned(tz.clone()).datetime();
    dt.with().subsec_nanosecond(0).build().unwrap_or(dt)
}

/// Reads `today`, `yesterday`, `-Nd` (N days before today), `YYYY-MM-DD`, or
/// `YYYY-MM-DDTHH:MM[:SS]` (a space instead of `T` also works). For `--to`, a time with
/// minutes covers that whole minute (`10:00` means up to 10:00:59).
pub fn parse_when(input: &str, end: End, today: Date) -> Result<Stamp, WhenError> {
    let bad = || WhenError {
        input: input.trim().chars().take(60).collect(),
    };
    let t = input.trim().to_ascii_lowercase();
    // A stamp holds years 1 to 9999; jiff's dates also reach back to year -9999.
    let stamp = |dt: DateTime| -> Result<Stamp, WhenError> {
        Some(Stamp::from_civil(dt))
            .filter(|s| !s.is_unreadable())
            .ok_or_else(bad)
    };
    let day = |d: Date| -> Result<Stamp, WhenError> {
        stamp(match end {
            End::From => d.at(0, 0, 0, 0),
            End::To => d.at(23, 59, 59, 0),
        })
    };
    match t.as_str() {
        "today" | "hoy" => return day(today),
        "yesterday" | "ayer" => return day(today.yesterday().map_err(|_| bad())?),
        _ => {}
    }
    if let Some(n) = t.strip_prefix('-').and_then(|r| r.strip_suffix('d')) {
        let n: i64 = n.parse().map_err(|_| bad())?;
        if !(0..=3660).contains(&n) {
            return Err(bad());
        }
        let d = today
            .checked_sub(jiff::Span::new().days(n))
            .map_err(|_| bad())?;
        return day(d);
    }
    let (date_part, time_part) = match t.find(['t', ' ']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t.as_str(), None),
    };
    let d: Date = strict_date(date_part).ok_or_else(bad)?;
    let Some(time) = time_part else {
        return day(d);
    };
    let parts: Vec<&str> = time.split(':').collect();
    let num = |s: &str, max: i8| -> Option<i8> {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i8>().ok())
            .flatten()
            .filter(|v| *v <= max)
    };
    let (h, m, s) = match parts.as_slice() {
        [h, m] => {
            let (h, m) = (num(h, 23).ok_or_else(bad)?, num(m, 59).ok_or_else(bad)?);
            (h, m, if end == End::To { 59 } else { 0 })
        }
        [h, m, s] => (
            num(h, 23).ok_or_else(bad)?,
            num(m, 59).ok_or_else(bad)?,
            num(s, 59).ok_or_else(bad)?,
        ),
        _ => return Err(bad()),
    };
    stamp(d.at(h, m, s, 0))
}

fn strict_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i16> {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    Date::new(digits(0..4)?, digits(5..7)? as i8, digits(8..10)? as i8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn s(text: &str, end: End) -> String {
        let today = date(2026, 11, 26);
        let st = parse_when(text, end, today).unwrap_or_else(|e| panic!("{text}: {e}"));
        st.civil().unwrap().to_string()
    }

    #[test]
    fn every_documented_form() {
        assert_eq!(s("today", End::From), "2026-11-26T00:00:00");
        assert_eq!(s("today", End::To), "2026-11-26T23:59:59");
        assert_eq!(s("yesterday", End::From), "2026-11-25T00:00:00");
        assert_eq!(s("yesterday", End::To), "2026-11-25T23:59:59");
        assert_eq!(s("-7d", End::From), "2026-11-19T00:00:00");
        assert_eq!(s("-0d", End::To), "2026-11-26T23:59:59");
        assert_eq!(s("2026-01-15", End::From), "2026-01-15T00:00:00");
        assert_eq!(s("2026-01-15", End::To), "2026-01-15T23:59:59");
        assert_eq!(s("2026-01-15T10:00", End::From), "2026-01-15T10:00:00");
        assert_eq!(s("2026-01-15T10:00", End::To), "2026-01-15T10:00:59");
        assert_eq!(s("2026-01-15T10:00:30", End::To), "2026-01-15T10:00:30");
        assert_eq!(s("2026-01-15 10:00", End::From), "2026-01-15T10:00:00");
        assert_eq!(s(" TODAY ", End::From), "2026-11-26T00:00:00");
    }

    #[test]
    fn anything_else_is_refused_with_the_forms() {
        let today = date(2026, 11, 26);
        for bad in [
            "",
            "tomorrow",
            "-d",
            "-xd",
            "-99999d",
            "2026-13-01",
            "2026-02-30",
            "26-01-15",
            "2026/01/15",
            "2026-01-15T25:00",
            "2026-01-15T10",
            "2026-01-15T10:0",
            "2026-01-15T10:00:00:00",
            "15/01/2026",
            "+7d",
        ] {
            let e = parse_when(bad, End::From, today).unwrap_err();
            assert!(e.message(Lang::En).contains("YYYY-MM-DD"), "{bad}");
        }
    }
}

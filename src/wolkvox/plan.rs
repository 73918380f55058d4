//! Turning a date range into the fewest requests the API accepts: at most 31 days each,
//! never crossing a calendar month, boundaries to the second with no gap and no overlap.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::report::Stamp;

/// The shortest range a capped request is split down to, in seconds.
pub const MIN_SPLIT_SECS: i64 = 60;

/// An inclusive range of civil date-times, to the second.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeRange {
    from: i64,
    to: i64,
}

impl TimeRange {
    /// The range [from, to], both inclusive; `None` when `to` is before `from` or either
    /// has no value.
    pub fn new(from: Stamp, to: Stamp) -> Option<TimeRange> {
        let (from, to) = (from.seconds()?, to.seconds()?);
        (from <= to).then_some(TimeRange { from, to })
    }

    /// The range between two instants given as seconds since 1970-01-01 (civil).
    pub fn from_seconds(from: i64, to: i64) -> Option<TimeRange> {
        TimeRange::new(Stamp::from_seconds(from), Stamp::from_seconds(to))
    }

    /// First second.
    pub fn from(&self) -> Stamp {
        Stamp::from_seconds(self.from)
    }

    /// Last second (inclusive).
    pub fn to(&self) -> Stamp {
        Stamp::from_seconds(self.to)
    }

    /// First second as seconds since 1970-01-01 (civil).
    pub fn from_secs(&self) -> i64 {
        self.from
    }

    /// Last second as seconds since 1970-01-01 (civil).
    pub fn to_secs(&self) -> i64 {
        self.to
    }

    /// Length in seconds, both ends counted.
    pub fn seconds(&self) -> i64 {
        self.to - self.from + 1
    }

    /// Whether `secs` lies in the range.
    pub fn contains(&self, secs: i64) -> bool {
        (self.from..=self.to).contains(&secs)
    }

    /// The two halves, when the range is longer than [`MIN_SPLIT_SECS`].
    pub fn halves(&self) -> Option<(TimeRange, TimeRange)> {
        if self.seconds() <= MIN_SPLIT_SECS {
            return None;
        }
        let mid = self.from + (self.to - self.from) / 2;
        Some((
            TimeRange {
                from: self.from,
                to: mid,
            },
            TimeRange {
                from: mid + 1,
                to: self.to,
            },
        ))
    }

    /// `date_ini` / `date_end` as the API wants them: `YYYYmmddHHiiss`.
    pub fn api_bounds(&self) -> (String, String) {
        (compact(self.from()), compact(self.to()))
    }
}

fn compact(s: Stamp) -> String {
    match s.civil() {
        Some(dt) => dt.strftime("%Y%m%d%H%M%S").to_string(),
        None => String::new(),
    }
}

/// `YYYY-MM-DD HH:MM:SS`.
pub fn readable(s: Stamp) -> String {
    match s.civil() {
        Some(dt) => dt.strftime("%Y-%m-%d %H:%M:%S").to_string(),
        None => String::new(),
    }
}

impl fmt::Debug for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} – {}", readable(self.from()), readable(self.to()))
    }
}

/// How a range is written in saved files.
#[derive(Serialize, Deserialize)]
struct RangeText {
    from: String,
    to: String,
}

impl Serialize for TimeRange {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RangeText {
            from: readable(self.from()),
            to: readable(self.to()),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for TimeRange {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<TimeRange, D::Error> {
        use crate::report::values::parse_stamp;
        let text = RangeText::deserialize(d)?;
        let from = parse_stamp(&text.from).value();
        let to = parse_stamp(&text.to).value();
        match (from, to) {
            (Some(f), Some(t)) => TimeRange::from_seconds(f, t)
                .ok_or_else(|| serde::de::Error::custom("range ends before it starts")),
            _ => Err(serde::de::Error::custom("unreadable range")),
        }
    }
}

/// The last second of the calendar month holding `secs`.
fn month_end(secs: i64) -> i64 {
    let Some(dt) = Stamp::from_seconds(secs).civil() else {
        return secs;
    };
    let (y, m) = (dt.year() as i32, dt.month() as u32);
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    match Stamp::from_parts(ny, nm, 1, 0, 0, 0).and_then(Stamp::seconds) {
        Some(next) => next - 1,
        None => i64::MAX,
    }
}

/// The requests for `range`: one per calendar month it touches (a month is at most 31
/// days), covering every second exactly once.
pub fn plan(range: TimeRange) -> Vec<TimeRange> {
    let mut pieces = Vec::new();
    let mut cur = range.from;
    while cur <= range.to {
        let end = month_end(cur).min(range.to);
        pieces.push(TimeRange { from: cur, to: end });
        if end == i64::MAX {
            break;
        }
        cur = end + 1;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Stamp {
        Stamp::from_parts(y, mo, d, h, mi, s).unwrap()
    }

    fn r(a: Stamp, b: Stamp) -> TimeRange {
        TimeRange::new(a, b).unwrap()
    }

    #[test]
    fn january_15_to_april_10_gives_the_month_pieces() {
        let got = plan(r(at(2026, 1, 15, 0, 0, 0), at(2026, 4, 10, 23, 59, 59)));
        let want = vec![
            r(at(2026, 1, 15, 0, 0, 0), at(2026, 1, 31, 23, 59, 59)),
            r(at(2026, 2, 1, 0, 0, 0), at(2026, 2, 28, 23, 59, 59)),
            r(at(2026, 3, 1, 0, 0, 0), at(2026, 3, 31, 23, 59, 59)),
            r(at(2026, 4, 1, 0, 0, 0), at(2026, 4, 10, 23, 59, 59)),
        ];
        assert_eq!(got, want);
        assert_eq!(
            got[0].api_bounds(),
            ("20260115000000".into(), "20260131235959".into())
        );
    }

    #[test]
    fn a_range_inside_one_month_is_one_request() {
        let one = r(at(2026, 11, 3, 8, 0, 0), at(2026, 11, 3, 8, 0, 0));
        assert_eq!(plan(one), vec![one]);
        let leap = r(at(2024, 2, 1, 0, 0, 0), at(2024, 2, 29, 23, 59, 59));
        assert_eq!(plan(leap), vec![leap]);
        // Across New Year.
        let ny = plan(r(at(2025, 12, 31, 23, 0, 0), at(2026, 1, 1, 1, 0, 0)));
        assert_eq!(ny.len(), 2);
        assert_eq!(ny[0].to(), at(2025, 12, 31, 23, 59, 59));
        assert_eq!(ny[1].from(), at(2026, 1, 1, 0, 0, 0));
    }

    /// Any range is covered exactly once by pieces that respect the API's limits, and the
    /// halves of any piece cover it exactly once too.
    #[test]
    fn property_any_range_is_covered_exactly_once() {
        let mut rng = crate::fake::rng::Rng::new(0x9E37_79B9_7F4A_7C15u64);
        let mut next = move || rng.next_u64();
        let start = at(2020, 1, 1, 0, 0, 0).seconds().unwrap();
        for _ in 0..5_000 {
            let from = start + (next() % (6 * 365 * 86_400)) as i64;
            let len = match next() % 4 {
                0 => (next() % 120) as i64,
                1 => (next() % 86_400) as i64,
                2 => (next() % (40 * 86_400)) as i64,
                _ => (next() % (400 * 86_400)) as i64,
            };
            let range = TimeRange::from_seconds(from, from + len).unwrap();
            let pieces = plan(range);
            assert_eq!(pieces.first().unwrap().from_secs(), range.from_secs());
            assert_eq!(pieces.last().unwrap().to_secs(), range.to_secs());
            for w in pieces.windows(2) {
                assert_eq!(w[0].to_secs() + 1, w[1].from_secs(), "gap or overlap");
            }
            for p in &pieces {
                assert!(p.seconds() <= 31 * 86_400);
                let (a, b) = (p.from().civil().unwrap(), p.to().civil().unwrap());
                assert_eq!(
                    (a.year(), a.month()),
                    (b.year(), b.month()),
                    "crosses a month"
                );
                if let Some((x, y)) = p.halves() {
                    assert_eq!(x.from_secs(), p.from_secs());
                    assert_eq!(x.to_secs() + 1, y.from_secs());
                    assert_eq!(y.to_secs(), p.to_secs());
                }
            }
            // Fewest requests: one per calendar month touched.
            let months = {
                let (a, b) = (range.from().civil().unwrap(), range.to().civil().unwrap());
                (b.year() as i64 - a.year() as i64) * 12 + b.month() as i64 - a.month() as i64 + 1
            };
            assert_eq!(pieces.len() as i64, months);
        }
    }

    #[test]
    fn a_minute_is_not_split_further() {
        let m = r(at(2026, 1, 1, 10, 0, 0), at(2026, 1, 1, 10, 0, 59));
        assert!(m.halves().is_none());
        let two = r(at(2026, 1, 1, 10, 0, 0), at(2026, 1, 1, 10, 1, 59));
        let (a, b) = two.halves().unwrap();
        assert_eq!(a.seconds() + b.seconds(), 120);
    }

    #[test]
    fn ranges_round_trip_through_saved_text() {
        let x = r(at(2026, 1, 15, 0, 0, 0), at(2026, 1, 31, 23, 59, 59));
        let json = serde_json::to_string(&x).unwrap();
        assert_eq!(
            json,
            r#"{"from":"2026-01-15 00:00:00","to":"2026-01-31 23:59:59"}"#
        );
        assert_eq!(serde_json::from_str::<TimeRange>(&json).unwrap(), x);
        assert!(
            serde_json::from_str::<TimeRange>(
                r#"{"from":"2026-02-01 00:00:00","to":"2026-01-01 00:00:00"}"#
            )
            .is_err()
        );
    }
}

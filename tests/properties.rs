//! Properties of the range plan and the value readers, over generated inputs.

use jiff::civil::date;
use proptest::prelude::*;
use wolkvox_ivr::report::Stamp;
use wolkvox_ivr::report::values::{Reading, parse_duration, parse_stamp};
use wolkvox_ivr::wolkvox::plan::MIN_SPLIT_SECS;
use wolkvox_ivr::wolkvox::{TimeRange, plan};

/// The first and last second a stamp holds: years 1 to 9999.
fn first_second() -> i64 {
    Stamp::from_parts(1, 1, 1, 0, 0, 0)
        .unwrap()
        .seconds()
        .unwrap()
}

fn last_second() -> i64 {
    Stamp::from_parts(9999, 12, 31, 23, 59, 59)
        .unwrap()
        .seconds()
        .unwrap()
}

/// Ranges of every length from one second to a few years, anywhere in years 1 to 9999,
/// most of them around today.
fn ranges() -> impl Strategy<Value = TimeRange> {
    let around_now = Stamp::from_parts(2020, 1, 1, 0, 0, 0)
        .unwrap()
        .seconds()
        .unwrap();
    let start = prop_oneof![
        4 => around_now..around_now + 20 * 366 * 86_400,
        1 => first_second()..=last_second(),
    ];
    let len = prop_oneof![
        0i64..=2 * MIN_SPLIT_SECS,
        0i64..86_400,
        0i64..62 * 86_400,
        0i64..4 * 366 * 86_400,
    ];
    (start, len).prop_map(|(from, len)| {
        let to = (from + len).min(last_second());
        TimeRange::from_seconds(from, to).unwrap()
    })
}

/// (year, month) of a second.
fn month_of(secs: i64) -> (i16, i8) {
    let dt = Stamp::from_seconds(secs).civil().unwrap();
    (dt.year(), dt.month())
}

/// The calendar months from the one holding `from` to the one holding `to`, both counted.
fn months_touched(from: i64, to: i64) -> i64 {
    let ((ya, ma), (yb, mb)) = (month_of(from), month_of(to));
    (i64::from(yb) - i64::from(ya)) * 12 + i64::from(mb) - i64::from(ma) + 1
}

/// A real civil date-time as its parts.
fn date_times() -> impl Strategy<Value = (i16, i8, i8, i8, i8, i8)> {
    (1i16..=9999, 1i8..=12, 1i8..=31, 0i8..24, 0i8..60, 0i8..60).prop_map(|(y, mo, d, h, mi, s)| {
        let d = d.min(date(y, mo, 1).days_in_month());
        (y, mo, d, h, mi, s)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// The plan covers the range exactly once, in order, with one piece per calendar
    /// month it touches, each inside its month and at most 31 days long.
    #[test]
    fn the_plan_covers_the_range_once_month_by_month(range in ranges()) {
        let pieces = plan(range);
        prop_assert!(!pieces.is_empty());
        prop_assert_eq!(pieces[0].from_secs(), range.from_secs());
        prop_assert_eq!(pieces[pieces.len() - 1].to_secs(), range.to_secs());
        for pair in pieces.windows(2) {
            prop_assert_eq!(pair[0].to_secs() + 1, pair[1].from_secs(), "gap or overlap");
        }
        let total: i64 = pieces.iter().map(TimeRange::seconds).sum();
        prop_assert_eq!(total, range.seconds());
        for piece in &pieces {
            prop_assert!(piece.from_secs() <= piece.to_secs());
            prop_assert!(piece.seconds() <= 31 * 86_400, "{:?} is longer than 31 days", piece);
            prop_assert_eq!(
                month_of(piece.from_secs()),
                month_of(piece.to_secs()),
                "{:?} crosses a month", piece
            );
        }
        prop_assert_eq!(
            pieces.len() as i64,
            months_touched(range.from_secs(), range.to_secs())
        );
    }

    /// A range longer than the shortest split has two non-empty halves, one right after
    /// the other, covering it exactly and differing by at most a second; a shorter one
    /// has none.
    #[test]
    fn halves_split_a_range_in_two(range in ranges()) {
        match range.halves() {
            None => prop_assert!(range.seconds() <= MIN_SPLIT_SECS),
            Some((a, b)) => {
                prop_assert!(range.seconds() > MIN_SPLIT_SECS);
                prop_assert!(a.seconds() >= 1 && b.seconds() >= 1);
                prop_assert_eq!(a.from_secs(), range.from_secs());
                prop_assert_eq!(a.to_secs() + 1, b.from_secs());
                prop_assert_eq!(b.to_secs(), range.to_secs());
                prop_assert!((a.seconds() - b.seconds()).abs() <= 1);
            }
        }
    }

    /// Any duration up to 999 hours reads back from `HH:MM:SS`, `H:MM:SS`, `MM:SS`, whole
    /// seconds and with spaces around.
    #[test]
    fn durations_round_trip(secs in prop_oneof![
        0u32..3_600,
        0u32..=999 * 3_600,
        24 * 3_600..=999 * 3_600u32,
    ]) {
        let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
        for text in [
            format!("{h:02}:{m:02}:{s:02}"),
            format!("{h}:{m:02}:{s:02}"),
            format!("{}:{s:02}", secs / 60),
            secs.to_string(),
            format!(" {h:02}:{m:02}:{s:02}\t"),
        ] {
            prop_assert_eq!(parse_duration(&text), Reading::Value(secs), "{:?}", text);
        }
    }

    /// Minutes or seconds of 60 and more are never read as a duration.
    #[test]
    fn sixty_minutes_or_seconds_are_unreadable(h in 0u32..1_000, m in 0u32..100, s in 60u32..100) {
        prop_assert_eq!(parse_duration(&format!("{h}:{s}:{:02}", m % 60)), Reading::Unreadable);
        prop_assert_eq!(parse_duration(&format!("{h}:{m:02}:{s}")), Reading::Unreadable);
        prop_assert_eq!(parse_duration(&format!("{m}:{s}")), Reading::Unreadable);
    }

    /// Any civil date-time of years 1 to 9999 reads back from both of the API's forms and
    /// the tolerated variants, and gives back its parts.
    #[test]
    fn stamps_round_trip((y, mo, d, h, mi, s) in date_times()) {
        let want = Stamp::from_parts(
            i32::from(y), mo as u32, d as u32, h as u32, mi as u32, s as u32,
        ).unwrap();
        let secs = want.seconds().unwrap();
        for text in [
            format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
            format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}"),
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}"),
            format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}.5"),
            format!(" {y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} "),
        ] {
            prop_assert_eq!(parse_stamp(&text), Reading::Value(secs), "{:?}", text);
        }
        let dt = want.civil().unwrap();
        prop_assert_eq!(dt, date(y, mo, d).at(h, mi, s, 0));
        prop_assert_eq!(Stamp::from_civil(dt), want);
        prop_assert_eq!(
            parse_stamp(&format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}")),
            Reading::Value(secs - i64::from(s))
        );
    }

    /// Stamps order as their written forms do.
    #[test]
    fn stamps_order_as_written(a in date_times(), b in date_times()) {
        let text = |(y, mo, d, h, mi, s): (i16, i8, i8, i8, i8, i8)| {
            format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
        };
        let (ta, tb) = (text(a), text(b));
        let (sa, sb) = (parse_stamp(&ta).value().unwrap(), parse_stamp(&tb).value().unwrap());
        prop_assert_eq!(sa.cmp(&sb), ta.cmp(&tb));
    }

    /// A day past the end of its month is never read.
    #[test]
    fn days_past_the_month_are_unreadable(y in 1i16..=9999, mo in 1i8..=12, extra in 1i8..=9) {
        let d = date(y, mo, 1).days_in_month() + extra;
        prop_assert_eq!(
            parse_stamp(&format!("{y:04}-{mo:02}-{d:02} 00:00:00")),
            Reading::Unreadable
        );
    }
}

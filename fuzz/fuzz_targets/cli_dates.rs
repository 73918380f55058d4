//! Dates typed on the command line: no panic, whatever is accepted is a real date-time,
//! and the same text read as `--from` and as `--to` gives a start no later than the end,
//! on the same day.

#![no_main]

use jiff::ToSpan;
use jiff::civil::Date;
use libfuzzer_sys::fuzz_target;
use wolkvox_ivr::wolkvox::when::{End, parse_when};

fuzz_target!(|data: &[u8]| {
    // The first two bytes choose "today" (any day from 1900 to 2079), the rest is typed.
    let [a, b, rest @ ..] = data else { return };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let offset = i64::from(u16::from_le_bytes([*a, *b]));
    let Ok(today) = Date::constant(1900, 1, 1).checked_add(offset.days()) else {
        return;
    };
    let from = parse_when(text, End::From, today);
    let to = parse_when(text, End::To, today);
    let (from, to) = match (from, to) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(_), Err(_)) => return,
        (from, to) => panic!("{text:?}: read as --from {from:?} but as --to {to:?}"),
    };
    let (Some(start), Some(end)) = (from.seconds(), to.seconds()) else {
        panic!("{text:?}: accepted as {from:?} / {to:?}, not date-times")
    };
    let (Some(a), Some(b)) = (from.civil(), to.civil()) else {
        panic!("{text:?}: accepted as {start} / {end}, not civil date-times")
    };
    assert!(start <= end, "{text:?}: --from {a} is after --to {b}");
    assert_eq!(
        a.date(),
        b.date(),
        "{text:?}: --from {a} and --to {b} on other days"
    );
});

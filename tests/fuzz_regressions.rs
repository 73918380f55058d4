//! Inputs the fuzzers in `fuzz/` once found failing, each checked with the property its
//! fuzz target asserts, so the fixed bugs stay fixed.

use jiff::civil::{Date, date};
use wolkvox_ivr::report::parse::Way;
use wolkvox_ivr::report::{BodyReader, Ingested, ReadError, Report};
use wolkvox_ivr::wolkvox::when::{End, parse_when};

/// Reads `body` into a copy of `before` every way the `response` target does, checks
/// they agree and that a failed read changes nothing, and gives the outcome.
fn read_every_way(before: &Report, body: &[u8]) -> Result<Ingested, ReadError> {
    let read = |reader| {
        let mut report = before.clone();
        let mut got = report.ingest_by(body, reader);
        if let Ok(ingested) = &mut got {
            ingested.way = Way::default();
        }
        (got, report.describe_calls())
    };
    let plain = read(BodyReader::Plain);
    for reader in [
        BodyReader::Walk {
            split_from: usize::MAX,
        },
        BodyReader::Walk { split_from: 0 },
    ] {
        let other = read(reader);
        assert_eq!(plain.0, other.0, "{reader:?}");
        assert!(plain.1 == other.1, "{reader:?}: other calls");
    }
    if plain.0.is_err() {
        assert!(
            plain.1 == before.describe_calls(),
            "a failed read changed the report"
        );
    }
    plain.0
}

/// The `cli_dates` target's input: two bytes choosing "today" (days after 1900-01-01),
/// then the typed text.
fn cli_dates(input: &[u8]) -> (Date, &str) {
    let [a, b, rest @ ..] = input else {
        panic!("too short")
    };
    let offset = i64::from(u16::from_le_bytes([*a, *b]));
    let today = date(1900, 1, 1)
        .checked_add(jiff::Span::new().days(offset))
        .unwrap();
    (today, std::str::from_utf8(rest).unwrap())
}

/// `--from` / `--to` agree on whether the text is a date, and what they accept are real
/// date-times on one day, the start no later than the end.
fn check_when(today: Date, text: &str) {
    let from = parse_when(text, End::From, today);
    let to = parse_when(text, End::To, today);
    assert_eq!(from.is_ok(), to.is_ok(), "{text:?}");
    if let (Ok(from), Ok(to)) = (from, to) {
        let (a, b) = (from.civil().unwrap(), to.civil().unwrap());
        assert!(a <= b && a.date() == b.date(), "{text:?}: {a} / {b}");
    }
}

/// Year 0 is a valid jiff date but no stamp: it was accepted as an unreadable stamp, and
/// the command line then called the range backwards.
#[test]
fn cli_dates_year_zero_is_refused() {
    let (today, text) = cli_dates(b"\x12\x600000-07-15");
    assert_eq!(text, "0000-07-15");
    check_when(today, text);
    for text in [
        "0000-07-15",
        "0000-01-01",
        "0000-12-31T23:59",
        "0000-12-31 23:59:59",
    ] {
        for end in [End::From, End::To] {
            assert!(parse_when(text, end, today).is_err(), "{text:?} {end:?}");
        }
    }
    // The first day a stamp holds still reads, and "yesterday" before it is refused.
    check_when(today, "0001-01-01");
    assert!(parse_when("0001-01-01", End::From, today).is_ok());
    let first = date(1, 1, 1);
    assert!(parse_when("today", End::From, first).is_ok());
    assert!(parse_when("yesterday", End::From, first).is_err());
    assert!(parse_when("-1d", End::To, first).is_err());
}

/// A byte that is not UTF-8 inside the value of an unknown key: serde_json skips such a
/// text without checking it, so every reader accepts the body alike (the bytes are never
/// used), while the same byte in a field that is read is refused.
#[test]
fn response_invalid_utf8_in_a_skipped_text_reads_alike_every_way() {
    let body = b"{\"code\":200,\"cod\":\"0 rceords were fo\xf5nd\",\"data\":[]}";
    let got = read_every_way(&Report::new(), body).unwrap();
    assert_eq!((got.rows, got.code.as_deref()), (0, Some("200")));
    let read = b"{\"code\":200,\"msg\":\"0 rceords were fo\xf5nd\",\"data\":[]}";
    assert!(read_every_way(&Report::new(), read).is_err());
}

/// A number too large for an `f64` in the value of an unknown key: it is JSON by the
/// grammar and serde_json skips it without reading it, so every reader accepts the body
/// alike; the same number where a value is read is refused.
#[test]
fn response_huge_number_in_a_skipped_value_reads_alike_every_way() {
    let body =
        b"{\n \"code\": 200,\n \"fata\": [1111,1110000000E000000000008198552921648689604]\n}";
    let got = read_every_way(&Report::new(), body).unwrap();
    assert_eq!((got.rows, got.code.as_deref()), (0, Some("200")));
    let read = b"{\"code\": 1110000000E000000000008198552921648689604, \"data\": []}";
    assert!(read_every_way(&Report::new(), read).is_err());
}

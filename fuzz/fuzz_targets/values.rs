//! The value readers on any text: no panic, placeholders are "no value", and every
//! value read writes back in the canonical form and reads back the same.

#![no_main]

use libfuzzer_sys::fuzz_target;
use wolkvox_ivr::report::values::{
    Reading, is_placeholder, parse_duration, parse_stamp, parse_transfer,
};
use wolkvox_ivr::report::{Secs, Stamp};

fn check_duration(text: &str) {
    let got = parse_duration(text);
    assert_eq!(got == Reading::Empty, is_placeholder(text), "{text:?}");
    let Reading::Value(secs) = got else { return };
    assert!(
        secs <= Secs::MAX,
        "{text:?} gave {secs}, past the largest duration"
    );
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    for form in [
        format!("{h}:{m:02}:{s:02}"),
        format!("{h:02}:{m:02}:{s:02}"),
        secs.to_string(),
    ] {
        assert_eq!(
            parse_duration(&form),
            Reading::Value(secs),
            "{text:?} as {form:?}"
        );
    }
}

fn check_stamp(text: &str) {
    let got = parse_stamp(text);
    assert_eq!(got == Reading::Empty, is_placeholder(text), "{text:?}");
    let Reading::Value(secs) = got else { return };
    let stamp = Stamp::from_seconds(secs);
    assert_eq!(stamp.seconds(), Some(secs), "{text:?}");
    let dt = stamp
        .civil()
        .unwrap_or_else(|| panic!("{text:?} read as {secs}, not a civil date-time"));
    assert_eq!(Stamp::from_civil(dt), stamp, "{text:?}");
    let (y, mo, d) = (dt.year(), dt.month(), dt.day());
    let (h, mi, s) = (dt.hour(), dt.minute(), dt.second());
    for form in [
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
        format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}"),
    ] {
        assert_eq!(
            parse_stamp(&form),
            Reading::Value(secs),
            "{text:?} as {form:?}"
        );
    }
}

fn check_transfer(text: &str) {
    let got = parse_transfer(text);
    assert_eq!(got == Reading::Empty, is_placeholder(text), "{text:?}");
    // Spaces around change nothing.
    assert_eq!(parse_transfer(&format!(" {text}\t")), got, "{text:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check_duration(text);
    check_stamp(text);
    check_transfer(text);
});

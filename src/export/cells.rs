//! How each value of a call becomes a cell, shared by the XLSX and the CSV-for-Excel
//! writers so both show what the window shows.

use crate::i18n::Texts;
use crate::report::{Call, Field, FieldKind, Reading, Report, Transfer};

/// One exported value, typed, before a writer formats it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    /// The field was absent from the row.
    Absent,
    /// Text as received (also unreadable and placeholder values of typed fields).
    Text(&'a str),
    /// A call id, phone number or customer id as received: it must stay text.
    Id(&'a str),
    /// A readable duration, in seconds.
    Duration(u32),
    /// A readable date-time.
    DateTime(jiff::civil::DateTime),
    /// The transfer flag or a value Wolkvox defines in the interface's language, as the
    /// window shows it.
    Word(&'static str),
}

/// The cell of `field` for `call`.
pub(crate) fn cell<'a>(
    report: &'a Report,
    call: &Call,
    field: Field,
    t: &'static Texts,
) -> Cell<'a> {
    let raw = || report.raw(call, field).map_or(Cell::Absent, Cell::Text);
    match field.kind() {
        FieldKind::Duration => match call.duration(field).map(|d| d.reading()) {
            Some(Reading::Value(s)) => Cell::Duration(s),
            _ => raw(),
        },
        FieldKind::DateTime => match call.started.civil() {
            Some(dt) => Cell::DateTime(dt),
            None => raw(),
        },
        FieldKind::Flag => match call.transfer {
            Transfer::Transferred => Cell::Word(t.ui_yes),
            Transfer::Retained => Cell::Word(t.ui_no),
            Transfer::Unknown => raw(),
        },
        FieldKind::Text => report.raw(call, field).map_or(Cell::Absent, Cell::Id),
        FieldKind::Shared => match report.raw(call, field) {
            // Values Wolkvox defines read as the window shows them.
            Some(r) => {
                crate::report::values::friendly(t, field, r).map_or(Cell::Text(r), Cell::Word)
            }
            None => Cell::Absent,
        },
    }
}

/// Whether the call's IVR time is above the long-IVR threshold.
pub(crate) fn is_long(call: &Call, long_ivr_secs: u32) -> bool {
    call.ivr_time.get().is_some_and(|s| s > long_ivr_secs)
}

/// Appends `secs` as `H:MM:SS` (hours past 24 allowed), which Excel reads as a time.
pub(crate) fn push_hms(out: &mut String, secs: u32) {
    // Written digit by digit: the formatting machinery is a third of a 1M-row CSV.
    push_int(out, secs / 3600);
    out.push(':');
    push_2(out, (secs / 60) % 60);
    out.push(':');
    push_2(out, secs % 60);
}

/// Appends `dt` as `YYYY-MM-DD HH:MM:SS`, which Excel and LibreOffice read as a
/// date-time in any language.
pub(crate) fn push_iso(out: &mut String, dt: jiff::civil::DateTime) {
    let year = u32::try_from(dt.year()).unwrap_or(0);
    push_2(out, year / 100);
    push_2(out, year % 100);
    for (sep, v) in [
        ('-', dt.month()),
        ('-', dt.day()),
        (' ', dt.hour()),
        (':', dt.minute()),
        (':', dt.second()),
    ] {
        out.push(sep);
        push_2(out, u32::try_from(v).unwrap_or(0));
    }
}

fn push_2(out: &mut String, v: u32) {
    out.push(char::from(b'0' + (v / 10 % 10) as u8));
    out.push(char::from(b'0' + (v % 10) as u8));
}

fn push_int(out: &mut String, v: u32) {
    if v >= 10 {
        push_int(out, v / 10);
    }
    out.push(char::from(b'0' + (v % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_texts() {
        let mut s = String::new();
        push_hms(&mut s, 233);
        s.push(' ');
        push_hms(&mut s, 97_390);
        s.push(' ');
        push_iso(&mut s, jiff::civil::date(2026, 1, 5).at(7, 8, 9, 0));
        s.push(' ');
        push_hms(&mut s, 0);
        s.push(' ');
        push_hms(&mut s, 1_193_046_471);
        s.push(' ');
        push_iso(&mut s, jiff::civil::date(1, 12, 31).at(23, 59, 59, 0));
        assert_eq!(
            s,
            "0:03:53 27:03:10 2026-01-05 07:08:09 0:00:00 331401:47:51 0001-12-31 23:59:59"
        );
    }
}

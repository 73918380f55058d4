//! The two CSV flavours: one that Spanish-locale Excel opens right with a double click,
//! and a plain RFC 4180 one with every value exactly as received, for other tools.

use std::io::{self, Write};

use super::cells::{Cell, cell, push_hms, push_iso};
use super::{ExportOptions, PROGRESS_EVERY, Stop, Ticker};
use crate::i18n::column_title;
use crate::report::{Field, Report};

/// Excel reads a file without this mark in the computer's ANSI code page, which breaks
/// accents; with it, UTF-8.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// Excel keeps a text formula's result only up to this many characters.
const MAX_TEXT_FORMULA: usize = 255;

fn csv_error(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn writer<W: Write>(out: W, delimiter: u8) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(::csv::Terminator::CRLF)
        .quote_style(::csv::QuoteStyle::Necessary)
        .buffer_capacity(1 << 16)
        .from_writer(out)
}

/// Writes the CSV for Excel: BOM, `;`, CRLF, localized titles, values Excel keeps.
pub(crate) fn write_excel(
    report: &Report,
    rows: &[u32],
    out: &mut dyn Write,
    opts: &ExportOptions,
    ticker: &mut Ticker<'_>,
) -> Result<usize, Stop> {
    let t = opts.lang.texts();
    out.write_all(BOM)?;
    let mut head = Vec::new();
    let mut w = writer(&mut head, b';');
    w.write_record(Field::ALL.map(|f| column_title(t, f)))
        .map_err(csv_error)?;
    drop(w);
    out.write_all(&head)?;
    let calls = report.calls();
    write_in_chunks(rows, out, ticker, |chunk, buf| {
        let mut w = writer(buf, b';');
        let mut fields: [String; 17] = Default::default();
        for call in chunk.iter().filter_map(|&i| calls.get(i as usize)) {
            for (slot, field) in fields.iter_mut().zip(Field::ALL) {
                slot.clear();
                match cell(report, call, field, t) {
                    Cell::Absent => {}
                    Cell::Duration(s) => push_hms(slot, s),
                    Cell::DateTime(dt) => push_iso(slot, dt),
                    Cell::Word(w) => slot.push_str(w),
                    Cell::Id(s) => push_for_excel(slot, s, true),
                    Cell::Text(s) => push_for_excel(slot, s, false),
                }
            }
            w.write_record(&fields)?;
        }
        w.flush().map_err(::csv::Error::from)
    })?;
    Ok(rows.len())
}

/// Writes the plain CSV: RFC 4180, comma, API field names, values exactly as received.
pub(crate) fn write_plain(
    report: &Report,
    rows: &[u32],
    out: &mut dyn Write,
    ticker: &mut Ticker<'_>,
) -> Result<usize, Stop> {
    let mut head = Vec::new();
    let mut w = writer(&mut head, b',');
    w.write_record(Field::ALL.map(Field::api_name))
        .map_err(csv_error)?;
    drop(w);
    out.write_all(&head)?;
    let calls = report.calls();
    write_in_chunks(rows, out, ticker, |chunk, buf| {
        let mut w = writer(buf, b',');
        for call in chunk.iter().filter_map(|&i| calls.get(i as usize)) {
            w.write_record(Field::ALL.map(|f| report.raw(call, f).unwrap_or("")))?;
        }
        w.flush().map_err(::csv::Error::from)
    })?;
    Ok(rows.len())
}

/// Formats `rows` chunk by chunk ([`PROGRESS_EVERY`] rows) with `format` (into an empty
/// buffer) on every core and writes the chunks in order. Progress and cancelling are
/// checked after every chunk.
fn write_in_chunks(
    rows: &[u32],
    out: &mut dyn Write,
    ticker: &mut Ticker<'_>,
    format: impl Fn(&[u32], &mut Vec<u8>) -> Result<(), ::csv::Error> + Sync,
) -> Result<(), Stop> {
    let chunks: Vec<&[u32]> = rows.chunks(PROGRESS_EVERY).collect();
    let mut done = 0;
    super::pieces::in_order(
        chunks.len(),
        |k, buf| {
            format(chunks[k], buf).map_err(csv_error)?;
            Ok(std::mem::take(buf))
        },
        |k, text| {
            out.write_all(&text)?;
            done += chunks[k].len();
            ticker.check(done)
        },
    )
}

/// Appends `s` so that Excel shows it as it is: values Excel would turn into a number or
/// a date (and so lose a `+`, leading zeros or digits past 15) become the text formula
/// `="..."`, and anything Excel would run as a formula gets a leading `'`. Ids become
/// text whenever Excel would read them as a number, so a column never mixes the two.
pub(crate) fn push_for_excel(out: &mut String, s: &str, is_id: bool) {
    if number_like(s) && (is_id || !survives_as_number(s)) && s.len() <= MAX_TEXT_FORMULA {
        out.push_str("=\"");
        out.push_str(s);
        out.push('"');
        return;
    }
    let risky = s
        .as_bytes()
        .first()
        .is_some_and(|b| matches!(b, b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    // A lone "-" is Wolkvox's "no value"; Excel shows it as it is.
    if risky && s != "-" {
        out.push('\'');
    }
    out.push_str(s);
}

/// Whether Excel (in Spanish or English) could read `s` as a number, a date or a time:
/// an optional sign, then digits with `.`, `,`, `/`, `:` or `-` between them in at most
/// three groups (a date) or in thousands groups, or a plain exponent (`12E3`).
fn number_like(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s).as_bytes();
    if !body.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let separator = |b: &u8| matches!(b, b'.' | b',' | b'/' | b':' | b'-');
    if body.iter().all(|b| b.is_ascii_digit() || separator(b)) {
        let groups: Vec<&[u8]> = body.split(separator).collect();
        // Wolkvox call ids such as 83339.0885.1795497073.01117 are neither.
        return groups.len() <= 3 || groups[1..].iter().all(|g| g.len() == 3);
    }
    let mut parts = body.split(|b| matches!(b, b'e' | b'E'));
    match (parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(e), None) => {
            !m.is_empty()
                && !e.is_empty()
                && m.iter().all(u8::is_ascii_digit)
                && e.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// Whether Excel would show `s` unchanged after reading it as a number: plain digits,
/// no leading zero, and short enough for the General format to show them all.
fn survives_as_number(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 11
        && b.iter().all(u8::is_ascii_digit)
        && (b.len() == 1 || b[0] != b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excel(s: &str, is_id: bool) -> String {
        let mut out = String::new();
        push_for_excel(&mut out, s, is_id);
        out
    }

    #[test]
    fn values_excel_would_change_stay_text() {
        assert_eq!(excel("+573001234567", true), "=\"+573001234567\"");
        assert_eq!(excel("000123", false), "=\"000123\"");
        assert_eq!(
            excel("12345678901234567890", false),
            "=\"12345678901234567890\""
        );
        assert_eq!(excel("573001234567", false), "=\"573001234567\"");
        assert_eq!(excel("2026-11-25", false), "=\"2026-11-25\"");
        assert_eq!(excel("1.234", false), "=\"1.234\"");
        assert_eq!(excel("12E3", false), "=\"12E3\"");
        // Ids are text even when Excel would keep the number.
        assert_eq!(excel("3001234567", true), "=\"3001234567\"");
        assert_eq!(excel("1023", false), "1023");
        assert_eq!(excel("0", false), "0");
    }

    #[test]
    fn formulas_never_run_and_placeholders_stay() {
        assert_eq!(excel("=1+1", false), "'=1+1");
        assert_eq!(excel("@SUM(A1)", true), "'@SUM(A1)");
        assert_eq!(excel("-2+3", false), "'-2+3");
        assert_eq!(excel("+CMD", false), "'+CMD");
        assert_eq!(excel("\tx", false), "'\tx");
        assert_eq!(excel("-", true), "-");
        assert_eq!(excel("", true), "");
        assert_eq!(excel("Ana María Muñoz", false), "Ana María Muñoz");
        assert_eq!(excel("1e5a", true), "1e5a");
        assert_eq!(
            excel("83339.0885.1795497073.01117", true),
            "83339.0885.1795497073.01117"
        );
        assert_eq!(excel("1.234.567", false), "=\"1.234.567\"");
        assert_eq!(excel("83339.0885", true), "=\"83339.0885\"");
    }
}

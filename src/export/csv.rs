//! The two CSV flavours: one that Spanish-locale Excel opens right with a double click,
//! and a plain RFC 4180 one with every value exactly as received, for other tools.
//!
//! Fields are quoted only when they hold the delimiter, a quote or a line break (quotes
//! inside doubled), and records end in CRLF. A pooled value (durations, agents, routing
//! points, codes, the transfer flag) is formatted and quoted once per column and then
//! copied: in a month of calls the same few thousand values fill most of every row.

use std::io::{self, Write};

use super::cells::{Cell, cell, push_hms, push_iso};
use super::{ExportOptions, PROGRESS_EVERY, Stop, Ticker};
use crate::i18n::{Texts, column_title};
use crate::report::splat;
use crate::report::values::standard_text;
use crate::report::{Call, Field, FieldKind, Reading, Report};

/// Excel reads a file without this mark in the computer's ANSI code page, which breaks
/// accents; with it, UTF-8.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// Excel keeps a text formula's result only up to this many characters.
const MAX_TEXT_FORMULA: usize = 255;

/// Pooled values are formatted once only while the pool is at most this large (every
/// report Wolkvox sends); beyond it each value is formatted where it is written.
const MAX_REMEMBERED_VALUES: usize = 1 << 16;

/// Formatted pooled values are forgotten once they take this many bytes.
const MAX_REMEMBERED_BYTES: usize = 16 << 20;

/// Appends `s` as one CSV field, quoted when it holds `delimiter`, `"`, CR or LF.
fn push_field(out: &mut Vec<u8>, s: &[u8], delimiter: u8) {
    if !s
        .iter()
        .any(|&b| b == delimiter || matches!(b, b'"' | b'\r' | b'\n'))
    {
        out.extend_from_slice(s);
        return;
    }
    out.push(b'"');
    for part in s.split_inclusive(|&b| b == b'"') {
        out.extend_from_slice(part);
        if part.last() == Some(&b'"') {
            out.push(b'"');
        }
    }
    out.push(b'"');
}

/// Appends a record: `fields` separated by `delimiter`, then CRLF.
fn push_record<'a>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = &'a str>, delimiter: u8) {
    for (k, f) in fields.into_iter().enumerate() {
        if k > 0 {
            out.push(delimiter);
        }
        push_field(out, f.as_bytes(), delimiter);
    }
    out.extend_from_slice(b"\r\n");
}

/// Where a pooled value's formatted field is in [`Remembered::bytes`], and what it was
/// formatted from besides its text (a duration's seconds, the transfer flag).
#[derive(Clone, Copy)]
struct Span {
    from: u64,
    start: u32,
    len: u32,
}

impl Span {
    const NONE: Span = Span {
        from: u64::MAX,
        start: 0,
        len: u32::MAX,
    };
}

/// Each pooled value's field as written, per column, made as first met (one per helper
/// that formats rows).
#[derive(Default)]
struct Remembered {
    bytes: Vec<u8>,
    spans: [Vec<Span>; 17],
    /// A value's text before it is quoted.
    text: String,
}

impl Remembered {
    /// Appends the field of column `column` for the pooled value `index`, formatted from
    /// `from` by `format` (into an empty string) unless it already was.
    fn push(
        &mut self,
        out: &mut Vec<u8>,
        column: usize,
        index: usize,
        from: u64,
        delimiter: u8,
        format: impl FnOnce(&mut String),
    ) {
        let spans = &mut self.spans[column];
        if let Some(s) = spans.get(index)
            && s.from == from
            && s.len != u32::MAX
        {
            copy_field(out, &self.bytes, s.start as usize, s.len as usize);
            return;
        }
        self.text.clear();
        format(&mut self.text);
        let start = out.len();
        push_field(out, self.text.as_bytes(), delimiter);
        if self.bytes.len() > MAX_REMEMBERED_BYTES {
            self.bytes.clear();
            self.spans.iter_mut().for_each(Vec::clear);
        }
        let spans = &mut self.spans[column];
        if spans.len() <= index {
            spans.resize(index + 1, Span::NONE);
        }
        // `bytes` ends in [`SHORT`] bytes of room, for `copy_field`.
        let stored = self.bytes.len().saturating_sub(SHORT);
        self.bytes.truncate(stored);
        spans[index] = Span {
            from,
            start: stored as u32,
            len: (out.len() - start) as u32,
        };
        self.bytes.extend_from_slice(&out[start..]);
        self.bytes.extend_from_slice(&[0; SHORT]);
    }
}

/// Fields up to this long are copied as one block of this size.
const SHORT: usize = 32;

/// Appends `bytes[start..start + len]`, a remembered field, to `out`. A short field is
/// copied as a block of [`SHORT`] bytes (`bytes` has room after every field) into room
/// reserved past the end of `out`, which is then made to end after the field: calling
/// out to copy a few bytes, for most fields of every row, costs more than that.
fn copy_field(out: &mut Vec<u8>, bytes: &[u8], start: usize, len: usize) {
    let Some(block) = bytes.get(start..start + SHORT).filter(|_| len <= SHORT) else {
        out.extend_from_slice(&bytes[start..][..len]);
        return;
    };
    out.reserve(SHORT);
    let end = out.len() + len;
    for (to, &b) in out.spare_capacity_mut()[..SHORT].iter_mut().zip(block) {
        to.write(b);
    }
    // SAFETY: the `len` bytes after the end were written just above (`len <= SHORT`).
    unsafe { out.set_len(end) };
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
    let mut head = BOM.to_vec();
    push_record(&mut head, Field::ALL.map(|f| column_title(t, f)), b';');
    out.write_all(&head)?;
    let remember = report.pool_len() <= MAX_REMEMBERED_VALUES;
    let calls = report.calls();
    write_in_chunks(rows, out, ticker, |chunk, buf, made| {
        for call in chunk.iter().filter_map(|&i| calls.get(i as usize)) {
            excel_record(report, call, t, buf, made, remember);
        }
    })?;
    Ok(rows.len())
}

/// What a pooled field's cell is made from besides the value's text.
fn made_from(call: &Call, field: Field) -> u64 {
    match field.kind() {
        FieldKind::Duration => match call.duration(field).map(|d| d.reading()) {
            Some(Reading::Value(s)) => u64::from(s),
            Some(Reading::Unreadable) => 1 << 33,
            _ => 1 << 32,
        },
        FieldKind::Flag => call.transfer as u64,
        _ => 0,
    }
}

/// Appends one call's record of the CSV for Excel.
fn excel_record(
    report: &Report,
    call: &Call,
    t: &'static Texts,
    out: &mut Vec<u8>,
    made: &mut Remembered,
    remember: bool,
) {
    for (column, field) in Field::ALL.into_iter().enumerate() {
        if column > 0 {
            out.push(b';');
        }
        let format = |text: &mut String| excel_text(text, cell(report, call, field, t));
        if field == Field::EndDateRp
            && let Some(text) = call.started.seconds().and_then(standard_text)
        {
            // The form the CSV writes a date in, made without a calendar type.
            out.extend_from_slice(&text);
            continue;
        }
        if field.kind() == FieldKind::Text {
            if let Some(raw) = report.raw(call, field) {
                push_id_field(out, raw, &mut made.text);
            }
            continue;
        }
        match call.sym(field).and_then(|s| s.index()) {
            Some(index) if remember => {
                let from = made_from(call, field);
                made.push(out, column, index, from, b';', format);
            }
            _ => {
                made.text.clear();
                format(&mut made.text);
                push_field(out, made.text.as_bytes(), b';');
            }
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// Appends the text of `cell` as the CSV for Excel shows it (before quoting).
fn excel_text(out: &mut String, cell: Cell<'_>) {
    match cell {
        Cell::Absent => {}
        Cell::Duration(s) => push_hms(out, s),
        Cell::DateTime(dt) => push_iso(out, dt),
        Cell::Word(w) => out.push_str(w),
        Cell::Id(s) => push_for_excel(out, s, true),
        Cell::Text(s) => push_for_excel(out, s, false),
    }
}

/// Writes the plain CSV: RFC 4180, comma, API field names, values exactly as received.
pub(crate) fn write_plain(
    report: &Report,
    rows: &[u32],
    out: &mut dyn Write,
    ticker: &mut Ticker<'_>,
) -> Result<usize, Stop> {
    let mut head = Vec::new();
    push_record(&mut head, Field::ALL.map(Field::api_name), b',');
    out.write_all(&head)?;
    let remember = report.pool_len() <= MAX_REMEMBERED_VALUES;
    let calls = report.calls();
    write_in_chunks(rows, out, ticker, |chunk, buf, made| {
        for call in chunk.iter().filter_map(|&i| calls.get(i as usize)) {
            for (column, field) in Field::ALL.into_iter().enumerate() {
                if column > 0 {
                    buf.push(b',');
                }
                let raw = report.raw(call, field).unwrap_or("");
                match call.sym(field).and_then(|s| s.index()) {
                    Some(index) if remember => {
                        made.push(buf, column, index, 0, b',', |s| s.push_str(raw));
                    }
                    _ => push_field(buf, raw.as_bytes(), b','),
                }
            }
            buf.extend_from_slice(b"\r\n");
        }
    })?;
    Ok(rows.len())
}

/// Formats `rows` chunk by chunk ([`PROGRESS_EVERY`] rows) with `format` (into an empty
/// buffer, with what that helper remembers) on every core and writes the chunks in
/// order. Progress and cancelling are checked after every chunk. The buffers written
/// are used again, so their memory is not asked of the system for every chunk.
fn write_in_chunks(
    rows: &[u32],
    out: &mut dyn Write,
    ticker: &mut Ticker<'_>,
    format: impl Fn(&[u32], &mut Vec<u8>, &mut Remembered) + Sync,
) -> Result<(), Stop> {
    let chunks: Vec<&[u32]> = rows.chunks(PROGRESS_EVERY).collect();
    let spare = std::sync::Mutex::new(Vec::<Vec<u8>>::new());
    let mut done = 0;
    super::pieces::in_order(
        chunks.len(),
        |k, made: &mut Remembered| {
            let mut buf = spare
                .lock()
                .ok()
                .and_then(|mut s| s.pop())
                .unwrap_or_default();
            buf.clear();
            format(chunks[k], &mut buf, made);
            io::Result::Ok(buf)
        },
        |k, text| {
            out.write_all(&text)?;
            if let Ok(mut s) = spare.lock() {
                s.push(text);
            }
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

/// Appends an id (call id, phone, customer id) as [`push_for_excel`] shows it, quoted
/// for the CSV for Excel, straight into `out` in the usual case; `text` is room for the
/// others.
fn push_id_field(out: &mut Vec<u8>, s: &str, text: &mut String) {
    if number_like(s) && s.len() <= MAX_TEXT_FORMULA {
        // `="…"` holds quotes, so the field is quoted with them doubled; a number-like
        // text holds none, nor a `;` or a line break.
        out.extend_from_slice(b"\"=\"\"");
        out.extend_from_slice(s.as_bytes());
        out.extend_from_slice(b"\"\"\"");
    } else {
        text.clear();
        push_for_excel(text, s, true);
        push_field(out, text.as_bytes(), b';');
    }
}

/// Whether Excel (in Spanish or English) could read `s` as a number, a date or a time:
/// an optional sign, then digits with `.`, `,`, `/`, `:` or `-` between them in at most
/// three groups (a date) or in thousands groups, or a plain exponent (`12E3`).
fn number_like(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s).as_bytes();
    if !body.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    // One pass over digits and separators: how many groups, and whether every group
    // after the first has three digits. Wolkvox call ids such as
    // 83339.0885.1795497073.01117 are neither.
    let (mut groups, mut thousands, mut digits) = (1, true, 0);
    let mut i = 0;
    while let Some(&b) = body.get(i) {
        // A run of digits is passed eight at a time: ids and phones are mostly digits.
        let run = leading_digits(body.get(i..i + 8));
        if run > 0 {
            digits += run;
            i += run;
            continue;
        }
        if matches!(b, b'.' | b',' | b'/' | b':' | b'-') {
            thousands &= groups == 1 || digits == 3;
            groups += 1;
            digits = 0;
        } else if !b.is_ascii_digit() {
            return exponent_like(body);
        } else {
            digits += 1;
        }
        i += 1;
    }
    thousands &= groups == 1 || digits == 3;
    groups <= 3 || thousands
}

/// How many of the eight bytes of `word` are ASCII digits before the first that is not
/// (0 when `word` is shorter than eight bytes).
fn leading_digits(word: Option<&[u8]>) -> usize {
    let Some(w) = word.and_then(|w| w.try_into().ok()).map(u64::from_le_bytes) else {
        return 0;
    };
    // Each byte minus `0`: a digit is 0 to 9. Adding 0x76 to its low seven bits sets the
    // high bit exactly when they are 10 or more, without carrying into the next byte;
    // a byte whose own high bit is set is not a digit either.
    let x = w ^ splat(b'0');
    let not_digit = (((x & splat(0x7f)) + splat(0x76)) | x) & splat(0x80);
    (not_digit.trailing_zeros() / 8) as usize
}

/// Whether `body` (without its sign) is a plain exponent: digits, `e` or `E`, digits.
fn exponent_like(body: &[u8]) -> bool {
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
    use crate::export::Format;

    fn excel(s: &str, is_id: bool) -> String {
        let mut out = String::new();
        push_for_excel(&mut out, s, is_id);
        out
    }

    /// [`number_like`] as first written: split into groups, then counted.
    fn number_like_by_groups(s: &str) -> bool {
        let body = s.strip_prefix(['+', '-']).unwrap_or(s).as_bytes();
        if !body.first().is_some_and(u8::is_ascii_digit) {
            return false;
        }
        let separator = |b: &u8| matches!(b, b'.' | b',' | b'/' | b':' | b'-');
        if body.iter().all(|b| b.is_ascii_digit() || separator(b)) {
            let (mut groups, mut thousands) = (1, true);
            for g in body.split(separator).skip(1) {
                groups += 1;
                thousands &= g.len() == 3;
            }
            return groups <= 3 || thousands;
        }
        exponent_like(body)
    }

    #[test]
    fn number_like_texts_are_told_in_one_pass_as_by_their_groups() {
        // Every text of up to 6 characters from digits, separators, signs and others.
        let alphabet = ['1', '0', '.', ',', '/', ':', '-', '+', 'e', 'x', 'ñ'];
        let mut texts = vec![String::new()];
        for len in 1..=6 {
            let mut next = Vec::new();
            for t in texts.iter().filter(|t| t.chars().count() == len - 1) {
                for c in alphabet {
                    next.push(format!("{t}{c}"));
                }
            }
            texts.extend(next);
        }
        texts.extend(
            [
                "39829.0007.1790830927.25868",
                "1,234,567",
                "1.234.567,89",
                "12,34,567",
                "2026-10-01 12:00",
                "+573001234567",
                "12E3",
            ]
            .map(String::from),
        );
        // Longer ones in groups: up to five groups of up to four digits, each pair of
        // groups joined by a `.` or a `-`.
        let mut grouped = vec![String::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for t in &grouped {
                let joins: &[&str] = if t.is_empty() { &[""] } else { &[".", "-"] };
                for digits in 0..=4 {
                    for join in joins {
                        next.push(format!("{t}{join}{}", &"1234"[..digits]));
                    }
                }
            }
            texts.extend(next.iter().cloned());
            grouped = next;
        }
        // Long runs of digits, read eight at a time, with one other character at each
        // place.
        for len in 1..=26 {
            let run: String = (0..len)
                .map(|i| char::from(b'0' + (i % 10) as u8))
                .collect();
            texts.push(run.clone());
            for at in 0..len {
                for other in ['.', ',', 'e', 'E', 'x', '/', ':', '-', '@', 'ñ', '٣'] {
                    let mut t = run.clone();
                    t.replace_range(at..at + 1, other.encode_utf8(&mut [0; 4]));
                    // Also where the groups before decide: after two groups, and after
                    // thousands groups.
                    texts.extend([format!("1.2.{t}"), format!("123,456,{t}"), t]);
                }
            }
        }
        for t in &texts {
            assert_eq!(number_like(t), number_like_by_groups(t), "{t:?}");
        }
    }

    #[test]
    fn remembered_fields_are_copied_whole_and_nothing_past_them() {
        let mut made = Remembered::default();
        let texts: Vec<String> = (0..70)
            .map(|n| "ab;\"".repeat(n)[..n].to_string())
            .collect();
        for round in 0..2 {
            for (index, text) in texts.iter().enumerate() {
                let mut out = b"x".to_vec();
                made.push(&mut out, 3, index, 0, b';', |s| s.push_str(text));
                let mut expected = b"x".to_vec();
                push_field(&mut expected, text.as_bytes(), b';');
                assert_eq!(out, expected, "round {round}, {text:?}");
            }
        }
    }

    #[test]
    fn ids_written_straight_read_as_when_formatted_then_quoted() {
        for id in [
            "0016045009924",
            "39829.0007.1790830927.25868",
            "+573001234567",
            "-5",
            "12E3",
            "1,234,567",
            "2026-10-01",
            "a;b",
            "say \"hi\"",
            "=1+1",
            "-",
            "",
            "x\r\ny",
            &"9".repeat(300),
        ] {
            let mut text = String::new();
            let mut straight = Vec::new();
            push_id_field(&mut straight, id, &mut text);
            let mut formatted = Vec::new();
            push_field(&mut formatted, excel(id, true).as_bytes(), b';');
            assert_eq!(straight, formatted, "{id:?}");
        }
    }

    fn written(format: Format, body: &str) -> String {
        let mut report = Report::new();
        report.ingest(body.as_bytes()).unwrap();
        let rows: Vec<u32> = (0..report.len() as u32).collect();
        let opts = ExportOptions::new(format, crate::i18n::Lang::En);
        let progress = |_| true;
        let mut ticker = Ticker::new(&progress);
        let mut out = Vec::new();
        match format {
            Format::CsvPlain => write_plain(&report, &rows, &mut out, &mut ticker),
            _ => write_excel(&report, &rows, &mut out, &opts, &mut ticker),
        }
        .ok()
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_pooled_value_is_written_as_each_column_shows_it_and_quoted_when_needed() {
        // "00:01:00" as a duration, a flag and an agent; "a;b" and a quote in two
        // columns; two rows alike, so the second comes from what was remembered.
        let row = r#"{"conn_id":"C","time_on_rp":"00:01:00","agent_name":"00:01:00","go_to_agent":"00:01:00","cod_act":"a;b","cod_act_2":"say \"hi\"","skill_result":"a,b\r\n"}"#;
        let body = format!(r#"{{"data":[{row},{}]}}"#, row.replace("\"C\"", "\"D\""));
        let excel = written(Format::CsvExcel, &body);
        assert!(excel.starts_with("\u{feff}Call ID;IVR time;"), "{excel}");
        // Neither yes nor no, the flag stays text, as the agent does: a text formula, quoted.
        let formula = "\"=\"\"00:01:00\"\"\"";
        let record = format!(
            ";0:01:00;;;;;;;\"a,b\r\n\";{formula};;{formula};;\"a;b\";\"say \"\"hi\"\"\";;\r\n"
        );
        assert!(excel.ends_with(&format!("C{record}D{record}")), "{excel}");
        let plain = written(Format::CsvPlain, &body);
        assert!(plain.starts_with("conn_id,time_on_rp,"), "{plain}");
        let record = ",00:01:00,,,,,,,\"a,b\r\n\",00:01:00,,00:01:00,,a;b,\"say \"\"hi\"\"\",,\r\n";
        assert!(plain.ends_with(&format!("C{record}D{record}")), "{plain}");
    }

    #[test]
    fn a_date_is_written_in_one_form_however_it_was_received() {
        let body = r#"{"data":[
            {"conn_id":"1","rp_id":"A","end_date_rp":"2026-10-01 00:02:07"},
            {"conn_id":"2","rp_id":"A","end_date_rp":"2026-10-01T00:02:07"},
            {"conn_id":"3","rp_id":"A","end_date_rp":"2026-02-30 00:02:07"}
        ]}"#;
        let excel = written(Format::CsvExcel, body);
        let dates: Vec<&str> = excel
            .lines()
            .skip(1)
            .map(|l| l.split(';').nth(2).unwrap())
            .collect();
        assert_eq!(
            dates,
            [
                "2026-10-01 00:02:07",
                "2026-10-01 00:02:07",
                "2026-02-30 00:02:07"
            ]
        );
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

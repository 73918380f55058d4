//! The quick way through the usual row: an object whose keys and values are all plain
//! strings (no escapes), which is every row Wolkvox sends. Such a row is scanned here
//! byte by byte and merged exactly as serde_json would have handed it over; any other
//! row (a number, `null`, an escape, a control character, invalid UTF-8, a stray byte)
//! is left untouched for serde_json to read, so its result and its message stay its own.

use super::call::Field;
use super::calls::{Report, RowBuilder, Undo};

/// More pairs than this in one row are left to serde_json (a row has 17).
const MAX_PAIRS: usize = 40;

/// Reads the row whose `{` is at `body[pos]` and merges it, when it is flat; returns
/// where the row ends (just past its `}`). `None` leaves the report as it was.
pub(super) fn flat_row(
    body: &[u8],
    pos: usize,
    report: &mut Report,
    undo: &mut Undo,
) -> Option<usize> {
    let mut pairs = [(0usize, 0usize, 0usize, 0usize); MAX_PAIRS];
    let mut n = 0;
    let mut i = pos;
    if body.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(body, i + 1);
    if body.get(i) == Some(&b'}') {
        i += 1;
    } else {
        loop {
            let (key_start, key_end) = string_at(body, i)?;
            i = skip_ws(body, key_end + 1);
            if body.get(i) != Some(&b':') {
                return None;
            }
            i = skip_ws(body, i + 1);
            let (value_start, value_end) = string_at(body, i)?;
            if n == MAX_PAIRS {
                return None;
            }
            pairs[n] = (key_start, key_end, value_start, value_end);
            n += 1;
            i = skip_ws(body, value_end + 1);
            match body.get(i) {
                Some(b',') => i = skip_ws(body, i + 1),
                Some(b'}') => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    // Outside its strings a row scanned this far is ASCII, so this checks the strings.
    let row = std::str::from_utf8(body.get(pos..i)?).ok()?;
    let text = |start: usize, end: usize| row.get(start - pos..end - pos).unwrap_or("");
    let mut builder = RowBuilder::new();
    for (k, &(ks, ke, vs, ve)) in pairs[..n].iter().enumerate() {
        let key = text(ks, ke);
        // Rows list their fields in the API's order: one comparison for most keys.
        let field = match Field::ALL.get(k) {
            Some(&f) if f.api_name() == key => Some(f),
            _ => super::parse::field_of(key),
        };
        if let Some(field) = field {
            builder.set(report, field, Some(text(vs, ve)), false);
        }
    }
    report.commit(builder.finish(), undo);
    Some(i)
}

/// The contents of the string whose `"` is at `body[at]`: (first byte, closing quote).
/// `None` for anything but a string without escapes or control characters.
fn string_at(body: &[u8], at: usize) -> Option<(usize, usize)> {
    if body.get(at) != Some(&b'"') {
        return None;
    }
    let start = at + 1;
    let rest = body.get(start..)?;
    let len = rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    (rest[len] == b'"').then_some((start, start + len))
}

fn skip_ws(body: &[u8], mut i: usize) -> usize {
    while body
        .get(i)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(row: &str) -> Option<(usize, Vec<String>)> {
        let mut report = Report::new();
        let mut undo = report.begin();
        let end = flat_row(row.as_bytes(), 0, &mut report, &mut undo)?;
        Some((end, report.describe_calls()))
    }

    #[test]
    fn plain_string_rows_are_scanned_in_any_key_order_and_spacing() {
        let (end, calls) = scan(r#"{"conn_id":"a","agent_name":"Ana"} ,"#).unwrap();
        assert_eq!(end, 34);
        assert!(calls[0].contains("Some(\"Ana\")"));
        let (_, spaced) = scan("{ \"agent_name\" :\t\"Ana\",\n \"conn_id\": \"a\" }").unwrap();
        assert_eq!(spaced, calls);
        assert_eq!(scan("{}").unwrap().0, 2);
        // Keys of another case and unknown keys are read as serde_json's way reads them.
        let (_, odd) = scan(r#"{"CONN_ID":"a","x":"y","Agent_Name":"Ana"}"#).unwrap();
        assert_eq!(odd, calls);
    }

    #[test]
    fn anything_else_is_left_to_the_full_reader() {
        for row in [
            r#"{"conn_id":1}"#,
            r#"{"conn_id":null}"#,
            r#"{"conn_id":"a\"b"}"#,
            r#"{"conn_id":"a\u0041"}"#,
            "{\"conn_id\":\"a\tb\"}",
            r#"{"conn_id":"a",}"#,
            r#"{"conn_id":"a""#,
            r#"{"conn_id" "a"}"#,
            r#"{"conn_id":{"x":"y"}}"#,
            "[]",
        ] {
            assert_eq!(scan(row), None, "{row}");
        }
        let mut invalid = br#"{"conn_id":"a"}"#.to_vec();
        invalid[12] = 0xff;
        let mut report = Report::new();
        let mut undo = report.begin();
        assert_eq!(flat_row(&invalid, 0, &mut report, &mut undo), None);
        assert!(report.is_empty());
    }
}

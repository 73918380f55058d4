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
        // Rows list their fields in the API's order: one comparison for most keys.
        let field = match (Field::ALL.get(k), packed(body, ks, ke)) {
            (Some(&f), Some(key)) if NAMES[k] == key => Some(f),
            _ => super::parse::field_of(text(ks, ke)),
        };
        if let Some(field) = field {
            builder.set(report, field, Some(text(vs, ve)), false);
        }
    }
    report.commit(builder.finish(), undo);
    Some(i)
}

/// The API's names, each as the number its bytes make (little-endian, zero-padded; no
/// name is longer than 16 bytes), with its length.
const NAMES: [(u128, usize); 17] = {
    let mut names = [(0u128, 0usize); 17];
    let mut k = 0;
    while k < 17 {
        let b = Field::ALL[k].api_name().as_bytes();
        let mut i = 0;
        while i < b.len() {
            names[k].0 |= (b[i] as u128) << (8 * i);
            i += 1;
        }
        names[k].1 = b.len();
        k += 1;
    }
    names
};

/// `body[start..end]` as [`NAMES`] holds names, when it is 16 bytes or fewer and 16
/// bytes can be read from `start`.
fn packed(body: &[u8], start: usize, end: usize) -> Option<(u128, usize)> {
    let len = end.checked_sub(start).filter(|&n| n <= 16)?;
    let bytes: [u8; 16] = body.get(start..start + 16)?.try_into().ok()?;
    let mask = if len == 16 {
        u128::MAX
    } else {
        (1u128 << (8 * len)) - 1
    };
    Some((u128::from_le_bytes(bytes) & mask, len))
}

/// Each byte of a word set to `b`.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// The high bit of the lowest byte of `w` below `n` (and of some bytes above it), 0 when
/// none is.
fn below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(splat(n)) & !w & splat(0x80)
}

/// The contents of the string whose `"` is at `body[at]`: (first byte, closing quote).
/// `None` for anything but a string without escapes or control characters.
fn string_at(body: &[u8], at: usize) -> Option<(usize, usize)> {
    if body.get(at) != Some(&b'"') {
        return None;
    }
    let start = at + 1;
    let mut i = start;
    // Eight bytes at a time: the lowest flagged byte is the first `"`, `\` or control
    // character (flags above a true one may be false, and are never looked at).
    while let Some(word) = body.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().ok()?);
        let hits = below(w ^ splat(b'"'), 1) | below(w ^ splat(b'\\'), 1) | below(w, 0x20);
        if hits != 0 {
            let j = i + (hits.trailing_zeros() / 8) as usize;
            return (body[j] == b'"').then_some((start, j));
        }
        i += 8;
    }
    let rest = body.get(i..)?;
    let len = rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    (rest[len] == b'"').then_some((start, i + len))
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
    fn strings_end_at_their_first_quote_escape_or_control_character_at_any_position() {
        let naive = |body: &[u8], at: usize| {
            let start = at + 1;
            let rest = &body[start..];
            let len = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
            (rest[len] == b'"').then_some((start, start + len))
        };
        for len in 0..40 {
            for special in [b'"', b'\\', b'\n', 0x1f, 0x00] {
                for pad in 0..3 {
                    let mut body = vec![b'"'];
                    body.extend((0..len).map(|i| [b'a', 0xc3, 0xb1, b' ', 0x7f, 0x20][i % 6]));
                    body.push(special);
                    body.extend(std::iter::repeat_n(b'"', pad));
                    assert_eq!(string_at(&body, 0), naive(&body, 0), "{body:?}");
                }
            }
        }
        assert_eq!(string_at(b"\"abc", 0), None);
        assert_eq!(string_at(b"abc\"", 0), None);
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

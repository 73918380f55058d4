//! The quick way through the usual row: an object whose keys and values are all plain
//! strings (no escapes), which is every row Wolkvox sends. Such a row is scanned here
//! byte by byte and merged exactly as serde_json would have handed it over; any other
//! row (a number, `null`, an escape, a control character, invalid UTF-8, a stray byte)
//! is left untouched for serde_json to read, so its result and its message stay its own.

use arrayvec::ArrayVec;

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
    // Each pair: its field (`None`: the key is not the API's name at its place, to be
    // looked up by its text), the key's and the value's text. Only the pairs found are
    // written: filling the whole list first, for every row, cost more than scanning it.
    let mut pairs = ArrayVec::<(Option<Field>, &str, &str), MAX_PAIRS>::new();
    let mut i = pos;
    if body.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(body, i + 1);
    if body.get(i) == Some(&b'}') {
        i += 1;
    } else {
        loop {
            if pairs.is_full() {
                return None;
            }
            // Rows list their fields in the API's order: most keys are the name expected
            // at their place, told by one comparison without scanning the key.
            let (field, key, key_end) = match expected_key(body, i, pairs.len()) {
                Some((field, end)) => (Some(field), "", end),
                None => {
                    let (start, end, ascii) = string_at(body, i)?;
                    (None, text_of(body, start, end, ascii)?, end)
                }
            };
            // The API writes `"key":"value","key":…` without spaces: those are told
            // at once, any other spacing byte by byte.
            i = if body.get(key_end + 1..key_end + 3) == Some(b":\"") {
                key_end + 2
            } else {
                let colon = skip_ws(body, key_end + 1);
                if body.get(colon) != Some(&b':') {
                    return None;
                }
                skip_ws(body, colon + 1)
            };
            let (value_start, value_end, ascii) = string_at(body, i)?;
            pairs.push((field, key, text_of(body, value_start, value_end, ascii)?));
            if body.get(value_end + 1..value_end + 3) == Some(b",\"") {
                i = value_end + 2;
                continue;
            }
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
    let mut builder = RowBuilder::new();
    for &(field, key, value) in &pairs {
        if let Some(field) = field.or_else(|| super::parse::field_of(key)) {
            builder.set(report, field, Some(value), false);
        }
    }
    report.commit(builder.finish(), undo);
    Some(i)
}

/// When the string at `body[at]` is the API's name of the `k`th field (the name is
/// followed by its closing quote), that field and where the quote is.
fn expected_key(body: &[u8], at: usize, k: usize) -> Option<(Field, usize)> {
    let (&field, name) = Field::ALL.get(k).zip(NAMES.get(k))?;
    let start = at + 1;
    let end = start + name.len;
    let bytes: [u8; 16] = body.get(start..start + 16)?.try_into().ok()?;
    (body.get(at) == Some(&b'"')
        && u128::from_le_bytes(bytes) & name.mask == name.bytes
        && body.get(end) == Some(&b'"'))
    .then_some((field, end))
}

/// The text of a string's contents `body[start..end]` as [`string_at`] found them, told
/// whether they are all `ascii`; `None` when they are not valid UTF-8. Every byte of a
/// row outside its strings is ASCII, and a character's bytes never span an ASCII byte,
/// so the row is valid UTF-8 exactly when each of its strings is.
fn text_of(body: &[u8], start: usize, end: usize, ascii: bool) -> Option<&str> {
    let bytes = body.get(start..end)?;
    if ascii {
        // SAFETY: `string_at` saw every byte of the contents below 0x80: ASCII, which
        // is valid UTF-8.
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    } else {
        std::str::from_utf8(bytes).ok()
    }
}

/// An API name as [`expected_key`] compares it: its bytes as a number (little-endian,
/// zero-padded; no name is longer than 16 bytes), the mask of its bytes, its length.
struct Name {
    bytes: u128,
    mask: u128,
    len: usize,
}

/// The API's names, in the API's order.
const NAMES: [Name; 17] = {
    let mut names = [const {
        Name {
            bytes: 0,
            mask: 0,
            len: 0,
        }
    }; 17];
    let mut k = 0;
    while k < 17 {
        let b = Field::ALL[k].api_name().as_bytes();
        let mut i = 0;
        while i < b.len() {
            names[k].bytes |= (b[i] as u128) << (8 * i);
            names[k].mask |= 0xff << (8 * i);
            i += 1;
        }
        names[k].len = b.len();
        k += 1;
    }
    names
};

/// Each byte of a word set to `b`.
pub(crate) const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// The high bit of the lowest byte of `w` below `n` (and of some bytes above it), 0 when
/// none is.
fn below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(splat(n)) & !w & splat(0x80)
}

/// The contents of the string whose `"` is at `body[at]`: (first byte, closing quote,
/// whether every byte is ASCII). `None` for anything but a string without escapes or
/// control characters.
fn string_at(body: &[u8], at: usize) -> Option<(usize, usize, bool)> {
    if body.get(at) != Some(&b'"') {
        return None;
    }
    let start = at + 1;
    let mut i = start;
    // The bytes looked at so far, or-ed: their high bits tell a byte outside ASCII.
    let mut seen = 0u64;
    // Sixteen bytes at a time where the processor compares them at once: one step for
    // most values.
    #[cfg(target_arch = "x86_64")]
    while let Some(block) = body.get(i..i + 16) {
        let (special, high) = sixteen::scan(block.try_into().ok()?);
        if special != 0 {
            let before = special.trailing_zeros();
            let j = i + before as usize;
            let ascii = seen == 0 && high & ((1 << before) - 1) == 0;
            return (body[j] == b'"').then_some((start, j, ascii));
        }
        seen |= u64::from(high != 0) << 7;
        i += 16;
    }
    // Eight bytes at a time: the lowest flagged byte is the first `"`, `\` or control
    // character (flags above a true one may be false, and are never looked at).
    while let Some(word) = body.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().ok()?);
        let hits = below(w ^ splat(b'"'), 1) | below(w ^ splat(b'\\'), 1) | below(w, 0x20);
        if hits != 0 {
            let before = hits.trailing_zeros() & !7;
            let j = i + (before / 8) as usize;
            seen |= w & ((1u64 << before) - 1);
            let ascii = seen & splat(0x80) == 0;
            return (body[j] == b'"').then_some((start, j, ascii));
        }
        seen |= w;
        i += 8;
    }
    let rest = body.get(i..)?;
    let len = rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    let ascii = seen & splat(0x80) == 0 && rest[..len].is_ascii();
    (rest[len] == b'"').then_some((start, i + len, ascii))
}

/// [`string_at`]'s test of sixteen bytes at once with SSE2, which every x86-64
/// processor has.
#[cfg(target_arch = "x86_64")]
mod sixteen {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };

    /// Bit `k` of the first mask is set when `block[k]` is `"`, `\` or a control
    /// character; of the second, when it is outside ASCII.
    pub(super) fn scan(block: &[u8; 16]) -> (u32, u32) {
        // SAFETY: SSE2 is part of every x86-64 processor, so these intrinsics are always
        // available; the load is an unaligned read of exactly the 16 bytes `block` holds.
        unsafe {
            let x = _mm_loadu_si128(block.as_ptr().cast());
            let quote = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\\' as i8));
            // Below 0x20 exactly when the smaller of the byte and 0x1f is the byte.
            let control = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x);
            let special = _mm_or_si128(_mm_or_si128(quote, backslash), control);
            (
                _mm_movemask_epi8(special) as u32,
                _mm_movemask_epi8(x) as u32,
            )
        }
    }
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
        // A key that begins with, or is the start of, the name expected at its place is
        // not that name.
        let (_, longer) = scan(r#"{"conn_idx":"a","conn":"b","agent_name":"Ana"}"#).unwrap();
        let (_, alone) = scan(r#"{"agent_name":"Ana"}"#).unwrap();
        assert_eq!(longer, alone);
        // Text outside ASCII, in keys and values, is kept as it came.
        let (_, accented) = scan(r#"{"conn_id":"a","agent_name":"Ana María"}"#).unwrap();
        assert!(accented[0].contains("Some(\"Ana María\")"), "{accented:?}");
        let (_, unknown) = scan(r#"{"cónn_id":"a","agent_name":"Ana"}"#).unwrap();
        assert_eq!(unknown, alone);
    }

    #[test]
    fn strings_end_at_their_first_quote_escape_or_control_character_at_any_position() {
        let naive = |body: &[u8], at: usize| {
            let start = at + 1;
            let rest = &body[start..];
            let len = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
            (rest[len] == b'"').then_some((start, start + len, rest[..len].is_ascii()))
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
        // One byte outside ASCII (or none) anywhere before or after the end, which may
        // fall in the same block of 16 or 8 bytes as it.
        for len in 0..40 {
            for outside in (0..len + 3).map(Some).chain([None]) {
                for special in [b'"', b'\\', 0x1f] {
                    let mut body = vec![b'"'];
                    body.extend(std::iter::repeat_n(b'x', len));
                    body.push(special);
                    body.extend(std::iter::repeat_n(b'y', 20));
                    if let Some(k) = outside.filter(|&k| k != len) {
                        body[1 + k] = 0xc3;
                    }
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
        // Invalid UTF-8 in a value or a key, alone or after a valid character.
        for (at, bytes) in [(12, &[0xff][..]), (2, &[0xff]), (12, &[0xc3, 0xb1, 0xc3])] {
            let mut invalid = br#"{"conn_id":"a","agent_name":"Ana"}"#.to_vec();
            invalid.splice(at..at + 1, bytes.iter().copied());
            let mut report = Report::new();
            let mut undo = report.begin();
            assert_eq!(
                flat_row(&invalid, 0, &mut report, &mut undo),
                None,
                "{invalid:?}"
            );
            assert!(report.is_empty());
        }
    }
}

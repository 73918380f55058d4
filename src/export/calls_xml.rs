//! The rows of a "Calls" sheet as the sheet's XML, written here rather than cell by cell
//! through the spreadsheet library, whose per-cell work (checks, style lookups) was most
//! of a big workbook's time; pieces of rows are written on several cores at once. Each
//! cell is the one the library would write for the same value and style: the same
//! number text, the same escapes, the same inline strings.

use super::cells::{Cell, cell, is_long};
use super::xlsx::{ExcelSerial, fit_cell};
use crate::i18n::Texts;
use crate::report::{Field, Report};

/// The cell styles' numbers in the workbook's style sheet, each in a plain and a
/// long-IVR variant (0 is the default style).
#[derive(Debug, Clone, Copy)]
pub(super) struct Xf {
    pub(super) text: [u32; 2],
    pub(super) date: [u32; 2],
    pub(super) duration: [u32; 2],
}

const COLUMNS: [&str; 17] = [
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q",
];

/// Writes rows of calls.
pub(super) struct CallsXml<'a> {
    pub(super) report: &'a Report,
    pub(super) t: &'static Texts,
    pub(super) long_ivr_secs: u32,
    pub(super) xf: Xf,
}

impl CallsXml<'_> {
    /// The letter of column `c` (0 is A) of the calls sheet.
    pub(super) fn column(c: usize) -> &'static str {
        COLUMNS.get(c).copied().unwrap_or("Q")
    }

    /// Appends the rows of the calls at `rows`, the first being sheet row `first` (1 is
    /// the sheet's first row); returns the last sheet row that got a cell, if any.
    pub(super) fn rows(&self, rows: &[u32], first: u32, out: &mut Vec<u8>) -> Option<u32> {
        let calls = self.report.calls();
        let mut last = None;
        for (r, &i) in rows.iter().enumerate() {
            let Some(call) = calls.get(i as usize) else {
                continue;
            };
            let row = first + r as u32;
            let mut number = itoa::Buffer::new();
            let row_text = number.format(row).as_bytes();
            let start = out.len();
            out.extend_from_slice(b"<row r=\"");
            out.extend_from_slice(row_text);
            out.extend_from_slice(b"\">");
            let open = out.len();
            let hl = usize::from(is_long(call, self.long_ivr_secs));
            for (c, field) in Field::ALL.into_iter().enumerate() {
                let at = Cellref {
                    col: COLUMNS[c].as_bytes(),
                    row: row_text,
                };
                let text_xf = self.xf.text[hl];
                match cell(self.report, call, field, self.t) {
                    Cell::Absent => blank(out, &at, text_xf),
                    Cell::Duration(s) => {
                        number_cell(out, &at, f64::from(s) / 86_400.0, self.xf.duration[hl])
                    }
                    // Excel has no dates before 1900: such a value stays as received.
                    Cell::DateTime(dt) if dt.year() >= 1900 => {
                        number_cell(out, &at, ExcelSerial::of(dt).0, self.xf.date[hl])
                    }
                    Cell::DateTime(_) => {
                        let raw = self.report.raw(call, field).unwrap_or("");
                        text_cell(out, &at, raw, text_xf);
                    }
                    Cell::Text(s) | Cell::Id(s) | Cell::Word(s) => text_cell(out, &at, s, text_xf),
                }
            }
            if out.len() == open {
                // A row without a cell is not written at all.
                out.truncate(start);
            } else {
                out.extend_from_slice(b"</row>");
                last = Some(row);
            }
        }
        last
    }
}

struct Cellref<'a> {
    col: &'a [u8],
    row: &'a [u8],
}

/// `<c r="B2"` and the style, when not the default.
fn open_cell(out: &mut Vec<u8>, at: &Cellref<'_>, xf: u32) {
    out.extend_from_slice(b"<c r=\"");
    out.extend_from_slice(at.col);
    out.extend_from_slice(at.row);
    if xf > 0 {
        out.extend_from_slice(b"\" s=\"");
        out.extend_from_slice(itoa::Buffer::new().format(xf).as_bytes());
    }
    out.push(b'"');
}

/// A cell with a style and no value; nothing in the default style.
fn blank(out: &mut Vec<u8>, at: &Cellref<'_>, xf: u32) {
    if xf > 0 {
        open_cell(out, at, xf);
        out.extend_from_slice(b"/>");
    }
}

fn number_cell(out: &mut Vec<u8>, at: &Cellref<'_>, value: f64, xf: u32) {
    open_cell(out, at, xf);
    out.extend_from_slice(b"><v>");
    out.extend_from_slice(zmij::Buffer::new().format_finite(value).as_bytes());
    out.extend_from_slice(b"</v></c>");
}

/// Text as an inline string; an empty text is a blank cell (as Excel and the library
/// treat it).
fn text_cell(out: &mut Vec<u8>, at: &Cellref<'_>, s: &str, xf: u32) {
    let s = fit_cell(s);
    if s.is_empty() {
        blank(out, at, xf);
        return;
    }
    open_cell(out, at, xf);
    out.extend_from_slice(b" t=\"inlineStr\"><is><t");
    if s.starts_with(['\t', '\n', ' ']) || s.ends_with(['\t', '\n', ' ']) {
        out.extend_from_slice(b" xml:space=\"preserve\"");
    }
    out.push(b'>');
    push_escaped(out, s);
    out.extend_from_slice(b"</t></is></c>");
}

/// Appends `s` escaped for an element's text the way Excel writes it: `&`, `<`, `>` as
/// entities, control characters and U+FFFE/U+FFFF as `_xHHHH_`, and the `_` of a
/// literal `_xHHHH_` as `_x005F_`.
fn push_escaped(out: &mut Vec<u8>, s: &str) {
    let plain = s.bytes().all(|b| {
        !matches!(b, b'&' | b'<' | b'>' | b'_' | 0xEF) && (b >= 0x20 || b == b'\t' || b == b'\n')
    });
    if plain {
        out.extend_from_slice(s.as_bytes());
        return;
    }
    let mut text = String::with_capacity(s.len() + 8);
    let bytes = s.as_bytes();
    for (i, ch) in s.char_indices() {
        if ch == '_' && literal_escape_at(bytes, i) {
            text.push_str("_x005F");
        }
        match ch {
            '&' => text.push_str("&amp;"),
            '<' => text.push_str("&lt;"),
            '>' => text.push_str("&gt;"),
            '\t' | '\n' => text.push(ch),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {
                text.push_str(&format!("_x{:04X}_", u32::from(ch)));
            }
            _ => text.push(ch),
        }
    }
    out.extend_from_slice(text.as_bytes());
}

/// Whether `bytes[i..]` starts with `_x`, four hex digits and `_`.
fn literal_escape_at(bytes: &[u8], i: usize) -> bool {
    bytes.get(i..i + 7).is_some_and(|w| {
        w[0] == b'_' && w[1] == b'x' && w[2..6].iter().all(u8::is_ascii_hexdigit) && w[6] == b'_'
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> String {
        let mut out = Vec::new();
        push_escaped(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text_is_escaped_as_excel_writes_it() {
        assert_eq!(escaped("Ana María"), "Ana María");
        assert_eq!(escaped("a<b>&c"), "a&lt;b&gt;&amp;c");
        assert_eq!(escaped("x\u{1}y\rz\tw\n"), "x_x0001_y_x000D_z\tw\n");
        assert_eq!(escaped("_x00e9_"), "_x005F_x00e9_");
        assert_eq!(escaped("_x00g9_ _x12"), "_x00g9_ _x12");
        assert_eq!(
            escaped("\u{fffe}\u{ffff}\u{fffd}"),
            "_xFFFE__xFFFF_\u{fffd}"
        );
        assert_eq!(escaped("a_b"), "a_b");
    }
}

//! The fast way through a large body: the top-level object and the `data` list are walked
//! here, each key, value and row read by serde_json on its own, so that the list can be
//! cut in two and both halves read at once on two cores.
//!
//! The walk only ever gives the same result as the plain reader in `parse.rs`, or gives
//! up ([`Gave::Up`]) and lets the plain reader go through the body instead: on any error
//! (so every message comes from one place), on shapes no report has (a `data` that is
//! not a list, values that are objects or lists inside rows) and on values nested deeply
//! enough that the depth limit could tell the two ways apart.

use serde::de::{DeserializeSeed, IgnoredAny};

use super::calls::{Report, Undo};
use super::flat::flat_row;
use super::parse::{Element, LooseText, ReadPast, RowSeed, Top, TopKey, TopKeySeed};

/// How the walk ended.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Gave {
    /// The whole body was read; `top` and the report hold what it had. `halves` when
    /// a list was read in two halves at once.
    Done { halves: bool },
    /// Not read this way: undo what was merged and read it with the plain reader.
    Up,
}

/// How the `data` list is read.
#[derive(Debug, Clone, Copy)]
pub(super) struct Split {
    /// Read the list in two halves at once when it is at least this many bytes.
    pub(super) min_bytes: usize,
    /// Scan rows of plain strings without serde_json (see [`super::flat`]).
    pub(super) flat: bool,
}

impl Split {
    /// Two halves from 4 MB (about 9,000 rows) when the computer has two cores or more.
    pub(super) fn for_this_computer() -> Split {
        let cores = crate::cores();
        Split {
            min_bytes: if cores >= 2 { 4 << 20 } else { usize::MAX },
            flat: true,
        }
    }
}

/// A value holding more opening brackets than this is left to the plain reader, whose
/// depth limit (128 levels, counted from the top of the body) must decide about it.
const MAX_BRACKETS: usize = 100;

/// Bytes read between two calls of the [`ReadPast`] hook.
const TELL_EVERY: usize = 16 << 20;

/// Walks `body` (BOM already removed) into `report`, telling `read_past` what it read.
pub(super) fn walk(
    body: &[u8],
    report: &mut Report,
    undo: &mut Undo,
    top: &mut Top,
    split: Split,
    read_past: ReadPast<'_>,
) -> Gave {
    let mut halves = false;
    let rows = Rows { split, read_past };
    match walk_top(body, report, undo, top, rows, &mut halves) {
        Some(()) => Gave::Done { halves },
        None => Gave::Up,
    }
}

/// How the rows of a list are read.
#[derive(Clone, Copy)]
struct Rows<'a> {
    split: Split,
    read_past: ReadPast<'a>,
}

fn walk_top(
    body: &[u8],
    report: &mut Report,
    undo: &mut Undo,
    top: &mut Top,
    rows: Rows<'_>,
    halves: &mut bool,
) -> Option<()> {
    let mut c = Cursor { body, pos: 0 };
    c.skip_ws();
    c.expect(b'{')?;
    c.skip_ws();
    if !c.eat(b'}') {
        loop {
            c.skip_ws();
            if c.peek() != Some(b'"') {
                return None;
            }
            let key = c.value(TopKeySeed)?;
            c.skip_ws();
            c.expect(b':')?;
            c.skip_ws();
            match key {
                TopKey::Code => top.code = c.shallow::<LooseText>()?.0,
                TopKey::Error => top.error = c.shallow::<LooseText>()?.0,
                TopKey::Msg => top.msg = c.shallow::<LooseText>()?.0,
                TopKey::Meta => top.meta = Some(c.shallow::<serde_json::Value>()?),
                TopKey::Other => {
                    c.shallow::<IgnoredAny>()?;
                }
                TopKey::Data => {
                    top.saw_data = true;
                    if c.peek() != Some(b'[') {
                        return None;
                    }
                    *halves |= read_list(&mut c, report, undo, &mut top.not_rows, rows)?;
                }
            }
            c.skip_ws();
            if c.eat(b',') {
                continue;
            }
            c.expect(b'}')?;
            break;
        }
    }
    c.skip_ws();
    (c.pos == body.len()).then_some(())
}

/// Reads the list at the cursor (on its `[`), in two halves at once when it is large;
/// `true` when it was.
fn read_list(
    c: &mut Cursor,
    report: &mut Report,
    undo: &mut Undo,
    not_rows: &mut usize,
    rows: Rows<'_>,
) -> Option<bool> {
    let split = rows.split;
    c.expect(b'[')?;
    c.skip_ws();
    if c.eat(b']') {
        return Some(false);
    }
    let left = c.body.len() - c.pos;
    let cut = if left >= split.min_bytes {
        row_start_after(c.body, c.pos + left / 2)
    } else {
        None
    };
    let Some(cut) = cut else {
        return read_elements(c, report, undo, not_rows, None, rows).map(|_| false);
    };
    let body = c.body;
    std::thread::scope(|s| {
        let second = s.spawn(move || {
            let mut part = Report::new();
            part.reserve((body.len() - cut) / 400);
            let mut part_undo = part.begin();
            part_undo.collect_only = true;
            part_undo.hashes.reserve((body.len() - cut) / 400);
            let mut rest = Cursor { body, pos: cut };
            let mut part_not_rows = 0;
            read_elements(
                &mut rest,
                &mut part,
                &mut part_undo,
                &mut part_not_rows,
                None,
                rows,
            )?;
            Some((part, part_undo.hashes, part_not_rows, rest.pos))
        });
        let reached = read_elements(c, report, undo, not_rows, Some(cut), rows);
        // The second half is only used when the first stopped right where it began:
        // then it began on a row, not inside a text that happened to look like one.
        let second = second.join().ok().flatten();
        match reached? {
            End::Cut => {
                let (part, hashes, part_not_rows, end) = second?;
                report.absorb(part, &hashes, undo).ok()?;
                *not_rows += part_not_rows;
                c.pos = end;
                Some(true)
            }
            End::List => Some(false),
        }
    })
}

/// Where [`read_elements`] stopped.
enum End {
    /// After the list's `]`.
    List,
    /// At the start of the element at the cut.
    Cut,
}

/// Reads elements from the cursor (at an element) up to the list's end, or up to the
/// element starting exactly at `cut`; rows of plain strings are scanned when `flat`.
fn read_elements(
    c: &mut Cursor,
    report: &mut Report,
    undo: &mut Undo,
    not_rows: &mut usize,
    cut: Option<usize>,
    rows: Rows<'_>,
) -> Option<End> {
    let mut told = c.pos;
    loop {
        if cut == Some(c.pos) {
            return Some(End::Cut);
        }
        if c.pos - told >= TELL_EVERY {
            (rows.read_past)(told..c.pos);
            told = c.pos;
        }
        let scanned = if rows.split.flat {
            flat_row(c.body, c.pos, report, undo)
        } else {
            None
        };
        if let Some(end) = scanned {
            c.pos = end;
        } else {
            match c.value(RowSeed {
                report: &mut *report,
                undo: &mut *undo,
            })? {
                Element::Row { nested: false } => {}
                Element::NotRow { nested: false } => *not_rows += 1,
                Element::Row { nested: true } | Element::NotRow { nested: true } => return None,
            }
        }
        c.skip_ws();
        if c.eat(b',') {
            c.skip_ws();
            continue;
        }
        c.expect(b']')?;
        return Some(End::List);
    }
}

/// The first place at or after `from` that looks like the start of a row in a list:
/// `{` after `}` and `,` (with any spaces between). It may also be inside a text; the
/// caller checks.
fn row_start_after(body: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(found) = memchr::memchr(b'}', body.get(at..)?) {
        let mut i = at + found + 1;
        while body.get(i).is_some_and(|b| is_ws(*b)) {
            i += 1;
        }
        if body.get(i) == Some(&b',') {
            i += 1;
            while body.get(i).is_some_and(|b| is_ws(*b)) {
                i += 1;
            }
            if body.get(i) == Some(&b'{') {
                return Some(i);
            }
        }
        at = i.max(at + found + 1);
    }
    None
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

struct Cursor<'a> {
    body: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn skip_ws(&mut self) {
        while self.body.get(self.pos).is_some_and(|b| is_ws(*b)) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.body.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let here = self.peek() == Some(b);
        self.pos += usize::from(here);
        here
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    /// Reads the one value at the cursor with `seed` and moves past it.
    fn value<S: DeserializeSeed<'a>>(&mut self, seed: S) -> Option<S::Value> {
        let mut de = serde_json::Deserializer::from_slice(&self.body[self.pos..]);
        let value = seed.deserialize(&mut de).ok()?;
        self.pos += de.into_iter::<IgnoredAny>().byte_offset();
        Some(value)
    }

    /// [`Cursor::value`] for an envelope value, left to the plain reader if it holds
    /// many brackets.
    fn shallow<T: serde::Deserialize<'a>>(&mut self) -> Option<T> {
        let start = self.pos;
        let value = self.value(std::marker::PhantomData::<T>)?;
        let text = &self.body[start..self.pos];
        let brackets = text.iter().filter(|b| matches!(b, b'{' | b'[')).count();
        (brackets <= MAX_BRACKETS).then_some(value)
    }
}

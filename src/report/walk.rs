//! The fast way through a large body: the top-level object and the `data` list are walked
//! here, each key, value and row read on its own, so that the list can be cut in pieces
//! read at once on every core and merged in order.
//!
//! The walk only ever gives the same result as the plain reader in `parse.rs`, or gives
//! up ([`Gave::Up`]) and lets the plain reader go through the body instead: on any error
//! (so every message comes from one place), on shapes no report has (a `data` that is
//! not a list, values that are objects or lists inside rows) and on values nested deeply
//! enough that the depth limit could tell the two ways apart.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use serde::de::{DeserializeSeed, IgnoredAny};

use super::calls::{Report, Undo};
use super::flat::flat_row;
use super::parse::{Element, LooseText, ReadPast, RowSeed, Top, TopKey, TopKeySeed};

/// How the walk ended.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Gave {
    /// The whole body was read; `top` and the report hold what it had. `pieces` when
    /// a list was read in pieces at once.
    Done { pieces: bool },
    /// Not read this way: undo what was merged and read it with the plain reader.
    Up,
}

/// How the `data` list is read.
#[derive(Debug, Clone, Copy)]
pub(super) struct Split {
    /// Read the list in pieces on every core when it is at least this many bytes.
    pub(super) min_bytes: usize,
    /// Scan rows of plain strings without serde_json (see [`super::flat`]).
    pub(super) flat: bool,
}

impl Split {
    /// Pieces from 4 MB (about 9,000 rows) when the computer has two cores or more.
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
    let mut pieces = false;
    let rows = Rows { split, read_past };
    match walk_top(body, report, undo, top, rows, &mut pieces) {
        Some(()) => Gave::Done { pieces },
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
    pieces: &mut bool,
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
                    *pieces |= read_list(&mut c, report, undo, &mut top.not_rows, rows)?;
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

/// Reads the list at the cursor (on its `[`), in pieces on every core when it is large;
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
    let starts = if left >= split.min_bytes {
        piece_starts(c.body, c.pos, piece_bytes(left, split.min_bytes))
    } else {
        Vec::new()
    };
    if starts.len() < 2 {
        return read_elements(c, report, undo, not_rows, None, rows).map(|_| false);
    }
    read_pieces(c, report, undo, not_rows, rows, &starts)
}

/// A list of `left` bytes is cut into pieces of about this many: a few dozen for a large
/// body, so that every core stays busy to the end; at least half of `min_bytes`.
fn piece_bytes(left: usize, min_bytes: usize) -> usize {
    (left / 48).max(min_bytes / 2).clamp(1, 16 << 20)
}

/// Where each piece of about `piece` bytes starts: `first`, then the first place after
/// each piece that looks like the start of a row (it may be inside a text: a piece is
/// only used when the one before it stopped right there). Near the end the pieces
/// shrink, down to a sixteenth of `piece`, so that the cores finish together rather
/// than one waiting while another reads a whole last piece.
fn piece_starts(body: &[u8], first: usize, piece: usize) -> Vec<usize> {
    let mut starts = vec![first];
    while let Some(next) = starts.last().and_then(|&at| {
        let left = body.len().saturating_sub(at);
        let size = piece.min((left / 8).max(piece / 16)).max(1);
        row_start_after(body, at.saturating_add(size))
    }) {
        starts.push(next);
    }
    starts
}

/// The rows of one piece of a list, read on their own: collected, to be merged in order
/// by [`Report::absorb`].
struct Part {
    report: Report,
    hashes: Vec<Option<u64>>,
    not_rows: usize,
    end: End,
    /// Where the reading stopped: the next piece's start, or past the list's `]`.
    pos: usize,
}

/// Reads the piece from `start` up to the next piece's start `cut` (`None`: the last
/// piece, up to the list's end). `None` when it cannot be read this way.
fn read_part(body: &[u8], start: usize, cut: Option<usize>, rows: Rows<'_>) -> Option<Part> {
    let expected_rows = (cut.unwrap_or(body.len()) - start) / 400;
    let mut report = Report::new();
    report.reserve(expected_rows);
    let mut undo = report.begin();
    undo.collect_only = true;
    undo.hashes.reserve(expected_rows);
    let mut not_rows = 0;
    let (end, pos) = read_piece(
        body,
        start,
        cut,
        &mut report,
        &mut undo,
        &mut not_rows,
        rows,
    )?;
    Some(Part {
        report,
        hashes: undo.hashes,
        not_rows,
        end,
        pos,
    })
}

/// Reads the piece from `start` up to `cut` into `report`, and tells what was read;
/// how it ended and where.
fn read_piece(
    body: &[u8],
    start: usize,
    cut: Option<usize>,
    report: &mut Report,
    undo: &mut Undo,
    not_rows: &mut usize,
    rows: Rows<'_>,
) -> Option<(End, usize)> {
    let mut c = Cursor { body, pos: start };
    let end = read_elements(&mut c, report, undo, not_rows, cut, rows)?;
    (rows.read_past)(start..c.pos);
    Some((end, c.pos))
}

/// Reads the list from `starts[0]` (the cursor) in the pieces that begin at `starts`, on
/// every core: helpers read pieces on their own; this thread merges them in order and
/// reads pieces too, straight into the report when every piece before is merged.
/// A piece counts only when the one before stopped right where it begins (then it
/// begins on a row, not inside a text that happened to look like one); when one ran
/// on to the list's end, the pieces after it are dropped.
fn read_pieces(
    c: &mut Cursor,
    report: &mut Report,
    undo: &mut Undo,
    not_rows: &mut usize,
    rows: Rows<'_>,
    starts: &[usize],
) -> Option<bool> {
    let body = c.body;
    let count = starts.len();
    let cut_after = |k: usize| starts.get(k + 1).copied();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let helpers = crate::cores().saturating_sub(1).clamp(1, 7);
    std::thread::scope(|s| {
        let (send, receive) = mpsc::channel::<(usize, Option<Part>)>();
        for _ in 0..helpers {
            let send = send.clone();
            let (next, stop) = (&next, &stop);
            s.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= count {
                        break;
                    }
                    let part = read_part(body, starts[k], cut_after(k), rows);
                    if send.send((k, part)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        let mut into = Merging {
            report,
            undo,
            not_rows,
            wanted: 0,
            ended: None,
        };
        let mut waiting = BTreeMap::new();
        let outcome = (|| {
            while into.ended.is_none() {
                while let Ok((k, part)) = receive.try_recv() {
                    waiting.insert(k, part);
                }
                while into.ended.is_none()
                    && let Some(part) = waiting.remove(&into.wanted)
                {
                    into.merge(part)?;
                }
                let k = next.fetch_add(1, Ordering::Relaxed);
                if into.ended.is_some() || k >= count {
                    break;
                }
                if k == into.wanted {
                    into.read_here(body, starts[k], cut_after(k), rows)?;
                } else {
                    waiting.insert(k, read_part(body, starts[k], cut_after(k), rows));
                }
            }
            // The rest, in order, as the helpers finish them.
            while into.ended.is_none() {
                match waiting.remove(&into.wanted) {
                    Some(part) => into.merge(part)?,
                    None => {
                        let (k, part) = receive.recv().ok()?;
                        waiting.insert(k, part);
                    }
                }
            }
            Some(())
        })();
        stop.store(true, Ordering::Relaxed);
        outcome?;
        c.pos = into.ended?;
        Some(into.wanted > 1)
    })
}

/// The report the pieces of a list go into, in order.
struct Merging<'a> {
    report: &'a mut Report,
    undo: &'a mut Undo,
    not_rows: &'a mut usize,
    /// The next piece to merge.
    wanted: usize,
    /// Where the list ended, once a piece reached its end.
    ended: Option<usize>,
}

impl Merging<'_> {
    /// Merges the next piece, read on its own; `None` when it could not be read.
    fn merge(&mut self, part: Option<Part>) -> Option<()> {
        let part = part?;
        self.report
            .absorb(part.report, &part.hashes, self.undo)
            .ok()?;
        *self.not_rows += part.not_rows;
        self.reached(part.end, part.pos);
        Some(())
    }

    /// Reads the next piece, from `start` up to `cut`, straight into the report.
    fn read_here(
        &mut self,
        body: &[u8],
        start: usize,
        cut: Option<usize>,
        rows: Rows<'_>,
    ) -> Option<()> {
        let (end, pos) = read_piece(
            body,
            start,
            cut,
            self.report,
            self.undo,
            self.not_rows,
            rows,
        )?;
        self.reached(end, pos);
        Some(())
    }

    fn reached(&mut self, end: End, pos: usize) {
        self.wanted += 1;
        if let End::List = end {
            self.ended = Some(pos);
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_start_on_rows_and_shrink_towards_the_end() {
        let row = r#"{"conn_id":"12345.6789","rp_id":"RP_MENU"}"#;
        let mut body = String::from(r#"{"data":["#);
        for k in 0..20_000 {
            if k > 0 {
                body.push(',');
            }
            body.push_str(row);
        }
        body.push_str("]}");
        let body = body.as_bytes();
        let first = body.iter().position(|&b| b == b'[').unwrap() + 1;
        // About as large, against the body, as `piece_bytes` makes them.
        let piece = body.len() / 48;
        let starts = piece_starts(body, first, piece);
        assert_eq!(starts[0], first);
        for pair in starts.windows(2) {
            let (at, next) = (pair[0], pair[1]);
            assert!(next > at);
            assert_eq!((body[next - 1], body[next]), (b',', b'{'), "{next}");
            // No piece is longer than asked, and none shorter than a sixteenth of it.
            assert!(next - at <= piece + row.len() + 1, "{at}..{next}");
            assert!(next - at >= piece / 16, "{at}..{next}");
        }
        // The last piece is small: the core reading it is not left alone for long.
        let last = body.len() - starts.last().unwrap();
        assert!(last <= piece / 16 + row.len() + 3, "{last}");
        // Most of the body is still in full-size pieces.
        let full = starts
            .windows(2)
            .filter(|p| p[1] - p[0] >= piece)
            .map(|p| p[1] - p[0])
            .sum::<usize>();
        assert!(full > body.len() / 2, "{full} of {}", body.len());
    }
}

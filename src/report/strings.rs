//! Compact string storage: a pool that stores each distinct value once (agents, routing
//! points, codes, durations as received) and an arena for values that are mostly unique
//! (call ids, phone numbers, date-times).

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// Handle of a distinct string in a [`Pool`]; [`Sym::MISSING`] when the field was absent.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(u32);

impl Sym {
    /// The field was absent from the row (or JSON `null`).
    pub const MISSING: Sym = Sym(u32::MAX);

    /// The handle this one becomes in another pool, given each value's new handle by
    /// position (`map[i]` for the value at position `i`).
    pub(crate) fn moved(self, map: &[Sym]) -> Sym {
        self.index().map_or(Sym::MISSING, |i| map[i])
    }

    /// Whether the field was absent.
    pub fn is_missing(self) -> bool {
        self == Sym::MISSING
    }

    /// The position of this value in its pool (`None` when missing).
    pub fn index(self) -> Option<usize> {
        (!self.is_missing()).then_some(self.0 as usize)
    }
}

/// Strings stored once each; lookups by value are hashed.
#[derive(Default, Clone)]
pub struct Pool {
    strings: Vec<Box<str>>,
    table: HashTable<Entry>,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("len", &self.strings.len())
            .finish()
    }
}

/// Texts up to this long are told apart by their [`Key`] alone.
const WHOLE_IN_KEY: usize = 16;

/// A text as the pool's table holds it: its length and two words of its bytes. For a
/// text of up to [`WHOLE_IN_KEY`] bytes (nearly every pooled value: durations, codes,
/// routing points) the words hold every byte, so equal keys are equal texts and a lookup
/// reads no text; a longer text's key only narrows the texts compared.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    first: u64,
    last: u64,
    /// The length, or `u32::MAX` for a text as long or longer (compared in full).
    len: u32,
}

impl Key {
    #[inline]
    fn of(s: &str) -> Key {
        let b = s.as_bytes();
        let n = b.len();
        let word = |at: usize| {
            b.get(at..at + 8)
                .map_or(0, |w| u64::from_le_bytes(w.try_into().unwrap_or([0; 8])))
        };
        let half = |at: usize| {
            b.get(at..at + 4).map_or(0, |w| {
                u64::from(u32::from_le_bytes(w.try_into().unwrap_or([0; 4])))
            })
        };
        let (first, last) = match n {
            // The first and the last bytes, overlapping in the middle: for a given
            // length, they are all the bytes.
            8.. => (word(0), word(n - 8)),
            4..=7 => (half(0), half(n - 4)),
            1..=3 => {
                let at = |i: usize| u64::from(b[i]);
                (at(0) | at(n / 2) << 8 | at(n - 1) << 16, 0)
            }
            0 => (0, 0),
        };
        Key {
            first,
            last,
            len: u32::try_from(n).unwrap_or(u32::MAX),
        }
    }

    /// Whether the key holds every byte of its text.
    fn is_whole(&self) -> bool {
        self.len as usize <= WHOLE_IN_KEY
    }

    /// The table's hash of a text with this key; `whole_text` hashes the text itself,
    /// for one longer than the key holds.
    #[inline]
    fn hash(&self, whole_text: impl FnOnce() -> u64) -> u64 {
        if !self.is_whole() {
            return whole_text();
        }
        // One multiply folded on itself mixes every bit of the key into both the low
        // bits (the slot) and the high ones (the tag).
        let x = self.first ^ 0x243f_6a88_85a3_08d3;
        let y = self.last ^ u64::from(self.len).rotate_left(40) ^ 0x1319_8a2e_0370_7344;
        let p = u128::from(x) * u128::from(y);
        (p as u64) ^ ((p >> 64) as u64)
    }
}

/// A stored text's [`Key`] and position.
#[derive(Clone, Copy)]
struct Entry {
    key: Key,
    index: u32,
}

fn hash_str(s: &str) -> u64 {
    FxBuildHasher.hash_one(s)
}

impl Pool {
    /// The handle of `s`, adding it if it is new.
    pub fn intern(&mut self, s: &str) -> Sym {
        let key = Key::of(s);
        let hash = key.hash(|| hash_str(s));
        if let Some(i) = self.lookup(key, hash, s) {
            return Sym(i);
        }
        let i = self.strings.len() as u32;
        self.strings.push(s.into());
        let strings = &self.strings;
        self.table
            .insert_unique(hash, Entry { key, index: i }, |e| {
                e.key.hash(|| hash_str(&strings[e.index as usize]))
            });
        Sym(i)
    }

    /// The position of `s`, whose key and hash are given, if it is stored.
    #[inline]
    fn lookup(&self, key: Key, hash: u64, s: &str) -> Option<u32> {
        let strings = &self.strings;
        self.table
            .find(hash, |e| {
                e.key == key && (key.is_whole() || *strings[e.index as usize] == *s)
            })
            .map(|e| e.index)
    }

    /// The handle of `s` if it is already stored.
    pub fn find(&self, s: &str) -> Option<Sym> {
        let key = Key::of(s);
        self.lookup(key, key.hash(|| hash_str(s)), s).map(Sym)
    }

    /// The text of a handle (`None` when missing).
    pub fn get(&self, sym: Sym) -> Option<&str> {
        sym.index().and_then(|i| self.strings.get(i)).map(|s| &**s)
    }

    /// The string at position `index`.
    pub fn get_index(&self, index: usize) -> Option<&str> {
        self.strings.get(index).map(|s| &**s)
    }

    /// How many distinct strings are stored.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// Whether no string is stored.
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// Bytes held, roughly (for memory reports).
    pub fn heap_bytes(&self) -> usize {
        self.strings.iter().map(|s| s.len() + 16).sum::<usize>()
            + self.table.capacity() * (std::mem::size_of::<Entry>() + 1)
    }
}

/// A slice of an [`Arena`]; [`Text::MISSING`] when the field was absent.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Text {
    start: u32,
    len: u32,
}

impl Text {
    /// The field was absent from the row (or JSON `null`).
    pub const MISSING: Text = Text {
        start: 0,
        len: u32::MAX,
    };

    /// The handle this one becomes when its arena is appended `by` bytes further on.
    pub(crate) fn moved(self, by: u32) -> Text {
        if self.is_missing() {
            self
        } else {
            Text {
                start: self.start + by,
                len: self.len,
            }
        }
    }

    /// Whether the field was absent.
    pub fn is_missing(self) -> bool {
        self.len == u32::MAX
    }
}

/// One growing buffer holding many strings back to back.
#[derive(Default, Clone)]
pub struct Arena {
    buf: String,
}

impl std::fmt::Debug for Arena {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Arena")
            .field("bytes", &self.buf.len())
            .finish()
    }
}

impl Arena {
    /// Stores `s` and returns its handle. Values past the arena's 4 GiB are cut to keep
    /// the handle small; a report that large is far beyond what the API can send.
    pub fn push(&mut self, s: &str) -> Text {
        let start = self.buf.len();
        if start + s.len() >= u32::MAX as usize {
            return Text { start: 0, len: 0 };
        }
        self.buf.push_str(s);
        Text {
            start: start as u32,
            len: s.len() as u32,
        }
    }

    /// The text of a handle (`None` when missing).
    pub fn get(&self, t: Text) -> Option<&str> {
        if t.is_missing() {
            return None;
        }
        self.buf
            .get(t.start as usize..t.start as usize + t.len as usize)
    }

    /// Bytes held.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Appends everything `other` holds; its handles move by the returned offset, or
    /// `None` (nothing appended) when the result would pass the arena's 4 GiB.
    pub(crate) fn append(&mut self, other: &Arena) -> Option<u32> {
        let by = self.buf.len();
        if by + other.buf.len() >= u32::MAX as usize {
            return None;
        }
        self.buf.push_str(&other.buf);
        Some(by as u32)
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Makes room for `bytes` more.
    pub fn reserve(&mut self, bytes: usize) {
        self.buf.reserve(bytes);
    }

    /// Drops everything stored after `len` bytes (used to undo a failed parse).
    pub fn truncate(&mut self, len: usize) {
        if len <= self.buf.len() && self.buf.is_char_boundary(len) {
            self.buf.truncate(len);
        }
    }

    /// Bytes reserved (for memory reports).
    pub fn heap_bytes(&self) -> usize {
        self.buf.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_stores_each_value_once() {
        let mut p = Pool::default();
        let a = p.intern("Ana María");
        let b = p.intern("-");
        assert_eq!(p.intern("Ana María"), a);
        assert_ne!(a, b);
        assert_eq!(p.len(), 2);
        assert_eq!(p.get(a), Some("Ana María"));
        assert_eq!(p.get(Sym::MISSING), None);
        assert_eq!(p.find("-"), Some(b));
        assert_eq!(p.find("x"), None);
    }

    #[test]
    fn texts_compare_equal_exactly_when_they_are() {
        let texts: Vec<String> = (0..40)
            .flat_map(|n| {
                let base: String = (0..n).map(|i| char::from(b'a' + (i % 7) as u8)).collect();
                let mut first = base.clone().into_bytes();
                let mut last = base.clone().into_bytes();
                if let (Some(f), Some(l)) = (first.first_mut(), last.last_mut()) {
                    *f = b'z';
                    *l = b'z';
                }
                let middle: String = base
                    .char_indices()
                    .map(|(i, c)| if i == n / 2 { 'z' } else { c })
                    .collect();
                [
                    base,
                    String::from_utf8(first).unwrap(),
                    String::from_utf8(last).unwrap(),
                    middle,
                ]
            })
            .chain([
                "Ana María".into(),
                "Ana Maria".into(),
                "ñ".into(),
                "n".into(),
            ])
            .collect();
        let mut pool = Pool::default();
        let syms: Vec<Sym> = texts.iter().map(|t| pool.intern(t)).collect();
        for (a, x) in texts.iter().zip(&syms) {
            assert_eq!(pool.get(*x), Some(a.as_str()));
            assert_eq!(pool.find(a), Some(*x));
            for (b, y) in texts.iter().zip(&syms) {
                assert_eq!(x == y, a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn arena_gives_back_what_was_stored() {
        let mut a = Arena::default();
        let x = a.push("+573001234567");
        let y = a.push("");
        let z = a.push("000123");
        assert_eq!(a.get(x), Some("+573001234567"));
        assert_eq!(a.get(y), Some(""));
        assert_eq!(a.get(z), Some("000123"));
        assert_eq!(a.get(Text::MISSING), None);
    }
}

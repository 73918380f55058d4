//! Grouping a million texts (call ids, phone numbers) by equality without one table as
//! large as the texts: each entry goes, by its text's hash, into one of a few thousand
//! buckets in a single pass, and each bucket of a few hundred entries is then ordered
//! and split into groups where it fits in the processor's cache. A table of a million
//! entries would be looked up at a random place of many megabytes for every row.
//!
//! Two entries share a group only when `same` says so, asked wherever two hashes are
//! equal: entries with different texts never share a group, whatever the hash.

/// About this many entries per bucket.
const PER_BUCKET: usize = 256;

/// `hash` with its bits spread over the whole word: buckets take its top bits, places
/// in a bucket's table bits from the middle.
fn mixed(hash: u64) -> u64 {
    hash.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Hands `group` every group of entries of `items` whose texts are equal, each group
/// ordered by `key`; groups come in no particular order. `hash` is the hash of an entry's
/// text (equal texts, equal hashes), and `same` tells whether the texts of two entries
/// with equal hashes are equal.
pub(crate) fn in_groups<T, K>(
    items: Vec<T>,
    hash: impl Fn(&T) -> u64,
    key: impl Fn(&T) -> K,
    same: impl Fn(&T, &T) -> bool,
    mut group: impl FnMut(&[T]),
) where
    T: Copy,
    K: Ord,
{
    let (spread, starts) = spread(items, &hash);
    let mut scratch = Scratch::default();
    for b in starts.windows(2) {
        let part = &spread[b[0] as usize..b[1] as usize];
        scratch.groups_of(part, &hash, &key, &same, &mut group);
    }
}

/// Hands `found` each entry of `items` with the first entry of `items` whose text is
/// the same (itself, when no entry before it has that text); `hash` and `same` as for
/// [`in_groups`].
pub(crate) fn with_firsts<T: Copy>(
    items: Vec<T>,
    hash: impl Fn(&T) -> u64,
    same: impl Fn(&T, &T) -> bool,
    mut found: impl FnMut(&T, &T),
) {
    let (spread, starts) = spread(items, &hash);
    let mut scratch = Scratch::default();
    for b in starts.windows(2) {
        let part = &spread[b[0] as usize..b[1] as usize];
        // A bucket keeps the entries' order, so a group's first entry came first.
        scratch.assign(part, &hash, &same);
        for (e, &g) in part.iter().zip(&scratch.group_of) {
            found(e, &part[scratch.first[g as usize] as usize]);
        }
    }
}

/// The entries of `items` bucket after bucket, each bucket's in the order given, and
/// where each bucket starts (one more entry than buckets).
fn spread<T: Copy>(items: Vec<T>, hash: &impl Fn(&T) -> u64) -> (Vec<T>, Vec<u32>) {
    let n = items.len();
    let bits = (n / PER_BUCKET).max(1).ilog2().min(16);
    let bucket = |e: &T| {
        if bits == 0 {
            0
        } else {
            (mixed(hash(e)) >> (64 - bits)) as usize
        }
    };
    let mut starts = vec![0u32; (1 << bits) + 1];
    for e in &items {
        starts[bucket(e) + 1] += 1;
    }
    for b in 0..1 << bits {
        starts[b + 1] += starts[b];
    }
    let mut fill = starts.clone();
    let mut spread: Vec<T> = Vec::with_capacity(n);
    let room = spread.spare_capacity_mut();
    for e in &items {
        let at = &mut fill[bucket(e)];
        room[*at as usize].write(*e);
        *at += 1;
    }
    drop(items);
    // SAFETY: every one of the `n` places was written once: the buckets' places run from
    // `starts[b]` to `starts[b + 1]`, which together cover 0..n, and each entry took the
    // next place of its bucket.
    unsafe { spread.set_len(n) };
    (spread, starts)
}

/// What grouping one bucket needs, kept from bucket to bucket.
struct Scratch<T> {
    /// A small open-addressing table: (hash, group) of each group's first entry;
    /// `u32::MAX` marks a free place.
    table: Vec<(u64, u32)>,
    /// The group of each entry of the bucket.
    group_of: Vec<u32>,
    /// The first entry of each group; then the next place to fill of each.
    first: Vec<u32>,
    /// Where each group starts in `ordered`.
    starts: Vec<u32>,
    /// The bucket's entries, group after group.
    ordered: Vec<T>,
}

impl<T> Default for Scratch<T> {
    fn default() -> Self {
        Scratch {
            table: Vec::new(),
            group_of: Vec::new(),
            first: Vec::new(),
            starts: Vec::new(),
            ordered: Vec::new(),
        }
    }
}

impl<T: Copy> Scratch<T> {
    /// Works out the group of each entry of `part` (`group_of`) and each group's first
    /// entry (`first`).
    fn assign(&mut self, part: &[T], hash: &impl Fn(&T) -> u64, same: &impl Fn(&T, &T) -> bool) {
        self.group_of.clear();
        self.first.clear();
        const FREE: u32 = u32::MAX;
        let size = (part.len() * 2).next_power_of_two();
        let mask = size - 1;
        self.table.clear();
        self.table.resize(size, (0, FREE));
        for (k, e) in part.iter().enumerate() {
            let h = hash(e);
            // The bucket took the top bits; the place comes from bits below them.
            let mut at = (mixed(h) >> 24) as usize & mask;
            let g = loop {
                let (th, tg) = self.table[at];
                if tg == FREE {
                    let g = self.first.len() as u32;
                    self.first.push(k as u32);
                    self.table[at] = (h, g);
                    break g;
                }
                if th == h && same(&part[self.first[tg as usize] as usize], e) {
                    break tg;
                }
                at = (at + 1) & mask;
            };
            self.group_of.push(g);
        }
    }

    /// Hands `group` each group of equal texts of `part`, ordered by `key`.
    fn groups_of<K: Ord>(
        &mut self,
        part: &[T],
        hash: &impl Fn(&T) -> u64,
        key: &impl Fn(&T) -> K,
        same: &impl Fn(&T, &T) -> bool,
        group: &mut impl FnMut(&[T]),
    ) {
        self.assign(part, hash, same);
        let groups = self.first.len();
        if groups == part.len() {
            // Every text is different: each entry is a group of its own.
            for e in part {
                group(std::slice::from_ref(e));
            }
            return;
        }
        // The entries, group after group, each group's in the bucket's order.
        self.starts.clear();
        self.starts.resize(groups + 1, 0);
        for &g in &self.group_of {
            self.starts[g as usize + 1] += 1;
        }
        for g in 0..groups {
            self.starts[g + 1] += self.starts[g];
        }
        self.ordered.clear();
        self.ordered.extend_from_slice(part);
        // Each group's first entry is no longer needed: the places to fill take its room.
        let fill = &mut self.first;
        fill.copy_from_slice(&self.starts[..groups]);
        for (e, &g) in part.iter().zip(&self.group_of) {
            self.ordered[fill[g as usize] as usize] = *e;
            fill[g as usize] += 1;
        }
        for g in 0..groups {
            let run = &mut self.ordered[self.starts[g] as usize..self.starts[g + 1] as usize];
            if run.len() > 1 {
                run.sort_unstable_by_key(key);
            }
            group(run);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The groups `in_groups` finds, as sorted lists of (text, key) for comparison.
    fn found(texts: &[&str], hash: impl Fn(&str) -> u64) -> Vec<Vec<(String, u32)>> {
        let items: Vec<(u32, u32)> = (0..texts.len() as u32).map(|i| (i, 7 - i % 7)).collect();
        let mut groups = Vec::new();
        in_groups(
            items,
            |e| hash(texts[e.0 as usize]),
            |e| (e.1, e.0),
            |a, b| texts[a.0 as usize] == texts[b.0 as usize],
            |g| {
                let keys: Vec<(u32, u32)> = g.iter().map(|e| (e.1, e.0)).collect();
                assert!(keys.is_sorted(), "a group comes ordered by key: {keys:?}");
                groups.push(
                    g.iter()
                        .map(|e| (texts[e.0 as usize].to_string(), e.0))
                        .collect::<Vec<_>>(),
                );
            },
        );
        for g in &mut groups {
            g.sort();
        }
        groups.sort();
        groups
    }

    /// The same groups worked out plainly.
    fn expected(texts: &[&str]) -> Vec<Vec<(String, u32)>> {
        let mut by_text: BTreeMap<&str, Vec<(String, u32)>> = BTreeMap::new();
        for (i, t) in texts.iter().enumerate() {
            by_text
                .entry(t)
                .or_default()
                .push((t.to_string(), i as u32));
        }
        let mut groups: Vec<_> = by_text.into_values().collect();
        groups.sort();
        groups
    }

    #[test]
    fn equal_texts_form_one_group_and_different_texts_never_share_one() {
        let mut texts: Vec<String> = (0..5000).map(|i| format!("57300{}", i % 1733)).collect();
        texts.extend(["", "a", "a\u{0}", "ñ", "A", "a"].map(String::from));
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let fx = |t: &str| {
            use std::hash::BuildHasher;
            rustc_hash::FxBuildHasher.hash_one(t)
        };
        assert_eq!(found(&texts, fx), expected(&texts));
        // Hashes that collide everywhere: texts alone decide.
        assert_eq!(found(&texts, |_| 42), expected(&texts));
        assert_eq!(found(&texts, |t| t.len() as u64 % 3), expected(&texts));
        assert_eq!(found(&[], fx), expected(&[]));
        assert_eq!(found(&["x"], fx), expected(&["x"]));
    }

    #[test]
    fn each_entry_is_told_the_first_entry_of_its_text() {
        let texts: Vec<String> = (0..5000u32)
            .map(|i| format!("c{}", (i * 7919) % 1301))
            .collect();
        let mut plain = std::collections::HashMap::new();
        let expected: Vec<u32> = (0..texts.len() as u32)
            .map(|i| *plain.entry(&texts[i as usize]).or_insert(i))
            .collect();
        let fx = |t: &str| {
            use std::hash::BuildHasher;
            rustc_hash::FxBuildHasher.hash_one(t)
        };
        let by_length = |t: &str| t.len() as u64;
        let hashes: [&dyn Fn(&str) -> u64; 2] = [&fx, &by_length];
        for hash in hashes {
            let mut told = vec![u32::MAX; texts.len()];
            with_firsts(
                (0..texts.len() as u32).collect(),
                |&i| hash(&texts[i as usize]),
                |&a, &b| texts[a as usize] == texts[b as usize],
                |&e, &first| told[e as usize] = first,
            );
            assert_eq!(told, expected);
        }
    }
}

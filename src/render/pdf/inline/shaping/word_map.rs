//! A map from words to what was learnt of them (a shaping, hyphenation points),
//! made for the word caches: a novel has tens of thousands of distinct words and
//! meets each again and again, so a lookup is mostly a cache miss. A word of up to
//! 22 bytes (most words of any language) is kept inside the table's entry, so
//! comparing it reads no further memory, and nothing is allocated for it.

use std::hash::BuildHasher;

use hashbrown::hash_table::Entry;
use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// Bytes kept in the entry itself.
const INLINE: usize = 22;

/// A word as a key: its bytes inline when short, else on the heap.
#[derive(Clone)]
enum WordKey {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<[u8]>),
}

impl WordKey {
    fn new(word: &str) -> Self {
        let bytes = word.as_bytes();
        match u8::try_from(bytes.len()) {
            Ok(len) if bytes.len() <= INLINE => {
                let mut inline = [0; INLINE];
                inline[..bytes.len()].copy_from_slice(bytes);
                WordKey::Inline { len, bytes: inline }
            }
            _ => WordKey::Heap(bytes.into()),
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            WordKey::Inline { len, bytes } => &bytes[..usize::from(*len)],
            WordKey::Heap(bytes) => bytes,
        }
    }
}

/// Words to values, looked up by `&str` without allocating.
pub struct WordMap<V> {
    table: HashTable<(WordKey, V)>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            table: HashTable::new(),
        }
    }
}

fn hash(word: &[u8]) -> u64 {
    FxBuildHasher.hash_one(word)
}

impl<V> WordMap<V> {
    pub fn get(&self, word: &str) -> Option<&V> {
        let word = word.as_bytes();
        self.table
            .find(hash(word), |(key, _)| key.bytes() == word)
            .map(|(_, value)| value)
    }

    /// Sets `word`'s value, unless it has one: the value it keeps.
    pub fn get_or_insert_with(&mut self, word: &str, value: impl FnOnce() -> V) -> &mut V {
        let bytes = word.as_bytes();
        let entry = self.table.entry(
            hash(bytes),
            |(key, _)| key.bytes() == bytes,
            |(key, _)| hash(key.bytes()),
        );
        &mut entry
            .or_insert_with(|| (WordKey::new(word), value()))
            .into_mut()
            .1
    }

    /// Sets `word`'s value, replacing any it had.
    pub fn insert(&mut self, word: &str, value: V) {
        let bytes = word.as_bytes();
        let entry = self.table.entry(
            hash(bytes),
            |(key, _)| key.bytes() == bytes,
            |(key, _)| hash(key.bytes()),
        );
        match entry {
            Entry::Occupied(mut known) => known.get_mut().1 = value,
            Entry::Vacant(new) => {
                new.insert((WordKey::new(word), value));
            }
        }
    }

    /// Each word, as bytes (a word's bytes are its UTF-8).
    pub fn words(&self) -> impl Iterator<Item = &[u8]> {
        self.table.iter().map(|(key, _)| key.bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words on both sides of the inline limit, and a few that hash alike in
    /// their first bytes, are told apart and found again.
    #[test]
    fn words_inline_and_on_the_heap_are_found_again() {
        let words: Vec<String> = (0..40)
            .flat_map(|len| {
                [
                    "a".repeat(len),
                    "ж".repeat(len / 2),
                    format!("{}б", "a".repeat(len)),
                ]
            })
            .collect();
        let mut map = WordMap::default();
        for (value, word) in words.iter().enumerate() {
            map.insert(word, value);
        }
        let distinct: std::collections::HashSet<&String> = words.iter().collect();
        assert_eq!(map.words().count(), distinct.len());
        for word in &words {
            let last = words.iter().rposition(|w| w == word).unwrap();
            assert_eq!(map.get(word), Some(&last), "{word:?}");
            assert!(map.words().any(|w| w == word.as_bytes()));
        }
        assert_eq!(map.get(&"a".repeat(INLINE + 100)), None);
        assert_eq!(map.get("b"), None);
    }

    #[test]
    fn a_value_set_first_is_kept_unless_replaced() {
        let mut map = WordMap::default();
        assert_eq!(*map.get_or_insert_with("слово", || 1), 1);
        assert_eq!(*map.get_or_insert_with("слово", || 2), 1);
        map.insert("слово", 3);
        assert_eq!(map.get("слово"), Some(&3));
        let long = "достопримечательностей";
        assert!(long.len() > INLINE);
        *map.get_or_insert_with(long, || 4) += 1;
        assert_eq!(map.get(long), Some(&5));
    }
}

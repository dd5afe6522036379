//! A set of characters of the Basic Multilingual Plane, a bit each: text is read
//! character by character (the font sample, the glyph check), and a bit is cheaper
//! to test than a hash or tree set. 8 KiB once the first character is added.

#[derive(Debug, Clone, Default)]
pub struct BmpSet {
    bits: Vec<u64>,
}

/// Characters up to U+FFFF.
const BMP: usize = 0x10000;

impl BmpSet {
    fn place(c: char) -> Option<(usize, u64)> {
        let code = c as usize;
        (code < BMP).then(|| (code / 64, 1u64 << (code % 64)))
    }

    /// Whether `c` was added (never, outside the BMP).
    #[inline]
    pub fn contains(&self, c: char) -> bool {
        Self::place(c)
            .and_then(|(word, bit)| Some(self.bits.get(word)? & bit != 0))
            .unwrap_or(false)
    }

    /// Adds `c`: true if it is new. A character outside the BMP is not kept (false).
    #[inline]
    pub fn insert(&mut self, c: char) -> bool {
        let Some((word, bit)) = Self::place(c) else {
            return false;
        };
        if self.bits.is_empty() {
            self.bits.resize(BMP / 64, 0);
        }
        let new = self.bits[word] & bit == 0;
        self.bits[word] |= bit;
        new
    }

    /// Adds every character of `other`.
    pub fn union_with(&mut self, other: &BmpSet) {
        if self.bits.len() < other.bits.len() {
            self.bits.resize(other.bits.len(), 0);
        }
        for (mine, theirs) in self.bits.iter_mut().zip(&other.bits) {
            *mine |= theirs;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_was_added_in_the_bmp_only() {
        let mut set = BmpSet::default();
        assert!(!set.contains('a'));
        assert!(set.insert('a') && !set.insert('a'));
        assert!(set.insert('\u{FFFF}') && set.insert('\0'));
        assert!(!set.insert('😀') && !set.contains('😀'));
        for c in ['a', '\u{FFFF}', '\0'] {
            assert!(set.contains(c), "{c:?}");
        }
        assert!(!set.contains('b') && !set.contains('`'));
        let mut other = BmpSet::default();
        other.insert('я');
        other.union_with(&set);
        assert!(other.contains('я') && other.contains('a') && !other.contains('b'));
        let mut empty = BmpSet::default();
        empty.union_with(&BmpSet::default());
        assert!(!empty.contains('a'));
    }
}

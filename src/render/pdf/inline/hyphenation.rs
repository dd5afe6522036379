//! Hyphenation: Liang patterns (hypher) per language, with the book's rules — words of
//! five letters or more, and the language's letters before and after a break (its
//! row of the table in `crate::lang`); and the breaks a text marks itself, soft
//! hyphens and the hyphens of compounds.

use std::borrow::Cow;

use crate::lang::letters::{is_alphabetic, lowercase};
use crate::lang::Lang;

/// Byte offsets inside `word` where a hyphen may go. Punctuation around the word
/// ("arts." or “Hello,”) is set aside; the letters between are hyphenated.
pub fn break_points(word: &str, language: &Lang) -> Vec<usize> {
    let Some(rules) = language.hyphenation() else {
        return Vec::new();
    };
    // One pass (this runs for every distinct word of a book): where the letters
    // begin and end, how many there are, and whether anything else lies between.
    let (mut start, mut end, mut letters, mut broken) = (None, 0, 0, false);
    for (i, c) in word.char_indices() {
        if is_alphabetic(c) {
            match start {
                None => start = Some(i),
                Some(_) => broken |= end < i,
            }
            end = i + c.len_utf8();
            letters += 1;
        }
    }
    let Some(start) = start else {
        return Vec::new();
    };
    if letters < MIN_WORD || broken {
        return Vec::new();
    }
    let letters_only = &word[start..end];
    let lowercase = lowercase(letters_only);
    if lowercase.len() != letters_only.len() {
        return Vec::new(); // offsets would not line up; such words are rare
    }
    let mut points = Vec::new();
    let mut offset = start;
    // Letters counted as the syllables go: linear even in a word of a million.
    let mut before = 0;
    for syllable in rules.syllables(&lowercase) {
        offset += syllable.len();
        before += syllable.chars().count();
        if offset < end {
            let after = letters - before;
            if before >= rules.min_before && after >= rules.min_after {
                points.push(offset);
            }
        }
    }
    points
}

/// Where the letters of `word` begin and end (from its first letter to its last),
/// as `break_points` reads them; an empty span at 0 without letters.
pub fn letters_span(word: &str) -> (usize, usize) {
    let Some(start) = word.find(is_alphabetic) else {
        return (0, 0);
    };
    let end = word
        .char_indices()
        .rev()
        .find(|&(_, c)| is_alphabetic(c))
        .map_or(start, |(i, c)| i + c.len_utf8());
    (start, end)
}

/// Letters a word needs to be hyphenated at all.
pub const MIN_WORD: usize = 5;

/// Removes soft hyphens, returning the clean text and the byte offsets they marked.
pub(super) fn strip_soft_hyphens(text: &str) -> (Cow<'_, str>, Vec<usize>) {
    // U+00AD is C2 AD in UTF-8: a word without a C2 byte (most words of most
    // languages) has none.
    let bytes = text.as_bytes();
    if !memchr::memchr_iter(0xC2, bytes).any(|at| bytes.get(at + 1) == Some(&0xAD)) {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut clean = String::with_capacity(text.len());
    let mut points = Vec::new();
    for c in text.chars() {
        if c == '\u{00AD}' {
            if !clean.is_empty() {
                points.push(clean.len());
            }
        } else {
            clean.push(c);
        }
    }
    points.retain(|&p| p < clean.len());
    (Cow::Owned(clean), points)
}

/// Breaks after the hyphens of compounds ("free-spirited"), with letters on both sides.
pub(super) fn explicit_hyphen_breaks(text: &str) -> Vec<usize> {
    // '-' is itself a byte, U+2010 begins with E2: most words have neither.
    if memchr::memchr2(b'-', 0xE2, text.as_bytes()).is_none() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut points = Vec::new();
    for window in chars.windows(3) {
        let [(_, before), (at, c), (_, after)] = [window[0], window[1], window[2]];
        if matches!(c, '-' | '\u{2010}') && before.is_alphabetic() && after.is_alphabetic() {
            points.push(at + c.len_utf8());
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `super::break_points` for a tag, so the cases read as before.
    fn break_points(word: &str, tag: &str) -> Vec<usize> {
        super::break_points(word, &Lang::parse(tag).unwrap())
    }

    fn hyphenated(word: &str, language: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for point in break_points(word, language) {
            out.push_str(&word[last..point]);
            out.push('-');
            last = point;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn english_words_break_at_known_points() {
        let cases = [
            ("extensive", "ex-ten-sive"),
            ("photographers", "pho-tog-ra-phers"),
            ("sophistication", "so-phis-ti-ca-tion"),
            ("Hollywood", "Hol-ly-wood"),
        ];
        for (word, expected) in cases {
            assert_eq!(hyphenated(word, "en"), expected, "{word}");
        }
    }

    #[test]
    fn french_words_break_at_known_points() {
        assert_eq!(hyphenated("bibliothèque", "fr"), "bi-blio-thèque");
        assert_eq!(hyphenated("extraordinaire", "fr-CA"), "ex-tra-or-di-naire");
    }

    #[test]
    fn punctuation_around_a_word_is_set_aside() {
        assert_eq!(hyphenated("“extensive,”", "en"), "“ex-ten-sive,”");
    }

    /// The shaper hyphenates a word's letters once, whatever punctuation is around
    /// them: the same points as the whole word's, moved by where the letters begin.
    #[test]
    fn a_words_letters_break_as_the_word_does() {
        for (word, tag) in [
            ("“extensive,”", "en"),
            ("«расстроенный»,", "ru"),
            ("(photographers)", "en"),
            ("well-known.", "en"),
            ("...", "en"),
            ("Hollywood", "en"),
        ] {
            let (start, end) = letters_span(word);
            let moved: Vec<usize> = break_points(&word[start..end], tag)
                .into_iter()
                .map(|point| point + start)
                .collect();
            assert_eq!(moved, break_points(word, tag), "{word}");
        }
        assert_eq!(letters_span("“ab,”"), (3, 5));
        assert_eq!(letters_span("12"), (0, 0));
    }

    #[test]
    fn short_words_and_edges_are_left_alone() {
        assert!(break_points("four", "en").is_empty());
        // Three letters must follow a break: "cre-ate" is allowed only before "ate".
        for point in break_points("wonderful", "en") {
            assert!(point >= 2 && "wonderful".len() - point >= 3);
        }
        assert!(break_points("well-known", "en").is_empty());
        assert!(break_points("don't", "en").is_empty());
        assert!(break_points("extensive", "xx").is_empty());
    }

    /// The byte checks that let most words skip the search for soft hyphens and
    /// compound hyphens miss none: every word of pieces that hold those marks, or
    /// bytes like theirs (Э is D0 AD, — is E2 80 94, « is C2 AB), is read as a
    /// character-by-character search reads it.
    #[test]
    fn words_without_hyphens_are_told_by_their_bytes() {
        let pieces = ["a", "Э", "ѭ", "\u{AD}", "-", "\u{2010}", "—", "«", "é", "ж"];
        for word in &crate::util::arrangements(&pieces, 4) {
            let (clean, points) = strip_soft_hyphens(word);
            assert_eq!(clean, word.replace('\u{AD}', ""), "{word:?}");
            if !word.contains('\u{AD}') {
                assert!(matches!(clean, Cow::Borrowed(_)) && points.is_empty());
            }
            let chars: Vec<(usize, char)> = word.char_indices().collect();
            let expected: Vec<usize> = chars
                .windows(3)
                .filter(|w| {
                    matches!(w[1].1, '-' | '\u{2010}')
                        && w[0].1.is_alphabetic()
                        && w[2].1.is_alphabetic()
                })
                .map(|w| w[1].0 + w[1].1.len_utf8())
                .collect();
            assert_eq!(explicit_hyphen_breaks(word), expected, "{word:?}");
        }
    }
}

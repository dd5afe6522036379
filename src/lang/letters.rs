//! Letter tests and lowercasing with answers for the common alphabets first.
//!
//! `char::is_alphabetic` and `char::to_lowercase` search Unicode tables for every
//! character past ASCII (a few hundred instructions each); a Russian novel asks
//! them millions of times (hyphenation, the EPUB's page list, the script check).
//! Latin-1, Latin Extended, Cyrillic and the general punctuation are answered
//! here from their ranges; anything else goes to the standard library. The answers
//! are the standard library's, character for character (a test checks every one).

/// `c.is_alphabetic()`.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    match known(c) {
        Some(kind) => kind == Kind::Letter,
        None => c.is_alphabetic(),
    }
}

/// `c.is_alphanumeric()`.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    match known(c) {
        Some(kind) => kind != Kind::Other,
        None => c.is_alphanumeric(),
    }
}

/// `c.to_lowercase()`.
#[inline]
pub fn to_lowercase(c: char) -> Lowercase {
    match lower_of(c) {
        Some(lower) => Lowercase::One(Some(lower)),
        None => Lowercase::Table(c.to_lowercase()),
    }
}

/// The lowercase of `c` when it is a letter or digit of ASCII or of Russian's
/// Cyrillic (U+0400–U+045F): `is_alphanumeric` and `to_lowercase` answered at once
/// for the letters a book is mostly made of; `None` for any other character, which
/// those two must be asked about.
#[inline]
pub fn common_alphanumeric_lowercase(c: char) -> Option<char> {
    let code = c as u32;
    let lower = match c {
        'a'..='z' | '0'..='9' | '\u{430}'..='\u{45F}' => code,
        'A'..='Z' | '\u{410}'..='\u{42F}' => code + 0x20,
        '\u{400}'..='\u{40F}' => code + 0x50,
        _ => return None,
    };
    char::from_u32(lower)
}

/// `text.to_lowercase()`.
pub fn lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match lower_of(c) {
            Some(lower) => out.push(lower),
            // Greek's final sigma depends on the letters around it: the standard
            // library lowercases the whole text.
            None => return text.to_lowercase(),
        }
    }
    out
}

/// The lowercase of a character, as an iterator like `char::to_lowercase`'s.
pub enum Lowercase {
    One(Option<char>),
    Table(std::char::ToLowercase),
}

impl Iterator for Lowercase {
    type Item = char;

    #[inline]
    fn next(&mut self) -> Option<char> {
        match self {
            Lowercase::One(c) => c.take(),
            Lowercase::Table(chars) => chars.next(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Letter,
    /// A digit or other number (², ½): alphanumeric, not alphabetic.
    Number,
    Other,
}

/// What `c` is, when its range says so.
#[inline]
fn known(c: char) -> Option<Kind> {
    Some(match c {
        'a'..='z' | 'A'..='Z' => Kind::Letter,
        '0'..='9' | '\u{B2}' | '\u{B3}' | '\u{B9}' | '\u{BC}'..='\u{BE}' => Kind::Number,
        '\u{AA}' | '\u{B5}' | '\u{BA}' => Kind::Letter,
        '\0'..='\u{BF}' | '\u{D7}' | '\u{F7}' => Kind::Other,
        // Latin-1 letters and Latin Extended-A and -B.
        '\u{C0}'..='\u{24F}' => Kind::Letter,
        // Cyrillic letters (the historic signs and combining marks after U+0481 are
        // left to the tables).
        '\u{400}'..='\u{481}' | '\u{48A}'..='\u{52F}' => Kind::Letter,
        // Spaces, dashes, quotation marks and the like.
        '\u{2000}'..='\u{206F}' => Kind::Other,
        _ => return None,
    })
}

/// The lowercase of `c` when it is a single character known from its range.
#[inline]
fn lower_of(c: char) -> Option<char> {
    let code = c as u32;
    let lower = match c {
        '\0'..='\u{7F}' => return Some(c.to_ascii_lowercase()),
        '\u{C0}'..='\u{DE}' if c != '\u{D7}' => code + 0x20,
        '\u{80}'..='\u{FF}' => code,
        '\u{400}'..='\u{40F}' => code + 0x50,
        '\u{410}'..='\u{42F}' => code + 0x20,
        '\u{430}'..='\u{45F}' => code,
        '\u{2000}'..='\u{206F}' => code,
        _ => return None,
    };
    char::from_u32(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_is_answered_as_the_standard_library_does() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert!(to_lowercase(c).eq(c.to_lowercase()), "{c:?}");
            if let Some(lower) = common_alphanumeric_lowercase(c) {
                assert!(c.is_alphanumeric(), "{c:?}");
                assert!(c.to_lowercase().eq([lower]), "{c:?}");
            }
        }
    }

    #[test]
    fn texts_are_lowercased_as_the_standard_library_does() {
        for text in [
            "Ёлка",
            "ΟΔΟΣ",
            "Straße",
            "İstanbul",
            "ĲSSEL",
            "Æsir",
            "«Да»—",
        ] {
            assert_eq!(lowercase(text), text.to_lowercase(), "{text}");
        }
    }
}

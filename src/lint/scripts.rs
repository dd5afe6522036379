//! Scripts Folio cannot typeset yet, refused before any rendering (an error, never a
//! PDF with text in the wrong order or lines running off the page).
//!
//! The rule:
//! - Right-to-left scripts (Arabic, Hebrew, Syriac, Thaana, N'Ko, Samaritan, Mandaic):
//!   Folio has no bidi algorithm. A single right-to-left word in left-to-right text
//!   is set (shaped right to left by harfrust, its PDF text in logical order
//!   through `/ActualText`); two such words side by side (a phrase, whose words
//!   would come out in the wrong order), a word mixing them with other characters,
//!   or a paragraph mostly right to left is refused, and so are RTL stories.
//! - Han, Hiragana, Katakana and Hangul: running text. Folio breaks lines only at
//!   spaces and hyphens (no UAX 14 between characters, no kinsoku), so a paragraph
//!   whose letters are mostly CJK, or any run of more than
//!   [`MAX_CJK_RUN`] CJK characters, is refused. A short word (東京, ソニー, 한국) in
//!   a paragraph of spaced words is kept: it cannot be broken, like any long word.

use std::path::Path;

use crate::error::{Diagnostic, LineIndex};
use crate::lang::letters::is_alphanumeric;
use crate::manifest::LoadedManifest;
use crate::source::StoryText;

/// The longest run of CJK characters accepted inside a paragraph of other text.
pub const MAX_CJK_RUN: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Arabic,
    Hebrew,
    Syriac,
    Thaana,
    Nko,
    Samaritan,
    Mandaic,
    Han,
    Hiragana,
    Katakana,
    Hangul,
}

/// The blocks of each refused script, in order of their first code point.
const SCRIPT_RANGES: &[(u32, u32, Script)] = &[
    (0x0590, 0x05FF, Script::Hebrew),
    (0x0600, 0x06FF, Script::Arabic),
    (0x0700, 0x074F, Script::Syriac),
    (0x0750, 0x077F, Script::Arabic),
    (0x0780, 0x07BF, Script::Thaana),
    (0x07C0, 0x07FF, Script::Nko),
    (0x0800, 0x083F, Script::Samaritan),
    (0x0840, 0x085F, Script::Mandaic),
    (0x0860, 0x086F, Script::Syriac),
    (0x0870, 0x08FF, Script::Arabic),
    (0x1100, 0x11FF, Script::Hangul),
    (0x2E80, 0x2FDF, Script::Han),
    (0x3005, 0x3007, Script::Han),
    (0x3021, 0x3029, Script::Han),
    (0x3038, 0x303B, Script::Han),
    (0x3040, 0x309F, Script::Hiragana),
    (0x30A0, 0x30FF, Script::Katakana),
    (0x3130, 0x318F, Script::Hangul),
    (0x31F0, 0x31FF, Script::Katakana),
    (0x3400, 0x4DBF, Script::Han),
    (0x4E00, 0x9FFF, Script::Han),
    (0xA960, 0xA97F, Script::Hangul),
    (0xAC00, 0xD7FF, Script::Hangul),
    (0xF900, 0xFAFF, Script::Han),
    (0xFB1D, 0xFB4F, Script::Hebrew),
    (0xFB50, 0xFDFF, Script::Arabic),
    (0xFE70, 0xFEFF, Script::Arabic),
    (0xFF66, 0xFF9F, Script::Katakana),
    (0x10EC0, 0x10EFF, Script::Arabic),
    (0x1B000, 0x1B000, Script::Katakana),
    (0x1B001, 0x1B11F, Script::Hiragana),
    (0x1EE00, 0x1EEFF, Script::Arabic),
    (0x20000, 0x3FFFF, Script::Han),
];

impl Script {
    fn of(c: char) -> Option<Script> {
        let code = c as u32;
        if code < SCRIPT_RANGES[0].0 {
            return None; // Latin, Greek, Cyrillic…: nearly every character
        }
        SCRIPT_RANGES
            .iter()
            .find(|&&(first, last, _)| (first..=last).contains(&code))
            .map(|&(_, _, script)| script)
    }

    fn right_to_left(self) -> bool {
        !matches!(
            self,
            Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul
        )
    }

    fn name(self) -> &'static str {
        match self {
            Script::Arabic => "Arabic",
            Script::Hebrew => "Hebrew",
            Script::Syriac => "Syriac",
            Script::Thaana => "Thaana",
            Script::Nko => "N'Ko",
            Script::Samaritan => "Samaritan",
            Script::Mandaic => "Mandaic",
            Script::Han => "Han (Chinese characters)",
            Script::Hiragana => "Hiragana (Japanese)",
            Script::Katakana => "Katakana (Japanese)",
            Script::Hangul => "Hangul (Korean)",
        }
    }
}

/// CJK punctuation and full-width forms: part of a CJK run, no script of their own.
fn cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x3004 | 0x3008..=0x3020 | 0x30FB | 0x30FC | 0xFF01..=0xFF65)
}

/// The first problem of each paragraph of `text` (paragraphs split at blank lines),
/// at most one per script and file.
pub fn unsupported_in(path: &Path, text: &str) -> Vec<Diagnostic> {
    let lines = LineIndex::new(text);
    let mut problems = Vec::new();
    let mut reported: Vec<Script> = Vec::new();
    let mut start = 0;
    for paragraph in crate::util::split_str(text, &crate::util::PARAGRAPH_BREAK) {
        let found = paragraph_problem(paragraph);
        if let Some((offset, script, why)) = found {
            if !reported.contains(&script) {
                reported.push(script);
                problems.push(
                    Diagnostic::new(
                        path,
                        format!("{} text is not supported yet: {why}", script.name()),
                    )
                    .at(Some(lines.line_col(start + offset)))
                    .help(help(script)),
                );
            }
        }
        start += paragraph.len() + 2;
    }
    problems
}

fn help(script: Script) -> &'static str {
    if script.right_to_left() {
        "Folio sets right-to-left text only as single words in left-to-right text for \
         now (no bidi algorithm, no `dir`); remove it or keep this book in another tool"
    } else {
        "Folio breaks lines only at spaces for now (no line breaking between CJK \
         characters, no kinsoku); short words of up to 10 characters between spaces in \
         other text are fine"
    }
}

/// Right-to-left letters are set only as single words in left-to-right text: each
/// word is shaped right to left on its own and placed among the others (no bidi
/// algorithm reorders a phrase). So a right-to-left word next to another, one
/// whose letters are split by other characters (`سلام-عليكم`), or a paragraph
/// mostly right to left is refused.
fn right_to_left_problem(paragraph: &str) -> Option<(usize, Script, String)> {
    let rtl_of = |word: &str| {
        word.chars()
            .find_map(|c| Script::of(c).filter(|s| s.right_to_left()))
    };
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (at, c) in paragraph.char_indices() {
        if !c.is_whitespace() {
            start.get_or_insert(at);
        } else if let Some(from) = start.take() {
            words.push((from, &paragraph[from..at]));
        }
    }
    words.extend(start.map(|from| (from, &paragraph[from..])));
    let (mut rtl_letters, mut letters) = (0usize, 0usize);
    let mut first: Option<(usize, Script)> = None;
    for (index, &(start, word)) in words.iter().enumerate() {
        letters += word.chars().filter(|&c| is_alphanumeric(c)).count();
        let Some(script) = rtl_of(word) else { continue };
        first.get_or_insert((start, script));
        let is_rtl = |c: char| Script::of(c).is_some_and(|s| s.right_to_left());
        rtl_letters += word
            .chars()
            .filter(|&c| is_rtl(c) && is_alphanumeric(c))
            .count();
        let neighbour = |i: Option<usize>| {
            i.and_then(|i| words.get(i))
                .is_some_and(|(_, w)| rtl_of(w).is_some())
        };
        if neighbour(index.checked_sub(1)) || neighbour(Some(index + 1)) {
            return Some((
                start,
                script,
                "a phrase of several right-to-left words would come out in the wrong order \
                 (single words in other text are set)"
                    .into(),
            ));
        }
        let inner = word.trim_matches(|c: char| !is_rtl(c));
        if inner.chars().any(|c| !is_rtl(c) && !is_mark(c)) {
            return Some((
                start,
                script,
                "a word mixing right-to-left letters with other characters would come out \
                 in the wrong order"
                    .into(),
            ));
        }
    }
    match first {
        Some((offset, script)) if rtl_letters * 2 > letters => Some((
            offset,
            script,
            "right-to-left text would come out in the wrong order (only single words in \
             left-to-right text are set)"
                .into(),
        )),
        _ => None,
    }
}

/// Combining marks of the right-to-left scripts (vowel points, harakat), which
/// Script::of counts as theirs anyway; joiners are as good as letters here.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Whether `text` has a character at U+0590 or above, where every refused script
/// lies (UTF-8 lead byte 0xD6 or more), other than the general punctuation of
/// U+2000 to U+2E7F (lead byte 0xE2, then below 0xB9: dashes and quotation marks,
/// in nearly every paragraph of a novel, Cyrillic ones too). Nearly every
/// paragraph has none, and nothing to refuse.
fn may_hold_refused(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = bytes[from..].iter().position(|&b| b >= 0xD6) {
        let at = from + at;
        if bytes[at] != 0xE2 || bytes.get(at + 1).is_none_or(|&b| b >= 0xB9) {
            return true;
        }
        from = at + 1;
    }
    false
}

/// (byte offset, script, why) of what is refused in one paragraph.
fn paragraph_problem(paragraph: &str) -> Option<(usize, Script, String)> {
    if !may_hold_refused(paragraph) {
        return None;
    }
    // Dashes and quotation marks have such bytes too: look at the characters.
    if !paragraph
        .chars()
        .any(|c| Script::of(c).is_some() || cjk_punctuation(c))
    {
        return None;
    }
    let mut letters = 0usize;
    let mut cjk = 0usize;
    let mut first_cjk: Option<(usize, Script)> = None;
    let mut run = 0usize;
    // Kana anywhere makes Han text Japanese: name the kana.
    let mut kana: Option<Script> = None;
    if let Some(problem) = right_to_left_problem(paragraph) {
        return Some(problem);
    }
    for (offset, c) in paragraph.char_indices() {
        let script = Script::of(c).filter(|s| !s.right_to_left());
        if let Some(script) = script {
            cjk += 1;
            letters += 1;
            run += 1;
            first_cjk.get_or_insert((offset, script));
            if matches!(script, Script::Hiragana | Script::Katakana) {
                kana.get_or_insert(script);
            }
            if run > MAX_CJK_RUN {
                return Some((
                    first_cjk.map_or(offset, |f| f.0),
                    kana.unwrap_or(script),
                    format!(
                        "a run of more than {MAX_CJK_RUN} characters without a space \
                         could not be broken into lines"
                    ),
                ));
            }
        } else if cjk_punctuation(c) {
            run += 1;
        } else {
            run = 0;
            if is_alphanumeric(c) {
                letters += 1;
            }
        }
    }
    match first_cjk {
        Some((offset, script)) if cjk * 2 > letters => Some((
            offset,
            kana.unwrap_or(script),
            "a paragraph mostly in it would be set as words between spaces".into(),
        )),
        _ => None,
    }
}

/// Every story (as read) and the manifest's displayed text.
pub fn check(manifest: &LoadedManifest, texts: &[StoryText]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for value in super::displayed_strings(manifest) {
        for mut d in unsupported_in(&manifest.path, value) {
            d.position = manifest
                .text
                .find(value)
                .map(|at| crate::error::line_col(&manifest.text, at));
            if !problems.contains(&d) {
                problems.push(d);
            }
        }
    }
    // The words Folio prints (Contents, the copyright line…) are in the book's
    // language: an Arabic, Hebrew, Japanese… book would print them in its script.
    let m = &manifest.manifest;
    if let Ok(lang) = manifest.lang(&m.book.language) {
        let contents = lang.labels().contents;
        if let Some((_, script, _)) = paragraph_problem(contents) {
            problems.push(
                manifest
                    .diagnostic_at(
                        m.book.language.span(),
                        format!(
                            "the book's language `{}` has its headings and labels (\"{contents}\") \
                             in {} text, which is not supported yet",
                            m.book.language.get_ref(),
                            script.name()
                        ),
                    )
                    .help(help(script)),
            );
        }
    }
    for story in texts {
        problems.extend(unsupported_in(&story.path, &story.text));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte test lets through every character the check looks at, and skips
    /// the dashes and quotation marks of running text.
    #[test]
    fn the_byte_test_misses_no_character_that_could_be_refused() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            if Script::of(c).is_some() || cjk_punctuation(c) {
                assert!(may_hold_refused(&text), "U+{:04X}", c as u32);
            }
        }
        assert!(!may_hold_refused("«Да — нет…» “yes” – ‘no’ † ‰ €"));
        assert!(may_hold_refused("— 東京"));
    }

    fn problem(text: &str) -> Option<String> {
        unsupported_in(Path::new("s.md"), text)
            .first()
            .map(|d| format!("{}:{:?}", d.message, d.position))
    }

    #[test]
    fn right_to_left_phrases_are_refused_single_words_are_kept() {
        assert_eq!(problem("First paragraph.\n\nThe word سلام, here."), None);
        let p = problem("First paragraph.\n\nThe words سلام عليكم here.").unwrap();
        assert!(
            p.starts_with("Arabic text is not supported yet: a phrase"),
            "{p}"
        );
        assert!(p.ends_with("Some((3, 11))"), "{p}");
        assert!(problem("שלום עולם").unwrap().starts_with("Hebrew"));
        // Mostly right to left, or letters split by other characters.
        assert!(problem("שלום").unwrap().contains("wrong order"));
        assert!(problem("A word سلام-عليكم here.")
            .unwrap()
            .contains("mixing"));
    }

    #[test]
    fn cjk_running_text_is_refused_short_words_are_kept() {
        assert_eq!(
            problem("The word 東京 and ソニー and 한국 in English."),
            None
        );
        let p = problem("吾輩は猫である。名前はまだ無い。").unwrap();
        assert!(p.starts_with("Hiragana (Japanese) text"), "{p}");
        let p = problem("天地玄黃宇宙洪荒日月盈昃辰宿列張").unwrap();
        assert!(p.starts_with("Han (Chinese characters) text"), "{p}");
        // Spaced but mostly Japanese.
        let p = problem("猫 です。 名前 は まだ 無い。 a").unwrap();
        assert!(p.contains("mostly"), "{p}");
        assert!(problem("한국어 문장은 띄어쓰기를 합니다")
            .unwrap()
            .starts_with("Hangul"));
    }

    #[test]
    fn latin_greek_and_cyrillic_pass() {
        assert_eq!(problem("Ἐν ἀρχῇ ἦν ὁ λόγος. Всё смешалось. Café."), None);
    }
}

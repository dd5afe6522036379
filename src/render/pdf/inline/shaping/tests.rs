use super::*;
use crate::fonts::load_family;

fn sample_family() -> FontFamily {
    load_family(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), None).unwrap()
}

#[test]
fn fi_becomes_one_ligature_glyph_that_copies_as_two_letters() {
    let family = sample_family();
    let mut shaper = Shaper::new(&family);
    let shaped = shaper.shape(FontStyle::Regular, "find").unwrap();
    assert_eq!(shaped.glyphs.len(), 3, "f+i ligate: {:?}", shaped.glyphs);
    assert_eq!(shaped.glyphs[0].text("find"), "fi");
    let text: String = shaped.glyphs.iter().map(|g| g.text("find")).collect();
    assert_eq!(text, "find");
}

#[test]
fn a_kerning_pair_is_tighter_than_its_letters_apart() {
    let family = sample_family();
    let mut shaper = Shaper::new(&family);
    let pair = shaper.shape(FontStyle::Regular, "AV").unwrap().advance;
    let apart = shaper.shape(FontStyle::Regular, "A").unwrap().advance
        + shaper.shape(FontStyle::Regular, "V").unwrap().advance;
    assert!(pair < apart, "AV {pair} should kern below {apart}");
}

#[test]
fn words_are_shaped_once() {
    let family = sample_family();
    let mut shaper = Shaper::new(&family);
    for _ in 0..3 {
        shaper.shape(FontStyle::Regular, "the").unwrap();
    }
    shaper.shape(FontStyle::Italic, "the").unwrap();
    assert_eq!(shaper.cached_words(), 2);
}

/// A word's hyphenation kept with its shaping is what the letters' cache
/// gives, for the language asked for: another language asks again.
#[test]
fn hyphenation_kept_with_a_shaping_is_the_words_own() {
    let family = sample_family();
    let mut shaper = Shaper::new(&family);
    let (en, de) = (
        crate::lang::Lang::parse("en").unwrap(),
        crate::lang::Lang::parse("de").unwrap(),
    );
    for word in ["“extensive,", "photographers", "Bildungsroman", "cat"] {
        let shaped = shaper.shape(FontStyle::Regular, word).unwrap();
        for language in [&en, &de, &en] {
            let kept = shaper.word_hyphenation(&shaped, word, language);
            assert_eq!(kept, shaper.hyphenation_points(word, language), "{word}");
        }
    }
    let shaped = shaper.shape(FontStyle::Regular, "extensive").unwrap();
    let (start, points) = shaper.word_hyphenation(&shaped, "extensive", &en);
    assert_eq!((start, &*points), (0, &[2, 5][..]));
}

/// Workers take stories as they come free; what they learnt merges as if one
/// shaper had set the stories in book order, whatever worker set which.
#[test]
fn workers_findings_merge_in_book_order() {
    let family = sample_family();
    let (composed, decomposed) = ("caf\u{e9}", "cafe\u{301}");
    let glyph = |shaper: &mut Shaper<'_>, word: &str| {
        let shaped = shaper.shape(FontStyle::Regular, word).unwrap();
        shaped.glyphs.last().unwrap().id
    };
    let mut late = Shaper::new(&family);
    late.set_rank(7);
    let e_acute = glyph(&mut late, decomposed);
    late.note_forced_break("later");
    let mut early = Shaper::new(&family);
    early.set_rank(2);
    // The font composes e + U+0301 into its é: one glyph, two texts.
    assert_eq!(glyph(&mut early, composed), e_acute);
    early.note_forced_break("earlier");
    early.note_forced_break("later");
    let workers = [late, early];
    let mut book = Shaper::new(&family);
    book.absorb(&workers);
    assert_eq!(
        book.glyph_text(0, FontStyle::Regular, e_acute),
        Some("\u{e9}")
    );
    assert_eq!(book.forced_breaks(), ["earlier", "later"]);
    // What the book's own shaper knows stays: it ranks first.
    let mut own = Shaper::new(&family);
    glyph(&mut own, decomposed);
    own.absorb(&workers);
    assert_eq!(
        own.glyph_text(0, FontStyle::Regular, e_acute),
        Some("e\u{301}")
    );
}

#[test]
fn a_character_outside_the_font_is_reported() {
    let family = sample_family();
    let mut shaper = Shaper::new(&family);
    let missing = shaper.shape(FontStyle::Regular, "a\u{1F600}").unwrap_err();
    assert_eq!(missing.character, '\u{1F600}');
}

use super::*;
use crate::fonts::{load_family, FontStyle};
use rustybuzz::ttf_parser::{self, GlyphId};

fn family() -> FontFamily {
    load_family(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), None).unwrap()
}

#[test]
fn the_ofl_notice_names_its_reserved_font_names() {
    let text = std::fs::read_to_string(family().license.unwrap()).unwrap();
    assert_eq!(reserved_font_names(&text), ["Gentium", "SIL"]);
    assert_eq!(permission(&family()), Permission::Subset { rename: true });
    let plain = "Copyright 2020 The Font Project Authors.\n\nThis Font Software is licensed under \
                 the SIL Open Font License, Version 1.1.\nNo Modified Version may use the \
                 Reserved Font Name(s) unless explicit written permission is granted.";
    assert!(reserved_font_names(plain).is_empty());
}

#[test]
fn references_are_decoded_and_tags_left_out() {
    let mut sample = TextSample::default();
    sample.add_xhtml("<p class=\"x\">Caf&#233; &amp; <em>b&#x2014;c</em></p>");
    let chars: String = sample.chars.iter().collect();
    assert_eq!(chars, " &Cabcfé—");
    assert!(!sample.chars.contains(&'<') && !sample.chars.contains(&'p'));
}

fn outline(face: &ttf_parser::Face<'_>, c: char) -> bool {
    let g = face.glyph_index(c).unwrap();
    face.glyph_bounding_box(g).is_some()
}

#[test]
fn a_subset_draws_the_sample_keeps_glyph_numbers_and_layout_and_is_renamed() {
    let family = family();
    let whole = &family.face(FontStyle::Regular).data;
    let mut sample = TextSample::default();
    sample.add_text("office Valérie — “fine”");
    let small = subset(whole, &sample, Some(RENAMED_FAMILY)).unwrap();
    assert!(small.len() * 3 < whole.len(), "{} bytes", small.len());
    let face = ttf_parser::Face::parse(&small, 0).unwrap();
    let original = ttf_parser::Face::parse(whole, 0).unwrap();
    assert_eq!(face.number_of_glyphs(), original.number_of_glyphs());
    for c in "ofiVlérie—“”".chars() {
        assert!(outline(&face, c), "{c} lost its outline");
    }
    for c in "ŽøßŒ".chars() {
        assert!(!outline(&face, c), "{c} kept its outline");
    }
    // The letters hinting measures the font by keep theirs (`HINTING_REFERENCE`).
    for c in "zqXQ7ωсЖ".chars() {
        assert!(outline(&face, c), "{c} lost its outline");
    }
    // Layout is the font's own: the same glyphs and advances as the whole font.
    let shape = |data: &[u8]| {
        let face = rustybuzz::Face::from_slice(data, 0).unwrap();
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str("office Valérie");
        let shaped = rustybuzz::shape(&face, &[], buffer);
        let ids: Vec<u32> = shaped.glyph_infos().iter().map(|i| i.glyph_id).collect();
        let advances: Vec<i32> = shaped
            .glyph_positions()
            .iter()
            .map(|p| p.x_advance)
            .collect();
        (ids, advances)
    };
    assert_eq!(shape(&small), shape(whole));
    let space = face.glyph_index(' ').unwrap();
    for g in shape(&small).0 {
        let g = GlyphId(g as u16);
        assert!(g == space || face.glyph_bounding_box(g).is_some(), "{g:?}");
    }
    // Renamed: no name record carries a reserved name any more.
    let names: Vec<String> = face
        .names()
        .into_iter()
        .filter_map(|n| n.to_string())
        .collect();
    assert!(names.iter().any(|n| n == RENAMED_FAMILY), "{names:?}");
    for n in &names {
        let licence =
            n.contains("scripts.sil.org") || n.contains("SIL Open Font") || n.contains("Copyright");
        assert!(
            licence || !n.contains("Gentium") && !n.contains("SIL"),
            "{n}"
        );
    }
    assert_eq!(
        crate::fonts::name_table_family(&small).as_deref(),
        Some(RENAMED_FAMILY)
    );
}

/// Found by the `fonts` fuzz target: a damaged cmap mapping letters past the glyph
/// count made the subsetter index out of bounds (a panic) instead of leaving them.
#[test]
fn a_cmap_pointing_past_the_glyphs_is_not_a_panic() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cmap-past-glyphs.ttf");
    let font = std::fs::read(path).unwrap();
    let face = ttf_parser::Face::parse(&font, 0).unwrap();
    let past = HINTING_REFERENCE
        .iter()
        .flat_map(|r| r.clone())
        .filter_map(|c| face.glyph_index(c))
        .any(|g| g.0 >= face.number_of_glyphs());
    assert!(
        past,
        "the fixture maps a character past its {} glyphs",
        face.number_of_glyphs()
    );
    let mut sample = TextSample::default();
    sample.add_text("Aa fi 1, Ab");
    let _ = subset(&font, &sample, None);
}

/// Found by the `fonts` fuzz target: allsorts panics reading this damaged CFF
/// ("slice index starts at 63 but ends at 27"); the subsetter gives up on it (the
/// face would go in whole) instead of panicking.
#[test]
fn a_damaged_cff_is_not_a_panic() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cff-damaged.otf");
    let font = std::fs::read(path).unwrap();
    let mut sample = TextSample::default();
    sample.add_text("Aa fi 1, Ab \u{65e5}\u{672c}");
    assert_eq!(subset(&font, &sample, None), None);
}

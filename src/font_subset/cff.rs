//! CID-keyed CFF fonts (Noto CJK, Source Han: tens of thousands of glyphs, 15–20
//! MB a face) subset for the EPUB by allsorts, the PDF's subsetter. It renumbers
//! the glyphs it keeps, so the layout tables (`GSUB`, `GPOS`), whose glyph numbers
//! it does not follow, are left out: a reader sets the kept glyphs with their
//! default forms and advances. For the ideographs and kana such a font is chosen
//! for, that is how they are set anyway; kerning and proportional or vertical
//! forms are what is lost.

use super::sfnt;
use super::TextSample;

/// Face `index` of `font` cut down to the characters of `sample` (and .notdef),
/// with a Unicode `cmap`, and renamed to `rename` when given; `None` when allsorts
/// cannot subset it (the caller embeds the face whole).
pub(super) fn subset(
    font: &[u8],
    index: u32,
    face: &rustybuzz::Face<'_>,
    sample: &TextSample,
    rename: Option<&str>,
) -> Option<Vec<u8>> {
    use allsorts::subset::SubsetProfile;
    let mut ids: Vec<u16> = sample
        .chars
        .iter()
        .filter_map(|&c| face.glyph_index(c))
        .map(|g| g.0)
        .filter(|&g| g != 0)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.insert(0, 0);
    // allsorts may panic on a damaged font: then the face goes in whole, as when it
    // cannot subset it.
    let bytes = crate::util::quietly(|| {
        super::renumbered(font, index, &ids, &SubsetProfile::Minimal).ok()
    })??;
    let Some(family) = rename else {
        return Some(bytes);
    };
    let mut tables = sfnt::read_face(&bytes, 0)?;
    tables.set(b"name", super::glyf::renamed(tables.get(b"name")?, family)?);
    Some(sfnt::write(&tables))
}

/// Whether face `index` of `font` is a CID-keyed CFF (its glyphs named by CIDs).
pub(super) fn is_cid_keyed(font: &[u8], index: u32) -> bool {
    rustybuzz::ttf_parser::Face::parse(font, index).is_ok_and(|face| {
        face.tables()
            .cff
            .is_some_and(|cff| cff.glyph_cid(rustybuzz::ttf_parser::GlyphId(0)).is_some())
    })
}

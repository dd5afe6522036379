//! Fallback fonts in shaping: a word the body face cannot draw whole is split into
//! runs, each character going to the first font of the chain that has it (a mark,
//! joiner or variation selector stays with the character before it, so a cluster
//! is never split between fonts), and each run is shaped in its own font. Advances
//! come back in the body face's units, so that every measure above stays one scale.
//! Right-to-left letters are runs of their own too (not the punctuation around
//! them): harfrust sets each right to left, in visual order, inside the word.
//! The PDF draws the glyphs in that order, each mapped to its letters: text
//! extraction (poppler, MuPDF) reorders right-to-left text into logical order
//! itself, and reverses an `/ActualText` given in logical order, so none is written.

use unicode_general_category::{get_general_category, GeneralCategory};

use super::{shape_uncached, Glyph, MissingGlyph, ShapedText, Shaper};
use crate::fonts::FontStyle;

/// Whether `c` is a letter of a right-to-left script (Hebrew, Arabic, Syriac,
/// Thaana, N'Ko…, their presentation forms): such letters are set as runs apart.
pub(super) fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
        && !continues_cluster(c)
}

/// Whether `text` holds a right-to-left letter (a quick look at UTF-8 lead bytes
/// first: nearly every word has none).
pub(super) fn has_rtl(text: &str) -> bool {
    text.bytes().any(|b| b >= 0xD6) && text.chars().any(is_rtl)
}

/// Whether `c` belongs to the cluster of the character before it.
fn continues_cluster(c: char) -> bool {
    matches!(
        get_general_category(c),
        GeneralCategory::NonspacingMark
            | GeneralCategory::SpacingMark
            | GeneralCategory::EnclosingMark
            | GeneralCategory::Format
    )
}

impl Shaper<'_> {
    /// The first font of the chain with a glyph for `c` in `style`.
    fn font_for(&self, style: FontStyle, c: char) -> Option<u8> {
        (0..self.fonts())
            .map(|font| font as u8)
            .find(|&font| self.font_face(font, style).glyph_index(c).is_some())
    }

    /// `text` shaped in runs by font (see the module's notes).
    pub(super) fn shape_with_fallbacks(
        &mut self,
        style: FontStyle,
        text: &str,
    ) -> Result<ShapedText, MissingGlyph> {
        // (font, right to left, text)
        let mut runs: Vec<(u8, bool, std::ops::Range<usize>)> = Vec::new();
        for (at, c) in text.char_indices() {
            let end = at + c.len_utf8();
            if let Some((_, _, run)) = runs.last_mut().filter(|_| continues_cluster(c)) {
                run.end = end;
                continue;
            }
            let font = self.font_for(style, c).ok_or_else(|| MissingGlyph {
                character: c,
                style,
                text: text.to_string(),
                paragraph: String::new(),
            })?;
            let rtl = is_rtl(c);
            match runs.last_mut() {
                Some((last, last_rtl, run)) if *last == font && *last_rtl == rtl => run.end = end,
                _ => runs.push((font, rtl, at..end)),
            }
        }
        let body_units = self.face(style).units_per_em() as f32;
        let mut glyphs: Vec<Glyph> = Vec::with_capacity(text.len());
        let mut advance = 0;
        for (font, _, range) in runs {
            let face = Self::face_in(
                match font {
                    0 => &self.faces,
                    n => &self.fallback_faces[usize::from(n) - 1],
                },
                style,
            );
            let units = body_units / face.face.units_per_em() as f32;
            let face = &face.shaping;
            let shaped =
                shape_uncached(face, &mut self.plans, (font, style), &text[range.clone()])?;
            for mut glyph in shaped.glyphs {
                glyph.cluster += range.start;
                glyph.text_end += range.start;
                if font != 0 {
                    glyph.advance = (glyph.advance as f32 * units).round() as i32;
                }
                advance += glyph.advance;
                glyphs.push(glyph);
            }
        }
        Ok(ShapedText::new(glyphs, advance))
    }
}

//! Fallback fonts in shaping: a word the body face cannot draw whole is split into
//! runs, each character going to the first font of the chain that has it (a mark,
//! joiner or variation selector stays with the character before it, so a cluster
//! is never split between fonts), and each run is shaped in its own font. Advances
//! come back in the body face's units, so that every measure above stays one scale.

use unicode_general_category::{get_general_category, GeneralCategory};

use super::{shape_uncached, Glyph, MissingGlyph, ShapedText, Shaper};
use crate::fonts::FontStyle;

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
        let mut runs: Vec<(u8, std::ops::Range<usize>)> = Vec::new();
        for (at, c) in text.char_indices() {
            let end = at + c.len_utf8();
            if let Some((_, run)) = runs.last_mut().filter(|_| continues_cluster(c)) {
                run.end = end;
                continue;
            }
            let font = self.font_for(style, c).ok_or(MissingGlyph {
                character: c,
                style,
            })?;
            match runs.last_mut() {
                Some((last, run)) if *last == font => run.end = end,
                _ => runs.push((font, at..end)),
            }
        }
        let body_units = self.face(style).units_per_em() as f32;
        let mut glyphs: Vec<Glyph> = Vec::with_capacity(text.len());
        let mut advance = 0;
        for (font, range) in runs {
            let face = Self::face_in(
                match font {
                    0 => &self.faces,
                    n => &self.fallback_faces[usize::from(n) - 1],
                },
                style,
            );
            let units = body_units / face.units_per_em() as f32;
            let shaped =
                shape_uncached(face, &mut self.plans, (font, style), &text[range.clone()])?;
            for mut glyph in shaped.glyphs {
                glyph.cluster += range.start;
                if font != 0 {
                    glyph.advance = (glyph.advance as f32 * units).round() as i32;
                }
                advance += glyph.advance;
                glyphs.push(glyph);
            }
        }
        Ok(ShapedText { glyphs, advance })
    }
}

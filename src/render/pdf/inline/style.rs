//! How a paragraph is to be set: its face, size, measure, alignment, hyphenation and
//! language. Every step of inline layout reads it.

use crate::fonts::FontStyle;
use crate::lang::Lang;
use crate::render::pdf::geometry::Typesetting;
use crate::units::Pt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justify,
    Left,
    Center,
}

/// How one paragraph is to be set.
#[derive(Debug, Clone)]
pub struct ParagraphStyle<'l> {
    pub base: FontStyle,
    pub size: Pt,
    pub first_indent: Pt,
    pub measure: Pt,
    pub align: Align,
    pub hyphenate: bool,
    pub language: &'l Lang,
    /// The first lines narrowed from the left (how many, by how much): room for
    /// a drop cap.
    pub hanging: (usize, Pt),
}

impl<'l> ParagraphStyle<'l> {
    /// Body text in `size` on `measure`: regular, justified and hyphenated as the
    /// book asks.
    pub fn text(settings: &Typesetting, size: Pt, language: &'l Lang, measure: Pt) -> Self {
        ParagraphStyle {
            base: FontStyle::Regular,
            size,
            first_indent: Pt::ZERO,
            measure,
            align: if settings.justify {
                Align::Justify
            } else {
                Align::Left
            },
            hyphenate: settings.hyphenate,
            language,
            hanging: (0, Pt::ZERO),
        }
    }

    /// The measure of line `index` (0-based).
    pub fn line_measure(&self, index: usize) -> Pt {
        let (lines, width) = self.hanging;
        if index < lines {
            self.measure - width
        } else {
            self.measure
        }
    }
}

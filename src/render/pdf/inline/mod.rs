//! Inline layout, stage 1 of the PDF engine: a paragraph's inlines become lines of
//! positioned glyph runs. Shaping (`shaping`, rustybuzz), hyphenation (`hyphenation`),
//! paragraph preparation into Knuth–Plass items and the setting of lines
//! (`paragraph`), total-fit line breaking (`linebreak`). Knows nothing of pages.

pub mod hyphenation;
pub mod linebreak;
pub mod paragraph;
pub mod shaping;

//! Inline layout, stage 1 of the PDF engine: a paragraph's inlines → set lines of
//! positioned glyph runs. In order: `collect` (inlines → styled words), `prepare`
//! (words → shaped Knuth–Plass items, with `shaping` and `hyphenation`),
//! `linebreak` (items → total-fit breaks, over `items`), `line` (breaks → `SetLine`s).
//! `style` says how a paragraph is set. Knows nothing of pages.

mod collect;
pub mod hyphenation;
pub mod items;
pub mod line;
pub mod linebreak;
pub mod prepare;
pub mod shaping;
pub mod style;

pub use line::{centred, display_lines, set_paragraph, GlyphRun, LineLink, LinkTarget, SetLine};
pub use prepare::{PlacedGlyph, PreparedParagraph, LINE_BREAK_PARAMS};
pub use shaping::{MissingGlyph, Shaper};
pub use style::{Align, ParagraphStyle};

//! Renderers: each turns the shared model into one format. They never call each
//! other and never read sources; each owns its `[output.NAME]` options.

pub mod epub;
pub mod pdf;

use crate::fonts::FontFamily;
use crate::model::Book;

/// What every renderer is given.
pub struct RenderContext<'a> {
    pub book: &'a Book,
    pub fonts: &'a FontFamily,
}

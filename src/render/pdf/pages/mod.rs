//! Pages, stage 3 of the PDF engine: the book → composed pages. `compose` ties the
//! book together: the stories' pages from `flow`, then the back matter, then the
//! front matter (`front`), whose contents (`contents`) know the body's page
//! numbers; `matter` sets each item of matter, `furniture` the running heads and
//! folios. The output, a `ComposedBook`, goes to `output`.

pub mod compose;
mod contents;
mod front;
mod furniture;
mod matter;
mod parts;

pub use compose::{compose, compose_with_progress, ComposedBook, ContentsLink, Progress};
pub use contents::roman;

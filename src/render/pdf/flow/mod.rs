//! Flow, stage 2 of the PDF engine: a story's blocks → pages of placed lines. In
//! order: `input` (what a story or a prose section gives the flow, prepared for
//! print), `story` (its opener, blocks and
//! footnotes as slots on the baseline grid, set by `inline`; `figure` and `table`
//! set those blocks), `grid` (the slots as
//! the page breaker sees them, with the other settings each paragraph offers),
//! `pagebreak` (the grid cut into pages: what it reads in `lines`, its states and
//! costs in `spreads`), `place` (the lines placed on the pages:
//! `ComposedPage`s).

pub mod figure;
pub mod grid;
pub mod input;
mod lines;
pub mod pagebreak;
pub mod place;
mod spreads;
pub mod story;
pub mod table;

pub use input::{attributed, FlowInput};
pub use place::{
    blank_page, flowed_pages, place_line, place_lines, placed_pages, ComposedPage, PageKind,
    PlacedImage, PlacedRun, Rule,
};
pub use story::{flow, Flowed};

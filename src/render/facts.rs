//! What a renderer built, told in numbers rather than settings: the store checks
//! (`crate::stores`) read these, never a renderer's `[output.NAME]` table or its
//! file. Each renderer fills the kind it makes.

use std::ops::Range;

/// The facts of one output.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Facts {
    /// The renderer reports none.
    #[default]
    None,
    Print(PrintFacts),
    Ebook(EbookFacts),
}

/// A print interior as laid out and written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrintFacts {
    /// The print profile's name (`digital`, `kdp`, `ingram`).
    pub profile: &'static str,
    /// Trim width and height, inches.
    pub trim_in: (f32, f32),
    pub pages: usize,
    /// The nearest any ink comes to the trim on each side (heads and folios
    /// included), inches, as the renderer measures it for its own margin rule.
    pub ink_in: Sides,
    /// The inner margin the book was laid out with (after any raise), inches.
    pub gutter_in: f32,
    /// The binding's minimum gutter for this page count, inches.
    pub min_gutter_in: f32,
    /// How far pages extend beyond the trim (0: nothing bleeds).
    pub bleed_in: f32,
    /// Whether the file has bookmarks, links or annotations.
    pub navigation: bool,
    /// Whether the file is PDF/X (an output intent, TrimBox and BleedBox).
    pub pdfx: bool,
    /// Whether every font the pages use is embedded.
    pub fonts_embedded: bool,
    /// Each image drawn, by the path a story gives, with its lowest pixels per inch.
    pub images: Vec<(String, f32)>,
    /// Where in book.toml the settings behind these were written (byte ranges).
    pub at: PrintKeys,
}

/// Top, bottom, inner, outer.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sides {
    pub top: f32,
    pub bottom: f32,
    pub inner: f32,
    pub outer: f32,
}

/// Byte ranges of book.toml's keys behind the print facts, when written there.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrintKeys {
    pub trim: Option<Range<usize>>,
    pub profile: Option<Range<usize>>,
    pub inner: Option<Range<usize>>,
    /// The `[output.NAME]` header (or a key in its table).
    pub table: Option<Range<usize>>,
}

/// An ebook as packaged.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EbookFacts {
    /// The package's `version` attribute, e.g. "3.0".
    pub version: String,
    pub bytes: usize,
    /// The cover image's pixel size, when the ebook has one.
    pub cover_px: Option<(u32, u32)>,
    /// The cover image file's size in bytes (0 without a cover).
    pub cover_bytes: usize,
    /// The package's unique identifier, e.g. `urn:isbn:978…` or `urn:uuid:…`.
    pub identifier: String,
    pub language: String,
    pub title: String,
    pub authors: Vec<String>,
    pub description: Option<String>,
}

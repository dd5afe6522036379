//! Renderers: each turns the shared model into one format. They never call each
//! other and never read sources; each owns its `[output.NAME]` table, which it reads
//! into its own settings when it is configured (see `settings`).
//!
//! A new renderer is a module here with one `Renderer` implementation and one entry
//! in `RENDERERS`: the build, the CLI flags (`--NAME`), `only = "NAME"` on front and
//! back matter and the manifest's `[output.NAME]` table all follow from that entry.

pub mod epub;
pub mod pdf;
pub mod settings;

use crate::error::{Diagnostic, Result};
use crate::fonts::FontFamily;
use crate::manifest::LoadedManifest;
use crate::model::Book;

pub use settings::OutputTable;

/// What every renderer is given.
pub struct RenderContext<'a> {
    pub book: &'a Book,
    /// The family this renderer asked for with [`Renderer::font_family`].
    pub fonts: &'a FontFamily,
    /// Whether to draw a preview of the output too (`folio serve`).
    pub preview: bool,
}

/// One rendered file, in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub bytes: Vec<u8>,
    /// The file name's extension, e.g. `pdf`.
    pub extension: &'static str,
    /// Pages, for formats that have them.
    pub pages: Option<usize>,
    /// What the renderer had to change that the author should know of.
    pub warnings: Vec<RenderWarning>,
    /// The pages drawn as SVG documents, when the context asked for a preview.
    pub preview: Vec<String>,
}

/// A warning from a renderer (renderers never read sources): the build finds
/// `text` in the sources to say where.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderWarning {
    pub code: &'static str,
    pub message: String,
    pub help: String,
    /// The start of the text concerned; empty when it concerns the whole book.
    pub text: String,
}

/// How far a long render has got, for progress displays.
pub trait Progress: Sync {
    /// `done` of `total` units of work (a PDF's stories laid out) are finished.
    fn advanced(&self, done: usize, total: usize);
}

/// No progress display.
pub struct Silent;

impl Progress for Silent {
    fn advanced(&self, _done: usize, _total: usize) {}
}

impl<F: Fn(usize, usize) + Sync> Progress for F {
    fn advanced(&self, done: usize, total: usize) {
        self(done, total)
    }
}

/// One output format, configured from its `[output.NAME]` table.
pub trait Renderer: Send + Sync {
    /// The format's name: its `[output.NAME]` table, `--NAME` flag and `only` value.
    fn name(&self) -> &'static str;

    /// The font family (`font` in its table) to load for it; `None`: the only
    /// family in `fonts/`.
    fn font_family(&self) -> Option<&str>;

    /// Problems this renderer finds in a loaded book before rendering anything
    /// (e.g. a cover image it cannot embed), reported with every other problem.
    fn check(&self, _book: &Book, _manifest: &LoadedManifest) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// Renders the book into memory.
    fn render(&self, ctx: &RenderContext<'_>, progress: &dyn Progress) -> Result<Output>;
}

/// A renderer that can be configured from a manifest.
pub struct RendererKind {
    pub name: &'static str,
    /// The output file's extension (`folio clean` finds the outputs by it).
    pub extension: &'static str,
    /// One line for `--help`.
    pub about: &'static str,
    /// Reads and checks `[output.NAME]` (absent: the defaults).
    pub configure: Configure,
}

impl RendererKind {
    /// A renderer kind whose files take its name as their extension (`epub`, `pdf`).
    pub const fn new(name: &'static str, about: &'static str, configure: Configure) -> Self {
        RendererKind {
            name,
            extension: name,
            about,
            configure,
        }
    }
}

/// Makes a renderer from its `[output.NAME]` table, or says what is wrong with it.
pub type Configure =
    fn(&OutputTable<'_>) -> std::result::Result<Box<dyn Renderer>, Vec<Diagnostic>>;

/// Every renderer Folio has, in the order outputs are reported.
pub const RENDERERS: &[RendererKind] = &[epub::KIND, pdf::KIND];

/// The names of every renderer, for messages and suggestions.
pub fn names() -> Vec<&'static str> {
    RENDERERS.iter().map(|kind| kind.name).collect()
}

/// Configures every renderer from the manifest, reporting every problem found.
pub fn configure_all(
    manifest: &LoadedManifest,
) -> std::result::Result<Vec<Box<dyn Renderer>>, Vec<Diagnostic>> {
    let mut renderers = Vec::new();
    let mut problems = Vec::new();
    for kind in RENDERERS {
        match (kind.configure)(&OutputTable::new(manifest, kind.name)) {
            Ok(renderer) => renderers.push(renderer),
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        Ok(renderers)
    } else {
        Err(problems)
    }
}

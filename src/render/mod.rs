//! Renderers: each turns the shared model into one format. They never call each
//! other and never read sources; each owns its `[output.NAME]` table, which it reads
//! into its own settings when it is configured (see `settings`).
//!
//! A new renderer is a module here with one `Renderer` implementation and one entry
//! in `RENDERERS`: the build, the CLI flags (`--NAME`), `only = "NAME"` on front and
//! back matter and the manifest's `[output.NAME]` table all follow from that entry.

pub mod cover;
pub mod epub;
pub mod facts;
pub mod pdf;
pub mod settings;

use crate::error::{Diagnostic, Result};
use crate::fonts::FontFamily;
use crate::manifest::LoadedManifest;
use crate::model::Book;

pub use facts::Facts;
pub use settings::OutputTable;

/// What every renderer is given.
pub struct RenderContext<'a> {
    pub book: &'a Book,
    /// The family this renderer asked for with [`Renderer::font_family`].
    pub fonts: &'a FontFamily,
    /// Where the print edition's pages begin, shared by the build between the
    /// paginated renderer, which publishes them as soon as its layout is done, and
    /// a renderer that marks them ([`Renderer::marks_pages`]), which waits for them
    /// only when it needs them: the two run side by side.
    pub page_starts: Option<&'a PageStarts>,
    /// Whether to draw a preview of the output too (`folio serve`).
    pub preview: bool,
}

/// Where one page of a paginated output (the PDF) begins, in terms of the book
/// rather than of either format, so that another output (the EPUB) can mark it:
/// the print page numbers. The layout computes these once; renderers never call
/// each other, the build hands them over.
#[derive(Debug, Clone, PartialEq)]
pub struct PageStart {
    /// The page's label as the paginated output shows it ("iii", "12").
    pub label: String,
    pub part: PagePart,
    /// The page's first letters and digits (up to [`PageStart::TEXT`]), lowercased,
    /// in reading order, without running heads and folios: how the page's first
    /// word is found in the book's text wherever a hyphen split it. Empty: the page
    /// has no text (a blank verso, the cover).
    pub text: String,
}

/// What the paginated output tells the renderers that use its pages: where each
/// page begins (their number is the final page count) and the trim they are cut to.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintPages {
    pub starts: Vec<PageStart>,
    /// The trim's width and height.
    pub trim: (crate::units::Pt, crate::units::Pt),
}

/// The print pages handed from one renderer to another through the build: set
/// once (the first `publish` wins), waited for by any number of readers.
#[derive(Default)]
pub struct PageStarts {
    state: std::sync::Mutex<Option<Option<std::sync::Arc<PrintPages>>>>,
    published: std::sync::Condvar,
}

impl PageStarts {
    /// Pages already known (laid out before the renderers ran), or known absent.
    pub fn ready(pages: Option<PrintPages>) -> PageStarts {
        let slot = PageStarts::default();
        slot.publish(pages);
        slot
    }

    /// Sets the pages, or says there will be none; later calls change nothing.
    pub fn publish(&self, pages: Option<PrintPages>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.is_none() {
            *state = Some(pages.map(Into::into));
            self.published.notify_all();
        }
    }

    /// The pages, once published; `None` when the paginated output has none (it
    /// failed, say).
    pub fn wait(&self) -> Option<std::sync::Arc<PrintPages>> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let state = self
            .published
            .wait_while(state, |state| state.is_none())
            .unwrap_or_else(|e| e.into_inner());
        state.clone().flatten()
    }
}

impl PageStart {
    /// The letters and digits a page start keeps.
    pub const TEXT: usize = 48;
}

/// Which part of the book a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagePart {
    /// The first page of the story with this index: its opener.
    StoryOpening(usize),
    /// A later page of the story with this index.
    Story(usize),
    /// Front or back matter, or a blank page.
    Matter,
}

impl RenderContext<'_> {
    /// The same context for another view of the book (see `Book::for_output`).
    pub fn for_book<'b>(&'b self, book: &'b Book) -> RenderContext<'b> {
        RenderContext {
            book,
            fonts: self.fonts,
            page_starts: self.page_starts,
            preview: self.preview,
        }
    }
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
    /// What was built, for the store checks (`folio check --target`).
    pub facts: Facts,
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
    /// Where in book.toml the setting concerned was written (a byte range), for a
    /// warning about a setting rather than the text.
    pub at: Option<std::ops::Range<usize>>,
    /// The manifest key concerned (`book.cover`), when the warning is about a
    /// setting rather than text: the build names its line.
    pub key: Option<&'static str>,
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

    /// Where each page begins, laid out without writing the output; `None`: the
    /// format has no pages. The build asks when the format is not built but another
    /// marks its pages, so that output is the same whichever outputs are built.
    fn page_starts(
        &self,
        _ctx: &RenderContext<'_>,
        _progress: &dyn Progress,
    ) -> Result<Option<PrintPages>> {
        Ok(None)
    }

    /// Whether the format has pages another output can mark (`page_starts`).
    fn paginated(&self) -> bool {
        false
    }

    /// Whether this renderer marks or measures a paginated output's pages (given
    /// as [`RenderContext::page_starts`]).
    fn marks_pages(&self) -> bool {
        false
    }

    /// Whether a build without `--NAME` flags makes this output (the cover only
    /// when the manifest has its table).
    fn by_default(&self) -> bool {
        true
    }

    /// Markdown texts of this renderer's table (the cover's back text), with the
    /// key's name and the value's place in the manifest: the build has the source
    /// stage read them into [`Book::output_texts`], since renderers read no sources.
    fn markdown(&self) -> Vec<(&'static str, &str, std::ops::Range<usize>)> {
        Vec::new()
    }
}

/// A renderer that can be configured from a manifest.
pub struct RendererKind {
    pub name: &'static str,
    /// The output file's extension (`folio clean` finds the outputs by it).
    pub extension: &'static str,
    /// One line for `--help`.
    pub about: &'static str,
    /// Added to the book's slug in the output's file name (`-cover`); usually empty.
    pub suffix: &'static str,
    /// Reads and checks `[output.NAME]` (absent: the defaults).
    pub configure: Configure,
    /// Whether the output shows the book's text, so that `only = "NAME"` can
    /// select matter or a passage for it (not the cover).
    pub shows_text: bool,
}

impl RendererKind {
    /// A renderer kind whose files take its name as their extension (`epub`, `pdf`).
    pub const fn new(name: &'static str, about: &'static str, configure: Configure) -> Self {
        RendererKind {
            name,
            extension: name,
            suffix: "",
            about,
            configure,
            shows_text: true,
        }
    }

    /// The output's file name for a book whose slug is `stem`.
    pub fn file_name(&self, stem: &str) -> String {
        format!("{stem}{}.{}", self.suffix, self.extension)
    }
}

/// The kind of the renderer called `name`.
pub fn kind(name: &str) -> Option<&'static RendererKind> {
    RENDERERS.iter().find(|kind| kind.name == name)
}

/// Makes a renderer from its `[output.NAME]` table, or says what is wrong with it.
pub type Configure =
    fn(&OutputTable<'_>) -> std::result::Result<Box<dyn Renderer>, Vec<Diagnostic>>;

/// Every renderer Folio has, in the order outputs are reported.
pub const RENDERERS: &[RendererKind] = &[epub::KIND, pdf::KIND, cover::KIND];

/// The names of every renderer, for messages and suggestions.
pub fn names() -> Vec<&'static str> {
    RENDERERS.iter().map(|kind| kind.name).collect()
}

/// The names of the renderers that show the book's text: what `only` may name.
pub fn text_outputs() -> Vec<&'static str> {
    RENDERERS
        .iter()
        .filter(|kind| kind.shows_text)
        .map(|kind| kind.name)
        .collect()
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

//! The format-neutral document model: what every reader produces and every renderer
//! consumes. Plain data, no I/O and no rendering hints beyond meaning (a scene break,
//! emphasis), so that a renderer never needs to look at a source file again.

mod emphasis;
mod only;
mod output_text;
mod structure;
pub mod walk;

pub use emphasis::EmphasisUsed;
pub use structure::{Numbering, Part};

pub use crate::lang::Labels;
use crate::lang::Lang;
pub use output_text::OutputText;
pub use walk::{BlockEvent, InlineEvent};

/// A whole book, built once per `folio build`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Book {
    pub meta: Metadata,
    /// Pages before the first story and after the last, in manifest order.
    pub front: Vec<Matter>,
    pub stories: Vec<Story>,
    pub back: Vec<Matter>,
    /// The cover image, when the manifest names one.
    pub cover: Option<Cover>,
    /// How each story's first paragraph opens.
    pub lead_in: LeadIn,
    /// Runs of consecutive stories under a part title, in order (see `structure`).
    pub parts: Vec<Part>,
    /// How chapters are numbered above their titles.
    pub numbering: Numbering,
    /// The stories' images, each file once however often it is used
    /// (`ImageRef::id` indexes this), in order of first use.
    pub images: Vec<ImageAsset>,
    /// Markdown texts set in an output's table (the cover's back text), read by
    /// the source stage like the stories, so that no renderer parses text.
    pub output_texts: Vec<OutputText>,
}

/// The opening of a story's first paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LeadIn {
    #[default]
    Plain,
    /// The first words in small capitals.
    SmallCaps,
    /// A dropped initial, then the rest of the first words in small capitals.
    DropCap,
}

impl LeadIn {
    /// How many words the small-caps lead-in covers at most; it also stops at the
    /// first punctuation mark.
    pub const WORDS: usize = 3;

    /// The byte length of the lead-in at the start of `text`: opening quotes and
    /// spaces, then up to `WORDS` words, stopping at punctuation.
    pub fn length(text: &str) -> usize {
        let mut end = 0;
        let mut words = 0;
        let mut in_word = false;
        for (at, c) in text.char_indices() {
            if c.is_alphanumeric() || matches!(c, '’' | '\'' | '-') {
                if !in_word {
                    words += 1;
                    if words > Self::WORDS {
                        break;
                    }
                }
                in_word = true;
                end = at + c.len_utf8();
            } else {
                in_word = false;
                if !c.is_whitespace() && words > 0 {
                    break;
                }
            }
        }
        end
    }
}

/// A cover image, read once; each renderer decides whether to show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    /// The file name as written in the manifest, e.g. `cover.jpg`.
    pub file_name: String,
    pub media_type: ImageType,
    pub data: Vec<u8>,
    /// Pixel size, read from the image header.
    pub width: u32,
    pub height: u32,
}

/// An image file a story shows, read once: its bytes and what its header says.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageAsset {
    /// The path as first written in a story, relative to that story (for messages).
    pub src: String,
    pub media_type: ImageType,
    pub data: Vec<u8>,
    /// Pixel size, read from the image header.
    pub width: u32,
    pub height: u32,
    /// Colour components: a JPEG's frame's (1 grey, 3 RGB, 4 CMYK); a PNG's
    /// colour channels without alpha (1 or 3).
    pub components: u8,
    /// A JPEG with Adobe's APP14 marker (its CMYK samples are stored inverted).
    pub adobe: bool,
}

/// Where a story shows an image: the book's asset, the path as written and the
/// alt text (empty when the author gave none).
#[derive(Debug, Clone, PartialEq)]
pub struct ImageRef {
    /// An index of `Book::images`, set when the book is loaded.
    pub id: usize,
    /// The asset's type and pixel size, set with `id` (so a renderer can name the
    /// file and size an inline image without looking the asset up).
    pub media_type: ImageType,
    pub pixels: (u32, u32),
    pub src: String,
    pub alt: String,
}

/// An image alone in its paragraph: set as a figure, with its caption (from the
/// image's title; empty when there is none).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub image: ImageRef,
    pub caption: Vec<Inline>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    Jpeg,
    Png,
}

impl ImageType {
    pub fn mime(self) -> &'static str {
        match self {
            ImageType::Jpeg => "image/jpeg",
            ImageType::Png => "image/png",
        }
    }

    /// The file extension, without its dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageType::Jpeg => "jpg",
            ImageType::Png => "png",
        }
    }
}

/// Book-level metadata, already validated.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata {
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    /// The book's language, e.g. `en` or `fr-CA`.
    pub lang: Lang,
    /// A stable identifier, e.g. `urn:uuid:…`.
    pub identifier: String,
    pub publisher: Option<String>,
    /// Publication date as written in the manifest (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: Option<String>,
    pub description: Option<String>,
    pub rights: Option<String>,
    /// Who holds the copyright, for the `©` line; the authors when not given.
    pub copyright_holder: Option<String>,
    /// E.g. "First edition".
    pub edition: Option<String>,
    /// ISBNs by edition, e.g. ("paperback", "978-…"), in manifest order.
    pub isbns: Vec<(String, String)>,
    /// (name, sort name) for each author the manifest gives a `file_as` for.
    pub file_as: Vec<(String, String)>,
    pub subjects: Vec<Subject>,
    /// The series the book belongs to.
    pub series: Option<Series>,
    /// Who checked the book's accessibility (the EPUB's `a11y:certifiedBy`).
    pub accessibility_certified_by: Option<String>,
    /// Seconds since the Unix epoch for "modified" stamps: `SOURCE_DATE_EPOCH` or 0.
    pub modified_unix: i64,
}

impl Metadata {
    /// How catalogues sort `name` ("Austen, Jane"), when the manifest says.
    pub fn file_as(&self, name: &str) -> Option<&str> {
        self.file_as
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, sort)| sort.as_str())
    }

    /// The ISBN of the ebook edition (`isbn = { ebook = "…" }`), as written.
    pub fn ebook_isbn(&self) -> Option<&str> {
        self.isbns
            .iter()
            .find(|(edition, _)| edition == "ebook")
            .map(|(_, isbn)| isbn.as_str())
    }

    /// The publisher as the title page prints it: not when it is one of the
    /// authors, whose name the page already carries (a self-published book).
    pub fn title_page_publisher(&self) -> Option<&str> {
        let publisher = self.publisher.as_deref()?;
        let same = |a: &str| a.trim().eq_ignore_ascii_case(publisher.trim());
        (!self.authors.iter().any(|a| same(a))).then_some(publisher)
    }

    /// Every subject's name, coded or not, in manifest order.
    pub fn subject_names(&self) -> Vec<String> {
        self.subjects.iter().map(|s| s.name.clone()).collect()
    }
}

/// A subject of the book: a word or phrase, or a heading from a subject scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    pub name: String,
    pub code: Option<SubjectCode>,
}

/// A heading's code in a subject scheme, e.g. BISAC's FIC029000.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectCode {
    pub scheme: SubjectScheme,
    pub code: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectScheme {
    Bisac,
    Thema,
}

impl SubjectScheme {
    /// The scheme's name as catalogues write it.
    pub fn name(self) -> &'static str {
        match self {
            SubjectScheme::Bisac => "BISAC",
            SubjectScheme::Thema => "THEMA",
        }
    }
}

/// A series and the book's place in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// 2, or 2.5 for a book between the second and the third.
    pub number: Option<f64>,
}

/// One item of front or back matter, and the outputs it appears in.
#[derive(Debug, Clone, PartialEq)]
pub struct Matter {
    pub kind: MatterKind,
    /// The one output (a renderer's name, e.g. "pdf") it appears in; `None`: all.
    pub only: Option<String>,
}

impl Matter {
    pub fn new(kind: MatterKind) -> Matter {
        Matter { kind, only: None }
    }

    /// Whether this item belongs in the output called `output`.
    pub fn is_in(&self, output: &str) -> bool {
        self.only.as_deref().is_none_or(|only| only == output)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum MatterKind {
    /// The title alone, before the title page.
    HalfTitle,
    /// Title, subtitle, authors, publisher.
    TitlePage,
    /// Generated from the metadata and the stories' publication credits.
    Copyright,
    Dedication(Vec<Block>),
    Epigraph(Epigraph),
    Contents,
    /// A titled prose section: foreword, preface, afterword, …
    Section {
        role: SectionRole,
        title: String,
        blocks: Vec<Block>,
    },
    /// Other books by the author(s), each title with its Markdown emphasis.
    AlsoBy {
        title: String,
        titles: Vec<Vec<Inline>>,
    },
    /// Generated: the fonts used, made with Folio.
    Colophon,
}

/// What a prose section is, for its semantics in the EPUB and its place in the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionRole {
    Foreword,
    Preface,
    Introduction,
    Afterword,
    Acknowledgments,
    AboutAuthor,
}

/// A quotation with its source, before the book or a story.
#[derive(Debug, Clone, PartialEq)]
pub struct Epigraph {
    pub blocks: Vec<Block>,
    /// Who said it and where, with its emphasis (a book title in italics).
    pub source: Option<Vec<Inline>>,
}

/// One story (chapter) with its own metadata and text.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// Position in the book, 0-based, in manifest order.
    pub id: StoryId,
    pub title: String,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    pub translator: Option<String>,
    pub epigraph: Option<Epigraph>,
    /// Where the story first appeared, e.g. "*The Atlantic*, 2019" (Markdown).
    pub first_published: Option<Vec<Inline>>,
    /// The story's language: its own when the manifest gives one, else the book's.
    pub lang: Lang,
    pub blocks: Vec<Block>,
    /// Footnote bodies, referenced from `Inline::NoteRef` by index.
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StoryId(pub usize);

/// Where a cross-reference leads: a story, at one of its headings (by its
/// `Block::Heading` id) or at its start.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Anchor {
    pub story: StoryId,
    pub heading: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The label the author used (`[^label]`), kept for diagnostics only.
    pub label: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// A heading inside a story; level 1 is the highest level below the story title.
    Heading {
        level: u8,
        /// The anchor a cross-reference lands on: the author's `{#id}`, or one
        /// generated from the text when a link needs it (see `source::xref`).
        id: Option<String>,
        content: Vec<Inline>,
    },
    BlockQuote(Vec<Block>),
    List {
        ordered: bool,
        /// The first number of an ordered list.
        start: u64,
        items: Vec<Vec<Block>>,
    },
    /// A pause between scenes (a thematic break in Markdown).
    SceneBreak,
    /// Poetry: lines kept as written, never justified; an empty line separates
    /// stanzas.
    Verse(Vec<Vec<Inline>>),
    /// A table (GitHub syntax).
    Table(Table),
    /// Blocks for one output only (`::: {only=pdf}` … `:::`): `only` is a
    /// renderer's name. Renderers never see it: [`Book::for_output`] unwraps or
    /// drops it for each.
    Only {
        only: String,
        blocks: Vec<Block>,
    },
    /// An image alone in its paragraph, with its caption.
    Figure(Figure),
}

/// A table: its caption, how each column is aligned, and its cells, row by row,
/// the header row first. Every row has one cell per column.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<ColumnAlign>,
    /// The caption (empty when there is none), then the cells, row by row: one
    /// vector, so that every pass over a block's inlines sees them all.
    pub runs: Vec<Vec<Inline>>,
}

impl Table {
    pub fn caption(&self) -> &[Inline] {
        self.runs.first().map_or(&[], Vec::as_slice)
    }

    /// The rows, the header first, each a slice of cells.
    pub fn rows(&self) -> impl Iterator<Item = &[Vec<Inline>]> {
        self.runs
            .get(1..)
            .unwrap_or_default()
            .chunks(self.columns.len().max(1))
    }
}

/// A column's alignment, from the colons of the delimiter row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnAlign {
    /// As the text is set (no colon).
    Default,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    /// Small capitals (Markdown: `[text]{.smallcaps}` or `[text]{.sc}`).
    SmallCaps(Vec<Inline>),
    /// Words in another language than the text around them (Markdown:
    /// `[texte]{lang=fr}`): hyphenated, punctuated and marked in `lang`.
    Lang {
        lang: Lang,
        content: Vec<Inline>,
    },
    Link {
        url: String,
        content: Vec<Inline>,
    },
    /// A link to a heading or a story of this book (`[see](#id)`,
    /// `[see](other.md#id)`), resolved when the book is loaded.
    CrossRef {
        to: Anchor,
        content: Vec<Inline>,
    },
    /// A forced line break inside a paragraph.
    LineBreak,
    /// A reference to `Story::notes[index]`.
    NoteRef(usize),
    /// An image inside a paragraph, set at the text's height.
    Image(ImageRef),
}

impl Inline {
    /// The plain text of a run of inlines, as a reader would hear it.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for event in walk::inline_events(inlines) {
            match event {
                InlineEvent::Enter(Inline::Text(text)) => out.push_str(text),
                InlineEvent::Enter(Inline::LineBreak) => out.push(' '),
                _ => {}
            }
        }
        out
    }
}

impl Book {
    /// The words the book prints on its own, in its language.
    pub fn labels(&self) -> &'static Labels {
        self.meta.lang.labels()
    }

    /// The lines of the generated copyright page, in order, as plain text. Both
    /// renderers set them.
    pub fn copyright_lines(&self) -> Vec<Vec<Inline>> {
        let meta = &self.meta;
        let mut lines = Vec::new();
        let holder = meta
            .copyright_holder
            .clone()
            .or_else(|| (!meta.authors.is_empty()).then(|| meta.authors.join(", ")));
        let year = meta.date.as_deref().map(|d| &d[..d.len().min(4)]);
        let text = |line: String| vec![Inline::Text(line)];
        lines.extend(
            self.labels()
                .copyright_line(year, holder.as_deref())
                .map(text),
        );
        lines.extend(meta.rights.clone().map(text));
        lines.extend(self.publication_credits());
        if let Some(publisher) = &meta.publisher {
            lines.push(text(self.labels().published_by(publisher)));
        }
        lines.extend(meta.edition.clone().map(text));
        for (edition, isbn) in &meta.isbns {
            lines.push(text(format!("ISBN {isbn} ({edition})")));
        }
        lines
    }

    /// "“Title” was first published in …" for every story that says where, the
    /// place with its emphasis (a magazine's name in italics).
    pub fn publication_credits(&self) -> Vec<Vec<Inline>> {
        // The label is filled with a stand-in for the place, which is then
        // replaced by its inlines, wherever the language puts it.
        const PLACE: &str = "\u{E000}";
        self.stories
            .iter()
            .filter_map(|story| {
                let mut place = story.first_published.clone()?;
                if let Some(Inline::Text(last)) = place.last_mut() {
                    let kept = last.trim_end_matches('.').len();
                    last.truncate(kept);
                }
                let title = self.meta.lang.quote_title(&story.title);
                let line = self.labels().first_published(&title, PLACE);
                let (before, after) = line.split_once(PLACE)?;
                let mut out = vec![Inline::Text(before.to_string())];
                out.extend(place);
                out.push(Inline::Text(after.to_string()));
                Some(walk::merge_text(out))
            })
            .collect()
    }

    /// Whether the output called `output` has a copyright page (which carries the
    /// credits).
    pub fn has_copyright_page(&self, output: &str) -> bool {
        self.front
            .iter()
            .any(|m| m.kind == MatterKind::Copyright && m.is_in(output))
    }

    /// "Translated by …" (in the book's language), when the story has a translator.
    pub fn translator_line(&self, story: &Story) -> Option<String> {
        let name = story.translator.as_ref()?;
        Some(self.labels().translated_by(name))
    }
}

impl SectionRole {
    /// The EPUB structural semantics term, and the DPUB-ARIA role, where one fits
    /// exactly; "about the author" has neither.
    pub fn semantics(self) -> Option<&'static str> {
        match self {
            SectionRole::Foreword => Some("foreword"),
            SectionRole::Preface => Some("preface"),
            SectionRole::Introduction => Some("introduction"),
            SectionRole::Afterword => Some("afterword"),
            SectionRole::Acknowledgments => Some("acknowledgments"),
            SectionRole::AboutAuthor => None,
        }
    }

    /// Sections that open on a recto in print: the ones before the stories that
    /// introduce them.
    pub fn opens_recto(self) -> bool {
        matches!(
            self,
            SectionRole::Foreword | SectionRole::Preface | SectionRole::Introduction
        )
    }
}

#[cfg(test)]
mod tests;

//! What the finishing pass is told: page labels, the outline, internal links, the
//! document's metadata and an optional cover image; and how it can fail.

use crate::units::Pt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelStyle {
    Decimal,
    LowerRoman,
    UpperRoman,
    /// Only the prefix is shown (e.g. a cover page labelled "Cover").
    None,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PageLabelRange {
    /// 0-based index of the first page of the range.
    pub first_page: usize,
    pub style: LabelStyle,
    /// First number of the range, >= 1.
    pub start: u32,
    pub prefix: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutlineItem {
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// y from the page bottom, for /XYZ.
    pub top: Pt,
    pub children: Vec<OutlineItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InternalLink {
    pub page: usize,
    /// x0, y0, x1, y1, from the page's bottom left.
    pub rect: [Pt; 4],
    pub target_page: usize,
    pub target_top: Pt,
}

/// A link to a web or mail address (a URI action).
#[derive(Debug, Clone, PartialEq)]
pub struct UriLink {
    pub page: usize,
    /// x0, y0, x1, y1, from the page's bottom left.
    pub rect: [Pt; 4],
    pub uri: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocumentInfo {
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    /// BCP 47 tag.
    pub language: String,
    pub description: Option<String>,
    pub keywords: Vec<String>,
    pub publisher: Option<String>,
    pub producer: String,
    /// Seconds since the Unix epoch (SOURCE_DATE_EPOCH upstream).
    pub date_unix: i64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Finishing {
    pub labels: Vec<PageLabelRange>,
    pub outline: Vec<OutlineItem>,
    pub links: Vec<InternalLink>,
    pub uri_links: Vec<UriLink>,
    pub info: DocumentInfo,
    /// An image drawn over the whole of one (blank) page.
    pub cover: Option<CoverImage>,
    /// Only the title, authors and dates in /Info, no XMP (a printer's interior).
    pub minimal_metadata: bool,
    /// PDF/X-4: an output intent, trim and bleed boxes, the PDF/X keys.
    pub pdfx: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CoverImage {
    pub page: usize,
    /// The file as read: a JPEG, or a PNG (8-bit grey or RGB, not interlaced).
    pub data: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub kind: CoverKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverKind {
    Jpeg,
    Png,
}

#[derive(Debug, thiserror::Error)]
pub enum FinishError {
    #[error("cannot parse input PDF: {0}")]
    Parse(String),
    #[error("cannot write PDF: {0}")]
    Write(String),
    #[error("input PDF is structurally unusable: {0}")]
    Structure(String),
    #[error("{what} refers to page index {page}, but the document has {page_count} pages")]
    PageOutOfRange {
        what: String,
        page: usize,
        page_count: usize,
    },
    #[error("invalid page labels: {0}")]
    Labels(String),
    #[error("{0} has a non-finite coordinate")]
    NonFinite(String),
    #[error("the cover image cannot be embedded: {0}")]
    Cover(String),
}

//! Output, stage 4 of the PDF engine: composed pages → PDF bytes. `writer` makes
//! the document with printpdf (subset fonts, one `content` stream per page); `finish`
//! adds with lopdf what printpdf cannot express (`navigation`: page labels, outline,
//! links; `cover`; `metadata`: /Info and XMP), as `finishing` describes it, and
//! serialises the file deterministically.

mod content;
mod cover;
pub mod finish;
pub mod finishing;
mod images;
mod metadata;
mod navigation;
pub mod pdfx;
#[cfg(test)]
mod test_pdf;
pub mod writer;

pub use cover::cover_xobject;
pub use finish::{check_cover, finish_document, finish_pdf};
pub use finishing::Finishing;
pub use images::{add_images, xobject as image_xobject};
pub use writer::write;

/// Deflate level for streams (libdeflate's). The 1,000,000-word book's page
/// content (2,795 streams, 23.9 MB), compressed on one thread: libdeflate level 1
/// gives 7.93 MB in 111 ms, level 2 7.66 MB in 155 ms, level 3 7.55 MB in 169 ms;
/// zlib-rs level 3, used before, 7.63 MB in 234 ms. Level 1 pays: 4% more bytes
/// for half the time.
const DEFLATE_LEVEL: i32 = 1;

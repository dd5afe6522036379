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
#[cfg(test)]
mod test_pdf;
pub mod writer;

pub use finish::{check_cover, finish_document, finish_pdf};
pub use finishing::Finishing;
pub use images::{add_images, xobject as image_xobject};
pub use writer::write;

//! The stories' images in the EPUB: each asset once in the package, as
//! `images/img-N.ext` (N from 1, in order of first use, so names are the same from
//! build to build); a figure as `<figure>` with its `<figcaption>`, an image inside
//! a paragraph as an `<img>` one line high.

use crate::model::{Book, ImageRef, ImageType};

use crate::xml::escape;

/// The file of the book's image `id` in the package.
pub(super) fn file_name(id: usize, media_type: ImageType) -> String {
    format!("images/img-{}.{}", id + 1, media_type.extension())
}

/// Whether the reader found the image's file (front and back matter and the
/// manifest's Markdown are not searched for images: their alt text stands in).
fn is_resolved(image: &ImageRef) -> bool {
    image.id != usize::MAX
}

/// Opens a figure with its image; the caption and `</figure>` follow.
pub(super) fn figure_open(out: &mut String, image: &ImageRef) {
    out.push_str("<figure>\n");
    if is_resolved(image) {
        img(out, image, "");
    } else {
        out.push_str(&format!("<p>{}</p>", escape(&image.alt)));
    }
    out.push('\n');
}

/// An image inside a paragraph.
pub(super) fn inline_img(out: &mut String, image: &ImageRef) {
    if is_resolved(image) {
        img(out, image, " class=\"inline\"");
    } else {
        out.push_str(&escape(&image.alt));
    }
}

fn img(out: &mut String, image: &ImageRef, class: &str) {
    out.push_str(&format!(
        "<img src=\"{}\" alt=\"{}\"{class}/>",
        escape(&file_name(image.id, image.media_type)),
        escape(&image.alt),
    ));
}

/// Rules for books with images: a figure centred within the page, its caption
/// below in italic; an inline image as high as a line of text.
pub(super) const IMAGE_RULES: &str =
    "figure { margin: 1em 0; text-align: center; page-break-inside: avoid; break-inside: avoid; }
figure img { max-width: 100%; max-height: 90vh; }
figcaption { font-style: italic; font-size: 0.9em; margin-top: 0.4em; }
img.inline { height: 1em; width: auto; vertical-align: baseline; }
";

/// Every image of the book in the package.
pub(super) fn add_images(
    epub: &mut epub_builder::EpubBuilder<epub_builder::ZipLibrary>,
    book: &Book,
) -> epub_builder::Result<()> {
    for (id, asset) in book.images.iter().enumerate() {
        epub.add_resource(
            file_name(id, asset.media_type),
            asset.data.as_slice(),
            asset.media_type.mime(),
        )?;
    }
    Ok(())
}

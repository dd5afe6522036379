//! What the PDF tells the store checks (`render::facts`) and the image warning:
//! facts measured from the laid-out pages and the written document.

use super::finish::Finishing;
use super::geometry::PageGeometry;
use super::pages::compose::ComposedBook;
use super::profile;
use super::PdfOptions;
use crate::model::Book;
use crate::render::RenderWarning;

/// What the store checks need to know of this interior (images and key positions
/// are added by the renderer, which knows them).
pub(super) fn print_facts(
    options: &PdfOptions,
    geometry: &PageGeometry,
    composed: &ComposedBook,
    document: &lopdf::Document,
    finishing: &Finishing,
) -> crate::render::facts::PrintFacts {
    let ink = profile::ink_distances(geometry);
    let inches = |pt: f32| pt / 72.0;
    crate::render::facts::PrintFacts {
        profile: options.profile.name(),
        trim_in: (inches(geometry.width.0), inches(geometry.height.0)),
        pages: composed.pages.len(),
        ink_in: crate::render::facts::Sides {
            top: inches(ink.top),
            bottom: inches(ink.bottom),
            inner: inches(ink.inner),
            outer: inches(ink.outer),
        },
        gutter_in: inches(options.margins.inner.pt().0),
        min_gutter_in: profile::min_gutter_inches(composed.pages.len()),
        // Interiors never bleed yet: BleedBox = TrimBox (see output::pdfx).
        bleed_in: 0.0,
        navigation: !(finishing.outline.is_empty()
            && finishing.links.is_empty()
            && finishing.uri_links.is_empty()),
        pdfx: finishing.pdfx,
        fonts_embedded: fonts_embedded(document),
        images: Vec::new(),
        at: Default::default(),
    }
}

/// Whether every font descriptor the writer made carries its font program.
fn fonts_embedded(document: &lopdf::Document) -> bool {
    document
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter(|dict| {
            dict.get(b"Type")
                .and_then(lopdf::Object::as_name)
                .is_ok_and(|name| name == b"FontDescriptor")
        })
        .all(|dict| {
            [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|key| dict.has(key))
        })
}

/// Each image drawn, with its pixels per inch where it is printed largest.
pub(super) fn lowest_ppi(
    composed: &ComposedBook,
    images: &[crate::model::ImageAsset],
) -> Vec<(usize, f32)> {
    let mut lowest: Vec<(usize, f32)> = Vec::new();
    for placed in composed.pages.iter().flat_map(|p| &p.images) {
        let Some(asset) = images.get(placed.image) else {
            continue;
        };
        let ppi = asset.width as f32 / (placed.width.0 / 72.0).max(1e-3);
        match lowest.iter_mut().find(|(id, _)| *id == placed.image) {
            Some((_, at)) => *at = at.min(ppi),
            None => lowest.push((placed.image, ppi)),
        }
    }
    lowest
}

/// `image-resolution`: an image printed coarser than `[output.pdf] image_dpi_min`.
pub(super) fn coarse_images(book: &Book, ppi: &[(usize, f32)], minimum: f32) -> Vec<RenderWarning> {
    ppi.iter()
        .filter(|(_, ppi)| *ppi < minimum)
        .filter_map(|&(id, ppi)| {
            let asset = book.images.get(id)?;
            Some(RenderWarning {
                code: "image-resolution",
                message: format!(
                    "the image `{}` prints at {:.0} pixels per inch in the PDF, below the {:.0} set by `image_dpi_min`: it will look coarse",
                    asset.src, ppi, minimum
                ),
                help: format!(
                    "use a larger image ({} × {} pixels now; print wants 300 per inch), or lower `image_dpi_min` in [output.pdf]",
                    asset.width, asset.height
                ),
                text: format!("]({}", asset.src),
                at: None,
                key: None,
            })
        })
        .collect()
}

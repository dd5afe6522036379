//! Post-pass over the PDF bytes written by printpdf: adds what printpdf cannot express
//! (page labels, a nested outline, internal links, /Info + XMP metadata, catalog hints)
//! and re-serialises deterministically, with a content-derived trailer /ID.
//! What it is told is in `finishing`; `navigation`, `cover` and `metadata` write it.

use lopdf::xref::XrefType;
use lopdf::{dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::cover::add_cover;
pub use super::cover::check_cover;
pub use super::finishing::{
    CoverImage, CoverKind, DocumentInfo, FinishError, Finishing, InternalLink, LabelStyle,
    OutlineItem, PageLabelRange, UriLink,
};
use super::metadata::{info_dict, pdf_text, xmp_packet};
use super::navigation::{add_link, add_uri_link, build_outline, page_labels};
use super::pdfx::PDFX_VERSION;
use super::DEFLATE_LEVEL;
use crate::units::Pt;

/// Applies `finishing` to `pdf` and returns the new file. Non-empty labels/outline
/// replace whatever the input had; /Info and XMP metadata are always replaced.
pub fn finish_pdf(pdf: &[u8], finishing: &Finishing) -> Result<Vec<u8>, FinishError> {
    let doc = Document::load_mem(pdf).map_err(|e| FinishError::Parse(e.to_string()))?;
    finish_document(doc, finishing)
}

/// Like [`finish_pdf`], on a document already in memory (as the writer hands it over).
pub fn finish_document(mut doc: Document, finishing: &Finishing) -> Result<Vec<u8>, FinishError> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    validate(finishing, pages.len())?;
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| FinishError::Structure("trailer has no /Root reference".into()))?;

    let mut catalog_updates: Vec<(&str, Object)> = Vec::new();
    if !finishing.labels.is_empty() {
        catalog_updates.push(("PageLabels", page_labels(&finishing.labels)));
    }
    if !finishing.outline.is_empty() {
        let outlines = build_outline(&mut doc, &finishing.outline, &pages);
        catalog_updates.push(("Outlines", Object::Reference(outlines)));
        catalog_updates.push(("PageMode", Object::Name(b"UseOutlines".to_vec())));
    }
    for link in &finishing.links {
        add_link(&mut doc, link, &pages)?;
    }
    for link in &finishing.uri_links {
        add_uri_link(&mut doc, link, &pages)?;
    }
    if let Some(cover) = &finishing.cover {
        let page = *pages.get(cover.page).ok_or(FinishError::PageOutOfRange {
            what: "the cover".into(),
            page: cover.page,
            page_count: pages.len(),
        })?;
        add_cover(&mut doc, page, cover)?;
    }

    let info = &finishing.info;
    if !finishing.minimal_metadata {
        let xmp = Stream::new(
            dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
            xmp_packet(info, finishing.pdfx).into_bytes(),
        )
        // XMP must stay readable by tools that scan for the packet without parsing PDF.
        .with_compression(false);
        let xmp_id = doc.add_object(xmp);
        catalog_updates.push(("Metadata", Object::Reference(xmp_id)));
    }
    if !info.language.is_empty() {
        catalog_updates.push(("Lang", pdf_text(&info.language)));
    }

    let catalog = doc
        .get_object_mut(root_id)
        .and_then(Object::as_dict_mut)
        .map_err(|_| FinishError::Structure("/Root is not a dictionary".into()))?;
    let old_metadata = catalog.get(b"Metadata").and_then(Object::as_reference).ok();
    if finishing.minimal_metadata {
        catalog.remove(b"Metadata");
    }
    for (key, value) in catalog_updates {
        catalog.set(key, value);
    }
    // printpdf 0.12 writes /PageMode as a string, which strict readers reject.
    if let Ok(Object::String(mode, _)) = catalog.get(b"PageMode") {
        catalog.set("PageMode", Object::Name(mode.clone()));
    }
    if finishing.minimal_metadata {
        // Screen hints: a printer's interior has no outline to open with.
        catalog.remove(b"PageMode");
        catalog.remove(b"ViewerPreferences");
    } else {
        match catalog.get_mut(b"ViewerPreferences") {
            Ok(Object::Dictionary(prefs)) => prefs.set("DisplayDocTitle", true),
            _ => catalog.set(
                "ViewerPreferences",
                dictionary! { "DisplayDocTitle" => true },
            ),
        }
    }

    let old_info = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
    // Dropping the superseded objects directly: lopdf's prune_objects is quadratic.
    for id in old_metadata.into_iter().chain(old_info) {
        doc.objects.remove(&id);
    }
    let mut info_dict = info_dict(info, finishing.minimal_metadata);
    if finishing.pdfx {
        super::pdfx::make_pdfx(&mut doc, root_id)?;
        info_dict.set("GTS_PDFXVersion", Object::string_literal(PDFX_VERSION));
        info_dict.set("Trapped", Object::Name(b"False".to_vec()));
    }
    let info_id = doc.add_object(info_dict);
    // A fresh trailer drops /Prev, /XRefStm, stale /ID and xref-stream keys from the input.
    doc.trailer = dictionary! { "Root" => root_id, "Info" => info_id };
    doc.reference_table.cross_reference_type = XrefType::CrossReferenceTable;
    // PDF/X-4 is a subset of PDF 1.6.
    doc.version = if finishing.pdfx { "1.6" } else { "1.7" }.into();
    compress_streams(&mut doc);

    // The ID is a pure function of the content (printpdf's own is random): written
    // as zeros, hashed, then patched in place (the same length, so no offset moves).
    let placeholder = vec![0u8; 16];
    doc.trailer.set(
        "ID",
        vec![
            Object::String(placeholder.clone(), StringFormat::Hexadecimal),
            Object::String(placeholder, StringFormat::Hexadecimal),
        ],
    );
    let mut out = save(&mut doc)?;
    // The trailer is the file's tail: the two IDs are the last runs of 32 zeros.
    let zeros = [b'0'; 32];
    let tail = out.len().saturating_sub(4096);
    let last_zeros = |end: usize| {
        out[tail..end]
            .windows(zeros.len())
            .rposition(|w| w == zeros)
            .map(|at| tail + at)
    };
    let id_at = last_zeros(out.len())
        .and_then(|second| Some((last_zeros(second)?, second)))
        .ok_or_else(|| FinishError::Write("the trailer's /ID was not written".into()))?;
    let hash = format!("{:032X}", crate::util::content_hash_128(&out));
    for at in [id_at.0, id_at.1] {
        out[at..at + 32].copy_from_slice(hash.as_bytes());
    }
    Ok(out)
}

/// Compresses every stream that has no filter yet, in parallel.
fn compress_streams(doc: &mut Document) {
    use rayon::prelude::*;
    let mut streams: Vec<&mut Stream> = doc
        .objects
        .values_mut()
        .filter_map(|object| match object {
            Object::Stream(stream)
                if stream.allows_compression && stream.dict.get(b"Filter").is_err() =>
            {
                Some(stream)
            }
            _ => None,
        })
        .collect();
    streams.par_iter_mut().for_each(|stream| {
        if let Some(compressed) = crate::util::zlib(&stream.content, DEFLATE_LEVEL) {
            if compressed.len() < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(compressed);
            }
        }
    });
}

fn save(doc: &mut Document) -> Result<Vec<u8>, FinishError> {
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| FinishError::Write(e.to_string()))?;
    Ok(out)
}

fn validate(f: &Finishing, page_count: usize) -> Result<(), FinishError> {
    let check = |what: &dyn Fn() -> String, page: usize, coords: &[Pt]| {
        if page >= page_count {
            return Err(FinishError::PageOutOfRange {
                what: what(),
                page,
                page_count,
            });
        }
        if !coords.iter().all(|v| v.0.is_finite()) {
            // Rust would print NaN/inf verbatim, which is not a PDF number.
            return Err(FinishError::NonFinite(what()));
        }
        Ok(())
    };

    let mut firsts: Vec<usize> = Vec::with_capacity(f.labels.len());
    for (i, label) in f.labels.iter().enumerate() {
        check(&|| format!("page label range {i}"), label.first_page, &[])?;
        if label.start == 0 {
            return Err(FinishError::Labels(format!("range {i} starts at 0")));
        }
        firsts.push(label.first_page);
    }
    firsts.sort_unstable();
    if firsts.windows(2).any(|w| w[0] == w[1]) {
        return Err(FinishError::Labels(
            "two ranges begin on the same page".into(),
        ));
    }
    // The spec requires the number tree to cover page index 0.
    if firsts.first().is_some_and(|&p| p != 0) {
        return Err(FinishError::Labels(
            "no range begins at page index 0".into(),
        ));
    }

    let mut stack: Vec<&OutlineItem> = f.outline.iter().collect();
    while let Some(item) = stack.pop() {
        check(
            &|| format!("outline item {:?}", item.title),
            item.page,
            &[item.top],
        )?;
        stack.extend(&item.children);
    }

    for (i, link) in f.links.iter().enumerate() {
        check(&|| format!("link {i}"), link.page, &link.rect)?;
        check(
            &|| format!("target of link {i}"),
            link.target_page,
            &[link.target_top],
        )?;
    }
    for (i, link) in f.uri_links.iter().enumerate() {
        check(&|| format!("web link {i}"), link.page, &link.rect)?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "finish_tests.rs"]
mod tests;

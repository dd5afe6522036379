//! The wrap as PDF: the engine's writer sets the text (fonts subset and embedded);
//! then one page is assembled with lopdf — the background, the front image cropped
//! to its panel, the white barcode box, the text in the cover's colour and the
//! spine's line turned a quarter clockwise onto the spine — with its TrimBox and
//! BleedBox, and finished like the book (deterministic, dated by SOURCE_DATE_EPOCH).

use lopdf::{dictionary, Document, Object, ObjectId, Stream};

use crate::fonts::FontFamily;
use crate::render::pdf::geometry::PageGeometry;
use crate::render::pdf::inline::Shaper;
use crate::render::pdf::output::finish::{CoverImage, DocumentInfo, Finishing};
use crate::render::pdf::output::{cover_xobject, finish_document, writer};
use crate::render::pdf::pages::ComposedBook;
use crate::units::Pt;

use super::layout::{Composed, Wrap};
use super::settings::{Colour, BLEED};

/// What is drawn besides the text.
pub struct Art<'a> {
    pub background: Colour,
    pub color: Colour,
    pub image: Option<&'a CoverImage>,
}

pub fn write(
    composed: Composed,
    family: &FontFamily,
    shaper: &Shaper<'_>,
    wrap: &Wrap,
    art: &Art<'_>,
    info: DocumentInfo,
) -> Result<Vec<u8>, String> {
    let (width, height) = wrap.size();
    let geometry = PageGeometry {
        width,
        height,
        top: Pt::ZERO,
        inner: Pt::ZERO,
        outer: Pt::ZERO,
        leading: Pt(12.0),
        font_size: Pt(10.0),
        lines_per_page: 1,
    };
    let spine = composed.spine;
    let book = ComposedBook {
        pages: composed.pages,
        front_pages: 0,
        story_pages: Vec::new(),
        part_pages: Vec::new(),
        cover_pages: 0,
        contents_page: None,
        front_entries: Vec::new(),
        back_entries: Vec::new(),
        links: Vec::new(),
        forced_breaks: Vec::new(),
    };
    let mut doc = writer::write(&book, family, shaper, &geometry, &info.title)?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let page = pages[0];
    let contents = |doc: &Document, page: ObjectId| {
        doc.get_object(page)
            .and_then(Object::as_dict)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference)
            .map_err(|e| format!("a cover page has no content: {e}"))
    };
    let text = contents(&doc, page)?;

    let mut art_ops = String::new();
    let fill = |c: Colour| format!("{:.4} {:.4} {:.4} rg", c.0[0], c.0[1], c.0[2]);
    art_ops += &format!(
        "q {} 0 0 {:.3} {:.3} re f Q\n",
        fill(art.background),
        width.0,
        height.0
    );
    let mut resources = lopdf::Dictionary::new();
    if let Some(image) = art.image {
        let xobject = cover_xobject(image).map_err(|e| e.to_string())?;
        let id = doc.add_object(xobject);
        resources.set("FolioCover", id);
        // Scaled to cover the front panel and its bleed, centred, cropped by a clip.
        let (x0, w, h) = (wrap.front_left().0, width.0 - wrap.front_left().0, height.0);
        let scale = (w / image.width as f32).max(h / image.height as f32);
        let (iw, ih) = (image.width as f32 * scale, image.height as f32 * scale);
        let (x, y) = (x0 + (w - iw) / 2.0, (h - ih) / 2.0);
        art_ops += &format!(
            "q {x0:.3} 0 {w:.3} {h:.3} re W n {iw:.3} 0 0 {ih:.3} {x:.3} {y:.3} cm /FolioCover Do Q\n"
        );
    }
    let [left, top, bw, bh] = wrap.barcode();
    art_ops += &format!(
        "q 1 1 1 rg {:.3} {:.3} {:.3} {:.3} re f Q\n",
        left.0,
        (height - top - bh).0,
        bw.0,
        bh.0
    );
    // The text that follows is drawn in the cover's colour.
    art_ops += &fill(art.color);
    art_ops.push('\n');
    let mut streams = vec![doc.add_object(Stream::new(dictionary! {}, art_ops.into_bytes()))];
    streams.push(text);
    if let (Some((length, size)), Some(&spine_page)) = (spine, pages.get(1)) {
        let spine_text = contents(&doc, spine_page)?;
        // A quarter turn clockwise: the line runs down the spine, read with the
        // book on its back, centred both ways (its ink sits about a quarter em
        // above its baseline).
        let centre = wrap.spine_left() + wrap.spine * 0.5;
        let e = centre - size * 0.25;
        let f = height * 0.5 + length * 0.5;
        let open = format!("q 0 -1 1 0 {:.3} {:.3} cm\n", e.0, f.0);
        streams.push(doc.add_object(Stream::new(dictionary! {}, open.into_bytes())));
        streams.push(spine_text);
        streams.push(doc.add_object(Stream::new(dictionary! {}, b"Q\n".to_vec())));
        drop_page(&mut doc, spine_page)?;
    }
    let boxes = |inset: Pt| {
        vec![
            Object::Real(inset.0),
            Object::Real(inset.0),
            Object::Real((width - inset).0),
            Object::Real((height - inset).0),
        ]
    };
    add_resources(&mut doc, page, resources)?;
    let dict = doc
        .get_object_mut(page)
        .and_then(Object::as_dict_mut)
        .map_err(|e| format!("the cover page: {e}"))?;
    let streams: Vec<Object> = streams.into_iter().map(Object::Reference).collect();
    dict.set("Contents", streams);
    dict.set("MediaBox", boxes(Pt::ZERO));
    dict.set("BleedBox", boxes(Pt::ZERO));
    dict.set("TrimBox", boxes(BLEED));
    let finishing = Finishing {
        info,
        ..Default::default()
    };
    finish_document(doc, &finishing).map_err(|e| e.to_string())
}

/// Takes the spine's page (drawn on the wrap now) out of the page tree.
fn drop_page(doc: &mut Document, page: ObjectId) -> Result<(), String> {
    let parent = doc
        .get_object(page)
        .and_then(Object::as_dict)
        .and_then(|d| d.get(b"Parent"))
        .and_then(Object::as_reference)
        .map_err(|e| format!("the spine's page has no parent: {e}"))?;
    let pages = doc
        .get_object_mut(parent)
        .and_then(Object::as_dict_mut)
        .map_err(|e| format!("the page tree: {e}"))?;
    if let Ok(Object::Array(kids)) = pages.get_mut(b"Kids") {
        kids.retain(|kid| kid.as_reference().ok() != Some(page));
    }
    let count = pages.get(b"Count").and_then(Object::as_i64).unwrap_or(1);
    pages.set("Count", count - 1);
    doc.objects.remove(&page);
    Ok(())
}

/// Adds the image to the page's resources, wherever printpdf put them.
fn add_resources(
    doc: &mut Document,
    page: ObjectId,
    xobjects: lopdf::Dictionary,
) -> Result<(), String> {
    if xobjects.is_empty() {
        return Ok(());
    }
    let resources = doc
        .get_object(page)
        .and_then(Object::as_dict)
        .and_then(|d| d.get(b"Resources"))
        .cloned()
        .map_err(|e| format!("the cover page has no resources: {e}"))?;
    let dict = match resources {
        Object::Reference(id) => doc
            .get_object_mut(id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| format!("the cover's resources: {e}"))?,
        _ => doc
            .get_object_mut(page)
            .and_then(Object::as_dict_mut)
            .and_then(|d| d.get_mut(b"Resources"))
            .and_then(Object::as_dict_mut)
            .map_err(|e| format!("the cover's resources: {e}"))?,
    };
    match dict.get_mut(b"XObject") {
        Ok(Object::Dictionary(existing)) => existing.extend(&xobjects),
        _ => dict.set("XObject", xobjects),
    }
    Ok(())
}

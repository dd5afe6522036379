//! Post-pass over the PDF bytes written by printpdf: adds what printpdf cannot express
//! (page labels, a nested outline, internal links, /Info + XMP metadata, catalog hints)
//! and re-serialises deterministically, with a content-derived trailer /ID.

use lopdf::xref::XrefType;
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream, StringFormat};

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
    /// y in PDF points from the page bottom, for /XYZ.
    pub top: f32,
    pub children: Vec<OutlineItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InternalLink {
    pub page: usize,
    /// x0, y0, x1, y1 in PDF points.
    pub rect: [f32; 4],
    pub target_page: usize,
    pub target_top: f32,
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
    pub info: DocumentInfo,
    /// An image drawn over the whole of one (blank) page.
    pub cover: Option<CoverImage>,
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
    if let Some(cover) = &finishing.cover {
        let page = *pages.get(cover.page).ok_or(FinishError::PageOutOfRange {
            what: "the cover".into(),
            page: cover.page,
            page_count: pages.len(),
        })?;
        add_cover(&mut doc, page, cover)?;
    }

    let info = &finishing.info;
    let xmp = Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp_packet(info).into_bytes(),
    )
    // XMP must stay readable by tools that scan for the packet without parsing PDF.
    .with_compression(false);
    let xmp_id = doc.add_object(xmp);
    catalog_updates.push(("Metadata", Object::Reference(xmp_id)));
    if !info.language.is_empty() {
        catalog_updates.push(("Lang", pdf_text(&info.language)));
    }

    let catalog = doc
        .get_object_mut(root_id)
        .and_then(Object::as_dict_mut)
        .map_err(|_| FinishError::Structure("/Root is not a dictionary".into()))?;
    let old_metadata = catalog.get(b"Metadata").and_then(Object::as_reference).ok();
    for (key, value) in catalog_updates {
        catalog.set(key, value);
    }
    // printpdf 0.12 writes /PageMode as a string, which strict readers reject.
    if let Ok(Object::String(mode, _)) = catalog.get(b"PageMode") {
        catalog.set("PageMode", Object::Name(mode.clone()));
    }
    match catalog.get_mut(b"ViewerPreferences") {
        Ok(Object::Dictionary(prefs)) => prefs.set("DisplayDocTitle", true),
        _ => catalog.set(
            "ViewerPreferences",
            dictionary! { "DisplayDocTitle" => true },
        ),
    }

    let old_info = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
    // Dropping the superseded objects directly: lopdf's prune_objects is quadratic.
    for id in old_metadata.into_iter().chain(old_info) {
        doc.objects.remove(&id);
    }
    let info_id = doc.add_object(info_dict(info));
    // A fresh trailer drops /Prev, /XRefStm, stale /ID and xref-stream keys from the input.
    doc.trailer = dictionary! { "Root" => root_id, "Info" => info_id };
    doc.reference_table.cross_reference_type = XrefType::CrossReferenceTable;
    doc.version = "1.7".into();
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

/// Deflate level for streams (libdeflate's). The 1,000,000-word book's page
/// content (2,795 streams, 23.9 MB), compressed on one thread: libdeflate level 1
/// gives 7.93 MB in 111 ms, level 2 7.66 MB in 155 ms, level 3 7.55 MB in 169 ms;
/// zlib-rs level 3, used before, 7.63 MB in 234 ms. Level 1 pays: 4% more bytes
/// for half the time.
pub(super) const DEFLATE_LEVEL: i32 = 1;

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

/// Whether `cover` can be embedded, or what is wrong with it.
pub fn check_cover(cover: &CoverImage) -> Result<(), String> {
    let result = match cover.kind {
        CoverKind::Jpeg => jpeg_xobject(cover),
        CoverKind::Png => png_xobject(cover),
    };
    result.map(|_| ()).map_err(|e| match e {
        FinishError::Cover(message) => message,
        other => other.to_string(),
    })
}

/// Draws the cover image over the whole page, cropped to fill it, centred.
fn add_cover(doc: &mut Document, page: ObjectId, cover: &CoverImage) -> Result<(), FinishError> {
    let image = match cover.kind {
        CoverKind::Jpeg => jpeg_xobject(cover)?,
        CoverKind::Png => png_xobject(cover)?,
    };
    let image_id = doc.add_object(image);
    let page_dict = doc
        .get_object(page)
        .and_then(Object::as_dict)
        .map_err(|_| FinishError::Structure("a page is not a dictionary".into()))?;
    let media_box = page_dict
        .get(b"MediaBox")
        .and_then(Object::as_array)
        .map_err(|_| FinishError::Structure("the cover page has no /MediaBox".into()))?;
    let number = |i: usize| {
        media_box
            .get(i)
            .and_then(|o| o.as_float().ok())
            .unwrap_or(0.0)
    };
    let (page_width, page_height) = (number(2) - number(0), number(3) - number(1));
    let scale = (page_width / cover.width as f32).max(page_height / cover.height as f32);
    let (width, height) = (cover.width as f32 * scale, cover.height as f32 * scale);
    let (x, y) = ((page_width - width) / 2.0, (page_height - height) / 2.0);
    let content = format!(
        "q 0 0 {page_width:.3} {page_height:.3} re W n {width:.3} 0 0 {height:.3} {x:.3} {y:.3} cm /Cover Do Q\n"
    );
    let content_id = doc.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
    let resources = dictionary! { "XObject" => dictionary! { "Cover" => image_id } };
    let page_dict = doc
        .get_object_mut(page)
        .and_then(Object::as_dict_mut)
        .map_err(|_| FinishError::Structure("a page is not a dictionary".into()))?;
    // The cover page is blank as composed: its content and resources are replaced.
    page_dict.set("Contents", content_id);
    page_dict.set("Resources", resources);
    Ok(())
}

fn jpeg_xobject(cover: &CoverImage) -> Result<Stream, FinishError> {
    let components = crate::images::jpeg_frame(&cover.data)
        .map(|frame| frame[7])
        .ok_or_else(|| FinishError::Cover("the JPEG has no frame header".into()))?;
    let color_space = match components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => {
            return Err(FinishError::Cover(format!(
                "a JPEG with {n} colour components"
            )))
        }
    };
    let dict = image_dict(cover, color_space, "DCTDecode");
    Ok(Stream::new(dict, cover.data.clone()).with_compression(false))
}

/// A PNG's compressed image data goes into the PDF as it is: PNG's filters are the
/// PDF's /Predictor 15. Palette, transparency and interlacing would need decoding.
fn png_xobject(cover: &CoverImage) -> Result<Stream, FinishError> {
    let data = &cover.data;
    let header = data
        .get(24..29)
        .ok_or_else(|| FinishError::Cover("the PNG header is cut short".into()))?;
    let (depth, color_type, interlace) = (header[0], header[1], header[4]);
    let (colors, color_space) = match color_type {
        0 => (1, "DeviceGray"),
        2 => (3, "DeviceRGB"),
        _ => {
            return Err(FinishError::Cover(
                "only greyscale or RGB PNGs without transparency can be embedded; save the cover as JPEG".into(),
            ))
        }
    };
    if depth != 8 || interlace != 0 {
        return Err(FinishError::Cover(
            "only 8-bit, non-interlaced PNGs can be embedded; save the cover as JPEG".into(),
        ));
    }
    let mut idat = Vec::new();
    let mut at = 8;
    while at + 8 <= data.len() {
        let length =
            u32::from_be_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]) as usize;
        let kind = &data[at + 4..at + 8];
        let body = data
            .get(at + 8..at + 8 + length)
            .ok_or_else(|| FinishError::Cover("a PNG chunk is cut short".into()))?;
        if kind == b"IDAT" {
            idat.extend_from_slice(body);
        }
        at += 12 + length;
    }
    let mut dict = image_dict(cover, color_space, "FlateDecode");
    dict.set(
        "DecodeParms",
        dictionary! {
            "Predictor" => 15,
            "Colors" => colors,
            "BitsPerComponent" => 8,
            "Columns" => i64::from(cover.width),
        },
    );
    Ok(Stream::new(dict, idat).with_compression(false))
}

/// An 8-bit image XObject's dictionary, its data already in `filter`'s encoding.
fn image_dict(cover: &CoverImage, color_space: &str, filter: &str) -> lopdf::Dictionary {
    dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => i64::from(cover.width),
        "Height" => i64::from(cover.height),
        "ColorSpace" => Object::Name(color_space.as_bytes().to_vec()),
        "BitsPerComponent" => 8,
        "Filter" => Object::Name(filter.as_bytes().to_vec()),
    }
}

fn save(doc: &mut Document) -> Result<Vec<u8>, FinishError> {
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| FinishError::Write(e.to_string()))?;
    Ok(out)
}

fn validate(f: &Finishing, page_count: usize) -> Result<(), FinishError> {
    let check = |what: &dyn Fn() -> String, page: usize, coords: &[f32]| {
        if page >= page_count {
            return Err(FinishError::PageOutOfRange {
                what: what(),
                page,
                page_count,
            });
        }
        if !coords.iter().all(|v| v.is_finite()) {
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
    Ok(())
}

fn page_labels(labels: &[PageLabelRange]) -> Object {
    let mut sorted: Vec<&PageLabelRange> = labels.iter().collect();
    sorted.sort_by_key(|l| l.first_page);
    let mut nums = Vec::with_capacity(sorted.len() * 2);
    for label in sorted {
        let mut dict = Dictionary::new();
        let style: Option<&[u8]> = match label.style {
            LabelStyle::Decimal => Some(b"D"),
            LabelStyle::LowerRoman => Some(b"r"),
            LabelStyle::UpperRoman => Some(b"R"),
            LabelStyle::None => None,
        };
        if let Some(s) = style {
            dict.set("S", Object::Name(s.to_vec()));
            dict.set("St", i64::from(label.start));
        }
        if !label.prefix.is_empty() {
            dict.set("P", pdf_text(&label.prefix));
        }
        nums.push(Object::Integer(label.first_page as i64));
        nums.push(Object::Dictionary(dict));
    }
    Object::Dictionary(dictionary! { "Nums" => nums })
}

fn xyz_dest(page: ObjectId, top: f32) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Integer(0),
        Object::Real(top),
        Object::Null,
    ])
}

fn build_outline(doc: &mut Document, items: &[OutlineItem], pages: &[ObjectId]) -> ObjectId {
    let root = doc.new_object_id();
    let (first, last, visible) = build_level(doc, items, root, 0, pages);
    doc.objects.insert(
        root,
        Object::Dictionary(dictionary! {
            "Type" => "Outlines",
            "First" => first,
            "Last" => last,
            "Count" => visible,
        }),
    );
    root
}

/// Writes one sibling list and returns (first, last, number of items visible below
/// `parent` when it is open). Top-level items are open so chapters show at a glance;
/// deeper items start closed, which per the spec gives them a negative /Count.
fn build_level(
    doc: &mut Document,
    items: &[OutlineItem],
    parent: ObjectId,
    depth: usize,
    pages: &[ObjectId],
) -> (ObjectId, ObjectId, i64) {
    let ids: Vec<ObjectId> = items.iter().map(|_| doc.new_object_id()).collect();
    let mut visible = 0;
    for (i, item) in items.iter().enumerate() {
        let mut dict = dictionary! {
            "Title" => pdf_text(&item.title),
            "Parent" => parent,
            "Dest" => xyz_dest(pages[item.page], item.top),
        };
        if i > 0 {
            dict.set("Prev", ids[i - 1]);
        }
        if i + 1 < ids.len() {
            dict.set("Next", ids[i + 1]);
        }
        visible += 1;
        if !item.children.is_empty() {
            let (first, last, below) = build_level(doc, &item.children, ids[i], depth + 1, pages);
            let open = depth == 0;
            dict.set("First", first);
            dict.set("Last", last);
            dict.set("Count", if open { below } else { -below });
            if open {
                visible += below;
            }
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    (ids[0], ids[ids.len() - 1], visible)
}

fn add_link(
    doc: &mut Document,
    link: &InternalLink,
    pages: &[ObjectId],
) -> Result<(), FinishError> {
    let page_id = pages[link.page];
    let annot = doc.add_object(dictionary! {
        "Type" => "Annot",
        "Subtype" => "Link",
        "Border" => vec![0.into(), 0.into(), 0.into()],
        "Rect" => link.rect.iter().map(|&v| Object::Real(v)).collect::<Vec<_>>(),
        "Dest" => xyz_dest(pages[link.target_page], link.target_top),
        "P" => page_id,
    });
    let bad = |what: &str| FinishError::Structure(format!("page {}: {what}", link.page));
    let page = doc
        .get_object_mut(page_id)
        .and_then(Object::as_dict_mut)
        .map_err(|_| bad("page object is not a dictionary"))?;
    // /Annots may be inline or an indirect array shared by reference.
    let annots_ref = match page.get_mut(b"Annots") {
        Ok(Object::Array(annots)) => {
            annots.push(Object::Reference(annot));
            return Ok(());
        }
        Ok(Object::Reference(id)) => *id,
        Ok(_) => return Err(bad("/Annots is neither an array nor a reference")),
        Err(_) => {
            page.set("Annots", vec![Object::Reference(annot)]);
            return Ok(());
        }
    };
    doc.get_object_mut(annots_ref)
        .and_then(Object::as_array_mut)
        .map_err(|_| bad("/Annots reference does not point to an array"))?
        .push(Object::Reference(annot));
    Ok(())
}

fn info_dict(info: &DocumentInfo) -> Dictionary {
    let mut dict = Dictionary::new();
    let title = full_title(info);
    let keywords = info.keywords.join(", ");
    let authors = info.authors.join(", ");
    let optional = [
        ("Title", Some(title.as_str())),
        ("Author", Some(authors.as_str())),
        ("Subject", info.description.as_deref()),
        ("Keywords", Some(keywords.as_str())),
        ("Creator", Some("Folio")),
        ("Producer", Some(info.producer.as_str())),
    ];
    for (key, value) in optional {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            dict.set(key, pdf_text(v));
        }
    }
    let date = Utc::from_unix(info.date_unix).pdf_date();
    dict.set("CreationDate", Object::string_literal(date.clone()));
    dict.set("ModDate", Object::string_literal(date));
    dict
}

/// /Info and dc:title carry a single title, so a subtitle is folded in the way
/// library catalogues do ("Title: Subtitle").
fn full_title(info: &DocumentInfo) -> String {
    match info.subtitle.as_deref().filter(|s| !s.is_empty()) {
        Some(sub) if !info.title.is_empty() => format!("{}: {sub}", info.title),
        Some(sub) => sub.to_string(),
        None => info.title.clone(),
    }
}

/// A PDF text string: PDFDocEncoding coincides with ASCII, anything else must be
/// UTF-16BE with a byte order mark (lopdf's own `text_string` omits the BOM).
fn pdf_text(s: &str) -> Object {
    if s.is_ascii() {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = Vec::with_capacity(2 + s.len() * 2);
    bytes.extend_from_slice(&[0xFE, 0xFF]);
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn xmp_packet(info: &DocumentInfo) -> String {
    let date = Utc::from_unix(info.date_unix).iso8601();
    let li = |v: &str| format!("<rdf:li>{}</rdf:li>", xml_escape(v));
    let alt = |v: &str| {
        format!(
            "<rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt>",
            xml_escape(v)
        )
    };
    let mut props = vec!["<dc:format>application/pdf</dc:format>".to_string()];
    props.push(format!("<dc:title>{}</dc:title>", alt(&full_title(info))));
    if !info.authors.is_empty() {
        let items: String = info.authors.iter().map(|a| li(a)).collect();
        props.push(format!(
            "<dc:creator><rdf:Seq>{items}</rdf:Seq></dc:creator>"
        ));
    }
    if !info.language.is_empty() {
        props.push(format!(
            "<dc:language><rdf:Bag>{}</rdf:Bag></dc:language>",
            li(&info.language)
        ));
    }
    if let Some(d) = info.description.as_deref().filter(|d| !d.is_empty()) {
        props.push(format!("<dc:description>{}</dc:description>", alt(d)));
    }
    if let Some(p) = info.publisher.as_deref().filter(|p| !p.is_empty()) {
        props.push(format!(
            "<dc:publisher><rdf:Bag>{}</rdf:Bag></dc:publisher>",
            li(p)
        ));
    }
    if !info.keywords.is_empty() {
        let items: String = info.keywords.iter().map(|k| li(k)).collect();
        props.push(format!(
            "<dc:subject><rdf:Bag>{items}</rdf:Bag></dc:subject>"
        ));
        props.push(format!(
            "<pdf:Keywords>{}</pdf:Keywords>",
            xml_escape(&info.keywords.join(", "))
        ));
    }
    for key in ["CreateDate", "ModifyDate", "MetadataDate"] {
        props.push(format!("<xmp:{key}>{date}</xmp:{key}>"));
    }
    props.push("<xmp:CreatorTool>Folio</xmp:CreatorTool>".into());
    if !info.producer.is_empty() {
        props.push(format!(
            "<pdf:Producer>{}</pdf:Producer>",
            xml_escape(&info.producer)
        ));
    }
    let body: String = props.iter().map(|p| format!("   {p}\n")).collect();
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n \
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  \
         <rdf:Description rdf:about=\"\"\n    \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n    \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n    \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
         {body}  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>"
    )
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Other C0 controls are not allowed in XML 1.0 at all.
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// A UTC civil time; dates are computed by hand to avoid a chrono dependency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Utc {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

impl Utc {
    fn from_unix(t: i64) -> Utc {
        // Both date formats need a four-digit year: clamp to 0001-01-01..9999-12-31.
        let t = t.clamp(-62_135_596_800, 253_402_300_799);
        let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400) as u32);
        let (year, month, day) = civil_from_days(days);
        Utc {
            year,
            month,
            day,
            hour: secs / 3600,
            minute: secs / 60 % 60,
            second: secs % 60,
        }
    }

    fn iso8601(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    fn pdf_date(&self) -> String {
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// FNV-1a, 128-bit: enough to make /ID unique per content without a crypto crate.
#[cfg(test)]
#[path = "finish_tests.rs"]
mod tests;

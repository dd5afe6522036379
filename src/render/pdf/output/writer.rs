//! PDF writing with printpdf: the composed book becomes a document of pages whose
//! content streams `content` writes. Fonts are subset here (allsorts), because
//! printpdf subsets only with its heavy `text_layout` feature; each glyph carries its
//! text for /ToUnicode.

use std::collections::BTreeMap;

use printpdf::{
    Codepoint, FontId, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt as PdfPt, TextItem,
};

use rayon::prelude::*;

use super::content::{page_content, FaceKey, SubsetFace};
use super::DEFLATE_LEVEL;
use crate::fonts::{FontFamily, FontStyle};
use crate::render::pdf::geometry::PageGeometry;
use crate::render::pdf::inline::shaping::Shaper;
use crate::render::pdf::pages::ComposedBook;
use crate::units::Pt;

/// A face's subset as printpdf parsed it, the old → new glyph numbers, and, for a
/// CID-keyed CFF, its new glyph number → CID (the charset).
type ParsedSubset = (ParsedFont, BTreeMap<u16, u16>, Option<BTreeMap<u16, u16>>);

/// The composed book as a PDF document in memory (streams not yet compressed; the
/// finishing pass compresses them).
pub fn write(
    composed: &ComposedBook,
    family: &FontFamily,
    shaper: &Shaper<'_>,
    geometry: &PageGeometry,
    title: &str,
) -> Result<lopdf::Document, String> {
    let t = std::time::Instant::now();
    let mut doc = PdfDocument::new(title);
    let used = used_glyphs(composed, shaper);
    let mut faces: BTreeMap<FaceKey, SubsetFace> = BTreeMap::new();
    // Each face subset and parsed on its own thread: a few milliseconds each, most
    // of a short book's PDF writing.
    let subsets: Vec<Result<ParsedSubset, String>> = used
        .par_iter()
        .map(|((font, style), glyphs)| {
            let chained = family.in_chain(*font);
            let face = chained.face(*style);
            // allsorts and printpdf may panic on a damaged font: an error naming it.
            let damaged = || format!("{} is damaged: its glyphs cannot be read", face.file_name());
            let (bytes, remap) = crate::util::quietly(|| subset(&face.data, face.index, glyphs))
                .ok_or_else(damaged)??;
            let mut parsed =
                crate::util::quietly(|| ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()))
                    .ok_or_else(damaged)?
                    .ok_or_else(|| format!("the subset of {} does not parse", face.file_name()))?;
            parsed.font_name = Some(format!(
                "{}+{}",
                subset_tag(glyphs),
                postscript_name(&face.data, face.index, &chained.name, *style)
            ));
            let codes = printpdf::cff_charset_gid_to_cid_map(&bytes, 0);
            Ok((parsed, remap, codes))
        })
        .collect();
    // The subset glyph numbers printpdf is told of, per face: it keys /W and
    // /ToUnicode by the codes it derives from them.
    let mut subset_glyphs: BTreeMap<FaceKey, BTreeMap<u16, u16>> = BTreeMap::new();
    for (number, (((font, style), glyphs), subset)) in used.iter().zip(subsets).enumerate() {
        let (parsed, remap, codes) = subset?;
        // Fixed resource names keep the output byte-identical from build to build.
        let id = FontId(format!("F{}", number + 1));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        let mut dense = vec![(0, 0); glyphs.keys().last().map_or(0, |&g| usize::from(g) + 1)];
        for (&old, &new) in &remap {
            // A CID-keyed CFF subset keeps the font's CIDs in its charset, and a
            // viewer finds each glyph through them: the content stream writes the
            // CID (printpdf keys that font's /W and /ToUnicode by it too).
            let code = codes.as_ref().map_or(Some(new), |c| c.get(&new).copied());
            let code = code.ok_or_else(|| {
                format!(
                    "glyph {old} of {} has no CID in its subset",
                    family.in_chain(*font).face(*style).file_name()
                )
            })?;
            dense[usize::from(old)] = (code, shaper.default_advance(*font, *style, old));
        }
        faces.insert((*font, *style), SubsetFace { id, glyphs: dense });
        subset_glyphs.insert((*font, *style), remap);
    }

    crate::util::trace("write: subset", t);
    let t = std::time::Instant::now();
    let to_mm = |pt: Pt| Mm(pt.0 * 25.4 / 72.0);
    // printpdf writes the document, its fonts and their /ToUnicode maps; it learns
    // which glyphs each font needs from one text operation per font on the first
    // page. Every page's content stream is then written here, in parallel and
    // compressed, straight into the document: printpdf's per-glyph operations would
    // cost more time and memory than the rest of the engine together.
    let mut register = Vec::new();
    for (key, face) in &faces {
        register.push(Op::SetFont {
            font: PdfFontHandle::External(face.id.clone()),
            size: PdfPt(1.0),
        });
        let glyphs = used[key]
            .iter()
            .map(|(gid, text)| Codepoint {
                gid: subset_glyphs[key].get(gid).copied().unwrap_or(0),
                offset: 0.0,
                cid: Some(text.clone()),
            })
            .collect();
        register.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(glyphs)],
        });
    }
    for index in 0..composed.pages.len() {
        let ops = if index == 0 {
            std::mem::take(&mut register)
        } else {
            Vec::new()
        };
        doc.pages.push(PdfPage::new(
            to_mm(geometry.width),
            to_mm(geometry.height),
            ops,
        ));
    }
    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    // printpdf may panic on a font's odd numbers (a CID of 65535 overflows its /W
    // runs in a build with overflow checks): an error, not a panic.
    let mut document = crate::util::quietly(std::panic::AssertUnwindSafe(|| {
        doc.to_lopdf_document(&options, &mut Vec::new())
    }))
    .ok_or("a font's glyph numbers could not be written (is a font damaged?)")?;

    crate::util::trace("write: printpdf", t);
    let t = std::time::Instant::now();
    // Each page's content compressed, or as written should compression fail.
    let contents: Vec<Result<Vec<u8>, Vec<u8>>> = composed
        .pages
        .par_iter()
        .map(|page| {
            let content = page_content(page, &faces, shaper, geometry);
            crate::util::zlib(&content, DEFLATE_LEVEL).ok_or(content)
        })
        .collect();
    crate::util::trace("write: pages", t);
    let page_ids: Vec<lopdf::ObjectId> = document.get_pages().into_values().collect();
    if page_ids.len() != contents.len() {
        return Err(format!(
            "printpdf wrote {} pages for {} composed",
            page_ids.len(),
            contents.len()
        ));
    }
    for (page_id, content) in page_ids.into_iter().zip(contents) {
        let content_id = document
            .get_object(page_id)
            .and_then(lopdf::Object::as_dict)
            .and_then(|page| page.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|e| format!("page {page_id:?} has no content stream: {e}"))?;
        // Replaced in place, so nothing is left unreferenced.
        let stream = match content {
            Ok(compressed) => {
                lopdf::Stream::new(lopdf::dictionary! { "Filter" => "FlateDecode" }, compressed)
            }
            Err(plain) => lopdf::Stream::new(lopdf::dictionary! {}, plain),
        };
        document
            .objects
            .insert(content_id, lopdf::Object::Stream(stream));
    }
    Ok(document)
}

/// The glyphs each face draws, with the text of each (for /ToUnicode). Pages are
/// scanned in parallel into one bit per glyph number and face, because every
/// glyph of the book passes through here.
fn used_glyphs(
    composed: &ComposedBook,
    shaper: &Shaper<'_>,
) -> BTreeMap<FaceKey, BTreeMap<u16, String>> {
    const GLYPHS: usize = 1 << 16;
    // One bit per glyph number and face: 32 KB per worker and font, where a byte
    // each was 256 KB of fresh memory for the system to zero.
    let styles = FontStyle::ALL.len();
    let words = shaper.fonts() * styles * GLYPHS / 64;
    let seen = composed
        .pages
        .par_iter()
        .fold(
            || vec![0u64; words],
            |mut seen, page| {
                for placed in &page.runs {
                    let run = &placed.run;
                    let (font, style) = shaper.face_key(run.font, run.style);
                    let base = (usize::from(font) * styles + style.index()) * GLYPHS;
                    for g in &placed.run.glyphs {
                        let bit = base + usize::from(g.id);
                        seen[bit / 64] |= 1 << (bit % 64);
                    }
                }
                seen
            },
        )
        .reduce(
            || vec![0u64; words],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x |= y);
                a
            },
        );
    let is_seen = |bit: usize| seen[bit / 64] & (1 << (bit % 64)) != 0;
    let mut used: BTreeMap<FaceKey, BTreeMap<u16, String>> = BTreeMap::new();
    for font in 0..shaper.fonts() as u8 {
        for style in FontStyle::ALL {
            let base = (usize::from(font) * styles + style.index()) * GLYPHS;
            let glyphs: BTreeMap<u16, String> = (0..GLYPHS)
                .filter(|&gid| is_seen(base + gid))
                .map(|gid| {
                    let gid = gid as u16;
                    let text = shaper.glyph_text(font, style, gid).unwrap_or_default();
                    (gid, text.into())
                })
                .collect();
            if !glyphs.is_empty() {
                used.insert((font, style), glyphs);
            }
        }
    }
    used
}

/// Subsets `font` to `glyphs`; new glyph ids follow the order given to allsorts,
/// with .notdef first as it requires.
fn subset(
    font: &[u8],
    index: u32,
    glyphs: &BTreeMap<u16, String>,
) -> Result<(Vec<u8>, BTreeMap<u16, u16>), String> {
    let ids: Vec<u16> = std::iter::once(0)
        .chain(glyphs.keys().copied().filter(|&g| g != 0))
        .collect();
    let bytes =
        crate::font_subset::renumbered(font, index, &ids, &allsorts::subset::SubsetProfile::Pdf)?;
    let remap = ids
        .iter()
        .enumerate()
        .map(|(new, &old)| (old, new as u16))
        .collect();
    Ok((bytes, remap))
}

/// Six capital letters derived from the glyph set, as PDF subset tags are written.
fn subset_tag(glyphs: &BTreeMap<u16, String>) -> String {
    let key: Vec<u8> = glyphs.keys().flat_map(|g| g.to_be_bytes()).collect();
    let mut hash = crate::util::fnv1a_128(&key);
    (0..6)
        .map(|_| {
            let letter = (b'A' + (hash % 26) as u8) as char;
            hash /= 26;
            letter
        })
        .collect()
}

fn postscript_name(font: &[u8], index: u32, family: &str, style: FontStyle) -> String {
    let from_font = rustybuzz::ttf_parser::Face::parse(font, index)
        .ok()
        .and_then(|face| {
            face.names()
                .into_iter()
                .find(|n| {
                    n.name_id == rustybuzz::ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode()
                })
                .and_then(|n| n.to_string())
        });
    let name = from_font.unwrap_or_else(|| format!("{family}-{}", style.file_suffix()));
    name.chars()
        .filter(|c| c.is_ascii_graphic() && !"[]()<>{}/%#".contains(*c))
        .collect()
}

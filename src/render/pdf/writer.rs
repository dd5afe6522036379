//! PDF writing with printpdf: composed pages become content streams of positioned
//! glyphs. Fonts are subset here (allsorts), because printpdf subsets only with its
//! heavy `text_layout` feature; each glyph carries its text for /ToUnicode.

use std::collections::BTreeMap;

use printpdf::{
    Codepoint, FontId, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt as PdfPt, TextItem, TextMatrix,
};

use super::compose::ComposedBook;
use super::geometry::{PageGeometry, Pt};
use super::shaping::Shaper;
use crate::source::fonts::{FontFamily, FontStyle};

/// A face cut down to the glyphs the book uses, with the old → new glyph numbers.
struct SubsetFace {
    id: FontId,
    remap: BTreeMap<u16, u16>,
}

/// The composed book as a PDF document in memory (streams not yet compressed; the
/// finishing pass compresses them).
pub fn write(
    composed: &ComposedBook,
    family: &FontFamily,
    shaper: &Shaper<'_>,
    geometry: &PageGeometry,
    title: &str,
) -> Result<lopdf::Document, String> {
    let mut doc = PdfDocument::new(title);
    let used = used_glyphs(composed, shaper);
    let mut faces: BTreeMap<FontStyle, SubsetFace> = BTreeMap::new();
    for (number, (style, glyphs)) in used.iter().enumerate() {
        let face = family.face(*style);
        let (bytes, remap) = subset(&face.data, glyphs)?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| format!("the subset of {} does not parse", face.file_name()))?;
        parsed.font_name = Some(format!(
            "{}+{}",
            subset_tag(glyphs),
            postscript_name(&face.data, &family.name, *style)
        ));
        // Fixed resource names keep the output byte-identical from build to build.
        let id = FontId(format!("F{}", number + 1));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        faces.insert(*style, SubsetFace { id, remap });
    }

    let to_mm = |pt: Pt| Mm(pt * 25.4 / 72.0);
    for page in &composed.pages {
        let mut ops = Vec::new();
        if !page.runs.is_empty() {
            ops.push(Op::StartTextSection);
        }
        let mut current: Option<(FontStyle, Pt)> = None;
        let mut current_scale: Pt = 1.0;
        for placed in &page.runs {
            let run = &placed.run;
            let Some(face) = faces.get(&run.style) else {
                continue;
            };
            if current != Some((run.style, run.size)) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(face.id.clone()),
                    size: PdfPt(run.size),
                });
                current = Some((run.style, run.size));
            }
            if run.scale != current_scale {
                ops.push(Op::SetHorizontalScaling {
                    percent: round(run.scale * 100.0),
                    // Offsets below use the same rounded scale.
                });
                current_scale = run.scale;
            }
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(
                    PdfPt(round(placed.x)),
                    PdfPt(round(geometry.height - placed.baseline + run.rise)),
                ),
            });
            let scale = shaper.scale(run.style, run.size);
            let tz = round(run.scale * 100.0) / 100.0;
            let codepoints = run
                .glyphs
                .iter()
                .map(|g| {
                    let natural = shaper.default_advance(run.style, g.id) as Pt * scale;
                    // TJ offsets are thousandths of an em, subtracted from the advance,
                    // and scaled with the glyphs by Tz.
                    let offset = round((natural - g.advance / tz) / run.size * 1000.0);
                    let text = shaper.glyph_text(run.style, g.id).unwrap_or_default();
                    Codepoint {
                        gid: face.remap.get(&g.id).copied().unwrap_or(0),
                        offset,
                        cid: Some(text.to_string()),
                    }
                })
                .collect();
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(codepoints)],
            });
        }
        if !page.runs.is_empty() {
            ops.push(Op::EndTextSection);
        }
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
    let mut warnings = Vec::new();
    Ok(doc.to_lopdf_document(&options, &mut warnings))
}

fn round(value: Pt) -> Pt {
    (value * 1000.0).round() / 1000.0
}

/// The glyphs each face draws, with the text of each (for /ToUnicode).
fn used_glyphs(
    composed: &ComposedBook,
    shaper: &Shaper<'_>,
) -> BTreeMap<FontStyle, BTreeMap<u16, String>> {
    let mut used: BTreeMap<FontStyle, BTreeMap<u16, String>> = BTreeMap::new();
    for page in &composed.pages {
        for placed in &page.runs {
            let style = placed.run.style;
            let glyphs = used.entry(style).or_default();
            for g in &placed.run.glyphs {
                glyphs
                    .entry(g.id)
                    .or_insert_with(|| shaper.glyph_text(style, g.id).unwrap_or_default().into());
            }
        }
    }
    used
}

/// Subsets `font` to `glyphs`; new glyph ids follow the order given to allsorts,
/// with .notdef first as it requires.
fn subset(
    font: &[u8],
    glyphs: &BTreeMap<u16, String>,
) -> Result<(Vec<u8>, BTreeMap<u16, u16>), String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};
    let ids: Vec<u16> = std::iter::once(0)
        .chain(glyphs.keys().copied().filter(|&g| g != 0))
        .collect();
    let data = ReadScope::new(font)
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| format!("font subsetting failed: {e}"))?;
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

fn postscript_name(font: &[u8], family: &str, style: FontStyle) -> String {
    let from_font = rustybuzz::ttf_parser::Face::parse(font, 0)
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

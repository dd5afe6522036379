//! The composed pages drawn as SVG, for `folio serve`'s preview: the same placed
//! runs and rules the content streams write (no second typesetting), each glyph an
//! outline path from the font, defined once per page and `<use>`d where it stands.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rustybuzz::ttf_parser::{Face, GlyphId, OutlineBuilder};

use crate::fonts::{FontFamily, FontStyle};
use crate::render::pdf::flow::ComposedPage;
use crate::render::pdf::geometry::PageGeometry;
use crate::units::Pt;

/// Every page of the book as a standalone SVG document, in page order. Sizes are
/// in points; the cover image is not drawn (the page stays blank).
pub fn page_svgs(
    pages: &[ComposedPage],
    fonts: &FontFamily,
    geometry: &PageGeometry,
) -> Vec<String> {
    // Every face of the chain: the body family's, then the fallbacks'.
    let faces: BTreeMap<Key, Face<'_>> = fonts
        .chain()
        .enumerate()
        .flat_map(|(font, family)| {
            FontStyle::ALL.into_iter().filter_map(move |style| {
                let file = family.face(style);
                Some((
                    (font as u8, style),
                    Face::parse(&file.data, file.index).ok()?,
                ))
            })
        })
        .collect();
    let mut outlines: BTreeMap<(Key, u16), String> = BTreeMap::new();
    pages
        .iter()
        .map(|page| page_svg(page, &faces, &mut outlines, geometry))
        .collect()
}

/// A face of the chain: its font's number (0: the body family) and style.
type Key = (u8, FontStyle);

fn page_svg(
    page: &ComposedPage,
    faces: &BTreeMap<Key, Face<'_>>,
    outlines: &mut BTreeMap<(Key, u16), String>,
    geometry: &PageGeometry,
) -> String {
    let (width, height) = (geometry.width.0, geometry.height.0);
    let mut body = String::with_capacity(page.runs.len() * 400);
    let mut used: Vec<(Key, u16)> = Vec::new();
    for rule in &page.rules {
        let _ = writeln!(
            body,
            r#"<rect x="{}" y="{}" width="{}" height="{}"/>"#,
            num(rule.x.0),
            num(rule.top.0),
            num(rule.width.0),
            num(rule.height.0)
        );
    }
    for placed in &page.runs {
        let run = &placed.run;
        let Some(face) = faces.get(&(run.font, run.style)) else {
            continue;
        };
        let scale = run.size.0 / f32::from(face.units_per_em());
        let baseline = placed.baseline - run.rise;
        let mut x = placed.x;
        for glyph in &run.glyphs {
            let key = ((run.font, run.style), glyph.id);
            outlines
                .entry(key)
                .or_insert_with(|| outline(face, glyph.id));
            if !outlines[&key].is_empty() {
                if !used.contains(&key) {
                    used.push(key);
                }
                // Font units are y-up; the page is y-down.
                let _ = writeln!(
                    body,
                    r##"<use href="#{}" transform="matrix({} 0 0 {} {} {})"/>"##,
                    symbol_id(key),
                    num(scale * run.scale),
                    num(-scale),
                    num(x.0),
                    num(baseline.0)
                );
            }
            x += Pt(glyph.advance);
        }
    }
    used.sort();
    let mut svg = String::with_capacity(body.len() + used.len() * 300 + 300);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}pt" height="{h}pt"><rect width="{w}" height="{h}" fill="white"/><defs>"#,
        w = num(width),
        h = num(height)
    );
    for key in used {
        let _ = write!(
            svg,
            r#"<path id="{}" d="{}"/>"#,
            symbol_id(key),
            outlines[&key]
        );
    }
    svg.push_str("</defs>\n");
    svg.push_str(&body);
    svg.push_str("</svg>\n");
    svg
}

fn symbol_id(((font, style), id): (Key, u16)) -> String {
    match font {
        0 => format!("g{}-{id}", style.index()),
        _ => format!("g{font}f{}-{id}", style.index()),
    }
}

/// A glyph's outline as SVG path data, in font units (empty for a space).
fn outline(face: &Face<'_>, id: u16) -> String {
    let mut path = PathData(String::new());
    face.outline_glyph(GlyphId(id), &mut path);
    path.0
}

struct PathData(String);

impl OutlineBuilder for PathData {
    fn move_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "M{} {}", num(x), num(y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "L{} {}", num(x), num(y));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let _ = write!(self.0, "Q{} {} {} {}", num(x1), num(y1), num(x), num(y));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let _ = write!(
            self.0,
            "C{} {} {} {} {} {}",
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(x),
            num(y)
        );
    }
    fn close(&mut self) {
        self.0.push('Z');
    }
}

/// A number with at most three decimals, without trailing zeros.
fn num(value: f32) -> String {
    let rounded = (f64::from(value) * 1000.0).round() / 1000.0;
    if rounded == 0.0 {
        return "0".into();
    }
    let text = format!("{rounded:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(12.3456), "12.346");
        assert_eq!(num(-2.5), "-2.5");
    }
}

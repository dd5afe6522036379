//! Print profiles: who the PDF is for. `digital` is the screen book; `kdp` and
//! `ingram` are interiors a printer accepts: an even page count, no navigation
//! (bookmarks, links), a gutter wide enough for the binding at the final page count.
//! The margin rule (no text within 0.25 in of the trim) holds for every profile.
//! Rules as KDP publishes them: "Set trim size, bleed, and margins" and "Paperback
//! submission guidelines", kdp.amazon.com/help/topic/GVBQ3CMEQW3W2VL6 and
//! G201857950 (read 2026-12-07).

use serde::Deserialize;

use super::flow::{blank_page, ComposedPage};
use super::geometry::Margins;
use super::geometry::PageGeometry;
use crate::units::Length;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// A PDF for screens: outline, links, full metadata (what Folio always wrote).
    #[default]
    Digital,
    /// An Amazon KDP paperback interior.
    Kdp,
    /// An IngramSpark interior: KDP's rules, and PDF/X.
    Ingram,
}

impl Profile {
    /// Whether the file goes to a printer.
    pub fn is_print(self) -> bool {
        self != Profile::Digital
    }

    pub fn name(self) -> &'static str {
        match self {
            Profile::Digital => "digital",
            Profile::Kdp => "kdp",
            Profile::Ingram => "ingram",
        }
    }
}

/// No ink closer to the trim than this (KDP: outside, top and bottom margins
/// without bleed; any printer's safe zone).
pub const MIN_TRIM_DISTANCE_IN: f32 = 0.25;
/// KDP's shortest and longest paperback.
pub const KDP_MIN_PAGES: usize = 24;
pub const KDP_MAX_PAGES: usize = 828;
/// KDP's minimum inside margin (gutter) by the book's page count: up to this many
/// pages, this many inches.
pub const KDP_GUTTER: [(usize, f32); 5] = [
    (150, 0.375),
    (300, 0.5),
    (500, 0.625),
    (700, 0.75),
    (KDP_MAX_PAGES, 0.875),
];

/// KDP's minimum gutter in inches for a book of `pages` pages.
pub fn min_gutter_inches(pages: usize) -> f32 {
    KDP_GUTTER
        .iter()
        .find(|(up_to, _)| pages <= *up_to)
        .map_or(KDP_GUTTER[KDP_GUTTER.len() - 1].1, |(_, inches)| *inches)
}

/// Heads are capitals (accented ones reach about an em above the baseline);
/// folios and body lines descend at most this far below theirs, in ems.
const ASCENT_EM: f32 = 1.0;
const DESCENT_EM: f32 = 0.3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Top,
    Bottom,
    Inner,
    Outer,
}

/// Text too near the trim: which margin, what and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct MarginProblem {
    pub side: Side,
    pub message: String,
    pub help: String,
}

/// How near ink comes to the trim on each side, in points (negative: beyond it):
/// the running heads' capitals at the top, the folios' descenders at the bottom,
/// the text block's sides.
pub fn ink_distances(g: &PageGeometry) -> crate::render::facts::Sides {
    let small = g.font_size.0 * 0.85;
    crate::render::facts::Sides {
        top: g.head_baseline().0 - small * ASCENT_EM,
        bottom: g.height.0 - (g.folio_baseline().0 + small * DESCENT_EM),
        inner: g.inner.0,
        outer: g.outer.0,
    }
}

/// Every place where the geometry puts ink closer than 0.25 in to the trim (or
/// beyond it): running heads at the top, folios at the bottom, the text block's sides.
pub fn margin_problems(g: &PageGeometry, margins: &Margins) -> Vec<MarginProblem> {
    let min = MIN_TRIM_DISTANCE_IN * 72.0;
    let inches = |pt: f32| pt / 72.0;
    let ink = ink_distances(g);
    let mut problems = Vec::new();
    let mut problem = |side, what: &str, distance: f32, margin: Length, fix: f32| {
        let edge = match side {
            Side::Top => "top edge",
            Side::Bottom => "bottom edge",
            Side::Inner => "spine-side edge",
            Side::Outer => "outside edge",
        };
        let key = match side {
            Side::Top => "top",
            Side::Bottom => "bottom",
            Side::Inner => "inner",
            Side::Outer => "outer",
        };
        let place = if distance < 0.0 {
            format!("{:.2} in beyond the {edge} of the page", inches(-distance))
        } else {
            format!("{:.2} in from the {edge} of the page", inches(distance))
        };
        problems.push(MarginProblem {
            side,
            message: format!(
                "with `{key} = \"{margin}\"` {what} print {place}: text must stay at least {MIN_TRIM_DISTANCE_IN} in inside the trim (rule print-margin)"
            ),
            help: format!(
                "make `{key}` at least \"{:.3}in\" in [output.pdf.margins]",
                (inches(fix) * 1000.0).ceil() / 1000.0
            ),
        });
    };
    // Heads: their capitals reach an em above the head baseline.
    let head_top = ink.top;
    if head_top < min {
        let needed = margins.top.pt().0 + (min - head_top);
        problem(
            Side::Top,
            "the running heads",
            head_top,
            margins.top,
            needed,
        );
    }
    let folio_bottom = ink.bottom;
    if folio_bottom < min {
        // One leading more than the shortfall: the grid may keep the same lines.
        let needed = margins.bottom.pt().0 + (min - folio_bottom) + g.leading.0;
        problem(
            Side::Bottom,
            "the folios (page numbers)",
            folio_bottom,
            margins.bottom,
            needed,
        );
    }
    for (side, distance, margin) in [
        (Side::Inner, ink.inner, margins.inner),
        (Side::Outer, ink.outer, margins.outer),
    ] {
        if distance < min {
            problem(side, "the lines", distance, margin, min);
        }
    }
    problems
}

/// Whether a page prints nothing.
fn is_blank(page: &ComposedPage) -> bool {
    page.runs.is_empty() && page.rules.is_empty() && page.images.is_empty()
}

/// The interior as a printer takes it: an even page count (a blank verso added at
/// the end), never three blank pages in a row, within KDP's page counts.
pub fn print_pages(profile: Profile, pages: &mut Vec<ComposedPage>) -> Result<(), String> {
    if !profile.is_print() {
        return Ok(());
    }
    if pages.len() % 2 == 1 {
        pages.push(blank_page());
    }
    let mut run = 0;
    for (index, page) in pages.iter().enumerate() {
        run = if is_blank(page) { run + 1 } else { 0 };
        if run > 2 {
            return Err(format!(
                "pages {}–{} are blank: a printer rejects more than two blank pages in a row",
                index - 1,
                index + 1
            ));
        }
    }
    if profile == Profile::Kdp && pages.len() < KDP_MIN_PAGES {
        return Err(format!(
            "the book has {} pages; a KDP paperback needs at least {KDP_MIN_PAGES} (add text, or build with profile = \"digital\")",
            pages.len()
        ));
    }
    if pages.len() > KDP_MAX_PAGES {
        return Err(format!(
            "the book has {} pages; a paperback has at most {KDP_MAX_PAGES} (use a larger trim or a smaller type size)",
            pages.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gutter_table_follows_kdp() {
        let cases = [(24, 0.375), (150, 0.375), (151, 0.5), (300, 0.5)];
        for (pages, inches) in cases {
            assert_eq!(min_gutter_inches(pages), inches, "{pages}");
        }
        assert_eq!(min_gutter_inches(400), 0.625);
        assert_eq!(min_gutter_inches(701), 0.875);
    }

    #[test]
    fn print_pages_are_even_and_counted() {
        let mut pages: Vec<ComposedPage> = Vec::new();
        assert!(print_pages(Profile::Digital, &mut pages).is_ok());
        pages = vec![blank_page(); 3];
        let error = print_pages(Profile::Ingram, &mut pages).unwrap_err();
        assert!(error.contains("more than two blank pages"), "{error}");
        assert_eq!(pages.len(), 4);
    }
}

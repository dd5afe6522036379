//! The print rules: pure functions over an interior's facts (`PrintFacts`).

use super::{At, Built, Found};
use crate::render::facts::PrintFacts;

/// KDP's paperback trim sizes, inches (width, height).
pub const KDP_TRIMS: &[(f32, f32)] = &[
    (5.0, 8.0),
    (5.06, 7.81),
    (5.25, 8.0),
    (5.5, 8.5),
    (6.0, 9.0),
    (6.14, 9.21),
    (6.69, 9.61),
    (7.0, 10.0),
    (7.44, 9.69),
    (7.5, 9.25),
    (8.0, 10.0),
    (8.25, 6.0),
    (8.25, 8.25),
    (8.5, 8.5),
    (8.5, 11.0),
    (8.27, 11.69),
    (8.25, 11.0),
];
/// KDP's custom trims: width 4–8.5 in, height 6–11.69 in.
pub const KDP_CUSTOM: [(f32, f32); 2] = [(4.0, 8.5), (6.0, 11.69)];
/// Above this width or height a KDP trim is "large" and has a lower page maximum.
pub const KDP_LARGE: (f32, f32) = (6.12, 9.0);
pub const KDP_PAGES: (usize, usize) = (24, 828);
pub const KDP_LARGE_MAX_PAGES: usize = 590;
/// IngramSpark's black-and-white paperback trims, inches.
pub const INGRAM_TRIMS: &[(f32, f32)] = &[
    (4.0, 6.0),
    (4.25, 7.0),
    (4.37, 7.0),
    (5.0, 7.0),
    (5.0, 8.0),
    (5.06, 7.81),
    (5.25, 8.0),
    (5.5, 8.25),
    (5.5, 8.5),
    (5.83, 8.27),
    (6.0, 9.0),
    (6.14, 9.21),
    (6.69, 9.61),
    (7.0, 10.0),
    (7.44, 9.69),
    (7.5, 9.25),
    (8.0, 8.0),
    (8.0, 10.0),
    (8.25, 11.0),
    (8.5, 8.5),
    (8.5, 11.0),
    (8.27, 11.69),
];
pub const INGRAM_PAGES: (usize, usize) = (18, 1200);
/// IngramSpark: no text or page number within this of the trim.
pub const INGRAM_MARGIN_IN: f32 = 0.5;
/// The bleed a printer takes, and the margin from the trim it asks for then.
pub const BLEED_IN: f32 = 0.125;
pub const BLEED_MARGIN_IN: f32 = 0.375;
pub const MIN_PPI: f32 = 300.0;

fn print<'a>(built: &Built<'a>) -> Option<&'a PrintFacts> {
    built.print
}

fn trim_key(facts: &PrintFacts) -> At {
    At::Manifest(facts.at.trim.clone().or_else(|| facts.at.table.clone()))
}

fn is_trim(trims: &[(f32, f32)], (w, h): (f32, f32)) -> bool {
    trims
        .iter()
        .any(|&(tw, th)| (tw - w).abs() <= 0.01 && (th - h).abs() <= 0.01)
}

fn shown((w, h): (f32, f32)) -> String {
    format!("{:.2} × {:.2} in", w, h)
}

fn nearest(trims: &[(f32, f32)], (w, h): (f32, f32)) -> (f32, f32) {
    let distance = |&&(tw, th): &&(f32, f32)| (tw - w).abs() + (th - h).abs();
    trims
        .iter()
        .min_by(|a, b| distance(a).total_cmp(&distance(b)))
        .copied()
        .unwrap_or((6.0, 9.0))
}

fn trim_fix(trims: &[(f32, f32)], trim: (f32, f32)) -> String {
    let (w, h) = nearest(trims, trim);
    format!("set `trim = {{ width = \"{w}in\", height = \"{h}in\" }}` in [output.pdf] (the nearest of the store's sizes), or a preset such as \"6x9\"")
}

/// KDP: a trim neither among its sizes nor within its custom range.
pub fn kdp_trim(built: &Built<'_>) -> Vec<Found> {
    let Some(f) = print(built) else { return vec![] };
    let [(w_min, w_max), (h_min, h_max)] = KDP_CUSTOM;
    let (w, h) = f.trim_in;
    let custom = (w_min..=w_max).contains(&w) && (h_min..=h_max).contains(&h);
    if is_trim(KDP_TRIMS, f.trim_in) || custom {
        return vec![];
    }
    vec![Found {
        message: format!(
            "the trim {} is not a KDP paperback size, nor within its custom sizes ({w_min}–{w_max} in wide, {h_min}–{h_max} in tall)",
            shown(f.trim_in)
        ),
        help: trim_fix(KDP_TRIMS, f.trim_in),
        at: trim_key(f),
    }]
}

/// KDP: a custom trim prints, but is not offered for expanded distribution.
pub fn kdp_trim_custom(built: &Built<'_>) -> Vec<Found> {
    let Some(f) = print(built) else { return vec![] };
    if is_trim(KDP_TRIMS, f.trim_in) || !kdp_trim(built).is_empty() {
        return vec![];
    }
    vec![Found {
        message: format!(
            "the trim {} is a KDP custom size, not one of its standard sizes: it prints, but expanded distribution may refuse it",
            shown(f.trim_in)
        ),
        help: trim_fix(KDP_TRIMS, f.trim_in),
        at: trim_key(f),
    }]
}

/// IngramSpark: a trim not among its sizes.
pub fn ingram_trim(built: &Built<'_>) -> Vec<Found> {
    let Some(f) = print(built) else { return vec![] };
    if is_trim(INGRAM_TRIMS, f.trim_in) {
        return vec![];
    }
    vec![Found {
        message: format!(
            "the trim {} is not an IngramSpark paperback size",
            shown(f.trim_in)
        ),
        help: trim_fix(INGRAM_TRIMS, f.trim_in),
        at: trim_key(f),
    }]
}

fn page_count(f: &PrintFacts, store: &str, (min, max): (usize, usize)) -> Vec<Found> {
    if (min..=max).contains(&f.pages) {
        return vec![];
    }
    let help = if f.pages < min {
        "add text, or use a smaller trim or a larger type size".to_string()
    } else {
        "use a larger trim or a smaller type size, or split the book".to_string()
    };
    vec![Found {
        message: format!(
            "the interior has {} pages; {store} prints {min}–{max} pages at this trim",
            f.pages
        ),
        help,
        at: At::Output("pdf"),
    }]
}

/// KDP: 24–828 pages (black ink, white paper), 24–590 on a large trim.
pub fn kdp_pages(built: &Built<'_>) -> Vec<Found> {
    let Some(f) = print(built) else { return vec![] };
    let large = f.trim_in.0 > KDP_LARGE.0 + 0.005 || f.trim_in.1 > KDP_LARGE.1 + 0.005;
    let max = if large {
        KDP_LARGE_MAX_PAGES
    } else {
        KDP_PAGES.1
    };
    page_count(f, "KDP", (KDP_PAGES.0, max))
}

pub fn ingram_pages(built: &Built<'_>) -> Vec<Found> {
    let Some(f) = print(built) else { return vec![] };
    page_count(f, "IngramSpark", INGRAM_PAGES)
}

fn profile_key(f: &PrintFacts) -> At {
    At::Manifest(f.at.profile.clone().or_else(|| f.at.table.clone()))
}

/// KDP: no bookmarks, links or annotations in an interior.
pub fn kdp_profile(built: &Built<'_>) -> Vec<Found> {
    let Some(f) = print(built) else { return vec![] };
    if !f.navigation {
        return vec![];
    }
    vec![Found {
        message: format!(
            "the PDF has bookmarks and links (profile = \"{}\"): KDP's interiors have none",
            f.profile
        ),
        help:
            "set `profile = \"kdp\"` in [output.pdf] (or build with --set output.pdf.profile=kdp)"
                .into(),
        at: profile_key(f),
    }]
}

/// IngramSpark: a PDF/X file.
pub fn ingram_pdfx(built: &Built<'_>) -> Vec<Found> {
    let Some(f) = print(built) else { return vec![] };
    if f.pdfx {
        return vec![];
    }
    vec![Found {
        message: format!(
            "the PDF is not PDF/X (profile = \"{}\"): IngramSpark asks for PDF/X-1a or PDF/X-4",
            f.profile
        ),
        help: "set `profile = \"ingram\"` in [output.pdf]: Folio then writes PDF/X-4".into(),
        at: profile_key(f),
    }]
}

/// KDP: the inside margin its table asks for at this page count.
pub fn kdp_gutter(built: &Built<'_>) -> Vec<Found> {
    let Some(f) = print(built) else { return vec![] };
    if f.gutter_in + 1e-3 >= f.min_gutter_in {
        return vec![];
    }
    vec![Found {
        message: format!(
            "the inner margin (gutter) is {:.3} in; a {}-page book needs at least {} in for its binding",
            f.gutter_in, f.pages, f.min_gutter_in
        ),
        help: format!(
            "set `inner = \"{}in\"` in [output.pdf.margins], or `profile = \"kdp\"`, which raises it",
            f.min_gutter_in
        ),
        at: At::Manifest(f.at.inner.clone().or_else(|| f.at.table.clone())),
    }]
}

/// IngramSpark: text and page numbers 0.5 in from the trim on every side.
pub fn ingram_margins(built: &Built<'_>) -> Vec<Found> {
    let Some(f) = print(built) else { return vec![] };
    let i = &f.ink_in;
    let near: Vec<String> = [
        ("top (running heads)", i.top),
        ("bottom (folios)", i.bottom),
        ("inner", i.inner),
        ("outer", i.outer),
    ]
    .into_iter()
    .filter(|(_, d)| *d + 1e-3 < INGRAM_MARGIN_IN)
    .map(|(side, d)| format!("{side} {d:.2} in"))
    .collect();
    if near.is_empty() {
        return vec![];
    }
    vec![Found {
        message: format!(
            "text comes closer than {INGRAM_MARGIN_IN} in to the trim: {}",
            near.join(", ")
        ),
        help:
            "widen those margins in [output.pdf.margins] (top and bottom hold the heads and folios)"
                .into(),
        at: At::Manifest(f.at.table.clone()),
    }]
}

/// Any printer: a bleed of 0.125 in or none, and with one, 0.375 in margins.
pub fn bleed(built: &Built<'_>) -> Vec<Found> {
    let Some(f) = print(built) else { return vec![] };
    let at = At::Manifest(f.at.table.clone());
    if f.bleed_in != 0.0 && (f.bleed_in - BLEED_IN).abs() > 1e-3 {
        return vec![Found {
            message: format!(
                "the pages bleed {:.3} in beyond the trim; printers take {BLEED_IN} in or none",
                f.bleed_in
            ),
            help: format!("make the bleed {BLEED_IN} in"),
            at,
        }];
    }
    let i = &f.ink_in;
    let nearest = i.top.min(i.bottom).min(i.outer);
    if f.bleed_in > 0.0 && nearest + 1e-3 < BLEED_MARGIN_IN {
        return vec![Found {
            message: format!(
                "with bleed, text must stay {BLEED_MARGIN_IN} in inside the trim; it comes to {nearest:.2} in"
            ),
            help: "widen the top, bottom and outer margins in [output.pdf.margins]".into(),
            at,
        }];
    }
    vec![]
}

/// Any printer: every font embedded.
pub fn fonts(built: &Built<'_>) -> Vec<Found> {
    let Some(f) = print(built) else { return vec![] };
    if f.fonts_embedded {
        return vec![];
    }
    vec![Found {
        message: "a font the pages use is not embedded in the PDF".into(),
        help: "use fonts whose licence allows embedding (the font's OS/2 fsType)".into(),
        at: At::Output("pdf"),
    }]
}

/// Any printer: images at 300 pixels per inch where printed.
pub fn image_ppi(built: &Built<'_>) -> Vec<Found> {
    let Some(f) = print(built) else { return vec![] };
    f.images
        .iter()
        .filter(|(_, ppi)| *ppi + 0.5 < MIN_PPI)
        .map(|(src, ppi)| Found {
            message: format!(
                "the image `{src}` prints at {ppi:.0} pixels per inch; the printer asks for {MIN_PPI:.0}"
            ),
            help: format!(
                "use an image {:.1} times as many pixels wide, or print it smaller",
                MIN_PPI / ppi.max(1.0)
            ),
            at: At::Story(format!("]({src}")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::facts::Sides;

    fn facts() -> PrintFacts {
        PrintFacts {
            profile: "kdp",
            trim_in: (6.0, 9.0),
            pages: 200,
            ink_in: Sides {
                top: 0.6,
                bottom: 0.6,
                inner: 0.75,
                outer: 0.6,
            },
            gutter_in: 0.75,
            min_gutter_in: 0.5,
            bleed_in: 0.0,
            navigation: false,
            pdfx: false,
            fonts_embedded: true,
            images: vec![],
            at: Default::default(),
        }
    }

    fn run(rule: fn(&Built<'_>) -> Vec<Found>, f: &PrintFacts) -> Vec<Found> {
        rule(&Built {
            print: Some(f),
            ..Built::default()
        })
    }

    #[test]
    fn a_good_kdp_interior_has_no_findings() {
        let f = facts();
        for rule in [
            kdp_trim,
            kdp_trim_custom,
            kdp_pages,
            kdp_profile,
            kdp_gutter,
        ] {
            assert!(run(rule, &f).is_empty());
        }
        for rule in [bleed, fonts, image_ppi] {
            assert!(run(rule, &f).is_empty());
        }
        // Without a PDF built, no print rule finds anything.
        assert!(kdp_trim(&Built::default()).is_empty());
    }

    #[test]
    fn trims_are_standard_custom_or_refused() {
        let mut f = facts();
        f.trim_in = (5.1, 7.9);
        assert!(run(kdp_trim, &f).is_empty());
        let custom = run(kdp_trim_custom, &f);
        assert!(custom[0].message.contains("custom size"), "{custom:?}");
        let ingram = run(ingram_trim, &f);
        assert!(ingram[0].message.contains("5.10 × 7.90"), "{ingram:?}");
        assert!(ingram[0]
            .help
            .contains("width = \"5.06in\", height = \"7.81in\""));
        f.trim_in = (3.5, 5.0);
        assert!(run(kdp_trim, &f)[0].message.contains("nor within"));
        assert!(run(kdp_trim_custom, &f).is_empty());
        // A5 (148 × 210 mm) is one of IngramSpark's sizes.
        f.trim_in = (148.0 / 25.4, 210.0 / 25.4);
        assert!(run(ingram_trim, &f).is_empty());
    }

    #[test]
    fn page_counts_follow_the_trim() {
        let mut f = facts();
        f.pages = 22;
        assert!(run(kdp_pages, &f)[0].message.contains("24–828"));
        assert!(run(ingram_pages, &f).is_empty());
        f.pages = 600;
        assert!(run(kdp_pages, &f).is_empty());
        f.trim_in = (8.5, 11.0);
        assert!(run(kdp_pages, &f)[0].message.contains("24–590"));
        f.pages = 1202;
        assert!(run(ingram_pages, &f)[0].message.contains("18–1200"));
    }

    #[test]
    fn profile_gutter_margins_bleed_fonts_and_images() {
        let mut f = facts();
        f.navigation = true;
        f.profile = "digital";
        let found = run(kdp_profile, &f);
        assert!(found[0].help.contains("profile = \"kdp\""), "{found:?}");
        assert!(run(ingram_pdfx, &f)[0]
            .help
            .contains("profile = \"ingram\""));
        f.gutter_in = 0.4;
        assert!(run(kdp_gutter, &f)[0].message.contains("at least 0.5 in"));
        f.ink_in.top = 0.3;
        let near = run(ingram_margins, &f);
        assert!(
            near[0].message.contains("top (running heads) 0.30 in"),
            "{near:?}"
        );
        f.bleed_in = 0.2;
        assert!(run(bleed, &f)[0].message.contains("0.200 in"));
        f.bleed_in = BLEED_IN;
        assert!(run(bleed, &f)[0].message.contains("0.30 in"));
        f.fonts_embedded = false;
        assert_eq!(run(fonts, &f).len(), 1);
        f.images = vec![("map.png".into(), 150.0), ("leaf.png".into(), 300.0)];
        let coarse = run(image_ppi, &f);
        assert_eq!(coarse.len(), 1);
        assert_eq!(coarse[0].at, At::Story("](map.png".into()));
        assert!(coarse[0].help.contains("2.0 times"), "{coarse:?}");
    }
}

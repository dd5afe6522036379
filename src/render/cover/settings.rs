//! `[output.cover]`: the store whose paper is printed on, the paper, the back
//! text, the spine's words and the colours; and the wrap's arithmetic (spine width
//! from the page count and the paper).

use serde::Deserialize;
use toml::Spanned;

use crate::error::Diagnostic;
use crate::render::OutputTable;
use crate::units::Pt;

/// Bleed on every side of the wrap: 0.125 in, as KDP and IngramSpark ask.
pub const BLEED: Pt = Pt(9.0);

/// KDP prints spine text only from this many pages up: a thinner spine has no
/// room for it.
pub const SPINE_TEXT_MIN_PAGES: usize = 79;

/// Who prints the book: their paper sets the spine's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Kdp,
    Ingram,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    White,
    Cream,
}

/// Paper thickness in inches per page (one side of a leaf). KDP's from its
/// "Paperback cover calculator and templates" help page (read 2026-12-07):
/// white 0.002252, cream 0.0025. IngramSpark publishes a calculator rather than
/// figures; theirs are derived from the 200-page spine widths it gives for its
/// 50 lb (74 gsm) stock (10.77 mm white, 11.63 mm cream, as quoted by
/// answers.preparetopublish.com, read 2026-12-07): about 472 and 437 pages per inch.
pub const PAPER_TABLE: [(Store, Paper, f32); 4] = [
    (Store::Kdp, Paper::White, 0.002252),
    (Store::Kdp, Paper::Cream, 0.0025),
    (Store::Ingram, Paper::White, 0.00212),
    (Store::Ingram, Paper::Cream, 0.00229),
];

/// The spine's width for `pages` interior pages on `paper` at `store`.
pub fn spine_width(store: Store, paper: Paper, pages: usize) -> Pt {
    let per_page = PAPER_TABLE
        .iter()
        .find(|(s, p, _)| *s == store && *p == paper)
        .map_or(0.0, |row| row.2);
    Pt::inches(pages as f32 * per_page)
}

/// An sRGB colour, each channel 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour(pub [f32; 3]);

impl Colour {
    pub const WHITE: Colour = Colour([1.0, 1.0, 1.0]);
    pub const BLACK: Colour = Colour([0.0, 0.0, 0.0]);

    /// `#rrggbb`.
    fn parse(text: &str) -> Option<Colour> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Colour([
            f32::from(channel(0)?) / 255.0,
            f32::from(channel(2)?) / 255.0,
            f32::from(channel(4)?) / 255.0,
        ]))
    }
}

/// The table as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Raw {
    store: Option<Spanned<String>>,
    paper: Option<Spanned<String>>,
    back: Option<Spanned<String>>,
    spine: Option<Spanned<String>>,
    background: Option<Spanned<String>>,
    color: Option<Spanned<String>>,
    font: Option<String>,
}

/// `[output.cover]` read and checked.
#[derive(Debug, Clone)]
pub struct CoverSettings {
    /// Whether the manifest has the table: only then is the cover built by default.
    pub present: bool,
    pub store: Store,
    pub paper: Paper,
    /// The back text (Markdown) and where it is written.
    pub back: Option<(String, std::ops::Range<usize>)>,
    /// The spine's words (default: the title, an em dash and the authors), and
    /// where the author wrote them.
    pub spine: Option<(String, std::ops::Range<usize>)>,
    pub background: Colour,
    pub color: Colour,
    pub font: Option<String>,
}

pub fn read(table: &OutputTable<'_>) -> Result<CoverSettings, Vec<Diagnostic>> {
    let raw: Raw = table.parse()?;
    let present = crate::render::settings::key_span(table.manifest, "output.cover").is_some();
    let mut problems = Vec::new();
    let store = match raw.store.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
        None | Some(("kdp", _)) => Store::Kdp,
        Some(("ingram", _)) => Store::Ingram,
        Some((other, span)) => {
            problems.push(
                table
                    .error_at(span, format!("unknown store `{other}`"))
                    .help("use `store = \"kdp\"` or `store = \"ingram\"`"),
            );
            Store::Kdp
        }
    };
    let paper = match raw.paper.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
        None | Some(("white", _)) => Paper::White,
        Some(("cream", _)) => Paper::Cream,
        Some((other, span)) => {
            problems.push(
                table
                    .error_at(span, format!("unknown paper `{other}`"))
                    .help("use `paper = \"white\"` or `paper = \"cream\"`"),
            );
            Paper::White
        }
    };
    let mut colour = |value: &Option<Spanned<String>>, default: Colour| match value {
        None => default,
        Some(value) => Colour::parse(value.get_ref()).unwrap_or_else(|| {
            problems.push(
                table
                    .error_at(
                        value.span(),
                        format!("`{}` is not a colour", value.get_ref()),
                    )
                    .help("write it as `#rrggbb`, e.g. \"#1d2a3a\""),
            );
            default
        }),
    };
    let background = colour(&raw.background, Colour::WHITE);
    let color = colour(&raw.color, Colour::BLACK);
    let spanned = |value: Option<Spanned<String>>| {
        value.map(|v| {
            let span = v.span();
            (v.into_inner(), span)
        })
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(CoverSettings {
        present,
        store,
        paper,
        back: spanned(raw.back),
        spine: spanned(raw.spine),
        background,
        color,
        font: raw.font,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::LoadedManifest;

    fn settings(table: &str) -> Result<CoverSettings, Vec<Diagnostic>> {
        let text = format!("[book]\ntitle = \"T\"\nlanguage = \"en\"\n\n[output.cover]\n{table}");
        let manifest = LoadedManifest::from_text(std::path::Path::new("book.toml"), &text);
        read(&OutputTable::new(&manifest, "cover"))
    }

    #[test]
    fn the_spine_is_the_page_count_times_the_paper() {
        // KDP's own example: 100 pages on white paper make a 0.2252 in spine.
        let white = spine_width(Store::Kdp, Paper::White, 100);
        assert!((white.0 - 0.2252 * 72.0).abs() < 1e-3, "{white:?}");
        let cream = spine_width(Store::Kdp, Paper::Cream, 300);
        assert!((cream.0 - 0.75 * 72.0).abs() < 1e-3, "{cream:?}");
        // IngramSpark: 200 pages of white make 10.77 mm, of cream 11.63 mm.
        let mm = |pt: Pt| pt.0 / 72.0 * 25.4;
        let white = spine_width(Store::Ingram, Paper::White, 200);
        let cream = spine_width(Store::Ingram, Paper::Cream, 200);
        assert!((mm(white) - 10.77).abs() < 0.01, "{}", mm(white));
        assert!((mm(cream) - 11.63).abs() < 0.01, "{}", mm(cream));
        assert_eq!(spine_width(Store::Kdp, Paper::White, 0), Pt::ZERO);
    }

    #[test]
    fn the_table_is_read_and_wrong_values_name_their_line() {
        let read =
            settings("paper = \"cream\"\nbackground = \"#1d2a3a\"\nstore = \"ingram\"\n").unwrap();
        assert!(read.present);
        assert_eq!((read.store, read.paper), (Store::Ingram, Paper::Cream));
        let [r, g, b] = read.background.0;
        assert!((r - 0x1d as f32 / 255.0).abs() < 1e-6 && g > r && b > g);
        let problems = settings("paper = \"blue\"\ncolor = \"red\"\n").unwrap_err();
        let lines: Vec<Option<usize>> = problems.iter().map(|d| d.position.map(|p| p.0)).collect();
        assert_eq!(lines, [Some(6), Some(7)], "{problems:?}");
        assert!(problems[0].message.contains("blue"));
        let problems = settings("papr = \"white\"\n").unwrap_err();
        assert_eq!(problems[0].position.map(|p| p.0), Some(6), "{problems:?}");
    }
}

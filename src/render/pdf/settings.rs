//! `[output.pdf]`: read once, when the renderer is configured, into `PdfOptions` and
//! the page geometry they describe. Every problem names the key's line.

use serde::Deserialize;
use toml::Spanned;

pub use super::geometry::Margins;
use super::geometry::{PageGeometry, Pt, Trim};
pub use super::profile::Profile;
use super::profile::{margin_problems, Side};
use crate::error::Diagnostic;
use crate::render::OutputTable;
use crate::units::{self, Length};

/// The renderer's name: `[output.pdf]`, `--pdf`, `only = "pdf"`.
pub const NAME: &str = "pdf";

/// The PDF renderer's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfOptions {
    /// A preset (`5x8`, `5.25x8`, `5.5x8.5`, `6x9`, `a5`) or `{ width, height }`.
    pub trim: Trim,
    /// Font family from `fonts/`; defaults to the only family there.
    pub font: Option<String>,
    /// Body type size in points.
    pub font_size: Pt,
    /// Baseline-to-baseline distance in points.
    pub leading: Pt,
    pub hyphenate: bool,
    /// Justified text (the default) or ragged right.
    pub justify: bool,
    pub widow_orphan_control: bool,
    /// Put `[book] cover` on the first page (and a blank inside cover after it).
    pub cover: bool,
    pub margins: Margins,
    /// Images printed coarser than this many pixels per inch are warned about.
    pub image_dpi_min: f32,
    /// Who the file is for: a screen (`digital`) or a printer (`kdp`, `ingram`).
    pub profile: Profile,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            trim: Trim::default(),
            font: None,
            font_size: 11.0,
            leading: 14.0,
            hyphenate: true,
            justify: true,
            widow_orphan_control: true,
            cover: false,
            margins: Margins::default(),
            image_dpi_min: 200.0,
            profile: Profile::Digital,
        }
    }
}

/// What went wrong with a geometry, and which key is to blame.
#[derive(Debug, Clone, PartialEq)]
pub struct GeometryError {
    pub key: GeometryKey,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeometryKey {
    Trim,
    FontSize,
    Leading,
    /// The inner and outer margins.
    Width,
    /// The top and bottom margins.
    Height,
}

impl PdfOptions {
    /// The page geometry these options describe, or what is wrong with them.
    pub fn geometry(&self) -> Result<PageGeometry, String> {
        self.checked_geometry().map_err(|e| e.message)
    }

    /// [`PdfOptions::geometry`], saying which key is wrong.
    pub fn checked_geometry(&self) -> Result<PageGeometry, GeometryError> {
        let error = |key, message: String| GeometryError { key, message };
        let (width, height) = self.trim.size().map_err(|m| error(GeometryKey::Trim, m))?;
        let m = &self.margins;
        let (top, bottom) = (m.top.pt().0, m.bottom.pt().0);
        let (inner, outer) = (m.inner.pt().0, m.outer.pt().0);
        if !(5.0..=24.0).contains(&self.font_size) {
            let message = format!("font_size = {} is outside 5–24 pt", self.font_size);
            return Err(error(GeometryKey::FontSize, message));
        }
        if !(self.font_size..=self.font_size * 2.5).contains(&self.leading) {
            let message = format!(
                "leading = {} must be between the font size and 2.5 times it",
                self.leading
            );
            return Err(error(GeometryKey::Leading, message));
        }
        if width - inner - outer < self.font_size * 12.0 {
            let message = "the margins leave too narrow a text block".to_string();
            return Err(error(GeometryKey::Width, message));
        }
        let block = height - top - bottom - self.font_size;
        if block < self.leading * 10.0 {
            let message = "the margins leave fewer than ten lines per page".to_string();
            return Err(error(GeometryKey::Height, message));
        }
        let lines_per_page = (block / self.leading).floor() as usize + 1;
        Ok(PageGeometry {
            width: units::Pt(width),
            height: units::Pt(height),
            top: units::Pt(top),
            inner: units::Pt(inner),
            outer: units::Pt(outer),
            leading: units::Pt(self.leading),
            font_size: units::Pt(self.font_size),
            lines_per_page,
        })
    }
}

/// `[output.pdf]` as written, with the positions of the keys a check may blame.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct PdfTable {
    trim: Option<Spanned<Trim>>,
    font: Option<String>,
    font_size: Option<Spanned<f32>>,
    leading: Option<Spanned<f32>>,
    hyphenate: Option<bool>,
    justify: Option<bool>,
    widow_orphan_control: Option<bool>,
    cover: Option<Spanned<bool>>,
    margins: Option<MarginsTable>,
    image_dpi_min: Option<f32>,
    profile: Option<Spanned<Profile>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct MarginsTable {
    top: Option<Spanned<Length>>,
    bottom: Option<Spanned<Length>>,
    inner: Option<Spanned<Length>>,
    outer: Option<Spanned<Length>>,
}

/// The settings and geometry read from `[output.pdf]`, and where `cover = true`
/// was written (for the cover check).
pub struct Configured {
    pub options: PdfOptions,
    pub geometry: PageGeometry,
    pub cover_span: Option<std::ops::Range<usize>>,
    /// Where the keys the store checks point at were written.
    pub keys: crate::render::facts::PrintKeys,
}

impl PdfOptions {
    /// The settings of a manifest's `[output.pdf]` (for tests and benchmarks).
    pub fn from_manifest(
        manifest: &crate::manifest::LoadedManifest,
    ) -> Result<PdfOptions, Vec<Diagnostic>> {
        read(&OutputTable::new(manifest, NAME)).map(|c| c.options)
    }
}

/// Reads and checks `[output.pdf]`.
pub fn read(table: &OutputTable<'_>) -> Result<Configured, Vec<Diagnostic>> {
    let raw: PdfTable = table.parse()?;
    let defaults = PdfOptions::default();
    let margins = raw.margins.unwrap_or_default();
    let length = |value: &Option<Spanned<Length>>, default: Length| {
        value.as_ref().map_or(default, |v| *v.get_ref())
    };
    let options = PdfOptions {
        trim: raw
            .trim
            .as_ref()
            .map_or(defaults.trim, |t| t.get_ref().clone()),
        font: raw.font,
        font_size: raw
            .font_size
            .as_ref()
            .map_or(defaults.font_size, |s| *s.get_ref()),
        leading: raw
            .leading
            .as_ref()
            .map_or(defaults.leading, |s| *s.get_ref()),
        hyphenate: raw.hyphenate.unwrap_or(defaults.hyphenate),
        justify: raw.justify.unwrap_or(defaults.justify),
        widow_orphan_control: raw
            .widow_orphan_control
            .unwrap_or(defaults.widow_orphan_control),
        cover: raw.cover.as_ref().is_some_and(|c| *c.get_ref()),
        margins: Margins {
            top: length(&margins.top, defaults.margins.top),
            bottom: length(&margins.bottom, defaults.margins.bottom),
            inner: length(&margins.inner, defaults.margins.inner),
            outer: length(&margins.outer, defaults.margins.outer),
        },
        image_dpi_min: raw
            .image_dpi_min
            .filter(|dpi| dpi.is_finite())
            .map_or(defaults.image_dpi_min, |dpi| dpi.max(0.0)),
        profile: raw
            .profile
            .as_ref()
            .map_or(defaults.profile, |p| *p.get_ref()),
    };
    let geometry = options.checked_geometry().map_err(|e| {
        let span = match e.key {
            GeometryKey::Trim => raw.trim.as_ref().map(Spanned::span),
            GeometryKey::FontSize => raw.font_size.as_ref().map(Spanned::span),
            GeometryKey::Leading => raw.leading.as_ref().map(Spanned::span),
            GeometryKey::Width => [&margins.inner, &margins.outer]
                .into_iter()
                .flatten()
                .map(Spanned::span)
                .next(),
            GeometryKey::Height => [&margins.top, &margins.bottom]
                .into_iter()
                .flatten()
                .map(Spanned::span)
                .next(),
        };
        let help = match e.key {
            GeometryKey::Trim => "use a preset or { width = \"5in\", height = \"8in\" }",
            GeometryKey::FontSize => "body text is usually 9.5–12 pt",
            GeometryKey::Leading => "leading is usually 1.2–1.4 times the font size",
            GeometryKey::Width => "make the inner and outer margins smaller, or the trim wider",
            GeometryKey::Height => "make the top and bottom margins smaller, or the trim taller",
        };
        let diagnostic = match span {
            Some(span) => table.error_at(span, e.message),
            None => table.error(e.message),
        };
        vec![diagnostic.help(help)]
    })?;
    // Text closer to the trim than a printer allows is an error whatever the profile.
    let problems: Vec<Diagnostic> = margin_problems(&geometry, &options.margins)
        .into_iter()
        .map(|problem| {
            let key = match problem.side {
                Side::Top => &margins.top,
                Side::Bottom => &margins.bottom,
                Side::Inner => &margins.inner,
                Side::Outer => &margins.outer,
            };
            let diagnostic = match key.as_ref().map(Spanned::span) {
                Some(span) => table.error_at(span, problem.message),
                None => table.error(problem.message),
            };
            diagnostic.help(problem.help)
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    if options.cover && options.profile.is_print() {
        let message = format!(
            "`cover = true` draws the cover on the interior's first page, which a printer does not want (profile = \"{}\")",
            options.profile.name()
        );
        let diagnostic = match raw.cover.as_ref().map(Spanned::span) {
            Some(span) => table.error_at(span, message),
            None => table.error(message),
        };
        return Err(vec![diagnostic.help(
            "remove `cover = true`: a printer takes the cover as a file of its own",
        )]);
    }
    let table_span = table.header_span();
    Ok(Configured {
        options,
        geometry,
        cover_span: raw.cover.as_ref().map(Spanned::span),
        keys: crate::render::facts::PrintKeys {
            trim: raw.trim.as_ref().map(Spanned::span),
            profile: raw.profile.as_ref().map(Spanned::span),
            inner: margins.inner.as_ref().map(Spanned::span),
            table: table_span,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::LoadedManifest;

    fn read_text(table: &str) -> Result<Configured, Vec<Diagnostic>> {
        let text = format!("[book]\ntitle = \"T\"\nlanguage = \"en\"\n\n[output.pdf]\n{table}");
        let manifest = LoadedManifest::from_text(std::path::Path::new("book.toml"), &text);
        read(&OutputTable::new(&manifest, "pdf"))
    }

    #[test]
    fn defaults_give_a_six_by_nine_page() {
        let configured = read_text("").unwrap();
        assert_eq!(configured.options, PdfOptions::default());
        assert_eq!(configured.geometry.width.0, 432.0);
        assert_eq!(configured.geometry.height.0, 648.0);
    }

    #[test]
    fn each_key_is_read() {
        let configured = read_text(
            "trim = \"a5\"\nfont = \"F\"\nfont_size = 10.0\nleading = 13.0\nhyphenate = false\n\
             justify = false\nwidow_orphan_control = false\ncover = true\n\
             [output.pdf.margins]\ninner = \"2cm\"\nouter = \"15mm\"\ntop = \"1in\"\nbottom = \"50pt\"\n",
        )
        .unwrap();
        let o = &configured.options;
        assert_eq!(o.trim, Trim::Preset("a5".into()));
        assert_eq!(o.font.as_deref(), Some("F"));
        assert_eq!((o.font_size, o.leading), (10.0, 13.0));
        assert!(!o.hyphenate && !o.justify && !o.widow_orphan_control && o.cover);
        let g = &configured.geometry;
        assert!((g.inner.0 - 56.692_913).abs() < 1e-3, "{g:?}");
        assert!((g.outer.0 - 42.519_685).abs() < 1e-3, "{g:?}");
        assert_eq!(g.top.0, 72.0);
        assert_eq!(configured.cover_span.map(|s| s.len()), Some(4));
    }

    #[test]
    fn a_bad_geometry_names_the_key_that_causes_it() {
        let line = |table: &str| {
            let problems = read_text(table)
                .err()
                .unwrap_or_else(|| panic!("no error for {table}"));
            (
                problems[0].position.map(|p| p.0),
                problems[0].message.clone(),
            )
        };
        let (at, message) = line("trim = \"huge\"\n");
        assert_eq!(at, Some(6));
        assert!(message.contains("unknown trim `huge`"), "{message}");
        let (at, message) = line("hyphenate = true\nfont_size = 200.0\n");
        assert_eq!(at, Some(7));
        assert!(message.contains("outside 5–24 pt"), "{message}");
        let (at, _) = line("leading = 40.0\n");
        assert_eq!(at, Some(6));
        let (at, message) = line("[output.pdf.margins]\ninner = \"2.5in\"\nouter = \"2.5in\"\n");
        assert_eq!(at, Some(7));
        assert!(message.contains("too narrow"), "{message}");
        let (at, message) = line("[output.pdf.margins]\ntop = \"6.5in\"\n");
        assert_eq!(at, Some(7));
        assert!(message.contains("fewer than ten lines"), "{message}");
        let (at, message) = line("[output.pdf.margins]\ntop = \"4ft\"\n");
        assert_eq!(at, Some(7));
        assert!(message.contains("unknown unit `ft`"), "{message}");
        let (at, message) = line("profile = \"kdp\"\ncover = true\n");
        assert_eq!(at, Some(7));
        assert!(
            message.contains("which a printer does not want"),
            "{message}"
        );
        let (at, message) = line("profile = \"kindle\"\n");
        assert_eq!(at, Some(6));
        assert!(message.contains("kindle"), "{message}");
        let (at, message) = line("[output.pdf.margins]\nouter = \"0.2in\"\n");
        assert_eq!(at, Some(7));
        assert!(message.contains("rule print-margin"), "{message}");
        let (at, message) = line("font_sise = 11.0\n");
        assert_eq!(at, Some(6));
        assert!(message.contains("font_sise"), "{message}");
    }

    /// A 6x9 in page (432 × 648 pt) with these sizes and margins, all in points.
    fn options(font_size: f32, leading: f32, [top, bottom, inner, outer]: [f32; 4]) -> PdfOptions {
        let pt = |value: f32| Length {
            value,
            unit: units::LengthUnit::Point,
        };
        PdfOptions {
            font_size,
            leading,
            margins: Margins {
                top: pt(top),
                bottom: pt(bottom),
                inner: pt(inner),
                outer: pt(outer),
            },
            ..PdfOptions::default()
        }
    }

    #[test]
    fn every_baseline_between_the_margins_is_a_line() {
        // The first baseline a font size below the top margin, then one every
        // leading down to the bottom margin: 648 - 72 - 72 - 10 = 494 pt below
        // the first leaves room for 41 more at 12 pt.
        let g = options(10.0, 12.0, [72.0, 72.0, 54.0, 40.0])
            .geometry()
            .unwrap();
        assert_eq!(g.lines_per_page, 42);
        assert_eq!((g.width.0, g.height.0), (432.0, 648.0));
        assert_eq!((g.top.0, g.inner.0, g.outer.0), (72.0, 54.0, 40.0));
        assert_eq!((g.font_size.0, g.leading.0), (10.0, 12.0));
        // Exactly 40 leadings: the last baseline sits on the bottom margin.
        let g = options(10.0, 12.0, [72.0, 86.0, 54.0, 40.0])
            .geometry()
            .unwrap();
        assert_eq!(g.lines_per_page, 41);
    }

    #[test]
    fn each_limit_is_inclusive_and_names_its_key() {
        let key = |o: PdfOptions| o.checked_geometry().err().map(|e| e.key);
        let margins = [72.0, 72.0, 54.0, 54.0];
        // Type from 5 to 24 pt.
        assert_eq!(key(options(5.0, 6.0, margins)), None);
        assert_eq!(key(options(24.0, 24.0, margins)), None);
        assert_eq!(key(options(4.9, 6.0, margins)), Some(GeometryKey::FontSize));
        assert_eq!(
            key(options(24.1, 26.0, margins)),
            Some(GeometryKey::FontSize)
        );
        // Leading from the type size to 2.5 times it.
        assert_eq!(key(options(10.0, 10.0, margins)), None);
        assert_eq!(key(options(10.0, 25.0, margins)), None);
        assert_eq!(key(options(10.0, 9.9, margins)), Some(GeometryKey::Leading));
        assert_eq!(
            key(options(10.0, 25.1, margins)),
            Some(GeometryKey::Leading)
        );
        // A text block at least 12 type sizes wide: 432 - 200 - 112 = 120 pt.
        let narrow = |inner| key(options(10.0, 12.0, [72.0, 72.0, inner, 112.0]));
        assert_eq!(narrow(200.0), None);
        assert_eq!(narrow(200.5), Some(GeometryKey::Width));
        // At least ten leadings below the first baseline: 648 - 300 - 218 - 10 = 120.
        let short = |bottom| key(options(10.0, 12.0, [300.0, bottom, 54.0, 54.0]));
        assert_eq!(short(218.0), None);
        assert_eq!(short(218.5), Some(GeometryKey::Height));
    }

    #[test]
    fn from_manifest_reads_the_pdf_table() {
        let text = "[book]\ntitle = \"T\"\nlanguage = \"en\"\n\n[output.pdf]\njustify = false\n";
        let manifest = LoadedManifest::from_text(std::path::Path::new("book.toml"), text);
        let options = PdfOptions::from_manifest(&manifest).unwrap();
        assert!(!options.justify);
        assert_eq!(options.font_size, PdfOptions::default().font_size);
    }
}

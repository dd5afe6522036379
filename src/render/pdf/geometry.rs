//! Book geometry: trim sizes, mirrored margins and the baseline grid. All lengths are
//! PDF points (1/72 in); y grows downward from the top of the page here and is
//! flipped only when writing.

use serde::Deserialize;

use crate::units;
use crate::units::Length;

/// A length in PDF points as `[output.pdf]` is read; the stages take `units::Pt`.
pub type Pt = f32;

pub const POINTS_PER_INCH: Pt = 72.0;
pub const POINTS_PER_MM: Pt = 72.0 / 25.4;

/// `trim` in `[output.pdf]`: a preset name or `{ width = "5in", height = "8in" }`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Trim {
    Preset(String),
    Custom { width: String, height: String },
}

impl Default for Trim {
    fn default() -> Self {
        Trim::Preset("6x9".into())
    }
}

pub const TRIM_PRESETS: [(&str, Pt, Pt); 5] = [
    ("5x8", 5.0 * POINTS_PER_INCH, 8.0 * POINTS_PER_INCH),
    ("5.25x8", 5.25 * POINTS_PER_INCH, 8.0 * POINTS_PER_INCH),
    ("5.5x8.5", 5.5 * POINTS_PER_INCH, 8.5 * POINTS_PER_INCH),
    ("6x9", 6.0 * POINTS_PER_INCH, 9.0 * POINTS_PER_INCH),
    ("a5", 148.0 * POINTS_PER_MM, 210.0 * POINTS_PER_MM),
];

impl Trim {
    /// Width and height in points, or a message saying what is wrong.
    pub fn size(&self) -> Result<(Pt, Pt), String> {
        match self {
            Trim::Preset(name) => TRIM_PRESETS
                .iter()
                .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, w, h)| (*w, *h))
                .ok_or_else(|| {
                    let names: Vec<&str> = TRIM_PRESETS.iter().map(|p| p.0).collect();
                    format!("unknown trim `{name}`; use one of {} or {{ width = \"5in\", height = \"8in\" }}", names.join(", "))
                }),
            Trim::Custom { width, height } => {
                let (w, h) = (parse_length(width)?, parse_length(height)?);
                if !(144.0..=1440.0).contains(&w) || !(144.0..=1440.0).contains(&h) {
                    return Err("a custom trim must be between 2 and 20 inches on each side".into());
                }
                Ok((w, h))
            }
        }
    }
}

/// Parses "5in", "148mm", "12pt" into points.
pub fn parse_length(text: &str) -> Result<Pt, String> {
    text.parse::<crate::units::Length>()
        .map(|length| length.pt().0)
}

/// The page and its text block, for one trim and type size.
#[derive(Debug, Clone, PartialEq)]
pub struct PageGeometry {
    pub width: units::Pt,
    pub height: units::Pt,
    pub top: units::Pt,
    pub inner: units::Pt,
    pub outer: units::Pt,
    pub leading: units::Pt,
    pub font_size: units::Pt,
    /// Body lines per full page: the text block is a whole number of leadings tall.
    pub lines_per_page: usize,
}

impl PageGeometry {
    pub fn measure(&self) -> units::Pt {
        self.width - self.inner - self.outer
    }

    /// Left edge of the text block: the gutter is inside, left on rectos (odd pages).
    pub fn left(&self, page_number: usize) -> units::Pt {
        if page_number % 2 == 1 {
            self.inner
        } else {
            self.outer
        }
    }

    /// Baseline of grid line `line` (0-based) from the top of the page.
    pub fn baseline(&self, line: usize) -> units::Pt {
        self.top + self.font_size + line as f32 * self.leading
    }

    /// Where running heads sit: two leadings above the first baseline.
    pub fn head_baseline(&self) -> units::Pt {
        self.baseline(0) - 2.0 * self.leading
    }

    /// Where folios sit: two leadings below the last baseline.
    pub fn folio_baseline(&self) -> units::Pt {
        self.baseline(self.lines_per_page - 1) + 2.0 * self.leading
    }
}

/// How the text is set, as the stages need it: what `[output.pdf]` says besides
/// the page and the type size (which `PageGeometry` carries).
#[derive(Debug, Clone, PartialEq)]
pub struct Typesetting {
    /// Justified text, or ragged right.
    pub justify: bool,
    pub hyphenate: bool,
    pub widow_orphan_control: bool,
    /// The cover on the first page, and a blank inside cover after it.
    pub cover: bool,
    /// The output whose front and back matter is set (`only = "pdf"` items).
    pub output: &'static str,
}

/// Page margins; inner is the gutter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub top: Length,
    pub bottom: Length,
    pub inner: Length,
    pub outer: Length,
}

impl Default for Margins {
    fn default() -> Self {
        Margins {
            top: Length::inches(0.75),
            bottom: Length::inches(0.85),
            inner: Length::inches(0.8),
            outer: Length::inches(0.6),
        }
    }
}

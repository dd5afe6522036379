//! The wrap's panels (back, spine, front, each with the bleed around them) and its
//! text set by the PDF engine's inline stage: the back text above the barcode box,
//! the title and authors on a front without an image, and the spine's line, set
//! level on a page of its own that the writer turns onto the spine.

use crate::fonts::FontStyle;
use crate::model::{Block, Book};
use crate::render::pdf::flow::{blank_page, place_line, ComposedPage};
use crate::render::pdf::inline::{
    centred, display_lines, set_paragraph, Align, MissingGlyph, ParagraphStyle, SetLine, Shaper,
};
use crate::units::Pt;

use super::settings::BLEED;

/// Text keeps this far inside the trim (KDP asks for 0.125 in; more looks better).
const MARGIN: Pt = Pt(36.0);
/// The barcode box: 2 × 1.2 in, 0.25 in from the spine and the bottom trim (where
/// KDP prints its barcode on the back cover).
pub const BARCODE: (Pt, Pt) = (Pt(144.0), Pt(86.4));
const BARCODE_INSET: Pt = Pt(18.0);
/// Spine text keeps 0.0625 in from each fold (KDP).
const SPINE_INSET: Pt = Pt(4.5);

const BACK_SIZE: Pt = Pt(11.0);
const BACK_LEADING: Pt = Pt(15.0);

/// The whole cover laid flat: back, spine and front, in points, y from the top.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wrap {
    pub trim: (Pt, Pt),
    pub spine: Pt,
}

impl Wrap {
    /// The page: two covers and the spine, with the bleed on every side.
    pub fn size(&self) -> (Pt, Pt) {
        (
            self.trim.0 * 2.0 + self.spine + BLEED * 2.0,
            self.trim.1 + BLEED * 2.0,
        )
    }

    pub fn spine_left(&self) -> Pt {
        BLEED + self.trim.0
    }

    pub fn front_left(&self) -> Pt {
        self.spine_left() + self.spine
    }

    /// The barcode box: left, top, width, height.
    pub fn barcode(&self) -> [Pt; 4] {
        let (width, height) = BARCODE;
        let left = self.spine_left() - BARCODE_INSET - width;
        let top = BLEED + self.trim.1 - BARCODE_INSET - height;
        [left, top, width, height]
    }
}

/// The cover's text as composed pages: the wrap's own page (back text, and the
/// title on a front without image), then the spine's line on a page of its own,
/// its baseline at the page's top-left corner, with its length and size.
pub struct Composed {
    pub pages: Vec<ComposedPage>,
    pub spine: Option<(Pt, Pt)>,
}

/// Why the cover's text cannot be set.
pub enum LayoutError {
    Glyph(MissingGlyph),
    /// The back text needs more lines than the back holds above the barcode.
    TooLong {
        lines: usize,
        fit: usize,
    },
}

impl From<MissingGlyph> for LayoutError {
    fn from(missing: MissingGlyph) -> Self {
        LayoutError::Glyph(missing)
    }
}

/// What is written on the wrap.
pub struct Words<'a> {
    pub back: &'a [Block],
    /// The spine's line, when the book is thick enough for one.
    pub spine: Option<&'a str>,
    /// Whether the front shows the title (no image).
    pub front_title: bool,
}

pub fn compose(
    book: &Book,
    shaper: &mut Shaper<'_>,
    wrap: &Wrap,
    words: &Words<'_>,
) -> Result<Composed, LayoutError> {
    let lang = &book.meta.lang;
    let mut page = blank_page();
    // The back text, from the top of the back panel down to the barcode box.
    let left = BLEED + MARGIN;
    let measure = wrap.trim.0 - MARGIN * 2.0;
    let style = ParagraphStyle {
        base: FontStyle::Regular,
        size: BACK_SIZE,
        first_indent: Pt::ZERO,
        measure,
        align: Align::Justify,
        hyphenate: true,
        language: lang,
        hanging: (0, Pt::ZERO),
    };
    let paragraphs: Vec<Vec<SetLine>> = words
        .back
        .iter()
        .filter_map(|block| match block {
            Block::Paragraph(inlines) => Some(set_paragraph(shaper, inlines, &style)),
            _ => None,
        })
        .collect::<Result<_, _>>()?;
    let bottom = wrap.barcode()[1] - BARCODE_INSET;
    let mut baseline = BLEED + MARGIN + BACK_SIZE;
    let (mut lines, mut fit) = (0, 0);
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if index > 0 {
            baseline += BACK_LEADING * 0.5;
        }
        for line in paragraph {
            lines += 1;
            if baseline <= bottom {
                fit += 1;
                place_line(&mut page.runs, line, left, baseline);
            }
            baseline += BACK_LEADING;
        }
    }
    if lines > fit {
        return Err(LayoutError::TooLong { lines, fit });
    }
    if words.front_title {
        front_title(book, shaper, wrap, &mut page)?;
    }
    let mut pages = vec![page];
    let mut spine = None;
    if let Some(text) = words.spine {
        let (line, size) = spine_line(book, shaper, wrap, text)?;
        let mut page = blank_page();
        // On the writer's page the baseline is the page's top edge turned into
        // its bottom: the turn onto the spine starts from (0, 0).
        let (_, height) = wrap.size();
        place_line(&mut page.runs, &line, Pt::ZERO, height);
        spine = Some((line.width, size));
        pages.push(page);
    }
    Ok(Composed { pages, spine })
}

/// The title, subtitle and authors centred on the front panel.
fn front_title(
    book: &Book,
    shaper: &mut Shaper<'_>,
    wrap: &Wrap,
    page: &mut ComposedPage,
) -> Result<(), MissingGlyph> {
    let meta = &book.meta;
    let lang = &meta.lang;
    let left = wrap.front_left() + MARGIN;
    let measure = wrap.trim.0 - MARGIN * 2.0;
    let mut baseline = BLEED + wrap.trim.1 * 0.3;
    let mut put = |lines: Vec<SetLine>, size: Pt, baseline: &mut Pt| {
        for line in &lines {
            place_line(&mut page.runs, line, left, *baseline);
            *baseline += size * 1.25;
        }
    };
    let title = display_lines(
        shaper,
        &meta.title,
        FontStyle::Bold,
        Pt(30.0),
        measure,
        lang,
    )?;
    put(title, Pt(30.0), &mut baseline);
    if let Some(subtitle) = &meta.subtitle {
        baseline += Pt(6.0);
        let lines = display_lines(shaper, subtitle, FontStyle::Italic, Pt(16.0), measure, lang)?;
        put(lines, Pt(16.0), &mut baseline);
    }
    if !meta.authors.is_empty() {
        let mut baseline = BLEED + wrap.trim.1 * 0.78;
        let authors = [crate::model::Inline::Text(meta.authors.join(", "))];
        let lines = centred(
            shaper,
            &authors,
            FontStyle::Regular,
            Pt(18.0),
            measure,
            lang,
        )?;
        put(lines, Pt(18.0), &mut baseline);
    }
    Ok(())
}

/// The spine's words on one line, as large as the spine's width allows (12 pt at
/// most), made smaller when they are longer than the spine.
fn spine_line(
    book: &Book,
    shaper: &mut Shaper<'_>,
    wrap: &Wrap,
    text: &str,
) -> Result<(SetLine, Pt), MissingGlyph> {
    let lang = &book.meta.lang;
    let length = wrap.trim.1 - MARGIN * 2.0;
    // Capitals and descenders take about 0.9 em across the spine.
    let mut size = Pt(12.0).min((wrap.spine - SPINE_INSET * 2.0) / 0.9);
    // Set on a wide measure so that the line is never broken, then fitted.
    let wide = Pt(100_000.0);
    let natural = |shaper: &mut Shaper<'_>, size: Pt| -> Result<SetLine, MissingGlyph> {
        let style = ParagraphStyle {
            base: FontStyle::Regular,
            size,
            first_indent: Pt::ZERO,
            measure: wide,
            align: Align::Left,
            hyphenate: false,
            language: lang,
            hanging: (0, Pt::ZERO),
        };
        let content = [crate::model::Inline::Text(text.to_string())];
        let lines = set_paragraph(shaper, &content, &style)?;
        Ok(lines.into_iter().next().unwrap_or(SetLine {
            runs: Vec::new(),
            hyphenated: false,
            notes: Vec::new(),
            ratio: 0.0,
            width: Pt::ZERO,
            links: Vec::new(),
            images: Vec::new(),
        }))
    };
    let mut line = natural(shaper, size)?;
    let width = natural_width(&line);
    if width > length {
        size = size * (length / width);
        line = natural(shaper, size)?;
    }
    line.width = natural_width(&line);
    Ok((line, size))
}

/// A ragged line's width: where its last run ends.
fn natural_width(line: &SetLine) -> Pt {
    line.runs
        .iter()
        .map(|run| run.x + run.width())
        .fold(Pt::ZERO, Pt::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panels_and_the_barcode_box_sit_where_kdp_puts_them() {
        let wrap = Wrap {
            trim: (Pt(360.0), Pt(576.0)),
            spine: Pt(20.0),
        };
        assert_eq!(wrap.size(), (Pt(758.0), Pt(594.0)));
        assert_eq!(wrap.front_left(), Pt(389.0));
        let [left, top, width, height] = wrap.barcode();
        assert_eq!(left + width, wrap.spine_left() - Pt(18.0));
        assert!((top + height - (Pt(594.0) - BLEED - Pt(18.0))).0.abs() < 1e-3);
    }
}

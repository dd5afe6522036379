//! What the page breaker knows of a story: each line's paragraph, height, footnotes
//! and the rules it brings to a page turn (`LineInfo`); the blocks, each with the
//! settings it can take (`Reflow`); the pages it returns; and the rules broken by
//! ending a page between two lines.

#[derive(Debug, Clone, PartialEq)]
pub struct LineInfo {
    /// Index of the paragraph (or heading) this line belongs to.
    pub paragraph: usize,
    pub index_in_paragraph: usize,
    pub lines_in_paragraph: usize,
    /// Line ends with a hyphen: it must not be the last line of a page.
    pub hyphenated: bool,
    /// E.g. a heading line or a scene-break ornament: never the last thing on a page.
    pub keep_with_next: bool,
    /// Grid lines it occupies (1 for text; 2–3 for a heading plus its space).
    pub height_in_lines: usize,
    /// E.g. a new story starts on a new page.
    pub forced_page_break_before: bool,
    /// Grid lines of the footnotes referenced on this line, which go at the foot
    /// of the same page (below one grid line that sets them off from the text).
    pub note_lines: usize,
    /// Grid lines drawn above this line when it opens a page: a table's header,
    /// repeated over the rows that go on.
    pub repeated_above: usize,
    /// Blank grid lines above this line, within `height_in_lines`, that a page
    /// opening with it leaves out: the space above a block quote or after one.
    pub space_above: usize,
}

impl LineInfo {
    /// A plain one-grid-line text line.
    pub fn text(paragraph: usize, index_in_paragraph: usize, lines_in_paragraph: usize) -> Self {
        LineInfo {
            paragraph,
            index_in_paragraph,
            lines_in_paragraph,
            hyphenated: false,
            keep_with_next: false,
            height_in_lines: 1,
            forced_page_break_before: false,
            note_lines: 0,
            repeated_above: 0,
            space_above: 0,
        }
    }

    /// Grid lines the line takes on its page, with its footnotes; `notes_before`
    /// tells whether the page already has footnotes (and so their separating line).
    pub fn height_with_notes(&self, notes_before: bool) -> usize {
        match self.note_lines {
            0 => self.height_in_lines,
            n => self.height_in_lines + n + usize::from(!notes_before),
        }
    }

    /// `height_with_notes` for the line that opens a page: with what is repeated
    /// above it, without the space above it.
    pub fn opening_height(&self) -> usize {
        (self.height_with_notes(false) + self.repeated_above).saturating_sub(self.space_above)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PageParams {
    pub lines_per_page: usize,
    /// At least two lines of a split paragraph at the bottom and at the top of pages.
    pub widow_orphan_control: bool,
    /// Absolute (1-based) number of the first page produced. Odd numbers are rectos;
    /// spreads are (even verso, following odd recto), so page 1 faces nothing.
    pub first_page_number: usize,
}

impl PageParams {
    pub fn new(lines_per_page: usize) -> Self {
        PageParams {
            lines_per_page,
            widow_orphan_control: true,
            first_page_number: 1,
        }
    }

    pub fn first_page_is_recto(&self) -> bool {
        self.first_page_number % 2 == 1
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub first: usize,
    /// Exclusive.
    pub end: usize,
    /// Grid lines left empty at the bottom.
    pub short_by: usize,
}

/// One way to set a block: its lines, how many more than the natural setting, and
/// what choosing it costs (0 for the natural setting).
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub change: isize,
    pub lines: Vec<LineInfo>,
    pub cost: u64,
}

/// Lines of a story grouped into blocks (paragraphs, headings), some of which can be
/// set with a line more or fewer. The page breaker chooses a setting for each.
pub trait Reflow {
    fn block_count(&self) -> usize;
    /// The block's settings, the natural one first.
    fn settings(&mut self, block: usize) -> Vec<Setting>;
    /// Sets `block` as chosen.
    fn choose(&mut self, block: usize, change: isize);
}

/// Lines that are what they are: one block with one setting.
pub struct FixedLines<'l>(pub &'l [LineInfo]);

impl Reflow for FixedLines<'_> {
    fn block_count(&self) -> usize {
        1
    }
    fn settings(&mut self, _: usize) -> Vec<Setting> {
        vec![Setting {
            change: 0,
            lines: self.0.to_vec(),
            cost: 0,
        }]
    }
    fn choose(&mut self, _: usize, _: isize) {}
}

/// Rules broken by ending a page after `last`, with `next` starting the next page.
pub fn break_violations(last: &LineInfo, next: &LineInfo, widow_orphan_control: bool) -> u64 {
    if next.forced_page_break_before {
        return 0;
    }
    let mut v = 0;
    if last.hyphenated {
        v += 1;
    }
    if last.keep_with_next {
        v += 1;
    }
    if widow_orphan_control && last.paragraph == next.paragraph {
        // Orphan: only the paragraph's first line is left at the bottom.
        if last.index_in_paragraph == 0 && last.lines_in_paragraph > 1 {
            v += 1;
        }
        // Widow: only the paragraph's last line goes to the top of the next page.
        if next.index_in_paragraph + 1 >= next.lines_in_paragraph && next.lines_in_paragraph > 1 {
            v += 1;
        }
    }
    v
}

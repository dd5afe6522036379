//! Model → XHTML: one well-formed document per story or front/back-matter page.
//! Everything from the author is escaped here, so no markup can be injected.

use crate::lang::Lang;
use crate::model::walk::{self, BlockEvent, InlineEvent};
use crate::model::{Anchor, Block, Book, ColumnAlign, Epigraph, Inline, LeadIn, Story, Table};

/// Escapes text for XML content and attribute values (see `crate::xml`).
pub use crate::xml::{escape, lang_attributes};

/// A complete XHTML document around `body` (already XHTML).
pub fn document(lang: &Lang, title: &str, body_type: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n\
<head>\n<meta charset=\"utf-8\"/>\n<title>{title}</title>\n\
<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n\
<body epub:type=\"{body_type}\">\n{body}</body>\n</html>\n",
        lang = escape(lang.as_str()),
        title = escape(title),
    )
}

/// Blocks outside a story (a dedication, a preface); `prefix` keeps ids unique.
pub fn blocks(prefix: &str, blocks: &[Block]) -> String {
    let mut out = String::new();
    BlockWriter {
        prefix,
        out: &mut out,
        after_break: true,
        lead_in: LeadIn::Plain,
        headings: Vec::new(),
    }
    .blocks(blocks);
    out
}

/// A run of inlines outside a paragraph of its own (a credit line, a book title).
pub fn inlines(prefix: &str, inlines: &[Inline]) -> String {
    let mut out = String::new();
    BlockWriter::plain(prefix, &mut out).inlines(inlines);
    out
}

/// A quotation and its source, set apart.
pub fn epigraph(prefix: &str, epigraph: &Epigraph) -> String {
    let mut out = String::from("<blockquote class=\"epigraph\">\n");
    out.push_str(&blocks(prefix, &epigraph.blocks));
    if let Some(source) = &epigraph.source {
        out.push_str("<p class=\"epigraph-source\">— ");
        BlockWriter::plain(prefix, &mut out).inlines(source);
        out.push_str("</p>\n");
    }
    out.push_str("</blockquote>\n");
    out
}

/// The body of a story: its title, blocks and footnotes.
pub fn story_body(book: &Book, story: &Story, number: usize) -> String {
    let lead_in = book.lead_in;
    let prefix = format!("s{number}");
    let mut out = format!(
        "<section epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"{prefix}-title\"",
    );
    if story.lang != book.meta.lang {
        out.push_str(&lang_attributes(&story.lang));
    }
    out.push_str(">\n<header>\n");
    out.push_str(&super::parts::chapter_line(book, number - 1));
    out.push_str(&format!(
        "<h1 id=\"{prefix}-title\">{}</h1>\n",
        escape(&story.title)
    ));
    if let Some(subtitle) = &story.subtitle {
        out.push_str(&format!("<p class=\"subtitle\">{}</p>\n", escape(subtitle)));
    }
    if let Some(author) = &story.author {
        out.push_str(&format!("<p class=\"byline\">{}</p>\n", escape(author)));
    }
    // The words Folio adds are in the book's language, marked so inside a story
    // in another.
    let book_lang = match story.lang != book.meta.lang {
        true => lang_attributes(&book.meta.lang),
        false => String::new(),
    };
    if let Some(line) = book.translator_line(story) {
        out.push_str(&format!(
            "<p class=\"translator\"{book_lang}>{}</p>\n",
            escape(&line)
        ));
    }
    out.push_str("</header>\n");
    if let Some(story_epigraph) = &story.epigraph {
        out.push_str(&format!(
            "<div epub:type=\"epigraph\" role=\"doc-epigraph\">\n{}</div>\n",
            epigraph(&format!("{prefix}-epigraph"), story_epigraph)
        ));
    }
    let mut writer = BlockWriter {
        prefix: &prefix,
        out: &mut out,
        after_break: true,
        lead_in,
        headings: Vec::new(),
    };
    writer.blocks(&story.blocks);
    if !story.notes.is_empty() {
        // The notes sit apart under a rule and their own heading, as in print.
        out.push_str(&format!(
            "<section class=\"footnotes\" aria-labelledby=\"{prefix}-notes-title\">\n\
             <h2 id=\"{prefix}-notes-title\"{book_lang}>{}</h2>\n",
            escape(book.labels().notes)
        ));
    }
    for (index, note) in story.notes.iter().enumerate() {
        let n = index + 1;
        out.push_str(&format!(
            "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"{prefix}-note-{n}\">\n"
        ));
        let mut note_out = String::new();
        BlockWriter {
            prefix: &prefix,
            out: &mut note_out,
            after_break: true,
            lead_in: LeadIn::Plain,
            headings: Vec::new(),
        }
        .blocks(&note.blocks);
        // The back link leads the note's first paragraph, like a printed note number.
        let back = format!(
            "<a href=\"#{prefix}-ref-{n}\" role=\"doc-backlink\" title=\"{}\"{book_lang}>{n}.</a> ",
            escape(book.labels().back_to_text)
        );
        match note_out.find("<p") {
            Some(at) => {
                let close = at + note_out[at..].find('>').unwrap_or(0) + 1;
                note_out.insert_str(close, &back);
            }
            None => note_out.insert_str(0, &format!("<p>{back}</p>\n")),
        }
        out.push_str(&note_out);
        out.push_str("</aside>\n");
    }
    if !story.notes.is_empty() {
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
    out
}

struct BlockWriter<'a> {
    prefix: &'a str,
    out: &'a mut String,
    /// The next paragraph follows a heading or scene break: set without indent.
    after_break: bool,
    /// The lead-in still to give to the first paragraph.
    lead_in: LeadIn,
    /// The headings open above the next one, as (level in the source, level
    /// written), so that levels never skip (see `heading_level`).
    headings: Vec<(u8, u8)>,
}

impl<'a> BlockWriter<'a> {
    /// A writer for text outside a story's flow: no lead-in, no open headings.
    fn plain(prefix: &'a str, out: &'a mut String) -> Self {
        BlockWriter {
            prefix,
            out,
            after_break: false,
            lead_in: LeadIn::Plain,
            headings: Vec::new(),
        }
    }

    /// Writes `blocks` in one walk: containers open on `Enter` and close on `Leave`.
    fn blocks(&mut self, blocks: &[Block]) {
        for event in walk::block_events(blocks) {
            match event {
                BlockEvent::Enter(block) => self.enter(block),
                BlockEvent::Item(_) => {
                    self.out.push_str("<li>");
                    self.after_break = true;
                }
                BlockEvent::ItemEnd => self.out.push_str("</li>\n"),
                BlockEvent::Leave(Block::BlockQuote(_)) => {
                    self.out.push_str("</blockquote>\n");
                    self.after_break = true;
                }
                BlockEvent::Leave(Block::List { ordered, .. }) => {
                    let tag = if *ordered { "ol" } else { "ul" };
                    self.out.push_str(&format!("</{tag}>\n"));
                    self.after_break = true;
                }
                BlockEvent::Leave(_) => {}
            }
        }
    }

    /// A block, or the opening of a container (its content and end come as their
    /// own events).
    fn enter(&mut self, block: &Block) {
        match block {
            Block::Paragraph(content) => {
                let class = if self.after_break {
                    " class=\"first\""
                } else {
                    ""
                };
                self.out.push_str(&format!("<p{class}>"));
                let lead_in = std::mem::take(&mut self.lead_in);
                match (lead_in, content.split_first()) {
                    (LeadIn::Plain, _) | (_, None) => self.inlines(content),
                    (_, Some((Inline::Text(text), rest))) => {
                        self.out.push_str(&lead_in_html(text, lead_in));
                        self.inlines(rest);
                    }
                    // A paragraph that opens with emphasis or a link keeps it.
                    _ => self.inlines(content),
                }
                self.out.push_str("</p>\n");
                self.after_break = false;
            }
            Block::Heading { level, id, content } => {
                let level = self.heading_level(*level);
                match id {
                    Some(id) => self.out.push_str(&format!(
                        "<h{level} id=\"{}\">",
                        escape(&heading_anchor(self.prefix, id))
                    )),
                    None => self.out.push_str(&format!("<h{level}>")),
                }
                self.inlines(content);
                self.out.push_str(&format!("</h{level}>\n"));
                self.after_break = true;
            }
            Block::BlockQuote(_) => {
                self.out.push_str("<blockquote>\n");
                self.after_break = true;
            }
            Block::List { ordered, start, .. } => {
                if *ordered && *start != 1 {
                    self.out.push_str(&format!("<ol start=\"{start}\">\n"));
                } else {
                    let tag = if *ordered { "ol" } else { "ul" };
                    self.out.push_str(&format!("<{tag}>\n"));
                }
            }
            Block::Verse(lines) => {
                // Each line is a span (a hanging indent when it wraps), stanzas are
                // paragraphs; the <br/> keeps the lines apart without CSS.
                self.out.push_str("<div class=\"verse\">\n");
                for stanza in lines.split(|line| line.is_empty()) {
                    if stanza.is_empty() {
                        continue;
                    }
                    self.out.push_str("<p class=\"stanza\">");
                    for (k, line) in stanza.iter().enumerate() {
                        if k > 0 {
                            self.out.push_str("<br/>");
                        }
                        self.out.push_str("<span class=\"line\">");
                        self.inlines(line);
                        self.out.push_str("</span>");
                    }
                    self.out.push_str("</p>\n");
                }
                self.out.push_str("</div>\n");
                self.after_break = true;
            }
            Block::Table(table) => {
                self.table(table);
                self.after_break = true;
            }
            Block::Figure(figure) => {
                super::images::figure_open(self.out, &figure.image);
                if !figure.caption.is_empty() {
                    self.out.push_str("<figcaption>");
                    self.inlines(&figure.caption);
                    self.out.push_str("</figcaption>\n");
                }
                self.out.push_str("</figure>\n");
                self.after_break = true;
            }
            Block::SceneBreak => {
                // An <hr> is announced as a separator by assistive technology; the
                // ornament itself is drawn by the stylesheet.
                self.out.push_str("<hr class=\"scene-break\"/>\n");
                self.after_break = true;
            }
            // Unwrapped or dropped before rendering (`Book::for_output`).
            Block::Only { .. } => {}
        }
    }

    /// A table: its caption, the header row in `<thead>`, the others in `<tbody>`,
    /// each column aligned as its colons say.
    fn table(&mut self, table: &Table) {
        self.out.push_str("<table>\n");
        if !table.caption().is_empty() {
            self.out.push_str("<caption>");
            self.inlines(table.caption());
            self.out.push_str("</caption>\n");
        }
        for (k, row) in table.rows().enumerate() {
            let (cell, scope) = if k == 0 {
                self.out.push_str("<thead>\n");
                ("th", " scope=\"col\"")
            } else {
                if k == 1 {
                    self.out.push_str("<tbody>\n");
                }
                ("td", "")
            };
            self.out.push_str("<tr>");
            for (content, align) in row.iter().zip(&table.columns) {
                let class = match align {
                    ColumnAlign::Default => "",
                    ColumnAlign::Left => " class=\"align-left\"",
                    ColumnAlign::Center => " class=\"align-center\"",
                    ColumnAlign::Right => " class=\"align-right\"",
                };
                self.out.push_str(&format!("<{cell}{scope}{class}>"));
                self.inlines(content);
                self.out.push_str(&format!("</{cell}>"));
            }
            self.out.push_str("</tr>\n");
            if k == 0 {
                self.out.push_str("</thead>\n");
            }
        }
        if table.rows().count() > 1 {
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table>\n");
    }

    /// The `<h2>`–`<h6>` for a heading of `level` in the source: one below the
    /// heading it falls under (the page's `<h1>` for the first), so that the
    /// outline never skips a level (`## A` then `#### B` is h2 then h3), as
    /// assistive technology expects; deeper than h6 stays h6.
    fn heading_level(&mut self, level: u8) -> u8 {
        while self
            .headings
            .last()
            .is_some_and(|&(source, _)| source >= level)
        {
            self.headings.pop();
        }
        let written = self
            .headings
            .last()
            .map_or(2, |&(_, written)| written + 1)
            .min(6);
        self.headings.push((level, written));
        written
    }

    /// Writes a run of inlines in one walk: elements open on `Enter` and close on
    /// `Leave`.
    fn inlines(&mut self, inlines: &[Inline]) {
        for event in walk::inline_events(inlines) {
            match event {
                InlineEvent::Enter(inline) => match inline {
                    Inline::Text(text) => self.out.push_str(&escape(text)),
                    Inline::Emphasis(_) => self.out.push_str("<em>"),
                    Inline::Strong(_) => self.out.push_str("<strong>"),
                    Inline::SmallCaps(_) => self.out.push_str("<span class=\"smallcaps\">"),
                    Inline::Lang { lang, .. } => self
                        .out
                        .push_str(&format!("<span{}>", lang_attributes(lang))),
                    Inline::Link { url, .. } => self
                        .out
                        .push_str(&format!("<a href=\"{}\">", escape(&safe_url(url)))),
                    Inline::CrossRef { to, .. } => self
                        .out
                        .push_str(&format!("<a href=\"{}\">", escape(&cross_ref_href(to)))),
                    Inline::LineBreak => self.out.push_str("<br/>"),
                    Inline::Image(image) => super::images::inline_img(self.out, image),
                    Inline::NoteRef(index) => {
                        let n = index + 1;
                        let prefix = self.prefix;
                        self.out.push_str(&format!(
                            "<a class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\" id=\"{prefix}-ref-{n}\" href=\"#{prefix}-note-{n}\">{n}</a>"
                        ));
                    }
                },
                InlineEvent::Leave(inline) => self.out.push_str(match inline {
                    Inline::Emphasis(_) => "</em>",
                    Inline::Strong(_) => "</strong>",
                    Inline::SmallCaps(_) | Inline::Lang { .. } => "</span>",
                    Inline::Link { .. } | Inline::CrossRef { .. } => "</a>",
                    Inline::Text(_) | Inline::LineBreak | Inline::NoteRef(_) | Inline::Image(_) => {
                        ""
                    }
                }),
            }
        }
    }
}

/// The opening of a story's first paragraph: its first words (see `LeadIn::length`)
/// in small capitals, the initial dropped for a drop
/// cap. Opening quotes and the spaces after them stay with the initial.
fn lead_in_html(text: &str, lead_in: LeadIn) -> String {
    let end = LeadIn::length(text);
    let (lead, rest) = text.split_at(end);
    let mut out = String::new();
    let lead = match lead_in {
        LeadIn::DropCap => {
            let initial_end = lead
                .char_indices()
                .find(|(_, c)| c.is_alphanumeric())
                .map_or(0, |(at, c)| at + c.len_utf8());
            let (initial, after) = lead.split_at(initial_end);
            out.push_str(&format!(
                "<span class=\"drop-cap\">{}</span>",
                escape(initial)
            ));
            after
        }
        _ => lead,
    };
    if !lead.is_empty() {
        out.push_str(&format!("<span class=\"lead-in\">{}</span>", escape(lead)));
    }
    out.push_str(&escape(rest));
    out
}

/// The XHTML id of a heading with `id` in the story or page whose ids start with
/// `prefix`: apart from the ids Folio gives titles and notes, and a valid XML id
/// whatever the author's id starts with.
fn heading_anchor(prefix: &str, id: &str) -> String {
    format!("{prefix}-h-{id}")
}

/// Where a cross-reference leads in the EPUB: the story's file, at the heading or
/// the story's title.
fn cross_ref_href(to: &Anchor) -> String {
    let prefix = format!("s{}", to.story.0 + 1);
    let file = super::story_file(to.story.0);
    match &to.heading {
        Some(id) => format!("{file}#{}", heading_anchor(&prefix, id)),
        None => format!("{file}#{prefix}-title"),
    }
}

/// Links to the web or mail are kept; anything else (a `javascript:` URL, a path into
/// the author's disk) would be broken or unsafe in an ebook, so it points nowhere.
fn safe_url(url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    if ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        url.trim().replace(' ', "%20")
    } else {
        "#".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    fn para(content: Vec<Inline>) -> Block {
        Block::Paragraph(content)
    }

    #[test]
    fn containers_become_nested_elements_in_reading_order() {
        let written = blocks(
            "p",
            &[
                Block::BlockQuote(vec![para(vec![text("a")])]),
                Block::List {
                    ordered: true,
                    start: 3,
                    items: vec![
                        vec![para(vec![text("b")])],
                        vec![para(vec![
                            Inline::Emphasis(vec![text("c")]),
                            text(" & "),
                            Inline::Link {
                                url: "https://x.org".into(),
                                content: vec![Inline::SmallCaps(vec![text("d")])],
                            },
                            Inline::NoteRef(0),
                        ])],
                    ],
                },
                para(vec![text("e")]),
            ],
        );
        assert_eq!(
            written,
            "<blockquote>\n<p class=\"first\">a</p>\n</blockquote>\n\
             <ol start=\"3\">\n<li><p class=\"first\">b</p>\n</li>\n\
             <li><p class=\"first\"><em>c</em> &amp; <a href=\"https://x.org\"><span class=\"smallcaps\">d</span></a>\
             <a class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\" id=\"p-ref-1\" href=\"#p-note-1\">1</a></p>\n</li>\n\
             </ol>\n<p class=\"first\">e</p>\n"
        );
    }

    #[test]
    fn heading_levels_never_skip_below_the_page_title() {
        let heading = |level| Block::Heading {
            id: None,
            level,
            content: vec![text("h")],
        };
        let written = blocks("p", &[2, 4, 3, 5, 1, 3].map(heading));
        let levels: Vec<&str> = written.lines().map(|l| &l[..4]).collect();
        assert_eq!(levels, ["<h2>", "<h3>", "<h3>", "<h4>", "<h2>", "<h3>"]);
    }

    #[test]
    fn deep_nesting_is_written_without_recursion() {
        let mut inlines = vec![text("deep")];
        for _ in 0..100_000 {
            inlines = vec![Inline::Strong(inlines)];
        }
        let mut tree = vec![para(inlines)];
        for _ in 0..100_000 {
            tree = vec![Block::BlockQuote(tree)];
        }
        let written = blocks("p", &tree);
        assert_eq!(written.matches("<blockquote>").count(), 100_000);
        assert_eq!(written.matches("</strong>").count(), 100_000);
        assert!(written.contains("<strong>deep</strong>"));
        // Taken apart by hand: dropping the tree would recurse in the drop glue.
        let mut inlines = Vec::new();
        while let Some(block) = tree.pop() {
            match block {
                Block::BlockQuote(inner) => tree = inner,
                Block::Paragraph(content) => inlines = content,
                _ => unreachable!(),
            }
        }
        while let Some(Inline::Strong(inner)) = inlines.pop() {
            inlines = inner;
        }
    }

    #[test]
    fn notes_sit_in_their_own_section_under_a_heading() {
        let lang = Lang::parse("en").unwrap();
        let story = Story {
            id: crate::model::StoryId(0),
            title: "T".into(),
            subtitle: None,
            author: None,
            translator: None,
            epigraph: None,
            first_published: None,
            lang: lang.clone(),
            blocks: vec![para(vec![text("a"), Inline::NoteRef(0)])],
            notes: vec![crate::model::Note {
                label: "n".into(),
                blocks: vec![para(vec![text("n")])],
            }],
        };
        let book = Book {
            meta: crate::model::Metadata {
                lang,
                ..Default::default()
            },
            stories: vec![story.clone()],
            lead_in: LeadIn::Plain,
            ..Default::default()
        };
        let body = story_body(&book, &story, 1);
        let notes = body.find("<section class=\"footnotes\"").expect(&body);
        assert!(body[notes..].starts_with(
            "<section class=\"footnotes\" aria-labelledby=\"s1-notes-title\">\n<h2 id=\"s1-notes-title\">Notes</h2>\n<aside epub:type=\"footnote\""
        ), "{body}");
        assert!(
            body.ends_with("</aside>\n</section>\n</section>\n"),
            "{body}"
        );
        assert!(
            body.contains("title=\"Back to text\">1.</a> n</p>"),
            "{body}"
        );
        let plain = Story {
            notes: Vec::new(),
            ..story
        };
        assert!(!story_body(&book, &plain, 1).contains("footnotes"));
    }
}

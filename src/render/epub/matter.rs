//! The EPUB's front and back matter pages, the cover page and the contents page, as
//! XHTML bodies; `mod.rs` names their files and puts them in the spine.

use super::xhtml;
use super::EpubOptions;
use crate::model::{Book, Matter, MatterKind, SectionRole};
use crate::render::RenderContext;
use crate::xml::escape;

pub(super) fn title_page(book: &Book) -> String {
    let meta = &book.meta;
    let mut out = String::from("<section epub:type=\"titlepage\" class=\"titlepage\">\n");
    out.push_str(&format!(
        "<h1 class=\"title\">{}</h1>\n",
        escape(&meta.title)
    ));
    if let Some(subtitle) = &meta.subtitle {
        out.push_str(&format!("<p class=\"subtitle\">{}</p>\n", escape(subtitle)));
    }
    for author in &meta.authors {
        out.push_str(&format!("<p class=\"author\">{}</p>\n", escape(author)));
    }
    if let Some(publisher) = meta.title_page_publisher() {
        out.push_str(&format!(
            "<p class=\"publisher\">{}</p>\n",
            escape(publisher)
        ));
    }
    out.push_str("</section>\n");
    out
}

/// One front or back matter item as an XHTML document: its file stem, its title
/// (in the nav when it has one), its landmark term and its body.
pub(super) struct MatterPage {
    pub stem: &'static str,
    pub title: String,
    /// Shown in the nav's contents list.
    pub listed: bool,
    pub landmark: Option<&'static str>,
    pub body: String,
}

pub(super) fn matter_page(
    ctx: &RenderContext<'_>,
    options: &EpubOptions,
    matter: &Matter,
) -> MatterPage {
    let book = ctx.book;
    let labels = book.labels();
    let page = |stem, title: &str, listed, landmark, body| MatterPage {
        stem,
        title: title.to_string(),
        listed,
        landmark,
        body,
    };
    match &matter.kind {
        MatterKind::HalfTitle => page(
            "halftitle",
            labels.half_title,
            false,
            Some("halftitlepage"),
            format!(
                "<section epub:type=\"halftitlepage\" aria-label=\"{}\" class=\"halftitle\">\n<p class=\"title\">{}</p>\n</section>\n",
                escape(labels.half_title),
                escape(&book.meta.title)
            ),
        ),
        MatterKind::TitlePage => page(
            "titlepage",
            labels.title_page,
            true,
            Some("titlepage"),
            title_page(book),
        ),
        MatterKind::Copyright => {
            let mut body = format!(
                "<section epub:type=\"copyright-page\" aria-label=\"{}\" class=\"copyright\">\n",
                escape(labels.copyright)
            );
            for line in book.copyright_lines() {
                body.push_str(&format!("<p>{}</p>\n", xhtml::inlines("copyright", &line)));
            }
            body.push_str("</section>\n");
            page("copyright", labels.copyright, false, Some("copyright-page"), body)
        }
        MatterKind::Dedication(blocks) => page(
            "dedication",
            labels.dedication,
            false,
            Some("dedication"),
            format!(
                "<section epub:type=\"dedication\" role=\"doc-dedication\" aria-label=\"{}\" class=\"dedication\">\n{}</section>\n",
                escape(labels.dedication),
                xhtml::blocks("dedication", blocks)
            ),
        ),
        MatterKind::Epigraph(epigraph) => page(
            "epigraph",
            labels.epigraph,
            false,
            Some("epigraph"),
            format!(
                "<section epub:type=\"epigraph\" role=\"doc-epigraph\" aria-label=\"{}\" class=\"epigraph\">\n{}</section>\n",
                escape(labels.epigraph),
                xhtml::epigraph("epigraph", epigraph)
            ),
        ),
        // The body is written once every page has its file name (see `render`).
        MatterKind::Contents => page("contents", labels.contents, true, Some("toc"), String::new()),
        MatterKind::Section {
            role,
            title,
            blocks,
        } => {
            let stem = section_stem(*role);
            let semantics = role.semantics().map_or(String::new(), |term| {
                format!(" epub:type=\"{term}\" role=\"doc-{term}\"")
            });
            let mut body = format!(
                "<section{semantics} aria-labelledby=\"{stem}-title\" class=\"{stem}\">\n<h1 id=\"{stem}-title\">{}</h1>\n{}",
                escape(title),
                xhtml::blocks(stem, blocks)
            );
            if *role == SectionRole::Acknowledgments && !book.has_copyright_page(super::NAME) {
                for credit in book.publication_credits() {
                    body.push_str(&format!(
                        "<p class=\"credit\">{}</p>\n",
                        xhtml::inlines(stem, &credit)
                    ));
                }
            }
            body.push_str("</section>\n");
            page(stem, title, true, role.semantics(), body)
        }
        MatterKind::AlsoBy { title, titles } => {
            let mut body = format!(
                "<section aria-labelledby=\"also-by-title\" class=\"also-by\">\n<h1 id=\"also-by-title\">{}</h1>\n<ul>\n",
                escape(title)
            );
            for book_title in titles {
                body.push_str(&format!(
                    "<li><cite>{}</cite></li>\n",
                    xhtml::inlines("also-by", book_title)
                ));
            }
            body.push_str("</ul>\n</section>\n");
            page("also-by", title, true, None, body)
        }
        MatterKind::Colophon => page(
            "colophon",
            labels.colophon,
            true,
            Some("colophon"),
            colophon(ctx, options),
        ),
    }
}

pub(super) fn section_stem(role: SectionRole) -> &'static str {
    match role {
        SectionRole::Foreword => "foreword",
        SectionRole::Preface => "preface",
        SectionRole::Introduction => "introduction",
        SectionRole::Afterword => "afterword",
        SectionRole::Acknowledgments => "acknowledgments",
        SectionRole::AboutAuthor => "about-the-author",
    }
}

/// File names for matter pages: the kind's stem, numbered when a kind repeats.
#[derive(Default)]
pub(super) struct FileNames {
    used: std::collections::HashMap<&'static str, usize>,
}

impl FileNames {
    pub(super) fn name(&mut self, stem: &'static str) -> String {
        let count = self.used.entry(stem).or_insert(0);
        *count += 1;
        match *count {
            1 => format!("{stem}.xhtml"),
            n => format!("{stem}-{n}.xhtml"),
        }
    }
}

/// The cover page: the image alone, with the title as its text alternative.
pub(super) fn cover_page(book: &Book, image: &str) -> String {
    let mut alt = format!("{}: {}", book.labels().cover, book.meta.title);
    if !book.meta.authors.is_empty() {
        alt.push_str(&format!(" — {}", book.meta.authors.join(", ")));
    }
    format!(
        "<section epub:type=\"cover\" class=\"cover\">\n<img src=\"{}\" alt=\"{}\" role=\"doc-cover\"/>\n</section>\n",
        escape(image),
        escape(&alt)
    )
}

/// A line of the contents page: a link, and the story's author and translator.
pub(super) struct ContentsEntry {
    href: String,
    title: String,
    pub bylines: Vec<String>,
    /// The lines under this one: a part's stories.
    pub children: Vec<ContentsEntry>,
}

impl ContentsEntry {
    pub(super) fn new(href: &str, title: &str) -> ContentsEntry {
        ContentsEntry {
            href: href.to_string(),
            title: title.to_string(),
            bylines: Vec::new(),
            children: Vec::new(),
        }
    }
}

/// Titled prose and the also-by list get a contents line, as in the PDF.
pub(super) fn listed_in_contents(kind: &MatterKind) -> bool {
    matches!(kind, MatterKind::Section { .. } | MatterKind::AlsoBy { .. })
}

pub(super) fn contents_page(heading: &str, entries: &[ContentsEntry]) -> String {
    let mut out = format!(
        "<nav epub:type=\"toc\" role=\"doc-toc\" aria-labelledby=\"contents-title\" class=\"contents\">\n\
         <h1 id=\"contents-title\">{}</h1>\n<ol>\n",
        escape(heading)
    );
    let line = |entry: &ContentsEntry, out: &mut String| {
        out.push_str(&format!(
            "<li><a href=\"{}\">{}</a>",
            escape(&entry.href),
            escape(&entry.title)
        ));
        for line in &entry.bylines {
            out.push_str(&format!(
                "<br/><span class=\"toc-author\">{}</span>",
                escape(line)
            ));
        }
    };
    // Two levels at most (a part and its stories): a loop, not recursion.
    for entry in entries {
        line(entry, &mut out);
        if !entry.children.is_empty() {
            out.push_str("\n<ol>\n");
            for child in &entry.children {
                line(child, &mut out);
                out.push_str("</li>\n");
            }
            out.push_str("</ol>\n");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</nav>\n");
    out
}

/// The fonts used and the tool; without embedded fonts the reader's font is used, so
/// the family is only the one the book was designed in.
pub(super) fn colophon(ctx: &RenderContext<'_>, options: &EpubOptions) -> String {
    let labels = ctx.book.labels();
    format!(
        "<section epub:type=\"colophon\" role=\"doc-colophon\" class=\"colophon\">\n\
         <h1>{}</h1>\n<p class=\"first\">{} {}</p>\n</section>\n",
        escape(labels.colophon),
        escape(&labels.fonts(&ctx.fonts.family_name, options.embed_fonts)),
        escape(labels.made_with)
    )
}

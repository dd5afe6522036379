//! EPUB 3 renderer: the model becomes XHTML documents, a nav, an NCX and a stylesheet
//! with the book's fonts, packaged by epub-builder and then re-zipped with fixed
//! timestamps (see `package`) so that builds are reproducible.

mod package;
pub mod xhtml;

use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, ZipLibrary,
};
use rayon::prelude::*;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::fonts::{FontFace, FontStyle};
use crate::model::{Book, Format, ImageType, Matter, MatterKind, Metadata, SectionRole};
use crate::render::RenderContext;
use package::Landmark;
use xhtml::escape;

/// `[output.epub]`, owned by this renderer.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct EpubOptions {
    /// Embed the book's fonts (on by default; readers may still let users override).
    pub embed_fonts: bool,
    /// Font family from `fonts/`; defaults to the only family there.
    pub font: Option<String>,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            embed_fonts: true,
            font: None,
        }
    }
}

fn render_error(message: impl std::fmt::Display) -> Error {
    Error::Render {
        format: "EPUB",
        message: message.to_string(),
    }
}

/// Renders the whole EPUB into memory.
pub fn render(ctx: &RenderContext<'_>, options: &EpubOptions) -> Result<Vec<u8>> {
    std::thread::scope(|scope| render_in(scope, ctx, options))
}

/// `render`, with a scope to compress the fonts in beside the rest.
fn render_in<'scope, 'env: 'scope>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    ctx: &'env RenderContext<'env>,
    options: &EpubOptions,
) -> Result<Vec<u8>> {
    let book = ctx.book;
    let meta = &book.meta;
    let zip = ZipLibrary::new().map_err(render_error)?;
    let mut epub = EpubBuilder::new(zip).map_err(render_error)?;
    epub.epub_version(EpubVersion::V33);
    epub.set_title(meta.title.as_str());
    epub.set_lang(meta.language.as_str());
    epub.set_authors(meta.authors.clone());
    epub.set_generator("Folio");
    let labels = book.labels();
    epub.set_toc_name(labels.contents);
    if let Some(description) = &meta.description {
        epub.add_description(description.as_str());
    }
    epub.set_subjects(meta.subjects.clone());
    if let Some(rights) = &meta.rights {
        epub.set_license(rights.as_str());
    }
    let modified = chrono::DateTime::from_timestamp(meta.modified_unix, 0)
        .ok_or_else(|| render_error("the modification time is out of range"))?;
    epub.set_modified_date(modified);
    if let Some(date) = meta.date.as_deref().and_then(parse_date) {
        epub.set_publication_date(date);
    }
    let uuid_text = meta.identifier.strip_prefix("urn:uuid:").unwrap_or("");
    let uuid = uuid::Uuid::parse_str(uuid_text).unwrap_or_else(|_| {
        // A non-UUID identifier (an ISBN URN, say) is written over this one in `package`.
        uuid::Uuid::from_u128(crate::util::fnv1a_128(meta.identifier.as_bytes()))
    });
    epub.set_uuid(uuid);
    for (property, value) in accessibility_metadata(book.cover.is_some()) {
        epub.add_metadata_opf(Box::new(MetadataOpfV3::new(
            property.to_string(),
            value.to_string(),
        )));
    }
    epub.stylesheet(stylesheet(ctx, options).as_bytes())
        .map_err(render_error)?;
    // Fonts go in empty: `package::repack` puts them in, compressed in parallel,
    // instead of epub-builder compressing them one by one (most of the EPUB's time).
    let mut fonts: Vec<(String, &[u8])> = Vec::new();
    if options.embed_fonts {
        for face in embedded_faces(ctx) {
            let path = format!("fonts/{}", face.file_name());
            epub.add_resource(&path, &[][..], font_media_type(face.is_opentype_cff()))
                .map_err(render_error)?;
            fonts.push((format!("OEBPS/{path}"), face.data.as_slice()));
        }
    }
    // The fonts are most of the work (compressing a megabyte or two): begun now,
    // beside the rest.
    let fonts_job = scope.spawn(move || {
        let fill: Vec<package::Fill<'_>> = fonts
            .iter()
            .map(|(name, data)| package::Fill::font(name, data))
            .collect();
        package::archive_all(&fill)
    });

    let mut landmarks = Vec::new();
    let mut files = FileNames::default();
    if let Some(cover) = &book.cover {
        let image = format!("images/cover.{}", cover_extension(cover.media_type));
        epub.add_cover_image(&image, cover.data.as_slice(), cover.media_type.mime())
            .map_err(render_error)?;
        let body = cover_page(book, &image);
        let doc = xhtml::document(&meta.language, labels.cover, "cover", &body);
        epub.add_content(
            EpubContent::new("cover.xhtml", doc.as_bytes()).reftype(ReferenceType::Cover),
        )
        .map_err(render_error)?;
        landmarks.push(Landmark::new("cover", "cover.xhtml", labels.cover));
    }
    // Every page is named first, so that the contents can link to the prose of the
    // front and back matter as well as to the stories.
    let front: Vec<(&Matter, MatterPage)> = book
        .front
        .iter()
        .filter(|m| m.is_in(Format::Epub))
        .map(|m| (m, matter_page(ctx, options, m)))
        .collect();
    let back: Vec<(&Matter, MatterPage)> = book
        .back
        .iter()
        .filter(|m| m.is_in(Format::Epub))
        .map(|m| (m, matter_page(ctx, options, m)))
        .collect();
    let front_files: Vec<String> = front.iter().map(|(_, p)| files.name(p.stem)).collect();
    let back_files: Vec<String> = back.iter().map(|(_, p)| files.name(p.stem)).collect();
    let mut entries = Vec::new();
    let contents_at = front
        .iter()
        .position(|(m, _)| m.kind == MatterKind::Contents);
    if let Some(at) = contents_at {
        for ((matter, page), file) in front.iter().zip(&front_files).skip(at + 1) {
            if listed_in_contents(&matter.kind) {
                entries.push(ContentsEntry::new(file, &page.title));
            }
        }
    }
    for (index, story) in book.stories.iter().enumerate() {
        let mut entry = ContentsEntry::new(&story_file(index), &story.title);
        entry.bylines = [story.author.clone(), book.translator_line(story)]
            .into_iter()
            .flatten()
            .collect();
        entries.push(entry);
    }
    for ((matter, page), file) in back.iter().zip(&back_files) {
        if listed_in_contents(&matter.kind) {
            entries.push(ContentsEntry::new(file, &page.title));
        }
    }
    let contents = contents_page(labels.contents, &entries);
    for ((matter, mut page), file) in front.into_iter().zip(front_files) {
        if matter.kind == MatterKind::Contents {
            page.body = contents.clone();
        }
        add_matter(&mut epub, &mut landmarks, meta, page, file, "frontmatter")?;
    }
    // Stories go in empty too: written and compressed in parallel by `repack`.
    let story_docs: Vec<(String, String)> = book
        .stories
        .par_iter()
        .enumerate()
        .map(|(index, story)| {
            let body = xhtml::story_body(book, story, index + 1);
            let doc = xhtml::document(&meta.language, &story.title, "bodymatter", &body);
            (format!("OEBPS/{}", story_file(index)), doc)
        })
        .collect();
    for (index, story) in book.stories.iter().enumerate() {
        let mut content = EpubContent::new(story_file(index), &[][..]).title(story.title.as_str());
        if index == 0 {
            // The "bodymatter" landmark: where reading starts.
            content = content.reftype(ReferenceType::Text);
            landmarks.push(Landmark::new(
                "bodymatter",
                &story_file(index),
                &story.title,
            ));
        }
        epub.add_content(content).map_err(render_error)?;
    }
    for ((_, page), file) in back.into_iter().zip(back_files) {
        add_matter(&mut epub, &mut landmarks, meta, page, file, "backmatter")?;
    }

    let mut raw = Vec::new();
    epub.generate(&mut raw).map_err(render_error)?;
    let extras = package::Extras {
        landmarks,
        contributors: contributors(book),
    };
    let texts: Vec<package::Fill<'_>> = story_docs
        .iter()
        .map(|(name, doc)| package::Fill::text(name, doc.as_bytes()))
        .collect();
    let mut filled = package::archive_all(&texts);
    let fonts = fonts_job
        .join()
        .map_err(|_| render_error("compressing the fonts stopped unexpectedly"))?;
    filled.extend(fonts);
    package::repack(&raw, meta, &extras, &filled).map_err(render_error)
}

fn story_file(index: usize) -> String {
    format!("story-{:03}.xhtml", index + 1)
}

fn parse_date(date: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let mut parts = date.split('-').map(|p| p.parse::<u32>().ok());
    let year = parts.next()??;
    let month = parts.next().unwrap_or(Some(1))?;
    let day = parts.next().unwrap_or(Some(1))?;
    let date = chrono::NaiveDate::from_ymd_opt(year as i32, month, day)?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

fn font_media_type(is_cff: bool) -> &'static str {
    if is_cff {
        "font/otf"
    } else {
        "font/ttf"
    }
}

/// Schema.org accessibility metadata. A cover adds a visual access mode; its text
/// alternative keeps the book sufficient as text.
fn accessibility_metadata(has_cover: bool) -> Vec<(&'static str, &'static str)> {
    let mut metadata = vec![("schema:accessMode", "textual")];
    if has_cover {
        metadata.push(("schema:accessMode", "visual"));
        metadata.push(("schema:accessibilityFeature", "alternativeText"));
    }
    metadata.extend([
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityHazard", "none"),
        (
            "schema:accessibilitySummary",
            if has_cover {
                "A book of prose in reading order, with a table of contents and headings \
                 for each story; its only image is the cover, described in text."
            } else {
                "A text-only book of prose in reading order, with a table of contents, \
                 headings for each story and no images, sound or motion."
            },
        ),
    ]);
    metadata
}

fn title_page(book: &Book) -> String {
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
    if let Some(publisher) = &meta.publisher {
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
struct MatterPage {
    stem: &'static str,
    title: String,
    /// Shown in the nav's contents list.
    listed: bool,
    landmark: Option<&'static str>,
    body: String,
}

fn matter_page(ctx: &RenderContext<'_>, options: &EpubOptions, matter: &Matter) -> MatterPage {
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
                body.push_str(&format!("<p>{}</p>\n", escape(&line)));
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
            if *role == SectionRole::Acknowledgments && !book.has_copyright_page(Format::Epub) {
                for credit in book.publication_credits() {
                    body.push_str(&format!("<p class=\"credit\">{}</p>\n", escape(&credit)));
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
                body.push_str(&format!("<li><cite>{}</cite></li>\n", escape(book_title)));
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

fn section_stem(role: SectionRole) -> &'static str {
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
struct FileNames {
    used: std::collections::HashMap<&'static str, usize>,
}

impl FileNames {
    fn name(&mut self, stem: &'static str) -> String {
        let count = self.used.entry(stem).or_insert(0);
        *count += 1;
        match *count {
            1 => format!("{stem}.xhtml"),
            n => format!("{stem}-{n}.xhtml"),
        }
    }
}

fn add_matter(
    epub: &mut EpubBuilder<ZipLibrary>,
    landmarks: &mut Vec<Landmark>,
    meta: &Metadata,
    page: MatterPage,
    file: String,
    body_type: &str,
) -> Result<()> {
    let doc = xhtml::document(&meta.language, &page.title, body_type, &page.body);
    let mut content = EpubContent::new(file.as_str(), doc.as_bytes());
    if page.listed {
        content = content.title(page.title.as_str());
    }
    if let Some(term) = page.landmark {
        landmarks.push(Landmark::new(term, &file, &page.title));
    }
    epub.add_content(content).map_err(render_error)?;
    Ok(())
}

fn cover_extension(media_type: ImageType) -> &'static str {
    match media_type {
        ImageType::Jpeg => "jpg",
        ImageType::Png => "png",
    }
}

/// The cover page: the image alone, with the title as its text alternative.
fn cover_page(book: &Book, image: &str) -> String {
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

/// Story authors and translators as `dc:contributor`s with MARC relator roles, each
/// name once per role, in reading order.
fn contributors(book: &Book) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for story in &book.stories {
        let people = [(&story.author, "aut"), (&story.translator, "trl")];
        for (name, role) in people {
            let Some(name) = name else { continue };
            let is_book_author = role == "aut" && book.meta.authors.contains(name);
            if !is_book_author && !out.iter().any(|(n, r)| n == name && *r == role) {
                out.push((name.clone(), role));
            }
        }
    }
    out
}

/// A line of the contents page: a link, and the story's author and translator.
struct ContentsEntry {
    href: String,
    title: String,
    bylines: Vec<String>,
}

impl ContentsEntry {
    fn new(href: &str, title: &str) -> ContentsEntry {
        ContentsEntry {
            href: href.to_string(),
            title: title.to_string(),
            bylines: Vec::new(),
        }
    }
}

/// Titled prose and the also-by list get a contents line, as in the PDF.
fn listed_in_contents(kind: &MatterKind) -> bool {
    matches!(kind, MatterKind::Section { .. } | MatterKind::AlsoBy { .. })
}

fn contents_page(heading: &str, entries: &[ContentsEntry]) -> String {
    let mut out = format!(
        "<nav epub:type=\"toc\" role=\"doc-toc\" aria-labelledby=\"contents-title\" class=\"contents\">\n\
         <h1 id=\"contents-title\">{}</h1>\n<ol>\n",
        escape(heading)
    );
    for entry in entries {
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
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</nav>\n");
    out
}

/// The fonts used and the tool; without embedded fonts the reader's font is used, so
/// the family is only the one the book was designed in.
fn colophon(ctx: &RenderContext<'_>, options: &EpubOptions) -> String {
    let labels = ctx.book.labels();
    format!(
        "<section epub:type=\"colophon\" role=\"doc-colophon\" class=\"colophon\">\n\
         <h1>{}</h1>\n<p class=\"first\">{} {}</p>\n</section>\n",
        escape(labels.colophon),
        escape(&labels.fonts(&ctx.fonts.name, options.embed_fonts)),
        escape(labels.made_with)
    )
}

/// The faces the book needs: regular and italic always (titles, subtitles), bold
/// ones only where the text has strong emphasis. The fonts are most of the EPUB.
fn embedded_faces<'f>(ctx: &RenderContext<'f>) -> impl Iterator<Item = &'f FontFace> {
    let used = ctx.book.emphasis_used();
    ctx.fonts
        .faces()
        .iter()
        .filter(move |face| match face.style {
            FontStyle::Regular | FontStyle::Italic => true,
            FontStyle::Bold => used.bold,
            FontStyle::BoldItalic => used.bold_italic,
        })
}

fn stylesheet(ctx: &RenderContext<'_>, options: &EpubOptions) -> String {
    let mut css = String::new();
    let family = escape_css(&ctx.fonts.name);
    if options.embed_fonts {
        for face in embedded_faces(ctx) {
            css.push_str(&format!(
                "@font-face {{ font-family: \"{family}\"; font-style: {}; font-weight: {}; src: url(\"fonts/{}\"); }}\n",
                if face.style.is_italic() { "italic" } else { "normal" },
                if face.style.is_bold() { "bold" } else { "normal" },
                escape_css(&face.file_name()),
            ));
        }
    }
    css.push_str(&format!(
        "body {{ font-family: \"{family}\", serif; line-height: 1.4; margin: 0 5%; hyphens: auto; -epub-hyphens: auto; }}\n"
    ));
    css.push_str(STYLESHEET_RULES);
    css
}

fn escape_css(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

const STYLESHEET_RULES: &str = r#"p { margin: 0; text-indent: 1.2em; text-align: justify; }
p.first, blockquote p, li p, aside p { text-indent: 0; }
header { margin: 3em 0 2em; text-align: center; }
h1 { font-size: 1.6em; font-weight: normal; text-align: center; margin: 0 0 0.5em; }
h2, h3, h4, h5, h6 { font-size: 1.1em; font-weight: normal; font-style: italic; text-align: center; margin: 1.5em 0 0.5em; }
.subtitle, .byline, .toc-author { font-style: italic; }
.subtitle, .byline { text-align: center; text-indent: 0; margin: 0.3em 0; }
hr.scene-break { border: 0; margin: 1em 0; height: 1.4em; text-align: center; }
hr.scene-break::after { content: "*\00a0\00a0*\00a0\00a0*"; }
blockquote { margin: 1em 1.5em; }
ul, ol { margin: 1em 0 1em 1.5em; padding: 0; }
a.noteref { vertical-align: super; font-size: 0.75em; line-height: 0; text-decoration: none; }
aside { font-size: 0.9em; margin-top: 1em; }
.titlepage { text-align: center; margin-top: 30%; }
.titlepage .title { font-size: 2em; }
.titlepage p { text-indent: 0; text-align: center; margin: 0.5em 0; }
.titlepage .author { margin-top: 2em; }
.contents ol { list-style: none; margin: 2em 0; }
.contents li { margin: 0.4em 0; }
.contents a { text-decoration: none; }
.colophon { margin-top: 30%; text-align: center; }
.colophon p { text-align: center; }
.translator { text-align: center; text-indent: 0; margin: 0.3em 0; font-size: 0.9em; }
.halftitle { text-align: center; margin-top: 35%; }
.halftitle .title { font-size: 1.6em; text-indent: 0; text-align: center; }
.copyright { margin-top: 40%; font-size: 0.85em; }
.copyright p { text-indent: 0; text-align: left; margin: 0 0 0.6em; }
.dedication { margin-top: 30%; text-align: center; font-style: italic; }
.dedication p { text-indent: 0; text-align: center; }
blockquote.epigraph { margin: 2em 10% 2em 15%; font-style: italic; }
.epigraph p { text-indent: 0; text-align: left; }
.epigraph p.epigraph-source { font-style: normal; text-align: right; margin-top: 0.5em; }
section.epigraph { margin-top: 25%; }
.also-by ul { list-style: none; margin: 2em 0; padding: 0; text-align: center; }
.also-by li { margin: 0.4em 0; }
p.credit { text-indent: 0; margin-top: 1em; }
.lead-in, .smallcaps { font-variant: small-caps; letter-spacing: 0.05em; }
.drop-cap { float: left; font-size: 3.3em; line-height: 0.8; margin: 0.06em 0.08em 0 0; }
.verse { margin: 1em 0 1em 2em; }
.verse p.stanza { text-indent: 0; text-align: left; margin: 0 0 1em; hyphens: none; -epub-hyphens: none; }
.verse .line { display: inline-block; padding-left: 2em; text-indent: -2em; }
.cover { text-align: center; margin: 0; padding: 0; }
.cover img { max-width: 100%; max-height: 100vh; }
"#;

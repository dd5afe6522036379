//! EPUB 3 renderer: the model becomes XHTML documents, a nav, an NCX and a stylesheet
//! with the book's fonts, packaged by epub-builder and then re-zipped with fixed
//! timestamps (see `package`) so that builds are reproducible.

mod package;
pub mod xhtml;

use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, ZipLibrary,
};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::{BackMatter, Book, FrontMatter};
use crate::render::RenderContext;
use crate::source::fonts::{FontFace, FontStyle};
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
    let book = ctx.book;
    let meta = &book.meta;
    let zip = ZipLibrary::new().map_err(render_error)?;
    let mut epub = EpubBuilder::new(zip).map_err(render_error)?;
    epub.epub_version(EpubVersion::V33);
    epub.set_title(meta.title.as_str());
    epub.set_lang(meta.language.as_str());
    epub.set_authors(meta.authors.clone());
    epub.set_generator("Folio");
    epub.set_toc_name("Contents");
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
    for (property, value) in accessibility_metadata() {
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

    for front in &book.front {
        let (file, title, reftype, body) = match front {
            FrontMatter::TitlePage => (
                "titlepage.xhtml",
                "Title Page",
                ReferenceType::TitlePage,
                title_page(book),
            ),
            FrontMatter::Contents => (
                "contents.xhtml",
                "Contents",
                ReferenceType::Toc,
                contents_page(book),
            ),
        };
        let doc = xhtml::document(&meta.language, title, "frontmatter", &body);
        epub.add_content(
            EpubContent::new(file, doc.as_bytes())
                .title(title)
                .reftype(reftype),
        )
        .map_err(render_error)?;
    }
    for (index, story) in book.stories.iter().enumerate() {
        let body = xhtml::story_body(story, index + 1);
        let doc = xhtml::document(&meta.language, &story.title, "bodymatter", &body);
        let mut content =
            EpubContent::new(story_file(index), doc.as_bytes()).title(story.title.as_str());
        if index == 0 {
            // The "bodymatter" landmark: where reading starts.
            content = content.reftype(ReferenceType::Text);
        }
        epub.add_content(content).map_err(render_error)?;
    }
    for back in &book.back {
        match back {
            BackMatter::Colophon { .. } => {
                let body = colophon(ctx);
                let doc = xhtml::document(&meta.language, "Colophon", "backmatter", &body);
                epub.add_content(
                    EpubContent::new("colophon.xhtml", doc.as_bytes())
                        .title("Colophon")
                        .reftype(ReferenceType::Colophon),
                )
                .map_err(render_error)?;
            }
        }
    }

    let mut raw = Vec::new();
    epub.generate(&mut raw).map_err(render_error)?;
    package::repack(&raw, meta, &fonts).map_err(render_error)
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

fn accessibility_metadata() -> [(&'static str, &'static str); 8] {
    [
        ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityHazard", "none"),
        (
            "schema:accessibilitySummary",
            "A text-only book of prose in reading order, with a table of contents, \
             headings for each story and no images, sound or motion.",
        ),
    ]
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

fn contents_page(book: &Book) -> String {
    let mut out = String::from(
        "<nav epub:type=\"toc\" role=\"doc-toc\" aria-labelledby=\"contents-title\" class=\"contents\">\n\
         <h1 id=\"contents-title\">Contents</h1>\n<ol>\n",
    );
    for (index, story) in book.stories.iter().enumerate() {
        out.push_str(&format!(
            "<li><a href=\"{}\">{}</a>",
            story_file(index),
            escape(&story.title)
        ));
        if let Some(author) = &story.author {
            out.push_str(&format!(
                " <span class=\"toc-author\">{}</span>",
                escape(author)
            ));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</nav>\n");
    out
}

fn colophon(ctx: &RenderContext<'_>) -> String {
    format!(
        "<section epub:type=\"colophon\" role=\"doc-colophon\" class=\"colophon\">\n\
         <h1>Colophon</h1>\n<p class=\"first\">Set in {}. Made with Folio.</p>\n</section>\n",
        escape(&ctx.fonts.name)
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
"#;

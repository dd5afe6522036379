//! The EPUB's stylesheet: the embedded faces as `@font-face` rules and the book's
//! rules for text, headings, matter pages, notes and verse.

use super::EpubOptions;
use crate::fonts::{FontFace, FontStyle};
use crate::model::{walk, Block};
use crate::render::RenderContext;

/// The faces the book needs: regular and italic always (titles, subtitles), bold
/// ones only where the text has strong emphasis. The fonts are most of the EPUB.
pub(super) fn embedded_faces<'f>(ctx: &RenderContext<'f>) -> impl Iterator<Item = &'f FontFace> {
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

pub(super) fn stylesheet(ctx: &RenderContext<'_>, options: &EpubOptions) -> String {
    let mut css = String::new();
    let family = escape_css(&ctx.fonts.name);
    if options.embed_fonts {
        for face in embedded_faces(ctx) {
            css.push_str(&format!(
                "@font-face {{ font-family: \"{family}\"; font-style: {}; font-weight: {}; src: url(\"fonts/{}\"); }}\n",
                if face.style.is_italic() { "italic" } else { "normal" },
                if face.style.is_bold() { "bold" } else { "normal" },
                font_file_name(face),
            ));
        }
    }
    css.push_str(&format!(
        "body {{ font-family: \"{family}\", serif; line-height: 1.4; margin: 0 5%; hyphens: auto; -epub-hyphens: auto; }}\n"
    ));
    css.push_str(STYLESHEET_RULES);
    // Rules for what only some books hold, so that the others' stylesheets stay
    // as they were.
    let has = |wanted: fn(&Block) -> bool| {
        ctx.book
            .stories
            .iter()
            .any(|s| walk::all_blocks(&s.blocks).any(wanted))
    };
    if has(|b| matches!(b, Block::Verse(_))) {
        // The same space after a poem as before it.
        css.push_str(".verse p.stanza:last-child { margin-bottom: 0; }\n");
    }
    if has(|b| matches!(b, Block::Table(_))) {
        css.push_str(TABLE_RULES);
    }
    css
}

/// Tables in the booktabs manner: rules above and below, a thinner one under the
/// header, no vertical rules.
const TABLE_RULES: &str = "table { margin: 1em auto; border-collapse: collapse; border-top: 1px solid; border-bottom: 1px solid; }
caption { font-style: italic; margin-bottom: 0.5em; }
thead th { border-bottom: 0.5px solid; font-weight: normal; font-style: italic; }
th, td { padding: 0.2em 0.6em; vertical-align: top; text-align: left; }
.align-center { text-align: center; }
.align-right { text-align: right; }
";

/// A CSS string's content: quotes and backslashes escaped, and any character that
/// is not printable ASCII as a hexadecimal escape.
fn escape_css(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            c if crate::xml::is_allowed(c) && !c.is_control() => out.push(c),
            c => out.push_str(&format!("\\{:x} ", u32::from(c))),
        }
    }
    out
}

/// The name of a face's file inside the EPUB (`fonts/NAME`, in the OPF and in the
/// stylesheet's `url()`): the file's own name when it is a plain ASCII name, else
/// one made from the style, so that no space, accent or `<>"#` reaches a URL.
pub(super) fn font_file_name(face: &FontFace) -> String {
    let name = face.file_name();
    let plain = !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain && !name.is_empty() {
        return name;
    }
    let extension = if face.is_opentype_cff() { "otf" } else { "ttf" };
    format!(
        "font-{}.{extension}",
        face.style.file_suffix().to_ascii_lowercase()
    )
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

//! The EPUB's stylesheet: the embedded faces as `@font-face` rules and the book's
//! rules for text, headings, matter pages, notes and verse.

use super::fonts::FontPlan;
use crate::model::{walk, Block, Book};

pub(super) fn stylesheet(book: &Book, fonts: &FontPlan<'_>) -> String {
    let mut css = String::new();
    for (plan, face) in fonts.faces() {
        css.push_str(&format!(
            "@font-face {{ font-family: \"{}\"; font-style: {}; font-weight: {}; src: url(\"fonts/{}\"); }}\n",
            escape_css(plan.css_family()),
            if face.style.is_italic() { "italic" } else { "normal" },
            if face.style.is_bold() { "bold" } else { "normal" },
            plan.file_name(face),
        ));
    }
    // The fallback families after the body's, in the order the PDF tries them.
    let family: Vec<String> = fonts
        .families
        .iter()
        .map(|plan| format!("\"{}\"", escape_css(plan.css_family())))
        .collect();
    let family = family.join(", ");
    css.push_str(&format!(
        "body {{ font-family: {family}, serif; line-height: 1.4; margin: 0 5%; hyphens: auto; -epub-hyphens: auto; }}\n"
    ));
    css.push_str(STYLESHEET_RULES);
    // Rules for what only some books hold, so that the others' stylesheets stay
    // as they were.
    let has = |wanted: fn(&Block) -> bool| {
        book.stories
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
    css.push_str(super::parts::rules(book));
    if !book.images.is_empty() {
        css.push_str(super::images::IMAGE_RULES);
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

const STYLESHEET_RULES: &str = r#"p { margin: 0; text-indent: 1.2em; text-align: justify; }
p.first, blockquote p, li p, aside p { text-indent: 0; }
header { margin: 3em 0 2em; text-align: center; }
h1 { font-size: 1.6em; font-weight: normal; text-align: center; margin: 0 0 0.5em; }
h2, h3, h4, h5, h6 { font-size: 1.1em; font-weight: normal; font-style: italic; text-align: center; margin: 1.5em 0 0.5em; }
.subtitle, .byline, .toc-author { font-style: italic; }
.subtitle, .byline { text-align: center; text-indent: 0; margin: 0.3em 0; }
hr.scene-break { border: 0; margin: 1em 0; height: 1.4em; text-align: center; color: inherit; background: none; overflow: visible; }
hr.scene-break::after { content: "*\00a0\00a0*\00a0\00a0*"; color: inherit; }
blockquote { margin: 1em 1.5em; }
ul, ol { margin: 1em 0 1em 1.5em; padding: 0; }
a.noteref { vertical-align: super; font-size: 0.75em; line-height: 0; text-decoration: none; }
section.footnotes { margin-top: 2.5em; border-top: 1px solid currentColor; width: 100%; }
section.footnotes h2 { font-size: 1em; font-style: normal; font-variant: small-caps; letter-spacing: 0.05em; text-align: left; margin: 0.8em 0 0.5em; }
aside { font-size: 0.9em; margin-top: 0.5em; }
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
.drop-cap { float: left; font-size: 3em; line-height: 0.9; margin: 0.04em 0.08em -0.1em 0; }
.verse { margin: 1em 0 1em 2em; }
.verse p.stanza { text-indent: 0; text-align: left; margin: 0 0 1em; hyphens: none; -epub-hyphens: none; }
.verse .line { display: inline-block; padding-left: 2em; text-indent: -2em; }
.cover { text-align: center; margin: 0; padding: 0; }
.cover img { max-width: 100%; max-height: 100vh; }
"#;

#[cfg(test)]
mod tests {
    use super::STYLESHEET_RULES;

    /// The declarations of the rule for `selector`, as (property, value).
    fn rule(selector: &str) -> Vec<(String, String)> {
        let line = STYLESHEET_RULES
            .lines()
            .find(|l| l.starts_with(&format!("{selector} {{")))
            .unwrap_or_else(|| panic!("no rule for {selector}"));
        let inside = line.split_once('{').unwrap().1.trim_end_matches('}');
        inside
            .split(';')
            .filter_map(|d| d.split_once(':'))
            .map(|(p, v)| (p.trim().to_string(), v.trim().to_string()))
            .collect()
    }

    fn em(value: &str) -> f64 {
        value.trim_end_matches("em").parse().unwrap()
    }

    #[test]
    fn the_drop_cap_takes_two_lines_and_no_more() {
        let line_height = 1.4; // body, in the text's em
        let cap = rule(".drop-cap");
        let get = |p: &str| cap.iter().find(|(k, _)| k == p).unwrap().1.clone();
        let size = em(&get("font-size"));
        let margins: Vec<f64> = get("margin").split_whitespace().map(em).collect();
        // The float's margin box, in the text's em, is what pushes lines aside.
        let height = size * (get("line-height").parse::<f64>().unwrap() + margins[0] + margins[2]);
        assert!(
            height > line_height && height <= 2.0 * line_height,
            "the drop cap's box is {height}em: it must cover two lines of {line_height}em, not three"
        );
        // Its capital (about 0.65 of its size in Gentium) reaches the first line.
        assert!(
            0.65 * size >= line_height + 0.4,
            "a capital of {size}em is too small"
        );
    }

    #[test]
    fn the_scene_break_is_in_the_text_colour_and_notes_sit_under_a_rule() {
        for selector in ["hr.scene-break", "hr.scene-break::after"] {
            assert!(
                rule(selector).contains(&("color".into(), "inherit".into())),
                "{selector}"
            );
        }
        assert!(rule("section.footnotes")
            .contains(&("border-top".into(), "1px solid currentColor".into())));
    }
}

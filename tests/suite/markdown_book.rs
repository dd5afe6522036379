//! A book that uses every Markdown feature the reader supports, including raw HTML
//! and footnotes: both outputs build, the EPUB stays EPUBCheck-clean, and no markup
//! from the source reaches the XHTML unescaped.

use crate::common::*;

const STORY: &str = "Opening *emphasis*, **strong** and a [link](https://example.org).[^a]

## A heading inside the story

> A quoted paragraph.

- one
- two

1. first
2. second

---

Hi <script>alert(1)</script> there, <b onclick=\"x()\">bold?</b>  
after a hard break, and `code`.

[^a]: The note's text, with *emphasis*.
";

#[test]
fn every_markdown_feature_builds_cleanly_and_raw_html_is_escaped() {
    let book = sample_book_copy("markdown");
    std::fs::write(book.join("stories/features.md"), STORY).unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"Features\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\n\n[[stories]]\nfile = \"stories/features.md\"\ntitle = \"Everything <at> once & more\"\n\n[[stories]]\nfile = \"stories/valerie-loren.md\"\ntitle = \"Valérie Loren\"\nlanguage = \"en-GB\"\n",
    )
    .unwrap();
    let out = book.join("out");
    build_ok(&book, &out, &[]);
    let epub = out.join("features.epub");
    let story = zip_entry(&epub, "OEBPS/story-001.xhtml");
    assert!(
        !story.contains("<script") && !story.contains("<b "),
        "{story}"
    );
    assert!(
        story.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{story}"
    );
    assert!(story.contains("Everything &lt;at&gt; once &amp; more"));
    assert!(story.contains("epub:type=\"footnote\"") && story.contains("role=\"doc-backlink\""));
    assert!(story.contains("<hr class=\"scene-break\"/>") && story.contains("<blockquote>"));
    for tag in ["<br/>", "<ol>", "<ul>", "<h2>"] {
        assert!(story.contains(tag), "{tag} in {story}");
    }
    let opf = zip_entry(&epub, "OEBPS/content.opf");
    assert!(
        story.contains("<strong>") && opf.contains("-Bold.ttf"),
        "strong text brings the bold face"
    );
    let second = zip_entry(&epub, "OEBPS/story-002.xhtml");
    assert!(second.contains("lang=\"en-GB\""), "story language");
    if let Some((errors, warnings, report)) = epubcheck(&epub) {
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }
    if let Some(text) = pdf_text(&out.join("features.pdf")) {
        for expected in [
            "A heading inside the story",
            "A quoted paragraph.",
            "alert(1)",
            "The note",
            "Valérie",
        ] {
            assert!(text.contains(expected), "`{expected}` in the PDF text");
        }
    }
}

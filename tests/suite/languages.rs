//! Books in other languages than English: a story with straight quotes nested two
//! deep and a line of dialogue comes out of `folio build --epub` with the language's
//! own marks and dash, and the pages Folio writes itself use its words.

use crate::common::*;

struct Case {
    tag: &'static str,
    story: &'static str,
    /// The story's paragraphs as the XHTML holds them.
    paragraphs: [&'static str; 2],
    contents: &'static str,
    copyright: &'static str,
}

const CASES: &[Case] = &[
    Case {
        tag: "ru",
        story: "\"Он сказал 'нет' и ушёл\", вспомнила она.\n\n-- Да, конечно.\n",
        paragraphs: [
            "«Он сказал „нет“ и ушёл», вспомнила она.",
            "—\u{A0}Да, конечно.",
        ],
        contents: "Содержание",
        copyright: "© A. Writer, 2024",
    },
    Case {
        tag: "uk",
        story: "\"Він сказав 'ні' й пішов\", згадала вона.\n\n— Так, звичайно.\n",
        paragraphs: [
            "«Він сказав „ні“ й пішов», згадала вона.",
            "—\u{A0}Так, звичайно.",
        ],
        contents: "Зміст",
        copyright: "© A. Writer, 2024",
    },
    Case {
        tag: "pl",
        story: "\"Powiedział 'nie' i wyszedł\", wspomniała.\n\n--- Tak, oczywiście.\n",
        paragraphs: [
            "„Powiedział «nie» i wyszedł”, wspomniała.",
            "—\u{A0}Tak, oczywiście.",
        ],
        contents: "Spis treści",
        copyright: "Copyright © 2024 by A. Writer",
    },
    Case {
        tag: "cs",
        story: "\"Řekl 'ne' a odešel\", vzpomněla si.\n\nDobře, řekla.\n",
        paragraphs: ["„Řekl ‚ne‘ a odešel“, vzpomněla si.", "Dobře, řekla."],
        contents: "Obsah",
        copyright: "© A. Writer, 2024",
    },
    Case {
        tag: "it",
        story: "\"Ha detto 'no' ed è uscito\", ricordò.\n\nVa bene, disse.\n",
        paragraphs: ["«Ha detto “no” ed è uscito», ricordò.", "Va bene, disse."],
        contents: "Indice",
        copyright: "© 2024 A. Writer",
    },
    Case {
        tag: "es",
        story: "\"Dijo 'no' y se fue\", recordó.\n\n-- ¿Y ahora? ¡Nada!\n",
        paragraphs: ["“Dijo ‘no’ y se fue”, recordó.", "—¿Y ahora? ¡Nada!"],
        contents: "Índice",
        copyright: "© 2024, A. Writer",
    },
    Case {
        tag: "sv",
        story: "\"Han sa 'nej' och gick\", mindes hon.\n\n-- Ja, visst.\n",
        paragraphs: ["”Han sa ’nej’ och gick”, mindes hon.", "–\u{A0}Ja, visst."],
        contents: "Innehåll",
        copyright: "Copyright © 2024 A. Writer",
    },
];

/// A scratch book folder with stories/ and the repository's fonts.
fn book_folder(name: &str) -> std::path::PathBuf {
    let book = scratch(name);
    std::fs::create_dir_all(book.join("stories")).unwrap();
    std::fs::create_dir_all(book.join("fonts")).unwrap();
    for font in std::fs::read_dir(repo_root().join("fonts")).unwrap() {
        let font = font.unwrap().path();
        std::fs::copy(&font, book.join("fonts").join(font.file_name().unwrap())).unwrap();
    }
    book
}

/// The text of each `<p>` of an XHTML document, in order.
fn paragraphs(xhtml: &str) -> Vec<String> {
    xhtml
        .split("<p")
        .skip(1)
        .filter_map(|p| {
            let start = p.find('>')? + 1;
            let end = p.find("</p>")?;
            Some(p[start..end].to_string())
        })
        .collect()
}

#[test]
fn each_language_s_quotes_dialogue_dash_and_words_reach_the_epub() {
    const QUOTES: &str = "\"'“”‘’„‚«»‹›";
    let mut failures = Vec::new();
    for case in CASES {
        let book = book_folder(&format!("language-{}", case.tag));
        std::fs::write(book.join("stories/one.md"), case.story).unwrap();
        std::fs::write(
            book.join("book.toml"),
            format!(
                "[book]\ntitle = \"Book\"\nauthors = [\"A. Writer\"]\nlanguage = \"{}\"\n\
                 date = \"2024-05-01\"\n\n[[front]]\nkind = \"copyright\"\n\n\
                 [[front]]\nkind = \"contents\"\n\n\
                 [[stories]]\nfile = \"stories/one.md\"\ntitle = \"One\"\n",
                case.tag
            ),
        )
        .unwrap();
        let out = book.join("out");
        build_ok(&book, &out, &["--epub"]);
        let epub = out.join("book.epub");
        let story = paragraphs(&unmarked(zip_entry(&epub, "OEBPS/story-001.xhtml")));
        let tag = case.tag;
        if story != case.paragraphs {
            failures.push(format!(
                "{tag}: {story:?}\n    wanted {:?}",
                case.paragraphs
            ));
        }
        // No quotation mark but the language's outer and inner ones.
        let marks: String = case.paragraphs[0]
            .chars()
            .filter(|c| QUOTES.contains(*c))
            .collect();
        let strays: String = story
            .concat()
            .chars()
            .filter(|c| QUOTES.contains(*c) && !marks.contains(*c))
            .collect();
        if !strays.is_empty() {
            failures.push(format!("{tag}: stray marks {strays:?}"));
        }
        let contents = unmarked(zip_entry(&epub, "OEBPS/contents.xhtml"));
        if !contents.contains(&format!("<h1 id=\"contents-title\">{}</h1>", case.contents)) {
            failures.push(format!("{tag}: contents heading not {}", case.contents));
        }
        let copyright = paragraphs(&unmarked(zip_entry(&epub, "OEBPS/copyright.xhtml")));
        if !copyright.iter().any(|p| p == case.copyright) {
            failures.push(format!("{tag}: {copyright:?} has no {}", case.copyright));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A document without the print page markers (`folio-page-N` spans), which sit
/// wherever the PDF's pages begin.
fn unmarked(mut doc: String) -> String {
    while let Some(at) = doc.find("<span epub:type=\"pagebreak\"") {
        let end = at + doc[at..].find("</span>").unwrap() + "</span>".len();
        doc.replace_range(at..end, "");
    }
    doc
}

/// Long words in languages hyphenated since hypher's full set: (tag, a sentence).
const LONG_WORDS: &[(&str, &str)] = &[
    ("nl", "De gemeenteraadsverkiezingen en de arbeidsongeschiktheidsverzekering waren onderwerpen van uitgebreide beraadslagingen in de volksvertegenwoordiging."),
    ("pl", "Najprawdopodobniej przedsiębiorczość uniwersytecka i współodpowiedzialność obywatelska wymagają niekonwencjonalnych rozwiązań organizacyjnych."),
    ("cs", "Nejneobhospodařovávatelnějšími pozemky se zabývali zemědělští představitelé nejrůznějších samosprávných společenství."),
    ("sv", "Arbetsmarknadsdepartementet och försäkringskassans handläggningstider diskuterades utförligt av riksdagsledamöterna."),
    ("pt", "Os representantes governamentais discutiram inconstitucionalmente as características extraordinárias da administração descentralizada."),
    ("da", "Arbejdsmarkedsuddannelserne og forsikringsselskabernes sagsbehandlingstider blev grundigt diskuteret af folketingsmedlemmerne."),
    ("fi", "Kansainvälisten järjestöjen edustajat keskustelivat ympäristönsuojelukysymyksistä ja lentokonesuihkuturbiinimoottoreista perusteellisesti."),
    ("hu", "Az önkormányzati képviselők elszámoltathatóságát és a megszentségteleníthetetlenséget részletesen megvitatták a bizottságokban."),
    ("tr", "Üniversitelerdeki öğretim görevlileri yükseköğretim kurumlarının sorunlarını çekoslovakyalılaştıramadıklarımızdan biriyle tartıştılar."),
    ("uk", "Високопродуктивні сільськогосподарські підприємства та адміністративні одиниці обговорювали невідкладні питання самоврядування."),
];

/// Lines of `pdftotext` output that end in a hyphen inside a word (a letter before
/// it, a lowercase letter opening the next line).
fn hyphenated_lines(text: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .filter(|pair| {
            let mut end = pair[0].trim_end().chars().rev();
            end.next() == Some('-')
                && end.next().is_some_and(char::is_alphabetic)
                && pair[1]
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
        })
        .count()
}

#[test]
fn long_words_are_hyphenated_on_a_small_page_with_nothing_overfull() {
    use folio::render::pdf::{typeset, PdfOptions};
    let mut failures = Vec::new();
    for (tag, sentence) in LONG_WORDS {
        let book = book_folder(&format!("long-words-{tag}"));
        let paragraph = [*sentence; 6].join(" ");
        let story = vec![paragraph; 4].join("\n\n");
        std::fs::write(book.join("stories/one.md"), story + "\n").unwrap();
        std::fs::write(
            book.join("book.toml"),
            format!(
                "[book]\ntitle = \"Book\"\nauthors = [\"A. Writer\"]\nlanguage = \"{tag}\"\n\n\
                 [[stories]]\nfile = \"stories/one.md\"\ntitle = \"One\"\n\n\
                 [output.pdf]\ntrim = \"5x8\"\n"
            ),
        )
        .unwrap();
        // Nothing overfull: no line shrinks past its glue.
        let loaded = folio::build::load(&book, Some(1_700_000_000)).unwrap();
        let options = PdfOptions::from_manifest(&loaded.manifest).unwrap();
        let ctx = loaded.context("pdf").unwrap();
        let (composed, _) = typeset(&ctx, &options).unwrap();
        let ratios: Vec<f32> = composed
            .pages
            .iter()
            .flat_map(|p| p.body_ratios.iter().copied())
            .collect();
        if ratios.len() < 20 || ratios.iter().any(|&r| r < -1.0) {
            failures.push(format!("{tag}: overfull or too few lines: {ratios:?}"));
        }
        // Hyphenated lines in the PDF's text.
        let out = book.join("out");
        build_ok(&book, &out, &["--pdf"]);
        if pdf_text(&out.join("book.pdf")).is_none() {
            return; // SKIPPED (pdftotext), said by pdf_text
        }
        // -raw: plain pdftotext joins a hyphenated word's halves.
        let raw = run(
            "pdftotext",
            &["-raw", out.join("book.pdf").to_str().unwrap(), "-"],
        );
        let hyphenated = hyphenated_lines(&String::from_utf8_lossy(&raw.stdout));
        if hyphenated < 3 {
            failures.push(format!("{tag}: {hyphenated} hyphenated lines"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Right-to-left and CJK text Folio cannot set yet is refused (exit 1, the script
/// and the place named, nothing written); a short Japanese word between spaces in
/// an English paragraph is not (the font then decides, see the missing-glyph error).
#[test]
fn arabic_hebrew_and_japanese_stories_are_refused_with_the_script_named() {
    let cases = [
        (
            "ar",
            "في البدء كان الكلمة، والكلمة كانت عند الله.",
            "Arabic",
        ),
        ("he", "בראשית ברא אלהים את השמים ואת הארץ.", "Hebrew"),
        (
            "ja",
            "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。",
            "Hiragana (Japanese)",
        ),
        // A single word in English is set (tests/fallback_fonts.rs), a phrase not.
        ("en", "A phrase in Arabic: سلام عليكم, and on.", "Arabic"),
        (
            "en",
            "A word in Hebrew split by a hyphen: שלום-עולם, and on.",
            "Hebrew",
        ),
    ];
    // The book's language alone: its labels would be printed in its script.
    let book = book_folder("refused-labels");
    std::fs::write(book.join("stories/one.md"), "Latin text only.\n").unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"Book\"\nauthors = [\"A. Writer\"]\nlanguage = \"he\"\n\n\
         [[front]]\nkind = \"contents\"\n\n\
         [[stories]]\nfile = \"stories/one.md\"\ntitle = \"One\"\n",
    )
    .unwrap();
    let output = build(&book, &book.join("out"), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("in Hebrew text, which is not supported yet"),
        "{stderr}"
    );
    assert!(stderr.contains("book.toml:4:"), "{stderr}");
    for (tag, text, script) in cases {
        let book = book_folder(&format!("refused-{tag}"));
        std::fs::write(book.join("stories/one.md"), format!("Intro.\n\n{text}\n")).unwrap();
        std::fs::write(
            book.join("book.toml"),
            format!(
                "[book]\ntitle = \"Book\"\nauthors = [\"A. Writer\"]\nlanguage = \"{tag}\"\n\n\
                 [[stories]]\nfile = \"stories/one.md\"\ntitle = \"One\"\n"
            ),
        )
        .unwrap();
        let out = book.join("out");
        let output = build(&book, &out, &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{tag}: {stderr}");
        assert!(
            stderr.contains(&format!("{script} text is not supported yet")),
            "{tag}: {stderr}"
        );
        assert!(stderr.contains("stories/one.md:3:"), "{tag}: {stderr}");
        assert!(!out.join("book.pdf").exists() && !out.join("book.epub").exists());
    }
    // Short CJK words between spaces pass this check (the body font lacks them:
    // the error is then the missing glyph's, not the script's).
    let book = book_folder("kept-cjk-word");
    std::fs::write(book.join("stories/one.md"), "The city of 東京 at night.\n").unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"Book\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\n\n\
         [[stories]]\nfile = \"stories/one.md\"\ntitle = \"One\"\n",
    )
    .unwrap();
    let output = build(&book, &book.join("out"), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("not supported yet"), "{stderr}");
    assert!(stderr.contains("has no glyph for '東'"), "{stderr}");
}

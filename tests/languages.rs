//! Books in other languages than English: a story with straight quotes nested two
//! deep and a line of dialogue comes out of `folio build --epub` with the language's
//! own marks and dash, and the pages Folio writes itself use its words.

mod common;

use common::*;

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
        let book = scratch(&format!("language-{}", case.tag));
        std::fs::create_dir_all(book.join("stories")).unwrap();
        std::fs::create_dir_all(book.join("fonts")).unwrap();
        for font in std::fs::read_dir(repo_root().join("fonts")).unwrap() {
            let font = font.unwrap().path();
            std::fs::copy(&font, book.join("fonts").join(font.file_name().unwrap())).unwrap();
        }
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
        let story = paragraphs(&zip_entry(&epub, "OEBPS/story-001.xhtml"));
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
        let contents = zip_entry(&epub, "OEBPS/contents.xhtml");
        if !contents.contains(&format!("<h1 id=\"contents-title\">{}</h1>", case.contents)) {
            failures.push(format!("{tag}: contents heading not {}", case.contents));
        }
        let copyright = paragraphs(&zip_entry(&epub, "OEBPS/copyright.xhtml"));
        if !copyright.iter().any(|p| p == case.copyright) {
            failures.push(format!("{tag}: {copyright:?} has no {}", case.copyright));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

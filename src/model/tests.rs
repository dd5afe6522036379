use super::*;

fn text(s: &str) -> Inline {
    Inline::Text(s.into())
}

#[test]
fn emphasis_used_tells_bold_from_bold_italic() {
    let cases: Vec<(Vec<Inline>, EmphasisUsed)> = vec![
        (vec![text("plain")], EmphasisUsed::default()),
        (
            vec![Inline::Emphasis(vec![text("i")])],
            EmphasisUsed {
                italic: true,
                ..Default::default()
            },
        ),
        (
            vec![Inline::Strong(vec![text("b")])],
            EmphasisUsed {
                bold: true,
                ..Default::default()
            },
        ),
        (
            vec![Inline::Emphasis(vec![Inline::Strong(vec![text("bi")])])],
            EmphasisUsed {
                italic: false,
                bold: false,
                bold_italic: true,
            },
        ),
        (
            // Emphasis inside emphasis is upright again.
            vec![Inline::Emphasis(vec![Inline::Emphasis(vec![
                Inline::Strong(vec![text("b")]),
            ])])],
            EmphasisUsed {
                italic: false,
                bold: true,
                bold_italic: false,
            },
        ),
    ];
    for (inlines, want) in cases {
        let mut used = EmphasisUsed::default();
        used.add_blocks(&[Block::Paragraph(inlines.clone())]);
        assert_eq!(used, want, "{inlines:?}");
    }
}

fn book_with(meta: Metadata, stories: Vec<Story>) -> Book {
    Book {
        meta,
        front: Vec::new(),
        stories,
        back: Vec::new(),
        cover: None,
        images: Vec::new(),
        output_texts: Vec::new(),
        lead_in: Default::default(),
        parts: Vec::new(),
        numbering: Default::default(),
    }
}

fn story(title: &str, first_published: Option<Vec<Inline>>) -> Story {
    Story {
        id: StoryId(0),
        title: title.into(),
        subtitle: None,
        author: None,
        translator: None,
        epigraph: None,
        first_published,
        lang: Lang::parse("en").unwrap(),
        blocks: Vec::new(),
        notes: Vec::new(),
    }
}

#[test]
fn a_credit_keeps_the_places_emphasis_and_a_plain_one_is_one_text() {
    let meta = Metadata {
        lang: Lang::parse("en").unwrap(),
        ..Default::default()
    };
    let book = book_with(
        meta,
        vec![
            story(
                "Late",
                Some(vec![
                    Inline::Emphasis(vec![text("The Atlantic")]),
                    text(", 2019."),
                ]),
            ),
            story("Early", Some(vec![text("La Revue, 2019")])),
        ],
    );
    let credits = book.publication_credits();
    assert_eq!(
        credits[0],
        [
            text("“Late” was first published in "),
            Inline::Emphasis(vec![text("The Atlantic")]),
            text(", 2019."),
        ]
    );
    assert_eq!(
        credits[1],
        [text("“Early” was first published in La Revue, 2019.")]
    );
}

#[test]
fn the_title_page_names_a_publisher_who_is_not_an_author() {
    let mut meta = Metadata {
        authors: vec!["Folio Sample Press".into()],
        publisher: Some("Folio Sample Press".into()),
        ..Default::default()
    };
    assert_eq!(meta.title_page_publisher(), None);
    meta.publisher = Some("Sample Press".into());
    assert_eq!(meta.title_page_publisher(), Some("Sample Press"));
}

/// Words counted as the plain text, split at whitespace, counts them: across
/// emphasis, links and note references, at line breaks and at every kind of
/// space, in paragraphs, verse and lists, for every arrangement of a few pieces.
#[test]
fn words_are_counted_as_the_plain_text_splits() {
    let pieces: Vec<Inline> = vec![
        text("a"),
        text(" "),
        text("b c"),
        text("\u{a0}"),
        text(" d\u{2009}e\t"),
        text(""),
        Inline::LineBreak,
        Inline::NoteRef(0),
        Inline::Emphasis(vec![text("f")]),
        Inline::Strong(vec![text(" g "), Inline::LineBreak, text("h")]),
    ];
    let mut runs: Vec<Vec<Inline>> = vec![Vec::new()];
    for _ in 0..3 {
        let longer: Vec<Vec<Inline>> = runs
            .iter()
            .flat_map(|r| {
                pieces.iter().map(move |p| {
                    let mut r = r.clone();
                    r.push(p.clone());
                    r
                })
            })
            .collect();
        runs.extend(longer);
    }
    let expected = |run: &[Inline]| Inline::plain_text(run).split_whitespace().count();
    for run in &runs {
        let blocks = [
            Block::Paragraph(run.clone()),
            Block::Verse(vec![run.clone(), run.clone()]),
            Block::List {
                ordered: false,
                start: 1,
                items: vec![vec![Block::Paragraph(run.clone())]],
            },
        ];
        let want = [expected(run), 2 * expected(run), expected(run)];
        for (block, want) in blocks.iter().zip(want) {
            assert_eq!(walk::block_word_count(block), want, "{block:?}");
        }
    }
}

use super::*;
use crate::lang::Lang;
use crate::model::Inline;

fn lang(tag: &str) -> Lang {
    Lang::parse(tag).unwrap()
}

const NB: char = '\u{00A0}';
const NN: char = '\u{202F}';

/// (input, expected) pairs; `~` in the expected text stands for U+00A0 and `^` for
/// U+202F, so that the table stays readable.
fn check_table(tag: &str, table: &[(&str, &str)]) {
    let language = lang(tag);
    let mut failures = Vec::new();
    for (input, expected) in table {
        let expected = expected
            .replace('~', &NB.to_string())
            .replace('^', &NN.to_string());
        let got = smarten(input, &language);
        if got != expected {
            failures.push(format!(
                "{input:?}\n   expected {expected:?}\n   got      {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed ({tag}):\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}

#[test]
fn english_quotes_apostrophes_dashes_and_ellipses() {
    check_table(
        "en",
        &[
            (r#""Hello," she said."#, "“Hello,” she said."),
            (r#"He said "yes""#, "He said “yes”"),
            (r#""Yes.""#, "“Yes.”"),
            (r#""Why?" "Because.""#, "“Why?” “Because.”"),
            (r#"("quoted")"#, "(“quoted”)"),
            (
                r#"She said, "He told me 'no.'""#,
                "She said, “He told me ‘no.’”",
            ),
            ("'Single,' he said.", "‘Single,’ he said."),
            ("don't", "don’t"),
            ("it's the cat's toy", "it’s the cat’s toy"),
            ("the boys' books", "the boys’ books"),
            ("'tis the season", "’tis the season"),
            ("'Twas brillig", "’Twas brillig"),
            ("back in the '90s", "back in the ’90s"),
            ("rock 'n' roll", "rock ’n’ roll"),
            ("get 'em", "get ’em"),
            ("O'Brien", "O’Brien"),
            ("pages 10--20", "pages 10–20"),
            ("wait---what", "wait—what"),
            ("a pause -- then", "a pause~– then"),
            ("a pause --- then", "a pause~— then"),
            ("a pause – then", "a pause~– then"),
            ("a well-known fact", "a well-known fact"),
            ("and then...", "and then…"),
            ("well... maybe", "well… maybe"),
            (r#""Wait---" she said"#, "“Wait—” she said"),
            (r#"---"Now," he said"#, "—“Now,” he said"),
            ("Mr. Smith and Mrs. Jones", "Mr.~Smith and Mrs.~Jones"),
            ("Dr. Watson", "Dr.~Watson"),
            ("Mr Smith", "Mr~Smith"),
            ("Hummer. Then", "Hummer. Then"),
            ("12:30 sharp!", "12:30 sharp!"),
            ("Really?!", "Really?!"),
            ("M. Dupont", "M. Dupont"),
            (r#"the "1984" edition"#, "the “1984” edition"),
            (r#""Go"---and she went."#, "“Go”—and she went."),
            ("nothin' doin'", "nothin’ doin’"),
            ("'Cause I said so.", "’Cause I said so."),
            (r#"("Yes," he said.)"#, "(“Yes,” he said.)"),
            ("Dr. and Mrs. Brown", "Dr. and Mrs.~Brown"),
            ("He said -- quietly -- no.", "He said~– quietly~– no."),
            ("and so on . . .", "and so on . . ."),
            ("", ""),
        ],
    );
}

#[test]
fn french_guillemets_and_spaces_before_high_punctuation() {
    check_table(
        "fr",
        &[
            (r#""Bonjour", dit-il."#, "«^Bonjour^», dit-il."),
            (r#"Il a dit "oui"."#, "Il a dit «^oui^»."),
            (r#"" Déjà espacé ""#, "«^Déjà espacé^»"),
            ("« Déjà là »", "«^Déjà là^»"),
            ("«Serré»", "«^Serré^»"),
            ("Vraiment?", "Vraiment^?"),
            ("Vraiment ?", "Vraiment^?"),
            ("Non!", "Non^!"),
            ("Non !", "Non^!"),
            ("Quoi?!", "Quoi^?!"),
            ("Attention:", "Attention~:"),
            ("Attention : ceci", "Attention~: ceci"),
            ("un; deux", "un^; deux"),
            ("un ; deux", "un^; deux"),
            ("Il est 12:30.", "Il est 12:30."),
            ("voir https://example.org", "voir https://example.org"),
            ("l'homme", "l’homme"),
            ("aujourd'hui", "aujourd’hui"),
            ("C'est l'été!", "C’est l’été^!"),
            ("Et puis...", "Et puis…"),
            ("1914--1918", "1914–1918"),
            ("-- Oui, dit-elle.", "– Oui, dit-elle."),
            ("Il hésita -- puis partit.", "Il hésita~– puis partit."),
            ("M. Dupont", "M.~Dupont"),
            ("Mme Bovary", "Mme~Bovary"),
            (r#""Pourquoi?""#, "«^Pourquoi^?^»"),
            ("Entrez!", "Entrez^!"),
            (
                r#""Il a dit 'non'", répéta-t-elle."#,
                "«^Il a dit ‘non’^», répéta-t-elle.",
            ),
            ("Voici : un, deux ; trois !", "Voici~: un, deux^; trois^!"),
            ("« Qui ? » « Moi ! »", "«^Qui^?^» «^Moi^!^»"),
            ("Mlle Roux et MM. Dupont", "Mlle~Roux et MM.~Dupont"),
            ("?", "?"),
        ],
    );
}

#[test]
fn german_quotes() {
    check_table(
        "de",
        &[
            (r#""Guten Tag", sagte er."#, "„Guten Tag“, sagte er."),
            (r#"Er sagte: "Ja.""#, "Er sagte: „Ja.“"),
            ("Er sagte 'nein' leise.", "Er sagte ‚nein‘ leise."),
            ("geht's", "geht’s"),
            ("Berlin--Hamburg", "Berlin–Hamburg"),
        ],
    );
}

/// Straight quotes nested two deep, in each language's own words: the outer and
/// inner marks of its row, and no other quotation mark.
#[test]
fn nested_quotes_take_each_language_s_outer_and_inner_marks() {
    let cases = [
        (
            "ru",
            r#""Он сказал 'нет' и ушёл", вспомнила она. "'Нет', -- и всё.""#,
            "«Он сказал „нет“ и ушёл», вспомнила она. «„Нет“,~– и всё.»",
        ),
        (
            "uk",
            r#""Він сказав 'ні' й пішов", згадала вона. "'Ні', і все.""#,
            "«Він сказав „ні“ й пішов», згадала вона. «„Ні“, і все.»",
        ),
        (
            "pl",
            r#""Powiedział 'nie' i wyszedł", wspomniała. "'Nie', i już.""#,
            "„Powiedział «nie» i wyszedł”, wspomniała. „«Nie», i już.”",
        ),
        (
            "cs",
            r#""Řekl 'ne' a odešel", vzpomněla si. "'Ne', a dost.""#,
            "„Řekl ‚ne‘ a odešel“, vzpomněla si. „‚Ne‘, a dost.“",
        ),
        (
            "it",
            r#""Ha detto 'no' ed è uscito", ricordò. "'No', e basta.""#,
            "«Ha detto “no” ed è uscito», ricordò. «“No”, e basta.»",
        ),
        (
            "es",
            r#""Dijo 'no' y se fue", recordó. "'No', y ya está." ¿"Qué"? ¡Sí!"#,
            "“Dijo ‘no’ y se fue”, recordó. “‘No’, y ya está.” ¿“Qué”? ¡Sí!",
        ),
        (
            "sv",
            r#""Han sa 'nej' och gick", mindes hon. "'Nej', och inget mer.""#,
            "”Han sa ’nej’ och gick”, mindes hon. ”’Nej’, och inget mer.”",
        ),
        (
            "fi",
            r#""Hän sanoi 'ei' ja lähti." "'Ei', ja siinä kaikki.""#,
            "”Hän sanoi ’ei’ ja lähti.” ”’Ei’, ja siinä kaikki.”",
        ),
        (
            "hu",
            r#""Azt mondta, 'nem', és elment." "'Nem', és kész.""#,
            "„Azt mondta, »nem«, és elment.” „»Nem«, és kész.”",
        ),
        (
            "nl",
            r#""Hij zei 'nee' en ging." "'Nee', en klaar.""#,
            "‘Hij zei ‘nee’ en ging.’ ‘‘Nee’, en klaar.’",
        ),
        (
            "da",
            r#""Han sagde 'nej' og gik.""#,
            "“Han sagde ‘nej’ og gik.”",
        ),
        (
            "pt-PT",
            r#""Ele disse 'não' e saiu.""#,
            "«Ele disse “não” e saiu.»",
        ),
        (
            "pt-BR",
            r#""Ele disse 'não' e saiu.""#,
            "“Ele disse ‘não’ e saiu.”",
        ),
        (
            "bg",
            r#""Той каза 'не' и си тръгна.""#,
            "„Той каза „не“ и си тръгна.“",
        ),
        (
            "el",
            r#""Είπε 'όχι' και έφυγε.""#,
            "«Είπε “όχι” και έφυγε.»",
        ),
    ];
    const QUOTES: &str = "\"'“”‘’„‚«»‹›「」『』";
    for (tag, input, expected) in cases {
        check_table(tag, &[(input, expected)]);
        let marks = *lang(tag).quotes();
        let own = [marks.open, marks.close, marks.inner_open, marks.inner_close].concat();
        let out = smarten(input, &lang(tag));
        let others: String = out
            .chars()
            .filter(|c| QUOTES.contains(*c) && !own.contains(*c))
            .collect();
        assert_eq!(others, "", "{tag}: {out}");
    }
}

#[test]
fn a_paragraph_that_opens_with_a_dash_is_dialogue() {
    check_table(
        "ru",
        &[
            ("-- Да, -- сказал он.", "—~Да,~– сказал он."),
            ("--- Да.", "—~Да."),
            ("— Да, — сказал он.", "—~Да,~— сказал он."),
            ("—Да.", "—~Да."),
            // Russian's dash is the em dash: a typed en dash is left as it is.
            (
                "– Из присутствия есть бумаги?",
                "– Из присутствия есть бумаги?",
            ),
            ("Он сказал -- да.", "Он сказал~– да."),
            ("--", "—"),
        ],
    );
    check_table("uk", &[("-- Так.", "—~Так.")]);
    check_table("bg", &[("— Да.", "—~Да.")]);
    check_table("pl", &[("-- Tak -- powiedział.", "—~Tak~– powiedział.")]);
    // Spanish, Catalan and Galician set the dash close to the first word.
    check_table(
        "es",
        &[
            ("-- Hola ---dijo él.", "—Hola —dijo él."),
            ("— ¿Qué? ¡Nada!", "—¿Qué? ¡Nada!"),
        ],
    );
    check_table("ca", &[("--- Hola.", "—Hola.")]);
    // Swedish, Finnish, Norwegian, Hungarian use the en dash.
    check_table(
        "sv",
        &[
            ("-- Ja, sa hon.", "–~Ja, sa hon."),
            ("– Ja.", "–~Ja."),
            ("— Ja.", "–~Ja."),
        ],
    );
    check_table("fi", &[("– Kyllä.", "–~Kyllä.")]);
    // Not in English (quotation marks are the norm) nor, for now, in French.
    check_table("en", &[("-- Yes.", "– Yes."), ("---Yes.", "—Yes.")]);
    check_table("fr", &[("-- Oui.", "– Oui.")]);
    // The opening is read across emphasis.
    let mut inlines = vec![
        Inline::Emphasis(vec![Inline::Text("--".into())]),
        Inline::Text(" Да.".into()),
    ];
    apply_to_inlines(&mut inlines, &lang("ru"));
    assert_eq!(Inline::plain_text(&inlines), "—\u{A0}Да.");
}

#[test]
fn swiss_and_canadian_french_have_their_own_spaces() {
    check_table(
        "fr-CH",
        &[
            (r#""Bonjour", dit-il."#, "«Bonjour», dit-il."),
            (r#"" Espacé ""#, "«Espacé»"),
            ("« Qui ? » «Moi!»", "«Qui^?» «Moi^!»"),
            ("Attention : ceci; cela", "Attention^: ceci^; cela"),
            ("Il est 12:30.", "Il est 12:30."),
            (r#""Il a dit 'non'""#, "«Il a dit ‹non›»"),
        ],
    );
    check_table(
        "fr-CA",
        &[
            (r#""Bonjour", dit-il."#, "«~Bonjour~», dit-il."),
            ("« Qui? » «Moi!»", "«~Qui?~» «~Moi!~»"),
            ("Attention: ceci; cela", "Attention~: ceci; cela"),
            (r#""Il a dit 'non'""#, "«~Il a dit “non”~»"),
            ("M. Dupont", "M.~Dupont"),
        ],
    );
}

#[test]
fn conventions_come_from_the_primary_subtag() {
    let cases = [
        ("fr", "«^oui^», M.~Dupont^!"),
        ("fr-BE", "«^oui^», M.~Dupont^!"),
        ("fr-CA", "«~oui~», M.~Dupont!"),
        ("FR", "«^oui^», M.~Dupont^!"),
        ("de-CH", "„oui“, M. Dupont!"),
        ("en-GB", "“oui”, M. Dupont!"),
        ("it", "«oui», M. Dupont!"),
        ("pt-BR", "“oui”, M. Dupont!"),
        // Without a row, a language gets English-style quotes.
        ("gsw", "“oui”, M. Dupont!"),
    ];
    for (tag, expected) in cases {
        check_table(tag, &[(r#""oui", M. Dupont!"#, expected)]);
    }
}

#[test]
fn quotes_span_emphasis_and_links() {
    // "*word*" and "[link](url)": the quotes sit in other text nodes than the word.
    let mut inlines = vec![
        Inline::Text("She said \"".into()),
        Inline::Emphasis(vec![Inline::Text("never".into())]),
        Inline::Text("\" and left.".into()),
    ];
    apply_to_inlines(&mut inlines, &lang("en"));
    assert_eq!(Inline::plain_text(&inlines), "She said “never” and left.");
    let mut inlines = vec![
        Inline::Emphasis(vec![Inline::Text("\"Oui".into())]),
        Inline::Text("\", dit-il. ".into()),
        Inline::Link {
            url: "https://example.org".into(),
            content: vec![Inline::Text("Vraiment".into())],
        },
        Inline::Text("!".into()),
    ];
    apply_to_inlines(&mut inlines, &lang("fr"));
    assert_eq!(
        Inline::plain_text(&inlines),
        format!("«{NN}Oui{NN}», dit-il. Vraiment{NN}!")
    );
    // The emphasis keeps its own text: structure is untouched.
    assert!(
        matches!(&inlines[0], Inline::Emphasis(c) if Inline::plain_text(c) == format!("«{NN}Oui"))
    );
}

#[test]
fn a_note_reference_or_line_break_is_context_too() {
    let mut inlines = vec![
        Inline::Text("\"Quoted\"".into()),
        Inline::NoteRef(0),
        Inline::Text(" and 'tis so,\"".into()),
        Inline::LineBreak,
        Inline::Text("\"after a break.\"".into()),
    ];
    apply_to_inlines(&mut inlines, &lang("en"));
    assert_eq!(
        Inline::plain_text(&inlines),
        "“Quoted” and ’tis so,” “after a break.”"
    );
}

#[test]
fn the_whole_book_is_processed_in_each_story_s_language() {
    use crate::model::{Block, Book, Metadata, Story, StoryId};
    let story = |tag: &str| Story {
        id: StoryId(0),
        title: "\"Title\"".into(),
        subtitle: None,
        author: None,
        translator: None,
        epigraph: None,
        first_published: None,
        lang: lang(tag),
        blocks: vec![Block::BlockQuote(vec![Block::Paragraph(vec![
            Inline::Text("\"Non!\"".into()),
        ])])],
        notes: Vec::new(),
    };
    let mut book = Book {
        meta: Metadata {
            title: "It's".into(),
            lang: lang("en"),
            ..Metadata::default()
        },
        front: Vec::new(),
        stories: vec![story("en"), story("fr")],
        back: Vec::new(),
        cover: None,
        images: Vec::new(),
        output_texts: Vec::new(),
        lead_in: Default::default(),
        parts: Vec::new(),
        numbering: Default::default(),
    };
    apply_to_book(&mut book);
    assert_eq!(book.meta.title, "It’s");
    assert_eq!(book.stories[0].title, "“Title”");
    assert_eq!(book.stories[1].title, format!("«{NN}Title{NN}»"));
    let text = |s: &Story| match &s.blocks[0] {
        Block::BlockQuote(inner) => match &inner[0] {
            Block::Paragraph(content) => Inline::plain_text(content),
            _ => unreachable!(),
        },
        _ => unreachable!(),
    };
    assert_eq!(text(&book.stories[0]), "“Non!”");
    assert_eq!(text(&book.stories[1]), format!("«{NN}Non{NN}!{NN}»"));
}

#[test]
fn deep_nesting_is_processed_without_recursion() {
    let mut inlines = vec![Inline::Text("\"deep\"".into())];
    for _ in 0..100_000 {
        inlines = vec![Inline::Emphasis(inlines)];
    }
    let mut blocks = vec![Block::Paragraph(inlines)];
    for _ in 0..100_000 {
        blocks = vec![Block::BlockQuote(blocks)];
    }
    apply_to_blocks(&mut blocks, &lang("en"));
    // Taken apart by hand: dropping the tree would recurse in the drop glue.
    let mut inlines = Vec::new();
    while let Some(block) = blocks.pop() {
        match block {
            Block::BlockQuote(inner) => blocks = inner,
            Block::Paragraph(content) => inlines = content,
            _ => unreachable!(),
        }
    }
    let mut text = None;
    while let Some(inline) = inlines.pop() {
        match inline {
            Inline::Emphasis(inner) => inlines = inner,
            Inline::Text(t) => text = Some(t),
            _ => unreachable!(),
        }
    }
    assert_eq!(text.as_deref(), Some("“deep”"));
}

/// Without French spacing (`LangData::spacing` is `None`) typed guillemets are left
/// with the author's spaces, inside and out: only French respaces them.
#[test]
fn typed_guillemets_keep_the_author_s_spaces_outside_french() {
    for tag in ["ru", "it", "de-CH"] {
        check_table(
            tag,
            &[
                ("« Sì », disse.", "« Sì », disse."),
                ("«Sì», disse.", "«Sì», disse."),
            ],
        );
    }
}

/// A closed single quote is forgotten: a later `'` after a word is an apostrophe
/// again, not a closing inner mark (told apart where the inner close is not ’).
#[test]
fn an_apostrophe_after_a_closed_inner_quote_stays_an_apostrophe() {
    check_table(
        "de",
        &[
            (
                "Er sagte 'nein' wegen Hans' Auto.",
                "Er sagte ‚nein‘ wegen Hans’ Auto.",
            ),
            (
                "'Ja' und 'nein' und Hans' Auto.",
                "‚Ja‘ und ‚nein‘ und Hans’ Auto.",
            ),
        ],
    );
}

/// A paragraph opens with dialogue only on `--`, `---` or a dash: a lone hyphen
/// (a minus sign) at the start is left alone.
#[test]
fn a_lone_hyphen_does_not_open_dialogue() {
    check_table("ru", &[("-5 градусов.", "-5 градусов."), ("-", "-")]);
}

/// `--` typed against the first word opens dialogue with two hyphens only: the
/// word's first letter is kept.
#[test]
fn a_dialogue_dash_typed_against_the_word_keeps_the_word() {
    check_table("ru", &[("--Да.", "—~Да."), ("---Да.", "—~Да.")]);
}

/// A quote after a space and before punctuation closes: French authors type
/// `" Bonjour ",` with spaces inside.
#[test]
fn a_spaced_quote_before_a_comma_closes() {
    check_table(
        "fr",
        &[
            (r#"" Bonjour ", dit-il."#, "«^Bonjour^», dit-il."),
            (r#"" Oui ". Puis"#, "«^Oui^». Puis"),
        ],
    );
}

/// A quote between two spaces says nothing by its spaces: it opens unless one is
/// open. French authors type `dit " oui ".` mid-paragraph; it became two closing
/// guillemets (and `said " yes ".` two closing quotes in English).
#[test]
fn a_quote_between_spaces_opens_unless_one_is_open() {
    check_table(
        "fr",
        &[
            (r#"Il a dit " oui "."#, "Il a dit «^oui^»."),
            (
                r#"Il a dit " oui " et " non "."#,
                "Il a dit «^oui^» et «^non^».",
            ),
            (r#"Il a dit "oui " puis."#, "Il a dit «^oui^» puis."),
        ],
    );
    check_table(
        "en",
        &[
            (r#"He said " yes " and left."#, "He said “ yes ” and left."),
            (r#"He said "yes " and left."#, "He said “yes ” and left."),
        ],
    );
}

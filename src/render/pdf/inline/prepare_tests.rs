use super::*;
use crate::fonts::load_family;
use crate::render::pdf::inline::style::Align;

/// A word wider than the measure (digits: no hyphenation point) is broken at
/// the measure: no line of any setting the breakers offer runs past it, the
/// word's lines end ragged, and the word is noted for a warning.
#[test]
fn a_word_wider_than_the_measure_is_broken_by_force() {
    let family = load_family(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), None).unwrap();
    let mut shaper = Shaper::new(&family);
    let lang = crate::lang::Lang::parse("en").unwrap();
    for align in [Align::Justify, Align::Left, Align::Center] {
        let style = ParagraphStyle {
            base: FontStyle::Regular,
            size: Pt(11.0),
            first_indent: Pt(11.0),
            measure: Pt(288.0),
            align,
            hyphenate: true,
            language: &lang,
            hanging: (0, Pt::ZERO),
        };
        let text = format!(
            "Before {} after, and a few words more.",
            "0123456789".repeat(100)
        );
        let prepared = PreparedParagraph::new(&mut shaper, &[Inline::Text(text)], &style).unwrap();
        let natural = prepared.break_lines(&style);
        assert!(natural.len() >= 10, "{align:?}: {} lines", natural.len());
        let every: Vec<usize> = (0..=natural.len() * 2).collect();
        let mut settings = prepared.breaks_by_count(&style, 2.0, &every);
        settings.push(natural);
        for lines in &settings {
            for (i, line) in lines.iter().enumerate() {
                let metrics = super::super::items::line_metrics(&prepared.items, line);
                let measure = style.line_measure(i).0;
                assert!(
                    metrics.overflow(measure) < 0.01,
                    "{align:?} line {i}: {metrics:?}"
                );
            }
            let set = prepared.set(lines, &style);
            for (i, line) in set.iter().enumerate() {
                assert!(
                    line.width.0 <= 288.0 + 0.01,
                    "{align:?} set line {i}: {}",
                    line.width.0
                );
            }
        }
    }
    assert_eq!(shaper.forced_breaks(), ["0123456789".repeat(4)]);
}

#[test]
fn a_long_paragraph_can_be_set_a_line_longer_or_shorter() {
    let family = load_family(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), None).unwrap();
    let mut shaper = Shaper::new(&family);
    let text = "She had been photographed so often that the camera no longer frightened her, \
        and yet every morning, before the light came up over the terraces of the old town, \
        she rehearsed the smile she would give the strangers who waited at the gate; it was a \
        small smile, almost apologetic, and the photographers loved it because it seemed to \
        promise a story that she never told. In the afternoons she walked along the river \
        with her sister, who talked about money and husbands and the price of bread, and in \
        the evenings she read the letters that came from Paris and Rome and Hollywood.";
    let style = ParagraphStyle {
        base: FontStyle::Regular,
        size: Pt(11.0),
        first_indent: Pt(11.0),
        measure: Pt(288.0),
        align: Align::Justify,
        hyphenate: true,
        language: &crate::lang::Lang::parse("en").unwrap(),
        hanging: (0, Pt::ZERO),
    };
    let text = format!("{text} {text} {text}");
    let prepared = PreparedParagraph::new(&mut shaper, &[Inline::Text(text)], &style).unwrap();
    let natural = prepared.break_lines(&style).len();
    let counts: Vec<usize> = prepared
        .breaks_by_count(&style, 2.0, &[natural - 1, natural + 1])
        .iter()
        .map(|l| l.len())
        .collect();
    assert!(
        counts.contains(&(natural + 1)) || counts.contains(&(natural - 1)),
        "natural {natural}, offered {counts:?}"
    );
}

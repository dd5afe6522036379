//! Tables typeset in the PDF (issue #13): every cell's text in order, a table
//! wider than the measure wrapped within it, a long table split between rows with
//! its header on each page, a row taller than a page split between its lines, the
//! rows and the text after them on the baseline grid, the booktabs rules drawn.
//! One book, one build.

use crate::common::*;

/// A small captioned table, a wide one, one of 120 rows, and one whose row is
/// taller than a page.
fn story() -> String {
    let rows: String = (1..=120)
        .map(|i| format!("| Row{i} | {} | {} |\n", "word ".repeat(i % 4 + 1), i * 37))
        .collect();
    let gloss = tall_gloss();
    format!(
        "The expedition set out at dawn, and the first thing anyone saw was the map. They \
walked for hours along the river before anyone spoke of where they were going.

Table: Distances along the route.

| Place | Miles | Notes |
|:------|------:|:-----:|
| Ford  | 3 | shallow |
| Ridge | 12 | steep |

After the table the text goes on, and it sits on the grid just as before, each of its \
lines on the baselines of the facing page, as a book's lines are.

| Name | Description | Count |
|---|---|--:|
| Alpha | A rather long description that will not fit on one line of the table and so must \
wrap within its cell, several times over, as the tables of real books do. | 1 |
| Beta | Short. | 22 |
| Gammadelta | Another long text that goes on and on about the many virtues of the thing \
described, until the reader tires of it and turns the page. | 333 |

The text between the tables is set as any other paragraph of the story, justified on \
the measure, and it reaches the right edge of the text block.

| Index | Words | Value |
|---|---|--:|
{rows}
| Term | Gloss |
|---|---|
| Longword | {gloss} |
| After | last |

The end.
"
    )
}

/// Per page: the text spans (text, size, left, right, baseline) and the filled
/// rectangles (left, top, width, height), by PyMuPDF.
const SCRIPT: &str = r#"
import json, sys, pymupdf
pages = []
for page in pymupdf.open(sys.argv[1]):
    spans = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            for s in line["spans"]:
                if s["text"].strip():
                    spans.append([s["text"], s["size"], s["bbox"][0], s["bbox"][2], s["origin"][1]])
    rules = [[d["rect"].x0, d["rect"].y0, d["rect"].width, d["rect"].height]
             for d in page.get_drawings() if d.get("fill") is not None]
    pages.append({"spans": spans, "rules": rules})
print(json.dumps(pages))
"#;

/// A cell of 700 numbered words: some 70 lines, more than a page holds.
fn tall_gloss() -> String {
    (1..=700).map(|i| format!("g{i} ")).collect()
}

struct Span {
    text: String,
    size: f64,
    x0: f64,
    x1: f64,
    baseline: f64,
}

#[test]
fn tables_are_typeset_on_the_grid_in_the_pdf() {
    let book = sample_book_copy("content-tables");
    std::fs::write(book.join("stories/tables.md"), story()).unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"Tables\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\n\n[[stories]]\nfile = \"stories/tables.md\"\ntitle = \"Tables\"\n",
    )
    .unwrap();
    let out = book.join("out");
    let output = build(&book, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let pdf = out.join("tables.pdf");
    if let Some((ok, report)) = qpdf_check(&pdf) {
        assert!(ok, "{report}");
    }
    let Some(pages) = pymupdf_json(SCRIPT, &pdf) else {
        return;
    };
    let pages: Vec<(Vec<Span>, Vec<Vec<f64>>)> = pages
        .as_array()
        .unwrap()
        .iter()
        .map(|page| {
            let spans = page["spans"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| Span {
                    text: s[0].as_str().unwrap().to_string(),
                    size: s[1].as_f64().unwrap(),
                    x0: s[2].as_f64().unwrap(),
                    x1: s[3].as_f64().unwrap(),
                    baseline: s[4].as_f64().unwrap(),
                })
                .collect();
            let rules = serde_json::from_value(page["rules"].clone()).unwrap();
            (spans, rules)
        })
        .collect();
    // Every cell's text, row by row, in order (each page's spans by baseline,
    // then from left to right).
    let mut found = Vec::new();
    for (spans, _) in &pages {
        let mut spans: Vec<&Span> = spans.iter().collect();
        spans.sort_by(|a, b| (a.baseline, a.x0).partial_cmp(&(b.baseline, b.x0)).unwrap());
        for span in spans {
            found.extend(words(&span.text));
        }
    }
    let mut cells = vec!["Distances along the route".to_string()];
    cells.extend(["Place Miles Notes", "Ford 3 shallow", "Ridge 12 steep"].map(String::from));
    cells.push("Name Description Count Alpha A rather long description".into());
    cells.push("as the tables of real books do".into());
    cells.push("Beta Short 22 Gammadelta Another".into());
    cells.push("Index Words Value".into());
    for i in 1..=120 {
        cells.push(format!("Row{i} {} {}", "word ".repeat(i % 4 + 1), i * 37));
    }
    // Every word of the tall row, on the pages (none drawn past their foot).
    cells.push(format!("Term Gloss Longword {} After last", tall_gloss()));
    let mut at = 0;
    for cell in &cells {
        match find_in_order(&found, &words(cell), at) {
            Ok(next) => at = next,
            Err(word) => panic!("`{word}` of `{cell}` in order in {:?}", &found[at..]),
        }
    }
    // The sample's grid: 11 pt type on 14 pt leading.
    let (body, leading) = (11.0, 14.0);
    let mut row_pages = Vec::new();
    for (number, (spans, rules)) in pages.iter().enumerate() {
        let text: Vec<&Span> = spans
            .iter()
            .filter(|s| (s.size - body).abs() < 0.1)
            .collect();
        let cells: Vec<&Span> = spans
            .iter()
            .filter(|s| s.size < body - 0.5 && s.size > 6.0)
            .collect();
        if cells.is_empty() {
            continue;
        }
        // The text, the cells and the captions all stand on the page's grid.
        let first = text
            .iter()
            .chain(&cells)
            .map(|s| s.baseline)
            .fold(f64::MAX, f64::min);
        for span in text.iter().chain(&cells) {
            let lines = (span.baseline - first) / leading;
            assert!(
                (lines - lines.round()).abs() < 0.01,
                "`{}` on page {number} is off the grid ({lines} lines down)",
                span.text
            );
        }
        // Nothing reaches past the text block: the justified paragraphs' edges.
        if text.len() > 2 {
            let left = text.iter().map(|s| s.x0).fold(f64::MAX, f64::min);
            let right = text.iter().map(|s| s.x1).fold(f64::MIN, f64::max);
            for cell in &cells {
                assert!(
                    cell.x0 >= left - 0.1 && cell.x1 <= right + 0.1,
                    "`{}` on page {number} leaves the text block {left}–{right}: {}–{}",
                    cell.text,
                    cell.x0,
                    cell.x1
                );
            }
        }
        // The long table: its header above its rows on every page, closed and
        // opened by rules (no vertical ones).
        if cells.iter().any(|s| s.text.starts_with("Row")) {
            row_pages.push(number);
            let top = |word: &str| {
                cells
                    .iter()
                    .find(|s| s.text.contains(word))
                    .map(|s| s.baseline)
            };
            let header = top("Index").expect("the header on each page of the long table");
            assert!(top("Row").unwrap() > header, "the header above the rows");
            let across = rules.iter().filter(|r| r[2] > 100.0 && r[3] < 1.5).count();
            assert!(across >= 3, "rules on page {number}: {rules:?}");
            assert!(
                rules.iter().all(|r| r[3] < 1.5),
                "no vertical rules: {rules:?}"
            );
        }
    }
    assert!(row_pages.len() >= 3, "120 rows span pages: {row_pages:?}");
}

//! Images and figures (issue #13): a story with a captioned PNG with alpha, a
//! 2400 × 1600 JPEG, an inline PNG, lists, a table and a cross-reference builds
//! into a valid EPUB (each image once in the manifest, `<figure>`/`<figcaption>`,
//! alt text) and PDF (each image one XObject however often drawn, the caption
//! printed, no figure across the page's foot); a figure that does not fit floats
//! to the next page's top while the text after it fills the gap.

use std::path::{Path, PathBuf};

use crate::common::*;

const STORY: &str = "# The Route {#the-route}

The expedition set out at dawn, and the first thing anyone saw was the map.

![A red disc in a blue frame](../images/map.png \"The map of the route, as drawn by the guide.\")

They walked for hours. A small leaf ![a leaf](../images/leaf.png) marked each resting place.

3. Third step
4. Fourth step
5. Fifth step

- a bullet
- another bullet

| Place | Miles |
|:------|------:|
| Ford  | 3 |
| Ridge | 12 |

![A blue sky with a yellow band](../images/photo.jpg)

See [the route](#the-route) for where it began. The same map again:

![A red disc in a blue frame](../images/map.png)

And the grey one ![a grey square](../images/grey16.png), and one without alt text:

![](../images/coarse.jpg \"A coarse picture\")
";

/// The sample book's fonts and a one-story manifest around `story`, with the
/// fixture images in `images/`.
fn image_book(name: &str, story: &str, pdf: &str) -> PathBuf {
    let book = sample_book_copy(name);
    std::fs::create_dir_all(book.join("images")).unwrap();
    let fixtures = repo_root().join("tests/fixtures/images");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, book.join("images").join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(book.join("stories/figures.md"), story).unwrap();
    std::fs::write(
        book.join("book.toml"),
        format!("[book]\ntitle = \"Figures\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\n\n[[stories]]\nfile = \"stories/figures.md\"\ntitle = \"Figures\"\n\n[output.pdf]\n{pdf}"),
    )
    .unwrap();
    book
}

/// Per page: the images drawn (xref, pixel width, bbox) and the text lines (top,
/// bottom, text), by PyMuPDF; `None` when it is not installed.
fn pdf_pages(pdf: &Path) -> Option<serde_json::Value> {
    let script = "import sys, json, pymupdf
pages = []
for page in pymupdf.open(sys.argv[1]):
    images = [{'xref': i['xref'], 'width': i['width'], 'bbox': list(i['bbox'])} for i in page.get_image_info(xrefs=True)]
    xobjects = [x[0] for x in page.get_images(full=True)]
    lines = []
    for block in page.get_text('dict')['blocks']:
        for line in block.get('lines', []):
            text = ''.join(s['text'] for s in line['spans'])
            lines.append({'top': line['bbox'][1], 'bottom': line['bbox'][3], 'text': text})
    pages.append({'images': images, 'xobjects': xobjects, 'lines': lines, 'height': page.rect.height})
print(json.dumps(pages))";
    pymupdf_json(script, pdf)
}

#[test]
fn a_story_with_images_builds_valid_outputs_with_each_image_once() {
    let book = image_book("images-done-when", STORY, "");
    let out = book.join("out");
    let output = build(&book, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{stderr}");
    // The image without alt text is named, at its line and column.
    assert!(
        stderr.contains("warning[image-alt]") && stderr.contains("figures.md:29:1"),
        "{stderr}"
    );
    assert!(!stderr.contains("unsupported]: the image"), "{stderr}");
    // Figures are never enlarged past 300 ppi: nothing is too coarse at 200.
    assert!(!stderr.contains("image-resolution"), "{stderr}");

    let epub = out.join("figures.epub");
    if let Some((errors, warnings, report)) = epubcheck(&epub) {
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }
    // Accessible with its images, lists and table: Ace finds nothing, and the
    // claims name the visual content and its descriptions.
    if let Some(report) = ace(&epub) {
        assert!(report.violations.is_empty(), "{:#?}", report.violations);
    }
    let opf = zip_entry(&epub, "OEBPS/content.opf");
    assert!(opf.contains(">visual</meta>"), "accessMode visual: {opf}");
    let xhtml = zip_entry(&epub, "OEBPS/story-001.xhtml");
    // Five files, each once, though the map is shown twice.
    assert_eq!(opf.matches("href=\"images/img-").count(), 5, "{opf}");
    for (file, media) in [
        ("images/img-1.png", "image/png"),
        ("images/img-2.png", "image/png"),
        ("images/img-3.jpg", "image/jpeg"),
    ] {
        assert!(
            opf.contains(&format!(
                "media-type=\"{media}\" id=\"id_{}\" href=\"{file}\"",
                file.replace('/', "_")
            )),
            "{file} in {opf}"
        );
    }
    assert_eq!(xhtml.matches("<img ").count(), 6, "{xhtml}");
    for alt in [
        "A red disc in a blue frame",
        "a leaf",
        "A blue sky with a yellow band",
        "a grey square",
    ] {
        assert!(
            xhtml.contains(&format!("alt=\"{alt}\"")),
            "{alt} in {xhtml}"
        );
    }
    assert!(xhtml.contains("<figure>\n<img src=\"images/img-1.png\" alt=\"A red disc in a blue frame\"/>\n<figcaption>The map of the route, as drawn by the guide.</figcaption>\n</figure>"), "{xhtml}");
    assert!(xhtml.contains("<img src=\"images/img-2.png\" alt=\"a leaf\" class=\"inline\"/>"));
    assert!(xhtml.contains("<ol start=\"3\">") && xhtml.contains("<table>"));
    // Images make the book visual; one has no alt text, so no alternativeText.
    assert!(
        opf.contains(">visual<") && !opf.contains("alternativeText"),
        "{opf}"
    );

    let pdf = out.join("figures.pdf");
    if let Some((ok, report)) = qpdf_check(&pdf) {
        assert!(ok, "{report}");
    }
    if let Some(text) = pdf_text(&pdf) {
        let text = text.replace('\n', " ");
        assert!(
            text.contains("The map of the route, as drawn by the guide."),
            "{text}"
        );
        assert!(
            text.contains("A coarse picture") && text.contains("3. Third step"),
            "{text}"
        );
    }
    let Some(pages) = pdf_pages(&pdf) else {
        return;
    };
    let pages = pages.as_array().unwrap();
    let drawn: Vec<&serde_json::Value> = pages
        .iter()
        .flat_map(|p| p["images"].as_array().unwrap())
        .collect();
    // Six drawings (the map twice) of five XObjects.
    assert_eq!(drawn.len(), 6, "{drawn:?}");
    let mut xrefs: Vec<i64> = drawn.iter().map(|i| i["xref"].as_i64().unwrap()).collect();
    xrefs.sort_unstable();
    xrefs.dedup();
    assert_eq!(xrefs.len(), 5, "the map is one XObject: {drawn:?}");
    let widths: Vec<i64> = drawn.iter().map(|i| i["width"].as_i64().unwrap()).collect();
    assert!(widths.contains(&2400) && widths.contains(&64), "{widths:?}");
    figures_stay_on_their_pages(pages);
    // The photo does not fit under the table: it and the figures after it wait
    // for the next page, in their order, while the text after them fills the page.
    let page_of_image = |width: i64| {
        pages.iter().position(|p| {
            p["images"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["width"].as_i64() == Some(width))
        })
    };
    let page_of_text = |text: &str| page_with_text(pages, text);
    let photo = page_of_image(2400).expect("the photo is drawn");
    let grey_line = page_of_text("And the grey one").expect("the last line of text");
    assert_eq!(
        page_of_text("Ridge"),
        Some(grey_line),
        "the text after the photo fills the table's page"
    );
    assert_eq!(photo, grey_line + 1, "the photo opens the next page");
    let tops: Vec<f64> = pages[photo]["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["bbox"][1].as_f64().unwrap())
        .collect();
    assert_eq!(
        tops.len(),
        3,
        "photo, map and coarse picture together: {tops:?}"
    );
    assert!(
        tops.windows(2).all(|w| w[0] < w[1]),
        "in the story's order: {tops:?}"
    );
}

/// No image crosses the foot of the text block: it ends above the page's lowest
/// text line's bottom (the folio) and within the page.
fn figures_stay_on_their_pages(pages: &[serde_json::Value]) {
    for (number, page) in pages.iter().enumerate() {
        let height = page["height"].as_f64().unwrap();
        for image in page["images"].as_array().unwrap() {
            let bbox: Vec<f64> = image["bbox"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            assert!(
                bbox[1] > 0.0 && bbox[3] < height - 36.0,
                "page {number}: {bbox:?}"
            );
        }
    }
}

/// The first page (of `pdf_pages`') with a text line holding `text`.
fn page_with_text(pages: &[serde_json::Value], text: &str) -> Option<usize> {
    pages.iter().position(|p| {
        p["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["text"].as_str().unwrap().contains(text))
    })
}

/// How low a page's text reaches: its last line's bottom, the folio left out.
fn last_text_bottom(page: &serde_json::Value) -> f64 {
    let lines = page["lines"].as_array().unwrap();
    lines[..lines.len().saturating_sub(1)]
        .iter()
        .map(|l| l["bottom"].as_f64().unwrap())
        .fold(0.0, f64::max)
}

/// Filler paragraphs of about five lines each, numbered.
fn filler(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|n| format!("Paragraph number{n} runs on for a while, as paragraphs do, with words enough to fill several lines of the measure: the walkers crossed the ford, climbed the ridge, rested under the pines and argued about the map, the weather and the way home before the night came down on them.\n\n"))
        .collect()
}

#[test]
fn a_figure_that_does_not_fit_floats_to_the_next_page_and_the_text_fills_the_gap() {
    let mut floated = 0;
    for before in 3..9 {
        let story = format!(
            "{}![A blue sky with a yellow band](../images/photo.jpg \"The sky.\")\n\nAfterward the text goes on.\n\n{}",
            filler(0, before),
            filler(100, 12)
        );
        let book = image_book(&format!("images-float-{before}"), &story, "");
        let out = book.join("out");
        build_ok(&book, &out, &[]);
        // Every image described: the EPUB claims alternative text.
        let opf = zip_entry(&out.join("figures.epub"), "OEBPS/content.opf");
        assert!(
            opf.contains(">alternativeText<") && opf.contains(">visual<"),
            "{opf}"
        );
        let Some(pages) = pdf_pages(&out.join("figures.pdf")) else {
            return;
        };
        let pages = pages.as_array().unwrap();
        figures_stay_on_their_pages(pages);
        let figure_page = pages
            .iter()
            .position(|p| !p["images"].as_array().unwrap().is_empty())
            .expect("the figure is drawn");
        let page_of = |text: &str| page_with_text(pages, text);
        let after = page_of("Afterward").expect("the text after the figure");
        if after < figure_page {
            floated += 1;
            // The page the text flowed into is as full as the other full pages:
            // its last text line (before the folio) is as low as theirs.
            let deepest = pages.iter().map(last_text_bottom).fold(0.0, f64::max);
            let gap = deepest - last_text_bottom(&pages[after]);
            assert!(
                gap < 30.0,
                "{before}: the page before the figure ends {gap} pt short"
            );
            // The figure opens its page: no text line above it.
            let image_top = pages[figure_page]["images"][0]["bbox"][1].as_f64().unwrap();
            let above = pages[figure_page]["lines"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|l| {
                    l["bottom"].as_f64().unwrap() < image_top
                        && !l["text"].as_str().unwrap().contains("FIGURES")
                })
                .count();
            assert_eq!(above, 0, "{before}: text above a floated figure");
        }
    }
    assert!(floated > 0, "no layout made the figure float");
}

#[test]
fn figures_met_while_the_text_fills_a_gap_wait_behind_the_first_in_order() {
    let mut queued = 0;
    for before in [3, 5, 7] {
        let story = format!(
            "{}![A blue sky with a yellow band](../images/photo.jpg \"The sky.\")\n\nA short line.\n\n![A red disc in a blue frame](../images/map.png \"The map.\")\n\nAfterward the text goes on.\n\n{}",
            filler(0, before),
            filler(100, 12)
        );
        let book = image_book(&format!("images-queue-{before}"), &story, "");
        let out = book.join("out");
        build_ok(&book, &out, &["--pdf"]);
        let Some(pages) = pdf_pages(&out.join("figures.pdf")) else {
            return;
        };
        let pages = pages.as_array().unwrap();
        figures_stay_on_their_pages(pages);
        let images: Vec<(usize, i64, f64)> = pages
            .iter()
            .enumerate()
            .flat_map(|(n, p)| {
                p["images"].as_array().unwrap().iter().map(move |i| {
                    (
                        n,
                        i["width"].as_i64().unwrap(),
                        i["bbox"][1].as_f64().unwrap(),
                    )
                })
            })
            .collect();
        assert_eq!(images.len(), 2, "{images:?}");
        // The map never overtakes the photo.
        assert_eq!(images[0].1, 2400, "{images:?}");
        assert!(
            (images[0].0, images[0].2) < (images[1].0, images[1].2),
            "{images:?}"
        );
        let page_of = |text: &str| page_with_text(pages, text);
        let short_line = page_of("A short line").unwrap();
        if images[0].0 > short_line && images[1].0 == images[0].0 {
            // The map queued behind the photo, not merely next in the flow.
            if page_of("Afterward").unwrap() < images[0].0 {
                queued += 1;
            }
            // Both figures open their page, photo first, and the text after
            // them came up to fill the page before: its last line is as low as
            // any page's.
            let deepest = pages.iter().map(last_text_bottom).fold(0.0, f64::max);
            let gap = deepest - last_text_bottom(&pages[images[0].0 - 1]);
            assert!(gap < 30.0, "{before}: the page before ends {gap} pt short");
            let first_line_top = pages[images[0].0]["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| (l["text"].as_str().unwrap(), l["top"].as_f64().unwrap()))
                .filter(|(text, _)| !["FIGURES", "The sky.", "The map."].contains(text))
                .map(|(_, top)| top)
                .fold(f64::MAX, f64::min);
            assert!(images[1].2 < first_line_top, "{before}: text above the map");
        }
    }
    assert!(queued > 0, "no layout queued the map behind the photo");
}

#[test]
fn an_image_printed_coarser_than_image_dpi_min_is_named_with_its_resolution() {
    let story = "A small leaf ![a leaf](../images/leaf.png) marked the place.\n";
    let book = image_book("images-dpi", story, "image_dpi_min = 1000\n");
    let out = book.join("out");
    let output = build(&book, &out, &["--pdf"]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{stderr}");
    // 64 pixels set at the capitals' height of 11 pt type: about 600 ppi.
    let stderr = format!("\n{stderr}");
    let warning = stderr
        .split("\nwarning[")
        .find(|w| w.starts_with("image-resolution"))
        .unwrap_or_else(|| panic!("no image-resolution warning: {stderr}"));
    assert!(
        warning.contains("`../images/leaf.png` prints at"),
        "{warning}"
    );
    assert!(warning.contains("figures.md:1:"), "{warning}");
    let ppi: f32 = warning
        .split("prints at ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!((500.0..800.0).contains(&ppi), "{ppi}");
}

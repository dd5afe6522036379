//! The pipeline's stages, each timed alone, on the sample book and on a generated
//! book of 100,000 words: `cargo bench --bench stages`.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use folio::build::{load, LoadedBook};
use folio::fonts::FontStyle;
use folio::model::{Block, Inline};
use folio::render::pdf::compose::compose;
use folio::render::pdf::flow::flow_story;
use folio::render::pdf::pagebreak::{break_pages, PageParams};
use folio::render::pdf::paragraph::{Align, ParagraphStyle, PreparedParagraph};
use folio::render::pdf::shaping::Shaper;
use folio::render::pdf::{finish, writer};
use folio::render::{epub, pdf};

#[allow(dead_code)]
#[path = "../examples/gen-corpus.rs"]
mod gen_corpus;

/// The books to measure: the sample book, and a generated one written once (in a
/// folder named after the generator's source, so a changed generator writes a new one).
fn books() -> Vec<(&'static str, PathBuf)> {
    use std::hash::{Hash, Hasher};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    include_str!("../examples/gen-corpus.rs").hash(&mut hasher);
    let stamp = hasher.finish() as u32;
    let generated = std::env::temp_dir().join(format!("folio-bench-100k-{stamp:08x}"));
    if !generated.join("book.toml").exists() {
        let _ = std::fs::remove_dir_all(&generated);
        gen_corpus::run(20, 5000, 1, "en", &generated).expect("generate the 100k book");
    }
    vec![("sample", root), ("100k", generated)]
}

fn loaded(dir: &Path) -> LoadedBook {
    load(dir, Some(0)).expect("the book loads")
}

fn paragraphs(book: &folio::model::Book) -> Vec<&[Inline]> {
    book.stories
        .iter()
        .flat_map(|s| s.blocks.iter())
        .filter_map(|b| match b {
            Block::Paragraph(content) => Some(content.as_slice()),
            _ => None,
        })
        .collect()
}

fn words(book: &folio::model::Book) -> Vec<String> {
    let mut words: Vec<String> = paragraphs(book)
        .iter()
        .flat_map(|p| {
            Inline::plain_text(p)
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

fn stages(c: &mut Criterion) {
    for (name, dir) in books() {
        let book = loaded(&dir);
        let ctx = book.context("pdf").unwrap();
        let options = &folio::render::pdf::PdfOptions::from_manifest(&book.manifest).unwrap();
        let geometry = options.geometry().expect("valid geometry");
        let style = ParagraphStyle {
            base: FontStyle::Regular,
            size: options.font_size,
            first_indent: options.font_size,
            measure: geometry.measure(),
            align: Align::Justify,
            hyphenate: true,
            language: &book.book.meta.lang,
            hanging: (0, 0.0),
        };
        let mut group = c.benchmark_group(name);
        group.sample_size(10);

        group.bench_function("read (manifest, sources, fonts, typography)", |b| {
            b.iter(|| loaded(&dir))
        });

        group.bench_function("typography", |b| {
            b.iter_batched(
                || book.book.clone(),
                |mut copy| folio::typography::apply_to_book(&mut copy),
                BatchSize::LargeInput,
            )
        });

        let distinct = words(&book.book);
        group.bench_function("shaping (distinct words, cold cache)", |b| {
            b.iter(|| {
                let mut shaper = Shaper::new(book.context("pdf").unwrap().fonts);
                for word in &distinct {
                    let _ = shaper.shape(FontStyle::Regular, word);
                }
                shaper.cached_words()
            })
        });

        let paras = paragraphs(&book.book);
        let mut warm = Shaper::new(book.context("pdf").unwrap().fonts);
        group.bench_function("line breaking (items, hyphenation, Knuth–Plass)", |b| {
            b.iter(|| {
                paras
                    .iter()
                    .map(|p| {
                        let prepared = PreparedParagraph::new(&mut warm, p, &style).unwrap();
                        prepared.break_lines(&style).len()
                    })
                    .sum::<usize>()
            })
        });

        let params = PageParams {
            lines_per_page: geometry.lines_per_page,
            widow_orphan_control: true,
            first_page_number: 1,
        };
        let story_lines: Vec<_> = book
            .book
            .stories
            .iter()
            .map(|story| {
                flow_story(&book.book, story, &mut warm, &geometry, options, &params)
                    .unwrap()
                    .lines
            })
            .collect();
        group.bench_function("page breaking (fixed lines)", |b| {
            b.iter(|| {
                story_lines
                    .iter()
                    .map(|lines| break_pages(lines, &params).len())
                    .sum::<usize>()
            })
        });

        group.bench_function("layout (lines, pages, moved lines; parallel)", |b| {
            b.iter_batched(
                || Shaper::new(book.context("pdf").unwrap().fonts),
                |mut shaper| {
                    let font = &book.context("pdf").unwrap().fonts.name;
                    compose(&book.book, font, &mut shaper, &geometry, options).unwrap()
                },
                BatchSize::LargeInput,
            )
        });

        let mut shaper = Shaper::new(book.context("pdf").unwrap().fonts);
        let font = &book.context("pdf").unwrap().fonts.name;
        let composed = compose(&book.book, font, &mut shaper, &geometry, options).unwrap();
        group.bench_function("PDF writing (fonts, content, finishing)", |b| {
            b.iter(|| {
                let document = writer::write(
                    &composed,
                    book.context("pdf").unwrap().fonts,
                    &shaper,
                    &geometry,
                    &book.book.meta.title,
                )
                .unwrap();
                finish::finish_document(document, &finish::Finishing::default())
                    .unwrap()
                    .len()
            })
        });

        group.bench_function("PDF (whole renderer)", |b| {
            b.iter(|| pdf::render(&ctx, options).unwrap().1)
        });

        let epub_ctx = book.context("epub").unwrap();
        group.bench_function("EPUB writing", |b| {
            b.iter(|| {
                epub::render(&epub_ctx, &folio::render::epub::EpubOptions::default())
                    .unwrap()
                    .len()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);

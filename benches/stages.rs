//! The pipeline's stages, each timed alone: `cargo bench --bench stages`. On two
//! real novels made from the shared corpus (Tom Sawyer, Anna Karenina; by
//! `scripts/corpus-books.py`, when `../shared/corpus` or `$CORPUS` is there), the
//! sample book and a generated book of 100,000 words; criterion reports each
//! stage's throughput in words a second (distinct words for shaping). The PDF
//! engine's four stages each have theirs: inline (shaping, line breaking, line
//! setting), flow (page breaking, stories to placed pages), pages (the whole book
//! composed) and output (writing, finishing). `cargo bench --bench stages -- anna`
//! runs one book's.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use folio::build::{load, LoadedBook};
use folio::fonts::FontStyle;
use folio::model::{Block, Inline};
use folio::render::pdf::flow::pagebreak::{break_pages, PageParams};
use folio::render::pdf::flow::{flow, flowed_pages, FlowInput};
use folio::render::pdf::inline::Shaper;
use folio::render::pdf::inline::{Align, ParagraphStyle, PreparedParagraph};
use folio::render::pdf::output::{self, Finishing};
use folio::render::pdf::pages::compose::compose;
use folio::render::{epub, pdf};
use folio::units::Pt;

#[allow(dead_code)]
#[path = "../examples/gen-corpus.rs"]
mod gen_corpus;

/// The books to measure: the real novels (when the corpus is there), the sample
/// book, and a generated one. Each made book is written once, in a folder named
/// after what made it, so a changed generator or script writes a new one.
fn books() -> Vec<(&'static str, PathBuf)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let generated = std::env::temp_dir().join(format!(
        "folio-bench-100k-{:08x}",
        stamp(include_str!("../examples/gen-corpus.rs"))
    ));
    if !generated.join("book.toml").exists() {
        let _ = std::fs::remove_dir_all(&generated);
        gen_corpus::run(20, 5000, 1, "en", &generated).expect("generate the 100k book");
    }
    let mut books = corpus_books(&root);
    books.extend([("sample", root), ("100k", generated)]);
    books
}

/// Tom Sawyer and Anna Karenina as books, made by `scripts/corpus-books.py`; none,
/// said on stderr, without the corpus or Python.
fn corpus_books(root: &Path) -> Vec<(&'static str, PathBuf)> {
    let corpus = std::env::var_os("CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus"));
    let script = root.join("scripts/corpus-books.py");
    let made = std::env::temp_dir().join(format!(
        "folio-bench-corpus-{:08x}",
        stamp(include_str!("../scripts/corpus-books.py"))
    ));
    let books = [("tom", "tom-sawyer"), ("anna", "anna-karenina")];
    let ready = |made: &Path| {
        books
            .iter()
            .all(|(_, dir)| made.join(dir).join("book.toml").exists())
    };
    if !ready(&made) {
        let status = std::process::Command::new("python3")
            .arg(&script)
            .arg(&made)
            .arg("--corpus")
            .arg(&corpus)
            .arg("--force")
            .stdout(std::process::Stdio::null())
            .status();
        if !matches!(status, Ok(s) if s.success()) || !ready(&made) {
            eprintln!(
                "stages: the real books are left out: {} could not make them from {} \
                 (set CORPUS to the folder with the novels)",
                script.display(),
                corpus.display()
            );
            return Vec::new();
        }
    }
    books
        .iter()
        .map(|(name, dir)| (*name, made.join(dir)))
        .collect()
}

/// A stable stamp of a text (the source of what makes a book).
fn stamp(text: &str) -> u32 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish() as u32
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

fn distinct_words(book: &folio::model::Book) -> Vec<String> {
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
        let fonts = ctx.fonts;
        let options = &folio::render::pdf::PdfOptions::from_manifest(&book.manifest).unwrap();
        let geometry = options.geometry().expect("valid geometry");
        let settings = options.typesetting();
        let style = ParagraphStyle {
            base: FontStyle::Regular,
            size: geometry.font_size,
            first_indent: geometry.font_size,
            measure: geometry.measure(),
            align: Align::Justify,
            hyphenate: true,
            language: &book.book.meta.lang,
            hanging: (0, Pt::ZERO),
        };
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        // Words as `folio build` counts them: each stage's rate is words a second.
        let words = Throughput::Elements(book.book.word_count() as u64);
        group.throughput(words.clone());

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

        let distinct = distinct_words(&book.book);
        group.throughput(Throughput::Elements(distinct.len() as u64));
        group.bench_function("inline: shaping (distinct words, cold cache)", |b| {
            b.iter(|| {
                let mut shaper = Shaper::new(fonts);
                for word in &distinct {
                    let _ = shaper.shape(FontStyle::Regular, word);
                }
                shaper.cached_words()
            })
        });

        group.throughput(words);
        let paras = paragraphs(&book.book);
        let mut warm = Shaper::new(fonts);
        group.bench_function(
            "inline: line breaking (items, hyphenation, Knuth–Plass)",
            |b| {
                b.iter(|| {
                    paras
                        .iter()
                        .map(|p| {
                            let prepared = PreparedParagraph::new(&mut warm, p, &style).unwrap();
                            prepared.break_lines(&style).len()
                        })
                        .sum::<usize>()
                })
            },
        );

        let broken: Vec<_> = paras
            .iter()
            .map(|p| {
                let prepared = PreparedParagraph::new(&mut warm, p, &style).unwrap();
                let breaks = prepared.break_lines(&style);
                (prepared, breaks)
            })
            .collect();
        group.bench_function("inline: line setting (breaks → set lines)", |b| {
            b.iter(|| {
                broken
                    .iter()
                    .map(|(prepared, breaks)| prepared.set(breaks, &style).len())
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
                flow(
                    &FlowInput::story(&book.book, story),
                    &mut warm,
                    &geometry,
                    &settings,
                    &params,
                )
                .unwrap()
                .lines
            })
            .collect();
        group.bench_function("flow: page breaking (fixed lines)", |b| {
            b.iter(|| {
                story_lines
                    .iter()
                    .map(|lines| break_pages(lines, &params).len())
                    .sum::<usize>()
            })
        });

        group.bench_function(
            "flow: stories → placed pages (moved lines; one thread)",
            |b| {
                b.iter(|| {
                    book.book
                        .stories
                        .iter()
                        .enumerate()
                        .map(|(index, story)| {
                            let input = FlowInput::story(&book.book, story);
                            flowed_pages(&input, Some(index), &mut warm, &geometry, &settings, 1)
                                .unwrap()
                                .len()
                        })
                        .sum::<usize>()
                })
            },
        );

        group.bench_function("pages: the book → composed pages (parallel)", |b| {
            b.iter_batched(
                || Shaper::new(fonts),
                |mut shaper| {
                    let font = &fonts.name;
                    compose(&book.book, font, &mut shaper, &geometry, &settings).unwrap()
                },
                BatchSize::LargeInput,
            )
        });

        let mut shaper = Shaper::new(fonts);
        let font = &fonts.name;
        let composed = compose(&book.book, font, &mut shaper, &geometry, &settings).unwrap();
        let write =
            || output::write(&composed, fonts, &shaper, &geometry, &book.book.meta.title).unwrap();
        group.bench_function("output: writing (subset fonts, content streams)", |b| {
            b.iter(|| write().objects.len())
        });

        let written = write();
        group.bench_function("output: finishing (structure, compression, /ID)", |b| {
            b.iter_batched(
                || written.clone(),
                |document| {
                    output::finish_document(document, &Finishing::default())
                        .unwrap()
                        .len()
                },
                BatchSize::LargeInput,
            )
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
    lints(c);
}

/// The checks on the sources with many findings: 20,000 lines each holding raw
/// HTML (40,000 warnings, each placed at its line). Placing each by scanning its
/// file from the start once took 75 s.
fn lints(c: &mut Criterion) {
    let dir = std::env::temp_dir().join("folio-bench-warnings");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("stories")).unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir.join("fonts")).unwrap();
    for entry in std::fs::read_dir(root.join("fonts")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("fonts").join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Warnings\"\nauthors = [\"A\"]\nlanguage = \"en\"\n\n[[stories]]\nfile = \"stories/many.md\"\ntitle = \"Many\"\n",
    )
    .unwrap();
    let text: String = (0..20_000)
        .map(|i| format!("Line {i} with <i>x</i>.\n\n"))
        .collect();
    std::fs::write(dir.join("stories/many.md"), text).unwrap();
    let book = loaded(&dir);
    let mut group = c.benchmark_group("lints");
    group.sample_size(10);
    group.bench_function("40,000 raw-html warnings placed", |b| {
        b.iter(|| folio::lint::build_lints(&book.manifest, &book.book, &book.texts).len())
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);

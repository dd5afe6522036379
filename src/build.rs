//! The pipeline end to end: manifest → book model → renderers → files. Both outputs
//! are rendered in memory first (in parallel), and written only when both succeeded,
//! each through a temporary file and a rename.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::error::{Error, Result};
use crate::fonts;
use crate::manifest::{self, LoadedManifest};
use crate::model::Book;
use crate::render::{epub, pdf, RenderContext};
use crate::source;
use crate::typography;
use crate::util::{slug, write_all_atomically};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub epub: bool,
    pub pdf: bool,
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub book_dir: PathBuf,
    /// Where outputs go; `BOOK_DIR/build` by default.
    pub out_dir: Option<PathBuf>,
    pub formats: Formats,
    /// `SOURCE_DATE_EPOCH`: the time stamped into outputs. Without it, the newest
    /// modification time of the book's sources, so unchanged sources rebuild identically.
    pub source_date_epoch: Option<i64>,
    /// Manifest overrides (`FOLIO_BOOK__TITLE`, `--set book.title=…`).
    pub overrides: crate::overrides::Overrides,
}

#[derive(Debug, Clone)]
pub struct Output {
    pub path: PathBuf,
    pub bytes: usize,
}

#[derive(Debug, Clone)]
pub struct BuildReport {
    pub title: String,
    pub words: usize,
    pub stories: usize,
    pub pdf_pages: Option<usize>,
    pub outputs: Vec<Output>,
    /// Problems that did not stop the build (raw HTML shown as text).
    pub warnings: Vec<crate::lint::Lint>,
}

/// A loaded, checked book with its fonts: everything the renderers need.
pub struct LoadedBook {
    pub manifest: LoadedManifest,
    pub book: Book,
    pub epub_fonts: fonts::FontFamily,
    pub pdf_fonts: fonts::FontFamily,
    /// The stories' texts as read, for the checks that look at sources.
    pub texts: Vec<source::StoryText>,
}

impl LoadedBook {
    /// What the PDF renderer needs: the book and the PDF's font family.
    pub fn pdf_context(&self) -> RenderContext<'_> {
        RenderContext {
            book: &self.book,
            fonts: &self.pdf_fonts,
        }
    }

    /// What the EPUB renderer needs: the book and the EPUB's font family.
    pub fn epub_context(&self) -> RenderContext<'_> {
        RenderContext {
            book: &self.book,
            fonts: &self.epub_fonts,
        }
    }
}

/// Reads and checks everything without writing anything.
pub fn load(book_dir: &Path, source_date_epoch: Option<i64>) -> Result<LoadedBook> {
    load_with(book_dir, source_date_epoch, &Default::default())
}

/// `load`, with manifest overrides applied.
pub fn load_with(
    book_dir: &Path,
    source_date_epoch: Option<i64>,
    overrides: &crate::overrides::Overrides,
) -> Result<LoadedBook> {
    let manifest = manifest::load_with(book_dir, overrides).map_err(Error::Book)?;
    let modified = match source_date_epoch {
        Some(epoch) => epoch,
        None => newest_source_time(&manifest),
    };
    let (mut book, texts) = source::load_book(&manifest, modified).map_err(Error::Book)?;
    if manifest.manifest.typography.smart {
        typography::apply_to_book(&mut book);
    }
    let output = &manifest.manifest.output;
    let pdf_fonts = fonts::load_family(book_dir, output.pdf.font.as_deref())?;
    let epub_fonts = if output.epub.font == output.pdf.font {
        pdf_fonts.clone()
    } else {
        fonts::load_family(book_dir, output.epub.font.as_deref())?
    };
    if output.pdf.cover {
        check_pdf_cover(&manifest, &book)?;
    }
    let missing = crate::lint::glyphs::check(&manifest, &[&pdf_fonts, &epub_fonts], &texts);
    if !missing.is_empty() {
        return Err(Error::Book(missing));
    }
    if let Err(message) = output.pdf.geometry() {
        return Err(Error::Book(vec![crate::error::Diagnostic::new(
            &manifest.path,
            message,
        )
        .help("check the [output.pdf] table")]));
    }
    Ok(LoadedBook {
        manifest,
        book,
        epub_fonts,
        pdf_fonts,
        texts,
    })
}

/// `[output.pdf] cover = true` needs a `[book] cover` the PDF can embed.
fn check_pdf_cover(manifest: &LoadedManifest, book: &Book) -> Result<()> {
    let problem =
        match (&manifest.manifest.book.cover, &book.cover) {
            (Some(span), Some(cover)) => pdf::check_cover(cover).err().map(|message| {
                manifest
                .diagnostic_at(span.span(), format!("the PDF cannot use this cover: {message}"))
                .help("save it as a JPEG, or as an 8-bit RGB or greyscale PNG without transparency")
            }),
            _ => Some(
                crate::error::Diagnostic::new(
                    &manifest.path,
                    "[output.pdf] asks for a cover, but [book] has none",
                )
                .help("add `cover = \"cover.jpg\"` to [book], or remove `cover = true`"),
            ),
        };
    match problem {
        Some(diagnostic) => Err(Error::Book(vec![diagnostic])),
        None => Ok(()),
    }
}

/// A stage of a build, for progress displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Rendering,
    /// The PDF's stories laid out so far, of all.
    Typesetting {
        stories_done: usize,
        stories: usize,
    },
    Writing,
}

pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    build_with_progress(options, &|_| {})
}

/// `build`, calling `progress` as each stage starts.
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &(dyn Fn(Stage) + Sync),
) -> Result<BuildReport> {
    progress(Stage::Reading);
    let started = std::time::Instant::now();
    let loaded = load_with(
        &options.book_dir,
        options.source_date_epoch,
        &options.overrides,
    )?;
    crate::util::trace("load", started);
    let output = &loaded.manifest.manifest.output;
    let book = &loaded.book;
    let epub_ctx = loaded.epub_context();
    let pdf_ctx = loaded.pdf_context();
    progress(Stage::Rendering);
    let (epub_result, pdf_result) = std::thread::scope(|scope| {
        let epub_job = options.formats.epub.then(|| {
            scope.spawn(|| {
                let t = std::time::Instant::now();
                let r = epub::render(&epub_ctx, &output.epub);
                crate::util::trace("epub", t);
                r
            })
        });
        let pdf_result = options.formats.pdf.then(|| {
            pdf::render_with_progress(&pdf_ctx, &output.pdf, &|done, total| {
                progress(Stage::Typesetting {
                    stories_done: done,
                    stories: total,
                })
            })
        });
        let epub_result = epub_job.map(|job| {
            job.join().unwrap_or_else(|_| {
                Err(Error::Render {
                    format: "EPUB",
                    message: "the renderer stopped unexpectedly".into(),
                })
            })
        });
        (epub_result, pdf_result)
    });
    let epub_bytes = epub_result.transpose()?;
    let (pdf_bytes, pdf_pages) = match pdf_result.transpose()? {
        Some((bytes, pages)) => (Some(bytes), Some(pages)),
        None => (None, None),
    };

    let out_dir = options
        .out_dir
        .clone()
        .unwrap_or_else(|| options.book_dir.join("build"));
    progress(Stage::Writing);
    std::fs::create_dir_all(&out_dir).map_err(|e| Error::io(&out_dir, e))?;
    let stem = slug(&book.meta.title);
    let files: Vec<(PathBuf, Vec<u8>)> = [(epub_bytes, "epub"), (pdf_bytes, "pdf")]
        .into_iter()
        .filter_map(|(bytes, extension)| {
            Some((out_dir.join(format!("{stem}.{extension}")), bytes?))
        })
        .collect();
    write_all_atomically(&files).map_err(|(path, e)| Error::io(&path, e))?;
    let outputs = files
        .iter()
        .map(|(path, bytes)| Output {
            path: path.clone(),
            bytes: bytes.len(),
        })
        .collect();
    Ok(BuildReport {
        title: book.meta.title.clone(),
        words: book.word_count(),
        stories: book.stories.len(),
        pdf_pages,
        outputs,
        warnings: crate::lint::story_lints(&loaded.texts, |code| code == "raw-html"),
    })
}

/// The newest modification time among the manifest, the stories and the fonts.
fn newest_source_time(manifest: &LoadedManifest) -> i64 {
    let mut paths = vec![manifest.path.clone()];
    paths.extend(
        manifest
            .manifest
            .stories
            .iter()
            .map(|s| manifest.resolve(s.file.get_ref())),
    );
    let matter = [&manifest.manifest.front, &manifest.manifest.back];
    let matter_files = matter.into_iter().flatten().flatten();
    paths.extend(matter_files.filter_map(|m| Some(manifest.resolve(m.file.as_ref()?.get_ref()))));
    if let Some(cover) = &manifest.manifest.book.cover {
        paths.push(manifest.resolve(cover.get_ref()));
    }
    if let Ok(entries) = std::fs::read_dir(manifest.book_dir.join(fonts::FONTS_DIR)) {
        paths.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
    }
    paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok()?.modified().ok())
        .filter_map(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64)
        .max()
        .unwrap_or(0)
}

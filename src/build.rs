//! The pipeline end to end: manifest → book model → renderers → files. Both outputs
//! are rendered in memory first (in parallel), and written only when both succeeded,
//! each through a temporary file and a rename.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::error::{Diagnostic, Error, Result};
use crate::fonts::{self, FontFamily};
use crate::manifest::{self, LoadedManifest};
use crate::model::Book;
use crate::render::{self, RenderContext, Renderer};
use crate::source;
use crate::typography;
use crate::util::slug;

mod run;
mod undrawable;
pub use run::render_selected;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub book_dir: PathBuf,
    /// Where outputs go; `BOOK_DIR/build` by default.
    pub out_dir: Option<PathBuf>,
    /// The outputs to build, by renderer name (`epub`, `pdf`); empty: every one.
    pub formats: Vec<String>,
    /// `SOURCE_DATE_EPOCH`: the time stamped into outputs. Without it, the newest
    /// modification time of the book's sources, so unchanged sources rebuild identically.
    pub source_date_epoch: Option<i64>,
    /// Manifest overrides (`FOLIO_BOOK__TITLE`, `--set book.title=…`).
    pub overrides: crate::overrides::Overrides,
    /// Whether renderers also draw a preview of their pages (`folio serve`).
    pub preview: bool,
}

/// One file a build wrote.
#[derive(Debug, Clone)]
pub struct Output {
    /// The renderer's name, e.g. `pdf`.
    pub format: &'static str,
    pub path: PathBuf,
    pub bytes: usize,
    /// Pages, for formats that have them.
    pub pages: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct BuildReport {
    pub title: String,
    pub words: usize,
    pub stories: usize,
    pub outputs: Vec<Output>,
    /// Problems that did not stop the build (raw HTML shown as text, a language
    /// without hyphenation patterns).
    pub warnings: Vec<crate::lint::Lint>,
    /// The print book's pages as SVG, when the options asked for a preview.
    pub preview: Vec<String>,
}

impl BuildReport {
    /// The page count of the first output that has pages (the PDF's).
    pub fn pages(&self) -> Option<usize> {
        self.outputs.iter().find_map(|o| o.pages)
    }
}

/// A loaded, checked book with its renderers and their fonts: everything a build
/// needs.
pub struct LoadedBook {
    pub manifest: LoadedManifest,
    pub book: Book,
    /// Every renderer, configured from its `[output.NAME]` table.
    pub renderers: Vec<Box<dyn Renderer>>,
    /// The font family of each renderer, in the same order (shared when equal).
    families: Vec<std::sync::Arc<FontFamily>>,
    /// The stories' texts as read, for the checks that look at sources.
    pub texts: Vec<source::StoryText>,
}

impl LoadedBook {
    /// The renderer called `name`, with what it needs to render this book.
    pub fn renderer(&self, name: &str) -> Option<(&dyn Renderer, RenderContext<'_>)> {
        let at = self.renderers.iter().position(|r| r.name() == name)?;
        let context = RenderContext {
            book: &self.book,
            fonts: &self.families[at],
            page_starts: None,
            preview: false,
        };
        Some((self.renderers[at].as_ref(), context))
    }

    /// What the renderer called `name` needs: the book and its font family.
    pub fn context(&self, name: &str) -> Option<RenderContext<'_>> {
        self.renderer(name).map(|(_, context)| context)
    }
}

/// Reads and checks everything without writing anything.
pub fn load(book_dir: &Path, source_date_epoch: Option<i64>) -> Result<LoadedBook> {
    load_with(book_dir, source_date_epoch, &Default::default())
}

/// `load`, with manifest overrides applied.
/// The outputs' file name without extension: `[book] slug`, else the title in ASCII.
pub fn output_stem(manifest: &LoadedManifest) -> String {
    match &manifest.manifest.book.slug {
        Some(stem) => stem.get_ref().clone(),
        None => slug(manifest.manifest.book.title.get_ref().trim()),
    }
}

/// Where the outputs go: `--out`, else `BOOK_DIR/build`.
pub fn out_dir(options: &BuildOptions) -> PathBuf {
    options
        .out_dir
        .clone()
        .unwrap_or_else(|| options.book_dir.join("build"))
}

pub fn load_with(
    book_dir: &Path,
    source_date_epoch: Option<i64>,
    overrides: &crate::overrides::Overrides,
) -> Result<LoadedBook> {
    let manifest = manifest::load_with(book_dir, overrides).map_err(Error::Book)?;
    let mut problems = output_names(&manifest);
    let renderers = match render::configure_all(&manifest) {
        Ok(renderers) => renderers,
        Err(found) => {
            problems.extend(found);
            Vec::new()
        }
    };
    if !problems.is_empty() {
        return Err(Error::Book(problems));
    }
    let modified = match source_date_epoch {
        Some(epoch) => epoch.clamp(0, MAX_EPOCH),
        None => newest_source_time(&manifest),
    };
    let t = std::time::Instant::now();
    let (mut book, texts) = source::load_book(&manifest, modified).map_err(Error::Book)?;
    crate::util::trace("load: sources", t);
    let unknown = source::divs::unknown_outputs(&manifest, &texts, &render::text_outputs());
    if !unknown.is_empty() {
        return Err(Error::Book(unknown));
    }
    // The renderers' Markdown (the cover's back text), read by the source stage.
    let markdown = renderers.iter().flat_map(|r| {
        r.markdown()
            .into_iter()
            .map(|(key, text, span)| (r.name(), key, text, span))
    });
    book.output_texts = source::read_output_texts(&manifest, markdown).map_err(Error::Book)?;
    let t = std::time::Instant::now();
    if manifest.manifest.typography.smart {
        typography::apply_to_book(&mut book);
        let lang = book.meta.lang.clone();
        for text in &mut book.output_texts {
            typography::apply_to_blocks(&mut text.blocks, &lang);
        }
    }
    crate::util::trace("load: typography", t);
    let t = std::time::Instant::now();
    let families = load_families(book_dir, &renderers, &manifest)?;
    crate::util::trace("load: fonts", t);
    let t = std::time::Instant::now();
    let problems: Vec<Diagnostic> = renderers
        .iter()
        .flat_map(|r| r.check(&book, &manifest))
        .collect();
    if !problems.is_empty() {
        return Err(Error::Book(problems));
    }
    let mut distinct: Vec<&FontFamily> = Vec::new();
    for family in &families {
        if !distinct.iter().any(|d| std::ptr::eq(*d, family.as_ref())) {
            distinct.push(family);
        }
    }
    // Before the glyphs: "Arabic is not supported" says more than a missing glyph.
    let unsupported = crate::lint::scripts::check(&manifest, &texts);
    if !unsupported.is_empty() {
        return Err(Error::Book(unsupported));
    }
    let missing = crate::lint::glyphs::check(&manifest, &distinct, &texts);
    if !missing.is_empty() {
        return Err(Error::Book(missing));
    }
    crate::util::trace("load: checks", t);
    Ok(LoadedBook {
        manifest,
        book,
        renderers,
        families,
        texts,
    })
}

/// Each renderer's font family with the `[fonts] fallback` families, each
/// distinct family loaded once; a fallback that cannot be loaded is reported at
/// its place in the manifest.
fn load_families(
    book_dir: &Path,
    renderers: &[Box<dyn Renderer>],
    manifest: &LoadedManifest,
) -> Result<Vec<std::sync::Arc<FontFamily>>> {
    let entries = &manifest.manifest.fonts.fallback;
    let mut fallbacks = Vec::new();
    let mut problems = Vec::new();
    for entry in entries {
        match fonts::load_fallback(book_dir, &entry.get_ref().0) {
            Ok(family) => fallbacks.push(family),
            Err(Error::Font { path, reason }) => problems.push(
                manifest
                    .diagnostic_at(
                        entry.span(),
                        format!(
                            "cannot use the fallback family `{}`: {}: {reason}",
                            entry.get_ref().0.family,
                            path.display()
                        ),
                    )
                    .help("put the family's fonts in fonts/ as <Family>-Regular.ttf (or .otf, .ttc), or as <Family>.ttf"),
            ),
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Book(problems));
    }
    let skip: Vec<&str> = entries
        .iter()
        .map(|e| e.get_ref().0.family.as_str())
        .collect();
    let mut loaded: Vec<(Option<&str>, std::sync::Arc<FontFamily>)> = Vec::new();
    let mut families = Vec::new();
    for renderer in renderers {
        let name = renderer.font_family();
        let family = match loaded.iter().find(|(n, _)| *n == name) {
            Some((_, family)) => family.clone(),
            None => {
                let mut family = fonts::load_body(book_dir, name, &skip)?;
                family.fallbacks = fallbacks.clone();
                let family = std::sync::Arc::new(family);
                loaded.push((name, family.clone()));
                family
            }
        };
        families.push(family);
    }
    Ok(families)
}

/// Every `[output.NAME]` table and every `only = "NAME"` must name a renderer.
fn output_names(manifest: &LoadedManifest) -> Vec<Diagnostic> {
    let names = render::names();
    let known = names.join(", ");
    let unknown = |name: &toml::Spanned<String>, what: &str| {
        if names.contains(&name.get_ref().as_str()) {
            return None;
        }
        let help = match manifest::suggest::nearest(name.get_ref(), &names) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("the outputs are: {known}"),
        };
        let message = format!("unknown output `{}` {what}", name.get_ref());
        Some(manifest.diagnostic_at(name.span(), message).help(help))
    };
    let m = &manifest.manifest;
    let tables = manifest
        .output_names()
        .filter_map(|name| unknown(name, "in [output.…]"));
    // `only` selects text, so it names an output that shows text.
    let shown = render::text_outputs();
    let matter = [&m.front, &m.back].into_iter().flatten().flatten();
    let only = matter
        .filter_map(|entry| entry.only.as_ref())
        .filter(|name| !shown.contains(&name.get_ref().as_str()))
        .filter_map(|name| {
            unknown(name, "in `only`").or_else(|| {
                let message = format!("the `{}` output shows no text to select", name.get_ref());
                let help = format!("`only` can name: {}", shown.join(", "));
                Some(manifest.diagnostic_at(name.span(), message).help(help))
            })
        });
    let problems = tables.chain(only).collect();
    manifest.attribute(problems)
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
    crate::util::trace_epoch();
    let started = std::time::Instant::now();
    let loaded = load_with(
        &options.book_dir,
        options.source_date_epoch,
        &options.overrides,
    )?;
    crate::util::trace("load", started);
    // The lints and the word count read only the sources: done while the
    // renderers run, off the build's last stretch, where one core waits on the other.
    let (rendered, (lints, words)) = std::thread::scope(|scope| {
        let lints = scope.spawn(|| {
            let t = std::time::Instant::now();
            let lints = crate::lint::build_lints(&loaded.manifest, &loaded.book, &loaded.texts);
            let words = loaded.book.word_count();
            crate::util::trace("lints and words", t);
            (lints, words)
        });
        let rendered = render_selected(&loaded, options, progress);
        match lints.join() {
            Ok(lints) => (rendered, lints),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let (names, mut rendered) = rendered?;
    let preview: Vec<String> = rendered
        .iter_mut()
        .flat_map(|o| std::mem::take(&mut o.preview))
        .collect();
    let rendered_warnings: Vec<Vec<render::RenderWarning>> = rendered
        .iter_mut()
        .map(|o| std::mem::take(&mut o.warnings))
        .collect();

    let out_dir = out_dir(options);
    progress(Stage::Writing);
    std::fs::create_dir_all(&out_dir).map_err(|e| Error::io(&out_dir, e))?;
    let stem = output_stem(&loaded.manifest);
    let files: Vec<(PathBuf, Vec<u8>)> = rendered
        .iter()
        .zip(&names)
        .map(|(o, name)| {
            let file = match render::kind(name) {
                Some(kind) => kind.file_name(&stem),
                None => format!("{stem}.{}", o.extension),
            };
            (out_dir.join(file), Vec::new())
        })
        .collect();
    let outputs: Vec<Output> = rendered
        .iter()
        .zip(&files)
        .zip(names)
        .map(|((o, (path, _)), format)| Output {
            format,
            path: path.clone(),
            bytes: o.bytes.len(),
            pages: o.pages,
        })
        .collect();
    let files: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .zip(rendered)
        .map(|((path, _), o)| (path, o.bytes))
        .collect();
    let paths: Vec<PathBuf> = files.iter().map(|(path, _)| path.clone()).collect();
    if let Some(problem) = overwritten_source(&loaded.manifest, &paths) {
        return Err(problem.into());
    }
    let t = std::time::Instant::now();
    crate::atomic::write_all(&files).map_err(|(path, e)| Error::io(&path, e))?;
    crate::util::trace("write outputs", t);
    let book = &loaded.book;
    let mut warnings = lints;
    for output in &rendered_warnings {
        // A warning about a setting is placed at its line in book.toml.
        let (settings, text): (Vec<_>, Vec<_>) =
            output.iter().cloned().partition(|w| w.key.is_some());
        warnings.extend(
            settings
                .into_iter()
                .map(|w| setting_lint(&loaded.manifest, w)),
        );
        warnings.extend(crate::lint::render_lints(
            &loaded.manifest,
            &loaded.texts,
            &text,
        ));
    }
    Ok(BuildReport {
        title: book.meta.title.clone(),
        words,
        stories: book.stories.len(),
        outputs,
        warnings: crate::lint::cap(warnings),
        preview,
    })
}

/// A renderer's warning about a manifest setting, at the setting's line.
fn setting_lint(manifest: &LoadedManifest, warning: render::RenderWarning) -> crate::lint::Lint {
    let span = warning
        .key
        .and_then(|key| render::settings::key_span(manifest, key));
    let diagnostic = match span {
        Some(span) => manifest.diagnostic_at(span, warning.message),
        None => Diagnostic::new(&manifest.path, warning.message),
    };
    let diagnostic = manifest.attribute(vec![diagnostic]).remove(0);
    crate::lint::Lint::new(
        warning.code,
        crate::lint::Severity::Warning,
        diagnostic.help(warning.help),
    )
}

/// The latest time stamp the outputs can hold: 9999-12-31T23:59:59Z (EPUB and PDF
/// dates have four-digit years).
pub const MAX_EPOCH: i64 = 253_402_300_799;

/// The newest modification time among the book's sources (see
/// `LoadedManifest::source_files`), within 1970–9999: a file dated in year 10000
/// would make dates no reader takes.
fn newest_source_time(manifest: &LoadedManifest) -> i64 {
    manifest
        .source_files()
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok()?.modified().ok())
        .filter_map(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| (d.as_secs() as i64).min(MAX_EPOCH))
        .max()
        .unwrap_or(0)
}

/// An output that would replace a source of the book (`--out stories/` with a
/// story named like an output): refused before anything is written.
fn overwritten_source(manifest: &LoadedManifest, outputs: &[PathBuf]) -> Option<Diagnostic> {
    let sources: Vec<PathBuf> = manifest
        .source_files()
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    outputs.iter().find_map(|output| {
        let real = std::fs::canonicalize(output).ok()?;
        let source = sources.iter().find(|s| **s == real)?;
        let shown = source
            .strip_prefix(std::fs::canonicalize(&manifest.book_dir).ok()?)
            .unwrap_or(source);
        Some(
            Diagnostic::new(
                output,
                format!(
                    "this output would replace `{}`, a source of the book",
                    shown.display()
                ),
            )
            .help(
                "build into another folder with --out (the default is build/), or set [book] slug",
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::run::Release;
    use super::*;

    #[test]
    fn page_starts_wait_for_the_first_publication_and_a_release_ends_the_wait() {
        let start = |label: &str| render::PrintPages {
            starts: vec![render::PageStart {
                label: label.into(),
                part: render::PagePart::Matter,
                text: String::new(),
            }],
            trim: (crate::units::Pt(360.0), crate::units::Pt(576.0)),
        };
        // Published while a reader waits: it gets them; a later publication is ignored.
        let slot = render::PageStarts::default();
        std::thread::scope(|scope| {
            let reader = scope.spawn(|| slot.wait());
            std::thread::sleep(std::time::Duration::from_millis(20));
            slot.publish(Some(start("i")));
            slot.publish(Some(start("ii")));
            let got = reader.join().unwrap().expect("published starts");
            assert_eq!(got.starts.len(), 1);
            assert_eq!(got.starts[0].label, "i");
        });
        // A paginated renderer that ends without publishing (failed, panicked)
        // releases its readers with nothing.
        let slot = render::PageStarts::default();
        std::thread::scope(|scope| {
            let reader = scope.spawn(|| slot.wait());
            scope
                .spawn(|| {
                    let _release = Release(&slot);
                    panic!("a renderer that stops");
                })
                .join()
                .unwrap_err();
            assert!(reader.join().unwrap().is_none());
        });
        // Published before it ended: the release changes nothing.
        let slot = render::PageStarts::default();
        {
            let _release = Release(&slot);
            slot.publish(Some(start("1")));
        }
        assert_eq!(slot.wait().unwrap().starts[0].label, "1");
    }

    #[test]
    fn outputs_and_only_must_name_a_renderer() {
        let text = "[book]\ntitle = \"T\"\nlanguage = \"en\"\n\n[[back]]\nkind = \"colophon\"\n\
                    only = \"epbu\"\n\n[output.pdff]\nfont = \"F\"\n[output.pdf]\n";
        let manifest = LoadedManifest::from_text(Path::new("book.toml"), text);
        let problems = output_names(&manifest);
        let found: Vec<(Option<usize>, &str, Option<&str>)> = problems
            .iter()
            .map(|d| {
                (
                    d.position.map(|p| p.0),
                    d.message.as_str(),
                    d.help.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    Some(9),
                    "unknown output `pdff` in [output.…]",
                    Some("did you mean `pdf`?")
                ),
                (
                    Some(7),
                    "unknown output `epbu` in `only`",
                    Some("did you mean `epub`?")
                ),
            ]
        );
    }
}

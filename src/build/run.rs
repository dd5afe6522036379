//! Running the selected renderers into memory, each on its own thread, with the
//! print pages' starts handed from the paginated renderer to one that marks them.

use super::{BuildOptions, LoadedBook, Stage};
use crate::error::{Error, Result};
use crate::render::{self, RenderContext, Renderer};

/// Renders the outputs `options` selects (every one without `formats`) into
/// memory, each renderer on its own thread, writing nothing: their names and
/// outputs, in the same order.
pub fn render_selected(
    loaded: &LoadedBook,
    options: &BuildOptions,
    progress: &(dyn Fn(Stage) + Sync),
) -> Result<(Vec<&'static str>, Vec<render::Output>)> {
    let selected: Vec<(&dyn Renderer, RenderContext<'_>)> = loaded
        .renderers
        .iter()
        .filter(|r| match options.formats.is_empty() {
            true => r.by_default(),
            false => options.formats.iter().any(|f| f == r.name()),
        })
        .filter_map(|r| loaded.renderer(r.name()))
        .map(|(r, context)| {
            (
                r,
                RenderContext {
                    preview: options.preview,
                    ..context
                },
            )
        })
        .collect();
    progress(Stage::Rendering);
    let typesetting = |done, total| {
        progress(Stage::Typesetting {
            stories_done: done,
            stories: total,
        })
    };
    let place = |e| super::undrawable::place(&loaded.manifest, &loaded.book, &loaded.texts, e);
    let slot = page_starts(loaded, &selected, &typesetting).map_err(place)?;
    // Every renderer at once, each on its own thread (they share nothing but the
    // book and the print pages' starts); the outputs are written only when all of
    // them succeeded.
    let rendered: Vec<Result<render::Output>> = std::thread::scope(|scope| {
        let jobs: Vec<_> = selected
            .iter()
            .map(|(renderer, context)| {
                let typesetting = &typesetting;
                let slot = slot
                    .as_ref()
                    .filter(|_| renderer.marks_pages() || renderer.paginated());
                let context = RenderContext {
                    page_starts: slot,
                    ..*context
                };
                scope.spawn(move || {
                    // However the paginated renderer ends, one waiting for its page
                    // starts is released.
                    let _release = slot.filter(|_| renderer.paginated()).map(Release);
                    let t = std::time::Instant::now();
                    let output = renderer.render(&context, typesetting);
                    crate::util::trace(renderer.name(), t);
                    output
                })
            })
            .collect();
        jobs.into_iter()
            .zip(&selected)
            .map(|(job, (renderer, _))| {
                job.join().unwrap_or_else(|_| {
                    Err(Error::Render {
                        format: renderer.name(),
                        message: "the renderer stopped unexpectedly".into(),
                    })
                })
            })
            .collect()
    });
    let rendered: Vec<render::Output> =
        rendered.into_iter().collect::<Result<_>>().map_err(place)?;
    let names = selected.iter().map(|(r, _)| r.name()).collect();
    Ok((names, rendered))
}

/// The print pages' starts, when a selected renderer marks them (the EPUB's print
/// page numbers): an empty slot the paginated renderer fills as it runs beside the
/// others when it is built too, else filled now by laying it out only, so that the
/// marking output is the same whichever outputs are built.
fn page_starts(
    loaded: &LoadedBook,
    selected: &[(&dyn Renderer, RenderContext<'_>)],
    progress: &dyn render::Progress,
) -> Result<Option<render::PageStarts>> {
    if !selected.iter().any(|(r, _)| r.marks_pages()) {
        return Ok(None);
    }
    let paginated = loaded.renderers.iter().find(|r| r.paginated());
    let Some((renderer, context)) = paginated.and_then(|r| loaded.renderer(r.name())) else {
        return Ok(None);
    };
    if selected.iter().any(|(r, _)| r.name() == renderer.name()) {
        return Ok(Some(render::PageStarts::default()));
    }
    let starts = renderer.page_starts(&context, progress)?;
    Ok(Some(render::PageStarts::ready(starts)))
}

/// Says "no page starts" when dropped, unless they were published: a renderer
/// waiting for them never waits for ever.
pub(super) struct Release<'a>(pub(super) &'a render::PageStarts);

impl Drop for Release<'_> {
    fn drop(&mut self) {
        self.0.publish(None);
    }
}

//! Parts in the manifest: `[[stories]] part = "…"`, consecutive stories with the
//! same part forming it. A part that comes back after another is a mistake (a
//! part is one run of stories), reported at the story that reopens it.

use super::LoadedManifest;
use crate::error::Diagnostic;

/// A part whose stories are not consecutive.
pub(super) fn split_parts(loaded: &LoadedManifest) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut closed: Vec<&str> = Vec::new();
    let mut current: Option<&str> = None;
    for story in &loaded.manifest.stories {
        let part = story.part.as_ref().map(|p| p.get_ref().trim());
        if part == current {
            continue;
        }
        if let Some(previous) = current {
            closed.push(previous);
        }
        current = part;
        if let (Some(name), Some(value)) = (part, &story.part) {
            if closed.contains(&name) {
                problems.push(
                    loaded
                        .diagnostic_at(
                            value.span(),
                            format!("part \"{name}\" has begun already; its stories are not consecutive"),
                        )
                        .help("list a part's stories one after another, or give this part another title"),
                );
            }
        }
    }
    problems
}

//! Pandoc's fenced divs, which pulldown-cmark does not read: `::: {only=pdf}` …
//! `:::` holds text for one output only. A pass over the lines before the
//! Markdown reader (fences inside code blocks aside) turns each fence of an
//! `only` div into an HTML comment the reader makes a `Block::Only` of, and the
//! fences of any other div into blank lines (its text kept, its classes dropped:
//! `lint::unsupported` says so). Fences count only at the start of a line.

use std::borrow::Cow;

/// How deep divs may nest.
pub const MAX_DEPTH: usize = 4;

/// The comment a div for one output opens with (the output's name follows).
pub(super) const OPEN_MARKER: &str = "<!--folio-only:";
/// The comment that closes it.
pub(super) const CLOSE_MARKER: &str = "<!--folio-only-end-->";

/// A fence line, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Fence {
    /// The line's byte offset in the text.
    pub offset: usize,
    pub kind: FenceKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FenceKind {
    /// An opening fence: its `only` value, and the attributes Folio ignores.
    Open {
        only: Option<String>,
        ignored: Vec<String>,
    },
    Close,
}

/// What is wrong with the divs of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct DivProblem {
    pub offset: usize,
    pub message: String,
    pub help: String,
}

/// The fences of `text`, in order, outside fenced code blocks; a closing fence
/// with no div open is text, not a fence.
pub fn fences(text: &str) -> Result<Vec<Fence>, DivProblem> {
    let mut found = Vec::new();
    if !text.contains(":::") {
        return Ok(found);
    }
    let mut open: Vec<usize> = Vec::new();
    let mut code: Option<(char, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let line = line.trim_end_matches('\n');
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some((fence_char, length)) = code {
            let run = trimmed.chars().take_while(|&c| c == fence_char).count();
            if indent < 4 && run >= length && trimmed[run..].trim().is_empty() {
                code = None;
            }
            continue;
        }
        if indent < 4 {
            let first = trimmed.chars().next();
            if let Some(c @ ('`' | '~')) = first {
                let run = trimmed.chars().take_while(|&x| x == c).count();
                if run >= 3 && !(c == '`' && trimmed[run..].contains('`')) {
                    code = Some((c, run));
                    continue;
                }
            }
        }
        if !line.starts_with(":::") {
            continue;
        }
        let rest = line.trim_start_matches(':').trim();
        if rest.is_empty() {
            if open.pop().is_some() {
                found.push(Fence {
                    offset: at,
                    kind: FenceKind::Close,
                });
            }
            continue;
        }
        let (only, ignored) =
            attributes(rest.trim_end_matches(':').trim()).map_err(|message| DivProblem {
                offset: at,
                message,
                help: "write the fence as pandoc does: `::: {only=pdf}`".into(),
            })?;
        if open.len() >= MAX_DEPTH {
            return Err(DivProblem {
                offset: at,
                message: format!("fenced divs are nested more than {MAX_DEPTH} deep"),
                help: "close the divs before opening more (a line of `:::` closes one)".into(),
            });
        }
        open.push(at);
        found.push(Fence {
            offset: at,
            kind: FenceKind::Open { only, ignored },
        });
    }
    if let Some(&at) = open.last() {
        return Err(DivProblem {
            offset: at,
            message: "this fenced div is never closed".into(),
            help: "end it with a line of `:::` after its last paragraph".into(),
        });
    }
    Ok(found)
}

/// A fence's attributes: `{only=pdf .note #id}` or a lone class word (`warning`).
fn attributes(text: &str) -> Result<(Option<String>, Vec<String>), String> {
    let Some(inner) = text.strip_prefix('{') else {
        if text.split_whitespace().count() == 1 {
            return Ok((None, vec![format!(".{text}")]));
        }
        return Err(format!("`{text}` is not a div's attributes"));
    };
    let inner = inner
        .strip_suffix('}')
        .ok_or_else(|| format!("the attributes `{text}` have no closing `}}`"))?;
    let mut only = None;
    let mut ignored = Vec::new();
    for token in inner.split_whitespace() {
        match token.split_once('=') {
            Some(("only", value)) => {
                only = Some(value.trim_matches(|c| c == '"' || c == '\'').to_string())
            }
            _ => ignored.push(token.to_string()),
        }
    }
    Ok((only, ignored))
}

/// `text` as the Markdown reader takes it: each fence of an `only` div a marker
/// comment on a line of its own, other fences blank lines. Borrowed when the text
/// has no fence (the usual case costs nothing).
pub fn prepare(text: &str) -> Result<Cow<'_, str>, DivProblem> {
    let fences = fences(text)?;
    if fences.is_empty() {
        return Ok(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len() + fences.len() * 24);
    let mut from = 0;
    // Which open divs are `only` divs, to close each with its kind.
    let mut kinds: Vec<bool> = Vec::new();
    for fence in &fences {
        out.push_str(&text[from..fence.offset]);
        let end = text[fence.offset..]
            .find('\n')
            .map_or(text.len(), |i| fence.offset + i);
        from = end;
        // The blank line before ends any paragraph, list or HTML block, so that the
        // comment is a block of its own at the top level.
        match &fence.kind {
            FenceKind::Open {
                only: Some(name), ..
            } => {
                kinds.push(true);
                out.push_str(&format!("\n{OPEN_MARKER}{name}-->\n"));
            }
            FenceKind::Open { only: None, .. } => {
                kinds.push(false);
                out.push('\n');
            }
            FenceKind::Close => {
                if kinds.pop() == Some(true) {
                    out.push_str(&format!("\n{CLOSE_MARKER}\n"));
                } else {
                    out.push('\n');
                }
            }
        }
    }
    out.push_str(&text[from..]);
    Ok(Cow::Owned(out))
}

/// The `only` values of a text's divs, with their offsets (for the build to check
/// them against the renderers' names).
pub fn only_values(text: &str) -> Vec<(usize, String)> {
    fences(text)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|fence| match fence.kind {
            FenceKind::Open {
                only: Some(name), ..
            } => Some((fence.offset, name)),
            _ => None,
        })
        .collect()
}

/// Every `only=` of the stories' and matter files' divs that names no output in
/// `outputs`, at its line, with the nearest name.
pub fn unknown_outputs(
    loaded: &crate::manifest::LoadedManifest,
    texts: &[super::StoryText],
    outputs: &[&str],
) -> Vec<crate::error::Diagnostic> {
    let m = &loaded.manifest;
    let matter = [&m.front, &m.back].into_iter().flatten().flatten();
    let matter_texts = matter.filter_map(|entry| {
        let path = loaded.resolve(entry.file.as_ref()?.get_ref());
        let text = super::read_story_text(&path, None).ok()?;
        Some((path, text))
    });
    let mut problems = Vec::new();
    let mut check = |path: &std::path::Path, text: &str| {
        for (offset, name) in only_values(text) {
            if outputs.contains(&name.as_str()) {
                continue;
            }
            let help = match crate::manifest::suggest::nearest(&name, outputs) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the outputs are: {}", outputs.join(", ")),
            };
            problems.push(
                crate::error::Diagnostic::new(path, format!("unknown output `{name}` in `only=`"))
                    .at_offset(text, offset)
                    .help(help),
            );
        }
    };
    for story in texts.iter().filter(|t| t.markdown) {
        check(&story.path, &story.text);
    }
    for (path, text) in matter_texts {
        check(&path, &text);
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_outside_code_become_markers() {
        let text = "a\n\n::: {only=pdf}\nprint\n:::\n\n```\n:::\n```\n::: note\nb\n:::\n";
        let prepared = prepare(text).unwrap();
        assert_eq!(
            prepared,
            "a\n\n\n<!--folio-only:pdf-->\n\nprint\n\n<!--folio-only-end-->\n\n\n```\n:::\n```\n\n\nb\n\n\n"
        );
    }

    #[test]
    fn an_unclosed_or_too_deep_div_is_a_problem() {
        let problem = fences("x\n::: {only=epub}\ny\n").unwrap_err();
        assert_eq!(problem.offset, 2);
        assert!(problem.message.contains("never closed"));
        let deep = "::: a\n".repeat(MAX_DEPTH + 1);
        assert!(fences(&deep).unwrap_err().message.contains("nested"));
    }

    #[test]
    fn attributes_other_than_only_are_kept_to_warn_about() {
        let fences = fences("::: {.note only=\"pdf\" #n}\nx\n:::\n").unwrap();
        assert_eq!(
            fences[0].kind,
            FenceKind::Open {
                only: Some("pdf".into()),
                ignored: vec![".note".into(), "#n".into()]
            }
        );
        assert_eq!(
            only_values("::: {only=pdf}\n:::\n"),
            [(0, "pdf".to_string())]
        );
        assert_eq!(prepare("no fences").unwrap(), Cow::Borrowed("no fences"));
    }
}

//! A guard before the Markdown reader: block quotes and lists nested deeper than
//! `guard::MAX_NESTING` are refused with their position, because every stage after
//! the reader (model, renderers) walks the tree recursively.

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::error::Diagnostic;
use crate::guard::MAX_NESTING;

pub fn check_nesting(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_FOOTNOTES).into_offset_iter() {
        match event {
            Event::Start(tag) if is_container(&tag) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Diagnostic::new(
                        path,
                        format!("block quotes and lists are nested more than {MAX_NESTING} deep"),
                    )
                    .at_offset(text, range.start)
                    .help("remove some `>` or list markers; this much nesting cannot be typeset"));
                }
            }
            Event::End(tag) if is_container_end(tag) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn is_container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)
    )
}

fn is_container_end(tag: pulldown_cmark::TagEnd) -> bool {
    use pulldown_cmark::TagEnd;
    matches!(
        tag,
        TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_with_a_position() {
        let path = Path::new("s.md");
        assert!(check_nesting(path, "> a\n>> b\n\n- x\n  - y\n").is_ok());
        let deep = format!("intro\n\n{} deep\n", ">".repeat(100));
        let d = check_nesting(path, &deep).unwrap_err();
        assert_eq!(d.position.map(|p| p.0), Some(3));
    }
}

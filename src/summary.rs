//! What `folio build` says when it is done: one line for people, or a JSON object
//! for machines (`--json`), on success and on failure.

use std::time::Duration;

use serde_json::{json, Value};

use crate::build::BuildReport;
use crate::error::{Diagnostic, Error};
use crate::guard::human_bytes;

/// `built "Title" into build/: 3 stories, 1301 words, 11 pages; EPUB 1.7 MiB, PDF 51.0 KiB in 2.73 s`
pub fn line(report: &BuildReport, elapsed: Duration) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![plural(report.stories, "story").replace("storys", "stories")];
    parts.push(plural(report.words, "word"));
    if let Some(pages) = report.pages() {
        parts.push(plural(pages, "page"));
    }
    let sizes: Vec<String> = report
        .outputs
        .iter()
        .map(|o| {
            format!(
                "{} {}",
                o.format.to_ascii_uppercase(),
                human_bytes(o.bytes as u64)
            )
        })
        .collect();
    // The outputs share one folder: say where they went.
    let folder = report
        .outputs
        .first()
        .and_then(|o| o.path.parent())
        .map(|dir| format!(" into {}/", dir.display()))
        .unwrap_or_default();
    format!(
        "built \"{}\"{folder}: {}; {} in {:.2} s",
        report.title,
        parts.join(", "),
        sizes.join(", "),
        elapsed.as_secs_f64()
    )
}

/// The machine-readable summary of a successful build.
pub fn json_ok(report: &BuildReport, elapsed: Duration) -> Value {
    json!({
        "ok": true,
        "title": report.title,
        "stories": report.stories,
        "words": report.words,
        "pdf_pages": report.pages(),
        "outputs": report.outputs.iter().map(|o| json!({
            "format": o.format,
            "path": o.path.display().to_string(),
            "bytes": o.bytes,
            "pages": o.pages,
        })).collect::<Vec<_>>(),
        "warnings": warnings_json(&report.warnings),
        "seconds": (elapsed.as_secs_f64() * 1000.0).round() / 1000.0,
    })
}

/// The machine-readable result of `folio check` on a book that loaded.
pub fn json_check(book: &crate::model::Book, warnings: &[crate::lint::Lint]) -> Value {
    json!({
        "ok": true,
        "title": book.meta.title,
        "stories": book.stories.len(),
        "words": book.word_count(),
        "warnings": warnings_json(warnings),
    })
}

/// The machine-readable result of `folio check --target`: the book's warnings, and
/// each finding with its rule's store, severity and source.
pub fn json_targets(check: &crate::stores::run::TargetCheck) -> Value {
    let findings: Vec<Value> = check
        .findings
        .iter()
        .map(|c| {
            let mut value = diagnostic_json(&c.lint.diagnostic, Some(c.rule.id));
            value["store"] = json!(c.rule.store.name());
            value["severity"] = json!(match c.lint.severity {
                crate::lint::Severity::Error => "error",
                crate::lint::Severity::Warning => "warning",
            });
            value["source"] = json!({
                "page": c.rule.source.page,
                "url": c.rule.source.url,
                "confirmed": c.rule.source.confirmed,
                "read": crate::stores::rules::READ_ON,
            });
            value
        })
        .collect();
    json!({
        "ok": check.errors() == 0,
        "title": check.title,
        "targets": check.stores.iter().map(|s| s.name()).collect::<Vec<_>>(),
        "pdf_pages": check.pages,
        "errors": check.errors(),
        "findings": findings,
        "warnings": warnings_json(&check.warnings),
    })
}

/// The machine-readable form of a failed build: every problem with its place.
pub fn json_error(error: &Error) -> Value {
    let errors: Vec<Value> = match error {
        Error::Book(diagnostics) => diagnostics
            .iter()
            .map(|d| diagnostic_json(d, Some(crate::report::code_for(d))))
            .collect(),
        other => vec![json!({ "message": other.to_string() })],
    };
    json!({ "ok": false, "errors": errors })
}

/// Warnings in the JSON summaries, each with its code and place.
fn warnings_json(warnings: &[crate::lint::Lint]) -> Vec<Value> {
    warnings
        .iter()
        .map(|l| diagnostic_json(&l.diagnostic, Some(l.code)))
        .collect()
}

fn diagnostic_json(d: &Diagnostic, code: Option<&str>) -> Value {
    json!({
        "code": code,
        "file": d.file.display().to_string(),
        "line": d.position.map(|p| p.0),
        "column": d.position.map(|p| p.1),
        "message": d.message,
        "help": d.help,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::Output;

    #[test]
    fn the_line_has_pages_words_sizes_and_time() {
        let report = BuildReport {
            title: "T".into(),
            words: 1301,
            stories: 1,
            outputs: vec![
                Output {
                    format: "epub",
                    path: "b/t.epub".into(),
                    bytes: 2048,
                    pages: None,
                },
                Output {
                    format: "pdf",
                    path: "b/t.pdf".into(),
                    bytes: 52_224,
                    pages: Some(11),
                },
            ],
            warnings: Vec::new(),
            preview: Vec::new(),
        };
        assert_eq!(
            line(&report, Duration::from_millis(2730)),
            "built \"T\" into b/: 1 story, 1301 words, 11 pages; EPUB 2.0 KiB, PDF 51.0 KiB in 2.73 s"
        );
        let json = json_ok(&report, Duration::from_millis(2730));
        assert_eq!(json["outputs"][1]["format"], "pdf");
        assert_eq!(json["pdf_pages"], 11);
        assert_eq!(json["outputs"][1]["pages"], 11);
    }
}

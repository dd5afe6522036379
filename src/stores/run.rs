//! `folio check --target`: loads the book, renders every output in memory (never
//! writing a file), checks the stores' rules against what was built and places
//! each finding in the sources.

use std::path::PathBuf;

use super::{At, BookKeys, Built, Rule, Store};
use crate::build::{self, BuildOptions};
use crate::error::{Diagnostic, Result};
use crate::lint::{Lint, Severity};
use crate::manifest::LoadedManifest;
use crate::render::Facts;

/// What `check --target` found.
pub struct TargetCheck {
    pub title: String,
    pub stores: Vec<Store>,
    /// The interior's page count, when a PDF was built.
    pub pages: Option<usize>,
    /// The check's warnings about the sources and the renderers' warnings.
    pub warnings: Vec<Lint>,
    /// The stores' rules broken, each with its rule.
    pub findings: Vec<Checked>,
}

/// A finding, placed: its rule and its diagnostic (code = the rule's id).
pub struct Checked {
    pub rule: &'static Rule,
    pub lint: Lint,
}

impl TargetCheck {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|c| c.lint.severity == Severity::Error)
            .count()
    }
}

/// Checks the book in `options.book_dir` against the rules of `stores`.
pub fn check_targets(options: &BuildOptions, stores: &[Store]) -> Result<TargetCheck> {
    let loaded = build::load_with(
        &options.book_dir,
        options.source_date_epoch,
        &options.overrides,
    )?;
    let manifest = &loaded.manifest;
    let mut warnings = crate::lint::lint(manifest, &loaded.book, &loaded.texts);
    let every = BuildOptions {
        formats: Vec::new(),
        preview: false,
        ..options.clone()
    };
    let (_, rendered) = build::render_selected(&loaded, &every, &|_| {})?;
    for output in &rendered {
        warnings.extend(crate::lint::render_lints(
            manifest,
            &loaded.texts,
            &output.warnings,
        ));
    }
    let built = Built {
        print: rendered.iter().find_map(|o| match &o.facts {
            Facts::Print(facts) => Some(facts),
            _ => None,
        }),
        ebook: rendered.iter().find_map(|o| match &o.facts {
            Facts::Ebook(facts) => Some(facts),
            _ => None,
        }),
        book: book_keys(manifest),
    };
    let stem = build::output_stem(manifest);
    let findings = super::check(stores, &built)
        .into_iter()
        .map(|finding| {
            let found = finding.found;
            let diagnostic = match found.at {
                At::Manifest(span) => crate::lint::locate(manifest, &[], "", span, &found.message),
                At::Story(text) => {
                    crate::lint::locate(manifest, &loaded.texts, &text, None, &found.message)
                }
                At::Output(extension) => Diagnostic::new(
                    &PathBuf::from(format!("{stem}.{extension}")),
                    format!("{} (as built in memory)", found.message),
                ),
            };
            let rule = finding.rule;
            Checked {
                rule,
                lint: Lint::new(rule.id, rule.severity, diagnostic.help(found.help)),
            }
        })
        .collect();
    Ok(TargetCheck {
        title: loaded.book.meta.title.clone(),
        stores: stores.to_vec(),
        pages: built.print.map(|p| p.pages),
        warnings: crate::lint::cap(warnings),
        findings,
    })
}

/// Where book.toml writes the `[book]` keys the ebook rules point at.
fn book_keys(manifest: &LoadedManifest) -> BookKeys {
    let book = &manifest.manifest.book;
    let text = &manifest.text;
    let header = text
        .match_indices("[book]")
        .find(|(at, _)| *at == 0 || text[..*at].ends_with('\n'))
        .map(|(at, found)| at + 1..at + found.len() - 1);
    // `identifier` is read without its position: its line is found by its key.
    let identifier = book.identifier.as_ref().and_then(|_| {
        text.match_indices("\nidentifier")
            .next()
            .map(|(at, found)| at + 1..at + found.len())
    });
    BookKeys {
        table: header,
        cover: book.cover.as_ref().map(|c| c.span()),
        isbn: book
            .isbn
            .get("ebook")
            .map(|isbn| isbn.span())
            .or(identifier),
    }
}

/// A finding as people read it: the diagnostic, then the store's rule it comes from.
pub fn render_finding(checked: &Checked) -> String {
    let text = crate::report::render_lint(&checked.lint);
    let text = text.trim_end_matches('\n');
    // Under the help line, as far in.
    let indent = text
        .lines()
        .last()
        .and_then(|line| line.find("= "))
        .unwrap_or(2);
    let source = checked.rule.source;
    let note = match source.confirmed {
        true => "",
        false => "; not confirmed in the page's own text, see the README",
    };
    format!(
        "{text}\n{}= rule: {}, {} (read {}{note})\n\n",
        " ".repeat(indent),
        source.page,
        source.url,
        super::rules::READ_ON
    )
}

/// The last line: how the book fares against the stores.
pub fn summary_line(check: &TargetCheck) -> String {
    let names: Vec<&str> = check.stores.iter().map(|s| s.name()).collect();
    let errors = check.errors();
    let warnings = check.findings.len() - errors + check.warnings.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let pages = check
        .pages
        .map(|p| format!(", {p} pages"))
        .unwrap_or_default();
    let verdict = if errors == 0 { "ok" } else { "not ready" };
    format!(
        "{verdict}: \"{}\" checked for {}{pages}: {}, {}",
        check.title,
        names.join(", "),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

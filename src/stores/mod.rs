//! `folio check --target`: the stores' published rules, checked against what the
//! renderers built (their `render::facts`), never against settings or files. One
//! table of rules (`rules::RULES`), each a pure function over [`Built`]; `run`
//! builds both outputs in memory and places each finding in the sources.

mod ebook;
mod print;
pub mod rules;
pub mod run;

use std::ops::Range;

use crate::lint::Severity;
use crate::render::facts::{EbookFacts, PrintFacts};

/// A store a book can be checked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    /// Amazon KDP: the paperback interior and the Kindle eBook.
    Kdp,
    /// IngramSpark: the paperback interior.
    Ingram,
    /// Apple Books: the EPUB.
    Apple,
    /// Kobo (Writing Life): the EPUB.
    Kobo,
    /// Google Play Books: the EPUB.
    Google,
}

impl Store {
    pub const ALL: [Store; 5] = [
        Store::Kdp,
        Store::Ingram,
        Store::Apple,
        Store::Kobo,
        Store::Google,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Store::Kdp => "kdp",
            Store::Ingram => "ingram",
            Store::Apple => "apple",
            Store::Kobo => "kobo",
            Store::Google => "google",
        }
    }
}

/// The stores `--target` names: each value one store, a comma list, or `all`;
/// in the order of [`Store::ALL`], each once. An unknown name is an error listing
/// the names.
pub fn parse_targets(values: &[String]) -> Result<Vec<Store>, String> {
    let mut chosen = Vec::new();
    for name in values.iter().flat_map(|v| v.split(',')).map(str::trim) {
        if name.eq_ignore_ascii_case("all") {
            chosen.extend(Store::ALL);
            continue;
        }
        match Store::ALL
            .iter()
            .find(|s| s.name().eq_ignore_ascii_case(name))
        {
            Some(store) => chosen.push(*store),
            None => {
                let names: Vec<&str> = Store::ALL.iter().map(|s| s.name()).collect();
                return Err(format!(
                    "unknown target `{name}`; the targets are {}, or all",
                    names.join(", ")
                ));
            }
        }
    }
    Ok(Store::ALL
        .into_iter()
        .filter(|s| chosen.contains(s))
        .collect())
}

/// What was built, as the rules see it: each output's facts and where book.toml
/// wrote the `[book]` keys the ebook rules point at. A new output (a full-wrap
/// cover, say) adds a `render::Facts` variant and a field here for its rules.
#[derive(Debug, Clone, Default)]
pub struct Built<'a> {
    pub print: Option<&'a PrintFacts>,
    pub ebook: Option<&'a EbookFacts>,
    pub book: BookKeys,
}

/// Byte ranges of `[book]` keys in book.toml.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BookKeys {
    /// The `[book]` header.
    pub table: Option<Range<usize>>,
    pub cover: Option<Range<usize>>,
    /// `isbn = { ebook = "…" }`'s value, else the `identifier` key.
    pub isbn: Option<Range<usize>>,
}

/// Where a finding points.
#[derive(Debug, Clone, PartialEq)]
pub enum At {
    /// A key of book.toml (its byte range), or the file as a whole.
    Manifest(Option<Range<usize>>),
    /// The start of some text in the stories (an image's `](path`).
    Story(String),
    /// The output of this renderer, as a whole.
    Output(&'static str),
}

/// The published page a rule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// The help page's name, as the store titles it.
    pub page: &'static str,
    pub url: &'static str,
    /// Whether the number was read in that page's text (false: from memory or a
    /// third party, unconfirmed; the README says which).
    pub confirmed: bool,
}

/// One published rule of one store.
pub struct Rule {
    pub id: &'static str,
    pub store: Store,
    /// What it checks, for the README's table.
    pub what: &'static str,
    pub severity: Severity,
    pub source: Source,
    /// The rule itself: what it finds in what was built.
    pub check: fn(&Built<'_>) -> Vec<Found>,
}

/// What a rule found: what is wrong, how to fix it, where.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub message: String,
    pub help: String,
    pub at: At,
}

/// A rule's finding.
pub struct Finding {
    pub rule: &'static Rule,
    pub found: Found,
}

/// Every finding of the rules of `stores`, in table order.
pub fn check(stores: &[Store], built: &Built<'_>) -> Vec<Finding> {
    rules::RULES
        .iter()
        .filter(|rule| stores.contains(&rule.store))
        .flat_map(|rule| {
            (rule.check)(built)
                .into_iter()
                .map(move |found| Finding { rule, found })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_names_comma_lists_or_all_and_an_unknown_one_lists_them() {
        let parse =
            |v: &[&str]| parse_targets(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(parse(&["kdp"]).unwrap(), [Store::Kdp]);
        assert_eq!(
            parse(&["kobo,apple", "kdp"]).unwrap(),
            [Store::Kdp, Store::Apple, Store::Kobo]
        );
        assert_eq!(parse(&["all", "kdp"]).unwrap(), Store::ALL);
        let error = parse(&["kindle"]).unwrap_err();
        assert!(
            error.contains("`kindle`")
                && error.contains("kdp, ingram, apple, kobo, google, or all"),
            "{error}"
        );
    }

    #[test]
    fn the_readme_lists_every_rule_with_its_store_severity_and_source() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).unwrap();
        let table = readme
            .split("| rule | store | what | severity | source |")
            .nth(1)
            .expect("the README has the store rules' table");
        let rows: Vec<&str> = table
            .lines()
            .skip(2)
            .take_while(|line| line.starts_with('|'))
            .collect();
        assert_eq!(rows.len(), rules::RULES.len());
        for (row, rule) in rows.iter().zip(rules::RULES) {
            let severity = match rule.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let start = format!("| `{}` | {} |", rule.id, rule.store.name());
            assert!(row.starts_with(&start), "{row} for {}", rule.id);
            assert!(row.contains(&format!("| {severity} |")), "{row}");
            assert!(row.contains(rule.source.url), "{row}");
            assert_eq!(row.ends_with("(†) |"), !rule.source.confirmed, "{row}");
        }
    }

    #[test]
    fn rule_ids_are_unique_and_start_with_their_store() {
        for (i, rule) in rules::RULES.iter().enumerate() {
            assert!(rule.id.starts_with(rule.store.name()), "{}", rule.id);
            assert!(rule.source.url.starts_with("https://"), "{}", rule.id);
            assert!(
                rules::RULES[..i].iter().all(|r| r.id != rule.id),
                "{} twice",
                rule.id
            );
        }
    }
}

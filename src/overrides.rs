//! Manifest overrides from the environment (`FOLIO_BOOK__TITLE=…`, as in mdBook: the
//! `FOLIO_` prefix, `__` between keys) and from `--set book.title=…`. They are applied
//! to the TOML document before it is deserialised (toml_edit keeps the rest of the
//! file as written), so a bad key or value is still reported by name.

use std::path::Path;

use toml_edit::{DocumentMut, Item, Table, TableLike, Value};

use crate::error::Diagnostic;

/// One `key.path = value`, with where it came from for messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub path: Vec<String>,
    pub value: String,
    pub source: String,
}

/// Overrides in the order they apply (environment first, then `--set`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides(pub Vec<Override>);

impl Overrides {
    /// `FOLIO_A__B=v` from `vars` (sorted, so the result does not depend on the
    /// environment's order). Variables without `__` (such as FOLIO_REQUIRE_TOOLS)
    /// are not manifest keys and are ignored: every key lives in a table.
    pub fn from_env(vars: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut found: Vec<Override> = vars
            .into_iter()
            .filter_map(|(name, value)| {
                let rest = name.strip_prefix("FOLIO_")?;
                if !rest.contains("__") {
                    return None;
                }
                let path = rest.split("__").map(|s| s.to_ascii_lowercase()).collect();
                Some(Override {
                    path,
                    value,
                    source: name,
                })
            })
            .collect();
        found.sort_by(|a, b| a.source.cmp(&b.source));
        Overrides(found)
    }

    /// Adds a `--set key.path=value` argument.
    pub fn push_set(&mut self, argument: &str) -> Result<(), String> {
        let (key, value) = argument.split_once('=').ok_or_else(|| {
            format!("`{argument}` is not key=value (e.g. book.title=\"My Book\")")
        })?;
        let path: Vec<String> = key
            .trim()
            .split('.')
            .map(|s| s.trim().to_string())
            .collect();
        if path.iter().any(String::is_empty) {
            return Err(format!("`{key}` is not a key path such as book.title"));
        }
        self.0.push(Override {
            path,
            value: value.to_string(),
            source: format!("--set {argument}"),
        });
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The manifest text with every override applied.
    pub fn apply(&self, path: &Path, text: &str) -> Result<String, Diagnostic> {
        if self.is_empty() {
            return Ok(text.to_string());
        }
        // A syntax error is reported by the normal parser, with its position.
        let Ok(mut doc) = text.parse::<DocumentMut>() else {
            return Ok(text.to_string());
        };
        for o in &self.0 {
            set(&mut doc, &o.path, parse_value(&o.value)).map_err(|message| {
                Diagnostic::new(path, format!("cannot apply {}: {message}", o.source)).help(
                    "name a key of book.toml with dots, e.g. book.title or output.pdf.font_size",
                )
            })?;
        }
        Ok(doc.to_string())
    }

    /// Diagnostics on lines that only exist because of an override are re-worded to
    /// name the override (their line is not in the file the user sees).
    pub fn attribute(
        &self,
        problems: Vec<Diagnostic>,
        original: &str,
        applied: &str,
    ) -> Vec<Diagnostic> {
        if self.is_empty() {
            return problems;
        }
        let original_lines: Vec<&str> = original.lines().collect();
        problems
            .into_iter()
            .map(|mut d| {
                let Some((line, _)) = d.position else {
                    return d;
                };
                let text = applied.lines().nth(line.saturating_sub(1)).unwrap_or("");
                if original_lines.contains(&text) {
                    return d;
                }
                // The line is not the user's: name the override that wrote it (its
                // key, else a table it names, else the last one) instead of a line
                // the file does not have.
                let overrides = || self.0.iter().rev();
                let culprit = overrides()
                    .find(|o| {
                        o.path
                            .last()
                            .is_some_and(|key| text.trim_start().starts_with(key.as_str()))
                    })
                    .or_else(|| {
                        overrides().find(|o| o.path.iter().any(|part| text.contains(part.as_str())))
                    })
                    .or_else(|| overrides().next());
                if let Some(o) = culprit {
                    d.position = None;
                    d.message = format!("{} (set by {})", d.message, o.source);
                }
                d
            })
            .collect()
    }
}

/// A TOML value (`12`, `true`, `"text"`, `["a", "b"]`), or else the text as a string.
fn parse_value(raw: &str) -> Value {
    raw.trim()
        .parse::<Value>()
        .unwrap_or_else(|_| Value::from(raw))
}

fn set(doc: &mut DocumentMut, path: &[String], value: Value) -> Result<(), String> {
    let (last, parents) = path.split_last().ok_or("an empty key")?;
    let mut table: &mut dyn TableLike = doc.as_table_mut();
    let mut i = 0;
    while i < parents.len() {
        let segment = &parents[i];
        let item = table.entry(segment).or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        });
        if let Item::ArrayOfTables(tables) = item {
            // `stories.0.title`: an index picks one table of the array.
            i += 1;
            let count = tables.len();
            let index = parents
                .get(i)
                .and_then(|s| s.parse::<usize>().ok())
                .ok_or_else(|| {
                    format!("`{segment}` is a list; add an index, e.g. {segment}.0.{last}")
                })?;
            table = tables.get_mut(index).ok_or_else(|| {
                format!("`{segment}` has {count} entries; {index} is out of range")
            })?;
        } else {
            table = item
                .as_table_like_mut()
                .ok_or_else(|| format!("`{}` is not a table", parents[..=i].join(".")))?;
        }
        i += 1;
    }
    match table.get_mut(last) {
        Some(Item::Value(existing)) => {
            let decor = existing.decor().clone();
            *existing = value;
            *existing.decor_mut() = decor;
        }
        Some(other) => *other = Item::Value(value),
        None => {
            table.insert(last, Item::Value(value));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[book]\ntitle = \"T\"   # required\nlanguage = \"en\"\n\n[[stories]]\nfile = \"a.md\"\ntitle = \"A\"\n";

    fn applied(sets: &[&str]) -> String {
        let mut o = Overrides::default();
        for s in sets {
            o.push_set(s).unwrap();
        }
        o.apply(Path::new("book.toml"), TEXT).unwrap()
    }

    #[test]
    fn values_are_replaced_in_place_keeping_comments() {
        let text = applied(&[
            "book.title=New Title",
            "output.pdf.font_size=12",
            "stories.0.title=\"B\"",
        ]);
        assert!(
            text.contains("title = \"New Title\"   # required\nlanguage"),
            "{text}"
        );
        assert!(text.contains("title = \"B\""), "{text}");
        let m = crate::manifest::LoadedManifest::from_text(Path::new("book.toml"), &text);
        let pdf = crate::render::OutputTable::new(&m, "pdf");
        let configured = crate::render::pdf::settings::read(&pdf).unwrap();
        assert_eq!(configured.options.font_size, 12.0);
    }

    #[test]
    fn environment_variables_map_to_keys() {
        let o = Overrides::from_env([
            ("FOLIO_BOOK__TITLE".to_string(), "Env".to_string()),
            ("FOLIO_REQUIRE_TOOLS".to_string(), "1".to_string()),
            ("PATH".to_string(), "/bin".to_string()),
        ]);
        assert_eq!(o.0.len(), 1);
        assert_eq!(o.0[0].path, ["book", "title"]);
    }

    #[test]
    fn bad_paths_are_explained() {
        let mut o = Overrides::default();
        assert!(o.push_set("book.title").is_err());
        assert!(o.push_set("book..title=x").is_err());
        o.push_set("stories.title=x").unwrap();
        let e = o.apply(Path::new("book.toml"), TEXT).unwrap_err();
        assert!(e.message.contains("add an index"), "{}", e.message);
        let mut o = Overrides::default();
        o.push_set("book.title.x=1").unwrap();
        assert!(o.apply(Path::new("book.toml"), TEXT).is_err());
    }

    #[test]
    fn an_unknown_key_from_an_override_names_the_override() {
        let mut o = Overrides::default();
        o.push_set("book.titel=x").unwrap();
        let text = o.apply(Path::new("book.toml"), TEXT).unwrap();
        let d = crate::manifest::parse(Path::new("book.toml"), &text).unwrap_err();
        let d = o.attribute(vec![d], TEXT, &text).remove(0);
        assert!(
            d.message.ends_with("(set by --set book.titel=x)"),
            "{}",
            d.message
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn an_unknown_table_from_an_override_names_the_override_not_a_line() {
        let mut o = Overrides::default();
        o.push_set("zzz.y=1").unwrap();
        let text = o.apply(Path::new("book.toml"), TEXT).unwrap();
        let d = crate::manifest::parse(Path::new("book.toml"), &text).unwrap_err();
        let d = o.attribute(vec![d], TEXT, &text).remove(0);
        assert_eq!(d.position, None, "{d}");
        assert!(
            d.message.ends_with("(set by --set zzz.y=1)"),
            "{}",
            d.message
        );
    }
}

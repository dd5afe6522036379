//! `[output.NAME]`: a renderer's own table of the manifest. The manifest leaves these
//! tables unread; a renderer reads its table here into its own settings type, and
//! its errors name the file, the line and the key like every other manifest error.

use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::error::Diagnostic;
use crate::manifest::LoadedManifest;

/// One renderer's table in a loaded manifest (which may not have it).
pub struct OutputTable<'m> {
    pub manifest: &'m LoadedManifest,
    pub name: &'static str,
}

impl<'m> OutputTable<'m> {
    pub fn new(manifest: &'m LoadedManifest, name: &'static str) -> Self {
        OutputTable { manifest, name }
    }

    /// The table read into `T`; without a table, `T::default()`.
    pub fn parse<T: DeserializeOwned + Default>(&self) -> Result<T, Vec<Diagnostic>> {
        let text = &self.manifest.text;
        let root = DeTable::parse(text).map_err(|e| vec![self.manifest.toml_error(&e)])?;
        let Some(table) = output_table(root.get_ref(), self.name) else {
            return Ok(T::default());
        };
        T::deserialize(table.clone().into_deserializer())
            .map_err(|e| self.manifest.attribute(vec![self.manifest.toml_error(&e)]))
    }

    /// A problem with the value at `span` (from a `Spanned` field of the settings).
    pub fn error_at(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> Diagnostic {
        let diagnostic = self.manifest.diagnostic_at(span, message.into());
        self.manifest.attribute(vec![diagnostic]).remove(0)
    }

    /// A problem with the table as a whole, placed at its `[output.NAME]` header
    /// when it has one.
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        match self.header_span() {
            Some(span) => self.error_at(span, message),
            None => Diagnostic::new(&self.manifest.path, message),
        }
    }
}

impl OutputTable<'_> {
    /// Where the table's `[output.NAME]` header names it, when it has one.
    pub fn header_span(&self) -> Option<std::ops::Range<usize>> {
        DeTable::parse(&self.manifest.text)
            .ok()
            .and_then(|root| output_key_span(root.get_ref(), self.name))
    }
}

/// Where the value of a dotted key (`book.cover`) is written in the manifest.
pub fn key_span(manifest: &LoadedManifest, dotted: &str) -> Option<std::ops::Range<usize>> {
    let root = DeTable::parse(&manifest.text).ok()?;
    let mut table = root.get_ref();
    let mut parts = dotted.split('.').peekable();
    while let Some(part) = parts.next() {
        let value = entry(table, part)?;
        if parts.peek().is_none() {
            return Some(value.span());
        }
        table = value.get_ref().as_table()?;
    }
    None
}

fn output_table<'a, 'i>(root: &'a DeTable<'i>, name: &str) -> Option<&'a Spanned<DeValue<'i>>> {
    let output = entry(root, "output")?.get_ref().as_table()?;
    entry(output, name)
}

fn output_key_span(root: &DeTable<'_>, name: &str) -> Option<std::ops::Range<usize>> {
    let output = entry(root, "output")?.get_ref().as_table()?;
    output
        .iter()
        .find(|(key, _)| key.get_ref().as_ref() == name)
        .map(|(key, _)| key.span())
}

fn entry<'a, 'i>(table: &'a DeTable<'i>, name: &str) -> Option<&'a Spanned<DeValue<'i>>> {
    table
        .iter()
        .find(|(key, _)| key.get_ref().as_ref() == name)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, default)]
    struct Settings {
        size: f32,
        name: Option<Spanned<String>>,
    }

    fn manifest(text: &str) -> LoadedManifest {
        LoadedManifest::from_text(std::path::Path::new("book.toml"), text)
    }

    #[test]
    fn a_table_is_read_with_positions_and_defaults_when_absent() {
        let m = manifest(
            "[book]\ntitle = \"T\"\nlanguage = \"en\"\n\n[output.test]\nsize = 2.5\nname = \"x\"\n",
        );
        let settings: Settings = OutputTable::new(&m, "test").parse().unwrap();
        assert_eq!(settings.size, 2.5);
        let name = settings.name.unwrap();
        assert_eq!(&m.text[name.span()], "\"x\"");
        let other: Settings = OutputTable::new(&m, "other").parse().unwrap();
        assert_eq!(other, Settings::default());
    }

    #[test]
    fn a_wrong_key_or_type_names_the_line() {
        let m = manifest(
            "[book]\ntitle = \"T\"\nlanguage = \"en\"\n\n[output.test]\nsize = 2.5\nnmae = \"x\"\n",
        );
        let problems = OutputTable::new(&m, "test")
            .parse::<Settings>()
            .unwrap_err();
        assert_eq!(problems[0].position.map(|p| p.0), Some(7), "{problems:?}");
        assert!(problems[0].message.contains("nmae"), "{problems:?}");
        let m =
            manifest("[book]\ntitle = \"T\"\nlanguage = \"en\"\n\n[output.test]\nsize = \"big\"\n");
        let problems = OutputTable::new(&m, "test")
            .parse::<Settings>()
            .unwrap_err();
        assert_eq!(problems[0].position.map(|p| p.0), Some(6), "{problems:?}");
        let header = OutputTable::new(&m, "test").error("too big");
        assert_eq!(header.position.map(|p| p.0), Some(5));
    }
}

//! Finding a tag's row: aliases, variant rows, and the fallback for a language the
//! table does not know.

use super::rows::{ALIASES, LANGUAGES};
use super::table::{LangData, ROW};

static FALLBACK: LangData = ROW;

/// The row for a lowercase primary subtag and the tag's other subtags: a variant
/// row when one of them has one (`fr-CA`, `zh-Hant-TW`), else the language's row
/// (through an alias such as `nb` → `no`), else the fallback.
pub(super) fn lookup<'a>(
    primary: &str,
    mut subtags: impl Iterator<Item = &'a str>,
) -> &'static LangData {
    let primary = ALIASES
        .iter()
        .find(|(alias, _)| *alias == primary)
        .map_or(primary, |(_, to)| to);
    let row = |variant: &str| {
        LANGUAGES
            .iter()
            .find(|row| row.primary == primary && row.variant.eq_ignore_ascii_case(variant))
    };
    subtags
        .find_map(|s| (!s.is_empty()).then(|| row(s)).flatten())
        .or_else(|| row(""))
        .unwrap_or(&FALLBACK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_its_own_subtags() {
        for (i, row) in LANGUAGES.iter().enumerate() {
            let tag = format!("{}-{}", row.primary, row.variant);
            assert!(
                (2..=3).contains(&row.primary.len())
                    && row.primary.chars().all(|c| c.is_ascii_lowercase()),
                "{tag}"
            );
            assert!(row.variant.chars().all(|c| c.is_ascii_lowercase()), "{tag}");
            assert!(!row.name.is_empty(), "{tag}");
            assert!(
                LANGUAGES[..i]
                    .iter()
                    .all(|r| (r.primary, r.variant) != (row.primary, row.variant)),
                "{tag} twice"
            );
        }
        for (alias, to) in ALIASES {
            assert!(LANGUAGES.iter().all(|r| r.primary != *alias), "{alias}");
            assert!(LANGUAGES.iter().any(|r| r.primary == *to), "{to}");
        }
    }
}

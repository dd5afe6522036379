//! Turns serde/toml error messages into help lines: the nearest known key for a typo,
//! what to add for a missing key, how to write a value of the right type.

/// A help line for a toml deserialization message, if we have one.
pub fn help_for(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (unknown, expected) = rest.split_once('`')?;
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return Some(match nearest(unknown, &candidates) {
            Some(best) => format!("did you mean `{best}`?"),
            None if candidates.is_empty() => format!("remove `{unknown}`"),
            None => format!("remove `{unknown}`; known keys: {}", candidates.join(", ")),
        });
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (unknown, expected) = rest.split_once('`')?;
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return Some(match nearest(unknown, &candidates) {
            Some(best) => format!("did you mean \"{best}\"?"),
            None => format!("use one of: {}", candidates.join(", ")),
        });
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next()?;
        return Some(format!("add `{key} = …` to this table"));
    }
    if message.starts_with("invalid type") {
        return Some(
            "check the value's type: text goes in quotes, lists in [ ], tables in [name]".into(),
        );
    }
    None
}

/// The candidate within a small edit distance of `word`, if any.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= c.len().max(word.len()).div_ceil(3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_suggests_the_nearest_key() {
        let message = "unknown field `titel`, expected one of `title`, `subtitle`, `authors`";
        assert_eq!(help_for(message).unwrap(), "did you mean `title`?");
    }

    #[test]
    fn of_several_close_keys_the_nearest_wins() {
        // `kine` is one edit from `kind` and two from `file` and `line`.
        for candidates in [["file", "kind", "line"], ["kind", "line", "file"]] {
            assert_eq!(nearest("kine", &candidates), Some("kind"));
        }
        assert_eq!(nearest("smrt", &["start", "smart", "sort"]), Some("smart"));
    }

    #[test]
    fn an_unrelated_key_lists_the_known_ones() {
        let message = "unknown field `zzzzzz`, expected `file` or `title`";
        assert_eq!(
            help_for(message).unwrap(),
            "remove `zzzzzz`; known keys: file, title"
        );
    }

    #[test]
    fn a_missing_key_says_what_to_add() {
        assert_eq!(
            help_for("missing field `language`").unwrap(),
            "add `language = …` to this table"
        );
    }

    #[test]
    fn a_table_without_keys_says_to_remove_the_key() {
        // serde's message when the table takes no keys at all: nothing to list.
        let message = "unknown field `colour`, there are no fields";
        assert_eq!(help_for(message).unwrap(), "remove `colour`");
    }

    #[test]
    fn edit_distance_counts_each_insertion_deletion_and_substitution() {
        // Levenshtein distances worked by hand; each direction, since a deletion
        // from one word is an insertion into the other.
        let cases = [
            ("kitten", "sitting", 3),
            ("title", "titles", 1),
            ("flaw", "lawn", 2),
            ("abc", "", 3),
            ("same", "same", 0),
        ];
        for (a, b, distance) in cases {
            assert_eq!(edit_distance(a, b), distance, "{a} -> {b}");
            assert_eq!(edit_distance(b, a), distance, "{b} -> {a}");
        }
    }
}

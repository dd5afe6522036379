//! The character rules of the typography pass, over a paragraph flattened into text
//! pieces (see `apply_to_inlines`). Each rule looks at the character before (what has
//! been written so far, across pieces) and the characters after (the input ahead).
//! What differs by language (quotation marks, French spacing, the dialogue dash,
//! honorifics) comes from the language's row of the table in `crate::lang`.

use crate::lang::{LangData, Quotes};

/// Stands for an inline that is neither text nor space, e.g. a note reference.
pub const OPAQUE: char = '\u{FFFC}';
pub const NBSP: char = '\u{00A0}';
pub const NNBSP: char = '\u{202F}';

/// Words that start with an elided letter ('tis, 'em): a leading `'` is an
/// apostrophe, not an opening quote.
const ELISIONS: &[&str] = &[
    "tis", "twas", "twere", "em", "cause", "til", "till", "n", "bout", "round", "nuff", "ere",
    "neath", "s",
];

/// Abbreviations followed by a name, in every language: the space after them does
/// not break. A language may add its own (`LangData::honorifics`).
const HONORIFICS: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "St.", "Mx.", "Mme", "Mlle", "Mmes", "Dr", "Mr", "Mrs",
];

/// The piece a character of the paragraph comes from (its index), or `VIRTUAL`:
/// eight bytes a character with it, not sixteen (a novel is millions of them).
type Owner = u32;
const VIRTUAL: Owner = Owner::MAX;

/// Transforms the text pieces of one paragraph. `input[i]` is `None` for a virtual
/// piece, which reads as `virtual_chars[i]` and produces no output. `langs[i]` is
/// the language of piece `i` (a span in another language has its own).
pub fn transform(
    input: &[Option<&str>],
    virtual_chars: &[char],
    langs: &[&LangData],
) -> Vec<Option<String>> {
    let mut chars: Vec<(Owner, char)> =
        Vec::with_capacity(input.iter().map(|p| p.map_or(1, str::len)).sum());
    for (index, piece) in input.iter().enumerate() {
        match piece {
            Some(text) => chars.extend(text.chars().map(|c| (index as Owner, c))),
            None => chars.push((VIRTUAL, virtual_chars[index])),
        }
    }
    let mut out = Output {
        pieces: input.iter().map(|p| p.map(|_| String::new())).collect(),
        last: None,
        previous: None,
    };
    let mut open_singles = 0usize;
    let mut open_doubles = 0usize;
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut i = 0;
    while i < chars.len() {
        let (owner, c) = chars[i];
        let Some(piece) = (owner != VIRTUAL).then_some(owner as usize) else {
            out.previous = Some(c);
            out.last = None;
            i += 1;
            continue;
        };
        let lang = langs[piece];
        let spacing = lang.spacing.as_ref();
        // Nearly every character is copied as it is: only the first, a few marks and
        // the spaces before a capital are looked at (what the match below does with
        // any other). A run of such characters of one piece is copied at once.
        let copied = |c: char| {
            !may_change(c) && spacing.is_none_or(|s| !s.before.iter().any(|&(mark, _)| mark == c))
        };
        // A space is copied unless a capital follows (it may end an honorific).
        let copied_at = |j: usize, c: char| match c {
            ' ' => !at(j + 1).is_some_and(char::is_uppercase),
            _ => copied(c),
        };
        if out.previous.is_some() && copied_at(i, c) {
            let run = chars[i..]
                .iter()
                .enumerate()
                .take_while(|&(k, &(owner, c))| owner as usize == piece && copied_at(i + k, c))
                .count();
            out.push_run(piece, &chars[i..i + run]);
            i += run;
            continue;
        }
        let quotes = &lang.quotes;
        let french = spacing.is_some();
        let next = at(i + 1);
        if let (None, Some(dialogue)) = (out.previous, &lang.dialogue_dash) {
            if let Some(length) = dialogue_opening(&chars, i, dialogue.dash) {
                // The author's spaces after the dash give way to the language's.
                i += length;
                while chars.get(i).is_some_and(|&(o, c)| o != VIRTUAL && c == ' ') {
                    i += 1;
                }
                out.push(piece, dialogue.dash);
                if dialogue.space_after && i < chars.len() {
                    out.push(piece, NBSP);
                }
                continue;
            }
        }
        let space_before = spacing
            .and_then(|s| s.before.iter().find(|&&(mark, _)| mark == c))
            .map(|&(_, space)| space);
        match c {
            '-' if next == Some('-') => {
                let triple = at(i + 2) == Some('-');
                let dash = if triple { '—' } else { '–' };
                i += if triple { 3 } else { 2 };
                out.dash(piece, dash, at(i));
                continue;
            }
            '–' | '—' => out.dash(piece, c, next),
            '.' if next == Some('.') && at(i + 2) == Some('.') => {
                out.push(piece, '…');
                i += 3;
                continue;
            }
            '"' => {
                // Between two spaces (`dit " oui ".`, typed the French way) a quote
                // opens unless one is open: the spaces say nothing.
                let spaced = out.previous.is_some_and(char::is_whitespace)
                    && next.is_some_and(char::is_whitespace);
                let opening = match spaced {
                    true => open_doubles == 0,
                    false => opens(out.previous, next, quotes),
                };
                if opening {
                    open_doubles += 1;
                    out.push_str(piece, quotes.open);
                    if french && next == Some(' ') {
                        i += 1; // the narrow space replaces the author's space
                    }
                } else {
                    open_doubles = open_doubles.saturating_sub(1);
                    if french {
                        out.drop_space_before();
                    }
                    out.push_str(piece, quotes.close);
                }
            }
            '\'' => {
                let after_letter = out.previous.is_some_and(|p| p.is_alphanumeric());
                if after_letter && next.is_some_and(char::is_alphanumeric) {
                    out.push(piece, '’'); // don't, l'homme
                } else if opens(out.previous, next, quotes) {
                    if next.is_some_and(|n| n.is_ascii_digit()) || starts_elision(&chars, i + 1) {
                        out.push(piece, '’'); // '90s, 'tis
                    } else {
                        open_singles += 1;
                        out.push_str(piece, quotes.inner_open);
                    }
                } else if open_singles > 0 {
                    open_singles -= 1;
                    out.push_str(piece, quotes.inner_close);
                } else {
                    out.push(piece, '’'); // the boys' books
                }
            }
            '«' if french => {
                out.push(piece, '«');
                if let Some(space) = spacing.and_then(|s| s.inside_guillemets) {
                    out.push(piece, space);
                }
                if next.is_some_and(is_plain_space) {
                    i += 1;
                }
            }
            '»' if french => {
                match spacing.and_then(|s| s.inside_guillemets) {
                    Some(space) => {
                        if !out.replace_space_before(space) {
                            out.push(piece, space);
                        }
                    }
                    None => out.drop_any_space_before(),
                }
                out.push(piece, '»');
            }
            _ if space_before.is_some() => {
                let space = space_before.unwrap_or(NBSP);
                let is_time_or_url =
                    c == ':' && (next.is_some_and(|n| n.is_ascii_digit() || n == '/'));
                if !is_time_or_url && !out.replace_space_before(space) && wants_space(out.previous)
                {
                    out.push(piece, space);
                }
                out.push(piece, c);
            }
            // The cheap test first: a space before a capital is rare, the
            // honorifics are a dozen suffixes to compare.
            ' ' if next.is_some_and(char::is_uppercase)
                && out.ends_with_honorific(lang.honorifics) =>
            {
                out.push(piece, NBSP)
            }
            _ => out.push(piece, c),
        }
        i += 1;
    }
    out.pieces
}

/// The characters `transform` may do more with than copy (besides the language's
/// high punctuation, and whatever opens the paragraph).
fn may_change(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '.' | '"' | '\'' | '«' | '»' | ' ')
}

/// How many characters open a paragraph of dialogue at `i`: `--`, `---` or `—`, or
/// `–` where the language's dash is the en dash.
fn dialogue_opening(chars: &[(Owner, char)], i: usize, dash: char) -> Option<usize> {
    let at = |j: usize| chars.get(j).map(|&(_, c)| c);
    match at(i)? {
        '-' if at(i + 1) == Some('-') => Some(if at(i + 2) == Some('-') { 3 } else { 2 }),
        '—' => Some(1),
        '–' if dash == '–' => Some(1),
        _ => None,
    }
}

/// A quote opens after nothing, a space, an opening bracket or quote (the language's
/// own opening marks among them: Swedish ”, Hungarian »), or ¿ ¡; after a dash it
/// opens only before a word ("Wait—" she said; —"Now," he said).
fn opens(previous: Option<char>, next: Option<char>, quotes: &Quotes) -> bool {
    match previous {
        None => true,
        Some('—' | '–') => next.is_some_and(|n| n.is_alphanumeric() || "‘“(".contains(n)),
        // A quote between a space and the end, a space or punctuation closes.
        Some(p) if p.is_whitespace() => {
            !next.is_none_or(|n| n.is_whitespace() || ".,;:!?)]".contains(n))
        }
        Some(p) => {
            "([{‘“«„‚/¿¡".contains(p)
                || [quotes.open, quotes.inner_open]
                    .iter()
                    .any(|mark| mark.ends_with(p))
        }
    }
}

/// Whether French high punctuation after `previous` needs a space inserted: not at
/// the start, not after a space, and not after another mark (?!, «?).
fn wants_space(previous: Option<char>) -> bool {
    previous.is_some_and(|p| !p.is_whitespace() && !"!?;:«([{…".contains(p) && p != OPAQUE)
}

fn is_plain_space(c: char) -> bool {
    c == ' '
}

fn starts_elision(chars: &[(Owner, char)], from: usize) -> bool {
    let word: String = chars[from.min(chars.len())..]
        .iter()
        .map(|&(_, c)| c)
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    ELISIONS.contains(&word.as_str())
}

/// What has been written so far, piece by piece.
struct Output {
    pieces: Vec<Option<String>>,
    /// The piece that received the last character, if it was not virtual.
    last: Option<usize>,
    /// The last character written or read from a virtual piece.
    previous: Option<char>,
}

impl Output {
    fn push(&mut self, piece: usize, c: char) {
        if let Some(text) = &mut self.pieces[piece] {
            text.push(c);
        }
        self.last = Some(piece);
        self.previous = Some(c);
    }

    /// Pushes a run of characters of `piece` (at least one).
    fn push_run(&mut self, piece: usize, run: &[(Owner, char)]) {
        if let Some(text) = &mut self.pieces[piece] {
            text.extend(run.iter().map(|&(_, c)| c));
        }
        self.last = Some(piece);
        self.previous = run.last().map(|&(_, c)| c);
    }

    fn push_str(&mut self, piece: usize, s: &str) {
        s.chars().for_each(|c| self.push(piece, c));
    }

    fn last_text(&mut self) -> Option<&mut String> {
        self.pieces[self.last?].as_mut()
    }

    /// Replaces a plain or no-break space just written by `space`; false if there was
    /// none to replace.
    fn replace_space_before(&mut self, space: char) -> bool {
        let Some(text) = self.last_text() else {
            return false;
        };
        if text.ends_with([' ', NBSP, NNBSP]) {
            text.pop();
            text.push(space);
            self.previous = Some(space);
            true
        } else {
            false
        }
    }

    /// Removes a plain or no-break space just written (« » set tight).
    fn drop_any_space_before(&mut self) {
        if let Some(text) = self.last_text() {
            if text.ends_with([' ', NBSP, NNBSP]) {
                text.pop();
                let previous = text.chars().last();
                self.previous = previous;
            }
        }
    }

    fn drop_space_before(&mut self) {
        if let Some(text) = self.last_text() {
            if text.ends_with(' ') {
                text.pop();
                let previous = text.chars().last();
                self.previous = previous;
            }
        }
    }

    /// A spaced dash is tied to the word before it, so it never starts a line.
    fn dash(&mut self, piece: usize, dash: char, next: Option<char>) {
        let spaced_after = next.is_none_or(char::is_whitespace);
        if self.previous == Some(' ') && spaced_after {
            self.replace_space_before(NBSP);
        }
        self.push(piece, dash);
    }

    /// Whether the text so far ends with one of `HONORIFICS` or of `own` (the
    /// language's).
    fn ends_with_honorific(&mut self, own: &[&str]) -> bool {
        let Some(text) = self.last_text() else {
            return false;
        };
        let text = text.as_str();
        let matches = |h: &&str| {
            text.strip_suffix(*h)
                .is_some_and(|before| before.chars().last().is_none_or(|c| !c.is_alphanumeric()))
        };
        HONORIFICS.iter().chain(own).any(matches)
    }
}

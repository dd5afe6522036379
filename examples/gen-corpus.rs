//! Deterministic corpus generator for benchmarks and typesetting measurement: writes a book
//! folder (book.toml, stories/, fonts/) of made-up stories. Words are drawn with their real
//! frequencies from wordfreq's lists of the 70,000 most frequent English or Russian word forms
//! (`examples/data/`, CC BY-SA 4.0), so the vocabulary grows as in real books (Zipf's and
//! Heaps' laws); sentence and paragraph lengths, commas, semicolons and spaced dashes follow
//! the sample stories, and dialogue is quoted in the language's style.
//! Usage: cargo run --example gen-corpus -- --stories 200 --words 5000 [--seed 42] [--language en] OUT_DIR

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::exit;

const USAGE: &str = "usage: gen-corpus --stories N --words N [--seed N] [--language TAG] OUT_DIR\n\
    Russian words for a language tag starting with `ru`, English words for any other.";
const ACCENTED: &str = "café naïve façade fiancée déjà crème rosé résumé soirée protégé éclair \
    entrée cliché décor Zürich Kraków Montréal Besançon";

/// What differs between the languages: the word list, names, long words, dialogue.
struct Language {
    /// `examples/data/words-{data}.tsv.gz`.
    data: &'static str,
    names: &'static str,
    long: &'static str,
    /// Speakers of dialogue, each with the index (0 or 1) of its verb form.
    speakers: &'static [(&'static str, usize)],
    /// Verbs after dialogue ending in `.`, `?`, `!`: "form0/form1" alternatives.
    verbs: [&'static str; 3],
    quotes: (char, char),
    /// Per mille of vocabulary draws made uniformly over the list instead of by frequency.
    /// wordfreq's English list, cut at 70,000 words, has too light a tail for the 50k+
    /// distinct forms of a million words of English; Russian, richer in forms, needs none.
    flat_tail: usize,
    /// Title patterns, one drawn per story: {A}/{a} and {B}/{b} are two title words
    /// (capitalised or not), {name} a character's name.
    titles: [&'static str; 4],
}

const ENGLISH: Language = Language {
    data: "en",
    names: "Valérie Henri Chloé Renée Jean-Pierre Zoë Anaïs",
    long: "incomprehensibilities counterrevolutionary internationalization \
        uncharacteristically disproportionately indistinguishable responsibilities \
        misunderstandings conscientiousness interdisciplinary straightforwardness",
    speakers: &[
        ("she", 0),
        ("he", 0),
        ("she", 0),
        ("he", 0),
        ("she", 0),
        ("he", 0),
        ("Valérie", 0),
        ("Henri", 0),
        ("Chloé", 0),
        ("Renée", 0),
        ("Jean-Pierre", 0),
        ("Zoë", 0),
    ],
    verbs: [
        "said said whispered replied",
        "asked wondered",
        "cried called",
    ],
    quotes: ('"', '"'),
    flat_tail: 50,
    titles: ["The {A}", "{A} and {B}", "{name} and the {A}", "{A} of {B}"],
};

const RUSSIAN: Language = Language {
    data: "ru",
    names: "Анна Алексей Вронский Левин Кити Долли Стива Каренин Сережа Варенька",
    long: "человеконенавистничество высокопревосходительство достопримечательностей \
        переосвидетельствование неудовлетворительного самосовершенствования \
        интернационализация частнопредпринимательский контрреволюционеров \
        рентгеноэлектрокардиографического",
    speakers: &[
        ("она", 1),
        ("он", 0),
        ("она", 1),
        ("он", 0),
        ("она", 1),
        ("он", 0),
        ("Анна", 1),
        ("Вронский", 0),
        ("Кити", 1),
        ("Левин", 0),
        ("Долли", 1),
        ("Стива", 0),
    ],
    verbs: [
        "сказал/сказала сказал/сказала прошептал/прошептала ответил/ответила",
        "спросил/спросила удивился/удивилась",
        "крикнул/крикнула воскликнул/воскликнула",
    ],
    quotes: ('«', '»'),
    flat_tail: 0,
    titles: ["{A}", "{A} и {b}", "{name} и {b}", "{A} {b}"],
};

/// SplitMix64: tiny, fast and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// One word of a space-separated list.
    fn pick<'a>(&mut self, list: &'a str) -> &'a str {
        let words: Vec<&str> = list.split_whitespace().collect();
        words[self.below(words.len())]
    }
    fn item<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn cap(w: impl AsRef<str>) -> String {
    let mut c = w.as_ref().chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// A word list with its frequencies, drawn from by frequency (Zipf-distributed).
struct Vocabulary {
    words: Vec<String>,
    /// Running sums of the words' weights, in list order.
    cumulative: Vec<u64>,
}

impl Vocabulary {
    /// Reads `word<TAB>zipf` lines (gzip); a word's weight is 10^zipf, to the thousandth
    /// (an integer, so the draws are the same on every platform).
    fn load(path: &Path) -> Result<Vocabulary, String> {
        let file = fs::File::open(path).map_err(io(path))?;
        let mut text = String::new();
        flate2::read::GzDecoder::new(file)
            .read_to_string(&mut text)
            .map_err(io(path))?;
        let (mut words, mut cumulative, mut total) = (vec![], vec![], 0u64);
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let bad = || format!("{}:{}: not `word<TAB>zipf`: {line}", path.display(), n + 1);
            let (word, zipf) = line.split_once('\t').ok_or_else(bad)?;
            let zipf: f64 = zipf.parse().map_err(|_| bad())?;
            total += (10f64.powf(zipf) * 1000.0).round() as u64;
            words.push(word.to_string());
            cumulative.push(total);
        }
        if words.is_empty() {
            return Err(format!("{}: no words", path.display()));
        }
        Ok(Vocabulary { words, cumulative })
    }

    fn by_frequency(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().expect("not empty");
        let x = rng.next() % total;
        &self.words[self.cumulative.partition_point(|&c| c <= x)]
    }
}

/// What the sample stories teach (sentence lengths in words, paragraph lengths in
/// sentences, commas, semicolons and dashes per word), and the language's words.
struct Model {
    lang: &'static Language,
    vocabulary: Vocabulary,
    /// Common longer words, for titles.
    title_words: Vec<String>,
    sentence_lens: Vec<usize>,
    para_lens: Vec<usize>,
    commas_per_mille: usize,
    semicolons_per_mille: usize,
    dashes_per_mille: usize,
}

impl Model {
    fn learn(dir: &Path, lang: &'static Language, data: &Path) -> Result<Model, String> {
        let mut files = list(dir).map_err(io(dir))?;
        files.retain(|p| p.extension().is_some_and(|e| e == "md"));
        files.sort();
        let (mut words, mut commas, mut semicolons, mut dashes) = (0, 0, 0, 0);
        let (mut sentence_lens, mut para_lens) = (vec![], vec![]);
        for file in &files {
            let text = fs::read_to_string(file).map_err(io(file))?;
            for para in text.replace('’', "'").split("\n\n") {
                let (mut in_sentence, mut sentences) = (0, 0);
                // The "." after the last token closes an unpunctuated last sentence.
                for tok in para.split_whitespace().chain(["."]) {
                    if tok == "–" || tok == "—" {
                        dashes += 1;
                        continue;
                    }
                    let bare = tok.trim_end_matches(['"', '\'', ')', '”']);
                    let word = tok.trim_matches(|c: char| !c.is_alphabetic());
                    let ok = |c: char| c.is_alphabetic() || c == '\'' || c == '-';
                    if !word.is_empty() && word.chars().all(ok) {
                        words += 1;
                        commas += usize::from(bare.ends_with(','));
                        semicolons += usize::from(bare.ends_with(';'));
                        in_sentence += 1;
                    }
                    if in_sentence > 0 && bare.ends_with(['.', '?', '!']) {
                        sentence_lens.push(in_sentence);
                        (in_sentence, sentences) = (0, sentences + 1);
                    }
                }
                para_lens.extend((sentences > 0).then_some(sentences));
            }
        }
        if words == 0 {
            return Err(format!("no words found in {}/*.md", dir.display()));
        }
        let vocabulary = Vocabulary::load(data)?;
        let title_words = vocabulary.words[..5000.min(vocabulary.words.len())]
            .iter()
            .filter(|w| w.chars().count() >= 6 && w.chars().all(char::is_lowercase))
            .filter(|w| !w.ends_with("ly"))
            .cloned()
            .collect();
        Ok(Model {
            lang,
            vocabulary,
            title_words,
            sentence_lens,
            para_lens,
            commas_per_mille: commas * 1000 / words,
            semicolons_per_mille: semicolons * 1000 / words,
            dashes_per_mille: dashes * 1000 / words,
        })
    }

    fn word(&self, rng: &mut Rng) -> String {
        let w = match rng.below(1000) {
            0..=11 => return rng.pick(self.lang.long).to_string(),
            12..=23 => return rng.pick(ACCENTED).to_string(),
            24..=33 => return rng.pick(self.lang.names).to_string(),
            _ if rng.below(1000) < self.lang.flat_tail => rng.item(&self.vocabulary.words).as_str(),
            _ => self.vocabulary.by_frequency(rng),
        };
        // wordfreq's lists are lower-case: English "I" (and "I'm", "I'd"…) is not.
        if self.lang.data == "en" && (w == "i" || w.starts_with("i'")) {
            cap(w)
        } else {
            w.to_string()
        }
    }

    /// `len` tokens, capitalised, commas, semicolons and spaced dashes inside, `end`
    /// after the last word.
    fn sentence(&self, rng: &mut Rng, len: usize, end: char) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(len + 2);
        for i in 0..len {
            let inside = i >= 2 && i + 2 < len; // not at the start or the end
            let after_mark = out
                .last()
                .is_some_and(|p| p.ends_with([',', ';']) || p == "–");
            if inside && !after_mark && rng.below(1000) < self.dashes_per_mille {
                out.push("–".into()); // a spaced dash: "a word – and more"
                continue;
            }
            let mut w = self.word(rng);
            if out
                .last()
                .is_some_and(|p| p.trim_end_matches([',', ';']) == w)
            {
                w = self.word(rng); // rarely "the the"
            }
            if i == 0 {
                w = cap(&w);
            }
            let mark = rng.below(1000);
            if i >= 1 && i + 2 < len && !after_mark {
                // Never after the first word, before the last, or twice in a row.
                if mark < self.commas_per_mille {
                    w.push(',');
                } else if mark < self.commas_per_mille + self.semicolons_per_mille {
                    w.push(';');
                }
            }
            out.push(w);
        }
        out[len - 1].push(end);
        out
    }

    /// `len` tokens of dialogue with its attribution: `"Quoted words," she said.` in
    /// English, `«Quoted words», – сказала она.` in Russian.
    fn dialogue(&self, rng: &mut Rng, len: usize, end: char) -> Vec<String> {
        let (open, close) = self.lang.quotes;
        let &(speaker, form) = rng.item(self.lang.speakers);
        let verbs = match end {
            '?' => self.lang.verbs[1],
            '!' => self.lang.verbs[2],
            _ => self.lang.verbs[0],
        };
        let verb = rng.pick(verbs).split('/').nth(form).expect("a verb form");
        let russian = open == '«';
        let quoted = len - if russian { 3 } else { 2 };
        let mut s = self.sentence(rng, quoted, if end == '.' { ',' } else { end });
        s[0].insert(0, open);
        let last = &mut s[quoted - 1];
        if russian && end == '.' {
            last.pop(); // «words», not «words,»
            last.extend([close, ',']);
            s.extend(["–".to_string(), verb.to_string(), format!("{speaker}.")]);
        } else if russian {
            last.push(close);
            s.extend(["–".to_string(), verb.to_string(), format!("{speaker}.")]);
        } else {
            last.push(close);
            s.extend([speaker.to_string(), format!("{verb}.")]);
        }
        s
    }

    /// Whole sentences taken from `left` words; about one paragraph in six is dialogue.
    fn paragraph(&self, rng: &mut Rng, left: &mut usize) -> String {
        let dialogue = rng.below(6) == 0;
        let mut count = match rng.below(100) {
            0..=11 => 1,
            12..=55 => (*rng.item(&self.para_lens)).clamp(2, 9),
            _ => 2 + rng.below(8),
        };
        if dialogue {
            count = count.min(1 + rng.below(3));
        }
        let (mut sentences, mut quoted_from) = (Vec::new(), 0);
        for k in 0..count {
            if *left == 0 {
                break;
            }
            let mut len = match rng.below(10) {
                0..=5 => (*rng.item(&self.sentence_lens)).clamp(4, 40),
                _ => 6 + rng.below(23),
            };
            if *left < len + 4 {
                len = *left; // never leave a stub shorter than four words
            }
            *left -= len;
            let end = ['.', '.', '.', '.', '.', '.', '.', '.', '?', '!'][rng.below(10)];
            if dialogue && k == 0 && len >= 5 {
                sentences.push(self.dialogue(rng, len, end));
                quoted_from = 1;
            } else {
                sentences.push(self.sentence(rng, len, end));
            }
        }
        if dialogue && quoted_from < sentences.len() {
            let (open, close) = self.lang.quotes;
            sentences[quoted_from][0].insert(0, open);
            let last = sentences.last_mut().and_then(|s| s.last_mut());
            let last = last.expect("a word");
            if open == '«' && last.ends_with('.') {
                last.pop(); // «…словами». in Russian, "…words." in English
                last.extend([close, '.']);
            } else {
                last.push(close);
            }
        }
        sentences.concat().join(" ")
    }

    /// Exactly `words` whitespace-separated tokens (a `---` scene break and a spaced
    /// dash count as one each).
    fn story(&self, rng: &mut Rng, words: usize) -> String {
        let breaks = [0, 1, 1, 1, 1, 2][rng.below(6)] * usize::from(words >= 100);
        let mut marks: Vec<usize> = (0..breaks)
            .map(|_| words / 5 + rng.below(words * 3 / 5))
            .collect();
        marks.sort_unstable();
        let (mut paras, mut left) = (Vec::<String>::new(), words);
        while left > 0 {
            let due = marks.first().is_some_and(|&m| m <= words - left);
            if due && left >= 10 && paras.last().is_some_and(|p| p != "---") {
                marks.remove(0);
                paras.push("---".into());
                left -= 1;
            } else {
                paras.push(self.paragraph(rng, &mut left));
            }
        }
        paras.join("\n\n") + "\n"
    }

    fn title(&self, rng: &mut Rng) -> String {
        let a = rng.item(&self.title_words).clone();
        let b = rng.item(&self.title_words).clone();
        let name = rng.pick(self.lang.names);
        let pattern = self.lang.titles[rng.below(4)];
        pattern
            .replace("{A}", &cap(&a))
            .replace("{B}", &cap(&b))
            .replace("{a}", &a)
            .replace("{b}", &b)
            .replace("{name}", name)
    }
}

fn list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect()
}

fn io(p: &Path) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("{}: {e}", p.display())
}

fn toml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The language whose words a book in `tag` gets: Russian for `ru…`, else English.
fn language(tag: &str) -> &'static Language {
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    if primary.eq_ignore_ascii_case("ru") {
        &RUSSIAN
    } else {
        &ENGLISH
    }
}

pub fn run(
    stories: usize,
    words: usize,
    seed: u64,
    language_tag: &str,
    out: &Path,
) -> Result<(), String> {
    if out.exists() && !fs::read_dir(out).is_ok_and(|mut d| d.next().is_none()) {
        let shown = out.display();
        let msg = format!("{shown} exists and is not an empty folder; choose another");
        return Err(msg);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lang = language(language_tag);
    let data = root.join(format!("examples/data/words-{}.tsv.gz", lang.data));
    let model = Model::learn(&root.join("stories"), lang, &data)?;
    for dir in [out.join("stories"), out.join("fonts")] {
        fs::create_dir_all(&dir).map_err(io(&dir))?;
    }
    let title = toml_str(&format!("Generated Anthology ({stories} × {words} words)"));
    let mut toml = format!(
        "# Generated by examples/gen-corpus.rs --stories {stories} --words {words} --seed {seed} \
         --language {language_tag}\n\n\
         [book]\ntitle = {title}\nauthors = [\"Folio Corpus Generator\"]\nlanguage = {}\n\
         description = \"Machine-made stories for benchmarks and typesetting measurement.\"\n",
        toml_str(language_tag),
    );
    let width = stories.to_string().len().max(3);
    for i in 1..=stories {
        let mut rng = Rng(Rng(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407)).next());
        let file = format!("stories/story-{i:0width$}.md");
        let title = toml_str(&model.title(&mut rng));
        let path = out.join(&file);
        fs::write(&path, model.story(&mut rng, words)).map_err(io(&path))?;
        toml += &format!("\n[[stories]]\nfile = \"{file}\"\ntitle = {title}\n");
    }
    let manifest = out.join("book.toml");
    fs::write(&manifest, toml).map_err(io(&manifest))?;
    let fonts = root.join("fonts");
    let mut files = list(&fonts).map_err(io(&fonts))?;
    files.retain(|p| p.is_file());
    files.sort();
    for f in &files {
        let name = f.file_name().expect("a file has a name");
        fs::copy(f, out.join("fonts").join(name)).map_err(io(f))?;
    }
    let (n, shown) = (files.len(), out.display());
    println!("wrote {stories} stories of {words} words and {n} font files to {shown}");
    Ok(())
}

fn usage(msg: &str) -> ! {
    eprintln!("gen-corpus: {msg}\n{USAGE}");
    exit(2)
}

fn main() {
    let (mut stories, mut words, mut seed, mut language, mut out) = (0, 0, 42, "en".into(), None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let missing = format!("{arg} needs a value");
        let mut value = || args.next().unwrap_or_else(|| usage(&missing));
        let mut number = || value().parse::<u64>().ok();
        match arg.as_str() {
            "-h" | "--help" => return println!("{USAGE}"),
            "--stories" => stories = number().unwrap_or(0) as usize,
            "--words" => words = number().unwrap_or(0) as usize,
            "--seed" => seed = number().unwrap_or_else(|| usage("--seed wants a whole number")),
            "--language" => language = value(),
            a if a.starts_with('-') => usage(&format!("unknown option {a}")),
            _ if out.is_some() => usage(&format!("only one OUT_DIR, got a second: {arg}")),
            _ => out = Some(PathBuf::from(arg)),
        }
    }
    if stories == 0 || words == 0 {
        usage("--stories and --words are required, each a whole number of at least 1");
    }
    let out = out.unwrap_or_else(|| usage("OUT_DIR is required"));
    if let Err(msg) = run(stories, words, seed, &language, &out) {
        eprintln!("gen-corpus: {msg}");
        exit(1);
    }
}

//! Numbers as words, for `numbering = "words"` ("Chapter One"): 1 to 100 in the
//! languages whose rules are written here, in the form the language's "chapter"
//! label takes — a cardinal in English, French, German, Spanish, Italian,
//! Portuguese and Dutch; an ordinal agreeing with the noun in Russian ("Глава
//! первая", feminine) and Polish ("Rozdział pierwszy", masculine). Elsewhere, and
//! above 100, there are no words: the caller falls back to numerals.

use super::Lang;

/// The highest number written in words.
pub const MAX_WORDS: usize = 100;

/// The languages (primary subtags) with number words.
pub const WITH_WORDS: &[&str] = &["en", "fr", "de", "es", "it", "pt", "nl", "ru", "pl"];

impl Lang {
    /// `n` in words as it follows this language's "chapter" label, or `None` when
    /// Folio has no words for it (see the module's comment).
    pub fn number_words(&self, n: usize) -> Option<String> {
        if n == 0 || n > MAX_WORDS {
            return None;
        }
        Some(match self.primary() {
            "en" => english(n),
            "fr" => french(n),
            "de" => german(n),
            "es" => spanish(n),
            "it" => italian(n),
            "pt" => portuguese(n, self.as_str().to_ascii_lowercase().ends_with("-pt")),
            "nl" => dutch(n),
            "ru" => russian(n),
            "pl" => polish(n),
            _ => return None,
        })
    }

    /// Whether [`Lang::number_words`] knows this language.
    pub fn has_number_words(&self) -> bool {
        WITH_WORDS.contains(&self.primary())
    }
}

/// `n` in capital roman numerals (1 to 3999; beyond, arabic).
pub fn roman_upper(n: usize) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    roman(n).to_uppercase()
}

/// `n` in lowercase roman numerals (front-matter page labels).
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

fn english(n: usize) -> String {
    const UNITS: [&str; 20] = [
        "",
        "One",
        "Two",
        "Three",
        "Four",
        "Five",
        "Six",
        "Seven",
        "Eight",
        "Nine",
        "Ten",
        "Eleven",
        "Twelve",
        "Thirteen",
        "Fourteen",
        "Fifteen",
        "Sixteen",
        "Seventeen",
        "Eighteen",
        "Nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety",
    ];
    match n {
        100 => "One Hundred".into(),
        1..=19 => UNITS[n].into(),
        _ if n % 10 == 0 => TENS[n / 10].into(),
        _ => format!("{}-{}", TENS[n / 10], UNITS[n % 10]),
    }
}

fn french(n: usize) -> String {
    const UNITS: [&str; 20] = [
        "", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
        "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf",
    ];
    const TENS: [&str; 7] = [
        "",
        "",
        "vingt",
        "trente",
        "quarante",
        "cinquante",
        "soixante",
    ];
    let (tens, unit) = (n / 10, n % 10);
    match (tens, unit) {
        (10, _) => "cent".into(),
        (0 | 1, _) => UNITS[n].into(),
        (2..=6, 0) => TENS[tens].into(),
        (2..=6, 1) => format!("{} et un", TENS[tens]),
        (2..=6, _) => format!("{}-{}", TENS[tens], UNITS[unit]),
        (7, 1) => "soixante et onze".into(),
        (7, _) => format!("soixante-{}", UNITS[10 + unit]),
        (8, 0) => "quatre-vingts".into(),
        (8, _) => format!("quatre-vingt-{}", UNITS[unit]),
        _ => format!("quatre-vingt-{}", UNITS[10 + unit]),
    }
}

fn german(n: usize) -> String {
    const UNITS: [&str; 20] = [
        "",
        "eins",
        "zwei",
        "drei",
        "vier",
        "fünf",
        "sechs",
        "sieben",
        "acht",
        "neun",
        "zehn",
        "elf",
        "zwölf",
        "dreizehn",
        "vierzehn",
        "fünfzehn",
        "sechzehn",
        "siebzehn",
        "achtzehn",
        "neunzehn",
    ];
    const TENS: [&str; 10] = [
        "", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig",
        "neunzig",
    ];
    match n {
        100 => "einhundert".into(),
        1..=19 => UNITS[n].into(),
        _ if n % 10 == 0 => TENS[n / 10].into(),
        // "einundzwanzig": one loses its s before "und".
        _ if n % 10 == 1 => format!("einund{}", TENS[n / 10]),
        _ => format!("{}und{}", UNITS[n % 10], TENS[n / 10]),
    }
}

fn spanish(n: usize) -> String {
    const UNITS: [&str; 30] = [
        "",
        "uno",
        "dos",
        "tres",
        "cuatro",
        "cinco",
        "seis",
        "siete",
        "ocho",
        "nueve",
        "diez",
        "once",
        "doce",
        "trece",
        "catorce",
        "quince",
        "dieciséis",
        "diecisiete",
        "dieciocho",
        "diecinueve",
        "veinte",
        "veintiuno",
        "veintidós",
        "veintitrés",
        "veinticuatro",
        "veinticinco",
        "veintiséis",
        "veintisiete",
        "veintiocho",
        "veintinueve",
    ];
    const TENS: [&str; 10] = [
        "",
        "",
        "",
        "treinta",
        "cuarenta",
        "cincuenta",
        "sesenta",
        "setenta",
        "ochenta",
        "noventa",
    ];
    match n {
        100 => "cien".into(),
        1..=29 => UNITS[n].into(),
        _ if n % 10 == 0 => TENS[n / 10].into(),
        _ => format!("{} y {}", TENS[n / 10], UNITS[n % 10]),
    }
}

fn italian(n: usize) -> String {
    const UNITS: [&str; 20] = [
        "",
        "uno",
        "due",
        "tre",
        "quattro",
        "cinque",
        "sei",
        "sette",
        "otto",
        "nove",
        "dieci",
        "undici",
        "dodici",
        "tredici",
        "quattordici",
        "quindici",
        "sedici",
        "diciassette",
        "diciotto",
        "diciannove",
    ];
    const TENS: [&str; 10] = [
        "",
        "",
        "venti",
        "trenta",
        "quaranta",
        "cinquanta",
        "sessanta",
        "settanta",
        "ottanta",
        "novanta",
    ];
    match n {
        100 => "cento".into(),
        1..=19 => UNITS[n].into(),
        _ if n % 10 == 0 => TENS[n / 10].into(),
        _ => {
            let tens = TENS[n / 10];
            match n % 10 {
                // "ventuno", "ventotto": the tens drop their vowel before a vowel.
                1 | 8 => format!("{}{}", &tens[..tens.len() - 1], UNITS[n % 10]),
                3 => format!("{tens}tré"),
                unit => format!("{tens}{}", UNITS[unit]),
            }
        }
    }
}

fn portuguese(n: usize, european: bool) -> String {
    const UNITS: [&str; 20] = [
        "",
        "um",
        "dois",
        "três",
        "quatro",
        "cinco",
        "seis",
        "sete",
        "oito",
        "nove",
        "dez",
        "onze",
        "doze",
        "treze",
        "catorze",
        "quinze",
        "dezesseis",
        "dezessete",
        "dezoito",
        "dezenove",
    ];
    const TENS: [&str; 10] = [
        "",
        "",
        "vinte",
        "trinta",
        "quarenta",
        "cinquenta",
        "sessenta",
        "setenta",
        "oitenta",
        "noventa",
    ];
    match n {
        100 => "cem".into(),
        16 if european => "dezasseis".into(),
        17 if european => "dezassete".into(),
        19 if european => "dezanove".into(),
        1..=19 => UNITS[n].into(),
        _ if n % 10 == 0 => TENS[n / 10].into(),
        _ => format!("{} e {}", TENS[n / 10], UNITS[n % 10]),
    }
}

fn dutch(n: usize) -> String {
    const UNITS: [&str; 20] = [
        "",
        "een",
        "twee",
        "drie",
        "vier",
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "tien",
        "elf",
        "twaalf",
        "dertien",
        "veertien",
        "vijftien",
        "zestien",
        "zeventien",
        "achttien",
        "negentien",
    ];
    const TENS: [&str; 10] = [
        "", "", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig",
        "negentig",
    ];
    match n {
        100 => "honderd".into(),
        1..=19 => UNITS[n].into(),
        _ if n % 10 == 0 => TENS[n / 10].into(),
        _ => {
            let unit = UNITS[n % 10];
            // "tweeëntwintig": a diaeresis parts the two e's.
            let and = if unit.ends_with('e') { "ën" } else { "en" };
            format!("{unit}{and}{}", TENS[n / 10])
        }
    }
}

/// Feminine ordinals: "глава" is feminine.
fn russian(n: usize) -> String {
    const ORDINALS: [&str; 20] = [
        "",
        "первая",
        "вторая",
        "третья",
        "четвёртая",
        "пятая",
        "шестая",
        "седьмая",
        "восьмая",
        "девятая",
        "десятая",
        "одиннадцатая",
        "двенадцатая",
        "тринадцатая",
        "четырнадцатая",
        "пятнадцатая",
        "шестнадцатая",
        "семнадцатая",
        "восемнадцатая",
        "девятнадцатая",
    ];
    const TENS_ORDINAL: [&str; 11] = [
        "",
        "",
        "двадцатая",
        "тридцатая",
        "сороковая",
        "пятидесятая",
        "шестидесятая",
        "семидесятая",
        "восьмидесятая",
        "девяностая",
        "сотая",
    ];
    const TENS: [&str; 10] = [
        "",
        "",
        "двадцать",
        "тридцать",
        "сорок",
        "пятьдесят",
        "шестьдесят",
        "семьдесят",
        "восемьдесят",
        "девяносто",
    ];
    match n {
        1..=19 => ORDINALS[n].into(),
        _ if n % 10 == 0 => TENS_ORDINAL[n / 10].into(),
        // Only the last word of a compound ordinal is an ordinal.
        _ => format!("{} {}", TENS[n / 10], ORDINALS[n % 10]),
    }
}

/// Masculine ordinals: "rozdział" is masculine.
fn polish(n: usize) -> String {
    const ORDINALS: [&str; 20] = [
        "",
        "pierwszy",
        "drugi",
        "trzeci",
        "czwarty",
        "piąty",
        "szósty",
        "siódmy",
        "ósmy",
        "dziewiąty",
        "dziesiąty",
        "jedenasty",
        "dwunasty",
        "trzynasty",
        "czternasty",
        "piętnasty",
        "szesnasty",
        "siedemnasty",
        "osiemnasty",
        "dziewiętnasty",
    ];
    const TENS: [&str; 11] = [
        "",
        "",
        "dwudziesty",
        "trzydziesty",
        "czterdziesty",
        "pięćdziesiąty",
        "sześćdziesiąty",
        "siedemdziesiąty",
        "osiemdziesiąty",
        "dziewięćdziesiąty",
        "setny",
    ];
    match n {
        1..=19 => ORDINALS[n].into(),
        _ if n % 10 == 0 => TENS[n / 10].into(),
        // Both words of a compound ordinal are ordinals.
        _ => format!("{} {}", TENS[n / 10], ORDINALS[n % 10]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(tag: &str, n: usize) -> String {
        Lang::parse(tag).unwrap().number_words(n).unwrap()
    }

    #[test]
    fn numbers_in_words_follow_each_language_s_rules() {
        let cases = [
            ("en", 1, "One"),
            ("en", 21, "Twenty-One"),
            ("en", 100, "One Hundred"),
            ("fr", 21, "vingt et un"),
            ("fr", 71, "soixante et onze"),
            ("fr", 77, "soixante-dix-sept"),
            ("fr", 80, "quatre-vingts"),
            ("fr", 81, "quatre-vingt-un"),
            ("fr", 91, "quatre-vingt-onze"),
            ("de", 1, "eins"),
            ("de", 21, "einundzwanzig"),
            ("de", 37, "siebenunddreißig"),
            ("es", 16, "dieciséis"),
            ("es", 22, "veintidós"),
            ("es", 31, "treinta y uno"),
            ("it", 21, "ventuno"),
            ("it", 23, "ventitré"),
            ("it", 38, "trentotto"),
            ("it", 45, "quarantacinque"),
            ("pt", 16, "dezesseis"),
            ("pt-PT", 16, "dezasseis"),
            ("pt", 21, "vinte e um"),
            ("nl", 21, "eenentwintig"),
            ("nl", 22, "tweeëntwintig"),
            ("nl", 24, "vierentwintig"),
            ("ru", 1, "первая"),
            ("ru", 21, "двадцать первая"),
            ("ru", 40, "сороковая"),
            ("pl", 1, "pierwszy"),
            ("pl", 21, "dwudziesty pierwszy"),
            ("pl", 100, "setny"),
        ];
        for (tag, n, expected) in cases {
            assert_eq!(words(tag, n), expected, "{tag} {n}");
        }
    }

    #[test]
    fn every_number_up_to_a_hundred_has_words_in_every_language_that_has_them() {
        for tag in WITH_WORDS {
            let lang = Lang::parse(tag).unwrap();
            for n in 1..=MAX_WORDS {
                let w = lang.number_words(n).unwrap();
                assert!(
                    !w.is_empty() && !w.contains("  ") && w.trim() == w,
                    "{tag} {n}: {w:?}"
                );
            }
            assert_eq!(lang.number_words(MAX_WORDS + 1), None);
        }
        assert_eq!(Lang::parse("cs").unwrap().number_words(1), None);
    }

    #[test]
    fn roman_numerals_are_capitals() {
        assert_eq!(roman_upper(4), "IV");
        assert_eq!(roman_upper(1994), "MCMXCIV");
        assert_eq!(roman_upper(4000), "4000");
    }
}

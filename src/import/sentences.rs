//! Sentences and words of plain prose: where sentences end (not after "U.S." or
//! "Sept."), the content words that ids and cross-references are made of, and the
//! headline an item's title is cut to.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use super::dates::{MONTHS, WEEKDAYS};

/// A set of words written as one string, split into a set the first time it is used.
pub struct WordList {
    text: &'static str,
    set: OnceLock<HashSet<&'static str>>,
}

impl WordList {
    const fn new(text: &'static str) -> Self {
        WordList {
            text,
            set: OnceLock::new(),
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.text.split_whitespace().collect())
            .contains(word)
    }
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "adm", "st", "jr", "sr",
    "vs", "etc", "no", "nos", "inc", "ltd", "co", "corp", "approx", "est", "fig", "gov", "sen",
    "rep", "pres", "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "cf",
    "al",
];

/// The sentences of a piece of prose, as trimmed ranges of `s`.
pub fn sentences(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '\u{2026}') {
            let mut j = i + 1;
            while j < chars.len()
                && matches!(chars[j].1, '"' | '\'' | '\u{201d}' | '\u{2019}' | ')' | ']')
            {
                j += 1;
            }
            let end = chars.get(j).map_or(s.len(), |&(p, _)| p);
            let ends_here = if j >= chars.len() {
                true
            } else if chars[j].1.is_whitespace() {
                let next = chars[j..].iter().find(|(_, c)| !c.is_whitespace());
                match next {
                    None => true,
                    Some(&(_, n)) => {
                        (n.is_uppercase()
                            || n.is_ascii_digit()
                            || matches!(n, '"' | '\u{201c}' | '\u{2018}' | '(' | '['))
                            && !(c == '.' && is_abbreviation(&s[start..pos]))
                    }
                }
            } else {
                false
            };
            if ends_here {
                push_trimmed(s, start..end, &mut out);
                start = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(s, start..s.len(), &mut out);
    out
}

/// `range` without surrounding whitespace, added unless empty.
pub fn push_trimmed(s: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &s[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push(range.start + lead..range.start + lead + trimmed.len());
    }
}

/// Whether the word just before a period (the end of `before`) is an abbreviation.
pub fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_start_matches(['(', '"', '\u{201c}', '[']);
    if word.is_empty() {
        return false;
    }
    if word.contains('.') {
        return true; // U.S, e.g
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase(); // an initial: "J. Smith"
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

static STOP_WORDS: WordList = WordList::new(
    "the a an and or but nor of in on at to for from by with without into onto over under \
    about after before ahead during since until between among amid against as than then \
    that this these those there here it its they them their he him his she her we our us \
    you your who whom whose which what when where why how will would may might must can \
    could shall should be been being is are was were am do does did done has have had \
    having not no yes also just only more most less least very so such any all each \
    every some other another both either neither if whether while once still yet even \
    further likely possible potential potentially expected expect upcoming planned \
    including include regardless continued continue continuing ongoing new renewed \
    recent recently next last first week day month year today tomorrow yesterday time \
    date one two three four five six seven eight nine ten per via out up down off around \
    within toward towards across through following later soon early late already set due \
    scheduled occurred occur take place held hold meanwhile however whereas although \
    though because whilst itself themselves said says say many much several few",
);

/// Words that open an introductory clause ("Regardless of outcomes, …").
pub static INTRO_WORDS: WordList = WordList::new(
    "regardless meanwhile however additionally also in on at after before during with if \
    as while following amid beyond ultimately finally longer looking going separately \
    elsewhere by over within whatever whether",
);

#[derive(Clone, Debug)]
pub struct Word {
    /// Lowercase, accents folded, possessive removed: "trump" for "Trump’s".
    pub lower: String,
    /// `lower` without a plural ending: "sanction" for "sanctions".
    pub stem: String,
    /// Written in capitals, like "UN" or "EU": kept even when short.
    pub acronym: bool,
    pub span: Range<usize>,
}

impl Word {
    pub fn is_content(&self) -> bool {
        let acronym = self.acronym && self.lower.len() >= 2;
        (self.lower.chars().count() >= 3 || acronym)
            && !self.lower.chars().all(|c| c.is_ascii_digit())
            && (acronym || (!STOP_WORDS.contains(&self.lower) && !STOP_WORDS.contains(&self.stem)))
            && !MONTHS.iter().any(|(m, _)| *m == self.lower)
            && !WEEKDAYS.iter().any(|(w, _)| *w == self.lower)
    }
}

fn fold(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ß' => 's',
        c if c.is_ascii_alphanumeric() => c,
        _ => return None,
    })
}

/// Words of `text[range]`, spans in `text`.
pub fn words(text: &str, range: Range<usize>) -> Vec<Word> {
    let s = &text[range.clone()];
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            let apostrophe = matches!(d, '\'' | '\u{2019}')
                && s[j + d.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic);
            if d.is_alphanumeric() || apostrophe {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let raw = &s[start..end];
        let raw = raw
            .strip_suffix("'s")
            .or_else(|| raw.strip_suffix("\u{2019}s"))
            .unwrap_or(raw);
        let lower: String = raw.to_lowercase().chars().filter_map(fold).collect();
        if lower.is_empty() {
            continue;
        }
        let stem = if lower.len() > 4 && lower.ends_with("ies") {
            format!("{}y", &lower[..lower.len() - 3])
        } else if lower.len() >= 4
            && lower.ends_with('s')
            && !["ss", "us", "is"].iter().any(|e| lower.ends_with(e))
        {
            lower[..lower.len() - 1].to_string()
        } else {
            lower.clone()
        };
        let acronym = raw.chars().all(|c| c.is_uppercase());
        out.push(Word {
            lower,
            stem,
            acronym,
            span: range.start + start..range.start + end,
        });
    }
    out
}

/// A kebab-case slug of at most `max_words` words of `text`.
pub fn slug(text: &str, max_words: usize) -> String {
    words(text, 0..text.len())
        .iter()
        .take(max_words)
        .map(|w| w.lower.as_str())
        .collect::<Vec<_>>()
        .join("-")
}

/// Whether `id` can name a scenario and its file: the loader's rule for scenario ids
/// (non-empty, no `/`, no surrounding spaces) plus what a file name needs.
pub fn is_file_id(id: &str) -> bool {
    !id.is_empty()
        && id.trim() == id
        && !id.starts_with('.')
        && !id.contains(['/', '\\'])
        && !id.chars().any(char::is_control)
}

/// Without a sentence's final period (but "U.S." keeps its own).
pub fn trim_period(s: &str) -> &str {
    match s.strip_suffix('.') {
        Some(t) if !is_abbreviation(t) => t,
        _ => s,
    }
}

/// Words that open a phrase: a headline may end before one.
static PHRASE_STARTS: WordList = WordList::new(
    "in with on at after before as amid ahead for from to while and or but \
    which that who where when during despite following over under against",
);

/// Words a headline does not end on: articles, and the "may"/"will"/"is expected to"
/// that only hedge the words cut away after them.
static DANGLING: WordList = WordList::new(
    "the a an of its their his her by or may will would could might \
    should can must is are was were be been being to expected set likely due poised \
    going about unlikely also not",
);

/// Without a trailing run of dangling words and punctuation: "The summit will" → "The
/// summit". Keeps at least one word.
fn without_dangling(mut cut: &str) -> &str {
    loop {
        let trimmed = cut.trim_end_matches([',', ';', ':', '-', '\u{2014}', '\u{2013}', ' ']);
        let last = trimmed.rsplit(' ').next().unwrap_or("");
        let lower = last.to_lowercase();
        if trimmed.contains(' ') && (PHRASE_STARTS.contains(&lower) || DANGLING.contains(&lower)) {
            cut = &trimmed[..trimmed.len() - last.len()];
        } else {
            return trimmed;
        }
    }
}

/// A headline of at most `max` characters from a sentence: the sentence itself when it
/// fits, else cut at the end of a phrase (or at a word, with an ellipsis), never ending
/// on a dangling "the", "will" or "is expected to".
pub fn shorten(sentence: &str, max: usize) -> String {
    let s = trim_period(sentence.trim());
    if s.chars().count() <= max {
        return s.to_string();
    }
    // Best: end a phrase, before a word that opens the next one ("… partnership
    // | with North Korea in a phone call"), when that keeps at least half.
    // Up to and including the character after the first `max`: a space there ends a
    // phrase of exactly `max` characters.
    let limit = s
        .char_indices()
        .nth(max)
        .map_or(s.len(), |(i, c)| i + c.len_utf8());
    let phrase_end = s[..limit]
        .match_indices(' ')
        .map(|(i, _)| i)
        .rfind(|&i| {
            let next = s[i + 1..].split(' ').next().unwrap_or("");
            PHRASE_STARTS.contains(next) || s[..i].ends_with(',')
        })
        .map(|i| without_dangling(&s[..i]))
        .filter(|p| p.chars().count() >= max / 2);
    if let Some(p) = phrase_end {
        return p.to_string();
    }
    // Else cut at a word, with room for the ellipsis.
    let limit = s.char_indices().nth(max - 1).map_or(s.len(), |(i, _)| i);
    let cut = s[..limit].rfind(' ').map_or(&s[..limit], |i| &s[..i]);
    format!("{}\u{2026}", without_dangling(cut))
}

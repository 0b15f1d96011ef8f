//! Dates given elsewhere for the same event: a What's Next sentence without a date of
//! its own ("Delegations meet in Istanbul for the talks") takes the date another
//! sentence gives next to the same named thing ("the talks open in Istanbul on March
//! 10") — only when that is unambiguous. A shared common word ("setting", "talks")
//! is never enough: at least one shared word must be a name (capitalised inside a
//! sentence, or an acronym), and all the dates that fit must be one day.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::briefing::Mapped;
use super::dates::FoundDate;
use super::sentences::Word;

/// One sentence of the briefing with what the matcher needs.
pub struct Sentence {
    pub text: Mapped,
    /// The section it is in (`None`: the lead).
    pub section: Option<usize>,
    /// Dates written out in it, spans in `text`.
    pub dates: Vec<FoundDate>,
    /// Its words outside those dates, spans in `text`.
    pub words: Vec<Word>,
}

/// The stems that are names somewhere in the briefing: written with a capital inside a
/// sentence (not as its first word), or as an acronym.
pub fn named_stems(all: &[Sentence]) -> HashSet<String> {
    let mut out = HashSet::new();
    for s in all {
        for (k, w) in s.words.iter().enumerate() {
            let raw = &s.text.text[w.span.clone()];
            let capital = raw.chars().next().is_some_and(char::is_uppercase);
            if w.is_content() && ((capital && k > 0) || (w.acronym && w.lower.len() >= 2)) {
                out.insert(w.stem.clone());
            }
        }
    }
    out
}

/// The sentences with a date after the briefing's, by the names they hold: an item
/// is only compared with the sentences that share a name with it.
pub struct Candidates {
    by_stem: HashMap<String, Vec<usize>>,
}

impl Candidates {
    pub fn new(all: &[Sentence], base: NaiveDate, named: &HashSet<String>) -> Self {
        let mut by_stem: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, s) in all.iter().enumerate() {
            if !s.dates.iter().any(|d| d.date > base) {
                continue;
            }
            for w in &s.words {
                if named.contains(&w.stem) && w.is_content() {
                    let list = by_stem.entry(w.stem.clone()).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        Candidates { by_stem }
    }

    /// The sentences that share a name with these words, in order.
    fn for_words(&self, words: &[&Word]) -> Vec<usize> {
        let mut out: Vec<usize> = words
            .iter()
            .filter_map(|w| self.by_stem.get(&w.stem))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// How distinctive each stem is: the log of how rare it is among sentences.
pub fn weights(all: &[Sentence]) -> HashMap<String, f64> {
    let mut df: HashMap<&str, usize> = HashMap::new();
    for s in all {
        let set: HashSet<&str> = s
            .words
            .iter()
            .filter(|w| w.is_content())
            .map(|w| w.stem.as_str())
            .collect();
        for w in set {
            *df.entry(w).or_default() += 1;
        }
    }
    let n = all.len() as f64;
    df.into_iter()
        .map(|(k, c)| (k.to_string(), ((n + 1.0) / c as f64).ln()))
        .collect()
}

/// What a cross-reference found.
pub enum Found {
    /// One date: in sentence `sentence`, date `date`, sharing these words.
    One {
        sentence: usize,
        date: usize,
        /// Shared words in the item's order, lowercased (for the id).
        shared_words: Vec<String>,
        /// The same as written in the item (for the comment).
        shared_raw: Vec<String>,
    },
    /// Several different dates fit: (sentence, date) of each, for the comment.
    Ambiguous(Vec<(usize, usize)>),
    None,
}

/// The date another sentence gives for the event an item talks about.
#[allow(clippy::too_many_arguments)]
pub fn match_elsewhere(
    all: &[Sentence],
    candidates: &Candidates,
    own: usize,
    item_words: &[&Word],
    item_text: &str,
    base: NaiveDate,
    weight: &HashMap<String, f64>,
    named: &HashSet<String>,
) -> Found {
    let item: Vec<&Word> = item_words
        .iter()
        .copied()
        .filter(|w| w.is_content())
        .collect();
    let item_stems: HashSet<&str> = item.iter().map(|w| w.stem.as_str()).collect();
    // (score, sentence, date, shared stems)
    let mut fits: Vec<(f64, usize, usize, Vec<String>)> = Vec::new();
    for si in candidates.for_words(&item) {
        let s = &all[si];
        if si == own {
            continue;
        }
        let text = &s.text.text;
        let content: Vec<&Word> = s.words.iter().filter(|w| w.is_content()).collect();
        // Each date sits between content words: its position is how many come before.
        let positions: Vec<usize> = s
            .dates
            .iter()
            .map(|d| {
                content
                    .iter()
                    .filter(|w| w.span.start < d.span.start)
                    .count()
            })
            .collect();
        let dist = |p: usize, pos: usize| if p < pos { pos - 1 - p } else { p - pos };
        // Clauses split at `;`: a word only speaks for a date in its own clause.
        let clause = |at: usize| text[..at].matches(';').count();
        let word_clause: Vec<usize> = content.iter().map(|w| clause(w.span.start)).collect();
        let date_clause: Vec<usize> = s.dates.iter().map(|d| clause(d.span.start)).collect();
        for (di, d) in s.dates.iter().enumerate() {
            if d.date <= base {
                continue;
            }
            let mut score = 0.0;
            let mut close_name = false;
            let mut shared: Vec<String> = Vec::new();
            for (p, w) in content.iter().enumerate() {
                if !item_stems.contains(w.stem.as_str()) || word_clause[p] != date_clause[di] {
                    continue;
                }
                let mine = dist(p, positions[di]);
                // A word belongs to the date of its clause it is nearest to.
                let nearer = positions
                    .iter()
                    .zip(&date_clause)
                    .any(|(&q, &c)| c == word_clause[p] && dist(p, q) < mine);
                if nearer {
                    continue;
                }
                let wt = weight.get(&w.stem).copied().unwrap_or(0.0);
                if wt <= 0.0 {
                    continue;
                }
                score += wt / (1.0 + mine as f64);
                close_name |= mine <= 6 && wt >= 0.5 && named.contains(&w.stem);
                if !shared.contains(&w.stem) {
                    shared.push(w.stem.clone());
                }
            }
            if close_name {
                fits.push((score, si, di, shared));
            }
        }
    }
    let mut days: Vec<NaiveDate> = fits
        .iter()
        .map(|(_, si, di, _)| all[*si].dates[*di].date)
        .collect();
    days.sort();
    days.dedup();
    if days.len() > 1 {
        return Found::Ambiguous(fits.iter().map(|(_, s, d, _)| (*s, *d)).collect());
    }
    let Some((_, sentence, date, shared)) = fits.into_iter().max_by(|a, b| a.0.total_cmp(&b.0))
    else {
        return Found::None;
    };
    let mut shared_words = Vec::new();
    let mut shared_raw = Vec::new();
    for w in &item {
        if shared.contains(&w.stem) && !shared_words.contains(&w.lower) {
            shared_words.push(w.lower.clone());
            let raw = &item_text[w.span.clone()];
            let raw = raw
                .strip_suffix("'s")
                .or_else(|| raw.strip_suffix("\u{2019}s"))
                .unwrap_or(raw);
            shared_raw.push(raw.to_string());
        }
    }
    Found::One {
        sentence,
        date,
        shared_words: shared_words.into_iter().take(3).collect(),
        shared_raw,
    }
}

//! From a read briefing to a [`Draft`]: the briefing's date, title and id, the
//! `[brief]`, and one item per follow-up with its headline, id, due day and `every`.
//!
//! Due days: a date the item's own text writes out, else a relative phrase ("within
//! 30 days"), else an unambiguous date given elsewhere for the same named event —
//! always after the briefing's date; otherwise none. Every guess carries a note that
//! says where it came from.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::briefing::{Briefing, Mapped, SectionKind, Unit, parse_briefing, prose};
use super::crossref::{self, Found, Sentence};
use super::dates::{FoundDate, find_dates, scan_dates, weekday_name};
use super::relative::{Relative, find_recurrence, find_relative};
use super::scenario::{all_texts, briefing_date, default_id, scenario_title};
use super::sentences::{self, INTRO_WORDS, Word, is_file_id, shorten, trim_period};
use super::{Draft, DraftItem, ImportError, Options, SourceLink, Warning};
use crate::diagnostic::LineIndex;
use crate::value::is_kebab_case;

/// Longest item title: a headline, not the sentence.
const TITLE_MAX: usize = 80;

/// Where a date was found, for the comments: `**When:** "Friday, August 15" (line 12)`.
fn place(b: &Briefing, lines: &LineIndex, s: &Sentence, d: &FoundDate) -> String {
    let label = s
        .section
        .map_or("the lead", |i| b.sections[i].label.as_str());
    let at = s.text.source(d.span.start);
    format!(
        "{label} \"{}\" (line {})",
        &s.text.text[d.span.clone()],
        lines.line(at)
    )
}

/// Warnings about dates: weekdays that do not fit, dates that do not exist.
fn date_warnings(b: &Briefing, base: NaiveDate, warnings: &mut Vec<Warning>) {
    for t in all_texts(b) {
        let (found, bad) = scan_dates(&t.text, base);
        for d in found {
            if let Some(w) = d.weekday_mismatch {
                warnings.push(Warning {
                    span: t.source_range(&d.span),
                    message: format!(
                        "\"{}\" says {} but {} is a {}",
                        &t.text[d.span.clone()],
                        weekday_name(w),
                        d.date.format("%Y-%m-%d"),
                        weekday_name(d.date.weekday())
                    ),
                });
            }
        }
        for d in bad {
            warnings.push(Warning {
                span: t.source_range(&d.span),
                message: format!(
                    "\"{}\" is not a calendar date; it was left out",
                    &t.text[d.span.clone()]
                ),
            });
        }
    }
}

/// A unit of a section and where its sentences are in the list of all sentences.
struct Placed<'b> {
    section: usize,
    unit: &'b Unit,
    sentences: Range<usize>,
}

/// Every sentence of the briefing's lead and sections, with its dates and words; and
/// the section units with the range of their sentences.
fn all_sentences(b: &Briefing, base: NaiveDate) -> (Vec<Sentence>, Vec<Placed<'_>>) {
    let mut all = Vec::new();
    let mut placed = Vec::new();
    let mut parts: Vec<(Option<usize>, &Unit)> = b.lead.iter().map(|u| (None, u)).collect();
    for (i, s) in b.sections.iter().enumerate() {
        parts.extend(s.units.iter().map(|u| (Some(i), u)));
    }
    for (section, unit) in parts {
        let from = all.len();
        for r in sentences::sentences(&unit.text.text) {
            let text = unit.text.slice(r);
            let dates = find_dates(&text.text, base);
            let words = sentences::words(&text.text, 0..text.text.len())
                .into_iter()
                .filter(|w| {
                    !dates
                        .iter()
                        .any(|d| d.span.start <= w.span.start && w.span.end <= d.span.end)
                })
                .collect();
            all.push(Sentence {
                text,
                section,
                dates,
                words,
            });
        }
        if let Some(section) = section {
            placed.push(Placed {
                section,
                unit,
                sentences: from..all.len(),
            });
        }
    }
    (all, placed)
}

/// Reads a briefing and drafts a scenario from it.
pub fn draft(text: &str, opts: &Options<'_>) -> Result<Draft, ImportError> {
    let b = parse_briefing(text);
    let next: Vec<&super::briefing::Section> = b
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::WhatsNext)
        .collect();
    let Some(first_next) = next.first() else {
        return Err(ImportError::NoWhatsNext);
    };
    let empty = || ImportError::EmptyWhatsNext {
        label: first_next.label_span.clone(),
    };
    if next.iter().all(|s| s.units.is_empty()) {
        return Err(empty());
    }
    if let Some(id) = opts.id
        && !is_file_id(id)
    {
        return Err(ImportError::BadId(id.to_string()));
    }

    let mut warnings = Vec::new();
    let (date, date_note) = briefing_date(&b, text, opts, &mut warnings);
    date_warnings(&b, date, &mut warnings);

    let (all, placed) = all_sentences(&b, date);
    let weight = crossref::weights(&all);
    let named = crossref::named_stems(&all);
    let candidates = crossref::Candidates::new(&all, date, &named);
    let ctx = Context {
        b: &b,
        lines: LineIndex::new(text),
        all: &all,
        base: date,
        weight: &weight,
        named: &named,
        candidates: &candidates,
    };

    let mut items: Vec<DraftItem> = Vec::new();
    let mut ids = Ids::default();
    for p in &placed {
        if b.sections[p.section].kind != SectionKind::WhatsNext {
            continue;
        }
        let pieces: Vec<Piece> = if p.unit.list {
            p.sentences
                .clone()
                .next()
                .map(|first| Piece {
                    sentence: first,
                    range: 0..all[first].text.text.len(),
                    whole: Some(p.unit),
                })
                .into_iter()
                .collect()
        } else {
            p.sentences
                .clone()
                .flat_map(|i| {
                    split_listed(&all[i], date).into_iter().map(move |r| Piece {
                        sentence: i,
                        range: r,
                        whole: None,
                    })
                })
                .collect()
        };
        for piece in pieces {
            if let Some(item) = ctx.item(&piece, &mut ids, items.len()) {
                items.push(item);
            }
        }
    }
    if items.is_empty() {
        return Err(empty());
    }

    let (title, title_note) = scenario_title(&b, opts);
    let id = match opts.id {
        Some(id) => id.to_string(),
        None => default_id(opts.stem, date, &title),
    };
    let summary = Some(prose(&b.lead)).filter(|s| !s.is_empty());
    let mut brief: BTreeMap<usize, (&'static str, String)> = BTreeMap::new();
    let order = ["who", "what", "when", "where", "why", "how", "impact"];
    for s in &b.sections {
        let Some(key) = s.kind.brief_key() else {
            continue;
        };
        let body = prose(&s.units);
        if body.is_empty() {
            continue;
        }
        let pos = order.iter().position(|k| *k == key).unwrap_or(0);
        brief
            .entry(pos)
            .and_modify(|(_, t)| {
                t.push_str("\n\n");
                t.push_str(&body);
            })
            .or_insert((key, body));
    }
    let skipped = b
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Other && !s.name.is_empty())
        .map(|s| s.name.clone())
        .collect();
    let mut sources: Vec<SourceLink> = Vec::new();
    for l in &b.links {
        let url = l.url.trim();
        let web = url.starts_with("http://") || url.starts_with("https://");
        if web && url.len() > "https://".len() && !sources.iter().any(|s| s.url == url) {
            sources.push(SourceLink {
                title: Some(l.text.clone()).filter(|t| !t.is_empty() && t != url),
                url: url.to_string(),
            });
        }
    }

    Ok(Draft {
        id,
        title,
        title_note,
        date,
        date_note,
        summary,
        brief: brief.into_values().collect(),
        sources,
        items,
        skipped,
        warnings,
        source_name: opts.source_name.to_string(),
    })
}

/// The item ids given so far, and for each the next number to try after it.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl Ids {
    /// `id`, or `id-2`, `id-3`, … when it is taken (in time linear in the items: a
    /// briefing with thousands of like items is no quadratic loop).
    fn unique(&mut self, id: String) -> String {
        let mut out = id.clone();
        if self.used.contains(&out) {
            let k = self.next.entry(id.clone()).or_insert(2);
            while self.used.contains(&format!("{id}-{k}")) {
                *k += 1;
            }
            out = format!("{id}-{k}");
            *k += 1;
        }
        self.used.insert(out.clone());
        out
    }
}

/// One follow-up: a piece of a sentence, or a whole list item.
struct Piece<'u> {
    sentence: usize,
    /// The piece within its sentence.
    range: Range<usize>,
    /// The list item, when the follow-up is one (its dates count, all its sentences).
    whole: Option<&'u Unit>,
}

struct Context<'a> {
    b: &'a Briefing,
    lines: LineIndex,
    all: &'a [Sentence],
    base: NaiveDate,
    weight: &'a std::collections::HashMap<String, f64>,
    named: &'a HashSet<String>,
    candidates: &'a crossref::Candidates,
}

/// A date an item's own text gives, and the note for its comment.
struct Dated {
    date: NaiveDate,
    note: Option<String>,
}

impl Context<'_> {
    fn item(&self, piece: &Piece<'_>, ids: &mut Ids, n: usize) -> Option<DraftItem> {
        let s = &self.all[piece.sentence];
        let piece_text = s.text.text[piece.range.clone()].trim();
        let title_full = item_title(piece_text);
        if !title_full.chars().any(char::is_alphanumeric) {
            return None;
        }
        let title = headline(&title_full);
        // The whole text the item's dates may come from.
        let dating: Mapped = match piece.whole {
            Some(u) => u.text.clone(),
            None => s.text.slice(piece.range.clone()),
        };
        let span = dating.source_range(&(0..dating.text.len()));
        let title_note = (title != trim_period(&title_full)
            || piece
                .whole
                .is_some_and(|u| u.text.text.len() > piece.range.len() + 1))
        .then(|| {
            format!(
                "title: a headline of \"{}\" (line {})",
                one_line(&dating.text),
                self.lines.line(span.start)
            )
        });

        let abs = find_dates(&dating.text, self.base);
        let taken: Vec<Range<usize>> = abs.iter().map(|d| d.span.clone()).collect();
        let rel = find_relative(&dating.text, self.base, &taken);
        let recurrence = find_recurrence(&dating.text);
        let own = self.own_date(&dating.text, &abs, &rel);

        let piece_words: Vec<&Word> = s
            .words
            .iter()
            .filter(|w| w.span.start >= piece.range.start && w.span.end <= piece.range.end)
            .collect();
        let mut id_words: Vec<String> = Vec::new();
        let (due, due_note) = match own {
            Ok(Some(d)) => (Some(d.date), d.note),
            Err(note) => (None, Some(note)),
            Ok(None) => match crossref::match_elsewhere(
                self.all,
                self.candidates,
                piece.sentence,
                &piece_words,
                &s.text.text,
                self.base,
                self.weight,
                self.named,
            ) {
                Found::One {
                    sentence,
                    date,
                    shared_words,
                    shared_raw,
                } => {
                    let src = &self.all[sentence];
                    let d = &src.dates[date];
                    id_words = shared_words;
                    let shared: Vec<String> =
                        shared_raw.iter().map(|w| format!("\"{w}\"")).collect();
                    (
                        Some(d.date),
                        Some(format!(
                            "due guessed from {}, which shares {}",
                            place(self.b, &self.lines, src, d),
                            shared.join(", ")
                        )),
                    )
                }
                Found::Ambiguous(places) => {
                    let mut seen = Vec::new();
                    for (si, di) in places {
                        let p = place(self.b, &self.lines, &self.all[si], &self.all[si].dates[di]);
                        if !seen.contains(&p) {
                            seen.push(p);
                        }
                    }
                    (
                        None,
                        Some(format!(
                            "no date of its own; the briefing gives several for what it names: {}",
                            seen.join(", ")
                        )),
                    )
                }
                Found::None => (None, None),
            },
        };
        let (every, every_note) = match &recurrence {
            Some(r) => (
                Some(r.every.clone()),
                Some(format!("every from \"{}\"", &dating.text[r.span.clone()])),
            ),
            None => (None, None),
        };
        if id_words.len() < 2 {
            id_words = id_words_of(&title);
        }
        let mut id = id_words.join("-");
        if !is_kebab_case(&id) {
            id = format!("item-{}", n + 1);
        }
        id = ids.unique(id);
        Some(DraftItem {
            id,
            title,
            title_note,
            due,
            due_note,
            every,
            every_note,
            span,
        })
    }

    /// The item's own date: the first date written out after the briefing's date, else
    /// the first relative phrase. `Err` with a note when its only dates are on or
    /// before the briefing's date.
    fn own_date(
        &self,
        text: &str,
        abs: &[FoundDate],
        rel: &[Relative],
    ) -> Result<Option<Dated>, String> {
        let after: Vec<&FoundDate> = abs.iter().filter(|d| d.date > self.base).collect();
        if let Some(d) = after.first() {
            let mut note = None;
            if !d.year_given {
                note = Some(format!(
                    "due from \"{}\", year {} assumed",
                    &text[d.span.clone()],
                    d.date.year()
                ));
            }
            let others: Vec<String> = after
                .iter()
                .skip(1)
                .map(|o| format!("\"{}\"", &text[o.span.clone()]))
                .chain(rel.iter().map(|r| format!("\"{}\"", &text[r.span.clone()])))
                .collect();
            if !others.is_empty() {
                let msg = format!("the text also mentions {}", others.join(", "));
                note = Some(match note {
                    Some(n) => format!("{n}; {msg}"),
                    None => format!("due from \"{}\"; {msg}", &text[d.span.clone()]),
                });
            }
            return Ok(Some(Dated { date: d.date, note }));
        }
        if let Some(r) = rel.first() {
            let mut note = format!("due from \"{}\": {}", &text[r.span.clone()], r.why);
            let others: Vec<String> = rel
                .iter()
                .skip(1)
                .map(|o| format!("\"{}\"", &text[o.span.clone()]))
                .collect();
            if !others.is_empty() {
                note.push_str(&format!("; the text also mentions {}", others.join(", ")));
            }
            return Ok(Some(Dated {
                date: r.date,
                note: Some(note),
            }));
        }
        if let Some(d) = abs.first() {
            return Err(format!(
                "\"{}\" is not after the briefing's date ({}), so it is no due day",
                &text[d.span.clone()],
                self.base
            ));
        }
        Ok(None)
    }
}

/// A text on one line, at most 200 characters (for a comment).
fn one_line(s: &str) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 200 {
        return flat;
    }
    let cut: String = flat.chars().take(199).collect();
    format!("{}\u{2026}", cut.trim_end())
}

/// Splits a What's Next sentence that lists several dated follow-ups
/// ("The EU decides on September 3; NATO meets on September 10.") at the `;`,
/// `, and` or `, then` between consecutive dates. Otherwise the whole sentence.
fn split_listed(s: &Sentence, base: NaiveDate) -> Vec<Range<usize>> {
    let text = &s.text.text;
    let taken: Vec<Range<usize>> = s.dates.iter().map(|d| d.span.clone()).collect();
    let mut anchors: Vec<Range<usize>> = s
        .dates
        .iter()
        .filter(|d| d.date > base)
        .map(|d| d.span.clone())
        .chain(
            find_relative(text, base, &taken)
                .into_iter()
                .map(|r| r.span),
        )
        .collect();
    anchors.sort_by_key(|r| r.start);
    let mut pieces = Vec::new();
    let mut start = 0;
    for pair in anchors.windows(2) {
        let gap = pair[0].end..pair[1].start;
        let Some(between) = text.get(gap.clone()) else {
            continue;
        };
        let cut = ["; ", ", and ", ", then ", ", while "]
            .iter()
            .find_map(|sep| between.rfind(sep).map(|i| (i, sep.len())));
        if let Some((i, len)) = cut {
            pieces.push(start..gap.start + i);
            start = gap.start + i + len;
        }
    }
    pieces.push(start..text.len());
    let mut out = Vec::new();
    for r in pieces {
        sentences::push_trimmed(text, r, &mut out);
    }
    out
}

/// A sentence as an item title: first letter capitalised, no final period, no
/// leading "and".
fn item_title(sentence: &str) -> String {
    let t = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = trim_period(&t);
    let t = t.strip_prefix("and ").unwrap_or(t);
    let mut chars = t.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An item's title as a headline: the sentence when it fits, else without an
/// introductory clause ("Regardless of outcomes, …") and cut at a phrase.
fn headline(full: &str) -> String {
    if full.chars().count() <= TITLE_MAX {
        return full.to_string();
    }
    let words = sentences::words(full, 0..full.len());
    let body = match (words.first(), full.find(", ")) {
        (Some(first), Some(comma))
            if INTRO_WORDS.contains(&first.lower)
                && words.iter().filter(|w| w.span.end <= comma).count() <= 8 =>
        {
            item_title(&full[comma + 2..])
        }
        _ => full.to_string(),
    };
    shorten(&body, TITLE_MAX)
}

/// Up to four key words of a title, after an introductory clause ("Regardless of
/// outcomes, …").
fn id_words_of(title: &str) -> Vec<String> {
    let words = sentences::words(title, 0..title.len());
    let mut skip_to = 0;
    if let Some(first) = words.first()
        && INTRO_WORDS.contains(&first.lower)
        && let Some(comma) = title.find(", ")
        && words.iter().filter(|w| w.span.end <= comma).count() <= 8
    {
        skip_to = comma;
    }
    let pick = |from: usize| -> Vec<String> {
        words
            .iter()
            .filter(|w| w.span.start >= from && w.is_content())
            .take(4)
            .map(|w| w.lower.clone())
            .collect()
    };
    let out = pick(skip_to);
    if out.is_empty() { pick(0) } else { out }
}

//! Turns a Markdown briefing into a draft scenario file.
//!
//! A briefing is a lead paragraph followed by labelled sections (`**Who:**` bold labels
//! or `## Who` headings): who, what, when, where, why, how, impact and "What's Next".
//! The draft keeps the lead as `summary`, the labelled sections as `[brief]`, and turns
//! every sentence of What's Next into a `[[watch]]` item whose `due` is the date its
//! sentence gives, or the date the briefing gives elsewhere for the same event.
//!
//! Pure: text in, a [`Draft`] (and its TOML text) out; no I/O and no clock — "today"
//! comes in through [`Options`]. Every offset ([`Warning::span`], [`FoundDate::span`],
//! section ranges) is a byte offset into the briefing exactly as given (BOM, CRLF and all),
//! so callers can point at `path:line:col`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::ops::Range;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::edit;
use crate::value::is_kebab_case;

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

/// What a labelled section of a briefing is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    Who,
    What,
    When,
    Where,
    Why,
    How,
    Impact,
    WhatsNext,
    /// A label or heading the importer does not know (e.g. "Background").
    Other,
}

impl SectionKind {
    /// The key under `[brief]` this section fills, if any.
    pub fn brief_key(self) -> Option<&'static str> {
        match self {
            SectionKind::Who => Some("who"),
            SectionKind::What => Some("what"),
            SectionKind::When => Some("when"),
            SectionKind::Where => Some("where"),
            SectionKind::Why => Some("why"),
            SectionKind::How => Some("how"),
            SectionKind::Impact => Some("impact"),
            SectionKind::WhatsNext | SectionKind::Other => None,
        }
    }

    fn classify(name: &str) -> Option<SectionKind> {
        let name = normalize_label(name);
        Some(match name.as_str() {
            "who" => SectionKind::Who,
            "what" => SectionKind::What,
            "when" => SectionKind::When,
            "where" => SectionKind::Where,
            "why" => SectionKind::Why,
            "how" => SectionKind::How,
            "impact" | "impacts" => SectionKind::Impact,
            "what's next" | "whats next" | "what is next" | "what comes next" => {
                SectionKind::WhatsNext
            }
            _ => return None,
        })
    }
}

/// One labelled section of a briefing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    /// The label as written, trimmed: `**When:**` or `## When`.
    pub label: String,
    /// Where the label starts and ends.
    pub label_span: Range<usize>,
    /// The section's text: from after the label to the next label (untrimmed).
    pub body: Range<usize>,
}

/// A briefing split into its parts. Ranges index [`Briefing::text`].
#[derive(Clone, Debug)]
pub struct Briefing<'a> {
    pub text: &'a str,
    /// The text of a heading that precedes the lead (`# Putin–Kim call`), if any.
    pub heading: Option<Range<usize>>,
    /// The text before the first labelled section (empty when there is none).
    pub lead: Range<usize>,
    pub sections: Vec<Section>,
}

impl<'a> Briefing<'a> {
    /// The first section of a kind.
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    /// A section's text as prose (see [`prose`]).
    pub fn body_text(&self, section: &Section) -> String {
        prose(&self.text[section.body.clone()])
    }
}

/// Lowercase, straight apostrophes, single spaces, no trailing `:`/`?`/`.`.
fn normalize_label(name: &str) -> String {
    let mut out = String::new();
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.to_lowercase()
        .replace(['\u{2019}', '\u{2018}', '`', '\u{02bc}'], "'")
        .trim_end_matches([':', '?', '.', ' '])
        .to_string()
}

/// How a line of the briefing starts a section, if it does.
struct LabelLine {
    kind: SectionKind,
    is_heading: bool,
    /// Byte length of the label within the (left-trimmed) line.
    label_len: usize,
    /// Byte offset, within the left-trimmed line, where text after the label starts.
    rest: usize,
}

fn label_line(line: &str) -> Option<LabelLine> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return None; // indented code
    }
    let trimmed = trimmed.trim_end();
    if let Some(after) = trimmed.strip_prefix('#') {
        let hashes = 1 + after.chars().take_while(|&c| c == '#').count();
        let name = &trimmed[hashes..];
        if hashes > 6 || !(name.is_empty() || name.starts_with([' ', '\t'])) {
            return None;
        }
        let name = name.trim().trim_end_matches('#').trim();
        return Some(LabelLine {
            kind: SectionKind::classify(name).unwrap_or(SectionKind::Other),
            is_heading: true,
            label_len: trimmed.len(),
            rest: trimmed.len(),
        });
    }
    for marker in ["**", "__"] {
        let Some(after) = trimmed.strip_prefix(marker) else {
            continue;
        };
        let close = after.find(marker)?;
        let inner = &after[..close];
        if inner.is_empty() || inner.chars().count() > 40 || inner.trim() != inner {
            return None;
        }
        let mut end = 2 * marker.len() + close;
        let colon_after = trimmed[end..].starts_with(':');
        if colon_after {
            end += 1;
        }
        let rest = end + (trimmed[end..].len() - trimmed[end..].trim_start().len());
        let has_colon = colon_after || inner.ends_with(':');
        return match SectionKind::classify(inner) {
            Some(kind) => Some(LabelLine {
                kind,
                is_heading: false,
                label_len: end,
                rest,
            }),
            // An unknown bold label only counts when it stands alone: `**Background:**`.
            None if has_colon && rest == trimmed.len() => Some(LabelLine {
                kind: SectionKind::Other,
                is_heading: false,
                label_len: end,
                rest,
            }),
            None => None,
        };
    }
    // A plain `When:` or `What's Next` line.
    let kind = SectionKind::classify(trimmed)?;
    if trimmed.ends_with(':') || kind == SectionKind::WhatsNext {
        return Some(LabelLine {
            kind,
            is_heading: false,
            label_len: trimmed.len(),
            rest: trimmed.len(),
        });
    }
    None
}

/// Lines of `text` as (start offset, content without the line break).
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = &text[pos..end];
        out.push((pos, line.strip_suffix('\r').unwrap_or(line)));
        pos = end + 1;
    }
    out
}

/// Splits a briefing into heading, lead and labelled sections.
pub fn parse_briefing(text: &str) -> Briefing<'_> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut heading = None;
    let mut lead = start..start;
    let mut lead_has_text = false;
    let mut sections: Vec<Section> = Vec::new();
    let mut in_fence = false;

    for (pos, line) in lines(text) {
        // The BOM sits on the first line: look at that line without it.
        let (pos, line) = if pos < start {
            (start, &line[start - pos..])
        } else {
            (pos, line)
        };
        handle_line(
            text,
            pos,
            line,
            &mut heading,
            &mut lead,
            &mut lead_has_text,
            &mut sections,
            &mut in_fence,
        );
    }
    if let Some(last) = sections.last_mut() {
        last.body.end = text.len();
    } else {
        lead.end = text.len();
    }
    Briefing {
        text,
        heading,
        lead,
        sections,
    }
}

#[allow(clippy::too_many_arguments)]
fn handle_line(
    text: &str,
    pos: usize,
    line: &str,
    heading: &mut Option<Range<usize>>,
    lead: &mut Range<usize>,
    lead_has_text: &mut bool,
    sections: &mut Vec<Section>,
    in_fence: &mut bool,
) {
    let line_end = pos + line.len();
    let next_line = text[line_end..]
        .find('\n')
        .map_or(text.len(), |i| line_end + i + 1);
    let trimmed = line.trim_start();
    if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
        *in_fence = !*in_fence;
    }
    let found = if *in_fence { None } else { label_line(line) };
    let Some(found) = found else {
        if sections.is_empty() && !line.trim().is_empty() {
            *lead_has_text = true;
        }
        return;
    };
    let indent = line.len() - trimmed.len();
    let label_start = pos + indent;
    if sections.is_empty() && found.kind == SectionKind::Other && found.is_heading {
        // Headings before the first known section belong to the lead: the first one,
        // before any lead text, is the briefing's title; others are dropped.
        if heading.is_none() && !*lead_has_text {
            let raw = &text[label_start..label_start + found.label_len];
            let name = raw
                .trim_start_matches('#')
                .trim()
                .trim_end_matches('#')
                .trim();
            if !name.is_empty() {
                let name_start = label_start + raw.find(name).unwrap_or(0);
                *heading = Some(name_start..name_start + name.len());
            }
            *lead = next_line..next_line;
        }
        return;
    }
    if let Some(last) = sections.last_mut() {
        last.body.end = pos;
    } else {
        lead.end = pos;
    }
    let body_start = if found.rest < line.trim_end().len() - indent {
        label_start + found.rest
    } else {
        next_line
    };
    sections.push(Section {
        kind: found.kind,
        label: text[label_start..label_start + found.label_len].to_string(),
        label_span: label_start..label_start + found.label_len,
        body: body_start..body_start,
    });
}

/// Markdown text as prose: lines of a paragraph joined by single spaces, list items
/// one per line, paragraphs separated by a blank line, no line breaks kept otherwise.
pub fn prose(text: &str) -> String {
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for (_, line) in lines(text) {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            continue;
        }
        match current.last_mut() {
            Some(last) if list_marker_len(line).is_none() => {
                last.push(' ');
                last.push_str(line);
            }
            _ => current.push(line.to_string()),
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
        .iter()
        .map(|b| b.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Text without Markdown bold markers (`**`, `__`), which would show literally in a digest.
fn unbold(text: &str) -> String {
    text.replace("**", "").replace("__", "")
}

/// Length of a list marker (`- `, `* `, `+ `, `1. `, `2) `) at the start of a line.
fn list_marker_len(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'-' | b'*' | b'+') && matches!(b[1], b' ' | b'\t') {
        return Some(2);
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits)
        && b.len() > digits + 1
        && matches!(b[digits], b'.' | b')')
        && matches!(b[digits + 1], b' ' | b'\t')
    {
        return Some(digits + 2);
    }
    None
}

// ---------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "adm", "st", "jr", "sr",
    "vs", "etc", "no", "nos", "inc", "ltd", "co", "corp", "approx", "est", "fig", "gov", "sen",
    "rep", "pres", "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "cf",
    "al",
];

/// The sentences of a piece of the briefing, as trimmed ranges of `text`.
/// Paragraphs and list items are never joined; list markers are left out.
pub fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for unit in units(text, range) {
        split_sentences(text, unit, &mut out);
    }
    out
}

/// Paragraphs and list items of a range.
fn units(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let base = range.start;
    for (pos, line) in lines(&text[range.clone()]) {
        let start = base + pos;
        let trimmed = line.trim_start();
        let content_start = start + line.len() - trimmed.len();
        if trimmed.trim_end().is_empty() {
            out.extend(current.take());
            continue;
        }
        let content_end = start + line.trim_end().len();
        if let Some(marker) = list_marker_len(trimmed) {
            out.extend(current.take());
            // An empty item ("- ") adds nothing.
            if content_start + marker < content_end {
                current = Some(content_start + marker..content_end);
            }
        } else if let Some(cur) = current.as_mut() {
            cur.end = content_end;
        } else {
            current = Some(content_start..content_end);
        }
    }
    out.extend(current);
    out
}

fn split_sentences(text: &str, unit: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[unit.clone()];
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
                            || matches!(n, '"' | '\u{201c}' | '\u{2018}' | '(' | '[' | '*'))
                            && !(c == '.' && is_abbreviation(&s[start..pos]))
                    }
                }
            } else {
                false
            };
            if ends_here {
                push_trimmed(unit.start + start..unit.start + end, text, out);
                start = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(unit.start + start..unit.end, text, out);
}

fn push_trimmed(range: Range<usize>, text: &str, out: &mut Vec<Range<usize>>) {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        out.push(range.start + lead..range.start + lead + trimmed.len());
    }
}

/// Whether the word just before a period (the end of `before`) is an abbreviation.
fn is_abbreviation(before: &str) -> bool {
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

/// Whitespace collapsed to single spaces, simple Markdown emphasis and links removed.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // [text](url) → text
        if let Some(after) = rest.strip_prefix('[')
            && let Some(close) = after.find("](")
            && let Some(paren) = after[close + 2..].find(')')
        {
            out.push_str(&after[..close]);
            rest = &after[close + 2 + paren + 1..];
            continue;
        }
        if rest.starts_with("**") || rest.starts_with("__") {
            rest = &rest[2..];
            continue;
        }
        let mut chars = rest.chars();
        let c = chars.next().unwrap_or(' ');
        if c != '`' {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// A date written in the briefing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    /// Where it is written, weekday included.
    pub span: Range<usize>,
    /// The weekday the text gives, when the date falls on another one.
    pub weekday_mismatch: Option<Weekday>,
    /// Whether the text gives the year (otherwise it was inferred from the base date).
    pub year_given: bool,
}

/// Something that looks like a date but is not one ("February 30").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadDate {
    pub span: Range<usize>,
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("mon", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("tues", Weekday::Tue),
    ("tue", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("wed", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("thurs", Weekday::Thu),
    ("thur", Weekday::Thu),
    ("thu", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("fri", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sat", Weekday::Sat),
    ("sunday", Weekday::Sun),
    ("sun", Weekday::Sun),
];

/// The English name of a weekday.
pub fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The dates written in `text`: "August 15", "Friday, August 15", "15 August 2025",
/// "Aug. 15", "Sept. 3", "August 15th, 2025", "2025-08-15". Month and weekday names
/// must be capitalised (so "may" the verb is never a month).
///
/// A date without a year takes `base`'s year, or the next year when it would fall
/// before `base` — unless the text names a weekday that fits `base`'s year and not the
/// next. Spans are offsets into `text`.
pub fn find_dates(text: &str, base: NaiveDate) -> Vec<FoundDate> {
    scan_dates(text, base).0
}

/// Like [`find_dates`], also returning date-like phrases that are no calendar date.
pub fn scan_dates(text: &str, base: NaiveDate) -> (Vec<FoundDate>, Vec<BadDate>) {
    let mut found = Vec::new();
    let mut bad = Vec::new();
    let mut i = 0;
    let mut prev: Option<char> = None;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let word_start = c.is_alphanumeric() && !prev.is_some_and(|p| p.is_alphanumeric());
        if word_start && let Some((raw, end)) = match_date(text, i) {
            match resolve(&raw, base) {
                Some((date, year_given)) => found.push(FoundDate {
                    date,
                    span: i..end,
                    weekday_mismatch: raw.weekday.filter(|w| *w != date.weekday()),
                    year_given,
                }),
                None => bad.push(BadDate { span: i..end }),
            }
            prev = text[..end].chars().next_back();
            i = end;
            continue;
        }
        prev = Some(c);
        i += c.len_utf8();
    }
    (found, bad)
}

struct RawDate {
    weekday: Option<Weekday>,
    year: Option<i32>,
    month: u32,
    day: u32,
}

fn resolve(raw: &RawDate, base: NaiveDate) -> Option<(NaiveDate, bool)> {
    if let Some(year) = raw.year {
        return NaiveDate::from_ymd_opt(year, raw.month, raw.day).map(|d| (d, true));
    }
    let this = NaiveDate::from_ymd_opt(base.year(), raw.month, raw.day);
    let next = NaiveDate::from_ymd_opt(base.year() + 1, raw.month, raw.day);
    let date = match (this, next) {
        (Some(d), _) if d >= base => d,
        (Some(d), Some(n)) => {
            let fits = |x: NaiveDate| raw.weekday.is_some_and(|w| w == x.weekday());
            if fits(d) && !fits(n) { d } else { n }
        }
        (Some(d), None) => d,
        (None, Some(n)) => n,
        (None, None) => return None,
    };
    Some((date, false))
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}'
}

fn skip_space(s: &str, i: usize) -> usize {
    s[i..]
        .char_indices()
        .find(|&(_, c)| !is_space(c))
        .map_or(s.len(), |(j, _)| i + j)
}

fn alpha_word(s: &str, i: usize) -> &str {
    let end = s[i..]
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(s.len(), |(j, _)| i + j);
    &s[i..end]
}

fn digits(s: &str, i: usize) -> &str {
    let end = s[i..]
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .map_or(s.len(), |j| i + j);
    &s[i..end]
}

fn alnum_at(s: &str, i: usize) -> bool {
    s[i..].chars().next().is_some_and(char::is_alphanumeric)
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn month_named(word: &str) -> Option<u32> {
    if !capitalised(word) {
        return None;
    }
    let lower = word.to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == lower).map(|&(_, m)| m)
}

fn weekday_named(word: &str) -> Option<Weekday> {
    if !capitalised(word) {
        return None;
    }
    let lower = word.to_lowercase();
    WEEKDAYS.iter().find(|(n, _)| *n == lower).map(|&(_, w)| w)
}

fn match_date(s: &str, i: usize) -> Option<(RawDate, usize)> {
    if let Some(found) = match_iso(s, i) {
        return Some(found);
    }
    let word = alpha_word(s, i);
    if let Some(weekday) = weekday_named(word) {
        let mut j = i + word.len();
        if s[j..].starts_with('.') {
            j += 1;
        }
        if s[j..].starts_with(',') {
            j += 1;
        }
        let k = skip_space(s, j);
        if k == j {
            return None;
        }
        let (mut raw, end) = match_core(s, k)?;
        raw.weekday = Some(weekday);
        return Some((raw, end));
    }
    match_core(s, i)
}

fn match_iso(s: &str, i: usize) -> Option<(RawDate, usize)> {
    let b = s.as_bytes();
    let y = digits(s, i);
    if y.len() != 4 || b.get(i + 4) != Some(&b'-') {
        return None;
    }
    let m = digits(s, i + 5);
    if m.len() != 2 || b.get(i + 7) != Some(&b'-') {
        return None;
    }
    let d = digits(s, i + 8);
    if d.len() != 2 {
        return None;
    }
    let end = i + 10;
    // Allow a time to follow ("2025-08-15T10:00"), not more digits or letters.
    if alnum_at(s, end) && !(b[end] == b'T' && b.get(end + 1).is_some_and(u8::is_ascii_digit)) {
        return None;
    }
    Some((
        RawDate {
            weekday: None,
            year: y.parse().ok(),
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        },
        end,
    ))
}

/// A day number with an optional ordinal suffix, ending at a word boundary.
fn match_day(s: &str, i: usize) -> Option<(u32, usize)> {
    let d = digits(s, i);
    if d.is_empty() || d.len() > 2 {
        return None;
    }
    let mut end = i + d.len();
    let suffix = alpha_word(s, end).to_lowercase();
    if matches!(suffix.as_str(), "st" | "nd" | "rd" | "th") {
        end += 2;
    }
    if alnum_at(s, end) {
        return None;
    }
    let day: u32 = d.parse().ok()?;
    (1..=31).contains(&day).then_some((day, end))
}

/// `, 2025` or ` 2025` after a day or month.
fn match_year(s: &str, i: usize) -> Option<(i32, usize)> {
    let mut j = i;
    if s[j..].starts_with(',') {
        j += 1;
    }
    let k = skip_space(s, j);
    if k == j && j == i {
        return None;
    }
    let y = digits(s, k);
    if y.len() != 4 || alnum_at(s, k + 4) {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    (1900..=2199).contains(&year).then_some((year, k + 4))
}

fn match_core(s: &str, i: usize) -> Option<(RawDate, usize)> {
    let word = alpha_word(s, i);
    if let Some(month) = month_named(word) {
        // August 15, Aug. 15, Sept. 3, August 15th, 2025
        let mut j = i + word.len();
        let dotted = s[j..].starts_with('.');
        if dotted {
            j += 1;
        }
        let k = skip_space(s, j);
        if k == j && !dotted {
            return None;
        }
        let (day, end) = match_day(s, k)?;
        let (year, end) = match match_year(s, end) {
            Some((y, e)) => (Some(y), e),
            None => (None, end),
        };
        return Some((
            RawDate {
                weekday: None,
                year,
                month,
                day,
            },
            end,
        ));
    }
    // 15 August 2025, 15th of August
    let (day, end) = match_day(s, i)?;
    let mut k = skip_space(s, end);
    if k == end {
        return None;
    }
    if alpha_word(s, k) == "of" {
        let after = k + 2;
        k = skip_space(s, after);
        if k == after {
            return None;
        }
    }
    let word = alpha_word(s, k);
    let month = month_named(word)?;
    let mut end = k + word.len();
    if s[end..].starts_with('.') && !alnum_at(s, end + 1) {
        end += 1;
    }
    let (year, end) = match match_year(s, end) {
        Some((y, e)) => (Some(y), e),
        None => (None, end),
    };
    Some((
        RawDate {
            weekday: None,
            year,
            month,
            day,
        },
        end,
    ))
}

/// The date at the start of a file name like `2025-08-12-putin-kim-call`.
fn stem_date(stem: &str) -> Option<NaiveDate> {
    let (raw, _) = match_iso(stem, 0)?;
    NaiveDate::from_ymd_opt(raw.year?, raw.month, raw.day)
}

// ---------------------------------------------------------------------------
// Words: for matching an item to a date elsewhere, and for ids
// ---------------------------------------------------------------------------

const STOP_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "nor",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "without",
    "into",
    "onto",
    "over",
    "under",
    "about",
    "after",
    "before",
    "ahead",
    "during",
    "since",
    "until",
    "between",
    "among",
    "amid",
    "against",
    "as",
    "than",
    "then",
    "that",
    "this",
    "these",
    "those",
    "there",
    "here",
    "it",
    "its",
    "they",
    "them",
    "their",
    "he",
    "him",
    "his",
    "she",
    "her",
    "we",
    "our",
    "us",
    "you",
    "your",
    "who",
    "whom",
    "whose",
    "which",
    "what",
    "when",
    "where",
    "why",
    "how",
    "will",
    "would",
    "may",
    "might",
    "must",
    "can",
    "could",
    "shall",
    "should",
    "be",
    "been",
    "being",
    "is",
    "are",
    "was",
    "were",
    "am",
    "do",
    "does",
    "did",
    "done",
    "has",
    "have",
    "had",
    "having",
    "not",
    "no",
    "yes",
    "also",
    "just",
    "only",
    "more",
    "most",
    "less",
    "least",
    "very",
    "so",
    "such",
    "any",
    "all",
    "each",
    "every",
    "some",
    "other",
    "another",
    "both",
    "either",
    "neither",
    "if",
    "whether",
    "while",
    "once",
    "still",
    "yet",
    "even",
    "further",
    "likely",
    "possible",
    "potential",
    "potentially",
    "expected",
    "expect",
    "upcoming",
    "planned",
    "plan",
    "including",
    "include",
    "regardless",
    "continued",
    "continue",
    "continuing",
    "ongoing",
    "new",
    "renewed",
    "recent",
    "recently",
    "next",
    "last",
    "first",
    "week",
    "day",
    "month",
    "year",
    "today",
    "tomorrow",
    "yesterday",
    "time",
    "date",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "per",
    "via",
    "out",
    "up",
    "down",
    "off",
    "around",
    "within",
    "toward",
    "towards",
    "across",
    "through",
    "following",
    "later",
    "soon",
    "early",
    "late",
    "already",
    "set",
    "due",
    "scheduled",
    "occurred",
    "occur",
    "take",
    "place",
    "held",
    "hold",
    "meanwhile",
    "however",
    "whereas",
    "although",
    "though",
    "because",
    "amid",
    "whilst",
    "itself",
    "themselves",
    "said",
    "says",
    "say",
    "many",
    "much",
    "several",
    "few",
];

/// Words that open an introductory clause ("Regardless of outcomes, …").
const INTRO_WORDS: &[&str] = &[
    "regardless",
    "meanwhile",
    "however",
    "additionally",
    "also",
    "in",
    "on",
    "at",
    "after",
    "before",
    "during",
    "with",
    "if",
    "as",
    "while",
    "following",
    "amid",
    "beyond",
    "ultimately",
    "finally",
    "longer",
    "looking",
    "going",
    "separately",
    "elsewhere",
    "by",
    "over",
    "within",
    "whatever",
    "whether",
];

#[derive(Clone, Debug)]
struct Word {
    /// Lowercase, accents folded, possessive removed: "trump" for "Trump’s".
    lower: String,
    /// `lower` without a plural ending: "sanction" for "sanctions".
    stem: String,
    /// Written in capitals, like "UN" or "EU": kept even when short.
    acronym: bool,
    span: Range<usize>,
}

impl Word {
    fn is_content(&self) -> bool {
        (self.lower.chars().count() >= 3 || (self.acronym && self.lower.len() >= 2))
            && !self.lower.chars().all(|c| c.is_ascii_digit())
            && !STOP_WORDS.contains(&self.lower.as_str())
            && !STOP_WORDS.contains(&self.stem.as_str())
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
fn words(text: &str, range: Range<usize>) -> Vec<Word> {
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

// ---------------------------------------------------------------------------
// The draft
// ---------------------------------------------------------------------------

/// How an import is run.
#[derive(Clone, Debug)]
pub struct Options<'a> {
    /// How the briefing is named in the draft's comments (its file name).
    pub source_name: &'a str,
    /// The briefing's file stem, if it has one: a default id and a date of last resort.
    pub stem: Option<&'a str>,
    /// The scenario id to use instead of the default.
    pub id: Option<&'a str>,
    /// Today: the year of last resort and the date when the briefing gives none.
    pub today: NaiveDate,
}

/// Something in the briefing worth a look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What the warning is about: byte offsets into the briefing.
    pub span: Range<usize>,
    pub message: String,
}

/// Why a briefing cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// No What's Next label or heading anywhere.
    NoWhatsNext,
    /// What's Next is there but has no text; `label` is where its label is.
    EmptyWhatsNext { label: Range<usize> },
    /// `--id` is not a usable scenario id.
    BadId(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NoWhatsNext => f.write_str(
                "no What's Next section: expected a `**What's Next:**` label or a `## What's Next` heading",
            ),
            ImportError::EmptyWhatsNext { .. } => {
                f.write_str("the What's Next section is empty: there is nothing to watch")
            }
            ImportError::BadId(id) => write!(
                f,
                "`{id}` cannot name a scenario file: use letters, digits and dashes (e.g. `putin-kim-call`), no `/`"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// A watch-item drafted from one sentence of What's Next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftItem {
    pub id: String,
    pub title: String,
    pub due: Option<NaiveDate>,
    /// Why `due` is what it is (becomes a comment above it).
    pub due_note: Option<String>,
    /// Where the sentence is in the briefing.
    pub span: Range<usize>,
}

/// A source link found in the briefing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLink {
    pub title: Option<String>,
    pub url: String,
}

/// Everything the importer took from a briefing, ready to render as TOML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub id: String,
    pub title: String,
    pub title_note: Option<String>,
    pub date: NaiveDate,
    pub date_note: String,
    pub summary: Option<String>,
    /// `[brief]` keys in the order who, what, when, where, why, how, impact.
    pub brief: Vec<(&'static str, String)>,
    pub sources: Vec<SourceLink>,
    pub items: Vec<DraftItem>,
    /// Labels of sections that were not imported ("Background").
    pub skipped: Vec<String>,
    pub warnings: Vec<Warning>,
    source_name: String,
}

/// Where a date was found, for the comments: `**When:** "Friday, August 15" (line 12)`.
struct Place<'t> {
    label: &'t str,
    quote: String,
    line: usize,
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} \"{}\" (line {})", self.label, self.quote, self.line)
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// One sentence of the briefing with what the matcher needs.
struct Sentence {
    range: Range<usize>,
    section: Option<usize>,
    dates: Vec<FoundDate>,
    words: Vec<Word>,
}

/// Reads a briefing and drafts a scenario from it.
pub fn draft(text: &str, opts: &Options<'_>) -> Result<Draft, ImportError> {
    let b = parse_briefing(text);
    let next: Vec<&Section> = b
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::WhatsNext)
        .collect();
    let Some(first_next) = next.first() else {
        return Err(ImportError::NoWhatsNext);
    };
    if next.iter().all(|s| text[s.body.clone()].trim().is_empty()) {
        return Err(ImportError::EmptyWhatsNext {
            label: first_next.label_span.clone(),
        });
    }
    if let Some(id) = opts.id
        && !is_file_id(id)
    {
        return Err(ImportError::BadId(id.to_string()));
    }

    let lead_label = "the lead";
    let label_of = |s: Option<usize>| s.map_or(lead_label, |i| b.sections[i].label.as_str());
    let place = |s: Option<usize>, d: &FoundDate| Place {
        label: label_of(s),
        quote: plain(&text[d.span.clone()]),
        line: line_of(text, d.span.start),
    };

    // The briefing's date: the first date in When, else in the lead. Years default to
    // the file name's, else to the first year written anywhere, else to today's.
    let year = opts
        .stem
        .and_then(stem_date)
        .map(|d| d.year())
        .or_else(|| {
            find_dates(text, opts.today)
                .iter()
                .find(|d| d.year_given)
                .map(|d| d.date.year())
        })
        .unwrap_or(opts.today.year());
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(opts.today);
    let when = b.sections.iter().position(|s| s.kind == SectionKind::When);
    let from_section = |idx: Option<usize>, range: Range<usize>| {
        find_dates(&text[range.clone()], jan1)
            .into_iter()
            .next()
            .map(|mut d| {
                d.span = d.span.start + range.start..d.span.end + range.start;
                (idx, d)
            })
    };
    let found_date = when
        .and_then(|i| from_section(Some(i), b.sections[i].body.clone()))
        .or_else(|| from_section(None, b.lead.clone()));
    let (date, date_note) = match (&found_date, opts.stem.and_then(stem_date)) {
        (Some((idx, d)), _) => {
            let mut note = format!("date from {}", place(*idx, d));
            if !d.year_given {
                note.push_str(&format!(", year {} assumed", d.date.year()));
            }
            (d.date, note)
        }
        (None, Some(d)) => (
            d,
            format!(
                "no date in When or the lead: date taken from the file name {}",
                opts.source_name
            ),
        ),
        (None, None) => (
            opts.today,
            "no date in When or the lead: today's date, set the briefing's date".to_string(),
        ),
    };

    let mut warnings = Vec::new();
    if found_date.is_none() {
        warnings.push(Warning {
            span: when.map_or(b.lead.start..b.lead.start, |i| {
                b.sections[i].label_span.clone()
            }),
            message: format!("no date in When or the lead; the draft uses {date}: check it"),
        });
    }
    let (all_dates, bad) = scan_dates(text, date);
    for d in &all_dates {
        if let Some(w) = d.weekday_mismatch {
            warnings.push(Warning {
                span: d.span.clone(),
                message: format!(
                    "\"{}\" says {} but {} is a {}",
                    plain(&text[d.span.clone()]),
                    weekday_name(w),
                    d.date.format("%Y-%m-%d"),
                    weekday_name(d.date.weekday())
                ),
            });
        }
    }
    for d in &bad {
        warnings.push(Warning {
            span: d.span.clone(),
            message: format!(
                "\"{}\" is not a calendar date; it was left out",
                plain(&text[d.span.clone()])
            ),
        });
    }

    // Every sentence, with its dates and words.
    let mut all: Vec<Sentence> = Vec::new();
    let mut parts: Vec<(Option<usize>, Range<usize>)> = vec![(None, b.lead.clone())];
    parts.extend(
        b.sections
            .iter()
            .enumerate()
            .map(|(i, s)| (Some(i), s.body.clone())),
    );
    for (section, range) in parts {
        for r in sentences(text, range) {
            let dates = all_dates
                .iter()
                .filter(|d| d.span.start >= r.start && d.span.end <= r.end)
                .cloned()
                .collect::<Vec<_>>();
            let words = words(text, r.clone())
                .into_iter()
                .filter(|w| {
                    !dates
                        .iter()
                        .any(|d| d.span.start <= w.span.start && w.span.end <= d.span.end)
                })
                .collect();
            all.push(Sentence {
                range: r,
                section,
                dates,
                words,
            });
        }
    }
    let mut df: HashMap<&str, usize> = HashMap::new();
    for s in &all {
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
    let weight = |stem: &str| ((n + 1.0) / *df.get(stem).unwrap_or(&1) as f64).ln();

    // What's Next: one item per sentence, or per piece of a sentence that lists
    // several dated follow-ups.
    let mut items: Vec<DraftItem> = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    for (si, s) in all.iter().enumerate() {
        let Some(sec) = s.section else { continue };
        if b.sections[sec].kind != SectionKind::WhatsNext {
            continue;
        }
        for piece in split_listed(text, s, date) {
            let title = item_title(&text[piece.clone()]);
            if !title.chars().any(char::is_alphanumeric) {
                continue;
            }
            let own: Vec<&FoundDate> = s
                .dates
                .iter()
                .filter(|d| d.span.start >= piece.start && d.span.end <= piece.end)
                .collect();
            let piece_words: Vec<&Word> = s
                .words
                .iter()
                .filter(|w| w.span.start >= piece.start && w.span.end <= piece.end)
                .collect();
            let mut id_words: Vec<String> = Vec::new();
            let (due, due_note) = if let Some(d) = own.iter().find(|d| d.date >= date) {
                let mut note = None;
                if !d.year_given {
                    note = Some(format!(
                        "due from \"{}\", year {} assumed",
                        plain(&text[d.span.clone()]),
                        d.date.year()
                    ));
                }
                if own.len() > 1 {
                    let others: Vec<String> = own
                        .iter()
                        .filter(|o| o.span != d.span)
                        .map(|o| format!("\"{}\"", plain(&text[o.span.clone()])))
                        .collect();
                    let msg = format!("the sentence also mentions {}", others.join(", "));
                    note = Some(match note {
                        Some(n) => format!("{n}; {msg}"),
                        None => format!("due from \"{}\"; {msg}", plain(&text[d.span.clone()])),
                    });
                }
                (Some(d.date), note)
            } else if let Some(m) = match_elsewhere(text, &all, si, &piece_words, date, &weight) {
                let src = &all[m.sentence];
                let d = &src.dates[m.date];
                id_words = m.shared_words.clone();
                let shared: Vec<String> = m.shared_raw.iter().map(|w| format!("\"{w}\"")).collect();
                (
                    Some(d.date),
                    Some(format!(
                        "due guessed from {}, which shares {}",
                        place(src.section, d),
                        shared.join(", ")
                    )),
                )
            } else {
                (None, None)
            };
            if id_words.len() < 2 {
                id_words = id_words_of(text, &piece, &piece_words);
            }
            let mut id = id_words.join("-");
            if !is_kebab_case(&id) {
                id = format!("item-{}", items.len() + 1);
            }
            if ids.contains(&id) {
                let mut k = 2;
                while ids.contains(&format!("{id}-{k}")) {
                    k += 1;
                }
                id = format!("{id}-{k}");
            }
            ids.insert(id.clone());
            items.push(DraftItem {
                id,
                title,
                due,
                due_note,
                span: piece,
            });
        }
    }

    if items.is_empty() {
        return Err(ImportError::EmptyWhatsNext {
            label: first_next.label_span.clone(),
        });
    }

    // Title: a heading above the lead, else the lead's first sentence.
    let has_text = |t: &String| t.chars().any(char::is_alphanumeric);
    let from_heading = b.heading.as_ref().map(|h| {
        (
            plain(&text[h.clone()]),
            Some("title from the briefing's heading".to_string()),
        )
    });
    let from_lead = || {
        let first = sentences(text, b.lead.clone()).into_iter().next()?;
        let full = plain(&text[first]);
        let short = shorten(&full, 90);
        let note = (short != trim_period(&full)).then(|| {
            "title: the lead's first sentence, shortened — edit as you see fit".to_string()
        });
        Some((short, note))
    };
    let from_what = || {
        let what = b.section(SectionKind::What)?;
        let first = sentences(text, what.body.clone()).into_iter().next()?;
        Some((
            shorten(&plain(&text[first]), 90),
            Some("no lead: title from the first sentence of What".to_string()),
        ))
    };
    let (title, title_note) = from_heading
        .filter(|(t, _)| has_text(t))
        .or_else(|| from_lead().filter(|(t, _)| has_text(t)))
        .or_else(|| from_what().filter(|(t, _)| has_text(t)))
        .unwrap_or_else(|| {
            let name = opts.stem.unwrap_or(opts.source_name).trim();
            let name = if name.is_empty() {
                "Imported briefing"
            } else {
                name
            };
            (
                name.to_string(),
                Some("no lead: title from the file name — write a real one".to_string()),
            )
        });

    let id = match opts.id {
        Some(id) => id.to_string(),
        None => default_id(opts.stem, date, &title),
    };

    let summary = Some(unbold(&prose(&text[b.lead.clone()]))).filter(|s| !s.is_empty());
    let mut brief: BTreeMap<usize, (&'static str, String)> = BTreeMap::new();
    let order = ["who", "what", "when", "where", "why", "how", "impact"];
    for s in &b.sections {
        let Some(key) = s.kind.brief_key() else {
            continue;
        };
        let body = unbold(&b.body_text(s));
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
        .filter(|s| s.kind == SectionKind::Other)
        .map(|s| {
            let label = plain(s.label.trim_start_matches('#'));
            label.trim_end_matches([':', ' ']).to_string()
        })
        .collect();

    Ok(Draft {
        id,
        title,
        title_note,
        date,
        date_note,
        summary,
        brief: brief.into_values().collect(),
        sources: links(text),
        items,
        skipped,
        warnings,
        source_name: opts.source_name.to_string(),
    })
}

/// Splits a What's Next sentence that lists several dated follow-ups
/// ("The EU decides on September 3; NATO meets on September 10.") at the `;`,
/// `, and` or `, then` between consecutive dates. Otherwise the whole sentence.
fn split_listed(text: &str, s: &Sentence, base: NaiveDate) -> Vec<Range<usize>> {
    let dates: Vec<&FoundDate> = s.dates.iter().filter(|d| d.date >= base).collect();
    let mut pieces = Vec::new();
    let mut start = s.range.start;
    for pair in dates.windows(2) {
        let gap = pair[0].span.end..pair[1].span.start;
        let between = &text[gap.clone()];
        let cut = ["; ", ", and ", ", then ", ", while "]
            .iter()
            .find_map(|sep| between.rfind(sep).map(|i| (i, sep.len())));
        if let Some((i, len)) = cut {
            pieces.push(start..gap.start + i);
            start = gap.start + i + len;
        }
    }
    pieces.push(start..s.range.end);
    pieces
        .into_iter()
        .filter_map(|r| {
            let mut out = Vec::new();
            push_trimmed(r, text, &mut out);
            out.pop()
        })
        .collect()
}

/// A sentence as an item title: plain text, first letter capitalised, no final period.
fn item_title(sentence: &str) -> String {
    let t = plain(sentence);
    let t = trim_period(&t);
    let t = t.strip_prefix("and ").unwrap_or(t);
    let mut chars = t.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Up to four content words of an item, after an introductory clause.
fn id_words_of(text: &str, piece: &Range<usize>, piece_words: &[&Word]) -> Vec<String> {
    let mut skip_to = piece.start;
    if let Some(first) = piece_words.first()
        && INTRO_WORDS.contains(&first.lower.as_str())
        && let Some(comma) = text[piece.clone()].find(", ")
    {
        let before = piece_words
            .iter()
            .filter(|w| w.span.end <= piece.start + comma)
            .count();
        if before <= 8 {
            skip_to = piece.start + comma;
        }
    }
    let mut out: Vec<String> = piece_words
        .iter()
        .filter(|w| w.span.start >= skip_to && w.is_content())
        .take(4)
        .map(|w| w.lower.clone())
        .collect();
    if out.is_empty() {
        out = piece_words
            .iter()
            .filter(|w| w.is_content())
            .take(4)
            .map(|w| w.lower.clone())
            .collect();
    }
    out
}

struct Match {
    sentence: usize,
    date: usize,
    /// Shared words in the item's order, as id words.
    shared_words: Vec<String>,
    /// The same as written in the item.
    shared_raw: Vec<String>,
}

/// The date another sentence gives for the event an item talks about: the date that
/// the most distinctive words shared with the item sit closest to. Needs at least one
/// shared distinctive word within a few words of the date.
fn match_elsewhere(
    text: &str,
    all: &[Sentence],
    own: usize,
    item_words: &[&Word],
    base: NaiveDate,
    weight: &dyn Fn(&str) -> f64,
) -> Option<Match> {
    let item: Vec<&Word> = item_words
        .iter()
        .copied()
        .filter(|w| w.is_content())
        .collect();
    let item_stems: HashSet<&str> = item.iter().map(|w| w.stem.as_str()).collect();
    let mut best: Option<(f64, usize, usize, Vec<String>)> = None;
    for (si, s) in all.iter().enumerate() {
        if si == own || s.dates.is_empty() {
            continue;
        }
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
        let clause = |at: usize| text[s.range.start..at].matches(';').count();
        let word_clause: Vec<usize> = content.iter().map(|w| clause(w.span.start)).collect();
        let date_clause: Vec<usize> = s.dates.iter().map(|d| clause(d.span.start)).collect();
        for (di, d) in s.dates.iter().enumerate() {
            if d.date < base {
                continue;
            }
            let mut score = 0.0;
            let mut close = false;
            let mut shared: Vec<String> = Vec::new();
            for (p, w) in content.iter().enumerate() {
                if !item_stems.contains(w.stem.as_str()) {
                    continue;
                }
                if word_clause[p] != date_clause[di] {
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
                let wt = weight(&w.stem);
                if wt <= 0.0 {
                    continue;
                }
                score += wt / (1.0 + mine as f64);
                close |= mine <= 6 && wt >= 0.5;
                if !shared.contains(&w.stem) {
                    shared.push(w.stem.clone());
                }
            }
            if close && best.as_ref().is_none_or(|(b, ..)| score > *b) {
                best = Some((score, si, di, shared));
            }
        }
    }
    let (_, sentence, date, shared) = best?;
    let mut shared_words = Vec::new();
    let mut shared_raw = Vec::new();
    for w in &item {
        if shared.contains(&w.stem) && !shared_words.contains(&w.lower) {
            shared_words.push(w.lower.clone());
            let raw = &text[w.span.clone()];
            let raw = raw
                .strip_suffix("'s")
                .or_else(|| raw.strip_suffix("\u{2019}s"))
                .unwrap_or(raw);
            shared_raw.push(raw.to_string());
        }
    }
    Some(Match {
        sentence,
        date,
        shared_words: shared_words.into_iter().take(3).collect(),
        shared_raw,
    })
}

/// Without a sentence's final period (but "U.S." keeps its own).
fn trim_period(s: &str) -> &str {
    match s.strip_suffix('.') {
        Some(t) if !is_abbreviation(t) => t,
        _ => s,
    }
}

/// A title of at most `max` characters, cut at a word boundary with an ellipsis.
pub fn shorten(sentence: &str, max: usize) -> String {
    let s = trim_period(sentence.trim());
    if s.chars().count() <= max {
        return s.to_string();
    }
    // Best: end a phrase, before a word that opens the next one ("… partnership
    // | with North Korea in a phone call"), when that keeps at least half.
    const PHRASE_STARTS: &[&str] = &[
        "in",
        "with",
        "on",
        "at",
        "after",
        "before",
        "as",
        "amid",
        "ahead",
        "for",
        "from",
        "to",
        "while",
        "and",
        "but",
        "which",
        "that",
        "who",
        "where",
        "when",
        "during",
        "despite",
        "following",
        "over",
        "under",
        "against",
    ];
    let limit = s.char_indices().nth(max).map_or(s.len(), |(i, _)| i);
    let phrase_end = s[..limit]
        .match_indices(' ')
        .map(|(i, _)| i)
        .rfind(|&i| {
            let next = s[i + 1..].split(' ').next().unwrap_or("");
            PHRASE_STARTS.contains(&next) || s[..i].ends_with(',')
        })
        .map(|i| s[..i].trim_end_matches(','))
        .filter(|p| p.chars().count() >= max / 2);
    if let Some(p) = phrase_end {
        return p.to_string();
    }
    // Else cut at a word, with room for the ellipsis.
    let limit = s.char_indices().nth(max - 1).map_or(s.len(), |(i, _)| i);
    let mut cut = s[..limit].rfind(' ').map_or(&s[..limit], |i| &s[..i]);
    // Do not end on a dangling little word or punctuation.
    loop {
        let trimmed = cut.trim_end_matches([',', ';', ':', '-', '\u{2014}', '\u{2013}', ' ']);
        let last = trimmed.rsplit(' ').next().unwrap_or("");
        let lower = last.to_lowercase();
        let dangling = PHRASE_STARTS.contains(&lower.as_str())
            || [
                "the", "a", "an", "of", "its", "their", "his", "her", "by", "or",
            ]
            .contains(&lower.as_str());
        if trimmed.contains(' ') && dangling {
            cut = &trimmed[..trimmed.len() - last.len()];
        } else {
            cut = trimmed;
            break;
        }
    }
    format!("{cut}\u{2026}")
}

fn default_id(stem: Option<&str>, date: NaiveDate, title: &str) -> String {
    const GENERIC: &[&str] = &[
        "briefing", "brief", "index", "readme", "draft", "notes", "untitled", "new",
    ];
    if let Some(stem) = stem {
        let s = slug(stem, 12);
        if is_kebab_case(&s) && !GENERIC.contains(&s.as_str()) {
            return s;
        }
    }
    let words: Vec<String> = words(title, 0..title.len())
        .into_iter()
        .filter(Word::is_content)
        .take(4)
        .map(|w| w.lower)
        .collect();
    if words.is_empty() {
        format!("{}", date.format("%Y-%m-%d"))
    } else {
        format!("{}-{}", date.format("%Y-%m-%d"), words.join("-"))
    }
}

/// Links in the briefing: `[title](url)` and bare `http(s)://` addresses, in order.
fn links(text: &str) -> Vec<SourceLink> {
    let mut out: Vec<SourceLink> = Vec::new();
    let mut i = 0;
    while let Some(found) = text[i..].find("http") {
        let start = i + found;
        let rest = &text[start..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            i = start + 4;
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | ']' | '"' | '<'))
            .unwrap_or(rest.len());
        let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        // A Markdown link: "[title](" right before the address.
        let title = text[..start]
            .strip_suffix("](")
            .and_then(|before| before.rfind('[').map(|open| plain(&before[open + 1..])));
        if !out.iter().any(|l| l.url == url) && url.len() > "https://".len() {
            out.push(SourceLink {
                title: title.filter(|t| !t.is_empty() && t != url),
                url: url.to_string(),
            });
        }
        i = start + end.max(1);
    }
    out
}

// ---------------------------------------------------------------------------
// TOML text
// ---------------------------------------------------------------------------

/// A TOML value for free text: a one-line string when short, else a multi-line basic
/// string wrapped at `width` columns with line-ending backslashes (which TOML removes
/// together with the line break), so the value is the text exactly.
pub fn toml_text(s: &str, width: usize) -> String {
    if s.chars().count() <= width && !s.contains('\n') {
        return edit::string(s);
    }
    let mut out = String::from("\"\"\"\n");
    let logical: Vec<&str> = s.split('\n').collect();
    for (li, line) in logical.iter().enumerate() {
        let escaped = escape_multiline(line, li + 1 == logical.len());
        let chunks = wrap(&escaped, width);
        out.push_str(&chunks.join("\\\n"));
        if li + 1 < logical.len() {
            out.push('\n');
        }
    }
    out.push_str("\"\"\"");
    out
}

/// Escapes for a multi-line basic string: backslashes, control characters, and quotes
/// that could close the string (one followed by another, or the very last character).
fn escape_multiline(s: &str, last_line: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '"' if chars.get(i + 1) == Some(&'"') || (last_line && i + 1 == chars.len()) => {
                out.push_str("\\\"")
            }
            '\\' => out.push_str("\\\\"),
            '\t' => out.push('\t'),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Cuts an escaped line into chunks of about `width` characters, each ending with the
/// space it was cut after, so that joining them with `\` + newline loses nothing.
/// Cuts only at a single space followed by a non-space (TOML trims what follows the
/// backslash up to the next non-whitespace).
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut rest = line;
    while rest.chars().count() > width {
        let mut cut = None;
        for (count, (i, c)) in rest.char_indices().enumerate() {
            if count >= width && cut.is_some() {
                break;
            }
            if c == ' '
                && i > 0
                && rest[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(|n| !n.is_whitespace())
            {
                cut = Some(i + 1);
            }
        }
        match cut {
            Some(i) if i < rest.len() => {
                chunks.push(rest[..i].to_string());
                rest = &rest[i..];
            }
            _ => break,
        }
    }
    chunks.push(rest.to_string());
    chunks
}

/// Comment lines; control characters (which TOML forbids in comments) become `\u{fffd}`.
fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        out.push_str("# ");
        out.extend(line.chars().map(|c| {
            if c.is_control() && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        }));
        out.push('\n');
    }
}

impl Draft {
    /// The draft as a scenario file. `with_id` writes the `id` key (needed when the
    /// file's stem is not the id).
    pub fn to_toml(&self, with_id: bool) -> String {
        let mut out = String::new();
        comment(
            &mut out,
            &format!(
                "Draft scenario imported from {} by `whatsnext import`.\n\
                 Check every line with a comment above it, then give the items what you\n\
                 know (question, outcomes, forecast, tags) and run `whatsnext check`.",
                self.source_name
            ),
        );
        if !self.skipped.is_empty() {
            let names: Vec<String> = self.skipped.iter().map(|s| format!("\"{s}\"")).collect();
            comment(&mut out, &format!("Not imported: {}.", names.join(", ")));
        }
        out.push('\n');
        if with_id {
            out.push_str(&format!("id = {}\n", edit::string(&self.id)));
        }
        if let Some(note) = &self.title_note {
            comment(&mut out, note);
        }
        out.push_str(&format!("title = {}\n", edit::string(&self.title)));
        comment(&mut out, &self.date_note);
        out.push_str(&format!("date = {}\n", self.date.format("%Y-%m-%d")));
        if let Some(summary) = &self.summary {
            out.push_str(&format!("summary = {}\n", toml_text(summary, 88)));
        }
        out.push_str("# tags = []\n# actors = []\n# regions = []\n");
        if !self.sources.is_empty() {
            out.push_str("sources = [\n");
            for s in &self.sources {
                match &s.title {
                    Some(t) => out.push_str(&format!(
                        "  {{ title = {}, url = {} }},\n",
                        edit::string(t),
                        edit::string(&s.url)
                    )),
                    None => out.push_str(&format!("  {},\n", edit::string(&s.url))),
                }
            }
            out.push_str("]\n");
        }
        if !self.brief.is_empty() {
            out.push_str("\n[brief]\n");
            for (key, text) in &self.brief {
                out.push_str(&format!("{key} = {}\n", toml_text(text, 88)));
            }
        }
        out.push('\n');
        comment(
            &mut out,
            "What's Next: one draft item per follow-up. Check each id, title and due;\n\
             add question, outcomes (default yes/no), forecast, tags or priority.",
        );
        for item in &self.items {
            out.push_str("\n[[watch]]\n");
            out.push_str(&format!("id = {}\n", edit::string(&item.id)));
            out.push_str(&format!("title = {}\n", edit::string(&item.title)));
            match item.due {
                Some(due) => {
                    if let Some(note) = &item.due_note {
                        comment(&mut out, note);
                    }
                    out.push_str(&format!("due = {}\n", due.format("%Y-%m-%d")));
                }
                None => {
                    comment(
                        &mut out,
                        "the briefing gives no date for this: when is it expected?",
                    );
                    out.push_str("# due = YYYY-MM-DD   (or \"+30d\" from the scenario date)\n");
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const SHIPPED: &str = include_str!("../tests/fixtures/import/2025-08-12-putin-kim-call.md");

    fn opts<'a>() -> Options<'a> {
        Options {
            source_name: "2025-08-12-putin-kim-call.md",
            stem: Some("2025-08-12-putin-kim-call"),
            id: None,
            today: ymd(2025, 8, 20),
        }
    }

    #[test]
    fn date_phrasings() {
        let base = ymd(2025, 8, 12);
        // (text, date, whole phrase matched)
        let cases: &[(&str, NaiveDate, &str)] = &[
            ("on August 15 there", ymd(2025, 8, 15), "August 15"),
            ("(Friday, August 15)", ymd(2025, 8, 15), "Friday, August 15"),
            ("Friday August 15.", ymd(2025, 8, 15), "Friday August 15"),
            ("by 15 August 2025,", ymd(2025, 8, 15), "15 August 2025"),
            ("by 15 August,", ymd(2025, 8, 15), "15 August"),
            ("the 15th of August", ymd(2025, 8, 15), "15th of August"),
            ("Aug. 15 talks", ymd(2025, 8, 15), "Aug. 15"),
            ("Aug 15", ymd(2025, 8, 15), "Aug 15"),
            ("Sept. 3 vote", ymd(2025, 9, 3), "Sept. 3"),
            ("Sep 3", ymd(2025, 9, 3), "Sep 3"),
            ("due 2025-08-15.", ymd(2025, 8, 15), "2025-08-15"),
            ("at 2025-08-15T10:00", ymd(2025, 8, 15), "2025-08-15"),
            (
                "Tuesday, August 12, 2025, just",
                ymd(2025, 8, 12),
                "Tuesday, August 12, 2025",
            ),
            ("August 15th, 2025", ymd(2025, 8, 15), "August 15th, 2025"),
            ("Fri., Aug. 15", ymd(2025, 8, 15), "Fri., Aug. 15"),
            ("on 1 May", ymd(2026, 5, 1), "1 May"),
            ("March 3, 2024 ruling", ymd(2024, 3, 3), "March 3, 2024"),
            ("Monday,\nAugust 18", ymd(2025, 8, 18), "Monday,\nAugust 18"),
            ("December 31", ymd(2025, 12, 31), "December 31"),
            ("August 12", ymd(2025, 8, 12), "August 12"),
        ];
        for (text, date, phrase) in cases {
            let found = find_dates(text, base);
            assert_eq!(found.len(), 1, "{text:?}: {found:?}");
            assert_eq!(found[0].date, *date, "{text:?}");
            assert_eq!(&text[found[0].span.clone()], *phrase, "{text:?}");
            assert_eq!(found[0].weekday_mismatch, None, "{text:?}");
        }
    }

    #[test]
    fn not_dates() {
        let base = ymd(2025, 8, 12);
        for text in [
            "may trigger harsher sanctions",
            "at least 10,000 North Korean soldiers",
            "in March 2025",
            "over 50,000 workers",
            "the 2022 invasion",
            "August 150",
            "Mayday 15",
            "12 may",
            "2025-08-1",
        ] {
            assert_eq!(find_dates(text, base), vec![], "{text:?}");
        }
    }

    #[test]
    fn year_rolls_over_when_before_base() {
        let base = ymd(2025, 12, 20);
        let found = find_dates("talks on January 5 and December 24", base);
        assert_eq!(found[0].date, ymd(2026, 1, 5));
        assert!(!found[0].year_given);
        assert_eq!(found[1].date, ymd(2025, 12, 24));
        // An explicit year never rolls.
        assert_eq!(find_dates("January 5, 2025", base)[0].date, ymd(2025, 1, 5));
    }

    #[test]
    fn weekday_that_fits_keeps_the_year() {
        // August 8, 2025 is a Friday; August 8, 2026 is a Saturday.
        let found = find_dates("last Friday, August 8", ymd(2025, 8, 12));
        assert_eq!(found[0].date, ymd(2025, 8, 8));
        assert_eq!(found[0].weekday_mismatch, None);
    }

    #[test]
    fn contradicting_weekday_is_reported() {
        let found = find_dates("on Thursday, August 15, 2025", ymd(2025, 8, 12));
        assert_eq!(found[0].date, ymd(2025, 8, 15));
        assert_eq!(found[0].weekday_mismatch, Some(Weekday::Thu));
        assert_eq!(found[0].span, 3..28);
    }

    #[test]
    fn impossible_dates_are_bad() {
        let (found, bad) = scan_dates("on February 30 and 2025-13-01", ymd(2025, 8, 12));
        assert_eq!(found, vec![]);
        assert_eq!(bad.len(), 2);
    }

    #[test]
    fn bold_labels() {
        let text = "Lead one. Lead two.\n**Who:**\nPeople.\n**When:** Tuesday, August 12, 2025.\n\n**What’s Next:**\nA thing.\n";
        let b = parse_briefing(text);
        assert_eq!(&text[b.lead.clone()], "Lead one. Lead two.\n");
        let kinds: Vec<SectionKind> = b.sections.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [SectionKind::Who, SectionKind::When, SectionKind::WhatsNext]
        );
        assert_eq!(b.body_text(&b.sections[0]), "People.");
        assert_eq!(b.body_text(&b.sections[1]), "Tuesday, August 12, 2025.");
        assert_eq!(b.sections[1].label, "**When:**");
        assert_eq!(b.body_text(&b.sections[2]), "A thing.");
    }

    #[test]
    fn heading_layout_with_crlf_and_bom() {
        let text = "\u{feff}# Talks resume\r\n\r\nLead text here.\r\n\r\n## Who\r\nPeople\r\nand more.\r\n\r\n### what's next:\r\n- First thing.\r\n- Second thing.\r\n";
        let b = parse_briefing(text);
        assert_eq!(&text[b.heading.clone().unwrap()], "Talks resume");
        assert_eq!(prose(&text[b.lead.clone()]), "Lead text here.");
        assert_eq!(b.sections.len(), 2);
        assert_eq!(b.sections[0].kind, SectionKind::Who);
        assert_eq!(b.body_text(&b.sections[0]), "People and more.");
        assert_eq!(b.sections[1].kind, SectionKind::WhatsNext);
        let s: Vec<&str> = sentences(text, b.sections[1].body.clone())
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(s, ["First thing.", "Second thing."]);
    }

    #[test]
    fn label_variants() {
        for line in [
            "**What's Next:**",
            "**What’s Next**:",
            "**WHAT'S NEXT**",
            "## What’s next",
            "#### What's Next: ",
            "What's Next:",
            "__What's Next:__",
        ] {
            let found = label_line(line).map(|l| l.kind);
            assert_eq!(found, Some(SectionKind::WhatsNext), "{line:?}");
        }
        for line in [
            "**Important** news today",
            "What happens next is unclear.",
            "    ## What's Next",
        ] {
            assert!(label_line(line).is_none(), "{line:?}");
        }
    }

    #[test]
    fn sentence_splitting_keeps_abbreviations() {
        let text =
            "U.S. President Donald Trump meets on Aug. 15 in Alaska. The E.U. waits. Then what?";
        let s: Vec<&str> = sentences(text, 0..text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            s,
            [
                "U.S. President Donald Trump meets on Aug. 15 in Alaska.",
                "The E.U. waits.",
                "Then what?"
            ]
        );
    }

    #[test]
    fn shipped_briefing() {
        let d = draft(SHIPPED, &opts()).unwrap();
        assert_eq!(d.date, ymd(2025, 8, 12));
        assert_eq!(d.id, "2025-08-12-putin-kim-call");
        assert!(
            d.title
                .starts_with("Russian President Vladimir Putin reaffirmed")
        );
        assert!(d.title.chars().count() <= 90, "{}", d.title);
        let keys: Vec<&str> = d.brief.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            ["who", "what", "when", "where", "why", "how", "impact"]
        );
        assert!(
            d.brief[2]
                .1
                .starts_with("The call occurred on Tuesday, August 12, 2025")
        );
        assert!(
            d.summary
                .as_deref()
                .unwrap()
                .ends_with("North Korean workers in Russia.")
        );
        assert_eq!(d.items.len(), 2, "{:#?}", d.items);
        let summit = &d.items[0];
        assert!(summit.title.contains("Alaska summit"));
        assert_eq!(summit.due, Some(ymd(2025, 8, 15)));
        assert_eq!(summit.id, "alaska-summit");
        let note = summit.due_note.as_deref().unwrap();
        assert!(
            note.starts_with("due guessed from **When:** \"Friday, August 15\""),
            "{note}"
        );
        assert_eq!(d.items[1].due, None);
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn shipped_briefing_renders_a_valid_scenario() {
        let d = draft(SHIPPED, &opts()).unwrap();
        let text = d.to_toml(false);
        let path = std::path::Path::new("2025-08-12-putin-kim-call.toml");
        let (scenario, problems) = crate::load::parse_scenario(path, &text);
        assert_eq!(problems, vec![], "{text}");
        let s = scenario.unwrap();
        assert_eq!(s.id, "2025-08-12-putin-kim-call");
        assert_eq!(s.date, ymd(2025, 8, 12));
        assert_eq!(s.summary, d.summary);
        let brief: Vec<(&str, String)> = s
            .brief
            .entries()
            .into_iter()
            .map(|(k, v)| (k, v.to_string()))
            .collect();
        assert_eq!(brief, d.brief);
        assert_eq!(s.items[0].id, "alaska-summit");
        assert_eq!(
            s.items[0].due,
            Some(crate::model::Due::Date(ymd(2025, 8, 15)))
        );
        assert_eq!(s.items[1].due, None);
        assert!(
            text.contains("# due guessed from **When:** \"Friday, August 15\""),
            "{text}"
        );
        assert!(!text.contains("\nid = \"2025"));
        assert!(
            d.to_toml(true)
                .contains("\nid = \"2025-08-12-putin-kim-call\"\n")
        );
    }

    #[test]
    fn items_with_own_dates_and_lists() {
        let text = "Lead. \n**When:** Monday, September 1, 2025.\n**What's Next:**\n\
                    The EU decides on sanctions on Sept. 3, and NATO ministers meet on September 10.\n\
                    - A vote is expected on 2 October.\n- Nobody knows when talks resume.\n";
        let d = draft(
            text,
            &Options {
                stem: None,
                ..opts()
            },
        )
        .unwrap();
        let got: Vec<(&str, Option<NaiveDate>)> =
            d.items.iter().map(|i| (i.title.as_str(), i.due)).collect();
        assert_eq!(
            got,
            [
                (
                    "The EU decides on sanctions on Sept. 3",
                    Some(ymd(2025, 9, 3))
                ),
                (
                    "NATO ministers meet on September 10",
                    Some(ymd(2025, 9, 10))
                ),
                ("A vote is expected on 2 October", Some(ymd(2025, 10, 2))),
                ("Nobody knows when talks resume", None),
            ]
        );
        assert_eq!(d.date, ymd(2025, 9, 1));
        assert_eq!(d.id, "2025-09-01-lead");
        let ids: HashSet<&str> = d.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids.len(), 4);
        assert!(d.items.iter().all(|i| is_kebab_case(&i.id)));
        let toml_text = d.to_toml(true);
        assert!(toml_text.contains("# due = YYYY-MM-DD"));
        let (s, problems) = crate::load::parse_scenario(std::path::Path::new("x.toml"), &toml_text);
        assert_eq!(problems, vec![], "{toml_text}");
        assert_eq!(s.unwrap().items.len(), 4);
    }

    #[test]
    fn weekday_mismatch_warns_at_the_date() {
        let text = "Lead.\n**When:** Thursday, August 12, 2025.\n**What's Next:**\nMore.\n";
        let d = draft(text, &opts()).unwrap();
        assert_eq!(d.warnings.len(), 1);
        let at = text.find("Thursday").unwrap();
        assert_eq!(
            d.warnings[0].span,
            at..at + "Thursday, August 12, 2025".len()
        );
        assert!(
            d.warnings[0].message.contains("Tuesday"),
            "{}",
            d.warnings[0].message
        );
    }

    #[test]
    fn missing_or_empty_whats_next() {
        assert_eq!(
            draft("Lead.\n**Who:** x\n", &opts()),
            Err(ImportError::NoWhatsNext)
        );
        let text = "Lead.\n## What's Next\n\n";
        assert_eq!(
            draft(text, &opts()),
            Err(ImportError::EmptyWhatsNext { label: 6..20 })
        );
    }

    #[test]
    fn escaping_round_trips() {
        for s in [
            "plain",
            "quote \" and backslash \\ and tab\t",
            "ends with quote\"",
            "three \"\"\" quotes and a control \u{1} char",
            "line\nbreak\r\nand \u{7f}",
            &"long words ".repeat(40),
            &format!(
                "{}\n\n{}\"",
                "para one ".repeat(20),
                "para \\ two ".repeat(20)
            ),
            "  leading and  double  spaces  ",
            "trailing backslash \\",
        ] {
            for rendered in [edit::string(s), toml_text(s, 30)] {
                let doc = format!("k = {rendered}\n");
                let t: toml::Table = toml::from_str(&doc).unwrap_or_else(|e| panic!("{e}\n{doc}"));
                assert_eq!(t["k"].as_str(), Some(s), "{doc}");
            }
        }
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        let s = "Russian President Vladimir Putin reaffirmed Russia’s strategic partnership with North Korea in a phone call with Kim Jong Un.";
        assert_eq!(
            shorten(s, 90),
            "Russian President Vladimir Putin reaffirmed Russia’s strategic partnership"
        );
        let long = "Delegations from thirty-one countries gathered yesterday evening \
                    inside the newly renovated conference hall downtown";
        let t = shorten(long, 60);
        assert!(t.chars().count() <= 60, "{t}");
        assert_eq!(
            t,
            "Delegations from thirty-one countries gathered yesterday…"
        );
        assert_eq!(shorten("Short title.", 90), "Short title");
        assert_eq!(shorten("Talks with the U.S.", 90), "Talks with the U.S.");
    }

    #[test]
    fn markdown_links_become_sources() {
        let l = links("See [Kremlin readout](https://example.org/a). Also https://example.org/b.");
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].title.as_deref(), Some("Kremlin readout"));
        assert_eq!(l[1].url, "https://example.org/b");
    }

    /// Token soup from a fixed seed: whatever the briefing, the importer neither
    /// panics nor produces a file the loader rejects.
    #[test]
    fn any_briefing_drafts_a_valid_scenario_or_a_clear_error() {
        const TOKENS: &[&str] = &[
            "**What's Next:**",
            "## What’s next",
            "**When:**",
            "# Title",
            "**Who**:",
            "\n",
            "\r\n",
            "\n\n",
            " ",
            ". ",
            "? ",
            "Aug. 15",
            "Friday, August 15",
            "15 August 2025",
            "2025-02-29",
            "Sept. 3",
            "February 30",
            "the Alaska summit",
            "U.S.",
            "“quoted”",
            "\"",
            "\\",
            "\t",
            "\u{1}",
            "é",
            "日本",
            "👍",
            "- ",
            "1. ",
            "[link](https://example.org/x)",
            "https://a.b/c",
            "**",
            "__",
            "’s",
            ";",
            ", and ",
            "Monday,",
            "talks",
            "\u{feff}",
            "```",
            "    ",
            "#",
            "May",
            "31",
            "2026",
            "'''",
            "\"\"\"",
            "\r",
            "\u{7f}",
            "\u{2028}",
            "Summit.",
            "[",
            "](",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..2000 {
            let len = (next() % 60) as usize;
            let text: String = (0..len)
                .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
                .collect();
            match draft(&text, &opts()) {
                Ok(d) => {
                    for with_id in [false, true] {
                        let out = d.to_toml(with_id);
                        let path = std::path::Path::new("x.toml");
                        let (s, problems) = crate::load::parse_scenario(path, &out);
                        assert!(
                            s.is_some() && problems.iter().all(|p| !p.is_error()),
                            "{problems:?}\n--- briefing\n{text:?}\n--- draft\n{out}"
                        );
                    }
                }
                Err(ImportError::NoWhatsNext | ImportError::EmptyWhatsNext { .. }) => {}
                Err(e) => panic!("{e} for {text:?}"),
            }
        }
    }
}

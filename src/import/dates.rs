//! Dates written out in prose: "August 15", "Friday, August 15", "15 August 2025",
//! "Aug. 15", "Sept. 3", "2025-08-15", and the ISO date a file name starts with.
//! Phrases relative to the briefing's date are in [`super::relative`].

use std::ops::Range;

use chrono::{Datelike, NaiveDate, Weekday};

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

pub const MONTHS: &[(&str, u32)] = &[
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

pub const WEEKDAYS: &[(&str, Weekday)] = &[
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
/// more than three months before `base` — unless the text names a weekday that fits
/// one of the two years and not the other. Spans are offsets into `text`.
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

/// How far before the base date a date without a year is still taken as this year's
/// (past); earlier ones are next year's ("January 20" in a December briefing).
const RECENT_PAST_DAYS: i64 = 90;

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
            if fits(d) != fits(n) {
                if fits(d) { d } else { n }
            } else if (base - d).num_days() <= RECENT_PAST_DAYS {
                // "met on August 1" in a briefing of August 12 is the recent past,
                // not next year.
                d
            } else {
                n
            }
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

pub fn skip_space(s: &str, i: usize) -> usize {
    s[i..]
        .char_indices()
        .find(|&(_, c)| !is_space(c))
        .map_or(s.len(), |(j, _)| i + j)
}

pub fn alpha_word(s: &str, i: usize) -> &str {
    let end = s[i..]
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(s.len(), |(j, _)| i + j);
    &s[i..end]
}

pub fn digits(s: &str, i: usize) -> &str {
    let end = s[i..]
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .map_or(s.len(), |j| i + j);
    &s[i..end]
}

pub fn alnum_at(s: &str, i: usize) -> bool {
    s[i..].chars().next().is_some_and(char::is_alphanumeric)
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

pub fn month_named(word: &str) -> Option<u32> {
    if !capitalised(word) {
        return None;
    }
    let lower = word.to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == lower).map(|&(_, m)| m)
}

pub fn weekday_named(word: &str) -> Option<Weekday> {
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
        return Some(with_year(s, month, day, end));
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
    Some(with_year(s, month, day, end))
}

/// The date of `month` and `day`, with the year that follows at `end` when one
/// does, and where it ends.
fn with_year(s: &str, month: u32, day: u32, end: usize) -> (RawDate, usize) {
    let (year, end) = match match_year(s, end) {
        Some((y, e)) => (Some(y), e),
        None => (None, end),
    };
    let date = RawDate {
        weekday: None,
        year,
        month,
        day,
    };
    (date, end)
}

/// The date at the start of a file name like `2025-08-12-putin-kim-call`.
pub fn stem_date(stem: &str) -> Option<NaiveDate> {
    let (raw, _) = match_iso(stem, 0)?;
    NaiveDate::from_ymd_opt(raw.year?, raw.month, raw.day)
}

// ---------------------------------------------------------------------------
// Words: for matching an item to a date elsewhere, and for ids
// ---------------------------------------------------------------------------

//! Dates a reader works out from the briefing's date: "on Thursday", "tomorrow",
//! "next week", "within 30 days", "in two weeks", "within 72 hours", "by the end of the
//! month", "by mid-March", "in September", "this autumn"; and recurring phrases
//! ("every six months", "monthly", "each week") that make a standing watch.
//!
//! Every phrase resolves to a day strictly after the briefing's date or to nothing
//! (a phrase that lands on or before it says nothing about what comes next), and says
//! how it was worked out, for the comment above the draft's `due`.

use std::ops::Range;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::dates::{month_named, weekday_named};

/// A relative date phrase and the day it gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relative {
    pub span: Range<usize>,
    pub date: NaiveDate,
    /// How the day was worked out: "30 days after the briefing's date".
    pub why: String,
}

/// A recurring phrase: `every` as a scenario duration ("6m", "1w").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recurrence {
    pub span: Range<usize>,
    pub every: String,
}

/// A word of the text: where it is, as written, and lowercased.
struct Tok<'s> {
    span: Range<usize>,
    raw: &'s str,
    lower: String,
}

fn tokens(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        match (start, c.is_alphanumeric()) {
            (None, true) => start = Some(i),
            (Some(st), false) => {
                out.push(Tok {
                    span: st..i,
                    raw: &s[st..i],
                    lower: s[st..i].to_lowercase(),
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The lowercase word at token `i`, or "" past the end.
fn lw<'a>(t: &'a [Tok<'_>], i: usize) -> &'a str {
    t.get(i).map_or("", |tok| tok.lower.as_str())
}

/// A count written as digits or a word ("a", "two", "thirty").
fn number(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse::<u32>() {
        return (1..=1000).contains(&n).then_some(n);
    }
    const WORDS: &[&str] = &[
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
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    if let Some(i) = WORDS.iter().position(|w| *w == word) {
        return u32::try_from(i + 1).ok();
    }
    Some(match word {
        "a" | "an" => 1,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "ninety" => 90,
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

fn unit(word: &str) -> Option<Unit> {
    Some(match word {
        "hour" | "hours" => Unit::Hour,
        "day" | "days" => Unit::Day,
        "week" | "weeks" => Unit::Week,
        "month" | "months" => Unit::Month,
        "year" | "years" => Unit::Year,
        _ => return None,
    })
}

fn unit_name(u: Unit, n: u32) -> String {
    let name = match u {
        Unit::Hour => "hour",
        Unit::Day => "day",
        Unit::Week => "week",
        Unit::Month => "month",
        Unit::Year => "year",
    };
    if n == 1 {
        format!("1 {name}")
    } else {
        format!("{n} {name}s")
    }
}

/// `base` plus `n` units (hours rounded up to whole days; months clamp to the month's
/// last day).
fn add(base: NaiveDate, n: u32, u: Unit) -> Option<NaiveDate> {
    match u {
        Unit::Hour => base.checked_add_days(Days::new(u64::from(n.div_ceil(24)))),
        Unit::Day => base.checked_add_days(Days::new(u64::from(n))),
        Unit::Week => base.checked_add_days(Days::new(7 * u64::from(n))),
        Unit::Month => base.checked_add_months(Months::new(n)),
        Unit::Year => base.checked_add_months(Months::new(n.checked_mul(12)?)),
    }
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

/// The first day `(month, day)` after `base` (this year or the next), or in `year`.
fn next_in_month(base: NaiveDate, month: u32, day: Day, year: Option<i32>) -> Option<NaiveDate> {
    let on = |y: i32| match day {
        Day::Nth(d) => NaiveDate::from_ymd_opt(y, month, d),
        Day::Last => last_of_month(y, month),
    };
    match year {
        Some(y) => on(y),
        None => on(base.year())
            .filter(|d| *d > base)
            .or_else(|| on(base.year() + 1)),
    }
}

#[derive(Clone, Copy)]
enum Day {
    Nth(u32),
    Last,
}

/// A month's English name ("March"), from its number.
fn month_name(m: u32) -> &'static str {
    u8::try_from(m)
        .ok()
        .and_then(|m| chrono::Month::try_from(m).ok())
        .map_or("", |m| m.name())
}

/// A four-digit year at token `i`.
fn year_at(t: &[Tok<'_>], i: usize) -> Option<i32> {
    let tok = t.get(i)?;
    (tok.raw.len() == 4)
        .then(|| tok.raw.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1900..=2199).contains(y))
}

/// The relative date phrases of `s`, skipping words inside `taken` (the spans of dates
/// written out, whose weekday and month names are theirs). Only phrases that give a
/// day after `base` are returned.
pub fn find_relative(s: &str, base: NaiveDate, taken: &[Range<usize>]) -> Vec<Relative> {
    let t = tokens(s);
    let free = |i: usize| {
        t.get(i).is_some_and(|tok| {
            !taken
                .iter()
                .any(|r| r.start <= tok.span.start && tok.span.end <= r.end)
        })
    };
    let mut out: Vec<Relative> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if !free(i) {
            i += 1;
            continue;
        }
        if let Some((date, why, end)) = phrase_at(&t, i, base) {
            let span = t[i].span.start..t[end].span.end;
            if date > base
                && taken
                    .iter()
                    .all(|r| r.end <= span.start || r.start >= span.end)
            {
                out.push(Relative { span, date, why });
            }
            i = end + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// A phrase starting at token `i`: its day, how it was worked out, and its last token.
fn phrase_at(t: &[Tok<'_>], i: usize, base: NaiveDate) -> Option<(NaiveDate, String, usize)> {
    let word = |i: usize| lw(t, i);
    let w = word(i);
    let briefing = format!("the briefing's date ({base})");
    // "tomorrow"
    if w == "tomorrow" {
        return Some((base.succ_opt()?, format!("the day after {briefing}"), i));
    }
    // "next week" (its Friday), "next month" (its last day)
    if w == "next" {
        match word(i + 1) {
            "week" => {
                let monday = base.week(Weekday::Mon).first_day();
                let friday = monday.checked_add_days(Days::new(11))?;
                return Some((
                    friday,
                    format!("the Friday of the week after {briefing}"),
                    i + 1,
                ));
            }
            "month" => {
                let next = base.with_day(1)?.checked_add_months(Months::new(1))?;
                let last = last_of_month(next.year(), next.month())?;
                return Some((
                    last,
                    format!("the last day of the month after {briefing}"),
                    i + 1,
                ));
            }
            _ => {}
        }
    }
    // "within 30 days", "in two weeks", "within the next 72 hours"
    if matches!(w, "within" | "in") {
        let mut j = i + 1;
        if word(j) == "the" && matches!(word(j + 1), "next" | "coming") {
            j += 2;
        }
        if let (Some(n), Some(u)) = (number(word(j)), unit(word(j + 1))) {
            let date = add(base, n, u)?;
            let extra = if u == Unit::Hour {
                ", rounded up to a day"
            } else {
                ""
            };
            return Some((
                date,
                format!("{} after {briefing}{extra}", unit_name(u, n)),
                j + 1,
            ));
        }
    }
    // "by the end of the month / year / week / March / 2026", "by year-end"
    if matches!(w, "by" | "before" | "until" | "at") {
        let mut j = i + 1;
        if word(j) == "the" {
            j += 1;
        }
        if word(j) == "year" && word(j + 1) == "end" {
            let d = NaiveDate::from_ymd_opt(base.year(), 12, 31)?;
            return Some((
                d,
                format!("December 31, the end of the year of {briefing}"),
                j + 1,
            ));
        }
        if word(j) == "end" && word(j + 1) == "of" {
            let k = j + 2;
            let (which, k) = match word(k) {
                "the" | "this" => ("this", k + 1),
                "next" => ("next", k + 1),
                _ => ("", k),
            };
            match (which, word(k)) {
                ("this" | "next", "month") => {
                    let mut first = base.with_day(1)?;
                    if which == "next" {
                        first = first.checked_add_months(Months::new(1))?;
                    }
                    let d = last_of_month(first.year(), first.month())?;
                    let whose = if which == "next" {
                        "the month after"
                    } else {
                        "the month of"
                    };
                    return Some((d, format!("the last day of {whose} {briefing}"), k));
                }
                ("this" | "next", "year") => {
                    let y = base.year() + i32::from(which == "next");
                    let d = NaiveDate::from_ymd_opt(y, 12, 31)?;
                    return Some((d, format!("December 31 of {y}"), k));
                }
                ("this" | "next", "week") => {
                    let monday = base.week(Weekday::Mon).first_day();
                    let add_days = if which == "next" { 11 } else { 4 };
                    let d = monday.checked_add_days(Days::new(add_days))?;
                    return Some((d, format!("the Friday of that week, from {briefing}"), k));
                }
                ("", _) => {
                    if let Some(y) = year_at(t, k) {
                        let d = NaiveDate::from_ymd_opt(y, 12, 31)?;
                        return Some((d, format!("December 31, {y}"), k));
                    }
                    if let Some(m) = month_named(t.get(k)?.raw) {
                        let year = year_at(t, k + 1);
                        let d = next_in_month(base, m, Day::Last, year)?;
                        let end = if year.is_some() { k + 1 } else { k };
                        return Some((d, format!("the last day of {}", month_name(m)), end));
                    }
                }
                _ => {}
            }
        }
        // "by mid-March", "by early March", "by late March 2026"
        if let Some(found) = part_of_month(t, j, base) {
            return Some(found);
        }
    }
    // "in mid-March", "in late September", "in September (2026)"
    if w == "in" {
        if let Some(found) = part_of_month(t, i + 1, base) {
            return Some(found);
        }
        let tok = t.get(i + 1)?;
        if let Some(m) = month_named(tok.raw)
            && !t
                .get(i + 2)
                .is_some_and(|n| n.raw.chars().all(|c| c.is_ascii_digit()) && n.raw.len() <= 2)
        {
            let year = year_at(t, i + 2);
            let d = next_in_month(base, m, Day::Last, year)?;
            let end = if year.is_some() { i + 2 } else { i + 1 };
            return Some((
                d,
                format!("the last day of {} {}", month_name(m), d.year()),
                end,
            ));
        }
    }
    // "in 2029", "by 2035": the end of that year
    if matches!(w, "in" | "by")
        && let Some(y) = year_at(t, i + 1)
    {
        let d = NaiveDate::from_ymd_opt(y, 12, 31)?;
        return Some((d, format!("a guess: December 31, the end of {y}"), i + 1));
    }
    // "later this year", "this year"
    if (w == "later" && word(i + 1) == "this" && word(i + 2) == "year")
        || (w == "this" && word(i + 1) == "year")
    {
        let end = if w == "later" { i + 2 } else { i + 1 };
        let d = NaiveDate::from_ymd_opt(base.year(), 12, 31)?;
        return Some((
            d,
            format!("a guess: December 31, the end of {}", base.year()),
            end,
        ));
    }
    // "this autumn", "next spring", "in the summer", "by winter"
    if matches!(w, "this" | "next" | "in" | "by" | "during" | "over") {
        let mut j = i + 1;
        if word(j) == "the" {
            j += 1;
        }
        if let Some((month, name)) = season_end(word(j)) {
            let mut d = next_in_month(base, month, Day::Last, None)?;
            if w == "next"
                && next_in_month(base, month, Day::Last, None)?
                    < base.checked_add_months(Months::new(3))?
            {
                d = next_in_month(d, month, Day::Last, None)?;
            }
            return Some((
                d,
                format!(
                    "a guess: the end of {name} in the northern hemisphere ({} {}) — check it",
                    month_name(month),
                    d.day()
                ),
                j,
            ));
        }
    }
    // A weekday on its own: "on Thursday", "by Friday", "next Monday"
    if let Some(wd) = weekday_full_named(t.get(i)?.raw) {
        return Some(after_weekday(base, wd, i));
    }
    if matches!(w, "next" | "this" | "on" | "by" | "until" | "before")
        && let Some(wd) = t.get(i + 1).and_then(|tok| weekday_full_named(tok.raw))
    {
        return Some(after_weekday(base, wd, i + 1));
    }
    None
}

fn after_weekday(base: NaiveDate, wd: Weekday, end: usize) -> (NaiveDate, String, usize) {
    let ahead = (7 + wd.num_days_from_monday() - base.weekday().num_days_from_monday()) % 7;
    let ahead = if ahead == 0 { 7 } else { ahead };
    let date = base + Days::new(u64::from(ahead));
    let why = format!(
        "the first {} after the briefing's date ({}, a {})",
        super::dates::weekday_name(wd),
        base,
        super::dates::weekday_name(base.weekday())
    );
    (date, why, end)
}

/// A full weekday name, capitalised ("Thursday", not "Thu" or "thursday").
fn weekday_full_named(raw: &str) -> Option<Weekday> {
    let wd = weekday_named(raw)?;
    raw.eq_ignore_ascii_case(super::dates::weekday_name(wd))
        .then_some(wd)
}

/// "mid-March", "early March", "late March 2026" at token `j`.
fn part_of_month(t: &[Tok<'_>], j: usize, base: NaiveDate) -> Option<(NaiveDate, String, usize)> {
    let word = |i: usize| lw(t, i);
    let (day, what) = match word(j) {
        "mid" => (Day::Nth(15), "the middle"),
        "early" => (Day::Nth(10), "the early part, taken as the 10th,"),
        "late" => (Day::Last, "the end"),
        _ => return None,
    };
    let m = month_named(t.get(j + 1)?.raw)?;
    let year = year_at(t, j + 2);
    let d = next_in_month(base, m, day, year)?;
    let end = if year.is_some() { j + 2 } else { j + 1 };
    Some((d, format!("{what} of {} {}", month_name(m), d.year()), end))
}

/// The last month of a season (northern hemisphere) and its name.
fn season_end(word: &str) -> Option<(u32, &'static str)> {
    Some(match word {
        "spring" => (5, "spring"),
        "summer" => (8, "summer"),
        "autumn" => (11, "autumn"),
        "fall" => (11, "autumn"),
        "winter" => (2, "winter"),
        _ => return None,
    })
}

/// The first recurring phrase of `s`: "every six months" → "6m", "monthly" → "1m",
/// "each week" → "1w", "every other week" → "2w", "quarterly" → "3m".
pub fn find_recurrence(s: &str) -> Option<Recurrence> {
    let t = tokens(s);
    let word = |i: usize| t.get(i).map_or("", |tok| tok.lower.as_str());
    let code = |u: Unit, n: u32| -> Option<String> {
        Some(match u {
            Unit::Hour => return None,
            Unit::Day => format!("{n}d"),
            Unit::Week => format!("{n}w"),
            Unit::Month => format!("{n}m"),
            Unit::Year => format!("{n}y"),
        })
    };
    for i in 0..t.len() {
        let w = word(i);
        let single = match w {
            "daily" => Some("1d"),
            "weekly" => Some("1w"),
            "fortnightly" => Some("2w"),
            "monthly" => Some("1m"),
            "quarterly" => Some("3m"),
            "semiannually" | "biannually" => Some("6m"),
            "annually" | "yearly" => Some("1y"),
            _ => None,
        };
        if let Some(every) = single {
            return Some(Recurrence {
                span: t[i].span.clone(),
                every: every.to_string(),
            });
        }
        if matches!(w, "every" | "each") {
            let (n, j) = match (word(i + 1), number(word(i + 1))) {
                ("other", _) => (2, i + 2),
                ("a" | "an", _) => (1, i + 1),
                (_, Some(n)) if w == "every" => (n, i + 2),
                _ => (1, i + 1),
            };
            if let Some(u) = unit(word(j))
                && let Some(every) = code(u, n)
            {
                return Some(Recurrence {
                    span: t[i].span.start..t[j].span.end,
                    every,
                });
            }
        }
        // "twice a year"
        if w == "twice" && word(i + 1) == "a" && word(i + 2) == "year" {
            return Some(Recurrence {
                span: t[i].span.start..t[i + 2].span.end,
                every: "6m".to_string(),
            });
        }
    }
    None
}

//! What the draft says about the scenario as a whole: the briefing's date (from When,
//! a dateline, the file name or, as a guess, the lead), its title and its id.

use chrono::{Datelike, NaiveDate};

use super::briefing::{Briefing, Mapped, SectionKind, Unit};
use super::dates::{FoundDate, find_dates, stem_date};
use super::sentences::{self, Word, shorten, slug, trim_period};
use super::{Options, Warning};
use crate::value::is_kebab_case;

/// Longest scenario title.
const SCENARIO_TITLE_MAX: usize = 90;

/// Every piece of prose of the briefing (heading, lead, sections), in order.
pub fn all_texts(b: &Briefing) -> Vec<&Mapped> {
    let mut out: Vec<&Mapped> = b.heading.iter().collect();
    out.extend(b.lead.iter().map(|u| &u.text));
    for s in &b.sections {
        out.extend(s.units.iter().map(|u| &u.text));
    }
    out
}

/// The briefing's date and the note that says where it came from.
pub fn briefing_date(
    b: &Briefing,
    source: &str,
    opts: &Options<'_>,
    warnings: &mut Vec<Warning>,
) -> (NaiveDate, String) {
    // Years default to the file name's, else to the first year written anywhere, else
    // to today's.
    let from_stem = opts.stem.and_then(stem_date);
    let year = from_stem
        .map(|d| d.year())
        .or_else(|| {
            all_texts(b)
                .iter()
                .flat_map(|t| find_dates(&t.text, opts.today))
                .find(|d| d.year_given)
                .map(|d| d.date.year())
        })
        .unwrap_or(opts.today.year());
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(opts.today);
    fn first_in(units: &[Unit], base: NaiveDate) -> Option<(&Unit, FoundDate)> {
        units.iter().find_map(|u| {
            find_dates(&u.text.text, base)
                .into_iter()
                .next()
                .map(|d| (u, d))
        })
    }
    let quote = |u: &Unit, d: &FoundDate| {
        (
            u.text.text[d.span.clone()].to_string(),
            crate::diagnostic::line_col(source, u.text.source(d.span.start)).0,
        )
    };
    let year_note = |d: &FoundDate| {
        if d.year_given {
            String::new()
        } else {
            format!(", year {} assumed", d.date.year())
        }
    };
    let when = b.section(SectionKind::When);
    if let Some(s) = when
        && let Some((u, d)) = first_in(&s.units, jan1)
    {
        let (q, line) = quote(u, &d);
        return (
            d.date,
            format!(
                "date from {} \"{q}\" (line {line}){}",
                s.label,
                year_note(&d)
            ),
        );
    }
    if let Some((u, d)) = dateline(b, jan1) {
        let (_, line) = quote(u, &d);
        let head = u.text.text[..d.span.end].trim();
        return (
            d.date,
            format!(
                "date from the dateline \"{head}\" (line {line}){}",
                year_note(&d)
            ),
        );
    }
    if let Some(d) = from_stem {
        return (d, format!("date from the file name {}", opts.source_name));
    }
    let span = when.map_or(0..0, |s| s.label_span.clone());
    if let Some((u, d)) = first_in(&b.lead, jan1) {
        let (q, line) = quote(u, &d);
        warnings.push(Warning {
            span: u.text.source_range(&d.span),
            message: format!(
                "no date in When, a dateline or the file name; the draft takes {} from the lead: check it",
                d.date
            ),
        });
        return (
            d.date,
            format!(
                "a guess: the first date in the lead, \"{q}\" (line {line}){} — is it the briefing's?",
                year_note(&d)
            ),
        );
    }
    warnings.push(Warning {
        span,
        message: format!(
            "no date in When, a dateline, the file name or the lead; the draft uses today, {}: check it",
            opts.today
        ),
    });
    (
        opts.today,
        "no date in the briefing: today's date, set the briefing's date".to_string(),
    )
}

/// A dateline at the start of the lead: "WASHINGTON, Oct 22 (Reuters) –", "KYIV, March
/// 3 —": words in capitals, a comma, then a date.
fn dateline(b: &Briefing, base: NaiveDate) -> Option<(&Unit, FoundDate)> {
    let u = b.lead.first()?;
    let d = find_dates(&u.text.text, base).into_iter().next()?;
    let before = u.text.text[..d.span.start].trim_end();
    let place = before.strip_suffix(',')?;
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    let caps = place
        .chars()
        .all(|c| !c.is_alphabetic() || c.is_uppercase());
    (letters >= 2 && caps && place.chars().count() <= 40).then_some((u, d))
}

/// The scenario's title: a heading above the lead, else the lead's first sentence
/// (not its dateline), else What's, else the file name.
pub fn scenario_title(b: &Briefing, opts: &Options<'_>) -> (String, Option<String>) {
    let has_text = |t: &String| t.chars().any(char::is_alphanumeric);
    if let Some(h) = &b.heading {
        let t = h.text.trim().to_string();
        if has_text(&t) {
            return (t, Some("title from the briefing's heading".to_string()));
        }
    }
    let first_sentence = |units: &[Unit]| {
        let u = units.first()?;
        let r = sentences::sentences(&u.text.text).into_iter().next()?;
        Some(u.text.text[r].to_string())
    };
    if let Some(full) = first_sentence(&b.lead) {
        let full = strip_dateline(&full);
        let short = shorten(full, SCENARIO_TITLE_MAX);
        if has_text(&short) {
            let note = (short != trim_period(full)).then(|| {
                "title: the lead's first sentence, shortened — edit as you see fit".to_string()
            });
            return (short, note);
        }
    }
    if let Some(full) = b
        .section(SectionKind::What)
        .and_then(|s| first_sentence(&s.units))
    {
        let short = shorten(&full, SCENARIO_TITLE_MAX);
        if has_text(&short) {
            return (
                short,
                Some("no lead: title from the first sentence of What".to_string()),
            );
        }
    }
    let name = opts.stem.unwrap_or(opts.source_name).trim();
    let name = if name.is_empty() || name == "-" {
        "Imported briefing"
    } else {
        name
    };
    (
        name.to_string(),
        Some("no lead: title from the file name — write a real one".to_string()),
    )
}

/// A sentence without its dateline: "WASHINGTON, Oct 22 (Reuters) – The US…" → "The US…".
fn strip_dateline(s: &str) -> &str {
    for dash in [" \u{2013} ", " \u{2014} ", " - ", " -- "] {
        if let Some(i) = s.find(dash) {
            let head = &s[..i];
            let caps = head.split(',').next().unwrap_or("");
            let is_dateline = head.len() <= 60
                && caps.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && caps.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
            if is_dateline {
                return s[i + dash.len()..].trim_start();
            }
        }
    }
    s
}

pub fn default_id(stem: Option<&str>, date: NaiveDate, title: &str) -> String {
    const GENERIC: &[&str] = &[
        "briefing", "brief", "index", "readme", "draft", "notes", "untitled", "new",
    ];
    if let Some(stem) = stem {
        let s = slug(stem, 12);
        if is_kebab_case(&s) && !GENERIC.contains(&s.as_str()) {
            return s;
        }
    }
    let words: Vec<String> = sentences::words(title, 0..title.len())
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

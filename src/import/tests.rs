//! Unit tests of the briefing's structure, its sentences, dates written out, the
//! draft and its TOML text.

use std::collections::HashSet;

use chrono::{NaiveDate, Weekday};

use super::briefing::{SectionKind, parse_briefing, prose};
use super::dates::{find_dates, scan_dates};
use super::sentences::{sentences, shorten};
use super::toml_out::toml_text;
use super::*;
use crate::edit;
use crate::value::is_kebab_case;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const SHIPPED: &str = include_str!("../../tests/fixtures/import/2025-08-12-putin-kim-call.md");

fn opts<'a>() -> Options<'a> {
    Options {
        source_name: "2025-08-12-putin-kim-call.md",
        stem: Some("2025-08-12-putin-kim-call"),
        id: None,
        today: ymd(2025, 8, 20),
    }
}

/// The draft of `text` read from a file whose name gives no date.
fn draft_without_stem(text: &str) -> Draft {
    let options = Options {
        stem: None,
        ..opts()
    };
    draft(text, &options).unwrap()
}

/// The plain text of each section of a briefing, as (kind, prose).
fn sections(text: &str) -> Vec<(SectionKind, String)> {
    parse_briefing(text)
        .sections
        .iter()
        .map(|s| (s.kind, prose(&s.units)))
        .collect()
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
    // The recent past stays in the base's year.
    let found = find_dates("met on October 1", base);
    assert_eq!(found[0].date, ymd(2025, 10, 1));
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
fn bold_labels_split_a_paragraph_at_the_start_of_a_line() {
    let text = "Lead one. Lead two.\n**Who:**\nPeople.\n**When:** Tuesday, August 12, 2025.\n\n**What’s Next:**\nA thing.\n";
    let b = parse_briefing(text);
    assert_eq!(prose(&b.lead), "Lead one. Lead two.");
    assert_eq!(
        sections(text),
        [
            (SectionKind::Who, "People.".to_string()),
            (SectionKind::When, "Tuesday, August 12, 2025.".to_string()),
            (SectionKind::WhatsNext, "A thing.".to_string()),
        ]
    );
    assert_eq!(b.sections[1].label, "**When:**");
    assert_eq!(&text[b.sections[1].label_span.clone()], "**When:**");
    // Bold inside a line is emphasis, not a label.
    let b = parse_briefing("Lead.\n\nThe **Who:** people.\n\n**What's next:** x\n");
    assert_eq!(b.sections.len(), 1);
    assert_eq!(prose(&b.lead), "Lead.\n\nThe Who: people.");
}

#[test]
fn heading_layout_with_crlf_and_bom() {
    let text = "\u{feff}# Talks resume\r\n\r\nLead text here.\r\n\r\n## Who\r\nPeople\r\nand more.\r\n\r\n### what's next:\r\n- First thing.\r\n- Second thing.\r\n";
    let b = parse_briefing(text);
    assert_eq!(b.heading.as_ref().unwrap().text, "Talks resume");
    assert_eq!(prose(&b.lead), "Lead text here.");
    assert_eq!(
        sections(text),
        [
            (SectionKind::Who, "People and more.".to_string()),
            (
                SectionKind::WhatsNext,
                "- First thing.\n- Second thing.".to_string()
            ),
        ]
    );
    // Positions point into the text as given, BOM and CR included.
    let second = &b.sections[1].units[1].text;
    let at = second.source(0);
    assert_eq!(&text[at..at + 13], "Second thing.");
    assert_eq!(&text[b.sections[1].label_span.clone()], "### what's next:");
}

#[test]
fn label_variants() {
    for label in [
        "**What's Next:**",
        "**What’s Next**:",
        "**WHAT'S NEXT**",
        "**what’s next**",
        "## What’s next",
        "#### What's Next: ",
        "What's Next:",
        "__What's Next:__",
        "**Outlook:**",
        "## Looking ahead",
        "### What to watch",
        "**What to Watch**",
    ] {
        let text = format!("Lead.\n\n{label}\nA vote.\n");
        let kinds: Vec<SectionKind> = sections(&text).into_iter().map(|(k, _)| k).collect();
        assert_eq!(kinds, [SectionKind::WhatsNext], "{label:?}");
    }
    for label in [
        "**Important** news today",
        "What happens next is unclear.",
        "    ## What's Next",
    ] {
        let text = format!("Lead.\n\n{label}\nA vote.\n");
        assert_eq!(sections(&text), [], "{label:?}");
    }
}

#[test]
fn front_matter_code_and_html_are_not_read() {
    let text = "---\ntitle: x\ndate: 2020-01-01\n---\n\nLead.\n\n```\n**What's Next:**\n```\n\n<div>**Who:**</div>\n\n**Outlook:** A vote on May 4.\n";
    let b = parse_briefing(text);
    assert_eq!(prose(&b.lead), "Lead.");
    assert_eq!(
        sections(text),
        [(SectionKind::WhatsNext, "A vote on May 4.".to_string())]
    );
    let plus = "+++\ntitle = \"x\"\n+++\nLead.\n\n## Outlook\nA vote.\n";
    assert_eq!(prose(&parse_briefing(plus).lead), "Lead.");
}

#[test]
fn list_items_are_one_unit_each_however_many_sentences() {
    let text = "Lead.\n\n## What's Next\n\n1. A vote on May 4. It may slip.\n\n   More on it.\n2. Talks\n   resume.\n- nested\n";
    let b = parse_briefing(text);
    let units: Vec<(&str, bool)> = b.sections[0]
        .units
        .iter()
        .map(|u| (u.text.text.as_str(), u.list))
        .collect();
    assert_eq!(
        units,
        [
            ("A vote on May 4. It may slip. More on it.", true),
            ("Talks resume.", true),
            ("nested", true),
        ]
    );
}

#[test]
fn markup_is_removed_and_positions_kept() {
    let text = "Lead.\n\n**When:** On *Monday*, `March 3` &amp; [the talks](https://example.org/t).\n\n**What's Next:** x\n";
    let b = parse_briefing(text);
    let when = &b.sections[0].units[0].text;
    assert_eq!(when.text, "On Monday, March 3 & the talks.");
    let at = when.text.find("Monday").unwrap();
    assert_eq!(&text[when.source(at)..when.source(at) + 6], "Monday");
    let talks = when.text.find("the talks").unwrap();
    let r = when.source_range(&(talks..talks + 9));
    assert_eq!(&text[r], "the talks");
    assert_eq!(b.links[0].url, "https://example.org/t");
    assert_eq!(b.links[0].text, "the talks");
}

#[test]
fn sentence_splitting_keeps_abbreviations() {
    let text = "U.S. President Donald Trump meets on Aug. 15 in Alaska. The E.U. waits. Then what?";
    let s: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
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
        note.starts_with("due guessed from **When:** \"Friday, August 15\" (line 7)"),
        "{note}"
    );
    // The introductory clause goes, the hedged rest of the sentence too.
    assert_eq!(
        d.items[1].title,
        "Continued Russia-North Korea collaboration may trigger harsher sanctions"
    );
    assert_eq!(d.items[1].due, None);
    assert!(d.items.iter().all(|i| i.title.chars().count() <= 80));
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
    assert!(!text.contains("\nid = \"2025"));
    assert!(
        d.to_toml(true)
            .contains("\nid = \"2025-08-12-putin-kim-call\"\n")
    );
}

#[test]
fn items_with_own_dates_and_lists() {
    let text = "Lead. \n**When:** Monday, September 1, 2025.\n**What's Next:**\n\
                The EU decides on sanctions on Sept. 3, and NATO ministers meet on September 10.\n\n\
                - A vote is expected on 2 October.\n- Nobody knows when talks resume.\n";
    let d = draft_without_stem(text);
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

/// "Negotiators will publish a joint statement setting out the details" once took
/// the lead's date through the word "setting"; a shared common word is no reference.
#[test]
fn a_shared_common_word_gives_no_due() {
    let text = "Ministers agreed a framework on Monday, setting August 20 as the date for a vote.\n\n\
                **When:** Monday, August 11, 2025.\n\n\
                **What's Next:** Negotiators will publish a joint statement setting out the details.\n";
    let d = draft_without_stem(text);
    assert_eq!(d.items[0].due, None, "{:?}", d.items[0]);
}

/// A follow-up without a date once got the briefing's own date from When because the
/// two sentences shared a word: it would have been due the day it was written.
#[test]
fn the_briefings_own_date_is_never_a_due_day() {
    let text = "Talks in Geneva ended.\n\n**When:** The Geneva talks ended on Tuesday, August 12, 2025.\n\n\
                **What's Next:**\nThe Geneva talks resume soon. A report was published on August 12. \
                The envoys met on August 1.\n";
    let d = draft_without_stem(text);
    assert_eq!(d.date, ymd(2025, 8, 12));
    let dues: Vec<Option<NaiveDate>> = d.items.iter().map(|i| i.due).collect();
    assert_eq!(dues, [None, None, None]);
    let note = d.items[1].due_note.as_deref().unwrap();
    assert!(
        note.contains("\"August 12\" is not after the briefing's date (2025-08-12)"),
        "{note}"
    );
}

#[test]
fn a_reference_to_two_dates_is_ambiguous() {
    let text = "Lead.\n\n**When:** Monday, August 11, 2025. Talks in Geneva on August 20. \
                Talks in Geneva again on September 3.\n\n**What's Next:** Delegations travel to Geneva.\n";
    let d = draft_without_stem(text);
    assert_eq!(d.items[0].due, None);
    let note = d.items[0].due_note.as_deref().unwrap();
    assert!(
        note.contains("\"August 20\"") && note.contains("\"September 3\""),
        "{note}"
    );
}

#[test]
fn dateline_and_file_name_give_the_date() {
    let text = "WASHINGTON, Oct 22 (Reuters) – The Treasury acted.\n\n**Outlook:** More soon.\n";
    let d = draft(
        text,
        &Options {
            stem: Some("notes"),
            today: ymd(2025, 11, 1),
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(d.date, ymd(2025, 10, 22));
    assert!(
        d.date_note
            .starts_with("date from the dateline \"WASHINGTON, Oct 22\" (line 1)"),
        "{}",
        d.date_note
    );
    assert_eq!(d.title, "The Treasury acted");
    let text = "The Treasury acted.\n\n**When:** On Friday.\n\n**Outlook:** More soon.\n";
    let d = draft(
        text,
        &Options {
            stem: Some("2025-07-18-treasury"),
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(d.date, ymd(2025, 7, 18));
    assert_eq!(
        d.date_note,
        "date from the file name 2025-08-12-putin-kim-call.md"
    );
}

#[test]
fn recurring_follow_ups_become_standing_watches() {
    let text = "Lead.\n\n**When:** Friday, July 18, 2025.\n\n**What's Next:** The measure is \
                reviewed every six months, with the first review due on January 15. Inspectors report monthly.\n";
    let d = draft_without_stem(text);
    let got: Vec<(Option<&str>, Option<NaiveDate>)> = d
        .items
        .iter()
        .map(|i| (i.every.as_deref(), i.due))
        .collect();
    assert_eq!(
        got,
        [(Some("6m"), Some(ymd(2026, 1, 15))), (Some("1m"), None)]
    );
    let toml = d.to_toml(true);
    assert!(
        toml.contains("# every from \"every six months\"\nevery = \"6m\"\n"),
        "{toml}"
    );
    assert!(toml.contains("when is it first due?"), "{toml}");
    let (_, problems) = crate::load::parse_scenario(std::path::Path::new("x.toml"), &toml);
    assert_eq!(problems, vec![], "{toml}");
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
    // No dangling "will", "may" or "is expected to" at the cut.
    let hedged =
        "The finance ministers of the euro area are expected to approve the plan at their meeting";
    assert_eq!(
        shorten(hedged, 60),
        "The finance ministers of the euro area"
    );
}

#[test]
fn sub_headings_stay_in_their_section_and_other_headings_end_the_lead() {
    let text = "# Title\n## A subtitle\n\nLead.\n\n## Background\nOld news.\n\n\
                ## What's Next\n### This week\n- A vote.\n### Later\n- A review.\n\n## Sources\n- x\n";
    let b = parse_briefing(text);
    assert_eq!(b.heading.as_ref().unwrap().text, "Title");
    assert_eq!(prose(&b.lead), "Lead.");
    assert_eq!(
        sections(text),
        [
            (SectionKind::Other, "Old news.".to_string()),
            (SectionKind::WhatsNext, "- A vote.\n- A review.".to_string()),
            (SectionKind::Other, "- x".to_string()),
        ]
    );
    // A plain label is capitalised: a wrapped line starting "impact:" is prose.
    let b =
        parse_briefing("Lead.\n\n**Outlook:** A vote could have a big\nimpact: markets fell.\n");
    assert_eq!(
        prose(&b.sections[0].units),
        "A vote could have a big impact: markets fell."
    );
}

#[test]
fn a_label_and_its_text_in_one_bold_stretch_or_heading() {
    let text =
        "Lead.\n\n**When: Monday, March 10, 2025**\n\n## What's Next: talks resume on March 12\n";
    assert_eq!(
        sections(text),
        [
            (SectionKind::When, "Monday, March 10, 2025".to_string()),
            (
                SectionKind::WhatsNext,
                "talks resume on March 12".to_string()
            ),
        ]
    );
    let b = parse_briefing(text);
    assert_eq!(&text[b.sections[0].label_span.clone()], "**When:");
    let d = draft_without_stem(text);
    assert_eq!(d.date, ymd(2025, 3, 10));
    assert_eq!(d.items[0].title, "Talks resume on March 12");
    assert_eq!(d.items[0].due, Some(ymd(2025, 3, 12)));
    // An unknown name before a colon is no label.
    assert_eq!(sections("Lead.\n\n**Note: read this**\n"), []);
}

#[test]
fn like_items_get_numbered_ids() {
    let text = "Lead.\n\n## Outlook\n- A vote.\n- A vote.\n- A vote 2.\n- A vote.\n";
    let d = draft_without_stem(text);
    let ids: Vec<&str> = d.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["vote", "vote-2", "vote-3", "vote-4"]);
}

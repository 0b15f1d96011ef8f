//! Unit tests of the dates a reader works out from the briefing's date, each phrase
//! with a fixed briefing date, across month and year ends; and of recurring phrases.

use chrono::NaiveDate;

use super::dates::find_dates;
use super::relative::{find_recurrence, find_relative};
use super::*;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The first relative phrase of `text` with the briefing dated `base`: its words and day.
fn relative(base: NaiveDate, text: &str) -> Option<(String, NaiveDate)> {
    let taken: Vec<_> = find_dates(text, base).into_iter().map(|d| d.span).collect();
    find_relative(text, base, &taken)
        .into_iter()
        .next()
        .map(|r| (text[r.span].to_string(), r.date))
}

#[track_caller]
fn check(base: NaiveDate, text: &str, phrase: &str, due: NaiveDate) {
    assert_eq!(
        relative(base, text),
        Some((phrase.to_string(), due)),
        "{text:?} in a briefing of {base}"
    );
}

#[test]
fn weekday_names_are_the_next_such_day_after_the_briefing() {
    // 2025-08-12 is a Tuesday.
    let tue = ymd(2025, 8, 12);
    check(
        tue,
        "The cabinet meets on Thursday.",
        "on Thursday",
        ymd(2025, 8, 14),
    );
    check(tue, "a vote by Friday", "by Friday", ymd(2025, 8, 15));
    check(
        tue,
        "Talks resume next Monday",
        "next Monday",
        ymd(2025, 8, 18),
    );
    // The same weekday as the briefing's is a week later, never the same day.
    check(tue, "on Tuesday", "on Tuesday", ymd(2025, 8, 19));
    check(tue, "Sunday's vote", "Sunday", ymd(2025, 8, 17));
    // Across a month end and a year end.
    check(
        ymd(2025, 9, 30),
        "on Wednesday",
        "on Wednesday",
        ymd(2025, 10, 1),
    );
    check(ymd(2025, 12, 31), "on Friday", "on Friday", ymd(2026, 1, 2));
    // Abbreviations and lowercase words are not weekdays.
    assert_eq!(relative(tue, "on Wed. and sun"), None);
    // A weekday inside a written-out date belongs to that date.
    assert_eq!(relative(tue, "on Thursday, August 21"), None);
}

#[test]
fn tomorrow_and_next_week() {
    check(
        ymd(2025, 8, 12),
        "Voting starts tomorrow.",
        "tomorrow",
        ymd(2025, 8, 13),
    );
    check(ymd(2025, 12, 31), "tomorrow", "tomorrow", ymd(2026, 1, 1));
    check(ymd(2024, 2, 28), "tomorrow", "tomorrow", ymd(2024, 2, 29));
    // "next week" is the Friday of the week after the briefing's (weeks start Monday).
    check(
        ymd(2025, 8, 12),
        "talks next week",
        "next week",
        ymd(2025, 8, 22),
    );
    check(
        ymd(2025, 8, 17),
        "talks next week",
        "next week",
        ymd(2025, 8, 22),
    );
    check(ymd(2025, 12, 28), "next week", "next week", ymd(2026, 1, 2));
    check(
        ymd(2025, 1, 31),
        "next month",
        "next month",
        ymd(2025, 2, 28),
    );
}

#[test]
fn within_and_in_n_units() {
    let base = ymd(2025, 10, 22);
    check(base, "within 30 days", "within 30 days", ymd(2025, 11, 21));
    check(
        base,
        "within thirty days",
        "within thirty days",
        ymd(2025, 11, 21),
    );
    check(base, "in 10 days", "in 10 days", ymd(2025, 11, 1));
    check(base, "in two weeks", "in two weeks", ymd(2025, 11, 5));
    check(base, "within a week", "within a week", ymd(2025, 10, 29));
    check(
        base,
        "within the next 3 months",
        "within the next 3 months",
        ymd(2026, 1, 22),
    );
    check(base, "in a year", "in a year", ymd(2026, 10, 22));
    // Hours round up to whole days.
    check(
        ymd(2025, 10, 9),
        "within 72 hours",
        "within 72 hours",
        ymd(2025, 10, 12),
    );
    check(
        ymd(2025, 10, 9),
        "within 36 hours",
        "within 36 hours",
        ymd(2025, 10, 11),
    );
    // Month and year ends: months clamp to the month's last day.
    check(
        ymd(2025, 12, 25),
        "in 10 days",
        "in 10 days",
        ymd(2026, 1, 4),
    );
    check(
        ymd(2025, 8, 31),
        "within six months",
        "within six months",
        ymd(2026, 2, 28),
    );
    check(
        ymd(2023, 8, 31),
        "within six months",
        "within six months",
        ymd(2024, 2, 29),
    );
    check(
        ymd(2025, 1, 31),
        "within one month",
        "within one month",
        ymd(2025, 2, 28),
    );
    // No count, or no unit: nothing.
    assert_eq!(relative(base, "within days"), None);
    assert_eq!(relative(base, "in a statement"), None);
    assert_eq!(relative(base, "in the coming weeks"), None);
}

#[test]
fn ends_of_months_and_years() {
    check(
        ymd(2025, 2, 10),
        "by the end of the month",
        "by the end of the month",
        ymd(2025, 2, 28),
    );
    check(
        ymd(2024, 2, 10),
        "before the end of the month",
        "before the end of the month",
        ymd(2024, 2, 29),
    );
    check(
        ymd(2025, 12, 10),
        "by the end of next month",
        "by the end of next month",
        ymd(2026, 1, 31),
    );
    check(
        ymd(2025, 6, 1),
        "by the end of the year",
        "by the end of the year",
        ymd(2025, 12, 31),
    );
    check(
        ymd(2025, 6, 1),
        "by year-end",
        "by year-end",
        ymd(2025, 12, 31),
    );
    check(
        ymd(2025, 6, 1),
        "by the end of 2026",
        "by the end of 2026",
        ymd(2026, 12, 31),
    );
    check(
        ymd(2025, 6, 1),
        "by the end of March",
        "by the end of March",
        ymd(2026, 3, 31),
    );
    check(
        ymd(2025, 6, 1),
        "later this year",
        "later this year",
        ymd(2025, 12, 31),
    );
    check(
        ymd(2025, 6, 1),
        "reviewed in 2029",
        "in 2029",
        ymd(2029, 12, 31),
    );
    // On the last day itself the phrase gives nothing after the briefing: no due day.
    assert_eq!(relative(ymd(2025, 1, 31), "by the end of the month"), None);
    assert_eq!(relative(ymd(2025, 12, 31), "by the end of the year"), None);
    assert_eq!(relative(ymd(2025, 6, 1), "in 2024"), None);
}

#[test]
fn parts_of_a_month_and_whole_months() {
    let base = ymd(2025, 2, 1);
    check(base, "by mid-March", "by mid-March", ymd(2025, 3, 15));
    check(base, "by early March", "by early March", ymd(2025, 3, 10));
    check(base, "by late March", "by late March", ymd(2025, 3, 31));
    check(base, "in mid-February", "in mid-February", ymd(2025, 2, 15));
    check(
        base,
        "by mid-March 2027",
        "by mid-March 2027",
        ymd(2027, 3, 15),
    );
    // A part of a month already past is next year's.
    check(
        ymd(2025, 3, 20),
        "by mid-March",
        "by mid-March",
        ymd(2026, 3, 15),
    );
    check(
        ymd(2025, 12, 31),
        "by late December",
        "by late December",
        ymd(2026, 12, 31),
    );
    // "in MONTH" is its last day.
    check(
        ymd(2025, 8, 12),
        "in September",
        "in September",
        ymd(2025, 9, 30),
    );
    check(ymd(2025, 8, 12), "in August", "in August", ymd(2025, 8, 31));
    check(
        ymd(2025, 12, 15),
        "in February",
        "in February",
        ymd(2026, 2, 28),
    );
    check(
        ymd(2027, 12, 15),
        "in February",
        "in February",
        ymd(2028, 2, 29),
    );
    check(
        ymd(2025, 8, 12),
        "in January 2027",
        "in January 2027",
        ymd(2027, 1, 31),
    );
    // "in March 10" is a date written out, not a month; "in may" is no month.
    assert_eq!(relative(base, "in March 10"), None);
    assert_eq!(relative(base, "results in may"), None);
}

#[test]
fn seasons_are_guesses_that_say_so() {
    let base = ymd(2025, 8, 12);
    let rel = |text: &str| {
        find_relative(text, base, &[])
            .into_iter()
            .next()
            .expect("a season")
    };
    let autumn = rel("this autumn");
    assert_eq!(autumn.date, ymd(2025, 11, 30));
    assert!(autumn.why.starts_with("a guess:"), "{}", autumn.why);
    assert!(autumn.why.contains("northern hemisphere"), "{}", autumn.why);
    assert_eq!(rel("in the fall").date, ymd(2025, 11, 30));
    assert_eq!(rel("next spring").date, ymd(2026, 5, 31));
    assert_eq!(rel("this winter").date, ymd(2026, 2, 28));
    // In the middle of summer, "next summer" is the one after.
    assert_eq!(rel("this summer").date, ymd(2025, 8, 31));
    assert_eq!(rel("next summer").date, ymd(2026, 8, 31));
}

#[test]
fn recurring_phrases_give_every() {
    let every = |text: &str| find_recurrence(text).map(|r| (text[r.span].to_string(), r.every));
    let cases: &[(&str, &str, &str)] = &[
        ("reviewed every six months", "every six months", "6m"),
        ("every 2 years", "every 2 years", "2y"),
        ("renewed each year", "each year", "1y"),
        ("meets each week", "each week", "1w"),
        ("every other week", "every other week", "2w"),
        ("every month", "every month", "1m"),
        ("every day", "every day", "1d"),
        ("reports monthly", "monthly", "1m"),
        ("weekly briefings", "weekly", "1w"),
        ("published quarterly", "quarterly", "3m"),
        ("renewed annually", "annually", "1y"),
        ("fortnightly", "fortnightly", "2w"),
        ("meets twice a year", "twice a year", "6m"),
    ];
    for (text, phrase, code) in cases {
        assert_eq!(
            every(text),
            Some((phrase.to_string(), code.to_string())),
            "{text:?}"
        );
    }
    for text in [
        "every member state",
        "each side",
        "an annual report",
        "every 72 hours",
    ] {
        assert_eq!(every(text), None, "{text:?}");
    }
}

/// Each phrase in a whole briefing: the draft's due day and the comment above it.
#[test]
fn relative_dates_in_a_draft_say_where_they_came_from() {
    let text = "Lead.\n\n**When:** Wednesday, December 31, 2025.\n\n**What's Next:**\n\
                - The cabinet meets on Friday.\n\
                - A report is due within 72 hours.\n\
                - The vote is by mid-January.\n\
                - Nothing happens by the end of the year.\n";
    let opts = Options {
        source_name: "b.md",
        stem: None,
        id: None,
        today: ymd(2026, 1, 1),
    };
    let d = draft(text, &opts).unwrap();
    let got: Vec<(Option<NaiveDate>, Option<&str>)> = d
        .items
        .iter()
        .map(|i| (i.due, i.due_note.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                Some(ymd(2026, 1, 2)),
                Some(
                    "due from \"on Friday\": the first Friday after the briefing's date \
                     (2025-12-31, a Wednesday)"
                )
            ),
            (
                Some(ymd(2026, 1, 3)),
                Some(
                    "due from \"within 72 hours\": 72 hours after the briefing's date \
                     (2025-12-31), rounded up to a day"
                )
            ),
            (
                Some(ymd(2026, 1, 15)),
                Some("due from \"by mid-January\": the middle of January 2026")
            ),
            (None, None),
        ]
    );
}

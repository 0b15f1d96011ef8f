//! Reading the answers of a review: the action letter, and the follow-up
//! answers that name an outcome, a day or a signpost. Pure: text in, a value or
//! the reason it was refused out (the session asks again).

use chrono::NaiveDate;

use crate::text::printable;
use crate::value;

/// What the user chose to do with the item on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Resolve,
    Note,
    Snooze,
    Forecast,
    Drop,
    Observe,
    Edit,
    Skip,
    Back,
    Quit,
    Help,
}

impl Action {
    /// Every action with its letter and word, in the order of the prompt.
    pub const ALL: [(Action, char, &'static str, &'static str); 11] = [
        (
            Action::Resolve,
            'r',
            "resolve",
            "record the outcome (then its day, a note, a source)",
        ),
        (Action::Note, 'n', "note", "add a log entry"),
        (
            Action::Snooze,
            's',
            "snooze",
            "move the due day (a date, or +7d from today)",
        ),
        (
            Action::Forecast,
            'f',
            "forecast",
            "record a probability forecast",
        ),
        (
            Action::Drop,
            'd',
            "drop",
            "stop watching it (with a reason)",
        ),
        (
            Action::Observe,
            'o',
            "observe",
            "mark a signpost as observed",
        ),
        (
            Action::Edit,
            'e',
            "edit",
            "open the file in $VISUAL/$EDITOR at the item",
        ),
        (
            Action::Skip,
            'k',
            "skip",
            "leave it as it is (Enter alone does the same)",
        ),
        (Action::Back, 'b', "back", "go back to the previous item"),
        (
            Action::Quit,
            'q',
            "quit",
            "end the review (what was answered is kept)",
        ),
        (Action::Help, '?', "help", "show this help"),
    ];

    /// An answer at the action prompt: a letter, or the action's word. Enter
    /// alone skips.
    pub fn parse(answer: &str) -> Result<Action, String> {
        let a = answer.trim().to_lowercase();
        if a.is_empty() {
            return Ok(Action::Skip);
        }
        for (action, letter, word, _) in Action::ALL {
            if a.chars().eq([letter]) || a == word {
                return Ok(action);
            }
        }
        Err(format!(
            "unknown answer \"{}\"; type one of r n s f d o e k b q, or ? for help",
            printable(answer.trim())
        ))
    }

    /// Whether the item leaves the screen after this action succeeds: a
    /// resolution, a drop or a snooze settles it for this review; after a note,
    /// a forecast, an observation or an edit there may be more to record.
    pub fn moves_on(self) -> bool {
        matches!(self, Action::Resolve | Action::Drop | Action::Snooze)
    }
}

/// The outcome an answer names: its number in the list shown (from 1), or its
/// name (exactly, else ignoring case).
pub fn outcome(answer: &str, outcomes: &[String]) -> Result<String, String> {
    let a = answer.trim();
    if let Ok(n) = a.parse::<usize>() {
        return match n.checked_sub(1).and_then(|i| outcomes.get(i)) {
            Some(o) => Ok(o.clone()),
            None => Err(format!(
                "there is no outcome {n}: give a number from 1 to {}, or a name",
                outcomes.len()
            )),
        };
    }
    if let Some(o) = outcomes.iter().find(|o| *o == a) {
        return Ok(o.clone());
    }
    let lower = a.to_lowercase();
    if let Some(o) = outcomes.iter().find(|o| o.to_lowercase() == lower) {
        return Ok(o.clone());
    }
    let hint = value::did_you_mean(a, outcomes.iter().map(String::as_str));
    Err(format!(
        "\"{}\" is not an outcome{hint}; the outcomes are: {}",
        printable(a),
        outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| format!("{} {}", i + 1, printable(o)))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// A day for a resolution, a drop or a note: YYYY-MM-DD, `today`, or `+N`
/// unit from today; never before the scenario's date.
pub fn day(answer: &str, today: NaiveDate, earliest: NaiveDate) -> Result<NaiveDate, String> {
    let d = value::parse_date_or_relative(answer.trim(), today).map_err(|e| e.to_string())?;
    if d < earliest {
        return Err(format!(
            "{d} is before the scenario's date ({earliest}); give a later day"
        ));
    }
    Ok(d)
}

/// The signpost an answer names by its number among the unobserved ones shown:
/// returns its text.
pub fn signpost<'a>(answer: &str, unobserved: &[&'a str]) -> Result<&'a str, String> {
    let a = answer.trim();
    match a.parse::<usize>() {
        Ok(n) if (1..=unobserved.len()).contains(&n) => Ok(unobserved[n - 1]),
        _ => Err(format!(
            "\"{}\": give the signpost's number, from 1 to {}",
            printable(a),
            unobserved.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day_of(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn actions_read_as_letters_or_words_and_enter_skips() {
        assert_eq!(Action::parse("r"), Ok(Action::Resolve));
        assert_eq!(Action::parse(" Snooze \n"), Ok(Action::Snooze));
        assert_eq!(Action::parse(""), Ok(Action::Skip));
        assert_eq!(Action::parse("k"), Ok(Action::Skip));
        assert_eq!(Action::parse("?"), Ok(Action::Help));
        assert!(Action::parse("x").unwrap_err().contains("? for help"));
        assert!(Action::parse("re").is_err());
    }

    #[test]
    fn an_outcome_is_named_by_number_or_name_and_a_typo_gets_a_suggestion() {
        let os: Vec<String> = ["ceasefire", "framework", "no-deal"]
            .map(String::from)
            .to_vec();
        assert_eq!(outcome("2", &os).unwrap(), "framework");
        assert_eq!(outcome("no-deal", &os).unwrap(), "no-deal");
        assert_eq!(outcome("Ceasefire", &os).unwrap(), "ceasefire");
        assert!(outcome("4", &os).unwrap_err().contains("from 1 to 3"));
        assert!(outcome("0", &os).is_err());
        let e = outcome("framwork", &os).unwrap_err();
        assert!(e.contains("did you mean `framework`"), "{e}");
    }

    #[test]
    fn days_may_be_relative_but_not_before_the_scenario() {
        let today = day_of("2025-10-22");
        let earliest = day_of("2025-08-12");
        assert_eq!(day("2025-10-20", today, earliest), Ok(day_of("2025-10-20")));
        assert_eq!(day("+1w", today, earliest), Ok(day_of("2025-10-29")));
        assert!(day("2025-08-01", today, earliest).is_err());
        assert!(day("2025-13-01", today, earliest).is_err());
    }

    #[test]
    fn signposts_are_named_by_number() {
        let list = ["first", "second"];
        assert_eq!(signpost("2", &list), Ok("second"));
        assert!(signpost("3", &list).is_err());
        assert!(signpost("second", &list).is_err());
    }
}

//! Unit tests of `status`.

use super::*;
use crate::value::parse_date;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

/// Loads scenario files given as (id, text); panics on any error.
fn corpus(files: &[(&str, &str)]) -> (Corpus, Index) {
    let (corpus, index, _) = crate::testing::corpus(files);
    (corpus, index)
}

/// The status of `scenario/item` as of `today`.
fn status_of(files: &[(&str, &str)], reference: &str, today: &str) -> ItemStatus {
    let (corpus, index) = corpus(files);
    let statuses = evaluate(&corpus, &index, d(today), Defaults::default());
    let key = corpus
        .keys()
        .find(|k| corpus.item_ref(*k) == reference)
        .unwrap_or_else(|| panic!("no item {reference}"));
    statuses.get(key).clone()
}

fn scenario(items: &str) -> String {
    format!("title = \"S\"\ndate = 2025-08-12\n{items}")
}

/// Runs a table of (today, expected state, expected due) against one item.
fn table(text: &str, reference: &str, rows: &[(&str, State, Option<&str>)]) {
    let files = [("s", text)];
    for (today, state, due) in rows {
        let st = status_of(&files, reference, today);
        assert_eq!(st.state, *state, "as of {today}");
        assert_eq!(st.due, due.map(d), "due as of {today}");
    }
}

#[test]
fn due_window_boundaries_with_lead_and_grace() {
    let s = scenario(
        "[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = 2025-08-15\nlead = \"3d\"\ngrace = \"1d\"\n",
    );
    table(
        &s,
        "s/x",
        &[
            ("2025-08-11", State::Upcoming, Some("2025-08-15")), // D − lead − 1
            ("2025-08-12", State::Due, Some("2025-08-15")),      // D − lead
            ("2025-08-15", State::Due, Some("2025-08-15")),      // D
            ("2025-08-16", State::Due, Some("2025-08-15")),      // D + grace
            ("2025-08-17", State::Overdue, Some("2025-08-15")),  // D + grace + 1
        ],
    );
}

#[test]
fn default_window_is_seven_days_lead_and_no_grace() {
    let s = scenario("[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = 2025-08-15\n");
    table(
        &s,
        "s/x",
        &[
            ("2025-08-07", State::Upcoming, Some("2025-08-15")),
            ("2025-08-08", State::Due, Some("2025-08-15")),
            // A date-only due is due through the end of its day.
            ("2025-08-15", State::Due, Some("2025-08-15")),
            ("2025-08-16", State::Overdue, Some("2025-08-15")),
        ],
    );
}

#[test]
fn corpus_defaults_apply_when_the_item_sets_none() {
    let s = scenario("[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = 2025-08-15\n");
    let (corpus, index) = corpus(&[("s", &s)]);
    let defaults = Defaults {
        lead: Duration::days(1),
        grace: Duration::days(2),
    };
    let key = ItemKey {
        scenario: 0,
        item: 0,
    };
    let at = |t: &str| evaluate(&corpus, &index, d(t), defaults).get(key).state;
    assert_eq!(at("2025-08-13"), State::Upcoming);
    assert_eq!(at("2025-08-14"), State::Due);
    assert_eq!(at("2025-08-17"), State::Due);
    assert_eq!(at("2025-08-18"), State::Overdue);
}

#[test]
fn a_resolution_dated_after_t_does_not_exist_yet() {
    let s = scenario(
        "[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = 2025-08-15\nresolution = { on = 2025-08-18, outcome = \"yes\" }\n",
    );
    table(
        &s,
        "s/x",
        &[
            ("2025-08-17", State::Overdue, Some("2025-08-15")),
            ("2025-08-18", State::Resolved, Some("2025-08-15")),
        ],
    );
}

#[test]
fn a_drop_counts_from_its_day_and_a_resolution_wins_over_it() {
    let s = scenario(
        "[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = 2025-08-15\ndropped = { on = 2025-08-10, reason = \"r\" }\n\
         [[watch]]\nid = \"y\"\ntitle = \"Y\"\ndropped = { on = 2025-08-10 }\nresolution = { on = 2025-08-20, outcome = \"no\" }\n",
    );
    table(
        &s,
        "s/x",
        &[
            ("2025-08-09", State::Due, Some("2025-08-15")),
            ("2025-08-10", State::Dropped, Some("2025-08-15")),
        ],
    );
    table(
        &s,
        "s/y",
        &[
            ("2025-08-09", State::Open, None),
            ("2025-08-10", State::Dropped, None),
            ("2025-08-20", State::Resolved, None),
        ],
    );
}

#[test]
fn an_item_without_a_due_is_open() {
    let s = scenario("[[watch]]\nid = \"x\"\ntitle = \"X\"\n");
    table(&s, "s/x", &[("2025-08-12", State::Open, None)]);
}

#[test]
fn an_on_trigger_fires_on_its_day_and_relative_dues_count_from_it() {
    let s = scenario(
        "[[watch]]\nid = \"x\"\ntitle = \"X\"\ntrigger = [{ on = 2025-08-20 }]\ndue = \"+10d\"\n",
    );
    table(
        &s,
        "s/x",
        &[
            ("2025-08-19", State::Pending, None),
            ("2025-08-20", State::Upcoming, Some("2025-08-30")),
            ("2025-08-23", State::Due, Some("2025-08-30")),
        ],
    );
    assert_eq!(
        status_of(&[("s", &s)], "s/x", "2025-08-25").fired_on,
        Some(d("2025-08-20"))
    );
}

#[test]
fn an_absolute_due_is_known_before_the_trigger_fires() {
    let s = scenario(
        "[[watch]]\nid = \"a\"\ntitle = \"A\"\ndropped = { on = 2025-08-13 }\n\
         [[watch]]\nid = \"x\"\ntitle = \"X\"\ntrigger = [{ after = \"a\" }]\ndue = 2025-09-01\n",
    );
    table(
        &s,
        "s/x",
        &[
            ("2025-08-12", State::Pending, Some("2025-09-01")),
            ("2025-08-13", State::Moot, Some("2025-09-01")),
        ],
    );
}

#[test]
fn the_earliest_fired_trigger_counts() {
    let s = scenario(
        "[[watch]]\nid = \"a\"\ntitle = \"A\"\nresolution = { on = 2025-08-14, outcome = \"yes\" }\n\
         [[watch]]\nid = \"x\"\ntitle = \"X\"\ntrigger = [{ on = 2025-08-20 }, { after = \"a\" }]\ndue = \"+1d\"\n",
    );
    let st = status_of(&[("s", &s)], "s/x", "2025-08-25");
    assert_eq!(st.fired_on, Some(d("2025-08-14")));
    assert_eq!(st.due, Some(d("2025-08-15")));
    assert_eq!(st.state, State::Overdue);
}

const SUMMIT: &str = "[[watch]]\nid = \"summit\"\ntitle = \"Summit\"\ndue = 2025-08-15\n\
    outcomes = [\"ceasefire\", \"framework\", \"no-deal\"]\n";

#[test]
fn an_after_trigger_fires_only_on_an_accepted_outcome() {
    let fires = scenario(&format!(
        "{SUMMIT}resolution = {{ on = 2025-08-15, outcome = \"no-deal\" }}\n\
         [[watch]]\nid = \"sanctions\"\ntitle = \"Sanctions\"\ndue = \"+30d\"\n\
         trigger = [{{ after = \"summit\", outcome = [\"no-deal\", \"framework\"] }}]\n"
    ));
    table(
        &fires,
        "s/sanctions",
        &[
            ("2025-08-14", State::Pending, None),
            ("2025-08-15", State::Upcoming, Some("2025-09-14")),
        ],
    );
    let st = status_of(&[("s", &fires)], "s/sanctions", "2025-08-15");
    assert_eq!(st.fired_on, Some(d("2025-08-15")));
}

#[test]
fn a_trigger_on_a_non_matching_outcome_becomes_moot() {
    let s = scenario(&format!(
        "{SUMMIT}resolution = {{ on = 2025-08-15, outcome = \"ceasefire\" }}\n\
         [[watch]]\nid = \"sanctions\"\ntitle = \"Sanctions\"\ndue = \"+30d\"\n\
         trigger = [{{ after = \"summit\", outcome = \"no-deal\" }}]\n"
    ));
    table(
        &s,
        "s/sanctions",
        &[
            ("2025-08-14", State::Pending, None),
            ("2025-08-15", State::Moot, None),
        ],
    );
    let st = status_of(&[("s", &s)], "s/sanctions", "2025-08-20");
    assert_eq!(st.moot_on, Some(d("2025-08-15")));
    assert_eq!(st.fired_on, None);
}

#[test]
fn a_dropped_target_makes_its_dependents_moot_and_that_propagates() {
    let s = scenario(
        "[[watch]]\nid = \"a\"\ntitle = \"A\"\ndropped = { on = 2025-08-13 }\n\
         [[watch]]\nid = \"b\"\ntitle = \"B\"\ntrigger = [{ after = \"a\" }]\n\
         [[watch]]\nid = \"c\"\ntitle = \"C\"\ntrigger = [{ after = \"b\" }]\n",
    );
    table(
        &s,
        "s/c",
        &[
            ("2025-08-12", State::Pending, None),
            ("2025-08-13", State::Moot, None),
        ],
    );
    assert_eq!(
        status_of(&[("s", &s)], "s/c", "2025-08-20").moot_on,
        Some(d("2025-08-13"))
    );
}

#[test]
fn a_future_on_trigger_keeps_an_item_pending_when_its_after_trigger_died() {
    let s = scenario(
        "[[watch]]\nid = \"a\"\ntitle = \"A\"\ndropped = { on = 2025-08-13 }\n\
         [[watch]]\nid = \"b\"\ntitle = \"B\"\ntrigger = [{ after = \"a\" }, { on = 2025-09-01 }]\n",
    );
    table(
        &s,
        "s/b",
        &[
            ("2025-08-20", State::Pending, None),
            ("2025-09-01", State::Open, None),
        ],
    );
}

#[test]
fn a_trigger_chain_across_two_scenarios() {
    let first = format!(
        "id = \"talks\"\ntitle = \"Talks\"\ndate = 2025-08-12\n{SUMMIT}\
         resolution = {{ on = 2025-08-15, outcome = \"no-deal\" }}\n"
    );
    let second = "id = \"fallout\"\ntitle = \"Fallout\"\ndate = 2025-08-13\n\
         [[watch]]\nid = \"sanctions\"\ntitle = \"Sanctions\"\ndue = \"+2w\"\n\
         trigger = [{ after = \"talks/summit\", outcome = \"no-deal\" }]\n\
         resolution = { on = 2025-09-01, outcome = \"yes\" }\n\
         [[watch]]\nid = \"retaliation\"\ntitle = \"Retaliation\"\ndue = \"+1m\"\n\
         trigger = [{ after = \"sanctions\", outcome = \"yes\" }]\n";
    let files = [("a", first.as_str()), ("b", second)];
    let sanctions = status_of(&files, "fallout/sanctions", "2025-08-20");
    assert_eq!(
        (sanctions.state, sanctions.fired_on),
        (State::Upcoming, Some(d("2025-08-15")))
    );
    assert_eq!(sanctions.due, Some(d("2025-08-29")));
    let before = status_of(&files, "fallout/retaliation", "2025-08-31");
    assert_eq!(before.state, State::Pending);
    let after = status_of(&files, "fallout/retaliation", "2025-09-01");
    assert_eq!(
        (after.fired_on, after.due),
        (Some(d("2025-09-01")), Some(d("2025-10-01")))
    );
    assert_eq!(after.state, State::Upcoming);
}

#[test]
fn relative_month_dues_clamp_at_month_end() {
    let s = "title = \"S\"\ndate = 2025-01-31\n[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = \"+1m\"\n\
             [[watch]]\nid = \"y\"\ntitle = \"Y\"\ndue = \"+1y\"\n";
    assert_eq!(
        status_of(&[("s", s)], "s/x", "2025-01-31").due,
        Some(d("2025-02-28"))
    );
    let leap = s.replace("2025-01-31", "2024-02-29");
    assert_eq!(
        status_of(&[("s", &leap)], "s/y", "2024-03-01").due,
        Some(d("2025-02-28"))
    );
    assert_eq!(
        status_of(&[("s", &leap)], "s/x", "2024-03-01").due,
        Some(d("2024-03-29"))
    );
}

#[test]
fn a_local_datetime_due_counts_on_its_own_day() {
    let s = scenario(
        "[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = 2025-08-15T23:59:00\nlead = \"0d\"\n",
    );
    table(
        &s,
        "s/x",
        &[
            ("2025-08-14", State::Upcoming, Some("2025-08-15")),
            ("2025-08-15", State::Due, Some("2025-08-15")),
            ("2025-08-16", State::Overdue, Some("2025-08-15")),
        ],
    );
}

const WEEKLY: &str =
    "[[watch]]\nid = \"w\"\ntitle = \"Weekly\"\ndue = 2025-08-18\nevery = \"1w\"\nlead = \"2d\"\n";

#[test]
fn an_every_series_without_checks_stays_on_its_first_occurrence() {
    let s = scenario(WEEKLY);
    table(
        &s,
        "s/w",
        &[
            ("2025-08-15", State::Upcoming, Some("2025-08-18")),
            ("2025-08-16", State::Due, Some("2025-08-18")),
            ("2025-08-19", State::Overdue, Some("2025-08-18")),
            ("2025-09-30", State::Overdue, Some("2025-08-18")),
        ],
    );
}

#[test]
fn a_log_entry_checks_the_occurrence_it_was_written_for() {
    // Checked on time (in the due window), early but in the window, and late.
    for check in ["2025-08-18", "2025-08-16", "2025-08-20"] {
        let s = scenario(&format!(
            "{WEEKLY}log = [{{ on = {check}, note = \"checked\" }}]\n"
        ));
        table(
            &s,
            "s/w",
            &[
                ("2025-08-21", State::Upcoming, Some("2025-08-25")),
                ("2025-08-23", State::Due, Some("2025-08-25")),
                ("2025-08-26", State::Overdue, Some("2025-08-25")),
            ],
        );
    }
    // Before the window opens, a log entry checks nothing.
    let early = scenario(&format!(
        "{WEEKLY}log = [{{ on = 2025-08-14, note = \"early\" }}]\n"
    ));
    table(
        &early,
        "s/w",
        &[("2025-08-16", State::Due, Some("2025-08-18"))],
    );
}

#[test]
fn a_log_entry_with_check_false_checks_nothing() {
    // Regression: an edit's own log entry (a snooze, a forecast) used to count
    // as the period's check and silently move the series on.
    let s = scenario(&format!(
        "{WEEKLY}log = [{{ on = 2025-08-18, note = \"forecast: yes 0.7\", check = false }}]\n"
    ));
    table(
        &s,
        "s/w",
        &[
            ("2025-08-18", State::Due, Some("2025-08-18")),
            ("2025-08-19", State::Overdue, Some("2025-08-18")),
        ],
    );
    // `check = true` is the default, written out.
    let s = scenario(&format!(
        "{WEEKLY}log = [{{ on = 2025-08-18, note = \"checked\", check = true }}]\n"
    ));
    table(
        &s,
        "s/w",
        &[("2025-08-19", State::Upcoming, Some("2025-08-25"))],
    );
}

#[test]
fn a_late_check_clears_every_missed_occurrence() {
    let s = scenario(&format!(
        "{WEEKLY}log = [{{ on = 2025-09-03, note = \"caught up\" }}]\n"
    ));
    // Occurrences 08-18, 08-25 and 09-01 are past; 09-08's window opens 09-06.
    table(
        &s,
        "s/w",
        &[("2025-09-03", State::Upcoming, Some("2025-09-08"))],
    );
}

#[test]
fn log_entries_after_t_do_not_check_anything_yet() {
    let s = scenario(&format!(
        "{WEEKLY}log = [{{ on = 2025-08-18, note = \"checked\" }}]\n"
    ));
    table(
        &s,
        "s/w",
        &[
            ("2025-08-17", State::Due, Some("2025-08-18")),
            ("2025-08-18", State::Upcoming, Some("2025-08-25")),
        ],
    );
}

#[test]
fn monthly_series_keep_the_month_end() {
    let s = "title = \"S\"\ndate = 2025-01-01\n[[watch]]\nid = \"m\"\ntitle = \"M\"\n\
             due = 2025-01-31\nevery = \"1m\"\nlead = \"3d\"\n\
             log = [{ on = 2025-01-31, note = \"a\" }, { on = 2025-02-28, note = \"b\" }]\n";
    assert_eq!(
        status_of(&[("s", s)], "s/m", "2025-03-01").due,
        Some(d("2025-03-31"))
    );
}

#[test]
fn a_series_ends_after_its_last_checked_occurrence() {
    let s = scenario(&format!(
        "{WEEKLY}until = 2025-08-25\nlog = [{{ on = 2025-08-18, note = \"a\" }}, {{ on = 2025-08-25, note = \"b\" }}]\n"
    ));
    table(
        &s,
        "s/w",
        &[
            ("2025-08-24", State::Due, Some("2025-08-25")),
            ("2025-08-25", State::Ended, None),
        ],
    );
}

#[test]
fn a_series_without_due_starts_one_period_after_the_scenario_date() {
    let s = scenario("[[watch]]\nid = \"w\"\ntitle = \"W\"\nevery = \"1m\"\n");
    table(
        &s,
        "s/w",
        &[("2025-08-12", State::Upcoming, Some("2025-09-12"))],
    );
}

#[test]
fn a_resolution_ends_a_series() {
    let s = scenario(&format!(
        "{WEEKLY}resolution = {{ on = 2025-08-20, outcome = \"yes\" }}\n"
    ));
    table(
        &s,
        "s/w",
        &[("2025-08-20", State::Resolved, Some("2025-08-18"))],
    );
}

#[test]
fn urgency_orders_overdue_longest_first_then_due_soonest() {
    let st = |state, due: &str| ItemStatus {
        state,
        due: Some(d(due)),
        fired_on: None,
        moot_on: None,
        lead: Duration::ZERO,
        grace: Duration::ZERO,
    };
    let mut list = [
        (st(State::Due, "2025-08-16"), Priority::Normal),
        (st(State::Overdue, "2025-08-10"), Priority::Low),
        (st(State::Overdue, "2025-08-01"), Priority::Low),
        (st(State::Due, "2025-08-16"), Priority::Critical),
        (st(State::Resolved, "2025-07-01"), Priority::Critical),
    ];
    list.sort_by_key(|(s, p)| urgency(s, *p));
    let order: Vec<(State, Priority)> = list.iter().map(|(s, p)| (s.state, *p)).collect();
    assert_eq!(
        order,
        [
            (State::Overdue, Priority::Low),
            (State::Overdue, Priority::Low),
            (State::Due, Priority::Critical),
            (State::Due, Priority::Normal),
            (State::Resolved, Priority::Critical),
        ]
    );
    assert_eq!(list[0].0.due, Some(d("2025-08-01")));
}

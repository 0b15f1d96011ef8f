//! The card a review shows for one item: what is needed to answer it, on a
//! few lines. Every value from a scenario file goes through
//! `crate::text::printable`, so a title cannot drive the terminal. Styles are
//! ANSI sequences that the stream strips when colour is off.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use crate::model::{ItemKey, Probability};
use crate::status::{State, Statuses};
use crate::text::printable;
use crate::view::ItemView;
use crate::workspace::Workspace;

/// Width of the label column.
const LABEL: usize = 10;

/// The unobserved signposts of an item as of T, in file order: the ones the
/// card numbers, and `o` chooses from.
pub fn unobserved<'a>(view: &ItemView<'a>) -> Vec<&'a str> {
    view.signposts
        .iter()
        .filter(|s| s.observed.is_none())
        .map(|s| s.text)
        .collect()
}

/// The card of item `key`, the `n`th of `total` in the review.
pub fn card(ws: &Workspace, statuses: &Statuses, key: ItemKey, n: usize, total: usize) -> String {
    let today = statuses.today;
    let v = ItemView::new(&ws.corpus, &ws.index, statuses, key);
    let st = statuses.get(key);
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut out = String::new();
    let field = |out: &mut String, label: &str, value: &str| {
        let _ = writeln!(out, "  {dim}{label:LABEL$}{dim:#} {value}");
    };

    let _ = writeln!(
        out,
        "\n{dim}── {n}/{total} · {}{dim:#}",
        printable(&v.reference)
    );
    let _ = writeln!(out, "{bold}{}{bold:#}", printable(v.title));
    field(&mut out, "scenario", &printable(v.scenario_title));
    let state = Style::new()
        .bold()
        .fg_color(Some(state_color(st.state).into()));
    let when = match st.due {
        Some(d) => format!(" · due {d} ({})", relative_days((d - today).num_days())),
        None => String::new(),
    };
    field(
        &mut out,
        "status",
        &format!("{state}{}{state:#}{when}", st.state.as_str()),
    );
    if let Some(every) = v.every {
        let until = v.until.map(|u| format!(", until {u}")).unwrap_or_default();
        field(
            &mut out,
            "every",
            &format!(
                "{every}{until} {dim}(a note checks this period; a resolution ends the series){dim:#}"
            ),
        );
    }
    if let Some(q) = v.question {
        field(&mut out, "question", &printable(q));
    }
    let outcomes: Vec<String> = v
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| format!("{bold}{}{bold:#} {}", i + 1, printable(o)))
        .collect();
    field(&mut out, "outcomes", &outcomes.join("  "));
    // Right under the outcomes it explains.
    if let Some(c) = v.criteria {
        field(&mut out, "criteria", &printable(c));
    }
    let forecast = match &v.forecast {
        Some(f) => {
            let by =
                f.by.map(|b| format!(" by {}", printable(b)))
                    .unwrap_or_default();
            format!(
                "{}  {dim}({}{by}){dim:#}",
                probability_text(f.p.0, f.p.1),
                f.on
            )
        }
        None => format!("{dim}none{dim:#}"),
    };
    field(&mut out, "forecast", &forecast);
    let open = unobserved(&v);
    for (i, text) in open.iter().enumerate() {
        let label = if i == 0 { "signposts" } else { "" };
        field(
            &mut out,
            label,
            &format!("{bold}{}{bold:#} {}", i + 1, printable(text)),
        );
    }
    if let Some(l) = v.log.last() {
        field(
            &mut out,
            "last log",
            &format!("{}  {}", l.on, printable(l.note)),
        );
    }
    for (i, t) in v.triggers.iter().enumerate() {
        let label = if i == 0 { "triggers" } else { "" };
        let what = match (t.fired_on, &t.after) {
            (Some(d), Some(target)) => {
                let outcome = ws
                    .item(target)
                    .ok()
                    .and_then(|k| ws.corpus.item(k).resolution.as_ref())
                    .map(|r| format!(": resolved {}", printable(&r.outcome)))
                    .unwrap_or_default();
                format!("fired {d}{outcome}")
            }
            (Some(d), None) => format!("fired {d}"),
            (None, _) => "not fired".to_string(),
        };
        let mark = if t.fired { "✓" } else { "·" };
        field(
            &mut out,
            label,
            &format!("{mark} {}  {dim}({what}){dim:#}", printable(&t.text)),
        );
    }
    out
}

/// The status word's colour, as the listings show it.
fn state_color(state: State) -> AnsiColor {
    match state {
        State::Overdue => AnsiColor::Red,
        State::Due => AnsiColor::Yellow,
        State::Resolved => AnsiColor::Green,
        _ => AnsiColor::Cyan,
    }
}

/// "today", "in 3 days", "8 days ago".
fn relative_days(n: i64) -> String {
    match n {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        n if n > 0 => format!("in {n} days"),
        n => format!("{} days ago", -n),
    }
}

/// "yes 45%", or "ceasefire 10% · framework 30% · no-deal 60%".
fn probability_text(p: &Probability, outcomes: &[String]) -> String {
    let pct = |x: f64| {
        let s = format!("{:.1}", x * 100.0);
        format!("{}%", s.strip_suffix(".0").unwrap_or(&s))
    };
    match p {
        Probability::Yes(x) => format!("yes {}", pct(*x)),
        Probability::Table(_) => p
            .entries(outcomes)
            .map(|(o, x)| format!("{} {}", printable(o), pct(x)))
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_as_words() {
        assert_eq!(relative_days(0), "today");
        assert_eq!(relative_days(-8), "8 days ago");
        assert_eq!(relative_days(3), "in 3 days");
    }

    #[test]
    fn probabilities_read_as_percentages() {
        let outcomes = ["a".to_string(), "b".to_string()];
        assert_eq!(
            probability_text(&Probability::Yes(0.45), &outcomes),
            "yes 45%"
        );
        let t = Probability::Table(Box::new([(0, 0.125), (1, 0.875)]));
        assert_eq!(probability_text(&t, &outcomes), "a 12.5% · b 87.5%");
    }
}

//! `show`'s text: one item, or one scenario with its items, in full as of T.
//!
//! Nothing is cut, not even the titles in a scenario's table of items: values
//! are wrapped to the terminal's width (a word longer
//! than a line, such as a URL, stands whole on a line of its own), and not
//! wrapped at all in a pipe. Scenario text is made printable
//! ([`crate::text`]) before it is written.

use std::io::{self, Write};

use anstyle::Style;
use chrono::NaiveDate;

use crate::model::Index;
use crate::model::{Corpus, Due, ItemKey, Probability};
use crate::render::listing::{ItemColumn, Rows, relative_days, state_style};
use crate::status::{ItemStatus, State, Statuses};
use crate::table::{LABEL, Out};
use crate::text::{printable, printable_text};
use crate::view::ItemView;

/// Writes item `key` in full.
pub fn item(
    out: &mut Out,
    corpus: &Corpus,
    index: &Index,
    statuses: &Statuses,
    key: ItemKey,
) -> io::Result<()> {
    let today = statuses.today;
    let scenario = corpus.scenario_of(key);
    let item = corpus.item(key);
    let st = statuses.get(key);
    let v = ItemView::new(corpus, index, statuses, key);
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();

    out.styled(&printable(&item.title), bold)?;
    writeln!(out.w)?;
    out.styled(&printable(&v.reference), dim)?;
    writeln!(out.w, "\n")?;

    out.field(
        "scenario",
        &format!(
            "{} — {}",
            printable(&scenario.id),
            printable(&scenario.title)
        ),
    )?;
    if let Some(q) = &item.question {
        out.field("question", &printable_text(q))?;
    }
    if let Some(c) = &item.criteria {
        out.field("criteria", &printable_text(c))?;
    }
    write!(out.w, "  {:LABEL$} ", "status")?;
    out.styled(st.state.as_str(), state_style(st.state))?;
    writeln!(out.w, "{}", printable(&status_detail(&v, st, today)))?;
    out.field(
        "due",
        &due_text(item.due, item.triggers.is_empty(), st, today),
    )?;
    if let Some(every) = item.every {
        let until = item
            .until
            .map(|u| format!(", until {u}"))
            .unwrap_or_default();
        out.field("every", &format!("{every}{until}"))?;
    }
    out.field("priority", item.priority.as_str())?;
    if !item.tags.is_empty() {
        out.field("tags", &list(&item.tags))?;
    }
    out.field("outcomes", &list(item.outcomes()))?;

    if let Some(r) = &v.resolution {
        out.section("Resolution")?;
        writeln!(out.w, "  {}  {}", r.on, printable(r.outcome))?;
        if let Some(note) = &r.note {
            out.paragraph(&printable_text(note), 2)?;
        }
        for s in r.sources {
            out.paragraph(&printable(&s.text()), 2)?;
        }
    }
    if let Some(d) = &v.dropped {
        out.section("Dropped")?;
        writeln!(out.w, "  {}", d.on)?;
        if let Some(reason) = &d.reason {
            out.paragraph(&printable_text(reason), 2)?;
        }
    }
    if !v.triggers.is_empty() {
        out.section("Triggers")?;
        for t in &v.triggers {
            let (mark, style, note) = if t.fired {
                let when = t.on.or(st.fired_on).map(|d| format!("fired {d}"));
                ("✓", state_style(State::Resolved), when)
            } else {
                ("·", dim, Some("not fired".to_string()))
            };
            write!(out.w, "  ")?;
            out.styled(mark, style)?;
            write!(out.w, " {}", printable(&t.text))?;
            if let Some(note) = note {
                write!(out.w, "  ")?;
                out.styled(&format!("({note})"), dim)?;
            }
            writeln!(out.w)?;
        }
    }
    let forecasts: Vec<_> = item.forecasts.iter().filter(|f| f.on <= today).collect();
    if !forecasts.is_empty() {
        out.section("Forecasts")?;
        let latest = item.latest_forecast(today, true);
        for f in forecasts {
            let is_latest = latest.is_some_and(|l| std::ptr::eq(l, f));
            write!(
                out.w,
                "  {} {}  {}",
                if is_latest { "▸" } else { " " },
                f.on,
                printable(&probability_text(&f.p, item.outcomes()))
            )?;
            if let Some(by) = &f.by {
                write!(out.w, "  by {}", printable(by))?;
            }
            if is_latest {
                write!(out.w, "  ")?;
                out.styled("(latest)", dim)?;
            }
            writeln!(out.w)?;
        }
    }
    if !v.signposts.is_empty() {
        out.section("Signposts")?;
        for s in &v.signposts {
            let text = printable(s.text);
            match s.observed {
                Some(d) => {
                    write!(out.w, "  ")?;
                    out.styled("✓", state_style(State::Resolved))?;
                    writeln!(out.w, " {d}  {text}")?;
                }
                None => {
                    write!(out.w, "  ")?;
                    out.styled("·", dim)?;
                    writeln!(out.w, " {:10}  {text}", "")?;
                }
            }
        }
    }
    if !v.log.is_empty() {
        out.section("Log")?;
        for l in &v.log {
            let lines = out.lines(&printable_text(l.note), 14);
            for (i, line) in lines.iter().enumerate() {
                let date = if i == 0 {
                    l.on.to_string()
                } else {
                    String::new()
                };
                writeln!(out.w, "  {date:10}  {line}")?;
            }
        }
    }
    Ok(())
}

/// Writes scenario `si` in full, with its items one line each in file order.
pub fn scenario(out: &mut Out, corpus: &Corpus, statuses: &Statuses, si: usize) -> io::Result<()> {
    let s = &corpus.scenarios[si];
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    out.styled(&printable(&s.title), bold)?;
    writeln!(out.w)?;
    out.styled(&printable(&s.id), dim)?;
    writeln!(out.w, "\n")?;
    out.field("date", &s.date.to_string())?;
    out.field(
        "file",
        &printable(&display_path(&corpus.files[s.file].path)),
    )?;
    for (label, values) in [
        ("tags", &s.tags),
        ("actors", &s.actors),
        ("regions", &s.regions),
    ] {
        if !values.is_empty() {
            out.field(label, &list(values))?;
        }
    }
    if let Some(summary) = &s.summary {
        out.section("Summary")?;
        out.paragraph(&printable_text(summary), 2)?;
    }
    let brief = s.brief.entries();
    if !brief.is_empty() {
        out.section("Brief")?;
        for (k, text) in brief {
            out.field(k, &printable_text(text))?;
        }
    }
    if !s.sources.is_empty() {
        out.section("Sources")?;
        for src in &s.sources {
            out.paragraph(&printable(&src.text()), 2)?;
        }
    }
    out.section(&format!("Watch-items ({})", s.items.len()))?;
    let columns = ItemColumn::DEFAULT.map(|c| match c {
        ItemColumn::Ref => ItemColumn::Id,
        c => c,
    });
    let rows = Rows::new(corpus, statuses, &columns);
    let mut t = rows.table();
    for item in 0..s.items.len() {
        t.row(rows.cells(ItemKey { scenario: si, item }));
    }
    // `show` cuts nothing, not even this table's titles.
    t.render(&mut out.w, usize::MAX, out.color)
}

/// Values joined by ", ", each made printable.
fn list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| printable(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The words after the status (with their leading separator): when and why the
/// item is in that state.
fn status_detail(v: &ItemView, st: &ItemStatus, today: NaiveDate) -> String {
    match st.state {
        State::Resolved => v
            .resolution
            .as_ref()
            .map(|r| format!(" on {}: {}", r.on, r.outcome))
            .unwrap_or_default(),
        State::Dropped => v
            .dropped
            .as_ref()
            .map(|d| format!(" on {}", d.on))
            .unwrap_or_default(),
        State::Moot => match st.moot_on {
            Some(d) => format!(" since {d}: its triggers can no longer fire"),
            None => ": its triggers can no longer fire".to_string(),
        },
        State::Pending => {
            let waits: Vec<&str> = v
                .triggers
                .iter()
                .filter(|t| !t.fired)
                .map(|t| t.text.as_str())
                .collect();
            format!(", waiting for a trigger: {}", waits.join("; or "))
        }
        State::Ended => ": every occurrence of the series is checked".to_string(),
        State::Open => ": no due day".to_string(),
        State::Overdue | State::Due | State::Upcoming => st
            .days_until_due(today)
            .map(|n| format!(" ({})", relative_days(n)))
            .unwrap_or_default(),
    }
}

/// The due line: the day in force, where it comes from, lead and grace.
fn due_text(due: Option<Due>, no_triggers: bool, st: &ItemStatus, today: NaiveDate) -> String {
    let window = format!("lead {} · grace {}", st.lead, st.grace);
    let origin = match (due, st.fired_on) {
        (Some(Due::Relative(r)), Some(fired)) => format!(", +{r} from the trigger on {fired}"),
        (Some(Due::Relative(r)), None) if no_triggers => {
            format!(", +{r} from the scenario date")
        }
        _ => String::new(),
    };
    match (st.due, due) {
        (Some(d), _) => format!(
            "{d} ({}{origin}) · {window}",
            relative_days((d - today).num_days())
        ),
        (None, Some(Due::Relative(r))) if st.state == State::Pending => {
            format!("+{r} after the trigger fires · {window}")
        }
        _ => "none".to_string(),
    }
}

/// A path relative to the working directory when it is under it.
fn display_path(path: &std::path::Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// "ceasefire 10% · framework 30% · no-deal 60%", or "yes 45%" for a yes/no item.
fn probability_text(p: &Probability, outcomes: &[String]) -> String {
    let pct = |x: f64| {
        let s = format!("{:.1}", x * 100.0);
        let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
        format!("{s}%")
    };
    match p {
        Probability::Yes(x) => format!("yes {}", pct(*x)),
        Probability::Table(_) => p
            .entries(outcomes)
            .map(|(o, x)| format!("{o} {}", pct(x)))
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

//! `status`, `due`, `agenda`, `show`: the reviewing commands. Each loads the
//! checked corpus, evaluates every item as of T, selects and orders items, and
//! prints a table (or text) or JSON.
//!
//! Order is always "most urgent first" ([`status::urgency`]), then by ref, so the
//! output is stable across runs. Output goes through one locked, buffered stdout;
//! JSON is written one item at a time, so a corpus of 100k items never sits in
//! memory as one JSON value.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::io::{BufWriter, IoSlice, StdoutLock, Write};
use std::mem::ManuallyDrop;

use anstyle::{AnsiColor, Style};
use chrono::NaiveDate;
use rayon::prelude::*;

use crate::cli::{AgendaArgs, DueArgs, FailOn, Filters, ListFormat, ShowArgs, StatusArgs};
use crate::config::Config;
use crate::idmap::{self, IdMap};
use crate::model::{Due, ItemKey, Priority, Probability, Trigger};
use crate::status::{self, ItemStatus, State, Statuses};
use crate::table::{self, Cell, Column, Table};
use crate::value::{self, Duration};
use crate::view::{self, ItemView, ScenarioView};
use crate::workspace::{Target, Workspace};
use crate::{Failure, Result, exit};

/// `whatsnext status`: every item (or those passing the filters), most urgent first.
pub fn status(config: &Config, args: &StatusArgs) -> Result<u8> {
    view::check_filters(&args.filters)?;
    let within = args
        .within
        .as_deref()
        .map(|text| {
            Duration::parse(text.trim()).map_err(|e| Failure::Usage(format!("--within: {e}")))
        })
        .transpose()?;
    let ws = load(config)?;
    check_scenarios(&ws, &args.filters)?;
    let statuses = ManuallyDrop::new(ws.statuses(config));
    let limit = within.map(|d| d.add_to(config.today));
    let table = args.format == ListFormat::Table;
    let (keys, names) = sorted_with_names(&ws, &statuses, table, |key, st| {
        view::matches_filters(&ws.corpus, key, st, &args.filters)
            && limit.is_none_or(|limit| st.state.is_live() && st.due.is_some_and(|d| d <= limit))
    });
    let mut out = Out::stdout();
    match args.format {
        ListFormat::Json => write_json_array(&mut out.w, &ws, &statuses, &keys)?,
        ListFormat::Table if keys.is_empty() => {
            let filtered = !args.filters.status.is_empty()
                || !args.filters.tag.is_empty()
                || !args.filters.scenario.is_empty()
                || limit.is_some();
            let what = if filtered {
                "No watch-items match"
            } else {
                "No watch-items"
            };
            writeln!(out.w, "{what} as of {}.", config.today)?;
        }
        ListFormat::Table => {
            let mut t = item_table(Column::left("REF"));
            t.header();
            for row in item_rows(
                &ws,
                &statuses,
                &keys,
                &names.unwrap_or_else(|| ShortRefs::new(&ws)),
            ) {
                t.row(row);
            }
            out.table(&t)?;
            let summary = state_summary(&statuses, &keys);
            let line = format!(
                "{} item{} as of {}: {summary}",
                keys.len(),
                plural(keys.len()),
                config.today
            );
            out.styled(&format!("\n{line}\n"), Style::new().dimmed())?;
        }
    }
    out.finish()?;
    Ok(exit::OK)
}

/// `whatsnext due`: the review list, overdue items grouped by how long, then due ones.
pub fn due(config: &Config, args: &DueArgs) -> Result<u8> {
    view::check_filters(&args.filters)?;
    let ws = load(config)?;
    check_scenarios(&ws, &args.filters)?;
    let statuses = ManuallyDrop::new(ws.statuses(config));
    let table = args.format == ListFormat::Table;
    let (keys, names) = sorted_with_names(&ws, &statuses, table, |key, st| {
        matches!(st.state, State::Overdue | State::Due)
            && view::matches_filters(&ws.corpus, key, st, &args.filters)
    });
    let overdue = keys
        .iter()
        .filter(|k| statuses.get(**k).state == State::Overdue)
        .count();
    let mut out = Out::stdout();
    match args.format {
        ListFormat::Json => write_json_array(&mut out.w, &ws, &statuses, &keys)?,
        ListFormat::Table if keys.is_empty() => {
            writeln!(out.w, "Nothing due or overdue as of {}.", config.today)?;
        }
        ListFormat::Table => {
            let mut t = item_table(Column::left("REF"));
            t.header();
            let rows = item_rows(
                &ws,
                &statuses,
                &keys,
                &names.unwrap_or_else(|| ShortRefs::new(&ws)),
            );
            // Each group's size, counted once (a group may in principle recur).
            let mut sizes: Vec<(&str, usize)> = Vec::new();
            for &key in &keys {
                let group = due_group(statuses.get(key), config.today);
                match sizes.iter_mut().find(|(g, _)| *g == group) {
                    Some((_, n)) => *n += 1,
                    None => sizes.push((group, 1)),
                }
            }
            let mut current: Option<&str> = None;
            for (&key, row) in keys.iter().zip(rows) {
                let st = statuses.get(key);
                let group = due_group(st, config.today);
                if current != Some(group) {
                    let n = sizes
                        .iter()
                        .find(|(g, _)| *g == group)
                        .map_or(0, |(_, n)| *n);
                    t.heading(Cell::styled(
                        format!("{group} ({n})"),
                        Style::new().bold().fg_color(Some(state_color(st.state))),
                    ));
                    current = Some(group);
                }
                t.row(row);
            }
            out.table(&t)?;
            let line = format!(
                "{} to review as of {}: {overdue} overdue, {} due",
                keys.len(),
                config.today,
                keys.len() - overdue
            );
            out.styled(&format!("\n{line}\n"), Style::new().dimmed())?;
        }
    }
    out.finish()?;
    let failed = match args.fail_on {
        Some(FailOn::Overdue) => overdue > 0,
        Some(FailOn::Due) => !keys.is_empty(),
        None => false,
    };
    Ok(if failed { exit::CONDITION } else { exit::OK })
}

/// The `due` group of an overdue or due item, by days past its due day.
fn due_group(st: &ItemStatus, today: NaiveDate) -> &'static str {
    if st.state != State::Overdue {
        return "Due";
    }
    match -st.days_until_due(today).unwrap_or(0) {
        days if days > 28 => "Overdue by more than 4 weeks",
        days if days > 7 => "Overdue by 1–4 weeks",
        _ => "Overdue by up to a week",
    }
}

/// What `agenda` shows: overdue items, items past due but within their grace,
/// and each day of the window with the items due then and the pending items whose
/// `on` trigger falls on it.
struct Agenda {
    overdue: Vec<ItemKey>,
    in_grace: Vec<ItemKey>,
    days: BTreeMap<NaiveDate, Day>,
}

#[derive(Default)]
struct Day {
    due: Vec<ItemKey>,
    may_fire: Vec<ItemKey>,
}

/// `whatsnext agenda`: the coming days, grouped by date.
pub fn agenda(config: &Config, args: &AgendaArgs) -> Result<u8> {
    view::check_filters(&args.filters)?;
    let ws = load(config)?;
    check_scenarios(&ws, &args.filters)?;
    let statuses = ManuallyDrop::new(ws.statuses(config));
    let today = config.today;
    // The last day shown; `None` for `--days 0` (overdue items only).
    let last = args
        .days
        .checked_sub(1)
        .map(|n| Duration::days(n.min(3_650_000)).add_to(today));
    let in_window = |d: NaiveDate| d >= today && last.is_some_and(|l| d <= l);
    let keys = sorted(&ws, &statuses, |key, st| {
        view::matches_filters(&ws.corpus, key, st, &args.filters)
    });
    let mut agenda = Agenda {
        overdue: Vec::new(),
        in_grace: Vec::new(),
        days: BTreeMap::new(),
    };
    for &key in &keys {
        let st = statuses.get(key);
        match (st.state, st.due) {
            (State::Overdue, _) => agenda.overdue.push(key),
            (State::Due, Some(d)) if d < today => agenda.in_grace.push(key),
            (State::Due | State::Upcoming, Some(d)) if in_window(d) => {
                agenda.days.entry(d).or_default().due.push(key);
            }
            (State::Pending, _) => {
                // A pending item fires on its earliest `on` trigger still ahead.
                let fires = ws
                    .corpus
                    .item(key)
                    .triggers
                    .iter()
                    .filter_map(|t| match t {
                        Trigger::On { date } if *date > today => Some(*date),
                        _ => None,
                    })
                    .min();
                if let Some(d) = fires.filter(|d| in_window(*d)) {
                    agenda.days.entry(d).or_default().may_fire.push(key);
                }
            }
            _ => {}
        }
    }
    let mut out = Out::stdout();
    match args.format {
        ListFormat::Json => write_agenda_json(&mut out.w, &ws, &statuses, &agenda, last)?,
        ListFormat::Table => write_agenda_table(&mut out, &ws, &statuses, &agenda, last)?,
    }
    out.finish()?;
    Ok(exit::OK)
}

fn write_agenda_table<'a>(
    out: &mut Out,
    ws: &'a Workspace,
    statuses: &Statuses,
    agenda: &Agenda,
    last: Option<NaiveDate>,
) -> Result<()> {
    let today = statuses.today;
    let period = match last {
        Some(l) if l == today => format!("today ({today})"),
        Some(l) => format!("from {today} to {l}"),
        None => format!("as of {today}"),
    };
    if agenda.overdue.is_empty() && agenda.in_grace.is_empty() && agenda.days.is_empty() {
        writeln!(out.w, "Nothing due or overdue {period}.")?;
        return Ok(());
    }
    let mut t = item_table(Column::left("REF"));
    t.header();
    let bold = Style::new().bold();
    let names = ShortRefs::new(ws);
    let rows = |t: &mut Table<'a>, keys: &[ItemKey]| {
        for &key in keys {
            t.row(item_cells(ws, statuses, key, names.of(key)));
        }
    };
    if !agenda.overdue.is_empty() {
        let style = bold.fg_color(Some(state_color(State::Overdue)));
        t.heading(Cell::styled(
            format!("Overdue ({})", agenda.overdue.len()),
            style,
        ));
        rows(&mut t, &agenda.overdue);
    }
    if !agenda.in_grace.is_empty() {
        let style = bold.fg_color(Some(state_color(State::Due)));
        t.heading(Cell::styled(
            format!("Past due, within grace ({})", agenda.in_grace.len()),
            style,
        ));
        rows(&mut t, &agenda.in_grace);
    }
    for (date, day) in &agenda.days {
        t.heading(Cell::styled(day_heading(*date, today), bold));
        rows(&mut t, &day.due);
        for &key in &day.may_fire {
            let mut cells = item_cells(ws, statuses, key, names.of(key));
            // The row sits under the day it may fire: DUE and IN both speak of that day.
            cells[0] = Cell::styled("may fire", state_style(State::Pending));
            cells[1] = Cell::new(date.to_string());
            cells[2] = Cell::new(relative_days((*date - today).num_days()));
            t.row(cells);
        }
    }
    out.table(&t)?;
    if agenda.days.is_empty() {
        writeln!(out.w, "\nNothing else due {period}.")?;
    }
    Ok(())
}

/// "Thu 2025-08-21 · tomorrow"
fn day_heading(date: NaiveDate, today: NaiveDate) -> String {
    let when = match (date - today).num_days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        n => format!("in {n} days"),
    };
    format!("{} · {when}", date.format("%a %Y-%m-%d"))
}

fn write_agenda_json(
    w: &mut impl Write,
    ws: &Workspace,
    statuses: &Statuses,
    agenda: &Agenda,
    last: Option<NaiveDate>,
) -> Result<()> {
    writeln!(w, "{{")?;
    writeln!(w, "\"today\": {},", json(&statuses.today))?;
    writeln!(w, "\"until\": {},", json(&last))?;
    write!(w, "\"overdue\": ")?;
    write_items(w, ws, statuses, &agenda.overdue)?;
    write!(w, ",\n\"in_grace\": ")?;
    write_items(w, ws, statuses, &agenda.in_grace)?;
    write!(w, ",\n\"days\": [")?;
    for (i, (date, day)) in agenda.days.iter().enumerate() {
        let sep = if i == 0 { "\n" } else { ",\n" };
        write!(w, "{sep}{{\"date\": {}, \"items\": ", json(date))?;
        write_items(w, ws, statuses, &day.due)?;
        write!(w, ", \"may_fire\": ")?;
        write_items(w, ws, statuses, &day.may_fire)?;
        write!(w, "}}")?;
    }
    let close = if agenda.days.is_empty() { "" } else { "\n" };
    writeln!(w, "{close}]\n}}")?;
    Ok(())
}

/// A small value (a date, an option) as JSON text.
fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

/// `whatsnext show REF`: one item or one scenario in full.
pub fn show(config: &Config, args: &ShowArgs) -> Result<u8> {
    let ws = Workspace::load_checked(config)?;
    let target = ws.target(&args.reference)?;
    let statuses = ws.statuses(config);
    let mut out = Out::stdout();
    match (target, args.format) {
        (Target::Item(key), ListFormat::Json) => {
            let v = ItemView::new(&ws.corpus, &ws.index, &statuses, key);
            serde_json::to_writer_pretty(&mut out.w, &v).map_err(json_error)?;
            writeln!(out.w)?;
        }
        (Target::Scenario(si), ListFormat::Json) => {
            let items = (0..ws.corpus.scenarios[si].items.len())
                .map(|item| {
                    let key = ItemKey { scenario: si, item };
                    ItemView::new(&ws.corpus, &ws.index, &statuses, key)
                })
                .collect();
            let v = ScenarioView::new(&ws.corpus, &ws.corpus.scenarios[si], items);
            serde_json::to_writer_pretty(&mut out.w, &v).map_err(json_error)?;
            writeln!(out.w)?;
        }
        (Target::Item(key), ListFormat::Table) => show_item(&mut out, &ws, &statuses, key)?,
        (Target::Scenario(si), ListFormat::Table) => {
            show_scenario(&mut out, &ws, &statuses, si)?;
        }
    }
    out.finish()?;
    Ok(exit::OK)
}

/// Width of the label column in `show`.
const LABEL: usize = 10;

fn show_item(out: &mut Out, ws: &Workspace, statuses: &Statuses, key: ItemKey) -> Result<()> {
    let today = statuses.today;
    let corpus = &ws.corpus;
    let scenario = corpus.scenario_of(key);
    let item = corpus.item(key);
    let st = statuses.get(key);
    let v = ItemView::new(corpus, &ws.index, statuses, key);
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();

    out.styled(&item.title, bold)?;
    writeln!(out.w)?;
    out.styled(&v.reference, dim)?;
    writeln!(out.w, "\n")?;

    out.field("scenario", &format!("{} — {}", scenario.id, scenario.title))?;
    if let Some(q) = &item.question {
        out.field("question", q)?;
    }
    write!(out.w, "  {:LABEL$} ", "status")?;
    out.styled(st.state.as_str(), state_style(st.state))?;
    writeln!(out.w, "{}", status_detail(&v, st, today))?;
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
        out.field("tags", &item.tags.join(", "))?;
    }
    out.field("outcomes", &item.outcomes().join(", "))?;

    if let Some(r) = &v.resolution {
        out.section("Resolution")?;
        writeln!(out.w, "  {}  {}", r.on, r.outcome)?;
        if let Some(note) = &r.note {
            out.paragraph(note, 2)?;
        }
        for s in r.sources {
            out.paragraph(&s.text(), 2)?;
        }
    }
    if let Some(d) = &v.dropped {
        out.section("Dropped")?;
        writeln!(out.w, "  {}", d.on)?;
        if let Some(reason) = &d.reason {
            out.paragraph(reason, 2)?;
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
            write!(out.w, " {}", t.text)?;
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
        let latest = view::latest_forecast(item, today).map(|(_, p)| p as *const Probability);
        for f in forecasts {
            let is_latest = latest == Some(&f.p as *const Probability);
            write!(
                out.w,
                "  {} {}  {}",
                if is_latest { "▸" } else { " " },
                f.on,
                probability_text(&f.p)
            )?;
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
            match s.observed {
                Some(d) => {
                    write!(out.w, "  ")?;
                    out.styled("✓", state_style(State::Resolved))?;
                    writeln!(out.w, " {d}  {}", s.text)?;
                }
                None => {
                    write!(out.w, "  ")?;
                    out.styled("·", dim)?;
                    writeln!(out.w, " {:10}  {}", "", s.text)?;
                }
            }
        }
    }
    if !v.log.is_empty() {
        out.section("Log")?;
        for l in &v.log {
            let lines = table::wrap(l.note, out.width.saturating_sub(14));
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

/// The words after the status in `show` (with their leading separator): when and
/// why the item is in that state.
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

/// The due line of `show`: the day in force, where it comes from, lead and grace.
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

fn show_scenario(out: &mut Out, ws: &Workspace, statuses: &Statuses, si: usize) -> Result<()> {
    let corpus = &ws.corpus;
    let s = &corpus.scenarios[si];
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    out.styled(&s.title, bold)?;
    writeln!(out.w)?;
    out.styled(&s.id, dim)?;
    writeln!(out.w, "\n")?;
    out.field("date", &s.date.to_string())?;
    out.field("file", &display_path(&corpus.files[s.file].path))?;
    for (label, list) in [
        ("tags", &s.tags),
        ("actors", &s.actors),
        ("regions", &s.regions),
    ] {
        if !list.is_empty() {
            out.field(label, &list.join(", "))?;
        }
    }
    if let Some(summary) = &s.summary {
        out.section("Summary")?;
        out.paragraph(summary, 2)?;
    }
    let brief = s.brief.entries();
    if !brief.is_empty() {
        out.section("Brief")?;
        for (k, text) in brief {
            out.field(k, text)?;
        }
    }
    if !s.sources.is_empty() {
        out.section("Sources")?;
        for src in &s.sources {
            out.paragraph(&src.text(), 2)?;
        }
    }
    out.section(&format!("Watch-items ({})", s.items.len()))?;
    let mut t = item_table(Column::left("ID"));
    t.header();
    for (item, w) in s.items.iter().enumerate() {
        let key = ItemKey { scenario: si, item };
        t.row(item_cells(ws, statuses, key, w.id.as_str().into()));
    }
    out.table(&t)?;
    Ok(())
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
fn probability_text(p: &Probability) -> String {
    let pct = |x: f64| {
        let s = format!("{:.1}", x * 100.0);
        let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
        format!("{s}%")
    };
    match p {
        Probability::Yes(x) => format!("yes {}", pct(*x)),
        Probability::Table(t) => t
            .iter()
            .map(|(o, x)| format!("{o} {}", pct(*x)))
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

// ---------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------

/// Loads the checked corpus for a listing. Freeing 100,000 items piece by piece
/// costs more than printing them, and the process exits next, so the workspace
/// is left to the OS.
fn load(config: &Config) -> Result<ManuallyDrop<Workspace>> {
    Ok(ManuallyDrop::new(Workspace::load_checked(config)?))
}

/// Refuses a `--scenario` that names no scenario, instead of listing nothing.
fn check_scenarios(ws: &Workspace, filters: &Filters) -> Result<()> {
    for id in &filters.scenario {
        if ws.index.scenario(id).is_none() {
            let hint = value::did_you_mean(id, ws.corpus.scenarios.iter().map(|s| s.id.as_str()));
            return Err(Failure::Invalid(format!("no scenario \"{id}\"{hint}")));
        }
    }
    Ok(())
}

/// The items passing `keep`, most urgent first, then by ref.
fn sorted(
    ws: &Workspace,
    statuses: &Statuses,
    keep: impl Fn(ItemKey, &ItemStatus) -> bool + Sync,
) -> Vec<ItemKey> {
    let corpus = &ws.corpus;
    let ranks = scenario_ranks(ws);
    let ranked = ranks.is_some();
    let ranks = ranks.unwrap_or_else(|| vec![0; corpus.scenarios.len()]);
    // Each item's place as one number (urgency, then its scenario's rank in ref
    // order), so that most comparisons are of two integers; items of the same
    // scenario with the same urgency are then told apart by id.
    // Priorities are 0 (low) to 3 (critical) below, the highest sorting first.
    const _: () = assert!(Priority::Low as u8 == 0 && Priority::Critical as u8 == 3);
    let mut keyed: Vec<(u128, ItemKey)> = corpus
        .scenarios
        .par_iter()
        .enumerate()
        .flat_map_iter(|(scenario, s)| {
            let ranks = &ranks;
            let keep = &keep;
            (0..s.items.len()).filter_map(move |item| {
                let k = ItemKey { scenario, item };
                let st = statuses.get(k);
                keep(k, st).then(|| {
                    let (state, due, priority) = status::urgency(st, corpus.item(k).priority);
                    // `due` is a day number (i32) or i64::MAX: 33 bits once shifted.
                    let due = due.clamp(i64::from(i32::MIN), i64::from(i32::MAX) + 1)
                        - i64::from(i32::MIN);
                    let urgency = (u128::from(state) << 40)
                        | (u128::from(due.unsigned_abs()) << 2)
                        | u128::from(3 - priority.0 as u8);
                    (urgency << 64 | u128::from(ranks[scenario]), k)
                })
            })
        })
        .collect();
    // Ties are told apart by ref: by the item id alone when the ranks already
    // ordered the scenarios, else `scenario/item` byte by byte.
    let id = |k: ItemKey| corpus.item(k).id.as_bytes();
    let reference = |k: ItemKey| {
        let scenario = corpus.scenario_of(k).id.bytes();
        scenario.chain([b'/']).chain(corpus.item(k).id.bytes())
    };
    // On every core: the sort was the largest step left on the main thread.
    keyed.par_sort_unstable_by(|(a, ka), (b, kb)| {
        a.cmp(b).then_with(|| {
            if ranked {
                id(*ka).cmp(id(*kb))
            } else {
                reference(*ka).cmp(reference(*kb))
            }
        })
    });
    keyed.into_iter().map(|(_, k)| k).collect()
}

/// [`sorted`], and for a table also the short refs, counted meanwhile: the
/// count is serial work that would otherwise leave a core idle.
fn sorted_with_names<'a>(
    ws: &'a Workspace,
    statuses: &Statuses,
    table: bool,
    keep: impl Fn(ItemKey, &ItemStatus) -> bool + Sync + Send,
) -> (Vec<ItemKey>, Option<ShortRefs<'a>>) {
    rayon::join(
        || sorted(ws, statuses, keep),
        || table.then(|| ShortRefs::new(ws)),
    )
}

/// Each scenario's rank in the order of `scenario-id/`: for distinct ids
/// without `/` (a checked corpus has no other), two refs of different scenarios
/// compare as their scenarios' ranks do. `None` for any other corpus.
fn scenario_ranks(ws: &Workspace) -> Option<Vec<u32>> {
    let scenarios = &ws.corpus.scenarios;
    let id = |i: u32| scenarios[i as usize].id.as_str();
    if scenarios.len() > u32::MAX as usize || scenarios.iter().any(|s| s.id.contains('/')) {
        return None;
    }
    let mut order: Vec<u32> = (0..scenarios.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| cmp_with_slash(id(a), id(b)));
    if order.windows(2).any(|w| id(w[0]) == id(w[1])) {
        return None;
    }
    let mut ranks = vec![0; scenarios.len()];
    for (rank, &i) in order.iter().enumerate() {
        ranks[i as usize] = rank as u32;
    }
    Some(ranks)
}

/// Compares `a/` with `b/` for `a` and `b` without `/`.
fn cmp_with_slash(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len().min(b.len());
    a[..n].cmp(&b[..n]).then_with(|| {
        let next = |s: &[u8]| s.get(n).copied().unwrap_or(b'/');
        next(a).cmp(&next(b))
    })
}

/// Writes `[ item, item, … ]`, one item per line, each serialized on its own.
fn write_json_array(
    w: &mut impl Write,
    ws: &Workspace,
    statuses: &Statuses,
    keys: &[ItemKey],
) -> Result<()> {
    write_items(w, ws, statuses, keys)?;
    writeln!(w)?;
    Ok(())
}

fn write_items(
    w: &mut impl Write,
    ws: &Workspace,
    statuses: &Statuses,
    keys: &[ItemKey],
) -> Result<()> {
    if keys.is_empty() {
        w.write_all(b"[]")?;
        return Ok(());
    }
    w.write_all(b"[")?;
    // Building and serializing views is most of a long listing's time after
    // loading, and most of that is waiting for memory: the items are listed by
    // urgency, scattered over the corpus. So a window of the list is serialized
    // in corpus order (nearby items together), on every core, each item into
    // its own span of a buffer; the spans are then written in list order. The
    // window bounds the memory this takes, and its buffers are reused.
    let window = JSON_WINDOW;
    let mut bufs: Vec<Vec<u8>> = Vec::new();
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    for (n, keys) in keys.chunks(window).enumerate() {
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.par_sort_unstable_by_key(|&i| (keys[i as usize].scenario, keys[i as usize].item));
        let chunks = order.len().div_ceil(JSON_BATCH);
        if bufs.len() < chunks {
            bufs.resize_with(chunks, Vec::new);
        }
        let done: Vec<Vec<(u32, usize, usize)>> = bufs[..chunks]
            .par_iter_mut()
            .zip(order.par_chunks(JSON_BATCH))
            .map(|(buf, chunk)| {
                buf.clear();
                // Room for the batch at once: grown by doubling, a buffer would
                // touch about twice the memory, each page a fault the first time.
                buf.reserve(chunk.len() * JSON_ITEM_BYTES);
                let mut placed = Vec::with_capacity(chunk.len());
                for (at, &i) in chunk.iter().enumerate() {
                    if let Some(&ahead) = chunk.get(at + 2 * PREFETCH_AHEAD) {
                        prefetch_item_struct(&ws.corpus, keys[ahead as usize]);
                    }
                    if let Some(&ahead) = chunk.get(at + PREFETCH_AHEAD) {
                        prefetch_item(&ws.corpus, keys[ahead as usize]);
                    }
                    let start = buf.len();
                    let v = ItemView::new(&ws.corpus, &ws.index, statuses, keys[i as usize]);
                    view::write_item_json(buf, &v)?;
                    placed.push((i, start, buf.len()));
                }
                Ok(placed)
            })
            .collect::<serde_json::Result<_>>()
            .map_err(json_error)?;
        spans.clear();
        spans.resize(keys.len(), (0, 0, 0));
        for (b, placed) in done.iter().enumerate() {
            for &(i, start, end) in placed {
                spans[i as usize] = (b, start, end);
            }
        }
        // Written from the buffers as they are, many spans per system call
        // (a copy through the writer's buffer cost as much as the writing).
        let mut slices = Vec::with_capacity(SLICES_PER_WRITE);
        for (i, &(b, start, end)) in spans.iter().enumerate() {
            // The first item of the array has no comma before it.
            slices.push(IoSlice::new(if n == 0 && i == 0 { b"\n" } else { b",\n" }));
            slices.push(IoSlice::new(&bufs[b][start..end]));
            if slices.len() >= SLICES_PER_WRITE {
                write_slices(w, &mut slices)?;
            }
        }
        write_slices(w, &mut slices)?;
    }
    w.write_all(b"\n]")?;
    Ok(())
}

/// How many slices [`write_items`] gives the system at once (`writev`'s limit).
const SLICES_PER_WRITE: usize = 1024;

/// Writes all of `slices`, and empties the list.
fn write_slices(w: &mut impl Write, slices: &mut Vec<IoSlice<'_>>) -> std::io::Result<()> {
    let mut rest = &mut slices[..];
    while !rest.is_empty() {
        match w.write_vectored(rest) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(written) => IoSlice::advance_slices(&mut rest, written),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    slices.clear();
    Ok(())
}

/// How many items ahead of the one being serialized to prefetch.
const PREFETCH_AHEAD: usize = 4;

/// Asks the CPU to start loading an item and its scenario (the first step of
/// [`prefetch_item`], which reads them).
fn prefetch_item_struct(corpus: &crate::model::Corpus, key: ItemKey) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let item = std::ptr::from_ref(corpus.item(key)).cast::<i8>();
        let scenario = std::ptr::from_ref(corpus.scenario_of(key)).cast::<i8>();
        // Every 64-byte line the item touches (it need not start on one).
        let size = std::mem::size_of::<crate::model::WatchItem>();
        let first = item.wrapping_sub(item as usize % 64);
        for line in (0..size + (item as usize % 64)).step_by(64) {
            // SAFETY: a prefetch is only a hint: it never faults or changes memory.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(first.wrapping_add(line)) }
        }
        // SAFETY: as above.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(scenario) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (corpus, key);
}

/// Asks the CPU to start loading the memory an item's view reads (its text is
/// scattered over the heap), so that it is there when the view is built.
fn prefetch_item(corpus: &crate::model::Corpus, key: ItemKey) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let fetch = |p: *const u8| {
            // SAFETY: a prefetch is only a hint: it never faults or changes memory.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast()) }
        };
        let item = corpus.item(key);
        let scenario = corpus.scenario_of(key);
        fetch(scenario.id.as_ptr());
        fetch(scenario.title.as_ptr());
        fetch(item.id.as_ptr());
        fetch(item.title.as_ptr());
        if let Some(q) = &item.question {
            fetch(q.as_ptr());
        }
        for tag in &item.tags {
            fetch(tag.as_ptr());
        }
        fetch(item.forecasts.as_ptr().cast());
        fetch(item.signposts.as_ptr().cast());
        for s in &item.signposts {
            fetch(s.text.as_ptr());
        }
        fetch(item.log.as_ptr().cast());
        for l in &item.log {
            fetch(l.note.as_ptr());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (corpus, key);
}

/// Items per parallel JSON batch.
const JSON_BATCH: usize = 512;

/// Room made for an item's JSON: the generated corpora's items take 790 bytes
/// on average, some windows over 900. Room that is not written to costs no
/// memory (its pages are never touched); a buffer that needs more grows.
const JSON_ITEM_BYTES: usize = 2048;

/// Items serialized in corpus order before they are written in list order:
/// about 25 MB of JSON at a time.
const JSON_WINDOW: usize = 32 * 1024;

fn json_error(e: serde_json::Error) -> Failure {
    match e.io_error_kind() {
        Some(kind) => Failure::Io(kind.into()),
        None => Failure::Invalid(format!("cannot write JSON: {e}")),
    }
}

/// The REF a table shows: the bare item id when no other scenario has an item of
/// that id (what `show` accepts, and shorter to read and type), else the full
/// `scenario/item`. JSON always has the full ref.
struct ShortRefs<'a> {
    ws: &'a Workspace,
    /// How many items have each id.
    counts: IdMap<&'a str, u32>,
}

impl<'a> ShortRefs<'a> {
    fn new(ws: &'a Workspace) -> ShortRefs<'a> {
        let mut counts = idmap::map_with_capacity(ws.corpus.item_count());
        for s in &ws.corpus.scenarios {
            for item in &s.items {
                *counts.entry(item.id.as_str()).or_default() += 1;
            }
        }
        ShortRefs { ws, counts }
    }

    fn of(&self, key: ItemKey) -> Cow<'a, str> {
        let corpus = &self.ws.corpus;
        let id = corpus.item(key).id.as_str();
        if self.counts.get(id) == Some(&1) {
            return id.into();
        }
        let scenario = corpus.scenario_of(key).id.as_str();
        let mut full = String::with_capacity(scenario.len() + 1 + id.len());
        full.push_str(scenario);
        full.push('/');
        full.push_str(id);
        full.into()
    }
}

/// The table rows of `keys`, in order, built on every core.
fn item_rows<'a>(
    ws: &'a Workspace,
    statuses: &Statuses,
    keys: &[ItemKey],
    names: &ShortRefs<'a>,
) -> Vec<Vec<Cell<'a>>> {
    keys.par_iter()
        .map(|&key| item_cells(ws, statuses, key, names.of(key)))
        .collect()
}

/// The columns of an item listing; `name` is the REF (or ID) column.
fn item_table<'a>(name: Column) -> Table<'a> {
    Table::new(vec![
        Column::left("STATUS"),
        Column::left("DUE"),
        Column::right("IN"),
        Column::left("PRIORITY"),
        name,
        Column::left("TITLE").shrink_to(10),
    ])
}

fn item_cells<'a>(
    ws: &'a Workspace,
    statuses: &Statuses,
    key: ItemKey,
    name: Cow<'a, str>,
) -> Vec<Cell<'a>> {
    let item = ws.corpus.item(key);
    let st = statuses.get(key);
    let live = st.state.is_live();
    let dim = Style::new().dimmed();
    let due = st.due.map(view::date_text).unwrap_or_default();
    let within = st
        .days_until_due(statuses.today)
        .filter(|_| live)
        .map(relative_days)
        .unwrap_or_default();
    vec![
        Cell::styled(st.state.as_str(), state_style(st.state)),
        Cell::styled(due, if live { Style::new() } else { dim }),
        Cell::new(within),
        Cell::styled(item.priority.as_str(), priority_style(item.priority)),
        Cell::new(name),
        Cell::styled(item.title.as_str(), if live { Style::new() } else { dim }),
    ]
}

/// "today", "in 5d", "3d ago".
fn relative_days(n: i64) -> String {
    if n == 0 {
        return "today".to_string();
    }
    let mut text = String::with_capacity(12);
    if n > 0 {
        text.push_str("in ");
    }
    text.push_str(value::decimal(n.unsigned_abs(), &mut [0; 20]));
    text.push_str(if n > 0 { "d" } else { "d ago" });
    text
}

/// "2 overdue, 1 due, 3 upcoming" in the order of [`State::ALL`].
fn state_summary(statuses: &Statuses, keys: &[ItemKey]) -> String {
    let mut counts = [0usize; State::ALL.len()];
    for &k in keys {
        let state = statuses.get(k).state;
        if let Some(i) = State::ALL.iter().position(|s| *s == state) {
            counts[i] += 1;
        }
    }
    let parts: Vec<String> = State::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {}", s.as_str()))
        .collect();
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

fn state_color(state: State) -> anstyle::Color {
    match state {
        State::Overdue => AnsiColor::Red,
        State::Due => AnsiColor::Yellow,
        State::Upcoming => AnsiColor::Cyan,
        State::Open => AnsiColor::Blue,
        State::Pending => AnsiColor::Magenta,
        State::Resolved => AnsiColor::Green,
        State::Moot | State::Ended | State::Dropped => AnsiColor::BrightBlack,
    }
    .into()
}

fn state_style(state: State) -> Style {
    let style = Style::new().fg_color(Some(state_color(state)));
    if matches!(state, State::Overdue | State::Due) {
        style.bold()
    } else {
        style
    }
}

fn priority_style(p: Priority) -> Style {
    match p {
        Priority::Critical => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Priority::High => Style::new().bold(),
        Priority::Normal => Style::new(),
        Priority::Low => Style::new().dimmed(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Standard output, locked once and buffered, with the colour decision and the
/// width to fit made once.
struct Out {
    w: BufWriter<StdoutLock<'static>>,
    color: bool,
    width: usize,
}

impl Out {
    fn stdout() -> Out {
        // The global choice (`--color`) resolved against NO_COLOR and whether
        // stdout is a terminal.
        let choice = anstream::AutoStream::choice(&std::io::stdout());
        Out {
            w: BufWriter::with_capacity(64 * 1024, std::io::stdout().lock()),
            color: choice != anstream::ColorChoice::Never,
            width: table::terminal_width(),
        }
    }

    fn table(&mut self, t: &Table) -> Result<()> {
        t.render(&mut self.w, self.width, self.color)?;
        Ok(())
    }

    fn styled(&mut self, text: &str, style: Style) -> Result<()> {
        table::write_styled(&mut self.w, text, style, self.color)?;
        Ok(())
    }

    /// A blank line and a bold section title.
    fn section(&mut self, title: &str) -> Result<()> {
        writeln!(self.w)?;
        self.styled(title, Style::new().bold())?;
        writeln!(self.w)?;
        Ok(())
    }

    /// "  label      value", the value wrapped under itself.
    fn field(&mut self, label: &str, value: &str) -> Result<()> {
        let lines = table::wrap(value, self.width.saturating_sub(LABEL + 3));
        for (i, line) in lines.iter().enumerate() {
            let label = if i == 0 { label } else { "" };
            writeln!(self.w, "  {label:LABEL$} {line}")?;
        }
        Ok(())
    }

    /// Text wrapped to the width, indented by `indent`.
    fn paragraph(&mut self, text: &str, indent: usize) -> Result<()> {
        for line in table::wrap(text, self.width.saturating_sub(indent)) {
            writeln!(self.w, "{:indent$}{line}", "")?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        self.w.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that takes a few bytes per call and is interrupted every
    /// third call, as a pipe or a signal may do.
    struct Trickle {
        out: Vec<u8>,
        calls: usize,
    }

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.write_vectored(&[IoSlice::new(buf)])
        }

        fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> std::io::Result<usize> {
            self.calls += 1;
            if self.calls.is_multiple_of(3) {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let mut budget = 5;
            for b in bufs {
                let n = b.len().min(budget);
                self.out.extend_from_slice(&b[..n]);
                budget -= n;
                if budget == 0 {
                    break;
                }
            }
            Ok(5 - budget)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn slices_are_written_whole_through_short_and_interrupted_writes() {
        let parts: [&[u8]; 6] = [b"[", b"", b"{\"a\":1}", b",\n", b"{\"b\":22}", b"]"];
        let mut slices: Vec<IoSlice<'_>> = parts.iter().map(|p| IoSlice::new(p)).collect();
        let mut w = Trickle {
            out: Vec::new(),
            calls: 0,
        };
        write_slices(&mut w, &mut slices).unwrap();
        assert_eq!(w.out, parts.concat());
        assert!(slices.is_empty());
    }

    #[test]
    fn refs_compare_as_their_scenarios_with_a_slash() {
        let ids = ["a", "a-b", "a0", "ab", "b", "a-", "aa"];
        for a in ids {
            for b in ids {
                let slashed = format!("{a}/").cmp(&format!("{b}/"));
                assert_eq!(cmp_with_slash(a, b), slashed, "{a} {b}");
                // Any refs of two different scenarios compare the same way.
                if a != b {
                    assert_eq!(format!("{a}/x").cmp(&format!("{b}/y")), slashed);
                }
            }
        }
    }

    #[test]
    fn days_read_as_words() {
        assert_eq!(relative_days(0), "today");
        assert_eq!(relative_days(5), "in 5d");
        assert_eq!(relative_days(-123), "123d ago");
        assert_eq!(
            relative_days(i64::MIN),
            format!("{}d ago", i64::MIN.unsigned_abs())
        );
    }
}

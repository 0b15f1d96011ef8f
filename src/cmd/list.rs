//! `status`, `due`, `agenda`, `show`: the reviewing commands. Each turns its
//! arguments into a [`Listing`], loads the checked corpus, evaluates every item
//! as of T, selects and orders items ([`order::sorted`]), and prints a table
//! ([`crate::render::listing`], [`show`]) or JSON (the [`ItemView`]s through serde).

use std::collections::BTreeMap;
use std::io::Write;

use anstyle::Style;
use chrono::NaiveDate;
use rayon::prelude::*;

use crate::cli::{AgendaArgs, DueArgs, FailOn, Filters, Layout, ListFormat, ShowArgs, StatusArgs};
use crate::config::Config;
use crate::model::{ItemKey, Trigger};
use crate::render::listing::{ItemColumn, Rows, state_color};
use crate::render::show;
use crate::status::{ItemStatus, State, Statuses, order};
use crate::table::{Cell, Out, Table};
use crate::value::{self, Duration};
use crate::view::{Filter, ItemView, ScenarioView};
use crate::workspace::{Target, Workspace};
use crate::{Failure, Loaded, Result, exit};

/// What a listing shows and how, from its command line.
struct Listing {
    filter: Filter,
    columns: Vec<ItemColumn>,
    wide: bool,
    json: bool,
}

impl Listing {
    fn new(filters: &Filters, layout: &Layout, format: ListFormat) -> Result<Listing> {
        let columns = if layout.columns.is_empty() {
            ItemColumn::DEFAULT.to_vec()
        } else {
            layout.columns.clone()
        };
        Ok(Listing {
            filter: filter(filters)?,
            columns,
            wide: layout.wide,
            json: format == ListFormat::Json,
        })
    }

    /// The checked corpus, with `--scenario` checked against it.
    fn load<'a>(&self, config: &Config, loaded: &'a Loaded) -> Result<&'a Workspace> {
        let ws = loaded.checked(config)?;
        check_filter(ws, &self.filter)?;
        Ok(ws)
    }
}

/// The listing filters of the command line; an unknown `--status` is a usage
/// error rather than an empty list.
pub(crate) fn filter(filters: &Filters) -> Result<Filter> {
    let states = filters
        .status
        .iter()
        .map(|s| {
            State::parse(s).ok_or_else(|| {
                let names: Vec<&str> = State::ALL.iter().map(|s| s.as_str()).collect();
                let hint = value::did_you_mean(s, names.iter().copied());
                Failure::Usage(format!(
                    "unknown status \"{s}\": expected one of {}{hint}",
                    names.join(", ")
                ))
            })
        })
        .collect::<Result<_>>()?;
    Ok(Filter {
        states,
        tags: filters.tag.clone(),
        scenarios: filters.scenario.clone(),
    })
}

/// A `--scenario` that names no scenario is a mistake, not an empty list; a
/// `--tag` that nothing carries gets a warning.
pub(crate) fn check_filter(ws: &Workspace, filter: &Filter) -> Result<()> {
    warn_unknown_tags(ws, &filter.tags);
    for id in &filter.scenarios {
        if ws.index.scenario(id).is_none() {
            let ids = ws.corpus.scenarios.iter().map(|s| s.id.as_str());
            let hint = value::did_you_mean(id, ids);
            return Err(Failure::Invalid(format!(
                "--scenario: no scenario \"{id}\"{hint}"
            )));
        }
    }
    Ok(())
}

/// A `--tag` that nothing in the corpus carries is most likely a typo: say so on
/// stderr (the command still runs, and finds nothing).
pub(crate) fn warn_unknown_tags(ws: &Workspace, tags: &[String]) {
    let corpus = &ws.corpus;
    let all: Vec<&str> = corpus
        .scenarios
        .iter()
        .flat_map(|s| s.tags.iter().chain(s.items.iter().flat_map(|i| &i.tags)))
        .map(String::as_str)
        .collect();
    let style = anstyle::AnsiColor::Yellow.on_default().bold();
    let mut err = anstream::stderr().lock();
    for tag in tags.iter().filter(|t| !all.contains(&t.as_str())) {
        let hint = value::suggest(tag, all.iter().copied())
            .map(|s| format!(" (did you mean \"{s}\"?)"))
            .unwrap_or_default();
        let _ = writeln!(
            err,
            "{style}warning{style:#}: no item or scenario is tagged \"{tag}\"{hint}"
        );
    }
}

/// `whatsnext status`: every item (or those passing the filters), most urgent first.
pub fn status(config: &Config, args: &StatusArgs, loaded: &Loaded) -> Result<u8> {
    let listing = Listing::new(&args.filters, &args.layout, args.format)?;
    let within = args
        .within
        .as_deref()
        .map(|text| {
            Duration::parse(text.trim()).map_err(|e| Failure::Usage(format!("--within: {e}")))
        })
        .transpose()?;
    let ws = listing.load(config, loaded)?;
    let statuses = ws.statuses(config);
    let limit = within.map(|d| d.add_to(config.today));
    let keys = order::sorted(&ws.corpus, &statuses, |key, st| {
        listing.filter.matches(&ws.corpus, key, st)
            && limit.is_none_or(|limit| st.state.is_live() && st.due.is_some_and(|d| d <= limit))
    });
    let mut out = Out::stdout(listing.wide);
    if listing.json {
        write_items(&mut out.w, ws, &statuses, &keys)?;
        writeln!(out.w)?;
    } else if keys.is_empty() {
        let what = if listing.filter.is_set() || limit.is_some() {
            "No watch-items match"
        } else {
            "No watch-items"
        };
        writeln!(out.w, "{what} as of {}.", config.today)?;
    } else {
        let rows = Rows::new(&ws.corpus, &statuses, &listing.columns);
        let mut t = rows.table();
        for row in cells(&rows, &keys) {
            t.row(row);
        }
        out.table(&t)?;
        let line = format!(
            "{} item{} as of {}: {}",
            keys.len(),
            plural(keys.len()),
            config.today,
            state_summary(&statuses, &keys)
        );
        out.styled(&format!("\n{line}\n"), Style::new().dimmed())?;
    }
    out.finish()?;
    Ok(exit::OK)
}

/// `whatsnext due`: the review list, overdue items grouped by how long, then due ones.
pub fn due(config: &Config, args: &DueArgs, loaded: &Loaded) -> Result<u8> {
    let listing = Listing::new(&args.filters, &args.layout, args.format)?;
    let ws = listing.load(config, loaded)?;
    let statuses = ws.statuses(config);
    let keys = order::sorted(&ws.corpus, &statuses, |key, st| {
        matches!(st.state, State::Overdue | State::Due)
            && listing.filter.matches(&ws.corpus, key, st)
    });
    let overdue = keys
        .iter()
        .filter(|k| statuses.get(**k).state == State::Overdue)
        .count();
    let mut out = Out::stdout(listing.wide);
    if listing.json {
        write_items(&mut out.w, ws, &statuses, &keys)?;
        writeln!(out.w)?;
    } else if keys.is_empty() {
        writeln!(out.w, "Nothing due or overdue as of {}.", config.today)?;
    } else {
        let rows = Rows::new(&ws.corpus, &statuses, &listing.columns);
        let mut t = rows.table();
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
        for (&key, row) in keys.iter().zip(cells(&rows, &keys)) {
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
    out.finish()?;
    let failed = match args.fail_on {
        Some(FailOn::Overdue) => overdue > 0,
        Some(FailOn::Due) => !keys.is_empty(),
        None => false,
    };
    Ok(if failed { exit::CONDITION } else { exit::OK })
}

/// The table rows of `keys`, in order, built on every core.
fn cells<'a>(rows: &Rows<'a>, keys: &[ItemKey]) -> Vec<Vec<Cell<'a>>> {
    keys.par_iter().map(|&key| rows.cells(key)).collect()
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
pub fn agenda(config: &Config, args: &AgendaArgs, loaded: &Loaded) -> Result<u8> {
    let listing = Listing::new(&args.filters, &args.layout, args.format)?;
    let ws = listing.load(config, loaded)?;
    let statuses = ws.statuses(config);
    let today = config.today;
    // The last day shown; `None` for `--days 0` (overdue items only).
    let last = args
        .days
        .checked_sub(1)
        .map(|n| Duration::days(n.min(3_650_000)).add_to(today));
    let in_window = |d: NaiveDate| d >= today && last.is_some_and(|l| d <= l);
    let keys = order::sorted(&ws.corpus, &statuses, |key, st| {
        listing.filter.matches(&ws.corpus, key, st)
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
    let mut out = Out::stdout(listing.wide);
    if listing.json {
        write_agenda_json(&mut out.w, ws, &statuses, &agenda, last)?;
    } else {
        let rows = Rows::new(&ws.corpus, &statuses, &listing.columns);
        write_agenda_table(&mut out, &rows, today, &agenda, last)?;
    }
    out.finish()?;
    Ok(exit::OK)
}

fn write_agenda_table<'a>(
    out: &mut Out,
    rows: &Rows<'a>,
    today: NaiveDate,
    agenda: &Agenda,
    last: Option<NaiveDate>,
) -> Result<()> {
    let period = match last {
        Some(l) if l == today => format!("today ({today})"),
        Some(l) => format!("from {today} to {l}"),
        None => format!("as of {today}"),
    };
    if agenda.overdue.is_empty() && agenda.in_grace.is_empty() && agenda.days.is_empty() {
        writeln!(out.w, "Nothing due or overdue {period}.")?;
        return Ok(());
    }
    let mut t = rows.table();
    let bold = Style::new().bold();
    let add = |t: &mut Table<'a>, keys: &[ItemKey]| {
        for &key in keys {
            t.row(rows.cells(key));
        }
    };
    for (title, keys, state) in [
        ("Overdue", &agenda.overdue, State::Overdue),
        ("Past due, within grace", &agenda.in_grace, State::Due),
    ] {
        if !keys.is_empty() {
            let style = bold.fg_color(Some(state_color(state)));
            t.heading(Cell::styled(format!("{title} ({})", keys.len()), style));
            add(&mut t, keys);
        }
    }
    for (date, day) in &agenda.days {
        t.heading(Cell::styled(day_heading(*date, today), bold));
        add(&mut t, &day.due);
        for &key in &day.may_fire {
            // The row sits under the day it may fire: DUE and IN both speak of that day.
            t.row(rows.may_fire(key, *date));
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

/// Items serialized in one parallel batch.
const JSON_BATCH: usize = 256;

/// Batches serialized before they are written, which bounds the memory the
/// JSON of a long list takes.
const JSON_WINDOW: usize = 16;

/// Writes `[ item, item, … ]`, one item per line. The views are serialized by
/// serde_json on every core, a window of batches at a time, and written in order.
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
    for (n, window) in keys.chunks(JSON_BATCH * JSON_WINDOW).enumerate() {
        let parts: Vec<Vec<u8>> = window
            .par_chunks(JSON_BATCH)
            .enumerate()
            .map(|(b, batch)| {
                let mut buf = Vec::with_capacity(batch.len() * 1024);
                for (i, &key) in batch.iter().enumerate() {
                    // The first item of the array has no comma before it.
                    let first = n == 0 && b == 0 && i == 0;
                    buf.extend_from_slice(if first { b"\n" } else { b",\n" });
                    let view = ItemView::new(&ws.corpus, &ws.index, statuses, key);
                    serde_json::to_writer(&mut buf, &view)?;
                }
                Ok(buf)
            })
            .collect::<serde_json::Result<_>>()
            .map_err(json_error)?;
        for part in parts {
            w.write_all(&part)?;
        }
    }
    w.write_all(b"\n]")?;
    Ok(())
}

/// `whatsnext show REF`: one item or one scenario in full.
pub fn show(config: &Config, args: &ShowArgs, loaded: &Loaded) -> Result<u8> {
    let ws = loaded.checked(config)?;
    let target = ws.target(&args.reference)?;
    let statuses = ws.statuses(config);
    let (corpus, index) = (&ws.corpus, &ws.index);
    let mut out = Out::stdout(args.wide);
    match (target, args.format) {
        (Target::Item(key), ListFormat::Json) => {
            let v = ItemView::new(corpus, index, &statuses, key);
            serde_json::to_writer_pretty(&mut out.w, &v).map_err(json_error)?;
            writeln!(out.w)?;
        }
        (Target::Scenario(si), ListFormat::Json) => {
            let items = (0..corpus.scenarios[si].items.len())
                .map(|item| {
                    let key = ItemKey { scenario: si, item };
                    ItemView::new(corpus, index, &statuses, key)
                })
                .collect();
            let v = ScenarioView::new(corpus, &corpus.scenarios[si], items);
            serde_json::to_writer_pretty(&mut out.w, &v).map_err(json_error)?;
            writeln!(out.w)?;
        }
        (Target::Item(key), ListFormat::Table) => {
            show::item(&mut out, corpus, index, &statuses, key)?;
        }
        (Target::Scenario(si), ListFormat::Table) => {
            show::scenario(&mut out, corpus, &statuses, si)?;
        }
    }
    out.finish()?;
    Ok(exit::OK)
}

fn json_error(e: serde_json::Error) -> Failure {
    match e.io_error_kind() {
        Some(kind) => Failure::Io(kind.into()),
        None => Failure::Invalid(format!("cannot write JSON: {e}")),
    }
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

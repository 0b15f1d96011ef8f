//! The commands that change files: `resolve`, `reopen`, `drop`, `snooze`,
//! `note`, `forecast`, `observe` (one watch-item each). `new` and `add` (a new
//! scenario / item) are in `cmd::create`, `init` (a new project) in `cmd::init`.
//!
//! Every edit runs the same way (SPEC §3.2): take the corpus lock, load and
//! validate the corpus under it, check the request against the item, change the
//! file's text with toml_edit (`crate::edit`), validate the result as the loader
//! would, then write it atomically, or print it as a diff with `--dry-run`.
//! A refusal at any step writes nothing and exits 1.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cli::{
    DropArgs, ForecastArgs, NoteArgs, ObserveArgs, ReopenArgs, ResolveArgs, SnoozeArgs,
};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::edit::shown;
use crate::edit::{self, Closed, Doc, Edit, ItemEdit, Refusal};
use crate::lock::EditLock;
use crate::model::Index;
use crate::model::{Due, ItemKey, Scenario, SourceFile, WatchItem};
use crate::validate;
use crate::value;
use crate::workspace::{Workspace, print_diagnostics};
use crate::{Failure, Result, exit, load};

// ---------------------------------------------------------------------------
// Item edits
// ---------------------------------------------------------------------------

pub fn resolve(config: &Config, a: &ResolveArgs) -> Result<u8> {
    let on = day(config, "--on", a.on.as_deref())?;
    let outcome = a.outcome.trim();
    let note = non_empty(a.note.as_deref(), "--note")?;
    edit_item(config, &a.reference, a.edit.dry_run, |cx, e| {
        let (item, r) = (cx.item, &cx.reference);
        cx.require_open(Edit::Resolve)?;
        check_outcome(item, r, outcome)?;
        cx.check_day(on, "the resolution day")?;
        let mut fields = vec![
            format!("on = {}", edit::date_text(on)?),
            format!("outcome = {}", edit::string(outcome)),
        ];
        if let Some(n) = note {
            fields.push(format!("note = {}", edit::string(n)));
        }
        if !a.sources.is_empty() {
            let list: Vec<String> = a.sources.iter().map(|s| edit::string(s)).collect();
            fields.push(format!("sources = [{}]", list.join(", ")));
        }
        let value = edit::parse_value(&format!("{{ {} }}", fields.join(", ")))?;
        e.set("resolution", value, &[]);
        let log = match note {
            Some(n) => format!("resolved: {outcome} — {n}"),
            None => format!("resolved: {outcome}"),
        };
        e.push("log", cx.record(on, &log)?)?;
        cx.warn_if_future(on, "counts as resolved");
        Ok(format!("resolved {r}: {outcome} ({on})"))
    })
}

pub fn reopen(config: &Config, a: &ReopenArgs) -> Result<u8> {
    let note = non_empty(a.note.as_deref(), "--note")?;
    edit_item(config, &a.reference, a.edit.dry_run, |cx, e| {
        let (item, r) = (cx.item, &cx.reference);
        let was = match (&item.resolution, &item.dropped) {
            (Some(res), _) => format!("was resolved: {} on {}", res.outcome, res.on),
            (None, Some(d)) => format!("was dropped on {}", d.on),
            (None, None) => {
                return Err(Refusal::NotClosed {
                    reference: r.clone(),
                }
                .into());
            }
        };
        let on = cx.today;
        cx.check_day(on, "today")?;
        e.remove("resolution");
        e.remove("dropped");
        let log = match note {
            Some(n) => format!("reopened ({was}) — {n}"),
            None => format!("reopened ({was})"),
        };
        e.push("log", cx.record(on, &log)?)?;
        Ok(format!("reopened {r} ({was})"))
    })
}

pub fn drop(config: &Config, a: &DropArgs) -> Result<u8> {
    let on = day(config, "--on", a.on.as_deref())?;
    let reason = non_empty(Some(&a.reason), "--reason")?.unwrap_or_default();
    edit_item(config, &a.reference, a.edit.dry_run, |cx, e| {
        let r = &cx.reference;
        cx.require_open(Edit::Drop)?;
        cx.check_day(on, "the day it is dropped")?;
        let value = edit::parse_value(&format!(
            "{{ on = {}, reason = {} }}",
            edit::date_text(on)?,
            edit::string(reason)
        ))?;
        e.set("dropped", value, &[]);
        e.push("log", cx.record(on, &format!("dropped: {reason}"))?)?;
        cx.warn_if_future(on, "counts as dropped");
        Ok(format!("dropped {r} ({on}): {reason}"))
    })
}

pub fn snooze(config: &Config, a: &SnoozeArgs) -> Result<u8> {
    let to = value::parse_date_or_relative(a.to.trim(), config.today)
        .map_err(|e| Failure::Usage(format!("--to: {e}")))?;
    edit_item(config, &a.reference, a.edit.dry_run, |cx, e| {
        let (item, r) = (cx.item, &cx.reference);
        cx.require_open(Edit::Snooze)?;
        cx.check_day(to, "the new due day")?;
        let on = cx.today;
        // Allowed, but a `--to +1w` that lands before the due day should not pass unseen.
        if let Some(d) = cx.due_in_force().filter(|d| to < *d) {
            eprintln!("note: snoozing {r} moves the due day earlier: {d} → {to}");
        }
        let log = match item.due {
            Some(Due::Date(d)) if d == to => {
                return Err(Refusal::AlreadyDue {
                    reference: r.clone(),
                    on: to,
                }
                .into());
            }
            Some(Due::Date(d)) => format!("snoozed: due {d} → {to}"),
            Some(Due::Relative(d)) => format!("snoozed: due +{d} → {to}"),
            None => format!("snoozed: due set to {to}"),
        };
        e.set("due", edit::date_value(to)?, &["question", "title"]);
        e.push("log", cx.record(on, &log)?)?;
        Ok(format!("snoozed {r}: due {to}"))
    })
}

pub fn note(config: &Config, a: &NoteArgs) -> Result<u8> {
    let on = day(config, "--on", a.on.as_deref())?;
    let text = non_empty(Some(&a.text), "the note")?.unwrap_or_default();
    edit_item(config, &a.reference, a.edit.dry_run, |cx, e| {
        cx.check_day(on, "the note's day")?;
        e.push("log", edit::log_entry(on, text)?)?;
        Ok(format!("noted {} ({on})", cx.reference))
    })
}

pub fn forecast(config: &Config, a: &ForecastArgs) -> Result<u8> {
    let on = day(config, "--on", a.on.as_deref())?;
    let given = parse_probabilities(&a.p)?;
    let by = match &a.by {
        Some(name) if name.trim().is_empty() => {
            return Err(Failure::Usage(
                "--by must name the forecaster (leave it out for the default)".into(),
            ));
        }
        Some(name) => Some(name.as_str()),
        None => config.forecaster.as_deref(),
    };
    edit_item(config, &a.reference, a.edit.dry_run, |cx, e| {
        let (item, r) = (cx.item, &cx.reference);
        cx.require_open(Edit::Forecast(on))?;
        cx.check_day(on, "the forecast's day")?;
        let (p, shown) = forecast_p(item, r, &given)?;
        let entry = edit::parse_value(&forecast_entry(on, &p, by)?)?;
        let shown = match by {
            Some(name) => format!("{shown} (by {name})"),
            None => shown,
        };
        e.push("forecast", entry)?;
        e.push("log", cx.record(on, &format!("forecast: {shown}"))?)?;
        Ok(format!(
            "forecast {r} ({on}): {}",
            crate::text::printable(&shown)
        ))
    })
}

pub fn observe(config: &Config, a: &ObserveArgs) -> Result<u8> {
    let on = day(config, "--on", a.on.as_deref())?;
    let wanted = a.signpost.trim();
    if wanted.is_empty() {
        return Err(Failure::Usage("the signpost text must not be empty".into()));
    }
    edit_item(config, &a.reference, a.edit.dry_run, |cx, e| {
        let (item, r) = (cx.item, &cx.reference);
        let index = find_signpost(item, r, wanted)?;
        let sp = &item.signposts[index];
        if let Some(d) = sp.observed {
            return Err(Refusal::AlreadyObserved {
                reference: r.clone(),
                signpost: sp.text.clone(),
                on: d,
            }
            .into());
        }
        cx.check_day(on, "the observation day")?;
        e.observe_signpost(index, &sp.text, on)?;
        e.push("log", cx.record(on, &format!("observed: {}", sp.text))?)?;
        Ok(format!("observed {r}: \"{}\" ({on})", sp.text))
    })
}

// ---------------------------------------------------------------------------

// ---------------------------------------------------------------------------
// The shared flow
// ---------------------------------------------------------------------------

/// What an item edit sees: the item, its scenario and today.
struct ItemCx<'w> {
    item: &'w WatchItem,
    scenario: &'w Scenario,
    reference: String,
    today: NaiveDate,
    ws: &'w Workspace,
    key: ItemKey,
    config: &'w Config,
}

impl ItemCx<'_> {
    /// The item's due day in force today, as `status` shows it: a relative due
    /// counted from its trigger, an `every` series' current occurrence.
    fn due_in_force(&self) -> Option<NaiveDate> {
        self.ws.statuses(self.config).get(self.key).due
    }

    /// Refuses a day before the scenario's date.
    fn check_day(&self, on: NaiveDate, what: &str) -> Result<()> {
        if on < self.scenario.date {
            return Err(Refusal::BeforeScenario(format!(
                "{what} {on} is before the date of scenario \"{}\" ({})",
                self.scenario.id, self.scenario.date
            ))
            .into());
        }
        Ok(())
    }

    /// The one check of an item's state before an edit that needs it open:
    /// neither resolved (but for a forecast dated before the resolution) nor
    /// dropped.
    fn require_open(&self, edit: Edit) -> Result<()> {
        let item = self.item;
        let closed = match (&item.resolution, &item.dropped) {
            (Some(res), _) if !matches!(edit, Edit::Forecast(made) if made < res.on) => {
                Closed::Resolved {
                    outcome: res.outcome.clone(),
                    on: res.on,
                }
            }
            (_, Some(d)) => Closed::Dropped { on: d.on },
            _ => return Ok(()),
        };
        Err(Refusal::Closed {
            reference: self.reference.clone(),
            closed,
            edit,
        }
        .into())
    }

    /// The log entry an edit other than `note` appends. On an `every` item it
    /// says `check = false`: recording a snooze or a forecast is not the check of
    /// the current occurrence, which only `note` makes.
    fn record(&self, on: NaiveDate, text: &str) -> Result<toml_edit::Value> {
        if self.item.every.is_some() {
            edit::record_entry(on, text)
        } else {
            edit::log_entry(on, text)
        }
    }

    fn warn_if_future(&self, on: NaiveDate, what: &str) {
        if on > self.today {
            eprintln!(
                "note: {on} is after today ({}); {} only {what} from that day",
                self.today, self.reference
            );
        }
    }
}

/// One watch-item edit, start to finish: lock, load, check, change, validate, write.
fn edit_item(
    config: &Config,
    reference: &str,
    dry_run: bool,
    change: impl FnOnce(&ItemCx<'_>, &mut ItemEdit<'_>) -> Result<String>,
) -> Result<u8> {
    let (mut ws, key, _lock) = load_locked(config, dry_run, |ws| {
        let key: ItemKey = ws.item(reference)?;
        Ok((
            ws.corpus.files[ws.corpus.scenario_of(key).file]
                .path
                .clone(),
            key,
        ))
    })?;
    let file_index = ws.corpus.scenarios[key.scenario].file;
    let path = ws.corpus.files[file_index].path.clone();
    let old = loaded_text(&ws, file_index)?;
    let mut doc = Doc::parse(&old).map_err(|e| in_file(&path, e))?;
    let cx = ItemCx {
        item: ws.corpus.item(key),
        scenario: ws.corpus.scenario_of(key),
        reference: ws.corpus.item_ref(key),
        today: config.today,
        ws: &ws,
        key,
        config,
    };
    let message = doc.edit_item(&cx.item.id, |e| change(&cx, e))??;
    let new = doc.render();
    check_result(&mut ws, FileRef::Existing(file_index), &new)?;
    finish(dry_run, &path, Some(&old), &new, &message)
}

/// The corpus, loaded and checked, and the lock on the file `pick` chooses in
/// it (none for a dry run, which writes nothing, not even the lock file). When
/// the file changed while the lock was awaited (another edit of it finished
/// first), the corpus is loaded again, so that the edit applies to the file as
/// it is now rather than being refused.
pub(super) fn load_locked<T>(
    config: &Config,
    dry_run: bool,
    mut pick: impl FnMut(&Workspace) -> Result<(PathBuf, T)>,
) -> Result<(Workspace, T, Option<EditLock>)> {
    let mut ws = Workspace::load_checked(config)?;
    let (mut path, mut picked) = pick(&ws)?;
    if dry_run {
        return Ok((ws, picked, None));
    }
    loop {
        let lock = crate::lock::lock_file(&path)?;
        if ws.corpus.unchanged(&path) {
            return Ok((ws, picked, Some(lock)));
        }
        ws = Workspace::load_checked(config)?;
        let (again, t) = pick(&ws)?;
        if again == path {
            return Ok((ws, t, Some(lock)));
        }
        (path, picked) = (again, t);
    }
}

/// A forecast entry's text, `{ on = DAY, p = P, by = "NAME" }`, `by` left out
/// when the forecast is unattributed; `p` is the probability's TOML text.
pub(super) fn forecast_entry(on: NaiveDate, p: &str, by: Option<&str>) -> Result<String> {
    let by = by
        .map(|name| format!(", by = {}", edit::string(name)))
        .unwrap_or_default();
    Ok(format!("{{ on = {}, p = {p}{by} }}", edit::date_text(on)?))
}

/// The text of a corpus file as it was loaded, to edit: an edit applies to what
/// the model describes, so a file changed since then is refused.
pub(super) fn loaded_text(ws: &Workspace, file_index: usize) -> Result<String> {
    let file = &ws.corpus.files[file_index];
    match file.text() {
        Ok(text) => Ok(text.into_owned()),
        Err(e) => Err(Refusal::Unreadable {
            path: shown(&file.path),
            reason: e.to_string(),
        }
        .into()),
    }
}

pub(super) enum FileRef {
    Existing(usize),
    New(PathBuf),
}

/// Refuses an edit whose result would not load and validate: the file on its own
/// (as the loader reads it) and then the corpus with the file in its new state.
pub(super) fn check_result(ws: &mut Workspace, file: FileRef, new: &str) -> Result<()> {
    let path = match &file {
        FileRef::Existing(i) => ws.corpus.files[*i].path.clone(),
        FileRef::New(p) => p.clone(),
    };
    let (scenario, diags) = load::parse_scenario(&path, new);
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    if !errors.is_empty() {
        return Err(refused(&path, &errors, |_| Some(new)));
    }
    let Some(mut scenario) = scenario else {
        return Err(refused(&path, &[], |_| None));
    };
    match file {
        FileRef::Existing(i) => {
            ws.corpus.files[i].kept = Some(new.to_string());
            scenario.file = i;
            match ws.corpus.scenarios.iter().position(|s| s.file == i) {
                Some(si) => ws.corpus.scenarios[si] = scenario,
                None => ws.corpus.scenarios.push(scenario),
            }
        }
        FileRef::New(p) => {
            ws.corpus.files.push(SourceFile::kept(p, new));
            scenario.file = ws.corpus.files.len() - 1;
            ws.corpus.scenarios.push(scenario);
        }
    }
    let idx = Index::new(&ws.corpus);
    let mut diags = Vec::new();
    validate::validate(&ws.corpus, &idx, &mut diags);
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    if !errors.is_empty() {
        let texts = ws.corpus.texts_of(errors.iter().map(|d| d.path.as_path()));
        return Err(refused(&path, &errors, |p| {
            texts.get(p).and_then(|t| t.as_deref())
        }));
    }
    Ok(())
}

/// Prints the errors an edit would cause and refuses it.
fn refused<'t>(
    path: &Path,
    errors: &[Diagnostic],
    text_of: impl Fn(&Path) -> Option<&'t str>,
) -> Failure {
    print_diagnostics(errors, text_of);
    Refusal::WouldBeInvalid(shown(path)).into()
}

/// Writes the new text (or prints the diff for a dry run) and the confirmation.
pub(super) fn finish(
    dry_run: bool,
    path: &Path,
    old: Option<&str>,
    new: &str,
    message: &str,
) -> Result<u8> {
    let shown_path = shown(path);
    if dry_run {
        let old_label = match old {
            Some(_) => format!("a/{}", shown_path.display()),
            None => "/dev/null".to_string(),
        };
        let diff = edit::unified_diff(
            &old_label,
            &format!("b/{}", shown_path.display()),
            old.unwrap_or(""),
            new,
        );
        print_diff(&diff)?;
        eprintln!("dry run: nothing written");
        return Ok(exit::OK);
    }
    match old {
        Some(old) => edit::write_atomic(path, old.as_bytes(), new.as_bytes())?,
        None => edit::create_new(path, new.as_bytes())?,
    }
    let mut out = anstream::stdout().lock();
    writeln!(out, "{message}")?;
    Ok(exit::OK)
}

fn print_diff(diff: &str) -> Result<()> {
    use anstyle::AnsiColor;
    let bold = anstyle::Style::new().bold();
    let red = AnsiColor::Red.on_default();
    let green = AnsiColor::Green.on_default();
    let cyan = AnsiColor::Cyan.on_default();
    let mut out = std::io::BufWriter::new(anstream::stdout().lock());
    for line in diff.lines() {
        let style = if line.starts_with("--- ") || line.starts_with("+++ ") {
            bold
        } else if line.starts_with("@@") {
            cyan
        } else if line.starts_with('-') {
            red
        } else if line.starts_with('+') {
            green
        } else {
            anstyle::Style::new()
        };
        writeln!(out, "{style}{line}{style:#}")?;
    }
    out.flush()?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------

/// A day flag: YYYY-MM-DD, `today` or +DURATION from today; absent → today.
pub(super) fn day(config: &Config, flag: &str, text: Option<&str>) -> Result<NaiveDate> {
    match text {
        None => Ok(config.today),
        Some(t) => value::parse_date_or_relative(t.trim(), config.today)
            .map_err(|e| Failure::Usage(format!("{flag}: {e}"))),
    }
}

pub(super) fn non_empty<'a>(text: Option<&'a str>, what: &str) -> Result<Option<&'a str>> {
    match text.map(str::trim) {
        Some("") => Err(Failure::Usage(format!("{what} must not be empty"))),
        other => Ok(other),
    }
}

fn check_outcome(item: &WatchItem, r: &str, outcome: &str) -> Result<()> {
    if item.outcomes().iter().any(|o| o == outcome) {
        return Ok(());
    }
    let hint = value::did_you_mean(outcome, item.outcomes().iter().map(String::as_str));
    Err(Refusal::Outcome(format!(
        "\"{outcome}\" is not an outcome of {r}; its outcomes are: {}{hint}",
        item.outcomes().join(", ")
    ))
    .into())
}

/// `--p` values: `P` or `OUTCOME=P` (also comma-separated), P a number in [0, 1]
/// or a percentage.
pub(super) fn parse_probabilities(args: &[String]) -> Result<Vec<(Option<String>, f64)>> {
    let mut out = Vec::new();
    for part in args.iter().flat_map(|a| a.split(',')) {
        let part = part.trim();
        let (outcome, number) = match part.rsplit_once('=') {
            Some((o, n)) => (Some(o.trim().to_string()), n.trim()),
            None => (None, part),
        };
        let p = parse_probability(number).ok_or_else(|| {
            Failure::Usage(format!(
                "--p \"{part}\": expected a probability between 0 and 1 (like 0.7 or 70%)"
            ))
        })?;
        if let Some(o) = &outcome
            && o.is_empty()
        {
            return Err(Failure::Usage(format!(
                "--p \"{part}\": the outcome is missing"
            )));
        }
        out.push((outcome, p));
    }
    let bare = out.iter().filter(|(o, _)| o.is_none()).count();
    if bare > 0 && out.len() > 1 {
        return Err(Failure::Usage(
            "--p: give either one probability of `yes`, or OUTCOME=P for each outcome".into(),
        ));
    }
    Ok(out)
}

fn parse_probability(text: &str) -> Option<f64> {
    let p = match text.strip_suffix('%') {
        Some(pct) => pct.trim().parse::<f64>().ok()? / 100.0,
        None => text.parse::<f64>().ok()?,
    };
    (p.is_finite() && (0.0..=1.0).contains(&p)).then_some(p)
}

/// The forecast's `p` as TOML text and as shown in the log.
fn forecast_p(
    item: &WatchItem,
    r: &str,
    given: &[(Option<String>, f64)],
) -> Result<(String, String)> {
    let binary = item.is_binary();
    if let [(None, p)] = given {
        if !binary {
            return Err(Refusal::Outcome(format!(
                "{r} has outcomes {}: give each one's probability, like --p {}=0.5 ...",
                item.outcomes().join(", "),
                item.outcomes()[0]
            ))
            .into());
        }
        return Ok((
            edit::probability(*p),
            format!("yes {}", edit::probability(*p)),
        ));
    }
    let mut table: Vec<(&str, f64)> = Vec::new();
    for (o, p) in given {
        let o = o.as_deref().unwrap_or_default();
        let Some(known) = item.outcomes().iter().find(|k| k.as_str() == o) else {
            let hint = value::did_you_mean(o, item.outcomes().iter().map(String::as_str));
            return Err(Refusal::Outcome(format!(
                "\"{o}\" is not an outcome of {r}; its outcomes are: {}{hint}",
                item.outcomes().join(", ")
            ))
            .into());
        };
        if table.iter().any(|(k, _)| *k == known) {
            return Err(Refusal::Outcome(format!("--p gives \"{o}\" twice")).into());
        }
        table.push((known, *p));
    }
    let sum: f64 = table.iter().map(|(_, p)| p).sum();
    // A yes/no item may name one side only: the other is the rest.
    if binary && table.len() == 1 {
        let (o, p) = table[0];
        let yes = if o == "yes" { p } else { 1.0 - p };
        let yes = edit::probability(yes);
        return Ok((yes.clone(), format!("yes {yes}")));
    }
    if (sum - 1.0).abs() > 0.001 {
        return Err(Refusal::Outcome(format!(
            "the probabilities sum to {}, not 1",
            (sum * 1000.0).round() / 1000.0
        ))
        .into());
    }
    if binary {
        let yes = table
            .iter()
            .find(|(o, _)| *o == "yes")
            .map_or(0.0, |(_, p)| *p);
        let yes = edit::probability(yes);
        return Ok((yes.clone(), format!("yes {yes}")));
    }
    // Written in the item's order of outcomes, whatever the order on the command line.
    table.sort_by_key(|(o, _)| item.outcomes().iter().position(|k| k == o));
    let toml: Vec<String> = table
        .iter()
        .map(|(o, p)| format!("{} = {}", edit::key(o), edit::probability(*p)))
        .collect();
    let shown: Vec<String> = table
        .iter()
        .map(|(o, p)| format!("{o} {}", edit::probability(*p)))
        .collect();
    Ok((format!("{{ {} }}", toml.join(", ")), shown.join(", ")))
}

/// The signpost `wanted` names: its exact text, else the one signpost whose text
/// contains it (ignoring case).
fn find_signpost(item: &WatchItem, r: &str, wanted: &str) -> Result<usize> {
    if let Some(i) = item.signposts.iter().position(|s| s.text == wanted) {
        return Ok(i);
    }
    let lower = wanted.to_lowercase();
    let matches: Vec<usize> = (0..item.signposts.len())
        .filter(|&i| item.signposts[i].text.to_lowercase().contains(&lower))
        .collect();
    let list = |idx: &mut dyn Iterator<Item = usize>| {
        idx.map(|i| format!("\n  - {}", item.signposts[i].text))
            .collect::<String>()
    };
    match matches.as_slice() {
        [one] => Ok(*one),
        [] if item.signposts.is_empty() => {
            Err(Refusal::Signpost(format!("{r} has no signposts")).into())
        }
        [] => Err(Refusal::Signpost(format!(
            "no signpost of {r} matches \"{wanted}\"; its signposts are:{}",
            list(&mut (0..item.signposts.len()))
        ))
        .into()),
        many => Err(Refusal::Signpost(format!(
            "\"{wanted}\" matches several signposts of {r}; give more of the text:{}",
            list(&mut many.iter().copied())
        ))
        .into()),
    }
}

pub(super) fn in_file(path: &Path, e: String) -> Failure {
    Refusal::InvalidFile(format!("{}: {e}", shown(path).display())).into()
}

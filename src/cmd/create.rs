//! `whatsnext new` and `whatsnext add`: a new scenario file, a new item at the
//! end of one. They run like every edit (`cmd::edit`): under the lock, the result
//! validated with the corpus before it is written.

use crate::cli::{AddArgs, NewArgs};
use crate::cmd::edit::{
    FileRef, check_result, day, finish, forecast_entry, in_file, load_locked, loaded_text,
    non_empty, parse_probabilities,
};
use crate::config::Config;
use crate::edit::{self, Doc, Refusal, shown};
use crate::model::{Due, Priority};
use crate::value;
use crate::{Failure, Result};

pub fn new(config: &Config, a: &NewArgs) -> Result<u8> {
    let id = a.id.trim();
    if !value::is_kebab_case(id) {
        return Err(Failure::Usage(format!(
            "scenario id \"{id}\" must be kebab-case (lowercase letters, digits and single hyphens); it is also the file name"
        )));
    }
    let title = non_empty(Some(&a.title), "--title")?.unwrap_or_default();
    let date = day(config, "--date", a.date.as_deref())?;
    let path = config.scenarios.join(format!("{id}.toml"));
    let (mut ws, (), _lock) = load_locked(config, a.edit.dry_run, |_| Ok((path.clone(), ())))?;
    if let Some(si) = ws.index.scenario(id) {
        let path = &ws.corpus.files[ws.corpus.scenarios[si].file].path;
        return Err(Refusal::Exists(format!(
            "a scenario with id \"{id}\" already exists: {}",
            shown(path).display()
        ))
        .into());
    }
    if path.symlink_metadata().is_ok() {
        return Err(Refusal::Exists(format!(
            "{} already exists; nothing written",
            shown(&path).display()
        ))
        .into());
    }
    let text = format!(
        "id = {}\ntitle = {}\ndate = {}\n",
        edit::string(id),
        edit::string(title),
        edit::date_text(date)?
    );
    check_result(&mut ws, FileRef::New(path.clone()), &text)?;
    let message = format!(
        "created {}: add items with `whatsnext add {id} --id ITEM --title TEXT`",
        shown(&path).display()
    );
    finish(a.edit.dry_run, &path, None, &text, &message)
}

pub fn add(config: &Config, a: &AddArgs) -> Result<u8> {
    let id = a.id.trim();
    if !value::is_kebab_case(id) {
        return Err(Failure::Usage(format!(
            "item id \"{id}\" must be kebab-case (lowercase letters, digits and single hyphens)"
        )));
    }
    let title = non_empty(Some(&a.title), "--title")?.unwrap_or_default();
    let question = non_empty(a.question.as_deref(), "--question")?;
    let due = match a.due.as_deref().map(str::trim) {
        None => None,
        Some(text) if text.starts_with('+') => Some(Due::Relative(
            value::parse_relative(text).map_err(|e| Failure::Usage(format!("--due: {e}")))?,
        )),
        Some(text) => Some(Due::Date(
            value::parse_date_or_relative(text, config.today)
                .map_err(|e| Failure::Usage(format!("--due: {e}")))?,
        )),
    };
    let outcomes: Vec<&str> = a.outcomes.iter().map(|o| o.trim()).collect();
    if !outcomes.is_empty() {
        if outcomes.len() < 2 {
            return Err(Failure::Usage(
                "--outcomes needs at least two outcomes (without it an item is yes/no)".into(),
            ));
        }
        for (i, o) in outcomes.iter().enumerate() {
            if o.is_empty() {
                return Err(Failure::Usage("an outcome must not be empty".into()));
            }
            if outcomes[..i].contains(o) {
                return Err(Failure::Usage(format!("duplicate outcome \"{o}\"")));
            }
        }
    }
    let priority = match a.priority.as_deref().map(str::trim) {
        None => None,
        Some(p) => Some(Priority::parse(p).ok_or_else(|| {
            Failure::Usage(format!(
                "unknown priority \"{p}\": expected one of {}",
                Priority::NAMES.join(", ")
            ))
        })?),
    };
    let extra = add_fields(config, a)?;
    let (mut ws, si, _lock) = load_locked(config, a.edit.dry_run, |ws| {
        let Some(si) = ws.index.scenario(a.scenario.trim()) else {
            let hint = value::did_you_mean(
                a.scenario.trim(),
                ws.corpus.scenarios.iter().map(|s| s.id.as_str()),
            );
            return Err(Refusal::NotFound(format!(
                "no scenario \"{}\"{hint}; create it with `whatsnext new`",
                a.scenario.trim()
            ))
            .into());
        };
        Ok((
            ws.corpus.files[ws.corpus.scenarios[si].file].path.clone(),
            si,
        ))
    })?;
    let scenario = &ws.corpus.scenarios[si];
    let reference = format!("{}/{id}", scenario.id);
    if scenario.items.iter().any(|i| i.id == id) {
        return Err(
            Refusal::Exists(format!("{reference} already exists; choose another --id")).into(),
        );
    }
    if let Some(Due::Date(d)) = due
        && d < scenario.date
    {
        return Err(Refusal::BeforeScenario(format!(
            "the due day {d} is before the scenario's date {}",
            scenario.date
        ))
        .into());
    }
    let mut fields = vec![
        ("id", edit::parse_value(&edit::string(id))?),
        ("title", edit::parse_value(&edit::string(title))?),
    ];
    if let Some(q) = question {
        fields.push(("question", edit::parse_value(&edit::string(q))?));
    }
    match due {
        Some(Due::Date(d)) => fields.push(("due", edit::date_value(d)?)),
        Some(Due::Relative(d)) => {
            fields.push(("due", edit::parse_value(&edit::string(&format!("+{d}")))?));
        }
        None => {}
    }
    if !outcomes.is_empty() {
        fields.push(("outcomes", string_array(&outcomes)?));
    }
    if !a.tags.is_empty() {
        let tags: Vec<&str> = a.tags.iter().map(|t| t.trim()).collect();
        fields.push(("tags", string_array(&tags)?));
    }
    if let Some(p) = priority {
        fields.push(("priority", edit::parse_value(&edit::string(p.as_str()))?));
    }
    fields.extend(extra);
    let file_index = scenario.file;
    let path = ws.corpus.files[file_index].path.clone();
    let old = loaded_text(&ws, file_index)?;
    let mut doc = Doc::parse(&old).map_err(|e| in_file(&path, e))?;
    doc.append_item(&fields)?;
    let new = doc.render();
    check_result(&mut ws, FileRef::Existing(file_index), &new)?;
    let due_text = match due {
        Some(Due::Date(d)) => format!(", due {d}"),
        Some(Due::Relative(d)) => format!(", due +{d}"),
        None => String::new(),
    };
    let message = format!("added {reference}: {title}{due_text}");
    finish(a.edit.dry_run, &path, Some(&old), &new, &message)
}

/// The keys `add` takes beyond id, title, question, due, outcomes, tags and
/// priority, each checked as a flag here; how they fit together (a forecast's
/// outcomes, a trigger's target, `until` without `every`) is checked on the
/// resulting file, as for any edit.
fn add_fields(config: &Config, a: &AddArgs) -> Result<Vec<(&'static str, toml_edit::Value)>> {
    let mut fields = Vec::new();
    let duration = |flag: &str, text: &str| {
        value::Duration::parse(text.trim())
            .map(|d| edit::string(&d.to_string()))
            .map_err(|e| Failure::Usage(format!("{flag}: {e}")))
    };
    if !a.triggers.is_empty() {
        let mut list = Vec::new();
        for t in &a.triggers {
            let t = t.trim();
            if let Ok(day) = value::parse_date(t) {
                list.push(format!("{{ on = {} }}", edit::date_text(day)?));
                continue;
            }
            let (target, outcomes) = match t.split_once('=') {
                Some((r, o)) => (r.trim(), Some(o)),
                None => (t, None),
            };
            value::Reference::parse(target)
                .map_err(|e| Failure::Usage(format!("--trigger: {e}")))?;
            let mut entry = format!("{{ after = {}", edit::string(target));
            if let Some(o) = outcomes {
                let o: Vec<&str> = o.split(',').map(str::trim).collect();
                if o.iter().any(|x| x.is_empty()) {
                    return Err(Failure::Usage(format!(
                        "--trigger \"{t}\": an outcome is empty"
                    )));
                }
                let quoted: Vec<String> = o.iter().map(|x| edit::string(x)).collect();
                entry.push_str(&format!(", outcome = [{}]", quoted.join(", ")));
            }
            entry.push_str(" }");
            list.push(entry);
        }
        fields.push((
            "trigger",
            edit::parse_value(&format!("[{}]", list.join(", ")))?,
        ));
    }
    for (key, flag, text) in [
        ("lead", "--lead", &a.lead),
        ("grace", "--grace", &a.grace),
        ("every", "--every", &a.every),
    ] {
        if let Some(t) = text {
            fields.push((key, edit::parse_value(&duration(flag, t)?)?));
        }
    }
    if let Some(t) = &a.until {
        let day = value::parse_date_or_relative(t.trim(), config.today)
            .map_err(|e| Failure::Usage(format!("--until: {e}")))?;
        fields.push(("until", edit::date_value(day)?));
    }
    if let Some(f) = &a.forecast {
        let given = parse_probabilities(std::slice::from_ref(f))?;
        let p = match given.as_slice() {
            [(None, p)] => edit::probability(*p),
            table => {
                let parts: Vec<String> = table
                    .iter()
                    .map(|(o, p)| {
                        format!(
                            "{} = {}",
                            edit::key(o.as_deref().unwrap_or_default()),
                            edit::probability(*p)
                        )
                    })
                    .collect();
                format!("{{ {} }}", parts.join(", "))
            }
        };
        // Named like `forecast`'s without --by: the analyst's own forecaster.
        let entry = forecast_entry(config.today, &p, config.forecaster.as_deref())?;
        fields.push(("forecast", edit::parse_value(&format!("[{entry}]"))?));
    }
    if !a.signposts.is_empty() {
        let texts: Vec<&str> = a.signposts.iter().map(|s| s.trim()).collect();
        if texts.iter().any(|t| t.is_empty()) {
            return Err(Failure::Usage(
                "--signpost: the text must not be empty".into(),
            ));
        }
        fields.push(("signposts", string_array(&texts)?));
    }
    Ok(fields)
}

fn string_array(items: &[&str]) -> Result<toml_edit::Value> {
    let list: Vec<String> = items.iter().map(|s| edit::string(s)).collect();
    edit::parse_value(&format!("[{}]", list.join(", ")))
}

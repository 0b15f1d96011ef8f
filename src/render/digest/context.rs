//! The template context of a digest (the README's "Template context") and its
//! rendering: dedicated `Serialize` views, built from the sections' first
//! `limit` entries only, so that the engine's work follows what is shown.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use tera::value::Key;
use tera::{Context, Map, Value};

use super::{Digest, Section};
use crate::model::{Probability, Source};
use crate::render::templates::{Format, TemplateError, Templates};
use crate::score::{self, Filter, Scorecard};
use crate::view::{
    DroppedView, DurationText, ForecastView, ItemView, ProbabilityView, ResolutionView,
};

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeP {
    pub outcome: String,
    pub p: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoredForecast {
    pub on: NaiveDate,
    /// Who made it; null when unattributed.
    pub by: Option<String>,
    pub probabilities: Vec<OutcomeP>,
    /// The probability it gave the outcome that happened.
    pub p_outcome: f64,
    /// Its Brier score (0 is perfect) and log score (0 is perfect; at worst ln 0.001).
    pub brier: f64,
    pub log_score: f64,
}

/// A source as a label to print and, for web and mail addresses only, a link.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub title: Option<String>,
    pub url: Option<String>,
    /// The title, else the address.
    pub label: String,
    /// The address when it is `http:`, `https:` or `mailto:`; null otherwise, so
    /// that a `javascript:` address never becomes a link.
    pub href: Option<String>,
}

/// An entry's item fields: those of [`ItemView`] but its history (`forecasts`,
/// `signposts`, `log`), which `show` prints and a digest does not, so that a
/// long digest gives the engine less to hold. The fields many entries hold
/// alike are [`Shared`] values.
#[derive(Serialize)]
struct Entry<'v, 'a> {
    #[serde(rename = "ref")]
    reference: &'v str,
    scenario: Value,
    scenario_title: Value,
    id: &'a str,
    title: &'a str,
    question: Option<&'a str>,
    criteria: Option<&'a str>,
    status: &'static str,
    due: Option<NaiveDate>,
    days_until_due: Option<i64>,
    fired_on: Option<NaiveDate>,
    moot_on: Option<NaiveDate>,
    resolution: &'v Option<ResolutionView<'a>>,
    dropped: &'v Option<DroppedView<'a>>,
    tags: Value,
    priority: &'static str,
    outcomes: Value,
    forecast: Value,
    triggers: Value,
    every: &'v Option<DurationText>,
    until: Option<NaiveDate>,
    lead: &'v DurationText,
    grace: &'v DurationText,
}

impl<'v, 'a> Entry<'v, 'a> {
    /// The entry of `v`, whose triggers' values are `triggers`.
    fn of(
        v: &'v ItemView<'a>,
        triggers: Vec<Value>,
        shared: &mut Shared<'a>,
    ) -> Result<Self, tera::Error> {
        let triggers = shared.values(triggers);
        let forecast = match &v.forecast {
            Some(f) => shared.forecast(f)?,
            None => Value::none(),
        };
        Ok(Entry {
            reference: &v.reference,
            scenario: shared.string(v.scenario),
            scenario_title: shared.string(v.scenario_title),
            id: v.id,
            title: v.title,
            question: v.question,
            criteria: v.criteria,
            status: v.status,
            due: v.due,
            days_until_due: v.days_until_due,
            fired_on: v.fired_on,
            moot_on: v.moot_on,
            resolution: &v.resolution,
            dropped: &v.dropped,
            tags: shared.list(v.tags),
            priority: v.priority,
            outcomes: shared.list(v.outcomes),
            forecast,
            triggers,
            every: &v.every,
            until: v.until,
            lead: &v.lead,
            grace: &v.grace,
        })
    }
}

/// A table of probabilities as written: (outcome, bits of its probability).
type TableBits = Vec<(u32, u64)>;

/// Template values that many entries hold alike, each made once and shared:
/// Tera's lists, maps and strings longer than 21 bytes (shorter ones it holds
/// inline) are reference-counted, so that an entry holding a shared one costs
/// a pointer, not a copy. A scenario's title, an outcome or tag list, a
/// forecast's table of probabilities and its list of them (forecasts are
/// mostly round numbers) repeat across a long digest.
#[derive(Default)]
struct Shared<'a> {
    strings: HashMap<&'a str, Value>,
    lists: HashMap<&'a [String], Value>,
    /// By the outcomes and the bits of each rounded probability.
    probabilities: HashMap<(&'a [String], Vec<u64>), Value>,
    /// An [`OutcomeP`] of those lists, by its outcome and the bits of its
    /// probability: the same few outcomes and round numbers recur.
    outcome_ps: HashMap<(&'a str, u64), Value>,
    /// By the outcomes and the table as written.
    tables: HashMap<(&'a [String], TableBits), Value>,
}

impl<'a> Shared<'a> {
    fn string(&mut self, s: &'a str) -> Value {
        self.strings
            .entry(s)
            .or_insert_with(|| Value::from(s))
            .clone()
    }

    fn list(&mut self, list: &'a [String]) -> Value {
        self.lists
            .entry(list)
            .or_insert_with(|| Value::from(list.iter().map(String::as_str).collect::<Vec<_>>()))
            .clone()
    }

    /// A list of `values`; the one shared empty list when there are none.
    fn values(&mut self, values: Vec<Value>) -> Value {
        if values.is_empty() {
            self.list(&[])
        } else {
            Value::from(values)
        }
    }

    /// The forecast's template value, its table of probabilities shared.
    fn forecast(&mut self, f: &ForecastView<'a>) -> Result<Value, tera::Error> {
        let ProbabilityView(p, outcomes) = f.p;
        let Probability::Table(table) = p else {
            return value(f);
        };
        let key = (
            outcomes,
            table.iter().map(|&(o, x)| (o, x.to_bits())).collect(),
        );
        let p = match self.tables.get(&key) {
            Some(p) => p.clone(),
            None => {
                let p = value(&f.p)?;
                self.tables.insert(key, p.clone());
                p
            }
        };
        let mut map = map_of(f, 0)?;
        map.insert(Key::Str("p"), p);
        Ok(Value::from(map))
    }

    /// [`outcome_ps`], shared, as are its elements.
    fn probabilities(&mut self, p: &Probability, outcomes: &'a [String]) -> Value {
        let ps: Vec<(&'a str, f64)> = rounded_ps(p, outcomes).collect();
        let bits = ps.iter().map(|&(_, p)| p.to_bits()).collect();
        let elements = &mut self.outcome_ps;
        self.probabilities
            .entry((outcomes, bits))
            .or_insert_with(|| {
                let list: Vec<Value> = ps
                    .iter()
                    .map(|&(outcome, p)| {
                        elements
                            .entry((outcome, p.to_bits()))
                            .or_insert_with(|| {
                                let outcome = outcome.to_string();
                                Value::from_serializable(&OutcomeP { outcome, p })
                            })
                            .clone()
                    })
                    .collect();
                Value::from(list)
            })
            .clone()
    }
}

/// What a section leaves out: how many entries, and the command that lists them.
#[derive(Debug, Clone, Serialize)]
struct More {
    count: usize,
    command: Option<String>,
}

/// Any serializable value as a template value.
fn value<T: Serialize + ?Sized>(x: &T) -> Result<Value, tera::Error> {
    Value::try_from_serializable(x)
}

/// A struct's template value as a map, to add fields to.
fn map_of<T: Serialize + ?Sized>(x: &T, extra: usize) -> Result<Map, tera::Error> {
    let mut map = value(x)?
        .into_map()
        .ok_or_else(|| tera::Error::message("a digest value is not a map"))?;
    map.reserve(extra);
    Ok(map)
}

impl Digest<'_> {
    /// How many entries of `section` the digest shows.
    pub fn shown(&self, section: Section) -> usize {
        let len = self.sections.len(section);
        self.limit.map_or(len, |limit| len.min(limit))
    }

    /// Renders the digest with template `name`.
    pub fn render(&self, templates: &Templates, name: &str) -> Result<String, TemplateError> {
        let mut out = Vec::new();
        self.render_to(templates, name, &mut out)?;
        String::from_utf8(out).map_err(|e| TemplateError {
            template: Some(name.to_string()),
            path: None,
            message: e.to_string(),
            write_failed: None,
        })
    }

    /// Renders the digest with template `name` into `w` as it goes, so that a
    /// long digest is never held whole in memory beside its context.
    pub fn render_to(
        &self,
        templates: &Templates,
        name: &str,
        w: impl std::io::Write,
    ) -> Result<(), TemplateError> {
        let context = self
            .context(templates.format())
            .map_err(|e| templates.tera_error(&e))?;
        templates.render_context_to(name, &context, w)
    }

    /// The template context for a digest in `format`: every variable of the
    /// README's "Template context". The entries are converted on every core.
    pub fn context(&self, format: Format) -> Result<Context, tera::Error> {
        let mut context = Context::new();
        context.insert_value("week", Value::from(self.week.to_string()));
        context.insert_value("year", Value::from(self.week.year()));
        context.insert_value("number", Value::from(self.week.number()));
        context.insert_value("start", value(&self.start)?);
        context.insert_value("end", value(&self.end)?);
        context.insert_value("dates", Value::from(self.week.dates()));
        context.insert_value("as_of", value(&self.as_of)?);
        context.insert_value("today", value(&self.today)?);
        context.insert_value("phase", Value::from(self.phase));
        context.insert_value("coming_up", value(&self.coming_up)?);
        context.insert_value("counts", value(&self.counts)?);
        context.insert_value("empty", Value::from(self.is_empty()));
        context.insert_value("limit", value(&self.limit)?);
        let mut sections = Map::with_capacity(Section::ALL.len());
        let mut more = Map::with_capacity(Section::ALL.len());
        // The shared values of each worker thread, which only that thread
        // locks: the entries are split finely, for balance, and still share
        // with every other entry their thread builds.
        let caches: Vec<Mutex<Shared>> = (0..rayon::current_num_threads())
            .map(|_| Mutex::default())
            .collect();
        for section in Section::ALL {
            let entries: Vec<Value> = (0..self.shown(section))
                .into_par_iter()
                .map(|i| {
                    let thread = rayon::current_thread_index().unwrap_or(0);
                    // Never waited for: were the cache ever busy (a job
                    // nested in another on the same thread), the entry shares
                    // nothing rather than wait for itself.
                    match caches[thread % caches.len()].try_lock() {
                        Ok(mut shared) => self.entry(section, i, &mut shared),
                        Err(_) => self.entry(section, i, &mut Shared::default()),
                    }
                })
                .collect::<Result<_, _>>()?;
            sections.insert(Key::Str(section.name()), Value::from(entries));
            more.insert(
                Key::Str(section.name()),
                value(&self.more(section, format))?,
            );
        }
        context.insert_value("sections", Value::from(sections));
        context.insert_value("more", Value::from(more));
        context.insert_value("scorecard", self.scorecard(format)?);
        Ok(context)
    }

    /// What `section` leaves out, and a command that lists all of it as of A:
    /// `status` where a status says exactly what the section holds, else this
    /// digest without the limit.
    fn more(&self, section: Section, format: Format) -> More {
        let count = self.sections.len(section) - self.shown(section);
        if count == 0 {
            return More {
                count,
                command: None,
            };
        }
        let today = if self.as_of == self.today {
            String::new()
        } else {
            format!("--today {} ", self.as_of)
        };
        let command = match section {
            Section::Overdue => format!("whatsnext {today}status --status overdue"),
            Section::Pending => format!("whatsnext {today}status --status pending"),
            _ => {
                let format = match format {
                    Format::Markdown => "",
                    Format::Html => " --format html",
                    Format::Text => " --format text",
                };
                format!("whatsnext digest --week {}{format} --all", self.week)
            }
        };
        More {
            count,
            command: Some(command),
        }
    }

    /// The scorecard as the templates see it: the week's scores beside the
    /// running totals, or none while nothing is scored by A. Like a section,
    /// each of the week's lists of scored or unscored items holds at most
    /// `limit` entries, the latest ones; the to-date lists hold at most
    /// `history`, even with `--all`. The counts and means are over all of them.
    /// In HTML it also holds `calibration_svg`, the chart of the scores to date
    /// (markup the template prints as it is: every text in it is escaped).
    pub fn scorecard(&self, format: Format) -> Result<Value, tera::Error> {
        let score = |filter: Filter, latest: Option<usize>| {
            let filter = Filter { latest, ..filter };
            score::score(self.corpus, self.as_of, &filter)
        };
        // The two scorecards side by side, each on its own core.
        let (to_date, week) = rayon::join(
            || score(Filter::default(), Some(self.history)),
            || score(Filter::resolved_between(self.start, self.end), self.limit),
        );
        if to_date.scored == 0 {
            return Ok(Value::none());
        }
        let mut map = Map::with_capacity(3);
        map.insert(Key::Str("week"), scores(&week)?);
        map.insert(Key::Str("to_date"), scores(&to_date)?);
        if format == Format::Html {
            let title = format!("Calibration of all forecasts resolved by {}", self.as_of);
            let svg = crate::render::calibration::svg(&to_date.calibration, &title);
            map.insert(Key::Str("calibration_svg"), Value::safe_string(&svg));
        }
        Ok(Value::from(map))
    }

    /// Entry `i` of `section`: the item's [`Entry`] fields as of A, its latest
    /// forecast as a list, and what its section adds.
    fn entry<'a>(
        &'a self,
        section: Section,
        i: usize,
        shared: &mut Shared<'a>,
    ) -> Result<Value, tera::Error> {
        let key = self.sections.key(section, i);
        let (corpus, as_of) = (self.corpus, self.as_of);
        let item = corpus.item(key);
        let st = self.statuses.get(key);
        let view = ItemView::new(corpus, self.index, &self.statuses, key);
        let triggers: Vec<Value> = view.triggers.iter().map(value).collect::<Result<_, _>>()?;
        // The view's forecast is the latest as of A: the statuses are A's.
        let probabilities = match &view.forecast {
            Some(f) => shared.probabilities(f.p.0, item.outcomes()),
            None => shared.list(&[]),
        };
        let mut extra: Vec<(&'static str, Value)> = Vec::with_capacity(5);
        extra.push(("probabilities", probabilities));
        extra.push((
            "forecast_by",
            value(&view.forecast.as_ref().and_then(|f| f.by))?,
        ));
        match section {
            Section::Overdue => {
                let days_overdue = st.due.map_or(0, |d| (as_of - d).num_days());
                extra.push(("days_overdue", Value::from(days_overdue)));
            }
            Section::Due | Section::ComingUp => {}
            Section::Resolved => {
                let r = item.resolution.as_ref();
                let sources: Vec<SourceView> = r
                    .map(|r| r.sources.iter().map(source_view).collect())
                    .unwrap_or_default();
                let scored_forecast = r.and_then(|r| {
                    score::scored_forecast(item, r.on).map(|f| {
                        let s = score::score_forecast(item, &f.p, &r.outcome);
                        ScoredForecast {
                            on: f.on,
                            by: f.by.clone(),
                            probabilities: outcome_ps(&f.p, item.outcomes()),
                            p_outcome: round(s.p_outcome),
                            // Exact: the template's `fixed` is the one rounding
                            // (as in `score`).
                            brier: s.brier,
                            log_score: s.log_score,
                        }
                    })
                });
                extra.push(("sources", value(&sources)?));
                extra.push(("scored_forecast", value(&scored_forecast)?));
            }
            Section::Fired => {
                let fired_by: Vec<Value> = (view.triggers.iter().zip(&triggers))
                    .filter(|(t, _)| t.fired_on == st.fired_on)
                    .map(|(_, v)| v.clone())
                    .collect();
                extra.push(("fired_by", shared.values(fired_by)));
            }
            Section::Dropped => {
                let closed = &self.sections.dropped[i];
                extra.push(("how", Value::from(closed.how)));
                extra.push(("on", value(&closed.on)?));
                extra.push(("reason", value(&closed.reason)?));
            }
            Section::Pending => {
                let waiting_for: Vec<Value> = (view.triggers.iter().zip(&triggers))
                    .filter(|(t, _)| !t.fired)
                    .map(|(_, v)| v.clone())
                    .collect();
                extra.push(("waiting_for", shared.values(waiting_for)));
            }
        }
        let mut map = map_of(&Entry::of(&view, triggers, shared)?, extra.len())?;
        for (name, v) in extra {
            map.insert(Key::Str(name), v);
        }
        Ok(Value::from(map))
    }
}

/// A scorecard's template value: the fields of [`Scorecard`] plus `tags`, its
/// `by_tag` as a list in tag order, each with a `tag` field, and `forecasters`,
/// its `by_forecaster` likewise with `forecaster` (the name, `""` when
/// unattributed) and `label` (the name, or "unattributed").
fn scores(card: &Scorecard) -> Result<Value, tera::Error> {
    let mut map = map_of(card, 2)?;
    let forecasters = card
        .by_forecaster
        .iter()
        .map(|(name, score)| {
            let mut t = map_of(score, 2)?;
            t.insert(Key::Str("forecaster"), Value::from(name.as_str()));
            let label = if name.is_empty() {
                "unattributed"
            } else {
                name
            };
            t.insert(Key::Str("label"), Value::from(label));
            Ok(Value::from(t))
        })
        .collect::<Result<Vec<Value>, tera::Error>>()?;
    map.insert(Key::Str("forecasters"), Value::from(forecasters));
    let tags = card
        .by_tag
        .iter()
        .map(|(tag, score)| {
            let mut t = map_of(score, 1)?;
            t.insert(Key::Str("tag"), Value::from(tag.as_str()));
            Ok(Value::from(t))
        })
        .collect::<Result<Vec<Value>, tera::Error>>()?;
    map.insert(Key::Str("tags"), Value::from(tags));
    Ok(Value::from(map))
}

/// Rounded to 9 decimals like the scorecard's JSON, so that a template printing
/// a raw score shows 0.09 rather than 0.09000000000000002.
fn round(x: f64) -> f64 {
    (x * 1e9).round() / 1e9 + 0.0
}

/// A forecast as one probability per outcome, in the item's order.
fn outcome_ps(p: &Probability, outcomes: &[String]) -> Vec<OutcomeP> {
    rounded_ps(p, outcomes)
        .map(|(outcome, p)| OutcomeP {
            outcome: outcome.to_string(),
            p,
        })
        .collect()
}

/// Each outcome in the item's order with its probability, [`round`]ed.
fn rounded_ps<'a>(p: &Probability, outcomes: &'a [String]) -> impl Iterator<Item = (&'a str, f64)> {
    outcomes
        .iter()
        .map(move |o| (o.as_str(), round(p.of(outcomes, o))))
}

fn source_view(s: &Source) -> SourceView {
    let href = s.url.as_ref().filter(|u| crate::text::is_web_or_mail(u));
    SourceView {
        title: s.title.clone(),
        url: s.url.clone(),
        label: s
            .title
            .clone()
            .or_else(|| s.url.clone())
            .unwrap_or_default(),
        href: href.cloned(),
    }
}

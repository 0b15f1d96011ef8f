//! The scenario and its watch-items, key by key: each value checked, each
//! problem a diagnostic at its position, everything that parses kept.

use super::{Cx, Fields, ITEM_KEYS, SCENARIO_KEYS, Value, is_scenario_id};
use crate::diagnostic::Diagnostic;
use crate::model::{
    Brief, Dropped, Due, Forecast, LogEntry, Priority, Probability, Resolution, Scenario, Signpost,
    Span, Trigger, WatchItem,
};
use crate::tree::{Table, Val};
use crate::value::{self, Reference};

impl Cx<'_> {
    pub(super) fn scenario(&mut self, root: &Table<'_>) -> Option<Scenario> {
        let f = self.fields(root, SCENARIO_KEYS, "scenario");
        let file_start = self.offset..self.offset;
        let (id, id_span) = match f.get("id") {
            Some(v) => {
                let id = self.as_string(v, "id");
                if let Some(id) = &id
                    && !is_scenario_id(id)
                {
                    self.error_at(
                        v,
                        "scenario `id` must be non-empty and printable, without white space, backticks or `/`",
                    );
                }
                (id, self.span(v.span()))
            }
            None => {
                let stem = self
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned());
                if let Some(stem) = &stem
                    && !is_scenario_id(stem)
                {
                    let at = self.content_start().unwrap_or(file_start.clone());
                    self.error(
                        at,
                        format!(
                            "the file name \"{}\" cannot be a scenario id (it has white space, a backtick or a control character): give the scenario an explicit `id = \"...\"`",
                            value::shown(stem)
                        ),
                    );
                }
                (stem, file_start.clone())
            }
        };
        // A missing key is shown where the scenario's own text begins, past
        // the comments at the top of the file.
        let content_start = self.content_start().unwrap_or(file_start.clone());
        let title = self.required_string(&f, "title", &content_start, "scenario");
        let date = match f.get("date") {
            Some(v) => self.date(v, "date"),
            None => {
                self.missing(content_start, "date", "scenario");
                None
            }
        };
        let summary = self.string(&f, "summary");
        let tags = self.strings(&f, "tags");
        let actors = self.strings(&f, "actors");
        let regions = self.strings(&f, "regions");
        let sources = match f.get("sources") {
            Some(v) => self.sources(v),
            None => Vec::new(),
        };
        let brief = match f.get("brief") {
            Some(v) => self.brief(v),
            None => Brief::default(),
        };
        let mut items = Vec::new();
        if let Some(v) = f.get("watch")
            && let Some(arr) = self.array(v, "watch")
        {
            items.reserve(arr.len());
            for entry in arr {
                if let Some(t) = self.table(entry, "watch") {
                    let span = self.span(entry.span());
                    if let Some(item) = self.item(t, span) {
                        items.push(item);
                    }
                }
            }
        }
        self.duplicate_items(&items);
        Some(Scenario {
            file: 0,
            id: id?,
            id_span,
            title: title?,
            date: date?,
            summary,
            tags,
            actors,
            regions,
            sources,
            brief,
            items,
        })
    }

    fn duplicate_items(&mut self, items: &[WatchItem]) {
        // Most scenarios have a handful of items, where comparing each with those
        // before it is quicker than building a map.
        let mut seen: crate::idmap::IdMap<&str, usize> = crate::idmap::IdMap::default();
        for (i, item) in items.iter().enumerate() {
            let first = if items.len() <= 16 {
                items[..i].iter().position(|prior| prior.id == item.id)
            } else {
                match seen.entry(&item.id) {
                    std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(i);
                        None
                    }
                }
            };
            if let Some(first) = first {
                let d = Diagnostic::error(
                    self.path,
                    Some(item.id_span.clone()),
                    format!("duplicate item id \"{}\" in this scenario", item.id),
                )
                .with_note(format!(
                    "first defined at {}",
                    self.position(items[first].id_span.start)
                ));
                self.diags.push(d);
            }
        }
    }

    fn position(&self, at: usize) -> String {
        let (line, col) = crate::diagnostic::line_col(self.text, at);
        format!("{}:{line}:{col}", self.path.display())
    }

    fn brief(&mut self, v: &Value<'_>) -> Brief {
        let mut brief = Brief::default();
        let Some(t) = self.table(v, "brief") else {
            return brief;
        };
        let f = self.fields(t, &Brief::KEYS, "[brief]");
        for key in Brief::KEYS {
            let text = self.string(&f, key);
            if let Some(slot) = brief.field_mut(key) {
                *slot = text;
            }
        }
        brief
    }

    fn sources(&mut self, v: &Value<'_>) -> Vec<crate::model::Source> {
        let Some(arr) = self.array(v, "sources") else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(arr.len());
        for e in arr {
            match e.get_ref() {
                Val::String(s) => {
                    self.check_url(e, s);
                    out.push(crate::model::Source {
                        title: None,
                        url: Some(s.to_string()),
                    })
                }
                Val::Table(t) => {
                    let f = self.fields(t, &["title", "url"], "source");
                    let title = self.string(&f, "title");
                    let url = self.string(&f, "url");
                    if let (Some(u), Some(v)) = (&url, f.get("url")) {
                        self.check_url(v, u);
                    }
                    if url.is_none() && f.get("url").is_none() {
                        self.missing(self.span(e.span()), "url", "source");
                    }
                    out.push(crate::model::Source { title, url });
                }
                _ => self.wrong_type(e, "sources", "a URL string or { title, url }"),
            }
        }
        out
    }

    fn item(&mut self, t: &Table<'_>, span: Span) -> Option<WatchItem> {
        let f = self.fields(t, ITEM_KEYS, "[[watch]]");
        let head = span.start..span.start;
        let mut id_span = head.clone();
        let id = match f.get("id") {
            None => {
                self.missing(head.clone(), "id", "[[watch]]");
                None
            }
            Some(v) => {
                id_span = self.span(v.span());
                let id = self.as_string(v, "id");
                match id {
                    Some(id) if value::is_kebab_case(&id) => Some(id),
                    Some(id) => {
                        self.error_at(
                            v,
                            format!(
                                "item id \"{}\" must be kebab-case (lowercase letters, digits and single hyphens)",
                                value::shown(&id)
                            ),
                        );
                        None
                    }
                    None => None,
                }
            }
        };
        let title = self.required_string(&f, "title", &head, "[[watch]]");
        let question = self.string(&f, "question");
        let criteria = self.string(&f, "criteria");
        let due = f.get("due").and_then(|v| self.due(v));
        let lead = self.duration(&f, "lead");
        let grace = self.duration(&f, "grace");
        let (written_outcomes, outcomes_given) = match f.get("outcomes") {
            None => (Vec::new(), false),
            Some(v) => (self.outcomes(&f, v), true),
        };
        let outcomes: &[String] = if outcomes_given {
            &written_outcomes
        } else {
            crate::model::yes_no()
        };
        let forecasts = match f.get("forecast") {
            Some(v) => self.forecasts(v, outcomes),
            None => Vec::new(),
        };
        let signposts = match f.get("signposts") {
            Some(v) => self.signposts(v),
            None => Vec::new(),
        };
        let tags = self.strings(&f, "tags");
        let priority = match f.get("priority") {
            None => Some(Priority::default()),
            Some(v) => {
                let s = self.as_string(v, "priority");
                let p = s.as_deref().and_then(Priority::parse);
                if let (None, Some(s)) = (p, &s) {
                    let hint = value::did_you_mean(s, Priority::NAMES);
                    self.error_at(
                        v,
                        format!(
                            "unknown priority \"{}\": expected one of low, normal, high, critical{hint}",
                            value::shown(s)
                        ),
                    );
                }
                p
            }
        };
        let triggers = match f.get("trigger") {
            Some(v) => self.triggers(v),
            None => Vec::new(),
        };
        let every = self.duration(&f, "every");
        if let (Some(e), Some(v)) = (every, f.get("every"))
            && e.count == 0
        {
            self.error_at(v, "`every` must be a positive duration, like \"1w\"");
        }
        let until = self.date_field(&f, "until");
        if until.is_some() && f.get("every").is_none() {
            let span = f.key_span("until").map_or(head.clone(), |s| self.span(s));
            self.error(
                span,
                "`until` ends an `every` series: this item has no `every`",
            );
        }
        let resolution = match f.get("resolution") {
            Some(v) => self.resolution(v, outcomes).map(Box::new),
            None => None,
        };
        let dropped = match f.get("dropped") {
            Some(v) => self.dropped(v).map(Box::new),
            None => None,
        };
        let log = match f.get("log") {
            Some(v) => self.log(v),
            None => Vec::new(),
        };
        Some(WatchItem {
            id: id?,
            id_span,
            span,
            title: title?,
            question,
            criteria,
            due,
            lead,
            grace,
            written_outcomes,
            outcomes_given,
            forecasts,
            signposts,
            tags,
            priority: priority.unwrap_or_default(),
            triggers,
            every,
            until,
            resolution,
            dropped,
            log,
        })
    }

    fn due(&mut self, v: &Value<'_>) -> Option<Due> {
        match v.get_ref() {
            Val::String(s) if !s.starts_with('+') && value::parse_date(s).is_err() => {
                self.error_at(
                    v,
                    format!(
                        "invalid due \"{}\": expected a date, a datetime or a relative due like \"+30d\"",
                        value::shown(s)
                    ),
                );
                None
            }
            Val::String(s) if s.starts_with('+') => match value::parse_relative(s) {
                Ok(d) => Some(Due::Relative(d)),
                Err(e) => {
                    self.error_at(v, format!("`due`: {e}"));
                    None
                }
            },
            _ => self.date(v, "due").map(Due::Date),
        }
    }

    fn outcomes(&mut self, f: &Fields<'_, '_>, v: &Value<'_>) -> Vec<String> {
        let list = self.strings(f, "outcomes");
        if let Val::Array(a) = v.get_ref() {
            if a.len() < 2 {
                self.error_at(v, "`outcomes` needs at least two outcomes");
            }
            for (i, (e, s)) in a.iter().zip(&list).enumerate() {
                if s.trim().is_empty() {
                    self.error_at(e, "an outcome must not be empty");
                } else if list[..i].contains(s) {
                    self.error_at(e, format!("duplicate outcome \"{}\"", value::shown(s)));
                }
            }
        }
        list
    }

    fn forecasts(&mut self, v: &Value<'_>, outcomes: &[String]) -> Vec<Forecast> {
        let Some(arr) = self.array(v, "forecast") else {
            return Vec::new();
        };
        let binary = outcomes.len() == 2 && outcomes[0] == "yes" && outcomes[1] == "no";
        let mut out = Vec::with_capacity(arr.len());
        for e in arr {
            let Some(t) = self.table(e, "forecast") else {
                continue;
            };
            let f = self.fields(t, &["on", "p", "by"], "forecast");
            let at = self.span(e.span());
            let on = match f.get("on") {
                Some(v) => self.date(v, "on"),
                None => {
                    self.missing(at.clone(), "on", "forecast");
                    None
                }
            };
            let p = match f.get("p") {
                None => {
                    self.missing(at.clone(), "p", "forecast");
                    None
                }
                Some(pv) => self.forecast_p(pv, outcomes, binary),
            };
            let by = self.forecaster(&f);
            if let (Some(on), Some(p), Some(by)) = (on, p, by) {
                out.push(Forecast {
                    on,
                    p,
                    by,
                    span: at,
                });
            }
        }
        out
    }

    /// A forecast's `by`: `Some(None)` when absent, `None` when it is wrong.
    fn forecaster(&mut self, f: &Fields<'_, '_>) -> Option<Option<String>> {
        let Some(v) = f.get("by") else {
            return Some(None);
        };
        let name = self.as_string(v, "by")?;
        if name.trim().is_empty() {
            self.error_at(
                v,
                "`by` must name the forecaster: leave it out for an unattributed forecast",
            );
            return None;
        }
        Some(Some(name))
    }

    fn forecast_p(
        &mut self,
        v: &Value<'_>,
        outcomes: &[String],
        binary: bool,
    ) -> Option<Probability> {
        match v.get_ref() {
            Val::Table(t) => {
                let mut list = Vec::with_capacity(t.len());
                let mut sum = 0.0;
                let mut ok = true;
                for (k, pv) in t.iter() {
                    let key: &str = k.get_ref();
                    let Some(index) = outcomes.iter().position(|o| o == key) else {
                        let hint = value::did_you_mean(key, outcomes.iter().map(String::as_str));
                        self.error(
                            self.span(k.span()),
                            format!(
                                "forecast for unknown outcome `{}`; outcomes are: {}{hint}",
                                value::shown(key),
                                value::shown_list(outcomes)
                            ),
                        );
                        ok = false;
                        continue;
                    };
                    match self.probability(pv, key) {
                        Some(p) => {
                            sum += p;
                            list.push((index as u32, p));
                        }
                        None => ok = false,
                    }
                }
                if ok && (sum - 1.0).abs() > 0.001 {
                    self.error_at(
                        v,
                        format!("forecast probabilities sum to {}, not 1", round3(sum)),
                    );
                    ok = false;
                }
                ok.then(|| Probability::Table(list.into_boxed_slice()))
            }
            Val::Integer(_) | Val::Float(_) => {
                if !binary {
                    self.error_at(
                        v,
                        format!(
                            "a single-number `p` is the probability of `yes`, but this item's outcomes are {}: give a table like {{ {} = 0.5, ... }}",
                            value::shown_list(outcomes),
                            outcomes.first().map_or("outcome".to_string(), |o| toml_key(o))
                        ),
                    );
                    return None;
                }
                self.probability(v, "p").map(Probability::Yes)
            }
            _ => {
                self.wrong_type(v, "p", "a probability or a table outcome = probability");
                None
            }
        }
    }

    fn signposts(&mut self, v: &Value<'_>) -> Vec<Signpost> {
        let Some(arr) = self.array(v, "signposts") else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(arr.len());
        for e in arr {
            match e.get_ref() {
                Val::String(s) => out.push(Signpost {
                    text: s.to_string(),
                    observed: None,
                }),
                Val::Table(t) => {
                    let f = self.fields(t, &["text", "observed"], "signpost");
                    let text = self.required_string(&f, "text", &self.span(e.span()), "signpost");
                    let observed = self.date_field(&f, "observed");
                    if let Some(text) = text {
                        out.push(Signpost { text, observed });
                    }
                }
                _ => self.wrong_type(e, "signposts", "a string or { text, observed }"),
            }
        }
        out
    }

    fn triggers(&mut self, v: &Value<'_>) -> Vec<Trigger> {
        // A single inline table is accepted as a one-trigger list.
        let single;
        let list: &[Value<'_>] = match v.get_ref() {
            Val::Array(a) => a,
            Val::Table(_) => {
                single = [v.clone()];
                &single
            }
            _ => {
                self.wrong_type(
                    v,
                    "trigger",
                    "an array of { on = DATE } or { after = \"item\" }",
                );
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(list.len());
        for e in list {
            let Some(t) = self.table(e, "trigger") else {
                continue;
            };
            let f = self.fields(t, &["on", "after", "outcome"], "trigger");
            let at = self.span(e.span());
            match (f.get("on"), f.get("after")) {
                (Some(_), Some(_)) => self.error(
                    at,
                    "a trigger has either `on` (a date) or `after` (an item), not both",
                ),
                (None, None) => {
                    self.error(at, "a trigger needs `on = DATE` or `after = \"item-id\"`")
                }
                (Some(on), None) => {
                    if let Some(ov) = f.get("outcome") {
                        self.error_at(ov, "`outcome` belongs to an `after` trigger");
                    }
                    if let Some(date) = self.date(on, "on") {
                        out.push(Trigger::On { date });
                    }
                }
                (None, Some(after)) => {
                    let Some(text) = self.as_string(after, "after") else {
                        continue;
                    };
                    let target = match Reference::parse(&text) {
                        Ok(r) => r,
                        Err(e) => {
                            self.error_at(after, e.to_string());
                            continue;
                        }
                    };
                    let mut outcome_spans = Vec::new();
                    let outcomes = match f.get("outcome") {
                        None => None,
                        Some(ov) => match ov.get_ref() {
                            Val::String(s) => {
                                outcome_spans.push(self.span(ov.span()));
                                Some(vec![s.to_string()])
                            }
                            Val::Array(a) => {
                                let mut list = Vec::with_capacity(a.len());
                                for e in a.iter() {
                                    if let Some(s) = self.as_string(e, "outcome") {
                                        list.push(s);
                                        outcome_spans.push(self.span(e.span()));
                                    }
                                }
                                Some(list)
                            }
                            _ => {
                                self.wrong_type(ov, "outcome", "an outcome or a list of outcomes");
                                None
                            }
                        },
                    };
                    out.push(Trigger::After {
                        target,
                        outcomes,
                        outcome_spans,
                        span: self.span(after.span()),
                    });
                }
            }
        }
        out
    }

    fn resolution(&mut self, v: &Value<'_>, outcomes: &[String]) -> Option<Resolution> {
        let t = self.table(v, "resolution")?;
        let f = self.fields(t, &["on", "outcome", "note", "sources"], "resolution");
        let at = self.span(v.span());
        let on = match f.get("on") {
            Some(d) => self.date(d, "on"),
            None => {
                self.missing(at.clone(), "on", "resolution");
                None
            }
        };
        let on_span = f.get("on").map_or(at.clone(), |d| self.span(d.span()));
        let outcome_span = f.get("outcome").map_or(at.clone(), |o| self.span(o.span()));
        let outcome = self.required_string(&f, "outcome", &at, "resolution");
        if let Some(o) = &outcome
            && !outcomes.contains(o)
        {
            let hint = value::did_you_mean(o, outcomes.iter().map(String::as_str));
            self.error(
                outcome_span.clone(),
                format!(
                    "resolution outcome \"{}\" is not one of this item's outcomes: {}{hint}",
                    value::shown(o),
                    value::shown_list(outcomes)
                ),
            );
        }
        let note = self.string(&f, "note");
        let sources = match f.get("sources") {
            Some(s) => self.sources(s),
            None => Vec::new(),
        };
        Some(Resolution {
            on: on?,
            on_span,
            outcome: outcome?,
            outcome_span,
            note,
            sources,
        })
    }

    fn dropped(&mut self, v: &Value<'_>) -> Option<Dropped> {
        let t = self.table(v, "dropped")?;
        let f = self.fields(t, &["on", "reason"], "dropped");
        let on = match f.get("on") {
            Some(d) => self.date(d, "on"),
            None => {
                self.missing(self.span(v.span()), "on", "dropped");
                None
            }
        };
        let reason = self.string(&f, "reason");
        Some(Dropped { on: on?, reason })
    }

    fn log(&mut self, v: &Value<'_>) -> Vec<LogEntry> {
        let Some(arr) = self.array(v, "log") else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(arr.len());
        for e in arr {
            let Some(t) = self.table(e, "log") else {
                continue;
            };
            let f = self.fields(t, &["on", "note", "check"], "log entry");
            let at = self.span(e.span());
            let on = match f.get("on") {
                Some(d) => self.date(d, "on"),
                None => {
                    self.missing(at.clone(), "on", "log entry");
                    None
                }
            };
            let note = self.required_string(&f, "note", &at, "log entry");
            let check = match f.get("check") {
                None => Some(true),
                Some(v) => self.boolean(v, "check"),
            };
            if let (Some(on), Some(note), Some(check)) = (on, note, check) {
                out.push(LogEntry { on, note, check });
            }
        }
        out
    }
}

/// An outcome written as a TOML key, for a hint the user can paste: bare when
/// it can be, quoted otherwise (`no-deal`, but `"no deal"`).
fn toml_key(outcome: &str) -> String {
    let bare = !outcome.is_empty()
        && outcome
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare {
        outcome.to_string()
    } else {
        format!("{:?}", value::shown(outcome))
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

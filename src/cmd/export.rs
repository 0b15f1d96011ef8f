//! `whatsnext export`: the corpus as of T, as one JSON document or as an RFC 5545
//! calendar of to-dos.
//!
//! Both formats are streamed (one scenario's views in memory at a time) and are a
//! pure function of the files and T: no wall clock, no random ids, a fixed order
//! (the corpus order: files by name, items as written), so two runs give the same
//! bytes. The filters are those of `status`. `-o FILE` replaces FILE atomically.

use std::io::{self, BufWriter, Write};

use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::cli::{ExportArgs, ExportFormat};
use crate::cmd::list;
use crate::config::Config;
use crate::ics;
use crate::model::{ItemKey, Priority};
use crate::status::{State, Statuses};
use crate::view::{Filter, ItemView, ScenarioView};
use crate::workspace::Workspace;
use crate::{Failure, Loaded, Result, exit, fsutil};

/// The calendar's name, as calendar apps show it.
const CALENDAR_NAME: &str = "whatsnext";
/// The domain part of every UID (RFC 5545 recommends `id@domain`).
const UID_DOMAIN: &str = "whatsnext";

pub fn run(config: &Config, args: &ExportArgs, loaded: &Loaded) -> Result<u8> {
    let filter = list::filter(&args.filters)?;
    let ws = loaded.checked(config)?;
    list::check_filter(ws, &filter)?;
    let statuses = ws.statuses(config);
    let export = Export {
        ws,
        statuses: &statuses,
        selection: select(ws, &statuses, &filter),
    };
    let write = |out: &mut dyn Write| match args.format {
        ExportFormat::Json => export.write_json(out),
        ExportFormat::Ics => export.write_ics(out),
    };
    match &args.output {
        // Atomic: a reader never sees half an export.
        Some(path) => fsutil::write_atomic_with(path, write)
            .map_err(|e| Failure::Invalid(format!("cannot write {}: {e}", path.display())))?,
        None => {
            // Machine-readable output is never coloured: write the bytes as they are.
            let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
            write(&mut out)?;
            out.flush()?;
        }
    }
    Ok(exit::OK)
}

/// The scenarios to export, in corpus order, each with its items that pass the
/// filters. Without `--status` or `--tag`, a scenario with no items is kept (its
/// metadata is part of the corpus); with them, only scenarios with a match are.
fn select(ws: &Workspace, statuses: &Statuses, filter: &Filter) -> Vec<(usize, Vec<ItemKey>)> {
    ws.corpus
        .scenarios
        .iter()
        .enumerate()
        .filter(|(_, s)| filter.keeps_scenario(s))
        .filter_map(|(si, s)| {
            let keys: Vec<ItemKey> = (0..s.items.len())
                .map(|item| ItemKey { scenario: si, item })
                .filter(|k| filter.matches(&ws.corpus, *k, statuses.get(*k)))
                .collect();
            (!filter.selects_items() || !keys.is_empty()).then_some((si, keys))
        })
        .collect()
}

struct Export<'a> {
    ws: &'a Workspace,
    statuses: &'a Statuses,
    selection: Vec<(usize, Vec<ItemKey>)>,
}

impl Export<'_> {
    fn today(&self) -> NaiveDate {
        self.statuses.today
    }

    fn item_view(&self, key: ItemKey) -> ItemView<'_> {
        ItemView::new(&self.ws.corpus, &self.ws.index, self.statuses, key)
    }

    /// `{ "today": "YYYY-MM-DD", "scenarios": [ScenarioView, …] }`, pretty-printed.
    fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"  ");
        let mut ser = serde_json::Serializer::with_formatter(&mut *out, formatter);
        self.serialize(&mut ser)?;
        out.write_all(b"\n")
    }

    fn write_ics(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut w = ics::Writer::new(out);
        w.begin("VCALENDAR")?;
        w.value("VERSION", "2.0")?;
        w.text(
            "PRODID",
            concat!(
                "-//whatsnext//whatsnext ",
                env!("CARGO_PKG_VERSION"),
                "//EN"
            ),
        )?;
        w.value("CALSCALE", "GREGORIAN")?;
        w.value("METHOD", "PUBLISH")?;
        w.text("X-WR-CALNAME", CALENDAR_NAME)?;
        // Hints for subscribed calendars: look again once a day.
        w.value("REFRESH-INTERVAL;VALUE=DURATION", "P1D")?;
        w.value("X-PUBLISHED-TTL", "P1D")?;
        for (_, keys) in &self.selection {
            for key in keys {
                let view = self.item_view(*key);
                if let Some(due) = view.due {
                    self.write_todo(&mut w, *key, &view, due)?;
                }
            }
        }
        w.end("VCALENDAR")
    }

    fn write_todo(
        &self,
        w: &mut ics::Writer<&mut dyn Write>,
        key: ItemKey,
        view: &ItemView,
        due: NaiveDate,
    ) -> io::Result<()> {
        let corpus = &self.ws.corpus;
        let item = corpus.item(key);
        w.begin("VTODO")?;
        w.value("UID", &uid(view.scenario, view.id))?;
        w.value("DTSTAMP", &ics::midnight_utc(self.today()))?;
        w.value("DUE;VALUE=DATE", &ics::date(due))?;
        w.text("SUMMARY", view.title)?;
        w.text("DESCRIPTION", &description(view, self.today()))?;
        let scenario_tags = &corpus.scenario_of(key).tags;
        let mut categories: Vec<&str> = Vec::new();
        for tag in view.tags.iter().chain(scenario_tags) {
            if !tag.is_empty() && !categories.contains(&tag.as_str()) {
                categories.push(tag);
            }
        }
        if !categories.is_empty() {
            w.text_list("CATEGORIES", categories)?;
        }
        w.value("PRIORITY", priority(item.priority))?;
        match self.statuses.get(key).state {
            State::Resolved => {
                w.value("STATUS", "COMPLETED")?;
                if let Some(r) = &view.resolution {
                    w.value("COMPLETED", &ics::midnight_utc(r.on))?;
                }
            }
            State::Dropped | State::Moot => w.value("STATUS", "CANCELLED")?,
            _ => w.value("STATUS", "NEEDS-ACTION")?,
        }
        let url = view
            .resolution
            .iter()
            .flat_map(|r| r.sources)
            .filter_map(|s| s.url.as_deref())
            .find(|u| is_safe_uri(u));
        if let Some(url) = url {
            w.value("URL", url)?;
        }
        w.end("VTODO")
    }
}

/// The JSON document, built one scenario at a time while it is written.
impl Serialize for Export<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut doc = serializer.serialize_struct("Export", 2)?;
        doc.serialize_field("today", &self.today())?;
        doc.serialize_field("scenarios", &Scenarios(self))?;
        doc.end()
    }
}

struct Scenarios<'a, 'b>(&'b Export<'a>);

impl Serialize for Scenarios<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let export = self.0;
        let corpus = &export.ws.corpus;
        serializer.collect_seq(export.selection.iter().map(|(si, keys)| {
            let items = keys.iter().map(|k| export.item_view(*k)).collect();
            ScenarioView::new(corpus, &corpus.scenarios[*si], items)
        }))
    }
}

/// `scenario/item@whatsnext`, each id percent-encoded outside `A-Z a-z 0-9 - . _ ~`
/// so that the UID is plain ASCII, needs no escaping and stays unambiguous.
fn uid(scenario: &str, item: &str) -> String {
    format!(
        "{}/{}@{UID_DOMAIN}",
        percent_encode(scenario),
        percent_encode(item)
    )
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// RFC 5545 PRIORITY: 1 is the highest, 9 the lowest, 5 the middle.
fn priority(p: Priority) -> &'static str {
    match p {
        Priority::Critical => "1",
        Priority::High => "3",
        Priority::Normal => "5",
        Priority::Low => "9",
    }
}

/// A URI can be written as is when it has no spaces or control characters.
fn is_safe_uri(url: &str) -> bool {
    !url.is_empty() && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// The to-do's notes: the question, where it comes from, its status as of T, what
/// triggered or resolved it, the latest forecast, the signposts, and its ref.
fn description(v: &ItemView, today: NaiveDate) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(q) = &v.question {
        paragraphs.push(q.to_string());
    }

    let mut facts = vec![
        format!("Scenario: {} ({})", v.scenario_title, v.scenario),
        format!("Status on {today}: {}", v.status),
    ];
    if let Some(fired) = v.fired_on {
        let why: Vec<&str> = v
            .triggers
            .iter()
            .filter(|t| t.fired)
            .map(|t| t.text.as_str())
            .collect();
        if why.is_empty() {
            facts.push(format!("Triggered on {fired}"));
        } else {
            facts.push(format!("Triggered on {fired} ({})", why.join("; ")));
        }
    }
    if let Some(r) = &v.resolution {
        facts.push(format!("Resolved on {}: {}", r.on, r.outcome));
        if let Some(note) = &r.note {
            facts.push(note.to_string());
        }
        facts.extend(r.sources.iter().map(|s| format!("Source: {}", s.text())));
    }
    if let Some(d) = &v.dropped {
        match &d.reason {
            Some(reason) => facts.push(format!("Dropped on {}: {reason}", d.on)),
            None => facts.push(format!("Dropped on {}", d.on)),
        }
    }
    if v.status == State::Moot.as_str() {
        match v.moot_on {
            Some(on) => facts.push(format!("Moot since {on}: none of its triggers can fire")),
            None => facts.push("Moot: none of its triggers can fire".into()),
        }
    }
    if let Some(every) = &v.every {
        match v.until {
            Some(until) => facts.push(format!("Repeats every {every} until {until}")),
            None => facts.push(format!("Repeats every {every}")),
        }
    }
    if let Some(f) = &v.forecast {
        facts.push(format!(
            "Forecast of {}: {}",
            f.on,
            forecast_text(&f.p.to_json())
        ));
    }
    paragraphs.push(facts.join("\n"));

    if !v.signposts.is_empty() {
        let mut lines = vec!["Signposts:".to_string()];
        lines.extend(v.signposts.iter().map(|s| match s.observed {
            Some(on) => format!("- {} (observed {on})", s.text),
            None => format!("- {}", s.text),
        }));
        paragraphs.push(lines.join("\n"));
    }
    paragraphs.push(format!("Ref: {}", v.reference));
    paragraphs.join("\n\n")
}

/// `yes 0.45`, or `ceasefire 0.1, framework 0.3, no-deal 0.6`.
fn forecast_text(p: &serde_json::Value) -> String {
    match p {
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(o, x)| format!("{o} {x}"))
            .collect::<Vec<_>>()
            .join(", "),
        other => format!("yes {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_keep_plain_ids_and_encode_the_rest() {
        assert_eq!(
            uid("putin-kim", "alaska-summit"),
            "putin-kim/alaska-summit@whatsnext"
        );
        assert_eq!(
            uid("a b/c", "x;y,é@"),
            "a%20b%2Fc/x%3By%2C%C3%A9%40@whatsnext"
        );
    }

    #[test]
    fn priorities_map_to_the_rfc_scale() {
        assert_eq!(priority(Priority::Critical), "1");
        assert_eq!(priority(Priority::High), "3");
        assert_eq!(priority(Priority::Normal), "5");
        assert_eq!(priority(Priority::Low), "9");
    }

    #[test]
    fn only_uris_without_spaces_or_controls_are_written() {
        assert!(is_safe_uri("https://example.org/a?b=c,d;e"));
        assert!(!is_safe_uri("https://example.org/a b"));
        assert!(!is_safe_uri("https://example.org/\r\nX-EVIL:1"));
        assert!(!is_safe_uri(""));
    }
}

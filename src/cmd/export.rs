//! `whatsnext export`: the corpus as of T, as one JSON document or as an RFC 5545
//! calendar of to-dos or all-day events.
//!
//! Both formats are streamed (one scenario's views in memory at a time) and are a
//! pure function of the files and T: no wall clock, no random ids, a fixed order
//! (the corpus order: files by name, items as written), so two runs give the same
//! bytes. The filters are those of `status`. `-o FILE` replaces FILE atomically.

use std::io::{self, BufWriter, Write};

use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::cli::{ExportArgs, ExportFormat, IcsKind};
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
/// The domain part of an event's UID: an item's event and its to-do are distinct
/// components, and a calendar that imports both must not take one for the other.
const EVENT_UID_DOMAIN: &str = "events.whatsnext";

pub fn run(config: &Config, args: &ExportArgs, loaded: &Loaded) -> Result<u8> {
    let filter = list::filter(&args.filters)?;
    let ws = loaded.checked(config)?;
    list::check_filter(ws, &filter)?;
    let statuses = ws.statuses(config);
    let export = Export {
        ws,
        statuses: &statuses,
        selection: select(ws, &statuses, &filter),
        events: args.kind == IcsKind::Events,
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
    /// iCalendar: all-day events instead of to-dos.
    events: bool,
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
        // No METHOD: a feed is not an iTIP message (RFC 5546), and PUBLISH would
        // require an ORGANIZER on every component.
        w.text("X-WR-CALNAME", CALENDAR_NAME)?;
        // Hints for subscribed calendars: look again once a day.
        w.value("REFRESH-INTERVAL;VALUE=DURATION", "P1D")?;
        w.value("X-PUBLISHED-TTL", "P1D")?;
        for (_, keys) in &self.selection {
            for key in keys {
                let view = self.item_view(*key);
                if let Some(due) = view.due {
                    self.write_component(&mut w, *key, &view, due)?;
                }
            }
        }
        w.end("VCALENDAR")
    }

    /// One item as a VTODO due on its day, or as an all-day VEVENT on it.
    fn write_component(
        &self,
        w: &mut ics::Writer<&mut dyn Write>,
        key: ItemKey,
        view: &ItemView,
        due: NaiveDate,
    ) -> io::Result<()> {
        let corpus = &self.ws.corpus;
        let item = corpus.item(key);
        let component = if self.events { "VEVENT" } else { "VTODO" };
        let domain = if self.events {
            EVENT_UID_DOMAIN
        } else {
            UID_DOMAIN
        };
        w.begin(component)?;
        w.value("UID", &uid(view.scenario, view.id, domain))?;
        w.value("DTSTAMP", &ics::midnight_utc(self.today()))?;
        if self.events {
            w.value("DTSTART;VALUE=DATE", &ics::date(due))?;
            w.value(
                "DTEND;VALUE=DATE",
                &ics::date(due.succ_opt().unwrap_or(due)),
            )?;
            // A reminder, not a meeting: it does not make the day busy.
            w.value("TRANSP", "TRANSPARENT")?;
        } else {
            w.value("DUE;VALUE=DATE", &ics::date(due))?;
        }
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
        let state = self.statuses.get(key).state;
        match (state, self.events) {
            (State::Dropped | State::Moot, _) => w.value("STATUS", "CANCELLED")?,
            (_, true) => w.value("STATUS", "CONFIRMED")?,
            (State::Resolved, false) => {
                w.value("STATUS", "COMPLETED")?;
                if let Some(r) = &view.resolution {
                    w.value("COMPLETED", &ics::midnight_utc(r.on))?;
                }
            }
            _ => w.value("STATUS", "NEEDS-ACTION")?,
        }
        let url = view
            .resolution
            .iter()
            .flat_map(|r| r.sources)
            .filter_map(|s| s.url.as_deref())
            .find_map(calendar_url);
        if let Some(url) = url {
            w.value("URL", &url)?;
        }
        w.end(component)
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
fn uid(scenario: &str, item: &str, domain: &str) -> String {
    format!(
        "{}/{}@{domain}",
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
/// A source as the description lists it: its title and, when it is a web or mail
/// address, its URL (calendar apps turn addresses in descriptions into links, so
/// another scheme is left out, not written).
fn source_text(s: &crate::model::Source) -> String {
    let url = s.url.as_deref().map(|u| calendar_url(u).ok_or(u));
    match (&s.title, url) {
        (Some(t), Some(Ok(u))) => format!("{t} <{u}>"),
        (None, Some(Ok(u))) => u,
        (Some(t), Some(Err(_))) => format!("{t} (a link that is not a web or mail address)"),
        (None, Some(Err(_))) => "a link that is not a web or mail address".to_string(),
        (Some(t), None) => t.clone(),
        (None, None) => String::new(),
    }
}

/// A source URL as a calendar's `URL` (a URI, RFC 3986): only `http`, `https`
/// and `mailto` (a calendar app opens it on a click), with every byte outside
/// printable ASCII percent-encoded, as are spaces, quotes and angle brackets.
fn calendar_url(url: &str) -> Option<String> {
    if !crate::text::is_web_or_mail(url) {
        return None;
    }
    let url = url.trim_start();
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if b.is_ascii_graphic()
            && !matches!(
                b,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            )
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
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
        facts.extend(
            r.sources
                .iter()
                .map(|s| format!("Source: {}", source_text(s))),
        );
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
            uid("putin-kim", "alaska-summit", UID_DOMAIN),
            "putin-kim/alaska-summit@whatsnext"
        );
        assert_eq!(
            uid("a b/c", "x;y,é@", UID_DOMAIN),
            "a%20b%2Fc/x%3By%2C%C3%A9%40@whatsnext"
        );
        assert_ne!(uid("s", "i", UID_DOMAIN), uid("s", "i", EVENT_UID_DOMAIN));
    }

    #[test]
    fn priorities_map_to_the_rfc_scale() {
        assert_eq!(priority(Priority::Critical), "1");
        assert_eq!(priority(Priority::High), "3");
        assert_eq!(priority(Priority::Normal), "5");
        assert_eq!(priority(Priority::Low), "9");
    }

    #[test]
    fn only_web_and_mail_urls_are_written_and_encoded() {
        let url = |u: &str| calendar_url(u);
        assert_eq!(
            url("https://example.org/a?b=c,d;e").as_deref(),
            Some("https://example.org/a?b=c,d;e")
        );
        assert_eq!(
            url("HTTP://example.org/a b").as_deref(),
            Some("HTTP://example.org/a%20b")
        );
        assert_eq!(
            url("https://en.wikipedia.org/wiki/Korea–Russia").as_deref(),
            Some("https://en.wikipedia.org/wiki/Korea%E2%80%93Russia")
        );
        assert_eq!(
            url("https://example.org/\r\nX-EVIL:1").as_deref(),
            Some("https://example.org/%0D%0AX-EVIL:1")
        );
        assert_eq!(
            url("mailto:desk@example.org").as_deref(),
            Some("mailto:desk@example.org")
        );
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "example.org",
            "",
        ] {
            assert_eq!(url(bad), None, "{bad}");
        }
    }
}

//! The entries of the built-in templates' lists, written directly rather than
//! through the template engine: the same text as the list blocks of
//! `templates/digest.{md,txt,html}` print (the digest tests render each built-in
//! both ways and compare them), at a fraction of the cost for a digest of tens
//! of thousands of entries.
//!
//! Each function below follows its block of the template line by line: `lit`
//! is the template's own text, `val` a printed value (`{{ … }}`), escaped as
//! the format's engine escapes it (Markdown structure, HTML, nothing), and the
//! values come from the same places as the entries' template values
//! ([`Digest::entry`](super::Digest)). A value the engine would show
//! differently (a date outside the years 0–9999) makes a run give up, and the
//! digest is then rendered by the engine.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::{Digest, Section, round, source_view};
use crate::model::{ItemKey, Probability, Scenario, WatchItem};
use crate::render::filters::{self, fixed_text, percent_text, plural_text};
use crate::render::templates::Format;
use crate::score;
use crate::status::ItemStatus;
use crate::view;

/// Entries `range` of `section` as the list block of the built-in template of
/// `format` prints them; `None` when one of them needs the engine.
pub(super) fn run(
    d: &Digest<'_>,
    format: Format,
    section: Section,
    range: Range<usize>,
) -> Option<String> {
    let mut w = Writer {
        out: Vec::with_capacity(range.len() * 384),
        format,
    };
    for i in range {
        let e = Entry::new(d, section, i);
        match format {
            Format::Markdown => markdown(&mut w, &e)?,
            Format::Text => text(&mut w, &e)?,
            Format::Html => html(&mut w, &e)?,
        }
    }
    String::from_utf8(w.out).ok()
}

/// One entry: the item and what the digest knows of it.
struct Entry<'d, 'a> {
    d: &'d Digest<'a>,
    section: Section,
    /// Its place in the section.
    i: usize,
    key: ItemKey,
    item: &'a WatchItem,
    scenario: &'a Scenario,
    st: &'d ItemStatus,
}

impl<'d, 'a> Entry<'d, 'a> {
    fn new(d: &'d Digest<'a>, section: Section, i: usize) -> Self {
        let key = d.sections.key(section, i);
        Entry {
            d,
            section,
            i,
            key,
            item: d.corpus.item(key),
            scenario: d.corpus.scenario_of(key),
            st: d.statuses.get(key),
        }
    }

    /// `e.ref`
    fn reference(&self) -> String {
        let mut r = String::with_capacity(self.scenario.id.len() + 1 + self.item.id.len());
        r.push_str(&self.scenario.id);
        r.push('/');
        r.push_str(&self.item.id);
        r
    }

    /// `e.priority`, and whether the templates show it (not "normal").
    fn priority(&self) -> Option<&'static str> {
        let p = self.item.priority.as_str();
        (p != "normal").then_some(p)
    }

    /// `e.tags | join(sep=", ")` when there are tags.
    fn tags(&self) -> Option<String> {
        (!self.item.tags.is_empty()).then(|| self.item.tags.join(", "))
    }

    /// `e.question` when the templates show it (a non-empty string).
    fn question(&self) -> Option<&'a str> {
        nonempty(self.item.question.as_deref())
    }

    /// The forecast behind `e.probabilities` (the latest as of A), when that
    /// list is not empty (`{% if e.probabilities %}`).
    fn probabilities(&self) -> Option<&'a Probability> {
        let (_, p) = view::latest_forecast(self.item, self.d.as_of)?;
        (!self.item.outcomes().is_empty()).then_some(p)
    }

    /// `e.probabilities` as the templates join them: "yes 60%, no 40%"; `None`
    /// when the list is empty.
    fn forecast(&self) -> Option<String> {
        odds(self.outcome_ps(self.probabilities()?))
    }

    /// `e.days_overdue`
    fn days_overdue(&self) -> i64 {
        self.st.due.map_or(0, |d| (self.d.as_of - d).num_days())
    }

    /// The texts of the item's triggers as of A that `keep` selects, joined
    /// with "; " (`e.fired_by`, `e.waiting_for`).
    fn triggers(&self, keep: impl Fn(&view::TriggerView<'_>) -> bool) -> String {
        let views =
            view::trigger_views(self.d.corpus, self.d.index, self.key, self.d.statuses.today);
        let texts: Vec<&str> = views
            .iter()
            .filter(|t| keep(t))
            .map(|t| t.text.as_str())
            .collect();
        texts.join("; ")
    }

    /// `e.fired_by`
    fn fired_by(&self) -> String {
        let fired_on = self.st.fired_on;
        self.triggers(|t| t.fired_on == fired_on)
    }

    /// `e.waiting_for`
    fn waiting_for(&self) -> String {
        self.triggers(|t| !t.fired)
    }

    /// `e.how`, `e.on` and `e.reason` of a dropped entry.
    fn closed(&self) -> Option<&'d super::Closed> {
        match self.section {
            Section::Dropped => self.d.sections.dropped.get(self.i),
            _ => None,
        }
    }

    /// `e.resolution`: the resolution known as of A.
    fn resolution(&self) -> Option<&'a crate::model::Resolution> {
        self.item
            .resolution
            .as_deref()
            .filter(|r| r.on <= self.d.statuses.today)
    }

    /// `e.scored_forecast`: the forecast the resolution is scored against and
    /// its scores.
    fn scored_forecast(&self) -> Option<Scored<'a>> {
        let r = self.item.resolution.as_ref()?;
        let f = score::scored_forecast(self.item, r.on)?;
        let s = score::score_forecast(self.item, &f.p, &r.outcome);
        Some(Scored {
            on: f.on,
            p: &f.p,
            brier: round(s.brier),
            log_score: round(s.log_score),
        })
    }

    /// Each outcome of the item with the probability `p` gives it, rounded as
    /// in the template values.
    fn outcome_ps(&self, p: &'a Probability) -> impl Iterator<Item = (&'a str, f64)> + use<'a> {
        self.item
            .outcomes()
            .iter()
            .map(move |o| (o.as_str(), round(p.of(o))))
    }
}

/// A resolved item's scored forecast.
struct Scored<'a> {
    on: NaiveDate,
    p: &'a Probability,
    brier: f64,
    log_score: f64,
}

/// A Tera condition on an optional string: present and not empty.
fn nonempty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

/// `[p.outcome ~ " " ~ (p.p | percent) for p in ps] | join(sep=", ")`, `None`
/// for no outcomes.
fn odds<'a>(ps: impl Iterator<Item = (&'a str, f64)>) -> Option<String> {
    let mut out = String::new();
    for (n, (outcome, p)) in ps.enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        out.push_str(outcome);
        out.push(' ');
        out.push_str(&percent_text(p, 0));
    }
    (!out.is_empty()).then_some(out)
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `day | date(format="%a %-d %b")` ("Wed 13 Aug"), or with `weekday: false`
/// `date(format="%-d %b")`; empty for no day. `None` for a year the engine
/// would write differently.
fn day(d: Option<NaiveDate>, weekday: bool) -> Option<String> {
    let Some(d) = d else {
        return Some(String::new());
    };
    view::iso_date(d)?;
    let month = MONTHS[d.month0() as usize];
    Some(if weekday {
        let wd = WEEKDAYS[d.weekday().num_days_from_monday() as usize];
        format!("{wd} {} {month}", d.day())
    } else {
        format!("{} {month}", d.day())
    })
}

/// A day as its template value prints (`{{ e.due }}`): `YYYY-MM-DD`, empty for
/// no day. `None` for a year the engine would write differently.
fn iso(d: Option<NaiveDate>) -> Option<String> {
    let Some(d) = d else {
        return Some(String::new());
    };
    let buf = view::iso_date(d)?;
    Some(buf.iter().map(|&b| char::from(b)).collect())
}

/// The text of a run, as the engine writes it.
struct Writer {
    out: Vec<u8>,
    format: Format,
}

impl Writer {
    /// The template's own text.
    fn lit(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
    }

    /// A printed value, escaped as the format's engine escapes it.
    fn val(&mut self, s: &str) {
        // Writing into a vector cannot fail.
        let _ = match self.format {
            Format::Markdown => filters::escape_markdown(s, &mut self.out),
            Format::Html => tera::escape_html(s, &mut self.out),
            Format::Text => {
                self.lit(s);
                Ok(())
            }
        };
    }

    /// `{{ (line) | wrap(indent=INDENT) }}` and the line break after it.
    fn wrapped(&mut self, line: &str, indent: &str) {
        self.lit(&filters::wrap(line, 80, indent));
        self.lit("\n");
    }
}

// ---------------------------------------------------------------------------
// templates/digest.md
// ---------------------------------------------------------------------------

fn markdown(w: &mut Writer, e: &Entry<'_, '_>) -> Option<()> {
    let title = e.item.title.as_str();
    match e.section {
        Section::Overdue => {
            w.lit("- **");
            w.val(title);
            w.lit("** — ");
            w.val(&plural_text(e.days_overdue(), "day", None));
            w.lit(" overdue (due ");
            w.val(&day(e.st.due, true)?);
            w.lit(")\n");
            md_meta(w, e, true);
            md_question(w, e);
            md_forecast(w, e);
        }
        Section::Due => {
            w.lit("- **");
            w.val(title);
            w.lit("** — due ");
            w.val(&day(e.st.due, true)?);
            w.lit("\n");
            md_meta(w, e, true);
            md_question(w, e);
            md_forecast(w, e);
        }
        Section::Resolved => {
            let r = e.resolution()?;
            w.lit("- **");
            w.val(title);
            w.lit("** — **");
            w.val(&r.outcome);
            w.lit("** on ");
            w.val(&day(Some(r.on), true)?);
            w.lit("\n");
            md_meta(w, e, false);
            if let Some(note) = nonempty(r.note.as_deref()) {
                w.lit("  - ");
                w.val(note);
                w.lit("\n");
            }
            if let Some(f) = e.scored_forecast() {
                w.lit("  - Forecast of ");
                w.val(&day(Some(f.on), false)?);
                w.lit(": ");
                w.val(&odds(e.outcome_ps(f.p)).unwrap_or_default());
                w.lit(" · Brier ");
                w.val(&fixed_text(f.brier, 3));
                w.lit(" · log score ");
                w.val(&fixed_text(f.log_score, 3));
                w.lit("\n");
            }
            for s in r.sources.iter().map(source_view) {
                w.lit("  - Source: ");
                match (nonempty(s.href.as_deref()), nonempty(s.title.as_deref())) {
                    (Some(href), Some(title)) => {
                        w.lit("[");
                        w.val(title);
                        w.lit("](");
                        w.val(&filters::md_url_text(href));
                        w.lit(")");
                    }
                    (Some(href), None) => {
                        w.lit("<");
                        w.val(&filters::md_url_text(href));
                        w.lit(">");
                    }
                    (None, _) => w.val(&s.label),
                }
                w.lit("\n");
            }
        }
        Section::Fired => {
            w.lit("- **");
            w.val(title);
            w.lit("** — triggered ");
            w.val(&day(e.st.fired_on, true)?);
            if e.st.due.is_some() {
                w.lit(", due ");
                w.val(&day(e.st.due, true)?);
            }
            w.lit("\n");
            md_meta(w, e, true);
            w.lit("  - Trigger: ");
            w.val(&e.fired_by());
            w.lit("\n");
        }
        Section::Dropped => {
            let closed = e.closed()?;
            w.lit("- **");
            w.val(title);
            w.lit("** — ");
            w.val(closed.how);
            w.lit(" on ");
            w.val(&day(Some(closed.on), true)?);
            w.lit("\n");
            md_meta(w, e, false);
            if let Some(reason) = nonempty(closed.reason.as_deref()) {
                w.lit("  - ");
                w.val(reason);
                w.lit("\n");
            }
        }
        Section::ComingUp => {
            w.lit("- ");
            w.val(&day(e.st.due, true)?);
            w.lit(": **");
            w.val(title);
            w.lit("**\n");
            md_meta(w, e, true);
            md_forecast(w, e);
        }
        Section::Pending => {
            w.lit("- **");
            w.val(title);
            w.lit("**\n");
            md_meta(w, e, true);
            w.lit("  - Waits for: ");
            w.val(&e.waiting_for());
            w.lit("\n");
            md_forecast(w, e);
        }
    }
    Some(())
}

/// "  - `REF` · PRIORITY · TAGS" (the priority only where the block shows it).
fn md_meta(w: &mut Writer, e: &Entry<'_, '_>, priority: bool) {
    w.lit("  - `");
    w.val(&e.reference());
    w.lit("`");
    if let Some(p) = e.priority().filter(|_| priority) {
        w.lit(" · ");
        w.val(p);
    }
    if let Some(tags) = e.tags() {
        w.lit(" · ");
        w.val(&tags);
    }
    w.lit("\n");
}

fn md_question(w: &mut Writer, e: &Entry<'_, '_>) {
    if let Some(q) = e.question() {
        w.lit("  - ");
        w.val(q);
        w.lit("\n");
    }
}

fn md_forecast(w: &mut Writer, e: &Entry<'_, '_>) {
    if let Some(ps) = e.forecast() {
        w.lit("  - Forecast: ");
        w.val(&ps);
        w.lit("\n");
    }
}

// ---------------------------------------------------------------------------
// templates/digest.txt
// ---------------------------------------------------------------------------

/// The wrapped lines' indent.
const INDENT: &str = "    ";

fn text(w: &mut Writer, e: &Entry<'_, '_>) -> Option<()> {
    let title = e.item.title.as_str();
    w.lit("\n");
    match e.section {
        Section::Overdue => {
            w.wrapped(&format!("  * {title}"), INDENT);
            let days = plural_text(e.days_overdue(), "day", None);
            let due = day(e.st.due, true)?;
            w.wrapped(&format!("    {days} overdue (due {due})"), INDENT);
            w.wrapped(&text_meta(e, true), INDENT);
            text_question(w, e);
            text_forecast(w, e);
        }
        Section::Due => {
            w.wrapped(&format!("  * {title}"), INDENT);
            w.wrapped(&format!("    due {}", day(e.st.due, true)?), INDENT);
            w.wrapped(&text_meta(e, true), INDENT);
            text_question(w, e);
            text_forecast(w, e);
        }
        Section::Resolved => {
            let r = e.resolution()?;
            w.wrapped(&format!("  * {title}"), INDENT);
            let on = day(Some(r.on), true)?;
            w.wrapped(&format!("    {} on {on}", r.outcome), INDENT);
            w.wrapped(&text_meta(e, false), INDENT);
            if let Some(note) = nonempty(r.note.as_deref()) {
                w.wrapped(&format!("    {note}"), INDENT);
            }
            if let Some(f) = e.scored_forecast() {
                let line = format!(
                    "    Forecast of {}: {} · Brier {} · log score {}",
                    day(Some(f.on), false)?,
                    odds(e.outcome_ps(f.p)).unwrap_or_default(),
                    fixed_text(f.brier, 3),
                    fixed_text(f.log_score, 3)
                );
                w.wrapped(&line, INDENT);
            }
            for s in r.sources.iter().map(source_view) {
                let shown = match (nonempty(s.title.as_deref()), nonempty(s.url.as_deref())) {
                    (Some(title), Some(url)) => format!("{title} <{url}>"),
                    _ => s.label,
                };
                w.wrapped(&format!("    Source: {shown}"), "      ");
            }
        }
        Section::Fired => {
            w.wrapped(&format!("  * {title}"), INDENT);
            let mut line = format!("    triggered {}", day(e.st.fired_on, true)?);
            if e.st.due.is_some() {
                line.push_str(", due ");
                line.push_str(&day(e.st.due, true)?);
            }
            w.wrapped(&line, INDENT);
            w.wrapped(&text_meta(e, true), INDENT);
            w.wrapped(&format!("    Trigger: {}", e.fired_by()), INDENT);
        }
        Section::Dropped => {
            let closed = e.closed()?;
            w.wrapped(&format!("  * {title}"), INDENT);
            let on = day(Some(closed.on), true)?;
            w.wrapped(&format!("    {} on {on}", closed.how), INDENT);
            w.wrapped(&text_meta(e, false), INDENT);
            if let Some(reason) = nonempty(closed.reason.as_deref()) {
                w.wrapped(&format!("    {reason}"), INDENT);
            }
        }
        Section::ComingUp => {
            w.wrapped(&format!("  * {}: {title}", day(e.st.due, true)?), INDENT);
            w.wrapped(&text_meta(e, true), INDENT);
            text_forecast(w, e);
        }
        Section::Pending => {
            w.wrapped(&format!("  * {title}"), INDENT);
            w.wrapped(&text_meta(e, true), INDENT);
            w.wrapped(&format!("    Waits for: {}", e.waiting_for()), INDENT);
            text_forecast(w, e);
        }
    }
    Some(())
}

/// "    REF · PRIORITY · TAGS" (the priority only where the block shows it).
fn text_meta(e: &Entry<'_, '_>, priority: bool) -> String {
    let mut line = format!("    {}", e.reference());
    if let Some(p) = e.priority().filter(|_| priority) {
        line.push_str(" · ");
        line.push_str(p);
    }
    if let Some(tags) = e.tags() {
        line.push_str(" · ");
        line.push_str(&tags);
    }
    line
}

fn text_question(w: &mut Writer, e: &Entry<'_, '_>) {
    if let Some(q) = e.question() {
        w.wrapped(&format!("    {q}"), INDENT);
    }
}

fn text_forecast(w: &mut Writer, e: &Entry<'_, '_>) {
    if let Some(ps) = e.forecast() {
        w.wrapped(&format!("    Forecast: {ps}"), INDENT);
    }
}

// ---------------------------------------------------------------------------
// templates/digest.html
// ---------------------------------------------------------------------------

fn html(w: &mut Writer, e: &Entry<'_, '_>) -> Option<()> {
    w.lit("\n<li class=\"item\">\n<p>");
    match e.section {
        Section::Overdue => {
            html_title(w, e);
            w.lit(" — <span class=\"when\">");
            w.val(&plural_text(e.days_overdue(), "day", None));
            w.lit(" overdue</span> (due ");
            html_time(w, e.st.due)?;
            w.lit(")</p>\n");
            html_question(w, e);
            html_forecast(w, e);
        }
        Section::Due => {
            html_title(w, e);
            w.lit(" — <span class=\"when\">due ");
            html_time(w, e.st.due)?;
            w.lit("</span></p>\n");
            html_question(w, e);
            html_forecast(w, e);
        }
        Section::Resolved => {
            let r = e.resolution()?;
            html_title(w, e);
            w.lit(" — <span class=\"outcome-label\">");
            w.val(&r.outcome);
            w.lit("</span> on ");
            html_time(w, Some(r.on))?;
            w.lit("</p>\n");
            if let Some(note) = nonempty(r.note.as_deref()) {
                w.lit("<p class=\"note\">");
                w.val(note);
                w.lit("</p>\n");
            }
            if let Some(f) = e.scored_forecast() {
                w.lit("<p>Forecast of ");
                w.val(&day(Some(f.on), false)?);
                w.lit(": ");
                html_odds(w, e.outcome_ps(f.p));
                w.lit(" · Brier ");
                w.val(&fixed_text(f.brier, 3));
                w.lit(" · log score ");
                w.val(&fixed_text(f.log_score, 3));
                w.lit("</p>\n");
            }
            if !r.sources.is_empty() {
                w.lit("<ul class=\"sources\">");
                for s in r.sources.iter().map(source_view) {
                    w.lit("\n<li>");
                    match nonempty(s.href.as_deref()) {
                        Some(href) => {
                            w.lit("<a href=\"");
                            w.val(href);
                            w.lit("\"");
                            if nonempty(s.title.as_deref()).is_none() {
                                w.lit(" class=\"bare\"");
                            }
                            w.lit(">");
                            w.val(&s.label);
                            w.lit("</a>");
                        }
                        None => w.val(&s.label),
                    }
                    w.lit("</li>");
                }
                w.lit("\n</ul>\n");
            }
        }
        Section::Fired => {
            html_title(w, e);
            w.lit(" — <span class=\"when\">triggered ");
            html_time(w, e.st.fired_on)?;
            w.lit("</span>");
            if e.st.due.is_some() {
                w.lit(", due ");
                html_time(w, e.st.due)?;
            }
            w.lit("</p>\n<p>Trigger: ");
            w.val(&e.fired_by());
            w.lit("</p>\n");
        }
        Section::Dropped => {
            let closed = e.closed()?;
            html_title(w, e);
            w.lit(" — <span class=\"when\">");
            w.val(closed.how);
            w.lit(" on ");
            html_time(w, Some(closed.on))?;
            w.lit("</span></p>\n");
            if let Some(reason) = nonempty(closed.reason.as_deref()) {
                w.lit("<p class=\"note\">");
                w.val(reason);
                w.lit("</p>\n");
            }
        }
        Section::ComingUp => {
            w.lit("<span class=\"when\">");
            html_time(w, e.st.due)?;
            w.lit("</span> ");
            html_title(w, e);
            w.lit("</p>\n");
            html_forecast(w, e);
        }
        Section::Pending => {
            html_title(w, e);
            w.lit("</p>\n<p>Waits for: ");
            w.val(&e.waiting_for());
            w.lit("</p>\n");
            html_forecast(w, e);
        }
    }
    html_meta(w, e);
    w.lit("\n</li>");
    Some(())
}

fn html_title(w: &mut Writer, e: &Entry<'_, '_>) {
    w.lit("<span class=\"title\">");
    w.val(&e.item.title);
    w.lit("</span>");
}

/// `<time datetime="{{ day }}">{{ day | date(format="%a %-d %b") }}</time>`
fn html_time(w: &mut Writer, d: Option<NaiveDate>) -> Option<()> {
    w.lit("<time datetime=\"");
    w.val(&iso(d)?);
    w.lit("\">");
    w.val(&day(d, true)?);
    w.lit("</time>");
    Some(())
}

fn html_question(w: &mut Writer, e: &Entry<'_, '_>) {
    if let Some(q) = e.question() {
        w.lit("<p class=\"question\">");
        w.val(q);
        w.lit("</p>\n");
    }
}

fn html_forecast(w: &mut Writer, e: &Entry<'_, '_>) {
    let Some(p) = e.probabilities() else {
        return;
    };
    w.lit("<p>Forecast: ");
    html_odds(w, e.outcome_ps(p));
    w.lit("</p>\n");
}

/// The `odds` component: each outcome and its percentage.
fn html_odds<'a>(w: &mut Writer, ps: impl Iterator<Item = (&'a str, f64)>) {
    w.lit("<span class=\"odds\">");
    for (n, (outcome, p)) in ps.enumerate() {
        if n > 0 {
            w.lit(", ");
        }
        w.lit("<span class=\"p\"><span class=\"outcome\">");
        w.val(outcome);
        w.lit("</span> ");
        w.val(&percent_text(p, 0));
        w.lit("</span>");
    }
    w.lit("</span>");
}

/// The `item_meta` component: ref, priority and tags.
fn html_meta(w: &mut Writer, e: &Entry<'_, '_>) {
    w.lit("<p class=\"meta\"><code class=\"ref\" title=\"");
    w.val(&e.scenario.title);
    w.lit("\">");
    w.val(&e.reference());
    w.lit("</code>");
    if let Some(p) = e.priority() {
        w.lit(" <span class=\"priority priority-");
        w.val(p);
        w.lit("\">");
        w.val(p);
        w.lit("</span>");
    }
    for t in &e.item.tags {
        w.lit(" <span class=\"tag\">");
        w.val(t);
        w.lit("</span>");
    }
    w.lit("</p>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_written_as_the_date_filter_writes_them() {
        let mut d = NaiveDate::from_ymd_opt(2023, 12, 25).expect("a day");
        let last = NaiveDate::from_ymd_opt(2026, 1, 10).expect("a day");
        let edges = [(1, 1, 1), (0, 2, 29), (9999, 12, 31)]
            .map(|(y, m, dd)| NaiveDate::from_ymd_opt(y, m, dd).expect("a day"));
        let mut days = edges.to_vec();
        while d <= last {
            days.push(d);
            d = d.succ_opt().expect("a next day");
        }
        for d in days {
            assert_eq!(day(Some(d), true), Some(d.format("%a %-d %b").to_string()));
            assert_eq!(day(Some(d), false), Some(d.format("%-d %b").to_string()));
            assert_eq!(iso(Some(d)), Some(d.format("%Y-%m-%d").to_string()));
        }
        assert_eq!(day(None, true).as_deref(), Some(""));
        assert_eq!(iso(None).as_deref(), Some(""));
    }

    #[test]
    fn a_year_the_engine_writes_differently_gives_up() {
        let far = NaiveDate::from_ymd_opt(10000, 1, 3).expect("a day");
        assert_eq!(day(Some(far), true), None);
        assert_eq!(iso(Some(far)), None);
    }

    #[test]
    fn odds_are_joined_as_the_templates_join_them() {
        let ps = [("yes", 0.125), ("no", 0.875)];
        assert_eq!(odds(ps.into_iter()).as_deref(), Some("yes 12%, no 88%"));
        assert_eq!(odds(std::iter::empty()), None);
    }
}

//! The structure of a briefing, read with pulldown-cmark: an optional title heading,
//! the lead, and labelled sections (`**Who:**` bold labels at the start of a line,
//! `## Who` headings, or a plain `Who:` line).
//!
//! Text is kept as plain prose ([`Mapped`]): Markdown markup removed, line breaks
//! inside a paragraph as spaces, and a map from every plain offset back to its byte
//! offset in the briefing exactly as given (BOM, CRLF and all), so that whatever is
//! found in the prose can still be shown at `path:line:col`.

use std::ops::Range;

use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag, TagEnd};

/// What a labelled section of a briefing is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    Who,
    What,
    When,
    Where,
    Why,
    How,
    Impact,
    WhatsNext,
    /// A label or heading the importer does not know (e.g. "Background").
    Other,
}

impl SectionKind {
    /// The key under `[brief]` this section fills, if any.
    pub fn brief_key(self) -> Option<&'static str> {
        match self {
            SectionKind::Who => Some("who"),
            SectionKind::What => Some("what"),
            SectionKind::When => Some("when"),
            SectionKind::Where => Some("where"),
            SectionKind::Why => Some("why"),
            SectionKind::How => Some("how"),
            SectionKind::Impact => Some("impact"),
            SectionKind::WhatsNext | SectionKind::Other => None,
        }
    }

    /// The kind a label names, if the importer knows it. Case, apostrophes and a
    /// trailing `:`, `?` or `.` do not matter.
    pub fn classify(name: &str) -> Option<SectionKind> {
        let name = normalize_label(name);
        Some(match name.as_str() {
            "who" => SectionKind::Who,
            "what" => SectionKind::What,
            "when" => SectionKind::When,
            "where" => SectionKind::Where,
            "why" => SectionKind::Why,
            "how" => SectionKind::How,
            "impact" | "impacts" => SectionKind::Impact,
            "what's next"
            | "whats next"
            | "what is next"
            | "what comes next"
            | "next steps"
            | "outlook"
            | "the outlook"
            | "looking ahead"
            | "look ahead"
            | "what to watch"
            | "what to watch for"
            | "what we're watching"
            | "watch for" => SectionKind::WhatsNext,
            // Known sections that are not imported (their links still become sources).
            "background" | "context" | "sources" | "source" | "references" | "links"
            | "further reading" | "read more" | "related" | "notes" | "editor's note" => {
                SectionKind::Other
            }
            _ => return None,
        })
    }
}

/// Lowercase, straight apostrophes, single spaces, no trailing `:`/`?`/`.`.
fn normalize_label(name: &str) -> String {
    let joined = name.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}', '`', '\u{02bc}'], "'")
        .trim_end_matches([':', '?', '.', ' '])
        .trim_start_matches([':', ' '])
        .to_string()
}

/// One stretch of plain text and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seg {
    /// Where the stretch starts in the plain text.
    plain: usize,
    /// Where it came from in the briefing.
    src: Range2,
    /// Whether plain and source bytes correspond one to one (else every offset of the
    /// stretch maps to the start of its source, as for an entity like `&amp;`).
    exact: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Range2 {
    start: usize,
    end: usize,
}

/// Plain text with a map back to the briefing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapped {
    pub text: String,
    segs: Vec<Seg>,
}

impl Mapped {
    fn push(&mut self, s: &str, src: Range<usize>, exact: bool) {
        if s.is_empty() {
            return;
        }
        self.segs.push(Seg {
            plain: self.text.len(),
            src: Range2 {
                start: src.start,
                end: src.end,
            },
            exact: exact && s.len() == src.len(),
        });
        self.text.push_str(s);
    }

    /// One space (for a line break), unless the text is empty or already ends in one.
    fn space(&mut self, src: Range<usize>) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.push(" ", src, false);
        }
    }

    fn seg_at(&self, plain: usize) -> Option<&Seg> {
        let i = self.segs.partition_point(|s| s.plain <= plain);
        i.checked_sub(1).map(|i| &self.segs[i])
    }

    /// The briefing offset of a plain offset.
    pub fn source(&self, plain: usize) -> usize {
        match self.seg_at(plain) {
            Some(s) if s.exact => (s.src.start + plain - s.plain).min(s.src.end),
            Some(s) => s.src.start,
            None => 0,
        }
    }

    /// The briefing range of a plain range.
    pub fn source_range(&self, r: &Range<usize>) -> Range<usize> {
        let start = self.source(r.start);
        let end = if r.end <= r.start {
            start
        } else {
            match self.seg_at(r.end - 1) {
                Some(s) if s.exact => (s.src.start + r.end - s.plain).min(s.src.end),
                Some(s) => s.src.end,
                None => start,
            }
        };
        start..end.max(start)
    }

    /// A piece of this text, still mapped to the briefing.
    pub fn slice(&self, r: Range<usize>) -> Mapped {
        let mut out = Mapped::default();
        let text = &self.text[r.clone()];
        let first = self.segs.partition_point(|s| s.plain <= r.start).max(1) - 1;
        for (i, s) in self.segs.iter().enumerate().skip(first) {
            if s.plain >= r.end {
                break;
            }
            let seg_end = self.segs.get(i + 1).map_or(self.text.len(), |n| n.plain);
            let from = s.plain.max(r.start);
            let to = seg_end.min(r.end);
            if from >= to {
                continue;
            }
            let src = if s.exact {
                s.src.start + from - s.plain..s.src.start + to - s.plain
            } else {
                s.src.start..s.src.end
            };
            out.segs.push(Seg {
                plain: from - r.start,
                src: Range2 {
                    start: src.start,
                    end: src.end,
                },
                exact: s.exact,
            });
        }
        out.text = text.to_string();
        out
    }

    /// Without surrounding spaces.
    pub fn trimmed(&self) -> Mapped {
        let start = self.text.len() - self.text.trim_start().len();
        let end = self.text.trim_end().len().max(start);
        self.slice(start..end)
    }
}

/// A paragraph or a list item of a section: the unit a reader takes as one piece.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub text: Mapped,
    /// A list item (bulleted or numbered), not a paragraph.
    pub list: bool,
}

/// One labelled section of a briefing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    /// The label as written: `**When:**` or `## When`.
    pub label: String,
    /// The label's name without markup: `When`.
    pub name: String,
    /// Where the label is in the briefing.
    pub label_span: Range<usize>,
    /// The level of its heading (1 for `#`), or `None` for a label.
    pub level: Option<usize>,
    pub units: Vec<Unit>,
}

/// A link found in the briefing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub url: String,
}

/// A briefing split into its parts.
#[derive(Clone, Debug, Default)]
pub struct Briefing {
    /// A heading that precedes the lead (`# Putin–Kim call`), if any.
    pub heading: Option<Mapped>,
    /// The paragraphs before the first labelled section.
    pub lead: Vec<Unit>,
    pub sections: Vec<Section>,
    /// Links in the order they appear (Markdown links, autolinks and bare addresses).
    pub links: Vec<Link>,
}

impl Briefing {
    /// The first section of a kind.
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }
}

/// A section's text as prose: paragraphs separated by a blank line, list items one a
/// line (`- item`).
pub fn prose(units: &[Unit]) -> String {
    let mut out = String::new();
    let mut prev_list = false;
    for u in units {
        let t = u.text.text.trim();
        if t.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(if u.list && prev_list { "\n" } else { "\n\n" });
        }
        if u.list {
            out.push_str("- ");
        }
        out.push_str(t);
        prev_list = u.list;
    }
    out
}

/// One line of a paragraph while it is read: the text and its bold stretches.
#[derive(Default)]
struct Line {
    text: Mapped,
    /// Bold stretches: plain range and the source range of the markup (`**…**`).
    strong: Vec<(Range<usize>, Range<usize>)>,
}

/// A label at the start of a line.
struct Label {
    kind: SectionKind,
    name: String,
    span: Range<usize>,
    /// Where the section's text starts on the line (plain offset).
    rest: usize,
}

/// The label a line starts with, if any: a bold label (`**When:**`, `**What’s next**:`,
/// `**OUTLOOK**`), or a plain `When:` / `What's Next` line.
fn line_label(line: &Line) -> Option<Label> {
    let text = &line.text.text;
    let lead_ws = text.len() - text.trim_start().len();
    if let Some((plain, src)) = line.strong.first()
        && plain.start == lead_ws
        && plain.end > plain.start
    {
        let inner = text.get(plain.clone())?;
        // `**When: Monday, March 10**`: the label and its text in one bold stretch.
        if let Some((kind, i)) = label_prefix(inner) {
            let colon = plain.start + i;
            return Some(Label {
                kind,
                name: inner[..i].trim().to_string(),
                span: src.start..line.text.source_range(&(colon..colon + 1)).end,
                rest: colon + 1,
            });
        }
        if inner.chars().count() > 40 {
            return None;
        }
        let after = &text[plain.end..];
        let colon_after = after.trim_start().starts_with(':');
        let mut rest = plain.end;
        let mut end = src.end;
        if colon_after {
            let colon = plain.end + (after.len() - after.trim_start().len());
            rest = colon + 1;
            end = line.text.source_range(&(colon..colon + 1)).end;
        }
        let has_colon = colon_after || inner.trim_end().ends_with(':');
        let name = inner.trim().trim_end_matches(':').trim().to_string();
        let span = src.start..end.max(src.start);
        let alone = text[rest..].trim().is_empty();
        return match SectionKind::classify(inner) {
            Some(kind) => Some(Label {
                kind,
                name,
                span,
                rest,
            }),
            // An unknown bold label only counts when it stands alone: `**Background:**`.
            None if has_colon && alone => Some(Label {
                kind: SectionKind::Other,
                name,
                span,
                rest,
            }),
            None => None,
        };
    }
    let trimmed = text.trim();
    // A plain `What's Next` line, or `When:` with or without text after it.
    let (name, rest) = match trimmed.find(':') {
        Some(i) if i > 0 => (&trimmed[..i], lead_ws + i + 1),
        _ => (trimmed, text.len()),
    };
    if name.chars().count() > 40 {
        return None;
    }
    // A plain label is capitalised: "impact: …" at the start of a wrapped line is prose.
    if !name.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let kind = SectionKind::classify(name)?;
    if rest == text.len() && !trimmed.ends_with(':') && kind != SectionKind::WhatsNext {
        return None; // "Why" alone on a line is more likely a sentence fragment
    }
    let span = line.text.source_range(&(lead_ws..rest.min(text.len())));
    Some(Label {
        kind,
        name: name.trim().to_string(),
        span,
        rest,
    })
}

/// A known label before a colon with text after it ("When: Monday"), and where the
/// colon is.
fn label_prefix(text: &str) -> Option<(SectionKind, usize)> {
    let i = text.find(':').filter(|&i| i > 0)?;
    let kind = SectionKind::classify(&text[..i]).filter(|k| *k != SectionKind::Other)?;
    (!text[i + 1..].trim().is_empty()).then_some((kind, i))
}

/// Where events land while the briefing is read.
#[derive(Default)]
struct Reader {
    b: Briefing,
    /// The lead has text (so a heading is no longer its title).
    lead_started: bool,
}

impl Reader {
    fn units(&mut self) -> &mut Vec<Unit> {
        match self.b.sections.last_mut() {
            Some(s) => &mut s.units,
            None => {
                self.lead_started = true;
                &mut self.b.lead
            }
        }
    }

    fn push_unit(&mut self, text: Mapped, list: bool) {
        let text = text.trimmed();
        if !text.text.is_empty() {
            self.units().push(Unit { text, list });
        }
    }

    /// A finished paragraph: split at label lines into sections.
    fn paragraph(&mut self, lines: Vec<Line>, source: &str) {
        let mut current = Mapped::default();
        for line in lines {
            if let Some(label) = line_label(&line) {
                self.push_unit(std::mem::take(&mut current), false);
                self.b.sections.push(Section {
                    kind: label.kind,
                    label: source[label.span.clone()].trim().to_string(),
                    name: label.name,
                    label_span: label.span,
                    level: None,
                    units: Vec::new(),
                });
                let rest = line.text.slice(label.rest..line.text.text.len());
                append(&mut current, &rest);
                continue;
            }
            append(&mut current, &line.text);
        }
        self.push_unit(current, false);
    }

    fn heading(&mut self, text: Mapped, span: Range<usize>, level: usize, source: &str) {
        let raw = &source[span.clone()];
        let span = span.start..span.start + raw.trim_end().len();
        let name = text.text.trim().to_string();
        // `## When: Monday, March 10`: the heading is the label, the rest its text.
        if let Some((kind, i)) = label_prefix(&text.text) {
            let rest = text.slice(i + 1..text.text.len());
            self.b.sections.push(Section {
                kind,
                label: source[span.clone()].trim().to_string(),
                name: text.text[..i].trim().to_string(),
                label_span: span,
                level: Some(level),
                units: Vec::new(),
            });
            self.push_unit(rest, false);
            return;
        }
        let known = SectionKind::classify(&name);
        if known.is_none() {
            if self.b.sections.is_empty() && !self.lead_started {
                // The first heading before any lead text is the briefing's title; a
                // second one (a subtitle) is dropped.
                if self.b.heading.is_none() && !name.is_empty() {
                    self.b.heading = Some(text.trimmed());
                }
                return;
            }
            // A heading below a section's own ("### In the coming weeks" under
            // "## What's Next") is part of that section.
            if self
                .b
                .sections
                .last()
                .and_then(|s| s.level)
                .is_some_and(|l| level > l)
            {
                return;
            }
        }
        self.b.sections.push(Section {
            kind: known.unwrap_or(SectionKind::Other),
            label: source[span.clone()].trim().to_string(),
            name,
            label_span: span,
            level: Some(level),
            units: Vec::new(),
        });
    }
}

/// Appends a line to a unit's text, a space between.
fn append(to: &mut Mapped, line: &Mapped) {
    if line.text.trim().is_empty() {
        return;
    }
    if !to.text.is_empty() {
        let at = line.source(0);
        to.space(at..at);
    }
    let line = line.trimmed();
    for (i, s) in line.segs.iter().enumerate() {
        let end = line.segs.get(i + 1).map_or(line.text.len(), |n| n.plain);
        to.push(&line.text[s.plain..end], s.src.start..s.src.end, s.exact);
    }
}

/// Adds the bare `http(s)://` addresses of a piece of text to `links`.
fn bare_links(text: &str, links: &mut Vec<Link>) {
    let mut i = 0;
    while let Some(found) = text[i..].find("http") {
        let start = i + found;
        let rest = &text[start..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | ']' | '"' | '<'))
            .unwrap_or(rest.len());
        let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        if (url.starts_with("http://") || url.starts_with("https://"))
            && url.len() > "https://".len()
        {
            links.push(Link {
                text: String::new(),
                url: url.to_string(),
            });
        }
        i = start + end.max(4);
    }
}

/// Reads a briefing. Front matter (`---` YAML or `+++` TOML) is skipped.
pub fn parse_briefing(text: &str) -> Briefing {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[start..];
    let options = MdOptions::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | MdOptions::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut r = Reader::default();
    let mut lines: Vec<Line> = Vec::new();
    let mut line = Line::default();
    // Open blocks whose text is being collected: paragraph, heading, list item.
    let mut in_text = false;
    let mut heading: Option<Range<usize>> = None;
    let mut item_depth = 0usize;
    let mut item = Mapped::default();
    let mut skip = 0usize; // inside code, HTML, metadata or an image: text not read
    let mut strong: Option<(usize, Range<usize>)> = None;
    let mut link: Option<(String, usize)> = None;

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = range.start + start..range.end + start;
        match event {
            Event::Start(
                Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) | Tag::Image { .. },
            ) => skip += 1,
            Event::End(
                TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) | TagEnd::Image,
            ) => skip = skip.saturating_sub(1),
            _ if skip > 0 => {}
            Event::Start(Tag::Item) => {
                if item_depth > 0 {
                    flush_line(&mut line, &mut item);
                    r.push_unit(std::mem::take(&mut item), true);
                }
                item_depth += 1;
                in_text = true;
            }
            Event::End(TagEnd::Item) => {
                flush_line(&mut line, &mut item);
                r.push_unit(std::mem::take(&mut item), true);
                item_depth = item_depth.saturating_sub(1);
                in_text = item_depth > 0;
            }
            Event::Start(Tag::Paragraph) => {
                if item_depth > 0 {
                    flush_line(&mut line, &mut item);
                } else {
                    in_text = true;
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if item_depth > 0 {
                    flush_line(&mut line, &mut item);
                } else {
                    lines.push(std::mem::take(&mut line));
                    r.paragraph(std::mem::take(&mut lines), text);
                    in_text = false;
                }
            }
            Event::Start(Tag::Heading { .. }) => {
                heading = Some(range);
                in_text = true;
            }
            Event::End(TagEnd::Heading(level)) => {
                let span = heading.take().unwrap_or(range);
                let h = std::mem::take(&mut line).text;
                r.heading(h, span, level as usize, text);
                in_text = item_depth > 0;
            }
            Event::Start(Tag::Strong) if in_text => {
                strong = Some((line.text.text.len(), range));
            }
            Event::End(TagEnd::Strong) => {
                if let Some((from, src)) = strong.take()
                    && from <= line.text.text.len()
                {
                    line.strong.push((from..line.text.text.len(), src));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((dest_url.to_string(), line.text.text.len()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, from)) = link.take() {
                    let label = line.text.text.get(from..).unwrap_or("").trim().to_string();
                    r.b.links.push(Link { text: label, url });
                }
            }
            Event::Text(t) if in_text => {
                if link.is_none() {
                    bare_links(&t, &mut r.b.links);
                }
                let exact = text.get(range.clone()) == Some(&*t);
                let clean: String = t.chars().filter(|&c| c != '\r' && c != '\n').collect();
                line.text
                    .push(&clean, range, exact && clean.len() == t.len());
            }
            Event::Code(t) if in_text => line.text.push(&t, range, false),
            Event::SoftBreak | Event::HardBreak if in_text => {
                if item_depth > 0 || heading.is_some() {
                    line.text.space(range);
                } else {
                    lines.push(std::mem::take(&mut line));
                    // Bold that runs over the break starts again on the new line.
                    if let Some((from, _)) = strong.as_mut() {
                        *from = 0;
                    }
                }
            }
            _ => {}
        }
    }
    r.b
}

/// Ends a line of a list item: its text joins the item's.
fn flush_line(line: &mut Line, item: &mut Mapped) {
    let l = std::mem::take(line);
    append(item, &l.text);
}

//! The draft as TOML text: a comment above every line that was guessed, free text as
//! strings that read well (long ones wrapped with line-ending backslashes, which TOML
//! removes), and nothing the loader would reject.

use super::Draft;
use crate::edit;

/// A TOML value for free text: a one-line string when short, else a multi-line basic
/// string wrapped at `width` columns with line-ending backslashes (which TOML removes
/// together with the line break), so the value is the text exactly.
pub fn toml_text(s: &str, width: usize) -> String {
    if s.chars().count() <= width && !s.contains('\n') {
        return edit::string(s);
    }
    let mut out = String::from("\"\"\"\n");
    let logical: Vec<&str> = s.split('\n').collect();
    for (li, line) in logical.iter().enumerate() {
        let escaped = escape_multiline(line, li + 1 == logical.len());
        let chunks = wrap(&escaped, width);
        out.push_str(&chunks.join("\\\n"));
        if li + 1 < logical.len() {
            out.push('\n');
        }
    }
    out.push_str("\"\"\"");
    out
}

/// Escapes for a multi-line basic string: backslashes, control characters, and quotes
/// that could close the string (one followed by another, or the very last character).
fn escape_multiline(s: &str, last_line: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '"' if chars.get(i + 1) == Some(&'"') || (last_line && i + 1 == chars.len()) => {
                out.push_str("\\\"")
            }
            '\\' => out.push_str("\\\\"),
            '\t' => out.push('\t'),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Cuts an escaped line into chunks of about `width` characters, each ending with the
/// space it was cut after, so that joining them with `\` + newline loses nothing.
/// Cuts only at a single space followed by a non-space (TOML trims what follows the
/// backslash up to the next non-whitespace).
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut rest = line;
    while rest.chars().count() > width {
        let mut cut = None;
        for (count, (i, c)) in rest.char_indices().enumerate() {
            if count >= width && cut.is_some() {
                break;
            }
            if c == ' '
                && i > 0
                && rest[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(|n| !n.is_whitespace())
            {
                cut = Some(i + 1);
            }
        }
        match cut {
            Some(i) if i < rest.len() => {
                chunks.push(rest[..i].to_string());
                rest = &rest[i..];
            }
            _ => break,
        }
    }
    chunks.push(rest.to_string());
    chunks
}

/// Comment lines, long ones wrapped at a space; control characters (which TOML
/// forbids in comments) are shown as escapes.
fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        let line = crate::text::printable(line);
        let mut rest: &str = &line;
        loop {
            let cut = if rest.chars().count() > COMMENT_WIDTH {
                let limit = rest
                    .char_indices()
                    .nth(COMMENT_WIDTH)
                    .map_or(rest.len(), |(i, _)| i);
                rest[..limit].rfind(' ').filter(|&i| i > 0)
            } else {
                None
            };
            out.push_str("# ");
            match cut {
                Some(i) => {
                    out.push_str(&rest[..i]);
                    out.push('\n');
                    rest = &rest[i + 1..];
                }
                None => {
                    out.push_str(rest);
                    out.push('\n');
                    break;
                }
            }
        }
    }
}

/// Where comments are wrapped.
const COMMENT_WIDTH: usize = 86;

impl Draft {
    /// The draft as a scenario file. `with_id` writes the `id` key (needed when the
    /// file's stem is not the id).
    pub fn to_toml(&self, with_id: bool) -> String {
        let mut out = String::new();
        comment(
            &mut out,
            &format!(
                "Draft scenario imported from {} by `whatsnext import`.\n\
                 Check every line with a comment above it, then give the items what you\n\
                 know (question, outcomes, forecast, tags) and run `whatsnext check`.",
                self.source_name
            ),
        );
        if !self.skipped.is_empty() {
            let names: Vec<String> = self.skipped.iter().map(|s| format!("\"{s}\"")).collect();
            comment(&mut out, &format!("Not imported: {}.", names.join(", ")));
        }
        out.push('\n');
        if with_id {
            out.push_str(&format!("id = {}\n", edit::string(&self.id)));
        }
        if let Some(note) = &self.title_note {
            comment(&mut out, note);
        }
        out.push_str(&format!("title = {}\n", edit::string(&self.title)));
        comment(&mut out, &self.date_note);
        out.push_str(&format!("date = {}\n", self.date.format("%Y-%m-%d")));
        if let Some(summary) = &self.summary {
            out.push_str(&format!("summary = {}\n", toml_text(summary, 88)));
        }
        out.push_str("# tags = []\n# actors = []\n# regions = []\n");
        if !self.sources.is_empty() {
            out.push_str("sources = [\n");
            for s in &self.sources {
                match &s.title {
                    Some(t) => out.push_str(&format!(
                        "  {{ title = {}, url = {} }},\n",
                        edit::string(t),
                        edit::string(&s.url)
                    )),
                    None => out.push_str(&format!("  {},\n", edit::string(&s.url))),
                }
            }
            out.push_str("]\n");
        }
        if !self.brief.is_empty() {
            out.push_str("\n[brief]\n");
            for (key, text) in &self.brief {
                out.push_str(&format!("{key} = {}\n", toml_text(text, 88)));
            }
        }
        out.push('\n');
        comment(
            &mut out,
            "What's Next: one draft item per follow-up. Check each id, title and due;\n\
             add question, outcomes (default yes/no), forecast, tags or priority.",
        );
        for item in &self.items {
            out.push_str("\n[[watch]]\n");
            out.push_str(&format!("id = {}\n", edit::string(&item.id)));
            if let Some(note) = &item.title_note {
                comment(&mut out, note);
            }
            out.push_str(&format!("title = {}\n", edit::string(&item.title)));
            match item.due {
                Some(due) => {
                    if let Some(note) = &item.due_note {
                        comment(&mut out, note);
                    }
                    out.push_str(&format!("due = {}\n", due.format("%Y-%m-%d")));
                }
                None => {
                    let question = if item.every.is_some() {
                        "the briefing gives no first date for this: when is it first due?"
                    } else {
                        "the briefing gives no date for this: when is it expected?"
                    };
                    if let Some(note) = &item.due_note {
                        comment(&mut out, note);
                    }
                    comment(&mut out, question);
                    out.push_str("# due = YYYY-MM-DD   (or \"+30d\" from the scenario date)\n");
                }
            }
            if let Some(every) = &item.every {
                if let Some(note) = &item.every_note {
                    comment(&mut out, note);
                }
                out.push_str(&format!("every = {}\n", edit::string(every)));
            }
        }
        out
    }
}

//! Problems found in user files, reported as `PATH:LINE:COL: error: MESSAGE`
//! followed by the source line and a caret under the offending key or value.
//!
//! Spans are byte ranges into the file's text; LINE and COL are 1-based and COL
//! counts characters, so a caret lines up under non-ASCII text too.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::model::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// `None` for problems with the file as a whole (unreadable, not UTF-8).
    pub span: Option<Span>,
    pub message: String,
    /// Extra lines printed after the snippet, e.g. "first defined here: a.toml:3:6".
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(path: &Path, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            span,
            message: message.into(),
            notes: Vec::new(),
        }
    }

    pub fn warning(path: &Path, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, span, message)
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic against the text of its file (`None` when the
    /// file could not be read), ending with a newline.
    pub fn render(&self, text: Option<&str>, style: &Style) -> String {
        let lines = text.map(LineIndex::new);
        self.render_indexed(text.zip(lines.as_ref()), style)
    }

    /// [`Self::render`] with the file's line index, built once for all of its
    /// diagnostics.
    pub fn render_indexed(&self, text: Option<(&str, &LineIndex)>, style: &Style) -> String {
        let (label, label_style) = match self.severity {
            Severity::Error => ("error", style.error),
            Severity::Warning => ("warning", style.warning),
        };
        let mut out = String::new();
        let position = match (&self.span, text) {
            (Some(span), Some((text, lines))) => {
                let (line, col) = lines.line_col(text, span.start);
                format!(":{line}:{col}")
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "{}{}{}{}: {}{label}{}: {}{}{}",
            style.path.render(),
            crate::text::printable(&self.path.to_string_lossy()),
            position,
            style.path.render_reset(),
            label_style.render(),
            label_style.render_reset(),
            style.message.render(),
            crate::text::printable(&self.message),
            style.message.render_reset(),
        );
        if let (Some(span), Some((text, lines))) = (&self.span, text) {
            out.push_str(&snippet(text, lines, span, style, label_style));
        }
        for note in &self.notes {
            let _ = writeln!(out, "  = note: {}", crate::text::printable(note));
        }
        out
    }
}

/// Colours for rendering; [`Style::plain`] has none.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub path: anstyle::Style,
    pub error: anstyle::Style,
    pub warning: anstyle::Style,
    pub message: anstyle::Style,
    pub gutter: anstyle::Style,
}

impl Style {
    pub fn plain() -> Self {
        Style::default()
    }

    pub fn colored() -> Self {
        use anstyle::{AnsiColor, Effects};
        Style {
            path: Effects::BOLD.into(),
            error: AnsiColor::Red.on_default().effects(Effects::BOLD),
            warning: AnsiColor::Yellow.on_default().effects(Effects::BOLD),
            message: Effects::BOLD.into(),
            gutter: AnsiColor::Blue.on_default().effects(Effects::BOLD),
        }
    }
}

/// 1-based line and character column of byte offset `pos` in `text`.
pub fn line_col(text: &str, pos: usize) -> (usize, usize) {
    LineIndex::new(text).line_col(text, pos)
}

/// Where each line of a text starts, so that finding a position's line is a
/// binary search rather than a scan from the top (a file with many problems
/// would otherwise cost its size once per problem).
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offsets of the lines' starts, the first 0.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 1-based line and character column of byte offset `pos` in `text` (the
    /// text the index was built from).
    pub fn line_col(&self, text: &str, pos: usize) -> (usize, usize) {
        let pos = floor_char_boundary(text, pos.min(text.len()));
        let (line, start) = self.line_start(pos);
        let start = line_text_start(text, start).min(pos);
        (line, text[start..pos].chars().count() + 1)
    }

    /// The 1-based line holding byte offset `pos`.
    pub fn line(&self, pos: usize) -> usize {
        self.line_start(pos).0
    }

    /// The 1-based line holding byte offset `pos`, and where that line starts.
    fn line_start(&self, pos: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= pos);
        (line, self.starts[line - 1])
    }
}

/// Where the text of the line starting at `line_start` begins: past a byte
/// order mark on the first line, which editors do not count as a column.
fn line_text_start(text: &str, line_start: usize) -> usize {
    if line_start == 0 && text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        line_start
    }
}

fn floor_char_boundary(text: &str, mut pos: usize) -> usize {
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// Longest part of a source line shown; longer lines are cut around the caret.
const MAX_SNIPPET_CHARS: usize = 160;

fn snippet(
    text: &str,
    lines: &LineIndex,
    span: &Span,
    style: &Style,
    label_style: anstyle::Style,
) -> String {
    let (line_no, line_start) =
        lines.line_start(floor_char_boundary(text, span.start.min(text.len())));
    let line_start = line_text_start(text, line_start);
    let start = floor_char_boundary(text, span.start.min(text.len())).max(line_start);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line_text = text[line_start..line_end].trim_end_matches('\r');
    let caret_col = text[line_start..start].chars().count();
    let span_end = floor_char_boundary(text, span.end.clamp(start, line_end.max(start)));
    let caret_len = text[start..span_end].chars().count().max(1);

    // Cut very long lines to a window around the caret.
    let chars: Vec<char> = line_text.chars().collect();
    let window_start = caret_col.saturating_sub(MAX_SNIPPET_CHARS / 2);
    let window_start = if chars.len() <= MAX_SNIPPET_CHARS {
        0
    } else {
        window_start
    };
    let shown: String = chars
        .iter()
        .skip(window_start)
        .take(MAX_SNIPPET_CHARS)
        // One visible character for each control character, never the character
        // itself (it could drive the terminal) and never nothing (the caret
        // below counts it).
        .map(|&c| match c {
            '\t' => ' ',
            c if crate::text::needs_escape(c) => '\u{fffd}',
            c => c,
        })
        .collect();
    let prefix = if window_start > 0 { "…" } else { "" };
    let caret_offset = caret_col - window_start + prefix.chars().count();
    let caret_len = caret_len.min(MAX_SNIPPET_CHARS.saturating_sub(caret_offset).max(1));

    let width = line_no.to_string().len();
    let g = style.gutter;
    let mut out = String::new();
    let _ = writeln!(out, "{g}{:width$} |{g:#}", "");
    let _ = writeln!(out, "{g}{line_no} |{g:#} {prefix}{shown}");
    let _ = writeln!(
        out,
        "{g}{:width$} |{g:#} {}{label_style}{}{label_style:#}",
        "",
        " ".repeat(caret_offset),
        "^".repeat(caret_len)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_count_from_one_at_every_offset() {
        let text = "a\nbc\r\n\nd";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            let before = text[..offset].matches('\n').count() + 1;
            assert_eq!(index.line(offset), before, "{offset}");
            assert_eq!(line_col(text, offset).0, before, "{offset}");
        }
        assert_eq!(index.line(2), 2);
        assert_eq!(index.line(text.len()), 4);
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // "bé = " is 6 bytes but 5 characters.
        assert_eq!(line_col(text, 12), (2, 6));
    }

    #[test]
    fn renders_location_line_and_caret() {
        let text = "title = \"x\"\ntittle = \"y\"\n";
        let d = Diagnostic::error(Path::new("s.toml"), Some(12..18), "unknown key `tittle`");
        assert_eq!(
            d.render(Some(text), &Style::plain()),
            "s.toml:2:1: error: unknown key `tittle`\n  |\n2 | tittle = \"y\"\n  | ^^^^^^\n"
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let text = "\u{feff}titel = \"x\"\n";
        let d = Diagnostic::error(Path::new("s.toml"), Some(3..8), "unknown key `titel`");
        assert_eq!(
            d.render(Some(text), &Style::plain()),
            "s.toml:1:1: error: unknown key `titel`\n  |\n1 | titel = \"x\"\n  | ^^^^^\n"
        );
        // A span on the mark itself (a whole-file problem) is at 1:1 too.
        let d = Diagnostic::error(Path::new("s.toml"), Some(0..0), "empty");
        assert_eq!(
            d.render(Some(text), &Style::plain()),
            "s.toml:1:1: error: empty\n  |\n1 | titel = \"x\"\n  | ^\n"
        );
        assert_eq!(line_col("a\n\u{feff}b", 5), (2, 2));
    }

    #[test]
    fn whole_file_problems_have_no_position() {
        let d = Diagnostic::error(Path::new("s.toml"), None, "not UTF-8");
        assert_eq!(
            d.render(None, &Style::plain()),
            "s.toml: error: not UTF-8\n"
        );
    }

    #[test]
    fn control_characters_are_shown_so_the_caret_stays_aligned() {
        let text = "\u{7f}EL\u{2}\u{0}x\n";
        let d = Diagnostic::error(Path::new("s.toml"), Some(4..5), "NUL");
        assert_eq!(
            d.render(Some(text), &Style::plain()),
            "s.toml:1:5: error: NUL\n  |\n1 | \u{fffd}EL\u{fffd}\u{fffd}x\n  |     ^\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let text = format!("k = \"{}\" x", "a".repeat(10_000));
        let pos = text.len() - 1;
        let out = Diagnostic::error(Path::new("s.toml"), Some(pos..pos + 1), "m")
            .render(Some(&text), &Style::plain());
        assert!(out.lines().all(|l| l.chars().count() < 200), "{out}");
        assert!(out.contains('^'));
    }
}

//! Terminal tables and text layout for the listing commands: aligned columns that
//! fit a width, headings between groups of rows, colour only when asked for.
//!
//! Widths are display widths (a CJK character or an emoji takes two columns, a
//! combining mark none), so columns line up with non-ASCII text. Text is cut on
//! character boundaries only, ending with "…". The last column is never padded,
//! so lines carry no trailing spaces.

use std::borrow::Cow;
use std::io::{self, BufWriter, IsTerminal, StdoutLock, Write};

use anstyle::Style;
use rayon::prelude::*;

/// How a column's cells are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A column: its header, alignment, and how narrow it may get when the table must
/// shrink to fit (`None`: never cut).
#[derive(Debug, Clone)]
pub struct Column {
    pub header: &'static str,
    pub align: Align,
    pub min_width: Option<usize>,
}

impl Column {
    pub fn left(header: &'static str) -> Column {
        Column {
            header,
            align: Align::Left,
            min_width: None,
        }
    }

    pub fn right(header: &'static str) -> Column {
        Column {
            align: Align::Right,
            ..Column::left(header)
        }
    }

    /// Lets the table cut this column's cells down to `min` columns to fit.
    pub fn shrink_to(mut self, min: usize) -> Column {
        self.min_width = Some(min);
        self
    }
}

/// One cell: its text (borrowed when it can be) and style.
#[derive(Debug, Clone, Default)]
pub struct Cell<'a> {
    pub text: Cow<'a, str>,
    pub style: Style,
}

impl<'a> Cell<'a> {
    pub fn new(text: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell {
            text: text.into(),
            style: Style::new(),
        }
    }

    pub fn styled(text: impl Into<Cow<'a, str>>, style: Style) -> Cell<'a> {
        Cell {
            text: text.into(),
            style,
        }
    }
}

#[derive(Debug, Clone)]
enum Line<'a> {
    Header,
    Row(Vec<Cell<'a>>),
    Heading(Cell<'a>),
    Blank,
}

/// A table of rows under one set of columns, with optional headings between
/// groups of rows; every row shares the same column widths.
#[derive(Debug, Clone)]
pub struct Table<'a> {
    columns: Vec<Column>,
    lines: Vec<Line<'a>>,
}

/// Space between two columns.
const GAP: usize = 2;

/// Lines rendered together, on one core, when a table is rendered on every core.
const RENDER_CHUNK: usize = 2048;

impl<'a> Table<'a> {
    pub fn new(columns: Vec<Column>) -> Table<'a> {
        Table {
            columns,
            lines: Vec::new(),
        }
    }

    /// Adds the header line (column names) at this point.
    pub fn header(&mut self) {
        self.lines.push(Line::Header);
    }

    /// Adds a row; missing cells are blank, extra ones are ignored.
    pub fn row(&mut self, cells: Vec<Cell<'a>>) {
        self.lines.push(Line::Row(cells));
    }

    /// Adds a heading line (a group's title), preceded by a blank line unless it
    /// opens the table.
    pub fn heading(&mut self, heading: Cell<'a>) {
        if !self.lines.is_empty() {
            self.lines.push(Line::Blank);
        }
        self.lines.push(Line::Heading(heading));
    }

    /// The width of each column: the widest cell or header, with the shrinkable
    /// columns cut down (the widest first) until a line fits in `max_width` when
    /// it can.
    pub fn widths(&self, max_width: usize) -> Vec<usize> {
        let headers: Vec<usize> = self.columns.iter().map(|c| width(c.header)).collect();
        let widest = |mut widths: Vec<usize>, line: &Line| {
            if let Line::Row(cells) = line {
                for (w, cell) in widths.iter_mut().zip(cells) {
                    *w = (*w).max(width(&cell.text));
                }
            }
            widths
        };
        let most = |mut a: Vec<usize>, b: Vec<usize>| {
            for (a, b) in a.iter_mut().zip(b) {
                *a = (*a).max(b);
            }
            a
        };
        let mut widths = self
            .lines
            .par_iter()
            .with_min_len(RENDER_CHUNK)
            .fold(|| headers.clone(), widest)
            .reduce(|| headers.clone(), most);
        let total = |ws: &[usize]| ws.iter().sum::<usize>() + GAP * ws.len().saturating_sub(1);
        // Each shrinkable column with the width it may not go below.
        let floors: Vec<(usize, usize)> = self
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                c.min_width
                    .map(|min| (i, min.max(width(c.header)).min(widths[i])))
            })
            .collect();
        // A column at a time, the widest first (the leftmost of equals), so that
        // two shrinkable columns end up sharing the room.
        let mut excess = total(&widths).saturating_sub(max_width);
        while excess > 0 {
            let widest = floors
                .iter()
                .filter(|(i, floor)| widths[*i] > *floor)
                .max_by_key(|(i, _)| (widths[*i], std::cmp::Reverse(*i)));
            let Some(&(i, floor)) = widest else {
                break;
            };
            let next = floors
                .iter()
                .filter(|(j, _)| *j != i)
                .map(|(j, _)| widths[*j])
                .filter(|w| *w <= widths[i])
                .max()
                .unwrap_or(0);
            // Down to the next widest column (or its floor) at once; one column
            // at a time between equals.
            let cut = (widths[i] - floor.max(next)).clamp(1, excess);
            widths[i] -= cut;
            excess -= cut;
        }
        widths
    }

    /// Writes the table, fitted to `max_width` columns, with colour when `color`.
    /// A long table's lines are rendered on every core, then written in order.
    pub fn render(&self, out: &mut impl Write, max_width: usize, color: bool) -> io::Result<()> {
        let widths = self.widths(max_width);
        let header_style = Style::new().bold();
        let header: Vec<Cell> = self
            .columns
            .iter()
            .map(|c| Cell::styled(c.header, header_style))
            .collect();
        let render = |out: &mut Vec<u8>, lines: &[Line]| -> io::Result<()> {
            for line in lines {
                match line {
                    Line::Header => self.write_row(out, &header, &widths, color)?,
                    Line::Row(cells) => self.write_row(out, cells, &widths, color)?,
                    Line::Heading(cell) => {
                        let text = truncate(&cell.text, max_width);
                        write_styled(out, &text, cell.style, color)?;
                        out.write_all(b"\n")?;
                    }
                    Line::Blank => out.write_all(b"\n")?,
                }
            }
            Ok(())
        };
        let parts: Vec<io::Result<Vec<u8>>> = self
            .lines
            .par_chunks(RENDER_CHUNK)
            .map(|lines| {
                let mut buf = Vec::with_capacity(lines.len() * (widths.iter().sum::<usize>() + 16));
                render(&mut buf, lines)?;
                Ok(buf)
            })
            .collect();
        for part in parts {
            out.write_all(&part?)?;
        }
        Ok(())
    }

    fn write_row(
        &self,
        out: &mut impl Write,
        cells: &[Cell],
        widths: &[usize],
        color: bool,
    ) -> io::Result<()> {
        // The line ends after the last non-empty cell, so it has no trailing spaces.
        let last = cells.iter().rposition(|c| !c.text.is_empty()).unwrap_or(0);
        let blank = Cell::default();
        for (i, (column, w)) in self.columns.iter().zip(widths).enumerate().take(last + 1) {
            let cell = cells.get(i).unwrap_or(&blank);
            let text = truncate(&cell.text, *w);
            let pad = w.saturating_sub(width(&text));
            if i > 0 {
                spaces(out, GAP)?;
            }
            if column.align == Align::Right {
                spaces(out, pad)?;
            }
            write_styled(out, &text, cell.style, color)?;
            if column.align == Align::Left && i < last {
                spaces(out, pad)?;
            }
        }
        out.write_all(b"\n")
    }
}

/// Writes `n` spaces.
fn spaces(out: &mut impl Write, mut n: usize) -> io::Result<()> {
    const SPACES: &[u8; 64] = &[b' '; 64];
    while n > 0 {
        let k = n.min(SPACES.len());
        out.write_all(&SPACES[..k])?;
        n -= k;
    }
    Ok(())
}

/// Writes `text` in `style` when colour is on, plain otherwise.
pub fn write_styled(out: &mut impl Write, text: &str, style: Style, color: bool) -> io::Result<()> {
    if color && style != Style::new() {
        write!(out, "{style}{text}{style:#}")
    } else {
        out.write_all(text.as_bytes())
    }
}

/// The width a listing fits: on a terminal, `COLUMNS` when it is a sensible
/// number, else the terminal's width, else 100. `None` in a pipe or a file,
/// where nothing is cut, so that `status > list.txt` or `| grep` keeps the words.
pub fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .filter(|&c| c >= 20)
        .unwrap_or(100);
    Some(width)
}

/// `text` cut to at most `max` display columns, ending with "…" when cut. The
/// visible escapes of [`crate::text::printable`] (`\x1b`, `\u{202e}`) are kept
/// or left out whole, like characters.
pub fn truncate(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if width(text) <= max {
        return text.into();
    }
    if max == 0 {
        return "".into();
    }
    let mut out = String::new();
    let mut used = 0;
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let len = escape_len(&text[at..]).unwrap_or(c.len_utf8());
        let unit = &text[at..at + len];
        let w = width(unit);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push_str(unit);
        at += len;
    }
    // "North Korean…", not "North Korean …".
    out.truncate(out.trim_end().len());
    out.push('…');
    out.into()
}

/// The length of the escape [`crate::text::printable`] writes for a control
/// character (`\x1b`, `\u{202e}`) when `s` starts with one.
fn escape_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('\\')?;
    if let Some(hex) = rest.strip_prefix('x') {
        let digits = hex.as_bytes().get(..2)?;
        return digits.iter().all(u8::is_ascii_hexdigit).then_some(4);
    }
    let body = rest.strip_prefix("u{")?;
    let end = body.find('}')?;
    let digits = &body[..end];
    (!digits.is_empty() && digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some(3 + end + 1)
}

/// Word-wraps `text` to lines of at most `max` display columns; a word longer than
/// a line stands whole on a line of its own (a URL is never cut). Existing line
/// breaks are kept.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(10);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        let mut used: usize = 0;
        for word in paragraph.split_whitespace() {
            let w = width(word);
            if used > 0 && used.saturating_add(1 + w) > max {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            line.push_str(word);
            used += w;
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Standard output for the listings, locked once and buffered, with the colour
/// decision and the width to fit (none in a pipe, or with `wide`) made once.
pub struct Out {
    pub w: BufWriter<StdoutLock<'static>>,
    pub color: bool,
    /// The columns to fit; `None`: nothing is cut or wrapped.
    pub width: Option<usize>,
}

/// Width of the label column of [`Out::field`].
pub const LABEL: usize = 10;

impl Out {
    pub fn stdout(wide: bool) -> Out {
        // The global choice (`--color`) resolved against NO_COLOR and whether
        // stdout is a terminal.
        let choice = anstream::AutoStream::choice(&io::stdout());
        Out {
            w: BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
            color: choice != anstream::ColorChoice::Never,
            width: if wide { None } else { terminal_width() },
        }
    }

    /// The width left after `indent` columns (unbounded without a width).
    pub fn room(&self, indent: usize) -> usize {
        self.width.map_or(usize::MAX, |w| w.saturating_sub(indent))
    }

    pub fn table(&mut self, t: &Table) -> io::Result<()> {
        let width = self.room(0);
        t.render(&mut self.w, width, self.color)
    }

    pub fn styled(&mut self, text: &str, style: Style) -> io::Result<()> {
        write_styled(&mut self.w, text, style, self.color)
    }

    /// A blank line and a bold section title.
    pub fn section(&mut self, title: &str) -> io::Result<()> {
        writeln!(self.w)?;
        self.styled(title, Style::new().bold())?;
        writeln!(self.w)
    }

    /// "  label      value", the value wrapped under itself.
    pub fn field(&mut self, label: &str, value: &str) -> io::Result<()> {
        for (i, line) in self.lines(value, LABEL + 3).iter().enumerate() {
            let label = if i == 0 { label } else { "" };
            writeln!(self.w, "  {label:LABEL$} {line}")?;
        }
        Ok(())
    }

    /// Text wrapped to the width, indented by `indent`.
    pub fn paragraph(&mut self, text: &str, indent: usize) -> io::Result<()> {
        for line in self.lines(text, indent) {
            writeln!(self.w, "{:indent$}{line}", "")?;
        }
        Ok(())
    }

    /// `text` as the lines to print after `indent` columns: wrapped to the
    /// width, or each of its lines as it is when there is none.
    pub fn lines(&self, text: &str, indent: usize) -> Vec<String> {
        match self.width {
            Some(_) => wrap(text, self.room(indent)),
            None => {
                let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                if lines.is_empty() {
                    lines.push(String::new());
                }
                lines
            }
        }
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// The display width of `text` in a terminal.
pub fn width(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.chars().map(char_width).sum()
}

/// The display width of one character, as a terminal gives it: 0 for combining
/// and zero-width marks (and control characters, which take no column of their
/// own), 2 for East Asian wide and fullwidth characters and most emoji, else 1.
pub fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(table: &Table, max: usize) -> String {
        let mut out = Vec::new();
        table.render(&mut out, max, false).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn widths_count_display_columns() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("Ευρώπη"), 6);
        assert_eq!(width("日本"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("🙂"), 2);
        assert_eq!(width("한국어"), 6);
        assert_eq!(width("ｆｕｌｌ"), 8);
        assert_eq!(width("a\u{200b}b"), 2);
    }

    #[test]
    fn truncation_ends_with_an_ellipsis_and_never_splits_a_character() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("exactly", 7), "exactly");
        assert_eq!(truncate("Ευρωπαϊκή Επιτροπή", 8), "Ευρωπαϊ…");
        // A wide character that would straddle the limit is left out whole.
        assert_eq!(truncate("日本語です", 6), "日本…");
        assert_eq!(width(&truncate("日本語です", 6)), 5);
        assert_eq!(truncate("North Korean troops", 14), "North Korean…");
        assert_eq!(truncate("abc", 1), "…");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn truncation_keeps_or_drops_a_visible_escape_whole() {
        assert_eq!(truncate("ok\\x0dFAIL", 5), "ok…");
        assert_eq!(truncate("ok\\x0dFAIL", 7), "ok\\x0d…");
        assert_eq!(truncate("a\\u{202e}bcdef", 8), "a…");
        assert_eq!(truncate("a\\u{202e}bcdef", 10), "a\\u{202e}…");
        // A backslash that starts no escape is an ordinary character.
        assert_eq!(truncate("a\\xyz and more", 5), "a\\xy…");
    }

    #[test]
    fn columns_align_and_lines_have_no_trailing_spaces() {
        let mut t = Table::new(vec![
            Column::left("A"),
            Column::right("N"),
            Column::left("T"),
        ]);
        t.header();
        t.row(vec![Cell::new("xx"), Cell::new("1"), Cell::new("first")]);
        t.row(vec![Cell::new("y"), Cell::new("100"), Cell::new("")]);
        assert_eq!(render(&t, 80), "A     N  T\nxx    1  first\ny   100\n");
    }

    #[test]
    fn shrinkable_columns_are_cut_to_fit() {
        let mut t = Table::new(vec![Column::left("ID"), Column::left("TITLE").shrink_to(8)]);
        t.row(vec![
            Cell::new("a"),
            Cell::new("a rather long title indeed"),
        ]);
        assert_eq!(render(&t, 15), "a   a rather l…\n");
        // Never below the minimum, even when the line then overflows.
        assert_eq!(render(&t, 5), "a   a rathe…\n");
    }

    #[test]
    fn two_shrinkable_columns_share_the_room() {
        let mut t = Table::new(vec![
            Column::left("S").shrink_to(4),
            Column::left("T").shrink_to(4),
        ]);
        t.row(vec![
            Cell::new("abcdefghij"),
            Cell::new("0123456789abcdefghij"),
        ]);
        assert_eq!(render(&t, 22), "abcdefghij  012345678…\n");
        assert_eq!(render(&t, 14), "abcde…  01234…\n");
    }

    #[test]
    fn headings_separate_groups_with_a_blank_line() {
        let mut t = Table::new(vec![Column::left("A")]);
        t.heading(Cell::new("First"));
        t.row(vec![Cell::new("1")]);
        t.heading(Cell::new("Second"));
        t.row(vec![Cell::new("2")]);
        assert_eq!(render(&t, 80), "First\n1\n\nSecond\n2\n");
    }

    #[test]
    fn colour_wraps_styled_cells_only_when_asked() {
        let red = Style::new().fg_color(Some(anstyle::AnsiColor::Red.into()));
        let mut t = Table::new(vec![Column::left("A")]);
        t.row(vec![Cell::styled("x", red)]);
        let mut out = Vec::new();
        t.render(&mut out, 80, true).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "\u{1b}[31mx\u{1b}[0m\n");
        assert_eq!(render(&t, 80), "x\n");
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(
            wrap("one two three four five", 10),
            vec!["one two", "three four", "five"]
        );
        assert_eq!(wrap("", 10), vec![""]);
        let url = "https://example.org/a/very/long/path/that/does/not/fit";
        assert_eq!(wrap(&format!("see {url} now"), 20), vec!["see", url, "now"]);
    }
}

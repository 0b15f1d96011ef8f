//! Terminal tables and text layout for the listing commands: aligned columns that
//! fit a width, headings between groups of rows, colour only when asked for.
//!
//! Widths are display widths (a CJK character or an emoji takes two columns, a
//! combining mark none), so columns line up with non-ASCII text. Text is cut on
//! character boundaries only, ending with "…". The last column is never padded,
//! so lines carry no trailing spaces.

use std::borrow::Cow;
use std::io::{self, Write};

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
    rows: usize,
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
            rows: 0,
        }
    }

    /// Adds the header line (column names) at this point.
    pub fn header(&mut self) {
        self.lines.push(Line::Header);
    }

    /// Adds a row; missing cells are blank, extra ones are ignored.
    pub fn row(&mut self, cells: Vec<Cell<'a>>) {
        self.rows += 1;
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

    pub fn row_count(&self) -> usize {
        self.rows
    }

    /// The width of each column: the widest cell or header, cut down (shrinkable
    /// columns first, left to right) until a line fits in `max_width` when it can.
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
        for (i, column) in self.columns.iter().enumerate() {
            let Some(min) = column.min_width else {
                continue;
            };
            let excess = total(&widths).saturating_sub(max_width);
            if excess == 0 {
                break;
            }
            let floor = min.max(width(column.header));
            widths[i] = widths[i].saturating_sub(excess).max(floor.min(widths[i]));
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

/// The terminal width to fit: `COLUMNS` when it is a sensible number, else the
/// width of the terminal standard output is on, else 100 (a pipe or a file).
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .filter(|&c| c >= 20)
        .unwrap_or(100)
}

/// `text` cut to at most `max` display columns, ending with "…" when cut.
pub fn truncate(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if width(text) <= max {
        return text.into();
    }
    if max == 0 {
        return "".into();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    // "North Korean…", not "North Korean …".
    out.truncate(out.trim_end().len());
    out.push('…');
    out.into()
}

/// Word-wraps `text` to lines of at most `max` display columns; a word longer than
/// a line is cut. Existing line breaks are kept.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(10);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split_whitespace() {
            let w = width(word);
            if used > 0 && used + 1 + w > max {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            if w > max {
                let cut = truncate(word, max);
                used += width(&cut);
                line.push_str(&cut);
            } else {
                line.push_str(word);
                used += w;
            }
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The display width of `text` in a terminal.
pub fn width(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.chars().map(char_width).sum()
}

/// The display width of one character: 0 for combining and zero-width marks, 2 for
/// East Asian wide and fullwidth characters and most emoji, 1 otherwise. An
/// approximation of Unicode's East Asian Width, enough to line columns up.
pub fn char_width(c: char) -> usize {
    let cp = u32::from(c);
    if cp < 0x300 {
        return usize::from(!c.is_control());
    }
    const ZERO: &[(u32, u32)] = &[
        (0x0300, 0x036F),
        (0x0483, 0x0489),
        (0x0591, 0x05BD),
        (0x0610, 0x061A),
        (0x064B, 0x065F),
        (0x0E31, 0x0E31),
        (0x0E34, 0x0E3A),
        (0x1AB0, 0x1AFF),
        (0x1DC0, 0x1DFF),
        (0x200B, 0x200F),
        (0x2028, 0x202E),
        (0x2060, 0x2064),
        (0x20D0, 0x20FF),
        (0xFE00, 0xFE0F),
        (0xFE20, 0xFE2F),
        (0xFEFF, 0xFEFF),
        (0xE0100, 0xE01EF),
    ];
    const WIDE: &[(u32, u32)] = &[
        (0x1100, 0x115F),
        (0x231A, 0x231B),
        (0x2329, 0x232A),
        (0x23E9, 0x23EC),
        (0x23F0, 0x23F3),
        (0x25FD, 0x25FE),
        (0x2614, 0x2615),
        (0x2648, 0x2653),
        (0x26A1, 0x26A1),
        (0x26AA, 0x26AB),
        (0x26BD, 0x26BE),
        (0x26C4, 0x26C5),
        (0x26D4, 0x26D4),
        (0x26EA, 0x26EA),
        (0x26F2, 0x26F5),
        (0x26FA, 0x26FD),
        (0x2705, 0x2705),
        (0x270A, 0x270B),
        (0x2728, 0x2728),
        (0x274C, 0x274C),
        (0x2753, 0x2755),
        (0x2757, 0x2757),
        (0x2795, 0x2797),
        (0x27B0, 0x27B0),
        (0x27BF, 0x27BF),
        (0x2B1B, 0x2B1C),
        (0x2B50, 0x2B50),
        (0x2B55, 0x2B55),
        (0x2E80, 0x303E),
        (0x3041, 0x33FF),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xA000, 0xA4CF),
        (0xA960, 0xA97F),
        (0xAC00, 0xD7A3),
        (0xF900, 0xFAFF),
        (0xFE10, 0xFE19),
        (0xFE30, 0xFE6F),
        (0xFF00, 0xFF60),
        (0xFFE0, 0xFFE6),
        (0x1F004, 0x1F004),
        (0x1F0CF, 0x1F0CF),
        (0x1F18E, 0x1F18E),
        (0x1F191, 0x1F19A),
        (0x1F200, 0x1F251),
        (0x1F300, 0x1F64F),
        (0x1F680, 0x1F6FF),
        (0x1F900, 0x1F9FF),
        (0x1FA70, 0x1FAFF),
        (0x20000, 0x3FFFD),
    ];
    let within = |ranges: &[(u32, u32)]| {
        ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < cp {
                    std::cmp::Ordering::Less
                } else if lo > cp {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    };
    if within(ZERO) {
        0
    } else if within(WIDE) {
        2
    } else {
        1
    }
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
    }
}

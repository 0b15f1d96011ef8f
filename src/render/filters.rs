//! The filters the templates get on top of Tera's built-ins (Tera 2 has no date
//! or number formatting of its own).
//!
//! Every filter is total: a bad argument is a template error naming the filter,
//! never a panic.

use std::fmt::Write as _;

use chrono::NaiveDate;
use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::escape;
use crate::table;

/// Registers every filter below on `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("date", date);
    tera.register_filter("plural", plural);
    tera.register_filter("percent", percent);
    tera.register_filter("fixed", fixed);
    tera.register_filter("wrap", wrap_filter);
    tera.register_filter("pad", pad);
    tera.register_filter("fit", fit);
    tera.register_filter("md_cell", md_cell);
    tera.register_filter("md_url", md_url);
    tera.register_filter("md_code", md_code);
}

fn error(msg: impl std::fmt::Display) -> tera::Error {
    tera::Error::message(msg)
}

/// `{{ day | date(format="%a %-d %b") }}`: a `YYYY-MM-DD` string in a chrono
/// strftime format (default `%Y-%m-%d`). `none` gives an empty string.
fn date(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    if value.is_none() {
        return Ok(String::new());
    }
    let text = value
        .as_str()
        .ok_or_else(|| error(format!("`date` expects a YYYY-MM-DD string, got {value}")))?;
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| error(format!("`date`: \"{text}\" is not a YYYY-MM-DD date: {e}")))?;
    let format = kwargs.get::<&str>("format")?.unwrap_or("%Y-%m-%d");
    let mut out = String::new();
    // An unknown specifier makes chrono's formatter fail; report it instead of panicking.
    write!(out, "{}", day.format(format))
        .map_err(|_| error(format!("`date`: invalid format \"{format}\"")))?;
    Ok(out)
}

/// `{{ n | plural(word="day") }}` → "1 day", "3 days"; `plural(word="entry",
/// many="entries")` for irregular plurals.
fn plural(n: i64, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let word = kwargs.must_get::<&str>("word")?;
    Ok(plural_text(n, word, kwargs.get::<&str>("many")?))
}

/// What `plural` prints: "1 day", "3 days" (`many` for an irregular plural).
pub fn plural_text(n: i64, word: &str, many: Option<&str>) -> String {
    if n == 1 || n == -1 {
        format!("{n} {word}")
    } else if let Some(many) = many {
        format!("{n} {many}")
    } else {
        format!("{n} {word}s")
    }
}

/// `{{ 0.45 | percent }}` → "45%"; `percent(digits=1)` → "45.0%".
fn percent(p: f64, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let digits = kwargs.get::<usize>("digits")?.unwrap_or(0).min(6);
    Ok(percent_text(p, digits))
}

/// What `percent` prints: `p` as a percentage with `digits` decimals.
pub fn percent_text(p: f64, digits: usize) -> String {
    format!("{:.*}%", digits, p * 100.0)
}

/// `{{ 0.2451 | fixed(digits=3) }}` → "0.245": a number with a fixed count of
/// decimals (default 3).
fn fixed(x: f64, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let digits = kwargs.get::<usize>("digits")?.unwrap_or(3).min(12);
    Ok(fixed_text(x, digits))
}

/// What `fixed` prints: `x` with `digits` decimals, never as "-0.000".
pub fn fixed_text(x: f64, digits: usize) -> String {
    let s = format!("{x:.digits$}");
    // -0.000 reads as a sign error.
    if s.trim_start_matches('-')
        .bytes()
        .all(|b| b == b'0' || b == b'.')
    {
        s.trim_start_matches('-').to_string()
    } else {
        s
    }
}

/// `{{ value | pad(width=8) }}`: the value as text, padded with spaces to `width`
/// columns (display width: a CJK character takes two), on the right
/// (`right=true`: on the left, aligning numbers). Longer text is left as it is.
fn pad(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let width = kwargs.must_get::<usize>("width")?.min(1000);
    let right = kwargs.get::<bool>("right")?.unwrap_or(false);
    let text = value.to_string();
    let fill = " ".repeat(width.saturating_sub(table::width(&text)));
    Ok(if right { fill + &text } else { text + &fill })
}

/// `{{ value | fit(width=28) }}`: the value as text in exactly `width` columns
/// (display width): cut to fit, ending with "…", or padded with spaces on the
/// right. For the cells of a plain-text table.
fn fit(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let width = kwargs.must_get::<usize>("width")?.min(1000);
    let text = value.to_string();
    let cut = table::truncate(&text, width);
    let fill = " ".repeat(width.saturating_sub(table::width(&cut)));
    Ok(format!("{cut}{fill}"))
}

/// `{{ text | wrap(width=80, indent="    ") }}`: see [`wrap`].
fn wrap_filter(text: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let width = kwargs.get::<usize>("width")?.unwrap_or(80);
    let indent = kwargs.get::<&str>("indent")?.unwrap_or("");
    Ok(wrap(text, width, indent))
}

/// Wraps `text` at word boundaries into lines of at most `width` columns of
/// display width (a CJK character or an emoji takes two, a combining mark none);
/// lines after the first start with `indent`. A word longer than a line (a URL)
/// gets a line of its own rather than being broken. Newlines in `text` are kept
/// as line breaks; other runs of white space become one space.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let indent_width = table::width(indent);
    let mut out = String::with_capacity(text.len() + 16);
    let mut column = 0;
    let mut line_has_word = false;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(indent);
            column = indent_width;
            line_has_word = false;
        }
        // Keep the line's own leading white space (list markers, alignment).
        let body = line.trim_start();
        let lead = &line[..line.len() - body.len()];
        if !lead.is_empty() {
            out.push_str(lead);
            column += table::width(lead);
        }
        for word in body.split_whitespace() {
            let w = table::width(word);
            if line_has_word {
                if column + 1 + w > width {
                    out.push('\n');
                    out.push_str(indent);
                    column = indent_width;
                } else {
                    out.push(' ');
                    column += 1;
                }
            }
            out.push_str(word);
            column += w;
            line_has_word = true;
        }
    }
    out
}

/// `{{ text | md_cell }}`: text for a Markdown table cell. Every value a
/// Markdown template prints already has its `|` escaped (see
/// [`escape::escape_markdown`]), so this only names the intent.
fn md_cell(text: &str, _: Kwargs, _: &State) -> String {
    text.to_string()
}

/// `{{ value | md_code }}`: the value as a Markdown code span, with a fence
/// longer than any run of backticks in it ([`escape::code_span`]).
fn md_code(value: &Value, _: Kwargs, _: &State) -> Value {
    Value::safe_string(&escape::code_span(&value.to_string()))
}

/// `{{ url | md_url }}`: a URL usable as a Markdown link destination, `[t](url)`
/// or `<url>` ([`escape::markdown_url`]).
fn md_url(url: &str, _: Kwargs, _: &State) -> Value {
    Value::safe_string(&escape::markdown_url(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_words_and_keeps_long_ones_whole() {
        let text = "one two three four five six";
        assert_eq!(wrap(text, 10, "  "), "one two\n  three\n  four\n  five six");
        let url = "see https://example.com/a/very/long/path/that/does/not/fit ok";
        assert_eq!(
            wrap(url, 20, ""),
            "see\nhttps://example.com/a/very/long/path/that/does/not/fit\nok"
        );
        assert_eq!(wrap("a\nb c", 80, "  "), "a\n  b c");
        assert_eq!(wrap("", 80, "  "), "");
    }

    #[test]
    fn wrapped_lines_fit_the_width() {
        let text = "Talks at Joint Base Elmendorf–Richardson, Anchorage, ended without a \
                    ceasefire or an announced agreement, and both sides said they would meet again.";
        for line in wrap(text, 40, "    ").lines() {
            assert!(line.chars().count() <= 40, "{line}");
        }
    }

    #[test]
    fn wrapping_and_padding_count_display_columns() {
        let text = "東京 大阪 名古屋 札幌 福岡 神戸 京都 横浜 広島 仙台 千葉 川崎";
        let wrapped = wrap(text, 20, "  ");
        for line in wrapped.lines() {
            assert!(table::width(line) <= 20, "{line:?} in {wrapped:?}");
        }
        // Two columns per character: three names (7 characters and 2 spaces,
        // 16 columns) fit the first line; counted in characters, six would.
        assert_eq!(wrapped.lines().next(), Some("東京 大阪 名古屋"));
        assert_eq!(wrap("e\u{301}te\u{301} x", 6, ""), "e\u{301}te\u{301} x");
    }
}

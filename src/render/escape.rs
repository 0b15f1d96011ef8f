//! The escapers of the digest's formats, applied by the engine to every value a
//! template prints, and the Markdown helpers for code spans and link targets.
//!
//! Text from scenario files is data: in Markdown it never becomes a link, an
//! image, emphasis, a code span, raw HTML or a new block; in every format its
//! control characters are shown as escapes ([`crate::text`]), so that nothing
//! reaches a terminal raw.

use crate::text;

/// The escaper of Markdown templates.
///
/// - line breaks become spaces (a value never starts a new block), and other
///   control characters are shown as escapes (`\x1b`);
/// - inline syntax is backslash-escaped: `\`, `` ` ``, `*`, `_`, `~`, `[`, `]`,
///   `<`, `|`, and `&` where it would start an entity (`&lt;`);
/// - a block marker at the start — `#` heading, `>` quote, `-`/`+` bullet,
///   `1.` number, rule — gets a backslash too.
///
/// The rest stays as written: `a > b`, `R&D`, `50%`, `(note)`.
pub fn escape_markdown(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if !needs_markdown_escape(input) {
        return out.write_all(input.as_bytes());
    }
    out.write_all(markdown_text(input).as_bytes())
}

/// The escaper of plain-text templates: control characters shown as escapes,
/// line breaks kept.
pub fn escape_text(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(text::printable_text(input).as_bytes())
}

/// The escaper of HTML templates: HTML escaping, after control characters are
/// shown as escapes (line breaks kept, for notes shown as written).
pub fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    tera::escape_html(&text::printable_text(input), out)
}

/// A byte of inline Markdown syntax, a line break or the start of a control
/// character (C0, DEL, or a multi-byte character checked below).
fn special_byte(b: u8) -> bool {
    matches!(
        b,
        b'\\' | b'`' | b'*' | b'_' | b'~' | b'[' | b']' | b'<' | b'|' | b'&' | 0x7f
    ) || b < 0x20
}

fn needs_markdown_escape(input: &str) -> bool {
    input.bytes().any(special_byte)
        || block_marker(input).is_some()
        || (!input.is_ascii() && text::has_control(input))
}

/// What [`escape_markdown`] writes for `input`.
pub fn markdown_text(input: &str) -> String {
    let folded = fold_lines(input);
    let visible = text::printable(&folded);
    let marker = block_marker(&visible);
    let mut out = String::with_capacity(visible.len() + 8);
    for (i, c) in visible.char_indices() {
        let inline = match c {
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' | '|' => true,
            '&' => starts_entity(&visible[i + 1..]),
            _ => false,
        };
        if inline || marker == Some(i) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Line breaks, and the indentation after them, folded into one space.
fn fold_lines(input: &str) -> String {
    let mut text = String::with_capacity(input.len());
    for (i, part) in input.split(['\n', '\r']).enumerate() {
        let part = if i > 0 { part.trim_start() } else { part };
        if i > 0 {
            let end = text.trim_end().len();
            text.truncate(end);
        }
        if part.is_empty() {
            continue;
        }
        if i > 0 && !text.is_empty() {
            text.push(' ');
        }
        text.push_str(part);
    }
    text
}

/// Whether the text after an `&` makes it a character reference (`&amp;`,
/// `&#60;`, `&#x3C;`), which Markdown would decode.
fn starts_entity(rest: &str) -> bool {
    let name = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name > 0 && rest.as_bytes().get(name) == Some(&b';')
}

/// Where to put a backslash when `text` starts with a Markdown block marker.
fn block_marker(text: &str) -> Option<usize> {
    let lead = text.len() - text.trim_start_matches(' ').len();
    if lead > 3 {
        return None;
    }
    let rest = &text[lead..];
    let bytes = rest.as_bytes();
    let first = *bytes.first()?;
    let then_space = |n: usize| bytes.get(n).is_none_or(|b| *b == b' ' || *b == b'\t');
    match first {
        b'#' => {
            let hashes = bytes.iter().take_while(|b| **b == b'#').count();
            (hashes <= 6 && then_space(hashes)).then_some(lead)
        }
        b'>' => Some(lead),
        b'-' | b'+' if then_space(1) => Some(lead),
        b'-' | b'=' => {
            // A rule (`---`) or a setext underline (`===`, `---`).
            let all_same = rest.bytes().all(|b| b == first || b == b' ');
            let count = rest.bytes().filter(|b| *b == first).count();
            (all_same && (count >= 3 || first == b'=')).then_some(lead)
        }
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let marker = bytes.get(digits).copied();
            (digits <= 9 && matches!(marker, Some(b'.' | b')')) && then_space(digits + 1))
                .then_some(lead + digits)
        }
        _ => None,
    }
}

/// `text` as a Markdown code span: control characters shown as escapes, inside
/// a backtick fence longer than any run of backticks in it, padded with a space
/// where the text would otherwise touch the fence or lose a space.
pub fn code_span(input: &str) -> String {
    if input.is_empty() {
        return "` `".to_string();
    }
    let text = text::printable(input);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']);
    let space = if pad { " " } else { "" };
    format!("{fence}{space}{text}{space}{fence}")
}

/// A URL usable as a Markdown link destination, `[t](url)` or `<url>`: white
/// space, control characters, `<`, `>` and `\` percent-encoded, and
/// parentheses too unless they pair up (as in Wikipedia addresses).
pub fn markdown_url(url: &str) -> String {
    let url = url.trim();
    let mut depth = 0i32;
    let balanced = url.chars().all(|c| {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        depth >= 0
    }) && depth == 0;
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        let encode = match c {
            '<' | '>' | '\\' => true,
            '(' | ')' => !balanced,
            c => c.is_whitespace() || text::needs_escape(c),
        };
        if encode {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_inline_syntax_and_block_markers() {
        let md = markdown_text;
        assert_eq!(md("a > b, R&D, 50% (note)"), "a > b, R&D, 50% (note)");
        assert_eq!(
            md("![i](https://evil.example/p.png)"),
            "!\\[i\\](https://evil.example/p.png)"
        );
        assert_eq!(md("<img src=x>"), "\\<img src=x>");
        assert_eq!(
            md("*emph* _too_ ~~gone~~"),
            "\\*emph\\* \\_too\\_ \\~\\~gone\\~\\~"
        );
        assert_eq!(md("a `code` b\\"), "a \\`code\\` b\\\\");
        assert_eq!(md("&lt; &#60; & x"), "\\&lt; \\&#60; & x");
        assert_eq!(md("x|y"), "x\\|y");
        assert_eq!(md("# not a heading"), "\\# not a heading");
        assert_eq!(md("#hashtag"), "#hashtag");
        assert_eq!(md("- item"), "\\- item");
        assert_eq!(md("* item"), "\\* item");
        assert_eq!(md("-5"), "-5");
        assert_eq!(md("1. first"), "1\\. first");
        assert_eq!(md("1.5 million"), "1.5 million");
        assert_eq!(md("> quote"), "\\> quote");
        assert_eq!(md("---"), "\\---");
        assert_eq!(md("```rust"), "\\`\\`\\`rust");
        assert_eq!(md("line one\n\n# two\n  three"), "line one # two three");
    }

    #[test]
    fn markdown_shows_control_characters() {
        assert_eq!(md_of("a\x1b[2Jb\u{7}"), "a\\\\x1b\\[2Jb\\\\x07");
        assert_eq!(md_of("ok\rFAIL"), "ok FAIL");
    }

    fn md_of(s: &str) -> String {
        let mut out = Vec::new();
        escape_markdown(s, &mut out).expect("write");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn code_spans_outlast_the_backticks_inside() {
        assert_eq!(code_span("a/b"), "`a/b`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("``x"), "``` ``x ```");
        assert_eq!(code_span(""), "` `");
        assert_eq!(code_span("a\nb"), "`a\\x0ab`");
    }

    #[test]
    fn urls_are_made_safe_as_link_targets() {
        assert_eq!(
            markdown_url("https://en.wikipedia.org/wiki/A_(b)"),
            "https://en.wikipedia.org/wiki/A_(b)"
        );
        assert_eq!(
            markdown_url(" https://x.org/a b)<c>\\ "),
            "https://x.org/a%20b%29%3Cc%3E%5C"
        );
        assert_eq!(markdown_url("https://x.org/\x1b"), "https://x.org/%1B");
    }
}

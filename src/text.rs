//! Text from scenario files shown to a person: control characters made visible.
//!
//! A title, note or id is data. Printed raw on a terminal, an escape sequence in it
//! could clear the screen, retitle the window, write the clipboard (OSC 52) or, with a
//! carriage return or backspace, overwrite what a row says. Every human-readable
//! output passes scenario text through [`printable`] (one line: tables, headings,
//! cards) or [`printable_text`] (free text that may span lines: notes, summaries).
//!
//! A control character (C0, DEL, C1) is written as a visible escape such as `\x1b`;
//! bidirectional overrides and isolates, which reorder what a reader sees, are
//! written as `\u{202e}`. The result contains no control character but, for
//! [`printable_text`], the line feed. An escape is written whole, so cutting the
//! result at a character boundary never leaves half a sequence for the terminal.

use std::borrow::Cow;
use std::fmt::Write;

/// `text` for a one-line context: every control character, line breaks included,
/// shown as an escape.
pub fn printable(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// `text` for a multi-line context: line feeds kept (a CR LF pair becomes one line
/// feed), every other control character shown as an escape.
pub fn printable_text(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// Whether `url` may become a link (in a digest, a calendar): an `http`, `https`
/// or `mailto` address. Any other scheme (`javascript:`, `data:`, `file:`) is
/// shown as text only.
pub fn is_web_or_mail(url: &str) -> bool {
    url.trim_start().split_once(':').is_some_and(|(scheme, _)| {
        ["http", "https", "mailto"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(scheme))
    })
}

/// Whether `c` would be escaped in a one-line context.
pub fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Whether `text` holds a character that [`printable`] would escape.
pub fn has_control(text: &str) -> bool {
    text.chars().any(needs_escape)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let keep = |c: char| keep_newlines && c == '\n';
    if !text.chars().any(|c| needs_escape(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if keep_newlines && c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if keep(c) || !needs_escape(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_addresses_are_links() {
        for ok in [
            "https://example.org",
            "HTTP://x",
            "mailto:desk@example.org",
            " https://x",
        ] {
            assert!(is_web_or_mail(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "file:///etc",
            "example.org",
            "",
        ] {
            assert!(!is_web_or_mail(bad), "{bad}");
        }
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(printable("Putin–Kim call"), Cow::Borrowed(_)));
        assert!(matches!(printable_text("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(printable("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(printable("\x1b]52;c;aGk=\x07"), "\\x1b]52;c;aGk=\\x07");
        assert_eq!(printable("ok\rFAIL\x08"), "ok\\x0dFAIL\\x08");
        assert_eq!(printable("\u{9b}31m"), "\\x9b31m");
        assert_eq!(printable("\u{7f}"), "\\x7f");
        assert_eq!(printable("abc\u{202e}fed"), "abc\\u{202e}fed");
    }

    #[test]
    fn line_breaks_depend_on_the_context() {
        assert_eq!(printable("a\nb\tc"), "a\\x0ab\\x09c");
        assert_eq!(printable_text("a\r\nb\nc\rd"), "a\nb\nc\\x0dd");
    }

    #[test]
    fn the_result_holds_no_control_character() {
        let all: String = (0u32..0x2070).filter_map(char::from_u32).collect();
        assert!(!has_control(&printable(&all)));
        assert!(
            !printable_text(&all)
                .chars()
                .any(|c| needs_escape(c) && c != '\n')
        );
    }
}

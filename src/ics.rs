//! A small writer for RFC 5545 iCalendar data: content lines, TEXT escaping and
//! line folding.
//!
//! Invariants of everything written through [`Writer`]:
//! - every line ends with CRLF;
//! - every physical line is at most [`MAX_LINE`] octets, CRLF excluded, the leading
//!   space of a continuation line included;
//! - a fold never splits a UTF-8 character, nor an escape pair such as `\n` or `\,`
//!   (the RFC allows the latter, but some readers unfold badly);
//! - a TEXT value holds no raw control character: line breaks become `\n`, the other
//!   controls (except tab) are dropped.

use std::io::{self, Write};

use chrono::NaiveDate;

/// The longest a physical line may be, in octets, without its CRLF (RFC 5545 §3.1).
pub const MAX_LINE: usize = 75;

/// Escapes a TEXT value (RFC 5545 §3.3.11): `\` `;` `,` are backslash-escaped and
/// every line break (LF, CRLF or a lone CR) becomes `\n`.
pub fn escape_text(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 8);
    // Runs of bytes that need nothing are copied whole; every byte replaced is
    // ASCII, so each cut falls between two characters.
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let replacement = match bytes[i] {
            b'\\' => "\\\\",
            b';' => "\\;",
            b',' => "\\,",
            b'\n' | b'\r' => "\\n",
            b if b == b'\t' || !b.is_ascii_control() => {
                i += 1;
                continue;
            }
            _ => "",
        };
        out.push_str(&text[run..i]);
        out.push_str(replacement);
        // CRLF is one line break.
        i += if bytes[i..].starts_with(b"\r\n") {
            2
        } else {
            1
        };
        run = i;
    }
    out.push_str(&text[run..]);
    out
}

/// Appends `line` to `out` folded at [`MAX_LINE`] octets, each physical line ended
/// by CRLF and each continuation line started by one space.
pub fn fold_into(out: &mut String, line: &str) {
    let bytes = line.as_bytes();
    // The current physical line holds `line[start..i]` and is `width` octets wide
    // (with its leading space when it is a continuation).
    let (mut start, mut width, mut i) = (0, 0, 0);
    while i < bytes.len() {
        let unit = unit_len(bytes, i);
        if width + unit > MAX_LINE {
            out.push_str(&line[start..i]);
            out.push_str("\r\n ");
            start = i;
            width = 1;
        }
        width += unit;
        i += unit;
    }
    out.push_str(&line[start..]);
    out.push_str("\r\n");
}

/// `line` folded (see [`fold_into`]).
#[cfg(test)]
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    fold_into(&mut out, line);
    out
}

/// The length in octets of the piece starting at `i` (a character boundary) that
/// a fold may not split: one character, or a backslash with the character it escapes.
fn unit_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i + 1) {
        Some(next) if bytes[i] == b'\\' => 1 + utf8_len(*next),
        _ => utf8_len(bytes[i]),
    }
}

/// The length of a UTF-8 character from its first byte.
fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// A DATE value: `YYYYMMDD`.
pub fn date(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

/// A UTC DATE-TIME value at the start of `day`: `YYYYMMDDT000000Z`.
pub fn midnight_utc(day: NaiveDate) -> String {
    day.format("%Y%m%dT000000Z").to_string()
}

/// Writes content lines to `out`, one property at a time.
pub struct Writer<W: Write> {
    out: W,
    buf: String,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W) -> Self {
        Writer {
            out,
            buf: String::with_capacity(256),
        }
    }

    /// `BEGIN:NAME`
    pub fn begin(&mut self, component: &str) -> io::Result<()> {
        self.value("BEGIN", component)
    }

    /// `END:NAME`
    pub fn end(&mut self, component: &str) -> io::Result<()> {
        self.value("END", component)
    }

    /// A property whose value is already in its iCalendar form (a date, a number,
    /// an enumerated value, a URI). `name` may carry parameters: `DUE;VALUE=DATE`.
    pub fn value(&mut self, name: &str, value: &str) -> io::Result<()> {
        debug_assert!(
            !value.chars().any(|c| c.is_control()),
            "raw value {value:?}"
        );
        self.line(name, value)
    }

    /// A TEXT property, escaped.
    pub fn text(&mut self, name: &str, text: &str) -> io::Result<()> {
        self.line(name, &escape_text(text))
    }

    /// A multi-valued TEXT property (`CATEGORIES`): each value escaped, joined by commas.
    pub fn text_list<'t>(
        &mut self,
        name: &str,
        values: impl IntoIterator<Item = &'t str>,
    ) -> io::Result<()> {
        let joined: Vec<String> = values.into_iter().map(escape_text).collect();
        self.line(name, &joined.join(","))
    }

    fn line(&mut self, name: &str, value: &str) -> io::Result<()> {
        let mut logical = String::with_capacity(name.len() + 1 + value.len());
        logical.push_str(name);
        logical.push(':');
        logical.push_str(value);
        self.buf.clear();
        fold_into(&mut self.buf, &logical);
        self.out.write_all(self.buf.as_bytes())
    }

    #[cfg(test)]
    fn into_inner(self) -> W {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn physical_lines(folded: &str) -> Vec<&str> {
        assert!(folded.ends_with("\r\n"), "{folded:?}");
        folded[..folded.len() - 2].split("\r\n").collect()
    }

    fn unfold(folded: &str) -> String {
        folded
            .strip_suffix("\r\n")
            .unwrap_or(folded)
            .replace("\r\n ", "")
    }

    #[test]
    fn escaping_covers_backslash_semicolon_comma_and_line_breaks() {
        assert_eq!(escape_text(r"a\b"), r"a\\b");
        assert_eq!(escape_text("a;b,c"), r"a\;b\,c");
        assert_eq!(
            escape_text("one\ntwo\r\nthree\rfour"),
            r"one\ntwo\nthree\nfour"
        );
        assert_eq!(escape_text(r"\n is not a newline"), r"\\n is not a newline");
        assert_eq!(
            escape_text("colon: and \"quotes\""),
            "colon: and \"quotes\""
        );
    }

    #[test]
    fn escaping_drops_control_characters_but_keeps_tab_and_unicode() {
        assert_eq!(escape_text("a\u{7}b\u{1b}[0mc\u{7f}d"), "ab[0mcd");
        assert_eq!(escape_text("a\tb"), "a\tb");
        assert_eq!(
            escape_text("Putin–Kim: «ceasefire» — 東京"),
            "Putin–Kim: «ceasefire» — 東京"
        );
    }

    #[test]
    fn a_short_line_is_not_folded() {
        assert_eq!(fold("SUMMARY:short"), "SUMMARY:short\r\n");
        let exact = format!("SUMMARY:{}", "x".repeat(MAX_LINE - 8));
        assert_eq!(exact.len(), MAX_LINE);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn a_long_ascii_line_folds_at_75_octets() {
        let line = format!("SUMMARY:{}", "x".repeat(200));
        let folded = fold(&line);
        let lines = physical_lines(&folded);
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 75);
        assert!(lines[1].starts_with(' ') && !lines[1].starts_with("  "));
        assert!(lines.iter().all(|l| l.len() <= MAX_LINE));
        assert_eq!(unfold(&folded), line);
    }

    #[test]
    fn folds_never_split_a_multibyte_character() {
        // 2-, 3- and 4-byte characters at every offset against the fold point.
        for prefix in 0..8 {
            for ch in ["é", "–", "東", "😀"] {
                let line = format!("SUMMARY:{}{}", "a".repeat(prefix), ch.repeat(120));
                let folded = fold(&line);
                let bytes = folded.as_bytes();
                let lines: Vec<&[u8]> = bytes[..bytes.len() - 2]
                    .split(|b| *b == b'\n')
                    .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
                    .collect();
                for (i, l) in lines.iter().enumerate() {
                    assert!(l.len() <= MAX_LINE, "{} octets", l.len());
                    // Each physical line is valid UTF-8 on its own: no character
                    // was cut in two.
                    let text = std::str::from_utf8(l).expect("a whole character");
                    // And the fold came as late as it could.
                    if i + 1 < lines.len() {
                        assert!(l.len() + ch.len() > MAX_LINE, "folded early: {text:?}");
                    }
                }
                assert_eq!(unfold(&folded), line);
            }
        }
    }

    #[test]
    fn folds_use_the_whole_line_when_characters_allow() {
        // 3-byte characters: 8 + 22*3 = 74, the 23rd would make 77.
        let line = format!("SUMMARY:{}", "東".repeat(60));
        let folded = fold(&line);
        let lines = physical_lines(&folded);
        assert_eq!(lines[0].len(), 74);
        assert_eq!(lines[1].len(), 1 + 24 * 3);
    }

    #[test]
    fn folds_never_split_an_escape_pair() {
        for prefix in 0..4 {
            let text = format!("{}{}", "a".repeat(prefix), "\\;,\n".repeat(40));
            let line = format!("DESCRIPTION:{}", escape_text(&text));
            let folded = fold(&line);
            for l in physical_lines(&folded) {
                assert!(l.len() <= MAX_LINE);
                let body = l.strip_prefix(' ').unwrap_or(l);
                let trailing = body.len() - body.trim_end_matches('\\').len();
                assert_eq!(trailing % 2, 0, "a line ends inside an escape: {l:?}");
            }
            assert_eq!(unfold(&folded), line);
        }
    }

    #[test]
    fn escaped_text_of_any_mix_folds_within_75_octets_and_unfolds_intact() {
        // A fixed pseudo-random walk over characters of every UTF-8 length and the
        // characters that get escaped.
        let alphabet = [
            'a', ' ', ',', ';', '\\', '\n', '\r', 'é', '–', '東', '😀', ':', '"',
        ];
        let mut seed: u64 = 0x2545_f491;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..(seed % 300) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                text.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            let line = format!("DESCRIPTION:{}", escape_text(&text));
            let folded = fold(&line);
            for l in physical_lines(&folded) {
                assert!(l.len() <= MAX_LINE, "{} octets: {l:?}", l.len());
                assert!(!l.contains('\n') && !l.contains('\r'));
            }
            assert_eq!(unfold(&folded), line);
        }
    }

    #[test]
    fn the_writer_escapes_text_and_lists() {
        let mut w = Writer::new(Vec::new());
        w.begin("VTODO").unwrap();
        w.text("SUMMARY", "a, b; c").unwrap();
        w.text_list("CATEGORIES", ["x,y", "z"]).unwrap();
        w.value(
            "DUE;VALUE=DATE",
            &date(NaiveDate::from_ymd_opt(2025, 8, 15).unwrap()),
        )
        .unwrap();
        w.value(
            "COMPLETED",
            &midnight_utc(NaiveDate::from_ymd_opt(2025, 8, 5).unwrap()),
        )
        .unwrap();
        w.end("VTODO").unwrap();
        let out = String::from_utf8(w.into_inner()).unwrap();
        assert_eq!(
            out,
            "BEGIN:VTODO\r\nSUMMARY:a\\, b\\; c\r\nCATEGORIES:x\\,y,z\r\n\
             DUE;VALUE=DATE:20250815\r\nCOMPLETED:20250805T000000Z\r\nEND:VTODO\r\n"
        );
    }
}

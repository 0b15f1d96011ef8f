//! User values as they appear in messages, and the "did you mean" hint.

/// User text as quoted in a message: control characters escaped, so that a file
/// cannot break the one-line message or drive the terminal, and long text cut
/// to its first 60 characters, so that a runaway key does not flood the screen.
pub fn shown(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A list of user values for a message, each as [`shown`].
pub fn shown_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| shown(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// " (did you mean `x`?)" with the closest of `candidates` ([`suggest`]), or
/// nothing: the hint that ends a message about an unknown name.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    suggest(word, candidates)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    let word_len = word.chars().count();
    for c in candidates {
        let c_len = c.chars().count();
        let limit = (word_len.max(c_len) / 3).max(1);
        // The distance is at least the difference in length: skip hopeless
        // candidates without the quadratic comparison (a key can be megabytes).
        if word_len.abs_diff(c_len) > limit {
            continue;
        }
        let d = strsim::osa_distance(word, c);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_find_close_words_only() {
        let keys = ["title", "tags", "date"];
        assert_eq!(suggest("tittle", keys), Some("title"));
        assert_eq!(suggest("zzz", keys), None);
    }

    #[test]
    fn shown_text_is_escaped_and_cut() {
        assert_eq!(shown("no-deal"), "no-deal");
        assert_eq!(shown("a\u{1b}[31m\nb"), "a\\u{1b}[31m\\nb");
        let long = "k".repeat(10_000);
        assert_eq!(shown(&long), format!("{}…", "k".repeat(60)));
    }

    #[test]
    fn suggestions_skip_words_of_a_very_different_length() {
        let long = "t".repeat(1_000_000);
        assert_eq!(suggest(&long, ["title", "tags"]), None);
    }

    #[test]
    fn a_swap_of_two_letters_is_one_typo() {
        assert_eq!(suggest("titel", ["title", "tags"]), Some("title"));
        assert_eq!(suggest("dtae", ["date", "due"]), Some("date"));
    }
}

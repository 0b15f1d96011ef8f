//! An item view's JSON written directly into a buffer: the same bytes as
//! `serde_json` writes for [`ItemView`]'s `Serialize` (the tests compare the two
//! on every kind of value), for the listings that write 100,000 of them. Each
//! key is written with its comma and quotes as one literal, and strings are
//! escaped eight bytes at a time; probabilities (floats) and the rare
//! out-of-range dates go through `serde_json` itself. Each view is taken apart
//! field by field, so that a field added to a view does not compile until it
//! is written here too.

use chrono::NaiveDate;

use super::{
    DroppedView, DurationText, ForecastView, ItemView, LogView, ProbabilityView, ResolutionView,
    SignpostView, TriggerView, iso_date,
};
use crate::model::{Probability, Source};

/// Appends `view` as one JSON object.
pub fn write_item(out: &mut Vec<u8>, v: &ItemView<'_>) -> serde_json::Result<()> {
    let ItemView {
        reference,
        scenario,
        scenario_title,
        id,
        title,
        question,
        status,
        due,
        days_until_due,
        fired_on,
        moot_on,
        resolution,
        dropped,
        tags,
        priority,
        outcomes,
        forecast,
        forecasts,
        triggers,
        signposts,
        every,
        until,
        lead,
        grace,
        log,
    } = v;
    out.extend_from_slice(b"{\"ref\":");
    string(out, reference);
    out.extend_from_slice(b",\"scenario\":");
    string(out, scenario);
    out.extend_from_slice(b",\"scenario_title\":");
    string(out, scenario_title);
    out.extend_from_slice(b",\"id\":");
    string(out, id);
    out.extend_from_slice(b",\"title\":");
    string(out, title);
    out.extend_from_slice(b",\"question\":");
    opt_string(out, *question);
    out.extend_from_slice(b",\"status\":");
    string(out, status);
    out.extend_from_slice(b",\"due\":");
    opt_date(out, *due)?;
    out.extend_from_slice(b",\"days_until_due\":");
    match days_until_due {
        Some(n) => integer(out, *n),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"fired_on\":");
    opt_date(out, *fired_on)?;
    out.extend_from_slice(b",\"moot_on\":");
    opt_date(out, *moot_on)?;
    out.extend_from_slice(b",\"resolution\":");
    match resolution {
        Some(r) => write_resolution(out, r)?,
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"dropped\":");
    match dropped {
        Some(d) => write_dropped(out, d)?,
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"tags\":");
    strings(out, tags);
    out.extend_from_slice(b",\"priority\":");
    string(out, priority);
    out.extend_from_slice(b",\"outcomes\":");
    strings(out, outcomes);
    out.extend_from_slice(b",\"forecast\":");
    match forecast {
        Some(f) => write_forecast(out, f)?,
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"forecasts\":");
    list(out, forecasts, write_forecast)?;
    out.extend_from_slice(b",\"triggers\":");
    list(out, triggers, write_trigger)?;
    out.extend_from_slice(b",\"signposts\":");
    list(out, signposts, write_signpost)?;
    out.extend_from_slice(b",\"every\":");
    match every {
        Some(d) => duration(out, *d),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"until\":");
    opt_date(out, *until)?;
    out.extend_from_slice(b",\"lead\":");
    duration(out, *lead);
    out.extend_from_slice(b",\"grace\":");
    duration(out, *grace);
    out.extend_from_slice(b",\"log\":");
    list(out, log, write_log)?;
    out.push(b'}');
    Ok(())
}

fn write_resolution(out: &mut Vec<u8>, r: &ResolutionView<'_>) -> serde_json::Result<()> {
    let ResolutionView {
        on,
        outcome,
        note,
        sources,
    } = r;
    out.extend_from_slice(b"{\"on\":");
    date(out, *on)?;
    out.extend_from_slice(b",\"outcome\":");
    string(out, outcome);
    out.extend_from_slice(b",\"note\":");
    opt_string(out, *note);
    out.extend_from_slice(b",\"sources\":");
    list(out, sources, write_source)?;
    out.push(b'}');
    Ok(())
}

fn write_source(out: &mut Vec<u8>, s: &Source) -> serde_json::Result<()> {
    let Source { title, url } = s;
    out.extend_from_slice(b"{\"title\":");
    opt_string(out, title.as_deref());
    out.extend_from_slice(b",\"url\":");
    opt_string(out, url.as_deref());
    out.push(b'}');
    Ok(())
}

fn write_dropped(out: &mut Vec<u8>, d: &DroppedView<'_>) -> serde_json::Result<()> {
    let DroppedView { on, reason } = d;
    out.extend_from_slice(b"{\"on\":");
    date(out, *on)?;
    out.extend_from_slice(b",\"reason\":");
    opt_string(out, *reason);
    out.push(b'}');
    Ok(())
}

fn write_forecast(out: &mut Vec<u8>, f: &ForecastView<'_>) -> serde_json::Result<()> {
    let ForecastView { on, p } = f;
    out.extend_from_slice(b"{\"on\":");
    date(out, *on)?;
    out.extend_from_slice(b",\"p\":");
    probability(out, p.0)?;
    out.push(b'}');
    Ok(())
}

/// A probability as [`ProbabilityView`] serializes it. A table is an object
/// sorted by outcome; the tables of a loaded corpus are already (TOML's keys
/// come sorted and unique), and are written as they are.
fn probability(out: &mut Vec<u8>, p: &Probability) -> serde_json::Result<()> {
    match p {
        Probability::Yes(x) => number(out, *x),
        Probability::Table(t) if t.windows(2).all(|w| w[0].0 < w[1].0) => {
            out.push(b'{');
            for (i, (outcome, x)) in t.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                string(out, outcome);
                out.push(b':');
                number(out, *x)?;
            }
            out.push(b'}');
            Ok(())
        }
        Probability::Table(_) => serde_json::to_writer(&mut *out, &ProbabilityView(p)),
    }
}

/// A float as `serde_json` writes it; one JSON cannot hold is null.
fn number(out: &mut Vec<u8>, x: f64) -> serde_json::Result<()> {
    if x.is_finite() {
        serde_json::to_writer(&mut *out, &x)
    } else {
        out.extend_from_slice(b"null");
        Ok(())
    }
}

fn write_trigger(out: &mut Vec<u8>, t: &TriggerView<'_>) -> serde_json::Result<()> {
    let TriggerView {
        on,
        after,
        outcome,
        fired,
        fired_on,
        text,
    } = t;
    out.extend_from_slice(b"{\"on\":");
    opt_date(out, *on)?;
    out.extend_from_slice(b",\"after\":");
    opt_string(out, after.as_deref());
    out.extend_from_slice(b",\"outcome\":");
    match outcome {
        Some(os) => strings(out, os),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"fired\":");
    boolean(out, *fired);
    out.extend_from_slice(b",\"fired_on\":");
    opt_date(out, *fired_on)?;
    out.extend_from_slice(b",\"text\":");
    string(out, text);
    out.push(b'}');
    Ok(())
}

fn write_signpost(out: &mut Vec<u8>, s: &SignpostView<'_>) -> serde_json::Result<()> {
    let SignpostView { text, observed } = s;
    out.extend_from_slice(b"{\"text\":");
    string(out, text);
    out.extend_from_slice(b",\"observed\":");
    opt_date(out, *observed)?;
    out.push(b'}');
    Ok(())
}

fn write_log(out: &mut Vec<u8>, l: &LogView<'_>) -> serde_json::Result<()> {
    let LogView { on, note, check } = l;
    out.extend_from_slice(b"{\"on\":");
    date(out, *on)?;
    out.extend_from_slice(b",\"note\":");
    string(out, note);
    out.extend_from_slice(b",\"check\":");
    boolean(out, *check);
    out.push(b'}');
    Ok(())
}

/// `[a,b,…]`, each element written by `one`.
fn list<T>(
    out: &mut Vec<u8>,
    items: &[T],
    one: impl Fn(&mut Vec<u8>, &T) -> serde_json::Result<()>,
) -> serde_json::Result<()> {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        one(out, item)?;
    }
    out.push(b']');
    Ok(())
}

fn strings(out: &mut Vec<u8>, items: &[String]) {
    out.push(b'[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        string(out, s);
    }
    out.push(b']');
}

fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

fn integer(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    let mut digits = [0; 20];
    out.extend_from_slice(crate::value::decimal(n.unsigned_abs(), &mut digits).as_bytes());
}

fn duration(out: &mut Vec<u8>, d: DurationText) {
    out.push(b'"');
    let mut digits = [0; 20];
    out.extend_from_slice(crate::value::decimal(u64::from(d.0.count), &mut digits).as_bytes());
    out.push(d.0.unit.letter());
    out.push(b'"');
}

fn date(out: &mut Vec<u8>, d: NaiveDate) -> serde_json::Result<()> {
    match iso_date(d) {
        Some(text) => {
            out.push(b'"');
            out.extend_from_slice(&text);
            out.push(b'"');
            Ok(())
        }
        None => serde_json::to_writer(&mut *out, &d),
    }
}

fn opt_date(out: &mut Vec<u8>, d: Option<NaiveDate>) -> serde_json::Result<()> {
    match d {
        Some(d) => date(out, d),
        None => {
            out.extend_from_slice(b"null");
            Ok(())
        }
    }
}

/// A JSON string as `serde_json` escapes it: `"` and `\` with a backslash, the
/// control characters below U+0020 as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00xx`
/// (lowercase hex), everything else as it is.
fn string(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut clean = 0; // start of the bytes not yet written
    let mut at = 0;
    while at < bytes.len() {
        // Eight bytes at a time while none of them needs escaping.
        if let Some(word) = bytes[at..].first_chunk::<8>()
            && !needs_escape(u64::from_le_bytes(*word))
        {
            at += 8;
            continue;
        }
        let b = bytes[at];
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0c => b"\\f",
            b'\r' => b"\\r",
            0..0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&bytes[clean..at]);
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
                at += 1;
                clean = at;
                continue;
            }
            _ => {
                at += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[clean..at]);
        out.extend_from_slice(escape);
        at += 1;
        clean = at;
    }
    out.extend_from_slice(&bytes[clean..]);
    out.push(b'"');
}

/// Whether any of the eight bytes of `word` is below 0x20, `"` or `\`.
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    // Non-zero exactly when some byte is below n (n <= 0x80), or zero.
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS;
    let zero = |x: u64| below(x, 1);
    (below(word, 0x20)
        | zero(word ^ (ONES * u64::from(b'"')))
        | zero(word ^ (ONES * u64::from(b'\\'))))
        != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> String {
        let mut out = Vec::new();
        string(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut cases: Vec<String> = [
            "",
            "plain text that is longer than eight bytes",
            "quote \" and backslash \\ inside",
            "\"\\\"\\",
            "tab\tnew\nline\rform\u{c}back\u{8}",
            "\u{0}\u{1}\u{1f}\u{7f} del and nul",
            "é, 北京, emoji 🦀 and \u{2028}",
            "1234567\"",
            "12345678\"",
            "123456789\n",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every byte below 0x80 at every position of a 17-byte string.
        for b in 0u8..0x80 {
            for at in 0..17 {
                let mut s = vec![b'x'; 17];
                s[at] = b;
                cases.push(String::from_utf8(s).unwrap());
            }
        }
        for s in cases {
            assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn the_word_check_finds_each_byte_that_needs_escaping() {
        for b in 0u8..=255 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                let expected = b < 0x20 || b == b'"' || b == b'\\';
                assert_eq!(
                    needs_escape(u64::from_le_bytes(word)),
                    expected,
                    "{b:#x} at {at}"
                );
            }
        }
    }

    /// Two scenarios whose items cover every field of a view: triggers of both
    /// kinds (one on the other scenario), outcome tables, resolutions with and
    /// without sources, a drop, a series, signposts, log entries, text that
    /// needs escaping, priorities and datetimes.
    const A: &str = r#"
title = "Talks \"in\" Alaska\\Anchorage"
date = 2025-08-01
tags = ["diplomacy"]

[[watch]]
id = "summit"
title = "Summit\ttakes place"
question = "Will it happen?\nSay so."
due = 2025-08-15
outcomes = ["no-deal", "ceasefire", "framework"]
forecast = [
  { on = 2025-08-02, p = { no-deal = 0.6, ceasefire = 0.1, framework = 0.3 } },
  { on = 2025-08-20, p = { no-deal = 0.5, ceasefire = 0.25, framework = 0.25 } },
]
signposts = ["Delegations named", { text = "Venue fixed", observed = 2025-08-05 }]
tags = ["summit", "é-tag"]
priority = "critical"
lead = "2w"
grace = "3d"
log = [{ on = 2025-08-03, note = "Dates \u0001 confirmed" }, { on = 2025-08-30, note = "later" }]
resolution = { on = 2025-08-16, outcome = "no-deal", note = "No agreement; \"talks\" to continue", sources = [{ title = "Wire", url = "https://example.org/a?b=c&d" }, "https://example.org/x"] }

[[watch]]
id = "sanctions"
title = "Harsher sanctions follow"
trigger = [{ after = "summit", outcome = ["no-deal"] }, { on = 2025-09-20 }]
due = "+30d"
forecast = [{ on = 2025-08-10, p = 0.35 }, { on = 2025-08-10, p = 1.0 }]

[[watch]]
id = "talks"
title = "Follow-up talks"
trigger = [{ on = 2025-09-01 }]
due = 2025-09-10T12:00:00+02:00
every = "1m"
until = 2025-12-31

[[watch]]
id = "visit"
title = "Visit to Pyongyang"
due = 2025-08-20
priority = "low"
dropped = { on = 2025-08-12, reason = "Called off" }
"#;

    const B: &str = r#"
title = "Arms buildup"
date = 2025-08-05

[[watch]]
id = "buildup"
title = "Regional arms buildup"
trigger = [{ after = "a/summit" }]
due = "+3m"

[[watch]]
id = "resolved"
title = "Resolved without a note"
due = 2025-08-08
resolution = { on = 2025-08-09, outcome = "yes" }
"#;

    #[test]
    fn items_are_written_as_serde_json_writes_their_views() {
        let files = [("scenarios/a.toml", A), ("scenarios/b.toml", B)];
        let (corpus, index, diags) = crate::testing::corpus(&files);
        assert!(diags.is_empty(), "{diags:?}");
        let keys: Vec<_> = corpus.keys().collect();
        assert_eq!(keys.len(), 6);
        for today in [
            "2025-08-01",
            "2025-08-10",
            "2025-08-16",
            "2025-09-05",
            "2026-03-01",
        ] {
            let today = crate::value::parse_date(today).unwrap();
            let statuses =
                crate::status::evaluate(&corpus, &index, today, crate::status::Defaults::default());
            for &key in &keys {
                let view = ItemView::new(&corpus, &index, &statuses, key);
                let mut ours = Vec::new();
                write_item(&mut ours, &view).unwrap();
                let theirs = serde_json::to_vec(&view).unwrap();
                assert_eq!(
                    String::from_utf8(ours).unwrap(),
                    String::from_utf8(theirs).unwrap(),
                    "{key:?} as of {today}"
                );
            }
        }
    }

    #[test]
    fn probabilities_are_written_as_their_view_serializes_them() {
        let table = |pairs: &[(&str, f64)]| {
            Probability::Table(pairs.iter().map(|(o, x)| (o.to_string(), *x)).collect())
        };
        for p in [
            Probability::Yes(0.7),
            Probability::Yes(1.0),
            Probability::Yes(0.1 + 0.2),
            Probability::Yes(f64::NAN),
            table(&[]),
            table(&[("no", 0.43), ("yes", 0.57)]),
            table(&[("a \"quoted\" <b>", 0.5), ("b\n", 1e-7)]),
            table(&[("yes", 0.6), ("no", 0.4)]),
            table(&[("no", 0.2), ("no", 0.3), ("yes", 0.5)]),
            table(&[("x", f64::INFINITY), ("y", 0.0)]),
        ] {
            let mut ours = Vec::new();
            probability(&mut ours, &p).unwrap();
            let theirs = serde_json::to_string(&ProbabilityView(&p)).unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), theirs, "{p:?}");
        }
    }

    #[test]
    fn integers_are_written_as_serde_json_writes_them() {
        for n in [0, 1, -1, 9, -10, 221, -221, i64::MAX, i64::MIN] {
            let mut out = Vec::new();
            integer(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }
}

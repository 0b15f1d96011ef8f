//! Whatever the input, loading and validating never panics (SPEC §3.1): random
//! bytes, files assembled from random lines of keys and values, and the shipped scenario damaged by byte
//! flips, truncations, digit changes, swapped ids and deleted, duplicated or
//! swapped lines all go through the library the way `check` uses it — read,
//! parse, validate, render every diagnostic against its file — and, when no
//! error is left, through the status engine on a few days.
//!
//! Each case also checks that every diagnostic points inside its file.

use std::path::Path;

use proptest::prelude::*;
use proptest::sample::Index;

use whatsnext::diagnostic::Style;
use whatsnext::load;
use whatsnext::model::Index as Lookup;
use whatsnext::status::{self, Defaults};
use whatsnext::validate;

const SHIPPED: &[u8] = include_bytes!("../../scenarios/2025-08-12-putin-kim-call.toml");

/// Writes `bytes` as a scenario file and runs the `check` pipeline on it.
fn check_bytes(bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
    check_paths(&[path])
}

fn check_paths(paths: &[std::path::PathBuf]) -> Result<(), TestCaseError> {
    let loaded = load::load_paths(paths.to_vec());
    let index = Lookup::new(&loaded.corpus);
    let mut diagnostics = loaded.diagnostics.clone();
    validate::validate(&loaded.corpus, &index, &mut diagnostics);
    for d in &diagnostics {
        let text = loaded.text_of(&d.path);
        let text = text.as_deref();
        if let (Some(span), Some(text)) = (&d.span, text) {
            prop_assert!(
                span.start <= span.end && span.start <= text.len(),
                "span {span:?} outside a file of {} bytes: {}",
                text.len(),
                d.message
            );
        }
        let shown = d.render(text, &Style::plain());
        prop_assert!(shown.starts_with(&d.path.display().to_string()), "{shown}");
    }
    if !diagnostics.iter().any(|d| d.is_error()) {
        for day in ["2025-08-12", "2025-08-20", "2026-12-31"] {
            let today = day.parse().map_err(|_| TestCaseError::fail("date"))?;
            let _ = status::evaluate(&loaded.corpus, &index, today, Defaults::default());
        }
    }
    Ok(())
}

/// One change to a file.
#[derive(Debug, Clone)]
enum Mutation {
    /// Replace one byte.
    Flip(Index, u8),
    /// Cut the file at a byte.
    Truncate(Index),
    /// Replace one ASCII digit with another (dates, probabilities, durations).
    Digit(Index, u8),
    /// Replace one occurrence of an item id with another id (duplicates,
    /// self-triggers, cycles, unknown targets).
    SwapId(Index, Index),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
}

const IDS: &[&str] = &[
    "alaska-summit",
    "harsher-sanctions",
    "ceasefire-holds",
    "dprk-troop-support",
    "dprk-labour-reports",
    "rok-japan-response",
    "ne-asia-arms-buildup",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), 0u8..10).prop_map(|(i, d)| Mutation::Digit(i, d)),
        (any::<Index>(), any::<Index>()).prop_map(|(i, j)| Mutation::SwapId(i, j)),
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(i, j)| Mutation::SwapLines(i, j)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    match m {
        Mutation::Flip(i, b) => {
            let at = i.index(bytes.len());
            bytes[at] = *b;
        }
        Mutation::Truncate(i) => bytes.truncate(i.index(bytes.len())),
        Mutation::Digit(i, d) => {
            let digits: Vec<usize> = (0..bytes.len())
                .filter(|&k| bytes[k].is_ascii_digit())
                .collect();
            if !digits.is_empty() {
                bytes[digits[i.index(digits.len())]] = b'0' + d;
            }
        }
        Mutation::SwapId(i, j) => {
            let from = IDS[i.index(IDS.len())].as_bytes();
            let to = IDS[j.index(IDS.len())].as_bytes();
            let hits: Vec<usize> = bytes
                .windows(from.len())
                .enumerate()
                .filter(|(_, w)| *w == from)
                .map(|(k, _)| k)
                .collect();
            if !hits.is_empty() {
                let at = hits[i.index(hits.len())];
                bytes.splice(at..at + from.len(), to.iter().copied());
            }
        }
        Mutation::DeleteLine(i) | Mutation::DuplicateLine(i) => {
            let mut lines = split_lines(bytes);
            let k = i.index(lines.len());
            if matches!(m, Mutation::DeleteLine(_)) {
                lines.remove(k);
            } else {
                let copy = lines[k].clone();
                lines.insert(k, copy);
            }
            *bytes = lines.concat();
        }
        Mutation::SwapLines(i, j) => {
            let mut lines = split_lines(bytes);
            let (a, b) = (i.index(lines.len()), j.index(lines.len()));
            lines.swap(a, b);
            *bytes = lines.concat();
        }
    }
}

/// Lines with their line endings, so that joining them gives the file back.
fn split_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

/// Values of every type, for keys that get a value of the wrong kind.
const VALUES: &[&str] = &[
    "\"a\"",
    "\"b\"",
    "\"c\"",
    "\"a/b\"",
    "\"s/a\"",
    "\"yes\"",
    "\"+3d\"",
    "\"+0d\"",
    "\"1m\"",
    "\"0d\"",
    "\"10000y\"",
    "\"high\"",
    "\"\"",
    "\"\\u0000\\u001b\"",
    "2025-08-12",
    "2025-08-15T23:30:00-08:00",
    "2025-08-15T23:30:00",
    "12:30:00",
    "0.5",
    "1.5",
    "-1",
    "nan",
    "inf",
    "9223372036854775807",
    "[]",
    "[\"a\", \"b\"]",
    "[\"yes\", \"no\", \"yes\"]",
    "[{ after = \"a\" }]",
    "[{ after = \"b\", outcome = [\"yes\"] }]",
    "[{ after = \"c\", outcome = \"no\" }, { on = 2025-08-15 }]",
    "{ after = \"a\" }",
    "[{ on = 2025-08-12, p = 0.5 }]",
    "[{ on = 2025-08-12, p = { a = 0.5, b = 0.5 } }]",
    "[{ on = 2025-08-12, p = { yes = 0.7, no = 0.4 } }]",
    "{ on = 2025-08-15, outcome = \"yes\", sources = [\"https://example.org\"] }",
    "{ on = 2025-08-15, outcome = \"a\" }",
    "{ on = 2025-08-20, reason = \"r\" }",
    "[{ text = \"s\", observed = 2025-08-13 }, \"t\"]",
    "[{ on = 2025-08-13, note = \"n\" }]",
    "[{ title = \"t\" }]",
];

/// Values that fit `key`, so that most generated items get past the type checks
/// to the checks between values and between items.
fn plausible(key: &str) -> &'static [&'static str] {
    match key {
        "id" => &["\"a\"", "\"b\"", "\"c\""],
        "title" | "question" | "who" => &["\"t\""],
        "date" | "until" => &["2025-08-12", "2025-08-15T23:30:00-08:00", "2025-09-30"],
        "due" => &["2025-08-15", "\"+3d\"", "\"+1m\"", "2025-08-15T23:30:00"],
        "lead" | "grace" | "every" => &["\"3d\"", "\"1w\"", "\"1m\"", "\"0d\""],
        "outcomes" => &["[\"a\", \"b\"]", "[\"yes\", \"no\"]"],
        "forecast" => &[
            "[{ on = 2025-08-12, p = 0.5 }]",
            "[{ on = 2025-08-12, p = { a = 0.5, b = 0.5 } }]",
        ],
        "trigger" => &[
            "[{ after = \"a\" }]",
            "[{ after = \"b\", outcome = [\"yes\"] }]",
            "[{ after = \"c\", outcome = \"a\" }, { on = 2025-08-15 }]",
            "[{ after = \"s/a\" }]",
        ],
        "resolution" => &[
            "{ on = 2025-08-15, outcome = \"yes\" }",
            "{ on = 2025-08-15, outcome = \"a\" }",
        ],
        "dropped" => &["{ on = 2025-08-20, reason = \"r\" }"],
        "signposts" => &["[{ text = \"s\", observed = 2025-08-13 }, \"t\"]"],
        "log" => &["[{ on = 2025-08-13, note = \"n\" }]"],
        "priority" => &["\"high\"", "\"low\""],
        "tags" => &["[\"x\"]"],
        "sources" => &["[\"https://example.org\", { title = \"t\", url = \"u\" }]"],
        _ => VALUES,
    }
}

/// `key = value` lines for a random set of distinct `keys` (all of them when
/// `every_key`).
fn table_body(keys: &'static [&'static str], every_key: bool) -> impl Strategy<Value = String> {
    let least = if every_key { keys.len() } else { 0 };
    prop::sample::subsequence(keys, least..=keys.len())
        .prop_flat_map(|keys| {
            let lines: Vec<_> = keys
                .into_iter()
                .map(|k| {
                    prop_oneof![
                        9 => prop::sample::select(plausible(k)),
                        1 => prop::sample::select(VALUES),
                    ]
                    .prop_map(move |v| format!("{k} = {v}\n"))
                })
                .collect();
            lines
        })
        .prop_map(|lines| lines.concat())
}

// `title`, `date` and each item's `id` and `title` come first in every file
// (and can still get a wrong value); the other keys are a random selection.
const SCENARIO_KEYS: &[&str] = &["id", "tags", "sources", "bogus"];
const ITEM_KEYS: &[&str] = &[
    "question",
    "due",
    "lead",
    "grace",
    "outcomes",
    "forecast",
    "signposts",
    "tags",
    "priority",
    "trigger",
    "every",
    "until",
    "resolution",
    "dropped",
    "log",
];

/// A scenario file: scenario keys, then up to five `[[watch]]` tables.
fn generated_scenario() -> impl Strategy<Value = Vec<u8>> {
    (
        table_body(&["title", "date"], true),
        table_body(SCENARIO_KEYS, false),
        prop::collection::vec(
            (
                table_body(&["id", "title"], true),
                table_body(ITEM_KEYS, false),
            ),
            0..5,
        ),
    )
        .prop_map(|(required, head, items)| {
            let mut text = required + &head;
            for (required, item) in items {
                text.push_str("\n[[watch]]\n");
                text.push_str(&required);
                text.push_str(&item);
            }
            text.into_bytes()
        })
}

#[test]
fn the_shipped_scenario_loads_without_problems() {
    let loaded = load::load_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios")))
        .expect("scenarios folder");
    let index = Lookup::new(&loaded.corpus);
    let mut diagnostics = loaded.diagnostics.clone();
    validate::validate(&loaded.corpus, &index, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        check_bytes(&bytes)?;
    }

    #[test]
    fn generated_scenarios_never_panic(bytes in generated_scenario()) {
        check_bytes(&bytes)?;
    }

    #[test]
    fn a_damaged_shipped_scenario_never_panics(
        mutations in prop::collection::vec(mutation(), 1..8)
    ) {
        let mut bytes = SHIPPED.to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        check_bytes(&bytes)?;
    }

    /// Two damaged copies side by side: cross-file checks (duplicate scenario
    /// ids, references between scenarios) see broken input too.
    #[test]
    fn two_damaged_copies_never_panic(
        first in prop::collection::vec(mutation(), 0..4),
        second in prop::collection::vec(mutation(), 0..4),
    ) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut paths = Vec::new();
        for (name, mutations) in [("a.toml", &first), ("b.toml", &second)] {
            let mut bytes = SHIPPED.to_vec();
            for m in mutations {
                apply(&mut bytes, m);
            }
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
            paths.push(path);
        }
        check_paths(&paths)?;
    }
}

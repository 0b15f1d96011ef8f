//! Unit tests of `tree`: the builder and toml's parser agree.

use std::path::Path;

use proptest::prelude::*;

use super::*;

/// toml's tree for `doc`, converted, with its number of errors.
fn by_toml(doc: &str) -> (Table<'_>, usize) {
    let (root, errors) = DeTable::parse_recoverable(doc);
    (table_from(root.into_inner()), errors.len())
}

/// The tree with every span (its `Debug` shows them).
fn shown(t: &Table<'_>) -> String {
    format!("{t:#?}")
}

/// Whether the builder takes `doc`; an error when it takes a document with
/// errors or builds another tree than toml's.
fn agrees(doc: &str) -> Result<bool, String> {
    let (expected, errors) = by_toml(doc);
    match build(doc) {
        Some(_) if errors > 0 => Err(format!("taken despite {errors} errors:\n{doc}")),
        Some(t) if shown(&t) != shown(&expected) => Err(format!(
            "different trees for\n{doc}\nbuilt: {}\ntoml: {}",
            shown(&t),
            shown(&expected)
        )),
        Some(_) => Ok(true),
        None => Ok(false),
    }
}

#[test]
fn every_toml_file_of_the_project_reads_the_same_both_ways() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut folders = vec![root.join("scenarios"), root.join("tests/fixtures")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|x| x == "toml") {
                files.push(path);
            }
        }
    }
    let mut taken = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue; // the fixture that is not UTF-8
        };
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        match agrees(body) {
            Ok(true) => taken += 1,
            Ok(false) => {}
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
    let shipped = root.join("scenarios/2025-08-12-putin-kim-call.toml");
    assert!(build(&std::fs::read_to_string(shipped).unwrap()).is_some());
    assert!(
        taken * 2 > files.len(),
        "only {taken} of {} files built from events",
        files.len()
    );
}

#[test]
fn spans_are_those_of_the_text() {
    let doc = "a = \"x\"\n[b]\nc = { d = [1, 2] }\n[[e]]\n[[e]]\nf = 1979-05-27\n";
    let root = build(doc).expect("in the builder's part of TOML");
    let text = |n: &Node<'_>| &doc[n.span()];
    let (key, a) = root.iter().next().unwrap();
    assert_eq!((key.get_ref().as_ref(), key.span()), ("a", 0..1));
    assert_eq!(text(a), "\"x\"");
    assert_eq!(text(root.get("b").unwrap()), "[b]");
    let Val::Table(b) = root.get("b").unwrap().get_ref() else {
        panic!("b is a table")
    };
    assert_eq!(text(b.get("c").unwrap()), "{ d = [1, 2] }");
    let e = root.get("e").unwrap();
    let Val::Array(tables) = e.get_ref() else {
        panic!("e is an array")
    };
    assert_eq!(tables.len(), 2);
    // The array is where it was opened; each table is its own header.
    assert_eq!(e.span().start, doc.find("[[e]]").unwrap());
    assert_eq!(text(e), "[[e]]");
    assert_eq!(tables[1].span().start, doc.rfind("[[e]]").unwrap());
    assert_eq!(agrees(doc), Ok(true));
}

#[test]
fn keys_are_sorted_and_strings_decoded() {
    let doc = "z = 'lit\\n'\n\"é\" = \"tab\\there \\u00e9\"\nm = 0x1F\n";
    let root = build(doc).unwrap();
    let keys: Vec<&str> = root.iter().map(|(k, _)| k.get_ref().as_ref()).collect();
    assert_eq!(keys, ["m", "z", "é"]);
    let text = |k| match root.get(k).unwrap().get_ref() {
        Val::String(s) | Val::Integer(s) => s.to_string(),
        other => panic!("{other:?}"),
    };
    assert_eq!(text("z"), "lit\\n");
    assert_eq!(text("é"), "tab\there é");
    assert_eq!(text("m"), "1F");
    assert_eq!(agrees(doc), Ok(true));
}

#[test]
fn a_document_is_cut_before_each_header_and_nowhere_else() {
    let doc = "a = [\n[1],\n[2]]\n[b]\nc = 1\n[[d]]\n[[d]]\n";
    let tokens = Source::new(doc).lex().into_vec();
    let starts: Vec<&str> = sections(&tokens)
        .map(|s| &doc[s[0].span().start()..s[s.len() - 1].span().end()])
        .collect();
    assert_eq!(
        starts,
        ["a = [\n[1],\n[2]]\n", "[b]\nc = 1\n", "[[d]]\n", "[[d]]\n"]
    );
}

#[test]
fn what_the_builder_leaves_to_toml() {
    for doc in [
        "a.b = 1",
        "[a.b]\nc = 1",
        "x = { a.b = 1 }",
        "a = 1\na = 2",
        "a = 1\n\"a\" = 2",
        "x = { a = 1, a = 2 }",
        "[a]\n[a]",
        "a = 1\n[a]",
        "x = [1]\n[[x]]",
        "[x]\n[[x]]",
        "[[x]]\n[x]",
        "d = 2025-13-01",
        "a = ",
        "= 1",
        "[x",
        "s = \"\\q\"",
    ] {
        assert_eq!(agrees(doc), Ok(false), "{doc}");
    }
    // Nesting deeper than toml allows is an error there, and left to it.
    let nested = |depth: usize| format!("a = {}1{}", "[".repeat(depth), "]".repeat(depth));
    for depth in DEPTH_LIMIT as usize - 3..DEPTH_LIMIT as usize + 3 {
        assert!(agrees(&nested(depth)).is_ok(), "depth {depth}");
    }
    assert_eq!(agrees(&nested(DEPTH_LIMIT as usize - 1)), Ok(true));
    assert_eq!(agrees(&nested(DEPTH_LIMIT as usize + 1)), Ok(false));
    assert!(parse(&nested(DEPTH_LIMIT as usize + 1)).is_err());
    // The valid ones still parse, through toml.
    let doc = "a.b = 1\n[c.d]\ne = 2";
    assert_eq!(shown(&parse(doc).unwrap()), shown(&by_toml(doc).0));
    assert!(parse("a = 1\na = 2").is_err());
    // An array of tables may be continued after another table.
    assert_eq!(agrees("[[x]]\nk = 1\n[y]\n[[x]]"), Ok(true));
}

#[test]
fn headers_in_any_number_and_order() {
    // Arrays of tables continued after other tables, between tables whose
    // names sort before and after theirs.
    let mut doc = String::from("top = 1\n");
    for n in 0..2000 {
        doc.push_str(&format!("[[w]]\nn = {n}\n[t{n}]\nk = {n}\n"));
    }
    assert_eq!(agrees(&doc), Ok(true));
    let root = build(&doc).unwrap();
    let Val::Array(items) = root.get("w").unwrap().get_ref() else {
        panic!("w is an array")
    };
    assert_eq!(items.len(), 2000);
    assert_eq!(root.len(), 2002);
    // One table given twice, far apart, is left to toml (an error there).
    doc.push_str("[t7]\n");
    assert_eq!(agrees(&doc), Ok(false));
    assert!(parse(&doc).is_err());
}

const KEYS: &[&str] = &[
    "a",
    "b",
    "c",
    "id",
    "x-1",
    "due",
    "\"a\"",
    "'b'",
    "\"a b\"",
    "\"\\u0063\"",
    "\"\"",
    "a.b",
    "\"a\".c",
    "1",
    "true",
    "é",
    "\"é\"",
];

const SCALARS: &[&str] = &[
    "\"s\"",
    "'lit'",
    "\"esc \\\"q\\\" \\n \\u00e9 \\e \\x41\"",
    "\"\"\"\nmulti\\\n  line\"\"\"",
    "'''raw\\n\n'''",
    "1",
    "-2",
    "0x1F",
    "1_000",
    "0o7",
    "0b1",
    "+1.5",
    "1e3",
    "inf",
    "-nan",
    "true",
    "false",
    "1979-05-27",
    "1979-05-27T07:32:00Z",
    "1979-05-27 07:32:00.5+01:00",
    "07:32:00",
    "07:32",
    "2025-13-01",
    "2025-02-30",
    "\"bad \\q\"",
    "01",
    "1__0",
    "\"日本\"",
    "2025-08-14T09:00",
];

const JUNK: &[&str] = &[
    "= 1",
    "[x",
    "a = ",
    "a = 1 b = 2",
    "\"open",
    "[[]]",
    "a = [1,,2]",
    "a = \u{7}",
    "# bell \u{7}",
];

fn value() -> impl Strategy<Value = String> {
    let leaf = proptest::sample::select(SCALARS).prop_map(str::to_owned);
    leaf.prop_recursive(3, 24, 4, |inner| {
        let sep = proptest::sample::select(&[", ", ",", ",\n  ", " , # note\n"][..]);
        prop_oneof![
            (
                proptest::collection::vec(inner.clone(), 0..4),
                sep.clone(),
                any::<bool>()
            )
                .prop_map(|(values, sep, trailing)| {
                    let comma = if trailing && !values.is_empty() {
                        ","
                    } else {
                        ""
                    };
                    format!("[{}{comma}]", values.join(sep))
                }),
            (
                proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..4),
                sep
            )
                .prop_map(|(pairs, sep)| {
                    let pairs: Vec<String> =
                        pairs.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                    format!("{{ {} }}", pairs.join(sep))
                }),
        ]
    })
}

fn line() -> impl Strategy<Value = String> {
    let key = || proptest::sample::select(KEYS);
    prop_oneof![
        6 => (key(), value()).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => key().prop_map(|k| format!("[{k}]")),
        2 => key().prop_map(|k| format!("[[ {k} ]]")),
        1 => Just("# a comment".to_owned()),
        1 => Just(String::new()),
        1 => proptest::sample::select(JUNK).prop_map(str::to_owned),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 3000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_builder_agrees_with_toml(lines in proptest::collection::vec(line(), 0..8)) {
        let doc = lines.join("\n");
        prop_assert_eq!(agrees(&doc).err(), None::<String>);
        let (_, errors) = by_toml(&doc);
        prop_assert_eq!(parse(&doc).is_ok(), errors == 0);
    }
}

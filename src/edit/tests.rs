//! Unit tests of `edit`.

use super::*;

fn edit(text: &str, id: &str, f: impl FnOnce(&mut ItemEdit<'_>)) -> String {
    let mut doc = Doc::parse(text).unwrap();
    doc.edit_item(id, f).unwrap();
    doc.render()
}

fn d(s: &str) -> NaiveDate {
    crate::value::parse_date(s).unwrap()
}

#[test]
fn strings_are_escaped_onto_one_line() {
    assert_eq!(string("a \"b\" \\ c\nd\u{1}"), r#""a \"b\" \\ c\nd\u0001""#);
    assert_eq!(key("no-deal"), "no-deal");
    assert_eq!(key("no deal"), "\"no deal\"");
}

#[test]
fn probabilities_are_floats() {
    assert_eq!(probability(0.7), "0.7");
    assert_eq!(probability(1.0), "1.0");
    assert_eq!(probability(1.0 - 0.7), "0.3");
}

#[test]
fn appending_to_a_multiline_array_keeps_it_multiline() {
    let text = "[[watch]]\nid = \"a\"\nlog = [\n    { on = 2025-08-12, note = \"x\" },\n]\n";
    let out = edit(text, "a", |e| {
        e.push("log", log_entry(d("2025-08-13"), "y").unwrap())
            .unwrap();
    });
    assert_eq!(
        out,
        "[[watch]]\nid = \"a\"\nlog = [\n    { on = 2025-08-12, note = \"x\" },\n    { on = 2025-08-13, note = \"y\" },\n]\n"
    );
}

#[test]
fn appending_without_a_trailing_comma() {
    let text = "[[watch]]\nid = \"a\"\nlog = [\n  { on = 2025-08-12, note = \"x\" }\n]\n";
    let out = edit(text, "a", |e| {
        e.push("log", log_entry(d("2025-08-13"), "y").unwrap())
            .unwrap();
    });
    assert_eq!(
        out,
        "[[watch]]\nid = \"a\"\nlog = [\n  { on = 2025-08-12, note = \"x\" },\n  { on = 2025-08-13, note = \"y\" }\n]\n"
    );
}

#[test]
fn a_comment_after_the_last_element_stays_on_its_line() {
    let entry = || log_entry(d("2025-08-13"), "y").unwrap();
    let text = "[[watch]]\nid = \"a\"\nlog = [\n  { on = 2025-08-12, note = \"x\" },   # c\n]\n";
    let out = edit(text, "a", |e| e.push("log", entry()).unwrap());
    assert_eq!(
        out,
        "[[watch]]\nid = \"a\"\nlog = [\n  { on = 2025-08-12, note = \"x\" },   # c\n  { on = 2025-08-13, note = \"y\" },\n]\n"
    );
    let text = "[[watch]]\nid = \"a\"\nlog = [\n  { on = 2025-08-12, note = \"x\" }   # c\n]\n";
    let out = edit(text, "a", |e| e.push("log", entry()).unwrap());
    assert_eq!(
        out,
        "[[watch]]\nid = \"a\"\nlog = [\n  { on = 2025-08-12, note = \"x\" },   # c\n  { on = 2025-08-13, note = \"y\" }\n]\n"
    );
    let text = "[[watch]]\nid = \"a\"\nlog = [ { on = 2025-08-12, note = \"x\" } ]\n";
    let out = edit(text, "a", |e| e.push("log", entry()).unwrap());
    assert_eq!(
        out,
        "[[watch]]\nid = \"a\"\nlog = [\n    { on = 2025-08-12, note = \"x\" },\n    { on = 2025-08-13, note = \"y\" },\n]\n"
    );
}

#[test]
fn a_log_and_a_second_forecast_are_written_one_entry_a_line() {
    let text = "[[watch]]\nid = \"a\"\nforecast = [{ on = 2025-08-12, p = 0.4 }]\n";
    let out = edit(text, "a", |e| {
        e.push(
            "forecast",
            parse_value("{ on = 2025-08-13, p = 0.5 }").unwrap(),
        )
        .unwrap();
    });
    assert_eq!(
        out,
        "[[watch]]\nid = \"a\"\nforecast = [\n    { on = 2025-08-12, p = 0.4 },\n    { on = 2025-08-13, p = 0.5 },\n]\n"
    );
    // A first forecast stays on its line; so does any array of an inline item.
    let text = "[[watch]]\nid = \"a\"\n";
    let out = edit(text, "a", |e| {
        e.push(
            "forecast",
            parse_value("{ on = 2025-08-13, p = 0.5 }").unwrap(),
        )
        .unwrap();
    });
    assert_eq!(
        out,
        "[[watch]]\nid = \"a\"\nforecast = [{ on = 2025-08-13, p = 0.5 }]\n"
    );
}

#[test]
fn a_missing_log_becomes_the_last_key() {
    let text = "[[watch]]\nid = \"a\"\ntitle = \"t\" # c\n\n# next\n[[watch]]\nid = \"b\"\n";
    let out = edit(text, "a", |e| {
        e.push("log", log_entry(d("2025-08-13"), "y").unwrap())
            .unwrap();
    });
    assert_eq!(
        out,
        "[[watch]]\nid = \"a\"\ntitle = \"t\" # c\nlog = [\n    { on = 2025-08-13, note = \"y\" },\n]\n\n# next\n[[watch]]\nid = \"b\"\n"
    );
}

#[test]
fn replacing_a_value_keeps_its_comment() {
    let text = "[[watch]]\nid = \"a\"\ndue = 2025-08-15   # soon\n";
    let out = edit(text, "a", |e| {
        e.set("due", date_value(d("2025-08-22")).unwrap(), &[]);
    });
    assert_eq!(out, "[[watch]]\nid = \"a\"\ndue = 2025-08-22   # soon\n");
}

#[test]
fn a_new_key_can_go_after_an_anchor() {
    let text = "[[watch]]\nid = \"a\"\ntitle = \"t\"\ntags = []\n";
    let out = edit(text, "a", |e| {
        e.set(
            "due",
            date_value(d("2025-08-22")).unwrap(),
            &["question", "title"],
        );
    });
    assert_eq!(
        out,
        "[[watch]]\nid = \"a\"\ntitle = \"t\"\ndue = 2025-08-22\ntags = []\n"
    );
}

#[test]
fn removing_the_last_key_keeps_the_comment_above_it() {
    let text = "[[watch]]\nid = \"a\"\n# about it\nresolution = { on = 2025-08-15, outcome = \"yes\" }\n\n# b\n[[watch]]\nid = \"b\"\n";
    let out = edit(text, "a", |e| {
        e.remove("resolution");
    });
    assert_eq!(
        out,
        "[[watch]]\nid = \"a\"\n# about it\n\n# b\n[[watch]]\nid = \"b\"\n"
    );
    // At the end of the file too.
    let text = "[[watch]]\nid = \"a\"\n# about it\nresolution = { on = 2025-08-15, outcome = \"yes\" }\n# end\n";
    let out = edit(text, "a", |e| {
        e.remove("resolution");
    });
    assert_eq!(out, "[[watch]]\nid = \"a\"\n# about it\n# end\n");
}

#[test]
fn inline_items_are_found_and_edited() {
    let text = "title = \"t\"\nwatch = [\n  { id = \"a\", title = \"x\" },\n  { id = \"b\", title = \"y\" },\n]\n";
    let out = edit(text, "b", |e| {
        e.push("log", log_entry(d("2025-08-13"), "n").unwrap())
            .unwrap();
    });
    assert_eq!(
        out,
        "title = \"t\"\nwatch = [\n  { id = \"a\", title = \"x\" },\n  { id = \"b\", title = \"y\", log = [{ on = 2025-08-13, note = \"n\" }] },\n]\n"
    );
}

#[test]
fn crlf_and_bom_survive_and_mixed_endings_stay_mixed() {
    let text = "\u{feff}[[watch]]\r\nid = \"a\"\r\ntitle = \"t\"\n";
    let out = edit(text, "a", |e| {
        e.push("log", log_entry(d("2025-08-13"), "n").unwrap())
            .unwrap();
    });
    assert_eq!(
        out,
        "\u{feff}[[watch]]\r\nid = \"a\"\r\ntitle = \"t\"\nlog = [\r\n    { on = 2025-08-13, note = \"n\" },\r\n]\r\n"
    );
}

#[test]
fn a_file_without_a_final_newline_keeps_none() {
    let entry = || log_entry(d("2025-08-13"), "n").unwrap();
    let out = edit("[[watch]]\nid = \"a\"\ntitle = \"t\"", "a", |e| {
        e.push("log", entry()).unwrap();
    });
    assert_eq!(
        out,
        "[[watch]]\nid = \"a\"\ntitle = \"t\"\nlog = [\n    { on = 2025-08-13, note = \"n\" },\n]"
    );
    let out = edit(
        "\u{feff}[[watch]]\r\nid = \"a\"\r\ntitle = \"t\"",
        "a",
        |e| e.push("log", entry()).unwrap(),
    );
    assert_eq!(
        out,
        "\u{feff}[[watch]]\r\nid = \"a\"\r\ntitle = \"t\"\r\nlog = [\r\n    { on = 2025-08-13, note = \"n\" },\r\n]"
    );
    // A new item too.
    let mut doc = Doc::parse("title = \"t\"\n# end").unwrap();
    doc.append_item(&[("id", parse_value("\"b\"").unwrap())])
        .unwrap();
    assert_eq!(
        doc.render(),
        "title = \"t\"\n# end\n\n[[watch]]\nid = \"b\""
    );
}

#[test]
fn signposts_become_tables_when_observed() {
    let text =
        "[[watch]]\nid = \"a\"\nsignposts = [\n  \"one\", # first\n  { text = \"two\" },\n]\n";
    let out = edit(text, "a", |e| {
        e.observe_signpost(0, "one", d("2025-08-13")).unwrap();
        e.observe_signpost(1, "two", d("2025-08-14")).unwrap();
    });
    assert_eq!(
        out,
        "[[watch]]\nid = \"a\"\nsignposts = [\n  { text = \"one\", observed = 2025-08-13 }, # first\n  { text = \"two\", observed = 2025-08-14 },\n]\n"
    );
}

#[test]
fn new_items_go_at_the_very_end() {
    let mut doc =
        Doc::parse("title = \"t\"\n[[watch]]\nid = \"a\"\n\n[brief]\nwho = \"x\"\n# end\n")
            .unwrap();
    doc.append_item(&[("id", parse_value("\"b\"").unwrap())])
        .unwrap();
    assert_eq!(
        doc.render(),
        "title = \"t\"\n[[watch]]\nid = \"a\"\n\n[brief]\nwho = \"x\"\n# end\n\n[[watch]]\nid = \"b\"\n"
    );
}

#[test]
fn a_file_changed_on_disk_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, "changed by someone else").unwrap();
    let result = write_atomic(&path, b"what the edit read", b"the edit");
    assert!(
        matches!(result, Err(Refusal::ChangedOnDisk { .. })),
        "{result:?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"changed by someone else");
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    write_atomic(&path, b"changed by someone else", b"the edit").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"the edit");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_change_made_while_the_new_text_is_synced_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, "what the edit read").unwrap();
    // Another program writes the file after the edit's text is on disk and
    // before the rename: its change is kept, the edit refused.
    let result = write_atomic_then(&path, b"what the edit read", b"the edit", || {
        std::fs::write(&path, "another program's change").unwrap();
    });
    assert!(
        matches!(result, Err(Refusal::ChangedOnDisk { .. })),
        "{result:?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"another program's change");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn unified_diff_has_headers_context_and_ranges() {
    let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
    let new = "1\n2\n3\n4\n5\nsix\n7\n8\n9\n10\n";
    assert_eq!(
        unified_diff("a/f", "b/f", old, new),
        "--- a/f\n+++ b/f\n@@ -3,7 +3,7 @@\n 3\n 4\n 5\n-6\n+six\n 7\n 8\n 9\n"
    );
    assert_eq!(unified_diff("a", "b", old, old), "");
    assert_eq!(
        unified_diff("/dev/null", "b/f", "", "x\ny\n"),
        "--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+y\n"
    );
    assert_eq!(
        unified_diff("a", "b", "x\n", "x\ny\n"),
        "--- a\n+++ b\n@@ -1 +1,2 @@\n x\n+y\n"
    );
}

//! Unit tests of `load`.

use super::*;

#[test]
fn a_missing_scenario_key_points_past_the_leading_comments() {
    let at = |text: &str| {
        let (_, diags) = parse_scenario(Path::new("s.toml"), text);
        diags
            .iter()
            .filter(|d| d.message.contains("missing required key"))
            .map(|d| d.span.clone())
            .collect::<Vec<_>>()
    };
    let text = "# notes\r\n\n   # more\n  date = 2025-08-12\n";
    let key = text.find("date").expect("date");
    assert_eq!(at(text), vec![Some(key..key)]);
    // After a byte order mark, spans stay relative to the whole text.
    let text = "\u{feff}# notes\ntitle = \"T\"\n";
    let key = text.find("title").expect("title");
    assert_eq!(at(text), vec![Some(key..key)]);
    // Only comments: one message for the file.
    let (_, diags) = parse_scenario(Path::new("s.toml"), "# a\n\n  # b\r\n");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].message.contains("only comments"), "{diags:?}");
    // Nothing but comments and tables: the first table's header.
    let text = "# only\n[[watch]]\nid = \"a\"\ntitle = \"A\"\n";
    let header = text.find("[[watch]]").expect("header");
    assert_eq!(at(text), vec![Some(header..header), Some(header..header)]);
}

#[test]
fn a_file_given_as_the_scenarios_folder_is_loaded_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let one = dir.path().join("one.toml");
    std::fs::write(&one, "title = \"One\"\ndate = 2025-08-12\n").expect("write");
    std::fs::write(dir.path().join("two.toml"), "title = \"Two\"\n").expect("write");
    assert_eq!(find_files(&one).expect("found").0, vec![one.clone()]);
    let loaded = load_dir(&one).expect("loaded");
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.corpus.scenarios.len(), 1);
}

#[test]
fn only_files_with_problems_keep_their_text_and_the_others_read_it_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = "title = \"Good\"\ndate = 2025-08-12\n";
    let bad = "title = \"Bad\"\n";
    std::fs::write(dir.path().join("a.toml"), good).expect("write");
    std::fs::write(dir.path().join("b.toml"), bad).expect("write");
    let loaded = load_dir(dir.path()).expect("loaded");
    let [a, b] = &loaded.corpus.files[..] else {
        panic!("two files expected");
    };
    assert_eq!(a.kept, None);
    assert_eq!(b.kept.as_deref(), Some(bad));
    assert_eq!(a.text().expect("unchanged").as_ref(), good);
    assert_eq!(loaded.text_of(&a.path).as_deref(), Some(good));
}

#[test]
fn a_file_changed_after_loading_is_not_read_as_the_loaded_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a.toml");
    std::fs::write(&path, "title = \"A\"\ndate = 2025-08-12\n").expect("write");
    let loaded = load_dir(dir.path()).expect("loaded");
    std::fs::write(&path, "title = \"A, renamed\"\ndate = 2025-08-12\n").expect("write");
    let e = loaded.corpus.files[0].text().expect_err("changed");
    assert!(e.to_string().contains("changed after it was loaded"), "{e}");
    assert_eq!(loaded.text_of(&path), None);
}

/// The walk's paths relative to `root`, as strings.
fn walked(root: &Path) -> Vec<String> {
    walk(root)
        .filter_map(Result::ok)
        .map(|p| {
            let rel = p.strip_prefix(root).expect("inside the root");
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect()
}

#[test]
fn the_walk_finds_toml_files_depth_first_in_name_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    for p in [
        "b/2.toml",
        "b/1.toml",
        "a.toml",
        "c.toml",
        "b/a/x.toml",
        "notes.md",
        "b/.toml",
    ] {
        let path = root.join(p);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, "").expect("write");
    }
    assert_eq!(
        walked(root),
        ["a.toml", "b/1.toml", "b/2.toml", "b/a/x.toml", "c.toml"]
    );
}

#[cfg(unix)]
#[test]
fn the_walk_follows_links_but_not_in_a_loop() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("scenarios");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(root.join("sub")).expect("mkdir");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    std::fs::write(root.join("sub/a.toml"), "").expect("write");
    std::fs::write(elsewhere.join("b.toml"), "").expect("write");
    symlink(&elsewhere, root.join("linked")).expect("link");
    symlink(elsewhere.join("b.toml"), root.join("c.toml")).expect("link");
    symlink(&root, root.join("sub/loop")).expect("link");
    symlink(dir.path().join("missing.toml"), root.join("dangling.toml")).expect("link");
    assert_eq!(walked(&root), ["c.toml", "linked/b.toml", "sub/a.toml"]);
}

#[cfg(unix)]
#[test]
fn a_file_rewritten_to_the_same_length_and_time_is_not_read_as_the_loaded_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a.toml");
    std::fs::write(&path, "title = \"A\"\ndate = 2025-08-12\n").expect("write");
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let loaded = load_dir(dir.path()).expect("loaded");
    std::fs::write(&path, "title = \"B\"\ndate = 2025-08-12\n").expect("write");
    let file = std::fs::File::options()
        .write(true)
        .open(&path)
        .expect("open");
    file.set_modified(modified).expect("set mtime");
    let e = loaded.corpus.files[0].text().expect_err("changed");
    assert!(e.to_string().contains("changed after it was loaded"), "{e}");
}

#[test]
fn a_file_is_read_whole_whatever_size_was_expected() {
    let text: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
    for expected in [0, 1, 9_999, 10_000, 10_001, 50_000] {
        let read = read_all(&mut &text[..], expected).expect("read");
        assert_eq!(read, text, "expected {expected}");
    }
}

//! Edits of one file take turns however each names the corpus, inside a git
//! work tree and outside one.

use crate::support::{Project, wait_all};

const TODAY: &str = "2025-08-15";

/// Starts `per_form` notes for each way of naming the corpus that holds
/// `scenarios/sub/busy.toml`, all before any is waited for; every one must land.
fn notes_through_every_name(p: &Project, per_form: usize) {
    let forms = [
        "scenarios",
        "scenarios/sub",
        "scenarios/sub/busy.toml",
        "./scenarios/../scenarios/sub",
    ];
    let mut children = Vec::new();
    for (f, form) in forms.iter().enumerate() {
        for k in 0..per_form {
            let item = format!("item-{}", k % 4);
            let note = format!("note {f}-{k}");
            let args = ["--scenarios", form, "--today", TODAY, "note", &item, &note];
            children.push(p.spawn(&args));
        }
    }
    wait_all(children);
    let after = p.read("scenarios/sub/busy.toml");
    for f in 0..forms.len() {
        for k in 0..per_form {
            assert!(
                after.contains(&format!("note = \"note {f}-{k}\"")),
                "note {f}-{k} was lost:\n{after}"
            );
        }
    }
    p.run(TODAY, &["check"]).success();
}

fn busy() -> Project {
    let mut text = String::from("title = \"Busy\"\ndate = 2025-08-12\n");
    for i in 0..4 {
        text.push_str(&format!(
            "\n[[watch]]\nid = \"item-{i}\"\ntitle = \"Item {i}\"\n"
        ));
    }
    Project::new().file("scenarios/sub/busy.toml", &text)
}

#[test]
fn edits_through_different_names_of_the_corpus_all_land_outside_git() {
    let p = busy();
    notes_through_every_name(&p, 6);
    // The lock is beside the file, whichever name the edit was given.
    assert!(p.abs("scenarios/sub/.whatsnext.lock").exists());
    assert!(!p.abs("scenarios/.whatsnext.lock").exists());
}

#[test]
fn edits_through_different_names_of_the_corpus_all_land_in_git() {
    let p = busy();
    std::fs::create_dir(p.abs(".git")).expect("a .git folder");
    notes_through_every_name(&p, 6);
    assert!(p.abs(".git/whatsnext.lock").exists());
    assert!(!p.abs("scenarios/sub/.whatsnext.lock").exists());
}

#[test]
fn new_and_add_take_the_lock_of_what_they_create() {
    let p = busy();
    let children = (0..8)
        .map(|k| {
            let form = if k % 2 == 0 {
                "scenarios"
            } else {
                "scenarios/sub"
            };
            let id = format!("added-{k}");
            let args = [
                "--scenarios",
                form,
                "--today",
                TODAY,
                "add",
                "busy",
                "--id",
                &id,
            ];
            p.spawn(&[&args[..], &["--title", "Added"]].concat())
        })
        .collect();
    wait_all(children);
    let after = p.read("scenarios/sub/busy.toml");
    for k in 0..8 {
        assert!(
            after.contains(&format!("id = \"added-{k}\"")),
            "added-{k} lost:\n{after}"
        );
    }
    p.run(
        TODAY,
        &[
            "--scenarios",
            "scenarios/sub",
            "new",
            "fresh",
            "--title",
            "Fresh",
        ],
    )
    .success();
    assert!(p.abs("scenarios/sub/fresh.toml").exists());
    assert!(p.abs("scenarios/sub/.whatsnext.lock").exists());
}

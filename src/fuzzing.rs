//! Entry points for the fuzz targets in `fuzz/` (see fuzz/README.md): each runs
//! the real pipeline on arbitrary bytes. Whatever the bytes, nothing may panic;
//! where the pipeline promises something (a corpus without errors renders with
//! the built-in templates, an imported draft loads), a broken promise panics
//! here, so that the fuzzer reports it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, Style};
use crate::model::{Corpus, Index, SourceFile};
use crate::render::digest::{self, Options};
use crate::render::listing::{ItemColumn, Rows};
use crate::render::templates::{Format, Templates};
use crate::render::week::IsoWeek;
use crate::status::{self, Defaults, order};
use crate::value::Duration;
use crate::view::ItemView;
use crate::{config, import, load, validate};

/// Separates the scenario files of one input (a form feed, which TOML text
/// cannot hold outside a string), so that references between files are reached.
const FILE_SEPARATOR: u8 = 0x0c;

/// At most this many files per input; the rest of the input is the last file.
const MAX_FILES: usize = 4;

/// The bytes as scenario files (see [`FILE_SEPARATOR`]), loaded, checked,
/// evaluated and, when they have no errors, listed and digested.
pub fn scenario(data: &[u8]) {
    let mut corpus = Corpus::default();
    let mut diags = Vec::new();
    let mut texts: Vec<(PathBuf, String)> = Vec::new();
    for (n, bytes) in data.splitn(MAX_FILES, |b| *b == FILE_SEPARATOR).enumerate() {
        let path = PathBuf::from(format!("scenarios/f{n}.toml"));
        let (text, found) = load::decode(&path, bytes.to_vec());
        // The loader shows text that is not UTF-8 and does not parse it. The
        // lossy text is valid UTF-8, a file in its own right: it is parsed too.
        if !found.is_empty() {
            render_all(&found, &[(path.clone(), text.clone())]);
        }
        let (scenario, found) = load::parse_scenario(&path, &text);
        diags.extend(found);
        if let Some(mut scenario) = scenario {
            scenario.file = corpus.files.len();
            corpus.files.push(SourceFile::kept(&path, text.as_str()));
            corpus.scenarios.push(scenario);
        }
        texts.push((path, text));
    }
    let index = Index::new(&corpus);
    validate::validate(&corpus, &index, &mut diags);
    render_all(&diags, &texts);
    if diags.iter().any(Diagnostic::is_error) {
        // As the commands do: a corpus with errors is not listed.
        return;
    }
    let defaults = Defaults::default();
    let statuses = status::evaluate(&corpus, &index, today(), defaults);
    listing(&corpus, &index, &statuses);
    digests(&corpus, &index, defaults);
}

/// The bytes as a Markdown briefing, imported; a draft must load without errors
/// (`whatsnext import` refuses to write one that does not, calling it a bug).
pub fn briefing(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let options = import::Options {
        source_name: "briefing.md",
        stem: Some("briefing"),
        id: None,
        today: today(),
    };
    let Ok(draft) = import::draft(&text, &options) else {
        return;
    };
    let source = Path::new("briefing.md");
    for w in &draft.warnings {
        let d = Diagnostic::warning(source, Some(w.span.clone()), w.message.clone());
        d.render(Some(&text), &Style::plain());
    }
    // With the id key (`-o FILE`) and without it, named after the id (the default).
    for (path, with_id) in [
        (PathBuf::from("draft.toml"), true),
        (PathBuf::from(format!("{}.toml", draft.id)), false),
    ] {
        let toml = draft.to_toml(with_id);
        let (scenario, problems) = load::parse_scenario(&path, &toml);
        let errors: Vec<String> = problems
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.render(Some(&toml), &Style::plain()))
            .collect();
        assert!(
            scenario.is_some() && errors.is_empty(),
            "the draft does not load:\n{}\n{toml}",
            errors.concat()
        );
    }
}

/// The day the pipeline runs on: a Friday of 2025-W33.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 8, 15).expect("a date")
}

/// Every diagnostic rendered against its file's text, plain and coloured.
fn render_all(diags: &[Diagnostic], texts: &[(PathBuf, String)]) {
    for d in diags {
        let text = texts
            .iter()
            .find(|(p, _)| *p == d.path)
            .map(|(_, t)| t.as_str());
        d.render(text, &Style::plain());
        d.render(text, &Style::colored());
        d.render(None, &Style::plain());
    }
}

/// `status` as a table (default and all columns, fitted to several widths) and
/// as JSON.
fn listing(corpus: &Corpus, index: &Index, statuses: &status::Statuses) {
    let keys = order::sorted(corpus, statuses, |_, _| true);
    let all = [
        ItemColumn::Status,
        ItemColumn::Due,
        ItemColumn::In,
        ItemColumn::Priority,
        ItemColumn::Ref,
        ItemColumn::Id,
        ItemColumn::Scenario,
        ItemColumn::Title,
    ];
    for columns in [&ItemColumn::DEFAULT[..], &all[..]] {
        let rows = Rows::new(corpus, statuses, columns);
        let mut table = rows.table();
        for &key in &keys {
            table.row(rows.cells(key));
        }
        for (width, color) in [(usize::MAX, false), (80, true), (20, false)] {
            let mut out = Vec::new();
            table
                .render(&mut out, width, color)
                .expect("writing to memory");
        }
    }
    let mut json = Vec::new();
    for &key in &keys {
        let view = ItemView::new(corpus, index, statuses, key);
        serde_json::to_writer(&mut json, &view).expect("an item view serializes");
    }
}

/// The week's digest in Markdown, HTML and text with the built-in templates.
fn digests(corpus: &Corpus, index: &Index, defaults: Defaults) {
    let options = Options {
        week: IsoWeek::parse("2025-W33", today()).expect("a week"),
        today: today(),
        defaults,
        coming_up: Duration::days(14),
        limit: Some(config::DIGEST_LIMIT),
        history: config::DIGEST_LIMIT,
    };
    let digest = digest::build(corpus, index, &options);
    for (templates, name) in builtin_templates() {
        if let Err(e) = digest.render(templates, name) {
            panic!("the built-in {name} does not render a checked corpus: {e}");
        }
    }
}

/// The built-in digest templates of each format, loaded once.
fn builtin_templates() -> &'static [(Templates, &'static str); 3] {
    static TEMPLATES: OnceLock<[(Templates, &'static str); 3]> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        // A folder that does not exist: no user templates.
        let none = Path::new("/nonexistent/whatsnext-fuzz-templates");
        let load = |format| Templates::load(format, none).expect("the built-in templates load");
        [
            (load(Format::Markdown), "digest.md"),
            (load(Format::Html), "digest.html"),
            (load(Format::Text), "digest.txt"),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every scenario file of the repository runs through the whole pipeline.
    #[test]
    fn the_repository_scenarios_run_through() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).expect("scenarios/") {
            let path = entry.expect("an entry").path();
            if path.extension().is_some_and(|e| e == "toml") {
                scenario(&std::fs::read(&path).expect("a scenario file"));
                seen += 1;
            }
        }
        assert!(seen > 0);
    }

    #[test]
    fn bytes_that_are_not_utf8_or_several_files_do_not_panic() {
        scenario(b"title = \"a\"\ndate = 2025-08-01\n\xff\xfe");
        scenario(b"title = \"a\"\ndate = 2025-08-01\n\x0ctitle = \"b\"\ndate = 2025-08-02\n");
        scenario(b"");
    }

    #[test]
    fn a_briefing_with_whats_next_imports_and_loads() {
        briefing(
            b"Lead paragraph.\n\n**What's Next:** The court rules on August 20, 2025. \
              Talks resume next week.\n",
        );
        briefing(b"no sections at all");
    }
}

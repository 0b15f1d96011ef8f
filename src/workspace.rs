//! A loaded and validated corpus, ready for a command: the stage between the
//! files and the pure core. Commands that read (`status`, `digest`, …) start from
//! [`Workspace::load_checked`], which refuses a corpus with errors.

use std::path::Path;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, LineIndex, Style};
use crate::edit::Refusal;
use crate::load::{self, Loaded};
use crate::model::Index;
use crate::model::{Corpus, ItemKey};
use crate::status::{self, Statuses};
use crate::validate;
use crate::value;
use crate::{Failure, Result};

#[derive(Debug)]
pub struct Workspace {
    pub corpus: Corpus,
    pub index: Index,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a user's REF names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Item(ItemKey),
    Scenario(usize),
}

impl Workspace {
    /// Loads and validates every scenario file; problems are collected, not printed.
    pub fn load(config: &Config) -> Result<Workspace> {
        let Loaded {
            corpus,
            mut diagnostics,
        } = load::load_dir(&config.scenarios).map_err(|e| Failure::Invalid(e.to_string()))?;
        let index = Index::new(&corpus);
        validate::validate(&corpus, &index, &mut diagnostics);
        sort_diagnostics(&mut diagnostics);
        Ok(Workspace {
            corpus,
            index,
            diagnostics,
        })
    }

    /// For a command that only reads: [`Self::load_checked`], or with
    /// `--keep-going` the corpus less the files with errors
    /// ([`Self::without_broken`]). Edits always use `load_checked`: they never
    /// run on part of a corpus.
    pub fn load_for_reading(config: &Config) -> Result<Workspace> {
        if config.keep_going {
            let ws = Workspace::load(config)?;
            ws.print_not_walked();
            return Ok(if ws.has_errors() {
                ws.without_broken()
            } else {
                ws
            });
        }
        Workspace::load_checked(config)
    }

    /// Loads the corpus and refuses (printing the errors) when it has any.
    pub fn load_checked(config: &Config) -> Result<Workspace> {
        let ws = Workspace::load(config)?;
        if ws.has_errors() {
            let errors: Vec<Diagnostic> = ws
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            ws.print(&errors);
            eprintln!(
                "{} error{} in the scenario files; run `whatsnext check` for details",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
            return Err(Failure::Reported);
        }
        ws.print_not_walked();
        Ok(ws)
    }

    /// Prints the warnings for folders and links the walk could not look into:
    /// scenario files may be missing from what the command shows. (`check`
    /// prints them with everything else.)
    fn print_not_walked(&self) {
        let not_walked: Vec<Diagnostic> = self
            .diagnostics
            .iter()
            .filter(|d| !d.is_error() && d.span.is_none())
            .cloned()
            .collect();
        if !not_walked.is_empty() {
            self.print(&not_walked);
        }
    }

    /// The corpus less every file with an error, the errors printed. Leaving a
    /// file out can break another (an item triggered by one of its items): that
    /// one is then reported and left out too, rather than its items turning moot
    /// in silence. Marks the run as failed ([`left_files_out`]).
    fn without_broken(mut self) -> Workspace {
        use std::collections::BTreeSet;
        let mut left_out: BTreeSet<std::path::PathBuf> = BTreeSet::new();
        loop {
            let errors: Vec<Diagnostic> = self
                .diagnostics
                .iter()
                .filter(|d| d.is_error() && !left_out.contains(&d.path))
                .cloned()
                .collect();
            if errors.is_empty() {
                break;
            }
            self.print(&errors);
            left_out.extend(errors.iter().map(|d| d.path.clone()));
            let keep: Vec<std::path::PathBuf> = self
                .corpus
                .files
                .iter()
                .map(|f| f.path.clone())
                .filter(|p| !left_out.contains(p))
                .collect();
            let Loaded {
                corpus,
                mut diagnostics,
            } = load::load_paths(keep);
            let index = Index::new(&corpus);
            validate::validate(&corpus, &index, &mut diagnostics);
            sort_diagnostics(&mut diagnostics);
            self = Workspace {
                corpus,
                index,
                diagnostics,
            };
        }
        LEFT_OUT.store(true, std::sync::atomic::Ordering::Relaxed);
        let n = left_out.len();
        eprintln!(
            "left out {n} file{} with errors (--keep-going); the command runs on the rest and exits 1",
            if n == 1 { "" } else { "s" }
        );
        self
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn statuses(&self, config: &Config) -> Statuses {
        status::evaluate(&self.corpus, &self.index, config.today, config.defaults)
    }

    /// Prints diagnostics to stderr with their source lines (each file read
    /// again once when its text was not kept).
    pub fn print(&self, diags: &[Diagnostic]) {
        let texts = self.corpus.texts_of(diags.iter().map(|d| d.path.as_path()));
        let text_of = |p: &Path| texts.get(p).and_then(|t| t.as_deref());
        // A file changed since it was checked has no position to show: say why.
        let unplaced = |d: &Diagnostic| d.span.is_some() && text_of(&d.path).is_none();
        if diags.iter().any(unplaced) {
            let noted: Vec<Diagnostic> = diags
                .iter()
                .map(|d| {
                    let d = d.clone();
                    if unplaced(&d) {
                        d.with_note("the file changed after it was checked; run the command again to see where")
                    } else {
                        d
                    }
                })
                .collect();
            print_diagnostics(&noted, text_of);
        } else {
            print_diagnostics(diags, text_of);
        }
    }

    /// Finds what a user's REF names: `scenario/item`, a bare `item` when only one
    /// scenario has it, or a scenario id. Unknown and ambiguous REFs are errors
    /// listing suggestions or candidates.
    pub fn target(&self, text: &str) -> Result<Target> {
        let r = value::Reference::parse(text).map_err(|e| Failure::Invalid(e.to_string()))?;
        if let Some(sid) = &r.scenario {
            let Some(si) = self.index.scenario(sid) else {
                let hint = value::suggest(sid, self.corpus.scenarios.iter().map(|s| s.id.as_str()))
                    .map(|s| format!(" (did you mean `{s}/{}`?)", r.item))
                    .unwrap_or_default();
                return Err(Refusal::NotFound(format!("no scenario \"{sid}\"{hint}")).into());
            };
            return match self.index.resolve(&self.corpus, si, &r) {
                Some(k) => Ok(Target::Item(k)),
                None => {
                    let items = self.corpus.scenarios[si]
                        .items
                        .iter()
                        .map(|i| i.id.as_str());
                    let hint = value::suggest(&r.item, items)
                        .map(|s| format!(" (did you mean `{sid}/{s}`?)"))
                        .unwrap_or_default();
                    Err(Refusal::NotFound(format!(
                        "no item \"{}\" in scenario \"{sid}\"{hint}",
                        r.item
                    ))
                    .into())
                }
            };
        }
        let matches: Vec<ItemKey> = self
            .corpus
            .keys()
            .filter(|k| self.corpus.item(*k).id == r.item)
            .collect();
        match matches.as_slice() {
            [one] => Ok(Target::Item(*one)),
            [] => match self.index.scenario(&r.item) {
                Some(si) => Ok(Target::Scenario(si)),
                None => {
                    let all_items = self.corpus.keys().map(|k| self.corpus.item(k).id.as_str());
                    let scenario_ids = self.corpus.scenarios.iter().map(|s| s.id.as_str());
                    let hint = match value::suggest(&r.item, all_items.chain(scenario_ids)) {
                        Some(close) => self.suggestion(close),
                        None => String::new(),
                    };
                    Err(
                        Refusal::NotFound(format!("no item or scenario \"{}\"{hint}", r.item))
                            .into(),
                    )
                }
            },
            many => Err(Refusal::Ambiguous {
                name: r.item.clone(),
                candidates: many.iter().map(|k| self.corpus.item_ref(*k)).collect(),
            }
            .into()),
        }
    }

    /// The hint for a close name: " (did you mean `x`?)", or, when the close
    /// name is itself an item id of several scenarios, each of their REFs, since
    /// offering the bare id would only lead to an "ambiguous" error.
    fn suggestion(&self, close: &str) -> String {
        let refs: Vec<String> = self
            .corpus
            .keys()
            .filter(|k| self.corpus.item(*k).id == close)
            .map(|k| format!("`{}`", self.corpus.item_ref(k)))
            .collect();
        if refs.len() > 1 {
            format!(" (did you mean one of {}?)", refs.join(", "))
        } else {
            format!(" (did you mean `{close}`?)")
        }
    }

    /// Like [`Workspace::target`], but the REF must name an item.
    pub fn item(&self, text: &str) -> Result<ItemKey> {
        match self.target(text)? {
            Target::Item(k) => Ok(k),
            Target::Scenario(_) => Err(Refusal::NotFound(format!(
                "\"{text}\" is a scenario; name an item as `{text}/ITEM`"
            ))
            .into()),
        }
    }
}

/// Set once `--keep-going` has left a file out: the run then exits 1 however the
/// command itself ends, so that a cron job notices.
static LEFT_OUT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether `--keep-going` left a file out in this run.
pub fn left_files_out() -> bool {
    LEFT_OUT.load(std::sync::atomic::Ordering::Relaxed)
}

/// Orders diagnostics by file, then position, errors before warnings on a tie.
fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.path, a.span.as_ref().map(|s| s.start), a.severity).cmp(&(
            &b.path,
            b.span.as_ref().map(|s| s.start),
            b.severity,
        ))
    });
}

/// Prints diagnostics to stderr, each with its source line when `text_of` has it.
pub fn print_diagnostics<'a>(diags: &[Diagnostic], text_of: impl Fn(&Path) -> Option<&'a str>) {
    use std::io::Write;
    let style = if anstream::ColorChoice::global() == anstream::ColorChoice::Never {
        Style::plain()
    } else {
        Style::colored()
    };
    let mut err = anstream::stderr().lock();
    // Per file: how many shown, and its line index once one is needed.
    let mut shown: Vec<(&Path, usize, Option<LineIndex>)> = Vec::new();
    for d in diags {
        let at = match shown.iter().position(|(p, ..)| *p == d.path.as_path()) {
            Some(at) => at,
            None => {
                shown.push((&d.path, 0, None));
                shown.len() - 1
            }
        };
        let (_, count, lines) = &mut shown[at];
        *count += 1;
        if *count <= MAX_SHOWN_PER_FILE {
            let text = text_of(&d.path);
            let located = text.map(|t| (t, &*lines.get_or_insert_with(|| LineIndex::new(t))));
            let _ = err.write_all(d.render_indexed(located, &style).as_bytes());
        }
    }
    for (path, n, _) in shown {
        if n > MAX_SHOWN_PER_FILE {
            let _ = writeln!(
                err,
                "{}: {} more problems not shown (fix the first ones and check again)",
                crate::text::printable(&path.to_string_lossy()),
                n - MAX_SHOWN_PER_FILE
            );
        }
    }
}

/// Problems shown for one file: a file that is mostly wrong (not a scenario file,
/// a bad merge) says so in its first screens, not in thousands of lines.
const MAX_SHOWN_PER_FILE: usize = 50;

//! Editing an item's file by hand: `whatsnext edit REF` and the review's `e`.
//!
//! The editor (`$VISUAL`, else `$EDITOR`, else `vi`, run through `sh` as git
//! runs it, with `+LINE` at the item) works on a copy of the file in the
//! temporary folder, never on the file itself. The copy is checked after each
//! session as the loader and `check` would, with the rest of the corpus; on
//! errors they are printed and the user is offered to reopen it. Only a copy
//! that validates replaces the file, atomically, under the corpus lock, and
//! only if the file still holds what the editor started from. A copy that is
//! not installed is kept and its path printed: no typing is lost, and the
//! scenario file is never left invalid.
//!
//! A hand edit records no `log` entry: what changed is the user's to say, and
//! the diff (or git) shows it.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};
use crate::edit::shown;
use crate::model::Index;
use crate::review::prompt::Prompter;
use crate::validate;
use crate::workspace::Workspace;
use crate::{Failure, Result, edit, load};

/// How a hand edit ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Edited {
    /// The file was replaced (or, in a dry run, the diff printed).
    Changed,
    /// The editor left the text as it was.
    Unchanged,
    /// Not installed: the copy with the user's text is kept at this path.
    Kept(PathBuf),
}

/// Opens the file of item `reference` in the user's editor at the item, checks
/// the result and installs it (see the module comment).
pub fn edit_item(
    config: &Config,
    reference: &str,
    dry_run: bool,
    p: &mut Prompter<'_>,
) -> Result<Edited> {
    let ws = Workspace::load_checked(config)?;
    let key = ws.item(reference)?;
    let file_index = ws.corpus.scenario_of(key).file;
    let path = ws.corpus.files[file_index].path.clone();
    let original = ws.corpus.files[file_index]
        .text()
        .map_err(|e| Failure::Invalid(format!("cannot read {}: {e}", path.display())))?
        .into_owned();
    let mut line = diagnostic::line_col(&original, ws.corpus.item(key).span.start).0;
    drop(ws);

    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    let copy = tempfile::Builder::new()
        .prefix(&format!("{stem}."))
        .suffix(".toml")
        .tempfile()?;
    std::fs::write(copy.path(), &original)?;

    loop {
        if let Err(why) = run_editor(copy.path(), line) {
            if std::fs::read(copy.path())? == original.as_bytes() {
                return Err(Failure::Invalid(format!("{why}; nothing written")));
            }
            p.refuse(&why.to_string());
            let kept = keep_copy(copy)?;
            say_kept(p, &kept);
            return Ok(kept);
        }
        let new = match std::fs::read_to_string(copy.path()) {
            Ok(t) => t,
            Err(e) => {
                p.refuse(&format!("cannot read the edited copy: {e}"));
                return keep_copy(copy);
            }
        };
        if new == original {
            p.say(&format!("no changes to {}", shown(&path).display()));
            return Ok(Edited::Unchanged);
        }
        let ws = match Workspace::load(config) {
            Ok(ws) => ws,
            Err(e) => {
                say_kept(p, &keep_copy(copy)?);
                return Err(e);
            }
        };
        let errors = problems(ws, file_index, &path, &new);
        if errors.is_empty() {
            return install(config, &path, &original, &new, dry_run, copy, p);
        }
        let reopen = p.confirm(
            &format!(
                "{} would not validate; reopen the editor?",
                shown(&path).display()
            ),
            true,
        )?;
        if reopen != Some(true) {
            let kept = keep_copy(copy)?;
            say_kept(p, &kept);
            return Ok(kept);
        }
        if let Some(first) = errors
            .iter()
            .filter(|d| d.path == path)
            .find_map(|d| d.span.clone())
        {
            line = diagnostic::line_col(&new, first.start).0;
        }
    }
}

fn say_kept(p: &mut Prompter<'_>, kept: &Edited) {
    if let Edited::Kept(path) = kept {
        p.say(&format!(
            "nothing written; your edited copy is kept at {}",
            path.display()
        ));
    }
}

/// Writes the checked text over the file under the lock (or prints the diff).
fn install(
    config: &Config,
    path: &Path,
    original: &str,
    new: &str,
    dry_run: bool,
    copy: tempfile::NamedTempFile,
    p: &mut Prompter<'_>,
) -> Result<Edited> {
    let label = shown(path).display().to_string();
    if dry_run {
        let diff = edit::unified_diff(&format!("a/{label}"), &format!("b/{label}"), original, new);
        let mut out = anstream::stdout().lock();
        out.write_all(diff.as_bytes())?;
        out.flush()?;
        p.say("dry run: nothing written");
        return Ok(Edited::Changed);
    }
    let _lock = crate::lock::lock_file(path)?;
    // Checked again under the lock: another file may have changed meanwhile.
    let ws = Workspace::load(config)?;
    let Some(file_index) = ws.corpus.files.iter().position(|f| f.path == path) else {
        let kept = keep_copy(copy)?;
        p.refuse(&format!("{label} is no longer in the corpus"));
        say_kept(p, &kept);
        return Ok(kept);
    };
    let errors = problems(ws, file_index, path, new);
    let written = if errors.is_empty() {
        edit::write_atomic(path, original.as_bytes(), new.as_bytes()).map_err(|r| r.to_string())
    } else {
        Err(format!(
            "{label} would not validate with the corpus as it is now"
        ))
    };
    match written {
        Ok(()) => {
            let mut out = anstream::stdout().lock();
            writeln!(out, "edited {label}")?;
            Ok(Edited::Changed)
        }
        Err(why) => {
            p.refuse(&why);
            let kept = keep_copy(copy)?;
            say_kept(p, &kept);
            Ok(kept)
        }
    }
}

fn keep_copy(copy: tempfile::NamedTempFile) -> Result<Edited> {
    let (_, kept) = copy.keep().map_err(|e| Failure::Io(e.error))?;
    Ok(Edited::Kept(kept))
}

/// The errors the corpus would have with `new` as the text of file `file_index`
/// (the file on its own as the loader reads it, then the whole corpus), printed.
/// The corpus had none when the edit started, so each is the edit's (or that of
/// a change made meanwhile), wherever it points: renaming an item can break a
/// trigger in another file.
fn problems(mut ws: Workspace, file_index: usize, path: &Path, new: &str) -> Vec<Diagnostic> {
    ws.corpus.files[file_index].kept = Some(new.to_string());
    let (scenario, diags) = load::parse_scenario(path, new);
    let mut errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    if let Some(mut scenario) = scenario.filter(|_| errors.is_empty()) {
        scenario.file = file_index;
        match ws
            .corpus
            .scenarios
            .iter()
            .position(|s| s.file == file_index)
        {
            Some(si) => ws.corpus.scenarios[si] = scenario,
            None => ws.corpus.scenarios.push(scenario),
        }
        let index = Index::new(&ws.corpus);
        let mut diags = Vec::new();
        validate::validate(&ws.corpus, &index, &mut diags);
        errors = diags.into_iter().filter(Diagnostic::is_error).collect();
    }
    ws.print(&errors);
    errors
}

/// Why the editor did not run to a successful end.
#[derive(Debug)]
pub enum EditorError {
    /// It could not be started (`sh` missing, for one).
    Spawn {
        editor: String,
        source: std::io::Error,
    },
    /// It ran and exited unsuccessfully (`:cq` in vi; a command not found).
    Exit {
        editor: String,
        status: std::process::ExitStatus,
    },
}

impl std::fmt::Display for EditorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditorError::Spawn { editor, source } => {
                write!(f, "cannot run the editor `{editor}`: {source}")
            }
            EditorError::Exit { editor, status } => {
                write!(f, "the editor `{editor}` exited with {status}")
            }
        }
    }
}

impl std::error::Error for EditorError {}

/// Runs the user's editor on `file` at `line` and waits for it. The editor gets
/// the terminal even when the review's answers come from a pipe.
fn run_editor(file: &Path, line: usize) -> std::result::Result<(), EditorError> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .find(|v| !v.is_empty())
        .map(|v| v.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vi".to_string());
    let tty = || {
        std::fs::File::options()
            .read(true)
            .write(true)
            .open("/dev/tty")
    };
    let stdin = if std::io::stdin().is_terminal() {
        Stdio::inherit()
    } else {
        tty().map_or_else(|_| Stdio::null(), Stdio::from)
    };
    let stdout = if std::io::stdout().is_terminal() {
        Stdio::inherit()
    } else {
        tty().map_or_else(|_| Stdio::null(), Stdio::from)
    };
    // As git does: the variable may hold arguments (`code --wait`, `emacs -nw`).
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(&editor)
        .arg(format!("+{line}"))
        .arg(file)
        .stdin(stdin)
        .stdout(stdout)
        .status()
        .map_err(|source| EditorError::Spawn {
            editor: editor.clone(),
            source,
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(EditorError::Exit { editor, status })
    }
}

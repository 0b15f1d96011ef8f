//! `whatsnext import BRIEFING.md|-`: a briefing's What's Next → a draft scenario file.
//!
//! The drafting is the pure [`crate::import`]; this module reads the briefing (a file,
//! or standard input for `-`), prints its warnings as `PATH:LINE:COL: warning: …`,
//! checks the draft with the loader (a draft that does not load is a bug, never
//! written), and writes it atomically to a new file — never over an existing one.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::cli::ImportArgs;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::import::{self, ImportError, Options};
use crate::load;
use crate::workspace::print_diagnostics;
use crate::{Failure, Result, exit, fsutil};

pub fn run(config: &Config, args: &ImportArgs) -> Result<u8> {
    let from_stdin = args.briefing.as_os_str() == "-";
    // Standard input has no name: messages call it <stdin>, and the draft's id comes
    // from its date and title (or --id).
    let path: &Path = if from_stdin {
        Path::new("<stdin>")
    } else {
        &args.briefing
    };
    let bytes = if from_stdin {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Failure::Invalid(format!("cannot read standard input: {e}")))?;
        buf
    } else {
        std::fs::read(path)
            .map_err(|e| Failure::Invalid(format!("cannot read {}: {e}", path.display())))?
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        Failure::Invalid(format!(
            "{}: not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    let name = if from_stdin {
        "standard input".to_string()
    } else {
        path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let options = Options {
        source_name: &name,
        stem: if from_stdin {
            None
        } else {
            path.file_stem().and_then(|s| s.to_str())
        },
        id: args.id.as_deref(),
        today: config.today,
    };
    let draft = match import::draft(&text, &options) {
        Ok(d) => d,
        Err(e) => {
            let span = match &e {
                ImportError::EmptyWhatsNext { label } => Some(label.clone()),
                ImportError::NoWhatsNext | ImportError::BadId(_) => None,
            };
            if let ImportError::BadId(_) = e {
                return Err(Failure::Usage(format!("--id: {e}")));
            }
            let diag = Diagnostic::error(path, span, e.to_string());
            print_diagnostics(&[diag], |_| Some(text.as_str()));
            return Err(Failure::Reported);
        }
    };
    let warnings: Vec<Diagnostic> = draft
        .warnings
        .iter()
        .map(|w| Diagnostic::warning(path, Some(w.span.clone()), w.message.clone()))
        .collect();
    print_diagnostics(&warnings, |_| Some(text.as_str()));

    let in_scenarios = args.output.is_none();
    let target = match &args.output {
        Some(file) => std::env::current_dir()
            .map(|cwd| cwd.join(file))
            .unwrap_or_else(|_| file.clone()),
        None => config.scenarios.join(format!("{}.toml", draft.id)),
    };
    // The id key is only needed when the file name does not already say it.
    let stem_is_id = target.file_stem().and_then(|s| s.to_str()) == Some(draft.id.as_str());
    let toml = draft.to_toml(!stem_is_id);

    let shown = shown_path(&target);
    let (scenario, problems) = load::parse_scenario(&shown, &toml);
    if scenario.is_none() || problems.iter().any(Diagnostic::is_error) {
        print_diagnostics(&problems, |_| Some(toml.as_str()));
        return Err(Failure::Invalid(
            "the draft does not validate, so nothing was written; this is a bug in `whatsnext import`"
                .into(),
        ));
    }

    if let Some(other) = same_id_elsewhere(config, &draft.id, &target) {
        let message = format!(
            "scenario id \"{}\" is already used by {}; choose another with --id",
            draft.id,
            other.display()
        );
        if !args.dry_run && (in_scenarios || target.starts_with(&config.scenarios)) {
            return Err(Failure::Invalid(message));
        }
        if args.dry_run {
            let diag = Diagnostic::warning(path, None, message);
            print_diagnostics(&[diag], |_| None);
        }
    }

    // `-o -` prints the draft, as `digest -o -` and `export -o -` print theirs.
    let to_stdout = args.output.as_deref() == Some(std::path::Path::new("-"));
    if args.dry_run || to_stdout {
        let mut out = std::io::stdout().lock();
        out.write_all(toml.as_bytes())?;
        out.flush()?;
        return Ok(exit::OK);
    }

    if in_scenarios {
        std::fs::create_dir_all(&config.scenarios).map_err(|e| {
            Failure::Invalid(format!(
                "cannot create {}: {e}",
                shown_path(&config.scenarios).display()
            ))
        })?;
    }
    fsutil::create_new(&target, toml.as_bytes()).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => Failure::Invalid(format!(
            "{} already exists; nothing was written (pass --id or -o to write elsewhere)",
            shown.display()
        )),
        _ => Failure::Invalid(format!("cannot write {}: {e}", shown.display())),
    })?;

    let undated = draft.items.iter().filter(|i| i.due.is_none()).count();
    let count = draft.items.len();
    println!(
        "wrote {}: {count} watch-item{}{}",
        shown.display(),
        if count == 1 { "" } else { "s" },
        match undated {
            0 => String::new(),
            n => format!(", {n} without a due date"),
        }
    );
    println!("next: edit the draft (its comments say what was guessed), then `whatsnext check`");
    Ok(exit::OK)
}

/// A path relative to the working directory when it is below it.
fn shown_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// The file of another scenario with this id in the scenarios folder, if any.
fn same_id_elsewhere(config: &Config, id: &str, target: &Path) -> Option<PathBuf> {
    let loaded = load::load_dir(&config.scenarios).ok()?;
    loaded
        .corpus
        .scenarios
        .iter()
        .map(|s| &loaded.corpus.files[s.file].path)
        .zip(loaded.corpus.scenarios.iter())
        .find(|(p, s)| s.id == id && !same_file(p, target))
        .map(|(p, _)| shown_path(p))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

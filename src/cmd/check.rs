//! `whatsnext check`: validate every file and report every problem.

use crate::cli::CheckArgs;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::{Loaded, Result, exit};

/// `check`; with `--strict` every warning is reported, and counted, as an error.
pub fn run(config: &Config, a: &CheckArgs, loaded: &Loaded) -> Result<u8> {
    let ws = loaded.all(config)?;
    let strict: Vec<Diagnostic>;
    let diagnostics = if a.strict {
        strict = ws
            .diagnostics
            .iter()
            .map(|d| Diagnostic {
                severity: Severity::Error,
                ..d.clone()
            })
            .collect();
        &strict
    } else {
        &ws.diagnostics
    };
    ws.print(diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let scenarios = ws.corpus.scenarios.len();
    let items = ws.corpus.item_count();
    let files = ws.corpus.files.len();
    let summary = format!(
        "{} file{}, {scenarios} scenario{}, {items} watch-item{}",
        files,
        plural(files),
        plural(scenarios),
        plural(items)
    );
    if errors > 0 {
        eprintln!(
            "{summary}: {errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        );
        return Ok(exit::INVALID);
    }
    if warnings > 0 {
        println!(
            "{summary}, no errors, {warnings} warning{}",
            plural(warnings)
        );
    } else {
        println!("{summary}, no problems");
    }
    Ok(exit::OK)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

//! `whatsnext check`: validate every file and report every problem.

use crate::config::Config;
use crate::{Loaded, Result, exit};

pub fn run(config: &Config, loaded: &Loaded) -> Result<u8> {
    let ws = loaded.all(config)?;
    ws.print(&ws.diagnostics);
    let errors = ws.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = ws.diagnostics.len() - errors;
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

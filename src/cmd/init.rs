//! `whatsnext init`: a new project — config, scenarios, templates note, the
//! editor schema and a git ignore rule — created file by file, never over an
//! existing one.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::InitArgs;
use crate::config::{CONFIG_FILE, Config};
use crate::edit::shown;
use crate::{Failure, Result, edit, exit, load};

const INIT_CONFIG: &str = include_str!("init/whatsnext.toml");
const INIT_TEMPLATES_README: &str = include_str!("init/templates-README");
const INIT_TAPLO: &str = include_str!("init/taplo.toml");
const INIT_GITIGNORE: &str = include_str!("init/gitignore");
const INIT_GITATTRIBUTES: &str = include_str!("init/gitattributes");
const INIT_EXAMPLE_NAME: &str = "2025-08-12-putin-kim-call.toml";
/// The shipped example scenario, copied as is.
const INIT_EXAMPLE: &str = include_str!("../../scenarios/2025-08-12-putin-kim-call.toml");

pub fn run(_config: &Config, a: &InitArgs) -> Result<u8> {
    let cwd = std::env::current_dir()?;
    let dir = match &a.dir {
        Some(d) => cwd.join(d),
        None => cwd.clone(),
    };
    let config_path = dir.join(CONFIG_FILE);
    if config_path.symlink_metadata().is_ok() {
        return Err(Failure::Invalid(format!(
            "{} already exists: this folder is already a whatsnext project",
            shown(&config_path).display()
        )));
    }
    let mkdir = |p: &Path| {
        std::fs::create_dir_all(p)
            .map_err(|e| Failure::Invalid(format!("cannot create {}: {e}", shown(p).display())))
    };
    mkdir(&dir)?;
    let _lock = crate::lock::lock_folder(&dir)?;
    let mut created: Vec<PathBuf> = Vec::new();
    edit::create_new(&config_path, INIT_CONFIG.as_bytes())?;
    created.push(config_path);

    let scenarios = dir.join("scenarios");
    mkdir(&scenarios)?;
    let has_scenarios = load::find_files(&scenarios).is_ok_and(|(f, _)| !f.is_empty());
    if !has_scenarios && !a.empty {
        let example = scenarios.join(INIT_EXAMPLE_NAME);
        edit::create_new(&example, INIT_EXAMPLE.as_bytes())?;
        created.push(example);
    }

    let templates = dir.join("templates");
    mkdir(&templates)?;
    // No extension: the digest reads *.md, *.html and *.txt here as templates.
    let readme = templates.join("README");
    if readme.symlink_metadata().is_err() {
        edit::create_new(&readme, INIT_TEMPLATES_README.as_bytes())?;
        created.push(readme);
    }

    // Editor support and a git ignore rule for the lock: each written unless the
    // folder has its own already.
    let schema = serde_json::to_string_pretty(&crate::schema::scenario_schema())
        .map_err(std::io::Error::from)?
        + "\n";
    for (name, text) in [
        ("whatsnext.schema.json", schema.as_str()),
        (".taplo.toml", INIT_TAPLO),
        (".gitignore", INIT_GITIGNORE),
    ] {
        let path = dir.join(name);
        if path.symlink_metadata().is_err() {
            edit::create_new(&path, text.as_bytes())?;
            created.push(path);
        }
    }

    // In a git work tree: the merge driver for the scenario files.
    let in_git = dir.ancestors().any(|d| d.join(".git").exists());
    if in_git {
        let path = dir.join(".gitattributes");
        if path.symlink_metadata().is_err() {
            edit::create_new(&path, INIT_GITATTRIBUTES.as_bytes())?;
            created.push(path);
        }
    }

    let mut out = anstream::stdout().lock();
    for p in &created {
        writeln!(out, "created {}", shown(p).display())?;
    }
    if in_git {
        writeln!(
            out,
            "to merge scenario files by meaning, run once in each clone: git config merge.whatsnext.driver \"whatsnext merge %O %A %B\""
        )?;
    }
    if has_scenarios {
        writeln!(
            out,
            "kept the existing scenario files in {}",
            shown(&scenarios).display()
        )?;
    }
    let cd = match &a.dir {
        Some(d) => format!("cd {} && ", d.display()),
        None => String::new(),
    };
    if a.empty {
        writeln!(
            out,
            "next: `{cd}whatsnext new ID --title TITLE` for your first scenario, or `whatsnext import BRIEFING.md`"
        )?;
    } else {
        writeln!(
            out,
            "next: `{cd}whatsnext check`, then `whatsnext status` (or `whatsnext --today 2025-08-20 status` to see the example as of that day)"
        )?;
    }
    Ok(exit::OK)
}

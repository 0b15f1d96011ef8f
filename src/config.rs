//! `whatsnext.toml` plus the global flags → a checked [`Config`].
//!
//! The config file is looked for in the working directory and then every parent
//! up to the git work tree's root or the home folder (see [`find_config`]);
//! its paths are relative to its own folder. Flags win over the file. This is the
//! one place that reads the clock (when `--today`/`WHATSNEXT_TODAY` is not given).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cli::{ColorWhen, GlobalArgs};
use crate::diagnostic::Diagnostic;
use crate::status::Defaults;
use crate::tree::{self, Val};
use crate::value::{self, Duration};

pub const CONFIG_FILE: &str = "whatsnext.toml";

#[derive(Debug, Clone)]
pub struct Config {
    /// The config file in force, if one was found.
    pub file: Option<PathBuf>,
    pub scenarios: PathBuf,
    pub templates: PathBuf,
    /// Whether the templates folder was named (flag or config key), so that a
    /// missing one is an error rather than "no overrides".
    pub templates_given: bool,
    pub today: NaiveDate,
    pub defaults: Defaults,
    /// How far past the digest's week its "coming up" section looks.
    pub coming_up: Duration,
    /// How many entries each digest section lists at most (`digest_limit`).
    pub digest_limit: usize,
    pub color: ColorWhen,
    /// Who `forecast` names as the forecaster without `--by`: the environment's
    /// `WHATSNEXT_FORECASTER`, else the file's `forecaster`, else nobody.
    pub forecaster: Option<String>,
    /// `--keep-going`: files with errors are left out instead of stopping a
    /// read-only command.
    pub keep_going: bool,
}

/// Entries per digest section when `digest_limit` is not set.
pub const DIGEST_LIMIT: usize = 25;

/// Why a config could not be built.
#[derive(Debug)]
pub enum ConfigError {
    /// A bad flag value: a usage error.
    Flag(String),
    /// Problems in whatsnext.toml, with the file's text for rendering.
    File(Vec<Diagnostic>, String),
}

impl Config {
    /// Builds the config from the flags, looking for whatsnext.toml from `cwd` up.
    pub fn from_args(global: &GlobalArgs, cwd: &Path) -> Result<Config, ConfigError> {
        let today = match &global.today {
            Some(text) => value::parse_date(text.trim())
                .map_err(|e| ConfigError::Flag(format!("--today (or WHATSNEXT_TODAY): {e}")))?,
            None => clock_today(),
        };
        let file = find_config(cwd).map(|p| relative_to(cwd, &p));
        // Without a config file the folders are looked for in the working
        // directory; with one, beside it.
        let base = file
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let mut config = Config {
            file: file.clone(),
            scenarios: base.join("scenarios"),
            templates: base.join("templates"),
            templates_given: false,
            today,
            defaults: Defaults::default(),
            coming_up: Duration::days(14),
            digest_limit: DIGEST_LIMIT,
            color: global.color,
            forecaster: None,
            keep_going: global.keep_going,
        };
        if let Some(path) = &file {
            config.read_file(path, cwd)?;
        }
        // Each analyst's own shell names them, whatever the shared file says.
        if let Some(name) = std::env::var("WHATSNEXT_FORECASTER")
            .ok()
            .filter(|n| !n.trim().is_empty())
        {
            config.forecaster = Some(name);
        }
        if let Some(dir) = &global.scenarios {
            config.scenarios = dir.clone();
        }
        if let Some(dir) = &global.templates {
            config.templates = dir.clone();
            config.templates_given = true;
        }
        Ok(config)
    }

    fn read_file(&mut self, path: &Path, cwd: &Path) -> Result<(), ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError::File(
                vec![Diagnostic::error(path, None, format!("cannot read: {e}"))],
                String::new(),
            )
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let root = match tree::parse(&text) {
            Ok(root) => root,
            Err(errors) => {
                let diags = errors
                    .iter()
                    .map(|e| Diagnostic::error(path, e.span(), tree::syntax_message(e)))
                    .collect();
                return Err(ConfigError::File(diags, text));
            }
        };
        let mut diags = Vec::new();
        const KEYS: [&str; 7] = [
            "scenarios",
            "templates",
            "lead",
            "grace",
            "coming_up",
            "digest_limit",
            "forecaster",
        ];
        for (k, v) in root.iter() {
            let key: &str = k.get_ref();
            if key == "digest_limit" {
                match v.get_ref() {
                    Val::Integer(n) if n.parse::<usize>().is_ok_and(|n| n > 0) => {
                        self.digest_limit = n.parse().unwrap_or(DIGEST_LIMIT);
                    }
                    _ => diags.push(Diagnostic::error(
                        path,
                        Some(v.span()),
                        "`digest_limit` must be a whole number of entries, at least 1",
                    )),
                }
                continue;
            }
            let Val::String(s) = v.get_ref() else {
                let msg = if KEYS.contains(&key) {
                    format!("`{key}` must be a string")
                } else {
                    format!("unknown key `{key}` in {CONFIG_FILE}")
                };
                diags.push(Diagnostic::error(path, Some(v.span()), msg));
                continue;
            };
            let duration = |s: &str| {
                Duration::parse(s)
                    .map_err(|e| Diagnostic::error(path, Some(v.span()), format!("`{key}`: {e}")))
            };
            let result = match key {
                "scenarios" => {
                    self.scenarios = relative_to(cwd, &base.join(s.as_ref()));
                    Ok(())
                }
                "templates" => {
                    self.templates = relative_to(cwd, &base.join(s.as_ref()));
                    self.templates_given = true;
                    Ok(())
                }
                "lead" => duration(s).map(|d| self.defaults.lead = d),
                "grace" => duration(s).map(|d| self.defaults.grace = d),
                "coming_up" => duration(s).map(|d| self.coming_up = d),
                "forecaster" if s.trim().is_empty() => Err(Diagnostic::error(
                    path,
                    Some(v.span()),
                    "`forecaster` must name the forecaster `forecast` writes as `by`; leave it out for none",
                )),
                "forecaster" => {
                    self.forecaster = Some(s.to_string());
                    Ok(())
                }
                _ => {
                    let hint = value::did_you_mean(key, KEYS);
                    Err(Diagnostic::error(
                        path,
                        Some(k.span()),
                        format!("unknown key `{key}` in {CONFIG_FILE}{hint}"),
                    ))
                }
            };
            if let Err(d) = result {
                diags.push(d);
            }
        }
        if diags.is_empty() {
            Ok(())
        } else {
            Err(ConfigError::File(diags, text))
        }
    }
}

/// `path` relative to `cwd` when it lies below it, so that messages show short
/// paths (`scenarios/a.toml:3:1`); otherwise `path` as it is.
fn relative_to(cwd: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

/// The nearest whatsnext.toml in `dir` or a parent, looking no higher than the
/// root of the git work tree `dir` is in, or the home folder: a config planted in
/// a shared folder above (`/tmp`, say) must not redirect someone's commands. A
/// file owned by another user or writable by others is ignored with a warning, as
/// git ignores a repository it does not trust.
fn find_config(dir: &Path) -> Option<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    for d in dir.ancestors() {
        let path = d.join(CONFIG_FILE);
        if path.is_file() {
            match untrusted(&path) {
                None => return Some(path),
                Some(why) => warn(&format!("ignoring {}: {why}", path.display())),
            }
        }
        if d.join(".git").exists() || home.as_deref() == Some(d) {
            break;
        }
    }
    None
}

/// Why a config file is not to be obeyed, if it is not.
#[cfg(unix)]
fn untrusted(path: &Path) -> Option<&'static str> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    // The owner of this process's /proc entry is the user running it.
    let me = std::fs::metadata("/proc/self").ok().map(|m| m.uid());
    if me.is_some_and(|uid| uid != meta.uid()) {
        return Some("it is owned by another user");
    }
    if meta.mode() & 0o002 != 0 {
        return Some("anyone may write to it");
    }
    None
}

#[cfg(not(unix))]
fn untrusted(_: &Path) -> Option<&'static str> {
    None
}

fn warn(message: &str) {
    use std::io::Write;
    let style = anstyle::AnsiColor::Yellow.on_default().bold();
    let _ = writeln!(anstream::stderr(), "{style}warning{style:#}: {message}");
}

/// Today's date on this machine's clock, in the local zone.
#[allow(clippy::disallowed_methods)]
fn clock_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

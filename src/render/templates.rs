//! The template engine: Tera 2 with the built-in templates compiled into the
//! binary and the user's templates folder laid over them.
//!
//! Names: a built-in is registered as `builtin/NAME` and found by the fallback
//! prefix `builtin/`, so `digest.md` is the user's `digest.md` when the folder
//! has one and the built-in otherwise, and a user's template can still
//! `{% extends "builtin/digest.md" %}` and call `super()` in its blocks. User
//! files are named by their path relative to the folder, with `/`.
//!
//! One engine per output format, because escaping is per format: HTML templates
//! escape every printed value as HTML (autoescape on `.html`), Markdown
//! templates escape Markdown syntax, and all three show control characters as
//! escapes ([`escape`]). Only the folder's
//! files of that format's extensions are loaded, so a broken `.html` file does not
//! stop a Markdown digest.

use std::fmt;
use std::path::{Path, PathBuf};

use tera::{Context, ErrorKind, Tera};

use super::{escape, filters};

/// An output format, with its templates' extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Text,
}

impl Format {
    /// The file extensions loaded from the user's folder, the first one canonical.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Markdown => &["md"],
            Format::Html => &["html", "htm"],
            Format::Text => &["txt"],
        }
    }
}

const PREFIX: &str = "builtin/";

/// The built-in templates: (name without the prefix, format, text).
const BUILTINS: [(&str, Format, &str); 3] = [
    (
        "digest.md",
        Format::Markdown,
        include_str!("../../templates/digest.md"),
    ),
    (
        "digest.html",
        Format::Html,
        include_str!("../../templates/digest.html"),
    ),
    (
        "digest.txt",
        Format::Text,
        include_str!("../../templates/digest.txt"),
    ),
];

/// The built-in templates as (name, text), e.g. to copy into a new project's
/// templates folder as a starting point.
pub fn builtins() -> impl Iterator<Item = (&'static str, &'static str)> {
    BUILTINS.iter().map(|(name, _, text)| (*name, *text))
}

/// A template that could not be loaded or rendered.
#[derive(Debug)]
pub struct TemplateError {
    /// The template at fault, when the error names one.
    pub template: Option<String>,
    /// The user's file it came from, when it is not a built-in.
    pub path: Option<PathBuf>,
    /// Tera's message and every source under it.
    pub message: String,
    /// Set when what failed was writing the output, not the template: the
    /// system's error, as it said it.
    pub write_failed: Option<std::io::Error>,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.template, &self.path) {
            (Some(t), Some(p)) => write!(f, "template \"{t}\" ({}): ", p.display())?,
            (Some(t), None) => write!(f, "template \"{t}\": ")?,
            (None, Some(p)) => write!(f, "templates in {}: ", p.display())?,
            (None, None) => f.write_str("templates: ")?,
        }
        // Tera's reports start with their own "error: " line; don't say it twice.
        let message = self.message.trim_end();
        f.write_str(message.strip_prefix("error: ").unwrap_or(message))
    }
}

impl std::error::Error for TemplateError {}

/// The templates of one format, ready to render.
pub struct Templates {
    tera: Tera,
    format: Format,
    /// User templates: (name, file).
    user: Vec<(String, PathBuf)>,
    dir: PathBuf,
}

impl Templates {
    /// The built-ins of `format` and, when `dir` exists, the user's templates of
    /// that format in it.
    pub fn load(format: Format, dir: &Path) -> Result<Templates, TemplateError> {
        let mut tera = Tera::new();
        match format {
            Format::Markdown => {
                tera.autoescape_on([".md"]);
                tera.set_escape_fn(escape::escape_markdown);
            }
            Format::Html => {
                tera.autoescape_on([".html", ".htm"]);
                tera.set_escape_fn(escape::escape_html);
            }
            Format::Text => {
                tera.autoescape_on([".txt"]);
                tera.set_escape_fn(escape::escape_text);
            }
        }
        filters::register(&mut tera);
        let mut templates = Templates {
            tera,
            format,
            user: Vec::new(),
            dir: dir.to_path_buf(),
        };
        templates
            .tera
            .set_fallback_prefixes([PREFIX])
            .map_err(|e| templates.error(&e))?;
        let builtins = BUILTINS
            .iter()
            .filter(|(_, f, _)| *f == format)
            .map(|(name, _, text)| (format!("{PREFIX}{name}"), *text));
        templates
            .tera
            .add_raw_templates(builtins)
            .map_err(|e| templates.error(&e))?;

        let files = user_files(dir, format)?;
        let mut sources = Vec::with_capacity(files.len());
        for (name, path) in files {
            let text = std::fs::read_to_string(&path).map_err(|e| TemplateError {
                template: Some(name.clone()),
                path: Some(path.clone()),
                message: format!("cannot read: {e}"),
                write_failed: None,
            })?;
            sources.push((name.clone(), text));
            templates.user.push((name, path));
        }
        if !sources.is_empty() {
            templates
                .tera
                .add_raw_templates(sources)
                .map_err(|e| templates.error(&e))?;
        }
        Ok(templates)
    }

    /// The output format these templates are for.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Renders template `name` with a ready context into `w`, piece by piece.
    pub fn render_context_to(
        &self,
        name: &str,
        context: &Context,
        w: impl std::io::Write,
    ) -> Result<(), TemplateError> {
        self.tera
            .render_to(name, context, w)
            .map_err(|e| self.error_in(name, &e))
    }

    /// Turns a Tera error into a [`TemplateError`] naming the template at fault.
    pub fn tera_error(&self, e: &tera::Error) -> TemplateError {
        self.error(e)
    }

    /// Whether `name` comes from the user's folder rather than the built-ins.
    pub fn is_user(&self, name: &str) -> bool {
        self.user.iter().any(|(n, _)| n == name)
    }

    fn error_in(&self, rendered: &str, e: &tera::Error) -> TemplateError {
        let mut err = self.error(e);
        if err.template.is_none() {
            let name = if self.is_user(rendered) {
                rendered.to_string()
            } else {
                format!("{PREFIX}{rendered}")
            };
            err.path = self.path_of(&name);
            err.template = Some(name);
        }
        err
    }

    fn error(&self, e: &tera::Error) -> TemplateError {
        let template = match e.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
                Some(r.filename().to_string())
            }
            ErrorKind::MissingParent { current, .. } => Some(current.clone()),
            ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
                Some(tpl.clone())
            }
            ErrorKind::TemplateNotFound(name) => Some(name.clone()),
            _ => None,
        }
        .filter(|t| !t.is_empty())
        .or_else(|| reported_template(&e.to_string()));
        let path = template.as_deref().and_then(|t| self.path_of(t));
        // Build-time checks (unknown filters, templates or blocks) report every
        // problem at once, each naming its template; point at the folder then.
        let path = path
            .or_else(|| (template.is_none() && !self.user.is_empty()).then(|| self.dir.clone()));
        let write_failed = match e.kind() {
            ErrorKind::Io(kind) => Some(io_error(e, *kind)),
            _ => None,
        };
        TemplateError {
            template,
            path,
            message: chain(e),
            write_failed,
        }
    }

    fn path_of(&self, name: &str) -> Option<PathBuf> {
        self.user
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.clone())
    }
}

/// The template a build-time report points at (` --> NAME:LINE:COL`), the first
/// when it lists several.
fn reported_template(message: &str) -> Option<String> {
    message.lines().find_map(|line| {
        let at = line.trim_start().strip_prefix("--> ")?;
        let mut parts = at.rsplitn(3, ':');
        let (col, line_no, name) = (parts.next()?, parts.next()?, parts.next()?);
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        (numeric(col) && numeric(line_no) && !name.is_empty()).then(|| name.to_string())
    })
}

/// The system's error under a Tera error of `kind` Io: the same code and
/// message ("No space left on device (os error 28)"), else the kind alone.
fn io_error(e: &tera::Error, kind: std::io::ErrorKind) -> std::io::Error {
    let system = std::error::Error::source(e).and_then(|s| s.downcast_ref::<std::io::Error>());
    match system {
        Some(s) => s.raw_os_error().map_or_else(
            || std::io::Error::new(kind, s.to_string()),
            std::io::Error::from_raw_os_error,
        ),
        None => kind.into(),
    }
}

/// The error's message followed by each of its sources.
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str("\ncaused by: ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// The user's template files of `format` under `dir`, by name, in a stable order.
fn user_files(dir: &Path, format: Format) -> Result<Vec<(String, PathBuf)>, TemplateError> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let folder_error = |message: String| TemplateError {
        template: None,
        path: Some(dir.to_path_buf()),
        message,
        write_failed: None,
    };
    if !dir.is_dir() {
        return Err(folder_error("not a folder".into()));
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| folder_error(e.to_string()))?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| format.extensions().contains(&e));
        if !entry.file_type().is_file() || hidden || !wanted {
            continue;
        }
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push((name, path.to_path_buf()));
    }
    Ok(files)
}

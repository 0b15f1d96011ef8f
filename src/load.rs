//! Finding, reading and parsing scenario files into the model.
//!
//! Each file is parsed into a tree of spanned values (`tree`) and walked by hand,
//! so that every problem in every file is reported with its position in one run
//! (serde would stop at the first). Files are parsed in parallel; the result keeps
//! the stable order of the walk (sorted by file name).
//!
//! Invariant: a scenario is kept when its own required keys parse, with the items
//! that parsed; everything else wrong with the file becomes a diagnostic. Commands
//! other than `check` refuse to run while any error exists, so they only ever see
//! fully checked data.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::{Corpus, Scenario, SourceFile, Span, Stamp};
use crate::tree::{self, Table, Val};
use crate::value::{self, Duration};

/// The corpus with everything that was wrong with it.
#[derive(Debug, Default)]
pub struct Loaded {
    pub corpus: Corpus,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The text of the file a diagnostic points into, for rendering.
    pub fn text_of(&self, path: &Path) -> Option<std::borrow::Cow<'_, str>> {
        self.corpus.text_of(path)
    }
}

/// Errors that stop loading altogether (as opposed to problems in a file).
#[derive(Debug)]
pub enum LoadError {
    NoScenarioDir(PathBuf),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NoScenarioDir(p) => write!(
                f,
                "scenarios folder `{}` not found (set `scenarios` in whatsnext.toml, pass --scenarios DIR, or run `whatsnext init`)",
                p.display()
            ),
        }
    }
}

/// Every `*.toml` file below `dir`, recursively, sorted by name at each level,
/// with a warning for each folder or link that could not be looked into. A file
/// in place of the folder stands for itself, whatever its name, so that
/// `--scenarios draft.toml check` checks one file.
pub fn find_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), LoadError> {
    if dir.is_file() {
        return Ok((vec![dir.to_path_buf()], Vec::new()));
    }
    if !dir.is_dir() {
        return Err(LoadError::NoScenarioDir(dir.to_path_buf()));
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for found in walk(dir) {
        match found {
            Ok(path) => files.push(path),
            Err(d) => problems.push(d),
        }
    }
    Ok((files, problems))
}

/// Largest scenario file read; a bigger one is refused rather than parsed.
pub const MAX_FILE_BYTES: u64 = 16 << 20;

/// The `*.toml` files below the folder `dir`, depth first, sorted by name at
/// each level, or a warning for what could not be walked: an unreadable
/// folder, a path too long to open, a dangling link. Symbolic links are
/// followed, to files and to folders; a folder already walked (by device and
/// inode) is not walked again, so a loop ends and folders linked many times
/// over cost their size once.
fn walk(dir: &Path) -> impl Iterator<Item = Result<PathBuf, Diagnostic>> {
    let mut walked = std::collections::HashSet::new();
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |entry| !entry.file_type().is_dir() || first_visit(&mut walked, entry))
        .filter_map(|entry| match entry {
            Ok(entry) => (entry.file_type().is_file()
                && Path::new(entry.file_name())
                    .extension()
                    .is_some_and(|e| e == "toml"))
            .then(|| Ok(entry.into_path())),
            // A link back to a folder being walked: already counted.
            Err(e) if e.loop_ancestor().is_some() => None,
            Err(e) => Some(Err(not_walked(dir, &e))),
        })
}

/// Whether the folder `entry` is seen for the first time (a folder whose
/// identity cannot be read is walked).
fn first_visit(
    walked: &mut std::collections::HashSet<(u64, u64)>,
    entry: &walkdir::DirEntry,
) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match entry.metadata() {
            Ok(meta) => walked.insert((meta.dev(), meta.ino())),
            Err(_) => true,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (walked, entry);
        true
    }
}

/// The warning for a path the walk could not look into.
fn not_walked(dir: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e.path().unwrap_or(dir);
    let dangling = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
        && std::fs::metadata(path).is_err();
    let message = match e.io_error() {
        _ if dangling => "dangling symbolic link (its target does not exist); skipped".to_string(),
        Some(io) if io.kind() == std::io::ErrorKind::InvalidFilename => {
            "path too long to open; the files below it are skipped".to_string()
        }
        Some(io) => format!(
            "cannot read folder: {}; the files in it are skipped",
            io_reason(io)
        ),
        None => format!("cannot walk: {e}; skipped"),
    };
    Diagnostic::warning(path, None, message)
}

/// An I/O error's reason without its "(os error N)" tail.
fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Loads every scenario file below `dir`. Duplicate ids and cross-references are
/// checked afterwards by `validate`.
pub fn load_dir(dir: &Path) -> Result<Loaded, LoadError> {
    // The walk first, then the files on every core: a walk of 20,000 files is
    // quick, and a list splits across the cores better than a walk in progress.
    let (paths, not_walked) = find_files(dir)?;
    let mut loaded = load_paths(paths);
    loaded.diagnostics.extend(not_walked);
    Ok(loaded)
}

pub fn load_paths(paths: Vec<PathBuf>) -> Loaded {
    let results: Vec<LoadedFile> = paths.into_par_iter().map(load_file).collect();
    assemble(results.len(), results.into_iter())
}

/// One file: its text, its scenario when that parsed, and its problems. The
/// scenario is boxed while the results are collected and put in walk order,
/// which moves each result several times.
type LoadedFile = (SourceFile, Option<Box<Scenario>>, Vec<Diagnostic>);

/// Reads and parses one file. Its text is kept only when something is wrong
/// with it (for showing the problems); see [`SourceFile::text`].
fn load_file(path: PathBuf) -> LoadedFile {
    let (read, diags) = read_text(&path);
    let Some((text, stamp)) = read else {
        let file = SourceFile {
            path,
            kept: None,
            stamp: None,
        };
        return (file, None, diags);
    };
    // Text that is not UTF-8 is kept for showing the problem, not parsed.
    let (scenario, diags) = if diags.is_empty() {
        parse_scenario(&path, &text)
    } else {
        (None, diags)
    };
    let kept = (!diags.is_empty()).then_some(text);
    let file = SourceFile {
        path,
        kept,
        stamp: Some(stamp),
    };
    (file, scenario.map(Box::new), diags)
}

/// The corpus of the loaded files, in the given order.
fn assemble(count: usize, results: impl Iterator<Item = LoadedFile>) -> Loaded {
    let mut loaded = Loaded::default();
    loaded.corpus.files.reserve_exact(count);
    loaded.corpus.scenarios.reserve_exact(count);
    for (file, scenario, diags) in results {
        let index = loaded.corpus.files.len();
        loaded.corpus.files.push(file);
        if let Some(s) = scenario {
            loaded.corpus.scenarios.push(Scenario { file: index, ..*s });
        }
        loaded.diagnostics.extend(diags);
    }
    loaded
}

/// Reads a file as UTF-8 text, with its stamp. A file that is not UTF-8 yields
/// its lossy text (so the problem can be shown in context) and an error pointing
/// at the first bad byte.
fn read_text(path: &Path) -> (Option<(String, Stamp)>, Vec<Diagnostic>) {
    let cannot = |e: std::io::Error| {
        let d = Diagnostic::error(path, None, format!("cannot read file: {e}"));
        (None, vec![d])
    };
    let read = std::fs::File::open(path).and_then(|mut file| {
        let stamp = Stamp::of(&file.metadata()?);
        if stamp.len > MAX_FILE_BYTES {
            return Ok(None);
        }
        let bytes = read_all(&mut file, usize::try_from(stamp.len).unwrap_or(0))?;
        Ok(Some((bytes, stamp)))
    });
    let (bytes, stamp) = match read {
        Ok(Some(read)) if read.0.len() as u64 <= MAX_FILE_BYTES => read,
        Ok(_) => {
            let d = Diagnostic::error(
                path,
                None,
                format!(
                    "file is larger than {} MB; a scenario file that big is not read (split it into several files)",
                    MAX_FILE_BYTES >> 20
                ),
            );
            return (None, vec![d]);
        }
        Err(e) => return cannot(e),
    };
    let (text, diags) = decode(path, bytes);
    (Some((text, stamp)), diags)
}

/// A file's bytes as text: the text when they are UTF-8, else their lossy text
/// (for showing the problem in context) and an error at the first bad byte.
pub(crate) fn decode(path: &Path, bytes: Vec<u8>) -> (String, Vec<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, Vec::new()),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let d = Diagnostic::error(
                path,
                Some(at..at + 1),
                "file is not valid UTF-8 (scenario files must be UTF-8 text)",
            );
            (lossy, vec![d])
        }
    }
}

/// Reads `file` to its end into a buffer sized for `len` bytes. (`read_to_end`
/// on a file asks for its size and position again first: two more system calls
/// per file.)
fn read_all(file: &mut impl std::io::Read, len: usize) -> std::io::Result<Vec<u8>> {
    // One byte more than expected, so that a file of the expected size is read
    // in one call and its end seen in the next.
    let mut bytes = vec![0; len + 1];
    let mut filled = 0;
    loop {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
        if filled == bytes.len() {
            if filled as u64 > MAX_FILE_BYTES {
                // Growing past the limit: the caller refuses it, unread.
                break;
            }
            // The file grew since its size was taken.
            bytes.resize(bytes.len() * 2, 0);
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// Whether `id` can name a scenario: in references (`id/item`), code spans and
/// terminals it must be one printable word.
fn is_scenario_id(id: &str) -> bool {
    !id.is_empty()
        && !id
            .chars()
            .any(|c| c.is_whitespace() || c == '`' || c == '/' || crate::text::needs_escape(c))
}

pub(crate) const SCENARIO_KEYS: &[&str] = &[
    "id", "title", "date", "summary", "tags", "actors", "regions", "sources", "brief", "watch",
];
pub(crate) const ITEM_KEYS: &[&str] = &[
    "id",
    "title",
    "question",
    "criteria",
    "due",
    "lead",
    "grace",
    "outcomes",
    "forecast",
    "signposts",
    "tags",
    "priority",
    "trigger",
    "every",
    "until",
    "resolution",
    "dropped",
    "log",
];

/// Parses one scenario file: the scenario (when its required keys parse) and the problems.
pub fn parse_scenario(path: &Path, text: &str) -> (Option<Scenario>, Vec<Diagnostic>) {
    let mut cx = Cx {
        path,
        text,
        diags: Vec::new(),
        offset: 0,
    };
    if text.contains('\0') {
        // Binary data, not a text file: one clear message instead of a cascade.
        let at = text.find('\0').unwrap_or(0);
        cx.error(at..at + 1, "file contains a NUL byte: not a TOML text file");
        return (None, cx.diags);
    }
    // A UTF-8 byte order mark is allowed and skipped; spans stay relative to `text`.
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[offset..];
    if body.trim().is_empty() {
        cx.error(
            0..0,
            "empty file: a scenario needs at least `title` and `date`",
        );
        return (None, cx.diags);
    }
    cx.offset = offset;
    if cx.content_start().is_none() {
        cx.error(
            0..0,
            "the file has only comments: a scenario needs at least `title` and `date`",
        );
        return (None, cx.diags);
    }
    let root = match tree::parse(body) {
        Ok(root) => root,
        Err(errors) => {
            for e in errors {
                let span = e.span().map_or(0..0, |s| s.start + offset..s.end + offset);
                cx.error(span, tree::syntax_message(&e));
            }
            return (None, cx.diags);
        }
    };
    let scenario = cx.scenario(&root);
    (scenario, cx.diags)
}

type Value<'i> = tree::Node<'i>;

/// The checker's context: the file and the problems found so far.
struct Cx<'a> {
    path: &'a Path,
    text: &'a str,
    diags: Vec<Diagnostic>,
    offset: usize,
}

/// A table whose keys were checked against the allowed set (the unknown ones
/// are reported, and never asked for).
struct Fields<'t, 'i> {
    table: &'t Table<'i>,
}

impl<'t, 'i> Fields<'t, 'i> {
    fn get(&self, key: &str) -> Option<&'t Value<'i>> {
        self.table.get(key)
    }

    /// Where `key` is written, in the parsed text (see [`Cx::span`]).
    fn key_span(&self, key: &str) -> Option<Span> {
        self.table.get_key_value(key).map(|(k, _)| k.span())
    }
}

impl<'a> Cx<'a> {
    fn span(&self, s: Span) -> Span {
        s.start + self.offset..s.end + self.offset
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(self.path, Some(span), message));
    }

    fn warning_at(&mut self, v: &Value<'_>, message: impl Into<String>) {
        let span = self.span(v.span());
        self.diags
            .push(Diagnostic::warning(self.path, Some(span), message));
    }

    /// A source's URL that will never be a link: said once, at the value.
    fn check_url(&mut self, v: &Value<'_>, url: &str) {
        if !crate::text::is_web_or_mail(url) {
            self.warning_at(
                v,
                format!(
                    "source \"{}\" is not an http, https or mailto address: it is shown as text, never as a link",
                    value::shown(url)
                ),
            );
        }
    }

    fn error_at(&mut self, v: &Value<'_>, message: impl Into<String>) {
        let span = self.span(v.span());
        self.error(span, message);
    }

    fn fields<'t, 'i>(
        &mut self,
        table: &'t Table<'i>,
        allowed: &[&str],
        what: &str,
    ) -> Fields<'t, 'i> {
        for (k, _) in table.iter() {
            let key: &str = k.get_ref();
            if !allowed.contains(&key) {
                let hint = value::did_you_mean(key, allowed.iter().copied());
                let key = value::shown(key);
                let key_span = self.span(k.span());
                self.error(key_span, format!("unknown key `{key}` in {what}{hint}"));
            }
        }
        Fields { table }
    }

    /// Where the document's first line that is neither blank nor a comment
    /// starts (past its indentation), as an empty span; `None` when every
    /// line is blank or a comment.
    fn content_start(&self) -> Option<Span> {
        let mut at = self.offset;
        for line in self.text[self.offset..].split_inclusive('\n') {
            let body = line.trim_start();
            if !body.is_empty() && !body.starts_with('#') {
                let start = at + (line.len() - body.len());
                return Some(start..start);
            }
            at += line.len();
        }
        None
    }

    fn missing(&mut self, at: Span, key: &str, what: &str) {
        self.error(at, format!("missing required key `{key}` in {what}"));
    }

    fn wrong_type(&mut self, v: &Value<'_>, key: &str, expected: &str) {
        let found = v.get_ref().type_str();
        self.error_at(v, format!("`{key}` must be {expected}, found {found}"));
    }

    fn string(&mut self, f: &Fields<'_, '_>, key: &str) -> Option<String> {
        let v = f.get(key)?;
        self.as_string(v, key)
    }

    fn as_string(&mut self, v: &Value<'_>, key: &str) -> Option<String> {
        match v.get_ref() {
            Val::String(s) => {
                if let Some(c) = s
                    .chars()
                    .find(|&c| crate::text::needs_escape(c) && !matches!(c, '\n' | '\r' | '\t'))
                {
                    self.warning_at(
                        v,
                        format!(
                            "`{key}` holds the control character U+{:04X}: it is shown as an escape, never sent to a terminal",
                            c as u32
                        ),
                    );
                }
                Some(s.to_string())
            }
            _ => {
                self.wrong_type(v, key, "a string");
                None
            }
        }
    }

    fn required_string(
        &mut self,
        f: &Fields<'_, '_>,
        key: &str,
        at: &Span,
        what: &str,
    ) -> Option<String> {
        if f.get(key).is_none() {
            self.missing(at.clone(), key, what);
            return None;
        }
        let s = self.string(f, key)?;
        if s.trim().is_empty() {
            let v = f.get(key)?;
            self.error_at(v, format!("`{key}` must not be empty"));
            return None;
        }
        Some(s)
    }

    fn strings(&mut self, f: &Fields<'_, '_>, key: &str) -> Vec<String> {
        let Some(v) = f.get(key) else {
            return Vec::new();
        };
        let Val::Array(a) = v.get_ref() else {
            self.wrong_type(v, key, "an array of strings");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(a.len());
        for e in a.iter() {
            if let Some(s) = self.as_string(e, key) {
                out.push(s);
            }
        }
        out
    }

    fn date(&mut self, v: &Value<'_>, key: &str) -> Option<NaiveDate> {
        match v.get_ref() {
            Val::Datetime(dt) => match value::toml_to_date(dt) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.error_at(v, format!("`{key}`: {e}"));
                    None
                }
            },
            Val::String(s) if value::parse_date(s).is_ok() => {
                self.error_at(
                    v,
                    format!("`{key}` must be a TOML date, not a string: write {s} without quotes"),
                );
                None
            }
            _ => {
                self.wrong_type(v, key, "a date (YYYY-MM-DD) or a datetime");
                None
            }
        }
    }

    fn date_field(&mut self, f: &Fields<'_, '_>, key: &str) -> Option<NaiveDate> {
        let v = f.get(key)?;
        self.date(v, key)
    }

    fn duration(&mut self, f: &Fields<'_, '_>, key: &str) -> Option<Duration> {
        let v = f.get(key)?;
        let s = self.as_string(v, key)?;
        match Duration::parse(&s) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error_at(v, format!("`{key}`: {e}"));
                None
            }
        }
    }

    fn probability(&mut self, v: &Value<'_>, key: &str) -> Option<f64> {
        let written = match v.get_ref() {
            Val::Integer(i) => i,
            Val::Float(x) => x,
            _ => {
                self.wrong_type(v, key, "a probability between 0 and 1");
                return None;
            }
        };
        match parse_number(written) {
            Some(p) if (0.0..=1.0).contains(&p) => Some(p),
            _ => {
                self.error_at(
                    v,
                    format!(
                        "`{key}`: probability {} is not between 0 and 1",
                        value::shown(written)
                    ),
                );
                None
            }
        }
    }

    fn boolean(&mut self, v: &Value<'_>, key: &str) -> Option<bool> {
        match v.get_ref() {
            Val::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(v, key, "true or false");
                None
            }
        }
    }

    fn table<'t, 'i>(&mut self, v: &'t Value<'i>, key: &str) -> Option<&'t Table<'i>> {
        match v.get_ref() {
            Val::Table(t) => Some(t),
            _ => {
                self.wrong_type(v, key, "a table");
                None
            }
        }
    }

    fn array<'t, 'i>(&mut self, v: &'t Value<'i>, key: &str) -> Option<&'t [Value<'i>]> {
        match v.get_ref() {
            Val::Array(a) => Some(a),
            _ => {
                self.wrong_type(v, key, "an array");
                None
            }
        }
    }
}

/// A TOML number's text as f64; underscores (`1_000`) are digit separators. Most
/// numbers have none, so the common case parses without allocating.
fn parse_number(text: &str) -> Option<f64> {
    if text.contains('_') {
        text.replace('_', "").parse().ok()
    } else {
        text.parse().ok()
    }
}

mod item;

#[cfg(test)]
mod tests;

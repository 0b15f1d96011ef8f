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
use crate::model::{
    Brief, Corpus, Dropped, Due, Forecast, LogEntry, Priority, Probability, Resolution, Scenario,
    Signpost, SourceFile, Span, Stamp, Trigger, WatchItem,
};
use crate::tree::{self, Table, Val};
use crate::value::{self, Duration, Reference};

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

/// Every `*.toml` file below `dir`, recursively, sorted by name at each level.
/// A file in place of the folder stands for itself, whatever its name, so that
/// `--scenarios draft.toml check` checks one file.
pub fn find_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    if dir.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    if !dir.is_dir() {
        return Err(LoadError::NoScenarioDir(dir.to_path_buf()));
    }
    Ok(walk(dir).collect())
}

/// The `*.toml` files below the folder `dir`, depth first, sorted by name at
/// each level. Symbolic links are followed, to files and to folders, except a
/// link back to a folder being walked (a loop); an unreadable folder or a
/// dangling link is skipped, and the files that can be read still count.
///
/// An entry's type comes from its folder's listing, so only links cost a
/// `stat` (a walk that stats every entry spends a few percent of a large load
/// on it).
fn walk(dir: &Path) -> Walk {
    let mut walk = Walk { stack: Vec::new() };
    let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    walk.enter(dir.to_path_buf(), real);
    walk
}

struct Walk {
    /// The folders being walked, outermost first.
    stack: Vec<Folder>,
}

struct Folder {
    path: PathBuf,
    /// The folder with every link resolved, to notice a loop.
    real: PathBuf,
    /// The entries still to visit, the next one last.
    entries: Vec<(std::ffi::OsString, EntryKind)>,
}

#[derive(Debug, Clone, Copy)]
enum EntryKind {
    File,
    Folder,
    Link,
}

impl Walk {
    fn enter(&mut self, path: PathBuf, real: PathBuf) {
        let Ok(listing) = std::fs::read_dir(&path) else {
            return;
        };
        let mut entries: Vec<_> = listing
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let t = entry.file_type().ok()?;
                let kind = if t.is_symlink() {
                    EntryKind::Link
                } else if t.is_dir() {
                    EntryKind::Folder
                } else if t.is_file() {
                    EntryKind::File
                } else {
                    return None;
                };
                Some((entry.file_name(), kind))
            })
            .collect();
        entries.sort_unstable_by(|a, b| b.0.cmp(&a.0));
        self.stack.push(Folder {
            path,
            real,
            entries,
        });
    }
}

impl Iterator for Walk {
    type Item = PathBuf;

    fn next(&mut self) -> Option<PathBuf> {
        loop {
            let folder = self.stack.last_mut()?;
            let Some((name, kind)) = folder.entries.pop() else {
                self.stack.pop();
                continue;
            };
            let path = folder.path.join(&name);
            match kind {
                EntryKind::File if Path::new(&name).extension().is_some_and(|e| e == "toml") => {
                    return Some(path);
                }
                EntryKind::File => {}
                EntryKind::Folder => {
                    let real = folder.real.join(&name);
                    self.enter(path, real);
                }
                EntryKind::Link => match std::fs::metadata(&path) {
                    Ok(meta)
                        if meta.is_file()
                            && Path::new(&name).extension().is_some_and(|e| e == "toml") =>
                    {
                        return Some(path);
                    }
                    Ok(meta) if meta.is_dir() => {
                        let Ok(real) = std::fs::canonicalize(&path) else {
                            continue;
                        };
                        if !self.stack.iter().any(|f| f.real == real) {
                            self.enter(path, real);
                        }
                    }
                    _ => {}
                },
            }
        }
    }
}

/// Loads every scenario file below `dir`. Duplicate ids and cross-references are
/// checked afterwards by `validate`.
pub fn load_dir(dir: &Path) -> Result<Loaded, LoadError> {
    if !dir.is_dir() {
        return Ok(load_paths(find_files(dir)?));
    }
    // Files are parsed while the folder is still being walked (the walk alone is
    // a few percent of a large load); each result goes back to its walk position.
    let mut numbered: Vec<(usize, LoadedFile)> = walk(dir)
        .enumerate()
        .par_bridge()
        .map(|(i, path)| (i, load_file(path)))
        .collect();
    numbered.sort_unstable_by_key(|(i, _)| *i);
    Ok(assemble(
        numbered.len(),
        numbered.into_iter().map(|(_, f)| f),
    ))
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
        let bytes = read_all(&mut file, usize::try_from(stamp.len).unwrap_or(0))?;
        Ok((bytes, stamp))
    });
    let (bytes, stamp) = match read {
        Ok(read) => read,
        Err(e) => return cannot(e),
    };
    match String::from_utf8(bytes) {
        Ok(text) => (Some((text, stamp)), Vec::new()),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let d = Diagnostic::error(
                path,
                Some(at..at + 1),
                "file is not valid UTF-8 (scenario files must be UTF-8 text)",
            );
            (Some((lossy, stamp)), vec![d])
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

    fn scenario(&mut self, root: &Table<'_>) -> Option<Scenario> {
        let f = self.fields(root, SCENARIO_KEYS, "scenario");
        let file_start = self.offset..self.offset;
        let (id, id_span) = match f.get("id") {
            Some(v) => {
                let id = self.as_string(v, "id");
                if let Some(id) = &id
                    && !is_scenario_id(id)
                {
                    self.error_at(
                        v,
                        "scenario `id` must be non-empty and printable, without white space, backticks or `/`",
                    );
                }
                (id, self.span(v.span()))
            }
            None => {
                let stem = self
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned());
                if let Some(stem) = &stem
                    && !is_scenario_id(stem)
                {
                    let at = self.content_start().unwrap_or(file_start.clone());
                    self.error(
                        at,
                        format!(
                            "the file name \"{}\" cannot be a scenario id (it has white space, a backtick or a control character): give the scenario an explicit `id = \"...\"`",
                            value::shown(stem)
                        ),
                    );
                }
                (stem, file_start.clone())
            }
        };
        // A missing key is shown where the scenario's own text begins, past
        // the comments at the top of the file.
        let content_start = self.content_start().unwrap_or(file_start.clone());
        let title = self.required_string(&f, "title", &content_start, "scenario");
        let date = match f.get("date") {
            Some(v) => self.date(v, "date"),
            None => {
                self.missing(content_start, "date", "scenario");
                None
            }
        };
        let summary = self.string(&f, "summary");
        let tags = self.strings(&f, "tags");
        let actors = self.strings(&f, "actors");
        let regions = self.strings(&f, "regions");
        let sources = match f.get("sources") {
            Some(v) => self.sources(v),
            None => Vec::new(),
        };
        let brief = match f.get("brief") {
            Some(v) => self.brief(v),
            None => Brief::default(),
        };
        let mut items = Vec::new();
        if let Some(v) = f.get("watch")
            && let Some(arr) = self.array(v, "watch")
        {
            items.reserve(arr.len());
            for entry in arr {
                if let Some(t) = self.table(entry, "watch") {
                    let span = self.span(entry.span());
                    if let Some(item) = self.item(t, span) {
                        items.push(item);
                    }
                }
            }
        }
        self.duplicate_items(&items);
        Some(Scenario {
            file: 0,
            id: id?,
            id_span,
            title: title?,
            date: date?,
            summary,
            tags,
            actors,
            regions,
            sources,
            brief,
            items,
        })
    }

    fn duplicate_items(&mut self, items: &[WatchItem]) {
        // Most scenarios have a handful of items, where comparing each with those
        // before it is quicker than building a map.
        let mut seen: crate::idmap::IdMap<&str, usize> = crate::idmap::IdMap::default();
        for (i, item) in items.iter().enumerate() {
            let first = if items.len() <= 16 {
                items[..i].iter().position(|prior| prior.id == item.id)
            } else {
                match seen.entry(&item.id) {
                    std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(i);
                        None
                    }
                }
            };
            if let Some(first) = first {
                let d = Diagnostic::error(
                    self.path,
                    Some(item.id_span.clone()),
                    format!("duplicate item id \"{}\" in this scenario", item.id),
                )
                .with_note(format!(
                    "first defined at {}",
                    self.position(items[first].id_span.start)
                ));
                self.diags.push(d);
            }
        }
    }

    fn position(&self, at: usize) -> String {
        let (line, col) = crate::diagnostic::line_col(self.text, at);
        format!("{}:{line}:{col}", self.path.display())
    }

    fn brief(&mut self, v: &Value<'_>) -> Brief {
        let mut brief = Brief::default();
        let Some(t) = self.table(v, "brief") else {
            return brief;
        };
        let f = self.fields(t, &Brief::KEYS, "[brief]");
        for key in Brief::KEYS {
            let text = self.string(&f, key);
            if let Some(slot) = brief.field_mut(key) {
                *slot = text;
            }
        }
        brief
    }

    fn sources(&mut self, v: &Value<'_>) -> Vec<crate::model::Source> {
        let Some(arr) = self.array(v, "sources") else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(arr.len());
        for e in arr {
            match e.get_ref() {
                Val::String(s) => {
                    self.check_url(e, s);
                    out.push(crate::model::Source {
                        title: None,
                        url: Some(s.to_string()),
                    })
                }
                Val::Table(t) => {
                    let f = self.fields(t, &["title", "url"], "source");
                    let title = self.string(&f, "title");
                    let url = self.string(&f, "url");
                    if let (Some(u), Some(v)) = (&url, f.get("url")) {
                        self.check_url(v, u);
                    }
                    if url.is_none() && f.get("url").is_none() {
                        self.missing(self.span(e.span()), "url", "source");
                    }
                    out.push(crate::model::Source { title, url });
                }
                _ => self.wrong_type(e, "sources", "a URL string or { title, url }"),
            }
        }
        out
    }

    fn item(&mut self, t: &Table<'_>, span: Span) -> Option<WatchItem> {
        let f = self.fields(t, ITEM_KEYS, "[[watch]]");
        let head = span.start..span.start;
        let mut id_span = head.clone();
        let id = match f.get("id") {
            None => {
                self.missing(head.clone(), "id", "[[watch]]");
                None
            }
            Some(v) => {
                id_span = self.span(v.span());
                let id = self.as_string(v, "id");
                match id {
                    Some(id) if value::is_kebab_case(&id) => Some(id),
                    Some(id) => {
                        self.error_at(
                            v,
                            format!(
                                "item id \"{}\" must be kebab-case (lowercase letters, digits and single hyphens)",
                                value::shown(&id)
                            ),
                        );
                        None
                    }
                    None => None,
                }
            }
        };
        let title = self.required_string(&f, "title", &head, "[[watch]]");
        let question = self.string(&f, "question");
        let criteria = self.string(&f, "criteria");
        let due = f.get("due").and_then(|v| self.due(v));
        let lead = self.duration(&f, "lead");
        let grace = self.duration(&f, "grace");
        let (written_outcomes, outcomes_given) = match f.get("outcomes") {
            None => (Vec::new(), false),
            Some(v) => (self.outcomes(&f, v), true),
        };
        let outcomes: &[String] = if outcomes_given {
            &written_outcomes
        } else {
            crate::model::yes_no()
        };
        let forecasts = match f.get("forecast") {
            Some(v) => self.forecasts(v, outcomes),
            None => Vec::new(),
        };
        let signposts = match f.get("signposts") {
            Some(v) => self.signposts(v),
            None => Vec::new(),
        };
        let tags = self.strings(&f, "tags");
        let priority = match f.get("priority") {
            None => Some(Priority::default()),
            Some(v) => {
                let s = self.as_string(v, "priority");
                let p = s.as_deref().and_then(Priority::parse);
                if let (None, Some(s)) = (p, &s) {
                    let hint = value::did_you_mean(s, Priority::NAMES);
                    self.error_at(
                        v,
                        format!(
                            "unknown priority \"{}\": expected one of low, normal, high, critical{hint}",
                            value::shown(s)
                        ),
                    );
                }
                p
            }
        };
        let triggers = match f.get("trigger") {
            Some(v) => self.triggers(v),
            None => Vec::new(),
        };
        let every = self.duration(&f, "every");
        if let (Some(e), Some(v)) = (every, f.get("every"))
            && e.count == 0
        {
            self.error_at(v, "`every` must be a positive duration, like \"1w\"");
        }
        let until = self.date_field(&f, "until");
        if until.is_some() && f.get("every").is_none() {
            let span = f.key_span("until").map_or(head.clone(), |s| self.span(s));
            self.error(
                span,
                "`until` ends an `every` series: this item has no `every`",
            );
        }
        let resolution = match f.get("resolution") {
            Some(v) => self.resolution(v, outcomes).map(Box::new),
            None => None,
        };
        let dropped = match f.get("dropped") {
            Some(v) => self.dropped(v).map(Box::new),
            None => None,
        };
        let log = match f.get("log") {
            Some(v) => self.log(v),
            None => Vec::new(),
        };
        Some(WatchItem {
            id: id?,
            id_span,
            span,
            title: title?,
            question,
            criteria,
            due,
            lead,
            grace,
            written_outcomes,
            outcomes_given,
            forecasts,
            signposts,
            tags,
            priority: priority.unwrap_or_default(),
            triggers,
            every,
            until,
            resolution,
            dropped,
            log,
        })
    }

    fn due(&mut self, v: &Value<'_>) -> Option<Due> {
        match v.get_ref() {
            Val::String(s) if !s.starts_with('+') && value::parse_date(s).is_err() => {
                self.error_at(
                    v,
                    format!(
                        "invalid due \"{}\": expected a date, a datetime or a relative due like \"+30d\"",
                        value::shown(s)
                    ),
                );
                None
            }
            Val::String(s) if s.starts_with('+') => match value::parse_relative(s) {
                Ok(d) => Some(Due::Relative(d)),
                Err(e) => {
                    self.error_at(v, format!("`due`: {e}"));
                    None
                }
            },
            _ => self.date(v, "due").map(Due::Date),
        }
    }

    fn outcomes(&mut self, f: &Fields<'_, '_>, v: &Value<'_>) -> Vec<String> {
        let list = self.strings(f, "outcomes");
        if let Val::Array(a) = v.get_ref() {
            if a.len() < 2 {
                self.error_at(v, "`outcomes` needs at least two outcomes");
            }
            for (i, (e, s)) in a.iter().zip(&list).enumerate() {
                if s.trim().is_empty() {
                    self.error_at(e, "an outcome must not be empty");
                } else if list[..i].contains(s) {
                    self.error_at(e, format!("duplicate outcome \"{}\"", value::shown(s)));
                }
            }
        }
        list
    }

    fn forecasts(&mut self, v: &Value<'_>, outcomes: &[String]) -> Vec<Forecast> {
        let Some(arr) = self.array(v, "forecast") else {
            return Vec::new();
        };
        let binary = outcomes.len() == 2 && outcomes[0] == "yes" && outcomes[1] == "no";
        let mut out = Vec::with_capacity(arr.len());
        for e in arr {
            let Some(t) = self.table(e, "forecast") else {
                continue;
            };
            let f = self.fields(t, &["on", "p", "by"], "forecast");
            let at = self.span(e.span());
            let on = match f.get("on") {
                Some(v) => self.date(v, "on"),
                None => {
                    self.missing(at.clone(), "on", "forecast");
                    None
                }
            };
            let p = match f.get("p") {
                None => {
                    self.missing(at.clone(), "p", "forecast");
                    None
                }
                Some(pv) => self.forecast_p(pv, outcomes, binary),
            };
            let by = self.forecaster(&f);
            if let (Some(on), Some(p), Some(by)) = (on, p, by) {
                out.push(Forecast {
                    on,
                    p,
                    by,
                    span: at,
                });
            }
        }
        out
    }

    /// A forecast's `by`: `Some(None)` when absent, `None` when it is wrong.
    fn forecaster(&mut self, f: &Fields<'_, '_>) -> Option<Option<String>> {
        let Some(v) = f.get("by") else {
            return Some(None);
        };
        let name = self.as_string(v, "by")?;
        if name.trim().is_empty() {
            self.error_at(
                v,
                "`by` must name the forecaster: leave it out for an unattributed forecast",
            );
            return None;
        }
        Some(Some(name))
    }

    fn forecast_p(
        &mut self,
        v: &Value<'_>,
        outcomes: &[String],
        binary: bool,
    ) -> Option<Probability> {
        match v.get_ref() {
            Val::Table(t) => {
                let mut list = Vec::with_capacity(t.len());
                let mut sum = 0.0;
                let mut ok = true;
                for (k, pv) in t.iter() {
                    let key: &str = k.get_ref();
                    if !outcomes.iter().any(|o| o == key) {
                        let hint = value::did_you_mean(key, outcomes.iter().map(String::as_str));
                        self.error(
                            self.span(k.span()),
                            format!(
                                "forecast for unknown outcome `{}`; outcomes are: {}{hint}",
                                value::shown(key),
                                value::shown_list(outcomes)
                            ),
                        );
                        ok = false;
                        continue;
                    }
                    match self.probability(pv, key) {
                        Some(p) => {
                            sum += p;
                            list.push((key.to_string(), p));
                        }
                        None => ok = false,
                    }
                }
                if ok && (sum - 1.0).abs() > 0.001 {
                    self.error_at(
                        v,
                        format!("forecast probabilities sum to {}, not 1", round3(sum)),
                    );
                    ok = false;
                }
                ok.then_some(Probability::Table(list))
            }
            Val::Integer(_) | Val::Float(_) => {
                if !binary {
                    self.error_at(
                        v,
                        format!(
                            "a single-number `p` is the probability of `yes`, but this item's outcomes are {}: give a table like {{ {} = 0.5, ... }}",
                            value::shown_list(outcomes),
                            outcomes.first().map_or("outcome".to_string(), |o| toml_key(o))
                        ),
                    );
                    return None;
                }
                self.probability(v, "p").map(Probability::Yes)
            }
            _ => {
                self.wrong_type(v, "p", "a probability or a table outcome = probability");
                None
            }
        }
    }

    fn signposts(&mut self, v: &Value<'_>) -> Vec<Signpost> {
        let Some(arr) = self.array(v, "signposts") else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(arr.len());
        for e in arr {
            match e.get_ref() {
                Val::String(s) => out.push(Signpost {
                    text: s.to_string(),
                    observed: None,
                }),
                Val::Table(t) => {
                    let f = self.fields(t, &["text", "observed"], "signpost");
                    let text = self.required_string(&f, "text", &self.span(e.span()), "signpost");
                    let observed = self.date_field(&f, "observed");
                    if let Some(text) = text {
                        out.push(Signpost { text, observed });
                    }
                }
                _ => self.wrong_type(e, "signposts", "a string or { text, observed }"),
            }
        }
        out
    }

    fn triggers(&mut self, v: &Value<'_>) -> Vec<Trigger> {
        // A single inline table is accepted as a one-trigger list.
        let single;
        let list: &[Value<'_>] = match v.get_ref() {
            Val::Array(a) => a,
            Val::Table(_) => {
                single = [v.clone()];
                &single
            }
            _ => {
                self.wrong_type(
                    v,
                    "trigger",
                    "an array of { on = DATE } or { after = \"item\" }",
                );
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(list.len());
        for e in list {
            let Some(t) = self.table(e, "trigger") else {
                continue;
            };
            let f = self.fields(t, &["on", "after", "outcome"], "trigger");
            let at = self.span(e.span());
            match (f.get("on"), f.get("after")) {
                (Some(_), Some(_)) => self.error(
                    at,
                    "a trigger has either `on` (a date) or `after` (an item), not both",
                ),
                (None, None) => {
                    self.error(at, "a trigger needs `on = DATE` or `after = \"item-id\"`")
                }
                (Some(on), None) => {
                    if let Some(ov) = f.get("outcome") {
                        self.error_at(ov, "`outcome` belongs to an `after` trigger");
                    }
                    if let Some(date) = self.date(on, "on") {
                        out.push(Trigger::On { date });
                    }
                }
                (None, Some(after)) => {
                    let Some(text) = self.as_string(after, "after") else {
                        continue;
                    };
                    let target = match Reference::parse(&text) {
                        Ok(r) => r,
                        Err(e) => {
                            self.error_at(after, e.to_string());
                            continue;
                        }
                    };
                    let mut outcome_spans = Vec::new();
                    let outcomes = match f.get("outcome") {
                        None => None,
                        Some(ov) => match ov.get_ref() {
                            Val::String(s) => {
                                outcome_spans.push(self.span(ov.span()));
                                Some(vec![s.to_string()])
                            }
                            Val::Array(a) => {
                                let mut list = Vec::with_capacity(a.len());
                                for e in a.iter() {
                                    if let Some(s) = self.as_string(e, "outcome") {
                                        list.push(s);
                                        outcome_spans.push(self.span(e.span()));
                                    }
                                }
                                Some(list)
                            }
                            _ => {
                                self.wrong_type(ov, "outcome", "an outcome or a list of outcomes");
                                None
                            }
                        },
                    };
                    out.push(Trigger::After {
                        target,
                        outcomes,
                        outcome_spans,
                        span: self.span(after.span()),
                    });
                }
            }
        }
        out
    }

    fn resolution(&mut self, v: &Value<'_>, outcomes: &[String]) -> Option<Resolution> {
        let t = self.table(v, "resolution")?;
        let f = self.fields(t, &["on", "outcome", "note", "sources"], "resolution");
        let at = self.span(v.span());
        let on = match f.get("on") {
            Some(d) => self.date(d, "on"),
            None => {
                self.missing(at.clone(), "on", "resolution");
                None
            }
        };
        let on_span = f.get("on").map_or(at.clone(), |d| self.span(d.span()));
        let outcome_span = f.get("outcome").map_or(at.clone(), |o| self.span(o.span()));
        let outcome = self.required_string(&f, "outcome", &at, "resolution");
        if let Some(o) = &outcome
            && !outcomes.contains(o)
        {
            let hint = value::did_you_mean(o, outcomes.iter().map(String::as_str));
            self.error(
                outcome_span.clone(),
                format!(
                    "resolution outcome \"{}\" is not one of this item's outcomes: {}{hint}",
                    value::shown(o),
                    value::shown_list(outcomes)
                ),
            );
        }
        let note = self.string(&f, "note");
        let sources = match f.get("sources") {
            Some(s) => self.sources(s),
            None => Vec::new(),
        };
        Some(Resolution {
            on: on?,
            on_span,
            outcome: outcome?,
            outcome_span,
            note,
            sources,
        })
    }

    fn dropped(&mut self, v: &Value<'_>) -> Option<Dropped> {
        let t = self.table(v, "dropped")?;
        let f = self.fields(t, &["on", "reason"], "dropped");
        let on = match f.get("on") {
            Some(d) => self.date(d, "on"),
            None => {
                self.missing(self.span(v.span()), "on", "dropped");
                None
            }
        };
        let reason = self.string(&f, "reason");
        Some(Dropped { on: on?, reason })
    }

    fn log(&mut self, v: &Value<'_>) -> Vec<LogEntry> {
        let Some(arr) = self.array(v, "log") else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(arr.len());
        for e in arr {
            let Some(t) = self.table(e, "log") else {
                continue;
            };
            let f = self.fields(t, &["on", "note", "check"], "log entry");
            let at = self.span(e.span());
            let on = match f.get("on") {
                Some(d) => self.date(d, "on"),
                None => {
                    self.missing(at.clone(), "on", "log entry");
                    None
                }
            };
            let note = self.required_string(&f, "note", &at, "log entry");
            let check = match f.get("check") {
                None => Some(true),
                Some(v) => self.boolean(v, "check"),
            };
            if let (Some(on), Some(note), Some(check)) = (on, note, check) {
                out.push(LogEntry { on, note, check });
            }
        }
        out
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

/// An outcome written as a TOML key, for a hint the user can paste: bare when
/// it can be, quoted otherwise (`no-deal`, but `"no deal"`).
fn toml_key(outcome: &str) -> String {
    let bare = !outcome.is_empty()
        && outcome
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare {
        outcome.to_string()
    } else {
        format!("{:?}", value::shown(outcome))
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests;

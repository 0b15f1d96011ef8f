//! In-place edits of scenario files (SPEC §3.2): the toml_edit core, the line
//! diff and the atomic write.
//!
//! Invariants:
//! - A file is changed through toml_edit only, never re-serialised from the model,
//!   so every byte outside the edited item stays as it was. A file whose text
//!   toml_edit would not reproduce exactly is refused rather than reformatted.
//! - Line endings and a leading UTF-8 byte order mark survive: the file is edited
//!   as LF text without the mark, and the result is merged back line by line with
//!   the original (unchanged lines keep their own ending; new lines take the
//!   file's dominant one), so even a file with mixed endings keeps them. A file
//!   without a final line break is edited with one, and written back without.
//! - Writes go through `crate::fsutil` (a temporary file in the target's folder,
//!   flushed and renamed over the target, a symlink's target rather than the link,
//!   keeping its permissions), and only if the file still holds the bytes the edit
//!   started from.
//! - Every read-modify-write of a corpus runs under the corpus lock
//!   (`crate::lock`), so concurrent edits serialise.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use crate::{Failure, Result, fsutil};

mod refusal;
pub use refusal::{Closed, Edit, Refusal};

const BOM: char = '\u{feff}';

// ---------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------

/// A scenario file opened for editing.
pub struct Doc {
    /// The file's text exactly as read.
    original: String,
    doc: DocumentMut,
}

impl Doc {
    /// Parses a file's text. Refuses text that toml_edit would not write back
    /// byte for byte (so an edit could never reformat other lines).
    pub fn parse(text: &str) -> Result<Doc, String> {
        let mut body = normalized(text);
        // toml_edit ends every line with a break; the file's missing last one is
        // put back by `render`.
        if lacks_final_newline(text) {
            body.push('\n');
        }
        let doc: DocumentMut = body
            .parse()
            .map_err(|e: toml_edit::TomlError| format!("TOML syntax: {}", e.message().trim()))?;
        if doc.to_string() != body {
            return Err(
                "this file's layout cannot be edited without rewriting other lines; edit it by hand"
                    .into(),
            );
        }
        Ok(Doc {
            original: text.to_string(),
            doc,
        })
    }

    /// The file's new text: the edited document with the original's line endings
    /// and byte order mark.
    pub fn render(&self) -> String {
        restore_layout(&self.original, &self.doc.to_string())
    }

    /// Runs `f` on the watch-item with this id.
    pub fn edit_item<R>(&mut self, id: &str, f: impl FnOnce(&mut ItemEdit<'_>) -> R) -> Result<R> {
        let missing =
            || Refusal::NotFound(format!("no [[watch]] item with id \"{id}\" in the file")).into();
        let has_id = |t: &dyn toml_edit::TableLike| t.get("id").and_then(Item::as_str) == Some(id);
        let (result, orphan, position) = match self.doc.get_mut("watch") {
            Some(Item::ArrayOfTables(aot)) => {
                let table = aot.iter_mut().find(|t| has_id(*t)).ok_or_else(missing)?;
                let position = table.position();
                let mut edit = ItemEdit {
                    slot: Slot::Table(table),
                    orphan: String::new(),
                };
                let r = f(&mut edit);
                (r, edit.orphan, position)
            }
            Some(Item::Value(Value::Array(arr))) => {
                let table = arr
                    .iter_mut()
                    .filter_map(Value::as_inline_table_mut)
                    .find(|t| has_id(*t))
                    .ok_or_else(missing)?;
                let mut edit = ItemEdit {
                    slot: Slot::Inline(table),
                    orphan: String::new(),
                };
                let r = f(&mut edit);
                (r, edit.orphan, None)
            }
            _ => return Err(missing()),
        };
        if !orphan.is_empty() {
            self.place_before_next_table(position, &orphan);
        }
        Ok(result)
    }

    /// Appends a watch-item given as `key = value` lines. A file whose items are
    /// `[[watch]]` tables gets a new table at its very end; a file with an inline
    /// `watch = [...]` array gets a new inline table in it.
    pub fn append_item(&mut self, fields: &[(&str, Value)]) -> Result<()> {
        if let Some(Item::Value(Value::Array(arr))) = self.doc.get_mut("watch") {
            let mut table = InlineTable::new();
            for (k, v) in fields {
                table.insert(*k, v.clone());
            }
            push_styled(arr, Value::InlineTable(table));
            return Ok(());
        }
        if self
            .doc
            .get("watch")
            .is_some_and(|w| !w.is_array_of_tables())
        {
            return Err(Refusal::InvalidFile(
                "`watch` in this file is not an array of tables".into(),
            )
            .into());
        }
        // Text-level append: the new table goes after everything, trailing comments included.
        let mut body = self.doc.to_string();
        if !body.is_empty() && !body.ends_with('\n') {
            body.push('\n');
        }
        if !body.is_empty() && !body.ends_with("\n\n") {
            body.push('\n');
        }
        body.push_str("[[watch]]\n");
        for (k, v) in fields {
            body.push_str(&format!("{} = {}\n", key(k), v.to_string().trim()));
        }
        self.doc = body
            .parse()
            .map_err(|e: toml_edit::TomlError| internal(format!("new item: {}", e.message())))?;
        Ok(())
    }

    /// Keeps comments that stood above a removed last key: they go in front of
    /// the next table in the file (or at its end), exactly where they were.
    fn place_before_next_table(&mut self, after: Option<isize>, text: &str) {
        let after = after.unwrap_or(isize::MIN);
        let mut next: Option<isize> = None;
        visit_tables(self.doc.as_table(), &mut |t| {
            if let Some(p) = t.position()
                && p > after
                && next.is_none_or(|n| p < n)
            {
                next = Some(p);
            }
        });
        let placed = next.is_some_and(|p| prepend_to_table(self.doc.as_table_mut(), p, text));
        if !placed {
            let trailing = self.doc.trailing().as_str().unwrap_or("").to_string();
            self.doc.set_trailing(format!("{text}{trailing}"));
        }
    }
}

/// The tables rendered with a header (not the root, not dotted or implicit ones).
fn visit_tables(table: &Table, f: &mut dyn FnMut(&Table)) {
    for (_, item) in table.iter() {
        match item {
            Item::Table(t) => {
                if !t.is_dotted() && !t.is_implicit() {
                    f(t);
                }
                visit_tables(t, f);
            }
            Item::ArrayOfTables(a) => {
                for t in a.iter() {
                    f(t);
                    visit_tables(t, f);
                }
            }
            _ => {}
        }
    }
}

fn prepend_to_table(table: &mut Table, position: isize, text: &str) -> bool {
    for (_, item) in table.iter_mut() {
        let children: Vec<&mut Table> = match item {
            Item::Table(t) => vec![t],
            Item::ArrayOfTables(a) => a.iter_mut().collect(),
            _ => continue,
        };
        for t in children {
            if t.position() == Some(position) && !t.is_dotted() && !t.is_implicit() {
                let old = t.decor().prefix().and_then(|p| p.as_str()).unwrap_or("");
                let new = format!("{text}{old}");
                t.decor_mut().set_prefix(new);
                return true;
            }
            if prepend_to_table(t, position, text) {
                return true;
            }
        }
    }
    false
}

/// One watch-item of a [`Doc`], as a `[[watch]]` table or an inline table.
pub struct ItemEdit<'d> {
    slot: Slot<'d>,
    /// Comments of removed keys that had no later key in the item to stand above.
    orphan: String,
}

enum Slot<'d> {
    Table(&'d mut Table),
    Inline(&'d mut InlineTable),
}

impl ItemEdit<'_> {
    fn get_mut(&mut self, key: &str) -> Option<&mut Item> {
        match &mut self.slot {
            Slot::Table(t) => t.get_mut(key),
            Slot::Inline(t) => toml_edit::TableLike::get_mut(*t, key),
        }
    }

    /// Sets `key`: an existing value is replaced keeping its decor (spacing and a
    /// trailing comment); a new key goes after the first of `after` the item has,
    /// or last.
    pub fn set(&mut self, key: &str, v: Value, after: &[&str]) {
        if let Some(slot) = self.get_mut(key) {
            replace_keeping_decor(slot, v);
            return;
        }
        match &mut self.slot {
            Slot::Table(t) => {
                t.insert(key, Item::Value(v));
                let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
                let anchor = after.iter().find_map(|a| keys.iter().position(|k| k == a));
                if let Some(anchor) = anchor {
                    let mut rank: HashMap<String, usize> = keys
                        .iter()
                        .enumerate()
                        .map(|(i, k)| (k.clone(), 2 * i))
                        .collect();
                    rank.insert(key.to_string(), 2 * anchor + 1);
                    let r = |k: &toml_edit::Key| rank.get(k.get()).copied().unwrap_or(usize::MAX);
                    t.sort_values_by(|k1, _, k2, _| r(k1).cmp(&r(k2)));
                }
            }
            Slot::Inline(t) => insert_inline(t, key, v),
        }
    }

    /// Removes `key`, keeping any comment above it in the file.
    pub fn remove(&mut self, key: &str) -> Option<Item> {
        match &mut self.slot {
            Slot::Inline(t) => t.remove(key).map(Item::Value),
            Slot::Table(t) => {
                let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
                let idx = keys.iter().position(|k| k == key)?;
                let (k, item) = t.remove_entry(key)?;
                let prefix = k
                    .leaf_decor()
                    .prefix()
                    .and_then(|p| p.as_str())
                    .unwrap_or("")
                    .to_string();
                if !prefix.is_empty() {
                    let next = keys[idx + 1..]
                        .iter()
                        .find(|n| t.get(n).is_some_and(Item::is_value));
                    match next.and_then(|n| t.key_mut(n)) {
                        Some(mut nk) => {
                            let old = nk
                                .leaf_decor()
                                .prefix()
                                .and_then(|p| p.as_str())
                                .unwrap_or("")
                                .to_string();
                            nk.leaf_decor_mut().set_prefix(format!("{prefix}{old}"));
                        }
                        None if prefix.contains('#') => self.orphan.push_str(&prefix),
                        None => {}
                    }
                }
                Some(item)
            }
        }
    }

    /// Appends `entry` (an inline table) to the array `key`, creating the array as
    /// the item's last key when it is missing. A multi-line array stays multi-line;
    /// an array of tables (`[[watch.log]]`) gets a new table.
    pub fn push(&mut self, key: &str, entry: Value) -> Result<()> {
        // In a `[[watch]]` table, `log` (always) and `forecast` (from its second
        // entry) are written one entry a line, so that each edit is a one-line
        // addition in `git diff` and two analysts' additions merge. An inline
        // item stays on its line.
        let one_a_line = matches!(self.slot, Slot::Table(_)) && (key == "log" || key == "forecast");
        match self.get_mut(key) {
            Some(Item::Value(Value::Array(arr))) => {
                if one_a_line && !arr.is_empty() {
                    spread_out(arr);
                }
                push_styled(arr, entry);
                Ok(())
            }
            Some(Item::ArrayOfTables(aot)) => {
                let Value::InlineTable(it) = entry else {
                    return Err(internal(format!("`{key}` entry is not a table")));
                };
                let mut table = it.into_table();
                table.fmt();
                let prefix = aot
                    .iter()
                    .last()
                    .and_then(|t| t.decor().prefix())
                    .and_then(|p| p.as_str())
                    .filter(|p| p.trim().is_empty())
                    .unwrap_or("")
                    .to_string();
                table.decor_mut().set_prefix(prefix);
                aot.push(table);
                Ok(())
            }
            Some(_) => {
                Err(Refusal::InvalidFile(format!("`{key}` of this item is not an array")).into())
            }
            None => {
                let mut arr = Array::new();
                arr.push(entry);
                if one_a_line && key == "log" {
                    spread_out(&mut arr);
                }
                self.set(key, Value::Array(arr), &[]);
                Ok(())
            }
        }
    }

    /// Sets `observed` on the `index`-th signpost; a plain string signpost becomes
    /// `{ text = "...", observed = DATE }` in the same place.
    pub fn observe_signpost(&mut self, index: usize, text: &str, on: NaiveDate) -> Result<()> {
        let date = date_value(on)?;
        let no_such = || internal(format!("signpost {index} not found"));
        match self.get_mut("signposts") {
            Some(Item::Value(Value::Array(arr))) => {
                let el = arr.get_mut(index).ok_or_else(no_such)?;
                match el {
                    Value::InlineTable(t) => set_inline(t, "observed", date),
                    other => {
                        let new = parse_value(&format!(
                            "{{ text = {}, observed = {} }}",
                            string(text),
                            date_text(on)?
                        ))?;
                        let decor = other.decor().clone();
                        *other = new;
                        *other.decor_mut() = decor;
                    }
                }
                Ok(())
            }
            Some(Item::ArrayOfTables(aot)) => {
                let t = aot.get_mut(index).ok_or_else(no_such)?;
                match t.get_mut("observed") {
                    Some(slot) => replace_keeping_decor(slot, date),
                    None => {
                        t.insert("observed", Item::Value(date));
                    }
                }
                Ok(())
            }
            _ => Err(no_such()),
        }
    }
}

fn set_inline(t: &mut InlineTable, key: &str, v: Value) {
    match t.get_mut(key) {
        Some(old) => {
            let decor = old.decor().clone();
            *old = v;
            *old.decor_mut() = decor;
        }
        None => insert_inline(t, key, v),
    }
}

/// Adds a key at the end of an inline table in its style: the space before `}`
/// moves behind the new value, and a multi-line table (TOML 1.1) gets the key on
/// its own line.
fn insert_inline(t: &mut InlineTable, key: &str, mut v: Value) {
    let indent = multiline_key_prefix(t);
    let last_key = t.iter().last().map(|(k, _)| k.to_string());
    if let Some(last) = last_key.and_then(|k| t.get_mut(&k)) {
        let suffix = last
            .decor()
            .suffix()
            .and_then(|s| s.as_str())
            .unwrap_or("")
            .to_string();
        if !suffix.is_empty() && suffix.trim().is_empty() {
            last.decor_mut().set_suffix("");
            v.decor_mut().set_suffix(suffix);
        }
    }
    t.insert(key, v);
    if let (Some(prefix), Some(mut k)) = (indent, t.key_mut(key)) {
        k.leaf_decor_mut().set_prefix(prefix);
    }
}

fn replace_keeping_decor(slot: &mut Item, mut v: Value) {
    if let Item::Value(old) = slot {
        *v.decor_mut() = old.decor().clone();
    }
    *slot = Item::Value(v);
}

/// For an inline table written over several lines (TOML 1.1), the line break and
/// indentation its keys start with.
fn multiline_key_prefix(t: &InlineTable) -> Option<String> {
    let (last, _) = t.iter().last()?;
    let k = t.key(last)?;
    let prefix = k.leaf_decor().prefix()?.as_str()?;
    let at = prefix.rfind('\n')?;
    Some(format!("\n{}", &prefix[at + 1..]))
}

/// Appends to an array in its own style: an element on its own line with the
/// indentation of the last one when the array is multi-line, `, x` otherwise.
/// What follows the last element on its line (a comment) stays on that line.
fn push_styled(arr: &mut Array, mut v: Value) {
    let Some(last) = arr.iter().last() else {
        arr.push(v);
        return;
    };
    let last_prefix = raw(last.decor().prefix());
    let indent = last_prefix
        .rfind('\n')
        .map(|at| last_prefix[at + 1..].to_string());
    // What stands between the last element and `]`: after the trailing comma, or
    // in the last element's suffix when there is none.
    let trailing_comma = arr.trailing_comma();
    let tail = if trailing_comma {
        arr.trailing().as_str().unwrap_or("").to_string()
    } else {
        raw(last.decor().suffix())
    };
    let (prefix, rest) = match (tail.find('\n'), &indent) {
        (Some(nl), _) => (
            format!("{}\n{}", &tail[..nl], indent.as_deref().unwrap_or("    ")),
            tail[nl..].to_string(),
        ),
        (None, Some(indent)) => (format!("\n{indent}"), tail),
        (None, None) => (" ".to_string(), tail),
    };
    if trailing_comma {
        arr.set_trailing(rest);
    } else {
        if let Some(l) = arr.iter_mut().last() {
            l.decor_mut().set_suffix("");
        }
        v.decor_mut().set_suffix(rest);
    }
    v.decor_mut().set_prefix(prefix);
    arr.push_formatted(v);
}

/// Spreads a one-line array over lines, one entry a line with a trailing comma;
/// an array already on several lines is left as it is.
fn spread_out(arr: &mut Array) {
    let spread = arr.iter().any(|e| raw(e.decor().prefix()).contains('\n'))
        || arr.trailing().as_str().unwrap_or("").contains('\n');
    if spread {
        return;
    }
    for e in arr.iter_mut() {
        let prefix = raw(e.decor().prefix());
        let suffix = raw(e.decor().suffix());
        e.decor_mut()
            .set_prefix(format!("\n    {}", prefix.trim_start()));
        e.decor_mut().set_suffix(suffix.trim_end().to_string());
    }
    arr.set_trailing_comma(true);
    arr.set_trailing("\n");
}

fn raw(r: Option<&toml_edit::RawString>) -> String {
    r.and_then(|r| r.as_str()).unwrap_or("").to_string()
}

// ---------------------------------------------------------------------------
// Values written by edits
// ---------------------------------------------------------------------------

fn internal(msg: String) -> Failure {
    Failure::Invalid(format!("internal error while editing: {msg}"))
}

/// A TOML value from its text (the text is always built by this module).
pub fn parse_value(text: &str) -> Result<Value> {
    text.parse::<Value>()
        .map_err(|e| internal(format!("{text}: {}", e.message())))
}

/// A basic (double-quoted) TOML string, every control character escaped so the
/// value always stays on one line. Also what `import` writes its drafts with.
pub(crate) fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A key as written: bare when it can be, quoted otherwise.
pub fn key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare { k.to_string() } else { string(k) }
}

/// `YYYY-MM-DD`, refusing days TOML cannot write (years past 9999).
pub fn date_text(d: NaiveDate) -> Result<String> {
    if !(0..=9999).contains(&d.year()) {
        return Err(Refusal::OutOfRange(d).into());
    }
    Ok(d.format("%Y-%m-%d").to_string())
}

pub fn date_value(d: NaiveDate) -> Result<Value> {
    parse_value(&date_text(d)?)
}

/// A probability as a TOML float: shortest exact form, always with a decimal point.
pub fn probability(p: f64) -> String {
    // Adding zero turns -0 (from `--p=-0`) into 0.
    let p = (p * 1e9).round() / 1e9 + 0.0;
    let s = format!("{p}");
    if s.contains('.') { s } else { format!("{s}.0") }
}

/// `{ on = DATE, note = "TEXT" }`: a log entry that also checks an `every`
/// series' current occurrence.
pub fn log_entry(on: NaiveDate, note: &str) -> Result<Value> {
    parse_value(&format!(
        "{{ on = {}, note = {} }}",
        date_text(on)?,
        string(note)
    ))
}

/// `{ on = DATE, note = "TEXT", check = false }`: a record of an edit that does
/// not count as an `every` series' check.
pub fn record_entry(on: NaiveDate, note: &str) -> Result<Value> {
    parse_value(&format!(
        "{{ on = {}, note = {}, check = false }}",
        date_text(on)?,
        string(note)
    ))
}

// ---------------------------------------------------------------------------
// Line endings and the byte order mark
// ---------------------------------------------------------------------------

/// The text as toml_edit sees it: no byte order mark, LF line endings.
fn normalized(text: &str) -> String {
    text.strip_prefix(BOM).unwrap_or(text).replace("\r\n", "\n")
}

/// Whether the file's last line has no line break (toml_edit always writes one).
fn lacks_final_newline(text: &str) -> bool {
    let body = text.strip_prefix(BOM).unwrap_or(text);
    !body.is_empty() && !body.ends_with('\n')
}

/// Splits into lines, each without its `\n` / `\r\n` ending, plus whether the
/// last one ended with a line break.
fn lines(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = text.split('\n').collect();
    if out.last() == Some(&"") {
        out.pop();
    }
    out
}

/// The edited LF text `new`, with the original's byte order mark, and each line
/// the original had kept with its own ending; lines new to the file take the
/// file's dominant ending. A file that did not end with a line break still does
/// not (a line that was last and is no longer gets one).
fn restore_layout(original: &str, new: &str) -> String {
    let new = if lacks_final_newline(original) {
        new.strip_suffix('\n').unwrap_or(new)
    } else {
        new
    };
    let (bom, body) = match original.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, original),
    };
    let crlf = body.matches("\r\n").count();
    let lf = body.matches('\n').count() - crlf;
    if !bom && crlf == 0 {
        return new.to_string();
    }
    let eol = if crlf > lf { "\r\n" } else { "\n" };
    // Original lines with their raw endings.
    let raw: Vec<(&str, &str)> = body
        .split_inclusive('\n')
        .map(|l| {
            if let Some(c) = l.strip_suffix("\r\n") {
                (c, "\r\n")
            } else if let Some(c) = l.strip_suffix('\n') {
                (c, "\n")
            } else {
                (l, "")
            }
        })
        .collect();
    let old_lines: Vec<&str> = raw.iter().map(|(c, _)| *c).collect();
    let new_lines = lines(new);
    let new_ends_with_break = new.ends_with('\n');
    let mut out = String::with_capacity(new.len() + raw.len() + 3);
    if bom {
        out.push(BOM);
    }
    let last = new_lines.len().saturating_sub(1);
    // A line kept from the original keeps its ending; a new line gets the
    // file's usual one.
    let mut put = |content: &str, ending: &str, j: usize| {
        out.push_str(content);
        if j < last || new_ends_with_break {
            out.push_str(if ending.is_empty() { eol } else { ending });
        }
    };
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old_lines, &new_lines);
    for op in ops {
        for change in op.iter_changes(&old_lines, &new_lines) {
            match (change.tag(), change.old_index(), change.new_index()) {
                (similar::ChangeTag::Equal, Some(i), Some(j)) => put(raw[i].0, raw[i].1, j),
                (similar::ChangeTag::Insert, _, Some(j)) => put(new_lines[j], "", j),
                _ => {}
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Diff
// ---------------------------------------------------------------------------

/// A unified diff (3 lines of context) between two texts, with `--- OLD` and
/// `+++ NEW` headers; empty when they are equal. Line endings and a byte order
/// mark are not shown.
pub fn unified_diff(old_label: &str, new_label: &str, old: &str, new: &str) -> String {
    let (old, new) = (normalized(old), normalized(new));
    if old == new {
        return String::new();
    }
    let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
    diff.unified_diff()
        .context_radius(3)
        .header(old_label, new_label)
        .to_string()
}

// ---------------------------------------------------------------------------
// Atomic write (the lock is in `crate::lock`)
// ---------------------------------------------------------------------------

/// Replaces the file at `path` with `contents`, atomically, if it still holds
/// `expected`. A symlink is followed: its target is replaced, the link stays.
///
/// Refused, writing nothing: a file with several hard links (the rename would
/// silently stop sharing it) and a read-only file. The file on disk is compared
/// after the new contents are on disk, right before the rename; what remains is
/// the moment between that read and the rename itself.
pub fn write_atomic(path: &Path, expected: &[u8], contents: &[u8]) -> Result<(), Refusal> {
    write_atomic_then(path, expected, contents, || {})
}

/// [`write_atomic`], calling `meanwhile` once the new contents are on disk and
/// before the file is compared: what another program may do in that moment.
fn write_atomic_then(
    path: &Path,
    expected: &[u8],
    contents: &[u8],
    meanwhile: impl FnOnce(),
) -> Result<(), Refusal> {
    let io = |source: std::io::Error| Refusal::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Ok(meta) = std::fs::metadata(path) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if meta.nlink() > 1 {
                return Err(Refusal::HardLinks {
                    path: path.to_path_buf(),
                    links: meta.nlink(),
                });
            }
        }
        if meta.permissions().readonly() {
            return Err(Refusal::ReadOnly {
                path: path.to_path_buf(),
            });
        }
    }
    let mut file = fsutil::AtomicFile::new(path).map_err(io)?;
    if let Ok(now) = file.created() {
        fsutil::remove_stale_temps(file.folder(), now);
    }
    file.write_all(contents).map_err(io)?;
    file.sync().map_err(io)?;
    meanwhile();
    let now = std::fs::read(file.target()).map_err(io)?;
    if now != expected {
        return Err(Refusal::ChangedOnDisk {
            path: path.to_path_buf(),
        });
    }
    file.rename().map_err(io)
}

/// Creates a new file at `path` with `contents`, atomically; refuses if it exists.
pub fn create_new(path: &Path, contents: &[u8]) -> Result<(), Refusal> {
    fsutil::create_new(path, contents).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Refusal::Exists(format!(
                "{} already exists; nothing written",
                path.display()
            ))
        } else {
            Refusal::Write {
                path: path.to_path_buf(),
                source: e,
            }
        }
    })
}

/// `path` as messages show it: relative to the working folder when inside it.
pub fn shown(path: &Path) -> PathBuf {
    match std::env::current_dir() {
        Ok(cwd) => shown_path(path, &cwd),
        Err(_) => path.to_path_buf(),
    }
}

/// The path as shown to the user: relative to `base` when inside it.
pub fn shown_path(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

#[cfg(test)]
mod tests;

//! The git merge driver for scenario files (`whatsnext merge BASE OURS THEIRS`):
//! a three-way merge by meaning, not by line.
//!
//! The result starts from OURS as it is written, so every part neither side
//! touched keeps its bytes. Values are compared by meaning (a reformatted array is
//! not a change). Items are matched by `id`: an item added, removed or changed on
//! one side only is taken from that side; for an item changed on both, each key is
//! merged the same way, and `log` and `forecast` entries added on both sides are
//! all kept, once each, in date order. What cannot be decided — a key set to two
//! different values, an item changed on one side and removed on the other — is
//! written between git's conflict markers around the whole item, both versions
//! whole, and the merge reports a conflict. A file that does not parse, or whose
//! scenario keys conflict, gets git's own line merge (`git merge-file`) instead.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

/// How a merge ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Merged {
    /// Written to OURS without conflicts.
    Clean,
    /// Written to OURS with conflict markers (this many items or hunks).
    Conflicts(usize),
}

#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("git merge-file failed: {0}")]
    Git(String),
}

/// Merges THEIRS into OURS against BASE, writing the result to OURS.
pub fn merge_files(base: &Path, ours: &Path, theirs: &Path) -> Result<Merged, MergeError> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|source| MergeError::Read {
            path: p.display().to_string(),
            source,
        })
    };
    let (b, o, t) = (read(base)?, read(ours)?, read(theirs)?);
    match merge_text(&b, &o, &t) {
        Some((text, conflicts)) => {
            crate::fsutil::write_atomic(ours, text.as_bytes()).map_err(|source| {
                MergeError::Write {
                    path: ours.display().to_string(),
                    source,
                }
            })?;
            Ok(if conflicts == 0 {
                Merged::Clean
            } else {
                Merged::Conflicts(conflicts)
            })
        }
        None => line_merge(base, ours, theirs),
    }
}

/// git's own line merge, for what the merge by meaning cannot read.
fn line_merge(base: &Path, ours: &Path, theirs: &Path) -> Result<Merged, MergeError> {
    let out = Command::new("git")
        .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(ours)
        .arg(base)
        .arg(theirs)
        .output()
        .map_err(|e| MergeError::Git(e.to_string()))?;
    match out.status.code() {
        Some(0) => Ok(Merged::Clean),
        Some(n) if n > 0 && n < 128 => Ok(Merged::Conflicts(n as usize)),
        _ => Err(MergeError::Git(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        )),
    }
}

/// The three texts parsed both ways: toml_edit for writing, toml for meaning.
struct Side {
    doc: DocumentMut,
    meaning: toml::Table,
}

impl Side {
    fn parse(text: &str) -> Option<Side> {
        let doc: DocumentMut = text.parse().ok()?;
        let meaning: toml::Table = toml::from_str(text).ok()?;
        // Only files whose items are `[[watch]]` tables (or that have none).
        match doc.get("watch") {
            None | Some(Item::ArrayOfTables(_)) => Some(Side { doc, meaning }),
            Some(_) => None,
        }
    }

    fn items(&self) -> Vec<&toml::Table> {
        match self.meaning.get("watch") {
            Some(toml::Value::Array(a)) => a.iter().filter_map(|v| v.as_table()).collect(),
            _ => Vec::new(),
        }
    }

    fn item(&self, id: &str) -> Option<&toml::Table> {
        self.items()
            .into_iter()
            .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(id))
    }

    fn ids(&self) -> Vec<String> {
        self.items()
            .iter()
            .filter_map(|t| t.get("id").and_then(|v| v.as_str()).map(str::to_string))
            .collect()
    }
}

fn aot(doc: &mut DocumentMut) -> &mut ArrayOfTables {
    if doc.get("watch").is_none() {
        doc.insert("watch", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    doc.get_mut("watch")
        .and_then(Item::as_array_of_tables_mut)
        .expect("watch is an array of tables")
}

fn table_of<'d>(doc: &'d DocumentMut, id: &str) -> Option<&'d Table> {
    doc.get("watch")?
        .as_array_of_tables()?
        .iter()
        .find(|t| t.get("id").and_then(|i| i.as_str()) == Some(id))
}

/// The merged text and the number of conflicted items, or `None` when a side
/// cannot be merged by meaning.
pub fn merge_text(base: &str, ours: &str, theirs: &str) -> Option<(String, usize)> {
    let (b, o, t) = (Side::parse(base)?, Side::parse(ours)?, Side::parse(theirs)?);
    let mut result = o.doc.clone();

    // Scenario keys: a conflict there has no item to mark; leave it to git.
    // In a fixed order, so that keys only theirs added come out the same each run.
    let mut keys: Vec<&String> = b
        .meaning
        .keys()
        .chain(o.meaning.keys())
        .chain(t.meaning.keys())
        .collect();
    keys.sort();
    keys.dedup();
    for key in keys.into_iter().filter(|k| *k != "watch") {
        let (bv, ov, tv) = (b.meaning.get(key), o.meaning.get(key), t.meaning.get(key));
        if ov == tv || tv == bv {
            continue;
        }
        if ov != bv {
            return None;
        }
        match t.doc.get(key) {
            Some(item) => {
                result.insert(key, item.clone());
            }
            None => {
                result.remove(key);
            }
        }
    }

    let mut conflicted: Vec<String> = Vec::new();
    let base_ids: HashSet<String> = b.ids().into_iter().collect();
    let our_ids = o.ids();
    let their_ids = t.ids();
    // Items of ours, in their order.
    let mut removed: Vec<String> = Vec::new();
    for id in &our_ids {
        let (bi, oi, ti) = (b.item(id), o.item(id), t.item(id));
        match (bi, ti) {
            (Some(bi), None) => {
                if Some(bi) == oi {
                    removed.push(id.clone());
                } else {
                    conflicted.push(id.clone());
                }
            }
            (None, None) => {}
            (None, Some(ti)) => {
                if Some(ti) != oi {
                    conflicted.push(id.clone());
                }
            }
            (Some(bi), Some(ti)) => {
                let Some(oi) = oi else { continue };
                if oi == ti || ti == bi {
                    continue;
                }
                let their_table = table_of(&t.doc, id).expect("their item");
                let mine = aot(&mut result)
                    .iter_mut()
                    .find(|tb| tb.get("id").and_then(|i| i.as_str()) == Some(id.as_str()))
                    .expect("our item");
                if !merge_item(mine, bi, oi, ti, their_table) {
                    conflicted.push(id.clone());
                }
            }
        }
    }
    if !removed.is_empty() {
        let items = aot(&mut result);
        let mut i = 0;
        while i < items.len() {
            let id = items
                .get(i)
                .and_then(|tb| tb.get("id"))
                .and_then(|v| v.as_str())
                .map(str::to_string);
            if id.is_some_and(|id| removed.contains(&id)) {
                items.remove(i);
            } else {
                i += 1;
            }
        }
    }
    // Items only theirs has: added by them, or kept by them after we removed it.
    for id in their_ids.iter().filter(|id| !our_ids.contains(id)) {
        let ti = t.item(id);
        if base_ids.contains(id) {
            if b.item(id) != ti {
                conflicted.push(id.clone());
            }
            continue;
        }
        if let Some(table) = table_of(&t.doc, id) {
            aot(&mut result).push(table.clone());
        }
    }

    let mut text = result.to_string();
    for id in &conflicted {
        let ours_chunk = item_chunk(&text, id);
        let theirs_chunk = item_chunk(theirs, id).map(|(s, e)| theirs[s..e].to_string());
        let (ours_text, at) = match ours_chunk {
            Some((s, e)) => (text[s..e].to_string(), (s, e)),
            None => (String::new(), (text.len(), text.len())),
        };
        let marked = format!(
            "<<<<<<< ours\n{}=======\n{}>>>>>>> theirs\n",
            with_newline(&ours_text),
            with_newline(theirs_chunk.as_deref().unwrap_or(""))
        );
        text.replace_range(at.0..at.1, &marked);
    }
    Some((text, conflicted.len()))
}

fn with_newline(s: &str) -> String {
    if s.is_empty() || s.ends_with('\n') {
        s.to_string()
    } else {
        format!("{s}\n")
    }
}

/// Merges one item changed on both sides into `mine`, key by key; `false` when a
/// key was changed to different values on both sides.
fn merge_item(
    mine: &mut Table,
    b: &toml::Table,
    o: &toml::Table,
    t: &toml::Table,
    theirs: &Table,
) -> bool {
    let keys: Vec<&String> = {
        let mut k: Vec<&String> = o.keys().chain(t.keys()).chain(b.keys()).collect();
        k.sort();
        k.dedup();
        k
    };
    let mut plan: Vec<(String, Option<Item>)> = Vec::new();
    for key in keys {
        let (bv, ov, tv) = (b.get(key), o.get(key), t.get(key));
        if ov == tv || tv == bv {
            continue;
        }
        if ov == bv {
            plan.push((key.clone(), theirs.get(key).cloned()));
            continue;
        }
        // Changed on both sides: lists that only grow are merged.
        if key == "log" || key == "forecast" {
            match union_by_date(mine.get(key), theirs.get(key), bv) {
                Some(item) => plan.push((key.clone(), Some(item))),
                None => return false,
            }
            continue;
        }
        if key == "signposts" {
            match merge_signposts(mine.get(key), theirs.get(key), bv, ov, tv) {
                Some(item) => plan.push((key.clone(), Some(item))),
                None => return false,
            }
            continue;
        }
        return false;
    }
    for (key, item) in plan {
        match item {
            Some(item) => {
                let decor = mine.key(&key).map(|k| k.leaf_decor().clone());
                mine.insert(&key, item);
                if let (Some(decor), Some(mut k)) = (decor, mine.key_mut(&key)) {
                    *k.leaf_decor_mut() = decor;
                }
            }
            None => {
                mine.remove(&key);
            }
        }
    }
    true
}

/// The entries of both lists, each once, in date order (of two on one day, ours
/// first), one a line; `None` when an entry of the base was removed on a side
/// (a list that was edited, not only added to, is for a person to merge).
fn union_by_date(
    ours: Option<&Item>,
    theirs: Option<&Item>,
    base: Option<&toml::Value>,
) -> Option<Item> {
    let values = |item: Option<&Item>| -> Option<Vec<toml_edit::Value>> {
        match item {
            None => Some(Vec::new()),
            Some(i) => Some(i.as_array()?.iter().cloned().collect()),
        }
    };
    let (mine, yours) = (values(ours)?, values(theirs)?);
    let meaning = |v: &toml_edit::Value| -> Option<toml::Value> {
        let text = format!("x = {}", v.to_string().trim());
        toml::from_str::<toml::Table>(&text).ok()?.remove("x")
    };
    let base_entries: Vec<toml::Value> = match base {
        Some(toml::Value::Array(a)) => a.clone(),
        None => Vec::new(),
        Some(_) => return None,
    };
    let mine_m: Vec<toml::Value> = mine.iter().filter_map(meaning).collect();
    let yours_m: Vec<toml::Value> = yours.iter().filter_map(meaning).collect();
    if mine_m.len() != mine.len() || yours_m.len() != yours.len() {
        return None;
    }
    if base_entries
        .iter()
        .any(|e| !mine_m.contains(e) || !yours_m.contains(e))
    {
        return None;
    }
    let mut all: Vec<(toml::Value, toml_edit::Value)> = mine_m.into_iter().zip(mine).collect();
    for (m, v) in yours_m.into_iter().zip(yours) {
        if !all.iter().any(|(e, _)| *e == m) {
            all.push((m, v));
        }
    }
    let day = |m: &toml::Value| match m.get("on") {
        Some(toml::Value::Datetime(d)) => d.to_string(),
        Some(toml::Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    all.sort_by_key(|(m, _)| day(m));
    let mut array = toml_edit::Array::new();
    for (_, mut v) in all {
        v.decor_mut().set_prefix("\n    ");
        v.decor_mut().set_suffix("");
        array.push_formatted(v);
    }
    array.set_trailing_comma(true);
    array.set_trailing("\n");
    let mut value = toml_edit::Value::Array(array);
    value.decor_mut().set_prefix(" ");
    Some(Item::Value(value))
}

/// Signposts observed on each side: the same signposts, in the same order, each
/// taken from the side that changed it (an observation); `None` when the list
/// itself changed or one signpost changed two ways.
fn merge_signposts(
    ours: Option<&Item>,
    theirs: Option<&Item>,
    b: Option<&toml::Value>,
    o: Option<&toml::Value>,
    t: Option<&toml::Value>,
) -> Option<Item> {
    let list = |v: Option<&toml::Value>| v.and_then(|v| v.as_array()).cloned();
    let (b, o, t) = (list(b)?, list(o)?, list(t)?);
    let text = |v: &toml::Value| -> Option<String> {
        match v {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Table(t) => t.get("text")?.as_str().map(str::to_string),
            _ => None,
        }
    };
    let texts = |l: &[toml::Value]| l.iter().map(text).collect::<Option<Vec<_>>>();
    if b.len() != o.len()
        || o.len() != t.len()
        || texts(&b)? != texts(&o)?
        || texts(&o)? != texts(&t)?
    {
        return None;
    }
    let mut result = ours?.clone();
    let theirs = theirs?.as_array()?;
    let array = result.as_array_mut()?;
    for i in 0..b.len() {
        if o[i] == t[i] || t[i] == b[i] {
            continue;
        }
        if o[i] != b[i] {
            return None;
        }
        let mut v = theirs.get(i)?.clone();
        let decor = array.get(i)?.decor().clone();
        *v.decor_mut() = decor;
        array.replace_formatted(i, v);
    }
    Some(result)
}

/// The byte range of the `[[watch]]` table whose id is `id` in `text`: from its
/// header line (with the comment lines right above it) to the next item's.
fn item_chunk(text: &str, id: &str) -> Option<(usize, usize)> {
    let mut starts: Vec<usize> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == "[[watch]]" {
            starts.push(offset);
        }
        offset += line.len();
    }
    let quoted = format!("\"{id}\"");
    for (n, &start) in starts.iter().enumerate() {
        let end = match starts.get(n + 1) {
            Some(&next) => comment_start(text, start + 1, next),
            None => text.len(),
        };
        let body = &text[start..end];
        let has_id = body.lines().any(|l| {
            let l = l.trim_start();
            l.strip_prefix("id").is_some_and(|rest| {
                rest.trim_start()
                    .strip_prefix('=')
                    .is_some_and(|v| v.trim_start().starts_with(&quoted))
            })
        });
        if has_id {
            let lowest = if n == 0 { 0 } else { starts[n - 1] + 1 };
            return Some((comment_start(text, lowest, start), end));
        }
    }
    None
}

/// Where the comment lines directly above `end` begin (so that a comment above
/// an item travels with it), not before `from`.
fn comment_start(text: &str, from: usize, end: usize) -> usize {
    let mut at = end;
    while at > from {
        let line_start = text[..at - 1].rfind('\n').map_or(0, |i| i + 1).max(from);
        let line = &text[line_start..at];
        if line.trim_start().starts_with('#') {
            at = line_start;
        } else {
            break;
        }
    }
    at
}

//! A TOML document as a tree of spanned values, for the loader and the config to walk.
//!
//! [`parse`] builds the tree straight from `toml_parser`'s events, which is the
//! bulk of the work of loading a corpus. Scenario files use a small part of TOML:
//! `key = value` lines with bare or quoted keys, `[table]` and `[[array]]` headers
//! of one key, inline tables and arrays. The builder handles that part and gives
//! up on anything else (a dotted key, a dotted header, a key or a table given
//! twice) and on any error (of syntax, of an escape, of a date). Then the document is parsed again by toml's own document parser
//! (`DeTable`), which knows the whole language and gives the syntax errors, and
//! its tree is converted. Both ways give the same tree, with the same spans and
//! the keys of each table in the same (sorted) order; a test compares them on
//! every file of the test suite and on generated documents.

use std::borrow::Cow;

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;
use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::{EventReceiver, RecursionGuard, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span};

/// A key, decoded, with the span of the key as written (quotes included).
pub type Key<'i> = Spanned<Cow<'i, str>>;
/// A value with its span.
pub type Node<'i> = Spanned<Val<'i>>;

/// A TOML value. Numbers are kept as text, decoded as toml's `DeValue` keeps
/// them (an integer without its radix prefix), for the loader to parse.
#[derive(Debug, Clone)]
pub enum Val<'i> {
    String(Cow<'i, str>),
    /// As decoded by toml: without its radix prefix (`0x`, `0o`, `0b`).
    Integer(Cow<'i, str>),
    Float(Cow<'i, str>),
    Boolean(bool),
    Datetime(Datetime),
    Array(Vec<Node<'i>>),
    Table(Table<'i>),
}

impl Val<'_> {
    /// The type's name as TOML calls it, for messages.
    pub fn type_str(&self) -> &'static str {
        match self {
            Val::String(_) => "string",
            Val::Integer(_) => "integer",
            Val::Float(_) => "float",
            Val::Boolean(_) => "boolean",
            Val::Datetime(_) => "datetime",
            Val::Array(_) => "array",
            Val::Table(_) => "table",
        }
    }
}

/// A table's entries, sorted by key (keys are unique). Tables are small: a
/// key is looked up by a scan.
#[derive(Debug, Clone, Default)]
pub struct Table<'i> {
    entries: Vec<(Key<'i>, Node<'i>)>,
}

impl<'i> Table<'i> {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Key<'i>, &Node<'i>)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn get(&self, key: &str) -> Option<&Node<'i>> {
        self.get_key_value(key).map(|(_, v)| v)
    }

    pub fn get_key_value(&self, key: &str) -> Option<(&Key<'i>, &Node<'i>)> {
        self.entries
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(k, v)| (k, v))
    }

    /// A table from entries in any order; `None` when a key is given twice.
    fn from_entries(mut entries: Vec<(Key<'i>, Node<'i>)>) -> Option<Self> {
        entries.sort_unstable_by(|a, b| a.0.get_ref().cmp(b.0.get_ref()));
        if entries
            .windows(2)
            .any(|w| w[0].0.get_ref() == w[1].0.get_ref())
        {
            return None;
        }
        Some(Table { entries })
    }
}

/// Parses a document: its root table, or toml's syntax errors (never empty).
pub fn parse(input: &str) -> Result<Table<'_>, Vec<toml::de::Error>> {
    if let Some(root) = build(input) {
        return Ok(root);
    }
    let (root, errors) = DeTable::parse_recoverable(input);
    if errors.is_empty() {
        Ok(table_from(root.into_inner()))
    } else {
        Err(errors)
    }
}

/// A syntax error's message as the user sees it, on one line.
pub fn syntax_message(e: &toml::de::Error) -> String {
    format!("TOML syntax: {}", e.message().trim().replace('\n', " "))
}

/// The nesting toml's own parser allows.
const DEPTH_LIMIT: u32 = 80;

/// The tree built from the parser's events, or `None` when the document leaves
/// the part of TOML the builder handles (or has an error).
fn build(input: &str) -> Option<Table<'_>> {
    let source = Source::new(input);
    let tokens = source.lex().into_vec();
    let mut builder = Builder {
        source,
        gave_up: false,
        root: Vec::new(),
        header: None,
        section: None,
        entries: Vec::new(),
        key: None,
        stack: Vec::new(),
    };
    // Section by section, so that a document the builder gives up on early is
    // not parsed to its end before it is parsed again by toml.
    for section in sections(&tokens) {
        let mut failed = false;
        {
            let mut sink = |_: ParseError| failed = true;
            let mut validate = ValidateWhitespace::new(&mut builder, source);
            let mut guard = RecursionGuard::new(&mut validate, DEPTH_LIMIT);
            toml_parser::parser::parse_document(section, &mut guard, &mut sink);
        }
        if failed || builder.gave_up {
            return None;
        }
    }
    builder.finish()
}

/// The document's tokens cut before each `[table]` or `[[array]]` header: each
/// part is a document of its own to the parser (a header line, then its
/// `key = value` lines), and together they are the whole.
fn sections(
    tokens: &[toml_parser::lexer::Token],
) -> impl Iterator<Item = &[toml_parser::lexer::Token]> {
    use toml_parser::lexer::TokenKind;
    let mut depth = 0usize;
    let mut cuts = vec![0];
    for (i, token) in tokens.iter().enumerate() {
        match token.kind() {
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => depth += 1,
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                depth = depth.saturating_sub(1);
            }
            TokenKind::Newline
                if depth == 0
                    && tokens
                        .get(i + 1)
                        .is_some_and(|t| t.kind() == TokenKind::LeftSquareBracket) =>
            {
                cuts.push(i + 1);
            }
            _ => {}
        }
    }
    cuts.push(tokens.len());
    cuts.dedup();
    (0..cuts.len() - 1).map(move |k| &tokens[cuts[k]..cuts[k + 1]])
}

/// A `[name]` or `[[name]]` header being read.
struct Header<'i> {
    start: usize,
    array: bool,
    key: Option<Key<'i>>,
}

/// The table that `key = value` lines go to, after a header.
struct Section<'i> {
    key: Key<'i>,
    span: std::ops::Range<usize>,
    array: bool,
}

/// An array or inline table whose values are being read.
enum Open<'i> {
    Array {
        start: usize,
        values: Vec<Node<'i>>,
    },
    Table {
        start: usize,
        entries: Vec<(Key<'i>, Node<'i>)>,
        key: Option<Key<'i>>,
    },
}

struct Builder<'i> {
    source: Source<'i>,
    /// Set on anything the builder does not handle; the rest is then ignored.
    gave_up: bool,
    /// The root's values and the tables under headers, in document order;
    /// put together at the end.
    root: Vec<RootEntry<'i>>,
    header: Option<Header<'i>>,
    /// The current `[name]`/`[[name]]` table, or `None` for the root.
    section: Option<Section<'i>>,
    /// The current table's entries (the root's until the first header).
    entries: Vec<(Key<'i>, Node<'i>)>,
    /// A key waiting for its value at the top level of the current table.
    key: Option<Key<'i>>,
    stack: Vec<Open<'i>>,
}

impl<'i> Builder<'i> {
    fn give_up(&mut self) {
        self.gave_up = true;
    }

    /// The text of an event, with the encoding the parser found for it.
    fn raw(&self, span: Span, encoding: Option<Encoding>) -> Raw<'i> {
        let text = &self.source.input()[span.start()..span.end()];
        Raw::new_unchecked(text, encoding, span)
    }

    fn key(&self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) -> Key<'i> {
        let raw = self.raw(span, encoding);
        let mut decoded = Cow::Borrowed("");
        raw.decode_key(&mut decoded, error);
        Spanned::new(span.start()..span.end(), decoded)
    }

    /// Adds a finished value where it belongs: the open array or inline table,
    /// or the current table under the waiting key.
    fn value(&mut self, node: Node<'i>) {
        match self.stack.last_mut() {
            Some(Open::Array { values, .. }) => values.push(node),
            // A key given twice is found when its table is closed.
            Some(Open::Table { entries, key, .. }) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => self.gave_up = true,
            },
            None => match self.key.take() {
                Some(k) => self.entries.push((k, node)),
                None => self.gave_up = true,
            },
        }
    }

    /// Puts the current table's entries where they belong: the root's own, or
    /// one table under a header.
    fn close_section(&mut self) {
        let entries = std::mem::take(&mut self.entries);
        let Some(section) = self.section.take() else {
            self.root
                .extend(entries.into_iter().map(|(k, v)| RootEntry::Value(k, v)));
            return;
        };
        match Table::from_entries(entries) {
            Some(table) => self.root.push(RootEntry::Header(section, table)),
            None => self.give_up(),
        }
    }

    fn table_open(&mut self, span: Span, array: bool) {
        if self.gave_up {
            return;
        }
        if self.key.is_some() || !self.stack.is_empty() || self.header.is_some() {
            return self.give_up();
        }
        self.close_section();
        self.header = Some(Header {
            start: span.start(),
            array,
            key: None,
        });
    }

    fn table_close(&mut self, span: Span) {
        if self.gave_up {
            return;
        }
        match self.header.take() {
            Some(Header {
                start,
                array,
                key: Some(key),
            }) => {
                self.section = Some(Section {
                    key,
                    span: start..span.end(),
                    array,
                });
            }
            _ => self.give_up(),
        }
    }

    fn finish(mut self) -> Option<Table<'i>> {
        if self.gave_up || self.header.is_some() || self.key.is_some() || !self.stack.is_empty() {
            return None;
        }
        self.close_section();
        if self.gave_up {
            return None;
        }
        // In key order, and for one key in document order: a key may come more
        // than once only as `[[name]]` headers, whose tables make one array
        // (spanning the first header).
        let mut root = self.root;
        root.sort_by(|a, b| a.key().get_ref().cmp(b.key().get_ref()));
        let mut entries: Vec<(Key<'i>, Node<'i>)> = Vec::with_capacity(root.len());
        let mut last_is_array_of_tables = false;
        for entry in root {
            let again = entries
                .last()
                .is_some_and(|(k, _)| k.get_ref() == entry.key().get_ref());
            match entry {
                RootEntry::Header(section, table) if section.array => {
                    let table = Spanned::new(section.span.clone(), Val::Table(table));
                    match (again, entries.last_mut()) {
                        (false, _) => {
                            let array = Spanned::new(section.span, Val::Array(vec![table]));
                            entries.push((section.key, array));
                            last_is_array_of_tables = true;
                        }
                        (true, Some((_, node))) if last_is_array_of_tables => {
                            let Val::Array(tables) = node.get_mut() else {
                                unreachable!("an array of tables is an array")
                            };
                            tables.push(table);
                        }
                        // An array of tables on another value.
                        (true, _) => return None,
                    }
                }
                // A table defined twice, or a value given again.
                _ if again => return None,
                RootEntry::Header(section, table) => {
                    entries.push((section.key, Spanned::new(section.span, Val::Table(table))));
                    last_is_array_of_tables = false;
                }
                RootEntry::Value(key, value) => {
                    entries.push((key, value));
                    last_is_array_of_tables = false;
                }
            }
        }
        Some(Table { entries })
    }
}

/// A part of the root, before the root is put together.
enum RootEntry<'i> {
    /// A `key = value` line before the first header.
    Value(Key<'i>, Node<'i>),
    /// The table under a `[name]` or `[[name]]` header.
    Header(Section<'i>, Table<'i>),
}

impl<'i> RootEntry<'i> {
    fn key(&self) -> &Key<'i> {
        match self {
            RootEntry::Value(key, _) => key,
            RootEntry::Header(section, _) => &section.key,
        }
    }
}

impl<'i> EventReceiver for Builder<'i> {
    fn std_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.table_open(span, false);
    }

    fn std_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.table_close(span);
    }

    fn array_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.table_open(span, true);
    }

    fn array_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.table_close(span);
    }

    fn inline_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.stack.push(Open::Table {
            start: span.start(),
            entries: Vec::new(),
            key: None,
        });
        true
    }

    fn inline_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        if self.gave_up {
            return;
        }
        match self.stack.pop() {
            Some(Open::Table {
                start,
                entries,
                key: None,
            }) => match Table::from_entries(entries) {
                Some(table) => self.value(Spanned::new(start..span.end(), Val::Table(table))),
                None => self.give_up(),
            },
            _ => self.give_up(),
        }
    }

    fn array_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.stack.push(Open::Array {
            start: span.start(),
            values: Vec::new(),
        });
        true
    }

    fn array_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        if self.gave_up {
            return;
        }
        match self.stack.pop() {
            Some(Open::Array { start, values }) => {
                self.value(Spanned::new(start..span.end(), Val::Array(values)));
            }
            _ => self.give_up(),
        }
    }

    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        if self.gave_up {
            return;
        }
        let key = self.key(span, encoding, error);
        let slot = match (&mut self.header, self.stack.last_mut()) {
            (Some(header), _) => &mut header.key,
            (None, Some(Open::Table { key, .. })) => key,
            (None, Some(Open::Array { .. })) => return self.give_up(),
            (None, None) => &mut self.key,
        };
        if slot.is_some() {
            return self.give_up();
        }
        *slot = Some(key);
    }

    fn key_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        // A dotted key: left to toml's parser.
        self.give_up();
    }

    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        if self.gave_up {
            return;
        }
        let raw = self.raw(span, encoding);
        let mut decoded = Cow::Borrowed("");
        let value = match raw.decode_scalar(&mut decoded, error) {
            ScalarKind::String => Val::String(decoded),
            ScalarKind::Boolean(b) => Val::Boolean(b),
            ScalarKind::DateTime => match decoded.parse::<Datetime>() {
                Ok(dt) => Val::Datetime(dt),
                Err(_) => return self.give_up(),
            },
            ScalarKind::Float => Val::Float(decoded),
            ScalarKind::Integer(_) => Val::Integer(decoded),
        };
        self.value(Spanned::new(span.start()..span.end(), value));
    }

    fn error(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.give_up();
    }
}

/// Converts toml's tree (for the documents the builder leaves to it), in key
/// order whatever toml's own order is.
fn table_from(table: DeTable<'_>) -> Table<'_> {
    let mut entries: Vec<_> = table.into_iter().map(|(k, v)| (k, node_from(v))).collect();
    entries.sort_by(|a, b| a.0.get_ref().cmp(b.0.get_ref()));
    Table { entries }
}

fn node_from(v: Spanned<DeValue<'_>>) -> Node<'_> {
    let span = v.span();
    let val = match v.into_inner() {
        DeValue::String(s) => Val::String(s),
        DeValue::Integer(i) => Val::Integer(Cow::Owned(i.as_str().to_owned())),
        DeValue::Float(x) => Val::Float(Cow::Owned(x.as_str().to_owned())),
        DeValue::Boolean(b) => Val::Boolean(b),
        DeValue::Datetime(dt) => Val::Datetime(dt),
        DeValue::Array(a) => Val::Array(a.into_iter().map(node_from).collect()),
        DeValue::Table(t) => Val::Table(table_from(t)),
    };
    Spanned::new(span, val)
}

#[cfg(test)]
mod tests;

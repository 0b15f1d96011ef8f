//! The rows of the item listings (`status`, `due`, `agenda`, and the items of a
//! scenario in `show`): which columns, each cell's text and style.
//!
//! Every cell that holds scenario text (ids, titles) is made printable
//! ([`crate::text::printable`]): an escape sequence in a title is shown, never
//! sent to the terminal.

use std::borrow::Cow;

use anstyle::{AnsiColor, Style};
use chrono::NaiveDate;

use crate::idmap::{self, IdMap};
use crate::model::{Corpus, ItemKey, Priority};
use crate::status::{State, Statuses};
use crate::table::{Cell, Column, Table};
use crate::text::printable;
use crate::view;

/// A column of an item listing (also the values of `--columns`, whose help
/// the comments are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ItemColumn {
    Status,
    Due,
    /// Days to the due day
    In,
    Priority,
    /// The short ref: the item id, or scenario/item when the id is not unique
    Ref,
    /// The item id alone
    Id,
    /// The scenario's title
    Scenario,
    Title,
}

impl ItemColumn {
    /// The columns of `status`, `due` and `agenda` unless asked otherwise.
    pub const DEFAULT: [ItemColumn; 6] = [
        ItemColumn::Status,
        ItemColumn::Due,
        ItemColumn::In,
        ItemColumn::Priority,
        ItemColumn::Ref,
        ItemColumn::Title,
    ];

    fn column(self) -> Column {
        match self {
            ItemColumn::Status => Column::left("STATUS"),
            ItemColumn::Due => Column::left("DUE"),
            ItemColumn::In => Column::right("IN"),
            ItemColumn::Priority => Column::left("PRIORITY"),
            ItemColumn::Ref => Column::left("REF"),
            ItemColumn::Id => Column::left("ID"),
            ItemColumn::Scenario => Column::left("SCENARIO").shrink_to(10),
            ItemColumn::Title => Column::left("TITLE").shrink_to(10),
        }
    }
}

/// Builds the rows of an item listing with the given columns.
pub struct Rows<'a> {
    corpus: &'a Corpus,
    statuses: &'a Statuses,
    columns: Vec<ItemColumn>,
    refs: ShortRefs<'a>,
}

impl<'a> Rows<'a> {
    pub fn new(corpus: &'a Corpus, statuses: &'a Statuses, columns: &[ItemColumn]) -> Rows<'a> {
        // The short refs are counted only when a column shows them.
        let refs = if columns.contains(&ItemColumn::Ref) {
            ShortRefs::new(corpus)
        } else {
            ShortRefs::empty(corpus)
        };
        Rows {
            corpus,
            statuses,
            columns: columns.to_vec(),
            refs,
        }
    }

    /// An empty table under these columns, with its header line.
    pub fn table(&self) -> Table<'a> {
        let mut t = Table::new(self.columns.iter().map(|c| c.column()).collect());
        t.header();
        t
    }

    /// The cells of one item.
    pub fn cells(&self, key: ItemKey) -> Vec<Cell<'a>> {
        self.cells_as(key, None)
    }

    /// The cells of a pending item shown on `day`, when it may fire: its status
    /// cell says so, and its due and in cells speak of that day.
    pub fn may_fire(&self, key: ItemKey, day: NaiveDate) -> Vec<Cell<'a>> {
        self.cells_as(key, Some(day))
    }

    fn cells_as(&self, key: ItemKey, fires: Option<NaiveDate>) -> Vec<Cell<'a>> {
        let corpus = self.corpus;
        let item = corpus.item(key);
        let st = self.statuses.get(key);
        let today = self.statuses.today;
        let live = st.state.is_live();
        let dim = Style::new().dimmed();
        let plain_if_live = if live { Style::new() } else { dim };
        self.columns
            .iter()
            .map(|column| match (column, fires) {
                (ItemColumn::Status, Some(_)) => {
                    Cell::styled("may fire", state_style(State::Pending))
                }
                (ItemColumn::Status, None) => {
                    Cell::styled(st.state.as_str(), state_style(st.state))
                }
                (ItemColumn::Due, Some(day)) => Cell::new(day.to_string()),
                (ItemColumn::Due, None) => Cell::styled(
                    st.due.map(view::date_text).unwrap_or_default(),
                    plain_if_live,
                ),
                (ItemColumn::In, Some(day)) => Cell::new(relative_days((day - today).num_days())),
                (ItemColumn::In, None) => Cell::new(
                    st.days_until_due(today)
                        .filter(|_| live)
                        .map(relative_days)
                        .unwrap_or_default(),
                ),
                (ItemColumn::Priority, _) => {
                    Cell::styled(item.priority.as_str(), priority_style(item.priority))
                }
                (ItemColumn::Ref, _) => Cell::new(self.refs.of(key)),
                (ItemColumn::Id, _) => Cell::new(printable(&item.id)),
                (ItemColumn::Scenario, _) => {
                    Cell::styled(printable(&corpus.scenario_of(key).title), plain_if_live)
                }
                (ItemColumn::Title, _) => Cell::styled(printable(&item.title), plain_if_live),
            })
            .collect()
    }
}

/// The REF a table shows: the bare item id when no other scenario has an item of
/// that id (what `show` accepts, and shorter to read and type), else the full
/// `scenario/item`. JSON always has the full ref.
struct ShortRefs<'a> {
    corpus: &'a Corpus,
    /// How many items have each id.
    counts: IdMap<&'a str, u32>,
}

impl<'a> ShortRefs<'a> {
    fn new(corpus: &'a Corpus) -> ShortRefs<'a> {
        let mut counts = idmap::map_with_capacity(corpus.item_count());
        for s in &corpus.scenarios {
            for item in &s.items {
                *counts.entry(item.id.as_str()).or_default() += 1;
            }
        }
        ShortRefs { corpus, counts }
    }

    fn empty(corpus: &'a Corpus) -> ShortRefs<'a> {
        ShortRefs {
            corpus,
            counts: idmap::map_with_capacity(0),
        }
    }

    fn of(&self, key: ItemKey) -> Cow<'a, str> {
        let id = self.corpus.item(key).id.as_str();
        if self.counts.get(id) == Some(&1) {
            return printable(id);
        }
        let scenario = self.corpus.scenario_of(key).id.as_str();
        match (printable(scenario), printable(id)) {
            (Cow::Borrowed(s), Cow::Borrowed(i)) => {
                let mut full = String::with_capacity(s.len() + 1 + i.len());
                full.push_str(s);
                full.push('/');
                full.push_str(i);
                full.into()
            }
            (s, i) => format!("{s}/{i}").into(),
        }
    }
}

/// "today", "in 5d", "3d ago".
pub fn relative_days(n: i64) -> String {
    if n == 0 {
        return "today".to_string();
    }
    if n > 0 {
        format!("in {n}d")
    } else {
        format!("{}d ago", n.unsigned_abs())
    }
}

pub fn state_color(state: State) -> anstyle::Color {
    match state {
        State::Overdue => AnsiColor::Red,
        State::Due => AnsiColor::Yellow,
        State::Upcoming => AnsiColor::Cyan,
        State::Open => AnsiColor::Blue,
        State::Pending => AnsiColor::Magenta,
        State::Resolved => AnsiColor::Green,
        State::Moot | State::Ended | State::Dropped => AnsiColor::BrightBlack,
    }
    .into()
}

pub fn state_style(state: State) -> Style {
    let style = Style::new().fg_color(Some(state_color(state)));
    if matches!(state, State::Overdue | State::Due) {
        style.bold()
    } else {
        style
    }
}

fn priority_style(p: Priority) -> Style {
    match p {
        Priority::Critical => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Priority::High => Style::new().bold(),
        Priority::Normal => Style::new(),
        Priority::Low => Style::new().dimmed(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_as_words() {
        assert_eq!(relative_days(0), "today");
        assert_eq!(relative_days(5), "in 5d");
        assert_eq!(relative_days(-123), "123d ago");
        assert_eq!(
            relative_days(i64::MIN),
            format!("{}d ago", i64::MIN.unsigned_abs())
        );
    }
}

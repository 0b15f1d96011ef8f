//! `whatsnext review`: the review list (overdue and due items, in `due`'s
//! order) walked one item at a time, each answer recorded through the same
//! edits as the single commands.
//!
//! Invariants:
//! - The list is fixed when the review starts. After a change the corpus is
//!   loaded again, and an item that has become overdue or due (a trigger fired,
//!   a snooze into the window) joins at the end; no item joins twice.
//! - Every change goes through [`Edits`] (or `crate::editor` for `e`), which
//!   lock, check, write atomically and log; a refused answer writes nothing and
//!   the question is asked again.
//! - What was answered before a `q` or the end of the input is written; a
//!   question left unanswered writes nothing.

mod answer;
mod card;
pub mod prompt;

use std::collections::HashSet;
use std::io::Write;

use chrono::NaiveDate;

use crate::config::Config;
use crate::model::{Corpus, ItemKey};
use crate::status::{self, ItemStatus, State, Statuses};
use crate::view::ItemView;
use crate::workspace::Workspace;
use crate::{Failure, Result};

pub use answer::Action;
use prompt::Prompter;

/// Which items a review walks (beyond being overdue or due), and whether it writes.
pub struct Options<'f> {
    pub select: &'f dyn Fn(&Corpus, ItemKey, &ItemStatus) -> bool,
    pub dry_run: bool,
}

/// A resolution as the review asks for it.
pub struct Resolve<'a> {
    pub reference: &'a str,
    pub outcome: &'a str,
    pub on: NaiveDate,
    pub note: Option<&'a str>,
    pub source: Option<&'a str>,
}

/// The edits a review records, one per action: each is the single command's
/// edit (lock, check, atomic write, log entry, a one-line confirmation on
/// stdout; with `dry_run`, a diff instead).
pub trait Edits {
    fn resolve(&mut self, r: &Resolve<'_>) -> Result<()>;
    fn note(&mut self, reference: &str, text: &str) -> Result<()>;
    fn snooze(&mut self, reference: &str, to: NaiveDate) -> Result<()>;
    /// `p` as typed: `0.7`, or `outcome=p,…`.
    fn forecast(&mut self, reference: &str, p: &str) -> Result<()>;
    fn drop(&mut self, reference: &str, reason: &str) -> Result<()>;
    /// `signpost` is the signpost's exact text.
    fn observe(&mut self, reference: &str, signpost: &str) -> Result<()>;
}

/// What a review did, for the summary line.
#[derive(Debug, Default)]
struct Tally {
    resolved: usize,
    snoozed: usize,
    noted: usize,
    forecast: usize,
    dropped: usize,
    observed: usize,
    edited: usize,
    /// Items passed over without a change (by ref: going back and acting on
    /// one takes it out).
    skipped: HashSet<String>,
    /// Items with at least one change.
    changed: HashSet<String>,
}

impl Tally {
    fn count(&mut self, action: Action, reference: &str) {
        let n = match action {
            Action::Resolve => &mut self.resolved,
            Action::Snooze => &mut self.snoozed,
            Action::Note => &mut self.noted,
            Action::Forecast => &mut self.forecast,
            Action::Drop => &mut self.dropped,
            Action::Observe => &mut self.observed,
            Action::Edit => &mut self.edited,
            _ => return,
        };
        *n += 1;
        self.skipped.remove(reference);
        self.changed.insert(reference.to_string());
    }

    fn skip(&mut self, reference: String) {
        if !self.changed.contains(&reference) {
            self.skipped.insert(reference);
        }
    }

    /// "2 resolved, 1 snoozed, 1 noted, 3 skipped".
    fn summary(&self) -> String {
        let parts: Vec<String> = [
            (self.resolved, "resolved"),
            (self.snoozed, "snoozed"),
            (self.noted, "noted"),
            (self.forecast, "forecast"),
            (self.dropped, "dropped"),
            (self.observed, "observed"),
            (self.edited, "edited"),
            (self.skipped.len(), "skipped"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if parts.is_empty() {
            "nothing changed".to_string()
        } else {
            parts.join(", ")
        }
    }
}

/// Runs a review; returns the process exit code.
pub fn run(
    config: &Config,
    options: &Options<'_>,
    edits: &mut dyn Edits,
    p: &mut Prompter<'_>,
) -> Result<u8> {
    let mut ws = Workspace::load_checked(config)?;
    let mut statuses = ws.statuses(config);
    let mut list = review_list(&ws, &statuses, options);
    let mut out = anstream::stdout();
    if list.is_empty() {
        writeln!(out, "Nothing to review as of {}.", config.today)?;
        return Ok(crate::exit::OK);
    }
    let mut tally = Tally::default();
    let mut i = 0;
    'items: while i < list.len() {
        let Ok(key) = ws.item(&list[i]) else {
            // Renamed or removed by an edit meanwhile.
            i += 1;
            continue;
        };
        p.say(&card::card(&ws, &statuses, key, i + 1, list.len()));
        loop {
            let Some(a) =
                p.ask("[r]esolve [n]ote [s]nooze [f]orecast [d]rop [o]bserve [e]dit [k]skip [b]ack [q]uit [?]help")?
            else {
                break 'items;
            };
            let action = match Action::parse(&a) {
                Ok(action) => action,
                Err(why) => {
                    p.refuse(&why);
                    continue;
                }
            };
            let reference = list[i].clone();
            match action {
                Action::Skip => {
                    tally.skip(reference);
                    i += 1;
                    continue 'items;
                }
                Action::Back if i == 0 => p.refuse("this is the first item"),
                Action::Back => {
                    i -= 1;
                    continue 'items;
                }
                Action::Quit => break 'items,
                Action::Help => p.say(&help()),
                _ => {
                    let view = ItemView::new(&ws.corpus, &ws.index, &statuses, key);
                    let earliest = ws.corpus.scenario_of(key).date;
                    let done = act(
                        config, options, edits, p, action, &reference, &view, earliest,
                    )?;
                    match done {
                        Done::Ended => break 'items,
                        Done::Cancelled => {}
                        Done::Changed => {
                            tally.count(action, &reference);
                            if !options.dry_run {
                                ws = Workspace::load_checked(config)?;
                                statuses = ws.statuses(config);
                                for r in review_list(&ws, &statuses, options) {
                                    if !list.contains(&r) {
                                        list.push(r);
                                    }
                                }
                            }
                            if action.moves_on() {
                                i += 1;
                            } else if options.dry_run {
                                // Nothing changed on the card: the prompt again.
                                continue;
                            }
                            // The card again, with the change on it (or the next one).
                            continue 'items;
                        }
                    }
                }
            }
        }
    }
    let dry = if options.dry_run {
        " (dry run: nothing written)"
    } else {
        ""
    };
    writeln!(
        out,
        "Review as of {}: {}{dry}",
        config.today,
        tally.summary()
    )?;
    Ok(crate::exit::OK)
}

/// How an action's questions ended.
enum Done {
    Changed,
    /// Enter on a question without a default: back to the action prompt.
    Cancelled,
    /// The input ended mid-question.
    Ended,
}

/// Asks until `parse` takes the answer; Enter gives `default` (or cancels when
/// there is none).
fn ask_until<T>(
    p: &mut Prompter<'_>,
    question: &str,
    default: Option<&str>,
    parse: impl Fn(&str) -> std::result::Result<T, String>,
) -> Result<Option<Option<T>>> {
    let shown = match default {
        Some(d) => format!("{question} [{d}]:"),
        None => format!("{question} [Enter: cancel]:"),
    };
    loop {
        let Some(a) = p.ask(&shown)? else {
            return Ok(None);
        };
        let a = a.trim();
        let a = match (a.is_empty(), default) {
            (true, Some(d)) => d,
            (true, None) => return Ok(Some(None)),
            (false, _) => a,
        };
        match parse(a) {
            Ok(v) => return Ok(Some(Some(v))),
            Err(why) => p.refuse(&why),
        }
    }
}

/// Free text: Enter gives `None` (no text).
fn ask_text(p: &mut Prompter<'_>, question: &str, empty: &str) -> Result<Option<Option<String>>> {
    let Some(a) = p.ask(&format!("{question} [{empty}]:"))? else {
        return Ok(None);
    };
    let a = a.trim();
    Ok(Some((!a.is_empty()).then(|| a.to_string())))
}

/// Unwraps a question's answer inside [`act`]: the end of input ends the
/// review, a cancel goes back to the prompt.
macro_rules! answer {
    ($e:expr) => {
        match $e? {
            None => return Ok(Done::Ended),
            Some(None) => return Ok(Done::Cancelled),
            Some(Some(v)) => v,
        }
    };
}

/// Asks an action's questions and records it.
#[allow(clippy::too_many_arguments)]
fn act(
    config: &Config,
    options: &Options<'_>,
    edits: &mut dyn Edits,
    p: &mut Prompter<'_>,
    action: Action,
    r: &str,
    view: &ItemView<'_>,
    earliest: NaiveDate,
) -> Result<Done> {
    let today = config.today;
    let today_text = today.to_string();
    let result = match action {
        Action::Resolve => {
            let range = format!("1-{}, or a name", view.outcomes.len());
            let outcome = answer!(ask_until(p, &format!("Outcome ({range})"), None, |a| {
                answer::outcome(a, view.outcomes)
            }));
            let on = answer!(ask_until(p, "Day", Some(&today_text), |a| answer::day(
                a, today, earliest
            )));
            let note = match ask_text(p, "Note", "none")? {
                None => return Ok(Done::Ended),
                Some(n) => n,
            };
            let source = match ask_text(p, "Source URL", "none")? {
                None => return Ok(Done::Ended),
                Some(s) => s,
            };
            edits.resolve(&Resolve {
                reference: r,
                outcome: &outcome,
                on,
                note: note.as_deref(),
                source: source.as_deref(),
            })
        }
        Action::Note => {
            let text = answer!(ask_until(p, "Note", None, |a| Ok(a.to_string())));
            edits.note(r, &text)
        }
        Action::Snooze => {
            let to = answer!(ask_until(
                p,
                "Snooze to (a date or +N[dwmy])",
                Some("+7d"),
                |a| { answer::day(a, today, earliest) }
            ));
            edits.snooze(r, to)
        }
        Action::Forecast => {
            let question = if view.outcomes.len() == 2 && view.outcomes[0] == "yes" {
                "Probability of yes (like 0.7)".to_string()
            } else {
                format!(
                    "Probabilities ({}=P,…)",
                    crate::text::printable(&view.outcomes[0])
                )
            };
            let p_text = answer!(ask_until(p, &question, None, |a| Ok(a.to_string())));
            edits.forecast(r, &p_text)
        }
        Action::Drop => {
            let reason = answer!(ask_until(p, "Reason", None, |a| Ok(a.to_string())));
            edits.drop(r, &reason)
        }
        Action::Observe => {
            let open = card::unobserved(view);
            if open.is_empty() {
                p.refuse("this item has no unobserved signposts");
                return Ok(Done::Cancelled);
            }
            let range = format!("Signpost (1-{})", open.len());
            let text = answer!(ask_until(p, &range, None, |a| answer::signpost(a, &open)
                .map(str::to_string)));
            edits.observe(r, &text)
        }
        Action::Edit => match crate::editor::edit_item(config, r, options.dry_run, p) {
            Ok(crate::editor::Edited::Changed) => Ok(()),
            Ok(_) => return Ok(Done::Cancelled),
            Err(e) => Err(e),
        },
        Action::Skip | Action::Back | Action::Quit | Action::Help => {
            return Ok(Done::Cancelled);
        }
    };
    match result {
        Ok(()) => Ok(Done::Changed),
        Err(Failure::Io(e)) => Err(Failure::Io(e)),
        Err(Failure::Refused(why)) => Ok(refused(p, &why.to_string())),
        Err(Failure::Invalid(why) | Failure::Usage(why)) => Ok(refused(p, &why)),
        // Already printed (the corpus has errors).
        Err(Failure::Reported) => Ok(Done::Cancelled),
    }
}

/// Says an answer was refused, and that nothing was written.
fn refused(p: &mut Prompter<'_>, why: &str) -> Done {
    if why.ends_with("nothing written") {
        p.refuse(why);
    } else {
        p.refuse(&format!("{why}; nothing written"));
    }
    Done::Cancelled
}

fn help() -> String {
    let mut s = String::from("\nEach answer is a letter (or the word), then Enter:\n");
    for (_, letter, word, what) in Action::ALL {
        s.push_str(&format!("  {letter}  {word:9} {what}\n"));
    }
    s.push_str(
        "After r, d or s the review moves to the next item; after n, f, o or e it stays\n\
         on the item (Enter moves on). A question with [Enter: cancel] goes back to this\n\
         prompt on Enter alone. The end of the input ends the review.\n",
    );
    s
}

/// The items to review as of T, most urgent first (as `due` lists them), by ref.
fn review_list(ws: &Workspace, statuses: &Statuses, options: &Options<'_>) -> Vec<String> {
    let corpus = &ws.corpus;
    let mut keys: Vec<ItemKey> = corpus
        .keys()
        .filter(|&k| {
            let st = statuses.get(k);
            matches!(st.state, State::Overdue | State::Due) && (options.select)(corpus, k, st)
        })
        .collect();
    // Ties by ref: its scenario id, then its item id.
    let place = |k: ItemKey| {
        (
            status::urgency(statuses.get(k), corpus.item(k).priority),
            corpus.scenario_of(k).id.as_str(),
            corpus.item(k).id.as_str(),
        )
    };
    keys.sort_by(|a, b| place(*a).cmp(&place(*b)));
    keys.into_iter().map(|k| corpus.item_ref(k)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_only_what_happened() {
        let mut t = Tally::default();
        assert_eq!(t.summary(), "nothing changed");
        t.skip("s/a".into());
        t.skip("s/b".into());
        t.count(Action::Resolve, "s/a");
        t.count(Action::Note, "s/c");
        t.skip("s/c".into());
        assert_eq!(t.summary(), "1 resolved, 1 noted, 1 skipped");
    }
}

//! `whatsnext review` and `whatsnext edit`: the flags turned into the review's
//! options, and the one adapter through which the review records its answers,
//! each action calling the single command's edit (`cmd::edit`) as the command
//! line would.

use std::io::BufRead;

use chrono::NaiveDate;

use crate::cli::{
    DropArgs, EditArgs, EditItemArgs, ForecastArgs, NoteArgs, ObserveArgs, ResolveArgs, ReviewArgs,
    SnoozeArgs,
};
use crate::config::Config;
use crate::editor::{self, Edited};
use crate::review::prompt::Prompter;
use crate::review::{self, Edits, Options, Resolve};
use crate::{Result, cmd, exit};

pub fn review(config: &Config, a: &ReviewArgs) -> Result<u8> {
    let filter = cmd::list::filter(&a.filters)?;
    let select = move |corpus: &crate::model::Corpus, key, st: &crate::status::ItemStatus| {
        filter.matches(corpus, key, st)
    };
    let options = Options {
        select: &select,
        dry_run: a.dry_run,
    };
    let mut edits = SingleCommands {
        config,
        dry_run: a.dry_run,
    };
    let stdin = std::io::stdin();
    let mut input: Box<dyn BufRead> = Box::new(stdin.lock());
    let mut p = Prompter::new(&mut input, !Prompter::stdin_is_terminal());
    review::run(config, &options, &mut edits, &mut p)
}

pub fn edit(config: &Config, a: &EditItemArgs) -> Result<u8> {
    let stdin = std::io::stdin();
    let mut input: Box<dyn BufRead> = Box::new(stdin.lock());
    let mut p = Prompter::new(&mut input, !Prompter::stdin_is_terminal());
    match editor::edit_item(config, &a.reference, false, &mut p)? {
        Edited::Changed | Edited::Unchanged => Ok(exit::OK),
        Edited::Kept(_) => Ok(exit::INVALID),
    }
}

/// The review's edits, each through the single command of the same name.
struct SingleCommands<'c> {
    config: &'c Config,
    dry_run: bool,
}

impl SingleCommands<'_> {
    fn flags(&self) -> EditArgs {
        EditArgs {
            dry_run: self.dry_run,
        }
    }
}

fn date(d: NaiveDate) -> Option<String> {
    Some(d.to_string())
}

impl Edits for SingleCommands<'_> {
    fn resolve(&mut self, r: &Resolve<'_>) -> Result<()> {
        let args = ResolveArgs {
            reference: r.reference.to_string(),
            outcome: r.outcome.to_string(),
            on: date(r.on),
            note: r.note.map(str::to_string),
            sources: r.source.map(str::to_string).into_iter().collect(),
            edit: self.flags(),
        };
        cmd::edit::resolve(self.config, &args).map(drop)
    }

    fn note(&mut self, reference: &str, text: &str) -> Result<()> {
        let args = NoteArgs {
            reference: reference.to_string(),
            text: text.to_string(),
            on: None,
            edit: self.flags(),
        };
        cmd::edit::note(self.config, &args).map(drop)
    }

    fn snooze(&mut self, reference: &str, to: NaiveDate) -> Result<()> {
        let args = SnoozeArgs {
            reference: reference.to_string(),
            to: to.to_string(),
            edit: self.flags(),
        };
        cmd::edit::snooze(self.config, &args).map(drop)
    }

    fn forecast(&mut self, reference: &str, p: &str) -> Result<()> {
        let args = ForecastArgs {
            reference: reference.to_string(),
            p: vec![p.to_string()],
            on: None,
            by: None,
            edit: self.flags(),
        };
        cmd::edit::forecast(self.config, &args).map(drop)
    }

    fn drop(&mut self, reference: &str, reason: &str) -> Result<()> {
        let args = DropArgs {
            reference: reference.to_string(),
            reason: reason.to_string(),
            on: None,
            edit: self.flags(),
        };
        cmd::edit::drop(self.config, &args).map(drop)
    }

    fn observe(&mut self, reference: &str, signpost: &str) -> Result<()> {
        let args = ObserveArgs {
            reference: reference.to_string(),
            signpost: signpost.to_string(),
            on: None,
            edit: self.flags(),
        };
        cmd::edit::observe(self.config, &args).map(drop)
    }
}

//! The floor: the least work any whatsnext listing has to do, done plainly.
//!
//! Walk the scenarios folder, read every `*.toml`, deserialize it with serde + toml
//! into minimal structs on a rayon pool of `--threads` (default 2), and classify each
//! item by date against `--today`: resolved, dropped, open (no due), overdue, due (within
//! the default 7-day lead) or upcoming. Prints the counts. No validation, no spans, no
//! triggers: a relative due counts from the scenario date. whatsnext's commands are
//! measured as a ratio to this program's time.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;
use serde::Deserialize;
use toml::value::Datetime;

#[derive(Deserialize)]
struct Scenario {
    date: Datetime,
    #[serde(default)]
    watch: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    #[allow(dead_code)]
    id: String,
    due: Option<toml::Value>,
    resolution: Option<OnDate>,
    dropped: Option<OnDate>,
}

#[derive(Deserialize)]
struct OnDate {
    on: Datetime,
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn day(dt: &Datetime) -> Option<i64> {
    dt.date
        .map(|d| days_from_civil(d.year.into(), d.month.into(), d.day.into()))
}

#[derive(Default, Clone, Copy)]
struct Counts {
    files: usize,
    items: usize,
    resolved: usize,
    dropped: usize,
    open: usize,
    overdue: usize,
    due: usize,
    upcoming: usize,
    errors: usize,
}

impl Counts {
    fn add(mut self, o: Counts) -> Counts {
        self.files += o.files;
        self.items += o.items;
        self.resolved += o.resolved;
        self.dropped += o.dropped;
        self.open += o.open;
        self.overdue += o.overdue;
        self.due += o.due;
        self.upcoming += o.upcoming;
        self.errors += o.errors;
        self
    }
}

const LEAD: i64 = 7;

fn classify(path: &Path, today: i64) -> Counts {
    let mut c = Counts {
        files: 1,
        ..Counts::default()
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(_) => {
            c.errors = 1;
            return c;
        }
    };
    let scenario: Scenario = match toml::from_str(&text) {
        Ok(s) => s,
        Err(_) => {
            c.errors = 1;
            return c;
        }
    };
    let start = day(&scenario.date).unwrap_or(0);
    for item in &scenario.watch {
        c.items += 1;
        if item
            .resolution
            .as_ref()
            .and_then(|r| day(&r.on))
            .is_some_and(|d| d <= today)
        {
            c.resolved += 1;
            continue;
        }
        if item
            .dropped
            .as_ref()
            .and_then(|r| day(&r.on))
            .is_some_and(|d| d <= today)
        {
            c.dropped += 1;
            continue;
        }
        let due = match &item.due {
            Some(toml::Value::Datetime(dt)) => day(dt),
            Some(toml::Value::String(s)) => s
                .strip_prefix('+')
                .and_then(|s| s.strip_suffix('d'))
                .and_then(|n| n.parse::<i64>().ok())
                .map(|n| start + n),
            _ => None,
        };
        match due {
            None => c.open += 1,
            Some(d) if today > d => c.overdue += 1,
            Some(d) if today >= d - LEAD => c.due += 1,
            Some(_) => c.upcoming += 1,
        }
    }
    c
}

fn parse_day(s: &str) -> Option<i64> {
    let mut it = s.splitn(3, '-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    Some(days_from_civil(y, m, d))
}

fn run() -> Result<(), String> {
    let mut today = None;
    let mut threads = 2usize;
    let mut dir = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--today" => {
                let v = it.next().ok_or("--today needs a date")?;
                today = Some(parse_day(&v).ok_or_else(|| format!("bad --today {v}"))?);
            }
            "--threads" => {
                let v = it.next().ok_or("--threads needs a number")?;
                threads = v.parse().map_err(|e| format!("--threads: {e}"))?;
            }
            "-h" | "--help" => {
                return Err("usage: floor --today YYYY-MM-DD [--threads N] DIR".into());
            }
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let today = today.ok_or("--today YYYY-MM-DD is required")?;
    let dir = dir.ok_or("the scenarios DIR is required")?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    let paths: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let c = pool.install(|| {
        paths
            .par_iter()
            .map(|p| classify(p, today))
            .reduce(Counts::default, Counts::add)
    });
    println!(
        "files {} items {} resolved {} dropped {} open {} overdue {} due {} upcoming {} errors {}",
        c.files, c.items, c.resolved, c.dropped, c.open, c.overdue, c.due, c.upcoming, c.errors
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::FAILURE
        }
    }
}

//! Deterministic corpus generator for whatsnext benchmarks.
//!
//! Writes `--files N` scenario files of `--items-per-file K` watch-items each under
//! `--out DIR` (in sub-folders of 500 files, to exercise the recursive walk). The same
//! `--seed` always gives byte-identical files. Every file is valid per SPEC §1:
//! scenario and item ids are unique, forecasts sum to 1 exactly (in hundredths),
//! resolution outcomes and forecast keys come from the item's `outcomes`, and
//! `after` triggers only point backwards (earlier item of the same scenario, or an
//! item of an earlier scenario), so there are never cycles.
//!
//! The corpus is written as of `--now` (default 2025-08-14): resolutions and drops
//! are never later. The mix aims at ≈ 2.2 KB per file (≈ 45 MB for 100,000 items): ~30% of items resolved, ~20% with
//! triggers, ~10% datetimes, forecasts and signposts on many items, tags, priorities,
//! a few `every` items, log entries and comments.
//!
//! `--varied` shifts the mix: more multi-outcome items and forecasts, long titles,
//! many dropped and moot items, many datetimes.
//! `--meta FILE` also writes a small key=value file naming an unresolved item that a
//! benchmark can `resolve` (its ref, its file, an outcome it accepts).

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

/// splitmix64: tiny, fast, good enough, and no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    /// True with probability `pct` percent.
    fn pct(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
    fn pick<'a>(&mut self, xs: &'a [&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

// Days since 1970-01-01 <-> civil date (H. Hinnant's algorithms).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn parse_day(s: &str) -> Option<i64> {
    let mut it = s.splitn(3, '-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    Some(days_from_civil(y, m, d))
}

fn date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

const WORDS: &[&str] = &[
    "ceasefire",
    "summit",
    "talks",
    "sanctions",
    "tariff",
    "election",
    "parliament",
    "ministry",
    "delegation",
    "envoy",
    "treaty",
    "framework",
    "deadline",
    "vote",
    "budget",
    "coalition",
    "opposition",
    "court",
    "ruling",
    "appeal",
    "referendum",
    "pipeline",
    "grain",
    "exports",
    "shipping",
    "corridor",
    "border",
    "troops",
    "drills",
    "missile",
    "launch",
    "inspection",
    "reactor",
    "agency",
    "commission",
    "council",
    "resolution",
    "veto",
    "statement",
    "readout",
    "briefing",
    "memo",
    "leak",
    "report",
    "survey",
    "forecast",
    "inflation",
    "rates",
    "central",
    "bank",
    "bond",
    "auction",
    "default",
    "creditors",
    "restructuring",
    "aid",
    "package",
    "loan",
    "tranche",
    "review",
    "mission",
    "visit",
    "state",
    "official",
    "spokesman",
    "confirmed",
    "denied",
    "signalled",
    "expected",
    "delayed",
    "postponed",
    "announced",
    "rejected",
    "approved",
    "pending",
    "quietly",
    "publicly",
    "formally",
    "likely",
    "unlikely",
    "again",
    "before",
    "after",
    "during",
    "ahead",
    "of",
    "the",
    "a",
    "an",
    "in",
    "on",
    "with",
    "for",
    "by",
    "to",
    "from",
    "over",
    "under",
    "between",
    "and",
    "or",
    "but",
    "not",
    "new",
    "first",
    "second",
    "final",
    "interim",
    "joint",
    "bilateral",
    "regional",
    "federal",
    "northern",
    "southern",
    "eastern",
    "western",
    "capital",
    "port",
    "province",
    "region",
    "summer",
    "autumn",
    "session",
    "round",
    "phase",
    "draft",
    "text",
    "clause",
    "annex",
    "quota",
    "cap",
    "price",
    "oil",
    "gas",
    "wheat",
    "chips",
    "steel",
    "energy",
    "water",
    "dam",
    "strike",
    "union",
    "protest",
    "Kremlin",
    "Pyongyang",
    "Brussels",
    "Washington",
    "Beijing",
    "Kyiv",
    "Ankara",
    "Delhi",
    "Tokyo",
    "Seoul",
    "Tehran",
    "Riyadh",
    "Cairo",
    "Brasília",
    "Zürich",
];

const TAGS: &[&str] = &[
    "russia",
    "dprk",
    "ukraine",
    "china",
    "usa",
    "eu",
    "nato",
    "un",
    "iran",
    "israel",
    "gulf",
    "energy",
    "trade",
    "sanctions",
    "elections",
    "courts",
    "markets",
    "climate",
    "security",
    "diplomacy",
    "health",
    "tech",
    "shipping",
    "food",
    "africa",
    "latam",
];

const PRIORITIES: &[&str] = &["low", "normal", "normal", "high", "critical"];

const OUTCOME_SETS: &[&[&str]] = &[
    &["ceasefire", "framework", "no-deal"],
    &["passed", "failed", "withdrawn"],
    &["up", "flat", "down"],
    &["signed", "delayed", "collapsed", "renegotiated"],
    &["approved", "rejected"],
];

const EVERY: &[&str] = &["1w", "2w", "1m"];

/// A sentence of `n` words, capitalised, ending with a full stop when `stop`.
fn words(rng: &mut Rng, n: usize, stop: bool) -> String {
    let mut s = String::with_capacity(n * 8);
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        let w = rng.pick(WORDS);
        if i == 0 {
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                s.extend(c.to_uppercase());
                s.push_str(cs.as_str());
            }
        } else {
            s.push_str(w);
        }
    }
    if stop {
        s.push('.');
    }
    s
}

fn slug(rng: &mut Rng, parts: usize) -> String {
    let mut s = String::new();
    for i in 0..parts {
        if i > 0 {
            s.push('-');
        }
        let w = rng.pick(&WORDS[..120]);
        s.push_str(&w.to_lowercase());
    }
    s
}

fn tag_list(rng: &mut Rng, n: usize) -> String {
    let mut picked: Vec<&str> = Vec::with_capacity(n);
    while picked.len() < n {
        let t = rng.pick(TAGS);
        if !picked.contains(&t) {
            picked.push(t);
        }
    }
    let quoted: Vec<String> = picked.iter().map(|t| format!("\"{t}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// A date or, `pct` times in a hundred, a datetime on that day (with or without offset).
fn date_or_datetime(rng: &mut Rng, days: i64, pct: u64) -> String {
    if rng.pct(pct) {
        let h = rng.range(6, 20);
        let mi = [0, 15, 30, 45][rng.range(0, 3) as usize];
        if rng.pct(50) {
            let off = ["+00:00", "+02:00", "-05:00", "+09:00"][rng.range(0, 3) as usize];
            // Mid-day hours keep the calendar day the same in most zones.
            format!("{}T{h:02}:{mi:02}:00{off}", date(days))
        } else {
            format!("{}T{h:02}:{mi:02}:00", date(days))
        }
    } else {
        date(days)
    }
}

/// Probabilities in hundredths over `n` outcomes, summing to exactly 100.
fn split_hundred(rng: &mut Rng, n: usize) -> Vec<i64> {
    let mut left = 100;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let p = if i + 1 == n {
            left
        } else {
            let max = left - (n - i - 1) as i64 * 5;
            rng.range(5, max.max(5))
        };
        out.push(p);
        left -= p;
    }
    out
}

fn prob(h: i64) -> String {
    format!("{:.2}", h as f64 / 100.0)
}

/// What later items may refer to.
struct ItemRef {
    id: String,
    outcomes: Vec<String>,
}

struct Scenario {
    id: String,
    items: Vec<ItemRef>,
}

struct Target {
    reference: String,
    path: PathBuf,
    outcome: String,
}

struct Generator {
    rng: Rng,
    items_per_file: usize,
    scenarios: Vec<Scenario>,
    target: Option<Target>,
    /// The edit target is picked from the first eligible item of this scenario on.
    target_from: usize,
    /// The day the corpus is written as of: resolutions and drops are not later.
    now: i64,
    /// 2025-01-01 as days since the epoch.
    base: i64,
    mix: Mix,
}

/// The shares (in percent) and lengths that `--varied` changes.
#[derive(Clone, Copy)]
struct Mix {
    yes_no: u64,
    datetimes: u64,
    dropped: u64,
    triggered: u64,
    forecasts: u64,
    max_forecasts: usize,
    title_words: (usize, usize),
}

impl Mix {
    const DEFAULT: Mix = Mix {
        yes_no: 55,
        datetimes: 10,
        dropped: 3,
        triggered: 20,
        forecasts: 60,
        max_forecasts: 3,
        title_words: (4, 8),
    };
    /// More multi-outcome forecasts, long titles, many dropped and moot items
    /// (triggers on outcomes that often do not happen), many datetimes.
    const VARIED: Mix = Mix {
        yes_no: 20,
        datetimes: 45,
        dropped: 15,
        triggered: 35,
        forecasts: 90,
        max_forecasts: 5,
        title_words: (14, 40),
    };
}

impl Generator {
    fn scenario(&mut self, index: usize, stem: &str) -> (String, String) {
        let rng = &mut self.rng;
        let mut out = String::with_capacity(3000);
        let explicit_id = rng.pct(70);
        let id = if explicit_id {
            format!("{}-{index:06}", slug(rng, 2))
        } else {
            stem.to_string()
        };
        let sdate = self.base + rng.range(0, 300);
        let _ = writeln!(out, "# Scenario {index}: generated for benchmarks");
        if explicit_id {
            let _ = writeln!(out, "id = \"{id}\"");
        }
        let n = rng_len(rng, 5, 10);
        let _ = writeln!(out, "title = \"{}\"", words(rng, n, false));
        let _ = writeln!(out, "date = {}", date(sdate));
        if rng.pct(45) {
            let n = rng_len(rng, 10, 20);
            let _ = writeln!(out, "summary = \"{}\"", words(rng, n, true));
        }
        let nt = rng_len(rng, 1, 3);
        let _ = writeln!(out, "tags = {}", tag_list(rng, nt));
        if rng.pct(30) {
            let _ = writeln!(
                out,
                "actors = [\"{}\", \"{}\"]",
                rng.pick(&WORDS[140..]),
                rng.pick(&WORDS[140..])
            );
        }
        if rng.pct(40) {
            let _ = writeln!(
                out,
                "sources = [\"https://example.org/{}\", {{ title = \"{}\", url = \"https://example.org/r/{index}\" }}]",
                slug(rng, 3),
                words(rng, 3, false)
            );
        }
        if rng.pct(25) {
            let _ = writeln!(out, "\n[brief]");
            for key in ["who", "what", "why"] {
                let n = rng_len(rng, 4, 9);
                let _ = writeln!(out, "{key} = \"{}\"", words(rng, n, true));
            }
        }

        let mut items: Vec<ItemRef> = Vec::with_capacity(self.items_per_file);
        let mut used: Vec<String> = Vec::new();
        for j in 0..self.items_per_file {
            let item = self.item(&mut out, &id, sdate, j, &items, &mut used, stem, index);
            items.push(item);
        }
        self.scenarios.push(Scenario {
            id: id.clone(),
            items,
        });
        (id, out)
    }

    #[allow(clippy::too_many_arguments)]
    fn item(
        &mut self,
        out: &mut String,
        scenario_id: &str,
        sdate: i64,
        j: usize,
        earlier: &[ItemRef],
        used: &mut Vec<String>,
        stem: &str,
        index: usize,
    ) -> ItemRef {
        let mix = self.mix;
        let rng = &mut self.rng;
        let id = loop {
            let candidate = slug(rng, 2);
            if !used.contains(&candidate) {
                used.push(candidate.clone());
                break candidate;
            }
        };
        let yes_no = rng.pct(mix.yes_no);
        let outcomes: Vec<String> = if yes_no {
            vec!["yes".into(), "no".into()]
        } else {
            let set = OUTCOME_SETS[rng.range(0, OUTCOME_SETS.len() as i64 - 1) as usize];
            set.iter().map(|s| s.to_string()).collect()
        };

        let every = j > 0 && rng.pct(2);
        let triggered = !every && rng.pct(mix.triggered);
        let due_days = sdate + rng.range(3, 120);

        out.push('\n');
        if rng.pct(25) {
            let n = rng_len(rng, 4, 9);
            let _ = writeln!(out, "# {}", words(rng, n, false));
        }
        out.push_str("[[watch]]\n");
        let _ = writeln!(out, "id = \"{id}\"");
        let n = rng_len(rng, mix.title_words.0, mix.title_words.1);
        let _ = writeln!(out, "title = \"{}\"", words(rng, n, false));
        if rng.pct(35) {
            let n = rng_len(rng, 6, 12);
            let _ = writeln!(
                out,
                "question = \"Will {}?\"",
                words(rng, n, false).to_lowercase()
            );
        }

        // Due: mostly absolute, some relative; the resolution and dates hang off it.
        let relative = rng.pct(if triggered { 40 } else { 8 });
        let due = if relative {
            let n = rng.range(1, 8) * 5;
            format!("\"+{n}d\"")
        } else {
            date_or_datetime(rng, due_days, mix.datetimes)
        };
        if !(triggered && !relative && rng.pct(10)) {
            let comment = if rng.pct(10) { "  # as announced" } else { "" };
            let _ = writeln!(out, "due = {due}{comment}");
        }
        if rng.pct(15) {
            let _ = writeln!(out, "lead = \"{}d\"", rng.range(1, 10));
        }
        if rng.pct(8) {
            let _ = writeln!(out, "grace = \"{}d\"", rng.range(1, 3));
        }
        if !yes_no || rng.pct(20) {
            let quoted: Vec<String> = outcomes.iter().map(|o| format!("\"{o}\"")).collect();
            let _ = writeln!(out, "outcomes = [{}]", quoted.join(", "));
        }

        // Resolution first decided, because forecasts must precede it.
        // Items whose due day has passed by `now` get resolved about half the time
        // (≈ 30% of all items), on a day no later than `now`.
        let now = self.now;
        let resolved = !every && due_days + 3 < now && rng.pct(55);
        let res_day = (due_days + rng.range(-3, 3).max(sdate - due_days + 1)).min(now);
        let dropped = !resolved && !every && rng.pct(mix.dropped);

        if rng.pct(mix.forecasts) {
            let nf = rng_len(rng, 1, mix.max_forecasts);
            let last = if resolved { res_day - 1 } else { due_days };
            let mut parts = Vec::with_capacity(nf);
            for k in 0..nf {
                let on = (sdate + k as i64 * 3).min(last.max(sdate));
                let p = if yes_no && rng.pct(60) {
                    prob(rng.range(5, 95))
                } else {
                    let hs = split_hundred(rng, outcomes.len());
                    let kv: Vec<String> = outcomes
                        .iter()
                        .zip(hs)
                        .map(|(o, h)| format!("{o} = {}", prob(h)))
                        .collect();
                    format!("{{ {} }}", kv.join(", "))
                };
                parts.push(format!("{{ on = {}, p = {p} }}", date(on)));
            }
            if nf > 1 && rng.pct(50) {
                let _ = writeln!(out, "forecast = [\n  {},\n]", parts.join(",\n  "));
            } else {
                let _ = writeln!(out, "forecast = [{}]", parts.join(", "));
            }
        }
        if rng.pct(45) {
            let ns = rng_len(rng, 1, 3);
            let mut parts = Vec::with_capacity(ns);
            for _ in 0..ns {
                let n = rng_len(rng, 2, 5);
                let text = words(rng, n, false);
                if rng.pct(30) {
                    let obs = sdate + rng.range(0, 20);
                    parts.push(format!("{{ text = \"{text}\", observed = {} }}", date(obs)));
                } else {
                    parts.push(format!("\"{text}\""));
                }
            }
            let _ = writeln!(out, "signposts = [{}]", parts.join(", "));
        }
        if rng.pct(45) {
            let nt = rng_len(rng, 1, 2);
            let _ = writeln!(out, "tags = {}", tag_list(rng, nt));
        }
        if rng.pct(60) {
            let _ = writeln!(out, "priority = \"{}\"", rng.pick(PRIORITIES));
        }
        if triggered {
            let mut parts = Vec::new();
            // An `on` trigger, an `after` on an earlier item here, or on an earlier scenario.
            let kind = rng.range(0, 9);
            if kind < 3 || (earlier.is_empty() && self.scenarios.is_empty()) {
                parts.push(format!("{{ on = {} }}", date(sdate + rng.range(1, 40))));
            } else {
                let (reference, target_outcomes) = if kind < 8 && !earlier.is_empty() {
                    let t = &earlier[rng.range(0, earlier.len() as i64 - 1) as usize];
                    (t.id.clone(), &t.outcomes)
                } else {
                    let s = &self.scenarios[rng.range(0, self.scenarios.len() as i64 - 1) as usize];
                    let t = &s.items[rng.range(0, s.items.len() as i64 - 1) as usize];
                    (format!("{}/{}", s.id, t.id), &t.outcomes)
                };
                if rng.pct(40) {
                    let o =
                        &target_outcomes[rng.range(0, target_outcomes.len() as i64 - 1) as usize];
                    parts.push(format!(
                        "{{ after = \"{reference}\", outcome = [\"{o}\"] }}"
                    ));
                } else {
                    parts.push(format!("{{ after = \"{reference}\" }}"));
                }
                if rng.pct(25) {
                    parts.push(format!("{{ on = {} }}", date(sdate + rng.range(20, 60))));
                }
            }
            let _ = writeln!(out, "trigger = [{}]", parts.join(", "));
        }
        if every {
            let _ = writeln!(out, "every = \"{}\"", rng.pick(EVERY));
            if rng.pct(60) {
                let _ = writeln!(out, "until = {}", date(due_days + rng.range(60, 200)));
            }
        }
        let mut log_days = Vec::new();
        if rng.pct(30) || every {
            for k in 0..rng_len(rng, 1, 2) {
                log_days.push(sdate + 1 + k as i64 * rng.range(2, 9));
            }
        }
        if resolved {
            let outcome = &outcomes[rng.range(0, outcomes.len() as i64 - 1) as usize];
            let on = date_or_datetime(rng, res_day, mix.datetimes);
            let nn = rng_len(rng, 5, 11);
            let note = words(rng, nn, true);
            if rng.pct(30) {
                let _ = writeln!(
                    out,
                    "resolution = {{ on = {on}, outcome = \"{outcome}\", note = \"{note}\", sources = [\"https://example.org/{}\"] }}",
                    slug(rng, 2)
                );
            } else {
                let _ = writeln!(
                    out,
                    "resolution = {{ on = {on}, outcome = \"{outcome}\", note = \"{note}\" }}"
                );
            }
        } else if dropped {
            let n = rng_len(rng, 4, 9);
            let _ = writeln!(
                out,
                "dropped = {{ on = {}, reason = \"{}\" }}",
                date((due_days + rng.range(-2, 10)).min(now)),
                words(rng, n, true)
            );
        } else if self.target.is_none() && index >= self.target_from && !triggered && !every {
            self.target = Some(Target {
                reference: format!("{scenario_id}/{id}"),
                path: PathBuf::from(stem),
                outcome: outcomes[0].clone(),
            });
        }
        if !log_days.is_empty() {
            let entries: Vec<String> = log_days
                .iter()
                .map(|d| {
                    let n = rng_len(rng, 3, 8);
                    format!(
                        "{{ on = {}, note = \"{}\" }}",
                        date(*d),
                        words(rng, n, true)
                    )
                })
                .collect();
            let _ = writeln!(out, "log = [\n  {},\n]", entries.join(",\n  "));
        }
        ItemRef { id, outcomes }
    }
}

fn rng_len(rng: &mut Rng, lo: usize, hi: usize) -> usize {
    rng.range(lo as i64, hi as i64) as usize
}

struct Args {
    seed: u64,
    files: usize,
    items_per_file: usize,
    out: PathBuf,
    meta: Option<PathBuf>,
    now: i64,
    varied: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        seed: 1,
        files: 2000,
        items_per_file: 5,
        out: PathBuf::new(),
        meta: None,
        now: days_from_civil(2025, 8, 14),
        varied: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--files" => args.files = value()?.parse().map_err(|e| format!("--files: {e}"))?,
            "--items-per-file" => {
                args.items_per_file = value()?
                    .parse()
                    .map_err(|e| format!("--items-per-file: {e}"))?
            }
            "--out" => args.out = PathBuf::from(value()?),
            "--meta" => args.meta = Some(PathBuf::from(value()?)),
            "--now" => {
                let v = value()?;
                args.now = parse_day(&v).ok_or_else(|| format!("--now: bad date {v}"))?;
            }
            "--varied" => args.varied = true,
            "-h" | "--help" => {
                return Err("usage: gen --out DIR [--seed N] [--files N] [--items-per-file K] [--meta FILE] [--now YYYY-MM-DD] [--varied]".into());
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.out.as_os_str().is_empty() {
        return Err("--out DIR is required".into());
    }
    Ok(args)
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let mut g = Generator {
        rng: Rng(args.seed),
        items_per_file: args.items_per_file,
        scenarios: Vec::with_capacity(args.files),
        target: None,
        target_from: args.files / 2,
        now: args.now,
        base: days_from_civil(2025, 1, 1),
        mix: if args.varied { Mix::VARIED } else { Mix::DEFAULT },
    };
    let mut bytes = 0usize;
    for i in 0..args.files {
        let dir = args.out.join(format!("batch-{:03}", i / 500));
        if i % 500 == 0 {
            fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let stem = format!("scenario-{i:06}");
        let (_, text) = g.scenario(i, &stem);
        let path = dir.join(format!("{stem}.toml"));
        if let Some(t) = &mut g.target
            && t.path.as_os_str() == stem.as_str()
        {
            t.path = path.clone();
        }
        bytes += text.len();
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let items = args.files * args.items_per_file;
    eprintln!(
        "wrote {} files, {items} items, {bytes} bytes ({:.0} B/file, {:.0} B/item) to {}",
        args.files,
        bytes as f64 / args.files.max(1) as f64,
        bytes as f64 / items.max(1) as f64,
        args.out.display()
    );
    if let Some(meta) = args.meta {
        let mut m = format!(
            "files={}\nitems={items}\nbytes={bytes}\nseed={}\n",
            args.files, args.seed
        );
        if let Some(t) = &g.target {
            let _ = writeln!(m, "resolve_ref={}", t.reference);
            let _ = writeln!(m, "resolve_file={}", t.path.display());
            let _ = writeln!(m, "resolve_outcome={}", t.outcome);
        }
        fs::write(&meta, m).map_err(|e| format!("{}: {e}", meta.display()))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen: {e}");
            ExitCode::FAILURE
        }
    }
}

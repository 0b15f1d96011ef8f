//! `whatsnext score`: the forecast scorecard as of T (SPEC §5), as a table or JSON.
//! The numbers come from [`crate::score`]; this module only picks the items
//! (`--since`, `--tag`) and lays the scorecard out.

use std::io::Write;

use chrono::NaiveDate;

use crate::cli::{ListFormat, ScoreArgs};
use crate::config::Config;
use crate::score::{self, Filter, Scorecard};
use crate::value;
use crate::workspace::Workspace;
use crate::{Failure, Result, exit};

pub fn run(config: &Config, args: &ScoreArgs) -> Result<u8> {
    let since = args
        .since
        .as_deref()
        .map(|text| parse_since(text.trim(), config.today))
        .transpose()
        .map_err(|e| Failure::Usage(format!("--since: {e}")))?;
    let ws = Workspace::load_for_reading(config)?;
    crate::cmd::list::warn_unknown_tags(&ws, &args.tag);
    let filter = Filter {
        since,
        until: None,
        tags: args.tag.clone(),
    };
    let card = score::score(&ws.corpus, config.today, &filter);
    let text = match args.format {
        ListFormat::Json => {
            let mut json = serde_json::to_string_pretty(&card)
                .map_err(|e| Failure::Invalid(format!("cannot write JSON: {e}")))?;
            json.push('\n');
            json
        }
        ListFormat::Table => table(&card, &filter),
    };
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(exit::OK)
}

/// `--since`: `YYYY-MM-DD`, `today`, or a span back from T such as `-30d` or `-1m`.
fn parse_since(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    match text.strip_prefix('-') {
        Some(span) => value::Duration::parse(span)
            .map(|d| d.sub_from(today))
            .map_err(|_| {
                format!("invalid value \"{text}\": expected YYYY-MM-DD or a span back from today like -30d")
            }),
        None => value::parse_date_or_relative(text, today).map_err(|e| e.to_string()),
    }
}

/// The scorecard as text: summary, per tag, calibration, then the items themselves.
fn table(card: &Scorecard, filter: &Filter) -> String {
    let mut out = String::new();
    let scope = scope(card, filter);
    let heading = anstyle::Style::new().bold();
    let h = |text: &str| format!("{heading}{text}{heading:#}\n");

    if card.scored == 0 {
        if card.unscored == 0 {
            let which = if scope.is_empty() {
                "no"
            } else {
                "no matching"
            };
            out += &format!(
                "Nothing to score as of {}{scope}: {which} item is resolved.\n",
                card.as_of
            );
        } else {
            out += &format!(
                "Nothing scored as of {}{scope}: {} resolved with no forecast dated before {} resolution.\n",
                card.as_of,
                plural(card.unscored, "item", "items"),
                if card.unscored == 1 { "its" } else { "their" },
            );
            out += "\n";
            out += &unscored_list(card, &h);
        }
        return out;
    }

    out += &h(&format!("Forecast scorecard as of {}{scope}", card.as_of));
    let mean_brier = card.brier.map_or_else(|| "-".into(), num);
    let mean_log = card.log_score.map_or_else(|| "-".into(), num);
    out += &format!("  scored      {}\n", plural(card.scored, "item", "items"));
    out += &format!(
        "  unscored    {}{}\n",
        plural(card.unscored, "item", "items"),
        if card.unscored > 0 {
            " (resolved without a forecast before the resolution day)"
        } else {
            ""
        }
    );
    out += &format!("  Brier       {mean_brier:<7}  mean; 0 is perfect, lower is better\n");
    out += &format!("  log score   {mean_log:<7}  mean; 0 is perfect, higher is better\n");

    if !card.by_tag.is_empty() {
        out += "\n";
        out += &h("By tag");
        let mut rows = vec![row(["tag", "scored", "unscored", "Brier", "log score"])];
        for (tag, t) in &card.by_tag {
            rows.push(row([
                tag.as_str(),
                &t.scored.to_string(),
                &t.unscored.to_string(),
                &t.brier.map_or_else(|| "-".into(), num),
                &t.log_score.map_or_else(|| "-".into(), num),
            ]));
        }
        out += &layout(&rows, &[false, true, true, true, true]);
    }

    out += "\n";
    let pairs: usize = card.calibration.iter().map(|b| b.count).sum();
    out += &h(&format!(
        "Calibration ({}, binned by tenths)",
        plural(pairs, "forecast probability", "forecast probabilities")
    ));
    let mut rows = vec![row(["probability", "count", "mean forecast", "observed"])];
    let last = card.calibration.len().saturating_sub(1);
    for (i, b) in card.calibration.iter().enumerate() {
        let close = if i == last { ']' } else { ')' };
        rows.push(row([
            &format!("[{:.1}, {:.1}{close}", b.lo, b.hi),
            &b.count.to_string(),
            &b.mean_forecast.map_or_else(|| "-".into(), num),
            &b.observed.map_or_else(|| "-".into(), num),
        ]));
    }
    out += &layout(&rows, &[false, true, true, true]);

    out += "\n";
    out += &h("Scored items");
    let mut rows = vec![row([
        "resolved",
        "item",
        "outcome",
        "forecast on",
        "p(outcome)",
        "Brier",
        "log score",
    ])];
    for i in &card.items {
        rows.push(row([
            &i.resolved_on.to_string(),
            &i.reference,
            &i.outcome,
            &i.forecast_on.to_string(),
            &num(i.p_outcome),
            &num(i.brier),
            &num(i.log_score),
        ]));
    }
    out += &layout(&rows, &[false, false, false, false, true, true, true]);
    if card.unscored > 0 {
        out += "\n";
        out += &unscored_list(card, &h);
    }
    out
}

fn unscored_list(card: &Scorecard, h: &impl Fn(&str) -> String) -> String {
    let mut out = h("Unscored items (no forecast before the resolution day)");
    let mut rows = vec![row(["resolved", "item", "outcome"])];
    for i in &card.unscored_items {
        rows.push(row([&i.resolved_on.to_string(), &i.reference, &i.outcome]));
    }
    out += &layout(&rows, &[false, false, false]);
    out
}

/// " (resolved since 2025-08-01, tagged a or b)", or nothing without filters.
fn scope(card: &Scorecard, filter: &Filter) -> String {
    let mut parts = Vec::new();
    if let Some(d) = card.since {
        parts.push(format!("resolved since {d}"));
    }
    if !filter.tags.is_empty() {
        parts.push(format!("tagged {}", filter.tags.join(" or ")));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

fn row<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_string()).collect()
}

/// Lays rows out in columns two spaces apart, indented by two; the first row is the
/// header. `right[i]` right-aligns column i (numbers).
fn layout(rows: &[Vec<String>], right: &[bool]) -> String {
    let cols = right.len();
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let w = widths[c];
            if right.get(c).copied().unwrap_or(false) {
                line += &format!("  {cell:>w$}");
            } else {
                line += &format!("  {cell:<w$}");
            }
        }
        out += line.trim_end();
        out.push('\n');
    }
    out
}

/// A score to 3 decimals, as the digest's `fixed` filter writes it: one
/// rounding, from the exact value, so the two never disagree.
fn num(x: f64) -> String {
    crate::render::filters::fixed_text(x, 3)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

//! `whatsnext score`: the forecast scorecard as of T (SPEC §5), as a table or JSON.
//! The numbers come from [`crate::score`]; this module only picks the items
//! (`--since`, `--until`, `--tag`, `--forecaster`) and lays the scorecard out:
//! tables, the calibration chart ([`crate::render::calibration`]) or an HTML
//! page of both ([`crate::render::score_html`]).
//!
//! Yes/no Brier scores (0–1) and multi-outcome ones (0–2) are shown apart in
//! every table: their mean together would read as neither.

use std::io::Write;

use chrono::NaiveDate;

use crate::cli::{ScoreArgs, ScoreFormat};
use crate::config::Config;
use crate::render::calibration;
use crate::score::{self, Filter, Scorecard, TagScore};
use crate::value;
use crate::workspace::Workspace;
use crate::{Failure, Loaded, Result, exit};

pub fn run(config: &Config, args: &ScoreArgs, loaded: &Loaded) -> Result<u8> {
    let day = |flag: &str, text: Option<&str>| {
        text.map(|text| parse_since(text.trim(), config.today))
            .transpose()
            .map_err(|e| Failure::Usage(format!("{flag}: {e}")))
    };
    let since = day("--since", args.since.as_deref())?;
    let until = day("--until", args.until.as_deref())?;
    if let (Some(s), Some(u)) = (since, until)
        && s > u
    {
        return Err(Failure::Usage(format!(
            "--since {s} is after --until {u}: no resolution can be in between"
        )));
    }
    let ws = loaded.checked(config)?;
    crate::cmd::list::warn_unknown_tags(ws, &args.tag);
    let filter = Filter {
        since,
        until,
        tags: args.tag.clone(),
        forecaster: args.forecaster.clone(),
        latest: None,
    };
    if let Some(who) = &filter.forecaster {
        warn_unknown_forecaster(ws, who);
    }
    let card = score::score(&ws.corpus, config.today, &filter);
    let text = match args.format {
        ScoreFormat::Json => {
            let mut json = serde_json::to_string_pretty(&card)
                .map_err(|e| Failure::Invalid(format!("cannot write JSON: {e}")))?;
            json.push('\n');
            json
        }
        ScoreFormat::Table => table(&card, &filter, args),
        ScoreFormat::Svg => calibration::svg(&card.calibration, &chart_title(&card, &filter)),
        ScoreFormat::Html => crate::render::score_html::page(
            &card,
            &title(&card, &filter),
            &chart_title(&card, &filter),
        ),
    };
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(exit::OK)
}

/// A `--forecaster` that no forecast names gets a warning with the closest
/// name (the command still runs, and scores nothing).
fn warn_unknown_forecaster(ws: &Workspace, who: &str) {
    let mut names: Vec<&str> = Vec::new();
    for key in ws.corpus.keys() {
        for f in &ws.corpus.item(key).forecasts {
            let name = score::forecaster_of(f);
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    if !names.contains(&who) {
        let hint = value::suggest(who, names.iter().copied().filter(|n| !n.is_empty()))
            .map(|s| format!(" (did you mean \"{}\"?)", crate::text::printable(s)))
            .unwrap_or_default();
        let style = anstyle::AnsiColor::Yellow.on_default().bold();
        let _ = writeln!(
            anstream::stderr().lock(),
            "{style}warning{style:#}: no forecast is by \"{}\"{hint}",
            crate::text::printable(who)
        );
    }
}

/// The scorecard's heading: "Forecast scorecard as of T (scope)".
fn title(card: &Scorecard, filter: &Filter) -> String {
    format!(
        "Forecast scorecard as of {}{}",
        card.as_of,
        scope(card, filter)
    )
}

/// The chart's title: "Calibration as of T (scope)".
fn chart_title(card: &Scorecard, filter: &Filter) -> String {
    format!("Calibration as of {}{}", card.as_of, scope(card, filter))
}

/// `--since`, `--until`: `YYYY-MM-DD`, `today`, or a span back from T such as `-30d` or `-1m`.
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

/// The scorecard as text: summary, per tag (and forecaster, month), calibration
/// with its bars, then the items themselves.
fn table(card: &Scorecard, filter: &Filter, args: &ScoreArgs) -> String {
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

    out += &h(&title(card, filter));
    out += &format!(
        "  scored          {}\n",
        plural(card.scored, "item", "items")
    );
    out += &format!(
        "  unscored        {}{}\n",
        plural(card.unscored, "item", "items"),
        if card.unscored > 0 {
            " (resolved without a forecast before the resolution day)"
        } else {
            ""
        }
    );
    let mean_line = |label: &str, mean: Option<f64>, n: usize, what: &str, scale: &str| {
        let value = mean.map_or_else(|| "-".into(), num);
        let of = if n == 0 {
            format!("no {what} item scored")
        } else {
            format!("mean of {}; {scale}", plural(n, "item", "items"))
        };
        format!("  {label:<14}  {value:<7}  {of}\n")
    };
    out += &mean_line(
        "Brier, yes/no",
        card.brier_yes_no,
        card.scored_yes_no,
        "yes/no",
        "0 is perfect, 1 the worst",
    );
    out += &mean_line(
        "Brier, multi",
        card.brier_multi,
        card.scored_multi,
        "multi-outcome",
        "0 is perfect, 2 the worst",
    );
    out += &mean_line(
        "log score",
        card.log_score,
        card.scored,
        "",
        "0 is perfect, higher is better",
    );

    if !card.by_tag.is_empty() {
        out += "\n";
        out += &h("By tag");
        out += &groups("tag", card.by_tag.iter().map(|(k, v)| (k.as_str(), v)));
    }
    if args.by && !card.by_forecaster.is_empty() {
        out += "\n";
        out += &h("By forecaster (each one's latest forecast before the resolution day)");
        out += &groups(
            "forecaster",
            card.by_forecaster.iter().map(|(k, v)| {
                (
                    if k.is_empty() {
                        UNATTRIBUTED
                    } else {
                        k.as_str()
                    },
                    v,
                )
            }),
        );
    }
    if args.by_month && !card.by_month.is_empty() {
        out += "\n";
        out += &h("By month of resolution");
        out += &groups("month", card.by_month.iter().map(|(k, v)| (k.as_str(), v)));
    }

    out += "\n";
    let pairs: usize = card.calibration.iter().map(|b| b.count).sum();
    out += &h(&format!(
        "Calibration ({}, binned by tenths)",
        plural(pairs, "forecast probability", "forecast probabilities")
    ));
    let mut rows = vec![row([
        "probability",
        "count",
        "mean forecast",
        "observed",
        "observed frequency, | at the mean forecast",
    ])];
    let last = card.calibration.len().saturating_sub(1);
    for (i, b) in card.calibration.iter().enumerate() {
        let close = if i == last { ']' } else { ')' };
        rows.push(row([
            &format!("[{:.1}, {:.1}{close}", b.lo, b.hi),
            &b.count.to_string(),
            &b.mean_forecast.map_or_else(|| "-".into(), num),
            &b.observed.map_or_else(|| "-".into(), num),
            &calibration::bar(b),
        ]));
    }
    out += &layout(&rows, &[false, true, true, true, false]);

    out += "\n";
    out += &h("Scored items");
    // Who made each forecast, once anyone is named.
    let by = card.items.iter().any(|i| i.by.is_some());
    let mut header = vec!["resolved", "item", "outcome", "forecast on"];
    if by {
        header.push("by");
    }
    header.extend(["kind", "p(outcome)", "Brier", "log score"]);
    let mut rows = vec![header.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
    for i in &card.items {
        let mut cells = vec![
            i.resolved_on.to_string(),
            printable(&i.reference),
            printable(&i.outcome),
            i.forecast_on.to_string(),
        ];
        if by {
            cells.push(i.by.as_deref().map_or_else(|| "-".into(), printable));
        }
        cells.extend([
            (if i.yes_no { "yes/no" } else { "multi" }).to_string(),
            num(i.p_outcome),
            num(i.brier),
            num(i.log_score),
        ]);
        rows.push(cells);
    }
    let right: Vec<bool> = header
        .iter()
        .map(|c| matches!(*c, "p(outcome)" | "Brier" | "log score"))
        .collect();
    out += &layout(&rows, &right);
    if card.unscored > 0 {
        out += "\n";
        out += &unscored_list(card, &h);
    }
    out += "\n";
    out += "Brier: yes/no items score 0 (perfect) to 1, multi-outcome items 0 to 2;\n";
    out += "the two kinds are averaged apart. Log score: 0 is perfect, lower is worse.\n";
    out
}

/// What unattributed forecasts are listed as.
const UNATTRIBUTED: &str = "(unattributed)";

/// A table of groups (tags, forecasters, months): counts and the means.
fn groups<'a>(label: &str, list: impl Iterator<Item = (&'a str, &'a TagScore)>) -> String {
    let mut rows = vec![row([
        label,
        "scored",
        "unscored",
        "Brier y/n",
        "Brier multi",
        "log score",
    ])];
    for (name, t) in list {
        rows.push(row([
            &printable(name),
            &t.scored.to_string(),
            &t.unscored.to_string(),
            &t.brier_yes_no.map_or_else(|| "-".into(), num),
            &t.brier_multi.map_or_else(|| "-".into(), num),
            &t.log_score.map_or_else(|| "-".into(), num),
        ]));
    }
    layout(&rows, &[false, true, true, true, true, true])
}

fn printable(text: &str) -> String {
    crate::text::printable(text).into_owned()
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
    match (card.since, card.until) {
        (Some(s), Some(u)) => parts.push(format!("resolved {s} to {u}")),
        (Some(d), None) => parts.push(format!("resolved since {d}")),
        (None, Some(d)) => parts.push(format!("resolved until {d}")),
        (None, None) => {}
    }
    if !filter.tags.is_empty() {
        parts.push(format!("tagged {}", filter.tags.join(" or ")));
    }
    if let Some(who) = &filter.forecaster {
        parts.push(if who.is_empty() {
            "unattributed forecasts".to_string()
        } else {
            format!("forecasts by {}", crate::text::printable(who))
        });
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

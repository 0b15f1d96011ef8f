//! `score --format html`: the scorecard as one self-contained page — the
//! summary, the per-tag, per-forecaster and per-month tables, the calibration
//! chart inline as SVG, and the scored items. No script, nothing external;
//! every value from a scenario file is escaped.

use std::fmt::Write;

use crate::render::calibration;
use crate::score::{Scorecard, TagScore};

/// Text escaped for HTML (control characters shown as escapes first).
fn h(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing to a Vec cannot fail.
    let _ = crate::render::escape::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |x| crate::render::filters::fixed_text(x, 3))
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2328;background:#fff}\
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{padding:.25rem .75rem;border-bottom:1px solid #d0d7de;text-align:left}\
td.n{text-align:right;font-variant-numeric:tabular-nums}.legend{color:#57606a;font-size:.9rem}\
figure{margin:1rem 0}svg{max-width:100%;height:auto}";

/// The page: `title` as its heading, the chart under `chart_title`.
pub fn page(card: &Scorecard, title: &str, chart_title: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{t}</h1>\n",
        t = h(title)
    );
    out.push_str("<table>\n<thead><tr><th scope=\"col\"></th><th scope=\"col\">Items</th><th scope=\"col\">Mean</th></tr></thead>\n<tbody>\n");
    let _ = writeln!(
        out,
        "<tr><th scope=\"row\">Scored</th><td class=\"n\">{}</td><td></td></tr>\n<tr><th scope=\"row\">Unscored</th><td class=\"n\">{}</td><td></td></tr>",
        card.scored, card.unscored
    );
    for (label, n, mean) in [
        ("Brier, yes/no (0–1)", card.scored_yes_no, card.brier_yes_no),
        (
            "Brier, multi-outcome (0–2)",
            card.scored_multi,
            card.brier_multi,
        ),
        ("Log score", card.scored, card.log_score),
    ] {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{label}</th><td class=\"n\">{n}</td><td class=\"n\">{}</td></tr>",
            num(mean)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    groups(&mut out, "Tag", &card.by_tag, h);
    if card.by_forecaster.len() > 1 || card.by_forecaster.keys().any(|k| !k.is_empty()) {
        groups(&mut out, "Forecaster", &card.by_forecaster, |k| {
            if k.is_empty() {
                "<em>unattributed</em>".into()
            } else {
                h(k)
            }
        });
    }
    if card.by_month.len() > 1 {
        groups(&mut out, "Month of resolution", &card.by_month, h);
    }
    out.push_str("<figure>\n");
    out.push_str(&calibration::svg(&card.calibration, chart_title));
    out.push_str("<figcaption class=\"legend\">Each point is a tenth of forecast probability: across, the mean forecast; up, the share that happened; its size and label, how many. On the dashed diagonal, a forecaster is perfectly calibrated.</figcaption>\n</figure>\n");
    if !card.items.is_empty() {
        out.push_str("<h2>Scored items</h2>\n<table>\n<thead><tr><th scope=\"col\">Resolved</th><th scope=\"col\">Item</th><th scope=\"col\">Outcome</th><th scope=\"col\">Forecast on</th><th scope=\"col\">By</th><th scope=\"col\">Kind</th><th scope=\"col\">p(outcome)</th><th scope=\"col\">Brier</th><th scope=\"col\">Log score</th></tr></thead>\n<tbody>\n");
        for i in &card.items {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                i.resolved_on,
                h(&i.reference),
                h(&i.outcome),
                i.forecast_on,
                i.by.as_deref().map_or_else(|| "–".into(), h),
                if i.yes_no { "yes/no" } else { "multi" },
                num(Some(i.p_outcome)),
                num(Some(i.brier)),
                num(Some(i.log_score)),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("<p class=\"legend\">Brier: 0 is perfect; yes/no items score at worst 1, multi-outcome items at worst 2, so the two are averaged apart. Log score: 0 is perfect, lower is worse.</p>\n</body>\n</html>\n");
    out
}

fn groups(
    out: &mut String,
    label: &str,
    list: &std::collections::BTreeMap<String, TagScore>,
    name: impl Fn(&str) -> String,
) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<h2>By {}</h2>\n<table>\n<thead><tr><th scope=\"col\">{label}</th><th scope=\"col\">Scored</th><th scope=\"col\">Unscored</th><th scope=\"col\">Brier, yes/no</th><th scope=\"col\">Brier, multi</th><th scope=\"col\">Log score</th></tr></thead>\n<tbody>",
        label.to_lowercase()
    );
    for (k, t) in list {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            name(k),
            t.scored,
            t.unscored,
            num(t.brier_yes_no),
            num(t.brier_multi),
            num(t.log_score)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

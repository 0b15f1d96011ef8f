//! The calibration chart: a reliability diagram of a scorecard's bins, as a
//! standalone SVG (`score --format svg`, and inline in the HTML scorecard and
//! digest) and as text bars for the terminal.
//!
//! The SVG has no script, no style sheet and no external reference; every
//! piece of text in it is escaped. It is drawn in black and greys with a
//! white background, so that it prints as it shows.

use std::fmt::Write;

use crate::score::Bin;

/// Side of the square plot area, in SVG user units.
pub const PLOT: f64 = 400.0;
/// Left and top edges of the plot area (room for the axis labels and title).
pub const LEFT: f64 = 70.0;
pub const TOP: f64 = 50.0;
const WIDTH: f64 = LEFT + PLOT + 30.0;
const HEIGHT: f64 = TOP + PLOT + 60.0;

/// The SVG x of forecast probability `p`.
pub fn x_of(p: f64) -> f64 {
    LEFT + p * PLOT
}

/// The SVG y of observed frequency `f` (0 at the bottom).
pub fn y_of(f: f64) -> f64 {
    TOP + (1.0 - f) * PLOT
}

/// The radius of a point standing for `count` pairs: its area grows with the
/// count, from 5 units for one pair to at most 18.
pub fn radius(count: usize, most: usize) -> f64 {
    if most <= 1 {
        return 5.0;
    }
    5.0 + 13.0 * ((count as f64).sqrt() - 1.0) / ((most as f64).sqrt() - 1.0)
}

/// A number as SVG writes it: at most two decimals, no trailing zeros.
fn n(x: f64) -> String {
    let s = format!("{:.2}", x + 0.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// Text escaped for XML content and attribute values.
fn xml(text: &str) -> String {
    let visible = crate::text::printable(text);
    let mut out = String::with_capacity(visible.len());
    for c in visible.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The reliability diagram of `bins` under `title`: forecast probability
/// across, observed frequency up, the diagonal of perfect calibration, and one
/// point per non-empty bin at (mean forecast, observed frequency), sized by
/// and labelled with its count.
pub fn svg(bins: &[Bin], title: &str) -> String {
    let mut out = String::new();
    let pairs: usize = bins.iter().map(|b| b.count).sum();
    let most = bins.iter().map(|b| b.count).max().unwrap_or(0);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="calibration" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="calibration-title calibration-desc" font-family="sans-serif" font-size="12">"#,
        w = n(WIDTH),
        h = n(HEIGHT)
    );
    let _ = writeln!(
        out,
        r#"<title id="calibration-title">{}</title>"#,
        xml(title)
    );
    let _ = writeln!(
        out,
        r#"<desc id="calibration-desc">Reliability diagram of {pairs} forecast {}: for each tenth of forecast probability, the share that happened. Points on the diagonal are perfectly calibrated.</desc>"#,
        if pairs == 1 {
            "probability"
        } else {
            "probabilities"
        }
    );
    let _ = writeln!(
        out,
        r##"<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
        n(WIDTH),
        n(HEIGHT)
    );
    let _ = writeln!(
        out,
        r##"<text x="{}" y="24" font-size="15" font-weight="bold" fill="#000000">{}</text>"##,
        n(LEFT),
        xml(title)
    );
    // Grid and tick labels, every tenth.
    out.push_str(r##"<g class="grid" stroke="#d0d7de" stroke-width="1">"##);
    out.push('\n');
    for i in 0..=10 {
        let v = f64::from(i) / 10.0;
        let _ = writeln!(
            out,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}"/><line x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#,
            n(y_of(0.0)),
            n(y_of(1.0)),
            n(x_of(0.0)),
            n(x_of(1.0)),
            x = n(x_of(v)),
            y = n(y_of(v)),
        );
    }
    out.push_str("</g>\n");
    out.push_str(r##"<g class="ticks" fill="#333333">"##);
    out.push('\n');
    for i in (0..=10).step_by(2) {
        let v = f64::from(i) / 10.0;
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle">{v:.1}</text><text x="{}" y="{}" text-anchor="end">{v:.1}</text>"#,
            n(x_of(v)),
            n(y_of(0.0) + 18.0),
            n(x_of(0.0) - 8.0),
            n(y_of(v) + 4.0),
        );
    }
    out.push_str("</g>\n");
    let _ = writeln!(
        out,
        r##"<text x="{}" y="{}" text-anchor="middle" fill="#000000">forecast probability</text>"##,
        n(x_of(0.5)),
        n(y_of(0.0) + 40.0)
    );
    let _ = writeln!(
        out,
        r##"<text x="{x}" y="{y}" text-anchor="middle" fill="#000000" transform="rotate(-90 {x} {y})">observed frequency</text>"##,
        x = n(LEFT - 45.0),
        y = n(y_of(0.5))
    );
    // The frame and the diagonal of perfect calibration.
    let _ = writeln!(
        out,
        r##"<rect x="{}" y="{}" width="{p}" height="{p}" fill="none" stroke="#000000" stroke-width="1"/>"##,
        n(x_of(0.0)),
        n(y_of(1.0)),
        p = n(PLOT)
    );
    let _ = writeln!(
        out,
        r##"<line class="diagonal" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#57606a" stroke-width="1.5" stroke-dasharray="6 4"/>"##,
        n(x_of(0.0)),
        n(y_of(0.0)),
        n(x_of(1.0)),
        n(y_of(1.0))
    );
    out.push_str(r#"<g class="points">"#);
    out.push('\n');
    for b in bins {
        let (Some(mean), Some(observed)) = (b.mean_forecast, b.observed) else {
            continue;
        };
        if b.count == 0 {
            continue;
        }
        let (cx, cy) = (x_of(mean), y_of(observed));
        let r = radius(b.count, most);
        let _ = writeln!(
            out,
            r##"<circle class="point" cx="{}" cy="{}" r="{}" fill="#0969da" fill-opacity="0.35" stroke="#0a3069" stroke-width="1.5" data-count="{}"><title>{:.1}–{:.1}: {} forecast{}, mean {}, observed {}</title></circle>"##,
            n(cx),
            n(cy),
            n(r),
            b.count,
            b.lo,
            b.hi,
            b.count,
            if b.count == 1 { "" } else { "s" },
            n3(mean),
            n3(observed),
        );
        // The count beside the point, inside the frame.
        let (lx, anchor) = if cx > x_of(0.85) {
            (cx - r - 4.0, "end")
        } else {
            (cx + r + 4.0, "start")
        };
        let ly = (cy + 4.0).clamp(y_of(1.0) + 12.0, y_of(0.0) - 4.0);
        let _ = writeln!(
            out,
            r##"<text class="count" x="{}" y="{}" text-anchor="{anchor}" fill="#0a3069">{}</text>"##,
            n(lx),
            n(ly),
            b.count
        );
    }
    out.push_str("</g>\n");
    if pairs == 0 {
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" text-anchor="middle" fill="#57606a">no forecast scored</text>"##,
            n(x_of(0.5)),
            n(y_of(0.5))
        );
    }
    out.push_str("</svg>\n");
    out
}

fn n3(x: f64) -> String {
    crate::render::filters::fixed_text(x, 3)
}

/// Width of a text bar, in characters: one per 5%.
pub const BAR: usize = 20;

/// A bin's observed frequency as a text bar of [`BAR`] cells, with `|` where
/// its mean forecast lies: a calibrated bin's bar ends at the mark.
pub fn bar(b: &Bin) -> String {
    let (Some(mean), Some(observed)) = (b.mean_forecast, b.observed) else {
        return String::new();
    };
    let filled = (observed * BAR as f64).round() as usize;
    let mark = ((mean * BAR as f64).round() as usize).min(BAR);
    let mut out = String::with_capacity(BAR * 3 + 1);
    for i in 0..=BAR {
        if i == mark {
            out.push('|');
        }
        if i < BAR {
            out.push(if i < filled { '█' } else { ' ' });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::calibration;

    #[test]
    fn points_sit_at_mean_forecast_and_observed_frequency() {
        assert_eq!(n(x_of(0.7)), "350");
        assert_eq!(n(y_of(1.0)), "50");
        assert_eq!(n(y_of(0.0)), "450");
        let svg = svg(&calibration(&[(0.7, true), (0.1, false)]), "T");
        assert!(svg.contains(r#"cx="350" cy="50""#), "{svg}");
        assert!(svg.contains(r#"cx="110" cy="450""#), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 2);
    }

    #[test]
    fn text_is_escaped() {
        let svg = svg(&calibration(&[]), "<script>&\"'");
        assert!(svg.contains("&lt;script&gt;&amp;&quot;&#39;"));
        assert!(!svg.contains("<script"));
        assert!(svg.contains("no forecast scored"));
    }

    #[test]
    fn bars_end_at_the_observed_frequency_and_mark_the_forecast() {
        let bins = calibration(&[(0.7, true), (0.7, false)]);
        // Observed 0.5: ten cells filled; mean 0.7: the mark after fourteen.
        assert_eq!(
            bar(&bins[7]),
            format!("{}{}|{}", "█".repeat(10), " ".repeat(4), " ".repeat(6))
        );
        assert_eq!(bar(&bins[0]), "");
        let full = calibration(&[(1.0, true)]);
        assert_eq!(bar(&full[9]), format!("{}|", "█".repeat(20)));
    }

    #[test]
    fn points_grow_with_their_count() {
        assert_eq!(radius(1, 1), 5.0);
        assert_eq!(radius(1, 9), 5.0);
        assert_eq!(radius(9, 9), 18.0);
        assert!(radius(4, 9) > 5.0 && radius(4, 9) < 18.0);
    }
}

//! Charts as SVG drawn on the server: no JavaScript, no fonts to ship, and the page is complete
//! when it arrives. Each chart is an `img` with a title and a description for screen readers;
//! the page shows the same numbers as a table beside it.

mod consistency;
mod source_mix;

pub use consistency::{consistency, day_mark_label};
pub use source_mix::source_mix;

use mastery_domain::calibration::Bin;
use maud::{Markup, html};

/// The drawing area, in SVG user units.
const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
/// Room above the plot for a label over a point at 100, its glyphs about 8 units tall.
const TOP: f64 = 24.0;
const BOTTOM: f64 = 44.0;

/// One audit on the efficacy trajectory.
#[derive(Debug, Clone, PartialEq)]
pub struct TrajectoryPoint {
    /// Days since the first point.
    pub day: f64,
    pub label: String,
    /// Strength, 0–100.
    pub value: f64,
}

/// The share of the plot's width left empty at each end of a trajectory, so that the label over
/// its first point stands clear of the vertical axis's numbers (not "5045") and the last one
/// clear of the edge.
const INSET: f64 = 0.08;

/// A character of the charts' 11 px text is about this wide.
const CHAR_WIDTH: f64 = 6.6;

/// Maps `v` in 0..=1 across the plot's width.
fn x_of(v: f64) -> f64 {
    LEFT + v.clamp(0.0, 1.0) * (WIDTH - LEFT - RIGHT)
}

/// Maps `v` in 0..=1 up the plot's height.
fn y_of(v: f64) -> f64 {
    HEIGHT - BOTTOM - v.clamp(0.0, 1.0) * (HEIGHT - TOP - BOTTOM)
}

/// A coordinate to one decimal, enough for the eye and short in the page. Written from whole
/// tenths: `{:.1}` finds the exact decimal expansion of each value, which was a tenth of a served
/// page's time; the two differ at most in the last digit of a value lying on a half-tenth.
fn n(v: f64) -> String {
    let tenths = (v * 10.0).round_ties_even();
    if !tenths.is_finite() || tenths.abs() >= 1e15 {
        return format!("{v:.1}");
    }
    let tenths = tenths as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10)
}

/// How a label hangs on its tick at `x`: centred, unless half of it would stick out of the view
/// box (a date at the right end), where it hangs inwards. A character is about 6.6 units wide.
fn anchor(x: f64, label: &str) -> &'static str {
    let half = label.chars().count() as f64 * CHAR_WIDTH / 2.0;
    if x - half < 0.0 {
        "start"
    } else if x + half > WIDTH {
        "end"
    } else {
        "middle"
    }
}

/// Axes with ticks at 0, 25, 50, 75 and 100 on the vertical, and the two axis titles; `strip` is
/// the height left free between the horizontal axis and its labels, for marks along the bottom.
fn frame(x_title: &str, y_title: &str, x_ticks: &[(f64, String)], strip: f64) -> Markup {
    html! {
        g.axes {
            line x1=(n(LEFT)) y1=(n(y_of(0.0))) x2=(n(x_of(1.0))) y2=(n(y_of(0.0))) {}
            line x1=(n(LEFT)) y1=(n(y_of(0.0))) x2=(n(LEFT)) y2=(n(y_of(1.0))) {}
            @for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
                line.grid x1=(n(LEFT)) y1=(n(y_of(tick))) x2=(n(x_of(1.0))) y2=(n(y_of(tick))) {}
                text x=(n(LEFT - 6.0)) y=(n(y_of(tick) + 4.0)) text-anchor="end" { (format!("{:.0}", tick * 100.0)) }
            }
            @for (at, label) in x_ticks {
                text x=(n(x_of(*at))) y=(n(y_of(0.0) + strip + 16.0)) text-anchor=(anchor(x_of(*at), label)) { (label) }
            }
            text x=(n(x_of(0.5))) y=(n(HEIGHT + strip - 6.0)) text-anchor="middle" { (x_title) }
            text x="12" y=(n(y_of(0.5))) text-anchor="middle" transform=(format!("rotate(-90 12 {})", n(y_of(0.5)))) { (y_title) }
        }
    }
}

/// The chart itself, `height` units tall, named by its title and described by its description.
fn svg(id: &str, title: &str, description: &str, height: f64, body: Markup) -> Markup {
    html! {
        svg.chart viewBox=(format!("0 0 {WIDTH} {height}")) role="img"
            aria-labelledby=(format!("{id}-title {id}-desc")) xmlns="http://www.w3.org/2000/svg" {
            title id=(format!("{id}-title")) { (title) }
            desc id=(format!("{id}-desc")) { (description) }
            (body)
        }
    }
}

/// Forecast against result: the diagonal is perfect calibration; each dot is a bin, its area
/// grows with the number of attempts (written beside it), and its bar is the 95% interval.
pub fn calibration(id: &str, points: &[Bin]) -> Markup {
    let filled: Vec<&Bin> = points.iter().filter(|p| p.n > 0).collect();
    let largest = filled.iter().map(|p| p.n).max().unwrap_or(1) as f64;
    let description = if filled.is_empty() {
        "No recorded attempts with a forecast yet.".to_owned()
    } else {
        filled
            .iter()
            .map(|p| {
                format!(
                    "forecast about {:.0}%: {:.0}% succeeded in {} attempts",
                    p.mean_forecast * 100.0,
                    p.success_rate * 100.0,
                    p.n
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let ticks: Vec<(f64, String)> =
        [0.0, 0.25, 0.5, 0.75, 1.0].iter().map(|t| (*t, format!("{:.0}", t * 100.0))).collect();
    let dots: Vec<Dot> = filled
        .iter()
        .map(|bin| Dot {
            x: x_of(bin.mean_forecast),
            y: y_of(bin.success_rate),
            radius: 3.0 + 6.0 * (bin.n as f64 / largest).sqrt(),
            bin,
        })
        .collect();
    svg(
        id,
        "Calibration: how often your forecasts came true",
        &description,
        HEIGHT,
        html! {
            (frame("Your forecast (%)", "Succeeded (%)", &ticks, 0.0))
            line.ideal x1=(n(x_of(0.0))) y1=(n(y_of(0.0))) x2=(n(x_of(1.0))) y2=(n(y_of(1.0))) {}
            @if filled.is_empty() {
                text x=(n(x_of(0.5))) y=(n(y_of(0.5))) text-anchor="middle" { "No data yet" }
            }
            @for dot in &dots {
                g.bin {
                    line.ci x1=(n(dot.x)) y1=(n(y_of(dot.bin.ci_low))) x2=(n(dot.x)) y2=(n(y_of(dot.bin.ci_high))) {}
                    circle cx=(n(dot.x)) cy=(n(dot.y)) r=(n(dot.radius)) {}
                }
            }
            (count_labels(&dots))
        },
    )
}

/// The height of a label's box above its baseline: the 11 px capitals are about 8 units tall.
const LABEL_HEIGHT: f64 = 8.0;

/// A bin drawn as a dot: its centre and radius.
struct Dot<'a> {
    x: f64,
    y: f64,
    radius: f64,
    bin: &'a Bin,
}

/// Each bin's count beside its dot, in the first of four places (above right, above left, below
/// right, below left) that stays inside the plot and clear of every dot and of the counts placed
/// before it. Neighbouring bins sit about 30 units apart, so a long history's counts (five digits
/// and more) ran into each other when all went above right. A count with no free place is left
/// out of the picture; the chart's description and its table give every count.
fn count_labels(dots: &[Dot]) -> Markup {
    let mut taken: Vec<[f64; 4]> =
        dots.iter().map(|d| [d.x - d.radius, d.y - d.radius, d.x + d.radius, d.y + d.radius]).collect();
    let mut labels = Vec::new();
    for dot in dots {
        let label = compact(dot.bin.n);
        let width = label.chars().count() as f64 * CHAR_WIDTH;
        let (right, left) = (dot.x + 9.0, dot.x - 9.0 - width);
        let (above, below) = (dot.y - 6.0, dot.y + 14.0);
        let places = [(right, above), (left, above), (right, below), (left, below)];
        let free =
            places.into_iter().map(|(x, baseline)| [x, baseline - LABEL_HEIGHT, x + width, baseline]).find(|b| {
                b[0] >= LEFT && b[2] <= WIDTH && b[1] >= 0.0 && b[3] <= y_of(0.0) && taken.iter().all(|t| apart(b, t))
            });
        if let Some(spot) = free {
            taken.push(spot);
            labels.push((spot, label));
        }
    }
    html! {
        @for (spot, label) in labels { text.count x=(n(spot[0])) y=(n(spot[3])) { (label) } }
    }
}

/// Whether two boxes (left, top, right, bottom) share no area.
fn apart(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1]
}

/// A count in at most four or five characters: exact under a thousand, then in thousands or
/// millions ("1.2k", "23k", "1.4M").
fn compact(count: u64) -> String {
    match count {
        0..1_000 => count.to_string(),
        1_000..9_950 => format!("{:.1}k", count as f64 / 1e3),
        9_950..999_500 => format!("{:.0}k", count as f64 / 1e3),
        _ => format!("{:.1}M", count as f64 / 1e6),
    }
}

/// Strength (0–100) at each audit, in time order, joined by a line.
pub fn trajectory(id: &str, points: &[TrajectoryPoint]) -> Markup {
    let span = points.last().map_or(0.0, |p| p.day).max(1.0);
    let at = |p: &TrajectoryPoint| {
        if points.len() == 1 { 0.5 } else { INSET + (1.0 - 2.0 * INSET) * p.day / span }
    };
    let path: Vec<String> = points.iter().map(|p| format!("{},{}", n(x_of(at(p))), n(y_of(p.value / 100.0)))).collect();
    let ticks: Vec<(f64, String)> = match (points.first(), points.last()) {
        (Some(first), Some(last)) if points.len() > 1 => {
            vec![(at(first), first.label.clone()), (at(last), last.label.clone())]
        }
        (Some(only), _) => vec![(0.5, only.label.clone())],
        _ => Vec::new(),
    };
    let description = if points.is_empty() {
        "No audits yet.".to_owned()
    } else {
        points.iter().map(|p| format!("{}: {:.0}", p.label, p.value)).collect::<Vec<_>>().join("; ")
    };
    svg(
        id,
        "Efficacy trajectory: strength at each audit",
        &description,
        HEIGHT,
        html! {
            (frame("Audit date", "Strength (0–100)", &ticks, 0.0))
            @if points.is_empty() {
                text x=(n(x_of(0.5))) y=(n(y_of(0.5))) text-anchor="middle" { "No audits yet" }
            }
            polyline.trend points=(path.join(" ")) {}
            @for p in points {
                circle cx=(n(x_of(at(p)))) cy=(n(y_of(p.value / 100.0))) r="4" {}
                text.count x=(n(x_of(at(p)))) y=(n(y_of(p.value / 100.0) - 8.0)) text-anchor="middle" { (format!("{:.0}", p.value)) }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(f: f64, rate: f64, n: u64) -> Bin {
        Bin { forecast: f, mean_forecast: f, success_rate: rate, ci_low: rate - 0.1, ci_high: rate + 0.1, n }
    }

    #[test]
    fn coordinates_are_written_to_the_tenth() {
        let written: Vec<String> = [40.0, 12.34, 12.36, -3.26, 0.04, 299.95, 1e300].into_iter().map(n).collect();
        assert_eq!(written[..6], ["40.0", "12.3", "12.4", "-3.3", "0.0", "300.0"]);
        assert_eq!(written[6], format!("{:.1}", 1e300));
    }

    /// Every number after `name="` in the SVG.
    pub(super) fn values(svg: &str, name: &str) -> Vec<f64> {
        svg.split(&format!(" {name}=\"")).skip(1).filter_map(|s| s.split('"').next()?.parse().ok()).collect()
    }

    /// The box (left, top, right, bottom) each unrotated label of the SVG takes, from its
    /// position, anchor and length, with its text.
    fn label_boxes(svg: &str) -> Vec<(String, [f64; 4])> {
        svg.split("<text ")
            .skip(1)
            .filter_map(|rest| {
                let (attributes, body) = rest.split_once('>')?;
                if attributes.contains("transform=") {
                    return None;
                }
                let text = body.split("</text>").next()?.to_owned();
                let number = |name: &str| values(&format!(" {attributes}"), name).first().copied();
                let (x, y) = (number("x")?, number("y")?);
                let width = text.chars().count() as f64 * CHAR_WIDTH;
                let left = match attributes.split("text-anchor=\"").nth(1).and_then(|a| a.split('"').next()) {
                    Some("middle") => x - width / 2.0,
                    Some("end") => x - width,
                    _ => x,
                };
                Some((text, [left, y - LABEL_HEIGHT, left + width, y]))
            })
            .collect()
    }

    /// Every label lies inside the view box, and no two overlap.
    fn assert_labels_clear(svg: &str) {
        let boxes = label_boxes(svg);
        assert!(!boxes.is_empty(), "{svg}");
        for (text, [left, top, right, bottom]) in &boxes {
            assert!(*left >= 0.0 && *right <= WIDTH && *top >= 0.0 && *bottom <= HEIGHT, "{text} cut: {svg}");
        }
        for (i, (a, p)) in boxes.iter().enumerate() {
            for (b, q) in &boxes[i + 1..] {
                assert!(apart(p, q), "{a:?} {p:?} overlaps {b:?} {q:?}");
            }
        }
    }

    #[test]
    fn the_first_trajectory_label_stands_clear_of_the_axis_numbers() {
        // The first audit at 45, beside the axis's 50: the labels used to read "5045".
        let points = [
            TrajectoryPoint { day: 0.0, label: "2026-09-09".into(), value: 45.0 },
            TrajectoryPoint { day: 30.0, label: "2026-10-09".into(), value: 62.0 },
            TrajectoryPoint { day: 60.0, label: "2026-11-08".into(), value: 100.0 },
        ];
        let svg = trajectory("t", &points).into_string();
        assert_labels_clear(&svg);
        let boxes = label_boxes(&svg);
        let first = boxes.iter().find(|(text, _)| text == "45").expect("the first value");
        let axis = boxes.iter().filter(|(text, b)| text == "50" && b[2] <= LEFT).count();
        assert_eq!(axis, 1, "the axis's 50 is left of the axis");
        assert!(first.1[0] >= LEFT + 4.0, "the first value starts right of the axis: {:?}", first.1);
        let one = trajectory("t", &points[..1]).into_string();
        assert_labels_clear(&one);
    }

    #[test]
    fn calibration_labels_stay_inside_the_view_box_at_its_corners() {
        let svg = calibration("c", &[point(0.05, 0.0, 4), point(0.5, 0.5, 9), point(0.95, 1.0, 120)]).into_string();
        assert_labels_clear(&svg);
        let count = label_boxes(&svg).into_iter().find(|(text, _)| text == "120").expect("the count");
        assert!(count.1[1] >= 0.0 && count.1[2] <= WIDTH, "{count:?}");
    }

    #[test]
    fn a_long_historys_counts_stand_clear_of_each_other() {
        // The bins of a million recorded attempts: about 22,000 each, near the diagonal.
        let bins: Vec<Bin> = (0..=10u32)
            .map(|i| point(f64::from(i) / 10.0, 0.38 + 0.05 * f64::from(i), 22_700 + u64::from(i) * 37))
            .collect();
        let svg = calibration("c", &bins).into_string();
        assert_labels_clear(&svg);
        assert_eq!(svg.matches(r#"class="count""#).count(), 11, "every count has a place: {svg}");
        let (xs, ys, radii) = (values(&svg, "cx"), values(&svg, "cy"), values(&svg, "r"));
        for (text, label) in label_boxes(&svg) {
            for ((x, y), r) in xs.iter().zip(&ys).zip(&radii) {
                assert!(apart(&label, &[x - r, y - r, x + r, y + r]), "{text} {label:?} covers the dot at {x},{y}");
            }
        }
        assert!(svg.contains(">23k</text>") && svg.contains("succeeded in 22700 attempts"), "{svg}");
        // Crowded: two bins whose mean forecasts lie close, at the same rate.
        let crowded = [point(0.48, 0.5, 1_234), point(0.52, 0.5, 987), point(0.56, 0.5, 5)];
        let svg = calibration("c", &crowded).into_string();
        assert_labels_clear(&svg);
        assert!(svg.contains(">1.2k</text>") && svg.contains(">987</text>"), "{svg}");
    }

    #[test]
    fn counts_are_written_short() {
        let written: Vec<String> = [0, 999, 1_000, 1_249, 9_949, 9_950, 22_747, 999_499, 999_500, 1_234_567]
            .into_iter()
            .map(compact)
            .collect();
        assert_eq!(written, ["0", "999", "1.0k", "1.2k", "9.9k", "10k", "23k", "999k", "1.0M", "1.2M"]);
    }

    #[test]
    fn the_scales_map_the_unit_interval_onto_the_plot_and_clamp_outside_it() {
        assert_eq!((x_of(0.0), x_of(1.0)), (LEFT, WIDTH - RIGHT));
        assert_eq!((y_of(0.0), y_of(1.0)), (HEIGHT - BOTTOM, TOP));
        assert_eq!((x_of(-1.0), y_of(2.0)), (x_of(0.0), y_of(1.0)));
    }

    #[test]
    fn a_calibration_chart_draws_one_dot_per_filled_bin_labelled_with_its_count() {
        let svg = calibration("c", &[point(0.3, 0.6, 12), point(0.5, 0.5, 0), point(0.9, 0.95, 3)]).into_string();
        assert_eq!(svg.matches("<circle").count(), 2, "{svg}");
        assert!(svg.contains(">12</text>") && svg.contains(">3</text>"), "{svg}");
        assert!(svg.contains("forecast about 30%: 60% succeeded in 12 attempts"), "{svg}");
        assert!(svg.contains(r#"role="img""#) && svg.contains(r#"aria-labelledby="c-title c-desc""#));
        for v in values(&svg, "cx").into_iter().chain(values(&svg, "cy")) {
            assert!((0.0..=WIDTH).contains(&v), "{v} inside the view box");
        }
        let radii = values(&svg, "r");
        assert!(radii[0] > radii[1], "the larger bin has the larger dot: {radii:?}");
    }

    #[test]
    fn an_empty_chart_says_so_in_picture_and_words() {
        let svg = calibration("e", &[]).into_string();
        assert!(svg.contains("No data yet") && svg.contains("No recorded attempts"), "{svg}");
        let svg = trajectory("t", &[]).into_string();
        assert!(svg.contains("No audits yet"), "{svg}");
    }

    #[test]
    fn a_trajectory_spaces_audits_by_time_and_labels_the_ends() {
        let points = [
            TrajectoryPoint { day: 0.0, label: "2026-08-01".into(), value: 40.0 },
            TrajectoryPoint { day: 30.0, label: "2026-08-31".into(), value: 50.0 },
            TrajectoryPoint { day: 90.0, label: "2026-10-30".into(), value: 70.0 },
        ];
        let svg = trajectory("t", &points).into_string();
        let xs = values(&svg, "cx");
        assert_eq!(xs.len(), 3);
        assert!(((xs[2] - xs[1]) - 2.0 * (xs[1] - xs[0])).abs() < 0.5, "60 days span twice 30: {xs:?}");
        assert!(svg.contains("2026-08-01") && svg.contains("2026-10-30") && svg.contains(">70</text>"), "{svg}");
        assert!(svg.contains("2026-08-31: 50"), "{svg}");
    }

    #[test]
    fn a_label_that_would_stick_out_hangs_inwards() {
        assert_eq!(anchor(x_of(0.0), "0"), "middle");
        assert_eq!(anchor(x_of(1.0), "100"), "middle");
        assert_eq!(anchor(x_of(1.0), "2026-11-20"), "end");
        assert_eq!(anchor(4.0, "2026-11-20"), "start");
    }

    #[test]
    fn text_in_a_chart_is_escaped() {
        let points = [TrajectoryPoint { day: 0.0, label: "<b>".into(), value: 10.0 }];
        assert!(!trajectory("t", &points).into_string().contains("<b>"));
    }
}

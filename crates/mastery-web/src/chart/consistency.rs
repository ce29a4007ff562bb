//! The practice consistency chart: Loop's score day by day as a line, and what each day was for
//! the plan as a row of marks under it, so a dip can be read against the missed days that made
//! it and a flat stretch against the rest days that held it.

use mastery_domain::practice::{DayMark, DayScore};
use maud::{Markup, html};

use super::{HEIGHT, LEFT, frame, n, svg, x_of, y_of};

/// The band between the axis and its dates where the marks sit.
const STRIP: f64 = 16.0;
/// The row under the axis title that holds the legend.
const LEGEND: f64 = 22.0;
/// Half the size of a mark: a day is about 5 units wide over 8 weeks.
const MARK: f64 = 2.4;

/// What a day was, in the words of the legend and of the table beside the chart.
pub fn day_mark_label(mark: DayMark) -> &'static str {
    match mark {
        DayMark::Kept => "kept",
        DayMark::Missed => "missed",
        DayMark::Rest => "rest day",
        DayMark::Extra => "extra session",
        DayMark::Off => "not planned",
    }
}

/// A day's mark, centred on (`x`, `y`): each kind has its own shape, so colour is never the only
/// difference; a day the plan leaves free has none.
fn mark(kind: DayMark, x: f64, y: f64) -> Markup {
    let (l, r, t, b) = (n(x - MARK), n(x + MARK), n(y - MARK), n(y + MARK));
    html! {
        @match kind {
            DayMark::Kept => circle.kept cx=(n(x)) cy=(n(y)) r=(n(MARK)) {},
            DayMark::Missed => path.missed d=(format!("M{l} {t}L{r} {b}M{l} {b}L{r} {t}")) {},
            DayMark::Rest => circle.rest cx=(n(x)) cy=(n(y)) r=(n(MARK - 0.6)) {},
            DayMark::Extra => path.extra d=(format!("M{} {t}L{r} {}L{} {b}L{l} {}Z", n(x), n(y), n(x), n(y))) {},
            DayMark::Off => {},
        }
    }
}

/// Counts of each kind of day, for the description.
fn tally(days: &[DayScore]) -> String {
    let words: Vec<String> = [DayMark::Kept, DayMark::Missed, DayMark::Rest, DayMark::Extra]
        .into_iter()
        .map(|kind| (days.iter().filter(|d| d.mark == kind).count(), day_mark_label(kind)))
        .filter(|(count, _)| *count > 0)
        .map(|(count, word)| format!("{count} {word}"))
        .collect();
    words.join(", ")
}

/// One domain's consistency (0–100%) on each counted day, oldest first, with the day's mark on a
/// strip along the bottom and a legend under the chart.
pub fn consistency(id: &str, domain: &str, days: &[DayScore]) -> Markup {
    let at = |i: usize| if days.len() == 1 { 0.5 } else { i as f64 / (days.len() - 1) as f64 };
    let path: Vec<String> =
        days.iter().enumerate().map(|(i, d)| format!("{},{}", n(x_of(at(i))), n(y_of(d.score)))).collect();
    let ticks: Vec<(f64, String)> = match (days.first(), days.last()) {
        (Some(first), Some(last)) if days.len() > 1 => vec![(0.0, first.on.to_string()), (1.0, last.on.to_string())],
        (Some(only), _) => vec![(0.5, only.on.to_string())],
        _ => Vec::new(),
    };
    let description = match (days.first(), days.last()) {
        (Some(first), Some(last)) => format!(
            "From {} to {} the score went from {:.0}% to {:.0}%. Days: {}.",
            first.on,
            last.on,
            first.score * 100.0,
            last.score * 100.0,
            tally(days)
        ),
        _ => "No practice day counted yet: the score starts on the day practice begins.".to_owned(),
    };
    let strip_y = y_of(0.0) + STRIP / 2.0 + 1.0;
    let legend_y = HEIGHT + STRIP + LEGEND / 2.0;
    let legend = [(DayMark::Kept, 0.0), (DayMark::Missed, 62.0), (DayMark::Rest, 136.0), (DayMark::Extra, 214.0)];
    svg(
        id,
        &format!("Practice consistency: {domain}"),
        &description,
        HEIGHT + STRIP + LEGEND,
        html! {
            (frame("Day", "Consistency (%)", &ticks, STRIP))
            @if days.is_empty() {
                text x=(n(x_of(0.5))) y=(n(y_of(0.5))) text-anchor="middle" { "No practice counted yet" }
            }
            polyline.trend points=(path.join(" ")) {}
            @if let Some(last) = days.last() {
                circle cx=(n(x_of(at(days.len() - 1)))) cy=(n(y_of(last.score))) r="3.5" {}
                text.count x=(n(x_of(at(days.len() - 1)))) y=(n(y_of(last.score) - 8.0)) text-anchor="end" { (format!("{:.0}%", last.score * 100.0)) }
            }
            g.marks {
                @for (i, d) in days.iter().enumerate() { (mark(d.mark, x_of(at(i)), strip_y)) }
            }
            g.legend {
                @for (kind, dx) in legend {
                    (mark(kind, LEFT + dx, legend_y - 4.0))
                    text x=(n(LEFT + dx + 6.0)) y=(n(legend_y)) { (day_mark_label(kind)) }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::chart::tests::values;

    fn day(d: i8, mark: DayMark, score: f64) -> DayScore {
        DayScore { on: date(2026, 11, d), mark, score }
    }

    fn week() -> Vec<DayScore> {
        vec![
            day(16, DayMark::Kept, 0.05),
            day(17, DayMark::Kept, 0.10),
            day(18, DayMark::Rest, 0.10),
            day(19, DayMark::Missed, 0.096),
            day(20, DayMark::Kept, 0.143),
        ]
    }

    #[test]
    fn the_line_runs_through_each_day_s_score_from_the_first_day_to_the_last() {
        let svg = consistency("p", "Running", &week()).into_string();
        let points = svg.split(r#"points=""#).nth(1).and_then(|s| s.split('"').next()).unwrap();
        let points: Vec<(f64, f64)> = points
            .split(' ')
            .map(|p| p.split_once(',').map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap())).unwrap())
            .collect();
        assert_eq!(points.len(), 5);
        assert_eq!((points[0].0, points[4].0), (x_of(0.0), x_of(1.0)), "the days span the plot");
        assert!(((points[1].0 - points[0].0) - (points[4].0 - points[3].0)).abs() < 0.11, "evenly spaced");
        for (point, expected) in points.iter().zip([0.05, 0.10, 0.10, 0.096, 0.143]) {
            assert!((point.1 - y_of(expected)).abs() < 0.06, "{point:?} for {expected}");
        }
        assert!(svg.contains(">14%</text>"), "the latest score is written at the end: {svg}");
        assert!(svg.contains(r#"text-anchor="middle">2026-11-16</text>"#), "dated ends, inside the box: {svg}");
        assert!(svg.contains(r#"text-anchor="end">2026-11-20</text>"#), "dated ends, inside the box: {svg}");
        assert!(svg.contains(">Consistency (%)</text>") && svg.contains(">Day</text>"), "{svg}");
        for tick in ["0", "50", "100"] {
            assert!(svg.contains(&format!(">{tick}</text>")), "{tick}");
        }
    }

    #[test]
    fn each_day_gets_its_own_shape_on_the_strip_and_the_legend_names_them() {
        let svg = consistency("p", "Running", &week()).into_string();
        let strip = &svg[svg.find(r#"<g class="marks">"#).unwrap()..svg.find(r#"<g class="legend">"#).unwrap()];
        assert_eq!(strip.matches(r#"class="kept""#).count(), 3, "{strip}");
        assert_eq!(strip.matches(r#"class="missed""#).count(), 1, "{strip}");
        assert_eq!(strip.matches(r#"class="rest""#).count(), 1, "{strip}");
        let rest_x = values(strip, "cx")[2];
        assert!((rest_x - x_of(0.5)).abs() < 0.06, "the rest day is the middle one: {rest_x}");
        for y in values(strip, "cy") {
            assert!(y > y_of(0.0) && y < y_of(0.0) + STRIP, "under the axis, above the dates: {y}");
        }
        for word in ["kept", "missed", "rest day", "extra session"] {
            assert!(svg.contains(&format!(">{word}</text>")), "legend: {word}");
        }
    }

    #[test]
    fn the_text_alternative_tells_the_change_and_the_days() {
        let svg = consistency("p", "Running", &week()).into_string();
        assert!(svg.contains(r#"role="img""#) && svg.contains(r#"aria-labelledby="p-title p-desc""#));
        assert!(svg.contains(r#"<title id="p-title">Practice consistency: Running</title>"#), "{svg}");
        assert!(
            svg.contains(
                "From 2026-11-16 to 2026-11-20 the score went from 5% to 14%. Days: 3 kept, 1 missed, 1 rest day."
            ),
            "{svg}"
        );
    }

    #[test]
    fn no_counted_day_says_so_and_one_day_sits_in_the_middle() {
        let svg = consistency("p", "Running", &[]).into_string();
        assert!(svg.contains("No practice counted yet") && svg.contains("No practice day counted yet"), "{svg}");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        let svg = consistency("p", "Running", &[day(20, DayMark::Extra, 0.02)]).into_string();
        assert!(svg.contains(&format!(r#"points="{},{}""#, n(x_of(0.5)), n(y_of(0.02)))), "in the middle: {svg}");
        assert!(svg.contains(r#"<path class="extra""#) && svg.contains("1 extra session"), "{svg}");
    }
}

//! The source-mix chart: one horizontal bar per source of efficacy, split into the experiences
//! that built belief, left it alone and eroded it, on one scale so the sources compare. Each part
//! has its own fill (solid, dotted, striped) and every bar has its counts written under it, so
//! neither colour nor length alone carries the numbers.

use mastery_domain::source_mix::{Push, Source, SourceCount};
use maud::{Markup, html};

use super::{WIDTH, n, svg};

/// The bars' left and right ends.
const START: f64 = 8.0;
const END: f64 = WIDTH - 8.0;
/// One source's rows: its name, its bar and its counts.
const ROW: f64 = 56.0;
const BAR: f64 = 16.0;
/// The legend under the bars.
const LEGEND: f64 = 26.0;

/// How many experiences of `c` pushed belief the way `push` says.
fn count(c: &SourceCount, push: Push) -> u32 {
    match push {
        Push::Building => c.building,
        Push::Neutral => c.neutral,
        Push::Eroding => c.eroding,
    }
}

/// The fill of a part: solid for building (its CSS class), one of this chart's patterns for the
/// others.
fn fill(id: &str, push: Push) -> Option<String> {
    match push {
        Push::Building => None,
        Push::Neutral | Push::Eroding => Some(format!("url(#{id}-{push})")),
    }
}

/// The counts of one source in words: "3 building, 1 neutral, 0 eroding".
fn counts(c: &SourceCount) -> String {
    let words: Vec<String> = Push::ALL.iter().map(|&push| format!("{} {push}", count(c, push))).collect();
    words.join(", ")
}

/// A rectangle of one part, filled as the legend shows it.
fn part_rect(id: &str, push: Push, x: f64, y: f64, width: f64, height: f64) -> Markup {
    html! {
        rect class=(push.as_str()) x=(n(x)) y=(n(y)) width=(n(width)) height=(n(height)) fill=[fill(id, push)] {}
    }
}

/// The experiences of each source in `sources`, named by `label`, as stacked bars on the scale
/// of the source with the most.
pub fn source_mix(id: &str, title: &str, sources: &[SourceCount], label: fn(Source) -> &'static str) -> Markup {
    let most = sources.iter().map(|c| c.total()).max().unwrap_or(0);
    let unit = (END - START) / f64::from(most.max(1));
    let empty = most == 0;
    let description = match (sources.is_empty(), empty) {
        (true, _) => "No source to show.".to_owned(),
        (false, true) => "No experience recorded yet in any source.".to_owned(),
        (false, false) => {
            let each: Vec<String> = sources.iter().map(|c| format!("{}: {}", label(c.source), counts(c))).collect();
            each.join("; ")
        }
    };
    // With nothing to draw, one row says so.
    let bars: &[SourceCount] = if empty { &[] } else { sources };
    let height = ROW * bars.len().max(1) as f64 + LEGEND;
    svg(
        id,
        title,
        &description,
        height,
        html! {
            defs {
                pattern id=(format!("{id}-neutral")) width="5" height="5" patternUnits="userSpaceOnUse" {
                    rect.neutral-ground width="5" height="5" {}
                    rect.pattern-mark x="1.5" y="1.5" width="2" height="2" {}
                }
                pattern id=(format!("{id}-eroding")) width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)" {
                    rect.eroding-ground width="6" height="6" {}
                    rect.pattern-mark width="2" height="6" {}
                }
            }
            @if empty {
                text x=(n(WIDTH / 2.0)) y=(n(ROW / 2.0)) text-anchor="middle" { "No data yet" }
            }
            @for (i, c) in bars.iter().enumerate() {
                @let top = ROW * i as f64;
                g.source {
                    text x=(n(START)) y=(n(top + 12.0)) { (label(c.source)) }
                    rect.track x=(n(START)) y=(n(top + 18.0)) width=(n(END - START)) height=(n(BAR)) {}
                    @for (j, &push) in Push::ALL.iter().enumerate() {
                        @let before: u32 = Push::ALL[..j].iter().map(|&p| count(c, p)).sum();
                        @if count(c, push) > 0 {
                            (part_rect(id, push, START + unit * f64::from(before), top + 18.0, unit * f64::from(count(c, push)), BAR))
                        }
                    }
                    text.counts x=(n(START)) y=(n(top + 48.0)) {
                        @if c.total() == 0 { "None yet" } @else { (counts(c)) }
                    }
                }
            }
            g.legend {
                @for (k, &push) in Push::ALL.iter().enumerate() {
                    @let x = START + 96.0 * k as f64;
                    @let y = height - LEGEND / 2.0;
                    (part_rect(id, push, x, y - 9.0, 14.0, 10.0))
                    text x=(n(x + 19.0)) y=(n(y)) { (push) }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::tests::values;

    fn label(source: Source) -> &'static str {
        match source {
            Source::Mastery => "Mastery",
            Source::Vicarious => "Vicarious",
            Source::Persuasion => "Persuasion",
            Source::Physiological => "Physiological",
        }
    }

    fn count(source: Source, building: u32, neutral: u32, eroding: u32) -> SourceCount {
        SourceCount { source, building, neutral, eroding }
    }

    fn mix() -> Vec<SourceCount> {
        vec![
            count(Source::Mastery, 6, 2, 2),
            count(Source::Vicarious, 1, 0, 0),
            count(Source::Persuasion, 2, 1, 1),
            count(Source::Physiological, 0, 0, 0),
        ]
    }

    /// The bars' parts (not the legend's) as (class, x, width), in order.
    fn parts(svg: &str) -> Vec<(String, f64, f64)> {
        let bars = &svg[..svg.find(r#"<g class="legend">"#).unwrap()];
        bars.split("<rect class=\"")
            .skip(1)
            .filter_map(|r| {
                let class = r.split('"').next()?;
                let tag = format!(" {}", &r[..r.find('>')?]);
                ["building", "neutral", "eroding"]
                    .contains(&class)
                    .then(|| (class.to_owned(), values(&tag, "x")[0], values(&tag, "width")[0]))
            })
            .collect()
    }

    #[test]
    fn each_part_is_as_long_as_its_count_on_one_scale_and_starts_where_the_last_ended() {
        let svg = source_mix("m", "Sources of efficacy: Running", &mix(), label).into_string();
        let unit = (END - START) / 10.0;
        let expected = [
            ("building", START, 6.0 * unit),
            ("neutral", START + 6.0 * unit, 2.0 * unit),
            ("eroding", START + 8.0 * unit, 2.0 * unit),
            ("building", START, unit),
            ("building", START, 2.0 * unit),
            ("neutral", START + 2.0 * unit, unit),
            ("eroding", START + 3.0 * unit, unit),
        ];
        let parts = parts(&svg);
        assert_eq!(parts.len(), expected.len(), "no rectangle for a zero count: {parts:?}");
        for ((class, x, width), (e_class, e_x, e_width)) in parts.iter().zip(expected) {
            assert_eq!(class, e_class);
            assert!((x - e_x).abs() < 0.06 && (width - e_width).abs() < 0.06, "{class}: {x} {width}");
        }
        assert!((parts[2].1 + parts[2].2 - END).abs() < 0.1, "the fullest bar spans the width");
    }

    #[test]
    fn the_counts_are_written_and_the_parts_differ_by_pattern_as_well_as_colour() {
        let svg = source_mix("m", "Sources of efficacy: Running", &mix(), label).into_string();
        for text in [
            ">Mastery</text>",
            ">6 building, 2 neutral, 2 eroding</text>",
            ">1 building, 0 neutral, 0 eroding</text>",
            ">None yet</text>",
        ] {
            assert!(svg.contains(text), "{text}: {svg}");
        }
        assert!(svg.contains(r#"<pattern id="m-neutral""#) && svg.contains(r#"<pattern id="m-eroding""#));
        assert!(svg.contains(r#"class="neutral" x="#) && svg.contains(r#"fill="url(#m-neutral)""#), "{svg}");
        assert!(svg.contains(r#"fill="url(#m-eroding)""#), "{svg}");
        for word in ["building", "neutral", "eroding"] {
            assert!(svg.contains(&format!(">{word}</text>")), "legend: {word}");
        }
    }

    #[test]
    fn the_text_alternative_lists_every_source() {
        let svg = source_mix("m", "Sources of efficacy: Running", &mix(), label).into_string();
        assert!(svg.contains(r#"aria-labelledby="m-title m-desc""#) && svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"<title id="m-title">Sources of efficacy: Running</title>"#), "{svg}");
        assert!(svg.contains("Mastery: 6 building, 2 neutral, 2 eroding; Vicarious: 1 building"), "{svg}");
        assert!(svg.contains("Physiological: 0 building, 0 neutral, 0 eroding</desc>"), "{svg}");
    }

    #[test]
    fn no_experience_at_all_says_so_without_bars() {
        let none: Vec<SourceCount> = Source::ALL.iter().map(|&s| count(s, 0, 0, 0)).collect();
        for (sources, says) in [(&none[..], "No experience recorded yet in any source."), (&[], "No source to show.")] {
            let svg = source_mix("m", "Sources", sources, label).into_string();
            assert!(svg.contains(">No data yet</text>") && svg.contains(&format!(">{says}</desc>")), "{svg}");
            assert!(parts(&svg).is_empty() && !svg.contains(r#"class="track""#), "{svg}");
            assert!(svg.contains(&format!(r#"viewBox="0 0 {WIDTH} {}""#, ROW + LEGEND)), "one row high: {svg}");
        }
    }
}

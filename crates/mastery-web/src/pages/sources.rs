//! One domain's mix of the four sources of efficacy, as a chart and as a table of the same
//! numbers, with its gaps: shown for every domain on the people page and for one on its own page.

use mastery_app::views::DomainSourcesView;
use mastery_domain::source_mix::Source;
use maud::{Markup, html};

use crate::chart;

/// A source as the pages name it: Bandura's word and where its experiences come from.
pub(super) fn source_label(source: Source) -> &'static str {
    match source {
        Source::Mastery => "Mastery (your attempts)",
        Source::Vicarious => "Vicarious (role models)",
        Source::Persuasion => "Persuasion (feedback)",
        Source::Physiological => "Physiological (your state before attempts)",
    }
}

/// The chart of `mix`, the table of its counts and its gaps; `name` is the domain's name.
pub(super) fn domain_mix(mix: &DomainSourcesView, name: &str) -> Markup {
    html! {
        figure {
            (chart::source_mix(&format!("sources-chart-{}", mix.domain), &format!("Sources of efficacy: {name}"), &mix.sources, source_label))
        }
        div.table-wrap {
            table.stack {
                thead { tr { th scope="col" { "Source" } th scope="col" { "Building" } th scope="col" { "Neutral" } th scope="col" { "Eroding" } } }
                tbody {
                    @for s in &mix.sources {
                        tr { th scope="row" { (source_label(s.source)) } td data-label="Building" { (s.building) } td data-label="Neutral" { (s.neutral) } td data-label="Eroding" { (s.eroding) } }
                    }
                }
            }
        }
        @if mix.gaps.is_empty() {
            p.muted { "No gap: every source has experiences." }
        } @else {
            ul.gaps { @for gap in &mix.gaps { li { (gap.statement) } } }
        }
    }
}

//! `/cohort`: a coach's view of the people who share a domain with them as coach, per scale —
//! each person's change between their first and latest audits (with the Reliable Change Index
//! where the scale has norms), the cohort's mean change with Hedges' g and its interval, and the
//! scale's Cronbach's α in this cohort — in numbers and in the app's words, with the CSV export.

use mastery_app::sharing::CohortView;
use maud::{Markup, html};

use super::{page_error, sub_nav};
use crate::error::WebError;
use crate::layout::{self, card};
use crate::{Me, WebStore};

pub async fn page<S: WebStore>(me: Me<S>) -> Result<Markup, WebError> {
    let cohorts = me.sharing.cohort(me.user).await.map_err(page_error)?;
    Ok(layout::page(
        "Your cohort",
        html! {
            (sub_nav("/cohort"))
            @if cohorts.is_empty() {
                p { "Nobody who shares a domain with you as their coach has taken an audit there yet. Once they have, their first and latest audits are compared here, per scale." }
            } @else {
                p { "The people who share a domain with you as their coach, first audit against latest, per scale. "
                    a href="/api/v1/cohort.csv" download="cohort.csv" { "Download the cohort as CSV" }
                    " (people numbered P1, P2…, never named)." }
                @for c in &cohorts { (scale_section(c)) }
            }
        },
    ))
}

fn number(value: Option<f64>, format: impl Fn(f64) -> String) -> String {
    value.map_or_else(|| "—".to_owned(), format)
}

fn scale_section(c: &CohortView) -> Markup {
    let s = &c.summary;
    card(
        &format!("scale-{}", c.scale),
        &c.scale_name,
        html! {
            dl.figures {
                dt { "People with two audits" } dd { (s.n_both) " of " (s.members.len()) }
                dt { "Mean change" } dd { (number(s.mean_change, |v| format!("{v:+.1}"))) }
                dt { "Hedges' g (95% interval)" } dd { (s.effect.map_or_else(|| "—".to_owned(), |e| format!("{:.2} ({:.2} to {:.2})", e.g, e.low, e.high))) }
                dt { "Cronbach's α" } dd { (number(s.alpha, |a| format!("{a:.2}"))) }
                @if s.norms.is_some() { dt { "Reliably up / down" } dd { (s.reliably_up) " / " (s.reliably_down) } }
            }
            div.table-wrap { table.stack {
                thead { tr { th scope="col" { "Person" } th scope="col" { "First" } th scope="col" { "Latest" } th scope="col" { "Change" } th scope="col" { "RCI" } } }
                tbody { @for m in &s.members { tr {
                    th scope="row" { (m.label) }
                    td data-label="First" { (format!("{:.1}", m.pre)) }
                    td data-label="Latest" { (number(m.post, |v| format!("{v:.1}"))) }
                    td data-label="Change" { (number(m.change, |v| format!("{v:+.1}"))) }
                    td data-label="RCI" { (m.reliable_change.map_or_else(|| "—".to_owned(), |r| format!("{:+.2}{}", r.rc, if r.reliable { ", reliable" } else { "" }))) }
                } } }
            } }
            details {
                summary { "In words, with the working" }
                ul { @for line in &c.explanation { li { (line) } } }
            }
        },
    )
}

//! The attempts themselves, newest first: every forecast and what came of it, failures and
//! partials included, because the evidence file shows only successes and calibration only sums.
//! An attempt still waiting for its outcome links to its record form; a setback still waiting for
//! its plan for next time links to that.

use axum::extract::Query;
use mastery_app::AttemptFilter;
use mastery_app::views::{AttemptView, DomainView};
use maud::{Markup, html};
use serde::Deserialize;

use super::Page;
use super::revise::delete_button;
use crate::error::WebError;
use crate::layout::{self, card, local_day};
use crate::{Web, WebStore};

/// How many of the latest attempts the page shows.
const SHOWN: usize = 50;

#[derive(Debug, Deserialize)]
pub struct Filter {
    domain: Option<String>,
}

pub async fn list<S: WebStore>(web: Web<S>, Query(filter): Query<Filter>) -> Page {
    let domain = filter.domain.filter(|d| !d.trim().is_empty());
    let domains: Vec<DomainView> = web.app.domains(false).await.map_err(WebError::html)?;
    let shown = match &domain {
        Some(reference) => Some(web.app.show_domain(reference).await.map_err(WebError::html)?.domain.slug),
        None => None,
    };
    let attempts = AttemptFilter { domain: shown.clone(), last: Some(SHOWN), ..AttemptFilter::default() };
    let attempts = web.app.attempts(attempts).await.map_err(WebError::html)?;
    Ok(layout::page(
        "Attempts",
        html! {
            p { a.button href="/attempts/new" { "Plan an attempt" } }
            @if domains.len() > 1 { (layout::domain_filter("/attempts", &domains, shown.as_deref())) }
            (card("history", "Latest attempts", html! {
                @if attempts.is_empty() {
                    p { "No attempt yet. Plan one: say how sure you are before you try, then record how it went." }
                } @else {
                    p.muted { "The latest " (attempts.len()) ", newest first. Forecasts are how sure you were before trying." }
                    div.table-wrap {
                        table.stack {
                            thead { tr { th scope="col" { "Day" } th scope="col" { "Challenge" } th scope="col" { "Forecast" } th scope="col" { "Outcome" } th.wide-only scope="col" { "Why, in your words" } th scope="col" { span.visually-hidden { "Action" } } } }
                            tbody { @for attempt in attempts.iter().rev() { (row(attempt, web.token())) } }
                        }
                    }
                }
            }))
        },
    ))
}

fn row(attempt: &AttemptView, token: &str) -> Markup {
    html! {
        tr {
            td data-label="Day" { (local_day(attempt.planned_at)) }
            th scope="row" { (attempt.challenge) br; span.muted { (attempt.domain) } }
            td data-label="Forecast" { (attempt.confidence) "%" }
            td data-label="Outcome" {
                @match attempt.outcome {
                    Some(outcome) => {
                        (outcome)
                        @if attempt.reattribution_prompt.is_some() {
                            br; a href=(format!("/attempts/{}/next-time", attempt.id)) { "Plan for next time" }
                        }
                    }
                    None => { a href=(format!("/attempts/{}/record", attempt.id)) { "Record how it went" } }
                }
            }
            td.wide-only data-label="Why" {
                @if let Some(because) = &attempt.because { (because) }
                @if let Some(lesson) = &attempt.lesson { br; span.muted { "Lesson: " (lesson) } }
            }
            td {
                a href=(format!("/attempts/{}/edit", attempt.id)) aria-label=(format!("Edit the attempt at {}", attempt.challenge)) { "Edit" }
                " " (delete_button(token, "attempt", &attempt.id.to_string(), &format!("the attempt at {}", attempt.challenge), "/attempts"))
            }
        }
    }
}

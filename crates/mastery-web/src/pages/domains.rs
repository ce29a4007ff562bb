//! Domains: the list with each one's strength, success rate and calibration bias, the form to
//! add one, and a domain's own page — its ladders, efficacy trajectory, calibration chart, sources
//! of efficacy, evidence file and insights.

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use mastery_app::views::{AuditHistoryView, CalibrationView, DomainSourcesView, LadderView};
use mastery_app::{DomainPage, NewDomain};
use mastery_domain::domain::LifeArea;
use mastery_domain::evidence::EvidenceSource;
use mastery_domain::success;
use maud::{Markup, html};
use serde::Deserialize;

use super::revise::{delete_button, delete_saying};
use super::sources::domain_mix;
use super::{Page, file_error};
use crate::chart::{self, TrajectoryPoint};
use crate::error::WebError;
use crate::layout::{self, Errors, Field, card, percent};
use crate::pages::forms::Concern;
use crate::{Web, WebStore};

pub async fn list<S: WebStore>(web: Web<S>) -> Page {
    list_page(&web, &Errors::default(), "").await
}

async fn list_page<S: WebStore>(web: &Web<S>, errors: &Errors, name: &str) -> Page {
    let rows = web.app.domains_page().await.map_err(WebError::html)?;
    let areas: Vec<(String, String)> = LifeArea::ALL.iter().map(|a| (a.to_string(), a.to_string())).collect();
    Ok(layout::page(
        "Domains",
        html! {
            div.table-wrap {
                table {
                    caption.muted { "Strength is the latest audit's (0–100). Bias is the mean forecast minus the success rate: below zero, you under-predict yourself." }
                    thead { tr { th scope="col" { "Domain" } th scope="col" { "Strength" } th scope="col" { (success::LABEL) } th scope="col" { "Calibration bias" } } }
                    tbody {
                        @for row in &rows {
                            @let d = &row.detail;
                            tr {
                                th scope="row" { a href=(format!("/domains/{}", d.domain.slug)) { (d.domain.name) } }
                                td { (row.strength.map_or("not audited".to_owned(), |s| format!("{s:.0}"))) }
                                td { @if let Some(rate) = d.success_rate { (percent(rate)) " of " (d.outcomes.attempts) } @else { "no attempts" } }
                                td { (row.bias.map_or("—".to_owned(), signed_points)) }
                            }
                        }
                    }
                }
            }
            (card("add", "Add a domain", html! {
                form method="post" action="/domains" {
                    (layout::token(web.token()))
                    (errors.summary())
                    (Field { name: "name", label: "Domain name", hint: Some("For example: Public speaking") }.text(errors, name))
                    (Field { name: "area", label: "Life area", hint: None }.select(errors, &areas, "career"))
                    button type="submit" { "Add the domain" }
                }
            }))
        },
    ))
}

/// A bias (a share) in signed percentage points.
fn signed_points(bias: f64) -> String {
    format!("{:+.0} points", bias * 100.0)
}

#[derive(Debug, Deserialize)]
pub struct DomainForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    area: String,
}

pub async fn add<S: WebStore>(web: Web<S>, Form(form): Form<DomainForm>) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    match form.area.parse::<LifeArea>() {
        Ok(area) => {
            let input = NewDomain { name: form.name.clone(), area, description: None };
            match web.app.add_domain(input).await {
                Ok(view) => return Ok(Redirect::to(&format!("/domains/{}", view.slug)).into_response()),
                Err(error) => {
                    file_error(&mut errors, error, &[(Concern::Field(mastery_domain::Field::DomainName), "name")])?
                }
            }
        }
        Err(error) => errors.add("area", error.to_string()),
    }
    let page = list_page(&web, &errors, &form.name).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub async fn show<S: WebStore>(web: Web<S>, Path(slug): Path<String>) -> Page {
    let DomainPage {
        detail,
        ladders,
        audits: history,
        calibration,
        evidence,
        celebrations: highlights,
        insights,
        sources: mix,
    } = web.app.domain_page(&slug, 10).await.map_err(WebError::html)?;
    let slug = detail.domain.slug.clone();
    Ok(layout::page(
        &detail.domain.name,
        html! {
            p.muted { (detail.domain.area) " · " (detail.outcomes.summary()) }
            p { a href=(format!("/domains/{slug}/edit")) { "Edit this domain" } " "
                (delete_saying(web.token(), "domain", &slug, "Delete this domain", "/domains")) }
            @if ladders.is_empty() {
                (card("goal", if detail.goals.is_empty() { "Your first goal here" } else { "Your next goal here" }, html! {
                    p { "Set a goal in " (detail.domain.name) " and build its ladder of challenges; the engine then suggests which one to try next." }
                    p { a.button href=(format!("/domains/{slug}/goals")) { "Add a goal" } }
                }))
            }
            @for ladder in &ladders { (ladder_section(ladder, web.token())) }
            @if !ladders.is_empty() { p { a href=(format!("/domains/{slug}/goals")) { "Add another goal" } } }
            @let reached: Vec<_> = detail.goals.iter().filter(|g| g.done_at.is_some()).collect();
            @if !reached.is_empty() {
                (card("reached", "Goals reached", html! {
                    ul { @for goal in &reached { li { a href=(format!("/goals/{}/rungs", goal.id)) { (goal.statement) } } } }
                }))
            }
            div.grid {
                (trajectory_section(&history, web.token()))
                (calibration_section(&calibration))
            }
            (sources_section(&mix, &detail.domain.name))
            (card("evidence", "Evidence file", html! {
                @if evidence.is_empty() { p { "No successes yet. Each success you record lands here, with what you did." } }
                @if !highlights.is_empty() {
                    h3 { "Highlights" }
                    ul.highlights {
                        @for c in highlights.iter().take(5) { (super::celebrations::item(c, false)) }
                    }
                    h3 { "Latest successes" }
                }
                ul {
                    @for e in &evidence {
                        li { strong { (e.title) } " — " (layout::local_day(e.at))
                            @if e.source == EvidenceSource::Backfill {
                                " " a href=(format!("/evidence/{}/edit", e.id)) aria-label=(format!("Edit the success {}", e.title)) { "Edit" }
                                " " (delete_button(web.token(), "evidence", &e.id, &format!("the success {}", e.title), &format!("/domains/{slug}")))
                            }
                            @if let Some(did) = &e.did { br; span.muted { "What I did: " (did) } } }
                    }
                }
            }))
            (card("insights", "Insights", html! {
                @if insights.is_empty() { p { "Nothing stands out yet; insights appear as your record grows." } }
                ul { @for i in &insights { li { (i.insight.statement) } } }
            }))
        },
    ))
}

fn ladder_section(ladder: &LadderView, token: &str) -> Markup {
    html! {
        section.card aria-label=(format!("Ladder: {}", ladder.goal)) {
            h2 { "Ladder: " (ladder.goal) }
            p.muted { "Target success rate " (percent(ladder.target_success)) ", the zone of effortful success." }
            @if ladder.rungs.is_empty() {
                p { "No rungs yet: " a href=(format!("/goals/{}/rungs", ladder.goal_id)) { "add the first rungs of this ladder" } "." }
            } @else {
            div.table-wrap {
                table {
                    thead { tr { th scope="col" { "Rung (easy → hard)" } th.wide-only scope="col" { "Difficulty" } th scope="col" { "Record" } th scope="col" { "Predicted success (80% range)" } th.wide-only scope="col" { "Status" } th scope="col" { span.visually-hidden { "Action" } } } }
                    tbody {
                        @for rung in &ladder.rungs {
                            tr {
                                th scope="row" { (rung.title) }
                                td.wide-only { (format!("{:.1}", rung.difficulty)) }
                                td { (rung.successes) " of " (rung.attempts) }
                                td { (rung.prediction.map_or("—".to_owned(), |p| p.brief())) }
                                td.wide-only { (rung.status.as_str().replace('_', " ")) }
                                td { a href=(format!("/attempts/new?challenge={}", rung.challenge_id)) { "Plan" } }
                            }
                        }
                    }
                }
            }
            p { a href=(format!("/goals/{}/rungs", ladder.goal_id)) { "Add, edit or delete rungs" } " · "
                a href=(format!("/goals/{}/edit", ladder.goal_id)) { "Edit the goal" } }
            form.inline method="post" action=(format!("/goals/{}/done", ladder.goal_id)) {
                (layout::token(token))
                button.secondary type="submit" { "I reached this goal" }
            }
            }
        }
    }
}

/// The efficacy trajectory's points: each audit's strength, placed by its days since the first.
pub(super) fn trajectory_points(history: &AuditHistoryView) -> Vec<TrajectoryPoint> {
    let first = history.audits.first().map(|a| a.taken_at);
    history
        .audits
        .iter()
        .map(|a| TrajectoryPoint {
            day: first.map_or(0.0, |f| (a.taken_at.as_second() - f.as_second()) as f64 / 86_400.0),
            label: a.taken_on.to_string(),
            value: a.strength,
        })
        .collect()
}

fn trajectory_section(history: &AuditHistoryView, token: &str) -> Markup {
    let points = trajectory_points(history);
    card(
        "trajectory",
        "Efficacy trajectory",
        html! {
            figure {
                (chart::trajectory("trajectory", &points))
                figcaption {
                    // The working ends without a full stop; the due date is a sentence of its own.
                    p { @if let Some(change) = &history.change { (change.how) "." } @else { "Two audits on one scale show the change." } }
                    @if let Some(due) = history.due_on { p { "Next audit due " (due.to_string()) "." } }
                }
            }
            p { a.button href=(format!("/domains/{}/audit", history.domain)) { "Take an audit" } }
            @if !history.audits.is_empty() {
                details {
                    summary { "Your audits (" (history.audits.len()) ")" }
                    ul { @for a in &history.audits {
                        li { (a.taken_on.to_string()) ": strength " (format!("{:.0}", a.strength)) " "
                            a href=(format!("/domains/{}/audits/{}/edit", history.domain, a.id)) aria-label=(format!("Edit the audit of {}", a.taken_on)) { "Edit" } " "
                            (delete_button(token, "audit", &a.id.to_string(), &format!("the audit of {}", a.taken_on), &format!("/domains/{}", history.domain))) }
                    } }
                }
            }
        },
    )
}

fn calibration_section(calibration: &CalibrationView) -> Markup {
    card(
        "calibration",
        "Calibration",
        html! {
            figure {
                (chart::calibration("calibration", &calibration.person.bins))
                figcaption { (calibration.summary) @if let Some(caveat) = &calibration.caveat { " " (caveat) } }
            }
            details {
                summary { "The chart as a table" }
                div.table-wrap {
                    table {
                        thead { tr { th scope="col" { "Forecast" } th scope="col" { "Attempts" } th scope="col" { (success::LABEL) } th scope="col" { "95% interval" } } }
                        tbody {
                            @for b in calibration.person.bins.iter().filter(|b| b.n > 0) {
                                tr { td { (percent(b.mean_forecast)) } td { (b.n) } td { (percent(b.success_rate)) } td { (percent(b.ci_low)) "–" (percent(b.ci_high)) } }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn sources_section(mix: &DomainSourcesView, name: &str) -> Markup {
    card(
        "sources",
        "Sources of efficacy",
        html! {
            p.muted { "Your recorded experiences here, by the way each pushed your belief in your capability: building raises it, eroding lowers it, neutral does neither." }
            (domain_mix(mix, name))
            p { a href=(format!("/people?domain={}", mix.domain)) { "Add a role model or feedback" } }
        },
    )
}

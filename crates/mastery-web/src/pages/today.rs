//! Today: what to try next (with the engine's reason) and what is due (practice, the day's
//! check-in, the weekly review, re-audits), all from one reading of the status; on an empty store,
//! the first-run page instead.

use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use mastery_app::NewCheckin;
use mastery_app::views::NextView;
use mastery_domain::domain::LifeArea;
use maud::{Markup, html};

use super::checkin::{CheckinForm, checkin_card, measures};
use super::{Page, file_error};
use crate::error::WebError;
use crate::layout::{self, Errors, Field, card};
use crate::{Web, WebStore};

pub async fn today<S: WebStore>(web: Web<S>) -> Page {
    if web.app.domains(false).await.map_err(WebError::html)?.is_empty() {
        return Ok(first_run(web.token(), &Errors::default(), ""));
    }
    page(&web, &CheckinForm::default(), &Errors::default()).await
}

/// Saves the check-in posted from Today; a refused one shows Today again, each message beside
/// its field.
pub async fn save_checkin<S: WebStore>(web: Web<S>, Form(form): Form<CheckinForm>) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    let measures = measures(&mut errors, &form);
    if errors.is_empty() {
        match web.app.checkin(NewCheckin { measures, at: None }).await {
            Ok(_) => return Ok(Redirect::to("/").into_response()),
            Err(error) => file_error(&mut errors, error, &[])?,
        }
    }
    let shown = page(&web, &form, &errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, shown).into_response())
}

/// Today's sections; `checkin` and `errors` re-show a check-in that was refused.
pub async fn page<S: WebStore>(web: &Web<S>, checkin: &CheckinForm, errors: &Errors) -> Page {
    let status = web.app.status().await.map_err(WebError::html)?;
    let waiting = &status.pending;
    Ok(layout::page(
        "Today",
        html! {
            @if !waiting.is_empty() {
                (card("waiting", "Waiting for how it went", html! {
                    p { "You made a forecast for these; record the outcome while you remember what you did." }
                    ul {
                        @for attempt in waiting.iter().rev() {
                            li { strong { (attempt.challenge) } " · " (attempt.domain) " — forecast " (attempt.confidence) "% on " (attempt.planned_on.to_string()) " "
                                a href=(format!("/attempts/{}/record", attempt.attempt_id)) { "Record how it went" } }
                        }
                    }
                }))
            }
            (card("next", "Next challenges", html! {
                @if status.next.is_empty() { p { "No open goal has a rung yet. Open a " a href="/domains" { "domain" } " to set a goal and build its ladder." } }
                @for view in &status.next { (next_card(view)) }
            }))
            (card("practice", "Practice due today", html! {
                @if status.practice_due.is_empty() {
                    p { "No practice is planned for today, or it is done." }
                } @else {
                    ul { @for due in &status.practice_due { li { (due.domain) ": " (due.minutes) " minutes" } } }
                    p { a.button href="/practice" { "Log today's practice" } }
                }
            }))
            (checkin_card(web.token(), status.checked_in, checkin, errors))
            (card("review", "Weekly review", html! {
                @if let Some(week) = &status.review_due {
                    p { "The review of week " (week) " is waiting: a few minutes to look back and plan the week ahead." }
                    p { a.button href=(format!("/review?week={week}")) { "Review week " (week) } }
                } @else {
                    p { "No review is due. " a href="/review" { "This week's review" } " is open any time." }
                }
            }))
            (card("due", "Audits due", html! {
                @if status.audits_due.is_empty() {
                    p { "No re-audit is due." }
                    @if let Some(soon) = &status.next_audit {
                        p.muted { "Next: " a href=(format!("/domains/{}", soon.domain)) { (soon.domain) } " on " (soon.due_on.to_string()) "." }
                    }
                } @else {
                    ul {
                        @for due in &status.audits_due {
                            li { a href=(format!("/domains/{}/audit", due.domain)) { "Audit " (due.domain) } ": due " (due.due_on.to_string())
                                @if due.overdue_days > 0 { " (" (due.overdue_days) " days overdue)" } }
                        }
                    }
                }
            }))
        },
    ))
}

fn next_card(view: &NextView) -> Markup {
    html! {
        article {
            h3 { a href=(format!("/domains/{}", view.domain)) { (view.domain) } " · " (view.goal) }
            p { strong { (view.title) } " (difficulty " (format!("{:.1}", view.difficulty)) ")"
                @if let Some(p) = view.prediction { " — " (p.phrase()) ", target " (layout::percent(view.target_success)) } }
            p.reason { (view.reason) }
            p { a.button href=(format!("/attempts/new?challenge={}", view.challenge_id)) { "Plan this attempt" } }
        }
    }
}

/// The page for an empty store: start a first domain, or explore the demo in its own store.
pub fn first_run(token: &str, errors: &Errors, name: &str) -> Markup {
    let areas: Vec<(String, String)> = LifeArea::ALL.iter().map(|a| (a.to_string(), a.to_string())).collect();
    layout::page(
        "Welcome to Mastery",
        html! {
            p { "Mastery helps you build accurate, durable belief in your own capability: forecast each attempt, record how it went, and watch your evidence and calibration grow." }
            (card("baseline", "1. Take the baseline", html! {
                p { "Rate how certain you are, today, that you can do ten things in each of five life areas: career, health, relationships, learning and finances. It takes about ten minutes and shows where your belief in yourself is strong and where it is thin." }
                p { a.button href="/baseline" { "Take the baseline" } }
            }))
            (card("start", "2. Choose a domain to work on", html! {
                p { "A domain is an area you want to become capable in: public speaking, running, a language. Next you set a goal in it and a ladder of challenges from easy to hard." }
                form method="post" action="/domains" {
                    (layout::token(token))
                    (errors.summary())
                    (Field { name: "name", label: "Domain name", hint: Some("For example: Public speaking") }.text(errors, name))
                    (Field { name: "area", label: "Life area", hint: None }.select(errors, &areas, "career"))
                    button type="submit" { "Add the domain" }
                }
            }))
            @if layout::is_local() {
                (card("demo", "Or explore first", html! {
                    p { "Run " code { "mastery serve --demo" } " to open a three-month demo history in a separate store. It never mixes with your own records." }
                }))
            }
        },
    )
}

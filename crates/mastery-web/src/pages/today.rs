//! Today: what to try next (with the engine's reason) and what is due; on an empty store, the
//! first-run page instead.

use axum::extract::State;
use mastery_app::views::{Next, NextView};
use mastery_domain::domain::LifeArea;
use maud::{Markup, html};

use super::Page;
use super::layout::{self, Errors, Field, card};
use crate::Shared;
use crate::error::WebError;

pub async fn today(State(web): State<Shared>) -> Page {
    let app = &web.app;
    if app.domains(false).await.map_err(WebError::html)?.is_empty() {
        return Ok(first_run(web.guard.token(), &Errors::default(), ""));
    }
    let next = match app.next(None).await.map_err(WebError::html)? {
        Next::One(view) => vec![view],
        Next::Many(views) => views,
    };
    let status = app.status().await.map_err(WebError::html)?;
    Ok(layout::page(
        "Today",
        html! {
            (card("next", "Next challenges", html! {
                @if next.is_empty() { p { "No open goal has a rung yet. Add one with " code { "mastery challenge add" } "." } }
                @for view in &next { (next_card(view)) }
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
                @if let Some(p) = view.predicted_success { " — predicted success " (layout::percent(p)) ", target " (layout::percent(view.target_success)) } }
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
            (card("demo", "Or explore first", html! {
                p { "Run " code { "mastery serve --demo" } " to open a three-month demo history in a separate store. It never mixes with your own records." }
            }))
        },
    )
}

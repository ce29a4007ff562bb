//! The HTML pages. Each handler parses the request, calls one or a few `App` methods and renders
//! the views; forms that fail validation are shown again with each message beside its field,
//! and nothing is stored.

mod attempts;
mod audits;
mod baseline;
mod celebrations;
mod checkin;
mod domains;
mod goals;
pub mod layout;
mod review;
mod today;

use axum::Router;
use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use mastery_app::AppError;
use mastery_domain::ValidationError;
use mastery_domain::safety::{CRISIS_LINES, INTRO, suggests_self_harm};
use maud::{Markup, html};
use serde::Deserialize;

use crate::Shared;
use crate::error::WebError;
use layout::Errors;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(today::today))
        .route("/domains", get(domains::list).post(domains::add))
        .route("/domains/{slug}", get(domains::show))
        .route("/domains/{slug}/audit", get(audits::form).post(audits::take))
        .route("/domains/{slug}/goals", get(goals::goal_form).post(goals::add_goal))
        .route("/goals/{goal}/rungs", get(goals::rung_form).post(goals::add_rung))
        .route("/baseline", get(baseline::form).post(baseline::take))
        .route("/celebrations/{id}", get(celebrations::form).post(celebrations::reflect))
        .route("/attempts/new", get(attempts::plan_form).post(attempts::plan))
        .route("/attempts/{id}/record", get(attempts::record_form).post(attempts::record))
        .route("/attempts/{id}/next-time", get(attempts::next_time_form).post(attempts::next_time))
        .route("/checkin", post(checkin::save))
        .route("/review", get(review::week).post(review::save_week))
        .route("/review/month", get(review::month).post(review::save_month))
        .route("/help-now", get(help_now))
        .route("/style.css", get(|| async { ([(header::CONTENT_TYPE, "text/css")], layout::CSS).into_response() }))
}

type Page = Result<Markup, WebError>;

/// Where to go after the crisis lines, when they were shown because of something typed.
#[derive(Debug, Deserialize)]
struct Then {
    then: Option<String>,
}

/// Crisis lines; needs nothing from the store, so nothing can stand in its way.
async fn help_now(Query(then): Query<Then>) -> Markup {
    // Only a path on this site: never a way to send the person elsewhere.
    let then = then.then.filter(|t| t.starts_with('/') && !t.starts_with("//"));
    layout::page(
        "Need help now?",
        html! {
            @if let Some(then) = &then {
                p { "Your record was saved. These are shown because of something you typed; they change nothing about it. "
                    a href=(then) { "Continue" } }
            }
            p { (INTRO) }
            ul {
                @for line in CRISIS_LINES {
                    li { strong { (line.region) } ": " (line.service) " — " (line.contact) " (" (line.how) ")" }
                }
            }
        },
    )
}

/// Files an app error under the field it concerns, or under the whole form; a failure of the
/// system is no validation message and stays an error page.
fn file_error(errors: &mut Errors, error: AppError, fields: &[(&'static str, &'static str)]) -> Result<(), WebError> {
    if !error.is_usage() {
        return Err(WebError::html(error));
    }
    let named = match &error {
        AppError::Invalid(invalid) => {
            app_field(invalid).and_then(|app| fields.iter().find(|(name, _)| *name == app)).map(|(_, form)| *form)
        }
        _ => None,
    };
    errors.add(named.unwrap_or("form"), error.to_string());
    Ok(())
}

/// The field a validation error names, as the app spells it.
fn app_field(error: &ValidationError) -> Option<&'static str> {
    match error {
        ValidationError::Empty { field }
        | ValidationError::TooLong { field, .. }
        | ValidationError::NoSlug { field }
        | ValidationError::Choice { field, .. }
        | ValidationError::Rating { field, .. } => Some(field),
        ValidationError::Minutes { field, .. } | ValidationError::Implausible { field, .. } => Some(field),
        ValidationError::Confidence(_) => Some("confidence"),
        ValidationError::Difficulty(_) => Some("difficulty"),
        ValidationError::TargetSuccess(_) => Some("success target"),
        ValidationError::Target(_) => Some("target"),
        ValidationError::UnitWithoutTarget => Some("unit"),
        ValidationError::Date { .. } => Some("date"),
        ValidationError::Sleep(_) => Some("sleep"),
        ValidationError::IfThen(_) => Some("if–then plan"),
        ValidationError::Week(_) => Some("week"),
        ValidationError::Month(_) => Some("month"),
        ValidationError::NotControllable(_) => Some("cause"),
        _ => None,
    }
}

/// Where to send the person after a save: to `next`, or first to the crisis lines when any text
/// they typed suggests self-harm (what was saved stays saved).
fn after_save<'a>(texts: impl IntoIterator<Item = &'a str>, next: &str) -> Redirect {
    if suggests_self_harm(texts) {
        let encoded: String = next
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"/-_.".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        Redirect::to(&format!("/help-now?then={encoded}"))
    } else {
        Redirect::to(next)
    }
}

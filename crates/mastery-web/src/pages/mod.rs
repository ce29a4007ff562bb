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
mod people;
mod practice;
mod review;
mod sources;
mod today;

use axum::Router;
use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use mastery_app::AppError;
use mastery_app::views::DomainView;
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
        .route("/practice", get(practice::page))
        .route("/practice/plan", post(practice::plan))
        .route("/practice/log", post(practice::log))
        .route("/practice/rest", post(practice::rest))
        .route("/people", get(people::page))
        .route("/people/models", post(people::add_model))
        .route("/people/feedback", post(people::add_feedback))
        .route("/people/request", get(people::request))
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
/// system is no validation message and stays an error page. `fields` pairs the app's name of a
/// field (or of the entity a reference names, such as `domain`) with the form's.
fn file_error(errors: &mut Errors, error: AppError, fields: &[(&'static str, &'static str)]) -> Result<(), WebError> {
    if !error.is_usage() {
        return Err(WebError::html(error));
    }
    let app = match &error {
        AppError::Invalid(invalid) => app_field(invalid),
        AppError::NotFound { entity, .. } | AppError::Ambiguous { entity, .. } => Some(*entity),
        _ => None,
    };
    let named = app.and_then(|app| fields.iter().find(|(name, _)| *name == app)).map(|(_, form)| *form);
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
        | ValidationError::Rating { field, .. }
        | ValidationError::Minutes { field, .. }
        | ValidationError::Implausible { field, .. } => Some(field),
        ValidationError::RestDayPast { .. } => Some("rest day"),
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
        // Either answer would do; the message sits beside the first.
        ValidationError::NothingProduced => Some("effort"),
        _ => None,
    }
}

/// A form's text as the app wants it: absent when blank.
fn given(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Parses an optional field, filing its error under `field`.
fn optional<T, E: ToString>(
    errors: &mut Errors,
    field: &'static str,
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Option<T> {
    let raw = given(raw)?;
    parse(&raw).map_err(|e| errors.add(field, e.to_string())).ok()
}

/// A required field's text; when it is blank, `missing` is filed under `field`.
fn required_text(errors: &mut Errors, field: &'static str, raw: &str, missing: &str) -> Option<String> {
    let text = given(raw);
    if text.is_none() {
        errors.add(field, missing);
    }
    text
}

/// Parses a required field, filing under `field` either `missing` (when blank) or the parser's
/// error.
fn required<T, E: ToString>(
    errors: &mut Errors,
    field: &'static str,
    raw: &str,
    missing: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Option<T> {
    let raw = required_text(errors, field, raw, missing)?;
    parse(&raw).map_err(|e| errors.add(field, e.to_string())).ok()
}

/// The choices of a drop-down, after a blank one labelled `blank`.
fn choices<T: ToString>(blank: &str, all: &[T]) -> Vec<(String, String)> {
    std::iter::once((String::new(), blank.to_owned()))
        .chain(all.iter().map(|c| (c.to_string(), c.to_string())))
        .collect()
}

/// A 1–5 rating's choices.
fn ratings(blank: &str) -> Vec<(String, String)> {
    choices(blank, &[1, 2, 3, 4, 5])
}

/// The person's domains as a drop-down's choices (slug, name), after a blank one.
fn domain_choices(blank: &str, domains: &[DomainView]) -> Vec<(String, String)> {
    std::iter::once((String::new(), blank.to_owned()))
        .chain(domains.iter().map(|d| (d.slug.clone(), d.name.clone())))
        .collect()
}

/// The message for a domain drop-down left at its blank choice.
const CHOOSE_DOMAIN: &str = "choose a domain";

/// A domain drop-down's current value: what was sent, else `preferred` (the domain the page
/// shows), else the only domain there is.
fn domain_value(sent: &str, preferred: Option<&str>, domains: &[DomainView]) -> String {
    match (sent, preferred, domains) {
        ("", Some(preferred), _) => preferred.to_owned(),
        ("", None, [only]) => only.slug.clone(),
        _ => sent.to_owned(),
    }
}

/// A form of a page with several, as it was filled in and what was wrong with it; blank and
/// without errors when it was not the one sent.
#[derive(Debug, Default)]
struct Sent<F> {
    form: F,
    errors: Errors,
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

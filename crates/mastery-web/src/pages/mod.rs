//! The HTML pages. Each handler parses the request, calls one or a few `App` methods and renders
//! the views; forms that fail validation are shown again with each message beside its field,
//! and nothing is stored.

mod attempts;
mod audits;
mod baseline;
mod celebrations;
mod checkin;
mod domains;
mod forms;
mod goals;
mod help_now;
mod history;
pub mod layout;
mod people;
mod practice;
mod programs;
mod review;
mod sources;
mod today;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use maud::Markup;

use crate::Shared;
use crate::error::WebError;
use forms::{
    CHOOSE_DOMAIN, Sent, choices, domain_choices, domain_value, file_error, given, optional, ratings, required,
    required_text,
};
use help_now::after_save;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(today::today))
        .route("/domains", get(domains::list).post(domains::add))
        .route("/domains/{slug}", get(domains::show))
        .route("/domains/{slug}/audit", get(audits::form).post(audits::take))
        .route("/domains/{slug}/goals", get(goals::goal_form).post(goals::add_goal))
        .route("/goals/{goal}/rungs", get(goals::rung_form).post(goals::add_rung))
        .route("/goals/{goal}/done", post(goals::done))
        .route("/baseline", get(baseline::form).post(baseline::take))
        .route("/celebrations/{id}", get(celebrations::form).post(celebrations::reflect))
        .route("/attempts", get(history::list))
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
        .route("/programs", get(programs::list).post(programs::start))
        .route("/programs/{id}", get(programs::report))
        .route("/programs/{id}/celebrate", post(programs::celebrate))
        .route("/people", get(people::page))
        .route("/people/models", post(people::add_model))
        .route("/people/feedback", post(people::add_feedback))
        .route("/people/request", get(people::request))
        .route("/help-now", get(help_now::help_now))
        .route("/style.css", get(|| async { ([(header::CONTENT_TYPE, "text/css")], layout::CSS).into_response() }))
}

type Page = Result<Markup, WebError>;

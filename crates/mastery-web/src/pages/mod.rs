//! The HTML pages. Each handler parses the request, calls one or a few `App` methods and renders
//! the views; forms that fail validation are shown again with each message beside its field,
//! and nothing is stored.

mod attempts;
mod audits;
mod baseline;
mod celebrations;
mod checkin;
pub(crate) mod confirm;
pub(crate) mod data;
mod domains;
mod edits;
pub(crate) mod forms;
mod goals;
pub(crate) mod help_now;
mod history;
mod people;
mod practice;
mod programs;
mod review;
pub(crate) mod revise;
pub(crate) mod sharing;
mod sources;
mod today;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use maud::Markup;

use crate::error::WebError;
use crate::layout;
use crate::{Shared, WebStore};
use forms::{
    CHOOSE_DOMAIN, Sent, choices, domain_choices, domain_value, file_error, given, optional, ratings, required,
    required_text,
};
use help_now::after_save;

pub fn routes<S: WebStore>() -> Router<Shared<S>> {
    Router::new()
        .route("/", get(today::today::<S>))
        .route("/domains", get(domains::list::<S>).post(domains::add::<S>))
        .route("/domains/{slug}", get(domains::show::<S>))
        .route("/domains/{slug}/audit", get(audits::form::<S>).post(audits::take::<S>))
        .route("/domains/{slug}/goals", get(goals::goal_form::<S>).post(goals::add_goal::<S>))
        .route("/goals/{goal}/rungs", get(goals::rung_form::<S>).post(goals::add_rung::<S>))
        .route("/goals/{goal}/done", post(goals::done::<S>))
        .route("/goals/{goal}/reopen", post(revise::reopen::<S>))
        .route("/goals/{goal}/edit", get(revise::goal_form::<S>).post(revise::edit_goal::<S>))
        .route("/goals/{goal}/rungs/{rung}/edit", get(revise::rung_form::<S>).post(revise::edit_rung::<S>))
        .route("/domains/{slug}/edit", get(revise::domain_form::<S>).post(revise::edit_domain::<S>))
        .route("/attempts/{id}/edit", get(revise::attempt_form::<S>).post(revise::edit_attempt::<S>))
        .route("/evidence/{id}/edit", get(edits::evidence_form::<S>).post(edits::edit_evidence::<S>))
        .route("/models/{id}/edit", get(edits::model_form::<S>).post(edits::edit_model::<S>))
        .route("/feedback/{id}/edit", get(edits::feedback_form::<S>).post(edits::edit_feedback::<S>))
        .route("/practice/sessions/{id}/edit", get(edits::session_form::<S>).post(edits::edit_session::<S>))
        .route("/domains/{slug}/audits/{id}/edit", get(edits::audit_form::<S>).post(edits::edit_audit::<S>))
        .route("/checkins", get(checkin::list::<S>))
        .route("/checkins/{id}/edit", get(edits::checkin_form::<S>).post(edits::edit_checkin::<S>))
        .route("/delete/{kind}/{id}", post(revise::delete::<S>))
        .route("/changes", get(revise::changes::<S>))
        .route("/undo", post(revise::undo::<S>))
        .route("/baseline", get(baseline::form::<S>).post(baseline::take::<S>))
        .route("/celebrations", get(celebrations::list::<S>))
        .route("/celebrations/{id}", get(celebrations::form::<S>).post(celebrations::reflect::<S>))
        .route("/attempts", get(history::list::<S>))
        .route("/attempts/new", get(attempts::plan_form::<S>).post(attempts::plan::<S>))
        .route("/attempts/{id}/record", get(attempts::record_form::<S>).post(attempts::record::<S>))
        .route("/attempts/{id}/next-time", get(attempts::next_time_form::<S>).post(attempts::next_time::<S>))
        .route("/checkin", post(today::save_checkin::<S>))
        .route("/review", get(review::week::<S>).post(review::save_week::<S>))
        .route("/review/month", get(review::month::<S>).post(review::save_month::<S>))
        .route("/practice", get(practice::page::<S>))
        .route("/practice/plan", post(practice::plan::<S>))
        .route("/practice/log", post(practice::log::<S>))
        .route("/practice/rest", post(practice::rest::<S>))
        .route("/programs", get(programs::list::<S>).post(programs::start::<S>))
        .route("/programs/{id}", get(programs::report::<S>))
        .route("/programs/{id}/celebrate", post(programs::celebrate::<S>))
        .route("/data", get(data::page::<S>))
        .route("/data/import", post(data::preview::<S>))
        .route("/data/import/confirm", post(data::confirm::<S>))
        .route("/data/export.json", get(data::export_json::<S>))
        .route("/data/notes.md", get(data::notes::<S>))
        .route("/people", get(people::page::<S>))
        .route("/people/models", post(people::add_model::<S>))
        .route("/people/feedback", post(people::add_feedback::<S>))
        .route("/people/request", get(people::request::<S>))
        .route("/help-now", get(help_now::help_now))
        .route("/style.css", get(|| async { ([(header::CONTENT_TYPE, "text/css")], layout::CSS).into_response() }))
}

type Page = Result<Markup, WebError>;

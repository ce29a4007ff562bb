//! The JSON API under `/api/v1`: the use cases of the pages and the CLI, returning the app's views
//! (the very types `--json` prints, so the two never drift apart). It covers domains (list, add,
//! show, calibration, evidence, insights, source mix, attribution, audits), goals and their
//! ladders, the next challenge and today's status, attempts (plan, record the outcome, the plan
//! for next time, list), check-ins, practice (status, day-by-day history, sessions), the weekly
//! review, role models and feedback, programs (start, report, celebrate), goals reached and
//! celebrations (list, what produced them), and corrections: `PATCH` and `DELETE` any record a
//! person writes, reopen a goal, undo the latest change.
//!
//! State-changing calls carry the token from `GET /csrf` in the `x-csrf-token` header; a page on
//! another site cannot read it, and `guard.rs` refuses the call (403) before any handler runs.
//! Request bodies hold the domain's own types and name no field the call does not take, so an
//! out-of-range number, an unknown choice or a misspelt field is refused as the body is read
//! (422, nothing stored); a body that is not JSON at all is a 400, or a 415 without a JSON content
//! type. A query string that cannot be read (`?pending=maybe`) is a 400. Every
//! refusal — of a call's query or body, of the guard, or of the app — is `{"error": ...}`.
//!
//! `GET /openapi.json` describes the API; the document is generated from the annotations on the
//! handlers and from the views' `ToSchema` derives (the `openapi` feature of `mastery-app`).

mod attempts;
mod domains;
mod edits;
mod goals;
mod practice;
mod programs;
mod revise;
pub(crate) mod sharing;
mod sources;
mod sync;

use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use mastery_app::AppError;
use mastery_domain::ValidationError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

use self::revise::Deletions;
use crate::error::{ApiError, WebError};
use crate::guard::TOKEN_HEADER;
use crate::{Shared, Web, WebStore};

type Api<T> = Result<Json<T>, WebError>;

/// A record the call created: 201 with its view.
type Created<T> = Result<(StatusCode, Json<T>), WebError>;

fn created<T>(view: T) -> (StatusCode, Json<T>) {
    (StatusCode::CREATED, Json(view))
}

/// Minutes given as a number, checked by the domain's rule for text (`checkin::exercise_minutes`,
/// `practice::session_minutes`), the one the CLI and the forms apply.
fn checked_minutes(rule: fn(&str) -> Result<u32, ValidationError>, value: u32) -> Result<u32, WebError> {
    rule(&value.to_string()).map_err(|e| WebError::json(AppError::Invalid(e)))
}

pub fn routes<S: WebStore>() -> Router<Shared<S>> {
    Router::new()
        .route("/csrf", get(csrf::<S>))
        .route("/today", get(goals::today::<S>))
        .route("/next", get(goals::next::<S>))
        .route("/domains", get(domains::list::<S>).post(domains::add::<S>))
        .route(
            "/domains/{slug}",
            get(domains::show::<S>).patch(revise::patch_domain::<S>).merge(revise::deleting::<S>("domains")),
        )
        .route("/domains/{slug}/calibration", get(domains::calibration::<S>))
        .route("/domains/{slug}/evidence", get(domains::evidence::<S>))
        .route("/domains/{slug}/insights", get(domains::insights::<S>))
        .route("/domains/{slug}/sources", get(domains::sources::<S>))
        .route("/domains/{slug}/attribution", get(domains::attribution::<S>))
        .route("/domains/{slug}/audits", get(domains::audits::<S>).post(domains::take_audit::<S>))
        .route("/goals", post(goals::add::<S>))
        .route("/goals/{id}", patch(revise::patch_goal::<S>).merge(revise::deleting::<S>("goals")))
        .route("/goals/{id}/reopen", post(revise::reopen_goal::<S>))
        .route("/goals/{id}/challenges", post(goals::add_rung::<S>))
        .route("/challenges/{id}", patch(revise::patch_rung::<S>).merge(revise::deleting::<S>("challenges")))
        .route("/goals/{id}/ladder", get(goals::ladder::<S>))
        .route("/goals/{id}/done", post(programs::goal_done::<S>))
        .route("/programs", get(programs::list::<S>).post(programs::start::<S>))
        .route("/programs/{program}", get(programs::report::<S>))
        .route("/programs/{program}/celebrate", post(programs::celebrate::<S>))
        .route("/celebrations", get(programs::celebrations::<S>))
        .route("/celebrations/{id}/reflection", post(programs::reflect::<S>))
        .route("/attempts", get(attempts::list::<S>).post(attempts::plan::<S>))
        .route("/attempts/{id}", patch(revise::patch_attempt::<S>).merge(revise::deleting::<S>("attempts")))
        .route("/attempts/{id}/outcome", post(attempts::record::<S>))
        .route("/evidence/{id}", patch(edits::evidence::<S>).merge(revise::deleting::<S>("evidence")))
        .route("/checkins/{id}", patch(edits::checkin::<S>).merge(revise::deleting::<S>("checkins")))
        .route("/models/{id}", patch(edits::model::<S>).merge(revise::deleting::<S>("models")))
        .route("/feedback/{id}", patch(edits::feedback::<S>).merge(revise::deleting::<S>("feedback")))
        .route("/audits/{id}", patch(edits::audit::<S>).merge(revise::deleting::<S>("audits")))
        .route("/practice/sessions/{id}", patch(edits::session::<S>).merge(revise::deleting::<S>("sessions")))
        .route("/reviews/{period}", patch(edits::review::<S>).merge(revise::deleting::<S>("reviews")))
        .route("/undo", post(revise::undo::<S>))
        .route("/attempts/{id}/next-time", post(attempts::next_time::<S>))
        .route("/checkins", post(sources::checkin::<S>))
        .route("/models", get(sources::models::<S>).post(sources::add_model::<S>))
        .route("/feedback", get(sources::feedback::<S>).post(sources::add_feedback::<S>))
        .route("/practice", get(practice::status::<S>))
        .route("/practice/history", get(practice::history::<S>))
        .route("/practice/sessions", post(practice::log::<S>))
        .route("/reviews/week/{week}", get(practice::week::<S>).post(practice::answer_week::<S>))
        .route("/sync", sync::route::<S>())
        .route("/openapi.json", get(openapi))
}

/// The OpenAPI document: every handler of the API with its annotation; the schemas of the
/// bodies they name are collected from the annotations.
#[derive(OpenApi)]
#[openapi(
    info(title = "Mastery", description = "The local web app's JSON API: the same use cases and views as `mastery --json`."),
    servers((url = "/api/v1")),
    modifiers(&CsrfToken, &Deletions),
    paths(
        csrf, openapi,
        goals::today, goals::next, goals::add, goals::add_rung, goals::ladder,
        domains::list, domains::add, domains::show, domains::calibration, domains::evidence,
        domains::insights, domains::sources, domains::attribution, domains::audits, domains::take_audit,
        attempts::list, attempts::plan, attempts::record, attempts::next_time,
        sources::checkin, sources::models, sources::add_model, sources::feedback, sources::add_feedback,
        practice::status, practice::history, practice::log, practice::week, practice::answer_week,
        programs::list, programs::start, programs::report, programs::celebrate, programs::goal_done,
        programs::celebrations, programs::reflect,
        revise::patch_domain, revise::patch_goal, revise::reopen_goal, revise::patch_rung, revise::patch_attempt,
        revise::delete, revise::undo,
        edits::evidence, edits::checkin, edits::model, edits::feedback, edits::audit, edits::session, edits::review,
        sync::exchange,
        sharing::share, sharing::list_shares, sharing::revoke, sharing::send_request, sharing::accept,
        sharing::shared_with_me, sharing::shared, sharing::feedback, sharing::cheer, sharing::suggest,
        sharing::save_win, sharing::suggestions, sharing::accept_suggestion, sharing::decline_suggestion,
        sharing::create_group, sharing::groups, sharing::invite, sharing::leave, sharing::round,
        sharing::cohort, sharing::cohort_csv, sharing::notifications, sharing::mark_read, sharing::mail_settings,
        sharing::set_mail_address,
    )
)]
struct Document;

/// The header state-changing calls carry, declared once as a security scheme that each of them
/// names, so clients see it as the API key it is.
struct CsrfToken;

impl Modify for CsrfToken {
    fn modify(&self, document: &mut utoipa::openapi::OpenApi) {
        let token = ApiKeyValue::with_description(TOKEN_HEADER, "The token from GET /csrf");
        document
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("csrf_token", SecurityScheme::ApiKey(ApiKey::Header(token)));
    }
}

#[utoipa::path(get, path = "/openapi.json", responses((status = 200, description = "This document (OpenAPI 3.1), whose schema is OpenAPI's own")))]
async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(Document::openapi())
}

/// The token state-changing calls send back.
#[derive(Debug, Serialize, ToSchema)]
struct Token {
    token: String,
}

#[utoipa::path(get, path = "/csrf", responses((status = 200, description = "The token state-changing calls send in `x-csrf-token`", body = Token)))]
async fn csrf<S: WebStore>(web: Web<S>) -> Json<Token> {
    Json(Token { token: web.token().to_owned() })
}

/// Lists narrowed to one domain, or across all of them.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct DomainFilter {
    /// A domain's slug, name or id; every domain when absent.
    domain: Option<String>,
}

/// A JSON request body whose refusal (malformed JSON, a missing field, a number out of range, an
/// unknown choice) is an [`ApiError`] like every other refusal of the API, not axum's plain text.
#[derive(Debug)]
pub(crate) struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = (StatusCode, Json<ApiError>);

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => Err((rejection.status(), Json(ApiError { error: rejection.body_text() }))),
        }
    }
}

/// A query string read into `T`, whose refusal (an unknown value, such as `?pending=maybe`) is a
/// 400 with an [`ApiError`] like every other refusal of the API, not axum's plain text.
#[derive(Debug)]
struct Params<T>(T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = (StatusCode, Json<ApiError>);

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Self(value)),
            Err(rejection) => Err((rejection.status(), Json(ApiError { error: rejection.body_text() }))),
        }
    }
}

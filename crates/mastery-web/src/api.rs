//! The JSON API under `/api/v1`: the same use cases as the pages, returning the app's views
//! (the shapes `--json` prints). State-changing calls carry the token from `GET /csrf` in the
//! `x-csrf-token` header; a page on another site cannot read it. `GET /openapi.json` describes
//! the API; the document is generated from the annotations on the handlers below.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use mastery_app::views::{CalibrationView, DomainDetail, DomainView, EvidenceView, Next};
use mastery_app::{PlanAttempt, StatusView};
use mastery_domain::attempt::State as Feeling;
use mastery_domain::measure::{Confidence, Rating, SleepHours};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::Shared;
use crate::error::WebError;

type Api<T> = Result<Json<T>, WebError>;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/csrf", get(csrf))
        .route("/today", get(today))
        .route("/domains", get(domains))
        .route("/domains/{slug}", get(domain))
        .route("/domains/{slug}/calibration", get(calibration))
        .route("/domains/{slug}/evidence", get(evidence))
        .route("/attempts", post(plan))
        .route("/openapi.json", get(|| async { Json(Document::openapi()) }))
}

/// The OpenAPI document: every handler of the API with its annotation.
#[derive(OpenApi)]
#[openapi(
    info(title = "Mastery", description = "The local web app's JSON API: the same use cases and views as `mastery --json`."),
    servers((url = "/api/v1")),
    paths(csrf, today, domains, domain, calibration, evidence, plan)
)]
struct Document;

#[derive(Debug, Serialize)]
struct Token {
    token: String,
}

#[utoipa::path(get, path = "/csrf", responses((status = 200, description = "The token state-changing calls send in `x-csrf-token`", body = Object)))]
async fn csrf(State(web): State<Shared>) -> Json<Token> {
    Json(Token { token: web.guard.token().to_owned() })
}

#[derive(Debug, Serialize)]
struct Today {
    next: Next,
    status: StatusView,
}

#[utoipa::path(get, path = "/today", responses((status = 200, description = "Next challenges with the engine's reason, and what is due", body = Object)))]
async fn today(State(web): State<Shared>) -> Api<Today> {
    let next = web.app.next(None).await.map_err(WebError::json)?;
    let status = web.app.status().await.map_err(WebError::json)?;
    Ok(Json(Today { next, status }))
}

#[utoipa::path(get, path = "/domains", responses((status = 200, description = "Domains in use, by name", body = [Object])))]
async fn domains(State(web): State<Shared>) -> Api<Vec<DomainView>> {
    Ok(Json(web.app.domains(false).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/domains/{slug}", params(("slug" = String, Path, description = "A domain's slug, name or id")), responses((status = 200, description = "The domain with its goals and counts", body = Object), (status = 404, description = "No such domain", body = Object)))]
async fn domain(State(web): State<Shared>, Path(slug): Path<String>) -> Api<DomainDetail> {
    Ok(Json(web.app.show_domain(&slug).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/domains/{slug}/calibration", params(("slug" = String, Path, description = "A domain's slug, name or id")), responses((status = 200, description = "Calibration scores and bins, the person's and the engine's", body = Object), (status = 404, description = "No such domain", body = Object)))]
async fn calibration(State(web): State<Shared>, Path(slug): Path<String>) -> Api<CalibrationView> {
    Ok(Json(web.app.calibration(Some(&slug), false).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/domains/{slug}/evidence", params(("slug" = String, Path, description = "A domain's slug, name or id")), responses((status = 200, description = "The evidence file, newest first", body = [Object]), (status = 404, description = "No such domain", body = Object)))]
async fn evidence(State(web): State<Shared>, Path(slug): Path<String>) -> Api<Vec<EvidenceView>> {
    Ok(Json(web.app.evidence(Some(&slug), usize::MAX).await.map_err(WebError::json)?))
}

/// A forecast before an attempt; numbers are checked by the domain's types as they arrive.
#[derive(Debug, Deserialize, ToSchema)]
struct Plan {
    /// A challenge id or slug.
    challenge: String,
    /// 0–100 in steps of 10.
    #[schema(value_type = u8)]
    confidence: Confidence,
    sleep_hours: Option<f64>,
    energy: Option<u8>,
    stress: Option<u8>,
    at: Option<String>,
}

#[utoipa::path(post, path = "/attempts", request_body = Plan, params(("x-csrf-token" = String, Header, description = "The token from GET /csrf")), responses((status = 201, description = "The planned attempt", body = Object), (status = 403, description = "Missing token or foreign origin; nothing stored"), (status = 422, description = "Invalid input; nothing stored", body = Object)))]
async fn plan(
    State(web): State<Shared>,
    Json(plan): Json<Plan>,
) -> Result<(StatusCode, Json<mastery_app::views::AttemptView>), WebError> {
    let invalid = |e| WebError::json(mastery_app::AppError::Invalid(e));
    let state = Feeling {
        sleep_hours: plan.sleep_hours.map(SleepHours::new).transpose().map_err(invalid)?,
        energy: plan.energy.map(|v| Rating::new("energy", v)).transpose().map_err(invalid)?,
        stress: plan.stress.map(|v| Rating::new("stress", v)).transpose().map_err(invalid)?,
    };
    let input = PlanAttempt { challenge: plan.challenge, confidence: plan.confidence, state, at: plan.at };
    let view = web.app.plan_attempt(input).await.map_err(WebError::json)?;
    Ok((StatusCode::CREATED, Json(view)))
}

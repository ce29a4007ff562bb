//! Deliberate practice (consistency and sessions) and the weekly review.

use axum::Json;
use axum::extract::Path;
use mastery_app::LogPractice;
use mastery_app::views::{ConsistencyHistoryView, PracticeSessionView, PracticeStatusView, ReviewView};
use mastery_domain::practice::session_minutes;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{Api, Body, Created, DomainFilter, Params, checked_minutes, created};
use crate::error::{ApiError, WebError};
use crate::{Web, WebStore};

#[utoipa::path(get, path = "/practice", params(DomainFilter), responses((status = 200, description = "Each planned domain's consistency and whether today is due", body = [PracticeStatusView]), (status = 400, description = "A malformed query string", body = ApiError), (status = 404, description = "No such domain", body = ApiError), (status = 422, description = "The domain has no practice plan", body = ApiError)))]
pub(super) async fn status<S: WebStore>(
    web: Web<S>,
    Params(filter): Params<DomainFilter>,
) -> Api<Vec<PracticeStatusView>> {
    Ok(Json(web.app.practice_status(filter.domain.as_deref()).await.map_err(WebError::json)?))
}

/// How many of the latest counted days each plan's history holds.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct Span {
    /// 1–366; 56 (eight weeks) when absent.
    days: Option<usize>,
}

#[utoipa::path(get, path = "/practice/history", params(Span), responses((status = 200, description = "Each planned domain's consistency day by day, oldest first, with what each day was", body = [ConsistencyHistoryView]), (status = 400, description = "A malformed query string", body = ApiError), (status = 422, description = "Days out of range", body = ApiError)))]
pub(super) async fn history<S: WebStore>(web: Web<S>, Params(span): Params<Span>) -> Api<Vec<ConsistencyHistoryView>> {
    let days = span.days.unwrap_or(56);
    if !(1..=366).contains(&days) {
        let refused = format!("days must be from 1 to 366, not {days}");
        return Err(WebError::json(mastery_app::AppError::refused(refused)));
    }
    Ok(Json(web.app.consistency_history(days).await.map_err(WebError::json)?))
}

/// A practice session kept.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Session {
    /// A domain's slug, name or id.
    domain: String,
    /// 1–1440.
    minutes: u32,
    note: Option<String>,
    /// When (RFC 3339 or a human form); now when absent.
    at: Option<String>,
}

#[utoipa::path(post, path = "/practice/sessions", request_body = Session, security(("csrf_token" = [])), responses((status = 201, description = "The session", body = PracticeSessionView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 404, description = "No such domain", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn log<S: WebStore>(web: Web<S>, Body(session): Body<Session>) -> Created<PracticeSessionView> {
    let minutes = checked_minutes(session_minutes, session.minutes)?;
    let input = LogPractice { domain: session.domain, minutes, note: session.note, at: session.at };
    Ok(created(web.app.log_practice(input).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/reviews/week/{week}", params(("week" = String, Path, description = "`2026-W47`, `this` or `last`")), responses((status = 200, description = "The week's numbers, prompts and saved answers", body = ReviewView), (status = 422, description = "Not a week", body = ApiError)))]
pub(super) async fn week<S: WebStore>(web: Web<S>, Path(week): Path<String>) -> Api<ReviewView> {
    Ok(Json(web.app.review_week(&week, &[]).await.map_err(WebError::json)?))
}

/// Answers to the week's prompts, saved over earlier answers to the same prompts; `KEY=` with no
/// text removes the saved answer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Answers {
    /// Each as `KEY=TEXT`, the key one of the review's prompts (`well`, `differently`, `learned`,
    /// `plan`), as the CLI's `--answer` takes them.
    #[schema(example = json!(["well=Kept the morning slot"]))]
    pub(super) answers: Vec<String>,
}

#[utoipa::path(post, path = "/reviews/week/{week}", request_body = Answers, params(("week" = String, Path, description = "`2026-W47`, `this` or `last`")), security(("csrf_token" = [])), responses((status = 200, description = "The review with its answers", body = ReviewView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 422, description = "Not a week or an unknown prompt; nothing stored", body = ApiError)))]
pub(super) async fn answer_week<S: WebStore>(
    web: Web<S>,
    Path(week): Path<String>,
    Body(given): Body<Answers>,
) -> Api<ReviewView> {
    Ok(Json(web.app.review_week(&week, &given.answers).await.map_err(WebError::json)?))
}

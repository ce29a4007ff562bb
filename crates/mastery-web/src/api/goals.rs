//! Goals and their ladders, what to try next, and today at a glance.

use axum::Json;
use axum::extract::Path;
use mastery_app::views::{ChallengeView, GoalView, LadderView, Next};
use mastery_app::{NewChallenge, NewGoal, StatusView};
use mastery_domain::measure::Difficulty;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{Api, Body, Created, Params, created};
use crate::error::{ApiError, WebError};
use crate::{Web, WebStore};

/// Today: the next challenges and everything due.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct Today {
    next: Next,
    status: StatusView,
}

#[utoipa::path(get, path = "/today", responses((status = 200, description = "Next challenges with the engine's reason, and what is due", body = Today)))]
pub(super) async fn today<S: WebStore>(web: Web<S>) -> Api<Today> {
    let next = web.app.next(None).await.map_err(WebError::json)?;
    let status = web.app.status().await.map_err(WebError::json)?;
    Ok(Json(Today { next, status }))
}

/// Whose next challenge to give.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct Whose {
    /// A goal (one recommendation) or a domain (one for each of its open goals), by id, slug or
    /// name; every open goal when absent.
    of: Option<String>,
}

#[utoipa::path(get, path = "/next", params(Whose), responses((status = 200, description = "One recommendation, or a list of them, each with the engine's reason", body = Next), (status = 400, description = "A malformed query string", body = ApiError), (status = 404, description = "No such goal or domain", body = ApiError), (status = 422, description = "The goal has no rungs yet", body = ApiError)))]
pub(super) async fn next<S: WebStore>(web: Web<S>, Params(whose): Params<Whose>) -> Api<Next> {
    Ok(Json(web.app.next(whose.of.as_deref()).await.map_err(WebError::json)?))
}

/// A specific, measurable goal within a domain.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct AddGoal {
    /// A domain's slug, name or id.
    domain: String,
    statement: String,
    target: Option<f64>,
    unit: Option<String>,
    /// A date (ISO 8601 or a human form such as "in 3 months").
    deadline: Option<String>,
    why: Option<String>,
    /// The success rate its ladder aims for (0.70–0.90); the engine's default when absent.
    target_success: Option<f64>,
}

#[utoipa::path(post, path = "/goals", request_body = AddGoal, security(("csrf_token" = [])), responses((status = 201, description = "The new goal", body = GoalView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 404, description = "No such domain", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError), (status = 409, description = "A goal with this statement exists; nothing stored", body = ApiError)))]
pub(super) async fn add<S: WebStore>(web: Web<S>, Body(goal): Body<AddGoal>) -> Created<GoalView> {
    let input = NewGoal {
        domain: goal.domain,
        statement: goal.statement,
        target: goal.target,
        unit: goal.unit,
        deadline: goal.deadline,
        why: goal.why,
        target_success: goal.target_success,
    };
    Ok(created(web.app.add_goal(input).await.map_err(WebError::json)?))
}

/// A rung of a goal's ladder.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct AddRung {
    title: String,
    /// One step above the hardest rung when absent.
    difficulty: Option<Difficulty>,
    /// How to tell it succeeded.
    criterion: Option<String>,
}

#[utoipa::path(post, path = "/goals/{id}/challenges", request_body = AddRung, params(("id" = String, Path, description = "A goal's id or slug")), security(("csrf_token" = [])), responses((status = 201, description = "The new rung", body = ChallengeView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 404, description = "No such goal", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError), (status = 409, description = "The goal has a rung of this title, or the reference names a domain with several open goals; nothing stored", body = ApiError)))]
pub(super) async fn add_rung<S: WebStore>(
    web: Web<S>,
    Path(goal): Path<String>,
    Body(rung): Body<AddRung>,
) -> Created<ChallengeView> {
    let input = NewChallenge { goal, title: rung.title, difficulty: rung.difficulty, criterion: rung.criterion };
    Ok(created(web.app.add_challenge(input).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/goals/{id}/ladder", params(("id" = String, Path, description = "A goal's id or slug")), responses((status = 200, description = "The goal's rungs, easy to hard, with their record and status", body = LadderView), (status = 404, description = "No such goal", body = ApiError), (status = 409, description = "The reference names a domain with several open goals", body = ApiError)))]
pub(super) async fn ladder<S: WebStore>(web: Web<S>, Path(goal): Path<String>) -> Api<LadderView> {
    Ok(Json(web.app.ladder(&goal).await.map_err(WebError::json)?))
}

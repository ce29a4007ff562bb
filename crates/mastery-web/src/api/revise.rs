//! Correcting the record: `PATCH` a domain, goal, rung or attempt; `DELETE` any record a person
//! writes; reopen a goal marked reached; undo the latest change.
//!
//! A deletion that would take more than the record (a goal's rungs and attempts) is refused with
//! 409 and a line saying what would go, unless the call says `?confirm=true`: a script that meant
//! one record never wipes a history by accident.

use axum::Json;
use axum::extract::Path;
use axum::routing::MethodRouter;
use mastery_app::views::{AttemptView, ChallengeView, DomainView, GoalView};
use mastery_app::{AppError, AttemptEdit, ChallengeEdit, Deletion, DeletionView, DomainEdit, GoalEdit, UndoView};
use mastery_domain::attempt::{Cause, Control, Locus, Outcome, Stability};
use mastery_domain::domain::LifeArea;
use mastery_domain::measure::{Confidence, Difficulty, Rating};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{Api, Body, Params};
use crate::error::{ApiError, WebError};
use crate::{Shared, Web, WebStore};

/// Fields of a domain to change; those absent stay as they are, an empty text clears one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct DomainPatch {
    name: Option<String>,
    area: Option<LifeArea>,
    description: Option<String>,
}

#[utoipa::path(patch, path = "/domains/{slug}", request_body = DomainPatch, params(("slug" = String, Path, description = "A domain's slug, name or id")), security(("csrf_token" = [])), responses((status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 200, description = "The domain as saved", body = DomainView), (status = 404, description = "No such domain", body = ApiError), (status = 409, description = "Another domain has the name; nothing stored", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn patch_domain<S: WebStore>(
    web: Web<S>,
    Path(slug): Path<String>,
    Body(patch): Body<DomainPatch>,
) -> Api<DomainView> {
    let edit = DomainEdit { name: patch.name, area: patch.area, description: patch.description };
    Ok(Json(web.app.edit_domain(&slug, edit).await.map_err(WebError::json)?))
}

/// Fields of a goal to change; those absent stay as they are, an empty text clears one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct GoalPatch {
    statement: Option<String>,
    /// A date (ISO 8601 or a human form such as "in 3 months"); "" clears it.
    deadline: Option<String>,
    why: Option<String>,
    /// The success rate its ladder aims for (0.70–0.90).
    target_success: Option<f64>,
}

#[utoipa::path(patch, path = "/goals/{id}", request_body = GoalPatch, params(("id" = String, Path, description = "A goal's id or slug")), security(("csrf_token" = [])), responses((status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 200, description = "The goal as saved", body = GoalView), (status = 404, description = "No such goal", body = ApiError), (status = 409, description = "Another goal has the statement; nothing stored", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn patch_goal<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Body(patch): Body<GoalPatch>,
) -> Api<GoalView> {
    let edit = GoalEdit {
        statement: patch.statement,
        deadline: patch.deadline,
        why: patch.why,
        target_success: patch.target_success,
    };
    Ok(Json(web.app.edit_goal(&id, edit).await.map_err(WebError::json)?))
}

#[utoipa::path(post, path = "/goals/{id}/reopen", params(("id" = String, Path, description = "A goal's id or slug")), security(("csrf_token" = [])), responses((status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 200, description = "The goal, open again; its celebration is gone", body = GoalView), (status = 404, description = "No such goal", body = ApiError), (status = 422, description = "The goal is open already", body = ApiError)))]
pub(super) async fn reopen_goal<S: WebStore>(web: Web<S>, Path(id): Path<String>) -> Api<GoalView> {
    Ok(Json(web.app.reopen_goal(&id).await.map_err(WebError::json)?))
}

/// Fields of a rung to change; those absent stay as they are, an empty criterion clears it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RungPatch {
    title: Option<String>,
    /// Its place on the ladder follows.
    difficulty: Option<Difficulty>,
    criterion: Option<String>,
}

#[utoipa::path(patch, path = "/challenges/{id}", request_body = RungPatch, params(("id" = String, Path, description = "A rung's id or slug")), security(("csrf_token" = [])), responses((status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 200, description = "The rung as saved", body = ChallengeView), (status = 404, description = "No such rung", body = ApiError), (status = 409, description = "Another rung of the goal has the title; nothing stored", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn patch_rung<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Body(patch): Body<RungPatch>,
) -> Api<ChallengeView> {
    let edit = ChallengeEdit { title: patch.title, difficulty: patch.difficulty, criterion: patch.criterion };
    Ok(Json(web.app.edit_challenge(&id, edit).await.map_err(WebError::json)?))
}

/// Fields of an attempt to change; those absent stay as they are, an empty text clears one.
/// The record's fields need an attempt that has its outcome.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct AttemptPatch {
    confidence: Option<Confidence>,
    outcome: Option<Outcome>,
    effort: Option<Rating>,
    did: Option<String>,
    because: Option<String>,
    /// A new cause brings its usual placement unless locus, stability or control are given.
    cause: Option<Cause>,
    locus: Option<Locus>,
    stability: Option<Stability>,
    control: Option<Control>,
    lesson: Option<String>,
    /// When the outcome happened (RFC 3339 or a human form), never before the forecast.
    recorded_at: Option<String>,
}

#[utoipa::path(patch, path = "/attempts/{id}", request_body = AttemptPatch, params(("id" = String, Path, description = "An attempt's id, or last")), security(("csrf_token" = [])), responses((status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 200, description = "The attempt as saved", body = AttemptView), (status = 404, description = "No such attempt", body = ApiError), (status = 422, description = "Invalid input, or a record's field for an attempt without one; nothing stored", body = ApiError)))]
pub(super) async fn patch_attempt<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Body(patch): Body<AttemptPatch>,
) -> Api<AttemptView> {
    let edit = AttemptEdit {
        confidence: patch.confidence,
        outcome: patch.outcome,
        effort: patch.effort,
        did: patch.did,
        because: patch.because,
        cause: patch.cause,
        locus: patch.locus,
        stability: patch.stability,
        control: patch.control,
        lesson: patch.lesson,
        recorded_at: patch.recorded_at,
    };
    Ok(Json(web.app.edit_attempt(&id, edit).await.map_err(WebError::json)?))
}

/// Whether the call may delete what hangs off the record too.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct Confirm {
    /// True to delete what hangs off the record (a goal's rungs and attempts, …) as well.
    #[serde(default)]
    confirm: bool,
}

/// Where `DELETE` is served, with the kind each path deletes and how its parameter is named.
pub(super) const DELETIONS: [(&str, &str); 11] = [
    ("/domains/{slug}", "domains"),
    ("/goals/{id}", "goals"),
    ("/challenges/{id}", "challenges"),
    ("/attempts/{id}", "attempts"),
    ("/evidence/{id}", "evidence"),
    ("/checkins/{id}", "checkins"),
    ("/models/{id}", "models"),
    ("/feedback/{id}", "feedback"),
    ("/audits/{id}", "audits"),
    ("/practice/sessions/{id}", "sessions"),
    ("/reviews/{period}", "reviews"),
];

/// Writes the one annotated `DELETE /{kind}/{id}` into the document as the concrete paths of
/// [`DELETIONS`], each with its own path parameter, so the document lists what is served.
pub(super) struct Deletions;

impl utoipa::Modify for Deletions {
    fn modify(&self, document: &mut utoipa::openapi::OpenApi) {
        let paths = &mut document.paths.paths;
        let Some(template) = paths.remove("/{kind}/{id}").and_then(|item| item.delete) else { return };
        for (path, kind) in DELETIONS {
            let mut operation = template.clone();
            let name = &path[path.rfind('{').map_or(0, |i| i + 1)..path.len() - 1];
            if let Some(parameters) = operation.parameters.as_mut() {
                parameters.retain(|p| p.name != "kind");
                for parameter in parameters.iter_mut().filter(|p| p.name == "id") {
                    parameter.name = name.to_owned();
                }
            }
            operation.operation_id = Some(format!("delete_{kind}"));
            let item = paths.entry(path.to_owned()).or_default();
            item.delete = Some(operation);
        }
    }
}

/// The record `DELETE /{kind}/{id}` names.
fn deletion(kind: &'static str, id: String) -> Deletion {
    match kind {
        "domains" => Deletion::Domain(id),
        "goals" => Deletion::Goal(id),
        "challenges" => Deletion::Challenge(id),
        "attempts" => Deletion::Attempt(id),
        "evidence" => Deletion::Evidence(id),
        "checkins" => Deletion::Checkin(id),
        "models" => Deletion::RoleModel(id),
        "feedback" => Deletion::Feedback(id),
        "audits" => Deletion::Audit(id),
        "sessions" => Deletion::PracticeSession(id),
        _ => Deletion::Review(id),
    }
}

/// `DELETE` on the records of `kind` (the path's first part, as [`deletion`] reads it).
pub(super) fn deleting<S: WebStore>(kind: &'static str) -> MethodRouter<Shared<S>> {
    axum::routing::delete(move |web: Web<S>, Path(id): Path<String>, Params(confirm): Params<Confirm>| {
        delete(web, kind, id, confirm)
    })
}

#[utoipa::path(delete, path = "/{kind}/{id}", params(("kind" = String, Path, description = "domains, goals, challenges, attempts, evidence, checkins, models, feedback, audits, practice/sessions or reviews"), ("id" = String, Path, description = "The record's id (a slug or name for domains, goals and rungs; a period such as 2026-W47 for reviews), or last"), Confirm), security(("csrf_token" = [])), responses((status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 200, description = "What was deleted; `POST /undo` brings it back", body = DeletionView), (status = 400, description = "A malformed query string", body = ApiError), (status = 404, description = "No such record", body = ApiError), (status = 422, description = "Records hang off it and `confirm` was not given; nothing deleted", body = ApiError)))]
async fn delete<S: WebStore>(web: Web<S>, kind: &'static str, id: String, confirm: Confirm) -> Api<DeletionView> {
    let what = deletion(kind, id);
    let plan = web.app.plan_deletion(&what).await.map_err(WebError::json)?;
    if plan.cascades && !confirm.confirm {
        let what = plan.summary.replacen("Deleted", "This would delete", 1);
        return Err(WebError::json(AppError::refused(format!("{what}: add ?confirm=true to delete all of it"))));
    }
    Ok(Json(web.app.delete(&what).await.map_err(WebError::json)?))
}

#[utoipa::path(post, path = "/undo", security(("csrf_token" = [])), responses((status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 200, description = "The change undone", body = UndoView), (status = 422, description = "Nothing left to undo, or the change cannot be undone because what it touched changed since", body = ApiError)))]
pub(super) async fn undo<S: WebStore>(web: Web<S>) -> Api<UndoView> {
    match web.app.undo().await.map_err(WebError::json)? {
        Some(undone) => Ok(Json(undone)),
        None => Err(WebError::json(AppError::refused("nothing to undo: no change is left in the journal"))),
    }
}

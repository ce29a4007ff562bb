//! `PATCH` on the records that hang off a domain or a day, on the path of their `DELETE`: a
//! backfilled success, a check-in, a role model, feedback, an audit, a practice session and a
//! review's answers. Fields absent stay as they are; each is checked as when the record was added
//! (422, nothing stored); a record that is not the caller's is not found (404).

use axum::Json;
use axum::extract::Path;
use mastery_app::views::{
    AuditView, CheckinView, EvidenceView, FeedbackView, PracticeSessionView, ReviewView, RoleModelView,
};
use mastery_app::{AuditEdit, CheckinEdit, EvidenceEdit, FeedbackEdit, PracticeEdit, RoleModelEdit};
use mastery_domain::audit::Every;
use mastery_domain::checkin::{Measures, exercise_minutes};
use mastery_domain::feedback::{Specificity, Valence};
use mastery_domain::measure::{Confidence, Rating, SleepHours};
use mastery_domain::practice::session_minutes;
use serde::Deserialize;
use utoipa::ToSchema;

use super::practice::Answers;
use super::{Api, Body, checked_minutes};
use crate::error::{ApiError, WebError};
use crate::{Web, WebStore};

/// A success entered after the fact: the fields to change; an empty `did` clears it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct EvidencePatch {
    /// What was achieved.
    title: Option<String>,
    /// What the person did to achieve it.
    did: Option<String>,
    /// When (RFC 3339 or a human form), not in the future.
    at: Option<String>,
}

#[utoipa::path(patch, path = "/evidence/{id}", request_body = EvidencePatch, params(("id" = String, Path, description = "A backfilled success's id, or last")), security(("csrf_token" = [])), responses((status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 200, description = "The success as saved", body = EvidenceView), (status = 404, description = "No such success", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn evidence<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Body(patch): Body<EvidencePatch>,
) -> Api<EvidenceView> {
    let edit = EvidenceEdit { title: patch.title, did: patch.did, at: patch.at };
    Ok(Json(web.app.edit_evidence(&id, edit).await.map_err(WebError::json)?))
}

/// A check-in's measures to change; those absent stay as they are. Its day stays the same.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct CheckinPatch {
    sleep_hours: Option<SleepHours>,
    /// Minutes of exercise (0–1440).
    exercise_minutes: Option<u32>,
    stress: Option<Rating>,
    energy: Option<Rating>,
    mood: Option<Rating>,
}

#[utoipa::path(patch, path = "/checkins/{id}", request_body = CheckinPatch, params(("id" = String, Path, description = "A check-in's id, or last")), security(("csrf_token" = [])), responses((status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 200, description = "The check-in as saved", body = CheckinView), (status = 404, description = "No such check-in", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn checkin<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Body(patch): Body<CheckinPatch>,
) -> Api<CheckinView> {
    let exercise_minutes = patch.exercise_minutes.map(|m| checked_minutes(exercise_minutes, m)).transpose()?;
    let measures = Measures {
        sleep_hours: patch.sleep_hours,
        exercise_minutes,
        stress: patch.stress,
        energy: patch.energy,
        mood: patch.mood,
    };
    Ok(Json(web.app.edit_checkin(&id, CheckinEdit { measures, all: false }).await.map_err(WebError::json)?))
}

/// A role model's fields to change; an empty `process` clears it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ModelPatch {
    name: Option<String>,
    /// How similar they are to the person (1–5).
    similarity: Option<Rating>,
    /// How they did it.
    process: Option<String>,
}

#[utoipa::path(patch, path = "/models/{id}", request_body = ModelPatch, params(("id" = String, Path, description = "A role model's id, or last")), security(("csrf_token" = [])), responses((status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 200, description = "The role model as saved", body = RoleModelView), (status = 404, description = "No such role model", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn model<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Body(patch): Body<ModelPatch>,
) -> Api<RoleModelView> {
    let edit = RoleModelEdit { name: patch.name, similarity: patch.similarity, process: patch.process };
    Ok(Json(web.app.edit_role_model(&id, edit).await.map_err(WebError::json)?))
}

/// Feedback's fields to change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct FeedbackPatch {
    /// Who gave it.
    from: Option<String>,
    text: Option<String>,
    /// How credible the giver is on this (1–5).
    credibility: Option<Rating>,
    specificity: Option<Specificity>,
    valence: Option<Valence>,
    /// When it was received (RFC 3339 or a human form).
    at: Option<String>,
}

#[utoipa::path(patch, path = "/feedback/{id}", request_body = FeedbackPatch, params(("id" = String, Path, description = "A piece of feedback's id, or last")), security(("csrf_token" = [])), responses((status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 200, description = "The feedback as saved", body = FeedbackView), (status = 404, description = "No such feedback", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn feedback<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Body(patch): Body<FeedbackPatch>,
) -> Api<FeedbackView> {
    let edit = FeedbackEdit {
        from: patch.from,
        text: patch.text,
        credibility: patch.credibility,
        specificity: patch.specificity,
        valence: patch.valence,
        at: patch.at,
    };
    Ok(Json(web.app.edit_feedback(&id, edit).await.map_err(WebError::json)?))
}

/// An audit's fields to change; the scale stays the one answered.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct AuditPatch {
    /// One rating per item of its scale, easy to hard (0–100 in steps of 10).
    answers: Option<Vec<Confidence>>,
    /// When it was taken (RFC 3339 or a human form).
    at: Option<String>,
    /// When the next audit falls due: monthly, weekly, 2w, 6 weeks, 3m…
    #[schema(value_type = Option<String>)]
    every: Option<Every>,
}

#[utoipa::path(patch, path = "/audits/{id}", request_body = AuditPatch, params(("id" = String, Path, description = "An audit's id, or last")), security(("csrf_token" = [])), responses((status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 200, description = "The audit as saved, with its scores", body = AuditView), (status = 404, description = "No such audit", body = ApiError), (status = 422, description = "Invalid input (such as a rating per item missing); nothing stored", body = ApiError)))]
pub(super) async fn audit<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Body(patch): Body<AuditPatch>,
) -> Api<AuditView> {
    let edit = AuditEdit { answers: patch.answers, at: patch.at, every: patch.every };
    Ok(Json(web.app.edit_audit(&id, edit).await.map_err(WebError::json)?))
}

/// A practice session's fields to change; an empty `note` clears it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct SessionPatch {
    /// 1–1440.
    minutes: Option<u32>,
    note: Option<String>,
    /// When (RFC 3339 or a human form); its day follows.
    at: Option<String>,
}

#[utoipa::path(patch, path = "/practice/sessions/{id}", request_body = SessionPatch, params(("id" = String, Path, description = "A practice session's id, or last")), security(("csrf_token" = [])), responses((status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 200, description = "The session as saved", body = PracticeSessionView), (status = 404, description = "No such session", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn session<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Body(patch): Body<SessionPatch>,
) -> Api<PracticeSessionView> {
    let minutes = patch.minutes.map(|m| checked_minutes(session_minutes, m)).transpose()?;
    let edit = PracticeEdit { minutes, note: patch.note, at: patch.at };
    Ok(Json(web.app.edit_practice_session(&id, edit).await.map_err(WebError::json)?))
}

#[utoipa::path(patch, path = "/reviews/{period}", request_body = Answers, params(("period" = String, Path, description = "A reviewed period: 2026-W47 or 2026-11")), security(("csrf_token" = [])), responses((status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 200, description = "The review with its answers", body = ReviewView), (status = 404, description = "No review saved for the period", body = ApiError), (status = 422, description = "An unknown prompt; nothing stored", body = ApiError)))]
pub(super) async fn review<S: WebStore>(
    web: Web<S>,
    Path(period): Path<String>,
    Body(given): Body<Answers>,
) -> Api<ReviewView> {
    Ok(Json(web.app.edit_review(&period, &given.answers).await.map_err(WebError::json)?))
}

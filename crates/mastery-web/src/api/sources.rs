//! The sources of efficacy besides one's own attempts: check-ins (state), role models (vicarious
//! experience) and feedback (persuasion).

use axum::Json;
use mastery_app::views::{CheckinView, FeedbackView, RoleModelView};
use mastery_app::{NewCheckin, NewFeedback, NewRoleModel};
use mastery_domain::checkin::{Measures, exercise_minutes};
use mastery_domain::feedback::{Specificity, Valence};
use mastery_domain::measure::{Rating, SleepHours};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{Api, Body, Created, DomainFilter, Params, checked_minutes, created};
use crate::error::{ApiError, WebError};
use crate::{Web, WebStore};

/// Today's state; at least one measure.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Checkin {
    sleep_hours: Option<SleepHours>,
    /// Minutes of exercise today (0–1440).
    exercise_minutes: Option<u32>,
    stress: Option<Rating>,
    energy: Option<Rating>,
    mood: Option<Rating>,
    /// When (RFC 3339 or a human form); now when absent.
    at: Option<String>,
}

#[utoipa::path(post, path = "/checkins", request_body = Checkin, security(("csrf_token" = [])), responses((status = 201, description = "The check-in", body = CheckinView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn checkin<S: WebStore>(web: Web<S>, Body(checkin): Body<Checkin>) -> Created<CheckinView> {
    let exercise_minutes = checkin.exercise_minutes.map(|m| checked_minutes(exercise_minutes, m)).transpose()?;
    let measures = Measures {
        sleep_hours: checkin.sleep_hours,
        exercise_minutes,
        stress: checkin.stress,
        energy: checkin.energy,
        mood: checkin.mood,
    };
    Ok(created(web.app.checkin(NewCheckin { measures, at: checkin.at }).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/models", params(DomainFilter), responses((status = 200, description = "Role models", body = [RoleModelView]), (status = 400, description = "A malformed query string", body = ApiError), (status = 404, description = "No such domain", body = ApiError)))]
pub(super) async fn models<S: WebStore>(web: Web<S>, Params(filter): Params<DomainFilter>) -> Api<Vec<RoleModelView>> {
    Ok(Json(web.app.role_models(filter.domain.as_deref()).await.map_err(WebError::json)?))
}

/// Someone similar who did it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct AddModel {
    /// A domain's slug, name or id.
    domain: String,
    name: String,
    /// How similar they are to the person (1–5).
    similarity: Option<Rating>,
    /// How they did it.
    process: Option<String>,
}

#[utoipa::path(post, path = "/models", request_body = AddModel, security(("csrf_token" = [])), responses((status = 201, description = "The role model", body = RoleModelView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 404, description = "No such domain", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn add_model<S: WebStore>(web: Web<S>, Body(model): Body<AddModel>) -> Created<RoleModelView> {
    let input =
        NewRoleModel { domain: model.domain, name: model.name, similarity: model.similarity, process: model.process };
    Ok(created(web.app.add_role_model(input).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/feedback", params(DomainFilter), responses((status = 200, description = "Feedback received", body = [FeedbackView]), (status = 400, description = "A malformed query string", body = ApiError), (status = 404, description = "No such domain", body = ApiError)))]
pub(super) async fn feedback<S: WebStore>(web: Web<S>, Params(filter): Params<DomainFilter>) -> Api<Vec<FeedbackView>> {
    Ok(Json(web.app.feedback_received(filter.domain.as_deref()).await.map_err(WebError::json)?))
}

/// A piece of feedback received.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct AddFeedback {
    /// A domain's slug, name or id.
    domain: String,
    /// Who gave it.
    from: String,
    /// How credible the giver is on this (1–5).
    credibility: Option<Rating>,
    specificity: Option<Specificity>,
    valence: Option<Valence>,
    text: String,
    /// When it was received (RFC 3339 or a human form); now when absent.
    at: Option<String>,
}

#[utoipa::path(post, path = "/feedback", request_body = AddFeedback, security(("csrf_token" = [])), responses((status = 201, description = "The feedback", body = FeedbackView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 404, description = "No such domain", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn add_feedback<S: WebStore>(web: Web<S>, Body(given): Body<AddFeedback>) -> Created<FeedbackView> {
    let input = NewFeedback {
        domain: given.domain,
        from: given.from,
        credibility: given.credibility,
        specificity: given.specificity,
        valence: given.valence,
        text: given.text,
        at: given.at,
    };
    Ok(created(web.app.add_feedback(input).await.map_err(WebError::json)?))
}

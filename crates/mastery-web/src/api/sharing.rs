//! Sharing under `/api/v1` (server mode only): shares and their invitations, what others share
//! with me, feedback, cheers and suggested rungs, groups and their weekly round, a coach's cohort,
//! and notifications. Each handler makes one [`Sharing`] call for the signed-in person ([`Me`]);
//! who may see what is decided there, once, and what they may not see answers 404.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use mastery_app::AppError;
use mastery_app::sharing::{
    AcceptedView, CohortView, GroupView, InvitationView, MailSettingsView, NewGroupView, NewShare, NewShareView,
    NotificationView, RoundView, RungSuggestion, ShareView, SharedFeedback, SharedItemView, SharedView, SuggestionView,
};
use mastery_app::views::{ChallengeView, FeedbackRequestView, FeedbackView, RoleModelView};
use mastery_domain::ids::{AttemptId, CelebrationId, GroupId, ShareId, SuggestionId};
use mastery_domain::measure::Difficulty;
use mastery_domain::sharing::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Api, Body, Created, created};
use crate::error::{ApiError, WebError};
use crate::{Me, Shared, WebStore};

/// The sharing routes, with their full paths: only a server mounts them.
pub fn routes<S: WebStore>() -> Router<Shared<S>> {
    Router::new()
        .route("/api/v1/shares", get(list_shares::<S>).post(share::<S>))
        .route("/api/v1/shares/{id}", delete(revoke::<S>))
        .route("/api/v1/shares/{id}/request", post(send_request::<S>))
        .route("/api/v1/invitations/{token}/accept", post(accept::<S>))
        .route("/api/v1/shared", get(shared_with_me::<S>))
        .route("/api/v1/shared/{id}", get(shared::<S>))
        .route("/api/v1/shared/{id}/feedback", post(feedback::<S>))
        .route("/api/v1/shared/{id}/celebrations/{celebration}/cheer", post(cheer::<S>))
        .route("/api/v1/shared/{id}/suggestions", post(suggest::<S>))
        .route("/api/v1/shared/{id}/wins/{attempt}/role-model", post(save_win::<S>))
        .route("/api/v1/suggestions", get(suggestions::<S>))
        .route("/api/v1/suggestions/{id}/accept", post(accept_suggestion::<S>))
        .route("/api/v1/suggestions/{id}/decline", post(decline_suggestion::<S>))
        .route("/api/v1/groups", get(groups::<S>).post(create_group::<S>))
        .route("/api/v1/groups/{id}/invitations", post(invite::<S>))
        .route("/api/v1/groups/{id}/membership", delete(leave::<S>))
        .route("/api/v1/groups/{id}/round", get(round::<S>))
        .route("/api/v1/cohort", get(cohort::<S>))
        .route("/api/v1/cohort.csv", get(cohort_csv::<S>))
        .route("/api/v1/notifications", get(notifications::<S>))
        .route("/api/v1/notifications/read", post(mark_read::<S>))
        .route("/api/v1/notifications/email", get(mail_settings::<S>).put(set_mail_address::<S>))
}

fn json(error: AppError) -> WebError {
    WebError::json(error)
}

/// What to share, with whom.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ShareBody {
    /// A goal's id or slug (or give `domain` to share a whole domain).
    goal: Option<String>,
    /// A domain's id, name or slug.
    domain: Option<String>,
    role: Role,
    /// The group's id, for role `group`.
    group: Option<GroupId>,
    /// Let this audience read your weekly reviews' answers.
    #[serde(default)]
    review_answers: bool,
    /// E-mail the invitation to this address too (on a server that sends e-mail).
    email: Option<String>,
}

#[utoipa::path(post, path = "/shares", request_body = ShareBody, security(("csrf_token" = [])), responses((status = 201, description = "The share, with a single-use invitation link for a partner or coach", body = NewShareView), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "No such goal, domain or group of yours; or not a server", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn share<S: WebStore>(me: Me<S>, Body(body): Body<ShareBody>) -> Created<NewShareView> {
    let input = NewShare {
        goal: body.goal,
        domain: body.domain,
        role: Some(body.role),
        group: body.group,
        review_answers: body.review_answers,
        email: body.email,
    };
    Ok(created(me.sharing.share(me.user, input).await.map_err(json)?))
}

#[utoipa::path(get, path = "/shares", responses((status = 200, description = "The shares I made, oldest first", body = [ShareView]), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Not a server", body = ApiError)))]
pub(super) async fn list_shares<S: WebStore>(me: Me<S>) -> Api<Vec<ShareView>> {
    Ok(Json(me.sharing.my_shares(me.user).await.map_err(json)?))
}

#[utoipa::path(delete, path = "/shares/{id}", params(("id" = String, Path, description = "The share's id")), security(("csrf_token" = [])), responses((status = 204, description = "Revoked: its audience no longer sees anything of it"), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "No such share of yours", body = ApiError)))]
pub(super) async fn revoke<S: WebStore>(me: Me<S>, Path(id): Path<ShareId>) -> Result<StatusCode, WebError> {
    me.sharing.revoke(me.user, id).await.map_err(json)?;
    Ok(StatusCode::NO_CONTENT)
}

/// How many recent attempts a feedback request names.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RequestBody {
    #[serde(default = "default_last")]
    #[schema(minimum = 1, maximum = 5)]
    last: usize,
}

fn default_last() -> usize {
    mastery_domain::feedback_request::DEFAULT_ATTEMPTS
}

#[utoipa::path(post, path = "/shares/{id}/request", params(("id" = String, Path, description = "The share's id")), request_body = RequestBody, security(("csrf_token" = [])), responses((status = 200, description = "The request drafted and sent to the share's audience in the app", body = FeedbackRequestView), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "No such share of yours", body = ApiError), (status = 422, description = "Nobody accepted the share yet, or no attempt to ask about", body = ApiError)))]
pub(super) async fn send_request<S: WebStore>(
    me: Me<S>,
    Path(id): Path<ShareId>,
    Body(body): Body<RequestBody>,
) -> Api<FeedbackRequestView> {
    Ok(Json(me.sharing.send_request(me.user, id, body.last).await.map_err(json)?))
}

#[utoipa::path(post, path = "/invitations/{token}/accept", params(("token" = String, Path, description = "The invitation link's token")), security(("csrf_token" = [])), responses((status = 200, description = "Accepted: the share (or group) joined", body = AcceptedView), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Unknown, used, expired or your own invitation", body = ApiError)))]
pub(super) async fn accept<S: WebStore>(me: Me<S>, Path(token): Path<String>) -> Api<AcceptedView> {
    Ok(Json(me.sharing.accept(me.user, &token).await.map_err(json)?))
}

#[utoipa::path(get, path = "/shared", responses((status = 200, description = "What others share with me", body = [SharedItemView]), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Not a server", body = ApiError)))]
pub(super) async fn shared_with_me<S: WebStore>(me: Me<S>) -> Api<Vec<SharedItemView>> {
    Ok(Json(me.sharing.shared_with_me(me.user).await.map_err(json)?))
}

#[utoipa::path(get, path = "/shared/{id}", params(("id" = String, Path, description = "The share's id")), responses((status = 200, description = "The shared goal as my role may see it", body = SharedView), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Nothing of that id is shared with me", body = ApiError)))]
pub(super) async fn shared<S: WebStore>(me: Me<S>, Path(id): Path<ShareId>) -> Api<SharedView> {
    Ok(Json(me.sharing.shared(me.user, id).await.map_err(json)?))
}

/// Feedback on a shared goal, or on one of its attempts.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct FeedbackBody {
    text: String,
    /// It names specific behaviour, not only praise.
    specific: bool,
    /// The attempt it is about.
    attempt: Option<AttemptId>,
}

#[utoipa::path(post, path = "/shared/{id}/feedback", params(("id" = String, Path, description = "The share's id")), request_body = FeedbackBody, security(("csrf_token" = [])), responses((status = 201, description = "The feedback, now in the owner's feedback log", body = FeedbackView), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Nothing of that id is shared with me, or no such attempt in it", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn feedback<S: WebStore>(
    me: Me<S>,
    Path(id): Path<ShareId>,
    Body(body): Body<FeedbackBody>,
) -> Created<FeedbackView> {
    let input = SharedFeedback { text: body.text, specific: body.specific, attempt: body.attempt };
    Ok(created(me.sharing.give_feedback(me.user, id, input).await.map_err(json)?))
}

/// How many people have cheered a celebration.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct Cheers {
    cheers: u32,
}

#[utoipa::path(post, path = "/shared/{id}/celebrations/{celebration}/cheer", params(("id" = String, Path, description = "The share's id"), ("celebration" = String, Path, description = "The celebration's id")), security(("csrf_token" = [])), responses((status = 200, description = "Cheered (once per person)", body = Cheers), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Nothing of that id is shared with me, or no such celebration in it", body = ApiError)))]
pub(super) async fn cheer<S: WebStore>(
    me: Me<S>,
    Path((id, celebration)): Path<(ShareId, CelebrationId)>,
) -> Api<Cheers> {
    Ok(Json(Cheers { cheers: me.sharing.cheer(me.user, id, celebration).await.map_err(json)? }))
}

/// A rung a coach suggests.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct SuggestionBody {
    title: String,
    #[schema(value_type = Option<f64>, minimum = 1, maximum = 10)]
    difficulty: Option<Difficulty>,
    /// Why, or its success criterion.
    note: Option<String>,
}

#[utoipa::path(post, path = "/shared/{id}/suggestions", params(("id" = String, Path, description = "The share's id")), request_body = SuggestionBody, security(("csrf_token" = [])), responses((status = 201, description = "Suggested; the owner accepts or declines", body = SuggestionView), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Nothing of that id is shared with me", body = ApiError), (status = 422, description = "Not a coach, a whole domain, or invalid input; nothing stored", body = ApiError)))]
pub(super) async fn suggest<S: WebStore>(
    me: Me<S>,
    Path(id): Path<ShareId>,
    Body(body): Body<SuggestionBody>,
) -> Created<SuggestionView> {
    let input = RungSuggestion { title: body.title, difficulty: body.difficulty, note: body.note };
    Ok(created(me.sharing.suggest_rung(me.user, id, input).await.map_err(json)?))
}

/// Where a saved win goes among my own records.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct SaveWinBody {
    /// One of my domains (id, name or slug).
    domain: String,
}

#[utoipa::path(post, path = "/shared/{id}/wins/{attempt}/role-model", params(("id" = String, Path, description = "The share's id"), ("attempt" = String, Path, description = "The successful attempt's id")), request_body = SaveWinBody, security(("csrf_token" = [])), responses((status = 201, description = "Saved as one of my role models", body = RoleModelView), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Nothing of that id is shared with me, no such success in it, or no such domain of mine", body = ApiError)))]
pub(super) async fn save_win<S: WebStore>(
    me: Me<S>,
    Path((id, attempt)): Path<(ShareId, AttemptId)>,
    Body(body): Body<SaveWinBody>,
) -> Created<RoleModelView> {
    Ok(created(me.sharing.save_win(me.user, id, attempt, &body.domain).await.map_err(json)?))
}

#[utoipa::path(get, path = "/suggestions", responses((status = 200, description = "Rungs coaches suggested, waiting for my answer", body = [SuggestionView]), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Not a server", body = ApiError)))]
pub(super) async fn suggestions<S: WebStore>(me: Me<S>) -> Api<Vec<SuggestionView>> {
    Ok(Json(me.sharing.suggestions(me.user).await.map_err(json)?))
}

#[utoipa::path(post, path = "/suggestions/{id}/accept", params(("id" = String, Path, description = "The suggestion's id")), security(("csrf_token" = [])), responses((status = 200, description = "Accepted: the rung joined the ladder", body = ChallengeView), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "No such suggestion waiting", body = ApiError), (status = 409, description = "The ladder has a rung of that name", body = ApiError)))]
pub(super) async fn accept_suggestion<S: WebStore>(me: Me<S>, Path(id): Path<SuggestionId>) -> Api<ChallengeView> {
    Ok(Json(me.sharing.accept_suggestion(me.user, id).await.map_err(json)?))
}

#[utoipa::path(post, path = "/suggestions/{id}/decline", params(("id" = String, Path, description = "The suggestion's id")), security(("csrf_token" = [])), responses((status = 204, description = "Declined"), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "No such suggestion waiting", body = ApiError)))]
pub(super) async fn decline_suggestion<S: WebStore>(
    me: Me<S>,
    Path(id): Path<SuggestionId>,
) -> Result<StatusCode, WebError> {
    me.sharing.decline_suggestion(me.user, id).await.map_err(json)?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new group's name.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct GroupBody {
    name: String,
}

#[utoipa::path(post, path = "/groups", request_body = GroupBody, security(("csrf_token" = [])), responses((status = 201, description = "The group, with me in it and an invitation for the next member", body = NewGroupView), (status = 401, description = "Not signed in", body = ApiError), (status = 422, description = "Invalid name", body = ApiError)))]
pub(super) async fn create_group<S: WebStore>(me: Me<S>, Body(body): Body<GroupBody>) -> Created<NewGroupView> {
    Ok(created(me.sharing.create_group(me.user, &body.name).await.map_err(json)?))
}

#[utoipa::path(get, path = "/groups", responses((status = 200, description = "The groups I belong to", body = [GroupView]), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Not a server", body = ApiError)))]
pub(super) async fn groups<S: WebStore>(me: Me<S>) -> Api<Vec<GroupView>> {
    Ok(Json(me.sharing.groups(me.user).await.map_err(json)?))
}

#[utoipa::path(post, path = "/groups/{id}/invitations", params(("id" = String, Path, description = "The group's id")), security(("csrf_token" = [])), responses((status = 201, description = "A new single-use invitation", body = InvitationView), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "No such group of mine", body = ApiError)))]
pub(super) async fn invite<S: WebStore>(me: Me<S>, Path(id): Path<GroupId>) -> Created<InvitationView> {
    Ok(created(me.sharing.invite_to_group(me.user, id).await.map_err(json)?))
}

#[utoipa::path(delete, path = "/groups/{id}/membership", params(("id" = String, Path, description = "The group's id")), security(("csrf_token" = [])), responses((status = 204, description = "Left; what I shared with it is no longer shared"), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "No such group of mine", body = ApiError)))]
pub(super) async fn leave<S: WebStore>(me: Me<S>, Path(id): Path<GroupId>) -> Result<StatusCode, WebError> {
    me.sharing.leave_group(me.user, id).await.map_err(json)?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/groups/{id}/round", params(("id" = String, Path, description = "The group's id")), responses((status = 200, description = "This week's round of the members", body = RoundView), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "No such group of mine", body = ApiError)))]
pub(super) async fn round<S: WebStore>(me: Me<S>, Path(id): Path<GroupId>) -> Api<RoundView> {
    Ok(Json(me.sharing.round(me.user, id).await.map_err(json)?))
}

#[utoipa::path(get, path = "/cohort", responses((status = 200, description = "The people I coach: their audits first against latest, per scale", body = [CohortView]), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Not a server", body = ApiError)))]
pub(super) async fn cohort<S: WebStore>(me: Me<S>) -> Api<Vec<CohortView>> {
    Ok(Json(me.sharing.cohort(me.user).await.map_err(json)?))
}

#[utoipa::path(get, path = "/cohort.csv", responses((status = 200, description = "The cohort for analysis, one row per person and scale, people numbered, never named", content_type = "text/csv", body = String), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Not a server", body = ApiError)))]
pub(super) async fn cohort_csv<S: WebStore>(me: Me<S>) -> Result<Response, WebError> {
    let csv = me.sharing.cohort_csv(me.user).await.map_err(json)?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response())
}

#[utoipa::path(get, path = "/notifications", responses((status = 200, description = "What happened on what I share and follow, newest first", body = [NotificationView]), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Not a server", body = ApiError)))]
pub(super) async fn notifications<S: WebStore>(me: Me<S>) -> Api<Vec<NotificationView>> {
    Ok(Json(me.sharing.notifications(me.user).await.map_err(json)?))
}

/// How many notifications were unread.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct Marked {
    marked: u64,
}

#[utoipa::path(post, path = "/notifications/read", security(("csrf_token" = [])), responses((status = 200, description = "All marked read", body = Marked), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Not a server", body = ApiError)))]
pub(super) async fn mark_read<S: WebStore>(me: Me<S>) -> Api<Marked> {
    Ok(Json(Marked { marked: me.sharing.mark_notifications_read(me.user).await.map_err(json)? }))
}

#[utoipa::path(get, path = "/notifications/email", responses((status = 200, description = "Where my weekly digest goes", body = MailSettingsView), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Not a server", body = ApiError)))]
pub(super) async fn mail_settings<S: WebStore>(me: Me<S>) -> Api<MailSettingsView> {
    Ok(Json(me.sharing.mail_settings(me.user).await.map_err(json)?))
}

/// Where my weekly digest goes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct MailBody {
    /// Null (or empty) stops the digest.
    email: Option<String>,
}

#[utoipa::path(put, path = "/notifications/email", request_body = MailBody, security(("csrf_token" = [])), responses((status = 200, description = "Saved", body = MailSettingsView), (status = 401, description = "Not signed in", body = ApiError), (status = 404, description = "Not a server", body = ApiError), (status = 422, description = "Not an e-mail address, or the server sends no e-mail", body = ApiError)))]
pub(super) async fn set_mail_address<S: WebStore>(me: Me<S>, Body(body): Body<MailBody>) -> Api<MailSettingsView> {
    Ok(Json(me.sharing.set_mail_address(me.user, body.email.as_deref()).await.map_err(json)?))
}

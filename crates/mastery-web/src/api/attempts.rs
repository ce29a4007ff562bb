//! Attempts: the forecast before, the outcome after, the plan for next time after a setback, and
//! the list.

use axum::Json;
use axum::extract::Path;
use mastery_app::views::AttemptView;
use mastery_app::{AttemptFilter, NextTime, PlanAttempt, RecordAttempt};
use mastery_domain::attempt::{Cause, Control, Locus, Outcome, Stability, State as Feeling};
use mastery_domain::measure::{Confidence, Rating, SleepHours};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{Api, Body, Created, Params, created};
use crate::error::{ApiError, WebError};
use crate::{Web, WebStore};

/// Which attempts to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct Filter {
    /// A domain's slug, name or id; every domain when absent.
    domain: Option<String>,
    /// Only attempts still waiting for their outcome.
    #[serde(default)]
    pending: bool,
}

#[utoipa::path(get, path = "/attempts", params(Filter), responses((status = 200, description = "Attempts, oldest first", body = [AttemptView]), (status = 400, description = "A malformed query string", body = ApiError), (status = 404, description = "No such domain", body = ApiError)))]
pub(super) async fn list<S: WebStore>(web: Web<S>, Params(filter): Params<Filter>) -> Api<Vec<AttemptView>> {
    let filter = AttemptFilter { domain: filter.domain, pending: filter.pending, ..AttemptFilter::default() };
    Ok(Json(web.app.attempts(filter).await.map_err(WebError::json)?))
}

/// A forecast before an attempt.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Plan {
    /// A challenge id or slug (`goal-slug/challenge-slug` when the slug is in several goals).
    challenge: String,
    confidence: Confidence,
    sleep_hours: Option<SleepHours>,
    energy: Option<Rating>,
    stress: Option<Rating>,
    /// When the forecast was made (RFC 3339 or a human form such as "1 hour ago"); now when absent.
    at: Option<String>,
}

#[utoipa::path(post, path = "/attempts", request_body = Plan, security(("csrf_token" = [])), responses((status = 201, description = "The planned attempt", body = AttemptView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError), (status = 404, description = "No such challenge", body = ApiError), (status = 409, description = "The reference matches several records, or the name repeats one; nothing stored", body = ApiError)))]
pub(super) async fn plan<S: WebStore>(web: Web<S>, Body(plan): Body<Plan>) -> Created<AttemptView> {
    let state = Feeling { sleep_hours: plan.sleep_hours, energy: plan.energy, stress: plan.stress };
    let input = PlanAttempt { challenge: plan.challenge, confidence: plan.confidence, state, at: plan.at };
    Ok(created(web.app.plan_attempt(input).await.map_err(WebError::json)?))
}

/// How a planned attempt went, and how the person explains it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RecordOutcome {
    outcome: Outcome,
    effort: Option<Rating>,
    /// What was done.
    did: Option<String>,
    /// The person's explanation, in their words.
    because: Option<String>,
    cause: Option<Cause>,
    locus: Option<Locus>,
    stability: Option<Stability>,
    control: Option<Control>,
    lesson: Option<String>,
    /// When the outcome happened (RFC 3339 or a human form); now when absent.
    at: Option<String>,
    /// After a failure or partial: what to do differently next time.
    next_time: Option<NextTimePlan>,
}

/// A plan for next time after a setback.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct NextTimePlan {
    /// What to do differently.
    next_time: String,
    /// "If <moment>, then I will <action>".
    if_then: String,
    /// The controllable cause it works on (effort, strategy or preparation); read from the words
    /// when absent.
    cause: Option<Cause>,
}

impl From<NextTimePlan> for NextTime {
    fn from(plan: NextTimePlan) -> Self {
        Self { next_time: plan.next_time, if_then: plan.if_then, cause: plan.cause }
    }
}

#[utoipa::path(post, path = "/attempts/{id}/outcome", request_body = RecordOutcome, params(("id" = String, Path, description = "An attempt id, or `last` for the latest pending one")), security(("csrf_token" = [])), responses((status = 200, description = "The attempt with its outcome", body = AttemptView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 404, description = "No such attempt", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn record<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Body(record): Body<RecordOutcome>,
) -> Api<AttemptView> {
    let input = RecordAttempt {
        outcome: record.outcome,
        effort: record.effort,
        did: record.did,
        because: record.because,
        cause: record.cause,
        locus: record.locus,
        stability: record.stability,
        control: record.control,
        lesson: record.lesson,
        at: record.at,
        next_time: record.next_time.map(NextTime::from),
    };
    Ok(Json(web.app.record_attempt(&id, input).await.map_err(WebError::json)?))
}

#[utoipa::path(post, path = "/attempts/{id}/next-time", request_body = NextTimePlan, params(("id" = String, Path, description = "An attempt id, or `last` for the latest failure or partial")), security(("csrf_token" = [])), responses((status = 200, description = "The attempt with its plan for next time", body = AttemptView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 404, description = "No such attempt", body = ApiError), (status = 422, description = "Invalid input, or the attempt was not a setback; nothing stored", body = ApiError)))]
pub(super) async fn next_time<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Body(plan): Body<NextTimePlan>,
) -> Api<AttemptView> {
    Ok(Json(web.app.reattribute(&id, plan.into()).await.map_err(WebError::json)?))
}

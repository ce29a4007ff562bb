//! Programs (the 30-day experiment and templates like it), goals reached, and celebrations: the
//! milestones of the cycle and what the person says produced them.

use axum::Json;
use axum::extract::Path;
use mastery_app::views::{CelebrationView, GoalView, ProgramReportView, ProgramView};
use mastery_app::{ProgramSource, StartProgram};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{Api, Body, Created, DomainFilter, Params, created};
use crate::error::{ApiError, WebError};
use crate::{Web, WebStore};

#[utoipa::path(get, path = "/programs", responses((status = 200, description = "Every program run, oldest first", body = [ProgramView])))]
pub(super) async fn list<S: WebStore>(web: Web<S>) -> Api<Vec<ProgramView>> {
    Ok(Json(web.app.programs().await.map_err(WebError::json)?))
}

/// A built-in program started in a domain; it sets the domain's practice plan.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Start {
    /// A built-in template's id: `30-day-experiment`.
    template: String,
    /// A domain's slug, name or id.
    domain: String,
    /// The first day (today or earlier, ISO 8601 or a human form); today when absent.
    starts_on: Option<String>,
    /// Replace the domain's own practice plan with the program's (default: keep it).
    #[serde(default)]
    replace_plan: bool,
}

#[utoipa::path(post, path = "/programs", request_body = Start, security(("csrf_token" = [])), responses((status = 201, description = "The program", body = ProgramView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 404, description = "No such template or domain", body = ApiError), (status = 422, description = "Invalid input, or a first day in the future; nothing stored", body = ApiError)))]
pub(super) async fn start<S: WebStore>(web: Web<S>, Body(start): Body<Start>) -> Created<ProgramView> {
    let input = StartProgram {
        template: ProgramSource::Builtin(start.template),
        domain: start.domain,
        at: start.starts_on,
        replace_plan: start.replace_plan,
    };
    Ok(created(web.app.start_program(input).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/programs/{program}", params(("program" = String, Path, description = "A program's id")), responses((status = 200, description = "Its measures before and during (or after), each with the records it comes from; reading it celebrates nothing", body = ProgramReportView), (status = 404, description = "No such program", body = ApiError)))]
pub(super) async fn report<S: WebStore>(web: Web<S>, Path(program): Path<String>) -> Api<ProgramReportView> {
    Ok(Json(web.app.program_report(Some(&program), false).await.map_err(WebError::json)?))
}

#[utoipa::path(post, path = "/programs/{program}/celebrate", params(("program" = String, Path, description = "A program's id")), security(("csrf_token" = [])), responses((status = 200, description = "The report, with the celebration a finished program earns the first time", body = ProgramReportView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 404, description = "No such program", body = ApiError)))]
pub(super) async fn celebrate<S: WebStore>(web: Web<S>, Path(program): Path<String>) -> Api<ProgramReportView> {
    Ok(Json(web.app.program_report(Some(&program), true).await.map_err(WebError::json)?))
}

#[utoipa::path(post, path = "/goals/{id}/done", params(("id" = String, Path, description = "A goal's id or slug")), security(("csrf_token" = [])), responses((status = 200, description = "The goal, reached, with its celebration the first time", body = GoalView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 404, description = "No such goal", body = ApiError)))]
pub(super) async fn goal_done<S: WebStore>(web: Web<S>, Path(goal): Path<String>) -> Api<GoalView> {
    Ok(Json(web.app.complete_goal(&goal).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/celebrations", params(DomainFilter), responses((status = 200, description = "Celebrations, newest first, each with what produced it once said", body = [CelebrationView]), (status = 400, description = "A malformed query string", body = ApiError), (status = 404, description = "No such domain", body = ApiError)))]
pub(super) async fn celebrations<S: WebStore>(
    web: Web<S>,
    Params(filter): Params<DomainFilter>,
) -> Api<Vec<CelebrationView>> {
    Ok(Json(web.app.celebrations(filter.domain.as_deref()).await.map_err(WebError::json)?))
}

/// What produced a celebrated milestone: the effort, the strategy, or both.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Reflection {
    effort: Option<String>,
    strategy: Option<String>,
}

#[utoipa::path(post, path = "/celebrations/{id}/reflection", request_body = Reflection, params(("id" = String, Path, description = "A celebration's id, or `last`")), security(("csrf_token" = [])), responses((status = 200, description = "The celebration with what produced it", body = CelebrationView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 404, description = "No such celebration", body = ApiError), (status = 422, description = "Neither effort nor strategy given; nothing stored", body = ApiError)))]
pub(super) async fn reflect<S: WebStore>(
    web: Web<S>,
    Path(id): Path<String>,
    Body(said): Body<Reflection>,
) -> Api<CelebrationView> {
    let view = web.app.reflect(&id, said.effort.as_deref(), said.strategy.as_deref()).await;
    Ok(Json(view.map_err(WebError::json)?))
}

//! Domains and what is read per domain: calibration, evidence, insights, the source mix,
//! attribution and audits.

use axum::Json;
use axum::extract::Path;
use mastery_app::NewAudit;
use mastery_app::NewDomain;
use mastery_app::views::{
    AttributionView, AuditHistoryView, AuditView, CalibrationView, DomainDetail, DomainView, EvidenceView, InsightView,
    SourceMixView,
};
use mastery_domain::audit::Every;
use mastery_domain::domain::LifeArea;
use mastery_domain::measure::Confidence;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{Api, Body, Created, created};
use crate::error::{ApiError, WebError};
use crate::{Web, WebStore};

#[utoipa::path(get, path = "/domains", responses((status = 200, description = "Domains in use, by name", body = [DomainView])))]
pub(super) async fn list<S: WebStore>(web: Web<S>) -> Api<Vec<DomainView>> {
    Ok(Json(web.app.domains(false).await.map_err(WebError::json)?))
}

/// A domain of capability.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct AddDomain {
    name: String,
    area: LifeArea,
    description: Option<String>,
}

#[utoipa::path(post, path = "/domains", request_body = AddDomain, security(("csrf_token" = [])), responses((status = 201, description = "The new domain", body = DomainView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 409, description = "A domain of that name exists", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn add<S: WebStore>(web: Web<S>, Body(domain): Body<AddDomain>) -> Created<DomainView> {
    let input = NewDomain { name: domain.name, area: domain.area, description: domain.description };
    Ok(created(web.app.add_domain(input).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/domains/{slug}", params(("slug" = String, Path, description = "A domain's slug, name or id")), responses((status = 200, description = "The domain with its goals and counts", body = DomainDetail), (status = 404, description = "No such domain", body = ApiError)))]
pub(super) async fn show<S: WebStore>(web: Web<S>, Path(slug): Path<String>) -> Api<DomainDetail> {
    Ok(Json(web.app.show_domain(&slug).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/domains/{slug}/calibration", params(("slug" = String, Path, description = "A domain's slug, name or id")), responses((status = 200, description = "Calibration scores and bins, the person's and the engine's", body = CalibrationView), (status = 404, description = "No such domain", body = ApiError)))]
pub(super) async fn calibration<S: WebStore>(web: Web<S>, Path(slug): Path<String>) -> Api<CalibrationView> {
    Ok(Json(web.app.calibration(Some(&slug), false).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/domains/{slug}/evidence", params(("slug" = String, Path, description = "A domain's slug, name or id")), responses((status = 200, description = "The evidence file, newest first", body = [EvidenceView]), (status = 404, description = "No such domain", body = ApiError)))]
pub(super) async fn evidence<S: WebStore>(web: Web<S>, Path(slug): Path<String>) -> Api<Vec<EvidenceView>> {
    Ok(Json(web.app.evidence(Some(&slug), usize::MAX).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/domains/{slug}/insights", params(("slug" = String, Path, description = "A domain's slug, name or id")), responses((status = 200, description = "What the records show, each with its size, interval and method", body = [InsightView]), (status = 404, description = "No such domain", body = ApiError)))]
pub(super) async fn insights<S: WebStore>(web: Web<S>, Path(slug): Path<String>) -> Api<Vec<InsightView>> {
    Ok(Json(web.app.insights(Some(&slug)).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/domains/{slug}/sources", params(("slug" = String, Path, description = "A domain's slug, name or id")), responses((status = 200, description = "The experiences of each source of efficacy, building or eroding, and the gaps", body = SourceMixView), (status = 404, description = "No such domain", body = ApiError)))]
pub(super) async fn sources<S: WebStore>(web: Web<S>, Path(slug): Path<String>) -> Api<SourceMixView> {
    Ok(Json(web.app.source_mix(Some(&slug)).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/domains/{slug}/attribution", params(("slug" = String, Path, description = "A domain's slug, name or id")), responses((status = 200, description = "How successes and failures were explained, overall and by month", body = AttributionView), (status = 404, description = "No such domain", body = ApiError)))]
pub(super) async fn attribution<S: WebStore>(web: Web<S>, Path(slug): Path<String>) -> Api<AttributionView> {
    Ok(Json(web.app.attribution(Some(&slug)).await.map_err(WebError::json)?))
}

#[utoipa::path(get, path = "/domains/{slug}/audits", params(("slug" = String, Path, description = "A domain's slug, name or id")), responses((status = 200, description = "The domain's audits, oldest first, with the change since the first", body = AuditHistoryView), (status = 404, description = "No such domain", body = ApiError)))]
pub(super) async fn audits<S: WebStore>(web: Web<S>, Path(slug): Path<String>) -> Api<AuditHistoryView> {
    Ok(Json(web.app.audit_history(&slug).await.map_err(WebError::json)?))
}

/// One audit: a rating for each item of the scale.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct TakeAudit {
    /// A scale id; absent: the scale of the domain's last audit, else the one written for the
    /// domain, else its life area's.
    scale: Option<String>,
    /// One rating per item, easy to hard, each 0–100 in steps of 10.
    answers: Vec<Confidence>,
    /// When it was taken (RFC 3339 or a human form); now when absent.
    at: Option<String>,
    /// The re-audit interval ("2 weeks", "1 month"); absent: the domain's last one, else monthly.
    #[schema(value_type = Option<String>)]
    every: Option<Every>,
}

#[utoipa::path(post, path = "/domains/{slug}/audits", request_body = TakeAudit, params(("slug" = String, Path, description = "A domain's slug, name or id")), security(("csrf_token" = [])), responses((status = 201, description = "The audit with its scores and how each was computed", body = AuditView), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 404, description = "No such domain or scale", body = ApiError), (status = 422, description = "Invalid input; nothing stored", body = ApiError)))]
pub(super) async fn take_audit<S: WebStore>(
    web: Web<S>,
    Path(domain): Path<String>,
    Body(audit): Body<TakeAudit>,
) -> Created<AuditView> {
    let input = NewAudit { domain, scale: audit.scale, answers: audit.answers, at: audit.at, every: audit.every };
    Ok(created(web.app.take_audit(input).await.map_err(WebError::json)?))
}

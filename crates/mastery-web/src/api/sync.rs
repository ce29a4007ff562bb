//! `POST /api/v1/sync`: the exchange a device makes with its server, described with its body in
//! the OpenAPI document. A push carries up to a thousand records, each up to the app's text
//! limits, so the route takes larger bodies than the others.

use axum::Json;
use axum::extract::DefaultBodyLimit;
use axum::routing::{MethodRouter, post};
use mastery_app::sync::wire::{SyncRequest, SyncResponse};

use super::{Api, Body};
use crate::error::{ApiError, WebError};
use crate::{Shared, Web, WebStore};

/// The largest sync request taken, in bytes.
const MAX_SYNC_BODY: usize = 64 * 1024 * 1024;

pub(super) fn route<S: WebStore>() -> MethodRouter<Shared<S>> {
    post(exchange::<S>).layer(DefaultBodyLimit::max(MAX_SYNC_BODY))
}

/// Sends the device's changes and asks for the server's: the server applies each change unless
/// it already holds a later one (the last writer wins per record; at a tie a deletion wins),
/// then answers a page of its changes past the device's cursor, parents first and deletions
/// last, leaving out the device's own. Repeating a request is harmless.
#[utoipa::path(post, path = "/sync", request_body = SyncRequest, security(("csrf_token" = [])), responses((status = 200, description = "The changes were applied; the page asked for", body = SyncResponse), (status = 401, description = "Not signed in", body = ApiError), (status = 403, description = "Missing token or foreign origin; nothing stored", body = ApiError), (status = 413, description = "The request is larger than 64 MiB; send fewer changes at a time", body = ApiError), (status = 422, description = "A malformed change or a batch too large; nothing stored", body = ApiError)))]
pub(super) async fn exchange<S: WebStore>(web: Web<S>, Body(request): Body<SyncRequest>) -> Api<SyncResponse> {
    Ok(Json(web.app.sync_exchange(&request).await.map_err(WebError::json)?))
}

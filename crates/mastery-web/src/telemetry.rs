//! What a server tells its operator: one log line per request with its id, route template,
//! status and time, and a readiness check that touches the database. The line names the route
//! (`/domains/{slug}`), never the path as sent, and no header, body, cookie or token, because
//! every one of those can carry a person's records or secrets.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, State};
use axum::http::{HeaderName, Request, Response, StatusCode};
use mastery_domain::ids::UserId;
use mastery_store::{Access, Transaction};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;

use crate::{Shared, WebStore};

/// The header that carries a request's id, set here when the proxy in front sent none.
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Wraps `router` with request ids and the log line of each request.
pub fn layer(router: Router) -> Router {
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request<Body>| {
            let route = request.extensions().get::<MatchedPath>().map_or("(no route)", MatchedPath::as_str);
            let id =
                request.extensions().get::<RequestId>().and_then(|id| id.header_value().to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", id = %id, method = %request.method(), route = %route)
        })
        .on_request(())
        .on_response(|response: &Response<Body>, latency: Duration, _span: &Span| {
            tracing::info!(status = response.status().as_u16(), ms = latency.as_secs_f64() * 1000.0, "answered");
        })
        .on_failure(());
    router
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(trace)
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// `GET /readyz`: 200 once the database answers, 503 while it does not, so a load balancer sends
/// people only to instances that can serve them.
pub async fn ready<S: WebStore>(State(site): State<Shared<S>>) -> (StatusCode, &'static str) {
    // A transaction for nobody reads nothing, but opening and ending one goes to the database.
    let touched = async {
        let tx = site.store.begin(UserId::from_uuid(uuid::Uuid::nil()), Access::Read).await?;
        tx.commit().await
    };
    match touched.await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "not ready: the database did not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "the database is not answering")
        }
    }
}

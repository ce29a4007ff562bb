//! Mastery in the browser: `mastery serve`. An axum router over the use cases in `mastery-app`,
//! rendering server-side HTML (maud, compile-time templates; CSS embedded) that works without
//! JavaScript, and the same use cases as JSON under `/api/v1`.
//!
//! Handlers are thin: parse the request, call one [`App`] method, render the view. Every request
//! first passes [`guard`], because any website the person visits can send requests to a server
//! on their own machine.

mod api;
mod cache;
mod chart;
mod error;
pub mod guard;
mod headers;
mod pages;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use mastery_app::App;
use mastery_store_sqlite::SqliteStore;

pub use guard::Guard;

/// What every handler shares: the app and the request guard (whose token forms carry).
#[derive(Debug)]
pub struct Web {
    app: App<SqliteStore>,
    guard: Guard,
    cache: cache::PageCache,
}

pub(crate) type Shared = Arc<Web>;

/// The whole site: pages, the JSON API and `/healthz`, behind the guard.
pub fn router(app: App<SqliteStore>, guard: Guard) -> Router {
    let web = Arc::new(Web { app, guard, cache: cache::PageCache::default() });
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .route("/healthz", get(|| async { "ok" }))
        .layer(axum::middleware::from_fn_with_state(web.clone(), cache::layer))
        .layer(axum::middleware::from_fn_with_state(web.clone(), guard::check))
        .layer(axum::middleware::from_fn(headers::secure))
        .with_state(web)
}

/// Serves `router` on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router).await
}

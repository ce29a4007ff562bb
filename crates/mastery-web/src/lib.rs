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
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::get;
use mastery_app::{App, Clock};
use mastery_domain::ids::UserId;
use mastery_store::Store;

pub use guard::Guard;

/// A store the site can serve: shared by every request (a pool behind a cheap clone).
pub trait WebStore: Store + Clone + 'static {}

impl<T: Store + Clone + 'static> WebStore for T {}

/// What every request shares: the store, the clock, who may come in, and the page cache.
#[derive(Debug)]
pub struct Site<S> {
    store: S,
    clock: Arc<dyn Clock>,
    guard: Guard,
    cache: cache::PageCache,
    /// The one person a local site serves.
    local_user: UserId,
}

pub(crate) type Shared<S> = Arc<Site<S>>;

/// Who a request acts for, decided by the guard before any handler runs, and the token that
/// their forms and state-changing calls must carry.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    user: UserId,
    token: String,
}

/// What a handler works with: the app acting for the request's user, and the token its forms
/// carry. Made afresh for each request, so a handler cannot reach anyone else's records.
#[derive(Debug)]
pub struct Web<S: Store> {
    app: App<S>,
    token: String,
}

impl<S: Store> Web<S> {
    /// The token this person's forms send back.
    pub fn token(&self) -> &str {
        &self.token
    }
}

impl<S: WebStore> FromRequestParts<Shared<S>> for Web<S> {
    type Rejection = error::WebError;

    async fn from_request_parts(parts: &mut Parts, site: &Shared<S>) -> Result<Self, Self::Rejection> {
        let api = parts.uri.path().starts_with("/api/");
        let Some(caller) = parts.extensions.get::<Caller>().cloned() else {
            return Err(error::WebError::unauthenticated(api));
        };
        let app = App::for_user(site.store.clone(), Arc::clone(&site.clock), caller.user);
        Ok(Self { app, token: caller.token })
    }
}

/// The whole local site for `app`'s person: pages, the JSON API and `/healthz`, behind the guard.
pub fn router<S: WebStore>(app: App<S>, guard: Guard) -> Router {
    let site = Arc::new(Site {
        local_user: app.user(),
        clock: app.clock(),
        store: app.store().clone(),
        guard,
        cache: cache::PageCache::default(),
    });
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .route("/healthz", get(|| async { "ok" }))
        .layer(axum::middleware::from_fn_with_state(site.clone(), cache::layer::<S>))
        .layer(axum::middleware::from_fn_with_state(site.clone(), guard::check::<S>))
        .layer(axum::middleware::from_fn(headers::secure))
        .with_state(site)
}

/// Serves `router` on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router).await
}

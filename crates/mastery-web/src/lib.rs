//! Mastery in the browser: `mastery serve` (one person, on their own machine) and `mastery server`
//! (many people, signed in, on a shared database). An axum router over the use cases in
//! `mastery-app`, rendering server-side HTML (maud, compile-time templates; CSS embedded) that
//! works without JavaScript, and the same use cases as JSON under `/api/v1`.
//!
//! Handlers are thin: parse the request, call one [`App`] method, render the view. Every request
//! first passes [`guard`], which refuses what another site could forge and decides who the
//! request acts for; the handler then gets an `App` made for that person alone ([`Web`]).

mod api;
mod auth;
mod cache;
mod chart;
mod error;
pub mod guard;
mod headers;
mod layout;
pub mod mail;
mod multipart;
mod pages;
mod serve;
mod server;
mod telemetry;

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::get;
use mastery_app::sharing::Sharing;
use mastery_app::{App, AppError, Clock};
use mastery_domain::ids::UserId;
use mastery_store::{AccountStore, SharingStore, Store};

pub use guard::Guard;
pub use mail::{SmtpMailer, SmtpSetupError};
pub use pages::data::MAX_UPLOAD;
pub use serve::{Limits, serve as serve_with};
pub use server::ServerConfig;

/// A store the site can serve: shared by every request (a pool behind a cheap clone), with the
/// accounts a server signs people in with and what they share.
pub trait WebStore: Store + AccountStore + SharingStore + Clone + 'static {}

impl<T: Store + AccountStore + SharingStore + Clone + 'static> WebStore for T {}

/// What every request shares: the store, the clock, who may come in, and the page cache.
#[derive(Debug)]
pub struct Site<S: WebStore> {
    store: S,
    clock: Arc<dyn Clock>,
    guard: Guard,
    cache: cache::PageCache,
    /// Uploaded exports waiting for the person's confirmation.
    uploads: pages::data::Uploads,
    mode: Mode<S>,
}

/// One person on their own machine, or many signed in.
#[derive(Debug)]
pub(crate) enum Mode<S: WebStore> {
    Local { user: UserId },
    Server(Box<server::Server<S>>),
}

pub(crate) type Shared<S> = Arc<Site<S>>;

/// Who a request acts for, decided by the guard before any handler runs.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    user: UserId,
    /// The token their forms and state-changing calls must carry; none for a bearer token.
    token: Option<String>,
    /// The session cookie's secret, to end that session on sign-out.
    session: Option<String>,
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

/// What a sharing handler works with: the server's sharing use cases, who is signed in, and the
/// token their forms carry. Sharing acts across people, so it needs a server: on the local app
/// the extractor answers 404.
pub(crate) struct Me<S: WebStore> {
    pub sharing: Sharing<S>,
    pub user: UserId,
    pub token: String,
}

impl<S: WebStore> FromRequestParts<Shared<S>> for Me<S> {
    type Rejection = error::WebError;

    async fn from_request_parts(parts: &mut Parts, site: &Shared<S>) -> Result<Self, Self::Rejection> {
        let api = parts.uri.path().starts_with("/api/");
        let Some(caller) = parts.extensions.get::<Caller>() else {
            return Err(error::WebError::unauthenticated(api));
        };
        let Mode::Server(server) = &site.mode else {
            let error = AppError::NotFound {
                entity: "page",
                reference: "sharing".to_owned(),
                hint: "sharing needs a server: `mastery server`".to_owned(),
            };
            return Err(if api { error::WebError::json(error) } else { error::WebError::html(error) });
        };
        Ok(Self { sharing: server.sharing.clone(), user: caller.user, token: caller.token.clone().unwrap_or_default() })
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
        Ok(Self { app, token: caller.token.unwrap_or_default() })
    }
}

/// The whole local site for `app`'s person: pages, the JSON API and `/healthz`, behind the guard.
pub fn router<S: WebStore>(app: App<S>, guard: Guard) -> Router {
    let site = Site {
        mode: Mode::Local { user: app.user() },
        clock: app.clock(),
        store: app.store().clone(),
        guard,
        cache: cache::PageCache::default(),
        uploads: pages::data::Uploads::default(),
    };
    site_routes(Arc::new(site), Router::new())
}

/// The site for many people on `store`, bound to `bind` and reached at the configured public
/// URL: the local app's pages and API behind sign-in, the account pages and calls, a readiness
/// check that touches the database, and a log line per request (never its contents).
pub fn server_router<S: WebStore>(
    store: S,
    clock: Arc<dyn Clock>,
    bind: std::net::SocketAddr,
    config: &ServerConfig,
) -> Result<Router, String> {
    let (server, host) = server::Server::new(store.clone(), Arc::clone(&clock), config)?;
    let site = Site {
        mode: Mode::Server(Box::new(server)),
        clock,
        store,
        guard: Guard::for_address(bind).also(&host),
        cache: cache::PageCache::default(),
        uploads: pages::data::Uploads::default(),
    };
    let site = Arc::new(site);
    let extra = Router::new()
        .merge(auth::pages::routes())
        .merge(pages::sharing::routes())
        .nest("/api/v1/auth", auth::api::routes())
        .merge(api::sharing::routes())
        .route("/readyz", get(telemetry::ready::<S>));
    Ok(telemetry::layer(site_routes(site, extra)))
}

fn site_routes<S: WebStore>(site: Shared<S>, extra: Router<Shared<S>>) -> Router {
    Router::new()
        .merge(pages::routes())
        .merge(extra)
        .nest("/api/v1", api::routes())
        .route("/healthz", get(|| async { "ok" }))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(site.clone(), cache::layer::<S>))
        .layer(axum::middleware::from_fn_with_state(site.clone(), guard::check::<S>))
        .layer(axum::middleware::from_fn(headers::secure))
        .with_state(site)
}

/// A path no route takes. Under `/api/` it is a JSON refusal like every other of the API (the
/// document declares `ApiError` for each 404, and on the local app the routes that need a server,
/// sharing and accounts, are not there); elsewhere a bare 404.
async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    if !uri.path().starts_with("/api/") {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    }
    let error = AppError::NotFound {
        entity: "API call",
        reference: uri.path().to_owned(),
        hint: "the calls are listed at /api/v1/openapi.json (sharing and accounts only on `mastery server`)".to_owned(),
    };
    error::WebError::json(error).into_response()
}

/// Serves `router` on `listener` until `shutdown` completes, then finishes the requests under
/// way; with the default [`Limits`].
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve::serve(listener, router, Limits::default(), shutdown).await
}

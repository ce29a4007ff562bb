//! Rendered pages, kept until the store changes. Rendering Today or a domain page runs a dozen
//! queries and a few analyses; under many concurrent requests that work, not the network, sets
//! the latency. A page is served again from memory while three things stay the same: SQLite's
//! `data_version` (which moves when another process, such as a `mastery` command, commits), the
//! count of this server's own writes (the version does not move for those), and the local date
//! (Today depends on it). The version is read at most every 200 ms, so a command run in a
//! terminal shows in the browser within that.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use jiff::civil::Date;

use crate::{Caller, Shared, WebStore};

/// How long a reading of `data_version` stands: another process's write shows within this, the
/// server's own writes at once. Without it every request would queue for the store's connection.
const RECHECK: Duration = Duration::from_millis(200);

/// Pages bigger than this are not kept.
const MAX_PAGE: usize = 1 << 20;

/// What a cached page depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Version {
    data: i64,
    writes: u64,
    day: Date,
}

#[derive(Debug)]
struct Cached {
    version: Version,
    content_type: HeaderValue,
    body: Bytes,
}

/// The rendered pages and the count of this server's writes.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: Mutex<HashMap<String, Cached>>,
    writes: AtomicU64,
    /// The last `data_version` read, and when.
    checked: Mutex<Option<(Instant, i64)>>,
}

/// Only the pages read most, without query strings: Today, the domains and a domain's page.
fn cacheable(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == Method::GET
        && request.uri().query().is_none()
        && (path == "/" || path == "/domains" || (path.starts_with("/domains/") && path.matches('/').count() == 2))
}

/// The middleware: serves a kept page when nothing it depends on changed, keeps fresh ones.
pub async fn layer<S: WebStore>(State(site): State<Shared<S>>, request: Request, next: Next) -> Response {
    let cache = &site.cache;
    if request.method() != Method::GET && request.method() != Method::HEAD {
        // Counted before and after, so a page rendered while the write runs is never kept as
        // current.
        cache.writes.fetch_add(1, Ordering::SeqCst);
        let response = next.run(request).await;
        cache.writes.fetch_add(1, Ordering::SeqCst);
        return response;
    }
    if !cacheable(&request) {
        return next.run(request).await;
    }
    let Some(data) = cache.data_version(&site.store).await else {
        return next.run(request).await;
    };
    let version = Version { data, writes: cache.writes.load(Ordering::SeqCst), day: jiff::Zoned::now().date() };
    let Some(caller) = request.extensions().get::<Caller>() else {
        return next.run(request).await;
    };
    let key = format!("{}{}", caller.user, request.uri().path());
    if let Some(hit) = cache.lookup(&key, version) {
        return hit;
    }
    let response = next.run(request).await;
    cache.keep(key, version, response).await
}

impl PageCache {
    /// The store's data version, read again once the last reading is older than [`RECHECK`].
    async fn data_version<S: WebStore>(&self, store: &S) -> Option<i64> {
        let recent = self.checked.lock().ok().and_then(|c| *c).filter(|(at, _)| at.elapsed() < RECHECK);
        if let Some((_, version)) = recent {
            return Some(version);
        }
        let version = store.data_version().await.ok().flatten()?;
        if let Ok(mut checked) = self.checked.lock() {
            *checked = Some((Instant::now(), version));
        }
        Some(version)
    }

    fn lookup(&self, key: &str, version: Version) -> Option<Response> {
        let pages = self.pages.lock().ok()?;
        let page = pages.get(key).filter(|p| p.version == version)?;
        Some(page_response(page.content_type.clone(), page.body.clone()))
    }

    async fn keep(&self, key: String, version: Version, response: Response) -> Response {
        let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
        let (Some(content_type), StatusCode::OK) = (content_type, response.status()) else {
            return response;
        };
        let (parts, body) = response.into_parts();
        let Ok(body) = to_bytes(body, MAX_PAGE).await else {
            return Response::from_parts(parts, Body::empty());
        };
        if let Ok(mut pages) = self.pages.lock() {
            pages.insert(key, Cached { version, content_type, body: body.clone() });
        }
        Response::from_parts(parts, Body::from(body))
    }
}

fn page_response(content_type: HeaderValue, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    response.headers_mut().insert(header::CONTENT_TYPE, content_type);
    response
}

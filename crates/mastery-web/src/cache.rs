//! Rendered pages, kept until the store changes. Rendering Today or a domain page runs a dozen
//! queries and a few analyses; under many concurrent requests that work, not the network, sets
//! the latency. A page is served again from memory while three things stay the same: SQLite's
//! `data_version` (which moves when another process, such as a `mastery` command, commits), the
//! count of this server's own writes (the version does not move for those), and the local date
//! (Today depends on it). The version is read at most every 200 ms, so a command run in a
//! terminal shows in the browser within that.
//!
//! The cache is bounded: pages of an older version are dropped when a newer one is kept, a page
//! over 1 MiB passes through uncached, and when the pages kept would take more than 16 MiB the
//! oldest go first. A domain page answers to its id, name and slug in any case, so the same page
//! can be asked for under any number of spellings; each is kept under its own, within the bound.

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

/// What the kept pages may take in all.
const BUDGET: usize = 16 << 20;

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
    /// When it was kept, in the order of keeping: the smallest goes first when room is needed.
    kept: u64,
}

/// The kept pages by user and path, and the bytes their bodies take.
#[derive(Debug, Default)]
struct Pages {
    by_key: HashMap<String, Cached>,
    bytes: usize,
    kept: u64,
}

impl Pages {
    fn insert(&mut self, key: String, version: Version, content_type: HeaderValue, body: Bytes) {
        // Pages of another version can never be served again.
        self.by_key.retain(|_, page| page.version == version);
        self.by_key.remove(&key);
        self.bytes = self.by_key.values().map(|page| page.body.len()).sum();
        while self.bytes + body.len() > BUDGET {
            let Some(oldest) = self.by_key.iter().min_by_key(|(_, page)| page.kept).map(|(key, _)| key.clone()) else {
                break;
            };
            if let Some(page) = self.by_key.remove(&oldest) {
                self.bytes -= page.body.len();
            }
        }
        self.kept += 1;
        self.bytes += body.len();
        self.by_key.insert(key, Cached { version, content_type, body, kept: self.kept });
    }
}

/// The rendered pages and the count of this server's writes.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: Mutex<Pages>,
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
        let page = pages.by_key.get(key).filter(|p| p.version == version)?;
        Some(page_response(page.content_type.clone(), page.body.clone()))
    }

    async fn keep(&self, key: String, version: Version, response: Response) -> Response {
        let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
        let (Some(content_type), StatusCode::OK) = (content_type, response.status()) else {
            return response;
        };
        let (parts, body) = response.into_parts();
        // A rendered page is in memory already, so reading it whole costs nothing more; a body
        // that fails to read is an error the client sees as a cut-off response either way.
        let Ok(body) = to_bytes(body, usize::MAX).await else {
            return Response::from_parts(parts, Body::empty());
        };
        if body.len() <= MAX_PAGE
            && let Ok(mut pages) = self.pages.lock()
        {
            pages.insert(key, version, content_type, body.clone());
        }
        Response::from_parts(parts, Body::from(body))
    }
}

fn page_response(content_type: HeaderValue, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    response.headers_mut().insert(header::CONTENT_TYPE, content_type);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(data: i64) -> Version {
        Version { data, writes: 0, day: jiff::civil::date(2026, 12, 6) }
    }

    fn page(bytes: usize) -> Response {
        let mut response = Response::new(Body::from(vec![b'x'; bytes]));
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        response
    }

    async fn body_len(response: Response) -> usize {
        to_bytes(response.into_body(), usize::MAX).await.unwrap().len()
    }

    #[tokio::test]
    async fn two_thousand_spellings_of_a_page_stay_within_the_budget() {
        let cache = PageCache::default();
        for n in 0..2_000 {
            let kept = cache.keep(format!("user/domains/Public-Speaking-{n}"), version(1), page(20_000)).await;
            assert_eq!(body_len(kept).await, 20_000, "every answer whole");
        }
        let pages = cache.pages.lock().unwrap();
        assert!(pages.bytes <= BUDGET, "{} bytes kept", pages.bytes);
        assert_eq!(pages.by_key.len(), BUDGET / 20_000, "as many as fit");
        assert!(pages.by_key.contains_key("user/domains/Public-Speaking-1999"), "the newest stays");
        assert!(!pages.by_key.contains_key("user/domains/Public-Speaking-0"), "the oldest went first");
    }

    #[tokio::test]
    async fn a_page_over_a_mebibyte_arrives_whole_and_is_not_kept() {
        let cache = PageCache::default();
        let big = cache.keep("user/domains/big".into(), version(1), page(3 << 20)).await;
        assert_eq!(body_len(big).await, 3 << 20);
        assert!(cache.lookup("user/domains/big", version(1)).is_none());
    }

    #[tokio::test]
    async fn a_new_version_drops_the_pages_of_the_old() {
        let cache = PageCache::default();
        cache.keep("user/".into(), version(1), page(100)).await;
        cache.keep("user/domains".into(), version(2), page(100)).await;
        let pages = cache.pages.lock().unwrap();
        assert_eq!(pages.by_key.keys().collect::<Vec<_>>(), ["user/domains"], "only the current version");
        assert_eq!(pages.bytes, 100);
    }
}

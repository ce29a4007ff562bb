//! Local safety. A server on 127.0.0.1 is reachable from any web page the person has open: a
//! page can POST a form to it (cross-site request forgery) or, after pointing its own domain
//! name at 127.0.0.1, read its pages (DNS rebinding). So every request must name the bound
//! loopback address in its Host header, and every state-changing request must carry this
//! process's secret token and must not come from a foreign Origin. Refusals are 403 and run no
//! handler, so nothing changes; under `/api/` they are `{"error": ...}` like the API's others.

use std::net::SocketAddr;

use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::{Caller, Shared, WebStore};

/// The form field and the header that carry the token.
pub const TOKEN_FIELD: &str = "csrf";
pub const TOKEN_HEADER: &str = "x-csrf-token";

/// The largest form body read to find the token.
const MAX_FORM: usize = 64 * 1024;

/// The names this server answers to and the token state-changing requests must carry.
#[derive(Debug, Clone)]
pub struct Guard {
    hosts: Vec<String>,
    token: String,
}

impl Guard {
    /// The guard for a server bound to `addr`: on loopback it answers to `localhost` as well as
    /// the address; elsewhere only to the address. The token is fresh and random.
    pub fn for_address(addr: SocketAddr) -> Self {
        let port = addr.port();
        let mut hosts = vec![match addr {
            SocketAddr::V4(v4) => format!("{}:{port}", v4.ip()),
            SocketAddr::V6(v6) => format!("[{}]:{port}", v6.ip()),
        }];
        if addr.ip().is_loopback() {
            hosts.push(format!("localhost:{port}"));
        }
        Self { hosts, token: uuid::Uuid::new_v4().simple().to_string() }
    }

    /// The secret that forms and API clients send back.
    pub fn token(&self) -> &str {
        &self.token
    }

    fn known_host(&self, headers: &HeaderMap) -> Option<&str> {
        let host = headers.get(header::HOST)?.to_str().ok()?;
        self.hosts.iter().find(|h| h.eq_ignore_ascii_case(host)).map(String::as_str)
    }

    /// Compares without stopping at the first difference, so timing does not reveal the token.
    fn is_token(&self, candidate: &[u8]) -> bool {
        candidate.len() == self.token.len()
            && candidate.iter().zip(self.token.as_bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

/// The middleware: refuses a foreign Host, then a state-changing request with a foreign Origin
/// or without the token.
pub async fn check<S: WebStore>(State(site): State<Shared<S>>, mut request: Request, next: Next) -> Response {
    let guard = &site.guard;
    let api = request.uri().path().starts_with("/api/");
    let refuse = |why| refuse(why, api);
    let Some(host) = guard.known_host(request.headers()) else {
        return refuse("this server only answers to its own loopback address");
    };
    let caller = Caller { user: site.local_user, token: guard.token.clone() };
    request.extensions_mut().insert(caller);
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    if let Some(origin) = request.headers().get(header::ORIGIN)
        && origin.to_str().ok() != Some(format!("http://{host}").as_str())
    {
        return refuse("a request from another site was refused");
    }
    if request.headers().get(TOKEN_HEADER).is_some_and(|t| guard.is_token(t.as_bytes())) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM).await else {
        return refuse("the form was too large or unreadable");
    };
    let carries_token = bytes
        .split(|b| *b == b'&')
        .filter_map(|pair| pair.strip_prefix(TOKEN_FIELD.as_bytes())?.strip_prefix(b"="))
        .any(|value| guard.is_token(value));
    if !carries_token {
        return refuse("the form's security token was missing or stale; reload the page and try again");
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// The 403: JSON for a call to the API, a line of text otherwise.
fn refuse(why: &'static str, api: bool) -> Response {
    if api {
        (StatusCode::FORBIDDEN, Json(ApiError { error: format!("{why}.") })).into_response()
    } else {
        (StatusCode::FORBIDDEN, format!("Forbidden: {why}.")).into_response()
    }
}

//! Who may come in, checked before any handler runs. A server on 127.0.0.1 is reachable from any
//! web page the person has open: a page can POST a form to it (cross-site request forgery) or,
//! after pointing its own domain name at 127.0.0.1, read its pages (DNS rebinding). So every
//! request must name this server in its Host header, and every state-changing request must carry
//! its person's secret token and must not come from a foreign Origin. Refusals are 403 and run no
//! handler, so nothing changes; under `/api/` they are `{"error": ...}` like the API's others.
//!
//! The guard also decides who a request acts for (its `Caller`): on the local app, its one person,
//! whose token is this process's; on a server, the person a bearer token or session cookie names,
//! whose token is their session's (a bearer token needs none: no browser sends it on its own).
//! On a server, a request from nobody reaches only the sign-in and sign-up pages and calls, and
//! the page an invitation link opens: the rest answer 401 (the API) or lead to the sign-in page.

use std::net::SocketAddr;

use axum::Json;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use futures_util::StreamExt;
use mastery_domain::text::MAX_TEXT;
use subtle::ConstantTimeEq;

use crate::error::ApiError;
use crate::error::{Format, WebError};
use crate::layout::{CHROME, Chrome, TOKEN_FIELD};
use crate::{Caller, Mode, Shared, WebStore};

/// The header that carries the token (the form field is `layout::TOKEN_FIELD`).
pub const TOKEN_HEADER: &str = "x-csrf-token";

/// The largest form body read to find the token: a form of several texts, each as long as the
/// app takes ([`MAX_TEXT`] characters) in any script — four bytes a character at most, each
/// byte percent-encoded in three — with room for the other fields.
const MAX_FORM: usize = 4 * MAX_TEXT * 4 * 3 + 64 * 1024;

/// The names this server answers to, the origin its forms come from, and the local app's token.
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

    /// Also answers to `host` (a server's public name).
    pub fn also(mut self, host: &str) -> Self {
        if !self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            self.hosts.push(host.to_owned());
        }
        self
    }

    /// The secret that the local app's forms and API clients send back.
    pub fn token(&self) -> &str {
        &self.token
    }

    fn known_host(&self, headers: &HeaderMap) -> Option<&str> {
        let host = headers.get(header::HOST)?.to_str().ok()?;
        self.hosts.iter().find(|h| h.eq_ignore_ascii_case(host)).map(String::as_str)
    }
}

/// Compares without stopping at the first difference, so timing does not reveal the token.
fn same_secret(candidate: &[u8], token: &str) -> bool {
    candidate.ct_eq(token.as_bytes()).into()
}

/// Paths a server answers without a signed-in person. An invitation link's page is one of them
/// when read (`safe`): someone without an account opens it first, and it offers the way in and
/// back; accepting it (`/invitations/{token}/accept`) needs the person signed in.
fn is_public(path: &str, safe: bool) -> bool {
    matches!(path, "/signin" | "/signup" | "/style.css" | "/healthz" | "/readyz" | "/help-now" | "/api/v1/openapi.json")
        || path.starts_with("/api/v1/auth/signup")
        || path.starts_with("/api/v1/auth/login")
        || (safe && is_invitation_page(path))
}

/// `/invitations/{token}`, the page an invitation link opens.
fn is_invitation_page(path: &str) -> bool {
    path.strip_prefix("/invitations/").is_some_and(|token| !token.is_empty() && !token.contains('/'))
}

/// The middleware: refuses a foreign Host, names the caller, then refuses a state-changing
/// request with a foreign Origin or without the caller's token.
pub async fn check<S: WebStore>(State(site): State<Shared<S>>, mut request: Request, next: Next) -> Response {
    let guard = &site.guard;
    let path = request.uri().path().to_owned();
    let api = path.starts_with("/api/");
    let refuse = |why| refuse(why, api);
    let Some(host) = guard.known_host(request.headers()) else {
        return refuse("this server only answers to its own address");
    };
    let origin = match &site.mode {
        Mode::Local { .. } => format!("http://{host}"),
        Mode::Server(server) => server.origin.clone(),
    };
    let caller = match &site.mode {
        Mode::Local { user } => Some(Caller { user: *user, token: Some(guard.token.clone()), session: None }),
        Mode::Server(server) => match server.caller(request.headers()).await {
            Ok(caller) => caller,
            Err(error) => {
                return WebError { error, format: if api { Format::Json } else { Format::Html } }.into_response();
            }
        },
    };
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let chrome = match (&site.mode, &caller) {
        (Mode::Local { .. }, _) => Chrome::Local,
        (Mode::Server(_), None) => Chrome::SignedOut,
        (Mode::Server(server), Some(caller)) => {
            // The menu's count of unread notifications: only a page read in a browser shows it.
            let page = safe && !api && caller.session.is_some();
            let unread = match page {
                true => server.sharing.unread_notifications(caller.user).await.unwrap_or(0),
                false => 0,
            };
            Chrome::SignedIn { token: caller.token.clone().unwrap_or_default(), unread }
        }
    };
    let next = |request| CHROME.scope(chrome, next.run(request));
    // Signing in and up needs no session (and makes a new one), so it needs no session's token;
    // the Origin check still keeps other sites from submitting it.
    if matches!(site.mode, Mode::Server(_)) && is_public(&path, safe) {
        if !safe && foreign(&request, &origin) {
            return refuse("a request from another site was refused");
        }
        if let Some(caller) = caller {
            request.extensions_mut().insert(caller);
        }
        return next(request).await;
    }
    let Some(caller) = caller else {
        return unauthenticated(api, safe, request.uri());
    };
    request.extensions_mut().insert(caller.clone());
    if safe {
        return next(request).await;
    }
    if foreign(&request, &origin) {
        return refuse("a request from another site was refused");
    }
    // A bearer token travels only when a program sends it, never on a browser's own: no token.
    let Some(token) = caller.token else {
        return next(request).await;
    };
    if request.headers().get(TOKEN_HEADER).is_some_and(|t| same_secret(t.as_bytes(), &token)) {
        return next(request).await;
    }
    if let Some(boundary) = crate::multipart::boundary(request.headers()) {
        let (parts, body) = request.into_parts();
        return match multipart_token(body, &boundary, &token).await {
            Some(body) => next(Request::from_parts(parts, body)).await,
            None => refuse("the form's security token was missing or stale; reload the page and try again"),
        };
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM).await else {
        return refuse("the form was too large or unreadable");
    };
    let carries_token = bytes
        .split(|b| *b == b'&')
        .filter_map(|pair| pair.strip_prefix(TOKEN_FIELD.as_bytes())?.strip_prefix(b"="))
        .any(|value| same_secret(value, &token));
    if !carries_token {
        return refuse("the form's security token was missing or stale; reload the page and try again");
    }
    next(Request::from_parts(parts, Body::from(bytes))).await
}

/// A form that uploads a file (`multipart/form-data`) carries the token as its first part: the
/// hidden field comes first in the form, and browsers send the fields in order. That part alone
/// is read and checked here; the body (the file) then goes on to the handler as it streams, so
/// the guard never holds an upload, and one without the token is refused before it is read.
/// `None` when the first part is not the caller's token, or not whole within [`MAX_FORM`].
async fn multipart_token(body: Body, boundary: &str, token: &str) -> Option<Body> {
    let mut stream = body.into_data_stream();
    let mut head = Vec::new();
    loop {
        if let Some((part, _)) = crate::multipart::part_at(&head, boundary, 0) {
            if part.name == TOKEN_FIELD && same_secret(part.data, token) {
                break;
            }
            return None;
        }
        if head.len() > MAX_FORM {
            return None;
        }
        head.extend_from_slice(&stream.next().await?.ok()?);
    }
    let read = futures_util::stream::once(std::future::ready(Ok::<Bytes, axum::Error>(Bytes::from(head))));
    Some(Body::from_stream(read.chain(stream)))
}

/// True when the request names an Origin other than this site's.
fn foreign(request: &Request, origin: &str) -> bool {
    request.headers().get(header::ORIGIN).is_some_and(|o| o.to_str().ok() != Some(origin))
}

/// A request from nobody: 401 for the API, the sign-in page (and back) for a page.
fn unauthenticated(api: bool, safe: bool, uri: &axum::http::Uri) -> Response {
    if api {
        return (
            StatusCode::UNAUTHORIZED,
            Json(ApiError {
                error: "sign in first: send a session cookie or an `Authorization: Bearer` token".to_owned(),
            }),
        )
            .into_response();
    }
    if safe {
        let then = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let query: String = url_encode(then);
        return Redirect::to(&format!("/signin?then={query}")).into_response();
    }
    (StatusCode::UNAUTHORIZED, "Sign in first.").into_response()
}

/// Percent-encodes everything but unreserved characters.
fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The 403: JSON for a call to the API, a line of text otherwise.
fn refuse(why: &'static str, api: bool) -> Response {
    if api {
        (StatusCode::FORBIDDEN, Json(ApiError { error: format!("{why}.") })).into_response()
    } else {
        (StatusCode::FORBIDDEN, format!("Forbidden: {why}.")).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_reading_an_invitation_page_needs_no_session() {
        assert!(is_public("/invitations/0a1b2c", true));
        for (path, safe) in [
            ("/invitations/0a1b2c", false),
            ("/invitations/0a1b2c/accept", true),
            ("/invitations/0a1b2c/accept", false),
            ("/invitations/", true),
            ("/shared/0a1b2c", true),
        ] {
            assert!(!is_public(path, safe), "{path} safe={safe}");
        }
    }
}

//! Headers on every response that keep a local, personal app local and personal in the browser.
//! The CSRF token stops another site from posting to this server, but not from showing one of its
//! pages in a frame and luring a click ("I reached this goal"), so no page may be framed. The
//! pages need no script and load nothing from elsewhere, so the content policy allows only this
//! server's stylesheet and forms. Pages hold personal records, so the browser keeps none of them
//! on disk and sends no address along when a link leaves the site (`same-origin`, not
//! `no-referrer`: under the latter a browser posts forms with `Origin: null`, which the guard
//! must refuse).

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The content policy: nothing but this server's stylesheet, images and form targets.
pub const CONTENT_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The stylesheet's address, with the version so a new release is never styled by an old copy.
pub const STYLESHEET: &str = concat!("/style.css?v=", env!("CARGO_PKG_VERSION"));

/// How long a browser may keep the stylesheet: a day; its address changes with each release.
const STYLESHEET_CACHE: &str = "public, max-age=86400";

pub async fn secure(request: Request, next: Next) -> Response {
    let stylesheet = request.uri().path() == "/style.css";
    let mut response = next.run(request).await;
    let cache = if stylesheet { STYLESHEET_CACHE } else { "no-store" };
    let fixed: [(HeaderName, &'static str); 5] = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_POLICY),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, cache),
    ];
    let headers = response.headers_mut();
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

//! Accounts on a server: signing up and in, sessions, API tokens, invitations and deleting an
//! account, as JSON calls (`api`) and as pages (`pages`). Only `mastery server` mounts them; the
//! rules (password policy, hashing, throttling, expiry) are the app's, in `mastery_app::accounts`.

pub mod api;
pub mod pages;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use mastery_app::AppError;

use crate::error::{Format, WebError};
use crate::server::Server;
use crate::{Mode, Site, WebStore};

/// The server half of the site; the local app has no accounts, so its routes never reach here.
fn server<S: WebStore>(site: &Site<S>, format: Format) -> Result<&Server<S>, WebError> {
    match &site.mode {
        Mode::Server(server) => Ok(server),
        Mode::Local { .. } => Err(WebError {
            error: AppError::NotFound {
                entity: "page",
                reference: "accounts".to_owned(),
                hint: "the local app has no accounts".to_owned(),
            },
            format,
        }),
    }
}

/// Sets `cookie` on `response`.
fn with_cookie(mut response: Response, cookie: axum::http::HeaderValue) -> Response {
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}

/// A 204 that also sets `cookie`.
fn no_content_with(cookie: axum::http::HeaderValue) -> Response {
    with_cookie(StatusCode::NO_CONTENT.into_response(), cookie)
}

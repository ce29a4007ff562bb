//! The web layer's one error type. It maps the app's error to an HTTP status once, for pages and
//! the API alike; a failure of the system (5xx) is logged on stderr and never shown, because its
//! text may name files or internals.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mastery_app::AppError;
use serde::Serialize;

use crate::layout;

/// How the error is rendered: as a page, or as JSON for the API.
#[derive(Debug, Clone, Copy)]
pub enum Format {
    Html,
    Json,
}

/// The body of every refusal from the API.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiError {
    /// What was wrong, in words meant for the person.
    pub error: String,
}

#[derive(Debug)]
pub struct WebError {
    pub error: AppError,
    pub format: Format,
}

impl WebError {
    pub fn html(error: AppError) -> Self {
        Self { error, format: Format::Html }
    }

    pub fn json(error: AppError) -> Self {
        Self { error, format: Format::Json }
    }

    /// A request that reached a handler without a signed-in person.
    pub fn unauthenticated(api: bool) -> Self {
        let format = if api { Format::Json } else { Format::Html };
        Self { error: AppError::Unauthorized("sign in first"), format }
    }
}

/// The status for an app error.
pub fn status(error: &AppError) -> StatusCode {
    match error {
        AppError::Invalid(_) | AppError::Refused { .. } | AppError::BadFile { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::NotFound { .. } => StatusCode::NOT_FOUND,
        AppError::Ambiguous { .. } | AppError::Conflict { .. } => StatusCode::CONFLICT,
        AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
        AppError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Store(_) | AppError::Internal(_) | AppError::Write(_) => StatusCode::INTERNAL_SERVER_ERROR,
        AppError::Remote(_) => StatusCode::BAD_GATEWAY,
    }
}

/// What the person is told: the app's message for their own mistakes, a generic line otherwise.
pub fn message(error: &AppError) -> String {
    if error.is_usage() {
        error.to_string()
    } else {
        "Something went wrong on this machine; nothing was changed. The details are in the server's log.".to_owned()
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = status(&self.error);
        if status.is_server_error() {
            tracing::error!(error = %self.error, "a request failed");
        }
        let text = message(&self.error);
        let mut response = match self.format {
            Format::Json => (status, Json(ApiError { error: text })).into_response(),
            Format::Html => (status, layout::error_page(status, &text)).into_response(),
        };
        if let AppError::Throttled { retry_after_secs } = self.error {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;
    use mastery_store::StoreError;

    use super::*;

    async fn body(error: WebError) -> (StatusCode, String) {
        let response = error.into_response();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn a_failure_of_the_system_is_a_500_that_names_nothing_internal() {
        for format in [Format::Html, Format::Json] {
            let error = AppError::Store(StoreError::Corrupt("/home/someone/.local/share/mastery.db row 7".into()));
            let (status, text) = body(WebError { error, format }).await;
            assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
            assert!(!text.contains("/home/someone") && text.contains("nothing was changed"), "{text}");
        }
    }

    #[tokio::test]
    async fn the_persons_own_mistake_keeps_the_apps_message() {
        let error = AppError::refused("that goal has no rungs yet");
        let (status, text) = body(WebError::json(error)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(text, r#"{"error":"that goal has no rungs yet"}"#);
    }
}

//! Errors of the server and their one JSON shape on the wire: `{"error": "..."}` with the
//! matching status. The client's mistakes (400, 404, 401/403, 413, 429) say what was wrong;
//! internal failures (500) are logged in full and answered with a generic message, so store
//! paths and SQL never reach a client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// A failure to start or run the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot open the store {path}: {source}")]
    Store {
        path: String,
        #[source]
        source: khabar_store::StoreError,
    },
    #[error("cannot listen on {bind}: {source}")]
    Bind {
        bind: String,
        #[source]
        source: std::io::Error,
    },
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// An error answer of the API.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("missing Authorization: Bearer token")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("too many requests")]
    TooManyRequests,
    #[error("server busy, try again")]
    Busy,
    #[error("internal error")]
    Internal(String),
    /// A request an extractor refused (malformed JSON, body too large), with its status.
    #[error("{1}")]
    Rejected(StatusCode, String),
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Rejected(status, _) => *status,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error answering a request");
        }
        let msg = self.to_string();
        (self.status(), Json(ErrorBody { error: &msg })).into_response()
    }
}

impl From<khabar_store::StoreError> for ApiError {
    fn from(e: khabar_store::StoreError) -> Self {
        match e {
            khabar_store::StoreError::InvalidInput { .. } => ApiError::BadRequest(e.to_string()),
            khabar_store::StoreError::Locked(_) => ApiError::Busy,
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// The JSON error of a status without a more specific message (unknown route, body too large).
pub fn status_error(status: StatusCode, msg: &str) -> Response {
    (status, Json(ErrorBody { error: msg })).into_response()
}

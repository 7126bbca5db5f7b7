//! The web page and the OpenAPI document, embedded in the binary with `include_str!` so the
//! server needs no files at run time and the page needs no build step and no network.
//!
//! It deliberately serves only these fixed assets: there is no directory serving, so no path
//! from a request ever reaches the file system.

use axum::http::header;
use axum::response::IntoResponse;

pub const INDEX_HTML: &str = include_str!("../static/index.html");
pub const APP_JS: &str = include_str!("../static/app.js");
pub const STYLE_CSS: &str = include_str!("../static/style.css");
/// The hand-written OpenAPI 3 description of the API.
pub const OPENAPI_JSON: &str = include_str!("../static/openapi.json");

const NO_CACHE: &str = "no-cache";

pub async fn index() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, NO_CACHE),
        ],
        INDEX_HTML,
    )
}

pub async fn app_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, NO_CACHE),
        ],
        APP_JS,
    )
}

pub async fn style_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, NO_CACHE),
        ],
        STYLE_CSS,
    )
}

pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON)
}

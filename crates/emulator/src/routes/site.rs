//! The single-page app: files from `--dist`, history-routing fallback to
//! `index.html`, the generated `/config.json`, and the security headers.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;
use tower_http::services::{ServeDir, ServeFile};

use crate::routes::graph::request_host;
use crate::routes::is_graph_path;
use crate::state::AppState;

/// The Content-Security-Policy of DESIGN.md, with Graph same-origin (`connect-src 'self'`).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// `GET /config.json`: the app's runtime configuration, pointing it at this
/// emulator in token mode (generated, never read from `--dist`).
pub async fn config_json(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let host = request_host(&headers, &uri, &state);
    let options = state.options();
    let body = json!({
        "cloud": "global",
        "graphBaseUrl": format!("http://{host}"),
        "apiVersion": options.api_version,
        "auth": { "mode": "token", "token": options.token },
    });
    let mut response = (StatusCode::OK, body.to_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Files of `dist`, any unknown path answered with `dist/index.html` (200).
pub fn serve_dist(dist: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dist)
        .append_index_html_on_directories(true)
        .fallback(ServeFile::new(dist.join("index.html")))
}

/// Without `--dist`: a short page at `/`, 404 elsewhere.
pub async fn no_dist(uri: Uri) -> Response {
    if uri.path() == "/" {
        Html(
            "<!doctype html><meta charset=\"utf-8\"><title>syncdeck-emulator</title>\
             <p>syncdeck-emulator is running. Graph is at <code>/v1.0</code> and <code>/beta</code>; \
             start it with <code>--dist &lt;dir&gt;</code> to serve the app.</p>",
        )
        .into_response()
    } else {
        (StatusCode::NOT_FOUND, "not found (no --dist given)").into_response()
    }
}

/// Middleware: the security headers on every non-Graph response, and
/// `Cache-Control: no-cache` on HTML (so a new build is picked up at once).
pub async fn site_headers(req: Request, next: Next) -> Response {
    if is_graph_path(req.uri().path()) {
        return next.run(req).await;
    }
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if is_html {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

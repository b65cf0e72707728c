//! The single-page app: files from `--dist`, history-routing fallback to
//! `index.html`, the generated `/config.json`, and the security headers.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;
use tower_http::services::{ServeDir, ServeFile};

use crate::routes::graph::request_host;
use crate::routes::is_graph_path;
use crate::state::AppState;

/// The app's Content-Security-Policy (`crates/graph/src/csp.rs`, explained in
/// `docs/deploy.md`), with Graph same-origin (`connect-src 'self'`).
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

/// Whether the file name of `path` carries a 16-hex-digit content hash the
/// way trunk writes them (`app-0123456789abcdef.js`, `app-0123456789abcdef_bg.wasm`).
/// trunk writes the hash as hex without leading zeros, so it can be shorter than 16 digits:
/// `name-<12 to 16 hex>` followed by `.` or `_` (as in `app-<hash>_bg.wasm`).
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.match_indices('-').any(|(i, _)| {
        let rest = &name[i + 1..];
        let hex = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
            .count();
        (12..=16).contains(&hex) && matches!(rest.as_bytes().get(hex), Some(b'.' | b'_'))
    })
}

/// Whether `path` is the MSAL redirect bridge page.
pub fn is_redirect_page(path: &str) -> bool {
    path.rsplit('/').next() == Some("redirect.html")
}

/// Middleware on every non-Graph response: the security headers (CSP,
/// nosniff, no-referrer) and caching:
///
/// - `redirect.html` (MSAL v5's redirect bridge): `Cache-Control: no-store`
///   and never a `Cross-Origin-Opener-Policy` (the bridge talks to its opener);
/// - other HTML (`index.html`, the history fallback): `no-cache` and
///   `Cross-Origin-Opener-Policy: same-origin`;
/// - hashed assets: `public, max-age=31536000, immutable`;
/// - `config.json`: `no-cache` (set by its handler).
pub async fn site_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if is_graph_path(&path) {
        return next.run(req).await;
    }
    let mut response = next.run(req).await;
    let ok = response.status().is_success();
    let headers = response.headers_mut();
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    let coop = HeaderName::from_static("cross-origin-opener-policy");
    if is_redirect_page(&path) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.remove(&coop);
    } else if is_html {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert(coop, HeaderValue::from_static("same-origin"));
    } else if ok && is_hashed_asset(&path) {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    let policy = state
        .options()
        .content_security_policy
        .as_deref()
        .and_then(|p| HeaderValue::from_str(p).ok())
        .unwrap_or(HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_asset_names() {
        assert!(is_hashed_asset("/syncdeck-0123456789abcdef.js"));
        assert!(is_hashed_asset("/syncdeck-0123456789abcdef_bg.wasm"));
        assert!(is_hashed_asset("/a/style-fedcba9876543210.css"));
        assert!(!is_hashed_asset("/app-1a2b.js"));
        assert!(!is_hashed_asset("/app-0123456789ABCDEF.js"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(is_redirect_page("/redirect.html"));
        assert!(!is_redirect_page("/redirect.htm"));
    }
}

#[cfg(test)]
mod hashed_asset_tests {
    use super::is_hashed_asset;

    #[test]
    fn trunk_hashes_with_or_without_leading_zeros() {
        assert!(is_hashed_asset("/syncdeck-0123456789abcdef_bg.wasm"));
        assert!(is_hashed_asset("/layout-8ee63ab8e2fe89f.css")); // 15 digits: a leading zero dropped
        assert!(is_hashed_asset("/boot-f6b1a95f77b35fe0.js"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/config.json"));
        assert!(!is_hashed_asset("/app-abc.js"));
        assert!(!is_hashed_asset("/app-0123456789abcdef0.js")); // 17 digits
    }
}

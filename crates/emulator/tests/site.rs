//! Serving the app: config.json, history-routing fallback, security headers,
//! MIME types; and the line between the app and Graph.

mod common;

use std::fs;

use axum::http::StatusCode;
use common::*;
use syncdeck_emulator::{AppState, Options, app};

const INDEX: &str =
    "<!doctype html><title>syncdeck</title><script type=\"module\" src=\"/app-1a2b.js\"></script>";
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

fn app_with_dist() -> (axum::Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("index.html"), INDEX).unwrap();
    fs::write(dir.path().join("app-1a2b.js"), "export {};").unwrap();
    fs::write(dir.path().join("app-1a2b_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let state = AppState::new(Options {
        dist: Some(dir.path().to_path_buf()),
        ..options()
    });
    (app(state), dir)
}

fn assert_security_headers(r: &Resp) {
    assert_eq!(r.header("content-security-policy"), Some(CSP));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
}

#[tokio::test]
async fn config_json_points_the_app_at_this_emulator_in_token_mode() {
    let (app, _dir) = app_with_dist();
    let r = plain_get(&app, "/config.json").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    assert_security_headers(&r);
    assert_eq!(
        r.json(),
        serde_json::json!({
            "cloud": "global",
            "graphBaseUrl": "http://127.0.0.1:8080",
            "apiVersion": "v1.0",
            "auth": { "mode": "token", "token": "syncdeck-demo-token" }
        })
    );
}

#[tokio::test]
async fn config_json_follows_the_host_header_and_token() {
    let state = AppState::new(Options {
        token: "other-token".into(),
        api_version: "beta".into(),
        ..options()
    });
    let app = app(state);
    let req = axum::http::Request::get("/config.json")
        .header("host", "localhost:9999")
        .body(axum::body::Body::empty())
        .unwrap();
    let body = send(&app, req).await.json();
    assert_eq!(body["graphBaseUrl"], "http://localhost:9999");
    assert_eq!(body["apiVersion"], "beta");
    assert_eq!(body["auth"]["token"], "other-token");
}

#[tokio::test]
async fn index_html_is_served_no_cache_with_security_headers() {
    let (app, _dir) = app_with_dist();
    for path in ["/", "/index.html"] {
        let r = plain_get(&app, path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.text(), INDEX);
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        assert_eq!(r.header("cache-control"), Some("no-cache"));
        assert_security_headers(&r);
    }
}

#[tokio::test]
async fn spa_routes_fall_back_to_index_html_not_graph() {
    let (app, _dir) = app_with_dist();
    for path in [
        "/servicePrincipals/x",
        "/servicePrincipals/x/jobs/SfSandboxOutDelta.e4bbf44533ea4eabb17027f3a92e92aa",
        "/v1.0x",
    ] {
        let r = plain_get(&app, path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.text(), INDEX, "{path}");
        assert_eq!(r.header("cache-control"), Some("no-cache"));
        assert_security_headers(&r);
        assert!(r.header("request-id").is_none(), "not a Graph response");
    }
}

#[tokio::test]
async fn graph_paths_never_fall_back_to_the_app() {
    let (app, _dir) = app_with_dist();
    let r = graph_get(&app, "/v1.0/nope").await;
    assert_envelope(&r, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    assert!(!r.text().contains("<!doctype"));
    assert!(r.header("content-security-policy").is_none());
    // The bare version roots are Graph too.
    for path in ["/v1.0", "/v1.0/", "/beta/"] {
        let r = graph_get(&app, path).await;
        assert_envelope(&r, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    }
    // Without a token a Graph path is a 401, not the app either.
    let r = plain_get(&app, "/beta/nope").await;
    assert_envelope(&r, StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken");
}

#[tokio::test]
async fn assets_have_their_mime_types() {
    let (app, _dir) = app_with_dist();
    let r = plain_get(&app, "/app-1a2b_bg.wasm").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("application/wasm"));
    assert_eq!(&r.body[..4], b"\0asm");
    assert_security_headers(&r);
    let r = plain_get(&app, "/app-1a2b.js").await;
    assert!(r.header("content-type").unwrap().contains("javascript"));
}

#[tokio::test]
async fn without_dist_the_root_explains_and_other_paths_are_404() {
    let (app, _) = test_app();
    let r = plain_get(&app, "/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("--dist"));
    let r = plain_get(&app, "/servicePrincipals/x").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // config.json is generated, so it works without a dist.
    assert_eq!(plain_get(&app, "/config.json").await.status, StatusCode::OK);
}

#[tokio::test]
async fn health_is_ok_without_a_token() {
    let (app, _) = test_app();
    let r = plain_get(&app, "/_emulator/health").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text(), "ok");
}

#[tokio::test]
async fn a_given_content_security_policy_replaces_the_emulators_own() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("index.html"), INDEX).unwrap();
    let policy =
        "default-src 'self'; connect-src 'self' http://127.0.0.1:9 https://graph.microsoft.com";
    let app = app(AppState::new(Options {
        dist: Some(dir.path().to_path_buf()),
        content_security_policy: Some(policy.to_string()),
        ..options()
    }));
    for path in ["/", "/redirect.html", "/servicePrincipals/x"] {
        let r = plain_get(&app, path).await;
        assert_eq!(r.header("content-security-policy"), Some(policy), "{path}");
    }
    // Graph answers carry no page policy.
    let r = plain_get(&app, "/v1.0/servicePrincipals").await;
    assert_eq!(r.header("content-security-policy"), None);
}

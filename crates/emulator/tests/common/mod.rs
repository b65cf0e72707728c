//! Helpers shared by the integration tests: an app with a pinned clock, and
//! one-shot requests without sockets.
#![allow(dead_code)]

use axum::Router;
use axum::body::{Body, Bytes, to_bytes};
use axum::http::{HeaderMap, Request, StatusCode};
use serde_json::Value;
use syncdeck_emulator::{AppState, GraphTime, Options, app};
use tower::ServiceExt;

/// The pinned "now" of the tests' demo tenant.
pub const NOW: &str = "2026-11-22T21:03:11.1234567Z";
/// The token the tests' emulator accepts.
pub const TOKEN: &str = syncdeck_emulator::DEFAULT_TOKEN;
/// The Host header every test request carries.
pub const HOST: &str = "127.0.0.1:8080";

pub fn options() -> Options {
    Options {
        now: Some(GraphTime::parse(NOW).unwrap()),
        ..Options::default()
    }
}

pub fn state() -> AppState {
    AppState::new(options())
}

pub fn test_app() -> (Router, AppState) {
    let state = state();
    (app(state.clone()), state)
}

/// A response with its body read.
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Resp {
    let response = app.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    Resp {
        status,
        headers,
        body,
    }
}

/// A request builder with the Host header set.
pub fn request(method: &str, uri: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(uri)
        .header("host", HOST)
}

/// An authorized Graph GET.
pub async fn graph_get(app: &Router, uri: &str) -> Resp {
    let req = request("GET", uri)
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap();
    send(app, req).await
}

/// An unauthenticated GET (site, admin endpoints).
pub async fn plain_get(app: &Router, uri: &str) -> Resp {
    send(app, request("GET", uri).body(Body::empty()).unwrap()).await
}

/// Every service principal, via one 999-item page.
pub async fn all_service_principals(app: &Router) -> Vec<Value> {
    let r = graph_get(app, "/v1.0/servicePrincipals?$top=999").await;
    assert_eq!(r.status, StatusCode::OK);
    r.json()["value"].as_array().unwrap().clone()
}

/// The object id of the service principal named `name`.
pub async fn sp_id(app: &Router, name: &str) -> String {
    all_service_principals(app)
        .await
        .iter()
        .find(|sp| sp["displayName"] == name)
        .unwrap_or_else(|| panic!("no service principal named {name}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The jobs of the service principal named `name`.
pub async fn jobs_of(app: &Router, name: &str) -> Vec<Value> {
    let id = sp_id(app, name).await;
    let r = graph_get(
        app,
        &format!("/v1.0/servicePrincipals/{id}/synchronization/jobs"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()["value"].as_array().unwrap().clone()
}

/// Asserts `body` is Graph's error envelope with `code`, and returns the inner error.
pub fn assert_envelope(r: &Resp, status: StatusCode, code: &str) -> Value {
    assert_eq!(r.status, status, "{}", r.text());
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json"),
        "error content type"
    );
    let body = r.json();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].is_string());
    let inner = body["error"]["innerError"].clone();
    let request_id = inner["request-id"].as_str().unwrap();
    assert_eq!(request_id.len(), 36, "request-id is a GUID");
    assert_eq!(r.header("request-id"), Some(request_id));
    assert_eq!(
        r.header("client-request-id"),
        inner["client-request-id"].as_str()
    );
    let date = inner["date"].as_str().unwrap();
    assert!(
        date.len() == 19 && date.starts_with("2026-11-22T21:03:"),
        "innerError.date {date}"
    );
    inner
}

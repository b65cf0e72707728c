//! `POST /$batch` (<https://learn.microsoft.com/en-us/graph/json-batching>): at most 20 requests with unique ids; a
//! request with a body needs a `Content-Type` header (else the whole batch is a
//! 400); each sub-request goes through the whole emulator (request log marked
//! with the batch, bearer check with the outer request's token, faults,
//! throttling, 404s) and is answered on its own; the outer response is 200
//! with the sub-responses in an order shuffled deterministically (by `--seed`
//! and the batch's ids). Sub-requests run concurrently; `dependsOn` is
//! accepted and ignored. A sub-request is never dropped (a dropped-connection
//! fault only hits top-level requests). Nested `$batch` is refused (400).
//!
//! With `--rate-limit` (see [`crate::budget`]) the sub-requests take the
//! token's budget one by one in request order, when the batch is read and
//! before any of them runs, each one that the token's scopes allow (one
//! refused 403 for its scopes takes nothing, as a top-level request); those
//! over the budget are 429 sub-responses with their own `Retry-After`, the
//! envelope stays 200.

use std::collections::HashSet;

use axum::Extension;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, header};
use axum::response::Response;
use serde_json::{Map, Value, json};
use tower::ServiceExt;

use crate::budget::Budget;
use crate::ids::stable_u64;
use crate::odata::{GraphError, ok_json};
use crate::oidc::Caller;
use crate::reqlog::{BatchMark, BatchRef};
use crate::rng::Rng;
use crate::routes::graph::GraphCtx;
use crate::routes::pipeline::{RequestIds, bearer, permitted};
use crate::state::{AppState, Stats};

/// Most requests in one batch.
pub const MAX_REQUESTS: usize = 20;

/// A parsed sub-request.
struct Item {
    id: String,
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<Value>,
}

fn bad(message: impl Into<String>) -> GraphError {
    GraphError::sync_bad_request(message)
}

fn parse(body: &Bytes) -> Result<Vec<Item>, GraphError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| bad("Invalid batch payload format: the body is not JSON."))?;
    let requests = value
        .get("requests")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("Invalid batch payload format: 'requests' must be an array."))?;
    if requests.is_empty() {
        return Err(bad("Invalid batch payload format: 'requests' is empty."));
    }
    if requests.len() > MAX_REQUESTS {
        return Err(bad(format!(
            "Number of batch requests {} exceeds the limit of {MAX_REQUESTS}.",
            requests.len()
        )));
    }
    let mut ids = HashSet::new();
    let mut items = Vec::new();
    for r in requests {
        let id = match r.get("id") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err(bad("Every batch request needs an 'id'.")),
        };
        if !ids.insert(id.clone()) {
            return Err(bad(format!(
                "Batch request ids must be unique: '{id}' appears more than once."
            )));
        }
        let method = r
            .get("method")
            .and_then(Value::as_str)
            .and_then(|m| Method::from_bytes(m.to_ascii_uppercase().as_bytes()).ok())
            .ok_or_else(|| bad(format!("Batch request '{id}' needs a 'method'.")))?;
        let url = r
            .get("url")
            .and_then(Value::as_str)
            .filter(|u| !u.is_empty())
            .ok_or_else(|| bad(format!("Batch request '{id}' needs a relative 'url'.")))?;
        if url.contains("://") {
            return Err(bad(format!(
                "Batch request '{id}': the url must be relative to the version (e.g. /servicePrincipals), not '{url}'."
            )));
        }
        let mut headers = Vec::new();
        if let Some(h) = r.get("headers") {
            let Value::Object(map) = h else {
                return Err(bad(format!(
                    "Batch request '{id}': 'headers' must be an object."
                )));
            };
            for (k, v) in map {
                let v = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                headers.push((k.clone(), v));
            }
        }
        let body = r.get("body").filter(|b| !b.is_null()).cloned();
        if body.is_some()
            && !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            return Err(bad(format!(
                "Batch request '{id}' has a body but no Content-Type header; a Content-Type header is required for a request with a body."
            )));
        }
        items.push(Item {
            id,
            method,
            url: url.to_string(),
            headers,
            body,
        });
    }
    Ok(items)
}

/// `Title-Case` of a lower-case header name (`retry-after` → `Retry-After`).
fn title_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut c = part.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

async fn answer(response: Response) -> (u16, Map<String, Value>, Option<Value>) {
    let status = response.status().as_u16();
    let mut headers = Map::new();
    for (name, value) in response.headers() {
        let n = name.as_str();
        if n.starts_with("access-control-") || matches!(n, "vary" | "content-length" | "date") {
            continue;
        }
        if let Ok(v) = value.to_str() {
            headers.insert(title_case(n), json!(v));
        }
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    let bytes = to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap_or_default();
    let body = if bytes.is_empty() {
        None
    } else if is_json {
        Some(
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned())),
        )
    } else {
        Some(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    (status, headers, body)
}

/// `POST /{version}/$batch`.
pub async fn batch(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Extension(ids): Extension<RequestIds>,
    nested: Option<Extension<BatchMark>>,
    caller: Option<Extension<Caller>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, GraphError> {
    if nested.is_some() {
        return Err(bad(
            "A batch request cannot contain another $batch request.",
        ));
    }
    let items = parse(&body)?;
    Stats::bump(&state.stats().batches);
    let router = crate::routes::router(state.clone());
    let rate_limit = state.faults().rate_limit;
    let token = bearer(&headers).unwrap_or_default();
    let mut tasks = Vec::new();
    for item in items {
        Stats::bump(&state.stats().batch_requests);
        let url = if item.url.starts_with('/') {
            item.url.clone()
        } else {
            format!("/{}", item.url)
        };
        let mut builder = Request::builder()
            .method(item.method.clone())
            .uri(format!("/{}{url}", ctx.version));
        for (k, v) in &item.headers {
            // The outer request's token and host win over a sub-request's own.
            if k.eq_ignore_ascii_case("authorization") || k.eq_ignore_ascii_case("host") {
                continue;
            }
            if let (Ok(k), Ok(v)) = (HeaderName::try_from(k.as_str()), HeaderValue::from_str(v)) {
                builder = builder.header(k, v);
            }
        }
        for name in [header::AUTHORIZATION, header::HOST, header::ORIGIN] {
            if let Some(v) = headers.get(&name) {
                builder = builder.header(name, v.clone());
            }
        }
        let body = match &item.body {
            None => Body::empty(),
            Some(Value::String(s)) => Body::from(s.clone()),
            Some(v) => Body::from(v.to_string()),
        };
        let mut request = builder
            .extension(BatchMark(BatchRef {
                id: ids.request_id.clone(),
                request_id: item.id.clone(),
            }))
            .body(body);
        // The budget, in request order; not for a request that never reaches the
        // pipeline (it could not be built) or that its scopes refuse there.
        if let Ok(r) = &mut request
            && caller
                .as_ref()
                .is_none_or(|Extension(c)| permitted(c, r.method(), r.uri().path()))
        {
            let taken = state.take_budget(token, rate_limit);
            r.extensions_mut().insert(Budget(taken));
        }
        let router = router.clone();
        let id = item.id.clone();
        tasks.push(tokio::spawn(async move {
            let response = match request {
                Ok(r) => router.oneshot(r).await.unwrap_or_else(|e| match e {}),
                Err(_) => axum::response::IntoResponse::into_response(bad(
                    "The batch request could not be built (bad url or header).",
                )),
            };
            (id, answer(response).await)
        }));
    }
    let mut responses = Vec::new();
    for task in tasks {
        let (id, (status, headers, body)) = task
            .await
            .map_err(|_| GraphError::for_status(axum::http::StatusCode::INTERNAL_SERVER_ERROR))?;
        let mut r = Map::new();
        r.insert("id".into(), json!(id));
        r.insert("status".into(), json!(status));
        r.insert("headers".into(), Value::Object(headers));
        if let Some(body) = body {
            r.insert("body".into(), body);
        }
        responses.push(Value::Object(r));
    }
    let order_key: String = responses
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\u{1f}");
    Rng::new(state.options().seed ^ stable_u64(&order_key)).shuffle(&mut responses);
    let mut response = ok_json(json!({ "responses": responses }));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

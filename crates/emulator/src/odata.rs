//! OData/Graph envelopes: the error body, collection bodies, content types.
//!
//! Handlers return [`GraphError`]; the Graph pipeline
//! ([`crate::routes::pipeline`]) turns it into Graph's error envelope with the
//! request's `request-id`, `client-request-id` and date, so every error body is
//! rendered in one place.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// `Content-Type` of Graph's successful JSON responses.
pub const ODATA_JSON: &str = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
/// `Content-Type` of Graph's error responses.
pub const ERROR_JSON: &str = "application/json";

/// A Graph error: HTTP status, `error.code` and `error.message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphError {
    /// HTTP status.
    pub status: StatusCode,
    /// `error.code`, e.g. `Request_ResourceNotFound`.
    pub code: String,
    /// `error.message`.
    pub message: String,
    /// `Retry-After` seconds (429 and 503).
    pub retry_after: Option<u64>,
}

/// Response extension: a deliberately non-Graph error body (the HTML 502
/// fault) that the pipeline must pass through untouched.
#[derive(Clone, Copy, Debug)]
pub struct RawError;

impl GraphError {
    /// An error with the given status, code and message.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        GraphError {
            status,
            code: code.to_string(),
            message: message.into(),
            retry_after: None,
        }
    }

    /// 400 `BadRequest` (the sync backend's code, where directory endpoints say `Request_BadRequest`).
    pub fn sync_bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BadRequest", message)
    }

    /// 429 `TooManyRequests` with `Retry-After: seconds`.
    pub fn throttled(seconds: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequests",
            "Please retry again later.",
        );
        e.retry_after = Some(seconds.max(1));
        e
    }

    /// 403 `Authorization_RequestDenied`.
    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
        )
    }

    /// 400 `Request_BadRequest`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "Request_BadRequest", message)
    }

    /// 404 `Request_ResourceNotFound` for a directory object (service principal).
    pub fn resource_not_found(id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            format!(
                "Resource '{id}' does not exist or one of its queried reference-property objects are not present."
            ),
        )
    }

    /// 404 for a path no Graph route matches.
    pub fn unknown_segment(segment: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            format!("Resource not found for the segment '{segment}'."),
        )
    }

    /// 401 `InvalidAuthenticationToken`.
    pub fn unauthenticated(message: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            message,
        )
    }

    /// The generic error Graph gives for a bare status (used when a non-Graph
    /// layer, such as axum's method router, answered an error without a body).
    pub fn for_status(status: StatusCode) -> Self {
        match status {
            StatusCode::METHOD_NOT_ALLOWED => Self::new(
                status,
                "Request_BadRequest",
                "Specified HTTP method is not allowed for the request target.",
            ),
            StatusCode::NOT_FOUND => {
                Self::new(status, "Request_ResourceNotFound", "Resource not found.")
            }
            StatusCode::PAYLOAD_TOO_LARGE => Self::new(
                status,
                "RequestEntityTooLarge",
                "The request body is too large.",
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                Self::new(status, "Request_BadRequest", "Unsupported content type.")
            }
            s if s.is_client_error() => Self::bad_request("The request is invalid."),
            _ => Self::new(status, "UnknownError", ""),
        }
    }

    /// Graph's envelope:
    /// `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
    pub fn envelope(&self, date: &str, request_id: &str, client_request_id: &str) -> Value {
        let mut inner = Map::new();
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            inner.insert("code".into(), json!("429"));
            inner.insert("message".into(), json!("Please retry after"));
            inner.insert("status".into(), json!("429"));
        }
        inner.insert("date".into(), json!(date));
        inner.insert("request-id".into(), json!(request_id));
        inner.insert("client-request-id".into(), json!(client_request_id));
        json!({
            "error": {
                "code": self.code,
                "message": self.message,
                "innerError": inner,
            }
        })
    }
}

impl IntoResponse for GraphError {
    /// A response carrying this error as an extension; the Graph pipeline
    /// renders the body. Outside the pipeline a body without ids is rendered.
    fn into_response(self) -> Response {
        let body = self.envelope("", "", "").to_string();
        let mut response = (self.status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(ERROR_JSON));
        response.extensions_mut().insert(self);
        response
    }
}

/// A 204 No Content response.
pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// A response with `status` and Graph's OData JSON content type.
pub fn json_status(status: StatusCode, body: Value) -> Response {
    let mut response = ok_json(body);
    *response.status_mut() = status;
    response
}

/// A 200 response with Graph's OData JSON content type.
pub fn ok_json(body: Value) -> Response {
    let mut response = (StatusCode::OK, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ODATA_JSON));
    response
}

/// A collection body: `{"@odata.context": context, "value": [...]}` plus extras
/// (`@odata.count`, `@odata.nextLink`) inserted in Graph's order.
pub fn collection(
    context: &str,
    count: Option<usize>,
    value: Vec<Value>,
    next_link: Option<String>,
) -> Value {
    let mut map = Map::new();
    map.insert("@odata.context".into(), Value::String(context.to_string()));
    if let Some(count) = count {
        map.insert("@odata.count".into(), json!(count));
    }
    if let Some(next) = next_link {
        map.insert("@odata.nextLink".into(), Value::String(next));
    }
    map.insert("value".into(), Value::Array(value));
    Value::Object(map)
}

/// An entity body: the object with `@odata.context` first.
pub fn entity(context: &str, object: Map<String, Value>) -> Value {
    let mut map = Map::new();
    map.insert("@odata.context".into(), Value::String(context.to_string()));
    map.extend(object);
    Value::Object(map)
}

/// A 200 answer of `object` as an entity of `context` ([`entity`]); a 500 when `object` is not
/// a JSON object.
pub fn ok_entity(context: &str, object: Value) -> Result<Response, GraphError> {
    let Value::Object(object) = object else {
        return Err(GraphError::for_status(StatusCode::INTERNAL_SERVER_ERROR));
    };
    Ok(ok_json(entity(context, object)))
}

//! The JSON `$batch` codec (<https://learn.microsoft.com/graph/json-batching>).
//!
//! A batch is `POST /$batch` with `{"requests":[{"id","method","url",
//! "headers"?,"body"?}]}`: at most 20 requests, unique ids, `url` relative to
//! the version root (no `/v1.0`), and a `headers` object with `Content-Type`
//! whenever a `body` is present. The answer is `200` with
//! `{"responses":[{"id","status","headers","body"}]}` in *any* order, each
//! sub-request with its own status: match them back by id
//! ([`match_responses`]) and look at each one. Sub-responses are throttled
//! one by one, and their `Retry-After` sits in the JSON body, where CORS
//! cannot hide it ([`BatchItemResponse::retry_after_secs`]).

use serde::{Deserialize, Deserializer, de::Error as _};
use serde_json::{Map, Value};

use crate::error::GraphError;
use crate::hints::Operation;
use crate::parse::{ParseError, parse_as};
use crate::request::{GraphRequest, Method, find_header};
use crate::retry::retry_after_delta_secs;

/// The most requests Graph accepts in one batch.
pub const MAX_BATCH_REQUESTS: usize = 20;

/// Why a batch could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    /// No requests: Graph rejects an empty batch.
    #[error("a batch needs at least one request")]
    Empty,
    /// More than [`MAX_BATCH_REQUESTS`] requests.
    #[error("a batch holds at most {MAX_BATCH_REQUESTS} requests, not {count}")]
    TooMany {
        /// How many were given.
        count: usize,
    },
    /// Two requests share an id (Graph would reject the whole batch).
    #[error("two requests of the batch have the id {0:?}")]
    DuplicateId(String),
    /// A request id is empty or only white space.
    #[error("a request of the batch has a blank id")]
    BlankId,
    /// A `$batch` inside a batch.
    #[error("the request {0:?} is itself a batch; batches do not nest")]
    Nested(String),
}

/// A valid batch: 1 to 20 requests with unique, non-blank ids.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRequest {
    items: Vec<(String, GraphRequest)>,
}

impl BatchRequest {
    /// Checks and wraps `items` (id, request), keeping their order.
    pub fn new(items: Vec<(String, GraphRequest)>) -> Result<BatchRequest, BatchError> {
        if items.is_empty() {
            return Err(BatchError::Empty);
        }
        if items.len() > MAX_BATCH_REQUESTS {
            return Err(BatchError::TooMany { count: items.len() });
        }
        for (i, (id, req)) in items.iter().enumerate() {
            if id.trim().is_empty() {
                return Err(BatchError::BlankId);
            }
            if items[..i].iter().any(|(other, _)| other == id) {
                return Err(BatchError::DuplicateId(id.clone()));
            }
            if matches!(req.operation, Operation::Batch { .. }) {
                return Err(BatchError::Nested(id.clone()));
            }
        }
        Ok(BatchRequest { items })
    }

    /// The requests with their ids, in order.
    pub fn items(&self) -> &[(String, GraphRequest)] {
        &self.items
    }

    /// How many requests (1 to 20).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Always false: a batch is never empty. (Here for completeness.)
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The request with this id.
    pub fn get(&self, id: &str) -> Option<&GraphRequest> {
        self.items.iter().find(|(i, _)| i == id).map(|(_, r)| r)
    }

    /// The ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|(id, _)| id.as_str())
    }

    /// True when any request inside writes.
    pub fn has_writes(&self) -> bool {
        self.items.iter().any(|(_, r)| r.is_write())
    }

    /// The batch body, `{"requests":[…]}`. `headers` is present when the
    /// request has headers or a body; with a body it always holds a
    /// `Content-Type` (`application/json` unless the request set one).
    pub fn to_json(&self) -> Value {
        let requests = self
            .items
            .iter()
            .map(|(id, req)| {
                let mut item = Map::new();
                item.insert("id".to_owned(), Value::from(id.as_str()));
                item.insert("method".to_owned(), Value::from(req.method.as_str()));
                item.insert("url".to_owned(), Value::from(req.path.as_str()));
                let mut headers: Map<String, Value> = req
                    .headers
                    .iter()
                    .map(|(n, v)| (n.clone(), Value::from(v.as_str())))
                    .collect();
                if let Some(body) = &req.body {
                    if req.header("Content-Type").is_none() {
                        headers.insert("Content-Type".to_owned(), Value::from("application/json"));
                    }
                    item.insert("headers".to_owned(), Value::Object(headers));
                    item.insert("body".to_owned(), body.clone());
                } else if !headers.is_empty() {
                    item.insert("headers".to_owned(), Value::Object(headers));
                }
                Value::Object(item)
            })
            .collect();
        let mut root = Map::new();
        root.insert("requests".to_owned(), Value::Array(requests));
        Value::Object(root)
    }

    /// `POST /$batch` with [`BatchRequest::to_json`] as its body; its
    /// operation is [`Operation::Batch`], a write only when a request inside
    /// writes (so a batch of GETs is retried like a read).
    pub fn to_request(&self) -> GraphRequest {
        GraphRequest::new(
            Method::Post,
            "/$batch".to_owned(),
            Operation::Batch {
                writes: self.has_writes(),
            },
        )
        .with_json_body(self.to_json())
    }
}

/// One request of a batch body, as read by [`decode_batch_request`] (the
/// emulator's side, and the tests').
#[derive(Debug, Clone, PartialEq)]
pub struct BatchItemRequest {
    /// The request id.
    pub id: String,
    /// The method, as sent (see [`BatchItemRequest::method`]).
    pub method: String,
    /// The relative URL, as sent.
    pub url: String,
    /// The headers, as sent.
    pub headers: Vec<(String, String)>,
    /// The body (`Value::Null` when absent).
    pub body: Value,
    /// `dependsOn`: ids that must succeed first.
    pub depends_on: Vec<String>,
}

impl BatchItemRequest {
    /// The method, if it is one this crate knows.
    pub fn method(&self) -> Option<Method> {
        Method::parse(&self.method)
    }

    /// A header (name ignoring ASCII case).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// One sub-response of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchItemResponse {
    /// The id of the request it answers.
    pub id: String,
    /// Its HTTP status.
    pub status: u16,
    /// Its headers (look them up with [`BatchItemResponse::header`]).
    pub headers: Vec<(String, String)>,
    /// Its body: JSON as sent, `Value::Null` when absent (204), a string
    /// for non-JSON content.
    pub body: Value,
}

impl BatchItemResponse {
    /// A header (name ignoring ASCII case).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The raw `Retry-After` value, for [`crate::retry::decide`] (which also
    /// reads HTTP dates).
    pub fn retry_after(&self) -> Option<&str> {
        self.header("Retry-After")
    }

    /// `Retry-After` as whole seconds (the delta-seconds form Graph sends).
    pub fn retry_after_secs(&self) -> Option<u64> {
        retry_after_delta_secs(self.retry_after()?)
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// True for 429: throttled, the request did not run.
    pub fn is_throttled(&self) -> bool {
        self.status == 429
    }

    /// True for 424: a request it depended on failed.
    pub fn is_failed_dependency(&self) -> bool {
        self.status == 424
    }

    /// The body as text: `""` when absent, the string itself when the body
    /// is a JSON string, else the JSON.
    pub fn body_text(&self) -> String {
        match &self.body {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }

    /// The sub-response as a [`GraphError`] ([`GraphError::from_response`]
    /// on its status and body), for a failed item.
    pub fn graph_error(&self) -> GraphError {
        GraphError::from_response(self.status, &self.body_text())
    }
}

/// Reads the body of a `$batch` answer. Never panics; a body that is not
/// `{"responses":[…]}` with an `id` and a `status` (100–999) in each item
/// gives a [`ParseError`]. Ids may be strings or numbers; header values
/// that are not strings are kept as their JSON text.
pub fn decode_batch_response(text: &str) -> Result<Vec<BatchItemResponse>, ParseError> {
    let raw: RawResponses = parse_as(text, "a $batch response")?;
    Ok(raw
        .responses
        .into_iter()
        .map(|r| BatchItemResponse {
            id: r.id,
            status: r.status,
            headers: r.headers,
            body: r.body,
        })
        .collect())
}

/// Reads a `$batch` request body (what [`BatchRequest::to_json`] writes).
/// Never panics; checks the shape only (not the 20-request limit or unique
/// ids, which the emulator answers with its own errors).
pub fn decode_batch_request(text: &str) -> Result<Vec<BatchItemRequest>, ParseError> {
    let raw: RawRequests = parse_as(text, "a $batch request")?;
    Ok(raw
        .requests
        .into_iter()
        .map(|r| BatchItemRequest {
            id: r.id,
            method: r.method,
            url: r.url,
            headers: r.headers,
            body: r.body,
            depends_on: r.depends_on,
        })
        .collect())
}

/// Sub-responses matched back to the requests of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchedResponses {
    /// The answered requests, in the batch's order: (id, its response).
    pub matched: Vec<(String, BatchItemResponse)>,
    /// Ids of requests without a response, in the batch's order.
    pub missing: Vec<String>,
    /// Ids of responses that answer no request of the batch, or answer one a
    /// second time (the first answer is kept).
    pub unexpected: Vec<String>,
}

/// Matches `responses` (in any order) to the requests of `batch` by id.
pub fn match_responses(
    batch: &BatchRequest,
    responses: Vec<BatchItemResponse>,
) -> MatchedResponses {
    let mut slots: Vec<Option<BatchItemResponse>> = vec![None; batch.len()];
    let mut unexpected = Vec::new();
    for resp in responses {
        match batch.items.iter().position(|(id, _)| *id == resp.id) {
            Some(i) if slots[i].is_none() => slots[i] = Some(resp),
            _ => unexpected.push(resp.id),
        }
    }
    let mut matched = Vec::new();
    let mut missing = Vec::new();
    for ((id, _), slot) in batch.items.iter().zip(slots) {
        match slot {
            Some(resp) => matched.push((id.clone(), resp)),
            None => missing.push(id.clone()),
        }
    }
    MatchedResponses {
        matched,
        missing,
        unexpected,
    }
}

#[derive(Deserialize)]
struct RawResponses {
    responses: Vec<RawResponse>,
}

#[derive(Deserialize)]
struct RawResponse {
    #[serde(deserialize_with = "id_text")]
    id: String,
    #[serde(deserialize_with = "status_code")]
    status: u16,
    #[serde(default, deserialize_with = "header_map")]
    headers: Vec<(String, String)>,
    #[serde(default)]
    body: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRequests {
    requests: Vec<RawRequest>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRequest {
    #[serde(deserialize_with = "id_text")]
    id: String,
    method: String,
    url: String,
    #[serde(default, deserialize_with = "header_map")]
    headers: Vec<(String, String)>,
    #[serde(default)]
    body: Value,
    #[serde(default)]
    depends_on: Vec<String>,
}

/// A string, or a number as its text.
fn id_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(D::Error::custom(format!(
            "an id must be a string, not {}",
            json_kind(&other)
        ))),
    }
}

/// An HTTP status: an integer (or a string of digits) from 100 to 999.
fn status_code<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    let v = Value::deserialize(d)?;
    let n = match &v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    match n {
        Some(n @ 100..=999) => Ok(n as u16),
        _ => Err(D::Error::custom(format!(
            "a status must be an HTTP status code, not {v}"
        ))),
    }
}

/// A JSON object of headers (or `null`); non-string values are kept as
/// their JSON text.
fn header_map<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(Vec::new()),
        Value::Object(map) => Ok(map
            .into_iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, v)
            })
            .collect()),
        other => Err(D::Error::custom(format!(
            "headers must be an object, not {}",
            json_kind(&other)
        ))),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a Boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

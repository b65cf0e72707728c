//! The Graph error envelope.
//!
//! Graph answers failures with
//! `{"error":{"code":"...","message":"...","innerError":{"date":"...","request-id":"...","client-request-id":"..."}}}`.
//! The synchronization backend is less uniform: `UnknownError` with an empty
//! message is common, and proxies in between may answer with HTML or nothing
//! at all. [`GraphError::from_response`] turns *any* failed response into a
//! [`GraphError`] that tells the admin what happened and what to quote to
//! support.

use std::fmt;

use serde_json::{Map, Value};
use syncdeck_i18n::tf;

/// The code used when the response carries no usable error code.
pub const UNKNOWN_ERROR: &str = "UnknownError";

/// How many characters of an unexpected body are quoted in a message.
const QUOTE_CHARS: usize = 200;

/// A failed Graph response, normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphError {
    /// The HTTP status code.
    pub status: u16,
    /// `error.code`; else `innerError.code`; else [`UNKNOWN_ERROR`]. Branch on
    /// this (and [`GraphError::inner_code`]), never on the message.
    pub code: String,
    /// `error.message`, or, when Graph gave none, a sentence saying what was
    /// received. Never empty.
    pub message: String,
    /// `innerError.request-id`: quote it in a support ticket.
    pub request_id: Option<String>,
    /// `innerError.client-request-id`: the id the client sent, if any.
    pub client_request_id: Option<String>,
    /// `innerError.date`, as sent (usually UTC without an offset).
    pub date: Option<String>,
    /// `innerError.code`, when present (e.g. `"429"` on throttled responses).
    pub inner_code: Option<String>,
}

impl GraphError {
    /// The error as Graph's envelope again: what [`GraphError::from_response`] reads back into
    /// the same error (the settings module receives the page's failures this way,
    /// `src/settings.rs`). Absent ids are left out.
    pub fn to_envelope(&self) -> Value {
        let mut inner = serde_json::Map::new();
        for (k, v) in [
            ("request-id", &self.request_id),
            ("client-request-id", &self.client_request_id),
            ("date", &self.date),
            ("code", &self.inner_code),
        ] {
            if let Some(v) = v {
                inner.insert(k.into(), Value::String(v.clone()));
            }
        }
        serde_json::json!({"error": {"code": self.code, "message": self.message, "innerError": inner}})
    }

    /// Builds the error for a response with HTTP status `status` and body
    /// `body`. Never fails and never panics: a body that is empty, not JSON,
    /// or JSON without an `error` object still gives an error whose message
    /// says what was received (quoting at most 200 characters of it).
    ///
    /// Also understood: OAuth-style bodies (`{"error":"invalid_grant",
    /// "error_description":"..."}`), `innerError`/`innererror` in any case,
    /// and `requestId`/`clientRequestId` spellings.
    pub fn from_response(status: u16, body: &str) -> GraphError {
        let mut err = GraphError {
            status,
            code: String::new(),
            message: String::new(),
            request_id: None,
            client_request_id: None,
            date: None,
            inner_code: None,
        };
        let trimmed = body.trim();
        let status_words = status_phrase(status);
        if trimmed.is_empty() {
            err.code = UNKNOWN_ERROR.to_owned();
            err.message = tf!(
                "HTTP {status}{status_words} with an empty body.",
                status = status,
                status_words = status_words
            );
            return err;
        }
        let value: Value = match serde_json::from_str(trimmed) {
            Ok(v) => v,
            Err(_) => {
                err.code = UNKNOWN_ERROR.to_owned();
                err.message = tf!(
                    "HTTP {status}{status_words} with a non-JSON body: {body}",
                    status = status,
                    status_words = status_words,
                    body = quote(trimmed)
                );
                return err;
            }
        };
        let root = value.as_object();
        match root.and_then(|o| get_ci(o, "error")) {
            Some(Value::Object(e)) => {
                err.code = string_field(e, &["code"]).unwrap_or_default();
                err.message = string_field(e, &["message"]).unwrap_or_default();
                if let Some(Value::Object(inner)) = get_ci(e, "innerError") {
                    err.request_id = string_field(inner, &["request-id", "requestId"]);
                    err.client_request_id =
                        string_field(inner, &["client-request-id", "clientRequestId"]);
                    err.date = string_field(inner, &["date"]);
                    err.inner_code = string_field(inner, &["code"]);
                }
            }
            Some(Value::String(code)) => {
                // OAuth / token-endpoint style.
                err.code = code.trim().to_owned();
                err.message = root
                    .and_then(|o| string_field(o, &["error_description", "message"]))
                    .unwrap_or_default();
            }
            _ => {
                err.code = UNKNOWN_ERROR.to_owned();
                err.message = tf!(
                    "HTTP {status}{status_words} with a JSON body that has no error object: {body}",
                    status = status,
                    status_words = status_words,
                    body = quote(trimmed)
                );
                return err;
            }
        }
        if err.code.is_empty() {
            err.code = err
                .inner_code
                .clone()
                .unwrap_or_else(|| UNKNOWN_ERROR.to_owned());
        }
        if err.message.is_empty() {
            err.message = tf!(
                "HTTP {status}{status_words} with error code {code} and no message.",
                status = status,
                status_words = status_words,
                code = err.code
            );
        }
        err
    }

    /// True for HTTP 429 (throttled: the request did not run).
    pub fn is_throttled(&self) -> bool {
        self.status == 429
    }
}

impl fmt::Display for GraphError {
    /// `<message> (HTTP <status>, code <code>[, inner code ...][, request-id
    /// ...][, client-request-id ...][, date ...])`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&tf!(
            "{message} (HTTP {status}, code {code}",
            message = self.message,
            status = self.status,
            code = self.code
        ))?;
        if let Some(c) = self.inner_code.as_deref().filter(|c| *c != self.code) {
            f.write_str(&tf!(", inner code {code}", code = c))?;
        }
        if let Some(r) = &self.request_id {
            write!(f, ", request-id {r}")?;
        }
        if let Some(r) = &self.client_request_id {
            write!(f, ", client-request-id {r}")?;
        }
        if let Some(d) = &self.date {
            f.write_str(&tf!(", date {date}", date = d))?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for GraphError {}

/// `" (Reason Phrase)"` for common statuses, else `""`.
fn status_phrase(status: u16) -> &'static str {
    match status {
        400 => " (Bad Request)",
        401 => " (Unauthorized)",
        403 => " (Forbidden)",
        404 => " (Not Found)",
        405 => " (Method Not Allowed)",
        409 => " (Conflict)",
        412 => " (Precondition Failed)",
        424 => " (Failed Dependency)",
        429 => " (Too Many Requests)",
        500 => " (Internal Server Error)",
        501 => " (Not Implemented)",
        502 => " (Bad Gateway)",
        503 => " (Service Unavailable)",
        504 => " (Gateway Timeout)",
        _ => "",
    }
}

/// The first [`QUOTE_CHARS`] characters of `text`, with `…` when cut.
fn quote(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(QUOTE_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// A member by name, ignoring ASCII case.
fn get_ci<'a>(obj: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    obj.get(name).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// The first of `names` that holds a non-blank string (or a number, as text),
/// trimmed.
fn string_field(obj: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match get_ci(obj, n)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

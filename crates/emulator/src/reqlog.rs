//! The request log: every request except `/_emulator/*`, in arrival order, so
//! tests can assert what the app actually sent (e.g. that Start was POSTed once).

use std::collections::VecDeque;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::routes::is_graph_path;
use crate::state::{AppState, Stats};

/// Largest request body the emulator accepts (and logs).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// Oldest entries are dropped beyond this many.
pub const MAX_ENTRIES: usize = 100_000;

/// One logged request.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path as received (percent-encoding kept).
    pub path: String,
    /// The raw query string without `?` (empty when none).
    pub query: String,
    /// The body as text (lossy UTF-8; empty when none).
    pub body: String,
    /// Status answered; null while the request is still being answered.
    pub status: Option<u16>,
    /// Whether it was a Graph request (`/v1.0/...` or `/beta/...`).
    pub graph: bool,
    /// For a `$batch` sub-request: the batch it came from (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<BatchRef>,
    /// Something notable, e.g. `start while running`, `dropped connection`,
    /// `fault: 429` (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// With `--oidc-issuer`: the verified token's `scp` claim (empty when it
    /// has none; absent when the token was not verified).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scp: Option<String>,
    /// With `--oidc-issuer`: the verified token's `preferred_username` (absent if none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// With `--oidc-issuer`: a short fingerprint of the verified token
    /// ([`crate::oidc::fingerprint`]), never the token itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_id: Option<String>,
    /// On a 429 of the emulator's throttling: `budget` (the `--rate-limit`
    /// budget, see [`crate::budget`]) or `random` (the `--throttle-rate` fault);
    /// absent otherwise (e.g. the reports and provisionOnDemand limits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throttle: Option<&'static str>,
    /// When it arrived: milliseconds of real time since the emulator's first logged request
    /// (so a test can count requests per window, e.g. against `--rate-limit`).
    pub at_ms: u64,
    #[serde(skip)]
    seq: u64,
}

/// The real time the log counts from (its first request).
static EPOCH: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Where a sub-request came from.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct BatchRef {
    /// The `request-id` of the outer `$batch` request.
    pub id: String,
    /// The sub-request's `id` in the batch.
    pub request_id: String,
}

/// Request extension: this request is a sub-request of a `$batch`.
#[derive(Clone, Debug)]
pub struct BatchMark(pub BatchRef);

/// Request extension: the log entry of this request.
#[derive(Clone, Copy, Debug)]
pub struct LogSeq(pub u64);

/// Response extension: a note for the log entry of this request.
#[derive(Clone, Debug)]
pub struct LogNote(pub String);

/// The ordered log of requests.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: VecDeque<LogEntry>,
    next_seq: u64,
}

impl RequestLog {
    /// Appends an entry (status unknown yet) and returns its sequence number.
    fn begin(&mut self, mut entry: LogEntry) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        entry.seq = seq;
        let epoch = EPOCH.get_or_init(std::time::Instant::now);
        entry.at_ms = u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX);
        if self.entries.len() >= MAX_ENTRIES {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
        seq
    }

    /// Records the status answered to request `seq` (no-op if cleared meanwhile).
    fn finish(&mut self, seq: u64, status: u16) {
        if let Some(e) = self.entries.iter_mut().rev().find(|e| e.seq == seq) {
            e.status = Some(status);
        }
    }

    /// Adds `note` to entry `seq` (joined with `; ` when there is one already).
    pub fn note(&mut self, seq: u64, note: &str) {
        if let Some(e) = self.entries.iter_mut().rev().find(|e| e.seq == seq) {
            e.note = Some(match e.note.take() {
                Some(old) => format!("{old}; {note}"),
                None => note.to_string(),
            });
        }
    }

    /// Records who sent request `seq` (its verified token's `scp`,
    /// `preferred_username` and fingerprint).
    pub fn identify(&mut self, seq: u64, scp: &str, user: Option<&str>, token_id: &str) {
        if let Some(e) = self.entries.iter_mut().rev().find(|e| e.seq == seq) {
            e.scp = Some(scp.to_string());
            e.user = user.map(str::to_string);
            e.token_id = Some(token_id.to_string());
        }
    }

    /// Marks entry `seq` as a 429 of the throttle `kind` (`budget` or `random`).
    pub fn throttled(&mut self, seq: u64, kind: &'static str) {
        if let Some(e) = self.entries.iter_mut().rev().find(|e| e.seq == seq) {
            e.throttle = Some(kind);
        }
    }

    /// All entries, oldest first.
    pub fn entries(&self) -> Vec<LogEntry> {
        self.entries.iter().cloned().collect()
    }

    /// Forgets every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// Whether `path` is an admin path (`/_emulator` or below), which is never logged.
pub fn is_admin_path(path: &str) -> bool {
    path == "/_emulator" || path.starts_with("/_emulator/")
}

/// Middleware: buffers the body, logs the request, then records the status.
pub async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if is_admin_path(&path) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let bytes = match to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response(),
    };
    let graph = is_graph_path(&path);
    Stats::bump(&state.stats().requests);
    if graph {
        Stats::bump(&state.stats().graph_requests);
    }
    let batch = parts.extensions.get::<BatchMark>().map(|m| m.0.clone());
    let seq = state.log().begin(LogEntry {
        method: parts.method.to_string(),
        graph,
        path,
        query: parts.uri.query().unwrap_or_default().to_string(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
        status: None,
        batch,
        note: None,
        scp: None,
        user: None,
        token_id: None,
        throttle: None,
        at_ms: 0,
        seq: 0,
    });
    parts.extensions.insert(LogSeq(seq));
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if response.status() == StatusCode::TOO_MANY_REQUESTS {
        Stats::bump(&state.stats().throttled);
    }
    let mut log = state.log();
    log.finish(seq, response.status().as_u16());
    if let Some(LogNote(note)) = response.extensions().get::<LogNote>() {
        log.note(seq, note);
    }
    drop(log);
    response
}

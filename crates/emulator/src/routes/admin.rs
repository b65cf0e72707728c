//! Admin endpoints under `/_emulator/` (no token, never logged):
//!
//! | Endpoint | |
//! |---|---|
//! | `GET /_emulator/health` | `ok` |
//! | `GET /_emulator/requests` | the request log (JSON array, oldest first) |
//! | `DELETE /_emulator/requests` | clears the log (204) |
//! | `GET /_emulator/clock` | `{"now","start","speed"}` |
//! | `POST /_emulator/clock` | `{"advanceSeconds": N}` and/or `{"speed": N}`; answers like GET |
//! | `GET /_emulator/faults` | the current faults |
//! | `POST /_emulator/faults` | merges the given fields into the faults; answers the result |
//! | `DELETE /_emulator/faults` | every fault off (204) |
//! | `POST /_emulator/reset` | initial tenant, clock, faults, seed; empty log and counters (204) |
//! | `GET /_emulator/stats` | counters |
//! | `GET /_emulator/manifest` | the tenant's apps, jobs and counts, and the forbidden app (see [`crate::manifest`]) |

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::faults::Faults;
use crate::manifest::Manifest;
use crate::state::AppState;

/// The admin routes (nested under `/_emulator`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/requests", get(list_requests).delete(clear_requests))
        .route("/clock", get(get_clock).post(set_clock))
        .route(
            "/faults",
            get(get_faults).post(set_faults).delete(clear_faults),
        )
        .route("/reset", post(reset))
        .route("/stats", get(stats))
        .route("/manifest", get(manifest))
}

fn bad(message: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": message.into() })),
    )
        .into_response()
}

/// `GET /_emulator/health` → 200 `ok`.
async fn health() -> &'static str {
    "ok"
}

/// `GET /_emulator/requests` → the request log as a JSON array, oldest first.
async fn list_requests(State(state): State<AppState>) -> impl IntoResponse {
    Json(state.log().entries())
}

/// `DELETE /_emulator/requests` → clears the log, 204.
async fn clear_requests(State(state): State<AppState>) -> StatusCode {
    state.log().clear();
    StatusCode::NO_CONTENT
}

fn clock_json(state: &AppState) -> Value {
    let clock = state.clock();
    json!({
        "now": clock.now(),
        "start": clock.start(),
        "speed": clock.speed(),
    })
}

/// `GET /_emulator/clock`.
async fn get_clock(State(state): State<AppState>) -> Json<Value> {
    Json(clock_json(&state))
}

/// `POST /_emulator/clock` with `{"advanceSeconds": N}` and/or `{"speed": N}`.
async fn set_clock(State(state): State<AppState>, body: Bytes) -> Response {
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return bad("expected a JSON object: {\"advanceSeconds\": N} or {\"speed\": N}");
    };
    for key in body.keys() {
        if key != "advanceSeconds" && key != "speed" {
            return bad(format!("unknown field '{key}' (advanceSeconds, speed)"));
        }
    }
    let advance = match body.get("advanceSeconds") {
        None => None,
        Some(v) => match v.as_f64() {
            Some(n) if n >= 0.0 && n.is_finite() => Some(n),
            _ => return bad("advanceSeconds must be a number >= 0 (the clock never goes back)"),
        },
    };
    let speed = match body.get("speed") {
        None => None,
        Some(v) => match v.as_f64() {
            Some(n) if n >= 0.0 && n.is_finite() => Some(n),
            _ => return bad("speed must be a number >= 0"),
        },
    };
    if advance.is_none() && speed.is_none() {
        return bad("give advanceSeconds or speed");
    }
    if let Some(speed) = speed {
        state.clock().set_speed(speed);
    }
    if let Some(seconds) = advance {
        state.clock().advance(seconds);
    }
    Json(clock_json(&state)).into_response()
}

/// `GET /_emulator/faults`.
async fn get_faults(State(state): State<AppState>) -> Json<Faults> {
    Json(state.faults())
}

/// `POST /_emulator/faults`: the given fields replace the current values.
async fn set_faults(State(state): State<AppState>, body: Bytes) -> Response {
    let Ok(Value::Object(changes)) = serde_json::from_slice::<Value>(&body) else {
        return bad("expected a JSON object with fault fields (see GET /_emulator/faults)");
    };
    let Ok(Value::Object(mut current)) = serde_json::to_value(state.faults()) else {
        return bad("internal: faults are not an object");
    };
    current.extend(changes);
    let faults: Faults = match serde_json::from_value(Value::Object(current)) {
        Ok(f) => f,
        Err(e) => return bad(format!("invalid faults: {e}")),
    };
    if let Err(e) = faults.validate() {
        return bad(e);
    }
    state.set_faults(faults.clone());
    Json(faults).into_response()
}

/// `DELETE /_emulator/faults`: every fault off.
async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.set_faults(Faults::default());
    StatusCode::NO_CONTENT
}

/// `POST /_emulator/reset`.
async fn reset(State(state): State<AppState>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
}

/// `GET /_emulator/stats`.
async fn stats(State(state): State<AppState>) -> Json<Value> {
    Json(serde_json::to_value(state.stats_snapshot()).unwrap_or(Value::Null))
}

/// `GET /_emulator/manifest`: the live tenant's facts (see [`crate::manifest`]).
async fn manifest(State(state): State<AppState>) -> Json<Manifest> {
    let faults = state.faults();
    let tenant = state.tenant();
    let now = state.clock().now();
    Json(crate::manifest::manifest(&tenant, &faults, now))
}

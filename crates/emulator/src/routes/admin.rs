//! Admin endpoints under `/_emulator/` (no token, never logged).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json};
use axum::routing::get;

use crate::state::AppState;

/// `/health`, `/requests` (nested under `/_emulator`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/requests", get(list_requests).delete(clear_requests))
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

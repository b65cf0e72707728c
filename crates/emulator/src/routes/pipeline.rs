//! What every Graph request goes through, before and after its handler:
//! CORS preflight, the bearer check (the fixed `--token`, or with
//! `--oidc-issuer` a verified JWT with the scopes of the route, see
//! [`crate::oidc`]), the `--rate-limit` budget (see [`crate::budget`]), the
//! faults (see [`crate::faults`]),
//! `request-id`/`client-request-id`, CORS response headers, and rendering
//! errors in Graph's envelope (with `Retry-After` on 429/503).

use axum::body::Body;
use axum::extract::{OriginalUri, Request, State};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use std::time::Duration;

use crate::budget::{Budget, BudgetThrottled};
use crate::faults::{Faults, Injected, roll};
use crate::ids::random_guid;
use crate::odata::{ERROR_JSON, GraphError, RawError};
use crate::oidc::{Caller, granted_scopes, required_scopes, satisfies};
use crate::reqlog::{BatchMark, LogSeq};
use crate::routes::version_relative;
use crate::state::{AppState, Stats};

/// Graph's `request-id` response header.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");
/// Graph's `client-request-id` header (request: the client's; response: its echo).
pub const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("client-request-id");

/// Methods a preflight allows.
pub const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
/// Headers a preflight allows when the browser did not say which it wants.
pub const ALLOW_HEADERS: &str = "authorization, content-type, client-request-id, consistencylevel, prefer, x-ms-throttle-priority";
/// How long a browser may cache a preflight answer (seconds).
pub const MAX_AGE: &str = "3600";
/// `WWW-Authenticate` on 401, as Graph sends it.
const WWW_AUTHENTICATE: &str = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";

/// The ids of the Graph request being answered (a request extension).
#[derive(Clone, Debug)]
pub struct RequestIds {
    /// The `request-id` this emulator generated.
    pub request_id: String,
    /// The client's `client-request-id`, or the `request-id` when it sent none.
    pub client_request_id: String,
}

/// The middleware around every Graph route (see the module docs).
pub async fn graph(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let request_id = random_guid();
    let client_request_id = req
        .headers()
        .get(&CLIENT_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map_or_else(|| request_id.clone(), str::to_string);
    let origin = req.headers().get(header::ORIGIN).cloned();

    let mut response = if req.method() == Method::OPTIONS {
        preflight(req.headers())
    } else if let Err(err) = authorize(&state, &mut req).await {
        err.into_response()
    } else {
        req.extensions_mut().insert(RequestIds {
            request_id: request_id.clone(),
            client_request_id: client_request_id.clone(),
        });
        let sub_request = req.extensions().get::<BatchMark>().is_some();
        let path = req.uri().path();
        let batch_envelope =
            !sub_request && (path.ends_with("/$batch") || path.ends_with("/%24batch"));
        if batch_envelope {
            next.run(req).await
        } else {
            let log_seq = req.extensions().get::<LogSeq>().copied();
            let faults = state.faults();
            // A sub-request's budget was taken by its batch, in request order.
            let budget = match req.extensions().get::<Budget>() {
                Some(Budget(taken)) => *taken,
                None => {
                    state.take_budget(bearer(req.headers()).unwrap_or_default(), faults.rate_limit)
                }
            };
            if let Err(seconds) = budget {
                // No random draw for a refusal (see crate::faults): latency without jitter.
                if faults.latency_ms > 0 {
                    tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
                }
                over_budget(seconds, &state, log_seq)
            } else {
                let (delay, outcome) = roll(&faults, &mut state.rng(), !sub_request);
                if delay > 0 {
                    tokio::time::sleep(Duration::from_millis(delay)).await;
                }
                match outcome {
                    Injected::None => next.run(req).await,
                    fault => inject(fault, &faults, &state, log_seq),
                }
            }
        }
    };

    // Every error body is Graph's envelope, whoever produced the error.
    let status = response.status();
    let raw = response.extensions().get::<RawError>().is_some();
    let budget_throttled = response.extensions().get::<BudgetThrottled>().is_some();
    let error = response
        .extensions_mut()
        .remove::<GraphError>()
        .or_else(|| {
            let is_json = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|ct| ct.starts_with("application/json"));
            ((status.is_client_error() || status.is_server_error()) && !is_json)
                .then(|| GraphError::for_status(status))
        })
        .filter(|_| !raw);
    if let Some(mut error) = error {
        let unknown_rate = state.faults().unknown_error_rate;
        if unknown_rate > 0.0 && !budget_throttled && state.rng().chance(unknown_rate) {
            error.code = "UnknownError".to_string();
            error.message = String::new();
        }
        let date = state.clock().now().inner_error_date();
        let body = error.envelope(&date, &request_id, &client_request_id);
        let (mut parts, _) = response.into_parts();
        parts.status = error.status;
        parts.headers.remove(header::CONTENT_LENGTH);
        parts
            .headers
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(ERROR_JSON));
        if error.status == StatusCode::UNAUTHORIZED {
            parts.headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(WWW_AUTHENTICATE),
            );
        }
        if let Some(seconds) = error.retry_after {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response = Response::from_parts(parts, Body::from(body.to_string()));
    }

    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        headers.insert(REQUEST_ID, v);
    }
    if let Ok(v) = HeaderValue::from_str(&client_request_id) {
        headers.insert(CLIENT_REQUEST_ID, v);
    }
    allow_origin(headers, origin);
    if !headers.contains_key(header::ACCESS_CONTROL_ALLOW_METHODS) {
        let expose = if state.options().expose_retry_after {
            "request-id, client-request-id, Location, Retry-After"
        } else {
            "request-id, client-request-id, Location"
        };
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(expose),
        );
    }
    response
}

/// The HTML page of the non-JSON error fault (what a gateway in front of Graph may send).
pub const HTML_502: &str = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>502 Bad Gateway</h1><p>The server, while acting as a gateway or proxy, received an invalid response from the upstream server.</p></body></html>\n";

/// The 429 of a request over the `--rate-limit` budget (see [`crate::budget`]):
/// `TooManyRequests` with `Retry-After: seconds`, marked in the request log.
fn over_budget(seconds: u64, state: &AppState, log_seq: Option<LogSeq>) -> Response {
    Stats::bump(&state.stats().budget_throttled);
    if let Some(LogSeq(seq)) = log_seq {
        let mut log = state.log();
        log.note(seq, "budget: 429");
        log.throttled(seq, "budget");
    }
    let mut response = GraphError::throttled(seconds).into_response();
    response.extensions_mut().insert(BudgetThrottled);
    response
}

/// The response of an injected fault (never [`Injected::None`]).
fn inject(fault: Injected, faults: &Faults, state: &AppState, log_seq: Option<LogSeq>) -> Response {
    Stats::bump(&state.stats().faults_injected);
    let note = |text: &str| {
        if let Some(LogSeq(seq)) = log_seq {
            state.log().note(seq, text);
        }
    };
    let error = match fault {
        Injected::None => GraphError::for_status(StatusCode::INTERNAL_SERVER_ERROR),
        Injected::Drop => {
            note("fault: dropped connection");
            Stats::bump(&state.stats().dropped);
            // Unwinding out of the connection task makes hyper close the socket
            // without writing a response; `resume_unwind` skips the panic hook
            // (no message on stderr).
            std::panic::resume_unwind(Box::new("syncdeck-emulator: dropped connection (fault)"));
        }
        Injected::Html502 => {
            note("fault: 502 html");
            let mut response = (StatusCode::BAD_GATEWAY, HTML_502).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            response.extensions_mut().insert(RawError);
            return response;
        }
        Injected::Throttle => {
            note("fault: 429");
            if let Some(LogSeq(seq)) = log_seq {
                state.log().throttled(seq, "random");
            }
            GraphError::throttled(faults.retry_after_seconds)
        }
        Injected::E500 => {
            note("fault: 500");
            GraphError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerError",
                "An internal server error occurred while processing the request.",
            )
        }
        Injected::E503 => {
            note("fault: 503");
            let mut e = GraphError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                "The service is temporarily unavailable. Please retry later.",
            );
            e.retry_after = Some(faults.retry_after_seconds.max(1));
            e
        }
        Injected::E504 => {
            note("fault: 504");
            GraphError::new(
                StatusCode::GATEWAY_TIMEOUT,
                "GatewayTimeout",
                "The gateway did not receive a response from the service in time.",
            )
        }
    };
    error.into_response()
}

/// `Access-Control-Allow-Origin`: the request's `Origin`, or `*` without one.
fn allow_origin(headers: &mut HeaderMap, origin: Option<HeaderValue>) {
    match origin {
        Some(origin) => {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.append(header::VARY, HeaderValue::from_static("Origin"));
        }
        None => {
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            );
        }
    }
}

/// The answer to a CORS preflight (no token needed).
fn preflight(request: &HeaderMap) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOW_METHODS),
    );
    let allow_headers = request
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .filter(|v| !v.as_bytes().is_empty())
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static(ALLOW_HEADERS));
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers);
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(MAX_AGE),
    );
    response
}

/// Checks the bearer: the fixed `--token`; or, with `--oidc-issuer`, a JWT
/// that verifies and carries the scopes the route needs (its [`Caller`] is
/// then noted in the request log and set as a request extension).
///
/// [`Caller`]: crate::oidc::Caller
async fn authorize(state: &AppState, req: &mut Request) -> Result<(), GraphError> {
    let Some(verifier) = state.oidc() else {
        return check_bearer(req.headers(), &state.options().token);
    };
    let token = bearer(req.headers())?.to_string();
    let caller = verifier
        .verify(&token)
        .await
        .map_err(|rejection| rejection.graph_error())?;
    if let Some(LogSeq(seq)) = req.extensions().get::<LogSeq>().copied() {
        state
            .log()
            .identify(seq, &caller.scp, caller.user.as_deref(), &caller.token_id);
    }
    let path = req
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| req.uri().path(), |original| original.0.path());
    if !permitted(&caller, req.method(), path) {
        return Err(GraphError::forbidden());
    }
    req.extensions_mut().insert(caller);
    Ok(())
}

/// Whether `caller`'s delegated permissions meet what `method` on the Graph `path`
/// (with its version prefix, without the query) needs ([`required_scopes`]).
pub fn permitted(caller: &Caller, method: &Method, path: &str) -> bool {
    let required = required_scopes(method, version_relative(path).unwrap_or(path));
    satisfies(required, &granted_scopes(&caller.scp))
}

/// The token of `Authorization: Bearer <token>`.
pub fn bearer(headers: &HeaderMap) -> Result<&str, GraphError> {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or_default();
    let presented = match presented.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        _ if presented.eq_ignore_ascii_case("bearer") => "",
        _ if presented.is_empty() => "",
        _ => {
            return Err(GraphError::unauthenticated(
                "Access token validation failure. The authorization scheme must be Bearer.",
            ));
        }
    };
    if presented.is_empty() {
        Err(GraphError::unauthenticated("Access token is empty."))
    } else {
        Ok(presented)
    }
}

/// Checks `Authorization: Bearer <token>` against the fixed `token`.
fn check_bearer(headers: &HeaderMap, token: &str) -> Result<(), GraphError> {
    if bearer(headers)? != token {
        Err(GraphError::unauthenticated(
            "Access token validation failure. Invalid audience.",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn bearer_check() {
        assert!(check_bearer(&auth("Bearer t0k"), "t0k").is_ok());
        assert!(check_bearer(&auth("bearer  t0k "), "t0k").is_ok());
        let empty = check_bearer(&HeaderMap::new(), "t0k").unwrap_err();
        assert_eq!(empty.message, "Access token is empty.");
        assert_eq!(
            check_bearer(&auth("Bearer"), "t0k").unwrap_err().message,
            "Access token is empty."
        );
        let wrong = check_bearer(&auth("Bearer nope"), "t0k").unwrap_err();
        assert_eq!(wrong.code, "InvalidAuthenticationToken");
        assert!(wrong.message.contains("validation failure"));
        assert!(check_bearer(&auth("Basic dDBr"), "t0k").is_err());
    }
}

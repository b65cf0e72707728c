//! The Graph client's one `send`: the token and a `client-request-id` on every request, then
//! the answer judged by `syncdeck_core::send` (the 401 rule in front of the retry policy) until
//! it is accepted or given up, every failure mapped into a [`GraphFailure`] that keeps Graph's
//! error code and `request-id`. The bytes go through [`super::transport::send`].

use super::transport::{self, RawResponse, Request, SendError};
use super::{GraphClient, GraphFailure};
use crate::auth::TokenKind;
use syncdeck_core::send::{Answer, Attempts, Next, Retries};
use syncdeck_graph::GraphError;
use syncdeck_graph::hints::{self, Operation};
use syncdeck_graph::request::GraphRequest;
use syncdeck_graph::retry::{RequestKind, retry_after_delta_secs};

impl GraphClient {
    /// Sends `template`'s method, headers and body to `url` (its own URL, or a next link) until
    /// `syncdeck_core::send` accepts an answer or gives up.
    pub(super) async fn send(
        &self,
        url: &str,
        template: &GraphRequest,
        retries: Retries,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<RawResponse, GraphFailure> {
        if !self.owns(url) {
            return Err(GraphFailure::ForeignLink(url.to_string()));
        }
        let operation = template.operation;
        let mut attempts = Attempts::new(template.kind(), retries);
        loop {
            self.pace(template, retries).await;
            let answer = self
                .send_once(url, template, signal.as_ref(), attempts.renew_token())
                .await;
            if let Ok(raw) = &answer {
                self.observe(template, retries, raw);
            }
            let answer = match answer {
                Ok(raw) => Ok(raw),
                Err(Failed::Aborted) => return Err(GraphFailure::Aborted),
                Err(Failed::Auth(e)) => return Err(GraphFailure::Auth(e)),
                Err(Failed::Network(detail)) => Err(detail),
            };
            let (status, retry_after) = match &answer {
                Ok(raw) => (Answer::Status(raw.status), raw.retry_after.as_deref()),
                Err(_) => (Answer::NoAnswer, None),
            };
            let now = crate::browser::now_ms();
            match attempts.next(status, retry_after, now, &mut crate::browser::random) {
                Next::Accept => {
                    if let Ok(raw) = answer {
                        return Ok(raw);
                    }
                }
                Next::RenewAndResend => {}
                Next::RenewThenFail => {
                    let _ = self.tokens.token(token_kind(template), true).await;
                    return Err(failure(answer, operation));
                }
                Next::RetryAfterMs(ms) => {
                    crate::browser::sleep_ms(ms).await;
                    if signal.as_ref().is_some_and(|s| s.aborted()) {
                        return Err(GraphFailure::Aborted);
                    }
                }
                Next::Fail => return Err(failure(answer, operation)),
            }
        }
    }

    /// Waits until the request's budget has room, then counts the send; every attempt counts,
    /// retries and next links included. An operation with a documented budget
    /// (`syncdeck_graph::pace`) keeps to it, and a read of it is not sent while the tab is
    /// hidden; any other read waits for the learned budget
    /// (`syncdeck_graph::budget`); a write (the admin's action) goes at once, after a hold only,
    /// and is counted. A `$batch` envelope is paced by the batch runner.
    async fn pace(&self, template: &GraphRequest, retries: Retries) {
        if retries == Retries::Caller {
            return;
        }
        let write = template.kind() == RequestKind::Write;
        loop {
            let now = crate::browser::now_ms();
            let wait = match self.pacers.of(template.operation) {
                // A paced read (the provisioning logs) that waited for its turn while the admin
                // left the tab waits for them to come back, as the auto-refresh does.
                Some(_) if !write && crate::browser::tab_hidden() => 1_000,
                Some(pacer) => pacer.lock().unwrap_or_else(|e| e.into_inner()).take(now),
                None if write => self.pacers.budget().take_at_once(now, 1),
                None => self.pacers.budget().take(now, 1),
            };
            if wait == 0 {
                return;
            }
            crate::browser::sleep_ms(wait as u64).await;
        }
    }

    /// What an answer says about its budget: a 429 holds every later send of it for the
    /// `Retry-After` (a whole window when Graph's CORS headers hide it); for the learned
    /// budget, a lone request throttled says that it is spent.
    fn observe(&self, template: &GraphRequest, retries: Retries, raw: &RawResponse) {
        if retries == Retries::Caller {
            return;
        }
        let now = crate::browser::now_ms();
        let throttled = raw.status == 429;
        let wait = raw
            .retry_after
            .as_deref()
            .and_then(retry_after_delta_secs)
            .map(|s| s as i64 * 1000);
        match self.pacers.of(template.operation) {
            Some(pacer) if throttled => {
                let mut p = pacer.lock().unwrap_or_else(|e| e.into_inner());
                let window = p.budget().window_ms;
                p.hold(now, wait.unwrap_or(window));
            }
            Some(_) => {}
            None => {
                let (served, throttled) = (u64::from(!throttled), u64::from(throttled));
                self.pacers.budget().answered(now, served, throttled, wait);
            }
        }
    }

    /// One attempt: a token (renewed when asked), the headers, the transport.
    async fn send_once(
        &self,
        url: &str,
        template: &GraphRequest,
        signal: Option<&web_sys::AbortSignal>,
        renew: bool,
    ) -> Result<RawResponse, Failed> {
        let token = self
            .tokens
            .token(token_kind(template), renew)
            .await
            .map_err(Failed::Auth)?;
        let authorization = format!("Bearer {token}");
        let request_id = crate::browser::random_uuid();
        let mut headers = vec![
            ("Authorization", authorization.as_str()),
            ("client-request-id", request_id.as_str()),
        ];
        headers.extend(
            template
                .headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str())),
        );
        let body = template.body.as_ref().map(|b| b.to_string());
        let request = Request {
            url,
            method: template.method.as_str(),
            headers,
            body: body.as_deref(),
            signal,
            no_cache: false,
        };
        transport::send(&request).await.map_err(|e| match e {
            SendError::Aborted => Failed::Aborted,
            SendError::Network(detail) => Failed::Network(detail),
        })
    }
}

/// An attempt that got no HTTP answer.
enum Failed {
    Aborted,
    Auth(crate::auth::AuthError),
    Network(String),
}

/// The failure of an attempt that got `answer` (Graph's, or no answer with its detail).
fn failure(answer: Result<RawResponse, String>, operation: Operation) -> GraphFailure {
    match answer {
        Ok(raw) => GraphFailure::Graph {
            retry_after_secs: raw.retry_after.as_deref().and_then(retry_after_delta_secs),
            error: graph_error(raw),
            operation,
        },
        Err(detail) => GraphFailure::graph(hints::network_error(&detail), operation),
    }
}

/// The error of a non-2xx answer, with the ids from the headers when the body lacks them.
fn graph_error(raw: RawResponse) -> GraphError {
    let mut error = GraphError::from_response(raw.status, &raw.body);
    if error.request_id.is_none() {
        error.request_id = raw.request_id;
    }
    if error.client_request_id.is_none() {
        error.client_request_id = raw.client_request_id;
    }
    error
}

/// The token a request needs: least privilege, each grant added when an operation first needs it.
fn token_kind(request: &GraphRequest) -> TokenKind {
    request.operation.grant()
}

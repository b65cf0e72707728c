//! The only place that does HTTP. One typed client with one private `send`: it adds the token and
//! a `client-request-id`, checks the status, retries what the retry policy of `syncdeck-graph`
//! says to retry, and maps every failure into [`GraphFailure`], which keeps Graph's error code and
//! `request-id`. Which URL to call, what to retry and what to tell the admin are all decided in
//! `syncdeck-graph`; this module only moves bytes.

pub mod batch;
pub mod scan;

use crate::auth::{AuthError, TokenKind, TokenSource};
use crate::config::RuntimeConfig;
use std::sync::Arc;
use syncdeck_core::send::{Answer, Attempts, Next, Retries};
use syncdeck_graph::hints::{self, Operation};
use syncdeck_graph::request::{self, GraphRequest, ServicePrincipalQuery};
use syncdeck_graph::retry::retry_after_delta_secs;
use syncdeck_graph::{
    GraphError, ODataPage, RetryPolicy, ServicePrincipal, SynchronizationJob,
    SynchronizationTemplate, parse_job, parse_jobs_page, parse_service_principals_page,
    parse_templates_page,
};

pub use syncdeck_core::GraphFailure;

/// The typed Graph client of one configuration.
#[derive(Clone, Debug)]
pub struct GraphClient {
    base: Arc<str>,
    root: Arc<str>,
    tokens: TokenSource,
    retry: RetryPolicy,
}

impl GraphClient {
    /// A client for `config`'s Graph host and version, authenticated by `tokens`.
    pub fn new(config: &RuntimeConfig, tokens: TokenSource) -> GraphClient {
        GraphClient {
            base: Arc::from(config.graph_base_url.as_str()),
            root: Arc::from(config.graph_root()),
            tokens,
            retry: RetryPolicy::default(),
        }
    }

    /// The configured Graph host (`graphBaseUrl`).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The absolute URL of a request.
    pub fn url(&self, request: &GraphRequest) -> String {
        request.url(&self.root)
    }

    /// True when `url` is on this client's Graph host (the only host that gets the token).
    pub fn owns(&self, url: &str) -> bool {
        url.strip_prefix(&*self.base)
            .is_some_and(|rest| rest.starts_with('/'))
    }

    /// The first page of the tenant's service principals (minimal `$select`, `$top=999`).
    pub fn first_service_principals_page(&self) -> GraphRequest {
        request::list_service_principals(&ServicePrincipalQuery::default())
    }

    /// One page of service principals: the first page's request, or an `@odata.nextLink`.
    pub async fn service_principals_page(
        &self,
        page: Page<'_>,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<ODataPage<ServicePrincipal>, GraphFailure> {
        let body = match page {
            Page::First(request) => self.execute(request, signal).await?,
            Page::Next(url) => {
                self.get_link(url, Operation::ListServicePrincipals, signal)
                    .await?
            }
        };
        parse_service_principals_page(&body).map_err(|e| GraphFailure::Unreadable(e.to_string()))
    }

    /// The synchronization jobs of one service principal (job lists are never paged in practice;
    /// a next link is followed anyway).
    pub async fn jobs(
        &self,
        sp_id: &str,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<Vec<SynchronizationJob>, GraphFailure> {
        let request = request::list_jobs(sp_id).map_err(GraphFailure::Request)?;
        let body = self.execute(&request, signal.clone()).await?;
        self.job_pages(body, signal).await
    }

    /// The jobs from `next_link` on (a job list that Graph paged).
    pub async fn more_jobs(
        &self,
        next_link: &str,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<Vec<SynchronizationJob>, GraphFailure> {
        let body = self
            .get_link(next_link, Operation::ListJobs, signal.clone())
            .await?;
        self.job_pages(body, signal).await
    }

    async fn job_pages(
        &self,
        mut body: String,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<Vec<SynchronizationJob>, GraphFailure> {
        let mut jobs = Vec::new();
        loop {
            let page =
                parse_jobs_page(&body).map_err(|e| GraphFailure::Unreadable(e.to_string()))?;
            jobs.extend(page.value);
            match page.next_link {
                None => return Ok(jobs),
                Some(next) => {
                    body = self
                        .get_link(&next, Operation::ListJobs, signal.clone())
                        .await?
                }
            }
        }
    }

    /// GETs an `@odata.nextLink` as it is (only on the configured Graph host).
    async fn get_link(
        &self,
        url: &str,
        operation: Operation,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<String, GraphFailure> {
        let template = GraphRequest::new(syncdeck_graph::Method::Get, String::new(), operation);
        let retries = Retries::Policy(self.retry);
        self.send(url, &template, retries, signal)
            .await
            .map(|raw| raw.body)
    }

    /// One service principal (the properties the app shows).
    pub async fn service_principal(
        &self,
        sp_id: &str,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<ServicePrincipal, GraphFailure> {
        let request = request::get_service_principal(sp_id).map_err(GraphFailure::Request)?;
        let body = self.execute(&request, signal).await?;
        syncdeck_graph::parse::<ServicePrincipal>(&body)
            .map_err(|e| GraphFailure::Unreadable(e.to_string()))
    }

    /// One job, with the JSON exactly as Graph sent it (the job page shows it on demand).
    pub async fn job(
        &self,
        sp_id: &str,
        job_id: &str,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<(SynchronizationJob, String), GraphFailure> {
        let request = request::get_job(sp_id, job_id).map_err(GraphFailure::Request)?;
        let body = self.execute(&request, signal).await?;
        let job = parse_job(&body).map_err(|e| GraphFailure::Unreadable(e.to_string()))?;
        Ok((job, body))
    }

    /// The synchronization templates of one service principal.
    pub async fn templates(
        &self,
        sp_id: &str,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<Vec<SynchronizationTemplate>, GraphFailure> {
        let request = request::list_templates(sp_id).map_err(GraphFailure::Request)?;
        let body = self.execute(&request, signal).await?;
        parse_templates_page(&body)
            .map(|page| page.value)
            .map_err(|e| GraphFailure::Unreadable(e.to_string()))
    }

    /// Creates a job from a template; 200 (the documentation's example) and 201 (its text) are
    /// both success. Returns the new job.
    pub async fn create_job(
        &self,
        sp_id: &str,
        template_id: &str,
    ) -> Result<SynchronizationJob, GraphFailure> {
        let request = request::create_job(sp_id, template_id).map_err(GraphFailure::Request)?;
        let body = self.execute(&request, None).await?;
        parse_job(&body).map_err(|e| GraphFailure::Unreadable(e.to_string()))
    }

    /// Sends one write (start, pause, restart, delete) built by `syncdeck-graph`. Writes are
    /// retried only after a 429, when Graph did not run them (the retry policy decides).
    pub async fn write(&self, request: &GraphRequest) -> Result<(), GraphFailure> {
        self.execute(request, None).await.map(|_| ())
    }

    /// Sends a request built by `syncdeck-graph` and returns the body of its 2xx answer, after
    /// the retries the policy allows.
    pub async fn execute(
        &self,
        request: &GraphRequest,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<String, GraphFailure> {
        let retries = Retries::Policy(self.retry);
        self.send(&self.url(request), request, retries, signal)
            .await
            .map(|raw| raw.body)
    }

    /// Sends one request and returns Graph's answer whatever its status, after renewing an
    /// expired token once (the fleet scan's `$batch` envelopes: the scan planner decides what
    /// to retry).
    pub async fn send_raw(
        &self,
        request: &GraphRequest,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<RawResponse, GraphFailure> {
        self.send(&self.url(request), request, Retries::Caller, signal)
            .await
    }

    /// Sends `template`'s method, headers and body to `url` (its own URL, or a next link) until
    /// `syncdeck_core::send` accepts an answer or gives up: the 401 rule and the retry policy,
    /// in one place.
    async fn send(
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
            let renew = attempts.renew_token();
            let answer = match self.send_once(url, template, signal.clone(), renew).await {
                Ok(raw) => Ok(raw),
                Err(SendError::Aborted) => return Err(GraphFailure::Aborted),
                Err(SendError::Auth(e)) => return Err(GraphFailure::Auth(e)),
                Err(SendError::Network(detail)) => Err(detail),
            };
            let (status, retry_after) = match &answer {
                Ok(raw) => (Answer::Status(raw.status), raw.retry_after.as_deref()),
                Err(_) => (Answer::NoAnswer, None),
            };
            let now = js_sys::Date::now() as i64;
            match attempts.next(status, retry_after, now, &mut js_sys::Math::random) {
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
                    sleep_ms(ms).await;
                    if signal.as_ref().is_some_and(|s| s.aborted()) {
                        return Err(GraphFailure::Aborted);
                    }
                }
                Next::Fail => return Err(failure(answer, operation)),
            }
        }
    }

    /// The one place a request leaves the app.
    async fn send_once(
        &self,
        url: &str,
        template: &GraphRequest,
        signal: Option<web_sys::AbortSignal>,
        renew: bool,
    ) -> Result<RawResponse, SendError> {
        let token = self
            .tokens
            .token(token_kind(template), renew)
            .await
            .map_err(SendError::Auth)?;
        let mut builder = gloo_net::http::RequestBuilder::new(url)
            .method(method_of(template))
            .header("Authorization", &format!("Bearer {token}"))
            .header("client-request-id", &new_client_request_id())
            .abort_signal(signal.as_ref());
        for (name, value) in &template.headers {
            builder = builder.header(name, value);
        }
        let request = match &template.body {
            Some(body) => builder.body(body.to_string()),
            None => builder.build(),
        }
        .map_err(|e| SendError::Network(e.to_string()))?;
        let aborted = || signal.as_ref().is_some_and(|s| s.aborted());
        let response = match request.send().await {
            Ok(r) => r,
            Err(_) if aborted() => return Err(SendError::Aborted),
            Err(e) => return Err(SendError::Network(e.to_string())),
        };
        let status = response.status();
        let body = match response.text().await {
            Ok(b) => b,
            Err(_) if aborted() => return Err(SendError::Aborted),
            Err(e) => return Err(SendError::Network(e.to_string())),
        };
        let headers = response.headers();
        Ok(RawResponse {
            status,
            body,
            request_id: headers.get("request-id"),
            client_request_id: headers.get("client-request-id"),
            // Readable only when Graph lists it in Access-Control-Expose-Headers.
            retry_after: headers.get("retry-after"),
        })
    }
}

/// Graph's answer to one request, before anyone judged it.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// The body as text.
    pub body: String,
    /// The `request-id` header, if readable.
    pub request_id: Option<String>,
    /// The `client-request-id` header, if readable.
    pub client_request_id: Option<String>,
    /// The `Retry-After` header, if CORS lets the browser read it.
    pub retry_after: Option<String>,
}

impl RawResponse {
    /// The error of a non-2xx answer, with the ids from the headers when the body lacks them.
    fn into_error(self) -> GraphError {
        let mut error = GraphError::from_response(self.status, &self.body);
        if error.request_id.is_none() {
            error.request_id = self.request_id;
        }
        if error.client_request_id.is_none() {
            error.client_request_id = self.client_request_id;
        }
        error
    }
}

/// The failure of an attempt that got `answer` (Graph's, or no answer with its detail).
fn failure(answer: Result<RawResponse, String>, operation: Operation) -> GraphFailure {
    match answer {
        Ok(raw) => {
            let retry_after_secs = raw.retry_after.as_deref().and_then(retry_after_delta_secs);
            GraphFailure::Graph {
                error: raw.into_error(),
                operation,
                retry_after_secs,
            }
        }
        Err(detail) => GraphFailure::graph(hints::network_error(&detail), operation),
    }
}

/// The token a request needs: least privilege until it writes.
fn token_kind(request: &GraphRequest) -> TokenKind {
    if request.is_write() {
        TokenKind::Write
    } else {
        TokenKind::Read
    }
}

/// Where a page of a list comes from.
#[derive(Debug, Clone, Copy)]
pub enum Page<'a> {
    /// The first page: the request as built.
    First(&'a GraphRequest),
    /// A later page: Graph's `@odata.nextLink`, followed as it is.
    Next(&'a str),
}

/// An attempt that got no HTTP answer.
enum SendError {
    Aborted,
    Auth(AuthError),
    Network(String),
}

fn method_of(request: &GraphRequest) -> gloo_net::http::Method {
    use gloo_net::http::Method as M;
    use syncdeck_graph::Method;
    match request.method {
        Method::Get => M::GET,
        Method::Post => M::POST,
        Method::Put => M::PUT,
        Method::Patch => M::PATCH,
        Method::Delete => M::DELETE,
    }
}

/// Waits `ms` milliseconds (a `setTimeout` promise).
pub async fn sleep_ms(ms: u64) {
    let ms = ms.min(i32::MAX as u64) as i32;
    let promise = js_sys::Promise::new(&mut |resolve, _| match web_sys::window() {
        Some(w) => {
            if w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .is_err()
            {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            }
        }
        None => {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A fresh GUID for the `client-request-id` header, which support can correlate.
fn new_client_request_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}", (js_sys::Math::random() * 1e16) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;

    fn client(base: &str) -> GraphClient {
        let cfg = parse_config(&format!(
            r#"{{"graphBaseUrl":"{base}","apiVersion":"beta","auth":{{"mode":"token","token":"t"}}}}"#
        ))
        .unwrap();
        GraphClient::new(&cfg, TokenSource::Static("t".into()))
    }

    #[test]
    fn requests_hang_off_the_configured_root() {
        let c = client("http://127.0.0.1:8080");
        let first = c.first_service_principals_page();
        assert_eq!(
            c.url(&first),
            "http://127.0.0.1:8080/beta/servicePrincipals?$select=id,appId,displayName,applicationTemplateId&$top=999"
        );
        let jobs = request::list_jobs("a b").unwrap();
        assert_eq!(
            c.url(&jobs),
            "http://127.0.0.1:8080/beta/servicePrincipals/a%20b/synchronization/jobs"
        );
    }

    #[test]
    fn the_token_only_goes_to_the_configured_host() {
        let c = client("http://127.0.0.1:8080");
        assert!(c.owns("http://127.0.0.1:8080/beta/servicePrincipals?$skiptoken=x"));
        assert!(!c.owns("http://127.0.0.1:80800/beta/servicePrincipals"));
        assert!(!c.owns("http://127.0.0.1:8080.evil.com/beta"));
        assert!(!c.owns("https://evil.example/beta/servicePrincipals"));
    }
}

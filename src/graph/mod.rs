//! The only place that does HTTP: [`transport::send`] is the one `fetch` of the app, and the
//! typed [`GraphClient`] sends every Graph request through its one `send` (`send.rs`: token,
//! `client-request-id`, the 401 rule and the retry policy of `syncdeck_core::send`). The scan
//! and the auto-refresh run their `$batch` requests through the one batch runner
//! ([`batch`]). Which URL to call, what to retry and what to tell the admin are decided in
//! `syncdeck-graph` and `syncdeck-core`; this module only moves bytes.

pub mod batch;
mod logs;
pub mod scan;
mod send;
pub mod transport;

use crate::auth::TokenSource;
use crate::config::RuntimeConfig;
use std::sync::{Arc, Mutex};
use syncdeck_core::send::Retries;
use syncdeck_graph::budget::Learned;
use syncdeck_graph::hints::Operation;
use syncdeck_graph::pace::{self, Pacer};
use syncdeck_graph::request::{self, GraphRequest, ServicePrincipalQuery};
use syncdeck_graph::scan_plan::AnswerCounts;
use syncdeck_graph::{
    ODataPage, RetryPolicy, ServicePrincipal, SynchronizationJob, SynchronizationTemplate,
    parse_job, parse_jobs_page, parse_service_principals_page, parse_templates_page,
};

pub use syncdeck_core::GraphFailure;
pub use transport::RawResponse;

/// The typed Graph client of one configuration.
#[derive(Clone, Debug)]
pub struct GraphClient {
    base: Arc<str>,
    root: Arc<str>,
    tokens: TokenSource,
    retry: RetryPolicy,
    pacers: Arc<Pacers>,
}

/// The client's pacers, shared by every copy of the client: Graph's documented budgets
/// (`syncdeck_graph::pace`: one for the reports, i.e. the provisioning logs, one for
/// provisionOnDemand), and the budget learned for everything else (`syncdeck_graph::budget`):
/// the scan's `$batch` requests, the listing, the job pages and the admin's actions.
#[derive(Debug)]
struct Pacers {
    reports: Mutex<Pacer>,
    on_demand: Mutex<Pacer>,
    budget: Mutex<Learned>,
}

impl Pacers {
    fn new() -> Pacers {
        Pacers {
            reports: Mutex::new(Pacer::new(pace::REPORTS)),
            on_demand: Mutex::new(Pacer::new(pace::PROVISION_ON_DEMAND)),
            budget: Mutex::new(Learned::new()),
        }
    }

    /// The learned budget.
    fn budget(&self) -> std::sync::MutexGuard<'_, Learned> {
        self.budget.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The pacer of `operation`'s budget, if it has one.
    fn of(&self, operation: Operation) -> Option<&Mutex<Pacer>> {
        match operation {
            Operation::ListProvisioningLogs => Some(&self.reports),
            Operation::ProvisionOnDemand => Some(&self.on_demand),
            _ => None,
        }
    }
}

impl GraphClient {
    /// A client for `config`'s Graph host and version, authenticated by `tokens`.
    pub fn new(config: &RuntimeConfig, tokens: TokenSource) -> GraphClient {
        GraphClient {
            base: Arc::from(config.graph_base_url.as_str()),
            root: Arc::from(config.graph_root()),
            tokens,
            retry: RetryPolicy::default(),
            pacers: Arc::new(Pacers::new()),
        }
    }

    /// Takes a turn of the learned budget for `n` requests now (a `$batch` of `n`): 0 when they
    /// may go (they are counted), else how many milliseconds to wait.
    pub fn budget_turn(&self, n: u64) -> u64 {
        let now = crate::browser::now_ms();
        self.pacers.budget().take(now, n).max(0) as u64
    }

    /// What a `$batch` answer said about the budget (served, throttled, `Retry-After`).
    pub fn budget_answered(&self, counts: AnswerCounts) {
        let now = crate::browser::now_ms();
        let retry_after = counts.retry_after_ms;
        self.pacers
            .budget()
            .answered_batch(now, counts.served, counts.throttled, retry_after);
    }

    /// The learned budget (requests per window), once Graph has said it was spent.
    pub fn budget_limit(&self) -> Option<u64> {
        self.pacers.budget().limit()
    }

    /// Until when Graph holds every request back (its `Retry-After` after a spent budget), if
    /// that is later than now (Unix ms).
    pub fn held_until(&self) -> Option<i64> {
        self.pacers.budget().held_until(crate::browser::now_ms())
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
        retries: Retries,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<ODataPage<ServicePrincipal>, GraphFailure> {
        let body = match page {
            Page::First(request) => {
                let url = self.url(request);
                self.send(&url, request, retries, signal).await?.body
            }
            Page::Next(url) => {
                let template = GraphRequest::new(
                    syncdeck_graph::Method::Get,
                    String::new(),
                    Operation::ListServicePrincipals,
                );
                self.send(url, &template, retries, signal).await?.body
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
}

/// Where a page of a list comes from.
#[derive(Debug, Clone, Copy)]
pub enum Page<'a> {
    /// The first page: the request as built.
    First(&'a GraphRequest),
    /// A later page: Graph's `@odata.nextLink`, followed as it is.
    Next(&'a str),
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

//! The only place that does HTTP. One typed client with one private `send`: it adds the token and
//! a `client-request-id`, checks the status, and maps every failure into [`GraphFailure`], which
//! keeps Graph's error code and `request-id`. Everything decidable without I/O is in
//! `syncdeck-graph`.

pub mod scan;

use crate::auth::{AuthError, TokenSource};
use crate::config::RuntimeConfig;
use std::sync::Arc;
use syncdeck_graph::{
    GraphError, ODataPage, ServicePrincipal, SynchronizationJob, parse_jobs_page,
    parse_service_principals_page,
};

/// The properties the fleet view needs of a service principal: a small `$select` is cheaper and
/// faster (reference §4.5).
pub const SERVICE_PRINCIPAL_SELECT: &str = "id,appId,displayName,applicationTemplateId";

/// The largest page Graph gives for `/servicePrincipals`.
pub const SERVICE_PRINCIPAL_PAGE: u32 = 999;

/// Everything that can go wrong with a Graph call, in words an admin can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GraphFailure {
    /// Graph answered with an error status; keeps code, message, `request-id` and the rest.
    #[error("{0}")]
    Http(GraphError),
    /// The request never got an answer (network down, DNS, CORS refusal).
    #[error("Microsoft Graph could not be reached: {0}")]
    Network(String),
    /// Graph answered 2xx with a body syncdeck could not read.
    #[error("Microsoft Graph answered with a body syncdeck could not read: {0}")]
    Unreadable(String),
    /// No token.
    #[error("{0}")]
    Auth(AuthError),
    /// Graph sent a next-page link to another host; syncdeck does not send the token there.
    #[error("Microsoft Graph sent a next-page link to another host ({0}); it was not followed")]
    ForeignLink(String),
    /// Cancelled (the page was left).
    #[error("cancelled")]
    Aborted,
}

/// The typed Graph client of one configuration.
#[derive(Clone, Debug)]
pub struct GraphClient {
    base: Arc<str>,
    root: Arc<str>,
    tokens: TokenSource,
}

impl GraphClient {
    /// A client for `config`'s Graph host and version, authenticated by `tokens`.
    pub fn new(config: &RuntimeConfig, tokens: TokenSource) -> GraphClient {
        GraphClient {
            base: Arc::from(config.graph_base_url.as_str()),
            root: Arc::from(config.graph_root()),
            tokens,
        }
    }

    /// The URL of the first page of the tenant's service principals.
    pub fn service_principals_url(&self) -> String {
        format!(
            "{}/servicePrincipals?$select={SERVICE_PRINCIPAL_SELECT}&$top={SERVICE_PRINCIPAL_PAGE}",
            self.root
        )
    }

    /// The URL of one service principal's synchronization jobs.
    pub fn jobs_url(&self, sp_id: &str) -> String {
        format!(
            "{}/servicePrincipals/{}/synchronization/jobs",
            self.root,
            encode_segment(sp_id)
        )
    }

    /// True when `url` is on this client's Graph host (the only host that gets the token).
    pub fn owns(&self, url: &str) -> bool {
        url.strip_prefix(&*self.base)
            .is_some_and(|rest| rest.starts_with('/'))
    }

    /// One page of service principals (`url` is the first-page URL or an `@odata.nextLink`).
    pub async fn service_principals_page(
        &self,
        url: &str,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<ODataPage<ServicePrincipal>, GraphFailure> {
        if !self.owns(url) {
            return Err(GraphFailure::ForeignLink(url.to_string()));
        }
        let body = self.send(url, signal).await?;
        parse_service_principals_page(&body).map_err(|e| GraphFailure::Unreadable(e.to_string()))
    }

    /// The synchronization jobs of one service principal (job lists are never paged in practice;
    /// a next link is followed anyway).
    pub async fn jobs(
        &self,
        sp_id: &str,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<Vec<SynchronizationJob>, GraphFailure> {
        let mut url = self.jobs_url(sp_id);
        let mut jobs = Vec::new();
        loop {
            let body = self.send(&url, signal.clone()).await?;
            let page =
                parse_jobs_page(&body).map_err(|e| GraphFailure::Unreadable(e.to_string()))?;
            jobs.extend(page.value);
            match page.next_link {
                Some(next) if self.owns(&next) => url = next,
                Some(next) => return Err(GraphFailure::ForeignLink(next)),
                None => return Ok(jobs),
            }
        }
    }

    /// The one place a request leaves the app.
    async fn send(
        &self,
        url: &str,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<String, GraphFailure> {
        let token = self.tokens.token().await.map_err(GraphFailure::Auth)?;
        let request = gloo_net::http::Request::get(url)
            .header("Authorization", &format!("Bearer {token}"))
            .header("client-request-id", &new_client_request_id())
            .abort_signal(signal.as_ref())
            .build()
            .map_err(|e| GraphFailure::Network(e.to_string()))?;
        let aborted = || signal.as_ref().is_some_and(|s| s.aborted());
        let response = match request.send().await {
            Ok(r) => r,
            Err(_) if aborted() => return Err(GraphFailure::Aborted),
            Err(e) => return Err(GraphFailure::Network(e.to_string())),
        };
        let status = response.status();
        let body = match response.text().await {
            Ok(b) => b,
            Err(_) if aborted() => return Err(GraphFailure::Aborted),
            Err(e) => return Err(GraphFailure::Network(e.to_string())),
        };
        if (200..300).contains(&status) {
            return Ok(body);
        }
        let mut error = GraphError::from_response(status, &body);
        let headers = response.headers();
        if error.request_id.is_none() {
            error.request_id = headers.get("request-id");
        }
        if error.client_request_id.is_none() {
            error.client_request_id = headers.get("client-request-id");
        }
        Err(GraphFailure::Http(error))
    }
}

/// A fresh GUID for the `client-request-id` header, which support can correlate.
fn new_client_request_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}", (js_sys::Math::random() * 1e16) as u64))
}

/// Percent-encodes one path segment (ids are GUIDs and `templateId.hex[.guid]`, but never trust).
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
        GraphClient::new(&cfg, TokenSource::from_config(&cfg).unwrap())
    }

    #[test]
    fn builds_the_scan_urls() {
        let c = client("http://127.0.0.1:8080");
        assert_eq!(
            c.service_principals_url(),
            "http://127.0.0.1:8080/beta/servicePrincipals?$select=id,appId,displayName,applicationTemplateId&$top=999"
        );
        assert_eq!(
            c.jobs_url("a b/c"),
            "http://127.0.0.1:8080/beta/servicePrincipals/a%20b%2Fc/synchronization/jobs"
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

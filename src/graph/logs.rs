//! The provisioning logs (`GET /auditLogs/provisioning`), one page at a time. Every attempt goes
//! through the client's reports pacer (`send.rs`): 5 requests per 10 s per app and tenant.

use super::{GraphClient, GraphFailure, Page};
use syncdeck_graph::hints::Operation;
use syncdeck_graph::logs::{LogPage, parse_log_page};

impl GraphClient {
    /// One page of provisioning log entries (events as Graph sent them, and the next link): the first page's request (e.g.
    /// `syncdeck_graph::logs::LogFilter::request`), or an `@odata.nextLink`.
    pub async fn provisioning_logs(
        &self,
        page: Page<'_>,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<LogPage, GraphFailure> {
        let body = match page {
            Page::First(request) => self.execute(request, signal).await?,
            Page::Next(url) => {
                self.get_link(url, Operation::ListProvisioningLogs, signal)
                    .await?
            }
        };
        let page = parse_log_page(&body).map_err(|e| GraphFailure::Unreadable(e.to_string()))?;
        if !self.logs_granted() {
            crate::browser::store(&self.logs_grant_key(), "1");
        }
        Ok(page)
    }

    /// True when the logs may be read without the admin's click: token mode (no consent to ask),
    /// or a logs read already worked in this browser for this Graph host (the grant is there).
    /// Otherwise the first read waits for the admin, so that the logs' permissions are asked for
    /// only when the admin opens the logs.
    pub fn logs_granted(&self) -> bool {
        matches!(self.tokens, crate::auth::TokenSource::Static(_))
            || crate::browser::stored(&self.logs_grant_key()).is_some()
    }

    /// The flag's storage key (no token, no tenant data: the Graph host only).
    fn logs_grant_key(&self) -> String {
        format!("syncdeck.logsGrant.{}", self.base())
    }
}

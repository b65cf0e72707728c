//! Provision on demand: the job's schema rules, the directory lookups that say who, and the
//! provisionOnDemand write itself. Every provisionOnDemand attempt goes through the client's
//! pacer (`send.rs`: 5 per 10 s) and, being a write, is retried only after a 429.

use super::{GraphClient, GraphFailure};
use futures::future::LocalBoxFuture;
use syncdeck_graph::GraphRequest;
use syncdeck_graph::provision::OnDemandShown;
use syncdeck_graph::provision::{self, DirectoryGroup, DirectoryUser, SyncRule};
use syncdeck_graph::request;
use serde_json::Value;

/// A directory object looked up: found, or not there (404 `Request_ResourceNotFound`).
pub type Lookup<T> = Result<Option<T>, GraphFailure>;

fn unreadable(e: impl ToString) -> GraphFailure {
    GraphFailure::Unreadable(e.to_string())
}

/// `Ok(None)` for a 404, the failure otherwise.
fn absent<T>(failure: GraphFailure) -> Lookup<T> {
    if failure.status() == Some(404) {
        Ok(None)
    } else {
        Err(failure)
    }
}

impl GraphClient {
    /// `execute`, boxed: every call of this module polls the one send state machine instead of
    /// a copy of it inlined per caller (kilobytes of WebAssembly each).
    fn fetch(&self, request: GraphRequest) -> LocalBoxFuture<'_, Result<String, GraphFailure>> {
        Box::pin(async move { self.execute(&request, None).await })
    }

    /// The synchronization rules of the job's schema.
    pub async fn schema_rules(
        &self,
        sp_id: &str,
        job_id: &str,
    ) -> Result<Vec<SyncRule>, GraphFailure> {
        let request = request::get_schema(sp_id, job_id).map_err(GraphFailure::Request)?;
        let body = self.fetch(request).await?;
        provision::parse_schema_rules(&body).map_err(unreadable)
    }

    /// A user by object id or user principal name.
    pub async fn user(&self, who: &str) -> Lookup<DirectoryUser> {
        let request = provision::get_user(who).map_err(GraphFailure::Request)?;
        match self.fetch(request).await {
            Ok(body) => provision::parse_user(&body).map(Some).map_err(unreadable),
            Err(e) => absent(e),
        }
    }

    /// A group and its first members (up to `provision::MEMBERS_TOP`; the flag says there
    /// are more).
    pub async fn group(&self, id: &str) -> Lookup<(DirectoryGroup, Vec<DirectoryUser>, bool)> {
        let request = provision::get_group(id).map_err(GraphFailure::Request)?;
        let group = match self.fetch(request).await {
            Ok(body) => provision::parse_group(&body).map_err(unreadable)?,
            Err(e) => return absent(e),
        };
        let request = provision::group_members(&group.id).map_err(GraphFailure::Request)?;
        let body = self.fetch(request).await?;
        let (members, more) = provision::parse_members(&body).map_err(unreadable)?;
        Ok(Some((group, members, more)))
    }

    /// One provisionOnDemand request, its JSON-in-a-string answer decoded (a 200 can still be
    /// a failed or skipped provisioning: read `result`).
    pub async fn provision_on_demand(
        &self,
        sp_id: &str,
        job_id: &str,
        body: Value,
    ) -> Result<OnDemandShown, GraphFailure> {
        let request =
            request::provision_on_demand_json(sp_id, job_id, body).map_err(GraphFailure::Request)?;
        let answer = self.fetch(request).await?;
        provision::read_on_demand(&answer).map_err(unreadable)
    }
}

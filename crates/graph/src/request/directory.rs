//! Requests outside a service principal's synchronization: listing and
//! reading service principals, and a job's provisioning logs.

use super::encode::{encode_segment, odata_string, query_string};
use super::{GraphRequest, Method, RequestError};
use crate::hints::Operation;

/// The largest `$top` Graph accepts on `/servicePrincipals`, a directory
/// object collection (<https://learn.microsoft.com/en-us/graph/paging>).
pub const MAX_SERVICE_PRINCIPALS_TOP: u32 = 999;

/// The properties the fleet scan selects on service principals (keep
/// `$select` small: <https://learn.microsoft.com/en-us/graph/best-practices-concept>):
/// the id for the job paths, the display name for the cards, the appId for
/// the Entra admin center link, the application template id to tell gallery
/// apps apart.
pub const SERVICE_PRINCIPAL_SELECT: &[&str] =
    &["id", "appId", "displayName", "applicationTemplateId"];

/// The query of List service principals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePrincipalQuery {
    /// Properties for `$select` (empty: no `$select`).
    pub select: Vec<String>,
    /// `$top`, clamped to 1..=[`MAX_SERVICE_PRINCIPALS_TOP`]; `None` leaves
    /// Graph's default (100).
    pub top: Option<u32>,
    /// Only those whose display name starts with this
    /// (`startswith(displayName,'...')`); blank means no filter.
    pub display_name_prefix: Option<String>,
}

impl Default for ServicePrincipalQuery {
    /// [`SERVICE_PRINCIPAL_SELECT`], `$top=999`, no filter: the fleet scan's
    /// listing, in as few pages as Graph allows.
    fn default() -> Self {
        ServicePrincipalQuery {
            select: SERVICE_PRINCIPAL_SELECT
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            top: Some(MAX_SERVICE_PRINCIPALS_TOP),
            display_name_prefix: None,
        }
    }
}

/// `GET /servicePrincipals?$select=…&$top=…[&$filter=startswith(displayName,'…')]`.
/// Single quotes in the prefix are doubled, as OData string literals need.
/// Follow the page's `@odata.nextLink` as it is for the next pages.
pub fn list_service_principals(query: &ServicePrincipalQuery) -> GraphRequest {
    let mut params: Vec<(&str, String)> = Vec::new();
    if !query.select.is_empty() {
        params.push(("$select", query.select.join(",")));
    }
    if let Some(top) = query.top {
        params.push(("$top", top.clamp(1, MAX_SERVICE_PRINCIPALS_TOP).to_string()));
    }
    if let Some(prefix) = query
        .display_name_prefix
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        params.push((
            "$filter",
            format!("startswith(displayName,{})", odata_string(prefix)),
        ));
    }
    GraphRequest::new(
        Method::Get,
        format!("/servicePrincipals{}", query_string(&params)),
        Operation::ListServicePrincipals,
    )
}

/// `GET /servicePrincipals/{spId}?$select=…` ([`SERVICE_PRINCIPAL_SELECT`]).
pub fn get_service_principal(sp_id: &str) -> Result<GraphRequest, RequestError> {
    Ok(GraphRequest::new(
        Method::Get,
        format!(
            "{}{}",
            sp_path(sp_id)?,
            query_string(&[("$select", SERVICE_PRINCIPAL_SELECT.join(","))])
        ),
        Operation::GetServicePrincipal,
    ))
}

/// `GET /auditLogs/provisioning?$filter=jobId eq '{jobId}'&$top={top}&$orderby=activityDateTime desc`:
/// the newest provisioning log entries of a job. `top` is clamped to
/// 1..=1000. Mind the reports throttle (5 requests per 10 s).
pub fn provisioning_logs_for_job(job_id: &str, top: u32) -> GraphRequest {
    let params = [
        ("$filter", format!("jobId eq {}", odata_string(job_id))),
        ("$top", top.clamp(1, 1000).to_string()),
        ("$orderby", "activityDateTime desc".to_owned()),
    ];
    GraphRequest::new(
        Method::Get,
        format!("/auditLogs/provisioning{}", query_string(&params)),
        Operation::ListProvisioningLogs,
    )
}

pub(super) fn sp_path(sp_id: &str) -> Result<String, RequestError> {
    Ok(format!(
        "/servicePrincipals/{}",
        encode_segment(sp_id, "service principal id")?
    ))
}

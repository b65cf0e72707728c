//! Request builders for every Graph call the app makes (reference table 1.1).
//!
//! Each builder returns a [`GraphRequest`]: the method, the path relative to
//! the version root (`https://graph.microsoft.com/v1.0`), already
//! percent-encoded and with its query, the JSON body if any, the headers the
//! call needs, and the [`Operation`] it performs (for hints and for the
//! retry policy). The app's one `send` adds the token and a
//! `client-request-id`; nothing else builds a URL.
//!
//! Ids are percent-encoded as path segments: only RFC 3986 unreserved
//! characters (`A-Z a-z 0-9 - . _ ~`) stay as they are, so an id can never
//! add a path segment, a query or a fragment. An id that is empty, `.` or
//! `..` is refused ([`RequestError::InvalidId`]): a browser would resolve
//! such a segment (even encoded as `%2E`) and send the request elsewhere.
//! Query values are percent-encoded too, keeping `$ , ' ( ) :` readable
//! (Graph accepts them as they are), so `$select=id,appId` stays legible.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::hints::Operation;
use crate::model::{SecretsPutBody, SynchronizationSecretKeyStringValuePair};
use crate::restart::RestartCriteria;
use crate::retry::RequestKind;

/// The largest `$top` Graph accepts on `/servicePrincipals` (reference §4.4).
pub const MAX_SERVICE_PRINCIPALS_TOP: u32 = 999;

/// The properties the fleet scan selects on service principals (reference
/// §4.5: keep `$select` small): the id for the job paths, the display name for
/// the cards, the appId for the Entra admin center link, the application
/// template id to tell gallery apps apart.
pub const SERVICE_PRINCIPAL_SELECT: &[&str] =
    &["id", "appId", "displayName", "applicationTemplateId"];

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
}

impl Method {
    /// The method's name, upper case (`"GET"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// The method for a name, ignoring ASCII case; `None` for others.
    pub fn parse(name: &str) -> Option<Method> {
        [
            Method::Get,
            Method::Post,
            Method::Put,
            Method::Patch,
            Method::Delete,
        ]
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// True for every method but GET.
    pub fn is_write(self) -> bool {
        self != Method::Get
    }
}

impl From<Method> for RequestKind {
    /// GET reads; every other method writes.
    fn from(m: Method) -> RequestKind {
        if m.is_write() {
            RequestKind::Write
        } else {
            RequestKind::Read
        }
    }
}

/// A request to Microsoft Graph, ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphRequest {
    /// The HTTP method.
    pub method: Method,
    /// The path relative to the version root, starting with `/`, query
    /// included, percent-encoded (e.g.
    /// `/servicePrincipals/abc/synchronization/jobs`).
    pub path: String,
    /// The JSON body, if any.
    pub body: Option<Value>,
    /// Headers the call needs (`Content-Type: application/json` with a body),
    /// name and value. The token and `client-request-id` are added by the
    /// client.
    pub headers: Vec<(String, String)>,
    /// What the request does.
    pub operation: Operation,
}

impl GraphRequest {
    /// A request without body or headers.
    pub fn new(method: Method, path: String, operation: Operation) -> GraphRequest {
        GraphRequest {
            method,
            path,
            body: None,
            headers: Vec::new(),
            operation,
        }
    }

    /// Sets a JSON body and `Content-Type: application/json`.
    pub fn with_json_body(mut self, body: Value) -> GraphRequest {
        self.body = Some(body);
        self.set_header("Content-Type", "application/json");
        self
    }

    /// Sets a header, replacing one of the same name (ignoring ASCII case).
    pub fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
    }

    /// The value of a header (name ignoring ASCII case).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The full URL: `graph_root` (e.g. `https://graph.microsoft.com/v1.0`,
    /// a trailing `/` is ignored) followed by [`GraphRequest::path`].
    pub fn url(&self, graph_root: &str) -> String {
        format!("{}{}", graph_root.trim_end_matches('/'), self.path)
    }

    /// True when the request changes something (see [`Operation::is_write`]);
    /// a `$batch` of reads only is not a write.
    pub fn is_write(&self) -> bool {
        self.operation.is_write()
    }

    /// [`RequestKind::Write`] when [`GraphRequest::is_write`], else
    /// [`RequestKind::Read`]: what the retry policy needs.
    pub fn kind(&self) -> RequestKind {
        if self.is_write() {
            RequestKind::Write
        } else {
            RequestKind::Read
        }
    }
}

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// An id cannot be used as a path segment.
    #[error("the {what} {id:?} cannot be used in a URL: {reason}")]
    InvalidId {
        /// Which id, e.g. "service principal id".
        what: &'static str,
        /// The id as given.
        id: String,
        /// Why not.
        reason: &'static str,
    },
    /// The body could not be serialized to JSON.
    #[error("the body to {operation} could not be written as JSON: {message}")]
    Body {
        /// The operation.
        operation: Operation,
        /// serde_json's message.
        message: String,
    },
}

/// The body of validateCredentials (reference §1.3.4).
///
/// `Debug` redacts the credential values.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialsValidation {
    /// The credentials to test (ignored by Graph when
    /// `use_saved_credentials` is true).
    pub credentials: Vec<SynchronizationSecretKeyStringValuePair>,
    /// Test the credentials already saved instead.
    pub use_saved_credentials: bool,
    /// The template, for the jobs-collection form (before a job exists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
    /// The application identifier, when the template needs one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_identifier: Option<String>,
}

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

/// `GET /servicePrincipals/{spId}/synchronization/jobs`.
pub fn list_jobs(sp_id: &str) -> Result<GraphRequest, RequestError> {
    Ok(GraphRequest::new(
        Method::Get,
        jobs_path(sp_id)?,
        Operation::ListJobs,
    ))
}

/// `GET /servicePrincipals/{spId}/synchronization/jobs/{jobId}`.
pub fn get_job(sp_id: &str, job_id: &str) -> Result<GraphRequest, RequestError> {
    Ok(GraphRequest::new(
        Method::Get,
        job_path(sp_id, job_id)?,
        Operation::GetJob,
    ))
}

/// `POST /servicePrincipals/{spId}/synchronization/jobs` with
/// `{"templateId": …}`. Graph answers 201 or 200 (both mean created).
pub fn create_job(sp_id: &str, template_id: &str) -> Result<GraphRequest, RequestError> {
    Ok(
        GraphRequest::new(Method::Post, jobs_path(sp_id)?, Operation::CreateJob)
            .with_json_body(object([("templateId", Value::from(template_id))])),
    )
}

/// `POST …/jobs/{jobId}/start`, no body. Offer it only when the state allows
/// (see the action policy): repeated Starts can stop the service.
pub fn start_job(sp_id: &str, job_id: &str) -> Result<GraphRequest, RequestError> {
    job_action(sp_id, job_id, "start", Operation::StartJob)
}

/// `POST …/jobs/{jobId}/pause`, no body.
pub fn pause_job(sp_id: &str, job_id: &str) -> Result<GraphRequest, RequestError> {
    job_action(sp_id, job_id, "pause", Operation::PauseJob)
}

/// `POST …/jobs/{jobId}/restart` with `{"criteria":{"resetScope":"…"}}`
/// (an empty scope is the portal's Restart).
pub fn restart_job(
    sp_id: &str,
    job_id: &str,
    criteria: &RestartCriteria,
) -> Result<GraphRequest, RequestError> {
    let path = format!("{}/restart", job_path(sp_id, job_id)?);
    Ok(
        GraphRequest::new(Method::Post, path, Operation::RestartJob)
            .with_json_body(criteria.body()),
    )
}

/// `DELETE /servicePrincipals/{spId}/synchronization/jobs/{jobId}`.
pub fn delete_job(sp_id: &str, job_id: &str) -> Result<GraphRequest, RequestError> {
    Ok(GraphRequest::new(
        Method::Delete,
        job_path(sp_id, job_id)?,
        Operation::DeleteJob,
    ))
}

/// `GET /servicePrincipals/{spId}/synchronization/templates`.
pub fn list_templates(sp_id: &str) -> Result<GraphRequest, RequestError> {
    Ok(GraphRequest::new(
        Method::Get,
        format!("{}/synchronization/templates", sp_path(sp_id)?),
        Operation::ListTemplates,
    ))
}

/// `GET …/jobs/{jobId}/schema`.
pub fn get_schema(sp_id: &str, job_id: &str) -> Result<GraphRequest, RequestError> {
    Ok(GraphRequest::new(
        Method::Get,
        format!("{}/schema", job_path(sp_id, job_id)?),
        Operation::GetSchema,
    ))
}

/// `POST …/jobs/{jobId}/provisionOnDemand` with `parameters` as the body
/// (e.g. `{"parameters":[{"ruleId":…,"subjects":[…]}]}`). Graph answers 200
/// even when provisioning failed: read the result.
pub fn provision_on_demand(
    sp_id: &str,
    job_id: &str,
    body: &impl Serialize,
) -> Result<GraphRequest, RequestError> {
    let path = format!("{}/provisionOnDemand", job_path(sp_id, job_id)?);
    let body = to_json(body, Operation::ProvisionOnDemand)?;
    Ok(GraphRequest::new(Method::Post, path, Operation::ProvisionOnDemand).with_json_body(body))
}

/// `POST …/jobs/{jobId}/validateCredentials` (204 when valid).
pub fn validate_credentials(
    sp_id: &str,
    job_id: &str,
    body: &CredentialsValidation,
) -> Result<GraphRequest, RequestError> {
    let path = format!("{}/validateCredentials", job_path(sp_id, job_id)?);
    validate_credentials_at(path, body)
}

/// `POST /servicePrincipals/{spId}/synchronization/jobs/validateCredentials`:
/// the form bound to the jobs collection, before a job exists (set
/// [`CredentialsValidation::template_id`]).
pub fn validate_credentials_before_job(
    sp_id: &str,
    body: &CredentialsValidation,
) -> Result<GraphRequest, RequestError> {
    let path = format!("{}/validateCredentials", jobs_path(sp_id)?);
    validate_credentials_at(path, body)
}

/// `PUT /servicePrincipals/{spId}/synchronization/secrets` with
/// `{"value":[{key,value},…]}` (the body key is `value`, not `credentials`).
pub fn put_secrets(sp_id: &str, secrets: &SecretsPutBody) -> Result<GraphRequest, RequestError> {
    let path = format!("{}/synchronization/secrets", sp_path(sp_id)?);
    let body = to_json(secrets, Operation::PutSecrets)?;
    Ok(GraphRequest::new(Method::Put, path, Operation::PutSecrets).with_json_body(body))
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

/// Percent-encodes `id` as one path segment: RFC 3986 unreserved characters
/// stay, every other byte of its UTF-8 becomes `%XX` (upper-case hex).
/// Refuses an empty id, `.` and `..` (see the module documentation);
/// `what` names the id in the error.
pub fn encode_segment(id: &str, what: &'static str) -> Result<String, RequestError> {
    let reason = match id {
        "" => Some("it is empty"),
        "." | ".." => Some("a browser would read it as a relative path"),
        _ => None,
    };
    if let Some(reason) = reason {
        return Err(RequestError::InvalidId {
            what,
            id: id.to_owned(),
            reason,
        });
    }
    Ok(percent_encode(id, |_| false))
}

/// Percent-encodes a query value: unreserved characters and `$ , ' ( ) :`
/// stay, spaces become `%20`, everything else `%XX`.
pub fn encode_query_value(value: &str) -> String {
    percent_encode(value, |b| {
        matches!(b, b'$' | b',' | b'\'' | b'(' | b')' | b':')
    })
}

/// An OData string literal: `'…'` with single quotes doubled.
pub fn odata_string(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn percent_encode(text: &str, also_keep: impl Fn(u8) -> bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || also_keep(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0F)]));
        }
    }
    out
}

/// The value of the first header named `name` (ignoring ASCII case).
pub(crate) fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `?a=1&b=2` (values encoded), or `""` with no parameters.
fn query_string(params: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in params.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(name);
        out.push('=');
        out.push_str(&encode_query_value(value));
    }
    out
}

fn sp_path(sp_id: &str) -> Result<String, RequestError> {
    Ok(format!(
        "/servicePrincipals/{}",
        encode_segment(sp_id, "service principal id")?
    ))
}

fn jobs_path(sp_id: &str) -> Result<String, RequestError> {
    Ok(format!("{}/synchronization/jobs", sp_path(sp_id)?))
}

fn job_path(sp_id: &str, job_id: &str) -> Result<String, RequestError> {
    Ok(format!(
        "{}/{}",
        jobs_path(sp_id)?,
        encode_segment(job_id, "job id")?
    ))
}

fn job_action(
    sp_id: &str,
    job_id: &str,
    action: &str,
    operation: Operation,
) -> Result<GraphRequest, RequestError> {
    Ok(GraphRequest::new(
        Method::Post,
        format!("{}/{action}", job_path(sp_id, job_id)?),
        operation,
    ))
}

fn validate_credentials_at(
    path: String,
    body: &CredentialsValidation,
) -> Result<GraphRequest, RequestError> {
    let body = to_json(body, Operation::ValidateCredentials)?;
    Ok(GraphRequest::new(Method::Post, path, Operation::ValidateCredentials).with_json_body(body))
}

/// A JSON object of these members.
fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<Map<String, Value>>(),
    )
}

fn to_json(body: &impl Serialize, operation: Operation) -> Result<Value, RequestError> {
    serde_json::to_value(body).map_err(|e| RequestError::Body {
        operation,
        message: e.to_string(),
    })
}

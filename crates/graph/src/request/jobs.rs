//! Requests under `/servicePrincipals/{id}/synchronization`: jobs and
//! their actions, templates, schema, provision on demand, credentials and
//! secrets.

use serde::Serialize;
use serde_json::{Map, Value};

use super::directory::sp_path;
use super::encode::encode_segment;
use super::{GraphRequest, Method, RequestError};
use crate::hints::Operation;
use crate::model::{SecretsPutBody, SynchronizationSecretKeyStringValuePair};
use crate::restart::RestartCriteria;

/// The body of validateCredentials
/// (<https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-validatecredentials?view=graph-rest-1.0>).
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
    provision_on_demand_json(sp_id, job_id, to_json(body, Operation::ProvisionOnDemand)?)
}

/// [`provision_on_demand`] with the body already JSON.
pub fn provision_on_demand_json(
    sp_id: &str,
    job_id: &str,
    body: Value,
) -> Result<GraphRequest, RequestError> {
    let path = format!("{}/provisionOnDemand", job_path(sp_id, job_id)?);
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

/// `GET /servicePrincipals/{spId}/synchronization/secrets` (undocumented as a method): the
/// saved settings and credentials, `{"value":[{key,value},…]}`.
pub fn get_secrets(sp_id: &str) -> Result<GraphRequest, RequestError> {
    let path = format!("{}/synchronization/secrets", sp_path(sp_id)?);
    Ok(GraphRequest::new(Method::Get, path, Operation::GetSecrets))
}

/// `PUT …/jobs/{jobId}/schema` with the whole `synchronizationSchema` (a replace, not a merge:
/// <https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-update?view=graph-rest-1.0>).
pub fn put_schema(sp_id: &str, job_id: &str, schema: Value) -> Result<GraphRequest, RequestError> {
    let path = format!("{}/schema", job_path(sp_id, job_id)?);
    Ok(GraphRequest::new(Method::Put, path, Operation::PutSchema).with_json_body(schema))
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

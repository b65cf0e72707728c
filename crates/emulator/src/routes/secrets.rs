//! Synchronization secrets (`PUT`, which replaces the saved set, and the undocumented
//! `GET`, which returns it) and
//! validateCredentials (job-bound and bound to the jobs collection), judged by
//! the `--credential-rule` or, at run time, the faults' `credentialRule`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use crate::CredentialRule;
use crate::faults::SecretsRead;
use crate::odata::{GraphError, collection, no_content, ok_json};
use crate::routes::graph::{GraphCtx, JsonBody, job_index, sp_as_is, sp_at_now};
use crate::sim;
use crate::state::AppState;
use crate::templates::templates_for;
use crate::tenant::ServicePrincipal;

/// Every `synchronizationSecret` member name, see
/// <https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationsecretkeystringvaluepair>.
pub const SECRET_KEYS: [&str; 45] = [
    "None",
    "UserName",
    "Password",
    "SecretToken",
    "AppKey",
    "BaseAddress",
    "ClientIdentifier",
    "ClientSecret",
    "SingleSignOnType",
    "Sandbox",
    "Url",
    "Domain",
    "ConsumerKey",
    "ConsumerSecret",
    "TokenKey",
    "TokenExpiration",
    "Oauth2AccessToken",
    "Oauth2AccessTokenCreationTime",
    "Oauth2RefreshToken",
    "SyncAll",
    "InstanceName",
    "Oauth2ClientId",
    "Oauth2ClientSecret",
    "CompanyId",
    "UpdateKeyOnSoftDelete",
    "SynchronizationSchedule",
    "SystemOfRecord",
    "SandboxName",
    "EnforceDomain",
    "SyncNotificationSettings",
    "SkipOutOfScopeDeletions",
    "Oauth2AuthorizationCode",
    "Oauth2RedirectUri",
    "ApplicationTemplateIdentifier",
    "Oauth2TokenExchangeUri",
    "Oauth2AuthorizationUri",
    "AuthenticationType",
    "Server",
    "PerformInboundEntitlementGrants",
    "HardDeletesEnabled",
    "SyncAgentCompatibilityKey",
    "SyncAgentADContainer",
    "ValidateDomain",
    "TestReferences",
    "ConnectionString",
];

/// Credential values (the `masked` mode of the `secretsRead` fault hides them).
pub const SENSITIVE: [&str; 8] = [
    "Password",
    "SecretToken",
    "ClientSecret",
    "ConsumerSecret",
    "Oauth2AccessToken",
    "Oauth2RefreshToken",
    "Oauth2ClientSecret",
    "ConnectionString",
];

/// A credential value in `GET .../secrets` under the `masked` mode of the `secretsRead` fault.
pub const MASK: &str = "*****";

/// `{key, value}` pairs of a body array (`value` of secrets, `credentials` of validateCredentials).
fn pairs(list: Option<&Value>, property: &str) -> Result<Vec<(String, String)>, GraphError> {
    let Some(Value::Array(items)) = list else {
        return Err(GraphError::sync_bad_request(format!(
            "The request body must contain '{property}': an array of {{\"key\": ..., \"value\": ...}} objects."
        )));
    };
    items
        .iter()
        .map(|item| {
            let key = item.get("key").and_then(Value::as_str);
            let value = match item.get("value") {
                Some(Value::String(v)) => Some(v.clone()),
                Some(Value::Null) | None => Some(String::new()),
                Some(other) => Some(other.to_string()),
            };
            let key = key.ok_or_else(|| {
                GraphError::sync_bad_request(format!("Every item of '{property}' needs a string 'key'."))
            })?;
            let canonical = SECRET_KEYS
                .iter()
                .find(|k| k.eq_ignore_ascii_case(key))
                .ok_or_else(|| {
                    GraphError::sync_bad_request(format!(
                        "Requested value '{key}' was not found: '{key}' is not a synchronizationSecret."
                    ))
                })?;
            Ok((canonical.to_string(), value.unwrap_or_default()))
        })
        .collect()
}

/// `PUT .../synchronization/secrets` with `{"value": [{key, value}, ...]}`.
pub async fn put_secrets(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Response, GraphError> {
    let rule = state.credential_rule();
    sp_at_now(&state, &id, |sp, _| {
        // As Graph's PUT (https://learn.microsoft.com/en-us/graph/api/synchronization-serviceprincipal-put-synchronization),
        // the body replaces the whole saved set: a key left out is gone, so a caller that
        // changes one setting reads the secrets first and writes every pair back.
        // A key given twice keeps its first place and its last value.
        let mut saved: Vec<(String, String)> = Vec::new();
        for (key, value) in pairs(body.get("value"), "value")? {
            match saved.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => saved.push((key, value)),
            }
        }
        sp.secrets = saved;
        if check_credentials(rule, &sp.secrets).is_ok() {
            for job in &mut sp.jobs {
                sim::credentials_saved(job);
            }
        }
        Ok(no_content())
    })
}

/// `GET .../synchronization/secrets` (undocumented): every saved pair, in the order of the
/// last PUT, values as saved.
pub async fn get_secrets(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path(id): Path<String>,
) -> Result<Response, GraphError> {
    let mode = state.faults().secrets_read;
    sp_as_is(&state, &id, |sp| {
        match mode {
            SecretsRead::Ok | SecretsRead::Masked => {}
            SecretsRead::Forbidden => return Err(GraphError::forbidden()),
            SecretsRead::NotFound => {
                return Err(GraphError::new(
                    StatusCode::NOT_FOUND,
                    "ResourceNotFound",
                    "The synchronization secrets of this service principal were not found.",
                ));
            }
        }
        let value = sp
            .secrets
            .iter()
            .map(|(k, v)| {
                let hidden = mode == SecretsRead::Masked && SENSITIVE.contains(&k.as_str());
                json!({ "key": k, "value": if hidden { MASK } else { v.as_str() } })
            })
            .collect();
        let context = ctx.sync_context(&sp.id, "secrets");
        Ok(ok_json(collection(&context, None, value, None)))
    })
}

/// The credential rule: `Err(message)` when `credentials` fail it.
pub fn check_credentials(
    rule: CredentialRule,
    credentials: &[(String, String)],
) -> Result<(), String> {
    let get = |key: &str| {
        credentials
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
    };
    match rule {
        CredentialRule::Accept => Ok(()),
        CredentialRule::Reject => Err(
            "The credentials were refused by the target application (HTTP 401 Unauthorized)."
                .to_string(),
        ),
        CredentialRule::Scim => {
            match get("BaseAddress") {
                None | Some("") => return Err("BaseAddress is required.".to_string()),
                Some(url)
                    if !url.to_ascii_lowercase().starts_with("https://") || url.len() <= 8 =>
                {
                    return Err(format!("BaseAddress '{url}' must be an https URL."));
                }
                Some(_) => {}
            }
            match get("SecretToken") {
                None | Some("") => Err("SecretToken must not be empty.".to_string()),
                Some(_) => Ok(()),
            }
        }
    }
}

fn validate(
    rule: CredentialRule,
    sp: &ServicePrincipal,
    body: &Value,
) -> Result<Response, GraphError> {
    let saved = body
        .get("useSavedCredentials")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if let Some(Value::String(t)) = body.get("templateId")
        && !templates_for(sp)
            .iter()
            .any(|x| x.id.eq_ignore_ascii_case(t))
    {
        return Err(GraphError::sync_bad_request(format!(
            "The template '{t}' is not a synchronization template of this application."
        )));
    }
    let credentials = if saved {
        sp.secrets.clone()
    } else {
        pairs(body.get("credentials"), "credentials")?
    };
    check_credentials(rule, &credentials).map_err(|why| {
        GraphError::sync_bad_request(format!("Validation of the credentials failed: {why}"))
    })?;
    Ok(no_content())
}

/// `POST .../jobs/{jobId}/validateCredentials`.
pub async fn validate_credentials(
    State(state): State<AppState>,
    Path((id, job_id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> Result<Response, GraphError> {
    let rule = state.credential_rule();
    sp_as_is(&state, &id, |sp| {
        job_index(sp, &job_id)?;
        validate(rule, sp, &body)
    })
}

/// `POST .../jobs/validateCredentials` (bound to the jobs collection, before a job exists).
pub async fn validate_credentials_unbound(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Response, GraphError> {
    let rule = state.credential_rule();
    sp_as_is(&state, &id, |sp| validate(rule, sp, &body))
}

//! `servicePrincipal`, reduced to what the fleet scan selects.

use serde::Serialize;
use serde_json::Value;

use crate::model::json::{
    Shape, deserialize_from_json, list, object, opt_bool, opt_text, required_text, string_item,
};

/// A service principal (enterprise app instance), as listed by
/// `GET /servicePrincipals?$select=id,appId,displayName,...`.
///
/// Only `id` (the object id, which the synchronization paths use, not the
/// `appId`) is required: with `$select` every other property may be absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePrincipal {
    /// The object id, used in `/servicePrincipals/{id}/synchronization/...`.
    pub id: String,
    /// The application (client) id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// The name shown to admins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The application template it was instantiated from (e.g. Cloud Sync's
    /// `1a4721b3-e57f-4451-ae87-ef078703ec94`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_template_id: Option<String>,
    /// `Application`, `ManagedIdentity`, `Legacy`, `SocialIdp`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_principal_type: Option<String>,
    /// Tags such as `WindowsAzureActiveDirectoryIntegratedApp`; empty when
    /// absent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Whether sign-in is enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_enabled: Option<bool>,
    /// `@odata.type`, present on mixed collections (newer tenants also list
    /// `#microsoft.graph.agentIdentityBlueprintPrincipal` objects).
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
}

deserialize_from_json!(ServicePrincipal);

impl ServicePrincipal {
    /// Reads a service principal: `id` is required, every other member may be absent or `null`.
    pub(crate) fn from_json(v: &Value) -> Result<Self, Shape> {
        let m = object(v, "a servicePrincipal object")?;
        Ok(ServicePrincipal {
            id: required_text(m, "id")?,
            app_id: opt_text(m, "appId")?,
            display_name: opt_text(m, "displayName")?,
            application_template_id: opt_text(m, "applicationTemplateId")?,
            service_principal_type: opt_text(m, "servicePrincipalType")?,
            tags: list(m, "tags", string_item)?,
            account_enabled: opt_bool(m, "accountEnabled")?,
            odata_type: opt_text(m, "@odata.type")?,
        })
    }

    /// A service principal known only by its id (its other properties come later).
    pub fn with_id(id: impl Into<String>) -> ServicePrincipal {
        ServicePrincipal {
            id: id.into(),
            app_id: None,
            display_name: None,
            application_template_id: None,
            service_principal_type: None,
            tags: Vec::new(),
            account_enabled: None,
            odata_type: None,
        }
    }

    /// The display name, or the id when the name is absent or blank.
    pub fn name(&self) -> &str {
        match self.display_name.as_deref() {
            Some(n) if !n.trim().is_empty() => n,
            _ => &self.id,
        }
    }
}

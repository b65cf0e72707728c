//! Synchronization templates per kind of app, and the small schema of a job
//! (whose rule ids `provisionOnDemand` accepts).

use serde_json::{Value, json};

use crate::ids::stable_guid;
use crate::sim::is_inbound;
use crate::tenant::{AppKind, ServicePrincipal};

/// One template of an app.
#[derive(Clone, Debug)]
pub struct Template {
    /// `id`, also the prefix of job ids created from it.
    pub id: String,
    /// `factoryTag`: the engine implementation.
    pub factory_tag: String,
    /// Whether it is the recommended default.
    pub default: bool,
    /// Human-readable description.
    pub description: String,
    /// Whether a job id created from it carries the tenant GUID suffix.
    pub tenant_suffix: bool,
}

fn t(id: &str, factory: &str, default: bool, description: &str, tenant_suffix: bool) -> Template {
    Template {
        id: id.to_string(),
        factory_tag: factory.to_string(),
        default,
        description: description.to_string(),
        tenant_suffix,
    }
}

/// The templates `sp` offers (empty for apps without provisioning).
pub fn templates_for(sp: &ServicePrincipal) -> Vec<Template> {
    match &sp.kind {
        AppKind::None => Vec::new(),
        AppKind::Gallery(id) => {
            let factory = match id.as_str() {
                "slack" | "zendesk" | "dataBricks" | "atlassianCloud" => "CustomSCIM".to_string(),
                other => other.to_string(),
            };
            let suffix = matches!(id.as_str(), "aws" | "BoxOutDelta");
            vec![t(
                id,
                &factory,
                true,
                &format!(
                    "Provision users and groups from Microsoft Entra ID to {}",
                    sp.display_name
                ),
                suffix,
            )]
        }
        AppKind::CustomScim => vec![t(
            "scim",
            "CustomSCIM",
            true,
            "Provision users and groups to any SCIM 2.0 endpoint",
            false,
        )],
        AppKind::Workday => vec![
            t(
                "Workday2AAD",
                "Workday2AAD",
                true,
                "Provision workers from Workday to Microsoft Entra ID",
                false,
            ),
            t(
                "Workday2AD",
                "Workday2AD",
                false,
                "Provision workers from Workday to on-premises Active Directory",
                false,
            ),
        ],
        AppKind::SuccessFactors => vec![
            t(
                "SuccessFactors2AAD",
                "SuccessFactors2AAD",
                true,
                "Provision employees from SAP SuccessFactors to Microsoft Entra ID",
                false,
            ),
            t(
                "SuccessFactors2AD",
                "SuccessFactors2AD",
                false,
                "Provision employees from SAP SuccessFactors to on-premises Active Directory",
                false,
            ),
        ],
        AppKind::CloudSync => vec![
            t(
                "AD2AADProvisioning",
                "AD2AADProvisioning",
                true,
                "Microsoft Entra Cloud Sync: users, groups and contacts from Active Directory",
                true,
            ),
            t(
                "AD2AADPasswordHash",
                "AD2AADPasswordHash",
                false,
                "Microsoft Entra Cloud Sync: password hash synchronization",
                true,
            ),
        ],
        AppKind::CrossTenant => vec![t(
            "Azure2Azure",
            "Azure2Azure",
            true,
            "Cross-tenant synchronization of users between Microsoft Entra tenants",
            true,
        )],
        AppKind::ApiInbound => vec![t(
            "API2AAD",
            "API2AAD",
            true,
            "API-driven inbound provisioning to Microsoft Entra ID",
            true,
        )],
    }
}

/// The `synchronizationTemplate` JSON of `template` for `sp`.
pub fn template_json(sp: &ServicePrincipal, template: &Template) -> Value {
    let agent = template.id.starts_with("AD2AAD") || template.id.ends_with("2AD");
    json!({
        "id": template.id,
        "applicationId": sp.app_id,
        "default": template.default,
        "description": template.description,
        "discoverable": true,
        "factoryTag": template.factory_tag,
        "metadata": [
            { "key": "GalleryApplicationIdentifier", "value": sp.application_template_id.clone().unwrap_or_default() },
            { "key": "GalleryApplicationKey", "value": template.id.to_lowercase() },
            { "key": "IsOAuthEnabled", "value": if template.id == "gsuite" { "true" } else { "false" } },
            { "key": "IsSynchronizationAgentAssignmentRequired", "value": if agent { "true" } else { "false" } },
            { "key": "IsSynchronizationAgentRequired", "value": if agent { "true" } else { "false" } },
            { "key": "IsSynchronizationInPreview", "value": "false" },
            { "key": "SynchronizationLearnMoreIbizaFwLink", "value": "https://go.microsoft.com/fwlink/?linkid=2103385" },
        ],
    })
}

/// The id of rule `name` of job `job_id` (stable).
pub fn rule_id(job_id: &str, name: &str) -> String {
    stable_guid(&format!("rule:{job_id}:{name}"))
}

/// The rule names of a job made from `template`.
pub fn rule_names(template: &str) -> Vec<&'static str> {
    if is_inbound(template) {
        if template.starts_with("Workday") || template.starts_with("SuccessFactors") {
            vec!["USER_INBOUND_USER"]
        } else if template.starts_with("AD2AADPasswordHash") {
            vec!["PasswordHashSync"]
        } else {
            vec!["USER_INBOUND_USER", "GROUP_INBOUND_GROUP"]
        }
    } else {
        vec!["USER_TO_USER", "GROUP_TO_GROUP"]
    }
}

/// A small `synchronizationSchema` of job `job_id` (made from `template`) of `sp`.
pub fn schema_json(sp: &ServicePrincipal, job_id: &str, template: &str) -> Value {
    let entra = "Azure Active Directory";
    let other = if template.starts_with("AD2AAD") {
        "Active Directory".to_string()
    } else {
        sp.display_name.clone()
    };
    let (source, target) = if is_inbound(template) {
        (other.clone(), entra.to_string())
    } else {
        (entra.to_string(), other.clone())
    };
    let rules: Vec<Value> = rule_names(template)
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let object = if name.starts_with("GROUP") { "Group" } else { "User" };
            json!({
                "id": rule_id(job_id, name),
                "name": name,
                "sourceDirectoryName": source,
                "targetDirectoryName": target,
                "editable": true,
                "priority": i + 1,
                "containerFilter": { "includedContainers": [] },
                "groupFilter": { "includedGroups": [] },
                "metadata": [],
                "objectMappings": [{
                    "enabled": true,
                    "flowTypes": "Add, Update, Delete",
                    "name": format!("Provision {source} {object}s"),
                    "sourceObjectName": object,
                    "targetObjectName": object,
                    "scope": null,
                    "metadata": [],
                    "attributeMappings": [
                        {
                            "defaultValue": "",
                            "exportMissingReferences": false,
                            "flowBehavior": "FlowWhenChanged",
                            "flowType": "Always",
                            "matchingPriority": 1,
                            "source": { "expression": "[userPrincipalName]", "name": "userPrincipalName", "type": "Attribute", "parameters": [] },
                            "targetAttributeName": "userName",
                        },
                        {
                            "defaultValue": "",
                            "exportMissingReferences": false,
                            "flowBehavior": "FlowWhenChanged",
                            "flowType": "Always",
                            "matchingPriority": 0,
                            "source": { "expression": "[displayName]", "name": "displayName", "type": "Attribute", "parameters": [] },
                            "targetAttributeName": "displayName",
                        }
                    ],
                }],
            })
        })
        .collect();
    let directory = |name: &str| {
        json!({
            "id": stable_guid(&format!("directory:{job_id}:{name}")),
            "name": name,
            "discoverabilities": "AttributeNames",
            "objects": [
                { "name": "User", "attributes": [
                    { "name": "userPrincipalName", "type": "String", "anchor": false, "multivalued": false, "required": true },
                    { "name": "displayName", "type": "String", "anchor": false, "multivalued": false, "required": false },
                ]},
                { "name": "Group", "attributes": [
                    { "name": "displayName", "type": "String", "anchor": false, "multivalued": false, "required": true },
                ]},
            ],
        })
    };
    json!({
        "id": job_id,
        "version": "Date:2026-01-15T09:30:00Z~V:2",
        "directories": [directory(entra), directory(&other)],
        "synchronizationRules": rules,
    })
}

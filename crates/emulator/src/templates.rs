//! Synchronization templates per kind of app, and the schema a job starts with
//! (Microsoft's default mappings of its kind of app; its rule ids are what
//! `provisionOnDemand` accepts).

use serde_json::{Value, json};

use crate::ids::stable_guid;
use crate::sim::is_inbound;
use crate::tenant::{AppKind, Job, ServicePrincipal};

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

/// The ids of the rules of `job`'s schema: those of the schema saved by a PUT (rules
/// without a string `id` have none), else those of the generated one.
pub fn job_rule_ids(job: &Job) -> Vec<String> {
    match &job.schema {
        Some(schema) => schema
            .get("synchronizationRules")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|rule| rule.get("id").and_then(Value::as_str))
            .map(str::to_string)
            .collect(),
        None => rule_names(&job.template_id)
            .into_iter()
            .map(|name| rule_id(&job.id, name))
            .collect(),
    }
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

// ---------------------------------------------------------------- schemas
//
// The shapes are those of Graph's synchronizationSchema and its parts (synchronizationRule,
// objectMapping, attributeMapping, attributeMappingSource, filter, directoryDefinition), see
// https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationschema
// and, for a parsed expression, the parseExpression example
// (https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-parseexpression):
// a function's empty arguments are left out of its parameters.

/// `attributeMappingSource` of an attribute: `[name]`.
fn attribute(name: &str) -> Value {
    json!({ "expression": format!("[{name}]"), "name": name, "parameters": [], "type": "Attribute" })
}

/// `attributeMappingSource` of a constant: `"value"`.
fn constant(value: &str) -> Value {
    json!({ "expression": format!("\"{value}\""), "name": value, "parameters": [], "type": "Constant" })
}

/// `attributeMappingSource` of a function call (`expression` as written in the portal).
fn function(expression: &str, name: &str, parameters: &[(&str, Value)]) -> Value {
    let parameters: Vec<Value> = parameters
        .iter()
        .map(|(key, value)| json!({ "key": key, "value": value }))
        .collect();
    json!({ "expression": expression, "name": name, "parameters": parameters, "type": "Function" })
}

/// `Switch([source], , "False", "True", "True", "False")`: the negation of a Boolean
/// attribute (Microsoft's default mapping of `IsSoftDeleted` to SCIM's `active`).
fn not(source: &str) -> Value {
    function(
        &format!(r#"Switch([{source}], , "False", "True", "True", "False")"#),
        "Switch",
        &[
            ("source", attribute(source)),
            ("key", constant("False")),
            ("value", constant("True")),
            ("key", constant("True")),
            ("value", constant("False")),
        ],
    )
}

/// `Join(" ", [first], [last])`.
fn join_names(first: &str, last: &str) -> Value {
    function(
        &format!(r#"Join(" ", [{first}], [{last}])"#),
        "Join",
        &[
            ("separator", constant(" ")),
            ("source", attribute(first)),
            ("source", attribute(last)),
        ],
    )
}

/// One `attributeMapping`.
struct Mapping {
    source: Value,
    target: &'static str,
    /// `matchingPriority` (1: the attribute objects are matched on; 0: not used for matching).
    matching: i64,
    /// `flowType`: `Always` or `ObjectAddOnly`.
    flow_type: &'static str,
}

/// `source` flows to `target` always.
fn map(source: Value, target: &'static str) -> Mapping {
    Mapping {
        source,
        target,
        matching: 0,
        flow_type: "Always",
    }
}

/// `source` flows to `target`, and objects are matched on it.
fn matched(source: Value, target: &'static str) -> Mapping {
    Mapping {
        matching: 1,
        ..map(source, target)
    }
}

impl Mapping {
    fn to_json(&self) -> Value {
        json!({
            "defaultValue": "",
            "exportMissingReferences": false,
            "flowBehavior": "FlowWhenChanged",
            "flowType": self.flow_type,
            "matchingPriority": self.matching,
            "source": self.source,
            "targetAttributeName": self.target,
        })
    }
}

/// One `objectMapping` of a rule.
struct ObjectMapping {
    source_object: &'static str,
    target_object: &'static str,
    /// `flowTypes`: `Add, Update, Delete` or `Add, Update`.
    flow_types: &'static str,
    enabled: bool,
    /// `scope`: a `filter`, or null.
    scope: Value,
    mappings: Vec<Mapping>,
}

/// The scoping filter of the outbound user mappings: enabled accounts only.
fn enabled_accounts() -> Value {
    json!({
        "categoryFilterGroups": [],
        "groups": [{
            "name": "Enabled accounts",
            "clauses": [{
                "operatorName": "IS_TRUE",
                "sourceOperandName": "accountEnabled",
                "targetOperand": { "values": [] },
            }],
        }],
        "inputFilterGroups": [],
    })
}

/// The names of the source attributes `source` reads (the attributes of a function's
/// arguments too).
fn source_attributes(source: &Value, out: &mut Vec<String>) {
    if source["type"] == "Attribute"
        && let Some(name) = source["name"].as_str()
    {
        out.push(name.to_string());
    }
    for parameter in source["parameters"].as_array().into_iter().flatten() {
        source_attributes(&parameter["value"], out);
    }
}

/// The type of an attribute of the emulator's schemas (`String` unless known otherwise).
fn attribute_type(name: &str) -> &'static str {
    match name {
        "IsSoftDeleted" | "accountEnabled" | "active" => "Boolean",
        "members" | "member" => "Reference",
        "StatusHireDate" | "employeeHireDate" => "DateTime",
        "objectGUID" => "Binary",
        _ => "String",
    }
}

/// Whether `template` is of the Salesforce family, which provisions users only: its
/// group mapping is there but disabled (so both states of `enabled` show).
fn users_only(template: &str) -> bool {
    let t = template.to_ascii_lowercase();
    t.starts_with("sf") || t.starts_with("salesforce")
}

/// The object mapping of rule `rule` of a job made from `template`.
fn object_mapping(template: &str, rule: &str) -> ObjectMapping {
    let t = template.to_ascii_lowercase();
    let hr = t.starts_with("workday") || t.starts_with("successfactors");
    let to_ad = !t.starts_with("ad2aad") && t.ends_with("2ad");
    match rule {
        "USER_TO_USER" => ObjectMapping {
            source_object: "User",
            target_object: "User",
            flow_types: "Add, Update, Delete",
            enabled: true,
            scope: enabled_accounts(),
            mappings: vec![
                matched(attribute("userPrincipalName"), "userName"),
                map(not("IsSoftDeleted"), "active"),
                map(attribute("displayName"), "displayName"),
                map(attribute("mail"), r#"emails[type eq "work"].value"#),
                map(attribute("givenName"), "name.givenName"),
                map(attribute("surname"), "name.familyName"),
                map(attribute("objectId"), "externalId"),
                Mapping {
                    flow_type: "ObjectAddOnly",
                    ..map(join_names("givenName", "surname"), "name.formatted")
                },
            ],
        },
        "GROUP_TO_GROUP" => ObjectMapping {
            source_object: "Group",
            target_object: "Group",
            flow_types: "Add, Update",
            enabled: !users_only(template),
            scope: Value::Null,
            mappings: vec![
                matched(attribute("displayName"), "displayName"),
                map(attribute("objectId"), "externalId"),
                map(attribute("members"), "members"),
            ],
        },
        // HR-driven: a worker becomes a user (of Entra, or of Active Directory for `*2AD`).
        "USER_INBOUND_USER" if hr => ObjectMapping {
            source_object: "Worker",
            target_object: if to_ad { "user" } else { "User" },
            flow_types: "Add, Update",
            enabled: true,
            scope: Value::Null,
            mappings: if to_ad {
                vec![
                    matched(attribute("WorkerID"), "employeeID"),
                    map(attribute("FirstName"), "givenName"),
                    map(attribute("LastName"), "sn"),
                    map(attribute("PreferredNameData"), "displayName"),
                ]
            } else {
                vec![
                    matched(attribute("WorkerID"), "employeeId"),
                    map(attribute("FirstName"), "givenName"),
                    map(attribute("LastName"), "surname"),
                    map(attribute("PreferredNameData"), "displayName"),
                    map(attribute("StatusHireDate"), "employeeHireDate"),
                ]
            },
        },
        // Cloud Sync: Active Directory objects, matched on their source anchor.
        "USER_INBOUND_USER" | "PasswordHashSync" if t.starts_with("ad2aad") => ObjectMapping {
            source_object: "user",
            target_object: "User",
            flow_types: "Add, Update, Delete",
            enabled: true,
            scope: Value::Null,
            mappings: if rule == "PasswordHashSync" {
                vec![matched(attribute("objectGUID"), "sourceAnchor")]
            } else {
                vec![
                    matched(attribute("objectGUID"), "sourceAnchor"),
                    map(attribute("userPrincipalName"), "userPrincipalName"),
                    map(attribute("displayName"), "displayName"),
                    map(attribute("givenName"), "givenName"),
                    map(attribute("sn"), "surname"),
                    map(attribute("mail"), "mail"),
                ]
            },
        },
        "GROUP_INBOUND_GROUP" if t.starts_with("ad2aad") => ObjectMapping {
            source_object: "group",
            target_object: "Group",
            flow_types: "Add, Update, Delete",
            enabled: true,
            scope: Value::Null,
            mappings: vec![
                matched(attribute("objectGUID"), "sourceAnchor"),
                map(attribute("displayName"), "displayName"),
                map(attribute("member"), "members"),
            ],
        },
        // API-driven inbound: SCIM users posted to bulkUpload, matched on externalId.
        "USER_INBOUND_USER" if t.starts_with("api2aad") => ObjectMapping {
            source_object: "User",
            target_object: "User",
            flow_types: "Add, Update",
            enabled: true,
            scope: Value::Null,
            mappings: vec![
                matched(attribute("externalId"), "employeeId"),
                map(attribute("userName"), "userPrincipalName"),
                map(attribute("displayName"), "displayName"),
                map(attribute("name.givenName"), "givenName"),
                map(attribute("name.familyName"), "surname"),
                map(attribute("active"), "accountEnabled"),
            ],
        },
        // Cross-tenant synchronization (and any other inbound template): users of the other
        // tenant, as external members.
        "USER_INBOUND_USER" => ObjectMapping {
            source_object: "User",
            target_object: "User",
            flow_types: "Add, Update, Delete",
            enabled: true,
            scope: Value::Null,
            mappings: vec![
                matched(
                    attribute("alternativeSecurityIds"),
                    "alternativeSecurityIds",
                ),
                map(not("IsSoftDeleted"), "accountEnabled"),
                map(attribute("displayName"), "displayName"),
                map(attribute("mail"), "mail"),
                map(attribute("givenName"), "givenName"),
                map(attribute("surname"), "surname"),
                map(constant("External"), "userType"),
            ],
        },
        // Groups of the inbound templates that provision users only (API-driven, cross-tenant):
        // there, but disabled.
        _ => ObjectMapping {
            source_object: "Group",
            target_object: "Group",
            flow_types: "Add, Update",
            enabled: false,
            scope: Value::Null,
            mappings: vec![
                matched(attribute("displayName"), "displayName"),
                map(attribute("members"), "members"),
            ],
        },
    }
}

/// The attributes of the objects of one directory, in order of first use.
#[derive(Default)]
struct DirectoryObjects(Vec<(String, Vec<(String, bool)>)>);

impl DirectoryObjects {
    /// Adds attribute `name` (`required`: objects are matched on it) to object `object`.
    fn add(&mut self, object: &str, name: &str, required: bool) {
        let index = match self.0.iter().position(|(o, _)| o == object) {
            Some(i) => i,
            None => {
                self.0.push((object.to_string(), Vec::new()));
                self.0.len() - 1
            }
        };
        let attributes = &mut self.0[index].1;
        match attributes.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 |= required,
            None => attributes.push((name.to_string(), required)),
        }
    }
}

/// A `directoryDefinition` of job `job_id` with the objects and attributes its rules use.
fn directory(job_id: &str, name: &str, objects: &DirectoryObjects) -> Value {
    let objects: Vec<Value> = objects
        .0
        .iter()
        .map(|(object, attributes)| {
            let attributes: Vec<Value> = attributes
                .iter()
                .map(|(attribute, required)| {
                    let kind = attribute_type(attribute);
                    let referenced: Vec<Value> = if kind == "Reference" {
                        vec![
                            json!({ "referencedObjectName": "User", "referencedProperty": null }),
                            json!({ "referencedObjectName": "Group", "referencedProperty": null }),
                        ]
                    } else {
                        Vec::new()
                    };
                    json!({
                        "anchor": matches!(attribute.as_str(), "objectId" | "objectGUID"),
                        "caseExact": false,
                        "defaultValue": null,
                        "flowNullValues": false,
                        "metadata": [],
                        "multivalued": kind == "Reference",
                        "mutability": "ReadWrite",
                        "name": attribute,
                        "referencedObjects": referenced,
                        "required": required,
                        "type": kind,
                    })
                })
                .collect();
            json!({ "name": object, "attributes": attributes, "metadata": [], "supportedApis": [] })
        })
        .collect();
    json!({
        "id": stable_guid(&format!("directory:{job_id}:{name}")),
        "name": name,
        "discoverabilities": "AttributeNames",
        "objects": objects,
        "readOnly": false,
    })
}

/// The `synchronizationSchema` Graph would give job `job_id` (made from `template`) of `sp`
/// before anyone changed it: Microsoft's default mappings of the kind of app (see
/// `object_mapping`), one rule per [`rule_names`] (ids from [`rule_id`]), and the
/// directories with exactly the objects and attributes the rules use.
pub fn schema_json(sp: &ServicePrincipal, job_id: &str, template: &str) -> Value {
    let entra = "Azure Active Directory";
    let t = template.to_ascii_lowercase();
    let (source, target) = if t.starts_with("ad2aad") {
        ("Active Directory".to_string(), entra.to_string())
    } else if is_inbound(template) && t.ends_with("2ad") {
        (sp.display_name.clone(), "Active Directory".to_string())
    } else if is_inbound(template) {
        (sp.display_name.clone(), entra.to_string())
    } else {
        (entra.to_string(), sp.display_name.clone())
    };
    let (mut source_objects, mut target_objects) =
        (DirectoryObjects::default(), DirectoryObjects::default());
    let rules: Vec<Value> = rule_names(template)
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let om = object_mapping(template, name);
            for m in &om.mappings {
                let mut used = Vec::new();
                source_attributes(&m.source, &mut used);
                for attribute in used {
                    source_objects.add(om.source_object, &attribute, m.matching > 0);
                }
                target_objects.add(om.target_object, m.target, m.matching > 0);
            }
            for group in om.scope["groups"].as_array().into_iter().flatten() {
                for clause in group["clauses"].as_array().into_iter().flatten() {
                    if let Some(operand) = clause["sourceOperandName"].as_str() {
                        source_objects.add(om.source_object, operand, false);
                    }
                }
            }
            let mappings: Vec<Value> = om.mappings.iter().map(Mapping::to_json).collect();
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
                    "enabled": om.enabled,
                    "flowTypes": om.flow_types,
                    "name": format!("Provision {source} {}s", om.source_object),
                    "sourceObjectName": om.source_object,
                    "targetObjectName": om.target_object,
                    "scope": om.scope,
                    "metadata": [],
                    "attributeMappings": mappings,
                }],
            })
        })
        .collect();
    json!({
        "id": job_id,
        "version": "Date:2026-01-15T09:30:00Z~V:2",
        "directories": [
            directory(job_id, &source, &source_objects),
            directory(job_id, &target, &target_objects),
        ],
        "synchronizationRules": rules,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::GraphTime;

    fn app(name: &str) -> ServicePrincipal {
        crate::demo::tenant(GraphTime::from_parts(2026, 11, 22, 21, 3, 11))
            .by_display_name(name)
            .unwrap()
            .clone()
    }

    /// `(expression, targetAttributeName, matchingPriority, flowType, source type)` of every
    /// attribute mapping of the rule named `rule`.
    fn mappings(schema: &Value, rule: &str) -> Vec<(String, String, i64, String, String)> {
        let rule = schema["synchronizationRules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == rule)
            .unwrap();
        rule["objectMappings"][0]["attributeMappings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["source"]["expression"].as_str().unwrap().to_string(),
                    m["targetAttributeName"].as_str().unwrap().to_string(),
                    m["matchingPriority"].as_i64().unwrap(),
                    m["flowType"].as_str().unwrap().to_string(),
                    m["source"]["type"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    fn owned(rows: &[(&str, &str, i64, &str, &str)]) -> Vec<(String, String, i64, String, String)> {
        rows.iter()
            .map(|(a, b, c, d, e)| {
                (
                    a.to_string(),
                    b.to_string(),
                    *c,
                    d.to_string(),
                    e.to_string(),
                )
            })
            .collect()
    }

    /// Every attribute a rule reads is in its source directory's object, every one it writes
    /// in its target directory's, and the directories hold nothing else.
    fn assert_directories_fit_the_rules(schema: &Value) {
        let mut used: Vec<(String, String, String)> = Vec::new();
        for rule in schema["synchronizationRules"].as_array().unwrap() {
            let om = &rule["objectMappings"][0];
            let (sd, td) = (
                rule["sourceDirectoryName"].as_str().unwrap(),
                rule["targetDirectoryName"].as_str().unwrap(),
            );
            let (so, to) = (
                om["sourceObjectName"].as_str().unwrap(),
                om["targetObjectName"].as_str().unwrap(),
            );
            for m in om["attributeMappings"].as_array().unwrap() {
                let mut names = Vec::new();
                source_attributes(&m["source"], &mut names);
                for n in names {
                    used.push((sd.into(), so.into(), n));
                }
                let target = m["targetAttributeName"].as_str().unwrap();
                used.push((td.into(), to.into(), target.into()));
            }
            for g in om["scope"]["groups"].as_array().into_iter().flatten() {
                for c in g["clauses"].as_array().unwrap() {
                    let operand = c["sourceOperandName"].as_str().unwrap();
                    used.push((sd.into(), so.into(), operand.into()));
                }
            }
        }
        let mut defined: Vec<(String, String, String)> = Vec::new();
        for d in schema["directories"].as_array().unwrap() {
            for o in d["objects"].as_array().unwrap() {
                for a in o["attributes"].as_array().unwrap() {
                    defined.push((
                        d["name"].as_str().unwrap().into(),
                        o["name"].as_str().unwrap().into(),
                        a["name"].as_str().unwrap().into(),
                    ));
                }
            }
        }
        used.sort();
        used.dedup();
        defined.sort();
        assert_eq!(used, defined, "{schema}");
    }

    #[test]
    fn outbound_schemas_have_the_default_scim_mappings() {
        let sp = app("Slack");
        let schema = schema_json(&sp, "slack.0123", "slack");
        assert_eq!(schema["id"], "slack.0123");
        assert_eq!(schema["version"], "Date:2026-01-15T09:30:00Z~V:2");
        let switch = r#"Switch([IsSoftDeleted], , "False", "True", "True", "False")"#;
        assert_eq!(
            mappings(&schema, "USER_TO_USER"),
            owned(&[
                ("[userPrincipalName]", "userName", 1, "Always", "Attribute"),
                (switch, "active", 0, "Always", "Function"),
                ("[displayName]", "displayName", 0, "Always", "Attribute"),
                (
                    "[mail]",
                    r#"emails[type eq "work"].value"#,
                    0,
                    "Always",
                    "Attribute"
                ),
                ("[givenName]", "name.givenName", 0, "Always", "Attribute"),
                ("[surname]", "name.familyName", 0, "Always", "Attribute"),
                ("[objectId]", "externalId", 0, "Always", "Attribute"),
                (
                    r#"Join(" ", [givenName], [surname])"#,
                    "name.formatted",
                    0,
                    "ObjectAddOnly",
                    "Function"
                ),
            ])
        );
        assert_eq!(
            mappings(&schema, "GROUP_TO_GROUP"),
            owned(&[
                ("[displayName]", "displayName", 1, "Always", "Attribute"),
                ("[objectId]", "externalId", 0, "Always", "Attribute"),
                ("[members]", "members", 0, "Always", "Attribute"),
            ])
        );
        let rules = schema["synchronizationRules"].as_array().unwrap();
        let users = &rules[0]["objectMappings"][0];
        let groups = &rules[1]["objectMappings"][0];
        assert_eq!(rules[0]["id"], rule_id("slack.0123", "USER_TO_USER"));
        assert_eq!(rules[1]["id"], rule_id("slack.0123", "GROUP_TO_GROUP"));
        assert_eq!(users["flowTypes"], "Add, Update, Delete");
        assert_eq!(groups["flowTypes"], "Add, Update");
        assert_eq!(
            (&users["enabled"], &groups["enabled"]),
            (&json!(true), &json!(true))
        );
        assert_eq!(
            users["scope"],
            json!({"categoryFilterGroups":[],"groups":[{"name":"Enabled accounts","clauses":[{"operatorName":"IS_TRUE","sourceOperandName":"accountEnabled","targetOperand":{"values":[]}}]}],"inputFilterGroups":[]})
        );
        assert_eq!(groups["scope"], Value::Null);
        // The functions' arguments, as Graph's parseExpression gives them.
        let active = &users["attributeMappings"][1]["source"];
        assert_eq!(active["name"], "Switch");
        let keys: Vec<&str> = active["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["key"].as_str().unwrap())
            .collect();
        assert_eq!(keys, ["source", "key", "value", "key", "value"]);
        assert_eq!(active["parameters"][0]["value"], attribute("IsSoftDeleted"));
        assert_eq!(
            active["parameters"][1]["value"],
            json!({"expression": "\"False\"", "name": "False", "parameters": [], "type": "Constant"})
        );
        let formatted = &users["attributeMappings"][7]["source"];
        assert_eq!(formatted["name"], "Join");
        assert_eq!(formatted["parameters"][0]["value"]["name"], " ");
        assert_eq!(schema["directories"][0]["name"], "Azure Active Directory");
        assert_eq!(schema["directories"][1]["name"], "Slack");
        assert_directories_fit_the_rules(&schema);
    }

    #[test]
    fn the_salesforce_family_has_its_group_mapping_disabled() {
        let sp = app("Salesforce Sandbox");
        let schema = schema_json(&sp, "SfSandboxOutDelta.1", "SfSandboxOutDelta");
        let rules = schema["synchronizationRules"].as_array().unwrap();
        assert_eq!(rules[0]["objectMappings"][0]["enabled"], true);
        assert_eq!(rules[1]["objectMappings"][0]["enabled"], false);
        assert_eq!(mappings(&schema, "GROUP_TO_GROUP").len(), 3);
        assert_directories_fit_the_rules(&schema);
    }

    #[test]
    fn hr_inbound_schemas_map_workers_to_users() {
        let sp = app("Contoso HR (Workday)");
        for template in ["Workday2AAD", "SuccessFactors2AAD"] {
            let schema = schema_json(&sp, "w.1", template);
            assert_eq!(
                mappings(&schema, "USER_INBOUND_USER"),
                owned(&[
                    ("[WorkerID]", "employeeId", 1, "Always", "Attribute"),
                    ("[FirstName]", "givenName", 0, "Always", "Attribute"),
                    ("[LastName]", "surname", 0, "Always", "Attribute"),
                    (
                        "[PreferredNameData]",
                        "displayName",
                        0,
                        "Always",
                        "Attribute"
                    ),
                    (
                        "[StatusHireDate]",
                        "employeeHireDate",
                        0,
                        "Always",
                        "Attribute"
                    ),
                ]),
                "{template}"
            );
            let rule = &schema["synchronizationRules"][0];
            assert_eq!(rule["sourceDirectoryName"], "Contoso HR (Workday)");
            assert_eq!(rule["targetDirectoryName"], "Azure Active Directory");
            assert_eq!(rule["objectMappings"][0]["sourceObjectName"], "Worker");
            assert_directories_fit_the_rules(&schema);
        }
        let to_ad = schema_json(&sp, "w.2", "Workday2AD");
        assert_eq!(
            to_ad["synchronizationRules"][0]["targetDirectoryName"],
            "Active Directory"
        );
        assert_directories_fit_the_rules(&to_ad);
    }

    #[test]
    fn every_template_has_a_schema_that_fits_its_directories() {
        let tenant = crate::demo::tenant(GraphTime::from_parts(2026, 11, 22, 21, 3, 11));
        for sp in &tenant.service_principals {
            for template in templates_for(sp) {
                let schema = schema_json(sp, "job.1", &template.id);
                let rules = schema["synchronizationRules"].as_array().unwrap();
                assert_eq!(
                    rules.len(),
                    rule_names(&template.id).len(),
                    "{}",
                    template.id
                );
                for rule in rules {
                    let mappings = rule["objectMappings"][0]["attributeMappings"]
                        .as_array()
                        .unwrap();
                    assert_eq!(
                        mappings
                            .iter()
                            .filter(|m| m["matchingPriority"] == 1)
                            .count(),
                        1,
                        "{} {}: one matching attribute",
                        template.id,
                        rule["name"]
                    );
                }
                assert_directories_fit_the_rules(&schema);
            }
        }
    }
}

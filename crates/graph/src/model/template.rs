//! `synchronizationTemplate`: the pre-configured synchronization settings a
//! job is created from (List templates, Get template, New job).

use serde::{Deserialize, Serialize};

use crate::enums::SynchronizationMetadata;
use crate::lenient::{bool_lenient, null_default, vec_lenient};
use crate::model::ODataPage;
use crate::parse::{ParseError, parse_as};

/// A synchronization template (`synchronizationTemplate`), as returned by
/// `GET /servicePrincipals/{id}/synchronization/templates[/{templateId}]`.
///
/// Only `id` is required (it is what Create job sends as `templateId`). The
/// `schema` navigation property, which list responses sometimes expand, is
/// kept as raw JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SynchronizationTemplate {
    /// The template id, e.g. `BoxOutDelta`, `Slack`, `aws`,
    /// `AD2AADProvisioning`: the `templateId` of a job created from it.
    pub id: String,
    /// The id of the application the template belongs to (a GUID in the
    /// CSDL, a string in the docs; kept as text).
    #[serde(default, deserialize_with = "null_default")]
    pub application_id: String,
    /// True when this is the recommended default template of the app.
    #[serde(default, deserialize_with = "bool_lenient")]
    pub default: bool,
    /// A description of the template (nullable).
    #[serde(default)]
    pub description: Option<String>,
    /// True when the template shows in the service principal's template list
    /// (the docs' table says String; a `"true"` string reads as true).
    #[serde(default, deserialize_with = "bool_lenient")]
    pub discoverable: bool,
    /// The engine implementation, e.g. `CustomSCIM` or `aws` (nullable).
    #[serde(default)]
    pub factory_tag: Option<String>,
    /// Extra information about the template; a single object reads as a
    /// one-element list.
    #[serde(default, deserialize_with = "vec_lenient")]
    pub metadata: Vec<SynchronizationMetadataEntry>,
    /// The template's `synchronizationSchema`, when the response includes it
    /// (raw JSON, not interpreted here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<serde_json::Value>,
}

impl SynchronizationTemplate {
    /// The value of a metadata entry by key (the first one with that key).
    pub fn metadata_value(&self, key: &SynchronizationMetadata) -> Option<&str> {
        self.metadata
            .iter()
            .find(|e| &e.key == key)
            .and_then(|e| e.value.as_deref())
    }

    /// The name to show for the template: its `factoryTag` when present and
    /// different from the id, as `"Slack (CustomSCIM)"`; else the id.
    pub fn display_name(&self) -> String {
        match self.factory_tag.as_deref().map(str::trim) {
            Some(tag) if !tag.is_empty() && tag != self.id => format!("{} ({tag})", self.id),
            _ => self.id.clone(),
        }
    }
}

/// One metadata entry of a template (`synchronizationMetadataEntry`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SynchronizationMetadataEntry {
    /// The key; unknown keys are kept (a missing key reads as
    /// `Unknown("")`).
    pub key: SynchronizationMetadata,
    /// The value (nullable).
    pub value: Option<String>,
}

/// Parses one template, the body of Get template.
pub fn parse_template(body: &str) -> Result<SynchronizationTemplate, ParseError> {
    parse_as(body, "a synchronization template")
}

/// Parses the body of List templates (`{ "value": [template, ...] }`).
pub fn parse_templates_page(body: &str) -> Result<ODataPage<SynchronizationTemplate>, ParseError> {
    parse_as(body, "a list of synchronization templates")
}

//! `synchronizationTemplate`: the pre-configured synchronization settings a
//! job is created from (List templates, Get template, New job).

use serde::Serialize;
use serde_json::Value;

use crate::enums::SynchronizationMetadata;
use crate::model::ODataPage;
use crate::model::json::{
    Shape, deserialize_from_json, flag, list, object, opt_text, read_body, required_text, text,
};
use crate::parse::ParseError;

/// A synchronization template (`synchronizationTemplate`), as returned by
/// `GET /servicePrincipals/{id}/synchronization/templates[/{templateId}]`.
///
/// Only `id` is required (it is what Create job sends as `templateId`). The
/// `schema` navigation property, which list responses sometimes expand, is
/// kept as raw JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SynchronizationTemplate {
    /// The template id, e.g. `BoxOutDelta`, `Slack`, `aws`,
    /// `AD2AADProvisioning`: the `templateId` of a job created from it.
    pub id: String,
    /// The id of the application the template belongs to (a GUID in the
    /// CSDL, a string in the docs; kept as text).
    pub application_id: String,
    /// True when this is the recommended default template of the app.
    pub default: bool,
    /// A description of the template (nullable).
    pub description: Option<String>,
    /// True when the template shows in the service principal's template list
    /// (the docs' table says String; a `"true"` string reads as true).
    pub discoverable: bool,
    /// The engine implementation, e.g. `CustomSCIM` or `aws` (nullable).
    pub factory_tag: Option<String>,
    /// Extra information about the template; a single object reads as a
    /// one-element list.
    pub metadata: Vec<SynchronizationMetadataEntry>,
    /// The template's `synchronizationSchema`, when the response includes it
    /// (raw JSON, not interpreted here).
    #[serde(skip_serializing_if = "Option::is_none")]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SynchronizationMetadataEntry {
    /// The key; unknown keys are kept (a missing key reads as
    /// `Unknown("")`).
    pub key: SynchronizationMetadata,
    /// The value (nullable).
    pub value: Option<String>,
}

deserialize_from_json!(SynchronizationTemplate, SynchronizationMetadataEntry);

impl SynchronizationTemplate {
    /// Reads a template: `id` is required, every other member may be absent or `null`.
    pub(crate) fn from_json(v: &Value) -> Result<Self, Shape> {
        let m = object(v, "a synchronizationTemplate object")?;
        Ok(SynchronizationTemplate {
            id: required_text(m, "id")?,
            application_id: text(m, "applicationId")?,
            default: flag(m, "default")?,
            description: opt_text(m, "description")?,
            discoverable: flag(m, "discoverable")?,
            factory_tag: opt_text(m, "factoryTag")?,
            metadata: list(m, "metadata", SynchronizationMetadataEntry::from_json)?,
            schema: m.get("schema").filter(|s| !s.is_null()).cloned(),
        })
    }
}

impl SynchronizationMetadataEntry {
    pub(crate) fn from_json(v: &Value) -> Result<Self, Shape> {
        let m = object(v, "a synchronizationMetadataEntry object")?;
        Ok(SynchronizationMetadataEntry {
            key: SynchronizationMetadata::read(m, "key")?,
            value: opt_text(m, "value")?,
        })
    }
}

/// Parses one template, the body of Get template.
pub fn parse_template(body: &str) -> Result<SynchronizationTemplate, ParseError> {
    read_body(
        body,
        "a synchronization template",
        SynchronizationTemplate::from_json,
    )
}

/// Parses the body of List templates (`{ "value": [template, ...] }`).
pub fn parse_templates_page(body: &str) -> Result<ODataPage<SynchronizationTemplate>, ParseError> {
    read_body(body, "a list of synchronization templates", |v| {
        ODataPage::from_json(v, SynchronizationTemplate::from_json)
    })
}

//! Provision on demand: `POST .../jobs/{jobId}/provisionOnDemand`, its
//! request (which object, by which rule) and its awkward response (a
//! `stringKeyStringValuePair` whose `key` and `value` are JSON documents
//! encoded as strings).

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::enums::{ProvisioningAction, ProvisioningResult, ProvisioningStepType};
use crate::lenient::{null_default, vec_lenient};
use crate::model::loose::{time_is_missing, value_is_null};
use crate::model::provisioning_log::{ModifiedProperty, StatusDetails};
use crate::parse::{ParseError, parse_as};
use crate::time::GraphTime;

/// The body of `POST .../jobs/{jobId}/provisionOnDemand`:
/// `{ "parameters": [ { "ruleId": ..., "subjects": [...] } ] }`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProvisionOnDemandRequest {
    /// One entry per synchronization rule.
    #[serde(deserialize_with = "vec_lenient")]
    pub parameters: Vec<SynchronizationJobApplicationParameters>,
}

impl ProvisionOnDemandRequest {
    /// A request for one object by one rule, e.g. `("ea80...", "9bb0...",
    /// "User")`.
    pub fn single(
        rule_id: impl Into<String>,
        object_id: impl Into<String>,
        object_type_name: impl Into<String>,
    ) -> Self {
        ProvisionOnDemandRequest {
            parameters: vec![SynchronizationJobApplicationParameters {
                rule_id: rule_id.into(),
                subjects: vec![SynchronizationJobSubject::new(object_id, object_type_name)],
            }],
        }
    }
}

/// Which objects to provision by which rule
/// (`synchronizationJobApplicationParameters`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SynchronizationJobApplicationParameters {
    /// The id of a `synchronizationRules[]` entry of the job's schema (e.g.
    /// `33f7c90d-...#V2`).
    #[serde(deserialize_with = "null_default")]
    pub rule_id: String,
    /// The objects to provision.
    #[serde(deserialize_with = "vec_lenient")]
    pub subjects: Vec<SynchronizationJobSubject>,
}

/// One object to provision (`synchronizationJobSubject`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SynchronizationJobSubject {
    /// The object's id in the source: a Microsoft Entra object id, or for
    /// Cloud Sync an Active Directory distinguished name
    /// (`CN=AdeleV,CN=Users,DC=...`).
    #[serde(deserialize_with = "null_default")]
    pub object_id: String,
    /// The object's type in the source: `User`, `Group` (Cloud Sync:
    /// `user`).
    #[serde(deserialize_with = "null_default")]
    pub object_type_name: String,
    /// For a group: the members, owners or manager to provision with it;
    /// not written when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<SynchronizationLinkedObjects>,
}

impl SynchronizationJobSubject {
    /// A subject without links.
    pub fn new(object_id: impl Into<String>, object_type_name: impl Into<String>) -> Self {
        SynchronizationJobSubject {
            object_id: object_id.into(),
            object_type_name: object_type_name.into(),
            links: None,
        }
    }
}

/// Objects linked to a subject (`synchronizationLinkedObjects`). Absent or
/// empty parts are not written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SynchronizationLinkedObjects {
    /// The subject's manager.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager: Option<Box<SynchronizationJobSubject>>,
    /// Group members to provision with the group.
    #[serde(
        deserialize_with = "vec_lenient",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub members: Vec<SynchronizationJobSubject>,
    /// Group owners to provision with the group.
    #[serde(
        deserialize_with = "vec_lenient",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub owners: Vec<SynchronizationJobSubject>,
}

/// A string key with a string value (`stringKeyStringValuePair`).
///
/// This is the response of provision on demand, in which `key` and `value`
/// are themselves JSON documents: see [`StringKeyStringValuePair::decode`].
/// A 200 response can still be a failed or skipped provisioning.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StringKeyStringValuePair {
    /// `@odata.context`, kept when present.
    #[serde(rename = "@odata.context", skip_serializing_if = "Option::is_none")]
    pub odata_context: Option<String>,
    /// The key (`null` reads as empty).
    #[serde(deserialize_with = "null_default")]
    pub key: String,
    /// The value (`null` reads as empty).
    #[serde(deserialize_with = "null_default")]
    pub value: String,
}

/// The response of provision on demand.
pub type ProvisionOnDemandResponse = StringKeyStringValuePair;

impl StringKeyStringValuePair {
    /// Decodes the provision-on-demand result: `key` holds
    /// `{result, details}`, `value` the change (`{action, changeId,
    /// provisioningSteps, statusInfo, ...}`).
    ///
    /// `key` must be a JSON object; a blank `value` reads as an empty change
    /// (the service sends `"{}"` when there is nothing to report). Errors name
    /// which half failed and where.
    pub fn decode(&self) -> Result<OnDemandResult, ParseError> {
        let outcome: OnDemandKey = parse_as(&self.key, "the provisionOnDemand result (key)")?;
        let change = if self.value.trim().is_empty() {
            OnDemandChange::default()
        } else {
            parse_as(&self.value, "the provisionOnDemand change (value)")?
        };
        Ok(OnDemandResult {
            result: outcome.result,
            details: outcome.details.unwrap_or_default(),
            change,
        })
    }
}

/// Parses the body of a provision-on-demand response (use
/// [`StringKeyStringValuePair::decode`] next).
pub fn parse_provision_on_demand_response(
    body: &str,
) -> Result<ProvisionOnDemandResponse, ParseError> {
    parse_as(body, "a provisionOnDemand response")
}

/// The decoded result of provision on demand.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OnDemandResult {
    /// The outcome: `Success`, `Skipped`, a failure, or a value this version
    /// does not know.
    pub result: OnDemandOutcome,
    /// The error code and message of a skip or failure.
    pub details: OnDemandDetails,
    /// What the service did to the object (empty when it reported nothing).
    pub change: OnDemandChange,
}

impl OnDemandResult {
    /// Encodes the result the way Graph sends it (for the emulator): `key` and
    /// `value` as compact JSON strings.
    pub fn to_response(&self) -> StringKeyStringValuePair {
        let key = OnDemandKeyRef {
            result: &self.result,
            details: &self.details,
        };
        StringKeyStringValuePair {
            odata_context: None,
            key: serde_json::to_string(&key).unwrap_or_default(),
            value: serde_json::to_string(&self.change).unwrap_or_default(),
        }
    }

    /// The error code of a skip or failure (`details.errorCode`, else the
    /// change's `statusInfo.errorCode`).
    pub fn error_code(&self) -> Option<&str> {
        self.details
            .error_code
            .as_deref()
            .or_else(|| {
                self.change
                    .status_info
                    .as_ref()
                    .and_then(|s| s.error_code.as_deref())
            })
            .filter(|c| !c.trim().is_empty())
    }
}

/// The decoded `key` document.
#[derive(Deserialize)]
#[serde(default)]
struct OnDemandKey {
    result: OnDemandOutcome,
    details: Option<OnDemandDetails>,
}

impl Default for OnDemandKey {
    fn default() -> Self {
        OnDemandKey {
            result: OnDemandOutcome::Unknown(String::new()),
            details: None,
        }
    }
}

/// The `key` document, for encoding.
#[derive(Serialize)]
struct OnDemandKeyRef<'a> {
    result: &'a OnDemandOutcome,
    details: &'a OnDemandDetails,
}

/// The outcome of provision on demand (`result` in the `key` document).
/// Not a CSDL enum: the values are what the service has been seen to send.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OnDemandOutcome {
    /// The object was provisioned.
    Success,
    /// Nothing was done, e.g. `RedundantExport`: source and target already
    /// match.
    Skipped,
    /// Provisioning failed (`Failure`; `Failed` is accepted too).
    Failure,
    /// A value this version does not know, kept as received (`""` when
    /// absent).
    Unknown(String),
}

impl Default for OnDemandOutcome {
    /// `Unknown("")`.
    fn default() -> Self {
        OnDemandOutcome::Unknown(String::new())
    }
}

impl OnDemandOutcome {
    /// Reads a value, ignoring case and surrounding blanks.
    pub fn from_graph_name(text: &str) -> OnDemandOutcome {
        let t = text.trim();
        if t.eq_ignore_ascii_case("Success") {
            OnDemandOutcome::Success
        } else if t.eq_ignore_ascii_case("Skipped") {
            OnDemandOutcome::Skipped
        } else if t.eq_ignore_ascii_case("Failure") || t.eq_ignore_ascii_case("Failed") {
            OnDemandOutcome::Failure
        } else {
            OnDemandOutcome::Unknown(text.to_owned())
        }
    }

    /// The value as the service writes it (an unknown value as received).
    pub fn graph_name(&self) -> &str {
        match self {
            OnDemandOutcome::Success => "Success",
            OnDemandOutcome::Skipped => "Skipped",
            OnDemandOutcome::Failure => "Failure",
            OnDemandOutcome::Unknown(raw) => raw,
        }
    }

    /// True only for `Success`.
    pub fn is_success(&self) -> bool {
        matches!(self, OnDemandOutcome::Success)
    }

    /// Visible text: `Succeeded`, `Skipped`, `Failed`, or
    /// `Unknown (<value>)` (`Unknown` when empty).
    pub fn label(&self) -> String {
        match self {
            OnDemandOutcome::Success => syncdeck_i18n::t!("Succeeded").to_owned(),
            OnDemandOutcome::Skipped => syncdeck_i18n::t!("Skipped").to_owned(),
            OnDemandOutcome::Failure => syncdeck_i18n::t!("Failed").to_owned(),
            OnDemandOutcome::Unknown(raw) if raw.trim().is_empty() => {
                syncdeck_i18n::t!("Unknown").to_owned()
            }
            OnDemandOutcome::Unknown(raw) => syncdeck_i18n::tf!("Unknown ({raw})", raw = raw),
        }
    }
}

impl fmt::Display for OnDemandOutcome {
    /// Writes [`Self::graph_name`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.graph_name())
    }
}

impl Serialize for OnDemandOutcome {
    /// Writes [`Self::graph_name`] as a JSON string.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.graph_name())
    }
}

impl<'de> Deserialize<'de> for OnDemandOutcome {
    /// Reads a string (see [`Self::from_graph_name`]) or `null`
    /// (`Unknown("")`); other JSON types are errors.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OnDemandOutcome;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a provisionOnDemand result string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OnDemandOutcome, E> {
                Ok(OnDemandOutcome::from_graph_name(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<OnDemandOutcome, E> {
                Ok(OnDemandOutcome::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<OnDemandOutcome, E> {
                Ok(OnDemandOutcome::default())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<OnDemandOutcome, D::Error> {
                d.deserialize_any(V)
            }
        }
        d.deserialize_any(V)
    }
}

/// The `details` of the `key` document: why it was skipped or failed.
/// Members other than `errorCode` and `errorMessage` are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OnDemandDetails {
    /// E.g. `RedundantExport`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// E.g. "The state of the user in both the source and target systems
    /// already match."
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// Any other members, as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What the service did (the `value` document). Every member may be absent
/// (`"{}"` is a valid value); members this version does not model are kept
/// in `extra`. Serializing writes only the members that are present.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OnDemandChange {
    /// What was done (`Other`, `Create`, `Update`, ...; written in Graph's
    /// canonical lower camel case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ProvisioningAction>,
    /// The change's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_id: Option<String>,
    /// When processing began.
    #[serde(skip_serializing_if = "time_is_missing")]
    pub start_time: GraphTime,
    /// When processing ended.
    #[serde(skip_serializing_if = "time_is_missing")]
    pub end_time: GraphTime,
    /// The properties that changed.
    #[serde(
        deserialize_with = "vec_lenient",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub modified_properties: Vec<ModifiedProperty>,
    /// The steps (import, scoping, matching, export).
    #[serde(
        deserialize_with = "vec_lenient",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub provisioning_steps: Vec<OnDemandStep>,
    /// The outcome with its error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_info: Option<StatusDetails>,
    /// The object in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<OnDemandIdentity>,
    /// The object in the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_identity: Option<OnDemandIdentity>,
    /// The source system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_system: Option<OnDemandSystem>,
    /// The target system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_system: Option<OnDemandSystem>,
    /// The name to show for the object, e.g. a user principal name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reportable_identifier: Option<String>,
    /// Any other members, as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl OnDemandChange {
    /// True when the service reported nothing (the `"{}"` value).
    pub fn is_empty(&self) -> bool {
        self == &OnDemandChange::default()
    }
}

/// One step of a provision-on-demand change. Unlike a log's
/// `provisioningStep`, the type is under `type` and there is a `timestamp`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OnDemandStep {
    /// The step's name, e.g. `EntryImport`.
    #[serde(deserialize_with = "null_default")]
    pub name: String,
    /// The phase (`Import`, `Matching`, `Scoping`, `Export`, any case).
    #[serde(rename = "type")]
    pub step_type: ProvisioningStepType,
    /// The step's outcome.
    pub status: ProvisioningResult,
    /// What happened, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When the step ran.
    #[serde(skip_serializing_if = "time_is_missing")]
    pub timestamp: GraphTime,
    /// Free-form details (kept as JSON; values may themselves be JSON text).
    #[serde(skip_serializing_if = "value_is_null")]
    pub details: Value,
}

/// The object in the source or target of a provision-on-demand change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OnDemandIdentity {
    /// Its id in that system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its type, e.g. `User` or a SCIM schema URN.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub identity_type: Option<String>,
    /// Its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Free-form details (kept as JSON).
    #[serde(skip_serializing_if = "value_is_null")]
    pub details: Value,
}

/// A source or target system of a provision-on-demand change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OnDemandSystem {
    /// Its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its name, e.g. `Azure Active Directory`, `customappsso`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free-form details (kept as JSON).
    #[serde(skip_serializing_if = "value_is_null")]
    pub details: Value,
}

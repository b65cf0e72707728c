//! Provisioning logs: `provisioningObjectSummary`, one entry of
//! `GET /auditLogs/provisioning` (one change to one object in one cycle).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::enums::{
    InitiatorType, ProvisioningAction, ProvisioningResult, ProvisioningStatusErrorCategory,
    ProvisioningStepType,
};
use crate::lenient::{i64_lenient_opt, null_default, vec_lenient};
use crate::model::ODataPage;
use crate::model::loose::{one_or_first, opt_text_lenient, value_is_null};
use crate::parse::{ParseError, parse_as};
use crate::time::{GraphTime, format_millis_duration};

/// One provisioning log entry (`provisioningObjectSummary`).
///
/// Every property may be absent. Beta also sends the legacy `action` and
/// `statusInfo` next to (or instead of) `provisioningAction` and
/// `provisioningStatusInfo`; both are kept, and [`Self::action`],
/// [`Self::result`] and [`Self::error_code`] read whichever is present.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProvisioningObjectSummary {
    /// The entry's id.
    #[serde(deserialize_with = "null_default")]
    pub id: String,
    /// When the change happened.
    pub activity_date_time: GraphTime,
    /// The job that made it (matches `synchronizationJob.id`).
    #[serde(deserialize_with = "null_default")]
    pub job_id: String,
    /// The cycle (one run of the job).
    #[serde(deserialize_with = "null_default")]
    pub cycle_id: String,
    /// The change, unique within the cycle.
    #[serde(deserialize_with = "null_default")]
    pub change_id: String,
    /// How long the change took, in milliseconds (nullable).
    #[serde(deserialize_with = "i64_lenient_opt")]
    pub duration_in_milliseconds: Option<i64>,
    /// What was done (absent in beta entries that carry only `action`); see
    /// [`Self::action`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioning_action: Option<ProvisioningAction>,
    /// Beta's legacy `action` (e.g. `"Create"`); written back only when
    /// present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ProvisioningAction>,
    /// The outcome and its error (nullable).
    pub provisioning_status_info: Option<ProvisioningStatusInfo>,
    /// Beta's legacy `statusInfo` (`statusDetails`); written back only when
    /// present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_info: Option<StatusDetails>,
    /// The steps of the change (import, scoping, matching, export, ...).
    #[serde(deserialize_with = "vec_lenient")]
    pub provisioning_steps: Vec<ProvisioningStep>,
    /// The properties that changed.
    #[serde(deserialize_with = "vec_lenient")]
    pub modified_properties: Vec<ModifiedProperty>,
    /// The service principal of the job. A single object in the CSDL; an
    /// older doc shows a collection, which reads as its first element.
    #[serde(deserialize_with = "one_or_first")]
    pub service_principal: Option<ProvisioningServicePrincipal>,
    /// Where the change came from.
    pub source_system: Option<ProvisioningSystem>,
    /// Where the change went.
    pub target_system: Option<ProvisioningSystem>,
    /// The object in the source.
    pub source_identity: Option<ProvisionedIdentity>,
    /// The object in the target.
    pub target_identity: Option<ProvisionedIdentity>,
    /// Who started the change.
    pub initiated_by: Option<Initiator>,
    /// The tenant.
    #[serde(deserialize_with = "null_default")]
    pub tenant_id: String,
}

impl ProvisioningObjectSummary {
    /// What was done: `provisioningAction`, or beta's legacy `action` when
    /// `provisioningAction` is absent (`Unknown("")` when neither is there).
    pub fn action(&self) -> ProvisioningAction {
        self.provisioning_action
            .as_ref()
            .or(self.action.as_ref())
            .cloned()
            .unwrap_or_default()
    }

    /// The outcome: `provisioningStatusInfo.status`, or beta's legacy
    /// `statusInfo.status` when the former is absent (`Unknown("")` when
    /// neither is there).
    pub fn result(&self) -> ProvisioningResult {
        let current = self
            .provisioning_status_info
            .as_ref()
            .map(|s| &s.status)
            .filter(|s| !is_blank_unknown_result(s));
        let legacy = self.status_info.as_ref().map(|s| &s.status);
        current.or(legacy).cloned().unwrap_or_default()
    }

    /// The error code (e.g. `ContosoEntryConflict`), from
    /// `provisioningStatusInfo.errorInformation` or the legacy `statusInfo`.
    pub fn error_code(&self) -> Option<&str> {
        self.provisioning_status_info
            .as_ref()
            .and_then(|s| s.error_information.as_ref())
            .and_then(|e| e.error_code.as_deref())
            .or_else(|| {
                self.status_info
                    .as_ref()
                    .and_then(|s| s.error_code.as_deref())
            })
            .filter(|c| !c.trim().is_empty())
    }

    /// The error's explanation, from the same places as [`Self::error_code`].
    pub fn error_reason(&self) -> Option<&str> {
        self.provisioning_status_info
            .as_ref()
            .and_then(|s| s.error_information.as_ref())
            .and_then(|e| e.reason.as_deref())
            .or_else(|| self.status_info.as_ref().and_then(|s| s.reason.as_deref()))
            .filter(|c| !c.trim().is_empty())
    }

    /// The duration in words, e.g. `"3.2 s"` (see
    /// [`crate::format_millis_duration`]); `None` when absent.
    pub fn duration_text(&self) -> Option<String> {
        self.duration_in_milliseconds.map(format_millis_duration)
    }
}

fn is_blank_unknown_result(r: &ProvisioningResult) -> bool {
    matches!(r, ProvisioningResult::Unknown(raw) if raw.trim().is_empty())
}

/// The outcome of a log entry (`provisioningStatusInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProvisioningStatusInfo {
    /// `success`, `failure`, `skipped`, `warning`.
    pub status: ProvisioningResult,
    /// The error, when there is one (nullable).
    pub error_information: Option<ProvisioningErrorInfo>,
}

/// Why a change failed (`provisioningErrorInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProvisioningErrorInfo {
    /// The error code, e.g. `ContosoEntryConflict`.
    pub error_code: Option<String>,
    /// The explanation.
    pub reason: Option<String>,
    /// More details.
    pub additional_details: Option<String>,
    /// Whose side the error is on (`nonServiceFailure`: usually fixable by
    /// the admin).
    pub error_category: Option<ProvisioningStatusErrorCategory>,
    /// What to do about it.
    pub recommended_action: Option<String>,
}

/// A flat outcome with its error (`statusDetails`): beta's legacy
/// `statusInfo` of a log entry, and the `statusInfo` of a provision-on-demand
/// result.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatusDetails {
    /// The outcome (`success`, `failure`, `skipped`, ...; any case).
    pub status: ProvisioningResult,
    /// The error code.
    pub error_code: Option<String>,
    /// The explanation.
    pub reason: Option<String>,
    /// More details.
    pub additional_details: Option<String>,
    /// Whose side the error is on.
    pub error_category: Option<ProvisioningStatusErrorCategory>,
    /// What to do about it.
    pub recommended_action: Option<String>,
}

/// One step of a change (`provisioningStep`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProvisioningStep {
    /// The step's name, e.g. `EntryExportAdd`.
    #[serde(deserialize_with = "null_default")]
    pub name: String,
    /// What happened, in words.
    pub description: Option<String>,
    /// Free-form details (an object of strings in practice; kept as JSON).
    pub details: Value,
    /// The phase (`import`, `scoping`, `matching`, `export`, ...).
    pub provisioning_step_type: ProvisioningStepType,
    /// The step's outcome.
    pub status: ProvisioningResult,
}

/// A property that changed (`modifiedProperty`). Old and new values are text;
/// a number or Boolean reads as its JSON text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ModifiedProperty {
    /// The property's name.
    #[serde(deserialize_with = "null_default")]
    pub display_name: String,
    /// The value before (nullable).
    #[serde(deserialize_with = "opt_text_lenient")]
    pub old_value: Option<String>,
    /// The value after (nullable).
    #[serde(deserialize_with = "opt_text_lenient")]
    pub new_value: Option<String>,
}

/// The service principal of a log entry (`provisioningServicePrincipal`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProvisioningServicePrincipal {
    /// Its object id.
    #[serde(deserialize_with = "null_default")]
    pub id: String,
    /// Its name.
    pub display_name: Option<String>,
}

/// A source or target system (`provisioningSystem`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProvisioningSystem {
    /// Its id.
    pub id: Option<String>,
    /// Its name, e.g. `Azure Active Directory`.
    pub display_name: Option<String>,
    /// Free-form details such as `ApplicationId`, `ServicePrincipalId`,
    /// `ServicePrincipalDisplayName` (kept as JSON).
    #[serde(skip_serializing_if = "value_is_null")]
    pub details: Value,
}

impl ProvisioningSystem {
    /// A text entry of `details` by name.
    pub fn detail(&self, name: &str) -> Option<&str> {
        self.details.get(name).and_then(Value::as_str)
    }
}

/// The object in the source or target (`provisionedIdentity`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProvisionedIdentity {
    /// Its id in that system.
    pub id: Option<String>,
    /// Its name.
    pub display_name: Option<String>,
    /// Its type, e.g. `User`, `Group`, `ServicePrincipal`.
    pub identity_type: Option<String>,
    /// Free-form details (kept as JSON).
    #[serde(skip_serializing_if = "value_is_null")]
    pub details: Value,
}

/// Who started a change (`initiator`). The docs' first example writes
/// `initiatingType`; it is read as `initiatorType`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, from = "InitiatorWire")]
pub struct Initiator {
    /// Its id (empty for the provisioning service).
    pub id: Option<String>,
    /// Its name, e.g. `Azure AD Provisioning Service`.
    pub display_name: Option<String>,
    /// `user`, `application` or `system` (nullable).
    pub initiator_type: Option<InitiatorType>,
}

/// What Graph sends for an [`Initiator`], with both spellings of the type.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct InitiatorWire {
    id: Option<String>,
    display_name: Option<String>,
    initiator_type: Option<InitiatorType>,
    initiating_type: Option<InitiatorType>,
}

impl From<InitiatorWire> for Initiator {
    fn from(w: InitiatorWire) -> Initiator {
        Initiator {
            id: w.id,
            display_name: w.display_name,
            initiator_type: w.initiator_type.or(w.initiating_type),
        }
    }
}

/// Parses one page of `GET /auditLogs/provisioning`.
pub fn parse_provisioning_page(
    body: &str,
) -> Result<ODataPage<ProvisioningObjectSummary>, ParseError> {
    parse_as(body, "a list of provisioning log entries")
}

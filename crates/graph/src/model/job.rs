//! `synchronizationJob` and its schedule.

use serde::{Deserialize, Serialize};

use crate::duration::IsoDuration;
use crate::enums::ScheduleState;
use crate::lenient::{null_default, vec_lenient};
use crate::model::status::SynchronizationStatus;
use crate::template::{TemplateKind, template_kind};
use crate::time::GraphTime;

/// A provisioning job of a service principal (`synchronizationJob`), as
/// returned by `GET /servicePrincipals/{id}/synchronization/jobs[/{jobId}]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SynchronizationJob {
    /// The job id, `{templateId}.{32 hex}[.{guid}]`. Required: a job without
    /// an id is a parse error. URL-encode it in paths.
    pub id: String,
    /// The id of the template the job was created from (e.g. `BoxOutDelta`,
    /// `AD2AADProvisioning`); see [`SynchronizationJob::kind`].
    #[serde(default, deserialize_with = "null_default")]
    pub template_id: String,
    /// When the job runs.
    #[serde(default, deserialize_with = "null_default")]
    pub schedule: SynchronizationSchedule,
    /// Where the job stands: state, last runs, quarantine, progress.
    #[serde(default, deserialize_with = "null_default")]
    pub status: SynchronizationStatus,
    /// Job settings such as `QuarantineTooManyDeletesThreshold` = `"500"`.
    /// A single object (as in the docs' representation) reads as a
    /// one-element list.
    #[serde(default, deserialize_with = "vec_lenient")]
    pub synchronization_job_settings: Vec<KeyValuePair>,
}

impl SynchronizationJob {
    /// The kind of provisioning, from the template id (or, when that is
    /// empty, from the job id's prefix).
    pub fn kind(&self) -> TemplateKind {
        if self.template_id.trim().is_empty() {
            template_kind(&self.id)
        } else {
            template_kind(&self.template_id)
        }
    }

    /// The value of a job setting by name (case-insensitive).
    pub fn setting(&self, name: &str) -> Option<&str> {
        self.synchronization_job_settings
            .iter()
            .find(|kv| kv.name.eq_ignore_ascii_case(name))
            .and_then(|kv| kv.value.as_deref())
    }
}

/// When a job runs (`synchronizationSchedule`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SynchronizationSchedule {
    /// When the schedule expires; usually `null` ([`GraphTime::Missing`]).
    pub expiration: GraphTime,
    /// Time between runs, e.g. `PT40M`; [`crate::TIMESPAN_MAX_VALUE`] means
    /// "not scheduled". See [`IsoDuration::human`].
    pub interval: IsoDuration,
    /// Whether the schedule runs.
    pub state: ScheduleState,
}

/// A name/value setting (`keyValuePair`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KeyValuePair {
    /// The setting's name.
    #[serde(deserialize_with = "null_default")]
    pub name: String,
    /// The setting's value (nullable).
    pub value: Option<String>,
}

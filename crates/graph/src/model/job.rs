//! `synchronizationJob` and its schedule.

use serde::Serialize;
use serde_json::Value;

use crate::duration::IsoDuration;
use crate::enums::ScheduleState;
use crate::model::json::{
    Shape, deserialize_from_json, duration, list, object, opt, opt_text, required_text, text, time,
};
use crate::model::status::SynchronizationStatus;
use crate::template::{TemplateKind, template_kind};
use crate::time::GraphTime;

/// A provisioning job of a service principal (`synchronizationJob`), as
/// returned by `GET /servicePrincipals/{id}/synchronization/jobs[/{jobId}]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SynchronizationJob {
    /// The job id, `{templateId}.{32 hex}[.{guid}]`. Required: a job without
    /// an id is a parse error. URL-encode it in paths.
    pub id: String,
    /// The id of the template the job was created from (e.g. `BoxOutDelta`,
    /// `AD2AADProvisioning`); see [`SynchronizationJob::kind`].
    pub template_id: String,
    /// When the job runs.
    pub schedule: SynchronizationSchedule,
    /// Where the job stands: state, last runs, quarantine, progress.
    pub status: SynchronizationStatus,
    /// Job settings such as `QuarantineTooManyDeletesThreshold` = `"500"`.
    /// A single object (as in the docs' representation) reads as a
    /// one-element list.
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
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyValuePair {
    /// The setting's name.
    pub name: String,
    /// The setting's value (nullable).
    pub value: Option<String>,
}

deserialize_from_json!(SynchronizationJob, SynchronizationSchedule, KeyValuePair);

impl SynchronizationJob {
    /// Reads a job: `id` is required, every other member may be absent or `null`.
    pub(crate) fn from_json(v: &Value) -> Result<Self, Shape> {
        let m = object(v, "a synchronizationJob object")?;
        Ok(SynchronizationJob {
            id: required_text(m, "id")?,
            template_id: text(m, "templateId")?,
            schedule: opt(m, "schedule", SynchronizationSchedule::from_json)?.unwrap_or_default(),
            status: opt(m, "status", SynchronizationStatus::from_json)?.unwrap_or_default(),
            synchronization_job_settings: list(
                m,
                "synchronizationJobSettings",
                KeyValuePair::from_json,
            )?,
        })
    }
}

impl SynchronizationSchedule {
    pub(crate) fn from_json(v: &Value) -> Result<Self, Shape> {
        let m = object(v, "a synchronizationSchedule object")?;
        Ok(SynchronizationSchedule {
            expiration: time(m, "expiration")?,
            interval: duration(m, "interval")?,
            state: ScheduleState::read(m, "state")?,
        })
    }
}

impl KeyValuePair {
    pub(crate) fn from_json(v: &Value) -> Result<Self, Shape> {
        let m = object(v, "a keyValuePair object")?;
        Ok(KeyValuePair {
            name: text(m, "name")?,
            value: opt_text(m, "value")?,
        })
    }
}

//! `synchronizationStatus` and the types it contains.

use serde::{Deserialize, Serialize};

use crate::enums::{QuarantineReason, StatusCode, TaskExecutionResult};
use crate::lenient::{bool_lenient, i64_lenient, null_default, vec_lenient};
use crate::time::{GraphTime, format_duration_between};

/// A job that stays in quarantine for more than this many days (four weeks)
/// is disabled by the service.
pub const QUARANTINE_AUTO_DISABLE_DAYS: i64 = 28;

/// Where a job stands (`synchronizationStatus`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SynchronizationStatus {
    /// The state of the job; see [`StatusCode::label`].
    pub code: StatusCode,
    /// Consecutive runs that failed completely.
    #[serde(deserialize_with = "i64_lenient")]
    pub count_successive_complete_failures: i64,
    /// True if escrows were pruned during the initial cycle instead of
    /// quarantining the job; it then pauses after the initial cycle.
    #[serde(deserialize_with = "bool_lenient")]
    pub escrows_pruned: bool,
    /// The last run (nullable).
    pub last_execution: Option<SynchronizationTaskExecution>,
    /// The last run without errors (nullable).
    pub last_successful_execution: Option<SynchronizationTaskExecution>,
    /// The last run that exported to the target (nullable).
    pub last_successful_execution_with_exports: Option<SynchronizationTaskExecution>,
    /// Progress of the current cycle.
    #[serde(deserialize_with = "vec_lenient")]
    pub progress: Vec<SynchronizationProgress>,
    /// Populated while the job is quarantined (nullable). Note the docs show a
    /// `Paused` job with a quarantine object: show what is there.
    pub quarantine: Option<SynchronizationQuarantine>,
    /// When steady state was first reached; "never" (`0001-01-01`) until then.
    pub steady_state_first_achieved_time: GraphTime,
    /// When steady state was last reached; "never" (`0001-01-01`) until then.
    pub steady_state_last_achieved_time: GraphTime,
    /// Entries synchronized per type, e.g. `User to User` = 42.
    #[serde(deserialize_with = "vec_lenient")]
    pub synchronized_entry_count_by_type: Vec<StringKeyLongValuePair>,
    /// A link to troubleshooting guidance (nullable).
    pub troubleshooting_url: Option<String>,
}

impl SynchronizationStatus {
    /// The error of the quarantine, else of the last run: the "last error"
    /// the status card shows.
    pub fn last_error(&self) -> Option<&SynchronizationError> {
        self.quarantine
            .as_ref()
            .and_then(|q| q.error.as_ref())
            .or_else(|| self.last_execution.as_ref().and_then(|e| e.error.as_ref()))
            .filter(|e| !e.is_empty())
    }

    /// True once the job has reached steady state (all objects processed).
    pub fn has_reached_steady_state(&self) -> bool {
        !self.steady_state_first_achieved_time.is_never()
            || !self.steady_state_last_achieved_time.is_never()
    }
}

/// One run of a job (`synchronizationTaskExecution`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SynchronizationTaskExecution {
    /// The run's id.
    pub activity_identifier: Option<String>,
    /// Processed entries assigned to the app.
    #[serde(deserialize_with = "i64_lenient")]
    pub count_entitled: i64,
    /// Processed entries assigned for provisioning.
    #[serde(deserialize_with = "i64_lenient")]
    pub count_entitled_for_provisioning: i64,
    /// Entries escrowed (errors held for retry).
    #[serde(deserialize_with = "i64_lenient")]
    pub count_escrowed: i64,
    /// Entries escrowed, including system-generated escrows.
    #[serde(deserialize_with = "i64_lenient")]
    pub count_escrowed_raw: i64,
    /// Entries exported to the target.
    #[serde(deserialize_with = "i64_lenient")]
    pub count_exported: i64,
    /// Entries expected to be exported.
    #[serde(deserialize_with = "i64_lenient")]
    pub count_exports: i64,
    /// Entries imported from the source.
    #[serde(deserialize_with = "i64_lenient")]
    pub count_imported: i64,
    /// Delta changes imported.
    #[serde(deserialize_with = "i64_lenient")]
    pub count_imported_deltas: i64,
    /// Reference delta changes imported.
    #[serde(deserialize_with = "i64_lenient")]
    pub count_imported_reference_deltas: i64,
    /// The run's error (nullable).
    pub error: Option<SynchronizationError>,
    /// The run's outcome.
    pub state: TaskExecutionResult,
    /// When the run began.
    pub time_began: GraphTime,
    /// When the run ended.
    pub time_ended: GraphTime,
}

impl SynchronizationTaskExecution {
    /// The run's length, e.g. `"3 min 12 s"` (`None` when either end is
    /// unknown). See [`format_duration_between`].
    pub fn run_length(&self) -> Option<String> {
        format_duration_between(&self.time_began, &self.time_ended)
    }
}

/// Quarantine details (`synchronizationQuarantine`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SynchronizationQuarantine {
    /// When the quarantine was last evaluated or imposed.
    pub current_began: GraphTime,
    /// When the service evaluates it next.
    pub next_attempt: GraphTime,
    /// Why the job is quarantined; see [`QuarantineReason::description`].
    pub reason: QuarantineReason,
    /// When this series of quarantines began (resets when lifted).
    pub series_began: GraphTime,
    /// How many times the quarantine was re-evaluated and kept in this series.
    #[serde(deserialize_with = "i64_lenient")]
    pub series_count: i64,
    /// The error that caused it (nullable).
    pub error: Option<SynchronizationError>,
}

impl SynchronizationQuarantine {
    /// Whole days left before the service disables the job (four weeks after
    /// `seriesBegan`), never negative; `None` when `seriesBegan` is unknown.
    pub fn days_until_auto_disable(&self, now_millis: i64) -> Option<i64> {
        let began = self.series_began.unix_millis()?;
        let deadline = began.checked_add(QUARANTINE_AUTO_DISABLE_DAYS * 86_400_000)?;
        let left = deadline.checked_sub(now_millis)?;
        Some(left.max(0) / 86_400_000)
    }
}

/// An error reported by the synchronization service (`synchronizationError`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SynchronizationError {
    /// The error code, e.g. `SalesforceInvalidCredentials`.
    #[serde(deserialize_with = "null_default")]
    pub code: String,
    /// The error message.
    #[serde(deserialize_with = "null_default")]
    pub message: String,
    /// True when the customer (tenant) can fix it.
    #[serde(deserialize_with = "bool_lenient")]
    pub tenant_actionable: bool,
}

impl SynchronizationError {
    /// True when both code and message are blank.
    pub fn is_empty(&self) -> bool {
        self.code.trim().is_empty() && self.message.trim().is_empty()
    }
}

/// Progress of a cycle (`synchronizationProgress`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SynchronizationProgress {
    /// Units completed.
    #[serde(deserialize_with = "i64_lenient")]
    pub completed_units: i64,
    /// When the progress was observed.
    pub progress_observation_date_time: GraphTime,
    /// Units in total.
    #[serde(deserialize_with = "i64_lenient")]
    pub total_units: i64,
    /// What a unit is (optional label, e.g. `pages`).
    pub units: Option<String>,
}

impl SynchronizationProgress {
    /// Completed over total, clamped to 0..=1; `None` when the total is not
    /// positive.
    pub fn ratio(&self) -> Option<f64> {
        (self.total_units > 0)
            .then(|| (self.completed_units as f64 / self.total_units as f64).clamp(0.0, 1.0))
    }
}

/// A string key with an Int64 value (`stringKeyLongValuePair`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StringKeyLongValuePair {
    /// The key, e.g. `User to User`.
    #[serde(deserialize_with = "null_default")]
    pub key: String,
    /// The value.
    #[serde(deserialize_with = "i64_lenient")]
    pub value: i64,
}

//! `synchronizationStatus` and the types it contains.

use serde::Serialize;
use serde_json::Value;

use crate::enums::{QuarantineReason, StatusCode, TaskExecutionResult};
use crate::model::json::{
    Shape, deserialize_from_json, flag, int, list, object, opt, opt_text, text, time,
};
use crate::time::{GraphTime, format_duration_between};

/// A job that stays in quarantine for more than this many days (four weeks)
/// is disabled by the service.
pub const QUARANTINE_AUTO_DISABLE_DAYS: i64 = 28;

/// Where a job stands (`synchronizationStatus`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SynchronizationStatus {
    /// The state of the job; see [`StatusCode::label`].
    pub code: StatusCode,
    /// Consecutive runs that failed completely.
    pub count_successive_complete_failures: i64,
    /// True if escrows were pruned during the initial cycle instead of
    /// quarantining the job; it then pauses after the initial cycle.
    pub escrows_pruned: bool,
    /// The last run (nullable).
    pub last_execution: Option<SynchronizationTaskExecution>,
    /// The last run without errors (nullable).
    pub last_successful_execution: Option<SynchronizationTaskExecution>,
    /// The last run that exported to the target (nullable).
    pub last_successful_execution_with_exports: Option<SynchronizationTaskExecution>,
    /// Progress of the current cycle.
    pub progress: Vec<SynchronizationProgress>,
    /// Populated while the job is quarantined (nullable). Note the docs show a
    /// `Paused` job with a quarantine object: show what is there.
    pub quarantine: Option<SynchronizationQuarantine>,
    /// When steady state was first reached; "never" (`0001-01-01`) until then.
    pub steady_state_first_achieved_time: GraphTime,
    /// When steady state was last reached; "never" (`0001-01-01`) until then.
    pub steady_state_last_achieved_time: GraphTime,
    /// Entries synchronized per type, e.g. `User to User` = 42.
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
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SynchronizationTaskExecution {
    /// The run's id.
    pub activity_identifier: Option<String>,
    /// Processed entries assigned to the app.
    pub count_entitled: i64,
    /// Processed entries assigned for provisioning.
    pub count_entitled_for_provisioning: i64,
    /// Entries escrowed (errors held for retry).
    pub count_escrowed: i64,
    /// Entries escrowed, including system-generated escrows.
    pub count_escrowed_raw: i64,
    /// Entries exported to the target.
    pub count_exported: i64,
    /// Entries expected to be exported.
    pub count_exports: i64,
    /// Entries imported from the source.
    pub count_imported: i64,
    /// Delta changes imported.
    pub count_imported_deltas: i64,
    /// Reference delta changes imported.
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
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SynchronizationError {
    /// The error code, e.g. `SalesforceInvalidCredentials`.
    pub code: String,
    /// The error message.
    pub message: String,
    /// True when the customer (tenant) can fix it.
    pub tenant_actionable: bool,
}

impl SynchronizationError {
    /// True when both code and message are blank.
    pub fn is_empty(&self) -> bool {
        self.code.trim().is_empty() && self.message.trim().is_empty()
    }
}

/// Progress of a cycle (`synchronizationProgress`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SynchronizationProgress {
    /// Units completed.
    pub completed_units: i64,
    /// When the progress was observed.
    pub progress_observation_date_time: GraphTime,
    /// Units in total.
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StringKeyLongValuePair {
    /// The key, e.g. `User to User`.
    pub key: String,
    /// The value.
    pub value: i64,
}

deserialize_from_json!(
    SynchronizationStatus,
    SynchronizationTaskExecution,
    SynchronizationQuarantine,
    SynchronizationError,
    SynchronizationProgress,
    StringKeyLongValuePair,
);

impl SynchronizationStatus {
    pub(crate) fn from_json(v: &Value) -> Result<Self, Shape> {
        let m = object(v, "a synchronizationStatus object")?;
        let run = SynchronizationTaskExecution::from_json;
        Ok(SynchronizationStatus {
            code: StatusCode::read(m, "code")?,
            count_successive_complete_failures: int(m, "countSuccessiveCompleteFailures")?,
            escrows_pruned: flag(m, "escrowsPruned")?,
            last_execution: opt(m, "lastExecution", run)?,
            last_successful_execution: opt(m, "lastSuccessfulExecution", run)?,
            last_successful_execution_with_exports: opt(
                m,
                "lastSuccessfulExecutionWithExports",
                run,
            )?,
            progress: list(m, "progress", SynchronizationProgress::from_json)?,
            quarantine: opt(m, "quarantine", SynchronizationQuarantine::from_json)?,
            steady_state_first_achieved_time: time(m, "steadyStateFirstAchievedTime")?,
            steady_state_last_achieved_time: time(m, "steadyStateLastAchievedTime")?,
            synchronized_entry_count_by_type: list(
                m,
                "synchronizedEntryCountByType",
                StringKeyLongValuePair::from_json,
            )?,
            troubleshooting_url: opt_text(m, "troubleshootingUrl")?,
        })
    }
}

impl SynchronizationTaskExecution {
    pub(crate) fn from_json(v: &Value) -> Result<Self, Shape> {
        let m = object(v, "a synchronizationTaskExecution object")?;
        Ok(SynchronizationTaskExecution {
            activity_identifier: opt_text(m, "activityIdentifier")?,
            count_entitled: int(m, "countEntitled")?,
            count_entitled_for_provisioning: int(m, "countEntitledForProvisioning")?,
            count_escrowed: int(m, "countEscrowed")?,
            count_escrowed_raw: int(m, "countEscrowedRaw")?,
            count_exported: int(m, "countExported")?,
            count_exports: int(m, "countExports")?,
            count_imported: int(m, "countImported")?,
            count_imported_deltas: int(m, "countImportedDeltas")?,
            count_imported_reference_deltas: int(m, "countImportedReferenceDeltas")?,
            error: opt(m, "error", SynchronizationError::from_json)?,
            state: TaskExecutionResult::read(m, "state")?,
            time_began: time(m, "timeBegan")?,
            time_ended: time(m, "timeEnded")?,
        })
    }
}

impl SynchronizationQuarantine {
    pub(crate) fn from_json(v: &Value) -> Result<Self, Shape> {
        let m = object(v, "a synchronizationQuarantine object")?;
        Ok(SynchronizationQuarantine {
            current_began: time(m, "currentBegan")?,
            next_attempt: time(m, "nextAttempt")?,
            reason: QuarantineReason::read(m, "reason")?,
            series_began: time(m, "seriesBegan")?,
            series_count: int(m, "seriesCount")?,
            error: opt(m, "error", SynchronizationError::from_json)?,
        })
    }
}

impl SynchronizationError {
    pub(crate) fn from_json(v: &Value) -> Result<Self, Shape> {
        let m = object(v, "a synchronizationError object")?;
        Ok(SynchronizationError {
            code: text(m, "code")?,
            message: text(m, "message")?,
            tenant_actionable: flag(m, "tenantActionable")?,
        })
    }
}

impl SynchronizationProgress {
    pub(crate) fn from_json(v: &Value) -> Result<Self, Shape> {
        let m = object(v, "a synchronizationProgress object")?;
        Ok(SynchronizationProgress {
            completed_units: int(m, "completedUnits")?,
            progress_observation_date_time: time(m, "progressObservationDateTime")?,
            total_units: int(m, "totalUnits")?,
            units: opt_text(m, "units")?,
        })
    }
}

impl StringKeyLongValuePair {
    pub(crate) fn from_json(v: &Value) -> Result<Self, Shape> {
        let m = object(v, "a stringKeyLongValuePair object")?;
        Ok(StringKeyLongValuePair {
            key: text(m, "key")?,
            value: int(m, "value")?,
        })
    }
}

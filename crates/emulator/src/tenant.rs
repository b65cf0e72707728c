//! The tenant's data: service principals and their synchronization jobs.
//!
//! These types serialize to exactly the JSON Graph sends (property names and
//! casing of the resource types of
//! <https://learn.microsoft.com/en-us/graph/api/resources/synchronization-overview>).
//! They are plain data so that later operations
//! (create, start, pause, restart, delete) can change them in place.

use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;

use crate::time::GraphTime;

/// `P10675199DT2H48M5.4775807S`: .NET `TimeSpan.MaxValue`, Graph's "not scheduled".
pub const INTERVAL_NEVER: &str = "P10675199DT2H48M5.4775807S";

/// A tenant: an ordered list of service principals (the order `/servicePrincipals` pages in).
#[derive(Clone, Debug)]
pub struct Tenant {
    /// The directory (tenant) id; also the GUID suffix of some job ids.
    pub tenant_id: String,
    /// Every service principal, in listing order.
    pub service_principals: Vec<ServicePrincipal>,
    /// Days of provisioning log history a job that has run starts with (see
    /// [`crate::sim::history`]): 30 for the demo tenant, a few for a generated one.
    pub log_history_days: i64,
    /// Lower-cased object id → position in `service_principals` (see [`Tenant::reindex`]).
    /// A `$batch` of 20 job lists looked each app up by a scan of the whole list: with 5,000
    /// apps that was a third of the emulator's time in a fleet scan. An entry is never trusted
    /// blindly: a lookup checks the id it finds and falls back to a scan.
    index: HashMap<String, usize>,
}

impl Tenant {
    /// A tenant of `service_principals` (in listing order), indexed by object id.
    pub fn new(tenant_id: String, service_principals: Vec<ServicePrincipal>) -> Tenant {
        let mut tenant = Tenant {
            tenant_id,
            service_principals,
            log_history_days: crate::sim::DEFAULT_HISTORY_DAYS,
            index: HashMap::new(),
        };
        tenant.reindex();
        tenant
    }

    /// Rebuilds the id index after service principals were added, removed or reordered.
    pub fn reindex(&mut self) {
        self.index.clear();
        for (i, sp) in self.service_principals.iter().enumerate() {
            // The first of equal ids wins, as a scan would find it.
            self.index.entry(sp.id.to_ascii_lowercase()).or_insert(i);
        }
    }

    /// Position of the service principal with object id `id`.
    fn position(&self, id: &str) -> Option<usize> {
        let same = |i: &usize| {
            self.service_principals
                .get(*i)
                .is_some_and(|sp| sp.id.eq_ignore_ascii_case(id))
        };
        match self.index.get(&id.to_ascii_lowercase()).filter(|i| same(i)) {
            Some(&i) => Some(i),
            None => self
                .service_principals
                .iter()
                .position(|sp| sp.id.eq_ignore_ascii_case(id)),
        }
    }

    /// The service principal with object id `id` (GUIDs compare case-insensitively).
    pub fn service_principal(&self, id: &str) -> Option<&ServicePrincipal> {
        self.position(id).map(|i| &self.service_principals[i])
    }

    /// Mutable access to the service principal with object id `id`.
    pub fn service_principal_mut(&mut self, id: &str) -> Option<&mut ServicePrincipal> {
        self.position(id).map(|i| &mut self.service_principals[i])
    }

    /// The service principal whose display name is exactly `name`.
    pub fn by_display_name(&self, name: &str) -> Option<&ServicePrincipal> {
        self.service_principals
            .iter()
            .find(|sp| sp.display_name == name)
    }

    /// Every job of the tenant with its service principal.
    pub fn jobs(&self) -> impl Iterator<Item = (&ServicePrincipal, &Job)> {
        self.service_principals
            .iter()
            .flat_map(|sp| sp.jobs.iter().map(move |job| (sp, job)))
    }
}

/// A `servicePrincipal` (the subset of its properties the emulator models).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePrincipal {
    /// Object id (GUID): the `{id}` of `/servicePrincipals/{id}`.
    pub id: String,
    /// Always null for a live object.
    pub deleted_date_time: Option<GraphTime>,
    /// Whether sign-in is enabled.
    pub account_enabled: bool,
    /// Display name of the application registration.
    pub app_display_name: String,
    /// Application (client) id (GUID).
    pub app_id: String,
    /// The gallery template the app was instantiated from (GUID), or null.
    pub application_template_id: Option<String>,
    /// Tenant that owns the application registration.
    pub app_owner_organization_id: Option<String>,
    /// Description, usually null.
    pub description: Option<String>,
    /// Display name: what the admin sees.
    pub display_name: String,
    /// Home page URL, or null.
    pub homepage: Option<String>,
    /// `saml`, `password`, `oidc`, ... or null.
    pub preferred_single_sign_on_mode: Option<String>,
    /// Identifier URIs and the app id.
    pub service_principal_names: Vec<String>,
    /// Always `Application` in the demo tenant.
    pub service_principal_type: String,
    /// `AzureADMyOrg`, `AzureADMultipleOrgs`, ...
    pub sign_in_audience: String,
    /// Tags such as `WindowsAzureActiveDirectoryIntegratedApp`.
    pub tags: Vec<String>,
    /// Synchronization jobs (served under `/synchronization/jobs`, not a property).
    #[serde(skip)]
    pub jobs: Vec<Job>,
    /// What provisioning the app supports (decides its templates).
    #[serde(skip)]
    pub kind: AppKind,
    /// Saved synchronization secrets (`PUT .../synchronization/secrets`), in order.
    #[serde(skip)]
    pub secrets: Vec<(String, String)>,
    /// The "restricted" app of the forbidden-app fault: hidden unless that fault
    /// is on, and then its synchronization endpoints answer 403.
    #[serde(skip)]
    pub restricted: bool,
    /// Jobs created through the API so far (makes created job ids deterministic).
    #[serde(skip)]
    pub created_jobs: u64,
}

/// The provisioning an application supports, which decides its templates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum AppKind {
    /// No provisioning (Microsoft first-party apps): no templates.
    #[default]
    None,
    /// A gallery app with its own outbound template id (`slack`, `BoxOutDelta`, ...).
    Gallery(String),
    /// A non-gallery app: the generic SCIM template `scim`.
    CustomScim,
    /// Workday inbound (HR-driven).
    Workday,
    /// SAP SuccessFactors inbound (HR-driven).
    SuccessFactors,
    /// Microsoft Entra Cloud Sync (two jobs: provisioning and password hash).
    CloudSync,
    /// Cross-tenant synchronization.
    CrossTenant,
    /// API-driven inbound provisioning.
    ApiInbound,
}

impl ServicePrincipal {
    /// The Graph JSON object of this service principal.
    pub fn to_json(&self) -> Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        }
    }

    /// The index in `jobs` of the job with id `job_id` (ids match case-insensitively).
    pub fn job_index(&self, job_id: &str) -> Option<usize> {
        self.jobs
            .iter()
            .position(|j| j.id.eq_ignore_ascii_case(job_id))
    }
}

/// `synchronizationJob`, <https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationjob>.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    /// `{templateId}.{32 hex}[.{guid}]`.
    pub id: String,
    /// The template the job was created from, e.g. `BoxOutDelta`.
    pub template_id: String,
    /// When and whether the job runs.
    pub schedule: Schedule,
    /// Its state and the last runs.
    pub status: Status,
    /// Job settings (`QuarantineTooManyDeletesThreshold`, ...).
    pub synchronization_job_settings: Vec<KeyValue>,
    /// The schema saved by `PUT .../jobs/{jobId}/schema` (without its `@odata.*` members),
    /// served as it is by `GET .../schema`; `None`: the generated one
    /// ([`crate::templates::schema_json`]).
    #[serde(skip)]
    pub schema: Option<Map<String, Value>>,
    /// The emulation state behind the JSON (cycles, escrows, logs).
    #[serde(skip)]
    pub sim: crate::sim::Sim,
}

impl Job {
    /// The Graph JSON object of this job.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// `synchronizationSchedule`, <https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationschedule>.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    /// Usually null.
    pub expiration: Option<GraphTime>,
    /// ISO-8601 duration (`PT40M`) or [`INTERVAL_NEVER`].
    pub interval: String,
    /// `Active`, `Disabled` or `Paused`.
    pub state: ScheduleState,
}

/// `synchronizationScheduleState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ScheduleState {
    /// Runs on its interval.
    Active,
    /// Never started (fresh job).
    Disabled,
    /// Paused by an admin.
    Paused,
}

/// `synchronizationStatusCode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum StatusCode {
    /// Never configured or run.
    NotConfigured,
    /// Configured, first run not finished.
    NotRun,
    /// Running periodically.
    Active,
    /// Paused.
    Paused,
    /// Quarantined.
    Quarantine,
}

/// `synchronizationStatus`, <https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationstatus>.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// The job's state.
    pub code: StatusCode,
    /// Consecutive failed runs.
    pub count_successive_complete_failures: i64,
    /// Whether escrows were pruned during the initial cycle.
    pub escrows_pruned: bool,
    /// The latest run (null before the first one).
    pub last_execution: Option<TaskExecution>,
    /// The latest run without errors.
    pub last_successful_execution: Option<TaskExecution>,
    /// The latest run that exported something.
    pub last_successful_execution_with_exports: Option<TaskExecution>,
    /// Progress of the running cycle.
    pub progress: Vec<Progress>,
    /// Set when quarantined.
    pub quarantine: Option<Quarantine>,
    /// [`GraphTime::MIN`] until steady state was reached.
    pub steady_state_first_achieved_time: GraphTime,
    /// [`GraphTime::MIN`] until steady state was reached.
    pub steady_state_last_achieved_time: GraphTime,
    /// Entries synchronized, per mapping (`User to User`).
    pub synchronized_entry_count_by_type: Vec<KeyLong>,
    /// Usually null.
    pub troubleshooting_url: Option<String>,
}

/// `synchronizationTaskExecutionResult`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ExecutionState {
    /// No errors.
    Succeeded,
    /// The run failed as a whole.
    Failed,
    /// Some entries failed (escrowed).
    EntryLevelErrors,
}

/// `synchronizationTaskExecution`, <https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationtaskexecution>.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskExecution {
    /// Run id.
    pub activity_identifier: String,
    /// Entries processed that are assigned to the app.
    pub count_entitled: i64,
    /// Entries processed that are assigned for provisioning.
    pub count_entitled_for_provisioning: i64,
    /// Escrowed (failed) entries.
    pub count_escrowed: i64,
    /// Escrowed entries, system-generated included.
    pub count_escrowed_raw: i64,
    /// Exported entries.
    pub count_exported: i64,
    /// Entries expected to be exported.
    pub count_exports: i64,
    /// Imported entries.
    pub count_imported: i64,
    /// Imported delta changes.
    pub count_imported_deltas: i64,
    /// Imported reference delta changes.
    pub count_imported_reference_deltas: i64,
    /// The run's error, if it failed.
    pub error: Option<SyncError>,
    /// Outcome.
    pub state: ExecutionState,
    /// Start.
    pub time_began: GraphTime,
    /// End ([`GraphTime::MIN`] while the run has not ended).
    pub time_ended: GraphTime,
}

/// `synchronizationError`, <https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationerror>.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncError {
    /// Error code, e.g. `SalesforceInvalidCredentials`.
    pub code: String,
    /// Human-readable message.
    pub message: String,
    /// Whether the customer can fix it.
    pub tenant_actionable: bool,
}

/// `quarantineReason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum QuarantineReason {
    /// Base escrow threshold exceeded.
    EncounteredBaseEscrowThreshold,
    /// Total escrow threshold exceeded.
    EncounteredTotalEscrowThreshold,
    /// Too large a proportion of entries failed.
    EncounteredEscrowProportionThreshold,
    /// Invalid credentials or cannot connect.
    EncounteredQuarantineException,
    /// Unknown.
    Unknown,
    /// Put there by Microsoft.
    QuarantinedOnDemand,
    /// Accidental-deletion threshold exceeded.
    TooManyDeletes,
    /// Ingestion interrupted.
    IngestionInterrupted,
}

/// `synchronizationQuarantine`, <https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationquarantine>.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Quarantine {
    /// When quarantine was last evaluated or imposed.
    pub current_began: GraphTime,
    /// Next re-evaluation.
    pub next_attempt: GraphTime,
    /// Why.
    pub reason: QuarantineReason,
    /// First imposition in this series.
    pub series_began: GraphTime,
    /// Times re-evaluated and kept.
    pub series_count: i64,
    /// The error behind it, if any.
    pub error: Option<SyncError>,
}

/// `synchronizationProgress`, <https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationprogress>.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Units done.
    pub completed_units: i64,
    /// When observed.
    pub progress_observation_date_time: GraphTime,
    /// Units in all.
    pub total_units: i64,
    /// Label of the units, e.g. `pages`.
    pub units: Option<String>,
}

/// `keyValuePair` (`{name, value}`).
#[derive(Clone, Debug, Serialize)]
pub struct KeyValue {
    /// Setting name.
    pub name: String,
    /// Setting value (a string, even for numbers and booleans).
    pub value: String,
}

/// `stringKeyLongValuePair` (`{key, value}`).
#[derive(Clone, Debug, Serialize)]
pub struct KeyLong {
    /// E.g. `User to User`.
    pub key: String,
    /// Count.
    pub value: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::GraphTime;

    fn tenant() -> Tenant {
        crate::generate::tenant(
            50,
            7,
            0.5,
            GraphTime::parse("2026-11-22T12:00:00Z").unwrap(),
        )
    }

    #[test]
    fn lookups_by_id_ignore_case_and_find_every_app() {
        let t = tenant();
        for (i, sp) in t.service_principals.iter().enumerate() {
            let upper = sp.id.to_ascii_uppercase();
            let found = t.service_principal(&upper).map(|s| s.id.as_str());
            assert_eq!(found, Some(sp.id.as_str()), "app {i}");
        }
        assert!(
            t.service_principal("00000000-0000-0000-0000-000000000000")
                .is_none()
        );
    }

    #[test]
    fn a_stale_index_is_never_trusted() {
        let mut t = tenant();
        // Reordered and extended without `reindex`: every lookup still finds the right app.
        t.service_principals.reverse();
        let mut extra = t.service_principals[0].clone();
        extra.id = "11111111-2222-3333-4444-555555555555".to_string();
        t.service_principals.push(extra);
        for sp in t.service_principals.clone() {
            assert_eq!(
                t.service_principal_mut(&sp.id).map(|s| s.id.clone()),
                Some(sp.id)
            );
        }
        t.service_principals.truncate(3);
        let gone = tenant().service_principals[0].id.clone();
        let kept: Vec<String> = t.service_principals.iter().map(|s| s.id.clone()).collect();
        assert_eq!(t.service_principal(&gone).is_some(), kept.contains(&gone));
    }
}

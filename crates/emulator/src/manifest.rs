//! The manifest of the served tenant (`GET /_emulator/manifest`): its apps
//! and jobs, their counts, and the forbidden app, so that tests read the
//! demo's facts instead of copying them.
//!
//! It is computed from the live state at the clock's now: jobs are shown as a
//! Graph request would show them now, but from copies, so reading the manifest
//! never moves a job (the Graph answers that follow are the same with or
//! without it). After `POST /_emulator/reset` it describes the initial tenant.
//!
//! ```json
//! {
//!   "tenantId": "8a3c2f7e-…",
//!   "now": "2026-11-22T21:03:11Z",
//!   "counts": {
//!     "apps": 20, "appsWithJobs": 12, "jobs": 13,
//!     "jobsByStatus": {"Active": 6, "NotConfigured": 1, "NotRun": 1, "Paused": 1, "Quarantine": 4}
//!   },
//!   "apps": [
//!     {"displayName": "Salesforce Sandbox", "servicePrincipalId": "…", "appId": "…",
//!      "jobs": [{"id": "SfSandboxOutDelta.…", "templateId": "SfSandboxOutDelta",
//!                "statusCode": "Quarantine", "scheduleState": "Active",
//!                "quarantined": true, "quarantineReason": "EncounteredQuarantineException",
//!                "running": false, "cycleInProgress": false,
//!                "logs": {"total": 159,
//!                         "last24h": {"success": 0, "failure": 2, "skipped": 0, "warning": 0},
//!                         "failureCodes24h": {"SalesforceInvalidCredentials": 2},
//!                         "days7": [{"date": "2026-11-16", "success": 2, "failure": 0, "skipped": 2},
//!                                   …,
//!                                   {"date": "2026-11-22", "success": 0, "failure": 2, "skipped": 0}]}}]},
//!     …
//!   ],
//!   "forbiddenApp": {"displayName": "Contoso Payroll (restricted)",
//!                    "servicePrincipalId": "…", "appId": "…", "visible": false},
//!   "directory": {
//!     "users": [{"id": "…", "userPrincipalName": "adele.vance@contoso.com", "displayName": "Adele Vance"}, …],
//!     "groups": [{"id": "…", "displayName": "Sales", "memberIds": ["…", …]}, …],
//!     "failingUser": {"id": "…", "userPrincipalName": "megan.bowen@contoso.com",
//!                     "errorCode": "SchemaAttributeValueInvalid"}
//!   }
//! }
//!
//! A job's `logs` count its provisioning log entries at now (see [`crate::manifest_logs`]):
//! `last24h` those after now - 24 h, `days7` the 7 UTC dates up to now's.
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use crate::faults::Faults;
use crate::manifest_logs::{DirectoryFacts, LogFacts, directory_facts, log_facts};
use crate::sim::{self, Owner};
use crate::tenant::{Job, QuarantineReason, ScheduleState, ServicePrincipal, StatusCode, Tenant};
use crate::time::GraphTime;

/// Every status code, each counted in [`Counts::jobs_by_status`] (0 when no job has it).
const STATUS_CODES: [StatusCode; 5] = [
    StatusCode::NotConfigured,
    StatusCode::NotRun,
    StatusCode::Active,
    StatusCode::Paused,
    StatusCode::Quarantine,
];

/// The answer of `GET /_emulator/manifest`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// The directory (tenant) id.
    pub tenant_id: String,
    /// The clock's now the jobs are shown at.
    pub now: GraphTime,
    /// How many apps and jobs there are.
    pub counts: Counts,
    /// Every app of the tenant but the forbidden app, in listing order.
    pub apps: Vec<App>,
    /// The app of the forbidden-app fault (`None` only for a tenant without it).
    pub forbidden_app: Option<ForbiddenApp>,
    /// The users and groups provision on demand can name (see [`crate::directory`]).
    pub directory: DirectoryFacts,
}

/// Counts over [`Manifest::apps`] (the forbidden app is never counted).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Apps (service principals).
    pub apps: usize,
    /// Apps that have at least one job.
    pub apps_with_jobs: usize,
    /// Jobs.
    pub jobs: usize,
    /// Jobs by `status.code`; every code is present.
    pub jobs_by_status: BTreeMap<String, usize>,
}

/// One app (service principal) and its jobs.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct App {
    /// `displayName`.
    pub display_name: String,
    /// The service principal's object id (`/servicePrincipals/{id}`).
    pub service_principal_id: String,
    /// `appId`.
    pub app_id: String,
    /// Its synchronization jobs, in the order Graph lists them.
    pub jobs: Vec<JobFacts>,
}

/// What a test needs to know of one job.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobFacts {
    /// Job id.
    pub id: String,
    /// `templateId`.
    pub template_id: String,
    /// `status.code`.
    pub status_code: StatusCode,
    /// `schedule.state`.
    pub schedule_state: ScheduleState,
    /// Whether `status.quarantine` is set.
    pub quarantined: bool,
    /// `status.quarantine.reason`, when quarantined.
    pub quarantine_reason: Option<QuarantineReason>,
    /// Whether the job runs (moves with time): schedule `Active` and status
    /// `NotRun` or `Active`. A Start on such a job is a "start while running".
    pub running: bool,
    /// Whether a cycle is in progress now (`status.progress` is not empty).
    pub cycle_in_progress: bool,
    /// Its provisioning log entries at now (what `GET /auditLogs/provisioning` serves).
    pub logs: LogFacts,
}

/// The app of the forbidden-app fault.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ForbiddenApp {
    /// `displayName`.
    pub display_name: String,
    /// The service principal's object id.
    pub service_principal_id: String,
    /// `appId`.
    pub app_id: String,
    /// Whether `GET /servicePrincipals` lists it now (the `forbiddenApp` fault is on).
    pub visible: bool,
}

/// The manifest of `tenant` with `faults`, its jobs shown at `now`.
///
/// Log facts count the entries of each job up to `now` by `provisioningStatusInfo.status`.
pub fn manifest(tenant: &Tenant, faults: &Faults, now: GraphTime) -> Manifest {
    let apps: Vec<App> = tenant
        .service_principals
        .iter()
        .filter(|sp| !sp.restricted)
        .map(|sp| App {
            display_name: sp.display_name.clone(),
            service_principal_id: sp.id.clone(),
            app_id: sp.app_id.clone(),
            jobs: sp
                .jobs
                .iter()
                .map(|job| facts(&job_now(&tenant.tenant_id, sp, job, now), now))
                .collect(),
        })
        .collect();
    let mut jobs_by_status: BTreeMap<String, usize> = STATUS_CODES
        .iter()
        .map(|code| (status_name(*code), 0))
        .collect();
    for job in apps.iter().flat_map(|app| &app.jobs) {
        *jobs_by_status
            .entry(status_name(job.status_code))
            .or_default() += 1;
    }
    let counts = Counts {
        apps: apps.len(),
        apps_with_jobs: apps.iter().filter(|app| !app.jobs.is_empty()).count(),
        jobs: apps.iter().map(|app| app.jobs.len()).sum(),
        jobs_by_status,
    };
    let forbidden_app = tenant
        .service_principals
        .iter()
        .find(|sp| sp.restricted)
        .map(|sp| ForbiddenApp {
            display_name: sp.display_name.clone(),
            service_principal_id: sp.id.clone(),
            app_id: sp.app_id.clone(),
            visible: faults.forbidden_app,
        });
    Manifest {
        tenant_id: tenant.tenant_id.clone(),
        now,
        counts,
        apps,
        forbidden_app,
        directory: directory_facts(),
    }
}

/// A copy of `job` brought up to `now` (the live job does not move).
fn job_now(tenant_id: &str, sp: &ServicePrincipal, job: &Job, now: GraphTime) -> Job {
    let mut copy = job.clone();
    let owner = Owner {
        tenant_id,
        sp_id: &sp.id,
        sp_name: &sp.display_name,
        app_id: &sp.app_id,
    };
    sim::advance(&mut copy, owner, now);
    copy
}

fn facts(job: &Job, now: GraphTime) -> JobFacts {
    JobFacts {
        id: job.id.clone(),
        template_id: job.template_id.clone(),
        status_code: job.status.code,
        schedule_state: job.schedule.state,
        quarantined: job.status.quarantine.is_some(),
        quarantine_reason: job.status.quarantine.as_ref().map(|q| q.reason),
        running: sim::is_running(job),
        cycle_in_progress: !job.status.progress.is_empty(),
        logs: log_facts(job, now),
    }
}

/// The JSON name of a status code (`Quarantine`, ...).
fn status_name(code: StatusCode) -> String {
    match serde_json::to_value(code) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{code:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_tenant_at_start() {
        let now = GraphTime::from_parts(2026, 11, 22, 21, 3, 11);
        let mut tenant = crate::demo::tenant(now);
        tenant
            .service_principals
            .push(crate::demo::restricted_app(now));
        crate::sim::init_tenant(&mut tenant, now);
        let m = manifest(&tenant, &Faults::default(), now);
        assert_eq!(m.counts.apps, 20);
        assert_eq!(m.counts.apps_with_jobs, 12);
        assert_eq!(m.counts.jobs, 13);
        let by_status: Vec<(&str, usize)> = m
            .counts
            .jobs_by_status
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        assert_eq!(
            by_status,
            [
                ("Active", 6),
                ("NotConfigured", 1),
                ("NotRun", 1),
                ("Paused", 1),
                ("Quarantine", 4)
            ]
        );
        let forbidden = m.forbidden_app.unwrap();
        assert_eq!(forbidden.display_name, crate::demo::RESTRICTED_APP);
        assert!(!forbidden.visible);
        let with_jobs: Vec<&str> = m
            .apps
            .iter()
            .filter(|a| !a.jobs.is_empty())
            .map(|a| a.display_name.as_str())
            .collect();
        assert_eq!(with_jobs, crate::demo::SP_WITH_JOBS);
    }
}

//! The demo tenant's synchronization jobs as data, one story each: every
//! status code, quarantine reason family and run outcome the app has to show.
//! [`super::build`] turns these specs into Graph objects at a given "now":
//! every `ago` below is in seconds before it, and every seed fixes an id or the
//! sub-second fraction of a time, so nothing changes between runs.
//!
//! The ids and counts are a contract with the app's tests: keep them exact
//! (`tests/sameness.rs` pins every answer built from them).

use super::build::{
    Builder, Counts, ErrorSpec, JobId, JobSpec, LastOk, ProgressSpec, QuarantineSpec, Run, at,
};
use crate::tenant::{ExecutionState, INTERVAL_NEVER, QuarantineReason, ScheduleState, StatusCode};

const M: i64 = 60;
const H: i64 = 3600;
const D: i64 = 86_400;

/// The accidental-deletions threshold every job has unless it says otherwise.
const THRESHOLD: (&str, &str) = ("QuarantineTooManyDeletesThreshold", "500");
const ACTIVE: (ScheduleState, &str) = (ScheduleState::Active, "PT40M");

/// The fields a job leaves at their fresh values unless it says otherwise.
const JOB: JobSpec = JobSpec {
    id: JobId::Literal(""),
    template: "",
    schedule: ACTIVE,
    status: StatusCode::Active,
    failures: 0,
    last: None,
    last_ok: LastOk::None,
    progress: None,
    quarantine: None,
    steady: None,
    entries: &[],
    settings: &[THRESHOLD],
};

/// A run without errors: `exported` of `deltas` changes exported.
const fn healthy(imported: i64, deltas: i64, exported: i64) -> Counts {
    Builder::healthy_counts(imported, deltas, exported)
}

/// A succeeded run that began `began_ago` seconds ago and lasted `duration`.
const fn ok(seed: &'static str, began_ago: i64, duration: i64, counts: Counts) -> Run {
    Run {
        seed,
        state: ExecutionState::Succeeded,
        began_ago,
        duration: Some(duration),
        counts,
        error: None,
    }
}

/// A run that failed as a whole with `error`.
const fn failed(
    seed: &'static str,
    began_ago: i64,
    duration: i64,
    error: &'static ErrorSpec,
) -> Run {
    Run {
        seed,
        state: ExecutionState::Failed,
        began_ago,
        duration: Some(duration),
        counts: Counts::ZERO,
        error: Some(error),
    }
}

/// The restricted app's job: healthy, its last cycle 30 minutes ago.
pub(crate) const PAYROLL: JobSpec = JobSpec {
    id: JobId::Seed(super::RESTRICTED_APP),
    template: "scim",
    last: Some(ok("payroll:last", 30 * M, 35, healthy(180, 4, 2))),
    last_ok: LastOk::Last,
    steady: Some((
        at(50 * D, "payroll:steady1"),
        at(30 * M - 35, "payroll:steady2"),
    )),
    entries: &[("User to User", 180)],
    ..JOB
};

const SALESFORCE_CREDENTIALS: ErrorSpec = ErrorSpec {
    code: "SalesforceInvalidCredentials",
    message: "Your Salesforce.com credentials are invalid.  Please obtain a current Salesforce.com \
              administrative user name, password and security token, and enter those in the screen \
              for configuring user provisioning",
    tenant_actionable: true,
};

/// Quarantined since 3 days: invalid Salesforce credentials.
pub(crate) const SALESFORCE: JobSpec = JobSpec {
    id: JobId::Literal("SfSandboxOutDelta.e4bbf44533ea4eabb17027f3a92e92aa"),
    template: "SfSandboxOutDelta",
    status: StatusCode::Quarantine,
    failures: 5,
    last: Some(failed("sf:last", 2 * H + 31, 31, &SALESFORCE_CREDENTIALS)),
    last_ok: LastOk::Run(ok("sf:ok", 3 * D + 40 * M, 95, healthy(212, 9, 4))),
    quarantine: Some(QuarantineSpec {
        current_began: at(2 * H, "sf:q:current"),
        next_attempt: at(-4 * H, "sf:q:next"),
        reason: QuarantineReason::EncounteredQuarantineException,
        series_began: at(3 * D, "sf:q:series"),
        series_count: 5,
        error: Some(&SALESFORCE_CREDENTIALS),
    }),
    steady: Some((
        at(41 * D, "sf:steady1"),
        at(3 * D + 40 * M - 95, "sf:steady2"),
    )),
    entries: &[("User to User", 212)],
    ..JOB
};

const TOO_MANY_DELETES: ErrorSpec = ErrorSpec {
    code: "TooManyDeletes",
    message: "The provisioning job would delete 812 users in ServiceNow, more than the accidental \
              deletions threshold of 500. Review the pending deletions; then either raise the \
              threshold or restart the job with the ForceDeletes scope to let them through.",
    tenant_actionable: true,
};

/// Quarantined since 10 days: accidental-deletion threshold exceeded.
pub(crate) const SERVICENOW: JobSpec = JobSpec {
    id: JobId::Seed("ServiceNow"),
    template: "ServiceNowOutDelta",
    status: StatusCode::Quarantine,
    failures: 10,
    last: Some(Run {
        counts: Counts {
            imported: 2976,
            imported_deltas: 815,
            imported_reference_deltas: 3,
            exports: 812,
            exported: 0,
            escrowed: 0,
            entitled: 2164,
        },
        ..failed("snow:last", 5 * H + 300, 240, &TOO_MANY_DELETES)
    }),
    last_ok: LastOk::Run(ok("snow:ok", 10 * D + 45 * M, 260, healthy(2976, 40, 12))),
    quarantine: Some(QuarantineSpec {
        current_began: at(5 * H, "snow:q:current"),
        next_attempt: at(-19 * H, "snow:q:next"),
        reason: QuarantineReason::TooManyDeletes,
        series_began: at(10 * D, "snow:q:series"),
        series_count: 10,
        error: Some(&TOO_MANY_DELETES),
    }),
    steady: Some((
        at(180 * D, "snow:steady1"),
        at(10 * D + 45 * M - 260, "snow:steady2"),
    )),
    entries: &[("User to User", 2931), ("Group to Group", 45)],
    ..JOB
};

/// Inbound HR: a cycle running now, 120 of 400 pages done.
pub(crate) const WORKDAY: JobSpec = JobSpec {
    id: JobId::Seed("Contoso HR (Workday)"),
    template: "Workday2AAD",
    last: Some(Run {
        seed: "wd:running",
        state: ExecutionState::Succeeded,
        began_ago: 10 * M,
        duration: None,
        counts: Counts {
            imported: 1161,
            imported_deltas: 1161,
            imported_reference_deltas: 0,
            exports: 37,
            exported: 35,
            escrowed: 0,
            entitled: 1161,
        },
        error: None,
    }),
    last_ok: LastOk::Run(ok("wd:ok", 2 * D, 3 * H + 120, healthy(3870, 3870, 1200))),
    progress: Some(ProgressSpec {
        done: 120,
        total: 400,
        observed: at(60, "wd:progress"),
    }),
    entries: &[("worker to user", 3870)],
    settings: &[THRESHOLD, ("LookaheadQueryEnabled", "True")],
    ..JOB
};

/// Healthy: last cycle succeeded 12 minutes ago, steady state reached.
pub(crate) const SLACK: JobSpec = JobSpec {
    id: JobId::Seed("Slack"),
    template: "slack",
    last: Some(ok(
        "slack:last",
        12 * M + 47,
        47,
        Counts {
            imported: 430,
            imported_deltas: 6,
            imported_reference_deltas: 2,
            exports: 4,
            exported: 4,
            escrowed: 0,
            entitled: 430,
        },
    )),
    last_ok: LastOk::Last,
    steady: Some((at(90 * D, "slack:steady1"), at(12 * M, "slack:steady2"))),
    entries: &[("User to User", 412), ("Group to Group", 18)],
    ..JOB
};

/// Cross-tenant sync quarantined for 26 days: two days before auto-disable.
pub(crate) const FABRIKAM: JobSpec = JobSpec {
    id: JobId::SeedWithTenant("Fabrikam cross-tenant sync"),
    template: "Azure2Azure",
    status: StatusCode::Quarantine,
    last: Some(Run {
        state: ExecutionState::EntryLevelErrors,
        ..ok(
            "fab:last",
            3 * H + 140,
            140,
            Counts {
                imported: 9800,
                imported_deltas: 6300,
                imported_reference_deltas: 410,
                exports: 6150,
                exported: 30,
                escrowed: 6120,
                entitled: 9800,
            },
        )
    }),
    last_ok: LastOk::Run(ok("fab:ok", 27 * D, 610, healthy(9800, 120, 64))),
    quarantine: Some(QuarantineSpec {
        current_began: at(3 * H, "fab:q:current"),
        next_attempt: at(-21 * H, "fab:q:next"),
        reason: QuarantineReason::EncounteredEscrowProportionThreshold,
        series_began: at(26 * D, "fab:q:series"),
        series_count: 26,
        error: Some(&ErrorSpec {
            code: "AzureDirectoryB2BManagementPolicyCheckFailure",
            message: "Policy permitting auto-redemption of invitations not configured.",
            tenant_actionable: true,
        }),
    }),
    steady: Some((at(300 * D, "fab:steady1"), at(27 * D - 610, "fab:steady2"))),
    entries: &[("User to User", 3680)],
    ..JOB
};

/// Active, but the last three cycles failed on credentials.
pub(crate) const GOOGLE: JobSpec = JobSpec {
    id: JobId::Seed("Google Workspace"),
    template: "gsuite",
    failures: 3,
    last: Some(failed(
        "gsuite:last",
        25 * M,
        9,
        &ErrorSpec {
            code: "GoogleAppsInvalidCredentials",
            message: "The Google Workspace credentials are invalid or have expired. Authorize the \
                      provisioning connection again with a Google Workspace super admin account.",
            tenant_actionable: true,
        },
    )),
    last_ok: LastOk::Run(ok("gsuite:ok", 2 * H + 25 * M, 75, healthy(655, 11, 3))),
    steady: Some((
        at(60 * D, "gsuite:steady1"),
        at(2 * H + 25 * M - 75, "gsuite:steady2"),
    )),
    entries: &[("User to User", 655), ("Group to Group", 31)],
    ..JOB
};

/// Paused by an admin; the last cycle (2 days ago) succeeded.
pub(crate) const ZENDESK: JobSpec = JobSpec {
    id: JobId::Seed("Zendesk"),
    template: "zendesk",
    schedule: (ScheduleState::Paused, "PT40M"),
    status: StatusCode::Paused,
    last: Some(ok("zendesk:last", 2 * D, 38, healthy(97, 2, 1))),
    last_ok: LastOk::Last,
    steady: Some((
        at(120 * D, "zendesk:steady1"),
        at(2 * D - 38, "zendesk:steady2"),
    )),
    entries: &[("User to User", 97)],
    ..JOB
};

/// Just created: exactly the documented create response (Disabled, never scheduled).
pub(crate) const BOX: JobSpec = JobSpec {
    id: JobId::SeedWithTenant("Box"),
    template: "BoxOutDelta",
    schedule: (ScheduleState::Disabled, INTERVAL_NEVER),
    status: StatusCode::NotConfigured,
    ..JOB
};

/// Configured and started; the first cycle is running (3 of 50 pages).
pub(crate) const AWS: JobSpec = JobSpec {
    id: JobId::SeedWithTenant("Amazon Web Services (AWS)"),
    template: "aws",
    status: StatusCode::NotRun,
    progress: Some(ProgressSpec {
        done: 3,
        total: 50,
        observed: at(30, "aws:progress"),
    }),
    ..JOB
};

/// A healthy Cloud Sync job (AD to Entra) that runs every 2 minutes.
const CLOUD_SYNC: JobSpec = JobSpec {
    schedule: (ScheduleState::Active, "PT2M"),
    last_ok: LastOk::Last,
    entries: &[("User to User", 1510), ("Group to Group", 120)],
    settings: &[("AzureIngestionAttributeOptimization", "False")],
    ..JOB
};

/// Cloud Sync provisioning job, healthy.
pub(crate) const CLOUD_SYNC_PROVISIONING: JobSpec = JobSpec {
    id: JobId::SeedWithTenant("Contoso Cloud Sync:provisioning"),
    template: "AD2AADProvisioning",
    last: Some(ok(
        "Contoso Cloud Sync:provisioning",
        3 * M + 10,
        22,
        healthy(1630, 3, 3),
    )),
    steady: Some((
        at(200 * D, "Contoso Cloud Sync:provisioning:s1"),
        at(3 * M + 10 - 22, "Contoso Cloud Sync:provisioning:s2"),
    )),
    ..CLOUD_SYNC
};

/// Cloud Sync password hash job, healthy.
pub(crate) const CLOUD_SYNC_PASSWORD_HASH: JobSpec = JobSpec {
    id: JobId::SeedWithTenant("Contoso Cloud Sync:password-hash"),
    template: "AD2AADPasswordHash",
    last: Some(ok(
        "Contoso Cloud Sync:password-hash",
        3 * M + 10,
        22,
        healthy(1630, 1, 1),
    )),
    steady: Some((
        at(200 * D, "Contoso Cloud Sync:password-hash:s1"),
        at(3 * M + 10 - 22, "Contoso Cloud Sync:password-hash:s2"),
    )),
    ..CLOUD_SYNC
};

/// API-driven inbound: active, the last cycle had 7 escrowed entries.
pub(crate) const API_INBOUND: JobSpec = JobSpec {
    id: JobId::SeedWithTenant("Contoso HRIS (API-driven inbound)"),
    template: "API2AAD",
    last: Some(Run {
        state: ExecutionState::EntryLevelErrors,
        ..ok(
            "api:last",
            20 * M,
            58,
            Counts {
                imported: 50,
                imported_deltas: 50,
                imported_reference_deltas: 4,
                exports: 50,
                exported: 43,
                escrowed: 7,
                entitled: 50,
            },
        )
    }),
    last_ok: LastOk::Run(ok("api:ok", D + 600, 64, healthy(845, 12, 12))),
    steady: Some((at(30 * D, "api:steady1"), at(20 * M - 58, "api:steady2"))),
    entries: &[("User to User", 845)],
    ..JOB
};

/// Quarantined on demand by Microsoft (no error attached).
pub(crate) const DATABRICKS: JobSpec = JobSpec {
    id: JobId::Seed("Databricks"),
    template: "dataBricks",
    status: StatusCode::Quarantine,
    last: Some(ok("databricks:last", D + H, 41, healthy(69, 3, 1))),
    last_ok: LastOk::Last,
    quarantine: Some(QuarantineSpec {
        current_began: at(D, "databricks:q:current"),
        next_attempt: at(-D, "databricks:q:next"),
        reason: QuarantineReason::QuarantinedOnDemand,
        series_began: at(D, "databricks:q:current"),
        series_count: 1,
        error: None,
    }),
    steady: Some((
        at(45 * D, "databricks:steady1"),
        at(D + H - 41, "databricks:steady2"),
    )),
    entries: &[("User to User", 64), ("Group to Group", 5)],
    ..JOB
};

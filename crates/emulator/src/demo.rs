//! The deterministic demo tenant: about twenty service principals, twelve of
//! them with synchronization jobs covering every status code, quarantine reason
//! family and run outcome the app has to show.
//!
//! Ids are the same on every run; timestamps are relative to the emulator's
//! start time ("now"), so a quarantine is always "3 days old".
//! The display names are a contract with the app's tests: keep them exact.

use crate::ids::{stable_guid, stable_hex32, stable_u64};
use crate::tenant::{
    AppKind, ExecutionState, INTERVAL_NEVER, Job, KeyLong, KeyValue, Progress, Quarantine,
    QuarantineReason, Schedule, ScheduleState, ServicePrincipal, Status, StatusCode, SyncError,
    TaskExecution, Tenant,
};
use crate::time::{GraphTime, TICKS_PER_SECOND};

/// The demo tenant's directory id (also the GUID suffix of some job ids).
pub const TENANT_ID: &str = "8a3c2f7e-5b1d-4e96-a0c4-2d7f9b6e1c35";
/// The tenant that owns Microsoft's first-party applications.
const MICROSOFT_TENANT_ID: &str = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
/// Application template of Microsoft Entra Cloud Sync (reference §1.3.2).
const CLOUD_SYNC_TEMPLATE_ID: &str = "1a4721b3-e57f-4451-ae87-ef078703ec94";

/// Display names of the service principals that have jobs, in listing order.
pub const SP_WITH_JOBS: [&str; 12] = [
    "Salesforce Sandbox",
    "ServiceNow",
    "Contoso HR (Workday)",
    "Slack",
    "Fabrikam cross-tenant sync",
    "Google Workspace",
    "Zendesk",
    "Box",
    "Amazon Web Services (AWS)",
    "Contoso Cloud Sync",
    "Contoso HRIS (API-driven inbound)",
    "Databricks",
];

/// Builds the demo tenant as it is at `now`.
pub fn tenant(now: GraphTime) -> Tenant {
    let b = Builder { now };
    let service_principals = vec![
        first_party(
            "Microsoft Graph",
            "00000003-0000-0000-c000-000000000000",
            "https://graph.microsoft.com",
        ),
        gallery("Salesforce Sandbox", "saml", vec![b.salesforce_sandbox()]),
        first_party(
            "Office 365 Exchange Online",
            "00000002-0000-0ff1-ce00-000000000000",
            "https://outlook.office365.com",
        ),
        gallery("ServiceNow", "saml", vec![b.servicenow()]),
        gallery("Contoso HR (Workday)", "saml", vec![b.workday()]),
        own_app("Contoso Expenses", Some("oidc")),
        gallery("Slack", "saml", vec![b.slack()]),
        gallery("Fabrikam cross-tenant sync", "", vec![b.fabrikam()]),
        first_party(
            "Office 365 SharePoint Online",
            "00000003-0000-0ff1-ce00-000000000000",
            "https://microsoft.sharepoint-df.com",
        ),
        gallery("Google Workspace", "saml", vec![b.google_workspace()]),
        gallery("Zendesk", "saml", vec![b.zendesk()]),
        own_app("Contoso Intranet", Some("oidc")),
        gallery("Box", "saml", vec![b.box_fresh()]),
        gallery("Amazon Web Services (AWS)", "saml", vec![b.aws()]),
        gallery("Dropbox Business", "saml", vec![]),
        cloud_sync(vec![
            b.cloud_sync_provisioning(),
            b.cloud_sync_password_hash(),
        ]),
        gallery(
            "Contoso HRIS (API-driven inbound)",
            "",
            vec![b.api_driven_inbound()],
        ),
        gallery("Atlassian Cloud", "saml", vec![]),
        gallery("Databricks", "saml", vec![b.databricks()]),
        own_app("syncdeck", None),
    ];
    let mut service_principals = service_principals;
    for sp in &mut service_principals {
        sp.kind = kind_of(&sp.display_name);
    }
    Tenant::new(TENANT_ID.to_string(), service_principals)
}

/// Display name of the app of the forbidden-app fault.
pub const RESTRICTED_APP: &str = "Contoso Payroll (restricted)";

/// The app of the forbidden-app fault: a healthy SCIM job, appended after the
/// demo (or generated) tenant and visible only while `forbiddenApp` is on.
pub fn restricted_app(now: GraphTime) -> ServicePrincipal {
    let b = Builder { now };
    let last = b.exec(
        "payroll:last",
        ExecutionState::Succeeded,
        30 * 60,
        Some(35),
        Builder::healthy_counts(180, 4, 2),
        None,
    );
    let mut status = empty_status(StatusCode::Active);
    status.last_execution = Some(last.clone());
    status.last_successful_execution = Some(last.clone());
    status.last_successful_execution_with_exports = Some(last);
    status.steady_state_first_achieved_time = b.at(50 * 86_400, "payroll:steady1");
    status.steady_state_last_achieved_time = b.at(30 * 60 - 35, "payroll:steady2");
    status.synchronized_entry_count_by_type = entries(&[("User to User", 180)]);
    let job = new_job(
        job_id("scim", RESTRICTED_APP),
        "scim",
        schedule(ScheduleState::Active, "PT40M"),
        status,
    );
    let mut sp = own_app(RESTRICTED_APP, Some("saml"));
    sp.kind = AppKind::CustomScim;
    sp.restricted = true;
    sp.jobs = vec![job];
    sp
}

/// The provisioning kind of each demo app (decides its templates).
fn kind_of(display_name: &str) -> AppKind {
    let gallery = |id: &str| AppKind::Gallery(id.to_string());
    match display_name {
        "Salesforce Sandbox" => gallery("SfSandboxOutDelta"),
        "ServiceNow" => gallery("ServiceNowOutDelta"),
        "Contoso HR (Workday)" => AppKind::Workday,
        "Slack" => gallery("slack"),
        "Fabrikam cross-tenant sync" => AppKind::CrossTenant,
        "Google Workspace" => gallery("gsuite"),
        "Zendesk" => gallery("zendesk"),
        "Box" => gallery("BoxOutDelta"),
        "Amazon Web Services (AWS)" => gallery("aws"),
        "Dropbox Business" => gallery("DropboxSCIMOutDelta"),
        "Contoso Cloud Sync" => AppKind::CloudSync,
        "Contoso HRIS (API-driven inbound)" => AppKind::ApiInbound,
        "Atlassian Cloud" => gallery("atlassianCloud"),
        "Databricks" => gallery("dataBricks"),
        "Contoso Expenses" | "Contoso Intranet" => AppKind::CustomScim,
        _ => AppKind::None,
    }
}

// ---------------------------------------------------------------- service principals

pub(crate) fn base_sp(display_name: &str, app_id: String) -> ServicePrincipal {
    ServicePrincipal {
        id: stable_guid(&format!("sp:{display_name}")),
        deleted_date_time: None,
        account_enabled: true,
        app_display_name: display_name.to_string(),
        service_principal_names: vec![app_id.clone()],
        app_id,
        application_template_id: None,
        app_owner_organization_id: Some(TENANT_ID.to_string()),
        description: None,
        display_name: display_name.to_string(),
        homepage: None,
        preferred_single_sign_on_mode: None,
        service_principal_type: "Application".to_string(),
        sign_in_audience: "AzureADMyOrg".to_string(),
        tags: vec!["WindowsAzureActiveDirectoryIntegratedApp".to_string()],
        jobs: Vec::new(),
        kind: AppKind::None,
        secrets: Vec::new(),
        restricted: false,
        created_jobs: 0,
    }
}

/// A Microsoft first-party service principal (no template, no jobs).
pub(crate) fn first_party(display_name: &str, app_id: &str, uri: &str) -> ServicePrincipal {
    let mut sp = base_sp(display_name, app_id.to_string());
    sp.app_owner_organization_id = Some(MICROSOFT_TENANT_ID.to_string());
    sp.service_principal_names = vec![uri.to_string(), app_id.to_string()];
    sp.sign_in_audience = "AzureADMultipleOrgs".to_string();
    sp.tags = Vec::new();
    sp
}

/// An application registered in this tenant (no gallery template, no jobs).
pub(crate) fn own_app(display_name: &str, sso: Option<&str>) -> ServicePrincipal {
    let mut sp = base_sp(display_name, stable_guid(&format!("app:{display_name}")));
    sp.preferred_single_sign_on_mode = sso.map(str::to_string);
    sp.homepage = Some(format!(
        "https://{}.contoso.com/",
        display_name.to_lowercase().replace(' ', "-")
    ));
    sp
}

/// An app instantiated from the Entra gallery (has an application template id).
pub(crate) fn gallery(display_name: &str, sso: &str, jobs: Vec<Job>) -> ServicePrincipal {
    let mut sp = base_sp(display_name, stable_guid(&format!("app:{display_name}")));
    sp.application_template_id = Some(stable_guid(&format!("template:{display_name}")));
    if !sso.is_empty() {
        sp.preferred_single_sign_on_mode = Some(sso.to_string());
        sp.tags
            .push("WindowsAzureActiveDirectoryCustomSingleSignOnApplication".to_string());
    }
    sp.tags
        .push("WindowsAzureActiveDirectoryGalleryApplicationNonPrimaryV1".to_string());
    sp.jobs = jobs;
    sp
}

fn cloud_sync(jobs: Vec<Job>) -> ServicePrincipal {
    let mut sp = gallery("Contoso Cloud Sync", "", jobs);
    sp.application_template_id = Some(CLOUD_SYNC_TEMPLATE_ID.to_string());
    sp
}

// ---------------------------------------------------------------- jobs

/// Job id `{template}.{32 hex}` (derived from `seed`).
pub(crate) fn job_id(template: &str, seed: &str) -> String {
    format!("{template}.{}", stable_hex32(&format!("job:{seed}")))
}

/// Job id `{template}.{32 hex}.{tenant guid}`.
pub(crate) fn job_id_with_tenant(template: &str, seed: &str) -> String {
    format!("{}.{TENANT_ID}", job_id(template, seed))
}

pub(crate) fn schedule(state: ScheduleState, interval: &str) -> Schedule {
    Schedule {
        expiration: None,
        interval: interval.to_string(),
        state,
    }
}

/// A job with the accidental-deletions threshold setting and its emulation
/// state not set up yet.
pub(crate) fn new_job(id: String, template_id: &str, schedule: Schedule, status: Status) -> Job {
    Job {
        sim: Default::default(),
        id,
        template_id: template_id.to_string(),
        schedule,
        status,
        synchronization_job_settings: threshold_setting(),
    }
}

pub(crate) fn threshold_setting() -> Vec<KeyValue> {
    vec![KeyValue {
        name: "QuarantineTooManyDeletesThreshold".to_string(),
        value: "500".to_string(),
    }]
}

pub(crate) fn entries(pairs: &[(&str, i64)]) -> Vec<KeyLong> {
    pairs
        .iter()
        .map(|(k, v)| KeyLong {
            key: (*k).to_string(),
            value: *v,
        })
        .collect()
}

pub(crate) fn error(code: &str, message: &str, tenant_actionable: bool) -> SyncError {
    SyncError {
        code: code.to_string(),
        message: message.to_string(),
        tenant_actionable,
    }
}

/// Counts of one run, the fields of `synchronizationTaskExecution` named `count*`.
#[derive(Clone, Copy, Default)]
pub(crate) struct Counts {
    pub(crate) imported: i64,
    pub(crate) imported_deltas: i64,
    pub(crate) imported_reference_deltas: i64,
    pub(crate) exports: i64,
    pub(crate) exported: i64,
    pub(crate) escrowed: i64,
    pub(crate) entitled: i64,
}

/// A job status with nothing in it yet (the fresh-job values).
pub(crate) fn empty_status(code: StatusCode) -> Status {
    Status {
        code,
        count_successive_complete_failures: 0,
        escrows_pruned: false,
        last_execution: None,
        last_successful_execution: None,
        last_successful_execution_with_exports: None,
        progress: Vec::new(),
        quarantine: None,
        steady_state_first_achieved_time: GraphTime::MIN,
        steady_state_last_achieved_time: GraphTime::MIN,
        synchronized_entry_count_by_type: Vec::new(),
        troubleshooting_url: None,
    }
}

pub(crate) struct Builder {
    pub(crate) now: GraphTime,
}

impl Builder {
    /// `seconds` before now, plus a sub-second fraction fixed by `seed`, so
    /// times look like Graph's (`...:11.1234567Z`) yet never change.
    pub(crate) fn at(&self, seconds_ago: i64, seed: &str) -> GraphTime {
        let frac = (stable_u64(seed) % TICKS_PER_SECOND as u64) as i64;
        self.now.plus_seconds(-seconds_ago).plus_ticks(-frac)
    }

    pub(crate) fn exec(
        &self,
        seed: &str,
        state: ExecutionState,
        began_secs_ago: i64,
        duration_secs: Option<i64>,
        c: Counts,
        error: Option<SyncError>,
    ) -> TaskExecution {
        let time_began = self.at(began_secs_ago, &format!("{seed}:began"));
        let time_ended = match duration_secs {
            Some(d) => self.at(began_secs_ago - d, &format!("{seed}:ended")),
            // A run that has not ended: .NET's default DateTimeOffset.
            None => GraphTime::MIN,
        };
        TaskExecution {
            activity_identifier: stable_guid(&format!("run:{seed}")),
            count_entitled: c.entitled,
            count_entitled_for_provisioning: c.entitled,
            count_escrowed: c.escrowed,
            count_escrowed_raw: c.escrowed + c.escrowed / 10,
            count_exported: c.exported,
            count_exports: c.exports,
            count_imported: c.imported,
            count_imported_deltas: c.imported_deltas,
            count_imported_reference_deltas: c.imported_reference_deltas,
            error,
            state,
            time_began,
            time_ended,
        }
    }

    pub(crate) fn healthy_counts(imported: i64, deltas: i64, exported: i64) -> Counts {
        Counts {
            imported,
            imported_deltas: deltas,
            imported_reference_deltas: deltas / 3,
            exports: exported,
            exported,
            escrowed: 0,
            entitled: imported,
        }
    }

    /// Quarantined since 3 days: invalid Salesforce credentials.
    fn salesforce_sandbox(&self) -> Job {
        const H: i64 = 3600;
        const D: i64 = 86_400;
        let err = error(
            "SalesforceInvalidCredentials",
            "Your Salesforce.com credentials are invalid.  Please obtain a current Salesforce.com \
             administrative user name, password and security token, and enter those in the screen \
             for configuring user provisioning",
            true,
        );
        let ok = self.exec(
            "sf:ok",
            ExecutionState::Succeeded,
            3 * D + 40 * 60,
            Some(95),
            Self::healthy_counts(212, 9, 4),
            None,
        );
        let mut status = empty_status(StatusCode::Quarantine);
        status.count_successive_complete_failures = 5;
        status.last_execution = Some(self.exec(
            "sf:last",
            ExecutionState::Failed,
            2 * H + 31,
            Some(31),
            Counts::default(),
            Some(err.clone()),
        ));
        status.last_successful_execution = Some(ok.clone());
        status.last_successful_execution_with_exports = Some(ok);
        status.quarantine = Some(Quarantine {
            current_began: self.at(2 * H, "sf:q:current"),
            next_attempt: self.at(-4 * H, "sf:q:next"),
            reason: QuarantineReason::EncounteredQuarantineException,
            series_began: self.at(3 * D, "sf:q:series"),
            series_count: 5,
            error: Some(err),
        });
        status.steady_state_first_achieved_time = self.at(41 * D, "sf:steady1");
        status.steady_state_last_achieved_time = self.at(3 * D + 40 * 60 - 95, "sf:steady2");
        status.synchronized_entry_count_by_type = entries(&[("User to User", 212)]);
        new_job(
            "SfSandboxOutDelta.e4bbf44533ea4eabb17027f3a92e92aa".to_string(),
            "SfSandboxOutDelta",
            schedule(ScheduleState::Active, "PT40M"),
            status,
        )
    }

    /// Quarantined since 10 days: accidental-deletion threshold exceeded.
    fn servicenow(&self) -> Job {
        const H: i64 = 3600;
        const D: i64 = 86_400;
        let err = error(
            "TooManyDeletes",
            "The provisioning job would delete 812 users in ServiceNow, more than the accidental \
             deletions threshold of 500. Review the pending deletions; then either raise the \
             threshold or restart the job with the ForceDeletes scope to let them through.",
            true,
        );
        let ok = self.exec(
            "snow:ok",
            ExecutionState::Succeeded,
            10 * D + 45 * 60,
            Some(260),
            Self::healthy_counts(2976, 40, 12),
            None,
        );
        let mut status = empty_status(StatusCode::Quarantine);
        status.count_successive_complete_failures = 10;
        status.last_execution = Some(self.exec(
            "snow:last",
            ExecutionState::Failed,
            5 * H + 300,
            Some(240),
            Counts {
                imported: 2976,
                imported_deltas: 815,
                imported_reference_deltas: 3,
                exports: 812,
                exported: 0,
                escrowed: 0,
                entitled: 2164,
            },
            Some(err.clone()),
        ));
        status.last_successful_execution = Some(ok.clone());
        status.last_successful_execution_with_exports = Some(ok);
        status.quarantine = Some(Quarantine {
            current_began: self.at(5 * H, "snow:q:current"),
            next_attempt: self.at(-19 * H, "snow:q:next"),
            reason: QuarantineReason::TooManyDeletes,
            series_began: self.at(10 * D, "snow:q:series"),
            series_count: 10,
            error: Some(err),
        });
        status.steady_state_first_achieved_time = self.at(180 * D, "snow:steady1");
        status.steady_state_last_achieved_time = self.at(10 * D + 45 * 60 - 260, "snow:steady2");
        status.synchronized_entry_count_by_type =
            entries(&[("User to User", 2931), ("Group to Group", 45)]);
        new_job(
            job_id("ServiceNowOutDelta", "ServiceNow"),
            "ServiceNowOutDelta",
            schedule(ScheduleState::Active, "PT40M"),
            status,
        )
    }

    /// Inbound HR: a cycle running now, 120 of 400 pages done.
    fn workday(&self) -> Job {
        const D: i64 = 86_400;
        let ok = self.exec(
            "wd:ok",
            ExecutionState::Succeeded,
            2 * D,
            Some(3 * 3600 + 120),
            Self::healthy_counts(3870, 3870, 1200),
            None,
        );
        let mut status = empty_status(StatusCode::Active);
        status.last_execution = Some(self.exec(
            "wd:running",
            ExecutionState::Succeeded,
            10 * 60,
            None,
            Counts {
                imported: 1161,
                imported_deltas: 1161,
                imported_reference_deltas: 0,
                exports: 37,
                exported: 35,
                escrowed: 0,
                entitled: 1161,
            },
            None,
        ));
        status.last_successful_execution = Some(ok.clone());
        status.last_successful_execution_with_exports = Some(ok);
        status.progress = vec![Progress {
            completed_units: 120,
            progress_observation_date_time: self.at(60, "wd:progress"),
            total_units: 400,
            units: Some("pages".to_string()),
        }];
        status.synchronized_entry_count_by_type = entries(&[("worker to user", 3870)]);
        let mut job = new_job(
            job_id("Workday2AAD", "Contoso HR (Workday)"),
            "Workday2AAD",
            schedule(ScheduleState::Active, "PT40M"),
            status,
        );
        job.synchronization_job_settings.push(KeyValue {
            name: "LookaheadQueryEnabled".to_string(),
            value: "True".to_string(),
        });
        job
    }

    /// Healthy: last cycle succeeded 12 minutes ago, steady state reached.
    fn slack(&self) -> Job {
        let last = self.exec(
            "slack:last",
            ExecutionState::Succeeded,
            12 * 60 + 47,
            Some(47),
            Counts {
                imported: 430,
                imported_deltas: 6,
                imported_reference_deltas: 2,
                exports: 4,
                exported: 4,
                escrowed: 0,
                entitled: 430,
            },
            None,
        );
        let mut status = empty_status(StatusCode::Active);
        status.last_execution = Some(last.clone());
        status.last_successful_execution = Some(last.clone());
        status.last_successful_execution_with_exports = Some(last);
        status.steady_state_first_achieved_time = self.at(90 * 86_400, "slack:steady1");
        status.steady_state_last_achieved_time = self.at(12 * 60, "slack:steady2");
        status.synchronized_entry_count_by_type =
            entries(&[("User to User", 412), ("Group to Group", 18)]);
        new_job(
            job_id("slack", "Slack"),
            "slack",
            schedule(ScheduleState::Active, "PT40M"),
            status,
        )
    }

    /// Cross-tenant sync quarantined for 26 days: two days before auto-disable.
    fn fabrikam(&self) -> Job {
        const H: i64 = 3600;
        const D: i64 = 86_400;
        let err = error(
            "AzureDirectoryB2BManagementPolicyCheckFailure",
            "Policy permitting auto-redemption of invitations not configured.",
            true,
        );
        let ok = self.exec(
            "fab:ok",
            ExecutionState::Succeeded,
            27 * D,
            Some(610),
            Self::healthy_counts(9800, 120, 64),
            None,
        );
        let mut status = empty_status(StatusCode::Quarantine);
        status.last_execution = Some(self.exec(
            "fab:last",
            ExecutionState::EntryLevelErrors,
            3 * H + 140,
            Some(140),
            Counts {
                imported: 9800,
                imported_deltas: 6300,
                imported_reference_deltas: 410,
                exports: 6150,
                exported: 30,
                escrowed: 6120,
                entitled: 9800,
            },
            None,
        ));
        status.last_successful_execution = Some(ok.clone());
        status.last_successful_execution_with_exports = Some(ok);
        status.quarantine = Some(Quarantine {
            current_began: self.at(3 * H, "fab:q:current"),
            next_attempt: self.at(-21 * H, "fab:q:next"),
            reason: QuarantineReason::EncounteredEscrowProportionThreshold,
            series_began: self.at(26 * D, "fab:q:series"),
            series_count: 26,
            error: Some(err),
        });
        status.steady_state_first_achieved_time = self.at(300 * D, "fab:steady1");
        status.steady_state_last_achieved_time = self.at(27 * D - 610, "fab:steady2");
        status.synchronized_entry_count_by_type = entries(&[("User to User", 3680)]);
        new_job(
            job_id_with_tenant("Azure2Azure", "Fabrikam cross-tenant sync"),
            "Azure2Azure",
            schedule(ScheduleState::Active, "PT40M"),
            status,
        )
    }

    /// Active, but the last three cycles failed on credentials.
    fn google_workspace(&self) -> Job {
        let err = error(
            "GoogleAppsInvalidCredentials",
            "The Google Workspace credentials are invalid or have expired. Authorize the \
             provisioning connection again with a Google Workspace super admin account.",
            true,
        );
        let ok = self.exec(
            "gsuite:ok",
            ExecutionState::Succeeded,
            2 * 3600 + 25 * 60,
            Some(75),
            Self::healthy_counts(655, 11, 3),
            None,
        );
        let mut status = empty_status(StatusCode::Active);
        status.count_successive_complete_failures = 3;
        status.last_execution = Some(self.exec(
            "gsuite:last",
            ExecutionState::Failed,
            25 * 60,
            Some(9),
            Counts::default(),
            Some(err),
        ));
        status.last_successful_execution = Some(ok.clone());
        status.last_successful_execution_with_exports = Some(ok);
        status.steady_state_first_achieved_time = self.at(60 * 86_400, "gsuite:steady1");
        status.steady_state_last_achieved_time = self.at(2 * 3600 + 25 * 60 - 75, "gsuite:steady2");
        status.synchronized_entry_count_by_type =
            entries(&[("User to User", 655), ("Group to Group", 31)]);
        new_job(
            job_id("gsuite", "Google Workspace"),
            "gsuite",
            schedule(ScheduleState::Active, "PT40M"),
            status,
        )
    }

    /// Paused by an admin; the last cycle (2 days ago) succeeded.
    fn zendesk(&self) -> Job {
        const D: i64 = 86_400;
        let last = self.exec(
            "zendesk:last",
            ExecutionState::Succeeded,
            2 * D,
            Some(38),
            Self::healthy_counts(97, 2, 1),
            None,
        );
        let mut status = empty_status(StatusCode::Paused);
        status.last_execution = Some(last.clone());
        status.last_successful_execution = Some(last.clone());
        status.last_successful_execution_with_exports = Some(last);
        status.steady_state_first_achieved_time = self.at(120 * D, "zendesk:steady1");
        status.steady_state_last_achieved_time = self.at(2 * D - 38, "zendesk:steady2");
        status.synchronized_entry_count_by_type = entries(&[("User to User", 97)]);
        new_job(
            job_id("zendesk", "Zendesk"),
            "zendesk",
            schedule(ScheduleState::Paused, "PT40M"),
            status,
        )
    }

    /// Just created: exactly the documented create response (Disabled, never scheduled).
    fn box_fresh(&self) -> Job {
        new_job(
            job_id_with_tenant("BoxOutDelta", "Box"),
            "BoxOutDelta",
            schedule(ScheduleState::Disabled, INTERVAL_NEVER),
            empty_status(StatusCode::NotConfigured),
        )
    }

    /// Configured and started; the first cycle is running (3 of 50 pages).
    fn aws(&self) -> Job {
        let mut status = empty_status(StatusCode::NotRun);
        status.progress = vec![Progress {
            completed_units: 3,
            progress_observation_date_time: self.at(30, "aws:progress"),
            total_units: 50,
            units: Some("pages".to_string()),
        }];
        new_job(
            job_id_with_tenant("aws", "Amazon Web Services (AWS)"),
            "aws",
            schedule(ScheduleState::Active, "PT40M"),
            status,
        )
    }

    fn cloud_sync_job(&self, template: &str, seed: &str, deltas: i64) -> Job {
        let last = self.exec(
            seed,
            ExecutionState::Succeeded,
            3 * 60 + 10,
            Some(22),
            Self::healthy_counts(1630, deltas, deltas),
            None,
        );
        let mut status = empty_status(StatusCode::Active);
        status.last_execution = Some(last.clone());
        status.last_successful_execution = Some(last.clone());
        status.last_successful_execution_with_exports = Some(last);
        status.steady_state_first_achieved_time = self.at(200 * 86_400, &format!("{seed}:s1"));
        status.steady_state_last_achieved_time = self.at(3 * 60 + 10 - 22, &format!("{seed}:s2"));
        status.synchronized_entry_count_by_type =
            entries(&[("User to User", 1510), ("Group to Group", 120)]);
        Job {
            synchronization_job_settings: vec![KeyValue {
                name: "AzureIngestionAttributeOptimization".to_string(),
                value: "False".to_string(),
            }],
            ..new_job(
                job_id_with_tenant(template, seed),
                template,
                schedule(ScheduleState::Active, "PT2M"),
                status,
            )
        }
    }

    /// Cloud Sync provisioning job (AD to Entra), healthy.
    fn cloud_sync_provisioning(&self) -> Job {
        self.cloud_sync_job("AD2AADProvisioning", "Contoso Cloud Sync:provisioning", 3)
    }

    /// Cloud Sync password hash job, healthy.
    fn cloud_sync_password_hash(&self) -> Job {
        self.cloud_sync_job("AD2AADPasswordHash", "Contoso Cloud Sync:password-hash", 1)
    }

    /// API-driven inbound: active, the last cycle had 7 escrowed entries.
    fn api_driven_inbound(&self) -> Job {
        let ok = self.exec(
            "api:ok",
            ExecutionState::Succeeded,
            86_400 + 600,
            Some(64),
            Self::healthy_counts(845, 12, 12),
            None,
        );
        let mut status = empty_status(StatusCode::Active);
        status.last_execution = Some(self.exec(
            "api:last",
            ExecutionState::EntryLevelErrors,
            20 * 60,
            Some(58),
            Counts {
                imported: 50,
                imported_deltas: 50,
                imported_reference_deltas: 4,
                exports: 50,
                exported: 43,
                escrowed: 7,
                entitled: 50,
            },
            None,
        ));
        status.last_successful_execution = Some(ok.clone());
        status.last_successful_execution_with_exports = Some(ok);
        status.steady_state_first_achieved_time = self.at(30 * 86_400, "api:steady1");
        status.steady_state_last_achieved_time = self.at(20 * 60 - 58, "api:steady2");
        status.synchronized_entry_count_by_type = entries(&[("User to User", 845)]);
        new_job(
            job_id_with_tenant("API2AAD", "Contoso HRIS (API-driven inbound)"),
            "API2AAD",
            schedule(ScheduleState::Active, "PT40M"),
            status,
        )
    }

    /// Quarantined on demand by Microsoft (no error attached).
    fn databricks(&self) -> Job {
        const D: i64 = 86_400;
        let last = self.exec(
            "databricks:last",
            ExecutionState::Succeeded,
            D + 3600,
            Some(41),
            Self::healthy_counts(69, 3, 1),
            None,
        );
        let mut status = empty_status(StatusCode::Quarantine);
        status.last_execution = Some(last.clone());
        status.last_successful_execution = Some(last.clone());
        status.last_successful_execution_with_exports = Some(last);
        status.quarantine = Some(Quarantine {
            current_began: self.at(D, "databricks:q:current"),
            next_attempt: self.at(-D, "databricks:q:next"),
            reason: QuarantineReason::QuarantinedOnDemand,
            series_began: self.at(D, "databricks:q:current"),
            series_count: 1,
            error: None,
        });
        status.steady_state_first_achieved_time = self.at(45 * D, "databricks:steady1");
        status.steady_state_last_achieved_time = self.at(D + 3600 - 41, "databricks:steady2");
        status.synchronized_entry_count_by_type =
            entries(&[("User to User", 64), ("Group to Group", 5)]);
        new_job(
            job_id("dataBricks", "Databricks"),
            "dataBricks",
            schedule(ScheduleState::Active, "PT40M"),
            status,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_service_principals_twelve_with_jobs() {
        let t = tenant(GraphTime::from_parts(2026, 11, 22, 21, 3, 11));
        assert_eq!(t.service_principals.len(), 20);
        let with_jobs: Vec<&str> = t
            .service_principals
            .iter()
            .filter(|sp| !sp.jobs.is_empty())
            .map(|sp| sp.display_name.as_str())
            .collect();
        assert_eq!(with_jobs, SP_WITH_JOBS);
        assert_eq!(t.jobs().count(), 13);
        let mut ids: Vec<&str> = t.service_principals.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 20, "service principal ids are unique");
    }
}

//! The builder of the demo tenant (and of the generated one, see
//! [`crate::generate`]): service principals, jobs and runs from a few
//! parameters, and the spec types the demo's data tables ([`super::apps`],
//! [`super::jobs`]) are written in.
//!
//! Ids are derived from names and seeds ([`crate::ids`]); timestamps are
//! relative to "now" with a sub-second fraction fixed by a seed.

use super::TENANT_ID;
use crate::ids::{stable_guid, stable_hex32, stable_u64};
use crate::rng::Rng;
use crate::sim::is_inbound;
use crate::tenant::{
    AppKind, ExecutionState, Job, KeyLong, KeyValue, Progress, Quarantine, QuarantineReason,
    Schedule, ScheduleState, ServicePrincipal, Status, StatusCode, SyncError, TaskExecution,
};
use crate::time::{GraphTime, TICKS_PER_SECOND};

/// The tenant that owns Microsoft's first-party applications.
const MICROSOFT_TENANT_ID: &str = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

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
        schema: None,
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

impl Counts {
    /// Nothing counted (a run that failed as a whole).
    pub(crate) const ZERO: Counts = Counts {
        imported: 0,
        imported_deltas: 0,
        imported_reference_deltas: 0,
        exports: 0,
        exported: 0,
        escrowed: 0,
        entitled: 0,
    };
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

    pub(crate) const fn healthy_counts(imported: i64, deltas: i64, exported: i64) -> Counts {
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
}

// ---------------------------------------------------------------- specs

/// How an app of the data tables is registered.
pub(crate) enum Registration {
    /// A Microsoft first-party service principal: its well-known app id and identifier URI.
    FirstParty {
        app_id: &'static str,
        uri: &'static str,
    },
    /// An application registered in this tenant, with its single sign-on mode.
    OwnApp { sso: Option<&'static str> },
    /// An app from the Entra gallery, with its single sign-on mode (`""`: none) and,
    /// when given, its real application template id (else one derived from its name).
    Gallery {
        sso: &'static str,
        template_id: Option<&'static str>,
    },
}

/// [`AppKind`] in a form a `const` table can hold.
#[derive(Clone, Copy)]
pub(crate) enum Provisioning {
    /// [`AppKind::None`].
    None,
    /// [`AppKind::Gallery`] with its template id.
    Gallery(&'static str),
    /// [`AppKind::CustomScim`].
    CustomScim,
    /// [`AppKind::Workday`].
    Workday,
    /// [`AppKind::CloudSync`].
    CloudSync,
    /// [`AppKind::CrossTenant`].
    CrossTenant,
    /// [`AppKind::ApiInbound`].
    ApiInbound,
}

impl Provisioning {
    fn kind(self) -> AppKind {
        match self {
            Provisioning::None => AppKind::None,
            Provisioning::Gallery(template) => AppKind::Gallery(template.to_string()),
            Provisioning::CustomScim => AppKind::CustomScim,
            Provisioning::Workday => AppKind::Workday,
            Provisioning::CloudSync => AppKind::CloudSync,
            Provisioning::CrossTenant => AppKind::CrossTenant,
            Provisioning::ApiInbound => AppKind::ApiInbound,
        }
    }
}

/// The demo's `SyncNotificationSettings`: alerts to a mailbox, the accidental-deletions
/// threshold on at 500 (the value every demo job's `QuarantineTooManyDeletesThreshold` has).
pub(crate) const NOTIFICATION_SETTINGS: &str = r#"{"Enabled":true,"Recipients":"provisioning-alerts@contoso.example","DeleteThresholdEnabled":true,"DeleteThresholdValue":500,"HumanResourcesLookaheadQueryEnabled":false}"#;

/// `Amazon Web Services (AWS)` → `amazon-web-services-aws`: lower-case letters and
/// digits, every other run of characters one `-`.
pub(crate) fn slug(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// The saved secrets (`GET .../synchronization/secrets`) of a demo app, in order: for an
/// app whose jobs all provision out of Entra (SCIM-like) `BaseAddress`
/// (`https://scim.{slug}.example/scim/v2`) and `SecretToken` (40 hex digits from the seeded
/// [`Rng`], the same on every run); then, for every app with jobs,
/// `SyncNotificationSettings`, `SyncAll` and `SkipOutOfScopeDeletions` (both `"false"`).
/// Nothing for an app without jobs, nor for one whose jobs are all `NotConfigured` (Box:
/// just created, never configured, so Start still needs its credentials saved first).
pub(crate) fn saved_settings(spec: &AppSpec) -> Vec<(String, String)> {
    if spec
        .jobs
        .iter()
        .all(|j| j.status == StatusCode::NotConfigured)
    {
        return Vec::new();
    }
    let mut secrets = Vec::new();
    if spec.jobs.iter().all(|j| !is_inbound(j.template)) {
        let mut rng = Rng::new(stable_u64(&format!("secret-token:{}", spec.name)));
        let token = format!(
            "{:016x}{:016x}{:08x}",
            rng.next_u64(),
            rng.next_u64(),
            rng.next_u64() >> 32
        );
        secrets.push((
            "BaseAddress".to_string(),
            format!("https://scim.{}.example/scim/v2", slug(spec.name)),
        ));
        secrets.push(("SecretToken".to_string(), token));
    }
    for (key, value) in [
        ("SyncNotificationSettings", NOTIFICATION_SETTINGS),
        ("SyncAll", "false"),
        ("SkipOutOfScopeDeletions", "false"),
    ] {
        secrets.push((key.to_string(), value.to_string()));
    }
    secrets
}

/// One service principal of the data tables, with its jobs.
pub(crate) struct AppSpec {
    /// Display name (a contract with the app's tests).
    pub(crate) name: &'static str,
    /// How it is registered.
    pub(crate) registration: Registration,
    /// What provisioning it supports (decides its templates).
    pub(crate) provisioning: Provisioning,
    /// Its synchronization jobs.
    pub(crate) jobs: &'static [JobSpec],
}

/// How a job id is made.
pub(crate) enum JobId {
    /// Exactly this id.
    Literal(&'static str),
    /// `{template}.{32 hex of the seed}` ([`job_id`]).
    Seed(&'static str),
    /// `{template}.{32 hex of the seed}.{tenant id}` ([`job_id_with_tenant`]).
    SeedWithTenant(&'static str),
}

/// An instant `ago` seconds before now (negative: after), its fraction fixed by `seed`.
#[derive(Clone, Copy)]
pub(crate) struct At {
    pub(crate) ago: i64,
    pub(crate) seed: &'static str,
}

/// [`At`] in a `const`.
pub(crate) const fn at(ago: i64, seed: &'static str) -> At {
    At { ago, seed }
}

/// A `synchronizationError`.
pub(crate) struct ErrorSpec {
    pub(crate) code: &'static str,
    pub(crate) message: &'static str,
    pub(crate) tenant_actionable: bool,
}

/// A run (`synchronizationTaskExecution`), see [`Builder::exec`].
pub(crate) struct Run {
    /// Seed of its id and of its times' fractions.
    pub(crate) seed: &'static str,
    pub(crate) state: ExecutionState,
    /// Began this many seconds ago.
    pub(crate) began_ago: i64,
    /// Lasted this long (`None`: still running).
    pub(crate) duration: Option<i64>,
    pub(crate) counts: Counts,
    pub(crate) error: Option<&'static ErrorSpec>,
}

/// The last successful run (and the last one with exports, always the same here).
pub(crate) enum LastOk {
    /// None yet.
    None,
    /// The last run.
    Last,
    /// An earlier run.
    Run(Run),
}

/// The progress of a running cycle (in pages).
pub(crate) struct ProgressSpec {
    pub(crate) done: i64,
    pub(crate) total: i64,
    pub(crate) observed: At,
}

/// A `synchronizationQuarantine`.
pub(crate) struct QuarantineSpec {
    pub(crate) current_began: At,
    pub(crate) next_attempt: At,
    pub(crate) reason: QuarantineReason,
    pub(crate) series_began: At,
    pub(crate) series_count: i64,
    pub(crate) error: Option<&'static ErrorSpec>,
}

/// One synchronization job of the data tables.
pub(crate) struct JobSpec {
    pub(crate) id: JobId,
    pub(crate) template: &'static str,
    pub(crate) schedule: (ScheduleState, &'static str),
    pub(crate) status: StatusCode,
    /// `countSuccessiveCompleteFailures`.
    pub(crate) failures: i64,
    /// `lastExecution`.
    pub(crate) last: Option<Run>,
    /// `lastSuccessfulExecution` and `lastSuccessfulExecutionWithExports`.
    pub(crate) last_ok: LastOk,
    pub(crate) progress: Option<ProgressSpec>,
    pub(crate) quarantine: Option<QuarantineSpec>,
    /// `steadyStateFirstAchievedTime` and `steadyStateLastAchievedTime` (`None`: never).
    pub(crate) steady: Option<(At, At)>,
    /// `synchronizedEntryCountByType`.
    pub(crate) entries: &'static [(&'static str, i64)],
    /// `synchronizationJobSettings`.
    pub(crate) settings: &'static [(&'static str, &'static str)],
}

impl Builder {
    fn time(&self, at: At) -> GraphTime {
        self.at(at.ago, at.seed)
    }

    fn run(&self, r: &Run) -> TaskExecution {
        let error = r
            .error
            .map(|e| error(e.code, e.message, e.tenant_actionable));
        self.exec(r.seed, r.state, r.began_ago, r.duration, r.counts, error)
    }

    /// The service principal of `spec`, with its jobs.
    pub(crate) fn app(&self, spec: &AppSpec) -> ServicePrincipal {
        let jobs = spec.jobs.iter().map(|j| self.job(j)).collect();
        let mut sp = match spec.registration {
            Registration::FirstParty { app_id, uri } => first_party(spec.name, app_id, uri),
            Registration::OwnApp { sso } => own_app(spec.name, sso),
            Registration::Gallery { sso, template_id } => {
                let mut sp = gallery(spec.name, sso, Vec::new());
                if let Some(id) = template_id {
                    sp.application_template_id = Some(id.to_string());
                }
                sp
            }
        };
        sp.jobs = jobs;
        sp.kind = spec.provisioning.kind();
        sp.secrets = saved_settings(spec);
        sp
    }

    /// The job of `spec`.
    pub(crate) fn job(&self, spec: &JobSpec) -> Job {
        let mut status = empty_status(spec.status);
        status.count_successive_complete_failures = spec.failures;
        status.last_execution = spec.last.as_ref().map(|r| self.run(r));
        let ok = match &spec.last_ok {
            LastOk::None => None,
            LastOk::Last => status.last_execution.clone(),
            LastOk::Run(r) => Some(self.run(r)),
        };
        status.last_successful_execution = ok.clone();
        status.last_successful_execution_with_exports = ok;
        status.progress = spec
            .progress
            .iter()
            .map(|p| Progress {
                completed_units: p.done,
                progress_observation_date_time: self.time(p.observed),
                total_units: p.total,
                units: Some("pages".to_string()),
            })
            .collect();
        status.quarantine = spec.quarantine.as_ref().map(|q| Quarantine {
            current_began: self.time(q.current_began),
            next_attempt: self.time(q.next_attempt),
            reason: q.reason,
            series_began: self.time(q.series_began),
            series_count: q.series_count,
            error: q
                .error
                .map(|e| error(e.code, e.message, e.tenant_actionable)),
        });
        if let Some((first, last)) = spec.steady {
            status.steady_state_first_achieved_time = self.time(first);
            status.steady_state_last_achieved_time = self.time(last);
        }
        status.synchronized_entry_count_by_type = entries(spec.entries);
        let id = match spec.id {
            JobId::Literal(id) => id.to_string(),
            JobId::Seed(seed) => job_id(spec.template, seed),
            JobId::SeedWithTenant(seed) => job_id_with_tenant(spec.template, seed),
        };
        let (state, interval) = spec.schedule;
        let mut job = new_job(id, spec.template, schedule(state, interval), status);
        job.synchronization_job_settings = spec
            .settings
            .iter()
            .map(|(name, value)| KeyValue {
                name: (*name).to_string(),
                value: (*value).to_string(),
            })
            .collect();
        job
    }
}

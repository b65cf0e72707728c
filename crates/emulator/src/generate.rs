//! `--apps N`: a generated tenant of N service principals, deterministic for
//! a `--seed`. `round(N x --job-share)` of them (chosen by the seeded PRNG)
//! have provisioning jobs, spread over the template kinds (gallery SCIM apps,
//! custom SCIM, Workday and SuccessFactors inbound, Cloud Sync with its two
//! jobs, cross-tenant sync, API-driven inbound) and over every state
//! (healthy, first cycle running, paused, quarantined for each reason family,
//! not configured, failing on credentials, entry-level errors). The rest are
//! apps without provisioning. The generated tenant replaces the demo tenant.

use crate::demo::TENANT_ID;
use crate::demo::apps::CLOUD_SYNC_TEMPLATE_ID;
use crate::demo::build::{
    Builder, Counts, empty_status, entries, error, first_party, gallery, new_job, own_app, schedule,
};
use crate::ids::{stable_guid, stable_hex32};
use crate::rng::Rng;
use crate::templates::templates_for;
use crate::tenant::{
    AppKind, ExecutionState, INTERVAL_NEVER, Job, Progress, Quarantine, QuarantineReason,
    ScheduleState, ServicePrincipal, StatusCode, Tenant,
};
use crate::time::GraphTime;

const ORGS: [&str; 16] = [
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Tailspin",
    "Woodgrove",
    "Adatum",
    "Litware",
    "Proseware",
    "Wingtip",
    "Alpine",
    "Coho",
    "Fourth Coffee",
    "Lamna",
    "Margie's",
    "Relecloud",
    "Trey",
];
const REGIONS: [&str; 10] = [
    "EU", "US", "APAC", "UK", "DE", "FR", "JP", "Sandbox", "Prod", "Test",
];
const GALLERY: [(&str, &str); 14] = [
    ("Slack", "slack"),
    ("Box", "BoxOutDelta"),
    ("Zendesk", "zendesk"),
    ("Amazon Web Services (AWS)", "aws"),
    ("Databricks", "dataBricks"),
    ("Google Workspace", "gsuite"),
    ("ServiceNow", "ServiceNowOutDelta"),
    ("Salesforce Sandbox", "SfSandboxOutDelta"),
    ("Dropbox Business", "DropboxSCIMOutDelta"),
    ("Atlassian Cloud", "atlassianCloud"),
    (
        "GitHub Enterprise Managed User",
        "gitHubEnterpriseManagedUser",
    ),
    ("Zoom", "zoom"),
    ("Miro", "miro"),
    ("Workplace from Meta", "facebookatworkOutDelta"),
];
const PLAIN: [&str; 12] = [
    "Expenses",
    "Intranet",
    "Travel",
    "Timesheets",
    "Wiki",
    "Helpdesk",
    "CRM Portal",
    "Learning",
    "Payroll Reports",
    "Analytics",
    "Status Page",
    "Build Farm",
];

/// Builds the generated tenant (see the module docs).
pub fn tenant(n: usize, seed: u64, job_share: f64, now: GraphTime) -> Tenant {
    let mut rng = Rng::new(seed);
    let with_jobs = ((n as f64) * job_share.clamp(0.0, 1.0)).round() as usize;
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut has_jobs = vec![false; n];
    for &i in &order[..with_jobs.min(n)] {
        has_jobs[i] = true;
    }
    let b = Builder { now };
    let service_principals = (0..n)
        .map(|i| {
            let mut sp = if has_jobs[i] {
                app_with_jobs(&mut rng, &b, seed, i)
            } else {
                app_without_jobs(&mut rng, seed, i)
            };
            sp.id = stable_guid(&format!("gen:{seed}:sp:{i}"));
            sp
        })
        .collect();
    let mut tenant = Tenant::new(TENANT_ID.to_string(), service_principals);
    // Thousands of jobs: a short log history keeps memory small.
    tenant.log_history_days = crate::sim::GENERATED_HISTORY_DAYS;
    tenant
}

fn app_without_jobs(rng: &mut Rng, seed: u64, i: usize) -> ServicePrincipal {
    let org = *rng.pick(&ORGS);
    let roll = rng.below(10);
    if roll < 2 {
        let name = format!("Microsoft Service {i:05}");
        let app_id = stable_guid(&format!("gen:{seed}:app:{i}"));
        first_party(&name, &app_id, &format!("https://svc{i}.microsoft.com"))
    } else {
        let name = format!("{org} {} {i:05}", rng.pick(&PLAIN));
        let mut sp = own_app(&name, if roll < 6 { Some("oidc") } else { None });
        sp.app_id = stable_guid(&format!("gen:{seed}:app:{i}"));
        sp.service_principal_names = vec![sp.app_id.clone()];
        sp.kind = if roll < 4 {
            AppKind::CustomScim
        } else {
            AppKind::None
        };
        sp
    }
}

/// The state a generated job is in.
#[derive(Clone, Copy)]
enum Shape {
    Healthy,
    FirstCycle,
    Paused,
    Quarantined,
    NotConfigured,
    Failing,
    Escrows,
}

fn app_with_jobs(rng: &mut Rng, b: &Builder, seed: u64, i: usize) -> ServicePrincipal {
    let org = *rng.pick(&ORGS);
    let region = *rng.pick(&REGIONS);
    let roll = rng.below(100);
    let (name, kind) = match roll {
        0..=54 => {
            let (app, template) = *rng.pick(&GALLERY);
            (
                format!("{app} ({org} {region}) {i:05}"),
                AppKind::Gallery(template.to_string()),
            )
        }
        55..=64 => (format!("{org} SCIM {region} {i:05}"), AppKind::CustomScim),
        65..=72 => (
            format!("{org} HR (Workday {region}) {i:05}"),
            AppKind::Workday,
        ),
        73..=77 => (
            format!("{org} HR (SuccessFactors {region}) {i:05}"),
            AppKind::SuccessFactors,
        ),
        78..=85 => (
            format!("{org} Cloud Sync {region} {i:05}"),
            AppKind::CloudSync,
        ),
        86..=92 => (
            format!("{org} cross-tenant sync {region} {i:05}"),
            AppKind::CrossTenant,
        ),
        _ => (
            format!("{org} HRIS API inbound {region} {i:05}"),
            AppKind::ApiInbound,
        ),
    };
    let mut sp = gallery(
        &name,
        if matches!(kind, AppKind::Gallery(_)) {
            "saml"
        } else {
            ""
        },
        Vec::new(),
    );
    sp.app_id = stable_guid(&format!("gen:{seed}:app:{i}"));
    sp.service_principal_names = vec![sp.app_id.clone()];
    sp.application_template_id = Some(stable_guid(&format!("gen:template:{kind:?}")));
    if kind == AppKind::CloudSync {
        sp.application_template_id = Some(CLOUD_SYNC_TEMPLATE_ID.to_string());
    }
    sp.kind = kind;
    let templates = templates_for(&sp);
    let count = if sp.kind == AppKind::CloudSync { 2 } else { 1 };
    for template in templates.iter().take(count) {
        let shape = match rng.below(100) {
            0..=49 => Shape::Healthy,
            50..=57 => Shape::FirstCycle,
            58..=65 => Shape::Paused,
            66..=77 => Shape::Quarantined,
            78..=85 => Shape::NotConfigured,
            86..=92 => Shape::Failing,
            _ => Shape::Escrows,
        };
        let mut id = format!(
            "{}.{}",
            template.id,
            stable_hex32(&format!("gen:{seed}:job:{i}:{}", template.id))
        );
        if template.tenant_suffix {
            id = format!("{id}.{TENANT_ID}");
        }
        sp.jobs.push(job(rng, b, &id, &template.id, shape));
    }
    sp
}

fn job(rng: &mut Rng, b: &Builder, id: &str, template: &str, shape: Shape) -> Job {
    let size = rng.range(20, 5000);
    let label = crate::sim::entry_label(template);
    let interval = if template.starts_with("AD2AAD") {
        "PT2M"
    } else {
        "PT40M"
    };
    let ago = rng.range(60, 35 * 60);
    let healthy = |b: &Builder, seed: &str, ago: i64| {
        b.exec(
            seed,
            ExecutionState::Succeeded,
            ago,
            Some(30 + size / 50),
            Builder::healthy_counts(size, size / 50 + 1, size / 200 + 1),
            None,
        )
    };
    let mut status = empty_status(StatusCode::Active);
    let mut sched = schedule(ScheduleState::Active, interval);
    let ok = healthy(b, &format!("{id}:ok"), ago + 86_400);
    let fill_ok = |status: &mut crate::tenant::Status, ok: &crate::tenant::TaskExecution| {
        status.last_successful_execution = Some(ok.clone());
        status.last_successful_execution_with_exports = Some(ok.clone());
        status.steady_state_first_achieved_time = b.at(rng_days(id) * 86_400, &format!("{id}:s1"));
        status.steady_state_last_achieved_time = ok.time_ended;
        status.synchronized_entry_count_by_type = entries(&[(label, size)]);
    };
    match shape {
        Shape::Healthy => {
            let last = healthy(b, &format!("{id}:last"), ago);
            fill_ok(&mut status, &last);
            status.last_execution = Some(last);
        }
        Shape::FirstCycle => {
            status.code = StatusCode::NotRun;
            let total = (size / 25).clamp(4, 400);
            status.progress = vec![Progress {
                completed_units: rng.range(0, total - 1),
                progress_observation_date_time: b.at(rng.range(5, 50), &format!("{id}:p")),
                total_units: total,
                units: Some("pages".to_string()),
            }];
        }
        Shape::Paused => {
            status.code = StatusCode::Paused;
            sched.state = ScheduleState::Paused;
            let last = healthy(b, &format!("{id}:last"), ago + 2 * 86_400);
            fill_ok(&mut status, &last);
            status.last_execution = Some(last);
        }
        Shape::NotConfigured => {
            status.code = StatusCode::NotConfigured;
            sched = schedule(ScheduleState::Disabled, INTERVAL_NEVER);
        }
        Shape::Failing => {
            fill_ok(&mut status, &ok);
            status.count_successive_complete_failures = rng.range(1, 6);
            status.last_execution = Some(b.exec(
                &format!("{id}:last"),
                ExecutionState::Failed,
                ago,
                Some(9),
                Counts::default(),
                Some(error(
                    "InvalidCredentials",
                    "The credentials for the target application are invalid or have expired.",
                    true,
                )),
            ));
        }
        Shape::Escrows => {
            fill_ok(&mut status, &ok);
            let escrowed = rng.range(1, 40);
            status.last_execution = Some(b.exec(
                &format!("{id}:last"),
                ExecutionState::EntryLevelErrors,
                ago,
                Some(50),
                Counts {
                    imported: size,
                    imported_deltas: size / 40 + escrowed,
                    imported_reference_deltas: 0,
                    exports: escrowed + 3,
                    exported: 3,
                    escrowed,
                    entitled: size,
                },
                None,
            ));
        }
        Shape::Quarantined => {
            fill_ok(&mut status, &ok);
            status.code = StatusCode::Quarantine;
            let days = rng.range(1, 27);
            let (reason, err) = match rng.below(4) {
                0 => (
                    QuarantineReason::EncounteredQuarantineException,
                    Some(error(
                        "InvalidCredentials",
                        "The credentials for the target application are invalid.",
                        true,
                    )),
                ),
                1 => (
                    QuarantineReason::TooManyDeletes,
                    Some(error(
                        "TooManyDeletes",
                        "The job would delete more users than the accidental deletions threshold allows.",
                        true,
                    )),
                ),
                2 => (
                    QuarantineReason::EncounteredEscrowProportionThreshold,
                    Some(error(
                        "EscrowProportionThreshold",
                        "More than 40% of the objects failed to be provisioned.",
                        true,
                    )),
                ),
                _ => (QuarantineReason::QuarantinedOnDemand, None),
            };
            status.last_execution = Some(b.exec(
                &format!("{id}:last"),
                ExecutionState::Failed,
                3600,
                Some(20),
                Counts::default(),
                err.clone(),
            ));
            status.count_successive_complete_failures = days;
            status.quarantine = Some(Quarantine {
                current_began: b.at(3600, &format!("{id}:qc")),
                next_attempt: b.at(-20 * 3600, &format!("{id}:qn")),
                reason,
                series_began: b.at(days * 86_400, &format!("{id}:qs")),
                series_count: days,
                error: err,
            });
        }
    }
    new_job(id.to_string(), template, sched, status)
}

fn rng_days(id: &str) -> i64 {
    30 + (crate::ids::stable_u64(id) % 300) as i64
}

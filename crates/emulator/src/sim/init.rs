//! The emulation state of a freshly built tenant (the demo tenant, a
//! generated one, or a test's).

use std::collections::BTreeSet;

use super::history::{cycle_logs, history};
use super::logs::push_logs;
use super::{Cycle, DEFAULT_SECS_PER_UNIT, Owner, interval_secs};
use crate::ids::{stable_guid, stable_u64};
use crate::tenant::{ExecutionState, Job, StatusCode, Tenant};
use crate::time::{GraphTime, TICKS_PER_SECOND};

/// Sets up the emulation state of every job of a freshly built tenant at
/// `now`: running cycles continue from their shown progress, idle running
/// jobs get their next cycle (never before `now`), failing jobs keep
/// failing, escrows carry on, configured apps have saved secrets, and jobs
/// that have run get provisioning log entries: a history of
/// [`Tenant::log_history_days`] days and their last runs.
pub fn init_tenant(tenant: &mut Tenant, now: GraphTime) {
    let tenant_id = tenant.tenant_id.clone();
    let days = tenant.log_history_days;
    for sp in &mut tenant.service_principals {
        let configured = sp
            .jobs
            .iter()
            .any(|j| j.status.code != StatusCode::NotConfigured);
        if configured && sp.secrets.is_empty() {
            sp.secrets = vec![
                (
                    "BaseAddress".to_string(),
                    format!("https://scim.{}.example/scim/v2", sp.app_id),
                ),
                ("SecretToken".to_string(), "********".to_string()),
            ];
        }
        let owner = Owner {
            tenant_id: &tenant_id,
            sp_id: &sp.id,
            sp_name: &sp.display_name,
            app_id: &sp.app_id,
        };
        for job in &mut sp.jobs {
            init_job(job, owner, now, days);
        }
    }
}

fn init_job(job: &mut Job, owner: Owner<'_>, now: GraphTime, days: i64) {
    let st = &job.status;
    let from_types: i64 = st
        .synchronized_entry_count_by_type
        .iter()
        .map(|k| k.value)
        .sum();
    let imported = st.last_execution.as_ref().map_or(0, |e| e.count_imported);
    job.sim.entries = if from_types > 0 {
        from_types
    } else if imported > 0 {
        imported
    } else {
        200 + (stable_u64(&job.id) % 800) as i64
    };
    job.sim.secs_per_unit = DEFAULT_SECS_PER_UNIT;
    job.sim.escrowed = st.last_execution.as_ref().map_or(0, |e| e.count_escrowed);
    job.sim.failing = st
        .last_execution
        .as_ref()
        .filter(|e| e.state == ExecutionState::Failed)
        .and_then(|e| e.error.clone())
        .filter(|_| st.code != StatusCode::Quarantine);
    if st.code == StatusCode::Paused {
        job.sim.paused_from = Some(if st.steady_state_first_achieved_time == GraphTime::MIN {
            StatusCode::NotRun
        } else {
            StatusCode::Active
        });
    }
    // A cycle in progress continues from the progress it shows.
    if let Some(p) = st.progress.first() {
        let since = (now.ticks() - p.progress_observation_date_time.ticks()) / TICKS_PER_SECOND;
        job.sim.secs_per_unit = DEFAULT_SECS_PER_UNIT.max(since + 30);
        let running_exec = st
            .last_execution
            .as_ref()
            .filter(|e| e.time_ended == GraphTime::MIN);
        let began = running_exec.map_or_else(
            || {
                p.progress_observation_date_time
                    .plus_seconds(-p.completed_units * job.sim.secs_per_unit)
            },
            |e| e.time_began,
        );
        let activity_id = running_exec.map_or_else(
            || stable_guid(&format!("cycle:{}:initial", job.id)),
            |e| e.activity_identifier.clone(),
        );
        job.sim.cycle = Some(Cycle {
            began,
            initial: st.code == StatusCode::NotRun
                || st.steady_state_last_achieved_time == GraphTime::MIN,
            total_units: p.total_units,
            done_base: p.completed_units,
            base: p.progress_observation_date_time,
            activity_id,
        });
    }
    let interval = interval_secs(job);
    let last_end = st
        .last_execution
        .as_ref()
        .map(|e| e.time_ended)
        .filter(|t| *t != GraphTime::MIN);
    let stagger =
        30 + (stable_u64(&format!("{}:stagger", job.id)) % interval.clamp(1, 600) as u64) as i64;
    job.sim.next_cycle_at = match last_end {
        Some(end) if end.plus_seconds(interval) > now => end.plus_seconds(interval),
        _ => now.plus_seconds(stagger),
    };
    // The days before (see `history`), then the runs the job shows.
    let mut logs = history(owner, job, now, days);
    let mut seen = BTreeSet::new();
    for exec in [
        &job.status.last_successful_execution,
        &job.status.last_execution,
    ]
    .into_iter()
    .flatten()
    {
        if exec.time_ended == GraphTime::MIN || !seen.insert(exec.activity_identifier.clone()) {
            continue;
        }
        logs.extend(cycle_logs(owner, job, exec));
    }
    logs.sort_by_key(|l| l.at);
    push_logs(job, logs);
}

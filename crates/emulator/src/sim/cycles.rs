//! Beginning and finishing a cycle: its progress, its `lastExecution`, the
//! counts of a finished run, steady state, and the log entries it writes.

use super::history::cycle_logs;
use super::logs::push_logs;
use super::{Cycle, Owner, entry_label, interval_secs};
use crate::ids::{stable_guid, stable_u64};
use crate::tenant::{ExecutionState, Job, KeyLong, Progress, StatusCode, TaskExecution};
use crate::time::GraphTime;

pub(crate) fn progress(done: i64, total: i64, at: GraphTime) -> Progress {
    Progress {
        completed_units: done,
        progress_observation_date_time: at,
        total_units: total,
        units: Some("pages".to_string()),
    }
}

/// The `lastExecution` of cycle `activity_id` from `began` to `ended`
/// ([`GraphTime::MIN`] while it runs): succeeded, nothing counted yet.
fn execution(activity_id: String, began: GraphTime, ended: GraphTime) -> TaskExecution {
    TaskExecution {
        activity_identifier: activity_id,
        count_entitled: 0,
        count_entitled_for_provisioning: 0,
        count_escrowed: 0,
        count_escrowed_raw: 0,
        count_exported: 0,
        count_exports: 0,
        count_imported: 0,
        count_imported_deltas: 0,
        count_imported_reference_deltas: 0,
        error: None,
        state: ExecutionState::Succeeded,
        time_began: began,
        time_ended: ended,
    }
}

/// Starts a cycle at `at`.
pub fn begin_cycle(job: &mut Job, at: GraphTime, initial: bool) {
    let h = stable_u64(&format!("{}:{}", job.id, job.sim.cycles));
    let total = if initial {
        (job.sim.entries / 25).clamp(4, 400)
    } else {
        1 + (h % 3) as i64
    };
    let activity_id = stable_guid(&format!("cycle:{}:{}", job.id, job.sim.cycles));
    if job.status.last_execution.is_some() {
        job.status.last_execution = Some(execution(activity_id.clone(), at, GraphTime::MIN));
    }
    job.status.progress = vec![progress(0, total, at)];
    job.sim.cycle = Some(Cycle {
        began: at,
        initial,
        total_units: total,
        done_base: 0,
        base: at,
        activity_id,
    });
}

pub(crate) fn finish_cycle(job: &mut Job, owner: Owner<'_>, end: GraphTime) {
    let Some(c) = job.sim.cycle.take() else {
        return;
    };
    let h = stable_u64(&format!("{}:{}:end", job.id, job.sim.cycles));
    job.sim.cycles += 1;
    job.status.progress = Vec::new();
    job.sim.next_cycle_at = end.plus_seconds(interval_secs(job));
    let entries = job.sim.entries.max(1);
    let mut exec = execution(c.activity_id.clone(), c.began, end);
    if let Some(err) = job.sim.failing.clone() {
        exec.error = Some(err);
        exec.state = ExecutionState::Failed;
        job.status.count_successive_complete_failures += 1;
        let logs = cycle_logs(owner, job, &exec);
        push_logs(job, logs);
        job.status.last_execution = Some(exec);
        return;
    }
    let (deltas, exports) = if c.initial {
        (entries, (entries / 20).max(1))
    } else {
        let d = (h % (entries as u64 / 40 + 4)) as i64;
        (d, d / 2)
    };
    let escrowed = job.sim.escrowed;
    exec.count_imported = entries;
    exec.count_imported_deltas = deltas;
    exec.count_imported_reference_deltas = deltas / 3;
    exec.count_entitled = entries;
    exec.count_entitled_for_provisioning = entries;
    exec.count_exports = exports + escrowed;
    exec.count_exported = exports;
    exec.count_escrowed = escrowed;
    exec.count_escrowed_raw = escrowed + escrowed / 10;
    exec.state = if escrowed > 0 {
        ExecutionState::EntryLevelErrors
    } else {
        ExecutionState::Succeeded
    };
    job.status.count_successive_complete_failures = 0;
    if exec.state == ExecutionState::Succeeded {
        job.status.last_successful_execution = Some(exec.clone());
        if exports > 0 {
            job.status.last_successful_execution_with_exports = Some(exec.clone());
        }
    }
    if job.status.steady_state_first_achieved_time == GraphTime::MIN {
        job.status.steady_state_first_achieved_time = end;
    }
    job.status.steady_state_last_achieved_time = end;
    if job.status.code == StatusCode::NotRun {
        job.status.code = StatusCode::Active;
    }
    if job.status.synchronized_entry_count_by_type.is_empty() {
        job.status.synchronized_entry_count_by_type = vec![KeyLong {
            key: entry_label(&job.template_id).to_string(),
            value: entries - escrowed,
        }];
    }
    let logs = cycle_logs(owner, job, &exec);
    push_logs(job, logs);
    job.status.last_execution = Some(exec);
}

//! Bringing jobs up to the clock's now: a running job's cycle progresses
//! page by page, ends, and the next one begins an interval later; far behind,
//! whole idle periods are skipped.

use super::cycles::{begin_cycle, finish_cycle, progress};
use super::{Owner, interval_secs, is_running, spu};
use crate::tenant::{Job, ServicePrincipal, Tenant};
use crate::time::{GraphTime, TICKS_PER_SECOND};

/// Brings every job of `tenant` up to `now`.
pub fn advance_tenant(tenant: &mut Tenant, now: GraphTime) {
    let tenant_id = tenant.tenant_id.as_str();
    for sp in &mut tenant.service_principals {
        advance_service_principal(tenant_id, sp, now);
    }
}

/// Brings every job of `sp` (in the tenant `tenant_id`) up to `now`.
pub fn advance_service_principal(tenant_id: &str, sp: &mut ServicePrincipal, now: GraphTime) {
    if sp.jobs.is_empty() {
        return;
    }
    let owner = Owner {
        tenant_id,
        sp_id: &sp.id,
        sp_name: &sp.display_name,
        app_id: &sp.app_id,
    };
    for job in &mut sp.jobs {
        advance(job, owner, now);
    }
}

/// Brings `job` up to `now`.
pub fn advance(job: &mut Job, owner: Owner<'_>, now: GraphTime) {
    for _ in 0..10_000 {
        if !is_running(job) {
            return;
        }
        if let Some(c) = &job.sim.cycle {
            let spu = spu(job);
            let end = c.base.plus_seconds((c.total_units - c.done_base) * spu);
            if now >= end {
                finish_cycle(job, owner, end);
                continue;
            }
            let done =
                c.done_base + (now.ticks() - c.base.ticks()).max(0) / (spu * TICKS_PER_SECOND);
            let observed = c.base.plus_seconds((done - c.done_base) * spu);
            let total = c.total_units;
            let current = job.status.progress.first().map(|p| p.completed_units);
            if current != Some(done) {
                job.status.progress = vec![progress(done, total, observed)];
            }
            return;
        }
        let next = job.sim.next_cycle_at;
        if now < next {
            return;
        }
        let period = interval_secs(job) + 3 * spu(job);
        let behind = (now.ticks() - next.ticks()) / TICKS_PER_SECOND;
        if behind > 3 * period {
            let skip = behind / period - 1;
            job.sim.next_cycle_at = next.plus_seconds(skip * period);
            job.sim.cycles += skip as u64;
        }
        let at = job.sim.next_cycle_at;
        begin_cycle(job, at, false);
    }
}

//! Properties of the fleet's merges (`syncdeck_core::fleet`), for any scan and refresh.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use std::collections::{HashMap, HashSet};
use syncdeck_core::{Fleet, JobList, JobUpdate, RefreshOutcome};
use syncdeck_graph::parse_job;
use syncdeck_graph::{ServicePrincipal, SynchronizationJob};

const CODES: [&str; 4] = ["Active", "Paused", "Quarantine", "NotRun"];

fn job(id: usize, code: usize) -> SynchronizationJob {
    parse_job(&format!(
        r#"{{"id":"j{id}","templateId":"scim","status":{{"code":"{}"}}}}"#,
        CODES[code % CODES.len()]
    ))
    .unwrap()
}

/// Apps 0..5, each with a few jobs (ids unique per app) in some state.
fn lists() -> impl Strategy<Value = Vec<(usize, Vec<(usize, usize)>)>> {
    prop::collection::btree_map(
        0usize..5,
        prop::collection::btree_map(0usize..4, 0usize..4, 0..4),
        0..5,
    )
    .prop_map(|m| {
        m.into_iter()
            .map(|(app, jobs)| (app, jobs.into_iter().collect()))
            .collect()
    })
}

fn to_lists(spec: &[(usize, Vec<(usize, usize)>)]) -> Vec<JobList> {
    spec.iter()
        .map(|(app, jobs)| JobList {
            sp: ServicePrincipal::with_id(format!("sp{app}")),
            jobs: jobs.iter().map(|(j, c)| job(*j, *c)).collect(),
            error: None,
            retry_at: None,
        })
        .collect()
}

proptest! {
    /// After a refresh, the fleet holds exactly the jobs of the apps that were not asked
    /// plus the jobs read now, each job once; a job read the same keeps its revision.
    #[test]
    fn a_refresh_keeps_each_job_once(scan in lists(), refresh in lists()) {
        let mut fleet = Fleet::default();
        fleet.land(to_lists(&scan), &HashMap::new());
        let before = fleet.clone();
        let asked: HashSet<String> = refresh.iter().map(|(a, _)| format!("sp{a}")).collect();
        fleet.merge_refresh(RefreshOutcome { lists: to_lists(&refresh), throttled: 0 });
        let mut keys: Vec<String> = fleet.entries().iter().map(|e| e.key()).collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        prop_assert_eq!(keys.len(), n, "no job twice");
        let kept = before.entries().iter().filter(|e| !asked.contains(&e.sp.id)).count();
        let read: usize = refresh.iter().map(|(_, jobs)| jobs.len()).sum();
        prop_assert_eq!(n, kept + read);
        for e in fleet.entries() {
            if let Some(old) = before.entries().iter().find(|o| o.is(&e.sp.id, &e.job.id)) {
                let expected = if old.job == e.job { old.rev } else { old.rev + 1 };
                prop_assert_eq!(e.rev, expected);
            }
        }
    }

    /// An update applied twice changes the job once more (its revision), never the count.
    #[test]
    fn updates_touch_one_job(scan in lists(), app in 0usize..5, j in 0usize..4, delete in any::<bool>()) {
        let mut fleet = Fleet::default();
        fleet.land(to_lists(&scan), &HashMap::new());
        let n = fleet.len();
        let update = JobUpdate {
            sp_id: format!("sp{app}"),
            job_id: format!("j{j}"),
            job: (!delete).then(|| job(j, 1)),
        };
        let known = fleet.apply_update(&update);
        let expected = if known && delete { n - 1 } else { n };
        prop_assert_eq!(fleet.len(), expected);
        prop_assert_eq!(fleet.apply_update(&update), known && !delete);
    }
}

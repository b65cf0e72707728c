//! The fleet: every job found, and the apps whose jobs could not be read, with the three ways
//! it changes: a scan's answers landing ([`Fleet::land`], [`Fleet::name_apps`]), an
//! auto-refresh's answers replacing what they cover ([`Fleet::merge_refresh`]), and an action's
//! result ([`Fleet::apply_update`]). The fleet page keeps one [`Fleet`] in a signal and only
//! calls these.

use crate::failure::GraphFailure;
use crate::job::{AppJob, JobUpdate};
use std::collections::{HashMap, HashSet};
use std::ops::Deref;
use syncdeck_graph::fleet::state_changes;
use syncdeck_graph::{ServicePrincipal, SynchronizationJob};

/// One job of the fleet.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetEntry {
    /// The job and its app.
    pub app_job: AppJob,
    /// Bumped whenever the job changes (a refresh that reads it different, an action), so
    /// what is derived from it (its search text) is rebuilt for that job alone.
    pub rev: u64,
}

impl Deref for FleetEntry {
    type Target = AppJob;

    fn deref(&self) -> &AppJob {
        &self.app_job
    }
}

/// A service principal whose jobs could not be read: for good, or until its next try.
#[derive(Debug, Clone, PartialEq)]
pub struct AppFailure {
    /// The app.
    pub sp: ServicePrincipal,
    /// What went wrong.
    pub error: GraphFailure,
    /// When its jobs are asked again (Unix ms); `None` when they are not (a 4xx).
    pub retry_at: Option<u64>,
}

/// What reading one app's job list gave: its jobs, every page of them, or as many pages as
/// could be read and then the failure.
#[derive(Debug, Clone, PartialEq)]
pub struct JobList {
    /// The app.
    pub sp: ServicePrincipal,
    /// Its jobs (the pages read before a failure, if one came).
    pub jobs: Vec<SynchronizationJob>,
    /// Why the list is missing or incomplete.
    pub error: Option<GraphFailure>,
    /// Set when the list is not read yet but asked again at this time (Unix ms): `error` says
    /// what failed this time. Not final: the app's list follows.
    pub retry_at: Option<u64>,
}

/// What an auto-refresh read: the job lists of the apps it asked, and how many of its
/// requests were throttled and retried.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefreshOutcome {
    /// One list per app asked.
    pub lists: Vec<JobList>,
    /// Throttled requests that had to be retried.
    pub throttled: u32,
}

/// The jobs and the failures of the fleet view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fleet {
    entries: Vec<FleetEntry>,
    failures: Vec<AppFailure>,
}

impl Fleet {
    /// Every job found, in the order found.
    pub fn entries(&self) -> &[FleetEntry] {
        &self.entries
    }

    /// How many jobs.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True with no job.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every job, without its app.
    pub fn jobs(&self) -> impl Iterator<Item = &SynchronizationJob> {
        self.entries.iter().map(|e| &e.job)
    }

    /// The apps whose jobs could not be read, one row per app.
    pub fn failures(&self) -> &[AppFailure] {
        &self.failures
    }

    /// The rows the page shows: every failure for good, and the first [`WAITING_SHOWN`] apps
    /// waiting for their next try (in a storm of faults hundreds may wait, and their lines
    /// would push every card out of sight; the progress counts them all).
    pub fn shown_failures(&self) -> Vec<AppFailure> {
        let mut waiting = 0;
        self.failures
            .iter()
            .filter(|f| {
                waiting += usize::from(f.retry_at.is_some());
                f.retry_at.is_none() || waiting <= WAITING_SHOWN
            })
            .cloned()
            .collect()
    }

    /// How many apps waiting for their next try [`Fleet::shown_failures`] leaves out.
    pub fn waiting_not_shown(&self) -> usize {
        let waiting = self
            .failures
            .iter()
            .filter(|f| f.retry_at.is_some())
            .count();
        waiting.saturating_sub(WAITING_SHOWN)
    }

    /// A scan's answers: every job found goes in, named from `listed` when the app is known by
    /// its id only (a remembered app answered before the listing reached it), and every failure
    /// becomes a row, except a remembered app that no longer exists (404 and not listed), which
    /// is forgotten quietly. An app that waits for its next try has one row, replaced at each
    /// try and gone once its list is read. True when something changed.
    pub fn land(
        &mut self,
        lists: Vec<JobList>,
        listed: &HashMap<String, ServicePrincipal>,
    ) -> bool {
        let before = (self.entries.len(), self.failures.len());
        let mut waiting = false;
        for list in lists {
            // Each answer replaces the app's waiting row, if it had one.
            let id = &list.sp.id;
            self.failures
                .retain(|f| f.retry_at.is_none() || f.sp.id != *id);
            let gone = list.sp.display_name.is_none()
                && list.error.as_ref().and_then(GraphFailure::status) == Some(404)
                && !listed.contains_key(id)
                && list.retry_at.is_none();
            if gone {
                continue;
            }
            waiting |= list.retry_at.is_some();
            let sp = listed.get(id).cloned().unwrap_or(list.sp);
            self.entries
                .extend(list.jobs.into_iter().map(|job| FleetEntry {
                    app_job: AppJob::new(sp.clone(), job),
                    rev: 0,
                }));
            if let Some(error) = list.error {
                self.failures.push(AppFailure {
                    sp,
                    error,
                    retry_at: list.retry_at,
                });
            }
        }
        waiting || before != (self.entries.len(), self.failures.len())
    }

    /// Names the jobs and failures of apps known by id only from a listing page. True when
    /// something changed.
    pub fn name_apps(&mut self, page: &[ServicePrincipal]) -> bool {
        let named: HashMap<&str, &ServicePrincipal> =
            page.iter().map(|sp| (sp.id.as_str(), sp)).collect();
        let mut changed = false;
        let mut name = |sp: &mut ServicePrincipal| {
            if sp.display_name.is_none()
                && let Some(full) = named.get(sp.id.as_str())
            {
                *sp = (*full).clone();
                changed = true;
            }
        };
        for e in &mut self.entries {
            name(&mut e.app_job.sp);
        }
        for f in &mut self.failures {
            name(&mut f.sp);
        }
        changed
    }

    /// An auto-refresh's answers: the jobs of every app that answered replace that app's jobs
    /// (a job read the same keeps its revision, a changed one gets the next), the jobs of the
    /// others stay, an app that failed gets a failure row unless it has one, and the row of
    /// an app that answered goes. Returns what changed state, in words, for the live region.
    pub fn merge_refresh(&mut self, outcome: RefreshOutcome) -> Vec<String> {
        let answered: HashSet<String> = outcome
            .lists
            .iter()
            .filter(|l| l.error.is_none())
            .map(|l| l.sp.id.clone())
            .collect();
        let mut next: Vec<FleetEntry> = self
            .entries
            .iter()
            .filter(|e| !answered.contains(&e.sp.id))
            .cloned()
            .collect();
        self.failures.retain(|f| !answered.contains(&f.sp.id));
        let mut failed = Vec::new();
        for list in outcome.lists {
            if let Some(error) = list.error {
                failed.push(AppFailure {
                    sp: list.sp,
                    error,
                    retry_at: None,
                });
                continue;
            }
            for job in list.jobs {
                let old = self.entries.iter().find(|e| e.is(&list.sp.id, &job.id));
                next.push(match old {
                    Some(old) => FleetEntry {
                        rev: if old.job == job { old.rev } else { old.rev + 1 },
                        app_job: AppJob::new(old.sp.clone(), job),
                    },
                    None => FleetEntry {
                        app_job: AppJob::new(list.sp.clone(), job),
                        rev: 0,
                    },
                });
            }
        }
        let before: Vec<_> = self.entries.iter().map(|e| e.view()).collect();
        let after: Vec<_> = next.iter().map(|e| e.view()).collect();
        let changes = state_changes(&before, &after);
        self.entries = next;
        for failure in failed {
            match self.failures.iter_mut().find(|f| f.sp.id == failure.sp.id) {
                Some(row) if row.retry_at.is_some() => *row = failure,
                Some(_) => {}
                None => self.failures.push(failure),
            }
        }
        changes
    }

    /// An action's result: the job as read after it replaces the old one (next revision), or
    /// goes away when it was deleted. True when the fleet has the job.
    pub fn apply_update(&mut self, update: &JobUpdate) -> bool {
        let Some(i) = self
            .entries
            .iter()
            .position(|e| e.is(&update.sp_id, &update.job_id))
        else {
            return false;
        };
        match &update.job {
            Some(job) => {
                let e = &mut self.entries[i];
                e.app_job.job = job.clone();
                e.rev += 1;
            }
            None => {
                self.entries.remove(i);
            }
        }
        true
    }

    /// The apps that have jobs, each once, by id: what an auto-refresh reads again.
    pub fn apps(&self) -> Vec<ServicePrincipal> {
        let mut apps: Vec<ServicePrincipal> = self.entries.iter().map(|e| e.sp.clone()).collect();
        apps.sort_by(|a, b| a.id.cmp(&b.id));
        apps.dedup_by(|a, b| a.id == b.id);
        apps
    }

    /// The ids of the apps that have jobs, sorted, each once: what is remembered for the next
    /// visit (ids only, never tokens or job data).
    pub fn remembered_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.entries.iter().map(|e| e.sp.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// The most lines of apps waiting for their next try on the page at once.
pub const WAITING_SHOWN: usize = 5;

/// The most app ids taken from what was remembered.
pub const REMEMBERED_MAX: usize = 2_000;

/// The remembered app ids from their stored text (a JSON list of strings): empty for garbage;
/// blank or over-long ids dropped; at most [`REMEMBERED_MAX`].
pub fn parse_remembered(text: Option<&str>) -> Vec<String> {
    text.and_then(|t| serde_json::from_str::<Vec<String>>(t).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|id| !id.is_empty() && id.len() <= 64)
        .take(REMEMBERED_MAX)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use syncdeck_graph::hints::Operation;
    use syncdeck_graph::{GraphError, parse_job};

    fn job(id: &str, code: &str) -> SynchronizationJob {
        parse_job(&format!(
            r#"{{"id":"{id}","templateId":"scim","status":{{"code":"{code}"}}}}"#
        ))
        .unwrap()
    }

    fn named(id: &str, name: &str) -> ServicePrincipal {
        ServicePrincipal {
            display_name: Some(name.into()),
            ..ServicePrincipal::with_id(id)
        }
    }

    fn list(sp: ServicePrincipal, jobs: Vec<SynchronizationJob>) -> JobList {
        JobList {
            sp,
            jobs,
            error: None,
            retry_at: None,
        }
    }

    fn failed(sp: ServicePrincipal, status: u16) -> JobList {
        JobList {
            sp,
            jobs: Vec::new(),
            error: Some(GraphFailure::graph(
                GraphError::from_response(status, ""),
                Operation::ListJobs,
            )),
            retry_at: None,
        }
    }

    #[test]
    fn an_app_waiting_for_its_next_try_has_one_row_until_its_jobs_are_read() {
        let mut fleet = Fleet::default();
        let none = HashMap::new();
        let retrying = |status, at| JobList {
            retry_at: Some(at),
            ..failed(named("a", "Zendesk"), status)
        };
        assert!(fleet.land(vec![retrying(503, 1_000)], &none));
        assert!(fleet.land(vec![retrying(502, 3_000)], &none));
        assert_eq!(fleet.failures().len(), 1);
        assert_eq!(fleet.failures()[0].retry_at, Some(3_000));
        assert_eq!(fleet.failures()[0].error.status(), Some(502));
        // Its jobs are read: the row goes, the jobs come.
        assert!(fleet.land(
            vec![list(named("a", "Zendesk"), vec![job("j1", "Active")])],
            &none
        ));
        assert!(fleet.failures().is_empty());
        assert_eq!(fleet.len(), 1);
        // A refresh that meets a failing app shows its row; the next one that reads it removes it.
        fleet.land(vec![retrying(500, 9_000)], &none);
        fleet.merge_refresh(RefreshOutcome {
            lists: vec![list(named("a", "Zendesk"), vec![job("j1", "Active")])],
            throttled: 0,
        });
        assert!(fleet.failures().is_empty());
        // A failure for good stays.
        fleet.land(vec![failed(named("b", "Box"), 403)], &none);
        fleet.land(vec![list(named("a", "Zendesk"), vec![])], &none);
        assert_eq!(fleet.failures().len(), 1);
    }

    #[test]
    fn the_page_shows_every_failure_for_good_and_the_first_waiting_apps() {
        let mut fleet = Fleet::default();
        let none = HashMap::new();
        let waiting = |i: usize| JobList {
            retry_at: Some(1_000),
            ..failed(named(&format!("w{i}"), "W"), 503)
        };
        fleet.land(vec![failed(named("f", "F"), 403)], &none);
        fleet.land((0..8).map(waiting).collect(), &none);
        let rows = fleet.shown_failures();
        let ids: Vec<&str> = rows.iter().map(|r| r.sp.id.as_str()).collect();
        assert_eq!(ids, ["f", "w0", "w1", "w2", "w3", "w4"]);
        assert_eq!(fleet.waiting_not_shown(), 3);
        // Once a few are read, the next waiting ones show.
        fleet.land(
            vec![
                list(named("w0", "W"), vec![]),
                list(named("w1", "W"), vec![]),
            ],
            &none,
        );
        assert_eq!(fleet.shown_failures().len(), 1 + WAITING_SHOWN);
        assert_eq!(fleet.waiting_not_shown(), 1);
    }

    #[test]
    fn a_scan_lands_jobs_and_failures_and_forgets_remembered_apps_that_are_gone() {
        let mut fleet = Fleet::default();
        let listed = HashMap::from([("a".to_string(), named("a", "Slack"))]);
        assert!(fleet.land(
            vec![
                // Remembered (id only), listed since: named from the listing.
                list(ServicePrincipal::with_id("a"), vec![job("a.1", "Active")]),
                // Remembered and gone.
                failed(ServicePrincipal::with_id("gone"), 404),
                // Listed and refused.
                failed(named("b", "Payroll"), 403),
            ],
            &listed,
        ));
        assert_eq!(fleet.len(), 1);
        assert_eq!(fleet.entries()[0].app_name(), "Slack");
        assert_eq!(fleet.failures().len(), 1);
        assert_eq!(fleet.failures()[0].sp.name(), "Payroll");
        assert!(!fleet.land(
            vec![failed(ServicePrincipal::with_id("gone"), 404)],
            &listed
        ));
    }

    #[test]
    fn a_listing_page_names_what_was_known_by_id() {
        let mut fleet = Fleet::default();
        fleet.land(
            vec![
                list(ServicePrincipal::with_id("a"), vec![job("a.1", "Active")]),
                failed(ServicePrincipal::with_id("b"), 500),
            ],
            &HashMap::new(),
        );
        assert!(!fleet.name_apps(&[named("c", "Other")]));
        assert!(fleet.name_apps(&[named("a", "Slack"), named("b", "Box")]));
        assert_eq!(fleet.entries()[0].app_name(), "Slack");
        assert_eq!(fleet.failures()[0].sp.name(), "Box");
        assert!(!fleet.name_apps(&[named("a", "Renamed")]), "named once");
    }

    #[test]
    fn a_refresh_replaces_what_answered_and_announces_state_changes() {
        let mut fleet = Fleet::default();
        let (a, b) = (named("a", "Slack"), named("b", "Box"));
        fleet.land(
            vec![
                list(a.clone(), vec![job("a.1", "Active"), job("a.2", "Active")]),
                list(b.clone(), vec![job("b.1", "Paused")]),
            ],
            &HashMap::new(),
        );
        let changes = fleet.merge_refresh(RefreshOutcome {
            lists: vec![
                list(
                    ServicePrincipal::with_id("a"),
                    vec![job("a.1", "Paused"), job("a.3", "NotRun")],
                ),
                failed(b.clone(), 503),
            ],
            throttled: 0,
        });
        let keys: Vec<(String, u64)> = fleet.entries().iter().map(|e| (e.key(), e.rev)).collect();
        assert_eq!(
            keys,
            [
                ("b/b.1".into(), 0),
                ("a/a.1".into(), 1),
                ("a/a.3".into(), 0)
            ]
        );
        // The old entry's name is kept when the refresh knows the app by id only.
        assert_eq!(fleet.entries()[1].app_name(), "Slack");
        assert!(
            changes.iter().any(|c| c.contains("Active → Paused")),
            "{changes:?}"
        );
        assert_eq!(fleet.failures().len(), 1);
        fleet.merge_refresh(RefreshOutcome {
            lists: vec![failed(b, 503)],
            throttled: 1,
        });
        assert_eq!(fleet.failures().len(), 1, "one row per app");
    }

    #[test]
    fn an_action_replaces_or_removes_its_job() {
        let mut fleet = Fleet::default();
        fleet.land(
            vec![list(
                named("a", "Slack"),
                vec![job("a.1", "Active"), job("a.2", "Active")],
            )],
            &HashMap::new(),
        );
        assert!(fleet.apply_update(&JobUpdate {
            sp_id: "a".into(),
            job_id: "a.1".into(),
            job: Some(job("a.1", "Paused")),
        }));
        assert_eq!(fleet.entries()[0].rev, 1);
        assert!(fleet.apply_update(&JobUpdate {
            sp_id: "a".into(),
            job_id: "a.2".into(),
            job: None,
        }));
        assert_eq!(fleet.len(), 1);
        assert!(!fleet.apply_update(&JobUpdate {
            sp_id: "x".into(),
            job_id: "a.1".into(),
            job: None,
        }));
    }

    #[test]
    fn remembered_ids_are_sorted_unique_and_sane() {
        let mut fleet = Fleet::default();
        fleet.land(
            vec![
                list(
                    named("b", "B"),
                    vec![job("b.1", "Active"), job("b.2", "Active")],
                ),
                list(named("a", "A"), vec![job("a.1", "Active")]),
            ],
            &HashMap::new(),
        );
        assert_eq!(fleet.remembered_ids(), ["a", "b"]);
        assert_eq!(fleet.apps().len(), 2);
        assert_eq!(parse_remembered(Some(r#"["a","","b"]"#)), ["a", "b"]);
        assert!(parse_remembered(Some("{oops")).is_empty());
        assert!(parse_remembered(None).is_empty());
        let long = format!(r#"["{}"]"#, "x".repeat(65));
        assert!(parse_remembered(Some(&long)).is_empty());
        let many = serde_json::to_string(&vec!["id"; 3_000]).unwrap();
        assert_eq!(parse_remembered(Some(&many)).len(), REMEMBERED_MAX);
    }
}

//! What changed between two refreshes, as sentences for an ARIA live region
//! ([`state_changes`]).

use std::collections::{HashMap, HashSet};

use super::JobView;
use crate::enums::{StatusCode, TaskExecutionResult};
use crate::model::SynchronizationTaskExecution;
use syncdeck_i18n::{t, tf};

/// A job id short enough to read aloud: the id itself up to 16 characters;
/// else its template prefix (up to 32 characters) and the next 4
/// characters then `…` (`zendesk.e1b2…`); else its first 12 characters then
/// `…`. Nothing is cut (and no `…` added) when the part after the prefix is
/// 4 characters or fewer.
pub fn short_job_id(job_id: &str) -> String {
    if job_id.chars().count() <= 16 {
        return job_id.to_owned();
    }
    match job_id.split_once('.') {
        Some((prefix, rest)) if prefix.chars().count() <= 32 => {
            if rest.chars().count() <= 4 {
                job_id.to_owned()
            } else {
                let tail: String = rest.chars().take(4).collect();
                format!("{prefix}.{tail}…")
            }
        }
        _ => {
            let head: String = job_id.chars().take(12).collect();
            format!("{head}…")
        }
    }
}

/// Whether two runs are the same (same id and times).
fn same_run(a: &SynchronizationTaskExecution, b: &SynchronizationTaskExecution) -> bool {
    a.activity_identifier == b.activity_identifier
        && a.time_began == b.time_began
        && a.time_ended == b.time_ended
        && a.state == b.state
}

/// What changed between two refreshes, as sentences for an ARIA live region.
///
/// Jobs are keyed by (service principal id, job id). Announced, in the order
/// of `after`, then the removals in the order of `before`:
///
/// - a new job: `Box: new job (Not configured)`;
/// - quarantine begun: `Slack: quarantine begun (TooManyDeletes)` (the
///   reason's Graph name, left out when blank);
/// - quarantine lifted: `ServiceNow: quarantine lifted`;
/// - any other change of `status.code`: `Slack: Active → Paused`;
/// - a finished run that failed (the last run is `Failed`, has ended, and is
///   not the run seen before): `Google Workspace: last run failed`;
/// - a removed job: `Zendesk job zendesk.e1b2…: removed` (see
///   [`short_job_id`]).
///
/// The subject is the app name, or `<app> job <short id>` when more than one
/// job (in `before` and `after` together) has that app name, so a Cloud Sync
/// app with two jobs is not ambiguous. A blank app name reads as the service
/// principal id. Nothing else (counts, progress, times) is announced.
pub fn state_changes(before: &[JobView<'_>], after: &[JobView<'_>]) -> Vec<String> {
    let key = |r: &JobView<'_>| (r.sp_id.to_owned(), r.job.id.clone());
    let mut before_by_key: HashMap<(String, String), &JobView<'_>> = HashMap::new();
    for r in before {
        before_by_key.entry(key(r)).or_insert(r);
    }
    // Distinct jobs per app name, to decide whether the name alone is enough.
    let mut jobs_per_name: HashMap<&str, HashSet<(String, String)>> = HashMap::new();
    for r in before.iter().chain(after) {
        jobs_per_name
            .entry(display_name(r))
            .or_default()
            .insert(key(r));
    }
    let subject = |r: &JobView<'_>, always_id: bool| {
        let name = display_name(r);
        let shared = jobs_per_name.get(name).is_some_and(|keys| keys.len() > 1);
        if always_id || shared {
            tf!("{name} job {id}", name = name, id = short_job_id(&r.job.id))
        } else {
            name.to_owned()
        }
    };

    let mut out = Vec::new();
    let mut seen_after: HashSet<(String, String)> = HashSet::new();
    for r in after {
        let k = key(r);
        if !seen_after.insert(k.clone()) {
            continue;
        }
        let now = &r.job.status;
        let Some(old) = before_by_key.get(&k).map(|b| &b.job.status) else {
            out.push(tf!(
                "{subject}: new job ({state})",
                subject = subject(r, false),
                state = now.code.label()
            ));
            continue;
        };
        if old.code != now.code {
            let sentence = if now.code == StatusCode::Quarantine {
                let reason = now
                    .quarantine
                    .as_ref()
                    .map(|q| q.reason.graph_name().trim())
                    .unwrap_or_default();
                if reason.is_empty() {
                    t!("quarantine begun").to_owned()
                } else {
                    tf!("quarantine begun ({reason})", reason = reason)
                }
            } else if old.code == StatusCode::Quarantine {
                t!("quarantine lifted").to_owned()
            } else {
                tf!(
                    "{old} → {new}",
                    old = old.code.label(),
                    new = now.code.label()
                )
            };
            out.push(tf!(
                "{subject}: {change}",
                subject = subject(r, false),
                change = sentence
            ));
        }
        if let Some(run) = &now.last_execution {
            let finished_failed =
                run.state == TaskExecutionResult::Failed && run.time_ended.unix_millis().is_some();
            let is_new = old
                .last_execution
                .as_ref()
                .is_none_or(|prev| !same_run(prev, run));
            if finished_failed && is_new {
                out.push(tf!(
                    "{subject}: last run failed",
                    subject = subject(r, false)
                ));
            }
        }
    }
    let mut removed: HashSet<(String, String)> = HashSet::new();
    for r in before {
        let k = key(r);
        if !seen_after.contains(&k) && removed.insert(k) {
            out.push(tf!("{subject}: removed", subject = subject(r, true)));
        }
    }
    out
}

/// The app name, or the service principal id when the name is blank.
fn display_name<'a>(r: &JobView<'a>) -> &'a str {
    if r.app_name.trim().is_empty() {
        r.sp_id
    } else {
        r.app_name
    }
}

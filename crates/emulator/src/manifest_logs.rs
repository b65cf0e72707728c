//! The manifest's log and directory facts (see [`crate::manifest`]): per job, how many
//! provisioning log entries it has, those of the last 24 hours by status and failure code,
//! and the last 7 days by date; and the directory of provision on demand.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::directory::{FAILING_CODE, directory};
use crate::tenant::Job;
use crate::time::GraphTime;

/// A job's provisioning log entries at the manifest's now.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogFacts {
    /// Entries in all (up to now).
    pub total: usize,
    /// Entries of the last 24 hours (`now - 24h < activityDateTime <= now`), by status.
    pub last24h: StatusCounts,
    /// Failure entries of the last 24 hours by `errorInformation.errorCode`.
    pub failure_codes24h: BTreeMap<String, usize>,
    /// The 7 UTC dates up to now's (oldest first), each with its entries by status.
    pub days7: Vec<DayCounts>,
}

/// Entries by `provisioningStatusInfo.status`.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusCounts {
    /// `success`.
    pub success: usize,
    /// `failure`.
    pub failure: usize,
    /// `skipped`.
    pub skipped: usize,
    /// `warning`.
    pub warning: usize,
}

/// One UTC date's entries.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayCounts {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `success`.
    pub success: usize,
    /// `failure`.
    pub failure: usize,
    /// `skipped`.
    pub skipped: usize,
}

/// The directory of provision on demand.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryFacts {
    /// Every user.
    pub users: Vec<UserFacts>,
    /// Every group.
    pub groups: Vec<GroupFacts>,
    /// The user whose provision on demand always fails at export.
    pub failing_user: FailingUser,
}

/// One user.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserFacts {
    /// Object id.
    pub id: String,
    /// `userPrincipalName`.
    pub user_principal_name: String,
    /// `displayName`.
    pub display_name: String,
}

/// One group.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupFacts {
    /// Object id.
    pub id: String,
    /// `displayName`.
    pub display_name: String,
    /// Its members' user ids.
    pub member_ids: Vec<String>,
}

/// The failing user.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailingUser {
    /// Object id.
    pub id: String,
    /// `userPrincipalName`.
    pub user_principal_name: String,
    /// The error code of its failure.
    pub error_code: String,
}

/// The `YYYY-MM-DD` of `t` (UTC).
pub fn date_of(t: GraphTime) -> String {
    t.inner_error_date()[..10].to_string()
}

/// The log facts of `job` (already brought up to `now`).
pub fn log_facts(job: &Job, now: GraphTime) -> LogFacts {
    let mut facts = LogFacts::default();
    let day_ago = now.plus_seconds(-86_400);
    let dates: Vec<String> = (0..7).rev().map(|d| date_of(now.days_ago(d))).collect();
    facts.days7 = dates
        .iter()
        .map(|date| DayCounts {
            date: date.clone(),
            ..DayCounts::default()
        })
        .collect();
    for log in job.sim.logs.iter().filter(|l| l.at <= now) {
        facts.total += 1;
        let status = log.status();
        if log.at > day_ago {
            let c = &mut facts.last24h;
            match status {
                "success" => c.success += 1,
                "failure" => c.failure += 1,
                "skipped" => c.skipped += 1,
                "warning" => c.warning += 1,
                _ => {}
            }
            if status == "failure" {
                let code = log.error_code().unwrap_or_default().to_string();
                *facts.failure_codes24h.entry(code).or_default() += 1;
            }
        }
        let date = date_of(log.at);
        if let Some(day) = facts.days7.iter_mut().find(|d| d.date == date) {
            match status {
                "success" => day.success += 1,
                "failure" => day.failure += 1,
                "skipped" => day.skipped += 1,
                _ => {}
            }
        }
    }
    facts
}

/// The directory's facts.
pub fn directory_facts() -> DirectoryFacts {
    let dir = directory();
    let failing = dir.failing_user();
    DirectoryFacts {
        users: dir
            .users
            .iter()
            .map(|u| UserFacts {
                id: u.id.clone(),
                user_principal_name: u.user_principal_name.clone(),
                display_name: u.display_name.clone(),
            })
            .collect(),
        groups: dir
            .groups
            .iter()
            .map(|g| GroupFacts {
                id: g.id.clone(),
                display_name: g.display_name.clone(),
                member_ids: g.member_ids.clone(),
            })
            .collect(),
        failing_user: FailingUser {
            id: failing.id.clone(),
            user_principal_name: failing.user_principal_name.clone(),
            error_code: FAILING_CODE.to_string(),
        },
    }
}

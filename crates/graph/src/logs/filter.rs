//! What the admin asks of the provisioning logs ([`LogFilter`]), as Graph's `$filter` and as the
//! app's own URL query, so that a link (from "Recent failures", or shared) opens the logs
//! already filtered.
//!
//! Graph documents `eq`, `contains`, `gt` and `lt` on `/auditLogs/provisioning`, and **every
//! filter is case-sensitive** (<https://learn.microsoft.com/en-us/graph/api/provisioningobjectsummary-list?view=graph-rest-1.0>),
//! so the enum values are sent exactly as Graph spells them (`'failure'`, never `'Failure'`), and
//! the identity text is matched as typed. The job is filtered by `jobId`
//! (`syncdeck-graph`'s reference, section 5: the bulkUpload `Location` spells it `jobid`).

use crate::enums::{ProvisioningAction, ProvisioningResult};
use crate::request::{GraphRequest, Method, odata_string};
use crate::time::format_rfc3339_millis;
use syncdeck_i18n::t;

/// How far back the logs go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Period {
    /// The last 24 hours.
    Day,
    /// The last 7 days.
    #[default]
    Week,
    /// The last 30 days (Entra's retention with P1/P2).
    Month,
}

impl Period {
    /// Every period, shortest first.
    pub const ALL: [Period; 3] = [Period::Day, Period::Week, Period::Month];

    /// Its length in milliseconds.
    pub fn millis(self) -> i64 {
        const HOUR: i64 = 3_600_000;
        match self {
            Period::Day => 24 * HOUR,
            Period::Week => 7 * 24 * HOUR,
            Period::Month => 30 * 24 * HOUR,
        }
    }

    /// Its name in the app's URL (`24h`, `7d`, `30d`).
    pub fn key(self) -> &'static str {
        match self {
            Period::Day => "24h",
            Period::Week => "7d",
            Period::Month => "30d",
        }
    }

    /// Its label (`24 hours`, `7 days`, `30 days`).
    pub fn label(self) -> &'static str {
        match self {
            Period::Day => t!("24 hours"),
            Period::Week => t!("7 days"),
            Period::Month => t!("30 days"),
        }
    }

    /// The period of a URL key.
    pub fn from_key(key: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// The statuses the admin can filter on, in the order the filter shows them.
pub const STATUSES: [ProvisioningResult; 4] = [
    ProvisioningResult::Success,
    ProvisioningResult::Failure,
    ProvisioningResult::Skipped,
    ProvisioningResult::Warning,
];

/// The actions the admin can filter on, in the order the filter shows them.
pub const ACTIONS: [ProvisioningAction; 6] = [
    ProvisioningAction::Create,
    ProvisioningAction::Update,
    ProvisioningAction::Delete,
    ProvisioningAction::Disable,
    ProvisioningAction::StagedDelete,
    ProvisioningAction::Other,
];

/// Largest page Graph is asked for.
pub const MAX_TOP: u32 = 1000;

/// A query of the provisioning logs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogFilter {
    /// Only this job's events (`None`: the whole tenant).
    pub job_id: Option<String>,
    /// Only these statuses (empty or all four: any).
    pub statuses: Vec<ProvisioningResult>,
    /// Only these actions (empty or all six: any).
    pub actions: Vec<ProvisioningAction>,
    /// Source or target name containing it, or source or target id equal to it (trimmed;
    /// empty: anyone). Case-sensitive, as Graph's filters are.
    pub identity: String,
    /// Only this error code (an exact match, e.g. from "Recent failures").
    pub error_code: Option<String>,
    /// How far back.
    pub period: Period,
}

impl LogFilter {
    /// The logs of one job over the default period.
    pub fn for_job(job_id: &str) -> LogFilter {
        LogFilter {
            job_id: Some(job_id.to_string()),
            ..LogFilter::default()
        }
    }

    /// True when something beyond the job and the period narrows the events (a status, an
    /// action, an identity or an error code).
    pub fn is_narrowed(&self) -> bool {
        !chosen(&self.statuses, &STATUSES).is_empty()
            || !chosen(&self.actions, &ACTIONS).is_empty()
            || !self.identity.trim().is_empty()
            || self.error_code.as_deref().is_some_and(|c| !c.is_empty())
    }

    /// The OData `$filter` for this query at `now_ms` (Unix milliseconds): `and`-joined
    /// clauses, each multi-valued choice an `or` group in parentheses.
    pub fn odata_filter(&self, now_ms: i64) -> String {
        let mut clauses = Vec::new();
        if let Some(job) = &self.job_id {
            clauses.push(format!("jobId eq {}", odata_string(job)));
        }
        let since = format_rfc3339_millis(now_ms - self.period.millis());
        clauses.push(format!("activityDateTime ge {since}"));
        let statuses = chosen(&self.statuses, &STATUSES);
        if let Some(group) = any_of("provisioningStatusInfo/status", &statuses, |s| {
            s.graph_name().to_string()
        }) {
            clauses.push(group);
        }
        let actions = chosen(&self.actions, &ACTIONS);
        if let Some(group) = any_of("provisioningAction", &actions, |a| {
            a.graph_name().to_string()
        }) {
            clauses.push(group);
        }
        if let Some(code) = self.error_code.as_deref().filter(|c| !c.is_empty()) {
            clauses.push(format!(
                "provisioningStatusInfo/errorInformation/errorCode eq {}",
                odata_string(code)
            ));
        }
        let who = self.identity.trim();
        if !who.is_empty() {
            let v = odata_string(who);
            clauses.push(format!(
                "(contains(sourceIdentity/displayName,{v}) or contains(targetIdentity/displayName,{v}) or sourceIdentity/id eq {v} or targetIdentity/id eq {v})"
            ));
        }
        clauses.join(" and ")
    }

    /// The first page's request: this filter, newest first, `top` per page (1..=1000).
    pub fn request(&self, now_ms: i64, top: u32) -> GraphRequest {
        let params = [
            ("$filter", self.odata_filter(now_ms)),
            ("$orderby", "activityDateTime desc".to_owned()),
            ("$top", top.clamp(1, MAX_TOP).to_string()),
        ];
        GraphRequest::new(
            Method::Get,
            format!(
                "/auditLogs/provisioning{}",
                crate::request::query_string(&params)
            ),
            crate::hints::Operation::ListProvisioningLogs,
        )
    }

    /// The app's URL query for this filter (without `?`; empty for the defaults): `status`,
    /// `action` (comma-separated Graph names), `q`, `errorCode`, `period`. The job is in the
    /// path, not here.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let statuses = chosen(&self.statuses, &STATUSES);
        if !statuses.is_empty() {
            pairs.push(("status", join_names(&statuses, |s| s.graph_name())));
        }
        let actions = chosen(&self.actions, &ACTIONS);
        if !actions.is_empty() {
            pairs.push(("action", join_names(&actions, |a| a.graph_name())));
        }
        if !self.identity.trim().is_empty() {
            pairs.push(("q", self.identity.trim().to_string()));
        }
        if let Some(code) = self.error_code.as_deref().filter(|c| !c.is_empty()) {
            pairs.push(("errorCode", code.to_string()));
        }
        if self.period != Period::default() {
            pairs.push(("period", self.period.key().to_string()));
        }
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", crate::request::encode_query_value(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The filter of an app URL query's decoded pairs (unknown keys and values are ignored, so
    /// an old or hand-edited link still opens the logs).
    pub fn from_query<'a>(
        job_id: Option<&str>,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> LogFilter {
        let mut filter = LogFilter {
            job_id: job_id.map(str::to_string),
            ..LogFilter::default()
        };
        for (key, value) in pairs {
            match key {
                "status" => {
                    filter.statuses = names(value, &STATUSES, |s| s.graph_name());
                }
                "action" => {
                    filter.actions = names(value, &ACTIONS, |a| a.graph_name());
                }
                "q" => filter.identity = value.trim().to_string(),
                "errorCode" => {
                    filter.error_code = Some(value.trim().to_string()).filter(|c| !c.is_empty())
                }
                "period" => filter.period = Period::from_key(value).unwrap_or_default(),
                _ => {}
            }
        }
        filter
    }
}

/// The chosen values in `all`'s order; empty when none or every one is chosen (no filter).
fn chosen<T: PartialEq + Clone>(picked: &[T], all: &[T]) -> Vec<T> {
    let in_order: Vec<T> = all.iter().filter(|v| picked.contains(v)).cloned().collect();
    if in_order.len() == all.len() {
        Vec::new()
    } else {
        in_order
    }
}

fn any_of<T>(property: &str, values: &[T], name: impl Fn(&T) -> String) -> Option<String> {
    match values {
        [] => None,
        [one] => Some(format!("{property} eq {}", odata_string(&name(one)))),
        many => Some(format!(
            "({})",
            many.iter()
                .map(|v| format!("{property} eq {}", odata_string(&name(v))))
                .collect::<Vec<_>>()
                .join(" or ")
        )),
    }
}

fn join_names<T>(values: &[T], name: impl Fn(&T) -> &str) -> String {
    values.iter().map(name).collect::<Vec<_>>().join(",")
}

fn names<T: Clone>(text: &str, all: &[T], name: impl Fn(&T) -> &str) -> Vec<T> {
    let wanted: Vec<&str> = text.split(',').map(str::trim).collect();
    all.iter()
        .filter(|v| wanted.contains(&name(v)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_936_000_000; // 2025-12-05T12:00:00Z

    #[test]
    fn a_job_over_the_default_week() {
        assert_eq!(
            LogFilter::for_job("scim.abc").odata_filter(NOW),
            "jobId eq 'scim.abc' and activityDateTime ge 2025-11-28T12:00:00Z"
        );
    }

    #[test]
    fn every_choice_becomes_a_case_exact_clause() {
        let f = LogFilter {
            job_id: Some("j".into()),
            statuses: vec![ProvisioningResult::Skipped, ProvisioningResult::Failure],
            actions: vec![ProvisioningAction::Create],
            identity: " O'Neil ".into(),
            error_code: Some("DuplicateTargetEntries".into()),
            period: Period::Day,
        };
        assert_eq!(
            f.odata_filter(NOW),
            "jobId eq 'j' and activityDateTime ge 2025-12-04T12:00:00Z \
             and (provisioningStatusInfo/status eq 'failure' or provisioningStatusInfo/status eq 'skipped') \
             and provisioningAction eq 'create' \
             and provisioningStatusInfo/errorInformation/errorCode eq 'DuplicateTargetEntries' \
             and (contains(sourceIdentity/displayName,'O''Neil') or contains(targetIdentity/displayName,'O''Neil') \
             or sourceIdentity/id eq 'O''Neil' or targetIdentity/id eq 'O''Neil')"
        );
        let r = f.request(NOW, 50);
        assert!(r.path.starts_with("/auditLogs/provisioning?$filter="));
        assert!(
            r.path
                .ends_with("&$orderby=activityDateTime%20desc&$top=50")
        );
    }

    #[test]
    fn all_statuses_or_actions_is_no_filter() {
        let f = LogFilter {
            statuses: STATUSES.to_vec(),
            actions: ACTIONS.to_vec(),
            period: Period::Month,
            ..LogFilter::default()
        };
        assert_eq!(
            f.odata_filter(NOW),
            "activityDateTime ge 2025-11-05T12:00:00Z"
        );
        assert_eq!(f.to_query(), "period=30d");
        assert!(!f.is_narrowed());
        let code = LogFilter {
            error_code: Some("X".into()),
            ..LogFilter::default()
        };
        assert!(code.is_narrowed());
    }

    #[test]
    fn the_url_query_round_trips() {
        let f = LogFilter {
            job_id: Some("j".into()),
            statuses: vec![ProvisioningResult::Failure],
            actions: vec![ProvisioningAction::Update, ProvisioningAction::StagedDelete],
            identity: "adele".into(),
            error_code: Some("X".into()),
            period: Period::Day,
        };
        let q = f.to_query();
        assert_eq!(
            q,
            "status=failure&action=update,stagedDelete&q=adele&errorCode=X&period=24h"
        );
        let pairs: Vec<(&str, &str)> = q.split('&').map(|kv| kv.split_once('=').unwrap()).collect();
        assert_eq!(LogFilter::from_query(Some("j"), pairs), f);
        assert_eq!(
            LogFilter::from_query(None, [("period", "1y"), ("status", "nope"), ("x", "y")]),
            LogFilter::default()
        );
    }
}

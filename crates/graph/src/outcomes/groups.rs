//! Failures grouped by job and error code ("Recent failures"): one group per (service
//! principal, job, error code), the app named after the event's `servicePrincipal`, the most
//! frequent first.

use crate::enums::ProvisioningResult;
use crate::logs::LogEvent;
use syncdeck_i18n::{n_, tn, tr};

/// The group of failures that carry no error code.
pub const NO_CODE: &str = n_!("(no code)");

/// Failures of one job with one error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureGroup {
    /// The service principal's object id.
    pub sp_id: String,
    /// The job's id.
    pub job_id: String,
    /// The app's name (the event's `servicePrincipal.displayName`; its id when it has none).
    pub app_name: String,
    /// The error code; `None` for failures without one (shown as [`NO_CODE`]).
    pub error_code: Option<String>,
    /// How many failures.
    pub count: usize,
    /// The newest failure's time (Unix ms; 0 when none had a valid time).
    pub newest: i64,
}

impl FailureGroup {
    /// The code as shown: the error code, or [`NO_CODE`].
    pub fn code_text(&self) -> &str {
        self.error_code.as_deref().unwrap_or(tr(NO_CODE))
    }

    /// What the group's link says, e.g. `Salesforce: 12 failures, SchemaAttributeValueInvalid`.
    pub fn label(&self) -> String {
        tn!(
            "{app}: {n} failure, {code}",
            "{app}: {n} failures, {code}",
            self.count,
            app = self.app_name,
            code = self.code_text()
        )
    }
}

/// Failures counted page by page.
#[derive(Debug, Clone, Default)]
pub struct FailureGroups {
    /// A list, not a map: a tenant has few jobs and codes, and the app's code stays small.
    groups: Vec<FailureGroup>,
    /// Failures counted.
    pub total: usize,
}

impl FailureGroups {
    /// Counts the failures among `events` (other outcomes are ignored).
    pub fn add(&mut self, events: &[LogEvent]) {
        for e in events
            .iter()
            .filter(|e| e.result() == ProvisioningResult::Failure)
        {
            let sp_id = e.service_principal_id().to_string();
            let code = e.error_code().map(|c| c.trim().to_string());
            let at = e.activity_date_time().unix_millis().unwrap_or(0);
            let found = self
                .groups
                .iter()
                .position(|g| g.sp_id == sp_id && g.job_id == e.job_id() && g.error_code == code);
            let i = found.unwrap_or_else(|| {
                self.groups.push(FailureGroup {
                    app_name: e
                        .service_principal_name()
                        .map(str::trim)
                        .filter(|n| !n.is_empty())
                        .unwrap_or(&sp_id)
                        .to_string(),
                    sp_id,
                    job_id: e.job_id().to_string(),
                    error_code: code,
                    count: 0,
                    newest: at,
                });
                self.groups.len() - 1
            });
            let group = &mut self.groups[i];
            group.count += 1;
            group.newest = group.newest.max(at);
            self.total += 1;
        }
    }

    /// The groups, most failures first, then the most recent, then by app, job and code.
    pub fn sorted(&self) -> Vec<FailureGroup> {
        // An insertion sort: a tenant's groups are few, and the standard library's sorts cost
        // kilobytes of wasm per element type.
        let mut out: Vec<FailureGroup> = Vec::with_capacity(self.groups.len());
        for g in &self.groups {
            let at = out.iter().position(|o| before(g, o)).unwrap_or(out.len());
            out.insert(at, g.clone());
        }
        out
    }
}

/// True when `a` is listed before `b`.
fn before(a: &FailureGroup, b: &FailureGroup) -> bool {
    (b.count, b.newest, &a.app_name, &a.job_id, &a.error_code)
        < (a.count, a.newest, &b.app_name, &b.job_id, &b.error_code)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// A log entry of `job` (of app `sp`, named `name`) with `status` and `code`, at `at`.
    pub(crate) fn event(
        sp: &str,
        name: Option<&str>,
        job: &str,
        status: &str,
        code: Option<&str>,
        at: &str,
    ) -> LogEvent {
        let error = code.map(|c| json!({ "errorCode": c }));
        LogEvent(json!({
            "id": format!("{job}-{at}"),
            "activityDateTime": at,
            "jobId": job,
            "servicePrincipal": { "id": sp, "displayName": name },
            "provisioningStatusInfo": { "status": status, "errorInformation": error },
        }))
    }

    #[test]
    fn grouped_by_job_and_code_most_first() {
        let sf = |code, at| event("sp1", Some("Salesforce"), "sf.1", "failure", code, at);
        let events = [
            sf(Some("SchemaAttributeValueInvalid"), "2025-12-05T10:00:00Z"),
            sf(Some("SchemaAttributeValueInvalid"), "2025-12-05T11:00:00Z"),
            sf(None, "2025-12-05T09:00:00Z"),
            sf(Some("  "), "2025-12-05T12:00:00Z"),
            event(
                "sp2",
                Some("Slack"),
                "slack.1",
                "failure",
                Some("X"),
                "2025-12-05T12:30:00Z",
            ),
            event(
                "sp2",
                Some("Slack"),
                "slack.1",
                "success",
                None,
                "2025-12-05T12:40:00Z",
            ),
            event(
                "sp3",
                None,
                "gh.1",
                "Failure",
                Some("Y"),
                "2025-12-04T12:00:00Z",
            ),
        ];
        let mut groups = FailureGroups::default();
        groups.add(&events[..3]);
        groups.add(&events[3..]);
        assert_eq!(groups.total, 6);
        let sorted = groups.sorted();
        let labels: Vec<String> = sorted.iter().map(FailureGroup::label).collect();
        assert_eq!(
            labels,
            [
                // Ties: the newest first (a blank code is no code).
                "Salesforce: 2 failures, (no code)",
                "Salesforce: 2 failures, SchemaAttributeValueInvalid",
                "Slack: 1 failure, X",
                // No name: the service principal's id.
                "sp3: 1 failure, Y",
            ]
        );
        assert_eq!(sorted[0].newest, 1_764_936_000_000);
        assert_eq!(
            (
                sorted[0].sp_id.as_str(),
                sorted[0].job_id.as_str(),
                sorted[0].error_code.clone()
            ),
            ("sp1", "sf.1", None)
        );
    }

    #[test]
    fn no_failures_no_groups() {
        let mut groups = FailureGroups::default();
        groups.add(&[event(
            "a",
            None,
            "j",
            "skipped",
            None,
            "2025-12-05T10:00:00Z",
        )]);
        assert!(groups.sorted().is_empty());
        assert_eq!(groups.total, 0);
    }
}

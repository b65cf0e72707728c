//! The bench's own checks: the emulator's request log, counted here, against what the browser
//! reported, and every job of the emulator on the page.

use super::scenario::{Scenario, ScenarioResult};
use serde_json::Value;

#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct LogCounts {
    /// Graph requests that are not `$batch` sub-requests (what the browser sent).
    pub(super) outer: u64,
    pub(super) pages: u64,
    pub(super) batches: u64,
    /// `$batch` sub-requests.
    pub(super) subs: u64,
    /// Sub-requests and requests answered 429.
    pub(super) throttled: u64,
    /// Distinct job-list paths answered 200.
    pub(super) answered_apps: u64,
    /// Entries still without a status when the log was read.
    pub(super) unanswered: u64,
}

pub(super) fn count_log(entries: &[Value]) -> LogCounts {
    let mut c = LogCounts::default();
    let mut answered = std::collections::HashSet::new();
    // The scan's requests: the fleet's diagnosis loads (`/auditLogs/provisioning`) are not the
    // scan's, and are benched on their own (`logs.rs`).
    let scan = |e: &&Value| {
        e["graph"] == Value::Bool(true)
            && !e["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("/auditLogs/provisioning"))
    };
    for e in entries.iter().filter(scan) {
        let path = e["path"].as_str().unwrap_or_default();
        let method = e["method"].as_str().unwrap_or_default();
        let status = e["status"].as_u64();
        if status.is_none() {
            c.unanswered += 1;
        }
        if status == Some(429) {
            c.throttled += 1;
        }
        if e.get("batch").is_some_and(|b| !b.is_null()) {
            c.subs += 1;
            if status == Some(200) && path.ends_with("/synchronization/jobs") {
                answered.insert(path.to_string());
            }
        } else {
            c.outer += 1;
            if method == "GET" && path.ends_with("/servicePrincipals") {
                c.pages += 1;
            }
            if method == "POST" && (path.ends_with("/$batch") || path.ends_with("/%24batch")) {
                c.batches += 1;
            }
        }
    }
    c.answered_apps = answered.len() as u64;
    c
}
/// The bench's own checks: every job shown, and the log agrees with what the browser sent.
pub(super) fn verify(s: &Scenario, r: &ScenarioResult) -> Vec<String> {
    let mut bad = Vec::new();
    let label = s.label();
    let truth_jobs = r.json["emulator"]["jobs"].as_u64().unwrap_or(0);
    let truth_sps = r.json["emulator"]["servicePrincipals"]
        .as_u64()
        .unwrap_or(0);
    if truth_sps != s.apps {
        bad.push(format!(
            "{label}: the emulator lists {truth_sps} service principals, not {}",
            s.apps
        ));
    }
    let runs = r.json["runs"].as_array().cloned().unwrap_or_default();
    if runs.len() != s.runs {
        bad.push(format!(
            "{label}: {} runs reported, {} asked",
            runs.len(),
            s.runs
        ));
    }
    for (run, log) in runs.iter().zip(&r.logs) {
        let i = run["run"].as_u64().unwrap_or(0);
        let jobs = run["summaryJobs"].as_u64();
        if jobs != Some(truth_jobs) {
            bad.push(format!(
                "{label} run {i}: the app shows {:?} jobs, the emulator holds {truth_jobs}",
                run["summary"].as_str().unwrap_or_default()
            ));
        }
        let done = format!("Scanned all {} apps", s.apps);
        if run["doneText"].as_str() != Some(done.as_str())
            || run["valueNow"].as_str() != Some(&s.apps.to_string())
        {
            bad.push(format!(
                "{label} run {i}: progress says {:?} ({} of {}), not {done:?}",
                run["doneText"], run["valueNow"], run["valueMax"]
            ));
        }
        let sent = (
            run["graphRequestsSent"].as_u64().unwrap_or(u64::MAX),
            run["pagesSent"].as_u64().unwrap_or(u64::MAX),
            run["batchesSent"].as_u64().unwrap_or(u64::MAX),
        );
        if sent != (log.outer, log.pages, log.batches) {
            bad.push(format!(
                "{label} run {i}: the browser sent {} requests ({} pages, {} batches), the \
                 emulator logged {} ({} pages, {} batches)",
                sent.0, sent.1, sent.2, log.outer, log.pages, log.batches
            ));
        }
        if log.answered_apps != s.apps {
            bad.push(format!(
                "{label} run {i}: the log answers the job lists of {} apps, not {}",
                log.answered_apps, s.apps
            ));
        }
        if log.unanswered > 0 {
            bad.push(format!(
                "{label} run {i}: {} requests were still unanswered when the scan said done",
                log.unanswered
            ));
        }
        if let Some(p) = run["problems"].as_array().filter(|p| !p.is_empty()) {
            bad.push(format!("{label} run {i}: page errors {p:?}"));
        }
    }
    if s.keystroke_cycles > 0 {
        let k = &r.json["keystrokes"];
        let n = k["narrow"].as_array().map_or(0, Vec::len);
        let w = k["widen"].as_array().map_or(0, Vec::len);
        if n != 5 * s.keystroke_cycles || w != 5 * s.keystroke_cycles {
            bad.push(format!(
                "{label}: {n} narrowing and {w} widening keystrokes timed, {} each typed",
                5 * s.keystroke_cycles
            ));
        }
        if k["finalValue"].as_str() != Some("") {
            bad.push(format!(
                "{label}: the filter ended as {:?}, not empty",
                k["finalValue"]
            ));
        }
    }
    bad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_log_like_the_browser() {
        let log: Vec<Value> = serde_json::from_str(
            r#"[
            {"method":"GET","path":"/config.json","graph":false,"status":200},
            {"method":"GET","path":"/v1.0/servicePrincipals","graph":true,"status":200},
            {"method":"POST","path":"/v1.0/$batch","graph":true,"status":200},
            {"method":"GET","path":"/v1.0/servicePrincipals/a/synchronization/jobs","graph":true,
             "status":200,"batch":{"id":"x","requestId":"1"}},
            {"method":"GET","path":"/v1.0/servicePrincipals/b/synchronization/jobs","graph":true,
             "status":429,"batch":{"id":"x","requestId":"2"}},
            {"method":"GET","path":"/v1.0/servicePrincipals/b/synchronization/jobs","graph":true,
             "status":200,"batch":{"id":"y","requestId":"3"}},
            {"method":"POST","path":"/v1.0/$batch","graph":true,"status":null}
        ]"#,
        )
        .unwrap();
        let c = count_log(&log);
        assert_eq!(
            c,
            LogCounts {
                outer: 3,
                pages: 1,
                batches: 2,
                subs: 3,
                throttled: 1,
                answered_apps: 2,
                unanswered: 1,
            }
        );
    }
}

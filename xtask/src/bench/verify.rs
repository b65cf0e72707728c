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
    /// Sub-requests and requests answered 429 (the budget's and the random ones).
    pub(super) throttled: u64,
    /// Of those, the 429s of the `--rate-limit` budget (`"throttle": "budget"`).
    pub(super) budget_throttled: u64,
    /// List pages and sub-requests the budget let through (not answered its 429): what the
    /// budget was spent on.
    pub(super) budget_served: u64,
    /// Sub-requests and requests answered 5xx (500, 502, 503, 504).
    pub(super) server_errors: u64,
    /// Distinct job-list paths answered 200.
    pub(super) answered_apps: u64,
    /// Job lists answered 200 again (same path and query) by requests that arrived during the
    /// scan: up to the scan's end in the log's clock (see `count_log`).
    pub(super) answered_twice: u64,
    /// Connections the emulator closed without an answer (`--drop-rate`; logged without a
    /// status, noted "dropped connection").
    pub(super) dropped: u64,
    /// Entries still without a status when the log was read, the dropped ones apart.
    pub(super) unanswered: u64,
}

/// Counts a run's request log (`GET /_emulator/requests`, oldest first). `scan_ms` is the scan's
/// time in the page (first Graph request → "Scanned all N apps"): the log's first Graph request
/// plus that is the scan's end in the log's clock (`atMs`, real ms on the same machine), and a
/// job list answered 200 a second time counts as `answered_twice` only when it arrived by then
/// (the fleet's auto-refresh reads the apps with jobs again after the scan,
/// `crates/graph/src/fleet/cadence.rs`). Without `scan_ms`, every entry counts.
pub(super) fn count_log(entries: &[Value], scan_ms: Option<f64>) -> LogCounts {
    let mut c = LogCounts::default();
    let mut answered = std::collections::HashSet::new();
    let mut answered_with_query = std::collections::HashSet::new();
    // The scan's requests: the fleet's diagnosis loads (`/auditLogs/provisioning`) are not the
    // scan's, and are benched on their own (`logs.rs`).
    let scan = |e: &&Value| {
        e["graph"] == Value::Bool(true)
            && !e["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("/auditLogs/provisioning"))
    };
    let first_at = entries.iter().filter(scan).find_map(|e| e["atMs"].as_f64());
    let end_at = match (first_at, scan_ms) {
        (Some(first), Some(scan)) => first + scan,
        _ => f64::INFINITY,
    };
    for e in entries.iter().filter(scan) {
        let path = e["path"].as_str().unwrap_or_default();
        let method = e["method"].as_str().unwrap_or_default();
        let status = e["status"].as_u64();
        if status.is_none() {
            if e["note"]
                .as_str()
                .is_some_and(|n| n.contains("dropped connection"))
            {
                c.dropped += 1;
            } else {
                c.unanswered += 1;
            }
        }
        if status == Some(429) {
            c.throttled += 1;
        }
        let over_budget = e["throttle"].as_str() == Some("budget");
        if over_budget {
            c.budget_throttled += 1;
        }
        if status.is_some_and(|s| s >= 500) {
            c.server_errors += 1;
        }
        if e.get("batch").is_some_and(|b| !b.is_null()) {
            c.subs += 1;
            if !over_budget {
                c.budget_served += 1;
            }
            if status == Some(200) && path.ends_with("/synchronization/jobs") {
                answered.insert(path.to_string());
                let query = e["query"].as_str().unwrap_or_default();
                let during_scan = e["atMs"].as_f64().is_none_or(|at| at <= end_at);
                if !answered_with_query.insert(format!("{path}?{query}")) && during_scan {
                    c.answered_twice += 1;
                }
            }
        } else {
            c.outer += 1;
            if method == "GET" && path.ends_with("/servicePrincipals") {
                c.pages += 1;
                if !over_budget {
                    c.budget_served += 1;
                }
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
    let timed_out = runs.iter().any(|r| r["timedOut"] == Value::Bool(true));
    // After a run that timed out, `scan.mjs` makes no more runs (they would wait as long).
    if runs.len() != s.runs && !timed_out {
        bad.push(format!(
            "{label}: {} runs reported, {} asked",
            runs.len(),
            s.runs
        ));
    }
    for (run, log) in runs.iter().zip(&r.logs) {
        let i = run["run"].as_u64().unwrap_or(0);
        if run["timedOut"] == Value::Bool(true) {
            bad.push(format!(
                "{label} run {i}: not \"Scanned all {} apps\" within {} s; the progressbar says \
                 {:?} and the summary {:?}{}",
                s.apps,
                s.timeout_ms / 1000,
                run["progressText"].as_str().unwrap_or_default(),
                run["summary"].as_str().unwrap_or_default(),
                if run["run"].as_u64().unwrap_or(0) < s.runs as u64 {
                    "; the scenario's other runs were not made"
                } else {
                    ""
                }
            ));
            continue;
        }
        let jobs = run["summaryJobs"].as_u64();
        if jobs != Some(truth_jobs) {
            bad.push(format!(
                "{label} run {i}: the app shows {:?} jobs, the emulator holds {truth_jobs}",
                run["summary"].as_str().unwrap_or_default()
            ));
        }
        // The count as the browser's Intl.NumberFormat writes it in English ("5,000").
        let done = format!("Scanned all {} apps", super::report::thousands(s.apps));
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
        let logged = (log.outer, log.pages, log.batches);
        // The storm drops connections (`--drop-rate`): the emulator logs such a request without
        // a status, and Chromium may send a request again by itself when a reused connection is
        // closed without an answer, which the page never sees as a request of its own
        // (https://source.chromium.org/chromium/chromium/src/+/main:net/http/http_network_transaction.cc,
        // `ShouldResendRequest`). So under the storm the log may hold up to one request more per
        // dropped connection than the browser reported, never fewer; everywhere else the counts
        // must agree exactly, and no request may be dropped.
        let agree = if s.storm {
            let within = |b: u64, l: u64| b <= l && l <= b.saturating_add(log.dropped);
            within(sent.0, logged.0) && within(sent.1, logged.1) && within(sent.2, logged.2)
        } else {
            sent == logged
        };
        if !agree {
            bad.push(format!(
                "{label} run {i}: the browser sent {} requests ({} pages, {} batches), the \
                 emulator logged {} ({} pages, {} batches; {} dropped)",
                sent.0, sent.1, sent.2, log.outer, log.pages, log.batches, log.dropped
            ));
        }
        if log.answered_apps != s.apps {
            bad.push(format!(
                "{label} run {i}: the log answers the job lists of {} apps, not {}",
                log.answered_apps, s.apps
            ));
        }
        if log.answered_twice > 0 {
            bad.push(format!(
                "{label} run {i}: {} job lists were answered 200 a second time during the scan",
                log.answered_twice
            ));
        }
        if log.unanswered > 0 {
            bad.push(format!(
                "{label} run {i}: {} requests were still unanswered when the scan said done",
                log.unanswered
            ));
        }
        if log.dropped > 0 && !s.storm {
            bad.push(format!(
                "{label} run {i}: {} connections were dropped without a fault that drops them",
                log.dropped
            ));
        }
        if let Some(p) = run["problems"].as_array().filter(|p| !p.is_empty()) {
            bad.push(format!("{label} run {i}: page errors {p:?}"));
        }
    }
    if s.heap && !timed_out {
        let measured = runs.iter().all(|r| {
            r["heap"]["usedBytes"].as_f64().is_some_and(|b| b > 0.0)
                && r["heap"]["totalBytes"].as_f64().is_some_and(|b| b > 0.0)
        });
        if !measured {
            bad.push(format!("{label}: a run without its JS heap measured"));
        }
    }
    if s.keystroke_cycles > 0 && !timed_out {
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
        let c = count_log(&log, None);
        assert_eq!(
            c,
            LogCounts {
                outer: 3,
                pages: 1,
                batches: 2,
                subs: 3,
                throttled: 1,
                budget_throttled: 0,
                budget_served: 4,
                server_errors: 0,
                answered_apps: 2,
                answered_twice: 0,
                dropped: 0,
                unanswered: 1,
            }
        );
    }

    /// A scan under a budget and a storm: the budget's 429s take no budget, random 429s and 5xx
    /// did, a dropped list page is logged without a status (and is not "unanswered"), and a job
    /// list read again after the scan's end (the auto-refresh) is not a second answer.
    #[test]
    fn counts_budget_429s_drops_and_reads_after_the_scan() {
        let sub = |app: &str, status: &str, at: u64, extra: &str| {
            format!(
                r#"{{"method":"GET","path":"/v1.0/servicePrincipals/{app}/synchronization/jobs",
                "query":"","graph":true,"status":{status},"atMs":{at},
                "batch":{{"id":"b","requestId":"1"}}{extra}}}"#
            )
        };
        let entries = [
            r#"{"method":"GET","path":"/v1.0/servicePrincipals","graph":true,"status":null,
                "atMs":1000,"note":"fault: dropped connection"}"#
                .to_string(),
            r#"{"method":"GET","path":"/v1.0/servicePrincipals","graph":true,"status":200,
                "atMs":1010}"#
                .to_string(),
            r#"{"method":"POST","path":"/v1.0/$batch","graph":true,"status":200,"atMs":1100}"#
                .to_string(),
            sub("a", "200", 1100, ""),
            sub(
                "b",
                "429",
                1100,
                r#","throttle":"budget","note":"budget: 429""#,
            ),
            sub(
                "c",
                "429",
                1100,
                r#","throttle":"random","note":"fault: 429""#,
            ),
            sub("d", "503", 1100, r#","note":"fault: 503""#),
            sub("e", "502", 1100, r#","note":"fault: 502 html""#),
            r#"{"method":"POST","path":"/v1.0/$batch","graph":true,"status":200,"atMs":3000}"#
                .to_string(),
            sub("b", "200", 3000, ""),
            sub("c", "200", 3000, ""),
            sub("d", "200", 3000, ""),
            sub("e", "200", 3000, ""),
            // Read twice during the scan: a bug.
            sub("a", "200", 3000, ""),
            // The auto-refresh, 15 s after the scan: not the scan's.
            r#"{"method":"POST","path":"/v1.0/$batch","graph":true,"status":200,"atMs":20000}"#
                .to_string(),
            sub("a", "200", 20000, ""),
            sub("b", "200", 20000, ""),
            // The diagnosis reads are not the scan's.
            r#"{"method":"GET","path":"/v1.0/auditLogs/provisioning","graph":true,"status":null,
                "atMs":1500}"#
                .to_string(),
        ];
        let log: Vec<Value> = serde_json::from_str(&format!("[{}]", entries.join(","))).unwrap();
        // The scan took 2.5 s from its first Graph request (at 1000 ms in the log's clock).
        let c = count_log(&log, Some(2_500.0));
        assert_eq!(
            c,
            LogCounts {
                outer: 5,
                pages: 2,
                batches: 3,
                subs: 12,
                throttled: 2,
                budget_throttled: 1,
                // 2 pages + 12 sub-requests, less the budget's one 429.
                budget_served: 13,
                server_errors: 2,
                answered_apps: 5,
                answered_twice: 1,
                dropped: 1,
                unanswered: 0,
            }
        );
        // Without the scan's time every read counts: the refresh's two as well.
        assert_eq!(count_log(&log, None).answered_twice, 3);
    }

    fn result(run: Value, log: LogCounts) -> ScenarioResult {
        ScenarioResult {
            json: serde_json::json!({
                "emulator": {"servicePrincipals": 1000, "jobs": 1079},
                "runs": [run],
            }),
            logs: vec![log],
        }
    }

    /// Under the storm the log may hold one request more per dropped connection than the browser
    /// reported (Chromium sends it again by itself); anywhere else that is a failure.
    #[test]
    fn the_storm_allows_a_resent_dropped_request_and_nothing_else() {
        let run = serde_json::json!({
            "run": 1, "summaryJobs": 1079, "summary": "1,079 jobs",
            "doneText": "Scanned all 1,000 apps", "valueNow": "1000", "valueMax": "1000",
            "graphRequestsSent": 215, "pagesSent": 3, "batchesSent": 212, "problems": [],
        });
        let log = LogCounts {
            outer: 216,
            pages: 4,
            batches: 212,
            subs: 1_320,
            server_errors: 320,
            answered_apps: 1_000,
            dropped: 1,
            ..LogCounts::default()
        };
        let storm = Scenario {
            storm: true,
            runs: 1,
            ..Scenario::plain(1_000, 1)
        };
        assert_eq!(
            verify(&storm, &result(run.clone(), log.clone())),
            Vec::<String>::new()
        );
        let plain = Scenario::plain(1_000, 1);
        let bad = verify(&plain, &result(run.clone(), log.clone()));
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert!(bad[0].contains("the browser sent 215 requests"));
        assert!(bad[1].contains("1 connections were dropped"));
        // Two requests more than the browser sent with one dropped: not explained by the drop.
        let more = LogCounts {
            outer: 217,
            pages: 5,
            ..log.clone()
        };
        assert_eq!(verify(&storm, &result(run.clone(), more)).len(), 1);
        // Fewer in the log than the browser sent: never.
        let fewer = LogCounts {
            outer: 214,
            pages: 2,
            ..log.clone()
        };
        assert_eq!(verify(&storm, &result(run, fewer)).len(), 1);
        // A job list answered twice during the scan, or an answer still missing: failures.
        let twice = LogCounts {
            answered_twice: 1,
            unanswered: 1,
            ..log
        };
        let run = serde_json::json!({
            "run": 1, "summaryJobs": 1079, "summary": "1,079 jobs",
            "doneText": "Scanned all 1,000 apps", "valueNow": "1000", "valueMax": "1000",
            "graphRequestsSent": 216, "pagesSent": 4, "batchesSent": 212, "problems": [],
        });
        assert_eq!(verify(&storm, &result(run, twice)).len(), 2);
    }

    /// A run that timed out is one failure that says where the scan stood.
    #[test]
    fn a_scan_that_timed_out_is_one_failure() {
        let s = Scenario {
            runs: 3,
            ..Scenario::plain(1_000, 3)
        };
        let run = serde_json::json!({
            "run": 1, "timedOut": true, "progressText": "Scanned 139 of 1000 apps",
            "summary": "7 jobs", "summaryJobs": 7,
        });
        let bad = verify(&s, &result(run, LogCounts::default()));
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert!(bad[0].contains("Scanned 139 of 1000 apps"));
        assert!(bad[0].contains("other runs were not made"));
    }
}

//! The provisioning logs' budget: the first page on screen within 1 s of opening the job page's
//! "Provisioning logs" section, at 50 ms latency (issue 14). `tests/bench/logs.mjs` opens the
//! demo tenant's busiest job in headless Chromium, opens the section and times the first row;
//! this side starts the emulator, reads the script's JSON and checks it against the emulator's
//! request log (exactly one `/auditLogs/provisioning` request per opening, never a 429).

use super::scenario::{free_port, read_log, run_node, start_emulator};
use serde_json::Value;
use std::path::Path;

/// The budget: opening → first page of logs on screen.
pub(super) const BUDGET_FIRST_LOGS_MS: f64 = 1_000.0;

/// Per run: opening → first row (ms), and the requests for the logs the emulator logged after
/// the opening (with how many were answered 429).
pub(super) struct LogsRun {
    pub(super) open_to_first_row_ms: f64,
    pub(super) requests: u64,
    pub(super) throttled: u64,
}

/// Runs `tests/bench/logs.mjs` `runs` times against a release emulator serving the demo tenant.
pub(super) fn run(
    emulator: &Path,
    dist: &Path,
    out: &Path,
    runs: usize,
) -> Result<Vec<LogsRun>, String> {
    let port = free_port()?;
    println!("\nbench: provisioning logs ({runs} runs) on port {port}");
    let (_guard, _pid) = start_emulator(emulator, dist, port, super::LATENCY_MS, &[])?;
    let dir = out.join("logs");
    let json = run_node(
        "tests/bench/logs.mjs",
        &[
            "--base",
            &format!("http://127.0.0.1:{port}/"),
            "--runs",
            &runs.to_string(),
        ],
        &dir,
    )?;
    json["runs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|run| {
            let entries = read_log(run["log"].as_str().unwrap_or_default())?;
            let logs: Vec<&Value> = entries
                .iter()
                .filter(|e| {
                    e["path"]
                        .as_str()
                        .is_some_and(|p| p.ends_with("/auditLogs/provisioning"))
                })
                .collect();
            Ok(LogsRun {
                open_to_first_row_ms: run["openToFirstRowMs"]
                    .as_f64()
                    .ok_or("a run without openToFirstRowMs")?,
                requests: logs.len() as u64,
                throttled: logs.iter().filter(|e| e["status"] == 429).count() as u64,
            })
        })
        .collect()
}

/// The bench's own check: every opening sent exactly one logs request, none throttled.
pub(super) fn verify(runs: &[LogsRun]) -> Vec<String> {
    runs.iter()
        .enumerate()
        .filter(|(_, r)| r.requests != 1 || r.throttled != 0)
        .map(|(i, r)| {
            format!(
                "logs run {}: the emulator logged {} logs request(s) after the opening ({} answered 429), expected exactly 1",
                i + 1,
                r.requests,
                r.throttled
            )
        })
        .collect()
}

/// The table "Provisioning logs": opening → first page (median, min, max) against the budget.
pub(super) fn table(runs: &[LogsRun], misses: &mut Vec<String>) -> String {
    let mut xs: Vec<f64> = runs.iter().map(|r| r.open_to_first_row_ms).collect();
    xs.sort_by(f64::total_cmp);
    let Some((min, max)) = xs.first().zip(xs.last()) else {
        return String::new();
    };
    let median = xs[xs.len() / 2];
    let ok = median <= BUDGET_FIRST_LOGS_MS;
    if !ok {
        misses.push(format!(
            "provisioning logs: first page {median:.0} ms after opening"
        ));
    }
    format!(
        "\n### Provisioning logs\n\n\
         Demo tenant, 50 ms latency; the job with the most events; {} runs. \
         Requests: exactly one `/auditLogs/provisioning` per opening (checked).\n\n\
         | measure | median (min–max) | budget | verdict |\n|---|---|---|---|\n\
         | opening the section → first page of logs on screen | {median:.0} ms ({min:.0}–{max:.0}) | {BUDGET_FIRST_LOGS_MS:.0} ms | {} |\n",
        runs.len(),
        super::report::verdict(ok)
    )
}

//! One fleet-scan scenario: its parameters, the protocol minimum and the critical-path bound, and
//! a run of `tests/bench/scan.mjs` against a release emulator started for it.

use super::report::thousands;
use super::verify::{LogCounts, count_log};
use super::{BATCH_SIZE, CONCURRENCY, LATENCY_MS, PAGE_SIZE};
use crate::proc::command;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub(super) struct Scenario {
    pub(super) apps: u64,
    pub(super) throttle_rate: f64,
    pub(super) runs: usize,
    pub(super) keystroke_cycles: usize,
}

impl Scenario {
    pub(super) fn plain(apps: u64, runs: usize) -> Scenario {
        Scenario {
            apps,
            throttle_rate: 0.0,
            runs,
            keystroke_cycles: 0,
        }
    }

    pub(super) fn label(&self) -> String {
        if self.throttle_rate > 0.0 {
            format!(
                "{} apps, {:.0}% throttled",
                thousands(self.apps),
                self.throttle_rate * 100.0
            )
        } else {
            format!("{} apps", thousands(self.apps))
        }
    }

    /// The protocol minimum: ceil(N/999) list pages + ceil(N/20) batches.
    pub(super) fn minimum_requests(&self) -> u64 {
        self.apps.div_ceil(PAGE_SIZE) + self.apps.div_ceil(BATCH_SIZE)
    }

    /// The critical-path bound: pages in sequence + rounds of `CONCURRENCY` batches, times the
    /// round trip (the injected latency).
    pub(super) fn bound_ms(&self) -> f64 {
        self.bound_at_ms(LATENCY_MS as f64, LATENCY_MS as f64)
    }

    /// The same bound with the round trips the browser measured for a list page and a batch.
    pub(super) fn bound_at_ms(&self, page_ms: f64, batch_ms: f64) -> f64 {
        let rounds = self.apps.div_ceil(BATCH_SIZE).div_ceil(CONCURRENCY);
        self.apps.div_ceil(PAGE_SIZE) as f64 * page_ms + rounds as f64 * batch_ms
    }
}

/// What one scenario produced: the script's JSON and the request log counted here.
pub(super) struct ScenarioResult {
    pub(super) json: Value,
    /// Per run: the emulator log's counts.
    pub(super) logs: Vec<LogCounts>,
}

/// Runs a bench script (`node <script> <args> --out <out>`), its progress on stderr, and returns
/// the JSON object it printed last on stdout.
pub(super) fn run_node(script: &str, args: &[&str], out: &Path) -> Result<Value, String> {
    let mut node = command("node");
    node.arg(script)
        .args(args)
        .arg("--out")
        .arg(out)
        .stderr(Stdio::inherit());
    let output = node
        .output()
        .map_err(|e| format!("could not run node: {e}"))?;
    if !output.status.success() {
        return Err(format!("{script} failed"));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or("");
    serde_json::from_str(last).map_err(|e| format!("{script} printed no result ({e})"))
}

/// Reads a request log the bench scripts saved (the emulator's `GET /_emulator/requests`).
pub(super) fn read_log(file: &str) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read the request log {file}: {e}"))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("the request log {file} is not a JSON list: {e}"))
}

pub(super) fn free_port() -> Result<u16, String> {
    (18300..18400)
        .find(|p| TcpListener::bind(("127.0.0.1", *p)).is_ok())
        .ok_or_else(|| "no free port in 18300-18399".to_string())
}

/// The emulator, stopped (by its own pid) when dropped.
pub(super) struct Emulator(Child);

/// Starts the release emulator on `port` with `dist`, a frozen clock, 50 ms of latency and
/// `extra` flags, and waits until it answers; returns its guard and pid.
pub(super) fn start_emulator(
    emulator: &Path,
    dist: &Path,
    port: u16,
    extra: &[&str],
) -> Result<(Emulator, u32), String> {
    let mut c = command(emulator);
    c.args(["--addr", &format!("127.0.0.1:{port}"), "--dist"])
        .arg(dist)
        .args(["--speed", "0", "--latency-ms", &LATENCY_MS.to_string()])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let child = c
        .spawn()
        .map_err(|e| format!("could not start the emulator: {e}"))?;
    let pid = child.id();
    let guard = Emulator(child);
    let started = Instant::now();
    while !healthy(port) {
        if started.elapsed() > Duration::from_secs(30) {
            return Err("the emulator did not answer /_emulator/health within 30 s".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((guard, pid))
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn healthy(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET /_emulator/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200")
}

pub(super) fn run(
    emulator: &Path,
    dist: &Path,
    out: &Path,
    s: &Scenario,
) -> Result<ScenarioResult, String> {
    let port = free_port()?;
    println!("\nbench: {} ({} runs) on port {port}", s.label(), s.runs);
    let (_guard, pid) = start_emulator(
        emulator,
        dist,
        port,
        &[
            "--apps",
            &s.apps.to_string(),
            "--job-share",
            "1",
            "--throttle-rate",
            &s.throttle_rate.to_string(),
        ],
    )?;
    let dir = out.join(format!(
        "scan-{}{}",
        s.apps,
        if s.throttle_rate > 0.0 {
            "-throttled"
        } else {
            ""
        }
    ));
    let json = run_node(
        "tests/bench/scan.mjs",
        &[
            "--base",
            &format!("http://127.0.0.1:{port}/"),
            "--apps",
            &s.apps.to_string(),
            "--runs",
            &s.runs.to_string(),
            "--keystrokes",
            &s.keystroke_cycles.to_string(),
            "--emulator-pid",
            &pid.to_string(),
        ],
        &dir,
    )
    .map_err(|e| format!("{e} ({})", s.label()))?;
    let mut logs = Vec::new();
    for run in json["runs"].as_array().into_iter().flatten() {
        let entries = read_log(run["log"].as_str().unwrap_or_default())?;
        logs.push(count_log(&entries));
    }
    Ok(ScenarioResult { json, logs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimum_and_bound_follow_the_protocol() {
        let s = Scenario::plain(5_000, 1);
        assert_eq!(s.minimum_requests(), 6 + 250);
        // 6 pages + ceil(250 / 4) = 63 rounds, 50 ms each.
        assert_eq!(s.bound_ms(), 69.0 * 50.0);
        let s = Scenario::plain(100, 1);
        assert_eq!(s.minimum_requests(), 1 + 5);
        assert_eq!(s.bound_ms(), 3.0 * 50.0);
        // At measured round trips: 1 page at 60 ms + 2 rounds of batches at 80 ms.
        assert_eq!(s.bound_at_ms(60.0, 80.0), 60.0 + 2.0 * 80.0);
    }
}

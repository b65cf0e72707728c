//! One fleet-scan scenario: its parameters, the protocol minimum and the critical-path bound, and
//! a run of `tests/bench/scan.mjs` against a release emulator started for it.

use super::report::thousands;
use super::verify::{LogCounts, count_log};
use super::{BATCH_SIZE, BUDGET_WINDOW_MS, CONCURRENCY, LATENCY_MS, PAGE_SIZE};
use crate::proc::command;
use serde_json::Value;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// The fault storm (issue 15; the same mix as `tests/e2e/limits.spec.mjs`): 10% of Graph requests
/// answered 503, 10% 500, 5% a 502 HTML page and 5% dropped without an answer (the emulator
/// never drops a `$batch` sub-request, `crates/emulator/src/lib.rs`), at `STORM_LATENCY_MS`.
pub(super) const STORM_FLAGS: [&str; 8] = [
    "--error-503-rate",
    "0.1",
    "--error-500-rate",
    "0.1",
    "--html-error-rate",
    "0.05",
    "--drop-rate",
    "0.05",
];
/// The storm's latency (the 30 ms, not the bench's usual 50 ms).
pub(super) const STORM_LATENCY_MS: u64 = 30;
/// How long `scan.mjs` waits for "Scanned all N apps" in one run: the small scans take seconds;
/// 50,000 apps at 3,500 requests per 10 s need about 150 s of budget alone.
pub(super) const TIMEOUT_MS: u64 = 180_000;
pub(super) const LARGE_TIMEOUT_MS: u64 = 400_000;
/// Above this many apps the truth is the emulator's manifest, not a count app by app
/// (`scan.mjs`, `--truth`).
const COUNTED_TRUTH_MAX_APPS: u64 = 5_000;

#[derive(Debug, Clone)]
pub(super) struct Scenario {
    pub(super) apps: u64,
    /// `--job-share`: the share of the apps that have jobs (1.0: every app is a card).
    pub(super) job_share: f64,
    /// `--latency-ms` of every Graph request and sub-request.
    pub(super) latency_ms: u64,
    /// `--throttle-rate`: the share of requests answered 429 at random.
    pub(super) throttle_rate: f64,
    /// `--rate-limit`: Graph requests per sliding 10 s per token, as Graph's budget (0 = none).
    pub(super) rate_limit: u64,
    /// The fault storm (`STORM_FLAGS`).
    pub(super) storm: bool,
    /// Measure the JS heap after the scan (after a forced garbage collection).
    pub(super) heap: bool,
    pub(super) runs: usize,
    /// Cycles of typing "slack" into the filter and erasing it, after the last run.
    pub(super) keystroke_cycles: usize,
    /// How long one run may take until "Scanned all N apps".
    pub(super) timeout_ms: u64,
}

impl Scenario {
    /// Every app with jobs, 50 ms latency, no fault.
    pub(super) fn plain(apps: u64, runs: usize) -> Scenario {
        Scenario {
            apps,
            job_share: 1.0,
            latency_ms: LATENCY_MS,
            throttle_rate: 0.0,
            rate_limit: 0,
            storm: false,
            heap: false,
            runs,
            keystroke_cycles: 0,
            timeout_ms: TIMEOUT_MS,
        }
    }

    /// A large tenant: `job_share` of the apps with jobs, one run, the long timeout.
    pub(super) fn large(apps: u64, job_share: f64) -> Scenario {
        Scenario {
            job_share,
            timeout_ms: LARGE_TIMEOUT_MS,
            ..Scenario::plain(apps, 1)
        }
    }

    /// The same scenario a tenth the size (apps and budget), for a quick look at the code paths
    /// (`--quick`): the budget's window is still 10 s, so a scan takes as long as the full one.
    pub(super) fn quick(self) -> Scenario {
        Scenario {
            apps: (self.apps / 10).max(1),
            rate_limit: self.rate_limit.div_ceil(10),
            ..self
        }
    }

    /// Whether every app has jobs (`--job-share 1`).
    pub(super) fn every_app_has_jobs(&self) -> bool {
        self.job_share >= 1.0
    }

    /// The scans of the first tables: every app a card, 50 ms latency, no fault, no budget.
    pub(super) fn is_plain(&self) -> bool {
        self.every_app_has_jobs()
            && self.throttle_rate == 0.0
            && self.rate_limit == 0
            && !self.storm
            && !self.heap
            && self.latency_ms == LATENCY_MS
    }

    /// Whether the truth (apps and jobs held) is read from the emulator's manifest: for large
    /// tenants, and whenever a budget or the storm would throttle or break the independent count
    /// (which reads every app's job list one by one).
    pub(super) fn truth_from_manifest(&self) -> bool {
        self.apps > COUNTED_TRUTH_MAX_APPS || self.rate_limit > 0 || self.storm
    }

    /// "5,000 apps", "5,000 apps, 10% throttled", "20,000 apps, 5% with jobs, budget 3,500 per
    /// 10 s", "1,000 apps, fault storm": what `--only` matches.
    pub(super) fn label(&self) -> String {
        let mut l = format!("{} apps", thousands(self.apps));
        if !self.every_app_has_jobs() {
            let _ = write!(l, ", {}% with jobs", percent(self.job_share));
        }
        if self.throttle_rate > 0.0 {
            let _ = write!(l, ", {}% throttled", percent(self.throttle_rate));
        }
        if self.rate_limit > 0 {
            let _ = write!(l, ", budget {} per 10 s", thousands(self.rate_limit));
        }
        if self.storm {
            l.push_str(", fault storm");
        }
        if self.heap {
            l.push_str(", heap and filter");
        }
        l
    }

    /// The directory of its runs below `target/bench` ("scan-5000", "scan-5000-throttled",
    /// "scan-20000-share5-budget3500", ...).
    pub(super) fn slug(&self) -> String {
        let mut d = format!("scan-{}", self.apps);
        if !self.every_app_has_jobs() {
            let _ = write!(d, "-share{}", percent(self.job_share));
        }
        if self.throttle_rate > 0.0 {
            d.push_str("-throttled");
        }
        if self.rate_limit > 0 {
            let _ = write!(d, "-budget{}", self.rate_limit);
        }
        if self.storm {
            d.push_str("-storm");
        }
        if self.heap {
            d.push_str("-heap");
        }
        d
    }

    /// The emulator's flags for this scenario (besides address, dist, clock and latency).
    fn emulator_flags(&self) -> Vec<String> {
        let mut f: Vec<String> = vec![
            "--apps".into(),
            self.apps.to_string(),
            "--job-share".into(),
            self.job_share.to_string(),
            "--throttle-rate".into(),
            self.throttle_rate.to_string(),
        ];
        if self.rate_limit > 0 {
            f.extend(["--rate-limit".into(), self.rate_limit.to_string()]);
        }
        if self.storm {
            f.extend(STORM_FLAGS.iter().map(|s| s.to_string()));
        }
        f
    }

    /// The protocol minimum: ceil(N/999) list pages + ceil(N/20) batches.
    pub(super) fn minimum_requests(&self) -> u64 {
        self.apps.div_ceil(PAGE_SIZE) + self.apps.div_ceil(BATCH_SIZE)
    }

    /// The critical-path bound: pages in sequence + rounds of `CONCURRENCY` batches, times the
    /// round trip (the injected latency).
    pub(super) fn bound_ms(&self) -> f64 {
        self.bound_at_ms(self.latency_ms as f64, self.latency_ms as f64)
    }

    /// The same bound with the round trips the browser measured for a list page and a batch.
    pub(super) fn bound_at_ms(&self, page_ms: f64, batch_ms: f64) -> f64 {
        let rounds = self.apps.div_ceil(BATCH_SIZE).div_ceil(CONCURRENCY);
        self.apps.div_ceil(PAGE_SIZE) as f64 * page_ms + rounds as f64 * batch_ms
    }
}

/// `0.05` → "5", `0.125` → "12.5".
fn percent(share: f64) -> String {
    let p = (share * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{p:.0}")
    } else {
        format!("{p:.1}")
    }
}

/// The time a scan needs at least under a budget of `budget` requests per sliding 10 s: the
/// `requests` the budget served, at the budget's steady rate (budget / 10 s). Graph's own numbers
/// are per 10 s too (https://learn.microsoft.com/en-us/graph/throttling-limits). A client may
/// spend a whole window's budget at once at the start, so a scan can beat this bound by up to
/// one window; it is the rate a long scan can keep. `budget` 0 (none) gives 0.
pub(super) fn budget_bound_ms(requests: u64, budget: u64) -> f64 {
    if budget == 0 {
        return 0.0;
    }
    requests as f64 * BUDGET_WINDOW_MS as f64 / budget as f64
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

/// Starts the release emulator on `port` with `dist`, a frozen clock, `latency_ms` of latency and
/// `extra` flags, and waits until it answers; returns its guard and pid.
pub(super) fn start_emulator(
    emulator: &Path,
    dist: &Path,
    port: u16,
    latency_ms: u64,
    extra: &[String],
) -> Result<(Emulator, u32), String> {
    let mut c = command(emulator);
    c.args(["--addr", &format!("127.0.0.1:{port}"), "--dist"])
        .arg(dist)
        .args(["--speed", "0", "--latency-ms", &latency_ms.to_string()])
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
    println!(
        "\nbench: {} ({} run{}, at most {} s each) on port {port}",
        s.label(),
        s.runs,
        if s.runs == 1 { "" } else { "s" },
        s.timeout_ms / 1000
    );
    let (_guard, pid) = start_emulator(emulator, dist, port, s.latency_ms, &s.emulator_flags())?;
    let dir = out.join(s.slug());
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
            "--timeout-ms",
            &s.timeout_ms.to_string(),
            "--truth",
            if s.truth_from_manifest() {
                "manifest"
            } else {
                "count"
            },
            "--heap",
            if s.heap { "1" } else { "0" },
            "--emulator-pid",
            &pid.to_string(),
        ],
        &dir,
    )
    .map_err(|e| format!("{e} ({})", s.label()))?;
    let mut logs = Vec::new();
    for run in json["runs"].as_array().into_iter().flatten() {
        let entries = read_log(run["log"].as_str().unwrap_or_default())?;
        logs.push(count_log(&entries, scan_ms(run)));
    }
    Ok(ScenarioResult { json, logs })
}

/// A run's scan time: from its first Graph request to the painted frame of "Scanned all N apps"
/// (both in the page's clock, ms since navigation).
pub(super) fn scan_ms(run: &Value) -> Option<f64> {
    Some(run["doneMs"].as_f64()? - run["firstGraphMs"].as_f64()?)
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

    #[test]
    fn budget_bound_is_the_requests_at_the_budgets_rate() {
        // 20,000 job lists + 21 list pages at 3,500 per 10 s: 57.2 s.
        assert_eq!(
            budget_bound_ms(20_021, 3_500),
            20_021.0 * 10_000.0 / 3_500.0
        );
        assert!((budget_bound_ms(20_021, 3_500) - 57_202.857).abs() < 0.001);
        // 50,000 + 51 at 8,000 per 10 s: 62.6 s.
        assert_eq!(budget_bound_ms(50_051, 8_000), 62_563.75);
        // Exactly one window's budget: one window.
        assert_eq!(budget_bound_ms(3_500, 3_500), 10_000.0);
        assert_eq!(budget_bound_ms(100, 0), 0.0);
    }

    #[test]
    fn labels_name_what_only_selects() {
        assert_eq!(Scenario::plain(5_000, 5).label(), "5,000 apps");
        let throttled = Scenario {
            throttle_rate: 0.1,
            ..Scenario::plain(5_000, 3)
        };
        assert_eq!(throttled.label(), "5,000 apps, 10% throttled");
        assert_eq!(throttled.slug(), "scan-5000-throttled");
        let budget = Scenario {
            rate_limit: 3_500,
            ..Scenario::large(20_000, 0.05)
        };
        assert_eq!(
            budget.label(),
            "20,000 apps, 5% with jobs, budget 3,500 per 10 s"
        );
        assert_eq!(budget.slug(), "scan-20000-share5-budget3500");
        assert!(budget.truth_from_manifest() && !budget.is_plain());
        let quick = budget.quick();
        assert_eq!((quick.apps, quick.rate_limit), (2_000, 350));
        assert!(quick.truth_from_manifest());
        let storm = Scenario {
            storm: true,
            latency_ms: STORM_LATENCY_MS,
            ..Scenario::plain(1_000, 3)
        };
        assert_eq!(storm.label(), "1,000 apps, fault storm");
        assert!(storm.truth_from_manifest());
        let flags = storm.emulator_flags().join(" ");
        assert!(flags.contains("--drop-rate 0.05") && !flags.contains("--rate-limit"));
        assert!(Scenario::plain(5_000, 5).is_plain());
        assert!(!Scenario::plain(5_000, 5).truth_from_manifest());
        assert!(Scenario::large(20_000, 0.05).truth_from_manifest());
        assert_eq!(percent(0.125), "12.5");
    }
}

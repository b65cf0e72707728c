//! `cargo xtask test`: every layer, one summary line, non-zero exit on any failure.
//!
//! Layers: `cargo fmt --check`; clippy (native and wasm32) with `-D warnings`; the native tests of
//! the workspace; the wasm-bindgen tests in headless Chromium; the release build; the Playwright
//! end-to-end tests against the emulator (Playwright starts the emulator and stops it).
//!
//! Each layer counts its tests as passed, failed, skipped (cargo's `ignored`, Playwright's
//! `skipped`: not run, so never counted as passed) and flaky (Playwright's `flaky`: failed, then
//! passed on a retry). The summary ends with `N passed, N failed, N skipped, N flaky`. A failure
//! or a flaky test fails the run; a skipped test does not, and is listed by name.

use crate::build;
use crate::proc::{command, run_tee};

/// What one layer contributed to the summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Tests (or checks) that passed.
    pub passed: u32,
    /// Tests (or checks) that failed.
    pub failed: u32,
    /// Tests that were not run (cargo's `ignored`, Playwright's `skipped`).
    pub skipped: u32,
    /// Tests that failed, then passed on a retry (Playwright's `flaky`).
    pub flaky: u32,
    /// The skipped tests by name (with the reason when the runner gives one), as far as the
    /// runner's output names them.
    pub skipped_tests: Vec<String>,
    /// The flaky tests by name.
    pub flaky_tests: Vec<String>,
}

impl Tally {
    fn check(ok: bool) -> Tally {
        Tally {
            passed: u32::from(ok),
            failed: u32::from(!ok),
            ..Tally::default()
        }
    }

    fn add(&mut self, other: &Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
        self.flaky += other.flaky;
    }

    /// A run with a failed or a flaky test fails; skipped tests do not fail it.
    fn fails(&self) -> bool {
        self.failed > 0 || self.flaky > 0
    }
}

pub fn run() -> Result<(), String> {
    let started = std::time::Instant::now();
    crate::setup::ensure()?;
    let mut layers: Vec<(&str, Tally)> = Vec::new();

    let mut c = command("cargo");
    c.args(["fmt", "--all", "--check"]);
    layers.push(("cargo fmt --check", Tally::check(run_tee(c).0)));

    let mut c = command("cargo");
    c.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]);
    layers.push(("clippy (native)", Tally::check(run_tee(c).0)));

    let mut c = command("cargo");
    c.args([
        "clippy",
        "-p",
        "syncdeck",
        "-p",
        "syncdeck-graph",
        "-p",
        "syncdeck-settings",
        "-p",
        "syncdeck-i18n",
        "--all-targets",
        "--locked",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]);
    layers.push(("clippy (wasm32)", Tally::check(run_tee(c).0)));

    let mut c = command("cargo");
    c.args(["test", "--workspace", "--locked"]);
    let (ok, out) = run_tee(c);
    layers.push(("native tests", cargo_tally(ok, &out)));

    let mut c = command("cargo");
    c.args([
        "test",
        "-p",
        "syncdeck",
        "--locked",
        "--target",
        "wasm32-unknown-unknown",
        "--test",
        "web",
    ]);
    let (ok, out) = run_tee(c);
    layers.push((
        "browser tests (wasm-bindgen-test, headless Chromium)",
        cargo_tally(ok, &out),
    ));

    let built = build::release();
    if let Err(e) = &built {
        eprintln!("release build failed: {e}");
    }
    layers.push(("release build (trunk)", Tally::check(built.is_ok())));

    let e2e = if built.is_ok() {
        end_to_end()
    } else {
        eprintln!("end-to-end tests skipped: no release build");
        Tally {
            skipped: 1,
            skipped_tests: vec!["every end-to-end test (no release build)".to_string()],
            ..Tally::default()
        }
    };
    layers.push(("end-to-end tests (Playwright, emulator)", e2e));

    println!();
    print!("{}", summary(&layers));
    println!("took {:.0} s", started.elapsed().as_secs_f64());
    let total = sum(&layers);
    println!("{}", total_line(&total));
    if total.fails() {
        Err(format!(
            "{} failed, {} flaky (a flaky test fails the run too)",
            total.failed, total.flaky
        ))
    } else {
        Ok(())
    }
}

/// The sum of every layer's counts.
fn sum(layers: &[(&str, Tally)]) -> Tally {
    let mut total = Tally::default();
    for (_, t) in layers {
        total.add(t);
    }
    total
}

/// `N passed, N failed, N skipped, N flaky`.
fn total_line(t: &Tally) -> String {
    format!(
        "{} passed, {} failed, {} skipped, {} flaky",
        t.passed, t.failed, t.skipped, t.flaky
    )
}

/// Under `title`, the tests `pick` names in each layer (and how many it counts without a name);
/// nothing when every layer counts none.
fn list(
    s: &mut String,
    title: &str,
    layers: &[(&str, Tally)],
    pick: impl Fn(&Tally) -> (u32, &Vec<String>),
) {
    if layers.iter().all(|(_, t)| pick(t).0 == 0) {
        return;
    }
    s.push_str(&format!("{title}:\n"));
    for (name, t) in layers {
        let (count, names) = pick(t);
        for test in names {
            s.push_str(&format!("  {name}: {test}\n"));
        }
        let unnamed = (count as usize).saturating_sub(names.len());
        if unnamed > 0 {
            s.push_str(&format!(
                "  {name}: {unnamed} more, not named in the output\n"
            ));
        }
    }
}

/// One line per layer, then the skipped and the flaky tests by name.
fn summary(layers: &[(&str, Tally)]) -> String {
    let mut s = String::new();
    for (name, t) in layers {
        s.push_str(&format!(
            "{:>4} passed {:>3} failed {:>3} skipped {:>3} flaky  {name}\n",
            t.passed, t.failed, t.skipped, t.flaky
        ));
    }
    list(
        &mut s,
        "skipped (not run; not counted as passed)",
        layers,
        |t| (t.skipped, &t.skipped_tests),
    );
    list(
        &mut s,
        "flaky (failed, then passed on a retry; fails the run)",
        layers,
        |t| (t.flaky, &t.flaky_tests),
    );
    s
}

fn end_to_end() -> Tally {
    let emulator = match build::emulator() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return Tally::check(false);
        }
    };
    let report = crate::root().join("target/e2e-report.json");
    let _ = std::fs::remove_file(&report);
    // The token-mode emulator, the OpenID Connect server, the emulator that enforces its tokens.
    let ports = free_ports::<3>();
    let mut c = command(crate::root().join("node_modules/.bin/playwright"));
    c.args([
        "test",
        "--config",
        "tests/e2e/playwright.config.mjs",
        "--reporter=list,json",
    ])
    .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report)
    .env("EMULATOR_BIN", &emulator)
    .env("SYNCDECK_DIST", crate::root().join("dist"))
    .env("E2E_PORT", ports[0].to_string())
    .env("E2E_OIDC_PORT", ports[1].to_string())
    .env("E2E_AUTH_PORT", ports[2].to_string());
    let (ok, _) = run_tee(c);
    let json = std::fs::read_to_string(&report).unwrap_or_default();
    playwright_tally(ok, &json)
}

/// `N` distinct ports that were free a moment ago (all bound at once, so they differ), for the
/// servers of the end-to-end run.
fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: Vec<Option<std::net::TcpListener>> = (0..N)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0").ok())
        .collect();
    std::array::from_fn(|i| {
        listeners[i]
            .as_ref()
            .and_then(|l| l.local_addr().ok())
            .map_or(18080 + i as u16, |a| a.port())
    })
}

/// Sums the `test result:` lines of `cargo test`; `ignored` counts as skipped, and the ignored
/// tests are named from their `test <name> ... ignored[, <reason>]` lines. A failed run that
/// reported no failing test (a build error, a crashed runner) counts as one failure.
pub fn cargo_tally(ok: bool, output: &str) -> Tally {
    let mut t = Tally::default();
    for line in output.lines() {
        if let Some((name, result)) = line
            .trim()
            .strip_prefix("test ")
            .and_then(|rest| rest.split_once(" ... "))
        {
            if result == "ignored" {
                t.skipped_tests.push(name.to_string());
            } else if let Some(reason) = result.strip_prefix("ignored, ") {
                t.skipped_tests.push(format!("{name} ({reason})"));
            }
            continue;
        }
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        for part in rest.split(';') {
            let words: Vec<&str> = part.split_whitespace().collect();
            let n = |w: &str| w.parse::<u32>().ok();
            match words.as_slice() {
                [.., n_, "passed"] => t.passed += n(n_).unwrap_or(0),
                [n_, "failed"] => t.failed += n(n_).unwrap_or(0),
                [n_, "ignored"] => t.skipped += n(n_).unwrap_or(0),
                _ => {}
            }
        }
    }
    if !ok && t.failed == 0 {
        t.failed = 1;
    }
    t
}

/// Reads Playwright's JSON report: `stats.expected` passed, `unexpected` failed, `skipped` and
/// `flaky` apart; the skipped and flaky tests are named from the report's suites. A failed run
/// that reported no failing test (no report, a crashed server) counts as one failure.
pub fn playwright_tally(ok: bool, report: &str) -> Tally {
    let report = serde_json::from_str::<serde_json::Value>(report).unwrap_or_default();
    let get = |k: &str| report["stats"][k].as_u64().unwrap_or(0) as u32;
    let mut t = Tally {
        passed: get("expected"),
        failed: get("unexpected"),
        skipped: get("skipped"),
        flaky: get("flaky"),
        ..Tally::default()
    };
    for suite in report["suites"].as_array().into_iter().flatten() {
        name_tests(suite, &[], &mut t);
    }
    if !ok && t.failed == 0 {
        t.failed = 1;
    }
    t
}

/// Walks a report suite (a file, or a `describe` inside it) and names its skipped and flaky tests
/// `file › describe › title` (with ` [project]` when the test runs in a named project).
fn name_tests(suite: &serde_json::Value, path: &[&str], t: &mut Tally) {
    let mut path = path.to_vec();
    if let Some(title) = suite["title"].as_str().filter(|s| !s.is_empty()) {
        path.push(title);
    }
    for spec in suite["specs"].as_array().into_iter().flatten() {
        let title = spec["title"].as_str().unwrap_or("?");
        for test in spec["tests"].as_array().into_iter().flatten() {
            let mut name = path
                .iter()
                .copied()
                .chain([title])
                .collect::<Vec<_>>()
                .join(" › ");
            if let Some(project) = test["projectName"].as_str().filter(|p| !p.is_empty()) {
                name.push_str(&format!(" [{project}]"));
            }
            match test["status"].as_str() {
                Some("skipped") => t.skipped_tests.push(name),
                Some("flaky") => t.flaky_tests.push(name),
                _ => {}
            }
        }
    }
    for child in suite["suites"].as_array().into_iter().flatten() {
        name_tests(child, &path, t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(passed: u32, failed: u32, skipped: u32, flaky: u32) -> (u32, u32, u32, u32) {
        (passed, failed, skipped, flaky)
    }

    fn of(t: &Tally) -> (u32, u32, u32, u32) {
        (t.passed, t.failed, t.skipped, t.flaky)
    }

    #[test]
    fn sums_cargo_test_results_and_counts_a_broken_build() {
        let out = "running 3 tests\n\
                   test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
                   test result: FAILED. 5 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out\n";
        assert_eq!(of(&cargo_tally(false, out)), counts(8, 2, 1, 0));
        assert_eq!(
            cargo_tally(false, "error[E0425]: cannot find value"),
            Tally {
                failed: 1,
                ..Tally::default()
            }
        );
        assert_eq!(
            cargo_tally(true, "test result: ok. 0 passed; 0 failed;"),
            Tally::default()
        );
    }

    #[test]
    fn counts_cargo_ignored_tests_as_skipped_and_names_them() {
        let out = "running 3 tests\n\
                   test deploy_samples::nginx::nginx_conf_text_has_the_policy_fallback_and_rules ... ok\n\
                   test deploy_samples::nginx_run::nginx_serves_the_sample_for_real ... ignored, nginx is not installed\n\
                   test slow::one ... ignored\n\
                   \n\
                   test result: ok. 1 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.01s\n";
        let t = cargo_tally(true, out);
        assert_eq!(of(&t), counts(1, 0, 2, 0));
        assert_eq!(
            t.skipped_tests,
            [
                "deploy_samples::nginx_run::nginx_serves_the_sample_for_real (nginx is not installed)",
                "slow::one"
            ]
        );
        // Skipped tests do not fail the run.
        assert!(!t.fails());
    }

    #[test]
    fn reads_playwright_stats() {
        let json = r#"{"suites":[],"stats":{"expected":4,"unexpected":1,"flaky":1,"skipped":2}}"#;
        assert_eq!(of(&playwright_tally(false, json)), counts(4, 1, 2, 1));
        assert_eq!(of(&playwright_tally(false, "")), counts(0, 1, 0, 0));
        assert_eq!(
            of(&playwright_tally(true, r#"{"stats":{"expected":3}}"#)),
            counts(3, 0, 0, 0)
        );
    }

    /// A Playwright report in the shape of `JSONReport` (node_modules/playwright/types/testReporter.d.ts).
    const REPORT: &str = r#"{
        "stats": {"expected": 2, "unexpected": 0, "flaky": 1, "skipped": 1},
        "suites": [{
            "title": "signin.spec.mjs", "file": "signin.spec.mjs",
            "specs": [
                {"title": "redirect sign-in", "tests": [{"projectName": "", "status": "expected"}]},
                {"title": "popup sign-in", "tests": [{"projectName": "", "status": "flaky"}]}
            ],
            "suites": [{
                "title": "renewal", "file": "signin.spec.mjs",
                "specs": [
                    {"title": "expired token", "tests": [{"projectName": "", "status": "expected"}]},
                    {"title": "needs a second tenant",
                     "tests": [{"projectName": "chromium", "status": "skipped"}]}
                ]
            }]
        }]
    }"#;

    #[test]
    fn a_flaky_playwright_test_fails_the_run_and_is_named() {
        // Playwright exits 0 when a test passed on a retry; the run must fail anyway.
        let t = playwright_tally(true, REPORT);
        assert_eq!(of(&t), counts(2, 0, 1, 1));
        assert_eq!(t.flaky_tests, ["signin.spec.mjs › popup sign-in"]);
        assert_eq!(
            t.skipped_tests,
            ["signin.spec.mjs › renewal › needs a second tenant [chromium]"]
        );
        assert!(t.fails());
        let layers = [("clippy", Tally::check(true)), ("end-to-end", t)];
        let total = sum(&layers);
        assert!(total.fails());
        assert_eq!(total_line(&total), "3 passed, 0 failed, 1 skipped, 1 flaky");
    }

    #[test]
    fn the_summary_counts_skipped_apart_and_lists_them() {
        let native = Tally {
            passed: 20,
            skipped: 2,
            skipped_tests: vec!["nginx_serves_the_sample_for_real (nginx is not installed)".into()],
            ..Tally::default()
        };
        let layers = [
            ("cargo fmt --check", Tally::check(true)),
            ("native tests", native),
        ];
        let total = sum(&layers);
        assert_eq!(
            total_line(&total),
            "21 passed, 0 failed, 2 skipped, 0 flaky"
        );
        assert!(!total.fails());
        assert_eq!(
            summary(&layers),
            "   1 passed   0 failed   0 skipped   0 flaky  cargo fmt --check\n\
             \x20 20 passed   0 failed   2 skipped   0 flaky  native tests\n\
             skipped (not run; not counted as passed):\n\
             \x20 native tests: nginx_serves_the_sample_for_real (nginx is not installed)\n\
             \x20 native tests: 1 more, not named in the output\n"
        );
        // A failure fails the run; nothing skipped, nothing listed.
        let layers = [("clippy (native)", Tally::check(false))];
        assert!(sum(&layers).fails());
        assert!(!summary(&layers).contains("skipped ("));
    }
}

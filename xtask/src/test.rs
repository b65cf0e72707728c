//! `cargo xtask test`: every layer, one summary line, non-zero exit on any failure.
//!
//! Layers: `cargo fmt --check`; clippy (native and wasm32) with `-D warnings`; the native tests of
//! the workspace; the wasm-bindgen tests in headless Chromium; the release build; the Playwright
//! end-to-end tests against the emulator (Playwright starts the emulator and stops it).

use crate::build;
use crate::proc::{command, run_tee};

/// What one layer contributed to the summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Tests (or checks) that passed.
    pub passed: u32,
    /// Tests (or checks) that failed.
    pub failed: u32,
}

impl Tally {
    fn check(ok: bool) -> Tally {
        if ok {
            Tally {
                passed: 1,
                failed: 0,
            }
        } else {
            Tally {
                passed: 0,
                failed: 1,
            }
        }
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
        Tally::check(false)
    };
    layers.push(("end-to-end tests (Playwright, emulator)", e2e));

    println!();
    let mut total = Tally::default();
    for (name, t) in &layers {
        println!("{:>4} passed {:>3} failed  {name}", t.passed, t.failed);
        total.passed += t.passed;
        total.failed += t.failed;
    }
    println!("took {:.0} s", started.elapsed().as_secs_f64());
    println!("{} passed, {} failed", total.passed, total.failed);
    if total.failed == 0 {
        Ok(())
    } else {
        Err(format!("{} failed", total.failed))
    }
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

/// Sums the `test result:` lines of `cargo test`. A failed run that reported no failing test
/// (a build error, a crashed runner) counts as one failure.
pub fn cargo_tally(ok: bool, output: &str) -> Tally {
    let mut t = Tally::default();
    for line in output.lines() {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        for part in rest.split(';') {
            let words: Vec<&str> = part.split_whitespace().collect();
            let n = |w: &str| w.parse::<u32>().ok();
            match words.as_slice() {
                [.., n_, "passed"] => t.passed += n(n_).unwrap_or(0),
                [n_, "failed"] => t.failed += n(n_).unwrap_or(0),
                _ => {}
            }
        }
    }
    if !ok && t.failed == 0 {
        t.failed = 1;
    }
    t
}

/// Reads Playwright's JSON report stats (`expected`, `unexpected`, `flaky`).
pub fn playwright_tally(ok: bool, report: &str) -> Tally {
    let stats = serde_json::from_str::<serde_json::Value>(report)
        .ok()
        .and_then(|v| v.get("stats").cloned());
    let get = |k: &str| {
        stats
            .as_ref()
            .and_then(|s| s.get(k))
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0) as u32
    };
    let mut t = Tally {
        passed: get("expected") + get("flaky"),
        failed: get("unexpected"),
    };
    if !ok && t.failed == 0 {
        t.failed = 1;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_cargo_test_results_and_counts_a_broken_build() {
        let out = "running 3 tests\n\
                   test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
                   test result: FAILED. 5 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out\n";
        assert_eq!(
            cargo_tally(false, out),
            Tally {
                passed: 8,
                failed: 2
            }
        );
        assert_eq!(
            cargo_tally(false, "error[E0425]: cannot find value"),
            Tally {
                passed: 0,
                failed: 1
            }
        );
        assert_eq!(
            cargo_tally(true, "test result: ok. 0 passed; 0 failed;"),
            Tally::default()
        );
    }

    #[test]
    fn reads_playwright_stats() {
        let json = r#"{"suites":[],"stats":{"expected":4,"unexpected":1,"flaky":1,"skipped":0}}"#;
        assert_eq!(
            playwright_tally(false, json),
            Tally {
                passed: 5,
                failed: 1
            }
        );
        assert_eq!(
            playwright_tally(false, ""),
            Tally {
                passed: 0,
                failed: 1
            }
        );
        assert_eq!(
            playwright_tally(true, r#"{"stats":{"expected":3}}"#),
            Tally {
                passed: 3,
                failed: 0
            }
        );
    }
}

//! `cargo xtask <command>`: the project's one entry point.
//!
//! - `setup`: install what the build and the tests need (idempotent; says what it installs).
//! - `build`: release build of the app into `dist/` (trunk + the CSP post-build step).
//! - `demo`: setup, build, then serve `dist/` and the demo tenant on http://127.0.0.1:8080.
//! - `test`: every check and test layer, ending with one `N passed, N failed, N skipped, N flaky`
//!   line.
//! - `bench`: the performance budgets, measured; writes `BENCHMARKS.md`.

mod bench;
mod build;
mod deploy_samples;
mod nginx_binary;
mod proc;
mod setup;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <setup|build|demo|test|bench>

  setup   install the toolchain pieces that are missing (wasm32 target, trunk, wasm-bindgen-cli,
          npm packages incl. wasm-opt, MSAL and Playwright, Debian's chromium + chromedriver
          and nginx, with the system service its package starts stopped and disabled)
  build   release build of the app into dist/
  demo    build, then serve the app and the demo tenant on http://127.0.0.1:8080 (Ctrl-C stops)
          options: --addr <ip:port>; after `--`, options for the emulator
          (see `target/debug/syncdeck-emulator --help`: faults, --apps N, --speed ...)
  test    fmt, clippy, native tests, browser tests, release build, end-to-end tests; ends with
          N passed, N failed, N skipped, N flaky (a failed or flaky test fails the run)
  bench   release build, first-load sizes, fleet scans of 100/1,000/5,000 apps and the filter
          in headless Chromium against the emulator; prints and writes BENCHMARKS.md
          options: --runs N (default 5), --sizes-only, --no-write";

/// The workspace root (the parent of this crate's directory).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run(),
        Some("build") => setup::ensure().and_then(|_| build::release()),
        Some("demo") => demo(&args[1..]),
        Some("test") => test::run(),
        Some("bench") => bench::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn demo(args: &[String]) -> Result<(), String> {
    let mut addr = "127.0.0.1:8080".to_string();
    // The demo shows every kind of failure too: one app whose jobs answer 403.
    let mut emulator_args = vec!["--forbidden-app".to_string()];
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--addr" => addr = it.next().ok_or("--addr needs a value")?.clone(),
            "--" => emulator_args.extend(it.by_ref().cloned()),
            other => {
                return Err(format!(
                    "unknown demo option {other} (emulator options go after --)"
                ));
            }
        }
    }
    setup::ensure()?;
    build::release()?;
    let emulator = build::emulator()?;
    println!();
    println!("syncdeck demo: open http://{addr}/ (Ctrl-C stops the emulator)");
    let dist = root().join("dist");
    let status = proc::command(&emulator)
        .args(["--addr", &addr, "--dist"])
        .arg(&dist)
        .args(&emulator_args)
        .status()
        .map_err(|e| format!("could not start the emulator: {e}"))?;
    // Ctrl-C reaches the emulator too (same process group); it shuts down cleanly.
    if status.success() || status.code().is_none() || status.code() == Some(130) {
        Ok(())
    } else {
        Err(format!("the emulator stopped with {status}"))
    }
}

//! `cargo xtask setup`: installs what is missing, and nothing else.
//!
//! Every check is cheap, so a second run finishes in seconds and installs nothing. Versions are
//! pinned: trunk 0.21.14 (0.22 needs a newer rustc), wasm-bindgen-cli exactly equal to the
//! `wasm-bindgen` in Cargo.lock, wasm-opt from the npm package `binaryen` (never Debian's, whose
//! version 108 produces a wasm that crashes), Chromium, chromedriver and nginx from Debian's
//! packages. nginx is only for the test that serves the nginx deployment sample
//! (`src/deploy_samples/nginx_run.rs`), which starts its own; the system service the package
//! starts and enables is stopped and disabled right after the install ([`quiet_system_nginx`]).

use crate::nginx_binary;
use crate::proc::{self, cargo_bin, command, version_of, which};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The trunk release that builds with this machine's rustc (1.95).
pub const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// `cargo xtask setup`: check everything, install what is missing, report each item.
pub fn run() -> Result<(), String> {
    let installed = install_missing(true)?;
    if installed.is_empty() {
        println!("setup: everything was already installed");
    } else {
        println!("setup: installed {}", installed.join(", "));
    }
    Ok(())
}

/// Called by `build`, `demo` and `test`: installs what is missing, silent when nothing is.
pub fn ensure() -> Result<(), String> {
    install_missing(false).map(|_| ())
}

fn install_missing(verbose: bool) -> Result<Vec<String>, String> {
    let mut installed = Vec::new();
    let mut step = |name: &str, present: bool, install: &dyn Fn() -> Result<(), String>| {
        if present {
            if verbose {
                println!("setup: ok        {name}");
            }
            return Ok(());
        }
        println!("setup: installing {name}");
        install()?;
        installed.push(name.to_string());
        Ok::<(), String>(())
    };

    step(
        &format!("rust target {WASM_TARGET}"),
        wasm_target_installed(),
        &|| proc::run(rustup(&["target", "add", WASM_TARGET])),
    )?;

    step(
        "chromium + chromedriver (Debian packages)",
        Path::new("/usr/bin/chromium").is_file() && Path::new("/usr/bin/chromedriver").is_file(),
        &|| apt_install(&["chromium", "chromium-driver"]),
    )?;

    step(
        "nginx (Debian package, for the nginx deployment test; no system service left running)",
        nginx_runs(),
        &|| {
            apt_install(&["nginx"])?;
            quiet_system_nginx()?;
            if !nginx_runs() {
                println!(
                    "setup: note: nginx is installed but `nginx -v` fails; the nginx deployment \
                     test will be reported as skipped"
                );
            }
            Ok(())
        },
    )?;

    step(
        "node + npm (Debian packages)",
        which("node").is_some() && which("npm").is_some(),
        &|| apt_install(&["nodejs", "npm"]),
    )?;

    step(
        &format!("trunk {TRUNK_VERSION}"),
        tool_version("trunk").as_deref() == Some(&format!("trunk {TRUNK_VERSION}")),
        &|| {
            let mut c = command("cargo");
            c.args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]);
            proc::run(c)
        },
    )?;

    let wb = wasm_bindgen_version()?;
    step(
        &format!("wasm-bindgen-cli {wb} (equal to Cargo.lock)"),
        tool_version("wasm-bindgen").as_deref() == Some(&format!("wasm-bindgen {wb}"))
            && tool_version("wasm-bindgen-test-runner").is_some(),
        &|| {
            // Not --locked: its lockfile pins a webpki-roots release the registry here lacks.
            let mut c = command("cargo");
            c.args(["install", "--force", "wasm-bindgen-cli", "--version", &wb]);
            proc::run(c)
        },
    )?;

    step(
        "npm packages (npm ci: @azure/msal-browser, @playwright/test, binaryen's wasm-opt, oauth2-mock-server)",
        npm_packages_current(),
        &|| {
            let mut c = command("npm");
            c.args(["ci", "--no-audit", "--no-fund"]);
            proc::run(c)
        },
    )?;
    Ok(installed)
}

fn rustup(args: &[&str]) -> Command {
    let mut c = command("rustup");
    c.args(args);
    c
}

fn wasm_target_installed() -> bool {
    rustup(&["target", "list", "--installed"])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == WASM_TARGET)
        })
        .unwrap_or(false)
}

/// The installed version of a cargo-installed tool, looked up in cargo's bin dir first.
fn tool_version(name: &str) -> Option<String> {
    let p = cargo_bin().join(name);
    let p = if p.is_file() { p } else { which(name)? };
    version_of(&p)
}

/// The `wasm-bindgen` version in Cargo.lock, which the CLI must equal.
pub fn wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(crate::root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    lock_version(&lock, "wasm-bindgen")
        .ok_or_else(|| "Cargo.lock has no wasm-bindgen package".to_string())
}

/// The version of package `name` in a Cargo.lock text.
fn lock_version(lock: &str, name: &str) -> Option<String> {
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == format!("name = \"{name}\"") {
            let v = lines.next()?.trim();
            return v
                .strip_prefix("version = \"")
                .and_then(|v| v.strip_suffix('"'))
                .map(str::to_string);
        }
    }
    None
}

/// `npm ci` leaves `node_modules/.package-lock.json`; it is current when it is at least as new as
/// `package-lock.json` and the pinned tools are present.
fn npm_packages_current() -> bool {
    let root = crate::root();
    let hidden = root.join("node_modules/.package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = match (modified(&hidden), modified(&root.join("package-lock.json"))) {
        (Some(h), Some(l)) => h >= l,
        _ => false,
    };
    fresh
        && root.join("node_modules/.bin/wasm-opt").exists()
        && root.join("node_modules/.bin/playwright").exists()
        && root
            .join("node_modules/oauth2-mock-server/package.json")
            .is_file()
        && root
            .join("node_modules/@azure/msal-browser/lib/msal-browser.min.js")
            .is_file()
}

/// `args` as a command run as root: directly when this is root, else with password-less sudo.
fn as_root(args: &[&str]) -> Command {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let prefix: &[&str] = if is_root { &[] } else { &["sudo", "-n"] };
    let all: Vec<&str> = prefix.iter().chain(args).copied().collect();
    let mut c = command(all[0]);
    c.args(&all[1..]);
    c
}

/// Installs Debian packages with apt-get (as root, or with password-less sudo).
pub fn apt_install(packages: &[&str]) -> Result<(), String> {
    let apt = |args: &[&str]| {
        let mut c = as_root(args);
        c.env("DEBIAN_FRONTEND", "noninteractive");
        proc::run(c)
    };
    apt(&["apt-get", "update", "-qq"])
        .and_then(|_| {
            let mut args = vec!["apt-get", "install", "-y", "-qq", "--no-install-recommends"];
            args.extend(packages);
            apt(&args)
        })
        .map_err(|e| {
            format!(
                "could not install {} with apt-get ({e}); install them as root: apt-get install {}",
                packages.join(" "),
                packages.join(" ")
            )
        })
}

/// An `nginx` that runs, where the test looks for one ([`nginx_binary`]).
fn nginx_runs() -> bool {
    nginx_binary::find().is_some_and(|n| nginx_binary::runs(&n))
}

/// Runs `cmd` without showing what it prints; whether it succeeded.
fn quietly(mut cmd: Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// After `apt-get install nginx`: no system nginx left running or starting at boot.
///
/// Debian 12's packages do both. The postinst of `nginx` runs `invoke-rc.d nginx start` unless a
/// server already listens on port 80 or `/usr/sbin/policy-rc.d` forbids it (as in most
/// containers); that starts the default site on port 80 of every address (systemd's
/// `nginx.service`, or `/etc/init.d/nginx` without systemd). The postinst of `nginx-common`
/// enables the service at boot (`update-rc.d nginx defaults`, `deb-systemd-helper enable`).
/// The tests need neither: they start their own nginx on 127.0.0.1 with their own configuration.
fn quiet_system_nginx() -> Result<(), String> {
    if quietly(as_root(&["update-rc.d", "nginx", "disable"])) {
        println!("setup: nginx: disabled the system service at boot (update-rc.d nginx disable)");
    } else {
        println!(
            "setup: note: `update-rc.d nginx disable` failed; the nginx system service may start \
             at boot (the tests do not need it)"
        );
    }
    if !system_nginx_running() {
        println!("setup: nginx: the package left no system service running");
        return Ok(());
    }
    let mut how = "service nginx stop";
    quietly(as_root(&["service", "nginx", "stop"]));
    if !stopped_within(Duration::from_secs(5)) {
        how = "nginx -s quit";
        quietly(as_root(&["/usr/sbin/nginx", "-s", "quit"]));
        if !stopped_within(Duration::from_secs(10)) {
            return Err(
                "the nginx package started its system service on port 80 and neither \
                 `service nginx stop` nor `nginx -s quit` stopped it; stop it as root"
                    .to_string(),
            );
        }
    }
    println!(
        "setup: nginx: the package had started its system service on port 80; stopped it ({how})"
    );
    Ok(())
}

/// Whether the system nginx runs: its service says so, or the pid file of Debian's
/// `/etc/nginx/nginx.conf` names a live nginx process.
fn system_nginx_running() -> bool {
    let pid_alive = std::fs::read_to_string("/run/nginx.pid")
        .ok()
        .and_then(|p| p.trim().parse::<u32>().ok())
        .and_then(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).ok())
        .is_some_and(|comm| comm.trim() == "nginx");
    pid_alive || quietly(as_root(&["service", "nginx", "status"]))
}

/// Whether the system nginx is gone within `limit`.
fn stopped_within(limit: Duration) -> bool {
    let started = Instant::now();
    while system_nginx_running() {
        if started.elapsed() > limit {
            return false;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::lock_version;

    #[test]
    fn reads_a_package_version_from_a_lockfile() {
        let lock = "[[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.50\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\nsource = \"x\"\n";
        assert_eq!(
            lock_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            lock_version(lock, "wasm-bindgen-futures").as_deref(),
            Some("0.4.50")
        );
        assert_eq!(lock_version(lock, "leptos"), None);
    }
}

#[cfg(test)]
mod pins {
    use super::lock_version;

    /// Trunk.toml's wasm-bindgen pin, Cargo.lock and the wasm-bindgen-test crate must move together
    /// (a mismatch is a download attempt or a schema-version error in the browser tests).
    #[test]
    fn trunk_pin_matches_cargo_lock() {
        let root = crate::root();
        let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
        let trunk = std::fs::read_to_string(root.join("Trunk.toml")).unwrap();
        let wb = lock_version(&lock, "wasm-bindgen").unwrap();
        assert!(
            trunk.contains(&format!("wasm_bindgen = \"{wb}\"")),
            "Trunk.toml [tools] wasm_bindgen must be \"{wb}\" (Cargo.lock)"
        );
        let shared = lock_version(&lock, "wasm-bindgen-test-shared");
        if let Some(shared) = shared {
            assert_eq!(shared, wb, "wasm-bindgen-test must match wasm-bindgen {wb}");
        }
    }
}

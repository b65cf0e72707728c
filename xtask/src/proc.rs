//! Running child processes with the project's tool paths, and capturing what they print.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;

/// `~/.cargo/bin` (or `$CARGO_HOME/bin`).
pub fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo")
        });
    home.join("bin")
}

/// PATH with the project's npm tools (wasm-opt from `binaryen`) and cargo's bin first, so trunk
/// finds the pinned wasm-opt and never Debian's.
pub fn tool_path() -> std::ffi::OsString {
    let mut parts = vec![crate::root().join("node_modules/.bin"), cargo_bin()];
    if let Some(p) = std::env::var_os("PATH") {
        parts.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(parts).expect("PATH entries contain no separator")
}

/// A command run from the workspace root with the tool PATH and the environment every step needs.
pub fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = Command::new(program);
    c.current_dir(crate::root())
        .env("PATH", tool_path())
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("CHROMEDRIVER", "/usr/bin/chromedriver");
    c
}

/// Find an executable on the tool PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&tool_path())
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// First line of `<program> --version`, if it runs.
pub fn version_of(program: &Path) -> Option<String> {
    let out = Command::new(program).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().next().map(|l| l.trim().to_string())
}

/// Runs `cmd`, echoing its stdout and stderr as they come, and returns (success, everything printed).
pub fn run_tee(mut cmd: Command) -> (bool, String) {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return (
                false,
                format!("could not start {:?}: {e}", cmd.get_program()),
            );
        }
    };
    let err = child.stderr.take().expect("stderr is piped");
    let err_thread = thread::spawn(move || tee(err, true));
    let out = tee(child.stdout.take().expect("stdout is piped"), false);
    let err = err_thread.join().unwrap_or_default();
    let ok = child.wait().map(|s| s.success()).unwrap_or(false);
    (ok, format!("{out}{err}"))
}

fn tee(stream: impl Read, to_stderr: bool) -> String {
    let mut all = String::new();
    for line in BufReader::new(stream).lines().map_while(Result::ok) {
        if to_stderr {
            let _ = writeln!(std::io::stderr(), "{line}");
        } else {
            let _ = writeln!(std::io::stdout(), "{line}");
        }
        all.push_str(&line);
        all.push('\n');
    }
    all
}

/// Runs `cmd` with inherited output; Ok if it exits with success.
pub fn run(mut cmd: Command) -> Result<(), String> {
    let what = format!("{:?}", cmd.get_program());
    let status = cmd
        .status()
        .map_err(|e| format!("could not start {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed with {status}"))
    }
}

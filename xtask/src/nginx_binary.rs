//! The `nginx` of the test that serves the nginx deployment sample for real
//! (`src/deploy_samples/nginx_run.rs`): where it is looked for, and whether it runs.
//!
//! One lookup for the build script (`xtask/build.rs`, which decides whether the test runs) and
//! for `cargo xtask setup` (`src/setup.rs`, which installs nginx when it is missing), so that
//! setup finds nginx exactly where the test will. A build script cannot use the crate it builds:
//! `build.rs` includes this file with `#[path]`, the crate declares it as a module.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where Debian and a local install put programs; `/usr/sbin` is often not on a user's PATH.
pub const STANDARD_DIRS: [&str; 4] = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"];

/// The first `nginx` file in PATH's absolute directories, then in [`STANDARD_DIRS`].
pub fn find() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .filter(|d| d.is_absolute())
        .chain(STANDARD_DIRS.iter().map(PathBuf::from))
        .map(|d| d.join("nginx"))
        .find(|p| p.is_file())
}

/// `nginx -v` exits with success (it prints its version on stderr).
pub fn runs(nginx: &Path) -> bool {
    Command::new(nginx)
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

//! Build script of xtask (not `src/build.rs`, the app's release build): looks for an `nginx` that
//! runs, for the test that serves the nginx deployment sample for real
//! (`src/deploy_samples/nginx_run.rs`), as `src/nginx_binary.rs` says (shared with `setup`).
//!
//! libtest has no way for a test to skip itself at run time, and a test that returns early is
//! reported as passed. So the decision is made here: without a working nginx the test is compiled
//! `#[ignore]` (reported as ignored, counted as skipped by `cargo xtask test`), and with one it
//! runs the binary found here (`XTASK_NGINX`). `cargo xtask setup` installs Debian's `nginx`.
//!
//! Cargo runs this again when the binary found changes or, while none is found, when a file is
//! added to or removed from one of the standard directories of programs (a rerun-if-changed
//! directory counts its own modification time).

use std::path::Path;

#[path = "src/nginx_binary.rs"]
mod nginx_binary;

use nginx_binary::{STANDARD_DIRS, find, runs};

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/nginx_binary.rs");
    println!("cargo::rustc-check-cfg=cfg(xtask_nginx, values(\"missing\", \"broken\"))");
    match find() {
        Some(nginx) => {
            println!("cargo::rerun-if-changed={}", nginx.display());
            if runs(&nginx) {
                println!("cargo::rustc-env=XTASK_NGINX={}", nginx.display());
            } else {
                println!("cargo::rustc-cfg=xtask_nginx=\"broken\"");
            }
        }
        None => {
            for dir in STANDARD_DIRS.iter().map(Path::new).filter(|d| d.is_dir()) {
                println!("cargo::rerun-if-changed={}", dir.display());
            }
            println!("cargo::rustc-cfg=xtask_nginx=\"missing\"");
        }
    }
}

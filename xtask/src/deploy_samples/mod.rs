//! Tests of the deployment samples in `deploy/` (docs/deploy.md): each one must serve exactly the
//! headers of `syncdeck_graph::csp` for the global cloud.
//!
//! - Azure Static Web Apps, Cloudflare Pages / Netlify `_headers`: the files are parsed and the
//!   host's documented matching rules are applied to every kind of path the app serves.
//! - CloudFront: the response headers policies are parsed; `s3-upload.sh` runs with a fake
//!   `aws` command and its Cache-Control per file is checked.
//! - GitHub Pages: `prepare.sh` runs on a small dist/ and its output is checked.
//! - nginx: the config is checked as text, and served for real by an nginx the test starts on
//!   127.0.0.1 and queries. `cargo xtask setup` installs Debian's `nginx`; where none runs, that
//!   test is compiled ignored (`xtask/build.rs`) and reported as skipped, never as passed.

#![cfg(test)]

mod azure_static_web_apps;
mod cdn;
mod github_pages;
mod nginx;
mod nginx_run;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use syncdeck_graph::Cloud;
use syncdeck_graph::csp;

fn deploy(file: &str) -> PathBuf {
    crate::root().join("deploy").join(file)
}

fn read(file: &str) -> String {
    let path = deploy(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path:?}: {e}"))
}

fn policy() -> String {
    csp::content_security_policy(Cloud::Global, None)
}

/// A guid-shaped service principal id and a job id with dots and a guid, shaped like the ids in
/// Graph's own examples (`crates/graph/tests/fixtures/graph-docs/`).
const SP_ROUTE: &str = "/servicePrincipals/3f0e1c2a-1111-2222-3333-444455556666";
const JOB_ROUTE: &str = "/servicePrincipals/3f0e1c2a-1111-2222-3333-444455556666/jobs/\
                         API2AAD.b16687d30123456789abcdef01234567.1a03de52-aaaa-bbbb-cccc-0123456789ab";

/// Paths served as the app's page (index.html, directly or as the history fallback).
const PAGES: [&str; 4] = ["/", "/index.html", SP_ROUTE, JOB_ROUTE];

/// Content-hashed file names the build writes (trunk's, including a 15-digit hash, and the
/// build step's `boot-*.js`, `settings-*` module and `i18n-*` catalog).
const HASHED: [&str; 8] = [
    "/syncdeck-b5b4a9e4ba90a417.js",
    "/syncdeck-b5b4a9e4ba90a417_bg.wasm",
    "/boot-e4e0c92632011760.js",
    "/settings-29ed20739ee649e7.js",
    "/settings-29ed20739ee649e7_bg.wasm",
    "/i18n-zh-CN-0f3a9c2be41d7765.json",
    "/tokens-a7dc88538f0b8157.css",
    "/layout-8ee63ab8e2fe89f.css",
];

/// The headers csp.rs gives `path`, as a name → value map.
fn expected(path: &str) -> BTreeMap<String, String> {
    csp::headers_for_path(path, Cloud::Global, None)
        .into_iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v))
        .collect()
}

/// Checks `got` (lower-case names) for `path`: the security headers and Cache-Control exactly,
/// Cross-Origin-Opener-Policy present on the app's pages and absent on the redirect bridge.
/// `cache_optional`: the host's default Cache-Control (revalidate) may stand in for `no-cache`.
fn check(host: &str, path: &str, got: &BTreeMap<String, String>, cache_optional: bool) {
    let want = expected(path);
    for name in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
    ] {
        assert_eq!(got.get(name), want.get(name), "{host}: {name} of {path}");
    }
    let cache = got.get("cache-control");
    if !(cache_optional && cache.is_none() && want["cache-control"] == csp::NO_CACHE) {
        assert_eq!(cache, want.get("cache-control"), "{host}: cache of {path}");
    }
    let coop = got.get("cross-origin-opener-policy");
    if csp::is_redirect_page(path) {
        assert_eq!(coop, None, "{host}: {path} must not have COOP");
    } else if PAGES.contains(&path) {
        assert_eq!(
            coop.map(String::as_str),
            Some("same-origin"),
            "{host}: {path}"
        );
    }
}

/// A fresh temporary directory, removed when the test ends (passed or failed).
struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(tag: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("syncdeck-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

/// A small dist/: the pages, config.json, hashed and unhashed files.
fn sample_dist(dir: &Path) -> PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let files = [
        (
            "index.html",
            "<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\" />\n    \
             <title>syncdeck</title>\n  </head>\n  <body>index</body>\n</html>\n",
        ),
        (
            "redirect.html",
            "<!DOCTYPE html>\n<html>\n  <head>\n    <script src=\"/redirect-bridge.js\"></script>\n  \
             </head>\n  <body></body>\n</html>\n",
        ),
        ("config.json", "{\"cloud\":\"global\"}\n"),
        ("app-0123456789abcdef.js", "export default 1;\n"),
        ("app-0123456789abcdef_bg.wasm", "\0asm"),
        (
            "boot-e4e0c92632011760.js",
            "import '/app-0123456789abcdef.js';\n",
        ),
        ("layout-8ee63ab8e2fe89f.css", "body{}\n"),
        ("msal-redirect-bridge.min.js", "/* bridge */\n"),
    ];
    for (name, body) in files {
        std::fs::write(dist.join(name), body).unwrap();
    }
    dist
}

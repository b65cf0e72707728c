//! Tests of the deployment samples in `deploy/` (docs/deploy.md): each one must serve exactly the
//! headers of `syncdeck_graph::csp` for the global cloud.
//!
//! - Azure Static Web Apps, Cloudflare Pages / Netlify `_headers`: the files are parsed and the
//!   host's documented matching rules are applied to every kind of path the app serves.
//! - CloudFront: the response headers policies are parsed; `s3-upload.sh` runs with a fake
//!   `aws` command and its Cache-Control per file is checked.
//! - GitHub Pages: `prepare.sh` runs on a small dist/ and its output is checked.
//! - nginx: the config is checked as text, and, when an `nginx` binary is installed, served for
//!   real on 127.0.0.1 and queried (skipped with a note otherwise).

#![cfg(test)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
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

/// A guid-shaped service principal id and a job id with dots and a guid (reference §0).
const SP_ROUTE: &str = "/servicePrincipals/3f0e1c2a-1111-2222-3333-444455556666";
const JOB_ROUTE: &str = "/servicePrincipals/3f0e1c2a-1111-2222-3333-444455556666/jobs/\
                         API2AAD.b16687d30123456789abcdef01234567.1a03de52-aaaa-bbbb-cccc-0123456789ab";

/// Paths served as the app's page (index.html, directly or as the history fallback).
const PAGES: [&str; 4] = ["/", "/index.html", SP_ROUTE, JOB_ROUTE];

/// Content-hashed file names the build writes (trunk's, including a 15-digit hash, and the
/// build step's `boot-*.js`).
const HASHED: [&str; 5] = [
    "/syncdeck-b5b4a9e4ba90a417.js",
    "/syncdeck-b5b4a9e4ba90a417_bg.wasm",
    "/boot-e4e0c92632011760.js",
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

// ---------------------------------------------------------------- Azure Static Web Apps

fn swa() -> Value {
    serde_json::from_str(&read("azure-static-web-apps/staticwebapp.config.json"))
        .expect("staticwebapp.config.json is JSON")
}

/// SWA route patterns: exact, a trailing `*` (prefix), or `/*.ext` / `/*.{a,b}` (extension
/// filter), as documented in "Configure Azure Static Web Apps".
fn swa_matches(pattern: &str, path: &str) -> bool {
    if let Some(exts) = pattern.strip_prefix("/*.") {
        let exts = exts.trim_start_matches('{').trim_end_matches('}');
        return exts.split(',').any(|e| path.ends_with(&format!(".{e}")));
    }
    match pattern.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => pattern == path || (pattern == "/index.html" && path == "/"),
    }
}

/// globalHeaders, overridden by the first matching route's headers (an empty value removes).
fn swa_headers(config: &Value, path: &str) -> BTreeMap<String, String> {
    let mut headers: BTreeMap<String, String> = config["globalHeaders"]
        .as_object()
        .expect("globalHeaders")
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.as_str().unwrap().to_string()))
        .collect();
    let routes = config["routes"].as_array().expect("routes");
    if let Some(route) = routes
        .iter()
        .find(|r| swa_matches(r["route"].as_str().unwrap(), path))
    {
        for (k, v) in route["headers"].as_object().into_iter().flatten() {
            let v = v.as_str().unwrap();
            if v.is_empty() {
                headers.remove(&k.to_ascii_lowercase());
            } else {
                headers.insert(k.to_ascii_lowercase(), v.to_string());
            }
        }
    }
    headers
}

#[test]
fn swa_config_serves_the_policy_and_the_cache_rules() {
    let config = swa();
    assert_eq!(
        config["globalHeaders"]["Content-Security-Policy"].as_str(),
        Some(policy().as_str())
    );
    for path in PAGES
        .iter()
        .chain(&HASHED)
        .chain(&["/config.json", "/redirect.html"])
    {
        check("SWA", path, &swa_headers(&config, path), false);
    }
}

#[test]
fn swa_falls_back_to_index_html_except_for_files() {
    let config = swa();
    let fallback = &config["navigationFallback"];
    assert_eq!(fallback["rewrite"], "/index.html");
    let exclude: Vec<&str> = fallback["exclude"]
        .as_array()
        .expect("navigationFallback.exclude")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let excluded = |path: &str| exclude.iter().any(|p| swa_matches(p, path));
    // A missing script, wasm, stylesheet or config.json is a 404, never index.html.
    for path in HASHED.iter().chain(&["/config.json", "/redirect.html"]) {
        assert!(excluded(path), "{path} must not fall back to index.html");
    }
    for path in [SP_ROUTE, JOB_ROUTE, "/anything"] {
        assert!(!excluded(path), "{path} must fall back to index.html");
    }
    assert_eq!(config["mimeTypes"][".wasm"], "application/wasm");
}

// ---------------------------------------------------------- Cloudflare Pages / Netlify

/// `_headers` rules: (pattern, [(name, value)]); `!` lines are refused (Netlify has none).
fn header_rules(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut rules: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with(char::is_whitespace) {
            assert!(trimmed.starts_with('/'), "rule must be a path: {line}");
            assert!(trimmed.matches('*').count() <= 1, "one splat only: {line}");
            rules.push((trimmed.to_string(), Vec::new()));
        } else {
            assert!(
                !trimmed.starts_with('!'),
                "no detach (Netlify lacks it): {line}"
            );
            let (name, value) = trimmed.split_once(": ").expect("Name: value");
            rules
                .last_mut()
                .expect("header before any rule")
                .1
                .push((name.to_ascii_lowercase(), value.to_string()));
        }
    }
    rules
}

/// A single greedy splat, as Cloudflare documents for `_headers`.
fn splat_matches(pattern: &str, path: &str) -> bool {
    match pattern.split_once('*') {
        Some((pre, post)) => {
            path.len() >= pre.len() + post.len() && path.starts_with(pre) && path.ends_with(post)
        }
        None => pattern == path,
    }
}

/// Every matching rule applies; a header set by two rules is joined with ", " (both hosts).
fn cdn_headers(rules: &[(String, Vec<(String, String)>)], path: &str) -> BTreeMap<String, String> {
    let mut headers: BTreeMap<String, String> = BTreeMap::new();
    for (pattern, values) in rules {
        if splat_matches(pattern, path) {
            for (name, value) in values {
                headers
                    .entry(name.clone())
                    .and_modify(|v| *v = format!("{v}, {value}"))
                    .or_insert_with(|| value.clone());
            }
        }
    }
    headers
}

#[test]
fn cdn_headers_file_serves_the_policy_and_the_cache_rules() {
    let rules = header_rules(&read("cdn/_headers"));
    let all = cdn_headers(&rules, "/");
    assert_eq!(all["content-security-policy"], policy());
    for path in PAGES
        .iter()
        .chain(&HASHED)
        .chain(&["/config.json", "/redirect.html", "/redirect"])
    {
        let path = if *path == "/redirect" {
            // Cloudflare Pages' pretty URL of /redirect.html: the same rules.
            let got = cdn_headers(&rules, path);
            check("_headers", "/redirect.html", &got, false);
            continue;
        } else {
            path
        };
        check("_headers", path, &cdn_headers(&rules, path), true);
    }
    // An unhashed file is left to the host's default (revalidate), never cached for a year.
    for path in [
        "/msal-redirect-bridge.min.js",
        "/robots.txt",
        "/app-1a2b.js",
    ] {
        let got = cdn_headers(&rules, path);
        assert_ne!(
            got.get("cache-control").map(String::as_str),
            Some(csp::IMMUTABLE),
            "{path}"
        );
    }
}

#[test]
fn netlify_redirects_fall_back_to_index_html() {
    let text = read("cdn/_redirects");
    let rule: Vec<&str> = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .expect("a rule")
        .split_whitespace()
        .collect();
    assert_eq!(rule, ["/*", "/index.html", "200"]);
}

// ------------------------------------------------------------------------- CloudFront

#[test]
fn cloudfront_policies_carry_the_policy_and_coop_only_for_the_app() {
    for (file, coop) in [
        ("cdn/cloudfront-response-headers.json", true),
        ("cdn/cloudfront-response-headers-redirect.json", false),
    ] {
        let p: Value = serde_json::from_str(&read(file)).expect("JSON");
        let sec = &p["SecurityHeadersConfig"];
        assert_eq!(
            sec["ContentSecurityPolicy"]["ContentSecurityPolicy"].as_str(),
            Some(policy().as_str()),
            "{file}"
        );
        assert_eq!(sec["ContentSecurityPolicy"]["Override"], true);
        assert_eq!(sec["ContentTypeOptions"]["Override"], true);
        assert_eq!(sec["ReferrerPolicy"]["ReferrerPolicy"], "no-referrer");
        let custom: Vec<(&str, &str)> = p["CustomHeadersConfig"]["Items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| (i["Header"].as_str().unwrap(), i["Value"].as_str().unwrap()))
            .collect();
        let has_coop = custom.contains(&("Cross-Origin-Opener-Policy", "same-origin"));
        assert_eq!(has_coop, coop, "{file}");
        if let Some(q) = p["CustomHeadersConfig"]["Quantity"].as_u64() {
            assert_eq!(q as usize, custom.len(), "{file}: Quantity");
        }
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

#[test]
fn s3_upload_sets_the_cache_control_of_each_file_and_index_last() {
    let dir = temp_dir("s3");
    let dist = sample_dist(&dir);
    let log = dir.join("aws.log");
    let fake = dir.join("fake-aws");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\t' \"$a\"; done >> '{}'\necho >> '{}'\n",
            log.display(),
            log.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let status = Command::new("sh")
        .arg(deploy("cdn/s3-upload.sh"))
        .arg(&dist)
        .arg("my-bucket")
        .env("AWS", &fake)
        .status()
        .expect("sh runs");
    assert!(status.success());
    let calls: Vec<Vec<String>> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| {
            l.trim_end_matches('\t')
                .split('\t')
                .map(String::from)
                .collect()
        })
        .collect();
    let mut uploaded = Vec::new();
    for call in &calls {
        assert_eq!(&call[..2], ["s3", "cp"], "{call:?}");
        let name = call[3].strip_prefix("s3://my-bucket/").expect("bucket key");
        let flag = |f: &str| {
            call.iter()
                .position(|a| a == f)
                .map(|i| call[i + 1].as_str())
        };
        assert_eq!(
            flag("--cache-control"),
            Some(csp::cache_control(&format!("/{name}"))),
            "{name}"
        );
        if name.ends_with(".wasm") {
            assert_eq!(flag("--content-type"), Some("application/wasm"));
        }
        uploaded.push(name.to_string());
    }
    assert_eq!(uploaded.len(), 8, "{uploaded:?}");
    assert_eq!(uploaded.last().map(String::as_str), Some("index.html"));
    let first_unhashed = uploaded
        .iter()
        .position(|n| !csp::is_hashed_asset(n))
        .unwrap();
    assert!(
        uploaded[first_unhashed..]
            .iter()
            .all(|n| !csp::is_hashed_asset(n)),
        "hashed files first: {uploaded:?}"
    );
}

// ----------------------------------------------------------------------- GitHub Pages

#[test]
fn github_pages_prepare_adds_the_meta_policy_and_404_html() {
    let dir = temp_dir("ghpages");
    let dist = sample_dist(&dir);
    let out = dir.join("site");
    let status = Command::new("sh")
        .arg(deploy("github-pages/prepare.sh"))
        .arg(&dist)
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .expect("sh runs");
    assert!(status.success());
    let meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />",
        csp::meta_content_security_policy(Cloud::Global, None)
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("404.html")).unwrap(),
        index
    );
    for page in ["index.html", "redirect.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert_eq!(html.matches(&meta).count(), 1, "{page}:\n{html}");
        let referrer = format!("{meta}\n    <meta name=\"referrer\" content=\"no-referrer\" />");
        assert!(html.contains(&referrer), "{page}:\n{html}");
        // The meta element comes before any script or stylesheet.
        let at = html.find(&meta).unwrap();
        assert!(html[..at].ends_with("<head>\n    "), "{page}");
        assert!(!html.contains("frame-ancestors"), "{page}");
    }
    assert!(out.join(".nojekyll").exists());
    assert_eq!(
        std::fs::read(out.join("app-0123456789abcdef_bg.wasm")).unwrap(),
        std::fs::read(dist.join("app-0123456789abcdef_bg.wasm")).unwrap()
    );
}

// ------------------------------------------------------------------------------ nginx

/// The text of the `location <selector> { … }` block.
fn nginx_location<'a>(conf: &'a str, selector: &str) -> &'a str {
    let start = conf
        .find(&format!("location {selector} {{"))
        .unwrap_or_else(|| panic!("no location {selector}"));
    let end = start + conf[start..].find("\n}").unwrap();
    &conf[start..end]
}

#[test]
fn nginx_conf_text_has_the_policy_fallback_and_rules() {
    let conf = read("nginx/syncdeck.conf");
    assert!(conf.contains(&format!("set $syncdeck_csp \"{}\";", policy())));
    let root = nginx_location(&conf, "/");
    assert!(root.contains("try_files $uri /index.html;"));
    assert!(root.contains("add_header Cross-Origin-Opener-Policy same-origin always;"));
    assert!(root.contains("add_header Cache-Control no-cache always;"));
    let redirect = nginx_location(&conf, "= /redirect.html");
    assert!(!redirect.contains("Cross-Origin-Opener-Policy"));
    assert!(redirect.contains("add_header Cache-Control no-store always;"));
    assert!(nginx_location(&conf, "= /config.json").contains("Cache-Control no-cache"));
    let hashed = nginx_location(&conf, "~ \"-[0-9a-f]{12,16}[._][^/]*$\"");
    assert!(hashed.contains("add_header Cache-Control \"public, max-age=31536000, immutable\""));
    assert!(hashed.contains("try_files $uri =404;"));
    // Every location repeats the three security headers (nginx does not inherit add_header).
    for block in conf.split("\nlocation ").skip(1) {
        for h in [
            "Content-Security-Policy $syncdeck_csp",
            "X-Content-Type-Options nosniff",
            "Referrer-Policy no-referrer",
        ] {
            assert!(
                block.contains(&format!("add_header {h} always;")),
                "{block}"
            );
        }
    }
    assert!(read("nginx/server.conf").contains("include snippets/syncdeck.conf;"));
}

/// `nginx` on PATH (or Debian's /usr/sbin, often not on a user's PATH).
fn find_nginx() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin")])
        .map(|d| d.join("nginx"))
        .find(|p| p.is_file())
}

/// Stops nginx however the test ends.
struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn map(&self) -> BTreeMap<String, String> {
        self.headers.iter().cloned().collect()
    }
    fn count(&self, name: &str) -> usize {
        self.headers.iter().filter(|(n, _)| n == name).count()
    }
}

fn get(port: u16, path: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

#[test]
fn nginx_serves_the_sample_for_real() {
    let Some(nginx) = find_nginx() else {
        println!("note: nginx is not installed; the real nginx test is skipped (text checks ran)");
        return;
    };
    let dir = temp_dir("nginx");
    let dist = sample_dist(&dir);
    let prefix = dir.join("prefix");
    for sub in ["conf", "logs", "tmp"] {
        std::fs::create_dir_all(prefix.join(sub)).unwrap();
    }
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let p = prefix.display();
    let temp_paths: String = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
        .iter()
        .map(|t| format!("  {t}_temp_path {p}/tmp/{t};\n"))
        .collect();
    let conf = format!(
        "daemon off;\nmaster_process off;\nworker_processes 1;\npid {p}/logs/nginx.pid;\n\
         error_log {p}/logs/error.log;\nevents {{ worker_connections 64; }}\nhttp {{\n\
         \x20 types {{ text/html html; text/css css; text/javascript js; application/json json; \
         application/wasm wasm; }}\n  default_type application/octet-stream;\n  access_log off;\n\
         {temp_paths}  server {{\n    listen 127.0.0.1:{port};\n    root {};\n    include {};\n  }}\n}}\n",
        dist.display(),
        deploy("nginx/syncdeck.conf").display(),
    );
    let conf_path = prefix.join("conf/nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let child = Command::new(&nginx)
        .arg("-p")
        .arg(&prefix)
        .arg("-e")
        .arg(prefix.join("logs/error.log"))
        .arg("-c")
        .arg(&conf_path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nginx");
    let mut server = Nginx(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = server.0.try_wait() {
            let log = std::fs::read_to_string(prefix.join("logs/error.log")).unwrap_or_default();
            panic!("nginx exited with {status}:\n{log}");
        }
        assert!(Instant::now() < deadline, "nginx did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
    println!("nginx: serving deploy/nginx/syncdeck.conf on 127.0.0.1:{port}");

    let index = std::fs::read(dist.join("index.html")).unwrap();
    for path in PAGES {
        let r = get(port, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.body, index, "{path} is index.html");
        check("nginx", path, &r.map(), false);
        assert!(r.map()["content-type"].starts_with("text/html"), "{path}");
    }
    for (path, content_type) in [
        ("/config.json", "application/json"),
        ("/redirect.html", "text/html"),
        ("/app-0123456789abcdef.js", "text/javascript"),
        ("/app-0123456789abcdef_bg.wasm", "application/wasm"),
        ("/boot-e4e0c92632011760.js", "text/javascript"),
        ("/layout-8ee63ab8e2fe89f.css", "text/css"),
        ("/msal-redirect-bridge.min.js", "text/javascript"),
    ] {
        let r = get(port, path);
        assert_eq!(r.status, 200, "{path}");
        let name = path.trim_start_matches('/');
        assert_eq!(r.body, std::fs::read(dist.join(name)).unwrap(), "{path}");
        let headers = r.map();
        check("nginx", path, &headers, false);
        assert!(headers["content-type"].starts_with(content_type), "{path}");
        for name in ["cache-control", "content-security-policy"] {
            assert_eq!(r.count(name), 1, "{path}: one {name}");
        }
    }
    assert!(
        !get(port, "/redirect.html")
            .map()
            .contains_key("cross-origin-opener-policy")
    );
    // A missing hashed file is a 404 (never index.html with a JavaScript MIME error).
    assert_eq!(get(port, "/syncdeck-ffffffffffffffff.js").status, 404);
    drop(server);
}

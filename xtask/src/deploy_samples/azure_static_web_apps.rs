//! Azure Static Web Apps: `staticwebapp.config.json`, read with the host's documented route
//! matching.

use super::{HASHED, JOB_ROUTE, PAGES, SP_ROUTE, check, policy, read};
use serde_json::Value;
use std::collections::BTreeMap;

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

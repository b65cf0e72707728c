//! `deploy/cdn/`: the `_headers` and `_redirects` files of Cloudflare Pages and Netlify, the
//! CloudFront response headers policies, and `s3-upload.sh`.

use super::{HASHED, PAGES, check, deploy, policy, read, sample_dist, temp_dir};
use serde_json::Value;
use std::collections::BTreeMap;
use std::process::Command;
use syncdeck_graph::csp;

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

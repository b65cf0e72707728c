//! nginx: `deploy/nginx/syncdeck.conf` and `server.conf`, checked as text.

use super::{policy, read};

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

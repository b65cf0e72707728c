//! The Content-Security-Policy, security headers and cache rules of `docs/deploy.md` ("Response
//! headers"), for every cloud of <https://learn.microsoft.com/graph/deployments> and every kind of
//! path the app serves.

use syncdeck_graph::Cloud;
use syncdeck_graph::csp::{
    self, GraphOrigin, IMMUTABLE, NO_CACHE, NO_STORE, OriginError, cache_control,
    content_security_policy, cross_origin_opener_policy, headers_for_path, is_hashed_asset,
    is_redirect_page, login_connect_sources, meta_content_security_policy, security_headers,
};

const GLOBAL: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
connect-src 'self' https://graph.microsoft.com https://login.microsoftonline.com; \
img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

fn policy_with_connect(connect: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         connect-src {connect}; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'"
    )
}

#[test]
fn global_policy_is_exactly_the_documented_policy() {
    assert_eq!(content_security_policy(Cloud::Global, None), GLOBAL);
}

#[test]
fn every_cloud_connects_to_its_own_graph_and_login_hosts() {
    let expected = [
        (
            Cloud::Global,
            "'self' https://graph.microsoft.com https://login.microsoftonline.com",
        ),
        (
            Cloud::UsGov,
            "'self' https://graph.microsoft.us https://login.microsoftonline.us",
        ),
        (
            Cloud::UsGovDod,
            "'self' https://dod-graph.microsoft.us https://login.microsoftonline.us",
        ),
        (
            Cloud::China,
            "'self' https://microsoftgraph.chinacloudapi.cn https://login.chinacloudapi.cn \
             https://login.partner.microsoftonline.cn",
        ),
    ];
    for (cloud, connect) in expected {
        assert_eq!(
            content_security_policy(cloud, None),
            policy_with_connect(connect),
            "{cloud:?}"
        );
    }
}

#[test]
fn login_sources_start_with_the_cloud_login_host() {
    for cloud in Cloud::ALL {
        let sources = login_connect_sources(cloud);
        assert_eq!(sources[0], cloud.login_host(), "{cloud:?}");
        let policy = content_security_policy(cloud, None);
        assert!(policy.contains(cloud.graph_host()), "{cloud:?}");
        for s in sources {
            assert!(policy.contains(s), "{cloud:?} {s}");
        }
        // No other cloud's Graph host slips in.
        for other in Cloud::ALL
            .into_iter()
            .filter(|o| o.graph_host() != cloud.graph_host())
        {
            let connect = policy
                .split("; ")
                .find(|d| d.starts_with("connect-src"))
                .unwrap();
            assert!(
                !connect.split(' ').any(|s| s == other.graph_host()),
                "{cloud:?} lists {}",
                other.graph_host()
            );
        }
    }
}

#[test]
fn graph_base_url_replaces_the_graph_host_with_its_origin_only() {
    let o = GraphOrigin::parse("https://graph.contoso-proxy.example/graph/").unwrap();
    assert_eq!(o.as_str(), "https://graph.contoso-proxy.example");
    assert_eq!(
        content_security_policy(Cloud::Global, Some(&o)),
        policy_with_connect(
            "'self' https://graph.contoso-proxy.example https://login.microsoftonline.com"
        )
    );
    let emulator = GraphOrigin::parse("http://127.0.0.1:8080").unwrap();
    assert_eq!(
        content_security_policy(Cloud::Global, Some(&emulator)),
        policy_with_connect("'self' http://127.0.0.1:8080 https://login.microsoftonline.com")
    );
    // The cloud's own Graph host given explicitly: the same policy as without it.
    for cloud in Cloud::ALL {
        let own = GraphOrigin::parse(cloud.graph_host()).unwrap();
        assert_eq!(own, GraphOrigin::of(cloud));
        assert_eq!(
            content_security_policy(cloud, Some(&own)),
            content_security_policy(cloud, None)
        );
    }
}

#[test]
fn graph_origin_accepts_hosts_ports_and_loopback_http() {
    for (url, origin) in [
        ("https://graph.microsoft.com", "https://graph.microsoft.com"),
        ("HTTPS://Graph.Microsoft.US/", "https://graph.microsoft.us"),
        (
            "https://graph.example:8443/x/y",
            "https://graph.example:8443",
        ),
        ("http://localhost:8080", "http://localhost:8080"),
        ("http://127.0.0.2:1", "http://127.0.0.2:1"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("https://[2001:db8::1]", "https://[2001:db8::1]"),
        ("https://10.0.0.1:65535", "https://10.0.0.1:65535"),
    ] {
        assert_eq!(GraphOrigin::parse(url).unwrap().as_str(), origin, "{url}");
    }
}

#[test]
fn graph_origin_refuses_what_could_bend_the_policy() {
    type Expect = fn(String) -> OriginError;
    let cases: [(&str, Expect); 17] = [
        ("graph.microsoft.com", OriginError::Scheme),
        ("ftp://graph.microsoft.com", OriginError::Scheme),
        ("http://graph.microsoft.com", OriginError::Scheme),
        ("http://127.evil.example", OriginError::Scheme),
        ("https://", OriginError::Host),
        ("https://:443", OriginError::Host),
        ("https://-graph.example", OriginError::Host),
        ("https://graph..example", OriginError::Host),
        ("https://graph_example.com", OriginError::Host),
        ("https://graph.example:0", OriginError::Port),
        ("https://graph.example:65536", OriginError::Port),
        ("https://graph.example:", OriginError::Port),
        ("https://graph.example:8x", OriginError::Port),
        (
            "https://graph.example; script-src *",
            OriginError::NotAnOrigin,
        ),
        (
            "https://graph.example 'unsafe-inline'",
            OriginError::NotAnOrigin,
        ),
        ("https://user@graph.example", OriginError::NotAnOrigin),
        ("https://*.example", OriginError::NotAnOrigin),
    ];
    for (url, error) in cases {
        assert_eq!(
            GraphOrigin::parse(url),
            Err(error(url.to_string())),
            "{url}"
        );
    }
    for url in [
        "https://graph.example?x=1",
        "https://graph.example#f",
        "https://graph.example,https://evil.example",
        "https://graph.example\n",
    ] {
        assert!(
            matches!(GraphOrigin::parse(url), Err(OriginError::NotAnOrigin(_))),
            "{url}"
        );
    }
    let message = GraphOrigin::parse("http://graph.example")
        .unwrap_err()
        .to_string();
    assert!(message.contains("https://"), "{message}");
}

#[test]
fn meta_policy_drops_frame_ancestors_only() {
    for cloud in Cloud::ALL {
        let header = content_security_policy(cloud, None);
        let meta = meta_content_security_policy(cloud, None);
        assert_eq!(
            format!("{meta}; frame-ancestors 'none'"),
            header,
            "{cloud:?}"
        );
        assert!(!meta.contains("frame-ancestors"));
    }
}

#[test]
fn security_headers_of_the_app_pages() {
    for cloud in Cloud::ALL {
        assert_eq!(
            security_headers(cloud, None),
            vec![
                (
                    "Content-Security-Policy",
                    content_security_policy(cloud, None)
                ),
                ("X-Content-Type-Options", "nosniff".to_string()),
                ("Referrer-Policy", "no-referrer".to_string()),
                ("Cross-Origin-Opener-Policy", "same-origin".to_string()),
            ]
        );
    }
}

#[test]
fn redirect_bridge_page_has_no_coop_and_is_not_stored() {
    for path in ["/redirect.html", "redirect.html", "/redirect.html?x=1"] {
        assert!(is_redirect_page(path), "{path}");
        assert_eq!(cross_origin_opener_policy(path), None);
        assert_eq!(cache_control(path), NO_STORE);
    }
    let headers = headers_for_path("/redirect.html", Cloud::Global, None);
    let names: Vec<&str> = headers.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "Content-Security-Policy",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Cache-Control"
        ]
    );
    assert_eq!(headers[3].1, "no-store");
    for path in [
        "/redirect.htm",
        "/redirect.html.bak",
        "/myredirect.html",
        "/",
    ] {
        assert!(!is_redirect_page(path), "{path}");
    }
}

#[test]
fn app_pages_config_and_unhashed_files_are_revalidated() {
    for path in [
        "/",
        "/index.html",
        "/config.json",
        "/servicePrincipals/3f0e1c2a-0000-0000-0000-000000000000",
        "/servicePrincipals/x/jobs/SfSandboxOutDelta.e4bbf44533ea4eabb17027f3a92e92aa",
        "/msal-redirect-bridge.min.js",
        "/app-1a2b.js",
    ] {
        assert_eq!(cache_control(path), NO_CACHE, "{path}");
        assert_eq!(
            cross_origin_opener_policy(path),
            Some("same-origin"),
            "{path}"
        );
        let headers = headers_for_path(path, Cloud::Global, None);
        assert_eq!(headers.len(), 5, "{path}");
        assert!(headers.contains(&("Cache-Control", "no-cache".to_string())));
        assert!(headers.contains(&("Cross-Origin-Opener-Policy", "same-origin".to_string())));
    }
}

#[test]
fn hashed_assets_are_immutable() {
    for path in [
        "/syncdeck-b5b4a9e4ba90a417.js",
        "/syncdeck-b5b4a9e4ba90a417_bg.wasm",
        "/boot-e4e0c92632011760.js",
        "/tokens-a7dc88538f0b8157.css",
        // trunk drops leading zeros of its hash: 15 digits happen.
        "/layout-8ee63ab8e2fe89f.css",
        "/msal-browser.min-0123456789abcdef.js",
        "/a/b/app-0123456789abcdef.js",
    ] {
        assert!(is_hashed_asset(path), "{path}");
        assert_eq!(cache_control(path), IMMUTABLE, "{path}");
        assert_eq!(
            headers_for_path(path, Cloud::Global, None).last().unwrap(),
            &(
                "Cache-Control",
                "public, max-age=31536000, immutable".to_string()
            )
        );
    }
    for path in [
        "/app-0123456789ABCDEF.js",
        "/app-0123456789a.js",
        "/app-0123456789abcdef0.js",
        "/app-0123456789abcdefx.js",
        "/app-0123456789abcdef",
        "/0123456789abcdef.js",
        "/index.html",
    ] {
        assert!(!is_hashed_asset(path), "{path}");
        assert_eq!(cache_control(path), NO_CACHE, "{path}");
    }
}

#[test]
fn the_emulator_and_the_module_agree_on_the_fixed_parts() {
    // The emulator serves Graph same-origin, so its connect-src is just 'self'; every other
    // directive is the same text.
    let emulator = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    let ours = content_security_policy(Cloud::Global, None);
    let strip = |p: &str| -> Vec<String> {
        p.split("; ")
            .filter(|d| !d.starts_with("connect-src"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(strip(emulator), strip(&ours));
    assert_eq!(csp::REDIRECT_PAGE, "redirect.html");
}

//! The HTTP response headers a static host serves syncdeck with, as `docs/deploy.md` ("Response
//! headers") explains them: the Content-Security-Policy of the configured cloud, the other security
//! headers, and the cache rules. The deploy samples in `deploy/` are checked against these
//! functions, so this module is the one place the policy is written down.
//!
//! - [`content_security_policy`]: the policy, with `connect-src` limited to the app's own origin,
//!   the Graph host of the cloud (or the origin of `graphBaseUrl`, see [`GraphOrigin`]) and the
//!   login hosts MSAL talks to in that cloud ([`login_connect_sources`]).
//! - [`headers_for_path`]: every header a path gets: the security headers, no
//!   `Cross-Origin-Opener-Policy` on MSAL's redirect bridge page, and [`cache_control`].
//! - [`meta_content_security_policy`]: the same policy for a `<meta http-equiv>` element (hosts
//!   that cannot set headers, such as GitHub Pages), without `frame-ancestors`, which browsers
//!   ignore in a meta element.
//!
//! The module uses nothing but [`Cloud`], so the deploy-sample tests of `xtask` can include it.

use super::cloud::Cloud;

/// `Cache-Control` for files whose name carries a content hash: they never change.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` for files that change in place (`index.html`, `config.json`, anything
/// unhashed): the browser may keep them but must revalidate before each use.
pub const NO_CACHE: &str = "no-cache";
/// `Cache-Control` for MSAL's redirect bridge page (`docs/deploy.md`, "Caching": never cached).
pub const NO_STORE: &str = "no-store";
/// The `Cross-Origin-Opener-Policy` of the app's own pages.
pub const COOP_SAME_ORIGIN: &str = "same-origin";

/// The file name of MSAL v5's redirect bridge page (the app's `auth.redirectUri`).
pub const REDIRECT_PAGE: &str = "redirect.html";

/// The origin (scheme, host and port) of a `graphBaseUrl` that overrides the cloud's Graph host.
///
/// Only the origin goes into `connect-src`: a source with a path would match that path only.
/// [`GraphOrigin::parse`] accepts `https` URLs, and `http` only for loopback hosts (the local
/// emulator), and refuses anything that could change the meaning of the policy (spaces, `;`,
/// `,`, quotes, user info, queries, fragments, wildcards).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphOrigin(String);

/// Why a `graphBaseUrl` cannot be turned into a `connect-src` source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginError {
    /// Not `https://…` (or `http://` for a loopback host).
    Scheme(String),
    /// No host, or a host with characters a host name cannot have.
    Host(String),
    /// A port that is not a number from 1 to 65535.
    Port(String),
    /// User info, a query, a fragment, a wildcard, white space or a CSP separator.
    NotAnOrigin(String),
}

impl std::fmt::Display for OriginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OriginError::Scheme(u) => write!(
                f,
                "graphBaseUrl {u:?} must start with https:// (http:// only for a loopback host)"
            ),
            OriginError::Host(u) => write!(f, "graphBaseUrl {u:?} has no valid host name"),
            OriginError::Port(u) => write!(f, "graphBaseUrl {u:?} has an invalid port"),
            OriginError::NotAnOrigin(u) => write!(
                f,
                "graphBaseUrl {u:?} must be scheme://host[:port][/path] without user info, query, \
                 fragment, wildcard or spaces"
            ),
        }
    }
}

impl std::error::Error for OriginError {}

impl GraphOrigin {
    /// The origin of `graph_base_url`, lower-cased, without path or trailing slash.
    pub fn parse(graph_base_url: &str) -> Result<GraphOrigin, OriginError> {
        let url = graph_base_url;
        let bad = |c: char| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, ';' | ',' | '\'' | '"' | '*' | '?' | '#' | '@' | '\\')
        };
        if url.chars().any(bad) {
            return Err(OriginError::NotAnOrigin(url.to_string()));
        }
        let lower = url.to_ascii_lowercase();
        let (scheme, rest) = if let Some(rest) = lower.strip_prefix("https://") {
            ("https", rest)
        } else if let Some(rest) = lower.strip_prefix("http://") {
            ("http", rest)
        } else {
            return Err(OriginError::Scheme(url.to_string()));
        };
        let authority = rest.split('/').next().unwrap_or_default();
        let (host, port) = split_host_port(authority).ok_or(OriginError::Host(url.to_string()))?;
        if !valid_host(host) {
            return Err(OriginError::Host(url.to_string()));
        }
        if port.is_some_and(|p| !valid_port(p)) {
            return Err(OriginError::Port(url.to_string()));
        }
        if scheme == "http" && !is_loopback(host) {
            return Err(OriginError::Scheme(url.to_string()));
        }
        Ok(GraphOrigin(format!("{scheme}://{authority}")))
    }

    /// The Graph host of `cloud` (<https://learn.microsoft.com/graph/deployments>).
    pub fn of(cloud: Cloud) -> GraphOrigin {
        GraphOrigin(cloud.graph_host().to_string())
    }

    /// The origin, e.g. `https://graph.microsoft.com` or `http://127.0.0.1:8080`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `host` and the text after `:` (if any); IPv6 literals in brackets.
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if let Some(inner) = authority.strip_prefix('[') {
        let end = inner.find(']')?;
        let host = &authority[..end + 2];
        let after = &inner[end + 1..];
        return match after.strip_prefix(':') {
            Some(port) => Some((host, Some(port))),
            None if after.is_empty() => Some((host, None)),
            None => None,
        };
    }
    match authority.split_once(':') {
        Some((host, port)) => Some((host, Some(port))),
        None => Some((authority, None)),
    }
}

/// A port number from 1 to 65535, in decimal digits only.
fn valid_port(port: &str) -> bool {
    !port.is_empty()
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p))
}

fn valid_host(host: &str) -> bool {
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return !v6.is_empty() && v6.chars().all(|c| c.is_ascii_hexdigit() || c == ':');
    }
    !host.is_empty()
        && !host.starts_with(['.', '-'])
        && !host.ends_with(['.', '-'])
        && !host.contains("..")
        && host
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// True when `url` is an `http` or `https` URL whose host is a loopback address (`127.0.0.0/8`,
/// `localhost`, `[::1]`), with a valid port if any and no user info. The one loopback rule of the
/// project: [`GraphOrigin::parse`] and the app's `config.json` checks (token mode, http URLs in
/// `auth.authorityMetadata`) agree by construction.
pub fn is_loopback_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return false;
    }
    let Some((host, port)) = split_host_port(authority) else {
        return false;
    };
    port.is_none_or(valid_port) && valid_host(host) && is_loopback(host)
}

/// The login hosts MSAL.js v5 sends requests to (token redemption) in `cloud`.
///
/// This is [`Cloud::login_host`], plus, for China, `https://login.partner.microsoftonline.cn`:
/// MSAL's built-in cloud metadata lists `login.chinacloudapi.cn` as an alias whose
/// `preferred_network` is `login.partner.microsoftonline.cn`, and MSAL rewrites the authority to
/// that host before it calls the token endpoint (`@azure/msal-browser` 5.29.0,
/// `rawMetdataJSON` and `Authority.resolveEndpointsAsync`). Without it, sign-in in China would
/// fail on `connect-src`.
pub fn login_connect_sources(cloud: Cloud) -> &'static [&'static str] {
    match cloud {
        Cloud::Global => &["https://login.microsoftonline.com"],
        Cloud::UsGov | Cloud::UsGovDod => &["https://login.microsoftonline.us"],
        Cloud::China => &[
            "https://login.chinacloudapi.cn",
            "https://login.partner.microsoftonline.cn",
        ],
    }
}

/// The `connect-src` sources: `'self'`, the Graph origin, the login hosts (no duplicates).
fn connect_sources(cloud: Cloud, graph: Option<&GraphOrigin>) -> Vec<String> {
    let graph = graph.map_or(cloud.graph_host(), GraphOrigin::as_str);
    let mut sources = vec!["'self'".to_string()];
    for s in std::iter::once(graph).chain(login_connect_sources(cloud).iter().copied()) {
        if !sources.iter().any(|have| have == s) {
            sources.push(s.to_string());
        }
    }
    sources
}

fn directives(cloud: Cloud, graph: Option<&GraphOrigin>) -> Vec<String> {
    vec![
        "default-src 'self'".to_string(),
        "script-src 'self' 'wasm-unsafe-eval'".to_string(),
        "style-src 'self'".to_string(),
        format!("connect-src {}", connect_sources(cloud, graph).join(" ")),
        "img-src 'self' data:".to_string(),
        "object-src 'none'".to_string(),
        "base-uri 'none'".to_string(),
        "frame-ancestors 'none'".to_string(),
    ]
}

/// The Content-Security-Policy of `docs/deploy.md` ("The Content-Security-Policy") for `cloud`,
/// on one line:
///
/// ```text
/// default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self';
/// connect-src 'self' <graph host> <login hosts>; img-src 'self' data:; object-src 'none';
/// base-uri 'none'; frame-ancestors 'none'
/// ```
///
/// `graph` (from `config.json`'s `graphBaseUrl`, parsed with [`GraphOrigin::parse`]) replaces
/// the cloud's Graph host; `None` uses [`Cloud::graph_host`].
pub fn content_security_policy(cloud: Cloud, graph: Option<&GraphOrigin>) -> String {
    directives(cloud, graph).join("; ")
}

/// The policy for a `<meta http-equiv="Content-Security-Policy">` element: the same without
/// `frame-ancestors`, which a meta element cannot carry (browsers ignore it there and log a
/// warning). A page protected this way can be framed by any site.
pub fn meta_content_security_policy(cloud: Cloud, graph: Option<&GraphOrigin>) -> String {
    directives(cloud, graph)
        .into_iter()
        .filter(|d| !d.starts_with("frame-ancestors"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The security headers of the app's pages (`index.html` and every history route):
/// Content-Security-Policy, `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`
/// and `Cross-Origin-Opener-Policy: same-origin`. MSAL's redirect bridge page must not get
/// the last one: use [`headers_for_path`] for per-path headers.
pub fn security_headers(cloud: Cloud, graph: Option<&GraphOrigin>) -> Vec<(&'static str, String)> {
    vec![
        (
            "Content-Security-Policy",
            content_security_policy(cloud, graph),
        ),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("Referrer-Policy", "no-referrer".to_string()),
        ("Cross-Origin-Opener-Policy", COOP_SAME_ORIGIN.to_string()),
    ]
}

/// Every header a response for `path` (a URL path such as `/`, `/redirect.html`,
/// `/servicePrincipals/x`) gets: the [`security_headers`], minus
/// `Cross-Origin-Opener-Policy` on the redirect bridge page, plus `Cache-Control`
/// ([`cache_control`]).
pub fn headers_for_path(
    path: &str,
    cloud: Cloud,
    graph: Option<&GraphOrigin>,
) -> Vec<(&'static str, String)> {
    let mut headers = security_headers(cloud, graph);
    if cross_origin_opener_policy(path).is_none() {
        headers.retain(|(name, _)| *name != "Cross-Origin-Opener-Policy");
    }
    headers.push(("Cache-Control", cache_control(path).to_string()));
    headers
}

/// `Some("same-origin")`, except for MSAL's redirect bridge page: the bridge hands the
/// response to the window that opened it, which `Cross-Origin-Opener-Policy` would cut
/// (<https://learn.microsoft.com/entra/msal/javascript/browser/redirect-bridge>).
pub fn cross_origin_opener_policy(path: &str) -> Option<&'static str> {
    if is_redirect_page(path) {
        None
    } else {
        Some(COOP_SAME_ORIGIN)
    }
}

/// The `Cache-Control` of `path`:
///
/// - MSAL's redirect bridge page: [`NO_STORE`];
/// - a file whose name carries a content hash ([`is_hashed_asset`]): [`IMMUTABLE`];
/// - everything else (`/`, `index.html`, `config.json`, history routes that are answered with
///   `index.html`, unhashed files): [`NO_CACHE`], so a new build or a new `config.json` is seen
///   on the next load.
pub fn cache_control(path: &str) -> &'static str {
    if is_redirect_page(path) {
        NO_STORE
    } else if is_hashed_asset(path) {
        IMMUTABLE
    } else {
        NO_CACHE
    }
}

/// Whether `path` is MSAL's redirect bridge page (`…/redirect.html`).
pub fn is_redirect_page(path: &str) -> bool {
    file_name(path) == REDIRECT_PAGE
}

/// Whether the file name of `path` carries a content hash: `-`, 12 to 16 lower-case hex
/// digits, then `.` or `_` (`app-0123456789abcdef.js`, `app-0123456789abcdef_bg.wasm`).
///
/// trunk writes its hash as a 64-bit number in hex without leading zeros, so one file in
/// sixteen has 15 digits (`layout-8ee63ab8e2fe89f.css`); the build's `boot-<hash>.js` always
/// has 16. Fewer than 12 digits happens once in 65,536 files and is then merely revalidated.
pub fn is_hashed_asset(path: &str) -> bool {
    let name = file_name(path).as_bytes();
    let is_hex = |b: &u8| b.is_ascii_digit() || (b'a'..=b'f').contains(b);
    (0..name.len()).any(|dash| {
        if name[dash] != b'-' {
            return false;
        }
        let digits = name[dash + 1..].iter().take_while(|b| is_hex(b)).count();
        (12..=16).contains(&digits) && matches!(name.get(dash + 1 + digits), Some(b'.' | b'_'))
    })
}

fn file_name(path: &str) -> &str {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.rsplit('/').next().unwrap_or_default()
}

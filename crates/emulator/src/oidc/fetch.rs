//! Fetching the issuer's keys: plain `http://` GETs of the discovery
//! document and the JWKS, on a loopback host only.

use std::net::{IpAddr, Ipv6Addr};
use std::time::Duration;

use axum::http::{Uri, header};
use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpStream;

/// How long one GET of the discovery document or of the JWKS may take.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest discovery document or JWKS accepted.
const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// Checks an `--oidc-issuer` URL: `http://` on a loopback host (127.0.0.0/8,
/// `localhost`, `[::1]`), without credentials, query or fragment.
pub fn check_issuer(url: &str) -> Result<(), String> {
    let (uri, _, _) = loopback_target(url)?;
    if uri.query().is_some() || url.contains('#') {
        return Err(format!(
            "'{url}': the issuer URL must not have a query or a fragment"
        ));
    }
    Ok(())
}

/// `url` parsed, and where to connect for it (host, port), if it is `http://` on a loopback host.
fn loopback_target(url: &str) -> Result<(Uri, String, u16), String> {
    let uri: Uri = url.parse().map_err(|_| format!("'{url}' is not a URL"))?;
    const RULE: &str = "the emulator only fetches keys over plain http:// from a loopback host \
                        (127.0.0.0/8, localhost or [::1])";
    if uri.scheme_str() != Some("http") {
        return Err(format!("'{url}' is not an http:// URL; {RULE}"));
    }
    let authority = uri
        .authority()
        .ok_or_else(|| format!("'{url}' has no host; {RULE}"))?;
    if authority.as_str().contains('@') {
        return Err(format!("'{url}' carries credentials; {RULE}"));
    }
    let host = authority.host();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = if host.eq_ignore_ascii_case("localhost") {
        true
    } else if host.starts_with('[') {
        bare.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback())
    } else {
        bare.parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_ipv4() && ip.is_loopback())
    };
    if !loopback {
        return Err(format!("'{url}' is not on a loopback host; {RULE}"));
    }
    let (host, port) = (bare.to_string(), authority.port_u16().unwrap_or(80));
    Ok((uri, host, port))
}

/// GETs `url` (`http://` on a loopback host only) and parses the body as JSON,
/// within [`FETCH_TIMEOUT`]; a non-2xx status is an error.
pub async fn http_get_json(url: &str) -> Result<Value, String> {
    tokio::time::timeout(FETCH_TIMEOUT, get_json(url))
        .await
        .map_err(|_| format!("GET {url}: no answer within {} s", FETCH_TIMEOUT.as_secs()))?
}

async fn get_json(url: &str) -> Result<Value, String> {
    let (uri, host, port) = loopback_target(url)?;
    let stream = TcpStream::connect((host.as_str(), port))
        .await
        .map_err(|e| format!("GET {url}: cannot connect: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    // Drives the connection until the response is read (the task ends with it).
    tokio::spawn(async move {
        let _ = connection.await;
    });
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let authority = uri.authority().map_or("", |a| a.as_str());
    let request = axum::http::Request::get(path)
        .header(header::HOST, authority)
        .header(header::ACCEPT, "application/json")
        .body(Empty::<Bytes>::new())
        .map_err(|e| format!("GET {url}: {e}"))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    let status = response.status();
    let body = Limited::new(response.into_body(), MAX_DOCUMENT_BYTES)
        .collect()
        .await
        .map_err(|e| format!("GET {url}: reading the body: {e}"))?
        .to_bytes();
    if !status.is_success() {
        return Err(format!("GET {url}: HTTP {status}"));
    }
    serde_json::from_slice(&body).map_err(|e| format!("GET {url}: the body is not JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_must_be_plain_http_on_loopback() {
        for ok in [
            "http://127.0.0.1:9000",
            "http://127.1.2.3:9000/tenant/v2.0",
            "http://localhost:9000/",
            "http://LOCALHOST",
            "http://[::1]:9000/x",
        ] {
            assert!(check_issuer(ok).is_ok(), "{ok}");
        }
        for bad in [
            "https://127.0.0.1:9000",
            "https://login.microsoftonline.com/common/v2.0",
            "http://login.microsoftonline.com/x",
            "http://10.0.0.1:9000",
            "http://0.0.0.0:9000",
            "http://[::2]:9000",
            "http://[::ffff:127.0.0.1]:9000",
            "http://localhost.example.com",
            "http://user:pw@127.0.0.1:9000",
            "http://127.0.0.1:9000/?x=1",
            "127.0.0.1:9000",
            "not a url",
            "",
        ] {
            assert!(check_issuer(bad).is_err(), "{bad}");
        }
        let message = check_issuer("https://login.microsoftonline.com/x").unwrap_err();
        assert!(message.contains("loopback"), "{message}");
    }
}

//! Over real sockets: the library's `Server`, and the binary itself.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use syncdeck_emulator::{Error, Options, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One HTTP/1.1 request over a fresh connection; returns (status, headers+body text).
async fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    (status, text)
}

#[tokio::test]
async fn server_on_port_zero_answers_graph_over_tcp() {
    let server = Server::bind(Options {
        addr: "127.0.0.1:0".parse().unwrap(),
        ..Options::default()
    })
    .await
    .unwrap();
    let port = server.local_addr().port();
    assert_ne!(port, 0);
    assert_eq!(server.url(), format!("http://127.0.0.1:{port}"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(server.run_until(async {
        let _ = stopped.await;
    }));

    let addr = format!("127.0.0.1:{port}");
    let (status, text) = http(
        &addr,
        "GET",
        "/v1.0/servicePrincipals?$top=2",
        &[("Authorization", "Bearer syncdeck-demo-token")],
    )
    .await;
    assert_eq!(status, 200, "{text}");
    assert!(
        text.to_ascii_lowercase().contains("\r\nrequest-id: "),
        "{text}"
    );
    let body = &text[text.find("\r\n\r\n").unwrap() + 4..];
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(json["value"].as_array().unwrap().len(), 2);
    let next = json["@odata.nextLink"].as_str().unwrap();
    assert!(
        next.starts_with(&format!(
            "http://{addr}/v1.0/servicePrincipals?$top=2&$skiptoken="
        )),
        "{next}"
    );

    let (status, text) = http(&addr, "GET", "/config.json", &[]).await;
    assert_eq!(status, 200);
    assert!(
        text.contains(&format!("\"graphBaseUrl\":\"http://{addr}\"")),
        "{text}"
    );

    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), running)
        .await
        .expect("graceful shutdown")
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn refuses_non_loopback_addresses_and_dist_without_index() {
    let err = Server::bind(Options {
        addr: "0.0.0.0:0".parse().unwrap(),
        ..Options::default()
    })
    .await
    .err()
    .unwrap();
    assert!(matches!(err, Error::NotLoopback(_)));
    assert!(err.is_usage());
    assert!(err.to_string().contains("loopback"));

    let empty = tempfile::tempdir().unwrap();
    let err = Server::bind(Options {
        addr: "127.0.0.1:0".parse().unwrap(),
        dist: Some(empty.path().to_path_buf()),
        ..Options::default()
    })
    .await
    .err()
    .unwrap();
    assert!(matches!(err, Error::DistWithoutIndex(_)));
}

#[tokio::test]
async fn binary_prints_its_url_serves_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_syncdeck-emulator"))
        .args(["--addr", "127.0.0.1:0", "--token", "e2e-token"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        line
    });
    let line = tokio::time::timeout(Duration::from_secs(30), line)
        .await
        .expect("the listening line within 30 s")
        .unwrap();
    let url = line
        .trim_end()
        .strip_prefix("syncdeck-emulator listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    assert!(url.starts_with("127.0.0.1:"), "{url}");

    let (status, _) = http(&url, "GET", "/_emulator/health", &[]).await;
    assert_eq!(status, 200);
    let (status, text) = http(
        &url,
        "GET",
        "/beta/servicePrincipals",
        &[("Authorization", "Bearer syncdeck-demo-token")],
    )
    .await;
    assert_eq!(
        status, 401,
        "the --token given replaces the default: {text}"
    );

    #[cfg(unix)]
    {
        // SIGTERM to the child we started, by its pid.
        let killed = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = tokio::task::spawn_blocking(move || child.wait().unwrap());
        let status = tokio::time::timeout(Duration::from_secs(10), status)
            .await
            .expect("stops within 10 s of SIGTERM")
            .unwrap();
        assert!(status.success(), "clean exit on SIGTERM: {status}");
    }
    #[cfg(not(unix))]
    {
        child.kill().unwrap();
    }
}

#[test]
fn binary_exits_2_on_a_non_loopback_address() {
    let out = Command::new(env!("CARGO_BIN_EXE_syncdeck-emulator"))
        .args(["--addr", "0.0.0.0:8080"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no listening line");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("loopback"), "{stderr}");
}

//! Real-HTTP test harness: the library's `Server` on port 0 and a tiny
//! HTTP/1.1 client over raw TCP (one connection per request).
#![allow(dead_code)]

use std::time::Duration;

use serde_json::Value;
use syncdeck_emulator::{GraphTime, Options, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const NOW: &str = "2026-11-22T21:03:11.1234567Z";
pub const TOKEN: &str = syncdeck_emulator::DEFAULT_TOKEN;

/// Options for tests: pinned now, frozen clock (speed 0), port 0.
pub fn options() -> Options {
    Options {
        addr: "127.0.0.1:0".parse().unwrap(),
        now: Some(GraphTime::parse(NOW).unwrap()),
        speed: 0.0,
        ..Options::default()
    }
}

/// A running emulator.
pub struct Emu {
    pub addr: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Emu {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Emu {
    pub async fn start(options: Options) -> Emu {
        let server = Server::bind(options).await.unwrap();
        let addr = server.local_addr().to_string();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server.run_until(async {
            let _ = stopped.await;
        }));
        Emu {
            addr,
            stop: Some(stop),
        }
    }

    pub async fn default() -> Emu {
        Emu::start(options()).await
    }

    /// Sends one request; `Err` when the connection closed without a response.
    pub async fn try_send(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Result<Resp, String> {
        let mut stream = TcpStream::connect(&self.addr).await.unwrap();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if let Some(body) = body {
            req.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        req.push_str("\r\n");
        if let Some(body) = body {
            req.push_str(body);
        }
        stream.write_all(req.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut raw))
            .await
            .expect("response within 30 s");
        if raw.is_empty() {
            return Err(format!("connection closed without a response ({read:?})"));
        }
        parse_response(&raw)
    }

    /// Any request (no token added).
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Resp {
        self.try_send(method, path, body, headers).await.unwrap()
    }

    /// An authorized Graph request (JSON body when given).
    pub async fn graph(&self, method: &str, path: &str, body: Option<&str>) -> Resp {
        let auth = format!("Bearer {TOKEN}");
        let mut headers = vec![("Authorization", auth.as_str())];
        if body.is_some() {
            headers.push(("Content-Type", "application/json"));
        }
        self.send(method, path, body, &headers).await
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.graph("GET", path, None).await
    }

    pub async fn post(&self, path: &str, body: &str) -> Resp {
        self.graph("POST", path, Some(body)).await
    }

    /// An admin request (`/_emulator/...`) with a JSON body.
    pub async fn admin(&self, method: &str, path: &str, body: Option<&str>) -> Resp {
        let headers: &[(&str, &str)] = if body.is_some() {
            &[("Content-Type", "application/json")]
        } else {
            &[]
        };
        self.send(method, path, body, headers).await
    }

    pub async fn set_faults(&self, json: &str) {
        let r = self.admin("POST", "/_emulator/faults", Some(json)).await;
        assert_eq!(r.status, 200, "{}", r.text());
    }

    pub async fn advance(&self, seconds: i64) {
        let r = self
            .admin(
                "POST",
                "/_emulator/clock",
                Some(&format!("{{\"advanceSeconds\":{seconds}}}")),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
    }

    pub async fn log(&self) -> Vec<Value> {
        self.admin("GET", "/_emulator/requests", None)
            .await
            .json()
            .as_array()
            .unwrap()
            .clone()
    }

    pub async fn stats(&self) -> Value {
        self.admin("GET", "/_emulator/stats", None).await.json()
    }

    /// All visible service principals.
    pub async fn sps(&self) -> Vec<Value> {
        let r = self.get("/v1.0/servicePrincipals?$top=999").await;
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["value"].as_array().unwrap().clone()
    }

    pub async fn sp_id(&self, name: &str) -> String {
        self.sps()
            .await
            .iter()
            .find(|s| s["displayName"] == name)
            .unwrap_or_else(|| panic!("no service principal {name}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// `/v1.0/servicePrincipals/{id}/synchronization/jobs` of the app named `name`.
    pub async fn jobs_path(&self, name: &str) -> String {
        format!(
            "/v1.0/servicePrincipals/{}/synchronization/jobs",
            self.sp_id(name).await
        )
    }

    pub async fn job(&self, jobs_path: &str, job_id: &str) -> Value {
        let r = self.get(&format!("{jobs_path}/{job_id}")).await;
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    }

    /// The first job of the app named `name`: (jobs path, job id).
    pub async fn first_job(&self, name: &str) -> (String, String) {
        let path = self.jobs_path(name).await;
        let jobs = self.get(&path).await.json();
        let id = jobs["value"][0]["id"].as_str().unwrap().to_string();
        (path, id)
    }
}

fn parse_response(raw: &[u8]) -> Result<Resp, String> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no header end in {:?}", String::from_utf8_lossy(raw)))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        body = dechunk(&body);
    }
    Ok(Resp {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size =
            usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        data = &data[line_end + 2..];
        if size == 0 || data.len() < size {
            break;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[(size + 2).min(data.len())..];
    }
    out
}

/// Asserts `r` is Graph's error envelope with `status` and `code`, and returns its body.
pub fn assert_envelope(r: &Resp, status: u16, code: &str) -> Value {
    assert_eq!(r.status, status, "{}", r.text());
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let body = r.json();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["innerError"]["request-id"].is_string());
    body
}

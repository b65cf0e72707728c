//! nginx for real: `deploy/nginx/syncdeck.conf` served on 127.0.0.1 and queried.
//!
//! The test starts its own nginx (not the system service): in the foreground, with its own
//! configuration, prefix, pid file and logs in a temporary directory, on a free loopback port, and
//! kills it when it ends. The binary is the one `xtask/build.rs` found; without a working nginx
//! the test is compiled ignored, so it is reported as skipped and never as passed.

use super::{PAGES, check, deploy, sample_dist, temp_dir};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
#[cfg_attr(
    xtask_nginx = "missing",
    ignore = "nginx is not installed (`cargo xtask setup` installs it)"
)]
#[cfg_attr(
    xtask_nginx = "broken",
    ignore = "nginx is installed but `nginx -v` fails"
)]
fn nginx_serves_the_sample_for_real() {
    // Run with --ignored where no nginx runs: a failure that says why.
    let Some(nginx) = option_env!("XTASK_NGINX") else {
        panic!("xtask/build.rs found no nginx that runs (`cargo xtask setup` installs it)");
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
    let child = Command::new(nginx)
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

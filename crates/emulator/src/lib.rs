//! syncdeck-emulator: a local peer of the Microsoft Graph synchronization
//! (provisioning jobs) API for a deterministic demo tenant, which also serves
//! the built syncdeck app.
//!
//! It is written from the Graph reference (`graph-sync-api.md`), not from the
//! app's parser, so the two can catch each other's mistakes.
//!
//! ```no_run
//! # async fn demo() -> Result<(), syncdeck_emulator::Error> {
//! let options = syncdeck_emulator::Options::default();
//! syncdeck_emulator::serve(options).await
//! # }
//! ```
//!
//! Tests drive [`app`] directly (`tower::ServiceExt::oneshot`), without sockets.

pub mod demo;
pub mod ids;
pub mod odata;
pub mod reqlog;
pub mod routes;
pub mod state;
pub mod tenant;
pub mod time;

use std::future::Future;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use tokio::net::TcpListener;

pub use crate::state::AppState;
pub use crate::time::GraphTime;

/// The bearer token the emulator accepts unless told otherwise.
pub const DEFAULT_TOKEN: &str = "syncdeck-demo-token";
/// The address the emulator listens on unless told otherwise.
pub const DEFAULT_ADDR: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(Ipv4Addr::LOCALHOST), 8080);

/// How to run the emulator.
#[derive(Clone, Debug)]
pub struct Options {
    /// Where to listen; must be a loopback address (port 0 picks a free port).
    pub addr: SocketAddr,
    /// The built app (`dist/` with `index.html`) to serve; `None` serves Graph only.
    pub dist: Option<PathBuf>,
    /// The only bearer token Graph routes accept (also written into `/config.json`).
    pub token: String,
    /// The demo tenant's "now" (its timestamps are relative to it); `None` = start time.
    pub now: Option<GraphTime>,
    /// `apiVersion` written into `/config.json` (`v1.0` or `beta`).
    pub api_version: String,
    /// List `Retry-After` in `Access-Control-Expose-Headers`. Graph is reported
    /// not to, so the default (`false`) makes the app cope without it.
    pub expose_retry_after: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            addr: DEFAULT_ADDR,
            dist: None,
            token: DEFAULT_TOKEN.to_string(),
            now: None,
            api_version: "v1.0".to_string(),
            expose_retry_after: false,
        }
    }
}

/// Why the emulator could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The address is not loopback: the emulator hands its token to anyone who asks.
    #[error(
        "refusing to listen on {0}: the emulator hands out its bearer token in /config.json, \
         so it only listens on a loopback address (127.0.0.0/8 or [::1])"
    )]
    NotLoopback(SocketAddr),
    /// `--dist` has no `index.html`.
    #[error("--dist {0}: there is no index.html in that directory (build the app first)")]
    DistWithoutIndex(PathBuf),
    /// Binding the socket failed.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// The server failed while running.
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

impl Error {
    /// Whether this is a usage error (bad arguments) rather than a runtime failure.
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::NotLoopback(_) | Error::DistWithoutIndex(_))
    }
}

/// The emulator's router for `state` (Graph, admin endpoints, the app).
pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
}

/// A bound, not yet running emulator.
pub struct Server {
    listener: TcpListener,
    state: AppState,
    local_addr: SocketAddr,
}

impl Server {
    /// Checks `options` and binds the socket (loopback only).
    pub async fn bind(options: Options) -> Result<Server, Error> {
        let addr = options.addr;
        if !addr.ip().is_loopback() {
            return Err(Error::NotLoopback(addr));
        }
        if let Some(dist) = &options.dist
            && !dist.join("index.html").is_file()
        {
            return Err(Error::DistWithoutIndex(dist.clone()));
        }
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Bind { addr, source })?;
        let local_addr = listener
            .local_addr()
            .map_err(|source| Error::Bind { addr, source })?;
        let mut options = options;
        options.addr = local_addr;
        Ok(Server {
            listener,
            state: AppState::new(options),
            local_addr,
        })
    }

    /// The address actually bound (the real port when port 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// The state the server will serve (e.g. to read the request log in tests).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests.
    pub async fn run_until<F>(self, shutdown: F) -> Result<(), Error>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        axum::serve(self.listener, app(self.state))
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(Error::Serve)
    }
}

/// Binds, prints `syncdeck-emulator listening on http://127.0.0.1:<port>` on
/// stdout (scripts wait for that line), and serves until Ctrl-C or SIGTERM.
pub async fn serve(options: Options) -> Result<(), Error> {
    let server = Server::bind(options).await?;
    {
        let mut out = std::io::stdout().lock();
        // A closed stdout must not stop the server.
        let _ = writeln!(out, "syncdeck-emulator listening on {}", server.url());
        let _ = out.flush();
    }
    server.run_until(shutdown_signal()).await
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sig) => {
                sig.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

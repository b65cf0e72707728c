//! syncdeck-emulator: a local peer of the Microsoft Graph synchronization
//! (provisioning jobs) API for a deterministic demo tenant, which also serves
//! the built syncdeck app.
//!
//! It is written from Microsoft's Graph documentation
//! (<https://learn.microsoft.com/en-us/graph/api/resources/synchronization-overview>),
//! not from the app's parser, so the two can catch each other's mistakes.
//!
//! ```no_run
//! # async fn demo() -> Result<(), syncdeck_emulator::Error> {
//! let options = syncdeck_emulator::Options::default();
//! syncdeck_emulator::serve(options).await
//! # }
//! ```
//!
//! Tests drive [`app`] directly (`tower::ServiceExt::oneshot`), or bind a
//! [`Server`] on port 0 and talk real HTTP to it.
//!
//! # Surface
//!
//! Under `/v1.0` and `/beta` (same operations): `GET /servicePrincipals`
//! (`$top` ≤ 999, `$select`, `$filter` = `startswith(displayName,'..')`
//! case-insensitive / `displayName|appId|id eq '..'`, `$count`, nextLink
//! paging), `GET /servicePrincipals/{id}`, and under
//! `/servicePrincipals/{id}/synchronization`: `jobs` (GET, POST), `jobs/{jobId}`
//! (GET, DELETE), `jobs/{jobId}/start|pause|restart|provisionOnDemand|validateCredentials`
//! (POST), `jobs/validateCredentials` (POST), `jobs/{jobId}/schema` (GET, PUT),
//! `templates` and `templates/{id}` (GET), `secrets` (PUT; GET undocumented);
//! `GET /auditLogs/provisioning`; `GET /users/{id|upn}`,
//! `GET /groups/{id}`, `GET /groups/{id}/members` (a small fixed directory, see
//! [`directory`]); `POST /$batch`.
//! Admin endpoints are under `/_emulator/` (see [`routes::admin`]), among them
//! `GET /_emulator/manifest`, the served tenant's apps, jobs and counts (see
//! [`manifest`]).
//!
//! # Behaviours decided where the documentation is silent
//!
//! - **Create job** answers 200 like the documentation's example (`--create-status 201`
//!   for the text's 201); template ids match case-insensitively; a missing or
//!   unknown `templateId` is a 400 `BadRequest` naming the available templates.
//!   Created ids are `{template}.{32 hex}` (plus `.{tenant id}` for `aws`,
//!   `BoxOutDelta`, Cloud Sync, cross-tenant, API-driven), deterministic.
//! - **Secrets**: `PUT .../secrets` (`{"value":[{key,value}..]}`, keys matched
//!   case-insensitively against `synchronizationSecret` and saved with its spelling,
//!   an unknown key is a 400) replaces the saved set: afterwards it is exactly the
//!   PUT's pairs in the PUT's order (a key given twice: its first place, its last
//!   value); a key left out is gone. `GET .../secrets` answers every saved pair, in
//!   order, values as saved. The `secretsRead` fault (`"ok"` by default) makes that
//!   GET alone answer 403 `Authorization_RequestDenied` (`"forbidden"`), 404
//!   `ResourceNotFound` (`"notFound"`) or the credential values (`Password`,
//!   `SecretToken`, `ClientSecret`, ...) as `"*****"` (`"masked"`).
//! - **Start** on `NotConfigured` needs saved secrets (`PUT .../secrets`),
//!   otherwise 400 `BadRequest`. Start on a running job (status `Active`, or `NotRun`
//!   with schedule `Active`) is 204, counted (`startWhileRunning`) and noted
//!   (`"note":"start while running"`); with `--strict-start` (or
//!   `{"strictStart":true}`) the job is quarantined (`EncounteredQuarantineException`,
//!   error `ProvisioningServiceStopped`). Start on a quarantined job lifts the
//!   quarantine and runs a cycle at once.
//! - **Pause** on a `NotConfigured` job is a 204 no-op; on a quarantined job the
//!   quarantine object is kept until the job is started again.
//! - **Restart**: `None` (alone) behaves like Start (resumes a paused or
//!   quarantined job); empty or missing criteria = `QuarantineState, Watermark,
//!   Escrows`. Every other restart sets the schedule `Active` and runs a cycle
//!   now: an *initial* one (steady state reset, progress from 0) when Watermark or
//!   ConnectorDataStore is in scope, else an incremental one. Escrows zeroes the
//!   escrow counts (and the following cycles stop reporting them);
//!   ConnectorDataStore also clears `synchronizedEntryCountByType`; a job still
//!   quarantined after the flags are applied stays `Quarantine` and does not
//!   move. An unknown member is a 400 `BadRequest` naming it (.NET's
//!   "Requested value 'X' was not found.").
//! - **Cycles** (see [`sim`]): a page ("unit") every 6 emulated seconds for new
//!   cycles; initial cycles have `entries / 25` pages (4..=400), incremental ones 1-3.
//!   The demo's running cycles continue from the progress they show. Jobs whose
//!   last cycle failed with an error keep failing until `PUT .../secrets` saves
//!   credentials that pass the credential rule.
//! - **validateCredentials**: `--credential-rule scim` (default: `BaseAddress`
//!   https, `SecretToken` non-empty), `accept` or `reject`; at run time
//!   `{"credentialRule": "accept"|"reject"|"scim"}` in `POST /_emulator/faults`
//!   overrides the flag (`null`, `DELETE /_emulator/faults` or a reset: the flag's
//!   again), for the job-bound and the unbound check and for PUT secrets' fix of
//!   failing jobs. Failures are 400 `BadRequest` saying why. `useSavedCredentials:
//!   true` checks the saved secrets.
//! - **Schema**: `GET .../jobs/{jobId}/schema` answers the schema a job of its kind
//!   starts with (Microsoft's default mappings, see [`templates::schema_json`])
//!   until a `PUT .../schema` saves another: a JSON object with the arrays
//!   `synchronizationRules` and `directories` (else 400 `BadRequest` naming what
//!   is missing), stored whole without its top-level `@odata.*` members (a
//!   replace, not a merge) and served as it is (with `@odata.context`) by later
//!   GETs; 204. The PUT restarts a running or quarantined job as the portal's
//!   Restart does (the default scope: a new initial cycle, quarantine lifted,
//!   escrows cleared); a paused job stays paused, a not configured one is not
//!   started.
//! - **provisionOnDemand**: the `ruleId` must be one of the job's schema rules
//!   (those of a saved schema once there is one; 400 otherwise); API-driven inbound jobs (`API2AAD`) answer 400. For outbound
//!   jobs the subject must be a user or group (`links.members`) of [`directory`],
//!   else the result is `Failure` (`EntryNotFound`); the directory's failing user
//!   always fails at export (`SchemaAttributeValueInvalid`). Otherwise the first
//!   request for an object is `Success`, a repeat is
//!   `Skipped` (`RedundantExport`); each adds a provisioning log entry. Limit 5 /
//!   10 s per token (`--on-demand-limit`), then 429 with `Retry-After`.
//! - **Provisioning logs** (see [`sim::history`]): a job that has run starts with
//!   about one cycle a day over the 30 days before now (2 for `--apps`), then the
//!   runs it shows and every emulated cycle; mostly successes, some out-of-scope
//!   skips, warnings and failures (a quarantined job's with its own error code);
//!   newest first; default page 50, `$top` ≤ 1000; `$filter` with `eq`,
//!   `contains` and `activityDateTime` `eq|gt|ge|lt|le`, `and`/`or`/parentheses,
//!   case-sensitive values (see [`routes::log_filter`]); beta adds the legacy
//!   `action` and `statusInfo`. The `logsLicenseMissing` and `logsRoleMissing`
//!   faults make it answer 403. Reports throttle 5 / 10 s per token
//!   (`--reports-limit`), real time, 429s not counted.
//! - **`$batch`** (see [`routes::batch`]): `dependsOn` is ignored; sub-requests run
//!   concurrently through the whole emulator with the outer request's token; the
//!   outer request itself meets no injected fault; dropped connections never hit
//!   a sub-request; a nested `$batch` is a 400 sub-response.
//! - **Faults** (see [`faults`]): `POST /_emulator/faults` merges fields,
//!   `DELETE` turns every fault off, `POST /_emulator/reset` restores the start-up
//!   ones. The `UnknownError` mode rewrites any error envelope (4xx/5xx) but
//!   the budget's 429s.
//! - **The request budget** (`--rate-limit N`, `{"rateLimit": N}`, 0 = off, see
//!   [`budget`]): at most N Graph requests per sliding 10 s window (real time) per
//!   bearer token, as Graph's per-app budgets; each `$batch` sub-request counts
//!   (in request order), the envelope, preflights, 401/403s of the token
//!   checks, `/_emulator/*` and the app's files do not, nor do the requests it
//!   refuses. Over it: 429 `TooManyRequests` with `Retry-After` = the whole
//!   seconds until there is room (at least 1), a 429 sub-response inside a
//!   batch; checked before the fault dice, which a refused request does not
//!   draw. The request log marks its 429s `"throttle": "budget"` and
//!   `GET /_emulator/stats` counts them (`budgetThrottled`).
//! - **The forbidden app** "Contoso Payroll (restricted)" (a healthy SCIM job) is
//!   part of every tenant but visible only while `forbiddenApp` is on; then its
//!   synchronization endpoints answer 403 `Authorization_RequestDenied`, and its
//!   logs stay hidden. With the fault off the demo tenant is exactly 20 apps.
//! - **`--apps N`** replaces the demo tenant by a generated one (see [`generate`]);
//!   the share of apps with jobs is exactly `round(N x --job-share)`.
//! - **The clock** starts at `--now` (or the start time), runs at `--speed`,
//!   never goes back; `POST /_emulator/reset` puts it back at its start.
//! - **Tokens**: by default Graph routes accept exactly the bearer `--token`.
//!   With `--oidc-issuer URL` (see [`oidc`]) they accept instead only JWTs that
//!   verify against that issuer's JWKS (found via
//!   `{URL}/.well-known/openid-configuration`, fetched on first need and again
//!   for an unknown `kid`, at most once per 2 s): `iss` = the URL (with or
//!   without a trailing slash), `aud` = `--oidc-audience` (default
//!   `https://graph.microsoft.com`) or Graph's app id
//!   `00000003-0000-0000-c000-000000000000`, `exp` in the future and `nbf` not,
//!   on the real clock, without leeway. The URL must be `http://` on a loopback
//!   host (127.0.0.0/8, `localhost`, `[::1]`), else it is a usage error. A token
//!   that fails is a 401 `InvalidAuthenticationToken` ("Lifetime validation
//!   failed, the token is expired.", "Access token validation failure. Invalid
//!   audience.", "Access token validation failure." for the rest, or a message
//!   saying the keys could not be fetched). Then the delegated permissions
//!   (`scp`, case-insensitive, a resource URL prefix ignored) must meet
//!   [`oidc::required_scopes`], else 403 `Authorization_RequestDenied`:
//!   `/servicePrincipals[/{id}]` one of `Application.Read.All`,
//!   `Application.ReadWrite.All`, `Directory.Read.All`, `Directory.ReadWrite.All`;
//!   `/servicePrincipals/{id}/synchronization/..` `Synchronization.Read.All` or
//!   `Synchronization.ReadWrite.All` for GET, `Synchronization.ReadWrite.All`
//!   for every other method; `/auditLogs/provisioning` `AuditLog.Read.All` and
//!   `Directory.Read.All` or `Directory.ReadWrite.All`; `/users/..` one of
//!   `User.ReadBasic.All`, `User.Read.All`, `Directory.Read.All`,
//!   `Directory.ReadWrite.All`; `/groups/..` one of `GroupMember.Read.All`,
//!   `Group.Read.All`, `Directory.Read.All`, `Directory.ReadWrite.All`; the `$batch` envelope
//!   and other paths only a valid token (each sub-request is checked on its
//!   own). The request log then shows each Graph request's `scp`, `user`
//!   (`preferred_username`) and `tokenId` (a 16-hex fingerprint, never the
//!   token), and the reports and provisionOnDemand limits count per `oid` (or
//!   per fingerprint; the `--rate-limit` budget counts per token).
//!   `/config.json` still hands out `--token`.

pub mod budget;
pub mod demo;
pub mod directory;
pub mod faults;
pub mod filter;
pub mod generate;
pub mod ids;
pub mod manifest;
pub mod manifest_logs;
pub mod odata;
pub mod oidc;
pub mod reqlog;
pub mod rng;
pub mod routes;
pub mod sim;
pub mod state;
pub mod templates;
pub mod tenant;
pub mod time;

use std::future::Future;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use tokio::net::TcpListener;

pub use crate::faults::Faults;
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
    /// The Content-Security-Policy of the app's pages instead of
    /// [`routes::site::CONTENT_SECURITY_POLICY`] (e.g. a deployment sample's policy, for the
    /// end-to-end tests that sign in against an OpenID Connect server on another origin).
    pub content_security_policy: Option<String>,
    /// Seed of every random choice (faults, `$batch` order, the generated tenant).
    pub seed: u64,
    /// Emulated seconds per real second (0 freezes the clock).
    pub speed: f64,
    /// `Some(n)`: serve a generated tenant of `n` apps instead of the demo tenant.
    pub apps: Option<usize>,
    /// Share of generated apps that have provisioning jobs.
    pub job_share: f64,
    /// Status of a successful create job: 200 (as the documentation's example) or 201 (as its text).
    pub create_status: u16,
    /// The credential check of `validateCredentials`.
    pub credential_rule: CredentialRule,
    /// Reports (provisioning logs) requests allowed per 10 s per token (0 = unlimited).
    pub reports_limit: u32,
    /// provisionOnDemand requests allowed per 10 s per token (0 = unlimited).
    pub on_demand_limit: u32,
    /// The faults at start (and after `POST /_emulator/reset`).
    pub faults: Faults,
    /// `Some(issuer)`: Graph routes accept only JWTs of this issuer (an `http://`
    /// URL on a loopback host) with the scopes each route needs, instead of
    /// [`Options::token`] (see [`oidc`]).
    pub oidc_issuer: Option<String>,
    /// With `oidc_issuer`: the audience tokens must be for (Graph's app id
    /// [`oidc::GRAPH_APP_ID`] is accepted too).
    pub oidc_audience: String,
}

/// How `validateCredentials` judges credentials: `--credential-rule` at start, the
/// `credentialRule` of `POST /_emulator/faults` at run time (see [`Faults::credential_rule`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CredentialRule {
    /// `BaseAddress` must be an https URL and `SecretToken` must not be empty.
    #[default]
    Scim,
    /// Every set of credentials is valid.
    Accept,
    /// Every set of credentials is refused.
    Reject,
}

/// The JSON form (`"accept"`, `"reject"`, `"scim"`) is read by the same parser as
/// `--credential-rule` (case-insensitively), so the two never disagree on a name.
impl<'de> serde::Deserialize<'de> for CredentialRule {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        <CredentialRule as clap::ValueEnum>::from_str(&text, true).map_err(|_| {
            serde::de::Error::custom(format!(
                "unknown credential rule '{text}' (accept, reject, scim)"
            ))
        })
    }
}

/// The default seed (fixed, so runs are reproducible).
pub const DEFAULT_SEED: u64 = 20_261_122;

impl Default for Options {
    fn default() -> Self {
        Options {
            addr: DEFAULT_ADDR,
            dist: None,
            token: DEFAULT_TOKEN.to_string(),
            now: None,
            api_version: "v1.0".to_string(),
            expose_retry_after: false,
            content_security_policy: None,
            seed: DEFAULT_SEED,
            speed: 1.0,
            apps: None,
            job_share: 0.05,
            create_status: 200,
            credential_rule: CredentialRule::Scim,
            reports_limit: 5,
            on_demand_limit: 5,
            faults: Faults::default(),
            oidc_issuer: None,
            oidc_audience: oidc::DEFAULT_AUDIENCE.to_string(),
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
    /// `--oidc-issuer` is not an `http://` URL on a loopback host.
    #[error("--oidc-issuer {0}")]
    OidcIssuer(String),
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
        matches!(
            self,
            Error::NotLoopback(_) | Error::DistWithoutIndex(_) | Error::OidcIssuer(_)
        )
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
        if let Some(issuer) = &options.oidc_issuer {
            oidc::check_issuer(issuer).map_err(Error::OidcIssuer)?;
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
    // Before the line scripts wait for: from then on, SIGTERM means a clean stop.
    let shutdown = shutdown_signal();
    {
        let mut out = std::io::stdout().lock();
        // A closed stdout must not stop the server.
        let _ = writeln!(out, "syncdeck-emulator listening on {}", server.url());
        let _ = out.flush();
    }
    server.run_until(shutdown).await
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM. The handlers are installed when this is
/// called, not when the future is first polled: the server polls it from a task of its own, and a
/// SIGTERM sent right after "listening on" was printed could otherwise still find the default
/// action (the process killed by the signal instead of a clean exit).
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt()).ok();
        let mut terminate = signal(SignalKind::terminate()).ok();
        async move {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(interrupt.take()) => {},
                () = wait(terminate.take()) => {},
            }
        }
    }
    #[cfg(not(unix))]
    async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

//! `syncdeck-emulator`: the command line around [`syncdeck_emulator::serve`].

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use syncdeck_emulator::{CredentialRule, Faults, GraphTime, Options};

/// A local Microsoft Graph synchronization API for syncdeck's demo and tests.
///
/// Graph is served under /v1.0 and /beta (service principals, synchronization
/// jobs and their actions, templates, secrets, schema, provisionOnDemand,
/// validateCredentials, /auditLogs/provisioning, $batch); the app (--dist) and
/// /config.json everywhere else; admin endpoints under /_emulator/ (health,
/// requests, clock, faults, reset, stats, manifest).
///
/// Graph routes accept the bearer --token; with --oidc-issuer they accept
/// instead only JWTs of that (local) identity provider, with the delegated
/// permissions (scp) each route needs.
#[derive(Debug, Parser)]
#[command(name = "syncdeck-emulator", version)]
struct Cli {
    /// Address to listen on (loopback only; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080", value_parser = parse_addr)]
    addr: SocketAddr,
    /// The built app to serve (a directory with index.html).
    #[arg(long)]
    dist: Option<PathBuf>,
    /// The bearer token Graph routes accept (also handed out in /config.json).
    #[arg(long, default_value = syncdeck_emulator::DEFAULT_TOKEN)]
    token: String,
    /// Pin the demo tenant's "now", e.g. 2026-11-22T21:03:11Z (default: start time).
    #[arg(long, value_parser = parse_time)]
    now: Option<GraphTime>,
    /// apiVersion written into /config.json.
    #[arg(long, default_value = "v1.0", value_parser = ["v1.0", "beta"])]
    api_version: String,
    /// List Retry-After in Access-Control-Expose-Headers (Graph is reported not to).
    #[arg(long)]
    expose_retry_after: bool,
    /// Serve the app's pages with this Content-Security-Policy instead of the emulator's own
    /// (which allows Graph on the same origin only).
    #[arg(long, value_name = "POLICY")]
    content_security_policy: Option<String>,
    /// Seed of every random choice: faults, $batch response order, the --apps tenant.
    #[arg(long, default_value_t = syncdeck_emulator::DEFAULT_SEED)]
    seed: u64,
    /// Emulated seconds per real second (jobs run cycles on this clock; 0 freezes it).
    #[arg(long, default_value_t = 1.0, value_parser = parse_speed)]
    speed: f64,
    /// Serve a generated tenant of N service principals INSTEAD of the demo tenant.
    #[arg(long, value_name = "N")]
    apps: Option<usize>,
    /// With --apps: the share of apps that have provisioning jobs.
    #[arg(long, default_value_t = 0.05, value_parser = parse_share)]
    job_share: f64,
    /// Status of a successful create job: 200 (the documentation's example) or 201 (its text).
    #[arg(long, default_value_t = 200, value_parser = parse_create_status)]
    create_status: u16,
    /// How validateCredentials (and PUT secrets' fix of failing jobs) judge credentials:
    /// scim = BaseAddress must be https and SecretToken non-empty. At run time
    /// POST /_emulator/faults {"credentialRule": "accept"|"reject"|"scim"} overrides it.
    #[arg(long, value_enum, default_value_t = CredentialRule::Scim)]
    credential_rule: CredentialRule,
    /// Provisioning log (reports) requests allowed per 10 s per token; 0 = unlimited.
    #[arg(long, default_value_t = 5)]
    reports_limit: u32,
    /// provisionOnDemand requests allowed per 10 s per token; 0 = unlimited.
    #[arg(long, default_value_t = 5)]
    on_demand_limit: u32,
    /// Accept only JWTs of this issuer instead of --token: signed with a key of
    /// its JWKS ({URL}/.well-known/openid-configuration -> jwks_uri), iss = URL,
    /// aud = --oidc-audience or Graph's app id, not expired (real clock), with the
    /// scp each route needs (else 403). Must be http:// on a loopback host
    /// (127.0.0.0/8, localhost, [::1]).
    #[arg(long, value_name = "URL", value_parser = parse_issuer)]
    oidc_issuer: Option<String>,
    /// With --oidc-issuer: the audience tokens must be for
    /// (00000003-0000-0000-c000-000000000000, Graph's app id, is accepted too).
    #[arg(long, value_name = "AUD", default_value = syncdeck_emulator::oidc::DEFAULT_AUDIENCE)]
    oidc_audience: String,
    #[command(flatten)]
    faults: Faults,
}

fn parse_issuer(text: &str) -> Result<String, String> {
    syncdeck_emulator::oidc::check_issuer(text).map(|()| text.to_string())
}

fn parse_create_status(text: &str) -> Result<u16, String> {
    match text {
        "200" => Ok(200),
        "201" => Ok(201),
        _ => Err("200 or 201".to_string()),
    }
}

fn parse_speed(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v >= 0.0 && v.is_finite() => Ok(v),
        _ => Err("a number >= 0".to_string()),
    }
}

fn parse_share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err("a fraction between 0 and 1".to_string()),
    }
}

fn parse_addr(text: &str) -> Result<SocketAddr, String> {
    if let Ok(addr) = text.parse() {
        return Ok(addr);
    }
    // Allow `localhost:8080`; prefer its IPv4 address.
    let addrs: Vec<SocketAddr> = text
        .to_socket_addrs()
        .map_err(|e| format!("not an address (host:port): {e}"))?
        .collect();
    addrs
        .iter()
        .find(|a| a.is_ipv4())
        .or(addrs.first())
        .copied()
        .ok_or_else(|| "the name resolved to no address".to_string())
}

fn parse_time(text: &str) -> Result<GraphTime, String> {
    GraphTime::parse(text).ok_or_else(|| "expected YYYY-MM-DDTHH:MM:SS[.fffffff]Z".to_string())
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let options = Options {
        addr: cli.addr,
        dist: cli.dist,
        token: cli.token,
        now: cli.now,
        api_version: cli.api_version,
        expose_retry_after: cli.expose_retry_after,
        content_security_policy: cli.content_security_policy,
        seed: cli.seed,
        speed: cli.speed,
        apps: cli.apps,
        job_share: cli.job_share,
        create_status: cli.create_status,
        credential_rule: cli.credential_rule,
        reports_limit: cli.reports_limit,
        on_demand_limit: cli.on_demand_limit,
        faults: cli.faults,
        oidc_issuer: cli.oidc_issuer,
        oidc_audience: cli.oidc_audience,
    };
    match syncdeck_emulator::serve(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("syncdeck-emulator: {e}");
            ExitCode::from(if e.is_usage() { 2 } else { 1 })
        }
    }
}

//! `syncdeck-emulator`: the command line around [`syncdeck_emulator::serve`].

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use syncdeck_emulator::{GraphTime, Options};

/// A local Microsoft Graph synchronization API for syncdeck's demo and tests.
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
    };
    match syncdeck_emulator::serve(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("syncdeck-emulator: {e}");
            ExitCode::from(if e.is_usage() { 2 } else { 1 })
        }
    }
}

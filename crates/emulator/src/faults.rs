//! Faults on demand: latency, throttling (at random, or by a request budget),
//! server errors, odd error bodies,
//! dropped connections, the forbidden app, a tenant without the licence or a
//! user without the role to read the provisioning logs, and a Graph that refuses
//! or masks the read of saved secrets (`secretsRead`). Set by CLI flags at start and by
//! `POST /_emulator/faults` (same fields, camelCase JSON) at run time.
//!
//! Every Graph request and `$batch` sub-request (never a CORS preflight, never
//! a request without a valid token or, with `--oidc-issuer`, without the scopes
//! it needs, never the outer `$batch` envelope) draws the
//! same number of random numbers from a PRNG seeded with `--seed`, in this
//! order: drop, HTML 502, throttle, 500, 503, 504 (the first hit wins). So a
//! given sequence of requests meets the same faults on every run.
//!
//! The budget of `--rate-limit N` (`rateLimit`, see [`crate::budget`]: at most N
//! requests per sliding 10 s window per token, `$batch` sub-requests one by one
//! in request order, the envelope never) is looked at BEFORE the dice, after
//! the token and scope checks. A request it refuses draws no random number at
//! all (no dice, no jitter, no `UnknownError` rewrite of its 429) and is
//! delayed by `--latency-ms` alone; so the dice stay the same function of the
//! sequence of requests the budget lets through, however real time splits
//! them into served and refused. A request it lets through draws the same
//! numbers as without a budget, and may still meet a random fault (it has
//! then used its share of the budget). The budget's 429 is
//! `TooManyRequests` with `Retry-After` = the whole seconds until the window has
//! room (not `--retry-after`); the request log marks it `"throttle": "budget"`
//! (a random 429: `"throttle": "random"`).

use serde::{Deserialize, Serialize};

use crate::CredentialRule;

/// The fault configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, clap::Args)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Faults {
    /// Added latency of every Graph request and sub-request, in ms.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Random extra latency, uniformly 0..=N ms on top of --latency-ms.
    #[arg(long, default_value_t = 0)]
    pub jitter_ms: u64,
    /// Fraction (0..1) of Graph requests answered 429 TooManyRequests with Retry-After.
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    pub throttle_rate: f64,
    /// Graph requests allowed per sliding 10 s window per token, as Graph's budget
    /// per app (each $batch sub-request counts, the envelope does not); over it, 429
    /// TooManyRequests with Retry-After until there is room. 0 = no budget.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub rate_limit: u64,
    /// Seconds in the Retry-After of injected (random) 429s and 503s.
    #[arg(long = "retry-after", default_value_t = 2)]
    pub retry_after_seconds: u64,
    /// Fraction of Graph requests answered 500 InternalServerError.
    #[arg(long = "error-500-rate", default_value_t = 0.0, value_parser = parse_rate)]
    #[serde(rename = "error500Rate")]
    pub error_500_rate: f64,
    /// Fraction of Graph requests answered 503 ServiceUnavailable (with Retry-After).
    #[arg(long = "error-503-rate", default_value_t = 0.0, value_parser = parse_rate)]
    #[serde(rename = "error503Rate")]
    pub error_503_rate: f64,
    /// Fraction of Graph requests answered 504 GatewayTimeout.
    #[arg(long = "error-504-rate", default_value_t = 0.0, value_parser = parse_rate)]
    #[serde(rename = "error504Rate")]
    pub error_504_rate: f64,
    /// Fraction of error bodies (any 4xx/5xx envelope) rewritten to the sync
    /// backend's `{"error":{"code":"UnknownError","message":""}}`.
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    pub unknown_error_rate: f64,
    /// Fraction of Graph requests answered 502 with an HTML page (not JSON).
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    pub html_error_rate: f64,
    /// Fraction of Graph requests whose connection is closed without any response
    /// (never applied to $batch sub-requests).
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    pub drop_rate: f64,
    /// Show the service principal "Contoso Payroll (restricted)", whose
    /// synchronization endpoints answer 403 Authorization_RequestDenied.
    #[arg(long)]
    pub forbidden_app: bool,
    /// Start on a running job breaks it (Quarantine, EncounteredQuarantineException),
    /// the failure Microsoft warns about; without it the start is only counted.
    #[arg(long)]
    pub strict_start: bool,
    /// `/auditLogs/provisioning` answers 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant:
    /// the tenant has no Microsoft Entra ID P1/P2 licence for reports.
    #[arg(long)]
    pub logs_license_missing: bool,
    /// `/auditLogs/provisioning` answers 403 Authorization_RequestDenied: the signed-in user
    /// has none of the roles that may read reports (Reports Reader, Security Reader, ...).
    #[arg(long)]
    pub logs_role_missing: bool,
    /// How `GET .../synchronization/secrets` answers (an undocumented read, so a Graph that
    /// refuses it or hides credential values is tried too): `ok`, `forbidden` (403
    /// Authorization_RequestDenied), `notFound` (404 ResourceNotFound) or `masked`
    /// (credential values as `*****`).
    #[arg(long, value_enum, default_value_t = SecretsRead::Ok)]
    pub secrets_read: SecretsRead,
    /// `"accept"`, `"reject"` or `"scim"`: the credential rule of validateCredentials
    /// (job-bound and unbound) and of PUT secrets' fix of failing jobs, instead of
    /// `--credential-rule` (which sets it at start, so this field has no flag of its
    /// own); `null` (the default) = the flag's.
    #[arg(skip)]
    pub credential_rule: Option<CredentialRule>,
}

/// How `GET .../synchronization/secrets` answers (the `secretsRead` fault).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "camelCase")]
pub enum SecretsRead {
    /// Every saved pair, values as saved.
    #[default]
    Ok,
    /// 403 `Authorization_RequestDenied`.
    Forbidden,
    /// 404 `ResourceNotFound`.
    #[value(name = "notFound")]
    NotFound,
    /// Credential values ([`crate::routes::secrets::SENSITIVE`]) as `*****`, the rest as saved.
    Masked,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: 0,
            jitter_ms: 0,
            throttle_rate: 0.0,
            rate_limit: 0,
            retry_after_seconds: 2,
            error_500_rate: 0.0,
            error_503_rate: 0.0,
            error_504_rate: 0.0,
            unknown_error_rate: 0.0,
            html_error_rate: 0.0,
            drop_rate: 0.0,
            forbidden_app: false,
            strict_start: false,
            logs_license_missing: false,
            logs_role_missing: false,
            secrets_read: SecretsRead::Ok,
            credential_rule: None,
        }
    }
}

impl Faults {
    /// Checks that every rate is within 0..=1.
    pub fn validate(&self) -> Result<(), String> {
        for (name, v) in [
            ("throttleRate", self.throttle_rate),
            ("error500Rate", self.error_500_rate),
            ("error503Rate", self.error_503_rate),
            ("error504Rate", self.error_504_rate),
            ("unknownErrorRate", self.unknown_error_rate),
            ("htmlErrorRate", self.html_error_rate),
            ("dropRate", self.drop_rate),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("{name} must be between 0 and 1, not {v}"));
            }
        }
        Ok(())
    }
}

fn parse_rate(text: &str) -> Result<f64, String> {
    let v: f64 = text.parse().map_err(|_| format!("not a number: {text}"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err("a rate is a fraction between 0 and 1".to_string())
    }
}

/// What the fault dice decided for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Injected {
    /// Answer normally.
    None,
    /// Close the connection without a response.
    Drop,
    /// 502 with an HTML body.
    Html502,
    /// 429 TooManyRequests.
    Throttle,
    /// 500 InternalServerError.
    E500,
    /// 503 ServiceUnavailable.
    E503,
    /// 504 GatewayTimeout.
    E504,
}

/// Rolls the dice for one request (always 7 draws: jitter + 6 outcomes).
pub fn roll(faults: &Faults, rng: &mut crate::rng::Rng, can_drop: bool) -> (u64, Injected) {
    let jitter = rng.below(faults.jitter_ms + 1);
    let delay = faults.latency_ms + if faults.jitter_ms > 0 { jitter } else { 0 };
    let drop = rng.chance(faults.drop_rate);
    let html = rng.chance(faults.html_error_rate);
    let throttle = rng.chance(faults.throttle_rate);
    let e500 = rng.chance(faults.error_500_rate);
    let e503 = rng.chance(faults.error_503_rate);
    let e504 = rng.chance(faults.error_504_rate);
    let outcome = if drop && can_drop {
        Injected::Drop
    } else if html {
        Injected::Html502
    } else if throttle {
        Injected::Throttle
    } else if e500 {
        Injected::E500
    } else if e503 {
        Injected::E503
    } else if e504 {
        Injected::E504
    } else {
        Injected::None
    };
    (delay, outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        faults: Faults,
    }

    #[test]
    fn rate_limit_flag_and_json_field() {
        let cli = Cli::try_parse_from(["emu", "--rate-limit", "3500"]).unwrap();
        assert_eq!(cli.faults.rate_limit, 3500);
        assert_eq!(Cli::try_parse_from(["emu"]).unwrap().faults.rate_limit, 0);
        for bad in ["-1", "1.5", "lots"] {
            assert!(
                Cli::try_parse_from(["emu", "--rate-limit", bad]).is_err(),
                "{bad}"
            );
        }
        let json = serde_json::to_value(Faults::default()).unwrap();
        assert_eq!(json["rateLimit"], 0);
        let f: Faults = serde_json::from_str(r#"{"rateLimit":3}"#).unwrap();
        assert_eq!(f.rate_limit, 3);
        assert!(serde_json::from_str::<Faults>(r#"{"rateLimit":-3}"#).is_err());
    }

    #[test]
    fn secrets_read_flag_and_json_field() {
        assert_eq!(
            Cli::try_parse_from(["emu"]).unwrap().faults.secrets_read,
            SecretsRead::Ok
        );
        for (flag, mode) in [
            ("ok", SecretsRead::Ok),
            ("forbidden", SecretsRead::Forbidden),
            ("notFound", SecretsRead::NotFound),
            ("masked", SecretsRead::Masked),
        ] {
            let cli = Cli::try_parse_from(["emu", "--secrets-read", flag]).unwrap();
            assert_eq!(cli.faults.secrets_read, mode, "{flag}");
            let json = serde_json::to_value(&cli.faults).unwrap();
            assert_eq!(json["secretsRead"], flag);
            let back: Faults = serde_json::from_value(json).unwrap();
            assert_eq!(back.secrets_read, mode);
        }
        assert!(Cli::try_parse_from(["emu", "--secrets-read", "never"]).is_err());
        assert!(serde_json::from_str::<Faults>(r#"{"secretsRead":"NotFound"}"#).is_err());
    }
}

//! Shared state behind every handler: the options, the clock, the tenant, the
//! faults, the rate-limit windows, the counters and the request log.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::Options;
use crate::budget::RateWindow;
use crate::faults::Faults;
use crate::oidc::Verifier;
use crate::reqlog::RequestLog;
use crate::rng::Rng;
use crate::tenant::Tenant;
use crate::time::{Clock, GraphTime};

/// Cheap-to-clone handle on the emulator's state.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    options: Options,
    clock: Clock,
    initial: Tenant,
    tenant: Mutex<Tenant>,
    log: Mutex<RequestLog>,
    faults: Mutex<Faults>,
    rng: Mutex<Rng>,
    /// Real time of the rate-limit windows: their ms count from here.
    epoch: Instant,
    windows: Mutex<HashMap<String, RateWindow>>,
    stats: Stats,
    oidc: Option<Verifier>,
}

/// Counters served by `GET /_emulator/stats`.
#[derive(Default)]
pub struct Stats {
    /// Requests logged (every request but `/_emulator/*`, batch sub-requests included).
    pub requests: AtomicU64,
    /// Graph requests and sub-requests.
    pub graph_requests: AtomicU64,
    /// Responses and sub-responses with status 429.
    pub throttled: AtomicU64,
    /// Those of them answered by the `--rate-limit` budget (see [`crate::budget`]).
    pub budget_throttled: AtomicU64,
    /// Start calls on a job that was already running.
    pub start_while_running: AtomicU64,
    /// `$batch` requests answered.
    pub batches: AtomicU64,
    /// Sub-requests of those batches.
    pub batch_requests: AtomicU64,
    /// Faults injected (429, 500, 502, 503, 504, drops).
    pub faults_injected: AtomicU64,
    /// Connections dropped on purpose.
    pub dropped: AtomicU64,
}

/// A snapshot of [`Stats`].
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatsSnapshot {
    /// See [`Stats::requests`].
    pub requests: u64,
    /// See [`Stats::graph_requests`].
    pub graph_requests: u64,
    /// See [`Stats::throttled`].
    pub throttled: u64,
    /// See [`Stats::budget_throttled`].
    pub budget_throttled: u64,
    /// See [`Stats::start_while_running`].
    pub start_while_running: u64,
    /// See [`Stats::batches`].
    pub batches: u64,
    /// See [`Stats::batch_requests`].
    pub batch_requests: u64,
    /// See [`Stats::faults_injected`].
    pub faults_injected: u64,
    /// See [`Stats::dropped`].
    pub dropped: u64,
}

impl Stats {
    /// Adds one to `counter`.
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    fn snapshot(&self) -> StatsSnapshot {
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        StatsSnapshot {
            requests: g(&self.requests),
            graph_requests: g(&self.graph_requests),
            throttled: g(&self.throttled),
            budget_throttled: g(&self.budget_throttled),
            start_while_running: g(&self.start_while_running),
            batches: g(&self.batches),
            batch_requests: g(&self.batch_requests),
            faults_injected: g(&self.faults_injected),
            dropped: g(&self.dropped),
        }
    }

    fn reset(&self) {
        for c in [
            &self.requests,
            &self.graph_requests,
            &self.throttled,
            &self.budget_throttled,
            &self.start_while_running,
            &self.batches,
            &self.batch_requests,
            &self.faults_injected,
            &self.dropped,
        ] {
            c.store(0, Ordering::Relaxed);
        }
    }
}

/// The tenant the options ask for at `start`: the demo tenant, or a generated
/// one with `--apps`, plus the restricted app of the forbidden-app fault.
pub fn initial_tenant(options: &Options, start: GraphTime) -> Tenant {
    let mut tenant = match options.apps {
        Some(n) => crate::generate::tenant(n, options.seed, options.job_share, start),
        None => crate::demo::tenant(start),
    };
    tenant
        .service_principals
        .push(crate::demo::restricted_app(start));
    tenant.reindex();
    tenant
}

impl AppState {
    /// State with the demo (or generated) tenant for `options.now` (or the current time).
    pub fn new(options: Options) -> Self {
        let start = options.now.unwrap_or_else(GraphTime::now);
        let tenant = initial_tenant(&options, start);
        Self::with_tenant(options, tenant)
    }

    /// State serving `tenant` instead of the demo tenant.
    pub fn with_tenant(options: Options, mut tenant: Tenant) -> Self {
        let start = options.now.unwrap_or_else(GraphTime::now);
        crate::sim::init_tenant(&mut tenant, start);
        AppState {
            inner: Arc::new(Inner {
                clock: Clock::with_speed(start, options.speed),
                initial: tenant.clone(),
                tenant: Mutex::new(tenant),
                log: Mutex::new(RequestLog::default()),
                faults: Mutex::new(options.faults.clone()),
                rng: Mutex::new(Rng::new(options.seed)),
                epoch: Instant::now(),
                windows: Mutex::new(HashMap::new()),
                stats: Stats::default(),
                oidc: options
                    .oidc_issuer
                    .as_deref()
                    .map(|issuer| Verifier::new(issuer, &options.oidc_audience)),
                options,
            }),
        }
    }

    /// The options the emulator was started with.
    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    /// The token verifier when `--oidc-issuer` is set (`None`: the fixed `--token`).
    pub fn oidc(&self) -> Option<&Verifier> {
        self.inner.oidc.as_ref()
    }

    /// The key of the per-token rate limits for a request: `--token`, or with
    /// `--oidc-issuer` the verified caller's `oid` (or token fingerprint).
    pub fn rate_subject(&self, caller: Option<&crate::oidc::Caller>) -> String {
        // Only the OIDC pipeline sets a caller.
        caller.map_or_else(
            || self.inner.options.token.clone(),
            crate::oidc::Caller::rate_key,
        )
    }

    /// The emulator's clock (starts at `Options::now` when given).
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// Locks the tenant as it is (jobs not advanced). Never hold the guard across an `.await`.
    pub fn tenant(&self) -> MutexGuard<'_, Tenant> {
        // A panic while holding the lock leaves plain data behind: keep serving it.
        self.inner.tenant.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Locks the tenant as it is, with the clock's now: for handlers of one service principal,
    /// which bring only its jobs up to now (`sync_sp` and `sync_job` in `routes::graph`; jobs
    /// move independently of each other, so this reads the same as [`AppState::tenant_now`]).
    pub fn tenant_at(&self) -> (MutexGuard<'_, Tenant>, GraphTime) {
        let tenant = self.tenant();
        (tenant, self.clock().now())
    }

    /// Locks the tenant with every job brought up to the clock's now.
    pub fn tenant_now(&self) -> (MutexGuard<'_, Tenant>, GraphTime) {
        let mut tenant = self.tenant();
        let now = self.clock().now();
        crate::sim::advance_tenant(&mut tenant, now);
        (tenant, now)
    }

    /// Locks the request log. Never hold the guard across an `.await`.
    pub fn log(&self) -> MutexGuard<'_, RequestLog> {
        self.inner.log.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The current faults.
    pub fn faults(&self) -> Faults {
        self.inner
            .faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The credential rule in force: the faults' `credentialRule`, else `--credential-rule`.
    pub fn credential_rule(&self) -> crate::CredentialRule {
        self.faults()
            .credential_rule
            .unwrap_or(self.inner.options.credential_rule)
    }

    /// Replaces the faults.
    pub fn set_faults(&self, faults: Faults) {
        *self.inner.faults.lock().unwrap_or_else(|e| e.into_inner()) = faults;
    }

    /// Locks the seeded PRNG.
    pub fn rng(&self) -> MutexGuard<'_, Rng> {
        self.inner.rng.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The counters.
    pub fn stats(&self) -> &Stats {
        &self.inner.stats
    }

    /// A snapshot of the counters.
    pub fn stats_snapshot(&self) -> StatsSnapshot {
        self.inner.stats.snapshot()
    }

    /// A sliding-window rate limit of `limit` requests per `window` under
    /// `key` (real time). `Err(seconds)` = refused, retry after that many seconds.
    pub fn rate_limit(&self, key: &str, limit: u32, window: Duration) -> Result<(), u64> {
        let window_ms = u64::try_from(window.as_millis()).unwrap_or(u64::MAX);
        self.admit(key, u64::from(limit), || RateWindow::new(window_ms))
    }

    /// The `--rate-limit` budget ([`crate::budget`]) of the bearer token `token`:
    /// takes one request of it, or `Err(seconds)` until there is room (taking nothing).
    /// `limit` 0 = off (nothing taken or recorded).
    pub fn take_budget(&self, token: &str, limit: u64) -> Result<(), u64> {
        self.admit(&format!("budget:{token}"), limit, RateWindow::default)
    }

    fn admit(&self, key: &str, limit: u64, new: impl FnOnce() -> RateWindow) -> Result<(), u64> {
        if limit == 0 {
            return Ok(());
        }
        let now_ms = u64::try_from(self.inner.epoch.elapsed().as_millis()).unwrap_or(u64::MAX);
        let mut windows = self.inner.windows.lock().unwrap_or_else(|e| e.into_inner());
        match windows.get_mut(key) {
            Some(window) => window.admit(now_ms, limit),
            None => windows
                .entry(key.to_string())
                .or_insert_with(new)
                .admit(now_ms, limit),
        }
    }

    /// `POST /_emulator/reset`: the initial tenant, the clock back at its
    /// start, the start-up faults and seed, empty rate-limit windows, an empty
    /// request log and zeroed counters.
    pub fn reset(&self) {
        self.clock().reset();
        *self.tenant() = self.inner.initial.clone();
        self.set_faults(self.inner.options.faults.clone());
        *self.rng() = Rng::new(self.inner.options.seed);
        self.inner
            .windows
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.log().clear();
        self.inner.stats.reset();
    }
}

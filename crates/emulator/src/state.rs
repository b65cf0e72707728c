//! Shared state behind every handler: the options, the clock, the tenant and
//! the request log.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::Options;
use crate::reqlog::RequestLog;
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
    tenant: Mutex<Tenant>,
    log: Mutex<RequestLog>,
}

impl AppState {
    /// State with the demo tenant generated for `options.now` (or the current time).
    pub fn new(options: Options) -> Self {
        let start = options.now.unwrap_or_else(GraphTime::now);
        let tenant = crate::demo::tenant(start);
        Self::with_tenant(options, tenant)
    }

    /// State serving `tenant` instead of the demo tenant.
    pub fn with_tenant(options: Options, tenant: Tenant) -> Self {
        let start = options.now.unwrap_or_else(GraphTime::now);
        AppState {
            inner: Arc::new(Inner {
                options,
                clock: Clock::starting_at(start),
                tenant: Mutex::new(tenant),
                log: Mutex::new(RequestLog::default()),
            }),
        }
    }

    /// The options the emulator was started with.
    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    /// The emulator's clock (starts at `Options::now` when given).
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// Locks the tenant. Never hold the guard across an `.await`.
    pub fn tenant(&self) -> MutexGuard<'_, Tenant> {
        // A panic while holding the lock leaves plain data behind: keep serving it.
        self.inner.tenant.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Locks the request log. Never hold the guard across an `.await`.
    pub fn log(&self) -> MutexGuard<'_, RequestLog> {
        self.inner.log.lock().unwrap_or_else(|e| e.into_inner())
    }
}

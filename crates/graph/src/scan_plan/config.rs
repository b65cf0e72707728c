//! How a scan runs ([`ScanConfig`]) and what it costs at least
//! ([`minimum_requests`]).

use crate::batch::MAX_BATCH_REQUESTS;
use crate::request::MAX_SERVICE_PRINCIPALS_TOP;
use crate::retry::RetryPolicy;

/// How the scan runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanConfig {
    /// The most batches in flight at once (at least 1). The default, 4, is a
    /// modest figure that keeps the scan's bursts small, as Graph's
    /// throttling guidance asks
    /// (<https://learn.microsoft.com/en-us/graph/throttling>); BENCHMARKS.md
    /// measures the scan with it.
    pub concurrency: usize,
    /// Requests per batch, 1 to [`MAX_BATCH_REQUESTS`] (20).
    pub batch_size: usize,
    /// Bounds of the retries of one app's request ([`RetryPolicy::UNTIL_SUCCESS`] by
    /// default: every read completes).
    pub retry: RetryPolicy,
    /// Seed of the backoff jitter (e.g. the time the scan started).
    pub seed: u64,
}

impl Default for ScanConfig {
    /// 4 in flight, 20 per batch, reads retried until they succeed, seed 0.
    fn default() -> Self {
        ScanConfig {
            concurrency: 4,
            batch_size: MAX_BATCH_REQUESTS,
            retry: RetryPolicy::UNTIL_SUCCESS,
            seed: 0,
        }
    }
}

/// The fewest requests a scan of `n_apps` service principals can make: the
/// listing pages (`ceil(n/999)`, and at least one, since even an empty
/// tenant must be listed) plus one `$batch` per 20 apps (`ceil(n/20)`).
pub fn minimum_requests(n_apps: u64) -> u64 {
    n_apps
        .div_ceil(u64::from(MAX_SERVICE_PRINCIPALS_TOP))
        .max(1)
        + n_apps.div_ceil(MAX_BATCH_REQUESTS as u64)
}

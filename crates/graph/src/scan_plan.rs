//! The fleet-scan planner: which `$batch` to send next, and what its answer
//! means. Pure and time-injected; the app's batch executor does the I/O.
//!
//! The scan lists the service principals (pages of up to 999) and asks each
//! one for its jobs (`GET /servicePrincipals/{id}/synchronization/jobs`),
//! twenty to a `$batch`. Feed it pages as they arrive
//! ([`ScanPlanner::add_service_principals`], then
//! [`ScanPlanner::listing_complete`]); ask for work
//! ([`ScanPlanner::next_batch`]) whenever a page or an answer arrives or the
//! timer from [`ScanPlanner::next_wake_ms`] fires; hand each answer back
//! ([`ScanPlanner::apply`] or [`ScanPlanner::apply_envelope`]) and show the
//! [`ScanEvent`]s it returns.
//!
//! - While pages are still coming, only full batches go out, so the scan
//!   costs no more than the protocol minimum ([`minimum_requests`]); once the
//!   listing is complete, the rest goes out in a last, partial batch.
//! - At most [`ScanConfig::concurrency`] batches are in flight.
//! - A sub-request answered 429, 503 or 504 is queued again *alone* (the
//!   others of its batch are done), not before its `Retry-After` (readable in
//!   the sub-response) or a backoff, as the retry policy ([`crate::retry`])
//!   decides; a batch that got no usable answer queues all of its items
//!   again. Retries are bounded per app; an app out of retries fails.
//! - Every app is reported exactly once: [`ScanEvent::Jobs`] or
//!   [`ScanEvent::Failed`].
//! - Request ids are unique across the whole scan, re-queued items included,
//!   so a late or duplicated answer can never be taken for another app's.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::batch::{
    BatchItemResponse, BatchRequest, MAX_BATCH_REQUESTS, decode_batch_response, match_responses,
};
use crate::error::GraphError;
use crate::hints::{Hint, INVALID_RESPONSE, Operation, hint_with_retry_after, network_error};
use crate::model::{ServicePrincipal, SynchronizationJob};
use crate::parse::parse_jobs_page;
use crate::request::{GraphRequest, MAX_SERVICE_PRINCIPALS_TOP, list_jobs};
use crate::retry::{
    Outcome, RequestKind, RetryDecision, RetryInput, RetryPolicy, SplitMix64, decide,
    retry_after_delta_secs,
};

/// The code of the [`GraphError`] given for a service principal whose id
/// cannot be put in a URL (empty, `.` or `..`; Graph never sends such ids).
pub const INVALID_ID: &str = "InvalidId";

/// How the scan runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanConfig {
    /// The most batches in flight at once (at least 1). Reference §4.2
    /// suggests about 4 for the synchronization endpoints.
    pub concurrency: usize,
    /// Requests per batch, 1 to [`MAX_BATCH_REQUESTS`] (20).
    pub batch_size: usize,
    /// Bounds of the retries of one app's request.
    pub retry: RetryPolicy,
    /// Seed of the backoff jitter (e.g. the time the scan started).
    pub seed: u64,
}

impl Default for ScanConfig {
    /// 4 in flight, 20 per batch, the default retry policy, seed 0.
    fn default() -> Self {
        ScanConfig {
            concurrency: 4,
            batch_size: MAX_BATCH_REQUESTS,
            retry: RetryPolicy::default(),
            seed: 0,
        }
    }
}

/// A batch to send: [`PlannedBatch::to_request`] is the `POST /$batch`.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedBatch {
    /// The id to hand back to [`ScanPlanner::apply`] (unique in the scan).
    pub id: u64,
    /// The batch of job-list requests.
    pub request: BatchRequest,
    /// (request id, service principal id) of each request, in order.
    pub service_principals: Vec<(String, String)>,
}

impl PlannedBatch {
    /// The `POST /$batch` request.
    pub fn to_request(&self) -> GraphRequest {
        self.request.to_request()
    }

    /// How many requests the batch holds.
    pub fn len(&self) -> usize {
        self.service_principals.len()
    }

    /// Always false: a planned batch holds at least one request.
    pub fn is_empty(&self) -> bool {
        self.service_principals.is_empty()
    }
}

/// Why a whole batch got no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportFailure {
    /// No answer (network error, dropped connection, timeout, CORS).
    Network(String),
    /// The `$batch` request itself failed with this status (429, 401, 503,
    /// ...).
    Status {
        /// The status.
        status: u16,
        /// `Retry-After`, when the browser could read it.
        retry_after: Option<String>,
        /// The response body.
        body: String,
    },
    /// A 200 whose body is not a batch answer (truncated, a proxy's page).
    BadEnvelope(String),
}

/// What an answer means for the fleet view.
#[derive(Debug, Clone, PartialEq)]
pub enum ScanEvent {
    /// The app's jobs (often none: most apps do not provision).
    Jobs {
        /// The app.
        sp: ServicePrincipal,
        /// Its jobs.
        jobs: Vec<SynchronizationJob>,
        /// `@odata.nextLink` of the job list, when Graph paged it (not
        /// expected: job lists are tiny).
        next_link: Option<String>,
    },
    /// The app's jobs could not be read, for good.
    Failed {
        /// The app.
        sp: ServicePrincipal,
        /// What Graph said (or what went wrong instead).
        error: GraphError,
        /// What the admin should do.
        hint: Hint,
    },
}

impl ScanEvent {
    /// The app the event is about.
    pub fn service_principal(&self) -> &ServicePrincipal {
        match self {
            ScanEvent::Jobs { sp, .. } | ScanEvent::Failed { sp, .. } => sp,
        }
    }
}

/// One app's request waiting in the queue or in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Item {
    /// Index into `ScanPlanner::apps`.
    app: usize,
    /// Attempts sent so far.
    attempts: u32,
    /// Milliseconds waited between attempts so far.
    waited_ms: u64,
    /// Not to be sent before this time (Unix ms).
    not_before: u64,
}

#[derive(Debug, Clone)]
struct InFlight {
    request: BatchRequest,
    items: HashMap<String, Item>,
}

/// What the raw answer to a `POST /$batch` means for the planner: a 200 is decoded into its
/// sub-responses (one that does not decode is [`TransportFailure::BadEnvelope`]); any other
/// status is [`TransportFailure::Status`] with its `Retry-After` and body.
pub fn envelope_result(
    status: u16,
    retry_after: Option<&str>,
    body: &str,
) -> Result<Vec<BatchItemResponse>, TransportFailure> {
    if status == 200 {
        decode_batch_response(body).map_err(|e| TransportFailure::BadEnvelope(e.to_string()))
    } else {
        Err(TransportFailure::Status {
            status,
            retry_after: retry_after.map(str::to_owned),
            body: body.to_owned(),
        })
    }
}

/// A batch whose answer has come back ([`ScanPlanner::land`]), not yet judged
/// ([`ScanPlanner::apply_landed`]).
#[derive(Debug)]
pub struct LandedBatch {
    flight: InFlight,
}

/// The fleet-scan planner (see the module documentation).
#[derive(Debug, Clone)]
pub struct ScanPlanner {
    config: ScanConfig,
    apps: Vec<ServicePrincipal>,
    answered: Vec<bool>,
    known_ids: HashSet<String>,
    queue: VecDeque<Item>,
    in_flight: HashMap<u64, InFlight>,
    listing_complete: bool,
    answered_count: usize,
    retries: u32,
    next_batch_id: u64,
    next_request_id: u64,
    random: SplitMix64,
}

impl ScanPlanner {
    /// A planner with `config` (concurrency raised to at least 1, batch size
    /// kept within 1..=20).
    pub fn new(config: ScanConfig) -> ScanPlanner {
        let config = ScanConfig {
            concurrency: config.concurrency.max(1),
            batch_size: config.batch_size.clamp(1, MAX_BATCH_REQUESTS),
            ..config
        };
        ScanPlanner {
            config,
            apps: Vec::new(),
            answered: Vec::new(),
            known_ids: HashSet::new(),
            queue: VecDeque::new(),
            in_flight: HashMap::new(),
            listing_complete: false,
            answered_count: 0,
            retries: 0,
            next_batch_id: 1,
            next_request_id: 1,
            random: SplitMix64::new(config.seed),
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &ScanConfig {
        &self.config
    }

    /// Queues one job-list request per service principal of a page. A
    /// service principal seen before (same id) is ignored. Returns the
    /// failures of those whose id cannot be used in a URL (they count as
    /// answered).
    pub fn add_service_principals(&mut self, page: Vec<ServicePrincipal>) -> Vec<ScanEvent> {
        let mut events = Vec::new();
        for sp in page {
            if !self.known_ids.insert(sp.id.clone()) {
                continue;
            }
            let app = self.apps.len();
            let check = list_jobs(&sp.id);
            self.apps.push(sp);
            self.answered.push(false);
            match check {
                Ok(_) => self.queue.push_back(Item {
                    app,
                    attempts: 0,
                    waited_ms: 0,
                    not_before: 0,
                }),
                Err(e) => {
                    let error = GraphError::from_response(400, "");
                    let error = GraphError {
                        code: INVALID_ID.to_owned(),
                        message: e.to_string(),
                        ..error
                    };
                    events.extend(self.fail(app, error, None));
                }
            }
        }
        events
    }

    /// Says that the last page of service principals has arrived: from now
    /// on partial batches go out, and the scan can finish.
    pub fn listing_complete(&mut self) {
        self.listing_complete = true;
    }

    /// The next batch to send at `now_ms` (Unix ms), or `None` when
    /// [`ScanConfig::concurrency`] batches are in flight, nothing is ready
    /// (see [`ScanPlanner::next_wake_ms`]), or the listing is still running
    /// and fewer than a full batch are ready.
    pub fn next_batch(&mut self, now_ms: u64) -> Option<PlannedBatch> {
        if self.in_flight.len() >= self.config.concurrency {
            return None;
        }
        let ready = self.queue.iter().filter(|i| i.not_before <= now_ms).count();
        if ready == 0 || (!self.listing_complete && ready < self.config.batch_size) {
            return None;
        }
        let mut taken = Vec::new();
        let mut rest = VecDeque::with_capacity(self.queue.len());
        for item in self.queue.drain(..) {
            if taken.len() < self.config.batch_size && item.not_before <= now_ms {
                taken.push(item);
            } else {
                rest.push_back(item);
            }
        }
        self.queue = rest;

        let mut requests = Vec::with_capacity(taken.len());
        let mut service_principals = Vec::with_capacity(taken.len());
        let mut items = HashMap::with_capacity(taken.len());
        for mut item in taken {
            let sp_id = &self.apps[item.app].id;
            // Checked when the app was added; cannot fail here.
            let Ok(req) = list_jobs(sp_id) else {
                continue;
            };
            let rid = self.next_request_id.to_string();
            self.next_request_id += 1;
            item.attempts += 1;
            requests.push((rid.clone(), req));
            service_principals.push((rid.clone(), sp_id.clone()));
            items.insert(rid, item);
        }
        let request = match BatchRequest::new(requests) {
            Ok(r) => r,
            Err(_) => {
                // Not reachable (1..=20 fresh ids); put the work back.
                self.queue.extend(items.into_values().map(|mut i| {
                    i.attempts -= 1;
                    i
                }));
                return None;
            }
        };
        let id = self.next_batch_id;
        self.next_batch_id += 1;
        self.in_flight.insert(
            id,
            InFlight {
                request: request.clone(),
                items,
            },
        );
        Some(PlannedBatch {
            id,
            request,
            service_principals,
        })
    }

    /// Applies the answer to batch `batch_id` at `now_ms`: the decoded
    /// sub-responses, or why there were none. Returns the apps answered for
    /// good. An unknown (or already applied) `batch_id` changes nothing.
    ///
    /// Per sub-response: 2xx → [`ScanEvent::Jobs`] (a body that is not a job
    /// list → [`ScanEvent::Failed`] with code
    /// [`INVALID_RESPONSE`]); 429,
    /// 503, 504 → queued again alone, as the retry policy decides (out of
    /// retries → Failed); any other status → Failed. A request the answer
    /// does not mention is queued again like after a network error; answers
    /// to requests not in the batch are ignored.
    pub fn apply(
        &mut self,
        batch_id: u64,
        result: Result<Vec<BatchItemResponse>, TransportFailure>,
        now_ms: u64,
    ) -> Vec<ScanEvent> {
        match self.land(batch_id) {
            Some(landed) => self.apply_landed(landed, result, now_ms),
            None => Vec::new(),
        }
    }

    /// The first half of [`ScanPlanner::apply`]: batch `batch_id` is answered, so it is no
    /// longer in flight and its slot can carry the next batch at once
    /// ([`ScanPlanner::next_batch`]), while its answer is read. `None` for a batch that is not
    /// in flight (unknown, or landed already). Until [`ScanPlanner::apply_landed`], its apps
    /// count as neither queued nor answered, so the scan is not done.
    pub fn land(&mut self, batch_id: u64) -> Option<LandedBatch> {
        self.in_flight
            .remove(&batch_id)
            .map(|flight| LandedBatch { flight })
    }

    /// The second half of [`ScanPlanner::apply`]: judges the answer of a landed batch.
    pub fn apply_landed(
        &mut self,
        landed: LandedBatch,
        result: Result<Vec<BatchItemResponse>, TransportFailure>,
        now_ms: u64,
    ) -> Vec<ScanEvent> {
        let InFlight { request, mut items } = landed.flight;
        let mut events = Vec::new();
        match result {
            Ok(responses) => {
                let matched = match_responses(&request, responses);
                for (rid, resp) in matched.matched {
                    if let Some(item) = items.remove(&rid) {
                        events.extend(self.apply_item(item, &resp, now_ms));
                    }
                }
                for rid in matched.missing {
                    if let Some(item) = items.remove(&rid) {
                        let error = network_error("the $batch answer did not include this request");
                        events.extend(self.retry_or_fail(
                            item,
                            Outcome::NetworkError,
                            None,
                            error,
                            now_ms,
                        ));
                    }
                }
            }
            Err(failure) => {
                let (outcome, retry_after, error) = match &failure {
                    TransportFailure::Network(msg) => {
                        (Outcome::NetworkError, None, network_error(msg))
                    }
                    TransportFailure::Status {
                        status,
                        retry_after,
                        body,
                    } => (
                        Outcome::Status(*status),
                        retry_after.as_deref(),
                        GraphError::from_response(*status, body),
                    ),
                    TransportFailure::BadEnvelope(detail) => (
                        // Retried like a read that got no answer.
                        Outcome::NetworkError,
                        None,
                        invalid_response(200, detail),
                    ),
                };
                // In request order, so re-queued items keep their order.
                for rid in request.ids() {
                    if let Some(item) = items.remove(rid) {
                        events.extend(self.retry_or_fail(
                            item,
                            outcome,
                            retry_after,
                            error.clone(),
                            now_ms,
                        ));
                    }
                }
            }
        }
        events
    }

    /// [`ScanPlanner::apply`] from the raw answer to the `POST /$batch`:
    /// its HTTP status, its `Retry-After` (if readable) and its body. A 200
    /// whose body does not decode counts as
    /// [`TransportFailure::BadEnvelope`]; any other status as
    /// [`TransportFailure::Status`].
    pub fn apply_envelope(
        &mut self,
        batch_id: u64,
        status: u16,
        retry_after: Option<&str>,
        body: &str,
        now_ms: u64,
    ) -> Vec<ScanEvent> {
        self.apply(batch_id, envelope_result(status, retry_after, body), now_ms)
    }

    /// How many batches are in flight.
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// How many requests wait in the queue (ready or not).
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// How many sub-requests were queued again after a failure.
    pub fn retries(&self) -> u32 {
        self.retries
    }

    /// When the earliest queued request becomes ready (Unix ms), if any is
    /// waiting: set a timer for it when [`ScanPlanner::next_batch`] gave
    /// nothing.
    pub fn next_wake_ms(&self) -> Option<u64> {
        self.queue.iter().map(|i| i.not_before).min()
    }

    /// (apps answered for good, apps known so far).
    pub fn progress(&self) -> (usize, usize) {
        (self.answered_count, self.apps.len())
    }

    /// True when the listing is complete and every app has been answered.
    pub fn is_done(&self) -> bool {
        self.listing_complete && self.answered_count == self.apps.len()
    }

    fn apply_item(&mut self, item: Item, resp: &BatchItemResponse, now_ms: u64) -> Vec<ScanEvent> {
        if resp.is_success() {
            return match parse_jobs_page(&resp.body.to_string()) {
                Ok(page) => self.answer(item.app, |sp| ScanEvent::Jobs {
                    sp,
                    jobs: page.value,
                    next_link: page.next_link,
                }),
                Err(e) => self.fail(
                    item.app,
                    invalid_response(resp.status, &e.to_string()),
                    None,
                ),
            };
        }
        self.retry_or_fail(
            item,
            Outcome::Status(resp.status),
            resp.retry_after(),
            resp.graph_error(),
            now_ms,
        )
    }

    /// Queues `item` again if the retry policy allows, else fails its app
    /// with `error`.
    fn retry_or_fail(
        &mut self,
        item: Item,
        outcome: Outcome,
        retry_after: Option<&str>,
        error: GraphError,
        now_ms: u64,
    ) -> Vec<ScanEvent> {
        let input = RetryInput {
            kind: RequestKind::Read,
            outcome,
            retry_after,
            attempt: item.attempts,
            waited_ms: item.waited_ms,
            now_ms: i64::try_from(now_ms).unwrap_or(i64::MAX),
        };
        match decide(&self.config.retry, &input, &mut self.random) {
            RetryDecision::RetryAfterMs(wait) => {
                self.retries += 1;
                self.queue.push_back(Item {
                    waited_ms: item.waited_ms.saturating_add(wait),
                    not_before: now_ms.saturating_add(wait),
                    ..item
                });
                Vec::new()
            }
            RetryDecision::GiveUp(_) => {
                let secs = retry_after.and_then(retry_after_delta_secs);
                self.fail(item.app, error, secs)
            }
        }
    }

    fn fail(
        &mut self,
        app: usize,
        error: GraphError,
        retry_after_secs: Option<u64>,
    ) -> Vec<ScanEvent> {
        let hint = hint_with_retry_after(&error, Operation::ListJobs, None, retry_after_secs);
        self.answer(app, |sp| ScanEvent::Failed { sp, error, hint })
    }

    /// Marks `app` answered and builds its event, once.
    fn answer(
        &mut self,
        app: usize,
        event: impl FnOnce(ServicePrincipal) -> ScanEvent,
    ) -> Vec<ScanEvent> {
        match self.answered.get_mut(app) {
            Some(done @ false) => {
                *done = true;
                self.answered_count += 1;
                vec![event(self.apps[app].clone())]
            }
            _ => Vec::new(),
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

/// A GraphError for an answer that could not be read.
fn invalid_response(status: u16, detail: &str) -> GraphError {
    GraphError {
        code: INVALID_RESPONSE.to_owned(),
        message: format!("The answer could not be read: {detail}"),
        ..GraphError::from_response(status, "")
    }
}

//! The planner's state: the apps it knows, the queue of their job-list
//! requests and the batches in flight; and how it plans the next batch.

use std::collections::{HashMap, HashSet, VecDeque};

use super::{INVALID_ID, PlannedBatch, ScanConfig, ScanEvent};
use crate::batch::{BatchRequest, MAX_BATCH_REQUESTS};
use crate::error::GraphError;
use crate::model::ServicePrincipal;
use crate::request::list_jobs;
use crate::retry::SplitMix64;

/// One app's request waiting in the queue or in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Item {
    /// Index into `ScanPlanner::apps`.
    pub(super) app: usize,
    /// Attempts sent so far.
    pub(super) attempts: u32,
    /// Milliseconds waited between attempts so far.
    pub(super) waited_ms: u64,
    /// Not to be sent before this time (Unix ms).
    pub(super) not_before: u64,
}

/// A batch in flight: its request and the items it carries, by request id.
#[derive(Debug, Clone)]
pub(super) struct InFlight {
    pub(super) request: BatchRequest,
    pub(super) items: HashMap<String, Item>,
}

/// What one answer said about Graph's budget, for the client's pacing
/// ([`crate::budget::Learned::answered`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnswerCounts {
    /// Sub-requests Graph served (any status but 429).
    pub served: u64,
    /// Sub-requests answered 429 (all of them when the envelope itself was).
    pub throttled: u64,
    /// The longest readable `Retry-After` of the 429s, in milliseconds.
    pub retry_after_ms: Option<i64>,
}

/// The fleet-scan planner (see the module documentation).
#[derive(Debug, Clone)]
pub struct ScanPlanner {
    pub(super) config: ScanConfig,
    pub(super) apps: Vec<ServicePrincipal>,
    pub(super) answered: Vec<bool>,
    known_ids: HashSet<String>,
    pub(super) queue: VecDeque<Item>,
    pub(super) in_flight: HashMap<u64, InFlight>,
    listing_complete: bool,
    pub(super) answered_count: usize,
    pub(super) retries: u32,
    /// Per app: its last attempt failed and it waits for its next try.
    pub(super) failing: Vec<bool>,
    /// How many apps are failing.
    pub(super) failing_count: usize,
    /// The most requests per batch for now (the budget's), at most the configured size.
    batch_cap: usize,
    /// What the last answer said about Graph's budget.
    pub(super) last_answer: AnswerCounts,
    next_batch_id: u64,
    next_request_id: u64,
    pub(super) random: SplitMix64,
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
            failing: Vec::new(),
            failing_count: 0,
            batch_cap: config.batch_size,
            last_answer: AnswerCounts::default(),
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
            self.failing.push(false);
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
        if self.next_size(now_ms) == 0 {
            return None;
        }
        let mut taken = Vec::new();
        let mut rest = VecDeque::with_capacity(self.queue.len());
        for item in self.queue.drain(..) {
            if taken.len() < self.batch_cap && item.not_before <= now_ms {
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

    /// How many requests the batch [`ScanPlanner::next_batch`] would plan at `now_ms` holds
    /// (0: none), so that the caller can ask its pacing for a turn first.
    pub fn next_size(&self, now_ms: u64) -> usize {
        if self.in_flight.len() >= self.config.concurrency {
            return 0;
        }
        let ready = self.queue.iter().filter(|i| i.not_before <= now_ms).count();
        if ready == 0 || (!self.listing_complete && ready < self.batch_cap) {
            return 0;
        }
        ready.min(self.batch_cap)
    }

    /// Keeps the batches to at most `max` requests (at least 1, at most the configured size):
    /// a budget smaller than a batch is never overrun by one.
    pub fn cap_batches(&mut self, max: usize) {
        self.batch_cap = max.clamp(1, self.config.batch_size);
    }

    /// Asks `sp_id`'s jobs again at the next batch, without waiting for its next try (the
    /// admin's "Retry now"). False when the app is not waiting for a retry (answered, or in
    /// flight).
    pub fn retry_now(&mut self, sp_id: &str, now_ms: u64) -> bool {
        let Some(item) = self
            .queue
            .iter_mut()
            .find(|i| self.apps[i.app].id == sp_id && i.not_before > now_ms)
        else {
            return false;
        };
        item.not_before = now_ms;
        true
    }

    /// Apps whose last read failed and that wait for their next try.
    pub fn waiting(&self) -> usize {
        self.failing_count
    }

    /// What the last answer applied said about Graph's budget.
    pub fn last_answer(&self) -> AnswerCounts {
        self.last_answer
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
}

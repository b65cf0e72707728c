//! The one batch runner: it drives `syncdeck-graph`'s [`ScanPlanner`] for the fleet scan and the
//! auto-refresh alike. It sends every `$batch` the planner plans (a bounded number in flight)
//! when the client's learned budget has room for it (`syncdeck_graph::budget`), tells the
//! budget what each answer said, hands each answer back to the planner (which decides what to
//! retry: every read, until it succeeds), follows a job list's `@odata.nextLink` when Graph
//! paged it, and gives each app's job list as a [`JobList`] (one that waits for its next try
//! has `retry_at`).
//! Pages of service principals from a listing task come in through the same channel
//! ([`Batches::sender`]), so one loop waits for both.

use super::{GraphClient, GraphFailure, RawResponse};
use crate::browser::sleep_ms;
use futures::channel::mpsc;
use futures::future::{Either, select};
use futures::{FutureExt, StreamExt};
use syncdeck_core::JobList;
use syncdeck_graph::hints::Operation;
use syncdeck_graph::scan_plan::{ScanConfig, TransportFailure, envelope_result};
use syncdeck_graph::{ScanEvent, ScanPlanner, ServicePrincipal};

/// How many `$batch` requests are in flight at once (the synchronization endpoints publish no
/// limit, so stay conservative: https://learn.microsoft.com/graph/throttling-limits).
pub const DEFAULT_CONCURRENCY: usize = 4;

/// What comes into the runner's loop.
pub enum Msg {
    /// A page of service principals; `last` when it had no next link.
    Page(Vec<ServicePrincipal>, bool),
    /// The listing failed.
    ListingFailed(GraphFailure),
    /// A batch was answered (its envelope as it came) or not.
    Batch(u64, Result<RawResponse, TransportFailure>),
    /// The admin's "Retry now" for this app.
    RetryNow(String),
    /// The page was left.
    Aborted,
}

/// What the runner has for its caller.
pub enum Step {
    /// A page of service principals arrived (`last`: the listing is complete): name what it
    /// names, then hand it to [`Batches::add`].
    Page(Vec<ServicePrincipal>, bool),
    /// Job lists read (one answer's worth).
    Lists(Vec<JobList>),
    /// Every app was answered.
    Done,
}

/// A running set of job-list batches.
pub struct Batches {
    client: GraphClient,
    signal: Option<web_sys::AbortSignal>,
    planner: ScanPlanner,
    tx: mpsc::UnboundedSender<Msg>,
    rx: mpsc::UnboundedReceiver<Msg>,
    /// Until when the budget holds the next batch back (Unix ms).
    paced_until: Option<u64>,
}

impl Batches {
    /// A runner with at most `concurrency` batches in flight; `signal` aborts its requests.
    pub fn new(
        client: GraphClient,
        signal: Option<web_sys::AbortSignal>,
        concurrency: usize,
    ) -> Batches {
        let planner = ScanPlanner::new(ScanConfig {
            concurrency: concurrency.max(1),
            seed: now_ms(),
            ..ScanConfig::default()
        });
        let (tx, rx) = mpsc::unbounded();
        Batches {
            client,
            signal,
            planner,
            tx,
            rx,
            paced_until: None,
        }
    }

    /// Where a listing task sends its pages ([`Msg::Page`], [`Msg::ListingFailed`]).
    pub fn sender(&self) -> mpsc::UnboundedSender<Msg> {
        self.tx.clone()
    }

    /// Apps answered for good, and apps known.
    pub fn progress(&self) -> (usize, usize) {
        self.planner.progress()
    }

    /// Throttled requests that were retried.
    pub fn retries(&self) -> u32 {
        self.planner.retries()
    }

    /// Apps whose last read failed and that wait for their next try.
    pub fn waiting(&self) -> usize {
        self.planner.waiting()
    }

    /// Queues the job lists of `apps`; `last` when no more apps will come. Returns the lists
    /// that need no request (an id that cannot be put in a URL fails at once).
    pub async fn add(
        &mut self,
        apps: Vec<ServicePrincipal>,
        last: bool,
    ) -> Result<Vec<JobList>, GraphFailure> {
        let events = self.planner.add_service_principals(apps);
        if last {
            self.planner.listing_complete();
        }
        self.lists(events).await
    }

    /// Sends what is ready and waits for the next thing to report.
    pub async fn next(&mut self) -> Result<Step, GraphFailure> {
        loop {
            self.dispatch();
            if self.planner.is_done() {
                return Ok(Step::Done);
            }
            let Some(msg) = self.next_message().await else {
                continue;
            };
            match msg {
                Msg::Aborted => return Err(GraphFailure::Aborted),
                Msg::ListingFailed(e) => return Err(e),
                Msg::Page(apps, last) => return Ok(Step::Page(apps, last)),
                Msg::RetryNow(id) => {
                    self.planner.retry_now(&id, now_ms());
                }
                Msg::Batch(id, answer) => {
                    let events = self.land_and_apply(id, answer);
                    return self.lists(events).await.map(Step::Lists);
                }
            }
        }
    }

    /// Sends every batch the planner has ready, as long as the budget has room; each answer
    /// comes back as a [`Msg::Batch`].
    fn dispatch(&mut self) {
        self.paced_until = None;
        loop {
            let now = now_ms();
            if let Some(limit) = self.client.budget_limit() {
                self.planner.cap_batches(limit as usize);
            }
            let size = self.planner.next_size(now);
            if size == 0 {
                return;
            }
            let wait = self.client.budget_turn(size as u64);
            if wait > 0 {
                self.paced_until = Some(now + wait);
                return;
            }
            let Some(batch) = self.planner.next_batch(now) else {
                return;
            };
            let (client, signal, tx) = (self.client.clone(), self.signal.clone(), self.tx.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = client.send_raw(&batch.to_request(), signal).await;
                let _ = tx.unbounded_send(match answer {
                    Err(GraphFailure::Aborted) => Msg::Aborted,
                    Err(e) => Msg::Batch(batch.id, Err(TransportFailure::Network(e.to_string()))),
                    Ok(raw) => Msg::Batch(batch.id, Ok(raw)),
                });
            });
        }
    }

    /// Judges a batch's answer: the batch lands first and its freed slot carries the next batch
    /// out at once, then the answer is decoded and applied, and the budget learns what it said.
    /// Reading an answer takes a few ms of the main thread; sent before it rather than after,
    /// the next batch's round trip covers that time.
    fn land_and_apply(
        &mut self,
        id: u64,
        answer: Result<RawResponse, TransportFailure>,
    ) -> Vec<ScanEvent> {
        let Some(landed) = self.planner.land(id) else {
            return Vec::new();
        };
        self.dispatch();
        let result = answer
            .and_then(|raw| envelope_result(raw.status, raw.retry_after.as_deref(), &raw.body));
        let events = self.planner.apply_landed(landed, result, now_ms());
        self.client.budget_answered(self.planner.last_answer());
        events
    }

    /// The next message, or `None` when the earliest throttled request became ready first
    /// (then dispatch again). A closed channel reads as [`Msg::Aborted`].
    async fn next_message(&mut self) -> Option<Msg> {
        let concurrency = self.planner.config().concurrency;
        let queued = self
            .planner
            .next_wake_ms()
            .filter(|_| self.planner.in_flight() < concurrency);
        let wake = match (queued, self.paced_until) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        match wake {
            Some(at) => {
                let wait = sleep_ms(at.saturating_sub(now_ms()).max(1)).boxed_local();
                match select(self.rx.next(), wait).await {
                    Either::Left((msg, _)) => Some(msg.unwrap_or(Msg::Aborted)),
                    Either::Right(((), _)) => None,
                }
            }
            _ => Some(self.rx.next().await.unwrap_or(Msg::Aborted)),
        }
    }

    /// The planner's events as job lists: a paged job list is followed to its end here (job
    /// lists are tiny; Graph is not expected to page them), and a failure keeps the planner's
    /// `Retry-After` for the hint and the refresh cadence.
    async fn lists(&self, events: Vec<ScanEvent>) -> Result<Vec<JobList>, GraphFailure> {
        let mut lists = Vec::with_capacity(events.len());
        for event in events {
            lists.push(match event {
                ScanEvent::Jobs {
                    sp,
                    mut jobs,
                    next_link,
                } => {
                    let mut error = None;
                    if let Some(link) = next_link {
                        match self.client.more_jobs(&link, self.signal.clone()).await {
                            Ok(more) => jobs.extend(more),
                            Err(GraphFailure::Aborted) => return Err(GraphFailure::Aborted),
                            Err(e) => error = Some(e),
                        }
                    }
                    JobList {
                        sp,
                        jobs,
                        error,
                        retry_at: None,
                    }
                }
                ScanEvent::Retrying {
                    sp,
                    error,
                    retry_at,
                } => JobList {
                    sp,
                    jobs: Vec::new(),
                    error: Some(GraphFailure::graph(error, Operation::ListJobs)),
                    retry_at: Some(retry_at),
                },
                ScanEvent::Failed { sp, error, hint } => JobList {
                    sp,
                    jobs: Vec::new(),
                    error: Some(GraphFailure::Graph {
                        error,
                        operation: Operation::ListJobs,
                        retry_after_secs: hint.retry_after_secs,
                    }),
                    retry_at: None,
                },
            });
        }
        Ok(lists)
    }
}

fn now_ms() -> u64 {
    u64::try_from(crate::browser::now_ms()).unwrap_or(0)
}

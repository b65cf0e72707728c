//! The fleet scan, driven by `syncdeck-graph`'s [`ScanPlanner`]: list every service principal
//! (`$top=999`, following `@odata.nextLink`) and fan the per-app job lists out through `$batch`
//! (20 a batch, a bounded number of batches in flight). The planner decides what goes in which
//! batch, what to retry (throttled sub-requests alone, after their `Retry-After`) and when the
//! scan is done; this module only sends what it plans and puts the results into signals, so
//! cards appear while the scan runs. Dropping the [`ScanHandle`] (leaving the page) aborts every
//! request in flight.

use super::{GraphClient, GraphFailure, Page, sleep_ms};
use futures::channel::mpsc;
use futures::future::{Either, select};
use futures::{FutureExt, StreamExt};
use leptos::prelude::*;
use std::collections::HashMap;
use syncdeck_graph::hints::Operation;
use syncdeck_graph::scan_plan::{ScanConfig, TransportFailure, envelope_result};
use syncdeck_graph::{ScanEvent, ScanPlanner, ServicePrincipal, SynchronizationJob};

/// How many `$batch` requests are in flight at once (reference §4.2: sync endpoints publish no
/// limit; stay conservative).
pub const DEFAULT_CONCURRENCY: usize = 4;

/// One job with the service principal it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetEntry {
    /// The app (service principal).
    pub sp: ServicePrincipal,
    /// One of its synchronization jobs.
    pub job: SynchronizationJob,
    /// Bumped whenever a refresh brings a different job, so the view re-renders only that card.
    pub rev: u64,
}

/// A service principal whose jobs could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct AppFailure {
    /// The app.
    pub sp: ServicePrincipal,
    /// What went wrong.
    pub error: GraphFailure,
}

/// Where the scan is.
#[derive(Debug, Clone, PartialEq)]
pub enum ScanPhase {
    /// Listing service principals (job lists of the apps listed so far are already asked for).
    Listing {
        /// Pages of service principals read so far.
        pages: usize,
    },
    /// Every app is listed; job lists are still being read.
    Scanning,
    /// Every app was answered.
    Done,
    /// The service principal list itself failed: nothing can be shown.
    Failed(GraphFailure),
}

/// The scan's reactive state, read by the fleet page.
#[derive(Clone, Copy)]
pub struct FleetScan {
    /// The phase.
    pub phase: RwSignal<ScanPhase>,
    /// Service principals listed so far (the total once listing is done).
    pub total: RwSignal<Option<usize>>,
    /// Service principals whose job list has been answered for good (ok or not).
    pub scanned: RwSignal<usize>,
    /// Every job found so far.
    pub entries: RwSignal<Vec<FleetEntry>>,
    /// Apps whose job list failed.
    pub failures: RwSignal<Vec<AppFailure>>,
}

impl Default for FleetScan {
    fn default() -> Self {
        FleetScan {
            phase: RwSignal::new(ScanPhase::Listing { pages: 0 }),
            total: RwSignal::new(None),
            scanned: RwSignal::new(0),
            entries: RwSignal::new(Vec::new()),
            failures: RwSignal::new(Vec::new()),
        }
    }
}

/// Aborts the scan's requests when dropped.
pub struct ScanHandle(Option<web_sys::AbortController>);

impl ScanHandle {
    /// The abort signal of the scan's requests (for work that should stop with the page).
    pub fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(|c| c.signal())
    }

    /// Aborts now.
    pub fn abort(&mut self) {
        if let Some(c) = self.0.take() {
            c.abort();
        }
    }
}

impl Drop for ScanHandle {
    fn drop(&mut self) {
        self.abort();
    }
}

/// Starts a scan that fills `state`; keep the handle alive as long as the page shows it.
pub fn start(client: GraphClient, state: FleetScan, concurrency: usize) -> ScanHandle {
    start_with(client, state, concurrency, Vec::new())
}

/// Like [`start`], asking first for the jobs of `remembered` app ids (apps that had jobs on the
/// last visit), so their cards show first while the full scan runs. A remembered app that no
/// longer exists (404) is dropped silently.
pub fn start_with(
    client: GraphClient,
    state: FleetScan,
    concurrency: usize,
    remembered: Vec<String>,
) -> ScanHandle {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = run(client, state, concurrency.max(1), remembered, signal).await
            && e != GraphFailure::Aborted
        {
            state.phase.try_set(ScanPhase::Failed(e));
        }
    });
    ScanHandle(controller)
}

/// What the scan's helpers report back to its loop.
enum Msg {
    /// A page of service principals; `last` when it had no next link.
    Page(Vec<ServicePrincipal>, bool),
    /// The listing failed.
    ListingFailed(GraphFailure),
    /// A batch was answered (its envelope as it came, read by [`land_and_apply`]) or not.
    Batch(u64, Result<super::RawResponse, TransportFailure>),
    /// The page was left.
    Aborted,
}

fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

async fn run(
    client: GraphClient,
    state: FleetScan,
    concurrency: usize,
    remembered: Vec<String>,
    signal: Option<web_sys::AbortSignal>,
) -> Result<(), GraphFailure> {
    let mut planner = ScanPlanner::new(ScanConfig {
        concurrency,
        seed: now_ms(),
        ..ScanConfig::default()
    });
    // Remembered apps go first in the queue; their names come with the listing.
    let mut listed: HashMap<String, ServicePrincipal> = HashMap::new();
    let early = planner.add_service_principals(
        remembered
            .into_iter()
            .map(ServicePrincipal::with_id)
            .collect(),
    );
    if !publish(&client, &state, &planner, &listed, early, signal.clone()).await {
        return Err(GraphFailure::Aborted);
    }
    let (tx, mut rx) = mpsc::unbounded::<Msg>();
    wasm_bindgen_futures::spawn_local(list_pages(client.clone(), signal.clone(), tx.clone()));
    let mut pages = 0;

    loop {
        dispatch(&mut planner, &client, &signal, &tx);
        if planner.is_done() {
            break;
        }
        let Some(msg) = next_message(&planner, &mut rx).await else {
            continue;
        };
        let events = match msg {
            Msg::Aborted => return Err(GraphFailure::Aborted),
            Msg::ListingFailed(e) => return Err(e),
            Msg::Page(sps, last) => {
                pages += 1;
                name_entries(&state, &sps);
                listed.extend(sps.iter().map(|sp| (sp.id.clone(), sp.clone())));
                let events = planner.add_service_principals(sps);
                if last {
                    planner.listing_complete();
                }
                let phase = if last {
                    ScanPhase::Scanning
                } else {
                    ScanPhase::Listing { pages }
                };
                if state.phase.try_set(phase).is_some() {
                    return Err(GraphFailure::Aborted);
                }
                events
            }
            Msg::Batch(id, answer) => {
                land_and_apply(&mut planner, &client, &signal, &tx, id, answer)
            }
        };
        if !publish(&client, &state, &planner, &listed, events, signal.clone()).await {
            return Err(GraphFailure::Aborted);
        }
    }
    state.phase.try_set(ScanPhase::Done);
    Ok(())
}

/// Sends every batch the planner has ready; each answer comes back as a [`Msg::Batch`].
fn dispatch(
    planner: &mut ScanPlanner,
    client: &GraphClient,
    signal: &Option<web_sys::AbortSignal>,
    tx: &mpsc::UnboundedSender<Msg>,
) {
    while let Some(batch) = planner.next_batch(now_ms()) {
        let (client, signal, tx) = (client.clone(), signal.clone(), tx.clone());
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
/// out at once, then the answer is decoded and applied. Reading an answer takes a few ms of the
/// main thread; sent before it rather than after, the next batch's round trip covers that time.
fn land_and_apply(
    planner: &mut ScanPlanner,
    client: &GraphClient,
    signal: &Option<web_sys::AbortSignal>,
    tx: &mpsc::UnboundedSender<Msg>,
    id: u64,
    answer: Result<super::RawResponse, TransportFailure>,
) -> Vec<ScanEvent> {
    let Some(landed) = planner.land(id) else {
        return Vec::new();
    };
    dispatch(planner, client, signal, tx);
    let result =
        answer.and_then(|raw| envelope_result(raw.status, raw.retry_after.as_deref(), &raw.body));
    planner.apply_landed(landed, result, now_ms())
}

/// The next message, or `None` when the earliest throttled request became ready first (then
/// dispatch again). A closed channel reads as [`Msg::Aborted`].
async fn next_message(planner: &ScanPlanner, rx: &mut mpsc::UnboundedReceiver<Msg>) -> Option<Msg> {
    let concurrency = planner.config().concurrency;
    match planner.next_wake_ms() {
        Some(at) if planner.in_flight() < concurrency => {
            let wait = sleep_ms(at.saturating_sub(now_ms()).max(1)).boxed_local();
            match select(rx.next(), wait).await {
                Either::Left((msg, _)) => Some(msg.unwrap_or(Msg::Aborted)),
                Either::Right(((), _)) => None,
            }
        }
        _ => Some(rx.next().await.unwrap_or(Msg::Aborted)),
    }
}

/// Lists every page of service principals and hands each to the scan loop.
async fn list_pages(
    client: GraphClient,
    signal: Option<web_sys::AbortSignal>,
    tx: mpsc::UnboundedSender<Msg>,
) {
    let first = client.first_service_principals_page();
    let mut next: Option<String> = None;
    loop {
        let which = match &next {
            None => Page::First(&first),
            Some(url) => Page::Next(url),
        };
        match client.service_principals_page(which, signal.clone()).await {
            Ok(page) => {
                let last = page.next_link.is_none();
                if tx.unbounded_send(Msg::Page(page.value, last)).is_err() || last {
                    return;
                }
                next = page.next_link;
            }
            Err(GraphFailure::Aborted) => {
                let _ = tx.unbounded_send(Msg::Aborted);
                return;
            }
            Err(e) => {
                let _ = tx.unbounded_send(Msg::ListingFailed(e));
                return;
            }
        }
    }
}

/// Gives the cards of remembered apps (known by id only) their names from a listing page.
fn name_entries(state: &FleetScan, page: &[ServicePrincipal]) {
    let named: HashMap<&str, &ServicePrincipal> =
        page.iter().map(|sp| (sp.id.as_str(), sp)).collect();
    let needs =
        |sp: &ServicePrincipal| sp.display_name.is_none() && named.contains_key(sp.id.as_str());
    if state
        .entries
        .with_untracked(|v| v.iter().any(|e| needs(&e.sp)))
    {
        state.entries.try_update(|v| {
            for e in v.iter_mut().filter(|e| needs(&e.sp)) {
                e.sp = named[e.sp.id.as_str()].clone();
            }
        });
    }
    if state
        .failures
        .with_untracked(|v| v.iter().any(|f| needs(&f.sp)))
    {
        state.failures.try_update(|v| {
            for f in v.iter_mut().filter(|f| needs(&f.sp)) {
                f.sp = named[f.sp.id.as_str()].clone();
            }
        });
    }
}

/// Puts the planner's events into the signals; false when the page is gone.
async fn publish(
    client: &GraphClient,
    state: &FleetScan,
    planner: &ScanPlanner,
    listed: &HashMap<String, ServicePrincipal>,
    events: Vec<ScanEvent>,
    signal: Option<web_sys::AbortSignal>,
) -> bool {
    // Every job of the batch goes into the list in one update, so the page reacts once per
    // answer, not once per app.
    let mut found: Vec<FleetEntry> = Vec::new();
    for event in events {
        match event {
            ScanEvent::Failed { sp, error, .. }
                if sp.display_name.is_none()
                    && error.status == 404
                    && !listed.contains_key(&sp.id) =>
            {
                // A remembered app that no longer exists: forget it quietly.
            }
            ScanEvent::Jobs {
                sp,
                mut jobs,
                next_link,
            } => {
                let sp = listed.get(&sp.id).cloned().unwrap_or(sp);
                if let Some(link) = next_link {
                    // Job lists are tiny; a paged one is followed right here.
                    match client.more_jobs(&link, signal.clone()).await {
                        Ok(more) => jobs.extend(more),
                        Err(GraphFailure::Aborted) => return false,
                        Err(error) => {
                            state.failures.try_update(|v| {
                                v.push(AppFailure {
                                    sp: sp.clone(),
                                    error,
                                })
                            });
                        }
                    }
                }
                found.extend(jobs.into_iter().map(|job| FleetEntry {
                    sp: sp.clone(),
                    job,
                    rev: 0,
                }));
            }
            ScanEvent::Failed { sp, error, .. } => {
                let sp = listed.get(&sp.id).cloned().unwrap_or(sp);
                let error = GraphFailure::Graph {
                    error,
                    operation: Operation::ListJobs,
                };
                if state
                    .failures
                    .try_update(|v| v.push(AppFailure { sp, error }))
                    .is_none()
                {
                    return false;
                }
            }
        }
    }
    if !found.is_empty() && state.entries.try_update(|v| v.extend(found)).is_none() {
        return false;
    }
    let (answered, known) = planner.progress();
    state.total.try_set(Some(known));
    state.scanned.try_set(answered).is_none()
}

/// The result of re-reading the job lists of known apps.
#[derive(Debug, Clone, Default)]
pub struct RefreshOutcome {
    /// Every job of the apps that answered.
    pub entries: Vec<FleetEntry>,
    /// Apps that answered, even with no job (their old cards are replaced).
    pub answered: Vec<String>,
    /// Apps whose job list failed this time.
    pub failures: Vec<AppFailure>,
    /// Throttled sub-requests that had to be retried.
    pub throttled: u32,
}

/// Re-reads the job lists of `apps` through `$batch` (no listing): the fleet view's
/// auto-refresh. Same planner, same retry rules as the scan.
pub async fn refresh_jobs(
    client: &GraphClient,
    apps: Vec<ServicePrincipal>,
    concurrency: usize,
    signal: Option<web_sys::AbortSignal>,
) -> Result<RefreshOutcome, GraphFailure> {
    let mut planner = ScanPlanner::new(ScanConfig {
        concurrency: concurrency.max(1),
        seed: now_ms(),
        ..ScanConfig::default()
    });
    let mut out = RefreshOutcome::default();
    let mut events = planner.add_service_principals(apps);
    planner.listing_complete();
    let (tx, mut rx) = mpsc::unbounded::<Msg>();
    loop {
        for event in events.drain(..) {
            match event {
                ScanEvent::Jobs { sp, jobs, .. } => {
                    out.answered.push(sp.id.clone());
                    out.entries.extend(jobs.into_iter().map(|job| FleetEntry {
                        sp: sp.clone(),
                        job,
                        rev: 0,
                    }));
                }
                ScanEvent::Failed { sp, error, .. } => out.failures.push(AppFailure {
                    sp,
                    error: GraphFailure::Graph {
                        error,
                        operation: Operation::ListJobs,
                    },
                }),
            }
        }
        dispatch(&mut planner, client, &signal, &tx);
        if planner.is_done() {
            out.throttled = planner.retries();
            return Ok(out);
        }
        match next_message(&planner, &mut rx).await {
            None => {}
            Some(Msg::Batch(id, answer)) => {
                events = land_and_apply(&mut planner, client, &signal, &tx, id, answer)
            }
            Some(_) => return Err(GraphFailure::Aborted),
        }
    }
}

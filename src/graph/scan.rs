//! The fleet scan: list every service principal (`$top=999`, following `@odata.nextLink`), then
//! ask each one for its synchronization jobs with bounded concurrency. Results land in signals as
//! they arrive, so cards appear while the scan runs; dropping the [`ScanHandle`] (leaving the
//! page) aborts every request in flight.

use super::{GraphClient, GraphFailure, Page};
use futures::StreamExt;
use leptos::prelude::*;
use syncdeck_graph::{ServicePrincipal, SynchronizationJob};

/// How many job-list requests are in flight at once (reference §4.2: sync endpoints publish no
/// limit; stay conservative).
pub const DEFAULT_CONCURRENCY: usize = 4;

/// One job with the service principal it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetEntry {
    /// The app (service principal).
    pub sp: ServicePrincipal,
    /// One of its synchronization jobs.
    pub job: SynchronizationJob,
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
    /// Listing service principals; `pages` read so far.
    Listing {
        /// Pages of service principals read so far.
        pages: usize,
    },
    /// Reading job lists.
    Scanning,
    /// Every app was asked.
    Done,
    /// The service principal list itself failed: nothing can be shown.
    Failed(GraphFailure),
}

/// The scan's reactive state, read by the fleet page.
#[derive(Clone, Copy)]
pub struct FleetScan {
    /// The phase.
    pub phase: RwSignal<ScanPhase>,
    /// Service principals found (known once listing is done).
    pub total: RwSignal<Option<usize>>,
    /// Service principals whose job list has been answered (ok or not).
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
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = run(&client, state, concurrency.max(1), signal).await
            && e != GraphFailure::Aborted
        {
            state.phase.try_set(ScanPhase::Failed(e));
        }
    });
    ScanHandle(controller)
}

async fn run(
    client: &GraphClient,
    state: FleetScan,
    concurrency: usize,
    signal: Option<web_sys::AbortSignal>,
) -> Result<(), GraphFailure> {
    let mut sps = Vec::new();
    let first = client.first_service_principals_page();
    let mut next: Option<String> = None;
    let mut pages = 0;
    loop {
        let which = match &next {
            None => Page::First(&first),
            Some(url) => Page::Next(url),
        };
        let page = client
            .service_principals_page(which, signal.clone())
            .await?;
        pages += 1;
        sps.extend(page.value);
        // try_set: the page may have been left (signals disposed) while the request was out.
        if state.phase.try_set(ScanPhase::Listing { pages }).is_some() {
            return Err(GraphFailure::Aborted);
        }
        match page.next_link {
            Some(link) => next = Some(link),
            None => break,
        }
    }
    state.total.try_set(Some(sps.len()));
    state.phase.try_set(ScanPhase::Scanning);

    let mut answers = futures::stream::iter(sps.into_iter().map(|sp| {
        let signal = signal.clone();
        async move {
            let jobs = client.jobs(&sp.id, signal).await;
            (sp, jobs)
        }
    }))
    .buffer_unordered(concurrency);

    while let Some((sp, jobs)) = answers.next().await {
        match jobs {
            Err(GraphFailure::Aborted) => return Err(GraphFailure::Aborted),
            Ok(jobs) if !jobs.is_empty() => {
                let found = jobs.into_iter().map(|job| FleetEntry {
                    sp: sp.clone(),
                    job,
                });
                state.entries.try_update(|v| v.extend(found));
            }
            Ok(_) => {}
            Err(error) => {
                state
                    .failures
                    .try_update(|v| v.push(AppFailure { sp, error }));
            }
        }
        if state.scanned.try_update(|n| *n += 1).is_none() {
            return Err(GraphFailure::Aborted);
        }
    }
    state.phase.try_set(ScanPhase::Done);
    Ok(())
}

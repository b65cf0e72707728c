//! The fleet scan and the auto-refresh's reads, both through the one batch runner
//! ([`super::batch`]). The scan lists every service principal (`$top=999`, following
//! `@odata.nextLink`) while the job lists go out through `$batch`, and lands each answer in the
//! [`Fleet`] at once, so cards appear while the scan runs. Dropping the scan's handle (leaving
//! the page) aborts every request in flight. Every read completes: the listing's pages and the
//! apps' job lists are asked again until Graph answers them, and an app that still fails waits
//! as one line with its next try and a "Retry now" ([`FleetScan::retry_now`]).

use super::batch::{Batches, Msg, Step};
use super::{GraphClient, GraphFailure, Page};
use crate::browser::AbortOnDrop;
use futures::channel::mpsc;
use leptos::prelude::*;
use std::collections::HashMap;
use syncdeck_core::scan::ScanPhase;
use syncdeck_core::send::Retries;
use syncdeck_core::{Fleet, JobList, RefreshOutcome};
use syncdeck_graph::ServicePrincipal;
use syncdeck_graph::retry::RetryPolicy;

pub use super::batch::DEFAULT_CONCURRENCY;

/// The scan's reactive state, read by the fleet page.
#[derive(Clone, Copy)]
pub struct FleetScan {
    /// The phase.
    pub phase: RwSignal<ScanPhase>,
    /// Service principals listed so far (the total once listing is done).
    pub total: RwSignal<Option<usize>>,
    /// Service principals whose job list has been answered for good (ok or not).
    pub scanned: RwSignal<usize>,
    /// Every job found so far, and the apps whose jobs could not be read.
    pub fleet: RwSignal<Fleet>,
    /// Apps whose last read failed and that wait for their next try.
    pub waiting: RwSignal<usize>,
    /// When the scan started (Unix ms), for the time left.
    pub started_at: i64,
    /// Where "Retry now" goes: the runner at work (the scan's, then each refresh's).
    retry: StoredValue<Option<mpsc::UnboundedSender<Msg>>>,
}

impl FleetScan {
    /// Asks `sp_id`'s jobs again at once (a runner that has ended has nothing to retry).
    pub fn retry_now(&self, sp_id: &str) {
        if let Some(Some(runner)) = self.retry.try_get_value() {
            let _ = runner.unbounded_send(Msg::RetryNow(sp_id.into()));
        }
    }

    /// Where the runner at work takes its "Retry now".
    fn retry_through(&self, batches: &Batches) {
        self.retry.set_value(Some(batches.sender()));
    }
}

impl Default for FleetScan {
    fn default() -> Self {
        FleetScan {
            phase: RwSignal::new(ScanPhase::Listing { pages: 0 }),
            total: RwSignal::new(None),
            scanned: RwSignal::new(0),
            fleet: RwSignal::new(Fleet::default()),
            waiting: RwSignal::new(0),
            started_at: crate::browser::now_ms(),
            retry: StoredValue::new(None),
        }
    }
}

/// Starts a scan that fills `state`, asking first for the jobs of `remembered` app ids (apps
/// that had jobs on the last visit), so their cards show first while the full scan runs. Keep
/// the handle alive as long as the page shows it: dropping it aborts every request in flight.
pub fn start(
    client: GraphClient,
    state: FleetScan,
    concurrency: usize,
    remembered: Vec<String>,
) -> AbortOnDrop {
    let handle = AbortOnDrop::new();
    let signal = handle.signal();
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = run(client, state, concurrency, remembered, signal).await
            && e != GraphFailure::Aborted
        {
            state.phase.try_set(ScanPhase::Failed(e));
        }
    });
    handle
}

async fn run(
    client: GraphClient,
    state: FleetScan,
    concurrency: usize,
    remembered: Vec<String>,
    signal: Option<web_sys::AbortSignal>,
) -> Result<(), GraphFailure> {
    let mut batches = Batches::new(client.clone(), signal.clone(), concurrency);
    state.retry_through(&batches);
    // Remembered apps go first in the queue; their names come with the listing.
    let mut listed: HashMap<String, ServicePrincipal> = HashMap::new();
    let early = remembered.into_iter().map(ServicePrincipal::with_id);
    let lists = batches.add(early.collect(), false).await?;
    publish(&state, &batches, &listed, lists).ok_or(GraphFailure::Aborted)?;
    wasm_bindgen_futures::spawn_local(list_pages(client, signal, batches.sender()));
    let mut pages = 0;
    loop {
        let lists = match batches.next().await? {
            Step::Done => break,
            Step::Lists(lists) => lists,
            Step::Page(apps, last) => {
                pages += 1;
                update_if_changed(state.fleet, |f| f.name_apps(&apps))
                    .ok_or(GraphFailure::Aborted)?;
                listed.extend(apps.iter().map(|sp| (sp.id.clone(), sp.clone())));
                let phase = if last {
                    ScanPhase::Scanning
                } else {
                    ScanPhase::Listing { pages }
                };
                if state.phase.try_set(phase).is_some() {
                    return Err(GraphFailure::Aborted);
                }
                batches.add(apps, last).await?
            }
        };
        publish(&state, &batches, &listed, lists).ok_or(GraphFailure::Aborted)?;
    }
    state.phase.try_set(ScanPhase::Done);
    Ok(())
}

/// Lists every page of service principals and hands each to the scan's loop. Each page is
/// asked until Graph answers it ([`RetryPolicy::UNTIL_SUCCESS`]: a 5xx, an error page or no
/// answer is tried again after a backoff, a 429 after its `Retry-After`); a 4xx (permission,
/// sign-in) fails the scan.
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
        let retries = Retries::Policy(RetryPolicy::UNTIL_SUCCESS);
        match client
            .service_principals_page(which, retries, signal.clone())
            .await
        {
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

/// Lands one answer's job lists in the fleet (one update, so the page reacts once per answer,
/// not once per app) and the progress; `None` when the page is gone.
fn publish(
    state: &FleetScan,
    batches: &Batches,
    listed: &HashMap<String, ServicePrincipal>,
    lists: Vec<JobList>,
) -> Option<()> {
    if !lists.is_empty() {
        update_if_changed(state.fleet, |f| f.land(lists, listed))?;
    }
    let (answered, known) = batches.progress();
    state.total.try_set(Some(known));
    if state.waiting.get_untracked() != batches.waiting() {
        state.waiting.try_set(batches.waiting());
    }
    match state.scanned.try_set(answered) {
        Some(_) => None,
        None => Some(()),
    }
}

/// Re-reads the job lists of `apps` through `$batch` (no listing): the fleet view's
/// auto-refresh. Same runner, same planner, same retry rules as the scan: an app that fails
/// waits as a line in `state`'s fleet (and takes "Retry now") until it is read.
pub async fn refresh_jobs(
    client: &GraphClient,
    state: FleetScan,
    apps: Vec<ServicePrincipal>,
    concurrency: usize,
    signal: Option<web_sys::AbortSignal>,
) -> Result<RefreshOutcome, GraphFailure> {
    let mut batches = Batches::new(client.clone(), signal, concurrency);
    state.retry_through(&batches);
    let mut out = RefreshOutcome {
        lists: batches.add(apps, true).await?,
        throttled: 0,
    };
    loop {
        match batches.next().await? {
            Step::Lists(lists) => {
                let (waiting, read): (Vec<JobList>, Vec<JobList>) =
                    lists.into_iter().partition(|l| l.retry_at.is_some());
                out.lists.extend(read);
                if !waiting.is_empty() {
                    update_if_changed(state.fleet, |f| f.land(waiting, &HashMap::new()))
                        .ok_or(GraphFailure::Aborted)?;
                }
                state.waiting.try_set(batches.waiting());
            }
            Step::Done => break,
            Step::Page(..) => {}
        }
    }
    out.throttled = batches.retries();
    Ok(out)
}

/// Changes the fleet and notifies its readers only when `change` says it changed something
/// (most apps have no job: their answers change nothing); `None` when the page is gone.
fn update_if_changed(
    fleet: RwSignal<Fleet>,
    change: impl FnOnce(&mut Fleet) -> bool,
) -> Option<()> {
    if fleet.try_update_untracked(change)? {
        fleet.notify();
    }
    Some(())
}

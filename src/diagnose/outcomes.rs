//! The live state behind the fleet's "Recent failures" and the outcome charts, and its loading.
//!
//! - The fleet: once its first card is on screen (or the scan ended without one), after the
//!   next paint, ONE filtered query of the last 24 hours' failures (`$top=1000`, next links up
//!   to 5,000 events), then one query of the last 7 days' events for the fleet's chart (same
//!   cap). The two are not shared: the 7-day query's newest 5,000 events may miss failures
//!   that the filtered query finds, and failures alone cannot draw the chart.
//! - A job: one query of its last 7 days when its page opens.
//!
//! The logs need their own grant (`AuditLog.Read.All`, `Directory.Read.All`), asked for only when
//! the admin first opens logs (issue 14): so the loads start by themselves only in token mode or
//! once a logs read has worked in this browser (`GraphClient::logs_granted`); otherwise each waits for the
//! admin's click ([`Load::Idle`]).
//!
//! Each load keeps to its share of the reports budget (`syncdeck_graph::outcomes::SHARE`, 2
//! pages per 10 s) on top of the client's pacer, so the job page's logs are never queued
//! behind a chart. The grouping, the days and the cap are `syncdeck_graph::outcomes`'s.

use crate::browser::{self, now_ms};
use crate::graph::{GraphClient, GraphFailure, Page};
use crate::routes::AppRoute;
use leptos::prelude::*;
use syncdeck_graph::enums::ProvisioningResult;
use syncdeck_graph::logs::LogEvent;
use syncdeck_graph::logs::filter::MAX_TOP;
use syncdeck_graph::logs::{LogFilter, Period};
use syncdeck_graph::outcomes::days::{add_to_days, empty_days};
use syncdeck_graph::outcomes::{DayCounts, EventCap, FailureGroups, SHARE};
use syncdeck_graph::pace::Pacer;
use syncdeck_graph::request::GraphRequest;

/// Events counted so far, and whether that is all of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted<T> {
    /// What they add up to.
    pub value: T,
    /// Events read.
    pub events: usize,
    /// True when more events exist than were read (the cap).
    pub capped: bool,
    /// True while more pages are being read.
    pub reading: bool,
}

/// A load's state.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    /// Waiting for the admin to ask (the logs grant was never used here).
    Idle,
    /// Not started yet, or its first page is on its way.
    Loading,
    /// Counted (maybe still reading).
    Ready(Counted<T>),
    /// Graph refused or failed.
    Failed(GraphFailure),
}

/// A group of recent failures as the fleet lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct FailureRow {
    /// What the link says (app, count, error code).
    pub label: String,
    /// The job's logs filtered to the group.
    pub href: String,
}

/// The days of a chart.
pub type Days = Load<Vec<DayCounts>>;

/// Starts `load` once `ready` and `wanted` are both true (once), after the next paint; until
/// then an unwanted load shows [`Load::Idle`] in `shown`.
fn gate<T: Send + Sync + 'static>(
    ready: Signal<bool>,
    wanted: RwSignal<bool>,
    shown: &[RwSignal<Load<T>>],
    load: impl FnOnce() + 'static,
) {
    if !wanted.get_untracked() {
        shown.iter().for_each(|s| s.set(Load::Idle));
    }
    let shown = shown.to_vec();
    let mut load = Some(load);
    Effect::new(move |_| {
        if load.is_none() || !(ready.get() && wanted.get()) {
            return;
        }
        shown.iter().for_each(|s| s.set(Load::Loading));
        if let Some(load) = load.take() {
            browser::after_next_paint(load);
        }
    });
}

/// The fleet's recent failures and 7-day outcomes.
#[derive(Clone, Copy)]
pub struct FleetOutcomes {
    /// Failures of the last 24 hours, grouped.
    pub failures: RwSignal<Load<Vec<FailureRow>>>,
    /// Outcomes per day of the whole fleet.
    pub days: RwSignal<Days>,
    /// True once the loads may start (by themselves, or the admin asked).
    pub wanted: RwSignal<bool>,
}

impl FleetOutcomes {
    /// Starts loading after the next paint once `ready` (the first card is on screen, or the
    /// scan is over) is true and the loads are wanted (`auto`, or the admin asked); leaving the
    /// page aborts it.
    pub fn start(client: GraphClient, ready: Signal<bool>, auto: bool) -> FleetOutcomes {
        let out = FleetOutcomes {
            failures: RwSignal::new(Load::Loading),
            days: RwSignal::new(Load::Loading),
            wanted: RwSignal::new(auto),
        };
        let signal = browser::abort_on_cleanup();
        if !auto {
            out.days.set(Load::Idle);
        }
        gate(ready, out.wanted, &[out.failures], move || {
            wasm_bindgen_futures::spawn_local(load_fleet(client, out, signal));
        });
        out
    }
}

/// A job's 7-day outcomes.
#[derive(Clone, Copy)]
pub struct JobOutcomes {
    /// Outcomes per day.
    pub days: RwSignal<Days>,
    /// True once the load may start.
    pub wanted: RwSignal<bool>,
}

/// A job's 7-day outcomes, read now when `auto`, else when the admin asks; leaving the page
/// (or the job) aborts it.
pub fn job_days(client: GraphClient, job_id: String, auto: bool) -> JobOutcomes {
    let out = JobOutcomes {
        days: RwSignal::new(Load::Loading),
        wanted: RwSignal::new(auto),
    };
    let signal = browser::abort_on_cleanup();
    let ready = Signal::derive(|| true);
    gate(ready, out.wanted, &[out.days], move || {
        wasm_bindgen_futures::spawn_local(async move {
            let week = LogFilter {
                period: Period::Week,
                ..LogFilter::for_job(&job_id)
            };
            let request = week.request(now_ms(), MAX_TOP);
            let mut share = Pacer::new(SHARE);
            read_days(&client, &request, &mut share, signal, out.days).await;
        });
    });
    out
}

async fn load_fleet(client: GraphClient, out: FleetOutcomes, signal: Option<web_sys::AbortSignal>) {
    let now = now_ms();
    let mut share = Pacer::new(SHARE);
    let failed = LogFilter {
        statuses: vec![ProvisioningResult::Failure],
        period: Period::Day,
        ..LogFilter::default()
    };
    let mut groups = FailureGroups::default();
    let read = read_pages(
        &client,
        &failed.request(now, MAX_TOP),
        &mut share,
        signal.clone(),
        &mut |e, _| {
            groups.add(e);
            true
        },
    )
    .await;
    let refused = match read {
        Err(GraphFailure::Aborted) => return,
        Err(e) => {
            let forbidden = e.status() == Some(403);
            if out.failures.try_set(Load::Failed(e.clone())).is_some() {
                return;
            }
            forbidden.then_some(e)
        }
        Ok(cap) => {
            let rows = groups.sorted().into_iter().map(|g| {
                let filter = LogFilter {
                    statuses: vec![ProvisioningResult::Failure],
                    period: Period::Day,
                    error_code: g.error_code.clone(),
                    ..LogFilter::default()
                };
                let page = AppRoute::Job {
                    sp_id: g.sp_id.clone(),
                    job_id: g.job_id.clone(),
                };
                FailureRow {
                    label: g.label(),
                    href: format!("{}?{}", page.path(), filter.to_query()),
                }
            });
            let counted = Counted {
                value: rows.collect(),
                events: cap.taken,
                capped: cap.capped,
                reading: false,
            };
            if out.failures.try_set(Load::Ready(counted)).is_some() {
                return;
            }
            None
        }
    };
    // The same logs refused the same way: the chart says so without asking again.
    if let Some(e) = refused {
        out.days.try_set(Load::Failed(e));
        return;
    }
    let all = LogFilter::default().request(now, MAX_TOP);
    read_days(&client, &all, &mut share, signal, out.days).await;
}

/// Reads a 7-day question into `days`, showing the chart from its first page on.
async fn read_days(
    client: &GraphClient,
    request: &GraphRequest,
    share: &mut Pacer,
    signal: Option<web_sys::AbortSignal>,
    days: RwSignal<Days>,
) {
    let now = now_ms();
    let mut counts = empty_days(now, 7);
    let read = read_pages(client, request, share, signal, &mut |events, cap| {
        add_to_days(&mut counts, events);
        let counted = Counted {
            value: counts.clone(),
            events: cap.taken,
            capped: cap.capped,
            reading: true,
        };
        days.try_set(Load::Ready(counted)).is_none()
    })
    .await;
    match read {
        Ok(cap) => {
            days.try_set(Load::Ready(Counted {
                value: counts,
                events: cap.taken,
                capped: cap.capped,
                reading: false,
            }));
        }
        Err(GraphFailure::Aborted) => {}
        Err(e) => {
            days.try_set(Load::Failed(e));
        }
    }
}

/// Reads `first` and its next links up to the cap, each page in `share`'s turn, handing each
/// page's events to `take` (which returns false when nobody is listening any more).
async fn read_pages(
    client: &GraphClient,
    first: &GraphRequest,
    share: &mut Pacer,
    signal: Option<web_sys::AbortSignal>,
    take: &mut dyn FnMut(&[LogEvent], EventCap) -> bool,
) -> Result<EventCap, GraphFailure> {
    let mut cap = EventCap::default();
    let mut next: Option<String> = None;
    loop {
        turn(share).await;
        let which = match &next {
            None => Page::First(first),
            Some(url) => Page::Next(url),
        };
        let (events, next_link) = client.provisioning_logs(which, signal.clone()).await?;
        let (n, more) = cap.page(events.len(), next_link.is_some());
        if !take(&events[..n], cap) {
            return Err(GraphFailure::Aborted);
        }
        match next_link {
            Some(link) if more => next = Some(link),
            _ => return Ok(cap),
        }
    }
}

/// Waits for a turn in `share` and takes it.
async fn turn(share: &mut Pacer) {
    loop {
        let now = now_ms();
        let wait = share.wait(now);
        if wait == 0 {
            share.record(now);
            return;
        }
        browser::sleep_ms(wait as u64).await;
    }
}

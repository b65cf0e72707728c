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
use syncdeck_graph::outcomes::markup::{chart_html, failures_html};
use syncdeck_graph::outcomes::{EventCap, FailureGroups, SHARE};
use syncdeck_graph::pace::Pacer;
use syncdeck_graph::request::GraphRequest;
use syncdeck_i18n::{n_, tr};

/// A load's state: the same for the fleet's failures and every chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    /// Waiting for the admin to ask (the logs grant was never used here).
    Idle,
    /// Not started yet, or its first page is on its way.
    Loading,
    /// The markup of what was counted so far (`syncdeck_graph::outcomes::markup`), written in
    /// the language in use each time it is shown.
    Ready(Markup),
    /// Graph refused or failed.
    Failed(GraphFailure),
}

/// Markup written from what was counted, in the language in use when it is shown (a switch of
/// language draws it again from the same counts).
#[derive(Clone)]
pub struct Markup(std::sync::Arc<dyn Fn() -> String + Send + Sync>);

impl Markup {
    /// Markup that `write` writes.
    pub fn new(write: impl Fn() -> String + Send + Sync + 'static) -> Markup {
        Markup(std::sync::Arc::new(write))
    }

    /// The markup, in the language in use.
    pub fn html(&self) -> String {
        (self.0)()
    }
}

impl PartialEq for Markup {
    fn eq(&self, other: &Markup) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Markup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Markup")
    }
}

/// A page's outcome loads: the fleet's failures and chart, or a job's chart.
#[derive(Clone, Copy)]
pub struct Outcomes {
    /// Failures of the last 24 hours, grouped (the fleet only).
    pub failures: RwSignal<Load>,
    /// Outcomes per day of the last 7 days.
    pub days: RwSignal<Load>,
    /// True once the loads may start (by themselves, or the admin asked).
    pub wanted: RwSignal<bool>,
}

impl Outcomes {
    /// Starts loading after the next paint once `ready` and the loads are wanted (`auto`, or
    /// the admin asked); leaving the page aborts it. `job`: a job's chart, else the fleet's
    /// failures then its chart.
    pub fn start(
        client: GraphClient,
        ready: Signal<bool>,
        auto: bool,
        job: Option<String>,
    ) -> Outcomes {
        let idle = if auto { Load::Loading } else { Load::Idle };
        let out = Outcomes {
            failures: RwSignal::new(idle.clone()),
            days: RwSignal::new(idle),
            wanted: RwSignal::new(auto),
        };
        let signal = browser::abort_on_cleanup();
        let mut load = Some(move || {
            wasm_bindgen_futures::spawn_local(load(client, out, job, signal));
        });
        Effect::new(move |_| {
            if load.is_none() || !(ready.get() && out.wanted.get()) {
                return;
            }
            out.failures.set(Load::Loading);
            out.days.set(Load::Loading);
            if let Some(load) = load.take() {
                browser::after_next_paint(load);
            }
        });
        out
    }
}

async fn load(
    client: GraphClient,
    out: Outcomes,
    job: Option<String>,
    signal: Option<web_sys::AbortSignal>,
) {
    let now = now_ms();
    let mut share = Pacer::new(SHARE);
    // The default period is the last 7 days.
    let mut week = LogFilter::default();
    let name = if let Some(job_id) = job {
        week.job_id = Some(job_id);
        n_!("Provisioning outcomes per day, last 7 days, this job")
    } else {
        let failed = LogFilter {
            statuses: vec![ProvisioningResult::Failure],
            period: Period::Day,
            ..LogFilter::default()
        };
        let mut groups = FailureGroups::default();
        let read = read(
            &client,
            &failed.request(now, MAX_TOP),
            &mut share,
            signal.clone(),
            out.failures,
            &mut |events, cap, reading| {
                groups.add(events);
                let (sorted, cap, failed) = (groups.sorted(), *cap, failed.clone());
                Markup::new(move || {
                    let rows: Vec<(String, String)> = sorted
                        .iter()
                        .map(|g| {
                            let filter = LogFilter {
                                error_code: g.error_code.clone(),
                                ..failed.clone()
                            };
                            let page = AppRoute::Job {
                                sp_id: g.sp_id.clone(),
                                job_id: g.job_id.clone(),
                            };
                            (g.label(), format!("{}?{}", page.path(), filter.to_query()))
                        })
                        .collect();
                    failures_html(&rows, &cap, reading)
                })
            },
        )
        .await;
        match read {
            Err(GraphFailure::Aborted) => return,
            // The same logs refused the same way: the chart says so without asking again.
            Err(e) if e.status() == Some(403) => {
                out.days.try_set(Load::Failed(e));
                return;
            }
            _ => {}
        }
        n_!("Provisioning outcomes per day, last 7 days, all jobs")
    };
    let mut days = empty_days(now, 7);
    let _ = read(
        &client,
        &week.request(now, MAX_TOP),
        &mut share,
        signal,
        out.days,
        &mut |events, cap, reading| {
            add_to_days(&mut days, events);
            let (days, cap) = (days.clone(), *cap);
            Markup::new(move || chart_html(tr(name), &days, &cap, reading))
        },
    )
    .await;
}

/// Reads `first` and its next links up to the cap, each page in `share`'s turn, handing each
/// page's events to `step` and showing its markup in `state` (then the last markup once all is
/// read, or the failure).
async fn read(
    client: &GraphClient,
    first: &GraphRequest,
    share: &mut Pacer,
    signal: Option<web_sys::AbortSignal>,
    state: RwSignal<Load>,
    step: &mut dyn FnMut(&[LogEvent], &EventCap, bool) -> Markup,
) -> Result<(), GraphFailure> {
    let mut cap = EventCap::default();
    let mut next: Option<String> = None;
    let r = loop {
        turn(share).await;
        let which = match &next {
            None => Page::First(first),
            Some(url) => Page::Next(url),
        };
        let (events, next_link) = match client.provisioning_logs(which, signal.clone()).await {
            Ok(page) => page,
            Err(e) => break Err(e),
        };
        let (n, more) = cap.page(events.len(), next_link.is_some());
        if state
            .try_set(Load::Ready(step(&events[..n], &cap, more)))
            .is_some()
        {
            break Err(GraphFailure::Aborted);
        }
        match next_link {
            Some(link) if more => next = Some(link),
            _ => break Ok(()),
        }
    };
    if let Err(e) = &r
        && !matches!(e, GraphFailure::Aborted)
    {
        state.try_set(Load::Failed(e.clone()));
    }
    r
}

/// Waits for a turn in `share` and takes it; nothing is read while the tab is hidden (as the
/// auto-refresh, `src/fleet/refresh.rs`): the next page waits until the admin is back.
async fn turn(share: &mut Pacer) {
    loop {
        let wait = if browser::tab_hidden() {
            1_000
        } else {
            share.take(now_ms())
        };
        if wait == 0 {
            return;
        }
        browser::sleep_ms(wait as u64).await;
    }
}

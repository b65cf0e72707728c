//! The fleet view (`/`): every synchronization job of every service principal, as status cards
//! that appear while the scan runs; filtered, sorted and exported with `syncdeck-graph`'s fleet
//! rules; kept fresh by an auto-refresh whose cadence `syncdeck-graph` decides.

use crate::actions::{Actions, JobUpdate};
use crate::components::bulk::BulkBar;
use crate::components::error_view::GraphFailureDetails;
use crate::components::fleet_controls::{FleetControls, download_csv};
use crate::components::status_card::StatusCard;
use crate::graph::scan::{self, FleetEntry, FleetScan, ScanPhase};
use crate::graph::{GraphClient, GraphFailure, sleep_ms};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::collections::HashSet;
use syncdeck_graph::fleet::{
    CsvRow, FleetFilter, JobRef, RefreshInput, SortOrder, next_refresh_ms, sort_entries,
    state_changes, to_csv, updated_ago,
};
use syncdeck_graph::{ServicePrincipal, Summary};

/// Where the ids of apps that had jobs are remembered between visits (ids only, never tokens or
/// job data), per Graph host.
fn memory_key(client: &GraphClient) -> String {
    format!("syncdeck.appsWithJobs.{}", client.base())
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The remembered app ids (empty when storage is off or holds garbage).
fn remembered_apps(client: &GraphClient) -> Vec<String> {
    local_storage()
        .and_then(|s| s.get_item(&memory_key(client)).ok().flatten())
        .and_then(|text| serde_json::from_str::<Vec<String>>(&text).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|id| !id.is_empty() && id.len() <= 64)
        .take(2_000)
        .collect()
}

fn remember_apps(client: &GraphClient, entries: &[FleetEntry]) {
    let mut ids: Vec<&str> = entries.iter().map(|e| e.sp.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    if let (Some(storage), Ok(text)) = (local_storage(), serde_json::to_string(&ids)) {
        let _ = storage.set_item(&memory_key(client), &text);
    }
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn tab_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// The fleet page: starts a scan on mount, refreshes while shown, aborts everything on unmount.
#[component]
pub fn FleetPage() -> impl IntoView {
    let client = expect_context::<GraphClient>();
    let state = FleetScan::default();
    let remembered = remembered_apps(&client);
    let handle = scan::start_with(client.clone(), state, scan::DEFAULT_CONCURRENCY, remembered);
    let abort = handle.signal();
    // The handle aborts every request in flight when the page is left.
    let handle = send_wrapper::SendWrapper::new(handle);
    on_cleanup(move || drop(handle));

    // Filter and sort live in the URL, so a filtered view is a link that survives a reload.
    let query = use_query_map();
    let initial: Vec<(String, String)> = query
        .get_untracked()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let filter = RwSignal::new(FleetFilter::from_query(&initial));
    let sort = RwSignal::new(
        initial
            .iter()
            .find(|(k, _)| k == "sort")
            .and_then(|(_, v)| SortOrder::from_key(v))
            .unwrap_or_default(),
    );
    let navigate = use_navigate();
    Effect::new(move |first: Option<()>| {
        let mut pairs = filter.get().to_query();
        let order = sort.get();
        if order != SortOrder::default() {
            pairs.push(("sort", order.key().to_string()));
        }
        if first.is_some() {
            let qs: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v)))
                .collect();
            let url = if qs.is_empty() {
                "/".to_string()
            } else {
                format!("/?{}", qs.join("&"))
            };
            navigate(
                &url,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });

    // Freshness: when the list was last read, a clock for "updated N s ago", announcements.
    let updated_at = RwSignal::new(None::<i64>);
    let now = RwSignal::new(now_ms());
    let announcement = RwSignal::new(String::new());
    if let Ok(tick) =
        set_interval_with_handle(move || now.set(now_ms()), std::time::Duration::from_secs(1))
    {
        on_cleanup(move || tick.clear());
    }
    let memory_client = client.clone();
    Effect::new(move |_| {
        if state.phase.get() == ScanPhase::Done && updated_at.get_untracked().is_none() {
            updated_at.set(Some(now_ms()));
            state
                .entries
                .with_untracked(|e| remember_apps(&memory_client, e));
        }
    });
    let actions = Actions::expect();
    // Jobs changed by actions (here or on another page) replace their cards at once.
    let mut seen = actions.updates.with_untracked(Vec::len);
    Effect::new(move |_| {
        let fresh: Vec<JobUpdate> = actions
            .updates
            .with(|u| u.get(seen..).map(<[_]>::to_vec).unwrap_or_default());
        seen += fresh.len();
        if fresh.is_empty() {
            return;
        }
        state.entries.update(|entries| {
            for update in fresh {
                let at = entries
                    .iter()
                    .position(|e| e.sp.id == update.sp_id && e.job.id == update.job_id);
                match (at, update.job) {
                    (Some(i), Some(job)) => {
                        entries[i].job = job;
                        entries[i].rev += 1;
                    }
                    (Some(i), None) => {
                        entries.remove(i);
                    }
                    (None, _) => {}
                }
            }
        });
    });
    let selection = RwSignal::new(HashSet::<String>::new());
    let refresh_client = client.clone();
    wasm_bindgen_futures::spawn_local(auto_refresh(
        refresh_client,
        state,
        updated_at,
        announcement,
        actions,
        abort,
    ));

    let visible = Memo::new(move |_| {
        let f = filter.get();
        let mut shown: Vec<FleetEntry> = state.entries.with(|v| {
            v.iter()
                .filter(|e| f.matches(e.sp.name(), &e.sp.id, &e.job))
                .cloned()
                .collect()
        });
        sort_entries(&mut shown, sort.get(), |e| (&e.job, e.sp.name()));
        shown
    });
    let summary = move || {
        state
            .entries
            .with(|v| Summary::of(v.iter().map(|e| &e.job)).line())
    };
    let export = move || {
        let rows = visible.get_untracked();
        let csv = to_csv(
            &rows
                .iter()
                .map(|e| CsvRow {
                    app_name: e.sp.name(),
                    sp_id: &e.sp.id,
                    app_id: e.sp.app_id.as_deref(),
                    job: &e.job,
                })
                .collect::<Vec<_>>(),
            now_ms(),
        );
        download_csv(&csv, now_ms());
    };
    let total_jobs = move || state.entries.with(Vec::len);

    view! {
        <section class="sd-fleet" aria-labelledby="sd-fleet-title">
            <h1 id="sd-fleet-title">"Provisioning jobs"</h1>
            <ScanProgress state=state />
            <p class="sd-fleet__summary">
                {summary}
                {move || state.total.get().map(|t| format!(" · {t} apps"))}
                {move || updated_at.get().map(|at| format!(" · {}", updated_ago(now.get(), at)))}
            </p>
            <p class="sd-announcer" role="status" aria-live="polite">{move || announcement.get()}</p>
            <FleetControls filter=filter sort=sort jobs=state.entries on_export=export />
            <BulkBar selection=selection entries=state.entries />
            {move || match state.phase.get() {
                ScanPhase::Failed(e) => Some(view! {
                    <div class="sd-alert" role="alert">
                        <p>"The list of apps could not be read."</p>
                        <GraphFailureDetails failure=e />
                    </div>
                }),
                _ => None,
            }}
            <ul class="sd-fleet__errors" aria-label="Apps whose jobs could not be read">
                <For
                    each=move || state.failures.get()
                    key=|f| f.sp.id.clone()
                    children=|f| view! {
                        <li class="sd-fleet__error" role="alert">
                            <strong>{f.sp.name().to_string()}</strong>
                            ": its jobs could not be read."
                            <GraphFailureDetails failure=f.error.clone() />
                        </li>
                    }
                />
            </ul>
            <p class="sd-fleet__shown">
                {move || {
                    let (shown, all) = (visible.with(Vec::len), total_jobs());
                    if shown == all { String::new() } else { format!("Showing {shown} of {all} jobs") }
                }}
            </p>
            <div class="sd-fleet__cards">
                <For
                    each=move || visible.get()
                    key=|e| (e.sp.id.clone(), e.job.id.clone(), e.rev, e.sp.display_name.clone())
                    children=move |e| {
                        view! {
                            <StatusCard
                                app_name=e.sp.name().to_string()
                                sp_id=e.sp.id.clone()
                                job=e.job.clone()
                                now_ms=now.get_untracked()
                                selection=selection
                            />
                        }
                    }
                />
            </div>
        </section>
    }
}

/// Re-reads the jobs of the apps that have some, at the cadence `syncdeck-graph` decides;
/// nothing is sent while the tab is hidden; announces what changed.
async fn auto_refresh(
    client: GraphClient,
    state: FleetScan,
    updated_at: RwSignal<Option<i64>>,
    announcement: RwSignal<String>,
    actions: Actions,
    abort: Option<web_sys::AbortSignal>,
) {
    let aborted = || abort.as_ref().is_some_and(|s| s.aborted());
    let mut throttled = 0u32;
    loop {
        if aborted() {
            return;
        }
        let Some(Some(at)) = updated_at.try_get_untracked() else {
            sleep_ms(500).await;
            continue;
        };
        let Some(entries) = state.entries.try_get_untracked() else {
            return;
        };
        let jobs: Vec<&syncdeck_graph::SynchronizationJob> =
            entries.iter().map(|e| &e.job).collect();
        let wait = next_refresh_ms(&RefreshInput {
            jobs: &jobs,
            since_last_action_ms: actions
                .last_action_at
                .try_get_untracked()
                .flatten()
                .map(|t| (now_ms() - t).max(0) as u64),
            hidden: tab_hidden(),
            throttled,
            retry_after_secs: None,
        });
        let Some(wait) = wait else {
            sleep_ms(1_000).await; // hidden: look again in a second, send nothing
            continue;
        };
        let due = at + wait as i64;
        if now_ms() < due {
            sleep_ms(((due - now_ms()).clamp(0, 1_000)) as u64).await;
            continue;
        }
        let mut apps: Vec<ServicePrincipal> = entries.iter().map(|e| e.sp.clone()).collect();
        apps.sort_by(|a, b| a.id.cmp(&b.id));
        apps.dedup_by(|a, b| a.id == b.id);
        match scan::refresh_jobs(&client, apps, scan::DEFAULT_CONCURRENCY, abort.clone()).await {
            Err(GraphFailure::Aborted) => return,
            Err(_) => throttled += 1,
            Ok(outcome) => {
                throttled = if outcome.throttled > 0 {
                    throttled + 1
                } else {
                    0
                };
                let mut next: Vec<FleetEntry> = entries
                    .iter()
                    .filter(|e| !outcome.answered.contains(&e.sp.id))
                    .cloned()
                    .collect();
                for mut fresh in outcome.entries {
                    let old = entries
                        .iter()
                        .find(|e| e.sp.id == fresh.sp.id && e.job.id == fresh.job.id);
                    if let Some(old) = old {
                        fresh.sp = old.sp.clone();
                        fresh.rev = if old.job == fresh.job {
                            old.rev
                        } else {
                            old.rev + 1
                        };
                    }
                    next.push(fresh);
                }
                let before: Vec<JobRef<'_>> = entries
                    .iter()
                    .map(|e| JobRef {
                        app_name: e.sp.name(),
                        sp_id: &e.sp.id,
                        job: &e.job,
                    })
                    .collect();
                let after: Vec<JobRef<'_>> = next
                    .iter()
                    .map(|e| JobRef {
                        app_name: e.sp.name(),
                        sp_id: &e.sp.id,
                        job: &e.job,
                    })
                    .collect();
                let changes = state_changes(&before, &after);
                if !changes.is_empty() {
                    announcement.try_set(changes.join(". "));
                }
                if state.entries.try_set(next).is_some() {
                    return;
                }
                if !outcome.failures.is_empty() {
                    state.failures.try_update(|f| {
                        for failure in outcome.failures {
                            if !f.iter().any(|x| x.sp.id == failure.sp.id) {
                                f.push(failure);
                            }
                        }
                    });
                }
            }
        }
        if updated_at.try_set(Some(now_ms())).is_some() {
            return;
        }
    }
}

/// The scan's progress: a `progressbar` of apps scanned out of the total.
#[component]
fn ScanProgress(
    /// The scan.
    state: FleetScan,
) -> impl IntoView {
    let text = move || match (state.phase.get(), state.total.get()) {
        (ScanPhase::Listing { pages }, _) => format!("Listing apps… ({pages} pages read)"),
        (ScanPhase::Done, Some(t)) => format!("Scanned all {t} apps"),
        (ScanPhase::Failed(_), _) => "Scan failed".to_string(),
        (_, Some(t)) => format!("Scanned {} of {t} apps", state.scanned.get()),
        (_, None) => "Scanning…".to_string(),
    };
    view! {
        <div class="sd-scan">
            <div
                class="sd-scan__bar"
                role="progressbar"
                aria-label="Apps scanned"
                aria-valuemin="0"
                aria-valuemax=move || state.total.get().unwrap_or(0).to_string()
                aria-valuenow=move || state.scanned.get().to_string()
                aria-valuetext=text
            >
                <div
                    class="sd-scan__fill"
                    style:width=move || {
                        let total = state.total.get().unwrap_or(0).max(1);
                        format!("{}%", state.scanned.get() * 100 / total)
                    }
                ></div>
            </div>
            <span class="sd-scan__text">{text}</span>
        </div>
    }
}

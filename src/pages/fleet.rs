//! The fleet view (`/`): every synchronization job of every service principal, as status cards
//! that appear while the scan runs; filtered, sorted and exported with `syncdeck-graph`'s fleet
//! rules; kept fresh by an auto-refresh whose cadence `syncdeck-graph` decides.

use crate::actions::Actions;
use crate::browser::{self, now_ms, sleep_ms, tab_hidden};
use crate::components::bulk::BulkBar;
use crate::components::error_view::GraphFailureDetails;
use crate::components::fleet_controls::FleetControls;
use crate::components::status_card::StatusCard;
use crate::graph::scan::{self, FleetScan};
use crate::graph::{GraphClient, GraphFailure};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use syncdeck_core::Fleet;
use syncdeck_core::JobUpdate;
use syncdeck_core::fleet::parse_remembered;
use syncdeck_core::refresh::{RefreshNow, RefreshPolicy, RefreshStep};
use syncdeck_core::scan::{ScanPhase, progress_scale, progress_text};
use syncdeck_core::search::{SearchCache, sorted, view_from_query, view_query, visible};
use syncdeck_core::throttle::{Render, RenderThrottle};
use syncdeck_core::window::{
    CardWindow, completes_short_list, more_count, near_end as is_near_end,
};
use syncdeck_graph::Summary;
use syncdeck_graph::fleet::{CsvRow, csv_file_name, to_csv, updated_ago};

/// Where the ids of apps that had jobs are remembered between visits (ids only, never tokens or
/// job data), per Graph host.
fn memory_key(client: &GraphClient) -> String {
    format!("syncdeck.appsWithJobs.{}", client.base())
}

/// The fleet page: starts a scan on mount, refreshes while shown, aborts everything on unmount.
#[component]
pub fn FleetPage() -> impl IntoView {
    let client = expect_context::<GraphClient>();
    let state = FleetScan::default();
    let remembered = parse_remembered(browser::stored(&memory_key(&client)).as_deref());
    let handle = scan::start(client.clone(), state, scan::DEFAULT_CONCURRENCY, remembered);
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
    let (initial_filter, initial_sort) = view_from_query(&initial);
    let filter = RwSignal::new(initial_filter);
    let sort = RwSignal::new(initial_sort);
    let navigate = use_navigate();
    Effect::new(move |first: Option<()>| {
        let pairs = view_query(&filter.get(), sort.get());
        if first.is_some() {
            let qs: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{k}={}", browser::encode_uri_component(v)))
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
    let now = browser::clock();
    let announcement = RwSignal::new(String::new());
    let memory_client = client.clone();
    Effect::new(move |_| {
        if state.phase.get() == ScanPhase::Done && updated_at.get_untracked().is_none() {
            updated_at.set(Some(now_ms()));
            let ids = state
                .fleet
                .with_untracked(|f| serde_json::to_string(&f.remembered_ids()));
            if let Ok(ids) = ids {
                browser::store(&memory_key(&memory_client), &ids);
            }
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
        state.fleet.update(|fleet| {
            for update in &fresh {
                fleet.apply_update(update);
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

    // While the scan runs, batches land every few milliseconds: the cards follow at most every
    // `scan_render_interval` (first and last answer at once), so the main thread keeps sending batches
    // instead of re-sorting and re-laying out the cards 250 times. Outside the scan (refreshes,
    // actions) and when jobs go away, the cards follow at once.
    let render_tick = RwSignal::new(0u64);
    let throttle = Arc::new(Mutex::new(RenderThrottle::default()));
    Effect::new(move |_| {
        state.scanned.track();
        state.total.track();
        let len = state.fleet.with(Fleet::len);
        let scanning = state.phase.with(ScanPhase::is_running);
        let decision = throttle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .on_change(now_ms(), len, scanning);
        match decision {
            Render::Now => render_tick.update(|n| *n += 1),
            Render::Pending => {}
            Render::After(wait) => {
                let throttle = throttle.clone();
                set_timeout(
                    move || {
                        throttle
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .fired(now_ms());
                        render_tick.try_update(|n| *n += 1);
                    },
                    std::time::Duration::from_millis(wait),
                );
            }
        }
    });
    // What the filter shows, as positions in `state.entries`: sorted once per render tick or
    // change of order (not per keystroke), then filtered with each job's search text, which is
    // built once per job and kept between keystrokes. No entry is cloned here. Positions are
    // read with `get`: between a change of the jobs and the next tick they may be stale, never
    // out of bounds.
    let sorted = Memo::new(move |_| {
        render_tick.track();
        let order = sort.get();
        state.fleet.with_untracked(|f| sorted(f.entries(), order))
    });
    let search = Arc::new(Mutex::new(SearchCache::default()));
    // Once the scan is done, the search texts are built in the background, so the first
    // keystroke does not pay for all of them.
    let warm = search.clone();
    Effect::new(move |_| {
        if state.phase.get() == ScanPhase::Done {
            let warm = warm.clone();
            set_timeout(
                move || {
                    let _ = state.fleet.try_with_untracked(|f| {
                        warm.lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .warm(f.entries())
                    });
                },
                std::time::Duration::from_millis(50),
            );
        }
    });
    let visible = Memo::new(move |_| {
        let f = filter.get();
        sorted.with(|order| {
            state.fleet.with_untracked(|fleet| {
                let mut cache = search.lock().unwrap_or_else(|e| e.into_inner());
                visible(fleet.entries(), order, &f, &mut cache)
            })
        })
    });
    // Only the first cards are rendered (see `CARD_WINDOW`); the window grows as the end of the
    // rendered cards comes near the viewport, and starts over with each new filter or order.
    let card_window = RwSignal::new(CardWindow::default());
    let limit = move || {
        let (f, o) = (filter.get(), sort.get());
        card_window.with(|w| w.limit(&f, o))
    };
    let window = Memo::new(move |_| {
        let n = limit();
        visible.with(|shown| {
            state.fleet.with_untracked(|f| {
                shown
                    .iter()
                    .take(n)
                    .filter_map(|&i| f.entries().get(i).cloned())
                    .collect::<Vec<_>>()
            })
        })
    });
    let grow = move || {
        let shown = visible.with_untracked(Vec::len);
        let (f, o) = (filter.get_untracked(), sort.get_untracked());
        if card_window.with_untracked(|w| w.limit(&f, o) < shown) {
            card_window.update(|w| {
                w.grow(&f, o, shown);
            });
        }
    };
    let more_ref = NodeRef::<leptos::html::Div>::new();
    let near_end = move || {
        more_ref
            .get_untracked()
            // A sentinel taken off the page (every card shown) is no reason to grow.
            .and_then(|el| browser::measure(&el))
            .is_some_and(|p| is_near_end(p.top, p.scrolled, p.viewport_height))
    };
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| {
        if near_end() {
            grow();
        }
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| {
        if near_end() {
            grow();
        }
    });
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
    // After each render: a short list is completed, and a tall screen may still show the end of
    // the cards.
    Effect::new(move |_| {
        window.track();
        visible.track();
        // Checked after the next paint (a timer set in the frame), so a keystroke's first frame
        // shows the first screen of cards and the rest follow frame by frame.
        browser::after_next_paint(move || {
            // A short list is completed; a long one grows only near its end.
            let shown = visible.with_untracked(Vec::len);
            if completes_short_list(shown, untrack(limit)) || near_end() {
                grow();
            }
        });
    });
    // "Show more" (keyboard and screen reader users): adds cards and moves focus to the first
    // new one, so reading goes on where it stopped.
    let show_more = move |_| {
        let first_new = untrack(limit);
        grow();
        request_animation_frame(move || {
            browser::focus(&format!(
                ".sd-fleet__cards > article:nth-child({}) a",
                first_new + 1
            ));
        });
    };
    // The summary and the progress follow the render tick too (exact once the scan is done).
    let summary = move || {
        render_tick.track();
        state.fleet.with_untracked(|f| Summary::of(f.jobs()).line())
    };
    let export = move || {
        let shown = visible.get_untracked();
        state.fleet.with_untracked(|f| {
            let rows: Vec<CsvRow<'_>> = shown
                .iter()
                .filter_map(|&i| f.entries().get(i))
                .map(|e| e.csv_row())
                .collect();
            let now = now_ms();
            browser::download(
                &to_csv(&rows, now),
                &csv_file_name(now),
                "text/csv;charset=utf-8",
            );
        });
    };
    // Counted on the same tick as the cards, so "Showing" never flickers during the scan.
    let total_jobs = move || sorted.with(Vec::len);

    view! {
        <section class="sd-fleet" aria-labelledby="sd-fleet-title">
            <h1 id="sd-fleet-title">"Provisioning jobs"</h1>
            <ScanProgress state=state tick=render_tick />
            <p class="sd-fleet__summary">
                {summary}
                {move || state.total.get().map(|t| format!(" · {t} apps"))}
                {move || updated_at.get().map(|at| format!(" · {}", updated_ago(now.get(), at)))}
            </p>
            <p class="sd-announcer" role="status" aria-live="polite">{move || announcement.get()}</p>
            <FleetControls filter=filter sort=sort fleet=state.fleet on_export=export />
            <BulkBar selection=selection fleet=state.fleet />
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
                    each=move || state.fleet.with(|f| f.failures().to_vec())
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
                    each=move || window.get()
                    key=|e| (e.sp.id.clone(), e.job.id.clone(), e.rev, e.sp.display_name.clone())
                    children=move |e| {
                        view! {
                            <StatusCard
                                entry=e.app_job.clone()
                                now_ms=now.get_untracked()
                                selection=selection
                            />
                        }
                    }
                />
            </div>
            {move || {
                let (rendered, shown) = (window.with(Vec::len), visible.with(Vec::len));
                (rendered < shown).then(|| view! {
                    <div class="sd-fleet__more" node_ref=more_ref>
                        <p>
                            {format!("{rendered} of {shown} jobs on the page; more appear as you scroll.")}
                        </p>
                        <button type="button" class="sd-button" on:click=show_more>
                            {format!("Show {} more jobs", more_count(rendered, shown))}
                        </button>
                    </div>
                })
            }}
        </section>
    }
}

/// Re-reads the jobs of the apps that have some, when `syncdeck_core::refresh` says; nothing
/// is sent while the tab is hidden; announces what changed.
async fn auto_refresh(
    client: GraphClient,
    state: FleetScan,
    updated_at: RwSignal<Option<i64>>,
    announcement: RwSignal<String>,
    actions: Actions,
    abort: Option<web_sys::AbortSignal>,
) {
    let aborted = || abort.as_ref().is_some_and(|s| s.aborted());
    let mut policy = RefreshPolicy::default();
    loop {
        if aborted() {
            return;
        }
        let (Some(at), Some(last_action_at)) = (
            updated_at.try_get_untracked(),
            actions.last_action_at.try_get_untracked(),
        ) else {
            return;
        };
        let Some(step) = state.fleet.try_with_untracked(|f| {
            let jobs: Vec<_> = f.jobs().collect();
            policy.step(&RefreshNow {
                now_ms: now_ms(),
                updated_at: at,
                jobs: &jobs,
                last_action_at,
                hidden: tab_hidden(),
            })
        }) else {
            return;
        };
        if let RefreshStep::SleepMs(ms) = step {
            sleep_ms(ms).await;
            continue;
        }
        let Some(apps) = state.fleet.try_with_untracked(Fleet::apps) else {
            return;
        };
        let outcome =
            scan::refresh_jobs(&client, apps, scan::DEFAULT_CONCURRENCY, abort.clone()).await;
        if outcome == Err(GraphFailure::Aborted) {
            return;
        }
        policy.record(outcome.as_ref());
        if let Ok(outcome) = outcome {
            let Some(changes) = state.fleet.try_update(|f| f.merge_refresh(outcome)) else {
                return;
            };
            if !changes.is_empty() {
                announcement.try_set(changes.join(". "));
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
    /// The fleet page's render tick: the count of apps scanned is shown as of the last tick.
    tick: RwSignal<u64>,
) -> impl IntoView {
    let scanned = move || {
        tick.track();
        state.scanned.get_untracked()
    };
    let text = move || {
        state
            .phase
            .with(|p| progress_text(p, state.total.get(), scanned()))
    };
    view! {
        <div class="sd-scan">
            <div
                class="sd-scan__bar"
                role="progressbar"
                aria-label="Apps scanned"
                aria-valuemin="0"
                aria-valuemax=move || state.total.get().unwrap_or(0).to_string()
                aria-valuenow=move || scanned().to_string()
                aria-valuetext=text
            >
                <div
                    class="sd-scan__fill"
                    style:transform=move || progress_scale(scanned(), state.total.get())
                ></div>
            </div>
            <span class="sd-scan__text">{text}</span>
        </div>
    }
}

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
use std::sync::{Arc, Mutex};
use syncdeck_graph::fleet::{
    CsvRow, FleetFilter, JobRef, RefreshInput, SortOrder, next_refresh_ms, search_text,
    sort_entries, state_changes, to_csv, updated_ago,
};
use syncdeck_graph::{ServicePrincipal, Summary};
use wasm_bindgen::JsCast;

/// Cards rendered at first (about one screen), and added again each time the end of the rendered
/// cards comes within [`GROW_MARGIN_PX`] of the viewport (checked after every render and on
/// scroll and resize), or "Show more" is pressed. A keystroke in the filter so repaints the first
/// screen of cards at once, and the cards below follow in the next frames; with 5,000 jobs,
/// rendering every card took seconds per keystroke. A card cost about 4 ms to build here when
/// its action dialogs were built with it (they are now built when opened); the window bounds
/// the keystroke's own work either way. The summary still counts
/// every job ("<N> jobs"), the filter searches all of them, and keyboard and screen-reader users
/// reach every card: tabbing or reading past the last card reaches the "Show more" button, and
/// scrolling (which tabbing does) adds cards before the end is reached.
pub const CARD_WINDOW: usize = 12;
/// Lists this short are always rendered whole: after the first frame, the rest follow in the next
/// one, whatever the layout (the 13 jobs of the demo tenant, a narrow filter).
const SMALL_LIST: usize = 24;
/// How far below the viewport (px) the end of the rendered cards may be before more are added.
const GROW_MARGIN_PX: f64 = 1_500.0;
/// While the scan runs, the cards are re-sorted and re-rendered at most this often (ms)...
const SCAN_RENDER_MS: i64 = 150;
/// ...or, with many jobs, at most every `jobs / SCAN_RENDER_JOBS_PER_MS` ms (up to
/// `SCAN_RENDER_MAX_MS`): a render costs time in proportion to the jobs (sort, summary), so
/// this keeps the share of the scan spent on rendering the same for 500 jobs or 5,000.
const SCAN_RENDER_JOBS_PER_MS: usize = 10;
const SCAN_RENDER_MAX_MS: i64 = 500;

/// The least time between two renders while the scan runs, with `jobs` found so far.
fn scan_render_interval(jobs: usize) -> i64 {
    ((jobs / SCAN_RENDER_JOBS_PER_MS) as i64).clamp(SCAN_RENDER_MS, SCAN_RENDER_MAX_MS)
}

/// When the cards last followed the jobs, and whether a later render is already due.
#[derive(Default)]
struct RenderThrottle {
    last: i64,
    pending: bool,
    len: usize,
}

/// Each job's [`search_text`], kept between keystrokes and rebuilt only for entries that changed
/// (by position: same app, job, revision and name).
#[derive(Default)]
struct SearchCache {
    rows: Vec<CachedText>,
}

struct CachedText {
    sp_id: String,
    job_id: String,
    rev: u64,
    name: String,
    text: String,
}

impl SearchCache {
    fn texts(&mut self, entries: &[FleetEntry]) -> &[CachedText] {
        self.rows.truncate(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let fresh = self.rows.get(i).is_some_and(|c| {
                c.rev == e.rev
                    && c.sp_id == e.sp.id
                    && c.job_id == e.job.id
                    && c.name == e.sp.name()
            });
            if fresh {
                continue;
            }
            let row = CachedText {
                sp_id: e.sp.id.clone(),
                job_id: e.job.id.clone(),
                rev: e.rev,
                name: e.sp.name().to_string(),
                text: search_text(e.sp.name(), &e.sp.id, &e.job),
            };
            match self.rows.get_mut(i) {
                Some(slot) => *slot = row,
                None => self.rows.push(row),
            }
        }
        &self.rows
    }
}

/// An element's top edge in the page (not the viewport), in CSS pixels.
fn page_top(el: &web_sys::HtmlElement) -> f64 {
    let mut top = 0.0;
    let mut at = Some(el.clone());
    while let Some(e) = at {
        top += f64::from(e.offset_top());
        at = e
            .offset_parent()
            .and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok());
    }
    top
}

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

/// The jobs of `entries` as the state-change announcer reads them.
fn job_refs(entries: &[FleetEntry]) -> Vec<JobRef<'_>> {
    entries
        .iter()
        .map(|e| JobRef {
            app_name: e.sp.name(),
            sp_id: &e.sp.id,
            job: &e.job,
        })
        .collect()
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

    // While the scan runs, batches land every few milliseconds: the cards follow at most every
    // `scan_render_interval` (first and last answer at once), so the main thread keeps sending batches
    // instead of re-sorting and re-laying out the cards 250 times. Outside the scan (refreshes,
    // actions) and when jobs go away, the cards follow at once.
    let render_tick = RwSignal::new(0u64);
    let throttle = Arc::new(Mutex::new(RenderThrottle::default()));
    Effect::new(move |_| {
        state.scanned.track();
        state.total.track();
        let len = state.entries.with(Vec::len);
        let scanning = matches!(
            state.phase.get(),
            ScanPhase::Listing { .. } | ScanPhase::Scanning
        );
        let mut t = throttle.lock().unwrap_or_else(|e| e.into_inner());
        let shrank = len < t.len;
        t.len = len;
        let now = now_ms();
        let interval = scan_render_interval(len);
        if !scanning || shrank || now - t.last >= interval {
            t.last = now;
            render_tick.update(|n| *n += 1);
        } else if !t.pending {
            t.pending = true;
            let throttle = throttle.clone();
            let wait = (t.last + interval - now).max(0) as u64;
            set_timeout(
                move || {
                    let mut t = throttle.lock().unwrap_or_else(|e| e.into_inner());
                    t.pending = false;
                    t.last = now_ms();
                    drop(t);
                    render_tick.try_update(|n| *n += 1);
                },
                std::time::Duration::from_millis(wait),
            );
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
        state.entries.with_untracked(|v| {
            let mut refs: Vec<(usize, &FleetEntry)> = v.iter().enumerate().collect();
            sort_entries(&mut refs, order, |(_, e)| (&e.job, e.sp.name()));
            refs.into_iter().map(|(i, _)| i).collect::<Vec<usize>>()
        })
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
                    let _ = state.entries.try_with_untracked(|v| {
                        warm.lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .texts(v)
                            .len()
                    });
                },
                std::time::Duration::from_millis(50),
            );
        }
    });
    let visible = Memo::new(move |_| {
        let f = filter.get();
        sorted.with(|order| {
            state.entries.with_untracked(|v| {
                if f.text.split_whitespace().next().is_none() {
                    return order
                        .iter()
                        .copied()
                        .filter(|&i| {
                            v.get(i)
                                .is_some_and(|e| f.matches(e.sp.name(), &e.sp.id, &e.job))
                        })
                        .collect();
                }
                let mut cache = search.lock().unwrap_or_else(|e| e.into_inner());
                let texts = cache.texts(v);
                order
                    .iter()
                    .copied()
                    .filter(|&i| match (texts.get(i), v.get(i)) {
                        (Some(t), Some(e)) => f.matches_search_text(&t.text, &e.job),
                        _ => false,
                    })
                    .collect::<Vec<usize>>()
            })
        })
    });
    // Only the first cards are rendered (see `CARD_WINDOW`); the window grows as the end of the
    // rendered cards comes near the viewport, and starts over with each new filter or order.
    let grown = RwSignal::new(None::<(FleetFilter, SortOrder, usize)>);
    let limit = move || {
        let (f, o) = (filter.get(), sort.get());
        grown.with(|g| match g {
            Some((gf, go, n)) if *gf == f && *go == o => *n,
            _ => CARD_WINDOW,
        })
    };
    let window = Memo::new(move |_| {
        let n = limit();
        visible.with(|shown| {
            state.entries.with_untracked(|v| {
                shown
                    .iter()
                    .take(n)
                    .filter_map(|&i| v.get(i).cloned())
                    .collect::<Vec<_>>()
            })
        })
    });
    let grow = move || {
        let n = untrack(limit);
        if n < visible.with_untracked(Vec::len) {
            grown.set(Some((
                filter.get_untracked(),
                sort.get_untracked(),
                n + CARD_WINDOW,
            )));
        }
    };
    let more_ref = NodeRef::<leptos::html::Div>::new();
    let near_end = move || {
        let Some(w) = web_sys::window() else {
            return false;
        };
        let height = w
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        let scrolled = w.scroll_y().unwrap_or(0.0);
        more_ref
            .get_untracked()
            // A sentinel taken off the page (every card shown) is no reason to grow.
            .filter(|el| el.is_connected())
            .is_some_and(|el| page_top(&el) - scrolled < height + GROW_MARGIN_PX)
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
        request_animation_frame(move || {
            set_timeout(
                move || {
                    // A short list is completed; a long one grows only near its end.
                    let shown = visible.with_untracked(Vec::len);
                    let short = shown <= SMALL_LIST && untrack(limit) < shown;
                    if short || near_end() {
                        grow();
                    }
                },
                std::time::Duration::ZERO,
            );
        });
    });
    // "Show more" (keyboard and screen reader users): adds cards and moves focus to the first
    // new one, so reading goes on where it stopped.
    let show_more = move |_| {
        let first_new = untrack(limit);
        grow();
        request_animation_frame(move || {
            let link = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(&format!(
                        ".sd-fleet__cards > article:nth-child({}) a",
                        first_new + 1
                    ))
                    .ok()
                    .flatten()
                })
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(link) = link {
                let _ = link.focus();
            }
        });
    };
    // The summary and the progress follow the render tick too (exact once the scan is done).
    let summary = move || {
        render_tick.track();
        state
            .entries
            .with_untracked(|v| Summary::of(v.iter().map(|e| &e.job)).line())
    };
    let export = move || {
        let shown = visible.get_untracked();
        state.entries.with_untracked(|entries| {
            let rows: Vec<CsvRow<'_>> = shown
                .iter()
                .filter_map(|&i| entries.get(i))
                .map(|e| CsvRow {
                    app_name: e.sp.name(),
                    sp_id: &e.sp.id,
                    app_id: e.sp.app_id.as_deref(),
                    job: &e.job,
                })
                .collect();
            download_csv(&to_csv(&rows, now_ms()), now_ms());
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
                    each=move || window.get()
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
            {move || {
                let (rendered, shown) = (window.with(Vec::len), visible.with(Vec::len));
                (rendered < shown).then(|| view! {
                    <div class="sd-fleet__more" node_ref=more_ref>
                        <p>
                            {format!("{rendered} of {shown} jobs on the page; more appear as you scroll.")}
                        </p>
                        <button type="button" class="sd-button" on:click=show_more>
                            {format!("Show {} more jobs", (shown - rendered).min(CARD_WINDOW))}
                        </button>
                    </div>
                })
            }}
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
                let changes = state_changes(&job_refs(&entries), &job_refs(&next));
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
    /// The fleet page's render tick: the count of apps scanned is shown as of the last tick.
    tick: RwSignal<u64>,
) -> impl IntoView {
    let scanned = move || {
        tick.track();
        state.scanned.get_untracked()
    };
    let text = move || match (state.phase.get(), state.total.get()) {
        (ScanPhase::Listing { pages }, _) => format!("Listing apps… ({pages} pages read)"),
        (ScanPhase::Done, Some(t)) => format!("Scanned all {t} apps"),
        (ScanPhase::Failed(_), _) => "Scan failed".to_string(),
        (_, Some(t)) => format!("Scanned {} of {t} apps", scanned()),
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
                aria-valuenow=move || scanned().to_string()
                aria-valuetext=text
            >
                <div
                    class="sd-scan__fill"
                    style:transform=move || {
                        let total = state.total.get().unwrap_or(0).max(1);
                        // In thousandths, with integers: formatting an f64 would add ~15 KB of
                        // float printing to the wasm for this one number.
                        match (scanned() * 1000 / total).min(1000) {
                            1000 => "scaleX(1)".to_string(),
                            permille => format!("scaleX(0.{permille:03})"),
                        }
                    }
                ></div>
            </div>
            <span class="sd-scan__text">{text}</span>
        </div>
    }
}

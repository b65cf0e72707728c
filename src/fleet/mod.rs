//! The fleet page's live state ([`FleetView`]): the scan's signals, the filter and order (kept
//! in the URL), the render tick that paces the cards while the scan runs, what the filter
//! shows, and the loops that keep it fresh (action results, the auto-refresh in [`refresh`]).
//! Every decision is `syncdeck-core`'s or `syncdeck-graph`'s; this module wires them to
//! signals. The card window is [`cards`]; the page itself is `pages/fleet.rs`.

pub mod cards;
mod refresh;

use crate::actions::Actions;
use crate::browser::{self, now_ms};
use crate::graph::GraphClient;
use crate::graph::scan::{self, FleetScan};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use syncdeck_core::Fleet;
use syncdeck_core::fleet::parse_remembered;
use syncdeck_core::scan::ScanPhase;
use syncdeck_core::search::{self, SearchCache, view_from_query, view_query};
use syncdeck_core::throttle::{Render, RenderThrottle};
use syncdeck_graph::Summary;
use syncdeck_graph::fleet::{FleetFilter, JobView, SortOrder, csv_file_name, to_csv};

/// The fleet page's state, shared by its parts.
#[derive(Clone, Copy)]
pub struct FleetView {
    /// The scan and the fleet it fills.
    pub scan: FleetScan,
    /// What the admin filters by.
    pub filter: RwSignal<FleetFilter>,
    /// The order of the cards.
    pub sort: RwSignal<SortOrder>,
    /// Bumped whenever the cards, the counts and the progress should follow the jobs.
    pub tick: RwSignal<u64>,
    /// Every job's position in the fleet, in the chosen order (as of the last tick).
    pub sorted: Memo<Vec<usize>>,
    /// The positions the filter shows, in order.
    pub visible: Memo<Vec<usize>>,
    /// When the jobs were last read (end of the scan or of a refresh), Unix ms.
    pub updated_at: RwSignal<Option<i64>>,
    /// What the last refresh changed, for the live region.
    pub announcement: RwSignal<String>,
    /// The jobs selected for a bulk action, by key.
    pub selection: RwSignal<HashSet<String>>,
}

/// Where the ids of apps that had jobs are remembered between visits (ids only, never tokens or
/// job data), per Graph host.
fn memory_key(client: &GraphClient) -> String {
    format!("syncdeck.appsWithJobs.{}", client.base())
}

impl FleetView {
    /// Starts the scan (remembered apps first) and everything that follows the fleet while the
    /// calling page lives; leaving the page aborts every request in flight.
    pub fn start(client: GraphClient, actions: Actions) -> FleetView {
        let scan = FleetScan::default();
        let remembered = parse_remembered(browser::stored(&memory_key(&client)).as_deref());
        let handle = scan::start(client.clone(), scan, scan::DEFAULT_CONCURRENCY, remembered);
        let abort = handle.signal();
        let handle = send_wrapper::SendWrapper::new(handle);
        on_cleanup(move || drop(handle));

        let (filter, sort) = url_view();
        let tick = RwSignal::new(0u64);
        pace_renders(scan, tick);
        let (sorted, visible) = shown(scan, filter, sort, tick);
        let view = FleetView {
            scan,
            filter,
            sort,
            tick,
            sorted,
            visible,
            updated_at: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            selection: RwSignal::new(HashSet::new()),
        };
        view.remember_when_done(client.clone());
        // Jobs changed by actions (here or on another page) change their cards at once.
        actions.on_updates(move |updates| {
            scan.fleet.update(|fleet| {
                for update in updates {
                    fleet.apply_update(update);
                }
            });
        });
        wasm_bindgen_futures::spawn_local(refresh::auto_refresh(client, view, actions, abort));
        view
    }

    /// Once the scan is done: the time of the read, and the apps with jobs remembered.
    fn remember_when_done(self, client: GraphClient) {
        let (scan, updated_at) = (self.scan, self.updated_at);
        Effect::new(move |_| {
            if scan.phase.get() == ScanPhase::Done && updated_at.get_untracked().is_none() {
                updated_at.set(Some(now_ms()));
                let ids = scan
                    .fleet
                    .with_untracked(|f| serde_json::to_string(&f.remembered_ids()));
                if let Ok(ids) = ids {
                    browser::store(&memory_key(&client), &ids);
                }
            }
        });
    }

    /// "13 jobs · 4 quarantined …", as of the last tick (exact once the scan is done).
    pub fn summary(self) -> String {
        self.tick.track();
        self.scan
            .fleet
            .with_untracked(|f| Summary::of(f.jobs()).line())
    }

    /// Offers every job the filter shows as a CSV download.
    pub fn export(self) {
        let shown = self.visible.get_untracked();
        self.scan.fleet.with_untracked(|f| {
            let rows: Vec<JobView<'_>> = shown
                .iter()
                .filter_map(|&i| f.entries().get(i))
                .map(|e| e.view())
                .collect();
            let now = now_ms();
            browser::download(
                &to_csv(&rows, now),
                &csv_file_name(now),
                "text/csv;charset=utf-8",
            );
        });
    }
}

/// The filter and order from the URL, kept in it as they change (`replace`, no scroll), so a
/// filtered view is a link that survives a reload.
fn url_view() -> (RwSignal<FleetFilter>, RwSignal<SortOrder>) {
    let initial: Vec<(String, String)> = use_query_map()
        .get_untracked()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let (f, o) = view_from_query(&initial);
    let (filter, sort) = (RwSignal::new(f), RwSignal::new(o));
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
            let options = NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            };
            navigate(&url, options);
        }
    });
    (filter, sort)
}

/// Bumps `tick` when the cards should follow the jobs, as `syncdeck_core::throttle` says: at
/// once outside the scan, at a bounded pace while it runs.
fn pace_renders(scan: FleetScan, tick: RwSignal<u64>) {
    let throttle = Arc::new(Mutex::new(RenderThrottle::default()));
    Effect::new(move |_| {
        scan.scanned.track();
        scan.total.track();
        let len = scan.fleet.with(Fleet::len);
        let scanning = scan.phase.with(ScanPhase::is_running);
        let mut t = throttle.lock().unwrap_or_else(|e| e.into_inner());
        match t.on_change(now_ms(), len, scanning) {
            Render::Now => tick.update(|n| *n += 1),
            Render::Pending => {}
            Render::After(wait) => {
                let throttle = throttle.clone();
                let fire = move || {
                    throttle
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .fired(now_ms());
                    tick.try_update(|n| *n += 1);
                };
                set_timeout(fire, Duration::from_millis(wait));
            }
        }
    });
}

/// What the filter shows, as positions in the fleet: sorted once per tick or change of order
/// (not per keystroke), then filtered with each job's search text, built once per job and kept
/// between keystrokes (built in the background once the scan is done, so the first keystroke
/// does not pay for all of them).
fn shown(
    scan: FleetScan,
    filter: RwSignal<FleetFilter>,
    sort: RwSignal<SortOrder>,
    tick: RwSignal<u64>,
) -> (Memo<Vec<usize>>, Memo<Vec<usize>>) {
    let sorted = Memo::new(move |_| {
        tick.track();
        let order = sort.get();
        scan.fleet
            .with_untracked(|f| search::sorted(f.entries(), order))
    });
    let cache = Arc::new(Mutex::new(SearchCache::default()));
    let warm = cache.clone();
    Effect::new(move |_| {
        if scan.phase.get() == ScanPhase::Done {
            let warm = warm.clone();
            let build = move || {
                let _ = scan.fleet.try_with_untracked(|f| {
                    warm.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .warm(f.entries())
                });
            };
            set_timeout(build, Duration::from_millis(50));
        }
    });
    let visible = Memo::new(move |_| {
        let f = filter.get();
        sorted.with(|order| {
            scan.fleet.with_untracked(|fleet| {
                let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
                search::visible(fleet.entries(), order, &f, &mut cache)
            })
        })
    });
    (sorted, visible)
}

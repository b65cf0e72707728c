//! The job page's provisioning logs: what is shown ([`LogsView`]'s signals) and how it loads.
//! Nothing is sent until the section opens (so the logs' consent is asked only then), or at
//! once when the page's URL carries a logs query (a link from "Recent failures"). Each applied
//! filter sends one first page; "Load more" follows `@odata.nextLink` once; the URL follows the
//! filter (replaced, not pushed). Every request is paced by the client (`src/graph/send.rs`).

use crate::browser;
use crate::components::logs::LogsView;
use crate::graph::{GraphClient, GraphFailure, Page};
use crate::routes::AppRoute;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use syncdeck_graph::GraphRequest;
use syncdeck_graph::logs::{LogFilter, logs_csv, logs_file_name, logs_json};

/// Events per page.
pub const PAGE_SIZE: u32 = 50;

/// The logs of one job: its view and its loading.
#[derive(Clone)]
pub struct Logs {
    /// What the section shows.
    pub view: LogsView,
    client: GraphClient,
    generation: RwSignal<u64>,
}

impl Logs {
    /// The logs of job `job_id` of `sp_id`, filtered as the page's URL says; open and loading
    /// at once (and scrolled to) when the URL carries a logs query.
    pub fn new(client: GraphClient, sp_id: String, job_id: String) -> Logs {
        let pairs: Vec<(String, String)> = use_query_map()
            .get_untracked()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let filter = LogFilter::from_query(
            Some(&job_id),
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
        let linked = filter != LogFilter::for_job(&job_id);
        let view = LogsView {
            open: RwSignal::new(false),
            filter: RwSignal::new(filter),
            events: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            loading: RwSignal::new(false),
            loaded: RwSignal::new(false),
            failure: RwSignal::new(None),
            now: RwSignal::new(browser::now_ms()),
        };
        keep_in_url(view.filter, AppRoute::Job { sp_id, job_id }.path());
        let logs = Logs {
            view,
            client,
            generation: RwSignal::new(0),
        };
        if linked {
            logs.open();
            browser::after_next_paint(|| browser::focus("#sd-logs-title"));
        }
        logs
    }

    /// Opens the section; the first opening loads the first page.
    pub fn open(&self) {
        self.view.open.set(true);
        if !self.view.loaded.get_untracked() && !self.view.loading.get_untracked() {
            self.apply(self.view.filter.get_untracked());
        }
    }

    /// Shows `filter`'s events: one new first page (an answer for an older filter is dropped).
    pub fn apply(&self, filter: LogFilter) {
        let v = self.view;
        let generation = self.generation.get_untracked() + 1;
        self.generation.set(generation);
        let request = filter.request(browser::now_ms(), PAGE_SIZE);
        v.filter.set(filter);
        v.events.set(Vec::new());
        v.next.set(None);
        v.loaded.set(false);
        self.load(generation, Ok(request));
    }

    /// Follows the next link once (nothing while a request is under way).
    pub fn more(&self) {
        let Some(link) = self.view.next.get_untracked() else {
            return;
        };
        if self.view.loading.get_untracked() {
            return;
        }
        self.load(self.generation.get_untracked(), Err(link));
    }

    /// Reads one page (`Ok`: a first page's request, `Err`: a next link) for `generation`.
    fn load(&self, generation: u64, page: Result<GraphRequest, String>) {
        let (v, client, current) = (self.view, self.client.clone(), self.generation);
        v.loading.set(true);
        v.failure.set(None);
        wasm_bindgen_futures::spawn_local(async move {
            let page = match &page {
                Ok(request) => Page::First(request),
                Err(link) => Page::Next(link),
            };
            let answer = client.provisioning_logs(page, None).await;
            if current.try_get_untracked() != Some(generation) {
                return;
            }
            v.loading.try_set(false);
            match answer {
                Ok((events, next)) => {
                    v.now.try_set(browser::now_ms());
                    v.events.try_update(|e| e.extend(events));
                    v.next.try_set(next);
                    v.loaded.try_set(true);
                }
                Err(GraphFailure::Aborted) => {}
                Err(f) => {
                    v.failure.try_set(Some(f));
                }
            }
        });
    }

    /// Offers the events shown as CSV or (`json`) JSON.
    pub fn download(&self, json: bool) {
        let now = browser::now_ms();
        self.view.events.with_untracked(|e| {
            if json {
                browser::download(
                    &logs_json(e),
                    &logs_file_name(now, "json"),
                    "application/json",
                );
            } else {
                browser::download(
                    &logs_csv(e),
                    &logs_file_name(now, "csv"),
                    "text/csv;charset=utf-8",
                );
            }
        });
    }
}

/// Keeps the URL's query on the applied filter (replace, no scroll), so the view is a link.
fn keep_in_url(filter: RwSignal<LogFilter>, path: String) {
    let navigate = use_navigate();
    Effect::new(move |before: Option<String>| {
        let query = filter.with(LogFilter::to_query);
        if before.is_some_and(|b| b != query) {
            let url = if query.is_empty() {
                path.clone()
            } else {
                format!("{path}?{query}")
            };
            let options = NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            };
            navigate(&url, options);
        }
        query
    });
}

//! The job page's "Provisioning logs" section: filters, the events newest first, "Load more",
//! the downloads, a sentence instead of an empty or failed table, and one event in a dialog.
//! What a button does is the page's (the callbacks); the words come from
//! `syncdeck_graph::logs`.

use super::error_view::GraphFailureDetails;
use crate::graph::GraphFailure;
use leptos::html::Dialog;
use leptos::prelude::*;
use syncdeck_graph::logs::failure::licence_doc;
use syncdeck_graph::logs::{
    LogEvent, LogFilter, LogsFault, details_html, empty_sentence, fields_html, table_html,
};
use syncdeck_i18n::{t, tf, tn};
use wasm_bindgen::JsCast;

/// What the section shows (written by `crate::diagnose::logs`).
#[derive(Clone, Copy)]
pub struct LogsView {
    /// The section is open (it loads when first opened).
    pub open: RwSignal<bool>,
    /// The filter of the events shown.
    pub filter: RwSignal<LogFilter>,
    /// The events shown, newest first.
    pub events: RwSignal<Vec<LogEvent>>,
    /// Graph's `@odata.nextLink`, while there are more.
    pub next: RwSignal<Option<String>>,
    /// A request is under way.
    pub loading: RwSignal<bool>,
    /// A first page has answered for the filter.
    pub loaded: RwSignal<bool>,
    /// The last load failed.
    pub failure: RwSignal<Option<GraphFailure>>,
    /// When the events were read (Unix ms), for "2 h ago".
    pub now: RwSignal<i64>,
}

/// The section.
#[component]
pub fn ProvisioningLogs(
    /// Its data.
    view: LogsView,
    /// Opens it (and loads the first page the first time).
    on_open: Callback<()>,
    /// Sends a new first page for this filter.
    on_apply: Callback<LogFilter>,
    /// Follows the next link once.
    on_more: Callback<()>,
    /// Downloads the events shown (`true`: JSON, `false`: CSV).
    on_download: Callback<bool>,
) -> impl IntoView {
    let LogsView {
        open,
        events,
        next,
        loading,
        ..
    } = view;
    let selected = RwSignal::new(None::<usize>);
    let dialog = NodeRef::<Dialog>::new();
    let toggle = move |_| {
        if open.get_untracked() {
            open.set(false);
        } else {
            on_open.run(());
        }
    };
    // One handler for every row: the clicked "Details" button carries its row's `data-i`.
    let details = move |ev: leptos::ev::MouseEvent| {
        let i = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|b| b.get_attribute("data-i"))
            .and_then(|i| i.parse().ok());
        if i.is_some() {
            selected.set(i);
            if let Some(d) = dialog.get_untracked() {
                let _ = d.show_modal();
            }
        }
    };
    let count = move || {
        let n = events.with(Vec::len);
        let more = if loading.get() {
            t!(" · loading…")
        } else {
            ""
        };
        let shown = tn!("{n} event shown", "{n} events shown", n);
        format!("{shown}{more}")
    };
    view! {
        <section class="sd-logs" aria-labelledby="sd-logs-title">
            <h2 id="sd-logs-title" tabindex="-1">{t!("Provisioning logs")}</h2>
            <button type="button" class="sd-button" aria-expanded=move || open.get().to_string()
                aria-controls="sd-logs-body" on:click=toggle>
                {move || if open.get() { t!("Hide provisioning logs") } else { t!("Show provisioning logs") }}
            </button>
            <div id="sd-logs-body" hidden=move || !open.get()>
                <Filters filter=view.filter on_apply=on_apply />
                <p class="sd-logs__count" aria-live="polite">{count}</p>
                <Fault view=view />
                {move || events.with(|e| !e.is_empty()).then(|| view! {
                    <div class="sd-logs__downloads">
                        <button type="button" class="sd-button" on:click=move |_| on_download.run(false)>{t!("Download CSV")}</button>
                        <button type="button" class="sd-button" on:click=move |_| on_download.run(true)>{t!("Download JSON")}</button>
                    </div>
                    <div class="sd-logs__scroll" on:click=details
                        inner_html=move || events.with(|e| table_html(e, view.now.get()))></div>
                })}
                {move || next.with(Option::is_some).then(|| view! {
                    <button type="button" class="sd-button" aria-disabled=move || loading.get().to_string()
                        on:click=move |_| if !loading.get_untracked() { on_more.run(()) }>{t!("Load more")}</button>
                })}
            </div>
            <dialog node_ref=dialog class="sd-dialog sd-dialog--wide" aria-labelledby="sd-logs-event">
                <div inner_html=move || selected.get().and_then(|i| events.with(|e| e.get(i).map(details_html))).unwrap_or_default()></div>
                <div class="sd-dialog__buttons">
                    <button type="button" class="sd-button" autofocus
                        on:click=move |_| { if let Some(d) = dialog.get() { d.close(); } }>{t!("Close")}</button>
                </div>
            </dialog>
        </section>
    }
}

/// The filters: plain fields (`fields_html`) read once by "Apply filters" (one request per
/// apply); the error code of a link is a chip that removes itself.
#[component]
fn Filters(filter: RwSignal<LogFilter>, on_apply: Callback<LogFilter>) -> impl IntoView {
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(data) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            .and_then(|f| web_sys::FormData::new_with_form(&f).ok())
        else {
            return;
        };
        let all = |k| {
            let values: Vec<String> = data
                .get_all(k)
                .iter()
                .filter_map(|v| v.as_string())
                .collect();
            values.join(",")
        };
        let one = |k| data.get(k).as_string().unwrap_or_default();
        let (s, a, q, p) = (all("status"), all("action"), one("q"), one("period"));
        let applied = filter.get_untracked();
        on_apply.run(LogFilter {
            error_code: applied.error_code,
            ..LogFilter::from_query(
                applied.job_id.as_deref(),
                [
                    ("status", &*s),
                    ("action", &*a),
                    ("q", &*q),
                    ("period", &*p),
                ],
            )
        });
    };
    view! {
        <form class="sd-logs__filters" on:submit=submit>
            <div class="sd-logs__fields" inner_html=filter.with_untracked(fields_html)></div>
            {move || filter.with(|f| f.error_code.clone()).map(|code| view! {
                <button type="button" class="sd-button sd-logs__chip" title=t!("Remove this filter")
                    on:click=move |_| on_apply.run(LogFilter { error_code: None, ..filter.get_untracked() })>
                    {tf!("Error code: {code} ×", code = code)}
                </button>
            })}
            <button type="submit" class="sd-button sd-button--primary">{t!("Apply filters")}</button>
        </form>
    }
}

/// Why there is no table: the failure (licence, role, throttling, other) or an empty answer.
#[component]
fn Fault(view: LogsView) -> impl IntoView {
    move || {
        if let Some(failure) = view.failure.get() {
            let fault = failure
                .graph_error()
                .map(|e| LogsFault::of(e.status, &e.code))
                .unwrap_or(LogsFault::Other);
            let link = (fault == LogsFault::NoLicence)
                .then(|| view! { " " <a href=licence_doc() rel="noopener noreferrer" target="_blank">{t!("Learn more")}</a> });
            let details = matches!(fault, LogsFault::Forbidden | LogsFault::Other)
                .then(|| view! { <GraphFailureDetails failure=failure /> });
            return view! {
                <div class="sd-logs__fault" role="alert">
                    {fault.sentence().map(|s| view! { <p>{s} {link}</p> })}
                    {details}
                </div>
            }
            .into_any();
        }
        let empty = view.loaded.get() && !view.loading.get() && view.events.with(Vec::is_empty);
        empty
            .then(|| view! { <p class="sd-logs__empty">{view.filter.with(empty_sentence)}</p> })
            .into_any()
    }
}

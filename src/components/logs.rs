//! The job page's "Provisioning logs" section: filters, the events newest first, "Load more",
//! the downloads, a sentence instead of an empty or failed table, and one event in a dialog.
//! What a button does is the page's (the callbacks); the words come from
//! `syncdeck_graph::logs`.

use super::error_view::GraphFailureDetails;
use crate::graph::GraphFailure;
use leptos::html::Dialog;
use leptos::prelude::*;
use syncdeck_graph::GraphTime;
use syncdeck_graph::logs::failure::LICENCE_DOC;
use syncdeck_graph::logs::filter::{ACTIONS, STATUSES};
use syncdeck_graph::logs::{
    Identity, LogEvent, LogFilter, LogsFault, Period, empty_sentence, event_title, identity_of,
    label,
};

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
    let show = move |i: usize| {
        selected.set(Some(i));
        if let Some(d) = dialog.get_untracked() {
            let _ = d.show_modal();
        }
    };
    let count = move || {
        let n = events.with(Vec::len);
        let more = if loading.get() { " · loading…" } else { "" };
        format!("{n} event{} shown{more}", if n == 1 { "" } else { "s" })
    };
    view! {
        <section class="sd-logs" aria-labelledby="sd-logs-title">
            <h2 id="sd-logs-title" tabindex="-1">"Provisioning logs"</h2>
            <button type="button" class="sd-button" aria-expanded=move || open.get().to_string()
                aria-controls="sd-logs-body" on:click=toggle>
                {move || if open.get() { "Hide provisioning logs" } else { "Show provisioning logs" }}
            </button>
            <div id="sd-logs-body" hidden=move || !open.get()>
                <Filters filter=view.filter on_apply=on_apply />
                <p class="sd-logs__count" aria-live="polite">{count}</p>
                <Fault view=view />
                {move || events.with(|e| !e.is_empty()).then(|| view! {
                    <div class="sd-logs__downloads">
                        <button type="button" class="sd-button" on:click=move |_| on_download.run(false)>"Download CSV"</button>
                        <button type="button" class="sd-button" on:click=move |_| on_download.run(true)>"Download JSON"</button>
                    </div>
                    <div class="sd-logs__scroll">
                        <table class="sd-logs__table">
                            <thead><tr>
                                <th scope="col">"Time"</th><th scope="col">"Identity"</th><th scope="col">"Action"</th>
                                <th scope="col">"Status"</th><th scope="col">"Error code"</th>
                                <th scope="col"><span class="sd-visually-hidden">"Details"</span></th>
                            </tr></thead>
                            <tbody>{move || {
                                let now = view.now.get();
                                events.with(|e| e.iter().enumerate().map(|(i, e)| row(i, e, now, show)).collect_view())
                            }}</tbody>
                        </table>
                    </div>
                })}
                {move || next.with(Option::is_some).then(|| view! {
                    <button type="button" class="sd-button" aria-disabled=move || loading.get().to_string()
                        on:click=move |_| if !loading.get_untracked() { on_more.run(()) }>"Load more"</button>
                })}
            </div>
            <dialog node_ref=dialog class="sd-dialog sd-dialog--wide" aria-labelledby="sd-logs-event">
                {move || {
                    let e = selected.get().and_then(|i| events.with(|e| e.get(i).cloned()));
                    view! {
                        <h2 id="sd-logs-event">{e.as_ref().map(event_title)}</h2>
                        {e.map(details)}
                    }
                }}
                <div class="sd-dialog__buttons">
                    <button type="button" class="sd-button" autofocus
                        on:click=move |_| { if let Some(d) = dialog.get() { d.close(); } }>"Close"</button>
                </div>
            </dialog>
        </section>
    }
}

/// The filters: a draft applied by "Apply filters" (one request per apply); the error code of
/// a link is a chip that removes itself.
#[component]
fn Filters(filter: RwSignal<LogFilter>, on_apply: Callback<LogFilter>) -> impl IntoView {
    let f = filter.get_untracked();
    let statuses = STATUSES.map(|s| RwSignal::new(f.statuses.contains(&s)));
    let actions = ACTIONS.map(|a| RwSignal::new(f.actions.contains(&a)));
    let identity = RwSignal::new(f.identity.clone());
    let period = RwSignal::new(f.period);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let applied = filter.get_untracked();
        on_apply.run(LogFilter {
            statuses: picked(&STATUSES, &statuses),
            actions: picked(&ACTIONS, &actions),
            identity: identity.get_untracked(),
            period: period.get_untracked(),
            ..applied
        });
    };
    let boxes = |name: &'static str, values: Vec<String>, on: &[RwSignal<bool>]| {
        let items = values
            .into_iter()
            .zip(on.iter().copied())
            .map(|(v, s)| {
                view! {
                    <label><input type="checkbox" prop:checked=move || s.get()
                        on:change=move |ev| s.set(event_target_checked(&ev)) />{v}</label>
                }
            })
            .collect_view();
        view! { <fieldset class="sd-logs__group"><legend>{name}</legend>{items}</fieldset> }
    };
    view! {
        <form class="sd-logs__filters" on:submit=submit>
            {boxes("Status", STATUSES.iter().map(|s| label(s.graph_name())).collect(), &statuses)}
            {boxes("Action", ACTIONS.iter().map(|a| label(a.graph_name())).collect(), &actions)}
            <div class="sd-logs__field">
                <label for="sd-logs-q">"Identity"</label>
                <input id="sd-logs-q" type="text" aria-describedby="sd-logs-q-hint" prop:value=move || identity.get()
                    on:input=move |ev| identity.set(event_target_value(&ev)) />
                <small id="sd-logs-q-hint">"Source or target name, or id; case-sensitive"</small>
            </div>
            <div class="sd-logs__field">
                <label for="sd-logs-period">"Period"</label>
                <select id="sd-logs-period" on:change=move |ev| {
                    period.set(Period::from_key(&event_target_value(&ev)).unwrap_or_default())
                }>
                    {Period::ALL.map(|p| view! {
                        <option value=p.key() selected=move || period.get() == p>{p.label()}</option>
                    })}
                </select>
            </div>
            {move || filter.with(|f| f.error_code.clone()).map(|code| view! {
                <button type="button" class="sd-button sd-logs__chip" title="Remove this filter"
                    on:click=move |_| on_apply.run(LogFilter { error_code: None, ..filter.get_untracked() })>
                    "Error code: " {code} " ×"
                </button>
            })}
            <button type="submit" class="sd-button sd-button--primary">"Apply filters"</button>
        </form>
    }
}

/// The values whose box is ticked.
fn picked<T: Clone>(all: &[T], on: &[RwSignal<bool>]) -> Vec<T> {
    all.iter()
        .zip(on)
        .filter(|(_, s)| s.get_untracked())
        .map(|(v, _)| v.clone())
        .collect()
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
                .then(|| view! { " " <a href=LICENCE_DOC rel="noopener noreferrer" target="_blank">"Learn more"</a> });
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

fn time_cell(t: &GraphTime, now: i64) -> impl IntoView + use<> {
    view! { {t.display_utc()} <br /> <small>{t.relative_to(now)}</small> }
}

fn row<F: Fn(usize) + Copy + 'static>(
    i: usize,
    e: &LogEvent,
    now: i64,
    show: F,
) -> impl IntoView + use<F> {
    let (name, id) = identity_of(e);
    let details = format!("Details: {name}");
    view! {
        <tr>
            <td>{time_cell(&e.activity_date_time(), now)}</td>
            <td>{name} <br /> <small><code>{id}</code></small></td>
            <td>{label(e.action().graph_name())}</td>
            <td>{label(e.result().graph_name())}</td>
            <td>{e.error_code().map(str::to_owned)}</td>
            <td><button type="button" class="sd-button" aria-label=details on:click=move |_| show(i)>"Details"</button></td>
        </tr>
    }
}

/// One event in full: steps in order, modified properties, source and target, the error, ids,
/// time and duration.
fn details(e: LogEvent) -> impl IntoView {
    let steps = e
        .provisioning_steps()
        .into_iter()
        .map(|s| {
            view! {
                <li><strong>{s.name.to_owned()}</strong> " · " {label(s.provisioning_step_type)}
                    " · " {label(s.status)}
                    {s.description.map(|d| view! { <br /> {d.to_owned()} })}</li>
            }
        })
        .collect_view();
    let modified = e.modified_properties();
    let has_props = !modified.is_empty();
    let props = modified
        .into_iter()
        .map(|p| {
            let v = |v: Option<String>| v.unwrap_or_else(|| "—".into());
            view! { <li><code>{p.display_name.to_owned()}</code> ": " {v(p.old_value)} " → " {v(p.new_value)}</li> }
        })
        .collect_view();
    let who = |i: Identity, sys: Option<&str>| {
        format!(
            "{} ({}) in {}",
            i.display_name.unwrap_or_default(),
            i.id.unwrap_or_default(),
            sys.unwrap_or_default()
        )
    };
    let item = |term: &'static str, value: Option<String>| {
        value
            .filter(|v| !v.is_empty())
            .map(|v| view! { <dt>{term}</dt><dd>{v}</dd> })
    };
    let text = |s: Option<&str>| s.map(str::to_owned);
    view! {
        <h3>"Steps"</h3>
        <ol class="sd-logs__steps">{steps}</ol>
        {has_props.then(|| view! { <h3>"Modified properties"</h3><ul>{props}</ul> })}
        <dl class="sd-logs__facts">
            {item("Source", Some(who(e.source_identity(), e.source_system_name())))}
            {item("Target", Some(who(e.target_identity(), e.target_system_name())))}
            {item("Error code", text(e.error_code()))}
            {item("Reason", text(e.error_reason()))}
            {item("Recommended action", text(e.recommended_action()))}
            {item("Time", Some(e.activity_date_time().display_utc()))}
            {item("Duration", e.duration_text())}
            {item("Cycle id", Some(e.cycle_id().to_owned()))}
            {item("Change id", Some(e.change_id().to_owned()))}
        </dl>
    }
}

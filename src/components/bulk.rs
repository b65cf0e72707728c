//! Bulk Start and Pause: select several jobs, see which will be acted on and which are skipped
//! (and why) before confirming, then run them one after another with a result per job and
//! "Retry failed". There is no bulk Restart, so never a bulk `ForceDeletes`.

use crate::actions::{BulkRun, Command, RowResult};
use crate::components::error_view::GraphFailureDetails;
use leptos::html::Dialog;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use syncdeck_core::{AppJob, Fleet};
use syncdeck_graph::{Action, decide};
use syncdeck_i18n::{Num, t, tf};

/// The bulk dialog's title: "Start 3 of the selected jobs?" (only Start and Pause are bulk).
fn title(action: Action, n: usize) -> String {
    match action {
        Action::Pause => tf!("Pause {n} of the selected jobs?", n = Num(n as f64)),
        _ => tf!("Start {n} of the selected jobs?", n = Num(n as f64)),
    }
}

/// The bulk dialog's confirming button: "Start 3 jobs".
fn run_label(action: Action, n: usize) -> String {
    match action {
        Action::Pause => tf!("Pause {n} jobs", n = Num(n as f64)),
        _ => tf!("Start {n} jobs", n = Num(n as f64)),
    }
}

/// A row's plan when it is acted on.
fn plan_label(action: Action) -> &'static str {
    match action {
        Action::Pause => t!("Pause it"),
        _ => t!("Start it"),
    }
}

/// One selected job in the pre-flight table.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    key: String,
    target: AppJob,
    /// `None` when it will be acted on, else why it is skipped.
    skip: Option<String>,
}

/// The bar that appears when jobs are selected, with the bulk dialog behind it.
#[component]
pub fn BulkBar(
    /// Selected jobs (`spId/jobId`).
    selection: RwSignal<HashSet<String>>,
    /// Every job on the page.
    fleet: RwSignal<Fleet>,
    /// Runs what the dialog confirms.
    on_run: Callback<BulkRun>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let action = RwSignal::new(Action::Start);
    let rows = RwSignal::new(Vec::<Row>::new());
    let results = RwSignal::new(HashMap::<String, RowResult>::new());
    let open = move |a: Action| {
        let selected = selection.get_untracked();
        let planned: Vec<Row> = fleet.with_untracked(|f| {
            f.entries()
                .iter()
                .filter(|e| selected.contains(&e.key()))
                .map(|e| Row {
                    key: e.key(),
                    target: e.app_job.clone(),
                    skip: decide(&e.job, a).reason().map(str::to_string),
                })
                .collect()
        });
        action.set(a);
        rows.set(planned);
        results.set(HashMap::new());
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let count = move || selection.with(HashSet::len);
    view! {
        {move || (count() > 0).then(|| view! {
            <div class="sd-bulk" role="region" aria-label=t!("Selected jobs")>
                <span>{move || tf!("{n} selected", n = Num(count() as f64))}</span>
                <button type="button" class="sd-button" on:click=move |_| open(Action::Start)>{t!("Start selected")}</button>
                <button type="button" class="sd-button" on:click=move |_| open(Action::Pause)>{t!("Pause selected")}</button>
                <button type="button" class="sd-button sd-button--subtle" on:click=move |_| selection.set(HashSet::new())>{t!("Clear selection")}</button>
            </div>
        })}
        <BulkDialog dialog=dialog action=action rows=rows results=results on_run=on_run />
    }
}

#[component]
fn BulkDialog(
    dialog: NodeRef<Dialog>,
    action: RwSignal<Action>,
    rows: RwSignal<Vec<Row>>,
    results: RwSignal<HashMap<String, RowResult>>,
    on_run: Callback<BulkRun>,
) -> impl IntoView {
    let running = RwSignal::new(false);
    let acting = move || rows.with(|r| r.iter().filter(|r| r.skip.is_none()).count());
    // Runs the given rows one after another.
    let run = Callback::new(move |only_failed: bool| {
        if running.get_untracked() {
            return;
        }
        let todo: Vec<Row> = rows.with_untracked(|r| {
            r.iter()
                .filter(|r| r.skip.is_none())
                .filter(|r| {
                    !only_failed
                        || matches!(
                            results.with_untracked(|m| m.get(&r.key).cloned()),
                            Some(RowResult::Failed(_))
                        )
                })
                .cloned()
                .collect()
        });
        let command = match action.get_untracked() {
            Action::Pause => Command::Pause,
            _ => Command::Start,
        };
        let skipped = rows.with_untracked(|r| r.iter().filter(|r| r.skip.is_some()).count());
        on_run.run(BulkRun {
            jobs: todo.into_iter().map(|r| (r.key, r.target)).collect(),
            command,
            skipped,
            results,
            running,
        });
    });
    let any_failed =
        move || results.with(|m| m.values().any(|r| matches!(r, RowResult::Failed(_))));
    view! {
        <dialog node_ref=dialog class="sd-dialog sd-dialog--wide" aria-labelledby="sd-bulk-title">
            <h2 id="sd-bulk-title">{move || title(action.get(), acting())}</h2>
            <table class="sd-details__table sd-bulk__table">
                <caption>{t!("Pre-flight: what will be sent")}</caption>
                <thead><tr><th scope="col">{t!("App")}</th><th scope="col">{t!("Job")}</th><th scope="col">{t!("Plan")}</th><th scope="col">{t!("Result")}</th></tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.key.clone() children=move |r| {
                        let key = r.key.clone();
                        let plan = match &r.skip {
                            None => plan_label(action.get_untracked()).to_string(),
                            Some(why) => tf!("Skipped: {why}", why = why),
                        };
                        view! {
                            <tr>
                                <td>{r.target.app_name().to_string()}</td>
                                <td><code>{r.target.job.id.clone()}</code></td>
                                <td>{plan}</td>
                                <td>{move || match results.with(|m| m.get(&key).cloned()) {
                                    None => view! { "" }.into_any(),
                                    Some(RowResult::Waiting) => t!("Waiting").into_any(),
                                    Some(RowResult::Sending) => t!("Sending…").into_any(),
                                    Some(RowResult::Done) => t!("Done").into_any(),
                                    Some(RowResult::Failed(e)) => view! { <span>{t!("Failed")}</span> <GraphFailureDetails failure=e /> }.into_any(),
                                }}</td>
                            </tr>
                        }
                    } />
                </tbody>
            </table>
            <div class="sd-dialog__buttons">
                <button type="button" class="sd-button" autofocus
                    on:click=move |_| if let Some(d) = dialog.get() { d.close() }>{t!("Close")}</button>
                {move || any_failed().then(|| view! {
                    <button type="button" class="sd-button" disabled=move || running.get()
                        on:click=move |_| run.run(true)>{t!("Retry failed")}</button>
                })}
                <button type="button" class="sd-button sd-button--primary"
                    disabled=move || running.get() || acting() == 0 || !results.with(HashMap::is_empty)
                    on:click=move |_| run.run(false)>
                    {move || run_label(action.get(), acting())}
                </button>
            </div>
        </dialog>
    }
}

//! The job's schema, read-only and searchable: object mappings, attribute mappings and scoping
//! filters (`syncdeck_graph::schema`). "Download schema" saves Graph's answer as it came (a
//! backup); "Restore schema" reads a backup, shows what it changes, and after typed
//! confirmation replaces the schema (`PUT …/jobs/{jobId}/schema`, a full replace). Right
//! before the PUT the schema is read again; if it changed since the diff, nothing is written.

use crate::bridge::{Bridge, Failed, Job, failure_view};
use leptos::html::{Dialog, Input};
use leptos::prelude::*;
use serde_json::Value;
use syncdeck::components::job_actions::TypedConfirmation;
use syncdeck_graph::policy::confirmation_matches;
use syncdeck_graph::request::{get_schema, put_schema};
use syncdeck_graph::schema::{self, Change, ChangeKind, SchemaView};
use syncdeck_i18n::{Num, t, tf};
use wasm_bindgen_futures::JsFuture;

/// The schema as read: Graph's body and what it says.
#[derive(Clone)]
struct Read {
    body: String,
    view: SchemaView,
}

/// A backup ready to restore.
#[derive(Clone)]
struct Restore {
    file: String,
    schema: Value,
    changes: Vec<Change>,
    base: String,
}

/// Saves a schema as Graph answered it (a backup), as `<template>-schema-<date>.json`.
pub fn download_schema(body: &str, template_id: &str) {
    let name = schema::backup_file_name(template_id, syncdeck::browser::now_ms());
    syncdeck::browser::download(body, &name, "application/json");
}

/// Reads the schema.
async fn read_schema(bridge: &Bridge, job: &Job) -> Result<Read, Failed> {
    let request = get_schema(&job.sp_id, &job.job_id).map_err(|e| Failed::Other(e.to_string()))?;
    let body = bridge.send(&request).await?;
    let (_, view) = schema::parse(&body).map_err(|e| {
        Failed::Other(tf!(
            "Microsoft Graph's answer could not be read: {error}",
            error = e
        ))
    })?;
    Ok(Read { body, view })
}

/// One change in words.
fn change_line(c: &Change) -> String {
    match (c.kind, c.detail.is_empty()) {
        (ChangeKind::Added, true) => tf!("Added: {what}", what = c.what),
        (ChangeKind::Removed, true) => tf!("Removed: {what}", what = c.what),
        (ChangeKind::Changed, true) => tf!("Changed: {what}", what = c.what),
        (ChangeKind::Added, false) => {
            tf!("Added: {what} ({detail})", what = c.what, detail = c.detail)
        }
        (ChangeKind::Removed, false) => {
            tf!(
                "Removed: {what} ({detail})",
                what = c.what,
                detail = c.detail
            )
        }
        (ChangeKind::Changed, false) => {
            tf!(
                "Changed: {what} ({detail})",
                what = c.what,
                detail = c.detail
            )
        }
    }
}

/// The schema part of the panel.
#[component]
pub fn SchemaPanel(job: Job, bridge: Bridge) -> impl IntoView {
    let read = RwSignal::new(None::<Result<Read, Failed>>);
    let query = RwSignal::new(String::new());
    let refused = RwSignal::new(None::<String>);
    let restore = RwSignal::new(None::<Restore>);
    let failed_write = RwSignal::new(None::<Failed>);
    let done = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let dialog = NodeRef::<Dialog>::new();
    let file_input = NodeRef::<Input>::new();

    let load = {
        let (job, bridge) = (job.clone(), bridge.clone());
        move || {
            read.set(None);
            let (job, bridge) = (job.clone(), bridge.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let r = read_schema(&bridge, &job).await;
                read.try_set(Some(r));
            });
        }
    };
    load();

    let load_again = load.clone();
    let current = move || read.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).cloned());
    let job_dl = job.clone();
    let download_now = move |_| {
        if let Some(r) = current() {
            download_schema(&r.body, &job_dl.template_id);
            done.set(t!("The schema was saved as a JSON file (your download folder).").into());
        }
    };
    let job_dl2 = job.clone();
    let download_in_dialog = move |_| {
        if let Some(r) = restore.get_untracked() {
            download_schema(&r.base, &job_dl2.template_id);
        }
    };
    let choose = move |_| {
        if let Some(input) = file_input.get() {
            input.set_value("");
            input.click();
        }
    };
    let template_id = job.template_id.clone();
    let chosen = move |_| {
        refused.set(None);
        failed_write.set(None);
        done.set(String::new());
        let Some(file) = file_input
            .get()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        let Some(base) = current() else { return };
        let template_id = template_id.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let name = file.name();
            let text = match JsFuture::from(file.text()).await {
                Ok(t) => t.as_string().unwrap_or_default(),
                Err(_) => {
                    refused.try_set(Some(tf!("{file} could not be read.", file = name)));
                    return;
                }
            };
            let checked = schema::check_backup(&base.view, &template_id, &text).and_then(|s| {
                let (_, backup) = schema::parse(&s.to_string())?;
                Ok((s, backup))
            });
            match checked {
                Err(why) => {
                    refused.try_set(Some(tf!(
                        "{file} was not restored: {why} Nothing was sent.",
                        file = name,
                        why = why
                    )));
                }
                Ok((s, backup)) => {
                    typed.set(String::new());
                    restore.set(Some(Restore {
                        file: name,
                        changes: schema::diff(&base.view, &backup),
                        schema: s,
                        base: base.body.clone(),
                    }));
                    if let Some(d) = dialog.get_untracked() {
                        let _ = d.show_modal();
                    }
                }
            }
        });
    };

    let app_name = job.app_name.clone();
    let confirmed = {
        let app_name = app_name.clone();
        move || {
            restore.with(|r| r.as_ref().is_some_and(|r| !r.changes.is_empty()))
                && confirmation_matches(&app_name, &typed.get())
        }
    };
    let send = {
        let (job, bridge, confirmed, load) =
            (job.clone(), bridge.clone(), confirmed.clone(), load.clone());
        move |_| {
            let Some(r) = restore.get_untracked() else {
                return;
            };
            if !confirmed() || sending.get_untracked() {
                return;
            }
            sending.set(true);
            let (job, bridge, load) = (job.clone(), bridge.clone(), load.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = async {
                    let now = read_schema(&bridge, &job).await?;
                    if now.body != r.base {
                        return Ok(false);
                    }
                    let request = put_schema(&job.sp_id, &job.job_id, r.schema.clone())
                        .map_err(|e| Failed::Other(e.to_string()))?;
                    bridge.send(&request).await.map(|_| true)
                }
                .await;
                sending.try_set(false);
                if let Some(d) = dialog.get_untracked() {
                    d.close();
                }
                match outcome {
                    Ok(true) => {
                        done.try_set(tf!(
                            "The schema was restored from {file}. Changing mappings started a new initial cycle of the job.",
                            file = r.file
                        ));
                        load();
                    }
                    Ok(false) => {
                        refused.try_set(Some(
                            t!("Nothing was restored: the schema changed since the differences were shown. It was read again; choose the file again to see the new differences.").into(),
                        ));
                        load();
                    }
                    Err(f) => {
                        failed_write.try_set(Some(f));
                    }
                }
            });
        }
    };

    let path = get_schema(&job.sp_id, &job.job_id)
        .map(|r| r.path)
        .unwrap_or_default();
    let request = move || {
        restore
            .with(|r| {
                r.as_ref().map(|r| {
                    let body = serde_json::to_string_pretty(&r.schema).unwrap_or_default();
                    format!("PUT {path}\n{body}")
                })
            })
            .unwrap_or_default()
    };
    let template_fail = job.template_id.clone();
    let template_fail2 = job.template_id.clone();
    let title = tf!("Restore the schema of {app}?", app = app_name);
    view! {
        <section class="sd-settings__part" aria-labelledby="sd-schema-title">
            <h3 id="sd-schema-title">{t!("Schema")}</h3>
            <p>{t!("The job's mappings as Microsoft Graph has them, read-only. A backup is the JSON Graph answered, as it came.")}</p>
            <div class="sd-logs__filters">
                <label class="sd-confirm">{t!("Search mappings")}
                    <input type="search" autocomplete="off" prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev)) />
                </label>
                <button type="button" class="sd-button" disabled=move || current().is_none()
                    on:click=download_now>{t!("Download schema")}</button>
                <button type="button" class="sd-button" disabled=move || current().is_none()
                    on:click=choose>{t!("Restore schema")}</button>
                <input type="file" accept=".json,application/json" class="sd-visually-hidden"
                    tabindex="-1" aria-label={t!("Schema backup file")} node_ref=file_input on:change=chosen />
            </div>
            <p role="status">{move || done.get()}</p>
            {move || refused.get().map(|p| view! { <p role="alert" class="sd-alert">{p}</p> })}
            {move || failed_write.get().map(|f| view! {
                <div role="alert" class="sd-alert">
                    <p><strong>{t!("The schema was not restored.")}</strong> {t!(" Nothing else was changed.")}</p>
                    {failure_view(f, template_fail2.clone())}
                </div>
            })}
            {move || match read.get() {
                None => view! { <p role="status">{t!("Reading the schema…")}</p> }.into_any(),
                Some(Err(f)) => {
                    let again = load_again.clone();
                    view! {
                        <div role="alert"><p><strong>{t!("The schema could not be read.")}</strong></p>
                        {failure_view(f, template_fail.clone())}</div>
                        <button type="button" class="sd-button" on:click=move |_| again()>{t!("Read the schema again")}</button>
                    }.into_any()
                }
                Some(Ok(r)) => schema_view(r.view.filtered(&query.get())).into_any(),
            }}
            <dialog node_ref=dialog class="sd-dialog sd-dialog--wide" aria-labelledby="sd-restore-title">
                <h2 id="sd-restore-title">{title}</h2>
                <p>{move || restore.with(|r| r.as_ref().map(|r| tf!("From {file}. What it changes:", file = r.file)))}</p>
                {move || restore.with(|r| r.as_ref().map(|r| if r.changes.is_empty() {
                    view! { <p>{t!("Nothing: the backup is the same as the current schema.")}</p> }.into_any()
                } else {
                    view! { <ul class="sd-settings__changes">{r.changes.iter().map(|c| view! { <li>{change_line(c)}</li> }).collect_view()}</ul> }.into_any()
                }))}
                <p><strong>{t!("Changing mappings starts a new initial cycle:")}</strong>
                {t!(" Microsoft Entra evaluates every user and group in scope again, as the portal warns when mappings are saved.")}</p>
                <p>{t!("Keep a copy of the current schema first: ")}
                    <button type="button" class="sd-button" on:click=download_in_dialog>{t!("Download schema")}</button></p>
                <TypedConfirmation label={t!("Type the app name to confirm")} typed=typed />
                <details>
                    <summary>{t!("This request will be sent")}</summary>
                    <pre class="sd-request"><code>{request}</code></pre>
                </details>
                <div class="sd-dialog__buttons">
                    <button type="button" class="sd-button" autofocus
                        on:click=move |_| { if let Some(d) = dialog.get() { d.close(); } }>{t!("Cancel")}</button>
                    <button type="button" class="sd-button sd-button--danger"
                        disabled=move || !confirmed() || sending.get() on:click=send>{t!("Restore")}</button>
                </div>
            </dialog>
        </section>
    }
}

/// The schema's rules, object mappings, scoping filters and attribute mappings.
fn schema_view(view_of: SchemaView) -> impl IntoView {
    let count = view_of.attribute_count();
    let rules = view_of.rules.into_iter().map(|rule| {
        let objects = rule.objects.into_iter().map(|o| {
            let state = tf!(
                "{enabled} · target actions: {actions}",
                enabled = if o.enabled { t!("Enabled") } else { t!("Disabled") },
                actions = if o.flow_types.is_empty() { t!("none") } else { o.flow_types.as_str() }
            );
            let scope = if o.scope.is_empty() {
                t!("No scoping filter.").to_string()
            } else {
                tf!("Scoping filter (any group): {groups}", groups = o.scope.join(" OR "))
            };
            let rows = o.attributes.into_iter().map(|a| {
                let matching = if a.matching == 0 { String::new() } else { tf!("Yes, precedence {precedence}", precedence = a.matching) };
                view! {
                    <tr>
                        <td><code>{a.source}</code></td>
                        <td><code>{a.target}</code></td>
                        <td>{matching}</td>
                        <td>{a.apply}</td>
                    </tr>
                }
            }).collect_view();
            let heading = format!("{}: {} → {}", o.name, o.source, o.target);
            view! {
                <h5>{heading.clone()}</h5>
                <p>{state}</p>
                <p>{scope}</p>
                <table class="sd-details__table">
                    <caption class="sd-visually-hidden">{tf!("Attribute mappings of {object}", object = heading)}</caption>
                    <thead><tr>
                        <th scope="col">{t!("Source")}</th><th scope="col">{t!("Target attribute")}</th>
                        <th scope="col">{t!("Matching")}</th><th scope="col">{t!("Apply")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        }).collect_view();
        view! {
            <h4>{format!("{}: {} → {}", rule.name, rule.source_directory, rule.target_directory)}</h4>
            {objects}
        }
    }).collect_view();
    view! {
        <p class="sd-settings__count">{tf!("{count} attribute mappings shown.", count = Num(count as f64))}</p>
        {rules}
    }
}

/// The Restart dialog's offer, for a restart that clears the watermark or forces deletions:
/// "Download schema" first (the job's schema as Graph answers it).
#[component]
pub fn BackupOffer(job: Job, bridge: Bridge) -> impl IntoView {
    let said = RwSignal::new(String::new());
    let save = move |_| {
        let (job, bridge) = (job.clone(), bridge.clone());
        said.set(t!("Reading the schema…").into());
        wasm_bindgen_futures::spawn_local(async move {
            said.try_set(match read_schema(&bridge, &job).await {
                Ok(r) => {
                    download_schema(&r.body, &job.template_id);
                    t!("The schema was saved as a JSON file.").into()
                }
                Err(Failed::Graph(f)) => tf!("The schema could not be read: {why}", why = f),
                Err(Failed::Other(why)) => tf!("The schema could not be read: {why}", why = why),
            });
        });
    };
    view! {
        <p>{t!("This restart re-evaluates every object. Keep a copy of the job's mappings first: ")}
            <button type="button" class="sd-button" on:click=save>{t!("Download schema")}</button></p>
        <p role="status">{move || said.get()}</p>
    }
}

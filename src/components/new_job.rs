//! "New job": pick one of the app's templates, create the job, say what comes next.

use crate::actions::{ActionAlert, Actions};
use crate::graph::{GraphClient, GraphFailure};
use leptos::html::Dialog;
use leptos::prelude::*;
use syncdeck_graph::SynchronizationTemplate;

/// The "New job" button and its dialog. `on_created` runs after a successful create.
#[component]
pub fn NewJob(
    /// The service principal.
    sp_id: String,
    /// The app's display name.
    app_name: String,
    /// Its templates (`GET …/synchronization/templates`).
    templates: Vec<SynchronizationTemplate>,
    /// Called after a successful create with what comes next, in words.
    on_created: Callback<String>,
) -> impl IntoView {
    let actions = Actions::expect();
    let client = expect_context::<GraphClient>();
    let dialog = NodeRef::<Dialog>::new();
    let default = templates
        .iter()
        .find(|t| t.default)
        .or(templates.first())
        .map(|t| t.id.clone())
        .unwrap_or_default();
    let chosen = RwSignal::new(default);
    let creating = RwSignal::new(false);
    let descriptions: Vec<(String, String)> = templates
        .iter()
        .map(|t| (t.id.clone(), t.description.clone().unwrap_or_default()))
        .collect();
    let description = move || {
        let id = chosen.get();
        descriptions
            .iter()
            .find(|(t, _)| *t == id)
            .map(|(_, d)| d.clone())
            .unwrap_or_default()
    };
    let create = move |_| {
        // Single-flight: one POST however often Create is pressed.
        if creating.get_untracked() || chosen.get_untracked().is_empty() {
            return;
        }
        creating.set(true);
        let (client, sp_id, app_name, template) = (
            client.clone(),
            sp_id.clone(),
            app_name.clone(),
            chosen.get_untracked(),
        );
        wasm_bindgen_futures::spawn_local(async move {
            let result = client.create_job(&sp_id, &template).await;
            creating.try_set(false);
            actions
                .last_action_at
                .try_set(Some(crate::browser::now_ms()));
            match result {
                Ok(job) => {
                    let next = format!(
                        "Created job {} for {app_name} from template {template}. It is Not configured and not scheduled until you \
                         save the app's credentials (its admin URL and secret token) on the app's Provisioning page in the \
                         Entra admin center, then Start it.",
                        job.id
                    );
                    actions.status.try_set(next.clone());
                    if let Some(d) = dialog.get() {
                        d.close();
                    }
                    on_created.run(next);
                }
                Err(failure) => fail(actions, &app_name, &template, failure),
            }
        });
    };
    view! {
        <button type="button" class="sd-button sd-button--primary" disabled=move || creating.get()
            on:click=move |_| if let Some(d) = dialog.get() { let _ = d.show_modal(); }>"New job"</button>
        <dialog node_ref=dialog class="sd-dialog" aria-labelledby="sd-newjob-title">
            <h2 id="sd-newjob-title">"New provisioning job"</h2>
            <label class="sd-confirm">
                "Template"
                <select aria-label="Template" prop:value=move || chosen.get()
                    on:change=move |ev| chosen.set(event_target_value(&ev))>
                    {templates.iter().map(|t| view! {
                        <option value=t.id.clone()>
                            {t.id.clone()} {t.default.then_some(" (default)")}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <p class="sd-newjob__description">{description}</p>
            <p>"The job is created Disabled and Not configured: nothing is provisioned until you add credentials and Start it."</p>
            <div class="sd-dialog__buttons">
                <button type="button" class="sd-button" autofocus
                    on:click=move |_| if let Some(d) = dialog.get() { d.close() }>"Cancel"</button>
                <button type="button" class="sd-button sd-button--primary"
                    disabled=move || creating.get() on:click=create>"Create"</button>
            </div>
        </dialog>
    }
}

fn fail(actions: Actions, app_name: &str, template: &str, failure: GraphFailure) {
    actions
        .status
        .try_set(format!("Creating a job for {app_name} failed."));
    actions.alert.try_set(Some(ActionAlert {
        title: format!("Create failed for {app_name} (template {template})"),
        failure,
        template_id: Some(template.to_string()),
        send_again: None,
    }));
}

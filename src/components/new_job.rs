//! "New job": pick one of the app's templates and ask for the job; the page creates it.

use leptos::html::Dialog;
use leptos::prelude::*;
use syncdeck_graph::SynchronizationTemplate;
use syncdeck_i18n::t;

/// The "New job" button and its dialog.
#[component]
pub fn NewJob(
    /// The app's templates (`GET …/synchronization/templates`).
    templates: Vec<SynchronizationTemplate>,
    /// True while a create is in flight (the buttons are disabled).
    creating: RwSignal<bool>,
    /// What comes next after a create: the dialog closes when it is set.
    created: RwSignal<Option<String>>,
    /// Creates a job from the chosen template id.
    on_create: Callback<String>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let default = templates
        .iter()
        .find(|t| t.default)
        .or(templates.first())
        .map(|t| t.id.clone())
        .unwrap_or_default();
    let chosen = RwSignal::new(default);
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
    Effect::new(move |first: Option<()>| {
        created.track();
        if first.is_some()
            && let Some(d) = dialog.get_untracked()
        {
            d.close();
        }
    });
    let create = move |_| {
        if !creating.get_untracked() {
            on_create.run(chosen.get_untracked());
        }
    };
    view! {
        <button type="button" class="sd-button sd-button--primary" disabled=move || creating.get()
            on:click=move |_| if let Some(d) = dialog.get() { let _ = d.show_modal(); }>{t!("New job")}</button>
        <dialog node_ref=dialog class="sd-dialog" aria-labelledby="sd-newjob-title">
            <h2 id="sd-newjob-title">{t!("New provisioning job")}</h2>
            <label class="sd-confirm">
                {t!("Template")}
                <select aria-label=t!("Template") prop:value=move || chosen.get()
                    on:change=move |ev| chosen.set(event_target_value(&ev))>
                    {templates.iter().map(|t| view! {
                        <option value=t.id.clone()>
                            {t.id.clone()} {t.default.then_some(t!(" (default)"))}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <p class="sd-newjob__description">{description}</p>
            <p>{t!("The job is created Disabled and Not configured: nothing is provisioned until you add credentials and Start it.")}</p>
            <div class="sd-dialog__buttons">
                <button type="button" class="sd-button" autofocus
                    on:click=move |_| if let Some(d) = dialog.get() { d.close() }>{t!("Cancel")}</button>
                <button type="button" class="sd-button sd-button--primary"
                    disabled=move || creating.get() on:click=create>{t!("Create")}</button>
            </div>
        </dialog>
    }
}

//! Test connection: `POST …/jobs/{jobId}/validateCredentials` with the saved credentials
//! (`useSavedCredentials: true`; Graph ignores `credentials` then, and the page never holds them:
//! <https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-validatecredentials?view=graph-rest-1.0>).

use crate::bridge::{Bridge, Failed, Job, failure_view};
use leptos::prelude::*;
use syncdeck_graph::request::{CredentialsValidation, validate_credentials};
use syncdeck_i18n::{t, tf};

/// What the last test said.
#[derive(Clone)]
enum Tested {
    Never,
    Running,
    Works,
    Fails(Failed),
}

/// The "Test connection" button and its answer in words.
#[component]
pub fn Connection(job: Job, bridge: Bridge) -> impl IntoView {
    let tested = RwSignal::new(Tested::Never);
    let test = {
        let job = job.clone();
        move |_| {
            if matches!(tested.get_untracked(), Tested::Running) {
                return;
            }
            tested.set(Tested::Running);
            let body = CredentialsValidation {
                use_saved_credentials: true,
                ..Default::default()
            };
            let (job, bridge) = (job.clone(), bridge.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = match validate_credentials(&job.sp_id, &job.job_id, &body) {
                    Ok(request) => bridge.send(&request).await.map(|_| ()),
                    Err(e) => Err(Failed::Other(e.to_string())),
                };
                tested.try_set(match answer {
                    Ok(()) => Tested::Works,
                    Err(f) => Tested::Fails(f),
                });
            });
        }
    };
    let app = job.app_name.clone();
    let template_id = job.template_id.clone();
    view! {
        <section class="sd-settings__part" aria-labelledby="sd-connection-title">
            <h3 id="sd-connection-title">{t!("Connection")}</h3>
            <p>{t!("Tests the admin credentials saved for this app: Microsoft Entra signs in to the app with them, as the portal's Test Connection does.")}</p>
            <button type="button" class="sd-button"
                aria-disabled=move || matches!(tested.get(), Tested::Running).then_some("true")
                on:click=test>{t!("Test connection")}</button>
            <div role="status">{move || match tested.get() {
                Tested::Running => t!("Testing the connection…").to_string(),
                Tested::Works => tf!("The connection works: Microsoft Entra reached {app} with the saved credentials.", app = app),
                _ => String::new(),
            }}</div>
            {move || match tested.get() {
                Tested::Fails(f) => Some(view! {
                    <div role="alert" class="sd-alert">
                        <p><strong>{t!("Test connection failed.")}</strong>
                        {t!(" Microsoft Entra could not reach the app with the saved credentials.")}</p>
                        {failure_view(f, template_id.clone())}
                    </div>
                }),
                _ => None,
            }}
        </section>
    }
}

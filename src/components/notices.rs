//! The live regions of the shell: results of actions in a `status` region, failures in an
//! `alert` with the Graph error code, the `request-id` and the hint.

use crate::actions::Actions;
use crate::components::error_view::GraphFailureDetails;
use crate::graph::GraphClient;
use leptos::prelude::*;

/// The action announcer and the failure alert (one of each, under the header).
#[component]
pub fn Notices() -> impl IntoView {
    let actions = Actions::expect();
    let client = expect_context::<GraphClient>();
    view! {
        <p class="sd-notice" role="status" aria-live="polite">{move || actions.status.get()}</p>
        {move || actions.alert.get().map(|a| view! {
            <div class="sd-alert sd-alert--action" role="alert">
                <p><strong>{a.title}</strong></p>
                <GraphFailureDetails failure=a.failure template_id=a.template_id.unwrap_or_default() />
                {a.send_again.map(|(target, command)| {
                    let client = client.clone();
                    let label = format!("Send {} again", command.action().label());
                    view! {
                        <p>"Your sign-in had expired and was renewed. Nothing was changed: the request was refused before it ran."</p>
                        <button type="button" class="sd-button sd-button--primary"
                            on:click=move |_| actions.run(client.clone(), target.clone(), command)>{label}</button>
                    }
                })}
                <button type="button" class="sd-button sd-button--subtle"
                    on:click=move |_| actions.alert.set(None)>"Dismiss"</button>
            </div>
        })}
    }
}

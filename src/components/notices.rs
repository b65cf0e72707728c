//! The live regions of the shell: results of actions in a `status` region, failures in an
//! `alert` with the Graph error code, the `request-id` and the hint.

use crate::actions::Actions;
use crate::components::error_view::GraphFailureDetails;
use leptos::prelude::*;

/// The action announcer and the failure alert (one of each, under the header).
#[component]
pub fn Notices() -> impl IntoView {
    let actions = Actions::expect();
    view! {
        <p class="sd-notice" role="status" aria-live="polite">{move || actions.status.get()}</p>
        {move || actions.alert.get().map(|a| view! {
            <div class="sd-alert sd-alert--action" role="alert">
                <p><strong>{a.title}</strong></p>
                <GraphFailureDetails failure=a.failure template_id=a.template_id.unwrap_or_default() />
                <button type="button" class="sd-button sd-button--subtle"
                    on:click=move |_| actions.alert.set(None)>"Dismiss"</button>
            </div>
        })}
    }
}

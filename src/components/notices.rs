//! The live regions of the shell: results of actions in a `status` region, failures in an
//! `alert` with the Graph error code, the `request-id` and the hint.

use crate::actions::{ActionAlert, Command};
use crate::components::error_view::GraphFailureDetails;
use leptos::prelude::*;
use syncdeck_core::AppJob;
use syncdeck_graph::Action;
use syncdeck_i18n::t;

/// The button that sends a refused write again.
fn send_again_label(action: Action) -> &'static str {
    match action {
        Action::Start => t!("Send Start again"),
        Action::Pause => t!("Send Pause again"),
        Action::Restart => t!("Send Restart again"),
        Action::Delete => t!("Send Delete again"),
    }
}

/// The action announcer and the failure alert (one of each, under the header).
#[component]
pub fn Notices(
    /// The latest result.
    status: RwSignal<String>,
    /// The latest failure (dismissing it clears it).
    alert: RwSignal<Option<ActionAlert>>,
    /// Sends a refused write again (only from the admin's click).
    on_send_again: Callback<(AppJob, Command)>,
) -> impl IntoView {
    view! {
        <p class="sd-notice" role="status" aria-live="polite">{move || status.get()}</p>
        {move || alert.get().map(|a| view! {
            <div class="sd-alert sd-alert--action" role="alert">
                <p><strong>{a.title}</strong></p>
                <GraphFailureDetails failure=a.failure template_id=a.template_id.unwrap_or_default() />
                {a.send_again.map(|(target, command)| {
                    let label = send_again_label(command.action());
                    view! {
                        <p>{t!("Your sign-in had expired and was renewed. Nothing was changed: the request was refused before it ran.")}</p>
                        <button type="button" class="sd-button sd-button--primary"
                            on:click=move |_| on_send_again.run((target.clone(), command))>{label}</button>
                    }
                })}
                <button type="button" class="sd-button sd-button--subtle"
                    on:click=move |_| alert.set(None)>{t!("Dismiss")}</button>
            </div>
        })}
    }
}

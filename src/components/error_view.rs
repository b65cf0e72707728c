//! Full-screen errors that replace the app: a configuration that can't be used.

use crate::config::ConfigError;
use crate::graph::GraphFailure;
use leptos::prelude::*;

/// Shown instead of the app when `config.json` is missing, invalid or refused. Names the field to
/// fix; the app sends no Graph request behind it.
#[component]
pub fn ConfigErrorView(
    /// What is wrong.
    error: ConfigError,
) -> impl IntoView {
    let title = match &error {
        ConfigError::TokenModeNotLoopback { .. } => "Token mode refused",
        _ => "syncdeck can't start: config.json needs fixing",
    };
    let field = error.field().map(|f| {
        view! {
            <p class="sd-fatal__field">"Field: " <code>{f.to_string()}</code></p>
        }
    });
    view! {
        <main class="sd-fatal" role="alert" aria-labelledby="sd-fatal-title">
            <h1 id="sd-fatal-title">{title}</h1>
            {field}
            <p class="sd-fatal__message">{error.to_string()}</p>
            <p class="sd-fatal__help">
                "config.json sits next to index.html. It needs "
                <code>"auth.mode"</code>
                " (\"msal\" with a "
                <code>"clientId"</code>
                ", or \"token\" against a local emulator), and optionally "
                <code>"cloud"</code>
                ", "
                <code>"graphBaseUrl"</code>
                " and "
                <code>"apiVersion"</code>
                "."
            </p>
        </main>
    }
}

/// Shown when the configuration is valid but no token can be had.
#[component]
pub fn AuthErrorView(
    /// Why.
    message: String,
) -> impl IntoView {
    view! {
        <main class="sd-fatal" role="alert" aria-labelledby="sd-fatal-title">
            <h1 id="sd-fatal-title">"Can't sign in"</h1>
            <p class="sd-fatal__message">{message}</p>
        </main>
    }
}

/// A failed Graph call in full: what to do (the hint), then the details a support ticket needs
/// (code, message, HTTP status, `request-id`, `client-request-id`, date).
#[component]
pub fn GraphFailureDetails(
    /// The failure.
    failure: GraphFailure,
    /// The job's template id, when the failure is about a job (Cloud Sync needs another role).
    #[prop(optional, into)]
    template_id: String,
) -> impl IntoView {
    let hint = failure.hint(Some(template_id.as_str()).filter(|t| !t.is_empty()));
    let details = failure.graph_error().cloned().map(|e| {
        let status = if e.status == 0 {
            "no answer".to_string()
        } else {
            e.status.to_string()
        };
        view! {
            <dl class="sd-error__details">
                <dt>"Code"</dt><dd><code>{e.code.clone()}</code></dd>
                <dt>"Message"</dt><dd>{e.message.clone()}</dd>
                <dt>"HTTP status"</dt><dd>{status}</dd>
                {e.request_id.clone().map(|id| view! { <dt>"request-id"</dt><dd><code>{id}</code></dd> })}
                {e.client_request_id.clone().map(|id| view! { <dt>"client-request-id"</dt><dd><code>{id}</code></dd> })}
                {e.date.clone().map(|d| view! { <dt>"Date"</dt><dd>{d}</dd> })}
            </dl>
        }
    });
    let plain = details.is_none().then(|| failure.to_string());
    view! {
        <div class="sd-error">
            {hint.map(|h| view! {
                <p class="sd-error__hint"><strong>{h.title}</strong> " " {h.action}</p>
            })}
            {plain.map(|p| view! { <p>{p}</p> })}
            {details}
        </div>
    }
}

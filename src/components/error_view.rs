//! Full-screen errors that replace the app: a configuration that can't be used.

use super::rich;
use crate::config::ConfigError;
use crate::graph::GraphFailure;
use leptos::prelude::*;
use syncdeck_i18n::t;

/// Shown instead of the app when `config.json` is missing, invalid or refused. Names the field to
/// fix; the app sends no Graph request behind it.
#[component]
pub fn ConfigErrorView(
    /// What is wrong.
    error: ConfigError,
) -> impl IntoView {
    let title = match &error {
        ConfigError::TokenModeNotLoopback { .. } => t!("Token mode refused"),
        _ => t!("syncdeck can't start: config.json needs fixing"),
    };
    let field = error.field().map(|f| {
        view! {
            <p class="sd-fatal__field">{t!("Field: ")} <code>{f.to_string()}</code></p>
        }
    });
    view! {
        <main class="sd-fatal" role="alert" aria-labelledby="sd-fatal-title">
            <h1 id="sd-fatal-title">{title}</h1>
            {field}
            <p class="sd-fatal__message">{error.to_string()}</p>
            <p class="sd-fatal__help">
                {rich(
                    t!("config.json sits next to index.html. It needs {mode} ({msal} with a {client_id}, or {token} against a local emulator), and optionally {cloud}, {base_url} and {version}."),
                    vec![
                        ("mode", view! { <code>{"auth.mode"}</code> }.into_any()),
                        // The values of `auth.mode`, as config.json spells them.
                        ("msal", "\"msal\"".into_any()),
                        ("token", "\"token\"".into_any()),
                        ("client_id", view! { <code>{"clientId"}</code> }.into_any()),
                        ("cloud", view! { <code>{"cloud"}</code> }.into_any()),
                        ("base_url", view! { <code>{"graphBaseUrl"}</code> }.into_any()),
                        ("version", view! { <code>{"apiVersion"}</code> }.into_any()),
                    ],
                )}
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
            <h1 id="sd-fatal-title">{t!("Can't sign in")}</h1>
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
            t!("no answer").to_string()
        } else {
            e.status.to_string()
        };
        view! {
            <dl class="sd-error__details">
                <dt>{t!("Code")}</dt><dd><code>{e.code.clone()}</code></dd>
                <dt>{t!("Message")}</dt><dd>{e.message.clone()}</dd>
                <dt>{t!("HTTP status")}</dt><dd>{status}</dd>
                // The headers' names, as Graph sends them.
                {e.request_id.clone().map(|id| view! { <dt>{"request-id"}</dt><dd><code>{id}</code></dd> })}
                {e.client_request_id.clone().map(|id| view! { <dt>{"client-request-id"}</dt><dd><code>{id}</code></dd> })}
                {e.date.clone().map(|d| view! { <dt>{t!("Date")}</dt><dd>{d}</dd> })}
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

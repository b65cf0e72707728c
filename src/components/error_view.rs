//! Full-screen errors that replace the app: a configuration that can't be used.

use crate::config::ConfigError;
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

//! The root: load the configuration, provide the Graph client, route.

use crate::actions::Actions;
use crate::auth::TokenSource;
use crate::components::error_view::{AuthErrorView, ConfigErrorView};
use crate::components::notices::Notices;
use crate::config::{ConfigError, RuntimeConfig};
use crate::graph::GraphClient;
use crate::pages::{
    fleet::FleetPage, job::JobPage, not_found::NotFoundPage,
    service_principal::ServicePrincipalPage,
};
use crate::routes::AppRoute;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// Loads `config.json`, then shows the app, or a screen that names what is wrong with it.
#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(load_config);
    view! {
        <Suspense fallback=|| view! { <p class="sd-loading" role="status">"Loading configuration…"</p> }>
            {move || config.get().map(|result| match result {
                Ok(cfg) => view! { <Shell config=cfg /> }.into_any(),
                Err(error) => view! { <ConfigErrorView error=error /> }.into_any(),
            })}
        </Suspense>
    }
}

#[cfg(target_arch = "wasm32")]
async fn load_config() -> Result<RuntimeConfig, ConfigError> {
    crate::config::load().await
}

#[cfg(not(target_arch = "wasm32"))]
async fn load_config() -> Result<RuntimeConfig, ConfigError> {
    Err(ConfigError::Unreachable(
        "only the browser build loads config.json".into(),
    ))
}

/// The app around a valid configuration: header, the Graph client in context, the routes.
#[component]
pub fn Shell(
    /// The validated configuration.
    config: RuntimeConfig,
) -> impl IntoView {
    let tokens = match TokenSource::from_config(&config) {
        Ok(t) => t,
        Err(e) => return view! { <AuthErrorView message=e.to_string() /> }.into_any(),
    };
    provide_context(GraphClient::new(&config, tokens));
    provide_context(config.clone());
    Actions::provide();
    let token_mode = config.is_token_mode();
    let where_ = format!(
        "{} · {} · {}",
        config.cloud.name(),
        config.graph_base_url,
        config.api_version.segment()
    );
    view! {
        <Router>
            <header class="sd-header">
                <a class="sd-header__brand" href=AppRoute::Fleet.path()>"syncdeck"</a>
                <span class="sd-header__where" title="Cloud, Graph host and API version">{where_}</span>
            </header>
            {token_mode.then(|| view! {
                <p class="sd-banner sd-banner--emulator" role="note">
                    "Local emulator: token mode, no sign-in. Never use token mode against a real tenant."
                </p>
            })}
            <Notices />
            <main class="sd-main">
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=FleetPage />
                    <Route path=path!("/servicePrincipals/:sp_id") view=ServicePrincipalPage />
                    <Route path=path!("/servicePrincipals/:sp_id/jobs/:job_id") view=JobPage />
                </Routes>
            </main>
        </Router>
    }
    .into_any()
}

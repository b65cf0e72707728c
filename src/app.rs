//! The root: load the configuration, provide the Graph client, route.

use crate::actions::Actions;
use crate::auth::{MsalSession, TokenSource, msal, msal_config_json};
use crate::browser::loaded;
use crate::components::account::{AccountMenu, SignInAgain, SignInScreen};
use crate::components::error_view::{AuthErrorView, ConfigErrorView};
use crate::components::notices::Notices;
use crate::config::{AuthConfig, RuntimeConfig};
use crate::graph::GraphClient;
use crate::i18n::{Language, LanguagePicker};
use crate::pages::{
    fleet::FleetPage, job::JobPage, not_found::NotFoundPage,
    service_principal::ServicePrincipalPage,
};
use crate::routes::AppRoute;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use std::sync::Arc;
use syncdeck_graph::hint_for_msal;
use syncdeck_i18n::{Lang, t};

/// The product's name: the same in every language.
const PRODUCT: &str = "syncdeck";

/// Loads `config.json`, then shows the app, or a screen that names what is wrong with it.
#[component]
pub fn App() -> impl IntoView {
    // The language first (its texts may have to be fetched), with the configuration meanwhile.
    let language = Language::provide(Lang::En);
    let speaking = loaded(async move {
        let want = crate::i18n::initial();
        match crate::i18n::switch_to(want).await {
            Ok(()) => language.lang.set(want),
            // English, and the picker says why the language asked for is not shown.
            Err(e) => language.error.set(Some(e)),
        }
    });
    let config = loaded(crate::config::load());
    move || match (speaking.get(), config.get()) {
        (None, _) | (_, None) => {
            view! { <p class="sd-loading" role="status">{t!("Loading configuration…")}</p> }
                .into_any()
        }
        (Some(()), Some(result)) => match result {
            Ok(cfg) if cfg.is_token_mode() => {
                let tokens = TokenSource::Static(match &cfg.auth {
                    AuthConfig::Token { token } => Arc::from(token.as_str()),
                    AuthConfig::Msal { .. } => Arc::from(""),
                });
                view! { <Shell config=cfg tokens=tokens /> }.into_any()
            }
            Ok(cfg) => view! { <MsalGate config=cfg /> }.into_any(),
            Err(error) => view! { <ConfigErrorView error=error /> }.into_any(),
        },
    }
}

/// MSAL first: `initialize()` and `handleRedirectPromise()` before anything else; then the
/// sign-in screen, or the app for the signed-in account.
#[component]
fn MsalGate(
    /// The validated configuration (MSAL mode).
    config: RuntimeConfig,
) -> impl IntoView {
    let msal_json = msal_config_json(&config, &crate::browser::origin()).unwrap_or_default();
    let started = loaded(async move { msal::start(&msal_json).await });
    move || match started.get() {
        None => view! { <p class="sd-loading" role="status">{t!("Signing in…")}</p> }.into_any(),
        Some(result) => match result {
            Err(e) => {
                let hint = hint_for_msal(&e.error_code);
                view! { <AuthErrorView message=format!("{} {} ({})", hint.title, hint.action, e.error_code) /> }.into_any()
            }
            Ok(state) => {
                let session = MsalSession::new(&config, state.clone());
                if state.active().is_none() {
                    view! { <SignInScreen session=session /> }.into_any()
                } else {
                    view! { <Shell config=config.clone() tokens=TokenSource::Msal(session) /> }
                        .into_any()
                }
            }
        },
    }
}

/// The app around a valid configuration: header, the Graph client in context, the routes.
#[component]
pub fn Shell(
    /// The validated configuration.
    config: RuntimeConfig,
    /// Where tokens come from.
    tokens: TokenSource,
) -> impl IntoView {
    let session = match &tokens {
        TokenSource::Msal(session) => Some(session.clone()),
        TokenSource::Static(_) => None,
    };
    let client = GraphClient::new(&config, tokens);
    crate::settings::define(&client);
    provide_context(client.clone());
    provide_context(config.clone());
    let actions = Actions::provide(client);
    let token_mode = config.is_token_mode();
    let where_ = format!(
        "{} · {} · {}",
        config.cloud.name(),
        config.graph_base_url,
        config.api_version.segment()
    );
    let on_send_again = actions.commands().run;
    // The header and the notices draw again in a new language; the pages draw their own markup
    // again from the state they keep (`crate::i18n`).
    let header = move || {
        let where_ = where_.clone();
        let session = session.clone();
        view! {
            <header class="sd-header">
                <a class="sd-header__brand" href=AppRoute::Fleet.path()>{PRODUCT}</a>
                <span class="sd-header__where" title=t!("Cloud, Graph host and API version")>{where_}</span>
                <LanguagePicker />
                {session.clone().map(|s| view! { <AccountMenu session=s /> })}
            </header>
            {session.map(|s| view! { <SignInAgain session=s /> })}
            {token_mode.then(|| view! {
                <p class="sd-banner sd-banner--emulator" role="note">
                    {t!("Local emulator: token mode, no sign-in. Never use token mode against a real tenant.")}
                </p>
            })}
            <Notices status=actions.status alert=actions.alert on_send_again=on_send_again />
        }
    };
    view! {
        <Router>
            {crate::i18n::redraw(header)}
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

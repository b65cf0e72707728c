//! Signing in: the sign-in screen, the account menu of the header (switch accounts or tenants,
//! add one, sign out) and the "Sign in again" prompt. Every interactive MSAL call runs from the
//! admin's click.

use crate::auth::{MsalSession, TokenKind, msal};
use crate::browser::reload;
use leptos::prelude::*;
use syncdeck_graph::hint_for_msal;
use syncdeck_i18n::t;

/// Runs an interactive MSAL call (from the click that called this), then reloads the app so
/// every read runs with the new sign-in; a failure lands in `error`.
fn interact_then_reload(
    session: &MsalSession,
    scopes: Vec<String>,
    prompt: &'static str,
    error: RwSignal<Option<msal::MsalError>>,
) {
    let session = session.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match session.interact(scopes, prompt).await {
            Ok(()) => {
                error.try_set(None);
                reload();
            }
            Err(e) => {
                error.try_set(Some(e));
            }
        }
    });
}

/// An MSAL error in words (the hint table, by `errorCode`).
fn msal_error_view(e: msal::MsalError) -> impl IntoView {
    let hint = hint_for_msal(&e.error_code);
    view! {
        <p><strong>{hint.title}</strong> " " {hint.action} " " <code>{e.error_code}</code></p>
    }
}

/// Shown when no account is signed in.
#[component]
pub fn SignInScreen(
    /// The session.
    session: MsalSession,
) -> impl IntoView {
    let error = RwSignal::new(None::<msal::MsalError>);
    let sign_in = {
        let session = session.clone();
        move |_| {
            interact_then_reload(
                &session,
                session.scopes(TokenKind::Read),
                "select_account",
                error,
            )
        }
    };
    let interacting = session.interacting;
    view! {
        <main class="sd-fatal sd-signin" aria-labelledby="sd-signin-title">
            <h1 id="sd-signin-title">{t!("Sign in to syncdeck")}</h1>
            <p>{t!("syncdeck reads your tenant's provisioning jobs with your account: sign in with an admin account of the tenant (Application Administrator, Cloud Application Administrator, or Hybrid Identity Administrator for Cloud Sync).")}</p>
            <button type="button" class="sd-button sd-button--primary" disabled=move || interacting.get() on:click=sign_in>{t!("Sign in")}</button>
            {move || error.get().map(|e| view! {
                <div class="sd-alert" role="alert">{msal_error_view(e)}</div>
            })}
        </main>
    }
}

/// The header's account menu: who is signed in, to which tenant; switch, add, sign out.
#[component]
pub fn AccountMenu(
    /// The session.
    session: MsalSession,
) -> impl IntoView {
    let state = session.state;
    let popup = session.popup;
    let error = RwSignal::new(None::<msal::MsalError>);
    let add = {
        let session = session.clone();
        move |_| {
            interact_then_reload(
                &session,
                session.scopes(TokenKind::Read),
                "select_account",
                error,
            )
        }
    };
    let sign_out = move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            if msal::sign_out(popup).await.is_ok() {
                reload();
            }
        });
    };
    view! {
        <div class="sd-account">
            {move || state.get().active().cloned().map(|a| view! {
                <span class="sd-account__who" title=t!("Signed-in account and tenant")>
                    {if a.name.is_empty() { a.username.clone() } else { format!("{} ({})", a.name, a.username) }}
                    {t!(" · tenant ")} <code>{a.tenant_id.clone()}</code>
                </span>
            })}
            {move || (state.with(|s| s.accounts.len()) > 1).then(|| view! {
                <select aria-label=t!("Switch account or tenant")
                    prop:value=move || state.with(|s| s.active().map(|a| a.home_account_id.clone()).unwrap_or_default())
                    on:change=move |ev| {
                        state.set(msal::set_active(&event_target_value(&ev)));
                        reload();
                    }>
                    {state.get().accounts.into_iter().map(|a| view! {
                        <option value=a.home_account_id.clone()>{format!("{} · {}", a.username, a.tenant_id)}</option>
                    }).collect_view()}
                </select>
            })}
            <button type="button" class="sd-button sd-button--subtle" on:click=add>{t!("Add account")}</button>
            <button type="button" class="sd-button sd-button--subtle" on:click=sign_out>{t!("Sign out")}</button>
            {move || error.get().map(|e| view! { <div class="sd-alert" role="alert">{msal_error_view(e)}</div> })}
        </div>
    }
}

/// Why the admin is asked to consent now: the permission a first write, the first opening of the
/// logs or the first user lookup needs (asked for then, never at sign-in).
fn consent_reason(scopes: &[String]) -> Option<&'static str> {
    let has = |p: &str| scopes.iter().any(|s| s.ends_with(p));
    if has("AuditLog.Read.All") {
        Some(t!(
            "Reading provisioning logs needs the permissions AuditLog.Read.All and Directory.Read.All, which syncdeck asks for only now, the first time you open the logs."
        ))
    } else if has("User.ReadBasic.All") {
        Some(t!(
            "Finding the user or group to provision needs the permissions User.ReadBasic.All and GroupMember.Read.All, which syncdeck asks for only now, the first time you look one up."
        ))
    } else if has("Synchronization.ReadWrite.All") {
        Some(t!(
            "Changing a job needs the permission Synchronization.ReadWrite.All, which syncdeck asks for only now, the first time you act."
        ))
    } else {
        None
    }
}

/// The "Sign in again" prompt: shown when a token needs an interactive call (expired sign-in,
/// consent to a write permission). The click runs the interactive call.
#[component]
pub fn SignInAgain(
    /// The session.
    session: MsalSession,
) -> impl IntoView {
    let need = session.needs_sign_in;
    let interacting = session.interacting;
    let failed = RwSignal::new(None::<msal::MsalError>);
    let again = {
        let session = session.clone();
        move |_| {
            if let Some(need) = need.get_untracked() {
                interact_then_reload(&session, need.scopes, "", failed);
            }
        }
    };
    view! {
        {move || need.get().map(|n| {
            let hint = hint_for_msal(&n.error.error_code);
            let why = consent_reason(&n.scopes);
            view! {
                <div class="sd-alert sd-alert--action" role="alert">
                    <p><strong>{hint.title}</strong> " " {hint.action} " " <code>{n.error.error_code.clone()}</code></p>
                    {why.map(|why| view! { <p>{why}</p> })}
                    <button type="button" class="sd-button sd-button--primary"
                        disabled=move || interacting.get() on:click=again.clone()>{t!("Sign in again")}</button>
                    {move || failed.get().map(msal_error_view)}
                </div>
            }
        })}
    }
}

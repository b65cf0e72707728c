//! The one extern block over `js/msal-shim.js`, and a typed facade above it. The shim returns
//! JSON strings and throws plain `{errorCode, message, interactionRequired}` objects.

use serde::Deserialize;

pub use syncdeck_core::MsalError;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/msal-shim.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn msal_start(config_json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    fn msal_state() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    fn msal_set_active(home_account_id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn msal_token_silent(scopes_json: &str, force_refresh: bool) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn msal_interactive(
        kind: &str,
        scopes_json: &str,
        prompt: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn msal_sign_out(kind: &str) -> Result<JsValue, JsValue>;
}

/// A signed-in account, as MSAL reports it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// MSAL's key of the account.
    pub home_account_id: String,
    /// The sign-in name (UPN).
    #[serde(default)]
    pub username: String,
    /// The display name.
    #[serde(default)]
    pub name: String,
    /// The tenant the account signed in to.
    #[serde(default)]
    pub tenant_id: String,
    /// True for the account tokens are asked for.
    #[serde(default)]
    pub active: bool,
}

/// The accounts MSAL knows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct MsalState {
    /// Every signed-in account.
    #[serde(default)]
    pub accounts: Vec<Account>,
}

impl MsalState {
    /// The account tokens are asked for.
    pub fn active(&self) -> Option<&Account> {
        self.accounts.iter().find(|a| a.active)
    }
}

fn to_error(e: JsValue) -> MsalError {
    let code = js_sys::Reflect::get(&e, &"errorCode".into())
        .ok()
        .and_then(|v| v.as_string());
    MsalError {
        error_code: code.unwrap_or_else(|| "unknown_error".into()),
        message: js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        interaction_required: js_sys::Reflect::get(&e, &"interactionRequired".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
    }
}

fn to_state(v: JsValue) -> MsalState {
    v.as_string()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

fn json(scopes: &[String]) -> String {
    serde_json::to_string(scopes).unwrap_or_else(|_| "[]".into())
}

/// `new PublicClientApplication(config)`, `initialize()`, `handleRedirectPromise()`.
pub async fn start(config_json: &str) -> Result<MsalState, MsalError> {
    msal_start(config_json)
        .await
        .map(to_state)
        .map_err(to_error)
}

/// The accounts now.
pub fn state() -> MsalState {
    msal_state().map(to_state).unwrap_or_default()
}

/// Makes another signed-in account the active one.
pub fn set_active(home_account_id: &str) -> MsalState {
    msal_set_active(home_account_id)
        .map(to_state)
        .unwrap_or_default()
}

/// A token for `scopes` without interaction.
pub async fn token_silent(scopes: &[String], force_refresh: bool) -> Result<String, MsalError> {
    msal_token_silent(&json(scopes), force_refresh)
        .await
        .map(|v| v.as_string().unwrap_or_default())
        .map_err(to_error)
}

/// An interactive sign-in or consent (popup or redirect); `prompt` e.g. `select_account`.
pub async fn interactive(
    popup: bool,
    scopes: &[String],
    prompt: &str,
) -> Result<MsalState, MsalError> {
    let kind = if popup { "popup" } else { "redirect" };
    msal_interactive(kind, &json(scopes), prompt)
        .await
        .map(to_state)
        .map_err(to_error)
}

/// Signs the active account out.
pub async fn sign_out(popup: bool) -> Result<MsalState, MsalError> {
    let kind = if popup { "popup" } else { "redirect" };
    msal_sign_out(kind).await.map(to_state).map_err(to_error)
}

//! The provisioning settings and schema panel of a job page, as a second WebAssembly module.
//!
//! The first load of syncdeck has a size ceiling (DESIGN.md, "Performance budgets") and trunk
//! 0.21 cannot split one wasm. This crate is built on its own by `cargo xtask build`
//! (`xtask/src/build.rs`) and fetched by the job page the first time its settings are opened
//! (`src/settings.rs`). It never talks to Graph itself: every request goes through the page's
//! `GraphClient` by the `bridge` function the page passes to [`mount`] (same token, same
//! budget, same retry rules), and it never holds a token.
//!
//! - [`connection`]: Test connection (validateCredentials with the saved credentials).
//! - [`form`]: the "Provisioning settings" region: read, merge, write of the secrets.
//! - [`schema_panel`]: the schema, read-only and searchable; download and restore.
//! - [`on_demand`]: provision on demand (issue 14, point 5): the job page's button and dialog.

pub mod bridge;
pub mod connection;
pub mod form;
pub mod on_demand;
pub mod schema_panel;

use bridge::{Bridge, Job};
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// Sets the language of what the module draws next: the page's language code and, for a
/// language other than English, its catalog file's text (`src/settings.rs` calls it before each
/// [`mount`]; a catalog already read is not read again).
#[wasm_bindgen]
pub fn set_language(code: String, catalog: Option<String>) {
    use syncdeck_i18n::{Catalog, Lang, install, keep};
    thread_local! {
        static READ: RefCell<Option<&'static Catalog>> = const { RefCell::new(None) };
    }
    let lang = Lang::from_tag(&code).unwrap_or_default();
    let catalog = match (lang, catalog) {
        (Lang::En, _) | (_, None) => None,
        (_, Some(text)) => READ.with(|r| {
            let mut r = r.borrow_mut();
            if r.is_none() {
                *r = Catalog::parse(&text).ok().map(keep);
            }
            *r
        }),
    };
    install(if catalog.is_some() { lang } else { Lang::En }, catalog);
}

/// Mounts the panel into `host`. `bridge(request_json) -> Promise<answer_json>` sends a Graph
/// request through the page (`src/settings.rs` says the format); `props` is the JSON
/// `{"part","spId","jobId","templateId","appName","open"}`, `part` being `"panel"` (the job
/// page's settings, Test connection and schema), `"backup"` (the Restart dialog's "Download
/// schema") or `"provision"` (the job page's "Provision on demand", its dialog opened at once
/// when `open` is true). Returns the function that unmounts it.
#[wasm_bindgen]
pub fn mount(host: web_sys::HtmlElement, bridge: js_sys::Function, props: String) -> JsValue {
    console_error_panic_hook::set_once();
    let job = Job::parse(&props);
    let bridge = Bridge::new(bridge);
    let backup = props.contains(r#""part":"backup""#);
    let provision = props.contains(r#""part":"provision""#);
    let open = props.contains(r#""open":true"#);
    let handle = leptos::mount::mount_to(host, move || {
        if provision {
            let state = on_demand::state::OnDemand::new(bridge.clone(), &job);
            return view! { <on_demand::ProvisionOnDemand state job=job.clone() open /> }
                .into_any();
        }
        if backup {
            return view! { <schema_panel::BackupOffer job=job.clone() bridge=bridge.clone() /> }
                .into_any();
        }
        view! {
            <div class="sd-settings__panel">
                <connection::Connection job=job.clone() bridge=bridge.clone() />
                <form::SettingsForm job=job.clone() bridge=bridge.clone() />
                <schema_panel::SchemaPanel job=job.clone() bridge=bridge.clone() />
            </div>
        }
        .into_any()
    });
    let handle = RefCell::new(Some(handle));
    Closure::once_into_js(move || drop(handle.borrow_mut().take()))
}

//! The job page's "Settings and schema" section: a host for the second WebAssembly module
//! (`crates/settings`), fetched the first time the admin opens the section.
//!
//! The first load has a size ceiling (DESIGN.md, "Performance budgets") and trunk 0.21 cannot
//! split a wasm, so `cargo xtask build` builds the panel on its own and compiles the app with the
//! module's hashed name (`xtask/src/build.rs`). The module never holds a token: each of its Graph
//! requests comes back here through the `bridge` and is sent by the page's [`GraphClient`], with
//! its budget, its retry rules and its least-privilege grants.

use crate::graph::{GraphClient, GraphFailure};
use js_sys::Promise;
use syncdeck_graph::hints::Operation;
use syncdeck_graph::request::{GraphRequest, Method};
use syncdeck_i18n::{t, tf};
use wasm_bindgen::prelude::*;

/// The module's base name (`settings-<hash>`), given by `cargo xtask build`; `None` in a build
/// without it (`cargo build`, the browser tests).
const MODULE: Option<&str> = option_env!("SYNCDECK_SETTINGS_MODULE");

// The element `<sd-settings data-part data-sp data-job data-template data-app>`: where the module draws one of its parts. It
// fetches the module when a part is first needed (the browser keeps the import), mounts the part,
// and unmounts it when the element leaves the page. A failure to load says so inside it. The
// job page's part ("panel") waits behind a disclosure button: nothing is fetched and no Graph
// request is sent (its reads ask for the write permission) until the admin opens it. The part
// "provision" is a placeholder "Provision on demand" button until its first click, which mounts
// the module's own button and dialog with `"open":true` (the dialog opens at once) and then
// removes the placeholder. The element's texts come in the chosen language from its `data-t-*`
// attributes ([`element`]) and are set as text, never as markup.
#[wasm_bindgen(inline_js = r#"
export function define_settings(name, bridge, language) {
  if (customElements.get("sd-settings")) return;
  customElements.define("sd-settings", class extends HTMLElement {
    connectedCallback() {
      const d = this.dataset;
      const mount = (host, open) => {
        const props = JSON.stringify({ part: d.part, spId: d.sp, jobId: d.job, templateId: d.template, appName: d.app, open });
        if (!name) { host.textContent = d.tMissing; return; }
        this.mounted = import(`/${name}.js`)
          .then((m) => m.default({ module_or_path: `/${name}_bg.wasm` }).then(() => { m.set_language(...language()); return m.mount(host, bridge, props); }))
          .catch((e) => { host.textContent = d.tFailed.replace("{error}", () => String(e)); });
      };
      if (d.part === "provision") {
        this.innerHTML = '<button type="button" class="sd-button"></button>';
        const b = this.firstChild;
        b.textContent = d.tProvision;
        return b.onclick = () => { b.onclick = null; mount(this, true); if (this.mounted) this.mounted.then(() => b.remove()); };
      }
      if (d.part !== "panel") return mount(this);
      this.innerHTML = '<section aria-labelledby="sd-settings-title"><h2 id="sd-settings-title"></h2><button type="button" class="sd-button" aria-expanded="false" aria-controls="sd-settings-panel"></button><div id="sd-settings-panel" hidden></div></section>';
      const [title, button, panel] = [this.querySelector("h2"), this.querySelector("button"), this.querySelector("div")];
      title.textContent = d.tHeading;
      button.textContent = d.tShow;
      button.onclick = () => {
        const open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", open);
        panel.hidden = !open;
        if (open && !this.mounted) mount(panel);
      };
    }
    disconnectedCallback() {
      const mounted = this.mounted;
      this.mounted = null;
      if (mounted) mounted.then((unmount) => unmount && unmount());
    }
  });
}
"#)]
extern "C" {
    fn define_settings(name: &str, bridge: &JsValue, language: &JsValue);
}

/// The markup of a `<sd-settings>` element for `part` (`"panel"`, `"backup"`, `"provision"`) of a
/// job, to set as `inner_html`. `job`: the service principal id, job id, template id and app name.
/// The texts the element shows itself (`data-t-*`) are in the chosen language.
pub fn element(part: &str, job: [&str; 4]) -> String {
    use syncdeck_graph::html::escape;
    let [sp, id, template, app] = job.map(escape);
    let missing = escape(&tf!(
        "This build has no settings module (build it with {command}).",
        command = "cargo xtask build"
    ));
    let failed = escape(t!("The settings module could not be loaded: {error}"));
    let heading = escape(t!("Settings and schema"));
    let show = escape(t!("Show settings and schema"));
    let provision = escape(t!("Provision on demand"));
    format!(
        r#"<sd-settings data-part="{part}" data-sp="{sp}" data-job="{id}" data-template="{template}" data-app="{app}" data-t-missing="{missing}" data-t-failed="{failed}" data-t-heading="{heading}" data-t-show="{show}" data-t-provision="{provision}"></sd-settings>"#
    )
}

/// The job page's "Provision on demand" (issue 14, point 5) for a job (`job` as for [`element`]):
/// the part `"provision"`, or, for a job kind that takes no on-demand request
/// (`syncdeck_graph::provision::source_of`: API-driven inbound), the button disabled with why.
pub fn provision(job: [&str; 4]) -> String {
    match syncdeck_graph::provision::source_of(job[2]) {
        syncdeck_graph::provision::Source::Unsupported(why) => {
            let label = syncdeck_graph::html::escape(t!("Provision on demand"));
            let why = syncdeck_graph::html::escape(why);
            format!(
                r#"<button type="button" class="sd-button" disabled aria-describedby="sd-pod-why">{label}</button> <span id="sd-pod-why">{why}</span>"#
            )
        }
        _ => element("provision", job),
    }
}

/// Defines `<sd-settings>` with the session's client as the module's way to Graph. Called once,
/// where the client is made (`src/app.rs`).
pub fn define(client: &GraphClient) {
    let client = client.clone();
    let bridge = Closure::<dyn Fn(String, String, String, u32) -> Promise>::new(
        move |method: String, path: String, body: String, op: u32| {
            let client = client.clone();
            wasm_bindgen_futures::future_to_promise(async move {
                answer(&client, &method, path, &body, op as usize)
                    .await
                    .map(JsValue::from)
                    .map_err(JsValue::from)
            })
        },
    );
    // The module draws in the page's language: its code and catalog, each time it mounts a part.
    let language = Closure::<dyn Fn() -> js_sys::Array>::new(|| {
        let code = JsValue::from_str(syncdeck_i18n::lang().code());
        let catalog = crate::i18n::catalog_text().map_or(JsValue::NULL, |t| JsValue::from_str(&t));
        js_sys::Array::of2(&code, &catalog)
    });
    define_settings(
        MODULE.unwrap_or_default(),
        &bridge.into_js_value(),
        &language.into_js_value(),
    );
}

/// One request of the module: its method, path, JSON body (empty for none) and operation (its
/// index in [`Operation::ALL`]), sent by the page's client. Resolves to the body of Graph's 2xx
/// answer. Rejects with Graph's error envelope plus `status` and `retryAfter` when Graph refused
/// (after the retries the policy allows), or with a sentence for a failure without an answer
/// from Graph (no token, cancelled).
async fn answer(
    client: &GraphClient,
    method: &str,
    path: String,
    body: &str,
    op: usize,
) -> Result<String, String> {
    let (Some(method), Some(op)) = (Method::parse(method), Operation::ALL.get(op)) else {
        return Err(t!("The settings module sent a request syncdeck does not know.").into());
    };
    let mut request = GraphRequest::new(method, path, *op);
    if let Ok(body) = serde_json::from_str(body) {
        request = request.with_json_body(body);
    }
    client.execute(&request, None).await.map_err(|f| match f {
        GraphFailure::Graph {
            error,
            retry_after_secs,
            ..
        } => {
            let mut envelope = error.to_envelope();
            envelope["status"] = error.status.into();
            envelope["retryAfter"] = retry_after_secs.into();
            envelope.to_string()
        }
        other => other.to_string(),
    })
}

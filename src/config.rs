//! The runtime configuration: loading `config.json` from the app's own origin. What makes it
//! valid (every field, named when wrong) is decided in `syncdeck_core::config`.

pub use syncdeck_core::config::*;

/// Fetches `/config.json` from the app's origin (never cached by the browser) and validates it.
#[cfg(target_arch = "wasm32")]
pub async fn load() -> Result<RuntimeConfig, ConfigError> {
    let resp = gloo_net::http::Request::get("/config.json")
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(|e| ConfigError::Unreachable(e.to_string()))?;
    if !resp.ok() {
        return Err(ConfigError::Unreachable(format!(
            "GET /config.json answered HTTP {}; deploy a config.json next to index.html",
            resp.status()
        )));
    }
    let text = resp
        .text()
        .await
        .map_err(|e| ConfigError::Unreachable(e.to_string()))?;
    parse_config(&text)
}

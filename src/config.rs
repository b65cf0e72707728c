//! The runtime configuration: loading `config.json` from the app's own origin, through the one
//! transport ([`crate::graph::transport`]). What makes it valid (every field, named when wrong)
//! is decided in `syncdeck_core::config`.

pub use syncdeck_core::config::*;

/// Fetches `/config.json` from the app's origin (never cached by the browser) and validates it.
pub async fn load() -> Result<RuntimeConfig, ConfigError> {
    use crate::graph::transport::{self, Request};
    let request = Request {
        url: "/config.json",
        method: "GET",
        no_cache: true,
        ..Request::default()
    };
    let answer = transport::send(&request)
        .await
        .map_err(|e| ConfigError::Unreachable(e.detail()))?;
    if !(200..300).contains(&answer.status) {
        return Err(ConfigError::Unreachable(syncdeck_i18n::tf!(
            "{request} answered HTTP {status}; deploy a {file} next to {page}",
            request = "GET /config.json",
            status = answer.status,
            file = "config.json",
            page = "index.html"
        )));
    }
    parse_config(&answer.body)
}

//! The runtime configuration: loading `config.json` from the app's own origin, through the one
//! transport ([`crate::graph::transport`]). What makes it valid (every field, named when wrong)
//! is decided in `syncdeck_core::config`.

pub use syncdeck_core::config::*;

/// Fetches `/config.json` from the app's origin (never cached by the browser) and validates it.
pub async fn load() -> Result<RuntimeConfig, ConfigError> {
    use crate::graph::transport::{self, Request, SendError};
    let request = Request {
        url: "/config.json",
        method: "GET",
        no_cache: true,
        ..Request::default()
    };
    let answer = transport::send(&request).await.map_err(|e| {
        ConfigError::Unreachable(match e {
            SendError::Network(detail) => detail,
            SendError::Aborted => "cancelled".into(),
        })
    })?;
    if !(200..300).contains(&answer.status) {
        return Err(ConfigError::Unreachable(format!(
            "GET /config.json answered HTTP {}; deploy a config.json next to index.html",
            answer.status
        )));
    }
    parse_config(&answer.body)
}

//! The HTTP surface: Graph under `/v1.0` and `/beta`, admin endpoints under
//! `/_emulator`, and the single-page app (with `/config.json`) everywhere else.

pub mod admin;
pub mod batch;
pub mod directory;
pub mod graph;
pub mod jobs;
pub mod log_filter;
pub mod logs;
pub mod on_demand;
pub mod on_demand_result;
pub mod paging;
pub mod pipeline;
pub mod secrets;
pub mod select;
pub mod service_principals;
pub mod site;

use std::convert::Infallible;
use std::future::Future;

use axum::Router;
use axum::extract::Request;
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use axum::routing::get;
use tower::ServiceExt;

use crate::reqlog;
use crate::state::AppState;

/// The API versions served, as path prefixes.
pub const VERSIONS: [&str; 2] = ["v1.0", "beta"];

/// What follows the version of a Graph path (`/v1.0` or `/beta`, or anything below them):
/// `""` for the version itself, `/servicePrincipals` for `/v1.0/servicePrincipals`; `None` for
/// any other path.
pub fn version_relative(path: &str) -> Option<&str> {
    VERSIONS.iter().find_map(|v| {
        path.strip_prefix('/')
            .and_then(|p| p.strip_prefix(v))
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// Whether `path` is a Graph path ([`version_relative`]).
/// Everything else belongs to the app (history routing falls back to `index.html`).
pub fn is_graph_path(path: &str) -> bool {
    version_relative(path).is_some()
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    let mut app = Router::new();
    for version in VERSIONS {
        app = app.nest(
            &format!("/{version}"),
            graph::router(version, state.clone()),
        );
    }
    app.nest("/_emulator", admin::router())
        .route("/config.json", get(site::config_json))
        .fallback_service(fallback(state.clone()))
        .layer(from_fn_with_state(state.clone(), site::site_headers))
        .layer(from_fn_with_state(state.clone(), reqlog::record))
        .with_state(state)
}

/// What no route matched: Graph's 404 envelope for Graph paths that slipped
/// past the nested routers (such as `/v1.0/`), the app for everything else.
fn fallback(
    state: AppState,
) -> impl tower::Service<
    Request,
    Response = Response,
    Error = Infallible,
    Future = impl Future<Output = Result<Response, Infallible>> + Send,
> + Clone
+ Send
+ Sync
+ 'static {
    let graph_404: Router = Router::new()
        .fallback(graph::unknown_route)
        .layer(from_fn_with_state(state.clone(), pipeline::graph))
        .with_state(state.clone());
    let site: Router = match state.options().dist.as_deref() {
        Some(dist) => Router::new().fallback_service(site::serve_dist(dist)),
        None => Router::new().fallback(site::no_dist),
    };
    tower::service_fn(move |req: Request| {
        let target = if is_graph_path(req.uri().path()) {
            graph_404.clone()
        } else {
            site.clone()
        };
        target.oneshot(req)
    })
}

#[cfg(test)]
mod tests {
    use super::{is_graph_path, version_relative};

    #[test]
    fn graph_paths_are_the_version_prefixes_only() {
        for p in ["/v1.0", "/v1.0/", "/v1.0/servicePrincipals", "/beta/x/y"] {
            assert!(is_graph_path(p), "{p}");
        }
        for p in [
            "/",
            "/v1.0x",
            "/betamax",
            "/servicePrincipals/x",
            "/config.json",
            "/v1",
        ] {
            assert!(!is_graph_path(p), "{p}");
        }
    }

    #[test]
    fn paths_lose_their_version_prefix_only() {
        assert_eq!(
            version_relative("/v1.0/servicePrincipals"),
            Some("/servicePrincipals")
        );
        assert_eq!(
            version_relative("/beta/auditLogs/provisioning"),
            Some("/auditLogs/provisioning")
        );
        assert_eq!(version_relative("/v1.0"), Some(""));
        assert_eq!(version_relative("/v1.0x/servicePrincipals"), None);
        assert_eq!(version_relative("/servicePrincipals"), None);
    }
}

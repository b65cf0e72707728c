//! Provision on demand's one way to Graph: each request (the job's schema, the directory
//! lookups and the provisionOnDemand write, all built by `syncdeck_graph::provision` and
//! `syncdeck_graph::request`) goes through the page's client by the [`Bridge`], so every
//! provisionOnDemand attempt passes the page's pacer (`src/graph/send.rs`: 5 per 10 s) and, being
//! a write, is retried only after a 429.

use crate::bridge::{Bridge, Failed};
use syncdeck::graph::GraphFailure;
use syncdeck_graph::request::RequestError;
use syncdeck_graph::{GraphRequest, ParseError};

/// A directory object looked up: found, or not there (404 `Request_ResourceNotFound`).
pub type Lookup<T> = Result<Option<T>, Failed>;

/// The answer's body, handed to the caller.
pub type Done = Box<dyn FnOnce(Result<String, Failed>)>;

/// A body that could not be read.
pub fn unreadable(e: ParseError) -> Failed {
    Failed::Graph(GraphFailure::Unreadable(e.to_string()))
}

/// A lookup's answer read by `parse`: `Ok(None)` for a 404.
pub fn lookup<T>(
    answer: Result<String, Failed>,
    parse: fn(&str) -> Result<T, ParseError>,
) -> Lookup<T> {
    match answer {
        Ok(body) => parse(&body).map(Some).map_err(unreadable),
        Err(e) if e.status() == Some(404) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Sends `request` in the background and hands the body of its answer (or the failure) to
/// `done`: one future for every call of the feature, not one state machine per call
/// (kilobytes of WebAssembly each).
pub fn send_then(bridge: &Bridge, request: Result<GraphRequest, RequestError>, done: Done) {
    let bridge = bridge.clone();
    wasm_bindgen_futures::spawn_local(async move {
        done(match request {
            Ok(r) => bridge.send(&r).await,
            Err(e) => Err(Failed::Graph(GraphFailure::Request(e))),
        })
    });
}

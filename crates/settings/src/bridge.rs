//! The panel's way to Graph: each request goes to the page (`src/settings.rs`), which sends it
//! with its own client and gives the answer back as JSON.

use js_sys::{Function, Promise};
use leptos::prelude::*;
use serde_json::Value;
use syncdeck::graph::GraphFailure;
use syncdeck_graph::error::GraphError;
use syncdeck_graph::hints::Operation;
use syncdeck_graph::request::GraphRequest;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The job the panel is about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Job {
    /// The service principal id.
    pub sp_id: String,
    /// The job id.
    pub job_id: String,
    /// The job's template id.
    pub template_id: String,
    /// The app's name.
    pub app_name: String,
}

impl Job {
    /// From the page's props JSON (missing members read as empty).
    pub fn parse(props: &str) -> Job {
        let v: Value = serde_json::from_str(props).unwrap_or_default();
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        Job {
            sp_id: s("spId"),
            job_id: s("jobId"),
            template_id: s("templateId"),
            app_name: s("appName"),
        }
    }
}

/// Why a request failed.
#[derive(Debug, Clone)]
pub enum Failed {
    /// Graph refused (or did not answer), after the retries the page's policy allows.
    Graph(GraphFailure),
    /// No answer from Graph for another reason (no token, a broken bridge).
    Other(String),
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failed::Graph(failure) => failure.fmt(f),
            Failed::Other(message) => f.write_str(message),
        }
    }
}

impl Failed {
    /// The HTTP status Graph answered, when it did.
    pub fn status(&self) -> Option<u16> {
        match self {
            Failed::Graph(f) => f.status(),
            Failed::Other(_) => None,
        }
    }
}

/// The failure in full: Graph's error with its hint and ids, or the sentence.
pub fn failure_view(failed: Failed, template_id: String) -> AnyView {
    match failed {
        Failed::Graph(failure) => view! {
            <syncdeck::components::error_view::GraphFailureDetails failure template_id />
        }
        .into_any(),
        Failed::Other(message) => view! { <p>{message}</p> }.into_any(),
    }
}

/// The page's send function.
#[derive(Clone)]
pub struct Bridge(send_wrapper::SendWrapper<Function>);

impl Bridge {
    /// Wraps the page's function.
    pub fn new(f: Function) -> Bridge {
        Bridge(send_wrapper::SendWrapper::new(f))
    }

    /// Sends `request` through the page; the body of Graph's 2xx answer, or why not.
    pub async fn send(&self, request: &GraphRequest) -> Result<String, Failed> {
        let op = Operation::ALL
            .iter()
            .position(|o| *o == request.operation)
            .unwrap_or(usize::MAX);
        let body = request
            .body
            .as_ref()
            .map(Value::to_string)
            .unwrap_or_default();
        let args = js_sys::Array::of4(
            &request.method.as_str().into(),
            &request.path.as_str().into(),
            &body.into(),
            &(op as u32).into(),
        );
        let promise = self
            .0
            .apply(&JsValue::NULL, &args)
            .map_err(|e| Failed::Other(format!("{e:?}")))?;
        match JsFuture::from(Promise::resolve(&promise)).await {
            Ok(body) => Ok(body.as_string().unwrap_or_default()),
            Err(why) => Err(read_refusal(
                &why.as_string().unwrap_or_default(),
                request.operation,
            )),
        }
    }
}

/// Reads the page's refusal (`src/settings.rs`, `answer`): Graph's envelope with `status` and
/// `retryAfter`, or a sentence.
pub fn read_refusal(why: &str, operation: Operation) -> Failed {
    let v: Value = serde_json::from_str(why).unwrap_or_default();
    match v["status"].as_u64() {
        Some(status) => Failed::Graph(GraphFailure::Graph {
            error: GraphError::from_response(status as u16, why),
            operation,
            retry_after_secs: v["retryAfter"].as_u64(),
        }),
        None if why.is_empty() => {
            Failed::Other(syncdeck_i18n::t!("The page did not answer the request.").into())
        }
        None => Failed::Other(why.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_read_back() {
        let e = GraphError::from_response(
            403,
            r#"{"error":{"code":"Authorization_RequestDenied","message":"no","innerError":{"request-id":"r"}}}"#,
        );
        let mut envelope = e.to_envelope();
        envelope["status"] = 403.into();
        envelope["retryAfter"] = Value::Null;
        match read_refusal(&envelope.to_string(), Operation::GetSecrets) {
            Failed::Graph(f) => {
                assert_eq!(f.graph_error(), Some(&e));
                assert_eq!(f.status(), Some(403));
            }
            other => panic!("{other:?}"),
        }
        match read_refusal(
            "sign-in needed (interaction_required)",
            Operation::GetSecrets,
        ) {
            Failed::Other(m) => assert_eq!(m, "sign-in needed (interaction_required)"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_refusal("", Operation::GetSchema),
            Failed::Other(_)
        ));
    }

    #[test]
    fn props_read_and_default() {
        let job = Job::parse(r#"{"spId":"s","jobId":"scim.1","templateId":"scim","appName":"A"}"#);
        assert_eq!(job.template_id, "scim");
        assert_eq!(Job::parse("nope"), Job::default());
    }
}

//! The one place a request leaves the app: [`send`], the browser's `fetch` with nothing added.
//! The Graph client adds the token, the `client-request-id` and its retry rules on top
//! (`super::GraphClient`); `config.json` is loaded through it too (`crate::config::load`).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// One HTTP request.
#[derive(Debug, Clone, Default)]
pub struct Request<'a> {
    /// The absolute (or origin-relative) URL.
    pub url: &'a str,
    /// `GET`, `POST`, …
    pub method: &'a str,
    /// Header names and values.
    pub headers: Vec<(&'a str, &'a str)>,
    /// The body, if any.
    pub body: Option<&'a str>,
    /// Aborts the request (leaving the page).
    pub signal: Option<&'a web_sys::AbortSignal>,
    /// Bypass the browser's HTTP cache (`cache: "no-cache"`).
    pub no_cache: bool,
}

/// An HTTP answer, whatever its status.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// The body as text.
    pub body: String,
    /// The `request-id` header, if readable.
    pub request_id: Option<String>,
    /// The `client-request-id` header, if readable.
    pub client_request_id: Option<String>,
    /// The `Retry-After` header, if CORS lets the browser read it.
    pub retry_after: Option<String>,
}

/// A request that got no HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Its abort signal fired.
    Aborted,
    /// No answer (network error, CORS, a refused request), with the browser's words.
    Network(String),
}

impl SendError {
    /// Why no answer came, in words: the browser's, or "cancelled".
    pub fn detail(self) -> String {
        match self {
            SendError::Network(detail) => detail,
            SendError::Aborted => syncdeck_i18n::t!("cancelled").into(),
        }
    }
}

/// Sends `request` once and reads its whole answer.
pub async fn send(request: &Request<'_>) -> Result<RawResponse, SendError> {
    let aborted = || request.signal.is_some_and(|s| s.aborted());
    let failed = |e: JsValue| {
        if aborted() {
            SendError::Aborted
        } else {
            SendError::Network(describe(&e))
        }
    };
    let init = web_sys::RequestInit::new();
    init.set_method(request.method);
    let headers = web_sys::Headers::new().map_err(failed)?;
    for (name, value) in &request.headers {
        headers.set(name, value).map_err(failed)?;
    }
    init.set_headers(&headers);
    if let Some(body) = request.body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_signal(request.signal);
    if request.no_cache {
        init.set_cache(web_sys::RequestCache::NoCache);
    }
    let window = web_sys::window().ok_or_else(|| SendError::Network("no window".into()))?;
    let fetch = web_sys::Request::new_with_str_and_init(request.url, &init)
        .map(|r| window.fetch_with_request(&r))
        .map_err(failed)?;
    let response: web_sys::Response = JsFuture::from(fetch)
        .await
        .map_err(failed)?
        .unchecked_into();
    let text = response.text().map_err(failed)?;
    let body = JsFuture::from(text).await.map_err(failed)?;
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    Ok(RawResponse {
        status: response.status(),
        body: body.as_string().unwrap_or_default(),
        request_id: header("request-id"),
        client_request_id: header("client-request-id"),
        // Readable only when the server lists it in Access-Control-Expose-Headers.
        retry_after: header("retry-after"),
    })
}

/// The browser's words for a failed `fetch`: `TypeError: Failed to fetch`.
fn describe(e: &JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(error) => format!("{}: {}", error.name(), error.message()),
        None => e.as_string().unwrap_or_else(|| "fetch failed".into()),
    }
}

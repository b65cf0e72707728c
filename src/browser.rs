//! The browser, in one module: the clock and timers, random ids, `localStorage`, the tab's
//! visibility, the location, downloads, DOM measurement and focus, and aborting requests. The
//! rest of the app asks these functions and never `web_sys` for such things (the `fetch` of
//! the app is `graph::transport`, MSAL's is `auth::msal`).

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Now, in Unix milliseconds.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Waits `ms` milliseconds (a `setTimeout` promise).
pub async fn sleep_ms(ms: u64) {
    let ms = ms.min(i32::MAX as u64) as i32;
    let promise = js_sys::Promise::new(&mut |resolve, _| match web_sys::window() {
        Some(w) => {
            if w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .is_err()
            {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            }
        }
        None => {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A fresh GUID (the `client-request-id` header, which support can correlate).
pub fn random_uuid() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}", (js_sys::Math::random() * 1e16) as u64))
}

/// A random number in `[0, 1)` (`Math.random`, for the retry policy's jitter).
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// A signal of "now" (Unix ms) that ticks every second while the calling component lives
/// ("updated 5 s ago").
pub fn clock() -> RwSignal<i64> {
    let now = RwSignal::new(now_ms());
    if let Ok(tick) = set_interval_with_handle(
        move || {
            now.try_set(now_ms());
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || tick.clear());
    }
    now
}

/// Runs `f` after the next paint: in a timer set in the next animation frame, so the frame
/// painted first and `f`'s work lands in the frames after.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(f, Duration::ZERO));
}

/// Runs `load` in the background and holds its result: `None` until it is in. (A plain signal,
/// not a resource: nothing suspends, and a later change of what it shows happens in place.)
pub fn loaded<T: Send + Sync + 'static>(
    load: impl std::future::Future<Output = T> + 'static,
) -> RwSignal<Option<T>> {
    let value = RwSignal::new(None);
    wasm_bindgen_futures::spawn_local(async move {
        let v = load.await;
        value.try_set(Some(v));
    });
    value
}

/// Aborts its requests when dropped (leaving the page).
pub struct AbortOnDrop(Option<web_sys::AbortController>);

impl AbortOnDrop {
    /// A new abort controller.
    pub fn new() -> AbortOnDrop {
        AbortOnDrop(web_sys::AbortController::new().ok())
    }

    /// The signal its requests carry.
    pub fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(|c| c.signal())
    }
}

/// A signal that aborts the requests carrying it when the current reactive owner is cleaned up
/// (the page or the component is left).
pub fn abort_on_cleanup() -> Option<web_sys::AbortSignal> {
    let handle = AbortOnDrop::new();
    let signal = handle.signal();
    let handle = send_wrapper::SendWrapper::new(handle);
    leptos::prelude::on_cleanup(move || drop(handle));
    signal
}

impl Default for AbortOnDrop {
    fn default() -> Self {
        AbortOnDrop::new()
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(c) = self.0.take() {
            c.abort();
        }
    }
}

/// True while the tab is hidden (`document.hidden`): nothing is sent by itself then.
pub fn tab_hidden() -> bool {
    document().is_some_and(|d| d.hidden())
}

/// The value stored under `key` in `localStorage`, when storage is on.
pub fn stored(key: &str) -> Option<String> {
    local_storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Stores `value` under `key` in `localStorage`, when storage is on.
pub fn store(key: &str, value: &str) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(key, value);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The page's origin, `https://admin.contoso.com`.
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Reloads the page.
pub fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// `encodeURIComponent`.
pub fn encode_uri_component(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// Offers `text` as a download named `name` of type `mime` (a Blob URL, revoked right after).
pub fn download(text: &str, name: &str, mime: &str) {
    let _ = try_download(text, name, mime);
}

fn try_download(text: &str, name: &str, mime: &str) -> Option<()> {
    let document = document()?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    document.body()?.append_child(&anchor).ok()?;
    anchor.click();
    anchor.remove();
    web_sys::Url::revoke_object_url(&url).ok()
}

/// Where an element is: its top edge in the page (not the viewport), and the viewport's height
/// and scroll position, in CSS pixels; `None` for an element off the page.
pub fn measure(el: &web_sys::HtmlElement) -> Option<Placement> {
    if !el.is_connected() {
        return None;
    }
    let w = web_sys::window()?;
    let mut top = 0.0;
    let mut at = Some(el.clone());
    while let Some(e) = at {
        top += f64::from(e.offset_top());
        at = e
            .offset_parent()
            .and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok());
    }
    Some(Placement {
        top,
        viewport_height: w
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0),
        scrolled: w.scroll_y().unwrap_or(0.0),
    })
}

/// An element's place, from [`measure`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Its top edge from the top of the page (px).
    pub top: f64,
    /// The viewport's height (px).
    pub viewport_height: f64,
    /// How far the page is scrolled down (px).
    pub scrolled: f64,
}

/// Moves the focus to the first element matching `selector`, if there is one.
pub fn focus(selector: &str) {
    let el = document()
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

/// Keeps the keyboard focus inside `container` across a re-render that moves its children (a
/// keyed list re-sorted, `src/pages/fleet.rs`): the browser drops the focus of a node it moves,
/// and a keyboard user would start again from the top of the page. Called just before such a
/// re-render: if the focus is inside `container` now and has fallen to the page by the next
/// frame while its element is still there, the element gets it back, or, when it can no longer
/// take it (a button the job's new state disabled), the first enabled button beside it (the
/// card's first allowed action, as `src/components/job_actions.rs` does when no card moves).
/// In JS because its web-sys form cost 0.2 KB more of the first load.
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function keep_focus_in(box) {
  const el = document.activeElement;
  if (!el || el === box || !box.contains(el)) return;
  requestAnimationFrame(() => {
    const now = document.activeElement;
    if ((now && now !== document.body) || !el.isConnected) return;
    el.focus();
    if (document.activeElement !== el) el.parentElement.querySelector("button:not([disabled])")?.focus();
  });
}
"#)]
extern "C" {
    pub fn keep_focus_in(container: &web_sys::Element);
}

/// True when `el` has the keyboard focus.
pub fn has_focus(el: &web_sys::Element) -> bool {
    document()
        .and_then(|d| d.active_element())
        .is_some_and(|a| a.is_same_node(Some(el)))
}

/// Sets attribute `name` of `el` to `value`, or removes it for `None` (for an element the view
/// built once and an effect keeps up to date).
pub fn set_attribute(el: &web_sys::Element, name: &str, value: Option<&str>) {
    let _ = match value {
        Some(v) => el.set_attribute(name, v),
        None => el.remove_attribute(name),
    };
}

/// Sets the text of the element whose id is `id`, if it is on the page.
pub fn set_text(id: &str, text: &str) {
    if let Some(el) = document().and_then(|d| d.get_element_by_id(id)) {
        el.set_text_content(Some(text));
    }
}

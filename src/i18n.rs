//! The app's language: chosen from the browser's languages at first, then by the header's
//! picker; remembered (the language code only, under [`STORAGE_KEY`]); `<html lang>` follows it.
//!
//! English is compiled in (its texts are the code's literals, `crates/i18n`). Another language's
//! catalog is a content-hashed JSON file that `cargo xtask build` writes next to `index.html`
//! (`xtask/src/build.rs`, `SYNCDECK_CATALOG_ZH_CN`), fetched from the app's own origin the first
//! time that language is needed, under the same Content-Security-Policy (`connect-src 'self'`).
//!
//! Switching does not reload: the catalog is installed, then [`Language::lang`] changes, and
//! the header and each page's markup ([`redraw`]; the job page's content tracks it with
//! [`Language::track`]) draw again from the state they keep, so the scan, the cards and the
//! filters stay as they are.

use crate::graph::transport::{self, Request};
use leptos::prelude::*;
use std::cell::RefCell;
use syncdeck_i18n::{Catalog, Lang, t, tf};

/// Where the chosen language's code is remembered (nothing else is stored for it).
pub const STORAGE_KEY: &str = "syncdeck.lang";

/// The Chinese catalog's file name, given by `cargo xtask build`; `None` in a build without it
/// (`cargo build`, the browser tests): Chinese is then not offered.
const ZH_CN_CATALOG: Option<&str> = option_env!("SYNCDECK_CATALOG_ZH_CN");

thread_local! {
    // A catalog read once stays for the page's life: switching back needs no new fetch.
    static LOADED: RefCell<Option<(&'static Catalog, String)>> = const { RefCell::new(None) };
}

/// The languages this build can show: English, and Chinese when its catalog was built.
pub fn offered() -> Vec<Lang> {
    Lang::ALL
        .into_iter()
        .filter(|l| *l == Lang::En || ZH_CN_CATALOG.is_some())
        .collect()
}

/// The language to start in: the remembered choice, else the first of the browser's languages
/// the app speaks, else English.
pub fn initial() -> Lang {
    let offered = offered();
    let remembered = crate::browser::stored(STORAGE_KEY).and_then(|c| Lang::from_tag(&c));
    if let Some(lang) = remembered.filter(|l| offered.contains(l)) {
        return lang;
    }
    let tags: Vec<String> = web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default();
    let lang = Lang::first_spoken(tags.iter().map(String::as_str));
    if offered.contains(&lang) {
        lang
    } else {
        Lang::En
    }
}

/// Installs `lang` (fetching its catalog the first time) and sets `<html lang>`. An error says
/// why the language could not be shown; English is then kept.
pub async fn switch_to(lang: Lang) -> Result<(), String> {
    if lang == Lang::En {
        syncdeck_i18n::install(Lang::En, None);
        set_html_lang(Lang::En);
        return Ok(());
    }
    let catalog = match LOADED.with(|l| l.borrow().as_ref().map(|(c, _)| *c)) {
        Some(c) => c,
        None => {
            let (catalog, text) = fetch(lang).await?;
            let kept = syncdeck_i18n::keep(catalog);
            LOADED.with(|l| *l.borrow_mut() = Some((kept, text)));
            kept
        }
    };
    syncdeck_i18n::install(lang, Some(catalog));
    set_html_lang(lang);
    Ok(())
}

/// The catalog file's text of the language in use, for the settings module (`src/settings.rs`):
/// `None` in English.
pub fn catalog_text() -> Option<String> {
    if syncdeck_i18n::lang() == Lang::En {
        return None;
    }
    LOADED.with(|l| l.borrow().as_ref().map(|(_, t)| t.clone()))
}

async fn fetch(lang: Lang) -> Result<(Catalog, String), String> {
    let name = match lang {
        Lang::ZhCn => ZH_CN_CATALOG,
        Lang::En => None,
    }
    .ok_or_else(|| {
        tf!(
            "This build has no {language} texts.",
            language = lang.native_name()
        )
    })?;
    let url = format!("/{name}");
    let request = Request {
        url: &url,
        method: "GET",
        ..Request::default()
    };
    let answer = transport::send(&request).await.map_err(|e| {
        tf!(
            "The {language} texts could not be loaded: {detail}",
            language = lang.native_name(),
            detail = e.detail()
        )
    })?;
    if !(200..300).contains(&answer.status) {
        return Err(tf!(
            "The {language} texts could not be loaded: HTTP {status}.",
            language = lang.native_name(),
            status = answer.status
        ));
    }
    let catalog = Catalog::parse(&answer.body).map_err(|e| {
        tf!(
            "The {language} texts could not be loaded: {detail}",
            language = lang.native_name(),
            detail = e
        )
    })?;
    Ok((catalog, answer.body))
}

fn set_html_lang(lang: Lang) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// The language in context: what the views track to draw again in a new language.
#[derive(Clone, Copy)]
pub struct Language {
    /// The language shown.
    pub lang: RwSignal<Lang>,
    /// Why the last language asked for could not be shown, if it could not.
    pub error: RwSignal<Option<String>>,
}

impl Language {
    /// Provides the language `lang` (already installed) to the views below.
    pub fn provide(lang: Lang) -> Language {
        let language = Language {
            lang: RwSignal::new(lang),
            error: RwSignal::new(None),
        };
        provide_context(language);
        language
    }

    /// Makes the calling view draw again when the language changes (a no-op outside the app).
    pub fn track() {
        if let Some(l) = use_context::<Language>() {
            l.lang.track();
        }
    }

    /// Switches to `lang` at the admin's request: remembered, installed, then shown.
    pub fn choose(self, lang: Lang) {
        crate::browser::store(STORAGE_KEY, lang.code());
        wasm_bindgen_futures::spawn_local(async move {
            match switch_to(lang).await {
                Ok(()) => {
                    self.error.set(None);
                    self.lang.set(lang);
                    // The header was drawn again: the picker keeps the focus.
                    request_animation_frame(|| {
                        if let Some(el) =
                            document().get_element_by_id("sd-language").and_then(|e| {
                                wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()
                            })
                        {
                            let _ = el.focus();
                        }
                    });
                }
                Err(e) => {
                    self.error.set(Some(e));
                    // The picker shows the language still in use.
                    self.lang.update(|_| {});
                }
            }
        });
    }
}

/// The header's language picker: a select named "Language", each language in its own name.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let language = expect_context::<Language>();
    let offered = offered();
    (offered.len() > 1).then(|| {
        let current = language.lang.get_untracked();
        view! {
            <span class="sd-language">
                <label for="sd-language">{t!("Language")}</label>
                <select
                    id="sd-language"
                    on:change=move |ev| {
                        if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
                            language.choose(lang);
                        }
                    }
                >
                    {offered
                        .into_iter()
                        .map(|l| {
                            view! {
                                <option value=l.code() lang=l.code() selected=l == current>
                                    {l.native_name()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                {move || language.error.get().map(|e| view! { <span class="sd-language__error" role="alert">{e}</span> })}
            </span>
        }
    })
}

/// Draws `draw`'s view, and draws it anew in a new language: the old view is taken down (its
/// components disposed) and the new one built, never patched. (A `move ||` view would be
/// patched in place, which compiles a second, "rebuild" path for every element of the view:
/// kilobytes of wasm for each page; a fresh build reuses the path the first draw needs anyway.)
/// The state the caller keeps outside `draw` (a page's scan, its filters) is untouched.
///
/// The view lives in a `display: contents` element, so the layout is the view's own.
pub fn redraw<V>(draw: impl Fn() -> V + 'static) -> impl IntoView
where
    V: IntoView + 'static,
{
    use leptos::tachys::view::{Mountable, Render};
    // Only the build is per view; the drawing below is one function for all of them.
    redraw_built(Box::new(move || {
        Box::new(untrack(|| draw().into_view().build())) as Box<dyn Mountable>
    }))
}

fn redraw_built(build: Box<dyn Fn() -> Box<dyn leptos::tachys::view::Mountable>>) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let lang = use_context::<Language>().map(|l| l.lang);
    host.on_load(move |el| {
        let effect = RenderEffect::new(
            move |prev: Option<Box<dyn leptos::tachys::view::Mountable>>| {
                if let Some(lang) = lang {
                    lang.track();
                }
                // The previous draw's components were disposed when this run began.
                if let Some(mut old) = prev {
                    old.unmount();
                }
                let mut state = build();
                state.mount(&el, None);
                state
            },
        );
        let effect = send_wrapper::SendWrapper::new(effect);
        on_cleanup(move || drop(effect));
    });
    view! { <div class="sd-redraw" node_ref=host></div> }
}

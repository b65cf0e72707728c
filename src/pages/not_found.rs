//! Any path that is not a route.

use crate::routes::AppRoute;
use leptos::prelude::*;
use syncdeck_i18n::t;

/// "Not found", with a way back to the fleet.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    crate::i18n::redraw(move || {
        view! {
            <section class="sd-notfound" aria-labelledby="sd-notfound-title">
                <h2 id="sd-notfound-title">{t!("Page not found")}</h2>
                <p>{t!("There is nothing at this address. ")} <a href=AppRoute::Fleet.path()>{t!("Go to all provisioning jobs")}</a></p>
            </section>
        }
    })
}

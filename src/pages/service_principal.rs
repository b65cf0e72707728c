//! The app page (`/servicePrincipals/{spId}`): one service principal, its jobs and its templates.

use crate::components::error_view::GraphFailureDetails;
use crate::components::status_card::StatusCard;
use crate::config::RuntimeConfig;
use crate::graph::GraphClient;
use crate::routes::AppRoute;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use syncdeck_graph::fleet::entra_admin_center_url;

/// The app page.
#[component]
pub fn ServicePrincipalPage() -> impl IntoView {
    let client = expect_context::<GraphClient>();
    let config = expect_context::<RuntimeConfig>();
    let params = use_params_map();
    let sp_id = move || params.read().get("sp_id").unwrap_or_default();

    let data = LocalResource::new(move || {
        let client = client.clone();
        let id = sp_id();
        async move {
            let (sp, jobs, templates) = futures::join!(
                client.service_principal(&id, None),
                client.jobs(&id, None),
                client.templates(&id, None),
            );
            (sp, jobs, templates)
        }
    });

    view! {
        <nav class="sd-crumbs" aria-label="Breadcrumb">
            <a href=AppRoute::Fleet.path()>"All provisioning jobs"</a>
        </nav>
        <Suspense fallback=|| view! { <p class="sd-loading" role="status">"Loading the app…"</p> }>
            {move || data.get().map(|(sp, jobs, templates)| {
                let id = sp_id();
                let name = match &sp {
                    Ok(sp) => sp.name().to_string(),
                    Err(_) => id.clone(),
                };
                let app_id = sp.as_ref().ok().and_then(|s| s.app_id.clone());
                let entra = entra_admin_center_url(config.cloud, &id, app_id.as_deref());
                let now_ms = js_sys::Date::now() as i64;
                view! {
                    <section class="sd-app" aria-labelledby="sd-app-title">
                        <h1 id="sd-app-title">{name.clone()}</h1>
                        <p class="sd-app__ids">
                            "Service principal " <code>{id.clone()}</code>
                            {app_id.map(|a| view! { " · application " <code>{a}</code> })}
                            " · " <a href=entra rel="noopener noreferrer" target="_blank">"Open in the Entra admin center"</a>
                        </p>
                        {sp.err().map(|e| view! { <div class="sd-alert" role="alert"><GraphFailureDetails failure=e /></div> })}
                        <h2>"Provisioning jobs"</h2>
                        {match jobs {
                            Ok(jobs) if jobs.is_empty() => view! {
                                <p>"This app has no provisioning job."</p>
                            }.into_any(),
                            Ok(jobs) => view! {
                                <div class="sd-fleet__cards">
                                    {jobs.into_iter().map(|job| view! {
                                        <StatusCard app_name=name.clone() sp_id=id.clone() job=job now_ms=now_ms />
                                    }).collect_view()}
                                </div>
                            }.into_any(),
                            Err(e) => view! { <div class="sd-alert" role="alert"><GraphFailureDetails failure=e /></div> }.into_any(),
                        }}
                        <h2>"Templates"</h2>
                        {match templates {
                            Ok(t) if t.is_empty() => view! { <p>"No provisioning template: this app can't provision."</p> }.into_any(),
                            Ok(t) => view! {
                                <ul class="sd-templates">
                                    {t.into_iter().map(|t| view! {
                                        <li>
                                            <strong>{t.id.clone()}</strong>
                                            {t.default.then_some(" (default)")}
                                            {t.factory_tag.clone().map(|f| view! { " · " <code>{f}</code> })}
                                            {t.description.clone().map(|d| view! { <p>{d}</p> })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => view! { <div class="sd-alert" role="alert"><GraphFailureDetails failure=e /></div> }.into_any(),
                        }}
                    </section>
                }
            })}
        </Suspense>
    }
}

//! The app page (`/servicePrincipals/{spId}`): one service principal, its jobs and its templates.

use crate::actions::Actions;
use crate::components::error_view::GraphFailureDetails;
use crate::components::new_job::NewJob;
use crate::components::status_card::StatusCard;
use crate::config::RuntimeConfig;
use crate::graph::GraphClient;
use crate::routes::AppRoute;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use syncdeck_core::AppJob;
use syncdeck_graph::ServicePrincipal;
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

    // What comes next after a create; outside the reloading part so it stays.
    let next_step = RwSignal::new(None::<String>);
    // An action on one of this app's jobs (here or elsewhere) reloads the page's data.
    let actions = Actions::expect();
    let mut seen = actions.updates.with_untracked(Vec::len);
    Effect::new(move |_| {
        let n = actions.updates.with(Vec::len);
        let mine = actions
            .updates
            .with(|u| u.iter().skip(seen).any(|x| x.sp_id == sp_id()));
        seen = n;
        if mine {
            data.refetch();
        }
    });

    view! {
        <nav class="sd-crumbs" aria-label="Breadcrumb">
            <a href=AppRoute::Fleet.path()>"All provisioning jobs"</a>
        </nav>
        {move || next_step.get().map(|n| view! { <p class="sd-next">{n}</p> })}
        <Suspense fallback=|| view! { <p class="sd-loading" role="status">"Loading the app…"</p> }>
            {move || data.get().map(|(sp, jobs, templates)| {
                let id = sp_id();
                let name = match &sp {
                    Ok(sp) => sp.name().to_string(),
                    Err(_) => id.clone(),
                };
                let app_id = sp.as_ref().ok().and_then(|s| s.app_id.clone());
                let app = sp.as_ref().ok().cloned().unwrap_or_else(|| ServicePrincipal::with_id(id.clone()));
                let entra = entra_admin_center_url(config.cloud, &id, app_id.as_deref());
                let now_ms = crate::browser::now_ms();
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
                        {templates.as_ref().ok().filter(|t| !t.is_empty()).cloned().map(|t| view! {
                            <NewJob sp_id=id.clone() app_name=name.clone() templates=t
                                on_created=Callback::new(move |next| {
                                    next_step.set(Some(next));
                                    data.refetch();
                                }) />
                        })}
                        {match jobs {
                            Ok(jobs) if jobs.is_empty() => view! {
                                <p>"This app has no provisioning job."</p>
                            }.into_any(),
                            Ok(jobs) => view! {
                                <div class="sd-fleet__cards">
                                    {jobs.into_iter().map(|job| view! {
                                        <StatusCard entry=AppJob::new(app.clone(), job) now_ms=now_ms />
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

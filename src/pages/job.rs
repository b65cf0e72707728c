//! The job page (`/servicePrincipals/{spId}/jobs/{jobId}`): one job in full, the raw JSON on
//! demand, and a link to the same app in the Entra admin center.

use crate::actions::Actions;
use crate::components::error_view::GraphFailureDetails;
use crate::components::job_details::JobDetails;
use crate::components::status_card::StatusCard;
use crate::config::RuntimeConfig;
use crate::graph::GraphClient;
use crate::routes::AppRoute;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use syncdeck_core::AppJob;
use syncdeck_graph::ServicePrincipal;
use syncdeck_graph::fleet::entra_admin_center_url;

/// The job page.
#[component]
pub fn JobPage() -> impl IntoView {
    let client = expect_context::<GraphClient>();
    let config = expect_context::<RuntimeConfig>();
    let params = use_params_map();
    let ids = move || {
        let p = params.read();
        (
            p.get("sp_id").unwrap_or_default(),
            p.get("job_id").unwrap_or_default(),
        )
    };

    let data = LocalResource::new(move || {
        let client = client.clone();
        let (sp_id, job_id) = ids();
        async move {
            futures::join!(
                client.service_principal(&sp_id, None),
                client.job(&sp_id, &job_id, None)
            )
        }
    });

    // An action on this job (its card's buttons) reloads it; a deleted job says so.
    let actions = Actions::expect();
    let deleted = RwSignal::new(false);
    let mut seen = actions.updates.with_untracked(Vec::len);
    Effect::new(move |_| {
        let n = actions.updates.with(Vec::len);
        let (sp_id, job_id) = ids();
        let mine: Vec<bool> = actions.updates.with(|u| {
            u.iter()
                .skip(seen)
                .filter(|x| x.sp_id == sp_id && x.job_id == job_id)
                .map(|x| x.job.is_none())
                .collect()
        });
        seen = n;
        if let Some(gone) = mine.last() {
            deleted.set(*gone);
            data.refetch();
        }
    });

    view! {
        {move || deleted.get().then(|| view! {
            <p class="sd-next">"This job was deleted. " <a href=AppRoute::Fleet.path()>"Back to all provisioning jobs"</a></p>
        })}
        <Suspense fallback=|| view! { <p class="sd-loading" role="status">"Loading the job…"</p> }>
            {move || data.get().map(|(sp, job)| {
                let (sp_id, job_id) = ids();
                let sp = sp.unwrap_or_else(|_| ServicePrincipal::with_id(sp_id.clone()));
                let name = sp.name().to_string();
                let app_id = sp.app_id.clone();
                let entra = entra_admin_center_url(config.cloud, &sp_id, app_id.as_deref());
                let now_ms = crate::browser::now_ms();
                view! {
                    <nav class="sd-crumbs" aria-label="Breadcrumb">
                        <a href=AppRoute::Fleet.path()>"All provisioning jobs"</a>
                        " › "
                        <a href=AppRoute::ServicePrincipal { sp_id: sp_id.clone() }.path()>{name.clone()}</a>
                    </nav>
                    <section class="sd-job" aria-labelledby="sd-job-title">
                        <h1 id="sd-job-title">{name.clone()} " · " <code>{job_id.clone()}</code></h1>
                        <p><a href=entra rel="noopener noreferrer" target="_blank">"Open in the Entra admin center"</a></p>
                        {match job {
                            Ok((job, raw)) => view! {
                                <StatusCard entry=AppJob::new(sp.clone(), job.clone()) now_ms=now_ms />
                                <JobDetails job=job now_ms=now_ms />
                                <details class="sd-raw">
                                    <summary>"Raw JSON (as Microsoft Graph sent it)"</summary>
                                    <pre><code>{pretty(&raw)}</code></pre>
                                </details>
                            }.into_any(),
                            Err(e) => view! { <div class="sd-alert" role="alert"><GraphFailureDetails failure=e /></div> }.into_any(),
                        }}
                    </section>
                }
            })}
        </Suspense>
    }
}

/// Graph's JSON, indented when it parses (as sent otherwise).
fn pretty(raw: &str) -> String {
    serde_json::from_str::<serde_json::Value>(raw)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| raw.to_string())
}

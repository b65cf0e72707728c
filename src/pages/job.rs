//! The job page (`/servicePrincipals/{spId}/jobs/{jobId}`): one job in full, the raw JSON on
//! demand, and a link to the same app in the Entra admin center. An action on the job changes
//! the page in place: the job is read again in the background and its card, details and JSON
//! follow, without a loading screen, so the focus and an open "Raw JSON" stay.

use crate::actions::Actions;
use crate::components::job_details::{JobInFull, JobRead};
use crate::components::logs::ProvisioningLogs;
use crate::components::outcomes::outcome_chart;
use crate::config::RuntimeConfig;
use crate::diagnose::logs::Logs;
use crate::diagnose::outcomes::Outcomes;
use crate::graph::{GraphClient, GraphFailure};
use crate::i18n::Language;
use crate::routes::AppRoute;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use leptos_router::params::ParamsMap;
use syncdeck_graph::ServicePrincipal;
use syncdeck_graph::fleet::entra_admin_center_url;
use syncdeck_i18n::t;

/// The job page.
#[component]
pub fn JobPage() -> impl IntoView {
    let client = expect_context::<GraphClient>();
    let config = expect_context::<RuntimeConfig>();
    let actions = Actions::expect();
    let params = use_params_map();
    let ids = move || {
        let p = params.read();
        (
            p.get("sp_id").unwrap_or_default(),
            p.get("job_id").unwrap_or_default(),
        )
    };
    // The app and the job as first read (per job: the route may change under the page), and
    // the job as read again after an action on it (here or elsewhere); a deleted job says so.
    let data = RwSignal::new(None::<(Result<ServicePrincipal, GraphFailure>, JobRead)>);
    let fresh = RwSignal::new(None::<JobRead>);
    let deleted = RwSignal::new(false);
    let load_client = client.clone();
    let logs_client = client.clone();
    let chart_client = client.clone();
    Effect::new(move |_| {
        let (sp_id, job_id) = ids();
        data.set(None);
        fresh.set(None);
        deleted.set(false);
        let client = load_client.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let read = futures::join!(
                client.service_principal(&sp_id, None),
                client.job(&sp_id, &job_id, None)
            );
            if still(params, &sp_id, &job_id) {
                data.try_set(Some(read));
            }
        });
    });
    actions.on_updates(move |updates| {
        let (sp_id, job_id) = untrack(ids);
        let Some(update) = updates.iter().rev().find(|u| u.is(&sp_id, &job_id)) else {
            return;
        };
        deleted.set(update.job.is_none());
        let client = client.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let read = client.job(&sp_id, &job_id, None).await;
            if still(params, &sp_id, &job_id) {
                fresh.try_set(Some(read));
            }
        });
    });

    view! {
        {move || { Language::track(); deleted.get() }.then(|| view! {
            <p class="sd-next">{t!("This job was deleted. ")} <a href=AppRoute::Fleet.path()>{t!("Back to all provisioning jobs")}</a></p>
        })}
        // A new language draws the job again (its logs and chart are read again).
        {move || {
            Language::track();
            match data.get() {
            None => view! { <p class="sd-loading" role="status">{t!("Loading the job…")}</p> }.into_any(),
            Some((sp, job)) => {
                let (sp_id, job_id) = untrack(ids);
                let sp = sp.unwrap_or_else(|_| ServicePrincipal::with_id(sp_id.clone()));
                let name = sp.name().to_string();
                let entra = entra_admin_center_url(config.cloud, &sp_id, sp.app_id.as_deref());
                let l1 = Logs::new(logs_client.clone(), sp_id.clone(), job_id.clone());
                let (l2, l3, l4) = (l1.clone(), l1.clone(), l1.clone());
                let auto = chart_client.logs_granted();
                let ready = Signal::derive(|| true);
                let chart = Outcomes::start(chart_client.clone(), ready, auto, Some(job_id.clone()));
                let template_id = job.as_ref().map(|(j, _)| j.template_id.clone()).unwrap_or_default();
                // Provision on demand, for a job that could be read (as on the branch diag-pod).
                let provision = job.is_ok().then(|| view! {
                    <div class="sd-pod" inner_html=crate::settings::provision([&sp_id, &job_id, &template_id, &name]) />
                });
                let settings = view! {
                    <div inner_html=crate::settings::element("panel", [&sp_id, &job_id, &template_id, &name]) />
                };
                let show = Callback::new(move |()| chart.wanted.set(true));
                view! {
                    <nav class="sd-crumbs" aria-label=t!("Breadcrumb")>
                        <a href=AppRoute::Fleet.path()>{t!("All provisioning jobs")}</a>
                        " › "
                        <a href=AppRoute::ServicePrincipal { sp_id }.path()>{name.clone()}</a>
                    </nav>
                    <section class="sd-job" aria-labelledby="sd-job-title">
                        <h1 id="sd-job-title">{name} " · " <code>{job_id}</code></h1>
                        <p><a href=entra rel="noopener noreferrer" target="_blank">{t!("Open in the Entra admin center")}</a></p>
                        <JobInFull sp=sp first=job fresh=fresh commands=actions.commands() />
                        {provision}
                        {outcome_chart(chart.days, show)}
                        <ProvisioningLogs view=l1.view on_open=Callback::new(move |()| l1.open())
                            on_apply=Callback::new(move |f| l2.apply(f)) on_more=Callback::new(move |()| l3.more())
                            on_download=Callback::new(move |json| l4.download(json)) />
                        {settings}
                    </section>
                }
                .into_any()
            }
        }}}
    }
}

/// True while the page still shows job `job_id` of `sp_id` (a late answer for another job is
/// dropped; so is one that comes after the page was left).
fn still(params: Memo<ParamsMap>, sp_id: &str, job_id: &str) -> bool {
    params
        .try_with_untracked(|p| {
            p.get("sp_id").as_deref() == Some(sp_id) && p.get("job_id").as_deref() == Some(job_id)
        })
        .unwrap_or(false)
}

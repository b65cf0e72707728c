//! The app page (`/servicePrincipals/{spId}`): one service principal, its jobs and its templates.
//! An action on one of its jobs changes that card in place, and a created job joins the list
//! (read again in the background), without a loading screen.

use crate::actions::{Actions, JobCommands};
use crate::components::error_view::GraphFailureDetails;
use crate::components::new_job::NewJob;
use crate::components::status_card::StatusCard;
use crate::config::RuntimeConfig;
use crate::graph::{GraphClient, GraphFailure};
use crate::routes::AppRoute;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use syncdeck_core::AppJob;
use syncdeck_graph::fleet::entra_admin_center_url;
use syncdeck_graph::{ServicePrincipal, SynchronizationJob, SynchronizationTemplate};
use syncdeck_i18n::t;

type Jobs = Result<Vec<SynchronizationJob>, GraphFailure>;

/// The app page.
#[component]
pub fn ServicePrincipalPage() -> impl IntoView {
    let client = expect_context::<GraphClient>();
    let config = expect_context::<RuntimeConfig>();
    let actions = Actions::expect();
    let params = use_params_map();
    let sp_id = Memo::new(move |_| params.read().get("sp_id").unwrap_or_default());
    // The app and its templates as read (per app: the route may change under the page), and
    // its jobs, changed since by actions (here or elsewhere) or read again after a create. What
    // comes next after a create stays above them.
    type Read = (
        Result<ServicePrincipal, GraphFailure>,
        Result<Vec<SynchronizationTemplate>, GraphFailure>,
    );
    let data = RwSignal::new(None::<Read>);
    let jobs = RwSignal::new(None::<Jobs>);
    let next_step = RwSignal::new(None::<String>);
    let load_client = client.clone();
    Effect::new(move |_| {
        let id = sp_id.get();
        data.set(None);
        jobs.set(None);
        let client = load_client.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let (sp, list, templates) = futures::join!(
                client.service_principal(&id, None),
                client.jobs(&id, None),
                client.templates(&id, None),
            );
            if sp_id.try_get_untracked().as_deref() == Some(id.as_str()) {
                jobs.set(Some(list));
                data.set(Some((sp, templates)));
            }
        });
    });
    actions.on_updates(move |updates| {
        let id = sp_id.get_untracked();
        for update in updates.iter().filter(|u| u.sp_id == id) {
            jobs.update(|current| {
                if let Some(Ok(list)) = current {
                    list.retain(|j| j.id != update.job_id || update.job.is_some());
                    if let (Some(new), Some(old)) =
                        (&update.job, list.iter_mut().find(|j| j.id == update.job_id))
                    {
                        *old = new.clone();
                    }
                }
            });
        }
    });
    let creating = RwSignal::new(false);
    let on_create = Callback::new(move |template: String| {
        let (id, client) = (sp_id.get_untracked(), client.clone());
        let name = data
            .with_untracked(|d| {
                d.as_ref()
                    .and_then(|(sp, _)| sp.as_ref().ok().map(|s| s.name().to_string()))
            })
            .unwrap_or_else(|| id.clone());
        actions.create_job(id.clone(), name, template, creating, move |next| {
            next_step.set(Some(next));
            wasm_bindgen_futures::spawn_local(async move {
                let read = client.jobs(&id, None).await;
                jobs.try_set(Some(read));
            });
        });
    });

    // A new language draws the page again from the state it keeps.
    crate::i18n::redraw(move || {
        view! {
            <nav class="sd-crumbs" aria-label=t!("Breadcrumb")>
                <a href=AppRoute::Fleet.path()>{t!("All provisioning jobs")}</a>
            </nav>
            {move || next_step.get().map(|n| view! { <p class="sd-next">{n}</p> })}
            {move || match data.get() {
                None => view! { <p class="sd-loading" role="status">{t!("Loading the app…")}</p> }.into_any(),
                Some((sp, templates)) => {
                    let id = sp_id.get_untracked();
                    let app = sp.as_ref().ok().cloned().unwrap_or_else(|| ServicePrincipal::with_id(id.clone()));
                    let app_id = app.app_id.clone();
                    let entra = entra_admin_center_url(config.cloud, &id, app_id.as_deref());
                    view! {
                        <section class="sd-app" aria-labelledby="sd-app-title">
                            <h1 id="sd-app-title">{app.name().to_string()}</h1>
                            <p class="sd-app__ids">
                                {t!("Service principal ")} <code>{id.clone()}</code>
                                {app_id.map(|a| view! { {t!(" · application ")} <code>{a}</code> })}
                                " · " <a href=entra rel="noopener noreferrer" target="_blank">{t!("Open in the Entra admin center")}</a>
                            </p>
                            {sp.err().map(|e| view! { <div class="sd-alert" role="alert"><GraphFailureDetails failure=e /></div> })}
                            <h2>{t!("Provisioning jobs")}</h2>
                            {templates.as_ref().ok().filter(|t| !t.is_empty()).cloned().map(|t| view! {
                                <NewJob templates=t creating=creating created=next_step on_create=on_create />
                            })}
                            <JobCards app=app jobs=jobs commands=actions.commands() />
                            <h2>{t!("Templates")}</h2>
                            <Templates templates=templates />
                        </section>
                    }
                    .into_any()
                }
            }}
        }
    })
}

/// The app's job cards, each following its job in place; or that there is none, or why they
/// could not be read.
#[component]
fn JobCards(
    app: ServicePrincipal,
    jobs: RwSignal<Option<Jobs>>,
    commands: JobCommands,
) -> impl IntoView {
    let now_ms = crate::browser::now_ms();
    let list = move || {
        jobs.with(|j| match j {
            Some(Ok(list)) => list.clone(),
            _ => Vec::new(),
        })
    };
    let none = move || {
        jobs.with(|j| matches!(j, Some(Ok(list)) if list.is_empty()))
            .then(|| view! { <p>{t!("This app has no provisioning job.")}</p> })
    };
    let failed = move || {
        jobs.with(|j| match j {
            Some(Err(e)) => Some(e.clone()),
            _ => None,
        })
        .map(|e| view! { <div class="sd-alert" role="alert"><GraphFailureDetails failure=e /></div> })
    };
    let card = move |first: SynchronizationJob| {
        let app = app.clone();
        let entry = Memo::new(move |last: Option<&AppJob>| {
            let read = jobs.with(|j| {
                j.as_ref()
                    .and_then(|r| r.as_ref().ok())
                    .and_then(|list| list.iter().find(|job| job.id == first.id).cloned())
            });
            match (read, last) {
                (Some(job), _) => AppJob::new(app.clone(), job),
                (None, Some(last)) => last.clone(),
                (None, None) => AppJob::new(app.clone(), first.clone()),
            }
        });
        view! { <StatusCard entry=entry now_ms=now_ms commands=commands /> }
    };
    view! {
        {none}
        {failed}
        <div class="sd-fleet__cards" hidden=move || jobs.with(|j| !matches!(j, Some(Ok(l)) if !l.is_empty()))>
            <For each=list key=|job| job.id.clone() children=card />
        </div>
    }
}

/// The app's synchronization templates.
#[component]
fn Templates(templates: Result<Vec<SynchronizationTemplate>, GraphFailure>) -> impl IntoView {
    match templates {
        Ok(t) if t.is_empty() => {
            view! { <p>{t!("No provisioning template: this app can't provision.")}</p> }.into_any()
        }
        Ok(t) => view! {
            <ul class="sd-templates">
                {t.into_iter().map(|t| view! {
                    <li>
                        <strong>{t.id.clone()}</strong>
                        {t.default.then(|| t!(" (default)"))}
                        {t.factory_tag.clone().map(|f| view! { " · " <code>{f}</code> })}
                        {t.description.clone().map(|d| view! { <p>{d}</p> })}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any(),
        Err(e) => {
            view! { <div class="sd-alert" role="alert"><GraphFailureDetails failure=e /></div> }
                .into_any()
        }
    }
}

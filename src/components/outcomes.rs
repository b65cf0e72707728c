//! The fleet's "Recent failures" and the outcome charts. They take a load's state
//! (`crate::diagnose::outcomes`) and only lay it out: the counted markup (built and escaped by
//! `syncdeck_graph::outcomes::markup`) as one `inner_html`, or the button that asks for the logs,
//! a wait, or the refusal.

use crate::components::error_view::GraphFailureDetails;
use crate::diagnose::outcomes::Load;
use leptos::prelude::*;
use syncdeck_graph::logs::LogsFault;
use syncdeck_i18n::t;

/// The region "Recent failures": the last 24 hours' failures by job and error code, each a
/// link to that job's logs filtered to it.
pub fn recent_failures(state: RwSignal<Load>, on_show: Callback<()>) -> impl IntoView {
    view! {
        <section class="sd-outcomes__failures" aria-labelledby="sd-failures-title">
            <h2 id="sd-failures-title">{t!("Recent failures")}</h2>
            {body(
                state,
                on_show,
                t!("Reading the last 24 hours of failures…"),
                t!("The failures could not be read."),
            )}
        </section>
    }
}

/// "Provisioning outcomes per day for the last 7 days" as stacked bars: a titled figure whose
/// `role="img"` has the load's name, a legend, and the figures in a table.
pub fn outcome_chart(state: RwSignal<Load>, on_show: Callback<()>) -> impl IntoView {
    view! {
        <figure class="sd-chart">
            <figcaption class="sd-chart__title">{t!("Provisioning outcomes per day, last 7 days (UTC)")}</figcaption>
            {body(
                state,
                on_show,
                t!("Counting the last 7 days…"),
                t!("The outcomes could not be read."),
            )}
        </figure>
    }
}

/// A load's body: the button that reads the logs the first time (and so asks for their grant),
/// the wait, the markup, or a refusal in a sentence (licence, role) and its details.
fn body(
    state: RwSignal<Load>,
    on_show: Callback<()>,
    wait: &'static str,
    failed: &'static str,
) -> impl IntoView {
    move || {
        match state.get() {
        Load::Idle => view! {
            <p>{t!("Reading the provisioning logs asks for AuditLog.Read.All and Directory.Read.All.")} " "
                <button type="button" class="sd-button" on:click=move |_| on_show.run(())>{t!("Read the logs")}</button>
            </p>
        }
        .into_any(),
        Load::Loading => view! { <p class="sd-loading" role="status">{wait}</p> }.into_any(),
        Load::Ready(h) => view! { <div inner_html=h.html()></div> }.into_any(),
        Load::Failed(e) => {
            let why = e
                .graph_error()
                .and_then(|g| LogsFault::of(g.status, &g.code).sentence());
            view! {
                <div class="sd-outcomes__error">
                    <p>{failed} " " {why}</p>
                    <GraphFailureDetails failure=e />
                </div>
            }
            .into_any()
        }
    }
    }
}

//! The fleet view (`/`): every synchronization job of every service principal, as status cards
//! that appear while the scan runs.

use crate::components::error_view::GraphFailureDetails;
use crate::components::status_card::StatusCard;
use crate::graph::GraphClient;
use crate::graph::scan::{self, FleetScan, ScanPhase};
use leptos::prelude::*;
use syncdeck_graph::Summary;
use syncdeck_graph::health::sort_by_attention;

/// The fleet page: starts a scan on mount, aborts it on unmount.
#[component]
pub fn FleetPage() -> impl IntoView {
    let client = expect_context::<GraphClient>();
    let state = FleetScan::default();
    let handle = scan::start(client, state, scan::DEFAULT_CONCURRENCY);
    // The handle aborts every request in flight when the page is left.
    let handle = send_wrapper::SendWrapper::new(handle);
    on_cleanup(move || drop(handle));
    let now_ms = js_sys::Date::now() as i64;

    let sorted = Memo::new(move |_| {
        let mut entries = state.entries.get();
        // Needs attention first: quarantined, failing, escrows, paused, never run, healthy.
        sort_by_attention(&mut entries, |e| (&e.job, e.sp.name()));
        entries
    });
    let summary = move || {
        state
            .entries
            .with(|v| Summary::of(v.iter().map(|e| &e.job)).line())
    };

    view! {
        <section class="sd-fleet" aria-labelledby="sd-fleet-title">
            <h2 id="sd-fleet-title">"Provisioning jobs"</h2>
            <ScanProgress state=state />
            <p class="sd-fleet__summary" role="status">
                {summary}
                {move || state.total.get().map(|t| format!(" · {t} apps"))}
            </p>
            {move || match state.phase.get() {
                ScanPhase::Failed(e) => Some(view! {
                    <div class="sd-alert" role="alert">
                        <p>"The list of apps could not be read."</p>
                        <GraphFailureDetails failure=e />
                    </div>
                }),
                _ => None,
            }}
            <ul class="sd-fleet__errors" aria-label="Apps whose jobs could not be read">
                <For
                    each=move || state.failures.get()
                    key=|f| f.sp.id.clone()
                    children=|f| view! {
                        <li class="sd-fleet__error" role="alert">
                            <strong>{f.sp.name().to_string()}</strong>
                            ": its jobs could not be read."
                            <GraphFailureDetails failure=f.error.clone() />
                        </li>
                    }
                />
            </ul>
            <div class="sd-fleet__cards">
                <For
                    each=move || sorted.get()
                    key=|e| (e.sp.id.clone(), e.job.id.clone())
                    children=move |e| view! {
                        <StatusCard
                            app_name=e.sp.name().to_string()
                            sp_id=e.sp.id.clone()
                            job=e.job.clone()
                            now_ms=now_ms
                        />
                    }
                />
            </div>
        </section>
    }
}

/// The scan's progress: a `progressbar` of apps scanned out of the total.
#[component]
fn ScanProgress(
    /// The scan.
    state: FleetScan,
) -> impl IntoView {
    let text = move || match (state.phase.get(), state.total.get()) {
        (ScanPhase::Listing { pages }, _) => format!("Listing apps… ({pages} pages read)"),
        (ScanPhase::Done, Some(t)) => format!("Scanned all {t} apps"),
        (ScanPhase::Failed(_), _) => "Scan failed".to_string(),
        (_, Some(t)) => format!("Scanned {} of {t} apps", state.scanned.get()),
        (_, None) => "Scanning…".to_string(),
    };
    view! {
        <div class="sd-scan">
            <div
                class="sd-scan__bar"
                role="progressbar"
                aria-label="Apps scanned"
                aria-valuemin="0"
                aria-valuemax=move || state.total.get().unwrap_or(0).to_string()
                aria-valuenow=move || state.scanned.get().to_string()
                aria-valuetext=text
            >
                <div
                    class="sd-scan__fill"
                    style:width=move || {
                        let total = state.total.get().unwrap_or(0).max(1);
                        format!("{}%", state.scanned.get() * 100 / total)
                    }
                ></div>
            </div>
            <span class="sd-scan__text">{text}</span>
        </div>
    }
}

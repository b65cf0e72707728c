//! The scan's progress: a `progressbar` of apps scanned out of the total.

use crate::graph::scan::FleetScan;
use leptos::prelude::*;
use syncdeck_core::scan::{progress_scale, progress_text};

/// The progress bar and its text. The count of apps scanned is shown as of the last `tick`, like
/// the cards.
#[component]
pub fn ScanProgress(
    /// The scan: its phase, apps listed and apps answered.
    scan: FleetScan,
    /// The fleet page's render tick.
    tick: RwSignal<u64>,
) -> impl IntoView {
    let (phase, total) = (scan.phase, scan.total);
    let scanned = move || {
        tick.track();
        scan.scanned.get_untracked()
    };
    let text = move || phase.with(|p| progress_text(p, total.get(), scanned()));
    view! {
        <div class="sd-scan">
            <div
                class="sd-scan__bar"
                role="progressbar"
                aria-label="Apps scanned"
                aria-valuemin="0"
                aria-valuemax=move || total.get().unwrap_or(0).to_string()
                aria-valuenow=move || scanned().to_string()
                aria-valuetext=text
            >
                <div
                    class="sd-scan__fill"
                    style:transform=move || progress_scale(scanned(), total.get())
                ></div>
            </div>
            <span class="sd-scan__text">{text}</span>
        </div>
    }
}

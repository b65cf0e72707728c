//! The scan's progress: a `progressbar` of apps scanned out of the total, the apps waiting for
//! their next try, the time left, and Graph's hold while it throttles.

use crate::graph::GraphClient;
use crate::graph::scan::FleetScan;
use leptos::prelude::*;
use syncdeck_core::scan::{progress_scale, progress_text, time_left};
use syncdeck_graph::format_millis_duration;
use syncdeck_i18n::{Lang, t, tf};

/// The progress bar and its text. The count of apps scanned is shown as of the last `tick`, like
/// the cards. While Graph holds every request back (the client's learned budget), a line says so
/// and counts down; a screen reader hears it once per hold, not every second.
#[component]
pub fn ScanProgress(
    /// The scan: its phase, apps listed and apps answered.
    scan: FleetScan,
    /// The fleet page's render tick.
    tick: RwSignal<u64>,
    /// The page's clock (Unix ms, every second).
    now: RwSignal<i64>,
) -> impl IntoView {
    let (phase, total) = (scan.phase, scan.total);
    let scanned = move || {
        tick.track();
        scan.scanned.get_untracked()
    };
    let text = move || phase.with(|p| progress_text(p, total.get(), scanned(), scan.waiting.get()));
    let left = move || {
        let elapsed = now.get() - scan.started_at;
        phase.with(|p| time_left(p, total.get(), scanned(), elapsed))
    };
    // Graph's hold: counted down on screen; the live text names its end, so it changes (and
    // is heard) once per hold.
    let client = expect_context::<GraphClient>();
    let held = move || {
        now.track();
        client.held_until()
    };
    let line = {
        let held = held.clone();
        move || {
            held().map(|until| {
                let left = (until - now.get()) / 1_000 * 1_000 + 1_000;
                tf!(
                    "Waiting for Graph: throttled, resuming in {duration}",
                    duration = format_millis_duration(left)
                )
            })
        }
    };
    let announced = move || {
        held().map(|until| {
            // English keeps the browser's own time format; another language writes its own.
            let locale = match syncdeck_i18n::lang() {
                Lang::En => "default",
                other => other.code(),
            };
            let at = js_sys::Date::new(&(until as f64).into()).to_locale_time_string(locale);
            tf!(
                "Waiting for Graph: throttled until {time}",
                time = String::from(at)
            )
        })
    };
    view! {
        <div class="sd-scan">
            <div
                class="sd-scan__bar"
                role="progressbar"
                aria-label=t!("Apps scanned")
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
            <span class="sd-scan__text">{text}{move || left().map(|l| format!(" · {l}"))}</span>
            <p class="sd-scan__held" aria-hidden="true">{line}</p>
            <p class="sd-visually-hidden" role="status">{announced}</p>
        </div>
    }
}

//! The fleet view (`/`): every synchronization job of every service principal, as status cards
//! that appear while the scan runs; filtered, sorted and exported with `syncdeck-graph`'s fleet
//! rules; kept fresh by an auto-refresh whose cadence `syncdeck-core` decides. The live state is
//! `crate::fleet`; this file lays it out.

use crate::actions::Actions;
use crate::browser;
use crate::components::bulk::BulkBar;
use crate::components::error_view::GraphFailureDetails;
use crate::components::fleet_controls::FleetControls;
use crate::components::outcomes::{outcome_chart, recent_failures};
use crate::components::scan_progress::ScanProgress;
use crate::components::status_card::StatusCard;
use crate::diagnose::outcomes::Outcomes;
use crate::fleet::FleetView;
use crate::fleet::cards::Cards;
use crate::graph::GraphClient;
use leptos::prelude::*;
use syncdeck_core::scan::ScanPhase;
use syncdeck_core::window::more_count;
use syncdeck_graph::fleet::updated_ago;
use syncdeck_i18n::{Num, t, tf};
use wasm_bindgen::JsCast;

/// The fleet page: starts a scan on mount, refreshes while shown, aborts everything on unmount.
#[component]
pub fn FleetPage() -> impl IntoView {
    let actions = Actions::expect();
    let client = expect_context::<GraphClient>();
    let view = FleetView::start(client.clone(), actions);
    let cards = Cards::new(view);
    let scan = view.scan;
    // Recent failures and the chart wait for the first card (or the scan's end).
    let ready = Signal::derive(move || {
        !cards.rendered.with(Vec::is_empty) || !scan.phase.with(ScanPhase::is_running)
    });
    let auto = client.logs_granted();
    let now = browser::clock();
    let outcomes = Outcomes::start(client, ready, auto, None);
    let show = Callback::new(move |()| outcomes.wanted.set(true));
    let commands = actions.commands();
    let cards_box = NodeRef::<leptos::html::Div>::new();
    // Counted on the same tick as the cards, so "Showing" never flickers during the scan.
    let shown_line = move || {
        let (shown, all) = (view.visible.with(Vec::len), view.sorted.with(Vec::len));
        if shown == all {
            String::new()
        } else {
            tf!(
                "Showing {shown} of {all} jobs",
                shown = Num(shown as f64),
                all = Num(all as f64)
            )
        }
    };
    // One handler for every "Retry now": the clicked button names its app.
    let retry_clicked = move |ev: leptos::ev::MouseEvent| {
        let id = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|b| b.get_attribute("data-retry"));
        if let Some(id) = id {
            scan.retry_now(&id);
        }
    };
    let scan_failed = move || match scan.phase.get() {
        ScanPhase::Failed(e) => Some(view! {
            <div class="sd-alert" role="alert">
                <p>{t!("The list of apps could not be read.")}</p>
                <GraphFailureDetails failure=e />
            </div>
        }),
        _ => None,
    };
    let more = move || {
        let (rendered, shown) = (cards.rendered.with(Vec::len), view.visible.with(Vec::len));
        (rendered < shown).then(|| view! {
            <div class="sd-fleet__more" node_ref=cards.more>
                <p>{tf!("{rendered} of {shown} jobs on the page; more appear as you scroll.", rendered = Num(rendered as f64), shown = Num(shown as f64))}</p>
                <button type="button" class="sd-button" on:click=move |_| cards.show_more()>
                    {tf!("Show {count} more jobs", count = Num(more_count(rendered, shown) as f64))}
                </button>
            </div>
        })
    };

    // A new language draws the page again from the state it keeps: the scan, the cards, the
    // filters and the selection stay as they are.
    crate::i18n::redraw(move || {
        view! {
            <section class="sd-fleet" aria-labelledby="sd-fleet-title">
                <h1 id="sd-fleet-title">{t!("Provisioning jobs")}</h1>
                <ScanProgress scan=scan tick=view.tick now=now />
                <p class="sd-fleet__summary">
                    {move || view.summary()}
                    {move || scan.total.get().map(|t| format!(" · {}", tf!("{count} apps", count = Num(t as f64))))}
                    {move || view.updated_at.get().map(|at| format!(" · {}", updated_ago(now.get(), at)))}
                </p>
                <p class="sd-announcer" role="status" aria-live="polite">{move || view.announcement.get()}</p>
                <div class="sd-outcomes">
                    {recent_failures(outcomes.failures, show)}
                    {outcome_chart(outcomes.days, show)}
                </div>
                <FleetControls filter=view.filter sort=view.sort fleet=scan.fleet on_export=move || view.export() />
                <BulkBar selection=view.selection fleet=scan.fleet
                    on_run=Callback::new(move |run| actions.run_bulk(run)) />
                {scan_failed}
                <ul class="sd-fleet__errors" aria-label=t!("Apps whose jobs could not be read") on:click=retry_clicked>
                    <For
                        each=move || scan.fleet.with(|f| f.shown_failures())
                        // A waiting row is built again at each try.
                        key=|f| match f.retry_at {
                            Some(at) => format!("{} {at}", f.sp.id),
                            None => f.sp.id.clone(),
                        }
                        children=|f| view! {
                            <li class="sd-fleet__error">
                                // A row that waits for its next try is not an alert: it changes at
                                // every try, and the progress counts it.
                                <div role=f.retry_at.is_none().then_some("alert")>
                                    <strong>{f.sp.name().to_string()}</strong>
                                    {t!(": its jobs could not be read. ")}
                                    {f.retry_at.map(|at| next_try(f.sp.id.clone(), at))}
                                    <GraphFailureDetails failure=f.error.clone() />
                                </div>
                            </li>
                        }
                    />
                </ul>
                {move || {
                    let hidden = scan.fleet.with(|f| f.waiting_not_shown());
                    (hidden > 0).then(|| view! {
                        <p class="sd-fleet__error">{tf!("… and {hidden} more apps waiting to be retried.", hidden = Num(hidden as f64))}</p>
                    })
                }}
                <p class="sd-fleet__shown">{shown_line}</p>
                <div class="sd-fleet__cards" node_ref=cards_box>
                    <For
                        // A re-sort moves the cards: the focus stays where it was.
                        each=move || {
                            if let Some(el) = cards_box.get_untracked() {
                                browser::keep_focus_in(&el);
                            }
                            cards.rendered.get()
                        }
                        key=|e| (e.sp.id.clone(), e.job.id.clone(), e.sp.display_name.clone())
                        children=move |e| view! {
                            <StatusCard
                                entry=cards.job(e)
                                now_ms=now.get_untracked()
                                selection=view.selection
                                commands=commands
                            />
                        }
                    />
                </div>
                {more}
            </section>
        }
    })
}

/// "Next try at 14:02:31." and the "Retry now" button that brings the try forward (its
/// `data-retry` names the app, for the list's one click handler).
fn next_try(sp_id: String, at: u64) -> impl IntoView {
    // The time in the chosen language (English: the browser's own).
    let locale = match syncdeck_i18n::lang() {
        syncdeck_i18n::Lang::En => "default",
        other => other.code(),
    };
    let time = js_sys::Date::new(&(at as f64).into()).to_locale_time_string(locale);
    view! {
        {tf!("Next try at {time}. ", time = String::from(time))}
        <button type="button" class="sd-button" data-retry=sp_id>{t!("Retry now")}</button>
    }
}

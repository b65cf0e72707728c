//! The controls above the cards: text filter, state and kind filters, sort order, CSV export.

use leptos::prelude::*;
use syncdeck_core::Fleet;
use syncdeck_graph::TemplateKind;
use syncdeck_graph::fleet::{FleetFilter, SortOrder, StateFilter};
use syncdeck_i18n::{Num, t};

/// Filter, sort and export controls for the fleet view.
#[component]
pub fn FleetControls(
    /// The filter the cards obey.
    filter: RwSignal<FleetFilter>,
    /// The sort order of the cards.
    sort: RwSignal<SortOrder>,
    /// Every job found (for the per-state counts).
    fleet: RwSignal<Fleet>,
    /// Exports what is on screen.
    on_export: impl Fn() + 'static,
) -> impl IntoView {
    let count =
        move |s: StateFilter| fleet.with(|f| f.jobs().filter(|j| StateFilter::of(j) == s).count());
    let kind_value = move || {
        filter.with(|f| {
            f.kinds
                .first()
                .map(|k| k.key().to_string())
                .unwrap_or_default()
        })
    };
    view! {
        <div class="sd-controls" role="search" aria-label=t!("Filter and sort jobs")>
            <input
                class="sd-controls__text"
                type="search"
                aria-label=t!("Filter jobs")
                placeholder=t!("Filter by app, job id, template, error code…")
                prop:value=move || filter.with(|f| f.text.clone())
                on:input=move |ev| filter.update(|f| f.text = event_target_value(&ev))
            />
            <fieldset class="sd-controls__states">
                <legend>{t!("State")}</legend>
                {StateFilter::ALL.into_iter().map(|s| view! {
                    <label class="sd-controls__state">
                        <input
                            type="checkbox"
                            prop:checked=move || filter.with(|f| f.states.contains(&s))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                filter.update(|f| {
                                    f.states.retain(|x| *x != s);
                                    if on {
                                        f.states.push(s);
                                    }
                                });
                            }
                        />
                        {format!(" {}", s.label())}
                        <span class="sd-controls__count">{move || format!(" ({})", Num(count(s) as f64))}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <label class="sd-controls__field">
                {t!("Kind ")}
                <select
                    aria-label=t!("Kind")
                    prop:value=kind_value
                    on:change=move |ev| {
                        let key = event_target_value(&ev);
                        filter.update(|f| f.kinds = TemplateKind::from_key(&key).into_iter().collect());
                    }
                >
                    <option value="">{t!("All kinds")}</option>
                    {TemplateKind::ALL.into_iter().map(|k| view! {
                        <option value=k.key()>{k.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="sd-controls__field">
                {t!("Sort by ")}
                <select
                    aria-label=t!("Sort by")
                    prop:value=move || sort.get().key()
                    on:change=move |ev| {
                        if let Some(order) = SortOrder::from_key(&event_target_value(&ev)) {
                            sort.set(order);
                        }
                    }
                >
                    {SortOrder::ALL.into_iter().map(|o| view! {
                        <option value=o.key()>{o.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="button" class="sd-button" on:click=move |_| on_export()>{t!("Export CSV")}</button>
            {move || (!filter.with(FleetFilter::is_empty)).then(|| view! {
                <button type="button" class="sd-button sd-button--subtle"
                    on:click=move |_| filter.set(FleetFilter::default())>{t!("Clear filters")}</button>
            })}
        </div>
    }
}

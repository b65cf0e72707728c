//! The fleet's "Recent failures" and the outcome charts (stacked bars per day, drawn as inline
//! SVG from `syncdeck_graph::outcomes::BarChart`'s whole-unit geometry, with a legend and the
//! same figures as a table). They take the load's state (`crate::diagnose::outcomes`) and
//! only lay it out.

use crate::components::error_view::GraphFailureDetails;
use crate::diagnose::outcomes::{Counted, Days, FailureRow, Load};
use crate::graph::GraphFailure;
use leptos::prelude::*;
use syncdeck_graph::logs::LogsFault;
use syncdeck_graph::outcomes::chart::{BASE, HEIGHT, PLOT, WIDTH};
use syncdeck_graph::outcomes::{Band, BarChart, DayCounts, EVENT_CAP};

/// Groups listed before "Show all".
const FIRST: usize = 5;

/// The region "Recent failures": the last 24 hours' failures by job and error code, each a
/// link to that job's logs filtered to it.
#[component]
pub fn RecentFailures(
    /// The grouped failures.
    state: RwSignal<Load<Vec<FailureRow>>>,
    /// Asks for them (and for the logs grant) when they wait for the admin.
    on_show: Callback<()>,
) -> impl IntoView {
    let body = move || match state.get() {
        Load::Idle => ask(on_show),
        Load::Loading => waiting("Reading the last 24 hours of failures…"),
        Load::Failed(e) => failed("The failures could not be read.", e),
        Load::Ready(Counted { value, .. }) if value.is_empty() => {
            view! { <p>"No provisioning failures in the last 24 hours."</p> }.into_any()
        }
        Load::Ready(Counted {
            value,
            events,
            capped,
            ..
        }) => {
            let n = value.len();
            let mut rows = value;
            let rest = rows.split_off(n.min(FIRST));
            let more = (!rest.is_empty()).then(|| {
                view! {
                    <details>
                        <summary>{format!("Show all {n} groups")}</summary>
                        {links(rest)}
                    </details>
                }
            });
            view! {
                <p>{format!("{events} failures in {n} groups.")}
                    {capped.then_some(" Showing the newest 5,000 failures; there are more.")}</p>
                {links(rows)}
                {more}
            }
            .into_any()
        }
    };
    view! {
        <section class="sd-outcomes__failures" aria-labelledby="sd-failures-title">
            <h2 id="sd-failures-title">"Recent failures"</h2>
            {body}
        </section>
    }
}

fn links(rows: Vec<FailureRow>) -> impl IntoView {
    view! {
        <ul class="sd-outcomes__groups">
            {rows.into_iter().map(|r| view! { <li><a href=r.href>{r.label}</a></li> }).collect_view()}
        </ul>
    }
}

/// The button that reads the logs the first time, and so asks for their grant.
fn ask(on_show: Callback<()>) -> AnyView {
    view! {
        <p>"Reading the provisioning logs asks for AuditLog.Read.All and Directory.Read.All. "
            <button type="button" class="sd-button" on:click=move |_| on_show.run(())>"Read the logs"</button>
        </p>
    }
    .into_any()
}

fn waiting(text: &'static str) -> AnyView {
    view! { <p class="sd-loading" role="status">{text}</p> }.into_any()
}

/// A refusal in a sentence (licence, role), then the details.
fn failed(what: &'static str, e: GraphFailure) -> AnyView {
    let why = e
        .graph_error()
        .and_then(|g| LogsFault::of(g.status, &g.code).sentence());
    view! {
        <div class="sd-outcomes__error">
            <p>{what} " " {why}</p>
            <GraphFailureDetails failure=e />
        </div>
    }
    .into_any()
}

/// "Provisioning outcomes per day for the last 7 days" as stacked bars: a titled figure whose
/// `role="img"` is named `name`, a legend, and the figures in a table.
#[component]
pub fn OutcomeChart(
    /// The chart's accessible name (starts with "Provisioning outcomes").
    name: &'static str,
    /// The days.
    state: RwSignal<Days>,
    /// Asks for them (and for the logs grant) when they wait for the admin.
    on_show: Callback<()>,
) -> impl IntoView {
    let body = move || match state.get() {
        Load::Idle => ask(on_show),
        Load::Loading => waiting("Counting the last 7 days…"),
        Load::Failed(e) => failed("The outcomes could not be read.", e),
        Load::Ready(c) => chart(name, c).into_any(),
    };
    view! {
        <figure class="sd-chart">
            <figcaption class="sd-chart__title">"Provisioning outcomes per day, last 7 days (UTC)"</figcaption>
            {body}
        </figure>
    }
}

/// The chart's body as one piece of markup (far less wasm than a view per bar and cell). Every
/// value in it is a number, a date or a fixed label of this file: nothing from Graph.
fn chart(name: &'static str, c: Counted<Vec<DayCounts>>) -> impl IntoView {
    use std::fmt::Write;
    let layout = BarChart::new(&c.value);
    let note = if c.reading {
        format!("Counting… {} events so far.", c.events)
    } else if c.capped {
        format!("Based on the newest {EVENT_CAP} events.")
    } else if c.events == 0 {
        "No provisioning events in the last 7 days.".to_string()
    } else {
        format!("{} events.", c.events)
    };
    let mut h = String::from(r#"<ul class="sd-chart__legend">"#);
    for b in Band::ALL {
        let _ = write!(
            h,
            r#"<li><span class="sd-chart__key sd-chart__{}"></span>{}</li>"#,
            b.key(),
            b.label()
        );
    }
    let (top, left) = (BASE - PLOT, layout.left());
    let _ = write!(
        h,
        r#"</ul><svg class="sd-chart__svg" role="img" aria-label="{name}" viewBox="0 0 {WIDTH} {HEIGHT}"><line class="sd-chart__grid" x1="{left}" y1="{top}" x2="{WIDTH}" y2="{top}"/><text x="{left}" y="{top}" dy="4" text-anchor="end">{}</text><line class="sd-chart__axis" x1="{left}" y1="{BASE}" x2="{WIDTH}" y2="{BASE}"/>"#,
        layout.max
    );
    for bar in &layout.bars {
        let date = bar.day.date();
        for s in &bar.segments {
            let (k, n) = (s.band.key(), s.count);
            let _ = write!(
                h,
                r#"<rect class="sd-chart__{k}" x="{}" y="{}" width="{}" height="{}" data-day="{date}" data-band="{k}" data-count="{n}"><title>{date}: {n} {}</title></rect>"#,
                bar.x,
                s.y,
                bar.width,
                s.height,
                s.band.label()
            );
        }
        let _ = write!(
            h,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            bar.mid,
            HEIGHT - 4,
            bar.day.short()
        );
    }
    let _ = write!(
        h,
        r#"</svg><p class="sd-chart__note">{note}</p><details class="sd-chart__figures"><summary>Show the figures</summary><table class="sd-chart__table"><caption class="sd-visually-hidden">{name}</caption><thead><tr><th scope="col">Day (UTC)</th>"#
    );
    for b in Band::ALL {
        let _ = write!(h, r#"<th scope="col">{}</th>"#, b.label());
    }
    h.push_str(r#"<th scope="col">Total</th></tr></thead><tbody>"#);
    for d in &c.value {
        let _ = write!(h, r#"<tr><th scope="row">{}</th>"#, d.date());
        for n in Band::ALL.map(|b| b.of(d)).into_iter().chain([d.total()]) {
            let _ = write!(h, "<td>{n}</td>");
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></details>");
    view! { <div class="sd-chart__body" inner_html=h></div> }
}

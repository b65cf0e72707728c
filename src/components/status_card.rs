//! The status card: one synchronization job at a glance.
//!
//! Accessible contract (checked by `tests/web.rs` and `tests/e2e/fleet.spec.mjs`): the card is an
//! `article` named by its heading, which holds the service principal's display name; the state
//! is visible text; a quarantine shows its reason in words and by its Graph name.

use super::badge::StateBadge;
use super::job_actions::JobActions;
use super::job_dom_id;
use crate::actions::JobCommands;
use crate::routes::AppRoute;
use leptos::prelude::*;
use std::collections::HashSet;
use syncdeck_core::AppJob;
use syncdeck_graph::{
    GraphTime, StatusCode, SynchronizationJob, SynchronizationQuarantine,
    SynchronizationTaskExecution, template_kind,
};
use syncdeck_i18n::{Num, t, tf, tn};

fn when(t: &GraphTime, now_ms: i64) -> String {
    if t.is_never() {
        t!("never").to_string()
    } else {
        t.relative_to(now_ms)
    }
}

/// The status card of one job. The card stays as long as its job is shown: when the job changes
/// (an action's result, a refresh), its state, facts and buttons follow in place, so the focus
/// and the selection stay where they were.
#[component]
pub fn StatusCard(
    /// The job and its app (whose display name is the card's accessible name). The same job for
    /// the card's life; its state may change.
    entry: Memo<AppJob>,
    /// "Now", in Unix milliseconds, for relative times.
    now_ms: i64,
    /// The fleet's selection for bulk actions, when the card can be selected.
    #[prop(optional)]
    selection: Option<RwSignal<HashSet<String>>>,
    /// What its action buttons do; a card without them (tests) shows none.
    #[prop(optional)]
    commands: Option<JobCommands>,
) -> impl IntoView {
    let first = entry.get_untracked();
    let key = first.key();
    let app_name = first.app_name().to_string();
    let select = selection.map(|sel| {
        let key = key.clone();
        let label = tf!(
            "Select {app} ({job_id})",
            app = app_name,
            job_id = first.job.id
        );
        view! {
            <label class="sd-card__select">
                <input type="checkbox" aria-label=label
                    prop:checked={
                        let key = key.clone();
                        move || sel.with(|s| s.contains(&key))
                    }
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        sel.update(|s| {
                            if on { s.insert(key.clone()); } else { s.remove(&key); }
                        });
                    } />
                " " {t!("Select")}
            </label>
        }
    });
    let job_actions = commands.map(|c| view! { <JobActions target=entry commands=c /> });
    let dom_id = job_dom_id(&first);
    let job_path = AppRoute::Job {
        sp_id: first.sp.id.clone(),
        job_id: first.job.id.clone(),
    }
    .path();
    let heading_id = format!("{dom_id}-title");
    let modifier = move || {
        entry.with(|e| match e.job.status.code {
            StatusCode::Quarantine => "sd-card sd-card--quarantine",
            StatusCode::Paused => "sd-card sd-card--paused",
            StatusCode::Active => "sd-card sd-card--active",
            _ => "sd-card sd-card--idle",
        })
    };
    let labelled_by = heading_id.clone();
    view! {
        <article class=modifier id=dom_id aria-labelledby=labelled_by>
            <header class="sd-card__head">
                <h3 class="sd-card__title" id=heading_id>
                    <a href=job_path>{app_name.clone()}</a>
                </h3>
                {move || view! { <StateBadge code=entry.with(|e| e.job.status.code.clone()) /> }}
            </header>
            {move || entry.with(|e| card_body(&e.job, now_ms))}
            <div class="sd-card__foot">{select} {job_actions}</div>
        </article>
    }
}

/// Everything of a card between its heading and its buttons.
fn card_body(job: &SynchronizationJob, now_ms: i64) -> AnyView {
    let status = &job.status;
    let code = status.code.clone();
    let kind = template_kind(&job.template_id);
    let schedule = tf!(
        "{interval} (schedule {state})",
        interval = job.schedule.interval.human(),
        state = job.schedule.state.label()
    );
    let progress = status.progress.last().cloned().map(|p| {
        let unit = p
            .units
            .clone()
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| t!("units").to_string());
        let max = p.total_units.max(0);
        let value = p.completed_units.clamp(0, max.max(0));
        view! {
            <div class="sd-card__progress">
                <span>{tf!("Current cycle: {value} of {max} {unit}", value = Num(value as f64), max = Num(max as f64), unit = unit)}</span>
                <progress max=max.to_string() value=value.to_string()
                    aria-label=tf!("Current cycle progress, in {unit}", unit = unit)></progress>
            </div>
        }
    });
    let steady = if !status.has_reached_steady_state() {
        t!("not reached yet").to_string()
    } else {
        tf!(
            "reached {when}",
            when = when(&status.steady_state_last_achieved_time, now_ms)
        )
    };
    let last_run = status
        .last_execution
        .clone()
        .map(|run| last_run_line(&run, now_ms));
    let run_error = status
        .last_execution
        .as_ref()
        .and_then(|r| r.error.clone())
        .filter(|e| !e.is_empty())
        // The quarantine banner already shows its own error.
        .filter(|e| status.quarantine.as_ref().and_then(|q| q.error.as_ref()) != Some(e));
    let quarantine = status
        .quarantine
        .clone()
        .map(|q| quarantine_banner(&q, now_ms));
    let counts = (!status.synchronized_entry_count_by_type.is_empty()).then(|| {
        status
            .synchronized_entry_count_by_type
            .iter()
            .map(|c| format!("{}: {}", c.key, Num(c.value as f64)))
            .collect::<Vec<_>>()
            .join(", ")
    });
    let failures = status.count_successive_complete_failures;

    view! {
        <p class="sd-card__template">
            {kind.label().to_string()} " · " <code>{job.template_id.clone()}</code>
        </p>
        {quarantine}
        <dl class="sd-card__facts">
            <dt>{t!("Schedule")}</dt>
            <dd>{schedule}</dd>
            <dt>{t!("Last run")}</dt>
            <dd>{last_run.unwrap_or_else(|| t!("no run yet").to_string())}</dd>
            {(failures > 0).then(|| view! {
                <dt>{t!("Failed runs in a row")}</dt>
                <dd>{Num(failures as f64).to_string()}</dd>
            })}
            <dt>{t!("Steady state")}</dt>
            <dd>{steady}</dd>
            {counts.map(|c| view! { <dt>{t!("Synchronized")}</dt><dd>{c}</dd> })}
        </dl>
        {progress}
        {run_error.map(|e| view! {
            <p class="sd-card__error">
                {t!("Last error: ")} <code>{e.code}</code> " " {e.message}
            </p>
        })}
        <p class="sd-card__meaning">{code.meaning()}</p>
    }
    .into_any()
}

fn last_run_line(run: &SynchronizationTaskExecution, now_ms: i64) -> String {
    let mut parts = Vec::new();
    if !run.time_ended.is_never() {
        parts.push(run.state.label());
        parts.push(tf!("ended {when}", when = when(&run.time_ended, now_ms)));
    } else if !run.time_began.is_never() {
        // A run without an end time has not finished: its state is only .NET's default.
        parts.push(tf!(
            "In progress, began {when}",
            when = when(&run.time_began, now_ms)
        ));
    } else {
        parts.push(run.state.label());
    }
    if let Some(d) = run.run_length() {
        parts.push(tf!("took {duration}", duration = d));
    }
    parts.push(tf!(
        "{imported} imported, {exported} exported, {escrowed} escrowed",
        imported = Num(run.count_imported as f64),
        exported = Num(run.count_exported as f64),
        escrowed = Num(run.count_escrowed as f64)
    ));
    parts.join(" · ")
}

fn quarantine_banner(q: &SynchronizationQuarantine, now_ms: i64) -> impl IntoView + use<> {
    let reason = q.reason.clone();
    let days_left = q.days_until_auto_disable(now_ms);
    let error = q.error.clone().filter(|e| !e.code.is_empty());
    view! {
        <div class="sd-card__quarantine" role="note" aria-label=t!("Quarantine")>
            <p class="sd-card__quarantine-reason">
                <strong>{t!("Quarantined: ")}</strong>
                {reason.description()} " " <code>{reason.graph_name().to_string()}</code>
            </p>
            <p class="sd-card__quarantine-clock">
                {tf!(
                    "Since {since} · next attempt {next} · re-evaluated {times}",
                    since = when(&q.series_began, now_ms),
                    next = when(&q.next_attempt, now_ms),
                    times = tn!("{n} time", "{n} times", q.series_count)
                )}
                {days_left.map(|d| tn!(
                    " · {n} day left before the job is disabled",
                    " · {n} days left before the job is disabled",
                    d
                ))}
            </p>
            {error.map(|e| view! {
                <p class="sd-card__quarantine-error"><code>{e.code}</code> " " {e.message}</p>
            })}
        </div>
    }
}

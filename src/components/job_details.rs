//! One job in full, for the job page: its card, everything in its status object, and its JSON
//! as Graph sent it, following the job in place when it is read again.

use super::error_view::GraphFailureDetails;
use super::status_card::StatusCard;
use crate::actions::JobCommands;
use crate::graph::GraphFailure;
use leptos::prelude::*;
use syncdeck_core::AppJob;
use syncdeck_graph::{
    GraphTime, ServicePrincipal, SynchronizationJob, SynchronizationTaskExecution,
};
use syncdeck_i18n::{t, tf};

/// A count as Graph sent it: the table shows the status object in full, its numbers unformatted
/// (the same in every language).
fn count(n: i64) -> String {
    n.to_string()
}

/// A job as read: the parsed job and the JSON as Graph sent it.
pub type JobRead = Result<(SynchronizationJob, String), GraphFailure>;

fn time_cell(t: &GraphTime, now_ms: i64) -> String {
    if t.is_never() {
        t!("never").to_string()
    } else {
        format!("{} ({})", t.display_utc(), t.relative_to(now_ms))
    }
}

/// One run (`synchronizationTaskExecution`) with every count.
#[component]
fn RunTable(
    /// The table's caption, in the current language (e.g. "Last run").
    caption: &'static str,
    /// The run, if any.
    run: Option<SynchronizationTaskExecution>,
    /// Now, Unix ms.
    now_ms: i64,
) -> impl IntoView {
    let Some(run) = run else {
        return view! { <p class="sd-details__none">{tf!("{caption}: none", caption = caption)}</p> }.into_any();
    };
    let rows: Vec<(&'static str, String)> = vec![
        (t!("Result"), run.state.label()),
        (t!("Began"), time_cell(&run.time_began, now_ms)),
        (t!("Ended"), time_cell(&run.time_ended, now_ms)),
        (
            t!("Duration"),
            run.run_length().unwrap_or_else(|| "-".into()),
        ),
        (t!("Imported"), count(run.count_imported)),
        (t!("Imported deltas"), count(run.count_imported_deltas)),
        (
            t!("Imported reference deltas"),
            count(run.count_imported_reference_deltas),
        ),
        (t!("Exports expected"), count(run.count_exports)),
        (t!("Exported"), count(run.count_exported)),
        (t!("Escrowed (errors)"), count(run.count_escrowed)),
        (t!("Escrowed incl. system"), count(run.count_escrowed_raw)),
        (t!("Entitled"), count(run.count_entitled)),
        (
            t!("Entitled for provisioning"),
            count(run.count_entitled_for_provisioning),
        ),
        (
            t!("Run id"),
            run.activity_identifier
                .clone()
                .unwrap_or_else(|| "-".into()),
        ),
    ];
    let error = run.error.clone().filter(|e| !e.is_empty());
    view! {
        <table class="sd-details__table">
            <caption>{caption}</caption>
            <tbody>
                {rows.into_iter().map(|(k, v)| view! { <tr><th scope="row">{k}</th><td>{v}</td></tr> }).collect_view()}
                {error.map(|e| view! {
                    <tr><th scope="row">{t!("Error")}</th>
                        <td><code>{e.code}</code> " " {e.message}
                            {e.tenant_actionable.then_some(t!(" (you can fix this)"))}</td></tr>
                })}
            </tbody>
        </table>
    }
    .into_any()
}

/// The whole status object of a job, the schedule and the job settings.
#[component]
pub fn JobDetails(
    /// The job.
    job: SynchronizationJob,
    /// Now, Unix ms.
    now_ms: i64,
) -> impl IntoView {
    let s = job.status.clone();
    let facts: Vec<(&'static str, String)> = vec![
        (t!("Job id"), job.id.clone()),
        (t!("Template id"), job.template_id.clone()),
        (t!("State (status.code)"), s.code.label()),
        (t!("Schedule state"), job.schedule.state.label()),
        (
            t!("Interval"),
            format!(
                "{} ({})",
                job.schedule.interval.human(),
                job.schedule.interval.raw().unwrap_or("-")
            ),
        ),
        (
            t!("Schedule expires"),
            time_cell(&job.schedule.expiration, now_ms),
        ),
        (
            t!("Failed runs in a row"),
            count(s.count_successive_complete_failures),
        ),
        (
            t!("Escrows pruned"),
            if s.escrows_pruned {
                t!("yes: the job pauses after the initial cycle until cleaned up").into()
            } else {
                t!("no").into()
            },
        ),
        (
            t!("Steady state first reached"),
            time_cell(&s.steady_state_first_achieved_time, now_ms),
        ),
        (
            t!("Steady state last reached"),
            time_cell(&s.steady_state_last_achieved_time, now_ms),
        ),
    ];
    let counts = s.synchronized_entry_count_by_type.clone();
    let progress = s.progress.clone();
    let settings = job.synchronization_job_settings.clone();
    let troubleshooting = s
        .troubleshooting_url
        .clone()
        .filter(|u| u.starts_with("https://"));
    view! {
        <section class="sd-details" aria-labelledby="sd-details-title">
            <h2 id="sd-details-title">{t!("Status in full")}</h2>
            <table class="sd-details__table">
                <caption>{t!("Job")}</caption>
                <tbody>
                    {facts.into_iter().map(|(k, v)| view! { <tr><th scope="row">{k}</th><td>{v}</td></tr> }).collect_view()}
                    {troubleshooting.map(|u| view! {
                        <tr><th scope="row">{t!("Troubleshooting")}</th>
                            <td><a href=u.clone() rel="noopener noreferrer" target="_blank">{u.clone()}</a></td></tr>
                    })}
                </tbody>
            </table>
            <RunTable caption=t!("Last run") run=s.last_execution.clone() now_ms=now_ms />
            <RunTable caption=t!("Last successful run") run=s.last_successful_execution.clone() now_ms=now_ms />
            <RunTable caption=t!("Last successful run with exports") run=s.last_successful_execution_with_exports.clone() now_ms=now_ms />
            <table class="sd-details__table">
                <caption>{t!("Progress of the current cycle")}</caption>
                <thead><tr><th scope="col">{t!("Completed")}</th><th scope="col">{t!("Total")}</th><th scope="col">{t!("Units")}</th><th scope="col">{t!("Observed")}</th></tr></thead>
                <tbody>
                    {progress.into_iter().map(|p| view! {
                        <tr><td>{count(p.completed_units)}</td><td>{count(p.total_units)}</td>
                            <td>{p.units.unwrap_or_else(|| "-".into())}</td>
                            <td>{time_cell(&p.progress_observation_date_time, now_ms)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <table class="sd-details__table">
                <caption>{t!("Synchronized entries by type")}</caption>
                <tbody>
                    {counts.into_iter().map(|c| view! { <tr><th scope="row">{c.key}</th><td>{count(c.value)}</td></tr> }).collect_view()}
                </tbody>
            </table>
            <table class="sd-details__table">
                <caption>{t!("Job settings")}</caption>
                <tbody>
                    {settings.into_iter().map(|kv| view! {
                        <tr><th scope="row">{kv.name}</th><td>{kv.value.unwrap_or_default()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// The job's card, its whole status and its JSON as `first` read them, following `fresh` reads
/// in place; or why the job could not be read (then the last good read stays, hidden).
#[component]
pub fn JobInFull(
    /// The job's app.
    sp: ServicePrincipal,
    /// The job as first read.
    first: JobRead,
    /// The job as read again since (after an action on it), if it was.
    fresh: RwSignal<Option<JobRead>>,
    /// What the card's buttons do.
    commands: JobCommands,
) -> impl IntoView {
    let now_ms = crate::browser::now_ms();
    let first_failure = first.as_ref().err().cloned();
    let failure = move || match fresh.with(|f| f.as_ref().map(|r| r.as_ref().err().cloned())) {
        Some(failure) => failure,
        None => first_failure.clone(),
    };
    let alert = move || {
        failure().map(|e| view! { <div class="sd-alert" role="alert"><GraphFailureDetails failure=e /></div> })
    };
    let Ok((first_job, first_raw)) = first else {
        return alert.into_any();
    };
    // The latest good read.
    let entry = Memo::new(move |last: Option<&AppJob>| {
        let read = fresh.with(|f| match f {
            Some(Ok((job, _))) => Some(job.clone()),
            _ => None,
        });
        match (read, last) {
            (Some(job), _) => AppJob::new(sp.clone(), job),
            (None, Some(last)) => last.clone(),
            (None, None) => AppJob::new(sp.clone(), first_job.clone()),
        }
    });
    // Shown only while the last read is good (else hidden, see below).
    let raw = move || {
        fresh.with(|f| match f {
            Some(Ok((_, raw))) => pretty(raw),
            _ => pretty(&first_raw),
        })
    };
    let failed = move || fresh.with(|f| matches!(f, Some(Err(_))));
    view! {
        {alert}
        <div hidden=failed>
            <StatusCard entry=entry now_ms=now_ms commands=commands />
            {move || view! { <JobDetails job=entry.with(|e| e.job.clone()) now_ms=now_ms /> }}
            <details class="sd-raw">
                <summary>{t!("Raw JSON (as Microsoft Graph sent it)")}</summary>
                <pre><code>{raw}</code></pre>
            </details>
        </div>
    }
    .into_any()
}

/// Graph's JSON, indented when it parses (as sent otherwise).
fn pretty(raw: &str) -> String {
    serde_json::from_str::<serde_json::Value>(raw)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| raw.to_string())
}

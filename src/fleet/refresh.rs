//! The fleet view's auto-refresh: re-reads the job lists of the apps that have jobs (through
//! the same batch runner as the scan) when `syncdeck_core::refresh` says, nothing while the tab
//! is hidden, and announces what changed.

use super::FleetView;
use crate::actions::Actions;
use crate::browser::{now_ms, sleep_ms, tab_hidden};
use crate::graph::scan;
use crate::graph::{GraphClient, GraphFailure};
use leptos::prelude::*;
use syncdeck_core::Fleet;
use syncdeck_core::refresh::{RefreshNow, RefreshPolicy, RefreshStep};

/// Runs until the page is left (`abort` fires or the signals are gone).
pub(super) async fn auto_refresh(
    client: GraphClient,
    view: FleetView,
    actions: Actions,
    abort: Option<web_sys::AbortSignal>,
) {
    let fleet = view.scan.fleet;
    let mut policy = RefreshPolicy::default();
    loop {
        if abort.as_ref().is_some_and(|s| s.aborted()) {
            return;
        }
        let (Some(updated_at), Some(last_action_at)) = (
            view.updated_at.try_get_untracked(),
            actions.last_action_at.try_get_untracked(),
        ) else {
            return;
        };
        let step = fleet.try_with_untracked(|f| {
            let jobs: Vec<_> = f.jobs().collect();
            policy.step(&RefreshNow {
                now_ms: now_ms(),
                updated_at,
                jobs: &jobs,
                last_action_at,
                hidden: tab_hidden(),
            })
        });
        match step {
            None => return,
            Some(RefreshStep::SleepMs(ms)) => {
                sleep_ms(ms).await;
                continue;
            }
            Some(RefreshStep::Refresh) => {}
        }
        let Some(apps) = fleet.try_with_untracked(Fleet::apps) else {
            return;
        };
        let concurrency = scan::DEFAULT_CONCURRENCY;
        let outcome =
            scan::refresh_jobs(&client, view.scan, apps, concurrency, abort.clone()).await;
        if outcome == Err(GraphFailure::Aborted) {
            return;
        }
        policy.record(outcome.as_ref());
        if let Ok(outcome) = outcome {
            let Some(changes) = fleet.try_update(|f| f.merge_refresh(outcome)) else {
                return;
            };
            if !changes.is_empty() {
                // One sentence a change (each without its full stop).
                view.announcement
                    .try_set(changes.join(syncdeck_i18n::t!(". ")));
            }
        }
        if view.updated_at.try_set(Some(now_ms())).is_some() {
            return;
        }
    }
}

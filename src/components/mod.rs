//! Components, one family a file. Components never parse JSON, build URLs or call `fetch`, and
//! never reach into context services: they take data (values and signals) and callbacks from
//! their page.

pub mod account;
pub mod badge;
pub mod bulk;
pub mod error_view;
pub mod fleet_controls;
pub mod job_actions;
pub mod job_details;
pub mod logs;
pub mod new_job;
pub mod notices;
pub mod outcomes;
pub mod scan_progress;
pub mod status_card;

use syncdeck_core::AppJob;

/// The HTML id of a job's card (and the prefix of its dialogs' and descriptions' ids): safe
/// characters only, unique per service principal and job.
pub fn job_dom_id(entry: &AppJob) -> String {
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    format!("sd-job-{}-{}", safe(&entry.sp.id), safe(&entry.job.id))
}

//! A job and its app: [`AppJob`], the one type the app passes around for "this job of that
//! service principal" (cards, actions, the fleet, the CSV export), and the change an action
//! brings to one ([`JobUpdate`]).

use syncdeck_graph::fleet::JobView;
use syncdeck_graph::{ServicePrincipal, SynchronizationJob};

/// A synchronization job with the service principal it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct AppJob {
    /// The app (service principal). Known by its id alone until a listing names it.
    pub sp: ServicePrincipal,
    /// One of its synchronization jobs.
    pub job: SynchronizationJob,
}

impl AppJob {
    /// `job` of `sp`.
    pub fn new(sp: ServicePrincipal, job: SynchronizationJob) -> AppJob {
        AppJob { sp, job }
    }

    /// The app's display name (its id when it has none).
    pub fn app_name(&self) -> &str {
        self.sp.name()
    }

    /// The job's key: `spId/jobId` (single-flight, selection, updates).
    pub fn key(&self) -> String {
        job_key(&self.sp.id, &self.job.id)
    }

    /// True when this is job `job_id` of service principal `sp_id`.
    pub fn is(&self, sp_id: &str, job_id: &str) -> bool {
        self.sp.id == sp_id && self.job.id == job_id
    }

    /// The job as `syncdeck-graph`'s fleet rules read it (the CSV export, the announcer).
    pub fn view(&self) -> JobView<'_> {
        JobView {
            app_name: self.sp.name(),
            sp_id: &self.sp.id,
            app_id: self.sp.app_id.as_deref(),
            job: &self.job,
        }
    }
}

/// `spId/jobId`: one job's key.
pub fn job_key(sp_id: &str, job_id: &str) -> String {
    format!("{sp_id}/{job_id}")
}

/// A job that changed because of an action, as read after it (`job: None`: deleted).
#[derive(Debug, Clone, PartialEq)]
pub struct JobUpdate {
    /// The service principal.
    pub sp_id: String,
    /// The job id.
    pub job_id: String,
    /// The job as read after the action, or `None` when it was deleted.
    pub job: Option<SynchronizationJob>,
}

impl JobUpdate {
    /// True when the update is about job `job_id` of `sp_id`.
    pub fn is(&self, sp_id: &str, job_id: &str) -> bool {
        self.sp_id == sp_id && self.job_id == job_id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syncdeck_graph::parse_job;

    #[test]
    fn one_job_seen_by_the_announcer_and_the_export() {
        let job = parse_job(r#"{"id":"scim.1","templateId":"scim"}"#).unwrap();
        let mut sp = ServicePrincipal::with_id("sp-1");
        let unnamed = AppJob::new(sp.clone(), job.clone());
        assert_eq!(unnamed.app_name(), "sp-1");
        sp.display_name = Some("Slack".into());
        sp.app_id = Some("app-1".into());
        let e = AppJob::new(sp, job);
        assert_eq!(e.key(), "sp-1/scim.1");
        assert!(e.is("sp-1", "scim.1") && !e.is("sp-1", "scim.2"));
        assert_eq!(e.view().app_name, "Slack");
        assert_eq!(e.view().app_id, Some("app-1"));
        assert_eq!(e.view().sp_id, "sp-1");
    }
}

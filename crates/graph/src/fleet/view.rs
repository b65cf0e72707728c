//! [`JobView`]: a job and its app as the fleet rules read them (the CSV export, the change
//! announcer), borrowed from whatever owns them (`syncdeck_core::AppJob` in the app).

use crate::model::SynchronizationJob;

/// A job with its app, borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JobView<'a> {
    /// The app (service principal) display name.
    pub app_name: &'a str,
    /// The service principal's object id.
    pub sp_id: &'a str,
    /// The application (client) id, when known.
    pub app_id: Option<&'a str>,
    /// The job.
    pub job: &'a SynchronizationJob,
}

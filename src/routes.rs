//! The routes, in one enum: no string-literal paths in links or navigation. Paths mirror Graph's
//! (`/servicePrincipals/{spId}/jobs/{jobId}`), so a link reads like the API call behind it.

use syncdeck_graph::request::encode_segment;

/// A page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppRoute {
    /// `/`: every job of the tenant.
    Fleet,
    /// `/servicePrincipals/{spId}`: one app, its jobs and templates.
    ServicePrincipal {
        /// The service principal's object id.
        sp_id: String,
    },
    /// `/servicePrincipals/{spId}/jobs/{jobId}`: one job in full.
    Job {
        /// The service principal's object id.
        sp_id: String,
        /// The job id.
        job_id: String,
    },
}

impl AppRoute {
    /// The path of this page (ids percent-encoded as path segments).
    pub fn path(&self) -> String {
        let seg = |s: &str| encode_segment(s, "id").unwrap_or_else(|_| "_".to_string());
        match self {
            AppRoute::Fleet => "/".to_string(),
            AppRoute::ServicePrincipal { sp_id } => format!("/servicePrincipals/{}", seg(sp_id)),
            AppRoute::Job { sp_id, job_id } => {
                format!("/servicePrincipals/{}/jobs/{}", seg(sp_id), seg(job_id))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AppRoute;

    #[test]
    fn paths_mirror_graph_and_encode_ids() {
        assert_eq!(AppRoute::Fleet.path(), "/");
        let sp = "8a3c2f7e-5b1d-4e96-a0c4-2d7f9b6e1c35".to_string();
        assert_eq!(
            AppRoute::ServicePrincipal { sp_id: sp.clone() }.path(),
            format!("/servicePrincipals/{sp}")
        );
        assert_eq!(
            AppRoute::Job {
                sp_id: sp.clone(),
                job_id: "aws.0ce2.x/y".into()
            }
            .path(),
            format!("/servicePrincipals/{sp}/jobs/aws.0ce2.x%2Fy")
        );
    }
}

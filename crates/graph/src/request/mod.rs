//! Request builders for every Graph call the app makes (the synchronization
//! operations are listed at
//! <https://learn.microsoft.com/en-us/graph/api/resources/synchronization-overview?view=graph-rest-1.0>).
//!
//! Each builder returns a [`GraphRequest`]: the method, the path relative to
//! the version root (`https://graph.microsoft.com/v1.0`), already
//! percent-encoded and with its query, the JSON body if any, the headers the
//! call needs, and the [`Operation`](crate::hints::Operation) it performs
//! (for hints and for the retry policy). The app's one `send` adds the token
//! and a `client-request-id`; nothing else builds a URL.
//!
//! Ids are percent-encoded as path segments: only RFC 3986 unreserved
//! characters (`A-Z a-z 0-9 - . _ ~`) stay as they are, so an id can never
//! add a path segment, a query or a fragment. An id that is empty, `.` or
//! `..` is refused ([`RequestError::InvalidId`]): a browser would resolve
//! such a segment (even encoded as `%2E`) and send the request elsewhere.
//! Query values are percent-encoded too, keeping `$ , ' ( ) :` readable
//! (Graph accepts them as they are), so `$select=id,appId` stays legible.
//!
//! - `graph_request`: [`GraphRequest`], [`Method`] and [`RequestError`].
//! - `encode`: percent-encoding of path segments and query values.
//! - `directory`: service principals and provisioning logs.
//! - `jobs`: everything under `/servicePrincipals/{id}/synchronization`.

mod directory;
mod encode;
mod graph_request;
mod jobs;

pub use directory::{
    MAX_SERVICE_PRINCIPALS_TOP, SERVICE_PRINCIPAL_SELECT, ServicePrincipalQuery,
    get_service_principal, list_service_principals, provisioning_logs_for_job,
};
pub(crate) use encode::query_string;
pub use encode::{encode_query_value, encode_segment, odata_string};
pub(crate) use graph_request::find_header;
pub use graph_request::{GraphRequest, Method, RequestError};
pub use jobs::{
    CredentialsValidation, create_job, delete_job, get_job, get_schema, get_secrets, list_jobs,
    list_templates, pause_job, provision_on_demand, provision_on_demand_json, put_schema,
    put_secrets, restart_job, start_job, validate_credentials, validate_credentials_before_job,
};

//! Conformance with the emulator (`crates/emulator`), a local peer of the synchronization API
//! written independently from this crate: everything it serves must read into the crate's types
//! with no property the crate does not know, and with no enum value the crate reads as `Unknown`.
//!
//! # What is fetched
//!
//! The emulator runs in-process (`tower::ServiceExt::oneshot`, no socket) with a pinned clock
//! that does not move, and without its rate limits. From the demo tenant, under `/v1.0` and
//! `/beta`: the service principals (`$top=999`, the fleet scan's own `$select`, a paged
//! `$count=true` listing, one service principal), every app's jobs and each job, every app's
//! templates and each template, the provisioning logs (`$top=1000`, every `@odata.nextLink`
//! followed, a paged listing and the app's per-job query), two `provisionOnDemand` answers
//! (`Success`, then `Skipped` for the same object, made before the logs are read so their log
//! entries are checked too), a `$batch` answer and each of its sub-responses, and Graph's error
//! envelopes: 400 (a `$filter` the directory refuses, a `validateCredentials` failure), 401,
//! 403 (the forbidden-app fault), 404 (an unknown app, job and path) and 429 (sub-responses of a
//! `$batch` under the throttling fault). From a generated tenant of 300 apps: the service
//! principals, every app's jobs and templates, each job and template, and the logs.
//!
//! A job's schema (`GET .../jobs/{jobId}/schema`) is fetched only for the rule id that
//! `provisionOnDemand` needs: the crate does not model schemas (`request::get_schema`'s answer
//! and a template's `schema` are kept as raw JSON), so there is nothing to check it against.
//!
//! # How a property is known to be kept
//!
//! As in `tests/csdl_conformance.rs`: the crate's structs ignore members they do not model, so a
//! successful parse proves nothing. Each document is read into the crate's type and written back
//! (serde for the models; for [`GraphError`] and the `$batch` answer, which the crate reads but
//! does not write, a writer here maps each field back to the member it was read from), and every
//! member of the emulator's JSON must come back, with the same value (strings may differ in
//! ASCII case only: the crate writes enum members in Graph's canonical spelling, see
//! `crates/graph/src/enums/mod.rs`). Several models leave an absent or empty value out when
//! writing, so a member that was `null`, `[]`, `{}` or `""` and did not come back is probed: the
//! document is read again with a string, a number, a Boolean, an object and arrays in its place,
//! and the member is known when one of them comes back (a member with any other value must come
//! back as it is). A member that never comes back is unknown: the test fails unless it is in
//! [`ALLOWED`] (what the crate deliberately does not carry) or in [`EMULATOR_BUGS`] (what the
//! emulator should not send); an entry of either list that no document needs any more fails the
//! test too. The two members of a provisionOnDemand answer that carry JSON documents as strings
//! (`key` and `value`) are read with [`StringKeyStringValuePair::decode`] and written back with
//! [`OnDemandResult::to_response`]; members that land in the decoded result's `extra` maps are
//! kept, but unknown, and count as such.
//!
//! Every enum value of every parsed document (job and schedule states, quarantine reasons, run
//! results, template metadata keys, provisioning actions, results, step types, error categories,
//! initiator types, on-demand outcomes) must be a known variant.

// The emulator needs tokio's networking, which does not build for wasm32.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/log_event.rs"]
mod same;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::Request;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use syncdeck_emulator::{AppState, GraphTime as EmulatorTime, Options};
use syncdeck_graph::batch::{BatchRequest, decode_batch_response};
use syncdeck_graph::model::{
    OnDemandChange, OnDemandResult, ProvisionOnDemandRequest, ProvisioningObjectSummary,
    ServicePrincipal, StatusDetails, StringKeyStringValuePair,
    SynchronizationSecretKeyStringValuePair, SynchronizationTemplate,
};
use syncdeck_graph::request::{self, CredentialsValidation, GraphRequest, ServicePrincipalQuery};
use syncdeck_graph::{
    GraphError, InitiatorType, ODataPage, OnDemandOutcome, ProvisioningAction, ProvisioningResult,
    ProvisioningStatusErrorCategory, ProvisioningStepType, QuarantineReason, ScheduleState,
    StatusCode, SynchronizationJob, SynchronizationMetadata, SynchronizationSecret,
    SynchronizationTaskExecution, TaskExecutionResult, parse_as, parse_job, parse_jobs_page,
    parse_provision_on_demand_response, parse_provisioning_page, parse_service_principals_page,
    parse_template, parse_templates_page,
};
use tower::ServiceExt;

/// The emulator's pinned "now" (the one its own tests use, `crates/emulator/tests/common`).
const NOW: &str = "2026-11-22T21:03:11.1234567Z";
/// The size of the generated tenant.
const GENERATED_APPS: usize = 300;
/// The display name of the app of the forbidden-app fault (`crates/emulator/src/demo.rs`).
const RESTRICTED_APP: &str = "Contoso Payroll (restricted)";

// ---------------------------------------------------------------------------
// The lists
// ---------------------------------------------------------------------------

/// What a document is, which decides the crate's type it is read into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    /// A page of `GET /servicePrincipals`.
    ServicePrincipals,
    /// `GET /servicePrincipals/{id}`.
    ServicePrincipal,
    /// A page of `GET .../synchronization/jobs`.
    Jobs,
    /// `GET .../synchronization/jobs/{jobId}`.
    Job,
    /// `GET .../synchronization/templates`.
    Templates,
    /// `GET .../synchronization/templates/{templateId}`.
    Template,
    /// A page of `GET /auditLogs/provisioning`.
    Provisioning,
    /// The answer of `POST .../provisionOnDemand`.
    OnDemand,
    /// Graph's error envelope (any 4xx).
    Error,
    /// The answer of `POST /$batch`.
    Batch,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// Members of the emulator's JSON that a document may carry although the crate does not:
/// (the kinds of document, empty for every kind; the members, as paths with `[]` for any array
/// index; why).
type Listed = (&'static [Kind], &'static [&'static str], &'static str);

/// Members the crate deliberately does not carry.
const ALLOWED: &[Listed] = &[
    (
        &[],
        &["@odata.context"],
        "OData control information naming the metadata of the answer, not a property of the \
         resource; only the provisionOnDemand answer keeps it (StringKeyStringValuePair)",
    ),
    (
        &[Kind::ServicePrincipals],
        &[
            "value[].appDisplayName",
            "value[].appOwnerOrganizationId",
            "value[].deletedDateTime",
            "value[].description",
            "value[].homepage",
            "value[].preferredSingleSignOnMode",
            "value[].servicePrincipalNames",
            "value[].signInAudience",
        ],
        "servicePrincipal properties the app never asks for: ServicePrincipal holds what the \
         fleet scan selects (request::SERVICE_PRINCIPAL_SELECT, \
         crates/graph/src/request/directory.rs) and a few more; these come only without \
         $select, and the answers with the scan's $select are checked with nothing allowed",
    ),
    (
        &[Kind::Error],
        &["error.innerError.message", "error.innerError.status"],
        "the inner error of a 429 repeats the HTTP status and a generic sentence (as in the \
         example of https://learn.microsoft.com/graph/throttling); GraphError keeps the status \
         and error.message",
    ),
];

/// Members the emulator sends that Microsoft's description of the API says it should not. Each
/// is a bug of the emulator (`crates/emulator`), listed so this test stays green until it is
/// fixed; an entry fails the test once the emulator stops sending it.
const EMULATOR_BUGS: &[Listed] = &[];

/// The index of the entry of `list` that names the member at `pattern` of a document of `kind`.
fn listed(list: &[Listed], kind: Kind, pattern: &str) -> Option<usize> {
    list.iter().position(|(kinds, paths, _)| {
        (kinds.is_empty() || kinds.contains(&kind)) && paths.contains(&pattern)
    })
}

// ---------------------------------------------------------------------------
// The emulator, in-process
// ---------------------------------------------------------------------------

/// An answer: its status and body.
struct Answer {
    status: u16,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

/// One emulator, called without a socket.
struct Emulator {
    app: Router,
}

impl Emulator {
    /// The demo tenant (`apps: None`) or a generated one, at [`NOW`], with the clock frozen and
    /// no rate limit.
    fn start(apps: Option<usize>) -> Emulator {
        let options = Options {
            now: Some(EmulatorTime::parse(NOW).expect("NOW is a timestamp")),
            speed: 0.0,
            reports_limit: 0,
            on_demand_limit: 0,
            apps,
            ..Default::default()
        };
        Emulator {
            app: syncdeck_emulator::app(AppState::new(options)),
        }
    }

    async fn call(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Answer {
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header("host", "127.0.0.1:8080");
        if let Some(token) = token {
            builder = builder.header("authorization", format!("Bearer {token}"));
        }
        let body = match body {
            Some(b) => {
                builder = builder.header("content-type", "application/json");
                Body::from(b.to_string())
            }
            None => Body::empty(),
        };
        let response = self
            .app
            .clone()
            .oneshot(builder.body(body).expect("a request"))
            .await
            .expect("the router never fails");
        let status = response.status().as_u16();
        let bytes = to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("a body");
        Answer {
            status,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// A Graph call with the emulator's token: `uri` starts with the version (`/v1.0/...`).
    async fn graph(&self, method: &str, uri: &str, body: Option<&Value>) -> Answer {
        self.call(method, uri, Some(syncdeck_emulator::DEFAULT_TOKEN), body)
            .await
    }

    /// One of the crate's requests, under `version`.
    async fn send(&self, version: &str, req: &GraphRequest) -> Answer {
        let uri = format!("/{version}{}", req.path);
        self.graph(req.method.as_str(), &uri, req.body.as_ref())
            .await
    }

    /// `POST /_emulator/faults` with `faults` (merged into the current ones).
    async fn faults(&self, faults: Value) {
        let a = self
            .call("POST", "/_emulator/faults", None, Some(&faults))
            .await;
        assert_eq!(a.status, 200, "{}", a.text);
    }

    /// `DELETE /_emulator/faults`: every fault off.
    async fn no_faults(&self) {
        let a = self.call("DELETE", "/_emulator/faults", None, None).await;
        assert_eq!(a.status, 204, "{}", a.text);
    }
}

// ---------------------------------------------------------------------------
// The documents
// ---------------------------------------------------------------------------

/// One JSON document the emulator served.
struct Doc {
    kind: Kind,
    /// The request, e.g. `GET /v1.0/servicePrincipals?$top=999`.
    source: String,
    status: u16,
    text: String,
}

/// Everything fetched from one emulator.
#[derive(Default)]
struct Corpus {
    docs: Vec<Doc>,
    /// Answers fetched but not checked (the schemas), by request.
    unchecked: Vec<String>,
}

impl Corpus {
    /// Keeps `answer` as a document of `kind`, after checking its status.
    fn add(&mut self, kind: Kind, source: String, answer: &Answer, status: u16) {
        assert_eq!(answer.status, status, "{source}: {}", answer.text);
        self.docs.push(Doc {
            kind,
            source,
            status: answer.status,
            text: answer.text.clone(),
        });
    }

    /// GET `uri` (with the version) and keep it as a document of `kind` (status 200).
    async fn get(&mut self, emu: &Emulator, kind: Kind, uri: &str) -> Value {
        let answer = emu.graph("GET", uri, None).await;
        self.add(kind, format!("GET {uri}"), &answer, 200);
        answer.json()
    }

    /// Sends `req` under `version` and keeps the answer as a document of `kind` with `status`.
    async fn send(
        &mut self,
        emu: &Emulator,
        version: &str,
        kind: Kind,
        req: &GraphRequest,
        status: u16,
    ) -> Value {
        let answer = emu.send(version, req).await;
        let source = format!("{} /{version}{}", req.method.as_str(), req.path);
        self.add(kind, source, &answer, status);
        answer.json()
    }

    /// Every page of a collection from `uri` on, following `@odata.nextLink`.
    async fn all_pages(&mut self, emu: &Emulator, kind: Kind, uri: &str) -> Vec<Value> {
        let mut items = Vec::new();
        let mut next = Some(uri.to_owned());
        while let Some(uri) = next.take() {
            let page = self.get(emu, kind, &uri).await;
            items.extend(
                page["value"]
                    .as_array()
                    .expect("a collection")
                    .iter()
                    .cloned(),
            );
            next = page["@odata.nextLink"].as_str().map(|link| {
                // The link is absolute, on the Host header the request carried.
                let path = link
                    .strip_prefix("http://127.0.0.1:8080")
                    .unwrap_or_else(|| panic!("a nextLink on another host: {link}"));
                path.to_owned()
            });
        }
        items
    }

    /// `GET /{version}/servicePrincipals?$top=999`: every service principal of the demo tenant
    /// on one page (a generated tenant's first page).
    async fn service_principals(&mut self, emu: &Emulator, version: &str) -> Value {
        let uri = format!("/{version}/servicePrincipals?$top=999");
        self.get(emu, Kind::ServicePrincipals, &uri).await
    }

    /// Every page of the provisioning logs under `version`, 1000 entries a page.
    async fn all_logs(&mut self, emu: &Emulator, version: &str) -> Vec<Value> {
        let uri = format!("/{version}/auditLogs/provisioning?$top=1000");
        self.all_pages(emu, Kind::Provisioning, &uri).await
    }

    /// A `$batch` of `batch` under `version`: the answer as a [`Kind::Batch`] document, and each
    /// sub-response body as a document of the kind `kind_of` gives its request id (an error
    /// envelope for a 4xx).
    async fn batch(
        &mut self,
        emu: &Emulator,
        version: &str,
        batch: &BatchRequest,
        kind_of: impl Fn(&str) -> Kind,
    ) -> Vec<(String, u16)> {
        let answer = self
            .send(emu, version, Kind::Batch, &batch.to_request(), 200)
            .await;
        let mut statuses = Vec::new();
        for item in answer["responses"].as_array().expect("responses") {
            let id = item["id"].as_str().expect("an id").to_owned();
            let status = item["status"].as_u64().expect("a status") as u16;
            let kind = if status >= 400 {
                Kind::Error
            } else {
                kind_of(&id)
            };
            let request = batch.get(&id).expect("a request of the batch");
            self.docs.push(Doc {
                kind,
                source: format!(
                    "$batch /{version} request {id}: {} {}",
                    request.method.as_str(),
                    request.path
                ),
                status,
                text: item["body"].to_string(),
            });
            statuses.push((id, status));
        }
        statuses
    }
}

/// The `id` of every object of `items`.
fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// Every app's jobs and templates, each job and each template, under `version`; the jobs as
/// (app id, job JSON).
async fn synchronization_of(
    corpus: &mut Corpus,
    emu: &Emulator,
    version: &str,
    apps: &[String],
) -> Vec<(String, Value)> {
    let mut jobs = Vec::new();
    for sp in apps {
        let list = request::list_jobs(sp).expect("an id");
        let page = corpus.send(emu, version, Kind::Jobs, &list, 200).await;
        for job in page["value"].as_array().expect("jobs") {
            let job_id = job["id"].as_str().expect("a job id");
            let get = request::get_job(sp, job_id).expect("ids");
            corpus.send(emu, version, Kind::Job, &get, 200).await;
            jobs.push((sp.clone(), job.clone()));
        }
        let list = request::list_templates(sp).expect("an id");
        let page = corpus.send(emu, version, Kind::Templates, &list, 200).await;
        for template in page["value"].as_array().expect("templates") {
            let tid = template["id"].as_str().expect("a template id");
            let uri = format!("/{version}{}/{tid}", list.path);
            corpus.get(emu, Kind::Template, &uri).await;
        }
    }
    jobs
}

/// Everything the demo tenant serves (see the module documentation).
async fn demo_corpus() -> Corpus {
    let emu = Emulator::start(None);
    let mut corpus = Corpus::default();

    let mut demo_jobs = Vec::new();
    let mut apps = Vec::new();
    for version in ["v1.0", "beta"] {
        let sps = corpus.service_principals(&emu, version).await;
        apps = ids(sps["value"].as_array().expect("apps"));
        // The fleet scan's own listing, and a paged one with a count.
        let scan = request::list_service_principals(&ServicePrincipalQuery::default());
        corpus
            .send(&emu, version, Kind::ServicePrincipals, &scan, 200)
            .await;
        corpus
            .all_pages(
                &emu,
                Kind::ServicePrincipals,
                &format!("/{version}/servicePrincipals?$top=7&$count=true"),
            )
            .await;
        let one = request::get_service_principal(&apps[0]).expect("an id");
        corpus
            .send(&emu, version, Kind::ServicePrincipal, &one, 200)
            .await;
        demo_jobs = synchronization_of(&mut corpus, &emu, version, &apps).await;
    }
    assert!(!demo_jobs.is_empty(), "the demo tenant has jobs");

    // provisionOnDemand on a job that has run (a configured job accepts it): the first request
    // for an object succeeds, the second is skipped. Its rule id comes from the job's schema.
    let (sp, job) = demo_jobs
        .iter()
        .find(|(_, j)| j["status"]["code"] == "Active")
        .expect("an active job in the demo tenant");
    let job_id = job["id"].as_str().expect("a job id");
    let schema_req = request::get_schema(sp, job_id).expect("ids");
    let schema = emu.send("v1.0", &schema_req).await;
    assert_eq!(schema.status, 200, "{}", schema.text);
    corpus
        .unchecked
        .push(format!("GET /v1.0{}", schema_req.path));
    let rule_id = schema.json()["synchronizationRules"][0]["id"]
        .as_str()
        .expect("a rule id")
        .to_owned();
    let body =
        ProvisionOnDemandRequest::single(rule_id, "4f6a2c8e-1b3d-4e5f-9a7b-0c1d2e3f4a5b", "User");
    let on_demand = request::provision_on_demand(sp, job_id, &body).expect("ids");
    for version in ["v1.0", "beta"] {
        corpus
            .send(&emu, version, Kind::OnDemand, &on_demand, 200)
            .await;
    }

    // The logs, with the on-demand entries: every page, a paged listing with a count, and the
    // app's own per-job query.
    for version in ["v1.0", "beta"] {
        // The app's reading of each entry (`LogEvent`) gives the typed model's values.
        for entry in corpus.all_logs(&emu, version).await {
            same::assert_same_as_typed(&entry);
        }
        corpus
            .get(
                &emu,
                Kind::Provisioning,
                &format!("/{version}/auditLogs/provisioning?$top=3&$count=true"),
            )
            .await;
        let per_job = request::provisioning_logs_for_job(job_id, 50);
        corpus
            .send(&emu, version, Kind::Provisioning, &per_job, 200)
            .await;
    }

    // A $batch as the fleet scan sends one (job lists), with a job, templates and a missing job.
    let mut items = Vec::new();
    for (i, sp) in apps.iter().take(16).enumerate() {
        items.push((format!("jobs-{i}"), request::list_jobs(sp).expect("an id")));
    }
    items.push(("job".to_owned(), request::get_job(sp, job_id).expect("ids")));
    items.push((
        "templates".to_owned(),
        request::list_templates(sp).expect("an id"),
    ));
    items.push((
        "missing".to_owned(),
        request::get_job(sp, "scim.00000000000000000000000000000000").expect("ids"),
    ));
    let batch = BatchRequest::new(items).expect("a valid batch");
    let kind_of = |id: &str| match id {
        "job" => Kind::Job,
        "templates" => Kind::Templates,
        _ => Kind::Jobs,
    };
    for version in ["v1.0", "beta"] {
        let statuses = corpus.batch(&emu, version, &batch, kind_of).await;
        assert!(
            statuses.contains(&("missing".to_owned(), 404)),
            "{statuses:?}"
        );
        assert_eq!(statuses.iter().filter(|(_, s)| *s == 200).count(), 18);
    }

    errors(&mut corpus, &emu, &apps, sp, job_id).await;
    corpus
}

/// The error envelopes of the demo tenant.
async fn errors(corpus: &mut Corpus, emu: &Emulator, apps: &[String], sp: &str, job_id: &str) {
    let nobody = "00000000-0000-0000-0000-000000000000";
    for version in ["v1.0", "beta"] {
        // 404: an unknown app, an unknown job, an unknown path.
        let req = request::list_jobs(nobody).expect("an id");
        corpus.send(emu, version, Kind::Error, &req, 404).await;
        let req = request::get_job(sp, "scim.ffffffffffffffffffffffffffffffff").expect("ids");
        corpus.send(emu, version, Kind::Error, &req, 404).await;
        let uri = format!("/{version}/nothingHere");
        let answer = emu.graph("GET", &uri, None).await;
        corpus.add(Kind::Error, format!("GET {uri}"), &answer, 404);

        // 400: a $filter the directory refuses; credentials that fail validateCredentials.
        let uri = format!("/{version}/servicePrincipals?$filter=homepage%20eq%20'x'");
        let answer = emu.graph("GET", &uri, None).await;
        corpus.add(Kind::Error, format!("GET {uri}"), &answer, 400);
        let credentials = CredentialsValidation {
            credentials: vec![
                SynchronizationSecretKeyStringValuePair::new(
                    SynchronizationSecret::BaseAddress,
                    "http://scim.example.com/v2",
                ),
                SynchronizationSecretKeyStringValuePair::new(
                    SynchronizationSecret::SecretToken,
                    "a token",
                ),
            ],
            ..Default::default()
        };
        let req = request::validate_credentials(sp, job_id, &credentials).expect("ids");
        corpus.send(emu, version, Kind::Error, &req, 400).await;

        // 401: a token the emulator does not accept.
        let uri = format!("/{version}/servicePrincipals");
        let answer = emu.call("GET", &uri, Some("not-the-token"), None).await;
        corpus.add(
            Kind::Error,
            format!("GET {uri} (wrong token)"),
            &answer,
            401,
        );
    }

    // 403: the forbidden app is listed, and its synchronization is refused.
    emu.faults(json!({ "forbiddenApp": true })).await;
    for version in ["v1.0", "beta"] {
        let sps = corpus.service_principals(emu, version).await;
        let restricted = sps["value"]
            .as_array()
            .expect("apps")
            .iter()
            .find(|s| s["displayName"] == RESTRICTED_APP)
            .expect("the forbidden app is listed");
        let restricted = restricted["id"].as_str().expect("an id");
        assert!(!apps.iter().any(|a| a == restricted));
        let req = request::list_jobs(restricted).expect("an id");
        corpus.send(emu, version, Kind::Error, &req, 403).await;
        let req = request::list_templates(restricted).expect("an id");
        corpus.send(emu, version, Kind::Error, &req, 403).await;
    }
    emu.no_faults().await;

    // 429: every sub-request of a $batch throttled (the envelope itself never is).
    emu.faults(json!({ "throttleRate": 1.0 })).await;
    let items = apps
        .iter()
        .take(3)
        .enumerate()
        .map(|(i, sp)| (format!("{i}"), request::list_jobs(sp).expect("an id")))
        .collect();
    let batch = BatchRequest::new(items).expect("a valid batch");
    for version in ["v1.0", "beta"] {
        let statuses = corpus.batch(emu, version, &batch, |_| Kind::Jobs).await;
        assert!(statuses.iter().all(|(_, s)| *s == 429), "{statuses:?}");
    }
    emu.no_faults().await;
}

/// Everything a generated tenant of [`GENERATED_APPS`] apps serves.
async fn generated_corpus() -> Corpus {
    let emu = Emulator::start(Some(GENERATED_APPS));
    let mut corpus = Corpus::default();
    let sps = corpus
        .all_pages(
            &emu,
            Kind::ServicePrincipals,
            "/v1.0/servicePrincipals?$top=999",
        )
        .await;
    assert_eq!(sps.len(), GENERATED_APPS);
    corpus.service_principals(&emu, "beta").await;
    let apps = ids(&sps);
    let jobs = synchronization_of(&mut corpus, &emu, "v1.0", &apps).await;
    assert!(!jobs.is_empty(), "the generated tenant has jobs");
    for version in ["v1.0", "beta"] {
        for entry in corpus.all_logs(&emu, version).await {
            same::assert_same_as_typed(&entry);
        }
    }
    corpus
}

// ---------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------

/// A step of a path into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Member(String),
    Index(usize),
}

/// A path, shown as `value[3].status.code`.
fn show(path: &[Step]) -> String {
    render(path, true)
}

/// A path with any array index, shown as `value[].status.code`.
fn pattern(path: &[Step]) -> String {
    render(path, false)
}

fn render(path: &[Step], indices: bool) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Member(m) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(m);
            }
            Step::Index(i) if indices => out.push_str(&format!("[{i}]")),
            Step::Index(_) => out.push_str("[]"),
        }
    }
    out
}

fn at<'a>(value: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Member(m) => v.get(m),
        Step::Index(i) => v.get(i),
    })
}

fn at_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Member(m) => v.get_mut(m),
        Step::Index(i) => v.get_mut(i),
    })
}

/// What a round trip did to one member.
#[derive(Debug)]
enum Loss {
    /// The member did not come back; it was empty (`null`, `[]`, `{}` or `""`).
    MissingEmpty(Vec<Step>),
    /// The member did not come back.
    Missing(Vec<Step>),
    /// It came back with another value.
    Changed(Vec<Step>, Value, Value),
}

/// Where `back` lacks or changes something of `sent`: objects member by member (`back` may
/// have more), arrays element by element, strings equal ignoring ASCII case, other scalars
/// equal.
fn losses(sent: &Value, back: &Value, path: &mut Vec<Step>, out: &mut Vec<Loss>) {
    match (sent, back) {
        (Value::Object(s), Value::Object(b)) => {
            for (k, sv) in s {
                path.push(Step::Member(k.clone()));
                match b.get(k) {
                    Some(bv) => losses(sv, bv, path, out),
                    None if is_empty(sv) => out.push(Loss::MissingEmpty(path.clone())),
                    None => out.push(Loss::Missing(path.clone())),
                }
                path.pop();
            }
        }
        (Value::Array(s), Value::Array(b)) if s.len() == b.len() => {
            for (i, (sv, bv)) in s.iter().zip(b).enumerate() {
                path.push(Step::Index(i));
                losses(sv, bv, path, out);
                path.pop();
            }
        }
        (Value::String(s), Value::String(b)) if s.eq_ignore_ascii_case(b) => {}
        _ if sent == back => {}
        _ => out.push(Loss::Changed(path.clone(), sent.clone(), back.clone())),
    }
}

/// `null`, `[]`, `{}` or `""`: what a model may leave out when writing.
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// Reads a document into the crate's type and writes it back.
type RoundTrip<'a> = &'a dyn Fn(&Value) -> Result<Value, String>;

/// Reads `value` into `T` and writes it back with serde.
fn serde_round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let read: T =
        serde_json::from_value(value.clone()).map_err(|e| format!("does not read: {e}"))?;
    serde_json::to_value(&read).map_err(|e| format!("does not write: {e}"))
}

/// Reads an error envelope with [`GraphError::from_response`] and writes each field back as the
/// member it comes from.
fn error_round_trip(status: u16) -> impl Fn(&Value) -> Result<Value, String> {
    move |doc| {
        let e = GraphError::from_response(status, &doc.to_string());
        let mut inner = Map::new();
        for (member, field) in [
            ("code", &e.inner_code),
            ("date", &e.date),
            ("request-id", &e.request_id),
            ("client-request-id", &e.client_request_id),
        ] {
            if let Some(v) = field {
                inner.insert(member.to_owned(), json!(v));
            }
        }
        Ok(json!({ "error": { "code": e.code, "message": e.message, "innerError": inner } }))
    }
}

/// Reads a `$batch` answer with [`decode_batch_response`] and writes each field back.
fn batch_round_trip(doc: &Value) -> Result<Value, String> {
    let items = decode_batch_response(&doc.to_string()).map_err(|e| e.to_string())?;
    let responses: Vec<Value> = items
        .into_iter()
        .map(|r| {
            let headers: Map<String, Value> =
                r.headers.into_iter().map(|(k, v)| (k, json!(v))).collect();
            let mut item = json!({ "id": r.id, "status": r.status, "headers": headers });
            if !r.body.is_null() {
                item["body"] = r.body;
            }
            item
        })
        .collect();
    Ok(json!({ "responses": responses }))
}

/// The `key` document of a provisionOnDemand answer, through [`StringKeyStringValuePair::decode`]
/// and [`OnDemandResult::to_response`].
fn on_demand_key_round_trip(key: &Value) -> Result<Value, String> {
    let back = on_demand_decode(key, &json!({}))?.to_response();
    serde_json::from_str(&back.key).map_err(|e| e.to_string())
}

/// The `value` document of a provisionOnDemand answer, the same way.
fn on_demand_value_round_trip(value: &Value) -> Result<Value, String> {
    let back = on_demand_decode(&json!({ "result": "Success" }), value)?.to_response();
    serde_json::from_str(&back.value).map_err(|e| e.to_string())
}

fn on_demand_decode(key: &Value, value: &Value) -> Result<OnDemandResult, String> {
    let pair = StringKeyStringValuePair {
        odata_context: None,
        key: key.to_string(),
        value: value.to_string(),
    };
    pair.decode().map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------

/// What the checks found.
#[derive(Default)]
struct Checker {
    /// Documents checked, by kind.
    checked: BTreeMap<Kind, usize>,
    /// Failures, grouped: what (with the kind of document and the member's pattern) → how many
    /// times, and the first occurrence.
    problems: BTreeMap<String, (usize, String)>,
    /// Entries of [`ALLOWED`] and [`EMULATOR_BUGS`] that some document needed.
    allowed_used: BTreeSet<usize>,
    bugs_used: BTreeSet<usize>,
    /// Enum values checked: (enum, value) → how many times.
    enum_values: BTreeMap<(&'static str, String), usize>,
    /// Probed empty members: (kind, pattern) → known.
    probed: HashMap<(Kind, String), bool>,
}

impl Checker {
    /// Checks every document of `corpus`.
    fn corpus(&mut self, corpus: &Corpus) {
        for doc in &corpus.docs {
            self.doc(doc);
        }
    }

    /// A failure of `doc`: `what` (the same for every document of the kind it happens to), and
    /// `detail` (where exactly; only the first is kept).
    fn failure(&mut self, doc: &Doc, what: impl fmt::Display, detail: impl fmt::Display) {
        let entry = self
            .problems
            .entry(format!("{}: {what}", doc.kind))
            .or_insert_with(|| (0, format!("{}{detail}", doc.source)));
        entry.0 += 1;
    }

    /// A failure of the document as a whole.
    fn problem(&mut self, doc: &Doc, what: impl fmt::Display) {
        self.failure(doc, what, "");
    }

    /// The failures, one line each.
    fn report(&self) -> Vec<String> {
        self.problems
            .iter()
            .map(|(what, (n, first))| format!("{what} ({n}x; first: {first})"))
            .collect()
    }

    /// Checks one document: it parses with the crate's entry point, and every member and enum
    /// value is known.
    fn doc(&mut self, doc: &Doc) {
        *self.checked.entry(doc.kind).or_default() += 1;
        let json: Value = match serde_json::from_str(&doc.text) {
            Ok(v) => v,
            Err(e) => return self.problem(doc, format!("not JSON: {e}")),
        };
        let text = doc.text.as_str();
        match doc.kind {
            Kind::ServicePrincipals => self.check(doc, &json, parse_service_principals_page(text)),
            Kind::ServicePrincipal => self.check(
                doc,
                &json,
                parse_as::<ServicePrincipal>(text, "a service principal"),
            ),
            Kind::Jobs => self.check(doc, &json, parse_jobs_page(text)),
            Kind::Job => self.check(doc, &json, parse_job(text)),
            Kind::Templates => self.check(doc, &json, parse_templates_page(text)),
            Kind::Template => self.check(doc, &json, parse_template(text)),
            Kind::Provisioning => self.check(doc, &json, parse_provisioning_page(text)),
            Kind::OnDemand => self.on_demand(doc, &json),
            Kind::Error => {
                let e = GraphError::from_response(doc.status, text);
                if e.code.is_empty() || e.request_id.is_none() || e.date.is_none() {
                    self.problem(
                        doc,
                        format!("an envelope without code, request-id or date: {e:?}"),
                    );
                }
                self.members(doc, &json, &error_round_trip(doc.status));
            }
            Kind::Batch => {
                self.parses(doc, decode_batch_response(text));
                self.members(doc, &json, &batch_round_trip);
            }
        }
    }

    /// The parse result, or a problem.
    fn parses<T, E: fmt::Display>(&mut self, doc: &Doc, parsed: Result<T, E>) -> Option<T> {
        parsed
            .map_err(|e| self.problem(doc, format!("does not parse: {e}")))
            .ok()
    }

    /// A document the crate reads into a model `T` with serde: it parses with the crate's entry
    /// point for it (`parsed`, see [`Checker::parses`]), every enum value of the model is known
    /// ([`Enums`]), and every member of `json` comes back from `T` ([`Checker::members`] with
    /// [`serde_round_trip`]). The model, when it parses.
    fn read<T, E>(&mut self, doc: &Doc, json: &Value, parsed: Result<T, E>) -> Option<T>
    where
        T: DeserializeOwned + Serialize + Enums,
        E: fmt::Display,
    {
        let read = self.parses(doc, parsed);
        if let Some(model) = &read {
            model.enums(self, doc);
        }
        self.members(doc, json, &serde_round_trip::<T>);
        read
    }

    /// [`Checker::read`], for a document whose model is needed no further.
    fn check<T, E>(&mut self, doc: &Doc, json: &Value, parsed: Result<T, E>)
    where
        T: DeserializeOwned + Serialize + Enums,
        E: fmt::Display,
    {
        self.read(doc, json, parsed);
    }

    /// Checks that every member of `json` comes back from `round_trip` (see the module
    /// documentation).
    fn members(&mut self, doc: &Doc, json: &Value, round_trip: RoundTrip<'_>) {
        let back = match round_trip(json) {
            Ok(back) => back,
            Err(e) => return self.problem(doc, e),
        };
        let mut found = Vec::new();
        losses(json, &back, &mut Vec::new(), &mut found);
        for loss in found {
            match loss {
                Loss::Changed(path, sent, back) => self.failure(
                    doc,
                    format!("{}: read back with another value", pattern(&path)),
                    format!(": {}: sent {sent}, read back as {back}", show(&path)),
                ),
                Loss::Missing(path) => self.unknown(doc, &path),
                Loss::MissingEmpty(path) => {
                    if !self.probe(doc.kind, json, &path, round_trip) {
                        self.unknown(doc, &path);
                    }
                }
            }
        }
    }

    /// Whether the empty member at `path` of `json` is one the crate keeps, only leaving it out
    /// when writing: it is when some other value in its place comes back.
    fn probe(
        &mut self,
        kind: Kind,
        json: &Value,
        path: &[Step],
        round_trip: RoundTrip<'_>,
    ) -> bool {
        let key = (kind, pattern(path));
        if let Some(known) = self.probed.get(&key) {
            return *known;
        }
        let candidates = [
            json!("probe"),
            json!(7),
            json!(true),
            json!({ "probe": "probe" }),
            json!(["probe"]),
            json!([{ "probe": "probe" }]),
        ];
        let known = candidates.into_iter().any(|candidate| {
            let mut doc = json.clone();
            *at_mut(&mut doc, path).expect("the member is there") = candidate;
            round_trip(&doc)
                .ok()
                .and_then(|back| at(&back, path).map(|v| !v.is_null()))
                .unwrap_or(false)
        });
        self.probed.insert(key, known);
        known
    }

    /// A member the crate does not know: allowed, a known emulator bug, or a problem.
    fn unknown(&mut self, doc: &Doc, path: &[Step]) {
        let p = pattern(path);
        if let Some(i) = listed(ALLOWED, doc.kind, &p) {
            self.allowed_used.insert(i);
        } else if let Some(i) = listed(EMULATOR_BUGS, doc.kind, &p) {
            self.bugs_used.insert(i);
        } else {
            self.failure(
                doc,
                format!("{p}: a member the crate does not know"),
                format!(": {}", show(path)),
            );
        }
    }

    /// The answer of provisionOnDemand: the pair itself, then its two JSON documents.
    fn on_demand(&mut self, doc: &Doc, json: &Value) {
        let Some(pair) = self.read(doc, json, parse_provision_on_demand_response(&doc.text)) else {
            return;
        };
        let Some(result) = self.parses(doc, pair.decode()) else {
            return;
        };
        for (name, text, round_trip) in [
            ("key", &pair.key, &on_demand_key_round_trip as RoundTrip<'_>),
            ("value", &pair.value, &on_demand_value_round_trip),
        ] {
            let inner = Doc {
                kind: Kind::OnDemand,
                source: format!("{} ({name})", doc.source),
                status: doc.status,
                text: text.clone(),
            };
            match serde_json::from_str::<Value>(text) {
                Ok(json) => self.members(&inner, &json, round_trip),
                Err(e) => self.problem(&inner, format!("not JSON: {e}")),
            }
        }
        // Members the decoded result does not model are kept, but unknown.
        let extra = result
            .details
            .extra
            .keys()
            .map(|k| format!("key: details.{k}"))
            .chain(result.change.extra.keys().map(|k| format!("value: {k}")));
        for member in extra.collect::<Vec<_>>() {
            self.problem(
                doc,
                format!("{member}: a member the crate does not model (kept in extra)"),
            );
        }
        result.enums(self, doc);
    }

    // -- enums --

    /// Counts the value of `e`, and a problem when the crate reads it as `Unknown`.
    fn known<E: GraphEnum>(&mut self, doc: &Doc, e: &E) {
        *self
            .enum_values
            .entry((E::NAME, e.wire().to_owned()))
            .or_default() += 1;
        if e.unknown() {
            self.problem(
                doc,
                format!("{} {:?} is not a known variant", E::NAME, e.wire()),
            );
        }
    }

    /// [`Checker::known`] for each of `values` (none, one of an `Option`, or many).
    fn known_each<'a, E: GraphEnum + 'a>(
        &mut self,
        doc: &Doc,
        values: impl IntoIterator<Item = &'a E>,
    ) {
        for e in values {
            self.known(doc, e);
        }
    }
}

/// A model of the crate whose enum values the checker checks ([`Checker::known`]).
trait Enums {
    /// Checks every enum value of the model (none by default).
    fn enums(&self, _checker: &mut Checker, _doc: &Doc) {}
}

impl<T: Enums> Enums for ODataPage<T> {
    fn enums(&self, checker: &mut Checker, doc: &Doc) {
        for item in &self.value {
            item.enums(checker, doc);
        }
    }
}

impl Enums for ServicePrincipal {}

/// The pair's enum values are those of its decoded result ([`Checker::on_demand`]).
impl Enums for StringKeyStringValuePair {}

impl Enums for SynchronizationJob {
    fn enums(&self, checker: &mut Checker, doc: &Doc) {
        checker.known(doc, &self.schedule.state);
        let status = &self.status;
        checker.known(doc, &status.code);
        let runs: [&Option<SynchronizationTaskExecution>; 3] = [
            &status.last_execution,
            &status.last_successful_execution,
            &status.last_successful_execution_with_exports,
        ];
        checker.known_each(doc, runs.into_iter().flatten().map(|run| &run.state));
        checker.known_each(doc, status.quarantine.as_ref().map(|q| &q.reason));
    }
}

impl Enums for SynchronizationTemplate {
    fn enums(&self, checker: &mut Checker, doc: &Doc) {
        checker.known_each(doc, self.metadata.iter().map(|entry| &entry.key));
    }
}

impl Enums for ProvisioningObjectSummary {
    fn enums(&self, checker: &mut Checker, doc: &Doc) {
        let actions = [&self.provisioning_action, &self.action];
        checker.known_each(doc, actions.into_iter().flatten());
        if let Some(info) = &self.provisioning_status_info {
            checker.known(doc, &info.status);
            let error = info.error_information.as_ref();
            checker.known_each(doc, error.and_then(|e| e.error_category.as_ref()));
        }
        if let Some(legacy) = &self.status_info {
            legacy.enums(checker, doc);
        }
        for step in &self.provisioning_steps {
            checker.known(doc, &step.provisioning_step_type);
            checker.known(doc, &step.status);
        }
        let initiator = self.initiated_by.as_ref();
        checker.known_each(doc, initiator.and_then(|i| i.initiator_type.as_ref()));
    }
}

impl Enums for StatusDetails {
    fn enums(&self, checker: &mut Checker, doc: &Doc) {
        checker.known(doc, &self.status);
        checker.known_each(doc, &self.error_category);
    }
}

impl Enums for OnDemandResult {
    fn enums(&self, checker: &mut Checker, doc: &Doc) {
        checker.known(doc, &self.result);
        let change: &OnDemandChange = &self.change;
        checker.known_each(doc, &change.action);
        for step in &change.provisioning_steps {
            checker.known(doc, &step.step_type);
            checker.known(doc, &step.status);
        }
        if let Some(s) = &change.status_info {
            s.enums(checker, doc);
        }
    }
}

/// An enum of the crate, as [`Checker::known`] checks it: its name, the value as Graph writes
/// it, and whether the crate reads that value as `Unknown`.
trait GraphEnum {
    const NAME: &'static str;
    fn wire(&self) -> &str;
    fn unknown(&self) -> bool;
}

/// [`GraphEnum`] for enums of `graph_enum!` (`crates/graph/src/enums/macros.rs`), whose
/// `graph_name` and `is_unknown` are inherent methods, not a trait the checker could use.
macro_rules! graph_enum_check {
    ($($name:ident),+ $(,)?) => {
        $(
            impl GraphEnum for $name {
                const NAME: &'static str = stringify!($name);
                fn wire(&self) -> &str {
                    self.graph_name()
                }
                fn unknown(&self) -> bool {
                    self.is_unknown()
                }
            }
        )+
    };
}

graph_enum_check!(
    ScheduleState,
    StatusCode,
    TaskExecutionResult,
    QuarantineReason,
    SynchronizationMetadata,
    ProvisioningAction,
    ProvisioningResult,
    ProvisioningStatusErrorCategory,
    ProvisioningStepType,
    InitiatorType,
);

impl GraphEnum for OnDemandOutcome {
    const NAME: &'static str = "OnDemandOutcome";
    fn wire(&self) -> &str {
        self.graph_name()
    }
    fn unknown(&self) -> bool {
        matches!(self, OnDemandOutcome::Unknown(_))
    }
}

// ---------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------

#[tokio::test]
async fn everything_the_emulator_serves_reads_into_the_crate_with_no_unknown_member() {
    let demo = demo_corpus().await;
    let generated = generated_corpus().await;
    let mut checker = Checker::default();
    checker.corpus(&demo);
    checker.corpus(&generated);

    let documents = demo.docs.len() + generated.docs.len();
    eprintln!(
        "{documents} documents checked ({} from the demo tenant, {} from {GENERATED_APPS} \
         generated apps): {:?}",
        demo.docs.len(),
        generated.docs.len(),
        checker.checked
    );
    eprintln!("not checked (raw JSON in the crate): {:?}", demo.unchecked);
    eprintln!(
        "enum values: {:?}",
        checker.enum_values.keys().collect::<Vec<_>>()
    );

    let mut problems = checker.report();
    // Every list entry is still needed by some document.
    for (i, (_, paths, _)) in ALLOWED.iter().enumerate() {
        if !checker.allowed_used.contains(&i) {
            problems.push(format!(
                "stale ALLOWED entry: no document carries {paths:?}"
            ));
        }
    }
    for (i, (_, paths, _)) in EMULATOR_BUGS.iter().enumerate() {
        if !checker.bugs_used.contains(&i) {
            problems.push(format!(
                "the emulator no longer sends {paths:?}: remove it from EMULATOR_BUGS"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));

    // Every kind of document was seen, and enough of them.
    let kinds = [
        Kind::ServicePrincipals,
        Kind::ServicePrincipal,
        Kind::Jobs,
        Kind::Job,
        Kind::Templates,
        Kind::Template,
        Kind::Provisioning,
        Kind::OnDemand,
        Kind::Error,
        Kind::Batch,
    ];
    for kind in kinds {
        assert!(checker.checked.contains_key(&kind), "no {kind} document");
    }
    // 932 when this was written.
    assert!(documents >= 900, "only {documents} documents");
    assert!(checker.enum_values.len() > 30, "{:?}", checker.enum_values);
}

/// The checker itself: members the crate drops, `null` or not, at any depth, are found; members
/// it leaves out only when empty are not; a changed value, an unknown enum value and a member
/// kept in the on-demand `extra` maps are found too.
#[test]
fn the_checker_finds_what_the_crate_would_drop() {
    let job = json!({
        "id": "scim.0123456789abcdef0123456789abcdef",
        "templateId": "scim",
        "contosoExtra": 1,
        "schedule": { "expiration": null, "interval": "PT40M", "state": "Hibernating" },
        "status": {
            "code": "Active",
            "contosoNull": null,
            "progress": [{ "completedUnits": 1, "totalUnits": 2, "contosoEmpty": [] }],
            "quarantine": null,
            "troubleshootingUrl": null,
            "countSuccessiveCompleteFailures": "three",
        },
        "synchronizationJobSettings": [],
    });
    let doc = |kind, text: String| Doc {
        kind,
        source: "a test".to_owned(),
        status: 200,
        text,
    };
    let mut checker = Checker::default();
    checker.doc(&doc(Kind::Job, job.to_string()));
    let found = checker.report();
    let expected = [
        "Job: ScheduleState \"Hibernating\" is not a known variant (1x; first: a test)",
        "Job: contosoExtra: a member the crate does not know (1x; first: a test: contosoExtra)",
        "Job: status.contosoNull: a member the crate does not know (1x; first: a test: \
         status.contosoNull)",
        "Job: status.countSuccessiveCompleteFailures: read back with another value (1x; first: a \
         test: status.countSuccessiveCompleteFailures: sent \"three\", read back as 0)",
        "Job: status.progress[].contosoEmpty: a member the crate does not know (1x; first: a test: \
         status.progress[0].contosoEmpty)",
    ];
    assert_eq!(found, expected);

    let value = json!({ "action": "Create", "contosoChange": "x" });
    let answer = json!({
        "key": json!({ "result": "Success", "details": {} }).to_string(),
        "value": value.to_string(),
    });
    let mut checker = Checker::default();
    checker.doc(&doc(Kind::OnDemand, answer.to_string()));
    assert_eq!(
        checker.report(),
        [
            "OnDemand: value: contosoChange: a member the crate does not model (kept in extra) (1x; \
          first: a test)"
        ]
    );
}

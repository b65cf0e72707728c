//! What the diagnosis screens need, over real HTTP: log history that agrees with
//! the manifest, the `$filter` grammar, the licence and role faults, the directory
//! and provision on demand of groups, unknown objects and the failing user.

mod http;

use std::collections::{BTreeMap, BTreeSet};

use http::*;
use serde_json::{Value, json};
use syncdeck_emulator::Options;

fn unlimited() -> Options {
    Options {
        reports_limit: 0,
        on_demand_limit: 0,
        ..options()
    }
}

fn enc(filter: &str) -> String {
    filter
        .replace('%', "%25")
        .replace(' ', "%20")
        .replace('\'', "%27")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace(',', "%2C")
}

async fn all_logs(emu: &Emu, filter: Option<&str>) -> Vec<Value> {
    let mut url = "/v1.0/auditLogs/provisioning?$top=1000".to_string();
    if let Some(f) = filter {
        url.push_str(&format!("&$filter={}", enc(f)));
    }
    let mut out = Vec::new();
    loop {
        let r = emu.get(&url).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let body = r.json();
        out.extend(body["value"].as_array().unwrap().iter().cloned());
        match body["@odata.nextLink"].as_str() {
            Some(next) => url = next.split_once(&emu.addr).unwrap().1.to_string(),
            None => return out,
        }
    }
}

fn status(row: &Value) -> &str {
    row["provisioningStatusInfo"]["status"].as_str().unwrap()
}

#[tokio::test]
async fn log_facts_agree_with_the_logs_graph_serves() {
    let emu = Emu::start(unlimited()).await;
    let m = emu.admin("GET", "/_emulator/manifest", None).await.json();
    let now = m["now"].as_str().unwrap().to_string();
    let logs = all_logs(&emu, None).await;
    let mut two_codes_24h = false;
    let mut week_of_mixed = false;
    for job in m["apps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["jobs"].as_array().unwrap())
    {
        let id = job["id"].as_str().unwrap();
        let rows: Vec<&Value> = logs.iter().filter(|r| r["jobId"] == id).collect();
        let facts = &job["logs"];
        assert_eq!(facts["total"], rows.len(), "{id}");
        if matches!(job["statusCode"].as_str(), Some("NotRun" | "NotConfigured")) {
            assert!(rows.is_empty(), "{id} never ran");
        }
        let codes = facts["failureCodes24h"].as_object().unwrap();
        let failures: u64 = codes.values().map(|v| v.as_u64().unwrap()).sum();
        assert_eq!(json!(failures), facts["last24h"]["failure"], "{id}");
        two_codes_24h |= codes.len() >= 2;
        let days: BTreeSet<&str> = rows
            .iter()
            .map(|r| &r["activityDateTime"].as_str().unwrap()[..10])
            .collect();
        let statuses: BTreeSet<&str> = rows.iter().map(|r| status(r)).collect();
        week_of_mixed |= days.len() >= 7
            && ["success", "failure", "skipped"]
                .iter()
                .all(|s| statuses.contains(s));
        let days7 = facts["days7"].as_array().unwrap();
        assert_eq!(days7.len(), 7);
        assert_eq!(days7[6]["date"], &now[..10]);
        for day in days7 {
            let date = day["date"].as_str().unwrap();
            for s in ["success", "failure", "skipped"] {
                let n = rows
                    .iter()
                    .filter(|r| r["activityDateTime"].as_str().unwrap().starts_with(date))
                    .filter(|r| status(r) == s)
                    .count();
                assert_eq!(day[s], n, "{id} {date} {s}");
            }
        }
    }
    assert!(
        two_codes_24h,
        "a job has failures with two codes in the last 24 hours"
    );
    assert!(
        week_of_mixed,
        "a job has 7 days of successes, failures and skips"
    );
    // The paused job has nothing after its last run; the quarantined Salesforce job fails
    // with its own error since its quarantine began.
    let (_, zendesk) = emu.first_job("Zendesk").await;
    let (jobs, sf) = emu.first_job("Salesforce Sandbox").await;
    let z = emu.job(&emu.jobs_path("Zendesk").await, &zendesk).await;
    let ended = z["status"]["lastExecution"]["timeEnded"].as_str().unwrap();
    assert!(
        logs.iter()
            .filter(|r| r["jobId"] == zendesk.as_str())
            .all(|r| r["activityDateTime"].as_str().unwrap() <= ended)
    );
    let sf_job = emu.job(&jobs, &sf).await;
    let began = sf_job["status"]["quarantine"]["seriesBegan"]
        .as_str()
        .unwrap();
    let quarantined: Vec<&Value> = logs
        .iter()
        .filter(|r| r["jobId"] == sf.as_str() && r["activityDateTime"].as_str().unwrap() > began)
        .collect();
    assert!(!quarantined.is_empty());
    for r in quarantined {
        assert_eq!(
            r["provisioningStatusInfo"]["errorInformation"]["errorCode"],
            "SalesforceInvalidCredentials"
        );
    }
    // Skipped entries are out-of-scope users: scoping skipped, no export.
    let skipped = logs.iter().find(|r| status(r) == "skipped").unwrap();
    assert_eq!(skipped["provisioningAction"], "other");
    let steps = skipped["provisioningSteps"].as_array().unwrap();
    assert!(steps.iter().any(|s| {
        s["provisioningStepType"] == "scoping"
            && s["status"] == "skipped"
            && s["description"]
                .as_str()
                .unwrap()
                .contains("is not in scope: not assigned to the application")
    }));
    assert!(!steps.iter().any(|s| s["provisioningStepType"] == "export"));
}

#[tokio::test]
async fn filters_combine_and_or_parentheses_case_sensitively() {
    let emu = Emu::start(unlimited()).await;
    let (_, job) = emu.first_job("Contoso HRIS (API-driven inbound)").await;
    let rows = all_logs(&emu, Some(&format!("jobId eq '{job}'"))).await;
    let since = "2026-11-15T00:00:00Z";
    let f = format!(
        "jobId eq '{job}' and activityDateTime ge {since} and (provisioningStatusInfo/status eq 'failure' or provisioningStatusInfo/status eq 'skipped') and (provisioningAction eq 'create' or provisioningAction eq 'update' or provisioningAction eq 'other')"
    );
    let got: Vec<Value> = all_logs(&emu, Some(&f)).await;
    let want: Vec<Value> = rows
        .iter()
        .filter(|r| r["activityDateTime"].as_str().unwrap() >= since)
        .filter(|r| matches!(status(r), "failure" | "skipped"))
        .cloned()
        .collect();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    let name = rows[0]["sourceIdentity"]["displayName"].as_str().unwrap();
    let first = name.split(' ').next().unwrap();
    let by_name = all_logs(&emu, Some(&format!("jobId eq '{job}' and (contains(sourceIdentity/displayName,'{first}') or contains(targetIdentity/displayName,'{first}') or sourceIdentity/id eq '{first}')"))).await;
    assert!(!by_name.is_empty());
    assert!(by_name.iter().all(|r| {
        r["sourceIdentity"]["displayName"]
            .as_str()
            .unwrap()
            .contains(first)
    }));
    let lower = first.to_lowercase();
    assert!(
        all_logs(
            &emu,
            Some(&format!("contains(sourceIdentity/displayName,'{lower}')"))
        )
        .await
        .is_empty()
    );
    assert!(
        all_logs(&emu, Some("provisioningStatusInfo/status eq 'Failure'"))
            .await
            .is_empty()
    );
    let code = all_logs(
        &emu,
        Some("provisioningStatusInfo/errorInformation/errorCode eq 'DuplicateTargetEntries'"),
    )
    .await;
    assert!(!code.is_empty());
    let r = emu
        .get(&format!(
            "/v1.0/auditLogs/provisioning?$filter={}",
            enc("jobId eq 'x' and foo eq 'y'")
        ))
        .await;
    let e = assert_envelope(&r, 400, "BadRequest");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("'foo eq 'y''"),
        "{e}"
    );
}

#[tokio::test]
async fn licence_and_role_faults_refuse_the_logs() {
    let emu = Emu::start(unlimited()).await;
    emu.set_faults(r#"{"logsLicenseMissing":true}"#).await;
    let r = emu.get("/v1.0/auditLogs/provisioning?$top=1").await;
    let e = assert_envelope(
        &r,
        403,
        "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
    );
    assert_eq!(
        e["error"]["message"],
        "Neither tenant is B2C or tenant doesn't have premium license"
    );
    assert!(e["error"]["innerError"]["request-id"].is_string());
    emu.set_faults(r#"{"logsLicenseMissing":false,"logsRoleMissing":true}"#)
        .await;
    let r = emu.get("/beta/auditLogs/provisioning?$top=1").await;
    let e = assert_envelope(&r, 403, "Authorization_RequestDenied");
    assert_eq!(
        e["error"]["message"],
        "Insufficient privileges to complete the operation."
    );
    assert_eq!(emu.get("/v1.0/servicePrincipals?$top=1").await.status, 200);
    emu.set_faults(r#"{"logsRoleMissing":false}"#).await;
    assert_eq!(
        emu.get("/v1.0/auditLogs/provisioning?$top=1").await.status,
        200
    );
}

#[tokio::test]
async fn the_directory_serves_users_groups_and_members() {
    let emu = Emu::default().await;
    let m = emu.admin("GET", "/_emulator/manifest", None).await.json();
    let dir = &m["directory"];
    assert_eq!(dir["users"].as_array().unwrap().len(), 30);
    let adele = &dir["users"][0];
    assert_eq!(adele["userPrincipalName"], "adele.vance@contoso.com");
    let id = adele["id"].as_str().unwrap();
    for key in [id, "adele.vance@contoso.com"] {
        let u = emu.get(&format!("/v1.0/users/{key}")).await;
        assert_eq!(u.status, 200, "{}", u.text());
        assert_eq!(u.json()["id"], id);
        assert_eq!(u.json()["displayName"], "Adele Vance");
    }
    let sel = emu
        .get(&format!("/v1.0/users/{id}?$select=displayName"))
        .await
        .json();
    assert_eq!(sel.as_object().unwrap().len(), 3, "{sel}");
    assert!(
        sel["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("users(displayName)/$entity")
    );
    let r = emu.get("/v1.0/users/nobody@contoso.com").await;
    let e = assert_envelope(&r, 404, "Request_ResourceNotFound");
    assert_eq!(
        e["error"]["message"],
        "Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present."
    );
    let sales = dir["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["displayName"] == "Sales")
        .unwrap();
    let gid = sales["id"].as_str().unwrap();
    assert_eq!(
        emu.get(&format!("/v1.0/groups/{gid}")).await.json()["displayName"],
        "Sales"
    );
    let mut url = format!("/v1.0/groups/{gid}/members?$top=3&$select=id,userPrincipalName");
    let mut ids = Vec::new();
    loop {
        let body = emu.get(&url).await.json();
        for member in body["value"].as_array().unwrap() {
            assert_eq!(member["@odata.type"], "#microsoft.graph.user");
            assert!(member["displayName"].is_null());
            ids.push(member["id"].clone());
        }
        match body["@odata.nextLink"].as_str() {
            Some(next) => url = next.split_once(&emu.addr).unwrap().1.to_string(),
            None => break,
        }
    }
    assert_eq!(json!(ids), sales["memberIds"]);
    assert_envelope(
        &emu.get("/v1.0/groups/nope/members").await,
        404,
        "Request_ResourceNotFound",
    );
}

async fn on_demand(emu: &Emu, app: &str, subject: Value) -> (u16, Value, Value) {
    let (jobs, id) = emu.first_job(app).await;
    let schema = emu.get(&format!("{jobs}/{id}/schema")).await.json();
    let rule = schema["synchronizationRules"][0]["id"].clone();
    let body = json!({"parameters": [{"ruleId": rule, "subjects": [subject]}]}).to_string();
    let r = emu
        .post(&format!("{jobs}/{id}/provisionOnDemand"), &body)
        .await;
    if r.status != 200 {
        return (r.status, r.json(), Value::Null);
    }
    let pair = r.json();
    let key = serde_json::from_str(pair["key"].as_str().unwrap()).unwrap();
    let value = serde_json::from_str(pair["value"].as_str().unwrap()).unwrap();
    (r.status, key, value)
}

#[tokio::test]
async fn provision_on_demand_of_groups_strangers_and_the_failing_user() {
    let emu = Emu::start(unlimited()).await;
    let m = emu.admin("GET", "/_emulator/manifest", None).await.json();
    let dir = &m["directory"];
    let sales = &dir["groups"][0];
    let members: Vec<Value> = sales["memberIds"].as_array().unwrap()[..2]
        .iter()
        .map(|id| json!({"objectId": id, "objectTypeName": "User"}))
        .collect();
    let (_, key, value) = on_demand(
        &emu,
        "Slack",
        json!({"objectId": sales["id"], "objectTypeName": "Group", "links": {"members": members}}),
    )
    .await;
    assert_eq!(key["result"], "Success");
    assert_eq!(value["sourceIdentity"]["type"], "Group");
    assert_eq!(value["reportableIdentifier"], "Sales");

    let (_, key, value) = on_demand(
        &emu,
        "Slack",
        json!({"objectId": "00000000-1111-2222-3333-444444444444", "objectTypeName": "User"}),
    )
    .await;
    assert_eq!(key["result"], "Failure");
    assert_eq!(key["details"]["errorCode"], "EntryNotFound");
    assert_eq!(value["statusInfo"]["status"], "Failure");
    assert_eq!(value["provisioningSteps"][0]["status"], "Failure");

    let failing = &dir["failingUser"];
    for _ in 0..2 {
        let (_, key, value) = on_demand(
            &emu,
            "Slack",
            json!({"objectId": failing["id"], "objectTypeName": "User"}),
        )
        .await;
        assert_eq!(key["result"], "Failure");
        assert_eq!(key["details"]["errorCode"], failing["errorCode"]);
        assert_eq!(value["statusInfo"]["errorCode"], failing["errorCode"]);
        let export = value["provisioningSteps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["type"] == "Export")
            .unwrap();
        assert_eq!(export["status"], "Failure");
    }
    let (_, slack) = emu.first_job("Slack").await;
    let mine = all_logs(
        &emu,
        Some(&format!(
            "jobId eq '{slack}' and activityDateTime ge {}",
            m["now"].as_str().unwrap()
        )),
    )
    .await;
    let statuses: BTreeMap<&str, usize> = mine.iter().fold(BTreeMap::new(), |mut acc, r| {
        *acc.entry(status(r)).or_default() += 1;
        acc
    });
    assert_eq!(
        statuses,
        BTreeMap::from([("failure", 3), ("success", 1)]),
        "{mine:?}"
    );

    let (status, error, _) = on_demand(
        &emu,
        "Contoso HRIS (API-driven inbound)",
        json!({"objectId": dir["users"][0]["id"], "objectTypeName": "User"}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(error["error"]["code"], "BadRequest");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not supported")
    );
}

//! Provisioning logs by job id, paging and the reports throttle, over real HTTP.

mod http;

use http::*;
use serde_json::Value;
use syncdeck_emulator::Options;

fn unlimited() -> Options {
    Options {
        reports_limit: 0,
        ..options()
    }
}

#[tokio::test]
async fn logs_of_a_job_that_has_run_are_realistic_and_newest_first() {
    let emu = Emu::start(unlimited()).await;
    let (_, job_id) = emu.first_job("Contoso HRIS (API-driven inbound)").await;
    let sp = emu.sp_id("Contoso HRIS (API-driven inbound)").await;
    let r = emu
        .get(&format!(
            "/v1.0/auditLogs/provisioning?$filter=jobId%20eq%20'{job_id}'"
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    assert!(
        body["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("$metadata#auditLogs/provisioning")
    );
    let rows = body["value"].as_array().unwrap();
    assert!(rows.len() >= 5, "{}", rows.len());
    // The newest entries are those of the last cycle the job shows (7 escrowed entries).
    let last_cycle = rows[0]["cycleId"].as_str().unwrap().to_string();
    let failures = rows
        .iter()
        .filter(|r| r["cycleId"] == last_cycle.as_str())
        .filter(|r| r["provisioningStatusInfo"]["status"] == "failure")
        .count();
    assert_eq!(failures, 3, "the last cycle had escrowed entries");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["jobId"], job_id.as_str());
        assert_eq!(row["servicePrincipal"]["id"], sp.as_str());
        for key in [
            "id",
            "activityDateTime",
            "tenantId",
            "cycleId",
            "changeId",
            "provisioningAction",
            "durationInMilliseconds",
            "provisioningSteps",
            "modifiedProperties",
            "sourceSystem",
            "targetSystem",
            "sourceIdentity",
            "targetIdentity",
            "initiatedBy",
        ] {
            assert!(row.get(key).is_some(), "{key}");
        }
        assert!(row.get("action").is_none(), "v1.0 has no legacy names");
        if i > 0 {
            assert!(rows[i - 1]["activityDateTime"].as_str() >= row["activityDateTime"].as_str());
        }
    }
    // Inbound: the source is the HR app, the target Entra.
    assert_eq!(
        rows[0]["targetSystem"]["displayName"],
        "Azure Active Directory"
    );
    // beta keeps the legacy names too.
    let beta = emu
        .get(&format!(
            "/beta/auditLogs/provisioning?$filter=jobid%20eq%20'{job_id}'"
        ))
        .await
        .json();
    // ...with `statusInfo` as beta's flat statusDetails, not v1.0's provisioningStatusInfo.
    let (legacy, info) = (
        &beta["value"][0]["statusInfo"],
        &beta["value"][0]["provisioningStatusInfo"],
    );
    assert_eq!(legacy["status"], info["status"]);
    assert!(legacy.get("errorInformation").is_none(), "{legacy}");
    let failed = beta["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["provisioningStatusInfo"]["status"] == "failure")
        .expect("a failed event");
    let error = &failed["provisioningStatusInfo"]["errorInformation"];
    assert_eq!(failed["statusInfo"]["errorCode"], error["errorCode"]);
    assert_eq!(failed["statusInfo"]["reason"], error["reason"]);
    assert_eq!(
        failed["statusInfo"]["recommendedAction"],
        error["recommendedDetail"]
    );
    assert_eq!(
        beta["value"][0]["action"],
        beta["value"][0]["provisioningAction"]
    );
    // Combined filters.
    let only_failures = emu
        .get(&format!("/v1.0/auditLogs/provisioning?$filter=jobId%20eq%20'{job_id}'%20and%20cycleId%20eq%20'{last_cycle}'%20and%20provisioningStatusInfo/status%20eq%20'failure'"))
        .await
        .json();
    assert_eq!(only_failures["value"].as_array().unwrap().len(), 3);
    // A job that never ran has none.
    let (_, box_job) = emu.first_job("Box").await;
    let none = emu
        .get(&format!(
            "/v1.0/auditLogs/provisioning?$filter=jobId%20eq%20'{box_job}'"
        ))
        .await
        .json();
    assert_eq!(none["value"], Value::Array(vec![]));
    // Bad filters are 400s.
    let r = emu
        .get("/v1.0/auditLogs/provisioning?$filter=foo%20eq%20'x'")
        .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn top_and_next_link_walk_every_entry() {
    let emu = Emu::start(unlimited()).await;
    let (_, job_id) = emu.first_job("Slack").await;
    let filter = format!("$filter=jobId%20eq%20'{job_id}'");
    let all = emu
        .get(&format!("/v1.0/auditLogs/provisioning?$top=1000&{filter}"))
        .await
        .json();
    let total = all["value"].as_array().unwrap().len();
    assert!(total > 20, "{total}");
    let mut url = format!("/v1.0/auditLogs/provisioning?$top=7&{filter}");
    let mut seen = Vec::new();
    loop {
        let body = emu.get(&url).await.json();
        let page = body["value"].as_array().unwrap();
        assert!(page.len() <= 7);
        seen.extend(page.iter().map(|r| r["id"].as_str().unwrap().to_string()));
        match body["@odata.nextLink"].as_str() {
            Some(next) => {
                assert!(
                    next.contains("$top=7")
                        && next.contains("$skiptoken=")
                        && next.contains(&job_id),
                    "{next}"
                );
                url = next.split_once(&emu.addr).unwrap().1.to_string();
            }
            None => break,
        }
    }
    let expected: Vec<String> = all["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(
        emu.get("/v1.0/auditLogs/provisioning?$top=1001")
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn reports_throttle_five_per_ten_seconds() {
    let emu = Emu::default().await;
    for _ in 0..5 {
        assert_eq!(
            emu.get("/v1.0/auditLogs/provisioning?$top=1").await.status,
            200
        );
    }
    let r = emu.get("/v1.0/auditLogs/provisioning?$top=1").await;
    assert_eq!(r.status, 429);
    assert_eq!(r.json()["error"]["code"], "TooManyRequests");
    let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=10).contains(&wait));
    // Other endpoints are not affected.
    assert_eq!(emu.get("/v1.0/servicePrincipals?$top=1").await.status, 200);
    // A reset clears the window.
    assert_eq!(
        emu.admin("POST", "/_emulator/reset", None).await.status,
        204
    );
    assert_eq!(
        emu.get("/v1.0/auditLogs/provisioning?$top=1").await.status,
        200
    );
}

//! Admin endpoints, service principal queries and the CLI, over real HTTP.

mod http;

use std::process::Command;

use http::*;

#[tokio::test]
async fn reset_restores_the_initial_tenant_clock_faults_log_and_stats() {
    let emu = Emu::default().await;
    let (jobs, id) = emu.first_job("Slack").await;
    let initial = emu.job(&jobs, &id).await;
    emu.graph("DELETE", &format!("{jobs}/{id}"), None).await;
    emu.advance(7200).await;
    emu.set_faults(r#"{"latencyMs":1}"#).await;
    assert!(emu.stats().await["requests"].as_u64().unwrap() > 0);
    assert_eq!(
        emu.admin("POST", "/_emulator/reset", None).await.status,
        204
    );
    assert_eq!(
        emu.admin("GET", "/_emulator/clock", None).await.json()["now"],
        NOW
    );
    assert_eq!(
        emu.admin("GET", "/_emulator/faults", None).await.json()["latencyMs"],
        0
    );
    assert_eq!(emu.stats().await["requests"], 0);
    assert!(emu.log().await.is_empty());
    assert_eq!(emu.job(&jobs, &id).await, initial);
}

#[tokio::test]
async fn stats_count_requests_and_graph_requests() {
    let emu = Emu::default().await;
    emu.get("/v1.0/servicePrincipals?$top=1").await;
    emu.send("GET", "/config.json", None, &[]).await;
    emu.admin("GET", "/_emulator/health", None).await;
    let s = emu.stats().await;
    assert_eq!(s["requests"], 2, "admin requests are not counted");
    assert_eq!(s["graphRequests"], 1);
    for key in [
        "throttled",
        "budgetThrottled",
        "startWhileRunning",
        "batches",
        "batchRequests",
        "faultsInjected",
        "dropped",
    ] {
        assert_eq!(s[key], 0, "{key}");
    }
}

#[tokio::test]
async fn service_principal_filter_select_and_get() {
    let emu = Emu::default().await;
    let r = emu
        .get(
            "/v1.0/servicePrincipals?$filter=startswith(displayName,'CONTOSO')&$select=displayName",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let names: Vec<String> = r.json()["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["displayName"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "Contoso HR (Workday)",
            "Contoso Expenses",
            "Contoso Intranet",
            "Contoso Cloud Sync",
            "Contoso HRIS (API-driven inbound)"
        ]
    );
    // Quotes are doubled inside the literal.
    let r = emu
        .get("/v1.0/servicePrincipals?$filter=startswith(displayName,'O''Neil')")
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["value"].as_array().unwrap().len(), 0);
    // Paging keeps the filter in the nextLink.
    let r = emu
        .get("/v1.0/servicePrincipals?$filter=startswith(displayName,'contoso')&$top=2")
        .await
        .json();
    let next = r["@odata.nextLink"].as_str().unwrap();
    assert!(
        next.contains("$filter=startswith(displayName,'contoso')"),
        "{next}"
    );
    let page2 = emu.get(next.split_once(&emu.addr).unwrap().1).await.json();
    assert_eq!(page2["value"][0]["displayName"], "Contoso Intranet");
    let app_id = emu
        .sps()
        .await
        .iter()
        .find(|s| s["displayName"] == "Slack")
        .unwrap()["appId"]
        .as_str()
        .unwrap()
        .to_string();
    let r = emu
        .get(&format!(
            "/v1.0/servicePrincipals?$filter=appId%20eq%20'{app_id}'"
        ))
        .await
        .json();
    assert_eq!(r["value"][0]["displayName"], "Slack");
    let r = emu
        .get("/v1.0/servicePrincipals?$filter=endswith(displayName,'x')")
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["code"], "Request_UnsupportedQuery");
}

#[test]
fn help_documents_every_flag() {
    let out = Command::new(env!("CARGO_BIN_EXE_syncdeck-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--addr",
        "--dist",
        "--token",
        "--now",
        "--api-version",
        "--expose-retry-after",
        "--seed",
        "--speed",
        "--apps",
        "--job-share",
        "--create-status",
        "--credential-rule",
        "--reports-limit",
        "--on-demand-limit",
        "--latency-ms",
        "--jitter-ms",
        "--throttle-rate",
        "--rate-limit",
        "--retry-after",
        "--error-500-rate",
        "--error-503-rate",
        "--error-504-rate",
        "--unknown-error-rate",
        "--html-error-rate",
        "--drop-rate",
        "--forbidden-app",
        "--strict-start",
    ] {
        assert!(help.contains(flag), "{flag} missing from --help:\n{help}");
    }
    for args in [["--throttle-rate", "1.5"], ["--rate-limit", "-5"]] {
        let bad = Command::new(env!("CARGO_BIN_EXE_syncdeck-emulator"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(bad.status.code(), Some(2), "{args:?}");
    }
}

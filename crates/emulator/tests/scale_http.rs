//! `--apps N`: generated tenants, deterministic per seed, fast to list.

mod http;

use std::collections::{BTreeSet, HashSet};
use std::time::{Duration, Instant};

use http::*;
use serde_json::{Value, json};
use syncdeck_emulator::Options;

async fn all_ids(emu: &Emu) -> (Vec<Value>, Duration) {
    let mut url = "/v1.0/servicePrincipals?$top=999&$select=id,displayName".to_string();
    let mut out = Vec::new();
    let mut slowest = Duration::ZERO;
    loop {
        let t = Instant::now();
        let r = emu.get(&url).await;
        slowest = slowest.max(t.elapsed());
        assert_eq!(r.status, 200);
        let body = r.json();
        out.extend(body["value"].as_array().unwrap().iter().cloned());
        match body["@odata.nextLink"].as_str() {
            Some(next) => url = next.split_once(&emu.addr).unwrap().1.to_string(),
            None => break,
        }
    }
    (out, slowest)
}

#[tokio::test]
async fn five_thousand_apps_page_fast_and_are_deterministic() {
    let opts = || Options {
        apps: Some(5000),
        seed: 7,
        ..options()
    };
    let a = Emu::start(opts()).await;
    let (sps, slowest) = all_ids(&a).await;
    assert_eq!(sps.len(), 5000);
    assert!(
        slowest < Duration::from_secs(1),
        "a 999 page took {slowest:?}"
    );
    let unique: HashSet<&str> = sps.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(unique.len(), 5000);
    let b = Emu::start(opts()).await;
    let (again, _) = all_ids(&b).await;
    assert_eq!(sps, again, "same seed, same tenant");
    let c = Emu::start(Options {
        apps: Some(5000),
        seed: 8,
        ..options()
    })
    .await;
    let (other, _) = all_ids(&c).await;
    assert_ne!(sps[0]["id"], other[0]["id"]);
    // Not the demo tenant.
    assert!(!sps.iter().any(|s| s["displayName"] == "Slack"));
    // $filter works on generated names.
    let r = a
        .get("/v1.0/servicePrincipals?$filter=startswith(displayName,'contoso')&$top=999")
        .await;
    for sp in r.json()["value"].as_array().unwrap() {
        assert!(sp["displayName"].as_str().unwrap().starts_with("Contoso"));
    }
}

#[tokio::test]
async fn share_of_apps_with_jobs_follows_the_flag_across_kinds_and_states() {
    let emu = Emu::start(Options {
        apps: Some(1000),
        job_share: 0.1,
        seed: 3,
        ..options()
    })
    .await;
    let (sps, _) = all_ids(&emu).await;
    let mut with_jobs = 0;
    let mut templates = BTreeSet::new();
    let mut codes = BTreeSet::new();
    for chunk in sps.chunks(20) {
        let requests: Vec<Value> = chunk
            .iter()
            .enumerate()
            .map(|(i, sp)| json!({"id": i.to_string(), "method": "GET", "url": format!("/servicePrincipals/{}/synchronization/jobs", sp["id"].as_str().unwrap())}))
            .collect();
        let r = emu
            .post("/v1.0/$batch", &json!({"requests": requests}).to_string())
            .await;
        for sub in r.json()["responses"].as_array().unwrap() {
            assert_eq!(sub["status"], 200);
            let jobs = sub["body"]["value"].as_array().unwrap();
            if !jobs.is_empty() {
                with_jobs += 1;
            }
            for j in jobs {
                let t = j["templateId"].as_str().unwrap();
                templates.insert(
                    if t.starts_with("AD2AAD")
                        || t.starts_with("Workday")
                        || t.starts_with("SuccessFactors")
                        || t == "API2AAD"
                        || t == "Azure2Azure"
                        || t == "scim"
                    {
                        t.to_string()
                    } else {
                        "gallery".to_string()
                    },
                );
                codes.insert(j["status"]["code"].as_str().unwrap().to_string());
            }
        }
    }
    assert_eq!(with_jobs, 100, "round(1000 x 0.1)");
    for kind in [
        "gallery",
        "scim",
        "API2AAD",
        "Azure2Azure",
        "AD2AADProvisioning",
    ] {
        assert!(templates.contains(kind), "{kind} in {templates:?}");
    }
    assert!(
        templates
            .iter()
            .any(|t| t.starts_with("Workday") || t.starts_with("SuccessFactors"))
    );
    assert_eq!(codes.len(), 5, "every status code: {codes:?}");
}

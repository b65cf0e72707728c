//! The emulated clock: jobs move through cycles as it advances.

mod http;

use http::*;
use serde_json::Value;
use syncdeck_emulator::Options;

#[tokio::test]
async fn clock_endpoints() {
    let emu = Emu::default().await;
    let c = emu.admin("GET", "/_emulator/clock", None).await.json();
    assert_eq!(c["now"], NOW);
    assert_eq!(c["start"], NOW);
    assert_eq!(c["speed"], 0.0);
    let r = emu
        .admin(
            "POST",
            "/_emulator/clock",
            Some(r#"{"advanceSeconds":3600}"#),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["now"], "2026-11-22T22:03:11.1234567Z");
    for bad in [
        r#"{"advanceSeconds":-1}"#,
        r#"{"speed":"fast"}"#,
        r#"{}"#,
        r#"{"rewind":1}"#,
        "nope",
    ] {
        let r = emu.admin("POST", "/_emulator/clock", Some(bad)).await;
        assert_eq!(r.status, 400, "{bad}");
    }
    // Speed: 3600 emulated seconds per real second.
    let r = emu
        .admin("POST", "/_emulator/clock", Some(r#"{"speed":3600}"#))
        .await;
    assert_eq!(r.json()["speed"], 3600.0);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    emu.admin("POST", "/_emulator/clock", Some(r#"{"speed":0}"#))
        .await;
    let now = emu.admin("GET", "/_emulator/clock", None).await.json()["now"]
        .as_str()
        .unwrap()
        .to_string();
    // at least 0.3 s x 3600 = 18 min past 22:03.
    assert!(
        now.as_str() >= "2026-11-22T22:21:11" && now.as_str() < "2026-11-23",
        "{now}"
    );
    // Error envelopes carry the emulated date.
    let r = emu.get("/v1.0/nope").await;
    assert!(
        r.json()["error"]["innerError"]["date"]
            .as_str()
            .unwrap()
            .starts_with(&now[..13])
    );
}

#[tokio::test]
async fn a_running_first_cycle_progresses_ends_and_the_next_cycle_begins() {
    let emu = Emu::default().await;
    let (jobs, id) = emu.first_job("Amazon Web Services (AWS)").await;
    let before = emu.job(&jobs, &id).await;
    assert_eq!(before["status"]["progress"][0]["completedUnits"], 3);
    // One unit a minute from the observation 30 s before start.
    emu.advance(600).await;
    let j = emu.job(&jobs, &id).await;
    let p = &j["status"]["progress"][0];
    assert_eq!(p["completedUnits"], 13);
    assert_eq!(p["totalUnits"], 50);
    assert_ne!(
        p["progressObservationDateTime"],
        before["status"]["progress"][0]["progressObservationDateTime"]
    );
    assert_eq!(j["status"]["code"], "NotRun");
    // The rest of the 50 pages: the initial cycle ends.
    emu.advance(37 * 60 + 1).await;
    let j = emu.job(&jobs, &id).await;
    let st = &j["status"];
    assert_eq!(st["code"], "Active", "{j}");
    assert_ne!(st["lastExecution"]["timeEnded"], "0001-01-01T00:00:00Z");
    assert!(
        st["lastExecution"]["timeEnded"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-22T21:49:41"),
        "{st}"
    );
    assert_eq!(
        st["lastSuccessfulExecution"]["activityIdentifier"],
        st["lastExecution"]["activityIdentifier"]
    );
    assert_eq!(
        st["steadyStateFirstAchievedTime"],
        st["lastExecution"]["timeEnded"]
    );
    let first_run = st["lastExecution"]["activityIdentifier"].clone();
    // 40 minutes later (schedule.interval PT40M) the next cycle has run.
    emu.advance(41 * 60).await;
    let j = emu.job(&jobs, &id).await;
    assert_ne!(
        j["status"]["lastExecution"]["activityIdentifier"],
        first_run
    );
    assert!(
        j["status"]["lastExecution"]["timeBegan"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-22T22:29:41"),
        "{j}"
    );
}

#[tokio::test]
async fn healthy_jobs_run_incremental_cycles_on_their_interval() {
    let emu = Emu::default().await;
    let (jobs, ids) = {
        let jobs = emu.jobs_path("Contoso Cloud Sync").await;
        let v = emu.get(&jobs).await.json();
        let ids: Vec<String> = v["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j["id"].as_str().unwrap().to_string())
            .collect();
        (jobs, ids)
    };
    let before = emu.job(&jobs, &ids[0]).await;
    // PT2M interval: within 10 minutes several cycles have run.
    emu.advance(600).await;
    let after = emu.job(&jobs, &ids[0]).await;
    assert_ne!(
        after["status"]["lastExecution"]["activityIdentifier"],
        before["status"]["lastExecution"]["activityIdentifier"]
    );
    assert!(
        after["status"]["steadyStateLastAchievedTime"].as_str()
            > before["status"]["steadyStateLastAchievedTime"].as_str()
    );
    assert_eq!(after["status"]["code"], "Active");
}

#[tokio::test]
async fn paused_quarantined_and_not_configured_jobs_do_not_move() {
    let emu = Emu::default().await;
    let mut before = Vec::new();
    for name in ["Zendesk", "Salesforce Sandbox", "Box", "Databricks"] {
        let (jobs, id) = emu.first_job(name).await;
        before.push((jobs.clone(), id.clone(), emu.job(&jobs, &id).await));
    }
    emu.advance(3 * 86_400).await;
    for (jobs, id, job) in before {
        assert_eq!(emu.job(&jobs, &id).await, job, "{id}");
    }
}

#[tokio::test]
async fn big_jumps_are_fast_and_consistent() {
    let emu = Emu::default().await;
    let started = std::time::Instant::now();
    emu.advance(90 * 86_400).await;
    let (jobs, id) = emu.first_job("Contoso HR (Workday)").await;
    let j: Value = emu.job(&jobs, &id).await;
    assert!(started.elapsed().as_secs() < 5);
    assert_eq!(j["status"]["code"], "Active");
    assert!(
        j["status"]["lastExecution"]["timeBegan"].as_str().unwrap() > "2027-02-19",
        "{j}"
    );
}

#[tokio::test]
async fn real_time_moves_jobs_at_the_given_speed() {
    let emu = Emu::start(Options {
        speed: 600.0,
        ..options()
    })
    .await;
    let (jobs, id) = emu.first_job("Amazon Web Services (AWS)").await;
    let a = emu.job(&jobs, &id).await["status"]["progress"][0]["completedUnits"]
        .as_i64()
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let b = emu.job(&jobs, &id).await["status"]["progress"][0]["completedUnits"]
        .as_i64()
        .unwrap();
    assert!(b >= a + 4, "{a} -> {b}: 300 emulated seconds = 5 pages");
}

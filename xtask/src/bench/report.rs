//! The report: the tables of sizes and scans with their verdicts, and `BENCHMARKS.md`, whose part
//! between the markers it rewrites.

use super::scenario::{Scenario, ScenarioResult, budget_bound_ms, scan_ms};
use super::sizes::Sized;
use super::verify::LogCounts;
use super::{
    BUDGET_429_SHARE, BUDGET_AT_RATE_RATIO, BUDGET_FIRST_CARD_MS, BUDGET_KEYSTROKE_MS,
    BUDGET_RANDOM_THROTTLE_RATIO, BUDGET_SCAN_RATIO, BUDGET_TOTAL_BROTLI, BUDGET_WASM_BROTLI,
    CONCURRENCY, LATENCY_MS,
};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;

const BEGIN: &str =
    "<!-- bench:begin (written by `cargo xtask bench`; edit outside the markers) -->";
const END: &str = "<!-- bench:end -->";

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

pub(super) fn verdict(ok: bool) -> &'static str {
    if ok { "pass" } else { "**miss**" }
}

/// One file's row of a size table.
fn file_row(s: &mut String, f: &Sized) {
    let _ = writeln!(
        s,
        "| {} | `{}` | {} | {} | {} |",
        f.group,
        f.name,
        kb(f.raw),
        kb(f.gzip),
        kb(f.brotli)
    );
}

/// The files fetched on demand (not part of the first load), with their total.
pub(super) fn on_demand_table(files: &[Sized]) -> String {
    let mut s = String::from(
        "### Fetched on demand\n\n\
         The settings and schema module (`crates/settings`): fetched the first time a job's \
         settings or its Provision on demand are opened; the Simplified Chinese texts \
         (`i18n-zh-CN-*.json`, `docs/i18n.md`): fetched when Chinese is chosen. Never by the \
         first load.\n\n\
         | group | file | raw | gzip -9 | brotli -q 11 |\n|---|---|---:|---:|---:|\n",
    );
    let mut total = 0;
    for f in files {
        total += f.brotli;
        file_row(&mut s, f);
    }
    let _ = writeln!(s, "| **total** | | | | **{}** |\n", kb(total));
    s
}

pub(super) fn sizes_table(files: &[Sized], misses: &mut Vec<String>) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "### First load: transfer size\n\n\
         Everything `index.html` reaches in `dist/`, plus MSAL (1 KB = 1,000 bytes).\n\n\
         | group | file | raw | gzip -9 | brotli -q 11 |\n|---|---|---:|---:|---:|"
    );
    for f in files {
        file_row(&mut s, f);
    }
    let sum = |g: Option<&str>| -> (u64, u64, u64) {
        files
            .iter()
            .filter(|f| g.is_none_or(|g| f.group == g))
            .fold((0, 0, 0), |a, f| {
                (a.0 + f.raw, a.1 + f.gzip, a.2 + f.brotli)
            })
    };
    for g in ["html", "js", "wasm", "css", "MSAL"] {
        let (r, z, b) = sum(Some(g));
        let _ = writeln!(
            s,
            "| {g} | *subtotal* | {} | {} | {} |",
            kb(r),
            kb(z),
            kb(b)
        );
    }
    let (r, z, b) = sum(None);
    let _ = writeln!(
        s,
        "| **total** | | **{}** | **{}** | **{}** |",
        kb(r),
        kb(z),
        kb(b)
    );
    let wasm = sum(Some("wasm")).2;
    let (total_ok, wasm_ok) = (b <= BUDGET_TOTAL_BROTLI, wasm <= BUDGET_WASM_BROTLI);
    let _ = writeln!(
        s,
        "\n| budget | measured | budget | verdict |\n|---|---:|---:|---|\n\
         | first load, brotli total | {} | {} | {} |\n\
         | app wasm, brotli | {} | {} | {} |\n",
        kb(b),
        kb(BUDGET_TOTAL_BROTLI),
        verdict(total_ok),
        kb(wasm),
        kb(BUDGET_WASM_BROTLI),
        verdict(wasm_ok)
    );
    if !total_ok {
        misses.push(format!(
            "first load {} brotli > {}",
            kb(b),
            kb(BUDGET_TOTAL_BROTLI)
        ));
    }
    if !wasm_ok {
        misses.push(format!(
            "app wasm {} brotli > {}",
            kb(wasm),
            kb(BUDGET_WASM_BROTLI)
        ));
    }
    s
}

/// `n` with thousands separators ("5,000"), as the app writes a count in English
/// (`syncdeck_i18n::fmt::number`, plain English natively).
pub(super) fn thousands(n: u64) -> String {
    syncdeck_i18n::fmt::number(n as f64)
}

/// Median, min and max.
fn spread(mut xs: Vec<f64>) -> Option<(f64, f64, f64)> {
    xs.retain(|x| x.is_finite());
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    let m = xs.len() / 2;
    let median = if xs.len() % 2 == 1 {
        xs[m]
    } else {
        (xs[m - 1] + xs[m]) / 2.0
    };
    Some((median, xs[0], xs[xs.len() - 1]))
}

fn ms((median, min, max): (f64, f64, f64)) -> String {
    format!("{median:.0} ms ({min:.0}–{max:.0})")
}

fn field(runs: &[Value], f: impl Fn(&Value) -> Option<f64>) -> Vec<f64> {
    runs.iter().filter_map(f).collect()
}

pub(super) fn scan_tables(
    results: &[(Scenario, ScenarioResult)],
    misses: &mut Vec<String>,
) -> String {
    let mut s = String::new();
    // With `--only`, the tables of the scenarios that did not run are left out.
    let plain = results.iter().any(|(sc, _)| sc.is_plain());
    if plain {
        plain_scan_tables(&mut s, results, misses);
    }
    for (sc, r) in results.iter().filter(|(sc, _)| sc.throttle_rate > 0.0) {
        let runs = r.json["runs"].as_array().cloned().unwrap_or_default();
        let nav = spread(field(&runs, |r| r["doneMs"].as_f64()));
        let requests: Vec<u64> = r.logs.iter().map(|l| l.outer).collect();
        let throttled: Vec<u64> = r.logs.iter().map(|l| l.throttled).collect();
        let subs: Vec<u64> = r.logs.iter().map(|l| l.subs).collect();
        let retry_after = r.json["faults"]["retryAfterSeconds"].as_u64().unwrap_or(0);
        let _ = writeln!(
            s,
            "\n### {}\n\n\
             The same scan with `--throttle-rate {}` (each Graph request and sub-request answered \
             429 with `Retry-After: {retry_after}` at that rate); no budget of its own, the \
             requests must still be the minimum plus the retries.\n\n\
             | runs | jobs shown | completion (nav → last card) | requests sent (log) | minimum | \
             429s answered | sub-requests |\n|---:|---:|---:|---:|---:|---:|---:|\n\
             | {} | {} | {} | {} | {} | {} | {} |",
            sc.label(),
            sc.throttle_rate,
            runs.len(),
            thousands(r.json["emulator"]["jobs"].as_u64().unwrap_or(0)),
            nav.map(ms).unwrap_or_default(),
            distinct(&requests),
            sc.minimum_requests(),
            distinct(&throttled),
            distinct(&subs),
        );
    }
    if plain {
        first_card_and_filter(&mut s, results, misses);
    }
    s
}

/// The tables "Fleet scan on the emulator" and the round trips, of the plain scans.
fn plain_scan_tables(
    s: &mut String,
    results: &[(Scenario, ScenarioResult)],
    misses: &mut Vec<String>,
) {
    let _ = writeln!(
        s,
        "### Fleet scan on the emulator\n\n\
         Release emulator, `--apps N --job-share 1` (every app has jobs, so every app is a card), \
         {LATENCY_MS} ms latency on every Graph request and sub-request. Each figure is the median \
         of the runs, with the spread (min–max). *Nav → last card*: from navigation start to the \
         painted frame where the progressbar says \"Scanned all N apps\" (the app's wasm download \
         and start included). *Scan*: from the first Graph request to that frame. *Bound*: \
         (ceil(N/999) pages in sequence + ceil(ceil(N/20)/{CONCURRENCY}) rounds of batches) × \
         {LATENCY_MS} ms.\n\n\
         | apps | runs | jobs shown | requests (log) | minimum | verdict | nav → last card | \
         bound | ratio (budget ≤ {BUDGET_SCAN_RATIO}) | scan only | scan ratio | verdict |\n\
         |---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|"
    );
    for (sc, r) in results.iter().filter(|(sc, _)| sc.is_plain()) {
        let runs = r.json["runs"].as_array().cloned().unwrap_or_default();
        let jobs = r.json["emulator"]["jobs"].as_u64().unwrap_or(0);
        let requests: Vec<u64> = r.logs.iter().map(|l| l.outer).collect();
        let min = sc.minimum_requests();
        let req_ok = requests.iter().all(|n| *n == min);
        let nav = spread(field(&runs, |r| r["doneMs"].as_f64()));
        let scan = spread(field(&runs, scan_ms));
        let bound = sc.bound_ms();
        let (Some(nav), Some(scan)) = (nav, scan) else {
            continue;
        };
        let ratio = nav.0 / bound;
        let scan_ratio = scan.0 / bound;
        let time_ok = ratio <= BUDGET_SCAN_RATIO;
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {min} | {} | {} | {bound:.0} ms | {ratio:.2} | {} | {scan_ratio:.2} | {} |",
            thousands(sc.apps),
            runs.len(),
            thousands(jobs),
            distinct(&requests),
            verdict(req_ok),
            ms(nav),
            ms(scan),
            verdict(time_ok),
        );
        if !req_ok {
            misses.push(format!(
                "{}: {} requests sent, the minimum is {min}",
                sc.label(),
                distinct(&requests)
            ));
        }
        if !time_ok {
            misses.push(format!(
                "{}: navigation → last card {:.0} ms = {ratio:.2} × the bound {bound:.0} ms \
                 (scan alone {:.0} ms = {scan_ratio:.2} ×)",
                sc.label(),
                nav.0,
                scan.0
            ));
        }
    }
    // Round trips as the browser saw them (context for the bound).
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let _ = writeln!(
        s,
        "\nRound trips seen by the browser (median of every request of every run), and the CPU time \
         the emulator itself used per scan, on the same machine as Chromium. *Bound at these round \
         trips*: the same critical path with the measured median round trips in place of the \
         injected {LATENCY_MS} ms, and the scan (first Graph request → last card) against it: \n\n\
         | apps | list page | `$batch` of 20 | emulator CPU per scan (same {cores} cores) | \
         bound at these round trips | scan only ÷ that |\n|---:|---:|---:|---:|---:|---:|"
    );
    for (sc, r) in results.iter().filter(|(sc, _)| sc.is_plain()) {
        let runs = r.json["runs"].as_array().cloned().unwrap_or_default();
        let all = |key: &str| -> Vec<f64> {
            runs.iter()
                .flat_map(|r| r[key].as_array().cloned().unwrap_or_default())
                .filter_map(|v| v.as_f64())
                .collect()
        };
        let (pages, batches) = (spread(all("pageMs")), spread(all("batchMs")));
        let fmt = |v: Option<(f64, f64, f64)>| v.map(ms).unwrap_or_else(|| "–".into());
        let scan = spread(field(&runs, scan_ms));
        let (at, ratio) = match (pages, batches, scan) {
            (Some(p), Some(b), Some(scan)) => {
                let at = sc.bound_at_ms(p.0, b.0);
                (format!("{at:.0} ms"), format!("{:.2}", scan.0 / at))
            }
            _ => ("–".into(), "–".into()),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {at} | {ratio} |",
            thousands(sc.apps),
            fmt(pages),
            fmt(batches),
            fmt(spread(field(&runs, |r| r["emulatorCpuMs"].as_f64()))),
        );
    }
}

/// The table "First card and filter" of the plain scans.
fn first_card_and_filter(
    s: &mut String,
    results: &[(Scenario, ScenarioResult)],
    misses: &mut Vec<String>,
) {
    let _ = writeln!(
        s,
        "\n### First card and filter\n\n\
         | measure | apps | median (min–max) | budget | verdict |\n|---|---:|---:|---:|---|"
    );
    for (sc, r) in results.iter().filter(|(sc, _)| sc.is_plain()) {
        let runs = r.json["runs"].as_array().cloned().unwrap_or_default();
        if let Some(first) = spread(field(&runs, |r| r["firstCardMs"].as_f64())) {
            let miss = format!("{}: first card after {:.0} ms", sc.label(), first.0);
            let what = "first card on screen, from navigation start";
            budget_row(s, misses, what, sc.apps, first, BUDGET_FIRST_CARD_MS, miss);
        }
    }
    for (sc, r) in results
        .iter()
        .filter(|(sc, _)| sc.is_plain() && sc.keystroke_cycles > 0)
    {
        keystroke_rows(s, misses, sc, r);
    }
}

/// The rows "keystroke → repaint" (narrowing, widening) of a scenario that typed into the filter.
fn keystroke_rows(s: &mut String, misses: &mut Vec<String>, sc: &Scenario, r: &ScenarioResult) {
    let k = &r.json["keystrokes"];
    let jobs = thousands(r.json["emulator"]["jobs"].as_u64().unwrap_or(0));
    for (what, key) in [
        (
            "keystroke → repaint, narrowing (typing \"slack\")",
            "narrow",
        ),
        (
            "keystroke → repaint, widening (Backspace back to every card)",
            "widen",
        ),
    ] {
        let xs: Vec<f64> = k[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_f64)
            .collect();
        let count = xs.len();
        if let Some(t) = spread(xs) {
            let miss = format!(
                "{jobs} cards of {} apps: {key} keystroke → repaint {:.0} ms",
                thousands(sc.apps),
                t.0
            );
            let what = format!("{what}, {count} keys, {jobs} cards");
            budget_row(s, misses, &what, sc.apps, t, BUDGET_KEYSTROKE_MS, miss);
        }
    }
}

/// A row of the table "First card and filter": `what`, measured on `apps` apps as `t` (median,
/// min, max), against `budget` (ms); `miss` goes to `misses` when the median is over it.
fn budget_row(
    s: &mut String,
    misses: &mut Vec<String>,
    what: &str,
    apps: u64,
    t: (f64, f64, f64),
    budget: f64,
    miss: String,
) {
    let ok = t.0 <= budget;
    let _ = writeln!(
        s,
        "| {what} | {} | {} | {budget:.0} ms | {} |",
        thousands(apps),
        ms(t),
        verdict(ok)
    );
    if !ok {
        misses.push(miss);
    }
}

/// The scan under a budget against its bound: the scan's ratio to the bound and the share of its
/// sub-requests answered 429, each with its verdict.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct AtBudget {
    pub(super) bound_ms: f64,
    pub(super) ratio: f64,
    pub(super) ratio_ok: bool,
    pub(super) share_429: f64,
    pub(super) share_ok: bool,
}

/// `scan_ms` of a scan whose log is `log`, under a budget of `budget` requests per 10 s: the
/// bound is what the budget served (list pages and sub-requests, its own 429s apart) at the
/// budget's rate; the share is every 429 of the scan over its sub-requests.
pub(super) fn at_budget(scan_ms: f64, log: &LogCounts, budget: u64) -> AtBudget {
    let bound_ms = budget_bound_ms(log.budget_served, budget);
    let ratio = if bound_ms > 0.0 {
        scan_ms / bound_ms
    } else {
        f64::INFINITY
    };
    let share_429 = if log.subs > 0 {
        log.throttled as f64 / log.subs as f64
    } else {
        0.0
    };
    AtBudget {
        bound_ms,
        ratio,
        ratio_ok: ratio <= BUDGET_AT_RATE_RATIO,
        share_429,
        share_ok: share_429 <= BUDGET_429_SHARE,
    }
}

/// A duration in seconds, one decimal: "57.2 s".
fn secs(ms: f64) -> String {
    format!("{:.1} s", ms / 1000.0)
}

/// "4730 ms (1 run)", "4730 ms (4650–4900, 5 runs)".
fn ms_runs(t: (f64, f64, f64), runs: usize) -> String {
    if runs == 1 {
        format!("{:.0} ms (1 run)", t.0)
    } else {
        format!("{:.0} ms ({:.0}–{:.0}, {runs} runs)", t.0, t.1, t.2)
    }
}

/// "20,000 apps (5% with jobs)", "5,000 apps (every app with jobs)".
fn tenant(sc: &Scenario) -> String {
    if sc.every_app_has_jobs() {
        format!("{} apps (every app with jobs)", thousands(sc.apps))
    } else {
        format!(
            "{} apps ({:.0}% with jobs)",
            thousands(sc.apps),
            sc.job_share * 100.0
        )
    }
}

/// The tables of Graph's limits (issue 15): the scan at Graph's budget, 10% random throttling
/// against no throttling, the fault storm, and 50,000 apps in one tab. Each only when its
/// scenarios ran (`--only`).
pub(super) fn limits_tables(
    results: &[(Scenario, ScenarioResult)],
    misses: &mut Vec<String>,
) -> String {
    let mut s = String::new();
    budget_table(&mut s, results, misses);
    random_throttling_table(&mut s, results, misses);
    storm_table(&mut s, results, misses);
    heap_table(&mut s, results, misses);
    s
}

fn budget_table(s: &mut String, results: &[(Scenario, ScenarioResult)], misses: &mut Vec<String>) {
    let budgeted: Vec<_> = results.iter().filter(|(sc, _)| sc.rate_limit > 0).collect();
    if budgeted.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\n### Scan at Graph's budget\n\n\
         Release emulator, `--apps N --job-share 0.05` (5% of the apps have jobs), {LATENCY_MS} ms \
         latency, `--rate-limit B`: at most B Graph requests per sliding 10 s per token, each \
         `$batch` sub-request counted and the envelope not, and over it 429 with `Retry-After` \
         until the window has room, as Graph counts its budgets per app \
         (<https://learn.microsoft.com/en-us/graph/throttling-limits>). One run each (a scan \
         takes minutes). *Sub-requests*: the `$batch` sub-requests of the scan in the emulator's \
         log, 429s included. *Bound*: (sub-requests + list pages, less the budget's own 429s, \
         which take no budget) ÷ (B / 10 s), the time these requests take at the budget's \
         steady rate (a client may spend a whole window's budget at once at the start, so a \
         scan can come in under it). *Scan*: from the first Graph request to the painted frame where the \
         progressbar says \"Scanned all N apps\". *429s*: every request and sub-request of the \
         scan answered 429.\n\n\
         | apps | jobs | budget per 10 s | sub-requests (log) | list pages | bound | scan | \
         ratio (budget ≤ {BUDGET_AT_RATE_RATIO}) | verdict | 429s answered | \
         share of sub-requests (budget ≤ {:.0}%) | verdict |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|",
        BUDGET_429_SHARE * 100.0
    );
    for (sc, r) in budgeted {
        let runs = r.json["runs"].as_array().cloned().unwrap_or_default();
        let jobs = r.json["emulator"]["jobs"].as_u64().unwrap_or(0);
        for (run, log) in runs.iter().zip(&r.logs) {
            let Some(scan) = scan_ms(run) else {
                continue;
            };
            let v = at_budget(scan, log, sc.rate_limit);
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} | {:.2} | {} | {} | {:.2}% | {} |",
                thousands(sc.apps),
                thousands(jobs),
                thousands(sc.rate_limit),
                thousands(log.subs),
                log.pages,
                secs(v.bound_ms),
                secs(scan),
                v.ratio,
                verdict(v.ratio_ok),
                thousands(log.throttled),
                v.share_429 * 100.0,
                verdict(v.share_ok),
            );
            if !v.ratio_ok {
                misses.push(format!(
                    "{}: scan {} = {:.2} × the bound {} at the budget's rate",
                    sc.label(),
                    secs(scan),
                    v.ratio,
                    secs(v.bound_ms)
                ));
            }
            if !v.share_ok {
                misses.push(format!(
                    "{}: {} 429s = {:.2}% of {} sub-requests",
                    sc.label(),
                    thousands(log.throttled),
                    v.share_429 * 100.0,
                    thousands(log.subs)
                ));
            }
        }
    }
}

/// The unthrottled scenario a throttled one is compared with: same tenant and latency, no fault.
fn unthrottled_of<'a>(
    results: &'a [(Scenario, ScenarioResult)],
    t: &Scenario,
) -> Option<&'a (Scenario, ScenarioResult)> {
    results.iter().find(|(u, _)| {
        u.apps == t.apps
            && u.job_share == t.job_share
            && u.latency_ms == t.latency_ms
            && u.throttle_rate == 0.0
            && u.rate_limit == 0
            && !u.storm
    })
}

fn random_throttling_table(
    s: &mut String,
    results: &[(Scenario, ScenarioResult)],
    misses: &mut Vec<String>,
) {
    let pairs: Vec<_> = results
        .iter()
        .filter(|(t, _)| t.throttle_rate > 0.0 && t.rate_limit == 0 && !t.storm)
        .filter_map(|t| Some((unthrottled_of(results, &t.0)?, t)))
        .collect();
    if pairs.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\n### 10% random throttling\n\n\
         The scan with `--throttle-rate 0.1` (each Graph request and sub-request answered 429 \
         with `Retry-After` at that rate, at random) against the same tenant without it, at \
         {LATENCY_MS} ms latency. *Scan*: from the first Graph request to the painted frame of \
         \"Scanned all N apps\", the median of the runs (the 20,000-app scans: one run each). \
         *429s*: every request and sub-request answered 429, per run.\n\n\
         | size | unthrottled scan | throttled scan | ratio (budget ≤ {BUDGET_RANDOM_THROTTLE_RATIO}) \
         | verdict | 429s answered |\n|---|---:|---:|---:|---|---:|"
    );
    for ((us, ur), (ts, tr)) in pairs {
        let u_runs = ur.json["runs"].as_array().cloned().unwrap_or_default();
        let t_runs = tr.json["runs"].as_array().cloned().unwrap_or_default();
        let (Some(u), Some(t)) = (
            spread(field(&u_runs, scan_ms)),
            spread(field(&t_runs, scan_ms)),
        ) else {
            continue;
        };
        let ratio = t.0 / u.0;
        let ok = ratio <= BUDGET_RANDOM_THROTTLE_RATIO;
        let throttled: Vec<u64> = tr.logs.iter().map(|l| l.throttled).collect();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {ratio:.2} | {} | {} |",
            tenant(us),
            ms_runs(u, u_runs.len()),
            ms_runs(t, t_runs.len()),
            verdict(ok),
            distinct(&throttled),
        );
        if !ok {
            misses.push(format!(
                "{}: scan {:.0} ms = {ratio:.2} × the unthrottled {:.0} ms",
                ts.label(),
                t.0,
                u.0
            ));
        }
    }
}

fn storm_table(s: &mut String, results: &[(Scenario, ScenarioResult)], misses: &mut Vec<String>) {
    for (sc, r) in results.iter().filter(|(sc, _)| sc.storm) {
        let runs = r.json["runs"].as_array().cloned().unwrap_or_default();
        let held = r.json["emulator"]["jobs"].as_u64().unwrap_or(0);
        let shown: Vec<u64> = runs
            .iter()
            .map(|r| r["summaryJobs"].as_u64().unwrap_or(0))
            .collect();
        let every = !runs.is_empty() && shown.iter().all(|n| *n == held);
        let nav = spread(field(&runs, |r| r["doneMs"].as_f64()));
        let scan = spread(field(&runs, scan_ms));
        let errors: Vec<u64> = r.logs.iter().map(|l| l.server_errors).collect();
        let dropped: Vec<u64> = r.logs.iter().map(|l| l.dropped).collect();
        let fmt = |v: Option<(f64, f64, f64)>| v.map(ms).unwrap_or_else(|| "–".into());
        let _ = writeln!(
            s,
            "\n### Fault storm, {}\n\n\
             `--apps {} --job-share 1` (every app is a card), {} ms latency, and \
             `{}`: 10% of Graph requests and sub-requests answered 503, 10% 500, 5% a 502 HTML \
             page, 5% of requests dropped without an answer (never a `$batch` sub-request). The \
             app retries every read until it succeeds. *Nav → last card*: from navigation start \
             to the painted frame of \"Scanned all N apps\"; *scan*: from the first Graph \
             request. *5xx*: requests and sub-requests answered 500, 502 or 503, per run; \
             *dropped*: connections closed without an answer, logged without a status.\n\n\
             | runs | jobs shown of jobs held | nav → last card | scan | requests answered 5xx | \
             dropped (logged without status) | verdict (every job shown) |\n\
             |---:|---:|---:|---:|---:|---:|---|\n\
             | {} | {} of {} | {} | {} | {} | {} | {} |",
            sc.label().trim_end_matches(", fault storm"),
            sc.apps,
            sc.latency_ms,
            super::scenario::STORM_FLAGS.join(" "),
            runs.len(),
            distinct_thousands(&shown),
            thousands(held),
            fmt(nav),
            fmt(scan),
            distinct(&errors),
            distinct(&dropped),
            verdict(every),
        );
        if !every {
            misses.push(format!(
                "{}: {} jobs shown of {held}",
                sc.label(),
                distinct_thousands(&shown)
            ));
        }
    }
}

fn heap_table(s: &mut String, results: &[(Scenario, ScenarioResult)], misses: &mut Vec<String>) {
    for (sc, r) in results.iter().filter(|(sc, _)| sc.heap) {
        let runs = r.json["runs"].as_array().cloned().unwrap_or_default();
        let mb = |key: &str| -> Option<(f64, f64, f64)> {
            spread(field(&runs, |r| r["heap"][key].as_f64().map(|b| b / 1e6)))
        };
        let _ = writeln!(
            s,
            "\n### {} apps in one tab\n\n\
             After the scan of {} at a budget of {} requests per 10 s ({}): the page's JS heap \
             after a forced garbage collection (DevTools protocol: \
             `HeapProfiler.collectGarbage`, then `Runtime.getHeapUsage`; 1 MB = 1,000,000 \
             bytes) and the size of the app's wasm memory, and the filter's keystroke → repaint \
             with every card listed ({} cycles of typing \"slack\" and erasing it).\n\n\
             | measure | apps | median (min–max) | budget | verdict |\n|---|---:|---:|---:|---|",
            thousands(sc.apps),
            tenant(sc),
            thousands(sc.rate_limit),
            if runs.len() == 1 {
                "one run".to_string()
            } else {
                format!("{} runs, medians", runs.len())
            },
            sc.keystroke_cycles,
        );
        if let (Some(used), Some(total)) = (mb("usedBytes"), mb("totalBytes")) {
            let _ = writeln!(
                s,
                "| JS heap after GC, used / total | {} | {:.1} / {:.1} MB | – | – |",
                thousands(sc.apps),
                used.0,
                total.0
            );
        }
        if let Some(wasm) = mb("wasmBytes") {
            let _ = writeln!(
                s,
                "| the app's wasm memory (not in the JS heap; it only grows, so this is its \
                 high-water mark) | {} | {:.1} MB | – | – |",
                thousands(sc.apps),
                wasm.0
            );
        }
        keystroke_rows(s, misses, sc, r);
    }
}

/// "12" when every run agrees, "12–14" otherwise.
fn distinct(xs: &[u64]) -> String {
    match (xs.iter().min(), xs.iter().max()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => "–".to_string(),
    }
}

/// `distinct` with thousands separators: "1,079", "1,070–1,079".
fn distinct_thousands(xs: &[u64]) -> String {
    match (xs.iter().min(), xs.iter().max()) {
        (Some(a), Some(b)) if a == b => thousands(*a),
        (Some(a), Some(b)) => format!("{}–{}", thousands(*a), thousands(*b)),
        _ => "–".to_string(),
    }
}

/// Replaces the generated part of `BENCHMARKS.md`, keeping what is written around it.
pub(super) fn write_benchmarks(path: &Path, report: &str) -> Result<(), String> {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let generated = format!("{BEGIN}\n\n{}\n{END}", report.trim_end());
    let new = match (old.find(BEGIN), old.find(END)) {
        (Some(a), Some(b)) if a < b => {
            format!("{}{generated}{}", &old[..a], &old[b + END.len()..])
        }
        _ => format!(
            "# Benchmarks\n\n`cargo xtask bench` measures the project's performance \
             budgets and rewrites the part between the markers below.\n\n{generated}\n"
        ),
    };
    std::fs::write(path, new).map_err(|e| format!("cannot write {path:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_is_median_min_max() {
        assert_eq!(spread(vec![3.0, 1.0, 2.0]), Some((2.0, 1.0, 3.0)));
        assert_eq!(spread(vec![4.0, 1.0, 2.0, 3.0]), Some((2.5, 1.0, 4.0)));
        assert_eq!(spread(vec![]), None);
    }

    #[test]
    fn verdicts_at_the_budget() {
        // 20,000 apps at 3,500 per 10 s: 20,000 sub-requests (300 of them the budget's 429s)
        // and 21 list pages; the budget served 19,721 requests, 56.3 s at its rate.
        let log = LogCounts {
            subs: 20_000,
            pages: 21,
            throttled: 300,
            budget_throttled: 300,
            budget_served: 19_721,
            ..LogCounts::default()
        };
        let v = at_budget(60_000.0, &log, 3_500);
        assert!((v.bound_ms - 56_345.714).abs() < 0.001);
        assert!((v.ratio - 60_000.0 / 56_345.714).abs() < 1e-6);
        assert!(v.ratio_ok);
        assert_eq!(v.share_429, 0.015);
        assert!(v.share_ok);
        // 1.15 × the bound passes, above it misses.
        let bound = v.bound_ms;
        assert!(at_budget(bound * 1.15, &log, 3_500).ratio_ok);
        assert!(!at_budget(bound * 1.151, &log, 3_500).ratio_ok);
        // 2% of the sub-requests answered 429 passes, one more misses.
        let at = |throttled| {
            at_budget(
                bound,
                &LogCounts {
                    throttled,
                    ..log.clone()
                },
                3_500,
            )
        };
        assert_eq!(at(400).share_429, 0.02);
        assert!(at(400).share_ok);
        assert!(!at(401).share_ok);
        // No sub-request: no share; no budget: no bound to meet.
        assert!(at_budget(1.0, &LogCounts::default(), 3_500).share_ok);
        assert!(!at_budget(1.0, &log, 0).ratio_ok);
    }

    #[test]
    fn keeps_notes_around_the_generated_part() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("BENCHMARKS.md");
        std::fs::write(
            &path,
            format!("# B\n\nnotes before\n\n{BEGIN}\nold\n{END}\n\nafter\n"),
        )
        .unwrap();
        write_benchmarks(&path, "new table\n").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("notes before") && text.contains("after"));
        assert!(text.contains("new table") && !text.contains("old"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn result(apps: u64, jobs: u64, runs: &[(f64, f64)], logs: Vec<LogCounts>) -> ScenarioResult {
        let runs: Vec<Value> = runs
            .iter()
            .map(|(first, done)| {
                serde_json::json!({
                    "firstGraphMs": first, "doneMs": done, "summaryJobs": jobs,
                    "heap": {"usedBytes": 41_500_000.0, "totalBytes": 52_000_000.0,
                             "wasmBytes": 120_000_000.0},
                })
            })
            .collect();
        ScenarioResult {
            json: serde_json::json!({
                "emulator": {"servicePrincipals": apps, "jobs": jobs},
                "runs": runs,
                "keystrokes": {"narrow": [20.0, 30.0, 40.0], "widen": [60.0, 70.0, 80.0]},
            }),
            logs,
        }
    }

    /// The four tables of Graph's limits, their headings, rows and misses.
    #[test]
    fn limits_tables_and_their_misses() {
        let budget = |apps, rate_limit| Scenario {
            rate_limit,
            ..Scenario::large(apps, 0.05)
        };
        let log = |subs: u64, throttled: u64| LogCounts {
            subs,
            pages: 21,
            throttled,
            budget_throttled: throttled,
            budget_served: subs + 21 - throttled,
            ..LogCounts::default()
        };
        let unthrottled = Scenario::large(20_000, 0.05);
        let throttled = Scenario {
            throttle_rate: 0.1,
            ..Scenario::large(20_000, 0.05)
        };
        let storm = Scenario {
            storm: true,
            latency_ms: super::super::scenario::STORM_LATENCY_MS,
            runs: 3,
            ..Scenario::plain(1_000, 3)
        };
        let heap = Scenario {
            heap: true,
            keystroke_cycles: 3,
            ..budget(50_000, 8_000)
        };
        let storm_log = LogCounts {
            server_errors: 320,
            dropped: 1,
            ..LogCounts::default()
        };
        let results = vec![
            // 55 s against a bound of 57.2 s: pass; 1% 429s: pass.
            (
                budget(20_000, 3_500),
                result(20_000, 1_050, &[(500.0, 55_500.0)], vec![log(20_000, 200)]),
            ),
            // 80 s against 25 s, 3% 429s: two misses.
            (
                budget(20_000, 8_000),
                result(20_000, 1_050, &[(500.0, 80_500.0)], vec![log(20_000, 600)]),
            ),
            (
                unthrottled.clone(),
                result(20_000, 1_050, &[(500.0, 10_500.0)], vec![log(20_000, 0)]),
            ),
            // 16 s against 10 s: a miss.
            (
                throttled,
                result(
                    20_000,
                    1_050,
                    &[(500.0, 16_500.0)],
                    vec![log(20_000, 2_100)],
                ),
            ),
            (
                storm,
                result(
                    1_000,
                    1_079,
                    &[(300.0, 13_500.0), (300.0, 13_600.0), (300.0, 14_100.0)],
                    vec![storm_log.clone(), storm_log.clone(), storm_log],
                ),
            ),
            (
                heap,
                result(50_000, 2_600, &[(500.0, 60_500.0)], vec![log(50_000, 0)]),
            ),
        ];
        let mut misses = Vec::new();
        let text = limits_tables(&results, &mut misses);
        for heading in [
            "### Scan at Graph's budget",
            "| apps | jobs | budget per 10 s | sub-requests (log) | list pages | bound | scan | \
             ratio (budget ≤ 1.15) | verdict | 429s answered | share of sub-requests (budget ≤ 2%) \
             | verdict |",
            "### 10% random throttling",
            "| size | unthrottled scan | throttled scan | ratio (budget ≤ 1.5) | verdict | 429s \
             answered |",
            "### Fault storm, 1,000 apps",
            "| runs | jobs shown of jobs held | nav → last card | scan | requests answered 5xx | \
             dropped (logged without status) | verdict (every job shown) |",
            "### 50,000 apps in one tab",
        ] {
            assert!(text.contains(heading), "{heading}\n{text}");
        }
        assert!(text.contains(
            "| 20,000 | 1,050 | 3,500 | 20,000 | 21 | 56.6 s | 55.0 s | 0.97 | pass | 200 | 1.00% | pass |"
        ), "{text}");
        assert!(text.contains(
            "| 20,000 apps (5% with jobs) | 10000 ms (1 run) | 16000 ms (1 run) | 1.60 | **miss** | 2100 |"
        ), "{text}");
        assert!(text.contains(
            "| 3 | 1,079 of 1,079 | 13600 ms (13500–14100) | 13300 ms (13200–13800) | 320 | 1 | pass |"
        ), "{text}");
        assert!(
            text.contains("| JS heap after GC, used / total | 50,000 | 41.5 / 52.0 MB | – | – |")
        );
        // The 50,000-app filter: narrowing 30 ms passes, widening 70 ms misses.
        assert!(text.contains("| keystroke → repaint, widening (Backspace back to every card), 3 keys, 2,600 cards | 50,000 | 70 ms (60–80) | 50 ms | **miss** |"), "{text}");
        assert_eq!(misses.len(), 4, "{misses:#?}");
        assert!(
            misses[0].starts_with("20,000 apps, 5% with jobs, budget 8,000 per 10 s: scan 80.0 s")
        );
        assert!(misses[1].contains("600 429s = 3.00% of 20,000 sub-requests"));
        assert!(
            misses[2].contains("10% throttled: scan 16000 ms = 1.60 × the unthrottled 10000 ms")
        );
        assert!(misses[3].contains("widen keystroke → repaint 70 ms"));
        // Only the tables whose scenarios ran.
        let mut none = Vec::new();
        assert_eq!(limits_tables(&results[2..3], &mut none), "");
        assert!(none.is_empty());
    }
}

//! The report: the tables of sizes and scans with their verdicts, and `BENCHMARKS.md`, whose part
//! between the markers it rewrites.

use super::scenario::{Scenario, ScenarioResult};
use super::sizes::Sized;
use super::{
    BUDGET_FIRST_CARD_MS, BUDGET_KEYSTROKE_MS, BUDGET_SCAN_RATIO, BUDGET_TOTAL_BROTLI,
    BUDGET_WASM_BROTLI, CONCURRENCY, LATENCY_MS,
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

pub(super) fn sizes_table(files: &[Sized], misses: &mut Vec<String>) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "### First load: transfer size\n\n\
         Everything `index.html` reaches in `dist/`, plus MSAL (1 KB = 1,000 bytes).\n\n\
         | group | file | raw | gzip -9 | brotli -q 11 |\n|---|---|---:|---:|---:|"
    );
    for f in files {
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

pub(super) fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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

/// A run's scan time: from its first Graph request to the painted last card.
fn scan_ms(run: &Value) -> Option<f64> {
    Some(run["doneMs"].as_f64()? - run["firstGraphMs"].as_f64()?)
}

fn field(runs: &[Value], f: impl Fn(&Value) -> Option<f64>) -> Vec<f64> {
    runs.iter().filter_map(f).collect()
}

pub(super) fn scan_tables(
    results: &[(Scenario, ScenarioResult)],
    misses: &mut Vec<String>,
) -> String {
    let mut s = String::new();
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
    for (sc, r) in results.iter().filter(|(sc, _)| sc.throttle_rate == 0.0) {
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
    for (sc, r) in results.iter().filter(|(sc, _)| sc.throttle_rate == 0.0) {
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

    let _ = writeln!(
        s,
        "\n### First card and filter\n\n\
         | measure | apps | median (min–max) | budget | verdict |\n|---|---:|---:|---:|---|"
    );
    for (sc, r) in results.iter().filter(|(sc, _)| sc.throttle_rate == 0.0) {
        let runs = r.json["runs"].as_array().cloned().unwrap_or_default();
        if let Some(first) = spread(field(&runs, |r| r["firstCardMs"].as_f64())) {
            let miss = format!("{}: first card after {:.0} ms", sc.label(), first.0);
            let what = "first card on screen, from navigation start";
            budget_row(
                &mut s,
                misses,
                what,
                sc.apps,
                first,
                BUDGET_FIRST_CARD_MS,
                miss,
            );
        }
    }
    for (sc, r) in results.iter().filter(|(sc, _)| sc.keystroke_cycles > 0) {
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
                let miss = format!("{jobs} cards: {key} keystroke → repaint {:.0} ms", t.0);
                let what = format!("{what}, {count} keys, {jobs} cards");
                budget_row(&mut s, misses, &what, sc.apps, t, BUDGET_KEYSTROKE_MS, miss);
            }
        }
    }
    s
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

/// "12" when every run agrees, "12–14" otherwise.
fn distinct(xs: &[u64]) -> String {
    match (xs.iter().min(), xs.iter().max()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}–{b}"),
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
}

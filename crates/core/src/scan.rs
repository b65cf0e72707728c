//! Where the fleet scan is ([`ScanPhase`]) and how its progress reads ([`progress_text`],
//! [`progress_scale`]).

use crate::failure::GraphFailure;
use syncdeck_i18n::{Num, t, tf};

/// Where the scan is.
#[derive(Debug, Clone, PartialEq)]
pub enum ScanPhase {
    /// Listing service principals (job lists of the apps listed so far are already asked for).
    Listing {
        /// Pages of service principals read so far.
        pages: usize,
    },
    /// Every app is listed; job lists are still being read.
    Scanning,
    /// Every app was answered.
    Done,
    /// The service principal list itself failed: nothing can be shown.
    Failed(GraphFailure),
}

impl ScanPhase {
    /// True while requests of the scan are still out.
    pub fn is_running(&self) -> bool {
        matches!(self, ScanPhase::Listing { .. } | ScanPhase::Scanning)
    }
}

/// The progress bar's text: `Listing apps… (2 pages read)`, `Scanned 40 of 120 apps`,
/// `Scanned 40 of 120 apps; 3 waiting to be retried`, `Scanned all 120 apps`, `Scan failed`.
pub fn progress_text(
    phase: &ScanPhase,
    total: Option<usize>,
    scanned: usize,
    waiting: usize,
) -> String {
    let text = match (phase, total) {
        (ScanPhase::Listing { pages }, _) => {
            tf!(
                "Listing apps… ({pages} pages read)",
                pages = Num(*pages as f64)
            )
        }
        (ScanPhase::Done, Some(t)) => {
            return tf!("Scanned all {total} apps", total = Num(t as f64));
        }
        (ScanPhase::Failed(_), _) => return t!("Scan failed").to_string(),
        (_, Some(t)) => tf!(
            "Scanned {scanned} of {total} apps",
            scanned = Num(scanned as f64),
            total = Num(t as f64)
        ),
        (_, None) => t!("Scanning…").to_string(),
    };
    match waiting {
        0 => text,
        k => tf!(
            "{progress}; {n} waiting to be retried",
            progress = text,
            n = Num(k as f64)
        ),
    }
}

/// The time left, from the pace so far: `about 1 min 5 s left`, once every app is listed, a
/// few seconds have passed and some apps were scanned; `None` before (a guess from the first
/// answers would jump about) and at the end.
pub fn time_left(
    phase: &ScanPhase,
    total: Option<usize>,
    scanned: usize,
    elapsed_ms: i64,
) -> Option<String> {
    let total = total?;
    if *phase != ScanPhase::Scanning || scanned == 0 || scanned >= total || elapsed_ms < 3_000 {
        return None;
    }
    let left = elapsed_ms as u64 * (total - scanned) as u64 / scanned as u64;
    let left = (left / 1_000).max(1) * 1_000;
    Some(tf!(
        "about {time} left",
        time = syncdeck_graph::time::format_millis_duration(left as i64)
    ))
}

/// The progress bar's CSS transform: `scaleX(0.333)`, `scaleX(1)`. In thousandths, with
/// integers: formatting an f64 would add ~15 KB of float printing to the wasm for this one
/// number.
pub fn progress_scale(scanned: usize, total: Option<usize>) -> String {
    let total = total.unwrap_or(0).max(1);
    match (scanned.saturating_mul(1000) / total).min(1000) {
        1000 => "scaleX(1)".to_string(),
        permille => format!("scaleX(0.{permille:03})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_reads_as_the_scan_goes() {
        assert_eq!(
            progress_text(&ScanPhase::Listing { pages: 2 }, None, 0, 0),
            "Listing apps… (2 pages read)"
        );
        assert_eq!(progress_text(&ScanPhase::Scanning, None, 0, 0), "Scanning…");
        assert_eq!(
            progress_text(&ScanPhase::Scanning, Some(120), 40, 0),
            "Scanned 40 of 120 apps"
        );
        assert_eq!(
            progress_text(&ScanPhase::Scanning, Some(120), 40, 3),
            "Scanned 40 of 120 apps; 3 waiting to be retried"
        );
        assert_eq!(
            progress_text(&ScanPhase::Listing { pages: 1 }, None, 0, 1),
            "Listing apps… (1 pages read); 1 waiting to be retried"
        );
        assert_eq!(
            progress_text(&ScanPhase::Done, Some(120), 120, 0),
            "Scanned all 120 apps"
        );
        assert_eq!(
            progress_text(&ScanPhase::Failed(GraphFailure::Aborted), Some(3), 1, 0),
            "Scan failed"
        );
        assert!(ScanPhase::Scanning.is_running() && !ScanPhase::Done.is_running());
    }

    #[test]
    fn the_time_left_follows_the_pace_so_far() {
        let scanning = ScanPhase::Scanning;
        // 5,000 of 20,000 in 10 s: 30 s to go.
        assert_eq!(
            time_left(&scanning, Some(20_000), 5_000, 10_000).as_deref(),
            Some("about 30 s left")
        );
        assert_eq!(
            time_left(&scanning, Some(50_000), 2_000, 5_000).as_deref(),
            Some("about 2 min left")
        );
        // Not while listing, not too early, not at the end.
        assert_eq!(
            time_left(&ScanPhase::Listing { pages: 3 }, Some(100), 10, 9_000),
            None
        );
        assert_eq!(time_left(&scanning, Some(100), 10, 2_000), None);
        assert_eq!(time_left(&scanning, Some(100), 0, 9_000), None);
        assert_eq!(time_left(&scanning, Some(100), 100, 9_000), None);
        assert_eq!(time_left(&ScanPhase::Done, Some(100), 50, 9_000), None);
    }

    #[test]
    fn the_bar_scales_in_thousandths() {
        assert_eq!(progress_scale(0, None), "scaleX(0.000)");
        assert_eq!(progress_scale(1, Some(3)), "scaleX(0.333)");
        assert_eq!(progress_scale(7, Some(7)), "scaleX(1)");
        assert_eq!(progress_scale(9, Some(7)), "scaleX(1)");
    }
}

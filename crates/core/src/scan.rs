//! Where the fleet scan is ([`ScanPhase`]) and how its progress reads ([`progress_text`],
//! [`progress_scale`]).

use crate::failure::GraphFailure;

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
/// `Scanned all 120 apps`, `Scan failed`.
pub fn progress_text(phase: &ScanPhase, total: Option<usize>, scanned: usize) -> String {
    match (phase, total) {
        (ScanPhase::Listing { pages }, _) => format!("Listing apps… ({pages} pages read)"),
        (ScanPhase::Done, Some(t)) => format!("Scanned all {t} apps"),
        (ScanPhase::Failed(_), _) => "Scan failed".to_string(),
        (_, Some(t)) => format!("Scanned {scanned} of {t} apps"),
        (_, None) => "Scanning…".to_string(),
    }
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
            progress_text(&ScanPhase::Listing { pages: 2 }, None, 0),
            "Listing apps… (2 pages read)"
        );
        assert_eq!(progress_text(&ScanPhase::Scanning, None, 0), "Scanning…");
        assert_eq!(
            progress_text(&ScanPhase::Scanning, Some(120), 40),
            "Scanned 40 of 120 apps"
        );
        assert_eq!(
            progress_text(&ScanPhase::Done, Some(120), 120),
            "Scanned all 120 apps"
        );
        assert_eq!(
            progress_text(&ScanPhase::Failed(GraphFailure::Aborted), Some(3), 1),
            "Scan failed"
        );
        assert!(ScanPhase::Scanning.is_running() && !ScanPhase::Done.is_running());
    }

    #[test]
    fn the_bar_scales_in_thousandths() {
        assert_eq!(progress_scale(0, None), "scaleX(0.000)");
        assert_eq!(progress_scale(1, Some(3)), "scaleX(0.333)");
        assert_eq!(progress_scale(7, Some(7)), "scaleX(1)");
        assert_eq!(progress_scale(9, Some(7)), "scaleX(1)");
    }
}

//! The outcome chart's geometry: stacked bars in whole viewBox units (no float formatting in
//! the page), one bar per day, one segment per outcome ([`Band`]) with at least one unit for
//! any count above zero.

use super::days::DayCounts;
use syncdeck_i18n::t;

/// The viewBox's width.
pub const WIDTH: u32 = 420;
/// The viewBox's height.
pub const HEIGHT: u32 = 150;
/// The tallest bar's height (the day with the most events).
pub const PLOT: u32 = 120;
/// The bars' baseline (the day labels sit below it).
pub const BASE: u32 = 128;
/// Left of the first bar (room for the scale's label).
const LEFT: u32 = 36;

/// An outcome as drawn: a band of a bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Band {
    /// Worked.
    Success,
    /// Worked with a warning.
    Warning,
    /// Did nothing.
    Skipped,
    /// Failed.
    Failure,
}

impl Band {
    /// Bottom to top.
    pub const ALL: [Band; 4] = [Band::Success, Band::Warning, Band::Skipped, Band::Failure];

    /// Its name in classes and data attributes (Graph's `provisioningResult`).
    pub fn key(self) -> &'static str {
        match self {
            Band::Success => "success",
            Band::Warning => "warning",
            Band::Skipped => "skipped",
            Band::Failure => "failure",
        }
    }

    /// Its label in the legend and the table.
    pub fn label(self) -> &'static str {
        match self {
            Band::Success => t!("Success"),
            Band::Warning => t!("Warning"),
            Band::Skipped => t!("Skipped"),
            Band::Failure => t!("Failure"),
        }
    }

    /// Its count on `day`.
    pub fn of(self, day: &DayCounts) -> u32 {
        match self {
            Band::Success => day.success,
            Band::Warning => day.warning,
            Band::Skipped => day.skipped,
            Band::Failure => day.failure,
        }
    }
}

/// One band of one bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Which outcome.
    pub band: Band,
    /// How many events.
    pub count: u32,
    /// Its top.
    pub y: u32,
    /// Its height (0 only when `count` is 0).
    pub height: u32,
}

/// One day's bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// The day.
    pub day: DayCounts,
    /// Its left.
    pub x: u32,
    /// Its width.
    pub width: u32,
    /// The centre, where its label goes.
    pub mid: u32,
    /// Its segments, bottom to top, zero counts left out.
    pub segments: Vec<Segment>,
}

/// The chart of some days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarChart {
    /// The bars, oldest day first.
    pub bars: Vec<Bar>,
    /// The scale: the most events in one day (the height of [`PLOT`]).
    pub max: u32,
}

impl BarChart {
    /// Lays out `days`.
    pub fn new(days: &[DayCounts]) -> BarChart {
        let max = days.iter().map(DayCounts::total).max().unwrap_or(0);
        let n = days.len().max(1) as u32;
        let step = (WIDTH - LEFT) / n;
        let width = step * 2 / 3;
        let bars = days
            .iter()
            .enumerate()
            .map(|(i, day)| {
                let x = LEFT + i as u32 * step + (step - width) / 2;
                let mut top = BASE;
                let segments = Band::ALL
                    .iter()
                    .map(|&band| (band, band.of(day)))
                    .filter(|&(_, count)| count > 0)
                    .map(|(band, count)| {
                        let height = scaled(count, max);
                        top -= height;
                        Segment {
                            band,
                            count,
                            y: top,
                            height,
                        }
                    })
                    .collect();
                Bar {
                    day: *day,
                    x,
                    width,
                    mid: x + width / 2,
                    segments,
                }
            })
            .collect();
        BarChart { bars, max }
    }

    /// The x where the scale's line starts.
    pub fn left(&self) -> u32 {
        LEFT - 4
    }
}

/// `count`'s height on a scale whose `max` is [`PLOT`] units, rounded, at least 1 (so a single
/// failure among thousands still shows). Up to three rounded-up segments can overshoot by a
/// unit each: the space above [`PLOT`] takes them.
fn scaled(count: u32, max: u32) -> u32 {
    if count == 0 || max == 0 {
        return 0;
    }
    let h = (u64::from(count) * u64::from(PLOT) + u64::from(max) / 2) / u64::from(max);
    (h as u32).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(day: i64, success: u32, warning: u32, skipped: u32, failure: u32) -> DayCounts {
        DayCounts {
            day,
            success,
            warning,
            skipped,
            failure,
        }
    }

    #[test]
    fn the_busiest_day_fills_the_plot_and_segments_stack() {
        let chart = BarChart::new(&[
            day(1, 60, 0, 30, 30),
            day(2, 0, 0, 0, 0),
            day(3, 1000, 0, 0, 1),
        ]);
        assert_eq!(chart.max, 1001);
        let first = &chart.bars[0];
        let bands: Vec<(Band, u32, u32, u32)> = first
            .segments
            .iter()
            .map(|s| (s.band, s.count, s.y, s.height))
            .collect();
        // 60/1001 of 120 = 7.19 → 7; 30/1001 of 120 = 3.6 → 4.
        assert_eq!(
            bands,
            [
                (Band::Success, 60, BASE - 7, 7),
                (Band::Skipped, 30, BASE - 11, 4),
                (Band::Failure, 30, BASE - 15, 4)
            ]
        );
        assert!(chart.bars[1].segments.is_empty());
        let last = &chart.bars[2].segments;
        // One failure among a thousand successes still gets a unit.
        assert_eq!((last[0].height, last[1].height), (PLOT, 1));
        assert_eq!(last[1].y, BASE - PLOT - 1);
        assert!(last[1].y > 0);
    }

    #[test]
    fn bars_are_evenly_spaced_inside_the_view() {
        let days: Vec<DayCounts> = (0..7).map(|d| day(d, 1, 1, 1, 1)).collect();
        let chart = BarChart::new(&days);
        let xs: Vec<u32> = chart.bars.iter().map(|b| b.x).collect();
        let step = (WIDTH - 36) / 7;
        assert!(xs.windows(2).all(|w| w[1] - w[0] == step));
        let last = chart.bars.last().unwrap();
        assert!(last.x + last.width <= WIDTH && chart.bars[0].x > chart.left());
        // Equal counts, equal heights, flush: each segment starts where the one below ends.
        for bar in &chart.bars {
            let mut bottom = BASE;
            for s in &bar.segments {
                assert_eq!((s.y + s.height, s.height), (bottom, PLOT / 4));
                bottom = s.y;
            }
        }
    }

    #[test]
    fn nothing_to_draw_is_zero_not_a_division() {
        let chart = BarChart::new(&[day(1, 0, 0, 0, 0)]);
        assert_eq!(chart.max, 0);
        assert!(chart.bars[0].segments.is_empty());
        assert!(BarChart::new(&[]).bars.is_empty());
    }
}

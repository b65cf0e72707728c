//! The card window of the fleet view: only the first cards are rendered, and more as the end
//! of the rendered cards comes near the viewport ([`CardWindow`]).
//!
//! Cards rendered at first: [`CARD_WINDOW`] (about one screen), added again each time the end
//! of the rendered cards comes within [`GROW_MARGIN_PX`] of the viewport (checked after every
//! render and on scroll and resize), or "Show more" is pressed. A keystroke in the filter so
//! repaints the first screen of cards at once, and the cards below follow in the next frames;
//! with 5,000 jobs, rendering every card took seconds per keystroke. The summary still counts
//! every job ("<N> jobs"), the filter searches all of them, and keyboard and screen-reader
//! users reach every card: tabbing or reading past the last card reaches the "Show more"
//! button, and scrolling (which tabbing does) adds cards before the end is reached.

use syncdeck_graph::fleet::{FleetFilter, SortOrder};

/// Cards rendered at first, and added at each growth.
pub const CARD_WINDOW: usize = 12;
/// Lists this short are always rendered whole: after the first frame, the rest follow in the
/// next one, whatever the layout (the 13 jobs of the demo tenant, a narrow filter).
pub const SMALL_LIST: usize = 24;
/// How far below the viewport (px) the end of the rendered cards may be before more are added.
pub const GROW_MARGIN_PX: f64 = 1_500.0;

/// How far the window has grown, for the filter and order it grew under: a new filter or
/// order starts over at [`CARD_WINDOW`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardWindow {
    grown: Option<(FleetFilter, SortOrder, usize)>,
}

impl CardWindow {
    /// How many cards to render under `filter` and `order`.
    pub fn limit(&self, filter: &FleetFilter, order: SortOrder) -> usize {
        match &self.grown {
            Some((f, o, n)) if f == filter && *o == order => *n,
            _ => CARD_WINDOW,
        }
    }

    /// Adds [`CARD_WINDOW`] cards when fewer than the `shown` jobs are rendered. True when it
    /// grew.
    pub fn grow(&mut self, filter: &FleetFilter, order: SortOrder, shown: usize) -> bool {
        let n = self.limit(filter, order);
        if n >= shown {
            return false;
        }
        self.grown = Some((filter.clone(), order, n + CARD_WINDOW));
        true
    }
}

/// True when a short list (at most [`SMALL_LIST`] jobs shown) is not rendered whole yet.
pub fn completes_short_list(shown: usize, limit: usize) -> bool {
    shown <= SMALL_LIST && limit < shown
}

/// True when the end of the rendered cards (`end_top_px` from the top of the page) is within
/// [`GROW_MARGIN_PX`] below the viewport (`scrolled_px` down, `viewport_px` high).
pub fn near_end(end_top_px: f64, scrolled_px: f64, viewport_px: f64) -> bool {
    end_top_px - scrolled_px < viewport_px + GROW_MARGIN_PX
}

/// How many more cards "Show more" adds with `rendered` of `shown` jobs on the page.
pub fn more_count(rendered: usize, shown: usize) -> usize {
    shown.saturating_sub(rendered).min(CARD_WINDOW)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_grows_by_steps_and_starts_over_with_a_new_filter_or_order() {
        let mut w = CardWindow::default();
        let all = FleetFilter::default();
        let some = FleetFilter {
            text: "slack".into(),
            ..FleetFilter::default()
        };
        assert_eq!(w.limit(&all, SortOrder::default()), CARD_WINDOW);
        assert!(w.grow(&all, SortOrder::default(), 30));
        assert!(w.grow(&all, SortOrder::default(), 30));
        assert_eq!(w.limit(&all, SortOrder::default()), 36);
        assert!(
            !w.grow(&all, SortOrder::default(), 30),
            "every job rendered"
        );
        assert_eq!(w.limit(&some, SortOrder::default()), CARD_WINDOW);
        let other = SortOrder::ALL
            .into_iter()
            .find(|o| *o != SortOrder::default())
            .unwrap();
        assert_eq!(w.limit(&all, other), CARD_WINDOW);
    }

    #[test]
    fn short_lists_complete_and_long_ones_grow_near_their_end() {
        assert!(completes_short_list(13, CARD_WINDOW));
        assert!(!completes_short_list(13, 24));
        assert!(!completes_short_list(100, CARD_WINDOW));
        assert!(near_end(2_000.0, 0.0, 800.0));
        assert!(!near_end(2_400.0, 0.0, 800.0));
        assert!(near_end(2_400.0, 200.0, 800.0));
        assert_eq!(more_count(12, 13), 1);
        assert_eq!(more_count(12, 100), CARD_WINDOW);
        assert_eq!(more_count(13, 13), 0);
    }
}

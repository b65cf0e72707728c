//! The fleet view's card window: only the first cards of what the filter shows are rendered,
//! and more as the end of the rendered cards nears the viewport (on scroll, resize and after
//! each render) or "Show more" is pressed; a short list is completed at once. The arithmetic is
//! `syncdeck_core::window`'s; this module measures the page and moves the focus.

use super::FleetView;
use crate::browser;
use leptos::html::Div;
use leptos::prelude::*;
use syncdeck_core::window::{CardWindow, completes_short_list, near_end};
use syncdeck_core::{AppJob, FleetEntry};

/// The rendered cards and what grows them.
#[derive(Clone, Copy)]
pub struct Cards {
    view: FleetView,
    window: RwSignal<CardWindow>,
    /// The jobs whose cards are rendered, in order (as of the last tick).
    pub rendered: Memo<Vec<FleetEntry>>,
    /// The "more jobs" block after the last card, measured to know when to grow.
    pub more: NodeRef<Div>,
}

impl Cards {
    /// The window over `view`, growing while the calling page lives.
    pub fn new(view: FleetView) -> Cards {
        let window = RwSignal::new(CardWindow::default());
        let limit = move || {
            let (f, o) = (view.filter.get(), view.sort.get());
            window.with(|w| w.limit(&f, o))
        };
        let rendered = Memo::new(move |_| {
            let n = limit();
            view.visible.with(|shown| {
                view.scan.fleet.with_untracked(|f| {
                    shown
                        .iter()
                        .take(n)
                        .filter_map(|&i| f.entries().get(i).cloned())
                        .collect::<Vec<_>>()
                })
            })
        });
        let cards = Cards {
            view,
            window,
            rendered,
            more: NodeRef::new(),
        };
        let grow_near_end = move || {
            if cards.near_end() {
                cards.grow();
            }
        };
        let on_scroll = window_event_listener(leptos::ev::scroll, move |_| grow_near_end());
        let on_resize = window_event_listener(leptos::ev::resize, move |_| grow_near_end());
        on_cleanup(move || {
            on_scroll.remove();
            on_resize.remove();
        });
        // After each render, checked after the next paint (so a keystroke's first frame shows
        // the first screen of cards and the rest follow frame by frame): a short list is
        // completed; a long one grows only near its end.
        Effect::new(move |_| {
            rendered.track();
            view.visible.track();
            browser::after_next_paint(move || {
                let shown = view.visible.with_untracked(Vec::len);
                if completes_short_list(shown, cards.limit()) || cards.near_end() {
                    cards.grow();
                }
            });
        });
        cards
    }

    /// How many cards the window holds now.
    fn limit(self) -> usize {
        let (f, o) = (
            self.view.filter.get_untracked(),
            self.view.sort.get_untracked(),
        );
        self.window.with_untracked(|w| w.limit(&f, o))
    }

    /// Adds a window's worth of cards, if some are missing.
    fn grow(self) {
        let shown = self.view.visible.with_untracked(Vec::len);
        let (f, o) = (
            self.view.filter.get_untracked(),
            self.view.sort.get_untracked(),
        );
        if self.window.with_untracked(|w| w.limit(&f, o) < shown) {
            self.window.update(|w| {
                w.grow(&f, o, shown);
            });
        }
    }

    /// True when the end of the rendered cards is near the viewport. A "more" block taken off
    /// the page (every card shown) is no reason to grow.
    fn near_end(self) -> bool {
        self.more
            .get_untracked()
            .and_then(|el| browser::measure(&el))
            .is_some_and(|p| near_end(p.top, p.scrolled, p.viewport_height))
    }

    /// "Show more" (keyboard and screen reader users): adds cards and moves the focus to the
    /// first new one, so reading goes on where it stopped.
    pub fn show_more(self) {
        let first_new = self.limit();
        self.grow();
        request_animation_frame(move || {
            browser::focus(&format!(
                ".sd-fleet__cards > article:nth-child({}) a",
                first_new + 1
            ));
        });
    }

    /// The job of a rendered card, following its changes in place (an action's result, a
    /// refresh) for as long as the card is rendered.
    pub fn job(self, first: FleetEntry) -> Memo<AppJob> {
        let rendered = self.rendered;
        Memo::new(move |last: Option<&AppJob>| {
            rendered.with(|r| {
                r.iter()
                    .find(|e| e.is(&first.sp.id, &first.job.id))
                    .map(|e| e.app_job.clone())
                    .or_else(|| last.cloned())
                    .unwrap_or_else(|| first.app_job.clone())
            })
        })
    }
}

//! The state badge: text and an icon, never colour alone.

use leptos::prelude::*;
use syncdeck_graph::StatusCode;

/// The CSS modifier and the icon of a state.
fn look(code: &StatusCode) -> (&'static str, &'static str) {
    match code {
        StatusCode::Active => ("active", "\u{25B6}"), // ▶
        StatusCode::Paused => ("paused", "\u{2016}"), // ‖
        StatusCode::Quarantine => ("quarantine", "\u{26A0}"), // ⚠
        StatusCode::NotConfigured => ("not-configured", "\u{25CB}"), // ○
        StatusCode::NotRun => ("not-run", "\u{25D4}"), // ◔
        StatusCode::Unknown(_) => ("unknown", "?"),
    }
}

/// A job's state as a badge: an icon (hidden from screen readers) and the state's visible text
/// (`Active`, `Paused`, `Quarantine`, `Not configured`, `Not run`, `Unknown (<value>)`).
#[component]
pub fn StateBadge(
    /// The job's `status.code`.
    code: StatusCode,
) -> impl IntoView {
    let (modifier, icon) = look(&code);
    view! {
        <span class=format!("sd-badge sd-badge--{modifier}")>
            <span class="sd-badge__icon" aria-hidden="true">{icon}</span>
            <span class="sd-badge__text">{code.label()}</span>
        </span>
    }
}

//! "Provision on demand" (issue 14, point 5): the button on the job page and its dialog (who,
//! which rule, the exact request, then a result per subject as the portal shows it), the part
//! `"provision"` of this module. Only the controls are views; the read-only parts (users found,
//! rule options, results) are HTML written by `syncdeck_graph::provision` (see
//! `syncdeck_graph::html` on why). The state and the sending are [`state`]'s and [`send`]'s.
//!
//! The page draws a placeholder button until the module is fetched (`src/settings.rs`); its first
//! click mounts this part with `open`, which opens the dialog at once. When the dialog closes,
//! the focus goes to this part's button (the placeholder it was on is gone).

// `Failed` holds a `GraphFailure` (about 176 bytes natively, less on wasm32): the answers of the
// bridge are passed on as they come, once per request, as in the rest of this crate.
#![allow(clippy::result_large_err)]

pub mod send;
pub mod state;

use crate::bridge::{Job, failure_view};
use leptos::html::{Button, Dialog};
use leptos::prelude::*;
use state::OnDemand;
use syncdeck_graph::provision::{MAX_GROUP_MEMBERS, Source};
use syncdeck_i18n::{t, tf, tr};

/// The button, disabled with the reason when the job's kind does not take on-demand requests,
/// and the dialog it opens (at once when `open`).
#[component]
pub fn ProvisionOnDemand(
    /// The dialog's state.
    state: OnDemand,
    /// The job (its template id, for the failure's hint).
    job: Job,
    /// True to open the dialog as soon as it is drawn.
    open: bool,
) -> impl IntoView {
    let s = state;
    let dialog = NodeRef::<Dialog>::new();
    let button = NodeRef::<Button>::new();
    let template_id = job.template_id;
    let (why, typed) = match s.source {
        Source::Unsupported(why) => (Some(why), None),
        Source::Typed { what, .. } => (None, Some(what)),
        Source::Entra => (None, None),
    };
    let hint = match typed {
        Some(what) => tf!(
            "Type {what}; several separated by commas or new lines, up to 50.",
            what = what
        ),
        None => {
            t!("User principal names or object ids, separated by commas or new lines, up to 50.")
                .to_string()
        }
    };
    let show = move || {
        s.open();
        if let Some(d) = dialog.get_untracked() {
            let _ = d.show_modal();
        }
    };
    if open && why.is_none() {
        Effect::new(move || {
            if dialog.get().is_some() {
                untrack(show);
            }
        });
    }
    let refocus = move |_| {
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    let full = move || s.picked.with(Vec::len) >= MAX_GROUP_MEMBERS;
    let mode = move |group: bool, text: &'static str| {
        view! {
            <label><input type="radio" name="sd-pod-mode" prop:checked=move || s.group_mode.get() == group
                on:change=move |_| s.set_group_mode(group) />{text}</label>
        }
    };
    view! {
        <button type="button" class="sd-button" node_ref=button disabled=why.is_some()
            aria-describedby=why.map(|_| "sd-pod-why") on:click=move |_| show()>{t!("Provision on demand")}</button>
        {why.map(|w| view! { " " <span id="sd-pod-why">{w}</span> })}
        <dialog node_ref=dialog class="sd-dialog sd-dialog--wide" aria-labelledby="sd-pod-title" on:close=refocus>
            <h2 id="sd-pod-title">{t!("Provision on demand")}</h2>
            {typed.is_none().then(|| view! {
                <fieldset class="sd-pod__mode"><legend>{t!("Provision")}</legend>
                    {mode(false, t!("Users"))} {mode(true, t!("A group and its members"))}
                </fieldset>
            })}
            <label class="sd-confirm">{move || if s.group_mode.get() { t!("Group") } else { t!("User") }}
                <textarea rows="3" autocomplete="off" spellcheck="false" autofocus aria-describedby="sd-pod-hint"
                    prop:value=move || s.text().get() on:input=move |ev| s.text().set(event_target_value(&ev))></textarea>
            </label>
            <p id="sd-pod-hint" class="sd-pod__hint">{move || if s.group_mode.get() {
                t!("The group's object id; then pick up to 5 members.").to_string()
            } else {
                hint.clone()
            }}</p>
            <button type="button" class="sd-button" disabled=move || s.finding() on:click=move |_| s.find()>{t!("Find")}</button>
            <span role="status">{move || s.finding().then(|| t!(" Looking up…"))}</span>
            <p class="sd-pod__note" role="alert">{move || s.note.get()}</p>
            <div inner_html=move || s.found_html()></div>
            {move || s.group_mode.get().then(|| s.group.get()).flatten().map(|(group, members, more)| {
                let boxes = members.into_iter().filter(|m| !m.user_principal_name.is_empty()).map(|m| {
                    let id = m.id;
                    let on = {
                        let id = id.clone();
                        move || s.picked.with(|p| p.contains(&id))
                    };
                    let off = on.clone();
                    view! {
                        <label class="sd-scope"><input type="checkbox" prop:checked=on
                            disabled=move || full() && !off()
                            on:change=move |ev| {
                                let checked = event_target_checked(&ev);
                                s.picked.update(|p| {
                                    p.retain(|x| x != &id);
                                    if checked { p.push(id.clone()) }
                                });
                            } />
                            {format!("{} · {}", m.display_name, m.user_principal_name)}</label>
                    }
                }).collect_view();
                view! {
                    <fieldset class="sd-scopes">
                        <legend>{tf!("Members of {group} (up to 5)", group = group.display_name)}</legend>
                        {boxes}
                        {more.then(|| t!("Only the first 100 members are listed."))}
                    </fieldset>
                }
            })}
            <label class="sd-confirm">{t!("Rule")}
                <select inner_html=move || s.rule_options()
                    on:change=move |ev| s.rule.set(event_target_value(&ev).parse().ok())></select>
            </label>
            <p>{move || tr(s.rules_note.get())}</p>
            {move || s.failure.get().map(|e| failure_view(e, template_id.clone()))}
            <p class="sd-dialog__label">{t!("This request will be sent:")}</p>
            <pre class="sd-request"><code>{move || s.preview()}</code></pre>
            <div class="sd-dialog__buttons">
                <button type="button" class="sd-button" on:click=move |_| { if let Some(d) = dialog.get() { d.close() } }>{t!("Close")}</button>
                <button type="button" class="sd-button" hidden=move || !s.any_failed() on:click=move |_| s.retry_failed()>{t!("Retry failed")}</button>
                <button type="button" class="sd-button sd-button--primary" disabled=move || s.running() || s.bodies().is_empty()
                    on:click=move |_| s.provision()>{t!("Provision")}</button>
            </div>
            <p role="status" class="sd-pod__progress">{move || s.progress()}</p>
            <div inner_html=move || s.results_html()></div>
        </dialog>
    }
}

//! "Provision on demand": the button on the job page and its dialog (who, which rule, the exact
//! request, then a result per subject as the portal shows it). Only the controls are views; the
//! read-only parts (users found, rule options, results) are HTML written by
//! `syncdeck_graph::provision` (see `syncdeck_graph::html` on why). The state and the sending
//! are `crate::diagnose::on_demand`'s.

use super::error_view::GraphFailureDetails;
use crate::diagnose::on_demand::OnDemand;
use leptos::html::Dialog;
use leptos::prelude::*;
use syncdeck_graph::provision::{MAX_GROUP_MEMBERS, Source};

/// The button, disabled with the reason when the job's kind does not take on-demand requests,
/// and the dialog it opens.
#[component]
pub fn ProvisionOnDemand(
    /// The dialog's state.
    state: OnDemand,
) -> impl IntoView {
    let s = state;
    let dialog = NodeRef::<Dialog>::new();
    let (why, typed) = match s.source {
        Source::Unsupported(why) => (Some(why), None),
        Source::Typed { what, .. } => (None, Some(what)),
        Source::Entra => (None, None),
    };
    let hint = match typed {
        Some(what) => format!("Type {what}; several separated by commas or new lines, up to 50."),
        None => "User principal names or object ids, separated by commas or new lines, up to 50."
            .to_string(),
    };
    let open = move |_| {
        s.open();
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
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
        <p class="sd-pod">
            <button type="button" class="sd-button" disabled=why.is_some()
                aria-describedby=why.map(|_| "sd-pod-why") on:click=open>"Provision on demand"</button>
            {why.map(|w| view! { " " <span id="sd-pod-why">{w}</span> })}
        </p>
        <dialog node_ref=dialog class="sd-dialog sd-dialog--wide" aria-labelledby="sd-pod-title">
            <h2 id="sd-pod-title">"Provision on demand"</h2>
            {typed.is_none().then(|| view! {
                <fieldset class="sd-pod__mode"><legend>"Provision"</legend>
                    {mode(false, "Users")} {mode(true, "A group and its members")}
                </fieldset>
            })}
            <label class="sd-confirm">{move || if s.group_mode.get() { "Group" } else { "User" }}
                <textarea rows="3" autocomplete="off" spellcheck="false" autofocus aria-describedby="sd-pod-hint"
                    prop:value=move || s.text().get() on:input=move |ev| s.text().set(event_target_value(&ev))></textarea>
            </label>
            <p id="sd-pod-hint" class="sd-pod__hint">{move || if s.group_mode.get() {
                "The group's object id; then pick up to 5 members.".to_string()
            } else {
                hint.clone()
            }}</p>
            <button type="button" class="sd-button" disabled=move || s.finding() on:click=move |_| s.find()>"Find"</button>
            <span role="status">{move || s.finding().then_some(" Looking up…")}</span>
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
                        <legend>{format!("Members of {} (up to 5)", group.display_name)}</legend>
                        {boxes}
                        {more.then_some("Only the first 100 members are listed.")}
                    </fieldset>
                }
            })}
            <label class="sd-confirm">"Rule"
                <select inner_html=move || s.rule_options()
                    on:change=move |ev| s.rule.set(event_target_value(&ev).parse().ok())></select>
            </label>
            <p>{move || s.rules_note.get()}</p>
            {move || s.failure.get().map(|e| view! { <GraphFailureDetails failure=e /> })}
            <p class="sd-dialog__label">"This request will be sent:"</p>
            <pre class="sd-request"><code>{move || s.preview()}</code></pre>
            <div class="sd-dialog__buttons">
                <button type="button" class="sd-button" on:click=move |_| { if let Some(d) = dialog.get() { d.close() } }>"Close"</button>
                <button type="button" class="sd-button" hidden=move || !s.any_failed() on:click=move |_| s.retry_failed()>"Retry failed"</button>
                <button type="button" class="sd-button sd-button--primary" disabled=move || s.running() || s.bodies().is_empty()
                    on:click=move |_| s.provision()>"Provision"</button>
            </div>
            <p role="status" class="sd-pod__progress">{move || s.progress()}</p>
            <div inner_html=move || s.results_html()></div>
        </dialog>
    }
}

//! "Provision on demand": the button on the job page and its dialog (who, which rule, the exact
//! request, then a result per subject as the portal shows it: the outcome, the steps in order,
//! the modified attributes). The state and the sending are `crate::diagnose::on_demand`'s.

use super::error_view::GraphFailureDetails;
use crate::diagnose::on_demand::{OnDemand, Row};
use leptos::html::Dialog;
use leptos::prelude::*;
use syncdeck_graph::provision::OnDemandShown;
use syncdeck_graph::provision::{
    MAX_GROUP_MEMBERS, Source, is_failed, status_label, step_failed, step_title,
};

/// The button, disabled with the reason when the job's kind does not take on-demand requests,
/// and the dialog it opens.
#[component]
pub fn ProvisionOnDemand(
    /// The dialog's state.
    state: OnDemand,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let why = match state.source {
        Source::Unsupported(why) => Some(why),
        _ => None,
    };
    let open = move |_| {
        state.open();
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    view! {
        <p class="sd-pod">
            <button type="button" class="sd-button" disabled=why.is_some()
                aria-describedby=why.map(|_| "sd-pod-why") on:click=open>"Provision on demand"</button>
            {why.map(|w| view! { " " <span id="sd-pod-why">{w}</span> })}
        </p>
        {why.is_none().then(|| view! { <PodDialog dialog=dialog state=state /> })}
    }
}

#[component]
fn PodDialog(dialog: NodeRef<Dialog>, state: OnDemand) -> impl IntoView {
    let typed = match state.source {
        Source::Typed { what, .. } => Some(what),
        _ => None,
    };
    let s = state;
    let hint = match typed {
        Some(what) => format!("Type {what}; several separated by commas or new lines, up to 50."),
        None => "User principal names or object ids, separated by commas or new lines, up to 50."
            .to_string(),
    };
    let who = move || {
        if s.group_mode.get() {
            view! {
                <label class="sd-confirm">"Group"
                    <input type="text" autocomplete="off" spellcheck="false" aria-describedby="sd-pod-ghint"
                        prop:value=move || s.group_text.get() on:input=move |ev| s.group_text.set(event_target_value(&ev)) />
                </label>
                <p id="sd-pod-ghint" class="sd-pod__hint">"The group's object id; then pick up to 5 members."</p>
            }
            .into_any()
        } else {
            view! {
                <label class="sd-confirm">"User"
                    <textarea rows="3" autocomplete="off" spellcheck="false" autofocus aria-describedby="sd-pod-hint"
                        prop:value=move || s.users_text.get() on:input=move |ev| s.users_text.set(event_target_value(&ev))></textarea>
                </label>
                <p id="sd-pod-hint" class="sd-pod__hint">{hint.clone()}</p>
            }
            .into_any()
        }
    };
    let mode = move |group: bool, text: &'static str| {
        view! {
            <label><input type="radio" name="sd-pod-mode" prop:checked=move || s.group_mode.get() == group
                on:change=move |_| s.set_group_mode(group) />{text}</label>
        }
    };
    let can_send = move || !s.running() && !s.bodies().is_empty();
    let any_failed = move || {
        !s.running()
            && s.rows
                .with(|r| r.iter().any(|r| r.answer.as_ref().is_some_and(is_failed)))
    };
    view! {
        <dialog node_ref=dialog class="sd-dialog sd-dialog--wide" aria-labelledby="sd-pod-title">
            <h2 id="sd-pod-title">"Provision on demand"</h2>
            {typed.is_none().then(|| view! {
                <fieldset class="sd-pod__mode"><legend>"Provision"</legend>
                    {mode(false, "Users")} {mode(true, "A group and its members")}
                </fieldset>
            })}
            {who}
            <button type="button" class="sd-button" disabled=move || s.finding.get() on:click=move |_| s.find()>"Find"</button>
            {move || s.finding.get().then(|| view! { <span role="status">" Looking up…"</span> })}
            {move || s.note.get().map(|n| view! { <p class="sd-pod__note" role="alert">{n}</p> })}
            {move || (!s.group_mode.get()).then(|| view! { <Found state=s /> })}
            {move || s.group_mode.get().then(|| view! { <Members state=s /> })}
            <Rules state=s />
            <p class="sd-dialog__label">"This request will be sent:"</p>
            <pre class="sd-request"><code>{move || s.preview()}</code></pre>
            <div class="sd-dialog__buttons">
                <button type="button" class="sd-button" on:click=move |_| { if let Some(d) = dialog.get() { d.close() } }>"Close"</button>
                {move || any_failed().then(|| view! {
                    <button type="button" class="sd-button" on:click=move |_| s.retry_failed()>"Retry failed"</button>
                })}
                <button type="button" class="sd-button sd-button--primary" disabled=move || !can_send()
                    on:click=move |_| s.provision()>"Provision"</button>
            </div>
            <p role="status" class="sd-pod__progress">{move || s.progress()}</p>
            {move || s.rows.get().into_iter().map(result_view).collect_view()}
        </dialog>
    }
}

/// The users looked up: name, user principal name and id, or a line for each not found.
#[component]
fn Found(state: OnDemand) -> impl IntoView {
    move || {
        state.found.with(|found| {
            (!found.is_empty()).then(|| {
                let items = found.iter().map(|(q, a)| match a {
                    Ok(Some(u)) if u.user_principal_name.is_empty() => view! { <li>{u.id.clone()}</li> }.into_any(),
                    Ok(Some(u)) => view! {
                        <li>{format!("{} · {} · ", u.display_name, u.user_principal_name)}<code>{u.id.clone()}</code></li>
                    }.into_any(),
                    Ok(None) => view! { <li class="sd-pod__missing">{format!("Not found: {q}")}</li> }.into_any(),
                    Err(e) => view! { <li>{format!("{q}: ")}<GraphFailureDetails failure=e.clone() /></li> }.into_any(),
                }).collect_view();
                view! { <ul class="sd-pod__found" aria-label="Users found">{items}</ul> }
            })
        })
    }
}

/// The group looked up and its members, at most 5 of them chosen.
#[component]
fn Members(state: OnDemand) -> impl IntoView {
    let s = state;
    let full = move || s.picked.with(Vec::len) >= MAX_GROUP_MEMBERS;
    move || {
        s.group.get().map(|g| match g {
            Ok(Some((group, members, more))) => {
                let boxes = members.into_iter().filter(|m| !m.user_principal_name.is_empty()).map(|m| {
                    let id = m.id.clone();
                    let on = {
                        let id = id.clone();
                        move || s.picked.with(|p| p.contains(&id))
                    };
                    let off = on.clone();
                    view! {
                        <label class="sd-scope"><input type="checkbox" prop:checked=on.clone()
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
                }.into_any()
            }
            Ok(None) => view! { <p class="sd-pod__missing">"Not found: " {s.group_text.get_untracked()}</p> }.into_any(),
            Err(e) => view! { <GraphFailureDetails failure=e /> }.into_any(),
        })
    }
}

/// The rule: read from the job's schema; a select when there are several.
#[component]
fn Rules(state: OnDemand) -> impl IntoView {
    let s = state;
    move || {
        match s.rules.get() {
        None => view! { <p>"Reading the job's rules…"</p> }.into_any(),
        Some(Err(e)) => view! { <GraphFailureDetails failure=e /> }.into_any(),
        Some(Ok(rules)) if rules.iter().all(|r| r.id.is_empty()) => {
            view! { <p role="alert">"The job's schema has no synchronization rule to provision with."</p> }.into_any()
        }
        Some(Ok(rules)) if rules.len() == 1 => view! { <p>"Rule: " {rules[0].label()}</p> }.into_any(),
        Some(Ok(rules)) => view! {
            <label class="sd-confirm">"Rule"
                <select on:change=move |ev| s.rule.set(event_target_value(&ev).parse().ok())>
                    {rules.iter().enumerate().filter(|(_, r)| !r.id.is_empty()).map(|(i, r)| view! {
                        <option value=i.to_string() selected=move || s.rule.get() == Some(i)>{r.label()}</option>
                    }).collect_view()}
                </select>
            </label>
        }.into_any(),
    }
    }
}

/// One subject's result as the portal shows it, or why its request failed.
fn result_view(row: Row) -> impl IntoView {
    let body = match row.answer {
        None => view! { <p>"Waiting…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <p>{format!("{}: the request failed.", row.label)}</p>
            <GraphFailureDetails failure=e />
        }
        .into_any(),
        Some(Ok(r)) => outcome(&row.subject.object_type, r).into_any(),
    };
    view! {
        <section class="sd-pod__result" aria-label=row.label.clone()>
            <h3>{row.label.clone()}</h3>
            {body}
        </section>
    }
}

fn outcome(object_type: &str, r: OnDemandShown) -> impl IntoView {
    let details = [r.error_code.as_deref(), r.error_message.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(": ");
    let steps = r.steps.iter().map(|st| {
        let failed = step_failed(&st.status);
        view! {
            <li class:sd-pod__failed=failed>
                {format!("{} ({}): {}", step_title(&st.step_type, object_type), st.name, status_label(&st.status))}
                {st.description.clone().map(|d| format!(". {d}"))}
            </li>
        }
    }).collect_view();
    let props = r.modified.iter().map(|p| view! {
        <li>{format!("{}: {} → {}", p.display_name, p.old_value.as_deref().unwrap_or("(none)"), p.new_value.as_deref().unwrap_or("(none)"))}</li>
    }).collect_view();
    let has_props = !r.modified.is_empty();
    view! {
        <p><strong>{r.result.label()}</strong>{(!details.is_empty()).then(|| format!(" — {details}"))}</p>
        <ol aria-label="Steps">{steps}</ol>
        {has_props.then(|| view! { <ul aria-label="Modified attributes">{props}</ul> })}
    }
}

//! Start, Pause, Restart and Delete for one job, guarded by `syncdeck-graph`'s action policy,
//! with the Restart and Delete dialogs.

use super::job_dom_id;
use crate::actions::{Actions, Command};
use crate::graph::GraphClient;
use leptos::html::Dialog;
use leptos::prelude::*;
use syncdeck_core::AppJob;
use syncdeck_graph::policy::confirmation_matches;
use syncdeck_graph::{Action, RestartScope, decide};

/// A dialog built the first time it is opened, not with its card: a card without its Restart and
/// Delete dialogs costs a fraction to build, which is what a scan or a keystroke of the filter
/// pays for every card it shows. Once built, it stays (closing keeps its element).
#[derive(Clone, Copy)]
struct LazyDialog {
    node: NodeRef<Dialog>,
    built: RwSignal<bool>,
    wanted: RwSignal<bool>,
}

impl LazyDialog {
    fn new() -> Self {
        let lazy = LazyDialog {
            node: NodeRef::new(),
            built: RwSignal::new(false),
            wanted: RwSignal::new(false),
        };
        // Opens it as soon as its element exists (the click that built it asked for it).
        Effect::new(move |_| {
            if let Some(d) = lazy.node.get()
                && lazy.wanted.get()
            {
                lazy.wanted.set(false);
                let _ = d.show_modal();
            }
        });
        lazy
    }

    fn open(self) {
        match self.node.get_untracked() {
            Some(d) => {
                let _ = d.show_modal();
            }
            None => {
                self.wanted.set(true);
                self.built.set(true);
            }
        }
    }

    fn built(self) -> bool {
        self.built.get()
    }
}

fn close(dialog: NodeRef<Dialog>) {
    if let Some(d) = dialog.get() {
        d.close();
    }
}

/// The action buttons of one job. A button the job's state forbids is disabled and says why
/// (its description); while a write on the job is in flight, every button is disabled.
#[component]
pub fn JobActions(
    /// The job and its app.
    target: AppJob,
) -> impl IntoView {
    let actions = Actions::expect();
    let client = expect_context::<GraphClient>();
    let key = target.key();
    let restart_dialog = LazyDialog::new();
    let delete_dialog = LazyDialog::new();
    let base_id = job_dom_id(&target);

    let button = {
        let (target, client, key, base_id) =
            (target.clone(), client.clone(), key.clone(), base_id.clone());
        move |action: Action| {
            let decision = decide(&target.job, action);
            let allowed = decision.is_allowed();
            let why = decision.text().map(str::to_string);
            let slug = action.label().to_lowercase();
            let why_id = format!("{base_id}-{slug}-why");
            let key = key.clone();
            let (target, client) = (target.clone(), client.clone());
            let on_click = move |_| match action {
                Action::Start => actions.run(client.clone(), target.clone(), Command::Start),
                Action::Pause => actions.run(client.clone(), target.clone(), Command::Pause),
                Action::Restart => restart_dialog.open(),
                Action::Delete => delete_dialog.open(),
            };
            let described = why.as_ref().map(|_| why_id.clone());
            view! {
                <button
                    type="button"
                    class=format!("sd-button sd-action sd-action--{slug}")
                    disabled=move || !allowed || actions.is_busy(&key)
                    title=why.clone()
                    aria-describedby=described
                    on:click=on_click
                >
                    {action.label()}
                </button>
                {why.map(|w| view! { <span class="sd-visually-hidden" id=why_id>{w}</span> })}
            }
        }
    };

    view! {
        <div class="sd-actions" role="group" aria-label=format!("Actions for {}", target.app_name())>
            {button(Action::Start)}
            {button(Action::Pause)}
            {button(Action::Restart)}
            {button(Action::Delete)}
            {move || actions.is_busy(&key).then(|| view! { <span class="sd-actions__busy">"Sending…"</span> })}
        </div>
        {
            let target = target.clone();
            move || restart_dialog.built().then(|| view! {
                <RestartDialog dialog=restart_dialog.node target=target.clone() />
            })
        }
        {
            let target = target.clone();
            move || delete_dialog.built().then(|| view! {
                <DeleteDialog dialog=delete_dialog.node target=target.clone() />
            })
        }
    }
}

/// A textbox the admin types a name or id into before a dangerous action can be confirmed.
#[component]
fn TypedConfirmation(
    /// The label, e.g. "Type the app name to confirm".
    label: &'static str,
    /// What was typed.
    typed: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label class="sd-confirm">
            {label}
            <input type="text" autocomplete="off" spellcheck="false"
                prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev)) />
        </label>
    }
}

/// The id of a dialog's title for one job.
fn dialog_title_id(target: &AppJob, which: &str) -> String {
    format!("{}-{which}-title", job_dom_id(target))
}

/// The Restart dialog: each reset scope with what it does, typed confirmation for the ones
/// that can hurt, and the exact request before it is sent.
#[component]
fn RestartDialog(
    /// The dialog element (opened by the Restart button).
    dialog: NodeRef<Dialog>,
    /// The job.
    target: AppJob,
) -> impl IntoView {
    let actions = Actions::expect();
    let client = expect_context::<GraphClient>();
    let scope = RwSignal::new(RestartScope::EMPTY);
    let typed = RwSignal::new(String::new());
    let title_id = dialog_title_id(&target, "restart");
    let labelled_by = title_id.clone();
    let app_name = target.app_name().to_string();
    let needs_typing = move || scope.get().needs_typed_confirmation();
    let confirmed = {
        let app_name = app_name.clone();
        move || !needs_typing() || confirmation_matches(&app_name, &typed.get())
    };
    let preview = {
        let target = target.clone();
        move || match Command::Restart(scope.get()).request(&target.sp.id, &target.job.id) {
            Ok(r) => format!(
                "{} {}\n{}",
                r.method.as_str(),
                r.path,
                r.body.as_ref().map(|b| b.to_string()).unwrap_or_default()
            ),
            Err(e) => e.to_string(),
        }
    };
    let option = move |opt: &'static syncdeck_graph::RestartOption| {
        view! {
            <label class="sd-scope">
                <input
                    type="checkbox"
                    prop:checked=move || scope.get().contains(opt.scope)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        scope.update(|s| s.set(opt.scope, on));
                    }
                />
                <span class="sd-scope__text">
                    {opt.graph_name} " — " {opt.explanation}
                    {opt.needs_typed_confirmation.then_some(" (needs typed confirmation)")}
                </span>
            </label>
        }
    };
    let confirm = {
        let confirmed = confirmed.clone();
        let target = target.clone();
        move |_| {
            if !confirmed() {
                return;
            }
            actions.run(
                client.clone(),
                target.clone(),
                Command::Restart(scope.get_untracked()),
            );
            close(dialog);
            scope.set(RestartScope::EMPTY);
            typed.set(String::new());
        }
    };
    view! {
        <dialog node_ref=dialog class="sd-dialog" aria-labelledby=labelled_by>
            <h2 id=title_id>{format!("Restart provisioning for {app_name}?")}</h2>
            <p>{RestartScope::PORTAL_RESTART_EXPLANATION}</p>
            <fieldset class="sd-scopes">
                <legend>"Reset scope (optional)"</legend>
                {RestartScope::OFFERED.iter().filter(|o| !o.advanced).map(option).collect_view()}
            </fieldset>
            <details class="sd-scopes__advanced">
                <summary>"Advanced, on Microsoft support's advice only"</summary>
                {RestartScope::OFFERED.iter().filter(|o| o.advanced).map(option).collect_view()}
            </details>
            {move || needs_typing().then(|| view! {
                <TypedConfirmation label="Type the app name to confirm" typed=typed />
            })}
            <p class="sd-dialog__label">"This request will be sent:"</p>
            <pre class="sd-request"><code>{preview}</code></pre>
            <div class="sd-dialog__buttons">
                <button type="button" class="sd-button" autofocus on:click=move |_| close(dialog)>"Cancel"</button>
                <button type="button" class="sd-button sd-button--danger"
                    disabled=move || !confirmed() on:click=confirm>"Restart"</button>
            </div>
        </dialog>
    }
}

/// The Delete dialog: typed confirmation of the job id, and what is lost and what is not.
#[component]
fn DeleteDialog(
    /// The dialog element (opened by the Delete button).
    dialog: NodeRef<Dialog>,
    /// The job.
    target: AppJob,
) -> impl IntoView {
    let actions = Actions::expect();
    let client = expect_context::<GraphClient>();
    let typed = RwSignal::new(String::new());
    let title_id = dialog_title_id(&target, "delete");
    let labelled_by = title_id.clone();
    let job_id = target.job.id.clone();
    let matches = {
        let job_id = job_id.clone();
        move || confirmation_matches(&job_id, &typed.get())
    };
    let confirm = {
        let matches = matches.clone();
        let target = target.clone();
        move |_| {
            if !matches() {
                return;
            }
            actions.run(client.clone(), target.clone(), Command::Delete);
            close(dialog);
            typed.set(String::new());
        }
    };
    view! {
        <dialog node_ref=dialog class="sd-dialog" aria-labelledby=labelled_by>
            <h2 id=title_id>{format!("Delete the provisioning job of {}?", target.app_name())}</h2>
            <p><strong>"Lost: "</strong>
                "the job itself, its schedule and all its state: progress, watermark, escrows, quarantine and run history."</p>
            <p><strong>"Not lost: "</strong>
                "the accounts already provisioned in the target app stay as they are, and so do the app and its other jobs. A new job starts from scratch."</p>
            <TypedConfirmation label="Type the job id to confirm" typed=typed />
            <p class="sd-dialog__label">"Job id: " <code>{job_id.clone()}</code></p>
            <div class="sd-dialog__buttons">
                <button type="button" class="sd-button" autofocus on:click=move |_| close(dialog)>"Cancel"</button>
                <button type="button" class="sd-button sd-button--danger"
                    disabled=move || !matches() on:click=confirm>"Delete"</button>
            </div>
        </dialog>
    }
}

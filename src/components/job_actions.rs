//! Start, Pause, Restart and Delete for one job, guarded by `syncdeck-graph`'s action policy,
//! with the Restart and Delete dialogs. What a button does is the page's ([`JobCommands`]).

use super::job_dom_id;
use crate::actions::{Command, JobCommands};
use crate::browser;
use leptos::html::{Button, Dialog};
use leptos::prelude::*;
use syncdeck_core::AppJob;
use syncdeck_graph::policy::confirmation_matches;
use syncdeck_graph::{Action, RestartScope, decide};
use syncdeck_i18n::{t, tf};

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

/// An action's name in ids and CSS classes (never shown, so never translated).
fn slug(action: Action) -> &'static str {
    match action {
        Action::Start => "start",
        Action::Pause => "pause",
        Action::Restart => "restart",
        Action::Delete => "delete",
    }
}

/// The four actions, in the order of their buttons.
const ACTIONS: [Action; 4] = [
    Action::Start,
    Action::Pause,
    Action::Restart,
    Action::Delete,
];

/// The action buttons of one job. A button the job's state forbids is disabled and says why
/// (its title and its description); while a write on the job is in flight, every button is
/// `aria-disabled` (it keeps the keyboard focus, and a press does nothing). The job may change
/// under the buttons (an action's result, a refresh): the same buttons follow it, so the focus
/// stays on the one pressed; when the new state forbids that one (Start on a job now running),
/// the focus moves to the first action the state allows, never to the page's start.
#[component]
pub fn JobActions(
    /// The job and its app (the same job for the component's life; its state may change).
    target: Memo<AppJob>,
    /// What the buttons do.
    commands: JobCommands,
) -> impl IntoView {
    let first = target.get_untracked();
    let key = first.key();
    let base_id = job_dom_id(&first);
    let app_name = first.app_name().to_string();
    let restart_dialog = LazyDialog::new();
    let delete_dialog = LazyDialog::new();
    let send = move |command: Command| commands.run.run((target.get_untracked(), command));
    let nodes: [NodeRef<Button>; 4] = std::array::from_fn(|_| NodeRef::new());
    let why_id = move |action: Action| format!("{base_id}-{}-why", slug(action));
    // One effect keeps every button in step with the job and the single-flight state (set
    // directly on the buttons: they are built once, with the job as it first was).
    let busy_key = key.clone();
    let ids = ACTIONS.map(&why_id);
    Effect::new(move |_| {
        let busy = commands.is_busy(&busy_key);
        target.with(|t| {
            let mut lost_focus = false;
            let mut first_allowed = None;
            for (i, action) in ACTIONS.into_iter().enumerate() {
                let decision = decide(&t.job, action);
                if let Some(button) = nodes[i].get() {
                    let why = decision.text();
                    let forbidden = !decision.is_allowed();
                    if forbidden {
                        lost_focus |= browser::has_focus(&button);
                    } else if first_allowed.is_none() {
                        first_allowed = Some(button.clone());
                    }
                    browser::set_attribute(&button, "disabled", forbidden.then_some(""));
                    browser::set_attribute(
                        &button,
                        "aria-disabled",
                        (busy && !forbidden).then_some("true"),
                    );
                    browser::set_attribute(&button, "title", why);
                    browser::set_attribute(
                        &button,
                        "aria-describedby",
                        why.map(|_| ids[i].as_str()),
                    );
                    browser::set_text(&ids[i], why.unwrap_or(""));
                }
            }
            if lost_focus && let Some(button) = first_allowed {
                let _ = button.focus();
            }
        });
    });
    let button = |i: usize| {
        let action = ACTIONS[i];
        let decision = decide(&first.job, action);
        let why = decision.text().map(str::to_string);
        let slug = slug(action);
        let busy_key = key.clone();
        let on_click = move |_| match action {
            _ if commands.is_busy(&busy_key) => {}
            Action::Start => send(Command::Start),
            Action::Pause => send(Command::Pause),
            Action::Restart => restart_dialog.open(),
            Action::Delete => delete_dialog.open(),
        };
        let id = why_id(action);
        view! {
            <button
                type="button"
                class=format!("sd-button sd-action sd-action--{slug}")
                node_ref=nodes[i]
                disabled=!decision.is_allowed()
                title=why.clone()
                aria-describedby=why.as_ref().map(|_| id.clone())
                on:click=on_click
            >
                {action.label()}
            </button>
            <span class="sd-visually-hidden" id=id>{why}</span>
        }
    };

    view! {
        <div class="sd-actions" role="group" aria-label=tf!("Actions for {app}", app = app_name)>
            {button(0)}
            {button(1)}
            {button(2)}
            {button(3)}
            {move || commands.is_busy(&key).then(|| view! { <span class="sd-actions__busy">{t!("Sending…")}</span> })}
        </div>
        {move || restart_dialog.built().then(|| view! {
            <RestartDialog dialog=restart_dialog.node target=target.get_untracked() commands=commands />
        })}
        {move || delete_dialog.built().then(|| view! {
            <DeleteDialog dialog=delete_dialog.node target=target.get_untracked() commands=commands />
        })}
    }
}

/// A textbox the admin types a name or id into before a dangerous action can be confirmed.
#[component]
pub fn TypedConfirmation(
    /// The label, in the current language (e.g. "Type the app name to confirm").
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
    /// The job (as it was when the dialog was built: its ids do not change).
    target: AppJob,
    /// Sends the confirmed command.
    commands: JobCommands,
) -> impl IntoView {
    let scope = RwSignal::new(RestartScope::EMPTY);
    let typed = RwSignal::new(String::new());
    let title_id = dialog_title_id(&target, "restart");
    let labelled_by = title_id.clone();
    let app_name = target.app_name().to_string();
    let needs_typing = move || scope.get().needs_typed_confirmation();
    let backup = target.clone();
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
                    {opt.graph_name} " — " {opt.explanation_text()}
                    {opt.needs_typed_confirmation.then_some(t!(" (needs typed confirmation)"))}
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
            commands
                .run
                .run((target.clone(), Command::Restart(scope.get_untracked())));
            close(dialog);
            scope.set(RestartScope::EMPTY);
            typed.set(String::new());
        }
    };
    view! {
        <dialog node_ref=dialog class="sd-dialog" aria-labelledby=labelled_by>
            <h2 id=title_id>{tf!("Restart provisioning for {app}?", app = app_name)}</h2>
            <p>{RestartScope::portal_restart_explanation()}</p>
            <fieldset class="sd-scopes">
                <legend>{t!("Reset scope (optional)")}</legend>
                {RestartScope::OFFERED.iter().filter(|o| !o.advanced).map(option).collect_view()}
            </fieldset>
            <details class="sd-scopes__advanced">
                <summary>{t!("Advanced, on Microsoft support's advice only")}</summary>
                {RestartScope::OFFERED.iter().filter(|o| o.advanced).map(option).collect_view()}
            </details>
            {move || needs_typing().then(|| view! {
                <TypedConfirmation label=t!("Type the app name to confirm") typed=typed />
            })}
            {move || {
                let s = scope.get();
                (s.contains(RestartScope::WATERMARK) || s.contains(RestartScope::FORCE_DELETES)).then(|| view! {
                    <div inner_html=crate::settings::element("backup",
                        [&backup.sp.id, &backup.job.id, &backup.job.template_id, ""]) />
                })
            }}
            <p class="sd-dialog__label">{t!("This request will be sent:")}</p>
            <pre class="sd-request"><code>{preview}</code></pre>
            <div class="sd-dialog__buttons">
                <button type="button" class="sd-button" autofocus on:click=move |_| close(dialog)>{t!("Cancel")}</button>
                <button type="button" class="sd-button sd-button--danger"
                    disabled=move || !confirmed() on:click=confirm>{t!("Restart")}</button>
            </div>
        </dialog>
    }
}

/// The Delete dialog: typed confirmation of the job id, and what is lost and what is not.
#[component]
fn DeleteDialog(
    /// The dialog element (opened by the Delete button).
    dialog: NodeRef<Dialog>,
    /// The job (as it was when the dialog was built: its ids do not change).
    target: AppJob,
    /// Sends the confirmed command.
    commands: JobCommands,
) -> impl IntoView {
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
            commands.run.run((target.clone(), Command::Delete));
            close(dialog);
            typed.set(String::new());
        }
    };
    view! {
        <dialog node_ref=dialog class="sd-dialog" aria-labelledby=labelled_by>
            <h2 id=title_id>{tf!("Delete the provisioning job of {app}?", app = target.app_name())}</h2>
            <p><strong>{t!("Lost: ")}</strong>
                {t!("the job itself, its schedule and all its state: progress, watermark, escrows, quarantine and run history.")}</p>
            <p><strong>{t!("Not lost: ")}</strong>
                {t!("the accounts already provisioned in the target app stay as they are, and so do the app and its other jobs. A new job starts from scratch.")}</p>
            <TypedConfirmation label=t!("Type the job id to confirm") typed=typed />
            <p class="sd-dialog__label">{t!("Job id: ")} <code>{job_id.clone()}</code></p>
            <div class="sd-dialog__buttons">
                <button type="button" class="sd-button" autofocus on:click=move |_| close(dialog)>{t!("Cancel")}</button>
                <button type="button" class="sd-button sd-button--danger"
                    disabled=move || !matches() on:click=confirm>{t!("Delete")}</button>
            </div>
        </dialog>
    }
}

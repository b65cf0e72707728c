//! The "Provisioning settings" region: notification email and email on failure, accidental
//! deletion prevention and its threshold, and the scope, read from
//! `GET …/synchronization/secrets` (undocumented as a method).
//!
//! `PUT …/synchronization/secrets` replaces every saved key (a key left out is deleted), so a
//! save is read, merge, write (`syncdeck_graph::settings`): the PUT carries every pair read, in
//! its order, with only the edited values changed. Right before the PUT the secrets are read
//! again; if they differ from the read the form was built on, nothing is written. Credential
//! values never reach the page: the request shown before sending hides them.

use crate::bridge::{Bridge, Failed, Job, failure_view};
use leptos::html::Dialog;
use leptos::prelude::*;
use syncdeck::components::job_actions::TypedConfirmation;
use syncdeck_graph::hints::Operation;
use syncdeck_graph::policy::confirmation_matches;
use syncdeck_graph::request::{GraphRequest, Method, get_secrets};
use syncdeck_graph::settings::{
    Edit, Notification, SavedSecrets, Settings, changes, preview, put_body,
};
use syncdeck_i18n::{t, tf};

/// The read the form stands on.
#[derive(Clone)]
enum Read {
    Loading,
    /// Not readable: why (Graph's failure, or a sentence).
    Unreadable(Failed),
    Ready(SavedSecrets),
}

/// The form's fields (strings as typed).
#[derive(Clone, Copy)]
struct Fields {
    recipients: RwSignal<String>,
    email_on_failure: RwSignal<bool>,
    prevent: RwSignal<bool>,
    threshold: RwSignal<String>,
    sync_all: RwSignal<bool>,
}

impl Fields {
    fn new() -> Fields {
        Fields {
            recipients: RwSignal::new(String::new()),
            email_on_failure: RwSignal::new(false),
            prevent: RwSignal::new(false),
            threshold: RwSignal::new(String::new()),
            sync_all: RwSignal::new(false),
        }
    }

    fn fill(self, s: &Settings) {
        if let Some(n) = &s.notification {
            self.recipients.set(n.recipients.clone());
            self.email_on_failure.set(n.email_on_failure);
            self.prevent.set(n.prevent_deletions);
            self.threshold.set(
                n.deletion_threshold
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
            );
        }
        self.sync_all.set(s.sync_all.unwrap_or(false));
    }

    /// The settings as the form says, for what was readable in `before`.
    fn settings(self, before: &Settings) -> Result<Settings, String> {
        let notification = match &before.notification {
            None => None,
            Some(n) => {
                let typed = self.threshold.get_untracked();
                let deletion_threshold = if typed.trim().is_empty()
                    && n.deletion_threshold.is_none()
                {
                    None
                } else {
                    Some(typed.trim().parse::<u32>().map_err(|_| {
                        tf!(
                            "The deletion threshold must be a whole number of at least 1, not \"{typed}\".",
                            typed = typed
                        )
                    })?)
                };
                Some(Notification {
                    email_on_failure: self.email_on_failure.get_untracked(),
                    recipients: self.recipients.get_untracked(),
                    prevent_deletions: self.prevent.get_untracked(),
                    deletion_threshold,
                })
            }
        };
        Ok(Settings {
            notification,
            sync_all: before.sync_all.map(|_| self.sync_all.get_untracked()),
        })
    }
}

/// A change in words, for the review dialog.
fn describe(edit: &Edit) -> String {
    let on = |b: &bool| if *b { t!("on") } else { t!("off") };
    match edit {
        Edit::Recipients(r) => tf!("Notification email: {recipients}", recipients = r),
        Edit::EmailOnFailure(b) => tf!(
            "Send an email notification when a failure occurs: {state}",
            state = on(b)
        ),
        Edit::PreventDeletions(b) => {
            tf!("Prevent accidental deletions: {state}", state = on(b))
        }
        Edit::DeletionThreshold(n) => tf!("Deletion threshold: {threshold}", threshold = n),
        Edit::SyncAll(true) => t!("Scope: sync all users and groups").to_string(),
        Edit::SyncAll(false) => t!("Scope: sync only assigned users and groups").to_string(),
    }
}

/// What the review dialog shows and sends.
#[derive(Clone)]
struct Review {
    base: SavedSecrets,
    pairs: Vec<(String, String)>,
    edits: Vec<String>,
    widens: bool,
}

/// The region.
#[component]
pub fn SettingsForm(job: Job, bridge: Bridge) -> impl IntoView {
    let read = RwSignal::new(Read::Loading);
    let fields = Fields::new();
    let problem = RwSignal::new(None::<String>);
    let failed_write = RwSignal::new(None::<Failed>);
    let done = RwSignal::new(String::new());
    let review = RwSignal::new(None::<Review>);
    let typed = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let dialog = NodeRef::<Dialog>::new();
    let path = get_secrets(&job.sp_id).map(|r| r.path).unwrap_or_default();

    let load = {
        let (job, bridge) = (job.clone(), bridge.clone());
        move || {
            read.set(Read::Loading);
            let (job, bridge) = (job.clone(), bridge.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let now = read_secrets(&bridge, &job).await;
                if let Ok(s) = &now {
                    fields.fill(&s.settings());
                }
                read.try_set(match now {
                    Ok(s) => Read::Ready(s),
                    Err(f) => Read::Unreadable(f),
                });
            });
        }
    };
    load();

    let load_again = load.clone();
    let open_review = move |_| {
        problem.set(None);
        failed_write.set(None);
        done.set(String::new());
        let Read::Ready(base) = read.get_untracked() else {
            return;
        };
        let before = base.settings();
        let plan = fields.settings(&before).and_then(|after| {
            let edits = changes(&before, &after);
            if edits.is_empty() {
                return Err(t!("Nothing changed: there is nothing to save.").to_string());
            }
            let pairs = base.with_edits(&edits)?;
            Ok(Review {
                widens: before.sync_all == Some(false) && after.sync_all == Some(true),
                edits: edits.iter().map(describe).collect(),
                base: base.clone(),
                pairs,
            })
        });
        match plan {
            Ok(r) => {
                typed.set(String::new());
                review.set(Some(r));
                if let Some(d) = dialog.get_untracked() {
                    let _ = d.show_modal();
                }
            }
            Err(why) => problem.set(Some(why)),
        }
    };

    let app_name = job.app_name.clone();
    let confirmed = {
        let app_name = app_name.clone();
        move || {
            review
                .with(|r| {
                    r.as_ref()
                        .map(|r| !r.widens || confirmation_matches(&app_name, &typed.get()))
                })
                .unwrap_or(false)
        }
    };
    let save = {
        let (job, bridge, confirmed, path) =
            (job.clone(), bridge.clone(), confirmed.clone(), path.clone());
        let load = load.clone();
        move |_| {
            let Some(r) = review.get_untracked() else {
                return;
            };
            if !confirmed() || sending.get_untracked() {
                return;
            }
            sending.set(true);
            let (job, bridge, path, load) =
                (job.clone(), bridge.clone(), path.clone(), load.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = write(&bridge, &job, &path, &r).await;
                sending.try_set(false);
                if let Some(d) = dialog.get_untracked() {
                    d.close();
                }
                match outcome {
                    Ok(()) => {
                        done.try_set(tf!(
                            "Saved: {changes}. The settings were read again.",
                            changes = r.edits.join(t!("; "))
                        ));
                        load();
                    }
                    Err(Refused::Changed) => {
                        problem.try_set(Some(
                            t!("Nothing was saved: the settings changed since they were read. They were read again; review your change.").into(),
                        ));
                        load();
                    }
                    Err(Refused::Graph(f)) => {
                        failed_write.try_set(Some(f));
                    }
                }
            });
        }
    };

    let template_id = job.template_id.clone();
    let title = tf!("Save the provisioning settings of {app}?", app = app_name);
    let request = move || {
        review
            .with(|r| {
                r.as_ref()
                    .map(|r| format!("PUT {path}\n{}", preview(&r.pairs)))
            })
            .unwrap_or_default()
    };
    let is_ready = move || matches!(read.get(), Read::Ready(_));
    // What the read says, parsed once per read (the fieldsets and their sentences ask often).
    let shown = Memo::new(move |_| {
        read.with(|r| match r {
            Read::Ready(s) => Some(s.settings()),
            _ => None,
        })
    });
    let readable =
        move |which: fn(&Settings) -> bool| shown.with(|s| s.as_ref().is_some_and(which));
    let template_for_fail = template_id.clone();
    view! {
        <section class="sd-settings__part" role="region" aria-labelledby="sd-provisioning-settings">
            <h3 id="sd-provisioning-settings">{t!("Provisioning settings")}</h3>
            {move || match read.get() {
                Read::Loading => view! { <p role="status">{t!("Reading the provisioning settings…")}</p> }.into_any(),
                Read::Unreadable(f) => {
                    let why = match f.status() {
                        Some(403) => t!("Microsoft Graph refused to show them to this account (403)."),
                        Some(404) => t!("Microsoft Graph does not have them for this app (404)."),
                        Some(_) => t!("Microsoft Graph refused to read them."),
                        None => t!("They could not be read."),
                    };
                    let again = load_again.clone();
                    view! {
                        <div role="alert">
                            <p><strong>{t!("These settings are not readable here. ")}</strong> {why}
                            {t!(" syncdeck does not guess them and writes nothing; change them in the Entra admin center (Edit provisioning).")}</p>
                            {failure_view(f, template_for_fail.clone())}
                        </div>
                        <button type="button" class="sd-button" on:click=move |_| again()>{t!("Read the settings again")}</button>
                    }.into_any()
                }
                Read::Ready(s) => {
                    let hidden = s.hidden_credentials();
                    (!hidden.is_empty()).then(|| view! {
                        <p role="alert">{tf!(
                            "Read only: Graph hid the saved {keys}. A save replaces every saved key, so writing now would erase them; syncdeck writes nothing.",
                            keys = hidden.join(", ")
                        )}</p>
                    }).into_any()
                }
            }}
            <fieldset class="sd-scopes" disabled=move || !readable(|s| s.notification.is_some())>
                <legend>{t!("Notifications and deletions")}</legend>
                {move || (is_ready() && !readable(|s| s.notification.is_some())).then_some(
                    view! { <p>{t!("Not readable: the app has no SyncNotificationSettings saved. syncdeck does not guess them.")}</p> })}
                <label class="sd-confirm">{t!("Notification email")}
                    <input type="email" autocomplete="off" prop:value=move || fields.recipients.get()
                        on:input=move |ev| fields.recipients.set(event_target_value(&ev)) />
                </label>
                <label class="sd-scope">
                    <input type="checkbox" prop:checked=move || fields.email_on_failure.get()
                        on:change=move |ev| fields.email_on_failure.set(event_target_checked(&ev)) />
                    {t!("Send an email notification when a failure occurs")}
                </label>
                <label class="sd-scope">
                    <input type="checkbox" prop:checked=move || fields.prevent.get()
                        on:change=move |ev| fields.prevent.set(event_target_checked(&ev)) />
                    {t!("Prevent accidental deletions")}
                </label>
                <label class="sd-confirm">{t!("Deletion threshold")}
                    <input type="number" min="1" step="1" inputmode="numeric" prop:value=move || fields.threshold.get()
                        on:input=move |ev| fields.threshold.set(event_target_value(&ev)) />
                </label>
            </fieldset>
            <fieldset class="sd-scopes" disabled=move || !readable(|s| s.sync_all.is_some())>
                <legend>{t!("Scope")}</legend>
                {move || (is_ready() && !readable(|s| s.sync_all.is_some())).then_some(
                    view! { <p>{t!("Not readable: the app has no SyncAll saved. syncdeck does not guess it.")}</p> })}
                <label class="sd-scope">
                    <input type="radio" name="sd-scope" prop:checked=move || !fields.sync_all.get()
                        on:change=move |_| fields.sync_all.set(false) />
                    {t!("Sync only assigned users and groups")}
                </label>
                <label class="sd-scope">
                    <input type="radio" name="sd-scope" prop:checked=move || fields.sync_all.get()
                        on:change=move |_| fields.sync_all.set(true) />
                    {t!("Sync all users and groups")}
                </label>
            </fieldset>
            <button type="button" class="sd-button" disabled=move || !is_ready() on:click=open_review>
                {t!("Review and save")}
            </button>
            <p role="status">{move || done.get()}</p>
            {move || problem.get().map(|p| view! { <p role="alert" class="sd-alert">{p}</p> })}
            {move || failed_write.get().map(|f| view! {
                <div role="alert" class="sd-alert">
                    <p><strong>{t!("The settings were not saved.")}</strong> {t!(" Nothing else was changed.")}</p>
                    {failure_view(f, template_id.clone())}
                </div>
            })}
            <dialog node_ref=dialog class="sd-dialog" aria-labelledby="sd-settings-review-title">
                <h2 id="sd-settings-review-title">{title}</h2>
                <ul>{move || review.with(|r| r.as_ref().map(|r| r.edits.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()))}</ul>
                {move || review.with(|r| r.as_ref().is_some_and(|r| r.widens)).then(|| view! {
                    <p><strong>{t!("Sync all users and groups")}</strong>
                    {t!(" provisions every user and group of the directory to the app, not only those assigned to it.")}</p>
                    <TypedConfirmation label={t!("Type the app name to confirm")} typed=typed />
                })}
                <p class="sd-dialog__label">{t!("This request will be sent (every key read is kept; credential values are hidden here and sent unchanged):")}</p>
                <pre class="sd-request"><code>{request}</code></pre>
                <div class="sd-dialog__buttons">
                    <button type="button" class="sd-button" autofocus
                        on:click=move |_| { if let Some(d) = dialog.get() { d.close(); } }>{t!("Cancel")}</button>
                    <button type="button" class="sd-button sd-button--danger"
                        disabled=move || !confirmed() || sending.get() on:click=save>{t!("Save")}</button>
                </div>
            </dialog>
        </section>
    }
}

/// Reads and parses the secrets.
async fn read_secrets(bridge: &Bridge, job: &Job) -> Result<SavedSecrets, Failed> {
    let request = get_secrets(&job.sp_id).map_err(|e| Failed::Other(e.to_string()))?;
    let body = bridge.send(&request).await?;
    SavedSecrets::parse(&body).map_err(|e| {
        Failed::Other(tf!(
            "Microsoft Graph's answer is not a list of settings: {error}",
            error = e
        ))
    })
}

/// Why a save wrote nothing.
enum Refused {
    /// The secrets read just before the PUT differ from the review's.
    Changed,
    /// Graph refused a request.
    Graph(Failed),
}

/// Read again, compare, then PUT the reviewed pairs.
async fn write(bridge: &Bridge, job: &Job, path: &str, review: &Review) -> Result<(), Refused> {
    let now = read_secrets(bridge, job).await.map_err(Refused::Graph)?;
    if now.pairs != review.base.pairs {
        return Err(Refused::Changed);
    }
    let request = GraphRequest::new(Method::Put, path.to_string(), Operation::PutSecrets)
        .with_json_body(put_body(&review.pairs));
    bridge
        .send(&request)
        .await
        .map(|_| ())
        .map_err(Refused::Graph)
}

//! Running the dangerous calls safely: every action on a job is single-flight (one POST however
//! often the button is pressed, and nothing else on that job is sent until the answer is in),
//! announced in a `status` region, reported in an `alert` when it fails, and followed by a few
//! reads until the job's new state shows (`syncdeck_core::refresh::follow_up`), which every page
//! then shows in place ([`Actions::on_updates`]). Which actions a state allows is decided by
//! `syncdeck-graph`'s action policy; this module only runs them. Components never call it: they
//! get [`JobCommands`] and callbacks from their page.

use crate::browser::{now_ms, sleep_ms};
use crate::graph::{GraphClient, GraphFailure};
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use syncdeck_core::refresh::{FOLLOW_UP_READS, FollowUp, follow_up, follow_up_wait_ms};
use syncdeck_core::{AppJob, JobUpdate};
use syncdeck_graph::request::{self, GraphRequest, RequestError};
use syncdeck_graph::{Action, RestartCriteria, RestartScope, SynchronizationJob};
use syncdeck_i18n::{Num, tf};

/// What to do to a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// `POST …/start`.
    Start,
    /// `POST …/pause`.
    Pause,
    /// `POST …/restart` with these reset scopes.
    Restart(RestartScope),
    /// `DELETE …/jobs/{jobId}`.
    Delete,
}

impl Command {
    /// The policy's action.
    pub fn action(self) -> Action {
        match self {
            Command::Start => Action::Start,
            Command::Pause => Action::Pause,
            Command::Restart(_) => Action::Restart,
            Command::Delete => Action::Delete,
        }
    }

    /// The exact request this command sends (shown before a restart is confirmed).
    pub fn request(self, sp_id: &str, job_id: &str) -> Result<GraphRequest, RequestError> {
        match self {
            Command::Start => request::start_job(sp_id, job_id),
            Command::Pause => request::pause_job(sp_id, job_id),
            Command::Restart(scope) => {
                request::restart_job(sp_id, job_id, &RestartCriteria { reset_scope: scope })
            }
            Command::Delete => request::delete_job(sp_id, job_id),
        }
    }

    /// What was done to the job of `app`, once Graph accepted it: "Start requested for Slack (job
    /// …)."; with the job's state once it shows ("… Now: Active.").
    fn done(self, app: &str, job: &str, state: Option<&str>) -> String {
        match (self, state) {
            (Command::Start, None) => tf!(
                "Start requested for {app} (job {job}).",
                app = app,
                job = job
            ),
            (Command::Pause, None) => tf!(
                "Pause requested for {app} (job {job}).",
                app = app,
                job = job
            ),
            (Command::Restart(_), None) => {
                tf!(
                    "Restart requested for {app} (job {job}).",
                    app = app,
                    job = job
                )
            }
            (Command::Delete, _) => tf!("Deleted for {app} (job {job}).", app = app, job = job),
            (Command::Start, Some(state)) => tf!(
                "Start requested for {app} (job {job}). Now: {state}.",
                app = app,
                job = job,
                state = state
            ),
            (Command::Pause, Some(state)) => tf!(
                "Pause requested for {app} (job {job}). Now: {state}.",
                app = app,
                job = job,
                state = state
            ),
            (Command::Restart(_), Some(state)) => tf!(
                "Restart requested for {app} (job {job}). Now: {state}.",
                app = app,
                job = job,
                state = state
            ),
        }
    }
}

/// A failed action, shown in the alert region.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionAlert {
    /// What failed, e.g. "Start failed for Slack".
    pub title: String,
    /// The failure (code, message, status, request-id, hint).
    pub failure: GraphFailure,
    /// The job's template id (Cloud Sync needs another role in the hint).
    pub template_id: Option<String>,
    /// A write refused with 401 after which the sign-in was renewed: the admin may send it
    /// again (it is never replayed without asking).
    pub send_again: Option<(AppJob, Command)>,
}

/// What a card's action buttons do, handed to the card by its page.
#[derive(Clone, Copy)]
pub struct JobCommands {
    /// Sends a command on a job (nothing when a write on it is in flight).
    pub run: Callback<(AppJob, Command)>,
    /// The jobs (by key, `spId/jobId`) with a write in flight.
    pub busy: RwSignal<HashSet<String>>,
}

impl JobCommands {
    /// True while a write on the job of `key` is in flight (reactive).
    pub fn is_busy(&self, key: &str) -> bool {
        self.busy.with(|b| b.contains(key))
    }
}

/// The outcome of one job of a bulk run.
#[derive(Debug, Clone, PartialEq)]
pub enum RowResult {
    /// Not sent yet.
    Waiting,
    /// Sent, no answer yet.
    Sending,
    /// Graph accepted it.
    Done,
    /// Graph refused it, or it got no answer.
    Failed(GraphFailure),
}

/// What a page does with the job updates it has not seen yet.
type ApplyUpdates = Box<dyn Fn(&[JobUpdate])>;

/// A bulk Start or Pause, as the bulk dialog asks for it.
#[derive(Clone)]
pub struct BulkRun {
    /// The jobs to act on, with their keys.
    pub jobs: Vec<(String, AppJob)>,
    /// Start or Pause.
    pub command: Command,
    /// How many selected jobs are skipped (for the summary).
    pub skipped: usize,
    /// Each job's outcome, by key.
    pub results: RwSignal<HashMap<String, RowResult>>,
    /// True while the run goes on.
    pub running: RwSignal<bool>,
}

/// The actions service of the shell, handed by pages to their components as callbacks.
#[derive(Clone, Copy)]
pub struct Actions {
    client: StoredValue<GraphClient>,
    /// Jobs with a write in flight (single-flight).
    pub busy: RwSignal<HashSet<String>>,
    /// The latest result, for the `status` live region.
    pub status: RwSignal<String>,
    /// The latest failure, for the `alert` region.
    pub alert: RwSignal<Option<ActionAlert>>,
    /// Jobs changed by actions, in order (views apply the ones they haven't seen).
    pub updates: RwSignal<Vec<JobUpdate>>,
    /// When the last action was sent (Unix ms), for the refresh cadence.
    pub last_action_at: RwSignal<Option<i64>>,
}

impl Actions {
    /// Provides the service, sending with `client`, to the tree below.
    pub fn provide(client: GraphClient) -> Actions {
        let actions = Actions {
            client: StoredValue::new(client),
            busy: RwSignal::new(HashSet::new()),
            status: RwSignal::new(String::new()),
            alert: RwSignal::new(None),
            updates: RwSignal::new(Vec::new()),
            last_action_at: RwSignal::new(None),
        };
        provide_context(actions);
        actions
    }

    /// The service provided by the shell.
    pub fn expect() -> Actions {
        expect_context::<Actions>()
    }

    fn client(self) -> GraphClient {
        self.client.get_value()
    }

    /// The buttons' callbacks for cards.
    pub fn commands(self) -> JobCommands {
        JobCommands {
            run: Callback::new(move |(target, command)| self.run(target, command)),
            busy: self.busy,
        }
    }

    /// Calls `apply` with every job update published from now on, as they come (each once).
    pub fn on_updates(self, apply: impl Fn(&[JobUpdate]) + 'static) {
        self.on_updates_dyn(Box::new(apply));
    }

    fn on_updates_dyn(self, apply: ApplyUpdates) {
        let mut seen = self.updates.with_untracked(Vec::len);
        Effect::new(move |_| {
            self.updates.with(|u| {
                if let Some(fresh) = u.get(seen..).filter(|f| !f.is_empty()) {
                    seen = u.len();
                    untrack(|| apply(fresh));
                }
            })
        });
    }

    /// Runs `command` on `target` unless a write on that job is already in flight (then nothing
    /// is sent). Returns at once; the outcome is announced.
    pub fn run(self, target: AppJob, command: Command) {
        if let Some(send) = self.claim(target, command, true) {
            wasm_bindgen_futures::spawn_local(async move {
                // The outcome is announced by `execute`.
                let _ = send.await;
            });
        }
    }

    /// Runs a bulk command: its jobs one after another, each single-flight (a job already in
    /// flight from elsewhere is not sent twice), each one's outcome in its `results`; then
    /// announces the summary.
    pub fn run_bulk(self, run: BulkRun) {
        let BulkRun {
            jobs,
            command,
            skipped,
            results,
            running,
        } = run;
        if running.get_untracked() {
            return;
        }
        running.set(true);
        results.update(|m| {
            for (key, _) in &jobs {
                m.insert(key.clone(), RowResult::Waiting);
            }
        });
        wasm_bindgen_futures::spawn_local(async move {
            let (mut ok, mut failed) = (0, 0);
            for (key, job) in jobs {
                results.try_update(|m| m.insert(key.clone(), RowResult::Sending));
                let Some(send) = self.claim(job, command, false) else {
                    continue;
                };
                let result = match send.await {
                    Ok(()) => {
                        ok += 1;
                        RowResult::Done
                    }
                    Err(e) => {
                        failed += 1;
                        RowResult::Failed(e)
                    }
                };
                results.try_update(|m| m.insert(key, result));
            }
            running.try_set(false);
            self.status.try_set(tf!(
                "Bulk {action}: {ok} done, {failed} failed, {skipped} skipped.",
                action = syncdeck_i18n::fmt::lowercase(command.action().label()),
                ok = Num(ok as f64),
                failed = Num(failed as f64),
                skipped = Num(skipped as f64)
            ));
        });
    }

    /// Creates a job of `sp` from `template` (one POST, `creating` set meanwhile); says what
    /// comes next, to the status region and to `on_created`, or raises the alert.
    pub fn create_job(
        self,
        sp_id: String,
        app_name: String,
        template: String,
        creating: RwSignal<bool>,
        on_created: impl FnOnce(String) + 'static,
    ) {
        // Single-flight: one POST however often Create is pressed.
        if creating.get_untracked() || template.is_empty() {
            return;
        }
        creating.set(true);
        let client = self.client();
        wasm_bindgen_futures::spawn_local(async move {
            let result = client.create_job(&sp_id, &template).await;
            creating.try_set(false);
            self.last_action_at.try_set(Some(now_ms()));
            match result {
                Ok(job) => {
                    let next = tf!(
                        "Created job {job} for {app} from template {template}. It is Not configured and not scheduled until you \
                         save the app's credentials (its admin URL and secret token) on the app's Provisioning page in the \
                         Entra admin center, then Start it.",
                        job = job.id,
                        app = app_name,
                        template = template
                    );
                    self.status.try_set(next.clone());
                    on_created(next);
                }
                Err(failure) => {
                    self.status
                        .try_set(tf!("Creating a job for {app} failed.", app = app_name));
                    self.alert.try_set(Some(ActionAlert {
                        title: tf!(
                            "Create failed for {app} (template {template})",
                            app = app_name,
                            template = template
                        ),
                        failure,
                        template_id: Some(template),
                        send_again: None,
                    }));
                }
            }
        });
    }

    /// Claims the job (single-flight) and returns the future that sends the command, releases
    /// the job when the answer is in, then follows the job up in the background; `None` (and
    /// nothing sent) when a write on the job is already in flight. The future's output is the
    /// answer to the write. `announce_state` also announces the job's new state when it shows
    /// (one action at a time; a bulk run announces its own summary instead).
    fn claim(
        self,
        target: AppJob,
        command: Command,
        announce_state: bool,
    ) -> Option<impl std::future::Future<Output = Result<(), GraphFailure>> + 'static> {
        let key = target.key();
        // Checked and set synchronously: a second click before the re-render is ignored here.
        let mut claimed = false;
        self.busy.update(|b| claimed = b.insert(key.clone()));
        if !claimed {
            return None;
        }
        self.alert.set(None);
        let client = self.client();
        Some(async move {
            let result = self.execute(&client, &target, command).await;
            if result.is_ok() {
                // The job stays claimed until the first follow-up read has shown its new state:
                // a second click of a double click arriving after the answer must not find the
                // old state's buttons free (two Starts are what Microsoft warns against).
                wasm_bindgen_futures::spawn_local(async move {
                    self.follow_up(&client, &target, command, announce_state, &key)
                        .await;
                });
            } else {
                self.busy.try_update(|b| b.remove(&key));
            }
            result
        })
    }

    /// Sends the command once (the retry policy may resend it after a 429 only); announces it.
    async fn execute(
        self,
        client: &GraphClient,
        target: &AppJob,
        command: Command,
    ) -> Result<(), GraphFailure> {
        let label = command.action().label();
        let result = match command.request(&target.sp.id, &target.job.id) {
            Ok(request) => client.write(&request).await,
            Err(e) => Err(GraphFailure::Request(e)),
        };
        self.last_action_at.try_set(Some(now_ms()));
        match &result {
            Ok(()) => {
                self.status
                    .try_set(command.done(target.app_name(), &target.job.id, None));
            }
            Err(failure) => {
                self.status.try_set(tf!(
                    "{action} failed for {app}.",
                    action = label,
                    app = target.app_name()
                ));
                let unauthorized = failure.status() == Some(401);
                self.alert.try_set(Some(ActionAlert {
                    title: tf!(
                        "{action} failed for {app} (job {job})",
                        action = label,
                        app = target.app_name(),
                        job = target.job.id
                    ),
                    failure: failure.clone(),
                    template_id: Some(target.job.template_id.clone()),
                    send_again: unauthorized.then(|| (target.clone(), command)),
                }));
            }
        }
        result
    }

    /// Reads the job again until its new state shows (or it is gone), then publishes it: when
    /// and how often is `syncdeck_core::refresh::follow_up`'s decision.
    async fn follow_up(
        self,
        client: &GraphClient,
        target: &AppJob,
        command: Command,
        announce_state: bool,
        key: &str,
    ) {
        let release = || self.busy.try_update(|b| b.remove(key));
        for attempt in 0..FOLLOW_UP_READS {
            let wait = follow_up_wait_ms(attempt);
            if wait > 0 {
                sleep_ms(wait).await;
            }
            let read = client.job(&target.sp.id, &target.job.id, None).await;
            let done = match follow_up(attempt, &target.job, read.as_ref().map(|(job, _)| job)) {
                FollowUp::Publish => {
                    if let Ok((job, _)) = read {
                        let state = job.status.code.label();
                        self.publish(target, Some(job));
                        if announce_state && command != Command::Delete {
                            self.status.try_set(command.done(
                                target.app_name(),
                                &target.job.id,
                                Some(&state),
                            ));
                        }
                    }
                    true
                }
                FollowUp::Deleted => {
                    self.publish(target, None);
                    true
                }
                FollowUp::ReadAgain => false,
                FollowUp::Stop => true,
            };
            if attempt == 0 {
                release();
            }
            if done {
                return;
            }
        }
    }

    fn publish(self, target: &AppJob, job: Option<SynchronizationJob>) {
        self.updates.try_update(|u| {
            u.push(JobUpdate {
                sp_id: target.sp.id.clone(),
                job_id: target.job.id.clone(),
                job,
            })
        });
    }
}

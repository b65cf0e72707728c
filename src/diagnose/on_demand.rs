//! Provision on demand, live: the job's rules (read when the dialog first opens), the users or
//! the group looked up when the admin asks, and the run, one request per subject, paced by
//! `syncdeck_graph::provision::RUN_BUDGET` in front of the client's own pacer, with a result
//! per subject and "Retry failed". The dialog (`crate::components::on_demand`) lays it out.

use crate::browser::{now_ms, sleep_ms};
use crate::graph::{GraphClient, GraphFailure};
use leptos::prelude::*;
use serde_json::Value;
use syncdeck_graph::pace::Pacer;
use syncdeck_graph::provision::OnDemandShown;
use syncdeck_graph::provision::{
    self, DirectoryGroup, DirectoryUser, RUN_BUDGET, Source, Subject, SyncRule,
};

/// A user looked up: what was typed, and found (`Some`), not found (`None`) or failed.
pub type Found = (String, Result<Option<DirectoryUser>, GraphFailure>);
/// A group looked up with its first members (and whether there are more).
pub type GroupFound = Result<Option<(DirectoryGroup, Vec<DirectoryUser>, bool)>, GraphFailure>;

/// One subject of the run: who (for the text) and its answer (`None` while waiting or sent).
#[derive(Clone)]
pub struct Row {
    /// What was sent.
    pub subject: Subject,
    /// The name shown, e.g. the user principal name.
    pub label: String,
    /// Graph's answer, decoded.
    pub answer: Option<Result<OnDemandShown, GraphFailure>>,
}

/// The dialog's state, handed to its component.
#[derive(Clone, Copy)]
pub struct OnDemand {
    /// Where subjects come from (and whether the job takes on-demand at all).
    pub source: Source,
    /// The schema's rules: `None` until read.
    pub rules: RwSignal<Option<Result<Vec<SyncRule>, GraphFailure>>>,
    /// The chosen rule (index into `rules`).
    pub rule: RwSignal<Option<usize>>,
    /// True when a group is provisioned, false for users.
    pub group_mode: RwSignal<bool>,
    /// What was typed into "User".
    pub users_text: RwSignal<String>,
    /// What was typed into "Group".
    pub group_text: RwSignal<String>,
    /// A sentence about what was typed (nothing, too many).
    pub note: RwSignal<Option<String>>,
    /// True while looking up.
    pub finding: RwSignal<bool>,
    /// The users looked up.
    pub found: RwSignal<Vec<Found>>,
    /// The group looked up.
    pub group: RwSignal<Option<GroupFound>>,
    /// The members chosen (ids, at most `provision::MAX_GROUP_MEMBERS`).
    pub picked: RwSignal<Vec<String>>,
    /// The run's subjects and answers.
    pub rows: RwSignal<Vec<Row>>,
    /// How long until the next request goes (ms), while the run waits.
    pub next_in: RwSignal<Option<i64>>,
    client: StoredValue<GraphClient>,
    ids: StoredValue<(String, String)>,
    pacer: StoredValue<Pacer>,
}

impl OnDemand {
    /// The state for job `job_id` of `sp_id`, made from `template_id`.
    pub fn new(client: GraphClient, sp_id: String, job_id: String, template_id: &str) -> OnDemand {
        OnDemand {
            source: provision::source_of(template_id),
            rules: RwSignal::new(None),
            rule: RwSignal::new(None),
            group_mode: RwSignal::new(false),
            users_text: RwSignal::new(String::new()),
            group_text: RwSignal::new(String::new()),
            note: RwSignal::new(None),
            finding: RwSignal::new(false),
            found: RwSignal::new(Vec::new()),
            group: RwSignal::new(None),
            picked: RwSignal::new(Vec::new()),
            rows: RwSignal::new(Vec::new()),
            next_in: RwSignal::new(None),
            client: StoredValue::new(client),
            ids: StoredValue::new((sp_id, job_id)),
            pacer: StoredValue::new(Pacer::new(RUN_BUDGET)),
        }
    }

    fn object_type(self) -> &'static str {
        match self.source {
            Source::Typed { object_type, .. } => object_type,
            _ if self.group_mode.get_untracked() => "Group",
            _ => "User",
        }
    }

    /// Reads the schema's rules the first time the dialog opens.
    pub fn open(self) {
        if self.rules.get_untracked().is_some() {
            return;
        }
        let client = self.client.get_value();
        let (sp, job) = self.ids.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            let rules = client.schema_rules(&sp, &job).await;
            if let Ok(r) = &rules {
                self.rule
                    .try_set(provision::pick_rule(r, self.object_type()));
            }
            self.rules.try_set(Some(rules));
        });
    }

    /// Switches between users and a group (and to the rule that maps it).
    pub fn set_group_mode(self, on: bool) {
        self.group_mode.set(on);
        let pick = self.rules.with_untracked(|r| match r {
            Some(Ok(rules)) => provision::pick_rule(rules, self.object_type()),
            _ => None,
        });
        if pick.is_some() {
            self.rule.set(pick);
        }
    }

    /// Looks up what was typed ("Find").
    pub fn find(self) {
        self.note.set(None);
        let client = self.client.get_value();
        if self.group_mode.get_untracked() {
            let id = self.group_text.get_untracked().trim().to_string();
            if id.is_empty() {
                self.note.set(Some("Type the group's object id.".into()));
                return;
            }
            self.finding.set(true);
            self.picked.set(Vec::new());
            wasm_bindgen_futures::spawn_local(async move {
                let group = client.group(&id).await;
                self.group.try_set(Some(group));
                self.finding.try_set(false);
            });
            return;
        }
        let ids = match provision::split_ids(&self.users_text.get_untracked()) {
            Ok(ids) => ids,
            Err(e) => return self.note.set(Some(e.to_string())),
        };
        if let Source::Typed { .. } = self.source {
            // Ids of the source system: sent as typed, nothing to look up.
            let found = ids
                .into_iter()
                .map(|id| {
                    let user = DirectoryUser {
                        id: id.clone(),
                        ..Default::default()
                    };
                    (id, Ok(Some(user)))
                })
                .collect();
            return self.found.set(found);
        }
        self.finding.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            // One after another: a few dozen small reads at most.
            let mut found = Vec::with_capacity(ids.len());
            for id in ids {
                let answer = client.user(&id).await;
                found.push((id, answer));
            }
            self.found.try_set(found);
            self.finding.try_set(false);
        });
    }

    /// The subjects the next run would send, with their labels (reactive).
    pub fn subjects(self) -> Vec<(Subject, String)> {
        let object_type = self.object_type().to_string();
        if self.group_mode.get() {
            let picked = self.picked.get();
            return self.group.with(|g| match g {
                Some(Ok(Some((group, _, _)))) => vec![(
                    Subject {
                        id: group.id.clone(),
                        object_type,
                        members: picked,
                    },
                    group.display_name.clone(),
                )],
                _ => Vec::new(),
            });
        }
        self.found.with(|found| {
            found
                .iter()
                .filter_map(|(q, a)| a.as_ref().ok().and_then(Option::as_ref).map(|u| (q, u)))
                .map(|(q, u)| {
                    let subject = Subject {
                        id: u.id.clone(),
                        object_type: object_type.clone(),
                        members: Vec::new(),
                    };
                    let label = if u.user_principal_name.is_empty() {
                        q.clone()
                    } else {
                        u.user_principal_name.clone()
                    };
                    (subject, label)
                })
                .collect()
        })
    }

    /// The chosen rule's id (reactive).
    pub fn rule_id(self) -> Option<String> {
        let i = self.rule.get()?;
        self.rules
            .with(|r| r.as_ref()?.as_ref().ok()?.get(i).map(|r| r.id.clone()))
            .filter(|id| !id.is_empty())
    }

    /// The bodies of the next run (reactive).
    pub fn bodies(self) -> Vec<Value> {
        let Some(rule) = self.rule_id() else {
            return Vec::new();
        };
        self.subjects()
            .iter()
            .map(|(s, _)| provision::request_body(&rule, s))
            .collect()
    }

    /// The exact request shown before it is sent (reactive).
    pub fn preview(self) -> String {
        let (sp, job) = self.ids.get_value();
        provision::preview(&sp, &job, &self.bodies()).unwrap_or_else(|e| e.to_string())
    }

    /// True while some subject of the run has no answer yet (reactive).
    pub fn running(self) -> bool {
        self.rows.with(|r| r.iter().any(|r| r.answer.is_none()))
    }

    /// "3 of 12 done, next in 6 s" (reactive; empty before the first run).
    pub fn progress(self) -> String {
        let (done, total) = self
            .rows
            .with(|r| (r.iter().filter(|r| r.answer.is_some()).count(), r.len()));
        if total == 0 {
            return String::new();
        }
        provision::progress_text(done, total, self.next_in.get())
    }

    /// Sends one request per subject ("Provision").
    pub fn provision(self) {
        if self.running() {
            return;
        }
        if untrack(|| self.rule_id()).is_none() {
            return;
        }
        let rows: Vec<Row> = untrack(|| self.subjects())
            .into_iter()
            .map(|(subject, label)| Row {
                subject,
                label,
                answer: None,
            })
            .collect();
        let all = (0..rows.len()).collect();
        self.rows.set(rows);
        self.run(all);
    }

    /// Sends again only the subjects whose request or result failed ("Retry failed").
    pub fn retry_failed(self) {
        if self.running() {
            return;
        }
        let again: Vec<usize> = self.rows.with_untracked(|rows| {
            rows.iter()
                .enumerate()
                .filter(|(_, r)| r.answer.as_ref().is_some_and(provision::is_failed))
                .map(|(i, _)| i)
                .collect()
        });
        self.rows
            .update(|rows| again.iter().for_each(|i| rows[*i].answer = None));
        self.run(again);
    }

    fn run(self, which: Vec<usize>) {
        let Some(rule) = untrack(|| self.rule_id()) else {
            return;
        };
        let client = self.client.get_value();
        let (sp, job) = self.ids.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            for i in which {
                // The run's budget: wait (saying how long) until a send fits in the window.
                loop {
                    let now = now_ms();
                    let wait = self.pacer.try_update_value(|p| {
                        let wait = p.wait(now);
                        if wait == 0 {
                            p.record(now);
                        }
                        wait
                    });
                    let Some(wait) = wait else { return };
                    self.next_in.try_set(Some(wait));
                    if wait == 0 {
                        break;
                    }
                    sleep_ms(wait.min(1000) as u64).await;
                }
                let Some(body) = self
                    .rows
                    .try_with_untracked(|r| provision::request_body(&rule, &r[i].subject))
                else {
                    return;
                };
                let (client, sp, job) = (client.clone(), sp.clone(), job.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let answer = client.provision_on_demand(&sp, &job, body).await;
                    self.rows.try_update(|r| r[i].answer = Some(answer));
                });
            }
            self.next_in.try_set(None);
        });
    }
}

//! Provision on demand, live: the job's rules (read when the dialog first opens), the users or
//! the group looked up when the admin asks, and the run, one request per subject, paced by
//! `syncdeck_graph::provision::RUN_BUDGET` in front of the page client's own pacer, with a result
//! per subject and "Retry failed". Every request goes through [`send_then`] (the page's client,
//! by the bridge). The dialog (`super::ProvisionOnDemand`) lays it out. Moved from the app
//! (`src/diagnose/on_demand.rs` of the branch `diag-pod`) into this on-demand module.

use super::send::{Done, lookup, send_then, unreadable};
use crate::bridge::{Bridge, Failed, Job};
use leptos::prelude::*;
use serde_json::Value;
use std::time::Duration;
use syncdeck::browser::now_ms;
use syncdeck_graph::GraphRequest;
use syncdeck_graph::pace::Pacer;
use syncdeck_graph::provision::{
    self, DirectoryGroup, DirectoryUser, OnDemandShown, RUN_BUDGET, Source, Subject, SyncRule,
};
use syncdeck_graph::request::{self, RequestError};
use syncdeck_i18n::{n_, t, tf};

/// A user looked up (see `provision::Found`).
pub type Found = provision::Found<Failed>;

/// One subject of the run: who (for the text) and its answer (`None` while waiting or sent).
#[derive(Clone)]
pub struct Row {
    /// What was sent.
    pub subject: Subject,
    /// The name shown, e.g. the user principal name.
    pub label: String,
    /// Graph's answer, decoded.
    pub answer: Option<Result<OnDemandShown, Failed>>,
}

/// The dialog's state, handed to its component.
#[derive(Clone, Copy)]
pub struct OnDemand {
    /// Where subjects come from (and whether the job takes on-demand at all).
    pub source: Source,
    /// The schema's rules (empty until read).
    pub rules: RwSignal<Vec<SyncRule>>,
    /// What to say about the rules (reading, none usable, not read), in English (marked with
    /// `n_!`, translated where shown); empty when all is well.
    pub rules_note: RwSignal<&'static str>,
    /// The chosen rule (index into `rules`).
    pub rule: RwSignal<Option<usize>>,
    /// True when a group is provisioned, false for users.
    pub group_mode: RwSignal<bool>,
    /// What was typed into "User".
    pub users_text: RwSignal<String>,
    /// What was typed into "Group".
    pub group_text: RwSignal<String>,
    /// A sentence about what was typed (nothing, too many, not found).
    pub note: RwSignal<String>,
    /// The last failed read or request, in full.
    pub failure: RwSignal<Option<Failed>>,
    /// The users looked up.
    pub found: RwSignal<Vec<Found>>,
    /// The group looked up, its first members, and whether there are more.
    pub group: RwSignal<Option<(DirectoryGroup, Vec<DirectoryUser>, bool)>>,
    /// True while the group is looked up.
    pub group_finding: RwSignal<bool>,
    /// The members chosen (ids, at most `provision::MAX_GROUP_MEMBERS`).
    pub picked: RwSignal<Vec<String>>,
    /// The run's subjects and answers.
    pub rows: RwSignal<Vec<Row>>,
    /// How long until the next request goes (ms), while the run waits.
    pub next_in: RwSignal<Option<i64>>,
    bridge: StoredValue<Bridge>,
    ids: StoredValue<(String, String)>,
    pacer: StoredValue<Pacer>,
    queue: StoredValue<Vec<usize>>,
}

impl OnDemand {
    /// The state for `job`, its requests sent by `bridge`.
    pub fn new(bridge: Bridge, job: &Job) -> OnDemand {
        OnDemand {
            source: provision::source_of(&job.template_id),
            rules: RwSignal::new(Vec::new()),
            rules_note: RwSignal::new(""),
            rule: RwSignal::new(None),
            group_mode: RwSignal::new(false),
            users_text: RwSignal::new(String::new()),
            group_text: RwSignal::new(String::new()),
            note: RwSignal::new(String::new()),
            failure: RwSignal::new(None),
            found: RwSignal::new(Vec::new()),
            group: RwSignal::new(None),
            group_finding: RwSignal::new(false),
            picked: RwSignal::new(Vec::new()),
            rows: RwSignal::new(Vec::new()),
            next_in: RwSignal::new(None),
            bridge: StoredValue::new(bridge),
            ids: StoredValue::new((job.sp_id.clone(), job.job_id.clone())),
            pacer: StoredValue::new(Pacer::new(RUN_BUDGET)),
            queue: StoredValue::new(Vec::new()),
        }
    }

    fn send(self, request: Result<GraphRequest, RequestError>, done: Done) {
        self.bridge.with_value(|b| send_then(b, request, done));
    }

    fn object_type(self) -> &'static str {
        match self.source {
            Source::Typed { object_type, .. } => object_type,
            _ if self.group_mode.get_untracked() => "Group",
            _ => "User",
        }
    }

    /// The text box of the mode (reactive).
    pub fn text(self) -> RwSignal<String> {
        if self.group_mode.get() {
            self.group_text
        } else {
            self.users_text
        }
    }

    /// Reads the schema's rules the first time the dialog opens.
    pub fn open(self) {
        if !self.rules_note.get_untracked().is_empty() || !self.rules.read_untracked().is_empty() {
            return;
        }
        self.rules_note.set(n_!("Reading the job's rules…"));
        let (sp, job) = self.ids.get_value();
        let done = move |answer: Result<String, Failed>| {
            let rules = answer.and_then(|b| provision::parse_schema_rules(&b).map_err(unreadable));
            let note = match rules {
                Ok(rules) => {
                    self.rule
                        .try_set(provision::pick_rule(&rules, self.object_type()));
                    let none = rules.iter().all(|r| r.id.is_empty());
                    self.rules.try_set(rules);
                    if none {
                        n_!("The job's schema has no synchronization rule to provision with.")
                    } else {
                        ""
                    }
                }
                Err(e) => {
                    self.failure.try_set(Some(e));
                    n_!("The job's rules could not be read.")
                }
            };
            self.rules_note.try_set(note);
        };
        self.send(request::get_schema(&sp, &job), Box::new(done));
    }

    /// Switches between users and a group (and to the rule that maps it).
    pub fn set_group_mode(self, on: bool) {
        self.group_mode.set(on);
        let pick = self
            .rules
            .with_untracked(|r| provision::pick_rule(r, self.object_type()));
        if pick.is_some() {
            self.rule.set(pick);
        }
    }

    /// True while looking up (reactive).
    pub fn finding(self) -> bool {
        self.group_finding.get() || self.found.with(|f| f.iter().any(|(_, a)| a.is_none()))
    }

    /// Looks up what was typed ("Find").
    pub fn find(self) {
        self.note.set(String::new());
        self.failure.set(None);
        if self.group_mode.get_untracked() {
            let id = self.group_text.get_untracked().trim().to_string();
            if id.is_empty() {
                return self.note.set(t!("Type the group's object id.").into());
            }
            self.group_finding.set(true);
            self.group.set(None);
            self.picked.set(Vec::new());
            let members = move |group: DirectoryGroup, answer: Result<String, Failed>| {
                match answer.and_then(|b| provision::parse_members(&b).map_err(unreadable)) {
                    Ok((members, more)) => {
                        self.group.try_set(Some((group, members, more)));
                    }
                    Err(e) => {
                        self.failure.try_set(Some(e));
                    }
                }
                self.group_finding.try_set(false);
            };
            let request = provision::get_group(&id);
            let done = move |answer| match lookup(answer, provision::parse_group) {
                Ok(Some(group)) => {
                    let req = provision::group_members(&group.id);
                    self.send(req, Box::new(move |a| members(group, a)));
                }
                other => {
                    match other {
                        Ok(_) => {
                            self.note.try_set(tf!("Not found: {id}", id = id));
                        }
                        Err(e) => {
                            self.failure.try_set(Some(e));
                        }
                    }
                    self.group_finding.try_set(false);
                }
            };
            return self.send(request, Box::new(done));
        }
        let ids = match provision::split_ids(&self.users_text.get_untracked()) {
            Ok(ids) => ids,
            Err(e) => return self.note.set(e.to_string()),
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
                    (id, Some(Ok(Some(user))))
                })
                .collect();
            return self.found.set(found);
        }
        self.found
            .set(ids.iter().map(|id| (id.clone(), None)).collect());
        for (i, id) in ids.iter().enumerate() {
            let done = move |answer| {
                let answer = lookup(answer, provision::parse_user);
                if let Err(e) = &answer {
                    self.failure.try_set(Some(e.clone()));
                }
                self.found.try_update(|f| f[i].1 = Some(answer));
            };
            self.send(provision::get_user(id), Box::new(done));
        }
    }

    /// The subjects the next run would send, with their labels (reactive).
    pub fn subjects(self) -> Vec<(Subject, String)> {
        let object_type = self.object_type().to_string();
        if self.group_mode.get() {
            let picked = self.picked.get();
            return self.group.with(|g| {
                g.iter()
                    .map(|(group, _, _)| {
                        let subject = Subject {
                            id: group.id.clone(),
                            object_type: object_type.clone(),
                            members: picked.clone(),
                        };
                        (subject, group.display_name.clone())
                    })
                    .collect()
            });
        }
        self.found.with(|found| {
            found
                .iter()
                .filter_map(|(q, a)| match a {
                    Some(Ok(Some(u))) => Some((q, u)),
                    _ => None,
                })
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
            .with(|r| r.get(i).map(|r| r.id.clone()))
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

    /// The users found, as HTML (reactive; empty for a group).
    pub fn found_html(self) -> String {
        if self.group_mode.get() {
            return String::new();
        }
        self.found.with(|f| provision::found_html(f))
    }

    /// The rule options, as HTML (reactive).
    pub fn rule_options(self) -> String {
        let chosen = self.rule.get();
        self.rules.with(|r| provision::rule_options_html(r, chosen))
    }

    /// The results of the run, as HTML (reactive).
    pub fn results_html(self) -> String {
        self.rows.with(|rows| {
            let mut html = String::new();
            for row in rows {
                let answer = row.answer.as_ref().map(|a| match a {
                    Ok(r) => Ok(r),
                    Err(e) => Err(e.to_string()),
                });
                let h = provision::result_html(&row.label, &row.subject.object_type, answer);
                html.push_str(h.as_str());
            }
            html
        })
    }

    /// True while some subject of the run has no answer yet (reactive).
    pub fn running(self) -> bool {
        self.rows.with(|r| r.iter().any(|r| r.answer.is_none()))
    }

    /// True when some subject of a finished run failed (reactive).
    pub fn any_failed(self) -> bool {
        !self.running()
            && self.rows.with(|r| {
                r.iter()
                    .any(|r| r.answer.as_ref().is_some_and(provision::is_failed))
            })
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
        if self.running() || untrack(|| self.rule_id()).is_none() {
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
        self.failure.set(None);
        self.queue.set_value(which);
        self.tick();
    }

    /// Sends what the run's budget lets through now, then comes back (saying how long it
    /// waits, at least once a second) until the queue is empty.
    fn tick(self) {
        let Some(rule) = untrack(|| self.rule_id()) else {
            return;
        };
        let (sp, job) = self.ids.get_value();
        loop {
            let Some(Some(i)) = self.queue.try_with_value(|q| q.first().copied()) else {
                self.next_in.try_set(None);
                return;
            };
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
            if wait > 0 {
                let ms = wait.min(1000) as u64;
                return set_timeout(move || self.tick(), Duration::from_millis(ms));
            }
            self.queue.update_value(|q| {
                q.remove(0);
            });
            let Some(body) = self
                .rows
                .try_with_untracked(|r| provision::request_body(&rule, &r[i].subject))
            else {
                return;
            };
            let done = move |answer: Result<String, Failed>| {
                let answer = answer.and_then(|b| provision::read_on_demand(&b).map_err(unreadable));
                if let Err(e) = &answer {
                    self.failure.try_set(Some(e.clone()));
                }
                self.rows.try_update(|r| r[i].answer = Some(answer));
            };
            self.send(
                request::provision_on_demand_json(&sp, &job, body),
                Box::new(done),
            );
        }
    }
}

//! The provisioning settings saved with an app's synchronization secrets: the notification email,
//! accidental-deletion prevention and the scope ("sync all users and groups" or only assigned ones).
//!
//! `GET /servicePrincipals/{id}/synchronization/secrets` answers
//! `{"value":[{"key":"BaseAddress","value":"…"},{"key":"SyncAll","value":"false"},…]}`; the same
//! shape `PUT` back REPLACES everything, so a key left out is deleted
//! (<https://learn.microsoft.com/graph/api/synchronization-synchronization-secrets?view=graph-rest-1.0>).
//! An edit therefore sends every pair read, in the order read, with values byte-identical except
//! the edited ones ([`SavedSecrets::with_edits`]); keys this version does not know survive.
//!
//! `SyncNotificationSettings` is a JSON object inside a string: `Enabled` (email on failure),
//! `Recipients` (the notification email), `DeleteThresholdEnabled` (prevent accidental deletions)
//! and `DeleteThresholdValue` (the threshold; the portal's default is 500:
//! <https://learn.microsoft.com/entra/identity/app-provisioning/accidental-deletions>).
//! `SyncAll` is `"true"` or `"false"` (`crate::enums::secrets`).
//!
//! Credential values ([`is_credential`]) are never shown: not in [`preview`], not in `Debug`.
//! JSON is read through `serde_json::Value`, as in `crate::model::json` (wasm size).

use std::fmt;

use serde_json::{Map, Value, json};
use syncdeck_i18n::{Num, n_, t, tf, tr};

use crate::enums::SynchronizationSecret;
use crate::model::REDACTED;

/// What [`preview`] shows in place of a credential value.
pub const HIDDEN: &str = n_!("(hidden: sent unchanged)");

/// The largest deletion threshold the app writes.
pub const MAX_THRESHOLD: u32 = 1_000_000;

const NOTIFICATION: &str = "SyncNotificationSettings";
const SYNC_ALL: &str = "SyncAll";

/// The keys whose value is a credential. `SyncAgentCompatibilityKey` is the provisioning agent's
/// key, sensitive for `SynchronizationSecret::is_sensitive` too (`crate::enums::secrets`).
const CREDENTIALS: [&str; 12] = [
    "Password",
    "SecretToken",
    "ClientSecret",
    "ConsumerSecret",
    "TokenKey",
    "AppKey",
    "Oauth2AccessToken",
    "Oauth2RefreshToken",
    "Oauth2ClientSecret",
    "Oauth2AuthorizationCode",
    "ConnectionString",
    "SyncAgentCompatibilityKey",
];

/// True when `key` (any ASCII case) holds a credential, whose value is never shown.
pub fn is_credential(key: &str) -> bool {
    CREDENTIALS
        .iter()
        .any(|c| c.eq_ignore_ascii_case(key.trim()))
}

/// True when a value may be shown: not a credential, and a key Graph's `synchronizationSecret`
/// enum names (a key this version does not know might hold a secret, as `is_sensitive` assumes).
fn shown(key: &str) -> bool {
    !is_credential(key)
        && !matches!(
            SynchronizationSecret::from_graph_name(key),
            SynchronizationSecret::Unknown(_)
        )
}

/// A value that is only a mask (`***`, `•••`), or empty when `empty_too`.
fn masked(value: &str, empty_too: bool) -> bool {
    let v = value.trim();
    (empty_too || !v.is_empty()) && v.chars().all(|c| c == '*' || c == '•')
}

/// The saved secrets as read: every pair, in order. `Debug` prints the keys and only the values
/// that may be shown.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SavedSecrets {
    /// `(key, value)` as read; a `null` value reads as `""`.
    pub pairs: Vec<(String, String)>,
}

impl fmt::Debug for SavedSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairs = self
            .pairs
            .iter()
            .map(|(k, v)| (k, if shown(k) { v.as_str() } else { REDACTED }));
        f.debug_map().entries(pairs).finish()
    }
}

/// What the settings page can show. Each is `None` when its key is absent or its value
/// unreadable: the page then says "not readable" and never guesses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    /// `SyncNotificationSettings`.
    pub notification: Option<Notification>,
    /// `SyncAll`: true to sync all users and groups, false for only those assigned.
    pub sync_all: Option<bool>,
}

/// The members of `SyncNotificationSettings` the app shows. An absent flag reads as false, absent
/// recipients as `""` (Microsoft's own example is `{"Enabled":false,"DeleteThresholdEnabled":false}`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Notification {
    /// `Enabled`: send an email when a failure occurs.
    pub email_on_failure: bool,
    /// `Recipients`: the notification email (several addresses separated by `,` or `;`).
    pub recipients: String,
    /// `DeleteThresholdEnabled`: prevent accidental deletions.
    pub prevent_deletions: bool,
    /// `DeleteThresholdValue`, `None` when absent.
    pub deletion_threshold: Option<u32>,
}

/// One change the settings form asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// The notification email.
    Recipients(String),
    /// Send an email when a failure occurs.
    EmailOnFailure(bool),
    /// Prevent accidental deletions.
    PreventDeletions(bool),
    /// The accidental-deletion threshold (1 to [`MAX_THRESHOLD`]).
    DeletionThreshold(u32),
    /// Sync all users and groups (true) or only assigned ones (false).
    SyncAll(bool),
}

impl SavedSecrets {
    /// The pairs of a `GET …/synchronization/secrets` answer, in order. Err(sentence) when the body
    /// is not `{"value":[{"key":string,"value":string|null}]}`; a non-string value is an error
    /// naming its key (never its value).
    pub fn parse(body: &str) -> Result<SavedSecrets, String> {
        let v: Value = serde_json::from_str(body).map_err(|e| {
            tf!(
                "The saved settings are not readable: the answer is not JSON ({error}).",
                error = e
            )
        })?;
        let items = v.get("value").and_then(Value::as_array);
        let items = items.ok_or_else(|| {
            t!("The saved settings are not readable: the answer has no \"value\" list.").to_owned()
        })?;
        let mut pairs = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let key = item.get("key").and_then(Value::as_str);
            let key = key.ok_or_else(|| {
                tf!(
                    "The saved settings are not readable: item {n} has no text \"key\".",
                    n = Num((i + 1) as f64)
                )
            })?;
            let value = match item.get("value") {
                None | Some(Value::Null) => "",
                Some(Value::String(s)) => s,
                Some(_) => {
                    return Err(tf!(
                        "The saved settings are not readable: the value of {key} is not text.",
                        key = key
                    ));
                }
            };
            pairs.push((key.to_owned(), value.to_owned()));
        }
        Ok(SavedSecrets { pairs })
    }

    /// The index of the first pair with this key (any ASCII case).
    fn find(&self, key: &str) -> Option<usize> {
        self.pairs
            .iter()
            .position(|(k, _)| k.trim().eq_ignore_ascii_case(key))
    }

    fn value(&self, key: &str) -> Option<&str> {
        self.find(key).map(|i| self.pairs[i].1.as_str())
    }

    /// What the page can show (see [`Settings`]).
    pub fn settings(&self) -> Settings {
        Settings {
            notification: self.value(NOTIFICATION).and_then(read_notification),
            sync_all: self.value(SYNC_ALL).and_then(bool_text),
        }
    }

    /// The keys whose value came back hidden: a credential that is empty or only `*` / `•`
    /// characters, or any key whose value is a non-empty mask. Writing would overwrite the real
    /// value with the mask, so [`SavedSecrets::with_edits`] refuses while any exist.
    pub fn hidden_credentials(&self) -> Vec<String> {
        let hidden = |(k, v): &&(String, String)| masked(v, is_credential(k));
        self.pairs
            .iter()
            .filter(hidden)
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// The pairs to `PUT`: every pair read, in the same order with the same values, except the
    /// edited ones (the first pair of each key). Later edits of the same setting win.
    ///
    /// Inside `SyncNotificationSettings` the string is parsed, the members set (numbers and
    /// booleans as JSON numbers and booleans) and the object written compactly; members the app
    /// does not know are kept, but serde_json orders an object's members by name, so their order
    /// may change. A value whose edits change nothing keeps its exact original string.
    ///
    /// Err(sentence) when [`SavedSecrets::hidden_credentials`] is not empty, when an edit targets
    /// a setting that was not readable (a key is never invented), or when an edit is invalid (a
    /// threshold of 0 or above [`MAX_THRESHOLD`]; a recipient that is not an email address).
    pub fn with_edits(&self, edits: &[Edit]) -> Result<Vec<(String, String)>, String> {
        let hidden = self.hidden_credentials();
        if !hidden.is_empty() {
            return Err(tf!(
                "Nothing was saved: Graph sent {keys} back hidden, and saving replaces every setting, so \
                 the real value would be overwritten. Change these settings in the Microsoft Entra \
                 admin center instead.",
                keys = hidden.join(", ")
            ));
        }
        let read = self.settings();
        let unreadable = |what: &str| {
            tf!(
                "Nothing was saved: {what} could not be read, so it cannot be changed here.",
                what = what
            )
        };
        let mut pairs = self.pairs.clone();
        let note = self
            .find(NOTIFICATION)
            .filter(|_| read.notification.is_some());
        let mut inner: Option<Map<String, Value>> = None;
        for edit in edits {
            let (member, value) = match edit {
                Edit::SyncAll(all) => {
                    let i = self.find(SYNC_ALL).filter(|_| read.sync_all.is_some());
                    let i = i.ok_or_else(|| {
                        unreadable(t!("the scope (sync all or only assigned users and groups)"))
                    })?;
                    pairs[i].1 = if read.sync_all == Some(*all) {
                        self.pairs[i].1.clone()
                    } else {
                        all.to_string()
                    };
                    continue;
                }
                Edit::Recipients(r) => ("Recipients", Value::from(check_recipients(r)?)),
                Edit::EmailOnFailure(on) => ("Enabled", Value::from(*on)),
                Edit::PreventDeletions(on) => ("DeleteThresholdEnabled", Value::from(*on)),
                Edit::DeletionThreshold(n) if (1..=MAX_THRESHOLD).contains(n) => {
                    ("DeleteThresholdValue", Value::from(*n))
                }
                Edit::DeletionThreshold(n) => {
                    return Err(tf!(
                        "The deletion threshold must be between 1 and 1,000,000, not {n}.",
                        n = n
                    ));
                }
            };
            let i = note.ok_or_else(|| unreadable(t!("the notification settings")))?;
            let m = inner.get_or_insert_with(|| object(&self.pairs[i].1).unwrap_or_default());
            m.insert(member.to_owned(), value);
        }
        if let (Some(i), Some(m)) = (note, inner)
            && object(&self.pairs[i].1).as_ref() != Some(&m)
        {
            pairs[i].1 = Value::Object(m).to_string();
        }
        Ok(pairs)
    }
}

/// `"true"` / `"false"` in any ASCII case.
fn bool_text(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// A JSON object written as a string.
fn object(s: &str) -> Option<Map<String, Value>> {
    match serde_json::from_str(s) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }
}

fn read_notification(s: &str) -> Option<Notification> {
    let m = object(s)?;
    let flag = |k: &str| match m.get(k) {
        None | Some(Value::Null) => Some(false),
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(t)) => bool_text(t),
        _ => None,
    };
    let recipients = match m.get("Recipients") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(t)) => t.clone(),
        _ => return None,
    };
    let deletion_threshold = match m.get("DeleteThresholdValue") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(u32::try_from(n.as_u64()?).ok()?),
        Some(Value::String(t)) => Some(t.trim().parse().ok()?),
        _ => return None,
    };
    Some(Notification {
        email_on_failure: flag("Enabled")?,
        recipients,
        prevent_deletions: flag("DeleteThresholdEnabled")?,
        deletion_threshold,
    })
}

/// The recipients, trimmed, when every address separated by `,` or `;` is an email address
/// (empty clears the notification email).
fn check_recipients(r: &str) -> Result<String, String> {
    let bad = r
        .split([',', ';'])
        .map(str::trim)
        .find(|a| !a.is_empty() && !is_email(a));
    match bad {
        Some(a) => Err(tf!(
            "\"{a}\" is not an email address: write addresses such as admin@contoso.com, separated by ',' or ';'.",
            a = a
        )),
        None => Ok(r.trim().to_owned()),
    }
}

/// `local@domain.tld`: no spaces or specials in the local part, a domain of two or more
/// non-empty labels of letters, digits and `-`.
fn is_email(a: &str) -> bool {
    let Some((local, domain)) = a.split_once('@') else {
        return false;
    };
    let local_ok = |c: char| !c.is_whitespace() && !c.is_control() && !"@<>()[]\\\",;:".contains(c);
    let label_ok = |l: &str| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-');
    !local.is_empty()
        && local.chars().all(local_ok)
        && domain.contains('.')
        && domain.split('.').all(label_ok)
}

/// `{"value":[{"key":…,"value":…},…]}`: the `PUT` body.
pub fn put_body(pairs: &[(String, String)]) -> Value {
    let value: Vec<Value> = pairs
        .iter()
        .map(|(k, v)| json!({ "key": k, "value": v }))
        .collect();
    json!({ "value": value })
}

/// The `PUT` body as the admin sees it before sending: pretty JSON with every credential value
/// (and the value of any key Graph's `synchronizationSecret` enum does not name) replaced by
/// [`HIDDEN`]; `SyncNotificationSettings` shows its inner JSON string as is.
pub fn preview(pairs: &[(String, String)]) -> String {
    let safe: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                if shown(k) {
                    v.clone()
                } else {
                    tr(HIDDEN).to_owned()
                },
            )
        })
        .collect();
    format!("{:#}", put_body(&safe))
}

/// The edits that turn `before` into `after` (the form's state), so a save sends only real
/// changes. A setting `after` does not have (`None`) is left alone; one that `before` could not
/// read gives its edits, which [`SavedSecrets::with_edits`] then refuses.
pub fn changes(before: &Settings, after: &Settings) -> Vec<Edit> {
    let mut out = Vec::new();
    if let Some(a) = &after.notification {
        let b = before.notification.as_ref();
        if b.map(|b| b.recipients.as_str()) != Some(a.recipients.as_str()) {
            out.push(Edit::Recipients(a.recipients.clone()));
        }
        if b.map(|b| b.email_on_failure) != Some(a.email_on_failure) {
            out.push(Edit::EmailOnFailure(a.email_on_failure));
        }
        if b.map(|b| b.prevent_deletions) != Some(a.prevent_deletions) {
            out.push(Edit::PreventDeletions(a.prevent_deletions));
        }
        if let Some(t) = a
            .deletion_threshold
            .filter(|t| b.and_then(|b| b.deletion_threshold) != Some(*t))
        {
            out.push(Edit::DeletionThreshold(t));
        }
    }
    if let Some(all) = after.sync_all.filter(|all| before.sync_all != Some(*all)) {
        out.push(Edit::SyncAll(all));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cr3t-T0ken\"with\\escapes";

    /// A realistic answer: a credential, the two settings and keys the app does not edit.
    fn body() -> String {
        let notes = r#"{"Enabled":true,"Recipients":"a@b.example","DeleteThresholdEnabled":true,"DeleteThresholdValue":500,"HumanResourcesLookaheadQueryEnabled":false}"#;
        put_body(&pairs(&[
            ("BaseAddress", "https://scim.example.com/v2/"),
            ("SecretToken", SECRET),
            ("SyncNotificationSettings", notes),
            ("SyncAll", "false"),
            ("SkipOutOfScopeDeletions", "True"),
            ("Domain", "contoso.example"),
        ]))
        .to_string()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn saved(p: &[(&str, &str)]) -> SavedSecrets {
        SavedSecrets { pairs: pairs(p) }
    }

    #[test]
    fn reads_the_pairs_in_order_and_the_settings() {
        let with_context = body().replacen(
            '{',
            r#"{"@odata.context":"https://graph.microsoft.com/beta/$metadata#x","#,
            1,
        );
        let s = SavedSecrets::parse(&with_context).unwrap();
        let keys: Vec<&str> = s.pairs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "BaseAddress",
                "SecretToken",
                "SyncNotificationSettings",
                "SyncAll",
                "SkipOutOfScopeDeletions",
                "Domain"
            ]
        );
        assert_eq!(s.pairs[1].1, SECRET);
        let expected = Notification {
            email_on_failure: true,
            recipients: "a@b.example".into(),
            prevent_deletions: true,
            deletion_threshold: Some(500),
        };
        assert_eq!(
            s.settings(),
            Settings {
                notification: Some(expected),
                sync_all: Some(false)
            }
        );
        assert!(s.hidden_credentials().is_empty());
        let debug = format!("{s:?}");
        assert!(
            !debug.contains("s3cr3t")
                && debug.contains(REDACTED)
                && debug.contains("contoso.example"),
            "{debug}"
        );
        // Microsoft's example body (a PUT request: the same shape).
        let doc = include_str!(
            "../tests/fixtures/graph-docs/beta--synchronization-synchronization-secrets--1-request.json"
        );
        let s = SavedSecrets::parse(doc).unwrap();
        assert_eq!(s.pairs.len(), 4);
        let n = s.settings().notification.unwrap();
        assert!(
            !n.email_on_failure
                && !n.prevent_deletions
                && n.recipients.is_empty()
                && n.deletion_threshold.is_none()
        );
        // A null value reads as "".
        let s = SavedSecrets::parse(r#"{"value":[{"key":"Domain","value":null},{"key":"Url"}]}"#)
            .unwrap();
        assert_eq!(s.pairs, pairs(&[("Domain", ""), ("Url", "")]));
    }

    #[test]
    fn malformed_bodies_are_refused_with_a_sentence() {
        for (body, says) in [
            ("not json", "not JSON"),
            ("[]", "no \"value\" list"),
            (r#"{"value":{}}"#, "no \"value\" list"),
            (
                r#"{"value":[{"key":"A","value":"x"},{"value":"x"}]}"#,
                "item 2 has no text \"key\"",
            ),
            (r#"{"value":["SyncAll"]}"#, "item 1 has no text \"key\""),
            (r#"{"value":[{"key":7,"value":"x"}]}"#, "item 1"),
            (
                r#"{"value":[{"key":"SyncAll","value":false}]}"#,
                "the value of SyncAll is not text",
            ),
            (
                r#"{"value":[{"key":"SecretToken","value":{"t":"abc"}}]}"#,
                "the value of SecretToken is not text",
            ),
        ] {
            let err = SavedSecrets::parse(body).unwrap_err();
            assert!(err.contains(says) && err.ends_with('.'), "{body}: {err}");
            assert!(!err.contains("abc"), "{err}");
        }
    }

    #[test]
    fn absent_or_garbled_settings_read_as_none() {
        let read = |p: &[(&str, &str)]| saved(p).settings();
        assert_eq!(read(&[("BaseAddress", "https://x")]), Settings::default());
        for garbled in [
            "not json",
            "[1]",
            "\"{}\"",
            r#"{"Enabled":"yes"}"#,
            r#"{"Enabled":1}"#,
            r#"{"Recipients":["a@b.example"]}"#,
            r#"{"DeleteThresholdValue":-1}"#,
            r#"{"DeleteThresholdValue":12.5}"#,
            r#"{"DeleteThresholdValue":"many"}"#,
            r#"{"DeleteThresholdValue":4294967296}"#,
        ] {
            assert_eq!(
                read(&[("SyncNotificationSettings", garbled)]).notification,
                None,
                "{garbled}"
            );
        }
        for garbled in ["", "yes", "1", "{}"] {
            assert_eq!(read(&[("SyncAll", garbled)]).sync_all, None, "{garbled:?}");
        }
        // Lenient where nothing is guessed: strings for booleans and numbers, any case, nulls.
        let n = read(&[(
            "syncnotificationsettings",
            r#"{"Enabled":"True","Recipients":null,"DeleteThresholdValue":"250"}"#,
        )]);
        let n = n.notification.unwrap();
        assert!(n.email_on_failure && !n.prevent_deletions && n.recipients.is_empty());
        assert_eq!(n.deletion_threshold, Some(250));
        assert_eq!(read(&[("SyncAll", " TRUE ")]).sync_all, Some(true));
    }

    #[test]
    fn an_edit_changes_only_its_value() {
        let s = SavedSecrets::parse(&body()).unwrap();
        let out = s.with_edits(&[Edit::SyncAll(true)]).unwrap();
        assert_eq!(out.len(), s.pairs.len());
        for (i, ((k, v), (k0, v0))) in out.iter().zip(&s.pairs).enumerate() {
            assert_eq!(k, k0);
            if i == 3 {
                assert_eq!(v, "true");
            } else {
                assert_eq!(v, v0, "{k}");
            }
        }
        let out = s
            .with_edits(&[
                Edit::DeletionThreshold(750),
                Edit::Recipients(" x@y.example; z@w.example ".into()),
            ])
            .unwrap();
        let inner: Value = serde_json::from_str(&out[2].1).unwrap();
        assert_eq!(inner["DeleteThresholdValue"], json!(750));
        assert_eq!(inner["Recipients"], json!("x@y.example; z@w.example"));
        assert_eq!(inner["Enabled"], json!(true));
        assert_eq!(
            inner["HumanResourcesLookaheadQueryEnabled"],
            json!(false),
            "unknown members survive"
        );
        assert!(
            !out[2].1.contains("\": ") && !out[2].1.contains('\n'),
            "compact: {}",
            out[2].1
        );
        for i in [0, 1, 3, 4, 5] {
            assert_eq!(out[i], s.pairs[i]);
        }
        let out = s
            .with_edits(&[Edit::EmailOnFailure(false), Edit::PreventDeletions(false)])
            .unwrap();
        let inner: Value = serde_json::from_str(&out[2].1).unwrap();
        assert_eq!(
            (&inner["Enabled"], &inner["DeleteThresholdEnabled"]),
            (&json!(false), &json!(false))
        );
        // No edits, or edits to the values already there: every string byte-identical.
        assert_eq!(s.with_edits(&[]).unwrap(), s.pairs);
        assert_eq!(
            s.with_edits(&[Edit::SyncAll(false), Edit::DeletionThreshold(500)])
                .unwrap(),
            s.pairs
        );
        assert_eq!(
            s.with_edits(&[Edit::SyncAll(true), Edit::SyncAll(false)])
                .unwrap(),
            s.pairs
        );
        // Members the app sets are added when absent (Microsoft's example has no threshold).
        let s = saved(&[(
            "SyncNotificationSettings",
            r#"{"Enabled":false,"DeleteThresholdEnabled":false,"Other":{"x":[1]}}"#,
        )]);
        let out = s.with_edits(&[Edit::DeletionThreshold(42)]).unwrap();
        assert_eq!(
            out[0].1,
            r#"{"DeleteThresholdEnabled":false,"DeleteThresholdValue":42,"Enabled":false,"Other":{"x":[1]}}"#
        );
    }

    #[test]
    fn refusals() {
        let s = SavedSecrets::parse(&body()).unwrap();
        let refused = |s: &SavedSecrets, e: Edit, says: &str| {
            let err = s
                .with_edits(&[Edit::EmailOnFailure(false), e.clone()])
                .unwrap_err();
            assert!(err.contains(says), "{e:?}: {err}");
        };
        refused(
            &s,
            Edit::DeletionThreshold(0),
            "between 1 and 1,000,000, not 0",
        );
        refused(&s, Edit::DeletionThreshold(1_000_001), "not 1000001");
        for bad in [
            "admin",
            "a@b",
            "a b@c.example",
            "a@b..example",
            "@b.example",
            "a@b.example, c@",
            "<a@b.example>",
            "a@b_c.example",
        ] {
            refused(&s, Edit::Recipients(bad.into()), "is not an email address");
        }
        assert!(
            s.with_edits(&[
                Edit::DeletionThreshold(MAX_THRESHOLD),
                Edit::DeletionThreshold(1)
            ])
            .is_ok()
        );
        for good in [
            "",
            "a@b.example",
            "a.b+c@d-e.example.org; f@g.example,h@i.example;",
            "admin@bücher.example",
        ] {
            assert!(
                s.with_edits(&[Edit::Recipients(good.into())]).is_ok(),
                "{good}"
            );
        }
        // Unreadable or absent settings are never written, nor invented.
        let garbled = saved(&[("SyncNotificationSettings", "{oops"), ("SyncAll", "maybe")]);
        refused(&garbled, Edit::EmailOnFailure(true), "could not be read");
        assert!(
            garbled
                .with_edits(&[Edit::SyncAll(true)])
                .unwrap_err()
                .contains("the scope")
        );
        let absent = saved(&[("BaseAddress", "https://x")]);
        assert!(
            absent
                .with_edits(&[Edit::Recipients("a@b.example".into())])
                .unwrap_err()
                .contains("notification settings")
        );
        assert!(absent.with_edits(&[Edit::SyncAll(false)]).is_err());
        // Hidden credentials: refused even with no edit, and the message names the key, never a value.
        for hidden in ["", "********", "•••••", " *** "] {
            let s = saved(&[
                ("BaseAddress", "https://x"),
                ("secrettoken", hidden),
                ("SyncAll", "false"),
            ]);
            assert_eq!(s.hidden_credentials(), ["secrettoken"]);
            let err = s.with_edits(&[]).unwrap_err();
            assert!(
                err.contains("secrettoken") && err.contains("hidden"),
                "{err}"
            );
        }
        let s = saved(&[("VendorApiKey", "****"), ("Domain", ""), ("Password", "p")]);
        assert_eq!(
            s.hidden_credentials(),
            ["VendorApiKey"],
            "a mask is hidden whatever its key; an empty setting is not"
        );
    }

    #[test]
    fn the_preview_never_shows_a_credential() {
        let s = SavedSecrets::parse(&body()).unwrap();
        let mut p = s.with_edits(&[Edit::SyncAll(true)]).unwrap();
        p.push(("OAUTH2REFRESHTOKEN".into(), "refresh-value".into()));
        p.push(("VendorKey".into(), "vendor-value".into()));
        let text = preview(&p);
        assert!(
            !text.contains("s3cr3t")
                && !text.contains("refresh-value")
                && !text.contains("vendor-value"),
            "{text}"
        );
        assert_eq!(text.matches(HIDDEN).count(), 3, "{text}");
        assert!(text.contains("https://scim.example.com/v2/") && text.contains("contoso.example"));
        assert!(
            text.contains(r#"\"DeleteThresholdValue\":500"#),
            "inner JSON as is: {text}"
        );
        assert!(text.contains("\n  "), "pretty: {text}");
        // The real body carries everything.
        assert_eq!(
            put_body(&p)["value"][1],
            json!({"key": "SecretToken", "value": SECRET})
        );
    }

    #[test]
    fn credential_keys() {
        for k in [
            "Password",
            "SECRETTOKEN",
            "clientsecret",
            "ConsumerSecret",
            "TokenKey",
            "AppKey",
            "Oauth2AccessToken",
        ] {
            assert!(is_credential(k), "{k}");
        }
        for k in [
            "Oauth2RefreshToken",
            "Oauth2ClientSecret",
            "Oauth2AuthorizationCode",
            "ConnectionString",
        ] {
            assert!(is_credential(k), "{k}");
        }
        for k in [
            "BaseAddress",
            "SyncAll",
            "UserName",
            "Oauth2ClientId",
            "TokenExpiration",
            "Domain",
            "",
        ] {
            assert!(!is_credential(k), "{k}");
        }
    }

    #[test]
    fn changes_are_what_the_form_changed() {
        let before = SavedSecrets::parse(&body()).unwrap().settings();
        assert!(changes(&before, &before).is_empty());
        let mut after = before.clone();
        let n = after.notification.as_mut().unwrap();
        n.recipients = "new@b.example".into();
        n.deletion_threshold = Some(10);
        after.sync_all = Some(true);
        assert_eq!(
            changes(&before, &after),
            [
                Edit::Recipients("new@b.example".into()),
                Edit::DeletionThreshold(10),
                Edit::SyncAll(true)
            ]
        );
        assert!(changes(&before, &Settings::default()).is_empty());
        // From an unreadable setting every value is a change, which with_edits then refuses.
        let edits = changes(&Settings::default(), &before);
        assert_eq!(edits.len(), 5);
        assert!(saved(&[("SyncAll", "?")]).with_edits(&edits).is_err());
    }

    /// A small xorshift generator: the property test below needs no new dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    #[test]
    fn property_keys_and_untouched_values_survive_any_edit() {
        let keys = [
            "BaseAddress",
            "SecretToken",
            "Password",
            "SkipOutOfScopeDeletions",
            "Domain",
            "Custom",
        ];
        let values = [
            "x",
            "\"quoted\" \\ é ✓",
            "true",
            "False",
            "{\"a\":1}",
            "https://h/p?q=1&r=2",
        ];
        let notes = [
            r#"{"Enabled":true,"Recipients":"a@b.example","DeleteThresholdValue":500,"Z":[1,{"y":null}]}"#,
            r#"{"Enabled":false,"DeleteThresholdEnabled":false}"#,
            r#"{ "Recipients" : "x@y.example" , "Unknown":"\u00e9" }"#,
            r#"{"Enabled":"True","DeleteThresholdValue":"12","Recipients":null}"#,
            "garbled",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..4000 {
            let mut p: Vec<(String, String)> = (0..rng.below(7))
                .map(|_| {
                    let k = rng.pick(&keys);
                    // A hidden credential (or any mask) refuses the whole edit: 1 in 10.
                    let v = if rng.below(10) == 0 {
                        rng.pick(&["", "***", "••"])
                    } else {
                        rng.pick(&values)
                    };
                    (k.to_owned(), v.to_owned())
                })
                .collect();
            // The two settings, each in 4 of 5 lists (sometimes twice), anywhere, in any case.
            for _ in 0..1 + rng.below(2) {
                for (k, v) in [
                    (NOTIFICATION, rng.pick(&notes)),
                    (SYNC_ALL, rng.pick(&["true", "false", "TRUE", "maybe"])),
                ] {
                    if rng.below(5) > 0 {
                        let k = if rng.below(4) == 0 {
                            k.to_ascii_lowercase()
                        } else {
                            k.to_owned()
                        };
                        p.insert(rng.below(p.len() + 1), (k, v.to_owned()));
                    }
                }
            }
            let s = SavedSecrets { pairs: p };
            let edits: Vec<Edit> = (0..rng.below(4))
                .map(|_| match rng.below(5) {
                    0 => Edit::Recipients(
                        rng.pick(&[
                            "a@b.example",
                            "",
                            "c@d.example;e@f.example",
                            "x@y.example",
                            "bad",
                        ])
                        .into(),
                    ),
                    1 => Edit::EmailOnFailure(rng.below(2) == 0),
                    2 => Edit::PreventDeletions(rng.below(2) == 0),
                    3 => Edit::DeletionThreshold(
                        [0, 1, 500, 501, 1_000_000, 1_000_001, 7, 12][rng.below(8)],
                    ),
                    _ => Edit::SyncAll(rng.below(2) == 0),
                })
                .collect();
            let read = s.settings();
            let invalid = edits.iter().any(|e| {
                matches!(e, Edit::Recipients(r) if r == "bad")
                    || matches!(e, Edit::DeletionThreshold(t) if *t == 0 || *t > MAX_THRESHOLD)
            });
            let unreadable = edits.iter().any(|e| match e {
                Edit::SyncAll(_) => read.sync_all.is_none(),
                _ => read.notification.is_none(),
            });
            let expect_err = invalid || unreadable || !s.hidden_credentials().is_empty();
            match s.with_edits(&edits) {
                Err(e) => assert!(expect_err, "{s:?} {edits:?}: {e}"),
                Ok(out) => {
                    assert!(!expect_err, "{s:?} {edits:?}");
                    let k_in: Vec<_> = s.pairs.iter().map(|p| &p.0).collect();
                    let k_out: Vec<_> = out.iter().map(|p| &p.0).collect();
                    assert_eq!(k_in, k_out);
                    let edited = [
                        (
                            NOTIFICATION,
                            edits.iter().any(|e| !matches!(e, Edit::SyncAll(_))),
                        ),
                        (
                            SYNC_ALL,
                            edits.iter().any(|e| matches!(e, Edit::SyncAll(_))),
                        ),
                    ];
                    for (i, ((_, v0), (_, v))) in s.pairs.iter().zip(&out).enumerate() {
                        let touched = edited.iter().any(|(k, on)| *on && s.find(k) == Some(i));
                        if !touched {
                            assert_eq!(v0, v, "{s:?} {edits:?}");
                        }
                    }
                    // What was set reads back; nothing else of the settings moved.
                    let after = SavedSecrets { pairs: out }.settings();
                    assert!(
                        changes(&read, &after).iter().all(|c| edits.contains(c)),
                        "{s:?} {edits:?}"
                    );
                    if let Some(Edit::SyncAll(all)) =
                        edits.iter().rev().find(|e| matches!(e, Edit::SyncAll(_)))
                    {
                        assert_eq!(after.sync_all, Some(*all));
                    }
                }
            }
        }
    }
}

//! Restart: the reset scope flag set (`synchronizationJobRestartScope`) and
//! the restart criteria (`synchronizationJobRestartCriteria`).
//!
//! `POST .../jobs/{jobId}/restart` takes
//! `{ "criteria": { "resetScope": "Watermark, Escrows, QuarantineState" } }`.
//! The CSDL type of `resetScope` is a flags enum; on the wire it is a
//! comma-separated list of member names:
//!
//! | Member | Value | Meaning |
//! |---|---|---|
//! | `None` | 0 | no flag (never offered: to resume a job, use Start) |
//! | `ConnectorDataStore` | 1 | clears the connector data store; Microsoft says: only on support's advice |
//! | `Escrows` | 2 | drops the failed entries waiting for retry |
//! | `Watermark` | 4 | drops the delta watermark: every object is re-evaluated |
//! | `QuarantineState` | 8 | lifts the quarantine for now |
//! | `Full` | 15 | `ConnectorDataStore` + `Escrows` + `Watermark` + `QuarantineState` (includes the "do not use" bit) |
//! | `ForceDeletes` | 32 | pushes through deletions held back by accidental-deletion prevention |
//!
//! An empty scope (`""`) is what the Entra admin center's Restart button does
//! and what Microsoft recommends in most cases.

use std::fmt;
use std::ops::{BitAnd, BitOr, BitOrAssign, Sub};
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use syncdeck_i18n::{n_, tf, tr};

/// A set of `synchronizationJobRestartScope` flags. Only the five known bits
/// can be set, so every value has a wire form; the empty set is the portal's
/// Restart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct RestartScope(u32);

/// The members in canonical (ascending CSDL value) order, with their bits.
const MEMBERS: [(&str, u32); 5] = [
    ("ConnectorDataStore", 1),
    ("Escrows", 2),
    ("Watermark", 4),
    ("QuarantineState", 8),
    ("ForceDeletes", 32),
];

/// Every member name `parse_wire` accepts, for error messages.
const ACCEPTED: &str =
    "None, ConnectorDataStore, Escrows, Watermark, QuarantineState, Full, ForceDeletes";

impl RestartScope {
    /// The empty set (`None` = 0): the portal's Restart.
    pub const EMPTY: RestartScope = RestartScope(0);
    /// `ConnectorDataStore` (1).
    pub const CONNECTOR_DATA_STORE: RestartScope = RestartScope(1);
    /// `Escrows` (2).
    pub const ESCROWS: RestartScope = RestartScope(2);
    /// `Watermark` (4).
    pub const WATERMARK: RestartScope = RestartScope(4);
    /// `QuarantineState` (8).
    pub const QUARANTINE_STATE: RestartScope = RestartScope(8);
    /// `Full` (15): `ConnectorDataStore | Escrows | Watermark |
    /// QuarantineState`. Note it includes `ConnectorDataStore`.
    pub const FULL: RestartScope = RestartScope(15);
    /// `ForceDeletes` (32). Not part of `Full`.
    pub const FORCE_DELETES: RestartScope = RestartScope(32);
    /// Every known bit (47).
    pub const ALL: RestartScope = RestartScope(47);

    /// What the restart dialog offers, in display order: `Escrows`,
    /// `Watermark`, `QuarantineState`, `ForceDeletes`, then
    /// `ConnectorDataStore` with `advanced: true` (show it behind an "only on
    /// Microsoft support's advice" section). `None` and `Full` are never
    /// offered.
    pub const OFFERED: &'static [RestartOption] = &[
        RestartOption {
            scope: RestartScope::ESCROWS,
            graph_name: "Escrows",
            explanation: n_!(
                "Clears the escrows: the entries that failed and are waiting to be retried. The service stops retrying them; they are processed again in the new cycle."
            ),
            advanced: false,
            needs_typed_confirmation: false,
        },
        RestartOption {
            scope: RestartScope::WATERMARK,
            graph_name: "Watermark",
            explanation: n_!(
                "Drops the watermark, the point up to which changes were processed, so the next cycle re-evaluates every object instead of only what changed."
            ),
            advanced: false,
            needs_typed_confirmation: false,
        },
        RestartOption {
            scope: RestartScope::QUARANTINE_STATE,
            graph_name: "QuarantineState",
            explanation: n_!(
                "Lifts the quarantine for now, so the job runs on its normal schedule again. If the cause is not fixed, it goes back into quarantine."
            ),
            advanced: false,
            needs_typed_confirmation: false,
        },
        RestartOption {
            scope: RestartScope::FORCE_DELETES,
            graph_name: "ForceDeletes",
            explanation: n_!(
                "Pushes through the deletions that accidental-deletion prevention held back because there were more than the threshold allows. Destructive: those accounts are deleted or disabled in the target app."
            ),
            advanced: false,
            needs_typed_confirmation: true,
        },
        RestartOption {
            scope: RestartScope::CONNECTOR_DATA_STORE,
            graph_name: "ConnectorDataStore",
            explanation: n_!(
                "Clears the connector data store, the provisioning service's cache of every object in the target app. Microsoft says not to use it unless Microsoft support asks you to."
            ),
            advanced: true,
            needs_typed_confirmation: true,
        },
    ];

    /// What an empty scope does, in words (the dialog's default).
    pub const PORTAL_RESTART_EXPLANATION: &'static str = n_!(
        "With no option selected, Restart does what the Entra admin center's Restart button does (about the same as QuarantineState, Watermark and Escrows together): the next cycle processes every object again. Microsoft recommends this in most cases."
    );

    /// [`Self::PORTAL_RESTART_EXPLANATION`] in the current language.
    pub fn portal_restart_explanation() -> &'static str {
        tr(Self::PORTAL_RESTART_EXPLANATION)
    }

    /// The bits (CSDL values OR-ed together).
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// The set with these bits, or `None` when a bit is not a known member
    /// (16, 64, ...).
    pub const fn from_bits(bits: u32) -> Option<RestartScope> {
        if bits & !RestartScope::ALL.0 == 0 {
            Some(RestartScope(bits))
        } else {
            None
        }
    }

    /// The set with the known bits of `bits`; unknown bits are dropped.
    pub const fn from_bits_truncate(bits: u32) -> RestartScope {
        RestartScope(bits & RestartScope::ALL.0)
    }

    /// True for the empty set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// True when every flag of `other` is in `self`.
    pub const fn contains(self, other: RestartScope) -> bool {
        self.0 & other.0 == other.0
    }

    /// True when `self` and `other` share a flag.
    pub const fn intersects(self, other: RestartScope) -> bool {
        self.0 & other.0 != 0
    }

    /// The flags of both.
    pub const fn union(self, other: RestartScope) -> RestartScope {
        RestartScope(self.0 | other.0)
    }

    /// Adds the flags of `other`.
    pub fn insert(&mut self, other: RestartScope) {
        self.0 |= other.0;
    }

    /// Removes the flags of `other`.
    pub fn remove(&mut self, other: RestartScope) {
        self.0 &= !other.0;
    }

    /// Adds `other` when `on`, else removes it (for a checkbox).
    pub fn set(&mut self, other: RestartScope, on: bool) {
        if on {
            self.insert(other);
        } else {
            self.remove(other);
        }
    }

    /// How many flags are set.
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The Graph names of the flags, in canonical order (ascending CSDL
    /// value: `ConnectorDataStore`, `Escrows`, `Watermark`,
    /// `QuarantineState`, `ForceDeletes`).
    pub fn member_names(self) -> impl Iterator<Item = &'static str> {
        MEMBERS
            .iter()
            .filter(move |(_, bit)| self.0 & bit != 0)
            .map(|(name, _)| *name)
    }

    /// The offered options whose flag is in the set, in the order of
    /// [`Self::OFFERED`].
    pub fn options(self) -> impl Iterator<Item = &'static RestartOption> {
        RestartScope::OFFERED
            .iter()
            .filter(move |o| self.contains(o.scope))
    }

    /// The wire form: member names in canonical order (ascending CSDL value)
    /// joined by `", "`, e.g. `"Escrows, Watermark, QuarantineState"`. Each
    /// member is written out, never the composite `Full` (15 is written
    /// `"ConnectorDataStore, Escrows, Watermark, QuarantineState"`); the
    /// empty set is `""`.
    pub fn to_wire(self) -> String {
        self.member_names().collect::<Vec<_>>().join(", ")
    }

    /// Reads the wire form: member names separated by commas, in any order,
    /// case-insensitive, blanks around names ignored, empty items skipped.
    /// `Full` expands to its four bits; `None`, `""` and blank text give the
    /// empty set. A decimal number is read as the bits when all its bits are
    /// known. Anything else is an error that names the bad member.
    pub fn parse_wire(text: &str) -> Result<RestartScope, RestartScopeError> {
        let mut scope = RestartScope::EMPTY;
        for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            scope.insert(parse_member(item)?);
        }
        Ok(scope)
    }

    /// True when a restart with this scope needs the admin to type the app's
    /// name: it includes `ForceDeletes` (deletes accounts) or
    /// `ConnectorDataStore` (so also `Full`).
    pub const fn needs_typed_confirmation(self) -> bool {
        self.intersects(RestartScope(
            RestartScope::FORCE_DELETES.0 | RestartScope::CONNECTOR_DATA_STORE.0,
        ))
    }

    /// True for the empty set: the portal's Restart.
    pub const fn is_portal_restart(self) -> bool {
        self.is_empty()
    }

    /// True when the set includes `ConnectorDataStore` (as `Full` does).
    pub const fn touches_connector_data_store(self) -> bool {
        self.contains(RestartScope::CONNECTOR_DATA_STORE)
    }

    /// True when the set includes an advanced option (one Microsoft says to
    /// use only on support's advice): `ConnectorDataStore`.
    pub const fn is_advanced(self) -> bool {
        self.touches_connector_data_store()
    }

    /// Whether this scope may be applied to several jobs at once. Never with
    /// `ForceDeletes`: forcing deletions is decided one job at a time.
    pub const fn bulk_allowed(self) -> bool {
        !self.contains(RestartScope::FORCE_DELETES)
    }
}

/// One member of the set, or a whole composite (`Full`), from its name or
/// number.
fn parse_member(item: &str) -> Result<RestartScope, RestartScopeError> {
    if item.eq_ignore_ascii_case("None") {
        return Ok(RestartScope::EMPTY);
    }
    if item.eq_ignore_ascii_case("Full") {
        return Ok(RestartScope::FULL);
    }
    if let Some((_, bit)) = MEMBERS.iter().find(|(n, _)| item.eq_ignore_ascii_case(n)) {
        return Ok(RestartScope(*bit));
    }
    if !item.is_empty() && item.bytes().all(|b| b.is_ascii_digit()) {
        return match item.parse::<u32>().ok().and_then(RestartScope::from_bits) {
            Some(scope) => Ok(scope),
            None => Err(RestartScopeError::UnknownValue(item.to_owned())),
        };
    }
    Err(RestartScopeError::UnknownMember(item.to_owned()))
}

/// Why a `resetScope` text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestartScopeError {
    /// A name that is not a member of `synchronizationJobRestartScope`.
    UnknownMember(String),
    /// A number with bits that are not members.
    UnknownValue(String),
}

impl fmt::Display for RestartScopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            RestartScopeError::UnknownMember(m) => tf!(
                "\"{member}\" is not a restart scope; expected a comma-separated list of: {accepted}",
                member = m,
                accepted = ACCEPTED
            ),
            RestartScopeError::UnknownValue(m) => tf!(
                "{value} is not a restart scope value; the known bits are 1, 2, 4, 8 and 32 (ConnectorDataStore, Escrows, Watermark, QuarantineState, ForceDeletes)",
                value = m
            ),
        })
    }
}

impl std::error::Error for RestartScopeError {}

impl RestartScopeError {
    /// The offending member as written.
    pub fn member(&self) -> &str {
        match self {
            RestartScopeError::UnknownMember(m) | RestartScopeError::UnknownValue(m) => m,
        }
    }
}

/// One option of the restart dialog (see [`RestartScope::OFFERED`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestartOption {
    /// The flag (one bit).
    pub scope: RestartScope,
    /// Its Graph name, the start of the checkbox label (`Escrows`, ...).
    pub graph_name: &'static str,
    /// What it does, in plain words.
    pub explanation: &'static str,
    /// True when it belongs behind an "only on Microsoft support's advice"
    /// section (`ConnectorDataStore`).
    pub advanced: bool,
    /// True when choosing it requires typing the app's name to confirm.
    pub needs_typed_confirmation: bool,
}

impl RestartOption {
    /// [`Self::explanation`] in the current language.
    pub fn explanation_text(&self) -> &'static str {
        tr(self.explanation)
    }
}

impl fmt::Display for RestartScope {
    /// Writes [`RestartScope::to_wire`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_wire())
    }
}

impl FromStr for RestartScope {
    type Err = RestartScopeError;

    /// Same as [`RestartScope::parse_wire`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RestartScope::parse_wire(s)
    }
}

impl BitOr for RestartScope {
    type Output = RestartScope;

    /// The union.
    fn bitor(self, rhs: RestartScope) -> RestartScope {
        self.union(rhs)
    }
}

impl BitOrAssign for RestartScope {
    /// Adds the flags of `rhs`.
    fn bitor_assign(&mut self, rhs: RestartScope) {
        self.insert(rhs);
    }
}

impl BitAnd for RestartScope {
    type Output = RestartScope;

    /// The intersection.
    fn bitand(self, rhs: RestartScope) -> RestartScope {
        RestartScope(self.0 & rhs.0)
    }
}

impl Sub for RestartScope {
    type Output = RestartScope;

    /// The flags of `self` that are not in `rhs`.
    fn sub(self, rhs: RestartScope) -> RestartScope {
        RestartScope(self.0 & !rhs.0)
    }
}

impl Serialize for RestartScope {
    /// Writes [`RestartScope::to_wire`] as a JSON string.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_wire())
    }
}

impl<'de> Deserialize<'de> for RestartScope {
    /// Reads the wire form (see [`RestartScope::parse_wire`]), a number of
    /// known bits, or `null` (empty). An unknown member is an error naming it.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RestartScope;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a comma-separated list of restart scope members")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RestartScope, E> {
                RestartScope::parse_wire(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RestartScope, E> {
                u32::try_from(v)
                    .ok()
                    .and_then(RestartScope::from_bits)
                    .ok_or_else(|| E::custom(RestartScopeError::UnknownValue(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RestartScope, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom(RestartScopeError::UnknownValue(v.to_string())))
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<RestartScope, E> {
                Ok(RestartScope::EMPTY)
            }
            fn visit_none<E: de::Error>(self) -> Result<RestartScope, E> {
                Ok(RestartScope::EMPTY)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RestartScope, D::Error> {
                d.deserialize_any(V)
            }
        }
        d.deserialize_any(V)
    }
}

/// The criteria of a restart (`synchronizationJobRestartCriteria`),
/// serialized as `{"resetScope": "<wire form>"}` (`""` for the portal's
/// Restart). The request body is `{"criteria": <this>}`: see
/// [`RestartCriteria::body`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RestartCriteria {
    /// The reset scope.
    pub reset_scope: RestartScope,
}

impl RestartCriteria {
    /// Criteria with this scope.
    pub const fn new(reset_scope: RestartScope) -> Self {
        RestartCriteria { reset_scope }
    }

    /// The whole request body: `{"criteria": {"resetScope": "..."}}`.
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({ "criteria": self })
    }
}

impl Serialize for RestartCriteria {
    /// Writes `{"resetScope": "<wire form>"}`, always with the member (empty
    /// string for the empty set).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("RestartCriteria", 1)?;
        st.serialize_field("resetScope", &self.reset_scope)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_table_matches_the_constants() {
        assert_eq!(
            MEMBERS.iter().map(|(_, b)| b).sum::<u32>(),
            RestartScope::ALL.bits()
        );
        assert_eq!(
            RestartScope::FULL,
            RestartScope::CONNECTOR_DATA_STORE
                | RestartScope::ESCROWS
                | RestartScope::WATERMARK
                | RestartScope::QUARANTINE_STATE
        );
        for name in ACCEPTED.split(", ") {
            assert!(RestartScope::parse_wire(name).is_ok(), "{name}");
        }
    }
}

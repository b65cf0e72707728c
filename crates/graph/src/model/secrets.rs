//! Credentials and settings of a service principal's synchronization
//! (`PUT /servicePrincipals/{id}/synchronization/secrets`).
//!
//! Secret values never appear in `Debug` output (so not in logs, panics or
//! test failure messages): they print as `<redacted>`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::enums::SynchronizationSecret;
use crate::lenient::vec_lenient;

/// Text printed by `Debug` in place of a secret value.
pub const REDACTED: &str = "<redacted>";

/// One credential or setting (`synchronizationSecretKeyStringValuePair`),
/// e.g. `BaseAddress` = `https://scim.example.com/v2`.
///
/// `Debug` prints the key but never the value.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SynchronizationSecretKeyStringValuePair {
    /// Which secret this is; unknown keys are kept.
    pub key: SynchronizationSecret,
    /// The value (nullable; `SyncAll` holds `"true"`/`"false"`,
    /// `SyncNotificationSettings` a JSON string).
    pub value: Option<String>,
}

impl SynchronizationSecretKeyStringValuePair {
    /// A pair with this key and value.
    pub fn new(key: SynchronizationSecret, value: impl Into<String>) -> Self {
        SynchronizationSecretKeyStringValuePair {
            key,
            value: Some(value.into()),
        }
    }
}

impl fmt::Debug for SynchronizationSecretKeyStringValuePair {
    /// Prints the key, and `Some("<redacted>")` or `None` for the value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SynchronizationSecretKeyStringValuePair")
            .field("key", &self.key)
            .field("value", &self.value.as_ref().map(|_| REDACTED))
            .finish()
    }
}

/// The body of `PUT /servicePrincipals/{id}/synchronization/secrets`:
/// `{ "value": [ {"key": ..., "value": ...}, ... ] }`.
///
/// The wire property is `value`, although the v1.0 doc's parameter table
/// calls it `credentials` (that name belongs to `validateCredentials`).
/// `Debug` redacts every value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SecretsPutBody {
    /// The secrets to store.
    #[serde(default, deserialize_with = "vec_lenient")]
    pub value: Vec<SynchronizationSecretKeyStringValuePair>,
}

impl SecretsPutBody {
    /// A body with these pairs.
    pub fn new(value: Vec<SynchronizationSecretKeyStringValuePair>) -> Self {
        SecretsPutBody { value }
    }

    /// The value of a secret by key (the first pair with that key).
    pub fn get(&self, key: &SynchronizationSecret) -> Option<&str> {
        self.value
            .iter()
            .find(|p| &p.key == key)
            .and_then(|p| p.value.as_deref())
    }
}

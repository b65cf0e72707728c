//! Identifiers: deterministic ones for the demo tenant, random ones for requests.
//!
//! The GUIDs are [`uuid`]'s; the hash that derives the deterministic ones from
//! names (FNV-1a with a splitmix64 finaliser) stays this crate's own: every id
//! of the demo and generated tenants, and every time fraction and choice made
//! from [`stable_u64`], comes from it, so another hash (a name-based UUID v5
//! included) would change them all.

use uuid::{Builder, Uuid};

/// 64-bit FNV-1a of `bytes`, then a splitmix64 finaliser for good bit spread.
fn hash64(seed: u64, bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut z = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn hash128(name: &str) -> u128 {
    let hi = hash64(0x5eed_0001, name.as_bytes());
    let lo = hash64(0x5eed_0002, name.as_bytes());
    (u128::from(hi) << 64) | u128::from(lo)
}

/// A 64-bit number derived from `name` (same name, same number, every run).
pub fn stable_u64(name: &str) -> u64 {
    hash64(0x5eed_0003, name.as_bytes())
}

/// 32 lower-case hex digits derived from `name` (same name, same digits, every run).
pub fn stable_hex32(name: &str) -> String {
    Uuid::from_u128(hash128(name)).simple().to_string()
}

/// A version-4-shaped GUID derived from `name` (same name, same GUID, every run):
/// the 128 bits of its hash with the version (4) and variant (RFC 4122) bits set,
/// so it looks like any Entra object id.
pub fn stable_guid(name: &str) -> String {
    Builder::from_random_bytes(hash128(name).to_be_bytes())
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// A fresh random GUID, for `request-id`.
pub fn random_guid() -> String {
    Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_ids_keep_their_values() {
        // Slack's object id and job id in the demo tenant: a change here changes
        // every id it serves (these values come from the hand-made GUIDs uuid replaced).
        assert_eq!(
            stable_guid("sp:Slack"),
            "515dc773-5ff2-4ddc-a7f3-1c008121449b"
        );
        assert_eq!(
            stable_hex32("job:Slack"),
            "784c6cd52aaa35ba993dabd0ce739bfe"
        );
        assert_eq!(stable_u64("x"), 8_737_897_916_808_075_984);
    }

    #[test]
    fn stable_ids_are_stable_and_distinct() {
        assert_eq!(stable_guid("a"), stable_guid("a"));
        assert_ne!(stable_guid("a"), stable_guid("b"));
        let g = stable_guid("x");
        assert_eq!(g.len(), 36);
        assert_eq!(&g[14..15], "4");
        assert!(matches!(&g[19..20], "8" | "9" | "a" | "b"));
        let h = stable_hex32("x");
        assert_eq!(h.len(), 32);
        assert!(
            h.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
    }
}

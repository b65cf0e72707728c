//! Identifiers: deterministic ones for the demo tenant, random ones for requests.

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
    format!("{:032x}", hash128(name))
}

/// A version-4-shaped GUID derived from `name` (same name, same GUID, every run).
pub fn stable_guid(name: &str) -> String {
    let mut v = hash128(name);
    // Set the version (4) and variant (10xx) bits so it looks like any Entra object id.
    v &= !(0xf_u128 << 76);
    v |= 0x4_u128 << 76;
    v &= !(0x3_u128 << 62);
    v |= 0x2_u128 << 62;
    let s = format!("{v:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &s[0..8],
        &s[8..12],
        &s[12..16],
        &s[16..20],
        &s[20..32]
    )
}

/// A fresh random GUID, for `request-id`.
pub fn random_guid() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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

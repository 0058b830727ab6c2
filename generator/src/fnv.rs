// FNV-1a, shared by the crate and its build script (which `include!`s this
// file, so it holds items only and no inner attributes).

/// The FNV-1a starting value.
pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: a hash whose value never changes between Rust versions or
/// machines, for fingerprints recorded in files.
pub(crate) fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

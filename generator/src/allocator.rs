//! Settings for mimalloc, the global allocator of the `specgen` binary, the
//! build scripts and the benchmarks (each declares it; this crate does not).

/// `mi_option_purge_delay` in mimalloc 3's option enum (libmimalloc-sys
/// names no constant for it); a test checks it reads that option's default.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc (version 3) hands freed pages back to the OS a second after they
/// are freed. A run frees the spec's memory while it builds the model, then
/// emits at full speed; with 1 ms the pages go back before emission piles
/// new ones on them, and the peak resident memory stays near the live heap
/// (10,000 operations: about 175 MiB instead of about 200 MiB). Call it first
/// thing in a program whose global allocator is mimalloc; elsewhere it only
/// sets an option of an allocator that is not used.
pub fn return_freed_memory_promptly() {
    // SAFETY: sets a documented mimalloc option to a value in its range; options
    // may be set at any time and take effect on the next purge.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reads a mimalloc option.
        let default = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(default, 1000, "mimalloc 3's default purge delay (ms); is the option's number still 15?");
        return_freed_memory_promptly();
        // SAFETY: as above.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }, 1);
    }
}

//! Workflows that span several generated operations. Single operations are
//! generated from the spec; a sequence with its own rules (part sizes, the
//! order of calls, what to carry from one answer to the next request) is
//! written here, on top of the generated client.

pub mod zoom_clips;

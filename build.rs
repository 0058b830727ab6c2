//! Regenerates `generated/` from `spec/` when the `regenerate` feature is on
//! (the default). Only files whose content changed are written, so an
//! unchanged spec leaves the tree and its timestamps alone; a build of this
//! crate as a dependency never writes into its sources. A spec error stops
//! the build with every problem located by file and line.

/// Generation stays linear in the operations with mimalloc (glibc's malloc
/// slows down as a large model fragments the heap).
#[cfg(feature = "regenerate")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "regenerate")]
    {
        specgen::allocator::return_freed_memory_promptly();
        specgen::Generator::new("spec").build_script("generated");
    }
}

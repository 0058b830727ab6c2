//! Regenerates `generated/` from `spec/` when the `regenerate` feature is on
//! (the default). Only files whose content changed are written, so an
//! unchanged spec leaves the tree and its timestamps alone. A spec error stops
//! the build with every problem located by file and line.

/// Generation stays linear in the operations with mimalloc (glibc's malloc
/// slows down as a large model fragments the heap).
#[cfg(feature = "regenerate")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "regenerate")]
    regenerate();
}

#[cfg(feature = "regenerate")]
fn regenerate() {
    use std::path::Path;

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = root.join("spec");
    // Watching the folder reruns on any change inside it, new files included.
    println!("cargo:rerun-if-changed={}", spec.display());
    match specgen::Generator::new(&spec).generate(root.join("generated")) {
        Ok(report) => {
            for path in report.written.iter().chain(&report.removed) {
                println!("cargo:warning=regenerated generated/{path}");
            }
        }
        Err(error) => {
            // Cargo shows a failed build script's stderr: the located diagnostics.
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}

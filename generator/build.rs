//! Fingerprints the generator's own source, so that a regeneration whose
//! inputs are unchanged is skipped only when the generator is unchanged too.

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    // The sources alone: `cargo package` rewrites Cargo.toml, and a published
    // copy of the generator must give the fingerprint its checkout gives.
    collect(&root.join("src"), &mut files);
    files.sort();
    let mut hash = FNV_OFFSET;
    for file in &files {
        let rel = file.strip_prefix(root).unwrap_or(file).to_string_lossy().replace('\\', "/");
        hash = fnv1a(hash, rel.as_bytes());
        hash = fnv1a(hash, &std::fs::read(file).unwrap_or_default());
        println!("cargo:rerun-if-changed={}", file.display());
    }
    println!("cargo:rerun-if-changed={}", root.join("src").display());
    println!("cargo:rustc-env=SPECGEN_SOURCE_HASH={hash:016x}");
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

include!("src/fnv.rs");

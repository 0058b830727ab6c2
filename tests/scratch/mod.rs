//! Cargo runs on scratch crates (fixtures, imported documents, `specgen init`
//! output), all with one target folder and one set of flags so that their
//! dependencies compile once and are shared.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// `scratch` inside the target folder this test binary was built in
/// (`<target>/debug/deps/<test>`), so a shared `CARGO_TARGET_DIR` is honoured.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let target = exe.ancestors().nth(3).expect("the test binary lies in <target>/<profile>/deps");
    target.join("scratch")
}

/// `cargo` in `dir`, with the scratch target folder, warnings denied, and
/// neither debug information nor incremental state: scratch builds are linked
/// once and never debugged, and both would multiply their size on disk.
pub fn cargo(dir: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .env("CARGO_PROFILE_TEST_DEBUG", "false")
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTDOCFLAGS")
        .env_remove(specgen::build_script::OVERRIDE);
    command
}

/// A progress line on the terminal, not captured by the test harness: these
/// builds take minutes and should not run without a word.
pub fn progress(started: Instant, what: &str) {
    let _ = writeln!(std::io::stderr().lock(), "    [{:>4}s] {what}", started.elapsed().as_secs());
}

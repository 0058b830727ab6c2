//! Generation from a crate's `build.rs`: paths taken from the package, the
//! crate name from cargo, `rerun-if-changed` lines, and the rule that decides
//! whether the build may write into the package's sources at all.
//!
//! The rule: a package's sources are rewritten only while the package is
//! being developed, never in a copy that cargo made of it for a dependent
//! (a registry or git checkout, a vendored or packaged copy), which must stay
//! as it was published. A package is taken to be developed when its folder is
//! writable, not under `CARGO_HOME`, and holds none of the files cargo leaves
//! in its copies (`.cargo-checksum.json` of `cargo vendor`,
//! `.cargo_vcs_info.json` and `Cargo.toml.orig` of `cargo package`), wherever
//! the target folder is (a shared `CARGO_TARGET_DIR` included).
//! `SPECGEN_REGENERATE=always` or `never` overrides the rule.

use std::path::{Path, PathBuf};

use crate::{Error, Generator, WriteReport};

/// The environment variable that overrides the rule: `always` or `never`.
pub const OVERRIDE: &str = "SPECGEN_REGENERATE";

/// What a build script run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildOutcome {
    /// The package is being developed: the output was brought up to date.
    Generated(WriteReport),
    /// The package is built as a dependency (or regeneration is turned off):
    /// nothing was written. `fresh` tells whether the output in the sources
    /// matches the spec and the generator.
    Left {
        /// Why the sources were not written.
        reason: String,
        /// Whether the output on disk is that of the spec and generator.
        fresh: bool,
    },
}

/// Whether this build may write into the package's sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sources {
    /// Yes: the package is being developed.
    Write,
    /// No, for the reason given.
    Leave(String),
}

/// The facts the rule reads, from cargo's environment in a build script.
#[derive(Debug, Clone, Default)]
pub struct BuildEnv {
    /// `CARGO_MANIFEST_DIR`: the package's folder.
    pub manifest_dir: PathBuf,
    /// `OUT_DIR`: where this build keeps its own files.
    pub out_dir: Option<PathBuf>,
    /// `CARGO_HOME` (default `~/.cargo`): where registry and git checkouts live.
    pub cargo_home: Option<PathBuf>,
    /// A file in the package's folder that cargo leaves in the copies it
    /// makes (vendored or packaged), when there is one.
    pub copy_marker: Option<&'static str>,
    /// Whether the package's folder cannot be written.
    pub read_only: bool,
    /// The value of [`OVERRIDE`].
    pub override_value: Option<String>,
}

impl BuildEnv {
    /// Reads cargo's environment; `None` outside a build script.
    pub fn from_cargo() -> Option<BuildEnv> {
        let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
        let out_dir = std::env::var_os("OUT_DIR").map(PathBuf::from);
        Some(BuildEnv {
            copy_marker: copy_marker(&manifest_dir),
            read_only: std::fs::metadata(&manifest_dir).is_ok_and(|m| m.permissions().readonly()),
            out_dir,
            cargo_home,
            override_value: std::env::var(OVERRIDE).ok(),
            manifest_dir,
        })
    }

    /// The rule described in this module's docs.
    pub fn sources(&self) -> Sources {
        match self.override_value.as_deref().map(str::trim) {
            Some("always") => return Sources::Write,
            Some("never") => return Sources::Leave(format!("{OVERRIDE}=never")),
            _ => {}
        }
        let manifest = normalize(&self.manifest_dir);
        if let Some(home) = &self.cargo_home {
            if manifest.starts_with(normalize(home)) {
                return Sources::Leave(
                    "the package is a checkout under CARGO_HOME (a registry or git dependency)".into(),
                );
            }
        }
        if self.out_dir.is_none() {
            return Sources::Leave("OUT_DIR is not set: not running as a build script".into());
        }
        if let Some(marker) = self.copy_marker {
            return Sources::Leave(format!("the package is a copy cargo made for a dependent (it has `{marker}`)"));
        }
        if self.read_only {
            return Sources::Leave(format!("the package's folder {} is read-only", self.manifest_dir.display()));
        }
        Sources::Write
    }
}

/// Files cargo leaves in the copies of a package it makes: `cargo vendor`'s
/// checksums, and `cargo package`'s VCS record and original manifest.
const COPY_MARKERS: [&str; 3] = [".cargo-checksum.json", ".cargo_vcs_info.json", "Cargo.toml.orig"];

/// The first of [`COPY_MARKERS`] in `package`.
fn copy_marker(package: &Path) -> Option<&'static str> {
    COPY_MARKERS.into_iter().find(|marker| package.join(marker).exists())
}

/// The path with symbolic links resolved where it exists, so that a
/// `starts_with` compares the same spelling.
fn normalize(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

impl Generator {
    /// Regenerates from a `build.rs`, as `prost_build::compile_protos` does:
    ///
    /// ```no_run
    /// // The whole `main` of a build.rs:
    /// specgen::Generator::new("spec").build_script("generated");
    /// ```
    ///
    /// Relative paths are taken from the package's folder; the crate name
    /// (for the examples in docs) is the package's, unless
    /// [`crate_name`](Generator::crate_name) set one; cargo is told to rerun
    /// the script when anything under the spec folder changes. Only changed
    /// files are written, and only while the package is being developed (see
    /// [`BuildEnv::sources`]): a crate built as a dependency never has its
    /// sources rewritten. The package's `Cargo.toml` gets every API and
    /// group feature it lacks (see [`Generator::manifest`]). A spec error
    /// prints every located diagnostic and fails the build; files written
    /// and features declared are listed as cargo warnings.
    pub fn build_script(self, out_dir: impl AsRef<Path>) {
        match self.try_build_script(out_dir) {
            Ok(BuildOutcome::Generated(report)) => {
                for path in report.written.iter().chain(&report.removed) {
                    println!("cargo:warning=specgen regenerated {path}");
                }
                for feature in &report.declared {
                    println!("cargo:warning=specgen declared the cargo feature `{feature}` in Cargo.toml");
                }
            }
            Ok(BuildOutcome::Left { reason, fresh: false }) => {
                println!("cargo:warning=the specgen output is older than its spec and was not rewritten: {reason}");
            }
            Ok(BuildOutcome::Left { fresh: true, .. }) => {}
            Err(error) => {
                // Cargo shows a failed build script's stderr: the located diagnostics.
                eprintln!("{error}");
                std::process::exit(1);
            }
        }
    }

    /// [`build_script`](Generator::build_script) without printing or exiting.
    pub fn try_build_script(self, out_dir: impl AsRef<Path>) -> Result<BuildOutcome, Error> {
        let env = BuildEnv::from_cargo().ok_or_else(|| {
            Error::Io(std::io::Error::other("CARGO_MANIFEST_DIR is not set: not running as a build script"))
        })?;
        self.build_with(&env, out_dir.as_ref())
    }

    /// The build script's work with its environment given (for tests).
    pub fn build_with(mut self, env: &BuildEnv, out_dir: &Path) -> Result<BuildOutcome, Error> {
        let spec = env.manifest_dir.join(&self.spec_dir);
        let out = env.manifest_dir.join(out_dir);
        // Watching the folder reruns on any change inside it, new files included.
        println!("cargo:rerun-if-changed={}", spec.display());
        println!("cargo:rerun-if-env-changed={OVERRIDE}");
        self.spec_dir = spec;
        if self.crate_name.is_none() {
            if let Ok(name) = std::env::var("CARGO_PKG_NAME") {
                self = self.crate_name(name);
            }
        }
        if self.manifest.is_none() {
            self.manifest = Some(env.manifest_dir.join("Cargo.toml"));
        }
        match env.sources() {
            Sources::Write => self.generate(&out).map(BuildOutcome::Generated),
            Sources::Leave(reason) => Ok(BuildOutcome::Left { reason, fresh: self.is_fresh(&out) }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(manifest: &str, out: &str) -> BuildEnv {
        BuildEnv {
            manifest_dir: manifest.into(),
            out_dir: Some(out.into()),
            cargo_home: Some("/home/u/.cargo".into()),
            copy_marker: None,
            read_only: false,
            override_value: None,
        }
    }

    #[test]
    fn a_package_is_developed_wherever_its_target_folder_is() {
        for out in ["/src/demo/target/debug/build/demo-1/out", "/shared/target/debug/build/demo-1/out"] {
            assert_eq!(env("/src/demo", out).sources(), Sources::Write, "{out}");
        }
    }

    #[test]
    fn vendored_packaged_and_read_only_copies_are_left_alone() {
        for marker in COPY_MARKERS {
            let mut e = env("/src/app/vendor/demo", "/src/app/target/debug/build/demo-1/out");
            e.copy_marker = Some(marker);
            assert!(matches!(e.sources(), Sources::Leave(reason) if reason.contains(marker)), "{marker}");
        }
        let mut e = env("/nix/store/abc-demo", "/tmp/target/debug/build/demo-1/out");
        e.read_only = true;
        assert!(matches!(e.sources(), Sources::Leave(reason) if reason.contains("read-only")));
    }

    #[test]
    fn the_markers_are_found_in_the_package_folder() {
        let dir = std::env::temp_dir().join(format!("specgen-markers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(".cargo-checksum.json"), "{}").unwrap();
        assert_eq!(copy_marker(&dir), Some(".cargo-checksum.json"));
        std::fs::remove_file(dir.join(".cargo-checksum.json")).unwrap();
        assert_eq!(copy_marker(&dir), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn registry_and_git_checkouts_are_left_alone() {
        for manifest in ["/home/u/.cargo/registry/src/index-1/demo-0.1.0", "/home/u/.cargo/git/checkouts/demo-1/abc"] {
            // Even with the target folder inside the checkout.
            let e = env(manifest, &format!("{manifest}/target/debug/build/demo-1/out"));
            assert!(matches!(e.sources(), Sources::Leave(reason) if reason.contains("CARGO_HOME")), "{manifest}");
        }
    }

    #[test]
    fn the_override_decides_either_way() {
        let mut e = env("/src/app/vendor/demo", "/elsewhere/target/debug/build/demo-1/out");
        e.copy_marker = Some(".cargo-checksum.json");
        e.override_value = Some("always".into());
        assert_eq!(e.sources(), Sources::Write);
        let mut e = env("/src/demo", "/src/demo/target/debug/build/demo-1/out");
        e.override_value = Some("never".into());
        assert!(matches!(e.sources(), Sources::Leave(_)));
    }

    #[test]
    fn without_out_dir_nothing_is_written() {
        let mut e = env("/src/demo", "");
        e.out_dir = None;
        assert!(matches!(e.sources(), Sources::Leave(_)));
    }
}

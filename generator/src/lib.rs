//! `specgen` turns YAML API specs into typed async Rust clients.
//!
//! The pipeline has one module per stage:
//! [`load`] (YAML → spec structs, with positions) → [`validate`] (every check,
//! every problem reported) → [`model`] (resolved names and types) →
//! [`emit_rust`] (quote → syn → prettyplease) → [`output`] (write changed files).
//!
//! ```no_run
//! let report = specgen::Generator::new("spec").generate("generated")?;
//! println!("{} files written", report.written.len());
//! # Ok::<(), specgen::Error>(())
//! ```

pub mod allocator;
pub mod build_script;
pub mod diag;
pub mod diff;
mod docs_text;
pub mod emit_docs;
pub mod emit_openapi;
pub mod emit_rust;
pub mod emit_tests;
pub mod examples;
mod fnv;
mod ident;
pub mod import;
pub mod init;
pub mod load;
pub mod manifest;
pub mod model;
pub mod output;
pub mod schema;
pub mod spec;
pub mod validate;

use std::fmt;
use std::path::{Path, PathBuf};

pub use build_script::{BuildEnv, BuildOutcome};
pub use diag::{Diagnostic, Diagnostics};
pub use emit_tests::{conformance_test, contract_test};
pub use model::Model;
pub use output::{OutputFile, WriteReport};

/// Emission found a problem that validation should have caught: a generator bug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError(pub String);

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "internal generator error: {}", self.0)
    }
}

impl std::error::Error for EmitError {}

/// Everything generation can fail with.
#[derive(Debug)]
pub enum Error {
    /// The spec has problems; each is located.
    Spec(Diagnostics),
    /// A generator bug.
    Emit(EmitError),
    /// Writing the output failed.
    Io(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(d) => write!(f, "{d}"),
            Error::Emit(e) => write!(f, "{e}"),
            Error::Io(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

impl std::error::Error for Error {}

/// The generator's entry point: a spec folder, then `check`, `emit` or `generate`.
#[derive(Debug, Clone)]
pub struct Generator {
    spec_dir: PathBuf,
    /// `None`: `specgen_clients`, or the package's name in a build script.
    crate_name: Option<String>,
    /// The `Cargo.toml` to declare the features in (the package's in a build script).
    manifest: Option<PathBuf>,
}

impl Generator {
    /// A generator for the spec folder `spec_dir` (one sub-folder per API).
    pub fn new(spec_dir: impl AsRef<Path>) -> Self {
        Generator { spec_dir: spec_dir.as_ref().to_path_buf(), crate_name: None, manifest: None }
    }

    /// The name of the crate the output is compiled in (default
    /// `specgen_clients`, or the package's in [`build_script`](Generator::build_script)),
    /// as the examples in the docs and doctests name it.
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into().replace('-', "_"));
        self
    }

    /// The `Cargo.toml` of the crate the output is compiled in (the
    /// package's in [`build_script`](Generator::build_script)): each run that
    /// emits declares there every API and group feature it lacks, as
    /// [`manifest::declare_in`] does.
    pub fn manifest(mut self, path: impl AsRef<Path>) -> Self {
        self.manifest = Some(path.as_ref().to_path_buf());
        self
    }

    fn crate_name_or_default(&self) -> &str {
        self.crate_name.as_deref().unwrap_or("specgen_clients")
    }

    /// Loads and validates the spec.
    pub fn check(&self) -> Result<Model, Error> {
        finish_check(load::load(&self.spec_dir)).map_err(Error::Spec)
    }

    /// Checks the spec as [`check`](Self::check) does, with the same
    /// diagnostics, and counts what it holds instead of keeping the model:
    /// each operation goes once it is checked, so a large spec is checked in
    /// the memory of its types (`specgen check`).
    pub fn check_summary(&self) -> Result<validate::Summary, Error> {
        finish(load::load(&self.spec_dir), validate::check).map_err(Error::Spec)
    }

    /// Every output file, in memory.
    pub fn emit(&self) -> Result<Vec<OutputFile>, Error> {
        self.emit_model(&self.check()?)
    }

    /// Every output file for a spec held in memory (for fuzzing and tools
    /// that do not keep specs on disk).
    pub fn emit_files(&self, files: load::SpecFiles) -> Result<Vec<OutputFile>, Error> {
        self.emit_model(&check_files(files).map_err(Error::Spec)?)
    }

    fn emit_model(&self, model: &Model) -> Result<Vec<OutputFile>, Error> {
        let mut files = Vec::new();
        self.emit_into(model, &mut |file| {
            files.push(file);
            Ok(())
        })
        .map_err(Error::Emit)?;
        Ok(files)
    }

    /// Every emitter in turn, each file handed to `sink` as soon as it is made
    /// and refused if another file already has its path.
    fn emit_into(
        &self,
        model: &Model,
        sink: &mut dyn FnMut(OutputFile) -> Result<(), EmitError>,
    ) -> Result<(), EmitError> {
        for emitter in EMITTERS {
            self.run_emitter(emitter, model, sink)?;
        }
        Ok(())
    }

    /// One emitter, its files handed to `sink`; a file whose path another of
    /// its files has is refused (the emitters' paths differ by extension).
    fn run_emitter(
        &self,
        emitter: Emitter,
        model: &Model,
        sink: &mut dyn FnMut(OutputFile) -> Result<(), EmitError>,
    ) -> Result<(), EmitError> {
        let mut paths = DistinctPaths::default();
        let mut checked = |file: OutputFile| {
            paths.insert(&file.path)?;
            sink(file)
        };
        match emitter {
            Emitter::Rust => emit_rust::emit_each(model, self.crate_name_or_default(), &mut checked),
            Emitter::Docs => emit_docs::emit_each(model, self.crate_name_or_default(), &mut checked),
            Emitter::OpenApi => emit_openapi::emit_each(model, &mut checked),
        }
    }

    /// Every emitter at once, each on a thread of its own, their files written
    /// by this thread as they come. A file's place in the report and the stamp
    /// is its emitter's and its place among that emitter's files, so both are
    /// the same as when the emitters run in turn. Files wait in a short queue,
    /// so an emitter ahead of the disk waits rather than piling files up.
    fn emit_to_disk(&self, model: &Model, writer: &mut output::Writer) -> Result<(), Error> {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<(output::Place, OutputFile)>(64);
        std::thread::scope(|scope| {
            let runs: Vec<_> = EMITTERS
                .into_iter()
                .enumerate()
                .map(|(index, emitter)| {
                    let sender = sender.clone();
                    scope.spawn(move || {
                        let mut place = 0;
                        self.run_emitter(emitter, model, &mut |file| {
                            place += 1;
                            // The receiver goes only when writing failed; that error is the one reported.
                            sender.send(((index, place), file)).map_err(|_| EmitError("writing stopped".to_owned()))
                        })
                    })
                })
                .collect();
            drop(sender);
            let mut written = Ok(());
            for (place, file) in receiver.iter() {
                if let Err(e) = writer.write_at(place, &file) {
                    written = Err(Error::Io(e));
                    break;
                }
            }
            drop(receiver);
            let emitted: Vec<Result<(), EmitError>> = runs
                .into_iter()
                .map(|run| run.join().unwrap_or_else(|_| Err(EmitError("an emitter panicked".to_owned()))))
                .collect();
            written?;
            emitted.into_iter().collect::<Result<(), EmitError>>().map_err(Error::Emit)
        })
    }

    /// Writes the output under `out_dir`, leaving unchanged files untouched.
    /// Files are written as they are emitted, so the output is never held
    /// in memory all at once. When the spec files, the crate name and the
    /// generator are those of the last run (recorded in
    /// [`output::STAMP`]) and its files are all there, nothing is done.
    pub fn generate(&self, out_dir: impl AsRef<Path>) -> Result<WriteReport, Error> {
        let out_dir = out_dir.as_ref();
        let (files, read_diags, fingerprint, up_to_date) = self.last_run(out_dir);
        if let Some(unchanged) = up_to_date {
            return Ok(WriteReport { unchanged, up_to_date: true, ..WriteReport::default() });
        }
        let (apis, mut diags) = load::load_files(files);
        diags.splice(0..0, read_diags);
        let model = finish_check((apis, diags)).map_err(Error::Spec)?;
        let mut writer = output::Writer::new(out_dir);
        self.emit_to_disk(&model, &mut writer)?;
        let declared = match &self.manifest {
            Some(path) => manifest::declare_in(path, &model)?,
            None => Vec::new(),
        };
        let report = writer.finish_with_stamp(&fingerprint).map_err(Error::Io)?;
        Ok(WriteReport { declared, ..report })
    }

    /// Whether `out_dir` holds the output of this spec and generator, as
    /// [`generate`](Generator::generate) would leave it, without writing.
    pub fn is_fresh(&self, out_dir: impl AsRef<Path>) -> bool {
        self.last_run(out_dir.as_ref()).3.is_some()
    }

    /// The spec files as read, their diagnostics, the run's fingerprint, and
    /// the number of files of the last run when `out_dir` holds its output
    /// for this fingerprint (never when a file could not be read).
    fn last_run(&self, out_dir: &Path) -> (load::SpecFiles, Vec<Diagnostic>, String, Option<usize>) {
        let (files, read_diags) = load::read(&self.spec_dir);
        let fingerprint = self.fingerprint(&files);
        let up_to_date = if read_diags.is_empty() { output::is_up_to_date(out_dir, &fingerprint) } else { None };
        (files, read_diags, fingerprint, up_to_date)
    }

    /// The inputs of a run: the generator's version and source, the crate
    /// name, whether features are declared in a manifest (so that the first
    /// run asked to declare them does), and every spec file.
    fn fingerprint(&self, files: &load::SpecFiles) -> String {
        let mut hash = fnv::fnv1a(fnv::FNV_OFFSET, env!("CARGO_PKG_VERSION").as_bytes());
        hash = fnv::fnv1a(hash, env!("SPECGEN_SOURCE_HASH").as_bytes());
        hash = fnv::fnv1a(hash, self.crate_name_or_default().as_bytes());
        hash = fnv::fnv1a(hash, &[u8::from(self.manifest.is_some())]);
        hash = fnv::fnv1a(hash, &files.fingerprint().to_le_bytes());
        format!("{hash:016x}")
    }
}

/// The emitters, in the order of their files in the report and the stamp.
const EMITTERS: [Emitter; 3] = [Emitter::Rust, Emitter::Docs, Emitter::OpenApi];

#[derive(Debug, Clone, Copy)]
enum Emitter {
    Rust,
    Docs,
    OpenApi,
}

/// Two outputs with one path would overwrite each other; on a file system
/// that ignores case, so would paths that differ only in case.
#[derive(Default)]
struct DistinctPaths(std::collections::HashMap<String, String>);

impl DistinctPaths {
    fn insert(&mut self, path: &str) -> Result<(), EmitError> {
        match self.0.insert(path.to_lowercase(), path.to_owned()) {
            Some(other) => Err(EmitError(format!("two generated files would share the path `{path}` (`{other}`)"))),
            None => Ok(()),
        }
    }
}

/// Validates what was loaded, keeping the loader's diagnostics too.
/// Loads and validates a spec held in memory, as `specgen check` would.
pub fn check_files(files: load::SpecFiles) -> Result<Model, Diagnostics> {
    finish_check(load::load_files(files))
}

fn finish_check(loaded: (Vec<load::LoadedApi>, Vec<Diagnostic>)) -> Result<Model, Diagnostics> {
    finish(loaded, validate::validate)
}

/// What `validate` makes of the loaded APIs, with the diagnostics of loading
/// and of validation together, sorted.
fn finish<T>(
    (apis, mut diags): (Vec<load::LoadedApi>, Vec<Diagnostic>),
    validate: fn(Vec<load::LoadedApi>) -> Result<T, Vec<Diagnostic>>,
) -> Result<T, Diagnostics> {
    match validate(apis) {
        Ok(model) if diags.is_empty() => Ok(model),
        Ok(_) => {
            diags.sort();
            Err(Diagnostics(diags))
        }
        Err(more) => {
            diags.extend(more);
            diags.sort();
            diags.dedup();
            Err(Diagnostics(diags))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_written_by_the_emitter_threads_are_reported_in_emission_order() {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let generator = Generator::new(&spec);
        let emitted: Vec<String> = generator.emit().unwrap().into_iter().map(|f| f.path).collect();
        let mut stamps = Vec::new();
        for _ in 0..3 {
            let out = tempfile::tempdir().unwrap();
            let report = generator.generate(out.path()).unwrap();
            assert_eq!(report.written, emitted);
            let stamp = std::fs::read_to_string(out.path().join(output::STAMP)).unwrap();
            let listed: Vec<&str> = stamp.lines().skip(3).filter_map(|l| l.split_once(' ').map(|(_, p)| p)).collect();
            assert_eq!(listed, emitted);
            stamps.push(stamp);
        }
        assert!(stamps.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn a_write_that_fails_ends_the_run_with_its_error() {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let dir = tempfile::tempdir().unwrap();
        // A file where the output folder should be: no file of the output can be written.
        let out = dir.path().join("out");
        std::fs::write(&out, "kept").unwrap();
        match Generator::new(&spec).generate(&out) {
            Err(Error::Io(_)) => {}
            other => panic!("expected an I/O error, got {other:?}"),
        }
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept");
    }

    #[test]
    fn two_outputs_with_one_path_are_refused() {
        let mut paths = DistinctPaths::default();
        assert!(paths.insert("docs/demo/README.md").is_ok());
        assert!(paths.insert("docs/demo/get.md").is_ok());
        let err = paths.insert("docs/demo/readme.md").unwrap_err();
        assert_eq!(err.0, "two generated files would share the path `docs/demo/readme.md` (`docs/demo/README.md`)");
        assert!(paths.insert("docs/demo/get.md").is_err());
    }
}

//! `specgen import`: OpenAPI 3.0 and 3.1 documents → a spec folder in this
//! project's format, ready for review.
//!
//! Stages: [`document`] reads the documents and everything they refer to;
//! `convert` turns operations and schemas into YAML trees, noting what the
//! format cannot say; [`yaml`] writes the trees (with those notes as
//! comments, when asked). The result is checked exactly as `specgen check` would check
//! it, and nothing is written unless it passes.
//!
//! ```no_run
//! let imported = specgen::import::Importer::new("zoom")
//!     .document("openapi/clips.json")
//!     .import()?;
//! imported.write("spec", false)?;
//! for left_out in &imported.left_out {
//!     println!("{left_out}");
//! }
//! # Ok::<(), specgen::import::ImportError>(())
//! ```

mod convert;
pub mod coverage;
pub mod document;
pub mod prose;
pub(crate) mod untyped;
pub mod yaml;

pub(crate) use convert::{group_name, named_as_file};

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::output::OutputFile;

/// Why an import did not give a spec.
#[derive(Debug)]
pub enum ImportError {
    /// A document cannot be read or is not OpenAPI 3.0/3.1.
    Document {
        /// The document.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A `$ref` that cannot be followed, with [`Importer::skip_broken_refs`]:
    /// the file or the place it names does not exist. Schemas behind it
    /// become `any` JSON; path items, operations, parameters, bodies and
    /// responses behind it are left out; each with a note. (Without
    /// `skip_broken_refs` such a reference is an [`ImportError::Document`].)
    Unresolved {
        /// The document with the reference.
        path: PathBuf,
        /// Where the reference is in it (a JSON pointer).
        pointer: String,
        /// The reference.
        reference: String,
        /// Why it cannot be followed.
        why: String,
    },
    /// The API name is not usable.
    Name(String),
    /// The documents hold no operation.
    Nothing,
    /// Operations asked for with [`Importer::only`] that no document has.
    Unselected(Vec<String>),
    /// The converted spec does not pass `specgen check` (an importer gap):
    /// nothing was written.
    Check(Diagnostics),
    /// The output folder exists and is not empty.
    Exists(PathBuf),
    /// Writing failed.
    Io(std::io::Error),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Document { path, message } => write!(f, "{}: {message}", path.display()),
            ImportError::Unresolved { path, pointer, reference, why } => {
                write!(f, "{}: at {pointer}: `$ref: {reference}` cannot be followed: {why}", path.display())
            }
            ImportError::Name(message) => write!(f, "{message}"),
            ImportError::Nothing => write!(f, "the documents hold no operation"),
            ImportError::Unselected(selectors) => {
                let list: Vec<String> = selectors.iter().map(|s| format!("`{s}`")).collect();
                write!(f, "no operation of the documents is {}", list.join(", "))
            }
            ImportError::Check(d) => {
                write!(f, "the imported spec does not pass `specgen check`, so nothing was written:\n{d}")
            }
            ImportError::Exists(dir) => {
                write!(
                    f,
                    "{} exists and is not empty: import into a new folder, or pass --force to replace it",
                    dir.display()
                )
            }
            ImportError::Io(e) => write!(f, "cannot write the spec: {e}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// Something a document says that the spec format cannot, and where its
/// comment is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The spec file (`clips.yaml`).
    pub file: String,
    /// Where in it (`get_clip.query.limit`).
    pub place: String,
    /// What was left out or changed, and why.
    pub what: String,
    /// What was lost, when the note is about something the spec does not
    /// keep (the coverage report counts the same things from both sides);
    /// `None` for a change or a fact.
    pub loss: Option<Loss>,
}

/// What a note says was lost: the kinds the coverage report counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Loss {
    /// A path item behind a reference that cannot be followed.
    PathItem,
    /// An operation.
    Operation,
    /// A parameter of an operation that was kept.
    Parameter,
    /// A request body.
    RequestBody,
    /// A field of a form body.
    FormField,
    /// A success response's body.
    ResponseBody,
}

impl Loss {
    /// The kind's name in the coverage report (`request_body`).
    pub fn as_str(self) -> &'static str {
        match self {
            Loss::PathItem => "path_item",
            Loss::Operation => "operation",
            Loss::Parameter => "parameter",
            Loss::RequestBody => "request_body",
            Loss::FormField => "form_field",
            Loss::ResponseBody => "response_body",
        }
    }
}

impl fmt::Display for LeftOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.file, self.place, self.what)
    }
}

/// An import: the API's name and the documents it comes from.
#[derive(Debug, Clone)]
pub struct Importer {
    api: String,
    title: Option<String>,
    documents: Vec<PathBuf>,
    skip_broken_refs: bool,
    ref_map: document::RefMap,
    only: Vec<String>,
    server: Option<String>,
    comments: bool,
}

/// An imported API: its spec files, checked, in memory.
#[derive(Debug)]
pub struct Imported {
    /// The API's folder name.
    pub api: String,
    /// `api.yaml`, then one file per group, by file name.
    pub files: Vec<OutputFile>,
    /// Everything left out, in file order.
    pub left_out: Vec<LeftOut>,
    /// The documents' operations imported (an operation made for a second
    /// body kind of one is not counted again).
    pub operations: usize,
    /// Of those, the ones with at least one typed error code.
    pub with_error_codes: usize,
    /// What the documents hold and what the spec kept, counted from both.
    pub coverage: coverage::Coverage,
    /// The checked model of the files, as generation would read it.
    pub model: crate::Model,
}

impl Importer {
    /// An import of the API named `api` (its folder and Rust module name).
    pub fn new(api: impl Into<String>) -> Self {
        Importer {
            api: api.into(),
            title: None,
            documents: Vec::new(),
            skip_broken_refs: false,
            ref_map: document::RefMap::default(),
            only: Vec::new(),
            server: None,
            comments: false,
        }
    }

    /// Adds a document (JSON or YAML, OpenAPI 3.0 or 3.1).
    pub fn document(mut self, path: impl AsRef<Path>) -> Self {
        self.documents.push(path.as_ref().to_path_buf());
        self
    }

    /// The API's human title (default: the first document's `info.title`).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Imports despite `$ref`s that cannot be followed (a missing file, or
    /// a place that does not exist: a vendor's slip): what they name is left
    /// out, with a note each, at whatever depth they stand. Without it such
    /// a reference is an error naming the document, the pointer and the target.
    pub fn skip_broken_refs(mut self, skip: bool) -> Self {
        self.skip_broken_refs = skip;
        self
    }

    /// Reads references to URLs under `prefix` from the folder `dir`
    /// (`https://schemas.example.com/v2/pet.json` from `dir/pet.json` for the
    /// prefix `https://schemas.example.com/v2/`). The longest prefix wins; a
    /// URL no prefix maps is looked up beside the document that names it,
    /// by its last segment. Nothing is ever fetched.
    pub fn ref_map(mut self, prefix: impl Into<String>, dir: impl Into<PathBuf>) -> Self {
        self.ref_map.add(prefix, dir);
        self
    }

    /// Imports only the operations `selector` names (called once per
    /// operation): an `operationId` as written (`Upload Photo`) or in
    /// snake_case (`upload_photo`), or a method and path (`GET /clips/{clipId}`).
    /// Only the types they use are imported. A selector that names no
    /// operation is an error.
    pub fn only(mut self, selector: impl Into<String>) -> Self {
        self.only.push(selector.into());
        self
    }

    /// The API's base URL (`https://api.example.com`), for documents that
    /// give none or a relative one (`/api/v3`), which is then taken under it.
    pub fn server(mut self, url: impl Into<String>) -> Self {
        self.server = Some(url.into());
        self
    }

    /// Writes each note into the spec as a comment where it belongs (and
    /// the documents' names into each file's header), for review. Without
    /// (the default), the notes are only in [`Imported::left_out`] and the
    /// spec says only what the documents say, so that importing its
    /// OpenAPI export gives the same files, byte for byte.
    pub fn comments(mut self, comments: bool) -> Self {
        self.comments = comments;
        self
    }

    /// Reads, converts and checks; writes nothing.
    pub fn import(&self) -> Result<Imported, ImportError> {
        if let Some((message, hint)) = crate::validate::api_name_problem(&self.api) {
            return Err(ImportError::Name(format!("{message}: {hint}")));
        }
        if self.documents.is_empty() {
            return Err(ImportError::Nothing);
        }
        let docs = document::Documents::read(&self.documents, self.skip_broken_refs, &self.ref_map)?;
        // An operation's `x-pagination` (as this tool exports it) is taken
        // as it stands; one that does not fit the operation's parameters and
        // response (a document edited since) is left out, noted, on a second
        // conversion without it.
        let (files, left_out, alternatives, checked) = self.convert(&docs, &HashMap::new())?;
        let (files, left_out, alternatives, model) = match checked {
            Ok(model) => (files, left_out, alternatives, model),
            Err(d) => {
                let unfit = unfit_pagination(&d);
                if unfit.is_empty() {
                    return Err(ImportError::Check(d));
                }
                let (files, left_out, alternatives, checked) = self.convert(&docs, &unfit)?;
                (files, left_out, alternatives, checked.map_err(ImportError::Check)?)
            }
        };
        let selected = |op: &serde_json::Value, method: &str, path: &str| {
            self.only.is_empty()
                || convert::selector_keys(op, method, path).iter().any(|k| self.only.iter().any(|s| s.trim() == k))
        };
        let coverage = coverage::measure(&docs, &model.apis[0], &alternatives, selected);
        drop(docs);
        let operations = model.operation_count().saturating_sub(alternatives.len());
        let with_error_codes = model
            .apis
            .iter()
            .flat_map(|a| &a.groups)
            .flat_map(|g| &g.operations)
            .filter(|op| op.errors.iter().any(|e| !e.codes.is_empty()))
            .count();
        Ok(Imported { api: self.api.clone(), files, left_out, operations, with_error_codes, coverage, model })
    }
}

impl Importer {
    /// Converts the documents (leaving out the `x-pagination` of the
    /// operations `unfit` names) and checks the result as `specgen check` does.
    #[allow(clippy::type_complexity)]
    fn convert(
        &self,
        docs: &document::Documents,
        unfit: &HashMap<String, String>,
    ) -> Result<(Vec<OutputFile>, Vec<LeftOut>, HashSet<String>, Result<crate::Model, Diagnostics>), ImportError> {
        const CONVERTER_STACK: usize = 64 << 20;
        let convert = || {
            let made = typed_arena::Arena::new();
            convert::Converter::new(docs, &made, &self.api)
                .only(&self.only)
                .base_url(self.server.as_deref())
                .comments(self.comments)
                .without_pagination(unfit)
                .run(self.title.as_deref())
        };
        // The converter recurses through nested schemas (to a bounded
        // depth): a thread of its own gives it a known stack, whatever thread
        // the caller imports on (an async runtime's workers have 2 MB).
        let (files, left_out, alternatives) = std::thread::scope(|scope| {
            match std::thread::Builder::new().stack_size(CONVERTER_STACK).spawn_scoped(scope, convert) {
                Ok(thread) => thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => convert(),
            }
        })?;
        let spec = crate::load::SpecFiles {
            root: "spec".to_owned(),
            apis: vec![(
                self.api.clone(),
                files.iter().map(|f| (f.path.clone(), Ok(f.contents.clone().into_bytes()))).collect(),
            )],
        };
        let checked = crate::check_files(spec);
        Ok((files, left_out, alternatives, checked))
    }
}

/// The operations whose `pagination` the check refuses, each with the
/// first reason it gives.
fn unfit_pagination(d: &Diagnostics) -> HashMap<String, String> {
    let mut unfit = HashMap::new();
    for diagnostic in &d.0 {
        let op = diagnostic.path.as_deref().and_then(|p| p.strip_prefix("operations."));
        if let Some((op, _)) = op.and_then(|p| p.split_once(".pagination")) {
            unfit.entry(op.to_owned()).or_insert_with(|| diagnostic.message.clone());
        }
    }
    unfit
}

impl Imported {
    /// Writes the API's folder under `spec_dir`. An existing non-empty folder
    /// is refused unless `replace` is set, and then its `.yaml` files are
    /// replaced. The spec format's JSON Schema, which the files name in their
    /// first line, is written beside the API's folder.
    pub fn write(&self, spec_dir: impl AsRef<Path>, replace: bool) -> Result<PathBuf, ImportError> {
        let dir = spec_dir.as_ref().join(&self.api);
        let non_empty = std::fs::read_dir(&dir).map(|mut d| d.next().is_some()).unwrap_or(false);
        if non_empty && !replace {
            return Err(ImportError::Exists(dir));
        }
        std::fs::create_dir_all(&dir).map_err(ImportError::Io)?;
        if non_empty {
            for entry in std::fs::read_dir(&dir).map_err(ImportError::Io)? {
                let path = entry.map_err(ImportError::Io)?.path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    std::fs::remove_file(&path).map_err(ImportError::Io)?;
                }
            }
        }
        for file in &self.files {
            std::fs::write(dir.join(&file.path), &file.contents).map_err(ImportError::Io)?;
        }
        // The schema the files name in their first line.
        std::fs::write(spec_dir.as_ref().join(crate::schema::FILE_NAME), crate::schema::schema_json())
            .map_err(ImportError::Io)?;
        Ok(dir)
    }
}

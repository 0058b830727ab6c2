//! Reading OpenAPI documents and following their `$ref`s, offline.
//!
//! A document is read whole into a JSON value (YAML documents too). Every
//! document another one refers to is read up front, so conversion works on
//! an immutable set. A reference is resolved as a URI reference is, against
//! the file that holds it: `schemas/pet.yaml`, `../common.yaml` and
//! `#/components/…` are found from that file's folder. The importer never
//! fetches anything: an absolute URL is looked up under the folder that a
//! [`RefMap`] maps its prefix to, and without one, as the file of the same
//! name beside the document (vendors publish their documents side by side but
//! refer to each other by their published URLs).

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use super::ImportError;

/// The largest document read. A parsed document takes a few times its size
/// in memory; the largest vendor documents are a few megabytes.
pub const MAX_DOCUMENT: u64 = 64 * 1024 * 1024;

/// The most documents one import reads, and the most bytes in all: a
/// document set split over files is large in number, never without bound.
pub const MAX_DOCUMENTS: usize = 20_000;
const MAX_TOTAL: u64 = 512 * 1024 * 1024;

/// The methods a path item may hold, in OpenAPI's order.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/// The path item extension under which an export keeps the operations a
/// spec describes twice (the same method and path, from two documents of a
/// vendor's set): an OpenAPI path item holds one operation per method. It
/// maps a method to a list of operations.
pub const OTHER_DESCRIPTIONS: &str = "x-other-descriptions";

/// A path item's operations, each with its method and place: those of its
/// methods in OpenAPI's order, then those under [`OTHER_DESCRIPTIONS`]
/// (unfollowed: an operation may itself be a reference).
pub fn item_operations<'v>(item_at: &Loc, item: &'v Value) -> Vec<(&'static str, Loc, &'v Value)> {
    let mut out: Vec<(&'static str, Loc, &'v Value)> =
        METHODS.iter().filter_map(|&m| item.get(m).map(|op| (m, item_at.child(m), op))).collect();
    let others = item.get(OTHER_DESCRIPTIONS).and_then(Value::as_object);
    for (method, ops) in others.into_iter().flatten() {
        let Some(&method) = METHODS.iter().find(|m| **m == method) else { continue };
        let at = item_at.child(OTHER_DESCRIPTIONS).child(method);
        for (i, op) in ops.as_array().into_iter().flatten().enumerate() {
            out.push((method, at.child(i), op));
        }
    }
    out
}

/// URL prefixes and the local folders that hold what they name
/// (`--ref-map https://schemas.example.com/v2/=vendor/v2`).
#[derive(Debug, Clone, Default)]
pub struct RefMap(Vec<(String, PathBuf)>);

impl RefMap {
    /// Maps references that start with `prefix` to files under `dir`.
    pub fn add(&mut self, prefix: impl Into<String>, dir: impl Into<PathBuf>) {
        self.0.push((prefix.into(), dir.into()));
    }

    /// Parses `URL=DIR`.
    pub fn parse_entry(text: &str) -> Result<(String, PathBuf), String> {
        match text.split_once('=') {
            Some((url, dir)) if url.contains("://") && !dir.is_empty() => Ok((url.to_owned(), PathBuf::from(dir))),
            _ => Err(format!("`{text}` is not `URL=DIR` (`https://schemas.example.com/v2/=vendor/v2`)")),
        }
    }

    /// The local file for an absolute URL, by the longest prefix mapped.
    fn local(&self, url: &str) -> Option<PathBuf> {
        let (prefix, dir) = self.0.iter().filter(|(p, _)| url.starts_with(p.as_str())).max_by_key(|(p, _)| p.len())?;
        let rest = url[prefix.len()..].trim_start_matches('/');
        Some(dir.join(rest))
    }
}

/// The documents given and every document they refer to.
#[derive(Debug)]
pub struct Documents {
    docs: Vec<Document>,
    /// Per document, what the file part of each of its references names.
    links: Vec<HashMap<String, Link>>,
    skip_broken: bool,
    /// How many of `docs` were given (the rest were reached through `$ref`).
    pub given: usize,
    /// The components that list each component in their `allOf`, by document.
    extended_by: std::sync::OnceLock<HashMap<Loc, Vec<Loc>>>,
}

/// What the file part of a reference names.
#[derive(Debug, Clone)]
enum Link {
    /// A document that was read.
    Doc(usize),
    /// A file that does not exist, where it was looked for.
    Missing(PathBuf),
}

/// One document.
#[derive(Debug)]
pub struct Document {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its content.
    pub value: Value,
}

/// A place in a document: the document's index and a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    /// Index into [`Documents`].
    pub doc: usize,
    /// JSON pointer (`/components/schemas/Clip`), empty for the whole document.
    pub pointer: String,
}

impl Loc {
    /// The place of `segment` inside this one (`/paths` + `/clips/{id}` →
    /// `/paths/~1clips~1{id}`).
    pub fn child(&self, segment: impl std::fmt::Display) -> Loc {
        let segment = segment.to_string().replace('~', "~0").replace('/', "~1");
        Loc { doc: self.doc, pointer: format!("{}/{segment}", self.pointer) }
    }

    /// The JSON pointer as written in messages (`/` for the whole document).
    pub fn shown(&self) -> &str {
        if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        }
    }
}

impl Documents {
    /// Reads `paths` and every document they refer to.
    pub fn read(paths: &[PathBuf], skip_broken: bool, ref_map: &RefMap) -> Result<Self, ImportError> {
        let mut docs = Documents {
            docs: Vec::new(),
            links: Vec::new(),
            skip_broken,
            given: paths.len(),
            extended_by: Default::default(),
        };
        // Documents by canonical path, so one reached twice (or through a
        // cycle of references) is read once.
        let mut index: HashMap<PathBuf, usize> = HashMap::new();
        let mut total = 0;
        for path in paths {
            let (doc, size) = read_document(path)?;
            check_version(path, &doc)?;
            total += size;
            index.insert(key(path), docs.docs.len());
            docs.docs.push(Document { path: path.clone(), value: doc });
        }
        // Documents reached through references, breadth first.
        let mut next = 0;
        while next < docs.docs.len() {
            let from = docs.docs[next].path.clone();
            let mut links = HashMap::new();
            for file in files_named(&docs.docs[next].value) {
                let path = locate(&from, &file, ref_map);
                let link = match index.get(&key(&path)) {
                    Some(&doc) => Link::Doc(doc),
                    None if path.is_file() => {
                        if docs.docs.len() >= MAX_DOCUMENTS {
                            return Err(
                                docs.error(next, format!("its references reach more than {MAX_DOCUMENTS} documents"))
                            );
                        }
                        let (value, size) = read_document(&path)?;
                        total += size;
                        if total > MAX_TOTAL {
                            return Err(docs.error(
                                next,
                                format!("the documents its references reach hold over {MAX_TOTAL} bytes"),
                            ));
                        }
                        index.insert(key(&path), docs.docs.len());
                        docs.docs.push(Document { path, value });
                        Link::Doc(docs.docs.len() - 1)
                    }
                    // Not an error yet: only what the operations use must resolve.
                    _ => Link::Missing(path),
                };
                links.insert(file, link);
            }
            docs.links.push(links);
            next += 1;
        }
        Ok(docs)
    }

    /// The schemas a discriminator on the schema `s` at `loc` chooses
    /// between when `s` has no `oneOf` (OpenAPI's polymorphism by `allOf`):
    /// those its `mapping` names, and the components of its document that
    /// extend it (list it, or a schema that extends it, in their `allOf`);
    /// each with a `$ref` to it from `loc`. Empty without a discriminator.
    pub fn subtypes(&self, loc: &Loc, s: &Value) -> Vec<(Loc, String)> {
        if s.pointer("/discriminator/propertyName").and_then(Value::as_str).is_none() {
            return Vec::new();
        }
        let components = Loc { doc: loc.doc, pointer: "/components/schemas".to_owned() };
        let mut found: Vec<(Loc, String)> = Vec::new();
        let mapping = s.pointer("/discriminator/mapping").and_then(Value::as_object);
        for target in mapping.into_iter().flatten().filter_map(|(_, t)| t.as_str()) {
            // A mapping value is a reference, or a schema's name.
            let reference = if target.contains(['#', '/', '.']) {
                target.to_owned()
            } else {
                format!("#{}", components.child(target).pointer)
            };
            match self.target(loc, &reference) {
                Ok(at) if at != *loc && !found.iter().any(|(a, _)| *a == at) => found.push((at, reference)),
                _ => {}
            }
        }
        // Grandchildren extend it too.
        let extended_by = self.extended_by.get_or_init(|| self.extensions());
        let mut family = indexmap::IndexSet::from([loc.clone()]);
        let mut next = 0;
        while let Some(parent) = family.get_index(next).cloned() {
            family.extend(extended_by.get(&parent).into_iter().flatten().cloned());
            next += 1;
        }
        for at in family.into_iter().skip(1) {
            if !found.iter().any(|(a, _)| *a == at) {
                let reference = format!("#{}", at.pointer);
                found.push((at, reference));
            }
        }
        found
    }

    /// For each component schema, the components of its own document that
    /// list it in their `allOf`, in the document's order.
    fn extensions(&self) -> HashMap<Loc, Vec<Loc>> {
        let mut extended_by: HashMap<Loc, Vec<Loc>> = HashMap::new();
        for doc in 0..self.docs.len() {
            let components = Loc { doc, pointer: "/components/schemas".to_owned() };
            let schemas = self.get(&components).and_then(Value::as_object);
            for (name, schema) in schemas.into_iter().flatten() {
                let at = components.child(name);
                let parents = schema.get("allOf").and_then(Value::as_array).into_iter().flatten();
                let parents = parents.filter_map(|p| self.target(&at, p.get("$ref")?.as_str()?).ok());
                for parent in parents.filter(|p| p.doc == doc) {
                    let children = extended_by.entry(parent).or_default();
                    if !children.contains(&at) {
                        children.push(at.clone());
                    }
                }
            }
        }
        extended_by
    }

    /// The document at `doc`.
    pub fn doc(&self, doc: usize) -> &Document {
        &self.docs[doc]
    }

    /// The value at `loc`, if present.
    pub fn get(&self, loc: &Loc) -> Option<&Value> {
        self.docs.get(loc.doc)?.value.pointer(&loc.pointer)
    }

    /// Where `reference` (the text of the `$ref` at `at`) points.
    ///
    /// A reference that cannot be followed is an error naming the document,
    /// the pointer and the target; with `skip_broken` it is
    /// [`ImportError::Unresolved`], which the converter turns into a note
    /// wherever it stands.
    pub fn target(&self, at: &Loc, reference: &str) -> Result<Loc, ImportError> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let pointer = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy().into_owned();
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(self.error(
                at.doc,
                format!("at {}: `$ref: {reference}` is not a JSON pointer (`#/components/…`)", at.shown()),
            ));
        }
        let doc = match file {
            "" => Ok(at.doc),
            file => match self.links[at.doc].get(file) {
                Some(Link::Doc(doc)) => Ok(*doc),
                Some(Link::Missing(path)) => Err(format!(
                    "the file {} does not exist{}",
                    path.display(),
                    if file.contains("://") { " (map the URL to a folder with --ref-map URL=DIR)" } else { "" }
                )),
                None => Err("it names no file".to_owned()),
            },
        };
        let loc = doc.and_then(|doc| {
            let loc = Loc { doc, pointer };
            match self.get(&loc) {
                Some(_) => Ok(loc),
                None if doc == at.doc => {
                    Err(format!("it points nowhere (the document has nothing at {})", loc.shown()))
                }
                None => {
                    Err(format!("it points nowhere ({} has nothing at {})", self.docs[doc].path.display(), loc.shown()))
                }
            }
        });
        loc.map_err(|why| {
            if self.skip_broken {
                ImportError::Unresolved {
                    path: self.docs[at.doc].path.clone(),
                    pointer: at.shown().to_owned(),
                    reference: reference.to_owned(),
                    why,
                }
            } else {
                self.error(
                    at.doc,
                    format!(
                        "at {}: `$ref: {reference}` cannot be followed: {why} (import with `--skip-broken-refs` to \
                         leave out what it names, with a note)",
                        at.shown()
                    ),
                )
            }
        })
    }

    /// Follows `$ref`s from `value` (found at `at`) to a value that is not a
    /// reference. Returns the value, where it is, and whether a reference
    /// was followed.
    pub fn deref<'a>(&'a self, at: &Loc, value: &'a Value) -> Result<(Loc, &'a Value, bool), ImportError> {
        let (mut loc, mut value, mut followed) = (at.clone(), value, false);
        let mut seen = 0;
        loop {
            let target = match value.get("$ref").and_then(Value::as_str) {
                Some(reference) => self.target(&loc, reference)?,
                None => match self.recursive_target(&loc, value) {
                    Some(target) => target,
                    None => break,
                },
            };
            seen += 1;
            if seen > 64 {
                return Err(self.error(at.doc, format!("the `$ref`s from {} form a cycle", at.shown())));
            }
            loc = target;
            value = self.get(&loc).expect("target checked the pointer");
            followed = true;
        }
        Ok((loc, value, followed))
    }

    /// Where JSON Schema's `$recursiveRef: "#"` (2019-09) or `$dynamicRef: "#…"`
    /// (2020-12) at `loc` leads: the schema resource it lies in, which in an
    /// OpenAPI document is the component schema around it (each component is
    /// a resource of its own, as bundlers make them), and in a file of parts
    /// the file. `None` for a schema without one, or one that leads elsewhere.
    fn recursive_target(&self, loc: &Loc, value: &Value) -> Option<Loc> {
        let reference = ["$recursiveRef", "$dynamicRef"].iter().find_map(|k| value.get(*k)?.as_str())?;
        if !reference.starts_with('#') || reference.starts_with("#/") {
            return None;
        }
        let pointer = if self.is_openapi(loc.doc) {
            let mut parts = loc.pointer.splitn(5, '/');
            match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some(""), Some("components"), Some("schemas"), Some(name)) => format!("/components/schemas/{name}"),
                _ => return None,
            }
        } else {
            String::new()
        };
        Some(Loc { doc: loc.doc, pointer })
    }

    /// Like [`Documents::deref`], but a reference that cannot be followed
    /// ([`ImportError::Unresolved`]) gives the reference itself, which reads
    /// as a schema without shape (any JSON).
    pub fn deref_or_self<'a>(&'a self, at: &Loc, value: &'a Value) -> Result<(Loc, &'a Value, bool), ImportError> {
        match self.deref(at, value) {
            Err(ImportError::Unresolved { .. }) => Ok((at.clone(), value, false)),
            other => other,
        }
    }

    /// Whether document `doc` is an OpenAPI document (not a file of parts
    /// that one refers to).
    pub fn is_openapi(&self, doc: usize) -> bool {
        doc < self.given || self.docs[doc].value.get("openapi").is_some()
    }

    /// An error about document `doc`.
    pub fn error(&self, doc: usize, message: String) -> ImportError {
        ImportError::Document { path: self.docs[doc].path.clone(), message }
    }
}

/// The same file under one name, however it was reached.
fn key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
}

/// `a/b/../c` → `a/c`, for a path that may not exist.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The local file that the file part of a reference names, from the
/// document at `from`.
fn locate(from: &Path, file: &str, ref_map: &RefMap) -> PathBuf {
    let dir = from.parent().unwrap_or(Path::new(""));
    let file = file.split('?').next().unwrap_or(file);
    if let Some(path) = file.strip_prefix("file://") {
        return PathBuf::from(decode(path));
    }
    if file.contains("://") {
        if let Some(local) = ref_map.local(file) {
            return PathBuf::from(decode(&local.to_string_lossy()));
        }
        // Beside the document, by its last segment.
        return dir.join(decode(file.rsplit('/').next().unwrap_or("")));
    }
    normalize(&dir.join(decode(file)))
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The file parts of a document's `$ref`s (`common.yaml` of
/// `common.yaml#/x`), each once.
fn files_named(value: &Value) -> BTreeSet<String> {
    fn walk(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                    let file = reference.split('#').next().unwrap_or("");
                    if !file.is_empty() {
                        out.insert(file.to_owned());
                    }
                }
                map.values().for_each(|v| walk(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(value, &mut out);
    out
}

/// Reads a JSON or YAML document; gives it with its size.
fn read_document(path: &Path) -> Result<(Value, u64), ImportError> {
    let error = |message: String| ImportError::Document { path: path.to_path_buf(), message };
    let size = std::fs::metadata(path).map_err(|e| error(format!("cannot read it: {e}")))?.len();
    if size > MAX_DOCUMENT {
        return Err(error(format!("it has {size} bytes, over the limit of {MAX_DOCUMENT} bytes for one document")));
    }
    let text = std::fs::read_to_string(path).map_err(|e| error(format!("cannot read it: {e}")))?;
    Ok((parse(&text).map_err(error)?, size))
}

/// Parses JSON, or YAML when the text is not JSON.
pub fn parse(text: &str) -> Result<Value, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return serde_json::from_str(trimmed).map_err(|e| format!("it is not valid JSON: {e}"));
    }
    super::untyped::parse_yaml(text).map_err(|e| format!("it is neither JSON nor YAML: {e}"))
}

/// Only OpenAPI 3.0 and 3.1 are read; anything else is refused by name.
fn check_version(path: &Path, doc: &Value) -> Result<(), ImportError> {
    let error = |message: String| ImportError::Document { path: path.to_path_buf(), message };
    if let Some(swagger) = doc.get("swagger") {
        let version = swagger.as_str().map_or_else(|| swagger.to_string(), str::to_owned);
        return Err(error(format!(
            "it is a Swagger {version} document; the importer reads OpenAPI 3.0 and 3.1 (convert it first, for \
             example with swagger2openapi)"
        )));
    }
    let Some(version) = doc.get("openapi").and_then(Value::as_str) else {
        return Err(error("it is not an OpenAPI document: it has no `openapi` version".to_owned()));
    };
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        return Err(error(format!("it is OpenAPI {version}; the importer reads OpenAPI 3.0 and 3.1")));
    }
    if !doc.get("paths").is_some_and(Value::is_object) && !doc.get("webhooks").is_some_and(Value::is_object) {
        return Err(error("it has no `paths`".to_owned()));
    }
    if let Some(place) = find_key(doc, "$dynamicRef", &mut String::new()) {
        return Err(error(format!(
            "it uses `$dynamicRef` (at {place}), which the importer does not read: write the schema out with a plain \
             `$ref`"
        )));
    }
    Ok(())
}

fn find_key(value: &Value, key: &str, path: &mut String) -> Option<String> {
    match value {
        Value::Object(map) => {
            if map.contains_key(key) {
                return Some(if path.is_empty() { "/".to_owned() } else { path.clone() });
            }
            for (k, v) in map {
                let len = path.len();
                path.push('/');
                path.push_str(&k.replace('~', "~0").replace('/', "~1"));
                let found = find_key(v, key, path);
                path.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            let len = path.len();
            path.push_str(&format!("/{i}"));
            let found = find_key(v, key, path);
            path.truncate(len);
            found
        }),
        _ => None,
    }
}

//! Reading OpenAPI documents and following their `$ref`s, offline.
//!
//! A document is read whole into a JSON value (YAML documents too). Every
//! document another one refers to is read up front, so conversion works on
//! an immutable set. A reference to another file, whether a relative path or
//! an absolute URL, is resolved to the file of the same name in the folder of
//! the document that refers to it: vendors publish their documents side by
//! side but refer to each other by their published URLs, and the importer
//! never fetches anything.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::ImportError;

/// The largest document read. A parsed document takes a few times its size
/// in memory; the largest vendor documents are a few megabytes.
pub const MAX_DOCUMENT: u64 = 64 * 1024 * 1024;

/// The documents given and every document they refer to.
#[derive(Debug)]
pub struct Documents {
    docs: Vec<Document>,
    /// Per document, the documents its references name, by file name.
    links: Vec<HashMap<String, usize>>,
    skip_broken: bool,
    /// How many of `docs` were given (the rest were reached through `$ref`).
    pub given: usize,
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
}

impl Documents {
    /// Reads `paths` and every document they refer to.
    pub fn read(paths: &[PathBuf], skip_broken: bool) -> Result<Self, ImportError> {
        let mut docs = Documents { docs: Vec::new(), links: Vec::new(), skip_broken, given: paths.len() };
        // Documents by canonical path, so one reached twice is read once.
        let mut index: HashMap<PathBuf, usize> = HashMap::new();
        for path in paths {
            let doc = read_document(path)?;
            check_version(path, &doc)?;
            index.insert(key(path), docs.docs.len());
            docs.docs.push(Document { path: path.clone(), value: doc });
        }
        // Documents reached through references, breadth first.
        let mut next = 0;
        while next < docs.docs.len() {
            let dir = docs.docs[next].path.parent().map(Path::to_path_buf).unwrap_or_default();
            let mut links = HashMap::new();
            for file in files_named(&docs.docs[next].value) {
                let path = dir.join(&file);
                let doc = match index.get(&key(&path)) {
                    Some(&doc) => doc,
                    None if path.is_file() => {
                        let value = read_document(&path)?;
                        index.insert(key(&path), docs.docs.len());
                        docs.docs.push(Document { path, value });
                        docs.docs.len() - 1
                    }
                    // Not an error yet: only what the operations use must resolve.
                    _ => continue,
                };
                links.insert(file, doc);
            }
            docs.links.push(links);
            next += 1;
        }
        Ok(docs)
    }

    /// The document at `doc`.
    pub fn doc(&self, doc: usize) -> &Document {
        &self.docs[doc]
    }

    /// The value at `loc`, if present.
    pub fn get(&self, loc: &Loc) -> Option<&Value> {
        self.docs.get(loc.doc)?.value.pointer(&loc.pointer)
    }

    /// Where `reference` (the text of a `$ref` in document `from`) points.
    pub fn target(&self, from: usize, reference: &str) -> Result<Loc, ImportError> {
        let fragment = reference.split_once('#').map_or("", |(_, f)| f);
        let doc = match file_part(reference) {
            None => from,
            Some(name) => *self.links[from].get(name).ok_or_else(|| ImportError::Unresolved {
                path: self.docs[from].path.clone(),
                reference: reference.to_owned(),
                why: format!("`{name}` is not beside the document (references are resolved offline)"),
            })?,
        };
        let pointer = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy().into_owned();
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(self.error(from, format!("`$ref: {reference}` is not a JSON pointer (`#/components/…`)")));
        }
        let loc = Loc { doc, pointer };
        if self.get(&loc).is_none() {
            if self.skip_broken {
                return Err(ImportError::Unresolved {
                    path: self.docs[from].path.clone(),
                    reference: reference.to_owned(),
                    why: "it points nowhere".to_owned(),
                });
            }
            return Err(self.error(
                from,
                format!(
                    "`$ref: {reference}` points nowhere (import with `--skip-broken-refs` to leave out what it \
                     names)"
                ),
            ));
        }
        Ok(loc)
    }

    /// Follows `$ref`s from `value` (found at `at`) to a value that is not a
    /// reference. Returns the value, where it is, and whether a reference
    /// was followed.
    pub fn deref<'a>(&'a self, at: &Loc, value: &'a Value) -> Result<(Loc, &'a Value, bool), ImportError> {
        let (mut loc, mut value, mut followed) = (at.clone(), value, false);
        let mut seen = 0;
        while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
            seen += 1;
            if seen > 64 {
                return Err(self.error(at.doc, format!("`$ref`s from {} form a cycle", at.pointer)));
            }
            loc = self.target(loc.doc, reference)?;
            value = self.get(&loc).expect("target checked the pointer");
            followed = true;
        }
        Ok((loc, value, followed))
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

    /// An error about document `doc`.
    pub fn error(&self, doc: usize, message: String) -> ImportError {
        ImportError::Document { path: self.docs[doc].path.clone(), message }
    }
}

/// The same file under one name, however it was reached.
fn key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The file a reference names, by its last path segment: `common.json` for
/// `https://host/v8.0/common.json#/x` and for `../v8.0/common.json#/x`;
/// `None` for a reference within the same document.
fn file_part(reference: &str) -> Option<&str> {
    let file = reference.split('#').next().unwrap_or("");
    if file.is_empty() {
        return None;
    }
    let file = file.split(['?']).next().unwrap_or(file);
    file.rsplit('/').next().filter(|f| !f.is_empty() && *f != "." && *f != "..")
}

/// The other files a document's `$ref`s name, each once.
fn files_named(value: &Value) -> BTreeSet<String> {
    fn walk(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(file) = map.get("$ref").and_then(Value::as_str).and_then(file_part) {
                    out.insert(file.to_owned());
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

/// Reads a JSON or YAML document.
fn read_document(path: &Path) -> Result<Value, ImportError> {
    let error = |message: String| ImportError::Document { path: path.to_path_buf(), message };
    let size = std::fs::metadata(path).map_err(|e| error(format!("cannot read it: {e}")))?.len();
    if size > MAX_DOCUMENT {
        return Err(error(format!("it has {size} bytes, over the limit of {MAX_DOCUMENT} bytes for one document")));
    }
    let text = std::fs::read_to_string(path).map_err(|e| error(format!("cannot read it: {e}")))?;
    parse(&text).map_err(error)
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

//! OpenAPI → this project's spec format.
//!
//! Operations are converted group by group (by path, then method, whatever
//! order the documents give); the schemas they use become named types as
//! they are met (component schemas keep their names, inline ones are named
//! from where they appear, and an inline schema seen twice is one type).
//! What the format cannot say is written as a comment at the place it
//! belongs and counted in the summary. Here: the documents, servers,
//! security and parameters; bodies, responses, schemas and unions each in
//! a module of their own.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use serde_json::Value;

use super::coverage::without_type;
use super::document::{item_operations, Documents, Loc, METHODS};
use super::prose;
use super::yaml::{Entry, Map, Node};
use super::{ImportError, LeftOut, Loss};
use crate::ident::{camel, is_rust_ident, snake, type_name};
use crate::model::{StatusSet, Temporal, BUILDER_MEMBERS, TOKEN_SCHEME};
use crate::output::OutputFile;
use crate::validate::{
    code_variant, is_format_name, is_http_token, is_media_type, pattern_problem, placeholders, set_variant,
    shadowed_members, JsonKind, PRIMITIVES, RESERVED_GROUPS, RESERVED_OPERATIONS,
};

mod bodies;
mod pagination;
mod parameters;
mod responses;
mod schemas;
mod security;
mod servers;
mod unions;

use pagination::pagination_of;
use security::SchemeOut;

pub(crate) use bodies::named_as_file;

/// What an absent schema reads as.
static NO_SCHEMA: Value = Value::Null;

/// Where a schema is used: decides what it may become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A JSON field or body.
    Json,
    /// A path, query or header parameter: a scalar, an enum, or (query) an array of those.
    Param,
    /// A multipart form field: a scalar, an enum or a file.
    Form,
}

/// A converted schema, as a field's `type:` and what goes with it.
#[derive(Debug, Clone, Default)]
struct Ty {
    ty: String,
    items: Option<String>,
    /// A map's value type.
    values: Option<String>,
    nullable: bool,
    /// Whether an array's items or a map's values may be null (JSON only).
    nullable_items: bool,
    min: Option<i64>,
    max: Option<i64>,
    max_items: Option<u64>,
    min_items: Option<u64>,
    unique_items: bool,
    /// A string's lengths (or its items').
    min_length: Option<u64>,
    max_length: Option<u64>,
    /// A string's `format` and `pattern`.
    format: Option<String>,
    pattern: Option<String>,
    /// A map's keys (`propertyNames`): pattern, fewest and most characters.
    keys: Option<(Option<String>, Option<u64>, Option<u64>)>,
    /// What the schema says that the type cannot carry.
    notes: Vec<String>,
}

impl Ty {
    fn named(ty: impl Into<String>) -> Self {
        Ty { ty: ty.into(), ..Ty::default() }
    }

    fn noted(ty: &str, note: String) -> Self {
        Ty { notes: vec![note], ..Ty::named(ty) }
    }
}

/// A required field of an object type, as unions compare them: wire name, type, items.
type RequiredField = (String, String, Option<String>);

/// A named type being built, and what `one_of` needs to know of it.
struct TypeOut {
    group: String,
    yaml: Map,
    /// For objects: the required fields.
    required: Option<Vec<RequiredField>>,
}

/// A group file being built.
struct GroupOut {
    doc: String,
    operations: Map,
}

/// An error status's sentence and its codes, each with its meanings.
type ErrorCodes = (String, Vec<(String, Vec<String>)>);

/// A response of an operation: status, key, where it is, the response, and
/// for an error what is known of its codes.
type Listed<'d, C> = (StatusSet, &'d String, Loc, &'d Value, Option<C>);

/// Another operation made of an operation of the documents: one that sends
/// another body kind (its media type, and its kind: `multipart`, `form`,
/// `binary`), or one that answers with the event stream, with its name.
struct Sibling<'d> {
    body: Option<(&'d str, &'static str)>,
    events: bool,
    name: String,
}

/// A part of an operation's YAML and the notes written above it.
type Noted<T> = (T, Vec<String>);

/// An object schema's properties, with what names its type.
struct Shape<'d> {
    /// Identifies the shape among inline schemas.
    key: String,
    props: IndexMap<String, (Loc, &'d Value)>,
    required: Vec<String>,
    schema: &'d Value,
    /// Where the schema is.
    at: Loc,
    /// Keeps keys beyond its fields, of any value, whatever its schema says
    /// (a union's members merged, beside any object).
    open: bool,
}

/// How far an import has come, to return to when a conversion is given up.
#[derive(Clone, Copy)]
struct Checkpoint {
    types: usize,
    left_out: usize,
}

/// The state of one import.
pub struct Converter<'d> {
    docs: &'d Documents,
    /// Schemas the conversion makes, which borrow like the documents' own.
    made: &'d typed_arena::Arena<Value>,
    api: String,
    types: IndexMap<String, TypeOut>,
    /// Rust names of the types, so two never meet.
    rust_types: HashSet<String>,
    by_loc: HashMap<Loc, Ty>,
    /// The component unions being converted, each with the name it was
    /// given where it met itself (through a map or an array), if it did;
    /// and how deep the conversion is.
    unions_open: HashMap<Loc, Option<String>>,
    depth: usize,
    by_shape: HashMap<String, String>,
    /// What each inline union gave, by shape and place kind, and whether it
    /// made the value nullable.
    by_union: HashMap<String, (Ty, bool)>,
    groups: IndexMap<String, GroupOut>,
    group_docs: HashMap<String, String>,
    servers: IndexMap<String, String>,
    /// Notes for `api.yaml`, by the key they are written above.
    api_notes: Vec<(&'static str, String)>,
    variables: IndexMap<String, Map>,
    operations: HashSet<String>,
    /// Per group, the Rust items of its operations (builder, error, response enum).
    items: HashMap<String, HashSet<String>>,
    /// Whether any error code was imported, and whether all were integers:
    /// the API's `code_type`.
    any_code: bool,
    all_codes_integer: bool,
    /// The group of the operation being converted: notes go to its file.
    group: String,
    left_out: Vec<LeftOut>,
    /// When set, only the operations these select are converted; each
    /// selector is marked when it selects one.
    only: Option<IndexMap<String, bool>>,
    /// The host that relative server URLs are relative to.
    base_url: Option<String>,
    /// Notes about the server of the operation being converted.
    op_server_notes: Vec<String>,
    /// The operations made for a second body kind of a document's operation
    /// (`send_message_multipart` beside `send_message`): not the document's own.
    alternatives: HashSet<String>,
    /// Each list of error codes that a schema's `code` enum gives, with the
    /// statuses it is documented under, over every operation.
    code_statuses: HashMap<Vec<String>, std::collections::BTreeSet<u16>>,
    /// Whether the notes are written into the spec as comments.
    comments: bool,
    /// Operations whose `x-pagination` is left out, with why.
    unfit_pagination: HashMap<String, String>,
}

impl<'d> Converter<'d> {
    /// A converter for the API `api` over `docs`, making its own schemas in `made`.
    pub fn new(docs: &'d Documents, made: &'d typed_arena::Arena<Value>, api: &str) -> Self {
        Converter {
            docs,
            made,
            api: api.to_owned(),
            types: IndexMap::new(),
            rust_types: HashSet::new(),
            by_loc: HashMap::new(),
            unions_open: HashMap::new(),
            depth: 0,
            by_shape: HashMap::new(),
            by_union: HashMap::new(),
            groups: IndexMap::new(),
            group_docs: HashMap::new(),
            servers: IndexMap::new(),
            api_notes: Vec::new(),
            variables: IndexMap::new(),
            operations: HashSet::new(),
            items: HashMap::new(),
            any_code: false,
            all_codes_integer: true,
            group: String::new(),
            left_out: Vec::new(),
            only: None,
            base_url: None,
            op_server_notes: Vec::new(),
            code_statuses: HashMap::new(),
            alternatives: HashSet::new(),
            comments: false,
            unfit_pagination: HashMap::new(),
        }
    }

    /// Leaves out the `x-pagination` of these operations (by name), noting
    /// why: it does not fit the operation.
    pub fn without_pagination(mut self, unfit: &HashMap<String, String>) -> Self {
        self.unfit_pagination = unfit.clone();
        self
    }

    /// Writes each note as a comment where it belongs (see
    /// [`crate::import::Importer::comments`]).
    pub fn comments(mut self, comments: bool) -> Self {
        self.comments = comments;
        self
    }

    /// The base URL (`https://api.example.com`) that relative server URLs,
    /// and documents without servers, are relative to.
    pub fn base_url(mut self, base: Option<&str>) -> Self {
        self.base_url = base.map(str::to_owned);
        self
    }

    /// Converts only the operations selected by `selectors`: an
    /// `operationId` as written or in snake_case, or `METHOD /path`.
    pub fn only(mut self, selectors: &[String]) -> Self {
        if !selectors.is_empty() {
            self.only = Some(selectors.iter().map(|s| (s.trim().to_owned(), false)).collect());
        }
        self
    }

    /// Whether the operation is to be converted (every one, without a selection).
    fn selected(&mut self, op: &Value, method: &str, path: &str) -> bool {
        let Some(only) = &mut self.only else { return true };
        let mut any = false;
        for key in selector_keys(op, method, path) {
            if let Some(hit) = only.get_mut(&key) {
                *hit = true;
                any = true;
            }
        }
        any
    }

    /// Records a note about `place` in the current group's file; returns it
    /// for the comment.
    fn note(&mut self, place: &str, what: String) -> String {
        let file = format!("{}.yaml", self.group);
        self.note_in(&file, place, what)
    }

    /// Follows the `$ref`s of `value` (at `at`). A reference that cannot be
    /// followed (only with `--skip-broken-refs`; otherwise it is an error)
    /// gives `Ok(Err(why))`, for the caller to leave out what it names with
    /// a note.
    #[allow(clippy::type_complexity)]
    fn follow(&self, at: &Loc, value: &'d Value) -> Result<Result<(Loc, &'d Value), String>, ImportError> {
        match self.docs.deref(at, value) {
            Ok((loc, value, _)) => Ok(Ok((loc, value))),
            Err(ImportError::Unresolved { reference, why, .. }) => {
                Ok(Err(format!("`$ref: {reference}` cannot be followed ({why})")))
            }
            Err(e) => Err(e),
        }
    }

    /// The example of a parameter or media type (at `at`): its `example`,
    /// or the value of the first of its `examples`, which may be a reference.
    fn example_in(&self, at: &Loc, holder: &'d Value) -> Result<Option<Value>, ImportError> {
        let first = holder.get("examples").and_then(Value::as_object).and_then(|m| m.iter().next());
        match (holder.get("example"), first) {
            (None, Some((name, example))) => {
                let (_, example, _) = self.docs.deref_or_self(&at.child("examples").child(name), example)?;
                Ok(example.get("value").cloned())
            }
            _ => Ok(example_of(holder)),
        }
    }

    /// Records a note about something lost, in the current group's file.
    fn loss(&mut self, kind: Loss, place: &str, what: String) -> String {
        let file = format!("{}.yaml", self.group);
        self.loss_in(kind, &file, place, what)
    }

    fn loss_in(&mut self, kind: Loss, file: &str, place: &str, what: String) -> String {
        let note = self.note_in(file, place, what);
        if let Some(last) = self.left_out.last_mut() {
            last.loss = Some(kind);
        }
        note
    }

    fn note_in(&mut self, file: &str, place: &str, what: String) -> String {
        self.left_out.push(LeftOut { file: file.to_owned(), place: place.to_owned(), what: what.clone(), loss: None });
        what
    }

    /// Converts every operation of the given documents: `api.yaml` first,
    /// then one file per group, and what was left out.
    /// The spec's files, the notes, and the names of the operations made for
    /// a second body kind of another (see [`Converter::alternatives`]).
    #[allow(clippy::type_complexity)]
    pub fn run(mut self, title: Option<&str>) -> Result<(Vec<OutputFile>, Vec<LeftOut>, HashSet<String>), ImportError> {
        let docs = self.docs;
        self.code_statuses = self.code_statuses()?;
        let mut pending = Vec::new();
        for d in 0..docs.given {
            let doc = &docs.doc(d).value;
            for tag in doc.get("tags").and_then(Value::as_array).into_iter().flatten() {
                if let (Some(name), Some(desc)) = (tag.get("name").and_then(Value::as_str), text(tag, "description")) {
                    self.group_docs.entry(group_name(name)).or_insert(desc);
                }
            }
            let server = self.document_server(d)?;
            for name in doc.get("webhooks").and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k) {
                let what = format!(
                    "the webhook `{name}`: a request the API sends to you, not a call a client makes: left out"
                );
                let note = self.note_in("api.yaml", &format!("webhooks.{name}"), what);
                self.api_notes.push(("api", note));
            }
            let Some(paths) = doc.get("paths").and_then(Value::as_object) else { continue };
            let paths_at = Loc { doc: d, pointer: "/paths".to_owned() };
            for (path, item) in paths {
                if let Some(why) = path_problem(path) {
                    let what = format!("the path `{path}`: {why}: left out");
                    let note = self.loss_in(Loss::PathItem, "api.yaml", path, what);
                    self.api_notes.push(("api", note));
                    continue;
                }
                let (item_at, item) = match self.follow(&paths_at.child(path), item)? {
                    Ok(found) => found,
                    Err(why) => {
                        let what = format!("the path `{path}`: {why}: left out");
                        let note = self.loss_in(Loss::PathItem, "api.yaml", path, what);
                        self.api_notes.push(("api", note));
                        continue;
                    }
                };
                for (method, op_at, op) in item_operations(&item_at, item) {
                    // An operation may itself be a reference (bundlers accept it).
                    let (op_at, op) = match self.follow(&op_at, op)? {
                        Ok(found) => found,
                        Err(why) => {
                            let what = format!("the {} operation of `{path}`: {why}: left out", method.to_uppercase());
                            let note = self.loss_in(Loss::Operation, "api.yaml", path, what);
                            self.api_notes.push(("api", note));
                            continue;
                        }
                    };
                    if self.selected(op, method, path) {
                        let (group, _) = self.group_of(d, path, op);
                        pending.push((group, d, server.clone(), path, method, (item_at.clone(), item), (op_at, op)));
                    }
                }
            }
        }
        // Group by group, in name order, each by path (a path's operations
        // in method order): a type is written in the first group that uses
        // it and named from its first use, whatever order the documents list
        // their paths in (an exported spec lists them as its groups hold them).
        let method_index = |m: &str| METHODS.iter().position(|x| *x == m);
        pending.sort_by(|a, b| (&a.0, a.3, method_index(a.4)).cmp(&(&b.0, b.3, method_index(b.4))));
        for (_, d, server, path, method, (item_at, item), (op_at, op)) in pending {
            let spots = ((&item_at, item), (&op_at, op));
            let alternatives = self.operation(d, &server, path, method, spots, None)?;
            // Each other body kind the document allows, and its event stream:
            // an operation of its own.
            for other in alternatives {
                self.operation(d, &server, path, method, spots, Some(other))?;
            }
        }
        let unmatched: Vec<String> =
            self.only.iter().flatten().filter(|(_, hit)| !**hit).map(|(s, _)| s.clone()).collect();
        if !unmatched.is_empty() {
            return Err(ImportError::Unselected(unmatched));
        }
        if self.groups.is_empty() {
            return Err(ImportError::Nothing);
        }
        // Each file as a header and a tree of entries with their comments.
        let mut trees = vec![("api.yaml".to_owned(), self.api_file(title)?)];
        // Each group's types by name: the order they were met in depends on
        // how the documents nest their schemas, which an export changes.
        let mut types: Vec<(String, TypeOut)> = std::mem::take(&mut self.types).into_iter().collect();
        types.sort_by(|a, b| a.0.cmp(&b.0));
        let mut types_by_group: IndexMap<String, Map> = IndexMap::new();
        for (name, t) in types {
            types_by_group.entry(t.group).or_default().insert(name, Node::Map(t.yaml));
        }
        for (name, group) in std::mem::take(&mut self.groups) {
            let mut map = Map::new();
            map.str("doc", group.doc);
            if let Some(types) = types_by_group.shift_remove(&name) {
                map.insert("types", Node::Map(types));
            }
            map.insert("operations", Node::Map(group.operations));
            let of = self.sources().map(|s| format!(" of {s}")).unwrap_or_default();
            let header = vec![format!("Imported by `specgen import`: the `{name}` operations{of}.")];
            trees.push((format!("{name}.yaml"), (header, map)));
        }
        // With comments, every note stands as one in its file: one that
        // found no place of its own goes into the file's header. Without,
        // the spec says only what the documents say: an export imports
        // again to the same bytes.
        let notes: HashSet<&str> = self.left_out.iter().map(|l| l.what.as_str()).collect();
        let mut files = Vec::with_capacity(trees.len());
        for (path, (mut header, mut map)) in trees {
            if !self.comments {
                map.drop_comments(&notes);
                files.push(OutputFile { contents: super::yaml::document(&header, &map), path });
                continue;
            }
            let mut placed = HashSet::new();
            map.comments(&mut placed);
            let unplaced: Vec<&LeftOut> =
                self.left_out.iter().filter(|l| l.file == path && !placed.contains(&l.what)).collect();
            if !unplaced.is_empty() {
                header.push("Left out, with no place of their own in this file:".to_owned());
                header.extend(unplaced.iter().map(|l| format!("- {}: {}", l.place, l.what)));
            }
            files.push(OutputFile { contents: super::yaml::document(&header, &map), path });
        }
        Ok((files, self.left_out, self.alternatives))
    }

    /// The documents' names, with comments (without, the spec does not
    /// depend on what its documents are called).
    fn sources(&self) -> Option<String> {
        if !self.comments {
            return None;
        }
        let names: Vec<String> = (0..self.docs.given)
            .map(|d| {
                let path = &self.docs.doc(d).path;
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
            })
            .collect();
        Some(names.join(", "))
    }

    /// The group of an operation and its tag: the tag; untagged, one group
    /// per document when there are several (vendors split by topic), else
    /// the path's first word.
    fn group_of(&self, d: usize, path: &str, op: &'d Value) -> (String, Option<&'d str>) {
        let tag = op.get("tags").and_then(Value::as_array).and_then(|t| t.first()).and_then(Value::as_str);
        let group = match tag {
            Some(tag) => group_name(tag),
            None if self.docs.given > 1 => group_name(
                &self
                    .docs
                    .doc(d)
                    .path
                    .file_stem()
                    .map_or_else(|| "operations".to_owned(), |s| s.to_string_lossy().into_owned()),
            ),
            None => group_name(path.split('/').find(|s| !s.is_empty() && !s.starts_with('{')).unwrap_or("operations")),
        };
        (group, tag)
    }

    /// `api.yaml`: its header and its entries.
    fn api_file(&mut self, title: Option<&str>) -> Result<(Vec<String>, Map), ImportError> {
        let info = self.docs.doc(0).value.get("info");
        let mut map = Map::new();
        map.str("api", &self.api);
        let doc_title = info.and_then(|i| text(i, "title")).unwrap_or_else(|| self.api.clone());
        map.str("title", title.map_or(doc_title.clone(), str::to_owned));
        map.str("doc", info.and_then(|i| text(i, "description")).unwrap_or_else(|| format!("{doc_title}.")));
        map.str("feature", self.api.replace('_', "-"));
        let servers = Map(self.servers.iter().map(|(k, v)| entry(k, Node::Str(v.clone()))).collect());
        map.insert("servers", Node::Map(servers));
        if !self.variables.is_empty() {
            let vars = std::mem::take(&mut self.variables);
            map.insert("variables", Node::Map(Map(vars.into_iter().map(|(k, v)| entry(&k, Node::Map(v))).collect())));
        }
        let schemes = self.security_schemes_of()?;
        let (auth, note) = self.auth(&schemes);
        map.insert("auth", Node::Map(auth)).comment.extend(note);
        // The other schemes, and what calls need unless their operation says otherwise.
        let mut declared = Map::new();
        for (name, scheme) in &schemes {
            match scheme {
                SchemeOut::Declared(spec_name, yaml) => {
                    declared.insert(spec_name, Node::Map(yaml.clone()));
                }
                SchemeOut::Unsupported(why) => {
                    let note = self.note_in(
                        "api.yaml",
                        "security_schemes",
                        format!("the security scheme `{name}` ({why}): left out"),
                    );
                    self.api_notes.push(("auth", note));
                }
                SchemeOut::Token(source) => {
                    for why in &source.left_out {
                        let note = self.note_in("api.yaml", "auth", format!("in the scheme `{name}`, {why}: left out"));
                        self.api_notes.push(("auth", note));
                    }
                }
            }
        }
        if !declared.0.is_empty() {
            map.insert("security_schemes", Node::Map(declared));
        }
        let top = (0..self.docs.given).find_map(|d| self.docs.doc(d).value.get("security"));
        if let Some(requirement) = top.and_then(|t| self.requirement_of(t, &schemes, "api.yaml", "security")) {
            // The token when the client has one is what the format assumes.
            if requirement != format!("[[{TOKEN_SCHEME}], []]") {
                map.raw("security", requirement);
            }
        }
        let mut error_body = Map::new();
        let integer = self.any_code && self.all_codes_integer;
        error_body.raw("code_type", if integer { "integer" } else { "string" });
        map.insert("error_body", Node::Map(error_body))
            .comment("Where an error response keeps its code and message (`code` and `message` unless stated).");
        let rate_limits = (0..self.docs.given).find_map(|d| self.docs.doc(d).value.get("x-rate-limits"));
        if let Some(rate_limits) = rate_limits.and_then(rate_limits_of) {
            map.insert("rate_limits", Node::Map(rate_limits));
        }
        for (key, note) in std::mem::take(&mut self.api_notes) {
            if let Some(e) = map.0.iter_mut().find(|e| e.key == key) {
                e.comment.push(note);
            }
        }
        let from = self.sources().map(|s| format!(" from {s}")).unwrap_or_default();
        let header = vec![format!("Imported by `specgen import`{from}.")];
        Ok((header, map))
    }

    /// One operation, with its path item, each with where it is; with
    /// `sibling`, the operation made for another body kind of it or for its
    /// event stream. Gives the other body kinds its document allows and its
    /// event stream, each to be made an operation of its own.
    #[allow(clippy::type_complexity)]
    fn operation(
        &mut self,
        d: usize,
        server: &str,
        path: &str,
        method: &str,
        ((item_at, item), (at, op)): ((&Loc, &'d Value), (&Loc, &'d Value)),
        sibling: Option<Sibling<'d>>,
    ) -> Result<Vec<Sibling<'d>>, ImportError> {
        let (group, tag) = self.group_of(d, path, op);
        self.group = group.clone();
        let name = match &sibling {
            Some(sibling) => {
                self.alternatives.insert(sibling.name.clone());
                sibling.name.clone()
            }
            None => self.operation_name(op, method, path, &group, None),
        };
        let body = sibling.as_ref().and_then(|s| s.body);
        let events = sibling.as_ref().is_some_and(|s| s.events);
        // What another body kind's operation leaves out is noted, but counted
        // once, as the document's operation's.
        let notes_from = self.left_out.len();
        let mut map = Map::new();
        let facts = prose::operation_facts(&text(op, "description").unwrap_or_default());
        let summary = text(op, "summary")
            .and_then(|s| s.lines().next().map(str::to_owned))
            .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
        let summary = match &body {
            Some((media, _)) => format!("{summary} (`{}` body)", media.split(';').next().unwrap_or(media).trim()),
            None if events => format!("{summary} (event stream)"),
            None => summary,
        };
        map.str("summary", summary);
        if !facts.doc.is_empty() {
            map.str("doc", facts.doc);
        }
        map.raw("method", method.to_uppercase());
        let params = self.parameter_list((item, item_at), (op, at))?;
        let (styled, style_notes) = self.styled_path(&name, path, &params);
        map.str("path", styled).comment.extend(style_notes);
        let op_server = match op.get("servers").or_else(|| item.get("servers")).and_then(Value::as_array) {
            Some(list) if !list.is_empty() => self.server(&list[0], &name, Some(&name))?,
            _ => server.to_owned(),
        };
        if op_server != "default" {
            let notes = std::mem::take(&mut self.op_server_notes);
            map.str("server", op_server).comment.extend(notes);
        }
        // A tag that names the group alone (this tool's export of an
        // operation without tags) is the group, not the operation's tag.
        let group_tag = op.get("x-group-tag").and_then(Value::as_bool) == Some(true);
        if let Some(tag) = tag.filter(|_| !group_tag) {
            map.insert("tags", Node::List(vec![tag.to_owned()]));
        }
        if op.get("deprecated").and_then(Value::as_bool) == Some(true) {
            map.raw("deprecated", "true");
        }

        // Members of the builder: every parameter and body field needs its own
        // Rust name. Path parameters cannot be left out, so they take theirs first.
        let placeholders = placeholders(path).unwrap_or_default();
        let mut members: HashSet<String> = BUILDER_MEMBERS.iter().map(|s| (*s).to_owned()).collect();
        members.extend(placeholders.iter().map(|p| snake(p)));
        let chosen = body.map(|(media, _)| media);
        let mut others = Vec::new();
        let (body, mut body_notes) = self.body(&name, at, op, &mut members, chosen, &mut others)?;
        // Each other body kind: an operation of its own, named here so the note can name it.
        let mut alternatives = Vec::new();
        for (media, kind) in others {
            let other = self.operation_name(op, method, path, &group, Some(kind));
            let what = format!("the `{media}` body: sent by the operation `{other}`");
            body_notes.push(self.note(&format!("{name}.body"), what));
            alternatives.push(Sibling { body: Some((media, kind)), events: false, name: other });
        }
        let (params, params_left_out) = self.parameters(&name, params, path, &placeholders, &mut members)?;
        for (key, params) in params {
            if !params.is_empty() {
                map.insert(key, Node::Map(params));
            }
        }
        // Parameters that could not be read, and callbacks: their notes stay by the path.
        let mut by_path = params_left_out;
        for callback in op.get("callbacks").and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k) {
            let what =
                format!("the callback `{callback}`: a request the API sends back, not a call a client makes: left out");
            by_path.push(self.note(&name, what));
        }
        if let Some(e) = map.0.iter_mut().find(|e| e.key == "path") {
            e.comment.extend(by_path);
        }
        match body {
            Some(body) => map.insert("body", Node::Map(body)).comment.extend(body_notes),
            // A body the format cannot send: the note stays by the path.
            None => {
                if let Some(e) = map.0.iter_mut().find(|e| e.key == "path") {
                    e.comment.extend(body_notes);
                }
            }
        }
        let ((responses, mut notes, stream), (errors, error_notes)) = self.responses(&name, at, op, events)?;
        // The event stream beside another answer: an operation of its own.
        if stream && sibling.is_none() {
            let other = self.operation_name(op, method, path, &group, Some("stream"));
            let what = format!("the event stream response: answered to the operation `{other}`");
            notes.push(self.note(&format!("{name}.responses"), what));
            alternatives.push(Sibling { body: None, events: true, name: other });
        }
        // By status, as the model keeps them (and an export lists them).
        let mut responses = responses;
        responses.0.sort_by(|a, b| a.key.cmp(&b.key));
        let responses = &mut map.insert("responses", Node::Map(responses)).comment;
        responses.extend(notes);
        if errors.is_empty() {
            // No `errors:` to stand above: the notes about errors go with the responses.
            responses.extend(error_notes);
        } else {
            map.insert("errors", Node::Map(errors)).comment.extend(error_notes);
        }
        if let Some(own) = op.get("security") {
            let schemes = self.security_schemes_of()?;
            let file = format!("{}.yaml", self.group);
            if let Some(requirement) = self.requirement_of(own, &schemes, &file, &name) {
                map.raw("security", requirement);
            }
        }
        let mut scopes: Vec<String> = Vec::new();
        let security = op.get("security").or_else(|| self.docs.doc(d).value.get("security"));
        for req in security.and_then(Value::as_array).into_iter().flatten() {
            for list in req.as_object().into_iter().flat_map(|o| o.values()) {
                scopes.extend(list.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned));
            }
        }
        scopes.extend(facts.scopes);
        // As this tool's export writes them, then as the vendor's prose says.
        let strings = |key: &str| -> Vec<String> {
            let list = op.get(key).and_then(Value::as_array).into_iter().flatten();
            list.filter_map(Value::as_str).map(str::to_owned).collect()
        };
        scopes.extend(strings("x-scopes"));
        let mut granular = strings("x-granular-scopes");
        granular.extend(facts.granular_scopes);
        for (key, mut list) in [("scopes", scopes), ("granular_scopes", granular)] {
            dedup(&mut list);
            if !list.is_empty() {
                map.insert(key, Node::List(list));
            }
        }
        let label = op.get("x-rate-limit-label").and_then(Value::as_str).map(str::to_owned);
        if let Some(limit) = label.or(facts.rate_limit) {
            map.str("rate_limit", limit);
        }
        let docs_url = op.get("externalDocs").and_then(|d| d.get("url")).and_then(Value::as_str);
        if let Some(url) = docs_url.filter(|u| u.starts_with("https://")) {
            map.str("docs_url", url);
        }
        // The document's `x-pagination` (as this tool exports it), else what
        // the names of the operation's parameters and response fields show.
        let stated = op.get("x-pagination").and_then(pagination_of).map(|p| (p, None));
        let pagination = stated
            .or_else(|| self.inferred_pagination(&map, self.declares_link(at, op)).map(|(p, why)| (p, Some(why))));
        if let Some((pagination, inferred)) = pagination {
            let what = match (self.unfit_pagination.get(&name).cloned(), &inferred) {
                (Some(why), None) => {
                    Some(format!("the `x-pagination` extension, which does not fit the operation ({why}): left out"))
                }
                (Some(why), Some(by)) => {
                    Some(format!("paged, by {by}, in a way that does not fit the operation ({why}): not paged"))
                }
                (None, by) => {
                    map.insert("pagination", Node::Map(pagination));
                    by.as_ref().map(|by| format!("paged by {by} (their names say so)"))
                }
            };
            if let Some(what) = what {
                let note = self.note(&name, what);
                if let Some(e) = map.0.iter_mut().find(|e| e.key == "path") {
                    e.comment.push(note);
                }
            }
        }
        let doc = self.group_docs.get(&group).cloned().unwrap_or_else(|| match tag {
            Some(tag) => format!("The operations tagged `{tag}`."),
            None => format!("The operations under `/{group}`."),
        });
        self.groups
            .entry(group)
            .or_insert_with(|| GroupOut { doc, operations: Map::new() })
            .operations
            .insert(name, Node::Map(map));
        if sibling.is_some() {
            for note in &mut self.left_out[notes_from..] {
                note.loss = None;
            }
        }
        Ok(alternatives)
    }

    /// A snake_case name from the `operationId` (or method and path), unique
    /// in the API and not one the client reserves.
    fn operation_name(&mut self, op: &Value, method: &str, path: &str, group: &str, kind: Option<&str>) -> String {
        let base = match op.get("operationId").and_then(Value::as_str) {
            Some(id) if !id.trim().is_empty() => snake(id),
            _ => snake(&format!("{method} {}", path.replace(['{', '}'], " "))),
        };
        let base = match kind {
            Some(kind) => format!("{base}_{kind}"),
            None => base,
        };
        let base = if RESERVED_OPERATIONS.contains(&base.as_str()) { format!("{base}_operation") } else { base };
        let items = self.items.entry(group.to_owned()).or_default();
        let mut name = base.clone();
        let mut n = 2;
        loop {
            let rust = camel(&name);
            let mine = [format!("{rust}Error"), format!("{rust}Response"), rust];
            if !self.operations.contains(&name) && mine.iter().all(|i| !items.contains(i)) {
                items.extend(mine);
                break;
            }
            name = format!("{base}_{n}");
            n += 1;
        }
        self.operations.insert(name.clone());
        name
    }

    fn notes(&mut self, place: &str, notes: Vec<String>) -> Vec<String> {
        notes.into_iter().map(|n| self.note(place, n)).collect()
    }
}

/// A Rust name for the wire name `wire` that none of `taken` has: its
/// snake_case, else with the word of a comparison it ends in (`StartTime<`
/// → `start_time_lt`), else numbered (`start_time_2`). Two wire names never
/// share one, so nothing is left out for its name.
fn distinct_rust(wire: &str, taken: &HashSet<String>) -> String {
    let free = |name: &String| !taken.contains(name);
    let base = snake(wire);
    if free(&base) {
        return base;
    }
    let trimmed = wire.trim_end();
    let operator = [("<=", "le"), (">=", "ge"), ("!=", "ne"), ("<", "lt"), (">", "gt"), ("=", "eq"), ("!", "not")]
        .into_iter()
        .find(|(op, _)| trimmed.ends_with(op));
    if let Some((_, word)) = operator {
        let name = snake(&format!("{wire} {word}"));
        if free(&name) {
            return name;
        }
    }
    (2..).map(|n| snake(&format!("{wire} {n}"))).find(free).expect("some number is free")
}

/// Writes `rust:` into a field's YAML when its Rust name is not its wire
/// name's snake_case.
fn rust_name(yaml: &mut Map, wire: &str, rust: &str) {
    if snake(wire) != rust {
        yaml.str("rust", rust);
    }
}

/// The Rust name of a field written by [`rust_name`].
fn field_rust(field: &Entry) -> String {
    match &field.value {
        Node::Map(map) => match map.0.iter().find(|e| e.key == "rust") {
            Some(Entry { value: Node::Str(rust), .. }) => rust.clone(),
            _ => snake(&field.key),
        },
        _ => snake(&field.key),
    }
}

/// What selects an operation: `METHOD /path`, its `operationId` as written
/// and in snake_case.
pub(super) fn selector_keys(op: &Value, method: &str, path: &str) -> Vec<String> {
    let mut keys = vec![format!("{} {path}", method.to_uppercase())];
    if let Some(id) = op.get("operationId").and_then(Value::as_str).map(str::trim).filter(|id| !id.is_empty()) {
        keys.push(id.to_owned());
        keys.push(snake(id));
    }
    keys
}

/// The last segment of a JSON pointer or reference, unescaped: the name of
/// the component it points to.
fn last_segment(pointer: &str) -> Option<String> {
    pointer.rsplit('/').next().map(|last| last.replace("~1", "/").replace("~0", "~"))
}

/// The YAML of a field, parameter or form field.
fn field_map(ty: &Ty, doc: &str, required: bool, default: Option<Value>, example: Option<Value>) -> Map {
    let mut map = Map::new();
    map.str("type", &ty.ty);
    if let Some(items) = &ty.items {
        map.str("items", items);
    }
    if let Some(values) = &ty.values {
        map.str("values", values);
    }
    map.str("doc", doc);
    if required {
        map.raw("required", "true");
    }
    if ty.nullable {
        map.raw("nullable", "true");
    }
    if ty.nullable_items {
        map.raw("nullable_items", "true");
    }
    let limits = [("min", ty.min.map(|n| n.to_string())), ("max", ty.max.map(|n| n.to_string()))];
    let counts = [
        ("max_items", ty.max_items),
        ("min_items", ty.min_items),
        ("min_length", ty.min_length),
        ("max_length", ty.max_length),
    ];
    let counts = counts.map(|(key, n)| (key, n.map(|n| n.to_string())));
    for (key, value) in limits.into_iter().chain(counts) {
        if let Some(value) = value {
            map.raw(key, value);
        }
    }
    if ty.unique_items {
        map.raw("unique_items", "true");
    }
    if let Some(format) = &ty.format {
        map.str("format", format);
    }
    if let Some(pattern) = &ty.pattern {
        map.str("pattern", pattern);
    }
    if let Some((pattern, min, max)) = &ty.keys {
        let mut keys = Map::new();
        if let Some(pattern) = pattern {
            keys.str("pattern", pattern);
        }
        for (key, n) in [("min_length", min), ("max_length", max)] {
            if let Some(n) = n {
                keys.raw(key, n.to_string());
            }
        }
        map.insert("keys", Node::Map(keys));
    }
    if ty.ty != "file" {
        for (key, value) in [("default", default), ("example", example)] {
            if let Some(value) = value {
                map.insert(key, Node::Json(value));
            }
        }
    }
    map
}

fn entry(key: &str, value: Node) -> Entry {
    Entry { key: key.to_owned(), value, comment: Vec::new() }
}

fn default_of(s: &Value) -> Option<Value> {
    s.get("default").filter(|v| !v.is_null()).cloned()
}

/// `example`, or the first of 3.1's `examples` (a list) or of a media type's
/// `examples` (a map of example objects); for an array without one, its
/// scalar items' example as a list of one.
fn example_of(s: &Value) -> Option<Value> {
    if let Some(e) = s.get("example").filter(|v| !v.is_null()) {
        return Some(e.clone());
    }
    match s.get("examples") {
        Some(Value::Array(list)) => list.first().cloned(),
        Some(Value::Object(map)) => map.values().next().and_then(|e| e.get("value")).cloned(),
        _ if s.get("type").and_then(Value::as_str) == Some("array") => {
            let item = s.get("items").and_then(example_of)?;
            (!item.is_object() && !item.is_array()).then(|| Value::Array(vec![item]))
        }
        _ => None,
    }
}

/// A trimmed, tidied text field, if present and not empty.
fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(prose::tidy).filter(|s| !s.is_empty())
}

fn first_paragraph(text: &str) -> Option<String> {
    text.split("\n\n").next().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// `ListClipsResponse data item` → `List clips response data item`.
fn readable(hint: &str) -> String {
    let words = snake(hint).replace('_', " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn dedup(list: &mut Vec<String>) {
    let mut seen = HashSet::new();
    list.retain(|s| seen.insert(s.clone()));
}

/// The statuses a response key documents: an exact status, `4XX`, `5XX` or
/// `default` for errors. `2XX` is the success 200 when no exact 2xx is
/// listed (`keys`), and `default` is it when no 2xx is listed at all.
pub(super) fn status_set(status: &str, keys: &[&str]) -> Option<StatusSet> {
    let exact_success = |k: &&str| k.len() == 3 && k.starts_with('2') && k.parse::<u16>().is_ok();
    match status.to_ascii_uppercase().as_str() {
        "4XX" => Some(StatusSet::Class(4)),
        "5XX" => Some(StatusSet::Class(5)),
        "2XX" if !keys.iter().any(exact_success) => Some(StatusSet::Exact(200)),
        "DEFAULT" if !keys.iter().any(|k| k.starts_with('2')) => Some(StatusSet::Exact(200)),
        "DEFAULT" => Some(StatusSet::Default),
        _ => match status.parse::<u16>() {
            Ok(code) if (100..600).contains(&code) && status.len() == 3 => Some(StatusSet::Exact(code)),
            _ => None,
        },
    }
}

/// Why a document's path cannot be an operation's path, if it cannot: it
/// does not start with `/` (OpenAPI requires it), or its braces do not pair.
pub(super) fn path_problem(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return Some("it does not start with `/`, as OpenAPI requires".to_owned());
    }
    placeholders(path).err()
}

pub(super) fn is_json(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json")
}

/// A group file name: snake_case, and not a name the generated module uses.
pub(crate) fn group_name(text: &str) -> String {
    let name = snake(text);
    if RESERVED_GROUPS.contains(&name.as_str()) || name == "api" || !is_rust_ident(&name) {
        format!("{name}_group")
    } else {
        name
    }
}

fn describe(s: &Value) -> String {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        return format!("`{}`", r.rsplit('/').next().unwrap_or(r));
    }
    match s.get("type") {
        Some(Value::String(t)) if t == "array" => {
            format!("an array of {}", s.get("items").map_or_else(|| "anything".to_owned(), describe))
        }
        Some(Value::String(t)) => format!("`{t}`"),
        Some(other) => format!("`{other}`"),
        None if s.get("oneOf").is_some() => "a `oneOf`".to_owned(),
        None if s.get("anyOf").is_some() => "an `anyOf`".to_owned(),
        None if s.get("properties").is_some() => "an object".to_owned(),
        None => "an untyped schema".to_owned(),
    }
}

/// What identifies an inline schema among others: its text, and the
/// document it is in when it has references (they are relative to it), so
/// the same schema in two files of a split document is one type, as it is
/// once bundled.
fn shape_key(kind: &str, at: &Loc, s: &Value) -> String {
    let text = s.to_string();
    let doc = if text.contains("\"$ref\"") { at.doc.to_string() } else { String::new() };
    format!("{kind}\u{0}{doc}\u{0}{text}")
}

/// The `x-rate-limits` extension as the spec's `rate_limits`: its text keys
/// and its labels, each with a text meaning; `None` when it has neither.
fn rate_limits_of(value: &Value) -> Option<Map> {
    let mut map = Map::new();
    for key in ["doc", "url"] {
        if let Some(text) = value.get(key).and_then(Value::as_str) {
            map.str(key, text);
        }
    }
    let mut labels = Map::new();
    for (label, meaning) in value.get("labels").and_then(Value::as_object).into_iter().flatten() {
        if let Some(meaning) = meaning.as_str() {
            labels.str(label.clone(), meaning);
        }
    }
    if !labels.0.is_empty() {
        map.insert("labels", Node::Map(labels));
    }
    (!map.0.is_empty()).then_some(map)
}

//! OpenAPI → this project's spec format.
//!
//! Operations are converted one by one; the schemas they use become named
//! types as they are met (component schemas keep their names, inline ones
//! are named from where they appear, and an inline schema seen twice is one
//! type). What the format cannot say is written as a comment at the place it
//! belongs and counted in the summary.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use serde_json::Value;

use super::document::{Documents, Loc};
use super::prose;
use super::yaml::{Entry, Map, Node};
use super::{ImportError, LeftOut, Loss};
use crate::ident::{camel, is_rust_ident, snake, type_name};
use crate::model::{StatusSet, Temporal, BUILDER_MEMBERS, TOKEN_SCHEME};
use crate::output::OutputFile;
use crate::validate::{
    code_variant, is_format_name, is_media_type, pattern_problem, placeholders, set_variant, shadowed_members,
    JsonKind, PRIMITIVES, RESERVED_GROUPS, RESERVED_OPERATIONS,
};

mod schemas;
mod unions;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

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
}

impl<'d> Converter<'d> {
    /// A converter for the API `api` over `docs`.
    pub fn new(docs: &'d Documents, api: &str) -> Self {
        Converter {
            docs,
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
        }
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
                let (item_at, item) = match self.follow(&paths_at.child(path), item)? {
                    Ok(found) => found,
                    Err(why) => {
                        let what = format!("the path `{path}`: {why}: left out");
                        let note = self.loss_in(Loss::PathItem, "api.yaml", path, what);
                        self.api_notes.push(("api", note));
                        continue;
                    }
                };
                for method in METHODS {
                    let Some(op) = item.get(method) else { continue };
                    // An operation may itself be a reference (bundlers accept it).
                    let (op_at, op) = match self.follow(&item_at.child(method), op)? {
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
            let header = vec![format!("Imported by `specgen import`: the `{name}` operations of {}.", self.sources())];
            trees.push((format!("{name}.yaml"), (header, map)));
        }
        // Every note stands as a comment in its file: one that found no
        // place of its own goes into the file's header.
        let mut files = Vec::with_capacity(trees.len());
        for (path, (mut header, map)) in trees {
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

    fn sources(&self) -> String {
        let names: Vec<String> = (0..self.docs.given)
            .map(|d| {
                let path = &self.docs.doc(d).path;
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
            })
            .collect();
        names.join(", ")
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

    /// The server of document `d`: the first of its `servers`, named
    /// `default` for the first document and after the document otherwise.
    fn document_server(&mut self, d: usize) -> Result<String, ImportError> {
        let docs = self.docs;
        let listed = docs.doc(d).value.get("servers").and_then(Value::as_array).and_then(|s| s.first());
        // No servers means `/`, relative to where the document is served.
        let root = serde_json::json!({ "url": "/" });
        let server = listed.unwrap_or(&root);
        let name = if self.servers.is_empty() {
            "default".to_owned()
        } else {
            snake(&docs.doc(d).path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default())
        };
        self.server(d, server, &name, None)
    }

    /// Registers a server object under `name` (or finds the same URL): a
    /// document's, or with `op` the operation's of that name.
    fn server(&mut self, d: usize, server: &Value, name: &str, op: Option<&str>) -> Result<String, ImportError> {
        let given = server.get("url").and_then(Value::as_str).unwrap_or("").trim();
        if let Some(op) = op.filter(|_| is_scheme_only(given)) {
            return Ok(self.caller_server(given, op));
        }
        let mut url = given.trim_end_matches('/').to_owned();
        // A variable for the scheme (`{scheme}://host`): the format's server
        // variables are parts of a URL after its scheme, so HTTPS is taken
        // when the variable allows it, else its default.
        let scheme_var = url.strip_prefix('{').and_then(|rest| rest.split_once("}://")).map(|(v, _)| v.to_owned());
        let scheme = scheme_var.as_ref().map(|var| {
            let v = server.get("variables").and_then(|vars| vars.get(var));
            let allows_https = v
                .and_then(|v| v.get("enum"))
                .and_then(Value::as_array)
                .is_some_and(|values| values.iter().any(|x| x.as_str() == Some("https")));
            let default = v.and_then(|v| v.get("default")).and_then(Value::as_str).unwrap_or("https");
            let scheme = if allows_https { "https" } else { default }.to_owned();
            url = url.replacen(&format!("{{{var}}}"), &scheme, 1);
            scheme
        });
        if !url.starts_with("https://") && !url.starts_with("http://") && !url.starts_with('{') {
            // A relative URL (`/api/v3`, or none at all) is relative to the host serving the API.
            let Some(base) = &self.base_url else {
                let what = if url.is_empty() { "no server URL".to_owned() } else { format!("the server URL `{url}`") };
                let whose = op.map_or_else(|| "it".to_owned(), |op| format!("the operation `{op}`"));
                return Err(self.docs.error(
                    d,
                    format!(
                        "{whose} gives {what}, not the API's full base URL: pass it with --server \
                         (`https://api.example.com`)"
                    ),
                ));
            };
            url = format!("{}/{}", base.trim_end_matches('/'), url.trim_start_matches('/'))
                .trim_end_matches('/')
                .to_owned();
        }
        if let Some((existing, _)) = self.servers.iter().find(|(_, u)| **u == url) {
            return Ok(existing.clone());
        }
        // Noted once per server, not once per document or operation naming it.
        if let (Some(var), Some(scheme)) = (&scheme_var, &scheme) {
            let what = format!(
                "the server variable `{var}` chooses the URL's scheme, which the format fixes: `{scheme}` was taken"
            );
            let note = self.note_in("api.yaml", "servers", what);
            self.api_notes.push(("servers", note));
        }
        for (var, v) in server.get("variables").and_then(Value::as_object).into_iter().flatten() {
            if self.variables.contains_key(var) || scheme_var.as_ref() == Some(var) {
                continue;
            }
            let mut map = Map::new();
            map.str("default", v.get("default").and_then(Value::as_str).unwrap_or(""));
            map.str("doc", text(v, "description").unwrap_or_else(|| format!("The server's `{var}`.")));
            // Known values: OpenAPI's `enum`, or this tool's export's
            // `x-known-values` (the caller may set others).
            let listed = v.get("enum").or_else(|| v.get("x-known-values")).and_then(Value::as_array);
            let values: Vec<String> = listed.into_iter().flatten().filter_map(scalar_string).collect();
            if !values.is_empty() {
                map.insert("values", Node::List(values));
            }
            self.variables.insert(var.clone(), map);
        }
        // The name an export gave it, else the one the document's place gives.
        let own = server.get("x-server-name").and_then(Value::as_str).filter(|n| !n.is_empty() && snake(n) == **n);
        let base = match own {
            Some(own) => own,
            None if name.is_empty() => "server",
            None => name,
        };
        let mut name = base.to_owned();
        let mut n = 2;
        // Server names become enum variants, so they must differ in CamelCase.
        while self.servers.keys().any(|k| camel(k) == camel(&name)) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.servers.insert(name.clone(), url);
        Ok(name)
    }

    /// The server of an operation whose document gives only a scheme
    /// (`https://`: a presigned upload URL, known at run time): a server
    /// variable the caller sets. Its default names a host that never
    /// resolves (`.invalid`), so a call made without it fails clearly.
    fn caller_server(&mut self, given: &str, op: &str) -> String {
        let var = format!("{op}_url");
        let mut map = Map::new();
        map.str("default", format!("https://{}.invalid", op.replace('_', "-")));
        map.str(
            "doc",
            format!(
                "The base URL of `{op}`, which the caller supplies: the document gives only `{given}` (a URL known at \
                 run time, such as a presigned upload URL)."
            ),
        );
        self.variables.insert(var.clone(), map);
        let what = format!(
            "the operation's server is `{given}`, only a scheme: its base URL is the server variable `{var}`, which \
             the caller sets"
        );
        let note = self.note(op, what);
        self.op_server_notes.push(note);
        let mut name = op.to_owned();
        let mut n = 2;
        while self.servers.keys().any(|k| camel(k) == camel(&name)) {
            name = format!("{op}_{n}");
            n += 1;
        }
        self.servers.insert(name.clone(), format!("{{{var}}}"));
        name
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
        let header = vec![format!("Imported by `specgen import` from {}.", self.sources())];
        Ok((header, map))
    }

    /// `auth:` from the first OAuth2 or bearer scheme the documents declare.
    /// The documents' security schemes by name, as the format has them:
    /// the token (bearer, OAuth 2, OpenID Connect, with a token URL), API
    /// keys and HTTP Basic; the others with why they are left out.
    fn security_schemes_of(&self) -> Result<IndexMap<String, SchemeOut>, ImportError> {
        let docs = self.docs;
        let mut out = IndexMap::new();
        for d in 0..docs.given {
            let Some(schemes) = docs.doc(d).value.pointer("/components/securitySchemes").and_then(Value::as_object)
            else {
                continue;
            };
            let at = Loc { doc: d, pointer: "/components/securitySchemes".to_owned() };
            for (name, scheme) in schemes {
                if out.contains_key(name) {
                    continue;
                }
                let scheme = match self.follow(&at.child(name), scheme)? {
                    Ok((_, scheme)) => scheme,
                    Err(why) => {
                        out.insert(name.clone(), SchemeOut::Unsupported(why));
                        continue;
                    }
                };
                let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
                let http = scheme.get("scheme").and_then(Value::as_str).map(str::to_ascii_lowercase);
                let described = |map: &mut Map| {
                    if let Some(doc) = text(scheme, "description") {
                        map.str("doc", doc);
                    }
                };
                let converted = match (kind, http.as_deref()) {
                    ("oauth2" | "openIdConnect", _) | ("http", Some("bearer")) => {
                        let openid = scheme
                            .get("openIdConnectUrl")
                            .or_else(|| scheme.get("x-openid-connect-url"))
                            .and_then(Value::as_str)
                            .map(str::to_owned);
                        let (flows, left_out) = flows_of(scheme.get("flows"));
                        SchemeOut::Token(TokenSource { flows, left_out, openid })
                    }
                    ("http", Some("basic")) => {
                        let mut map = Map::new();
                        map.raw("type", "basic");
                        described(&mut map);
                        SchemeOut::Declared(scheme_name(name), map)
                    }
                    ("apiKey", _) => {
                        let location = scheme.get("in").and_then(Value::as_str).unwrap_or("");
                        let param = scheme.get("name").and_then(Value::as_str).unwrap_or("");
                        if !["header", "query", "cookie"].contains(&location) || param.is_empty() {
                            SchemeOut::Unsupported(format!("an API key in `{location}` named `{param}`"))
                        } else {
                            let mut map = Map::new();
                            map.raw("type", "api_key");
                            map.raw("in", location);
                            map.str("name", param);
                            described(&mut map);
                            SchemeOut::Declared(scheme_name(name), map)
                        }
                    }
                    (other, http) => SchemeOut::Unsupported(format!(
                        "the scheme type `{other}`{}",
                        http.map(|h| format!(" `{h}`")).unwrap_or_default()
                    )),
                };
                out.insert(name.clone(), converted);
            }
        }
        Ok(out)
    }

    /// A document's `security` (at `place`) in the format, written inline
    /// (`[[client_id, client_secret], [basic]]`, `[]` for a public
    /// operation); `None` for the token alone in an API that declares no
    /// other scheme (the client sends its token when it has one). An
    /// alternative that needs a scheme left out is noted and dropped.
    fn requirement_of(
        &mut self,
        security: &Value,
        schemes: &IndexMap<String, SchemeOut>,
        file: &str,
        place: &str,
    ) -> Option<String> {
        let alternatives = security.as_array()?;
        let mut out: Vec<Vec<String>> = Vec::new();
        for alternative in alternatives {
            let mut names: Vec<String> = Vec::new();
            let mut usable = true;
            for name in alternative.as_object().into_iter().flat_map(|o| o.keys()) {
                match schemes.get(name) {
                    Some(SchemeOut::Token(_)) => names.push(TOKEN_SCHEME.to_owned()),
                    Some(SchemeOut::Declared(spec_name, _)) => names.push(spec_name.clone()),
                    Some(SchemeOut::Unsupported(_)) | None => usable = false,
                }
            }
            if !usable {
                let what =
                    format!("a security alternative needing a scheme the format cannot send: left out ({alternative})");
                let note = self.note_in(file, place, what);
                if file == "api.yaml" {
                    self.api_notes.push(("security", note));
                }
                continue;
            }
            dedup(&mut names);
            if !out.contains(&names) {
                out.push(names);
            }
        }
        let declared = schemes.values().any(|s| matches!(s, SchemeOut::Declared(..)));
        if !declared && !out.is_empty() && out.iter().all(|alt| alt == &[TOKEN_SCHEME.to_owned()]) {
            return None;
        }
        let alternatives: Vec<String> = out.iter().map(|alt| format!("[{}]", alt.join(", "))).collect();
        Some(format!("[{}]", alternatives.join(", ")))
    }

    /// The `auth` token: a bearer token, with the OAuth 2 flows of the first
    /// token scheme that has any and the first OpenID Connect URL; a note
    /// when the documents declare no scheme at all (a token is then assumed).
    fn auth(&mut self, schemes: &IndexMap<String, SchemeOut>) -> (Map, Option<String>) {
        let mut auth = Map::new();
        auth.raw("prefix", "Bearer");
        let sources: Vec<&TokenSource> = schemes
            .values()
            .filter_map(|s| match s {
                SchemeOut::Token(source) => Some(source),
                _ => None,
            })
            .collect();
        if let Some(flows) = sources.iter().find(|s| !s.flows.is_empty()) {
            auth.insert("flows", Node::Map(flows.flows.clone()));
        }
        if let Some(url) = sources.iter().find_map(|s| s.openid.as_ref()) {
            auth.str("openid_connect", url);
        }
        if !schemes.is_empty() {
            return (auth, None);
        }
        let what = "the documents declare no security scheme; a bearer token is assumed";
        (auth, Some(self.note_in("api.yaml", "auth", what.to_owned())))
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
        map.str("path", path);
        let op_server = match op.get("servers").or_else(|| item.get("servers")).and_then(Value::as_array) {
            Some(list) if !list.is_empty() => self.server(d, &list[0], &name, Some(&name))?,
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
        let (params, params_left_out) =
            self.parameters(&name, item_at, at, op, item, path, &placeholders, &mut members)?;
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
            let what = format!("the `text/event-stream` response: answered to the operation `{other}`");
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
        if let Some(pagination) = op.get("x-pagination").and_then(pagination_of) {
            map.insert("pagination", Node::Map(pagination));
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

    /// Path, query and header parameters (the path item's and the operation's).
    #[allow(clippy::too_many_arguments)]
    fn parameters(
        &mut self,
        op_name: &str,
        item_at: &Loc,
        at: &Loc,
        op: &'d Value,
        item: &'d Value,
        path: &str,
        placeholders: &[String],
        members: &mut HashSet<String>,
    ) -> Result<Noted<[(&'static str, Map); 4]>, ImportError> {
        let mut left_out = Vec::new();
        // The operation's parameters override the path item's of the same name and place.
        let mut list: IndexMap<(String, String), (Loc, &'d Value)> = IndexMap::new();
        for (source, base) in [(item, item_at), (op, at)] {
            let base = base.child("parameters");
            for (i, p) in source.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
                let (p_at, p) = match self.follow(&base.child(i), p)? {
                    Ok(found) => found,
                    Err(why) => {
                        left_out.push(self.loss(Loss::Parameter, op_name, format!("a parameter: {why}: left out")));
                        continue;
                    }
                };
                let name = p.get("name").and_then(Value::as_str).unwrap_or("").to_owned();
                let place = p.get("in").and_then(Value::as_str).unwrap_or("").to_owned();
                list.insert((place, name), (p_at, p));
            }
        }
        let mut out =
            [("path_params", Map::new()), ("query", Map::new()), ("headers", Map::new()), ("cookies", Map::new())];
        for name in placeholders {
            if !list.contains_key(&("path".to_owned(), name.clone())) {
                let yaml = field_map(&Ty::named("string"), &format!("The `{name}` of the path."), false, None, None);
                let note = self.note(
                    &format!("{op_name}.path_params.{name}"),
                    format!("`{{{name}}}` is in the path but not declared; taken as a string"),
                );
                out[0].1.insert(name.clone(), Node::Map(yaml)).comment(note);
            }
        }
        for ((place, name), (p_at, p)) in list {
            let slot = match place.as_str() {
                "path" => 0,
                "query" => 1,
                "header" => 2,
                "cookie" => 3,
                _ => {
                    let what = format!(
                        "the {place} parameter `{name}`: the format sends path, query, header and cookie parameters"
                    );
                    left_out.push(self.loss(Loss::Parameter, &format!("{op_name}.{name}"), what));
                    continue;
                }
            };
            let where_ = format!("{op_name}.{}.{name}", out[slot].0);
            if slot == 0 && !placeholders.contains(&name) {
                let what = format!("the path parameter `{name}` is not in the path `{path}`");
                left_out.push(self.loss(Loss::Parameter, &where_, what));
                continue;
            }
            let lower = name.to_ascii_lowercase();
            if slot == 2 && ["authorization", "content-type", "accept", "content-length"].contains(&lower.as_str()) {
                left_out.push(self.note(&where_, format!("the header `{name}`: the client sets it itself")));
                continue;
            }
            let rust = if slot == 0 { snake(&name) } else { distinct_rust(&name, members) };
            // A parameter's `content` (instead of `schema`) says how it is encoded: JSON in a query.
            let content = p.get("content").and_then(Value::as_object);
            let json_content = content.and_then(|c| c.iter().find(|(k, _)| is_json(k)));
            let (schema_at, schema) = match (p.get("schema"), json_content) {
                (None, Some((media, c))) => {
                    (p_at.child("content").child(media).child("schema"), c.get("schema").unwrap_or(&NO_SCHEMA))
                }
                (schema, _) => (p_at.child("schema"), schema.unwrap_or(&NO_SCHEMA)),
            };
            // A query parameter may be an object, sent by its keys; the others are text.
            let converted_as = if slot == 1 { Place::Json } else { Place::Param };
            let mut ty = self.schema(&schema_at, schema, &format!("{op_name} {name}"), converted_as)?;
            // Parameters are text (scalars, enums, unions of them), arrays of
            // text (query and header), or (query) objects and maps.
            let structured = ty.ty == "map" || (self.types.contains_key(&ty.ty) && !self.is_text(&ty.ty));
            // In a query: JSON text when the document says so (`content`),
            // and for an array of objects, which OpenAPI leaves undefined.
            let objects_array = ty.ty == "array" && ty.items.as_deref().is_some_and(|items| !self.is_text(items));
            let as_json = slot == 1 && ((p.get("schema").is_none() && json_content.is_some()) || objects_array);
            if slot == 1 && objects_array && json_content.is_none() {
                ty.notes.push(
                    "an array of objects, whose query form OpenAPI leaves undefined: sent as JSON text".to_owned(),
                );
            }
            let sendable = match ty.ty.as_str() {
                _ if as_json => true,
                "any" => false,
                "array" => (slot == 1 || slot == 2) && ty.items.as_deref().is_some_and(|items| self.is_text(items)),
                _ => self.is_text(&ty.ty) || (slot == 1 && structured),
            };
            if !sendable && slot == 0 {
                let what = format!(
                    "a path parameter of a type the format cannot send ({}); taken as a string",
                    describe(schema)
                );
                ty = Ty::noted("string", what);
            } else if !sendable {
                let what = format!(
                    "the {place} parameter `{name}`: its type ({}) is not text, an array of text or (query) an object",
                    describe(schema)
                );
                left_out.push(self.loss(Loss::Parameter, &where_, what));
                continue;
            }
            ty.nullable = false;
            ty.nullable_items = false;
            // Path parameters are always required, and the format says so itself.
            let required = slot != 0 && p.get("required").and_then(Value::as_bool) == Some(true);
            let doc = text(p, "description").unwrap_or_else(|| format!("The `{name}` parameter."));
            let example = self.example_in(&p_at, p)?.or_else(|| example_of(schema));
            let mut yaml = field_map(&ty, &doc, required, default_of(schema), example);
            if as_json {
                yaml.raw("style", "json");
            } else if slot == 1 && ty.ty == "array" {
                // `explode` is true by default for `form` only.
                let style = p.get("style").and_then(Value::as_str).unwrap_or("form");
                let delimited = match (style, p.get("explode").and_then(Value::as_bool).unwrap_or(style == "form")) {
                    (_, true) => None,
                    ("spaceDelimited", false) => Some("space_delimited"),
                    ("pipeDelimited", false) => Some("pipe_delimited"),
                    (_, false) => Some("comma"),
                };
                if let Some(delimited) = delimited {
                    yaml.raw("style", delimited);
                }
            }
            if !as_json && slot == 1 && structured && p.get("style").and_then(Value::as_str) == Some("deepObject") {
                yaml.raw("style", "deep_object");
            }
            rust_name(&mut yaml, &name, &rust);
            members.insert(rust);
            let notes = self.notes(&where_, ty.notes);
            out[slot].1.insert(name, Node::Map(yaml)).comment.extend(notes);
        }
        // Path parameters in the path's order, as the model keeps them.
        out[0].1 .0.sort_by_key(|e| placeholders.iter().position(|p| *p == e.key));
        Ok((out, left_out))
    }

    fn notes(&mut self, place: &str, notes: Vec<String>) -> Vec<String> {
        notes.into_iter().map(|n| self.note(place, n)).collect()
    }

    /// The request body: JSON of a named type or a multipart form.
    ///
    /// `chosen` is the media type to send, for an operation made for another
    /// body kind; else the first kind [`body_kinds`] gives is sent, and the
    /// other kinds are put in `others`, each to be sent by an operation of
    /// its own.
    fn body(
        &mut self,
        op_name: &str,
        at: &Loc,
        op: &'d Value,
        members: &mut HashSet<String>,
        chosen: Option<&'d str>,
        others: &mut Vec<(&'d str, &'static str)>,
    ) -> Result<Noted<Option<Map>>, ImportError> {
        let docs = self.docs;
        let Some(body) = op.get("requestBody") else { return Ok((None, Vec::new())) };
        let (b_at, body) = match self.follow(&at.child("requestBody"), body)? {
            Ok(found) => found,
            Err(why) => {
                let what = format!("the body: {why}: left out");
                return Ok((None, vec![self.loss(Loss::RequestBody, &format!("{op_name}.body"), what)]));
            }
        };
        let Some(content) = body.get("content").and_then(Value::as_object) else { return Ok((None, Vec::new())) };
        let where_ = format!("{op_name}.body");
        let mut notes = Vec::new();
        let kinds = body_kinds(content);
        // An operation made for another body kind says nothing of the others.
        let main = chosen.is_none();
        let chosen = chosen.and_then(|c| kinds.iter().find(|(m, _)| *m == c)).or(kinds.first()).copied();
        // The document's operation lists the other kinds and notes the media
        // types no kind takes; a body with no kind at all is a loss, noted below.
        if let (true, Some((kept, _))) = (main, chosen) {
            others.extend(kinds.iter().skip(1));
            for other in content.keys().filter(|k| !kinds.iter().any(|(m, _)| m == k)) {
                let what = format!(
                    "the `{other}` body: the format sends one body of each kind (JSON, a form or bytes), and `{kept}` \
                     was kept"
                );
                notes.push(self.note(&where_, what));
            }
        }
        let Some((media, kind)) = chosen else {
            if !content.is_empty() {
                let what = "the body: none of its media types is one the format can send".to_owned();
                notes.push(self.loss(Loss::RequestBody, &where_, what));
            }
            return Ok((None, notes));
        };
        if kind == "binary" {
            let media = media.split(';').next().unwrap_or("").trim();
            let media = if media == "*/*" { "application/octet-stream" } else { media };
            let mut map = Map::new();
            if let Some(doc) = text(body, "description") {
                map.str("doc", doc);
            }
            map.str("binary", media);
            return Ok((Some(map), notes));
        }
        let (s_at, schema) = media_schema(&b_at, content, media);
        let mut map = Map::new();
        let description = text(body, "description");
        if let Some(doc) = &description {
            map.str("doc", doc);
        }
        if kind == "json" {
            if !media.contains('/') {
                let what = format!("the media type `{media}` is not one: the body is sent as JSON, as its schema says");
                notes.push(self.note(&where_, what));
            }
            let hint = format!("{op_name} request");
            let mut ty = self.schema(&s_at, schema, &hint, Place::Json)?;
            notes.extend(self.notes(&where_, std::mem::take(&mut ty.notes)));
            let name =
                if self.types.contains_key(&ty.ty) { ty.ty } else { self.alias(ty, &s_at, schema, &hint, description) };
            let fields: Vec<String> = match self.types[&name].yaml.0.iter().find(|e| e.key == "fields") {
                Some(Entry { value: Node::Map(fields), .. }) => fields.0.iter().map(field_rust).collect(),
                _ => Vec::new(),
            };
            let clash = fields.iter().find(|f| members.contains(*f)).cloned();
            map.str("json", name);
            match clash {
                Some(clash) => {
                    let what =
                        format!("the body field `{clash}` has a parameter's Rust name, so the body is taken whole");
                    let note = self.note(&where_, what);
                    map.raw("whole", "true").comment(note);
                }
                None => members.extend(fields),
            }
            return Ok((Some(map), notes));
        }
        // A form: the schema's properties are its fields.
        let (form_key, files) = if kind == "form" { ("form", false) } else { ("multipart", true) };
        let (o_at, object) = match self.follow(&s_at, schema)? {
            Ok(found) => found,
            Err(why) => {
                notes.push(self.loss(Loss::RequestBody, &where_, format!("the `{media}` body: {why}: left out")));
                return Ok((None, notes));
            }
        };
        let (properties, required) = self.form_properties(&o_at, object)?;
        // A union of objects sent as a form keeps its members: the body is a
        // value of the union, its keys the fields. One with files stays a
        // list of fields, which can carry them.
        let union =
            ["oneOf", "anyOf"].iter().any(|k| object.get(*k).and_then(Value::as_array).is_some_and(|a| !a.is_empty()))
                && object.get("properties").is_none();
        let mut has_file = false;
        for (key, (p_at, prop)) in properties.iter().filter(|_| files) {
            let (_, resolved, _) = docs.deref_or_self(p_at, prop)?;
            has_file |= form_file(key, resolved).is_some();
        }
        if union && !has_file {
            // Members merged into one object (not told apart) are better
            // sent field by field, with a setter each: that conversion is
            // forgotten, as is one the form cannot send.
            let checkpoint = self.checkpoint();
            let hint = format!("{op_name} request");
            let mut ty = self.schema(&s_at, schema, &hint, Place::Json)?;
            let is_union = self.types.get(&ty.ty).is_some_and(|t| t.yaml.0.iter().any(|e| e.key == "one_of"));
            if is_union && self.keyed_type(&ty.ty, 0) {
                notes.extend(self.notes(&where_, std::mem::take(&mut ty.notes)));
                map.str(if files { "multipart_of" } else { "form_of" }, ty.ty);
                return Ok((Some(map), notes));
            }
            self.rollback(checkpoint);
        }
        // A required form none of whose fields is required would go out
        // empty: its files are what it cannot do without.
        let files_required = body.get("required").and_then(Value::as_bool) == Some(true)
            && properties.iter().all(|(key, _)| !required.contains(key));
        let mut fields = Map::new();
        for (key, (p_at, prop)) in properties {
            let where_ = format!("{where_}.{form_key}.{key}");
            let rust = distinct_rust(&key, members);
            let (_, resolved, _) = docs.deref_or_self(&p_at, prop)?;
            // A multipart part may hold any JSON; a URL-encoded field holds
            // text, or a structured value sent by its keys (`k[a]=1`).
            let place = Place::Json;
            // A part the document sends as JSON is never a file, whatever it looks like.
            let content_type = content.get(media).and_then(|m| {
                m.pointer(&format!("/encoding/{}/contentType", key.replace('~', "~0").replace('/', "~1")))
            });
            let json_part = content_type.and_then(Value::as_str).is_some_and(is_json);
            let mut ty = match form_file(&key, resolved).filter(|_| files && !json_part) {
                Some(file) => file,
                None => self.schema(&p_at, prop, &format!("{op_name} {key}"), place)?,
            };
            ty.nullable = false;
            ty.nullable_items = false;
            let doc = text(resolved, "description")
                .or_else(|| text(prop, "description"))
                .unwrap_or_else(|| format!("The `{key}` form field."));
            let file_required = files_required && ty.ty == "file";
            if file_required {
                ty.notes.push("required: the body is required and none of its fields is, so its file is".to_owned());
            }
            let mut yaml = field_map(&ty, &doc, file_required || required.contains(&key), None, None);
            // A file's limits, as the OpenAPI export writes them.
            if ty.ty == "file" || ty.items.as_deref() == Some("file") {
                if let Some(max) = resolved.get("x-max-size-bytes").and_then(Value::as_u64) {
                    yaml.raw("max_size", max.to_string());
                }
                let types = resolved.get("x-file-types").and_then(Value::as_array).into_iter().flatten();
                let types: Vec<String> = types.filter_map(Value::as_str).map(str::to_owned).collect();
                if !types.is_empty() {
                    yaml.insert("file_types", Node::List(types));
                }
            }
            if files {
                let encoding_at = b_at.child("content").child(media).child("encoding").child(&key);
                let (headers, header_notes) = self.part_headers(&encoding_at, &where_, op_name, &key)?;
                notes.extend(header_notes);
                if let Some(headers) = headers {
                    yaml.insert("headers", Node::Map(headers));
                }
            }
            rust_name(&mut yaml, &key, &rust);
            members.insert(rust);
            let field_notes = self.notes(&where_, ty.notes);
            fields.insert(key, Node::Map(yaml)).comment.extend(field_notes);
        }
        // A required name the properties do not describe must still be sent
        // (JSON Schema's `required` alone): a text field.
        let undescribed: Vec<&String> =
            required.iter().filter(|r| !r.is_empty() && !fields.0.iter().any(|e| e.key == **r)).collect();
        for key in undescribed {
            let where_ = format!("{where_}.{form_key}.{key}");
            let rust = distinct_rust(key, members);
            let doc = format!("The `{key}` form field, required by the document, which does not describe it.");
            let mut yaml = field_map(&Ty::named("string"), &doc, true, None, None);
            rust_name(&mut yaml, key, &rust);
            members.insert(rust);
            let note = self.note(&where_, "required but not among the properties: a text field".to_owned());
            fields.insert(key.clone(), Node::Map(yaml)).comment.push(note);
        }
        // Fields beyond the properties, which the caller names
        // (`additionalProperties`, a schema or `true`).
        let extra = match object.get("additionalProperties") {
            Some(values @ Value::Object(_)) => {
                let at = o_at.child("additionalProperties");
                let hint = format!("{op_name} extra");
                let inner = self.schema(&at, values, &hint, Place::Json)?;
                let (extra, extra_notes) = self.inner_name(inner, &at, values, &hint);
                notes.extend(self.notes(&format!("{where_}.extra"), extra_notes));
                Some(extra)
            }
            Some(Value::Bool(true)) => Some("any".to_owned()),
            _ => None,
        };
        // How many fields a form has is not something the format limits.
        for key in ["minProperties", "maxProperties"] {
            if let Some(n) = object.get(key).filter(|n| n.is_u64()) {
                notes.push(self.note(&where_, format!("`{key}: {n}` of the form (the format has no such limit)")));
            }
        }
        if fields.is_empty() && extra.is_none() {
            notes.push(self.loss(
                Loss::RequestBody,
                &where_,
                format!("the `{media}` body has no field the format can send"),
            ));
            return Ok((None, notes));
        }
        map.insert(form_key, Node::Map(fields));
        if let Some(extra) = extra {
            map.str("extra", extra);
        }
        Ok((Some(map), notes))
    }

    /// Whether the named type `name` is one whose values are JSON objects (an
    /// object, a map, a union of them), which a form can send by their keys.
    fn keyed_type(&self, name: &str, depth: usize) -> bool {
        let Some(t) = self.types.get(name).filter(|_| depth < 64) else { return false };
        let get = |key: &str| t.yaml.0.iter().find(|e| e.key == key).map(|e| &e.value);
        match (get("fields"), get("one_of"), get("type")) {
            (Some(_), _, _) => true,
            (_, Some(Node::List(members)), _) => members.iter().all(|m| self.keyed_type(m, depth + 1)),
            (_, _, Some(Node::Str(ty))) if ty == "map" => true,
            (_, _, Some(Node::Str(ty))) => self.keyed_type(ty, depth + 1),
            _ => false,
        }
    }

    /// A multipart part's headers (`encoding.<part>.headers`), text values
    /// each; `Content-Type` is the part's own and OpenAPI ignores it there.
    fn part_headers(
        &mut self,
        encoding_at: &Loc,
        where_: &str,
        op_name: &str,
        part: &str,
    ) -> Result<Noted<Option<Map>>, ImportError> {
        let docs = self.docs;
        let Some(headers) = docs.get(&encoding_at.child("headers")).and_then(Value::as_object) else {
            return Ok((None, Vec::new()));
        };
        let (mut out, mut notes) = (Map::new(), Vec::new());
        for (name, header) in headers {
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let where_ = format!("{where_}.{part}.headers.{name}");
            let (h_at, header) = match self.follow(&encoding_at.child("headers").child(name), header)? {
                Ok(found) => found,
                Err(why) => {
                    notes.push(self.loss(Loss::FormField, &where_, format!("the part header: {why}: left out")));
                    continue;
                }
            };
            let schema = header.get("schema").unwrap_or(&NO_SCHEMA);
            let ty = self.schema(&h_at.child("schema"), schema, &format!("{op_name} {part} {name}"), Place::Param)?;
            if !(self.is_text(&ty.ty)) {
                let what = format!("the part header `{name}` ({}): a header holds one text value: left out", ty.ty);
                notes.push(self.loss(Loss::FormField, &where_, what));
                continue;
            }
            let doc = text(header, "description").unwrap_or_else(|| format!("The part's `{name}` header."));
            let required = header.get("required").and_then(Value::as_bool) == Some(true);
            let example = header.get("example").cloned();
            let yaml = field_map(&ty, &doc, required, None, example);
            let field_notes = self.notes(&where_, ty.notes);
            out.insert(name.clone(), Node::Map(yaml)).comment.extend(field_notes);
        }
        Ok(((!out.0.is_empty()).then_some(out), notes))
    }

    /// Success responses and documented errors.
    /// The success responses and the errors, each with their notes. With
    /// `events`, a response that may be an event stream is taken as one;
    /// else as its other media type, and the flag returned says that one was
    /// passed over (for an operation of its own).
    #[allow(clippy::type_complexity)]
    fn responses(
        &mut self,
        op_name: &str,
        at: &Loc,
        op: &'d Value,
        events: bool,
    ) -> Result<((Map, Vec<String>, bool), Noted<Map>), ImportError> {
        let mut passed_over = false;
        let (mut notes, mut error_notes) = (Vec::new(), Vec::new());
        // Each response resolved once, with an error response's schema codes.
        let mut listed: Vec<Listed<'d, Vec<String>>> = Vec::new();
        let op_at = at;
        let at = at.child("responses");
        let all = op.get("responses").and_then(Value::as_object);
        let keys: Vec<&str> = all.into_iter().flat_map(|m| m.keys()).map(String::as_str).collect();
        // `default` last, wherever the document lists it (an export writes it
        // first): it is what no other status says, and what it names is named
        // after the others.
        let mut ordered: Vec<(&String, &'d Value)> = all.into_iter().flatten().collect();
        ordered.sort_by_key(|(status, _)| status.as_str() == "default");
        for (status, r) in ordered {
            match status_set(status, &keys) {
                Some(code) => {
                    let success = code.bounds().1 < 300 && code.bounds().0 >= 200;
                    let (r_at, r) = match self.follow(&at.child(status), r)? {
                        Ok(found) => found,
                        Err(why) => {
                            let place = format!("{op_name}.responses.{status}");
                            let what = format!("the `{status}` response: {why}: left out");
                            let note = if success {
                                self.loss(Loss::ResponseBody, &place, what)
                            } else {
                                self.note(&place, what)
                            };
                            if code.bounds().0 >= 400 {
                                error_notes.push(note)
                            } else {
                                notes.push(note)
                            }
                            continue;
                        }
                    };
                    let codes = if code.bounds().0 >= 400 { Some(self.schema_codes(&r_at, r)?) } else { None };
                    listed.push((code, status, r_at, r, codes));
                }
                None => error_notes.push(self.note(
                    &format!("{op_name}.responses.{status}"),
                    format!(
                        "the `{status}` response: the format documents statuses 100 to 599, `4XX`, `5XX` and `default`"
                    ),
                )),
            }
        }
        // One `code` enum of several codes under several statuses, in this
        // operation or another, is the error body's whole vocabulary (one
        // shared error schema), not the codes of each status.
        let shared: Vec<Vec<String>> = listed
            .iter()
            .filter_map(|(.., codes)| codes.clone())
            .filter(|codes| codes.len() > 1 && self.code_statuses.get(codes).is_some_and(|statuses| statuses.len() > 1))
            .collect();
        if !shared.is_empty() {
            let what = "the error body's `code` enum is the same under several statuses (one error schema's whole \
                        vocabulary, not the codes of each status): those statuses are kept without codes";
            error_notes.push(self.note(&format!("{op_name}.errors"), what.to_owned()));
        }
        let mut listed_codes: Vec<Listed<'d, ErrorCodes>> = Vec::with_capacity(listed.len());
        for (code, status, r_at, r, codes) in listed {
            let codes = match codes {
                Some(enum_codes) => {
                    let enum_codes = if shared.contains(&enum_codes) { Vec::new() } else { enum_codes };
                    Some(error_codes(r, enum_codes))
                }
                None => None,
            };
            listed_codes.push((code, status, r_at, r, codes));
        }
        let listed = listed_codes;
        // Status-only error variants are named first, so codes never take their names.
        let mut variants: HashSet<String> = HashSet::from(["Other".to_owned()]);
        for (code, .., codes) in &listed {
            if codes.as_ref().is_some_and(|(_, c)| c.is_empty()) {
                variants.insert(set_variant(*code));
            }
        }
        let mut responses = Map::new();
        let mut errors: Vec<(StatusSet, Node)> = Vec::new();
        let mut seen_codes: HashSet<String> = HashSet::new();
        for (code, status, r_at, r, codes) in listed {
            let where_ = format!("{op_name}.responses.{status}");
            if let Some((head, codes)) = codes {
                let body = self.error_body(op_name, &where_, &r_at, r, &mut error_notes)?;
                let head = if head.is_empty() { format!("{}.", code.http()) } else { head };
                if codes.is_empty() {
                    let node = match body {
                        Some(body) => {
                            let mut typed = Map::new();
                            typed.str("doc", head);
                            typed.str("body", body);
                            Node::Map(typed)
                        }
                        None => Node::Str(head),
                    };
                    errors.push((code, node));
                    continue;
                }
                let mut map = Map::new();
                for (c, mut meanings) in codes {
                    let integer = c.parse::<i64>().is_ok();
                    if seen_codes.contains(&c) || !variants.insert(code_variant(&c, integer)) {
                        let what = format!("error code `{c}` under {code}: documented under another status too, or named like another error");
                        error_notes.push(self.note(&format!("{op_name}.errors.{code}.{c}"), what));
                        continue;
                    }
                    seen_codes.insert(c.clone());
                    self.any_code = true;
                    self.all_codes_integer &= integer;
                    let value = match meanings.len() {
                        1 => Node::Str(meanings.remove(0)),
                        _ => Node::List(meanings),
                    };
                    map.insert(c, value);
                }
                let node = match body {
                    // Every code documented elsewhere: the status alone, as
                    // it would be without codes (and as its export reads back).
                    Some(body) if map.is_empty() => {
                        let mut typed = Map::new();
                        typed.str("doc", head);
                        typed.str("body", body);
                        Node::Map(typed)
                    }
                    None if map.is_empty() => Node::Str(head),
                    Some(body) => {
                        let mut typed = Map::new();
                        typed.str("body", body);
                        typed.insert("codes", Node::Map(map));
                        Node::Map(typed)
                    }
                    None => Node::Map(map),
                };
                errors.push((code, node));
                continue;
            }
            let StatusSet::Exact(code) = code else { continue };
            if (300..400).contains(&code) || code < 200 {
                notes.push(self.note(&where_, format!("the `{status}` response: the client follows redirects itself")));
                continue;
            }
            let mut out = Map::new();
            out.str("doc", text(r, "description").unwrap_or_else(|| format!("HTTP {code}.")));
            let mut note = None;
            let content = r.get("content").and_then(Value::as_object).filter(|c| !c.is_empty());
            let stream = content.and_then(|c| c.keys().find(|k| is_event_stream(k)));
            let alone = content.is_some_and(|c| c.keys().all(|k| is_event_stream(k)));
            if let (Some(content), Some(media)) = (content, stream) {
                if events || alone {
                    note = self.events_response(op_name, (op_at, op), &r_at, (content, media), &mut out)?;
                    responses.insert(code.to_string(), Node::Map(out)).comment.extend(note);
                    continue;
                }
                passed_over = true;
            }
            let content = content.filter(|_| !alone);
            match content.map(|c| (c, c.keys().find(|k| is_json(k)))) {
                Some((content, Some(media))) => {
                    let (s_at, schema) = media_schema(&r_at, content, media);
                    let hint = format!("{op_name} response");
                    let mut ty = self.schema(&s_at, schema, &hint, Place::Json)?;
                    if let Some(n) = ty.notes.drain(..).reduce(|a, b| format!("{a}; {b}")) {
                        note = Some(self.note(&where_, n));
                    }
                    let name = if self.types.contains_key(&ty.ty) {
                        ty.ty
                    } else {
                        self.alias(ty, &s_at, schema, &hint, None)
                    };
                    out.str("body", name);
                    if let Some(example) = self.example_in(&r_at.child("content").child(media), &content[media])? {
                        out.insert("example", Node::Json(example));
                    }
                }
                Some((content, None)) => {
                    let first = content.keys().find(|k| !is_event_stream(k));
                    let media = first.map_or("", |m| m.split(';').next().unwrap_or("").trim());
                    // Text types (and XML, CSV) are read whole as a string; the others stream as bytes.
                    let lower = media.to_ascii_lowercase();
                    let text = lower.starts_with("text/") && lower != "text/event-stream";
                    out.raw("body", if text { "text" } else { "binary" });
                    let default = if text { "text/plain" } else { "application/octet-stream" };
                    if media != default && is_media_type(media) {
                        out.str("media_type", media);
                    }
                }
                None => {}
            }
            responses.insert(code.to_string(), Node::Map(out)).comment.extend(note);
        }
        if responses.is_empty() {
            let mut empty = Map::new();
            empty.str("doc", "Success (the document lists no success response).");
            let note = self.note(op_name, "the document lists no success response; an empty 200 is assumed".to_owned());
            responses.insert("200", Node::Map(empty)).comment(note);
        }
        errors.sort_by_key(|(code, _)| *code);
        let errors = Map(errors.into_iter().map(|(k, v)| entry(&k.key(), v)).collect());
        Ok(((responses, notes, passed_over), (errors, error_notes)))
    }

    /// The type of an error response's JSON body, when its document gives a
    /// schema for it; a note on it goes to `notes`.
    fn error_body(
        &mut self,
        op_name: &str,
        where_: &str,
        r_at: &Loc,
        r: &'d Value,
        notes: &mut Vec<String>,
    ) -> Result<Option<String>, ImportError> {
        let Some(content) = r.get("content").and_then(Value::as_object) else { return Ok(None) };
        let Some(media) = content.keys().find(|k| is_json(k)) else { return Ok(None) };
        let (s_at, schema) = media_schema(r_at, content, media);
        let empty = schema.as_object().is_none_or(|o| o.keys().all(|k| k == "description" || k.starts_with("x-")));
        // Our export's common error shape, or any body of no more than the
        // code and message the client reads itself: nothing to type.
        let common = match self.follow(&s_at, schema)? {
            Ok((_, target)) => {
                let only_code_and_message = target.as_object().is_some_and(|o| {
                    o.keys().all(|k| {
                        matches!(k.as_str(), "type" | "properties" | "required" | "description" | "title")
                            || k.starts_with("x-")
                    })
                }) && target
                    .get("properties")
                    .and_then(Value::as_object)
                    .is_some_and(|p| p.keys().all(|k| k == "code" || k == "message"));
                target.get("x-error-body").and_then(Value::as_bool) == Some(true) || only_code_and_message
            }
            Err(_) => false,
        };
        if empty || common {
            return Ok(None);
        }
        let hint = format!("{op_name} error");
        let mut ty = self.schema(&s_at, schema, &hint, Place::Json)?;
        if let Some(n) = ty.notes.drain(..).reduce(|a, b| format!("{a}; {b}")) {
            notes.push(self.note(where_, n));
        }
        let name = if self.types.contains_key(&ty.ty) { ty.ty } else { self.alias(ty, &s_at, schema, &hint, None) };
        Ok(Some(name))
    }

    /// A success response as an event stream (`text/event-stream` at
    /// `media` of `content`), written into `out`: the events' type, the end
    /// marker (our export's `x-end-marker`, else the `data: [WORD]` the
    /// operation's text names) and whether it resumes. Gives a note on the
    /// events' type.
    fn events_response(
        &mut self,
        op_name: &str,
        (op_at, op): (&Loc, &'d Value),
        r_at: &Loc,
        (content, media): (&'d serde_json::Map<String, Value>, &str),
        out: &mut Map,
    ) -> Result<Option<String>, ImportError> {
        let where_ = format!("{op_name}.responses");
        let (s_at, schema) = media_schema(r_at, content, media);
        let hint = format!("{op_name} event");
        let mut ty = self.schema(&s_at, schema, &hint, Place::Json)?;
        let note = ty.notes.drain(..).reduce(|a, b| format!("{a}; {b}")).map(|n| self.note(&where_, n));
        let name = if self.types.contains_key(&ty.ty) { ty.ty } else { self.alias(ty, &s_at, schema, &hint, None) };
        out.str("events", name);
        let media_type = &content[media];
        let end = match media_type.get("x-end-marker").and_then(Value::as_str) {
            Some(end) => Some(end.to_owned()),
            None => self.end_marker_named(op_at, op),
        };
        if let Some(end) = end.filter(|e| !e.is_empty() && !e.contains(['\n', '\r'])) {
            out.str("end_marker", end);
        }
        if media_type.get("x-resumable").and_then(Value::as_bool) == Some(true) {
            out.raw("resumable", "true");
        }
        Ok(note)
    }

    /// The data of the event that ends an operation's stream, when its
    /// description or its request body's descriptions name one as the
    /// convention writes it: `data: [DONE]`.
    fn end_marker_named(&self, op_at: &Loc, op: &'d Value) -> Option<String> {
        const MOST_NODES: usize = 2_000;
        let mut stack: Vec<(Loc, &'d Value)> = vec![(op_at.clone(), op)];
        let mut followed: HashSet<(usize, String)> = HashSet::new();
        let mut nodes = 0;
        while let Some((at, value)) = stack.pop() {
            nodes += 1;
            if nodes > MOST_NODES {
                break;
            }
            match value {
                Value::Object(map) => {
                    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                        if followed.insert((at.doc, reference.to_owned())) {
                            if let Ok(Ok((to, target))) = self.follow(&at, value) {
                                stack.push((to, target));
                            }
                        }
                        continue;
                    }
                    for (key, child) in map {
                        // Responses and examples are not what the request says.
                        if matches!(key.as_str(), "responses" | "examples" | "example" | "x-oaiMeta") {
                            continue;
                        }
                        stack.push((at.child(key), child));
                    }
                }
                Value::Array(items) => stack.extend(items.iter().enumerate().map(|(i, v)| (at.child(i), v))),
                Value::String(text) => {
                    if let Some(marker) = bracketed_marker(text) {
                        return Some(marker);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Every list of codes that the error responses' schemas give, with the
    /// statuses each is documented under. References that cannot be followed
    /// are passed over here; converting the operations notes them.
    fn code_statuses(&self) -> Result<HashMap<Vec<String>, std::collections::BTreeSet<u16>>, ImportError> {
        let docs = self.docs;
        let mut out: HashMap<Vec<String>, std::collections::BTreeSet<u16>> = HashMap::new();
        for d in 0..docs.given {
            let paths_at = Loc { doc: d, pointer: "/paths".to_owned() };
            for (path, item) in docs.doc(d).value.get("paths").and_then(Value::as_object).into_iter().flatten() {
                let Ok(Ok((item_at, item))) = self.follow(&paths_at.child(path), item) else { continue };
                for method in METHODS {
                    let Some(op) = item.get(method) else { continue };
                    let Ok(Ok((op_at, op))) = self.follow(&item_at.child(method), op) else { continue };
                    let at = op_at.child("responses");
                    for (status, r) in op.get("responses").and_then(Value::as_object).into_iter().flatten() {
                        let Some(code) = status.parse::<u16>().ok().filter(|c| (400..600).contains(c)) else {
                            continue;
                        };
                        let Ok(Ok((r_at, r))) = self.follow(&at.child(status), r) else { continue };
                        let codes = self.schema_codes(&r_at, r)?;
                        if !codes.is_empty() {
                            out.entry(codes).or_default().insert(code);
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// The values of the `code` enums of an error response's JSON schemas (Zoho).
    fn schema_codes(&self, at: &Loc, r: &'d Value) -> Result<Vec<String>, ImportError> {
        let mut found = Vec::new();
        for (media, c) in r.get("content").and_then(Value::as_object).into_iter().flatten() {
            if is_json(media) {
                let schema = c.get("schema").unwrap_or(&NO_SCHEMA);
                self.code_enums(&at.child("content").child(media).child("schema"), schema, 0, &mut found)?;
            }
        }
        Ok(found)
    }

    /// The values of every `code` enum in an error schema, through unions,
    /// `allOf`, arrays and nested objects.
    fn code_enums(&self, at: &Loc, schema: &'d Value, depth: usize, out: &mut Vec<String>) -> Result<(), ImportError> {
        if depth > 6 {
            return Ok(());
        }
        let docs = self.docs;
        let (at, schema, _) = docs.deref_or_self(at, schema)?;
        for key in ["oneOf", "anyOf", "allOf"] {
            for (i, s) in schema.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
                self.code_enums(&at.child(key).child(i), s, depth + 1, out)?;
            }
        }
        if let Some(items) = schema.get("items") {
            self.code_enums(&at.child("items"), items, depth + 1, out)?;
        }
        for (name, prop) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
            let p_at = at.child("properties").child(name);
            if name != "code" {
                self.code_enums(&p_at, prop, depth + 1, out)?;
                continue;
            }
            let (_, prop, _) = docs.deref_or_self(&p_at, prop)?;
            for v in prop.get("enum").and_then(Value::as_array).into_iter().flatten().filter_map(scalar_string) {
                if !out.contains(&v) {
                    out.push(v);
                }
            }
        }
        Ok(())
    }
}

/// The body kinds the format can send of a request body's `content`, the
/// first media type of each kind, in the order the format prefers them:
/// JSON, multipart, URL-encoded form, bytes.
/// Whether a schema describes an object or an array (without following references).
fn json_shaped(schema: &Value) -> bool {
    matches!(schema.get("type").and_then(Value::as_str), Some("object" | "array"))
        || ["properties", "items", "$ref", "allOf"].iter().any(|k| schema.get(*k).is_some())
}

fn body_kinds(content: &serde_json::Map<String, Value>) -> Vec<(&str, &'static str)> {
    let kind_of = |media: &str| {
        let essence = media.split(';').next().unwrap_or("").trim();
        if is_json(media) {
            Some("json")
        } else if essence.starts_with("multipart/form-data") {
            Some("multipart")
        } else if essence == "application/x-www-form-urlencoded" {
            Some("form")
        } else if !essence.starts_with("multipart/") && (essence == "*/*" || is_media_type(essence)) {
            Some("binary")
        } else if !essence.contains('/') && content.get(media).and_then(|m| m.get("schema")).is_some_and(json_shaped) {
            // Not a media type at all (a generator's `undefined`), over an
            // object or array schema: JSON is the one body that schema describes.
            Some("json")
        } else {
            None
        }
    };
    ["json", "multipart", "form", "binary"]
        .into_iter()
        .filter_map(|kind| content.keys().find(|m| kind_of(m) == Some(kind)).map(|m| (m.as_str(), kind)))
        .collect()
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

/// The codes of an error response, with their meanings, and the status's own
/// sentence: codes from its description (Zoom's `**Error Code:**` prose),
/// then `enum_codes` from its schema.
fn error_codes(r: &Value, enum_codes: Vec<String>) -> ErrorCodes {
    let description = text(r, "description").unwrap_or_default();
    // Our export lists the codes in `x-error-codes`, each meaning also in the text.
    if let Some(listed) = r.get("x-error-codes").and_then(Value::as_array) {
        let head = description.split("\n\n**Error code**").next().unwrap_or_default().trim().to_owned();
        let codes = listed
            .iter()
            .filter_map(|c| {
                let code = match c.get("code")? {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => return None,
                };
                let meanings = c.get("meanings")?.as_array()?.iter().filter_map(Value::as_str).map(str::to_owned);
                Some((code, meanings.collect::<Vec<_>>()))
            })
            .filter(|(_, meanings)| !meanings.is_empty())
            .collect();
        return (head, codes);
    }
    let (head, mut codes) = prose::error_codes(&description);
    for code in enum_codes {
        if !codes.iter().any(|(c, _)| *c == code) {
            let meaning = if head.is_empty() { format!("{code}.") } else { head.clone() };
            codes.push((code, vec![meaning]));
        }
    }
    (head, codes)
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

/// Whether a server URL is a scheme and nothing more (`https://`).
fn is_scheme_only(url: &str) -> bool {
    url.split_once("://").is_some_and(|(scheme, rest)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphabetic()) && rest.trim_matches('/').is_empty()
    })
}

/// Where the schema of a media type is, and the schema.
fn media_schema<'d>(at: &Loc, content: &'d serde_json::Map<String, Value>, media: &str) -> (Loc, &'d Value) {
    let schema = content[media].get("schema").unwrap_or(&NO_SCHEMA);
    (at.child("content").child(media).child("schema"), schema)
}

/// A form field that is a file: `format: binary`, or the vendor mistakes of a
/// file field typed `object` without properties or `string` without a format
/// but named as a file.
fn form_file(name: &str, s: &Value) -> Option<Ty> {
    // 3.1 writes `type: [string, null]`: the type is the one beside `null`.
    let ty = match s.get("type") {
        Some(Value::String(t)) => Some(t.to_ascii_lowercase()),
        Some(Value::Array(types)) => {
            types.iter().filter_map(Value::as_str).find(|t| *t != "null").map(str::to_ascii_lowercase)
        }
        _ => None,
    };
    let format = s.get("format").and_then(Value::as_str);
    // Bytes, as 3.0 (`format: binary`) and 3.1 (`contentEncoding: binary`,
    // or a `contentMediaType` of its own) say it.
    let binary = |s: &Value| {
        s.get("format").and_then(Value::as_str) == Some("binary")
            || s.get("contentEncoding").and_then(Value::as_str) == Some("binary")
            || s.get("contentMediaType").is_some_and(|m| m.as_str() != Some("application/json"))
    };
    if binary(s) {
        return Some(Ty::named("file"));
    }
    if ty.as_deref() == Some("array") && s.get("items").is_some_and(binary) {
        return Some(Ty { items: Some("file".to_owned()), ..Ty::named("array") });
    }
    // Judged by the name's last word: `pic_file` is a file, `main_file_id` is not.
    let snake_name = snake(name);
    let last = snake_name.rsplit('_').next().unwrap_or("");
    let named_file = ["file", "files", "image", "photo", "picture", "attachment", "avatar"].contains(&last);
    let no_shape = ["properties", "additionalProperties", "enum", "const", "allOf", "oneOf", "anyOf", "items"]
        .iter()
        .all(|k| s.get(*k).is_none());
    match ty.as_deref() {
        Some("object") | None if no_shape && s.get("$ref").is_none() => {
            Some(Ty::noted("file", "typed `object` without properties or `format: binary`: taken as a file".to_owned()))
        }
        Some("string") if format.is_none() && no_shape && named_file => Some(Ty::noted(
            "file",
            "typed `string` without `format: binary` but named as a file: taken as a file".to_owned(),
        )),
        _ => None,
    }
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

/// How a security scheme of the documents maps to the format.
enum SchemeOut {
    /// The token (`auth`), with where it comes from.
    Token(TokenSource),
    /// A scheme of `security_schemes`: its name there and its YAML.
    Declared(String, Map),
    /// A scheme the format cannot send, and why.
    Unsupported(String),
}

/// The format's `pagination` from an `x-pagination` extension as specgen
/// exports it (a known `style` and only the format's keys); `None` for any
/// other document's extension of that name.
fn pagination_of(extension: &Value) -> Option<Map> {
    const STYLES: [&str; 5] = ["token", "link", "next_url", "page", "offset"];
    const KEYS: [&str; 8] = [
        "token_param",
        "token_field",
        "next_field",
        "page_param",
        "offset_param",
        "total_field",
        "items",
        "first_page",
    ];
    let object = extension.as_object()?;
    let style = object.get("style")?.as_str().filter(|s| STYLES.contains(s))?;
    let mut map = Map::new();
    map.raw("style", style);
    for (key, value) in object.iter().filter(|(k, _)| *k != "style") {
        match (KEYS.contains(&key.as_str()), value) {
            (true, Value::String(text)) if key != "first_page" => {
                map.str(key, text);
            }
            (true, Value::Number(n)) if key == "first_page" && n.is_i64() => {
                map.raw(key, n.to_string());
            }
            _ => return None,
        }
    }
    Some(map)
}

/// Where a token scheme's tokens come from.
struct TokenSource {
    /// Its OAuth 2 flows as `auth.flows`.
    flows: Map,
    /// Flows left out, and why.
    left_out: Vec<String>,
    /// Its OpenID Connect discovery URL.
    openid: Option<String>,
}

/// An OAuth 2 scheme's `flows` in the format, with the flows left out and
/// why: a URL that is not absolute HTTPS (the format sends credentials
/// nowhere else).
fn flows_of(flows: Option<&Value>) -> (Map, Vec<String>) {
    use crate::model::FlowKind;
    const FLOW_KINDS: [(FlowKind, &str); 5] = FlowKind::ALL;
    // In the order OpenAPI documents write them (and export does), so that
    // a document and its export import alike.
    const FLOWS: [(&str, &str); 6] = [
        ("implicit", "implicit"),
        ("password", "password"),
        ("clientCredentials", "client_credentials"),
        ("authorizationCode", "authorization_code"),
        ("deviceAuthorization", "device_code"),
        ("x-device-authorization", "device_code"),
    ];
    const URLS: [(&str, &str); 4] = [
        ("authorizationUrl", "authorize_url"),
        ("tokenUrl", "token_url"),
        ("deviceAuthorizationUrl", "device_url"),
        ("refreshUrl", "refresh_url"),
    ];
    let (mut out, mut left_out) = (Map::new(), Vec::new());
    let Some(flows) = flows.and_then(Value::as_object) else { return (out, left_out) };
    for key in flows.keys().filter(|k| !k.starts_with("x-") && !FLOWS.iter().any(|(f, _)| f == k)) {
        left_out.push(format!("the OAuth 2 flow `{key}`"));
    }
    for (key, kind) in FLOWS {
        let Some(flow) = flows.get(key) else { continue };
        if out.0.iter().any(|e| e.key == kind) {
            continue;
        }
        let (authorize, token, device) =
            FLOW_KINDS.iter().find(|(_, n)| *n == kind).map_or((false, false, false), |(k, _)| k.needs());
        let mut map = Map::new();
        let mut bad = None;
        for ((openapi, format), needed) in URLS.into_iter().zip([Some(authorize), Some(token), Some(device), None]) {
            match (flow.get(openapi).and_then(Value::as_str), needed) {
                (_, Some(false)) => {}
                (Some(url), _) if url.starts_with("https://") => {
                    map.str(format, url);
                }
                (Some(url), _) => {
                    bad = Some(format!("the OAuth 2 flow `{key}`, whose `{openapi}` `{url}` is not HTTPS"))
                }
                (None, Some(true)) => bad = Some(format!("the OAuth 2 flow `{key}`, which has no `{openapi}`")),
                (None, _) => {}
            }
        }
        if let Some(why) = bad {
            left_out.push(why);
            continue;
        }
        let scopes = flow.get("scopes").and_then(Value::as_object);
        if let Some(scopes) = scopes.filter(|s| !s.is_empty()) {
            let entries = scopes
                .iter()
                .map(|(name, what)| entry(name, Node::Str(what.as_str().unwrap_or_default().to_owned())))
                .collect();
            map.insert("scopes", Node::Map(Map(entries)));
        }
        out.insert(kind, Node::Map(map));
    }
    (out, left_out)
}

/// A scheme's name in the format: the document's in snake_case, never
/// `token` (the name of the `auth` token).
fn scheme_name(name: &str) -> String {
    match snake(name) {
        n if n == TOKEN_SCHEME => format!("{n}_key"),
        n if n.is_empty() => "scheme".to_owned(),
        n => n,
    }
}

/// Whether a media type is `text/event-stream` (server-sent events).
fn is_event_stream(media: &str) -> bool {
    media.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("text/event-stream")
}

/// The `[WORD]` of the first `data: [WORD]` in `text` (upper-case letters,
/// digits and `_`): how APIs write the event that ends a stream.
fn bracketed_marker(text: &str) -> Option<String> {
    text.match_indices("data: [").find_map(|(at, found)| {
        let rest = &text[at + found.len()..];
        let end = rest.find(']')?;
        let word = &rest[..end];
        let ok = !word.is_empty()
            && word.len() <= 32
            && word.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        ok.then(|| format!("[{word}]"))
    })
}

pub(super) fn is_json(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json")
}

/// A group file name: snake_case, and not a name the generated module uses.
fn group_name(text: &str) -> String {
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

//! OpenAPI → this project's spec format.
//!
//! Operations are converted one by one; the schemas they use become named
//! types as they are met (component schemas keep their names, inline ones
//! are named from where they appear, and an inline schema seen twice is one
//! type). What the format cannot say is written as a comment at the place it
//! belongs and counted in the summary.

use std::collections::{BTreeMap, HashMap, HashSet};

use indexmap::IndexMap;
use serde_json::Value;

use super::document::{Documents, Loc};
use super::prose;
use super::yaml::{Map, Node};
use super::{ImportError, LeftOut};
use crate::ident::{camel, is_rust_ident, snake, type_name};
use crate::validate::{status_variant, PRIMITIVES, RESERVED_GROUPS, RESERVED_OPERATIONS};

const METHODS: [&str; 6] = ["get", "put", "post", "delete", "patch", "head"];

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
    nullable: bool,
    min: Option<i64>,
    max: Option<i64>,
    max_items: Option<u64>,
    /// What the schema says that the type cannot carry.
    notes: Vec<String>,
}

impl Ty {
    fn named(ty: impl Into<String>) -> Self {
        Ty { ty: ty.into(), ..Ty::default() }
    }
}

/// A named type being built, and what `one_of` needs to know of it.
struct TypeOut {
    group: String,
    yaml: Map,
    /// For objects: the required fields as (wire, type, items).
    required: Option<Vec<(String, String, Option<String>)>>,
}

/// A group file being built.
#[derive(Default)]
struct GroupOut {
    doc: String,
    operations: Map,
}

/// The state of one import.
pub struct Converter<'d> {
    docs: &'d Documents,
    api: String,
    types: IndexMap<String, TypeOut>,
    /// Rust names of the types, so two never meet.
    rust_types: HashSet<String>,
    by_loc: HashMap<Loc, Ty>,
    by_shape: HashMap<String, String>,
    groups: IndexMap<String, GroupOut>,
    group_docs: HashMap<String, String>,
    servers: IndexMap<String, String>,
    variables: IndexMap<String, Map>,
    operations: HashSet<String>,
    /// Per group, the Rust items of its operations (builder, error, response enum).
    items: HashMap<String, HashSet<String>>,
    codes: Vec<String>,
    group: String,
    /// Everything left out, for the summary.
    pub left_out: Vec<LeftOut>,
}

/// The files of an imported API: `api.yaml` first, then one per group.
pub type Files = Vec<(String, String)>;

impl<'d> Converter<'d> {
    /// A converter for the API `api` over `docs`.
    pub fn new(docs: &'d Documents, api: &str) -> Self {
        Converter {
            docs,
            api: api.to_owned(),
            types: IndexMap::new(),
            rust_types: HashSet::new(),
            by_loc: HashMap::new(),
            by_shape: HashMap::new(),
            groups: IndexMap::new(),
            group_docs: HashMap::new(),
            servers: IndexMap::new(),
            variables: IndexMap::new(),
            operations: HashSet::new(),
            items: HashMap::new(),
            codes: Vec::new(),
            group: String::new(),
            left_out: Vec::new(),
        }
    }

    fn note(&mut self, file: &str, place: &str, what: String) -> String {
        self.left_out.push(LeftOut { file: file.to_owned(), place: place.to_owned(), what: what.clone() });
        what
    }

    /// Converts every operation of the given documents.
    pub fn run(mut self, title: Option<&str>) -> Result<(Files, Vec<LeftOut>), ImportError> {
        for d in 0..self.docs.given {
            let doc = &self.docs.doc(d).value;
            for tag in doc.get("tags").and_then(Value::as_array).into_iter().flatten() {
                if let (Some(name), Some(desc)) = (tag.get("name").and_then(Value::as_str), text(tag, "description")) {
                    self.group_docs.entry(group_name(name)).or_insert(desc);
                }
            }
            let server = self.document_server(d)?;
            let Some(paths) = doc.get("paths").and_then(Value::as_object) else { continue };
            for (path, item) in paths {
                let at = Loc { doc: d, pointer: format!("/paths/{}", escape(path)) };
                let (item_at, item, _) = self.docs.deref(&at, item)?;
                for method in METHODS {
                    if let Some(op) = item.get(method) {
                        let op_at = Loc { doc: item_at.doc, pointer: format!("{}/{method}", item_at.pointer) };
                        self.operation(d, &server, path, method, &op_at, op, item)?;
                    }
                }
                for other in ["options", "trace"] {
                    if item.get(other).is_some() {
                        let file = format!("{}.yaml", self.group);
                        self.note(
                            &file,
                            path,
                            format!(
                                "the {} operation of `{path}`: the format has no such method",
                                other.to_uppercase()
                            ),
                        );
                    }
                }
            }
        }
        if self.groups.is_empty() {
            return Err(ImportError::Nothing);
        }
        let api = self.api_file(title)?;
        let mut files = vec![("api.yaml".to_owned(), api)];
        let mut types_by_group: IndexMap<String, Map> = IndexMap::new();
        for (name, t) in std::mem::take(&mut self.types) {
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
            files.push((format!("{name}.yaml"), super::yaml::document(&header, &map)));
        }
        Ok((files, self.left_out))
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

    /// The server of document `d`: the first of its `servers`, named
    /// `default` for the first document and after the document otherwise.
    fn document_server(&mut self, d: usize) -> Result<String, ImportError> {
        let doc = &self.docs.doc(d).value;
        let server = doc.get("servers").and_then(Value::as_array).and_then(|s| s.first());
        let Some(server) = server else {
            return Err(self.docs.error(d, "it lists no `servers`: the API's base URL is needed".to_owned()));
        };
        let stem = self.docs.doc(d).path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        self.server(d, server, &if self.servers.is_empty() { "default".to_owned() } else { snake(&stem) })
    }

    /// Registers a server object under `name` (or finds the same URL).
    fn server(&mut self, d: usize, server: &Value, name: &str) -> Result<String, ImportError> {
        let url = server.get("url").and_then(Value::as_str).unwrap_or("").trim_end_matches('/').to_owned();
        if !url.starts_with("https://") && !url.starts_with("http://") && !url.starts_with('{') {
            return Err(self.docs.error(
                d,
                format!("its server URL `{url}` is not absolute: the importer needs the API's full base URL"),
            ));
        }
        if let Some((existing, _)) = self.servers.iter().find(|(_, u)| **u == url) {
            return Ok(existing.clone());
        }
        for (var, v) in server.get("variables").and_then(Value::as_object).into_iter().flatten() {
            if self.variables.contains_key(var) {
                continue;
            }
            let mut map = Map::new();
            map.str("default", v.get("default").and_then(Value::as_str).unwrap_or(""));
            map.str("doc", text(v, "description").unwrap_or_else(|| format!("The server's `{var}`.")));
            let values: Vec<String> =
                v.get("enum").and_then(Value::as_array).into_iter().flatten().filter_map(scalar_string).collect();
            if !values.is_empty() {
                map.insert("values", Node::List(values));
            }
            self.variables.insert(var.clone(), map);
        }
        let mut name = if name.is_empty() { "server".to_owned() } else { name.to_owned() };
        let base = name.clone();
        let mut n = 2;
        while self.servers.contains_key(&name) || self.servers.keys().any(|k| camel(k) == camel(&name)) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.servers.insert(name.clone(), url);
        Ok(name)
    }

    fn api_file(&mut self, title: Option<&str>) -> Result<String, ImportError> {
        let first = &self.docs.doc(0).value;
        let info = first.get("info");
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
        let (auth, note) = self.auth()?;
        let e = map.insert("auth", Node::Map(auth));
        if let Some(note) = note {
            e.comment(note);
        }
        let mut error_body = Map::new();
        let integer = !self.codes.is_empty() && self.codes.iter().all(|c| c.parse::<i64>().is_ok());
        error_body.raw("code_type", if integer { "integer" } else { "string" });
        map.insert("error_body", Node::Map(error_body))
            .comment("Where an error response keeps its code and message (`code` and `message` unless stated).");
        let header = vec![format!("Imported by `specgen import` from {}.", self.sources())];
        Ok(super::yaml::document(&header, &map))
    }

    /// `auth:` from the first security scheme the documents declare.
    fn auth(&mut self) -> Result<(Map, Option<String>), ImportError> {
        let mut auth = Map::new();
        for d in 0..self.docs.given {
            let Some(schemes) =
                self.docs.doc(d).value.pointer("/components/securitySchemes").and_then(Value::as_object)
            else {
                continue;
            };
            for (name, scheme) in schemes {
                let at = Loc { doc: d, pointer: format!("/components/securitySchemes/{}", escape(name)) };
                let (_, scheme, _) = self.docs.deref(&at, scheme)?;
                let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
                let http = scheme.get("scheme").and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
                match kind {
                    "oauth2" | "openIdConnect" => {
                        auth.raw("prefix", "Bearer");
                        let flows = scheme.get("flows").and_then(Value::as_object);
                        let token_url = flows
                            .into_iter()
                            .flat_map(|f| f.values())
                            .find_map(|f| f.get("tokenUrl").and_then(Value::as_str))
                            .filter(|u| u.starts_with("https://"));
                        if let Some(url) = token_url {
                            auth.str("token_url", url);
                        }
                        return Ok((auth, None));
                    }
                    "http" if http == "bearer" => {
                        auth.raw("prefix", "Bearer");
                        return Ok((auth, None));
                    }
                    _ => {}
                }
            }
        }
        auth.raw("prefix", "Bearer");
        let note = self.note(
            "api.yaml",
            "auth",
            "the documents declare no OAuth2 or bearer security scheme; a bearer token is assumed".to_owned(),
        );
        Ok((auth, Some(note)))
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        d: usize,
        server: &str,
        path: &str,
        method: &str,
        at: &Loc,
        op: &Value,
        item: &Value,
    ) -> Result<(), ImportError> {
        let tag = op.get("tags").and_then(Value::as_array).and_then(|t| t.first()).and_then(Value::as_str);
        // Untagged operations: one group per document when there are several
        // (vendors split by topic), else by the path's first word.
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
        self.group = group.clone();
        let file = format!("{group}.yaml");
        let name = self.operation_name(op, method, path, &group);
        let mut map = Map::new();
        let facts = prose::operation_facts(&text(op, "description").unwrap_or_default());
        let summary = text(op, "summary")
            .map(|s| s.lines().next().unwrap_or("").to_owned())
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
        map.str("summary", summary);
        if !facts.doc.is_empty() {
            map.str("doc", facts.doc.clone());
        }
        map.raw("method", method.to_uppercase());
        map.str("path", path);
        let op_server = match op.get("servers").or_else(|| item.get("servers")).and_then(Value::as_array) {
            Some(list) if !list.is_empty() => self.server(d, &list[0], &name)?,
            _ => server.to_owned(),
        };
        if op_server != "default" {
            map.str("server", op_server);
        }
        if let Some(tag) = tag {
            map.insert("tags", Node::List(vec![tag.to_owned()]));
        }
        if op.get("deprecated").and_then(Value::as_bool) == Some(true) {
            map.raw("deprecated", "true");
        }

        // Members of the builder: every parameter and body field needs its own Rust name.
        let mut members: HashSet<String> = ["client", "send", "body"].iter().map(|s| (*s).to_owned()).collect();
        // Path parameters cannot be left out, so they take their names first.
        members.extend(path.split('{').skip(1).filter_map(|s| s.split_once('}')).map(|(p, _)| snake(p)));
        let body = self.body(&file, &name, at, op, &mut members)?;
        let params = self.parameters(&file, &name, at, op, item, path, &mut members)?;
        for (key, params) in params {
            if !params.is_empty() {
                map.insert(key, Node::Map(params));
            }
        }
        match body {
            (Some(body), notes) => map.insert("body", Node::Map(body)).comment.extend(notes),
            // A body the format cannot send: the note stays by the path.
            (None, notes) => {
                if let Some(e) = map.0.iter_mut().find(|e| e.key == "path") {
                    e.comment.extend(notes);
                }
            }
        }
        let (responses, errors) = self.responses(&file, &name, at, op)?;
        map.insert("responses", Node::Map(responses.0)).comment.extend(responses.1);
        if !errors.0.is_empty() {
            map.insert("errors", Node::Map(errors.0)).comment.extend(errors.1);
        }
        let mut scopes: Vec<String> = Vec::new();
        let security = op.get("security").or_else(|| self.docs.doc(d).value.get("security"));
        for req in security.and_then(Value::as_array).into_iter().flatten() {
            for list in req.as_object().into_iter().flat_map(|o| o.values()) {
                scopes.extend(list.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned));
            }
        }
        scopes.extend(facts.scopes);
        dedup(&mut scopes);
        if !scopes.is_empty() {
            map.insert("scopes", Node::List(scopes));
        }
        let mut granular = facts.granular_scopes;
        dedup(&mut granular);
        if !granular.is_empty() {
            map.insert("granular_scopes", Node::List(granular));
        }
        if let Some(limit) = facts.rate_limit {
            map.str("rate_limit", limit);
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
        Ok(())
    }

    /// A snake_case name from the `operationId` (or method and path), unique
    /// in the API and not one the client reserves.
    fn operation_name(&mut self, op: &Value, method: &str, path: &str, group: &str) -> String {
        let base = match op.get("operationId").and_then(Value::as_str) {
            Some(id) if !id.trim().is_empty() => snake(id),
            _ => snake(&format!("{method} {}", path.replace(['{', '}'], " "))),
        };
        let base = if RESERVED_OPERATIONS.contains(&base.as_str()) { format!("{base}_operation") } else { base };
        let items = self.items.entry(group.to_owned()).or_default();
        let mut name = base.clone();
        let mut n = 2;
        loop {
            let rust = camel(&name);
            let mine = [rust.clone(), format!("{rust}Error"), format!("{rust}Response")];
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

    /// Path, query and header parameters (the path's own and the operation's).
    #[allow(clippy::too_many_arguments)]
    fn parameters(
        &mut self,
        file: &str,
        op_name: &str,
        at: &Loc,
        op: &Value,
        item: &Value,
        path: &str,
        members: &mut HashSet<String>,
    ) -> Result<Vec<(&'static str, Map)>, ImportError> {
        // The operation's parameters override the path's of the same name and place.
        let mut list: IndexMap<(String, String), (Loc, Value)> = IndexMap::new();
        let item_at = Loc { doc: at.doc, pointer: at.pointer.rsplit_once('/').map_or("", |(p, _)| p).to_owned() };
        for (source, base) in [(item, &item_at), (op, at)] {
            for (i, p) in source.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
                let p_at = Loc { doc: base.doc, pointer: format!("{}/parameters/{i}", base.pointer) };
                let (p_at, p, _) = match self.docs.deref(&p_at, p) {
                    Ok(found) => found,
                    Err(ImportError::Unresolved { reference, why, .. }) => {
                        let file = format!("{}.yaml", self.group);
                        self.note(
                            &file,
                            op_name,
                            format!("the parameter `$ref: {reference}` cannot be followed ({why}): left out"),
                        );
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                let name = p.get("name").and_then(Value::as_str).unwrap_or("").to_owned();
                let place = p.get("in").and_then(Value::as_str).unwrap_or("").to_owned();
                list.insert((place, name), (p_at, p.clone()));
            }
        }
        let placeholders: Vec<String> =
            path.split('{').skip(1).filter_map(|s| s.split_once('}')).map(|(p, _)| p.to_owned()).collect();
        let mut out = vec![("path_params", Map::new()), ("query", Map::new()), ("headers", Map::new())];
        for name in &placeholders {
            let key = ("path".to_owned(), name.clone());
            if !list.contains_key(&key) {
                let e = out[0].1.insert(
                    name.clone(),
                    Node::Map(field_map(
                        &Ty::named("string"),
                        &format!("The `{name}` of the path."),
                        false,
                        None,
                        None,
                    )),
                );
                let note = self.note(
                    file,
                    &format!("{op_name}.path_params.{name}"),
                    format!("`{{{name}}}` is in the path but not declared; taken as a string"),
                );
                e.comment(note);
                members.insert(snake(name));
            }
        }
        for ((place, name), (p_at, p)) in list {
            let slot = match place.as_str() {
                "path" => 0,
                "query" => 1,
                "header" => 2,
                _ => {
                    self.note(
                        file,
                        &format!("{op_name}.{name}"),
                        format!("the {place} parameter `{name}`: the format sends path, query and header parameters"),
                    );
                    continue;
                }
            };
            let where_ = format!("{op_name}.{}.{name}", out[slot].0);
            if slot == 0 && !placeholders.contains(&name) {
                self.note(file, &where_, format!("the path parameter `{name}` is not in the path `{path}`"));
                continue;
            }
            if slot == 2
                && ["authorization", "content-type", "accept", "content-length"]
                    .contains(&name.to_ascii_lowercase().as_str())
            {
                self.note(file, &where_, format!("the header `{name}`: the client sets it itself"));
                continue;
            }
            let rust = snake(&name);
            if slot != 0 && members.contains(&rust) {
                self.note(
                    file,
                    &where_,
                    format!("`{name}` has the Rust name `{rust}` of another parameter or body field"),
                );
                continue;
            }
            let doc = text(&p, "description").unwrap_or_else(|| format!("The `{name}` parameter."));
            let schema = p.get("schema").cloned().unwrap_or(Value::Null);
            let s_at = Loc { doc: p_at.doc, pointer: format!("{}/schema", p_at.pointer) };
            let hint = format!("{} {name}", op_name);
            let mut ty = self.schema(&s_at, &schema, &hint, Place::Param)?;
            let param_ok =
                |t: &Ty| t.ty != "any" && t.items.as_deref() != Some("any") && !(slot != 1 && t.ty == "array");
            if !param_ok(&ty) {
                if slot == 0 {
                    let what = format!(
                        "a path parameter of a type the format cannot send ({}); taken as a string",
                        describe(&schema)
                    );
                    ty = Ty { notes: vec![what], ..Ty::named("string") };
                } else {
                    self.note(
                        file,
                        &where_,
                        format!(
                            "the {place} parameter `{name}`: its type ({}) is not a scalar or an array of scalars",
                            describe(&schema)
                        ),
                    );
                    continue;
                }
            }
            if ty.nullable {
                ty.nullable = false;
            }
            let required = slot == 0 || p.get("required").and_then(Value::as_bool) == Some(true);
            let mut map = field_map(
                &ty,
                &doc,
                required && slot != 0,
                default_of(&schema),
                example_of(&p).or_else(|| example_of(&schema)),
            );
            if slot == 1 && ty.ty == "array" && p.get("explode").and_then(Value::as_bool) == Some(false) {
                map.raw("style", "comma");
            }
            members.insert(rust);
            let notes: Vec<String> = ty.notes.iter().map(|n| self.note(file, &where_, n.clone())).collect();
            out[slot].1.insert(name, Node::Map(map)).comment.extend(notes);
        }
        Ok(out)
    }

    /// The request body: JSON of a named type or a multipart form.
    fn body(
        &mut self,
        file: &str,
        op_name: &str,
        at: &Loc,
        op: &Value,
        members: &mut HashSet<String>,
    ) -> Result<(Option<Map>, Vec<String>), ImportError> {
        let Some(body) = op.get("requestBody") else { return Ok((None, Vec::new())) };
        let b_at = Loc { doc: at.doc, pointer: format!("{}/requestBody", at.pointer) };
        let (b_at, body, _) = self.docs.deref(&b_at, body)?;
        let Some(content) = body.get("content").and_then(Value::as_object) else { return Ok((None, Vec::new())) };
        let where_ = format!("{op_name}.body");
        let mut notes = Vec::new();
        let json = content.keys().find(|k| is_json(k));
        let form = content.keys().find(|k| k.starts_with("multipart/form-data"));
        let chosen = json.or(form);
        for other in content.keys().filter(|k| Some(*k) != chosen) {
            notes.push(self.note(
                file,
                &where_,
                format!(
                    "the `{other}` body: the format sends one body kind, JSON or multipart, and `{}` was kept",
                    chosen.map_or("none", |c| c.as_str())
                ),
            ));
        }
        let Some(media) = chosen else { return Ok((None, notes)) };
        let s_at = Loc { doc: b_at.doc, pointer: format!("{}/content/{}/schema", b_at.pointer, escape(media)) };
        let schema = content[media].get("schema").cloned().unwrap_or(Value::Null);
        let mut map = Map::new();
        if let Some(doc) = text(body, "description") {
            map.str("doc", doc);
        }
        if Some(media) == json {
            let mut ty = self.schema(&s_at, &schema, &format!("{op_name} request"), Place::Json)?;
            for n in std::mem::take(&mut ty.notes) {
                notes.push(self.note(file, &where_, n));
            }
            if !self.types.contains_key(&ty.ty) {
                ty = Ty::named(self.alias(ty, &format!("{op_name} request"), text(body, "description")));
            }
            let fields: Vec<String> =
                match self.types.get(&ty.ty).and_then(|t| t.yaml.0.iter().find(|e| e.key == "fields")) {
                    Some(super::yaml::Entry { value: Node::Map(fields), .. }) => {
                        fields.0.iter().map(|f| snake(&f.key)).collect()
                    }
                    _ => Vec::new(),
                };
            let clash = fields.iter().find(|f| members.contains(*f)).cloned();
            map.str("json", ty.ty);
            match clash {
                Some(clash) => {
                    let note = self.note(
                        file,
                        &where_,
                        format!("the body field `{clash}` has a parameter's Rust name, so the body is taken whole"),
                    );
                    map.raw("whole", "true").comment(note);
                }
                None => members.extend(fields),
            }
            return Ok((Some(map), notes));
        }
        // Multipart: the schema's properties are the form fields.
        let (o_at, object, _) = self.docs.deref(&s_at, &schema)?;
        let (properties, required) = self.properties(&o_at, object)?;
        let mut fields = Map::new();
        for (key, (p_at, prop)) in properties {
            let where_ = format!("{where_}.multipart.{key}");
            let rust = snake(&key);
            if members.contains(&rust) {
                notes.push(self.note(
                    file,
                    &where_,
                    format!("the form field `{key}` has the Rust name `{rust}` of another field"),
                ));
                continue;
            }
            let (_, resolved, _) = self.docs.deref_or_self(&p_at, &prop)?;
            let mut ty = if let Some(file_ty) = form_file(&key, resolved) {
                file_ty
            } else {
                self.schema(&p_at, &prop, &format!("{op_name} {key}"), Place::Form)?
            };
            let scalar = matches!(ty.ty.as_str(), "string" | "integer" | "number" | "boolean" | "file")
                || self
                    .types
                    .get(&ty.ty)
                    .is_some_and(|t| t.required.is_none() && t.yaml.0.iter().any(|e| e.key == "enum"));
            if !scalar {
                notes.push(self.note(
                    file,
                    &where_,
                    format!("the form field `{key}` ({}): form fields are scalars, enums or files", describe(resolved)),
                ));
                continue;
            }
            ty.nullable = false;
            let doc = text(resolved, "description")
                .or_else(|| text(&prop, "description"))
                .unwrap_or_else(|| format!("The `{key}` form field."));
            let map = field_map(&ty, &doc, required.contains(&key), None, None);
            members.insert(rust);
            let field_notes: Vec<String> = ty.notes.iter().map(|n| self.note(file, &where_, n.clone())).collect();
            fields.insert(key, Node::Map(map)).comment.extend(field_notes);
        }
        if fields.is_empty() {
            notes.push(self.note(file, &where_, "the multipart body has no field the format can send".to_owned()));
            return Ok((None, notes));
        }
        map.insert("multipart", Node::Map(fields));
        Ok((Some(map), notes))
    }

    /// Success responses and documented errors.
    #[allow(clippy::type_complexity)]
    fn responses(
        &mut self,
        file: &str,
        op_name: &str,
        at: &Loc,
        op: &Value,
    ) -> Result<((Map, Vec<String>), (Map, Vec<String>)), ImportError> {
        let mut responses = Map::new();
        let mut notes = Vec::new();
        let mut errors: BTreeMap<u16, Node> = BTreeMap::new();
        let mut error_notes = Vec::new();
        let mut variants: HashSet<String> = HashSet::from(["Other".to_owned()]);
        let mut seen_codes: HashSet<String> = HashSet::new();
        let list = op.get("responses").and_then(Value::as_object).cloned().unwrap_or_default();
        let mut statuses: Vec<(u16, &String, &Value)> = Vec::new();
        for (status, r) in &list {
            match status.parse::<u16>() {
                Ok(code) if (200..600).contains(&code) && status.len() == 3 => statuses.push((code, status, r)),
                _ => error_notes.push(self.note(
                    file,
                    &format!("{op_name}.responses.{status}"),
                    format!("the `{status}` response: the format documents exact statuses"),
                )),
            }
        }
        // Status-only error variants are named first, so codes never take their names.
        for (code, _, r) in &statuses {
            if *code >= 400 {
                let r_at = Loc { doc: at.doc, pointer: format!("{}/responses/{code}", at.pointer) };
                let (_, r, _) = self.docs.deref(&r_at, r)?;
                if self.error_codes(&r_at, r)?.1.is_empty() {
                    variants.insert(status_variant(*code));
                }
            }
        }
        for (code, status, r) in statuses {
            let r_at = Loc { doc: at.doc, pointer: format!("{}/responses/{}", at.pointer, escape(status)) };
            let (r_at, r, _) = self.docs.deref(&r_at, r)?;
            let where_ = format!("{op_name}.responses.{status}");
            if (300..400).contains(&code) || code < 200 {
                notes.push(self.note(
                    file,
                    &where_,
                    format!("the `{status}` response: the client follows redirects itself"),
                ));
                continue;
            }
            if code >= 400 {
                let (head, codes) = self.error_codes(&r_at, r)?;
                if codes.is_empty() {
                    let doc = if head.is_empty() { format!("HTTP {code}.") } else { head };
                    errors.insert(code, Node::Str(doc));
                    continue;
                }
                let mut map = Map::new();
                for (c, meanings) in codes {
                    let variant = if c.parse::<i64>().is_ok() { format!("Code{c}") } else { camel(&c) };
                    if seen_codes.contains(&c) || !variants.insert(variant.clone()) {
                        error_notes.push(self.note(file, &format!("{op_name}.errors.{code}.{c}"), format!("error code `{c}` under {code}: documented under another status too, or named like another error")));
                        continue;
                    }
                    seen_codes.insert(c.clone());
                    self.codes.push(c.clone());
                    let value = if meanings.len() == 1 {
                        Node::Str(meanings.into_iter().next().unwrap_or_default())
                    } else {
                        Node::List(meanings)
                    };
                    map.insert(c, value);
                }
                errors.insert(code, Node::Map(map));
                continue;
            }
            let doc = text(r, "description").filter(|d| !d.is_empty()).unwrap_or_else(|| format!("HTTP {code}."));
            let mut out = Map::new();
            out.str("doc", doc);
            let content = r.get("content").and_then(Value::as_object);
            let mut note = None;
            if let Some(content) = content.filter(|c| !c.is_empty()) {
                let json = content.keys().find(|k| is_json(k));
                match json {
                    Some(media) => {
                        let s_at = Loc {
                            doc: r_at.doc,
                            pointer: format!("{}/content/{}/schema", r_at.pointer, escape(media)),
                        };
                        let schema = content[media].get("schema").cloned().unwrap_or(Value::Null);
                        let mut ty = self.schema(&s_at, &schema, &format!("{op_name} response"), Place::Json)?;
                        if let Some(n) = ty.notes.drain(..).reduce(|a, b| format!("{a}; {b}")) {
                            note = Some(self.note(file, &where_, n));
                        }
                        if !self.types.contains_key(&ty.ty) {
                            ty = Ty::named(self.alias(ty, &format!("{op_name} response"), None));
                        }
                        out.str("body", ty.ty);
                        if let Some(example) = example_of(&content[media]) {
                            out.insert("example", Node::Json(example));
                        }
                    }
                    None => {
                        let media = content.keys().next().map_or("", |m| m.split(';').next().unwrap_or("").trim());
                        out.raw("body", "binary");
                        if media != "application/octet-stream" && is_media_type(media) {
                            out.str("media_type", media);
                        }
                    }
                }
            }
            let e = responses.insert(status.clone(), Node::Map(out));
            if let Some(note) = note {
                e.comment(note);
            }
        }
        if responses.is_empty() {
            let e = responses.insert(
                "200",
                Node::Map({
                    let mut m = Map::new();
                    m.str("doc", "Success (the document lists no success response).");
                    m
                }),
            );
            e.comment(self.note(
                file,
                op_name,
                "the document lists no success response; an empty 200 is assumed".to_owned(),
            ));
        }
        let errors = Map(errors.into_iter().map(|(k, v)| entry(&k.to_string(), v)).collect());
        Ok(((responses, notes), (errors, error_notes)))
    }

    /// The codes of an error response: from its description (Zoom's
    /// `**Error Code:**` prose) and from the `code` enum of its schema (Zoho).
    #[allow(clippy::type_complexity)]
    fn error_codes(&self, at: &Loc, r: &Value) -> Result<(String, Vec<(String, Vec<String>)>), ImportError> {
        let description = text(r, "description").unwrap_or_default();
        let (head, mut codes) = prose::error_codes(&description);
        for (media, c) in r.get("content").and_then(Value::as_object).into_iter().flatten() {
            if !is_json(media) {
                continue;
            }
            let s_at = Loc { doc: at.doc, pointer: format!("{}/content/{}/schema", at.pointer, escape(media)) };
            let mut found = Vec::new();
            self.code_enums(&s_at, c.get("schema").unwrap_or(&Value::Null), 0, &mut found)?;
            for code in found {
                if !codes.iter().any(|(c, _)| *c == code) {
                    let meaning = if head.is_empty() { format!("{code}.") } else { head.clone() };
                    codes.push((code, vec![meaning]));
                }
            }
        }
        Ok((head, codes))
    }

    /// The values of every `code` enum in an error schema, through unions,
    /// `allOf`, arrays and nested objects.
    fn code_enums(&self, at: &Loc, schema: &Value, depth: usize, out: &mut Vec<String>) -> Result<(), ImportError> {
        if depth > 6 {
            return Ok(());
        }
        let (at, schema, _) = self.docs.deref_or_self(at, schema)?;
        for key in ["oneOf", "anyOf", "allOf"] {
            for (i, s) in schema.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
                let s_at = Loc { doc: at.doc, pointer: format!("{}/{key}/{i}", at.pointer) };
                self.code_enums(&s_at, s, depth + 1, out)?;
            }
        }
        if let Some(items) = schema.get("items") {
            self.code_enums(&Loc { doc: at.doc, pointer: format!("{}/items", at.pointer) }, items, depth + 1, out)?;
        }
        for (name, prop) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
            let p_at = Loc { doc: at.doc, pointer: format!("{}/properties/{}", at.pointer, escape(name)) };
            if name == "code" {
                let (_, prop, _) = self.docs.deref_or_self(&p_at, prop)?;
                for v in prop.get("enum").and_then(Value::as_array).into_iter().flatten().filter_map(scalar_string) {
                    if !out.contains(&v) {
                        out.push(v);
                    }
                }
            } else {
                self.code_enums(&p_at, prop, depth + 1, out)?;
            }
        }
        Ok(())
    }

    /// The properties of an object schema, `allOf` members merged, with the required names.
    #[allow(clippy::type_complexity)]
    fn properties(
        &self,
        at: &Loc,
        schema: &Value,
    ) -> Result<(IndexMap<String, (Loc, Value)>, Vec<String>), ImportError> {
        let mut props = IndexMap::new();
        let mut required = Vec::new();
        self.collect_properties(at, schema, &mut props, &mut required, 0)?;
        Ok((props, required))
    }

    fn collect_properties(
        &self,
        at: &Loc,
        schema: &Value,
        props: &mut IndexMap<String, (Loc, Value)>,
        required: &mut Vec<String>,
        depth: usize,
    ) -> Result<(), ImportError> {
        if depth > 32 {
            return Err(self.docs.error(at.doc, format!("the `allOf`s at {} nest too deep (a cycle?)", at.pointer)));
        }
        let (at, schema, _) = self.docs.deref_or_self(at, schema)?;
        for (i, member) in schema.get("allOf").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let m_at = Loc { doc: at.doc, pointer: format!("{}/allOf/{i}", at.pointer) };
            self.collect_properties(&m_at, member, props, required, depth + 1)?;
        }
        for (name, prop) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
            let p_at = Loc { doc: at.doc, pointer: format!("{}/properties/{}", at.pointer, escape(name)) };
            props.insert(name.clone(), (p_at, prop.clone()));
        }
        for r in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !required.iter().any(|x| x == r) {
                required.push(r.to_owned());
            }
        }
        Ok(())
    }

    /// Converts a schema to a field type, naming the types it needs.
    fn schema(&mut self, at: &Loc, schema: &Value, hint: &str, place: Place) -> Result<Ty, ImportError> {
        let (loc, s, followed) = match self.docs.deref(at, schema) {
            Ok(found) => found,
            // A schema in a document the vendor does not publish beside this one.
            Err(ImportError::Unresolved { reference, why, .. }) => {
                let note = format!("`$ref: {reference}` cannot be followed ({why}): kept as any JSON");
                return Ok(Ty { notes: vec![note], ..Ty::named("any") });
            }
            Err(e) => return Err(e),
        };
        let component = followed && loc.pointer.starts_with("/components/schemas/");
        if component {
            if let Some(known) = self.by_loc.get(&loc) {
                return Ok(known.clone());
            }
        }
        let mut nullable = s.get("nullable").and_then(Value::as_bool) == Some(true);
        // Lower case: vendors write `Integer` too.
        let types: Vec<String> = match s.get("type") {
            Some(Value::String(t)) => vec![t.to_ascii_lowercase()],
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(str::to_ascii_lowercase).collect(),
            _ => Vec::new(),
        };
        let types: Vec<&str> = types.iter().map(String::as_str).collect();
        if types.contains(&"null") {
            nullable = true;
        }
        let types: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
        let name_hint = if component {
            loc.pointer.rsplit('/').next().unwrap_or(hint).replace("~1", "/").replace("~0", "~")
        } else {
            hint.to_owned()
        };
        let mut ty = if let Some(values) = s.get("enum").and_then(Value::as_array) {
            self.enum_schema(s, values, &types, &name_hint, &mut nullable)?
        } else if let Some(members) = s.get("oneOf").or_else(|| s.get("anyOf")).and_then(Value::as_array) {
            let key = if s.get("oneOf").is_some() { "oneOf" } else { "anyOf" };
            self.union(&loc, s, key, members, &name_hint, component, place, &mut nullable)?
        } else if s.get("properties").is_some_and(|p| p.as_object().is_some_and(|p| !p.is_empty()))
            || s.get("allOf").is_some()
        {
            self.object_or_merged(&loc, s, &name_hint, component, place)?
        } else if types.len() > 1 {
            Ty {
                notes: vec![format!("a value of one of the types {}: kept as any JSON", types.join(", "))],
                ..Ty::named("any")
            }
        } else {
            match types.first().copied() {
                Some("string") => {
                    let mut ty = Ty::named("string");
                    if s.get("format").and_then(Value::as_str) == Some("binary") && place != Place::Form {
                        ty.notes.push("binary content in a JSON value: kept as a string".to_owned());
                    }
                    ty
                }
                Some(t @ ("integer" | "number")) => {
                    let mut ty = Ty::named(t);
                    self.bounds(s, &mut ty);
                    ty
                }
                Some("boolean") => Ty::named("boolean"),
                Some("array") => self.array(&loc, s, &name_hint, place)?,
                Some("object") | None => {
                    let mut ty = Ty::named("any");
                    if let Some(extra) = s.get("additionalProperties").filter(|a| a.is_object()) {
                        ty.notes.push(format!(
                            "a map of {}: kept as any JSON (the format has no map type)",
                            describe(extra)
                        ));
                    }
                    ty
                }
                Some(other) => Ty { notes: vec![format!("the type `{other}`: kept as any JSON")], ..Ty::named("any") },
            }
        };
        ty.nullable |= nullable;
        for key in ["minLength", "maxLength", "pattern", "minItems", "uniqueItems"] {
            if let Some(v) = s.get(key) {
                if !(key == "uniqueItems" && v == &Value::Bool(false)) {
                    ty.notes.push(format!("`{key}: {v}` (the format has no such limit)"));
                }
            }
        }
        if component {
            let mut stored = ty.clone();
            stored.notes.clear();
            self.by_loc.insert(loc, stored);
        }
        Ok(ty)
    }

    fn bounds(&self, s: &Value, ty: &mut Ty) {
        let bound = |key: &str, exclusive: &str, up: bool, ty: &mut Ty| -> Option<i64> {
            let v = s.get(key)?;
            let mut n =
                v.as_i64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18).map(|f| f as i64));
            if n.is_none() {
                ty.notes.push(format!("`{key}: {v}` (the format's limits are integers)"));
            }
            if s.get(exclusive) == Some(&Value::Bool(true)) {
                n = n.map(|n| if up { n.saturating_sub(1) } else { n.saturating_add(1) });
            }
            n
        };
        ty.min = bound("minimum", "exclusiveMinimum", false, ty);
        ty.max = bound("maximum", "exclusiveMaximum", true, ty);
        // 3.1 writes exclusive bounds as numbers.
        if let Some(n) = s.get("exclusiveMinimum").and_then(Value::as_i64) {
            ty.min = Some(n.saturating_add(1));
        }
        if let Some(n) = s.get("exclusiveMaximum").and_then(Value::as_i64) {
            ty.max = Some(n.saturating_sub(1));
        }
        if let (Some(min), Some(max)) = (ty.min, ty.max) {
            if min > max {
                ty.notes.push(format!("the bounds {min}..{max} are empty: left out"));
                ty.min = None;
                ty.max = None;
            }
        }
    }

    fn array(&mut self, at: &Loc, s: &Value, hint: &str, place: Place) -> Result<Ty, ImportError> {
        let items_at = Loc { doc: at.doc, pointer: format!("{}/items", at.pointer) };
        let items = s.get("items").cloned().unwrap_or(Value::Null);
        let inner = self.schema(&items_at, &items, &format!("{hint} item"), place)?;
        let mut ty = Ty::named("array");
        ty.notes = inner.notes.clone();
        if inner.ty == "array" || inner.ty == "file" {
            ty.notes
                .push(format!("items of {}: kept as any JSON (the format has no arrays of arrays)", describe(&items)));
            ty.items = Some("any".to_owned());
        } else {
            ty.items = Some(inner.ty);
        }
        ty.max_items = s.get("maxItems").and_then(Value::as_u64);
        Ok(ty)
    }

    fn enum_schema(
        &mut self,
        s: &Value,
        values: &[Value],
        types: &[&str],
        hint: &str,
        nullable: &mut bool,
    ) -> Result<Ty, ImportError> {
        if values.iter().any(Value::is_null) {
            *nullable = true;
        }
        let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        let strings: Vec<String> = values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
        let base = types.first().copied().unwrap_or(if strings.len() == values.len() { "string" } else { "any" });
        if strings.len() != values.len() || strings.is_empty() || base != "string" {
            let list: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            let base = if ["integer", "number", "boolean"].contains(&base) { base } else { "any" };
            let mut ty = Ty::named(base);
            if base == "integer" || base == "number" {
                self.bounds(s, &mut ty);
            }
            ty.notes.push(format!("the enum [{}]: the format's enums are strings", list.join(", ")));
            return Ok(ty);
        }
        let mut rust: HashSet<String> = HashSet::from(["Other".to_owned()]);
        if let Some(bad) = strings.iter().find(|v| !rust.insert(camel(v))) {
            return Ok(Ty {
                notes: vec![format!(
                    "the enum [{}]: `{bad}` has the same Rust name as another value; kept as a string",
                    strings.join(", ")
                )],
                ..Ty::named("string")
            });
        }
        let key = format!("enum\u{0}{}", strings.join("\u{0}"));
        if let Some(name) = self.by_shape.get(&key) {
            return Ok(Ty::named(name.clone()));
        }
        let description = text(s, "description").unwrap_or_default();
        let meanings = prose::enum_meanings(&description, &strings);
        let mut values = Map::new();
        for (v, m) in strings.iter().zip(meanings) {
            values.str(v.clone(), m.unwrap_or_else(|| format!("`{v}`.")));
        }
        let name = self.fresh_type(hint, false);
        let mut yaml = Map::new();
        yaml.str("doc", first_paragraph(&description).unwrap_or_else(|| format!("The values of {}.", readable(hint))));
        yaml.insert("enum", Node::Map(values));
        self.by_shape.insert(key, name.clone());
        self.types.insert(name.clone(), TypeOut { group: self.group.clone(), yaml, required: None });
        Ok(Ty::named(name))
    }

    #[allow(clippy::too_many_arguments)]
    fn union(
        &mut self,
        at: &Loc,
        s: &Value,
        key: &str,
        members: &[Value],
        hint: &str,
        component: bool,
        place: Place,
        nullable: &mut bool,
    ) -> Result<Ty, ImportError> {
        let mut kept = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let m_at = Loc { doc: at.doc, pointer: format!("{}/{key}/{i}", at.pointer) };
            let (_, resolved, _) = self.docs.deref_or_self(&m_at, m)?;
            if resolved.get("type").and_then(Value::as_str) == Some("null") {
                *nullable = true;
            } else {
                kept.push((m_at, m.clone(), resolved.clone()));
            }
        }
        if kept.len() == 1 && s.get("properties").is_none() {
            let (m_at, m, _) = kept.remove(0);
            return self.schema(&m_at, &m, hint, place);
        }
        let objects = kept.iter().all(|(_, _, r)| {
            r.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty()) || r.get("allOf").is_some()
        });
        if !objects || kept.is_empty() || place != Place::Json {
            return Ok(Ty {
                notes: vec![format!(
                    "`{key}` of {}: kept as any JSON",
                    kept.iter().map(|(_, _, r)| describe(r)).collect::<Vec<_>>().join(", ")
                )],
                ..Ty::named("any")
            });
        }
        let mut names = Vec::new();
        for (i, (m_at, m, _)) in kept.iter().enumerate() {
            let ty = self.schema(m_at, m, &format!("{hint} option {}", i + 1), place)?;
            if self.types.get(&ty.ty).is_none_or(|t| t.required.is_none()) || names.contains(&ty.ty) {
                names.clear();
                break;
            }
            names.push(ty.ty);
        }
        if names.len() >= 2 && self.distinct(&names) {
            let name = self.fresh_type(hint, component);
            let mut yaml = Map::new();
            yaml.str("doc", text(s, "description").unwrap_or_else(|| format!("One of {}.", names.join(", "))));
            yaml.insert("one_of", Node::List(names));
            self.types.insert(name.clone(), TypeOut { group: self.group.clone(), yaml, required: None });
            return Ok(Ty::named(name));
        }
        // Members that cannot be told apart by their required fields: one
        // object with every member's fields, each optional.
        let mut props = IndexMap::new();
        for (m_at, m, _) in &kept {
            for (k, p) in self.properties(m_at, m)?.0 {
                props.entry(k).or_insert(p);
            }
        }
        let shape_key = format!("merged\u{0}{}\u{0}{s}", at.doc);
        let mut ty = self.object_from(Shape { key: shape_key, props, required: Vec::new(), schema: s }, hint, None)?;
        ty.notes.push(format!("`{key}` of objects that their required fields cannot tell apart: one object with every member's fields, each optional"));
        Ok(ty)
    }

    /// Whether a union's members can be told apart (the rule validation applies).
    fn distinct(&self, names: &[String]) -> bool {
        let required = |n: &str| self.types.get(n).and_then(|t| t.required.clone());
        for (j, later) in names.iter().enumerate() {
            let Some(later_required) = required(later) else { return false };
            for earlier in names.iter().take(j) {
                let Some(earlier_required) = required(earlier) else { return false };
                if earlier_required.iter().all(|f| later_required.contains(f)) {
                    return false;
                }
            }
        }
        true
    }

    fn object_or_merged(
        &mut self,
        at: &Loc,
        s: &Value,
        hint: &str,
        component: bool,
        place: Place,
    ) -> Result<Ty, ImportError> {
        if place != Place::Json {
            return Ok(Ty { notes: vec!["an object where the format takes a scalar".to_owned()], ..Ty::named("any") });
        }
        let (props, _) = self.properties(at, s)?;
        if props.is_empty() {
            // `allOf` of scalars: the first member says the type.
            if let Some(first) = s.get("allOf").and_then(Value::as_array).and_then(|a| a.first()) {
                let m_at = Loc { doc: at.doc, pointer: format!("{}/allOf/0", at.pointer) };
                return self.schema(&m_at, first, hint, place);
            }
            return Ok(Ty::named("any"));
        }
        self.object(at, s, hint, component)
    }

    /// A named object type for an object schema.
    fn object(&mut self, at: &Loc, s: &Value, hint: &str, component: bool) -> Result<Ty, ImportError> {
        let (props, required) = self.properties(at, s)?;
        let key = format!("object\u{0}{}\u{0}{}", at.doc, s);
        self.object_from(Shape { key, props, required, schema: s }, hint, component.then_some(at))
    }

    /// A named object type from its properties; `component` is where a
    /// component schema is (it keeps its name), `None` for an inline schema
    /// (one type per distinct shape).
    fn object_from(&mut self, shape: Shape<'_>, hint: &str, component: Option<&Loc>) -> Result<Ty, ImportError> {
        let Shape { key, props, required, schema: s } = shape;
        if component.is_none() {
            if let Some(name) = self.by_shape.get(&key) {
                return Ok(Ty::named(name.clone()));
            }
        }
        let name = self.fresh_type(hint, component.is_some());
        let ty = Ty::named(name.clone());
        match component {
            Some(at) => {
                self.by_loc.insert(at.clone(), ty.clone());
            }
            None => {
                self.by_shape.insert(key, name.clone());
            }
        }
        // Reserve the place first: fields may refer back to the type.
        self.types
            .insert(name.clone(), TypeOut { group: self.group.clone(), yaml: Map::new(), required: Some(Vec::new()) });
        let mut fields = Map::new();
        let mut rust: HashSet<String> = HashSet::new();
        let mut req_fields = Vec::new();
        let mut type_notes = Vec::new();
        for (wire, (p_at, prop)) in props {
            if !rust.insert(snake(&wire)) || wire.is_empty() {
                type_notes.push(format!("the field `{wire}`: its Rust name `{}` is another field's", snake(&wire)));
                continue;
            }
            let ty = self.schema(&p_at, &prop, &format!("{name} {wire}"), Place::Json)?;
            let (_, resolved, _) = self.docs.deref_or_self(&p_at, &prop)?;
            let doc = text(&prop, "description")
                .or_else(|| text(resolved, "description"))
                .unwrap_or_else(|| format!("The `{wire}` field."));
            let is_required = required.contains(&wire);
            if is_required {
                req_fields.push((wire.clone(), ty.ty.clone(), ty.items.clone()));
            }
            let map = field_map(
                &ty,
                &doc,
                is_required,
                default_of(resolved),
                example_of(&prop).or_else(|| example_of(resolved)),
            );
            let file = format!("{}.yaml", self.group);
            let notes: Vec<String> =
                ty.notes.iter().map(|n| self.note(&file, &format!("types.{name}.{wire}"), n.clone())).collect();
            fields.insert(wire, Node::Map(map)).comment.extend(notes);
        }
        let mut yaml = Map::new();
        yaml.str(
            "doc",
            text(s, "description")
                .and_then(|d| first_paragraph(&d).map(|_| d))
                .unwrap_or_else(|| format!("{}.", readable(hint))),
        );
        let e = yaml.insert("fields", Node::Map(fields));
        let file = format!("{}.yaml", self.group);
        for n in type_notes {
            let n = self.note(&file, &format!("types.{name}"), n);
            e.comment(n);
        }
        if let Some(example) = example_of(s).filter(Value::is_object) {
            yaml.insert("example", Node::Json(example));
        }
        let t = self.types.get_mut(&name).expect("reserved above");
        t.yaml = yaml;
        t.required = Some(req_fields);
        Ok(ty)
    }

    /// A named type that is another name for `ty` (a JSON body or response
    /// that is an array, a scalar or any JSON).
    fn alias(&mut self, ty: Ty, hint: &str, doc: Option<String>) -> String {
        let key = format!("alias\u{0}{}\u{0}{:?}", ty.ty, ty.items);
        if let Some(name) = self.by_shape.get(&key) {
            return name.clone();
        }
        let name = self.fresh_type(hint, false);
        let mut yaml = Map::new();
        yaml.str("doc", doc.unwrap_or_else(|| format!("{}.", readable(hint))));
        yaml.str("type", &ty.ty);
        if let Some(items) = &ty.items {
            yaml.str("items", items);
        }
        self.by_shape.insert(key, name.clone());
        self.types.insert(name.clone(), TypeOut { group: self.group.clone(), yaml, required: None });
        name
    }

    /// A type name from a hint (`list clips response` → `ListClipsResponse`),
    /// unique by its Rust name and never a built-in type's.
    fn fresh_type(&mut self, hint: &str, keep: bool) -> String {
        let keepable = keep && !PRIMITIVES.contains(&hint) && hint != "binary" && !hint.contains(['\n', '#', ':']);
        let base = if keepable { hint.to_owned() } else { camel(hint) };
        let mut name = base.clone();
        let mut n = 2;
        while self.rust_types.contains(&type_name(&name)) || self.types.contains_key(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.rust_types.insert(type_name(&name));
        name
    }
}

/// An object schema's properties, with what names its type.
struct Shape<'a> {
    /// Identifies the shape among inline schemas.
    key: String,
    props: IndexMap<String, (Loc, Value)>,
    required: Vec<String>,
    schema: &'a Value,
}

/// A form field that is a file: `format: binary`, or the vendor mistakes of a
/// file field typed `object` without properties or `string` without a format
/// but named as a file.
fn form_file(name: &str, s: &Value) -> Option<Ty> {
    let ty = s.get("type").and_then(Value::as_str).map(str::to_ascii_lowercase);
    let ty = ty.as_deref();
    let format = s.get("format").and_then(Value::as_str);
    let items_binary = s.pointer("/items/format").and_then(Value::as_str) == Some("binary");
    if format == Some("binary") {
        return Some(Ty::named("file"));
    }
    if ty == Some("array") && items_binary {
        return Some(Ty {
            notes: vec!["an array of files: one file is sent (form fields hold one value)".to_owned()],
            ..Ty::named("file")
        });
    }
    // Judged by the name's last word: `pic_file` is a file, `main_file_id` is not.
    let snake_name = snake(name);
    let last = snake_name.rsplit('_').next().unwrap_or("");
    let named_file = ["file", "files", "image", "photo", "picture", "attachment", "avatar"].contains(&last);
    let no_shape = s.get("properties").is_none()
        && s.get("enum").is_none()
        && s.get("allOf").is_none()
        && s.get("oneOf").is_none();
    match ty {
        Some("object") | None if no_shape && s.get("$ref").is_none() => Some(Ty {
            notes: vec!["typed `object` without properties or `format: binary`: taken as a file".to_owned()],
            ..Ty::named("file")
        }),
        Some("string") if format.is_none() && no_shape && named_file => Some(Ty {
            notes: vec!["typed `string` without `format: binary` but named as a file: taken as a file".to_owned()],
            ..Ty::named("file")
        }),
        _ => None,
    }
}

/// The YAML of a field, parameter or form field.
fn field_map(ty: &Ty, doc: &str, required: bool, default: Option<Value>, example: Option<Value>) -> Map {
    let mut map = Map::new();
    map.str("type", &ty.ty);
    if let Some(items) = &ty.items {
        map.str("items", items);
    }
    map.str("doc", doc);
    if required {
        map.raw("required", "true");
    }
    if ty.nullable {
        map.raw("nullable", "true");
    }
    if let Some(min) = ty.min {
        map.raw("min", min.to_string());
    }
    if let Some(max) = ty.max {
        map.raw("max", max.to_string());
    }
    if let Some(n) = ty.max_items {
        map.raw("max_items", n.to_string());
    }
    if ty.ty != "file" {
        if let Some(default) = default {
            map.insert("default", Node::Json(default));
        }
        if let Some(example) = example {
            map.insert("example", Node::Json(example));
        }
    }
    map
}

fn entry(key: &str, value: Node) -> super::yaml::Entry {
    super::yaml::Entry { key: key.to_owned(), value, comment: Vec::new() }
}

fn default_of(s: &Value) -> Option<Value> {
    s.get("default").filter(|v| !v.is_null()).cloned()
}

/// `example`, or the first of 3.1's `examples` (a list) or of a media type's
/// `examples` (a map of example objects).
fn example_of(s: &Value) -> Option<Value> {
    if let Some(e) = s.get("example").filter(|v| !v.is_null()) {
        return Some(e.clone());
    }
    match s.get("examples")? {
        Value::Array(list) => list.first().cloned(),
        Value::Object(map) => map.values().next().and_then(|e| e.get("value")).cloned(),
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

/// `type/subtype`, as the format takes it for a binary response.
fn is_media_type(text: &str) -> bool {
    let token = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+*".contains(&b));
    matches!(text.split_once('/'), Some((a, b)) if token(a) && token(b))
}

fn is_json(media: &str) -> bool {
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

/// A JSON pointer segment.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A schema in a few words, for notes.
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

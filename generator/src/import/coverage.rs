//! The coverage report: what each document holds, counted from the document
//! itself, and what the checked spec kept of it.
//!
//! Both sides are counted here, independently of the converter and of its
//! notes, so an operation, parameter, body or field that the conversion
//! dropped without a word shows as a difference.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use super::convert::{is_json, path_problem};
use super::document::{item_operations, Documents, Loc};
use super::Loss;
use crate::model::{Api, Body, Operation, ResponseKind, Ty, TypeKind};

/// Headers the client sets itself: a document that lists them loses nothing.
const CLIENT_HEADERS: [&str; 4] = ["authorization", "content-type", "accept", "content-length"];

/// Things of one kind: how many the document has, how many the spec kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Count {
    /// In the document.
    pub found: usize,
    /// In the spec.
    pub kept: usize,
}

impl Count {
    /// How many were not kept.
    pub fn lost(&self) -> usize {
        self.found.saturating_sub(self.kept)
    }

    fn add(&mut self, kept: bool) {
        self.found += 1;
        self.kept += usize::from(kept);
    }
}

/// One document's operations and what they carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentCoverage {
    /// The document's file name.
    pub document: String,
    /// Path items behind a reference that cannot be followed: their
    /// operations cannot even be counted.
    pub unread_path_items: usize,
    /// Operations (every method OpenAPI has).
    pub operations: Count,
    /// Parameters of the operations (path, query, header and cookie; not
    /// the headers the client sets itself).
    pub parameters: Count,
    /// Request bodies.
    pub request_bodies: Count,
    /// Fields of form bodies (multipart and URL-encoded).
    pub form_fields: Count,
    /// Success responses with a body.
    pub response_bodies: Count,
}

/// Fields of the JSON bodies, over the whole API (types are shared).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FieldCoverage {
    /// Properties of the object schemas of the kept operations' JSON request
    /// and success bodies, each distinct schema counted once.
    pub in_documents: usize,
    /// Of those, properties whose schema gives no type (no `type`, no
    /// properties, items, values or members): any JSON by the document's word.
    pub untyped_in_documents: usize,
    /// Fields of the spec's object types.
    pub in_spec: usize,
    /// Of those, typed (not any JSON).
    pub typed: usize,
    /// Of those, any JSON.
    pub untyped: usize,
}

impl FieldCoverage {
    /// Fields the spec leaves untyped beyond those the documents give no type.
    pub fn lost(&self) -> usize {
        self.untyped.saturating_sub(self.untyped_in_documents)
    }
}

/// What an import kept of its documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Per document given.
    pub documents: Vec<DocumentCoverage>,
    /// JSON fields, over all documents.
    pub fields: FieldCoverage,
}

impl Coverage {
    /// How many things of `kind` the documents have and the spec does not.
    pub fn lost(&self, kind: Loss) -> usize {
        let per_document = |d: &DocumentCoverage| match kind {
            Loss::PathItem => d.unread_path_items,
            Loss::Operation => d.operations.lost(),
            Loss::Parameter => d.parameters.lost(),
            Loss::RequestBody => d.request_bodies.lost(),
            Loss::FormField => d.form_fields.lost(),
            Loss::ResponseBody => d.response_bodies.lost(),
        };
        self.documents.iter().map(per_document).sum()
    }

    /// Every loss, by kind, with how many: empty when nothing was lost.
    pub fn losses(&self) -> Vec<(&'static str, usize)> {
        let kinds = [
            ("path items that cannot be read", self.lost(Loss::PathItem)),
            ("operations", self.lost(Loss::Operation)),
            ("parameters", self.lost(Loss::Parameter)),
            ("request bodies", self.lost(Loss::RequestBody)),
            ("form fields", self.lost(Loss::FormField)),
            ("response bodies", self.lost(Loss::ResponseBody)),
            ("JSON fields typed by the document, untyped in the spec", self.fields.lost()),
        ];
        kinds.into_iter().filter(|(_, n)| *n > 0).collect()
    }

    /// A short table, one line per document and one for the fields.
    pub fn table(&self) -> String {
        let cell = |c: Count| format!("{}/{}", c.kept, c.found);
        let mut out = format!(
            "{:<28} {:>11} {:>11} {:>9} {:>11} {:>11}\n",
            "document", "operations", "parameters", "bodies", "form fields", "responses"
        );
        for d in &self.documents {
            out.push_str(&format!(
                "{:<28} {:>11} {:>11} {:>9} {:>11} {:>11}\n",
                d.document,
                cell(d.operations),
                cell(d.parameters),
                cell(d.request_bodies),
                cell(d.form_fields),
                cell(d.response_bodies)
            ));
        }
        let f = &self.fields;
        out.push_str(&format!(
            "JSON fields: {} in the documents ({} without a type there); {} in the spec, {} typed, {} any JSON\n",
            f.in_documents, f.untyped_in_documents, f.in_spec, f.typed, f.untyped
        ));
        out
    }
}

/// Counts what `docs` hold (the operations `selected` picks) and what `api`
/// kept; the `alternatives` (operations made for a second body kind of
/// another) are no operation of the documents.
pub fn measure(
    docs: &Documents,
    api: &Api,
    alternatives: &HashSet<String>,
    selected: impl Fn(&Value, &str, &str) -> bool,
) -> Coverage {
    // The spec's operations by method and path, taken in order as the documents' match them.
    let mut remaining: HashMap<(String, String), Vec<&Operation>> = HashMap::new();
    let operations = api.groups.iter().flat_map(|g| &g.operations).filter(|op| !alternatives.contains(&op.id));
    for op in operations.rev() {
        remaining.entry((op.method.as_str().to_owned(), unstyled(&op.path))).or_default().push(op);
    }
    let mut coverage = Coverage::default();
    let mut walk = SchemaWalk { docs, seen: HashSet::new(), fields: FieldCoverage::default() };
    for d in 0..docs.given {
        let doc = docs.doc(d);
        let name = doc.path.file_name().map_or_else(|| doc.path.display().to_string(), |n| n.to_string_lossy().into());
        let mut out = DocumentCoverage { document: name, ..DocumentCoverage::default() };
        let paths_at = Loc { doc: d, pointer: "/paths".to_owned() };
        for (path, item) in doc.value.get("paths").and_then(Value::as_object).into_iter().flatten() {
            let usable = path_problem(path).is_none();
            let Some((item_at, item, _)) = docs.deref(&paths_at.child(path), item).ok().filter(|_| usable) else {
                out.unread_path_items += 1;
                continue;
            };
            for (method, op_at, op) in item_operations(&item_at, item) {
                let Ok((op_at, op, _)) = docs.deref(&op_at, op) else {
                    out.operations.add(false);
                    continue;
                };
                if !selected(op, method, path) {
                    continue;
                }
                let key = (method.to_uppercase(), unstyled(path));
                let kept = remaining.get_mut(&key).and_then(Vec::pop);
                out.operations.add(kept.is_some());
                // What a lost operation carries is lost with it, counted once as the operation.
                if let Some(kept) = kept {
                    operation(docs, (&item_at, item), (&op_at, op), kept, &mut out, &mut walk);
                }
            }
        }
        coverage.documents.push(out);
    }
    walk.fields.in_spec = 0;
    for ty in &api.types {
        if let TypeKind::Object(fields) = &ty.kind {
            for f in fields.iter() {
                walk.fields.in_spec += 1;
                if untyped(api, &f.ty) {
                    walk.fields.untyped += 1;
                } else {
                    walk.fields.typed += 1;
                }
            }
        }
    }
    coverage.fields = walk.fields;
    coverage
}

/// A path without the prefixes of the `label` (`.{id}`) and `matrix`
/// (`;id={id}`) styles, which the importer writes into the spec's path: the
/// spec's path and the document's match.
fn unstyled(path: &str) -> String {
    let mut out = path.replace(".{", "{");
    for name in crate::validate::placeholders(path).unwrap_or_default() {
        out = out.replace(&format!(";{name}={{{name}}}"), &format!("{{{name}}}"));
    }
    out
}

/// Whether a spec type is any JSON (or a list or map of it, or another name for it).
fn untyped(api: &Api, ty: &Ty) -> bool {
    match ty {
        Ty::Any => true,
        Ty::Array(inner) | Ty::Map(inner) => untyped(api, inner),
        Ty::Named(id) => matches!(&api.named_type(*id).kind, TypeKind::Alias(inner) if untyped(api, inner)),
        _ => false,
    }
}

/// One operation's parameters, bodies and responses.
fn operation(
    docs: &Documents,
    (item_at, item): (&Loc, &Value),
    (op_at, op): (&Loc, &Value),
    kept: &Operation,
    out: &mut DocumentCoverage,
    walk: &mut SchemaWalk,
) {
    // Parameters: the operation's override the path item's of the same name and place.
    let mut params: Vec<(String, String)> = Vec::new();
    for (source, at) in [(item, item_at), (op, op_at)] {
        let at = at.child("parameters");
        for (i, p) in source.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let key = match docs.deref(&at.child(i), p) {
                Ok((_, p, _)) => (
                    p.get("in").and_then(Value::as_str).unwrap_or("").to_owned(),
                    p.get("name").and_then(Value::as_str).unwrap_or("").to_owned(),
                ),
                // Counted, and never kept.
                Err(_) => ("unread".to_owned(), format!("{}#{i}", at.pointer)),
            };
            if key.0 == "header" && CLIENT_HEADERS.contains(&key.1.to_ascii_lowercase().as_str()) {
                continue;
            }
            if !params.contains(&key) {
                params.push(key);
            }
        }
    }
    for (place, name) in &params {
        let has = |fields: &[crate::model::Field]| fields.iter().any(|f| f.wire == *name);
        let found = match place.as_str() {
            "path" => has(&kept.path_params),
            "query" => has(&kept.query),
            "header" => has(&kept.headers),
            "cookie" => has(&kept.cookies),
            _ => false,
        };
        out.parameters.add(found);
    }

    // The request body.
    if let Some(body) = op.get("requestBody") {
        let content = match docs.deref(&op_at.child("requestBody"), body) {
            Ok((at, b, _)) => b.get("content").and_then(Value::as_object).map(|c| (at, c)),
            // A body that cannot be read is a body lost.
            Err(_) => {
                out.request_bodies.add(false);
                None
            }
        };
        if let Some((b_at, content)) = content.filter(|(_, c)| !c.is_empty()) {
            let body_kept = Some(&kept.body).filter(|b| !matches!(b, Body::None));
            out.request_bodies.add(body_kept.is_some());
            let json = content.keys().find(|k| is_json(k));
            let form = content
                .keys()
                .find(|k| k.starts_with("multipart/form-data") || k.starts_with("application/x-www-form-urlencoded"));
            match (json, form) {
                (Some(media), _) => {
                    let at = b_at.child("content").child(media).child("schema");
                    walk.schema(&at, content[media].get("schema"));
                }
                (None, Some(media)) => {
                    let at = b_at.child("content").child(media).child("schema");
                    let kept_fields = body_kept.map(Body::fields).unwrap_or(&[]);
                    for name in form_field_names(docs, &at, content[media].get("schema")) {
                        out.form_fields.add(kept_fields.iter().any(|f| f.wire == name));
                    }
                }
                (None, None) => {}
            }
        }
    }

    // Success responses with a body.
    let at = op_at.child("responses");
    for (status, r) in op.get("responses").and_then(Value::as_object).into_iter().flatten() {
        let Some(code) = status.parse::<u16>().ok().filter(|c| (200..300).contains(c)) else { continue };
        let Ok((r_at, r, _)) = docs.deref(&at.child(status), r) else {
            out.response_bodies.add(false);
            continue;
        };
        let Some(content) = r.get("content").and_then(Value::as_object).filter(|c| !c.is_empty()) else { continue };
        let found = kept.responses.iter().find(|x| x.status == code);
        out.response_bodies.add(found.is_some_and(|x| !matches!(x.kind, ResponseKind::Empty)));
        if let (Some(_), Some(media)) = (found, content.keys().find(|k| is_json(k))) {
            walk.schema(&r_at.child("content").child(media).child("schema"), content[media].get("schema"));
        }
    }
    // Error bodies the spec types: their fields are counted on both sides.
    let responses = op.get("responses").and_then(Value::as_object);
    let keys: Vec<&str> = responses.into_iter().flat_map(|m| m.keys()).map(String::as_str).collect();
    for (status, r) in responses.into_iter().flatten() {
        let Some(set) = super::convert::status_set(status, &keys) else { continue };
        if !kept.errors.iter().any(|e| e.status == set && e.body.is_some()) {
            continue;
        }
        let Ok((r_at, r, _)) = docs.deref(&at.child(status), r) else { continue };
        let content = r.get("content").and_then(Value::as_object);
        if let Some((media, c)) = content.into_iter().flatten().find(|(k, _)| is_json(k)) {
            walk.schema(&r_at.child("content").child(media).child("schema"), c.get("schema"));
        }
    }
}

/// The property names of a form body's schema, `allOf` members merged.
fn form_field_names(docs: &Documents, at: &Loc, schema: Option<&Value>) -> Vec<String> {
    fn collect(docs: &Documents, at: &Loc, schema: &Value, depth: usize, out: &mut Vec<String>) {
        let Ok((at, schema, _)) = docs.deref(at, schema) else { return };
        if depth > 32 {
            return;
        }
        for (i, member) in schema.get("allOf").and_then(Value::as_array).into_iter().flatten().enumerate() {
            collect(docs, &at.child("allOf").child(i), member, depth + 1, out);
        }
        for name in schema.get("properties").and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k) {
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
    }
    let mut out = Vec::new();
    if let Some(schema) = schema {
        collect(docs, at, schema, 0, &mut out);
    }
    out
}

/// Counts the properties of every schema reachable from the bodies, each
/// distinct schema once: a component by its place, an inline schema by its
/// text (as the converter names one type per distinct inline schema).
struct SchemaWalk<'d> {
    docs: &'d Documents,
    seen: HashSet<String>,
    fields: FieldCoverage,
}

impl SchemaWalk<'_> {
    fn schema(&mut self, at: &Loc, schema: Option<&Value>) {
        // An explicit stack: a document may nest schemas without bound.
        let mut stack: Vec<(Loc, &Value)> = schema.map(|s| (at.clone(), s)).into_iter().collect();
        while let Some((at, schema)) = stack.pop() {
            let Ok((loc, s, followed)) = self.docs.deref(&at, schema) else { continue };
            let text = s.to_string();
            let key = if followed || text.contains("\"$ref\"") { format!("{}{}", loc.doc, loc.pointer) } else { text };
            if !self.seen.insert(key) {
                continue;
            }
            for (name, prop) in s.get("properties").and_then(Value::as_object).into_iter().flatten() {
                self.fields.in_documents += 1;
                let p_at = loc.child("properties").child(name);
                let shapeless = shapeless(self.docs, &p_at, prop);
                self.fields.untyped_in_documents += usize::from(shapeless);
                stack.push((p_at, prop));
            }
            // A required name no property describes: a field of any value
            // by the document's word (within one schema; `allOf` members
            // may describe each other's).
            let properties = s.get("properties").and_then(Value::as_object);
            if s.get("allOf").is_none() {
                let required = s.get("required").and_then(Value::as_array).into_iter().flatten();
                let undescribed = required
                    .filter_map(Value::as_str)
                    .filter(|r| !r.is_empty() && !properties.is_some_and(|p| p.contains_key(*r)))
                    .count();
                self.fields.in_documents += undescribed;
                self.fields.untyped_in_documents += undescribed;
            }
            for key in ["items", "additionalProperties"] {
                if let Some(inner) = s.get(key).filter(|v| v.is_object()) {
                    stack.push((loc.child(key), inner));
                }
            }
            for (pattern, inner) in s.get("patternProperties").and_then(Value::as_object).into_iter().flatten() {
                stack.push((loc.child("patternProperties").child(pattern), inner));
            }
            // Tuples (`prefixItems`, draft 4's `items: [..]`) and unions.
            for key in ["allOf", "oneOf", "anyOf", "prefixItems", "items"] {
                for (i, member) in s.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
                    stack.push((loc.child(key).child(i), member));
                }
            }
            // The schemas that extend one with a discriminator, which the
            // converter makes its members.
            if s.get("oneOf").is_none() && s.get("anyOf").is_none() {
                for (at, _) in self.docs.subtypes(&loc, s) {
                    if let Some(subtype) = self.docs.get(&at) {
                        stack.push((at, subtype));
                    }
                }
            }
        }
    }
}

/// Whether the schema at `at` gives no type, itself or as the one member
/// beside `null` of a union (`anyOf: [{type: object}, {type: null}]`).
fn shapeless(docs: &Documents, at: &Loc, schema: &Value) -> bool {
    let (mut at, mut schema) = (at.clone(), schema);
    // A loop, not recursion, and bounded: such a union may contain itself.
    for _ in 0..16 {
        let Ok((loc, s, _)) = docs.deref(&at, schema) else { return false };
        let null = |m: &Value| m.get("type").and_then(Value::as_str) == Some("null");
        let beside_null = ["anyOf", "oneOf"].into_iter().find_map(|key| {
            let members = s.get(key)?.as_array()?;
            match members.iter().enumerate().filter(|(_, m)| !null(m)).collect::<Vec<_>>()[..] {
                [(i, only)] if members.len() > 1 => Some((loc.child(key).child(i), only)),
                _ => None,
            }
        });
        match beside_null {
            Some((member_at, member)) => (at, schema) = (member_at, member),
            None => return without_type(s),
        }
    }
    false
}

/// Whether a schema gives no type: nothing to type a value by, or an object
/// with neither properties nor values described.
pub(super) fn without_type(s: &Value) -> bool {
    const SHAPES: [&str; 10] = [
        "properties",
        "items",
        "prefixItems",
        "enum",
        "const",
        "oneOf",
        "anyOf",
        "allOf",
        "additionalProperties",
        "patternProperties",
    ];
    let object_or_none = match s.get("type") {
        None => true,
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(types)) => {
            types.iter().all(|t| t == "object" || t == "null") && types.iter().any(|t| t == "object")
        }
        Some(_) => false,
    };
    object_or_none
        && SHAPES
            .iter()
            .all(|k| s.get(*k).is_none_or(|v| v == &Value::Bool(true) || v.as_object().is_some_and(|o| o.is_empty())))
}

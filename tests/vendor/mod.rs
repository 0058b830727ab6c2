//! The vendors' own OpenAPI documents, for the opt-in tests that read them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

const METHODS: [&str; 6] = ["get", "put", "post", "delete", "patch", "head"];

/// The folder of the vendors' documents, when this machine has it; `None`
/// (with a message saying the test is skipped) on a user's machine.
pub fn folder() -> Option<PathBuf> {
    let vendor = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vendor");
    if vendor.is_dir() {
        Some(vendor)
    } else {
        eprintln!("skipped: {} is absent (the vendors' OpenAPI documents)", vendor.display());
        None
    }
}

/// The JSON documents of a folder, by name.
pub fn documents(dir: &Path) -> Vec<PathBuf> {
    let mut docs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    docs.sort();
    docs
}

/// A document, read (JSON or YAML) as the importer reads it.
pub fn read(path: &Path) -> Value {
    specgen::import::document::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// An operation of a document, and whether it sends or returns something
/// other than JSON (a form, a file, bytes) or sends a union (a body, or a
/// field of one, that is a `oneOf` or `anyOf`).
pub struct Op {
    pub method: &'static str,
    pub path: String,
    pub special: bool,
}

/// `schema`, its local `$ref`s followed (a few at most).
fn local<'a>(doc: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..8 {
        match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(pointer) => schema = doc.pointer(pointer).unwrap_or(&Value::Null),
            None => break,
        }
    }
    schema
}

/// Whether a JSON request body, or one of its fields, is a union.
fn sends_union(doc: &Value, op: &Value) -> bool {
    let content = op.pointer("/requestBody/content").and_then(Value::as_object);
    let Some(schema) =
        content.into_iter().flatten().find(|(k, _)| k.contains("json")).and_then(|(_, m)| m.get("schema"))
    else {
        return false;
    };
    let union =
        |s: &Value| s.get("oneOf").or_else(|| s.get("anyOf")).and_then(Value::as_array).is_some_and(|m| m.len() > 1);
    let schema = local(doc, schema);
    union(schema)
        || schema.get("properties").and_then(Value::as_object).into_iter().flatten().any(|(_, p)| union(local(doc, p)))
}

pub fn operations(doc: &Value) -> Vec<Op> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let not_json = |content: Option<&Value>| {
                content.and_then(Value::as_object).is_some_and(|c| c.keys().any(|k| !k.contains("json")))
            };
            let sends = not_json(op.pointer("/requestBody/content"));
            let returns = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .any(|(status, r)| status.starts_with('2') && not_json(r.get("content")));
            ops.push(Op { method, path: path.clone(), special: sends || returns || sends_union(doc, op) });
        }
    }
    ops
}

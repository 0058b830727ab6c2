//! The JSON Schema of the spec format, derived from the structs the loader
//! reads ([`crate::spec`]), so that editors complete keys and flag typos as
//! they are typed. A file with an `api` key is an `api.yaml`; any other is a
//! group file.

use schemars::generate::SchemaSettings;

use crate::spec::{ApiFile, GroupFile};

/// Where the schema is kept in a spec folder, and what a spec file's first
/// line names it by (a path relative to the file, for the YAML language server).
pub const FILE_NAME: &str = "specgen.schema.json";

/// The first line of a spec file in `spec/<api>/`: the YAML language server
/// reads the schema it names.
pub const MODELINE: &str = "# yaml-language-server: $schema=../specgen.schema.json";

/// The schema, as pretty JSON with a final newline (the bytes are the same
/// for the same generator).
pub fn schema_json() -> String {
    let mut generator = SchemaSettings::draft07().into_generator();
    let api = generator.subschema_for::<ApiFile>();
    let group = generator.subschema_for::<GroupFile>();
    let definitions = generator.take_definitions(true);
    let mut schema = serde_json::json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "specgen spec file",
        "description": "A file of a specgen spec folder: `spec/<api>/api.yaml` (what the API's operations share) \
                        or `spec/<api>/<group>.yaml` (a group of operations).",
        "if": { "type": "object", "required": ["api"] },
        "then": api,
        "else": group,
        "definitions": definitions,
    });
    without_null(&mut schema);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// An optional key is left out rather than written `null`, so the `null`
/// branches of `Option` fields go: without them a validator reports a
/// misspelt key inside an optional object by its name, not as "matches
/// none of anyOf".
fn without_null(value: &mut serde_json::Value) {
    use serde_json::Value;
    let is_null = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
    if let Value::Object(map) = value {
        if let Some(Value::Array(branches)) = map.get("anyOf") {
            if branches.len() == 2 && branches.iter().any(is_null) {
                let kept = branches.iter().find(|b| !is_null(b)).cloned().unwrap_or(Value::Null);
                map.remove("anyOf");
                if let Value::Object(kept) = kept {
                    map.extend(kept);
                }
            }
        }
        if let Some(Value::Array(types)) = map.get_mut("type") {
            types.retain(|t| t != "null");
            if types.len() == 1 {
                let only = types.remove(0);
                map.insert("type".into(), only);
            }
        }
        if map.get("default") == Some(&Value::Null) {
            map.remove("default");
        }
        map.values_mut().for_each(without_null);
    } else if let Value::Array(items) = value {
        items.iter_mut().for_each(without_null);
    }
}

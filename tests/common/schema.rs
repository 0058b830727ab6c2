//! The JSON Schema of the spec format, applied by an independent validator
//! (the `jsonschema` crate) to spec files as an editor would.

/// A validator of the schema `specgen schema` prints.
pub fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&specgen::schema::schema_json()).unwrap();
    jsonschema::draft7::new(&schema).unwrap()
}

/// What the schema says of a spec file: `None` when it is not YAML at all,
/// else its errors (empty when it passes). Keys become strings, as the YAML
/// language server reads them (`200:` is the key `"200"`).
pub fn errors(validator: &jsonschema::Validator, text: &[u8]) -> Option<Vec<String>> {
    let yaml: serde_yaml::Value = serde_yaml::from_slice(text).ok()?;
    let json = serde_json::to_value(yaml).ok()?;
    Some(validator.iter_errors(&json).map(|e| format!("{} at {}", e, e.instance_path)).collect())
}

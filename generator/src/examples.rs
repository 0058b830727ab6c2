//! Example values, made from the model where the spec gives none: JSON bodies
//! for the docs and the OpenAPI document, and the Rust example of each
//! operation, which is compiled as a doctest of the generated method.

use serde_json::{json, Value};

use crate::model::*;

/// How deep nested objects are filled in full; below it they get their
/// required fields only (null where nullable) and arrays are left empty, so
/// that a recursive type's example ends and still decodes.
const MAX_DEPTH: usize = 4;
/// Where even required fields stop: only a type that cannot have a finite
/// value (a required, non-nullable field containing itself) gets this far.
const HARD_DEPTH: usize = 4 * MAX_DEPTH;

/// A JSON example of a named type: its own `example`, else one built from its
/// fields (required and optional), enum values and first union member.
pub fn type_example(api: &Api, name: &str) -> Value {
    build(api, &Ty::Named(name.to_owned()), 0)
}

/// A JSON example of a field's type.
pub fn value_example(api: &Api, ty: &Ty) -> Value {
    build(api, ty, 0)
}

fn build(api: &Api, ty: &Ty, depth: usize) -> Value {
    match ty {
        Ty::String => json!("string"),
        Ty::Integer => json!(1),
        Ty::Number => json!(1.5),
        Ty::Boolean => json!(true),
        Ty::Any => json!({}),
        Ty::File => json!("<binary>"),
        Ty::Array(_) if depth >= MAX_DEPTH => json!([]),
        Ty::Array(inner) => json!([build(api, inner, depth + 1)]),
        Ty::Named(name) => {
            let Some(t) = api.find_type(name) else { return Value::Null };
            if let Some(example) = &t.example {
                return example.clone();
            }
            match &t.kind {
                TypeKind::Enum { values, .. } => values.first().map_or(Value::Null, |v| json!(v.wire)),
                TypeKind::OneOf(members) => {
                    members.first().map_or(Value::Null, |m| build(api, &Ty::Named(m.clone()), depth))
                }
                TypeKind::Object(fields) if depth < HARD_DEPTH => {
                    let shallow = depth < MAX_DEPTH;
                    let mut map = serde_json::Map::new();
                    for f in fields.iter().filter(|f| shallow || f.required) {
                        let value = if shallow || !f.nullable { build(api, &f.ty, depth + 1) } else { Value::Null };
                        map.insert(f.wire.clone(), value);
                    }
                    Value::Object(map)
                }
                TypeKind::Object(_) => json!({}),
                TypeKind::Alias(ty) if depth < HARD_DEPTH => build(api, ty, depth + 1),
                TypeKind::Alias(_) => Value::Null,
            }
        }
    }
}

/// Who an example call is written for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CallStyle {
    /// The docs: files are read from paths.
    Docs,
    /// A test against a local server: files are bytes in memory.
    Test,
    /// A test against a JavaScript mock server (Prism): files in memory, and
    /// integers within JavaScript's safe range (2^53 - 1), which it cannot
    /// read beyond.
    Contract,
}

/// The largest integer JavaScript reads exactly.
const JS_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// The example value of a scalar parameter as it appears in a URL: the same
/// value the example call passes.
pub fn scalar_text(api: &Api, f: &Field, style: CallStyle) -> String {
    match &f.ty {
        Ty::Integer => {
            let value = f.example.as_ref().and_then(|e| e.as_i64()).unwrap_or(1);
            let value =
                if style == CallStyle::Contract { value.clamp(-JS_SAFE_INTEGER, JS_SAFE_INTEGER) } else { value };
            value.to_string()
        }
        Ty::Number => "1.5".to_owned(),
        Ty::Boolean => "true".to_owned(),
        Ty::Named(name) => match (api.find_type(name).map(|t| &t.kind), f.example.as_deref()) {
            (Some(TypeKind::Enum { .. }), Some(serde_json::Value::String(s))) => s.clone(),
            (Some(TypeKind::Enum { values, .. }), _) => values.first().map_or_else(String::new, |v| v.wire.clone()),
            _ => example_text(f),
        },
        _ => example_text(f),
    }
}

/// A Rust expression for an argument of type `ty` in an example call.
fn rust_arg(api: &Api, f: &Field, style: CallStyle) -> String {
    match &f.ty {
        Ty::String => format!("{:?}", example_text(f)),
        Ty::Integer | Ty::Number | Ty::Boolean => scalar_text(api, f, style),
        Ty::File => {
            let ext = f.limits().file_types.first().map_or("bin", String::as_str);
            let name = format!("{}.{ext}", f.rust.trim_end_matches('_'));
            match style {
                CallStyle::Docs => format!("FilePart::from_path({name:?})"),
                CallStyle::Test | CallStyle::Contract => format!("FilePart::from_bytes(&b\"content\"[..], {name:?})"),
            }
        }
        Ty::Array(_) | Ty::Any => format!(
            "serde_json::from_str({:?})?",
            serde_json::to_string(&value_example(api, &f.ty)).unwrap_or_default()
        ),
        Ty::Named(name) => match api.find_type(name).map(|t| &t.kind) {
            Some(TypeKind::Enum { .. }) => format!("{:?}", scalar_text(api, f, style)),
            _ => format!(
                "serde_json::from_str({:?})?",
                serde_json::to_string(&type_example(api, name)).unwrap_or_default()
            ),
        },
    }
}

/// The field's example as text, else its name.
fn example_text(f: &Field) -> String {
    match f.example.as_deref() {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => f.wire.clone(),
    }
}

/// The arguments of an operation's method, in order, as Rust expressions.
fn call_args(api: &Api, op: &Operation, style: CallStyle) -> Vec<String> {
    let mut args = Vec::new();
    for f in op.path_params.iter().chain(&op.query).chain(&op.headers).filter(|f| f.required) {
        args.push(rust_arg(api, f, style));
    }
    match &op.body {
        Body::JsonObject { fields, .. } | Body::Multipart(fields) => {
            args.extend(fields.iter().filter(|f| f.required).map(|f| rust_arg(api, f, style)));
        }
        Body::JsonValue { ty } => args.push(format!(
            "serde_json::from_str({:?})?",
            serde_json::to_string(&type_example(api, ty)).unwrap_or_default()
        )),
        Body::None => {}
    }
    args
}

/// The example call without `.send()`: `client.get_clip("c1")`.
pub fn call(api: &Api, op: &Operation, style: CallStyle) -> String {
    format!("client.{}({})", op.name, call_args(api, op, style).join(", "))
}

/// The lines of a complete example (lines starting with `# ` are hidden in rustdoc).
pub fn rust_example(api: &Api, op: &Operation, crate_name: &str) -> Vec<String> {
    let args = call_args(api, op, CallStyle::Docs);
    let uses_file = args.iter().any(|a| a.starts_with("FilePart"));
    let uses_json = args.iter().any(|a| a.contains("serde_json"));
    let mut lines = Vec::new();
    if uses_file {
        lines.push(format!("use {crate_name}::runtime::FilePart;"));
    }
    if uses_json {
        lines.push(format!("use {crate_name}::runtime::serde_json;"));
    }
    lines.push("# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned());
    lines.push(format!("let client = {crate_name}::{}::Client::new(\"access-token\")?;", api.module));
    let call = format!("client.{}({})", op.name, args.join(", "));
    match (&op.main_response().kind, &op.output) {
        (ResponseKind::Empty, _) => lines.push(format!("{call}.send().await?;")),
        (ResponseKind::Json(_), _) | (ResponseKind::Binary, Output::Variants { .. }) => {
            lines.push(format!("let response = {call}.send().await?;"));
            lines.push("println!(\"{response:?}\");".to_owned());
        }
        (ResponseKind::Binary, Output::Optional) => {
            lines.push(format!("if let Some(body) = {call}.send().await? {{"));
            lines.push("    let bytes_written = body.write_to_file(\"download.bin\").await?;".to_owned());
            lines.push("    println!(\"{bytes_written} bytes\");".to_owned());
            lines.push("}".to_owned());
        }
        (ResponseKind::Binary, Output::Single) => {
            lines.push(format!("let body = {call}.send().await?;"));
            lines.push("let bytes_written = body.write_to_file(\"download.bin\").await?;".to_owned());
            lines.push("println!(\"{bytes_written} bytes\");".to_owned());
        }
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines
}

/// The example as shown in Markdown: hidden lines left out.
pub fn rust_example_shown(api: &Api, op: &Operation, crate_name: &str) -> String {
    rust_example(api, op, crate_name).into_iter().filter(|l| !l.starts_with("# ")).collect::<Vec<_>>().join("\n")
}

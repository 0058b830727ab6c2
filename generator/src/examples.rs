//! Example values, made from the model where the spec gives none: JSON bodies
//! for the docs and the OpenAPI document, and the Rust example of each
//! operation, which is compiled as a doctest of the generated method.

use serde_json::{json, Value};

use crate::model::*;

mod literal;

/// How deep nested objects are filled in full; below it they get their
/// required fields only (null where nullable) and arrays are left empty, so
/// that a recursive type's example ends and still decodes.
const MAX_DEPTH: usize = 4;
/// Where even required fields stop: only a type that cannot have a finite
/// value (a required, non-nullable field containing itself) gets this far.
const HARD_DEPTH: usize = 4 * MAX_DEPTH;
/// The most values (objects, arrays, scalars) in one example. Types that
/// refer to the same type in several fields grow exponentially with depth
/// (30 such levels would make a billion values): past three quarters of the
/// budget optional fields are left out, and an example that spends it all is
/// made again [`SHALLOW`]. Examples of real APIs stay below it.
const BUDGET: usize = 2_000;

/// The limits of an example that did not fit [`BUDGET`]: optional fields at
/// the top only, nested objects empty past two levels, and at most a tenth of
/// the values. It may not decode where the type requires more, as no example
/// of a size anyone would read could.
const SHALLOW: Limits = Limits { budget: BUDGET / 10, full_depth: 1, hard_depth: 2 };

/// How far an example goes.
#[derive(Clone, Copy)]
struct Limits {
    /// The most values.
    budget: usize,
    /// How deep optional fields are filled.
    full_depth: usize,
    /// Where objects stop, required fields and all.
    hard_depth: usize,
}

/// A JSON example of a named type: its own `example`, else one built from its
/// fields (required and optional), enum values and first union member.
pub fn type_example(api: &Api, id: TypeId) -> Value {
    value_example(api, &Ty::Named(id))
}

/// A JSON example of a field's type.
pub fn value_example(api: &Api, ty: &Ty) -> Value {
    let full = Limits { budget: BUDGET, full_depth: MAX_DEPTH, hard_depth: HARD_DEPTH };
    let mut builder = Builder { api, limits: full, left: BUDGET, path: Vec::new() };
    let value = builder.build(ty, 0, true);
    if builder.left > 0 {
        return value;
    }
    Builder { api, limits: SHALLOW, left: SHALLOW.budget, path: Vec::new() }.build(ty, 0, true)
}

/// Builds one example within its limits.
struct Builder<'a> {
    api: &'a Api,
    limits: Limits,
    /// Values left of the budget.
    left: usize,
    /// The object types being filled, outermost first: one met again (a
    /// recursive type) gets its required fields only.
    path: Vec<TypeId>,
}

impl Builder<'_> {
    /// The example of `ty` at `depth`; `full` when it may be filled in full
    /// (its container is), else only what decoding needs: required fields,
    /// null where nullable, empty arrays.
    fn build(&mut self, ty: &Ty, depth: usize, full: bool) -> Value {
        self.left = self.left.saturating_sub(1);
        let spent = self.left == 0;
        match ty {
            Ty::String => json!("string"),
            Ty::Integer => json!(1),
            Ty::Number => json!(1.5),
            Ty::Boolean => json!(true),
            Ty::Any => json!({}),
            Ty::Null => Value::Null,
            Ty::File => json!("<binary>"),
            Ty::Temporal(t) => json!(temporal_example(*t)),
            Ty::Array(_) if !full || depth >= self.limits.full_depth || spent => json!([]),
            Ty::Array(inner) => json!([self.build(inner, depth + 1, full)]),
            Ty::Map(_) if !full || depth >= self.limits.full_depth || spent => json!({}),
            Ty::Map(inner) => json!({ "key": self.build(inner, depth + 1, full) }),
            // An example shows a value, not its absence.
            Ty::Nullable(inner) => self.build(inner, depth, full),
            Ty::Named(id) => {
                let t = self.api.named_type(*id);
                if let Some(example) = &t.example {
                    return example.clone();
                }
                match &t.kind {
                    TypeKind::Enum { values, integer, .. } => {
                        values.first().map_or(Value::Null, |v| match v.wire.parse::<i64>() {
                            Ok(n) if *integer => json!(n),
                            _ => json!(v.wire),
                        })
                    }
                    TypeKind::OneOf(members, tag) => {
                        let mut value = members.first().map_or(Value::Null, |m| self.build(m, depth, full));
                        // A tagged union's example names its first member by that member's tag.
                        if let (Some(tag), Some(object)) = (tag, value.as_object_mut()) {
                            if let Some(v) = tag.value_of(0) {
                                object.insert(tag.field.clone(), json!(v));
                            }
                        }
                        value
                    }
                    TypeKind::Object(fields) if depth < self.limits.hard_depth && !spent => {
                        // A type met again inside itself is filled with what it requires;
                        // met a third time, it requires itself, and no value of it ends.
                        let seen = self.path.iter().filter(|&&p| p == *id).count();
                        if seen >= 2 {
                            return json!({});
                        }
                        self.path.push(*id);
                        let mut map = serde_json::Map::new();
                        // The first set of fields the type needs one of is given; with
                        // `exactly_one`, the other sets' fields are not.
                        let (needed, left_out) = t.requires.as_ref().map_or((&[][..], Vec::new()), |r| {
                            let first = r.sets.first().map_or(&[][..], Vec::as_slice);
                            let others = r.sets.iter().skip(1).flatten().filter(|f| !first.contains(f));
                            (first, if r.exactly_one { others.collect() } else { Vec::new() })
                        });
                        for f in fields.iter() {
                            // Optional fields while shallow, not recursive and the budget lasts;
                            // required ones while it is not spent.
                            let fill = full
                                && seen == 0
                                && depth < self.limits.full_depth
                                && self.left > self.limits.budget / 4;
                            let required = f.required || needed.contains(&f.wire);
                            if !(fill || required) || self.left == 0 || left_out.contains(&&f.wire) {
                                continue;
                            }
                            let value =
                                if fill || !f.nullable { self.field_value(f, depth + 1, fill) } else { Value::Null };
                            map.insert(f.wire.clone(), value);
                        }
                        self.path.pop();
                        Value::Object(map)
                    }
                    TypeKind::Object(_) => json!({}),
                    TypeKind::Alias(ty) if depth < self.limits.hard_depth => self.build(ty, depth + 1, full),
                    TypeKind::Alias(_) => Value::Null,
                }
            }
        }
    }

    /// A field's example value: its own scalar example when it has one of its
    /// type, else a string that fits its format and pattern, else its name
    /// (as the example calls use), else one built from its type.
    fn field_value(&mut self, f: &Field, depth: usize, full: bool) -> Value {
        if let Some(example) = f.example.as_deref().filter(|e| example_fits(self.api, &f.ty, e)) {
            self.left = self.left.saturating_sub(1);
            return example.clone();
        }
        let mut value = self.derived_value(f, depth, full);
        // An array with fewer items than it needs gets one, however deep, and
        // repeats it (unless they must differ), up to a few.
        let limits = f.limits();
        if let (Value::Array(items), Some(min), Ty::Array(inner)) = (&mut value, limits.min_items, &f.ty) {
            if items.is_empty() && min > 0 {
                let item =
                    if f.ty.is_string_array() { json!(derived_text(f)) } else { self.build(inner, depth + 1, false) };
                items.push(item);
            }
            if let (Some(first), false) = (items.first().cloned(), limits.unique_items) {
                let min = usize::try_from(min).unwrap_or(usize::MAX).min(8);
                items.resize(min.max(items.len()), first);
            }
        }
        // A map's entries: as many as it needs (up to a few), each under a
        // key its `keys` allow, so the client's own checks accept it.
        if let (Value::Object(map), Ty::Map(inner)) = (&mut value, &f.ty) {
            let min = limits.min_items.map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX).min(8));
            if map.len() < min {
                let entry = map.values().next().cloned().unwrap_or_else(|| self.build(inner, depth + 1, false));
                while map.len() < min {
                    map.insert(format!("key{}", map.len() + 1), entry.clone());
                }
            }
            if let Some(keys) = &limits.keys {
                let base = keys.pattern.as_deref().and_then(matching_string).unwrap_or_else(|| "key".to_owned());
                let entries: Vec<Value> = std::mem::take(map).into_iter().map(|(_, v)| v).collect();
                for (i, entry) in entries.into_iter().enumerate() {
                    let key = if i == 0 { base.clone() } else { format!("{base}{i}") };
                    map.insert(fit_length(key, keys.min_length, keys.max_length), entry);
                }
            }
        }
        value
    }

    /// A field's value from its limits and type, for a field without an example.
    fn derived_value(&mut self, f: &Field, depth: usize, full: bool) -> Value {
        match &f.ty {
            Ty::String => {
                self.left = self.left.saturating_sub(1);
                Value::String(derived_text(f))
            }
            // A format, pattern or length of an array of strings is its items'.
            Ty::Array(_)
                if full && depth < self.limits.full_depth && f.ty.is_string_array() && f.limits().has_text_limits() =>
            {
                self.left = self.left.saturating_sub(2);
                json!([derived_text(f)])
            }
            ty => self.build(ty, depth, full),
        }
    }
}

/// Whether a scalar example, or an array of them, is of the type (vendors'
/// examples are not always; an enum's must be one of its values). Examples
/// of other types are not used.
fn example_fits(api: &Api, ty: &Ty, example: &Value) -> bool {
    match (ty, example) {
        (Ty::Array(inner), Value::Array(items)) => {
            matches!(**inner, Ty::String | Ty::Integer | Ty::Number | Ty::Boolean | Ty::Named(_))
                && items.iter().all(|item| example_fits(api, inner, item))
        }
        (Ty::String, Value::String(_)) | (Ty::Boolean, Value::Bool(_)) | (Ty::Number, Value::Number(_)) => true,
        (Ty::Integer, Value::Number(n)) => n.is_i64(),
        (Ty::Named(_), Value::String(s)) => {
            api.closed_enum(ty).is_some_and(|values| values.iter().any(|v| &v.wire == s))
        }
        (Ty::Named(id), Value::Number(n)) => {
            matches!(api.named_type(*id).kind, TypeKind::Enum { integer: true, .. })
                && api.closed_enum(ty).is_some_and(|values| values.iter().any(|v| v.wire == n.to_string()))
        }
        _ => false,
    }
}

/// A string field's text when it has no example of its own: one that fits
/// its pattern or format, else its name, within its lengths.
fn derived_text(f: &Field) -> String {
    let limits = f.limits();
    fit_length(string_example(f).unwrap_or_else(|| f.wire.clone()), limits.min_length, limits.max_length)
}

/// `text` cut to `max` characters, or padded with `x` to `min` (at most 64
/// added, as a vendor's minimum may be large).
fn fit_length(text: String, min: Option<u64>, max: Option<u64>) -> String {
    let mut text = match max.and_then(|n| usize::try_from(n).ok()) {
        Some(max) => text.chars().take(max).collect(),
        None => text,
    };
    let short = min.and_then(|n| usize::try_from(n).ok()).map(|min| min.saturating_sub(text.chars().count()));
    text.extend(std::iter::repeat_n('x', short.unwrap_or(0).min(64)));
    text
}

/// A string that fits the field's pattern, else its format, when it has either.
pub fn string_example(f: &Field) -> Option<String> {
    let limits = f.limits();
    if let Some(text) = limits.pattern.as_deref().and_then(matching_string) {
        return Some(text);
    }
    let text = match limits.format.as_deref()? {
        "date-time" => "2024-01-01T00:00:00Z",
        "date" => "2024-01-01",
        "time" => "00:00:00",
        "email" | "idn-email" => "user@example.com",
        "uri" | "url" | "iri" | "uri-reference" => "https://example.com",
        "hostname" | "idn-hostname" => "example.com",
        "uuid" => "123e4567-e89b-12d3-a456-426614174000",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "c3RyaW5n",
        "duration" => "PT1H",
        _ => return None,
    };
    Some(text.to_owned())
}

/// A short string the regular expression `pattern` matches: each repetition
/// at its least (once when it may be absent), the first alternative, a
/// letter or digit of each class when it has one.
fn matching_string(pattern: &str) -> Option<String> {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn class_char(class: &Class) -> Option<char> {
        let ranges: Vec<(char, char)> = match class {
            Class::Unicode(c) => c.ranges().iter().map(|r| (r.start(), r.end())).collect(),
            Class::Bytes(c) => c.ranges().iter().map(|r| (char::from(r.start()), char::from(r.end()))).collect(),
        };
        ['a', 'A', '0', '_', '-', '.', ' ']
            .into_iter()
            .find(|c| ranges.iter().any(|(lo, hi)| (lo..=hi).contains(&c)))
            .or_else(|| ranges.iter().map(|(lo, _)| *lo).find(|c| !c.is_control()))
    }
    fn walk(hir: &Hir, out: &mut String) -> Option<()> {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(lit) => out.push_str(std::str::from_utf8(&lit.0).ok()?),
            HirKind::Class(class) => out.push(class_char(class)?),
            HirKind::Repetition(rep) => {
                let times = rep.min.max(1).min(rep.max.unwrap_or(u32::MAX)).min(64);
                for _ in 0..times {
                    walk(&rep.sub, out)?;
                }
            }
            HirKind::Capture(cap) => walk(&cap.sub, out)?,
            HirKind::Concat(parts) => parts.iter().try_for_each(|p| walk(p, out))?,
            HirKind::Alternation(alts) => walk(alts.first()?, out)?,
        }
        Some(())
    }
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut out = String::new();
    walk(&hir, &mut out)?;
    Some(out)
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
        Ty::Named(id) => match (&api.named_type(*id).kind, f.example.as_deref()) {
            (TypeKind::Enum { integer: false, .. }, Some(serde_json::Value::String(s))) => s.clone(),
            (TypeKind::Enum { integer: true, .. }, Some(serde_json::Value::Number(n))) if n.is_i64() => n.to_string(),
            (TypeKind::Enum { values, .. }, _) => values.first().map_or_else(String::new, |v| v.wire.clone()),
            _ => example_text(f),
        },
        _ => example_text(f),
    }
}

/// The Rust type of `ty` as an example outside the crate `krate` names it;
/// its named types as `types::X` when `short` (the example imports the
/// module), else by their full path.
fn rust_type(api: &Api, ty: &Ty, krate: &str, short: bool) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::Integer => "i64".to_owned(),
        Ty::Number => "f64".to_owned(),
        Ty::Boolean => "bool".to_owned(),
        Ty::Any | Ty::File => "serde_json::Value".to_owned(),
        Ty::Null => "()".to_owned(),
        Ty::Temporal(t) => format!("{krate}::runtime::{}", t.rust()),
        Ty::Array(item) => format!("Vec<{}>", rust_type(api, item, krate, short)),
        Ty::Map(values) => format!("std::collections::BTreeMap<String, {}>", rust_type(api, values, krate, short)),
        Ty::Nullable(inner) => format!("Option<{}>", rust_type(api, inner, krate, short)),
        Ty::Named(id) if short => format!("types::{}", api.named_type(*id).rust),
        Ty::Named(id) => format!("{krate}::{}::types::{}", api.rust, api.named_type(*id).rust),
    }
}

/// The example of `ty` as an argument: in the docs, the expression a user
/// writes (a struct literal) where one reads well; else
/// `serde_json::from_str::<T>("…")?`, the type named because an argument
/// taking `impl Into<T>` cannot infer it.
fn json_arg(api: &Api, ty: &Ty, style: CallStyle, krate: &str) -> String {
    if style == CallStyle::Docs {
        if let Some(literal) = literal::rust_value(api, ty, krate) {
            return literal;
        }
    }
    let json = serde_json::to_string(&value_example(api, ty)).unwrap_or_default();
    format!("serde_json::from_str::<{}>({json:?})?", rust_type(api, ty, krate, style == CallStyle::Docs))
}

/// A `FilePart` named `name`: read from a path in the docs, bytes in memory in tests.
fn file_arg(name: &str, style: CallStyle) -> String {
    match style {
        CallStyle::Docs => format!("FilePart::from_path({name:?})"),
        CallStyle::Test | CallStyle::Contract => format!("FilePart::from_bytes(&b\"content\"[..], {name:?})"),
    }
}

/// A Rust expression for an argument of type `ty` in an example call.
fn rust_arg(api: &Api, f: &Field, style: CallStyle, krate: &str) -> String {
    match &f.ty {
        Ty::String => format!("{:?}", example_text(f)),
        Ty::Temporal(t) => {
            let example = f.example.as_deref().and_then(serde_json::Value::as_str);
            format!("{:?}", example.unwrap_or(temporal_example(*t)))
        }
        Ty::Integer | Ty::Number | Ty::Boolean => scalar_text(api, f, style),
        Ty::File => {
            let ext = f.limits().file_types.first().map_or("bin", String::as_str);
            file_arg(&format!("{}.{ext}", f.rust.trim_end_matches('_')), style)
        }
        Ty::Array(inner) if **inner == Ty::File => {
            let ext = f.limits().file_types.first().map_or("bin", String::as_str);
            format!("vec![{}]", file_arg(&format!("{}.{ext}", f.rust.trim_end_matches('_')), style))
        }
        Ty::Array(_) | Ty::Map(_) | Ty::Nullable(_) | Ty::Any | Ty::Null => json_arg(api, &f.ty, style, krate),
        Ty::Named(id) => match &api.named_type(*id).kind {
            TypeKind::Enum { integer: false, .. } => format!("{:?}", scalar_text(api, f, style)),
            TypeKind::Enum { integer: true, .. } => format!("{}i64", scalar_text(api, f, style)),
            _ => json_arg(api, &f.ty, style, krate),
        },
    }
}

/// An example value of a date or time.
pub fn temporal_example(t: Temporal) -> &'static str {
    match t {
        Temporal::DateTime => "2024-05-01T12:30:00Z",
        Temporal::Date => "2024-05-01",
        Temporal::Time => "12:30:00",
    }
}

/// A string field's example text, or `string` for a value of no field.
fn example_text_of(field: Option<&Field>) -> String {
    field.map_or_else(|| "string".to_owned(), example_text)
}

/// The field's example as text, else a string that fits its pattern or
/// format, else its name.
fn example_text(f: &Field) -> String {
    match f.example.as_deref() {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => derived_text(f),
    }
}

/// The arguments of an operation's method, in order, as Rust expressions
/// in a crate using the generated crate `krate`.
fn call_args(api: &Api, op: &Operation, style: CallStyle, krate: &str) -> Vec<String> {
    let mut args = Vec::new();
    for f in op.parameters().filter(|f| f.required) {
        args.push(rust_arg(api, f, style, krate));
    }
    match &op.body {
        Body::JsonObject { fields, .. } | Body::Form { fields, .. } => {
            args.extend(fields.iter().filter(|f| f.required).map(|f| rust_arg(api, f, style, krate)));
        }
        Body::JsonValue { ty } | Body::FormValue { ty, .. } => args.push(json_arg(api, &Ty::Named(*ty), style, krate)),
        Body::Binary { .. } => args.push(file_arg("body.bin", style)),
        Body::None => {}
    }
    args
}

/// The field the examples set in a form of the caller's fields alone (a
/// form with nothing in it is no example of one): `key`, of the extra
/// fields' type.
pub fn extra_example(api: &Api, fields: &[Field], extra: Option<&Ty>) -> Option<Field> {
    let ty = extra.filter(|_| fields.is_empty())?;
    Some(Field {
        wire: "key".to_owned(),
        rust: "key".to_owned(),
        doc: String::new(),
        ty: ty.clone(),
        required: true,
        nullable: false,
        style: ParamStyle::default(),
        limits: None,
        boxed: false,
        default: None,
        example: Some(Box::new(value_example(api, ty))),
        part_headers: Box::new([]),
    })
}

/// The example call without `.send()`: `client.get_clip("c1")`, in a crate
/// using the generated crate `krate`.
pub fn call(api: &Api, op: &Operation, style: CallStyle, krate: &str) -> String {
    // The headers a required multipart part cannot go without are set too,
    // and a form none of whose fields is required gets its first: a form
    // with nothing in it is no example of one.
    let setters: String = match &op.body {
        Body::Form { fields, extra, .. } => {
            let first = fields.first().filter(|_| fields.iter().all(|f| !f.required));
            let first = first.map(|f| format!(".{}({})", f.rust, rust_arg(api, f, style, krate)));
            let extra = extra_example(api, fields, extra.as_ref())
                .map(|f| format!(".extra_field({:?}, {})", f.wire, rust_arg(api, &f, style, krate)));
            let headers = fields
                .iter()
                .filter(|f| f.required)
                .flat_map(|f| f.part_headers.iter().filter(|h| h.required))
                .map(|h| format!(".{}({})", h.rust, rust_arg(api, h, style, krate)));
            first.into_iter().chain(extra).chain(headers).collect()
        }
        // The first set of fields the body needs one of.
        Body::JsonObject { ty, fields, .. } => match &api.named_type(*ty).requires {
            Some(requires) => fields
                .iter()
                .filter(|f| !f.required && requires.sets.first().is_some_and(|set| set.contains(&f.wire)))
                .map(|f| format!(".{}({})", f.rust, rust_arg(api, f, style, krate)))
                .collect(),
            None => String::new(),
        },
        _ => String::new(),
    };
    format!("client.{}({}){setters}", op.name, call_args(api, op, style, krate).join(", "))
}

/// The typed mock of the example call: `mock.get_clip("c1")`, with the same
/// path parameters as [`call`].
pub fn mock_call(api: &Api, op: &Operation, style: CallStyle, krate: &str) -> String {
    let args: Vec<String> = op.path_params.iter().map(|f| rust_arg(api, f, style, krate)).collect();
    format!("mock.{}({})", op.name, args.join(", "))
}

/// The lines of a complete example (lines starting with `# ` are hidden in rustdoc).
pub fn rust_example(api: &Api, op: &Operation, crate_name: &str) -> Vec<String> {
    let args = call_args(api, op, CallStyle::Docs, crate_name);
    let uses_file = args.iter().any(|a| a.starts_with("FilePart"));
    let uses_json = args.iter().any(|a| a.contains("serde_json"));
    let uses_types = args.iter().any(|a| a.contains("types::"));
    let call = call(api, op, CallStyle::Docs, crate_name);
    let mut lines = Vec::new();
    if uses_file {
        lines.push(format!("use {crate_name}::runtime::FilePart;"));
    }
    if uses_types {
        lines.push(format!("use {crate_name}::{}::types;", api.rust));
    }
    if uses_json {
        lines.push(format!("use {crate_name}::runtime::serde_json;"));
    }
    lines.push("# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned());
    lines.push(format!("let client = {crate_name}::{}::Client::new(\"access-token\")?;", api.rust));
    match (&op.main_response().kind, &op.output) {
        (ResponseKind::Empty, _) => lines.push(format!("{call}.send().await?;")),
        (ResponseKind::Json(_) | ResponseKind::Text, _)
        | (ResponseKind::Binary | ResponseKind::Events(_), Output::Variants { .. }) => {
            lines.push(format!("let response = {call}.send().await?;"));
            lines.push("println!(\"{response:?}\");".to_owned());
        }
        (ResponseKind::Binary, Output::Optional) => {
            lines.push(format!("if let Some(body) = {call}.send().await? {{"));
            lines.push("    let bytes_written = body.write_to_file(\"download.bin\").await?;".to_owned());
            lines.push("    println!(\"{bytes_written} bytes\");".to_owned());
            lines.push("}".to_owned());
        }
        (ResponseKind::Events(_), Output::Optional) => {
            lines.push(format!("if let Some(mut events) = {call}.send().await? {{"));
            lines.push("    while let Some(event) = events.next_event().await {".to_owned());
            lines.push("        println!(\"{:?}\", event?);".to_owned());
            lines.push("    }".to_owned());
            lines.push("}".to_owned());
        }
        (ResponseKind::Events(_), Output::Single) => {
            lines.push(format!("let mut events = {call}.send().await?;"));
            lines.push("while let Some(event) = events.next_event().await {".to_owned());
            lines.push("    println!(\"{:?}\", event?);".to_owned());
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

#[cfg(test)]
mod tests {
    use super::matching_string;

    #[test]
    fn a_string_is_made_to_match_its_pattern() {
        assert_eq!(matching_string("[a-z]{7}[@]zoho[.]com").as_deref(), Some("aaaaaaa@zoho.com"));
        assert_eq!(matching_string("^[0-9]+$").as_deref(), Some("0"));
        assert_eq!(matching_string("(foo|bar)-\\d{2,4}").as_deref(), Some("foo-00"));
        assert_eq!(matching_string("x?").as_deref(), Some("x"));
        assert_eq!(matching_string("[").as_deref(), None);
    }
}

//! Items written straight as formatted text: calls of the runtime's
//! `operation_error!` and `open_enum!` macros, which hold only what differs
//! between enums, one line per variant. Text costs a fraction of building
//! tokens, parsing them and formatting them, and a macro body is text to
//! prettyplease anyway (it would run the lines together).

use proc_macro2::Literal;

use super::doc_lines;
use crate::model::{Api, EnumValue, Operation, StatusSet, Ty, TypeId};

pub(super) const INDENT: &str = "    ";

/// Before every client and builder method: a crate of many operations leaves
/// their machine code, and that of the futures they return, to the crates
/// that call them, for the operations they use.
pub(super) const INLINE: &str = "    #[inline]\n";

/// Where the modules of an API (groups, the mock) find its named types.
pub(super) const TYPES: &str = "super::types::";

/// `///` lines at `depth` indents; a line `///` cannot hold (one with a
/// carriage return) becomes a `#[doc = "…"]` attribute.
pub(super) fn doc(out: &mut String, depth: usize, text: &str) {
    doc_comment(out, depth, ("///", "#["), text);
}

/// `//!` lines of a module's docs, as [`doc`] writes `///` lines.
pub(super) fn inner_doc(out: &mut String, text: &str) {
    doc_comment(out, 0, ("//!", "#!["), text);
}

/// Prose as doc comment lines led by `comment`, or attributes opened by `attribute`.
fn doc_comment(out: &mut String, depth: usize, (comment, attribute): (&str, &str), text: &str) {
    for line in doc_lines(text) {
        out.push_str(&INDENT.repeat(depth));
        if line.contains('\r') {
            out.push_str(&format!("{attribute}doc = {}]\n", Literal::string(&line)));
        } else {
            out.push_str(comment);
            out.push_str(&line);
            out.push('\n');
        }
    }
}

/// The error enum of `op`, named `error`, as an `operation_error!` call: the
/// variants in the order the classification tries them.
pub(super) fn operation_error(api: &Api, op: &Operation) -> String {
    let error = op.error_enum();
    let mut out = String::with_capacity(256 + 160 * op.errors.len());
    out.push_str("crate::runtime::operation_error! {\n");
    doc(
        &mut out,
        1,
        &format!(
            "The errors of [`Client::{}`](super::Client::{}): one variant per documented code, and `Other` for anything undocumented.",
            op.name, op.name
        ),
    );
    out.push_str(&format!("{INDENT}pub enum {error} {{\n"));
    for e in &op.errors {
        if let Some(variant) = &e.variant {
            let meaning = e.meaning();
            doc(&mut out, 2, &format!("{}: {meaning}", e.status.http()));
            let statuses = status_pattern(e.status);
            out.push_str(&format!("{INDENT}{INDENT}{variant} = {statuses} => {},\n", Literal::string(meaning)));
        }
        for c in &e.codes {
            let joined = c.meanings.iter().map(|m| m.trim()).collect::<Vec<_>>().join("\n- ");
            let list = if c.meanings.len() > 1 { format!("\n- {joined}") } else { format!(" {joined}") };
            doc(&mut out, 2, &format!("{}, code `{}`:{list}", e.status.http(), c.code));
            let code = match api.int_code(c) {
                Some(n) => Literal::i64_unsuffixed(n),
                None => Literal::string(&c.code),
            };
            out.push_str(&format!(
                "{INDENT}{INDENT}{} = {}, code {code} => {},\n",
                c.variant,
                status_pattern(e.status),
                Literal::string(&c.meaning())
            ));
        }
    }
    out.push_str(&format!("{INDENT}}}\n}}\n"));
    error_body(api, op, &mut out);
    out
}

/// `body()` of an operation's error enum, when the spec types the error
/// bodies of some statuses: the type itself when they share one, else an
/// enum `<Operation>ErrorBody` of them.
fn error_body(api: &Api, op: &Operation, out: &mut String) {
    let types = op.error_body_types();
    let error = op.error_enum();
    let rust = |ty: TypeId| format!("super::types::{}", api.named_type(ty).rust);
    let (returned, wrap) = match types.as_slice() {
        [] => return,
        [one] => (rust(*one), None),
        several => {
            let name = format!("{error}Body");
            doc(out, 0, &format!("The typed body of a [`{error}`], by the type its status documents."));
            out.push_str(&format!("#[derive(Debug, Clone)]\npub enum {name} {{\n"));
            for ty in several {
                let t = api.named_type(*ty);
                doc(out, 1, &format!("Of type [`{}`](super::types::{}).", t.rust, t.rust));
                out.push_str(&format!("{INDENT}{}({}),\n", t.rust, rust(*ty)));
            }
            out.push_str("}\n");
            (name.clone(), Some(name))
        }
    };
    out.push_str(&format!("impl {error} {{\n"));
    doc(
        out,
        1,
        "The error's body decoded as the type its status documents; `None` for a status whose body the spec \
         does not type, or a body that does not decode (the raw body stays in `api_error().body`).",
    );
    out.push_str(&format!("{INDENT}pub fn body(&self) -> Option<{returned}> {{\n{INDENT}{INDENT}match self {{\n"));
    for ty in &types {
        let variants: Vec<String> = op
            .errors
            .iter()
            .filter(|e| e.body == Some(*ty))
            .flat_map(|e| e.variant.iter().chain(e.codes.iter().map(|c| &c.variant)))
            .map(|v| format!("{error}::{v}(error)"))
            .collect();
        let decoded = match &wrap {
            Some(name) => format!("error.decode_body().map({name}::{})", api.named_type(*ty).rust),
            None => "error.decode_body()".to_owned(),
        };
        out.push_str(&format!("{INDENT}{INDENT}{INDENT}{} => {decoded},\n", variants.join(" | ")));
    }
    out.push_str(&format!("{INDENT}{INDENT}{INDENT}_ => None,\n{INDENT}{INDENT}}}\n{INDENT}}}\n}}\n"));
}

/// The statuses of an error variant as `operation_error!` takes them: `404`, or `400..=499`.
fn status_pattern(set: StatusSet) -> String {
    match set.bounds() {
        (first, last) if first == last => first.to_string(),
        (first, last) => format!("{first}..={last}"),
    }
}

/// A named enum as an `open_enum!` call: its exact wire values, and any
/// other value kept as received.
/// An integer enum is an `open_int_enum!` call, its values integer literals.
pub(super) fn open_enum(name: &str, text: &str, values: &[EnumValue], integer: bool) -> String {
    let mut out = String::with_capacity(128 + 96 * values.len());
    out.push_str(if integer { "crate::runtime::open_int_enum! {\n" } else { "crate::runtime::open_enum! {\n" });
    doc(&mut out, 1, text);
    out.push_str(&format!("{INDENT}pub enum {name} {{\n"));
    for v in values {
        doc(&mut out, 2, &format!("`{}`: {}", v.wire, v.doc));
        let value = if integer { v.wire.clone() } else { Literal::string(&v.wire).to_string() };
        out.push_str(&format!("{INDENT}{INDENT}{} = {value},\n", v.rust));
    }
    out.push_str(&format!("{INDENT}}}\n}}\n"));
    out
}

/// `#[cfg(any(feature = "…", …))]` at `depth` indents, for an item compiled
/// with any of `features`: on one line when it fits, else `any(…)` on a line
/// of its own, else one feature a line.
pub(super) fn cfg_any(out: &mut String, depth: usize, features: &[&str]) {
    let indent = INDENT.repeat(depth);
    let list: Vec<String> = features.iter().map(|f| format!("feature = {}", Literal::string(f))).collect();
    let line = format!("{indent}#[cfg(any({}))]", list.join(", "));
    let inner = format!("{indent}{INDENT}any({})", list.join(", "));
    if line.len() <= MARGIN {
        out.push_str(&line);
        out.push('\n');
    } else if inner.len() <= MARGIN {
        out.push_str(&format!("{indent}#[cfg(\n{inner}\n{indent})]\n"));
    } else {
        out.push_str(&format!("{indent}#[cfg(\n{indent}{INDENT}any(\n"));
        let each = format!(",\n{indent}{INDENT}{INDENT}");
        out.push_str(&format!("{indent}{INDENT}{INDENT}{}\n", list.join(&each)));
        out.push_str(&format!("{indent}{INDENT})\n{indent})]\n"));
    }
}

/// The widest line prettyplease writes before it breaks one.
pub(super) const MARGIN: usize = 89;
/// The widest struct literal prettyplease keeps on one line (`Name { a, b }`).
const STRUCT_LITERAL_WIDTH: usize = 35;

/// One doc line written as it is (code of an example, led by its space).
pub(super) fn raw_doc_line(out: &mut String, depth: usize, line: &str) {
    out.push_str(&INDENT.repeat(depth));
    let line = line.trim_end_matches(' ');
    if line.contains(['\r', '\n']) || line.starts_with('/') {
        out.push_str(&format!("#[doc = {}]\n", Literal::string(line)));
    } else {
        out.push_str("///");
        out.push_str(line);
        out.push('\n');
    }
}

/// `head(params) -> ret {` on one line when it fits, else one parameter a
/// line. A parameter is its name and type; a receiver (`&self`) has no type.
pub(super) fn signature(out: &mut String, depth: usize, head: &str, params: &[(String, String)], ret: &str) {
    let indent = INDENT.repeat(depth);
    let param = |(name, ty): &(String, String)| if ty.is_empty() { name.clone() } else { format!("{name}: {ty}") };
    let line = format!("{indent}{head}({}) -> {ret} {{", params.iter().map(param).collect::<Vec<_>>().join(", "));
    if fits(&line, "", true) {
        out.push_str(&line);
        out.push('\n');
        return;
    }
    out.push_str(&format!("{indent}{head}(\n"));
    for (name, ty) in params {
        let prefix = if ty.is_empty() { name.clone() } else { format!("{name}: ") };
        typed_line(out, depth + 1, &prefix, ty, ",", false);
    }
    // `impl Trait<…> + Send`: the bounds follow the type's closing `>`.
    let (ty, bounds) = match ret.rfind('>') {
        Some(end) if ret[end + 1..].starts_with(" + ") => ret.split_at(end + 1),
        _ => (ret, ""),
    };
    typed_line(out, depth, ") -> ", ty, &format!("{bounds} {{"), true);
}

/// Whether `line` fits the margin; `counted` tells whether its `suffix` (a
/// trailing comma or semicolon) counts: a list's trailing comma does not.
fn fits(line: &str, suffix: &str, counted: bool) -> bool {
    let width = if counted { line.len() } else { line.len() - suffix.len() };
    width <= MARGIN
}

/// A struct literal: `Path { field: value, shorthand }`.
pub(super) struct StructLiteral {
    pub path: String,
    pub fields: Vec<(String, FieldValue)>,
}

/// The value of a field in a [`StructLiteral`].
pub(super) enum FieldValue {
    Expr(String),
    Struct(StructLiteral),
}

impl StructLiteral {
    /// On one line.
    fn flat(&self) -> String {
        if self.fields.is_empty() {
            return format!("{} {{}}", self.path);
        }
        let fields: Vec<String> = self.fields.iter().map(|(name, value)| field(name, value.flat())).collect();
        format!("{} {{ {} }}", self.path, fields.join(", "))
    }

    /// As prettyplease writes it on a line `depth` indents deep: on one line
    /// when narrow, else one field a line.
    pub(super) fn render(&self, depth: usize) -> String {
        let flat = self.flat();
        if flat.len() <= STRUCT_LITERAL_WIDTH && fits(&format!("{}{flat}", INDENT.repeat(depth)), "", true) {
            return flat;
        }
        let mut out = format!("{} {{\n", self.path);
        let inner = INDENT.repeat(depth + 1);
        for (name, value) in &self.fields {
            match value {
                FieldValue::Expr(e) if e == name => out.push_str(&format!("{inner}{name},\n")),
                FieldValue::Expr(e) => expr_lines(&mut out, depth + 1, &format!("{name}: "), e, ",", true),
                FieldValue::Struct(s) => out.push_str(&format!("{inner}{},\n", field(name, s.render(depth + 1)))),
            }
        }
        out.push_str(&INDENT.repeat(depth));
        out.push('}');
        out
    }
}

impl FieldValue {
    fn flat(&self) -> String {
        match self {
            FieldValue::Expr(e) => e.clone(),
            FieldValue::Struct(s) => s.flat(),
        }
    }
}

/// `name: value`, or the shorthand `name` when the value is the name.
fn field(name: &str, value: String) -> String {
    if value == name {
        value
    } else {
        format!("{name}: {value}")
    }
}

/// The Rust type of `ty` without `Option` layers; named types after `types`
/// (`super::types::` in a group, nothing in `types.rs`).
pub(super) fn ty(api: &Api, ty: &Ty, types: &str) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::Integer => "i64".to_owned(),
        Ty::Number => "f64".to_owned(),
        Ty::Boolean => "bool".to_owned(),
        Ty::Any => "crate::runtime::serde_json::Value".to_owned(),
        Ty::Null => "()".to_owned(),
        Ty::File => "crate::runtime::FilePart".to_owned(),
        Ty::Temporal(t) => format!("crate::runtime::{}", t.rust()),
        Ty::Array(inner) => format!("Vec<{}>", self::ty(api, inner, types)),
        Ty::Map(inner) => format!("std::collections::BTreeMap<String, {}>", self::ty(api, inner, types)),
        Ty::Nullable(inner) => format!("Option<{}>", self::ty(api, inner, types)),
        Ty::Named(id) => format!("{types}{}", api.named_type(*id).rust),
    }
}

/// Whether a method takes a value of `ty` as `impl Into<T>` (strings,
/// dates and times, named types) rather than as `T`.
pub(super) fn takes_into(ty: &Ty) -> bool {
    matches!(ty, Ty::String | Ty::Temporal(_) | Ty::Named(_))
}

/// The parameter type a method takes a value of `t` as.
pub(super) fn arg_type(api: &Api, t: &Ty, types: &str) -> String {
    if takes_into(t) {
        format!("impl Into<{}>", ty(api, t, types))
    } else {
        ty(api, t, types)
    }
}

/// The argument `name` of type `ty` as the builder stores it.
pub(super) fn stored(name: &str, ty: &Ty) -> String {
    if takes_into(ty) {
        format!("{name}.into()")
    } else {
        name.to_owned()
    }
}

/// `prefix TYPE suffix` at `depth` indents, as prettyplease writes a line
/// too long for the margin: the outermost generic arguments of the type go on
/// a line of their own (`Option<` / `    Inner,` / `>`), again as needed.
/// `counted` is the part of the suffix that counts against the margin (a
/// list's trailing comma does not).
pub(super) fn typed_line(out: &mut String, depth: usize, prefix: &str, ty: &str, suffix: &str, counted: bool) {
    let indent = INDENT.repeat(depth);
    let line = format!("{indent}{prefix}{ty}{suffix}");
    match (ty.find('<'), ty.ends_with('>')) {
        (Some(open), true) if !fits(&line, suffix, counted) => {
            out.push_str(&format!("{indent}{prefix}{}<\n", &ty[..open]));
            for arg in generic_args(&ty[open + 1..ty.len() - 1]) {
                typed_line(out, depth + 1, "", arg, ",", false);
            }
            out.push_str(&format!("{indent}>{suffix}\n"));
        }
        _ => {
            out.push_str(&line);
            out.push('\n');
        }
    }
}

/// The arguments of a generic type, split at its top-level commas.
fn generic_args(args: &str) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0usize, 0, Vec::new());
    for (i, c) in args.char_indices() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(args[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(args[start..].trim());
    out
}

/// `prefix EXPR suffix` for the expressions a constructor writes (`name`,
/// `name.into()`, `Some(…)`, `Box::new(…)`), broken as prettyplease breaks
/// them when the line is too long: a call's argument on a line of its own,
/// `.into()` under its receiver.
fn expr_lines(out: &mut String, depth: usize, prefix: &str, expr: &str, suffix: &str, counted: bool) {
    let indent = INDENT.repeat(depth);
    let line = format!("{indent}{prefix}{expr}{suffix}");
    if fits(&line, suffix, counted) {
        out.push_str(&line);
        out.push('\n');
        return;
    }
    for call in ["Some(", "Box::new("] {
        if let Some(inner) = expr.strip_prefix(call).and_then(|e| e.strip_suffix(')')) {
            out.push_str(&format!("{indent}{prefix}{call}\n"));
            expr_lines(out, depth + 1, "", inner, ",", false);
            out.push_str(&format!("{indent}){suffix}\n"));
            return;
        }
    }
    match expr.strip_suffix(".into()") {
        Some(receiver) => out.push_str(&format!("{indent}{prefix}{receiver}\n{indent}{INDENT}.into(){suffix}\n")),
        None => {
            out.push_str(&line);
            out.push('\n');
        }
    }
}

/// A call, `head(args)`: on one line when it fits the margin, else one
/// argument a line.
pub(super) struct Call {
    head: String,
    args: Vec<String>,
}

impl Call {
    pub(super) fn new(head: impl Into<String>, args: Vec<String>) -> Call {
        Call { head: head.into(), args }
    }

    /// The call on one line, after `line`.
    fn flat(&self, line: &mut String) {
        line.push_str(&self.head);
        line.push('(');
        line.push_str(&self.args.join(", "));
        line.push(')');
    }

    /// The call at `depth` indents followed by `suffix`.
    pub(super) fn write(&self, out: &mut String, depth: usize, suffix: &str) {
        self.write_nested(out, depth, 0, suffix);
    }

    /// As [`write`](Self::write), a broken argument list `nested` indents
    /// deeper (a chain's first call, whose steps follow one indent deeper).
    fn write_nested(&self, out: &mut String, depth: usize, nested: usize, suffix: &str) {
        let indent = INDENT.repeat(depth);
        let mut line = indent.clone();
        self.flat(&mut line);
        line.push_str(suffix);
        if self.args.is_empty() || fits(&line, suffix, true) {
            out.push_str(&line);
            out.push('\n');
            return;
        }
        out.push_str(&format!("{indent}{}(\n", self.head));
        let close = INDENT.repeat(depth + nested);
        for arg in &self.args {
            out.push_str(&format!("{close}{INDENT}{arg},\n"));
        }
        out.push_str(&format!("{close}){suffix}\n"));
    }
}

/// A method chain: on one line when it fits, else `first`, then each step a
/// line one indent deeper, the last followed by `suffix`.
pub(super) fn chain(out: &mut String, depth: usize, first: &Call, steps: &[Call], suffix: &str) {
    let Some((last, rest)) = steps.split_last() else {
        first.write(out, depth, suffix);
        return;
    };
    let mut line = INDENT.repeat(depth);
    for call in std::iter::once(first).chain(steps) {
        call.flat(&mut line);
    }
    line.push_str(suffix);
    if fits(&line, suffix, true) {
        out.push_str(&line);
        out.push('\n');
        return;
    }
    first.write_nested(out, depth, 1, "");
    for step in rest {
        step.write(out, depth + 1, "");
    }
    last.write(out, depth + 1, suffix);
}

/// The text layout is prettyplease's: each shape written here, over a sweep
/// of name lengths around the margin and the struct-literal width, gives the
/// bytes prettyplease gives for the same code.
/// A string literal, escaped as Rust source.
pub fn lit(s: &str) -> String {
    proc_macro2::Literal::string(s).to_string()
}

/// An optional string as a Rust `Option<&str>` literal: `Some("a")`, `None`.
pub(super) fn opt_lit(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), |t| format!("Some({})", lit(t)))
}

/// A count or length bound as a Rust `Option<usize>` literal: `Some(3)`, `None`.
pub(super) fn count(n: Option<u64>) -> String {
    n.map_or_else(|| "None".to_owned(), |n| format!("Some({n})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(src: &str) -> String {
        prettyplease::unparse(&syn::parse_str::<syn::File>(src).expect("test source parses"))
    }

    #[test]
    fn feature_lists_break_as_prettyplease_does() {
        for n in 1..40 {
            for depth in [0, 1] {
                let features = ["zoom", &"g".repeat(n), &format!("zoom-{}", "h".repeat(n))];
                let mut ours = String::from(if depth == 0 { "" } else { "impl X {\n" });
                cfg_any(&mut ours, depth, &features);
                ours.push_str(if depth == 0 { "pub mod a;\n" } else { "    fn a() {}\n}\n" });
                let item = if depth == 0 { "pub mod a;" } else { "fn a() {}" };
                let mut attr = String::new();
                cfg_any(&mut attr, 0, &features);
                let src = if depth == 0 { format!("{attr}{item}") } else { format!("impl X {{ {attr}{item} }}") };
                assert_eq!(ours, pretty(&src), "name length {n}, depth {depth}");
            }
        }
    }

    #[test]
    fn signatures_and_setter_bodies_break_as_prettyplease_does() {
        for n in 1..90 {
            let name = "a".repeat(n);
            let ty = format!("impl Into<Option<super::types::{}>>", "T".repeat(n / 2 + 1));
            let params = [("mut self".to_owned(), String::new()), ("value".to_owned(), ty.clone())];
            let mut ours = String::from("impl X {\n");
            signature(&mut ours, 1, &format!("pub fn {name}"), &params, "Self");
            ours.push_str("        self\n    }\n}\n");
            let theirs = pretty(&format!("impl X {{ pub fn {name}(mut self, value: {ty}) -> Self {{ self }} }}"));
            assert_eq!(ours, theirs, "name length {n}");
        }
    }

    #[test]
    fn struct_literals_break_as_prettyplease_does() {
        for n in 1..80 {
            let a = "a".repeat(n);
            let literal = StructLiteral {
                path: "G".to_owned(),
                fields: vec![
                    ("client".to_owned(), FieldValue::Expr("self.clone()".to_owned())),
                    (a.clone(), FieldValue::Expr(format!("{a}.into()"))),
                    ("b".to_owned(), FieldValue::Expr(format!("Some(Box::new({a}.into()))"))),
                    (
                        "body".to_owned(),
                        FieldValue::Struct(StructLiteral {
                            path: "super::types::T".to_owned(),
                            fields: vec![(a.clone(), FieldValue::Expr("None".to_owned()))],
                        }),
                    ),
                ],
            };
            let ours = format!("impl C {{\n    pub fn f(&self) -> G {{\n        {}\n    }}\n}}\n", literal.render(2));
            let theirs = pretty(&format!(
                "impl C {{ pub fn f(&self) -> G {{ G {{ client: self.clone(), {a}: {a}.into(), b: Some(Box::new({a}.into())), body: super::types::T {{ {a}: None }} }} }} }}"
            ));
            assert_eq!(ours, theirs, "name length {n}");
        }
        for n in 1..30 {
            let a = "a".repeat(n);
            let literal = StructLiteral {
                path: "G".to_owned(),
                fields: vec![
                    ("client".to_owned(), FieldValue::Expr("self.clone()".to_owned())),
                    (a.clone(), FieldValue::Expr(a.clone())),
                ],
            };
            let ours = format!("fn f() -> G {{\n    {}\n}}\n", literal.render(1));
            assert_eq!(ours, pretty(&format!("fn f() -> G {{ G {{ client: self.clone(), {a} }} }}")), "{n}");
        }
    }

    #[test]
    fn calls_and_chains_stay_on_one_line_until_the_margin() {
        let steps = |n: usize| vec![Call::new(".step", vec!["a".repeat(n)]), Call::new(".done", Vec::new())];
        // `let x = first(1)` + `.step(…)` + `.done();` at one indent.
        let mut out = String::new();
        chain(&mut out, 1, &Call::new("let x = first", vec!["1".to_owned()]), &steps(54), ";");
        assert_eq!(out, format!("    let x = first(1).step({}).done();\n", "a".repeat(54)));
        assert_eq!(out.len() - 1, MARGIN, "the widest line kept whole");
        let mut out = String::new();
        chain(&mut out, 1, &Call::new("let x = first", vec!["1".to_owned()]), &steps(55), ";");
        assert_eq!(out, format!("    let x = first(1)\n        .step({})\n        .done();\n", "a".repeat(55)));
        // A step too wide for the margin takes one argument a line; a chain's
        // first call, followed by its steps, takes its arguments a level deeper.
        let wide = Call::new("let x = first", vec!["b".repeat(50), "c".repeat(40)]);
        let mut out = String::new();
        chain(&mut out, 1, &wide, &[Call::new(".step", vec!["d".repeat(80), "e".to_owned()])], ";");
        let (b, c, d) = ("b".repeat(50), "c".repeat(40), "d".repeat(80));
        assert_eq!(
            out,
            format!("    let x = first(\n            {b},\n            {c},\n        )\n        .step(\n            {d},\n            e,\n        );\n")
        );
        let mut out = String::new();
        chain(&mut out, 0, &Call::new("head", Vec::new()), &[], ";");
        assert_eq!(out, "head();\n");
    }

    #[test]
    fn long_return_types_break_at_each_generic_argument() {
        let mut out = String::new();
        let ret = format!("Result<A<{}>, E<{}>>", "a".repeat(40), "e".repeat(40));
        signature(&mut out, 1, "pub async fn send", &[("self".to_owned(), String::new())], &ret);
        let theirs = pretty(&format!("impl X {{ pub async fn send(self) -> {ret} {{ todo!() }} }}"));
        assert!(theirs.starts_with(&format!("impl X {{\n{out}")), "ours:\n{out}\ntheirs:\n{theirs}");
    }

    #[test]
    fn future_return_types_break_as_prettyplease_does() {
        // Up to the longest argument that still fits a line of its own.
        for n in 1..=72 {
            let ret =
                format!("impl std::future::Future<Output = Result<A<{}>, E<{}>>> + Send", "a".repeat(n), "e".repeat(n));
            let mut out = String::new();
            signature(&mut out, 1, "pub fn send", &[("self".to_owned(), String::new())], &ret);
            let theirs = pretty(&format!("impl X {{ pub fn send(self) -> {ret} {{ todo!() }} }}"));
            assert!(theirs.starts_with(&format!("impl X {{\n{out}")), "ours:\n{out}\ntheirs:\n{theirs}");
        }
    }

    #[test]
    fn fields_and_aliases_break_as_prettyplease_does() {
        for n in 1..90 {
            let name = "f".repeat(n);
            let ty = format!("Option<Option<Vec<{}>>>", "T".repeat(n));
            let mut ours = String::from("pub struct S {\n");
            typed_line(&mut ours, 1, &format!("pub {name}: "), &ty, ",", true);
            ours.push_str("}\n");
            typed_line(&mut ours, 0, "pub type A = ", &ty, ";", true);
            let theirs = pretty(&format!("pub struct S {{ pub {name}: {ty} }} pub type A = {ty};"));
            assert_eq!(ours, theirs, "name length {n}");
        }
    }
}

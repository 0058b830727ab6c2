//! Structure-aware fuzzing: arbitrary spec models (types, fields, operations,
//! errors) written out as well-formed YAML, so the fuzzer explores validation
//! and emission rather than the YAML parser. Every model must give located
//! diagnostics or Rust that parses.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_yaml::{Mapping, Value};
use specgen::load::SpecFiles;
use specgen::{Error, Generator};

const API: &[u8] = b"api: demo\ntitle: Demo\ndoc: Fuzzed.\nfeature: demo\nservers:\n  default: https://api.example.com/v1\n  files: https://files.example.com/v1\nhosts: [\"*.example.com\"]\nauth:\n  prefix: Bearer\nerror_body:\n  code_type: integer\n";

/// Names drawn from pieces that make trouble: keywords, digits, symbols, case.
#[derive(Arbitrary, Debug)]
struct Name(Vec<u8>);

const PIECES: &[&str] =
    &["type", "self", "Self", "a", "B", "_", "-", ".", " ", "1", "ü", "gen", "other", "Other", "id", "Id", "ref", "x"];

impl Name {
    fn text(&self) -> String {
        let text: String = self.0.iter().take(4).map(|b| PIECES[*b as usize % PIECES.len()]).collect();
        if text.is_empty() {
            "n".to_owned()
        } else {
            text
        }
    }
}

#[derive(Arbitrary, Debug)]
enum FieldType {
    String,
    Integer,
    Number,
    Boolean,
    Any,
    File,
    Named(u8),
    ArrayOf(u8),
    Unknown,
}

#[derive(Arbitrary, Debug)]
struct Field {
    name: Name,
    ty: FieldType,
    required: bool,
    nullable: bool,
    min: Option<i8>,
    max: Option<i8>,
    max_items: Option<u8>,
}

#[derive(Arbitrary, Debug)]
enum TypeDef {
    Object(Name, Vec<Field>),
    Enum(Name, Vec<Name>, bool),
    OneOf(Name, Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum BodyKind {
    Json(u8),
    Multipart(Vec<Field>),
}

#[derive(Arbitrary, Debug)]
struct Operation {
    name: Name,
    method: u8,
    path_params: Vec<Name>,
    query: Vec<Field>,
    body: Option<BodyKind>,
    status: u16,
    response: Option<u8>,
    errors: Vec<(u16, Vec<u16>)>,
    files_server: bool,
    keep_auth: bool,
    paginate: bool,
}

#[derive(Arbitrary, Debug)]
struct Spec {
    types: Vec<TypeDef>,
    operations: Vec<Operation>,
}

fn s(text: impl Into<String>) -> Value {
    Value::String(text.into())
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Mapping(entries.into_iter().map(|(k, v)| (s(k), v)).collect())
}

fn type_name(names: &[String], index: u8) -> String {
    names.get(index as usize % names.len().max(1)).cloned().unwrap_or_else(|| "Missing".to_owned())
}

fn field(f: &Field, names: &[String]) -> Value {
    let (ty, items) = match &f.ty {
        FieldType::String => ("string".to_owned(), None),
        FieldType::Integer => ("integer".to_owned(), None),
        FieldType::Number => ("number".to_owned(), None),
        FieldType::Boolean => ("boolean".to_owned(), None),
        FieldType::Any => ("any".to_owned(), None),
        FieldType::File => ("file".to_owned(), None),
        FieldType::Named(i) => (type_name(names, *i), None),
        FieldType::ArrayOf(i) => ("array".to_owned(), Some(type_name(names, *i))),
        FieldType::Unknown => ("Nope".to_owned(), None),
    };
    let mut m = vec![
        ("type", s(ty)),
        ("doc", s("A field.")),
        ("required", Value::Bool(f.required)),
        ("nullable", Value::Bool(f.nullable)),
    ];
    if let Some(items) = items {
        m.push(("items", s(items)));
    }
    if let Some(min) = f.min {
        m.push(("min", Value::from(min)));
    }
    if let Some(max) = f.max {
        m.push(("max", Value::from(max)));
    }
    if let Some(n) = f.max_items {
        m.push(("max_items", Value::from(n)));
    }
    map(m)
}

fn fields(list: &[Field], names: &[String]) -> Value {
    Value::Mapping(list.iter().map(|f| (s(f.name.text()), field(f, names))).collect())
}

fn yaml(spec: &Spec) -> String {
    let names: Vec<String> = spec
        .types
        .iter()
        .map(|t| match t {
            TypeDef::Object(n, _) | TypeDef::Enum(n, _, _) | TypeDef::OneOf(n, _) => format!("T{}", n.text()),
        })
        .collect();
    let mut types = Mapping::new();
    for (t, name) in spec.types.iter().zip(&names) {
        let body = match t {
            TypeDef::Object(_, list) => map(vec![("doc", s("An object.")), ("fields", fields(list, &names))]),
            TypeDef::Enum(_, values, open) => map(vec![
                ("doc", s("An enum.")),
                ("open", Value::Bool(*open)),
                ("enum", Value::Mapping(values.iter().map(|v| (s(v.text()), s("A value."))).collect())),
            ]),
            TypeDef::OneOf(_, members) => map(vec![
                ("doc", s("A union.")),
                ("one_of", Value::Sequence(members.iter().map(|m| s(type_name(&names, *m))).collect())),
            ]),
        };
        types.insert(s(name.clone()), body);
    }
    let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "FETCH"];
    let mut operations = Mapping::new();
    for (i, op) in spec.operations.iter().enumerate() {
        let params: Vec<String> = op.path_params.iter().map(Name::text).collect();
        let path: String =
            std::iter::once(format!("/r{i}")).chain(params.iter().map(|p| format!("/{{{p}}}"))).collect();
        let mut m = vec![
            ("summary", s(format!("Operation {i}."))),
            ("method", s(methods[op.method as usize % methods.len()])),
            ("path", s(path)),
            (
                "path_params",
                Value::Mapping(
                    params
                        .iter()
                        .map(|p| (s(p.clone()), map(vec![("type", s("string")), ("doc", s("A parameter."))])))
                        .collect(),
                ),
            ),
            ("query", fields(&op.query, &names)),
        ];
        if let Some(body) = &op.body {
            m.push((
                "body",
                match body {
                    BodyKind::Json(t) => map(vec![("json", s(type_name(&names, *t)))]),
                    BodyKind::Multipart(list) => map(vec![("multipart", fields(list, &names))]),
                },
            ));
        }
        let mut response = vec![("doc", s("OK."))];
        if let Some(t) = op.response {
            response.push(("body", s(type_name(&names, t))));
        }
        m.push(("responses", Value::Mapping([(Value::from(op.status % 600), map(response))].into_iter().collect())));
        m.push((
            "errors",
            Value::Mapping(
                op.errors
                    .iter()
                    .map(|(status, codes)| {
                        let codes: Mapping = codes.iter().map(|c| (Value::from(*c), s("A meaning."))).collect();
                        (
                            Value::from(status % 600),
                            if codes.is_empty() { s("A status.") } else { Value::Mapping(codes) },
                        )
                    })
                    .collect(),
            ),
        ));
        if op.files_server {
            m.push(("server", s("files")));
        }
        m.push(("keep_auth_on_redirect", Value::Bool(op.keep_auth)));
        if op.paginate {
            m.push((
                "pagination",
                map(vec![("token_param", s("token")), ("token_field", s("next")), ("items", s("data"))]),
            ));
        }
        operations.insert(s(format!("op_{}", op.name.text())), map(m));
    }
    let root =
        map(vec![("doc", s("Fuzzed.")), ("types", Value::Mapping(types)), ("operations", Value::Mapping(operations))]);
    serde_yaml::to_string(&root).unwrap_or_default()
}

fuzz_target!(|spec: Spec| {
    let group = yaml(&spec);
    let files = SpecFiles {
        root: "spec".to_owned(),
        apis: vec![(
            "demo".to_owned(),
            vec![("api.yaml".to_owned(), Ok(API.to_vec())), ("ops.yaml".to_owned(), Ok(group.clone().into_bytes()))],
        )],
    };
    match Generator::new("spec").emit_files(files) {
        Ok(output) => {
            for file in output.iter().filter(|f| f.path.ends_with(".rs")) {
                if let Err(e) = syn::parse_file(&file.contents) {
                    panic!("{} does not parse: {e}\n{group}", file.path);
                }
            }
            // Output in proportion to the spec: nothing is expanded at every use.
            let total: usize = output.iter().map(|f| f.contents.len()).sum();
            let input = API.len() + group.len();
            assert!(total <= 16 * input + 512 * 1024, "{total} bytes of output from {input} of spec\n{group}");
        }
        Err(Error::Spec(diagnostics)) => assert!(!diagnostics.0.is_empty()),
        Err(other) => panic!("generator bug: {other}\n{group}"),
    }
});

//! Stage 2: check the parsed spec and build the [`Model`].
//!
//! Every check runs and every problem is collected; emission only ever sees a
//! model that passed all of them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use indexmap::IndexMap;

use crate::diag::{did_you_mean, Diagnostic};
use crate::ident::{camel, snake, type_name};
use crate::load::{LoadedApi, SourceFile};
use crate::model::*;
use crate::spec::{self, ErrorsAtStatus, FieldSpec};

/// Names the emitters use themselves, by where they would clash: API modules
/// next to `runtime` in `lib.rs` and the `docs/` and `openapi/` folders; group
/// modules next to `types` (and `mod.rs`); operations as methods of the client
/// next to `new` and `builder` (and the traits it implements), and as doc pages
/// next to each API's `README.md`.
const RESERVED_APIS: [&str; 4] = ["runtime", "docs", "openapi", "lib"];

/// Why `name` cannot name an API (its spec folder and Rust module), with a
/// hint; `None` when it can.
pub fn api_name_problem(name: &str) -> Option<(String, String)> {
    if snake(name) != name {
        Some((format!("API name `{name}` is not a snake_case identifier"), format!("use `{}`", snake(name))))
    } else if RESERVED_APIS.contains(&name) {
        Some((
            format!("`{name}` is a name the generated crate uses itself"),
            format!("choose another name; reserved: {}", RESERVED_APIS.join(", ")),
        ))
    } else {
        None
    }
}
pub(crate) const RESERVED_GROUPS: [&str; 3] = ["types", "mod", "mock"];
/// Operation names the generated client uses itself.
pub const RESERVED_OPERATIONS: [&str; 9] =
    ["new", "builder", "clone", "fmt", "from", "readme", "start", "client", "client_builder"];
pub(crate) const PRIMITIVES: [&str; 7] = ["string", "integer", "number", "boolean", "any", "array", "file"];

/// Validates every loaded API; the model when there is no problem.
pub fn validate(apis: Vec<LoadedApi>) -> Result<Model, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut out = Vec::new();
    let mut features: HashMap<String, String> = HashMap::new();
    // Two API folders naming one module would write one folder of output.
    let mut modules: HashMap<String, String> = HashMap::new();
    for loaded in apis {
        let file = &loaded.api.0;
        if let Some(first) = modules.insert(loaded.api.1.api.clone(), file.name.clone()) {
            let mut d = file.error("api", format!("API `{}` is also defined in {first}", loaded.api.1.api));
            d.hint = Some("each API folder needs its own `api` name".to_owned());
            diags.push(d);
        }
        let feature = &loaded.api.1.feature;
        if let Some(first) = features.insert(feature.clone(), format!("API `{}`", loaded.dir)) {
            diags.push(file.error("feature", format!("feature `{feature}` is already used by {first}")));
        }
        // Each group has a feature of its own, which no other may take.
        for (group, gfile, _) in &loaded.groups {
            let group_feature = group_feature(feature, group);
            if let Some(first) = features.insert(group_feature.clone(), format!("group `{}`", gfile.name)) {
                let mut d = gfile.error(
                    "operations",
                    format!("this group's cargo feature `{group_feature}` is already used by {first}"),
                );
                d.hint = Some("rename the group file or change the API's `feature`".to_owned());
                diags.push(d);
            }
        }
        if let Some(api) = Checker::new(&mut diags).api(loaded) {
            out.push(api);
        }
    }
    if diags.is_empty() {
        out.sort_by(|a, b| a.module.cmp(&b.module));
        Ok(Model { apis: out })
    } else {
        diags.sort();
        diags.dedup();
        Err(diags)
    }
}

struct Checker<'d> {
    diags: &'d mut Vec<Diagnostic>,
}

/// Where a type is used, which decides the types it may have.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Field,
    /// A path or header parameter: a scalar or an enum.
    Param,
    /// A query parameter: a scalar, an enum, or an array of them.
    Query,
    Form,
}

impl<'d> Checker<'d> {
    fn new(diags: &'d mut Vec<Diagnostic>) -> Self {
        Checker { diags }
    }

    fn err(&mut self, file: &SourceFile, path: &str, message: impl Into<String>) {
        self.diags.push(file.error(path, message));
    }

    fn err_hint(&mut self, file: &SourceFile, path: &str, message: impl Into<String>, hint: Option<String>) {
        let mut d = file.error(path, message);
        d.hint = hint;
        self.diags.push(d);
    }

    fn api(&mut self, mut loaded: LoadedApi) -> Option<Api> {
        // Each operation's spec is dropped once lowered: with the model growing
        // as the spec shrinks, a large spec is not held twice.
        let group_ops: Vec<_> = loaded.groups.iter_mut().map(|(_, _, g)| std::mem::take(&mut g.operations)).collect();
        let loaded = &loaded;
        let before = self.diags.len();
        let (file, spec) = (&loaded.api.0, &loaded.api.1);
        if let Some((message, hint)) = api_name_problem(&spec.api) {
            self.err_hint(file, "api", message, Some(hint));
        }
        let variables = self.variables(file, spec);
        if let Some(url) = &spec.auth.token_url {
            if !url.starts_with("https://") {
                self.err(file, "auth.token_url", format!("token URL `{url}` must use https"));
            }
        }
        for (i, host) in spec.hosts.iter().enumerate() {
            let bare = host.strip_prefix("*.").unwrap_or(host);
            let valid = !bare.is_empty()
                && bare.split('.').count() >= 2
                && bare.split('.').all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
            if !valid {
                self.err_hint(
                    file,
                    &format!("hosts.{i}"),
                    format!("`{host}` is not a host name or a `*.domain` pattern"),
                    Some("write a host such as `fileapi.zoom.us` or `*.zoom.us`, without scheme or path".to_owned()),
                );
            }
        }
        let servers = self.servers(file, spec, &variables);
        let integer_codes = match spec.error_body.code_type.as_str() {
            "integer" => true,
            "string" => false,
            other => {
                self.err(
                    file,
                    "error_body.code_type",
                    format!("`code_type` must be `integer` or `string`, not `{other}`"),
                );
                true
            }
        };
        if spec.auth.prefix.trim().is_empty() || spec.auth.prefix.contains(['\r', '\n']) {
            self.err(file, "auth.prefix", "the auth prefix must be a non-empty single-line word such as `Bearer`");
        }

        // Types from api.yaml and every group file share one namespace.
        let mut type_specs: IndexMap<String, (&SourceFile, String, &spec::TypeSpec)> = IndexMap::new();
        let mut sources = vec![(file, &spec.types)];
        sources.extend(loaded.groups.iter().map(|(_, f, g)| (f, &g.types)));
        let mut rust_names: HashMap<String, String> = HashMap::new();
        for (f, types) in sources {
            for (name, ty) in types {
                let path = format!("types.{name}");
                if let Some((other, _, _)) = type_specs.get(name) {
                    self.err(f, &path, format!("type `{name}` is already defined in {}", other.name));
                    continue;
                }
                if let Some(other) = rust_names.insert(type_name(name), name.clone()) {
                    self.err(
                        f,
                        &path,
                        format!("type `{name}` and type `{other}` both become `{}` in Rust", type_name(name)),
                    );
                }
                type_specs.insert(name.clone(), (f, path, ty));
            }
        }
        let names: Vec<String> = type_specs.keys().cloned().collect();
        let kinds: HashMap<&str, &spec::TypeSpec> = type_specs.iter().map(|(n, (_, _, t))| (n.as_str(), *t)).collect();
        // A type's id is its place in spec order, which `types` keeps.
        let ids: HashMap<&str, TypeId> = names.iter().enumerate().map(|(i, n)| (n.as_str(), TypeId(i))).collect();
        let ctx = Ctx { names: &names, kinds: &kinds, ids: &ids, integer_codes };

        let mut types: Vec<NamedType> =
            type_specs.iter().map(|(name, (f, path, t))| self.named_type(f, path, name, t, &ctx)).collect();
        for name in alias_cycles(&types) {
            if let Some((f, path, _)) = type_specs.get(name) {
                self.err(f, &format!("{path}.type"), format!("type `{name}` is defined by itself"));
            }
        }
        mark_recursion(&mut types);

        let common = self.errors(file, "errors", &spec.errors, &ctx);
        let mut groups = Vec::new();
        let mut op_names: HashMap<String, String> = HashMap::new();
        for ((group_name, gfile, group), ops) in loaded.groups.iter().zip(group_ops) {
            if snake(group_name) != *group_name {
                self.err(gfile, "operations", format!("group file name `{group_name}` is not a snake_case identifier"));
            } else if RESERVED_GROUPS.contains(&group_name.as_str()) {
                self.err_hint(
                    gfile,
                    "operations",
                    format!("a group file cannot be named `{group_name}`: the API's `{group_name}.rs` is generated"),
                    Some(format!("rename the file; reserved: {}", RESERVED_GROUPS.join(", "))),
                );
            }
            let mut operations = Vec::with_capacity(ops.len());
            for (op_name, op) in ops {
                let path = format!("operations.{op_name}");
                if let Some(other) = op_names.insert(op_name.clone(), gfile.name.clone()) {
                    self.err(gfile, &path, format!("operation `{op_name}` is already defined in {other}"));
                }
                if let Some(op) = self.operation(gfile, &path, &op_name, &op, spec, &common, &ctx, &types) {
                    operations.push(op);
                }
            }
            let mut items: HashMap<String, String> = HashMap::new();
            for op in &operations {
                let mut names = vec![op.rust.clone(), op.error_enum()];
                if let Output::Variants { name } = &op.output {
                    names.push(name.clone());
                }
                for item in names {
                    if let Some(other) = items.insert(item.clone(), op.id.clone()) {
                        let message = format!("operations `{other}` and `{}` both need the Rust name `{item}`", op.id);
                        self.err(gfile, &format!("operations.{}", op.id), message);
                    }
                }
            }
            groups.push(Group {
                module: group_name.clone(),
                doc: group.doc.clone(),
                file: gfile.name.clone(),
                feature: group_feature(&spec.feature, group_name),
                operations,
            });
        }
        if self.diags.len() > before {
            return None;
        }
        mark_use(&mut types, &groups);
        Some(Api {
            file: file.name.clone(),
            module: spec.api.clone(),
            title: spec.title.clone(),
            doc: spec.doc.clone(),
            feature: spec.feature.clone(),
            servers,
            hosts: spec.hosts.clone(),
            variables,
            auth_header: spec.auth.header.clone(),
            auth_prefix: spec.auth.prefix.clone(),
            auth_doc: spec.auth.doc.clone(),
            token_url: spec.auth.token_url.clone(),
            code_field: spec.error_body.code.clone(),
            integer_codes,
            message_field: spec.error_body.message.clone(),
            types,
            groups,
        })
    }

    fn variables(&mut self, file: &SourceFile, spec: &spec::ApiFile) -> Vec<Variable> {
        let mut out: Vec<Variable> = Vec::new();
        for (name, v) in &spec.variables {
            let setter = snake(name);
            if let Some(other) = out.iter().find(|o| o.setter == setter) {
                self.err(
                    file,
                    &format!("variables.{name}"),
                    format!("variables `{name}` and `{}` both become `{setter}`", other.name),
                );
            }
            out.push(Variable {
                name: name.clone(),
                setter,
                default: v.default.clone(),
                doc: v.doc.clone(),
                values: v.values.clone(),
            });
        }
        out
    }

    fn servers(&mut self, file: &SourceFile, spec: &spec::ApiFile, variables: &[Variable]) -> Vec<Server> {
        if spec.servers.is_empty() {
            self.err(file, "servers", "an API needs at least one server");
        }
        let mut used = Vec::new();
        let mut out: Vec<Server> = Vec::new();
        for (name, url) in &spec.servers {
            let path = format!("servers.{name}");
            let placeholders = match placeholders(url) {
                Ok(p) => p,
                Err(msg) => {
                    self.err(file, &path, msg);
                    continue;
                }
            };
            for p in &placeholders {
                if !variables.iter().any(|v| &v.name == p) {
                    self.err_hint(
                        file,
                        &path,
                        format!("server variable `{{{p}}}` is not declared"),
                        Some(format!("declare `{p}` under `variables:` with a default")),
                    );
                }
                used.push(p.clone());
            }
            let starts_with_var = url.starts_with('{');
            if !starts_with_var && !url.starts_with("https://") && !url.starts_with("http://") {
                self.err_hint(
                    file,
                    &path,
                    format!("server URL `{url}` has no scheme"),
                    Some(format!("write `https://{url}`")),
                );
            }
            let variant = camel(name);
            if out.iter().any(|s| s.variant == variant) {
                self.err(file, &path, format!("two servers become `{variant}`"));
            }
            out.push(Server { name: name.clone(), variant, url: url.trim_end_matches('/').to_owned() });
        }
        for v in variables {
            if !used.contains(&v.name) {
                self.err(
                    file,
                    &format!("variables.{}", v.name),
                    format!("variable `{}` is not used by any server", v.name),
                );
            }
            if !v.default.starts_with("https://")
                && !v.default.starts_with("http://")
                && spec.servers.values().any(|u| u.starts_with(&format!("{{{}}}", v.name)))
            {
                self.err(
                    file,
                    &format!("variables.{}.default", v.name),
                    format!("the default of `{}` begins a server URL, so it needs a scheme", v.name),
                );
            }
        }
        out
    }

    fn named_type(&mut self, file: &SourceFile, path: &str, name: &str, t: &spec::TypeSpec, ctx: &Ctx) -> NamedType {
        let shapes = [t.fields.is_some(), t.r#enum.is_some(), t.one_of.is_some(), t.r#type.is_some()]
            .iter()
            .filter(|x| **x)
            .count();
        if t.open && t.r#enum.is_none() {
            self.err(file, &format!("{path}.open"), "`open` applies to enums only");
        }
        let kind = if shapes != 1 {
            self.err(file, path, format!("type `{name}` needs exactly one of `fields`, `enum`, `one_of` or `type`"));
            // A stand-in that keeps every type at its id; the API is not emitted.
            TypeKind::Alias(Ty::Any)
        } else {
            self.type_kind(file, path, name, t, ctx)
        };
        let example = self.example(file, &format!("{path}.example"), t.example.as_deref());
        NamedType {
            name: name.to_owned(),
            rust: type_name(name),
            doc: t.doc.clone(),
            kind,
            example,
            boxed_members: Vec::new(),
            used_by: Vec::new(),
        }
    }

    /// The shape of a type with exactly one of `fields`, `enum`, `one_of` and `type`.
    fn type_kind(&mut self, file: &SourceFile, path: &str, name: &str, t: &spec::TypeSpec, ctx: &Ctx) -> TypeKind {
        if t.items.is_some() && t.r#type.as_deref() != Some("array") {
            self.err(file, &format!("{path}.items"), "`items` is only for `type: array`");
        }
        if let Some(alias) = &t.r#type {
            TypeKind::Alias(self.ty(file, &format!("{path}.type"), alias, t.items.as_deref(), Place::Field, ctx))
        } else if let Some(fields) = &t.fields {
            TypeKind::Object(self.fields(file, &format!("{path}.fields"), fields, Place::Field, ctx).into())
        } else if let Some(values) = &t.r#enum {
            if values.is_empty() {
                self.err(file, &format!("{path}.enum"), format!("enum `{name}` has no values"));
            }
            let mut out: Vec<EnumValue> = Vec::new();
            for (wire, doc) in values.iter() {
                let rust = camel(wire);
                if let Some(other) = out.iter().find(|v| v.rust == rust) {
                    self.err(
                        file,
                        &format!("{path}.enum.{wire}"),
                        format!("enum values `{wire}` and `{}` both become `{rust}`", other.wire),
                    );
                } else if rust == "Other" {
                    self.err(
                        file,
                        &format!("{path}.enum.{wire}"),
                        format!("enum value `{wire}` collides with the `Other` variant that keeps unknown values"),
                    );
                }
                out.push(EnumValue { wire: wire.clone(), rust, doc: doc.clone() });
            }
            TypeKind::Enum { values: out, open: t.open }
        } else {
            let members = t.one_of.as_deref().unwrap_or_default();
            if members.len() < 2 {
                self.err(file, &format!("{path}.one_of"), "`one_of` needs at least two types");
            }
            let mut ids = Vec::with_capacity(members.len());
            for (i, m) in members.iter().enumerate() {
                match ctx.kinds.get(m.as_str()) {
                    Some(k) if k.fields.is_some() => {}
                    Some(_) => self.err(
                        file,
                        &format!("{path}.one_of.{i}"),
                        format!("`one_of` member `{m}` must be an object type"),
                    ),
                    None => self.undefined(file, &format!("{path}.one_of.{i}"), m, ctx),
                }
                ids.extend(ctx.ids.get(m.as_str()));
            }
            self.one_of_members_distinct(file, path, members, ctx);
            TypeKind::OneOf(ids)
        }
    }

    /// Reports every union member that can never be decoded (see
    /// [`shadowed_members`]); fields compare by name, type and items.
    fn one_of_members_distinct(&mut self, file: &SourceFile, path: &str, members: &[String], ctx: &Ctx) {
        let required = |name: &str| -> Option<Vec<(&str, &str, Option<&str>)>> {
            let fields = ctx.kinds.get(name)?.fields.as_ref()?;
            Some(
                fields
                    .iter()
                    .filter(|(_, f)| f.required)
                    .map(|(n, f)| (n.as_str(), f.r#type.as_str(), f.more().items.as_deref()))
                    .collect(),
            )
        };
        let required: Vec<_> = members.iter().map(|m| required(m)).collect();
        for (i, j) in shadowed_members(&required) {
            let (earlier, later) = (&members[i], &members[j]);
            let (Some(earlier_required), Some(later_required)) = (&required[i], &required[j]) else { continue };
            let hint = if later_required.iter().all(|f| earlier_required.contains(f)) {
                format!("the two accept the same objects: merge `{earlier}` and `{later}` into one object type")
            } else {
                format!("list `{later}` before `{earlier}`, or give `{earlier}` a required field that `{later}` lacks")
            };
            self.err_hint(
                file,
                &format!("{path}.one_of.{j}"),
                format!(
                    "`one_of` member `{later}` can never be decoded: every `{later}` also matches the earlier member \
                         `{earlier}`"
                ),
                Some(hint),
            );
        }
    }

    /// A YAML example as JSON (maps need string keys).
    fn example(
        &mut self,
        file: &SourceFile,
        path: &str,
        value: Option<&serde_yaml::Value>,
    ) -> Option<serde_json::Value> {
        let value = value?;
        match serde_json::to_value(value) {
            Ok(json) => Some(json),
            Err(e) => {
                self.err(file, path, format!("the example cannot be written as JSON: {e}"));
                None
            }
        }
    }

    fn undefined(&mut self, file: &SourceFile, path: &str, name: &str, ctx: &Ctx) {
        let candidates = ctx.names.iter().map(String::as_str).chain(PRIMITIVES);
        self.err_hint(file, path, format!("type `{name}` is not defined"), did_you_mean(name, candidates));
    }

    fn fields(
        &mut self,
        file: &SourceFile,
        path: &str,
        specs: &IndexMap<String, FieldSpec>,
        place: Place,
        ctx: &Ctx,
    ) -> Vec<Field> {
        // Sized exactly: the model keeps its lists to the end of the run.
        let mut out: Vec<Field> = Vec::with_capacity(specs.len());
        for (wire, f) in specs {
            let fpath = format!("{path}.{wire}");
            let field = self.field(file, &fpath, wire, f, place, ctx);
            if let Some(other) = out.iter().find(|o| o.rust == field.rust) {
                self.err(file, &fpath, format!("`{wire}` and `{}` both become `{}` in Rust", other.wire, field.rust));
            }
            out.push(field);
        }
        out
    }

    fn field(&mut self, file: &SourceFile, path: &str, wire: &str, f: &FieldSpec, place: Place, ctx: &Ctx) -> Field {
        let m = f.more();
        let ty = self.ty(file, &format!("{path}.type"), &f.r#type, m.items.as_deref(), place, ctx);
        let is_int = matches!(ty, Ty::Integer | Ty::Number);
        if (m.min.is_some() || m.max.is_some()) && !is_int {
            self.err(file, path, format!("`min` and `max` apply to numbers, and `{wire}` is `{}`", f.r#type));
        }
        if let (Some(min), Some(max)) = (m.min, m.max) {
            if min > max {
                self.err(file, &format!("{path}.min"), format!("`min` ({min}) is greater than `max` ({max})"));
            }
        }
        if m.max_items.is_some() && !matches!(ty, Ty::Array(_)) {
            self.err(
                file,
                &format!("{path}.max_items"),
                format!("`max_items` applies to arrays, and `{wire}` is `{}`", f.r#type),
            );
        }
        if (m.max_size.is_some() || !m.file_types.is_empty()) && ty != Ty::File {
            self.err(file, path, format!("`max_size` and `file_types` apply to files, and `{wire}` is `{}`", f.r#type));
        }
        if (m.format.is_some() || m.pattern.is_some()) && ty != Ty::String {
            self.err(file, path, format!("`format` and `pattern` apply to strings, and `{wire}` is `{}`", f.r#type));
        }
        if let Some(format) = &m.format {
            if !is_format_name(format) {
                self.err_hint(
                    file,
                    &format!("{path}.format"),
                    format!("`{format}` is not a format name"),
                    Some("write a name such as `date-time`, `date`, `email`, `uri` or `uuid`".to_owned()),
                );
            }
        }
        if let Some(pattern) = &m.pattern {
            if let Some(message) = pattern_problem(pattern) {
                self.err(
                    file,
                    &format!("{path}.pattern"),
                    format!("`{pattern}` is not a regular expression: {message}"),
                );
            }
        }
        let max_size = m.max_size.as_deref().and_then(|s| match parse_size(s) {
            Some(n) => Some(n),
            None => {
                self.err_hint(
                    file,
                    &format!("{path}.max_size"),
                    format!("`{s}` is not a size"),
                    Some("write a size such as `15 MB`, `2 GB` or `10240`".to_owned()),
                );
                None
            }
        });
        if m.items.is_some() && f.r#type != "array" {
            self.err(file, &format!("{path}.items"), "`items` is only for `type: array`");
        }
        let comma_separated = match m.style.as_deref() {
            None | Some("repeated") => false,
            Some("comma") => true,
            Some(other) => {
                self.err_hint(
                    file,
                    &format!("{path}.style"),
                    format!("`{other}` is not an array style"),
                    Some("write `repeated` (k=a&k=b) or `comma` (k=a,b)".to_owned()),
                );
                false
            }
        };
        if m.style.is_some() && !(place == Place::Query && matches!(ty, Ty::Array(_))) {
            self.err(file, &format!("{path}.style"), "`style` applies to array query parameters");
        }
        if f.nullable && place == Place::Form {
            self.err_hint(
                file,
                &format!("{path}.nullable"),
                "a form field cannot be null",
                Some(
                    "a multipart body has no null; leave `required` off and the field is left out when unset"
                        .to_owned(),
                ),
            );
        }
        let limits = Limits {
            min: m.min,
            max: m.max,
            max_items: m.max_items,
            max_size,
            max_size_text: m.max_size.clone(),
            file_types: m.file_types.iter().map(|t| t.trim_start_matches('.').to_ascii_lowercase()).collect(),
            format: m.format.clone(),
            pattern: m.pattern.clone(),
        };
        Field {
            wire: wire.to_owned(),
            rust: snake(wire),
            doc: f.doc.clone(),
            ty,
            required: f.required,
            nullable: f.nullable,
            comma_separated,
            limits: (limits != Limits::default()).then(|| Box::new(limits)),
            boxed: false,
            default: self.example(file, &format!("{path}.default"), m.default.as_deref()).map(Box::new),
            example: self.example(file, &format!("{path}.example"), m.example.as_deref()).map(Box::new),
        }
    }

    fn ty(&mut self, file: &SourceFile, path: &str, name: &str, items: Option<&str>, place: Place, ctx: &Ctx) -> Ty {
        let is_enum = |id: &TypeId| ctx.spec(*id).r#enum.is_some();
        let ty = match name {
            "string" => Ty::String,
            "integer" => Ty::Integer,
            "number" => Ty::Number,
            "boolean" => Ty::Boolean,
            "any" => Ty::Any,
            "file" => Ty::File,
            "array" => match items {
                Some(items) => {
                    let inner = self.ty(file, &format!("{path}.items"), items, None, Place::Field, ctx);
                    if matches!(inner, Ty::Array(_) | Ty::File) {
                        self.err(file, path, format!("arrays of `{items}` are not supported"));
                    }
                    Ty::Array(Box::new(inner))
                }
                None => {
                    self.err(file, path, "`type: array` needs `items`");
                    Ty::Any
                }
            },
            named => match ctx.ids.get(named) {
                Some(&id) => Ty::Named(id),
                None => {
                    self.undefined(file, path, named, ctx);
                    Ty::Any
                }
            },
        };
        match (place, &ty) {
            (Place::Form, Ty::Named(id)) if !is_enum(id) => {
                self.err_hint(
                    file,
                    path,
                    format!("form field of object type `{}`", ctx.name(*id)),
                    Some("multipart bodies cannot hold nested objects; use text or file fields".to_owned()),
                );
            }
            (Place::Form, Ty::Array(_)) => self.err_hint(
                file,
                path,
                "form fields of `type: array` are not supported",
                Some("declare one field per value, or send the values joined in a `string` field".to_owned()),
            ),
            (Place::Param | Place::Query, Ty::Named(id)) if !is_enum(id) => {
                let name = ctx.name(*id);
                self.err(file, path, format!("parameter of object type `{name}`; parameters are scalars or enums"));
            }
            (Place::Query, Ty::Array(inner))
                if matches!(**inner, Ty::Any) || matches!(&**inner, Ty::Named(n) if !is_enum(n)) =>
            {
                self.err(file, path, "array parameters hold scalars or enums")
            }
            (Place::Param, Ty::Array(_)) => self.err_hint(
                file,
                path,
                "path and header parameters of type `array` are not supported",
                Some("array parameters are query parameters".to_owned()),
            ),
            (Place::Param | Place::Query, Ty::Any) => {
                self.err(file, path, format!("parameters of type `{name}` are not supported"))
            }
            (Place::Field | Place::Param | Place::Query, Ty::File) => self.err_hint(
                file,
                path,
                "`file` fields can only be multipart form fields",
                Some("use `body: { multipart: … }` for uploads".to_owned()),
            ),
            _ => {}
        }
        ty
    }

    /// Parses an `errors:` map (status → sentence or codes).
    fn errors(
        &mut self,
        file: &SourceFile,
        path: &str,
        specs: &IndexMap<String, ErrorsAtStatus>,
        ctx: &Ctx,
    ) -> BTreeMap<u16, ErrorStatus> {
        let mut out = BTreeMap::new();
        for (status, entry) in specs {
            let spath = format!("{path}.{status}");
            let Some(code) = self.status(file, &spath, status) else { continue };
            if code < 400 {
                self.err(file, &spath, format!("`{status}` is not an error status (4xx or 5xx)"));
                continue;
            }
            let errors = match entry {
                ErrorsAtStatus::Doc(doc) => ErrorStatus {
                    status: code,
                    doc: Some(doc.clone()),
                    variant: Some(status_variant(code)),
                    codes: Vec::new(),
                },
                ErrorsAtStatus::Codes(codes) => {
                    let mut list = Vec::new();
                    for (c, meanings) in codes.iter() {
                        if ctx.integer_codes && c.parse::<i64>().is_err() {
                            self.err(
                                file,
                                &format!("{spath}.{c}"),
                                format!("error code `{c}` is not an integer, as `error_body.code_type` says codes are"),
                            );
                        }
                        let variant = code_variant(c, ctx.integer_codes);
                        list.push(ErrorCode { code: c.clone(), variant, meanings: meanings.to_vec() });
                    }
                    ErrorStatus { status: code, doc: None, variant: None, codes: list }
                }
            };
            out.insert(code, errors);
        }
        out
    }

    fn status(&mut self, file: &SourceFile, path: &str, status: &str) -> Option<u16> {
        match status.parse::<u16>() {
            Ok(n) if (100..=599).contains(&n) && status.len() == 3 => Some(n),
            _ => {
                // Letters that look like digits (`2OO`, `4O4`, `S00`) are the usual slip.
                let digits: String = status
                    .chars()
                    .map(|c| match c {
                        'O' | 'o' => '0',
                        'l' | 'I' => '1',
                        'S' => '5',
                        other => other,
                    })
                    .collect();
                let hint = match digits.parse::<u16>() {
                    Ok(n) if (100..=599).contains(&n) && digits.len() == 3 => format!("did you mean `{n}`?"),
                    _ => "write a three-digit status such as `200` or `404`".to_owned(),
                };
                self.err_hint(file, path, format!("`{status}` is not an HTTP status code (100 to 599)"), Some(hint));
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        file: &SourceFile,
        path: &str,
        name: &str,
        op: &spec::OperationSpec,
        api: &spec::ApiFile,
        common: &BTreeMap<u16, ErrorStatus>,
        ctx: &Ctx,
        types: &[NamedType],
    ) -> Option<Operation> {
        let before = self.diags.len();
        self.operation_name(file, path, name);
        let method = self.method(file, path, &op.method);
        let server = self.server(file, path, op.server.as_deref(), api);

        let path_params = self.path_params(file, path, op, ctx);
        let query = self.fields(file, &format!("{path}.query"), &op.query, Place::Query, ctx);
        let headers = self.fields(file, &format!("{path}.headers"), &op.headers, Place::Param, ctx);
        for h in &op.headers {
            if !h.0.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                self.err(file, &format!("{path}.headers.{}", h.0), format!("`{}` is not a valid header name", h.0));
            }
        }

        let body = match &op.body {
            None => Body::None,
            Some(b) => self.body(file, &format!("{path}.body"), b, ctx, types),
        };

        let responses = self.responses(file, path, &op.responses, ctx);
        if responses.is_empty() {
            if self.diags.len() == before {
                self.err(file, &format!("{path}.responses"), "no success (2xx) response is documented");
            }
            return None;
        }
        let output = output(&responses, name);
        if op.pagination.is_some() && output != Output::Single {
            self.err(
                file,
                &format!("{path}.pagination"),
                "pagination needs one kind of success response (a JSON object)",
            );
        }

        let errors = self.operation_errors(file, path, &op.errors, common, ctx);

        if op.keep_auth_on_redirect && api.hosts.is_empty() {
            self.err_hint(
                file,
                &format!("{path}.keep_auth_on_redirect"),
                "`keep_auth_on_redirect` needs the API's `hosts` in api.yaml",
                Some("list the hosts the token may be sent to, such as `*.zoom.us`".to_owned()),
            );
        }
        let pagination =
            op.pagination.as_deref().zip(main_response(&responses)).and_then(|(p, response)| {
                self.pagination(file, &format!("{path}.pagination"), p, &query, response, types)
            });

        self.member_names(file, path, name, [&path_params, &query, &headers, body.fields()]);

        if self.diags.len() > before {
            return None;
        }
        let method = method?;
        Some(Operation {
            id: name.to_owned(),
            name: snake(name),
            rust: type_name(name),
            summary: op.summary.clone(),
            doc: op.doc.clone(),
            method,
            path: op.path.clone(),
            server,
            tags: op.tags.clone(),
            deprecated: op.deprecated,
            path_params,
            query,
            headers,
            body,
            responses,
            output,
            errors: errors.into_values().collect(),
            scopes: op.scopes.clone(),
            granular_scopes: op.granular_scopes.clone(),
            rate_limit: op.rate_limit.clone(),
            pagination,
            keep_auth_on_redirect: op.keep_auth_on_redirect,
        })
    }

    /// Operation names must be snake_case and not one the client uses itself.
    fn operation_name(&mut self, file: &SourceFile, path: &str, name: &str) {
        // Keywords are fine (`ref` becomes `ref_`); other names must already be snake_case.
        if snake(name).trim_end_matches('_') != name.trim_end_matches('_') {
            self.err_hint(
                file,
                path,
                format!("operation name `{name}` is not a snake_case identifier"),
                Some(format!("use `{}`", snake(name))),
            );
        }
        if RESERVED_OPERATIONS.contains(&name.to_ascii_lowercase().as_str()) {
            self.err_hint(
                file,
                path,
                format!("operation name `{name}` is a name the generated client uses itself"),
                Some(format!("choose another name; reserved: {}", RESERVED_OPERATIONS.join(", "))),
            );
        }
    }

    /// The operation's HTTP method, or a located error.
    fn method(&mut self, file: &SourceFile, path: &str, written: &str) -> Option<Method> {
        let method = Method::parse(written);
        if method.is_none() {
            let names = Method::ALL.map(Method::as_str);
            self.err_hint(
                file,
                &format!("{path}.method"),
                format!("`{written}` is not an HTTP method"),
                did_you_mean(&written.to_ascii_uppercase(), names)
                    .or_else(|| Some(format!("the methods are {}", names.join(", ")))),
            );
        }
        method
    }

    /// The index of the operation's server (the first when it names none).
    fn server(&mut self, file: &SourceFile, path: &str, server: Option<&str>, api: &spec::ApiFile) -> usize {
        match server {
            None => 0,
            Some(s) => match api.servers.get_index_of(s) {
                Some(i) => i,
                None => {
                    let hint = did_you_mean(s, api.servers.keys().map(String::as_str));
                    self.err_hint(
                        file,
                        &format!("{path}.server"),
                        format!("server `{s}` is not declared in api.yaml"),
                        hint,
                    );
                    0
                }
            },
        }
    }

    /// The path parameters, in the order of their placeholders, each
    /// placeholder declared and each declaration used.
    fn path_params(&mut self, file: &SourceFile, path: &str, op: &spec::OperationSpec, ctx: &Ctx) -> Vec<Field> {
        // Path placeholders and declared path parameters, both ways.
        let mut path_params = Vec::with_capacity(op.path_params.len());
        if !op.path.starts_with('/') {
            self.err_hint(
                file,
                &format!("{path}.path"),
                format!("path `{}` does not start with `/`", op.path),
                Some(format!("write `/{}`", op.path)),
            );
        }
        match placeholders(&op.path) {
            Err(msg) => self.err(file, &format!("{path}.path"), msg),
            Ok(names) => {
                for p in &names {
                    match op.path_params.get(p) {
                        Some(spec) => {
                            let mut field =
                                self.field(file, &format!("{path}.path_params.{p}"), p, spec, Place::Param, ctx);
                            field.required = true;
                            path_params.push(field);
                        }
                        None => self.err_hint(
                            file,
                            &format!("{path}.path"),
                            format!("path placeholder `{{{p}}}` is not declared"),
                            Some(format!("declare `{p}` under `path_params`")),
                        ),
                    }
                }
                for p in op.path_params.keys() {
                    if !names.contains(p) {
                        self.err_hint(
                            file,
                            &format!("{path}.path_params.{p}"),
                            format!("path parameter `{p}` does not appear in the path `{}`", op.path),
                            Some(format!("add `{{{p}}}` to the path, or remove the parameter")),
                        );
                    }
                }
            }
        }
        path_params
    }

    /// The success responses, by status.
    fn responses(
        &mut self,
        file: &SourceFile,
        path: &str,
        specs: &IndexMap<String, spec::ResponseSpec>,
        ctx: &Ctx,
    ) -> Vec<Response> {
        // One or more success responses; what `send` returns follows from them.
        let mut responses = Vec::with_capacity(specs.len());
        for (status, r) in specs {
            let rpath = format!("{path}.responses.{status}");
            let kind = match r.body.as_deref() {
                None => ResponseKind::Empty,
                Some("binary") => ResponseKind::Binary,
                Some(t) => match ctx.ids.get(t) {
                    Some(&id) => ResponseKind::Json(id),
                    None => {
                        self.undefined(file, &format!("{rpath}.body"), t, ctx);
                        ResponseKind::Empty
                    }
                },
            };
            if let Some(media_type) = &r.media_type {
                if kind != ResponseKind::Binary {
                    self.err(file, &format!("{rpath}.media_type"), "`media_type` applies to `body: binary`");
                } else if !is_media_type(media_type) {
                    self.err_hint(
                        file,
                        &format!("{rpath}.media_type"),
                        format!("`{media_type}` is not a media type"),
                        Some("write `type/subtype`, such as `image/png` or `image/*`".to_owned()),
                    );
                }
            }
            let Some(code) = self.status(file, &rpath, status) else { continue };
            if !(200..300).contains(&code) {
                self.err_hint(
                    file,
                    &rpath,
                    format!("`{status}` is not a success status"),
                    Some("document error statuses under `errors:`".to_owned()),
                );
                continue;
            }
            let example = self.example(file, &format!("{rpath}.example"), r.example.as_deref());
            responses.push(Response {
                status: code,
                variant: status_variant(code),
                doc: r.doc.clone(),
                kind,
                media_type: r.media_type.clone(),
                example,
            });
        }
        responses.sort_by_key(|r| r.status);
        responses
    }

    /// The API's common errors with the operation's own: codes of a status
    /// merged, and every error variant named once.
    fn operation_errors(
        &mut self,
        file: &SourceFile,
        path: &str,
        own: &IndexMap<String, ErrorsAtStatus>,
        common: &BTreeMap<u16, ErrorStatus>,
        ctx: &Ctx,
    ) -> BTreeMap<u16, ErrorStatus> {
        let mut errors = common.clone();
        for (status, own) in self.errors(file, &format!("{path}.errors"), own, ctx) {
            match errors.get_mut(&status) {
                Some(existing) if !own.codes.is_empty() && !existing.codes.is_empty() => {
                    existing.codes.retain(|c| !own.codes.iter().any(|o| o.code == c.code));
                    existing.codes.extend(own.codes);
                }
                _ => {
                    errors.insert(status, own);
                }
            }
        }
        // Every error variant needs its own name: codes, status-only variants and `Other`.
        let mut seen: HashMap<String, (u16, String)> = HashMap::new();
        seen.insert("Other".to_owned(), (0, "the catch-all `Other`".to_owned()));
        for e in errors.values() {
            let named = e.variant.iter().map(|v| (v.clone(), format!("status {}", e.status), e.status.to_string()));
            let codes = e
                .codes
                .iter()
                .map(|c| (c.variant.clone(), format!("code `{}`", c.code), format!("{}.{}", e.status, c.code)));
            for (variant, what, key) in named.chain(codes).collect::<Vec<_>>() {
                if let Some((status, other)) = seen.insert(variant.clone(), (e.status, what.clone())) {
                    let message =
                        if status == e.status || status == 0 || !what.starts_with("code") || !other.starts_with("code")
                        {
                            format!("{what} and {other} both become the error variant `{variant}`")
                        } else {
                            format!("{what} is documented under both {status} and {}", e.status)
                        };
                    self.err(file, &format!("{path}.errors.{key}"), message);
                }
            }
        }
        errors
    }

    /// Everything the builder holds must have a distinct Rust name.
    fn member_names(&mut self, file: &SourceFile, path: &str, name: &str, groups: [&[Field]; 4]) {
        let mut members: HashMap<String, String> = HashMap::new();
        for f in groups.into_iter().flatten() {
            if ["client", "send", "body"].contains(&f.rust.as_str())
                || members.insert(f.rust.clone(), f.wire.clone()).is_some()
            {
                self.err(
                    file,
                    path,
                    format!(
                        "`{}` clashes with another parameter or field of `{name}` once named `{}` in Rust",
                        f.wire, f.rust
                    ),
                );
            }
        }
    }

    fn body(&mut self, file: &SourceFile, path: &str, b: &spec::BodySpec, ctx: &Ctx, types: &[NamedType]) -> Body {
        if b.whole && b.json.is_none() {
            self.err(file, &format!("{path}.whole"), "`whole` applies to `json` bodies");
        }
        let forms = [(&b.multipart, FormEncoding::Multipart, "multipart"), (&b.form, FormEncoding::UrlEncoded, "form")];
        let given = usize::from(b.json.is_some())
            + usize::from(b.binary.is_some())
            + forms.iter().filter(|(f, _, _)| f.is_some()).count();
        if given != 1 {
            self.err(
                file,
                path,
                "a body is one of `json: Type`, `multipart: { fields }`, `form: { fields }` or `binary: media/type`",
            );
            return Body::None;
        }
        if let Some(json) = &b.json {
            let Some(&ty) = ctx.ids.get(json.as_str()) else {
                self.undefined(file, &format!("{path}.json"), json, ctx);
                return Body::None;
            };
            return match &types[ty.0].kind {
                TypeKind::Object(fields) if !b.whole => {
                    if fields.iter().any(|f| f.ty == Ty::File) {
                        self.err(file, path, "a JSON body cannot hold a file field");
                    }
                    Body::JsonObject { ty, fields: Arc::clone(fields) }
                }
                _ => Body::JsonValue { ty },
            };
        }
        if let Some(media_type) = &b.binary {
            if !is_media_type(media_type) {
                self.err_hint(
                    file,
                    &format!("{path}.binary"),
                    format!("`{media_type}` is not a media type"),
                    Some("write a media type such as `application/octet-stream` or `image/png`".to_owned()),
                );
            }
            return Body::Binary { media_type: media_type.clone() };
        }
        let Some((Some(form), encoding, key)) = forms.into_iter().find(|(f, _, _)| f.is_some()) else {
            return Body::None;
        };
        let fpath = format!("{path}.{key}");
        if form.is_empty() {
            self.err(file, &fpath, format!("a `{key}` body needs at least one field"));
        }
        let fields: Arc<[Field]> = self.fields(file, &fpath, form, Place::Form, ctx).into();
        if encoding == FormEncoding::UrlEncoded {
            for f in fields.iter().filter(|f| f.ty == Ty::File) {
                self.err_hint(
                    file,
                    &format!("{fpath}.{}", f.wire),
                    "a URL-encoded form cannot send a file",
                    Some("send files in a `multipart` body".to_owned()),
                );
            }
        }
        Body::Form { fields, encoding }
    }

    fn pagination(
        &mut self,
        file: &SourceFile,
        path: &str,
        p: &spec::PaginationSpec,
        query: &[Field],
        response: &Response,
        types: &[NamedType],
    ) -> Option<Pagination> {
        let Some(param) = query.iter().find(|q| q.wire == p.token_param) else {
            self.err(
                file,
                &format!("{path}.token_param"),
                format!("`{}` is not a query parameter of this operation", p.token_param),
            );
            return None;
        };
        let fields = match &response.kind {
            ResponseKind::Json(t) => match &types[t.0].kind {
                TypeKind::Object(fields) => fields,
                _ => {
                    self.err(file, path, "pagination needs a JSON object response");
                    return None;
                }
            },
            _ => {
                self.err(file, path, "pagination needs a JSON object response");
                return None;
            }
        };
        let token = fields.iter().find(|f| f.wire == p.token_field && f.ty == Ty::String);
        let items = fields.iter().find(|f| f.wire == p.items && matches!(f.ty, Ty::Array(_)));
        match (token, items) {
            (Some(token), Some(items)) => {
                let Ty::Array(item) = &items.ty else { return None };
                Some(Pagination {
                    token_param: Name::of(param),
                    token_field: Name::of(token),
                    token_optional: token.presence().is_option(),
                    items_field: Name::of(items),
                    items_optional: items.presence().is_option(),
                    item: (**item).clone(),
                })
            }
            (None, _) => {
                self.err(
                    file,
                    &format!("{path}.token_field"),
                    format!("the response has no string field `{}`", p.token_field),
                );
                None
            }
            (_, None) => {
                self.err(file, &format!("{path}.items"), format!("the response has no array field `{}`", p.items));
                None
            }
        }
    }
}

/// What `send` returns, from the success responses: one type, an `Option`
/// when some responses are empty, or an enum of them.
fn output(responses: &[Response], name: &str) -> Output {
    let mut bodies: Vec<&ResponseKind> =
        responses.iter().map(|r| &r.kind).filter(|k| **k != ResponseKind::Empty).collect();
    let with_body = bodies.len();
    bodies.dedup();
    if with_body == 0 || (with_body == responses.len() && bodies.len() == 1) {
        Output::Single
    } else if with_body == 1 {
        Output::Optional
    } else {
        Output::Variants { name: format!("{}Response", camel(name)) }
    }
}

struct Ctx<'a> {
    /// The API's type names in spec order: a [`TypeId`] is a position here.
    names: &'a [String],
    kinds: &'a HashMap<&'a str, &'a spec::TypeSpec>,
    ids: &'a HashMap<&'a str, TypeId>,
    integer_codes: bool,
}

impl Ctx<'_> {
    /// The spec name of a type.
    fn name(&self, id: TypeId) -> &str {
        &self.names[id.0]
    }

    /// The spec of a type.
    fn spec(&self, id: TypeId) -> &spec::TypeSpec {
        self.kinds[self.name(id)]
    }
}

/// The union members that can never be decoded, as (earlier, later) pairs,
/// one per unreachable later member. Members are tried in order, so a later
/// member is unreachable when every required field of an earlier one is a
/// required field of it too (an earlier member with no required field
/// accepts any object). `None` stands for a member that is not an object.
pub(crate) fn shadowed_members<F: PartialEq>(required: &[Option<Vec<F>>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (j, later) in required.iter().enumerate() {
        let Some(later) = later else { continue };
        let earlier =
            required.iter().take(j).position(|e| e.as_ref().is_some_and(|e| e.iter().all(|f| later.contains(f))));
        out.extend(earlier.map(|i| (i, j)));
    }
    out
}

/// The error variant of a code: `Code1001` when codes are integers, else
/// the code in CamelCase (`INVALID_DATA` → `InvalidData`).
pub(crate) fn code_variant(code: &str, integer_codes: bool) -> String {
    if integer_codes {
        format!("Code{code}")
    } else {
        camel(code)
    }
}

/// The aliases that lead back to themselves through aliases alone (`type A
/// = Vec<A>` has no Rust meaning).
fn alias_cycles(types: &[NamedType]) -> Vec<&str> {
    let aliased = |id: TypeId| match &types[id.0].kind {
        TypeKind::Alias(ty) => ty.named(),
        _ => None,
    };
    let mut cycles = Vec::new();
    for (start, t) in types.iter().enumerate() {
        let mut seen = HashSet::new();
        let mut next = aliased(TypeId(start));
        while let Some(at) = next {
            if at.0 == start {
                cycles.push(t.name.as_str());
                break;
            }
            if !seen.insert(at) {
                break;
            }
            next = aliased(at);
        }
    }
    cycles.sort_unstable();
    cycles
}

/// Records in each type the groups whose operations use it, directly or
/// through other types: a walk of the type graph from each group's own
/// references, each type visited once per group.
fn mark_use(types: &mut [NamedType], groups: &[Group]) {
    let mut used_by: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    let mut stack = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        stack.extend(group.operations.iter().flat_map(Operation::named_types));
        while let Some(TypeId(t)) = stack.pop() {
            // Groups are walked in order: a type seen by this group ends in `g`.
            if used_by[t].last() == Some(&g) {
                continue;
            }
            used_by[t].push(g);
            stack.extend(types[t].refers_to());
        }
    }
    for (t, used_by) in types.iter_mut().zip(used_by) {
        t.used_by = used_by;
    }
}

/// Boxes every field (and union member) whose type leads back to the type
/// that holds it, so recursive types have a finite size.
fn mark_recursion(types: &mut [NamedType]) {
    let edges: Vec<Vec<TypeId>> = types.iter().map(|t| t.refers_to().collect()).collect();
    // A reference from A to B needs a box when B leads back to A, that is when
    // both are in one strongly connected component: computed once for all.
    let component = components(&edges);
    let reaches = |from: &TypeId, target: &TypeId| component[from.0] == component[target.0];
    for (id, t) in types.iter_mut().enumerate() {
        let name = TypeId(id);
        match &mut t.kind {
            TypeKind::Object(fields) => {
                // Each type's fields are still its own here; a copy only if not.
                if Arc::get_mut(fields).is_none() {
                    *fields = fields.to_vec().into();
                }
                for f in Arc::get_mut(fields).into_iter().flatten() {
                    // A Vec is already indirect; only direct references need a box.
                    if let Ty::Named(n) = &f.ty {
                        f.boxed = reaches(n, &name);
                    }
                }
            }
            TypeKind::OneOf(members) => t.boxed_members = members.iter().map(|m| reaches(m, &name)).collect(),
            TypeKind::Enum { .. } | TypeKind::Alias(_) => {}
        }
    }
}

/// The strongly connected component of every node, by node (Kosaraju's
/// algorithm, iterative so that deep type graphs cannot overflow the stack).
fn components(edges: &[Vec<TypeId>]) -> Vec<usize> {
    // First pass: nodes in the order their depth-first search finishes.
    let mut order = Vec::with_capacity(edges.len());
    let mut visited = vec![false; edges.len()];
    for start in 0..edges.len() {
        if std::mem::replace(&mut visited[start], true) {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some((node, next)) = stack.pop() {
            match edges[node].get(next) {
                Some(&TypeId(target)) => {
                    stack.push((node, next + 1));
                    if !std::mem::replace(&mut visited[target], true) {
                        stack.push((target, 0));
                    }
                }
                None => order.push(node),
            }
        }
    }
    // Second pass, on the reversed graph in reverse finishing order.
    let mut reversed: Vec<Vec<usize>> = vec![Vec::new(); edges.len()];
    for (from, targets) in edges.iter().enumerate() {
        for &TypeId(to) in targets {
            reversed[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; edges.len()];
    for (id, &root) in order.iter().rev().enumerate() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = id;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &from in &reversed[node] {
                if component[from] == usize::MAX {
                    component[from] = id;
                    stack.push(from);
                }
            }
        }
    }
    component
}

/// The `{placeholders}` of a path or URL template, in order.
pub(crate) fn placeholders(template: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.get(open..open + 1) == Some("}") {
            return Err(format!("unmatched `}}` in `{template}`"));
        }
        let after = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = after.find('}') else {
            return Err(format!("unterminated placeholder in `{template}`"));
        };
        let name = after.get(..close).unwrap_or_default();
        if name.is_empty() || name.contains('{') {
            return Err(format!("malformed placeholder in `{template}`"));
        }
        if out.iter().any(|n| n == name) {
            return Err(format!("placeholder `{{{name}}}` appears twice in `{template}`"));
        }
        out.push(name.to_owned());
        rest = after.get(close + 1..).unwrap_or_default();
    }
    Ok(out)
}

/// `15 MB` → bytes (binary units, so a client-side check never refuses what the server accepts).
fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (num, unit) = text.split_at(split);
    let n: u64 = num.parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "KB" => 1 << 10,
        "MB" => 1 << 20,
        "GB" => 1 << 30,
        _ => return None,
    };
    n.checked_mul(factor)
}

/// A `format` name: `date-time`, `uuid`, `int_id`.
pub(crate) fn is_format_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Why a `pattern` is not a regular expression the format reads, if it is not.
pub(crate) fn pattern_problem(pattern: &str) -> Option<String> {
    let e = regex_syntax::Parser::new().parse(pattern).err()?;
    Some(e.to_string().lines().last().unwrap_or_default().trim_start_matches("error: ").to_owned())
}

/// `image/png`, `image/*`, `application/vnd.api+json`: a type and a subtype.
pub(crate) fn is_media_type(text: &str) -> bool {
    let token = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b));
    match text.split_once('/') {
        Some((kind, sub)) => token(kind) && (sub == "*" || token(sub)),
        None => false,
    }
}

/// The variant for a status documented without codes: its reason phrase.
pub(crate) fn status_variant(status: u16) -> String {
    let reason = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    };
    reason.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const API: &str = "api: demo\ntitle: Demo\ndoc: D.\nfeature: demo\nservers:\n  default: https://api.example.com\n\
        auth:\n  prefix: Bearer\nerror_body:\n  code_type: integer\n\
        types:\n  Shared: { doc: S., fields: { id: { type: string, doc: I. } } }\n  Unused: { doc: U., type: string }\n";

    fn op(name: &str, extra: &str) -> String {
        format!("  {name}:\n    summary: S\n    method: GET\n    path: /{name}\n{extra}    responses:\n      200: {{ doc: OK. }}\n")
    }

    #[test]
    fn each_type_knows_the_groups_that_use_it_through_any_path() {
        let files = |name: &str, text: String| (name.to_owned(), Ok(text.into_bytes()));
        let a_types = "types:\n  Page: { doc: P., fields: { items: { type: array, items: Item, doc: I. } } }\n\
            \x20 Item: { doc: I., fields: { kind: { type: Kind, doc: K. }, shared: { type: Shared, doc: S. } } }\n\
            \x20 Kind: { doc: K., enum: { x: X. } }\n";
        let a = format!(
            "doc: A.\n{a_types}operations:\n{}",
            op("list", "    query:\n      kind: { type: Kind, doc: K. }\n")
                .replace("200: { doc: OK. }", "200: { doc: OK., body: Page }")
        );
        let b = format!("doc: B.\noperations:\n{}", op("put", "    body: { json: Shared }\n"));
        let c = format!("doc: C.\noperations:\n{}", op("ping", ""));
        let spec = crate::load::SpecFiles {
            root: "spec".to_owned(),
            apis: vec![(
                "demo".to_owned(),
                vec![files("a.yaml", a), files("api.yaml", API.to_owned()), files("b.yaml", b), files("c.yaml", c)],
            )],
        };
        let model = crate::check_files(spec).unwrap();
        let api = &model.apis[0];
        let used_by = |name: &str| api.find_type(name).unwrap().used_by.clone();
        assert_eq!(used_by("Page"), [0]);
        assert_eq!(used_by("Item"), [0], "through Page's array");
        assert_eq!(used_by("Kind"), [0], "through Item and a query parameter, once");
        assert_eq!(used_by("Shared"), [0, 1], "through Item, and b's body");
        assert!(used_by("Unused").is_empty());
        let features: Vec<&str> = api.groups.iter().map(|g| g.feature.as_str()).collect();
        assert_eq!(features, ["demo-a", "demo-b", "demo-c"]);
        assert_eq!(api.features_for(&used_by("Shared")), Some(vec!["demo", "demo-a", "demo-b"]));
        assert_eq!(api.features_for(&used_by("Unused")), None, "compiled with the API");
        assert_eq!(api.features_for(&[0, 1, 2]), None, "every group: compiled with the API");
    }

    #[test]
    fn sizes_and_placeholders() {
        assert_eq!(parse_size("15 MB"), Some(15 << 20));
        assert_eq!(parse_size("2GB"), Some(2 << 30));
        assert_eq!(parse_size("10240"), Some(10240));
        assert_eq!(parse_size("ten MB"), None);
        assert_eq!(placeholders("/a/{b}/c/{d}").unwrap(), vec!["b", "d"]);
        assert!(placeholders("/a/{b").is_err());
        assert!(placeholders("/a/b}").is_err());
        assert!(placeholders("/a/{b}/{b}").is_err());
    }
}

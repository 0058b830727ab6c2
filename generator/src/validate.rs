//! Stage 2: check the parsed spec and lower it into the [`Model`].
//!
//! Every check runs and every problem is collected; emission only ever sees a
//! model that passed all of them. Each spec element is checked and lowered
//! in one walk, so a diagnostic points at the YAML that caused it:
//!
//! - this module: the entry point, one API at a time (its name, servers,
//!   variables, auth, and the assembly of [`Api`]);
//! - `types`: named types and fields (shapes, limits, references);
//! - `operations`: operations (method, path, parameters, body, responses,
//!   errors, pagination);
//! - `graph`: the passes over the whole type graph once every type is
//!   lowered: alias cycles, boxing of recursive fields, the groups that use
//!   each type;
//! - `rules`: what a name, size, status, template or media type may be, the
//!   rules `import` applies too.

mod graph;
mod operations;
mod rules;
mod types;

use std::collections::{HashMap, HashSet};

use graph::{alias_cycles, mark_checked, mark_recursion, mark_use};
use indexmap::IndexMap;
use rayon::iter::{IndexedParallelIterator, IntoParallelRefIterator, ParallelIterator};
pub(crate) use rules::{
    code_variant, is_format_name, is_http_token, is_media_type, pattern_problem, placeholders, set_variant,
    shadowed_members, JsonKind,
};

use crate::diag::Diagnostic;
use crate::ident::{camel, snake};
use crate::load::{LoadedApi, OperationReader, SourceFile};
use crate::model::*;
use crate::spec;

/// Names the emitters use themselves, by where they would clash: API modules
/// next to `runtime` in `lib.rs` and the `docs/` and `openapi/` folders; group
/// modules next to `types` (and `mod.rs`); operations as methods of the client
/// next to `new` and `builder` (and the traits it implements), and as doc pages
/// next to each API's `README.md`.
const RESERVED_APIS: [&str; 4] = ["runtime", "docs", "openapi", "lib"];

/// Why `name` cannot name an API (its spec folder and Rust module), with a
/// hint; `None` when it can.
pub fn api_name_problem(name: &str) -> Option<(String, String)> {
    // A keyword is the user's name too (`box`): Rust code names its module `r#box`.
    let keyword = crate::ident::is_module_name(name) && snake(name) == format!("{name}_");
    if snake(name) != name && !keyword {
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
pub(crate) const PRIMITIVES: [&str; 12] =
    ["string", "integer", "number", "boolean", "any", "null", "array", "map", "file", "date-time", "date", "time"];

/// Validates every loaded API; the model when there is no problem.
pub fn validate(apis: Vec<LoadedApi>) -> Result<Model, Vec<Diagnostic>> {
    validate_keeping(apis, Keep::Everything).map(|(model, _)| model)
}

/// What a spec holds, counted by a check that keeps no operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// APIs.
    pub apis: usize,
    /// Operations.
    pub operations: usize,
    /// Named types.
    pub types: usize,
}

/// Validates every loaded API as [`validate`] does, with the same
/// diagnostics, but lets each operation go once it is checked (the model's
/// groups are left empty): what `specgen check` needs, in the memory of the
/// types alone.
pub fn check(apis: Vec<LoadedApi>) -> Result<Summary, Vec<Diagnostic>> {
    validate_keeping(apis, Keep::Types).map(|(model, operations)| Summary {
        apis: model.apis.len(),
        operations,
        types: model.apis.iter().map(|a| a.types.len()).sum(),
    })
}

/// What validation keeps of the operations.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    Everything,
    Types,
}

/// The model, with the groups' operations unless `keep` says otherwise, and
/// how many operations were validated.
fn validate_keeping(apis: Vec<LoadedApi>, keep: Keep) -> Result<(Model, usize), Vec<Diagnostic>> {
    let mut operations = 0;
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
        let mut checker = Checker::new(&mut diags, keep);
        if let Some(api) = checker.api(loaded) {
            out.push(api);
        }
        operations += checker.operations;
    }
    if diags.is_empty() {
        out.sort_by(|a, b| a.module.cmp(&b.module));
        Ok((Model { apis: out }, operations))
    } else {
        diags.sort();
        diags.dedup();
        Err(diags)
    }
}

struct Checker<'d> {
    diags: &'d mut Vec<Diagnostic>,
    keep: Keep,
    /// Operations validated.
    operations: usize,
}

/// Where a type is used, which decides the types it may have.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Field,
    /// A path parameter: a scalar, an enum or a union of them.
    Param,
    /// A header parameter: as a path parameter, or an array of those (sent
    /// comma-separated).
    Header,
    /// A cookie: as a path parameter.
    Cookie,
    /// A query parameter: a scalar, an enum, or an array of them.
    Query,
    Form,
}

impl<'d> Checker<'d> {
    fn new(diags: &'d mut Vec<Diagnostic>, keep: Keep) -> Self {
        Checker { diags, keep, operations: 0 }
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
        // The type specs are taken out of their files and dropped once
        // lowered, and each operation's spec is dropped once lowered: the
        // model grows as the spec it comes from goes, so a large spec is not
        // held twice.
        let api_types = std::mem::take(&mut loaded.api.1.types);
        let group_types: Vec<_> = loaded.groups.iter_mut().map(|(_, _, g)| std::mem::take(&mut g.types)).collect();
        let group_ops: Vec<_> =
            loaded.groups.iter_mut().map(|(_, _, g)| (std::mem::take(&mut g.operations), g.deferred)).collect();
        let loaded = &loaded;
        let before = self.diags.len();
        let (file, spec) = (&loaded.api.0, &loaded.api.1);
        let integer_codes = self.settings(file, spec);
        let variables = self.variables(file, spec);
        let servers = self.servers(file, spec, &variables);

        let sources = std::iter::once((file, api_types))
            .chain(loaded.groups.iter().map(|(_, f, _)| f).zip(group_types))
            .collect();
        let mut type_specs = self.type_specs(sources);
        let names: TypeNames = type_specs
            .iter()
            .map(|(name, (_, _, t))| (name.clone(), t.as_ref().is_some_and(|t| t.r#enum.is_some())))
            .collect();
        let members = types::member_shapes(&type_specs);
        let text = types::text_names(&type_specs);
        let ctx = Ctx { names: &names, members: &members, text: &text, integer_codes };

        // Each spec goes as its type is lowered: the model grows as the spec goes.
        let mut types: Vec<NamedType> = Vec::with_capacity(type_specs.len());
        for (name, (f, path, t)) in &mut type_specs {
            if let Some(t) = t.take() {
                types.push(self.named_type(f, path, name, &t, &ctx));
            }
        }
        for name in alias_cycles(&types) {
            if let Some((f, path, _)) = type_specs.get(name) {
                self.err(f, &format!("{path}.type"), format!("type `{name}` is defined by itself"));
            }
        }
        mark_recursion(&mut types);
        drop(type_specs);

        let common = self.errors(file, "errors", &spec.errors, &ctx);
        let mut op_names: HashMap<String, &SourceFile> = HashMap::new();
        let mut groups = Vec::with_capacity(loaded.groups.len());
        // Operations left in their files are read a few files at a time, on
        // every core, so that only those files' operation specs are in memory.
        let mut files = loaded.groups.iter().zip(group_ops);
        loop {
            let chunk: Vec<_> = files.by_ref().take(rayon::current_num_threads().max(1)).collect();
            if chunk.is_empty() {
                break;
            }
            // A large block is read in runs as its operations are checked;
            // a block of one run is read here, beside the chunk's others.
            let runs: Vec<Vec<crate::load::Section>> = chunk
                .iter()
                .map(|((_, f, _), (_, deferred))| {
                    deferred.map_or_else(Vec::new, |section| crate::load::operation_runs(f, section))
                })
                .collect();
            let read: Vec<_> = chunk
                .par_iter()
                .zip(runs.par_iter())
                .map(|(((_, f, _), _), runs)| match runs.as_slice() {
                    [one] => Some(crate::load::read_operations(f, *one)),
                    _ => None,
                })
                .collect();
            for (((group, (ops, deferred)), runs), read) in chunk.into_iter().zip(runs).zip(read) {
                let file = &group.1;
                let mut reader = match (deferred, read) {
                    (Some(_), Some(Ok(ops))) => OperationReader::from_map(file, ops),
                    (Some(_), Some(Err(diags))) => {
                        self.diags.extend(diags);
                        OperationReader::from_map(file, IndexMap::new())
                    }
                    (Some(section), None) => OperationReader::from_runs(file, section, runs),
                    (None, _) => OperationReader::from_map(file, ops),
                };
                let group = self.group(group, &mut reader, spec, &common, &ctx, &types, &mut op_names);
                self.diags.extend(reader.take_errors());
                groups.push(group);
            }
        }
        if self.diags.len() > before {
            return None;
        }
        mark_use(&mut types, &groups);
        mark_checked(&mut types, &groups);
        Some(Api {
            file: file.name.clone(),
            module: spec.api.clone(),
            rust: crate::ident::module_path(&spec.api),
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
            oauth_flows: self.oauth_flows(file, &spec.auth),
            openid_connect: spec.auth.openid_connect.clone(),
            security_schemes: self.security_schemes(file, spec),
            security: self.requirement(file, "security", spec.security.as_ref(), spec),
            rate_limits: self.rate_limits(file, spec.rate_limits.as_ref()),
            code_field: spec.error_body.code.clone(),
            integer_codes,
            message_field: spec.error_body.message.clone(),
            types,
            groups,
        })
    }

    /// What the rate-limit labels mean; its page over HTTPS.
    fn rate_limits(&mut self, file: &SourceFile, spec: Option<&spec::RateLimitsSpec>) -> Option<RateLimits> {
        let spec = spec?;
        if let Some(url) = spec.url.as_deref().filter(|u| !u.starts_with("https://")) {
            self.err(file, "rate_limits.url", format!("`{url}` must use https"));
        }
        Some(RateLimits {
            doc: spec.doc.clone(),
            url: spec.url.clone(),
            labels: spec.labels.iter().map(|(l, m)| (l.clone(), m.clone())).collect(),
        })
    }

    /// The OAuth 2 flows of the token: known kinds, each with the URLs
    /// its grant uses (HTTPS) and no others.
    fn oauth_flows(&mut self, file: &SourceFile, auth: &spec::AuthSpec) -> Vec<OAuthFlow> {
        let mut out = Vec::new();
        if let Some(url) = &auth.openid_connect {
            if !url.starts_with("https://") {
                self.err(file, "auth.openid_connect", format!("OpenID Connect URL `{url}` must use https"));
            }
        }
        for (name, flow) in &auth.flows {
            let path = format!("auth.flows.{name}");
            let Some(&(kind, _)) = FlowKind::ALL.iter().find(|(_, n)| n == name) else {
                let known: Vec<&str> = FlowKind::ALL.iter().map(|(_, n)| *n).collect();
                self.err_hint(
                    file,
                    &path,
                    format!("`{name}` is not an OAuth 2 flow"),
                    Some(format!("write one of {}", known.join(", "))),
                );
                continue;
            };
            let (authorize, token, device) = kind.needs();
            let urls = [
                ("authorize_url", &flow.authorize_url, authorize),
                ("token_url", &flow.token_url, token),
                ("device_url", &flow.device_url, device),
                ("refresh_url", &flow.refresh_url, true),
            ];
            for (field, url, wanted) in urls {
                match (url, wanted) {
                    (Some(url), true) if !url.starts_with("https://") => {
                        self.err(file, &format!("{path}.{field}"), format!("`{url}` must use https"))
                    }
                    (Some(_), false) => {
                        self.err(file, &format!("{path}.{field}"), format!("the `{name}` flow has no `{field}`"))
                    }
                    (None, true) if field != "refresh_url" => {
                        self.err(file, &path, format!("the `{name}` flow needs `{field}`"))
                    }
                    _ => {}
                }
            }
            out.push(OAuthFlow {
                kind,
                authorize_url: flow.authorize_url.clone(),
                token_url: flow.token_url.clone(),
                device_url: flow.device_url.clone(),
                refresh_url: flow.refresh_url.clone(),
                scopes: flow.scopes.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            });
        }
        out
    }

    /// The API's security schemes besides the token.
    fn security_schemes(&mut self, file: &SourceFile, spec: &spec::ApiFile) -> Vec<SecurityScheme> {
        let mut out = Vec::new();
        for (name, s) in &spec.security_schemes {
            let path = format!("security_schemes.{name}");
            if name == TOKEN_SCHEME {
                self.err(file, &path, format!("`{name}` is the name of the `auth` token; give the scheme another"));
                continue;
            }
            let kind = match (s.r#type.as_str(), s.r#in.as_deref(), s.name.as_deref()) {
                ("basic", None, None) => SchemeKind::Basic,
                ("api_key", Some(location), Some(param)) if !param.is_empty() => {
                    let location = match location {
                        "header" => KeyLocation::Header,
                        "query" => KeyLocation::Query,
                        "cookie" => KeyLocation::Cookie,
                        other => {
                            self.err(
                                file,
                                &format!("{path}.in"),
                                format!("`{other}` is not `header`, `query` or `cookie`"),
                            );
                            continue;
                        }
                    };
                    let bad_header = location == KeyLocation::Header
                        && !param.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_!#$%&'*+.^`|~".contains(&b));
                    let bad_cookie = location == KeyLocation::Cookie && param.contains(['=', ';', ' ', ',']);
                    if bad_header || bad_cookie {
                        self.err(
                            file,
                            &format!("{path}.name"),
                            format!("`{param}` is not a {} name", location.as_str()),
                        );
                        continue;
                    }
                    SchemeKind::ApiKey { location, param: param.to_owned() }
                }
                ("api_key", ..) => {
                    self.err_hint(
                        file,
                        &path,
                        "an `api_key` scheme needs `in` and `name`",
                        Some("write `{ type: api_key, in: header, name: X-API-Key }`".to_owned()),
                    );
                    continue;
                }
                ("basic", ..) => {
                    self.err(file, &path, "a `basic` scheme has no `in` or `name`");
                    continue;
                }
                (other, ..) => {
                    self.err_hint(
                        file,
                        &format!("{path}.type"),
                        format!("`{other}` is not a security scheme type"),
                        Some(
                            "write `api_key` or `basic`; a bearer or OAuth token is the `auth` token, named `token`"
                                .to_owned(),
                        ),
                    );
                    continue;
                }
            };
            out.push(SecurityScheme { name: name.clone(), kind, doc: s.doc.clone() });
        }
        out
    }

    /// A `security` requirement: every name a scheme of the API or `token`.
    fn requirement(
        &mut self,
        file: &SourceFile,
        path: &str,
        requirement: Option<&Vec<Vec<String>>>,
        spec: &spec::ApiFile,
    ) -> Option<Vec<Vec<String>>> {
        let requirement = requirement?;
        for (i, alternative) in requirement.iter().enumerate() {
            for name in alternative {
                if name != TOKEN_SCHEME && !spec.security_schemes.contains_key(name) {
                    let known: Vec<&str> = std::iter::once(TOKEN_SCHEME)
                        .chain(spec.security_schemes.keys().map(String::as_str).filter(|n| *n != TOKEN_SCHEME))
                        .collect();
                    self.err_hint(
                        file,
                        &format!("{path}.{i}"),
                        format!("`{name}` is not a security scheme of the API"),
                        Some(format!("the schemes are {}", known.join(", "))),
                    );
                }
            }
        }
        Some(requirement.clone())
    }

    /// Checks the API's name, hosts, auth and error body; whether its error
    /// codes are integers.
    fn settings(&mut self, file: &SourceFile, spec: &spec::ApiFile) -> bool {
        if let Some((message, hint)) = api_name_problem(&spec.api) {
            self.err_hint(file, "api", message, Some(hint));
        }
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
        integer_codes
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
}

/// Every type name of an API in spec order, with whether it is an enum: a
/// [`TypeId`] is a position here, as in `Api::types`.
type TypeNames = IndexMap<String, bool>;

struct Ctx<'a> {
    names: &'a TypeNames,
    /// What unions need to know of their members.
    members: &'a HashMap<String, types::MemberShape>,
    /// The types sent as text in a parameter (enums, unions and aliases of scalars).
    text: &'a HashSet<String>,
    integer_codes: bool,
}

impl Ctx<'_> {
    /// The type called `name`, if the spec defines one.
    fn id(&self, name: &str) -> Option<TypeId> {
        self.names.get_index_of(name).map(TypeId)
    }

    /// The spec name of a type.
    fn name(&self, id: TypeId) -> &str {
        self.names.get_index(id.0).map_or("", |(name, _)| name)
    }

    /// Whether the type called `name` is an enum.
    fn is_enum_name(&self, name: &str) -> bool {
        self.names.get(name).is_some_and(|is_enum| *is_enum)
    }

    /// Whether values of a type are sent as text (see [`model::is_text`]).
    fn is_text(&self, id: TypeId) -> bool {
        self.text.contains(self.name(id))
    }
}

//! Stage 4: the typed client. What is written once per API (`lib.rs`, each
//! API's `mod.rs`) is built with `quote`, checked by `syn` and formatted by
//! `prettyplease`; what is written per operation and per type (thousands of
//! times in a large spec) is written straight as text in the same layout
//! (`text`, `builder`), at a fraction of the cost.
//!
//! Per API: `<api>/mod.rs` (client, servers, the runtime's API facts),
//! `<api>/types.rs` (named types), one module per group (builders and
//! per-operation error enums) and `<api>/mock.rs` (its typed mock server,
//! compiled only with the runtime's `mock` feature). The generated code only describes requests;
//! the runtime does the HTTP.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::docs_text::rustdoc;
use crate::ident::is_rust_ident;
use crate::model::*;
use crate::output::OutputFile;
use crate::EmitError;
use text::{FieldValue, StructLiteral};

mod builder;
mod credentials;
mod limits;
mod mock;
mod text;

/// The declaration of an API's `mock` module: the runtime's macro keeps it
/// only when the runtime has its `mock` feature, so a client crate's tests
/// turn the mocks on with a dev-dependency, without a feature of its own.
const MOCK_MODULE: &str = "crate::runtime::with_mock! {
    /// Typed mocks of this API for tests (with the `mock` feature of `specgen-runtime`).
    pub mod mock;
}
";

/// Emits `lib.rs` and every API module.
pub fn emit(model: &Model, crate_name: &str) -> Result<Vec<OutputFile>, EmitError> {
    let mut files = Vec::new();
    emit_each(model, crate_name, &mut |file| {
        files.push(file);
        Ok(())
    })?;
    Ok(files)
}

/// Emits the files one at a time into `sink`, so that a caller writing them
/// out never holds them all.
pub fn emit_each(
    model: &Model,
    crate_name: &str,
    sink: &mut dyn FnMut(OutputFile) -> Result<(), EmitError>,
) -> Result<(), EmitError> {
    check_identifiers(model)?;
    sink(lib_rs(model)?)?;
    for api in &model.apis {
        sink(file(format!("{}/mod.rs", api.module), &api.file, api_mod(api), [MOCK_MODULE.to_owned()])?)?;
        let from = format!("{} and the group files", api.file);
        // Capacities are generous guesses: a reserved page is not resident
        // until written, and a file grown by doubling would copy itself.
        let mut types = text_file(&from, 1024 + 1024 * api.types.len());
        types_rs(api, &mut types);
        sink(OutputFile { path: format!("{}/types.rs", api.module), contents: types })?;
        for group in &api.groups {
            let mut contents = text_file(&group.file, 1024 + 8192 * group.operations.len());
            group_rs(api, group, crate_name, &mut contents)?;
            sink(OutputFile { path: format!("{}/{}.rs", api.module, group.module), contents })?;
        }
        let operations: usize = api.groups.iter().map(|g| g.operations.len()).sum();
        let mut mock = text_file(&from, 2048 + 1024 * operations);
        mock::mock_rs(api, &mut mock);
        sink(OutputFile { path: format!("{}/mock.rs", api.module), contents: mock })?;
    }
    Ok(())
}

/// Every name that becomes a Rust identifier, checked before any is made:
/// `format_ident!` panics on an invalid one, and emission must never panic.
/// Validation makes these names; this keeps a model built another way (a
/// tool, a fuzzer) from reaching a panic.
fn check_identifiers(model: &Model) -> Result<(), EmitError> {
    // Where a name comes from is written out only for the one that fails.
    fn ident(name: &str, at: impl FnOnce() -> String) -> Result<(), EmitError> {
        if is_rust_ident(name) {
            Ok(())
        } else {
            Err(EmitError(format!("{} has the Rust name `{name}`, which is not an identifier", at())))
        }
    }
    fn fields(fs: &[Field], at: &dyn Fn() -> String) -> Result<(), EmitError> {
        fs.iter().try_for_each(|f| ident(&f.rust, || format!("{}, field `{}`", at(), f.wire)))
    }
    for api in &model.apis {
        if !crate::ident::is_module_name(&api.module) || crate::ident::module_path(&api.module) != api.rust {
            return Err(EmitError(format!(
                "API `{}` has the Rust name `{}`, which does not name its module",
                api.module, api.rust
            )));
        }
        for server in &api.servers {
            ident(&server.variant, || format!("server `{}`", server.name))?;
        }
        for var in &api.variables {
            ident(&var.setter, || format!("variable `{}`", var.name))?;
        }
        for t in &api.types {
            let at = || format!("type `{}`", t.name);
            ident(&t.rust, at)?;
            match &t.kind {
                TypeKind::Object(fs) => fields(fs, &at)?,
                TypeKind::Enum { values, .. } => {
                    for v in values {
                        ident(&v.rust, || format!("{}, value `{}`", at(), v.wire))?;
                    }
                }
                TypeKind::OneOf(..) | TypeKind::Alias(_) => {}
            }
        }
        for g in &api.groups {
            ident(&g.module, || format!("group `{}`", g.module))?;
            for op in &g.operations {
                let at = || format!("operation `{}`", op.id);
                ident(&op.name, at)?;
                ident(&op.rust, at)?;
                fields(&op.path_params, &at)?;
                fields(&op.query, &at)?;
                fields(&op.headers, &at)?;
                fields(&op.cookies, &at)?;
                match &op.body {
                    Body::JsonObject { fields: fs, .. } | Body::Form { fields: fs, .. } => fields(fs, &at)?,
                    Body::None | Body::JsonValue { .. } | Body::FormValue { .. } | Body::Binary { .. } => {}
                }
                if let Output::Variants { name } = &op.output {
                    ident(name, at)?;
                    for r in &op.responses {
                        ident(&r.variant, || format!("{}, response {}", at(), r.status))?;
                    }
                }
                for e in &op.errors {
                    if let Some(v) = &e.variant {
                        ident(v, || format!("{}, status {}", at(), e.status))?;
                    }
                    for c in &e.codes {
                        ident(&c.variant, || format!("{}, code {}", at(), c.code))?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// A file from its head (items to format) and items written as text already.
fn file(
    path: String,
    from: &str,
    head: TokenStream,
    items: impl IntoIterator<Item = String>,
) -> Result<OutputFile, EmitError> {
    let mut contents = text_file(from, 0);
    contents.push_str(&format(head)?);
    for item in items {
        contents.push_str(&item);
    }
    Ok(OutputFile { path, contents })
}

/// The start of a generated file made from `from`, with room for `capacity` bytes.
fn text_file(from: &str, capacity: usize) -> String {
    let mut contents = String::with_capacity(capacity);
    contents.push_str(&format!("// @generated by specgen from {from}. Edit the spec, not this file.\n\n"));
    contents
}

fn format(tokens: TokenStream) -> Result<String, EmitError> {
    let parsed =
        syn::parse2::<syn::File>(tokens).map_err(|e| EmitError(format!("emitted Rust does not parse: {e}")))?;
    Ok(prettyplease::unparse(&parsed))
}

fn lib_rs(model: &Model) -> Result<OutputFile, EmitError> {
    let mods = model.apis.iter().map(|api| {
        let module = match api.rust.strip_prefix("r#") {
            Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
            None => format_ident!("{}", api.rust),
        };
        let features = api.features();
        let doc = format!(" {} (cargo feature `{}`, or one of its groups').", api.title, api.feature);
        quote! {
            #[doc = #doc]
            #[cfg(any(#(feature = #features),*))]
            #[rustfmt::skip]
            pub mod #module;
        }
    });
    let mut listing = String::from(
        "Typed async clients generated by `specgen` from the YAML in `spec/`.\n\n\
         Each API is a module behind its own cargo feature, with a `Client`, one builder \
         method per operation, typed models in `types` and one error enum per operation. \
         Each group of operations also has a feature of its own, which compiles that group \
         and the types it uses alone.\n",
    );
    for api in &model.apis {
        let count: usize = api.groups.iter().map(|g| g.operations.len()).sum();
        let plural = if count == 1 { "" } else { "s" };
        let groups: Vec<String> = api.groups.iter().map(|g| format!("`{}`", g.feature)).collect();
        listing.push_str(&format!(
            "\n- `{}`: {} ({count} operation{plural}, feature `{}`; per group: {})",
            api.module,
            api.title,
            api.feature,
            groups.join(", ")
        ));
    }
    let crate_doc = inner_doc(&listing);
    let tokens = quote! {
        #crate_doc
        #![warn(missing_docs)]
        // An API's number of required parameters, the sizes of its response
        // variants and the Markdown of its vendor's prose are the spec's to say.
        #![allow(clippy::too_many_arguments)]
        #![allow(clippy::large_enum_variant)]
        #![allow(clippy::doc_lazy_continuation)]
        // An operation's decoder returns the runtime's error, which carries the
        // whole response (status, headers, body) by design.
        #![allow(clippy::result_large_err)]
        // A group is named by its spec file, which may share its API's name
        // (an OpenAPI document whose one tag is the API's).
        #![allow(clippy::module_inception)]
        // A group's feature is declared in the crate's manifest by the build
        // script; until it is (or where the manifest is written by hand), the
        // group still compiles with its API's feature.
        #![allow(unexpected_cfgs)]
        pub use specgen_runtime as runtime;
        #(#mods)*
    };
    Ok(OutputFile {
        path: "lib.rs".to_owned(),
        contents: format!(
            "// @generated by specgen from {}/. Edit the spec, not this file.\n\n{}",
            model.root(),
            format(tokens)?
        ),
    })
}

/// `#[doc = "…"]` lines for a block of prose.
fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// `#![doc = "…"]` lines, for modules.
fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#![doc = #lines])* }
}

/// Prose made safe for rustdoc, one string a line, each led by the space `///` shows.
fn doc_lines(text: &str) -> Vec<String> {
    // Tabs become spaces: rustdoc and clippy read a tab in prose as a slip.
    rustdoc(text.trim()).lines().map(|l| format!(" {}", l.replace('\t', "    ")).trim_end().to_owned()).collect()
}

fn api_mod(api: &Api) -> TokenStream {
    let name = &api.module;
    let mut text = format!("{}\n\n{}", api.title, api.doc.trim());
    text.push_str(&format!(
        "\n\nAuthentication: each request sends `{}: {} <token>`.",
        api.auth_header, api.auth_prefix
    ));
    if let Some(auth) = &api.auth_doc {
        text.push_str(&format!(" {}", auth.trim()));
    }
    let module_doc = inner_doc(&text);
    let groups = api.groups.iter().enumerate().map(|(i, g)| {
        let module = format_ident!("{}", g.module);
        let d = doc(&g.doc);
        let cfg = api.features_for(&[i]).map(|features| quote! { #[cfg(any(#(feature = #features),*))] });
        quote! { #d #cfg pub mod #module; }
    });
    let servers = api.servers.iter().map(|s| {
        let (n, u) = (&s.name, &s.url);
        quote! { crate::runtime::ServerInfo { name: #n, url: #u } }
    });
    let variables = api.variables.iter().map(|v| {
        let (n, d) = (&v.name, &v.default);
        quote! { crate::runtime::VariableInfo { name: #n, default: #d } }
    });
    let hosts = &api.hosts;
    let (header, prefix, code_field, message_field) =
        (&api.auth_header, &api.auth_prefix, &api.code_field, &api.message_field);
    let code_type = if api.integer_codes { quote!(Integer) } else { quote!(String) };
    let security: TokenStream = security_info(api).parse().unwrap_or_default();
    let credentials: TokenStream = credentials::credentials_trait(api).parse().unwrap_or_default();
    let oauth: TokenStream = credentials::oauth_flows(api).parse().unwrap_or_default();
    let server_variants = api.servers.iter().enumerate().map(|(i, s)| {
        let v = format_ident!("{}", s.variant);
        let d = doc(&format!("`{}` (server `{}`).", s.url, s.name));
        let i = Literal::usize_unsuffixed(i);
        (quote! { #d #v }, quote! { Server::#v => #i })
    });
    let (variants, indices): (Vec<_>, Vec<_>) = server_variants.unzip();
    let variable_docs: String = api
        .variables
        .iter()
        .map(|v| {
            let values = if v.values.is_empty() {
                String::new()
            } else {
                format!(" Known values: {}.", v.values.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", "))
            };
            format!("\n- `{}` (default `{}`): {}{values}", v.name, v.default, v.doc.trim())
        })
        .collect();
    let builder_doc = doc(&format!(
        "Configures a [`Client`]: token, server URLs, server variables, timeouts.{}",
        if variable_docs.is_empty() {
            String::new()
        } else {
            format!("\n\nServer variables, set with `.variable(name, value)`:{variable_docs}")
        }
    ));
    let client_doc = doc(&format!("A client for the {} API. Cheap to clone; clones share connections.", api.title));
    quote! {
        #module_doc
        pub mod types;
        #(#groups)*

        /// What the runtime needs to know about this API.
        pub static API: crate::runtime::ApiInfo = crate::runtime::ApiInfo {
            name: #name,
            servers: &[#(#servers),*],
            hosts: &[#(#hosts),*],
            variables: &[#(#variables),*],
            auth: crate::runtime::AuthScheme { header: #header, prefix: #prefix },
            security: #security,
            error_body: crate::runtime::ErrorBodyShape {
                code_field: #code_field,
                code_type: crate::runtime::CodeType::#code_type,
                message_field: #message_field,
            },
        };

        /// The servers of this API, to replace one with [`ClientBuilder::server_url`](crate::runtime::ClientBuilder::server_url).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Server {
            #(#variants,)*
        }

        impl From<Server> for usize {
            fn from(server: Server) -> usize {
                match server {
                    #(#indices,)*
                }
            }
        }

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: crate::runtime::Client,
        }

        impl From<crate::runtime::Client> for Client {
            fn from(inner: crate::runtime::Client) -> Self {
                Client { inner }
            }
        }

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new(&API)
            }

            /// A client with the default servers and a fixed access token.
            pub fn new(token: impl Into<crate::runtime::Secret>) -> Result<Self, crate::runtime::BuildError> {
                Self::builder().token(token).build()
            }

            /// This client with `options` (a timeout, a retry policy, extra headers or query
            /// parameters) replacing its settings for every call made through the client
            /// returned, which shares this one's connections and credentials.
            pub fn with_options(&self, options: crate::runtime::CallOptions) -> Self {
                Client { inner: self.inner.with_options(options) }
            }
        }

        #builder_doc
        pub type ClientBuilder = crate::runtime::ClientBuilder<Client>;

        #credentials

        #oauth
    }
}

/// The Rust type of a field, without the `Option` layers.
fn is_all_optional(fields: &[Field]) -> bool {
    fields.iter().all(|f| f.presence().is_option())
}

/// `types.rs`, after its header, into `out`.
fn types_rs(api: &Api, out: &mut String) {
    text::inner_doc(out, &format!("Types of the {} API.", api.title));
    for t in &api.types {
        // A type only some groups use is compiled with those groups.
        let mut cfg = String::new();
        if let Some(features) = api.features_for(&t.used_by) {
            text::cfg_any(&mut cfg, 0, &features);
        }
        match &t.kind {
            TypeKind::Object(fields) => {
                match &t.requires {
                    Some(requires) => text::doc(out, 0, &format!("{}\n\n{}", t.doc.trim_end(), requires.sentence())),
                    None => text::doc(out, 0, &t.doc),
                }
                out.push_str(&cfg);
                let default = if is_all_optional(fields) { ", Default" } else { "" };
                out.push_str(&format!("#[derive(Debug, Clone, PartialEq{default})]\npub struct {} {{", t.rust));
                let extra = t.extra.as_ref().map(|ty| (t.extra_field(), ty));
                out.push_str(if fields.is_empty() && extra.is_none() { "}\n" } else { "\n" });
                for f in fields.iter() {
                    text::doc(out, 1, &field_doc(f));
                    text::typed_line(out, 1, &format!("pub {}: ", f.rust), &field_ty_text(f, api, ""), ",", true);
                }
                if let Some((name, ty)) = &extra {
                    text::doc(out, 1, "The keys beyond the fields above, as they came.");
                    let map = text::ty(api, &Ty::Map(Box::new((*ty).clone())), "");
                    text::typed_line(out, 1, &format!("pub {name}: "), &map, ",", true);
                }
                if !fields.is_empty() || extra.is_some() {
                    out.push_str("}\n");
                }
                out.push_str(&cfg);
                serde_object(out, &t.rust, fields, extra.as_ref().map(|(name, _)| name.as_str()));
            }
            TypeKind::Enum { values, integer, .. } => {
                out.push_str(&cfg);
                out.push_str(&text::open_enum(&t.rust, &t.doc, values, *integer));
            }
            TypeKind::Alias(ty) => {
                text::doc(out, 0, &t.doc);
                out.push_str(&cfg);
                text::typed_line(out, 0, &format!("pub type {} = ", t.rust), &text::ty(api, ty, ""), ";", true);
            }
            TypeKind::OneOf(members, tag) => {
                text::doc(out, 0, &t.doc);
                match tag {
                    Some(tag) => {
                        let how = format!(
                            "Decoding reads `{}` first and decodes the member it names; another value is kept, as \
                             it came, in `Unknown`.",
                            tag.field
                        );
                        out.push_str("///\n");
                        text::doc(out, 0, &how);
                        out.push_str(&cfg);
                        out.push_str("#[derive(Debug, Clone, PartialEq)]\n");
                    }
                    None => {
                        out.push_str("///\n/// Decoding tries each variant in order and keeps the first that fits.\n");
                        out.push_str(&cfg);
                        out.push_str(
                            "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\n\
                             #[serde(untagged)]\n",
                        );
                    }
                }
                out.push_str(&format!("pub enum {} {{\n", t.rust));
                for (i, m) in members.iter().enumerate() {
                    let variant = m.variant(api);
                    let inner = text::ty(api, m, "");
                    match m {
                        Ty::Named(_) => text::doc(out, 1, &format!("A [`{inner}`].")),
                        Ty::Integer => text::doc(out, 1, "An integer."),
                        Ty::Any => text::doc(out, 1, "Any other JSON value."),
                        Ty::Temporal(t) => text::doc(out, 1, &format!("A {} (RFC 3339).", t.name())),
                        scalar => text::doc(out, 1, &format!("A {}.", scalar.variant(api).to_lowercase())),
                    }
                    let inner =
                        if t.boxed_members.get(i).copied().unwrap_or(false) { format!("Box<{inner}>") } else { inner };
                    let line = format!("    {variant}({inner}),\n");
                    if line.len() - 1 <= text::MARGIN {
                        out.push_str(&line);
                    } else {
                        out.push_str(&format!("    {variant}(\n"));
                        text::typed_line(out, 2, "", &inner, ",", false);
                        out.push_str("    ),\n");
                    }
                }
                if tag.is_none() && members.iter().all(|m| is_text(&api.types, m)) {
                    // A union of scalars is sent as text, as its member is.
                    out.push_str("}\n");
                    out.push_str(&cfg);
                    out.push_str(&format!(
                        "impl std::fmt::Display for {} {{\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> \
                         std::fmt::Result {{\n        match self {{\n",
                        t.rust
                    ));
                    for m in members {
                        out.push_str(&format!("            Self::{}(value) => value.fmt(f),\n", m.variant(api)));
                    }
                    out.push_str("        }\n    }\n}\n");
                } else if let Some(tag) = tag {
                    let field = &tag.field;
                    text::doc(out, 1, &format!("A value whose `{field}` names no member above, as it came."));
                    out.push_str("    Unknown(crate::runtime::serde_json::Value),\n}\n");
                    out.push_str(&cfg);
                    serde_tagged(out, api, &t.rust, members, tag);
                } else {
                    out.push_str("}\n");
                }
            }
        }
        limits::check_limits_impl(out, api, t, &cfg);
    }
}

/// `Serialize` and `Deserialize` for an object type, through the runtime's
/// `serde_object!`: each field's wire name and presence, on one line when it
/// fits, else one field a line.
/// `extra` names the map that keeps the other keys, if any.
fn serde_object(out: &mut String, name: &str, fields: &[Field], extra: Option<&str>) {
    let fields: Vec<String> = fields
        .iter()
        .map(|f| {
            let presence = match f.presence() {
                Presence::Required => "required",
                Presence::Optional => "optional",
                Presence::Nullable => "nullable",
                Presence::OptionalNullable => "optional_nullable",
            };
            format!("{}: {} {presence}", f.rust, Literal::string(&f.wire))
        })
        .collect();
    let extra = extra.map(|e| format!(" extra {e}")).unwrap_or_default();
    let line = format!("crate::runtime::serde_object!({name} {{ {} }}{extra});", fields.join(", "));
    if fields.is_empty() {
        out.push_str(&format!("crate::runtime::serde_object!({name} {{}}{extra});\n"));
    } else if line.len() <= text::MARGIN {
        out.push_str(&line);
        out.push('\n');
    } else {
        out.push_str(&format!("crate::runtime::serde_object!({name} {{\n"));
        for f in &fields {
            out.push_str(&format!("{}{f},\n", text::INDENT));
        }
        out.push_str(&format!("}}{extra});\n"));
    }
}

/// `Serialize` and `Deserialize` for a tagged union, through the runtime's
/// `serde_tagged!`: its variants, then each tag value with the variant it
/// names; on one line when it fits, else one a line.
fn serde_tagged(out: &mut String, api: &Api, name: &str, members: &[Ty], tag: &Tag) {
    let variants: Vec<&str> = members.iter().map(|m| m.variant(api)).collect();
    let values: Vec<String> = tag
        .values
        .iter()
        .filter_map(|(v, m)| Some(format!("{} => {}", Literal::string(v), members.get(*m)?.variant(api))))
        .collect();
    let field = Literal::string(&tag.field);
    let line = format!(
        "crate::runtime::serde_tagged!({name}, {field}, [{}], {{ {} }});",
        variants.join(", "),
        values.join(", ")
    );
    if line.len() <= text::MARGIN {
        out.push_str(&line);
        out.push('\n');
        return;
    }
    out.push_str(&format!("crate::runtime::serde_tagged!({name}, {field}, [\n"));
    for v in &variants {
        out.push_str(&format!("{}{v},\n", text::INDENT));
    }
    out.push_str("], {\n");
    for v in &values {
        out.push_str(&format!("{}{v},\n", text::INDENT));
    }
    out.push_str("});\n");
}

/// The field's type with `Option` for absent and for null (and `Box` for
/// recursion), named types after `types`.
fn field_ty_text(f: &Field, api: &Api, types: &str) -> String {
    let base = text::ty(api, &f.ty, types);
    let base = if f.boxed { format!("Box<{base}>") } else { base };
    match f.presence() {
        Presence::Required => base,
        Presence::Optional | Presence::Nullable => format!("Option<{base}>"),
        Presence::OptionalNullable => format!("Option<Option<{base}>>"),
    }
}

/// A field's docs with its documented limits.
fn field_doc(f: &Field) -> String {
    let mut text = f.doc.trim().to_owned();
    let limit = f.limits();
    let mut limits = Vec::new();
    if let Some(min) = limit.min {
        limits.push(format!("at least {min}"));
    }
    if let Some(max) = limit.max {
        limits.push(format!("at most {max}"));
    }
    if let Some(n) = limit.min_items {
        limits.push(format!("at least {}", crate::docs_text::items(&f.ty, n)));
    }
    if let Some(n) = limit.max_items {
        limits.push(format!("at most {}", crate::docs_text::items(&f.ty, n)));
    }
    if let Some(keys) = &limit.keys {
        limits.push(crate::docs_text::keys(keys));
    }
    if let Some(size) = &limit.max_size_text {
        limits.push(format!("at most {size}"));
    }
    if !limit.file_types.is_empty() {
        limits.push(format!("file types: {}", limit.file_types.join(", ")));
    }
    if !limits.is_empty() {
        text.push_str(&format!("\n\nLimits, checked before sending: {}.", limits.join("; ")));
    }
    text
}

/// A group's module, after its header, into `out`: one `impl Client` block
/// with every operation's method (rustc compares inherent impl blocks of a
/// type pair by pair, so one block per operation would cost compile time
/// quadratic in the operations), then per operation its builder and its
/// error enum.
fn group_rs(api: &Api, group: &Group, crate_name: &str, out: &mut String) -> Result<(), EmitError> {
    text::inner_doc(out, &group.doc);
    out.push_str(if group.operations.is_empty() { "impl super::Client {}\n" } else { "impl super::Client {\n" });
    let mut builders = String::with_capacity(4096 * group.operations.len());
    for op in &group.operations {
        out.push_str(&constructor(api, op, crate_name));
        builder::builder(api, op, &mut builders);
        builders.push_str(&text::operation_error(api, op));
    }
    if !group.operations.is_empty() {
        out.push_str("}\n");
    }
    out.push_str(&builders);
    Ok(())
}

/// The method on `Client`: its docs and example, then the required values
/// as arguments, each builder member starting from its argument or `None`.
/// Parameters and form fields are builder members of their own; a JSON
/// object body is one member.
fn constructor(api: &Api, op: &Operation, crate_name: &str) -> String {
    let types = text::TYPES;
    let mut out = String::with_capacity(2048);
    text::doc(&mut out, 1, &operation_doc(api, op));
    // The example is code, so it skips the prose clean-up; `cargo test` compiles it.
    for line in ["", " # Example", "", " ```no_run"] {
        text::raw_doc_line(&mut out, 1, line);
    }
    for line in crate::examples::rust_example(api, op, crate_name) {
        text::raw_doc_line(&mut out, 1, &format!(" {line}"));
    }
    text::raw_doc_line(&mut out, 1, " ```");
    if op.deprecated {
        out.push_str("    #[deprecated(note = \"deprecated by the vendor\")]\n");
    }
    let mut params = vec![("&self".to_owned(), String::new())];
    let mut fields = vec![("client".to_owned(), FieldValue::Expr("self.clone()".to_owned()))];
    let form_fields: &[Field] = match &op.body {
        Body::Form { fields, .. } => fields,
        _ => &[],
    };
    for f in op.parameters().chain(form_fields) {
        if f.required {
            params.push((f.rust.clone(), text::arg_type(api, &f.ty, types)));
            fields.push((f.rust.clone(), FieldValue::Expr(text::stored(&f.rust, &f.ty))));
        } else {
            fields.push((f.rust.clone(), FieldValue::Expr("None".to_owned())));
        }
        // A part's headers are set by setters of their own.
        for h in f.part_headers.iter() {
            fields.push((h.rust.clone(), FieldValue::Expr("None".to_owned())));
        }
    }
    match &op.body {
        Body::JsonObject { ty, fields: body_fields } => {
            let mut body = Vec::with_capacity(body_fields.len());
            for f in body_fields.iter() {
                if !f.required {
                    body.push((f.rust.clone(), FieldValue::Expr("None".to_owned())));
                    continue;
                }
                params.push((f.rust.clone(), text::arg_type(api, &f.ty, types)));
                let value = text::stored(&f.rust, &f.ty);
                let value = if f.boxed { format!("Box::new({value})") } else { value };
                let value = if f.nullable { format!("Some({value})") } else { value };
                body.push((f.rust.clone(), FieldValue::Expr(value)));
            }
            let path = text::ty(api, &Ty::Named(*ty), types);
            fields.push(("body".to_owned(), FieldValue::Struct(StructLiteral { path, fields: body })));
        }
        Body::JsonValue { ty } | Body::FormValue { ty, .. } => {
            params.push(("body".to_owned(), text::ty(api, &Ty::Named(*ty), types)));
            fields.push(("body".to_owned(), FieldValue::Expr("body".to_owned())));
        }
        Body::Binary { .. } => {
            params.push(("body".to_owned(), "crate::runtime::FilePart".to_owned()));
            fields.push(("body".to_owned(), FieldValue::Expr("body".to_owned())));
        }
        Body::Form { extra: Some(_), .. } => {
            fields.push(("extra_fields".to_owned(), FieldValue::Expr("Vec::new()".to_owned())));
        }
        Body::Form { .. } | Body::None => {}
    }
    if op.pagination.as_ref().is_some_and(|p| p.kind.follows_urls()) {
        fields.push(("page_url".to_owned(), FieldValue::Expr("None".to_owned())));
    }
    out.push_str(text::INLINE);
    text::signature(&mut out, 1, &format!("pub fn {}", op.name), &params, &op.rust);
    let literal = StructLiteral { path: op.rust.clone(), fields };
    out.push_str(&format!("        {}\n    }}\n", literal.render(2)));
    out
}

/// The method docs: summary, description, request line, scopes, rate limit, errors.
fn operation_doc(api: &Api, op: &Operation) -> String {
    let mut text = op.summary.trim().to_owned();
    if let Some(d) = &op.doc {
        text.push_str(&format!("\n\n{}", d.trim()));
    }
    let server = api.servers.get(op.server).map_or("", |s| s.url.as_str());
    text.push_str(&format!("\n\n**Request:** `{} {server}{}`", op.method, op.path));
    if !op.scopes.is_empty() {
        text.push_str(&format!(
            "\n\n**Scopes:** {}",
            op.scopes.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    if !op.granular_scopes.is_empty() {
        text.push_str(&format!(
            "\n\n**Granular scopes:** {}",
            op.granular_scopes.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    if let Some(r) = &op.rate_limit {
        text.push_str(&format!("\n\n**Rate limit label:** `{r}`"));
    }
    for r in &op.responses {
        text.push_str(&format!("\n\n**Response:** {} {}", r.status, r.doc.trim()));
    }
    if !op.errors.is_empty() {
        text.push_str(&format!("\n\n**Errors** (see [`{}`]):", op.error_enum()));
        for e in &op.errors {
            match &e.doc {
                Some(d) => text.push_str(&format!("\n- {}: {}", e.status.http(), d.trim())),
                None => {
                    for c in &e.codes {
                        text.push_str(&format!(
                            "\n- {}, code `{}`: {}",
                            e.status.http(),
                            c.code,
                            c.meanings.join(" / ")
                        ));
                    }
                }
            }
        }
    }
    text
}

/// The API's `SecurityInfo`: its schemes besides the token and its default
/// requirement, or `TOKEN_ONLY` for an API that declares neither.
fn security_info(api: &Api) -> String {
    if api.security_schemes.is_empty() && api.security.is_none() {
        return "crate::runtime::SecurityInfo::TOKEN_ONLY".to_owned();
    }
    let schemes: Vec<String> = api
        .security_schemes
        .iter()
        .map(|s| {
            let kind = match &s.kind {
                SchemeKind::Basic => "crate::runtime::SchemeKind::Basic".to_owned(),
                SchemeKind::ApiKey { location, param } => format!(
                    "crate::runtime::SchemeKind::ApiKey {{ location: crate::runtime::KeyLocation::{}, param: {} }}",
                    match location {
                        KeyLocation::Header => "Header",
                        KeyLocation::Query => "Query",
                        KeyLocation::Cookie => "Cookie",
                    },
                    Literal::string(param)
                ),
            };
            format!("crate::runtime::SchemeInfo {{ name: {}, kind: {kind} }}", Literal::string(&s.name))
        })
        .collect();
    let default = match &api.security {
        Some(requirement) => format!("Some({})", requirement_literal(requirement)),
        None => "None".to_owned(),
    };
    format!("crate::runtime::SecurityInfo {{ schemes: &[{}], default: {default} }}", schemes.join(", "))
}

/// A requirement as the runtime takes it: `&[&["a", "b"], &["c"]]`.
pub(crate) fn requirement_literal(requirement: &[Vec<String>]) -> String {
    let alternatives: Vec<String> = requirement
        .iter()
        .map(|alt| format!("&[{}]", alt.iter().map(|n| Literal::string(n).to_string()).collect::<Vec<_>>().join(", ")))
        .collect();
    format!("&[{}]", alternatives.join(", "))
}

//! Stage 4: the typed client, emitted with `quote`, checked by `syn` and
//! formatted by `prettyplease`.
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
        ident(&api.module, || format!("API `{}`", api.module))?;
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
                TypeKind::OneOf(_) | TypeKind::Alias(_) => {}
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
                match &op.body {
                    Body::JsonObject { fields: fs, .. } | Body::Form { fields: fs, .. } => fields(fs, &at)?,
                    Body::None | Body::JsonValue { .. } | Body::Binary { .. } => {}
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
        let module = format_ident!("{}", api.module);
        let feature = &api.feature;
        let doc = format!(" {} (cargo feature `{feature}`).", api.title);
        quote! {
            #[doc = #doc]
            #[cfg(feature = #feature)]
            #[rustfmt::skip]
            pub mod #module;
        }
    });
    let mut listing = String::from(
        "Typed async clients generated by `specgen` from the YAML in `spec/`.\n\n\
         Each API is a module behind its own cargo feature, with a `Client`, one builder \
         method per operation, typed models in `types` and one error enum per operation.\n",
    );
    for api in &model.apis {
        let count: usize = api.groups.iter().map(|g| g.operations.len()).sum();
        let plural = if count == 1 { "" } else { "s" };
        listing.push_str(&format!(
            "\n- `{}`: {} ({count} operation{plural}, feature `{}`)",
            api.module, api.title, api.feature
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
    let groups = api.groups.iter().map(|g| {
        let module = format_ident!("{}", g.module);
        let d = doc(&g.doc);
        quote! { #d pub mod #module; }
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
        }

        #builder_doc
        pub type ClientBuilder = crate::runtime::ClientBuilder<Client>;
    }
}

/// The Rust type of a field, without the `Option` layers.
fn base_ty(ty: &Ty, api: &Api, types_path: &TokenStream) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(f64),
        Ty::Boolean => quote!(bool),
        Ty::Any => quote!(crate::runtime::serde_json::Value),
        Ty::File => quote!(crate::runtime::FilePart),
        Ty::Array(inner) => {
            let inner = base_ty(inner, api, types_path);
            quote!(Vec<#inner>)
        }
        Ty::Named(name) => {
            let rust = format_ident!("{}", api.find_type(name).map_or_else(|| name.clone(), |t| t.rust.clone()));
            quote!(#types_path #rust)
        }
    }
}

fn is_all_optional(fields: &[Field]) -> bool {
    fields.iter().all(|f| f.presence().is_option())
}

/// `types.rs`, after its header, into `out`.
fn types_rs(api: &Api, out: &mut String) {
    text::inner_doc(out, &format!("Types of the {} API.", api.title));
    for t in &api.types {
        match &t.kind {
            TypeKind::Object(fields) => {
                text::doc(out, 0, &t.doc);
                let default = if is_all_optional(fields) { "Default, " } else { "" };
                out.push_str(&format!(
                    "#[derive(Debug, Clone, PartialEq, {default}serde::Serialize, serde::Deserialize)]\npub struct {} {{",
                    t.rust
                ));
                out.push_str(if fields.is_empty() { "}\n" } else { "\n" });
                for f in fields.iter() {
                    text::doc(out, 1, &field_doc(f));
                    let mut attrs = Vec::new();
                    if f.rust != f.wire {
                        attrs.push(format!("rename = {}", Literal::string(&f.wire)));
                    }
                    if f.presence().is_option() && f.presence() != Presence::Nullable {
                        attrs.push("default".to_owned());
                        attrs.push("skip_serializing_if = \"Option::is_none\"".to_owned());
                    }
                    if f.presence() == Presence::OptionalNullable {
                        attrs.push("with = \"crate::runtime::double_option\"".to_owned());
                    }
                    if !attrs.is_empty() {
                        text::list_attribute(out, 1, "serde", &attrs);
                    }
                    text::typed_line(out, 1, &format!("pub {}: ", f.rust), &field_ty_text(f, api, ""), ",", true);
                }
                if !fields.is_empty() {
                    out.push_str("}\n");
                }
            }
            TypeKind::Enum { values, .. } => out.push_str(&text::open_enum(&t.rust, &t.doc, values)),
            TypeKind::Alias(ty) => {
                text::doc(out, 0, &t.doc);
                text::typed_line(out, 0, &format!("pub type {} = ", t.rust), &text::ty(api, ty, ""), ";", true);
            }
            TypeKind::OneOf(members) => {
                text::doc(out, 0, &t.doc);
                out.push_str(
                    "///\n/// Decoding tries each variant in order and keeps the first that fits.\n\
                     #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\n#[serde(untagged)]\n",
                );
                out.push_str(&format!("pub enum {} {{\n", t.rust));
                for (i, m) in members.iter().enumerate() {
                    let rust = api.find_type(m).map_or(m.as_str(), |t| t.rust.as_str());
                    text::doc(out, 1, &format!("A [`{rust}`]."));
                    let inner = if t.boxed_members.get(i).copied().unwrap_or(false) {
                        format!("Box<{rust}>")
                    } else {
                        rust.to_owned()
                    };
                    let line = format!("    {rust}({inner}),\n");
                    if line.len() - 1 <= text::MARGIN {
                        out.push_str(&line);
                    } else {
                        out.push_str(&format!("    {rust}(\n"));
                        text::typed_line(out, 2, "", &inner, ",", false);
                        out.push_str("    ),\n");
                    }
                }
                out.push_str("}\n");
            }
        }
    }
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
    if let Some(n) = limit.max_items {
        limits.push(format!("at most {n} items"));
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

/// What the builder stores for a member, and the expression reading it back.
struct Member<'f> {
    field: &'f Field,
    /// Whether it is a field of a JSON object body (`self.body.title`)
    /// rather than a member of its own (`self.clip_id`).
    in_body: bool,
    /// Whether the stored value is an `Option` at this place.
    optional: bool,
}

impl Member<'_> {
    /// Where the builder stores it, as tokens.
    fn place(&self) -> TokenStream {
        let ident = format_ident!("{}", self.field.rust);
        if self.in_body {
            quote!(self.body.#ident)
        } else {
            quote!(self.#ident)
        }
    }

    /// Where the builder stores it, as text.
    fn place_text(&self) -> String {
        if self.in_body {
            format!("self.body.{}", self.field.rust)
        } else {
            format!("self.{}", self.field.rust)
        }
    }
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
        let (constructor, builder, setters) = operation(api, op, crate_name);
        out.push_str(&constructor);
        builders.push_str(&with_setters(format(builder)?, &op.rust, &setters));
        builders.push_str(&text::operation_error(api, op));
    }
    if !group.operations.is_empty() {
        out.push_str("}\n");
    }
    out.push_str(&builders);
    Ok(())
}

/// The formatted builder with its setters, written as text, first in its `impl` block.
fn with_setters(mut builder: String, name: &str, setters: &str) -> String {
    let block = format!("\nimpl {name} {{\n");
    if let Some(at) = builder.find(&block) {
        builder.insert_str(at + block.len(), setters);
    }
    builder
}

/// An operation's method on `Client` (text), its builder without setters
/// (tokens) and the builder's setters (text).
fn operation(api: &Api, op: &Operation, crate_name: &str) -> (String, TokenStream, String) {
    let types = quote!(super::types::);
    let builder = format_ident!("{}", op.rust);
    let error = format_ident!("{}", op.error_enum());
    let op_name = &op.id;

    let (members, struct_fields) = members(api, op, &types);
    let setters = setters(api, op, &members);
    let (form, steps) = request_steps(api, op, &members);
    let method = format_ident!("{}", op.method.as_str());
    let server = Literal::usize_unsuffixed(op.server);
    let path = &op.path;
    let (output, finish, responses_enum) = success_output(api, op, &types);
    let cloneable = match &op.body {
        Body::Form { fields, .. } => !fields.iter().any(|f| f.ty == Ty::File),
        Body::Binary { .. } => false,
        _ => true,
    };
    let derive = if cloneable { quote!(#[derive(Debug, Clone)]) } else { quote!(#[derive(Debug)]) };
    let link = format!("[`Client::{}`](super::Client::{})", op.name, op.name);
    let builder_doc = doc(&format!(
        "Request builder for {link}: {}\n\nSet optional values, then call [`send`](Self::send).",
        op.summary.trim()
    ));
    let mut statuses: Vec<String> = op.responses.iter().map(|r| r.status.to_string()).collect();
    let last = statuses.pop().unwrap_or_default();
    let statuses = if statuses.is_empty() { last } else { format!("{} or {last}", statuses.join(", ")) };
    let send_doc = doc(&format!("Sends `{} {}` and decodes the {statuses} response.", op.method, op.path));
    // A streamed download's body is its value; any other body is read first,
    // so that the metadata holds it too.
    let (buffered, kept) = if op.streams_response() {
        (quote!(), "the status and headers")
    } else {
        (quote!(.buffered::<#error>().await?), "the status, headers and raw body")
    };
    let send_metadata_doc =
        doc(&format!("As [`send`](Self::send), keeping {kept} of the response beside the decoded value."));
    let stream = op.pagination.as_ref().map(|p| pagination(api, op, p, &builder, &error));
    let constructor = constructor(api, op, crate_name);
    let builder = quote! {

        #builder_doc
        #derive
        #[must_use = "a request does nothing until `.send().await`"]
        pub struct #builder {
            client: super::Client,
            #(#struct_fields,)*
        }

        impl #builder {
            #send_doc
            pub async fn send(self) -> Result<#output, crate::runtime::Error<#error>> {
                self.send_with_metadata().await.map(crate::runtime::ResponseValue::into_value)
            }

            #send_metadata_doc
            pub async fn send_with_metadata(
                self,
            ) -> Result<crate::runtime::ResponseValue<#output>, crate::runtime::Error<#error>> {
                #form
                let request = crate::runtime::Request::new(#op_name, crate::runtime::Method::#method, #server, #path)
                    #(#steps)*;
                let response = self.client.inner.execute::<#error>(request).await? #buffered;
                let metadata = response.metadata();
                let value = #finish;
                value.map(|value| metadata.with(value))
            }
        }

        #responses_enum

        #stream
    };
    (constructor, builder, setters)
}

/// What the builder stores: path, query and header parameters, then the
/// body's fields (a JSON object body is one struct member, its fields reached
/// through it), with the struct's member declarations.
fn members<'o>(api: &Api, op: &'o Operation, types: &TokenStream) -> (Vec<Member<'o>>, Vec<TokenStream>) {
    let mut members: Vec<Member> = Vec::new();
    let mut struct_fields = Vec::new();
    for f in op.path_params.iter().chain(&op.query).chain(&op.headers) {
        let ident = format_ident!("{}", f.rust);
        let optional = !f.required;
        let base = base_ty(&f.ty, api, types);
        struct_fields.push(if optional { quote!(#ident: Option<#base>) } else { quote!(#ident: #base) });
        members.push(Member { field: f, in_body: false, optional });
    }
    match &op.body {
        Body::JsonObject { ty, fields } => {
            let t = base_ty(&Ty::Named(ty.clone()), api, types);
            struct_fields.push(quote!(body: #t));
            for f in fields.iter() {
                members.push(Member { field: f, in_body: true, optional: f.presence().is_option() });
            }
        }
        Body::JsonValue { ty } => {
            let t = base_ty(&Ty::Named(ty.clone()), api, types);
            struct_fields.push(quote!(body: #t));
        }
        Body::Form { fields, .. } => {
            for f in fields.iter() {
                let ident = format_ident!("{}", f.rust);
                let base = base_ty(&f.ty, api, types);
                struct_fields.push(if f.required { quote!(#ident: #base) } else { quote!(#ident: Option<#base>) });
                members.push(Member { field: f, in_body: false, optional: !f.required });
            }
        }
        Body::Binary { .. } => struct_fields.push(quote!(body: crate::runtime::FilePart)),
        Body::None => {}
    }
    (members, struct_fields)
}

/// The method on `Client`: its docs and example, then the required values
/// as arguments, each builder member starting from its argument or `None`.
/// Parameters and form fields are builder members of their own; a JSON
/// object body is one member.
fn constructor(api: &Api, op: &Operation, crate_name: &str) -> String {
    let types = "super::types::";
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
    for f in op.path_params.iter().chain(&op.query).chain(&op.headers).chain(form_fields) {
        if f.required {
            params.push((f.rust.clone(), text::arg_type(api, &f.ty, types)));
            fields.push((f.rust.clone(), FieldValue::Expr(text::stored(&f.rust, &f.ty))));
        } else {
            fields.push((f.rust.clone(), FieldValue::Expr("None".to_owned())));
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
            let path = text::ty(api, &Ty::Named(ty.clone()), types);
            fields.push(("body".to_owned(), FieldValue::Struct(StructLiteral { path, fields: body })));
        }
        Body::JsonValue { ty } => {
            params.push(("body".to_owned(), text::ty(api, &Ty::Named(ty.clone()), types)));
            fields.push(("body".to_owned(), FieldValue::Expr("body".to_owned())));
        }
        Body::Binary { .. } => {
            params.push(("body".to_owned(), "crate::runtime::FilePart".to_owned()));
            fields.push(("body".to_owned(), FieldValue::Expr("body".to_owned())));
        }
        Body::Form { .. } | Body::None => {}
    }
    text::signature(&mut out, 1, &format!("pub fn {}", op.name), &params, &op.rust);
    let literal = StructLiteral { path: op.rust.clone(), fields };
    out.push_str(&format!("        {}\n    }}\n", literal.render(2)));
    out
}

/// A setter for every optional value, as text at one indent.
fn setters(api: &Api, op: &Operation, members: &[Member]) -> String {
    let types = "super::types::";
    let mut out = String::new();
    for m in members.iter().filter(|m| !m.field.required) {
        let f = m.field;
        let conv = text::stored("value", &f.ty);
        let conv = if f.boxed { format!("Box::new({conv})") } else { conv };
        let value = if f.presence() == Presence::OptionalNullable && matches!(op.body, Body::JsonObject { .. }) {
            format!("Some(Some({conv}))")
        } else {
            format!("Some({conv})")
        };
        text::doc(&mut out, 1, &field_doc(f));
        let params = [("mut self".to_owned(), String::new()), ("value".to_owned(), text::arg_type(api, &f.ty, types))];
        text::signature(&mut out, 1, &format!("pub fn {}", f.rust), &params, "Self");
        out.push_str(&format!("        {} = {value};\n        self\n    }}\n", m.place_text()));
    }
    out
}

/// The request description: path, query and header values, the checks of
/// documented limits, and the body (with the multipart form built first).
fn request_steps(api: &Api, op: &Operation, members: &[Member]) -> (Option<TokenStream>, Vec<TokenStream>) {
    let mut steps = Vec::new();
    for f in &op.path_params {
        let (wire, ident) = (&f.wire, format_ident!("{}", f.rust));
        let value = by_ref(&f.ty, quote!(self.#ident));
        steps.push(quote!(.path_param(#wire, #value)));
    }
    for f in &op.query {
        let (wire, ident) = (&f.wire, format_ident!("{}", f.rust));
        let value = by_ref(&f.ty, quote!(self.#ident));
        let comma = f.comma_separated;
        steps.push(match (&f.ty, f.required) {
            (Ty::Array(_), true) => quote!(.query_list(#wire, &self.#ident, #comma)),
            (Ty::Array(_), false) => quote!(.query_list_opt(#wire, self.#ident.as_deref(), #comma)),
            (_, true) => quote!(.query(#wire, #value)),
            (_, false) => quote!(.query_opt(#wire, self.#ident.as_ref())),
        });
    }
    for f in &op.headers {
        let (wire, ident) = (&f.wire.to_ascii_lowercase(), format_ident!("{}", f.rust));
        let value = by_ref(&f.ty, quote!(self.#ident));
        steps.push(if f.required {
            quote!(.header(#wire, #value))
        } else {
            quote!(.header_opt(#wire, self.#ident.as_ref()))
        });
    }
    for m in members {
        steps.extend(checks(api, m));
    }
    if op.keep_auth_on_redirect {
        steps.push(quote!(.keep_auth_on_redirect()));
    }
    let mut form = None;
    match &op.body {
        Body::JsonObject { .. } | Body::JsonValue { .. } => steps.push(quote!(.json(&self.body))),
        Body::Form { fields, encoding } => {
            let parts = fields.iter().map(|f| {
                let (wire, ident) = (&f.wire, format_ident!("{}", f.rust));
                if f.ty == Ty::File {
                    let max = match f.limits().max_size {
                        Some(n) => {
                            let n = Literal::u64_unsuffixed(n);
                            quote!(Some(#n))
                        }
                        None => quote!(None),
                    };
                    let exts = &f.limits().file_types;
                    if f.required {
                        quote!(.file(#wire, self.#ident, #max, &[#(#exts),*]))
                    } else {
                        quote!(.file_opt(#wire, self.#ident, #max, &[#(#exts),*]))
                    }
                } else if f.required {
                    let value = by_ref(&f.ty, quote!(self.#ident));
                    quote!(.text(#wire, #value))
                } else {
                    quote!(.text_opt(#wire, self.#ident.as_ref()))
                }
            });
            let (builder, step) = match encoding {
                FormEncoding::Multipart => (quote!(Multipart), quote!(multipart)),
                FormEncoding::UrlEncoded => (quote!(UrlEncoded), quote!(form)),
            };
            form = Some(quote! { let form = crate::runtime::#builder::new() #(#parts)*; });
            steps.push(quote!(.#step(form)));
        }
        Body::Binary { media_type } => steps.push(quote!(.binary(self.body, #media_type))),
        Body::None => {}
    }
    (form, steps)
}

/// What `send` returns, the expression that decodes it from `response`, and
/// the enum of the responses when there is one.
fn success_output(api: &Api, op: &Operation, types: &TokenStream) -> (TokenStream, TokenStream, TokenStream) {
    // Decodes one response's body and passes it to `wrap` (`Some`, an enum
    // variant); an empty body gives `empty` instead.
    let decode = |r: &Response, wrap: TokenStream, empty: TokenStream| match &r.kind {
        ResponseKind::Empty => quote!(response.empty().await.map(|()| #empty)),
        ResponseKind::Json(_) => quote!(response.json().await.map(#wrap)),
        ResponseKind::Binary => quote!(Ok(#wrap(response.into_stream()))),
    };
    let body_ty = |r: &Response| match &r.kind {
        ResponseKind::Empty => quote!(()),
        ResponseKind::Json(t) => base_ty(&Ty::Named(t.clone()), api, types),
        ResponseKind::Binary => quote!(crate::runtime::ByteStream),
    };
    // The first response also takes any 2xx status the spec does not list.
    let dispatch = |arms: Vec<(u16, TokenStream)>| {
        let mut arms = arms.into_iter();
        let fallback = arms.next().map(|(_, e)| e).unwrap_or_default();
        let listed = arms.map(|(status, e)| {
            let status = Literal::u16_unsuffixed(status);
            quote!(#status => #e,)
        });
        quote! {
            match response.status() {
                #(#listed)*
                _ => #fallback,
            }
        }
    };
    match &op.output {
        Output::Single => {
            let r = op.main_response();
            let finish = match &r.kind {
                ResponseKind::Empty => quote!(response.empty().await),
                ResponseKind::Json(_) => quote!(response.json().await),
                ResponseKind::Binary => quote!(Ok(response.into_stream())),
            };
            (body_ty(r), finish, quote!())
        }
        Output::Optional => {
            let body = op.main_response();
            let arms = op.responses.iter().map(|r| (r.status, decode(r, quote!(Some), quote!(None)))).collect();
            let t = body_ty(body);
            (quote!(Option<#t>), dispatch(arms), quote!())
        }
        Output::Variants { name } => {
            let ident = format_ident!("{}", name);
            let mut variants = Vec::new();
            let mut arms = Vec::new();
            for r in &op.responses {
                let v = format_ident!("{}", r.variant);
                let d = doc(&format!("{}: {}", r.status, r.doc.trim()));
                variants.push(match r.kind {
                    ResponseKind::Empty => quote!(#d #v),
                    _ => {
                        let t = body_ty(r);
                        quote!(#d #v(#t))
                    }
                });
                arms.push((r.status, decode(r, quote!(#ident::#v), quote!(#ident::#v))));
            }
            let cloneable = !op.streams_response();
            let derive = if cloneable { quote!(#[derive(Debug, Clone)]) } else { quote!(#[derive(Debug)]) };
            let enum_doc = doc(&format!(
                "The success responses of [`Client::{}`](super::Client::{}): one variant per documented status. \
                 A 2xx status the spec does not list is decoded as the first.",
                op.name, op.name
            ));
            let definition = quote! {
                #enum_doc
                #derive
                pub enum #ident {
                    #(#variants,)*
                }
            };
            (quote!(#ident), dispatch(arms), definition)
        }
    }
}

/// Copy values are passed as they are, others by reference.
fn by_ref(ty: &Ty, place: TokenStream) -> TokenStream {
    match ty {
        Ty::Integer | Ty::Number | Ty::Boolean => place,
        _ => quote!(&#place),
    }
}

/// Client-side checks of documented limits, as request steps.
fn checks(api: &Api, m: &Member) -> Vec<TokenStream> {
    let f = m.field;
    let wire = &f.wire;
    let place = &m.place();
    let mut out = Vec::new();
    if let Some(values) = api.closed_enum(&f.ty) {
        let allowed = values.iter().map(|v| v.wire.as_str()).collect::<Vec<_>>().join(", ");
        let known = match (m.optional, f.presence() == Presence::OptionalNullable) {
            (_, true) => quote!(#place.as_ref().and_then(|v| v.as_ref()).is_none_or(|v| v.is_known())),
            (true, false) => quote!(#place.as_ref().is_none_or(|v| v.is_known())),
            (false, false) => quote!(#place.is_known()),
        };
        out.push(quote!(.check_one_of(#wire, #known, #allowed)));
    }
    if let Some(values) = match &f.ty {
        Ty::Array(inner) if !f.nullable => api.closed_enum(inner),
        _ => None,
    } {
        let allowed = values.iter().map(|v| v.wire.as_str()).collect::<Vec<_>>().join(", ");
        let known = if m.optional {
            quote!(#place.as_ref().is_none_or(|vs| vs.iter().all(|v| v.is_known())))
        } else {
            quote!(#place.iter().all(|v| v.is_known()))
        };
        out.push(quote!(.check_one_of(#wire, #known, #allowed)));
    }
    let limits = f.limits();
    if f.ty == Ty::Integer && (limits.min.is_some() || limits.max.is_some()) {
        let value = if m.optional { quote!(#place) } else { quote!(Some(#place)) };
        let value = if f.presence() == Presence::OptionalNullable { quote!(#place.flatten()) } else { value };
        let min = opt_i64(limits.min);
        let max = opt_i64(limits.max);
        out.push(quote!(.check_range(#wire, #value, #min, #max)));
    }
    if let (Some(max), Ty::Array(_)) = (limits.max_items, &f.ty) {
        let max = Literal::usize_unsuffixed(usize::try_from(max).unwrap_or(usize::MAX));
        let value = match (m.optional, f.presence() == Presence::OptionalNullable) {
            (_, true) => quote!(#place.as_ref().and_then(|v| v.as_deref())),
            (true, false) => quote!(#place.as_deref()),
            (false, false) => quote!(Some(#place.as_slice())),
        };
        out.push(quote!(.check_max_items(#wire, #value, #max)));
    }
    out
}

fn opt_i64(v: Option<i64>) -> TokenStream {
    match v {
        Some(n) => {
            let n = Literal::i64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    }
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
                Some(d) => text.push_str(&format!("\n- HTTP {}: {}", e.status, d.trim())),
                None => {
                    for c in &e.codes {
                        text.push_str(&format!("\n- HTTP {}, code `{}`: {}", e.status, c.code, c.meanings.join(" / ")));
                    }
                }
            }
        }
    }
    text
}

fn pagination(
    api: &Api,
    op: &Operation,
    p: &Pagination,
    builder: &proc_macro2::Ident,
    error: &proc_macro2::Ident,
) -> TokenStream {
    let types = quote!(super::types::);
    let item = base_ty(&p.item, api, &types);
    let page = match &op.main_response().kind {
        ResponseKind::Json(t) => base_ty(&Ty::Named(t.clone()), api, &types),
        _ => quote!(()),
    };
    let items_field = format_ident!("{}", p.items_field.rust);
    let token_field = format_ident!("{}", p.token_field.rust);
    let token_param = format_ident!("{}", p.token_param.rust);
    let items =
        if p.items_optional { quote!(page.#items_field.unwrap_or_default()) } else { quote!(page.#items_field) };
    let token = if p.token_optional { quote!(page.#token_field) } else { quote!(Some(page.#token_field)) };
    quote! {
        impl #builder {
            /// Every item of every page, as a stream. Pages are fetched as the
            /// stream is polled, following the next-page token until it is empty.
            pub fn into_stream(self) -> impl crate::runtime::Stream<Item = Result<#item, crate::runtime::Error<#error>>> {
                crate::runtime::paginate(
                    self,
                    Self::send,
                    |page: #page| (#items, #token),
                    |request, token| request.#token_param(token),
                )
            }
        }
    }
}

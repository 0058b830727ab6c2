//! `<api>/mock.rs`: the API's typed mock server, one method per operation
//! taking the operation's path parameters and answering with its success
//! type or its error enum (the runtime's `mock` module does the rest).
//! Written as formatted text: it is one flat list of short methods.

use std::fmt::Write as _;

use proc_macro2::Literal;

use super::text::{self, doc, INDENT, TYPES};
use crate::model::*;

/// The module's text, after the file header, into `out`.
pub(super) fn mock_rs(api: &Api, out: &mut String) {
    let title = &api.title;
    for line in [
        // An inner doc of a module declared by a macro resolves `super` from the crate root: the path is absolute.
        format!(
            "//! Typed mocks of {title}, for the tests of code that uses its [client](crate::{}::Client): a local",
            api.rust
        ),
        "//! server that answers each operation with a value of its success type or one of its errors.".to_owned(),
        "//!".to_owned(),
        "//! Compiled with the `mock` feature of `specgen-runtime` (the client crate's `mock` feature).".to_owned(),
    ] {
        out.push_str(&line);
        out.push('\n');
    }
    doc(
        out,
        0,
        &format!(
            "A local server on 127.0.0.1 that answers as {title} does, once told what to answer: \
             one method per operation, taking its path parameters.\n\n\
             Its other methods (`uri`, `verify`, `reset`, `wiremock`) are those of \
             [`runtime::mock::MockServer`](crate::runtime::mock::MockServer)."
        ),
    );
    out.push_str("#[derive(Debug)]\npub struct MockServer {\n    inner: crate::runtime::mock::MockServer,\n}\n");
    out.push_str("impl MockServer {\n");
    out.push_str(
        "    /// Starts the server; it stops when dropped, checking every expectation set with `times`.\n\
         \x20   pub async fn start() -> Self {\n\
         \x20       MockServer {\n\
         \x20           inner: crate::runtime::mock::MockServer::start(&super::API).await,\n\
         \x20       }\n\
         \x20   }\n\
         \x20   /// A client with every server of the API at this mock, a test token and no retries.\n\
         \x20   pub fn client(&self) -> Result<super::Client, crate::runtime::BuildError> {\n\
         \x20       self.inner.client_builder().build()\n\
         \x20   }\n\
         \x20   /// The configuration [`client`](Self::client) builds, to change before building.\n\
         \x20   pub fn client_builder(&self) -> super::ClientBuilder {\n\
         \x20       self.inner.client_builder()\n\
         \x20   }\n",
    );
    for (i, group) in api.groups.iter().enumerate() {
        let mut cfg = String::new();
        if let Some(features) = api.features_for(&[i]) {
            text::cfg_any(&mut cfg, 1, &features);
        }
        for op in &group.operations {
            operation(out, api, group, op, &cfg);
        }
    }
    out.push_str("}\n");
    out.push_str(
        "impl std::ops::Deref for MockServer {\n\
         \x20   type Target = crate::runtime::mock::MockServer;\n\
         \x20   fn deref(&self) -> &Self::Target {\n\
         \x20       &self.inner\n\
         \x20   }\n\
         }\n",
    );
}

/// The mock's value of the operation's main success response, and how the
/// runtime answers with it.
fn success(api: &Api, op: &Operation) -> (String, String) {
    let r = op.main_response();
    let status = r.status;
    match &r.kind {
        ResponseKind::Empty => ("()".to_owned(), format!("crate::runtime::mock::Success::empty({status})")),
        ResponseKind::Json(ty) => {
            (text::ty(api, &Ty::Named(*ty), TYPES), format!("crate::runtime::mock::Success::json({status})"))
        }
        ResponseKind::Text => (
            "String".to_owned(),
            format!("crate::runtime::mock::Success::text({status}, {})", Literal::string(r.sent_media_type())),
        ),
        ResponseKind::Binary => (
            "crate::runtime::Bytes".to_owned(),
            format!("crate::runtime::mock::Success::binary({status}, {})", Literal::string(r.sent_media_type())),
        ),
        ResponseKind::Events(events) => {
            let end = match &events.end_marker {
                Some(end) => format!("Some({})", Literal::string(end)),
                None => "None".to_owned(),
            };
            let success = match &events.lines {
                Some(media) => {
                    format!("crate::runtime::mock::Success::lines({status}, {}, {end})", Literal::string(media))
                }
                None => format!("crate::runtime::mock::Success::events({status}, {end})"),
            };
            (format!("Vec<{}>", text::ty(api, &Ty::Named(events.ty), TYPES)), success)
        }
    }
}

/// One operation's method, after `cfg`: the attribute that compiles it with
/// its group, or nothing.
fn operation(out: &mut String, api: &Api, group: &Group, op: &Operation, cfg: &str) {
    let (value, success) = success(api, op);
    doc(
        out,
        1,
        &format!(
            "Expects `{} {}`, what [`Client::{}`](super::Client::{}) sends; answer with \
             `returns(…)`{} or `fails(…)`.",
            op.method.as_str(),
            op.path,
            op.name,
            op.name,
            if op.pagination.is_some() { ", `pages(…)`" } else { "" }
        ),
    );
    out.push_str(cfg);
    let params: Vec<String> =
        op.path_params.iter().map(|f| format!("{}: {}", f.rust, text::arg_type(api, &f.ty, TYPES))).collect();
    // The JSON body's type, which `with_body` and `with_body_matching` take.
    let body = match &op.body {
        Body::JsonObject { ty, .. } | Body::JsonValue { ty } => format!(", {}", text::ty(api, &Ty::Named(*ty), TYPES)),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "{INDENT}pub fn {}(\n{INDENT}{INDENT}&self,{}\n{INDENT}) -> crate::runtime::mock::MockOperation<'_, {value}, super::{}::{}{body}> {{",
        op.name,
        params.iter().map(|p| format!("\n{INDENT}{INDENT}{p},")).collect::<String>(),
        group.module,
        op.error_enum()
    );
    let _ = write!(
        out,
        "{INDENT}{INDENT}self.inner\n{INDENT}{INDENT}{INDENT}.operation(crate::runtime::Method::{}, {}, {success})",
        op.method.as_str(),
        Literal::string(&op.path)
    );
    for f in &op.path_params {
        // `path_param` takes any `Display`: the conversion names its target.
        let value = if text::takes_into(&f.ty) {
            format!("Into::<{}>::into({})", text::ty(api, &f.ty, TYPES), f.rust)
        } else {
            f.rust.clone()
        };
        let _ = write!(out, "\n{INDENT}{INDENT}{INDENT}.path_param({}, {value})", Literal::string(&f.wire));
    }
    if let Some(p) = &op.pagination {
        let _ = write!(out, "\n{INDENT}{INDENT}{INDENT}.paged({})", paging_literal(p));
    }
    // The mock answers 401 to a request without the credentials required.
    if let Some(requirement) = &op.security {
        let _ = write!(out, "\n{INDENT}{INDENT}{INDENT}.requires({})", super::requirement_literal(requirement));
    }
    let _ = writeln!(out, "\n{INDENT}}}");
}

/// How the operation's pages link, for the mock's `pages`.
fn paging_literal(p: &Pagination) -> String {
    let s = |name: &Name| Literal::string(&name.wire).to_string();
    let style = match &p.kind {
        PageKind::Token { param, in_body, field, .. } => {
            format!("Token {{ param: {}, in_body: {in_body}, field: {} }}", s(param), s(field))
        }
        PageKind::Link => "Link".to_owned(),
        PageKind::NextUrl { field, .. } => format!("NextUrl {{ field: {} }}", s(field)),
        PageKind::Page { param, first, .. } => format!("Page {{ param: {}, first: {first} }}", s(param)),
        PageKind::Offset { param, .. } => format!("Offset {{ param: {} }}", s(param)),
    };
    let items = match &p.items_field {
        Some((items, _)) => format!("Some({})", s(items)),
        None => "None".to_owned(),
    };
    format!("crate::runtime::mock::Paging {{ style: crate::runtime::mock::PageStyle::{style}, items: {items} }}")
}

//! An operation's request builder, written as text: the struct, its setters,
//! `send` and `send_with_metadata` (one request chain, one step a line), the
//! enum of its success responses and the stream over its pages. The layout is
//! fixed and readable; group modules are not run through rustfmt.

use super::field_doc;
use super::text::{self, lit, Call, INDENT, INLINE, TYPES};
use crate::model::*;

/// What the builder stores for a member, and the expression reading it back.
struct Member<'f> {
    field: &'f Field,
    /// Whether it is a field of a JSON object body (`self.body.title`)
    /// rather than a member of its own (`self.clip_id`).
    in_body: bool,
    /// Whether it is a header of a multipart part: always set by a setter,
    /// required or not (a required one is checked when its part is sent).
    part_header: bool,
}

impl Member<'_> {
    /// Whether the stored value is an `Option`: a member of its own is one
    /// unless required; a body field as its presence says (a required
    /// nullable field is one too).
    fn optional(&self) -> bool {
        if self.part_header {
            true
        } else if self.in_body {
            self.field.presence().is_option()
        } else {
            !self.field.required
        }
    }

    /// Where the builder stores it.
    fn place(&self) -> String {
        if self.in_body {
            format!("self.body.{}", self.field.rust)
        } else {
            format!("self.{}", self.field.rust)
        }
    }
}

/// The builder of `op` with everything that belongs to it, after the group's
/// `impl Client` block.
pub(super) fn builder(api: &Api, op: &Operation, out: &mut String) {
    let (members, struct_fields) = members(api, op);
    let cloneable = match &op.body {
        Body::Form { fields, .. } => {
            !fields.iter().any(|f| matches!(f.form_part(&api.types), FormPart::File | FormPart::Files))
        }
        Body::Binary { .. } => false,
        _ => true,
    };
    let link = format!("[`Client::{}`](super::Client::{})", op.name, op.name);
    text::doc(
        out,
        0,
        &format!(
            "Request builder for {link}: {}\n\nSet optional values, then call [`send`](Self::send).",
            op.summary.trim()
        ),
    );
    out.push_str(if cloneable { "#[derive(Debug, Clone)]\n" } else { "#[derive(Debug)]\n" });
    out.push_str("#[must_use = \"a request does nothing until `.send().await`\"]\n");
    out.push_str(&format!("pub struct {} {{\n{INDENT}client: super::Client,\n", op.rust));
    for (name, ty) in &struct_fields {
        text::typed_line(out, 1, &format!("{name}: "), ty, ",", true);
    }
    let follows_urls = op.pagination.as_ref().is_some_and(|p| p.kind.follows_urls());
    if follows_urls {
        out.push_str(&format!("{INDENT}page_url: Option<String>,\n"));
    }
    out.push_str(&format!("}}\nimpl {} {{\n", op.rust));
    setters(api, op, &members, out);
    if let Body::Form { extra: Some(ty), .. } = &op.body {
        text::doc(
            out,
            1,
            "Adds a field under a name of the caller's, beyond the named ones (kept in order;\na name may repeat).",
        );
        out.push_str(INLINE);
        let params = [
            ("mut self".to_owned(), String::new()),
            ("name".to_owned(), "impl Into<String>".to_owned()),
            ("value".to_owned(), text::arg_type(api, ty, TYPES)),
        ];
        text::signature(out, 1, "pub fn extra_field", &params, "Self");
        let value = text::stored("value", ty);
        out.push_str(&format!("        self.extra_fields.push((name.into(), {value}));\n        self\n    }}\n"));
    }
    if follows_urls {
        text::doc(
            out,
            1,
            "Fetches the page at this URL, as a previous page named it (absolute, or a path on the\nserver's origin; another origin is refused), instead of the first.",
        );
        out.push_str(INLINE);
        out.push_str("    pub fn page_url(mut self, url: impl Into<String>) -> Self {\n        self.page_url = Some(url.into());\n        self\n    }\n");
    }
    text::doc(
        out,
        1,
        "Settings for this call alone (a timeout, a retry policy, extra headers or query\nparameters), on top of the client's.",
    );
    out.push_str(INLINE);
    out.push_str("    pub fn with_options(mut self, options: crate::runtime::CallOptions) -> Self {\n        self.client = self.client.with_options(options);\n        self\n    }\n");
    send(api, op, &members, out);
    out.push_str("}\n");
    if let Output::Variants { name } = &op.output {
        responses_enum(api, op, name, out);
    }
    if let Some(p) = &op.pagination {
        pagination(api, op, p, out);
    }
}

/// What the builder stores: path, query and header parameters, then the
/// body's fields (a JSON object body is one struct member, its fields reached
/// through it), with the struct's member declarations (name, type).
fn members<'o>(api: &Api, op: &'o Operation) -> (Vec<Member<'o>>, Vec<(String, String)>) {
    let mut members: Vec<Member> = Vec::new();
    let mut struct_fields = Vec::new();
    let mut own = |f: &'o Field, part_header: bool, members: &mut Vec<Member<'o>>| {
        let base = text::ty(api, &f.ty, TYPES);
        let optional = part_header || !f.required;
        struct_fields.push((f.rust.clone(), if optional { format!("Option<{base}>") } else { base }));
        members.push(Member { field: f, in_body: false, part_header });
    };
    for f in op.parameters() {
        own(f, false, &mut members);
    }
    match &op.body {
        Body::JsonObject { ty, fields } => {
            struct_fields.push(("body".to_owned(), text::ty(api, &Ty::Named(*ty), TYPES)));
            for f in fields.iter() {
                members.push(Member { field: f, in_body: true, part_header: false });
            }
        }
        Body::JsonValue { ty } | Body::FormValue { ty, .. } => {
            struct_fields.push(("body".to_owned(), text::ty(api, &Ty::Named(*ty), TYPES)));
        }
        Body::Form { fields, .. } => {
            for f in fields.iter() {
                own(f, false, &mut members);
                for h in f.part_headers.iter() {
                    own(h, true, &mut members);
                }
            }
        }
        Body::Binary { .. } => struct_fields.push(("body".to_owned(), "crate::runtime::FilePart".to_owned())),
        Body::None => {}
    }
    if let Body::Form { extra: Some(ty), .. } = &op.body {
        struct_fields.push(("extra_fields".to_owned(), format!("Vec<(String, {})>", text::ty(api, ty, TYPES))));
    }
    (members, struct_fields)
}

/// A setter for every optional value.
fn setters(api: &Api, op: &Operation, members: &[Member], out: &mut String) {
    for m in members.iter().filter(|m| m.part_header || !m.field.required) {
        let f = m.field;
        let conv = text::stored("value", &f.ty);
        let conv = if f.boxed { format!("Box::new({conv})") } else { conv };
        let value = if f.presence() == Presence::OptionalNullable && matches!(op.body, Body::JsonObject { .. }) {
            format!("Some(Some({conv}))")
        } else {
            format!("Some({conv})")
        };
        text::doc(out, 1, &field_doc(f));
        out.push_str(INLINE);
        let params = [("mut self".to_owned(), String::new()), ("value".to_owned(), text::arg_type(api, &f.ty, TYPES))];
        text::signature(out, 1, &format!("pub fn {}", f.rust), &params, "Self");
        out.push_str(&format!("        {} = {value};\n        self\n    }}\n", m.place()));
    }
}

/// `send`, and `send_with_metadata`, which builds the request and returns
/// the runtime's future that sends it and decodes the response. Neither is
/// an `async fn`: the state machine is the runtime's, compiled once.
fn send(api: &Api, op: &Operation, members: &[Member], out: &mut String) {
    let error = op.error_enum();
    let output = success_type(api, op);
    let mut statuses: Vec<String> = op.responses.iter().map(|r| r.status.to_string()).collect();
    let last = statuses.pop().unwrap_or_default();
    let statuses = if statuses.is_empty() { last } else { format!("{} or {last}", statuses.join(", ")) };
    text::doc(out, 1, &format!("Sends `{} {}` and decodes the {statuses} response.", op.method, op.path));
    out.push_str(INLINE);
    let result = future(&format!("Result<{output}, crate::runtime::Error<{error}>>"));
    text::signature(out, 1, "pub fn send", &[("self".to_owned(), String::new())], &result);
    out.push_str("        crate::runtime::value_only(self.send_with_metadata())\n    }\n");

    // A streamed download's body is its value; any other body is read first,
    // so that the metadata holds it too.
    let kept = if op.streams_response() { "the status and headers" } else { "the status, headers and raw body" };
    text::doc(out, 1, &format!("As [`send`](Self::send), keeping {kept} of the response beside the decoded value."));
    out.push_str(INLINE);
    let result = future(&format!("Result<crate::runtime::ResponseValue<{output}>, crate::runtime::Error<{error}>>"));
    text::signature(out, 1, "pub fn send_with_metadata", &[("self".to_owned(), String::new())], &result);
    let (form, steps) = request_steps(api, op, members);
    if let Some((builder, parts)) = form {
        let new = Call::new(format!("let form = crate::runtime::{builder}::new"), Vec::new());
        text::chain(out, 2, &new, &parts, ";");
    }
    let new = Call::new(
        "let request = crate::runtime::Request::new".to_owned(),
        vec![
            lit(&op.id),
            format!("crate::runtime::Method::{}", op.method.as_str()),
            op.server.to_string(),
            lit(&op.path),
        ],
    );
    text::chain(out, 2, &new, &steps, ";");
    let decode = decode(op, out);
    let call = Call::new("self.client.inner.call", vec!["request".to_owned(), streamed(op), decode]);
    call.write(out, 2, "");
    out.push_str("    }\n");
}

/// `impl Future<Output = …> + Send`: what `send` and `send_with_metadata` return.
fn future(output: &str) -> String {
    format!("impl std::future::Future<Output = {output}> + Send")
}

/// Which success bodies the runtime leaves unread, as streams: those of the
/// `binary` and event responses (a status not listed is decoded as the first response).
fn streamed(op: &Operation) -> String {
    if !op.streams_response() {
        return "crate::runtime::Streamed::None".to_owned();
    }
    let statuses = |streamed: bool| {
        let listed: Vec<String> =
            op.responses.iter().filter(|r| r.kind.is_streamed() == streamed).map(|r| r.status.to_string()).collect();
        listed.join(", ")
    };
    match op.responses.first().map(|r| &r.kind) {
        Some(first) if first.is_streamed() => match statuses(false) {
            read if read.is_empty() => "crate::runtime::Streamed::All".to_owned(),
            read => format!("crate::runtime::Streamed::AllBut(&[{read}])"),
        },
        _ => format!("crate::runtime::Streamed::Only(&[{}])", statuses(true)),
    }
}

/// What `send` returns.
fn success_type(api: &Api, op: &Operation) -> String {
    match &op.output {
        Output::Single => body_type(api, op.main_response()),
        Output::Optional => format!("Option<{}>", body_type(api, op.main_response())),
        Output::Variants { name } => name.clone(),
    }
}

/// The type of one response's body.
fn body_type(api: &Api, r: &Response) -> String {
    match &r.kind {
        ResponseKind::Empty => "()".to_owned(),
        ResponseKind::Json(t) => text::ty(api, &Ty::Named(*t), TYPES),
        ResponseKind::Binary => "crate::runtime::ByteStream".to_owned(),
        ResponseKind::Text => "String".to_owned(),
        ResponseKind::Events(events) => {
            format!("crate::runtime::EventStream<{}>", text::ty(api, &Ty::Named(events.ty), TYPES))
        }
    }
}

/// How the response becomes the value: the runtime's decoder of the one
/// response's body, or `decode`, a closure written into `out` that matches
/// on the status when there are several (the first response also takes any
/// 2xx status the spec does not list).
fn decode(op: &Operation, out: &mut String) -> String {
    // The runtime's decoder of one response's body, with its arguments.
    let method = |r: &Response| match &r.kind {
        ResponseKind::Empty => "decode_empty()".to_owned(),
        ResponseKind::Json(_) => "decode_json()".to_owned(),
        ResponseKind::Binary => "decode_stream()".to_owned(),
        ResponseKind::Text => "decode_text()".to_owned(),
        ResponseKind::Events(events) => {
            let decode = if events.lines.is_some() { "decode_lines" } else { "decode_events" };
            match &events.end_marker {
                Some(end) => format!("{decode}(Some({}))", lit(end)),
                None => format!("{decode}(None)"),
            }
        }
    };
    // Decodes one response's body and passes it to `wrap` (`Some`, an enum
    // variant); an empty body gives `empty` instead.
    let decode = |r: &Response, wrap: &str, empty: &str| match &r.kind {
        ResponseKind::Empty => format!("response.decode_empty().map(|()| {empty})"),
        _ => format!("response.{}.map({wrap})", method(r)),
    };
    let arms: Vec<(u16, String)> = match &op.output {
        Output::Single => {
            let method = method(op.main_response());
            return match method.strip_suffix("()") {
                Some(plain) => format!("crate::runtime::Response::{plain}"),
                None => format!("|response: crate::runtime::Response| response.{method}"),
            };
        }
        Output::Optional => op.responses.iter().map(|r| (r.status, decode(r, "Some", "None"))).collect(),
        Output::Variants { name } => op
            .responses
            .iter()
            .map(|r| {
                let variant = format!("{name}::{}", r.variant);
                (r.status, decode(r, &variant, &variant))
            })
            .collect(),
    };
    out.push_str("        let decode = |response: crate::runtime::Response| match response.status() {\n");
    let mut arms = arms.into_iter();
    let fallback = arms.next().map(|(_, e)| e).unwrap_or_default();
    for (status, e) in arms {
        out.push_str(&format!("            {status} => {e},\n"));
    }
    out.push_str(&format!("            _ => {fallback},\n        }};\n"));
    "decode".to_owned()
}

/// The enum of an operation's success responses, one variant per status.
fn responses_enum(api: &Api, op: &Operation, name: &str, out: &mut String) {
    text::doc(
        out,
        0,
        &format!(
            "The success responses of [`Client::{}`](super::Client::{}): one variant per documented status. \
             A 2xx status the spec does not list is decoded as the first.",
            op.name, op.name
        ),
    );
    out.push_str(if op.streams_response() { "#[derive(Debug)]\n" } else { "#[derive(Debug, Clone)]\n" });
    out.push_str(&format!("pub enum {name} {{\n"));
    for r in &op.responses {
        text::doc(out, 1, &format!("{}: {}", r.status, r.doc.trim()));
        match r.kind {
            ResponseKind::Empty => out.push_str(&format!("{INDENT}{},\n", r.variant)),
            _ => text::typed_line(out, 1, &format!("{}(", r.variant), &body_type(api, r), "),", true),
        }
    }
    out.push_str("}\n");
}

/// The request's steps: path, query and header values, the checks of
/// documented limits, and the body, with the multipart or URL-encoded form's
/// builder and parts when the body is a form.
fn request_steps(api: &Api, op: &Operation, members: &[Member]) -> (Option<(&'static str, Vec<Call>)>, Vec<Call>) {
    let mut steps = Vec::new();
    for f in &op.path_params {
        steps.push(Call::new(".path_param", vec![lit(&f.wire), by_ref(&f.ty, &format!("self.{}", f.rust))]));
    }
    for f in &op.query {
        let (wire, place) = (lit(&f.wire), format!("self.{}", f.rust));
        let delimiter = match f.style.delimiter() {
            Some(d) => format!("Some({})", lit(d)),
            None => "None".to_owned(),
        };
        let deep = (f.style == ParamStyle::DeepObject).to_string();
        let text = is_text(&api.types, &f.ty);
        steps.push(match (&f.ty, f.required) {
            _ if f.style == ParamStyle::Json => match f.required {
                true => Call::new(".query_json", vec![wire, format!("&{place}")]),
                false => Call::new(".query_json_opt", vec![wire, format!("{place}.as_ref()")]),
            },
            (Ty::Array(_), true) => Call::new(".query_list", vec![wire, format!("&{place}"), delimiter]),
            (Ty::Array(_), false) => Call::new(".query_list_opt", vec![wire, format!("{place}.as_deref()"), delimiter]),
            (_, true) if !text => Call::new(".query_object", vec![wire, format!("&{place}"), deep]),
            (_, false) if !text => Call::new(".query_object_opt", vec![wire, format!("{place}.as_ref()"), deep]),
            (_, true) => Call::new(".query", vec![wire, by_ref(&f.ty, &place)]),
            (_, false) => Call::new(".query_opt", vec![wire, format!("{place}.as_ref()")]),
        });
    }
    for f in &op.headers {
        let (wire, place) = (lit(&f.wire.to_ascii_lowercase()), format!("self.{}", f.rust));
        steps.push(match (&f.ty, f.required) {
            (Ty::Array(_), true) => Call::new(".header_list", vec![wire, format!("&{place}")]),
            (Ty::Array(_), false) => Call::new(".header_list_opt", vec![wire, format!("{place}.as_deref()")]),
            (_, true) => Call::new(".header", vec![wire, by_ref(&f.ty, &place)]),
            (_, false) => Call::new(".header_opt", vec![wire, format!("{place}.as_ref()")]),
        });
    }
    for f in &op.cookies {
        let (wire, place) = (lit(&f.wire), format!("self.{}", f.rust));
        steps.push(if f.required {
            Call::new(".cookie", vec![wire, by_ref(&f.ty, &place)])
        } else {
            Call::new(".cookie_opt", vec![wire, format!("{place}.as_ref()")])
        });
    }
    for m in members {
        checks(api, m, &mut steps);
    }
    if op.keep_auth_on_redirect {
        steps.push(Call::new(".keep_auth_on_redirect", Vec::new()));
    }
    if op.pagination.as_ref().is_some_and(|p| p.kind.follows_urls()) {
        steps.push(Call::new(".page_url", vec!["self.page_url.as_ref()".to_owned()]));
    }
    if let Some(requirement) = &op.security {
        steps.push(Call::new(".security", vec![super::requirement_literal(requirement)]));
    }
    steps.push(Call::new(".header", vec![lit("accept"), lit(&op.accept())]));
    if let Some(events) = op.events() {
        if events.resumable {
            steps.push(Call::new(".resumable", Vec::new()));
        }
    }
    let mut form = None;
    match &op.body {
        Body::JsonObject { ty, .. } | Body::JsonValue { ty } => {
            // The body's limits at every depth (its own fields' among them).
            if api.named_type(*ty).checked {
                steps.push(Call::new(".check_limits", vec![lit(""), "&self.body".to_owned()]));
            }
            steps.push(Call::new(".json", vec!["&self.body".to_owned()]));
        }
        Body::FormValue { ty, encoding } => {
            if api.named_type(*ty).checked {
                steps.push(Call::new(".check_limits", vec![lit(""), "&self.body".to_owned()]));
            }
            let (builder, step) = form_runtime(*encoding);
            form = Some((builder, vec![Call::new(".fields_of", vec!["&self.body".to_owned()])]));
            steps.push(Call::new(step, vec!["form".to_owned()]));
        }
        Body::Form { fields, encoding, extra } => {
            let mut parts: Vec<Call> = fields
                .iter()
                .flat_map(|f| {
                    let (wire, place) = (lit(&f.wire), format!("self.{}", f.rust));
                    let max = match f.limits().max_size {
                        Some(n) => format!("Some({n})"),
                        None => "None".to_owned(),
                    };
                    let exts: Vec<String> = f.limits().file_types.iter().map(|e| lit(e)).collect();
                    let exts = format!("&[{}]", exts.join(", "));
                    let part = match (f.form_part(&api.types), f.required) {
                        (FormPart::File, true) => Call::new(".file", vec![wire, place, max, exts]),
                        (FormPart::File, false) => Call::new(".file_opt", vec![wire, place, max, exts]),
                        (FormPart::Files, true) => Call::new(".files", vec![wire, place, max, exts]),
                        (FormPart::Files, false) => {
                            Call::new(".files", vec![wire, format!("{place}.unwrap_or_default()"), max, exts])
                        }
                        (FormPart::Texts, true) => Call::new(".texts", vec![wire, format!("&{place}")]),
                        (FormPart::Texts, false) => {
                            Call::new(".texts", vec![wire, format!("{place}.as_deref().unwrap_or_default()")])
                        }
                        (FormPart::Json, true) => Call::new(".json", vec![wire, format!("&{place}")]),
                        (FormPart::Json, false) => Call::new(".json_opt", vec![wire, format!("{place}.as_ref()")]),
                        (FormPart::Text, true) => Call::new(".text", vec![wire, by_ref(&f.ty, &place)]),
                        (FormPart::Text, false) => Call::new(".text_opt", vec![wire, format!("{place}.as_ref()")]),
                    };
                    // The part's documented headers, set on it once it is added.
                    let headers = f.part_headers.iter().map(|h| {
                        let args = vec![
                            lit(&f.wire),
                            lit(&h.wire.to_ascii_lowercase()),
                            format!("self.{}.as_ref()", h.rust),
                            h.required.to_string(),
                        ];
                        Call::new(".part_header", args)
                    });
                    // The part's media type, when the spec names one.
                    let media = f
                        .limits()
                        .content_type
                        .as_deref()
                        .map(|m| Call::new(".content_type", vec![lit(&f.wire), lit(m)]));
                    std::iter::once(part).chain(headers).chain(media).collect::<Vec<_>>()
                })
                .collect();
            // The caller's fields, after the named ones.
            if let Some(ty) = extra {
                let method = match FormPart::of(ty, &api.types) {
                    FormPart::Text => ".extra_texts",
                    _ => ".extra_json",
                };
                parts.push(Call::new(method, vec!["&self.extra_fields".to_owned()]));
            }
            let (builder, step) = form_runtime(*encoding);
            form = Some((builder, parts));
            steps.push(Call::new(step, vec!["form".to_owned()]));
        }
        Body::Binary { media_type } => steps.push(Call::new(".binary", vec!["self.body".to_owned(), lit(media_type)])),
        Body::None => {}
    }
    (form, steps)
}

/// The runtime's builder of a form sent this way, and the request step that takes it.
fn form_runtime(encoding: FormEncoding) -> (&'static str, &'static str) {
    match encoding {
        FormEncoding::Multipart => ("Multipart", ".multipart"),
        FormEncoding::UrlEncoded => ("UrlEncoded", ".form"),
    }
}

/// Copy values are passed as they are, others by reference.
fn by_ref(ty: &Ty, place: &str) -> String {
    match ty {
        Ty::Integer | Ty::Number | Ty::Boolean => place.to_owned(),
        _ => format!("&{place}"),
    }
}

/// Client-side checks of documented limits, as request steps: a
/// parameter's or form field's own, and those of the values in it. A JSON
/// body's fields are checked with the body.
fn checks(api: &Api, m: &Member, steps: &mut Vec<Call>) {
    let f = m.field;
    if m.in_body {
        return;
    }
    let wire = lit(&f.wire);
    let place = m.place();
    let optional_nullable = f.presence() == Presence::OptionalNullable;
    let allowed = |values: &[EnumValue]| lit(&values.iter().map(|v| v.wire.as_str()).collect::<Vec<_>>().join(", "));
    if let Some(values) = api.closed_enum(&f.ty) {
        let known = match (m.optional(), optional_nullable) {
            (_, true) => format!("{place}.as_ref().and_then(|v| v.as_ref()).is_none_or(|v| v.is_known())"),
            (true, false) => format!("{place}.as_ref().is_none_or(|v| v.is_known())"),
            (false, false) => format!("{place}.is_known()"),
        };
        steps.push(Call::new(".check_one_of", vec![wire.clone(), known, allowed(values)]));
    }
    if let Some(values) = match &f.ty {
        Ty::Array(inner) if !f.nullable => api.closed_enum(inner),
        _ => None,
    } {
        let known = if m.optional() {
            format!("{place}.as_ref().is_none_or(|vs| vs.iter().all(|v| v.is_known()))")
        } else {
            format!("{place}.iter().all(|v| v.is_known())")
        };
        steps.push(Call::new(".check_one_of", vec![wire.clone(), known, allowed(values)]));
    }
    let limits = f.limits();
    let opt = |v: Option<i64>| v.map_or_else(|| "None".to_owned(), |n| format!("Some({n})"));
    if f.ty == Ty::Integer && (limits.min.is_some() || limits.max.is_some()) {
        let value = match (m.optional(), optional_nullable) {
            (_, true) => format!("{place}.flatten()"),
            (true, false) => place.clone(),
            (false, false) => format!("Some({place})"),
        };
        steps.push(Call::new(".check_range", vec![wire.clone(), value, opt(limits.min), opt(limits.max)]));
    }
    if matches!(f.ty, Ty::Array(_)) && (limits.min_items.is_some() || limits.max_items.is_some()) {
        let value = match (m.optional(), optional_nullable) {
            (_, true) => format!("{place}.as_ref().and_then(|v| v.as_deref())"),
            (true, false) => format!("{place}.as_deref()"),
            (false, false) => format!("Some({place}.as_slice())"),
        };
        steps.push(Call::new(
            ".check_item_count",
            vec![wire.clone(), value, text::count(limits.min_items), text::count(limits.max_items)],
        ));
    }
    if matches!(f.ty, Ty::Map(_)) {
        let value = match (m.optional(), optional_nullable) {
            (_, true) => format!("{place}.as_ref().and_then(|v| v.as_ref())"),
            (true, false) => format!("{place}.as_ref()"),
            (false, false) => format!("Some(&{place})"),
        };
        if limits.min_items.is_some() || limits.max_items.is_some() {
            let args = vec![wire.clone(), value.clone(), text::count(limits.min_items), text::count(limits.max_items)];
            steps.push(Call::new(".check_entry_count", args));
        }
        if let Some(keys) = &limits.keys {
            let pattern = text::opt_lit(keys.pattern.as_deref());
            let args = vec![wire.clone(), value, pattern, text::count(keys.min_length), text::count(keys.max_length)];
            steps.push(Call::new(".check_keys", args));
        }
    }
    // Objects and unions in the value: their limits at every depth (a closed
    // enum, or a list of them, is checked above).
    let enums_only = |ty: &Ty| match ty {
        Ty::Array(inner) => !f.nullable && api.closed_enum(inner).is_some(),
        ty => api.closed_enum(ty).is_some(),
    };
    if api.is_checked(&f.ty) && !enums_only(&f.ty) {
        steps.push(Call::new(".check_limits", vec![wire, format!("&{place}")]));
    }
}

/// `into_stream`: every item of every page, each style's next page named
/// by the `split` closure given to the runtime's `paginate`.
fn pagination(api: &Api, op: &Operation, p: &Pagination, out: &mut String) {
    let item = text::ty(api, &p.item, TYPES);
    let page = match &op.main_response().kind {
        ResponseKind::Json(t) => text::ty(api, &Ty::Named(*t), TYPES),
        _ => "()".to_owned(),
    };
    // A field read as an `Option`: a null one is as good as a missing one.
    let read = |(name, presence): &(Name, Presence), or: &str| match presence {
        Presence::Required => format!("Some(page.{})", name.rust),
        Presence::Optional | Presence::Nullable => format!("page.{}{or}", name.rust),
        Presence::OptionalNullable => format!("page.{}.flatten(){or}", name.rust),
    };
    let items = match &p.items_field {
        Some((name, Presence::Required)) => format!("page.{}", name.rust),
        Some(field) => format!("{}.unwrap_or_default()", read(field, "")),
        None => "page".to_owned(),
    };
    // How the next page is named, read from the page (and the request that
    // asked for it), and set on the next request.
    let (fetch, split, with_token, how) = match &p.kind {
        PageKind::Token { param, field, presence, .. } => (
            "Self::send",
            format!(
                "|_, page: {page}| {{ let next = {}.filter(|t| !t.is_empty()); ({items}, next) }}",
                read(&(field.clone(), *presence), "")
            ),
            format!("|request, token| request.{}(token)", param.rust),
            "following the next-page token until it is empty",
        ),
        PageKind::NextUrl { field, presence } => (
            "Self::send",
            format!(
                "|_, page: {page}| {{ let next = {}.filter(|t| !t.is_empty()); ({items}, next) }}",
                read(&(field.clone(), *presence), "")
            ),
            "|request, url| request.page_url(url)".to_owned(),
            "following the URL each page names until there is none",
        ),
        PageKind::Link => (
            "Self::send_with_metadata",
            format!(
                "|_, page: crate::runtime::ResponseValue<{page}>| {{ let next = crate::runtime::next_link(page.headers()); let page = page.into_value(); ({items}, next) }}"
            ),
            "|request, url| request.page_url(url)".to_owned(),
            "following each response's `Link: <…>; rel=\"next\"` header",
        ),
        PageKind::Page { param, first, total } => {
            let within = match total {
                Some(t) => format!(".filter(|n| {}.is_none_or(|total| *n <= total))", read(t, "")),
                None => String::new(),
            };
            (
                "Self::send",
                format!(
                    "|request: &Self, page: {page}| {{ let number = request.{}.unwrap_or({first}).saturating_add(1); let next = Some(number){within}; let items = {items}; let next = next.filter(|_| !items.is_empty()); (items, next) }}",
                    param.rust
                ),
                format!("|request, number| request.{}(number)", param.rust),
                "asking for the next page number until a page is empty (or the last by the count)",
            )
        }
        PageKind::Offset { param, total } => {
            let within = match total {
                Some(t) => format!(".filter(|n| {}.is_none_or(|total| *n < total))", read(t, "")),
                None => String::new(),
            };
            (
                "Self::send",
                format!(
                    "|request: &Self, page: {page}| {{ let items = {items}; let count = i64::try_from(items.len()).unwrap_or(i64::MAX); let next = Some(request.{}.unwrap_or(0).saturating_add(count)){within}.filter(|_| !items.is_empty()); (items, next) }}",
                    param.rust
                ),
                format!("|request, offset| request.{}(offset)", param.rust),
                "moving the offset past each page's items until a page is empty (or the count is reached)",
            )
        }
    };
    out.push_str(&format!("impl {} {{\n", op.rust));
    text::doc(
        out,
        1,
        &format!(
            "Every item of every page, as a stream. Pages are fetched as the\nstream is polled, {how},\nwithin the client's [page limits](crate::runtime::PageLimits)."
        ),
    );
    let stream =
        format!("impl crate::runtime::Stream<Item = Result<{item}, crate::runtime::Error<{}>>>", op.error_enum());
    out.push_str(INLINE);
    text::signature(out, 1, "pub fn into_stream", &[("self".to_owned(), String::new())], &stream);
    out.push_str(
        "        let limits = self.client.inner.page_limits();
        self.into_stream_with(limits)
    }
",
    );
    text::doc(out, 1, "As [`into_stream`](Self::into_stream), within these bounds instead of the client's.");
    out.push_str(INLINE);
    let params = [("self".to_owned(), String::new()), ("limits".to_owned(), "crate::runtime::PageLimits".to_owned())];
    text::signature(out, 1, "pub fn into_stream_with", &params, &stream);
    let paginate = Call::new(
        "crate::runtime::paginate",
        vec!["self".to_owned(), "limits".to_owned(), fetch.to_owned(), split, with_token],
    );
    paginate.write(out, 2, "");
    out.push_str("    }\n}\n");
}

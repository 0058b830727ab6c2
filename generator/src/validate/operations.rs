//! Operations, checked and lowered: method, server, path, parameters, body,
//! success responses, errors and pagination.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use indexmap::IndexMap;

use super::rules::{code_variant, is_http_token, is_media_type, placeholders, set_variant, status_variant};
use super::{Checker, Ctx, Keep, Place, RESERVED_GROUPS, RESERVED_OPERATIONS};
use crate::diag::did_you_mean;
use crate::ident::{camel, snake, type_name};
use crate::load::SourceFile;
use crate::model::*;
use crate::spec::{self, ErrorsAtStatus};

impl Checker<'_> {
    /// A group file: its name, and its operations, each named once in the
    /// API (`op_names`: operation → file) and each with Rust items of its own.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn group<'f>(
        &mut self,
        (group_name, gfile, group): &'f (String, SourceFile, spec::GroupFile),
        ops: &mut dyn Iterator<Item = (String, Box<spec::OperationSpec>)>,
        spec: &spec::ApiFile,
        common: &BTreeMap<StatusSet, ErrorStatus>,
        ctx: &Ctx,
        types: &[NamedType],
        op_names: &mut HashMap<String, &'f SourceFile>,
    ) -> Group {
        if crate::ident::is_keyword(group_name) {
            self.err_hint(
                gfile,
                "operations",
                format!("a group file cannot be named `{group_name}`: `{group_name}` is a reserved word in Rust, and the file's name is its module's"),
                Some(format!("rename the file, e.g. `{group_name}_ops.yaml`")),
            );
        } else if snake(group_name) != *group_name {
            self.err_hint(
                gfile,
                "operations",
                format!("group file name `{group_name}` is not a snake_case identifier"),
                Some(format!("the file's name is its module's: rename it `{}.yaml`", snake(group_name))),
            );
        } else if RESERVED_GROUPS.contains(&group_name.as_str()) {
            self.err_hint(
                gfile,
                "operations",
                format!("a group file cannot be named `{group_name}`: the API's `{group_name}.rs` is generated"),
                Some(format!("rename the file; reserved: {}", RESERVED_GROUPS.join(", "))),
            );
        }
        let mut operations = Vec::new();
        let mut items: HashMap<String, String> = HashMap::new();
        for (op_name, op) in ops {
            let path = format!("operations.{op_name}");
            if let Some(first) = op_names.insert(op_name.clone(), gfile) {
                let at = first.place(&path);
                self.err_hint(
                    gfile,
                    &path,
                    format!("operation `{op_name}` is already defined at {at}"),
                    Some(format!("operation names are the API's methods, one per name: rename one of the two, or remove the copy at {at}")),
                );
            }
            let Some(op) = self.operation(gfile, &path, &op_name, &op, spec, common, ctx, types) else { continue };
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
            self.operations += 1;
            // A check keeps no operation: each goes once it is checked.
            if self.keep == Keep::Everything {
                operations.push(op);
            }
        }
        Group {
            module: group_name.clone(),
            doc: group.doc.clone(),
            file: gfile.name.clone(),
            feature: group_feature(&spec.feature, group_name),
            operations,
        }
    }

    /// Parses an `errors:` map (status → sentence or codes).
    pub(super) fn errors(
        &mut self,
        file: &SourceFile,
        path: &str,
        specs: &IndexMap<String, ErrorsAtStatus>,
        ctx: &Ctx,
    ) -> BTreeMap<StatusSet, ErrorStatus> {
        let mut out = BTreeMap::new();
        for (status, entry) in specs {
            let spath = format!("{path}.{status}");
            let set = match status.as_str() {
                "4XX" | "4xx" => StatusSet::Class(4),
                "5XX" | "5xx" => StatusSet::Class(5),
                "default" => StatusSet::Default,
                _ => {
                    let Some(code) = self.status(file, &spath, status) else { continue };
                    if code < 400 {
                        self.err_hint(
                            file,
                            &spath,
                            format!("`{status}` is not an error status (4xx or 5xx)"),
                            Some("an error key is a status from 400 to 599, `4XX`, `5XX` or `default`".to_owned()),
                        );
                        continue;
                    }
                    StatusSet::Exact(code)
                }
            };
            let no_codes = IndexMap::new();
            let (doc, codes, body) = match entry {
                ErrorsAtStatus::Doc(doc) => (Some(doc.clone()), &no_codes, None),
                ErrorsAtStatus::Codes(codes) => (None, &**codes, None),
                ErrorsAtStatus::Typed(typed) => {
                    let body = match ctx.id(&typed.body) {
                        Some(id) => Some(id),
                        None => {
                            self.undefined(file, &format!("{spath}.body"), &typed.body, ctx);
                            None
                        }
                    };
                    // Without codes the status is one variant, its doc the status's name if none is given.
                    let doc = match (&typed.doc, typed.codes.is_empty()) {
                        (Some(doc), _) => Some(doc.clone()),
                        (None, true) => Some(format!("{}.", set.http())),
                        (None, false) => None,
                    };
                    (doc, &typed.codes, body)
                }
            };
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
            // An empty map of codes documents nothing (codes the importer found elsewhere).
            let variant = (list.is_empty() && !matches!(entry, ErrorsAtStatus::Codes(_))).then(|| set_variant(set));
            let doc = if list.is_empty() { doc } else { None };
            let errors = ErrorStatus { status: set, doc, variant, codes: list, body };
            out.insert(set, errors);
        }
        out
    }

    pub(super) fn status(&mut self, file: &SourceFile, path: &str, status: &str) -> Option<u16> {
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
    pub(super) fn operation(
        &mut self,
        file: &SourceFile,
        path: &str,
        name: &str,
        op: &spec::OperationSpec,
        api: &spec::ApiFile,
        common: &BTreeMap<StatusSet, ErrorStatus>,
        ctx: &Ctx,
        types: &[NamedType],
    ) -> Option<Operation> {
        let before = self.diags.len();
        self.operation_name(file, path, name);
        let method = self.method(file, path, &op.method);
        let server = self.server(file, path, op.server.as_deref(), api);

        let path_params = self.path_params(file, path, op, ctx);
        let query = self.fields(file, &format!("{path}.query"), &op.query, Place::Query, ctx);
        let headers = self.fields(file, &format!("{path}.headers"), &op.headers, Place::Header, ctx);
        for h in &op.headers {
            if !is_http_token(h.0) {
                self.err(file, &format!("{path}.headers.{}", h.0), format!("`{}` is not a valid header name", h.0));
            }
        }
        let cookies = self.fields(file, &format!("{path}.cookies"), &op.cookies, Place::Cookie, ctx);
        for c in &op.cookies {
            // A cookie name is an HTTP token (RFC 6265).
            if !is_http_token(c.0) {
                self.err(file, &format!("{path}.cookies.{}", c.0), format!("`{}` is not a valid cookie name", c.0));
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
            self.err(file, &format!("{path}.pagination"), "pagination needs one kind of success response (JSON)");
        }

        let errors = self.operation_errors(file, path, &op.errors, common, ctx);

        if let Some(url) = op.docs_url.as_deref().filter(|u| !u.starts_with("https://")) {
            self.err(file, &format!("{path}.docs_url"), format!("`{url}` must use https"));
        }
        let labels = api.rate_limits.as_ref().map(|r| &r.labels).filter(|l| !l.is_empty());
        if let (Some(label), Some(labels)) = (&op.rate_limit, labels) {
            if !labels.contains_key(label) {
                let known: Vec<&str> = labels.keys().map(String::as_str).collect();
                self.err_hint(
                    file,
                    &format!("{path}.rate_limit"),
                    format!("`{label}` is not a label of the API's `rate_limits`"),
                    Some(format!("write one of {}", known.join(", "))),
                );
            }
        }
        if op.keep_auth_on_redirect && api.hosts.is_empty() {
            self.err_hint(
                file,
                &format!("{path}.keep_auth_on_redirect"),
                "`keep_auth_on_redirect` needs the API's `hosts` in api.yaml",
                Some("list the hosts the token may be sent to, such as `*.zoom.us`".to_owned()),
            );
        }
        let pagination = op.pagination.as_deref().zip(main_response(&responses)).and_then(|(p, response)| {
            self.pagination(file, &format!("{path}.pagination"), p, &query, body.fields(), response, types)
        });

        self.member_names(file, path, name, [&path_params, &query, &headers, &cookies, body.fields()]);

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
            cookies,
            body,
            body_doc: op.body.as_ref().and_then(|b| b.doc.clone()),
            responses,
            output,
            errors: errors.into_values().collect(),
            scopes: op.scopes.clone(),
            security: self.requirement(file, &format!("{path}.security"), op.security.as_ref(), api),
            granular_scopes: op.granular_scopes.clone(),
            rate_limit: op.rate_limit.clone(),
            docs_url: op.docs_url.clone(),
            pagination,
            keep_auth_on_redirect: op.keep_auth_on_redirect,
        })
    }

    /// Operation names must be snake_case and not one the client uses itself.
    pub(super) fn operation_name(&mut self, file: &SourceFile, path: &str, name: &str) {
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
    pub(super) fn method(&mut self, file: &SourceFile, path: &str, written: &str) -> Option<Method> {
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
    pub(super) fn server(&mut self, file: &SourceFile, path: &str, server: Option<&str>, api: &spec::ApiFile) -> usize {
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
    pub(super) fn path_params(
        &mut self,
        file: &SourceFile,
        path: &str,
        op: &spec::OperationSpec,
        ctx: &Ctx,
    ) -> Vec<Field> {
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
    pub(super) fn responses(
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
            let kind = match (r.body.as_deref(), &r.events) {
                (Some(_), Some(_)) => {
                    self.err_hint(
                        file,
                        &format!("{rpath}.events"),
                        "a response has `body` or `events`, not both",
                        Some("an operation whose API answers with JSON or events (by a request field) is two operations on one path".to_owned()),
                    );
                    ResponseKind::Empty
                }
                (None, Some(t)) => match ctx.id(t) {
                    Some(ty) => {
                        // Another media type than the default is one of JSON lines.
                        let lines = r.media_type.clone().filter(|m| m != "text/event-stream");
                        if let Some(m) = lines.as_ref().filter(|m| !is_json_lines(m)) {
                            self.err_hint(
                                file,
                                &format!("{rpath}.media_type"),
                                format!("`{m}` is neither `text/event-stream` nor a media type of JSON lines"),
                                Some(
                                    "events come as `text/event-stream` (the default) or one JSON value a line, \
                                      `application/x-ndjson` or `application/jsonl`"
                                        .to_owned(),
                                ),
                            );
                        }
                        if lines.is_some() && r.resumable {
                            self.err(
                                file,
                                &format!("{rpath}.resumable"),
                                "a stream of JSON lines names no event to go on after: `resumable` applies to \
                                 `text/event-stream`",
                            );
                        }
                        ResponseKind::Events(Events {
                            ty,
                            end_marker: r.end_marker.clone(),
                            resumable: r.resumable,
                            lines,
                        })
                    }
                    None => {
                        self.undefined(file, &format!("{rpath}.events"), t, ctx);
                        ResponseKind::Empty
                    }
                },
                (body, None) => self.response_body(file, &rpath, body, ctx),
            };
            if r.events.is_none() {
                for (key, set) in [("end_marker", r.end_marker.is_some()), ("resumable", r.resumable)] {
                    if set {
                        self.err(file, &format!("{rpath}.{key}"), format!("`{key}` applies to `events:`"));
                    }
                }
            }
            if let Some(end) = &r.end_marker {
                if end.is_empty() || end.contains(['\n', '\r']) {
                    self.err(
                        file,
                        &format!("{rpath}.end_marker"),
                        "an end marker is one line of event data, not empty",
                    );
                }
            }
            if let Some(media_type) = r.media_type.as_ref().filter(|_| r.events.is_none()) {
                if !matches!(kind, ResponseKind::Binary | ResponseKind::Text) {
                    self.err(
                        file,
                        &format!("{rpath}.media_type"),
                        "`media_type` applies to `body: binary`, `body: text` and `events:`",
                    );
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

    /// What a response's `body:` is.
    fn response_body(&mut self, file: &SourceFile, rpath: &str, body: Option<&str>, ctx: &Ctx) -> ResponseKind {
        match body {
            None => ResponseKind::Empty,
            Some("binary") => ResponseKind::Binary,
            Some("text") => ResponseKind::Text,
            Some(t) => match ctx.id(t) {
                Some(id) => ResponseKind::Json(id),
                None => {
                    self.undefined(file, &format!("{rpath}.body"), t, ctx);
                    ResponseKind::Empty
                }
            },
        }
    }

    /// The API's common errors with the operation's own: codes of a status
    /// merged, and every error variant named once.
    pub(super) fn operation_errors(
        &mut self,
        file: &SourceFile,
        path: &str,
        own: &IndexMap<String, ErrorsAtStatus>,
        common: &BTreeMap<StatusSet, ErrorStatus>,
        ctx: &Ctx,
    ) -> BTreeMap<StatusSet, ErrorStatus> {
        let mut errors = common.clone();
        for (status, own) in self.errors(file, &format!("{path}.errors"), own, ctx) {
            match errors.get_mut(&status) {
                Some(existing) if !own.codes.is_empty() && !existing.codes.is_empty() => {
                    existing.codes.retain(|c| !own.codes.iter().any(|o| o.code == c.code));
                    existing.codes.extend(own.codes);
                    existing.body = own.body.or(existing.body);
                }
                _ => {
                    errors.insert(status, own);
                }
            }
        }
        // Every error variant needs its own name: codes, status-only variants and `Other`.
        let mut seen: HashMap<String, (Option<StatusSet>, String)> = HashMap::new();
        seen.insert("Other".to_owned(), (None, "the catch-all `Other`".to_owned()));
        for e in errors.values() {
            let named = e.variant.iter().map(|v| (v.clone(), format!("status {}", e.status), e.status.to_string()));
            let codes = e
                .codes
                .iter()
                .map(|c| (c.variant.clone(), format!("code `{}`", c.code), format!("{}.{}", e.status, c.code)));
            for (variant, what, key) in named.chain(codes).collect::<Vec<_>>() {
                if let Some((status, other)) = seen.insert(variant.clone(), (Some(e.status), what.clone())) {
                    let message = match status {
                        Some(status) if status != e.status && what.starts_with("code") && other.starts_with("code") => {
                            format!("{what} is documented under both {status} and {}", e.status)
                        }
                        _ => format!("{what} and {other} both become the error variant `{variant}`"),
                    };
                    self.err(file, &format!("{path}.errors.{key}"), message);
                }
            }
        }
        errors
    }

    /// Everything the builder holds must have a distinct Rust name.
    pub(super) fn member_names(&mut self, file: &SourceFile, path: &str, name: &str, groups: [&[Field]; 5]) {
        let mut members: HashMap<String, String> = HashMap::new();
        let part_headers = groups[4].iter().flat_map(|f| f.part_headers.iter());
        for f in groups.into_iter().flatten().chain(part_headers) {
            if BUILDER_MEMBERS.contains(&f.rust.as_str()) {
                self.err(
                    file,
                    path,
                    format!(
                        "`{}` would be named `{}` in Rust, a name the request builder of `{name}` has for itself",
                        f.wire, f.rust
                    ),
                );
            } else if members.insert(f.rust.clone(), f.wire.clone()).is_some() {
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

    pub(super) fn body(
        &mut self,
        file: &SourceFile,
        path: &str,
        b: &spec::BodySpec,
        ctx: &Ctx,
        types: &[NamedType],
    ) -> Body {
        if b.whole && b.json.is_none() {
            self.err(file, &format!("{path}.whole"), "`whole` applies to `json` bodies");
        }
        if b.extra.is_some() && b.multipart.is_none() && b.form.is_none() {
            self.err_hint(
                file,
                &format!("{path}.extra"),
                "`extra` applies to `multipart` and `form` bodies",
                Some("a JSON body with extra keys is an object type with `extra`".to_owned()),
            );
        }
        let forms = [(&b.multipart, FormEncoding::Multipart, "multipart"), (&b.form, FormEncoding::UrlEncoded, "form")];
        let values = [
            (&b.multipart_of, FormEncoding::Multipart, "multipart_of"),
            (&b.form_of, FormEncoding::UrlEncoded, "form_of"),
        ];
        let given = usize::from(b.json.is_some())
            + usize::from(b.binary.is_some())
            + forms.iter().filter(|(f, _, _)| f.is_some()).count()
            + values.iter().filter(|(v, _, _)| v.is_some()).count();
        if given != 1 {
            self.err(
                file,
                path,
                "a body is one of `json: Type`, `multipart: { fields }`, `form: { fields }`, `multipart_of: Type`, \
                 `form_of: Type` or `binary: media/type`",
            );
            return Body::None;
        }
        if let Some((Some(name), encoding, key)) = values.into_iter().find(|(v, _, _)| v.is_some()) {
            let Some(ty) = ctx.id(name) else {
                self.undefined(file, &format!("{path}.{key}"), name, ctx);
                return Body::None;
            };
            if !keyed(types, &Ty::Named(ty), 0) {
                self.err_hint(
                    file,
                    &format!("{path}.{key}"),
                    format!("a value of `{name}` is not always a JSON object, whose keys a form sends as its fields"),
                    Some("a form's value is an object, a map, or a union of them".to_owned()),
                );
            }
            return Body::FormValue { ty, encoding };
        }
        if let Some(json) = &b.json {
            let Some(ty) = ctx.id(json) else {
                self.undefined(file, &format!("{path}.json"), json, ctx);
                return Body::None;
            };
            return match &types[ty.0].kind {
                // An object with extra keys is passed whole, extras and all.
                TypeKind::Object(fields) if !b.whole && types[ty.0].extra.is_none() => {
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
        // Extra fields are values under the caller's names: never files,
        // which a form names for what they are.
        let extra = b.extra.as_deref().and_then(|extra| {
            let at = format!("{path}.extra");
            if extra == "file" {
                let hint = "a file is a named `type: file` field of a `multipart` body".to_owned();
                self.err_hint(file, &at, "extra fields hold values, not files", Some(hint));
                return None;
            }
            Some(self.ty(file, &at, extra, None, Place::Field, ctx))
        });
        if form.is_empty() && b.extra.is_none() {
            self.err_hint(
                file,
                &fpath,
                format!("a `{key}` body needs at least one field"),
                Some("a form of fields named by the caller says `extra: <type>` beside it".to_owned()),
            );
        }
        let fields: Arc<[Field]> = self.fields(file, &fpath, form, Place::Form, ctx).into();
        if encoding == FormEncoding::UrlEncoded {
            for f in fields.iter().filter(|f| f.limits().content_type.is_some()) {
                self.err_hint(
                    file,
                    &format!("{fpath}.{}.content_type", f.wire),
                    "a URL-encoded field has no media type of its own",
                    Some("send it in a `multipart` body".to_owned()),
                );
            }
            for f in fields.iter().filter(|f| !f.part_headers.is_empty()) {
                self.err_hint(
                    file,
                    &format!("{fpath}.{}.headers", f.wire),
                    "a URL-encoded field has no headers of its own",
                    Some("send it in a `multipart` body".to_owned()),
                );
            }
            for f in fields.iter() {
                // Structured values go by their keys (`k[a]=1`).
                let what = match f.form_part(types) {
                    FormPart::Text | FormPart::Texts | FormPart::Json => continue,
                    FormPart::File | FormPart::Files => "a file",
                };
                self.err_hint(
                    file,
                    &format!("{fpath}.{}", f.wire),
                    format!("a URL-encoded form cannot send {what}"),
                    Some("send it in a `multipart` body".to_owned()),
                );
            }
        }
        Body::Form { fields, encoding, extra }
    }

    /// The operation's pagination, each name resolved: the style's
    /// parameter among the query parameters (a token also among the JSON
    /// body's fields), its response fields in the response object, and the
    /// items (that object's array field, or the response itself when it is
    /// an array).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn pagination(
        &mut self,
        file: &SourceFile,
        path: &str,
        p: &spec::PaginationSpec,
        query: &[Field],
        body: &[Field],
        response: &Response,
        types: &[NamedType],
    ) -> Option<Pagination> {
        let before = self.diags.len();
        let style = p.style.as_deref().unwrap_or("token");
        const STYLES: [&str; 5] = ["token", "link", "next_url", "page", "offset"];
        if !STYLES.contains(&style) {
            self.err_hint(
                file,
                &format!("{path}.style"),
                format!("`{style}` is not a pagination style"),
                Some(format!("write one of {}", STYLES.join(", "))),
            );
            return None;
        }
        // Each key belongs to some styles only.
        let keys: [(&str, bool, &[&str]); 7] = [
            ("token_param", p.token_param.is_some(), &["token"]),
            ("token_field", p.token_field.is_some(), &["token"]),
            ("next_field", p.next_field.is_some(), &["next_url"]),
            ("page_param", p.page_param.is_some(), &["page"]),
            ("first_page", p.first_page.is_some(), &["page"]),
            ("offset_param", p.offset_param.is_some(), &["offset"]),
            ("total_field", p.total_field.is_some(), &["page", "offset"]),
        ];
        for (key, given, styles) in keys {
            if given && !styles.contains(&style) {
                self.err(file, &format!("{path}.{key}"), format!("`{key}` is not a key of the `{style}` style"));
            }
        }
        let Some(TypeId(t)) = (match &response.kind {
            ResponseKind::Json(t) => Some(*t),
            _ => None,
        }) else {
            self.err(file, path, "pagination needs a JSON response");
            return None;
        };
        let empty: &[Field] = &[];
        let (fields, whole) = match &types[t].kind {
            TypeKind::Object(fields) => (&fields[..], None),
            TypeKind::Alias(Ty::Array(item)) => (empty, Some((**item).clone())),
            _ => (empty, None),
        };
        let mut field =
            |key: &str, name: &Option<String>, wanted: fn(&Ty) -> bool, what: &str| -> Option<(Name, Presence)> {
                let name = name.as_deref()?;
                match fields.iter().find(|f| f.wire == name && wanted(&f.ty)) {
                    Some(f) => Some((Name::of(f), f.presence())),
                    None => {
                        self.err(file, &format!("{path}.{key}"), format!("the response has no {what} field `{name}`"));
                        None
                    }
                }
            };
        let items = field("items", &p.items, |t| matches!(t, Ty::Array(_)), "array");
        let total = field("total_field", &p.total_field, |t| *t == Ty::Integer, "integer");
        let token_field = field("token_field", &p.token_field, |t| *t == Ty::String, "string");
        let next_field = field("next_field", &p.next_field, |t| *t == Ty::String, "string");
        let item = match (&items, &p.items, whole) {
            (Some((name, _)), _, _) => match &fields.iter().find(|f| f.wire == name.wire).map(|f| &f.ty) {
                Some(Ty::Array(item)) => Some((**item).clone()),
                _ => None,
            },
            (None, None, Some(item)) => Some(item),
            (None, None, None) => {
                self.err_hint(
                    file,
                    &format!("{path}.items"),
                    "the response is not an array: name its array field of items",
                    Some("write `items: <field>`".to_owned()),
                );
                None
            }
            (None, Some(_), _) => None,
        };
        let mut param = |key: &str, name: &Option<String>, in_body: bool, integer: bool| -> Option<Name> {
            let Some(name) = name.as_deref() else {
                self.err(file, path, format!("the `{style}` style needs `{key}`"));
                return None;
            };
            let found = query.iter().chain(body.iter().filter(|_| in_body)).find(|q| q.wire == name);
            match found {
                // The first page is asked for without it.
                Some(f) if f.required => {
                    self.err_hint(
                        file,
                        &format!("{path}.{key}"),
                        format!("`{name}` is required, but the first page is asked for without it"),
                        Some(format!("make `{name}` optional")),
                    );
                    None
                }
                Some(f) if !integer || f.ty == Ty::Integer => Some(Name::of(f)),
                Some(_) => {
                    self.err(file, &format!("{path}.{key}"), format!("`{name}` must be an integer parameter"));
                    None
                }
                None => {
                    let place = if in_body { "a query parameter or body field" } else { "a query parameter" };
                    self.err(file, &format!("{path}.{key}"), format!("`{name}` is not {place} of this operation"));
                    None
                }
            }
        };
        let kind = match style {
            "token" => {
                let param = param("token_param", &p.token_param, true, false);
                if p.token_field.is_none() {
                    self.err(file, path, "the `token` style needs `token_field`");
                }
                let (field, presence) = token_field?;
                let param = param?;
                let in_body = !query.iter().any(|q| q.wire == param.wire);
                PageKind::Token { param, in_body, field, presence }
            }
            "link" => PageKind::Link,
            "next_url" => {
                if p.next_field.is_none() {
                    self.err(file, path, "the `next_url` style needs `next_field`");
                }
                let (field, presence) = next_field?;
                PageKind::NextUrl { field, presence }
            }
            "page" => PageKind::Page {
                param: param("page_param", &p.page_param, false, true)?,
                first: p.first_page.unwrap_or(1),
                total,
            },
            _ => PageKind::Offset { param: param("offset_param", &p.offset_param, false, true)?, total },
        };
        if kind.follows_urls() && query.iter().chain(body).any(|f| f.rust == "page_url") {
            self.err(file, path, "a parameter named `page_url` clashes with the setter of the next page's URL");
        }
        if self.diags.len() > before {
            return None;
        }
        Some(Pagination { kind, items_field: items, item: item? })
    }
}

/// What `send` returns, from the success responses: one type, an `Option`
/// when some responses are empty, or an enum of them.
pub(super) fn output(responses: &[Response], name: &str) -> Output {
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

/// Whether values of `ty` are JSON objects, whose keys a form sends as its
/// fields: objects, maps, and unions and aliases of them.
fn keyed(types: &[NamedType], ty: &Ty, depth: usize) -> bool {
    match ty {
        Ty::Map(_) => true,
        // Validation refuses alias cycles; the depth bound only keeps this total.
        Ty::Named(id) if depth < 64 => match types.get(id.0).map(|t| &t.kind) {
            Some(TypeKind::Object(_)) => true,
            Some(TypeKind::Alias(target)) => keyed(types, target, depth + 1),
            Some(TypeKind::OneOf(members, _)) => members.iter().all(|m| keyed(types, m, depth + 1)),
            _ => false,
        },
        _ => false,
    }
}

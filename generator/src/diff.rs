//! `specgen diff`: what a vendor's OpenAPI documents say that a spec lacks
//! or contradicts, operation by operation.
//!
//! The documents go through [`import`](crate::import) into a model of their
//! own, so both sides are compared as the generator reads them: operations
//! are matched by method and path (placeholder names aside), and their
//! parameters, bodies, responses and errors by wire name, through named
//! types of any depth. Type names may differ freely; shapes may not.
//!
//! ```no_run
//! let report = specgen::diff::Diff::new("spec").document("openapi/clips.json").run()?;
//! print!("{report}");
//! # Ok::<(), specgen::diff::DiffError>(())
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::import::{ImportError, Importer};
use crate::model::{Api, Body, EnumValue, Events, Field, Method, Operation, ResponseKind, Ty, TypeId, TypeKind};

/// Why a comparison could not be made.
#[derive(Debug)]
pub enum DiffError {
    /// The spec folder does not pass `specgen check`.
    Spec(crate::Error),
    /// A document cannot be imported.
    Import(ImportError),
    /// Which of the spec's APIs the documents describe is not clear.
    Api(String),
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffError::Spec(e) => write!(f, "the spec does not pass `specgen check`:\n{e}"),
            DiffError::Import(e) => write!(f, "{e}"),
            DiffError::Api(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for DiffError {}

/// A comparison of a spec folder with documents.
#[derive(Debug, Clone)]
pub struct Diff {
    spec_dir: PathBuf,
    /// The documents, read as an import reads them.
    importer: Importer,
    api: Option<String>,
}

impl Diff {
    /// A comparison of the spec folder `spec_dir`.
    pub fn new(spec_dir: impl AsRef<Path>) -> Self {
        Diff { spec_dir: spec_dir.as_ref().to_path_buf(), importer: Importer::new("document"), api: None }
    }

    /// Adds a document (JSON or YAML, OpenAPI 3.0 or 3.1).
    pub fn document(mut self, path: impl AsRef<Path>) -> Self {
        self.importer = self.importer.document(path);
        self
    }

    /// The spec's API the documents describe. Without it, the API whose
    /// servers share a host with the documents' (or the only API).
    pub fn api(mut self, api: impl Into<String>) -> Self {
        self.api = Some(api.into());
        self
    }

    /// Reads documents despite `$ref`s that point nowhere, as
    /// [`Importer::skip_broken_refs`] does.
    pub fn skip_broken_refs(mut self, skip: bool) -> Self {
        self.importer = self.importer.skip_broken_refs(skip);
        self
    }

    /// Reads references to URLs under `prefix` from `dir`, as
    /// [`Importer::ref_map`] does.
    pub fn ref_map(mut self, prefix: impl Into<String>, dir: impl Into<std::path::PathBuf>) -> Self {
        self.importer = self.importer.ref_map(prefix, dir);
        self
    }

    /// Checks the spec, imports the documents and compares them.
    pub fn run(&self) -> Result<Report, DiffError> {
        let spec = crate::Generator::new(&self.spec_dir).check().map_err(DiffError::Spec)?;
        let imported = self.importer.import().map_err(DiffError::Import)?;
        let Some(document) = imported.model.apis.first() else {
            return Err(DiffError::Import(ImportError::Nothing));
        };
        let api = match &self.api {
            Some(name) => spec.apis.iter().find(|a| &a.module == name).ok_or_else(|| {
                let names: Vec<&str> = spec.apis.iter().map(|a| a.module.as_str()).collect();
                DiffError::Api(format!("the spec has no API `{name}`; it has {}", names.join(", ")))
            })?,
            None => described_api(&spec.apis, document)?,
        };
        Ok(compare(api, document))
    }
}

/// The API among `apis` whose servers share a host with the document's, or
/// the only one.
fn described_api<'m>(apis: &'m [Api], document: &Api) -> Result<&'m Api, DiffError> {
    let hosts: HashSet<&str> = document.servers.iter().map(|s| host(&s.url)).collect();
    let matching: Vec<&Api> = apis.iter().filter(|a| a.servers.iter().any(|s| hosts.contains(host(&s.url)))).collect();
    match (matching.as_slice(), apis) {
        ([one], _) => Ok(one),
        ([], [one]) => Ok(one),
        _ => {
            let names: Vec<&str> = apis.iter().map(|a| a.module.as_str()).collect();
            Err(DiffError::Api(format!(
                "cannot tell which API the documents describe ({}): name it with --api",
                names.join(", ")
            )))
        }
    }
}

/// A URL template's host (`api.zoom.us`, `{api-domain}`) and the path after
/// it (`/v2`, or empty).
fn split_url(url: &str) -> (&str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.find('/').map_or((rest, ""), |i| rest.split_at(i))
}

/// The host of a URL template.
fn host(url: &str) -> &str {
    split_url(url).0
}

/// What was found, operation by operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The spec's API compared (`zoom`).
    pub api: String,
    /// The default server, when the two sides disagree on it: the spec's,
    /// then the documents'. Operations are reported for a server of their
    /// own only when theirs differ otherwise.
    pub server: Option<(String, String)>,
    /// Operations found on both sides.
    pub compared: usize,
    /// The compared operations that differ, in the document's order.
    pub operations: Vec<OperationDiff>,
    /// Operations in the documents that the spec lacks.
    pub missing: Vec<Endpoint>,
    /// Operations of the spec's API that the documents lack.
    pub only_in_spec: Vec<Endpoint>,
}

impl Report {
    /// Whether the documents say nothing the spec lacks or contradicts.
    pub fn is_clean(&self) -> bool {
        self.operations.is_empty() && self.missing.is_empty() && self.server.is_none()
    }

    /// Every finding, over all operations.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.operations.iter().flat_map(|o| &o.findings)
    }
}

/// An operation, as a line of the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The method.
    pub method: Method,
    /// The path template.
    pub path: String,
    /// The operation's name.
    pub name: String,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.method, self.path, self.name)
    }
}

/// The differences of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationDiff {
    /// The operation as the spec names it.
    pub spec: Endpoint,
    /// The operation's name in the documents.
    pub document_name: String,
    /// What differs.
    pub findings: Vec<Finding>,
}

/// One difference: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Where (`query parameter \`page_size\``, `response 200 field \`clips[].status\``).
    pub place: String,
    /// What.
    pub change: Change,
}

/// How the two sides differ at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The documents have it, the spec does not.
    Missing,
    /// The spec has it, the documents do not.
    OnlyInSpec,
    /// Both have it and disagree on one aspect (`type`, `required`, …).
    Differs {
        /// What they disagree on.
        aspect: &'static str,
        /// The spec's side.
        spec: String,
        /// The documents' side.
        document: String,
    },
    /// Enum values the documents list and the spec does not.
    MissingValues(Vec<String>),
    /// Enum values the spec lists and the documents do not.
    ExtraValues(Vec<String>),
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = &self.place;
        let list = |values: &[String]| values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
        match &self.change {
            Change::Missing => write!(f, "{place}: in the document, not in the spec"),
            Change::OnlyInSpec => write!(f, "{place}: in the spec, not in the document"),
            Change::Differs { aspect, spec, document } => {
                write!(f, "{place}: {aspect} is {spec} in the spec, {document} in the document")
            }
            Change::MissingValues(values) => write!(f, "{place}: values not in the spec: {}", list(values)),
            Change::ExtraValues(values) => write!(f, "{place}: values not in the document: {}", list(values)),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((spec, document)) = &self.server {
            writeln!(f, "the default server is `{spec}` in the spec, `{document}` in the document")?;
        }
        for op in &self.operations {
            writeln!(f, "{} (document: {})", op.spec, op.document_name)?;
            for finding in &op.findings {
                writeln!(f, "  {finding}")?;
            }
        }
        if !self.missing.is_empty() {
            writeln!(f, "in the document, not in the spec ({}):", self.missing.len())?;
            for e in &self.missing {
                writeln!(f, "  {e}")?;
            }
        }
        if !self.only_in_spec.is_empty() {
            writeln!(f, "in the spec, not in the document ({}):", self.only_in_spec.len())?;
            for e in &self.only_in_spec {
                writeln!(f, "  {e}")?;
            }
        }
        let findings = self.findings().count();
        writeln!(
            f,
            "{}: {} operations compared, {} differ ({findings} findings); {} only in the document, {} only in the spec",
            self.api,
            self.compared,
            self.operations.len(),
            self.missing.len(),
            self.only_in_spec.len()
        )
    }
}

/// Compares the spec's API with the API imported from documents.
///
/// Operations match by method and by the path under the server's host, with
/// placeholder names aside; failing that, with version segments (`v2`) aside
/// too, so that a spec of one version compares with documents of another
/// and a server that leaves the version out (`https://api.zoom.us/` for
/// `/v2`) still matches.
pub fn compare(spec: &Api, document: &Api) -> Report {
    let mut exact: HashMap<(Method, String), &Operation> = HashMap::new();
    let mut loose: HashMap<(Method, String), &Operation> = HashMap::new();
    for op in spec.groups.iter().flat_map(|g| &g.operations) {
        let path = full_path(spec, op);
        exact.entry((op.method, path_key(&path, false))).or_insert(op);
        loose.entry((op.method, path_key(&path, true))).or_insert(op);
    }
    let mut report = Report { api: spec.module.clone(), ..Report::default() };
    // Validation guarantees at least one server per API.
    let defaults = (&spec.servers[0].url, &document.servers[0].url);
    if defaults.0 != defaults.1 {
        report.server = Some((defaults.0.clone(), defaults.1.clone()));
    }
    let mut matched = HashSet::new();
    for d in document.groups.iter().flat_map(|g| &g.operations) {
        let path = full_path(document, d);
        let found =
            exact.get(&(d.method, path_key(&path, false))).or_else(|| loose.get(&(d.method, path_key(&path, true))));
        let Some(s) = found else {
            report.missing.push(endpoint(d));
            continue;
        };
        matched.insert((s.method, s.path.as_str()));
        report.compared += 1;
        let mut walk = Walk { spec, document, defaults, findings: Vec::new(), seen: HashSet::new() };
        walk.operation(s, d);
        if !walk.findings.is_empty() {
            report.operations.push(OperationDiff {
                spec: endpoint(s),
                document_name: d.id.clone(),
                findings: walk.findings,
            });
        }
    }
    for op in spec.groups.iter().flat_map(|g| &g.operations) {
        if !matched.contains(&(op.method, op.path.as_str())) {
            report.only_in_spec.push(endpoint(op));
        }
    }
    report
}

fn endpoint(op: &Operation) -> Endpoint {
    Endpoint { method: op.method, path: op.path.clone(), name: op.id.clone() }
}

/// The operation's path under its server's host (`/v2/clips`).
fn full_path(api: &Api, op: &Operation) -> String {
    format!("{}{}", split_url(&api.servers[op.server].url).1, op.path)
}

/// A path with its placeholders unnamed (`/users/{}/photos`), so that
/// `{userId}` and `{user_id}` match, and empty segments dropped; without
/// version segments (`v2`, `v1.1`) when `versionless`.
fn path_key(path: &str, versionless: bool) -> String {
    let mut key = String::with_capacity(path.len());
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if versionless && is_version(segment) {
            continue;
        }
        key.push('/');
        let mut in_placeholder = false;
        for c in segment.chars() {
            match c {
                '{' => {
                    in_placeholder = true;
                    key.push_str("{}");
                }
                '}' => in_placeholder = false,
                _ if in_placeholder => {}
                _ => key.push(c),
            }
        }
    }
    key
}

/// `v2`, `V1`, `v1.1`.
fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix(['v', 'V'])
        .is_some_and(|n| !n.is_empty() && n.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
}

/// Where a comparison is: naming the places of its findings.
#[derive(Clone, Copy)]
enum Scope<'a> {
    /// Parameters of a kind (`query parameter`).
    Param(&'a str),
    /// A body (`request`, `response 200`).
    Body(&'a str),
}

impl Scope<'_> {
    fn place(self, path: &str) -> String {
        match self {
            Scope::Param(kind) => format!("{kind} `{path}`"),
            Scope::Body(of) if path.is_empty() => format!("{of} body"),
            Scope::Body(of) => format!("{of} field `{path}`"),
        }
    }
}

/// The shape of a type once aliases are followed.
enum Shape<'m> {
    Primitive(&'static str),
    Array(&'m Ty),
    Map(&'m Ty),
    Object(TypeId, &'m [Field]),
    Enum(&'m [EnumValue]),
    Union(&'m [Ty]),
}

fn shape<'m>(api: &'m Api, mut ty: &'m Ty) -> Shape<'m> {
    // Validation refuses alias cycles; the bound only keeps this total.
    for _ in 0..64 {
        return match ty {
            Ty::String => Shape::Primitive("string"),
            Ty::Integer => Shape::Primitive("integer"),
            Ty::Number => Shape::Primitive("number"),
            Ty::Boolean => Shape::Primitive("boolean"),
            Ty::Any => Shape::Primitive("any JSON"),
            Ty::Null => Shape::Primitive("null"),
            Ty::File => Shape::Primitive("file"),
            // A date or time is a string on the wire: a spec that keeps it as one does not contradict.
            Ty::Temporal(_) => Shape::Primitive("string"),
            Ty::Array(item) => Shape::Array(item),
            Ty::Map(values) => Shape::Map(values),
            // Nullability is compared where the field says it.
            Ty::Nullable(inner) => {
                ty = inner;
                continue;
            }
            Ty::Named(id) => match &api.named_type(*id).kind {
                TypeKind::Object(fields) => Shape::Object(*id, fields),
                TypeKind::Enum { values, .. } => Shape::Enum(values),
                TypeKind::OneOf(members, _) => Shape::Union(members),
                TypeKind::Alias(target) => {
                    ty = target;
                    continue;
                }
            },
        };
    }
    Shape::Primitive("any JSON")
}

fn describe(api: &Api, ty: &Ty) -> String {
    match shape(api, ty) {
        Shape::Primitive(name) => name.to_owned(),
        Shape::Array(item) => format!("array of {}", describe(api, item)),
        Shape::Map(values) => format!("map of {}", describe(api, values)),
        Shape::Object(..) => "object".to_owned(),
        Shape::Enum(values) if values.len() <= 4 => {
            let values: Vec<String> = values.iter().map(|v| format!("`{}`", v.wire)).collect();
            format!("enum ({})", values.join(", "))
        }
        Shape::Enum(values) => format!("enum of {} values", values.len()),
        Shape::Union(members) => format!("union of {} types", members.len()),
    }
}

/// One operation's comparison.
struct Walk<'m> {
    spec: &'m Api,
    document: &'m Api,
    /// The default servers of the two sides, whose difference is reported once.
    defaults: (&'m String, &'m String),
    findings: Vec<Finding>,
    /// Object type pairs already compared, so recursive types end.
    seen: HashSet<(TypeId, TypeId)>,
}

impl<'m> Walk<'m> {
    fn push(&mut self, place: String, change: Change) {
        self.findings.push(Finding { place, change });
    }

    fn differs(&mut self, place: String, aspect: &'static str, spec: impl Into<String>, document: impl Into<String>) {
        self.push(place, Change::Differs { aspect, spec: spec.into(), document: document.into() });
    }

    fn operation(&mut self, s: &Operation, d: &Operation) {
        let (s_server, d_server) = (&self.spec.servers[s.server].url, &self.document.servers[d.server].url);
        if s_server != d_server && (s_server, d_server) != self.defaults {
            self.differs("the operation".to_owned(), "server", format!("`{s_server}`"), format!("`{d_server}`"));
        }
        if s.deprecated != d.deprecated {
            self.differs("the operation".to_owned(), "deprecated", yes_no(s.deprecated), yes_no(d.deprecated));
        }
        for (sp, dp) in s.path_params.iter().zip(&d.path_params) {
            self.ty(Scope::Param("path parameter"), &sp.wire, &sp.ty, &dp.ty);
        }
        self.fields(Scope::Param("query parameter"), "", &s.query, &d.query, false);
        self.fields(Scope::Param("header"), "", &s.headers, &d.headers, true);
        self.fields(Scope::Param("cookie"), "", &s.cookies, &d.cookies, false);
        self.body(&s.body, &d.body);
        self.responses(s, d);
        self.errors(s, d);
        self.labels("scope", &s.scopes, &d.scopes);
        self.labels("granular scope", &s.granular_scopes, &d.granular_scopes);
        let same = |a: &Option<String>, b: &Option<String>| {
            a.as_deref().map(str::to_lowercase) == b.as_deref().map(str::to_lowercase)
        };
        if d.rate_limit.is_some() && !same(&s.rate_limit, &d.rate_limit) {
            let label = |l: &Option<String>| l.as_ref().map_or("none".to_owned(), |l| format!("`{l}`"));
            self.differs("the operation".to_owned(), "rate limit", label(&s.rate_limit), label(&d.rate_limit));
        }
    }

    fn labels(&mut self, noun: &str, spec: &[String], document: &[String]) {
        for label in document.iter().filter(|l| !spec.contains(l)) {
            self.push(format!("{noun} `{label}`"), Change::Missing);
        }
        for label in spec.iter().filter(|l| !document.contains(l)) {
            self.push(format!("{noun} `{label}`"), Change::OnlyInSpec);
        }
    }

    fn body(&mut self, s: &Body, d: &Body) {
        // A type met again in another body is compared again: its
        // differences are at another place.
        self.seen.clear();
        let kind = |b: &Body| match b {
            Body::None => "none",
            Body::JsonObject { .. } | Body::JsonValue { .. } => "JSON",
            Body::Form { encoding, .. } | Body::FormValue { encoding, .. } => encoding.media_type(),
            Body::Binary { .. } => "binary",
        };
        match (s, d) {
            (Body::None, Body::None) | (Body::Binary { .. }, Body::Binary { .. }) => {}
            (
                Body::JsonObject { ty: s_ty, .. } | Body::JsonValue { ty: s_ty },
                Body::JsonObject { ty: d_ty, .. } | Body::JsonValue { ty: d_ty },
            ) => self.named(Scope::Body("request"), "", *s_ty, *d_ty),
            (Body::FormValue { ty: s_ty, encoding: a }, Body::FormValue { ty: d_ty, encoding: b }) if a == b => {
                self.named(Scope::Body("request"), "", *s_ty, *d_ty)
            }
            (
                Body::Form { fields: s_fields, encoding: a, extra: s_extra },
                Body::Form { fields: d_fields, encoding: b, extra: d_extra },
            ) if a == b => {
                let scope = Scope::Body("request");
                self.fields(scope, "", s_fields, d_fields, false);
                // The fields the caller names, beyond the listed ones.
                let place = "{extra}";
                match (s_extra, d_extra) {
                    (Some(s_ty), Some(d_ty)) => self.ty(scope, place, s_ty, d_ty),
                    (None, Some(_)) => self.push(scope.place(place), Change::Missing),
                    (Some(_), None) => self.push(scope.place(place), Change::OnlyInSpec),
                    (None, None) => {}
                }
            }
            _ => self.differs("request body".to_owned(), "kind", kind(s), kind(d)),
        }
    }

    fn responses(&mut self, s: &Operation, d: &Operation) {
        for dr in &d.responses {
            let of = format!("response {}", dr.status);
            let Some(sr) = s.responses.iter().find(|r| r.status == dr.status) else {
                self.push(of, Change::Missing);
                continue;
            };
            let kind = |k: &ResponseKind| match k {
                ResponseKind::Empty => "empty",
                ResponseKind::Json(_) => "JSON",
                ResponseKind::Binary => "binary",
                ResponseKind::Text => "text",
                ResponseKind::Events(_) => "events",
            };
            match (&sr.kind, &dr.kind) {
                (ResponseKind::Json(s_ty), ResponseKind::Json(d_ty))
                | (ResponseKind::Events(Events { ty: s_ty, .. }), ResponseKind::Events(Events { ty: d_ty, .. })) => {
                    self.seen.clear();
                    self.named(Scope::Body(&of), "", *s_ty, *d_ty)
                }
                (a, b) if kind(a) != kind(b) => self.differs(format!("{of} body"), "kind", kind(a), kind(b)),
                _ => {}
            }
        }
        for sr in s.responses.iter().filter(|sr| !d.responses.iter().any(|dr| dr.status == sr.status)) {
            self.push(format!("response {}", sr.status), Change::OnlyInSpec);
        }
    }

    /// Error statuses and codes the documents list; the spec may add its
    /// own (common errors, codes seen in practice) without a finding.
    fn errors(&mut self, s: &Operation, d: &Operation) {
        for de in &d.errors {
            let Some(se) = s.errors.iter().find(|e| e.status == de.status) else {
                self.push(format!("error status {}", de.status), Change::Missing);
                continue;
            };
            for code in &de.codes {
                if se.codes.iter().any(|c| c.code == code.code) {
                    continue;
                }
                let place = format!("error code `{}`", code.code);
                match s.errors.iter().find(|e| e.codes.iter().any(|c| c.code == code.code)) {
                    Some(other) => self.differs(place, "status", other.status.to_string(), de.status.to_string()),
                    None => self.push(format!("{place} (HTTP {})", de.status), Change::Missing),
                }
            }
        }
    }

    /// Fields (or parameters) matched by wire name.
    fn fields(&mut self, scope: Scope, prefix: &str, s: &[Field], d: &[Field], any_case: bool) {
        let same = |a: &str, b: &str| if any_case { a.eq_ignore_ascii_case(b) } else { a == b };
        for df in d {
            let path = format!("{prefix}{}", df.wire);
            let Some(sf) = s.iter().find(|f| same(&f.wire, &df.wire)) else {
                self.push(scope.place(&path), Change::Missing);
                continue;
            };
            if sf.required != df.required {
                let word = |r: bool| if r { "required" } else { "optional" };
                self.differs(scope.place(&path), "presence", word(sf.required), word(df.required));
            }
            if sf.nullable != df.nullable {
                self.differs(scope.place(&path), "nullable", yes_no(sf.nullable), yes_no(df.nullable));
            }
            self.ty(scope, &path, &sf.ty, &df.ty);
        }
        for sf in s.iter().filter(|sf| !d.iter().any(|df| same(&sf.wire, &df.wire))) {
            self.push(scope.place(&format!("{prefix}{}", sf.wire)), Change::OnlyInSpec);
        }
    }

    fn named(&mut self, scope: Scope, path: &str, s: TypeId, d: TypeId) {
        self.ty(scope, path, &Ty::Named(s), &Ty::Named(d));
    }

    fn ty(&mut self, scope: Scope, path: &str, s: &Ty, d: &Ty) {
        match (shape(self.spec, s), shape(self.document, d)) {
            (Shape::Primitive(a), Shape::Primitive(b)) if a == b => {}
            (Shape::Array(a), Shape::Array(b)) => self.ty(scope, &format!("{path}[]"), a, b),
            (Shape::Map(a), Shape::Map(b)) => self.ty(scope, &format!("{path}{{}}"), a, b),
            (Shape::Object(a, a_fields), Shape::Object(b, b_fields)) => {
                if self.seen.insert((a, b)) {
                    let prefix = if path.is_empty() { String::new() } else { format!("{path}.") };
                    self.fields(scope, &prefix, a_fields, b_fields, false);
                }
            }
            (Shape::Enum(a), Shape::Enum(b)) => {
                let missing: Vec<String> =
                    b.iter().filter(|v| !a.iter().any(|w| w.wire == v.wire)).map(|v| v.wire.clone()).collect();
                let extra: Vec<String> =
                    a.iter().filter(|v| !b.iter().any(|w| w.wire == v.wire)).map(|v| v.wire.clone()).collect();
                if !missing.is_empty() {
                    self.push(scope.place(path), Change::MissingValues(missing));
                }
                if !extra.is_empty() {
                    self.push(scope.place(path), Change::ExtraValues(extra));
                }
            }
            (Shape::Union(a), Shape::Union(b)) if a.len() == b.len() => {}
            _ => {
                let (a, b) = (describe(self.spec, s), describe(self.document, d));
                self.differs(scope.place(path), "type", a, b);
            }
        }
    }
}

fn yes_no(flag: bool) -> &'static str {
    if flag {
        "yes"
    } else {
        "no"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_match_whatever_their_names() {
        assert_eq!(path_key("/users/{userId}/clips/{clip_id}/", false), "/users/{}/clips/{}");
        assert_eq!(path_key("/", false), "");
        assert_eq!(path_key("//clips", false), "/clips");
    }

    #[test]
    fn version_segments_can_be_left_aside() {
        assert_eq!(path_key("/crm/v8/{module}/photo", true), "/crm/{}/photo");
        assert_eq!(path_key("/v1.1/a/v/v2x", true), "/a/v/v2x");
        assert_eq!(path_key("/crm/v8/x", false), "/crm/v8/x");
    }

    #[test]
    fn the_host_of_a_server() {
        assert_eq!(host("https://api.zoom.us/v2"), "api.zoom.us");
        assert_eq!(host("{api-domain}/crm/v8"), "{api-domain}");
    }
}

//! Stage 3: the validated model that every emitter reads.
//!
//! Names are resolved to Rust identifiers, references to types, and common
//! errors merged into each operation. Nothing here can be wrong in a way that
//! emission would discover: validation guarantees it.

/// Every API of a spec folder, sorted by name.
#[derive(Debug, Clone)]
pub struct Model {
    /// The APIs.
    pub apis: Vec<Api>,
}

impl Model {
    /// The spec folder as the file names in the model start with (`spec`).
    pub fn root(&self) -> &str {
        self.apis.first().and_then(|a| a.file.split('/').next()).unwrap_or("spec")
    }

    /// The number of operations over all APIs.
    pub fn operation_count(&self) -> usize {
        self.apis.iter().flat_map(|a| &a.groups).map(|g| g.operations.len()).sum()
    }
}

/// One API: a Rust module with its client and types.
#[derive(Debug, Clone)]
pub struct Api {
    /// The API's `api.yaml`, as named in diagnostics (`spec/zoom/api.yaml`).
    pub file: String,
    /// Module name (`zoom`): its folders and files are named so.
    pub module: String,
    /// The module as Rust code names it: `module`, or for a keyword its raw
    /// identifier (`r#box`).
    pub rust: String,
    /// Human title.
    pub title: String,
    /// Module docs.
    pub doc: String,
    /// Cargo feature.
    pub feature: String,
    /// Servers in spec order.
    pub servers: Vec<Server>,
    /// Hosts of the API, for redirects that keep the token.
    pub hosts: Vec<String>,
    /// Server variables.
    pub variables: Vec<Variable>,
    /// Auth header.
    pub auth_header: String,
    /// Auth prefix.
    pub auth_prefix: String,
    /// How to get a token.
    pub auth_doc: Option<String>,
    /// The OAuth token endpoint.
    pub token_url: Option<String>,
    /// The OAuth 2 flows that give the token, in spec order.
    pub oauth_flows: Vec<OAuthFlow>,
    /// An OpenID Connect discovery URL for the token.
    pub openid_connect: Option<String>,
    /// The security schemes besides the token.
    pub security_schemes: Vec<SecurityScheme>,
    /// What a call needs by default (scheme names, `token` the token);
    /// `None`: the token when the client has one.
    pub security: Option<Vec<Vec<String>>>,
    /// What the operations' rate-limit labels mean.
    pub rate_limits: Option<RateLimits>,
    /// Error body field holding the code.
    pub code_field: String,
    /// Whether codes are integers.
    pub integer_codes: bool,
    /// Error body field holding the message.
    pub message_field: String,
    /// Named types in spec order (api.yaml first, then group files); a
    /// [`TypeId`] is a position in it.
    pub types: Vec<NamedType>,
    /// Groups in file-name order.
    pub groups: Vec<Group>,
}

impl Api {
    /// The code as the API sends it when its codes are integers.
    pub fn int_code(&self, code: &ErrorCode) -> Option<i64> {
        if self.integer_codes {
            code.code.parse().ok()
        } else {
            None
        }
    }

    /// The named type a reference leads to.
    pub fn named_type(&self, id: TypeId) -> &NamedType {
        // Validation makes every reference in the model one to its own API's types.
        &self.types[id.0]
    }

    /// The named type called `name` in the spec.
    pub fn find_type(&self, name: &str) -> Option<&NamedType> {
        self.types.iter().find(|t| t.name == name)
    }

    /// Whether values of `ty` have documented limits to check before
    /// sending, at some depth (see [`NamedType::checked`]).
    pub fn is_checked(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(id) => self.named_type(*id).checked,
            Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => self.is_checked(inner),
            _ => false,
        }
    }

    /// The values of a closed enum type, which requests must stay within.
    pub fn closed_enum(&self, ty: &Ty) -> Option<&[EnumValue]> {
        let Ty::Named(id) = ty else { return None };
        match &self.named_type(*id).kind {
            TypeKind::Enum { values, open: false, .. } => Some(values),
            _ => None,
        }
    }

    /// The cargo features that compile an item serving the groups `used_by`
    /// (indices into [`Api::groups`]): the API's and each of those groups'.
    /// `None` when the item serves every group or none: it is compiled
    /// whenever the API's module is.
    pub fn features_for(&self, used_by: &[usize]) -> Option<Vec<&str>> {
        if used_by.is_empty() || used_by.len() == self.groups.len() {
            return None;
        }
        let groups = used_by.iter().filter_map(|&g| self.groups.get(g)).map(|g| g.feature.as_str());
        Some(std::iter::once(self.feature.as_str()).chain(groups).collect())
    }

    /// The cargo features that compile the API's module: its own and each group's.
    pub fn features(&self) -> Vec<&str> {
        std::iter::once(self.feature.as_str()).chain(self.groups.iter().map(|g| g.feature.as_str())).collect()
    }
}

/// A base URL.
#[derive(Debug, Clone)]
pub struct Server {
    /// Spec name (`default`, `files`).
    pub name: String,
    /// Variant name in the generated `Server` enum.
    pub variant: String,
    /// URL template.
    pub url: String,
}

/// A server variable.
#[derive(Debug, Clone)]
pub struct Variable {
    /// Placeholder name (`api-domain`).
    pub name: String,
    /// Setter name (`api_domain`).
    pub setter: String,
    /// Default value.
    pub default: String,
    /// Docs.
    pub doc: String,
    /// Documented values.
    pub values: Vec<String>,
}

/// A reference to a named type: its position in [`Api::types`], made by
/// validation alone, so it always leads to a type of the same API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub(crate) usize);

/// A named type.
#[derive(Debug, Clone)]
pub struct NamedType {
    /// Spec name.
    pub name: String,
    /// Rust name.
    pub rust: String,
    /// Docs.
    pub doc: String,
    /// Shape.
    pub kind: TypeKind,
    /// The spec's example value.
    pub example: Option<serde_json::Value>,
    /// For objects: the type of keys beyond the named fields, kept in a map.
    pub extra: Option<Ty>,
    /// For objects: the sets of fields of which a value needs one in full.
    pub requires: Option<FieldSets>,
    /// For unions: which members are boxed because they contain the union.
    pub boxed_members: Vec<bool>,
    /// Whether requests send it and its values have documented limits to
    /// check before sending, at some depth: a closed enum, a field with a
    /// range or a largest number of items, or a field, member or aliased type
    /// that leads to such a value.
    pub checked: bool,
    /// The groups (indices into [`Api::groups`]) whose operations use this
    /// type, directly or through other types, in group order; empty when it
    /// is compiled always (no operation uses it, or such a type leads to it).
    pub used_by: Vec<usize>,
}

/// Sets of an object's fields (wire names) of which a value needs one
/// present in full: at least one, or with `exactly_one` one and no other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSets {
    /// The sets, each of one field or more.
    pub sets: Vec<Vec<String>>,
    /// Whether a second set present in full is an error.
    pub exactly_one: bool,
}

impl FieldSets {
    /// What a value needs, for people: `` exactly one of `a`, `b` with `c` ``.
    pub fn describe(&self) -> String {
        let how = if self.exactly_one { "exactly one of" } else { "at least one of" };
        let sets: Vec<String> = self
            .sets
            .iter()
            .map(|set| set.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(" with "))
            .collect();
        format!("{how} {}", sets.join(", "))
    }

    /// The rule as a sentence of the docs.
    pub fn sentence(&self) -> String {
        format!("A value needs {} (checked before sending).", self.describe())
    }
}

impl NamedType {
    /// The named types this one refers to: its fields' (and extra keys'),
    /// its members', what it aliases.
    pub fn refers_to(&self) -> Box<dyn Iterator<Item = TypeId> + '_> {
        match &self.kind {
            TypeKind::Object(fields) => {
                Box::new(fields.iter().filter_map(|f| f.ty.named()).chain(self.extra.as_ref().and_then(Ty::named)))
            }
            TypeKind::OneOf(members, _) => Box::new(members.iter().filter_map(Ty::named)),
            TypeKind::Alias(ty) => Box::new(ty.named().into_iter()),
            TypeKind::Enum { .. } => Box::new(std::iter::empty()),
        }
    }

    /// The Rust name of the map that keeps an object's extra keys: `extra`,
    /// with underscores added while a field has that name.
    pub fn extra_field(&self) -> String {
        let mut name = "extra".to_owned();
        if let TypeKind::Object(fields) = &self.kind {
            while fields.iter().any(|f| f.rust == name) {
                name.push('_');
            }
        }
        name
    }
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A struct.
    Object(std::sync::Arc<[Field]>),
    /// An enum of string or integer values; unknown values are kept in `Other`.
    Enum {
        /// The documented values.
        values: Vec<EnumValue>,
        /// Whether requests may carry values not listed.
        open: bool,
        /// Whether the values are integers (their `wire` is the decimal text).
        integer: bool,
    },
    /// A union: untagged, of named types and scalars (the first member that
    /// fits wins), or tagged by a field that names the member (then every
    /// member is a named object type).
    OneOf(Vec<Ty>, Option<Box<Tag>>),
    /// Another name for a type (`Vec<Clip>`, `serde_json::Value`).
    Alias(Ty),
}

/// What tells a union's members apart: a field whose value names the member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The field's wire name (`role`).
    pub field: String,
    /// Each tag value and the index of the member it names, in spec order.
    pub values: Vec<(String, usize)>,
}

impl Tag {
    /// The first tag value that names member `index`.
    pub fn value_of(&self, index: usize) -> Option<&str> {
        self.values.iter().find(|(_, m)| *m == index).map(|(v, _)| v.as_str())
    }
}

/// The Rust name of an integer enum value the spec does not name:
/// `V192`, `VMinus1`.
pub fn integer_value_name(n: i64) -> String {
    if n < 0 {
        format!("VMinus{}", n.unsigned_abs())
    } else {
        format!("V{n}")
    }
}

/// An enum value.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// Exact wire value.
    pub wire: String,
    /// Variant name.
    pub rust: String,
    /// Meaning.
    pub doc: String,
}

/// The type of a field or parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `String`
    String,
    /// `i64`: exact for ids beyond 2^53.
    Integer,
    /// `f64`
    Number,
    /// `bool`
    Boolean,
    /// Any JSON value.
    Any,
    /// `()`: JSON's `null`, the only value (a field whose being there is
    /// what it says).
    Null,
    /// A file part of a form.
    File,
    /// `Vec<T>`
    Array(Box<Ty>),
    /// `BTreeMap<String, T>`: an object whose keys are not known in advance.
    Map(Box<Ty>),
    /// A date, a time or both, kept as the text that came (the runtime's
    /// `DateTime`, `Date`, `Time`).
    Temporal(Temporal),
    /// `Option<T>`: a value that may be `null`, as an array's item, a map's
    /// value or what an alias stands for (a field says so itself).
    Nullable(Box<Ty>),
    /// A named type.
    Named(TypeId),
}

/// What a date or time value holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Temporal {
    /// `2024-05-01T12:30:00Z` (RFC 3339 `date-time`).
    DateTime,
    /// `2024-05-01` (RFC 3339 `full-date`).
    Date,
    /// `12:30:00` (RFC 3339 `full-time`, the offset optional).
    Time,
}

impl Temporal {
    /// The spec type name and OpenAPI `format`: `date-time`, `date`, `time`.
    pub fn name(self) -> &'static str {
        match self {
            Temporal::DateTime => "date-time",
            Temporal::Date => "date",
            Temporal::Time => "time",
        }
    }

    /// The runtime type's name: `DateTime`, `Date`, `Time`.
    pub fn rust(self) -> &'static str {
        match self {
            Temporal::DateTime => "DateTime",
            Temporal::Date => "Date",
            Temporal::Time => "Time",
        }
    }

    /// The kind a spec type name (or a string's `format`) names.
    pub fn from_name(name: &str) -> Option<Temporal> {
        [Temporal::DateTime, Temporal::Date, Temporal::Time].into_iter().find(|t| t.name() == name)
    }
}

impl Ty {
    /// Whether this is an array of strings (which may be null): what a
    /// field's text limits (format, pattern, lengths) apply to as its items'.
    pub fn is_string_array(&self) -> bool {
        matches!(self, Ty::Array(item) if **item == Ty::String || **item == Ty::Nullable(Box::new(Ty::String)))
    }

    /// The variant of a union that holds a member of this type: the named
    /// type's Rust name, else the scalar's (`String`, `Integer`, `Number`,
    /// `Boolean`).
    pub fn variant<'a>(&self, api: &'a Api) -> &'a str {
        match self {
            Ty::Named(id) => &api.named_type(*id).rust,
            Ty::String => "String",
            Ty::Integer => "Integer",
            Ty::Number => "Number",
            Ty::Boolean => "Boolean",
            Ty::Any => "Any",
            Ty::Null => "Null",
            Ty::File => "File",
            Ty::Array(_) => "Array",
            Ty::Map(_) => "Map",
            Ty::Nullable(inner) => inner.variant(api),
            Ty::Temporal(t) => t.rust(),
        }
    }

    /// The named type this type refers to, directly or as the items of
    /// arrays and the values of maps.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            Ty::Named(id) => Some(*id),
            Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => inner.named(),
            _ => None,
        }
    }
}

/// A field, parameter or form field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// Docs.
    pub doc: String,
    /// Type.
    pub ty: Ty,
    /// Must be present.
    pub required: bool,
    /// May be null.
    pub nullable: bool,
    /// How a query parameter that is an array, an object or a map is sent.
    pub style: ParamStyle,
    /// Limits on the value, boxed: most fields have none, and a model holds a
    /// field for every few lines of spec.
    pub limits: Option<Box<Limits>>,
    /// Boxed, because its type contains the type that holds it.
    pub boxed: bool,
    /// The server's default (boxed, like the example: most fields have none,
    /// and a model holds a field for every few lines of spec).
    pub default: Option<Box<serde_json::Value>>,
    /// An example value.
    pub example: Option<Box<serde_json::Value>>,
    /// The headers of a multipart part (OpenAPI's `encoding.<part>.headers`),
    /// each with the Rust name of its builder setter (`<field>_<header>`).
    pub part_headers: Box<[Field]>,
}

/// How a query parameter that is not a single scalar is sent (OpenAPI's
/// `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParamStyle {
    /// An array repeated (`k=a&k=b`), an object or map by its keys
    /// (`a=1&b=2`): OpenAPI's `form` with `explode: true`.
    #[default]
    Repeated,
    /// An array as one comma-separated value (`k=a,b`): `form` without explode.
    Comma,
    /// An array as one value, its items joined by `%20`: `spaceDelimited`.
    SpaceDelimited,
    /// An array as one value, its items joined by `|`: `pipeDelimited`.
    PipeDelimited,
    /// An object or map as `k[a]=1&k[b]=2`, nested objects deeper
    /// (`k[a][b]=1`): OpenAPI's `deepObject`.
    DeepObject,
    /// Any value as one JSON text (`k=[{"a":1}]`): OpenAPI's parameter
    /// `content: application/json`.
    Json,
}

impl ParamStyle {
    /// What joins an array's items in one value (as it goes out, encoded),
    /// or `None` when each item is a pair of its own.
    pub fn delimiter(self) -> Option<&'static str> {
        match self {
            ParamStyle::Comma => Some(","),
            ParamStyle::SpaceDelimited => Some("%20"),
            ParamStyle::PipeDelimited => Some("|"),
            ParamStyle::Repeated | ParamStyle::DeepObject | ParamStyle::Json => None,
        }
    }
}

/// Whether a field must be present and whether it may be null: the one rule
/// every emitter follows for `Option`s, serde attributes and setters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always there, never null: `T`.
    Required,
    /// May be left out: `Option<T>`, skipped when `None`.
    Optional,
    /// Always there, may be null: `Option<T>`, written as `null` when `None`.
    Nullable,
    /// May be left out or null: `Option<Option<T>>`.
    OptionalNullable,
}

impl Presence {
    /// Whether a value of this field's type may be missing (`None`) in Rust.
    pub fn is_option(self) -> bool {
        self != Presence::Required
    }
}

impl Field {
    /// Whether the field must be present and whether it may be null.
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (false, false) => Presence::Optional,
            (true, true) => Presence::Nullable,
            (false, true) => Presence::OptionalNullable,
        }
    }

    /// Whether the field has limits of its own checked before sending: an
    /// integer range, a largest number of items.
    pub fn has_checked_limits(&self) -> bool {
        let limits = self.limits();
        let counted = limits.max_items.is_some() || limits.min_items.is_some();
        (self.ty == Ty::Integer && (limits.min.is_some() || limits.max.is_some()))
            || (counted && matches!(self.ty, Ty::Array(_) | Ty::Map(_)))
            || (limits.keys.is_some() && matches!(self.ty, Ty::Map(_)))
    }

    /// The field's limits (none set for most fields).
    pub fn limits(&self) -> &Limits {
        const NONE: &Limits = &Limits {
            min: None,
            max: None,
            max_items: None,
            min_items: None,
            unique_items: false,
            min_length: None,
            max_length: None,
            max_size: None,
            max_size_text: None,
            file_types: Vec::new(),
            format: None,
            pattern: None,
            keys: None,
            content_type: None,
        };
        self.limits.as_deref().unwrap_or(NONE)
    }
}

/// What values a field accepts beyond its type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Limits {
    /// Integer minimum.
    pub min: Option<i64>,
    /// Integer maximum.
    pub max: Option<i64>,
    /// Most array items, or map entries.
    pub max_items: Option<u64>,
    /// Fewest array items, or map entries.
    pub min_items: Option<u64>,
    /// Whether an array's items are all different (not checked).
    pub unique_items: bool,
    /// Fewest characters of a string, or of each string of an array (not checked).
    pub min_length: Option<u64>,
    /// Most characters of a string, or of each string of an array (not checked).
    pub max_length: Option<u64>,
    /// Largest file in bytes.
    pub max_size: Option<u64>,
    /// The size as written in the spec (`15 MB`).
    pub max_size_text: Option<String>,
    /// Allowed file extensions, lower case.
    pub file_types: Vec<String>,
    /// What a string holds (`date-time`, `email`, …), or each string of an array.
    pub format: Option<String>,
    /// A regular expression a string matches (checked to parse), or each
    /// string of an array.
    pub pattern: Option<String>,
    /// What a map's keys must be (checked before sending).
    pub keys: Option<KeyLimits>,
    /// A multipart part's media type, when the spec names one.
    pub content_type: Option<String>,
}

/// What a map's keys must be: OpenAPI's `propertyNames`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyLimits {
    /// A regular expression every key matches (unanchored).
    pub pattern: Option<String>,
    /// Fewest characters of a key.
    pub min_length: Option<u64>,
    /// Most characters of a key.
    pub max_length: Option<u64>,
}

impl Limits {
    /// Whether a string's text limits are set: format, pattern or a length.
    pub fn has_text_limits(&self) -> bool {
        self.format.is_some() || self.pattern.is_some() || self.min_length.is_some() || self.max_length.is_some()
    }
}

/// A group of operations: one generated module.
#[derive(Debug, Clone)]
pub struct Group {
    /// Module name.
    pub module: String,
    /// Docs.
    pub doc: String,
    /// The spec file it came from.
    pub file: String,
    /// The cargo feature that compiles this group alone (`zoom-clips`): see [`group_feature`].
    pub feature: String,
    /// Operations in spec order.
    pub operations: Vec<Operation>,
}

/// The cargo feature of a group: its API's feature, a hyphen, and the
/// group's name with hyphens for underscores (`zoom` + `phone_calls` →
/// `zoom-phone-calls`).
pub fn group_feature(api_feature: &str, group: &str) -> String {
    format!("{api_feature}-{}", group.replace('_', "-"))
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The name as written in the spec, used in logs and traces.
    pub id: String,
    /// Method name (`get_clip`, `ref_`).
    pub name: String,
    /// Builder type name (`GetClip`).
    pub rust: String,
    /// One line.
    pub summary: String,
    /// Longer docs.
    pub doc: Option<String>,
    /// HTTP method, upper case.
    pub method: Method,
    /// Path template.
    pub path: String,
    /// Index into the API's servers.
    pub server: usize,
    /// Vendor tags.
    pub tags: Vec<String>,
    /// Deprecated.
    pub deprecated: bool,
    /// Path parameters in path order.
    pub path_params: Vec<Field>,
    /// Query parameters.
    pub query: Vec<Field>,
    /// Headers.
    pub headers: Vec<Field>,
    /// Cookies, sent in one `Cookie` header.
    pub cookies: Vec<Field>,
    /// Body.
    pub body: Body,
    /// What the body is, when the spec says.
    pub body_doc: Option<String>,
    /// The success responses, by status (at least one).
    pub responses: Vec<Response>,
    /// What `send` returns, decided from the responses.
    pub output: Output,
    /// Errors by status, ascending, common errors included.
    pub errors: Vec<ErrorStatus>,
    /// Scopes.
    pub scopes: Vec<String>,
    /// What the operation needs instead of the API's default (alternatives
    /// of scheme names; none for a public operation).
    pub security: Option<Vec<Vec<String>>>,
    /// Granular scopes.
    pub granular_scopes: Vec<String>,
    /// Rate-limit label.
    pub rate_limit: Option<String>,
    /// The vendor's page on this operation.
    pub docs_url: Option<String>,
    /// Token pagination.
    pub pagination: Option<Pagination>,
    /// Keep the token on redirects to the API's hosts.
    pub keep_auth_on_redirect: bool,
}

impl Operation {
    /// The name of its error enum (`GetClipError`).
    pub fn error_enum(&self) -> String {
        format!("{}Error", self.rust)
    }
}

/// A request body.
#[derive(Debug, Clone)]
pub enum Body {
    /// No body.
    None,
    /// JSON of a named object type whose fields become builder arguments and setters.
    JsonObject {
        /// The type.
        ty: TypeId,
        /// Its fields, shared with the type's.
        fields: std::sync::Arc<[Field]>,
    },
    /// JSON of a named non-object type, passed whole.
    JsonValue {
        /// The type.
        ty: TypeId,
    },
    /// A form: its fields become builder arguments and setters.
    Form {
        /// The fields.
        fields: std::sync::Arc<[Field]>,
        /// How they are sent.
        encoding: FormEncoding,
        /// The type of the fields beyond the named ones, which the caller
        /// names (`extra_field(name, value)`); `None` when there are none.
        extra: Option<Ty>,
    },
    /// A form of a named type's value, passed whole: its top-level keys
    /// are the fields (a union of objects sent as a form keeps its members).
    FormValue {
        /// The type: an object, a map, or a union of them.
        ty: TypeId,
        /// How the fields are sent.
        encoding: FormEncoding,
    },
    /// Bytes sent as they are (a `FilePart` of the caller's).
    Binary {
        /// The media type (`application/octet-stream`, `image/*`).
        media_type: String,
    },
}

impl Body {
    /// The fields that become builder arguments and setters (none for a body passed whole).
    pub fn fields(&self) -> &[Field] {
        match self {
            Body::JsonObject { fields, .. } | Body::Form { fields, .. } => fields,
            Body::None | Body::JsonValue { .. } | Body::FormValue { .. } | Body::Binary { .. } => &[],
        }
    }
}

/// How a form field goes into the body, by its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPart {
    /// A scalar or an enum: one text part (`k=v`).
    Text,
    /// An array of scalars or enums: one text part per value, under the
    /// field's name (`k=a&k=b`).
    Texts,
    /// A file part.
    File,
    /// An array of files: one file part each, under the field's name.
    Files,
    /// Anything else (an object, a union, a map, an array of objects): one
    /// part holding the value as JSON, sent as `application/json`
    /// (multipart only).
    Json,
}

impl Field {
    /// How this field goes into a form body; `types` are its API's.
    pub fn form_part(&self, types: &[NamedType]) -> FormPart {
        FormPart::of(&self.ty, types)
    }
}

impl FormPart {
    /// How a value of `ty` goes into a form body; `types` are its API's.
    pub fn of(ty: &Ty, types: &[NamedType]) -> FormPart {
        match ty {
            Ty::File => FormPart::File,
            Ty::Array(inner) if **inner == Ty::File => FormPart::Files,
            Ty::Array(inner) if is_text(types, inner) => FormPart::Texts,
            ty if is_text(types, ty) => FormPart::Text,
            _ => FormPart::Json,
        }
    }
}

/// Whether values of `ty` are sent as text in a query or a form: scalars,
/// enums, untagged unions of them and aliases of them; `types` are its API's.
pub fn is_text(types: &[NamedType], ty: &Ty) -> bool {
    is_text_within(types, ty, 0)
}

// Validation refuses alias cycles; the depth bound only keeps this total.
fn is_text_within(types: &[NamedType], ty: &Ty, depth: usize) -> bool {
    match ty {
        Ty::String | Ty::Integer | Ty::Number | Ty::Boolean | Ty::Temporal(_) => true,
        Ty::Named(id) if depth < 64 => match types.get(id.0).map(|t| &t.kind) {
            Some(TypeKind::Enum { .. }) => true,
            Some(TypeKind::Alias(target)) => is_text_within(types, target, depth + 1),
            Some(TypeKind::OneOf(members, None)) => members.iter().all(|m| is_text_within(types, m, depth + 1)),
            _ => false,
        },
        _ => false,
    }
}

/// How a form is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEncoding {
    /// `multipart/form-data`: text, file and JSON parts, streamed.
    Multipart,
    /// `application/x-www-form-urlencoded`: `k=v&k=v`, text and arrays of text only.
    UrlEncoded,
}

impl FormEncoding {
    /// The media type it is sent as.
    pub fn media_type(self) -> &'static str {
        match self {
            FormEncoding::Multipart => "multipart/form-data",
            FormEncoding::UrlEncoded => "application/x-www-form-urlencoded",
        }
    }
}

/// What an operation's `send` returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// The body of the response (of every response, when they are alike).
    Single,
    /// One response has a body and the others none: `Option` of the body,
    /// `None` for an empty one.
    Optional,
    /// Several responses with different bodies: an enum with one variant per
    /// status, named `name`.
    Variants {
        /// The enum's Rust name (`GetPhotoResponse`).
        name: String,
    },
}

impl Operation {
    /// Its parameters: path, query, header and cookie, in that order.
    pub fn parameters(&self) -> impl Iterator<Item = &Field> + '_ {
        self.path_params.iter().chain(&self.query).chain(&self.headers).chain(&self.cookies)
    }

    /// The named types the operation refers to itself (parameters, body,
    /// success responses, page items, error bodies), not those these refer to.
    pub fn named_types(&self) -> impl Iterator<Item = TypeId> + '_ {
        let responses = self.responses.iter().filter_map(|r| match &r.kind {
            ResponseKind::Json(ty) | ResponseKind::Events(Events { ty, .. }) => Some(*ty),
            ResponseKind::Empty | ResponseKind::Binary | ResponseKind::Text => None,
        });
        let items = self.pagination.as_ref().and_then(|p| p.item.named());
        let errors = self.errors.iter().filter_map(|e| e.body);
        self.sent_types().chain(responses).chain(items).chain(errors)
    }

    /// The named types of what the request sends: its parameters', its
    /// body's and its form fields'.
    pub fn sent_types(&self) -> impl Iterator<Item = TypeId> + '_ {
        let fields = self.parameters().chain(self.body.fields());
        let body = match &self.body {
            Body::JsonObject { ty, .. } | Body::JsonValue { ty } | Body::FormValue { ty, .. } => Some(*ty),
            Body::None | Body::Form { .. } | Body::Binary { .. } => None,
        };
        fields.filter_map(|f| f.ty.named()).chain(body)
    }

    /// The types of the error bodies the spec types, each once, in order.
    pub fn error_body_types(&self) -> Vec<TypeId> {
        let mut types: Vec<TypeId> = Vec::new();
        for ty in self.errors.iter().filter_map(|e| e.body) {
            if !types.contains(&ty) {
                types.push(ty);
            }
        }
        types
    }

    /// The response that gives the operation its result type for docs and
    /// examples: the first with a body, else the first.
    pub fn main_response(&self) -> &Response {
        // Validation guarantees at least one response.
        main_response(&self.responses).unwrap_or(&EMPTY_RESPONSE)
    }

    /// Whether a success may be streamed (a `binary` response or events):
    /// its body is then the value, never read into memory.
    pub fn streams_response(&self) -> bool {
        self.responses.iter().any(|r| r.kind.is_streamed())
    }

    /// The operation's event stream, when it answers with one.
    pub fn events(&self) -> Option<&Events> {
        self.responses.iter().find_map(|r| match &r.kind {
            ResponseKind::Events(events) => Some(events),
            _ => None,
        })
    }

    /// The `Accept` header of its requests: the media types its success
    /// responses document, then JSON, at a lower preference, for its error
    /// bodies. An event stream asks for events alone.
    pub fn accept(&self) -> String {
        if let Some(events) = self.events() {
            return events.media_type().to_owned();
        }
        let mut types: Vec<&str> = Vec::new();
        for r in &self.responses {
            let media_type = match r.kind {
                ResponseKind::Json(_) => JSON,
                ResponseKind::Text | ResponseKind::Binary => r.documented_media_type(),
                ResponseKind::Empty | ResponseKind::Events(_) => continue,
            };
            if !types.contains(&media_type) {
                types.push(media_type);
            }
        }
        let mut accept = types.join(", ");
        if !types.contains(&JSON) {
            accept.push_str(if accept.is_empty() { JSON } else { ", application/json;q=0.5" });
        }
        accept
    }
}

const JSON: &str = "application/json";
const EVENT_STREAM: &str = "text/event-stream";

/// Of several success responses, the one that gives the result type: the
/// first with a body, else the first.
pub fn main_response(responses: &[Response]) -> Option<&Response> {
    responses.iter().find(|r| r.kind != ResponseKind::Empty).or(responses.first())
}

static EMPTY_RESPONSE: Response = Response {
    status: 200,
    variant: String::new(),
    doc: String::new(),
    kind: ResponseKind::Empty,
    media_type: None,
    example: None,
};

/// A success response.
#[derive(Debug, Clone)]
pub struct Response {
    /// Status.
    pub status: u16,
    /// Its variant in an [`Output::Variants`] enum (`Ok`, `NoContent`).
    pub variant: String,
    /// Docs.
    pub doc: String,
    /// Body kind.
    pub kind: ResponseKind,
    /// The media type of a binary or text body (`image/png`, `image/*`,
    /// `text/csv`); `None` means `application/octet-stream` for bytes and
    /// `text/plain` for text.
    pub media_type: Option<String>,
    /// The spec's example body.
    pub example: Option<serde_json::Value>,
}

impl Response {
    /// The media type of a binary or text body as documented (`image/*`
    /// included), by default `application/octet-stream` or `text/plain`.
    pub fn documented_media_type(&self) -> &str {
        self.media_type.as_deref().unwrap_or(self.default_media_type())
    }

    /// The media type a server sends a binary or text body with: the
    /// documented one, unless it is a wildcard (`image/*`), which is what the
    /// spec allows, not a type a server sends.
    pub fn sent_media_type(&self) -> &str {
        self.media_type.as_deref().filter(|m| !m.contains('*')).unwrap_or(self.default_media_type())
    }

    fn default_media_type(&self) -> &'static str {
        if self.kind == ResponseKind::Text {
            "text/plain"
        } else {
            "application/octet-stream"
        }
    }
}

/// What a success response carries.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    /// Nothing.
    Empty,
    /// JSON of a named type.
    Json(TypeId),
    /// A byte stream.
    Binary,
    /// Text (`text/plain`, `text/csv`, …), read whole as a `String`.
    Text,
    /// Server-sent events (`text/event-stream`), streamed.
    Events(Events),
}

impl ResponseKind {
    /// Whether the body is the value as a stream, never read into memory.
    pub fn is_streamed(&self) -> bool {
        matches!(self, ResponseKind::Binary | ResponseKind::Events(_))
    }
}

/// A stream of events: server-sent events, or JSON lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Events {
    /// The type of each event's data (JSON).
    pub ty: TypeId,
    /// The data of the event that ends the stream (`[DONE]`).
    pub end_marker: Option<String>,
    /// The API takes the request again, with `Last-Event-ID`, after the
    /// stream broke.
    pub resumable: bool,
    /// The media type of a stream of JSON lines (`application/x-ndjson`):
    /// one event per line. `None`: server-sent events (`text/event-stream`).
    pub lines: Option<String>,
}

impl Events {
    /// The stream's media type.
    pub fn media_type(&self) -> &str {
        self.lines.as_deref().unwrap_or(EVENT_STREAM)
    }
}

/// Whether a media type is one of JSON lines (newline-delimited JSON), one
/// value per line: `application/x-ndjson`, `application/jsonl`, and the like.
pub fn is_json_lines(media_type: &str) -> bool {
    let m = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    [
        "application/x-ndjson",
        "application/ndjson",
        "application/jsonl",
        "application/x-jsonlines",
        "application/jsonlines",
    ]
    .contains(&m.as_str())
}

/// Errors documented for one status.
#[derive(Debug, Clone)]
pub struct ErrorStatus {
    /// The status, or the range of statuses, documented.
    pub status: StatusSet,
    /// Description when the status has no codes.
    pub doc: Option<String>,
    /// Variant for a status without codes.
    pub variant: Option<String>,
    /// Codes documented for it.
    pub codes: Vec<ErrorCode>,
    /// The named type of its body (JSON), when the spec types it.
    pub body: Option<TypeId>,
}

impl ErrorStatus {
    /// What the spec documents for a status without codes: the text the
    /// error enum's `documented_meaning` gives.
    pub fn meaning(&self) -> &str {
        self.doc.as_deref().unwrap_or_default().trim()
    }
}

/// The statuses an error entry documents: one, a class (`4XX`, `5XX`) or
/// every error status (`default`). Ordered as a response is classified:
/// exact statuses first, then the classes, then `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusSet {
    /// One status (`404`).
    Exact(u16),
    /// Every status of a class: `4` for `4XX`, `5` for `5XX`.
    Class(u8),
    /// Every error status the others leave.
    Default,
}

impl StatusSet {
    /// The first and last status of the set.
    pub fn bounds(self) -> (u16, u16) {
        match self {
            StatusSet::Exact(status) => (status, status),
            StatusSet::Class(class) => (u16::from(class) * 100, u16::from(class) * 100 + 99),
            StatusSet::Default => (400, 599),
        }
    }

    /// The status a mock or an example answers with: the exact one, else the
    /// first of a class, and 500 for `default`.
    pub fn example(self) -> u16 {
        match self {
            StatusSet::Default => 500,
            other => other.bounds().0,
        }
    }

    /// The key as the spec and OpenAPI write it: `404`, `4XX`, `default`.
    pub fn key(self) -> String {
        match self {
            StatusSet::Exact(status) => status.to_string(),
            StatusSet::Class(class) => format!("{class}XX"),
            StatusSet::Default => "default".to_owned(),
        }
    }
}

impl StatusSet {
    /// How docs name the set: `HTTP 404`, `HTTP 4XX`, `any other error status`.
    pub fn http(self) -> String {
        match self {
            StatusSet::Default => "Any other error status".to_owned(),
            other => format!("HTTP {other}"),
        }
    }
}

impl std::fmt::Display for StatusSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key())
    }
}

/// A security scheme besides the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name in the spec.
    pub name: String,
    /// How its credential goes out.
    pub kind: SchemeKind,
    /// How to get the credential.
    pub doc: Option<String>,
}

impl SecurityScheme {
    /// The typed setter of its credential on the client builder (the
    /// emitted `Credentials` trait): `api_key_<scheme>` or `basic_<scheme>`;
    /// `<scheme>` when it starts with that word already (`api_key_partner`),
    /// and `<kind>_auth` for a scheme named as its kind (`basic`), whose own
    /// name is the builder's untyped method.
    pub fn builder_method(&self) -> String {
        let kind = match self.kind {
            SchemeKind::ApiKey { .. } => "api_key",
            SchemeKind::Basic => "basic",
        };
        let scheme = crate::ident::snake(&self.name);
        if scheme == kind {
            format!("{kind}_auth")
        } else if scheme.starts_with(&format!("{kind}_")) {
            scheme
        } else {
            format!("{kind}_{scheme}")
        }
    }
}

/// An OAuth 2 flow that gives the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthFlow {
    /// Which grant.
    pub kind: FlowKind,
    /// Where the user approves.
    pub authorize_url: Option<String>,
    /// Where tokens come from.
    pub token_url: Option<String>,
    /// Where a device asks for its user code.
    pub device_url: Option<String>,
    /// Where tokens are refreshed, when not the token URL.
    pub refresh_url: Option<String>,
    /// Scope names with what each allows.
    pub scopes: Vec<(String, String)>,
}

/// The OAuth 2 grants a flow can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowKind {
    /// RFC 6749 §4.4.
    ClientCredentials,
    /// RFC 6749 §4.1, with PKCE.
    AuthorizationCode,
    /// RFC 8628.
    DeviceCode,
    /// RFC 6749 §4.3 (the resource owner's password).
    Password,
    /// RFC 6749 §4.2 (the token in the redirect): for the docs and the
    /// OpenAPI document only, as the token comes to a browser.
    Implicit,
}

impl FlowKind {
    /// Every kind with its name in the spec.
    pub const ALL: [(FlowKind, &'static str); 5] = [
        (FlowKind::ClientCredentials, "client_credentials"),
        (FlowKind::AuthorizationCode, "authorization_code"),
        (FlowKind::DeviceCode, "device_code"),
        (FlowKind::Password, "password"),
        (FlowKind::Implicit, "implicit"),
    ];

    /// Its name in the spec.
    pub fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(k, _)| *k == self).map_or("", |(_, name)| name)
    }

    /// Which URLs the flow needs (authorize, token, device).
    pub fn needs(self) -> (bool, bool, bool) {
        match self {
            FlowKind::ClientCredentials | FlowKind::Password => (false, true, false),
            FlowKind::AuthorizationCode => (true, true, false),
            FlowKind::DeviceCode => (false, true, true),
            FlowKind::Implicit => (true, false, false),
        }
    }
}

/// How a scheme's credential goes out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key as a header, query parameter or cookie named `param`.
    ApiKey {
        /// `header`, `query` or `cookie`.
        location: KeyLocation,
        /// The header, parameter or cookie name.
        param: String,
    },
    /// HTTP Basic.
    Basic,
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

impl KeyLocation {
    /// As the spec and OpenAPI write it.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyLocation::Header => "header",
            KeyLocation::Query => "query",
            KeyLocation::Cookie => "cookie",
        }
    }
}

/// The name of the scheme that is the API's token.
pub const TOKEN_SCHEME: &str = "token";

/// A documented error code.
#[derive(Debug, Clone)]
pub struct ErrorCode {
    /// The code as written (`2000`, `INVALID_MODULE`).
    pub code: String,
    /// Variant name (`Code2000`, `InvalidModule`).
    pub variant: String,
    /// Its meanings.
    pub meanings: Vec<String>,
}

impl ErrorCode {
    /// Its meanings as one text (` / ` between them): what the error enum's
    /// `documented_meaning` gives.
    pub fn meaning(&self) -> String {
        self.meanings.iter().map(|m| m.trim()).collect::<Vec<_>>().join(" / ")
    }
}

/// A name as the API spells it and as the generated Rust spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// On the wire (`next_page_token`, `pageSize`).
    pub wire: String,
    /// In Rust (`next_page_token`, `page_size`).
    pub rust: String,
}

impl Name {
    /// The names of a field or parameter.
    pub fn of(field: &Field) -> Self {
        Name { wire: field.wire.clone(), rust: field.rust.clone() }
    }
}

/// The members and methods every request builder has: a parameter or body
/// field must not take one of these Rust names.
pub const BUILDER_MEMBERS: [&str; 9] = [
    "client",
    "body",
    "send",
    "send_with_metadata",
    "with_options",
    "into_stream",
    "into_stream_with",
    "extra_field",
    "extra_fields",
];

/// What an API's rate-limit labels stand for.
#[derive(Debug, Clone, PartialEq)]
pub struct RateLimits {
    /// How the vendor limits calls.
    pub doc: Option<String>,
    /// The vendor's page on its rate limits.
    pub url: Option<String>,
    /// Each label and what it allows, in the spec's order.
    pub labels: Vec<(String, String)>,
}

impl RateLimits {
    /// What `label` allows, when the spec says.
    pub fn meaning(&self, label: &str) -> Option<&str> {
        self.labels.iter().find(|(l, _)| l == label).map(|(_, m)| m.as_str())
    }
}

/// Pagination, resolved against the operation's parameters and response.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// How the next page is asked for.
    pub kind: PageKind,
    /// The response field that holds the page's items, and how it may be
    /// missing; `None` when the response is the array of items.
    pub items_field: Option<(Name, Presence)>,
    /// The item type.
    pub item: Ty,
}

/// How the next page is asked for.
#[derive(Debug, Clone)]
pub enum PageKind {
    /// A token from the response field `field` (which may be missing as
    /// `presence` says), sent back in `param`: a query parameter, or a field
    /// of the JSON body (`in_body`).
    Token { param: Name, in_body: bool, field: Name, presence: Presence },
    /// The next page's URL in the `Link` header.
    Link,
    /// The next page's URL in the response field `field`.
    NextUrl { field: Name, presence: Presence },
    /// The page number in `param`, from `first`; the page count in `total`.
    Page { param: Name, first: i64, total: Option<(Name, Presence)> },
    /// The offset of the first item in `param`; the item count in `total`.
    Offset { param: Name, total: Option<(Name, Presence)> },
}

impl Pagination {
    /// The spec's `pagination` keys, by their wire names (what the OpenAPI
    /// document's `x-pagination` holds, and the importer reads back).
    pub fn spec_keys(&self) -> Vec<(&'static str, serde_json::Value)> {
        use serde_json::json;
        let mut keys = vec![("style", json!(self.kind.style()))];
        match &self.kind {
            PageKind::Token { param, field, .. } => {
                keys.push(("token_param", json!(param.wire)));
                keys.push(("token_field", json!(field.wire)));
            }
            PageKind::Link => {}
            PageKind::NextUrl { field, .. } => keys.push(("next_field", json!(field.wire))),
            PageKind::Page { param, first, total } => {
                keys.push(("page_param", json!(param.wire)));
                if *first != 1 {
                    keys.push(("first_page", json!(first)));
                }
                keys.extend(total.iter().map(|(t, _)| ("total_field", json!(t.wire))));
            }
            PageKind::Offset { param, total } => {
                keys.push(("offset_param", json!(param.wire)));
                keys.extend(total.iter().map(|(t, _)| ("total_field", json!(t.wire))));
            }
        }
        keys.extend(self.items_field.iter().map(|(items, _)| ("items", json!(items.wire))));
        keys
    }
}

impl PageKind {
    /// Its `style` in the spec.
    pub fn style(&self) -> &'static str {
        match self {
            PageKind::Token { .. } => "token",
            PageKind::Link => "link",
            PageKind::NextUrl { .. } => "next_url",
            PageKind::Page { .. } => "page",
            PageKind::Offset { .. } => "offset",
        }
    }

    /// Whether the next page is fetched from a URL the server gives.
    pub fn follows_urls(&self) -> bool {
        matches!(self, PageKind::Link | PageKind::NextUrl { .. })
    }
}

/// An HTTP method an operation can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
}

impl Method {
    /// Every method, in the order diagnostics list them.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
        Method::Options,
        Method::Trace,
    ];

    /// The method as HTTP writes it (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }

    /// The method named `name`, in any case.
    pub fn parse(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str().eq_ignore_ascii_case(name))
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

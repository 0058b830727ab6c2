//! The YAML spec format, exactly as written by hand.
//!
//! These structs mirror the files one to one. Every struct refuses unknown keys,
//! so a typo is an error and never a silently ignored setting. Maps keep the
//! order of the file, which is the order of the generated code and docs.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

/// `spec/<api>/api.yaml`: what every operation of an API shares.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiFile {
    /// The API's name; also its Rust module name (`zoom`, `zoho_crm`).
    pub api: String,
    /// A human title, such as `Zoho CRM`.
    pub title: String,
    /// What the API is, for the module docs.
    pub doc: String,
    /// The cargo feature that compiles this API's module.
    pub feature: String,
    /// Named base URLs; the first is the default. URLs may hold `{variables}`.
    pub servers: IndexMap<String, String>,
    /// Hosts that belong to the API (`*.zoom.us`): redirects to them may keep
    /// the token, over HTTPS, for operations that say so.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// Server variables (Zoho's `{api-domain}`).
    #[serde(default)]
    pub variables: IndexMap<String, VariableSpec>,
    /// How the access token is sent.
    pub auth: AuthSpec,
    /// Named ways to authenticate besides the token (`token`): API keys
    /// and HTTP Basic.
    #[serde(default)]
    pub security_schemes: IndexMap<String, SecuritySchemeSpec>,
    /// What a call needs unless its operation says otherwise: alternatives,
    /// each the schemes sent together (`[[client_id, client_secret],
    /// [basic]]`; `token` is the `auth` token). Absent: the token, when the
    /// client has one.
    #[serde(default)]
    pub security: Option<Vec<Vec<String>>>,
    /// Where the code and message sit in an error body.
    pub error_body: ErrorBodySpec,
    /// What the operations' `rate_limit` labels mean.
    #[serde(default)]
    pub rate_limits: Option<RateLimitsSpec>,
    /// Errors every operation may return, merged into each operation's own.
    #[serde(default)]
    pub errors: IndexMap<String, ErrorsAtStatus>,
    /// Named types shared by the API's operations.
    #[serde(default, deserialize_with = "shrunk")]
    pub types: IndexMap<String, Box<TypeSpec>>,
}

/// `rate_limits:`: what the vendor's rate-limit labels stand for.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateLimitsSpec {
    /// How the vendor limits calls, for the docs.
    #[serde(default)]
    pub doc: Option<String>,
    /// The vendor's page on its rate limits (HTTPS).
    #[serde(default)]
    pub url: Option<String>,
    /// Each label and what it allows (`LIGHT: 80 requests a second`); when
    /// given, an operation's `rate_limit` must be one of them.
    #[serde(default)]
    pub labels: IndexMap<String, String>,
}

/// A placeholder of the server URLs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VariableSpec {
    /// The value used unless the client sets another.
    pub default: String,
    /// What the variable selects.
    pub doc: String,
    /// Documented values (the caller may still set others).
    #[serde(default)]
    pub values: Vec<String>,
}

/// `auth:`: the header that carries the token and its prefix.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthSpec {
    /// The header name; `Authorization` unless stated.
    #[serde(default = "default_auth_header")]
    pub header: String,
    /// The prefix before the token: `Bearer`, `Zoho-oauthtoken`.
    pub prefix: String,
    /// How to get a token, for the docs.
    #[serde(default)]
    pub doc: Option<String>,
    /// The OAuth token endpoint (for the docs and the OpenAPI security scheme).
    #[serde(default)]
    pub token_url: Option<String>,
    /// The OAuth 2 flows that give the token, as OpenAPI's `flows`, by
    /// kind: `client_credentials`, `authorization_code`, `device_code`,
    /// `password`, `implicit`. The client gets a typed constructor for each
    /// grant it can run.
    #[serde(default)]
    pub flows: IndexMap<String, FlowSpec>,
    /// An OpenID Connect discovery URL (`…/.well-known/openid-configuration`)
    /// whose document names the token endpoints.
    #[serde(default)]
    pub openid_connect: Option<String>,
}

/// One OAuth 2 flow: its endpoints and scopes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowSpec {
    /// Where the user approves (`authorization_code`, `implicit`).
    #[serde(default)]
    pub authorize_url: Option<String>,
    /// Where tokens come from (every flow but `implicit`).
    #[serde(default)]
    pub token_url: Option<String>,
    /// Where a device asks for its user code (`device_code`, RFC 8628).
    #[serde(default)]
    pub device_url: Option<String>,
    /// Where tokens are refreshed, when not the token URL.
    #[serde(default)]
    pub refresh_url: Option<String>,
    /// The scopes the flow grants, each with what it allows.
    #[serde(default)]
    pub scopes: IndexMap<String, String>,
}

fn default_auth_header() -> String {
    "Authorization".to_owned()
}

/// A security scheme besides the token.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecuritySchemeSpec {
    /// `api_key` or `basic`.
    pub r#type: String,
    /// Where an API key goes: `header`, `query` or `cookie`.
    #[serde(default)]
    pub r#in: Option<String>,
    /// The header, query parameter or cookie name of an API key.
    #[serde(default)]
    pub name: Option<String>,
    /// How to get the credential, for the docs.
    #[serde(default)]
    pub doc: Option<String>,
}

/// `error_body:`: the JSON fields of an error response.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorBodySpec {
    /// The field holding the code.
    #[serde(default = "default_code_field")]
    pub code: String,
    /// `integer` (Zoom) or `string` (Zoho).
    pub code_type: String,
    /// The field holding the message.
    #[serde(default = "default_message_field")]
    pub message: String,
}

fn default_code_field() -> String {
    "code".to_owned()
}

fn default_message_field() -> String {
    "message".to_owned()
}

/// The errors documented for one status: either a sentence (no codes), a map
/// from code to its meaning(s), or with a typed body.
#[derive(Debug)]
pub enum ErrorsAtStatus {
    /// `429: Too many requests.`
    Doc(String),
    /// `404: { 2000: "Clip does not exist: {clipId}." }`
    Codes(Box<IndexMap<String, Meanings>>),
    /// `4XX: { doc: A client error., body: ErrorResponse, codes: { … } }`:
    /// the error body is JSON of a named type.
    Typed(Box<TypedErrors>),
}

/// The errors of one status whose body the spec types.
#[derive(Debug)]
pub struct TypedErrors {
    /// What the status means, when it has no codes.
    pub doc: Option<String>,
    /// The named type of the error body.
    pub body: String,
    /// The codes documented for the status, with their meanings.
    pub codes: IndexMap<String, Meanings>,
}

/// One meaning, or several when the vendor documents one code for many causes.
#[derive(Debug)]
pub enum Meanings {
    /// A single meaning.
    One(String),
    /// Several meanings of the same code.
    Many(Vec<String>),
}

impl Meanings {
    /// The meanings as a list.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            Meanings::One(m) => vec![m.clone()],
            Meanings::Many(ms) => ms.clone(),
        }
    }
}

// Written by hand rather than `#[serde(untagged)]`: codes are YAML integers
// (`2000:`) or strings (`INVALID_MODULE:`), and untagged enums refuse integer
// keys for string maps and give no useful message.
impl<'de> Deserialize<'de> for ErrorsAtStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        const EXPECTED: &str = "a sentence, or a map from error code to meaning (a string or a list of strings)";
        match serde_yaml::Value::deserialize(deserializer)? {
            serde_yaml::Value::String(doc) => Ok(ErrorsAtStatus::Doc(doc)),
            serde_yaml::Value::Mapping(map) if map.contains_key("body") => {
                let mut typed = TypedErrors { doc: None, body: String::new(), codes: IndexMap::new() };
                for (key, value) in map {
                    match (key.as_str(), value) {
                        (Some("doc"), serde_yaml::Value::String(doc)) => typed.doc = Some(doc),
                        (Some("body"), serde_yaml::Value::String(body)) => typed.body = body,
                        (Some("codes"), value @ serde_yaml::Value::Mapping(_)) => {
                            let ErrorsAtStatus::Codes(codes) =
                                ErrorsAtStatus::deserialize(value).map_err(D::Error::custom)?
                            else {
                                return Err(D::Error::custom("`codes` maps error codes to meanings"));
                            };
                            typed.codes = *codes;
                        }
                        (Some(key @ ("doc" | "body" | "codes")), _) => {
                            return Err(D::Error::custom(format!(
                                "`{key}` of a typed error is {}",
                                if key == "codes" { "a map from code to meaning" } else { "a string" }
                            )))
                        }
                        _ => {
                            return Err(D::Error::custom(
                                "an error with a `body` has `doc`, `body` (a type) and `codes` (code → meaning)",
                            ))
                        }
                    }
                }
                Ok(ErrorsAtStatus::Typed(Box::new(typed)))
            }
            serde_yaml::Value::Mapping(map) => {
                let mut codes = IndexMap::new();
                for (key, value) in map {
                    let code = scalar_text(&key).ok_or_else(|| {
                        D::Error::custom(format!("error codes are numbers or words; expected {EXPECTED}"))
                    })?;
                    let meanings = match value {
                        serde_yaml::Value::String(m) => Meanings::One(m),
                        serde_yaml::Value::Sequence(items) => Meanings::Many(
                            items
                                .iter()
                                .map(|i| i.as_str().map(str::to_owned))
                                .collect::<Option<Vec<_>>>()
                                .ok_or_else(|| {
                                    D::Error::custom(format!("the meanings of code `{code}` must be strings"))
                                })?,
                        ),
                        _ => {
                            return Err(D::Error::custom(format!(
                                "the meaning of code `{code}` must be a string or a list of strings"
                            )))
                        }
                    };
                    if codes.insert(code.clone(), meanings).is_some() {
                        return Err(D::Error::custom(format!("error code `{code}` is listed twice")));
                    }
                }
                codes.shrink_to_fit();
                Ok(ErrorsAtStatus::Codes(Box::new(codes)))
            }
            _ => Err(D::Error::custom(format!("expected {EXPECTED}"))),
        }
    }
}

// By hand too, as the `Deserialize` above: a sentence, or codes to one
// meaning or a list of meanings.
impl JsonSchema for ErrorsAtStatus {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ErrorsAtStatus".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The errors of one status: a sentence (`429: Too many requests.`), a map from \
                            error code to its meaning or list of meanings (`404: { 2000: Clip does not exist. }`), \
                            or with a typed body (`4XX: { doc: A client error., body: ErrorResponse }`).",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "required": ["body"],
                    "properties": {
                        "doc": { "type": "string" },
                        "body": { "type": "string" },
                        "codes": {
                            "type": "object",
                            "additionalProperties": {
                                "oneOf": [
                                    { "type": "string" },
                                    { "type": "array", "items": { "type": "string" } }
                                ]
                            }
                        }
                    },
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "additionalProperties": {
                        "oneOf": [
                            { "type": "string" },
                            { "type": "array", "items": { "type": "string" } }
                        ]
                    }
                }
            ]
        })
    }
}

fn scalar_text(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `spec/<api>/<group>.yaml`: a group of operations, named by the file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupFile {
    /// What the group covers.
    pub doc: String,
    /// Named types used by this group (shared with the whole API).
    #[serde(default, deserialize_with = "shrunk")]
    pub types: IndexMap<String, Box<TypeSpec>>,
    /// The operations, by name (snake_case method names).
    #[serde(deserialize_with = "shrunk")]
    pub operations: IndexMap<String, Box<OperationSpec>>,
    /// Where the operations are in the file when they are left to be read
    /// after the types (`load::read_operations`); `operations` is then empty.
    #[serde(skip)]
    #[schemars(skip)]
    pub deferred: Option<crate::load::Section>,
}

/// The operations of a group file, read on their own from their section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupOperations {
    /// The operations, by name.
    #[serde(deserialize_with = "shrunk")]
    pub operations: IndexMap<String, Box<OperationSpec>>,
}

/// A named type: an object, an enum, a union (`one_of`) or an alias (`type`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeSpec {
    /// What the type is.
    pub doc: String,
    /// Object fields by wire name.
    #[serde(default, deserialize_with = "shrunk_boxed")]
    pub fields: Option<Box<IndexMap<String, FieldSpec>>>,
    /// Enum values by exact wire value, with their meaning.
    #[serde(default, deserialize_with = "shrunk_boxed")]
    pub r#enum: Option<Box<IndexMap<String, String>>>,
    /// For enums: the Rust variant of a value (default: the value in
    /// CamelCase; `V2` for the integer 2), for values that do not name
    /// themselves.
    #[serde(default)]
    pub names: Option<IndexMap<String, String>>,
    /// For enums: the API also accepts values not listed (Zoho's custom
    /// modules), so requests may send any value. Closed enums refuse unknown
    /// values in requests before sending; responses always keep them.
    #[serde(default)]
    pub open: bool,
    /// Union of named types (each a variant named after it) and scalars
    /// (`string`, `integer`, `number`, `boolean`, `any`: variants `String`,
    /// `Integer`, ...); the first that matches when decoding wins, unless
    /// the union has a `tag` (then every member is an object type). A member
    /// that an earlier one always matches is an error.
    #[serde(default)]
    pub one_of: Option<Vec<String>>,
    /// For a union: the field whose value names the member (OpenAPI's
    /// `discriminator`). Decoding reads it first; a value not listed is
    /// kept as it came, in the `Unknown` variant.
    #[serde(default)]
    pub tag: Option<String>,
    /// For a tagged union: each tag value and the member it names (default:
    /// each member by its type name, as OpenAPI's implicit mapping).
    #[serde(default)]
    pub tags: Option<IndexMap<String, String>>,
    /// Another name for a type (`array` with `items`, `any`, a scalar or a
    /// named type): for JSON bodies and responses that are not objects.
    /// With `enum`, `integer` makes an enum of integers.
    #[serde(default)]
    pub r#type: Option<String>,
    /// Element type when `type: array`.
    #[serde(default)]
    pub items: Option<String>,
    /// Value type when `type: map` (an object whose keys are not known in
    /// advance).
    #[serde(default)]
    pub values: Option<String>,
    /// For an alias (`type`): whether its value may be `null`
    /// (`Option<T>`).
    #[serde(default)]
    pub nullable: bool,
    /// For an alias of an array or a map: whether its items or values may be
    /// `null`.
    #[serde(default)]
    pub nullable_items: bool,
    /// For objects: the type of keys beyond the named fields (OpenAPI's
    /// `additionalProperties`), kept in the struct's `extra` map.
    #[serde(default)]
    pub extra: Option<String>,
    /// For objects: sets of optional fields of which a value must have one
    /// in full (OpenAPI's `anyOf`/`oneOf` of `required` lists), checked
    /// before sending.
    #[serde(default)]
    pub requires: Option<RequiresSpec>,
    /// An example value, for the docs.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub example: Option<Box<serde_yaml::Value>>,
}

/// Sets of fields an object needs one of: `any_of` (at least one set
/// present in full) or `one_of` (exactly one), each set a list of field
/// names (`one_of: [[image_url], [file_id]]`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequiresSpec {
    /// At least one of these sets of fields is present in full.
    #[serde(default)]
    pub any_of: Option<Vec<Vec<String>>>,
    /// Exactly one of these sets of fields is present in full.
    #[serde(default)]
    pub one_of: Option<Vec<Vec<String>>>,
}

/// A field of an object, a parameter, or a form field. Most fields have only
/// a type and a doc, so everything else sits in one box: a large spec holds a
/// field for every few dozen bytes of YAML.
#[derive(Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(from = "FieldYaml")]
pub struct FieldSpec {
    /// `string`, `integer`, `number`, `boolean`, `date-time`, `date`,
    /// `time`, `any`, `"null"` (always null: being there is what it says),
    /// `array` (with `items`), `map` (with `values`), `file` (form fields
    /// only), or a named type.
    pub r#type: String,
    /// What the field means.
    pub doc: String,
    /// Whether it must be present (path parameters always are).
    pub required: bool,
    /// Whether it may be `null` on the wire.
    pub nullable: bool,
    // The schema is `FieldYaml`'s, as written (`serde(from)`).
    #[schemars(skip)]
    more: Option<Box<FieldMore>>,
}

impl FieldSpec {
    /// The field's other settings (all unset for most fields).
    pub fn more(&self) -> &FieldMore {
        const UNSET: &FieldMore = &FieldMore {
            rust: None,
            items: None,
            values: None,
            nullable_items: false,
            min: None,
            max: None,
            max_items: None,
            min_items: None,
            unique_items: false,
            min_length: None,
            max_length: None,
            style: None,
            max_size: None,
            file_types: Vec::new(),
            format: None,
            pattern: None,
            keys: None,
            content_type: None,
            default: None,
            example: None,
            part_headers: Vec::new(),
        };
        self.more.as_deref().unwrap_or(UNSET)
    }
}

/// The settings of a field beyond its type, doc and presence.
#[derive(Debug, Default, PartialEq)]
pub struct FieldMore {
    /// The Rust name, when the wire name's snake_case is not wanted or is
    /// another field's (`StartTime<` and `StartTime>`).
    pub rust: Option<String>,
    /// Element type of an `array`.
    pub items: Option<String>,
    /// Value type of a `map`.
    pub values: Option<String>,
    /// Whether an array's items or a map's values may be `null`.
    pub nullable_items: bool,
    /// Smallest allowed integer.
    pub min: Option<i64>,
    /// Largest allowed integer.
    pub max: Option<i64>,
    /// Largest allowed number of array items.
    pub max_items: Option<u64>,
    /// Smallest allowed number of array items.
    pub min_items: Option<u64>,
    /// Whether an array's items are all different.
    pub unique_items: bool,
    /// Fewest characters of a string (or of each string of an array).
    pub min_length: Option<u64>,
    /// Most characters of a string (or of each string of an array).
    pub max_length: Option<u64>,
    /// How a query parameter is sent: an array `repeated` (`k=a&k=b`, the
    /// default), `comma` (`k=a,b`), `space_delimited` (`k=a%20b`) or
    /// `pipe_delimited` (`k=a|b`); an object or map by its keys (`a=1&b=2`,
    /// the default) or `deep_object` (`k[a]=1&k[b]=2`).
    pub style: Option<String>,
    /// Largest allowed file, e.g. `15 MB` (file fields).
    pub max_size: Option<String>,
    /// Allowed file name extensions (file fields).
    pub file_types: Vec<String>,
    /// What a string holds (`date-time`, `email`, `uuid`, …).
    pub format: Option<String>,
    /// A regular expression a string matches.
    pub pattern: Option<String>,
    /// The keys of a `map`.
    pub keys: Option<KeysSpec>,
    /// A multipart part's media type.
    pub content_type: Option<String>,
    /// The server's default, for the docs.
    pub default: Option<Box<serde_yaml::Value>>,
    /// An example value, for the docs.
    pub example: Option<Box<serde_yaml::Value>>,
    /// Headers of a multipart part, by name (OpenAPI's `encoding.<part>.headers`).
    pub part_headers: Vec<(String, FieldSpec)>,
}

/// A field as written: every key of the format, flat.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldYaml {
    /// `string`, `integer`, `number`, `boolean`, `date-time`, `date`,
    /// `time`, `any`, `"null"` (always null: being there is what it says),
    /// `array` (with `items`), `map` (with `values`), `file` (form fields
    /// only), or a named type.
    pub r#type: String,
    /// Element type of an `array`.
    #[serde(default)]
    pub items: Option<String>,
    /// Value type of a `map` (an object whose keys are not known in advance).
    #[serde(default)]
    pub values: Option<String>,
    /// What the field means.
    pub doc: String,
    /// Whether it must be present (path parameters always are).
    #[serde(default)]
    pub required: bool,
    /// Whether it may be `null` on the wire.
    #[serde(default)]
    pub nullable: bool,
    /// Whether an array's items or a map's values may be `null`
    /// (`Vec<Option<T>>`), as distinct from the field being null.
    #[serde(default)]
    pub nullable_items: bool,
    /// The Rust name (default: the wire name in snake_case), for a wire name
    /// whose snake_case is another field's (`StartTime<` and `StartTime>`).
    #[serde(default)]
    pub rust: Option<String>,
    /// Smallest allowed integer.
    #[serde(default)]
    pub min: Option<i64>,
    /// Largest allowed integer.
    #[serde(default)]
    pub max: Option<i64>,
    /// Largest allowed number of array items.
    #[serde(default)]
    pub max_items: Option<u64>,
    /// Smallest allowed number of array items.
    #[serde(default)]
    pub min_items: Option<u64>,
    /// Whether an array's items are all different (documented, exported).
    #[serde(default)]
    pub unique_items: bool,
    /// Fewest characters of a string, or of each string of an array
    /// (documented, exported, kept by the examples).
    #[serde(default)]
    pub min_length: Option<u64>,
    /// Most characters of a string, or of each string of an array
    /// (documented, exported, kept by the examples).
    #[serde(default)]
    pub max_length: Option<u64>,
    /// How a query parameter is sent: an array `repeated` (`k=a&k=b`, the
    /// default), `comma` (`k=a,b`), `space_delimited` (`k=a%20b`) or
    /// `pipe_delimited` (`k=a|b`); an object or map by its keys (`a=1&b=2`,
    /// the default) or `deep_object` (`k[a]=1&k[b]=2`).
    #[serde(default)]
    pub style: Option<String>,
    /// Largest allowed file, e.g. `15 MB` (file fields).
    #[serde(default)]
    pub max_size: Option<String>,
    /// Allowed file name extensions (file fields).
    #[serde(default)]
    pub file_types: Vec<String>,
    /// What a string holds (`date-time`, `date`, `email`, `uri`, `uuid`, …),
    /// or each string of an array: for the docs, the examples and the
    /// OpenAPI export.
    #[serde(default)]
    pub format: Option<String>,
    /// A regular expression a string matches, or each string of an array:
    /// for the docs, the examples and the OpenAPI export.
    #[serde(default)]
    pub pattern: Option<String>,
    /// What the keys of a `map` must be (OpenAPI's `propertyNames`),
    /// checked before sending.
    #[serde(default)]
    pub keys: Option<KeysSpec>,
    /// A multipart part's media type (OpenAPI's `encoding.<part>.contentType`):
    /// a text part's (`application/sdp`), a JSON part's, or a file's when
    /// its `FilePart` names none.
    #[serde(default)]
    pub content_type: Option<String>,
    /// The server's default, for the docs.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub default: Option<Box<serde_yaml::Value>>,
    /// An example value, for the docs.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub example: Option<Box<serde_yaml::Value>>,
    /// Headers of this part of a `multipart` body, by name (OpenAPI's
    /// `encoding.<part>.headers`), each a scalar with its doc; the builder
    /// gets a setter for each (`<field>_<header>`).
    #[serde(default)]
    pub headers: IndexMap<String, FieldSpec>,
}

impl From<FieldYaml> for FieldSpec {
    fn from(f: FieldYaml) -> Self {
        let more = FieldMore {
            rust: f.rust,
            items: f.items,
            values: f.values,
            nullable_items: f.nullable_items,
            min: f.min,
            max: f.max,
            max_items: f.max_items,
            min_items: f.min_items,
            unique_items: f.unique_items,
            min_length: f.min_length,
            max_length: f.max_length,
            style: f.style,
            max_size: f.max_size,
            file_types: f.file_types,
            format: f.format,
            pattern: f.pattern,
            keys: f.keys,
            content_type: f.content_type,
            default: f.default,
            example: f.example,
            part_headers: f.headers.into_iter().collect(),
        };
        let more = (more != FieldMore::default()).then(|| Box::new(more));
        FieldSpec { r#type: f.r#type, doc: f.doc, required: f.required, nullable: f.nullable, more }
    }
}

/// One operation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    /// One line: what the call does.
    pub summary: String,
    /// The longer description.
    #[serde(default)]
    pub doc: Option<String>,
    /// `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`.
    pub method: String,
    /// The path after the server URL, with `{placeholders}`.
    pub path: String,
    /// The name of the server (from `servers:`) when not the first one.
    #[serde(default)]
    pub server: Option<String>,
    /// The vendor's tag for the operation.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Whether the vendor has deprecated it.
    #[serde(default)]
    pub deprecated: bool,
    /// Path parameters by placeholder name.
    #[serde(default, deserialize_with = "shrunk")]
    pub path_params: IndexMap<String, FieldSpec>,
    /// Query parameters by wire name.
    #[serde(default, deserialize_with = "shrunk")]
    pub query: IndexMap<String, FieldSpec>,
    /// Request headers by name.
    #[serde(default, deserialize_with = "shrunk")]
    pub headers: IndexMap<String, FieldSpec>,
    /// Cookies by name, sent in one `Cookie` header (`a=1; b=2`).
    #[serde(default, deserialize_with = "shrunk")]
    pub cookies: IndexMap<String, FieldSpec>,
    /// The request body.
    #[serde(default)]
    pub body: Option<Box<BodySpec>>,
    /// Success responses by status.
    #[serde(deserialize_with = "shrunk")]
    pub responses: IndexMap<String, ResponseSpec>,
    /// Documented errors by status, added to the API's common errors.
    #[serde(default, deserialize_with = "shrunk")]
    pub errors: IndexMap<String, ErrorsAtStatus>,
    /// What the operation needs instead of the API's `security`:
    /// alternatives of schemes sent together; `[]` for a public operation.
    #[serde(default)]
    pub security: Option<Vec<Vec<String>>>,
    /// OAuth scopes, any of which grants access.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Granular scopes.
    #[serde(default)]
    pub granular_scopes: Vec<String>,
    /// The vendor's rate-limit label.
    #[serde(default)]
    pub rate_limit: Option<String>,
    /// The vendor's page on this operation (HTTPS), linked from its docs.
    #[serde(default)]
    pub docs_url: Option<String>,
    /// Token pagination.
    #[serde(default)]
    pub pagination: Option<Box<PaginationSpec>>,
    /// The vendor says to keep the Authorization header when redirected to
    /// another host; it is kept only for the API's `hosts` over HTTPS.
    #[serde(default)]
    pub keep_auth_on_redirect: bool,
}

/// What the keys of a map must be.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeysSpec {
    /// A regular expression every key matches (unanchored, as JSON Schema's).
    #[serde(default)]
    pub pattern: Option<String>,
    /// Fewest characters of a key.
    #[serde(default)]
    pub min_length: Option<u64>,
    /// Most characters of a key.
    #[serde(default)]
    pub max_length: Option<u64>,
}

/// A request body: JSON of a named type, or a multipart form.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BodySpec {
    /// A named type sent as `application/json`.
    #[serde(default)]
    pub json: Option<String>,
    /// Form fields sent as `multipart/form-data`.
    #[serde(default, deserialize_with = "shrunk_opt")]
    pub multipart: Option<IndexMap<String, FieldSpec>>,
    /// Form fields sent as `application/x-www-form-urlencoded` (no files).
    #[serde(default, deserialize_with = "shrunk_opt")]
    pub form: Option<IndexMap<String, FieldSpec>>,
    /// A named type's value sent as `multipart/form-data`, its top-level
    /// keys the parts (an object, a map, or a union of them).
    #[serde(default)]
    pub multipart_of: Option<String>,
    /// A named type's value sent as `application/x-www-form-urlencoded`, its
    /// top-level keys the fields, structured values by their keys.
    #[serde(default)]
    pub form_of: Option<String>,
    /// For a `multipart` or `form` body: the type of the fields beyond
    /// the named ones, sent under names the caller gives (OpenAPI's
    /// `additionalProperties` on a form's schema).
    #[serde(default)]
    pub extra: Option<String>,
    /// Bytes sent as they are, with this media type
    /// (`application/octet-stream`, `image/png`; `image/*` when the file
    /// decides): the caller passes a `FilePart`.
    #[serde(default)]
    pub binary: Option<String>,
    /// What the body is, for the docs.
    #[serde(default)]
    pub doc: Option<String>,
    /// A JSON object body taken whole (`client.op(…, body)`) rather than
    /// field by field; needed when a field's Rust name is a parameter's.
    #[serde(default)]
    pub whole: bool,
}

/// A success response.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// What the response means.
    pub doc: String,
    /// A named type (JSON), `binary` (a byte stream), `text` (a `String`),
    /// or nothing (empty body).
    #[serde(default)]
    pub body: Option<String>,
    /// The media type of a `binary` body (`image/png`, `image/*`; default
    /// `application/octet-stream`), a `text` one (`text/csv`; default
    /// `text/plain`), or of `events` (default `text/event-stream`; JSON
    /// lines, one event a line: `application/x-ndjson`, `application/jsonl`).
    #[serde(default)]
    pub media_type: Option<String>,
    /// A stream of events, each event's data JSON of this named type:
    /// server-sent events, or JSON lines (`media_type`); instead of `body`.
    #[serde(default)]
    pub events: Option<String>,
    /// The data of the event that ends an event stream (`[DONE]`), not an
    /// event of its type.
    #[serde(default)]
    pub end_marker: Option<String>,
    /// The API takes the request again after an event stream broke, with
    /// the last event's id in `Last-Event-ID`, and goes on from there.
    #[serde(default)]
    pub resumable: bool,
    /// An example body, for the docs.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub example: Option<Box<serde_yaml::Value>>,
}

/// Pagination: how the next page is asked for, by `style`:
/// - `token` (the default): the response field `token_field` gives a token
///   sent back in `token_param`, a query parameter or a field of the JSON
///   request body (a search endpoint's cursor);
/// - `link`: the response's `Link: <…>; rel="next"` header (RFC 8288) is
///   the next page's URL;
/// - `next_url`: the response field `next_field` is the next page's URL
///   (absolute, or a path on the server's origin);
/// - `page`: the integer query parameter `page_param` counts pages from
///   `first_page` (1 unless stated); `total_field` may give the page count;
/// - `offset`: the integer query parameter `offset_param` counts items from
///   0; `total_field` may give the item count.
///
/// `items` is the response's array field with the page's items; absent when
/// the response is the array itself. An empty page ends every style but the
/// token's.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaginationSpec {
    /// `token`, `link`, `next_url`, `page` or `offset`.
    #[serde(default)]
    pub style: Option<String>,
    /// `token`: the query parameter or body field sent with the token.
    #[serde(default)]
    pub token_param: Option<String>,
    /// `token`: the response field with the next token; empty or absent ends the list.
    #[serde(default)]
    pub token_field: Option<String>,
    /// `next_url`: the response field with the next page's URL.
    #[serde(default)]
    pub next_field: Option<String>,
    /// `page`: the query parameter with the page number.
    #[serde(default)]
    pub page_param: Option<String>,
    /// `page`: the number of the first page (1 unless stated).
    #[serde(default)]
    pub first_page: Option<i64>,
    /// `offset`: the query parameter with the offset of the page's first item.
    #[serde(default)]
    pub offset_param: Option<String>,
    /// `page` and `offset`: the response field with the number of pages or items.
    #[serde(default)]
    pub total_field: Option<String>,
    /// The response field with the page's items; absent when the response
    /// is the array of items.
    #[serde(default)]
    pub items: Option<String>,
}

/// A map read from YAML grows by doubling; the spare room would stay for as
/// long as the spec is in memory, and a spec has a small map every few lines.
fn shrunk<'de, D: serde::Deserializer<'de>, V: Deserialize<'de>>(
    deserializer: D,
) -> Result<IndexMap<String, V>, D::Error> {
    let mut map = IndexMap::<String, V>::deserialize(deserializer)?;
    map.shrink_to_fit();
    Ok(map)
}

fn shrunk_opt<'de, D: serde::Deserializer<'de>, V: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<IndexMap<String, V>>, D::Error> {
    shrunk(deserializer).map(Some)
}

/// Boxed, for the maps that a type has one or the other of.
fn shrunk_boxed<'de, D: serde::Deserializer<'de>, V: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Box<IndexMap<String, V>>>, D::Error> {
    shrunk(deserializer).map(|map| Some(Box::new(map)))
}

//! Static facts about one API, emitted by the generator from its `api.yaml`.

/// What the runtime needs to know about an API: its servers, auth header and
/// the shape of its error bodies.
#[derive(Debug)]
pub struct ApiInfo {
    /// The API's name in the spec (`zoom`, `zoho_crm`, …).
    pub name: &'static str,
    /// Servers in spec order; the first is the default for operations.
    pub servers: &'static [ServerInfo],
    /// Hosts that belong to the API (`*.zoom.us`): a redirect may carry the
    /// token to them, over HTTPS, when the operation allows it.
    pub hosts: &'static [&'static str],
    /// Server variables shared by every server URL template.
    pub variables: &'static [VariableInfo],
    /// How the access token is sent.
    pub auth: AuthScheme,
    /// The other security schemes, and what a call needs by default.
    pub security: crate::SecurityInfo,
    /// Where the code and message sit in an error body.
    pub error_body: ErrorBodyShape,
}

/// One base URL of an API. `url` may contain `{variable}` placeholders.
#[derive(Debug)]
pub struct ServerInfo {
    /// The server's name in the spec (`default`, `files`, …).
    pub name: &'static str,
    /// URL template, e.g. `{api-domain}/crm/v2`.
    pub url: &'static str,
}

/// A placeholder of a server URL template with its default value.
#[derive(Debug)]
pub struct VariableInfo {
    /// The placeholder name, without braces.
    pub name: &'static str,
    /// The value used when the caller does not set one.
    pub default: &'static str,
}

/// How an access token is attached to a request: `HEADER: PREFIX TOKEN`.
#[derive(Debug, Clone, Copy)]
pub struct AuthScheme {
    /// Header name, usually `Authorization`.
    pub header: &'static str,
    /// Prefix before the token, e.g. `Bearer` or `Zoho-oauthtoken`.
    pub prefix: &'static str,
}

/// Whether an API's error codes are numbers (Zoom) or strings (Zoho).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeType {
    /// `{"code": 2000}`
    Integer,
    /// `{"code": "INVALID_MODULE"}`
    String,
}

/// Field names of the JSON error body.
#[derive(Debug, Clone, Copy)]
pub struct ErrorBodyShape {
    /// The field that carries the error code.
    pub code_field: &'static str,
    /// The type of the code.
    pub code_type: CodeType,
    /// The field that carries the human-readable message.
    pub message_field: &'static str,
}

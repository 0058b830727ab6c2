//! The API's credentials in Rust: the typed setters of its security
//! schemes and the OAuth 2 flows of its token, with the endpoints its spec
//! gives.

use proc_macro2::Literal;

use crate::docs_text::rustdoc;
use crate::ident::is_rust_ident;
use crate::model::*;

/// A trait of typed credential setters for the API's security schemes, one
/// method each (`api_key_<scheme>(key)`, `basic_<scheme>(user, password)`),
/// and for the OAuth 2 grants of the token that need no user at hand
/// (`oauth_client_credentials`, `oauth_password`, `oauth_refresh_token`), implemented for its
/// `ClientBuilder`; empty for an API with none.
pub(super) fn credentials_trait(api: &Api) -> String {
    // Two schemes whose methods would share a name (`basic` and `basic_auth`)
    // keep the first; the other is set with the untyped method.
    let mut taken = std::collections::HashSet::new();
    let methods: Vec<(String, String)> = api
        .security_schemes
        .iter()
        .filter_map(|scheme| {
            let name = Literal::string(&scheme.name).to_string();
            let how = scheme.doc.as_deref().map(|d| format!(" {}", d.trim())).unwrap_or_default();
            let (method, doc, signature, body) = match &scheme.kind {
                SchemeKind::ApiKey { location, param } => (
                    scheme.builder_method(),
                    format!(
                        "The key of the `{}` scheme, sent as the {} `{param}`.{how}",
                        scheme.name,
                        location.as_str()
                    ),
                    "key: impl Into<crate::runtime::Secret>".to_owned(),
                    format!("self.api_key({name}, key)"),
                ),
                SchemeKind::Basic => (
                    scheme.builder_method(),
                    format!("The user and password of the `{}` scheme, sent as HTTP Basic.{how}", scheme.name),
                    "user: impl Into<String>, password: impl Into<crate::runtime::Secret>".to_owned(),
                    format!("self.basic({name}, user, password)"),
                ),
            };
            let attribute = format!("#[doc = {}]", Literal::string(&format!(" {}", rustdoc(&doc))));
            is_rust_ident(&method).then(|| (format!("{attribute}\nfn {method}(self, {signature}) -> Self"), body))
        })
        .chain(oauth_setters(api))
        .filter(|(head, _)| {
            let method = head.lines().last().unwrap_or_default();
            let name = method.trim_start_matches("fn ").split('(').next().unwrap_or_default().to_owned();
            taken.insert(name)
        })
        .collect();
    if methods.is_empty() {
        return String::new();
    }
    let declarations: String = methods.iter().map(|(head, _)| format!("{head};\n")).collect();
    let bodies: String = methods
        .iter()
        .map(|(head, body)| {
            let head = head.lines().last().unwrap_or_default();
            format!("{head} {{ {body} }}\n")
        })
        .collect();
    let doc = format!(
        " Typed setters of this API's credentials, one per security scheme, on [`ClientBuilder`] \
         (with `use {}::Credentials as _;`).",
        api.module
    );
    format!(
        "#[doc = {}]\npub trait Credentials: Sized {{\n{declarations}}}\nimpl Credentials for ClientBuilder {{\n{bodies}}}",
        Literal::string(&doc)
    )
}

/// A doc attribute of one line.
fn doc_attr(text: &str) -> String {
    format!("#[doc = {}]", Literal::string(&format!(" {}", rustdoc(text))))
}

/// The flow that gives refresh tokens: the first authorization code, device
/// code or password flow; its refresh URL, else its token URL.
fn refresh_url(api: &Api) -> Option<&str> {
    api.oauth_flows
        .iter()
        .filter(|f| matches!(f.kind, FlowKind::AuthorizationCode | FlowKind::DeviceCode | FlowKind::Password))
        .find_map(|f| f.refresh_url.as_deref().or(f.token_url.as_deref()))
}

fn flow(api: &Api, kind: FlowKind) -> Option<&OAuthFlow> {
    api.oauth_flows.iter().find(|f| f.kind == kind)
}

/// The builder setters of the token's grants that need no browser.
fn oauth_setters(api: &Api) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if flow(api, FlowKind::ClientCredentials).is_some() {
        out.push((
            format!(
                "{}\nfn oauth_client_credentials(self, client_id: impl Into<String>, client_secret: impl Into<crate::runtime::Secret>) -> Self",
                doc_attr("The token from the OAuth 2 client credentials grant of the app with this id and secret (see [`OAuth::client_credentials`] to ask for scopes).")
            ),
            "self.token_provider(OAuth::client_credentials(client_id, client_secret))".to_owned(),
        ));
    }
    if flow(api, FlowKind::Password).is_some() {
        out.push((
            format!(
                "{}\nfn oauth_password(self, username: impl Into<String>, password: impl Into<crate::runtime::Secret>, client_id: impl Into<String>, client_secret: Option<crate::runtime::Secret>) -> Self",
                doc_attr("The token of the user with this name and password, from the OAuth 2 password grant through this client (a public client has no secret); see [`OAuth::password`].")
            ),
            "self.token_provider(OAuth::password(username, password, client_id, client_secret))".to_owned(),
        ));
    }
    if refresh_url(api).is_some() {
        out.push((
            format!(
                "{}\nfn oauth_refresh_token(self, refresh_token: impl Into<crate::runtime::Secret>, client_id: impl Into<String>, client_secret: Option<crate::runtime::Secret>) -> Self",
                doc_attr("The token kept fresh with an OAuth 2 refresh token of this client (a public client has no secret); see [`OAuth::refresh_token`].")
            ),
            "self.token_provider(OAuth::refresh_token(refresh_token, client_id, client_secret))".to_owned(),
        ));
    }
    out
}

/// `OAuth`: one constructor per OAuth 2 grant of the token that the runtime
/// runs, with the spec's endpoints, and the discovery of an OpenID Connect
/// provider; nothing for an API without flows.
pub(super) fn oauth_flows(api: &Api) -> String {
    if api.oauth_flows.is_empty() && api.openid_connect.is_none() {
        return String::new();
    }
    let lit = |s: &str| Literal::string(s).to_string();
    let mut items: Vec<String> = Vec::new();
    let mut scopes: Vec<&(String, String)> = Vec::new();
    for f in &api.oauth_flows {
        for scope in &f.scopes {
            if !scopes.iter().any(|s| s.0 == scope.0) {
                scopes.push(scope);
            }
        }
    }
    let scope_list: Vec<String> = scopes.iter().map(|(n, d)| format!("({}, {})", lit(n), lit(d))).collect();
    items.push(format!(
        "{}\npub const SCOPES: &'static [(&'static str, &'static str)] = &[{}];",
        doc_attr("The scopes the flows grant, each with what it allows."),
        scope_list.join(", ")
    ));
    if let Some(f) = flow(api, FlowKind::ClientCredentials) {
        let token = f.token_url.as_deref().unwrap_or_default();
        items.push(format!(
            "{}\npub fn client_credentials(client_id: impl Into<String>, client_secret: impl Into<crate::runtime::Secret>) -> crate::runtime::ClientCredentials {{ crate::runtime::ClientCredentials::new({}, client_id, client_secret) }}",
            doc_attr(&format!("The client credentials grant from `{token}`, for the app with this id and secret.")),
            lit(token)
        ));
    }
    if let Some(f) = flow(api, FlowKind::AuthorizationCode) {
        let (authorize, token) =
            (f.authorize_url.as_deref().unwrap_or_default(), f.token_url.as_deref().unwrap_or_default());
        items.push(format!(
            "{}\npub fn authorization_code(client_id: impl Into<String>, client_secret: Option<crate::runtime::Secret>, redirect_url: impl Into<String>) -> crate::runtime::AuthorizationCode {{ crate::runtime::AuthorizationCode::new({}, {}, client_id, client_secret, redirect_url) }}",
            doc_attr(&format!("The authorization code grant with PKCE: the user approves at `{authorize}`, the code is exchanged at `{token}`.")),
            lit(authorize),
            lit(token)
        ));
    }
    if let Some(f) = flow(api, FlowKind::DeviceCode) {
        let (device, token) = (f.device_url.as_deref().unwrap_or_default(), f.token_url.as_deref().unwrap_or_default());
        items.push(format!(
            "{}\npub fn device_code(client_id: impl Into<String>, client_secret: Option<crate::runtime::Secret>) -> crate::runtime::DeviceCode {{ crate::runtime::DeviceCode::new({}, {}, client_id, client_secret) }}",
            doc_attr(&format!("The device code grant: a user code from `{device}`, tokens from `{token}`.")),
            lit(device),
            lit(token)
        ));
    }
    if let Some(f) = flow(api, FlowKind::Password) {
        let token = f.token_url.as_deref().unwrap_or_default();
        items.push(format!(
            "{}\npub fn password(username: impl Into<String>, password: impl Into<crate::runtime::Secret>, client_id: impl Into<String>, client_secret: Option<crate::runtime::Secret>) -> crate::runtime::PasswordGrant {{ crate::runtime::PasswordGrant::new({}, username, password, client_id, client_secret) }}",
            doc_attr(&format!("The resource owner password grant from `{token}`, for the user with this name and password through this client.")),
            lit(token)
        ));
    }
    if let Some(url) = refresh_url(api) {
        items.push(format!(
            "{}\npub fn refresh_token(refresh_token: impl Into<crate::runtime::Secret>, client_id: impl Into<String>, client_secret: Option<crate::runtime::Secret>) -> crate::runtime::RefreshToken {{ crate::runtime::RefreshToken::new({}, refresh_token, client_id, client_secret) }}",
            doc_attr(&format!("Access tokens from a refresh token, at `{url}`.")),
            lit(url)
        ));
    }
    if let Some(url) = &api.openid_connect {
        items.push(format!(
            "{}\npub async fn discover() -> Result<crate::runtime::OpenIdProvider, crate::runtime::AuthError> {{ crate::runtime::OpenIdProvider::discover({}).await }}",
            doc_attr(&format!("The OpenID Connect provider's endpoints, read from `{url}`; each of its methods starts a grant.")),
            lit(url)
        ));
    }
    let implicit = api.oauth_flows.iter().any(|f| f.kind == FlowKind::Implicit);
    let mut doc = format!(" The OAuth 2 flows of the {} API's token, with the endpoints its spec gives.", api.title);
    if implicit {
        doc.push_str(" The spec also declares the implicit flow, which runs in a browser and which OAuth 2.1 drops: this client does not run it.");
    }
    format!(
        "#[doc = {}]\n#[derive(Debug, Clone, Copy)]\npub struct OAuth;\nimpl OAuth {{\n{}\n}}",
        Literal::string(&doc),
        items.join("\n")
    )
}

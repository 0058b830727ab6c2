//! Security: the documents' security schemes as the format's, their
//! requirements, and the API's `auth`.

use super::*;

impl<'d> Converter<'d> {
    /// `auth:` from the first OAuth2 or bearer scheme the documents declare.
    /// The documents' security schemes by name, as the format has them:
    /// the token (bearer, OAuth 2, OpenID Connect, with a token URL), API
    /// keys and HTTP Basic; the others with why they are left out.
    pub(super) fn security_schemes_of(&self) -> Result<IndexMap<String, SchemeOut>, ImportError> {
        let docs = self.docs;
        let mut out = IndexMap::new();
        for d in 0..docs.given {
            let Some(schemes) = docs.doc(d).value.pointer("/components/securitySchemes").and_then(Value::as_object)
            else {
                continue;
            };
            let at = Loc { doc: d, pointer: "/components/securitySchemes".to_owned() };
            for (name, scheme) in schemes {
                if out.contains_key(name) {
                    continue;
                }
                let scheme = match self.follow(&at.child(name), scheme)? {
                    Ok((_, scheme)) => scheme,
                    Err(why) => {
                        out.insert(name.clone(), SchemeOut::Unsupported(why));
                        continue;
                    }
                };
                let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
                let http = scheme.get("scheme").and_then(Value::as_str).map(str::to_ascii_lowercase);
                let described = |map: &mut Map| {
                    if let Some(doc) = text(scheme, "description") {
                        map.str("doc", doc);
                    }
                };
                let converted = match (kind, http.as_deref()) {
                    ("oauth2" | "openIdConnect", _) | ("http", Some("bearer")) => {
                        let openid = scheme
                            .get("openIdConnectUrl")
                            .or_else(|| scheme.get("x-openid-connect-url"))
                            .and_then(Value::as_str)
                            .map(str::to_owned);
                        let (flows, left_out) = flows_of(scheme.get("flows"));
                        SchemeOut::Token(TokenSource { flows, left_out, openid })
                    }
                    ("http", Some("basic")) => {
                        let mut map = Map::new();
                        map.raw("type", "basic");
                        described(&mut map);
                        SchemeOut::Declared(scheme_name(name), map)
                    }
                    ("apiKey", _) => {
                        let location = scheme.get("in").and_then(Value::as_str).unwrap_or("");
                        let param = scheme.get("name").and_then(Value::as_str).unwrap_or("");
                        if !["header", "query", "cookie"].contains(&location) || param.is_empty() {
                            SchemeOut::Unsupported(format!("an API key in `{location}` named `{param}`"))
                        } else {
                            let mut map = Map::new();
                            map.raw("type", "api_key");
                            map.raw("in", location);
                            map.str("name", param);
                            described(&mut map);
                            SchemeOut::Declared(scheme_name(name), map)
                        }
                    }
                    (other, http) => SchemeOut::Unsupported(format!(
                        "the scheme type `{other}`{}",
                        http.map(|h| format!(" `{h}`")).unwrap_or_default()
                    )),
                };
                out.insert(name.clone(), converted);
            }
        }
        Ok(out)
    }

    /// A document's `security` (at `place`) in the format, written inline
    /// (`[[client_id, client_secret], [basic]]`, `[]` for a public
    /// operation); `None` for the token alone in an API that declares no
    /// other scheme (the client sends its token when it has one). An
    /// alternative that needs a scheme left out is noted and dropped.
    pub(super) fn requirement_of(
        &mut self,
        security: &Value,
        schemes: &IndexMap<String, SchemeOut>,
        file: &str,
        place: &str,
    ) -> Option<String> {
        let alternatives = security.as_array()?;
        let mut out: Vec<Vec<String>> = Vec::new();
        for alternative in alternatives {
            let mut names: Vec<String> = Vec::new();
            let mut usable = true;
            for name in alternative.as_object().into_iter().flat_map(|o| o.keys()) {
                match schemes.get(name) {
                    Some(SchemeOut::Token(_)) => names.push(TOKEN_SCHEME.to_owned()),
                    Some(SchemeOut::Declared(spec_name, _)) => names.push(spec_name.clone()),
                    Some(SchemeOut::Unsupported(_)) | None => usable = false,
                }
            }
            if !usable {
                let what =
                    format!("a security alternative needing a scheme the format cannot send: left out ({alternative})");
                let note = self.note_in(file, place, what);
                if file == "api.yaml" {
                    self.api_notes.push(("security", note));
                }
                continue;
            }
            dedup(&mut names);
            if !out.contains(&names) {
                out.push(names);
            }
        }
        let declared = schemes.values().any(|s| matches!(s, SchemeOut::Declared(..)));
        if !declared && !out.is_empty() && out.iter().all(|alt| alt == &[TOKEN_SCHEME.to_owned()]) {
            return None;
        }
        let alternatives: Vec<String> = out.iter().map(|alt| format!("[{}]", alt.join(", "))).collect();
        Some(format!("[{}]", alternatives.join(", ")))
    }

    /// The `auth` token: a bearer token, with the OAuth 2 flows of the first
    /// token scheme that has any and the first OpenID Connect URL; a note
    /// when the documents declare no scheme at all (a token is then assumed).
    pub(super) fn auth(&mut self, schemes: &IndexMap<String, SchemeOut>) -> (Map, Option<String>) {
        let mut auth = Map::new();
        auth.raw("prefix", "Bearer");
        let sources: Vec<&TokenSource> = schemes
            .values()
            .filter_map(|s| match s {
                SchemeOut::Token(source) => Some(source),
                _ => None,
            })
            .collect();
        if let Some(flows) = sources.iter().find(|s| !s.flows.is_empty()) {
            auth.insert("flows", Node::Map(flows.flows.clone()));
        }
        if let Some(url) = sources.iter().find_map(|s| s.openid.as_ref()) {
            auth.str("openid_connect", url);
        }
        if !schemes.is_empty() {
            return (auth, None);
        }
        let what = "the documents declare no security scheme; a bearer token is assumed";
        (auth, Some(self.note_in("api.yaml", "auth", what.to_owned())))
    }
}

/// How a security scheme of the documents maps to the format.
pub(super) enum SchemeOut {
    /// The token (`auth`), with where it comes from.
    Token(TokenSource),
    /// A scheme of `security_schemes`: its name there and its YAML.
    Declared(String, Map),
    /// A scheme the format cannot send, and why.
    Unsupported(String),
}

/// Where a token scheme's tokens come from.
pub(super) struct TokenSource {
    /// Its OAuth 2 flows as `auth.flows`.
    pub(super) flows: Map,
    /// Flows left out, and why.
    pub(super) left_out: Vec<String>,
    /// Its OpenID Connect discovery URL.
    pub(super) openid: Option<String>,
}

/// An OAuth 2 scheme's `flows` in the format, with the flows left out and
/// why: a URL that is not absolute HTTPS (the format sends credentials
/// nowhere else).
pub(super) fn flows_of(flows: Option<&Value>) -> (Map, Vec<String>) {
    use crate::model::FlowKind;
    const FLOW_KINDS: [(FlowKind, &str); 5] = FlowKind::ALL;
    // In the order OpenAPI documents write them (and export does), so that
    // a document and its export import alike.
    const FLOWS: [(&str, &str); 6] = [
        ("implicit", "implicit"),
        ("password", "password"),
        ("clientCredentials", "client_credentials"),
        ("authorizationCode", "authorization_code"),
        ("deviceAuthorization", "device_code"),
        ("x-device-authorization", "device_code"),
    ];
    const URLS: [(&str, &str); 4] = [
        ("authorizationUrl", "authorize_url"),
        ("tokenUrl", "token_url"),
        ("deviceAuthorizationUrl", "device_url"),
        ("refreshUrl", "refresh_url"),
    ];
    let (mut out, mut left_out) = (Map::new(), Vec::new());
    let Some(flows) = flows.and_then(Value::as_object) else { return (out, left_out) };
    for key in flows.keys().filter(|k| !k.starts_with("x-") && !FLOWS.iter().any(|(f, _)| f == k)) {
        left_out.push(format!("the OAuth 2 flow `{key}`"));
    }
    for (key, kind) in FLOWS {
        let Some(flow) = flows.get(key) else { continue };
        if out.0.iter().any(|e| e.key == kind) {
            continue;
        }
        let (authorize, token, device) =
            FLOW_KINDS.iter().find(|(_, n)| *n == kind).map_or((false, false, false), |(k, _)| k.needs());
        let mut map = Map::new();
        let mut bad = None;
        for ((openapi, format), needed) in URLS.into_iter().zip([Some(authorize), Some(token), Some(device), None]) {
            match (flow.get(openapi).and_then(Value::as_str), needed) {
                (_, Some(false)) => {}
                (Some(url), _) if url.starts_with("https://") => {
                    map.str(format, url);
                }
                (Some(url), _) => {
                    bad = Some(format!("the OAuth 2 flow `{key}`, whose `{openapi}` `{url}` is not HTTPS"))
                }
                (None, Some(true)) => bad = Some(format!("the OAuth 2 flow `{key}`, which has no `{openapi}`")),
                (None, _) => {}
            }
        }
        if let Some(why) = bad {
            left_out.push(why);
            continue;
        }
        let scopes = flow.get("scopes").and_then(Value::as_object);
        if let Some(scopes) = scopes.filter(|s| !s.is_empty()) {
            let entries = scopes
                .iter()
                .map(|(name, what)| entry(name, Node::Str(what.as_str().unwrap_or_default().to_owned())))
                .collect();
            map.insert("scopes", Node::Map(Map(entries)));
        }
        out.insert(kind, Node::Map(map));
    }
    (out, left_out)
}

/// A scheme's name in the format: the document's in snake_case, never
/// `token` (the name of the `auth` token).
pub(super) fn scheme_name(name: &str) -> String {
    match snake(name) {
        n if n == TOKEN_SCHEME => format!("{n}_key"),
        n if n.is_empty() => "scheme".to_owned(),
        n => n,
    }
}

//! Security schemes besides the token (API keys, HTTP Basic) and the
//! requirements of an API and its operations: which credentials a call
//! sends, chosen before anything goes out.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::auth::{Secret, TokenProvider};
use crate::error::AuthError;

/// The name of the scheme that is the API's token (`auth:` in the spec):
/// bearer, OAuth 2, or a vendor's flow.
pub const TOKEN: &str = "token";

/// Alternatives, each the schemes sent together: `&[&["client_id",
/// "client_secret"], &["basic"]]`. No alternative (`&[]`) is a public
/// operation; an empty alternative (`&[&[]]`) makes credentials optional.
pub type Requirement = &'static [&'static [&'static str]];

/// The security of an API: its schemes besides the token, and what a call
/// needs unless its operation says otherwise.
#[derive(Debug, Clone, Copy)]
pub struct SecurityInfo {
    /// The schemes besides the token, by name.
    pub schemes: &'static [SchemeInfo],
    /// What a call needs by default; `None` for an API that declares
    /// nothing: the token is sent when the client has one.
    pub default: Option<Requirement>,
}

impl SecurityInfo {
    /// An API that declares nothing but its token.
    pub const TOKEN_ONLY: SecurityInfo = SecurityInfo { schemes: &[], default: None };

    fn scheme(&self, name: &str) -> Option<&'static SchemeInfo> {
        self.schemes.iter().find(|s| s.name == name)
    }
}

/// A named security scheme.
#[derive(Debug, Clone, Copy)]
pub struct SchemeInfo {
    /// Its name in the spec (`api_key`, `basic`).
    pub name: &'static str,
    /// How its credential goes out.
    pub kind: SchemeKind,
}

/// How a scheme's credential goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// A key as a header, a query parameter or a cookie named `param`.
    ApiKey {
        /// Where the key goes.
        location: KeyLocation,
        /// The header, parameter or cookie name.
        param: &'static str,
    },
    /// HTTP Basic: `Authorization: Basic base64(user:password)`.
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

/// A credential the client holds for a scheme.
#[derive(Clone)]
pub(crate) enum Credential {
    Key(Secret),
    /// A key asked of a provider for each attempt (a vault, a rotation service).
    KeyFrom(Arc<dyn TokenProvider>),
    Basic {
        user: String,
        password: Secret,
    },
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Key(_) => f.write_str("Key(***)"),
            Credential::KeyFrom(_) => f.write_str("KeyFrom(provider)"),
            Credential::Basic { user, .. } => f.debug_struct("Basic").field("user", user).finish_non_exhaustive(),
        }
    }
}

/// The credentials of one call, from the alternative chosen.
#[derive(Default)]
pub(crate) struct Chosen {
    /// Whether the token goes too.
    pub(crate) token: bool,
    /// API keys with where they go.
    pub(crate) keys: Vec<(KeyLocation, &'static str, Secret)>,
    /// API keys still to ask their providers for, with where they go.
    pub(crate) pending: Vec<(KeyLocation, &'static str, Arc<dyn TokenProvider>)>,
    /// HTTP Basic's user and password.
    pub(crate) basic: Option<(String, Secret)>,
}

impl fmt::Debug for Chosen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<&str> = self.keys.iter().map(|k| k.1).chain(self.pending.iter().map(|k| k.1)).collect();
        f.debug_struct("Chosen")
            .field("token", &self.token)
            .field("keys", &keys)
            .field("basic", &self.basic.as_ref().map(|b| &b.0))
            .finish()
    }
}

impl Chosen {
    /// The credentials of one attempt: each pending key from its provider.
    pub(crate) async fn resolve(&self) -> Result<Chosen, AuthError> {
        let mut keys = self.keys.clone();
        for (location, param, provider) in &self.pending {
            keys.push((*location, param, provider.token().await?));
        }
        Ok(Chosen { token: self.token, keys, pending: Vec::new(), basic: self.basic.clone() })
    }
}

/// What a call sends: the first alternative of `requirement` (the
/// operation's, else the API's) whose every scheme the client has a
/// credential for. `None` for an API that declares nothing (the token when
/// the client has one). Fails, naming the schemes, when none is satisfied.
pub(crate) fn choose(
    security: &SecurityInfo,
    requirement: Option<Requirement>,
    has_token: bool,
    credentials: &HashMap<&'static str, Credential>,
    operation: &str,
) -> Result<Option<Chosen>, AuthError> {
    let Some(alternatives) = requirement.or(security.default) else { return Ok(None) };
    if alternatives.is_empty() {
        return Ok(Some(Chosen::default()));
    }
    let satisfied = |name: &str| if name == TOKEN { has_token } else { credentials.contains_key(name) };
    // An empty alternative makes credentials optional: those the client
    // holds still go, so it is tried last.
    let ordered =
        alternatives.iter().filter(|alt| !alt.is_empty()).chain(alternatives.iter().filter(|alt| alt.is_empty()));
    let Some(alternative) = ordered.into_iter().find(|alt| alt.iter().all(|name| satisfied(name))) else {
        return Err(AuthError::new(format!(
            "`{operation}` needs {}; the client has no credentials for it (set them on the client builder)",
            describe(alternatives)
        )));
    };
    let mut chosen = Chosen::default();
    for name in alternative.iter() {
        if *name == TOKEN {
            chosen.token = true;
            continue;
        }
        match (security.scheme(name).map(|s| s.kind), credentials.get(name)) {
            (Some(SchemeKind::ApiKey { location, param }), Some(Credential::Key(key))) => {
                chosen.keys.push((location, param, key.clone()))
            }
            (Some(SchemeKind::ApiKey { location, param }), Some(Credential::KeyFrom(provider))) => {
                chosen.pending.push((location, param, Arc::clone(provider)))
            }
            (Some(SchemeKind::Basic), Some(Credential::Basic { user, password })) => {
                chosen.basic = Some((user.clone(), password.clone()))
            }
            _ => return Err(AuthError::new(format!("the credential for `{name}` is not of its scheme's kind"))),
        }
    }
    Ok(Some(chosen))
}

/// `` `a` and `b`, or `c` `` for the docs of an error.
fn describe(alternatives: Requirement) -> String {
    let each: Vec<String> =
        alternatives.iter().map(|alt| alt.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" and ")).collect();
    each.join(", or ")
}

/// Checks a credential given to the builder against the API's schemes.
pub(crate) fn check_credential(
    security: &SecurityInfo,
    name: &str,
    credential: &Credential,
    api: &str,
) -> Result<(), String> {
    let kind = security.scheme(name).map(|s| s.kind);
    match (kind, credential) {
        (Some(SchemeKind::ApiKey { .. }), Credential::Key(_) | Credential::KeyFrom(_))
        | (Some(SchemeKind::Basic), Credential::Basic { .. }) => Ok(()),
        (Some(_), _) => Err(format!("the scheme `{name}` of the API `{api}` takes another kind of credential")),
        (None, _) => {
            let known: Vec<&str> = security.schemes.iter().map(|s| s.name).collect();
            Err(format!("the API `{api}` has no security scheme `{name}` (it has: {})", known.join(", ")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SECURITY: SecurityInfo = SecurityInfo {
        schemes: &[
            SchemeInfo { name: "id", kind: SchemeKind::ApiKey { location: KeyLocation::Header, param: "X-Id" } },
            SchemeInfo { name: "secret", kind: SchemeKind::ApiKey { location: KeyLocation::Query, param: "s" } },
            SchemeInfo { name: "basic", kind: SchemeKind::Basic },
        ],
        default: Some(&[&["id", "secret"], &["basic"]]),
    };

    #[test]
    fn the_first_alternative_the_client_can_satisfy_is_sent() {
        let mut creds = HashMap::new();
        let err = choose(&SECURITY, None, false, &creds, "op").unwrap_err();
        assert!(err.to_string().contains("`id` and `secret`, or `basic`"), "{err}");
        creds.insert("basic", Credential::Basic { user: "u".into(), password: Secret::new("p") });
        let chosen = choose(&SECURITY, None, false, &creds, "op").unwrap().unwrap();
        assert!(chosen.basic.is_some() && chosen.keys.is_empty());
        creds.insert("id", Credential::Key(Secret::new("i")));
        creds.insert("secret", Credential::Key(Secret::new("s")));
        let chosen = choose(&SECURITY, None, false, &creds, "op").unwrap().unwrap();
        assert_eq!(chosen.keys.len(), 2);
        assert!(chosen.basic.is_none());
        // A public operation sends nothing; a token-only API is left as it was.
        // Optional credentials still go when the client holds them.
        let optional: Requirement = &[&[], &["basic"]];
        let chosen = choose(&SECURITY, Some(optional), false, &creds, "op").unwrap().unwrap();
        assert!(chosen.basic.is_some());
        const PUBLIC: Requirement = &[];
        const ANONYMOUS: Requirement = &[&[]];
        for public in [PUBLIC, ANONYMOUS] {
            let chosen = choose(&SECURITY, Some(public), false, &HashMap::new(), "op").unwrap().unwrap();
            assert!(chosen.keys.is_empty() && chosen.basic.is_none() && !chosen.token);
        }
        assert!(choose(&SecurityInfo::TOKEN_ONLY, None, true, &creds, "op").unwrap().is_none());
        assert!(format!("{:?}", creds).contains("***") && !format!("{:?}", creds).contains("\"p\""));
    }
}

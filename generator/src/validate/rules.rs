//! What a name, size, status, template, pattern or media type may be: the
//! rules that validation checks and that `import` applies when it writes a
//! spec.

use crate::ident::camel;
use crate::model::{StatusSet, Temporal};

/// What JSON a union member accepts, as far as telling members apart needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum JsonKind<F> {
    /// An object with these required fields (each compared whole).
    Object(Vec<F>),
    /// A map of the named value type.
    Map(String),
    /// An array of the named item type.
    Array(String),
    /// A string or a string enum (an enum keeps unknown strings, so it
    /// takes every string).
    String,
    /// An integer or an integer enum.
    Integer,
    /// Any number, integers too.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Any JSON.
    Any,
    /// `null` alone.
    Null,
    /// A union: what it takes is its members' business, not compared.
    Union,
}

impl<F: PartialEq> JsonKind<F> {
    /// Whether every value this kind takes is taken by `earlier` too, so that
    /// a member of this kind after a member of `earlier` is never decoded.
    /// An object takes any object with its required fields (others are
    /// ignored); a map or array of any JSON takes every map or array.
    pub(crate) fn shadowed_by(&self, earlier: &JsonKind<F>) -> bool {
        use JsonKind::*;
        match (earlier, self) {
            (Any, _) => true,
            (Union, _) | (_, Union) => false,
            (Number, Integer) => true,
            (Object(e), Object(l)) => e.iter().all(|f| l.contains(f)),
            (Object(e), Map(_)) => e.is_empty(),
            (Map(v), Object(_)) => v == "any",
            (Array(e), Array(l)) | (Map(e), Map(l)) => e == l || e == "any",
            (e, l) => matches!(
                (e, l),
                (String, String) | (Integer, Integer) | (Number, Number) | (Boolean, Boolean) | (Null, Null)
            ),
        }
    }
}

impl<F> JsonKind<F> {
    /// What the built-in type `name` takes, for one that holds a single JSON
    /// value (a scalar, a date or time, any JSON).
    pub(crate) fn of_builtin(name: &str) -> Option<Self> {
        match name {
            "string" => Some(JsonKind::String),
            "integer" => Some(JsonKind::Integer),
            "number" => Some(JsonKind::Number),
            "boolean" => Some(JsonKind::Boolean),
            "any" => Some(JsonKind::Any),
            "null" => Some(JsonKind::Null),
            other => Temporal::from_name(other).map(|_| JsonKind::String),
        }
    }

    /// Whether this kind takes every value of another kind of its JSON type:
    /// a number every integer, an object without required fields every
    /// object, a map or array of any JSON every map or array. A union lists
    /// such members last.
    pub(crate) fn is_broad(&self) -> bool {
        match self {
            JsonKind::Number => true,
            JsonKind::Object(required) => required.is_empty(),
            JsonKind::Map(inner) | JsonKind::Array(inner) => inner == "any",
            _ => false,
        }
    }
}

/// The union members that can never be decoded, as (earlier, later) pairs,
/// one per unreachable later member. Members are tried in order, so a later
/// member is unreachable when an earlier one takes every value it takes
/// ([`JsonKind::shadowed_by`]).
pub(crate) fn shadowed_members<F: PartialEq>(members: &[JsonKind<F>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (j, later) in members.iter().enumerate() {
        let earlier = members.iter().take(j).position(|e| later.shadowed_by(e));
        out.extend(earlier.map(|i| (i, j)));
    }
    out
}

/// The error variant of a code: `Code1001` when codes are integers, else
/// the code in CamelCase (`INVALID_DATA` → `InvalidData`).
pub(crate) fn code_variant(code: &str, integer_codes: bool) -> String {
    if integer_codes {
        format!("Code{code}")
    } else {
        camel(code)
    }
}

/// The `{placeholders}` of a path or URL template, in order.
pub(crate) fn placeholders(template: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.get(open..open + 1) == Some("}") {
            return Err(format!("unmatched `}}` in `{template}`"));
        }
        let after = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = after.find('}') else {
            return Err(format!("unterminated placeholder in `{template}`"));
        };
        let name = after.get(..close).unwrap_or_default();
        if name.is_empty() || name.contains('{') {
            return Err(format!("malformed placeholder in `{template}`"));
        }
        if out.iter().any(|n| n == name) {
            return Err(format!("placeholder `{{{name}}}` appears twice in `{template}`"));
        }
        out.push(name.to_owned());
        rest = after.get(close + 1..).unwrap_or_default();
    }
    Ok(out)
}

/// `15 MB` → bytes (binary units, so a client-side check never refuses what the server accepts).
pub(super) fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (num, unit) = text.split_at(split);
    let n: u64 = num.parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "KB" => 1 << 10,
        "MB" => 1 << 20,
        "GB" => 1 << 30,
        _ => return None,
    };
    n.checked_mul(factor)
}

/// A `format` name: `date-time`, `uuid`, `int_id`.
pub(crate) fn is_format_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Why a `pattern` is not a regular expression the format reads, if it is not.
pub(crate) fn pattern_problem(pattern: &str) -> Option<String> {
    let e = regex_syntax::Parser::new().parse(pattern).err()?;
    Some(e.to_string().lines().last().unwrap_or_default().trim_start_matches("error: ").to_owned())
}

/// `image/png`, `image/*`, `application/vnd.api+json`: a type and a subtype.
/// Whether `name` is an HTTP token (RFC 9110): what a header or cookie
/// name may be.
pub(crate) fn is_http_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

pub(crate) fn is_media_type(text: &str) -> bool {
    let token = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b));
    match text.split_once('/') {
        Some((kind, sub)) => token(kind) && (sub == "*" || token(sub)),
        None => false,
    }
}

/// The variant for a status documented without codes: its reason phrase.
/// The error variant of a status without codes: the status's name, and
/// `ClientError`, `ServerError` or `Default` for a class or `default`.
pub(crate) fn set_variant(set: StatusSet) -> String {
    match set {
        StatusSet::Exact(status) => status_variant(status),
        StatusSet::Class(4) => "ClientError".to_owned(),
        StatusSet::Class(_) => "ServerError".to_owned(),
        StatusSet::Default => "Default".to_owned(),
    }
}

pub(crate) fn status_variant(status: u16) -> String {
    let reason = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    };
    reason.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_placeholders() {
        assert_eq!(parse_size("15 MB"), Some(15 << 20));
        assert_eq!(parse_size("2GB"), Some(2 << 30));
        assert_eq!(parse_size("10240"), Some(10240));
        assert_eq!(parse_size("ten MB"), None);
        assert_eq!(placeholders("/a/{b}/c/{d}").unwrap(), vec!["b", "d"]);
        assert!(placeholders("/a/{b").is_err());
        assert!(placeholders("/a/b}").is_err());
        assert!(placeholders("/a/{b}/{b}").is_err());
    }

    #[test]
    fn union_members_shadowed_by_earlier_ones() {
        use JsonKind::*;
        let object = |fields: &[&'static str]| Object(fields.to_vec());
        let shadowed = |members: &[JsonKind<&'static str>]| shadowed_members(members);
        assert_eq!(shadowed(&[Number, Integer]), [(0, 1)]);
        assert!(shadowed(&[Integer, Number]).is_empty());
        assert_eq!(shadowed(&[String, Integer, String]), [(0, 2)]);
        assert!(shadowed(&[object(&["a"]), object(&["b"]), String, Array("x".into())]).is_empty());
        assert_eq!(shadowed(&[object(&["a"]), object(&["a", "b"])]), [(0, 1)]);
        assert_eq!(shadowed(&[object(&[]), Map("x".into())]), [(0, 1)]);
        assert_eq!(shadowed(&[Map("any".into()), object(&["a"])]), [(0, 1)]);
        assert!(shadowed(&[Map("x".into()), object(&["a"])]).is_empty());
        assert_eq!(shadowed(&[Array("any".into()), Array("x".into())]), [(0, 1)]);
        assert!(shadowed(&[Array("x".into()), Array("y".into())]).is_empty());
        assert_eq!(shadowed(&[Any, Boolean]), [(0, 1)]);
        assert!(shadowed(&[Union, Union, String]).is_empty());
        assert!(JsonKind::<&str>::Number.is_broad() && object(&[]).is_broad() && !object(&["a"]).is_broad());
    }
}

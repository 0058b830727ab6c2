//! Filling a path template with percent-encoded segments.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::ValidationError;

/// Everything but RFC 3986 unreserved characters is encoded, so a value can
/// never add a segment, a query or a fragment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Encodes one path segment. `.` and `..` are refused: URL parsers resolve them
/// (even percent-encoded) and the request would reach another resource.
pub fn encode_segment(name: &str, value: &str) -> Result<String, ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new(name, "must not be empty"));
    }
    if value == "." || value == ".." {
        return Err(ValidationError::new(name, "must not be `.` or `..`"));
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

/// Replaces each `{name}` of `template` by its encoded value, refusing
/// nothing: what a mock expects. A value the client refuses to send gives a
/// path the client never requests; a placeholder without a value stays.
#[cfg(feature = "mock")]
pub(crate) fn fill_unchecked(template: &str, params: &[(&'static str, String)]) -> String {
    let filled = substitute(template, |name| {
        Ok(match params.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => utf8_percent_encode(value, SEGMENT).to_string(),
            None => format!("{{{name}}}"),
        })
    });
    filled.unwrap_or_else(|_| template.to_owned())
}

/// Replaces each `{name}` of `template` by its encoded value.
pub fn fill(template: &str, params: &[(&'static str, String)]) -> Result<String, ValidationError> {
    substitute(template, |name| {
        let Some((_, value)) = params.iter().find(|(n, _)| *n == name) else {
            return Err(ValidationError::new(name, "path parameter has no value"));
        };
        encode_segment(name, value)
    })
}

/// Replaces each `{name}` of `template` by what `value` gives for `name`.
fn substitute(
    template: &str,
    mut value: impl FnMut(&str) -> Result<String, ValidationError>,
) -> Result<String, ValidationError> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let Some((name, tail)) = after.split_once('}') else {
            return Err(ValidationError::new("path", format!("unterminated placeholder in `{template}`")));
        };
        out.push_str(&value(name)?);
        rest = tail;
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cannot_escape() {
        let p = fill("/clips/{clipId}", &[("clipId", "../users/me".into())]).unwrap();
        assert_eq!(p, "/clips/..%2Fusers%2Fme");
        let p = fill("/a/{x}/b", &[("x", "a b?c#d%".into())]).unwrap();
        assert_eq!(p, "/a/a%20b%3Fc%23d%25/b");
        assert!(fill("/a/{x}", &[("x", "..".into())]).is_err());
        assert!(fill("/a/{x}", &[("x", "".into())]).is_err());
        assert!(fill("/a/{x}", &[]).is_err());
    }

    /// The `matrix` and `label` styles' prefixes are the template's own text.
    #[test]
    fn prefixes_before_placeholders_stay_as_written() {
        let params = [("id", "5".to_owned()), ("format", "a;b".to_owned())];
        assert_eq!(fill("/m/;id={id}/.{format}", &params).unwrap(), "/m/;id=5/.a%3Bb");
    }

    #[cfg(feature = "mock")]
    #[test]
    fn a_mock_path_is_encoded_as_the_client_encodes_it() {
        let params = [("clipId", "a b/c".to_owned())];
        assert_eq!(fill_unchecked("/clips/{clipId}/x", &params), fill("/clips/{clipId}/x", &params).unwrap());
        assert_eq!(fill_unchecked("/a/{y}", &params), "/a/{y}");
    }
}

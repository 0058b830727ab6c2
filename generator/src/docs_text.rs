//! Spec prose turned into rustdoc that builds without warnings.

/// Makes vendor prose safe for rustdoc: bare URLs become autolinks and square
/// brackets that are not Markdown links are escaped (rustdoc would read them as
/// intra-doc links).
pub fn rustdoc(text: &str) -> String {
    // Most prose has neither: it is its own rustdoc.
    if !text.contains(['[', ']']) && !text.contains("http") {
        return text.to_owned();
    }
    const HTTPS: [char; 8] = ['h', 't', 't', 'p', 's', ':', '/', '/'];
    const HTTP: [char; 7] = ['h', 't', 't', 'p', ':', '/', '/'];
    let mut out = String::with_capacity(text.len() + 16);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut in_code = false;
    while let Some(&c) = chars.get(i) {
        if c == '`' {
            in_code = !in_code;
        }
        if in_code || c == '`' {
            out.push(c);
            i += 1;
            continue;
        }
        let rest = chars.get(i..).unwrap_or_default();
        let prev = if i == 0 { ' ' } else { chars.get(i - 1).copied().unwrap_or(' ') };
        if (rest.starts_with(&HTTPS) || rest.starts_with(&HTTP)) && prev != '(' && prev != '<' {
            let end = chars
                .get(i..)
                .unwrap_or_default()
                .iter()
                .position(|c| c.is_whitespace() || *c == '`' || *c == '>')
                .map_or(chars.len(), |p| i + p);
            let mut url: String = chars.get(i..end).unwrap_or_default().iter().collect();
            let mut trail = String::new();
            while url.ends_with(['.', ',', ')', ';', ':']) {
                if let Some(last) = url.pop() {
                    trail.insert(0, last);
                }
            }
            out.push('<');
            out.push_str(&url);
            out.push('>');
            out.push_str(&trail);
            i = end;
            continue;
        }
        if c == '[' && !is_link(&chars, i) {
            out.push_str("\\[");
        } else if c == ']' && !closes_link(&chars, i) {
            out.push_str("\\]");
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// `[` at `i` starts `[text](target)` or an intra-doc link `[`Name`]`.
fn is_link(chars: &[char], i: usize) -> bool {
    if chars.get(i + 1) == Some(&'`') {
        return true;
    }
    let mut depth = 0;
    for (j, c) in chars.iter().enumerate().skip(i) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return chars.get(j + 1) == Some(&'(');
                }
            }
            '\n' => return false,
            _ => {}
        }
    }
    false
}

/// `]` at `i` closes a link text or an intra-doc link.
fn closes_link(chars: &[char], i: usize) -> bool {
    chars.get(i + 1) == Some(&'(') || (i > 0 && chars.get(i - 1) == Some(&'`'))
}

/// `1 item`, `3 items`; a map's `1 entry`, `3 entries`.
pub(crate) fn items(ty: &crate::model::Ty, n: u64) -> String {
    let (one, many) = if matches!(ty, crate::model::Ty::Map(_)) { ("entry", "entries") } else { ("item", "items") };
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `text` as Markdown code: a backtick in it needs a longer fence around it.
pub(crate) fn code(text: &str) -> String {
    let fence = if text.contains('`') { "`` " } else { "`" };
    format!("{fence}{text}{}", fence.chars().rev().collect::<String>())
}

/// What a map's keys must be: `keys matching \`^[a-z]+$\`, at most 64 characters`.
pub(crate) fn keys(keys: &crate::model::KeyLimits) -> String {
    let mut parts = Vec::new();
    if let Some(pattern) = &keys.pattern {
        parts.push(format!("matching {}", code(pattern)));
    }
    match (keys.min_length, keys.max_length) {
        (Some(min), Some(max)) => parts.push(format!("{min} to {max} characters")),
        (Some(min), None) => parts.push(format!("at least {min} characters")),
        (None, Some(max)) => parts.push(format!("at most {max} characters")),
        (None, None) => {}
    }
    format!("keys {}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::rustdoc;

    #[test]
    fn prose_is_made_safe() {
        assert_eq!(rustdoc("see https://zoom.us/x."), "see <https://zoom.us/x>.");
        assert_eq!(rustdoc("a [link](https://a.b) here"), "a [link](https://a.b) here");
        assert_eq!(rustdoc("ids [a, b]"), "ids \\[a, b\\]");
        assert_eq!(rustdoc("see [`Error`]."), "see [`Error`].");
        assert_eq!(rustdoc("`https://x.y/v2/` [x]"), "`https://x.y/v2/` \\[x\\]");
    }
}

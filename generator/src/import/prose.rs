//! Facts that vendors write in prose rather than in the schema: error codes
//! in response descriptions, scopes and rate-limit labels in operation
//! descriptions (Zoom's convention, which other Markdown-documented APIs share).

/// The facts found in an operation's description, and the description
/// without the lines that held them.
#[derive(Debug, Default, PartialEq)]
pub struct OperationFacts {
    /// `**Scopes:** \`a\`,\`b\``.
    pub scopes: Vec<String>,
    /// `**Granular Scopes:** \`a\``.
    pub granular_scopes: Vec<String>,
    /// `**Rate Limit Label:** \`LIGHT\``.
    pub rate_limit: Option<String>,
    /// The description without those lines.
    pub doc: String,
}

/// Reads the labelled lines of a description. A label is bold, possibly a
/// link (`**[Scopes](https://…):**`), and its values are in backticks.
pub fn operation_facts(description: &str) -> OperationFacts {
    let mut facts = OperationFacts::default();
    let mut kept = Vec::new();
    for line in description.lines() {
        match label(line) {
            Some((label, rest)) => {
                let values = backticked(rest);
                match label.as_str() {
                    "scopes" => facts.scopes.extend(values),
                    "granular scopes" => facts.granular_scopes.extend(values),
                    "rate limit label" | "rate limit" => facts.rate_limit = values.into_iter().next(),
                    _ => kept.push(line),
                }
            }
            None => kept.push(line),
        }
    }
    facts.doc = tidy(&kept.join("\n"));
    facts
}

/// `**[Scopes](url):** rest` → (`scopes`, `rest`); only for lines that open with a bold label.
fn label(line: &str) -> Option<(String, &str)> {
    let inner = line.trim_start().strip_prefix("**")?;
    let end = inner.find("**")?;
    let (bold, rest) = (inner[..end].trim(), inner[end + 2..].trim_start());
    // `**Label:**` or `**Label**:`; a bold phrase without a colon is prose.
    let rest = match (bold.strip_suffix(':'), rest.strip_prefix(':')) {
        (Some(_), _) => rest,
        (None, Some(after)) => after,
        (None, None) => return None,
    };
    let bold = bold.trim_end_matches(':').trim();
    let text = match bold.strip_prefix('[') {
        Some(linked) => linked.split(']').next()?,
        None => bold,
    };
    Some((text.trim().to_ascii_lowercase(), rest))
}

/// The backticked words of a text, trimmed of stray punctuation
/// (`clips:read:list_user_clips:admin)` has a vendor's stray parenthesis).
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(|v| v.trim().trim_end_matches([')', ',', '.']).to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

/// The codes documented in an error response's description:
/// `**Error Code:** \`1001\` <br> User does not exist: {userId}.`, several
/// per status, the same code possibly more than once with other meanings.
/// Returns the status's own sentence (before the first code) and the codes
/// with their meanings in order.
pub fn error_codes(description: &str) -> (String, Vec<(String, Vec<String>)>) {
    const MARK: &str = "**Error Code:**";
    let mut parts = description.split(MARK);
    let head = parts.next().unwrap_or("");
    let mut codes: Vec<(String, Vec<String>)> = Vec::new();
    for part in parts {
        let Some(code) = backticked(part).into_iter().next() else { continue };
        let after = part.split_once('`').and_then(|(_, r)| r.split_once('`')).map_or("", |(_, r)| r);
        let meaning = tidy(after);
        let meaning = if meaning.is_empty() { format!("Error code {code}.") } else { meaning };
        match codes.iter_mut().find(|(c, _)| *c == code) {
            Some((_, meanings)) if !meanings.contains(&meaning) => meanings.push(meaning),
            Some(_) => {}
            None => codes.push((code, vec![meaning])),
        }
    }
    // The head is `**HTTP Status Code:** \`400\` <br> Bad Request`.
    let head = match head.find("**HTTP Status Code:**") {
        Some(at) => {
            let rest = &head[at + "**HTTP Status Code:**".len()..];
            rest.split_once('`').and_then(|(_, r)| r.split_once('`')).map_or(rest, |(_, r)| r)
        }
        None => head,
    };
    (tidy(head), codes)
}

/// Prose without HTML line breaks, trailing blanks or runs of blank lines.
pub fn tidy(text: &str) -> String {
    let text = text.replace("<br/>", "\n").replace("<br />", "\n").replace("<br>", "\n").replace("\r\n", "\n");
    let mut out = String::new();
    let mut blank = false;
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push('\n');
        }
        blank = false;
        out.push_str(line.trim_start_matches(' '));
    }
    out
}

/// The meaning of each enum value a description lists as
/// `VALUE - meaning`, `` `VALUE`: meaning `` or `* VALUE: meaning`.
pub fn enum_meanings(description: &str, values: &[String]) -> Vec<Option<String>> {
    let lines: Vec<&str> = description.lines().map(str::trim).collect();
    values
        .iter()
        .map(|value| {
            lines.iter().find_map(|line| {
                let line = line.trim_start_matches(['*', '-', ' ']).trim_start();
                let rest = line
                    .strip_prefix(&format!("`{value}`"))
                    .or_else(|| line.strip_prefix(&format!("**{value}**")))
                    .or_else(|| line.strip_prefix(value.as_str()))?;
                let rest = rest.trim_start();
                let meaning = ["-", ":", "–", "—", "="].iter().find_map(|sep| rest.strip_prefix(sep))?;
                let meaning = tidy(meaning.trim());
                (!meaning.is_empty()).then_some(meaning)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_operation_description() {
        let facts = operation_facts(
            "Returns a list. \n\n **Required scopes** \n`clips:read:list_user_clips:admin)`\n\n\
             **[Scopes](https://developers.zoom.us/x):** `clips:read`,`clips:read:admin`\n\n\
             **[Granular Scopes](https://developers.zoom.us/x):** `clips:read:list_user_clips`,`clips:read:list_user_clips:admin`\n\n\
             **[Rate Limit Label](https://marketplace.zoom.us/x):** `LIGHT`",
        );
        assert_eq!(facts.scopes, ["clips:read", "clips:read:admin"]);
        assert_eq!(facts.granular_scopes, ["clips:read:list_user_clips", "clips:read:list_user_clips:admin"]);
        assert_eq!(facts.rate_limit.as_deref(), Some("LIGHT"));
        assert_eq!(facts.doc, "Returns a list.\n\n**Required scopes**\n`clips:read:list_user_clips:admin)`");
        assert_eq!(operation_facts("**Scopes:** `a:b`").scopes, ["a:b"]);
        assert_eq!(operation_facts("**Note** no colon `x`").doc, "**Note** no colon `x`");
    }

    #[test]
    fn zoom_error_descriptions() {
        let (head, codes) = error_codes(
            "**HTTP Status Code:** `400` <br>\n Bad Request  \n\n **Error Code:** `200` <br>\n Only available for paid \
             account: {accountId}<br> <br>\n**Error Code:** `300` <br>\n A group with this groupId: {groupId} does not \
             exist.<br> <br>\n**Error Code:** `300` <br>\n The maximum number of memberId is 20.<br>\n",
        );
        assert_eq!(head, "Bad Request");
        assert_eq!(
            codes,
            [
                ("200".to_owned(), vec!["Only available for paid account: {accountId}".to_owned()]),
                (
                    "300".to_owned(),
                    vec![
                        "A group with this groupId: {groupId} does not exist.".to_owned(),
                        "The maximum number of memberId is 20.".to_owned()
                    ]
                ),
            ]
        );
        let (head, codes) = error_codes("**HTTP Status Code:** `429` <br>\n Too Many Requests. \n\n ");
        assert_eq!((head.as_str(), codes.len()), ("Too Many Requests.", 0));
        assert_eq!(error_codes("Not found.").0, "Not found.");
    }

    #[test]
    fn enum_value_meanings() {
        let values = vec!["CREATED_DATE".to_owned(), "MODIFIED_DATE".to_owned(), "OTHER".to_owned()];
        let found = enum_meanings(
            "The clip date filter type. Enum:\n\nCREATED_DATE - clip create date.\n* `MODIFIED_DATE`: clip modify date.",
            &values,
        );
        assert_eq!(found, [Some("clip create date.".to_owned()), Some("clip modify date.".to_owned()), None]);
    }
}

//! Diagnostics: one located message per spec problem.

use std::fmt;

use annotate_snippets::{Level, Renderer, Snippet};
use serde::Serialize;

/// One problem found in a spec, located by file and line where possible and
/// by the YAML path otherwise. Shown like a compiler diagnostic, with the
/// offending line and a caret under the offending token.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    /// The file, as shown to the user (`spec/zoom/clips.yaml`).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The YAML path of the offending key (`operations.get_clip.path`), when known.
    pub path: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where a hint helps.
    pub hint: Option<String>,
    /// The text of the offending line, for the snippet.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let title = match (&self.path, self.line) {
            (Some(path), None) => format!("{} (at `{path}`)", self.message),
            _ => self.message.clone(),
        };
        let origin = match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", self.file),
            _ => self.file.clone(),
        };
        // A long line is shown around the column.
        let shown = match (self.column, &self.source_line) {
            (Some(column), Some(source)) => Some(window(source, column)),
            _ => None,
        };
        match (self.line, shown.as_ref()) {
            (Some(line), Some((source, column))) => {
                let (source, column) = (source.as_str(), *column);
                let start = source.char_indices().nth(column.saturating_sub(1)).map_or(source.len(), |(i, _)| i);
                let rest = source.get(start..).unwrap_or_default();
                // The token's characters up to a separator, at least one and
                // at most MAX_CARET, counted in characters (a caret never ends
                // inside one).
                let chars = rest
                    .chars()
                    .take_while(|c| !(c.is_whitespace() || matches!(c, ':' | ',' | '}' | ']')))
                    .count()
                    .clamp(1, MAX_CARET);
                let len = rest.char_indices().nth(chars).map_or(rest.len(), |(i, _)| i);
                let end = (start + len).min(source.len());
                let span = if start < end { start..end } else { source.len()..source.len() };
                let mut message = Level::Error.title(&title).snippet(
                    Snippet::source(source).line_start(line).origin(&self.file).annotation(Level::Error.span(span)),
                );
                if let Some(hint) = &self.hint {
                    message = message.footer(Level::Help.title(hint));
                }
                write!(f, "{}", Renderer::plain().render(message))
            }
            _ => {
                write!(f, "error: {title}\n --> {origin}")?;
                if let Some(hint) = &self.hint {
                    write!(f, "\n  = help: {hint}")?;
                }
                Ok(())
            }
        }
    }
}

/// The most characters of a source line shown after the column (the
/// renderer itself trims what is far before it).
const SHOWN_AFTER: usize = 100;
/// The longest caret under a token.
const MAX_CARET: usize = 40;

/// A long source line cut some way after `column`, with `...` where it is
/// cut: a line of 10,000 brackets shows as a line of a terminal's width.
fn window(source: &str, column: usize) -> (String, usize) {
    match source.char_indices().nth(column.saturating_add(SHOWN_AFTER)) {
        Some((cut, _)) => (format!("{}...", &source[..cut]), column),
        None => (source.to_owned(), column),
    }
}

/// Every problem of a spec, sorted by file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// The diagnostics as a JSON array, for editors and CI annotations.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.0).unwrap_or_else(|_| "[]".to_owned())
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}\n")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{} in the spec", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::Diagnostic;

    #[test]
    fn a_caret_never_ends_inside_a_character() {
        // A line of replacement characters (what a file that is not UTF-8
        // shows) and one that starts with a wide space.
        for source in [format!("      id: {{ typ{}", "\u{fffd}".repeat(200)), "\u{3000}x: 1".to_owned()] {
            for column in [1, 12, 14, 40] {
                let d = Diagnostic {
                    file: "f.yaml".to_owned(),
                    line: Some(1),
                    column: Some(column),
                    path: None,
                    message: "m".to_owned(),
                    hint: None,
                    source_line: Some(source.clone()),
                };
                assert!(d.to_string().contains("error: m"), "column {column}");
            }
        }
    }
}

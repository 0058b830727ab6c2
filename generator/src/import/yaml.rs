//! The YAML the importer writes: a tree of maps, lists and scalars in the
//! order they are built, with a comment allowed before any map entry (what
//! was left out, and why, stays next to the place it belongs).
//!
//! Written by hand rather than through `serde_yaml::to_string`, which cannot
//! write comments and writes long prose on one line.

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A string, quoted when YAML would read it as something else.
    Str(String),
    /// A scalar written as it is (numbers, `true`, status codes).
    Raw(String),
    /// A list of scalars, written inline: `[a, b]`.
    List(Vec<String>),
    /// Any JSON value (examples, defaults), written inline as JSON, which is YAML.
    Json(serde_json::Value),
    /// A map, in insertion order.
    Map(Map),
}

impl Node {
    /// The text of a scalar.
    pub fn text(&self) -> Option<&str> {
        match self {
            Node::Str(text) | Node::Raw(text) => Some(text),
            _ => None,
        }
    }

    /// The map, if a map.
    pub fn map(&self) -> Option<&Map> {
        match self {
            Node::Map(map) => Some(map),
            _ => None,
        }
    }
}

/// A map whose entries may carry a comment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Map(pub Vec<Entry>);

/// One `key: value` with the comment written above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// The value.
    pub value: Node,
    /// Comment lines written above the key.
    pub comment: Vec<String>,
}

impl Map {
    /// The value under `key`, if any.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.0.iter().find(|e| e.key == key).map(|e| &e.value)
    }

    /// An empty map.
    pub fn new() -> Self {
        Map(Vec::new())
    }

    /// Adds `key: value`.
    pub fn insert(&mut self, key: impl Into<String>, value: Node) -> &mut Entry {
        self.0.push(Entry { key: key.into(), value, comment: Vec::new() });
        self.0.last_mut().expect("just pushed")
    }

    /// Adds `key: "text"`.
    pub fn str(&mut self, key: impl Into<String>, text: impl Into<String>) -> &mut Entry {
        self.insert(key, Node::Str(text.into()))
    }

    /// Adds `key: text` with the text written as it is.
    pub fn raw(&mut self, key: impl Into<String>, text: impl Into<String>) -> &mut Entry {
        self.insert(key, Node::Raw(text.into()))
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Entry {
    /// Adds a comment line above the entry.
    pub fn comment(&mut self, text: impl Into<String>) -> &mut Self {
        self.comment.push(text.into());
        self
    }
}

impl Map {
    /// Every comment of this map and the maps inside it.
    pub fn comments(&self, out: &mut std::collections::HashSet<String>) {
        for entry in &self.0 {
            out.extend(entry.comment.iter().cloned());
            if let Node::Map(map) = &entry.value {
                map.comments(out);
            }
        }
    }
}

impl Map {
    /// Drops the comment lines that are in `which`, here and in the maps
    /// inside this one.
    pub fn drop_comments(&mut self, which: &std::collections::HashSet<&str>) {
        for entry in &mut self.0 {
            entry.comment.retain(|c| !which.contains(c.as_str()));
            if let Node::Map(map) = &mut entry.value {
                map.drop_comments(which);
            }
        }
    }
}

/// The document text of a top-level map, with a header comment.
pub fn document(header: &[String], map: &Map) -> String {
    // The first line names the schema of the format, for editors.
    let mut out = format!("{}\n", crate::schema::MODELINE);
    for line in header {
        comment_line(&mut out, 0, line);
    }
    write_map(&mut out, 0, map);
    out
}

fn comment_line(out: &mut String, indent: usize, text: &str) {
    for line in text.lines() {
        out.push_str(&" ".repeat(indent));
        out.push_str("# ");
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn write_map(out: &mut String, indent: usize, map: &Map) {
    for entry in &map.0 {
        for c in &entry.comment {
            comment_line(out, indent, c);
        }
        out.push_str(&" ".repeat(indent));
        out.push_str(&scalar(&entry.key));
        out.push(':');
        match &entry.value {
            Node::Map(inner) if inner.is_empty() => out.push_str(" {}\n"),
            Node::Map(inner) => {
                out.push('\n');
                write_map(out, indent + 2, inner);
            }
            Node::Str(text) if is_block(text) => {
                out.push_str(" |-\n");
                for line in text.lines() {
                    if !line.is_empty() {
                        out.push_str(&" ".repeat(indent + 2));
                        out.push_str(line);
                    }
                    out.push('\n');
                }
            }
            value => {
                out.push(' ');
                out.push_str(&inline(value));
                out.push('\n');
            }
        }
    }
}

/// Multi-line prose goes in a literal block when it survives one unchanged:
/// no leading or trailing blank, no control character, no trailing spaces.
fn is_block(text: &str) -> bool {
    text.contains('\n')
        && !text.starts_with([' ', '\n', '\t'])
        && !text.ends_with(char::is_whitespace)
        && !text.chars().any(|c| c.is_control() && c != '\n')
        && text.lines().all(|l| !l.ends_with([' ', '\t']))
}

fn inline(node: &Node) -> String {
    match node {
        Node::Str(text) => scalar(text),
        Node::Raw(text) => text.clone(),
        Node::List(items) => format!("[{}]", items.iter().map(|i| scalar(i)).collect::<Vec<_>>().join(", ")),
        Node::Json(value) => serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned()),
        Node::Map(_) => "{}".to_owned(),
    }
}

/// A string as a YAML scalar: plain when YAML reads it back as the same
/// string, else double-quoted (JSON string syntax is valid YAML).
pub fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| c.is_alphanumeric() || " _-./()'$+@".contains(c))
        && !text.starts_with([' ', '-', '.', '\'', '@'])
        && !text.ends_with(' ')
        && !crate::emit_openapi::yaml::number_to_some_reader(text)
        && serde_yaml::from_str::<serde_yaml::Value>(text).ok() == Some(serde_yaml::Value::String(text.to_owned()));
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_as_written() {
        for text in [
            "plain words",
            "yes",
            "no",
            "null",
            "~",
            "123",
            "1e3",
            "0x1F",
            "- dash",
            "key: value",
            "a # comment",
            "",
            " lead",
            "trail ",
            "quote \" and \\ back",
            "tab\there",
            "{brace}",
            "[list]",
            "*star",
            "&anchor",
            "!tag",
            "%percent",
            "@at",
            "`tick`",
            "ünïcödé",
            "2024-01-01",
            ".5",
            "'single'",
            "1003_001",
            "0501",
        ] {
            let back: String = serde_yaml::from_str(&scalar(text)).unwrap();
            assert_eq!(back, text, "{text:?} was written as {}", scalar(text));
        }
        // Numbers to another reader than `serde_yaml` (the spec's own, a
        // YAML 1.1 one) are quoted too: an error code `0501` stays `0501`.
        for text in ["0501", "1003_001", "-007"] {
            assert!(scalar(text).starts_with('"'), "{text:?} was written as {}", scalar(text));
        }
    }

    #[test]
    fn maps_lists_blocks_and_comments_read_back() {
        let mut inner = Map::new();
        inner.str("doc", "First line.\n\n  Indented second.\nThird: with colon #hash");
        inner.str("one_line", "A sentence: with a colon");
        inner.str("spaced", " leading space\nand lines");
        inner.insert("list", Node::List(vec!["a:b".into(), "c".into()]));
        inner.insert("example", Node::Json(serde_json::json!({"a": [1, "x"], "b": null})));
        inner.raw("200", "true").comment("a comment\nover two lines");
        inner.insert("empty", Node::Map(Map::new()));
        let mut top = Map::new();
        top.insert("outer", Node::Map(inner));
        let text = document(&["header".to_owned()], &top);
        let back: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(
            back,
            serde_json::json!({"outer": {
                "doc": "First line.\n\n  Indented second.\nThird: with colon #hash",
                "one_line": "A sentence: with a colon",
                "spaced": " leading space\nand lines",
                "list": ["a:b", "c"],
                "example": {"a": [1, "x"], "b": null},
                "200": true,
                "empty": {},
            }}),
            "{text}"
        );
        let first = format!("{}\n# header\nouter:\n  doc: |-\n", crate::schema::MODELINE);
        assert!(text.starts_with(&first), "{text}");
        assert!(text.contains("  # a comment\n  # over two lines\n  \"200\": true\n"), "{text}");
    }
}

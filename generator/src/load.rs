//! Stage 1: read `spec/<api>/*.yaml` and parse it into the [`crate::spec`] structs.
//!
//! Each file is parsed twice: by `serde_yaml` into the typed structs (whose
//! errors carry line and column), and by `yaml-rust2`'s event parser into a
//! [`SourceMap`] from YAML paths to positions, so that problems found later, in
//! validation, still point at a line. The event pass also catches duplicate keys,
//! which a map would otherwise swallow.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diag::{did_you_mean, Diagnostic};
use crate::spec::{ApiFile, GroupFile};

/// A spec file's name and text, with the positions of its keys.
#[derive(Debug)]
pub struct SourceFile {
    /// The name shown in diagnostics (`spec/zoom/clips.yaml`).
    pub name: String,
    /// The file's text, for the snippets of diagnostics.
    pub text: String,
    /// Positions of keys by YAML path.
    pub map: SourceMap,
}

impl SourceFile {
    /// A diagnostic at the key `path` (`operations.get_clip.path`), or at the
    /// closest enclosing key the map knows.
    pub fn error(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.map.locate(path).map_or((None, None), |(l, c)| (Some(l), Some(c)));
        Diagnostic {
            file: self.name.clone(),
            line,
            column,
            path: Some(path.to_owned()),
            message: message.into(),
            hint: None,
            source_line: line.and_then(|l| self.line(l)),
        }
    }

    /// The text of line `line` (1-based).
    pub fn line(&self, line: usize) -> Option<String> {
        self.text.lines().nth(line.checked_sub(1)?).map(str::to_owned)
    }
}

/// 1-based line and column of every key, by dotted YAML path. Paths are
/// kept as 64-bit hashes, not strings: a spec has a key for every few bytes,
/// and the map must stay small next to the text (a collision could only
/// misplace one diagnostic).
#[derive(Debug, Default)]
pub struct SourceMap {
    positions: HashMap<u64, (u32, u32)>,
    /// Where the first alias (`*name`) is, for errors about expanding aliases.
    first_alias: Option<(usize, usize)>,
}

impl SourceMap {
    /// The position of `path`, or of its nearest known ancestor.
    pub fn locate(&self, path: &str) -> Option<(usize, usize)> {
        let mut path = path;
        loop {
            if let Some((line, column)) = self.positions.get(&path_hash(path)) {
                return Some((*line as usize, *column as usize));
            }
            let (parent, _) = path.rsplit_once('.')?;
            path = parent;
        }
    }
}

/// The key of a path in a [`SourceMap`]: the same on every run (no random seed).
fn path_hash(path: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut hasher);
    hasher.finish()
}

/// One API folder: its `api.yaml` and its group files, parsed.
#[derive(Debug)]
pub struct LoadedApi {
    /// The folder name.
    pub dir: String,
    /// `api.yaml`.
    pub api: (SourceFile, ApiFile),
    /// The other files, sorted by name: (group name, file, content).
    pub groups: Vec<(String, SourceFile, GroupFile)>,
}

/// A spec folder in memory: its name and, per API folder, its `.yaml` files
/// (name and bytes, or why they could not be read), sorted by name.
#[derive(Debug, Clone, Default)]
pub struct SpecFiles {
    /// The folder's name, as shown in diagnostics (`spec`).
    pub root: String,
    /// API folders: name and files.
    pub apis: Vec<(String, Vec<SpecFile>)>,
}

/// A file's name and its bytes, or why they could not be read.
pub type SpecFile = (String, Result<Vec<u8>, String>);

/// Reads every API folder under `spec_dir`. Files that cannot be read or parsed
/// give diagnostics; the rest still load, so all problems show in one run.
pub fn load(spec_dir: &Path) -> (Vec<LoadedApi>, Vec<Diagnostic>) {
    let (files, mut diags) = read(spec_dir);
    let (apis, more) = load_files(&files);
    diags.extend(more);
    (apis, diags)
}

/// Reads the bytes of every spec file under `spec_dir`, without parsing them.
pub fn read(spec_dir: &Path) -> (SpecFiles, Vec<Diagnostic>) {
    let root =
        spec_dir.file_name().map_or_else(|| spec_dir.display().to_string(), |n| n.to_string_lossy().into_owned());
    let dirs = match sorted_entries(spec_dir) {
        Ok(entries) => entries,
        Err(e) => {
            let diag = plain(&root, format!("cannot read the spec folder: {e}"));
            return (SpecFiles { root, apis: Vec::new() }, vec![diag]);
        }
    };
    let mut files = SpecFiles { root, apis: Vec::new() };
    let mut diags = Vec::new();
    for dir in dirs.into_iter().filter(|p| p.is_dir()) {
        let dir_name = file_name(&dir);
        let entries = match sorted_entries(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                diags.push(plain(&format!("{}/{dir_name}", files.root), format!("cannot read the folder: {e}")));
                continue;
            }
        };
        let yaml = entries
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .map(|p| (file_name(&p), std::fs::read(&p).map_err(|e| e.to_string())))
            .collect();
        files.apis.push((dir_name, yaml));
    }
    (files, diags)
}

impl SpecFiles {
    /// A fingerprint of every file's name and bytes, stable across runs,
    /// machines and Rust versions.
    pub fn fingerprint(&self) -> u64 {
        use crate::fnv::{fnv1a, FNV_OFFSET};
        let mut hash = fnv1a(FNV_OFFSET, self.root.as_bytes());
        for (dir, files) in &self.apis {
            hash = fnv1a(hash, dir.as_bytes());
            for (name, bytes) in files {
                hash = fnv1a(hash, name.as_bytes());
                // The length keeps one file's end from passing for the next one's name.
                hash = match bytes {
                    Ok(bytes) => fnv1a(fnv1a(hash, &(bytes.len() as u64).to_le_bytes()), bytes),
                    Err(_) => fnv1a(hash, b"unreadable"),
                };
            }
        }
        hash
    }
}

/// Parses a spec folder held in memory (see [`SpecFiles`]).
pub fn load_files(files: &SpecFiles) -> (Vec<LoadedApi>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut apis = Vec::new();
    for (dir_name, yaml) in &files.apis {
        let shown = format!("{}/{dir_name}", files.root);
        let mut api = None;
        let mut groups = Vec::new();
        for (name, bytes) in yaml {
            let shown = format!("{shown}/{name}");
            let bytes = match bytes {
                Ok(bytes) => bytes,
                Err(e) => {
                    diags.push(plain(&shown, format!("cannot read the file: {e}")));
                    continue;
                }
            };
            let stem = name.trim_end_matches(".yaml").to_owned();
            if stem == "api" {
                api = parse_file::<ApiFile>(bytes, shown, &mut diags);
            } else if let Some((file, group)) = parse_file::<GroupFile>(bytes, shown, &mut diags) {
                groups.push((stem, file, group));
            }
        }
        match api {
            Some(api) => apis.push(LoadedApi { dir: dir_name.clone(), api, groups }),
            None if !yaml.iter().any(|(n, _)| n == "api.yaml") => diags.push(Diagnostic {
                hint: Some("every API folder needs an `api.yaml` with its servers, auth and errors".to_owned()),
                ..plain(&shown, "this API folder has no `api.yaml`")
            }),
            None => {}
        }
    }
    (apis, diags)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut entries = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<Vec<_>, _>>()?;
    entries.sort();
    Ok(entries)
}

fn plain(file: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        file: file.to_owned(),
        line: None,
        column: None,
        path: None,
        message: message.into(),
        hint: None,
        source_line: None,
    }
}

/// The largest spec file read. Parsing holds about 30 times a file's size in
/// memory at its peak (the YAML parser's event list), so this keeps one file
/// under about a gigabyte; a spec that large is better split into groups.
pub const MAX_SPEC_FILE: usize = 32 * 1024 * 1024;

/// Reads and parses one file; `None` (with diagnostics) when it cannot be used.
fn parse_file<T: DeserializeOwned>(
    bytes: &[u8],
    shown: String,
    diags: &mut Vec<Diagnostic>,
) -> Option<(SourceFile, T)> {
    if bytes.len() > MAX_SPEC_FILE {
        diags.push(Diagnostic {
            hint: Some("split its operations over several group files".to_owned()),
            ..plain(
                &shown,
                format!(
                    "the file has {} bytes, over the limit of {MAX_SPEC_FILE} bytes for one spec file",
                    bytes.len()
                ),
            )
        });
        return None;
    }
    let text = match String::from_utf8(bytes.to_vec()) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let before = e.as_bytes().get(..valid).unwrap_or_default();
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            let text = String::from_utf8_lossy(e.as_bytes());
            diags.push(Diagnostic {
                line: Some(line),
                column: Some(column),
                source_line: text.lines().nth(line - 1).map(str::to_owned),
                ..plain(&shown, "the file is not valid UTF-8")
            });
            return None;
        }
    };
    if text.trim().is_empty() {
        diags.push(plain(&shown, "the file is empty"));
        return None;
    }
    let (map, duplicates) = build_map(&text);
    let file = SourceFile { name: shown, text, map };
    if !duplicates.is_empty() {
        // serde_yaml would report the first duplicate too, at the map instead of the key.
        for (key_path, (line, column)) in duplicates {
            let message = format!("duplicate key `{}`", last_segment(&key_path));
            diags.push(Diagnostic {
                line: Some(line),
                column: Some(column),
                source_line: file.line(line),
                ..file.error(&key_path, message)
            });
        }
        return None;
    }
    match serde_yaml::from_str::<T>(&file.text) {
        Ok(value) => Some((file, value)),
        Err(e) => {
            diags.push(serde_error(&file, &e));
            None
        }
    }
}

fn last_segment(path: &str) -> &str {
    path.rsplit_once('.').map_or(path, |(_, last)| last)
}

/// Turns a `serde_yaml` error into a diagnostic. Unknown keys get a short
/// message and a hint: the closest known key, else the list of known keys.
fn serde_error(file: &SourceFile, e: &serde_yaml::Error) -> Diagnostic {
    let text = e.to_string();
    // serde_yaml appends " at line L column C"; the position is shown in front instead.
    let message = match text.find(" at line ") {
        Some(at) => text.get(..at).unwrap_or(&text).to_owned(),
        None => text.clone(),
    };
    let (mut message, mut hint) = match unknown_field(&message) {
        Some((place, word, expected)) => {
            let hint = did_you_mean(&word, expected.iter().map(String::as_str))
                .unwrap_or_else(|| format!("known keys here: {}", expected.join(", ")));
            let message = match place {
                Some(place) => format!("unknown key `{word}` in `{place}`"),
                None => format!("unknown key `{word}`"),
            };
            (message, Some(hint))
        }
        None => (message, None),
    };
    let (mut line, mut column) = e.location().map_or((None, None), |l| (Some(l.line()), Some(l.column())));
    if hint.is_some() {
        // An unknown key: its position and hint are already right.
    } else if message.contains("end of stream") {
        // The parser stops at the end of the file; the cause is where the open quote or bracket is.
        hint = Some("a quoted string or a bracket may be left open".to_owned());
        if let Some((l, c)) = open_delimiter(&file.text, usize::MAX) {
            (line, column) = (Some(l), Some(c));
        }
    } else if message.contains("tab character") {
        hint = Some("YAML indents with spaces only: replace the tab with spaces".to_owned());
    } else if message.contains("repetition limit") || message.contains("recursion limit") {
        // serde_yaml gives no position when expanding aliases explodes.
        hint = Some("aliases (`*name`) expand to too much: write the values out, or use fewer aliases".to_owned());
        if let Some((l, c)) = file.map.first_alias {
            (line, column) = (Some(l), Some(c));
        }
    } else if let Some(stopped) = line {
        // A quote left open mid-file swallows the lines after it, and the
        // parser stops further down; the open quote is the likely cause.
        if let Some((l, c)) = open_delimiter(&file.text, stopped).filter(|(l, _)| *l < stopped) {
            hint = Some(format!(
                "a quote or bracket opened here is not closed on its line; the parser stopped at line {stopped}"
            ));
            message = format!("{message} (at line {stopped})");
            (line, column) = (Some(l), Some(c));
        }
    }
    let source_line = line.and_then(|l| file.line(l));
    Diagnostic { file: file.name.clone(), line, column, path: None, message, hint, source_line }
}

/// The first line before `before` (1-based) with an unbalanced `"` or
/// `[`/`{`, as (line, column), 1-based.
fn open_delimiter(text: &str, before: usize) -> Option<(usize, usize)> {
    for (n, line) in text.lines().enumerate().take(before.saturating_sub(1)) {
        let mut quote = None;
        let mut depth: Vec<usize> = Vec::new();
        let mut escaped = false;
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(_), '\\') if !escaped => {
                    escaped = true;
                    continue;
                }
                (Some(q), _) if c == q && !escaped => quote = None,
                (None, '"' | '\'') => {
                    // A quote opens a string only at the start of a value, not in a word (`clip's`).
                    let before = line.char_indices().nth(col).and_then(|(i, _)| line.get(..i)).unwrap_or_default();
                    quote = Some(c).filter(|_| before.is_empty() || before.ends_with([' ', ':', '[', '{', ',']));
                }
                (None, '#') => break,
                (None, '[' | '{') => depth.push(col),
                (None, ']' | '}') => {
                    depth.pop();
                }
                _ => {}
            }
            escaped = false;
            if quote.is_some() && col == line.chars().count() - 1 {
                let start = line.chars().position(|x| Some(x) == quote).unwrap_or(col);
                return Some((n + 1, start + 1));
            }
        }
        if let Some(col) = depth.first() {
            return Some((n + 1, col + 1));
        }
    }
    None
}

/// Takes apart "PATH: unknown field `sumary`, expected one of `summary`, …".
fn unknown_field(message: &str) -> Option<(Option<String>, String, Vec<String>)> {
    let (place, rest) = match message.split_once(": unknown field `") {
        Some((place, rest)) => (Some(place.to_owned()), rest),
        None => (None, message.strip_prefix("unknown field `")?),
    };
    let (word, expected) = rest.split_once('`')?;
    let candidates = expected.split('`').skip(1).step_by(2).map(str::to_owned).collect();
    Some((place, word.to_owned(), candidates))
}

/// A YAML path with its 1-based line and column.
type Located = (String, (usize, usize));

/// Builds the path → position map and lists duplicate keys.
fn build_map(text: &str) -> (SourceMap, Vec<Located>) {
    let mut builder = MapBuilder::default();
    let mut parser = Parser::new_from_str(text);
    // A syntax error is reported by serde_yaml with its position; the map keeps what it saw.
    let _ = parser.load(&mut builder, false);
    (SourceMap { positions: builder.positions, first_alias: builder.first_alias }, builder.duplicates)
}

#[derive(Debug)]
enum Frame {
    /// A mapping: the path of its value being read, if any, and the keys seen.
    Map {
        path: String,
        key: Option<String>,
        seen: HashSet<String>,
    },
    Seq {
        path: String,
        index: usize,
    },
}

#[derive(Default)]
struct MapBuilder {
    stack: Vec<Frame>,
    positions: HashMap<u64, (u32, u32)>,
    duplicates: Vec<Located>,
    first_alias: Option<(usize, usize)>,
}

impl MapBuilder {
    /// The path of a value that starts now, in the innermost container.
    fn value_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            Some(Frame::Map { key, .. }) => key.take(),
            Some(Frame::Seq { path, index }) => {
                let p = format!("{path}.{index}");
                *index += 1;
                Some(p)
            }
            None => Some(String::new()),
        }
    }

    fn join(parent: &str, key: &str) -> String {
        if parent.is_empty() {
            key.to_owned()
        } else {
            format!("{parent}.{key}")
        }
    }
}

impl MarkedEventReceiver for MapBuilder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let position = (mark.line(), mark.col() + 1);
        let compact = (u32::try_from(position.0).unwrap_or(u32::MAX), u32::try_from(position.1).unwrap_or(u32::MAX));
        match ev {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Map { path, key: key @ None, seen }) = self.stack.last_mut() {
                    let full = Self::join(path, &value);
                    if !seen.insert(value) {
                        self.duplicates.push((full.clone(), position));
                    }
                    self.positions.entry(path_hash(&full)).or_insert(compact);
                    *key = Some(full);
                } else if let Some(path) = self.value_path() {
                    // Sequence items are located too (`one_of.1`).
                    self.positions.entry(path_hash(&path)).or_insert(compact);
                }
            }
            Event::MappingStart(..) => {
                let path = self.value_path().unwrap_or_default();
                self.stack.push(Frame::Map { path, key: None, seen: HashSet::new() });
            }
            Event::SequenceStart(..) => {
                let path = self.value_path().unwrap_or_default();
                self.stack.push(Frame::Seq { path, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Alias(_) => {
                self.first_alias.get_or_insert(position);
                self.value_path();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_knows_nested_keys() {
        let (map, dups) = build_map("a:\n  b:\n    - x\n    - c: 1\n  d: 2\n");
        assert_eq!(map.locate("a"), Some((1, 1)));
        assert_eq!(map.locate("a.b"), Some((2, 3)));
        assert_eq!(map.locate("a.b.1.c"), Some((4, 7)));
        assert_eq!(map.locate("a.d"), Some((5, 3)));
        assert_eq!(map.locate("a.d.nothing"), Some((5, 3)));
        assert!(dups.is_empty());
        let (_, dups) = build_map("a: 1\nb: 2\na: 3\n");
        assert_eq!(dups, vec![("a".to_owned(), (3, 1))]);
    }
}

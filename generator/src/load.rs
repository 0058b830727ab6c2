//! Stage 1: read `spec/<api>/*.yaml` and parse it into the [`crate::spec`] structs.
//!
//! Each file is parsed once, by `serde-saphyr`, straight from the text into the
//! typed structs: no event list or value tree is held, so reading takes about
//! the memory of the structs themselves. Problems found later, in validation,
//! still point at a line: the first diagnostic for a file builds a
//! [`SourceMap`] from YAML paths to positions with `yaml-rust2`'s event parser.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use indexmap::IndexMap;
use rayon::iter::{IntoParallelIterator, ParallelIterator};
use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diag::{did_you_mean, Diagnostic};
use crate::spec::{ApiFile, GroupFile, GroupOperations, OperationSpec};

/// A spec file's name and text; the positions of its keys are found when
/// first needed.
#[derive(Debug)]
pub struct SourceFile {
    /// The name shown in diagnostics (`spec/zoom/clips.yaml`).
    pub name: String,
    /// The file's text, for the snippets of diagnostics: kept, or read again
    /// from `origin` when a diagnostic needs it.
    text: OnceLock<String>,
    /// Where the file is on disk, once its text is no longer kept.
    origin: Option<std::path::PathBuf>,
    map: OnceLock<SourceMap>,
}

impl SourceFile {
    /// A file whose key positions are found on first use.
    pub fn new(name: String, text: String) -> Self {
        SourceFile { name, text: OnceLock::from(text), origin: None, map: OnceLock::new() }
    }

    /// The file's text.
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| self.origin.as_ref().and_then(|p| std::fs::read_to_string(p).ok()).unwrap_or_default())
    }

    /// Runs `f` on the bytes `start..end` of the text: from the text when it
    /// is kept, else read from disk, that range alone, without keeping it.
    fn with_range<R>(&self, start: usize, end: usize, f: impl FnOnce(&str) -> R) -> R {
        use std::io::{Read, Seek, SeekFrom};
        if let Some(text) = self.text.get() {
            return f(text.get(start..end).unwrap_or_default());
        }
        let read = |origin: &Path| -> std::io::Result<String> {
            let mut file = std::fs::File::open(origin)?;
            file.seek(SeekFrom::Start(start as u64))?;
            let mut bytes = vec![0; end.saturating_sub(start)];
            file.read_exact(&mut bytes)?;
            String::from_utf8(bytes).map_err(std::io::Error::other)
        };
        f(&self.origin.as_deref().and_then(|origin| read(origin).ok()).unwrap_or_default())
    }

    /// Lets the text go, to be read again from `origin` if a diagnostic needs
    /// it: a valid spec's text is not kept through validation.
    fn read_again_from(&mut self, origin: std::path::PathBuf) {
        self.origin = Some(origin);
        self.text = OnceLock::new();
    }

    /// Positions of the file's keys, built on first use: most files never
    /// need one, and a map costs more memory than the text.
    pub fn map(&self) -> &SourceMap {
        self.map.get_or_init(|| scan(self.text(), None).map)
    }

    /// A diagnostic at the key `path` (`operations.get_clip.path`), or at the
    /// closest enclosing key the map knows.
    pub fn error(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.map().locate(path).map_or((None, None), |(l, c)| (Some(l), Some(c)));
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

    /// Where the key `path` is, as `file:line:column` (or the file alone).
    pub fn place(&self, path: &str) -> String {
        match self.map().locate(path) {
            Some((line, column)) => format!("{}:{line}:{column}", self.name),
            None => self.name.clone(),
        }
    }

    /// The text of line `line` (1-based).
    pub fn line(&self, line: usize) -> Option<String> {
        self.text().lines().nth(line.checked_sub(1)?).map(str::to_owned)
    }
}

/// 1-based line and column of every key, by dotted YAML path. Paths are
/// kept as 64-bit hashes, not strings: a spec has a key for every few bytes,
/// and the map must stay small next to the text (a collision could only
/// misplace one diagnostic).
#[derive(Debug, Default)]
pub struct SourceMap {
    positions: HashMap<u64, (u32, u32)>,
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
    let (mut apis, more) = load_files(files);
    diags.extend(more);
    // Parsed files are on disk: their texts need not stay in memory.
    for api in &mut apis {
        let dir = spec_dir.join(&api.dir);
        api.api.0.read_again_from(dir.join("api.yaml"));
        for (group, file, _) in &mut api.groups {
            file.read_again_from(dir.join(format!("{group}.yaml")));
        }
    }
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

/// Parses a spec folder held in memory (see [`SpecFiles`]). Each file's bytes
/// become its text without a copy.
pub fn load_files(files: SpecFiles) -> (Vec<LoadedApi>, Vec<Diagnostic>) {
    // Each file is parsed on its own, the files shared over the cores; the
    // results are put together in the files' order, so the outcome is the
    // same however the work was shared (diagnostics are sorted later).
    let mut folders = Vec::with_capacity(files.apis.len());
    let mut jobs = Vec::new();
    for (index, (dir_name, yaml)) in files.apis.into_iter().enumerate() {
        let shown = format!("{}/{dir_name}", files.root);
        let has_api_file = yaml.iter().any(|(n, _)| n == "api.yaml");
        jobs.extend(yaml.into_iter().map(|(name, bytes)| (index, format!("{shown}/{name}"), name, bytes)));
        folders.push((dir_name, shown, has_api_file));
    }
    let parsed: Vec<(usize, Option<Parsed>, Vec<Diagnostic>)> = jobs
        .into_par_iter()
        .map(|(index, shown, name, bytes)| {
            let mut diags = Vec::new();
            let parsed = match bytes {
                Err(e) => {
                    diags.push(plain(&shown, format!("cannot read the file: {e}")));
                    None
                }
                Ok(bytes) => match name.trim_end_matches(".yaml") {
                    "api" => parse_file::<ApiFile>(bytes, shown, &mut diags).map(|api| Parsed::Api(Box::new(api))),
                    stem => {
                        let stem = stem.to_owned();
                        parse_group(bytes, shown, &mut diags)
                            .map(|(file, group)| Parsed::Group(Box::new((stem, file, group))))
                    }
                },
            };
            (index, parsed, diags)
        })
        .collect();
    let mut diags = Vec::new();
    let mut api_files: Vec<Option<_>> = folders.iter().map(|_| None).collect();
    let mut group_files: Vec<Vec<_>> = folders.iter().map(|_| Vec::new()).collect();
    for (index, file, file_diags) in parsed {
        diags.extend(file_diags);
        match file {
            Some(Parsed::Api(api)) => api_files[index] = Some(*api),
            Some(Parsed::Group(group)) => group_files[index].push(*group),
            None => {}
        }
    }
    let mut apis = Vec::new();
    for (((dir_name, shown, has_api_file), api), groups) in folders.into_iter().zip(api_files).zip(group_files) {
        match api {
            Some(api) => apis.push(LoadedApi { dir: dir_name, api, groups }),
            None if !has_api_file => diags.push(Diagnostic {
                hint: Some("every API folder needs an `api.yaml` with its servers, auth and errors".to_owned()),
                ..plain(&shown, "this API folder has no `api.yaml`")
            }),
            None => {}
        }
    }
    (apis, diags)
}

/// What one spec file that parsed became: an API's `api.yaml`, or a group
/// file with its name.
enum Parsed {
    Api(Box<(SourceFile, ApiFile)>),
    Group(Box<(String, SourceFile, GroupFile)>),
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

/// The largest spec file read. A parsed spec takes about 5 times its size in
/// memory (`cargo bench -p specgen --bench read`); a file this large is better
/// split into groups anyway.
pub const MAX_SPEC_FILE: usize = 32 * 1024 * 1024;

/// Reads and parses one file; `None` (with diagnostics) when it cannot be used.
fn parse_file<T: DeserializeOwned>(
    bytes: Vec<u8>,
    shown: String,
    diags: &mut Vec<Diagnostic>,
) -> Option<(SourceFile, T)> {
    let text = file_text(bytes, &shown, diags)?;
    let file = SourceFile::new(shown, text);
    let value = parse_text(&file, file.text(), 0, diags)?;
    Some((file, value))
}

/// A spec file's bytes as its text: not too large, UTF-8 without NUL bytes,
/// not empty; else `None` with the diagnostic that says why.
fn file_text(bytes: Vec<u8>, shown: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    if bytes.len() > MAX_SPEC_FILE {
        diags.push(Diagnostic {
            hint: Some("split its operations over several group files".to_owned()),
            ..plain(
                shown,
                format!(
                    "the file has {} bytes, over the limit of {MAX_SPEC_FILE} bytes for one spec file",
                    bytes.len()
                ),
            )
        });
        return None;
    }
    // UTF-16 text is often valid UTF-8, every other byte a NUL, which YAML never holds.
    if let Some(offset) = bytes.iter().position(|b| *b == 0) {
        diags.push(Diagnostic {
            hint: Some(format!(
                "it looks like {}: save it as UTF-8, the encoding of every spec file",
                likely_encoding(&bytes)
            )),
            ..plain(shown, format!("the file is not UTF-8 text: a NUL byte at offset {offset}"))
        });
        return None;
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let before = e.as_bytes().get(..valid).unwrap_or_default();
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            let text = String::from_utf8_lossy(e.as_bytes());
            let byte = e.as_bytes().get(valid).copied().unwrap_or_default();
            diags.push(Diagnostic {
                line: Some(line),
                column: Some(column),
                source_line: text.lines().nth(line - 1).map(str::to_owned),
                hint: Some(format!(
                    "it looks like {}: save it as UTF-8, the encoding of every spec file",
                    likely_encoding(e.as_bytes())
                )),
                ..plain(shown, format!("the file is not valid UTF-8: byte 0x{byte:02X} at offset {valid}"))
            });
            return None;
        }
    };
    if text.trim().is_empty() {
        let hint = if shown.ends_with("/api.yaml") || shown == "api.yaml" {
            "an API file names the API and says what its operations share: `api`, `title`, `doc`, `feature`, \
             `servers`, `auth`, `error_body` (see `specgen init`)"
        } else {
            "a group file holds `doc` and `operations` (and its `types`); write them, or remove the file"
        };
        diags.push(Diagnostic { hint: Some(hint.to_owned()), ..plain(shown, "the file is empty") });
        return None;
    }
    Some(text)
}

/// Parses a group file, leaving its operations to be read after the types
/// when they are a block of their own at the top level: the head is parsed
/// with that block replaced by `operations: {}` and as many line breaks, so
/// that every line keeps its number.
fn parse_group(bytes: Vec<u8>, shown: String, diags: &mut Vec<Diagnostic>) -> Option<(SourceFile, GroupFile)> {
    let text = file_text(bytes, &shown, diags)?;
    let Some(section) = operations_section(&text) else {
        let file = SourceFile::new(shown, text);
        let group = parse_text(&file, file.text(), 0, diags)?;
        return Some((file, group));
    };
    let breaks = text[section.start..section.end].matches('\n').count();
    let mut head = String::with_capacity(text.len() - (section.end - section.start) + breaks + 16);
    head.push_str(&text[..section.start]);
    head.push_str("operations: {}");
    head.extend(std::iter::repeat_n('\n', breaks));
    head.push_str(&text[section.end..]);
    let file = SourceFile::new(shown, text);
    let mut group: GroupFile = parse_text(&file, &head, 0, diags)?;
    group.deferred = Some(section);
    Some((file, group))
}

/// Where a group file's operations are: its top-level block `operations:`,
/// or a run of whole operations of that block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    /// Byte offsets of the block, from its key to the next top-level line,
    /// or of the run, from its first operation's key.
    start: usize,
    end: usize,
    /// The 0-based line where it starts.
    line: usize,
    /// A run of operations, without the key `operations:`.
    run: bool,
}

/// About how much text of a group file's operations is read at a time.
const RUN_BYTES: usize = 256 * 1024;

/// The block `section` in runs of whole operations of about 256 KiB
/// each, so that a large file's operations are not all read into specs at
/// once; the block itself when it is small, or when its operations' keys do
/// not all stand at one indentation on lines of their own.
pub fn operation_runs(file: &SourceFile, section: Section) -> Vec<Section> {
    if section.end - section.start <= RUN_BYTES {
        return vec![section];
    }
    file.with_range(section.start, section.end, |block| {
        let mut lines = block.split_inclusive('\n');
        let key_line = lines.next().unwrap_or_default();
        let (mut offset, mut number) = (section.start + key_line.len(), section.line + 1);
        let mut indent = None;
        let mut runs: Vec<Section> = Vec::new();
        for line in lines {
            let content = line.trim_end_matches(['\n', '\r']);
            let spaces = content.len() - content.trim_start_matches(' ').len();
            let rest = &content[spaces..];
            let entry = !rest.is_empty() && !rest.starts_with('#') && spaces > 0;
            match indent {
                _ if !entry => {}
                None => {
                    // The first operation's key sets the indentation of all.
                    if !looks_like_a_key(rest) {
                        return vec![section];
                    }
                    indent = Some(spaces);
                    runs.push(Section { start: offset, end: offset, line: number, run: true });
                }
                Some(indent) if spaces == indent => {
                    if !looks_like_a_key(rest) {
                        return vec![section];
                    }
                    if offset - runs.last().map_or(offset, |r| r.start) >= RUN_BYTES {
                        runs.push(Section { start: offset, end: offset, line: number, run: true });
                    }
                }
                Some(indent) if spaces < indent => return vec![section],
                Some(_) => {}
            }
            if content.contains('\t') && spaces == 0 {
                return vec![section];
            }
            offset += line.len();
            number += 1;
            if let Some(last) = runs.last_mut() {
                last.end = offset;
            }
        }
        if runs.is_empty() {
            vec![section]
        } else {
            runs
        }
    })
}

/// A group's operations one at a time: from a map already read, or from a
/// block read run by run. A run that does not parse has the whole block
/// read instead, which reports the problems where they are or, when only the
/// cut was wrong, gives the operations not given yet.
pub struct OperationReader<'a> {
    file: &'a SourceFile,
    section: Option<Section>,
    runs: std::vec::IntoIter<Section>,
    current: indexmap::map::IntoIter<String, Box<OperationSpec>>,
    /// Operations given from runs: the first ones of the whole block, which
    /// a whole read after a failed run skips.
    given: usize,
    whole: bool,
    errors: Vec<Diagnostic>,
}

impl<'a> OperationReader<'a> {
    /// The operations of a map already read.
    pub fn from_map(file: &'a SourceFile, ops: IndexMap<String, Box<OperationSpec>>) -> Self {
        OperationReader {
            file,
            section: None,
            runs: Vec::new().into_iter(),
            current: ops.into_iter(),
            given: 0,
            whole: true,
            errors: Vec::new(),
        }
    }

    /// The operations of `section`, read in `runs` (see [`operation_runs`]).
    pub fn from_runs(file: &'a SourceFile, section: Section, runs: Vec<Section>) -> Self {
        OperationReader {
            section: Some(section),
            runs: runs.into_iter(),
            whole: false,
            ..Self::from_map(file, IndexMap::new())
        }
    }

    /// What did not parse, once read.
    pub fn take_errors(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.errors)
    }
}

impl Iterator for OperationReader<'_> {
    type Item = (String, Box<OperationSpec>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(next) = self.current.next() {
                if !self.whole {
                    self.given += 1;
                }
                return Some(next);
            }
            if self.whole {
                return None;
            }
            let read = match self.runs.next() {
                Some(run) => read_operations(self.file, run),
                None => return None,
            };
            match read {
                Ok(ops) => self.current = ops.into_iter(),
                Err(_) => {
                    // The block was cut where it should not be, or it has a problem: read it whole.
                    self.whole = true;
                    match self.section.map(|section| read_operations(self.file, section)) {
                        Some(Ok(ops)) => {
                            self.current = ops.into_iter();
                            // The operations given so far are the block's first.
                            if let Some(last_given) = self.given.checked_sub(1) {
                                self.current.nth(last_given);
                            }
                        }
                        Some(Err(errors)) => {
                            self.errors = errors;
                            return None;
                        }
                        None => return None,
                    }
                }
            }
        }
    }
}

/// Whether a line, its indentation taken off, starts a mapping entry: a
/// plain or quoted key followed by `:` and a space or the line's end.
fn looks_like_a_key(rest: &str) -> bool {
    let key_end = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].find(quote).map(|i| i + 2),
        Some('-' | '[' | '{' | '&' | '*' | '!' | '|' | '>' | '?') | None => None,
        Some(_) => rest.find(':'),
    };
    key_end
        .is_some_and(|end| rest[end..].starts_with(':') && matches!(rest[end + 1..].chars().next(), None | Some(' ')))
}

/// The block `operations:` of a group file, when the file is a block mapping
/// whose key `operations:` stands alone on its line at column 0; the block
/// runs to the next line that starts at column 0 (a top-level key), blank
/// lines and comments included. `None` for anything else (flow style,
/// several documents), which is parsed whole.
fn operations_section(text: &str) -> Option<Section> {
    let mut offset = 0;
    let mut start = None;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        let top_level = !content.is_empty() && !content.starts_with([' ', '\t', '#']);
        if content.starts_with("---") || content.starts_with("...") {
            return None;
        }
        match start {
            None if top_level && content.starts_with("operations:") => {
                let rest = content["operations:".len()..].trim();
                if !(rest.is_empty() || rest.starts_with('#')) {
                    return None;
                }
                start = Some((offset, number));
            }
            Some((begin, line)) if top_level => return Some(Section { start: begin, end: offset, line, run: false }),
            _ => {}
        }
        offset += line.len();
    }
    start.map(|(begin, line)| Section { start: begin, end: text.len(), line, run: false })
}

/// The operations of a group file whose [`Section`] was left to be read
/// after the types, or the diagnostics of what in them does not parse.
pub fn read_operations(
    file: &SourceFile,
    section: Section,
) -> Result<IndexMap<String, Box<OperationSpec>>, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let parsed = file.with_range(section.start, section.end, |block| {
        if section.run {
            // The run is read under a key of its own, one line above its first.
            let text = format!("operations:\n{block}");
            parse_text::<GroupOperations>(file, &text, section.line.saturating_sub(1), &mut diags)
        } else {
            parse_text::<GroupOperations>(file, block, section.line, &mut diags)
        }
    });
    parsed.map(|ops| ops.operations).ok_or(diags)
}

/// `text` (all of `file`, or its part from line `line_offset` on) as a `T`,
/// or its diagnostics, located in the whole file.
fn parse_text<T: DeserializeOwned>(
    file: &SourceFile,
    text: &str,
    line_offset: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    match serde_saphyr::from_str_with_options::<T>(text, yaml_options()) {
        Ok(value) => Some(value),
        Err(e) => {
            // One pass of the event parser finds the key positions, the
            // duplicate keys and the node the error is at.
            let at = error_position(&e).map(|(line, column)| (line + line_offset, column));
            let Scan { map, duplicates, node } = scan(file.text(), at);
            let _ = file.map.set(map);
            if duplicates.is_empty() {
                diags.push(yaml_error(file, &e, at, node));
            }
            // Every duplicate key is reported, each at its own line.
            for Duplicate { path, at: (line, column), first: (first_line, _) } in duplicates {
                let key = last_segment(&path);
                let message = format!("duplicate key `{key}`, first at line {first_line}");
                diags.push(Diagnostic {
                    line: Some(line),
                    column: Some(column),
                    source_line: file.line(line),
                    hint: Some(format!(
                        "a key appears once in its mapping: keep one `{key}` (line {first_line} or line {line}) and remove the other"
                    )),
                    ..file.error(&path, message)
                });
            }
            None
        }
    }
}

/// How deep mappings and sequences may nest in a spec file: a spec nests a
/// dozen levels, examples a few more.
pub const MAX_NESTING: usize = 64;

/// How many events aliases may replay in one file: a shared definition
/// (`*id_field`) fits hundreds of times; an alias bomb stops here, the file
/// read in about 20 MB (at the parser's default of a million events, 250 MB).
const MAX_REPLAYED_EVENTS: usize = 10_000;

/// What text that is not UTF-8 most likely is: UTF-16 by its byte-order
/// mark or its zero bytes, else the legacy encoding `chardetng` guesses.
fn likely_encoding(bytes: &[u8]) -> String {
    let sample = &bytes[..bytes.len().min(4096)];
    let zeros = sample.iter().filter(|b| **b == 0).count();
    if sample.starts_with(&[0xFF, 0xFE]) || sample.starts_with(&[0xFE, 0xFF]) {
        return "UTF-16 (it starts with a UTF-16 byte-order mark)".to_owned();
    }
    if zeros * 4 > sample.len() {
        return "UTF-16 (every other byte is zero)".to_owned();
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    format!("{} (a guess from its bytes)", guess.name())
}

/// Parser limits: the file size already bounds events and nodes; aliases may
/// replay [`MAX_REPLAYED_EVENTS`], and nesting goes [`MAX_NESTING`] deep.
fn yaml_options() -> serde_saphyr::options::Options {
    let mut options = serde_saphyr::options::Options::default();
    if let Some(budget) = options.budget.as_mut() {
        budget.max_events = usize::MAX;
        budget.max_nodes = usize::MAX;
        budget.max_total_scalar_bytes = 4 * MAX_SPEC_FILE;
        budget.max_recorded_anchor_bytes = MAX_SPEC_FILE;
        budget.max_depth = MAX_NESTING;
        budget.flow_nesting_limit = MAX_NESTING;
    }
    options.alias_limits.max_total_replayed_events = MAX_REPLAYED_EVENTS;
    options.with_snippet = false;
    // YAML 1.2, as the format documents: `yes`, `no`, `on`, `017` and `1_000` are strings.
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    options.underscored_numbers_as_strings = true;
    options
}

fn last_segment(path: &str) -> &str {
    path.rsplit_once('.').map_or(path, |(_, last)| last)
}

/// Where parsing stopped: 1-based line and column.
fn error_position(e: &serde_saphyr::Error) -> Option<(usize, usize)> {
    let location = e.without_snippet().location().filter(|l| l.line() > 0)?;
    Some((usize::try_from(location.line()).ok()?, usize::try_from(location.column()).ok()?))
}

/// Turns a parse error at `at` into a diagnostic, at the YAML path of `node`,
/// the node found there. Unknown keys get a short message and a hint: the
/// closest known key, else the list of known keys.
fn yaml_error(
    file: &SourceFile,
    e: &serde_saphyr::Error,
    at: Option<(usize, usize)>,
    node: Option<(String, bool)>,
) -> Diagnostic {
    use serde_saphyr::Error as E;
    let (mut line, mut column) = at.map_or((None, None), |(l, c)| (Some(l), Some(c)));
    let cause = innermost(e.without_snippet());
    // The wording meant for people who edit YAML, without the position: that is shown in front.
    let mut message =
        serde_saphyr::MessageFormatter::format_message(&serde_saphyr::UserMessageFormatter, cause).into_owned();
    // Two of the parser's phrasings, in the words of the rest of the diagnostics.
    message = match message.as_str() {
        "invalid boolean" | "invalid boolean (true or false expected)" => "expected `true` or `false`".to_owned(),
        "expected string scalar" => "expected a string".to_owned(),
        _ => message,
    };
    let mut hint = None;
    match cause {
        E::SerdeUnknownField { field, expected, .. } => {
            hint = Some(
                did_you_mean(field, expected.iter().copied())
                    .unwrap_or_else(|| format!("known keys here: {}", expected.join(", "))),
            );
            message = match node.filter(|(_, key)| *key).map(|(path, _)| parent(&path).to_owned()) {
                Some(place) if !place.is_empty() => format!("unknown key `{field}` in `{place}`"),
                _ => format!("unknown key `{field}`"),
            };
        }
        E::SerdeMissingField { .. } => {
            // Located at the mapping's first key; the mapping is what lacks the field.
            let place = node.map(|(path, key)| if key { parent(&path).to_owned() } else { path });
            if let Some(place) = place.filter(|p| !p.is_empty()) {
                message = format!("{place}: {message}");
            }
        }
        E::Budget { breach: serde_saphyr::budget::BudgetBreach::Depth { .. }, .. } => {
            message = format!("nesting too deep: more than {MAX_NESTING} levels of mappings and sequences");
            hint = Some(format!(
                "a spec nests a dozen levels; at most {MAX_NESTING} are read (the caret shows where the limit was passed)"
            ));
        }
        _ if message.contains("recursion limit exceeded") => {
            message = format!("nesting too deep: more than {MAX_NESTING} levels of brackets");
            hint = Some(format!(
                "a spec nests a dozen levels; at most {MAX_NESTING} are read (the caret shows where the limit was passed)"
            ));
        }
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => {
            message = "aliases expand to too much".to_owned();
            hint = Some("aliases (`*name`) expand to too much: write the values out, or use fewer aliases".to_owned());
        }
        _ if message.contains("end of stream") || message.contains("unclosed quote") => {
            // The cause is where the open quote or bracket is.
            hint = Some("a quoted string or a bracket may be left open".to_owned());
            if let Some((l, c)) = open_delimiter(file.text(), usize::MAX) {
                (line, column) = (Some(l), Some(c));
            }
        }
        _ if message.contains("tab") => {
            message = "a tab character in the indentation".to_owned();
            hint = Some("YAML indents with spaces only: replace the tab with spaces".to_owned());
            // The parser may stop at the line before the tab-indented one.
            let from = line.unwrap_or(1);
            let tabbed = file
                .text()
                .lines()
                .enumerate()
                .skip(from.saturating_sub(1))
                .find(|(_, l)| l.chars().take_while(|c| c.is_whitespace()).any(|c| c == '\t'));
            if let Some((n, _)) = tabbed {
                (line, column) = (Some(n + 1), Some(1));
            }
        }
        _ => {
            // A quote left open mid-file swallows the lines after it, and the
            // parser stops further down; the open quote is the likely cause.
            let stopped = line.unwrap_or(0);
            match open_delimiter(file.text(), stopped).filter(|(l, _)| *l < stopped) {
                Some((l, c)) => {
                    hint = Some(format!(
                        "a quote or bracket opened here is not closed on its line; the parser stopped at line {stopped}"
                    ));
                    message = format!("{message} (at line {stopped})");
                    (line, column) = (Some(l), Some(c));
                }
                // A type error names the YAML path it is about.
                None => {
                    if let Some((path, _)) = node.filter(|(path, _)| !path.is_empty()) {
                        message = format!("{path}: {message}");
                    }
                }
            }
        }
    }
    let source_line = line.and_then(|l| file.line(l));
    Diagnostic { file: file.name.clone(), line, column, path: None, message, hint, source_line }
}

/// The error under the wrappers that add a snippet or an alias's locations.
fn innermost(e: &serde_saphyr::Error) -> &serde_saphyr::Error {
    match e {
        serde_saphyr::Error::WithSnippet { error, .. } | serde_saphyr::Error::AliasError { error, .. } => {
            innermost(error)
        }
        other => other,
    }
}

fn parent(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(parent, _)| parent)
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

/// A key given twice in one mapping: its YAML path, and the 1-based line and
/// column of the second and of the first.
#[derive(Debug, PartialEq, Eq)]
struct Duplicate {
    path: String,
    at: (usize, usize),
    first: (usize, usize),
}

/// What one pass of the event parser finds in a file.
struct Scan {
    /// Path → position of every key.
    map: SourceMap,
    /// Keys given twice in one mapping.
    duplicates: Vec<Duplicate>,
    /// The YAML path of the node at the position asked for, and whether it is
    /// a mapping key.
    node: Option<(String, bool)>,
}

/// Builds the path → position map, lists duplicate keys, and finds the node
/// that starts at `wanted` (1-based line and column).
fn scan(text: &str, wanted: Option<(usize, usize)>) -> Scan {
    let mut builder = MapBuilder { wanted, ..MapBuilder::default() };
    // Events are pulled one at a time (the parser's own loader recurses once
    // per level, and a file may nest thousands deep). A syntax error is
    // reported by the deserializer with its position; the map keeps what it saw.
    let mut parser = Parser::new_from_str(text);
    while let Ok((event, mark)) = parser.next_token() {
        if event == Event::StreamEnd {
            break;
        }
        builder.on_event(event, mark);
    }
    Scan { map: SourceMap { positions: builder.positions }, duplicates: builder.duplicates, node: builder.found }
}

#[derive(Debug)]
enum Frame {
    /// A mapping: the path of its value being read, if any, and the keys seen.
    Map {
        path: String,
        key: Option<String>,
        seen: HashMap<String, (usize, usize)>,
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
    duplicates: Vec<Duplicate>,
    /// A position to find the node of, and what was found there.
    wanted: Option<(usize, usize)>,
    found: Option<(String, bool)>,
    /// Open containers nested past [`MAX_NESTING`].
    untracked: usize,
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

    /// Records the node at `position` (a key or a value) in `found` when it
    /// is the one `wanted`. Takes the two fields, not `self`, so that it can
    /// be called while the stack is borrowed.
    fn note(
        found: &mut Option<(String, bool)>,
        wanted: Option<(usize, usize)>,
        path: &str,
        key: bool,
        position: (usize, usize),
    ) {
        if wanted == Some(position) && found.is_none() {
            *found = Some((path.to_owned(), key));
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
        // Containers past the nesting limit are counted, not mapped: the
        // deserializer refuses the file there, and their paths would grow
        // with the square of the depth.
        match ev {
            Event::MappingStart(..) | Event::SequenceStart(..)
                if self.untracked > 0 || self.stack.len() > MAX_NESTING =>
            {
                if self.untracked == 0 {
                    self.value_path();
                }
                self.untracked += 1;
                return;
            }
            Event::MappingEnd | Event::SequenceEnd if self.untracked > 0 => {
                self.untracked -= 1;
                return;
            }
            _ if self.untracked > 0 => return,
            _ => {}
        }
        let position = (mark.line(), mark.col() + 1);
        let compact = (u32::try_from(position.0).unwrap_or(u32::MAX), u32::try_from(position.1).unwrap_or(u32::MAX));
        match ev {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Map { path, key: key @ None, seen }) = self.stack.last_mut() {
                    let full = Self::join(path, &value);
                    match seen.entry(value) {
                        std::collections::hash_map::Entry::Occupied(first) => {
                            self.duplicates.push(Duplicate { path: full.clone(), at: position, first: *first.get() })
                        }
                        std::collections::hash_map::Entry::Vacant(slot) => {
                            slot.insert(position);
                        }
                    }
                    self.positions.entry(path_hash(&full)).or_insert(compact);
                    Self::note(&mut self.found, self.wanted, &full, true, position);
                    *key = Some(full);
                } else if let Some(path) = self.value_path() {
                    // Sequence items are located too (`one_of.1`).
                    self.positions.entry(path_hash(&path)).or_insert(compact);
                    Self::note(&mut self.found, self.wanted, &path, false, position);
                }
            }
            Event::MappingStart(..) => {
                let path = self.value_path().unwrap_or_default();
                Self::note(&mut self.found, self.wanted, &path, false, position);
                self.stack.push(Frame::Map { path, key: None, seen: HashMap::new() });
            }
            Event::SequenceStart(..) => {
                let path = self.value_path().unwrap_or_default();
                Self::note(&mut self.found, self.wanted, &path, false, position);
                self.stack.push(Frame::Seq { path, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Alias(_) => {
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
    fn the_operations_block_is_found_at_the_top_level() {
        let text = "doc: D.\ntypes:\n  T: {doc: T.}\noperations:\n  a:\n    x: 1\n# a note\n\n  b: {}\n";
        let section = operations_section(text).expect("found");
        assert_eq!(&text[section.start..section.end], "operations:\n  a:\n    x: 1\n# a note\n\n  b: {}\n");
        assert_eq!(section.line, 3);
        // Before the types: it ends at the next top-level key.
        let text = "doc: D.\noperations: # the calls\n  a: {}\r\ntypes:\n  T: {doc: T.}\n";
        let section = operations_section(text).expect("found");
        assert_eq!(&text[section.start..section.end], "operations: # the calls\n  a: {}\r\n");
        assert_eq!(section.line, 1);
        // Layouts read whole.
        for whole in [
            "doc: D.\noperations: {}\n",
            "{doc: D., operations: {}}\n",
            "---\ndoc: D.\noperations:\n  a: {}\n",
            "doc: D.\noperations:\n  a: {}\n...\n",
            "doc: D.\n",
        ] {
            assert_eq!(operations_section(whole), None, "{whole:?}");
        }
    }

    /// A group file whose operations block is larger than a run, each
    /// operation `size` bytes or so; `odd` puts a line at the operations'
    /// indentation that is not a key inside one of them.
    fn many_operations(n: usize, odd: bool) -> String {
        let mut text = String::from("doc: D.\noperations:\n");
        for i in 0..n {
            text.push_str(&format!("  op_{i}:\n    summary: \"S {i}\"\n    method: GET\n    path: /x/{i}\n"));
            text.push_str(&format!("    doc: {}\n", "w".repeat(2000)));
            if odd && i == n / 2 {
                text.push_str("    responses: {200: {doc: A\n  long one}}\n");
            } else {
                text.push_str("    responses: {200: {doc: OK.}}\n");
            }
        }
        text
    }

    #[test]
    fn a_large_operations_block_is_read_in_runs_of_whole_operations() {
        let text = many_operations(400, false);
        let file = SourceFile::new("g.yaml".to_owned(), text.clone());
        let section = operations_section(&text).expect("found");
        let runs = operation_runs(&file, section);
        assert!(runs.len() >= 3, "{} runs", runs.len());
        assert_eq!(runs[0].start, section.start + "operations:\n".len());
        assert_eq!(runs.last().map(|r| r.end), Some(section.end));
        for pair in runs.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "runs follow each other");
            assert!(text[pair[1].start..].starts_with("  op_"), "a run starts at an operation");
        }
        let names: Vec<String> = OperationReader::from_runs(&file, section, runs).map(|(name, _)| name).collect();
        assert_eq!(names.len(), 400);
        assert_eq!(names[399], "op_399");
        // Keys at one indentation, or the block is read whole.
        assert!(looks_like_a_key("op_1:") && looks_like_a_key("\"a b\": {x: 1}") && looks_like_a_key("a: 1"));
        assert!(!looks_like_a_key("- item") && !looks_like_a_key("long one}") && !looks_like_a_key("a:b"));
    }

    #[test]
    fn a_run_that_does_not_parse_has_the_whole_block_read_instead() {
        // Runs cut in the wrong place fail to parse; the whole block then
        // gives every operation not given yet, once.
        let text = many_operations(400, false);
        let file = SourceFile::new("g.yaml".to_owned(), text.clone());
        let section = operations_section(&text).expect("found");
        let mut runs = operation_runs(&file, section);
        // The first two runs parse; the third starts inside an operation.
        let inside = text[runs[2].start..].find("    method").map(|i| runs[2].start + i).expect("a field");
        let lines_before = text[..inside].matches('\n').count();
        runs[1].end = inside;
        runs[2] = Section { start: inside, line: lines_before, ..runs[2] };
        let mut reader = OperationReader::from_runs(&file, section, runs);
        let names: Vec<String> = reader.by_ref().map(|(name, _)| name).collect();
        assert!(reader.take_errors().is_empty());
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!((names.len(), unique.len()), (400, 400));
    }

    #[test]
    fn a_cut_in_the_wrong_place_falls_back_to_the_whole_block() {
        // A line at the operations' indentation that starts no operation: the
        // block is not cut.
        let text = many_operations(400, true);
        let file = SourceFile::new("g.yaml".to_owned(), text.clone());
        let section = operations_section(&text).expect("found");
        let runs = operation_runs(&file, section);
        assert_eq!(runs, vec![section], "a line at the keys' indentation that is no key: read whole");
        // A problem in a later run is reported where it is.
        let bad = many_operations(400, false).replace("  op_300:\n    summary:", "  op_300:\n    sumary:");
        let file = SourceFile::new("g.yaml".to_owned(), bad.clone());
        let section = operations_section(&bad).expect("found");
        let mut reader = OperationReader::from_runs(&file, section, operation_runs(&file, section));
        let given = reader.by_ref().count();
        let errors = reader.take_errors();
        assert!(given < 300, "{given} given before the problem");
        assert_eq!(errors.len(), 1, "{errors:?}");
        let line = bad.lines().position(|l| l.starts_with("    sumary")).map(|i| i + 1);
        assert_eq!(errors[0].line, line, "{errors:?}");
        assert!(errors[0].message.contains("sumary"), "{errors:?}");
    }

    #[test]
    fn problems_in_operations_read_after_the_types_are_located_in_the_file() {
        let group = "doc: D.\noperations:\n  get_a:\n    summary: A\n    methd: GET\ntypes:\n  T:\n    doc: T.\n    felds: {}\n";
        let files = SpecFiles {
            root: "spec".to_owned(),
            apis: vec![(
                "demo".to_owned(),
                vec![
                    ("api.yaml".to_owned(), Ok(b"api: demo\ntitle: D\ndoc: D.\nfeature: demo\nservers:\n  default: https://a.example.com\nauth:\n  prefix: Bearer\nerror_body:\n  code_type: integer\n".to_vec())),
                    ("g.yaml".to_owned(), Ok(group.as_bytes().to_vec())),
                ],
            )],
        };
        let (apis, diags) = load_files(files);
        // The head (doc and types) is read first: the type's unknown key is found there.
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].column), (Some(9), Some(5)), "{diags:?}");
        assert!(apis[0].groups.is_empty());
        // The operations, read on their own, are located in the whole file.
        let file = SourceFile::new("g.yaml".to_owned(), group.to_owned());
        let section = operations_section(group).expect("found");
        let diags = read_operations(&file, section).expect_err("an unknown key");
        assert_eq!((diags[0].line, diags[0].column), (Some(5), Some(5)), "{diags:?}");
        assert!(diags[0].message.contains("methd"), "{diags:?}");
    }

    #[test]
    fn the_likely_encoding_of_text_that_is_not_utf_8() {
        assert_eq!(likely_encoding(b"doc: caf\xe9 cr\xe8me br\xfbl\xe9e\n"), "windows-1252 (a guess from its bytes)");
        let utf16: Vec<u8> = "doc: café\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(likely_encoding(&utf16), "UTF-16 (every other byte is zero)");
        assert!(likely_encoding(&[0xFF, 0xFE, b'd', 0]).starts_with("UTF-16 (it starts"));
        let shift_jis = b"doc: \x93\xfa\x96\x7b\x8c\xea\x82\xcc\x90\xe0\x96\xbe\x82\xc5\x82\xb7\x81\x42\n";
        assert_eq!(likely_encoding(shift_jis), "Shift_JIS (a guess from its bytes)");
    }

    #[test]
    fn scalars_follow_yaml_1_2() {
        let text = "a: yes\nb: no\nc: on\nd: 017\ne: 1_000\nf: true\ng: 0x1F\nh: ~\n";
        let value: indexmap::IndexMap<String, serde_yaml::Value> =
            serde_saphyr::from_str_with_options(text, yaml_options()).unwrap();
        let strings = ["yes", "no", "on", "017", "1_000"].map(|s| serde_yaml::Value::String(s.to_owned()));
        assert_eq!(value.values().take(5).cloned().collect::<Vec<_>>(), strings);
        assert_eq!(value["f"], serde_yaml::Value::Bool(true));
        assert_eq!(value["g"], serde_yaml::Value::Number(31.into()));
        assert_eq!(value["h"], serde_yaml::Value::Null);
    }

    #[test]
    fn a_parse_error_names_the_node_it_is_at() {
        let text = "a:\n  b:\n    c: [1, 2]\n";
        let node_at = |at| scan(text, Some(at)).node;
        assert_eq!(node_at((3, 5)), Some(("a.b.c".to_owned(), true)));
        assert_eq!(node_at((3, 8)), Some(("a.b.c".to_owned(), false)));
        assert_eq!(node_at((9, 9)), None);
    }

    #[test]
    fn map_knows_nested_keys() {
        let Scan { map, duplicates: dups, .. } = scan("a:\n  b:\n    - x\n    - c: 1\n  d: 2\n", None);
        assert_eq!(map.locate("a"), Some((1, 1)));
        assert_eq!(map.locate("a.b"), Some((2, 3)));
        assert_eq!(map.locate("a.b.1.c"), Some((4, 7)));
        assert_eq!(map.locate("a.d"), Some((5, 3)));
        assert_eq!(map.locate("a.d.nothing"), Some((5, 3)));
        assert!(dups.is_empty());
        let dups = scan("a: 1\nb: 2\na: 3\n", None).duplicates;
        assert_eq!(dups, vec![Duplicate { path: "a".to_owned(), at: (3, 1), first: (1, 1) }]);
    }
}

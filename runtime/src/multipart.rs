//! Streaming `multipart/form-data` bodies.
//!
//! File parts are opened and streamed when the request is sent: a 2 GB upload
//! never sits in memory. Documented limits (size, file type) are checked first,
//! so a request that breaks them fails before any byte leaves.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::StreamExt;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;

use crate::activity::{Activity, Checked};
use crate::error::ValidationError;

/// Bytes read from a file at a time: large enough that a streamed upload runs
/// at the speed of the network, small enough that memory stays flat.
const CHUNK: usize = 256 * 1024;

type BoxedReader = Box<dyn AsyncRead + Send + Sync + Unpin>;

/// Where a file part's bytes come from. Bytes and paths can be sent again (a
/// retry, a 307 redirect); a reader is consumed by the first send.
enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    Range { path: PathBuf, offset: u64, len: u64 },
    Reader(Mutex<Option<BoxedReader>>),
}

/// The content of a file field: bytes in memory, a file on disk, or any
/// async reader, with the file name and content type to send.
pub struct FilePart {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
    length: Option<u64>,
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(b) => format!("{} bytes in memory", b.len()),
            Source::Path(p) => format!("file {}", p.display()),
            Source::Range { path, offset, len } => format!("{len} bytes of {} from {offset}", path.display()),
            Source::Reader(_) => "reader".to_owned(),
        };
        f.debug_struct("FilePart")
            .field("source", &source)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("length", &self.length)
            .finish()
    }
}

impl FilePart {
    /// A file on disk, streamed when the request is sent. The file name sent
    /// is the path's last component.
    pub fn from_path(path: impl AsRef<Path>) -> Self {
        let path = path.as_ref().to_path_buf();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        FilePart { source: Source::Path(path), file_name, content_type: None, length: None }
    }

    /// `len` bytes of a file on disk from `offset`, streamed when sent: one
    /// part of a file uploaded in parts. Sent under the file's name.
    pub fn from_file_range(path: impl AsRef<Path>, offset: u64, len: u64) -> Self {
        let path = path.as_ref().to_path_buf();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        FilePart { source: Source::Range { path, offset, len }, file_name, content_type: None, length: Some(len) }
    }

    /// Bytes already in memory, sent under `file_name`.
    pub fn from_bytes(bytes: impl Into<Bytes>, file_name: impl Into<String>) -> Self {
        let bytes = bytes.into();
        let length = Some(bytes.len() as u64);
        FilePart { source: Source::Bytes(bytes), file_name: Some(file_name.into()), content_type: None, length }
    }

    /// Any async reader, streamed, sent under `file_name`. Give `length` when
    /// known: it is sent as the part's length and checked against size limits.
    pub fn from_reader(
        reader: impl AsyncRead + Send + Sync + Unpin + 'static,
        length: Option<u64>,
        file_name: impl Into<String>,
    ) -> Self {
        FilePart {
            source: Source::Reader(Mutex::new(Some(Box::new(reader)))),
            file_name: Some(file_name.into()),
            content_type: None,
            length,
        }
    }

    /// Sets the file name sent in the part's `Content-Disposition`.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the part's content type; by default it is guessed from the file name.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    fn extension(&self) -> Option<String> {
        let name = self.file_name.as_deref()?;
        let (_, ext) = name.rsplit_once('.')?;
        Some(ext.to_ascii_lowercase())
    }

    /// The first bytes of a whole file, where they are cheap to get.
    async fn head(&self) -> Option<Vec<u8>> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes.get(..16.min(bytes.len()))?.to_vec()),
            Source::Path(path) => {
                let mut file = tokio::fs::File::open(path).await.ok()?;
                let mut head = vec![0u8; 16];
                let n = file.read(&mut head).await.ok()?;
                head.truncate(n);
                Some(head)
            }
            Source::Range { .. } | Source::Reader(_) => None,
        }
    }

    /// The content type sent: the part's own, else `declared` (one the spec
    /// names), else one guessed from the file name.
    fn content_type_or(&self, declared: Option<&str>) -> String {
        match (&self.content_type, declared, &self.file_name) {
            (Some(ct), _, _) => ct.clone(),
            (None, Some(declared), _) => declared.to_owned(),
            (None, None, Some(name)) => mime_guess::from_path(name).first_or_octet_stream().essence_str().to_owned(),
            (None, None, None) => "application/octet-stream".to_owned(),
        }
    }

    /// Whether the part can be sent more than once.
    pub(crate) fn replayable(&self) -> bool {
        !matches!(self.source, Source::Reader(_))
    }

    /// Opens the source as a body that ticks `activity` and ends in an error
    /// if it holds more or fewer bytes than its length says; with the length
    /// when it is known.
    async fn open(
        &self,
        field: &str,
        activity: &Arc<Activity>,
    ) -> Result<(reqwest::Body, Option<u64>), ValidationError> {
        let checked = |stream, length| Checked::new(stream, activity.clone(), length);
        let (body, length) = match &self.source {
            Source::Bytes(bytes) => {
                let len = bytes.len() as u64;
                (reqwest::Body::wrap_stream(checked(chunks(bytes.clone()), Some(len))), Some(len))
            }
            Source::Path(path) => {
                let file = tokio::fs::File::open(path)
                    .await
                    .map_err(|e| ValidationError::new(field, format!("cannot open {}: {e}", path.display())))?;
                let len = file
                    .metadata()
                    .await
                    .map_err(|e| ValidationError::new(field, format!("cannot read {}: {e}", path.display())))?
                    .len();
                let stream = ReaderStream::with_capacity(file, CHUNK).boxed();
                (reqwest::Body::wrap_stream(checked(stream, Some(len))), Some(len))
            }
            Source::Range { path, offset, len } => {
                let mut file = tokio::fs::File::open(path)
                    .await
                    .map_err(|e| ValidationError::new(field, format!("cannot open {}: {e}", path.display())))?;
                let size = file
                    .metadata()
                    .await
                    .map_err(|e| ValidationError::new(field, format!("cannot read {}: {e}", path.display())))?
                    .len();
                if offset.saturating_add(*len) > size {
                    return Err(ValidationError::new(
                        field,
                        format!(
                            "asks for bytes {offset}..{} of {}, which has {size}",
                            offset.saturating_add(*len),
                            path.display()
                        ),
                    ));
                }
                file.seek(std::io::SeekFrom::Start(*offset))
                    .await
                    .map_err(|e| ValidationError::new(field, format!("cannot seek in {}: {e}", path.display())))?;
                let stream = ReaderStream::with_capacity(file.take(*len), CHUNK).boxed();
                (reqwest::Body::wrap_stream(checked(stream, Some(*len))), Some(*len))
            }
            Source::Reader(slot) => {
                let reader = slot.lock().ok().and_then(|mut r| r.take()).ok_or_else(|| {
                    ValidationError::new(field, "was read by an earlier attempt and cannot be sent again")
                })?;
                let stream = ReaderStream::with_capacity(reader, CHUNK).boxed();
                (reqwest::Body::wrap_stream(checked(stream, self.length)), self.length)
            }
        };
        Ok((body, length))
    }

    /// The part as a whole request body: the body, its length when known,
    /// and its content type (the part's own, else `media_type` when it names
    /// one type, else one guessed from the file name).
    pub(crate) async fn to_body(
        &self,
        media_type: &str,
        activity: &Arc<Activity>,
    ) -> Result<(reqwest::Body, Option<u64>, String), ValidationError> {
        let content_type = self.content_type_or((!media_type.ends_with("/*")).then_some(media_type));
        if content_type.chars().any(|c| c.is_control()) {
            return Err(ValidationError::new(
                "body",
                "has a content type with a control character (CR, LF, …), which cannot go into a header",
            ));
        }
        let (body, length) = self.open("body", activity).await?;
        Ok((body, length, content_type))
    }

    /// Checks the limits and opens the source, giving a part to send. A reader
    /// can be taken once; asking again is an error. The part's stream ticks
    /// `activity` and ends in an error if it holds more or fewer bytes than
    /// its length says.
    async fn to_part(
        &self,
        field: &str,
        limits: &FileLimits,
        declared: Option<&str>,
        activity: &Arc<Activity>,
    ) -> Result<reqwest::multipart::Part, ValidationError> {
        if let Some(name) = &self.file_name {
            check_file_name(field, name)?;
        }
        if !limits.extensions.is_empty() {
            let ok = self.extension().is_some_and(|ext| limits.extensions.iter().any(|allowed| *allowed == ext));
            if !ok {
                return Err(ValidationError::new(
                    field,
                    format!("must be a file of type {}", limits.extensions.join(", ")),
                ));
            }
        }
        if !limits.extensions.is_empty() {
            if let Some(head) = self.head().await {
                if let Some(kind) = sniff(&head) {
                    if !limits.extensions.iter().any(|allowed| same_kind(kind, allowed)) {
                        return Err(ValidationError::new(
                            field,
                            format!("holds {kind} data, not a file of type {}", limits.extensions.join(", ")),
                        ));
                    }
                }
            }
        }
        let content_type = self.content_type_or(declared);
        if let (Some(max), Some(len)) = (limits.max_size, self.length) {
            if len > max {
                return Err(ValidationError::new(field, format!("is {len} bytes, over the limit of {max} bytes")));
            }
        }
        let (body, length) = self.open(field, activity).await?;
        if let (Some(max), Some(len)) = (limits.max_size, length) {
            if len > max {
                return Err(ValidationError::new(field, format!("is {len} bytes, over the limit of {max} bytes")));
            }
        }
        let part = match length {
            Some(len) => reqwest::multipart::Part::stream_with_length(body, len),
            None => reqwest::multipart::Part::stream(body),
        };
        let part = match &self.file_name {
            Some(name) => part.file_name(name.clone()),
            None => part,
        };
        part.mime_str(&content_type)
            .map_err(|e| ValidationError::new(field, format!("invalid content type `{content_type}`: {e}")))
    }
}

/// A boxed stream of body chunks.
type ChunkStream = futures_util::stream::BoxStream<'static, std::io::Result<Bytes>>;

/// Bytes in memory as a stream of chunks, so sending them ticks the stall clock.
fn chunks(bytes: Bytes) -> ChunkStream {
    let pieces: Vec<std::io::Result<Bytes>> =
        (0..bytes.len()).step_by(CHUNK).map(|start| Ok(bytes.slice(start..bytes.len().min(start + CHUNK)))).collect();
    futures_util::stream::iter(pieces).boxed()
}

/// A file name goes into the part's `Content-Disposition` header: control
/// characters (CR, LF, …) and `"` would break out of it, so they are refused.
fn check_file_name(field: &str, name: &str) -> Result<(), ValidationError> {
    if name.chars().any(|c| c.is_control() || c == '"') {
        return Err(ValidationError::new(
            field,
            "has a file name with a control character (CR, LF, …) or `\"`, which cannot go into a part header",
        ));
    }
    Ok(())
}

/// The kind of file its first bytes show, for the common formats of the specs;
/// `None` when they say nothing (the extension check then stands alone).
fn sniff(head: &[u8]) -> Option<&'static str> {
    match head {
        [0x89, b'P', b'N', b'G', ..] => Some("png"),
        [0xFF, 0xD8, 0xFF, ..] => Some("jpeg"),
        [b'G', b'I', b'F', b'8', ..] => Some("gif"),
        [b'B', b'M', ..] => Some("bmp"),
        [0x1A, 0x45, 0xDF, 0xA3, ..] => Some("webm"),
        [_, _, _, _, b'f', b't', b'y', b'p', ..] => Some("mp4"),
        [b'M', b'Z', ..] => Some("executable"),
        [0x7F, b'E', b'L', b'F', ..] => Some("executable"),
        [b'%', b'P', b'D', b'F', ..] => Some("pdf"),
        _ => None,
    }
}

/// Whether a sniffed kind fits an allowed extension (`jpg` is `jpeg`; MP4 and
/// MOV share the `ftyp` box).
fn same_kind(kind: &str, extension: &str) -> bool {
    match kind {
        "jpeg" => matches!(extension, "jpg" | "jpeg"),
        "mp4" => matches!(extension, "mp4" | "mov" | "m4v"),
        other => other == extension,
    }
}

/// Documented limits of a file field, checked before sending.
#[derive(Debug, Clone, Copy, Default)]
struct FileLimits {
    max_size: Option<u64>,
    extensions: &'static [&'static str],
}

#[derive(Debug)]
enum Field {
    Text(String),
    File(FilePart, FileLimits),
    /// A value as JSON, or why it could not be written as JSON (reported
    /// when the form is sent, before any byte leaves).
    Json(Result<String, String>),
}

impl Field {
    /// `value` as JSON; a value JSON cannot hold (a NaN) is refused when
    /// the form is sent, not written as `null`.
    fn json<T: serde::Serialize + ?Sized>(value: &T) -> Field {
        let json = crate::finite::to_json(value)
            .and_then(|json| String::from_utf8(json).map_err(|e| e.to_string()))
            .map_err(|e| format!("cannot be written as JSON: {e}"));
        Field::Json(json)
    }
}

/// An `application/x-www-form-urlencoded` body under construction: text
/// fields in order, encoded as `k=v&k=v` when sent; structured values by
/// their keys (`k[a]=1`, `k[0]=x`).
#[derive(Debug, Default, Clone)]
pub struct UrlEncoded {
    fields: Vec<(Cow<'static, str>, String)>,
    /// The first field that could not be encoded, and why.
    error: Option<(Cow<'static, str>, String)>,
}

impl UrlEncoded {
    /// An empty form.
    pub fn new() -> Self {
        UrlEncoded::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.fields.push((Cow::Borrowed(name), value.to_string()));
        self
    }

    /// Adds text fields under names of the caller's, beyond the named ones.
    pub fn extra_texts<T: fmt::Display>(mut self, fields: &[(String, T)]) -> Self {
        for (name, value) in fields {
            self.fields.push((Cow::Owned(name.clone()), value.to_string()));
        }
        self
    }

    /// Adds structured fields under names of the caller's, each as
    /// [`json`](Self::json) sends one.
    pub fn extra_json<T: serde::Serialize>(self, fields: &[(String, T)]) -> Self {
        fields.iter().fold(self, |form, (name, value)| form.structured(Cow::Owned(name.clone()), value))
    }

    /// Adds every top-level key of `value` (an object, a map, a union of
    /// them) as a field, structured values by their keys as
    /// [`json`](Self::json) sends them. A value that is not a JSON object
    /// fails the request before sending.
    pub fn fields_of<T: serde::Serialize + ?Sized>(mut self, value: &T) -> Self {
        match keys_of(value) {
            Ok(map) => {
                for (key, item) in map {
                    bracket_pairs(&mut self.fields, Cow::Owned(key), item);
                }
            }
            Err(e) => {
                self.error.get_or_insert((Cow::Borrowed("body"), e));
            }
        }
        self
    }

    /// Adds a structured field (an object, a map, a union, an array of
    /// them) by its keys, as Rails, PHP and Stripe read forms: an object's
    /// keys in brackets (`k[a]=1`, nested `k[a][b]=1`), an array's indexes
    /// (`k[0]=x`); `null` sends nothing. A value JSON cannot hold (a NaN)
    /// fails the request before sending.
    pub fn json<T: serde::Serialize + ?Sized>(self, name: &'static str, value: &T) -> Self {
        self.structured(Cow::Borrowed(name), value)
    }

    fn structured<T: serde::Serialize + ?Sized>(mut self, name: Cow<'static, str>, value: &T) -> Self {
        // Through the checked JSON writer: a NaN is refused, not sent as null.
        let value = crate::finite::to_json(value)
            .and_then(|json| serde_json::from_slice::<serde_json::Value>(&json).map_err(|e| e.to_string()));
        match value {
            Ok(value) => bracket_pairs(&mut self.fields, name, value),
            Err(e) => {
                self.error.get_or_insert((name, format!("cannot be sent in a form: {e}")));
            }
        }
        self
    }

    /// Adds a structured field when it has a value (see [`json`](Self::json)).
    pub fn json_opt<T: serde::Serialize>(self, name: &'static str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.json(name, value),
            None => self,
        }
    }

    /// The field that could not be encoded, and why.
    pub(crate) fn error(&self) -> Option<&(Cow<'static, str>, String)> {
        self.error.as_ref()
    }

    /// Adds a text field when it has a value.
    pub fn text_opt(self, name: &'static str, value: Option<impl fmt::Display>) -> Self {
        match value {
            Some(value) => self.text(name, value),
            None => self,
        }
    }

    /// Adds one text field per value, each under `name` (`k=a&k=b`).
    pub fn texts<T: fmt::Display>(self, name: &'static str, values: &[T]) -> Self {
        values.iter().fold(self, |form, value| form.text(name, value))
    }

    /// The encoded body (`a=1&b=x+y`).
    pub(crate) fn encode(&self) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.fields {
            out.append_pair(name, value);
        }
        out.finish()
    }
}

/// The top-level keys of a value sent as a form, through the checked JSON
/// writer (a NaN is refused, not sent as null).
fn keys_of<T: serde::Serialize + ?Sized>(value: &T) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let json = crate::finite::to_json(value)?;
    match serde_json::from_slice::<serde_json::Value>(&json).map_err(|e| e.to_string())? {
        serde_json::Value::Object(map) => Ok(map),
        _ => Err("is not an object, whose keys a form sends as its fields".to_owned()),
    }
}

/// The `k[a]=1` pairs of a structured form value under `name`.
fn bracket_pairs(out: &mut Vec<(Cow<'static, str>, String)>, name: Cow<'static, str>, value: serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::String(text) => out.push((name, text)),
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                bracket_pairs(out, format!("{name}[{i}]").into(), item);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                bracket_pairs(out, format!("{name}[{key}]").into(), item);
            }
        }
        scalar => out.push((name, scalar.to_string())),
    }
}

/// A `multipart/form-data` body under construction.
#[derive(Debug, Default)]
pub struct Multipart {
    fields: Vec<(Cow<'static, str>, Field)>,
    /// Headers of parts (OpenAPI's `encoding.<part>.headers`): part name,
    /// header name (lower case), value.
    part_headers: Vec<(&'static str, &'static str, String)>,
    /// The media types the spec gives parts (`encoding.<part>.contentType`).
    content_types: Vec<(&'static str, &'static str)>,
    /// A documented part header that is required and was not given.
    missing: Option<(&'static str, &'static str)>,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.fields.push((Cow::Borrowed(name), Field::Text(value.to_string())));
        self
    }

    /// Adds text fields under names of the caller's, beyond the named ones.
    /// A name that cannot go into a part header (a line break or `"` in it)
    /// fails the request before sending.
    pub fn extra_texts<T: fmt::Display>(mut self, fields: &[(String, T)]) -> Self {
        for (name, value) in fields {
            self.fields.push((Cow::Owned(name.clone()), Field::Text(value.to_string())));
        }
        self
    }

    /// Adds every top-level key of `value` (an object, a map, a union of
    /// them) as a part: a scalar as text, an array of scalars as one text
    /// part per value, anything else as JSON; `null` sends nothing. A value
    /// that is not a JSON object fails the request before sending.
    pub fn fields_of<T: serde::Serialize + ?Sized>(mut self, value: &T) -> Self {
        use serde_json::Value;
        let text = |value: &Value| match value {
            Value::String(text) => Some(text.clone()),
            Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
            _ => None,
        };
        let map = match keys_of(value) {
            Ok(map) => map,
            Err(e) => {
                self.fields.push((Cow::Borrowed("body"), Field::Json(Err(e))));
                return self;
            }
        };
        for (key, item) in map {
            match &item {
                Value::Null => {}
                Value::Array(items) if items.iter().all(|i| text(i).is_some()) => {
                    for value in items.iter().filter_map(text) {
                        self.fields.push((Cow::Owned(key.clone()), Field::Text(value)));
                    }
                }
                _ => match text(&item) {
                    Some(value) => self.fields.push((Cow::Owned(key), Field::Text(value))),
                    None => self.fields.push((Cow::Owned(key), Field::Json(Ok(item.to_string())))),
                },
            }
        }
        self
    }

    /// Adds JSON fields under names of the caller's, as
    /// [`extra_texts`](Self::extra_texts) adds text ones.
    pub fn extra_json<T: serde::Serialize>(mut self, fields: &[(String, T)]) -> Self {
        for (name, value) in fields {
            self.fields.push((Cow::Owned(name.clone()), Field::json(value)));
        }
        self
    }

    /// Adds a text field when it has a value.
    pub fn text_opt(self, name: &'static str, value: Option<impl fmt::Display>) -> Self {
        match value {
            Some(value) => self.text(name, value),
            None => self,
        }
    }

    /// Adds one text field per value, each under `name`.
    pub fn texts<T: fmt::Display>(self, name: &'static str, values: &[T]) -> Self {
        values.iter().fold(self, |form, value| form.text(name, value))
    }

    /// Adds a field holding `value` as JSON, sent as `application/json`.
    pub fn json<T: serde::Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        self.fields.push((Cow::Borrowed(name), Field::json(value)));
        self
    }

    /// Adds a JSON field when it has a value.
    pub fn json_opt<T: serde::Serialize>(self, name: &'static str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.json(name, value),
            None => self,
        }
    }

    /// Adds one file field per file, each under `name`, each within the
    /// documented limits (see [`Multipart::file`]).
    pub fn files(
        self,
        name: &'static str,
        parts: Vec<FilePart>,
        max_size: Option<u64>,
        extensions: &'static [&'static str],
    ) -> Self {
        parts.into_iter().fold(self, |form, part| form.file(name, part, max_size, extensions))
    }

    /// Adds a file field with its documented limits: the maximum size in bytes
    /// and the allowed file name extensions (lower case, empty for any).
    pub fn file(
        mut self,
        name: &'static str,
        part: FilePart,
        max_size: Option<u64>,
        extensions: &'static [&'static str],
    ) -> Self {
        self.fields.push((Cow::Borrowed(name), Field::File(part, FileLimits { max_size, extensions })));
        self
    }

    /// Adds a file field when there is one.
    pub fn file_opt(
        self,
        name: &'static str,
        part: Option<FilePart>,
        max_size: Option<u64>,
        extensions: &'static [&'static str],
    ) -> Self {
        match part {
            Some(part) => self.file(name, part, max_size, extensions),
            None => self,
        }
    }

    /// Gives the parts named `part` the media type the spec names for them:
    /// a text or JSON part's, or a file's when its `FilePart` names none.
    pub fn content_type(mut self, part: &'static str, media_type: &'static str) -> Self {
        self.content_types.push((part, media_type));
        self
    }

    /// Sets header `header` on every part named `part` added so far, as the
    /// spec documents the part's headers. A `required` header without a
    /// value fails the request before sending when the part is there.
    pub fn part_header(
        mut self,
        part: &'static str,
        header: &'static str,
        value: Option<impl fmt::Display>,
        required: bool,
    ) -> Self {
        let present = self.fields.iter().any(|(name, _)| *name == part);
        match value {
            Some(value) if present => self.part_headers.push((part, header, value.to_string())),
            None if present && required => {
                self.missing.get_or_insert((part, header));
            }
            _ => {}
        }
        self
    }

    /// Whether the form can be sent more than once (no reader parts).
    pub(crate) fn replayable(&self) -> bool {
        self.fields.iter().all(|(_, f)| match f {
            Field::Text(_) | Field::Json(_) => true,
            Field::File(part, _) => part.replayable(),
        })
    }

    /// Checks every limit and opens every file, giving a form to send whose
    /// file parts tick `activity` as they go out.
    pub(crate) async fn to_form(&self, activity: &Arc<Activity>) -> Result<reqwest::multipart::Form, ValidationError> {
        if let Some((part, header)) = self.missing {
            return Err(ValidationError::new(part, format!("the part's `{header}` header is required")));
        }
        // Names and file names go into the part headers as they are, UTF-8
        // included, as browsers send them (RFC 7578 §4.2 rules out the
        // `filename*=` encoding); what would break out of the quotes is refused.
        let mut form = reqwest::multipart::Form::new().percent_encode_noop();
        for (name, field) in &self.fields {
            if name.chars().any(|c| c.is_control() || c == '"') {
                return Err(ValidationError::new(
                    name.as_ref(),
                    "is a part name with a control character (CR, LF, …) or `\"`, which cannot go into a part header",
                ));
            }
            let declared = self.content_types.iter().find(|(part, _)| *part == name.as_ref()).map(|(_, m)| *m);
            let typed = |part: reqwest::multipart::Part, media_type: &str| {
                part.mime_str(media_type).map_err(|e| ValidationError::new(name.as_ref(), e.to_string()))
            };
            let part = match field {
                Field::Text(value) => match declared {
                    Some(media_type) => typed(reqwest::multipart::Part::text(value.clone()), media_type)?,
                    None => reqwest::multipart::Part::text(value.clone()),
                },
                Field::File(part, limits) => part.to_part(name, limits, declared, activity).await?,
                Field::Json(Ok(json)) => {
                    typed(reqwest::multipart::Part::text(json.clone()), declared.unwrap_or("application/json"))?
                }
                Field::Json(Err(why)) => return Err(ValidationError::new(name.as_ref(), why.clone())),
            };
            let part = self.with_headers(name, part)?;
            form = form.part(name.clone(), part);
        }
        Ok(form)
    }

    /// `part` with the headers documented for the part `name`; a value that
    /// cannot be a header (a line break in it) fails before sending.
    fn with_headers(
        &self,
        name: &str,
        part: reqwest::multipart::Part,
    ) -> Result<reqwest::multipart::Part, ValidationError> {
        let mut headers = reqwest::header::HeaderMap::new();
        for (_, header, value) in self.part_headers.iter().filter(|(part, _, _)| *part == name) {
            let invalid =
                |what: &str| ValidationError::new(name, format!("the part's `{header}` header is not a valid {what}"));
            let header_name =
                reqwest::header::HeaderName::from_bytes(header.as_bytes()).map_err(|_| invalid("name"))?;
            let value = reqwest::header::HeaderValue::from_str(value).map_err(|_| invalid("value"))?;
            headers.append(header_name, value);
        }
        Ok(if headers.is_empty() { part } else { part.headers(headers) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structured_form_fields_go_by_their_keys() {
        let value =
            serde_json::json!({"parse": ["users", "roles"], "replied_user": false, "none": null, "to": {"id": 7}});
        let form = UrlEncoded::new().text("content", "hi there").json("allowed_mentions", &value);
        assert_eq!(
            form.encode(),
            "content=hi+there&allowed_mentions%5Bparse%5D%5B0%5D=users&allowed_mentions%5Bparse%5D%5B1%5D=roles\
             &allowed_mentions%5Breplied_user%5D=false&allowed_mentions%5Bto%5D%5Bid%5D=7"
        );
        assert!(form.error().is_none());
        // The caller's fields go after the named ones, under their names as given.
        let extra = UrlEncoded::new()
            .text("a", 1)
            .extra_texts(&[("b c".to_owned(), "x&y")])
            .extra_json(&[("d".to_owned(), serde_json::json!({"e": [1]}))]);
        assert_eq!(extra.encode(), "a=1&b+c=x%26y&d%5Be%5D%5B0%5D=1");
        let nan = UrlEncoded::new().extra_json(&[("y".to_owned(), f64::NAN)]);
        assert_eq!(nan.error().map(|(name, _)| name.as_ref()), Some("y"));
        let nan = UrlEncoded::new().json("x", &f64::NAN);
        assert_eq!(nan.error().map(|(name, _)| name.as_ref()), Some("x"));
    }

    #[tokio::test]
    async fn part_headers_go_on_their_parts_and_are_checked() {
        let form = Multipart::new()
            .file("file", FilePart::from_bytes(vec![0u8; 1], "a.png"), None, &[])
            .part_header("file", "x-checksum", Some("abc"), true)
            .text("note", "hi")
            .part_header("note", "x-lang", None::<&str>, false);
        assert!(form.to_form(&Activity::new()).await.is_ok());
        assert_eq!(form.part_headers, [("file", "x-checksum", "abc".to_owned())]);

        let missing = Multipart::new()
            .text("note", "hi")
            .part_header("note", "x-lang", None::<&str>, true)
            .part_header("absent", "x-other", None::<&str>, true);
        let err = missing.to_form(&Activity::new()).await.unwrap_err();
        assert_eq!((err.field.as_str(), err.reason.as_str()), ("note", "the part's `x-lang` header is required"));

        // A JSON part JSON cannot hold fails before sending, not as `null`.
        let nan = Multipart::new().extra_json(&[("n".to_owned(), f64::NAN)]);
        let err = nan.to_form(&Activity::new()).await.unwrap_err();
        assert_eq!(err.field, "n");
        let injected =
            Multipart::new().text("note", "hi").part_header("note", "x-lang", Some("en\r\nX-Evil: 1"), false);
        let err = injected.to_form(&Activity::new()).await.unwrap_err();
        assert!(err.reason.contains("not a valid value"), "{err}");
    }

    #[tokio::test]
    async fn limits_fail_before_sending() {
        let big = Multipart::new().file("file", FilePart::from_bytes(vec![0u8; 11], "a.png"), Some(10), &[]);
        let err = big.to_form(&Activity::new()).await.unwrap_err();
        assert_eq!(err.field, "file");
        assert!(err.reason.contains("over the limit of 10 bytes"), "{err}");

        let wrong_type =
            Multipart::new().file("file", FilePart::from_bytes(vec![0u8; 1], "a.exe"), None, &["png", "jpg"]);
        let err = wrong_type.to_form(&Activity::new()).await.unwrap_err();
        assert_eq!(err.reason, "must be a file of type png, jpg");

        let dir = std::env::temp_dir().join(format!("specgen-range-{}", std::process::id()));
        std::fs::write(&dir, b"0123456789").unwrap();
        let range = Multipart::new().file("file", FilePart::from_file_range(&dir, 8, 5), None, &[]);
        assert!(range.to_form(&Activity::new()).await.unwrap_err().reason.starts_with("asks for bytes 8..13"));
        let range = Multipart::new().file("file", FilePart::from_file_range(&dir, 2, 5), None, &[]);
        assert!(range.replayable());
        assert!(range.to_form(&Activity::new()).await.is_ok());
        std::fs::remove_file(&dir).unwrap();

        let disguised =
            Multipart::new().file("file", FilePart::from_bytes(&b"MZ\x90\0"[..], "cat.png"), None, &["png", "jpg"]);
        assert_eq!(
            disguised.to_form(&Activity::new()).await.unwrap_err().reason,
            "holds executable data, not a file of type png, jpg"
        );
        let jpeg =
            Multipart::new().file("file", FilePart::from_bytes(&b"\xFF\xD8\xFF\xE0"[..], "a.jpg"), None, &["jpg"]);
        assert!(jpeg.to_form(&Activity::new()).await.is_ok());

        let ok = Multipart::new().file("file", FilePart::from_bytes(vec![0u8; 1], "A.PNG"), Some(10), &["png"]);
        assert!(ok.to_form(&Activity::new()).await.is_ok());

        for bad in ["a\r\nX-Injected: 1.png", "a\".png", "a\nb.png"] {
            let named = Multipart::new().file("file", FilePart::from_bytes(vec![0u8; 1], bad), None, &[]);
            assert!(named.to_form(&Activity::new()).await.unwrap_err().reason.contains("control character"), "{bad:?}");
        }

        let missing = Multipart::new().file("file", FilePart::from_path("/nonexistent/x.png"), None, &[]);
        assert!(missing.to_form(&Activity::new()).await.unwrap_err().reason.starts_with("cannot open"));
    }
}

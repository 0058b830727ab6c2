//! Success responses: JSON decoding, empty bodies and byte streams, each read
//! within the client's limits (body size, stall timeout, deadline).

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::{FutureExt, Stream, StreamExt};
use serde::de::DeserializeOwned;
use tokio::io::AsyncWriteExt;

use crate::activity::StallGuard;
use crate::error::{BodyError, DecodeError, Error, TimeoutError, TimeoutKind, TooLargeError};
use crate::events::{EventStream, Framing, Resend};

/// The limits a response body is read within.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimits {
    /// The most bytes read into memory.
    pub(crate) max_body: u64,
    /// The longest wait for the next chunk.
    pub(crate) stall: Duration,
    /// The end of the whole call, for bodies read before the call returns.
    pub(crate) deadline: Option<tokio::time::Instant>,
}

/// Which success bodies [`Client::call`](crate::Client::call) hands to the
/// operation's decoder unread, as streams, instead of reading them into
/// memory first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Streamed {
    /// No body: each is read first.
    None,
    /// Every body.
    All,
    /// The bodies of these statuses.
    Only(&'static [u16]),
    /// Every body but those of these statuses.
    AllBut(&'static [u16]),
}

impl Streamed {
    /// Whether the body of a response with `status` is streamed.
    pub fn contains(self, status: u16) -> bool {
        match self {
            Streamed::None => false,
            Streamed::All => true,
            Streamed::Only(statuses) => statuses.contains(&status),
            Streamed::AllBut(statuses) => !statuses.contains(&status),
        }
    }
}

/// What a builder's `send` returns: the value of its `send_with_metadata`
/// future, without the metadata.
pub fn value_only<T, E>(
    call: impl Future<Output = Result<ResponseValue<T>, Error<E>>> + Send,
) -> impl Future<Output = Result<T, Error<E>>> + Send {
    call.map(|result| result.map(ResponseValue::into_value))
}

/// A body as JSON; a body that does not decode is kept in the error.
fn decode_json_body<T: DeserializeOwned, E>(status: u16, operation: &'static str, body: Bytes) -> Result<T, Error<E>> {
    serde_json::from_slice(&body).map_err(|e| Error::Decode(DecodeError::new(status, operation, body, e)))
}

/// A success response, not yet read (or read into memory by [`Response::buffered`]).
pub struct Response {
    inner: reqwest::Response,
    operation: &'static str,
    limits: BodyLimits,
    body: Option<Bytes>,
    /// What sends the request again, for an event stream that may resume.
    resend: Option<Resend>,
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status())
            .field("operation", &self.operation)
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .finish_non_exhaustive()
    }
}

impl Response {
    pub(crate) fn new(inner: reqwest::Response, operation: &'static str, limits: BodyLimits) -> Self {
        Response { inner, operation, limits, body: None, resend: None }
    }

    pub(crate) fn with_resend(mut self, resend: Option<Resend>) -> Self {
        self.resend = resend;
        self
    }

    /// The operation that was called.
    pub(crate) fn operation(&self) -> &'static str {
        self.operation
    }

    /// The body as read (`Ok`) or still to be read (`Err`), with its limits,
    /// and what sends the request again.
    pub(crate) fn into_body(self) -> (Result<Bytes, reqwest::Response>, BodyLimits, &'static str, Option<Resend>) {
        let body = match self.body {
            Some(body) => Ok(body),
            None => Err(self.inner),
        };
        (body, self.limits, self.operation, self.resend)
    }

    /// Reads the body into memory, within the limits, so that
    /// [`metadata`](Response::metadata) can hold it beside the decoded value.
    pub async fn buffered<E>(mut self) -> Result<Response, Error<E>> {
        if self.body.is_none() {
            let body = read_bounded(&mut self.inner, self.limits, self.operation).await.map_err(BodyError::widen)?;
            self.body = Some(body);
        }
        Ok(self)
    }

    /// The status, the headers and the body read so far (empty unless
    /// [`buffered`](Response::buffered)).
    pub fn metadata(&self) -> ResponseMetadata {
        ResponseMetadata {
            status: self.status(),
            headers: self.inner.headers().clone(),
            body: self.body.clone().unwrap_or_default(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.inner.status().as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.inner.headers()
    }

    /// The `Content-Type` header, when present and readable.
    pub fn content_type(&self) -> Option<&str> {
        self.inner.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }

    /// Reads the body into memory, within the size limit, the stall timeout
    /// and the call's deadline.
    pub async fn bytes<E>(self) -> Result<Bytes, Error<E>> {
        self.read().await.map_err(BodyError::widen)
    }

    /// Reads the whole body and decodes it as JSON.
    pub async fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        let (status, operation) = (self.status(), self.operation);
        let body = self.read().await.map_err(BodyError::widen)?;
        decode_json_body(status, operation, body)
    }

    /// Reads and drops the body of a response documented as empty.
    pub async fn empty<E>(self) -> Result<(), Error<E>> {
        self.read().await.map(drop).map_err(BodyError::widen)
    }

    /// Decodes the body read by [`buffered`](Response::buffered) as JSON. A
    /// body that was not read decodes as an empty one: a decode error.
    pub fn decode_json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        decode_json_body(self.status(), self.operation, self.body.unwrap_or_default())
    }

    /// The value of a response documented as empty; its body, if read, is dropped.
    pub fn decode_empty<E>(self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// The body read by [`buffered`](Response::buffered) as text. A body
    /// that is not UTF-8 is a decode error that keeps the body as it came.
    pub fn decode_text<E>(self) -> Result<String, Error<E>> {
        let (status, operation) = (self.status(), self.operation);
        let body = self.body.unwrap_or_default();
        match std::str::from_utf8(&body) {
            Ok(text) => Ok(text.to_owned()),
            Err(e) => {
                let source = <serde_json::Error as serde::de::Error>::custom(format!("the text is not UTF-8: {e}"));
                Err(Error::Decode(DecodeError::new(status, operation, body, source)))
            }
        }
    }

    /// The body as server-sent events, each event's data decoded as `T`; an
    /// event whose data is `end` ends the stream (see [`EventStream`]).
    pub fn decode_events<T: DeserializeOwned + Send + 'static, E>(
        self,
        end: Option<&'static str>,
    ) -> Result<EventStream<T>, Error<E>> {
        Ok(EventStream::new(self, end, Framing::ServerSent))
    }

    /// The body as JSON lines, one event a line decoded as `T`; a line that
    /// is `end` ends the stream (see [`EventStream`]).
    pub fn decode_lines<T: DeserializeOwned + Send + 'static, E>(
        self,
        end: Option<&'static str>,
    ) -> Result<EventStream<T>, Error<E>> {
        Ok(EventStream::new(self, end, Framing::Lines))
    }

    /// The body as a stream of chunks (see [`into_stream`](Response::into_stream)).
    pub fn decode_stream<E>(self) -> Result<ByteStream, Error<E>> {
        Ok(self.into_stream())
    }

    /// The body read within the limits, compiled once rather than once per
    /// operation's error type.
    async fn read(mut self) -> Result<Bytes, BodyError> {
        match self.body {
            Some(body) => Ok(body),
            None => read_bounded(&mut self.inner, self.limits, self.operation).await,
        }
    }

    /// The body as a stream of chunks, read as the caller polls it. Bounded
    /// by the stall timeout only: a large download runs as long as it moves.
    pub fn into_stream(mut self) -> ByteStream {
        let content_type = self.content_type().map(str::to_owned);
        // The body stream does not need the headers: they move, not copy.
        let headers = std::mem::take(self.inner.headers_mut());
        let inner: Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>> = match self.body {
            Some(body) => Box::pin(futures_util::stream::iter([Ok(body)])),
            None => Box::pin(StallGuard::new(self.inner.bytes_stream(), self.limits.stall)),
        };
        ByteStream { inner, content_type, headers }
    }
}

/// Reads a body chunk by chunk, failing once it passes `limits.max_body`, when
/// a chunk takes longer than the stall timeout, or at the deadline.
async fn read_bounded(
    response: &mut reqwest::Response,
    limits: BodyLimits,
    operation: &'static str,
) -> Result<Bytes, BodyError> {
    let too_large = || Error::TooLarge(TooLargeError { operation, limit: limits.max_body });
    if response.content_length().is_some_and(|len| len > limits.max_body) {
        return Err(too_large());
    }
    let mut body = BytesMut::new();
    loop {
        let mut wait = tokio::time::Instant::now() + limits.stall;
        let mut kind = TimeoutKind::Stall;
        if let Some(deadline) = limits.deadline {
            if deadline < wait {
                wait = deadline;
                kind = TimeoutKind::Deadline;
            }
        }
        let chunk = match tokio::time::timeout_at(wait, response.chunk()).await {
            Ok(chunk) => chunk.map_err(Error::from_reqwest)?,
            Err(_) => return Err(Error::Timeout(TimeoutError::new(kind))),
        };
        let Some(chunk) = chunk else { break };
        if body.len() as u64 + chunk.len() as u64 > limits.max_body {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// A binary response body, streamed, with the response's content type and
/// headers. Each item is a chunk or the error that ended the stream (a
/// broken connection, or no chunk within the stall timeout).
pub struct ByteStream {
    inner: Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>,
    content_type: Option<String>,
    headers: reqwest::header::HeaderMap,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream").field("content_type", &self.content_type).finish_non_exhaustive()
    }
}

impl Stream for ByteStream {
    type Item = std::io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl ByteStream {
    /// The response's `Content-Type` (`image/png`, `video/mp4`), when it has one.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The response's headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// Writes the whole stream to `path`, returning the number of bytes written.
    pub async fn write_to_file(mut self, path: impl AsRef<Path>) -> std::io::Result<u64> {
        let mut file = tokio::fs::File::create(path).await?;
        let mut written = 0u64;
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            file.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        file.flush().await?;
        Ok(written)
    }

    /// Collects the whole stream in memory; for small bodies only.
    pub async fn collect_bytes(mut self) -> std::io::Result<Bytes> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(out))
    }
}

/// What came with a success besides its decoded value: the status, the
/// headers (rate-limit state, request ids) and the raw body (empty for a
/// streamed download, whose body is the value).
#[derive(Clone, Default)]
pub struct ResponseMetadata {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The raw body, as received.
    pub body: Bytes,
}

impl ResponseMetadata {
    /// The metadata with the value decoded from its response.
    pub fn with<T>(self, value: T) -> ResponseValue<T> {
        ResponseValue { value, metadata: self }
    }

    /// A header's value, when present and readable as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl std::fmt::Debug for ResponseMetadata {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseMetadata")
            .field("status", &self.status)
            .field("headers", &HeaderNames(&self.headers))
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

/// A decoded success and its [`ResponseMetadata`], from a builder's
/// `send_with_metadata()`; it dereferences to the value.
#[derive(Clone)]
pub struct ResponseValue<T> {
    value: T,
    metadata: ResponseMetadata,
}

impl<T> ResponseValue<T> {
    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded value, without the metadata.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The value and the metadata apart.
    pub fn into_parts(self) -> (T, ResponseMetadata) {
        (self.value, self.metadata)
    }

    /// The status, headers and raw body.
    pub fn metadata(&self) -> &ResponseMetadata {
        &self.metadata
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.metadata.status
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.metadata.headers
    }

    /// The raw body, as received (empty for a streamed download).
    pub fn body(&self) -> &Bytes {
        &self.metadata.body
    }
}

impl<T> std::ops::Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for ResponseValue<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseValue").field("value", &self.value).field("metadata", &self.metadata).finish()
    }
}

/// Shows a header map by its names only: values may carry session state.
pub(crate) struct HeaderNames<'h>(pub(crate) &'h reqwest::header::HeaderMap);

impl std::fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_bodies_are_those_named_or_all_but_those_named() {
        for status in [200, 204, 206] {
            assert!(!Streamed::None.contains(status));
            assert!(Streamed::All.contains(status));
        }
        let only = Streamed::Only(&[200, 206]);
        assert!(only.contains(200) && only.contains(206) && !only.contains(204));
        let all_but = Streamed::AllBut(&[204]);
        assert!(all_but.contains(200) && all_but.contains(299), "a status the spec does not list streams too");
        assert!(!all_but.contains(204));
    }
}

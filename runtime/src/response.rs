//! Success responses: JSON decoding, empty bodies and byte streams, each read
//! within the client's limits (body size, stall timeout, deadline).

use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use serde::de::DeserializeOwned;
use tokio::io::AsyncWriteExt;

use crate::activity::StallGuard;
use crate::error::{BodyError, DecodeError, Error, TimeoutError, TimeoutKind, TooLargeError};

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

/// A success response, not yet read.
#[derive(Debug)]
pub struct Response {
    inner: reqwest::Response,
    operation: &'static str,
    limits: BodyLimits,
}

impl Response {
    pub(crate) fn new(inner: reqwest::Response, operation: &'static str, limits: BodyLimits) -> Self {
        Response { inner, operation, limits }
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
        let status = self.status();
        let operation = self.operation;
        let body = self.read().await.map_err(BodyError::widen)?;
        serde_json::from_slice(&body).map_err(|e| Error::Decode(DecodeError::new(status, operation, body.clone(), e)))
    }

    /// Reads and drops the body of a response documented as empty.
    pub async fn empty<E>(self) -> Result<(), Error<E>> {
        self.read().await.map(drop).map_err(BodyError::widen)
    }

    /// The body read within the limits, compiled once rather than once per
    /// operation's error type.
    async fn read(self) -> Result<Bytes, BodyError> {
        read_bounded(self.inner, self.limits, self.operation).await
    }

    /// The body as a stream of chunks, read as the caller polls it. Bounded
    /// by the stall timeout only: a large download runs as long as it moves.
    pub fn into_stream(mut self) -> ByteStream {
        let content_type = self.content_type().map(str::to_owned);
        // The body stream does not need the headers: they move, not copy.
        let headers = std::mem::take(self.inner.headers_mut());
        let stall = self.limits.stall;
        ByteStream { inner: Box::pin(StallGuard::new(self.inner.bytes_stream(), stall)), content_type, headers }
    }
}

/// Reads a body chunk by chunk, failing once it passes `limits.max_body`, when
/// a chunk takes longer than the stall timeout, or at the deadline.
async fn read_bounded(
    mut response: reqwest::Response,
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

//! Zoom Clips multipart upload: create → upload parts → complete, for a file
//! of any size, streamed part by part from disk.

use std::fmt;
use std::path::Path;

use specgen_clients::runtime::{Error, FilePart};
use specgen_clients::zoom::clips::{SendClipUploadEventError, UploadClipPartError};
use specgen_clients::zoom::types::{
    CompleteMultipartUpload, CompleteMultipartUploadMethod, CompleteMultipartUploadParams, CreateMultipartUpload,
    CreateMultipartUploadMethod, CreateMultipartUploadParams, PartNumberEtag, UploadEvent, UploadEventResult,
};
use specgen_clients::zoom::Client;

const MB: u64 = 1024 * 1024;
/// The smallest part Zoom accepts (but for the last).
pub const MIN_PART_SIZE: u64 = 5 * MB;
/// The largest part Zoom accepts.
pub const MAX_PART_SIZE: u64 = 100 * MB;
/// The most parts of one upload.
pub const MAX_PARTS: u64 = 100;

/// How far an upload has come, reported after each part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Parts uploaded so far.
    pub parts_done: u64,
    /// Parts in all.
    pub parts: u64,
    /// Bytes uploaded so far.
    pub bytes_done: u64,
    /// The file's size.
    pub bytes: u64,
}

/// What can go wrong in a multipart upload, by step.
#[derive(Debug)]
pub enum UploadError {
    /// The file cannot be read, or its size does not fit the part rules.
    File(String),
    /// `CreateMultipartUpload` failed.
    Create(Box<Error<SendClipUploadEventError>>),
    /// Uploading a part failed.
    Part {
        /// The part number (from 1).
        number: u64,
        /// Why.
        source: Box<Error<UploadClipPartError>>,
    },
    /// `CompleteMultipartUpload` failed.
    Complete(Box<Error<SendClipUploadEventError>>),
    /// The API answered with something else than the step expects.
    Unexpected(String),
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UploadError::File(reason) => write!(f, "cannot upload the file: {reason}"),
            UploadError::Create(e) => write!(f, "creating the multipart upload failed: {e}"),
            UploadError::Part { number, source } => write!(f, "uploading part {number} failed: {source}"),
            UploadError::Complete(e) => write!(f, "completing the multipart upload failed: {e}"),
            UploadError::Unexpected(what) => write!(f, "unexpected answer: {what}"),
        }
    }
}

impl std::error::Error for UploadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            UploadError::Create(e) | UploadError::Complete(e) => Some(e.as_ref()),
            UploadError::Part { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// The part size to use for a file of `size` bytes: `wanted`, clamped to Zoom's
/// 5–100 MB, and raised if the file would need more than 100 parts.
pub fn part_size(size: u64, wanted: u64) -> Result<u64, UploadError> {
    let fewest = size.div_ceil(MAX_PARTS);
    let part = wanted.clamp(MIN_PART_SIZE, MAX_PART_SIZE).max(fewest);
    if part > MAX_PART_SIZE {
        return Err(UploadError::File(format!(
            "{size} bytes need parts over {MAX_PART_SIZE} bytes to stay within {MAX_PARTS} parts"
        )));
    }
    Ok(part)
}

/// Uploads the file at `path` as a new clip in parts of about `part_size`
/// bytes (see [`part_size`]), calling `progress` after each part. Each part is
/// streamed from its range of the file, so memory does not grow with the file.
/// Returns the new clip's id.
pub async fn upload_in_parts(
    client: &Client,
    path: impl AsRef<Path>,
    part_size: u64,
    mut progress: impl FnMut(Progress),
) -> Result<String, UploadError> {
    let path = path.as_ref();
    let size =
        tokio::fs::metadata(path).await.map_err(|e| UploadError::File(format!("{}: {e}", path.display())))?.len();
    if size == 0 {
        return Err(UploadError::File(format!("{} is empty", path.display())));
    }
    let part = self::part_size(size, part_size)?;
    let parts = size.div_ceil(part);
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());

    let created = client
        .send_clip_upload_event(UploadEvent::CreateMultipartUpload(CreateMultipartUpload {
            method: CreateMultipartUploadMethod::CreateMultipartUpload,
            params: Some(CreateMultipartUploadParams { file_name: file_name.clone() }),
        }))
        .send()
        .await
        .map_err(|e| UploadError::Create(Box::new(e)))?;
    let Some(context) = created.upload_context else {
        return Err(UploadError::Unexpected("CreateMultipartUpload gave no upload_context".to_owned()));
    };

    let mut etags = Vec::with_capacity(usize::try_from(parts).unwrap_or(0));
    let mut done = 0u64;
    for index in 0..parts {
        let number = index + 1;
        let offset = index * part;
        let len = part.min(size - offset);
        let mut body = FilePart::from_file_range(path, offset, len).content_type("application/octet-stream");
        if let Some(name) = &file_name {
            body = body.file_name(name.clone());
        }
        let part_number = i64::try_from(number).map_err(|_| UploadError::File("too many parts".to_owned()))?;
        let uploaded = client
            .upload_clip_part(body, part_number, context.clone())
            .send()
            .await
            .map_err(|source| UploadError::Part { number, source: Box::new(source) })?;
        let etag = uploaded
            .part_number_etag
            .ok_or_else(|| UploadError::Unexpected(format!("part {number} was stored without an etag")))?;
        etags.push(PartNumberEtag { etag: etag.etag, part_number: Some(part_number) });
        done += len;
        progress(Progress { parts_done: number, parts, bytes_done: done, bytes: size });
    }

    let completed = client
        .send_clip_upload_event(UploadEvent::CompleteMultipartUpload(CompleteMultipartUpload {
            method: CompleteMultipartUploadMethod::CompleteMultipartUpload,
            params: Some(CompleteMultipartUploadParams {
                part_number_etags: Some(etags),
                upload_context: Some(context),
            }),
        }))
        .send()
        .await
        .map_err(|e| UploadError::Complete(Box::new(e)))?;
    match completed {
        UploadEventResult { clip_id: Some(clip_id), .. } => Ok(clip_id),
        other => Err(UploadError::Unexpected(format!("CompleteMultipartUpload answered {other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_sizes_follow_zoom_rules() {
        assert_eq!(part_size(12 * MB, 5 * MB).unwrap(), 5 * MB);
        assert_eq!(part_size(12 * MB, MB).unwrap(), 5 * MB, "at least 5 MB");
        assert_eq!(part_size(12 * MB, 500 * MB).unwrap(), 100 * MB, "at most 100 MB");
        assert_eq!(part_size(1000 * MB, 5 * MB).unwrap(), 10 * MB, "at most 100 parts");
        assert!(part_size(10_001 * MB, 5 * MB).is_err());
    }
}

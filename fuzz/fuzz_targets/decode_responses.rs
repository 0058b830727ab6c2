//! Random bodies decoded as every generated response type: `Ok` or a serde
//! error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specgen_clients::{zoho_bigin, zoho_crm, zoom};

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<zoom::types::ClipList>(data);
    let _ = serde_json::from_slice::<zoom::types::Clip>(data);
    let _ = serde_json::from_slice::<zoom::types::CollaboratorList>(data);
    let _ = serde_json::from_slice::<zoom::types::CommentList>(data);
    let _ = serde_json::from_slice::<zoom::types::TransferCreated>(data);
    let _ = serde_json::from_slice::<zoom::types::TransferTask>(data);
    let _ = serde_json::from_slice::<zoom::types::UploadedClip>(data);
    let _ = serde_json::from_slice::<zoom::types::UploadedPart>(data);
    let _ = serde_json::from_slice::<zoom::types::UploadEventResult>(data);
    let _ = serde_json::from_slice::<zoom::types::VirtualBackgroundFile>(data);
    let _ = serde_json::from_slice::<zoho_crm::types::PhotoUploaded>(data);
    let _ = serde_json::from_slice::<zoho_bigin::types::PhotoUploaded>(data);
    if let Ok(clip) = serde_json::from_slice::<zoom::types::Clip>(data) {
        // What decodes must encode again.
        serde_json::to_vec(&clip).expect("a decoded clip encodes");
    }
});

//! Uploads a large sparse file to a local server through the generated client
//! (`upload_clip_file`) and through a plain streaming `reqwest` request, and
//! prints peak RSS and throughput of each.
//!
//! `cargo bench --bench upload` (1 GiB); `UPLOAD_BENCH_MB=256 cargo bench --bench upload` for less.

use std::convert::Infallible;
use std::time::Instant;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use specgen_clients::runtime::FilePart;
use specgen_clients::zoom;

/// A server that reads and drops every body, answering with the byte count.
async fn discard_server() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let service = service_fn(|request: hyper::Request<Incoming>| async move {
                    let mut body = request.into_body();
                    let mut total = 0u64;
                    while let Some(frame) = body.frame().await {
                        if let Ok(data) = frame.map(|f| f.into_data()) {
                            total += data.map(|d| d.len() as u64).unwrap_or(0);
                        }
                    }
                    let json = format!("{{\"clip_id\":\"{total}\"}}");
                    Ok::<_, Infallible>(
                        hyper::Response::builder()
                            .status(201)
                            .header("content-type", "application/json")
                            .body(Full::new(Bytes::from(json)))
                            .expect("response"),
                    )
                });
                let _ =
                    hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
        }
    });
    addr
}

/// Resets the peak-RSS counter of this process (Linux), so each phase is measured alone.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident set size since the last reset, in MiB.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn main() {
    let mib: u64 = std::env::var("UPLOAD_BENCH_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(1024);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async move {
        let addr = discard_server().await;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.mp4");
        let file = std::fs::File::create(&path).expect("create");
        file.set_len(mib * 1024 * 1024).expect("sparse file");
        drop(file);
        let size = mib * 1024 * 1024;

        // Warm up both paths (connection pools, lazy statics) before measuring.
        let client = zoom::Client::builder()
            .token("bench")
            .server_url(zoom::Server::Files, format!("http://{addr}"))
            .timeout(None)
            .build()
            .expect("client");
        let plain = reqwest::Client::new();

        let mut generated = Vec::new();
        let mut plain_runs = Vec::new();
        // Alternate the two, three rounds each, so drift on a shared machine hits both.
        for _ in 0..3 {
            reset_peak_rss();
            let started = Instant::now();
            let uploaded = client.upload_clip_file(FilePart::from_path(&path)).send().await.expect("generated upload");
            generated.push((started.elapsed().as_secs_f64(), peak_rss_mib()));
            let received: u64 = uploaded.clip_id.as_deref().and_then(|n| n.parse().ok()).unwrap_or(0);
            assert!(received >= size, "the server got {received} bytes of {size}");

            reset_peak_rss();
            let started = Instant::now();
            let file = tokio::fs::File::open(&path).await.expect("open");
            // The same read size as the runtime, so the comparison is of the client, not of the buffer.
            let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::with_capacity(file, 256 * 1024));
            let response = plain
                .post(format!("http://{addr}/clips/files"))
                .header("content-length", size)
                .body(body)
                .send()
                .await
                .expect("plain upload");
            assert_eq!(response.status().as_u16(), 201);
            plain_runs.push((started.elapsed().as_secs_f64(), peak_rss_mib()));
        }
        let median = |runs: &mut Vec<(f64, f64)>| {
            runs.sort_by(|a, b| a.0.total_cmp(&b.0));
            let peak = runs.iter().map(|r| r.1).fold(0.0, f64::max);
            (runs[runs.len() / 2].0, peak)
        };
        let (generated_secs, generated_rss) = median(&mut generated);
        let (plain_secs, plain_rss) = median(&mut plain_runs);

        let mb = size as f64 / (1024.0 * 1024.0);
        println!("upload of {mib} MiB to a local server, median of 3 runs each, peak RSS the highest of the runs");
        println!("generated client: {:8.1} MiB/s  peak RSS {:6.1} MiB", mb / generated_secs, generated_rss);
        println!("plain reqwest:    {:8.1} MiB/s  peak RSS {:6.1} MiB", mb / plain_secs, plain_rss);
        println!("throughput ratio (generated / plain): {:.2}", plain_secs / generated_secs);
    });
}

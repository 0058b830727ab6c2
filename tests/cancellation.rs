//! Calls dropped mid-flight give their connections up: counted as this
//! process's file descriptors that are connections to the test's server.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::TOKEN;
use specgen_clients::runtime::{FilePart, RetryPolicy};
use specgen_clients::zoom;
use tokio::io::AsyncReadExt;

/// One fd-counting test at a time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A server that reads requests and never answers, holding each connection
/// until the client closes it; `open` counts the connections held,
/// `accepted` every connection it took.
async fn silent_server() -> (String, u16, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let uri = format!("http://127.0.0.1:{port}");
    let open = Arc::new(AtomicUsize::new(0));
    let accepted = Arc::new(AtomicUsize::new(0));
    let held = open.clone();
    let taken = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            taken.fetch_add(1, Ordering::SeqCst);
            held.fetch_add(1, Ordering::SeqCst);
            let held = held.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                while matches!(socket.read(&mut buf).await, Ok(n) if n > 0) {}
                held.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    (uri, port, open, accepted)
}

/// This process's open file descriptors that are TCP connections to `port`
/// on 127.0.0.1: the client's ends (the server's ends have `port` as their
/// local port). Read from /proc: each fd's socket inode, matched against
/// /proc/net/tcp.
fn client_fds(port: u16) -> usize {
    let ours: std::collections::HashSet<String> = std::fs::read_dir("/proc/self/fd")
        .into_iter()
        .flatten()
        .filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
        .filter_map(|target| {
            let target = target.to_string_lossy().into_owned();
            Some(target.strip_prefix("socket:[")?.strip_suffix(']')?.to_owned())
        })
        .collect();
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    table
        .lines()
        .skip(1)
        .filter(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let remote_port =
                cols.get(2).and_then(|a| a.rsplit(':').next()).and_then(|p| u16::from_str_radix(p, 16).ok());
            remote_port == Some(port) && cols.get(9).is_some_and(|inode| ours.contains(*inode))
        })
        .count()
}

/// Waits up to 5 s for `done`, polling.
async fn eventually(done: impl Fn() -> bool) -> bool {
    eventually_within(Duration::from_secs(5), done).await
}

/// Waits up to `limit` for `done`, polling.
async fn eventually_within(limit: Duration, done: impl Fn() -> bool) -> bool {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    done()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_dropped_mid_flight_close_their_connections() {
    let _serial = SERIAL.lock().await;
    let (uri, port, open, accepted) = silent_server().await;
    let client = zoom::Client::builder()
        .token(TOKEN)
        .server_url(zoom::Server::Default, uri)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let calls = (0..300).map(|i| {
        let call = client.get_clip(format!("c{i}")).send();
        // Long enough for the calls to reach the server on a loaded machine;
        // the server never answers, so every one is still waiting when dropped.
        async move { tokio::time::timeout(Duration::from_millis(250), call).await.is_err() }
    });
    let cancelled = futures_util::future::join_all(calls).await;
    assert!(cancelled.iter().all(|c| *c), "every call was still waiting when dropped");
    // Counted as they came: by now the dropped calls may have closed them all.
    assert!(accepted.load(Ordering::SeqCst) > 0, "the calls reached the server");
    // The client is still alive: a dropped call alone must give its connection up.
    let released = eventually(|| open.load(Ordering::SeqCst) == 0).await;
    assert!(released, "{} connections still held by the client", open.load(Ordering::SeqCst));
    assert!(eventually(|| client_fds(port) == 0).await, "{} client connections left open", client_fds(port));
    drop(client);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_dropped_while_the_server_stopped_reading_give_their_sockets_up() {
    let _serial = SERIAL.lock().await;
    // A server that accepts and never reads: each upload fills the socket
    // buffers and then waits, unable to flush.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let uri = format!("http://127.0.0.1:{port}");
    let held = Arc::new(AtomicUsize::new(0));
    let count = held.clone();
    let server = tokio::spawn(async move {
        let mut sockets = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            sockets.push(socket);
        }
    });
    let client = zoom::Client::builder()
        .token(TOKEN)
        .server_url(zoom::Server::Files, uri)
        .retry(RetryPolicy::none())
        .stall_timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let calls = (0..40).map(|_| {
        let upload = client.upload_clip_file(FilePart::from_bytes(vec![0u8; 4 << 20], "clip.mp4")).send();
        async move { tokio::time::timeout(Duration::from_millis(20), upload).await.is_err() }
    });
    assert!(futures_util::future::join_all(calls).await.iter().all(|c| *c));
    drop(client);
    // The server still holds its ends; the client's own must go, within a
    // few stall timeouts (the kernel's probes of a zero window are spaced).
    assert!(held.load(Ordering::SeqCst) > 0, "the uploads reached the server");
    assert!(
        eventually_within(Duration::from_secs(15), || client_fds(port) == 0).await,
        "{} client sockets left",
        client_fds(port)
    );
    server.abort();
}

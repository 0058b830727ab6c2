//! Reading a spec: the peak heap while `load` parses synthetic specs, as a
//! multiple of their size on disk, for groups of 100 operations per file and
//! for the whole spec in one file; and the peak resident set of the whole
//! `specgen check` process on the same spec (the binary, its allocator, its
//! threads and everything `check` keeps).
//!
//! `cargo bench -p specgen --bench read` runs N = 1,000 and 10,000;
//! `cargo bench -p specgen --bench read -- 3000` chooses the sizes.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

// Shared with the `generate` bench, which uses the parts this one does not.
#[allow(dead_code)]
#[path = "synthetic.rs"]
mod synthetic;

#[path = "process.rs"]
mod process;

/// mimalloc (as in the `specgen` binary), counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = IN_USE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is passed on unchanged to mimalloc; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(p, layout) };
        IN_USE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { mimalloc::MiMalloc.realloc(p, layout, new_size) };
        if !q.is_null() {
            if new_size > layout.size() {
                grew(new_size - layout.size());
            } else {
                IN_USE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1000, 10000] } else { sizes };
    let layouts: Vec<(usize, usize)> = sizes.iter().flat_map(|&n| [(n, 100), (n, n)]).collect();
    // The `specgen check` processes run first, while this process is small: a
    // child's peak resident set counts the memory of the process that spawned
    // it, up to the moment it runs the command.
    let checks: Vec<(usize, u64)> = layouts
        .iter()
        .map(|&(n, per_file)| {
            let dir = tempfile::tempdir().unwrap();
            let spec = dir.path().join("spec");
            synthetic::write_spec_in_files(&spec, n, per_file);
            let check = process::run(process::specgen().arg("check").arg(&spec));
            assert!(check.status.success(), "specgen check passes");
            (usize::try_from(check.peak_rss).unwrap_or(usize::MAX), process::spec_size(&spec))
        })
        .collect();
    println!(
        "| N | files | spec size | peak heap while reading | × size | kept after reading | × size | `specgen check` peak RSS | × size |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (&(n, per_file), &(rss, size)) in layouts.iter().zip(&checks) {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("spec");
        synthetic::write_spec_in_files(&spec, n, per_file);
        let size = usize::try_from(size).unwrap();
        let before = IN_USE.load(Relaxed);
        PEAK.store(before, Relaxed);
        let (apis, diags) = specgen::load::load(&spec);
        assert!(diags.is_empty(), "the synthetic spec loads");
        let (peak, kept) = (PEAK.load(Relaxed) - before, IN_USE.load(Relaxed) - before);
        drop(apis);
        println!(
            "| {n} | {} | {:.1} MiB | {:.1} MiB | {:.1} | {:.1} MiB | {:.1} | {:.1} MiB | {:.1} |",
            n.div_ceil(per_file) + 1,
            mib(size),
            mib(peak),
            peak as f64 / size as f64,
            mib(kept),
            kept as f64 / size as f64,
            mib(rss),
            rss as f64 / size as f64
        );
    }
}

//! Generation at scale: writes synthetic specs of N realistic operations and
//! prints, for each N, the CPU time of a full `generate`, the time per
//! operation (all, and in user space alone), the peak memory, and the CPU time
//! of a second, no-op run.
//!
//! Then, for each N, the peak resident set of the whole `specgen generate`
//! process, for the spec in groups of 100 operations and in one file.
//!
//! `cargo bench -p specgen --bench generate` runs N = 100, 1,000 and 10,000;
//! `cargo bench -p specgen --bench generate -- 100 1000` chooses the sizes.
//! Linux only (CPU time and peak memory come from `/proc/self` and `wait4`).

/// The allocator the `specgen` binary and build scripts use.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::Path;

#[path = "synthetic.rs"]
mod synthetic;
use synthetic::{write_spec, write_spec_in_files};

#[path = "process.rs"]
mod process;

/// CPU seconds (user + system) this process has used.
fn cpu_seconds() -> f64 {
    let (user, system) = user_and_system_seconds();
    user + system
}

/// CPU seconds in user space and in the kernel. Kernel time is mostly the
/// file system creating output files, which varies with the disk's state.
fn user_and_system_seconds() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime is the 14th field, stime the 15th.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) / 100.0, ticks(12) / 100.0)
}

fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn main() {
    // `-- --write DIR N` only writes the synthetic spec, for profiling the CLI on it.
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, dir, n, ..] = args.as_slice() {
        if flag == "--write" {
            write_spec(Path::new(dir), n.parse().unwrap_or(1000));
            return;
        }
    }
    specgen::allocator::return_freed_memory_promptly();
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![100, 1000, 10000] } else { sizes };
    // The `specgen generate` processes run first, while this process is small:
    // a child's peak resident set counts the memory of the process that
    // spawned it, up to the moment it runs the command.
    println!("| N | files | spec size | `specgen generate` peak RSS | × size | wall s |");
    println!("|---|---|---|---|---|---|");
    for &n in &sizes {
        for per_file in [100, n] {
            let dir = tempfile::tempdir().unwrap();
            let spec = dir.path().join("spec");
            write_spec_in_files(&spec, n, per_file);
            let size = process::spec_size(&spec);
            let run = process::run(process::specgen().arg("generate").arg(&spec).arg(dir.path().join("out")));
            assert!(run.status.success(), "specgen generate passes");
            let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
            println!(
                "| {n} | {} | {:.1} MiB | {:.0} MiB | {:.1} | {:.2} |",
                n.div_ceil(per_file) + 1,
                mib(size),
                mib(run.peak_rss),
                run.peak_rss as f64 / size as f64,
                run.wall_seconds
            );
        }
    }
    println!();
    println!(
        "| N | generate, CPU s | wall s | per operation | user CPU per operation | peak memory | no-op run, CPU s | no-op / full |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for &n in &sizes {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("spec");
        write_spec(&spec, n);
        let out = dir.path().join("generated");
        let generator = specgen::Generator::new(&spec);
        reset_peak_rss();
        let (user_before, system_before) = user_and_system_seconds();
        let started = std::time::Instant::now();
        generator.generate(&out).unwrap();
        let wall = started.elapsed().as_secs_f64();
        let (user_after, system_after) = user_and_system_seconds();
        let user = user_after - user_before;
        let full = user + system_after - system_before;
        let peak = peak_rss_mib();
        let before = cpu_seconds();
        let report = generator.generate(&out).unwrap();
        let noop = cpu_seconds() - before;
        assert!(report.up_to_date && report.written.is_empty(), "the second run changes nothing");
        println!(
            "| {n} | {full:.2} | {wall:.2} | {:.2} ms | {:.2} ms | {peak:.0} MiB | {noop:.3} | {:.1}% |",
            full * 1000.0 / n as f64,
            user * 1000.0 / n as f64,
            100.0 * noop / full.max(0.001)
        );
    }
}

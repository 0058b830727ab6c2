//! Whole-process figures of the `specgen` binary: a command run to its end,
//! with its peak resident set read from `wait4` on that process alone.

use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Stdio};
use std::time::Instant;

/// What one run of a command took.
pub struct Run {
    pub status: ExitStatus,
    /// Peak resident set, bytes. It counts the spawning process's own peak
    /// too, up to the moment the command runs (the child starts in its
    /// memory): measure before the spawning process grows.
    pub peak_rss: u64,
    #[allow(dead_code)]
    pub wall_seconds: f64,
}

/// The `specgen` binary of this build.
pub fn specgen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_specgen"))
}

/// Runs `command` (output discarded) and measures it.
pub fn run(command: &mut Command) -> Run {
    let started = Instant::now();
    let child = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("the command starts");
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in; the child is ours and
    // is reaped here (Child is not waited on afterwards).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 on the command");
    drop(child);
    Run {
        status: ExitStatus::from_raw(status),
        // ru_maxrss is in kilobytes on Linux.
        peak_rss: u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024,
        wall_seconds: started.elapsed().as_secs_f64(),
    }
}

/// The size of the files of a spec folder's API folders, bytes.
pub fn spec_size(spec: &std::path::Path) -> u64 {
    let mut size = 0;
    for api in std::fs::read_dir(spec).unwrap().flatten().filter(|e| e.path().is_dir()) {
        for file in std::fs::read_dir(api.path()).unwrap().flatten() {
            size += file.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    size
}

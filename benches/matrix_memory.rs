//! Peak memory of the fleet matrix in every format: the release binary run
//! on a synthetic fleet (`rescue_interop::synth`, seed 42), each format
//! writing to `/dev/null`, its peak resident memory and CPU time read from
//! `wait4`'s resource usage (the child alone). Figures: docs/performance.md.
//!
//! ```text
//! cargo bench --bench matrix_memory            # 400 vehicles
//! cargo bench --bench matrix_memory -- 200     # another fleet size
//! ```
//!
//! Not a divan benchmark: one run per format is the measurement (memory
//! does not vary from run to run, and a 400-vehicle SARIF run writes 6 GB).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What the issue asks of every format at 400 vehicles.
const BOUND_MIB: i64 = 200;

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(400);
    let dir = std::env::temp_dir().join(format!("rescue-interop-memory-{}", std::process::id()));
    let vehicles = rescue_interop::synth::write_fleet(&dir, count, 42)
        .unwrap_or_else(|e| panic!("cannot write the fleet: {e}"));
    println!(
        "matrix of {count} vehicles ({} cells), output to /dev/null\n",
        count * (count - 1)
    );
    println!(
        "{:<22} {:>10} {:>10} {:>12}",
        "format", "peak MiB", "CPU s", "wall s"
    );
    let mut over = Vec::new();
    for args in [
        &["--format", "text"][..],
        &["--format", "markdown", "--findings"],
        &["--format", "html"],
        &["--format", "sarif"],
        &["--format", "junit"],
        &["--format", "json", "--findings"],
        &["--format", "json"],
        &["--quiet"],
    ] {
        let (rss_kib, cpu, wall) = measure(&vehicles, args);
        let name = args.join(" ").replace("--format ", "");
        println!(
            "{name:<22} {:>10.1} {:>10.2} {:>12.2}",
            rss_kib as f64 / 1024.0,
            cpu.as_secs_f64(),
            wall.as_secs_f64()
        );
        if rss_kib / 1024 >= BOUND_MIB {
            over.push(name);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(over.is_empty(), "over {BOUND_MIB} MiB: {over:?}");
}

/// Peak resident memory (KiB), CPU time (user + system) and wall time of
/// one matrix run.
fn measure(vehicles: &std::path::Path, args: &[&str]) -> (i64, Duration, Duration) {
    let started = Instant::now();
    #[allow(
        clippy::zombie_processes,
        reason = "reaped by wait4 below, which also gives its resource usage"
    )]
    let child = Command::new(env!("CARGO_BIN_EXE_rescue-interop"))
        .arg("matrix")
        .arg(vehicles)
        .args(args)
        .args(["--out", "/dev/null"])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run the binary: {e}"));
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child, not yet reaped.
    let done = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert!(done > 0, "wait4: {}", std::io::Error::last_os_error());
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    (
        usage.ru_maxrss,
        time(usage.ru_utime) + time(usage.ru_stime),
        started.elapsed(),
    )
}

//! Runs the real binary and measures the child alone: its exit status and
//! output, its CPU time (user + system, from `wait4`'s rusage, never the
//! wall clock) and its peak resident memory, under an address-space limit
//! set before exec. Shared by tests/hostile.rs and tests/untrusted.rs.

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address space the child gets: an allocation spiral fails fast.
const ADDRESS_SPACE_LIMIT: u64 = 2 * 1024 * 1024 * 1024;
/// Not an assertion: a run still going after this is killed and reported as
/// hung (a blocked open uses no CPU, so only the wall clock catches it).
const HANG_WATCHDOG: Duration = Duration::from_secs(60);

pub struct Run {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub cpu: Duration,
    pub max_rss_kib: i64,
}

/// Runs the binary in `dir` with `args`, measuring the child alone.
pub fn run(dir: &Path, args: &[OsString]) -> Run {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let stdout_path = out_dir.path().join("stdout");
    let stderr_path = out_dir.path().join("stderr");
    let mut command = Command::new(env!("CARGO_BIN_EXE_rescue-interop"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).expect("stdout file"))
        .stderr(std::fs::File::create(&stderr_path).expect("stderr file"));
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between
    // fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE_LIMIT,
                rlim_max: ADDRESS_SPACE_LIMIT,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    #[allow(
        clippy::zombie_processes,
        reason = "reaped by wait4 below, which also gives its resource usage"
    )]
    let child = command.spawn().expect("spawn the binary");
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: an all-zero rusage is valid; wait4 fills it.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our own child, not yet reaped.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            break (status, usage);
        }
        assert!(
            done == 0,
            "wait4 failed: {}",
            std::io::Error::last_os_error()
        );
        if started.elapsed() > HANG_WATCHDOG {
            // SAFETY: signalling our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("{args:?} hung: killed after {HANG_WATCHDOG:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    Run {
        status: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        stdout: String::from_utf8_lossy(&std::fs::read(&stdout_path).unwrap_or_default())
            .into_owned(),
        stderr: String::from_utf8_lossy(&std::fs::read(&stderr_path).unwrap_or_default())
            .into_owned(),
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        max_rss_kib: usage.ru_maxrss,
    }
}

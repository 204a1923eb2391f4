//! What this process has used: CPU time and peak memory, for the timings runs report.

/// CPU seconds (user + system, all threads) this process has used.
pub fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct we pass; a zeroed rusage is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer to a live rusage.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return 0.0;
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Peak resident memory (VmHWM) of this process in bytes; 0 where /proc is unavailable.
pub fn peak_memory_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// Hands the memory this process has freed back to the system. glibc keeps freed blocks of
/// up to 32 MiB in its heaps once a block that size has been freed (its dynamic mmap threshold),
/// so a run that has let go of its data frame would otherwise stay that much larger through the
/// fit, and grow from there (issue 16: 830 MB resident before the first tree at 3,000,000 rows,
/// of about 100 MB in use). Elsewhere it does nothing.
pub fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists and returns a status.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Whether a process with this id runs on this machine (it may belong to another user).
pub fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 is never delivered; kill only checks that the process exists.
    if unsafe { libc::kill(pid, 0) } == 0 {
        return true;
    }
    // EPERM: it exists but is not ours to signal.
    std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

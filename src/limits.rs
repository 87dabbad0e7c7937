//! Sizes that cannot fit: how much memory this machine has left, and how much a run would need,
//! so that a flag like `--hidden 100000000` is refused with a message before anything is
//! allocated, instead of aborting with "memory allocation failed".

/// Where the system does not say how much memory is free (no `/proc/meminfo`), assume this.
pub const ASSUMED_AVAILABLE: u64 = 4 << 30;

/// Bytes of memory still available: `MemAvailable` from `/proc/meminfo` (Linux), else
/// [`ASSUMED_AVAILABLE`].
pub fn available_memory() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
            let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kib * 1024)
        })
        .unwrap_or(ASSUMED_AVAILABLE)
}

/// Bytes as a person reads them: `512 MB`, `3.4 TB`.
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 6] = ["bytes", "KB", "MB", "GB", "TB", "PB"];
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if value >= 1000.0 {
        format!("{bytes:.1e} bytes")
    } else if unit == 0 {
        format!("{value:.0} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// The largest whole `n` for which `bytes(n)` stays within `budget`, where `bytes` grows with
/// `n` (found by doubling, then halving the step).
pub fn largest_fitting(budget: f64, bytes: impl Fn(f64) -> f64) -> u64 {
    if bytes(1.0) > budget {
        return 0;
    }
    let mut n = 1u64;
    while n < u64::MAX / 2 && bytes((n * 2) as f64) <= budget {
        n *= 2;
    }
    let mut step = n / 2;
    while step > 0 {
        if bytes((n + step) as f64) <= budget {
            n += step;
        }
        step /= 2;
    }
    n
}

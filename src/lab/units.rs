//! Amounts said as a person reads them: sizes (`512 MB`) and durations (`1.25 ms`, `3 min 5 s`),
//! for the programs' messages.

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

/// Seconds as a person reads them: `0.42 ms`, `3.1 s`, `2 min 5 s`.
pub fn human_duration(seconds: f64) -> String {
    if seconds < 1e-3 {
        format!("{:.1} µs", seconds * 1e6)
    } else if seconds < 1.0 {
        format!("{:.2} ms", seconds * 1e3)
    } else if seconds < 120.0 {
        format!("{seconds:.2} s")
    } else {
        format!("{} min {:.0} s", (seconds / 60.0) as u64, seconds % 60.0)
    }
}

//! What the binaries share: a small `--flag value` parser, and the way a user error ends the
//! program (`error: …` and `hint: …` on stderr, exit code 2, no panic).

use crate::mnist::{self, Dataset};
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Prints `error: {error}` and `hint: {hint}` and exits with code 2.
pub fn fail(error: impl Display, hint: impl Display) -> ! {
    eprintln!("error: {error}");
    eprintln!("hint: {hint}");
    std::process::exit(2)
}

/// The command line of a binary: `--name value`, `--name=value` and bare `--flag`s.
/// Read the options one by one, then call [`Args::finish`] to reject anything left over.
pub struct Args {
    rest: Vec<String>,
    usage: &'static str,
}

impl Args {
    /// The process's arguments. `--help` or `-h` prints `usage` and exits 0.
    pub fn from_env(usage: &'static str) -> Args {
        Args::new(std::env::args().skip(1).collect(), usage)
    }

    /// The given arguments (without the program name).
    pub fn new(args: Vec<String>, usage: &'static str) -> Args {
        if args.iter().any(|a| a == "--help" || a == "-h") {
            print!("{usage}");
            std::process::exit(0);
        }
        Args { rest: args, usage }
    }

    /// True if the bare flag `name` (e.g. `--numerical`) was given.
    pub fn flag(&mut self, name: &str) -> bool {
        match self.rest.iter().position(|a| a == name) {
            Some(i) => {
                self.rest.remove(i);
                true
            }
            None => false,
        }
    }

    /// The value of `name` if given, parsed as `T`. A missing or unparsable value ends the program.
    pub fn opt<T: FromStr>(&mut self, name: &str) -> Option<T> {
        let prefix = format!("{name}=");
        let i = self.rest.iter().position(|a| a == name || a.starts_with(&prefix))?;
        let arg = self.rest.remove(i);
        let text = match arg.strip_prefix(&prefix) {
            Some(v) => v.to_string(),
            None if i < self.rest.len() => self.rest.remove(i),
            None => fail(format!("{name} needs a value"), self.usage_line()),
        };
        match text.parse() {
            Ok(v) => Some(v),
            Err(_) => fail(format!("{name}: cannot read {text:?} as a {}", type_name::<T>()), self.usage_line()),
        }
    }

    /// The value of `name`, or `default`.
    pub fn value<T: FromStr>(&mut self, name: &str, default: T) -> T {
        self.opt(name).unwrap_or(default)
    }

    /// A value that must be at least 1 (iterations, sizes).
    pub fn positive(&mut self, name: &str, default: usize) -> usize {
        let v = self.value(name, default);
        if v == 0 {
            fail(format!("{name} must be at least 1"), self.usage_line());
        }
        v
    }

    /// Ends the program if any argument was not understood.
    pub fn finish(self) {
        if let Some(arg) = self.rest.first() {
            fail(format!("unknown argument {arg:?}"), self.usage_line());
        }
    }

    fn usage_line(&self) -> String {
        format!("usage: {}  (--help for all options)", self.usage.lines().next().unwrap_or("").trim())
    }
}

fn type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    match full {
        "usize" | "u64" | "u32" => "whole number",
        "f64" | "f32" => "number",
        _ => full.rsplit("::").next().unwrap_or(full),
    }
}

/// `--seed N`, or `default`: a seed as `np.random.seed` takes it, 0 to 2³² − 1.
pub fn seed(args: &mut Args, default: u32) -> u32 {
    match args.opt::<String>("--seed") {
        None => default,
        Some(text) => crate::rng::parse_seed(&text).unwrap_or_else(|e| fail(format!("--seed: {e}"), "pick a seed from 0 to 4294967295, e.g. --seed 42")),
    }
}

/// `--data DIR`, or the crate's own `data/` folder.
pub fn data_dir(args: &mut Args) -> PathBuf {
    args.opt::<PathBuf>("--data").unwrap_or_else(mnist::default_data_dir)
}

/// `load_mnist(normalize=True, one_hot_label=True)`, or the program ends with the reason and a hint.
pub fn load_mnist_or_exit(dir: &Path) -> Dataset {
    match mnist::load_mnist(dir, mnist::Load { normalize: true, one_hot_label: true, ..mnist::Load::default() }) {
        Ok(data) => data,
        Err(e) => fail(&e, e.hint()),
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

/// This process's peak resident memory in MiB (`VmHWM` in `/proc/self/status`), if the system
/// reports it (Linux does).
pub fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

//! What the binaries share, written once: a small `--flag value` parser that says exactly what
//! is wrong with a command line; the way a user error ends the program (`error: …` and
//! `hint: …` on stderr, exit code 2, no panic, no backtrace); and printing that stops quietly
//! when the reader of the output has gone (`train | head -1`), as Unix tools do.

use crate::lab::messages::translate;
use crate::lab::settings::{Setting, Value};
use crate::mnist::{self, Dataset};
use crate::train::{Method, TrainConfig};
use std::fmt::{self, Display};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Prints `error: {error}` and `hint: {hint}` (in Korean where the locale is) and exits with code 2.
pub fn fail(error: impl Display, hint: impl Display) -> ! {
    show_error(error, hint);
    std::process::exit(2)
}

/// Prints `error: {error}` and `hint: {hint}` (in Korean where the locale is), and goes on.
pub fn show_error(error: impl Display, hint: impl Display) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", translate(&format!("error: {error}")));
    let _ = writeln!(err, "{}", translate(&format!("hint: {hint}")));
}

/// Writes a line to stdout. If nobody reads it any more (a closed pipe), the program ends there,
/// quietly, with the status a Unix tool killed by SIGPIPE has (141); it writes no more files.
pub fn say_line(line: fmt::Arguments) {
    let line = translate(&line.to_string());
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(line.as_bytes()).and_then(|_| out.write_all(b"\n")).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(141);
        }
        fail(format!("cannot write to the output ({e})"), "check where the output goes");
    }
}

/// `println!` that stops quietly on a closed pipe (see [`say_line`]).
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => { $crate::lab::cli::say_line(format_args!($($arg)*)) };
}

/// Writes a line to stderr (progress, warnings); a closed stderr is ignored.
pub fn note_line(line: fmt::Arguments) {
    let line = translate(&line.to_string());
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(line.as_bytes()).and_then(|_| err.write_all(b"\n"));
}

/// `eprintln!` that never panics (see [`note_line`]).
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => { $crate::lab::cli::note_line(format_args!($($arg)*)) };
}

/// Ends the program like [`fail`] if anything panics: a bug, but the user sees one `error:`
/// line and a hint, not a backtrace.
fn report_panics() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned());
        // `println!` (the chapter's `train` prints the notes' accuracy line) panics when the
        // reader of stdout has gone: on the main thread (`make train | head -1`) end quietly, as
        // `say!` does; elsewhere (the page's training thread) the server reports it and goes on.
        let closed_pipe =
            message.as_deref().is_some_and(|m| m.starts_with("failed printing to stdout") && m.contains("Broken pipe"));
        if closed_pipe && std::thread::current().name() == Some("main") {
            std::process::exit(141);
        }
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{}", translate(&format!("error: internal error{at}: {}", message.unwrap_or_default())));
        let hint = "hint: this is a bug in the program, not in what you typed; please report it with the command you ran";
        let _ = writeln!(err, "{}", translate(hint));
    }));
}

/// The command line of a binary: `--name value`, `--name=value` and bare `--flag`s.
/// Read the options one by one, then call [`Args::finish`] to reject anything left over.
pub struct Args {
    /// The arguments as given, to say what followed a flag.
    given: Vec<String>,
    /// Those not read yet.
    rest: Vec<String>,
    usage: String,
}

impl Args {
    /// The process's arguments. `--help` or `-h` prints `usage` and exits 0.
    pub fn from_env(usage: impl Into<String>) -> Args {
        report_panics();
        let args = std::env::args_os().skip(1).map(|a| a.into_string()).collect::<Result<Vec<_>, _>>();
        let args =
            args.unwrap_or_else(|bad| fail(format!("the argument {bad:?} is not valid UTF-8 text"), "rename the file or folder"));
        Args::new(args, usage)
    }

    /// The given arguments (without the program name). Refuses a flag given twice.
    pub fn new(args: Vec<String>, usage: impl Into<String>) -> Args {
        let usage = usage.into();
        // `--help` or `-h`, unless it is the value of the flag before it (`--model -h`: a file).
        let value_of_a_flag = |i: usize| i > 0 && args[i - 1].starts_with("--") && !args[i - 1].contains('=');
        if (0..args.len()).any(|i| (args[i] == "--help" || args[i] == "-h") && !value_of_a_flag(i)) {
            let _ = std::io::stdout().write_all(translate(&usage).as_bytes());
            std::process::exit(0);
        }
        let args = Args { given: args.clone(), rest: args, usage };
        let mut seen: Vec<&str> = Vec::new();
        for arg in args.rest.iter().filter(|a| a.starts_with("--")) {
            let name = arg.split('=').next().unwrap_or(arg);
            if seen.contains(&name) {
                fail(format!("{name} is given twice"), args.usage_line());
            }
            seen.push(name);
        }
        args
    }

    /// True if the bare flag `name` (e.g. `--numerical`) was given.
    pub fn flag(&mut self, name: &str) -> bool {
        if let Some(arg) = self.rest.iter().find(|a| a.starts_with(&format!("{name}="))) {
            fail(format!("{name} takes no value, but was given {arg:?}"), self.usage_line());
        }
        match self.rest.iter().position(|a| a == name) {
            Some(i) => {
                self.rest.remove(i);
                true
            }
            None => false,
        }
    }

    /// The value of `name` if given, parsed as `T`. A missing, empty or unparsable value, or a
    /// flag where the value should be, ends the program with its own message.
    pub fn opt<T: FromStr>(&mut self, name: &str) -> Option<T> {
        let prefix = format!("{name}=");
        let i = self.rest.iter().position(|a| a == name || a.starts_with(&prefix))?;
        let arg = self.rest.remove(i);
        let text = match arg.strip_prefix(&prefix) {
            Some(v) => v.to_string(),
            None if i < self.rest.len() => {
                // What followed the flag on the command line (not what is left after other
                // flags took their values): `--data --iters-num 50` is a missing value for --data.
                let next = self.given.iter().position(|a| a == name).and_then(|p| self.given.get(p + 1)).unwrap_or(&self.rest[i]);
                if next.starts_with("--") {
                    fail(format!("{name} needs a value, but the next argument is the flag {next}"), self.usage_line());
                }
                self.rest.remove(i)
            }
            None => fail(format!("{name} needs a value"), self.usage_line()),
        };
        if text.is_empty() {
            fail(format!("{name} needs a value, not an empty one"), self.usage_line());
        }
        match text.parse() {
            Ok(v) => Some(v),
            Err(_) => fail(format!("{name}: cannot read {text:?} as {}", type_name::<T>()), self.usage_line()),
        }
    }

    /// The value of `name`, or `default`.
    pub fn value<T: FromStr>(&mut self, name: &str, default: T) -> T {
        self.opt(name).unwrap_or(default)
    }

    /// A count that must be at least 1 (runs, images).
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
        "usize" | "u64" | "u32" => "a whole number",
        "u16" => "a whole number from 0 to 65535",
        "f64" | "f32" => "a number",
        "core::net::ip_addr::IpAddr" | "std::net::ip_addr::IpAddr" => "an IP address (like 127.0.0.1)",
        _ => "a value here",
    }
}

/// `--seed N`, or `default`: a seed as `np.random.seed` takes it, 0 to 2³² − 1.
pub fn seed(args: &mut Args, default: u32) -> u32 {
    match args.opt::<String>("--seed") {
        None => default,
        Some(text) => crate::rng::parse_seed(&text)
            .unwrap_or_else(|e| fail(format!("--seed: {e}"), "pick a seed from 0 to 4294967295, e.g. --seed 42")),
    }
}

/// The training settings given as flags (each of [`Setting::ALL`]: `--iters-num`, …), the
/// notes' defaults for the rest (5 iterations with the numerical gradient, as the notes' first
/// loop).
pub fn train_config(args: &mut Args, numerical: bool) -> TrainConfig {
    let mut config = crate::lab::settings::notes_config(if numerical { Method::Numerical } else { Method::Backprop });
    for setting in Setting::ALL {
        let flag = setting.flag();
        let given = match setting.get(&config) {
            Value::Whole(_) => args.opt(&flag).map(Value::Whole),
            Value::Number(_) => args.opt(&flag).map(Value::Number),
            Value::Seed(default) => Some(Value::Seed(seed(args, default))),
        };
        if let Some(value) = given {
            setting.set(&mut config, value);
        }
    }
    config
}

/// Ends the program if `config` cannot work ([`TrainConfig::check`]), naming the setting's flag.
pub fn check_config(config: &TrainConfig) {
    if let Err(e) = config.check() {
        fail(format!("{}: {e}", e.setting.flag()), &e.hint);
    }
}

/// Another binary of this crate, beside the running one (`target/release/train`, `train.exe`
/// on Windows): cargo builds them all into one folder.
pub fn binary_beside(name: &str) -> PathBuf {
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::current_exe().map(|e| e.with_file_name(&file)).unwrap_or_else(|_| PathBuf::from(file))
}

/// `--data DIR`, or the crate's own `data/` folder.
pub fn data_dir(args: &mut Args) -> PathBuf {
    args.opt::<PathBuf>("--data").unwrap_or_else(crate::lab::settings::data_dir)
}

/// The notes' `load_mnist(normalize=True, one_hot_label=True)`, or the program ends with the
/// reason and a hint.
pub fn load_mnist_or_exit(dir: &Path) -> Dataset {
    match mnist::load_mnist(dir, mnist::Load { normalize: true, one_hot_label: true, ..mnist::Load::default() }) {
        Ok(data) => data,
        Err(e) => fail(&e, e.hint()),
    }
}

/// A network saved by `make train` that reads 28×28 digits, or the program ends with the reason
/// and a hint; a file of the old version without a checksum gets a note on stderr.
pub fn load_model_or_exit(path: &Path) -> crate::TwoLayerNet {
    let (network, note) = crate::lab::params_file::load(path).unwrap_or_else(|e| fail(&e, e.hint()));
    let (i, h, o) = network.sizes();
    if i != mnist::IMAGE_SIZE || o != mnist::CLASSES {
        fail(format!("{}: a {i}-{h}-{o} network cannot read 28x28 digits", path.display()), "use a model saved by `make train`");
    }
    if !largest_score(&network).is_finite() {
        fail(
            format!("{}: its weights are so large that its scores overflow (inf, then NaN probabilities)", path.display()),
            "this network cannot classify anything; train a new one with `make train`",
        );
    }
    if let Some(note) = note {
        note_line(format_args!("note: {note}"));
    }
    network
}

/// The largest score `network` can give any image of pixels in [0, 1]: each hidden unit at most
/// `Σ|W1| + |b1|`, each score at most `Σ h·|W2| + |b2|`. Infinite if the weights overflow.
fn largest_score(network: &crate::TwoLayerNet) -> f64 {
    let column_sums = |w: &crate::Matrix, b: &crate::Matrix, input: &[f64]| -> Vec<f64> {
        (0..w.cols).map(|j| (0..w.rows).map(|r| input[r] * w[(r, j)].abs()).sum::<f64>() + b.data[j].abs()).collect()
    };
    let hidden = column_sums(&network.affine1.w, &network.affine1.b, &vec![1.0; network.affine1.w.rows]);
    column_sums(&network.affine2.w, &network.affine2.b, &hidden).into_iter().fold(0.0, f64::max)
}

/// This process's peak resident memory in MiB (`VmHWM` in `/proc/self/status`), if the system
/// reports it (Linux does).
pub fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

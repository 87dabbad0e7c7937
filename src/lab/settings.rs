//! The training settings, each with one name everywhere (the notes' `iters_num`, `batch_size`,
//! …: `TrainConfig`'s field, the page's JSON key, and as a flag `--iters-num`, `--batch-size`, …);
//! where things are by default (the data, `target/`, the model); and the settings that cannot
//! work, found before any work starts ([`TrainConfig::check`], shared by `make train`,
//! `gradcheck`, `trace` and the page): iterations and sizes of 0, a learning rate that is not a
//! positive number, and sizes that cannot fit in memory, so that `--hidden-size 100000000` is
//! refused with a message before anything is allocated.

use crate::lab::units::human_bytes;
use crate::mnist::{CLASSES, IMAGE_SIZE};
use crate::train::{Method, TrainConfig};
use crate::two_layer_net::PREDICT_BLOCK;
use std::fmt;
use std::path::{Path, PathBuf};

/// This crate's folder, wherever a program is started from: `data/` and `target/` are in it.
pub fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Where `make data` puts MNIST: the default of every `--data`.
pub fn data_dir() -> PathBuf {
    crate_dir().join("data")
}

/// The environment variable naming another folder for what the programs make and remember
/// (`train`, `exercises`, `page-models`, …) instead of this crate's `target/`. The tests set it
/// to a folder of their own, so that they never read or write a learner's runs, hints or progress.
pub const TARGET_ENV: &str = "BACKPROP_TARGET";

/// The folder the programs' own files go in: `$BACKPROP_TARGET` if set, else this crate's `target/`.
pub fn target_root() -> PathBuf {
    match std::env::var_os(TARGET_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => std::path::absolute(PathBuf::from(&dir)).unwrap_or_else(|_| PathBuf::from(dir)),
        None => crate_dir().join("target"),
    }
}

/// `target/NAME`: where the programs write what they make (`train`, `graphs`, `page-models`).
pub fn target_dir(name: &str) -> PathBuf {
    target_root().join(name)
}

/// The model `make train` saves and `predict` and `serve` load: `target/train/model.bin`.
pub fn model_path() -> PathBuf {
    target_dir("train").join("model.bin")
}

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

impl TrainConfig {
    /// Settings that cannot work, found before any work starts: the same checks for `make
    /// train` and for the page's training (`POST /api/train`), with the memory this machine has.
    pub fn check(&self) -> Result<(), ConfigError> {
        self.check_within(available_memory() as f64 * 0.8, "is available")
    }

    /// The page's limits on top of [`check`](Self::check): a run started from a browser may take
    /// at most [`PAGE_MEMORY`] and [`PAGE_ITERS`] iterations ([`PAGE_NUMERICAL_ITERS`] with the
    /// numerical gradient, each of which takes seconds), whatever the machine has.
    pub fn check_page(&self, numerical: bool) -> Result<(), ConfigError> {
        let most = if numerical { PAGE_NUMERICAL_ITERS } else { PAGE_ITERS };
        if self.iters_num > most {
            let problem = format!(
                "is {}, more than the page runs ({most} at most{})",
                self.iters_num,
                if numerical { " with the numerical gradient" } else { "" }
            );
            let hint = format!("the largest iters_num the page accepts is {most}; `make train` has no such limit");
            return Err(ConfigError { setting: Setting::ItersNum, problem, hint });
        }
        self.check_within(PAGE_MEMORY.min(available_memory() as f64 * 0.8), "is the page's limit")
    }

    fn check_within(&self, available: f64, what_available: &str) -> Result<(), ConfigError> {
        let fail = |setting, problem: String, hint: &str| Err(ConfigError { setting, problem, hint: hint.to_string() });
        if self.iters_num == 0 {
            return fail(Setting::ItersNum, "must be at least 1".into(), "the notes use 10000 (5 with the numerical gradient)");
        }
        if self.batch_size == 0 {
            return fail(Setting::BatchSize, "must be at least 1".into(), "the notes use 100");
        }
        if self.hidden_size == 0 {
            return fail(Setting::HiddenSize, "must be at least 1".into(), "the notes use 50");
        }
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            return fail(
                Setting::LearningRate,
                format!("must be a positive number, not {:?}", self.learning_rate),
                "the notes use 0.1",
            );
        }
        if !(self.weight_init_std > 0.0 && self.weight_init_std <= MAX_INIT_STD) {
            return fail(
                Setting::WeightInitStd,
                format!("must be a positive number up to {MAX_INIT_STD:?}, not {:?}", self.weight_init_std),
                "the notes use 0.01; much larger weights overflow the scores",
            );
        }
        // The run keeps every iteration's loss, and the outputs written from it, in memory.
        let per_iteration = BYTES_PER_ITERATION as f64;
        if per_iteration * self.iters_num as f64 > available / 2.0 {
            let problem = format!(
                "is too large: {} iterations keep about {} of losses and outputs in memory, and {} {what_available}",
                self.iters_num,
                human_bytes(per_iteration * self.iters_num as f64),
                human_bytes(available)
            );
            let hint = format!("the largest iters_num that fits is {}", (available / 2.0 / per_iteration) as u64);
            return fail(Setting::ItersNum, problem, &hint);
        }
        let needed = self.memory_needed();
        if needed > available {
            // The setting to blame: the one whose part of the memory is the larger, unless
            // lowering it cannot help (not even 1 hidden unit fits with this batch).
            let batch_part = TrainConfig { hidden_size: 1, ..self.clone() }.memory_needed();
            let n = largest_fitting(available, |n| TrainConfig { batch_size: n as usize, ..self.clone() }.memory_needed());
            let h = largest_fitting(available, |h| TrainConfig { hidden_size: h as usize, ..self.clone() }.memory_needed());
            let (setting, hint) = if h == 0 || (n > 0 && batch_part * 2.0 > needed) {
                (Setting::BatchSize, format!("the largest batch_size that fits with hidden_size {} is {n}", self.hidden_size))
            } else {
                (Setting::HiddenSize, format!("the largest hidden_size that fits with batch_size {} is {h}", self.batch_size))
            };
            let problem = format!(
                "is too large: hidden_size {} with batch_size {} needs about {} of memory, and {} {what_available}",
                self.hidden_size,
                self.batch_size,
                human_bytes(needed),
                human_bytes(available)
            );
            return fail(setting, problem, &hint);
        }
        Ok(())
    }

    /// How many numbers the network holds: W1, b1, W2, b2 for 784 inputs and 10 classes.
    pub fn param_count(&self) -> usize {
        IMAGE_SIZE * self.hidden_size + self.hidden_size + self.hidden_size * CLASSES + CLASSES
    }

    /// About how many bytes a run with these settings holds at its peak, beyond the data set:
    /// the parameters with their gradients, the `Grads` handed back and the transposes of
    /// backward, one batch's matrices on the way forward and back, and one block of
    /// [`PREDICT_BLOCK`] images of an accuracy pass (each batch and block with the places of its
    /// nonzero pixels, about 4 bytes a pixel at most).
    pub fn memory_needed(&self) -> f64 {
        let (h, n) = (self.hidden_size as f64, self.batch_size as f64);
        let (input, output) = (IMAGE_SIZE as f64, CLASSES as f64);
        let params = input * h + h + h * output + output;
        let networks = 8.0 * params * 4.0;
        let batch = 8.0 * n * (4.0 * input + 6.0 * h + 6.0 * output) + 4.0 * n * input;
        let accuracy = 8.0 * PREDICT_BLOCK as f64 * (2.0 * input + 3.0 * h) + 4.0 * PREDICT_BLOCK as f64 * input;
        networks + batch + accuracy
    }
}

/// About how many bytes each iteration adds to a run: its loss kept (8), and its line of
/// history.csv and point of curves.svg, held before they are written.
pub const BYTES_PER_ITERATION: usize = 72;

/// The most memory a run started from the page may take.
pub const PAGE_MEMORY: f64 = 1e9;
/// The most iterations a run started from the page may have.
pub const PAGE_ITERS: usize = 100_000;
/// The same with the numerical gradient (each iteration takes seconds, with the defaults).
pub const PAGE_NUMERICAL_ITERS: usize = 100;

/// The largest `weight_init_std` accepted: beyond it the first scores overflow.
pub const MAX_INIT_STD: f64 = 1000.0;

/// A training setting. Its one name is the notes' (`iters_num`, …): `TrainConfig`'s field, the
/// page's JSON key, and, with dashes, every program's flag (`--iters-num`). [`Setting::ALL`] is
/// the table the flags of `train` and their `--help` lines, the keys of `POST /api/train` and
/// the page run's arguments are all read from, so that a setting is spelled once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    ItersNum,
    BatchSize,
    HiddenSize,
    LearningRate,
    WeightInitStd,
    Seed,
}

/// A setting's value, of its own kind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    /// A count: iterations, images, units.
    Whole(usize),
    /// A real number: the learning rate, the weights' spread.
    Number(f64),
    /// A seed of numpy's generator, 0 to 2³² − 1.
    Seed(u32),
}

impl fmt::Display for Value {
    /// As a flag's value; a number as `{:?}` writes it, which reads back as the same `f64`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Whole(n) => write!(f, "{n}"),
            Value::Number(x) => write!(f, "{x:?}"),
            Value::Seed(s) => write!(f, "{s}"),
        }
    }
}

impl Setting {
    /// Every setting, in the notes' order.
    pub const ALL: [Setting; 6] = [
        Setting::ItersNum,
        Setting::BatchSize,
        Setting::HiddenSize,
        Setting::LearningRate,
        Setting::WeightInitStd,
        Setting::Seed,
    ];

    /// The notes' name: `iters_num`, `batch_size`, …, also the page's JSON key.
    pub fn name(self) -> &'static str {
        match self {
            Setting::ItersNum => "iters_num",
            Setting::BatchSize => "batch_size",
            Setting::HiddenSize => "hidden_size",
            Setting::LearningRate => "learning_rate",
            Setting::WeightInitStd => "weight_init_std",
            Setting::Seed => "seed",
        }
    }

    /// The programs' flag: `--iters-num`, `--batch-size`, …
    pub fn flag(self) -> String {
        format!("--{}", self.name().replace('_', "-"))
    }

    /// What its flag is followed by in `--help`: `N` for a count or a seed, `X` for a number.
    pub fn metavar(self) -> &'static str {
        match self.get(&TrainConfig::default()) {
            Value::Number(_) => "X",
            Value::Whole(_) | Value::Seed(_) => "N",
        }
    }

    /// Its line of `train --help`, with the notes' default (`TrainConfig::default()`):
    /// `  --batch-size N       batch_size (default 100)`.
    pub fn help_line(self) -> String {
        let default = self.get(&TrainConfig::default());
        let what = match self {
            Setting::ItersNum => format!("iters_num (default {default}; {NUMERICAL_ITERS_NUM} with --numerical)"),
            Setting::Seed => format!("seed of the initial weights and every mini-batch (default {default})"),
            _ => format!("{} (default {default})", self.name()),
        };
        format!("  {:<20} {what}", format!("{} {}", self.flag(), self.metavar()))
    }

    /// Every setting's flag as `train`'s first line of `--help` shows it: `[--iters-num N] [--batch-size N] …`.
    pub fn synopsis() -> String {
        Setting::ALL.map(|s| format!("[{} {}]", s.flag(), s.metavar())).join(" ")
    }

    /// Its value in `config`.
    pub fn get(self, config: &TrainConfig) -> Value {
        match self {
            Setting::ItersNum => Value::Whole(config.iters_num),
            Setting::BatchSize => Value::Whole(config.batch_size),
            Setting::HiddenSize => Value::Whole(config.hidden_size),
            Setting::LearningRate => Value::Number(config.learning_rate),
            Setting::WeightInitStd => Value::Number(config.weight_init_std),
            Setting::Seed => Value::Seed(config.seed),
        }
    }

    /// `config` with this setting's value replaced by `value` (of the setting's kind, as
    /// [`get`](Self::get) gives it; another kind is a programmer's error).
    pub fn set(self, config: &mut TrainConfig, value: Value) {
        match (self, value) {
            (Setting::ItersNum, Value::Whole(n)) => config.iters_num = n,
            (Setting::BatchSize, Value::Whole(n)) => config.batch_size = n,
            (Setting::HiddenSize, Value::Whole(n)) => config.hidden_size = n,
            (Setting::LearningRate, Value::Number(x)) => config.learning_rate = x,
            (Setting::WeightInitStd, Value::Number(x)) => config.weight_init_std = x,
            (Setting::Seed, Value::Seed(s)) => config.seed = s,
            (setting, value) => panic!("{} cannot be set to {value:?}", setting.name()),
        }
    }
}

/// `iters_num` of the notes' first loop, the one with the numerical gradient (`train
/// --numerical`): 5, since each iteration takes two forward passes per parameter.
pub const NUMERICAL_ITERS_NUM: usize = 5;

/// The notes' settings for the loop of `method`: `TrainConfig::default()`, with
/// [`NUMERICAL_ITERS_NUM`] iterations for the numerical gradient. `make train`'s flags and the
/// page's keys start from these.
pub fn notes_config(method: Method) -> TrainConfig {
    let iters_num = if method == Method::Numerical { NUMERICAL_ITERS_NUM } else { TrainConfig::default().iters_num };
    TrainConfig { method, iters_num, ..TrainConfig::default() }
}

/// Why a [`TrainConfig`] cannot work: `learning_rate must be a positive number, not NaN`.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    pub setting: Setting,
    pub problem: String,
    /// What to do instead.
    pub hint: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.setting.name(), self.problem)
    }
}

impl std::error::Error for ConfigError {}

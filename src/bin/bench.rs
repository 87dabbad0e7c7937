//! `make bench` and `make bench-numpy`: how long the chapter's operations take here, as the median
//! and spread of several runs, and (with `--numpy PYTHON`) the notes' numpy code measured on the
//! same rows in the same invocation, with the ratio. Std only: no benchmark crate.

use backprop::lab::cli::{self, Args};
use backprop::lab::units::human_duration;
use backprop::matrix::Matrix;
use backprop::mnist::{CLASSES, IMAGE_SIZE};
use backprop::note;
use backprop::say;
use backprop::two_layer_net::{PREDICT_BLOCK, WEIGHT_INIT_STD};
use backprop::{Rng, TwoLayerNet};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const USAGE: &str = "bench [--runs N] [--numerical-runs N] [--train-runs N] [--numpy PYTHON] [--data DIR]
  Times gradient, loss, accuracy, numerical_gradient, each product of an iteration (beside the
  plain loop it equals, bit for bit), and the full default `train` run (wall time and peak
  memory), reporting median and min-max.
  --runs N            runs of the fast rows (default 200)
  --numerical-runs N  runs of numerical_gradient on a batch of 100 (default 3)
  --train-runs N      runs of the full 10000-iteration train binary (default 3)
  --numpy PYTHON      also run tests/reference/bench.py (the notes' numpy code, single-threaded
                      BLAS) with this python, and print both sides and the ratio
                      (the notes' training loop runs in turn with each of ours)
  --data DIR          folder with the MNIST files (default: this crate's data/)
";

/// The training steps taken before the rows are timed (bench.py takes as many).
const TRAINED_STEPS: usize = 2000;

/// The times of one row, in seconds.
struct Timing {
    median: f64,
    min: f64,
    max: f64,
}

impl Timing {
    fn of(mut seconds: Vec<f64>) -> Timing {
        seconds.sort_by(f64::total_cmp);
        Timing { median: seconds[seconds.len() / 2], min: seconds[0], max: seconds[seconds.len() - 1] }
    }
}

fn time(runs: usize, mut f: impl FnMut()) -> Timing {
    Timing::of(
        (0..runs.max(1))
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

/// A finished row: its timing and what else it reports (GFLOP/s, peak memory, accuracies).
struct Row {
    name: String,
    timing: Timing,
    note: String,
}

fn main() {
    let mut args = Args::from_env(USAGE);
    let runs = args.positive("--runs", 200);
    let numerical_runs = args.positive("--numerical-runs", 3);
    let train_runs = args.positive("--train-runs", 3);
    let python: Option<String> = args.opt("--numpy");
    let dir = cli::data_dir(&mut args);
    args.finish();
    let out = fresh_run_folder(); // first, so that an earlier bench's leftover goes at once
    say!("{}", machine_line());

    // The numpy side's rows first, so that both run in this one invocation on an otherwise equal
    // machine; its train runs come below, each beside one of ours.
    let mut numpy = python.as_ref().map(|python| run_numpy(python, &dir, runs, numerical_runs));

    let ((x_train, t_train), _) = cli::load_mnist_or_exit(&dir);
    let mut rng = Rng::new(1);
    let mut network = TwoLayerNet::new(IMAGE_SIZE, 50, CLASSES, WEIGHT_INIT_STD, &mut rng);
    let batch_mask = rng.choice(x_train.rows, 100);
    let (x, t) = (x_train.select_rows(&batch_mask), t_train.select_rows(&batch_mask));
    // Start from a state the run spends most of its time in: after 2000 of its 10000 steps,
    // ReLU's zeros (which the products skip) are 39% of its outputs (21% after 300, 43% at the end).
    for _ in 0..TRAINED_STEPS {
        let m = rng.choice(x_train.rows, 100);
        let grad = network.gradient(&x_train.select_rows(&m), &t_train.select_rows(&m));
        for (key, param) in network.params_mut() {
            param.sub_scaled(0.1, &grad[key]);
        }
    }

    let mut rows = Vec::new();
    let mut push = |name: &str, timing: Timing, note: String| {
        note!("  {name}: {}", human_duration(timing.median));
        rows.push(Row { name: name.to_string(), timing, note });
    };
    note!("measuring (runs: {runs}, numerical: {numerical_runs}, train: {train_runs})");
    push(
        "gradient",
        time(runs, || drop(black_box(network.gradient(&x, &t)))),
        "the notes' backward, Affine1's dx included".to_string(),
    );
    push(
        "loss",
        time(runs, || {
            black_box(network.loss(&x, &t));
        }),
        String::new(),
    );
    push(
        "accuracy",
        time((runs / 20).max(3), || {
            black_box(network.accuracy(&x_train, &t_train));
        }),
        format!("blocks of {PREDICT_BLOCK} images"),
    );
    push(
        "numerical_gradient",
        time(numerical_runs, || drop(black_box(network.numerical_gradient(&x, &t)))),
        "the notes' plain loop".to_string(),
    );

    // Each product of one iteration, on the operands the iteration really has.
    network.loss(&x, &t);
    let h = network.relu1.forward(&network.affine1.forward(&x)); // ReLU's output: Affine2's input
    let dout2 = network.last_layer.backward(1.0);
    let dout1 = network.relu1.backward(&network.affine2.backward(&dout2));
    let (w1, w2) = (&network.affine1.w, &network.affine2.w);
    let products: [(&str, &Matrix, &Matrix, bool); 6] = [
        ("dot_x·W1", &x, w1, false),
        ("dot_h·W2", &h, w2, false),
        ("dot_dout2·W2T", &dout2, &w2.transpose(), false),
        ("dot_hT·dout2", &h, &dout2, true),
        ("dot_xT·dout1", &x, &dout1, true),
        ("dot_dout1·W1T", &dout1, &w1.transpose(), false),
    ];
    for (name, a, b, transposed) in products {
        let timing = if transposed {
            time(runs, || drop(black_box(a.transpose().dot(b))))
        } else {
            time(runs, || drop(black_box(a.dot(b))))
        };
        // The plain loop on the same operands (the transpose included where the row has it),
        // which `dot` equals bit for bit: checked here too, on the operands timed.
        let plain = if transposed {
            time((runs / 10).max(3), || drop(black_box(a.transpose().dot_plain(b))))
        } else {
            time((runs / 10).max(3), || drop(black_box(a.dot_plain(b))))
        };
        let left = if transposed { a.transpose() } else { a.clone() };
        if left.dot_plain(b).data.iter().zip(&left.dot(b).data).any(|(x, y)| x != y) {
            cli::fail(format!("{name}: Matrix::dot differs from the plain loop"), "this is a bug in src/matrix/kernels.rs");
        }
        let (n, k, m) = if transposed { (a.cols, a.rows, b.cols) } else { (a.rows, a.cols, b.cols) };
        let flops = 2.0 * (n * k * m) as f64;
        let zeros = left.data.iter().filter(|&&v| v == 0.0).count() as f64 / left.data.len() as f64;
        let note = format!(
            "({n}x{k})·({k}x{m}), {:.1} GFLOP/s dense-equivalent, left side {:.0}% zeros; the plain loop {} ({:.1}x)",
            flops / timing.median / 1e9,
            100.0 * zeros,
            human_duration(plain.median),
            plain.median / timing.median
        );
        push(name, timing, note);
    }

    // The full default run, as a user starts it: the train binary next to this one.
    let train_bin = cli::binary_beside("train");
    let mut walls = Vec::new();
    // Peak memory as `train` prints it; systems without /proc do not say (then "n/a").
    let (mut peak, mut last_line) = (None::<f64>, String::new());
    let mut numpy_train = NumpyTrain::default();
    for run in 0..train_runs {
        note!("  train run {} of {train_runs}", run + 1);
        // The notes' loop and ours in turn, numpy first every other run: the machine is shared,
        // and a slower minute should fall on both sides alike.
        let numpy_first = run % 2 == 0;
        if let (Some(python), true) = (&python, numpy_first) {
            numpy_train.run(python, &dir);
        }
        let start = Instant::now();
        let output = Command::new(&train_bin).arg("--data").arg(&dir).arg("--out").arg(&out).output();
        let wall = start.elapsed().as_secs_f64();
        let text = match output {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
            Ok(o) => {
                cli::fail(format!("train failed: {}", String::from_utf8_lossy(&o.stderr).trim()), "run `make train` to see why")
            }
            Err(e) => cli::fail(format!("cannot run {}: {e}", train_bin.display()), "build it with `cargo build --release`"),
        };
        walls.push(wall);
        if let Some(mib) = text.lines().find_map(|l| l.strip_prefix("peak memory: ")?.strip_suffix(" MiB")?.parse::<f64>().ok()) {
            peak = Some(peak.map_or(mib, |p| p.max(mib)));
        }
        last_line = text.lines().rfind(|l| l.starts_with("train acc")).unwrap_or("").to_string();
        if let (Some(python), false) = (&python, numpy_first) {
            numpy_train.run(python, &dir);
        }
    }
    if let Some(numpy) = numpy.as_mut() {
        numpy.insert("train".to_string(), numpy_train.row());
    }
    let _ = std::fs::remove_dir_all(&out);
    let peak = peak.map_or("n/a".to_string(), |p| format!("{p:.1}"));
    push("train", Timing::of(walls), format!("peak {peak} MiB | {last_line}"));

    print_table(&rows, numpy.as_ref());
}

/// Runs tests/reference/bench.py and reads its `ROW name median min max [note]` lines.
fn run_numpy(python: &str, dir: &Path, runs: usize, numerical_runs: usize) -> BTreeMap<String, (Timing, String)> {
    let script: PathBuf = backprop::lab::settings::crate_dir().join("tests/reference/bench.py");
    note!("measuring the numpy reference ({python} {})", script.display());
    let output =
        run_python(python, Command::new(python).arg(&script).arg(dir).args([runs, numerical_runs].map(|n| n.to_string())));
    if !output.status.success() {
        cli::fail(
            {
                let said = String::from_utf8_lossy(&output.stderr);
                let last = said.trim().lines().last().unwrap_or("it printed nothing on stderr").to_string();
                format!("the numpy reference ({python}) failed, {}: {last}", output.status)
            },
            "run `make bench-numpy`, which installs numpy into target/venv",
        );
    }
    let mut rows = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        if let Some(info) = line.strip_prefix("INFO ") {
            say!("numpy reference: {info}");
        }
        let Some(rest) = line.strip_prefix("ROW ") else { continue };
        let mut fields = rest.splitn(5, ' ');
        let name = fields.next().unwrap_or("").to_string();
        let mut num = || fields.next().and_then(|f| f.parse::<f64>().ok()).unwrap_or(f64::NAN);
        let timing = Timing { median: num(), min: num(), max: num() };
        rows.insert(name, (timing, fields.next().unwrap_or("").to_string()));
    }
    rows
}

/// Runs `command`, a `python` one, with BLAS on one thread (bench.py sets the same itself) and
/// waits for its output; a python that cannot be started ends the bench.
fn run_python(python: &str, command: &mut Command) -> std::process::Output {
    for var in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] {
        command.env(var, "1");
    }
    command.output().unwrap_or_else(|e| {
        cli::fail(format!("cannot run {python}: {e}"), "run `make bench-numpy`, which sets up target/venv with numpy")
    })
}

/// The notes' own training loop (tests/reference/train_neuralnet.py, single-threaded BLAS) run
/// once at a time, between ours: its wall times, its peak memory and its last accuracy line.
#[derive(Default)]
struct NumpyTrain {
    walls: Vec<f64>,
    peak: f64,
    last_line: String,
}

impl NumpyTrain {
    fn run(&mut self, python: &str, dir: &Path) {
        let script = backprop::lab::settings::crate_dir().join("tests/reference/train_neuralnet.py");
        let output = run_python(python, Command::new(python).arg(&script).arg(dir));
        let text = String::from_utf8_lossy(&output.stdout);
        // Its last line: `wall 21.345 s, per iteration 2.1345 ms, peak 705.9 MiB`.
        let figures = text.lines().rfind(|l| l.starts_with("wall ")).and_then(|l| {
            let wall = l.strip_prefix("wall ")?.split(' ').next()?.parse::<f64>().ok()?;
            let peak = l.split(", peak ").nth(1)?.strip_suffix(" MiB")?.parse::<f64>().ok()?;
            Some((wall, peak))
        });
        let Some((wall, peak)) = figures.filter(|_| output.status.success()) else {
            let said = String::from_utf8_lossy(&output.stderr);
            let last = said.trim().lines().last().unwrap_or("it printed nothing on stderr").to_string();
            cli::fail(
                format!("the notes' training loop ({python} {}) failed, {}: {last}", script.display(), output.status),
                "run `make bench-numpy`, which installs numpy into target/venv",
            );
        };
        self.walls.push(wall);
        self.peak = self.peak.max(peak);
        self.last_line = text.lines().rfind(|l| l.starts_with("train acc")).unwrap_or("").to_string();
    }

    /// The `train` row as bench.py writes its rows: the timing, and `peak … MiB | last line`.
    fn row(self) -> (Timing, String) {
        (Timing::of(self.walls), format!("peak {:.1} MiB | {}", self.peak, self.last_line))
    }
}

/// What machine the figures come from: the CPU model, the cores, and whether the binaries were
/// built for this CPU's vector instructions (`make` sets `-C target-cpu=native`).
fn machine_line() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split_once(':')).map(|(_, m)| m.trim().to_string())
        })
        .or_else(|| {
            let out = Command::new("sysctl").args(["-n", "machdep.cpu.brand_string"]).output().ok()?;
            Some(String::from_utf8_lossy(&out.stdout).trim().to_string()).filter(|m| !m.is_empty())
        })
        .unwrap_or_else(|| "an unknown CPU".to_string());
    let native = option_env!("RUSTFLAGS").is_some_and(|f| f.contains("target-cpu=native"));
    let vectors = if cfg!(target_feature = "avx512f") {
        "AVX-512"
    } else if cfg!(target_feature = "avx2") {
        "AVX2"
    } else {
        "baseline SIMD"
    };
    format!(
        "machine: {model}, {} cores; built {} ({vectors})",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        if native { "with -C target-cpu=native" } else { "without -C target-cpu=native" }
    )
}

fn print_table(rows: &[Row], numpy: Option<&BTreeMap<String, (Timing, String)>>) {
    say!("");
    match numpy {
        None => say!("{:<20} {:>12} {:>24}  notes", "row", "median", "min - max"),
        Some(_) => say!("{:<20} {:>12} {:>12} {:>8}  {:>24}  notes", "row", "Rust", "numpy", "ratio", "Rust min - max"),
    }
    for row in rows {
        let t = &row.timing;
        let spread = format!("{} - {}", human_duration(t.min), human_duration(t.max));
        match numpy.and_then(|n| n.get(&row.name)) {
            None if numpy.is_some() => {
                say!("{:<20} {:>12} {:>12} {:>8}  {:>24}  {}", row.name, human_duration(t.median), "-", "-", spread, row.note)
            }
            None => say!("{:<20} {:>12} {:>24}  {}", row.name, human_duration(t.median), spread, row.note),
            Some((np, np_note)) => {
                say!(
                    "{:<20} {:>12} {:>12} {:>7.1}x  {:>24}  {}",
                    row.name,
                    human_duration(t.median),
                    human_duration(np.median),
                    np.median / t.median,
                    spread,
                    row.note
                );
                if row.name == "train" {
                    let (ours, theirs) = (peak_of(&row.note), peak_of(np_note));
                    say!(
                        "{:<20} {:>9.1} MiB {:>8.1} MiB {:>7.2}x  (peak memory, Rust / numpy)",
                        "train_peak_memory",
                        ours,
                        theirs,
                        ours / theirs
                    );
                    let accuracy_of = |note: &str| note.split_once(" | ").map(|(_, line)| line.to_string()).unwrap_or_default();
                    say!("{:<20} last accuracy line: Rust {}; numpy {}", "", accuracy_of(&row.note), accuracy_of(np_note));
                }
            }
        }
    }
    if numpy.is_some() {
        say!("ratio = numpy time / Rust time (above 1: Rust is faster). Times are medians.");
    }
}

/// The MiB figure of a `peak 92.1 MiB | …` note.
fn peak_of(note: &str) -> f64 {
    note.strip_prefix("peak ").and_then(|n| n.split(' ').next()).and_then(|n| n.parse().ok()).unwrap_or(f64::NAN)
}

/// A new, empty folder for the train runs' outputs, `target/bench/run-PID`, made here (so that
/// nothing planted there beforehand can redirect the writes); the folders of earlier benches
/// that are no longer running (interrupted) are removed first.
fn fresh_run_folder() -> PathBuf {
    let bench = backprop::lab::settings::target_dir("bench");
    backprop::lab::output::remove_dead_runs(&bench);
    let out = bench.join(format!("run-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&bench);
    std::fs::create_dir(&out).unwrap_or_else(|e| {
        cli::fail(format!("cannot make {}: {e}", out.display()), "remove it (a bench run's leftover) and run again")
    });
    out
}

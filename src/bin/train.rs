//! `make train` and `make train-numerical` (the book's train_neuralnet.py): the notes' training
//! loop on MNIST, printing the accuracy line each epoch and writing the curves.

use backprop::cli::{self, human_duration, Args};
use backprop::mnist::{CLASSES, IMAGE_SIZE};
use backprop::plot::curves_svg;
use backprop::train::{accuracy_line, epochs_csv, history_csv, iter_per_epoch, train, Event, Method, TrainConfig};
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

const USAGE: &str = "train [--numerical] [--iters N] [--batch-size N] [--hidden N] [--lr X] [--init-std X] [--seed N] [--limit N] [--data DIR] [--out DIR] [--save PATH [--overwrite]]
  The notes' training loop: mini-batch SGD of a 784-hidden-10 TwoLayerNet on MNIST.
  --numerical     use numerical_gradient instead of backprop (the notes' first loop; slow)
  --iters N       iters_num (default 10000; 5 with --numerical)
  --batch-size N  batch_size (default 100)
  --hidden N      hidden_size (default 50)
  --lr X          learning_rate (default 0.1)
  --init-std X    weight_init_std (default 0.01)
  --seed N        seed of the initial weights and every mini-batch (default 42)
  --limit N       use only the first N training and test images (quick runs, debugging)
  --data DIR      folder with the MNIST files (default: this crate's data/)
  --out DIR       where history.csv, epochs.csv, curves.svg and model.bin go
                  (default: target/train, or target/train-numerical with --numerical)
  --save PATH     save the trained network here instead of OUT/model.bin; an existing file
                  is kept unless --overwrite is given
";

fn main() {
    let mut args = Args::from_env(USAGE);
    let numerical = args.flag("--numerical");
    let defaults = TrainConfig::default();
    let config = TrainConfig {
        method: if numerical { Method::Numerical } else { Method::Backprop },
        iters_num: args.value("--iters", if numerical { 5 } else { defaults.iters_num }),
        batch_size: args.value("--batch-size", defaults.batch_size),
        hidden_size: args.value("--hidden", defaults.hidden_size),
        learning_rate: args.value("--lr", defaults.learning_rate),
        weight_init_std: args.value("--init-std", defaults.weight_init_std),
        seed: cli::seed(&mut args, defaults.seed),
    };
    let dir = cli::data_dir(&mut args);
    let out_dir = args.opt::<PathBuf>("--out").unwrap_or_else(|| {
        let name = if numerical { "train-numerical" } else { "train" };
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join(name)
    });
    let limit: Option<usize> = args.opt("--limit");
    let explicit_save: Option<PathBuf> = args.opt("--save");
    let overwrite = args.flag("--overwrite");
    args.finish();
    // The default model file is part of this run's output folder and is replaced with it; a path
    // the user names is never replaced unless they say so (checked now, not after training).
    let save_path = explicit_save.clone().unwrap_or_else(|| out_dir.join("model.bin"));
    if let Err(e) = backprop::params_file::may_write(&save_path, overwrite || explicit_save.is_none()) {
        cli::fail(&e, e.hint());
    }
    if limit == Some(0) {
        cli::fail("--limit must be at least 1", "try --limit 1000");
    }
    if let Err(e) = config.check() {
        cli::fail(format!("{}: {e}", e.setting.flag()), &e.hint);
    }

    let mut data = cli::load_mnist_or_exit(&dir);
    if let Some(n) = limit {
        let ((x_train, t_train), (x_test, t_test)) = data;
        data = ((x_train.first(n), t_train.slice_rows(0, n.min(t_train.rows))), (x_test.first(n), t_test.slice_rows(0, n.min(t_test.rows))));
    }
    let train_size = data.0 .0.rows;
    println!(
        "seed {} | TwoLayerNet {IMAGE_SIZE}-{}-{CLASSES} | {} iterations, batch {}, learning rate {}, {} | iter_per_epoch {}",
        config.seed,
        config.hidden_size,
        config.iters_num,
        config.batch_size,
        config.learning_rate,
        if numerical { "numerical gradient" } else { "backprop" },
        iter_per_epoch(train_size, config.batch_size)
    );

    let progress = Arc::new(Progress::new());
    let report = Arc::clone(&progress);
    let (mut numerical_seconds, mut backprop_seconds) = (Vec::new(), Vec::new());
    let start = Instant::now();
    let outcome = train(
        &config,
        &data,
        &mut |event| {
            match event {
                Event::Iteration { i, loss, gradient_seconds, backprop_seconds: backprop } => {
                    if let Some(b) = backprop {
                        progress.clear();
                        println!("iteration {i}: loss {loss:.6} (numerical gradient took {})", human_duration(gradient_seconds));
                        numerical_seconds.push(gradient_seconds);
                        backprop_seconds.push(b);
                    }
                }
                Event::Epoch { train_acc, test_acc, .. } => println!("{}", accuracy_line(train_acc, test_acc)),
            }
            ControlFlow::Continue(())
        },
        Arc::new(move |done, total| report.report(done, total)),
    );
    let total_seconds = start.elapsed().as_secs_f64();
    let history = &outcome.history;

    // Whatever happened, write what there is.
    let mut written = write_outputs(&out_dir, history, iter_per_epoch(train_size, config.batch_size));
    if let Some(diverged) = &outcome.diverged {
        eprintln!("wrote {}", written.join(", "));
        cli::fail(
            diverged,
            format!(
                "lower the learning rate (--lr {}), keep --init-std small (0.01), and make sure inputs are normalised to [0, 1]",
                config.learning_rate / 10.0
            ),
        );
    }

    match outcome.network.save_params(&save_path, overwrite || explicit_save.is_none()) {
        Ok(()) => written.push(save_path.display().to_string()),
        Err(e) => cli::fail(&e, e.hint()),
    }
    let ((x_train, t_train), (x_test, t_test)) = &data;
    let iterations = history.train_loss_list.len();
    println!(
        "final (after {iterations} iterations): train acc {:.4}, test acc {:.4}",
        outcome.network.accuracy(x_train, t_train),
        outcome.network.accuracy(x_test, t_test)
    );
    println!(
        "time: {} in all, {} per iteration (accuracy passes included)",
        human_duration(total_seconds),
        human_duration(total_seconds / iterations as f64)
    );
    if let Some(mib) = cli::peak_memory_mib() {
        println!("peak memory: {mib:.1} MiB");
    }
    if numerical {
        let per_numerical = numerical_seconds.iter().sum::<f64>() / numerical_seconds.len() as f64;
        let per_backprop = backprop_seconds.iter().sum::<f64>() / backprop_seconds.len() as f64;
        println!(
            "gradient per iteration, same batches: numerical {}, backprop {}: backprop is {:.0}x faster",
            human_duration(per_numerical),
            human_duration(per_backprop),
            per_numerical / per_backprop
        );
    }
    println!("wrote {}", written.join(", "));
}

/// Writes history.csv, epochs.csv and curves.svg into `dir`; returns their paths.
fn write_outputs(dir: &Path, history: &backprop::train::History, iter_per_epoch: usize) -> Vec<String> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        cli::fail(format!("cannot create the output folder {}: {e}", dir.display()), "pass --out DIR with a folder you can write to");
    }
    let files = [
        ("history.csv", history_csv(history)),
        ("epochs.csv", epochs_csv(history)),
        ("curves.svg", curves_svg(history, iter_per_epoch)),
    ];
    files
        .into_iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            if let Err(e) = std::fs::write(&path, text) {
                cli::fail(format!("cannot write {}: {e}", path.display()), "pass --out DIR with a folder you can write to");
            }
            path.display().to_string()
        })
        .collect()
}

/// The numerical gradient's progress: one line rewritten in place on a terminal, plain lines
/// (every 10%) otherwise.
struct Progress {
    tty: bool,
    /// When the current gradient started, and when (or at which tenth) we last printed.
    state: Mutex<(Instant, Instant, usize)>,
}

impl Progress {
    fn new() -> Progress {
        let now = Instant::now();
        Progress { tty: std::io::stderr().is_terminal(), state: Mutex::new((now, now, 0)) }
    }

    fn report(&self, done: usize, total: usize) {
        let mut state = self.state.lock().unwrap();
        let now = Instant::now();
        if done == 1 {
            *state = (now, now, 0);
        }
        let (started, last, tenth) = *state;
        let elapsed = now.duration_since(started).as_secs_f64();
        let eta = elapsed / done as f64 * (total - done) as f64;
        let line = format!(
            "numerical gradient: {done}/{total} parameters ({:.0}%), ETA {}",
            100.0 * done as f64 / total as f64,
            human_duration(eta)
        );
        if self.tty {
            if now.duration_since(last).as_secs_f64() > 0.2 || done == total {
                eprint!("\r{line}   ");
                let _ = std::io::stderr().flush();
                *state = (started, now, tenth);
            }
        } else if done * 10 / total > tenth {
            eprintln!("{line}");
            *state = (started, now, done * 10 / total);
        }
    }

    /// Ends the in-place line so the next print starts on a fresh one.
    fn clear(&self) {
        if self.tty {
            eprintln!();
        }
    }
}

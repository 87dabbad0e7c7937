//! `make train` and `make train-numerical` (the book's train_neuralnet.py): the notes' training
//! loop on MNIST, printing the accuracy line each epoch and writing the curves.

use backprop::cli::{self, human_duration, Args};
use backprop::output::{self, Outputs};
use backprop::params_file::to_bytes;
use backprop::say;
use backprop::note;
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
    if limit == Some(0) {
        cli::fail("--limit must be at least 1", "try --limit 1000");
    }
    cli::check_config(&config, "--batch-size");
    // Every output checked now, not after minutes of training: the folder can be written, and
    // nothing outside target/ is replaced without --overwrite.
    let save_path = explicit_save.unwrap_or_else(|| out_dir.join("model.bin"));
    let out_files = OUT_FILES.map(|name| out_dir.join(name));
    if let Err(e) = output::check_dir(&out_dir) {
        cli::fail(format!("--out: {e}"), &e.hint);
    }
    for path in out_files.iter().chain([&save_path]) {
        if let Err(e) = output::check(path, overwrite) {
            cli::fail(&e, &e.hint);
        }
    }
    if out_files.iter().any(|f| std::path::absolute(f).ok() == std::path::absolute(&save_path).ok()) {
        cli::fail(format!("--save {}: is one of this run's own outputs", save_path.display()), "choose another name for the model, e.g. model.bin");
    }

    let mut data = cli::load_mnist_or_exit(&dir);
    if let Some(n) = limit {
        let ((x_train, t_train), (x_test, t_test)) = data;
        data = ((x_train.first(n), t_train.slice_rows(0, n.min(t_train.rows))), (x_test.first(n), t_test.slice_rows(0, n.min(t_test.rows))));
    }
    let train_size = data.0 .0.rows;
    say!(
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
                        say!("iteration {i}: loss {loss:.6} (numerical gradient took {})", human_duration(gradient_seconds));
                        numerical_seconds.push(gradient_seconds);
                        backprop_seconds.push(b);
                    }
                }
                Event::Epoch { train_acc, test_acc, .. } => say!("{}", accuracy_line(train_acc, test_acc)),
            }
            ControlFlow::Continue(())
        },
        Arc::new(move |done, total| report.report(done, total)),
    );
    let total_seconds = start.elapsed().as_secs_f64();
    let history = &outcome.history;

    // Whatever happened, write what there is: the curves always, the model if it is a number.
    let texts = [history_csv(history), epochs_csv(history), curves_svg(history, iter_per_epoch(train_size, config.batch_size))];
    let mut outputs = Outputs::new();
    let mut staged = out_files.iter().zip(&texts).try_for_each(|(path, text)| outputs.write(path, text.as_bytes()));
    if outcome.diverged.is_none() {
        staged = staged.and_then(|()| outputs.write(&save_path, &to_bytes(&outcome.network)));
    }
    let written = staged.and_then(|()| outputs.commit()).unwrap_or_else(|e| cli::fail(&e, &e.hint));
    let written: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    if let Some(diverged) = &outcome.diverged {
        note!("wrote {}", written.join(", "));
        cli::fail(
            diverged,
            format!(
                "lower the learning rate (--lr {}), keep --init-std small (0.01), and make sure inputs are normalised to [0, 1]",
                config.learning_rate / 10.0
            ),
        );
    }

    let ((x_train, t_train), (x_test, t_test)) = &data;
    let iterations = history.train_loss_list.len();
    say!(
        "final (after {iterations} iterations): train acc {:.4}, test acc {:.4}",
        outcome.network.accuracy(x_train, t_train),
        outcome.network.accuracy(x_test, t_test)
    );
    say!(
        "time: {} in all, {} per iteration (accuracy passes included)",
        human_duration(total_seconds),
        human_duration(total_seconds / iterations as f64)
    );
    if let Some(mib) = cli::peak_memory_mib() {
        say!("peak memory: {mib:.1} MiB");
    }
    if numerical {
        let per_numerical = numerical_seconds.iter().sum::<f64>() / numerical_seconds.len() as f64;
        let per_backprop = backprop_seconds.iter().sum::<f64>() / backprop_seconds.len() as f64;
        say!(
            "gradient per iteration, same batches: numerical {}, backprop {}: backprop is {:.0}x faster",
            human_duration(per_numerical),
            human_duration(per_backprop),
            per_numerical / per_backprop
        );
    }
    say!("wrote {}", written.join(", "));
}

/// The files a run writes into its `--out` folder (beside the model).
const OUT_FILES: [&str; 3] = ["history.csv", "epochs.csv", "curves.svg"];

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
                let _ = write!(std::io::stderr(), "\r{line}   ");
                let _ = std::io::stderr().flush();
                *state = (started, now, tenth);
            }
        } else if done * 10 / total > tenth {
            let _ = writeln!(std::io::stderr(), "{line}");
            *state = (started, now, done * 10 / total);
        }
    }

    /// Ends the in-place line so the next print starts on a fresh one.
    fn clear(&self) {
        if self.tty {
            let _ = writeln!(std::io::stderr());
        }
    }
}

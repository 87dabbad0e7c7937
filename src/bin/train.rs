//! `make train` and `make train-numerical` (the book's train_neuralnet.py): the notes' training
//! loop on MNIST, printing the accuracy line each epoch and writing the curves.

use backprop::lab::cli::{self, Args};
use backprop::lab::json::Out;
use backprop::lab::output::{self, Outputs};
use backprop::lab::params_file::to_bytes;
use backprop::lab::plot::{curves_svg, epochs_csv, history_csv};
use backprop::lab::progress;
use backprop::lab::settings::{model_path, target_dir, Setting};
use backprop::lab::units::human_duration;
use backprop::mnist::{CLASSES, IMAGE_SIZE};
use backprop::note;
use backprop::say;
use backprop::train::accuracy_line;
use backprop::train::{iter_per_epoch, train, Event, Outcome};
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// `--help`: the training settings' lines come from their table (`Setting::ALL`), with the
/// notes' defaults.
fn usage() -> String {
    let settings: Vec<String> = Setting::ALL.iter().map(|s| s.help_line()).collect();
    format!(
        "train [--numerical] {} [--limit N] [--data DIR] [--out DIR] [--save PATH [--overwrite]]
  The notes' training loop: mini-batch SGD of a 784-hidden-10 TwoLayerNet on MNIST.
  --numerical          use numerical_gradient instead of backprop (the notes' first loop; slow)
{}
  --limit N            use only the first N training and test images (quick runs, debugging)
  --data DIR           folder with the MNIST files (default: this crate's data/)
  --out DIR            where history.csv, epochs.csv, curves.svg and model.bin go
                       (default: target/train, or target/train-numerical with --numerical)
  --save PATH          save the trained network here instead of OUT/model.bin; an existing
                       file is kept unless --overwrite is given
  --events             also print each iteration, epoch and progress estimate as a line of
                       JSON (for `make serve`, which runs the page's training this way)
",
        Setting::synopsis(),
        settings.join("\n")
    )
}

fn main() {
    output::help_if_asked(); // if this is the helper that puts a run's files in place
    let mut args = Args::from_env(usage());
    let numerical = args.flag("--numerical");
    let config = cli::train_config(&mut args, numerical);
    let dir = cli::data_dir(&mut args);
    let out_dir = args.opt::<PathBuf>("--out").unwrap_or_else(|| {
        if numerical {
            target_dir("train-numerical")
        } else {
            model_path().with_file_name("")
        }
    });
    let limit: Option<usize> = args.opt("--limit");
    let explicit_save: Option<PathBuf> = args.opt("--save");
    let overwrite = args.flag("--overwrite");
    let events = args.flag("--events");
    args.finish();
    if limit == Some(0) {
        cli::fail("--limit must be at least 1", "try --limit 1000");
    }
    cli::check_config(&config);
    // Every output checked now, not after minutes of training: the folder can be written, and
    // nothing outside target/ is replaced without --overwrite.
    let save_path = explicit_save.unwrap_or_else(|| out_dir.join("model.bin"));
    let out_files = OUT_FILES.map(|name| out_dir.join(name));
    // Started now, so that the probes below are removed like every temporary if a signal ends
    // this run while they are there.
    let mut outputs = Outputs::guarded();
    if let Err(e) = outputs.check_dir(&out_dir) {
        cli::fail(format!("--out: {e}"), &e.hint);
    }
    for path in out_files.iter().chain([&save_path]) {
        if let Err(e) = output::check(path, overwrite) {
            cli::fail(&e, &e.hint);
        }
    }
    // The outputs' size, roughly: the model's numbers, a line of history.csv and a point of
    // curves.svg per iteration, and room for the rest.
    // (config.check has refused what does not fit in memory, so this cannot overflow.)
    let output_bytes = 8 * config.param_count() + 64 * config.iters_num + 100_000;
    if let Err(e) = outputs.check_space(&out_dir, output_bytes) {
        cli::fail(&e, &e.hint);
    }
    if out_files.iter().any(|f| output::resolved(f) == output::resolved(&save_path)) {
        cli::fail(
            format!("--save {}: is one of this run's own outputs", save_path.display()),
            "choose another name for the model, e.g. model.bin",
        );
    }

    let mut data = cli::load_mnist_or_exit(&dir);
    if let Some(n) = limit {
        let ((x_train, t_train), (x_test, t_test)) = data;
        data = (
            (x_train.first(n), t_train.slice_rows(0, n.min(t_train.rows))),
            (x_test.first(n), t_test.slice_rows(0, n.min(t_test.rows))),
        );
    }
    let train_size = data.0 .0.rows;
    say!(
        "seed {} | TwoLayerNet {IMAGE_SIZE}-{}-{CLASSES} | {} iteration{}, batch {}, learning rate {:?}, {} | iter_per_epoch {}",
        config.seed,
        config.hidden_size,
        config.iters_num,
        if config.iters_num == 1 { "" } else { "s" },
        config.batch_size,
        config.learning_rate,
        if numerical { "numerical gradient" } else { "backprop" },
        iter_per_epoch(train_size, config.batch_size)
    );

    // A numerical gradient takes seconds and says nothing while it runs: a line on stderr shows
    // about how far it has got, estimated from the clock (lab::progress).
    // (the iteration whose gradient is being computed, since when)
    let iteration_started = Arc::new(Mutex::new((0, Instant::now())));
    let finished = Arc::new(AtomicBool::new(false));
    let ticker = numerical.then(|| {
        let per_gradient = progress::numerical_gradient_seconds(&config, &data.0 .0);
        let (started, finished, total) = (Arc::clone(&iteration_started), Arc::clone(&finished), config.param_count());
        *iteration_started.lock().unwrap() = (0, Instant::now());
        let iters = config.iters_num;
        std::thread::spawn(move || show_progress(&started, &finished, per_gradient, total, iters, events))
    });
    let mut numerical_seconds = Vec::new();
    let start = Instant::now();
    let mut trained = train(&config, &data, &mut |event| {
        if events {
            say!("{}", event_json(event));
        }
        if let (Event::Iteration { i, loss }, true) = (event, numerical) {
            let mut started = iteration_started.lock().unwrap();
            let seconds = started.1.elapsed().as_secs_f64();
            numerical_seconds.push(seconds);
            clear_progress_line();
            say!("iteration {i}: loss {loss:.6} (numerical gradient, update and loss took {})", human_duration(seconds));
            *started = (i + 1, Instant::now());
        }
        ControlFlow::Continue(())
    });
    let total_seconds = start.elapsed().as_secs_f64();
    finished.store(true, Ordering::Relaxed);
    if let Some(ticker) = ticker {
        let _ = ticker.join();
    }
    let history = &trained.history;

    // A run whose loss is not a number has no network worth keeping, and its curves beside an
    // earlier run's model would mix two runs: nothing is written, the folder stays as it was.
    if let Outcome::Diverged { at, loss } = trained.outcome {
        cli::fail(
            format!("the loss became {loss} at iteration {at}; training stopped, and nothing was written"),
            format!(
                "lower the learning rate (--learning-rate {:?}), keep --weight-init-std small (0.01), and make sure inputs are normalised to [0, 1]",
                config.learning_rate / 10.0
            ),
        );
    }
    let texts = [history_csv(history), epochs_csv(history), curves_svg(history, iter_per_epoch(train_size, config.batch_size))];
    let staged = out_files.iter().zip(&texts).try_for_each(|(path, text)| outputs.write(path, text.as_bytes()));
    let staged = staged.and_then(|()| outputs.write(&save_path, &to_bytes(&trained.network)));
    let written = staged.and_then(|()| outputs.commit()).unwrap_or_else(|e| cli::fail(&e, &e.hint));
    let written: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();

    let ((x_train, t_train), (x_test, t_test)) = &data;
    let iterations = history.train_loss_list.len();
    let (train_acc, test_acc) = (trained.network.accuracy(x_train, t_train), trained.network.accuracy(x_test, t_test));
    let plural = if iterations == 1 { "" } else { "s" };
    say!("final (after {iterations} iteration{plural}): train acc {train_acc:.4}, test acc {test_acc:.4}");
    if events {
        let finished = Out::new().str("type", "finished").int("iterations", iterations);
        say!(
            "{}",
            finished.num("train_acc", train_acc).num("test_acc", test_acc).str("model", &save_path.display().to_string()).done()
        );
    }
    if test_acc < 0.5 && iterations >= 300 {
        note!(
            "note: test accuracy {test_acc:.4} is far below the 0.97 the notes' settings reach (0.1 is a guess's); \
             the learning rate {:?} may be too large (the notes use 0.1)",
            config.learning_rate
        );
    }
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
        let per_backprop = backprop_seconds(&mut trained.network, &data, config.batch_size);
        say!(
            "gradient per iteration: numerical {}, backprop {} (on a batch of the same size): backprop is {:.0}x faster",
            human_duration(per_numerical),
            human_duration(per_backprop),
            per_numerical / per_backprop
        );
    }
    say!("wrote {}", written.join(", "));
}

/// The files a run writes into its `--out` folder (beside the model).
const OUT_FILES: [&str; 3] = ["history.csv", "epochs.csv", "curves.svg"];

/// How long one backprop `gradient` takes on the first `batch_size` training images (the median of 5).
fn backprop_seconds(network: &mut backprop::TwoLayerNet, data: &backprop::mnist::Dataset, batch_size: usize) -> f64 {
    let ((x_train, t_train), _) = data;
    let n = batch_size.min(x_train.rows);
    let (x, t) = (x_train.slice_rows(0, n), t_train.slice_rows(0, n));
    progress::median_seconds(5, || drop(std::hint::black_box(network.gradient(&x, &t))))
}

/// One event as a line of JSON (`--events`).
fn event_json(event: Event) -> String {
    match event {
        Event::Iteration { i, loss } => Out::new().str("type", "iteration").int("i", i).num("loss", loss).done(),
        Event::Epoch { i, train_acc, test_acc } => {
            let line = accuracy_line(train_acc, test_acc);
            Out::new()
                .str("type", "epoch")
                .int("i", i)
                .num("train_acc", train_acc)
                .num("test_acc", test_acc)
                .str("line", &line)
                .done()
        }
    }
}

/// Until the last gradient is done: the estimated progress of the current numerical gradient on stderr, one line
/// rewritten in place on a terminal, a plain line every 10 seconds otherwise; with `events`, a
/// line of JSON on stdout every quarter of a second.
fn show_progress(
    started: &Mutex<(usize, Instant)>,
    finished: &AtomicBool,
    per_gradient: f64,
    total: usize,
    iters: usize,
    events: bool,
) {
    let tty = std::io::stderr().is_terminal();
    let mut last_plain = Instant::now();
    while !finished.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(250));
        let (i, since) = *started.lock().unwrap();
        if i >= iters {
            return; // the last gradient is done
        }
        let (done, left) = progress::estimate(since, per_gradient, total);
        if events {
            say!("{}", Out::new().str("type", "progress").int("done", done).int("total", total).num("left", left).done());
            continue;
        }
        // Past the estimate the clock says nothing more about how far it is: say that instead.
        let line = if left > 0.0 {
            format!("numerical gradient: about {done}/{total} parameters, about {} left", human_duration(left))
        } else {
            format!(
                "numerical gradient: longer than the estimate of {} ({} so far), still working",
                human_duration(per_gradient),
                human_duration(since.elapsed().as_secs_f64())
            )
        };
        if tty {
            let _ = write!(std::io::stderr(), "\r{}   ", backprop::lab::messages::translate(&line));
        } else if last_plain.elapsed() > Duration::from_secs(10) {
            note!("{line}");
            last_plain = Instant::now();
        }
    }
}

/// Ends an in-place progress line, so that the next line starts on a fresh one.
fn clear_progress_line() {
    if std::io::stderr().is_terminal() {
        let _ = writeln!(std::io::stderr());
    }
}

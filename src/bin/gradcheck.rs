//! `make gradcheck` (the book's gradient_check.py): backprop against the numerical gradient on
//! the first 3 training images, for a 784-50-10 TwoLayerNet.

use backprop::cli::{self, human_duration, Args};
use backprop::gradient_check::compare;
use backprop::matrix::Rows;
use backprop::mnist::{CLASSES, IMAGE_SIZE};
use backprop::{Rng, TwoLayerNet};
use std::time::Instant;

const USAGE: &str = "gradcheck [--data DIR] [--batch N] [--hidden N] [--seed N]
  Compares backprop (TwoLayerNet::gradient) with the numerical gradient on the first
  training images, as the notes do, and exits 1 if any mean |diff| is above 1e-6.
  --data DIR    folder with the MNIST files (default: this crate's data/)
  --batch N     how many training images (default 3, as in the notes)
  --hidden N    hidden layer size (default 50)
  --seed N      seed of the initial weights (default 42)
";

/// The check fails if any parameter's mean |backprop - numerical| is above this.
///
/// Expect b2 near 1.4e-7, far above W1's 4e-10, and not because backprop is wrong: the notes'
/// cross_entropy_error takes ln(y + 1e-7), and that 1e-7 moves the numerical derivative of the
/// loss away from backprop's (y - t)/N (the exact derivative of the loss without it) by about
/// 1e-7/(y·N). b2's gradient is that very difference, so it shows there undiluted; with the delta
/// set to 0 the gap drops to ~1e-10 (tests/gradcheck.rs). A wrong backward is off by amounts of
/// the gradient's own size, far above 1e-6; the bound leaves room for the delta's effect.
const MAX_MEAN_ABS_DIFF: f64 = 1e-6;

fn main() {
    let mut args = Args::from_env(USAGE);
    let dir = cli::data_dir(&mut args);
    let batch = args.positive("--batch", 3);
    let hidden = args.positive("--hidden", 50);
    let seed: u64 = args.value("--seed", 42);
    args.finish();

    let ((x_train, t_train), _) = cli::load_mnist_or_exit(&dir);
    println!("seed {seed}; TwoLayerNet {IMAGE_SIZE}-{hidden}-{CLASSES}; the first {batch} training images");
    let network = TwoLayerNet::new(IMAGE_SIZE, hidden, CLASSES, 0.01, &mut Rng::new(seed));
    let x_batch = x_train.slice_rows(0, batch);
    let t_batch = t_train.slice_rows(0, batch);

    let start = Instant::now();
    let grad_numerical = network.numerical_gradient(&x_batch, &t_batch);
    let numerical_time = start.elapsed().as_secs_f64();

    let mut network = network;
    let start = Instant::now();
    let grad_backprop = network.gradient(&x_batch, &t_batch);
    let backprop_time = start.elapsed().as_secs_f64();

    let checks = compare(&grad_backprop, &grad_numerical);
    for c in &checks {
        println!("{}: mean |diff| {:.1e}   max rel {:.1e}", c.name, c.mean_abs_diff, c.max_rel);
    }
    println!(
        "numerical gradient {}, backprop {}: backprop is {:.0}x faster",
        human_duration(numerical_time),
        human_duration(backprop_time),
        numerical_time / backprop_time
    );
    println!(
        "(b2's larger difference is the notes' + 1e-7 inside the log of cross_entropy_error, which \
         shifts the numerical derivative; backprop's (y - t)/N is exact. See the README.)"
    );
    let bad: Vec<&str> = checks.iter().filter(|c| c.mean_abs_diff.is_nan() || c.mean_abs_diff > MAX_MEAN_ABS_DIFF).map(|c| c.name).collect();
    if !bad.is_empty() {
        eprintln!("gradient check FAILED: mean |diff| above {MAX_MEAN_ABS_DIFF:e} for {}", bad.join(", "));
        std::process::exit(1);
    }
    println!("gradient check passed: every mean |diff| is at most {MAX_MEAN_ABS_DIFF:e}");
}

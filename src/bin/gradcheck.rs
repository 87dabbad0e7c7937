//! `make gradcheck` (the book's gradient_check.py): backprop against the numerical gradient on
//! the first 3 training images, for a 784-50-10 TwoLayerNet.

use backprop::gradient_check::{compare, compare_away_from_kinks, kinks, ParamCheck};
use backprop::lab::cli::{self, Args};
use backprop::lab::settings::Setting;
use backprop::lab::units::human_duration;
use backprop::mnist::{CLASSES, IMAGE_SIZE};
use backprop::note;
use backprop::say;
use backprop::train::TrainConfig;
use backprop::two_layer_net::WEIGHT_INIT_STD;
use backprop::{Rng, TwoLayerNet};
use std::time::Instant;

const USAGE: &str = "gradcheck [--data DIR] [--batch-size N] [--hidden-size N] [--seed N]
  Compares backprop (TwoLayerNet::gradient) with the numerical gradient on the first
  training images, as the notes do (mean |diff|), and exits 1 if for any parameter the mean
  |diff| relative to the mean |grad| is above 1e-4.
  --data DIR       folder with the MNIST files (default: this crate's data/)
  --batch-size N   how many training images (default 3, as in the notes)
  --hidden-size N  hidden_size of the TwoLayerNet (default 50)
  --seed N         seed of the initial weights (default 42)
";

/// The check fails if, for any parameter, `mean |backprop - numerical| / mean |backprop|` is
/// above this.
///
/// Measured, that ratio is about 1e-6 for all four parameters: the notes' cross_entropy_error
/// takes ln(y + 1e-7), so the loss the numerical gradient differentiates is not quite the one
/// whose exact derivative backprop computes, (y - t)/N. Its derivative is backprop's times
/// y/(y + 1e-7), every entry shifted by the same relative 1e-7/y ≈ 1e-6 (y ≈ 0.1 for an untrained
/// net). b2's *absolute* figure (1.4e-7, the notes' largest) is the largest only because b2's
/// gradient is the largest; relatively it is no worse than W1's. With the delta set to 0 the gap
/// all but vanishes (tests/gradcheck.rs). A wrong backward is off by amounts of the gradient's
/// own size, a ratio near 1; 1e-4 leaves room for the delta's effect on any batch.
const MAX_RELATIVE: f64 = 1e-4;

fn main() {
    let mut args = Args::from_env(USAGE);
    let dir = cli::data_dir(&mut args);
    let batch = args.positive(&Setting::BatchSize.flag(), 3);
    let hidden = args.positive(&Setting::HiddenSize.flag(), TrainConfig::default().hidden_size);
    let seed = cli::seed(&mut args, TrainConfig::default().seed);
    args.finish();

    // The same size checks as training's (a network this large, a batch this large, must fit).
    cli::check_config(&TrainConfig { hidden_size: hidden, batch_size: batch, ..TrainConfig::default() });
    let ((x_train, t_train), _) = cli::load_mnist_or_exit(&dir);
    if batch > x_train.rows {
        cli::fail(
            format!("--batch-size {batch}: there are only {} training images", x_train.rows),
            "the notes use the first 3: --batch-size 3",
        );
    }
    say!("seed {seed}; TwoLayerNet {IMAGE_SIZE}-{hidden}-{CLASSES}; the first {batch} training images");
    let mut network = TwoLayerNet::new(IMAGE_SIZE, hidden, CLASSES, WEIGHT_INIT_STD, &mut Rng::new(seed));
    let x_batch = x_train.slice_rows(0, batch);
    let t_batch = t_train.slice_rows(0, batch);

    let start = Instant::now();
    let grad_numerical = network.numerical_gradient(&x_batch, &t_batch);
    let numerical_time = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let grad_backprop = network.gradient(&x_batch, &t_batch);
    let backprop_time = start.elapsed().as_secs_f64();

    let checks = compare(&grad_backprop, &grad_numerical);
    for c in &checks {
        say!(
            "{}: mean |diff| {:.1e}   relative to mean |grad| {:.1e}   max rel {:.1e}",
            c.name,
            c.mean_abs_diff,
            c.relative,
            c.max_rel
        );
    }
    say!(
        "numerical gradient {}, backprop {}: backprop is {:.0}x faster",
        human_duration(numerical_time),
        human_duration(backprop_time),
        numerical_time / backprop_time
    );
    // What the figures above say, read off this run's figures (not the notes'): which mean |diff|
    // is largest, whether its gradient is the largest too, and how alike the relative figures are.
    let largest = |by: fn(&ParamCheck) -> f64| checks.iter().max_by(|a, b| by(a).total_cmp(&by(b))).map_or("", |c| c.name);
    let (diff_max, grad_max) = (largest(|c| c.mean_abs_diff), largest(|c| c.mean_abs_diff / c.relative));
    let relative = checks.iter().map(|c| c.relative);
    let (low, high) = (relative.clone().fold(f64::INFINITY, f64::min), relative.fold(0.0, f64::max));
    if diff_max == grad_max {
        say!("({diff_max}'s mean |diff| is the largest, and so is its mean |grad|: relative to the gradient the four lie between {low:.1e} and {high:.1e}. See the README.)");
    } else {
        say!("({diff_max}'s mean |diff| is the largest, while {grad_max}'s mean |grad| is: relative to the gradient the four lie between {low:.1e} and {high:.1e}. See the README.)");
    }
    // Entries whose central difference crosses ReLU's kink are judged apart: there the numerical
    // gradient is wrong, not backprop (about one seed in five has some, with the defaults).
    let judged = compare_away_from_kinks(&grad_backprop, &grad_numerical, &kinks(&network, &x_batch));
    let kinked: Vec<String> = judged.iter().filter(|c| c.kinked > 0).map(|c| format!("{}: {}", c.name, c.kinked)).collect();
    if !kinked.is_empty() {
        say!(
            "{} entries ({}) move a hidden unit's input across 0 within the step h = 1e-4: ReLU's kink lies inside their \
             central difference, so the numerical gradient is wrong there, not backprop. Judged without them:",
            judged.iter().map(|c| c.kinked).sum::<usize>(),
            kinked.join(", ")
        );
        for c in judged.iter().filter(|c| c.kinked > 0) {
            say!("{}: relative to mean |grad| {:.1e} without its kinked entries ({})", c.name, c.relative, c.kinked);
        }
    }
    let bad: Vec<&str> = judged.iter().filter(|c| c.relative.is_nan() || c.relative > MAX_RELATIVE).map(|c| c.name).collect();
    if !bad.is_empty() {
        note!("gradient check FAILED: mean |diff| / mean |grad| above {MAX_RELATIVE:e} for {}", bad.join(", "));
        std::process::exit(1);
    }
    say!("gradient check passed: every mean |diff| / mean |grad| is at most {MAX_RELATIVE:e}");
}

//! How far one numerical gradient has got. The chapter's `numerical_gradient` is the notes' plain
//! loop and reports nothing while it runs (about 10 s for one batch of 100); this estimates its
//! progress from the clock instead: one gradient costs two `loss` evaluations per parameter,
//! and one `loss` on a batch of the same size is timed before training starts.

use crate::matrix::Matrix;
use crate::mnist::{Images, CLASSES, IMAGE_SIZE};
use crate::rng::Rng;
use crate::train::TrainConfig;
use crate::two_layer_net::TwoLayerNet;
use std::time::Instant;

/// About how many seconds one numerical gradient takes with `config`'s sizes on this machine:
/// 2 × (number of parameters) × the time of one `loss` (the median of a few).
pub fn numerical_gradient_seconds(config: &TrainConfig, x_train: &Images) -> f64 {
    let mut net = TwoLayerNet::new(IMAGE_SIZE, config.hidden_size, CLASSES, config.weight_init_std, &mut Rng::new(0));
    let rows: Vec<usize> = (0..config.batch_size).map(|i| i % x_train.rows).collect();
    let (x, t) = (x_train.select_rows(&rows), Matrix::zeros(config.batch_size, 1));
    2.0 * config.param_count() as f64
        * median_seconds(5, || {
            std::hint::black_box(net.loss(&x, &t));
        })
}

/// How long `f` takes: the median of `runs` timings.
pub fn median_seconds(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The estimate for one gradient that started at `started`: the parameters done of `total`
/// (never all of them before the gradient really ends) and the seconds left.
pub fn estimate(started: Instant, per_gradient: f64, total: usize) -> (usize, f64) {
    let elapsed = started.elapsed().as_secs_f64();
    let done = ((elapsed / per_gradient).min(0.99) * total as f64) as usize;
    (done, (per_gradient - elapsed).max(0.0))
}

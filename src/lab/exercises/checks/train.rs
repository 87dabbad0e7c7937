//! 연습 10: the learner's training loop on their own layers prints the notes' lines: the first 4
//! by default, all 17 with `--full`.
use crate::prelude::*;
use crate::train::train;

/// What the notes' numpy code prints with np.random.seed(42) (make compare-numpy shows it).
const NOTES: [&str; 17] = [
    "train acc, test acc | 0.10226666666666667, 0.1009",
    "train acc, test acc | 0.9036166666666666, 0.9055",
    "train acc, test acc | 0.9244666666666667, 0.9254",
    "train acc, test acc | 0.9370666666666667, 0.9368",
    "train acc, test acc | 0.9437666666666666, 0.9424",
    "train acc, test acc | 0.95245, 0.951",
    "train acc, test acc | 0.9548833333333333, 0.9529",
    "train acc, test acc | 0.9593833333333334, 0.957",
    "train acc, test acc | 0.96375, 0.9596",
    "train acc, test acc | 0.96675, 0.9601",
    "train acc, test acc | 0.96825, 0.9631",
    "train acc, test acc | 0.9701, 0.9655",
    "train acc, test acc | 0.9714166666666667, 0.9647",
    "train acc, test acc | 0.9726833333333333, 0.9663",
    "train acc, test acc | 0.9753166666666667, 0.9672",
    "train acc, test acc | 0.9756333333333334, 0.968",
    "train acc, test acc | 0.9778333333333333, 0.9699",
];

/// Exercise 10's check: the notes' first 4 lines (1801 iterations, a few seconds) unless the
/// full 10000 iterations and 17 lines are asked for (`make exercise ARGS=--full`).
pub fn check() -> Check {
    let options = backprop::mnist::Load { normalize: true, one_hot_label: true, ..Default::default() };
    let Ok(data) = backprop::mnist::load_mnist(&backprop::lab::settings::data_dir(), options) else {
        return fail("MNIST (make data)", "data/의 파일 넷 · the four files in data/", "missing: run `make data`");
    };
    // Lines come at i = 0, 600, 1200, …: 1801 iterations print the first 4.
    let (iters_num, expected) = if full() { (10000, 17) } else { (1801, 4) };
    let lines = train(&data, iters_num);
    for (k, (got, notes)) in lines.iter().zip(NOTES).enumerate() {
        if got != notes {
            return fail(&format!("에폭 · epoch {k} (line {} of {expected})", k + 1), notes, got);
        }
    }
    if lines.len() != expected {
        let what = format!("{iters_num}번 반복 뒤 줄 수 (에폭마다 한 줄: i % iter_per_epoch == 0) · how many lines after {iters_num} iterations (one per epoch: i % iter_per_epoch == 0)");
        return fail(&what, expected, lines.len());
    }
    Ok(())
}

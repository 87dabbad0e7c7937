//! The functions the layers are built from: the notes' `softmax` and `cross_entropy_error` (the
//! book's `common/functions.py`). The numerical gradient is in [`gradient`](crate::gradient).

use crate::matrix::Matrix;

/// The `1e-7` the notes add inside the log of `cross_entropy_error`, so that a predicted
/// probability of exactly 0 gives a large finite loss instead of `-ln 0 = inf`.
pub const CROSS_ENTROPY_DELTA: f64 = 1e-7;

/// The logistic sigmoid `1 / (1 + exp(-x))`.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Row-wise softmax: `y[i, j] = exp(x[i, j] - max_i) / Σ_k exp(x[i, k] - max_i)`.
/// Each row of the result is a probability distribution (entries in [0, 1], summing to 1).
pub fn softmax(x: &Matrix) -> Matrix {
    // Subtracting each row's max leaves the result unchanged (it cancels in the ratio) but keeps
    // every exponent ≤ 0, so exp(1000) never overflows to inf.
    let exp = x.with_column(&x.max_of_each_row(), |v, max| v - max).map(f64::exp);
    exp.with_column(&exp.sum_of_each_row(), |e, sum| e / sum)
}

/// Cross-entropy error of predictions `y` (N, C) against targets `t`, averaged over the batch:
/// `E = -(1/N) Σ_i ln(y[i, t_i] + 1e-7)`, `t_i` the label of row `i`.
///
/// `t` is either one-hot (N, C), as `load_mnist(one_hot_label=True)` gives (its labels are
/// `t.argmax(axis=1)`, as the notes take them), or a column of label indices (N, 1), as with
/// `one_hot_label=False`.
pub fn cross_entropy_error(y: &Matrix, t: &Matrix) -> f64 {
    cross_entropy_error_with_delta(y, t, CROSS_ENTROPY_DELTA)
}

/// [`cross_entropy_error`] with the notes' `1e-7` replaced by `delta` (tests use 0 to show
/// how much of the numerical gradient's difference from backprop that constant causes).
pub fn cross_entropy_error_with_delta(y: &Matrix, t: &Matrix, delta: f64) -> f64 {
    assert!(
        t.shape() == y.shape() || t.shape() == (y.rows, 1),
        "cross_entropy_error: targets of shape {:?} fit neither one-hot ({:?}) nor labels ({}, 1)",
        t.shape(),
        y.shape(),
        y.rows
    );
    let batch_size = y.rows as f64;
    // Dividing by N makes the loss (and so the gradient and a good learning rate) independent
    // of the batch size.
    -(0..y.rows).map(|i| (y[(i, label(t, i))] + delta).ln()).sum::<f64>() / batch_size
}

/// The class index of row `i` of targets `t`: the position of the 1 in a one-hot row, or the
/// value itself in a (N, 1) column of labels.
pub fn label(t: &Matrix, i: usize) -> usize {
    if t.cols == 1 {
        t[(i, 0)] as usize
    } else {
        t.argmax_row(i)
    }
}

/// Targets as one-hot rows (N, classes): a (N, 1) column of labels becomes one-hot, as
/// `load_mnist(one_hot_label=True)` would have given them; one-hot targets come back as they are.
pub fn one_hot(t: &Matrix, classes: usize) -> Matrix {
    if t.cols == classes {
        return t.clone();
    }
    let mut one_hot = Matrix::zeros(t.rows, classes);
    for i in 0..t.rows {
        one_hot[(i, label(t, i))] = 1.0;
    }
    one_hot
}
